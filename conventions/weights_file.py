"""The weights file: one HDF5 file that both twins load bit for bit.

Layout of the file (format "dl-parity-weights", version 2):

    /                  attrs: format "dl-parity-weights", version 2, dtype "float32"|"float64",
                              layer_sizes [n_0, ..., n_L] (positive integers),
                              activations [L names from conventions.vocabulary.ACTIVATIONS],
                              groups [names of the extra groups the file holds, possibly none]
    /parameters/W1 ... /parameters/bL      arrays in the COURSE layout (W: (n_l, n_{l-1}), b: (n_l, 1)),
                                           all of the declared dtype, finite; b{l} may be absent
                                           only for a layer a group stands in for (below)
    /<group>/...                           optional extra groups, each one REGISTERED (below), e.g.
                                           /optimizer/v_dW1 ... with attribute t (conventions.optimizer_state)

The bias rule: every layer l has its W{l}; its b{l} may be missing exactly when an extra group
registered with `bias_free` names layer l -- today /batchnorm, for a layer that normalises its
Z{l} (gamma{l}, beta{l}, running_mean{l}, running_var{l}): beta{l} is that layer's shift, so the
course's batch-normalised network (b{l} dropped for the hidden layers, b{L} kept) is stored
as it is. A b{l} missing at a layer no such group names is still an error naming it; a b{l}
present beside batch norm is allowed (a Keras Dense with its bias). The group's arrays are
checked against the rows of W{l}, never against b{l}.

Nothing else may be in the file: no other attribute, array or group, no link of any kind (soft,
external, user-defined, or one object under two names), no attribute on an array.

Loading (`load_parameters`) returns data only when every check holds; otherwise it raises
`WeightsFileError` (a ValueError) whose message starts with the file's path and names the problem
in words: not an HDF5 file / truncated (with how many bytes of how many) / a directory / empty /
text, not a dl-parity weights file, a newer format version, a missing or mistyped attribute, a
missing, extra or non-numeric array, an array whose dtype differs from the declared one, a shape
that does not fit `layer_sizes`, an activation outside the vocabulary, a non-finite value (with its
first index), a link. Links are inspected (`conventions.h5_reading.member`), never followed; every
array's dtype, shape and storage are checked before it is read, so nothing larger than the declared
shape is read. Nothing is returned from a file that fails any check.

Extra groups: `register_group(name, validate, store)` -- the module that owns a group's
convention registers it; `validate(group, parameters)` reads the group through a `GroupView`
(`group.array(name, shape)`, `group.integer(name)`, ...) and returns its plain value; `store(value)`
gives the arrays and attributes to write. The same `validate` checks the arguments of
`save_parameters` (through a view over memory), so a file is written only if it would load back.
An unregistered group, or an array/attribute of a group that `validate` did not read, is an error.
Registered today: "optimizer" (conventions.optimizer_state), "batchnorm" (gamma, beta and the
running statistics of batch-normalised layers, conventions.batchnorm_state), "dropout" (the
masks D1 ... D{L-1} of a dropout forward pass, conventions.dropout_masks) and "training" (the
epochs done of a mini-batch run, conventions.minibatch_training, beside /optimizer in a
checkpoint). Others join with one call in the module that owns them, and one entry in
`GROUP_MODULES` so that loading imports it.

What a file may hold and its inspection before any array is read (the format's constants, root
attributes, links, the group views) are in conventions.weights_inspection; this module reads and
writes.

Writing is atomic (conventions.atomic): a temporary file in the same directory is written, flushed
and renamed over the target, so a failure never leaves a half-written file or a temporary behind.
The saver stores each array with a Fletcher-32 checksum and the file in HDF5's newer format
(superblock v3, object headers with checksums), so a damaged byte is detected, not loaded.
"""

import importlib
import os
from dataclasses import dataclass, field

import numpy as np

from conventions import h5_reading
from conventions.atomic import atomic_h5
from conventions.h5_reading import Problem
from conventions.vocabulary import ACTIVATIONS
from conventions.weights_inspection import (  # noqa: F401  (the format's names, importable here)
    DTYPES,
    FORMAT,
    MAX_LAYERS,
    OLDEST_VERSION,
    PARAMETERS,
    ROOT_ATTRIBUTES,
    VERSION,
    GroupView,
    check_structure,
    memory_group,
    read_root_attributes,
)

# Modules that register groups; imported on first use, so the loader knows every group.
GROUP_MODULES = ("conventions.optimizer_state", "conventions.batchnorm_state",
                 "conventions.dropout_masks", "conventions.minibatch_training")

_GROUPS = {}
_BIAS_FREE = {}     # {group: bias_free(array_names) -> layers whose b may be absent}


class WeightsFileError(h5_reading.FileFormatError):
    """A weights file (or a call of `save_parameters`) that breaks the format; the message starts
    with the file's path."""


class ArchitectureMismatch(WeightsFileError):
    """The file's network is not the one the caller expects."""


@dataclass
class WeightsFile:
    parameters: dict
    layer_sizes: list
    activations: list
    dtype: np.dtype
    extras: dict = field(default_factory=dict)


def register_group(name, validate, store, bias_free=None):
    """Register the extra group `name`.

    validate(group: GroupView, parameters: dict) -> value   reads and checks the group, returns
        its plain value (what `WeightsFile.extras[name]` holds); raises ValueError in words.
    store(value) -> (arrays: {name: ndarray}, attributes: {name: int|float|str})   what
        `save_parameters(..., extras={name: value})` writes; raises ValueError/TypeError in words.
    bias_free(array_names) -> set of layers   optional: the layers l whose b{l} may be absent
        because the group (holding these arrays) stands in for it; must not raise on odd names
        (validate reports them).
    """
    if name == PARAMETERS or not name.isidentifier():
        raise ValueError(f"register_group: {name!r} cannot name an extra group")
    _GROUPS[name] = (validate, store)
    if bias_free is not None:
        _BIAS_FREE[name] = bias_free


def registered_groups():
    """{name: (validate, store)} of every registered extra group."""
    for module in GROUP_MODULES:
        importlib.import_module(module)
    return dict(_GROUPS)


# --- the parameters: shared by the loader and the saver -----------------------------------------
def _parameter_names(L):
    return [f"{kind}{l}" for l in range(1, L + 1) for kind in ("W", "b")]


def _bias_free_layers(group_arrays):
    """{group: array names} -> {layer: group} for the layers whose b{l} may be absent."""
    registered_groups()
    layers = {}
    for name, arrays in group_arrays.items():
        if name in _BIAS_FREE:
            for l in _BIAS_FREE[name](list(arrays)):
                layers.setdefault(l, name)
    return layers


def _read_parameters(view, sizes, bias_free=None):
    """W1..WL, b1..bL through `view`, checked against sizes [n_0, ..., n_L]; b{l} may be absent
    for the layers of `bias_free` ({layer: group standing in for it}, the bias rule)."""
    L = len(sizes) - 1
    bias_free = bias_free or {}
    expected = _parameter_names(L)
    for name in view.arrays():
        if name not in expected:
            raise Problem(f"unexpected array {view.label(name)} (the network has {L} layers, "
                          f"{sizes}: arrays {', '.join(expected)})")
    if view.attributes():
        raise Problem(f"unexpected attribute {view.attributes()[0]!r} on '{view.name}'")
    parameters = {}
    why = f" for layer_sizes {sizes}"
    for l in range(1, L + 1):
        parameters[f"W{l}"] = view.array(f"W{l}", (sizes[l], sizes[l - 1]), why)
        if l in bias_free and f"b{l}" not in view.arrays():
            continue                            # the bias rule: group bias_free[l] stands in
        parameters[f"b{l}"] = view.array(f"b{l}", (sizes[l], 1), why)
    return parameters


def _read_groups(groups, parameters):
    """{name: view} of extra groups -> {name: value}, each through its registered `validate`."""
    registry = registered_groups()
    extras = {}
    for name, view in groups.items():
        if name not in registry:
            known = ", ".join([PARAMETERS, *sorted(registry)])
            raise Problem(f"unexpected group '{name}' (known groups: {known})")
        try:
            extras[name] = registry[name][0](view, parameters)
        except Problem:
            raise
        except (ValueError, TypeError, KeyError) as error:
            message = error.args[0] if isinstance(error, KeyError) and error.args else error
            raise Problem(f"group '{name}': {message}") from None
        for unread in view.unread():
            if unread.startswith("@"):
                raise Problem(f"unexpected attribute {unread[1:]!r} on '{name}'")
            raise Problem(f"unexpected array {view.label(unread)}")
    return extras


# --- loading --------------------------------------------------------------------------------------
def load_parameters(path, layer_sizes=None, activations=None):
    """Read a weights file; returns a `WeightsFile` with course-layout arrays of the file's dtype
    and `extras` {group: value} from the registered groups.

    layer_sizes / activations: when given, the file must describe exactly that network;
    otherwise `ArchitectureMismatch` names the first differing layer and both shapes.
    Any other problem: `WeightsFileError` (see the module docstring).
    """
    try:
        with h5_reading.opened(path) as f:
            weights = _read_file(f)
    except Problem as problem:
        raise WeightsFileError(f"{path}: {problem}") from None
    except h5_reading.H5PY_ERRORS as error:        # HDF5 failed inside a damaged file
        raise WeightsFileError(f"{path}: is damaged: HDF5 cannot read it "
                               f"({type(error).__name__}: {error})") from error
    if layer_sizes is not None:
        _check_architecture(path, list(layer_sizes), weights.layer_sizes)
    if activations is not None and list(activations) != weights.activations:
        for l, (want, got) in enumerate(zip(activations, weights.activations), start=1):
            if want != got:
                raise ArchitectureMismatch(
                    f"{path}: layer {l}: expected activation {want!r}, file has {got!r}")
        raise ArchitectureMismatch(
            f"{path}: expected activations {list(activations)}, file has {weights.activations}")
    return weights


def _read_file(f):
    dtype, sizes, file_activations, listed = read_root_attributes(f)
    groups = check_structure(f, dtype)
    registry = registered_groups()
    for name in groups:
        if name != PARAMETERS and name not in registry:
            known = ", ".join([PARAMETERS, *sorted(registry)])
            raise Problem(f"unexpected group '{name}' (known groups: {known})")
        if name != PARAMETERS and name not in listed:
            raise Problem(f"group '{name}' is not listed in the attribute 'groups' {listed}")
    for name in listed:
        if name not in groups:
            raise Problem(f"missing group '/{name}' (listed in the attribute 'groups')")
    bias_free = _bias_free_layers({name: view.arrays() for name, view in groups.items()
                                   if name != PARAMETERS})
    parameters = _read_parameters(groups.pop(PARAMETERS), sizes, bias_free)
    extras = _read_groups(groups, parameters)
    return WeightsFile(parameters, sizes, file_activations, dtype, extras)


def _check_architecture(path, expected, found):
    if len(expected) != len(found):
        raise ArchitectureMismatch(
            f"{path}: expected {len(expected) - 1} layers {expected}, "
            f"file has {len(found) - 1} layers {found}")
    for l in range(1, len(expected)):
        want = (expected[l], expected[l - 1])
        got = (found[l], found[l - 1])
        if want != got:
            raise ArchitectureMismatch(f"{path}: layer {l}: expected W{l} of shape {want}, file has {got}")


# --- saving ---------------------------------------------------------------------------------------
def save_parameters(path, parameters, activations, extras=None):
    """Write `parameters` (W1, b1, ..., WL, bL; course layout) and the per-layer `activations`.

    extras: optional {group: value} for registered groups, e.g. {"optimizer": {"v": v, "s": s,
    "t": t}} (conventions.optimizer_state). The arguments are checked as the loader checks a file
    (every W with its b -- or, by the bias rule, without it at a layer extras["batchnorm"]
    normalises --, chaining shapes, one float dtype, finite values, activations from the
    vocabulary, each group through its registered `validate`); any problem raises
    `WeightsFileError` naming `path`, and nothing is written.
    """
    try:
        stored = _check_arguments(path, parameters, activations, extras)
    except Problem as problem:
        raise WeightsFileError(f"{path}: not saved: {problem}") from None
    dtype, sizes, activations, groups = stored
    try:
        with atomic_h5(path, libver=("v110", "latest")) as f:
            f.attrs.create("format", np.bytes_(FORMAT))
            f.attrs.create("version", np.int64(VERSION))
            f.attrs.create("dtype", np.bytes_(dtype.name))
            f.attrs.create("layer_sizes", np.asarray(sizes, dtype=np.int64))
            f.attrs.create("activations", np.asarray([a.encode() for a in activations]))
            extra = [name.encode() for name in groups if name != PARAMETERS]
            f.attrs.create("groups", np.asarray(extra) if extra else np.array([], dtype="S1"))
            for group_name, (arrays, attributes) in groups.items():
                group = f.create_group(group_name)
                for name, value in attributes.items():
                    group.attrs.create(name, value)
                for name in sorted(arrays):
                    value = np.ascontiguousarray(arrays[name])
                    group.create_dataset(name, data=value, chunks=value.shape, fletcher32=True)
    except OSError as error:                        # atomic_h5 names the target, not its temporary
        raise WeightsFileError(str(error)) from error


def _check_arguments(path, parameters, activations, extras):
    directory = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise Problem("the target is a directory")
    if not os.path.isdir(directory):
        raise Problem(f"the folder {directory!r} does not exist")
    if not isinstance(parameters, dict):
        raise Problem(f"parameters: expected a dict W1, b1, ..., got {type(parameters).__name__}")
    L = sum(1 for k in parameters if isinstance(k, str) and k.startswith("W"))
    bias_free = _bias_free_layers(_stored_arrays(extras))
    for key in parameters:
        if key not in _parameter_names(L):
            if isinstance(key, str) and key.startswith("b") and f"W{key[1:]}" not in parameters:
                raise Problem(f"parameters: {key!r} has no {'W' + key[1:]!r} (every b needs its W)")
            raise Problem(f"parameters: unexpected key {key!r} (expected W1, b1, ..., WL, bL)")
    if L == 0:
        raise Problem("parameters: expected W1, b1, ..., WL, bL, got no W")
    for name in _parameter_names(L):
        if name not in parameters and not (name[0] == "b" and int(name[1:]) in bias_free):
            partner = "W" + name[1:] if name[0] == "b" else "b" + name[1:]
            raise Problem(f"parameters: {partner!r} has no {name!r} (every W needs its b, layers "
                          f"numbered 1 ... L without gaps)")
    arrays = {name: np.asarray(value) for name, value in parameters.items()}
    W1 = arrays["W1"]
    if W1.dtype.name not in DTYPES:
        raise Problem(f"parameters['W1'] holds {h5_reading.kind_in_words(W1.dtype)}, expected "
                      f"float32 or float64")
    for l in range(1, L + 1):
        if arrays[f"W{l}"].ndim != 2:
            raise Problem(f"parameters['W{l}'] has shape {arrays[f'W{l}'].shape}, expected "
                          f"(n_{l}, n_{l - 1})")
    sizes = [W1.shape[1]] + [arrays[f"W{l}"].shape[0] for l in range(1, L + 1)]
    view = memory_group(PARAMETERS, W1.dtype, arrays, dtype_source="the dtype of W1")
    checked = _read_parameters(view, sizes, bias_free)
    activations = _check_activations(activations, L)
    groups = {PARAMETERS: (checked, {})}
    registry = registered_groups()
    if extras is not None and not isinstance(extras, dict):
        raise Problem(f"extras: expected a dict {{group: value}}, got {type(extras).__name__}")
    for name, value in (extras or {}).items():
        if name not in registry:
            known = ", ".join(sorted(registry)) or "none"
            raise Problem(f"extras: unknown group {name!r} (registered groups: {known})")
        try:
            group_arrays, group_attributes = registry[name][1](value)
        except (ValueError, TypeError, KeyError) as error:
            raise Problem(f"extras[{name!r}]: {error}") from None
        _read_groups({name: memory_group(name, W1.dtype, group_arrays, group_attributes)}, checked)
        groups[name] = (group_arrays, group_attributes)
    return W1.dtype, sizes, activations, groups


def _stored_arrays(extras):
    """{group: array names} of the extras a bias rule may read; a value its store refuses is
    left out here (the checks below report it)."""
    if not isinstance(extras, dict):
        return {}
    registered_groups()
    names = {}
    for name, value in extras.items():
        if name in _BIAS_FREE:
            try:
                names[name] = list(_GROUPS[name][1](value)[0])
            except (ValueError, TypeError, KeyError):
                pass
    return names


def _check_activations(activations, L):
    if isinstance(activations, str) or not hasattr(activations, "__len__"):
        raise Problem(f"activations: expected a list of {L} names, got {activations!r}")
    activations = list(activations)
    if len(activations) != L:
        raise Problem(f"activations: expected {L} entries (one per layer), got {len(activations)}")
    for l, name in enumerate(activations, start=1):
        if not isinstance(name, str) or name not in ACTIVATIONS:
            raise Problem(f"activation {name!r} of layer {l} is not one of {', '.join(ACTIVATIONS)}")
    return activations

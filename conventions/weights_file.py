"""The weights file: one HDF5 file that both twins load bit for bit.

Layout of the file (format "dl-parity-weights", version 2):

    /                  attrs: format "dl-parity-weights", version 2, dtype "float32"|"float64",
                              layer_sizes [n_0, ..., n_L] (positive integers),
                              activations [L names from conventions.vocabulary.ACTIVATIONS],
                              groups [names of the extra groups the file holds, possibly none]
    /parameters/W1 ... /parameters/bL      arrays in the COURSE layout (W: (n_l, n_{l-1}), b: (n_l, 1)),
                                           all of the declared dtype, finite
    /<group>/...                           optional extra groups, each one REGISTERED (below), e.g.
                                           /optimizer/v_dW1 ... with attribute t (conventions.optimizer_state)

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
running statistics of batch-normalised layers, conventions.batchnorm_state) and "dropout" (the
masks D1 ... D{L-1} of a dropout forward pass, conventions.dropout_masks). Others join with one
call in the module that owns them, and one entry in `GROUP_MODULES` so that loading imports it.

Writing is atomic (conventions.atomic): a temporary file in the same directory is written, flushed
and renamed over the target, so a failure never leaves a half-written file or a temporary behind.
The saver stores each array with a Fletcher-32 checksum and the file in HDF5's newer format
(superblock v3, object headers with checksums), so a damaged byte is detected, not loaded.
"""

import importlib
import os
from dataclasses import dataclass, field

import h5py
import numpy as np

from conventions import h5_reading
from conventions.atomic import atomic_h5
from conventions.h5_reading import Problem
from conventions.vocabulary import ACTIVATIONS

FORMAT = "dl-parity-weights"
VERSION = 2
# Version 1 (no 'groups' attribute, no checksums, free-form extra groups) is refused with a message.
OLDEST_VERSION = 2
DTYPES = ("float32", "float64")
ROOT_ATTRIBUTES = ("format", "version", "dtype", "layer_sizes", "activations", "groups")
PARAMETERS = "parameters"
MAX_LAYERS = 1000
# Modules that register groups; imported on first use, so the loader knows every group.
GROUP_MODULES = ("conventions.optimizer_state", "conventions.batchnorm_state",
                 "conventions.dropout_masks")

_GROUPS = {}


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


def register_group(name, validate, store):
    """Register the extra group `name`.

    validate(group: GroupView, parameters: dict) -> value   reads and checks the group, returns
        its plain value (what `WeightsFile.extras[name]` holds); raises ValueError in words.
    store(value) -> (arrays: {name: ndarray}, attributes: {name: int|float|str})   what
        `save_parameters(..., extras={name: value})` writes; raises ValueError/TypeError in words.
    """
    if name == PARAMETERS or not name.isidentifier():
        raise ValueError(f"register_group: {name!r} cannot name an extra group")
    _GROUPS[name] = (validate, store)


def registered_groups():
    """{name: (validate, store)} of every registered extra group."""
    for module in GROUP_MODULES:
        importlib.import_module(module)
    return dict(_GROUPS)


# --- views: one interface over a group in a file and over arrays in memory ----------------------
class GroupView:
    """What a group's `validate` reads through. Subclasses read a file or memory."""

    def __init__(self, name, dtype):
        self.name, self.dtype = name, np.dtype(dtype)
        self.read = set()

    def arrays(self):
        """Sorted names of the arrays in the group."""
        raise NotImplementedError

    def attributes(self):
        """Sorted names of the group's attributes."""
        raise NotImplementedError

    def label(self, name):
        return f"'{self.name}/{name}'"

    def array(self, name, shape, why=""):
        """The array `name`: numeric, of the declared dtype, `shape` exactly (None: any length
        along that axis), finite -- checked in that order, the shape before anything is read.
        `why` follows the expected shape in the message, e.g. " (the shape of W1)"."""
        if name not in self.arrays():
            raise Problem(f"missing array {self.label(name)}")
        self.read.add(name)
        return self._array(name, tuple(shape), why)

    def integer(self, name, minimum=0):
        """The integer attribute `name` (>= minimum)."""
        if name not in self.attributes():
            raise Problem(f"attribute {name!r} of '{self.name}' is missing")
        self.read.add("@" + name)
        value = self._attribute(name)
        if isinstance(value, np.ndarray) and value.shape == ():
            value = value[()]
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
            raise Problem(f"attribute {name!r} of '{self.name}' must be an integer, "
                          f"got {_describe(value)}")
        if value < minimum:
            raise Problem(f"attribute {name!r} of '{self.name}' must be >= {minimum}, got {value}")
        return int(value)

    def unread(self):
        """Names present but not read by the validator ('@t' for an attribute)."""
        return ([n for n in self.arrays() if n not in self.read]
                + ["@" + n for n in self.attributes() if "@" + n not in self.read])

    def _check(self, name, dtype, found_shape, shape, why):
        what = h5_reading.kind_in_words(dtype)
        if np.dtype(dtype).kind not in "fiub":
            raise Problem(f"{self.label(name)} is not a numeric array (it holds {what})")
        if np.dtype(dtype).newbyteorder("=") != self.dtype:
            raise Problem(f"{self.label(name)} holds {what}, expected {self.dtype.name} "
                          f"({self._dtype_source})")
        fits = len(found_shape) == len(shape) and all(
            want is None or want == got for want, got in zip(shape, found_shape))
        if not fits:
            shown = ", ".join("m" if n is None else str(n) for n in shape)
            shown = f"({shown},)" if len(shape) == 1 else f"({shown})"
            raise Problem(f"{self.label(name)} has shape {tuple(found_shape)}, expected {shown}{why}")

    def _finite(self, name, value):
        bad = ~np.isfinite(value)
        if bad.any():
            first = tuple(int(i) for i in np.argwhere(bad)[0])
            raise Problem(f"{self.label(name)} holds a non-finite value ({value[first]}) at index "
                          f"{first} ({int(bad.sum())} non-finite in all)")
        return value

    _dtype_source = "the declared dtype"


class _FileGroup(GroupView):
    def __init__(self, group, name, dtype):
        super().__init__(name, dtype)
        self._group = group
        self._names = h5_reading.link_names(group)
        self._attrs = sorted(group.attrs.keys())
        self._dtype_source = "the file's dtype attribute"

    def arrays(self):
        return self._names

    def attributes(self):
        return self._attrs

    def _array(self, name, shape, why):
        ds = self._group[name]                 # a hard link: checked by _check_structure
        self._check(name, ds.dtype, ds.shape, shape, why)
        h5_reading.check_storage(ds, self.label(name))
        value = np.asarray(ds[()])
        return self._finite(name, value.astype(self.dtype, copy=False))

    def _attribute(self, name):
        return h5_reading.attribute(self._group, name, f"'{self.name}'", max_size=1)


class _MemoryGroup(GroupView):
    def __init__(self, name, dtype, arrays, attributes, dtype_source):
        super().__init__(name, dtype)
        self._arrays, self._attrs = dict(arrays), dict(attributes)
        self._dtype_source = dtype_source

    def label(self, name):
        return f"{self.name}[{name!r}]"

    def arrays(self):
        return sorted(self._arrays)

    def attributes(self):
        return sorted(self._attrs)

    def _array(self, name, shape, why):
        value = np.asarray(self._arrays[name])
        self._check(name, value.dtype, value.shape, shape, why)
        return self._finite(name, value)

    def _attribute(self, name):
        return self._attrs[name]


def memory_group(name, dtype, arrays, attributes=None, dtype_source="the parameters' dtype"):
    """A GroupView over arrays in memory: lets a group's `validate` check arguments."""
    return _MemoryGroup(name, dtype, arrays, attributes or {}, dtype_source)


def _describe(value):
    if isinstance(value, np.ndarray):
        return f"an array of {h5_reading.kind_in_words(value.dtype)} with shape {value.shape}"
    if isinstance(value, np.generic):
        return f"{value.item()!r} ({value.dtype.name})"
    return f"{value!r} ({type(value).__name__})"


# --- the parameters: shared by the loader and the saver -----------------------------------------
def _parameter_names(L):
    return [f"{kind}{l}" for l in range(1, L + 1) for kind in ("W", "b")]


def _read_parameters(view, sizes):
    """W1..WL, b1..bL through `view`, checked against sizes [n_0, ..., n_L]."""
    L = len(sizes) - 1
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
    dtype, sizes, file_activations, listed = _read_root_attributes(f)
    groups = _check_structure(f, dtype)
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
    parameters = _read_parameters(groups.pop(PARAMETERS), sizes)
    extras = _read_groups(groups, parameters)
    return WeightsFile(parameters, sizes, file_activations, dtype, extras)


def _read_root_attributes(f):
    names = set(f.attrs.keys())
    if "format" not in names:
        hint = " (a Keras model file)" if "keras_version" in names else ""
        raise Problem(f"is not a {FORMAT} file{hint}: it has no 'format' attribute")
    fmt = h5_reading.as_text(h5_reading.attribute(f, "format", "/", max_size=1))
    if fmt != FORMAT:
        raise Problem(f"is not a {FORMAT} file: its 'format' attribute is {fmt!r}")
    version = _root_integer(f, "version")
    if version > VERSION:
        raise Problem(f"format version {version} is newer than this reader's {VERSION}; "
                      f"update dl-parity to load it")
    if version == 1:
        raise Problem("format version 1 is no longer read (it has no 'groups' attribute and no "
                      "checksums); save the parameters again")
    if version < OLDEST_VERSION:
        raise Problem(f"attribute 'version' must be {OLDEST_VERSION} ... {VERSION}, got {version}")
    unexpected = sorted(names - set(ROOT_ATTRIBUTES))
    if unexpected:
        raise Problem(f"unexpected attribute {unexpected[0]!r} on / (expected "
                      f"{', '.join(ROOT_ATTRIBUTES)})")
    missing = [name for name in ROOT_ATTRIBUTES if name not in names]
    if missing:
        raise Problem(f"attribute {missing[0]!r} of / is missing")
    dtype = h5_reading.as_text(h5_reading.attribute(f, "dtype", "/", max_size=1))
    if dtype not in DTYPES:
        raise Problem(f"attribute 'dtype' must be one of {', '.join(DTYPES)}, got "
                      f"{_describe(f.attrs['dtype']) if dtype is None else repr(dtype)}")
    raw_sizes = h5_reading.attribute(f, "layer_sizes", "/", max_size=MAX_LAYERS + 1)
    sizes = np.asarray(raw_sizes)
    if sizes.dtype.kind not in "iu" or sizes.ndim != 1 or len(sizes) < 2:
        raise Problem(f"attribute 'layer_sizes' must be a list [n_0, ..., n_L] of at least 2 "
                      f"integers, got {_describe(sizes)}")
    if (sizes < 1).any():
        raise Problem(f"attribute 'layer_sizes' must hold positive integers, got {sizes.tolist()}")
    sizes = [int(n) for n in sizes]
    raw_acts = np.asarray(h5_reading.attribute(f, "activations", "/", max_size=MAX_LAYERS))
    names_ = [h5_reading.as_text(a) for a in raw_acts.reshape(-1)] if raw_acts.ndim == 1 else [None]
    if None in names_:
        raise Problem(f"attribute 'activations' must be a list of names, got {_describe(raw_acts)}")
    if len(names_) != len(sizes) - 1:
        raise Problem(f"attribute 'activations' has {len(names_)} names, layer_sizes {sizes} "
                      f"declare {len(sizes) - 1} layers")
    for l, name in enumerate(names_, start=1):
        if name not in ACTIVATIONS:
            raise Problem(f"activation {name!r} of layer {l} is not one of {', '.join(ACTIVATIONS)}")
    raw_groups = np.asarray(h5_reading.attribute(f, "groups", "/", max_size=100))
    listed = [h5_reading.as_text(g) for g in raw_groups.reshape(-1)] if raw_groups.ndim == 1 else [None]
    if None in listed or len(set(listed)) != len(listed):
        raise Problem(f"attribute 'groups' must be a list of distinct group names, got "
                      f"{_describe(raw_groups)}")
    return np.dtype(dtype), sizes, names_, listed


def _root_integer(f, name):
    value = np.asarray(h5_reading.attribute(f, name, "/", max_size=1))
    if value.dtype.kind not in "iu" or value.size != 1:
        raise Problem(f"attribute {name!r} must be an integer, got {_describe(value)}")
    return int(value.reshape(()))


def _check_structure(f, dtype):
    """Inspect every link (never followed) before any array is read: the root holds groups only
    (parameters + registered ones), each group holds hard-linked arrays without attributes."""
    groups = {}
    for name in h5_reading.link_names(f):
        obj = h5_reading.member(f, name, f"'/{name}'")
        if not isinstance(obj, h5py.Group):
            raise Problem(f"unexpected array '/{name}' (arrays belong in /{PARAMETERS} or a "
                          f"registered group)")
        for member_name in h5_reading.link_names(obj):
            label = f"'{name}/{member_name}'"
            child = h5_reading.member(obj, member_name, label)
            if not isinstance(child, h5py.Dataset):
                raise Problem(f"unexpected group {label} (groups hold arrays only)")
            if child.attrs.keys():
                raise Problem(f"unexpected attribute {sorted(child.attrs.keys())[0]!r} on {label}")
        groups[name] = _FileGroup(obj, name, dtype)
    if PARAMETERS not in groups:
        raise Problem(f"missing group '/{PARAMETERS}'")
    if groups[PARAMETERS].attributes():
        raise Problem(f"unexpected attribute {groups[PARAMETERS].attributes()[0]!r} on "
                      f"'{PARAMETERS}'")
    return groups


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
    (every W with its b, chaining shapes, one float dtype, finite values, activations from the
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
    for key in parameters:
        if key not in _parameter_names(L):
            if isinstance(key, str) and key.startswith("b") and f"W{key[1:]}" not in parameters:
                raise Problem(f"parameters: {key!r} has no {'W' + key[1:]!r} (every b needs its W)")
            raise Problem(f"parameters: unexpected key {key!r} (expected W1, b1, ..., WL, bL)")
    if L == 0:
        raise Problem("parameters: expected W1, b1, ..., WL, bL, got no W")
    for name in _parameter_names(L):
        if name not in parameters:
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
    checked = _read_parameters(view, sizes)
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

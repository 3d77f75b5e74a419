"""The weights file: one HDF5 file that both twins load bit for bit.

Layout of the file (format "dl-parity-weights", version 1):

    /                  attrs: format, version, dtype ("float32"|"float64"),
                              layer_sizes [n_0, ..., n_L], activations ["relu", ..., "sigmoid"]
    /parameters/W1 ... /parameters/bL      arrays in the COURSE layout (W: (n_l, n_{l-1}), b: (n_l, 1))
    /<group>/<name>                        optional extra groups, same course layout, e.g.
                                           /optimizer/v_dW1, /optimizer/t (scalar),
                                           /batchnorm/running_mean1, /dropout/D1

Extra groups let optimizer state, batch-norm running statistics and dropout masks travel in the
same file without changing the format. Writing is atomic: a temporary file in the same directory
is written, flushed to disk and renamed over the target, so a crash never leaves a half-written file.
"""

from dataclasses import dataclass, field

import h5py
import numpy as np

from conventions import layout
from conventions.atomic import atomic_h5
from conventions.validation import check_finite

FORMAT = "dl-parity-weights"
VERSION = 1


class ArchitectureMismatch(ValueError):
    """The file's network is not the one the caller expects."""


@dataclass
class WeightsFile:
    parameters: dict
    layer_sizes: list
    activations: list
    dtype: np.dtype
    extras: dict = field(default_factory=dict)


def save_parameters(path, parameters, activations, extras=None):
    """Write `parameters` (W1, b1, ..., WL, bL; course layout) and the per-layer `activations`.

    extras: optional {group: {name: array or scalar}} stored beside the parameters.
    All parameter arrays must share one float dtype; it is recorded in the file.
    """
    sizes = layout.layer_sizes(parameters)
    L = len(sizes) - 1
    activations = [str(a) for a in activations]
    if len(activations) != L:
        raise ValueError(f"activations: expected {L} entries (one per layer), got {len(activations)}")
    dtypes = {np.asarray(v).dtype for v in parameters.values()}
    if len(dtypes) != 1 or next(iter(dtypes)) not in (np.float32, np.float64):
        raise TypeError(f"parameters: expected one dtype, float32 or float64, got {sorted(map(str, dtypes))}")
    for name, value in parameters.items():
        check_finite(f"parameters[{name!r}]", value)
    dtype = dtypes.pop()

    with atomic_h5(path) as f:
        f.attrs["format"] = FORMAT
        f.attrs["version"] = VERSION
        f.attrs["dtype"] = dtype.name
        f.attrs["layer_sizes"] = np.asarray(sizes, dtype=np.int64)
        f.attrs["activations"] = np.asarray(activations, dtype=h5py.string_dtype())
        group = f.create_group("parameters")
        for name in sorted(parameters):
            group.create_dataset(name, data=np.asarray(parameters[name]))
        for group_name, arrays in (extras or {}).items():
            if group_name == "parameters":
                raise ValueError("extras: the group name 'parameters' is reserved")
            g = f.create_group(group_name)
            for name, value in arrays.items():
                g.create_dataset(name, data=np.asarray(value))


def load_parameters(path, layer_sizes=None, activations=None):
    """Read a weights file; returns a `WeightsFile` with course-layout arrays of the file's dtype.

    layer_sizes / activations: when given, the file must describe exactly that network;
    otherwise `ArchitectureMismatch` names the first differing layer and both shapes.
    """
    with h5py.File(path, "r") as f:
        if f.attrs.get("format") != FORMAT:
            raise ValueError(f"{path}: not a {FORMAT} file (format attribute {f.attrs.get('format')!r})")
        if int(f.attrs["version"]) > VERSION:
            raise ValueError(f"{path}: format version {int(f.attrs['version'])} is newer than {VERSION}")
        dtype = np.dtype(f.attrs["dtype"])
        file_sizes = [int(n) for n in f.attrs["layer_sizes"]]
        file_acts = [a.decode() if isinstance(a, bytes) else str(a) for a in f.attrs["activations"]]
        parameters = {name: f["parameters"][name][()] for name in f["parameters"]}
        extras = {
            g: {name: f[g][name][()] for name in f[g]} for g in f if g != "parameters"
        }
    found = layout.layer_sizes(parameters)
    if found != file_sizes:
        raise ArchitectureMismatch(f"{path}: arrays describe layers {found}, attributes say {file_sizes}")
    if layer_sizes is not None:
        _check_architecture(path, list(layer_sizes), file_sizes)
    if activations is not None and list(activations) != file_acts:
        for l, (want, got) in enumerate(zip(activations, file_acts), start=1):
            if want != got:
                raise ArchitectureMismatch(
                    f"{path}: layer {l}: expected activation {want!r}, file has {got!r}")
        raise ArchitectureMismatch(
            f"{path}: expected activations {list(activations)}, file has {file_acts}")
    return WeightsFile(parameters, file_sizes, file_acts, dtype, extras)


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

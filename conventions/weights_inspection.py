"""What a weights file may hold, inspected before any array is read: the format's constants, the
root attributes, the structure of links (inspected, never followed) and the group views through
which every array is read with its dtype, shape and storage checked first.

`conventions.weights_file` reads and writes the file with these; its module docstring documents
the format. Everything here raises `conventions.h5_reading.Problem` in words; the reader turns it
into a WeightsFileError naming the file. The names below are also reachable from
`conventions.weights_file` (FORMAT, VERSION, GroupView, memory_group, ...).
"""

import h5py
import numpy as np

from conventions import h5_reading
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
                          f"got {describe(value)}")
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
        ds = self._group[name]                 # a hard link: checked by check_structure
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


def describe(value):
    if isinstance(value, np.ndarray):
        return f"an array of {h5_reading.kind_in_words(value.dtype)} with shape {value.shape}"
    if isinstance(value, np.generic):
        return f"{value.item()!r} ({value.dtype.name})"
    return f"{value!r} ({type(value).__name__})"


# --- the root and the links, before any array is read -----------------------------------------
def read_root_attributes(f):
    names = set(f.attrs.keys())
    if "format" not in names:
        hint = " (a Keras model file)" if "keras_version" in names else ""
        raise Problem(f"is not a {FORMAT} file{hint}: it has no 'format' attribute")
    fmt = h5_reading.as_text(h5_reading.attribute(f, "format", "/", max_size=1))
    if fmt != FORMAT:
        raise Problem(f"is not a {FORMAT} file: its 'format' attribute is {fmt!r}")
    version = root_integer(f, "version")
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
                      f"{describe(f.attrs['dtype']) if dtype is None else repr(dtype)}")
    raw_sizes = h5_reading.attribute(f, "layer_sizes", "/", max_size=MAX_LAYERS + 1)
    sizes = np.asarray(raw_sizes)
    if sizes.dtype.kind not in "iu" or sizes.ndim != 1 or len(sizes) < 2:
        raise Problem(f"attribute 'layer_sizes' must be a list [n_0, ..., n_L] of at least 2 "
                      f"integers, got {describe(sizes)}")
    if (sizes < 1).any():
        raise Problem(f"attribute 'layer_sizes' must hold positive integers, got {sizes.tolist()}")
    sizes = [int(n) for n in sizes]
    raw_acts = np.asarray(h5_reading.attribute(f, "activations", "/", max_size=MAX_LAYERS))
    names_ = [h5_reading.as_text(a) for a in raw_acts.reshape(-1)] if raw_acts.ndim == 1 else [None]
    if None in names_:
        raise Problem(f"attribute 'activations' must be a list of names, got {describe(raw_acts)}")
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
                      f"{describe(raw_groups)}")
    return np.dtype(dtype), sizes, names_, listed


def root_integer(f, name):
    value = np.asarray(h5_reading.attribute(f, name, "/", max_size=1))
    if value.dtype.kind not in "iu" or value.size != 1:
        raise Problem(f"attribute {name!r} must be an integer, got {describe(value)}")
    return int(value.reshape(()))


def check_structure(f, dtype):
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

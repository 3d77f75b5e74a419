"""Fuzzing the weights file: start from a valid file (parameters of a [4, 3, 1] network and Adam
state), damage it systematically, and require every outcome to be either the identical data or
`WeightsFileError` whose message starts with the file's path -- never another exception type,
never a silent change.

Damages (the fixture's files, float64 and float32, are 6 288 bytes each):
- truncation at every offset 0 ... size - 1, both files                      12 576 files
- one byte changed (hypothesis picks the position and the xor mask)          2 x 120
- three bytes changed, one of them in the first KiB (the metadata)           2 x 30
- on the float64 file, about 545 files:
  each attribute deleted, each array deleted, each group deleted;
  each attribute retyped/reshaped (ints, floats, booleans, strings, arrays, empty, oversized);
  each array retyped (int64, float32/float64, float16, big-endian, bool, complex, bytes, strings,
  compound), reshaped (transposed, a row or column more or less, 1-D, 3-D, scalar, empty, larger
  than declared), given a NaN or an inf, stored differently (contiguous without checksums and
  shuffled: the identical data; gzip, lzf, unallocated, external raw file: errors);
  each array replaced by a link (soft to a same-shape array, to itself, dangling; external
  absolute and relative; hard to a same-shape array) or given a second hard-linked name;
  an unknown group, array, attribute, soft or external link added at the root, in /parameters
  and in /optimizer, and an unknown attribute on every array.
In all 13 422 fuzzed files per run (printed by `test_zz_count` with -s): 75 load the identical
data, every other one raises WeightsFileError naming the file. About 6 s of CPU.
The wrong variant: a file rewritten without checksums loads a changed data byte silently, and the
fuzz's check catches it (`test_the_fuzz_catches_a_silent_change_in_a_file_without_checksums`).

Course 2's groups join the fuzz by being saved in `_valid_file` (every array and attribute of
every group is then damaged by the same operations).
"""

import collections
import os

import h5py
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conventions import weights_file
from conventions.weights_file import WeightsFileError

ACTS = ["relu", "sigmoid"]
SIZES = (4, 3, 1)
COUNT = collections.Counter()                # outcome -> number of fuzzed files
# test_zz_count reads what the module's other tests counted: under pytest-xdist (tox runs
# `--dist loadgroup`) the whole module goes to one worker
pytestmark = pytest.mark.xdist_group("weights_file_fuzz")
FUZZ = settings(derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _parameters(dtype):
    rng = np.random.default_rng(5)
    p = {}
    for l in range(1, len(SIZES)):
        p[f"W{l}"] = rng.standard_normal((SIZES[l], SIZES[l - 1])).astype(dtype)
        p[f"b{l}"] = rng.standard_normal((SIZES[l], 1)).astype(dtype)
    return p


def _state(p):
    rng = np.random.default_rng(6)
    return {"v": {f"d{k}": rng.standard_normal(v.shape).astype(v.dtype) for k, v in p.items()},
            "s": {f"d{k}": rng.random(v.shape).astype(v.dtype) for k, v in p.items()},
            "t": 11}


class Valid:
    """A valid file, its bytes, and the data it must load to."""

    def __init__(self, directory, dtype):
        self.directory, self.dtype = directory, dtype
        self.path = directory / "valid.h5"
        self.parameters = _parameters(dtype)
        self.state = _state(self.parameters)
        weights_file.save_parameters(self.path, self.parameters, ACTS,
                                     extras={"optimizer": self.state})
        self.bytes = self.path.read_bytes()
        self.target = directory / "fuzzed.h5"
        self.patched = directory / "patched.h5"            # byte damages, patched in place
        self.patched.write_bytes(self.bytes)
        with h5py.File(self.path, "r") as f:
            self.arrays = sorted(f"{g}/{n}" for g in f for n in f[g])
            self.attributes = sorted([("/", a) for a in f.attrs]
                                     + [(g, a) for g in f for a in f[g].attrs])
            self.groups = sorted(f)

    def write(self, data):
        self.target.write_bytes(bytes(data))
        return self.target

    def fresh(self):
        return self.write(self.bytes)

    def check_patched(self, changes):
        """Change bytes {position: xor mask} in place, check, and restore them (fast: no new file)."""
        with open(self.patched, "r+b") as fh:
            for position, mask in changes.items():
                fh.seek(position)
                fh.write(bytes([self.bytes[position] ^ mask]))
        try:
            return self.check(self.patched)
        finally:
            with open(self.patched, "r+b") as fh:
                for position in changes:
                    fh.seek(position)
                    fh.write(self.bytes[position:position + 1])

    def check(self, path=None):
        """Load `path`; the outcome must be the identical data or a WeightsFileError naming it."""
        path = self.target if path is None else path
        COUNT[self.dtype] += 1
        try:
            loaded = weights_file.load_parameters(path)
        except WeightsFileError as error:
            assert str(error).startswith(f"{path}: "), str(error)
            COUNT["error"] += 1
            return "error"
        _assert_identical(loaded, self.parameters, self.state)
        COUNT["identical"] += 1
        return "identical"


def _assert_identical(loaded, parameters, state):
    assert loaded.layer_sizes == list(SIZES) and loaded.activations == ACTS
    assert sorted(loaded.parameters) == sorted(parameters)
    for name, value in parameters.items():
        got = loaded.parameters[name]
        assert got.dtype == value.dtype and got.shape == value.shape, name
        assert got.tobytes() == value.tobytes(), f"silent change in {name}"
    got = loaded.extras["optimizer"]
    assert sorted(loaded.extras) == ["optimizer"] and sorted(got) == ["s", "t", "v"]
    assert got["t"] == state["t"]
    for moment in ("v", "s"):
        assert sorted(got[moment]) == sorted(state[moment])
        for name, value in state[moment].items():
            assert got[moment][name].dtype == value.dtype
            assert got[moment][name].tobytes() == value.tobytes(), f"silent change in {moment}{name}"


@pytest.fixture(scope="module")
def valid(tmp_path_factory):
    """The float64 file: every damage."""
    return Valid(tmp_path_factory.mktemp("fuzz-float64"), "float64")


@pytest.fixture(scope="module", params=["float64", "float32"])
def any_valid(request, tmp_path_factory, valid):
    """Both files: the byte-level damages."""
    if request.param == "float64":
        return valid
    return Valid(tmp_path_factory.mktemp(f"fuzz-{request.param}"), request.param)


def test_the_valid_file_loads_identically(any_valid):
    assert any_valid.check(any_valid.path) == "identical"


# --- bytes -------------------------------------------------------------------------------------
def test_truncated_at_every_offset(any_valid):
    path = any_valid.write(any_valid.bytes)
    for size in range(len(any_valid.bytes) - 1, -1, -1):
        os.truncate(path, size)                 # shrinking one file: no new file per offset
        assert any_valid.check() == "error", size


@settings(FUZZ, max_examples=120)
@given(data=st.data())
def test_one_byte_changed(any_valid, data):
    position = data.draw(st.integers(0, len(any_valid.bytes) - 1), label="position")
    any_valid.check_patched({position: data.draw(st.integers(1, 255), label="xor mask")})


@settings(FUZZ, max_examples=30)
@given(data=st.data())
def test_several_bytes_changed(any_valid, data):
    size = len(any_valid.bytes)
    positions = data.draw(st.lists(st.integers(0, size - 1), min_size=2, max_size=2), label="anywhere")
    positions.append(data.draw(st.integers(0, min(size, 1024) - 1), label="in the metadata"))
    any_valid.check_patched({p: data.draw(st.integers(1, 255)) for p in positions})


# --- structure: every attribute, array and group ------------------------------------------------
def _edited(valid, change, *args, **options):
    """A fresh copy of the valid file, changed by `change(f, *args, **options)`, then checked."""
    path = valid.fresh()
    with h5py.File(path, "r+") as f:
        change(f, *args, **options)
    return valid.check()


def _set_attribute(f, where, name, value):
    f[where].attrs[name] = value


def _delete_attribute(f, where, name):
    del f[where].attrs[name]


def _delete(f, name):
    del f[name]


def _relink(f, name, link):
    del f[name]
    f[name] = link


def _hard_link(f, name, target):
    if name in f:
        del f[name]
    f[name] = f[target]


ATTRIBUTE_VALUES = {
    "int": np.int64(3), "negative int": np.int64(-1), "zero": np.int64(0), "float": 1.5,
    "bool": np.bool_(True), "text": "relu", "bytes": np.bytes_("float64"),
    "int array": np.array([4, 3, 1]), "float array": np.array([4.0, 3.0, 1.0]),
    "text array": np.array([b"relu", b"sigmoid"]), "long array": np.arange(2000),
    "empty array": np.array([], dtype=np.int64), "2-D array": np.ones((2, 2), np.int64),
    "empty": h5py.Empty("f8"),
}


def test_each_attribute_deleted(valid):
    for where, name in valid.attributes:
        assert _edited(valid, _delete_attribute, where, name) == "error", (where, name)


def test_each_attribute_retyped(valid):
    with h5py.File(valid.path, "r") as f:
        original = {(where, name): np.asarray(f[where].attrs[name]) for where, name in valid.attributes}
    for (where, name), before in original.items():
        for kind, value in ATTRIBUTE_VALUES.items():
            after = np.asarray(value)
            if after.dtype.kind == before.dtype.kind and after.shape == before.shape:
                continue                # another value of the same type: an edit, not a damage
            assert _edited(valid, _set_attribute, where, name, value) == "error", (where, name, kind)


def test_each_array_and_group_deleted(valid):
    for name in valid.arrays + valid.groups:
        assert _edited(valid, _delete, name) == "error", name


def _rewrite(f, name, transform, **options):
    value = transform(f[name][()])
    del f[name]
    if isinstance(value, np.ndarray) and value.dtype.kind == "O":
        f.create_dataset(name, data=value, dtype=h5py.string_dtype())
    else:
        f.create_dataset(name, data=value, **options)


def _last_is_nan(a):
    b = a.copy().reshape(-1)
    b[-1] = np.nan
    return b.reshape(a.shape)


ARRAY_CHANGES = {
    "int64": lambda a: a.astype(np.int64), "float32": lambda a: a.astype(np.float32),
    "float64": lambda a: a.astype(np.float64), "float16": lambda a: a.astype(np.float16),
    "big-endian": lambda a: a.astype(a.dtype.newbyteorder(">")), "bool": lambda a: a > 0,
    "complex": lambda a: a.astype(np.complex128), "bytes": lambda a: a.astype("S8"),
    "strings": lambda a: a.astype(str).astype(object),
    "compound": lambda a: np.zeros(a.shape, [("x", "f8"), ("y", "f8")]),
    "transposed": lambda a: a.T.copy(), "row more": lambda a: np.vstack([a, a[:1]]),
    "row less": lambda a: a[1:], "column more": lambda a: np.hstack([a, a[:, :1]]),
    "1-D": lambda a: a.ravel(), "3-D": lambda a: a[None], "scalar": lambda a: a.ravel()[0],
    "empty": lambda a: a[:0], "nan": _last_is_nan, "inf": lambda a: np.full_like(a, np.inf),
    "larger than declared": lambda a: np.zeros((100, 100), a.dtype),
}


def test_each_array_retyped_reshaped_or_made_non_finite(valid):
    with h5py.File(valid.path, "r") as f:
        original = {name: f[name][()] for name in valid.arrays}
    for name in valid.arrays:
        for kind, transform in ARRAY_CHANGES.items():
            outcome = _edited(valid, _rewrite, name, transform)
            after = np.asarray(transform(original[name]))
            same = (after.dtype.newbyteorder("=") == original[name].dtype
                    and after.shape == original[name].shape and np.array_equal(after, original[name]))
            if not same:                # (transposing a (1, 1) array changes nothing)
                assert outcome == "error", (name, kind)


def _unallocated(f, name):
    shape, dtype = f[name].shape, f[name].dtype
    del f[name]
    f.create_dataset(name, shape, dtype)


def _external_storage(f, name, raw):
    shape, dtype = f[name].shape, f[name].dtype
    size = dtype.itemsize * int(np.prod(shape))
    raw.write_bytes(bytes(size))
    del f[name]
    f.create_dataset(name, shape, dtype, external=[(str(raw), 0, size)])


def _same(a):
    return a


def test_each_array_stored_differently(valid):
    for name in valid.arrays:
        # the same data in forms the format allows: contiguous without checksums, shuffled
        _edited(valid, _rewrite, name, _same)
        _edited(valid, _rewrite, name, _same, chunks=True, shuffle=True, fletcher32=True)
        for options in ({"compression": "gzip"}, {"compression": "lzf"}):
            assert _edited(valid, _rewrite, name, _same, **options) == "error", (name, options)
        assert _edited(valid, _unallocated, name) == "error", name
        assert _edited(valid, _external_storage, name, valid.directory / "raw.bin") == "error", name


def _same_shape_partner(valid, name):
    with h5py.File(valid.path, "r") as f:
        shape = f[name].shape
        return next(other for other in valid.arrays if other != name and f[other].shape == shape)


def test_each_array_replaced_by_a_link(valid):
    other_file = valid.directory / "other.h5"
    with h5py.File(other_file, "w") as f:
        for name in valid.arrays:
            f[name] = np.zeros((3, 4))
    for name in valid.arrays:
        partner = _same_shape_partner(valid, name)
        links = {
            "soft": h5py.SoftLink("/" + partner), "soft to itself": h5py.SoftLink("/" + name),
            "dangling soft": h5py.SoftLink("/nowhere"),
            "external": h5py.ExternalLink(str(other_file), "/" + name),
            "external relative": h5py.ExternalLink("other.h5", "/" + name),
        }
        for kind, link in links.items():
            assert _edited(valid, _relink, name, link) == "error", (name, kind)
        assert _edited(valid, _hard_link, name, partner) == "error", (name, "hard")
        assert _edited(valid, _hard_link, name + "_again", name) == "error", (name, "second name")


def _add(f, where, kind):
    name = ("" if where == "/" else where + "/") + "unknown"
    if kind == "group":
        f.create_group(name)
    elif kind == "array":
        f[name] = np.zeros((3, 4))
    elif kind == "attribute":
        f[where].attrs["unknown"] = 1
    elif kind == "soft link":
        f[name] = h5py.SoftLink("/parameters")
    else:
        f[name] = h5py.ExternalLink("other.h5", "/")


def test_unknown_groups_arrays_attributes_and_links_added(valid):
    for where in ["/", *valid.groups, *valid.arrays]:
        kinds = ["attribute"] if where in valid.arrays else [
            "group", "array", "attribute", "soft link", "external link"]
        for kind in kinds:
            assert _edited(valid, _add, where, kind) == "error", (where, kind)


def test_the_fuzz_catches_a_silent_change_in_a_file_without_checksums(valid):
    """The wrong variant: the same file rewritten without checksums (contiguous arrays, HDF5's
    default format) loads a changed byte of W1 silently -- and the fuzz's check says so."""
    path = valid.fresh()
    with h5py.File(path, "r+") as f:
        _rewrite(f, "parameters/W1", _same)
    with h5py.File(path, "r") as f:
        offset = f["parameters/W1"].id.get_offset()
    with open(path, "r+b") as fh:
        fh.seek(offset + 3)
        byte = fh.read(1)
        fh.seek(offset + 3)
        fh.write(bytes([byte[0] ^ 0x10]))
    with pytest.raises(AssertionError, match="silent change in W1"):
        valid.check(path)


def test_zz_count():
    """The number of fuzzed files of this module's run (read it with -s; quoted in the docstring)."""
    total = COUNT["error"] + COUNT["identical"]
    if not total:
        pytest.skip("no fuzz test of this module ran before this one")
    print(f"\nweights-file fuzz: {total} files, {dict(COUNT)}")
    assert COUNT["error"] > 0 and COUNT["identical"] > 0

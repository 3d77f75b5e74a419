"""conventions.weights_file: bit-exact round trip, optimizer state, architecture errors, atomic
writes, and every damage of issue 14's list as a named test with its exact message."""

import os

import h5py
import numpy as np
import pytest

from conventions import optimizer_state, weights_file
from conventions.weights_file import WeightsFileError

ACTS = ["relu", "sigmoid"]


def params(sizes=(4, 3, 1), dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    p = {}
    for l in range(1, len(sizes)):
        p[f"W{l}"] = rng.standard_normal((sizes[l], sizes[l - 1])).astype(dtype)
        p[f"b{l}"] = rng.standard_normal((sizes[l], 1)).astype(dtype)
    return p


def adam_state(parameters, t=7, seed=1):
    rng = np.random.default_rng(seed)
    return {"v": {f"d{k}": rng.standard_normal(v.shape).astype(v.dtype) for k, v in parameters.items()},
            "s": {f"d{k}": rng.random(v.shape).astype(v.dtype) for k, v in parameters.items()},
            "t": t}


def assert_same(loaded, parameters, state=None):
    assert sorted(loaded.parameters) == sorted(parameters)
    for name, value in parameters.items():
        assert loaded.parameters[name].dtype == value.dtype
        assert loaded.parameters[name].tobytes() == value.tobytes(), name
    if state is None:
        assert loaded.extras == {}
        return
    got = loaded.extras["optimizer"]
    assert sorted(got) == sorted(state)
    assert got.get("t") == state.get("t") and type(got.get("t")) is type(state.get("t"))
    for moment in optimizer_state.MOMENTS:
        if moment in state:
            assert sorted(got[moment]) == sorted(state[moment])
            for name, value in state[moment].items():
                assert got[moment][name].dtype == value.dtype
                assert got[moment][name].tobytes() == value.tobytes(), (moment, name)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_round_trip_with_optimizer_state_is_bit_exact(tmp_path, dtype):
    p = params(dtype=dtype)
    state = adam_state(p)
    path = tmp_path / "w.h5"
    weights_file.save_parameters(path, p, ACTS, extras={"optimizer": state})
    loaded = weights_file.load_parameters(path, layer_sizes=[4, 3, 1], activations=ACTS)
    assert loaded.dtype == dtype and loaded.layer_sizes == [4, 3, 1]
    assert loaded.activations == ACTS
    assert_same(loaded, p, state)


def test_momentum_state_without_s_or_t_round_trips(tmp_path):
    p = params()
    state = {"v": adam_state(p)["v"], "t": 12}
    path = tmp_path / "w.h5"
    weights_file.save_parameters(path, p, ACTS, extras={"optimizer": state})
    assert_same(weights_file.load_parameters(path), p, state)


def test_optimizer_state_converts_to_keras_layout_and_back_exactly(tmp_path):
    p = params((5, 4, 4, 1))
    state = adam_state(p, t=0)
    keras = optimizer_state.to_keras_layout(state)
    assert keras["v"]["dW1"].shape == (5, 4) and keras["s"]["dW2"].shape == (4, 4)
    assert keras["v"]["db1"].shape == (4,) and keras["t"] == 0
    assert keras["v"]["dW1"].tobytes() == np.ascontiguousarray(state["v"]["dW1"].T).tobytes()
    back = optimizer_state.from_keras_layout(keras)
    path = tmp_path / "w.h5"
    weights_file.save_parameters(path, p, ["relu", "relu", "sigmoid"], extras={"optimizer": back})
    assert_same(weights_file.load_parameters(path), p, state)


def test_optimizer_state_names_are_the_layout_names():
    p = params()
    flat = optimizer_state.flatten(adam_state(p))
    assert sorted(flat) == sorted(f"{m}_d{k}" for m in "vs" for k in p)
    assert optimizer_state.unflatten(flat, t=3)["t"] == 3
    assert optimizer_state.grad_names(2) == ["dW1", "db1", "dW2", "db2"]


@pytest.mark.parametrize("change, message", [
    (lambda s: s["v"].pop("db2"), "missing array optimizer['v_db2']"),
    (lambda s: s["s"].update(dW1=np.ones((4, 3))),
     "optimizer['s_dW1'] has shape (4, 3), expected (3, 4) (the shape of W1)"),
    (lambda s: s["v"].update(dW3=np.ones((1, 1))),
     "optimizer state: unexpected entry v['dW3'] (v and s are keyed like the grads of the "
     "2-layer network: dW1, db1, dW2, db2)"),
    (lambda s: s.update(t=-1), "attribute 't' of 'optimizer' must be >= 0, got -1"),
    (lambda s: s.update(t=2.0), "attribute 't' of 'optimizer' must be an integer, got 2.0 (float)"),
    (lambda s: s.update(t=True), "attribute 't' of 'optimizer' must be an integer, got True (bool)"),
    (lambda s: s.update(m={}), "optimizer state: unexpected key 'm' (expected keys among v, s, t)"),
    (lambda s: s.pop("t"), "optimizer state: missing the step count 't' (the number of updates "
                           "applied, 0 for a fresh state)"),
    (lambda s: s["v"].update(dW1=np.full((3, 4), np.nan)),
     "optimizer['v_dW1'] holds a non-finite value (nan) at index (0, 0) (12 non-finite in all)"),
    (lambda s: s["v"].update(dW1=np.ones((3, 4), np.float32)),
     "optimizer['v_dW1'] holds float32 numbers, expected float64 (the parameters' dtype)"),
])
def test_bad_optimizer_state_is_named(tmp_path, change, message):
    p = params()
    state = adam_state(p)
    change(state)
    with pytest.raises(ValueError) as err:
        optimizer_state.check_optimizer_state(state, p)
    assert str(err.value) == message
    path = tmp_path / "w.h5"
    with pytest.raises(WeightsFileError) as err:
        weights_file.save_parameters(path, p, ACTS, extras={"optimizer": state})
    assert str(err.value).startswith(f"{path}: not saved: ")
    assert not path.exists() and os.listdir(tmp_path) == []


def test_wrong_architecture_names_layer_and_both_shapes(tmp_path):
    path = tmp_path / "w.h5"
    weights_file.save_parameters(path, params((4, 3, 1)), ACTS)
    with pytest.raises(weights_file.ArchitectureMismatch,
                       match=r"layer 1: expected W1 of shape \(5, 4\), file has \(3, 4\)"):
        weights_file.load_parameters(path, layer_sizes=[4, 5, 1])
    with pytest.raises(weights_file.ArchitectureMismatch, match="expected 3 layers"):
        weights_file.load_parameters(path, layer_sizes=[4, 3, 2, 1])
    with pytest.raises(weights_file.ArchitectureMismatch,
                       match="layer 1: expected activation 'tanh', file has 'relu'"):
        weights_file.load_parameters(path, activations=["tanh", "sigmoid"])


# --- bad save calls: the target path in every message, nothing left behind -----------------------
def _nan_W2():
    p = params()
    p["W2"][0, 1] = np.inf
    return p


def _mixed():
    p = params()
    p["b1"] = p["b1"].astype(np.float32)
    return p


@pytest.mark.parametrize("call, problem", [
    # the three bad calls of issue 14
    (lambda d: (d / "missing" / "w.h5", params(), ACTS),
     "the folder '{d}/missing' does not exist"),
    (lambda d: (d / "w.h5", {k: v for k, v in params().items() if k != "b1"}, ACTS),
     "parameters: 'W1' has no 'b1' (every W needs its b, layers numbered 1 ... L without gaps)"),
    (lambda d: (d / "w.h5", params(), ["softmaxx", "sigmoid"]),
     "activation 'softmaxx' of layer 1 is not one of relu, tanh, sigmoid, leaky_relu"),
    # and the rest of what the loader would refuse
    (lambda d: (d / "w.h5", params(), ["relu"]), "activations: expected 2 entries (one per layer), got 1"),
    (lambda d: (d / "w.h5", _nan_W2(), ACTS),
     "parameters['W2'] holds a non-finite value (inf) at index (0, 1) (1 non-finite in all)"),
    (lambda d: (d / "w.h5", _mixed(), ACTS),
     "parameters['b1'] holds float32 numbers, expected float64 (the dtype of W1)"),
    (lambda d: (d / "w.h5", {**params(), "W2": np.ones((1, 5))}, ACTS),
     "parameters['W2'] has shape (1, 5), expected (1, 3) for layer_sizes [4, 3, 1]"),
    (lambda d: (d / "w.h5", {**params(), "b2": np.ones(1)}, ACTS),
     "parameters['b2'] has shape (1,), expected (1, 1) for layer_sizes [4, 3, 1]"),
    (lambda d: (d / "w.h5", {**params(), "W1": np.ones((3, 4), int)}, ACTS),
     "parameters['W1'] holds integers (int64), expected float32 or float64"),
    (lambda d: (d / "w.h5", {**params(), "gamma1": np.ones((3, 1))}, ACTS),
     "parameters: unexpected key 'gamma1' (expected W1, b1, ..., WL, bL)"),
    (lambda d: (d / "w.h5", {"W1": np.ones((3, 4)), "b1": np.ones((3, 1)), "W3": np.ones((1, 3)),
                             "b3": np.ones((1, 1))}, ACTS),
     "parameters: unexpected key 'W3' (expected W1, b1, ..., WL, bL)"),
    (lambda d: (d, params(), ACTS), "the target is a directory"),
])
def test_bad_save_calls_name_the_target_and_leave_nothing(tmp_path, call, problem):
    path, parameters, activations = call(tmp_path)
    with pytest.raises(WeightsFileError) as err:
        weights_file.save_parameters(path, parameters, activations)
    assert str(err.value) == f"{path}: not saved: {problem.format(d=tmp_path)}"
    assert os.listdir(tmp_path) == []


def test_unknown_extra_group_is_refused_on_save(tmp_path):
    path = tmp_path / "w.h5"
    with pytest.raises(WeightsFileError) as err:
        weights_file.save_parameters(path, params(), ACTS, extras={"momentum": {}})
    assert str(err.value) == (f"{path}: not saved: extras: unknown group 'momentum' "
                              f"(registered groups: batchnorm, dropout, optimizer)")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "w.h5"
    weights_file.save_parameters(path, params(seed=1), ACTS)
    before = path.read_bytes()

    original = h5py.Group.create_dataset
    calls = {"n": 0}

    def failing(self, name, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full (simulated)")
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(h5py.Group, "create_dataset", failing)
    with pytest.raises(WeightsFileError) as err:
        weights_file.save_parameters(path, params(seed=2), ACTS)
    assert str(err.value) == f"{path}: not written: disk full (simulated)"
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["w.h5"]


# --- the damages of issue 14, each with its exact message --------------------------------------
@pytest.fixture
def valid(tmp_path):
    path = tmp_path / "w.h5"
    p = params()
    weights_file.save_parameters(path, p, ACTS, extras={"optimizer": adam_state(p)})
    return path


def _edit(change):
    def damage(path):
        with h5py.File(path, "r+") as f:
            change(f)
    return damage


def _replace(name, value):
    def change(f):
        del f[name]
        f[name] = value
    return _edit(change)


def _set_value(name, index, value):
    def change(f):
        data = f[name][()]
        data[index] = value
        del f[name]
        f.create_dataset(name, data=data, chunks=data.shape, fletcher32=True)
    return _edit(change)


def _truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])


def _external(path):
    other = path.parent / "other.h5"
    with h5py.File(other, "w") as f:
        f["W1"] = np.zeros((3, 4))
    _edit(lambda f: (f.__delitem__("parameters/W1"),
                     f.__setitem__("parameters/W1", h5py.ExternalLink("other.h5", "/W1"))))(path)


def _to_directory(path):
    path.unlink()
    path.mkdir()


def _set_attr(name, value):
    return _edit(lambda f: f.attrs.__setitem__(name, value))


def _del_attr(name):
    return _edit(lambda f: f.attrs.__delitem__(name))


def _size(path):
    return os.path.getsize(path)


DAMAGES = {
    # the eighteen damages of issue 14
    "half-copied": (_truncate, lambda p, n: f"is truncated: it holds {n // 2} of its {n} bytes "
                                            f"(a half-copied file?)"),
    "empty": (lambda p: p.write_bytes(b""), "is empty (0 bytes), not an HDF5 file"),
    "text": (lambda p: p.write_text("W1 = [[0.1, 0.2]]\nb1 = [[0]]\n"),
             "is a text file, not an HDF5 file (it starts with 'W1 = [[0.1, 0.2]]')"),
    "nan": (_set_value("parameters/W1", (1, 2), np.nan),
            "'parameters/W1' holds a non-finite value (nan) at index (1, 2) (1 non-finite in all)"),
    "inf": (_set_value("parameters/b2", (0, 0), -np.inf),
            "'parameters/b2' holds a non-finite value (-inf) at index (0, 0) (1 non-finite in all)"),
    "wrong shape": (_replace("parameters/W1", np.zeros((3, 5))),
                    "'parameters/W1' has shape (3, 5), expected (3, 4) for layer_sizes [4, 3, 1]"),
    "missing array": (_edit(lambda f: f.__delitem__("parameters/b2")),
                      "missing array 'parameters/b2'"),
    "extra array": (_edit(lambda f: f.__setitem__("parameters/W3", np.zeros((1, 1)))),
                    "unexpected array 'parameters/W3' (the network has 2 layers, [4, 3, 1]: "
                    "arrays W1, b1, W2, b2)"),
    "string array": (_replace("parameters/W1", np.array([b"0.1", b"0.2"])),
                     "'parameters/W1' is not a numeric array (it holds strings)"),
    "integer array": (_replace("parameters/W1", np.zeros((3, 4), np.int64)),
                      "'parameters/W1' holds integers (int64), expected float64 "
                      "(the file's dtype attribute)"),
    "unknown activation": (_set_attr("activations", np.array([b"softmaxx", b"sigmoid"])),
                           "activation 'softmaxx' of layer 1 is not one of relu, tanh, sigmoid, "
                           "leaky_relu"),
    "lying dtype attribute": (_set_attr("dtype", np.bytes_("float32")),
                              "'parameters/W1' holds float64 numbers, expected float32 "
                              "(the file's dtype attribute)"),
    "missing format attribute": (_del_attr("format"),
                                 "is not a dl-parity-weights file: it has no 'format' attribute"),
    "missing attribute": (_del_attr("layer_sizes"), "attribute 'layer_sizes' of / is missing"),
    "negative sizes": (_set_attr("layer_sizes", np.array([4, -3, 1])),
                       "attribute 'layer_sizes' must hold positive integers, got [4, -3, 1]"),
    "external link": (_external, "'parameters/W1' is an external link to '/W1' in the file "
                                 "'other.h5'; links are refused, never followed"),
    "soft link": (_edit(lambda f: (f.__delitem__("parameters/b1"),
                                   f.__setitem__("parameters/b1", h5py.SoftLink("/optimizer/v_db1")))),
                  "'parameters/b1' is a soft link to '/optimizer/v_db1'; links are refused, "
                  "never followed"),
    "directory": (_to_directory, "is a directory, not a file"),
    # beyond the list
    "missing file": (lambda p: p.unlink(), "does not exist"),
    "hard link": (_edit(lambda f: f.__setitem__("optimizer/v_dW1_copy", f["parameters/W1"])),
                  "'optimizer/v_dW1_copy' is stored under 2 names (hard-linked); each entry must be "
                  "stored once"),
    "newer version": (_set_attr("version", np.int64(3)),
                      "format version 3 is newer than this reader's 2; update dl-parity to load it"),
    "version 1": (_set_attr("version", np.int64(1)),
                  "format version 1 is no longer read (it has no 'groups' attribute and no checksums); "
                  "save the parameters again"),
    "version 0": (_set_attr("version", np.int64(0)), "attribute 'version' must be 2 ... 2, got 0"),
    "other format": (_set_attr("format", "keras"),
                     "is not a dl-parity-weights file: its 'format' attribute is 'keras'"),
    "keras model file": (lambda p: p.write_bytes(b"PK\x03\x04" + bytes(60)),
                         "is a zip archive (a Keras .keras file?), not an HDF5 file"),
    "binary garbage": (lambda p: p.write_bytes(bytes(range(256))),
                       r"is not an HDF5 file (no HDF5 signature; 256 bytes starting "
                       r"b'\x00\x01\x02\x03\x04\x05\x06\x07')"),
    "mistyped attribute": (_set_attr("layer_sizes", np.array([4.0, 3.0, 1.0])),
                           "attribute 'layer_sizes' must be a list [n_0, ..., n_L] of at least 2 "
                           "integers, got an array of float64 numbers with shape (3,)"),
    "unknown attribute": (_set_attr("comment", "hi"),
                          "unexpected attribute 'comment' on / (expected format, version, dtype, "
                          "layer_sizes, activations, groups)"),
    "deleted group": (_edit(lambda f: f.__delitem__("optimizer")),
                      "missing group '/optimizer' (listed in the attribute 'groups')"),
    "unlisted group": (_set_attr("groups", np.array([], dtype="S1")),
                       "group 'optimizer' is not listed in the attribute 'groups' []"),
    "optimizer t missing": (_edit(lambda f: f["optimizer"].attrs.__delitem__("t")),
                            "attribute 't' of 'optimizer' is missing"),
    "attribute on an array": (_edit(lambda f: f["parameters/W1"].attrs.__setitem__("unit", "m")),
                              "unexpected attribute 'unit' on 'parameters/W1'"),
    "unknown group": (_edit(lambda f: f.create_group("momentum")),
                      "unexpected group 'momentum' (known groups: parameters, batchnorm, dropout, "
                      "optimizer)"),
    "nested group": (_edit(lambda f: f.create_group("parameters/more")),
                     "unexpected group 'parameters/more' (groups hold arrays only)"),
    "array at the root": (_edit(lambda f: f.__setitem__("W1", np.zeros((3, 4)))),
                          "unexpected array '/W1' (arrays belong in /parameters or a registered "
                          "group)"),
    "unknown optimizer array": (_edit(lambda f: f.__setitem__("optimizer/m_dW1", np.zeros((3, 4)))),
                                "unexpected array 'optimizer/m_dW1'"),
    "optimizer wrong shape": (_replace("optimizer/s_db1", np.zeros((1, 3))),
                              "'optimizer/s_db1' has shape (1, 3), expected (3, 1) (the shape of b1)"),
    "optimizer t negative": (_edit(lambda f: f["optimizer"].attrs.__setitem__("t", -2)),
                             "attribute 't' of 'optimizer' must be >= 0, got -2"),
    "optimizer t float": (_edit(lambda f: f["optimizer"].attrs.__setitem__("t", 1.5)),
                          "attribute 't' of 'optimizer' must be an integer, got 1.5 (float64)"),
    "unallocated array": (_edit(lambda f: (f.__delitem__("parameters/W1"),
                                           f.create_dataset("parameters/W1", (3, 4), "f8"))),
                          "'parameters/W1' has 0 of its 96 bytes stored (shape (3, 4))"),
    "compressed array": (_edit(lambda f: (f.__delitem__("parameters/W1"),
                                          f.create_dataset("parameters/W1", data=np.ones((3, 4)),
                                                           compression="gzip"))),
                         "'parameters/W1' is stored with the filter 'deflate' (code 1); this file "
                         "may use only fletcher32 checksums, shuffle"),
    "external raw storage": (_edit(lambda f: (f.__delitem__("parameters/W1"),
                                              f.create_dataset("parameters/W1", (3, 4), "f8",
                                                               external=[("raw.bin", 0, 96)]))),
                             "'parameters/W1' keeps its data in an external file; refused"),
}


@pytest.mark.parametrize("kind", list(DAMAGES))
def test_each_damage_is_named_with_the_file(valid, kind):
    damage, message = DAMAGES[kind]
    size = _size(valid)
    damage(valid)
    if callable(message):
        message = message(valid, size)
    with pytest.raises(WeightsFileError) as err:
        weights_file.load_parameters(valid)
    assert str(err.value) == f"{valid}: {message}"


# --- a course-2 group joins through one registration ------------------------------------------
def _validate_masks(group, parameters):
    """A stand-in course-2 group: one (n_l, 1) column of each kind for every hidden layer."""
    L = len(parameters) // 2
    return {f"{kind}{l}": group.array(f"{kind}{l}", parameters[f"b{l}"].shape)
            for l in range(1, L) for kind in ("running_mean", "running_var")}


def _store_masks(value):
    return dict(value), {}


def test_a_registered_group_is_saved_checked_and_loaded(tmp_path, monkeypatch):
    monkeypatch.setitem(weights_file._GROUPS, "masks", (_validate_masks, _store_masks))
    p = params()
    stats = {"running_mean1": np.zeros((3, 1)), "running_var1": np.ones((3, 1))}
    path = tmp_path / "w.h5"
    weights_file.save_parameters(path, p, ACTS, extras={"masks": stats})
    loaded = weights_file.load_parameters(path)
    assert sorted(loaded.extras) == ["masks"]
    assert all(np.array_equal(loaded.extras["masks"][k], v) for k, v in stats.items())
    with pytest.raises(WeightsFileError) as err:
        weights_file.save_parameters(tmp_path / "x.h5", p, ACTS,
                                     extras={"masks": {**stats, "running_var1": np.ones((1, 3))}})
    assert str(err.value) == (f"{tmp_path / 'x.h5'}: not saved: masks['running_var1'] has shape "
                              f"(1, 3), expected (3, 1)")
    monkeypatch.delitem(weights_file._GROUPS, "masks")
    with pytest.raises(WeightsFileError) as err:
        weights_file.load_parameters(path)
    assert str(err.value) == (f"{path}: unexpected group 'masks' (known groups: parameters, batchnorm, "
                              f"dropout, optimizer)")


def test_register_group_refuses_the_parameters_name():
    with pytest.raises(ValueError, match="'parameters' cannot name an extra group"):
        weights_file.register_group("parameters", _validate_masks, _store_masks)

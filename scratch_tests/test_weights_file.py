"""conventions.weights_file: bit-exact round trip, extras, architecture errors, atomic writes."""

import os

import h5py
import numpy as np
import pytest

from conventions import weights_file


def params(sizes=(4, 3, 1), dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    p = {}
    for l in range(1, len(sizes)):
        p[f"W{l}"] = rng.standard_normal((sizes[l], sizes[l - 1])).astype(dtype)
        p[f"b{l}"] = rng.standard_normal((sizes[l], 1)).astype(dtype)
    return p


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_round_trip_is_bit_exact(tmp_path, dtype):
    p = params(dtype=dtype)
    path = tmp_path / "w.h5"
    extras = {"optimizer": {"v_dW1": np.ones((3, 4), dtype), "t": 7},
              "batchnorm": {"running_mean1": np.zeros((3, 1), dtype)}}
    weights_file.save_parameters(path, p, ["relu", "sigmoid"], extras=extras)
    loaded = weights_file.load_parameters(path, layer_sizes=[4, 3, 1],
                                          activations=["relu", "sigmoid"])
    assert loaded.dtype == dtype and loaded.layer_sizes == [4, 3, 1]
    assert loaded.activations == ["relu", "sigmoid"]
    for name in p:
        assert loaded.parameters[name].dtype == dtype
        assert loaded.parameters[name].tobytes() == p[name].tobytes()
    assert int(loaded.extras["optimizer"]["t"]) == 7
    assert loaded.extras["optimizer"]["v_dW1"].shape == (3, 4)
    assert set(loaded.extras) == {"optimizer", "batchnorm"}


def test_wrong_architecture_names_layer_and_both_shapes(tmp_path):
    path = tmp_path / "w.h5"
    weights_file.save_parameters(path, params((4, 3, 1)), ["relu", "sigmoid"])
    with pytest.raises(weights_file.ArchitectureMismatch,
                       match=r"layer 1: expected W1 of shape \(5, 4\), file has \(3, 4\)"):
        weights_file.load_parameters(path, layer_sizes=[4, 5, 1])
    with pytest.raises(weights_file.ArchitectureMismatch, match="expected 3 layers"):
        weights_file.load_parameters(path, layer_sizes=[4, 3, 2, 1])
    with pytest.raises(weights_file.ArchitectureMismatch,
                       match="layer 1: expected activation 'tanh', file has 'relu'"):
        weights_file.load_parameters(path, activations=["tanh", "sigmoid"])


def test_bad_parameters_are_refused_before_writing(tmp_path):
    path = tmp_path / "w.h5"
    p = params()
    with pytest.raises(ValueError, match="activations: expected 2 entries"):
        weights_file.save_parameters(path, p, ["relu"])
    p["W2"][0, 0] = np.inf
    with pytest.raises(ValueError, match=r"parameters\['W2'\]: expected finite values"):
        weights_file.save_parameters(path, p, ["relu", "sigmoid"])
    mixed = params()
    mixed["b1"] = mixed["b1"].astype(np.float32)
    with pytest.raises(TypeError, match="expected one dtype"):
        weights_file.save_parameters(path, mixed, ["relu", "sigmoid"])
    assert not path.exists()


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "w.h5"
    weights_file.save_parameters(path, params(seed=1), ["relu", "sigmoid"])
    before = path.read_bytes()

    original = h5py.Group.create_dataset
    calls = {"n": 0}

    def failing(self, name, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full (simulated)")
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(h5py.Group, "create_dataset", failing)
    with pytest.raises(OSError, match="simulated"):
        weights_file.save_parameters(path, params(seed=2), ["relu", "sigmoid"])
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["w.h5"]


def test_not_a_weights_file(tmp_path):
    path = tmp_path / "other.h5"
    with h5py.File(path, "w") as f:
        f["x"] = 1
    with pytest.raises(ValueError, match="not a dl-parity-weights file"):
        weights_file.load_parameters(path)

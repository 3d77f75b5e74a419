"""The batch-normalised network in the weights file (conventions.batchnorm_state.save_network /
load_network, the weights file's bias rule): a network trained by scratch.batchnorm comes back
bit for bit and predicts the same; a b{l} is optional exactly where /batchnorm normalises layer
l; damaged running statistics are refused with the file and the key named."""

import h5py
import numpy as np
import pytest

from conventions import batchnorm_state, weights_file
from conventions.weights_file import WeightsFileError
from scratch import batchnorm

SIZES = [3, 5, 4, 1]
ACTS = ["relu", "relu", "sigmoid"]


def _data(m=40, seed=3):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((SIZES[0], m))
    Y = (X[0:1] + 0.5 * X[1:2] > 0).astype(np.float64)
    return X, Y


def _trained(dtype=np.float64):
    X, Y = _data()
    parameters, running, _ = batchnorm.L_layer_model_bn(
        X.astype(dtype), Y.astype(dtype), SIZES, learning_rate=0.01, mini_batch_size=16,
        num_epochs=3)
    return X.astype(dtype), parameters, running


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_trained_network_round_trips_and_predicts_the_same(tmp_path, dtype):
    X, parameters, running = _trained(dtype)
    assert "b1" not in parameters and "b3" in parameters    # the course's network, as trained
    path = tmp_path / "bn.h5"
    batchnorm_state.save_network(path, parameters, running, ACTS)
    with h5py.File(path, "r") as f:                          # the layout the docstring states
        assert sorted(f["parameters"]) == ["W1", "W2", "W3", "b3"]
        assert sorted(f["batchnorm"]) == sorted(
            f"{k}{l}" for l in (1, 2) for k in batchnorm_state.KINDS)
    loaded, loaded_running, weights = batchnorm_state.load_network(path, SIZES, ACTS)
    assert weights.layer_sizes == SIZES and weights.dtype == dtype
    for want, got in ((parameters, loaded), (running, loaded_running)):
        assert sorted(got) == sorted(want)
        for name, value in want.items():
            assert got[name].dtype == dtype and got[name].tobytes() == value.tobytes(), name
    want = batchnorm.predict_bn(X, parameters, running)
    assert np.array_equal(batchnorm.predict_bn(X, loaded, loaded_running), want)
    assert 0 < want.sum() < want.size                        # both classes predicted: not vacuous


def test_a_missing_b_without_batchnorm_at_that_layer_is_refused(tmp_path):
    """The bias rule both ways: b2 may go only because layer 2 is normalised."""
    _, parameters, running = _trained()
    plain = {k: v for k, v in parameters.items() if not k.startswith(("gamma", "beta"))}
    state = {**{k: v for k, v in parameters.items() if k.startswith(("gamma", "beta"))},
             **running}
    only_layer_1 = {k: v for k, v in state.items() if k.endswith("1")}
    path = tmp_path / "bn.h5"
    with pytest.raises(WeightsFileError) as err:
        weights_file.save_parameters(path, plain, ACTS, extras={"batchnorm": only_layer_1})
    assert str(err.value) == (f"{path}: not saved: parameters: 'W2' has no 'b2' (every W needs "
                              f"its b, layers numbered 1 ... L without gaps)")
    with pytest.raises(WeightsFileError, match="'W1' has no 'b1'"):
        weights_file.save_parameters(path, plain, ACTS)
    assert not path.exists()
    # the same file written, then /batchnorm's layer 2 deleted: the loader names b2
    batchnorm_state.save_network(path, parameters, running, ACTS)
    with h5py.File(path, "r+") as f:
        for kind in batchnorm_state.KINDS:
            del f[f"batchnorm/{kind}2"]
    with pytest.raises(WeightsFileError) as err:
        weights_file.load_parameters(path)
    assert str(err.value) == f"{path}: missing array 'parameters/b2'"


def test_a_b_beside_batchnorm_is_kept(tmp_path):
    """A Keras Dense with its bias before BatchNormalization: b{l} and /batchnorm together."""
    _, parameters, running = _trained()
    parameters = {**parameters, "b1": np.zeros((SIZES[1], 1))}
    path = tmp_path / "bn.h5"
    batchnorm_state.save_network(path, parameters, running, ACTS)
    loaded, _, _ = batchnorm_state.load_network(path)
    assert sorted(loaded) == sorted(parameters)


def _rewrite(path, key, value):
    with h5py.File(path, "r+") as f:
        del f[key]
        f.create_dataset(key, data=value, chunks=value.shape, fletcher32=True)


@pytest.mark.parametrize("edit, problem", [
    (lambda r: r["running_var2"] * np.array([[1.0], [-1.0], [1.0], [1.0]]),
     "group 'batchnorm': running_var2 holds a negative variance"),
    (lambda r: np.ones((5, 1)),
     "'batchnorm/running_var2' has shape (5, 1), expected (4, 1) (n_2, 1), n_2 the rows of W2"),
    (lambda r: np.ones((1, 4)),
     "'batchnorm/running_var2' has shape (1, 4), expected (4, 1) (n_2, 1), n_2 the rows of W2"),
])
def test_damaged_running_statistics_are_refused_naming_file_and_key(tmp_path, edit, problem):
    _, parameters, running = _trained()
    path = tmp_path / "bn.h5"
    batchnorm_state.save_network(path, parameters, running, ACTS)
    _rewrite(path, "batchnorm/running_var2", edit(running))
    with pytest.raises(WeightsFileError) as err:
        batchnorm_state.load_network(path)
    assert str(err.value).startswith(f"{path}: {problem}")
    # and the saver refuses the same values before writing anything
    target = tmp_path / "again.h5"
    with pytest.raises(WeightsFileError) as err:
        batchnorm_state.save_network(target, parameters, {**running, "running_var2": edit(running)},
                                     ACTS)
    assert str(err.value).startswith(f"{target}: not saved: ")
    assert "running_var2" in str(err.value) and not target.exists()


def test_a_file_without_batchnorm_is_not_a_batchnorm_network(tmp_path):
    rng = np.random.default_rng(0)
    parameters = {"W1": rng.standard_normal((2, 3)), "b1": np.zeros((2, 1)),
                  "W2": rng.standard_normal((1, 2)), "b2": np.zeros((1, 1))}
    path = tmp_path / "plain.h5"
    weights_file.save_parameters(path, parameters, ["relu", "sigmoid"])
    with pytest.raises(WeightsFileError, match="no group /batchnorm"):
        batchnorm_state.load_network(path)

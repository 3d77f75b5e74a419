"""The weights file's /dropout group (conventions.dropout_masks): dropout masks saved with the
network, read back bit for bit and replayed; every bad group refused on save with its reason, and
every damaged group in a file refused on load, the file named."""

import h5py
import numpy as np
import pytest

from conventions import dropout_masks, weights_file
from conventions.weights_file import WeightsFileError
from scratch import regularization

ACTS = ["relu", "tanh", "sigmoid"]


def _network(dtype=np.float64, sizes=(2, 5, 3, 1)):
    rng = np.random.default_rng(4)
    return {k: v.astype(dtype) for l in range(1, len(sizes)) for k, v in (
        (f"W{l}", rng.normal(size=(sizes[l], sizes[l - 1]))), (f"b{l}", rng.normal(size=(sizes[l], 1))))}


def _masks(parameters, m=7, keep_prob=(0.8, 0.6)):
    return regularization.dropout_masks([2, 5, 3, 1], m, keep_prob, parameters["W1"].dtype, seed=3)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_masks_round_trip_bit_for_bit_and_replay_the_same_forward_pass(tmp_path, dtype):
    parameters = _network(dtype)
    masks = _masks(parameters)
    X = np.random.default_rng(5).normal(size=(2, 7)).astype(dtype)
    AL, _, _ = regularization.L_model_forward_with_dropout(X, parameters, (0.8, 0.6), ACTS, masks)
    path = tmp_path / "dropout.h5"
    weights_file.save_parameters(path, parameters, ACTS, extras={"dropout": masks})
    loaded = weights_file.load_parameters(path)
    got = loaded.extras["dropout"]
    assert sorted(got) == ["D1", "D2"]
    for name, value in masks.items():
        assert got[name].dtype == dtype and got[name].tobytes() == value.tobytes(), name
    replayed, _, _ = regularization.L_model_forward_with_dropout(X, loaded.parameters, (0.8, 0.6),
                                                                 ACTS, got)
    assert replayed.tobytes() == AL.tobytes()


def _save(tmp_path, masks, parameters=None):
    parameters = _network() if parameters is None else parameters
    path = tmp_path / "bad.h5"
    with pytest.raises(WeightsFileError) as err:
        weights_file.save_parameters(path, parameters, ACTS, extras={"dropout": masks})
    assert not path.exists()
    return str(err.value)


@pytest.mark.parametrize("edit,message", [
    (lambda s: s.pop("D2"), "missing array dropout['D2']"),
    (lambda s: s.update(D3=np.ones((1, 7))), "group 'dropout': D3 names layer 3, but dropout applies "
                                             "to the hidden layers 1 .. 2 of the 3-layer network only "
                                             "(never the output layer)"),
    (lambda s: s.update(mask1=s["D1"]), "group 'dropout': unexpected entry 'mask1'"),
    (lambda s: s["D1"].__setitem__((1, 2), 0.5), "group 'dropout': D1 holds 0.5 at index (1, 2): a "
                                                 "mask holds 0.0 (dropped) or 1.0 (kept) only"),
    (lambda s: s.update(D2=s["D2"][:, :4]), "dropout['D2'] has shape (3, 4), expected (3, 7) (layer "
                                            "2's units by the examples of D1)"),
    (lambda s: s.update(D1=s["D1"].T), "dropout['D1'] has shape (7, 5), expected (5, m)"),
    (lambda s: s.update(D1=s["D1"].astype(np.float32)), "dropout['D1'] holds float32 numbers, "
                                                        "expected float64"),
    (lambda s: s["D2"].__setitem__((0, 0), np.nan), "dropout['D2'] holds a non-finite value (nan)"),
])
def test_a_bad_dropout_group_is_not_saved(tmp_path, edit, message):
    masks = _masks(_network())
    edit(masks)
    assert message in _save(tmp_path, masks)


def test_a_non_dict_and_a_network_without_hidden_layers_are_refused(tmp_path):
    assert "dropout masks: expected a dict D1, ..., D{L-1}, got list" in _save(tmp_path, [1])
    one_layer = {"W1": np.ones((1, 2)), "b1": np.zeros((1, 1))}
    path = tmp_path / "one.h5"
    with pytest.raises(WeightsFileError, match="the network has no hidden layer"):
        weights_file.save_parameters(path, one_layer, ["sigmoid"], extras={"dropout": {}})


def test_check_dropout_masks_applies_the_files_checks():
    parameters = _network()
    masks = _masks(parameters)
    assert dropout_masks.check_dropout_masks(masks, parameters).keys() == masks.keys()
    with pytest.raises(ValueError, match=r"missing array dropout\['D1'\]"):
        dropout_masks.check_dropout_masks({"D2": masks["D2"]}, parameters)


@pytest.fixture
def saved(tmp_path):
    parameters = _network()
    path = tmp_path / "w.h5"
    weights_file.save_parameters(path, parameters, ACTS, extras={"dropout": _masks(parameters)})
    return path


def _rewrite(path, name, value):
    with h5py.File(path, "r+") as f:
        if name in f:
            del f[name]
        f.create_dataset(name, data=value)


def _delete(path, name):
    with h5py.File(path, "r+") as f:
        del f[name]


DAMAGES = {
    "a half-kept unit": (lambda p: _rewrite(p, "dropout/D1", np.full((5, 7), 0.5)),
                         "group 'dropout': D1 holds 0.5 at index (0, 0): a mask holds 0.0 (dropped) "
                         "or 1.0 (kept) only"),
    "a mask deleted": (lambda p: _delete(p, "dropout/D2"), "missing array 'dropout/D2'"),
    "the output layer masked": (lambda p: _rewrite(p, "dropout/D3", np.ones((1, 7))),
                                "group 'dropout': D3 names layer 3, but dropout applies to the "
                                "hidden layers 1 .. 2 of the 3-layer network only (never the output "
                                "layer)"),
    "two example counts": (lambda p: _rewrite(p, "dropout/D2", np.ones((3, 6))),
                           "'dropout/D2' has shape (3, 6), expected (3, 7) (layer 2's units by the "
                           "examples of D1)"),
    "integer masks": (lambda p: _rewrite(p, "dropout/D1", np.ones((5, 7), dtype=np.int64)),
                      "'dropout/D1' holds integers (int64), expected float64 (the file's dtype "
                      "attribute)"),
}


@pytest.mark.parametrize("kind", list(DAMAGES))
def test_a_damaged_dropout_group_is_named_with_the_file(saved, kind):
    damage, message = DAMAGES[kind]
    damage(saved)
    with pytest.raises(WeightsFileError) as err:
        weights_file.load_parameters(saved)
    assert str(err.value).startswith(f"{saved}: ")
    assert message in str(err.value)

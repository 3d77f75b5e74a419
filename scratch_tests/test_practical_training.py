"""practical.train_with_early_stopping on a one-layer (logistic) network, where each epoch is the
gradient-descent step written here (dW = (A - Y) X.T / m, db = mean(A - Y)); its defaults, its
history and its messages in full. NumPy only."""

import inspect
import re

import numpy as np
import pytest

from scratch import deep, practical


def _sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


def _cost(X, Y, W, b):
    A = _sigmoid(W @ X + b)
    return -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))


def _data(seed=0):
    rng = np.random.RandomState(seed)
    X, X_dev = rng.randn(2, 8), rng.randn(2, 5)
    Y = (X[:1] + 0.5 * rng.randn(1, 8) > 0).astype(np.float64)
    Y_dev = (X_dev[:1] > 0).astype(np.float64)
    return X, Y, X_dev, Y_dev


START = {"W1": np.array([[0.3, -0.2]]), "b1": np.array([[0.1]])}


def test_defaults():
    defaults = {k: p.default for k, p in
                inspect.signature(practical.train_with_early_stopping).parameters.items()}
    assert (defaults["learning_rate"], defaults["num_epochs"], defaults["patience"],
            defaults["min_delta"]) == (0.0075, 1000, 10, 0.0)


def test_each_epoch_is_a_gradient_step_and_the_history_records_it():
    X, Y, X_dev, Y_dev = _data()
    seen = []
    parameters, history = practical.train_with_early_stopping(
        X, Y, X_dev, Y_dev, [2, 1], 0.5, 3, 100, initial_parameters=START,
        progress=lambda e, c: seen.append((e, float(c))))
    W, b = START["W1"], START["b1"]
    costs, dev_costs = [], []
    for _ in range(3):
        costs.append(_cost(X, Y, W, b))
        dZ = _sigmoid(W @ X + b) - Y
        W, b = W - 0.5 * dZ @ X.T / 8, b - 0.5 * np.mean(dZ, axis=1, keepdims=True)
        dev_costs.append(_cost(X_dev, Y_dev, W, b))
    np.testing.assert_allclose([float(c) for c in history["cost"]], costs, rtol=1e-13)
    np.testing.assert_allclose([float(c) for c in history["dev_cost"]], dev_costs, rtol=1e-13)
    assert seen == [(e, float(c)) for e, c in enumerate(history["cost"])]
    best = int(np.argmin(dev_costs))
    assert history["best_epoch"] == best and history["stopped_epoch"] == 0
    if best == 2:
        np.testing.assert_allclose(parameters["W1"], W, rtol=1e-13)


def test_no_epoch_returns_the_start_and_an_empty_history():
    X, Y, X_dev, Y_dev = _data()
    parameters, history = practical.train_with_early_stopping(X, Y, X_dev, Y_dev, None, 0.5, 0,
                                                              initial_parameters=START)
    assert history == {"cost": [], "dev_cost": [], "best_epoch": 0, "stopped_epoch": 0}
    assert all(np.array_equal(parameters[k], START[k]) for k in START)


def test_a_flat_dev_cost_is_no_improvement():
    # X = [[1, -1]], Y = [[1, 0]]: A - Y sums to 0, so b stays 0; dev X = 0: dev cost log 2 always
    X, Y = np.array([[1.0, -1.0]]), np.array([[1.0, 0.0]])
    X_dev, Y_dev = np.zeros((1, 3)), np.array([[1.0, 0.0, 1.0]])
    start = {"W1": np.array([[0.2]]), "b1": np.zeros((1, 1))}
    parameters, history = practical.train_with_early_stopping(X, Y, X_dev, Y_dev, None, 1.0, 50, 3,
                                                              initial_parameters=start)
    assert [float(c) for c in history["dev_cost"]] == pytest.approx([np.log(2)] * 4, rel=1e-15)
    assert history["best_epoch"] == 0 and history["stopped_epoch"] == 3
    # the parameters after epoch 0's step: W = 0.2 - (A - Y) X.T / m with A = sigmoid(+-0.2)
    step = -(_sigmoid(0.2) - 1 - (_sigmoid(-0.2))) / 2
    assert parameters["W1"][0, 0] == pytest.approx(0.2 + step, rel=1e-14)


def test_min_delta_demands_more_than_a_small_gain():
    X, Y, X_dev, Y_dev = _data(1)
    _, plain = practical.train_with_early_stopping(X, Y, X, Y, None, 0.5, 20, 2,
                                                   initial_parameters=START)
    assert plain["stopped_epoch"] == 0 and plain["best_epoch"] == 19   # the training cost falls
    _, strict = practical.train_with_early_stopping(X, Y, X, Y, None, 0.5, 20, 2, 10.0,
                                                    initial_parameters=START)
    assert strict["best_epoch"] == 0 and strict["stopped_epoch"] == 2


def test_default_start_is_xavier_seed_1_in_X_dtype():
    X, Y, X_dev, Y_dev = _data()
    X32, X_dev32 = X.astype(np.float32), X_dev.astype(np.float32)
    parameters, _ = practical.train_with_early_stopping(X32, Y, X_dev32, Y_dev, [2, 3, 1], 0.5, 0)
    start = deep.initialize_parameters_deep([2, 3, 1], "xavier", np.float32, seed=1)
    for k in start:
        assert parameters[k].dtype == np.float32 and np.array_equal(parameters[k], start[k]), k
    given, _ = practical.train_with_early_stopping(X32, Y, X_dev32, Y_dev, None, 0.5, 0,
                                                   initial_parameters=START)
    assert given["W1"].dtype == np.float32


@pytest.mark.parametrize("layers_dims, initial, message", [
    (None, None, "layers_dims: required when initial_parameters is not given"),
    ([2, 3, 1], START, "layers_dims: [2, 3, 1] does not match initial_parameters' layer sizes "
                       "[2, 1]"),
    (None, {"W1": np.ones((1, 3)), "b1": np.zeros((1, 1))},
     "initial_parameters: W1 takes 3 inputs, X_train has 2 rows"),
])
def test_start_messages(layers_dims, initial, message):
    X, Y, X_dev, Y_dev = _data()
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        practical.train_with_early_stopping(X, Y, X_dev, Y_dev, layers_dims, 0.5, 1,
                                            initial_parameters=initial)


def test_patience_1_stops_at_the_first_flat_epoch():
    X, Y = np.array([[1.0, -1.0]]), np.array([[1.0, 0.0]])
    X_dev, Y_dev = np.zeros((1, 3)), np.array([[1.0, 0.0, 1.0]])
    start = {"W1": np.array([[0.2]]), "b1": np.zeros((1, 1))}
    _, history = practical.train_with_early_stopping(X, Y, X_dev, Y_dev, None, 1.0, 50, 1,
                                                     initial_parameters=start)
    assert history["best_epoch"] == 0 and history["stopped_epoch"] == 1
    assert len(history["dev_cost"]) == 2

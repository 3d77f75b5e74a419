"""scratch.tf_tutorial's SIGNS training loop and initialiser against a reference written here from
the tutorial's description (NumPy only, no call into scratch's math): Glorot normal weights drawn
from np.random.RandomState(seed) (standard normals, every draw outside [-2, 2] drawn again, times
sqrt(2 / (n_prev + n)) / 0.87962566103423978, the std of that truncated normal), mini-batches of
one permutation per epoch from RandomState(seed + 1 + epoch), LINEAR -> RELU -> LINEAR -> RELU ->
LINEAR -> SOFTMAX, dZ3 = (softmax(Z3) - Y) / m_batch, Adam (0.9, 0.999, 1e-8) with t counted over
every update, the epoch cost the summed cross-entropy / m, accuracies of the final weights.

A tiny network (4 inputs, 5 and 6 examples, 2 epochs, mini-batches of 2: two full ones and one
partial) keeps each test well under a second; the model's defaults are read by replacing its
kernel `_model` with a recorder (the course's 1500 epochs are not run)."""

import math
import re

import numpy as np
import pytest

from scratch import tf_tutorial

TRUNCATED_STD = 0.87962566103423978        # std of a standard normal truncated at +-2
SIZES = [4, 25, 12, 6]


def glorot(sizes, seed):
    stream = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(sizes)):
        n, n_prev = sizes[l], sizes[l - 1]
        x = stream.standard_normal(n * n_prev)
        while (np.abs(x) > 2.0).any():
            x[np.abs(x) > 2.0] = stream.standard_normal(int((np.abs(x) > 2.0).sum()))
        parameters[f"W{l}"] = x.reshape(n, n_prev) * (math.sqrt(2.0 / (n_prev + n)) / TRUNCATED_STD)
        parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters


def forward(X, p):
    Z1 = p["W1"] @ X + p["b1"]
    A1 = np.maximum(Z1, 0)
    Z2 = p["W2"] @ A1 + p["b2"]
    A2 = np.maximum(Z2, 0)
    Z3 = p["W3"] @ A2 + p["b3"]
    return Z1, A1, Z2, A2, Z3


def losses(Z3, Y):
    top = Z3.max(axis=0)
    return top + np.log(np.exp(Z3 - top).sum(axis=0)) - (Y * Z3).sum(axis=0)


def reference_run(X, Y, p, learning_rate, num_epochs, minibatch_size, seed):
    p = {k: v.copy() for k, v in p.items()}
    v = {k: np.zeros_like(a) for k, a in p.items()}
    s = {k: np.zeros_like(a) for k, a in p.items()}
    m, t, costs = X.shape[1], 0, []
    for epoch in range(num_epochs):
        order = np.random.RandomState(seed + 1 + epoch).permutation(m)
        total = 0.0
        for start in range(0, m, minibatch_size):
            cols = order[start:start + minibatch_size]
            x, y = X[:, cols], Y[:, cols]
            Z1, A1, Z2, A2, Z3 = forward(x, p)
            total += losses(Z3, y).sum()
            e = np.exp(Z3 - Z3.max(axis=0))
            dZ3 = (e / e.sum(axis=0) - y) / x.shape[1]
            dZ2 = (p["W3"].T @ dZ3) * (Z2 > 0)
            dZ1 = (p["W2"].T @ dZ2) * (Z1 > 0)
            grads = {"W3": dZ3 @ A2.T, "b3": dZ3.sum(axis=1, keepdims=True),
                     "W2": dZ2 @ A1.T, "b2": dZ2.sum(axis=1, keepdims=True),
                     "W1": dZ1 @ x.T, "b1": dZ1.sum(axis=1, keepdims=True)}
            t += 1
            for k, g in grads.items():
                v[k] = 0.9 * v[k] + 0.1 * g
                s[k] = 0.999 * s[k] + 0.001 * g * g
                p[k] = p[k] - learning_rate * (v[k] / (1 - 0.9 ** t)) / (
                    np.sqrt(s[k] / (1 - 0.999 ** t)) + 1e-8)
        costs.append(total / m)
    return p, costs


def accuracy(X, Y, p):
    return np.mean(np.argmax(forward(X, p)[-1], axis=0) == np.argmax(Y, axis=0))


def data():
    rng = np.random.RandomState(7)
    X, Xt = rng.standard_normal((4, 5)), rng.standard_normal((4, 6))
    Y = np.eye(6)[:, [0, 2, 5, 2, 1]]
    Yt = np.eye(6)[:, [3, 0, 2, 2, 4, 1]]
    return X, Y, Xt, Yt


def test_initialize_parameters_draws_glorot_normal_from_the_seed():
    for seed in (1, 4):
        p = tf_tutorial.initialize_parameters(SIZES, seed=seed)
        expected = glorot(SIZES, seed)
        assert list(p) == list(expected)
        for name, value in expected.items():
            assert p[name].dtype == np.float64 and p[name].shape == value.shape, name
            np.testing.assert_allclose(p[name], value, rtol=1e-15, atol=0, err_msg=name)


def test_initialize_parameters_defaults_are_the_tutorials_network_seed_1_float64():
    p = tf_tutorial.initialize_parameters()
    expected = glorot([12288, 25, 12, 6], 1)
    for name, value in expected.items():
        assert p[name].dtype == np.float64 and p[name].shape == value.shape, name
        np.testing.assert_allclose(p[name], value, rtol=1e-15, atol=0, err_msg=name)
    p32 = tf_tutorial.initialize_parameters(SIZES, dtype=np.float32)
    assert all(a.dtype == np.float32 for a in p32.values())


@pytest.mark.parametrize("layers_dims", [[4, 25, 6], [4, 25, 12, 8, 6]])
def test_initialize_parameters_wants_three_layers(layers_dims):
    message = f"layers_dims: expected the tutorial's [n_x, 25, 12, 6] (3 layers), got {layers_dims}"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        tf_tutorial.initialize_parameters(layers_dims)


@pytest.mark.parametrize("seed", [3, 0])
def test_the_loop_is_the_tutorials(seed, capsys):
    X, Y, Xt, Yt = data()
    start = glorot(SIZES, 2)
    expected, expected_costs = reference_run(X, Y, start, 0.01, 2, 2, seed)
    parameters, costs, train_acc, test_acc = tf_tutorial.model(
        X, Y, Xt, Yt, learning_rate=0.01, num_epochs=2, minibatch_size=2, seed=seed,
        initial_parameters=start)
    assert len(costs) == 2
    np.testing.assert_allclose(costs, expected_costs, rtol=1e-12, atol=0)
    for name, value in expected.items():
        np.testing.assert_allclose(parameters[name], value, rtol=1e-10, atol=1e-13, err_msg=name)
    assert train_acc == accuracy(X, Y, expected) and test_acc == accuracy(Xt, Yt, expected)
    assert isinstance(train_acc, float) and isinstance(test_acc, float)
    for name, value in glorot(SIZES, 2).items():               # the start is not modified
        assert np.array_equal(start[name], value), name
    assert capsys.readouterr().out == ""


def test_the_accuracies_count_each_set_by_its_own_labels():
    """Weights that put every example in class 2: the training labels have two 2s of 5, the test
    labels two of 6."""
    X, Y, Xt, Yt = data()
    p = {k: np.zeros_like(v) for k, v in glorot(SIZES, 2).items()}
    p["b3"][2] = 1.0
    _, _, train_acc, test_acc = tf_tutorial.model(X, Y, Xt, Yt, num_epochs=0, initial_parameters=p)
    assert (train_acc, test_acc) == (2 / 5, 2 / 6)


def test_print_cost_prints_every_10th_epoch(capsys):
    X, Y, Xt, Yt = data()
    start = glorot(SIZES, 2)
    _, costs, _, _ = tf_tutorial.model(X, Y, Xt, Yt, num_epochs=12, minibatch_size=5,
                                       print_cost=True, initial_parameters=start)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["Cost after epoch 0", "Cost after epoch 10"]
    assert [float(line.split(": ")[1]) for line in lines] == [costs[0], costs[10]]
    _, expected_costs = reference_run(X, Y, start, 0.0001, 12, 5, 3)
    np.testing.assert_allclose(costs, expected_costs, rtol=1e-12, atol=0)


def _recording(monkeypatch):
    calls = []
    monkeypatch.setattr(tf_tutorial, "_model", lambda *args: calls.append(args))
    return calls


def test_model_defaults_are_the_tutorials(monkeypatch):
    """learning_rate 0.0001, 1500 epochs, mini-batches of 32, no printing, seed 3, and the weights
    of initialize_parameters([n_x, 25, 12, 6]) (seed 1) in X_train's dtype."""
    X, Y, Xt, Yt = data()
    calls = _recording(monkeypatch)
    tf_tutorial.model(X, Y, Xt, Yt)
    args = calls[0]
    assert args[5:] == (0.0001, 1500, 32, False, 3)
    for name, value in glorot(SIZES, 1).items():
        np.testing.assert_allclose(args[4][name], value, rtol=1e-15, atol=0, err_msg=name)
    for given, passed in zip((X, Y, Xt, Yt), args[:4]):
        assert np.array_equal(given, passed)
    f32 = [a.astype(np.float32) for a in (X, Y, Xt, Yt)]
    tf_tutorial.model(*f32)
    assert all(a.dtype == np.float32 for a in calls[1][4].values())
    assert all(a.dtype == np.float32 for a in calls[1][:4])


@pytest.mark.parametrize("change, error, message", [
    ({"Y_train": np.eye(6)[:, [0, 1, 2, 3]]}, ValueError,
     r"^Y_train: expected 5 columns, got shape \(6, 4\)"),
    ({"Y_test": np.eye(6)[:, [0, 1, 2]]}, ValueError,
     r"^Y_test: expected 6 columns, got shape \(6, 3\)"),
    ({"Y_train": np.eye(5)[:, [0, 1, 2, 3, 4]]}, ValueError,
     r"^Y_train: expected 6 rows, got shape \(5, 5\)$"),
    ({"Y_test": np.eye(5)[:, [0, 1, 2, 3, 4, 0]]}, ValueError,
     r"^Y_test: expected 6 rows, got shape \(5, 6\)$"),
    ({"X_test": np.zeros((3, 6))}, ValueError, r"^X: expected 4 rows \(n_x of W1\), got shape \(3, 6\)"),
    ({"learning_rate": 0}, ValueError, r"^learning_rate: expected a positive finite number, got 0$"),
    ({"num_epochs": -1}, ValueError, r"^num_epochs: "),
    ({"minibatch_size": 0}, ValueError, r"^minibatch_size: "),
    ({"seed": -1}, ValueError, r"^seed: "),
])
def test_model_names_the_bad_argument(change, error, message):
    X, Y, Xt, Yt = data()
    arguments = {"X_train": X, "Y_train": Y, "X_test": Xt, "Y_test": Yt,
                 "initial_parameters": glorot(SIZES, 2), **change}
    with pytest.raises(error, match=message):
        tf_tutorial.model(**arguments)


def test_float32_inputs_with_float64_labels_train_in_float32():
    """The labels are converted to X's dtype: float64 labels would turn every float32 update
    into float64 (float32 - float64 is float64 in NumPy)."""
    X, Y, Xt, Yt = data()
    start = {k: v.astype(np.float32) for k, v in glorot(SIZES, 2).items()}
    parameters, costs, _, _ = tf_tutorial.model(X.astype(np.float32), Y, Xt.astype(np.float32), Yt,
                                                num_epochs=1, initial_parameters=start)
    assert all(value.dtype == np.float32 for value in parameters.values())

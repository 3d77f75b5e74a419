"""softmax.L_layer_model (scratch/softmax.py): the course's defaults, and two full-batch epochs of
each optimizer against updates written here from central-difference gradients of a softmax
cross-entropy written here. NumPy only."""

import inspect
import re

import numpy as np
import pytest

from scratch import deep, softmax
from scratch_tests.gradcheck import numerical_gradient

LAYERS = [3, 4, 3]
HIDDEN = ["tanh"]      # smooth: central differences need no kink


def _data(seed=0, m=6):
    rng = np.random.RandomState(seed)
    X = rng.randn(LAYERS[0], m)
    Y = np.eye(LAYERS[-1])[:, rng.randint(0, LAYERS[-1], m)]
    params = {}
    for l in range(1, len(LAYERS)):
        params[f"W{l}"] = rng.randn(LAYERS[l], LAYERS[l - 1])
        params[f"b{l}"] = rng.randn(LAYERS[l], 1) * 0.1
    return X, Y, params


def _cost(X, Y, params):
    A1 = np.tanh(params["W1"] @ X + params["b1"])
    Z2 = params["W2"] @ A1 + params["b2"]
    log_softmax = Z2 - np.log(np.sum(np.exp(Z2), axis=0, keepdims=True))
    return -np.sum(Y * log_softmax) / X.shape[1]


def _grads(X, Y, params):
    return {k: numerical_gradient(lambda v, k=k: _cost(X, Y, {**params, k: v}), p)
            for k, p in params.items()}


def _hand_training(X, Y, params, optimizer, lr, beta, beta1, beta2, eps, epochs):
    v = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}
    for t in range(1, epochs + 1):
        g = _grads(X, Y, params)
        new = {}
        for k, p in params.items():
            if optimizer == "gd":
                new[k] = p - lr * g[k]
            elif optimizer == "momentum":
                v[k] = beta * v[k] + (1 - beta) * g[k]
                new[k] = p - lr * v[k]
            elif optimizer == "rmsprop":
                s[k] = beta * s[k] + (1 - beta) * g[k] ** 2
                new[k] = p - lr * g[k] / (np.sqrt(s[k]) + eps)
            else:
                v[k] = beta1 * v[k] + (1 - beta1) * g[k]
                s[k] = beta2 * s[k] + (1 - beta2) * g[k] ** 2
                v_hat, s_hat = v[k] / (1 - beta1 ** t), s[k] / (1 - beta2 ** t)
                new[k] = p - lr * v_hat / (np.sqrt(s_hat) + eps)
        params = new
    return params


def test_defaults_are_the_courses():
    defaults = {k: p.default for k, p in inspect.signature(softmax.L_layer_model).parameters.items()}
    assert (defaults["optimizer"], defaults["learning_rate"], defaults["mini_batch_size"],
            defaults["num_epochs"], defaults["print_cost"]) == ("adam", 0.0007, 64, 1000, False)
    assert (defaults["beta"], defaults["beta1"], defaults["beta2"], defaults["epsilon"]) == \
        (0.9, 0.9, 0.999, 1e-8)
    assert (defaults["scale"], defaults["seed"], defaults["activations"]) == ("he", 1, None)


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "rmsprop", "adam"])
def test_two_full_batch_epochs_are_the_optimizers_updates(optimizer, capsys):
    # one mini-batch of all m examples: the epoch's shuffle does not change the mean gradient
    X, Y, params = _data()
    hyper = {"beta": 0.7, "beta1": 0.6, "beta2": 0.8, "epsilon": 0.05}
    seen = []
    out, costs = softmax.L_layer_model(X, Y, None, optimizer, 0.1, 64, 2, True, **hyper,
                                       initial_parameters=params, activations=HIDDEN,
                                       progress=lambda i, c: seen.append((i, float(c))))
    expected = _hand_training(X, Y, params, optimizer, 0.1, hyper["beta"], hyper["beta1"],
                              hyper["beta2"], hyper["epsilon"], 2)
    assert sorted(out) == sorted(params)
    for k in params:
        assert np.allclose(out[k], expected[k], rtol=0, atol=1e-7), k
    J0 = _cost(X, Y, params)
    assert len(costs) == 1 and float(costs[0]) == pytest.approx(J0, rel=1e-13)
    assert seen == [(0, float(costs[0]))]
    J1 = float(_cost(X, Y, _hand_training(X, Y, params, optimizer, 0.1, hyper["beta"],
                                          hyper["beta1"], hyper["beta2"], hyper["epsilon"], 1)))
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == f"Cost after epoch 0: {float(costs[0])}"
    assert printed[1].startswith("Cost after epoch 1: ")
    assert float(printed[1].split(": ")[1]) == pytest.approx(J1, rel=1e-6)


def test_default_hidden_activation_is_relu():
    X, Y, params = _data(1)
    out, costs = softmax.L_layer_model(X, Y, None, "gd", 0.1, 64, 1, initial_parameters=params)
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.maximum(Z1, 0)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = np.exp(Z2) / np.sum(np.exp(Z2), axis=0, keepdims=True)
    dZ2 = (A2 - Y) / X.shape[1]
    assert np.allclose(out["W2"], params["W2"] - 0.1 * dZ2 @ A1.T, rtol=0, atol=1e-14)
    assert float(costs[0]) == pytest.approx(-np.sum(Y * np.log(A2)) / X.shape[1], rel=1e-13)


def test_starts_from_he_initialisation_with_the_seed():
    X, Y, _ = _data(2)
    out, costs = softmax.L_layer_model(X, Y, LAYERS, num_epochs=0)
    start = deep.initialize_parameters_deep(LAYERS, "he", seed=1)
    assert costs == [] and sorted(out) == sorted(start)
    for k in start:
        assert np.array_equal(out[k], start[k]), k
    other, _ = softmax.L_layer_model(X, Y, LAYERS, num_epochs=0, scale=0.01, seed=4)
    assert np.array_equal(other["W1"], deep.initialize_parameters_deep(LAYERS, 0.01, seed=4)["W1"])


def test_the_classes_must_match_the_output_layer():
    X, _, params = _data()
    message = "Y: expected 3 classes (the output layer's units), got 2 rows"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        softmax.L_layer_model(X, np.eye(2)[:, [0, 1, 0, 1, 0, 1]], None, initial_parameters=params)


def test_two_mini_batches_follow_the_epoch_seed_11():
    # m = 6 in batches of 4 and 2: epoch 0 shuffles with RandomState(10 + 1), the course's
    # permutation, then one gradient step per batch; the epoch's cost is the batches' mean by size
    X, Y, params = _data(3)
    out, costs = softmax.L_layer_model(X, Y, None, "gd", 0.3, 4, 1, initial_parameters=params,
                                       activations=HIDDEN)
    order = np.random.RandomState(11).permutation(6)
    Xs, Ys = X[:, order], Y[:, order]
    expected, total = params, 0.0
    for part in (slice(0, 4), slice(4, 6)):
        Xb, Yb = Xs[:, part], Ys[:, part]
        total += _cost(Xb, Yb, expected) * Xb.shape[1]
        g = _grads(Xb, Yb, expected)
        expected = {k: v - 0.3 * g[k] for k, v in expected.items()}
    for k in params:
        assert np.allclose(out[k], expected[k], rtol=0, atol=1e-7), k
    # the second batch's cost is taken after a step of central-difference gradients (~1e-9 off)
    assert float(costs[0]) == pytest.approx(total / 6, rel=1e-8)


@pytest.mark.parametrize("X, Y, message", [
    (np.ones(3), np.eye(3), "X: expected a 2-D array, got shape (3,) (reshape to (3, 1) or (1, 3))"),
    (np.ones((2, 3)), np.eye(3)[:, :2], "Y: expected 3 columns, got shape (3, 2)"),
    (np.ones((2, 3)), 2 * np.eye(3),
     "Y: expected one-hot columns (one 1, the rest 0), column 0 is [2.0, 0.0, 0.0]"),
])
def test_messages_in_full(X, Y, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        softmax.L_layer_model(X, Y, [X.shape[0], 3], num_epochs=0)


def test_float32_training_stays_float32():
    X, Y, params = _data(4)
    out, costs = softmax.L_layer_model(X.astype(np.float32), Y, None, "gd", 0.1, 64, 1,
                                       initial_parameters={k: v.astype(np.float32)
                                                           for k, v in params.items()})
    assert costs[0].dtype == np.float32 and all(v.dtype == np.float32 for v in out.values())

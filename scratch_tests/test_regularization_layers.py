"""The L-layer forms of the regularisation assignment (scratch/regularization.py): the L1 cost by
hand, every gradient against central differences of a cost written here, the model's one step
against a hand-written gradient-descent step, its defaults and its messages. NumPy only."""

import inspect
import re

import numpy as np
import pytest

from scratch import regularization as reg
from scratch_tests.gradcheck import THRESHOLD, numerical_gradient, relative_difference

LAYERS = [3, 4, 2, 1]
ACTS = ["tanh", "tanh", "sigmoid"]     # smooth everywhere: central differences need no kink
SIGMOID_OUTPUT = ("activations: the output layer 3 must be sigmoid (the cost is the cross-entropy "
                  "of a sigmoid output, dZL = AL - Y), got 'relu'")


def _network(seed=0, m=5):
    rng = np.random.RandomState(seed)
    X = rng.randn(LAYERS[0], m)
    Y = (rng.rand(1, m) > 0.5).astype(np.float64)
    Y[0, :2] = [1.0, 0.0]
    params = {}
    for l in range(1, len(LAYERS)):
        params[f"W{l}"] = rng.randn(LAYERS[l], LAYERS[l - 1])
        params[f"b{l}"] = rng.randn(LAYERS[l], 1) * 0.1
    return X, Y, params


def _forward(X, params, masks=None, keep=None):
    A, L = X, len(LAYERS) - 1
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        A = 1 / (1 + np.exp(-Z)) if l == L else np.tanh(Z)
        if masks is not None and l < L:
            A = A * masks[f"D{l}"] / keep[l - 1]
    return A


def _cost(X, Y, params, lambd=0.0, norm=2, masks=None, keep=None):
    AL = _forward(X, params, masks, keep)
    m = Y.shape[1]
    J = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    Ws = [v for k, v in params.items() if k.startswith("W")]
    if norm == 2:
        return J + lambd / (2 * m) * sum(np.sum(W * W) for W in Ws)
    return J + lambd / m * sum(np.sum(np.abs(W)) for W in Ws)


def _numerical(X, Y, params, **kw):
    grads = {}
    for key in params:
        def f(v, key=key):
            return _cost(X, Y, {**params, key: v}, **kw)
        grads["d" + key] = numerical_gradient(f, params[key])
    return grads


def _assert_grads(grads, expected):
    for key, value in expected.items():
        assert grads[key].shape == value.shape, key
        assert relative_difference(grads[key], value) < THRESHOLD, key


def test_l1_cost_by_hand():
    # AL = 1/2 on both examples: cross-entropy log 2; ||W||_1 = 1 + 2 + 3 = 6; lambd / m = 0.1 / 2
    AL, Y = np.array([[0.5, 0.5]]), np.array([[1.0, 0.0]])
    params = {"W1": np.array([[1.0, -2.0]]), "b1": np.array([[9.0]]), "W2": np.array([[3.0]])}
    J = reg.compute_cost_with_L1_regularization(AL, Y, params, 0.1)
    assert np.ndim(J) == 0
    assert J == pytest.approx(np.log(2) + 0.3, rel=1e-15)


def test_l1_cost_needs_weights():
    with pytest.raises(KeyError, match=re.escape("parameters: no W1, W2, ... among ['b1']")):
        reg.compute_cost_with_L1_regularization(np.array([[0.5]]), np.array([[1.0]]),
                                                {"b1": np.zeros((1, 1))}, 0.1)


@pytest.mark.parametrize("norm, function", [
    (2, reg.L_model_backward_with_regularization),
    (1, reg.L_model_backward_with_L1_regularization),
])
@pytest.mark.parametrize("lambd", [0.0, 0.7])
def test_penalised_gradients_match_central_differences(norm, function, lambd):
    X, Y, params = _network()
    AL, caches, _ = reg.L_model_forward_with_dropout(X, params, keep_prob=1.0, activations=ACTS)
    assert np.allclose(AL, _forward(X, params), rtol=1e-14, atol=0)
    grads = function(AL, Y, caches, lambd, activations=ACTS)
    _assert_grads(grads, _numerical(X, Y, params, lambd=lambd, norm=norm))
    # dA0 = m dJ/dX of the unpenalised cost (deep's convention: dA of m J)
    dX = numerical_gradient(lambda v: _cost(v, Y, params), X)
    assert relative_difference(grads["dA0"], X.shape[1] * dX) < THRESHOLD
    assert grads["dA2"].shape == (2, 5) and grads["dA1"].shape == (4, 5)


def test_default_activations_are_relu_then_sigmoid():
    X, Y, params = _network(1)
    AL, caches, _ = reg.L_model_forward_with_dropout(X, params, keep_prob=1.0)
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.maximum(Z1, 0)
    A2 = np.maximum(params["W2"] @ A1 + params["b2"], 0)
    assert np.allclose(AL, 1 / (1 + np.exp(-(params["W3"] @ A2 + params["b3"]))), rtol=1e-14)
    grads = reg.L_model_backward_with_regularization(AL, Y, caches, 0.0)
    dZ3 = AL - Y
    assert np.allclose(grads["dW3"], dZ3 @ A2.T / 5, rtol=1e-13)
    dZ2 = (params["W3"].T @ dZ3) * (A2 > 0)
    assert np.allclose(grads["dW2"], dZ2 @ A1.T / 5, rtol=1e-13, atol=1e-300)


def test_dropout_gradients_match_central_differences():
    X, Y, params = _network(2)
    keep = [0.8, 0.5]
    masks = {"D1": np.array([[1, 0, 1, 1, 1], [1, 1, 0, 1, 1], [0, 1, 1, 1, 1], [1, 1, 1, 0, 1.0]]),
             "D2": np.array([[1, 1, 0, 1, 1], [0, 1, 1, 1, 1.0]])}
    AL, caches, used = reg.L_model_forward_with_dropout(X, params, keep, ACTS, masks=masks)
    assert used is masks or all(np.array_equal(used[k], masks[k]) for k in masks)
    assert np.allclose(AL, _forward(X, params, masks, keep), rtol=1e-14, atol=0)
    grads = reg.L_model_backward_with_dropout(AL, Y, caches, masks, keep, activations=ACTS)
    _assert_grads(grads, _numerical(X, Y, params, masks=masks, keep=keep))
    dX = numerical_gradient(lambda v: _cost(v, Y, params, masks=masks, keep=keep), X)
    assert relative_difference(grads["dA0"], X.shape[1] * dX) < THRESHOLD


def test_backward_rejects_a_relu_output():
    X, Y, params = _network()
    AL, caches, _ = reg.L_model_forward_with_dropout(X, params, 1.0, ["tanh", "tanh", "relu"])
    with pytest.raises(ValueError, match=f"^{re.escape(SIGMOID_OUTPUT)}$"):
        reg.L_model_backward_with_regularization(AL, Y, caches, 0.1, ["tanh", "tanh", "relu"])


def test_backward_checks_AL_against_the_last_cache():
    X, Y, params = _network()
    AL, caches, _ = reg.L_model_forward_with_dropout(X, params, 1.0, ACTS)
    with pytest.raises(ValueError, match=re.escape("AL: expected 5 columns, got shape (1, 4)")):
        reg.L_model_backward_with_L1_regularization(AL[:, :4], Y, caches, 0.1, ACTS)
    with pytest.raises(TypeError, match=re.escape("expected one float dtype for all arrays, got "
                                                   "AL: float32, Z: float64")):
        reg.L_model_backward_with_L1_regularization(AL.astype(np.float32), Y, caches, 0.1, ACTS)


def test_model_defaults_are_the_assignments():
    defaults = {k: p.default for k, p in inspect.signature(reg.model).parameters.items()}
    assert (defaults["learning_rate"], defaults["num_iterations"], defaults["print_cost"],
            defaults["lambd"], defaults["keep_prob"]) == (0.3, 30000, True, 0, 1)
    assert defaults["mask_seed"] == 1 and defaults["layers_dims"] is None


def _step(X, Y, params, lr, **kw):
    g = _numerical(X, Y, params, **kw)
    return {k: v - lr * g["d" + k] for k, v in params.items()}


@pytest.mark.parametrize("lambd", [0.0, 0.5])
def test_model_one_step_is_gradient_descent(lambd, capsys):
    X, Y, params = _network(3)
    seen = []
    out = reg.model(X, Y, learning_rate=0.2, num_iterations=1, print_cost=True, lambd=lambd,
                    activations=ACTS, initial_parameters=params,
                    progress=lambda i, c: seen.append((i, float(c))))
    expected = _step(X, Y, params, 0.2, lambd=lambd)
    for k in params:
        assert np.allclose(out[k], expected[k], rtol=0, atol=1e-8), k
    cost = _cost(X, Y, params, lambd=lambd)
    assert seen[0][0] == 0 and seen[0][1] == pytest.approx(cost, rel=1e-13)
    assert capsys.readouterr().out == f"Cost after iteration 0: {seen[0][1]}\n"
    assert params["W1"] is not out["W1"]


def test_model_two_steps_with_dropout_reuse_the_seeded_masks(capsys):
    X, Y, params = _network(4)
    keep = [0.8, 0.5]
    masks = reg.dropout_masks(LAYERS, X.shape[1], keep, seed=5)
    out = reg.model(X, Y, learning_rate=0.1, num_iterations=2, print_cost=False, lambd=0.3,
                    keep_prob=keep, activations=ACTS, initial_parameters=params, mask_seed=5)
    expected = params
    for _ in range(2):
        expected = _step(X, Y, expected, 0.1, lambd=0.3, masks=masks, keep=keep)
    for k in params:
        assert np.allclose(out[k], expected[k], rtol=0, atol=1e-8), k
    assert capsys.readouterr().out == ""


def test_model_prints_every_10000_and_reports_every_1000(capsys):
    X, Y, params = _network(5)
    seen = []
    reg.model(X, Y, learning_rate=0.01, num_iterations=10001, activations=ACTS,
              initial_parameters=params, progress=lambda i, c: seen.append(i))
    assert seen == list(range(0, 10001, 1000))
    printed = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in printed] == ["Cost after iteration 0",
                                                        "Cost after iteration 10000"]


def test_model_default_network_is_the_assignments():
    rng = np.random.RandomState(6)
    X = rng.randn(2, 7)
    Y = (rng.rand(1, 7) > 0.5).astype(np.float64)
    out = reg.model(X, Y, num_iterations=0, print_cost=False)
    draw = np.random.RandomState(3)
    for l, (n, n_prev) in enumerate([(20, 2), (3, 20), (1, 3)], start=1):
        assert np.array_equal(out[f"W{l}"], draw.randn(n, n_prev) / np.sqrt(n_prev)), l
        assert np.array_equal(out[f"b{l}"], np.zeros((n, 1))), l


@pytest.mark.parametrize("kwargs, message", [
    ({"learning_rate": 0}, "learning_rate: expected a positive finite number, got 0"),
    ({"num_iterations": -1}, "num_iterations: expected a non-negative integer, got -1"),
    ({"lambd": -1}, "lambd: expected a finite number >= 0, got -1"),
    ({"keep_prob": 0}, "keep_prob: expected a probability in (0, 1], got 0"),
    ({"activations": ["tanh", "tanh", "relu"]}, SIGMOID_OUTPUT),
])
def test_model_messages(kwargs, message):
    X, Y, params = _network()
    kwargs = {"activations": ACTS, **kwargs}
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        reg.model(X, Y, initial_parameters=params, **kwargs)


def test_l1_gradient_is_zero_at_a_zero_weight():
    X, Y, params = _network(6)
    params["W2"][0, 1] = 0.0
    AL, caches, _ = reg.L_model_forward_with_dropout(X, params, 1.0, ACTS)
    plain = reg.L_model_backward_with_L1_regularization(AL, Y, caches, 0.0, ACTS)
    l1 = reg.L_model_backward_with_L1_regularization(AL, Y, caches, 0.5, ACTS)
    expected = plain["dW2"] + 0.5 / 5 * np.sign(params["W2"])
    np.testing.assert_allclose(l1["dW2"], expected, rtol=1e-15, atol=0)
    assert l1["dW2"][0, 1] == plain["dW2"][0, 1]


@pytest.mark.parametrize("AL, parameters, message", [
    (np.full((2, 2), 0.5), {"W1": np.ones((1, 1))}, "AL: expected 1 rows, got shape (2, 2)"),
    (np.full((1, 2), 0.5), {"W1": np.ones(1)},
     "parameters['W1']: expected a 2-D array, got shape (1,) (reshape to (1, 1) or (1, 1))"),
])
def test_l1_cost_messages(AL, parameters, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        reg.compute_cost_with_L1_regularization(AL, np.ones((1, 2)), parameters, 0.1)

"""scratch.regularization on its own (NumPy only): the L2 cost by hand, both backward passes
against central differences of their costs (the course's gradient check), the dropout masks as the
assignment draws them (np.random.seed(1), rand < keep_prob, inverted scaling), the defaults, and
refused arguments named in full."""

import math

import numpy as np
import pytest
from gradcheck import THRESHOLD, numerical_gradient, relative_difference

from scratch import regularization as reg

SIZES = [3, 4, 3, 1]


def _network(seed=0):
    rng = np.random.default_rng(seed)
    return {k: v for l in range(1, 4) for k, v in (
        (f"W{l}", rng.standard_normal((SIZES[l], SIZES[l - 1]))),
        (f"b{l}", rng.standard_normal((SIZES[l], 1)) * 0.1))}


def _data(seed=1, m=5):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((3, m)), (rng.random((1, m)) > 0.5).astype(float)


def test_the_l2_cost_by_hand():
    """A3 = [[0.8, 0.4]], Y = [[1, 0]]: cross-entropy -(log 0.8 + log 0.6) / 2; the weights' squares
    1 + 4 + 9 + 1 = 15 (b1 not penalised), lambd / (2 m) * 15 = 0.1 / 4 * 15 = 0.375."""
    parameters = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[5.0]]), "W2": np.array([[3.0]]),
                  "W3": np.array([[1.0]])}
    A3, Y = np.array([[0.8, 0.4]]), np.array([[1, 0]])
    cross = -(math.log(0.8) + math.log(0.6)) / 2
    assert float(reg.compute_cost(A3, Y)) == pytest.approx(cross, rel=1e-15)
    assert float(reg.compute_cost_with_regularization(A3, Y, parameters, 0.1)) == pytest.approx(
        cross + 0.375, rel=1e-15)
    no_penalty = reg.compute_cost_with_regularization(A3, Y, parameters, 0)
    assert float(no_penalty) == pytest.approx(cross, rel=1e-15)


def _check_gradients(cost_of, grads, parameters):
    for name in parameters:
        def f(value, name=name):
            return cost_of({**parameters, name: value})
        numeric = numerical_gradient(f, parameters[name])
        assert relative_difference(grads[f"d{name}"], numeric) < THRESHOLD, name


@pytest.mark.parametrize("lambd", [0.0, 0.7])
def test_l2_backward_passes_the_gradient_check(lambd):
    parameters = _network()
    X, Y = _data()
    A3, cache = reg.forward_propagation(X, parameters)
    grads = reg.backward_propagation_with_regularization(X, Y, cache, lambd)
    assert sorted(grads) == sorted(["dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1",
                                    "dW1", "db1"])
    np.testing.assert_array_equal(grads["dZ3"], A3 - Y)
    assert all(grads[f"d{k}"].shape == v.shape for k, v in parameters.items())

    def cost_of(p):
        return reg.compute_cost_with_regularization(reg.forward_propagation(X, p)[0], Y, p, lambd)
    _check_gradients(cost_of, grads, parameters)


@pytest.mark.parametrize("keep_prob", [0.5, 0.8])
def test_dropout_backward_passes_the_gradient_check_with_the_masks_fixed_by_the_seed(keep_prob):
    parameters = _network(2)
    X, Y = _data(3, m=6)
    _, cache = reg.forward_propagation_with_dropout(X, parameters, keep_prob, seed=4)
    grads = reg.backward_propagation_with_dropout(X, Y, cache, keep_prob)
    assert sorted(grads) == sorted(["dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1",
                                    "dW1", "db1"])
    assert all(grads[f"d{k}"].shape == v.shape for k, v in parameters.items())

    def cost_of(p):
        return reg.compute_cost(reg.forward_propagation_with_dropout(X, p, keep_prob, seed=4)[0], Y)
    _check_gradients(cost_of, grads, parameters)


def test_dropout_masks_are_the_assignments_draws_and_the_kept_units_are_scaled_up():
    """Defaults keep_prob 0.5, seed 1: D1 = rand(4, m) < 0.5 then D2 = rand(3, m) < 0.5 from
    np.random.seed(1)'s stream; A{l} = relu(Z{l}) * D{l} / 0.5."""
    parameters = _network()
    X, _ = _data(m=5)
    A3, cache = reg.forward_propagation_with_dropout(X, parameters)
    Z1, D1, A1, _, _, Z2, D2, A2 = cache[:8]
    stream = np.random.RandomState(1)
    np.testing.assert_array_equal(D1, stream.random_sample((4, 5)) < 0.5)
    np.testing.assert_array_equal(D2, stream.random_sample((3, 5)) < 0.5)
    assert D1.dtype == np.float64 and 0 < D1.sum() < D1.size
    np.testing.assert_array_equal(A1, np.maximum(Z1, 0) * D1 / 0.5)
    np.testing.assert_allclose(Z2, parameters["W2"] @ A1 + parameters["b2"], rtol=1e-15)
    np.testing.assert_array_equal(A2, np.maximum(Z2, 0) * D2 / 0.5)
    np.testing.assert_allclose(A3, 1 / (1 + np.exp(-(parameters["W3"] @ A2 + parameters["b3"]))),
                               rtol=1e-15)
    np.random.seed(1)
    A3_global, _ = reg.forward_propagation_with_dropout(X, parameters, seed=None)
    np.testing.assert_array_equal(A3_global, A3)


def test_keep_prob_one_is_the_plain_forward_pass():
    parameters = _network()
    X, _ = _data()
    np.testing.assert_array_equal(reg.forward_propagation_with_dropout(X, parameters, 1.0)[0],
                                  reg.forward_propagation(X, parameters)[0])


def test_float32_stays_float32_with_float64_or_integer_labels():
    parameters = {k: v.astype(np.float32) for k, v in _network().items()}
    X, Y = _data()
    X = X.astype(np.float32)
    for labels in (Y, Y.astype(np.int64)):
        A3, cache = reg.forward_propagation(X, parameters)
        assert reg.compute_cost(A3, labels).dtype == np.float32
        assert reg.compute_cost_with_regularization(A3, labels, parameters, 0.1).dtype == np.float32
        grads = reg.backward_propagation_with_regularization(X, labels, cache, 0.1)
        assert {g.dtype for g in grads.values()} == {np.dtype(np.float32)}
        A3, cache = reg.forward_propagation_with_dropout(X, parameters, 0.8)
        assert A3.dtype == np.float32 and cache[1].dtype == np.float32 and cache[6].dtype == np.float32
        grads = reg.backward_propagation_with_dropout(X, labels, cache, 0.8)
        assert {g.dtype for g in grads.values()} == {np.dtype(np.float32)}


def test_the_forward_pass_by_hand():
    """One unit per layer: Z1 = 2 * 1 - 1 = 1, A1 = 1; Z2 = -3 * 1 + 1 = -2, A2 = 0; Z3 = 0 + 0.5."""
    p = {"W1": np.array([[2.0]]), "b1": np.array([[-1.0]]), "W2": np.array([[-3.0]]),
         "b2": np.array([[1.0]]), "W3": np.array([[4.0]]), "b3": np.array([[0.5]])}
    A3, cache = reg.forward_propagation(np.array([[1.0]]), p)
    assert [float(c[0, 0]) for c in cache[:2] + cache[4:6] + cache[8:9]] == [1.0, 1.0, -2.0, 0.0, 0.5]
    assert float(A3[0, 0]) == pytest.approx(1 / (1 + math.exp(-0.5)), rel=1e-15)


_P = _network()
_X, _Y = _data()
_A3, _CACHE = reg.forward_propagation(_X, _P)
# A fourth layer on top (W4: (1, 1)): the 3-layer passes would silently ignore it; they refuse it.
_FOUR_LAYERS = {**_P, "W4": np.ones((1, 1)), "b4": np.zeros((1, 1))}


@pytest.mark.parametrize("call,error,message", [
    (lambda: reg.forward_propagation(_X, {k: _P[k] for k in ("W1", "b1", "W2", "b2")}), ValueError,
     r"^parameters: expected the 3-layer network's W1, b1, W2, b2, W3, b3, got 2 layers$"),
    (lambda: reg.forward_propagation_with_dropout(_X, {k: _P[k] for k in ("W1", "b1", "W2", "b2")}),
     ValueError, r"^parameters: expected the 3-layer network's W1, b1, W2, b2, W3, b3, got 2 layers$"),
    (lambda: reg.forward_propagation_with_dropout(_X, _FOUR_LAYERS), ValueError,
     r"^parameters: expected the 3-layer network's W1, b1, W2, b2, W3, b3, got 4 layers$"),
    (lambda: reg.forward_propagation(_X, _FOUR_LAYERS), ValueError,
     r"^parameters: expected the 3-layer network's W1, b1, W2, b2, W3, b3, got 4 layers$"),
    (lambda: reg.forward_propagation_with_dropout(_X, _P, keep_prob=0), ValueError,
     r"^keep_prob: expected a probability in \(0, 1\], got 0$"),
    (lambda: reg.forward_propagation_with_dropout(_X, _P, keep_prob=1.5), ValueError,
     r"^keep_prob: expected a probability in \(0, 1\], got 1.5$"),
    (lambda: reg.forward_propagation_with_dropout(_X, _P, seed="1"), TypeError, r"^seed: expected an int"),
    (lambda: reg.backward_propagation_with_dropout(_X, _Y, _CACHE, 0.5), ValueError,
     r"^cache: expected the tuple \(Z1, D1, A1, .*\), got tuple of length 12$"),
    (lambda: reg.backward_propagation_with_regularization(_X, _Y, _CACHE, -1), ValueError,
     r"^lambd: expected a finite number >= 0, got -1$"),
    (lambda: reg.backward_propagation_with_regularization(_X, _Y[:, :3], _CACHE, 0.1), ValueError,
     r"^Y: expected 5 columns, got shape \(1, 3\)$"),
    (lambda: reg.backward_propagation_with_regularization(_X.ravel(), _Y, _CACHE, 0.1), ValueError,
     r"^X: expected a 2-D array"),
    (lambda: reg.compute_cost(np.full((2, 5), 0.5), _Y), ValueError,
     r"^A3: expected 1 rows, got shape \(2, 5\)$"),
    (lambda: reg.compute_cost(_A3, _Y[:, :4]), ValueError, r"^Y: expected 5 columns, got shape \(1, 4\)$"),
    (lambda: reg.compute_cost(_A3, np.full((1, 5), 2.0)), ValueError,
     r"^Y: expected labels in \{0, 1\}, got values \[2.0\]$"),
    (lambda: reg.compute_cost_with_regularization(_A3, _Y, {"b1": _P["b1"]}, 0.1), KeyError,
     r"parameters: no W1, W2, ... among \['b1'\]"),
    (lambda: reg.compute_cost_with_regularization(_A3, _Y, {"W1": np.ones(3)}, 0.1), ValueError,
     r"^parameters\['W1'\]: expected a 2-D array"),
    (lambda: reg.compute_cost_with_regularization(np.full((2, 5), 0.5), _Y, _P, 0.1), ValueError,
     r"^A3: expected 1 rows"),
    (lambda: reg.compute_cost_with_regularization(_A3, _Y[:, :2], _P, 0.1), ValueError,
     r"^Y: expected 5 columns"),
    (lambda: reg.compute_cost_with_regularization(_A3, _Y, _P, float("inf")), ValueError,
     r"^lambd: expected a finite number >= 0, got inf$"),
])
def test_refused_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()

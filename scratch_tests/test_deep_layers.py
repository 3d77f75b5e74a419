"""scratch.deep's public layer functions called directly (not only through the training loop):
hand-worked forward and backward steps of one linear unit, and every refused argument named with
the shapes or dtypes given, so that a check removed, a name replaced or one side of a dtype check
dropped fails here."""

import numpy as np
import pytest

from scratch import deep

A = np.array([[1.0, 2.0], [3.0, 4.0]])           # (n_0 = 2, m = 2)
W = np.array([[2.0, -1.0]])                      # (n_1 = 1, 2)
b = np.array([[0.5]])
F32 = np.float32


def test_linear_forward_by_hand():
    """Z = W A + b = [[2 - 3 + 0.5, 4 - 4 + 0.5]]; the cache is (A, W, b)."""
    Z, cache = deep.linear_forward(A, W, b)
    np.testing.assert_array_equal(Z, [[-0.5, 0.5]])
    assert all(np.array_equal(c, x) for c, x in zip(cache, (A, W, b)))


def test_linear_activation_forward_applies_the_named_activation():
    A1, (linear_cache, Z) = deep.linear_activation_forward(A, W, b, "relu")
    np.testing.assert_array_equal(Z, [[-0.5, 0.5]])
    np.testing.assert_array_equal(A1, [[0.0, 0.5]])
    A2, _ = deep.linear_activation_forward(A, W, b, "sigmoid")
    np.testing.assert_allclose(A2, 1 / (1 + np.exp([[0.5, -0.5]])), rtol=1e-15)


def test_linear_backward_by_hand():
    """dZ = [[1, 3]], m = 2: dW = 1/2 dZ A.T = [[(1 + 6) / 2, (3 + 12) / 2]] = [[3.5, 7.5]],
    db = 1/2 (1 + 3) = [[2]], dA_prev = W.T dZ = [[2, 6], [-1, -3]]."""
    dA_prev, dW, db = deep.linear_backward(np.array([[1.0, 3.0]]), (A, W, b))
    np.testing.assert_array_equal(dW, [[3.5, 7.5]])
    np.testing.assert_array_equal(db, [[2.0]])
    np.testing.assert_array_equal(dA_prev, [[2.0, 6.0], [-1.0, -3.0]])


def test_linear_activation_backward_by_hand():
    """relu at Z = [[-0.5, 0.5]]: dZ = dA * [0, 1] = [[0, 3]]; dW = 1/2 [[6, 12]] = [[3, 6]]."""
    cache = ((A, W, b), np.array([[-0.5, 0.5]]))
    dA_prev, dW, db = deep.linear_activation_backward(np.array([[1.0, 3.0]]), cache, "relu")
    np.testing.assert_array_equal(dW, [[3.0, 6.0]])
    np.testing.assert_array_equal(db, [[1.5]])
    np.testing.assert_array_equal(dA_prev, [[0.0, 6.0], [0.0, -3.0]])


def test_update_parameters_by_hand():
    p = {"W1": W.copy(), "b1": b.copy()}
    new = deep.update_parameters(p, {"dW1": np.array([[1.0, 2.0]]), "db1": np.array([[-1.0]])}, 0.5)
    np.testing.assert_array_equal(new["W1"], [[1.5, -2.0]])
    np.testing.assert_array_equal(new["b1"], [[1.0]])
    np.testing.assert_array_equal(p["W1"], W)                               # inputs kept


def test_compute_cost_of_the_course_formula():
    """AL = [[0.8, 0.9, 0.4]], Y = [[1, 1, 0]]: J = -(log 0.8 + log 0.9 + log 0.6) / 3."""
    cost = deep.compute_cost(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]]))
    assert cost.shape == () and float(cost) == pytest.approx(
        -(np.log(0.8) + np.log(0.9) + np.log(0.6)) / 3, rel=1e-15)


_CACHE = ((A, W, b), np.array([[-0.5, 0.5]]))


@pytest.mark.parametrize("call,error,message", [
    (lambda: deep.linear_forward(A, W, b.astype(F32)), TypeError,
     r"^expected one float dtype for all arrays, got A_prev: float64, W: float64, b: float32$"),
    (lambda: deep.linear_forward(A[:1], W, b), ValueError,
     r"^linear_forward: A_prev: expected 2 rows, got shape \(1, 2\)$"),
    (lambda: deep.linear_activation_forward(A, W, b, "softplus"), ValueError,
     r"^activation: expected one of \[.*'relu'.*\], got 'softplus'$"),
    (lambda: deep.linear_activation_forward(A, W, np.ones((2, 1)), "relu"), ValueError,
     r"^linear_activation_forward: b: expected 1 rows, got shape \(2, 1\)$"),
    (lambda: deep.linear_backward(np.ones((2, 2)), (A, W, b)), ValueError,
     r"^dZ: expected 1 rows, got shape \(2, 2\)$"),
    (lambda: deep.linear_backward(np.ones((1, 3)), (A, W, b)), ValueError,
     r"^dZ: expected 2 columns, got shape \(1, 3\)$"),
    (lambda: deep.linear_backward(np.ones((1, 2), F32), (A, W, b)), TypeError,
     r"^expected one float dtype for all arrays, got dZ: float32, W: float64$"),
    (lambda: deep.linear_backward(np.ones((1, 2)), (A, W)), ValueError,
     r"^cache: expected the linear cache \(A_prev, W, b\)$"),
    (lambda: deep.linear_activation_backward(np.ones((1, 2)), _CACHE, "softplus"), ValueError,
     r"^activation: expected one of .*, got 'softplus'$"),
    (lambda: deep.linear_activation_backward(np.ones((2, 2)), _CACHE, "relu"), ValueError,
     r"^dA: expected 1 rows, got shape \(2, 2\)$"),
    (lambda: deep.linear_activation_backward(np.ones((1, 3)), _CACHE, "relu"), ValueError,
     r"^dA: expected 2 columns, got shape \(1, 3\)$"),
    (lambda: deep.linear_activation_backward(np.ones((1, 2), F32), _CACHE, "relu"), TypeError,
     r"^expected one float dtype for all arrays, got dA: float32, Z: float64$"),
    (lambda: deep.linear_activation_backward(np.ones((1, 2)), (A, W, b), "relu"), ValueError,
     r"^cache: expected the layer cache \(linear_cache, Z\)$"),
    (lambda: deep.L_model_backward(np.full((2, 2), 0.5), np.ones((1, 2)), [_CACHE], ["sigmoid"]),
     ValueError, r"^AL: expected 1 rows, got shape \(2, 2\)$"),
    (lambda: deep.L_model_backward(np.full((1, 3), 0.5), np.ones((1, 3)), [_CACHE], ["sigmoid"]),
     ValueError, r"^AL: expected 2 columns, got shape \(1, 3\)$"),
    (lambda: deep.L_model_backward(np.full((1, 2), 0.5, F32), np.ones((1, 2)), [_CACHE], ["sigmoid"]),
     TypeError, r"^expected one float dtype for all arrays, got AL: float32, Z: float64$"),
    (lambda: deep.L_model_backward(np.full((1, 2), 0.5), np.array([[1, 2]]), [_CACHE], ["sigmoid"]),
     ValueError, r"^Y: expected labels in \{0, 1\}, got values \[2.0\]$"),
    (lambda: deep.L_model_backward(np.full((1, 2), 0.5), np.ones((1, 2)), [_CACHE], ["relu", "relu"]),
     ValueError, r"^activations: expected 1 names \(one per layer\), got \['relu', 'relu'\]$"),
    (lambda: deep.compute_cost(np.full((2, 2), 0.5), np.ones((1, 2))), ValueError,
     r"^AL: expected 1 rows, got shape \(2, 2\)$"),
    (lambda: deep.compute_cost(np.full((1, 2), 0.5), np.ones((1, 3))), ValueError,
     r"^Y: expected 2 columns, got shape \(1, 3\)$"),
    (lambda: deep.update_parameters({"W1": W, "b1": b}, {"dW1": W, "db1": b}, 0), ValueError,
     r"^learning_rate: expected a positive finite number, got 0$"),
    (lambda: deep.initialize_parameters_deep([2, 3], scale="lecun"), ValueError,
     r"^scale: expected one of \['he', 'xavier'\], got 'lecun'$"),
    (lambda: deep.initialize_parameters_deep([2, 3], scale=-0.01), ValueError,
     r"^scale: expected a positive finite number, got -0.01$"),
    (lambda: deep.initialize_parameters_deep([2], scale=0.01), ValueError,
     r"^layer_dims: expected \[n_0, n_1, ..., n_L\] with L >= 1, got \[2\]$"),
    (lambda: deep.initialize_parameters_deep([2, 3], dtype=np.int64), TypeError,
     r"^dtype: expected float32 or float64"),
    (lambda: deep.L_layer_model(A, np.ones((1, 2)), None), ValueError,
     r"^layers_dims: required when initial_parameters is not given$"),
    (lambda: deep.L_layer_model(A, np.ones((1, 2)), [2, 4, 1], initial_parameters={"W1": W, "b1": b}),
     ValueError, r"^layers_dims: \[2, 4, 1\] does not match initial_parameters' layer sizes \[2, 1\]$"),
    (lambda: deep.L_layer_model(A, np.ones((1, 2)), [2, 1], num_iterations=-1), ValueError,
     r"^num_iterations: expected a non-negative integer, got -1$"),
    (lambda: deep.L_layer_model(A, np.ones((1, 2)), [2, 1], learning_rate=0.0), ValueError,
     r"^learning_rate: expected a positive finite number, got 0.0$"),
    (lambda: deep.L_layer_model(A, np.ones((1, 3)), [2, 1]), ValueError,
     r"^Y: expected 2 columns, got shape \(1, 3\)$"),
    (lambda: deep.L_layer_model(A, np.ones((1, 2)), [2, 1], progress=5), TypeError,
     r"^progress: expected None or a callable"),
    (lambda: deep.predict(A, np.ones((1, 3)), {"W1": W, "b1": b}), ValueError,
     r"^Y: expected 2 columns, got shape \(1, 3\)$"),
])
def test_refused_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_initial_parameters_are_copied_and_layers_dims_may_be_omitted():
    start = {"W1": W.copy(), "b1": b.copy()}
    parameters, costs = deep.L_layer_model(A, np.array([[1.0, 0.0]]), None, num_iterations=1,
                                           initial_parameters=start, activations=["sigmoid"])
    np.testing.assert_array_equal(start["W1"], W)
    assert len(costs) == 1 and not np.array_equal(parameters["W1"], W)

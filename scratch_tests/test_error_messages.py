"""Refused arguments of course 1's logistic and shallow modules, named in full: the argument,
what was expected and what was given. A message that merely mentions an error would let a check
that names the wrong argument, or checks nothing (rows=/cols= dropped, one side of a dtype check
removed), pass unnoticed."""

import numpy as np
import pytest

from scratch import activations, logistic, shallow

F32 = np.float32
X = np.array([[1.0, 2.0, -1.0], [0.5, -1.0, 1.5]])            # (n_x = 2, m = 3)
Y = np.array([[1.0, 0.0, 1.0]])
w = np.zeros((2, 1))


def _shallow(n_x=2, n_h=3, dtype=np.float64):
    return {k: v.astype(dtype) for k, v in {
        "W1": np.full((n_h, n_x), 0.1), "b1": np.zeros((n_h, 1)),
        "W2": np.full((1, n_h), 0.2), "b2": np.zeros((1, 1))}.items()}


def _cache(n_h=3, m=3):
    return {"Z1": np.zeros((n_h, m)), "A1": np.zeros((n_h, m)), "Z2": np.zeros((1, m)),
            "A2": np.full((1, m), 0.5)}


def test_layer_sizes_fixes_the_hidden_layer_at_4():
    assert shallow.layer_sizes(X, Y) == (2, 4, 1)
    assert shallow.layer_sizes(np.ones((5, 3)), np.ones((2, 3))) == (5, 4, 2)


@pytest.mark.parametrize("call,error,message", [
    # logistic
    (lambda: logistic.model(X, Y, X, Y, num_iterations=-1), ValueError,
     r"^num_iterations: expected a non-negative integer, got -1$"),
    (lambda: logistic.model(X, Y, X, Y, learning_rate=0), ValueError,
     r"^learning_rate: expected a positive finite number, got 0$"),
    (lambda: logistic.model(X, Y[:, :2], X, Y), ValueError, r"^Y: expected 3 columns, got shape \(1, 2\)$"),
    (lambda: logistic.model(X, Y, np.ones((3, 3)), Y), ValueError,
     r"^w: expected 3 rows, got shape \(2, 1\)$"),
    (lambda: logistic.model(X.ravel(), Y, X, Y), ValueError,
     r"^X_train: expected a 2-D array, got shape \(6,\)"),
    (lambda: logistic.model(X, Y, X.astype(F32), Y), TypeError,
     r"^expected one float dtype for all arrays, got w: float64, X: float32$"),
    (lambda: logistic.model(X, Y, X, Y, progress="yes"), TypeError,
     r"^progress: expected None or a callable"),
    (lambda: logistic.optimize(w, 0.0, X, Y, 1, 0.1, progress=1), TypeError,
     r"^progress: expected None or a callable"),
    (lambda: logistic.predict(np.zeros((3, 1)), 0.0, X), ValueError,
     r"^w: expected 2 rows, got shape \(3, 1\)$"),
    (lambda: logistic.propagate(np.zeros((2, 2)), 0.0, X, Y), ValueError,
     r"^w: expected 1 columns, got shape \(2, 2\)$"),
    (lambda: logistic.propagate(w, 0.0, X, np.array([[1.0, 0.0, 3.0]])), ValueError,
     r"^Y: expected labels in \{0, 1\}, got values \[3.0\]$"),
    (lambda: logistic.initialize_with_zeros(1.5), ValueError, r"^dim: expected a positive integer, got 1.5$"),
    # shallow
    (lambda: shallow.layer_sizes(X.ravel(), Y), ValueError, r"^X: expected a 2-D array, got shape \(6,\)"),
    (lambda: shallow.layer_sizes(X, Y[:, :2]), ValueError, r"^Y: expected 3 columns, got shape \(1, 2\)$"),
    (lambda: shallow.layer_sizes(X, Y.ravel()), ValueError, r"^Y: expected a 2-D array, got shape \(3,\)"),
    (lambda: shallow.initialize_parameters(0, 4, 1), ValueError,
     r"^n_x: expected a positive integer, got 0$"),
    (lambda: shallow.initialize_parameters(2, 0, 1), ValueError,
     r"^n_h: expected a positive integer, got 0$"),
    (lambda: shallow.initialize_parameters(2, 4, 0), ValueError,
     r"^n_y: expected a positive integer, got 0$"),
    (lambda: shallow.initialize_parameters(2, 4, 1, dtype=int), TypeError,
     r"^dtype: expected float32 or float64"),
    (lambda: shallow.initialize_parameters(2, 4, 1, seed=1.5), TypeError, r"^seed: expected an int"),
    (lambda: shallow.forward_propagation(np.ones((3, 3)), _shallow()), ValueError,
     r"^parameters\['W1'\]: expected 3 columns, got shape \(3, 2\)$"),
    (lambda: shallow.forward_propagation(X.astype(F32), _shallow()), TypeError,
     r"^expected one float dtype for all arrays, got X: float32, W1: float64$"),
    (lambda: shallow.forward_propagation(X, {**_shallow(), "b1": np.zeros((2, 1))}), ValueError,
     r"^parameters\['b1'\]: expected 3 rows, got shape \(2, 1\)$"),
    (lambda: shallow.forward_propagation(X, {**_shallow(), "b2": np.zeros((1, 2))}), ValueError,
     r"^parameters\['b2'\]: expected 1 columns, got shape \(1, 2\)$"),
    (lambda: shallow.forward_propagation(X, {**_shallow(), "W2": np.zeros((1, 2))}), ValueError,
     r"^parameters\['W2'\]: expected 3 columns, got shape \(1, 2\)$"),
    (lambda: shallow.forward_propagation(X, {"W1": np.zeros((3, 2))}), KeyError,
     r"parameters: missing \['b1', 'W2', 'b2'\]"),
    (lambda: shallow.compute_cost(np.full((2, 3), 0.5), Y), ValueError,
     r"^A2: expected 1 rows, got shape \(2, 3\)$"),
    (lambda: shallow.compute_cost(np.full((1, 3), 0.5), Y[:, :2]), ValueError,
     r"^Y: expected 3 columns, got shape \(1, 2\)$"),
    (lambda: shallow.backward_propagation(_shallow(), {**_cache(), "A1": np.zeros((2, 3))}, X, Y),
     ValueError, r"^cache\['A1'\]: expected 3 rows, got shape \(2, 3\)$"),
    (lambda: shallow.backward_propagation(_shallow(), {**_cache(), "A1": np.zeros((3, 2))}, X, Y),
     ValueError, r"^cache\['A1'\]: expected 3 columns, got shape \(3, 2\)$"),
    (lambda: shallow.backward_propagation(_shallow(), {**_cache(), "A2": np.zeros((2, 3))}, X, Y),
     ValueError, r"^cache\['A2'\]: expected 1 rows, got shape \(2, 3\)$"),
    (lambda: shallow.backward_propagation(_shallow(), {**_cache(), "A2": np.zeros((1, 2))}, X, Y),
     ValueError, r"^cache\['A2'\]: expected 3 columns, got shape \(1, 2\)$"),
    (lambda: shallow.backward_propagation(_shallow(), {**_cache(), "A1": np.zeros((3, 3), F32)}, X, Y),
     TypeError, r"^expected one float dtype for all arrays, got X: float64, A1: float32, A2: float64$"),
    (lambda: shallow.backward_propagation(_shallow(), {"A1": np.zeros((3, 3))}, X, Y), KeyError,
     r"cache: missing"),
    (lambda: shallow.backward_propagation(_shallow(), _cache(), X, np.array([[1.0, 2.0, 0.0]])),
     ValueError, r"^Y: expected labels in \{0, 1\}, got values \[2.0\]$"),
    (lambda: shallow.update_parameters(_shallow(), {f"d{k}": v for k, v in _shallow().items()}, -1.0),
     ValueError, r"^learning_rate: expected a positive finite number, got -1.0$"),
    (lambda: shallow.update_parameters(_shallow(), {**{f"d{k}": v for k, v in _shallow().items()},
                                                    "dW1": np.zeros((2, 2))}, 1.0),
     ValueError, r"^grads\['dW1'\]: expected 3 rows, got shape \(2, 2\)$"),
    (lambda: shallow.update_parameters(_shallow(), {**{f"d{k}": v for k, v in _shallow().items()},
                                                    "dW1": np.zeros((3, 3))}, 1.0),
     ValueError, r"^grads\['dW1'\]: expected 2 columns, got shape \(3, 3\)$"),
    (lambda: shallow.nn_model(X, Y, 0), ValueError, r"^n_h: expected a positive integer, got 0$"),
    (lambda: shallow.nn_model(X, Y, 3, num_iterations=-2), ValueError,
     r"^num_iterations: expected a non-negative integer, got -2$"),
    (lambda: shallow.nn_model(X, Y, 3, learning_rate=0.0), ValueError,
     r"^learning_rate: expected a positive finite number, got 0.0$"),
    (lambda: shallow.nn_model(X, np.ones((2, 3)), 3), ValueError,
     r"^parameters\['W2'\]: expected 1 output unit \(labels Y: \(1, m\)\), got n_y = 2$"),
    (lambda: shallow.nn_model(X, Y, 3, progress=0), TypeError, r"^progress: expected None or a callable"),
    (lambda: shallow.predict(_shallow(), np.ones((4, 3))), ValueError,
     r"^parameters\['W1'\]: expected 4 columns, got shape \(3, 2\)$"),
    # activations (element-wise: no checks of their own, the callers check)
])
def test_refused_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_the_leaky_relu_slope_defaults_to_the_courses_0_01():
    Z = np.array([[-2.0, 0.0, 3.0]])
    np.testing.assert_array_equal(activations.leaky_relu(Z), [[-0.02, 0.0, 3.0]])
    np.testing.assert_array_equal(activations.leaky_relu_backward(np.ones((1, 3)), Z), [[0.01, 0.01, 1.0]])

"""More of conventions.validation's rules and of the course-2 checks built on it (optimization_checks,
batchnorm_checks, softmax_checks), each with its full message: the caches' every shape and
dtype rule, the labels' listings (at most 3 or 5 values shown), integer labels taking X's dtype,
non-dict optimizer state and grads, the batch-norm vectors' columns and dtype, and the running
variance's first negative row."""

import numpy as np
import pytest

from conventions import batchnorm_checks as bn
from conventions import optimization_checks as opt
from conventions import softmax_checks as sm
from conventions import validation as v
from scratch import logistic

F32 = np.float32
LINEAR = (np.ones((2, 4)), np.ones((3, 2)), np.ones((3, 1)))          # A_prev, W, b


@pytest.mark.parametrize("call,error,message", [
    (lambda: bn.check_batchnorm_cache({"Z": 1}), TypeError,
     r"^cache: expected the tuple \(Z, gamma, beta, epsilon\) batchnorm_forward returns, got dict$"),
    (lambda: bn.check_batchnorm_inputs(np.ones((2, 3)), np.ones((2, 1)), np.ones((3, 1))), ValueError,
     r"^beta: expected 2 rows, got shape \(3, 1\)$"),
    (lambda: bn.check_batchnorm_inputs(np.ones((2, 3)), np.ones((2, 1)), np.ones((2, 1), F32)), TypeError,
     r"^beta: expected dtype float64 \(the dtype of Z\), got float32$"),
    (lambda: bn.check_unit_vector("gamma", np.ones((2, 2)), 2), ValueError,
     r"^gamma: expected 1 columns, got shape \(2, 2\)$"),
    (lambda: bn.check_unit_vector("gamma", np.ones((2, 1)), 2, np.float32), TypeError,
     r"^gamma: expected dtype float32 \(the dtype of Z\), got float64$"),
    (lambda: bn.check_running_stats(np.ones((2, 1)), np.ones((3, 1)), 2, np.float64), ValueError,
     r"^running_var: expected 2 rows, got shape \(3, 1\)$"),
    (lambda: bn.check_running_stats(np.ones((2, 1)), np.array([[0.5], [-1.0]]), 2, np.float64), ValueError,
     r"^running_var: expected non-negative variances, got -1.0 at row 1$"),
    (lambda: sm.check_class_labels(np.array([[0.5, 1.5, 2.5, 3.5]]), 10), ValueError,
     r"^Y: expected whole class indices, got \[0.5 1.5 2.5\]$"),
    (lambda: sm.check_class_labels(np.array([[-1, -2, -3, -4, -5, -6]]), 3), ValueError,
     r"^Y: expected class indices in 0 ... 2 \(C = 3\), got \[-6, -5, -4, -3, -2\]$"),
    (lambda: v.check_layer_cache((LINEAR, np.ones((3, 5)))), ValueError,
     r"^cache\[1\] \(Z\): expected 4 columns, got shape \(3, 5\)$"),
    (lambda: v.check_layer_cache((LINEAR, np.ones((3, 4), F32))), TypeError,
     r"^expected one float dtype for all arrays, got Z: float32, W: float64$"),
    (lambda: v.check_layer_cache(((1, 2), np.ones((3, 4)))), ValueError,
     r"^cache\[0\]: expected the linear cache \(A_prev, W, b\)$"),
    (lambda: v.check_linear_cache((LINEAR[0], LINEAR[1], np.ones((3, 2)))), ValueError,
     r"^cache: b: expected 1 columns, got shape \(3, 2\)$"),
    (lambda: v.check_linear_cache((LINEAR[0], np.ones(3), LINEAR[2])), ValueError,
     r"^cache: W: expected a 2-D array"),
    (lambda: v.check_logistic_inputs(np.zeros((2, 1)), 0.0, np.ones(2)), ValueError,
     r"^X: expected a 2-D array"),
    (lambda: v.check_logistic_model(np.ones((0, 3)), np.ones((1, 3)), np.ones((0, 2)), 1, 0.1, None),
     ValueError, r"^dim: expected a positive integer, got 0$"),
    (lambda: opt.check_mini_batch_inputs(np.ones(3), np.ones((1, 3)), 2), ValueError, r"^X: expected a 2-D"),
    (lambda: opt.check_mini_batch_inputs(np.ones((2, 3), F32), np.ones((1, 3)), 2), TypeError,
     r"^expected one float dtype for all arrays, got X: float32, Y: float64$"),
    (lambda: opt.check_moments("v", [1], {"W1": np.ones((1, 1))}), TypeError,
     r"^v: expected a dict keyed like the grads \(dW1, db1, ...\), got list$"),
    (lambda: v.check_network_grads([1], {"W1": np.ones((1, 1))}), TypeError,
     r"^grads: expected a dict with keys dW1, db1, ..., got list$"),
    (lambda: v.check_network_parameters({"W1": np.ones(2), "b1": np.ones((1, 1))}), ValueError,
     r"^parameters\['W1'\]: expected a 2-D array"),
    (lambda: v.check_network_parameters({"W1": np.ones((1, 2)), "b1": np.ones(1)}), ValueError,
     r"^parameters\['b1'\]: expected a 2-D array"),
    (lambda: v.check_shallow_grads([1], {}), TypeError,
     r"^grads: expected a dict with keys \['dW1', 'db1', 'dW2', 'db2'\], got list$"),
    (lambda: bn.check_running_stats(np.ones((2, 1)), np.array([[0.0], [-1.0]]), 2, np.float64), ValueError,
     r"^running_var: expected non-negative variances, got -1.0 at row 1$"),
    (lambda: v.check_shallow_inputs(np.ones(2), {}), ValueError, r"^X: expected a 2-D array"),
    (lambda: v.check_shallow_training(np.ones(2), np.ones((1, 2)), 3, 1, 0.1), ValueError,
     r"^X: expected a 2-D array"),
    (lambda: v.check_shallow_training(np.ones((2, 3)), np.ones(3), 3, 1, 0.1), ValueError,
     r"^Y: expected a 2-D array"),
    (lambda: v.check_shallow_training(np.ones((2, 3)), np.ones((1, 3)), 3, 1, 0.1,
                                      {"W1": np.ones((3, 3)), "b1": np.ones((3, 1)), "W2": np.ones((1, 3)),
                                       "b2": np.ones((1, 1))}), ValueError,
     r"^parameters\['W1'\]: expected 2 columns, got shape \(3, 3\)$"),
])
def test_refused_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_shallow_grads_must_share_the_parameters_dtype():
    parameters = {"W1": np.ones((3, 2)), "b1": np.ones((3, 1)), "W2": np.ones((1, 3)), "b2": np.ones((1, 1))}
    grads = {f"d{k}": p.astype(F32) for k, p in parameters.items()}
    with pytest.raises(TypeError, match=r"^expected one float dtype for all arrays, got W1: float64, "
                                        r"dW1: float32, db1: float32, dW2: float32, db2: float32$"):
        v.check_shallow_grads(grads, parameters)


def test_integer_labels_take_xs_dtype_and_a_zero_running_variance_is_accepted():
    X, Y, _ = opt.check_mini_batch_inputs(np.ones((2, 3), F32), np.array([[1, 0, 1]]), 2)
    assert X.dtype == F32 and Y.dtype == F32
    _, running_var = bn.check_running_stats(np.ones((2, 1)), np.zeros((2, 1)), 2, np.float64)
    assert not running_var.any()


def test_a_python_float_bias_takes_the_weights_dtype():
    w, b, X, Y = v.check_logistic_inputs(np.zeros((2, 1), F32), 0.5, np.ones((2, 3), F32),
                                         np.array([[1, 0, 1]]))
    assert b.dtype == F32 and b.shape == () and Y.dtype == F32
    grads, cost = logistic.propagate(np.zeros((2, 1), F32), 0.5, np.ones((2, 3), F32), np.array([[1, 0, 1]]))
    assert cost.dtype == F32 and grads["dw"].dtype == F32 and grads["db"].dtype == F32


def test_shallow_training_labels_take_xs_dtype_and_a_bias_array_becomes_a_scalar():
    _, Y, *_ = v.check_shallow_training(np.ones((2, 3), F32), np.array([[1.0, 0.0, 1.0]]), 3, 1, 0.1)
    assert Y.dtype == F32
    _, b, _, _ = v.check_logistic_inputs(np.zeros((2, 1)), np.array([[0.5]]), np.ones((2, 3)))
    assert b.shape == () and float(b) == 0.5


class _TensorFlowLikeDtype:
    """What check_float_dtype reads from a TensorFlow dtype: its `as_numpy_dtype`."""
    as_numpy_dtype = np.float32


def test_a_dtype_object_is_read_through_as_numpy_dtype():
    assert v.check_float_dtype(_TensorFlowLikeDtype()) == np.float32


@pytest.mark.parametrize("call,error,message", [
    (lambda: v.check_labels("Y", np.array([[2, 3, 4, 5, 6, 7]])), ValueError,
     r"^Y: expected labels in \{0, 1\}, got values \[2.0, 3.0, 4.0, 5.0, 6.0\]$"),
    (lambda: v.check_labels("Y", np.ones((2, 3))), ValueError, r"^Y: expected 1 rows, got shape \(2, 3\)$"),
    (lambda: v.check_matrix("A", np.array([["s"]])), TypeError,
     r"^A: expected a float32 or float64 array, got dtype <U1$"),
    (lambda: v.check_shallow_parameters({"W1": np.ones((3, 2)), "b1": np.ones((3, 2)), "W2": np.ones((1, 3)),
                                         "b2": np.ones((1, 1))}), ValueError,
     r"^parameters\['b1'\]: expected 1 columns, got shape \(3, 2\)$"),
    (lambda: v.check_shallow_parameters({"W1": np.ones((3, 2)), "b1": np.ones((3, 1)), "W2": np.ones((1, 3)),
                                         "b2": np.ones((2, 1))}), ValueError,
     r"^parameters\['b2'\]: expected 1 rows, got shape \(2, 1\)$"),
])
def test_more_refused_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize("odd", ["W1", "b1", "W2", "b2"])
def test_shallow_parameters_refuse_any_one_of_another_dtype(odd):
    parameters = {"W1": np.ones((3, 2)), "b1": np.ones((3, 1)), "W2": np.ones((1, 3)), "b2": np.ones((1, 1))}
    parameters[odd] = parameters[odd].astype(F32)
    listing = ", ".join(f"{k}: {'float32' if k == odd else 'float64'}" for k in parameters)
    with pytest.raises(TypeError, match=rf"^expected one float dtype for all arrays, got {listing}$"):
        v.check_shallow_parameters(parameters)


def test_initial_weights_of_another_hidden_size_are_refused_with_the_expected_shapes():
    """X: (n_x = 2, m = 3), n_h = 3: W1 must be (3, 2) and W2 (1, 3)."""
    initial = {"W1": np.ones((4, 2)), "b1": np.ones((4, 1)), "W2": np.ones((1, 4)), "b2": np.ones((1, 1))}
    with pytest.raises(ValueError, match=r"^initial_parameters: expected W1 \(3, 2\) and W2 \(1, 3\), "
                                         r"got \(4, 2\) and \(1, 4\)$"):
        v.check_shallow_training(np.ones((2, 3)), np.ones((1, 3)), 3, 1, 0.1, initial)

"""scratch.batchnorm's running averages from running values other than 0 and 1 (so that a product
mistaken for a quotient shows), a zero batch variance accepted, and each refused argument named in
full: the argument, its expected rows, columns or dtype (the dtype of Z), what was given."""

import numpy as np
import pytest

from scratch import batchnorm

F32 = np.float32
COL = np.ones((2, 1))


def test_running_averages_from_non_trivial_running_values():
    """momentum 0.9 (the default) weights the OLD value: mean 0.9 * 1 + 0.1 * 3 = 1.2 and
    0.9 * -2 + 0.1 * 8 = -1; variance 0.9 * 4 + 0.1 * 2 = 3.8 and 0.9 * 0.5 + 0.1 * 0 = 0.45
    (a constant unit's batch variance 0 is a variance like any other)."""
    mean, var = batchnorm.update_running_stats(np.array([[1.0], [-2.0]]), np.array([[4.0], [0.5]]),
                                               np.array([[3.0], [8.0]]), np.array([[2.0], [0.0]]))
    np.testing.assert_allclose(mean, [[1.2], [-1.0]], rtol=1e-15)
    np.testing.assert_allclose(var, [[3.8], [0.45]], rtol=1e-15)


@pytest.mark.parametrize("call,error,message", [
    (lambda: batchnorm.batch_statistics(np.ones(3)), ValueError, r"^Z: expected a 2-D array"),
    (lambda: batchnorm.batchnorm_backward(np.ones((2, 3), F32), (np.ones((2, 3)), COL, COL, 1e-8)),
     TypeError, r"^expected one float dtype for all arrays, got dZ_tilde: float32, Z: float64$"),
    (lambda: batchnorm.batchnorm_inference(np.ones((2, 3)), COL, COL, COL.astype(F32), COL), TypeError,
     r"^running_mean: expected dtype float64 \(the dtype of Z\), got float32$"),
    (lambda: batchnorm.update_running_stats(COL, COL, np.ones((2, 2)), COL), ValueError,
     r"^mu: expected 1 columns, got shape \(2, 2\)$"),
    (lambda: batchnorm.update_running_stats(COL, COL, np.ones(2), COL), ValueError, r"^mu: expected a 2-D"),
    (lambda: batchnorm.update_running_stats(np.ones((3, 1)), COL, COL, COL), ValueError,
     r"^running_mean: expected 2 rows, got shape \(3, 1\)$"),
    (lambda: batchnorm.update_running_stats(COL, COL.astype(F32), COL, COL), TypeError,
     r"^running_var: expected dtype float64 \(the dtype of Z\), got float32$"),
    (lambda: batchnorm.update_running_stats(COL, COL, COL, np.ones((3, 1))), ValueError,
     r"^var: expected 2 rows, got shape \(3, 1\)$"),
    (lambda: batchnorm.update_running_stats(COL, COL, COL, COL.astype(F32)), TypeError,
     r"^var: expected dtype float64 \(the dtype of Z\), got float32$"),
    (lambda: batchnorm.update_running_stats(COL, COL, COL, np.array([[1.0], [-1.0]])), ValueError,
     r"^var: expected non-negative variances, got -1.0$"),
])
def test_refused_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()

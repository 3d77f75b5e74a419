"""The course's gradient check (course 2, week 1): central differences against an analytic
gradient, judged by difference = ||g - g_num|| / (||g|| + ||g_num||) < 2e-7 (eps = 1e-7, float64)."""

import numpy as np

EPSILON = 1e-7
THRESHOLD = 2e-7


def numerical_gradient(f, x, epsilon=EPSILON):
    """d f / d x by central differences; f: array -> scalar, x: float64 array (not modified)."""
    x = np.array(x, dtype=np.float64, copy=True)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        orig = x[idx]
        x[idx] = orig + epsilon
        plus = float(f(x))
        x[idx] = orig - epsilon
        minus = float(f(x))
        x[idx] = orig
        grad[idx] = (plus - minus) / (2 * epsilon)
    return grad


def relative_difference(grad, grad_num):
    grad, grad_num = np.ravel(grad), np.ravel(grad_num)
    denominator = np.linalg.norm(grad) + np.linalg.norm(grad_num)
    return float(np.linalg.norm(grad - grad_num) / denominator) if denominator else 0.0

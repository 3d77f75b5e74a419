"""The TensorFlow tutorial of course 2, week 3, NumPy twin: what the lecture and the assignment do
with TensorFlow, done by hand.

1. Minimising a quadratic cost by gradient descent (the lecture's first program).
   coefficients c = [c0, c1, c2] (the lecture's array x = [1., -10., 25.]):

    quadratic_cost(w, coefficients)          J(w) = c0 w^2 + c1 w + c2
    train_step(w, coefficients, learning_rate)   w - learning_rate * dJ/dw, dJ/dw = 2 c0 w + c1
    minimize_cost(coefficients, learning_rate, num_iterations, w0, dtype)
                                             ws: (num_iterations + 1,) = w_0, w_1, ..., the
                                             trajectory of train_step from w0 (w = ws[-1])

   For c0 > 0 the step is affine, w_{k+1} = (1 - 2 lr c0) w_k - lr c1, so the trajectory has the
   closed form w_k = w* + (1 - 2 lr c0)^k (w_0 - w*), w* = -c1 / (2 c0): for the lecture's cost
   (w - 5)^2 from w_0 = 0 at lr 0.01, w_k = 5 - 5 * 0.98^k (w_1000 = 5 - 8.4e-9).
   Arithmetic is in `dtype` (the lecture's tf.Variable(0, dtype=tf.float32): float32 by
   default); the learning rate and coefficients meet w as numbers of that dtype (in float32 the
   rate 0.01 is 0.009999999776, what Keras uses too).

Every public function `f` checks its arguments and delegates to its kernel `_f`; kernels call
kernels through this module's globals (`_gradient`, `_train_step`, ...).
"""

import numpy as np

from conventions.tf_tutorial_checks import check_coefficients, check_w
from conventions.validation import check_float_dtype, check_non_negative_int, check_positive_float
from conventions.vocabulary import (
    QUADRATIC_COEFFICIENTS,
    QUADRATIC_LEARNING_RATE,
    QUADRATIC_STEPS,
)


# --- 1. the quadratic cost --------------------------------------------------------------------------
def quadratic_cost(w, coefficients=QUADRATIC_COEFFICIENTS):
    """J(w) = c0 w^2 + c1 w + c2: a 0-d array of w's dtype (float32 for a Python number)."""
    w = check_w(w)
    return _quadratic_cost(w, check_coefficients(coefficients, w.dtype))


def _quadratic_cost(w, c):
    return c[0] * w * w + c[1] * w + c[2]


def _gradient(w, c):
    return 2 * c[0] * w + c[1]


def train_step(w, coefficients=QUADRATIC_COEFFICIENTS, learning_rate=QUADRATIC_LEARNING_RATE):
    """One gradient-descent step: w - learning_rate * (2 c0 w + c1), a 0-d array of w's dtype."""
    w = check_w(w)
    return _train_step(w, check_coefficients(coefficients, w.dtype),
                       w.dtype.type(check_positive_float("learning_rate", learning_rate)))


def _train_step(w, c, learning_rate):
    return w - learning_rate * _gradient(w, c)


def minimize_cost(coefficients=QUADRATIC_COEFFICIENTS, learning_rate=QUADRATIC_LEARNING_RATE,
                  num_iterations=QUADRATIC_STEPS, w0=0.0, dtype=np.float32):
    """ws: (num_iterations + 1,) of `dtype`, ws[k] = w after k steps of train_step from w0."""
    dtype = check_float_dtype(dtype)
    w = check_w(w0, dtype)
    return _minimize_cost(w, check_coefficients(coefficients, dtype),
                          dtype.type(check_positive_float("learning_rate", learning_rate)),
                          check_non_negative_int("num_iterations", num_iterations))


def _minimize_cost(w, c, learning_rate, num_iterations):
    ws = np.empty(num_iterations + 1, dtype=w.dtype)
    ws[0] = w
    for k in range(num_iterations):
        w = _train_step(w, c, learning_rate)
        ws[k + 1] = w
    return ws

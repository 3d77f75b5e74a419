"""The TensorFlow tutorial of course 2, week 3, TensorFlow twin: the lecture's and the
assignment's programs as they are written there — tf.Variable, tf.GradientTape, a Keras
optimizer — with the names, signatures and results of `scratch.tf_tutorial`.

1. The quadratic cost J(w) = c0 w^2 + c1 w + c2 (coefficients [1, -10, 25] by default):
    quadratic_cost      TF ops on a constant of w's dtype
    train_step          w = tf.Variable(w); the tape's dJ/dw; one apply_gradients of
                        keras_mapping.course_sgd(learning_rate, dtype)
    minimize_cost       one tf.Variable and one optimizer for the whole run; past
                        graphs.COMPILE_AFTER iterations the loop is one traced graph (tf.range
                        under tf.function: a tf.while_loop), ws written to a TensorArray
   Keras keeps a float learning rate in a float32 variable and casts it to the weight's dtype at
   every step: for a float64 w, SGD(0.01) would step with 0.009999999776 (2.2e-8 relative off);
   course_sgd hands it over as a constant of w's dtype (parity_tests/test_tf_tutorial.py shows
   the unmapped optimizer drifting from the closed form and the mapped one on it).
"""

import tensorflow as tf

from conventions.tf_tutorial_checks import check_coefficients, check_w
from conventions.validation import check_float_dtype, check_non_negative_int, check_positive_float
from conventions.vocabulary import (
    QUADRATIC_COEFFICIENTS,
    QUADRATIC_LEARNING_RATE,
    QUADRATIC_STEPS,
)
from tfimpl import graphs
from tfimpl.keras_mapping import course_sgd


# --- 1. the quadratic cost --------------------------------------------------------------------------
def quadratic_cost(w, coefficients=QUADRATIC_COEFFICIENTS):
    """J(w) = c0 w^2 + c1 w + c2 with TF ops: a 0-d tensor of w's dtype."""
    w = check_w(w)
    return _quadratic_cost(tf.constant(w), tf.constant(check_coefficients(coefficients, w.dtype)))


def _quadratic_cost(w, c):
    return c[0] * w ** 2 + c[1] * w + c[2]


def train_step(w, coefficients=QUADRATIC_COEFFICIENTS, learning_rate=QUADRATIC_LEARNING_RATE):
    """One step of a Keras SGD (course_sgd) on tf.Variable(w), dJ/dw by the tape: a 0-d tensor."""
    w = check_w(w)
    c = tf.constant(check_coefficients(coefficients, w.dtype))
    variable = tf.Variable(tf.constant(w))
    optimizer = course_sgd(check_positive_float("learning_rate", learning_rate), variable.dtype)
    _train_step(variable, c, optimizer)
    return tf.identity(variable)


def _train_step(variable, c, optimizer):
    with tf.GradientTape() as tape:
        cost = _quadratic_cost(variable, c)
    optimizer.apply_gradients([(tape.gradient(cost, variable), variable)])


def minimize_cost(coefficients=QUADRATIC_COEFFICIENTS, learning_rate=QUADRATIC_LEARNING_RATE,
                  num_iterations=QUADRATIC_STEPS, w0=0.0, dtype=tf.float32):
    """ws: (num_iterations + 1,) tensor of `dtype`: w0 and w after each of num_iterations steps of
    one Keras SGD on one tf.Variable."""
    dtype = check_float_dtype(dtype)
    w = check_w(w0, dtype)
    c = tf.constant(check_coefficients(coefficients, dtype))
    return _minimize_cost(tf.Variable(tf.constant(w)), c,
                          course_sgd(check_positive_float("learning_rate", learning_rate),
                                     tf.as_dtype(dtype)),
                          check_non_negative_int("num_iterations", num_iterations))


def _minimize_cost(variable, c, optimizer, num_iterations):
    if num_iterations <= graphs.COMPILE_AFTER:
        ws = [tf.identity(variable)]
        for _ in range(num_iterations):
            _train_step(variable, c, optimizer)
            ws.append(tf.identity(variable))
        return tf.stack(ws)
    return tf.function(_traced_loop)(variable, c, optimizer, tf.constant(num_iterations))


def _traced_loop(variable, c, optimizer, num_iterations):
    """The loop as one graph (a tf.while_loop through autograph): ws in a TensorArray."""
    ws = tf.TensorArray(variable.dtype, size=num_iterations + 1)
    ws = ws.write(0, variable.read_value())
    for k in tf.range(num_iterations):
        _train_step(variable, c, optimizer)
        ws = ws.write(k + 1, variable.read_value())
    return ws.stack()

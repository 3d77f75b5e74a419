"""Activations and their backward functions (TensorFlow twin).

Same names and shapes as `scratch.activations` (Z, dA: (n_l, m), softmax over columns = axis 0).
Forward functions are TensorFlow ops; every `*_backward(dA, Z)` is the vector-Jacobian product
that `tf.GradientTape` computes for that op: dZ = tape.gradient(g(Z), Z, output_gradients=dA).
TensorFlow's kink conventions: relu'(0) = 0, leaky_relu'(0) = slope.
"""

import tensorflow as tf

from conventions.vocabulary import LEAKY_RELU_SLOPE  # the course's 0.01 (Keras's LeakyReLU: 0.3)


def sigmoid(Z):
    """A = tf.math.sigmoid(Z)."""
    return tf.math.sigmoid(Z)


def tanh(Z):
    """A = tf.math.tanh(Z)."""
    return tf.math.tanh(Z)


def relu(Z):
    """A = tf.nn.relu(Z)."""
    return tf.nn.relu(Z)


def leaky_relu(Z, slope=LEAKY_RELU_SLOPE):
    """A = Z where Z > 0, else slope * Z, as tf.where with the slope in Z's dtype.

    Not tf.nn.leaky_relu: its `alpha` is a float32 op attribute, so in float64 the slope becomes
    0.009999999776482582 (a 2.2e-8 relative change; pinned in parity_tests/test_keras_mapping.py).
    The tape's gradient through tf.where is `slope` at Z = 0, as tf.nn.leaky_relu's.
    """
    Z = tf.convert_to_tensor(Z)
    return tf.where(Z > 0, Z, tf.constant(slope, Z.dtype) * Z)


def softmax(Z):
    """Column-wise softmax: tf.nn.softmax(Z, axis=0) (Keras's default axis is -1, rows)."""
    return tf.nn.softmax(Z, axis=0)


def _vjp(forward, dA, Z):
    Z = tf.convert_to_tensor(Z)
    with tf.GradientTape() as tape:
        tape.watch(Z)
        A = forward(Z)
    return tape.gradient(A, Z, output_gradients=tf.convert_to_tensor(dA, dtype=Z.dtype))


def sigmoid_backward(dA, Z):
    """dZ from the tape through tf.math.sigmoid."""
    return _vjp(sigmoid, dA, Z)


def tanh_backward(dA, Z):
    """dZ from the tape through tf.math.tanh."""
    return _vjp(tanh, dA, Z)


def relu_backward(dA, Z):
    """dZ from the tape through tf.nn.relu (gradient 0 at Z = 0)."""
    return _vjp(relu, dA, Z)


def leaky_relu_backward(dA, Z, slope=LEAKY_RELU_SLOPE):
    """dZ from the tape through `leaky_relu` (tf.where; gradient `slope` at Z = 0)."""
    return _vjp(lambda z: leaky_relu(z, slope), dA, Z)


def softmax_backward(dA, Z):
    """dZ from the tape through tf.nn.softmax(axis=0)."""
    return _vjp(softmax, dA, Z)


FORWARD = {"sigmoid": sigmoid, "tanh": tanh, "relu": relu, "leaky_relu": leaky_relu,
           "softmax": softmax}
BACKWARD = {"sigmoid": sigmoid_backward, "tanh": tanh_backward, "relu": relu_backward,
            "leaky_relu": leaky_relu_backward, "softmax": softmax_backward}

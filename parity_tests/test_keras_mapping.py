"""Where Keras's defaults differ from the course: for each, the naive setting disagrees and the
mapping in `tfimpl.keras_mapping` (or the twin's documented choice) agrees."""

import keras
import numpy as np
import tensorflow as tf

from conventions import layout
from dlparity import tolerances
from scratch import activations as np_activations
from tfimpl import activations as tf_activations
from tfimpl.keras_mapping import course_sgd, exact_learning_rate


def _sgd_step(optimizer, W, dW):
    var = tf.Variable(W)
    optimizer.apply_gradients([(tf.constant(dW), var)])
    return var.numpy()


def test_float_learning_rate_is_rounded_to_float32_but_the_mapping_is_exact():
    rng = np.random.default_rng(0)
    W, dW = rng.standard_normal((5, 4)), rng.standard_normal((5, 4))
    lr = 0.0075
    course = W - lr * dW
    naive = _sgd_step(keras.optimizers.SGD(learning_rate=lr), W, dW)
    mapped = _sgd_step(course_sgd(lr, tf.float64), W, dW)
    assert mapped.tobytes() == course.tobytes()
    # naive: lr became float32(0.0075) = 0.007499999832361937, off by 2.2e-8 relative ...
    lr32 = float(np.float32(lr))
    assert lr32 != lr
    assert naive.tobytes() == (W - lr32 * dW).tobytes()     # ... which is the whole difference
    assert naive.tobytes() != course.tobytes()


def test_exact_learning_rate_keeps_float32_runs_in_float32():
    assert exact_learning_rate(0.5, tf.float32)().dtype == tf.float32


def test_tf_nn_leaky_relu_slope_is_float32_in_float64_but_the_twin_is_exact():
    Z = np.linspace(-3, 3, 13).reshape(1, -1)
    course = np_activations.leaky_relu(Z)
    naive = tf.nn.leaky_relu(Z, alpha=0.01).numpy()
    assert np.max(np.abs(naive - course)) > 1e-10           # alpha = float32(0.01)
    assert tf_activations.leaky_relu(Z).numpy().tobytes() == course.tobytes()


def test_keras_leaky_relu_layer_defaults_to_a_different_slope():
    Z = np.array([[-2.0, 1.0]])
    assert keras.layers.LeakyReLU()(Z).numpy()[0, 0] == -0.6                 # slope 0.3
    assert np_activations.leaky_relu(Z)[0, 0] == -0.02                        # course 0.01


def test_dense_kernel_is_the_transposed_course_matrix():
    """Keras computes x @ kernel + bias on examples in rows; with kernel = W.T, bias = b.ravel()
    and x = X.T it is the course's W X + b, transposed."""
    rng = np.random.default_rng(1)
    W, b, X = rng.standard_normal((3, 5)), rng.standard_normal((3, 1)), rng.standard_normal((5, 7))
    dense = keras.layers.Dense(3, dtype="float64")
    dense.build((None, 5))
    dense.set_weights(layout.parameters_to_keras_weights({"W1": W, "b1": b}))
    keras_out = dense(layout.examples_to_rows(X)).numpy()
    course_out = W @ X + b
    diff = np.max(np.abs(layout.examples_to_columns(keras_out) - course_out))
    assert diff <= tolerances.tolerance("float64", "reduction", n=5) * np.max(np.abs(course_out))
    # the naive load (W as the kernel) is refused by Keras: shapes (3, 5) vs (5, 3)
    try:
        dense.set_weights([W, b.ravel()])
    except ValueError as err:
        assert "(5, 3)" in str(err) or "shape" in str(err)
    else:
        raise AssertionError("Keras accepted a course-layout W as its kernel")


def test_keras_relu_gradient_at_zero_is_zero():
    Z = tf.constant([[0.0, 1.0, -1.0]], dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(Z)
        A = keras.activations.relu(Z)
    assert tape.gradient(A, Z).numpy().tolist() == [[0.0, 1.0, 0.0]]


def test_keras_binary_crossentropy_clips_probabilities_the_course_formula_does_not():
    """keras.losses.binary_crossentropy clips A to [1e-7, 1 - 1e-7]: at A = 1e-12 with Y = 1
    the course's cost is -log(1e-12) = 27.6, Keras's is -log(1e-7) = 16.1."""
    A = np.array([[1e-12]])
    Y = np.array([[1.0]])
    keras_cost = float(keras.losses.binary_crossentropy(Y.T, A.T)[0])
    from scratch import losses
    assert abs(float(losses.binary_cross_entropy(A, Y)) - 27.631021115928547) < 1e-12
    assert abs(keras_cost - 16.118095650958317) < 1e-6

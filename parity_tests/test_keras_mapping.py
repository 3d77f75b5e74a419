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


def _course_adam_moments(grads_per_step, beta1=0.9, beta2=0.999):
    """The course's v, s after the given steps:
    v = beta1 v + (1 - beta1) dW,  s = beta2 s + (1 - beta2) dW**2."""
    state = {"v": {k: np.zeros_like(g) for k, g in grads_per_step[0].items()},
             "s": {k: np.zeros_like(g) for k, g in grads_per_step[0].items()}, "t": 0}
    for grads in grads_per_step:
        state["t"] += 1
        for k, g in grads.items():
            state["v"][k] = beta1 * state["v"][k] + (1 - beta1) * g
            state["s"][k] = beta2 * state["s"][k] + (1 - beta2) * g ** 2
    return state


def test_optimizer_state_in_keras_layout_is_what_keras_adam_keeps():
    """conventions.optimizer_state: v <-> Keras Adam's "momentums", s <-> its "velocities", t <->
    `iterations`, each array converted by its prefixed name (v_dW1 like W1: the transposed kernel;
    v_db1 like b1: the raveled bias). Keras updates m += (g - m)(1 - beta1), the course
    v = beta1 v + (1 - beta1) g: equal up to rounding, so the comparison allows a few ulp per step.
    The naive conversion (a reshape where a transpose is meant) is caught."""
    from conventions import optimizer_state

    rng = np.random.default_rng(3)
    parameters = {"W1": rng.standard_normal((3, 5)), "b1": rng.standard_normal((3, 1)),
                  "W2": rng.standard_normal((1, 3)), "b2": rng.standard_normal((1, 1))}
    steps = [{f"d{k}": rng.standard_normal(v.shape) for k, v in parameters.items()} for _ in range(3)]
    names = ["W1", "b1", "W2", "b2"]
    variables = [tf.Variable(layout.to_keras_layout(n, parameters[n])) for n in names]
    adam = keras.optimizers.Adam(learning_rate=0.01)
    for grads in steps:
        adam.apply_gradients([(tf.constant(layout.to_keras_layout("d" + n, grads["d" + n])), var)
                              for n, var in zip(names, variables)])
    keras_state = {"v": {"d" + n: m.numpy() for n, m in zip(names, adam._momentums)},
                   "s": {"d" + n: s.numpy() for n, s in zip(names, adam._velocities)},
                   "t": int(adam.iterations.numpy())}
    course = _course_adam_moments(steps)
    bound = tolerances.tolerance("float64", "trajectory", n=1, steps=len(steps))

    converted = optimizer_state.to_keras_layout(course)
    back = optimizer_state.check_optimizer_state(optimizer_state.from_keras_layout(keras_state),
                                                 parameters)
    assert back["t"] == course["t"] == 3
    for moment in ("v", "s"):
        for name in course[moment]:
            want, got = converted[moment][name], keras_state[moment][name]
            assert got.shape == want.shape and got.dtype == want.dtype
            assert np.max(np.abs(got - want)) <= bound * np.max(np.abs(want)), (moment, name)
            assert back[moment][name].shape == parameters[name[1:]].shape
    # the wrong variant: a kernel-shaped reshape of v['dW1'] instead of its transpose
    naive = course["v"]["dW1"].reshape(keras_state["v"]["dW1"].shape)
    assert np.max(np.abs(naive - keras_state["v"]["dW1"])) > 100 * bound * np.max(np.abs(naive))

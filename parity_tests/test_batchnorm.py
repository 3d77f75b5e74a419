"""Batch normalisation: the catalogue (dlparity/cases/batchnorm.py: twins and Keras, wrong variants)
and what only Keras can show — the mapping of its momentum and epsilon (equality under it, the gap
without it), the variance the installed Keras feeds its moving variance (pinned), and the
order-dependent rounding of a constant unit whose mean rounds."""

import numpy as np
import pytest

from dlparity.testing import catalogue_tests
from scratch import batchnorm as scratch_bn

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from tfimpl import batchnorm as tf_bn  # noqa: E402
from tfimpl.keras_mapping import course_batch_normalization  # noqa: E402

test_random_inputs, test_fixed_inputs, test_wrong_variants = catalogue_tests("batchnorm")

EPS64 = np.finfo(np.float64).eps


def _draw(seed=0, n=4, m=6, dtype=np.float64):
    rng = np.random.default_rng(seed)
    Z = (rng.standard_normal((n, 1)) + rng.uniform(0.7, 3, (n, 1)) * rng.standard_normal((n, m)))
    return (Z.astype(dtype), rng.standard_normal((n, 1)).astype(dtype),
            rng.standard_normal((n, 1)).astype(dtype))


def _relative(a, b):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return float(np.abs(a - b).max() / np.abs(a).max())


def _scratch_steps(batches, gamma, beta, momentum, epsilon):
    n = gamma.shape[0]
    mean, var = np.zeros((n, 1)), np.ones((n, 1))
    for Z in batches:
        Z_tilde, _ = scratch_bn.batchnorm_forward(Z, gamma, beta, epsilon)
        mu, v = scratch_bn.batch_statistics(Z)
        mean, var = scratch_bn.update_running_stats(mean, var, mu, v, momentum)
    return Z_tilde, mean, var


def _keras_steps(layer, batches):
    for Z in batches:
        out = layer(tf.constant(Z.T), training=True)
    return (np.asarray(out).T, np.asarray(layer.moving_mean)[:, None],
            np.asarray(layer.moving_variance)[:, None])


# --- the mapping: equality under it, the gap without it --------------------------------------------
def test_the_mapped_layer_follows_scratch_and_the_naive_ones_do_not():
    """Five mini-batches at the course's momentum 0.9 and epsilon 1e-8. Mapped (momentum 0.9,
    epsilon 1e-8, float64): outputs and moving statistics within the trajectory bound. Keras's
    defaults (momentum 0.99, epsilon 1e-3) miss the statistics by O(1) and the output by ~1e-4;
    PyTorch's reading of momentum (0.1, the new value's weight) misses the statistics."""
    gamma, beta = _draw(1)[1:]
    batches = [_draw(10 + k)[0] for k in range(5)]
    want = _scratch_steps(batches, gamma, beta, 0.9, 1e-8)
    bound = 16 * EPS64 * np.sqrt(6) * 5
    mapped = _keras_steps(course_batch_normalization(0.9, 1e-8, "float64", gamma, beta), batches)
    assert max(_relative(w, g) for w, g in zip(want, mapped)) <= bound

    default = keras.layers.BatchNormalization(dtype="float64")
    default.build((None, 4))
    default.set_weights([gamma.ravel(), beta.ravel(), np.zeros(4), np.ones(4)])
    naive = _keras_steps(default, batches)
    assert _relative(want[0], naive[0]) > 1e-6            # epsilon 1e-3 inside the root
    assert _relative(want[1], naive[1]) > 0.1 and _relative(want[2], naive[2]) > 0.1

    torch_style = _keras_steps(course_batch_normalization(0.1, 1e-8, "float64", gamma, beta),
                               batches)
    assert _relative(want[0], torch_style[0]) <= bound    # the output does not see momentum
    assert _relative(want[1], torch_style[1]) > 0.1


def test_keras_default_epsilon_alone_is_a_visible_gap():
    Z, gamma, beta = _draw(2)
    want, _ = scratch_bn.batchnorm_forward(Z, gamma, beta)             # epsilon 1e-8
    layer = course_batch_normalization(0.9, 1e-3, "float64", gamma, beta)
    gap = _relative(want, np.asarray(layer(tf.constant(Z.T), training=True)).T)
    # sqrt(var + 1e-3) vs sqrt(var + 1e-8): relative ~ 1e-3 / (2 var) with var in [0.5, 9]
    assert 1e-5 < gap < 1e-3


def test_a_float32_layer_under_the_default_policy_is_not_float64():
    """Without dtype, Keras keeps the layer's variables in float32 and rounds: the mapping passes
    the dtype."""
    layer = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-8)
    layer.build((None, 4))
    assert layer.moving_variance.dtype == "float32"
    assert course_batch_normalization(0.9, 1e-8, "float64", np.ones((4, 1))).moving_variance.dtype \
        == "float64"


# --- the variance Keras feeds its moving variance: pinned ---------------------------------------
def test_the_installed_keras_feeds_the_biased_variance_to_the_moving_variance():
    """Keras 3's call(training=True) assigns moving_var * momentum + var * (1 - momentum) with var
    from ops.moments (the mean of squared deviations). At m = 4 the unbiased variance is 4/3 the
    biased one: one step from moving_var 1 at momentum 0.5 gives 0.5 + 0.5 * var. If a Keras
    version switches to the unbiased variance (Keras 2 did, as PyTorch does), this fails."""
    Z = np.array([[1.0, 2.0, 3.0, 6.0]])                            # var 3.5, unbiased 14/3
    layer = course_batch_normalization(0.5, 1e-3, "float64", np.ones((1, 1)))
    layer(tf.constant(Z.T), training=True)
    moving = float(np.asarray(layer.moving_variance)[0])
    assert moving == 0.5 + 0.5 * 3.5                                  # 2.25, exact
    assert moving != 0.5 + 0.5 * 14 / 3
    _, var = scratch_bn.batch_statistics(Z)
    assert float(scratch_bn.update_running_stats(np.zeros((1, 1)), np.ones((1, 1)),
                                                 np.array([[3.0]]), var, 0.5)[1][0, 0]) == moving


def test_keras_at_inference_uses_the_moving_statistics_by_default():
    """call() without training is inference mode (training=None): the moving statistics, not the
    batch's — the course's inference."""
    Z, gamma, beta = _draw(3)
    mean, var = np.full((4, 1), 0.5), np.full((4, 1), 2.0)
    layer = course_batch_normalization(0.9, 1e-3, "float64", gamma, beta, mean, var)
    want = scratch_bn.batchnorm_inference(Z, gamma, beta, mean, var, 1e-3)
    assert _relative(want, np.asarray(layer(tf.constant(Z.T))).T) <= 16 * EPS64 * np.sqrt(6)
    train, _ = scratch_bn.batchnorm_forward(Z, gamma, beta, 1e-3)
    assert _relative(train, np.asarray(layer(tf.constant(Z.T))).T) > 0.1


# --- numerical honesty: a constant unit whose mean rounds -------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_constant_unit_whose_mean_rounds_stays_within_its_bound_in_both_twins(dtype):
    """0.1 repeated 37 times: the mean rounds (to within a few ulp of 0.1, depending on the
    summation order), so Z - mu = +-k ulp(0.1) and Z_norm = k ulp / sqrt(epsilon). Both twins give
    beta within |gamma| * 8 ulp(0.1) / sqrt(epsilon): stable, finite, though not the same bits
    (at epsilon 1e-8 in float32 that bound is 5e-4 of |gamma|)."""
    Z = np.full((1, 37), 0.1, dtype)
    gamma, beta = np.array([[3.0]], dtype), np.array([[0.5]], dtype)
    bound = 3.0 * 8 * float(np.spacing(dtype(0.1))) / np.sqrt(1e-8)
    for twin in (scratch_bn, tf_bn):
        Z_tilde, cache = twin.batchnorm_forward(Z, gamma, beta, 1e-8)
        assert np.abs(np.asarray(Z_tilde, np.float64) - 0.5).max() <= bound
        dZ = np.asarray(twin.batchnorm_backward(np.ones((1, 37), dtype), cache)[0])
        assert np.all(np.isfinite(dZ))


# --- the gradient check of the tape twin (the scratch one is in scratch_tests) ---------------------
def test_the_tape_gradients_pass_the_course_gradient_check():
    Z, gamma, beta = _draw(4, n=3, m=5)
    G = np.random.default_rng(5).standard_normal(Z.shape)
    dZ = np.asarray(tf_bn.batchnorm_backward(G, (Z, gamma, beta, 1e-3))[0])
    h, num = 1e-7, np.zeros_like(Z)
    for idx in np.ndindex(Z.shape):
        E = np.zeros_like(Z)
        E[idx] = h
        up = np.sum(G * np.asarray(tf_bn.batchnorm_forward(Z + E, gamma, beta, 1e-3)[0]))
        down = np.sum(G * np.asarray(tf_bn.batchnorm_forward(Z - E, gamma, beta, 1e-3)[0]))
        num[idx] = (up - down) / (2 * h)
    assert np.linalg.norm(dZ - num) / (np.linalg.norm(dZ) + np.linalg.norm(num)) < 2e-7


# --- the weights file's /batchnorm group feeds a Keras layer ---------------------------------------
def test_a_saved_batchnorm_group_restores_a_keras_layer_that_infers_as_scratch(tmp_path):
    """gamma, beta and the running statistics after three training-mode steps go through the
    weights file (course layout) into the mapped Keras layer (conventions.layout's column rule):
    Keras's inference then equals scratch's on the loaded arrays."""
    from conventions import weights_file

    rng = np.random.default_rng(8)
    parameters = {"W1": rng.standard_normal((4, 3)), "b1": np.zeros((4, 1)),
                  "W2": rng.standard_normal((1, 4)), "b2": np.zeros((1, 1))}
    gamma, beta = rng.standard_normal((4, 1)), rng.standard_normal((4, 1))
    mean, var = np.zeros((4, 1)), np.ones((4, 1))
    for _ in range(3):
        mu, v = scratch_bn.batch_statistics(_draw(int(rng.integers(100)))[0])
        mean, var = scratch_bn.update_running_stats(mean, var, mu, v)
    path = tmp_path / "bn.h5"
    weights_file.save_parameters(path, parameters, ["relu", "sigmoid"], extras={"batchnorm": {
        "gamma1": gamma, "beta1": beta, "running_mean1": mean, "running_var1": var}})
    state = weights_file.load_parameters(path).extras["batchnorm"]
    layer = course_batch_normalization(0.9, 1e-8, "float64", state["gamma1"], state["beta1"],
                                       state["running_mean1"], state["running_var1"])
    assert np.array_equal(np.asarray(layer.moving_variance), var.ravel())
    Z = _draw(99)[0]
    want = scratch_bn.batchnorm_inference(Z, gamma, beta, mean, var)
    got = np.asarray(layer(tf.constant(Z.T), training=False)).T
    assert _relative(want, got) <= 16 * EPS64 * np.sqrt(6)


# --- the batch-normalised network: the tape's gradient check, the edges in the TF twin, Keras ----
def _bn_network(seed=0, m=8, sizes=(3, 4, 3, 1)):
    rng = np.random.default_rng(seed)
    parameters = scratch_bn.initialize_parameters_bn(list(sizes), seed=seed)
    for name in parameters:
        if name.startswith(("gamma", "beta")):
            parameters[name] = parameters[name] + 0.3 * rng.standard_normal(parameters[name].shape)
    X = rng.standard_normal((sizes[0], m))
    Y = (np.arange(m)[None, :] % 2).astype(np.float64)
    return X, Y, parameters, scratch_bn.initialize_running_stats(parameters)


def test_the_network_tape_gradients_pass_the_course_gradient_check():
    """tfimpl's backward (tape VJPs) against central differences of tfimpl's own cost (float64,
    eps 1e-7, the course's threshold 2e-7), every parameter."""
    from tfimpl import deep as tf_deep
    X, Y, parameters, running = _bn_network(1)
    AL, caches, _ = tf_bn.L_model_forward_bn(X, parameters, running, ["tanh", "relu"], 1e-3)
    grads = tf_bn.L_model_backward_bn(AL, Y, caches, ["tanh", "relu"])
    h = 1e-7
    for name, value in parameters.items():
        numeric = np.zeros_like(value)
        for idx in np.ndindex(value.shape):
            costs = []
            for sign in (1, -1):
                shifted = value.copy()
                shifted[idx] += sign * h
                A, _, _ = tf_bn.L_model_forward_bn(X, {**parameters, name: shifted}, running,
                                                   ["tanh", "relu"], 1e-3)
                costs.append(float(tf_deep.compute_cost(A, Y)))
            numeric[idx] = (costs[0] - costs[1]) / (2 * h)
        analytic = np.asarray(grads[f"d{name}"])
        difference = np.linalg.norm(analytic - numeric) / (np.linalg.norm(analytic)
                                                            + np.linalg.norm(numeric))
        assert difference < 2e-7, name


def test_both_twins_give_beta_at_m_1_and_for_a_constant_unit():
    """The decided edge behaviour (scratch.batchnorm's block comment), in both twins: at m = 1
    every hidden Z_tilde is beta exactly, AL ignores X, the hidden dW and dgamma are 0; a constant
    unit's Z_tilde is beta and every gradient finite."""
    X, Y, parameters, running = _bn_network(4, m=1)
    X5, Y5, _, _ = _bn_network(4, m=5)
    constant = {**parameters, "W1": parameters["W1"] * np.array([[1.0], [0.0], [1.0], [1.0]])}
    for twin in (scratch_bn, tf_bn):
        AL, caches, _ = twin.L_model_forward_bn(X, parameters, running)
        for l in (1, 2):
            np.testing.assert_array_equal(np.asarray(caches[l - 1][2]), parameters[f"beta{l}"])
        np.testing.assert_array_equal(
            np.asarray(AL), np.asarray(twin.L_model_forward_bn(3 * X, parameters, running)[0]))
        grads = twin.L_model_backward_bn(AL, Y, caches)
        for name in ("dW1", "dW2", "dgamma1", "dgamma2"):
            np.testing.assert_array_equal(np.asarray(grads[name]), 0.0)
        AL5, caches5, _ = twin.L_model_forward_bn(X5, constant, running)
        np.testing.assert_array_equal(np.asarray(caches5[0][2])[1],
                                      np.full(5, constant["beta1"][1, 0]))
        assert all(np.isfinite(np.asarray(g)).all()
                   for g in twin.L_model_backward_bn(AL5, Y5, caches5).values())


def test_the_fitted_keras_model_infers_as_scratch_and_a_naive_keras_model_departs():
    """After fit_keras_bn, Keras's own inference (call(training=False) on the trained layers)
    equals scratch's L_model_inference_bn at scratch's trained parameters and running statistics
    (within the trajectory bound); a model with Keras's defaults (momentum 0.99, epsilon 1e-3,
    Dense with bias) trained by the same fit ends O(1e-3) away in its running statistics."""
    from tfimpl import keras_mapping
    rng = np.random.default_rng(9)
    X = rng.standard_normal((2, 40))
    Y = (X[:1] * X[1:] > 0).astype(np.float64)
    start = scratch_bn.initialize_parameters_bn([2, 4, 1], seed=2)
    want, want_running, _ = scratch_bn.L_layer_model_bn(X, Y, None, "adam", 0.01, 16, 5,
                                                        initial_parameters=start)
    got, got_running, _ = tf_bn.fit_keras_bn(X, Y, start, None, "adam", 0.01, 16, 5)
    bound = 16 * EPS64 * np.sqrt(16) * 15
    assert max(_relative(want[k], got[k]) for k in want) <= bound
    model = keras_mapping.course_batchnorm_network(got, got_running, ["relu"], 0.9, 1e-8,
                                                   "float64")
    keras_AL = np.asarray(model(tf.constant(X.T), training=False)).T
    scratch_AL = scratch_bn.L_model_inference_bn(X, want, want_running)
    assert _relative(scratch_AL, keras_AL) <= bound
    naive = keras.Sequential([keras.Input((2,), dtype="float64"),
                              keras.layers.Dense(4, dtype="float64"),
                              keras.layers.BatchNormalization(dtype="float64"),
                              keras.layers.Activation("relu", dtype="float64"),
                              keras.layers.Dense(1, activation="sigmoid", dtype="float64")])
    naive.layers[0].set_weights([start["W1"].T, np.zeros(4)])
    naive.layers[1].set_weights([start["gamma1"].ravel(), start["beta1"].ravel(), np.zeros(4),
                                 np.ones(4)])
    naive.layers[3].set_weights([start["W2"].T, start["b2"].ravel()])
    naive.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy")
    naive.fit(X.T, Y.T, batch_size=16, epochs=5, shuffle=False, verbose=0)
    moving = np.asarray(naive.layers[1].moving_mean)[:, None]
    assert _relative(want_running["running_mean1"], moving) > 1e-3

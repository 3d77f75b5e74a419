"""Parity of `regularization` (course 2, week 1): the catalogue (dlparity/cases/regularization.py)
with its wrong variants, plus hand-computed golden values and the Keras mappings:

- L2: `keras.regularizers.L2(l2)` adds l2 * sum(W^2) (no 1/2, no 1/m). A Keras model holding the
  course's weights, with kernel_regularizer=L2(lambd / (2 m)) on every Dense, has loss (mean binary
  cross-entropy + its `losses`) equal to compute_cost_with_regularization, and its tape gradients
  equal to backward_propagation_with_regularization's dW (transposed); with the unmapped
  L2(lambd) the cost differs by lambd (1 - 1 / (2 m)) sum ||W||^2 — shown measured.
- Dropout: `keras.layers.Dropout(rate = 1 - keep_prob)` is inverted dropout: every kept value is
  x / keep_prob exactly, the kept fraction is keep_prob within a binomial bound, and it is the
  identity when not training (`training` defaults to False). Its masks are its own: parity of
  values goes through the course's masks, injected (the cases).
"""

import math

import numpy as np
import pytest

from dlparity import checker, tolerances
from dlparity.testing import catalogue_tests
from scratch import regularization as scratch

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")
from tfimpl import regularization as tfimpl  # noqa: E402

test_random_inputs, test_fixed_inputs, test_wrong_variants = catalogue_tests("regularization")


def _network(seed=0, sizes=(3, 5, 4, 1), m=6):
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, 4):
        parameters[f"W{l}"] = rng.standard_normal((sizes[l], sizes[l - 1])) / np.sqrt(sizes[l - 1])
        parameters[f"b{l}"] = 0.3 * rng.standard_normal((sizes[l], 1))
    X = rng.standard_normal((sizes[0], m))
    Y = np.array([[1.0, 0.0] * (m // 2)])
    return X, Y, parameters


# --- golden values by hand ------------------------------------------------------------------------
def test_the_penalty_by_hand():
    """A3 = 0.5 everywhere: J = log 2; W1 = [[1, 2]], W2 = [[3]], W3 = [[4]]: sum ||W||^2 = 30;
    m = 4, lambd = 0.2: lambd / (2 m) * 30 = 0.75."""
    A3, Y = np.full((1, 4), 0.5), np.array([[1.0, 0.0, 1.0, 0.0]])
    parameters = {"W1": np.array([[1.0, 2.0]]), "b1": np.ones((1, 1)), "W2": np.array([[3.0]]),
                  "b2": np.ones((1, 1)), "W3": np.array([[4.0]]), "b3": np.ones((1, 1))}
    for module in (scratch, tfimpl):
        cost = float(module.compute_cost_with_regularization(A3, Y, parameters, 0.2))
        assert cost == pytest.approx(math.log(2) + 0.75, rel=1e-15)


def test_dropout_keeps_and_scales_by_hand():
    """keep_prob = 0.5 after np.random.seed(1): D1 = rand(2, 3) < 0.5 as the assignment draws it,
    and a kept unit is relu(Z) / 0.5."""
    X = np.array([[1.0, 2.0, 3.0]])
    parameters = {"W1": np.ones((2, 1)), "b1": np.zeros((2, 1)), "W2": np.ones((2, 2)),
                  "b2": np.zeros((2, 1)), "W3": np.ones((1, 2)), "b3": np.zeros((1, 1))}
    D1 = (np.random.RandomState(1).rand(2, 3) < 0.5).astype(float)     # np.random.seed(1); rand
    for module in (scratch, tfimpl):
        _, cache = module.forward_propagation_with_dropout(X, parameters, 0.5)
        np.testing.assert_array_equal(np.asarray(cache[1]), D1)
        np.testing.assert_array_equal(np.asarray(cache[2]), D1 * np.array([[1.0, 2.0, 3.0]]) / 0.5)


def test_the_masks_are_the_same_in_both_twins_bit_for_bit():
    X, _, parameters = _network(3, (4, 30, 20, 1), 50)
    _, ours = scratch.forward_propagation_with_dropout(X, parameters, 0.86)
    _, theirs = tfimpl.forward_propagation_with_dropout(X, parameters, 0.86)
    for k in (1, 6):
        np.testing.assert_array_equal(ours[k], theirs[k].numpy())


def test_lambd_zero_is_the_unregularised_gradient_and_bad_arguments_are_named():
    X, Y, parameters = _network()
    _, cache = scratch.forward_propagation(X, parameters)
    plain = scratch.backward_propagation_with_regularization(X, Y, cache, 0)
    _, dcache = scratch.forward_propagation_with_dropout(X, parameters, 1.0)
    unmasked = scratch.backward_propagation_with_dropout(X, Y, dcache, 1.0)
    for k in plain:
        np.testing.assert_allclose(plain[k], unmasked[k], rtol=1e-15, atol=0)
    for module in (scratch, tfimpl):
        with pytest.raises(ValueError, match="lambd"):
            module.backward_propagation_with_regularization(X, Y, cache, -1.0)
        with pytest.raises(ValueError, match="keep_prob"):
            module.forward_propagation_with_dropout(X, parameters, 0.0)
        with pytest.raises(ValueError, match="cache"):
            module.backward_propagation_with_dropout(X, Y, cache, 0.5)    # the 12-tuple, not 14


# --- Keras's L2 -------------------------------------------------------------------------------------
def _keras_model(parameters, regularizer):
    layers = [keras.Input((parameters["W1"].shape[1],), dtype="float64")]
    # the output layer stays linear: the loss takes logits (Keras's probability form adds 1e-7
    # inside its logs, a 6.7e-9 relative gap here; REFERENCES 4)
    for l, activation in ((1, "relu"), (2, "relu"), (3, "linear")):
        layers.append(keras.layers.Dense(parameters[f"W{l}"].shape[0], activation=activation,
                                         kernel_regularizer=regularizer, dtype="float64"))
    model = keras.Sequential(layers)
    for l, layer in enumerate(model.layers, start=1):
        layer.set_weights([parameters[f"W{l}"].T, parameters[f"b{l}"].ravel()])
    return model


def _keras_cost_and_grads(model, X, Y):
    with tf.GradientTape() as tape:
        Z3 = model(X.T, training=True)
        cross_entropy = keras.losses.BinaryCrossentropy(from_logits=True, dtype="float64")
        loss = cross_entropy(Y.T, Z3) + tf.add_n(model.losses)
    grads = tape.gradient(loss, [layer.kernel for layer in model.layers])
    return float(loss), [g.numpy().T for g in grads]


def test_keras_l2_equals_the_course_at_l2_equal_lambd_over_2m_and_not_without_it():
    """Keras casts l2 through float32 (`ops.cast(self.l2, x.dtype)` converts the Python float to a
    float32 tensor first: measured, L2(0.04375) adds 0.04375 - 7.45e-10 per unit square). So the
    mapped model equals the course at lambd' = 2 m float32(lambd / (2 m)) to float64 rounding, and
    the course's own lambd within that rounding of l2 (relative 2^-24 of the penalty)."""
    X, Y, parameters = _network(5, (4, 6, 3, 1), 8)
    m, lambd = X.shape[1], 0.7
    l2_as_keras_holds_it = float(np.float32(lambd / (2 * m)))
    lambd_keras = 2 * m * l2_as_keras_holds_it
    A3, cache = scratch.forward_propagation(X, parameters)
    ours = float(scratch.compute_cost_with_regularization(A3, Y, parameters, lambd_keras))
    grads = scratch.backward_propagation_with_regularization(X, Y, cache, lambd_keras)
    mapped, keras_grads = _keras_cost_and_grads(_keras_model(parameters, tfimpl.keras_l2(lambd, m)),
                                                X, Y)
    bound = tolerances.tolerance("float64", "reduction", n=max(m, 24))
    assert abs(mapped - ours) <= bound * abs(ours)
    for l in (1, 2, 3):
        checker.assert_pass(checker.compare(grads[f"dW{l}"], keras_grads[l - 1],
                                            component=f"keras L2 dW{l}", check="gradient",
                                            dtype="float64", tolerance=bound))
    squares = sum(float(np.sum(parameters[f"W{l}"] ** 2)) for l in (1, 2, 3))
    exact = float(scratch.compute_cost_with_regularization(A3, Y, parameters, lambd))
    assert abs(mapped - exact) <= bound * abs(exact) + lambd / (2 * m) * squares * 2.0 ** -24
    unmapped, _ = _keras_cost_and_grads(_keras_model(parameters, keras.regularizers.L2(lambd)), X, Y)
    gap = unmapped - exact
    assert gap == pytest.approx(lambd * (1 - 1 / (2 * m)) * squares, rel=1e-6)
    assert gap > 1e6 * bound * abs(exact)


# --- Keras's Dropout -----------------------------------------------------------------------------------
def test_keras_dropout_is_inverted_dropout_at_rate_1_minus_keep_prob():
    keep_prob, n = 0.86, 200_000
    x = tf.constant(np.random.default_rng(2).uniform(0.5, 2.0, (n // 100, 100)))
    layer = tfimpl.keras_dropout(keep_prob, seed=11)
    layer.build(x.shape)
    y = layer(x, training=True).numpy()
    assert y.dtype == np.float64
    kept = y != 0
    # every kept value is x / keep_prob (to rounding), the rest exactly 0
    np.testing.assert_allclose(y[kept], x.numpy()[kept] / keep_prob, rtol=2 * np.finfo(float).eps)
    # kept fraction: binomial(n, keep_prob), 5 standard deviations (two-sided tail 5.7e-7)
    fraction = kept.mean()
    assert abs(fraction - keep_prob) <= 5 * math.sqrt(keep_prob * (1 - keep_prob) / n), fraction
    # not training (the default): the identity
    np.testing.assert_array_equal(layer(x).numpy(), x.numpy())
    np.testing.assert_array_equal(layer(x, training=False).numpy(), x.numpy())


def test_a_dropout_without_inversion_is_caught_by_the_same_checks():
    """Keras's rate taken as keep_prob (Dropout(rate=keep_prob)): the kept fraction fails."""
    keep_prob, n = 0.86, 200_000
    x = tf.constant(np.ones((n // 100, 100)))
    y = keras.layers.Dropout(rate=keep_prob, seed=11)(x, training=True).numpy()
    fraction = (y != 0).mean()
    assert abs(fraction - keep_prob) > 5 * math.sqrt(keep_prob * (1 - keep_prob) / n)


# --- an optimizer's weight_decay is another thing ---------------------------------------------------
def _keras_step(parameters, grads, optimizer, decay_biases=False):
    """One optimizer step on course-layout copies of `parameters` with the given gradients."""
    variables = {k: tf.Variable(v) for k, v in parameters.items()}
    if not decay_biases:
        optimizer.exclude_from_weight_decay(var_list=[v for k, v in variables.items()
                                                      if k.startswith("b")])
    optimizer.apply_gradients([(tf.constant(grads[f"d{k}"]), v) for k, v in variables.items()])
    return {k: v.numpy() for k, v in variables.items()}


def test_weight_decay_equals_l2_for_plain_sgd_at_lambd_over_m_and_not_for_adam():
    """Keras decays W <- W - W * weight_decay * lr before the step (decoupled; the biases too
    unless excluded). For plain SGD that is the course's W - alpha (dW + lambd / m W) at
    weight_decay = lambd / m (weight_decay passes through float32 like L2's l2: relative 2^-24 of
    the decay term). For Adam the decay bypasses the moment estimates: not the course's L2."""
    from tfimpl.keras_mapping import exact_learning_rate
    X, Y, parameters = _network(5, (4, 6, 3, 1), 8)
    m, lambd, alpha = X.shape[1], 0.7, 0.3
    _, cache = scratch.forward_propagation(X, parameters)
    plain = scratch.backward_propagation_with_regularization(X, Y, cache, 0.0)
    l2 = scratch.backward_propagation_with_regularization(X, Y, cache, lambd)
    course = {k: v - alpha * l2[f"d{k}"] for k, v in parameters.items()}
    sgd = keras.optimizers.SGD(learning_rate=exact_learning_rate(alpha, tf.float64),
                               weight_decay=lambd / m)
    stepped = _keras_step(parameters, plain, sgd)
    bound = tolerances.tolerance("float64", "reduction", n=m)
    for k, v in course.items():
        decay_rounding = alpha * lambd / m * 2.0 ** -24 * np.abs(parameters[k]).max()
        assert np.abs(stepped[k] - v).max() <= bound * np.abs(v).max() + decay_rounding, k
    # unmapped (weight_decay = lambd): off by alpha lambd (1 - 1/m) W
    unmapped = _keras_step(parameters, plain, keras.optimizers.SGD(
        learning_rate=exact_learning_rate(alpha, tf.float64), weight_decay=lambd))
    assert np.abs(unmapped["W1"] - course["W1"]).max() > 1e6 * bound * np.abs(course["W1"]).max()
    # the biases decayed too (Keras's default) move measurably
    all_decayed = _keras_step(parameters, plain, keras.optimizers.SGD(
        learning_rate=exact_learning_rate(alpha, tf.float64), weight_decay=lambd / m),
        decay_biases=True)
    assert np.abs(all_decayed["b1"] - course["b1"]).max() > 1e-3 * np.abs(course["b1"]).max()
    # Adam: L2 in the gradient vs decoupled weight decay, one step apart by far more than rounding
    adam_l2 = _keras_step(parameters, l2, keras.optimizers.Adam(
        learning_rate=exact_learning_rate(0.01, tf.float64)))
    adam_wd = _keras_step(parameters, plain, keras.optimizers.Adam(
        learning_rate=exact_learning_rate(0.01, tf.float64), weight_decay=lambd / m))
    gap = max(np.abs(adam_l2[k] - adam_wd[k]).max() for k in parameters)
    assert gap > 1e3 * bound, gap

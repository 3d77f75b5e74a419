"""Softmax networks: the catalogue (dlparity/cases/softmax.py: twins and Keras, wrong variants) and
the Keras mapping of the cross-entropy — equality under it (classes' axis, dtype), the gap without
it — and Keras's clipping of probabilities, pinned."""

import numpy as np
import pytest

from dlparity.testing import catalogue_tests
from scratch import softmax as scratch_sm

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from tfimpl import softmax as tf_sm  # noqa: E402
from tfimpl.keras_mapping import course_categorical_crossentropy  # noqa: E402

test_random_inputs, test_fixed_inputs, test_wrong_variants = catalogue_tests("softmax")

EPS64 = np.finfo(np.float64).eps


def _draw(seed=0, C=4, m=9):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, C, (1, m))
    return 2 * rng.standard_normal((C, m)), scratch_sm.convert_to_one_hot(y, C), y


def _relative(a, b):
    a, b = float(np.asarray(a)), float(np.asarray(b))
    return abs(a - b) / abs(a)


def test_the_mapped_loss_equals_the_course_cost_in_either_layout():
    ZL, Y, _ = _draw()
    want = scratch_sm.compute_cost_from_logits(ZL, Y)
    bound = 16 * EPS64 * np.sqrt(9)
    rows = course_categorical_crossentropy("float64")(Y.T, ZL.T)
    columns = course_categorical_crossentropy("float64", layout="columns")(Y, ZL)
    assert rows.dtype == columns.dtype == tf.float64
    assert _relative(want, rows) <= bound and _relative(want, columns) <= bound


def test_the_unmapped_loss_misses_the_course_cost():
    """Keras's defaults: the classes' axis -1 on the course's (C, m) arrays normalises over the
    examples (an O(1) gap); the default float32 dtype rounds float64 logits (~1e-8)."""
    ZL, Y, _ = _draw()
    want = scratch_sm.compute_cost_from_logits(ZL, Y)
    assert _relative(want, keras.losses.CategoricalCrossentropy(from_logits=True)(Y, ZL)) > 1e-2
    naive32 = keras.losses.CategoricalCrossentropy(from_logits=True)(Y.T, ZL.T)
    assert naive32.dtype == tf.float32
    assert 1e-10 < _relative(want, naive32) < 1e-6


def test_tf_nn_softmax_cross_entropy_needs_the_classes_axis():
    """tf.nn.softmax_cross_entropy_with_logits on (C, m) arrays: axis=0 is the course's per-example
    loss; its default axis -1 is over the examples."""
    ZL, Y, _ = _draw(1)
    want = scratch_sm.compute_cost_from_logits(ZL, Y)
    mapped = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=ZL, axis=0))
    assert _relative(want, mapped) <= 16 * EPS64 * np.sqrt(9)
    naive = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=ZL))
    assert _relative(want, naive) > 1e-2


def test_keras_clips_probabilities_where_the_course_cost_is_infinite():
    """From probabilities, Keras clips to [1e-7, 1 - 1e-7]: a class given probability 0 costs
    -log(1e-7) = 16.1 per example; the course's -log 0 is inf (both twins). From the logits,
    both give the finite value (1000 per such example here)."""
    ZL = np.array([[1000.0, 0.0], [-1000.0, 0.0]])
    Y = np.array([[0.0, 1.0], [1.0, 0.0]])                 # example 0's label has probability 0
    AL = np.asarray(scratch_sm._softmax(ZL))
    assert AL[1, 0] == 0.0
    with np.errstate(divide="ignore"):
        assert np.isinf(scratch_sm.compute_cost(AL, Y))
    assert np.isinf(np.asarray(tf_sm.compute_cost(AL, Y)))
    clipped = float(keras.losses.CategoricalCrossentropy(dtype="float64")(Y.T, AL.T))
    assert abs(clipped - (-np.log(1e-7) + np.log(2)) / 2) < 1e-6
    assert float(scratch_sm.compute_cost_from_logits(ZL, Y)) == (2000 + np.log(2)) / 2


def test_one_hot_round_trips_the_labels_and_refuses_bad_ones():
    _, Y, y = _draw(2, C=5, m=12)
    assert Y.shape == (5, 12) and np.array_equal(np.argmax(Y, axis=0)[None, :], y)
    assert np.array_equal(np.asarray(tf_sm.convert_to_one_hot(y, 5)), Y)
    with pytest.raises(ValueError, match=r"Y: expected class indices in 0 ... 4 \(C = 5\), got \[5\]"):
        scratch_sm.convert_to_one_hot(np.array([[0, 5]]), 5)
    with pytest.raises(ValueError, match=r"Y: expected one-hot columns .* column 1 is \[1.0, 1.0\]"):
        scratch_sm.compute_cost(np.full((2, 2), 0.5), np.array([[1.0, 1.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match=r"AL: expected probabilities in \[0, 1\]"):
        tf_sm.softmax_cross_entropy_backward(np.array([[1.5], [-0.5]]), np.array([[1.0], [0.0]]))


def test_keras_silently_takes_the_logits_of_its_own_softmax_output():
    """A Dense(activation="softmax") output carries its logits (`_keras_logits`), and Keras's
    CategoricalCrossentropy() — from probabilities — uses them instead: on saturated logits it
    gives the course's from-logits cost (2000 / 3 here), not the clipped probability cost (16.1 /
    3) it gives the very same probabilities as a plain tensor, nor the course's -log 0 = inf.
    A Keras softmax model is therefore compared with compute_cost_from_logits. If Keras stops
    switching, this fails."""
    kernel = np.array([[1.0, -1.0, 0.0], [-1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])   # (in, C)
    x, Y = 1000.0 * np.eye(3), np.eye(3)[:, [1, 1, 2]]                          # Y: (C, m)
    model = keras.Sequential([keras.Input((3,), dtype="float64"),
                              keras.layers.Dense(3, activation="softmax", use_bias=False,
                                                 dtype="float64")])
    model.set_weights([kernel])
    loss = keras.losses.CategoricalCrossentropy(dtype="float64")
    ZL = (x @ kernel).T                                                          # course (C, m)
    from_logits = float(scratch_sm.compute_cost_from_logits(ZL, Y))
    assert from_logits == 2000 / 3
    assert float(loss(Y.T, model(x))) == from_logits                            # switched
    probabilities = np.asarray(model(x))
    clipped = float(loss(Y.T, tf.constant(probabilities)))
    assert abs(clipped - (-np.log(1e-7)) / 3) < 1e-6                             # not switched
    with np.errstate(divide="ignore"):
        assert np.isinf(scratch_sm.compute_cost(probabilities.T, Y))
    model.compile(optimizer=keras.optimizers.SGD(0.0), loss=loss)
    # evaluate (the traced path fit uses) switches too; it reports its mean in float32
    assert abs(model.evaluate(x, Y.T, batch_size=3, verbose=0) - from_logits) < 1e-4


# --- training: Keras's switch to logits inside fit, and saturated logits in both twins ----------
def _saturated():
    """3 examples whose logits are +-1000 under W1 (the kernel of the switch test above), one-hot
    labels with example 0 on a class of probability exactly 0."""
    W1 = np.array([[1.0, -1.0, 0.0], [-1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]).T      # course (C, n)
    X, Y = 1000.0 * np.eye(3), np.eye(3)[:, [1, 1, 2]]
    return X, Y, {"W1": W1, "b1": np.zeros((3, 1))}


def test_keras_fit_switches_to_the_logits_of_its_own_softmax_output():
    """fit_keras trains Dense(activation="softmax") on CategoricalCrossentropy() — from
    probabilities — and its recorded training loss at the saturated start (one mini-batch, so
    epoch 0's cost is the loss before any update) is the course's from-logits cost 2000 / 3: Keras
    switched to the logits, inside fit. The probability formula would give -log(1e-7) / 3 (clipped)
    and the course's compute_cost inf. If Keras stops switching, this fails."""
    X, Y, parameters = _saturated()
    _, costs = tf_sm.fit_keras(X, Y, parameters, [], "gd", 1e-3, 3, 1)
    ZL = parameters["W1"] @ X
    assert float(costs[0]) == float(scratch_sm.compute_cost_from_logits(ZL, Y)) == 2000 / 3
    with np.errstate(divide="ignore"):
        assert np.isinf(scratch_sm.compute_cost(np.asarray(scratch_sm._softmax(ZL)), Y))
    _, logits_costs = tf_sm.fit_keras(X, Y, parameters, [], "gd", 1e-3, 3, 1, from_logits=True)
    assert float(logits_costs[0]) == 2000 / 3


@pytest.mark.parametrize("twin", [scratch_sm, tf_sm])
def test_training_from_saturated_logits_stays_finite_in_both_twins(twin):
    """Logits of +-1000: softmax gives exact 0 and 1, the from-logits cost stays finite (2000 / 3),
    dZ = AL - Y is finite, and training moves on (the cost falls) with no nan or inf."""
    X, Y, parameters = _saturated()
    trained, costs = twin.L_layer_model(X, Y, None, "adam", 0.1, 3, 101,
                                        initial_parameters=parameters)
    assert float(costs[0]) == 2000 / 3
    assert all(np.isfinite(np.asarray(v)).all() for v in trained.values())
    assert np.isfinite(float(costs[-1])) and float(costs[-1]) < float(costs[0])

"""Parity of `practical` (course 2, week 1's toolkit): the catalogue (dlparity/cases/practical.py)
with its wrong variants, and the framework's own counterparts:

- keras.layers.Normalization adapted on the training set: the same mu and the POPULATION variance
  (1/m, ddof=0: Keras's adapt calls np.var / ops.var, and merges batches by the lack-of-fit
  formula, still 1/m), the same normalised values; the sample variance (ddof=1) is measurably
  different and is caught. Keras divides by max(sqrt(variance), 1e-7): a constant feature gives 0.
- keras.callbacks.EarlyStopping(restore_best_weights=True): driven by a hand-written sequence of
  val_loss values it stops where the rule written out in scratch.practical says (goldens derived
  by hand below), and on the catalogue's fixed run it stops, restores and records as scratch does.
- tf.image.flip_left_right and keras.layers.RandomFlip("horizontal") with every flip drawn (its
  deterministic case): equal to flip_horizontal bit for bit; a vertical flip is not.
"""

import numpy as np
import pytest

from dlparity import tolerances
from dlparity.cases import practical as cases
from dlparity.testing import catalogue_tests
from scratch import practical as scratch

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")
from tfimpl import practical as tfimpl  # noqa: E402

test_random_inputs, test_fixed_inputs, test_wrong_variants = catalogue_tests("practical")


def _data(dtype, n=4, m=37, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((n, m)) * rng.uniform(0.5, 5, (n, 1))
            + rng.uniform(-10, 10, (n, 1))).astype(dtype)


# --- Normalization ------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_keras_normalization_uses_the_population_variance(dtype):
    X = _data(dtype)
    layer = tfimpl.keras_normalization(X)
    mu, sigma2 = scratch.normalization_statistics(X)
    m = X.shape[1]
    bound = tolerances.tolerance(dtype, "reduction", m)
    keras_var = layer.variance.numpy().reshape(-1, 1)
    np.testing.assert_allclose(layer.mean.numpy().reshape(-1, 1), mu, rtol=bound)
    np.testing.assert_allclose(keras_var, sigma2, rtol=bound)
    # ddof=1 differs by the factor m / (m - 1) = 1.028, far outside the bound: it would be caught
    sample = np.var(X.astype(np.float64), axis=1, ddof=1, keepdims=True)
    assert np.min(np.abs(keras_var / sample - 1)) > 100 * bound
    np.testing.assert_allclose(layer(X.T).numpy().T, scratch.normalize_inputs(X, mu, sigma2),
                               rtol=0, atol=bound * np.abs(scratch.normalize_inputs(X, mu, sigma2)).max())


def test_keras_normalization_adapted_in_batches_is_still_the_population_variance():
    """float32: Keras's batched adapt starts its running totals in float32 whatever the layer's
    dtype (a float64 layer fails adding them: measured with Keras 3.15), so it is judged here in
    float32, against the float64 population variance, with the float32 reduction bound."""
    X = _data("float32", m=50)
    layer = keras.layers.Normalization(axis=-1)
    layer.adapt(tf.data.Dataset.from_tensor_slices(X.T).batch(16))    # batches of 16, 16, 16, 2
    _, sigma2 = scratch.normalization_statistics(X.astype(np.float64))
    bound = tolerances.tolerance("float32", "reduction", 50)
    keras_var = layer.variance.numpy().reshape(-1, 1)
    np.testing.assert_allclose(keras_var, sigma2, rtol=bound)
    assert np.min(np.abs(keras_var * 50 / 49 / sigma2 - 1)) > 100 * bound     # ddof=1: caught


def test_keras_normalization_maps_a_constant_feature_to_zero_as_ours_does():
    X = np.vstack([np.full((1, 5), 3.0), np.arange(5.0)[None]])
    layer = tfimpl.keras_normalization(X)
    ours = scratch.normalize_inputs(X, *scratch.normalization_statistics(X))
    assert np.array_equal(layer(X.T).numpy().T[0], ours[0]) and not ours[0].any()


def test_normalizing_dev_with_its_own_statistics_is_caught_by_keras():
    """The layer adapted on the TRAINING set normalises dev as normalize_train_dev_test does,
    not as dev's own statistics would."""
    X_train, X_dev = _data("float64", seed=1), _data("float64", m=9, seed=2)
    _, dev, _, _, _ = scratch.normalize_train_dev_test(X_train, X_dev, X_dev)
    keras_dev = tfimpl.keras_normalization(X_train)(X_dev.T).numpy().T
    np.testing.assert_allclose(keras_dev, dev, rtol=0, atol=1e-13)
    own = scratch.normalize_inputs(X_dev, *scratch.normalization_statistics(X_dev))
    assert np.abs(keras_dev - own).max() > 0.1


# --- EarlyStopping ------------------------------------------------------------------------------
class _Feed(keras.callbacks.Callback):
    """Writes the next hand-written val_loss into the logs before EarlyStopping reads them."""

    def __init__(self, losses):
        super().__init__()
        self.losses = losses

    def on_epoch_end(self, epoch, logs=None):
        logs["val_loss"] = self.losses[epoch]


# (val_loss per epoch, patience, min_delta) -> (best_epoch, stopped_epoch), derived by hand:
#  a: 0.9 at epoch 1 beats 1.0 by 0.1; 0.8995 beats 0.9 by only 5e-4 < 1e-3 (wait 1); 0.95 (wait
#     2 >= 2): stops after epoch 3, best epoch 1.
#  b: patience 0: the first epoch without improvement (2) stops training.
#  c: improvements at 1, 2, 5; epochs 6-8 none: wait reaches 3 at epoch 8; best epoch 5.
#  d: never stops (stopped_epoch 0); best epoch 3.
EARLY_STOPPING_GOLDENS = [
    ([1.0, 0.9, 0.8995, 0.95, 0.7, 0.6], 2, 1e-3, (1, 3)),
    ([1.0, 0.9, 0.95, 0.8], 0, 0.0, (1, 2)),
    ([1.0, 0.9, 0.8, 0.85, 0.81, 0.7, 0.7, 0.75, 0.71, 0.1], 3, 0.0, (5, 8)),
    ([1.0, 0.9, 0.8, 0.7, 0.75], 5, 0.0, (3, 0)),
]


@pytest.mark.parametrize("losses,patience,min_delta,expected", EARLY_STOPPING_GOLDENS)
def test_keras_early_stopping_follows_the_rule_written_out(losses, patience, min_delta, expected):
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    stopping = tfimpl.keras_early_stopping(patience, min_delta)
    x = np.zeros((1, 1), np.float32)
    model.fit(x, x, epochs=len(losses), verbose=0, callbacks=[_Feed(losses), stopping])
    assert (stopping.best_epoch, stopping.stopped_epoch) == expected
    # the same rule, with scratch's own improvement test, replayed on the same sequence
    best, best_epoch, wait, stopped = None, 0, 0, 0
    for epoch, cost in enumerate(losses):
        wait += 1
        if scratch._improved(cost, best, min_delta):
            best, best_epoch, wait = cost, epoch, 0
        elif wait >= patience and epoch > 0:
            stopped = epoch
            break
    assert (best_epoch, stopped) == expected


def test_the_fixed_run_stops_where_keras_stops_with_a_margin():
    """The catalogue's run: best epoch 14, stopped after epoch 19 in both twins; every decision is
    more than 1e-6 away from its threshold best - min_delta, so float32-rounded logs (Keras's
    val_loss is a float32 Mean) cannot decide otherwise."""
    i = cases.stopping_data()
    ours, ours_history = cases._call_stopping(scratch, i)
    theirs, theirs_history = cases._call_stopping(tfimpl, i)
    assert (ours_history["best_epoch"], ours_history["stopped_epoch"]) == (14, 19)
    assert (theirs_history["best_epoch"], theirs_history["stopped_epoch"]) == (14, 19)
    dev = [float(c) for c in ours_history["dev_cost"]]
    best = dev[0]
    for cost in dev[1:]:
        assert abs((best - cost) - cases.STOPPING["min_delta"]) > 1e-6
        best = min(best, cost) if cost < best - cases.STOPPING["min_delta"] else best
    small = sum(0 < b - c <= cases.STOPPING["min_delta"]
                for b, c in zip(np.minimum.accumulate(dev)[:-1], dev[1:]))
    assert small >= 1                     # min_delta matters on this run
    # the restored parameters, normwise as the catalogue judges them (20 updates, sums of <= 40)
    bound = tolerances.tolerance("float64", "trajectory", 40, 20)
    for k in ours:
        assert np.abs(theirs[k] - ours[k]).max() <= bound * np.abs(ours[k]).max(), k


# --- flips --------------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["float64", "float32", "uint8"])
def test_flips_equal_tf_image_and_keras_random_flip(dtype):
    rng = np.random.default_rng(3)
    images = (rng.random((3, 4, 5, 3)) * 255).astype(dtype)
    ours = scratch.flip_horizontal(images)
    assert np.array_equal(ours, tf.image.flip_left_right(images).numpy())
    assert np.array_equal(ours, tfimpl.flip_horizontal(images).numpy())
    if dtype != "uint8":
        assert np.array_equal(ours, tfimpl.keras_random_flip(images).numpy())
    assert not np.array_equal(ours, tf.image.flip_up_down(images).numpy())

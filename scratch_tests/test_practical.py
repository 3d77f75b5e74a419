"""scratch.practical on its own (no TensorFlow): the split's defaults and guarantees, the
normalisation's formulas against hand-computed values, the notes' bias/variance examples, early
stopping's rule on a run whose dev costs are inspected, and the flip's geometry."""

import numpy as np
import pytest

from scratch import deep, practical


# --- train / dev / test --------------------------------------------------------------------------
@pytest.mark.parametrize("m,ratios", [
    (100, (0.6, 0.2, 0.2)), (10_000, (0.6, 0.2, 0.2)), (50_000, (0.6, 0.2, 0.2)),   # the threshold
    (100_000, (0.8, 0.1, 0.1)),                       # 10 000 dev and test examples are enough
    (1_000_000, (0.98, 0.01, 0.01)), (50_000_000, (0.98, 0.01, 0.01)),               # floor 1 %
])
def test_default_ratios_follow_the_notes(m, ratios):
    assert practical.default_split_ratios(m) == pytest.approx(ratios, abs=1e-15)


@pytest.mark.parametrize("m,ratios,counts", [
    (10, None, (6, 2, 2)), (7, None, (5, 1, 1)), (1000, (0.98, 0.01, 0.01), (980, 10, 10)),
    (5, (0.6, 0.2, 0.2), (3, 1, 1)), (4, (1.0, 0.0, 0.0), (4, 0, 0)),
])
def test_split_is_disjoint_complete_and_seeded(m, ratios, counts):
    ids = np.arange(m, dtype=np.float64).reshape(1, m)          # each column names itself
    X = np.vstack([ids, -ids])
    parts = practical.train_dev_test_split(X, ids, ratios, seed=3)
    Xs, Ys = parts[0::2], parts[1::2]
    assert tuple(x.shape[1] for x in Xs) == counts
    seen = np.concatenate([y[0] for y in Ys])
    assert sorted(seen.tolist()) == list(range(m))              # complete and disjoint
    for x, y in zip(Xs, Ys):
        assert np.array_equal(x[0], y[0]) and np.array_equal(x[1], -y[0])    # X and Y together
    again = practical.train_dev_test_split(X, ids, ratios, seed=3)
    assert all(np.array_equal(a, b) for a, b in zip(parts, again))
    assert np.array_equal(Ys[0][0], np.random.RandomState(3).permutation(m)[:counts[0]])


def test_split_seed_none_draws_the_global_stream():
    ids = np.arange(20.0).reshape(1, 20)
    state = np.random.get_state()
    try:
        np.random.seed(5)
        got = practical.train_dev_test_split(ids, ids, seed=None)
    finally:
        np.random.set_state(state)
    want = practical.train_dev_test_split(ids, ids, seed=5)
    assert all(np.array_equal(a, b) for a, b in zip(got, want))


# --- normalisation -------------------------------------------------------------------------------
def test_statistics_by_hand():
    X = np.array([[1.0, 2.0, 3.0, 6.0], [0.0, 0.0, 0.0, 0.0]])
    mu, sigma2 = practical.normalization_statistics(X)
    assert np.array_equal(mu, [[3.0], [0.0]])
    assert np.array_equal(sigma2, [[3.5], [0.0]])               # (4 + 1 + 0 + 9) / 4, not / 3
    X_norm = practical.normalize_inputs(X, mu, sigma2)
    np.testing.assert_allclose(X_norm[0], np.array([-2, -1, 0, 3]) / np.sqrt(3.5), rtol=1e-15)
    assert np.array_equal(X_norm[1], [0, 0, 0, 0])              # a constant feature: 0, no NaN


def test_dev_and_test_use_the_training_statistics():
    X_train = np.array([[0.0, 2.0, 4.0]])                        # mu 2, sigma2 8/3
    X_dev, X_test = np.array([[2.0, 10.0]]), np.array([[-1.0]])
    train, dev, test, mu, sigma2 = practical.normalize_train_dev_test(X_train, X_dev, X_test)
    sigma = np.sqrt(8 / 3)
    assert mu[0, 0] == 2.0 and sigma2[0, 0] == pytest.approx(8 / 3, rel=1e-15)
    np.testing.assert_allclose(dev, [[0.0, 8 / sigma]], rtol=1e-15)
    np.testing.assert_allclose(test, [[-3 / sigma]], rtol=1e-15)
    np.testing.assert_allclose(train.mean(), 0.0, atol=1e-16)
    np.testing.assert_allclose(train.var(), 1.0, rtol=1e-15)


# --- bias and variance (the notes' examples; Bayes error ~0 unless given) ------------------------
@pytest.mark.parametrize("train,dev,bayes,diagnosis", [
    (0.01, 0.11, 0.0, "high variance"),
    (0.15, 0.16, 0.0, "high bias"),
    (0.15, 0.30, 0.0, "high bias and high variance"),
    (0.005, 0.01, 0.0, "low bias and low variance"),
    (0.15, 0.16, 0.15, "low bias and low variance"),      # blurry images: Bayes error 15 %
])
def test_the_notes_four_examples(train, dev, bayes, diagnosis):
    result = practical.diagnose_bias_variance(train, dev, bayes)
    assert result["diagnosis"] == diagnosis
    assert result["avoidable_bias"] == pytest.approx(train - bayes, abs=1e-15)
    assert result["variance"] == pytest.approx(dev - train, abs=1e-15)
    assert ("more data" in result["next_steps"]) == result["high_variance"]
    assert ("a bigger network" in result["next_steps"]) == result["high_bias"]


# --- early stopping --------------------------------------------------------------------------------
def _stopping_run(patience, min_delta, num_epochs=300):
    rng = np.random.default_rng(10)
    X = rng.standard_normal((2, 24))
    Y = (X[0:1] + 0.8 * rng.standard_normal((1, 24)) > 0).astype(float)
    X_dev = rng.standard_normal((2, 40))
    Y_dev = (X_dev[0:1] + 0.8 * rng.standard_normal((1, 40)) > 0).astype(float)
    parameters = deep.initialize_parameters_deep([2, 12, 1], 1.0, seed=10)
    return practical.train_with_early_stopping(X, Y, X_dev, Y_dev, None, 0.3, num_epochs,
                                               patience, min_delta, initial_parameters=parameters)


@pytest.mark.parametrize("patience,min_delta", [(5, 1e-3), (0, 0.0), (3, 0.0), (8, 1e-2)])
def test_early_stopping_follows_its_rule_on_the_recorded_dev_costs(patience, min_delta):
    """Replays the rule on the returned dev costs: the best epoch is the last one that beat the
    best so far by more than min_delta, training stopped `patience` epochs after it (at once for
    patience 0), and the returned parameters are that epoch's (recomputed dev cost equal)."""
    parameters, history = _stopping_run(patience, min_delta)
    dev = [float(c) for c in history["dev_cost"]]
    best, best_epoch = dev[0], 0
    for epoch, cost in enumerate(dev[1:], start=1):
        if cost < best - min_delta:
            best, best_epoch = cost, epoch
    assert history["best_epoch"] == best_epoch
    assert history["stopped_epoch"] == len(dev) - 1 == best_epoch + max(patience, 1)
    assert len(history["cost"]) == len(dev)


def test_early_stopping_runs_to_the_end_and_still_restores_the_best():
    parameters, history = _stopping_run(patience=50, min_delta=0.0, num_epochs=30)
    assert history["stopped_epoch"] == 0 and len(history["dev_cost"]) == 30
    assert history["best_epoch"] < 29


# --- flips -----------------------------------------------------------------------------------------
def test_flip_mirrors_the_width_axis_only():
    images = np.arange(2 * 2 * 3 * 2).reshape(2, 2, 3, 2)
    flipped = practical.flip_horizontal(images)
    assert flipped[1, 0, 0, 1] == images[1, 0, 2, 1] and flipped[0, 1, 2, 0] == images[0, 1, 0, 0]
    assert np.array_equal(practical.flip_horizontal(flipped), images)
    augmented, labels = practical.augment_with_flips(images, np.array([[0, 1]]))
    assert augmented.shape == (4, 2, 3, 2) and labels.tolist() == [[0, 1, 0, 1]]
    assert np.array_equal(augmented[2:], flipped)


@pytest.mark.parametrize("call,message", [
    (lambda: practical.default_split_ratios(0), "m"),
    (lambda: practical.train_dev_test_split(np.ones((2, 5)), np.ones((1, 4))), "Y"),
    (lambda: practical.train_dev_test_split(np.ones((2, 5)), np.ones((1, 5)), (0.5, 0.2, 0.2)),
     "ratios"),
    (lambda: practical.train_dev_test_split(np.ones((2, 2)), np.ones((1, 2)), (0.1, 0.45, 0.45)),
     "no training example"),
    (lambda: practical.normalize_inputs(np.ones((2, 3)), np.ones((3, 1)), np.ones((3, 1))), "mu"),
    (lambda: practical.normalize_inputs(np.ones((1, 3)), np.ones((1, 1)), -np.ones((1, 1))),
     "sigma2"),
    (lambda: practical.diagnose_bias_variance(11, 12), "train_error"),
    (lambda: practical.diagnose_bias_variance(0.1, 0.2, 0.3), "bayes_error"),
    (lambda: practical.flip_horizontal(np.ones((2, 3, 4))), "images"),
    (lambda: practical.augment_with_flips(np.ones((2, 3, 4, 1)), np.ones((1, 3))), "labels"),
    (lambda: _stopping_run(-1, 0.0), "patience"),
    (lambda: _stopping_run(1, -1e-3), "min_delta"),
])
def test_arguments_are_checked(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()

"""scratch.tuning on its own: the sampling distributions (a goodness-of-fit test on the exponents,
with wrong samplers shown failing it), coarse to fine narrowing around the best region, the
sorted table, reproducibility by seed, argument errors.

Goodness of fit. The exponent r of a log-scale draw must be uniform on its interval. The test is
dlparity.statistics.ks_one_sample against the exact uniform CDF, whose threshold comes from the
Dvoretzky-Kiefer-Wolfowitz inequality at the false-alarm rate ALPHA = 1e-6:
eps = sqrt(ln(2 / ALPHA) / (2 n)) = 0.0190 at n = 20 000 (a right sampler fails once in a million
seeds; the seeds are fixed, so a run is repeatable). Power: the wrong samplers' true distances
are exact — uniform alpha on [1e-4, 1] puts P(r <= -1) = 0.1 where the right one puts 0.75, so
D >= 0.65; linear beta on [0.9, 0.999] puts P(log10(1 - beta) <= -2) = 0.091 where 0.5 belongs,
D >= 0.41 — twenty times the threshold, caught at every seed.
"""

import math

import numpy as np
import pytest

from dlparity import statistics
from scratch import tuning

N = 20_000


def _uniform_cdf(a, b):
    return lambda x: np.clip((np.asarray(x) - a) / (b - a), 0.0, 1.0)


def _learning_rate_exponents(sampler, low=1e-4, high=1.0, seed=0):
    return np.log10(sampler(low, high, N, np.random.RandomState(seed)))


def _beta_exponents(sampler, low=0.9, high=0.999, seed=0):
    return np.log10(1 - sampler(low, high, N, np.random.RandomState(seed)))


def _uniform_alpha(low, high, size, stream):
    return stream.uniform(low, high, size)


def _linear_beta(low, high, size, stream):
    return stream.uniform(low, high, size)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_learning_rate_exponents_are_uniform_on_the_decades(seed):
    r = np.log10(tuning.sample_learning_rate(1e-4, 1.0, size=N, seed=seed))
    check = statistics.ks_one_sample(r, _uniform_cdf(-4.0, 0.0), "log10 alpha")
    assert check.threshold == pytest.approx(math.sqrt(math.log(2 / 1e-6) / (2 * N)))
    assert check.passed, check
    assert r.min() >= -4.0 - 1e-12 and r.max() <= 0.0 + 1e-12


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_beta_exponents_are_uniform_through_one_minus_beta(seed):
    beta = tuning.sample_beta(0.9, 0.999, size=N, seed=seed)
    r = np.log10(1 - beta)
    check = statistics.ks_one_sample(r, _uniform_cdf(-3.0, -1.0), "log10(1 - beta)")
    assert check.passed, check
    assert 0.9 - 1e-12 <= beta.min() and beta.max() <= 0.999 + 1e-12


def test_a_uniform_learning_rate_fails_the_fit():
    r = _learning_rate_exponents(_uniform_alpha)
    check = statistics.ks_one_sample(r, _uniform_cdf(-4.0, 0.0))
    assert not check.passed and abs(check.statistic - 0.650) <= check.threshold, check
    assert np.mean(r > -1) > 0.85                 # 90 % of the trials in the top decade


def test_a_linear_beta_fails_the_fit():
    r = _beta_exponents(_linear_beta)
    check = statistics.ks_one_sample(r, _uniform_cdf(-3.0, -1.0))
    assert not check.passed and abs(check.statistic - 0.459) <= check.threshold, check


def test_the_wrong_samplers_installed_in_the_module_are_caught_through_sample_hyperparameters(
        monkeypatch):
    space = {"learning_rate": ("log", 1e-4, 1.0), "beta": ("log_one_minus", 0.9, 0.999)}

    def fits(trials):
        r_alpha = np.log10([t["learning_rate"] for t in trials])
        r_beta = np.log10([1 - t["beta"] for t in trials])
        return (statistics.ks_one_sample(r_alpha, _uniform_cdf(-4.0, 0.0)).passed,
                statistics.ks_one_sample(r_beta, _uniform_cdf(-3.0, -1.0)).passed)

    assert fits(tuning.sample_hyperparameters(space, N, seed=5)) == (True, True)
    monkeypatch.setattr(tuning, "_sample_learning_rate", _uniform_alpha)
    assert fits(tuning.sample_hyperparameters(space, N, seed=5)) == (False, True)
    monkeypatch.setattr(tuning, "_sample_beta", _linear_beta)
    assert fits(tuning.sample_hyperparameters(space, N, seed=5)) == (False, False)


def test_the_hand_computed_draw_of_one_seed():
    """np.random.seed(0); r = np.random.uniform(-4, 0) is -1.8047... (0.5488135 * 4 - 4): alpha
    = 10^r, the lecture's r = -4 * np.random.rand() up to the sign convention of the interval."""
    u = 0.5488135039273248                      # the first np.random.rand() after seed 0
    assert tuning.sample_learning_rate(1e-4, 1.0, seed=0) == pytest.approx(10 ** (-4 + 4 * u),
                                                                           rel=1e-14)
    assert tuning.sample_beta(0.9, 0.999, seed=0) == pytest.approx(1 - 10 ** (-3 + 2 * u),
                                                                   rel=1e-14)


def test_integer_and_linear_scales_cover_their_ranges():
    trials = tuning.sample_hyperparameters({"n_h": ("integer", 2, 5), "x": ("linear", -1, 1)},
                                           2000, seed=3)
    assert {t["n_h"] for t in trials} == {2, 3, 4, 5}
    assert all(-1 <= t["x"] < 1 for t in trials)


# --- search, table, zoom ---------------------------------------------------------------------------
SPACE = {"learning_rate": ("log", 1e-4, 1.0), "beta1": ("log_one_minus", 0.9, 0.999),
         "n_h": ("integer", 1, 16)}
BEST = {"learning_rate": 1e-2, "beta1": 0.99, "n_h": 6}


def _train(h, X_train, Y_train, X_dev, Y_dev):
    distance = ((math.log10(h["learning_rate"]) + 2) ** 2
                + (math.log10(1 - h["beta1"]) + 2) ** 2 + ((h["n_h"] - 6) / 8) ** 2)
    return {"dev_accuracy": 1 - distance, "m_train": X_train.shape[1], "m_dev": X_dev.shape[1]}


def _split():
    X = np.arange(20.0).reshape(2, 10)
    return tuning.train_dev_split(X, (X[:1] > 8).astype(float), 0.3, seed=0)


def test_random_search_returns_every_trial_sorted_by_the_dev_metric():
    table = tuning.random_search(_train, SPACE, *_split(), n_trials=12, seed=1)
    assert len(table) == 12 and sorted(r["trial"] for r in table) == list(range(12))
    accuracies = [r["dev_accuracy"] for r in table]
    assert accuracies == sorted(accuracies, reverse=True)
    assert {r["m_train"] for r in table} == {7} and {r["m_dev"] for r in table} == {3}
    assert set(table[0]) == {"trial", "round", "learning_rate", "beta1", "n_h", "dev_accuracy",
                             "m_train", "m_dev"}


def test_the_same_seed_gives_the_same_table_and_another_seed_another():
    one = tuning.coarse_to_fine(_train, SPACE, *_split(), n_trials=8, rounds=3, seed=4)
    two = tuning.coarse_to_fine(_train, SPACE, *_split(), n_trials=8, rounds=3, seed=4)
    other = tuning.coarse_to_fine(_train, SPACE, *_split(), n_trials=8, rounds=3, seed=5)
    assert one == two and one != other
    np.random.seed(9)
    a = tuning.sample_learning_rate(size=5)
    np.random.seed(9)
    assert np.array_equal(a, tuning.sample_learning_rate(size=5))     # seed=None: the global stream


def _width(scale, low, high):
    if scale == "log":
        return math.log10(high) - math.log10(low)
    if scale == "log_one_minus":
        return math.log10(1 - low) - math.log10(1 - high)
    return high - low


def test_coarse_to_fine_narrows_the_ranges_around_the_best_region():
    table, spaces = tuning.coarse_to_fine(_train, SPACE, *_split(), n_trials=30, rounds=4, seed=2)
    assert len(spaces) == 4 and len(table) == 120
    for coarse, fine in zip(spaces, spaces[1:]):
        for name, (scale, low, high) in fine.items():
            _, coarse_low, coarse_high = coarse[name]
            assert coarse_low <= low <= high <= coarse_high                   # nested
            if scale != "integer":                                            # half as wide
                assert _width(scale, low, high) == pytest.approx(
                    0.5 * _width(scale, coarse_low, coarse_high), rel=1e-9)
    finest = spaces[-1]
    for name, value in BEST.items():                    # the optimum stays inside, 1/8 the width
        scale, low, high = finest[name]
        assert low <= value <= high, (name, finest[name])
    assert _width(*finest["learning_rate"]) == pytest.approx(0.5, rel=1e-9)      # 4 decades / 8
    coarse_best = max(r["dev_accuracy"] for r in table if r["round"] == 0)
    assert table[0]["dev_accuracy"] >= coarse_best and table[0]["round"] > 0


def test_zoom_keeps_a_best_value_at_the_edge_inside_the_range():
    zoomed = tuning.zoom(SPACE, [{"learning_rate": 1.0, "beta1": 0.9, "n_h": 16,
                                  "dev_accuracy": 0.9},
                                 {"learning_rate": 1e-3, "beta1": 0.99, "n_h": 3,
                                  "dev_accuracy": 0.1}])
    assert zoomed["learning_rate"] == ("log", pytest.approx(1e-2), 1.0)
    assert zoomed["beta1"] == ("log_one_minus", 0.9, pytest.approx(0.99))   # r in [-2, -1]
    assert zoomed["n_h"] == ("integer", 9, 16)


@pytest.mark.parametrize("call,message", [
    (lambda: tuning.sample_learning_rate(0.0, 1.0), r"learning_rate: the log scale needs 0 < low"),
    (lambda: tuning.sample_beta(0.9, 1.0), r"beta: the log_one_minus scale needs 0 <= low < high < 1"),
    (lambda: tuning.sample_learning_rate(1.0, 0.1), r"learning_rate: expected low < high"),
    (lambda: tuning.sample_hyperparameters({"a": ("cubic", 0, 1)}, 3),
     r"space\['a'\]: expected a scale in \['log', 'log_one_minus', 'linear', 'integer'\]"),
    (lambda: tuning.sample_hyperparameters({}, 3), r"space: expected a non-empty dict"),
    (lambda: tuning.sample_hyperparameters(SPACE, 0), r"n_trials: expected a positive integer"),
    (lambda: tuning.random_search(lambda *a: {"loss": 1.0}, SPACE, *_split(), n_trials=1),
     r"train: expected a dict with the key 'dev_accuracy' \(trial 0\)"),
    (lambda: tuning.random_search(_train, SPACE, *_split()[:2], np.zeros((3, 2)), np.zeros((1, 2))),
     r"X_dev: expected 2 rows like X_train"),
    (lambda: tuning.zoom(SPACE, [{"learning_rate": 0.1}]), r"table\[0\]: expected the keys"),
    (lambda: tuning.zoom(SPACE, [{**BEST, "dev_accuracy": 1}], shrink=1.5),
     r"shrink: expected a number with 0 < shrink < 1"),
])
def test_bad_arguments_are_refused_by_name(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()

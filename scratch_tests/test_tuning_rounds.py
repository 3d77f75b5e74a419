"""scratch.tuning's rounds and draws in detail: coarse_to_fine's default of 2 rounds and its zoom
around the best row, the round and trial each row records, the trial named in train's errors,
the seed's reproducibility for every public sampler, integer draws from a Generator, and the
integer window narrower than one integer. Numbers worked by hand. NumPy only."""

import math
import re

import numpy as np
import pytest

from scratch import tuning

X, Y = np.arange(10.0).reshape(2, 5), np.ones((1, 5))
SPACE = {"learning_rate": ("log", 1e-4, 1.0)}


def _peak_at_1e_minus_2(h, *data):
    return {"dev_accuracy": -abs(math.log10(h["learning_rate"]) + 2)}


def test_coarse_to_fine_runs_2_rounds_by_default():
    table, spaces = tuning.coarse_to_fine(_peak_at_1e_minus_2, SPACE, X, Y, X, Y, n_trials=3,
                                          seed=0)
    assert len(spaces) == 2 and len(table) == 6
    assert sorted(row["round"] for row in table) == [0, 0, 0, 1, 1, 1]
    assert sorted(row["trial"] for row in table) == list(range(6))


def test_the_second_round_is_zoomed_around_the_best_row_of_the_first():
    """Window of half the 4 decades (2 decades) centred on the best r = log10 alpha of round 0,
    kept inside [-4, 0]: [10^s, 10^(s + 2)] with s = min(max(r_best - 1, -4), -2)."""
    table, spaces = tuning.coarse_to_fine(_peak_at_1e_minus_2, SPACE, X, Y, X, Y, n_trials=6,
                                          rounds=2, seed=3)
    first = sorted((row for row in table if row["round"] == 0),
                   key=lambda row: -row["dev_accuracy"])
    r_best, r_second = (math.log10(row["learning_rate"]) for row in first[:2])
    s = min(max(r_best - 1, -4.0), -2.0)
    assert s != min(max(r_second - 1, -4.0), -2.0)           # the second best would zoom elsewhere
    scale, low, high = spaces[1]["learning_rate"]
    assert scale == "log"
    assert (low, high) == (pytest.approx(10 ** s, rel=1e-12), pytest.approx(10 ** (s + 2), rel=1e-12))


def test_random_search_rows_are_round_0():
    table = tuning.random_search(_peak_at_1e_minus_2, SPACE, X, Y, X, Y, n_trials=3, seed=0)
    assert [row["round"] for row in table] == [0, 0, 0]
    assert sorted(row["trial"] for row in table) == [0, 1, 2]


def test_a_bad_result_names_its_trial():
    calls = []

    def train(h, *data):
        calls.append(h)
        return {"dev_accuracy": 0.5} if len(calls) < 3 else {"loss": 1.0}

    message = "train: expected a dict with the key 'dev_accuracy' (trial 2), got {'loss': 1.0}"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        tuning.random_search(train, SPACE, X, Y, X, Y, n_trials=4, seed=0)


def test_every_sampler_and_the_search_follow_their_seed():
    space = {**SPACE, "beta": ("log_one_minus", 0.9, 0.999), "n": ("integer", 1, 9)}
    for draw in (lambda seed: tuning.sample_hyperparameters(space, 5, seed=seed),
                 lambda seed: tuning.random_search(_peak_at_1e_minus_2, space, X, Y, X, Y,
                                                   n_trials=5, seed=seed),
                 lambda seed: tuning.sample_beta(size=4, seed=seed).tolist()):
        np.random.seed(0)
        one = draw(11)
        np.random.seed(1)
        assert draw(11) == one and draw(12) != one


def test_sample_beta_gives_size_values_in_the_default_range():
    beta = tuning.sample_beta(size=3, seed=0)
    assert beta.shape == (3,) and np.all((0.9 <= beta) & (beta <= 0.999))
    assert tuning.sample_beta(seed=0).shape == ()


def test_integers_from_a_generator():
    """A Generator draws through its `integers` (it has no randint): every value of {1, 2, 3}."""
    values = [row["n"] for row in tuning.sample_hyperparameters(
        {"n": ("integer", 1, 3)}, 60, seed=np.random.default_rng(0))]
    assert set(values) == {1, 2, 3} and all(type(v) is int for v in values)


@pytest.mark.parametrize("best, window", [
    (5, (3, 7)),          # width 4.5 from 2.75: the integers 3 .. 7
    (2.5, (2, 2)),        # [2.35, 2.65] holds no integer: the best row's int(2.5)
    (2.9, (3, 3)),        # [2.75, 3.05] holds exactly 3 (not int(2.9) = 2)
])
def test_the_integer_window(best, window):
    high = 10 if best == 5 else 4
    shrink = 0.5 if best == 5 else 0.1
    zoomed = tuning.zoom({"n": ("integer", 1, high)}, [{"n": best, "dev_accuracy": 1.0}], shrink)
    assert zoomed == {"n": ("integer", *window)}

"""tuning's messages in full, its defaults, the dev split's size bounds, the seed's
reproducibility and the search's progress calls. NumPy only."""

import inspect
import re

import numpy as np
import pytest

from scratch import tuning

X, Y = np.arange(10.0).reshape(2, 5), np.ones((1, 5))
SPACE = {"learning_rate": ("log", 1e-4, 1e-1)}


def _train(hyperparameters, *data):
    return {"dev_accuracy": 0.5}


@pytest.mark.parametrize("call, message", [
    (lambda: tuning.train_dev_split(np.ones((2, 1)), np.ones((1, 1))),
     "X: expected m >= 2 examples to split, got shape (2, 1)"),
    (lambda: tuning.train_dev_split(np.ones(3), Y),
     "X: expected a 2-D array, got shape (3,) (reshape to (3, 1) or (1, 3))"),
    (lambda: tuning.train_dev_split(X, np.ones((1, 4))), "Y: expected 5 columns, got shape (1, 4)"),
    (lambda: tuning.train_dev_split(X, Y, dev_fraction=1.5),
     "dev_fraction: expected a number with 0 < dev_fraction < 1, got 1.5"),
    (lambda: tuning.random_search(_train, SPACE, X, Y, X, Y, n_trials=0),
     "n_trials: expected a positive integer, got 0"),
    (lambda: tuning.coarse_to_fine(_train, SPACE, X, Y, X, Y, n_trials=0),
     "n_trials: expected a positive integer, got 0"),
    (lambda: tuning.coarse_to_fine(_train, SPACE, X, Y, X, Y, rounds=0),
     "rounds: expected a positive integer, got 0"),
    (lambda: tuning.coarse_to_fine(_train, SPACE, X, Y, X, Y, shrink=2),
     "shrink: expected a number with 0 < shrink < 1, got 2"),
])
def test_messages_in_full(call, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        call()


def test_defaults():
    split = inspect.signature(tuning.train_dev_split).parameters
    assert split["dev_fraction"].default == 0.2 and split["seed"].default is None
    search = inspect.signature(tuning.coarse_to_fine).parameters
    assert (search["n_trials"].default, search["rounds"].default, search["shrink"].default) == \
        (20, 2, 0.5)


@pytest.mark.parametrize("m, fraction, n_dev", [(2, 0.5, 1), (3, 0.1, 1), (3, 0.9, 2), (10, 0.2, 2)])
def test_the_dev_set_keeps_one_example_on_each_side(m, fraction, n_dev):
    X_train, Y_train, X_dev, Y_dev = tuning.train_dev_split(np.ones((2, m)), np.ones((1, m)),
                                                            fraction, seed=0)
    assert X_dev.shape == (2, n_dev) and Y_dev.shape == (1, n_dev)
    assert X_train.shape == (2, m - n_dev) and Y_train.shape == (1, m - n_dev)


def test_a_seed_reproduces_the_split():
    X_all, Y_all = np.arange(40.0).reshape(2, 20), np.arange(20.0).reshape(1, 20)
    first = tuning.train_dev_split(X_all, Y_all, seed=7)
    again = tuning.train_dev_split(X_all, Y_all, seed=7)
    assert all(np.array_equal(a, b) for a, b in zip(first, again))


def test_random_search_reports_each_trial():
    seen = []
    tuning.random_search(_train, SPACE, X, Y, X, Y, n_trials=3, seed=1,
                         progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_coarse_to_fine_reports_over_all_rounds():
    seen = []
    tuning.coarse_to_fine(_train, SPACE, X, Y, X, Y, n_trials=2, rounds=2, seed=1,
                          progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]

"""practical's argument messages matched in full (each names its argument), the defaults the
course's notes fix, and the split's default seed. NumPy only."""

import inspect
import re

import numpy as np
import pytest

from scratch import practical

ONES, MU = np.ones((2, 3)), np.ones((2, 1))
F32 = ONES.astype(np.float32)
X, Y = np.ones((2, 4)), np.array([[1.0, 0.0, 1.0, 0.0]])
X_DEV, Y_DEV = np.ones((2, 3)), np.array([[1.0, 0.0, 1.0]])
START = {"W1": np.array([[0.3, -0.2]]), "b1": np.array([[0.1]])}


def _train(**kwargs):
    arguments = {"X_train": X, "Y_train": Y, "X_dev": X_DEV, "Y_dev": Y_DEV, "layers_dims": None,
                 **kwargs}
    return practical.train_with_early_stopping(**arguments, initial_parameters=START)


@pytest.mark.parametrize("call, error, message", [
    (lambda: practical.flip_horizontal(np.ones((2, 3, 4))), ValueError,
     'images: expected a (m, h, w, c) batch of images, got shape (2, 3, 4)'),
    (lambda: practical.augment_with_flips(np.ones((2, 3, 4)), np.ones((1, 2))), ValueError,
     'images: expected a (m, h, w, c) batch of images, got shape (2, 3, 4)'),
    (lambda: practical.default_split_ratios(0), ValueError,
     'm: expected a positive integer, got 0'),
    (lambda: practical.train_dev_test_split(np.ones(3), np.ones((1, 3))), ValueError,
     'X: expected a 2-D array, got shape (3,) (reshape to (3, 1) or (1, 3))'),
    (lambda: practical.train_dev_test_split(np.ones((2, 5)), np.ones((1, 4))), ValueError,
     'Y: expected 5 columns, got shape (1, 4)'),
    (lambda: practical.normalization_statistics(np.ones(3)), ValueError,
     'X_train: expected a 2-D array, got shape (3,) (reshape to (3, 1) or (1, 3))'),
    (lambda: practical.normalize_inputs(np.ones(3), MU, MU), ValueError,
     'X: expected a 2-D array, got shape (3,) (reshape to (3, 1) or (1, 3))'),
    (lambda: practical.normalize_inputs(F32, MU, MU), TypeError,
     'expected one float dtype for all arrays, got X: float32, mu: float64'),
    (lambda: practical.normalize_inputs(ONES, MU, MU, epsilon=0), ValueError,
     'epsilon: expected a positive finite number, got 0'),
    (lambda: practical.normalize_train_dev_test(np.ones(3), ONES, ONES), ValueError,
     'X_train: expected a 2-D array, got shape (3,) (reshape to (3, 1) or (1, 3))'),
    (lambda: practical.normalize_train_dev_test(ONES, np.ones(3), ONES), ValueError,
     'X_dev: expected a 2-D array, got shape (3,) (reshape to (3, 1) or (1, 3))'),
    (lambda: practical.normalize_train_dev_test(ONES, ONES, np.ones(3)), ValueError,
     'X_test: expected a 2-D array, got shape (3,) (reshape to (3, 1) or (1, 3))'),
    (lambda: practical.normalize_train_dev_test(ONES, np.ones((3, 3)), ONES), ValueError,
     'X_dev: expected 2 rows, got shape (3, 3)'),
    (lambda: practical.normalize_train_dev_test(ONES, ONES, np.ones((3, 3))), ValueError,
     'X_test: expected 2 rows, got shape (3, 3)'),
    (lambda: practical.normalize_train_dev_test(F32, ONES, ONES), TypeError,
     'expected one float dtype for all arrays, got X_train: float32, X_dev: float64, X_test: float64'),
    (lambda: practical.normalize_train_dev_test(ONES, F32, ONES), TypeError,
     'expected one float dtype for all arrays, got X_train: float64, X_dev: float32, X_test: float64'),
    (lambda: practical.normalize_train_dev_test(ONES, ONES, F32), TypeError,
     'expected one float dtype for all arrays, got X_train: float64, X_dev: float64, X_test: float32'),
    (lambda: practical.normalize_train_dev_test(ONES, ONES, ONES, epsilon=-1), ValueError,
     'epsilon: expected a positive finite number, got -1'),
    (lambda: _train(X_train=np.ones(4)), ValueError,
     "X_train: expected a 2-D array, got shape (4,) (reshape to (4, 1) or (1, 4))"),
    (lambda: _train(Y_train=Y[:, :3]), ValueError, "Y_train: expected 4 columns, got shape (1, 3)"),
    (lambda: _train(X_dev=np.ones((3, 3))), ValueError, "X_dev: expected 2 rows, got shape (3, 3)"),
    (lambda: _train(Y_dev=Y), ValueError, "Y_dev: expected 3 columns, got shape (1, 4)"),
    (lambda: _train(X_dev=X_DEV.astype(np.float32)), TypeError,
     "expected one float dtype for all arrays, got X_train: float64, X_dev: float32"),
    (lambda: _train(X_train=X.astype(np.float32)), TypeError,
     "expected one float dtype for all arrays, got X_train: float32, X_dev: float64"),
    (lambda: _train(learning_rate=0), ValueError,
     "learning_rate: expected a positive finite number, got 0"),
    (lambda: _train(num_epochs=-1), ValueError, "num_epochs: expected a non-negative integer, got -1"),
    (lambda: _train(progress=3), TypeError,
     "progress: expected None or a callable progress(i, cost), got 3"),
])
def test_messages_in_full(call, error, message):
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        call()


def test_defaults():
    split = inspect.signature(practical.train_dev_test_split).parameters
    assert split["seed"].default == 0 and split["ratios"].default is None
    assert inspect.signature(practical.diagnose_bias_variance).parameters["bayes_error"].default == 0.0
    diagnosis = practical.diagnose_bias_variance(0.25, 0.5)
    assert diagnosis["avoidable_bias"] == 0.25 and diagnosis["variance"] == 0.25


def test_the_default_seed_is_a_fresh_RandomState_0():
    X_all = np.arange(20.0).reshape(2, 10)
    Y_all = np.arange(10.0).reshape(1, 10)
    parts = practical.train_dev_test_split(X_all, Y_all, (0.6, 0.2, 0.2))
    order = np.random.RandomState(0).permutation(10)
    np.testing.assert_array_equal(np.concatenate([parts[1], parts[3], parts[5]], axis=1),
                                  Y_all[:, order])


def test_labels_are_cast_to_X_dtype_in_training():
    history = practical.train_with_early_stopping(
        X.astype(np.float32), Y.astype(bool), X_DEV.astype(np.float32), Y_DEV.astype(bool), None,
        0.1, 2, initial_parameters=START)[1]
    assert all(c.dtype == np.float32 for c in history["cost"] + history["dev_cost"])


def test_next_steps_end_with_one_another_architecture():
    both = practical.diagnose_bias_variance(0.25, 0.5, threshold=0.125)
    assert both["diagnosis"] == "high bias and high variance"
    assert both["next_steps"] == ("a bigger network", "train longer (or a better optimiser)",
                                  "more data", "regularisation (L2, dropout, data augmentation)",
                                  "another architecture")


def test_a_gap_equal_to_the_threshold_is_not_high():
    # exact binary fractions: bias 0.25 - 0 and variance 0.5 - 0.25 both equal the threshold
    diagnosis = practical.diagnose_bias_variance(0.25, 0.5, threshold=0.25)
    assert not diagnosis["high_bias"] and not diagnosis["high_variance"]
    assert diagnosis["diagnosis"] == "low bias and low variance" and diagnosis["next_steps"] == ()


def test_flips_repeat_rank_1_labels():
    images = np.arange(12.0).reshape(2, 2, 3, 1)
    augmented, labels = practical.augment_with_flips(images, np.array([3, 7]))
    assert augmented.shape == (4, 2, 3, 1) and labels.tolist() == [3, 7, 3, 7]

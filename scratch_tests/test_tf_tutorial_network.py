"""scratch.tf_tutorial's network functions (forward_propagation, the two losses, predict) against
numbers worked by hand: LINEAR -> RELU -> LINEAR -> RELU -> LINEAR, logits in columns. NumPy only."""

import re

import numpy as np
import pytest

from scratch import tf_tutorial

# X: 2 features, 3 examples; W1 = I (2 units), W2 = I, W3 (3 classes, 2): relu keeps the positive
# parts, so the logits are W3 @ relu(relu(X + b1) + b2) + b3.
X = np.array([[1.0, -1.0, 2.0],
              [0.5, 3.0, -2.0]])
PARAMETERS = {"W1": np.eye(2), "b1": np.array([[0.0], [1.0]]),
              "W2": np.eye(2), "b2": np.array([[1.0], [0.0]]),
              "W3": np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]]), "b3": np.array([[0.0], [0.0], [0.5]])}
# A1 = relu(X + b1) = [[1, 0, 2], [1.5, 4, 0]]; A2 = relu(A1 + b2) = [[2, 1, 3], [1.5, 4, 0]]
Z3 = np.array([[2.0, 1.0, 3.0],
               [1.5, 4.0, 0.0],
               [1.0, -2.5, 3.5]])
LABELS = np.array([[1.0, 0.0, 0.0],
                   [0.0, 1.0, 0.0],
                   [0.0, 0.0, 1.0]])


def test_forward_propagation_gives_the_logits_by_hand():
    np.testing.assert_array_equal(tf_tutorial.forward_propagation(X, PARAMETERS), Z3)


def test_predict_is_the_argmax_of_each_column():
    predictions = tf_tutorial.predict(X, PARAMETERS)
    assert predictions.dtype == np.int64 and predictions.shape == (1, 3)
    np.testing.assert_array_equal(predictions, [[0, 1, 2]])


def _per_example():
    # log(sum_c exp(Z[c, j])) - Z[y_j, j], written out column by column
    return np.array([np.log(np.exp(2.0) + np.exp(1.5) + np.exp(1.0)) - 2.0,
                     np.log(np.exp(1.0) + np.exp(4.0) + np.exp(-2.5)) - 4.0,
                     np.log(np.exp(3.0) + np.exp(0.0) + np.exp(3.5)) - 3.5])


def test_total_loss_and_cost_by_hand():
    total = tf_tutorial.compute_total_loss(Z3, LABELS)
    cost = tf_tutorial.compute_cost(Z3, LABELS)
    assert np.ndim(total) == 0 and np.ndim(cost) == 0
    assert float(total) == pytest.approx(np.sum(_per_example()), rel=1e-15)
    assert float(cost) == pytest.approx(np.mean(_per_example()), rel=1e-15)


def test_the_losses_are_stable_for_large_logits():
    # shifting every logit of a column by 1000 changes nothing (exp(1000) overflows unshifted)
    assert float(tf_tutorial.compute_cost(Z3 + 1000.0, LABELS)) == pytest.approx(
        np.mean(_per_example()), rel=1e-12)
    assert float(tf_tutorial.compute_total_loss(Z3 - 1000.0, LABELS)) == pytest.approx(
        np.sum(_per_example()), rel=1e-12)


@pytest.mark.parametrize("call, error, message", [
    (lambda: tf_tutorial.forward_propagation(X[:1], PARAMETERS), ValueError,
     "X: expected 2 rows (n_x of W1), got shape (1, 3)"),
    (lambda: tf_tutorial.predict(X.astype(np.float32), PARAMETERS), TypeError,
     "X: expected the parameters' dtype float64, got float32"),
    (lambda: tf_tutorial.predict(X, {k: v for k, v in PARAMETERS.items() if k[1] != "3"}),
     ValueError, "parameters: expected the tutorial's 3 layers W1 .. W3, got 2 layers"),
])
def test_network_messages(call, error, message):
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        call()


@pytest.mark.parametrize("function", [tf_tutorial.compute_cost, tf_tutorial.compute_total_loss])
def test_the_labels_must_match_the_logits(function):
    with pytest.raises(ValueError, match=re.escape("labels: expected 3 columns, got shape (3, 2)")):
        function(Z3, LABELS[:, :2])


def test_a_float32_step_stays_float32():
    # w = 1: dJ/dw = 2 * 1 - 10 = -8, one step of 0.01 in float32 arithmetic
    w = tf_tutorial.train_step(np.array(1.0, np.float32))
    assert w.dtype == np.float32
    assert w == np.float32(1.0) - np.float32(0.01) * np.float32(-8.0)


def test_minimize_cost_names_the_learning_rate():
    message = "learning_rate: expected a positive finite number, got 0"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        tf_tutorial.minimize_cost(learning_rate=0)


def test_each_column_is_shifted_by_its_own_max():
    """Columns of very different scales: one shift for the whole batch (its largest logit) would
    underflow every exp of the other column (exp(-2000) = 0, log 0 = -inf)."""
    shifted = Z3 + np.array([[1000.0, -1000.0, 0.0]])
    np.testing.assert_allclose(tf_tutorial.compute_total_loss(shifted, LABELS),
                               np.sum(_per_example()), rtol=1e-12)
    np.testing.assert_allclose(tf_tutorial.compute_cost(shifted, LABELS),
                               np.mean(_per_example()), rtol=1e-12)

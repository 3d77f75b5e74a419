"""scratch.logistic's printed lines and predictions where every number is known by hand: with zero
weights and no iteration, A = sigmoid(0) = 0.5 exactly, the cost is log 2 and every prediction is 0
(the course predicts 1 only where A > 0.5)."""

import numpy as np

from scratch import logistic

X = np.array([[1.0, 2.0, -1.0, -2.0], [0.5, -1.0, 1.5, -0.5]])


def test_model_prints_both_accuracies_in_the_courses_words(capsys):
    """num_iterations=0: every prediction is 0, so train [1, 0, 1, 0] is 50 % right and test
    [0, 0, 1, 0] 75 % right."""
    d = logistic.model(X, np.array([[1, 0, 1, 0]]), X, np.array([[0, 0, 1, 0]]), num_iterations=0,
                       print_cost=True)
    assert capsys.readouterr().out == "train accuracy: 50.0 %\ntest accuracy: 75.0 %\n"
    np.testing.assert_array_equal(d["Y_prediction_test"], np.zeros((1, 4)))


def test_optimize_prints_the_cost_of_the_recorded_iterations(capsys):
    """Iteration 0 from w = 0, b = 0: J = -log 0.5 = log 2 = 0.693147 (six decimals)."""
    w, b = logistic.initialize_with_zeros(2)
    logistic.optimize(w, b, X, np.array([[1, 0, 1, 0]]), 1, 0.1, print_cost=True)
    assert capsys.readouterr().out == "Cost after iteration 0: 0.693147\n"


def test_predict_adds_the_bias_and_keeps_X_dtype():
    """w = 0: A = sigmoid(b) everywhere: 1 for b = 1, 0 for b = -1 and for b = 0 (A = 0.5 is not
    > 0.5)."""
    w = np.zeros((2, 1))
    np.testing.assert_array_equal(logistic.predict(w, 1.0, X), np.ones((1, 4)))
    np.testing.assert_array_equal(logistic.predict(w, -1.0, X), np.zeros((1, 4)))
    np.testing.assert_array_equal(logistic.predict(w, 0.0, X), np.zeros((1, 4)))
    prediction = logistic.predict(w.astype(np.float32), 1.0, X.astype(np.float32))
    assert prediction.dtype == np.float32

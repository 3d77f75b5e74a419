"""scratch.logistic on its own: the course notebook's published values, gradient check, errors.

The expected numbers below are the ones printed in the course's week-2 notebook (8-9 significant
digits), not values produced by this code.
"""

import numpy as np
import pytest
from gradcheck import THRESHOLD, numerical_gradient, relative_difference

from scratch import logistic

W = np.array([[1.0], [2.0]])
B = 2.0
X = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]])
Y = np.array([[1, 0, 1]])


def test_sigmoid_course_values():
    np.testing.assert_allclose(logistic.sigmoid(np.array([0, 2])), [0.5, 0.88079708], rtol=1e-8)


def test_initialize_with_zeros():
    w, b = logistic.initialize_with_zeros(2)
    assert w.shape == (2, 1) and not w.any() and float(b) == 0.0
    w32, b32 = logistic.initialize_with_zeros(3, dtype=np.float32)
    assert w32.dtype == np.float32 and b32.dtype == np.float32


def test_propagate_course_values():
    grads, cost = logistic.propagate(W, B, X, Y)
    np.testing.assert_allclose(grads["dw"], [[0.99845601], [2.39507239]], rtol=1e-8)
    np.testing.assert_allclose(grads["db"], 0.00145557813678, rtol=1e-9)
    np.testing.assert_allclose(cost, 5.801545319394553, rtol=1e-14)
    assert grads["dw"].shape == (2, 1) and np.shape(grads["db"]) == ()


def test_optimize_course_values():
    params, grads, costs = logistic.optimize(W, B, X, Y, num_iterations=100,
                                             learning_rate=0.009, print_cost=False)
    np.testing.assert_allclose(params["w"], [[0.19033591], [0.12259159]], rtol=1e-7)
    np.testing.assert_allclose(params["b"], 1.92535983008, rtol=1e-10)
    np.testing.assert_allclose(grads["dw"], [[0.67752042], [1.41625495]], rtol=1e-7)
    np.testing.assert_allclose(grads["db"], 0.219194504541, rtol=1e-10)
    assert len(costs) == 1


def test_predict_course_values():
    w = np.array([[0.1124579], [0.23106775]])
    X2 = np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])
    assert logistic.predict(w, -0.3, X2).tolist() == [[1.0, 1.0, 0.0]]


def test_gradients_match_central_differences():
    rng = np.random.default_rng(2)
    w = rng.standard_normal((4, 1)) * 0.5
    X4 = rng.standard_normal((4, 9))
    Y4 = rng.integers(0, 2, (1, 9))
    grads, _ = logistic.propagate(w, 0.3, X4, Y4)
    numeric_dw = numerical_gradient(lambda v: logistic.propagate(v, 0.3, X4, Y4)[1], w)
    numeric_db = numerical_gradient(lambda v: logistic.propagate(w, v, X4, Y4)[1], np.array(0.3))
    assert relative_difference(grads["dw"], numeric_dw) < THRESHOLD
    assert relative_difference(grads["db"], numeric_db) < THRESHOLD


def test_model_returns_the_course_dict_and_prints_the_course_trace(capsys):
    d = logistic.model(X, Y, X, Y, num_iterations=201, learning_rate=0.01, print_cost=True)
    assert set(d) == {"costs", "Y_prediction_test", "Y_prediction_train", "w", "b",
                      "learning_rate", "num_iterations"}
    assert len(d["costs"]) == 3
    out = capsys.readouterr().out
    assert "Cost after iteration 0: 0.693147" in out and "train accuracy:" in out


@pytest.mark.parametrize("args, message", [
    ((np.ones(2), 0.0, X, Y), "w: expected a 2-D array, got shape (2,)"),
    ((W, 0.0, X[0], Y), "X: expected a 2-D array, got shape (3,)"),
    ((W, 0.0, X, np.array([[1, 0]])), "Y: expected 3 columns, got shape (1, 2)"),
    ((W, 0.0, X, np.array([[1, 2, 0]])), "Y: expected labels in {0, 1}, got values [2.0]"),
    ((np.ones((3, 1)), 0.0, X, Y), "w: expected 2 rows, got shape (3, 1)"),
    ((W, np.ones(2), X, Y), "b: expected a scalar, got shape (2,)"),
    ((W, 0.0, np.array([[1.0, np.nan, 0], [0, 0, 0]]), Y), "X: expected finite values, got 1 NaN/inf"),
    ((W.astype(np.float32), 0.0, X, Y), "expected one float dtype for all arrays"),
])
def test_bad_input_is_named(args, message):
    with pytest.raises((ValueError, TypeError)) as err:
        logistic.propagate(*args)
    assert message in str(err.value)


def test_bad_hyperparameters_are_named():
    with pytest.raises(ValueError, match="num_iterations: expected a non-negative integer, got -1"):
        logistic.optimize(W, B, X, Y, -1, 0.1)
    with pytest.raises(ValueError, match="learning_rate: expected a positive finite number"):
        logistic.optimize(W, B, X, Y, 1, float("nan"))
    with pytest.raises(ValueError, match="dim: expected a positive integer, got 0"):
        logistic.initialize_with_zeros(0)


def test_float32_end_to_end_stays_float32():
    d = logistic.model(X.astype(np.float32), Y, X.astype(np.float32), Y, num_iterations=5,
                       learning_rate=0.01)
    assert d["w"].dtype == np.float32 and d["b"].dtype == np.float32
    assert d["costs"][0].dtype == np.float32


def test_optimize_and_model_report_progress_at_every_recorded_iteration():
    seen = []
    _, _, costs = logistic.optimize(W, B, X, Y, num_iterations=201, learning_rate=0.009,
                                    progress=lambda i, cost: seen.append((i, cost)))
    assert [i for i, _ in seen] == [0, 100, 200]
    assert all(cost is recorded for (_, cost), recorded in zip(seen, costs))
    assert seen[0][1] == logistic.propagate(W, B, X, Y)[1]        # the cost before the update
    through_model = []
    d = logistic.model(X, Y, X, Y, num_iterations=201, learning_rate=0.009,
                       progress=lambda i, cost: through_model.append(i))
    assert through_model == [0, 100, 200] and len(d["costs"]) == 3
    with pytest.raises(TypeError, match="progress: expected None or a callable"):
        logistic.optimize(W, B, X, Y, 1, 0.1, progress="every 100")


def test_model_checks_the_test_set_before_training():
    with pytest.raises(ValueError, match="X: expected a 2-D array, got shape"):
        logistic.model(X, Y, X[0], Y, num_iterations=100,
                       progress=lambda i, cost: pytest.fail("trained before checking X_test"))


def test_the_loops_run_the_kernels_by_name(monkeypatch):
    """optimize and model call `_propagate` through the module's globals, so a wrong variant
    installed by kernel name reaches them."""
    monkeypatch.setattr(logistic, "_propagate", lambda w, b, X, Y: (
        {"dw": np.zeros_like(w), "db": np.zeros_like(b)}, np.zeros((), X.dtype)))
    params, _, _ = logistic.optimize(W, B, X, Y, num_iterations=3, learning_rate=0.1)
    assert np.array_equal(params["w"], W) and float(params["b"]) == B
    d = logistic.model(X, Y, X, Y, num_iterations=3, learning_rate=0.1)
    assert not d["w"].any() and float(d["b"]) == 0.0

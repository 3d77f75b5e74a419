"""scratch.initialization.model's defaults (read by calling without them: the kernel `_model`
replaced by a recorder), its messages naming the argument, initial_parameters taken in X's dtype
and left alone, and the course's nansum loss silent on a saturated output. NumPy only."""

import re
import warnings

import numpy as np
import pytest

from scratch import initialization

SIZES = [2, 10, 5, 1]


def _data(m=4):
    rng = np.random.RandomState(0)
    return rng.randn(2, m), np.array([[1.0, 0.0, 1.0, 0.0]])[:, :m]


def _parameters(seed=1):
    rng = np.random.RandomState(seed)
    p = {}
    for l in range(1, len(SIZES)):
        p[f"W{l}"] = rng.randn(SIZES[l], SIZES[l - 1]) * 0.5
        p[f"b{l}"] = np.zeros((SIZES[l], 1))
    return p


def test_model_defaults_are_the_assignments(monkeypatch):
    """learning_rate 0.01, 15000 iterations, print_cost on, He weights after seed 3."""
    X, Y = _data()
    calls = []
    monkeypatch.setattr(initialization, "_model", lambda *args: calls.append(args))
    initialization.model(X, Y)
    args = calls[0]
    assert args[3:6] == (0.01, 15000, True) and args[6] is None
    draw = np.random.RandomState(3)
    for l in range(1, len(SIZES)):
        expected = draw.randn(SIZES[l], SIZES[l - 1]) * np.sqrt(2 / SIZES[l - 1])
        np.testing.assert_allclose(args[2][f"W{l}"], expected, rtol=1e-15, atol=0, err_msg=str(l))


@pytest.mark.parametrize("change, message", [
    ({"num_iterations": -1}, "num_iterations: expected a non-negative integer, got -1"),
    ({"initialization": "glorot"},
     "initialization: expected one of ['he', 'random', 'zeros'], got 'glorot'"),
])
def test_model_names_the_bad_argument(change, message):
    X, Y = _data()
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        initialization.model(X, Y, print_cost=False, **change)


def test_initial_parameters_are_taken_in_X_dtype_and_left_alone():
    X, Y = _data()
    given = _parameters()
    out = initialization.model(X.astype(np.float32), Y, 0.1, 1, False, initial_parameters=given)
    assert all(value.dtype == np.float32 for value in out.values())
    for name, value in _parameters().items():
        assert np.array_equal(given[name], value), name
        assert given[name].dtype == np.float64


def test_a_saturated_output_costs_no_warning():
    """A3 exactly 1.0 (b3 = 800) on labels 1: log(1 - A3) = log 0 and (1 - Y) * -inf = nan, which
    the nansum loss drops (cost 0) without a RuntimeWarning."""
    X, _ = _data()
    p = _parameters()
    p["b3"] = np.array([[800.0]])
    seen = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        initialization.model(X, np.ones((1, 4)), 0.01, 1, False, initial_parameters=p,
                             progress=lambda i, cost: seen.append(float(cost)))
    assert seen == [0.0]

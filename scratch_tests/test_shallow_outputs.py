"""scratch.shallow where every number is known by hand: zero weights give A2 = sigmoid(0) = 0.5
exactly, which the course's `A2 > 0.5` predicts as False; the initial weights nn_model draws
(seed and dtype passed on, seen with num_iterations=0); Y's length checked in the backward pass."""

import numpy as np
import pytest

from scratch import shallow

X = np.array([[1.0, 2.0, -1.0], [0.5, -1.0, 1.5]])
Y = np.array([[1.0, 0.0, 1.0]])


def _zeros(n_h=3):
    return {"W1": np.zeros((n_h, 2)), "b1": np.zeros((n_h, 1)), "W2": np.zeros((1, n_h)),
            "b2": np.zeros((1, 1))}


def test_predict_is_false_where_A2_is_exactly_one_half():
    np.testing.assert_array_equal(shallow.predict(_zeros(), X), [[False, False, False]])
    tilted = {**_zeros(), "b2": np.array([[1e-12]])}
    np.testing.assert_array_equal(shallow.predict(tilted, X), [[True, True, True]])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_nn_model_starts_from_initialize_parameters_with_its_seed_and_xs_dtype(dtype):
    p = shallow.nn_model(X.astype(dtype), Y, 4, num_iterations=0, seed=5)
    expected = shallow.initialize_parameters(2, 4, 1, dtype=dtype, seed=5)
    for k in expected:
        assert p[k].dtype == dtype
        np.testing.assert_array_equal(p[k], expected[k])


def test_backward_propagation_checks_the_length_of_Y():
    cache = {"Z1": np.zeros((3, 3)), "A1": np.zeros((3, 3)), "Z2": np.zeros((1, 3)),
             "A2": np.full((1, 3), 0.5)}
    with pytest.raises(ValueError, match=r"^Y: expected 3 columns, got shape \(1, 2\)$"):
        shallow.backward_propagation(_zeros(), cache, X, Y[:, :2])

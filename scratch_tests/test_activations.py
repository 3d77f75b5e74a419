"""scratch.activations on its own: values, the course's gradient check, kink conventions."""

import numpy as np
import pytest
from gradcheck import THRESHOLD, numerical_gradient, relative_difference

from scratch import activations


@pytest.mark.parametrize("name", sorted(activations.FORWARD))
def test_backward_matches_central_differences(name):
    rng = np.random.default_rng(3)
    Z = rng.standard_normal((4, 6)) * 2
    Z[np.abs(Z) < 0.05] = 0.5      # finite differences straddling a kink are meaningless
    dA = rng.standard_normal(Z.shape)
    forward = activations.FORWARD[name]
    numeric = numerical_gradient(lambda z: np.sum(dA * forward(z)), Z)
    analytic = activations.BACKWARD[name](dA, Z)
    assert relative_difference(analytic, numeric) < THRESHOLD


def test_relu_gradient_at_zero_is_zero_not_the_notes_one():
    """TF's convention (and the course assignments' dZ[Z <= 0] = 0): relu'(0) = 0. The lecture
    notes' g'(0) = 1 would give dA here; the difference is confined to exact zeros."""
    Z = np.array([[-1.0, 0.0, 2.0]])
    dA = np.ones_like(Z)
    assert activations.relu_backward(dA, Z).tolist() == [[0.0, 0.0, 1.0]]
    notes_convention = dA * (Z >= 0)
    assert (notes_convention != activations.relu_backward(dA, Z)).tolist() == [[False, True, False]]


def test_leaky_relu_gradient_at_zero_is_the_slope():
    Z = np.array([[-1.0, 0.0, 2.0]])
    assert activations.leaky_relu_backward(np.ones_like(Z), Z).tolist() == [[0.01, 0.01, 1.0]]
    assert activations.leaky_relu(Z, slope=0.2).tolist() == [[-0.2, 0.0, 2.0]]


def test_sigmoid_saturates_without_warnings_or_nan():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = activations.sigmoid(np.array([[-800.0, 800.0]]))
    assert s.tolist() == [[0.0, 1.0]]


def test_softmax_is_column_wise_and_stable():
    Z = np.array([[800.0, 1.0], [-800.0, 1.0]])
    A = activations.softmax(Z)
    assert np.all(np.isfinite(A))
    np.testing.assert_allclose(A.sum(axis=0), [1.0, 1.0], rtol=0, atol=1e-15)
    assert A[:, 0].tolist() == [1.0, 0.0] and A[:, 1].tolist() == [0.5, 0.5]


@pytest.mark.parametrize("name", sorted(activations.FORWARD))
def test_float32_stays_float32(name):
    Z = np.linspace(-3, 3, 12, dtype=np.float32).reshape(3, 4)
    assert activations.FORWARD[name](Z).dtype == np.float32
    assert activations.BACKWARD[name](np.ones_like(Z), Z).dtype == np.float32

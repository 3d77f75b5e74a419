"""scratch.losses on its own: the course's formula, the stable logits form, gradients."""

import math

import numpy as np
from gradcheck import THRESHOLD, numerical_gradient, relative_difference

from scratch import activations, losses


def test_course_formula_value():
    A = np.array([[0.8, 0.9, 0.4]])
    Y = np.array([[1.0, 1.0, 0.0]])
    expected = -(math.log(0.8) + math.log(0.9) + math.log(0.6)) / 3
    assert abs(float(losses.binary_cross_entropy(A, Y)) - expected) < 1e-16


def test_logits_form_equals_course_formula_in_the_safe_range():
    rng = np.random.default_rng(0)
    Z = rng.standard_normal((1, 50)) * 3
    Y = rng.integers(0, 2, (1, 50)).astype(float)
    a = losses.binary_cross_entropy(activations.sigmoid(Z), Y)
    b = losses.binary_cross_entropy_from_logits(Z, Y)
    assert abs(float(a) - float(b)) < 1e-14


def test_logits_form_is_finite_at_800_and_exact_at_30():
    """At |z| = 30 the naive log(1 - sigmoid(z)) is off by ~1e-3 (1 - s cancels); the stable
    form is exact to rounding: the loss of z = 30, y = 0 is 30 + log(1 + e^-30)."""
    Y = np.array([[0.0, 1.0]])
    big = losses.binary_cross_entropy_from_logits(np.array([[800.0, -800.0]]), Y)
    assert float(big) == 800.0
    Z = np.array([[30.0]])
    exact = 30.0 + math.log1p(math.exp(-30.0))
    stable = float(losses.binary_cross_entropy_from_logits(Z, np.array([[0.0]])))
    naive = float(losses.binary_cross_entropy(activations.sigmoid(Z), np.array([[0.0]])))
    assert abs(stable - exact) <= 4 * np.finfo(float).eps * exact
    assert 1e-4 < abs(naive - exact) < 1e-2


def test_gradients_match_central_differences():
    rng = np.random.default_rng(1)
    Y = rng.integers(0, 2, (1, 7)).astype(float)
    Z = rng.standard_normal((1, 7))
    A = activations.sigmoid(Z)
    for cost, backward, x in (
        (losses.binary_cross_entropy, losses.binary_cross_entropy_backward, A),
        (losses.binary_cross_entropy_from_logits,
         losses.binary_cross_entropy_from_logits_backward, Z),
    ):
        numeric = numerical_gradient(lambda v, cost=cost: cost(v, Y), x)
        assert relative_difference(backward(x, Y), numeric) < THRESHOLD

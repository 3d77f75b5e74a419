"""scratch.tf_tutorial on its own: the lecture's quadratic run against its closed form
w_k = w* + (1 - 2 lr c0)^k (w_0 - w*), derived by hand (not the code's output), in float64 and in
the lecture's float32, where the run stalls where a step falls under half an ulp of 5; the
coefficient-array variant; argument errors."""

import numpy as np
import pytest

from scratch import tf_tutorial

EPS64, EPS32 = np.finfo(np.float64).eps, np.finfo(np.float32).eps
K = np.arange(1001)
# Each step rounds w - lr (2 c0 w + c1) to a few units u = eps / 2 of |w| (6 u, generously); the
# step contracts earlier errors by q = |1 - 2 lr c0|, so they add up to at most 6 u / (1 - q) =
# 3 eps / (1 - q) of max |w|.


def bound(eps, q, w_max):
    return 3 * eps / (1 - q) * w_max


def test_the_lecture_run_follows_the_closed_form_in_float64():
    ws = tf_tutorial.minimize_cost(dtype=np.float64)
    closed = 5 - 5 * 0.98 ** K
    assert ws.shape == (1001,) and ws.dtype == np.float64
    assert np.max(np.abs(ws - closed)) <= bound(EPS64, 0.98, 5)            # 3.3e-14
    assert abs(ws[-1] - 5) <= 5 * 0.98 ** 1000 + bound(EPS64, 0.98, 5)    # 8.4e-9 from 5


def test_the_float32_run_stalls_within_half_an_ulp_step_of_5():
    """The lecture's float32: near 5, the step 0.02 (5 - w) is lost in rounding once it is under
    half an ulp of 5 (2^-21 = 4.8e-7 / 2), i.e. once |w - 5| < 2.4e-7 / 0.02 = 1.19e-5."""
    ws = tf_tutorial.minimize_cost()
    assert ws.dtype == np.float32
    assert np.max(np.abs(ws - (5 - 5 * 0.98 ** K))) <= bound(EPS32, 0.98, 5)   # 1.8e-5
    stall = np.spacing(np.float32(5)) / 2 / 0.02
    assert 0 < 5 - ws[-1] <= stall and ws[-1] == ws[-2]


def test_the_coefficient_array_variant():
    """J = 2 w^2 - 8 w + 3: w* = 2, q = 1 - 2 * 0.01 * 2 = 0.96, from w_0 = -1."""
    ws = tf_tutorial.minimize_cost(np.array([2.0, -8.0, 3.0]), 0.01, 300, np.float64(-1.0),
                                   np.float64)
    closed = 2 - 3 * 0.96 ** np.arange(301)
    assert np.max(np.abs(ws - closed)) <= bound(EPS64, 0.96, 3)
    assert float(tf_tutorial.quadratic_cost(np.float64(2.0), [2.0, -8.0, 3.0])) == -5.0


def test_one_step_and_the_cost_by_hand():
    assert tf_tutorial.train_step(np.float64(0.0)) == 0.1                    # 0 - 0.01 * (-10)
    assert tf_tutorial.quadratic_cost(np.float64(5.0)) == 0.0
    assert tf_tutorial.quadratic_cost(0.0).dtype == np.float32                # the lecture's dtype


@pytest.mark.parametrize("call,message", [
    (lambda: tf_tutorial.quadratic_cost(1.0, [0.0, 1.0, 2.0]),
     r"coefficients: expected finite numbers with c0 > 0"),
    (lambda: tf_tutorial.quadratic_cost(1.0, [1.0, 2.0]), r"coefficients: expected 3 numbers"),
    (lambda: tf_tutorial.train_step(np.zeros(2)), r"w: expected a scalar weight, got shape \(2,\)"),
    (lambda: tf_tutorial.train_step(1.0, learning_rate=-1), r"learning_rate: expected a positive"),
    (lambda: tf_tutorial.minimize_cost(num_iterations=-1), r"num_iterations: expected a non-negative"),
    (lambda: tf_tutorial.minimize_cost(dtype=np.int32), r"dtype: expected float32 or float64"),
])
def test_bad_arguments_are_refused_by_name(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()

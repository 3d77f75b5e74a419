"""scratch.optimization's updates on one-weight networks whose every number is worked out by hand
here, the course's defaults pinned (Adam 0.01 / 0.9 / 0.999 / 1e-8, RMSprop 0.9 / 0.01 / 1e-8 with
epsilon outside the root, the staircase's interval 1000), and each refused argument named with the
value given (a message naming the argument but showing another value would be a wrong check)."""

import math

import numpy as np
import pytest

from scratch import optimization as opt


def _one_weight(w=1.0, b=0.5, dw=2.0, db=-1.0, dtype=np.float64):
    parameters = {"W1": np.array([[w]], dtype), "b1": np.array([[b]], dtype)}
    grads = {"dW1": np.array([[dw]], dtype), "db1": np.array([[db]], dtype)}
    return parameters, grads


def _zeros():
    return {"dW1": np.zeros((1, 1)), "db1": np.zeros((1, 1))}


def test_gradient_descent_is_w_minus_learning_rate_times_the_gradient():
    parameters, grads = _one_weight()
    new = opt.update_parameters_with_gd(parameters, grads, 0.1)
    assert new["W1"][0, 0] == pytest.approx(1.0 - 0.2, rel=1e-15)
    assert new["b1"][0, 0] == pytest.approx(0.5 + 0.1, rel=1e-15)
    assert parameters["W1"][0, 0] == 1.0                                  # inputs kept


def test_rmsprop_defaults_first_step():
    """beta 0.9, learning_rate 0.01, epsilon 1e-8 outside the root: s = 0.1 g^2,
    w <- w - 0.01 g / (sqrt(s) + 1e-8)."""
    parameters, grads = _one_weight()
    new, s = opt.update_parameters_with_rmsprop(parameters, grads, _zeros())
    assert s["dW1"][0, 0] == pytest.approx(0.4, rel=1e-15)
    assert s["db1"][0, 0] == pytest.approx(0.1, rel=1e-15)
    assert new["W1"][0, 0] == pytest.approx(1.0 - 0.01 * 2.0 / (math.sqrt(0.4) + 1e-8), rel=1e-15)
    assert new["b1"][0, 0] == pytest.approx(0.5 + 0.01 * 1.0 / (math.sqrt(0.1) + 1e-8), rel=1e-15)


def test_rmsprop_epsilon_placement_matters_for_a_tiny_gradient():
    """g = 1e-8: s = 1e-17, sqrt(s) = 3.16e-9. Outside (the course): step 0.01 g / (3.16e-9 + 1e-8)
    = 7.6e-3; inside (Keras): 0.01 g / sqrt(1e-17 + 1e-8) = 1.0e-6."""
    parameters, grads = _one_weight(dw=1e-8, db=0.0)
    outside, _ = opt.update_parameters_with_rmsprop(parameters, grads, _zeros())
    inside, _ = opt.update_parameters_with_rmsprop(parameters, grads, _zeros(), epsilon_inside=True)
    assert 1.0 - outside["W1"][0, 0] == pytest.approx(0.01 * 1e-8 / (math.sqrt(1e-17) + 1e-8), rel=1e-9)
    assert 1.0 - inside["W1"][0, 0] == pytest.approx(0.01 * 1e-8 / math.sqrt(1e-17 + 1e-8), rel=1e-6)


def test_rmsprop_keeps_a_running_mean_of_squares():
    parameters, grads = _one_weight()
    s = {"dW1": np.array([[1.0]]), "db1": np.array([[0.0]])}
    new, s2 = opt.update_parameters_with_rmsprop(parameters, grads, s, beta=0.5, learning_rate=0.1,
                                                 epsilon=0.0)
    assert s2["dW1"][0, 0] == pytest.approx(0.5 * 1.0 + 0.5 * 4.0, rel=1e-15)          # 2.5
    assert new["W1"][0, 0] == pytest.approx(1.0 - 0.1 * 2.0 / math.sqrt(2.5), rel=1e-15)


def test_adam_defaults_over_two_steps():
    """learning_rate 0.01, beta1 0.9, beta2 0.999, epsilon 1e-8; g = 2 at both steps.
    t = 1: v = 0.2, s = 0.004, corrected 2 and 4: w = 1 - 0.01 * 2 / (2 + 1e-8).
    t = 2: v = 0.9 * 0.2 + 0.1 * 2 = 0.38, s = 0.999 * 0.004 + 0.001 * 4 = 0.007996;
    corrected 0.38 / 0.19 = 2 and 0.007996 / 0.001999 = 4: the same step again."""
    parameters, grads = _one_weight()
    v, s = opt.initialize_adam(parameters)
    p1, v1, s1 = opt.update_parameters_with_adam(parameters, grads, v, s, 1)
    assert v1["dW1"][0, 0] == pytest.approx(0.2, rel=1e-15)
    assert s1["dW1"][0, 0] == pytest.approx(0.004, rel=1e-15)
    step = 0.01 * 2.0 / (2.0 + 1e-8)
    assert p1["W1"][0, 0] == pytest.approx(1.0 - step, rel=1e-15)
    p2, v2, s2 = opt.update_parameters_with_adam(p1, grads, v1, s1, 2)
    assert v2["dW1"][0, 0] == pytest.approx(0.38, rel=1e-15)
    assert s2["dW1"][0, 0] == pytest.approx(0.007996, rel=1e-14)
    assert p2["W1"][0, 0] == pytest.approx(1.0 - 2 * step, rel=1e-14)


def test_adam_bias_correction_uses_the_step_count():
    """From v = 0.2, s = 0.004 (after one step of g = 2) with g = 0 at t = 2: v = 0.18, s = 0.003996,
    corrected 0.18 / 0.19 and 0.003996 / 0.001999; the step is 0.01 * v_c / (sqrt(s_c) + 1e-8)."""
    parameters, grads = _one_weight(dw=0.0, db=0.0)
    v = {"dW1": np.array([[0.2]]), "db1": np.zeros((1, 1))}
    s = {"dW1": np.array([[0.004]]), "db1": np.zeros((1, 1))}
    new, _, _ = opt.update_parameters_with_adam(parameters, grads, v, s, 2)
    v_c, s_c = 0.18 / (1 - 0.9 ** 2), 0.003996 / (1 - 0.999 ** 2)
    assert new["W1"][0, 0] == pytest.approx(1.0 - 0.01 * v_c / (math.sqrt(s_c) + 1e-8), rel=1e-13)
    assert new["b1"][0, 0] == 0.5                                          # 0 / (0 + eps)


def test_momentum_carries_the_velocity():
    parameters, grads = _one_weight()
    v = {"dW1": np.array([[1.0]]), "db1": np.zeros((1, 1))}
    new, v2 = opt.update_parameters_with_momentum(parameters, grads, v, 0.8, 0.5)
    assert v2["dW1"][0, 0] == pytest.approx(0.8 * 1.0 + 0.2 * 2.0, rel=1e-15)          # 1.2
    assert new["W1"][0, 0] == pytest.approx(1.0 - 0.5 * 1.2, rel=1e-15)


def test_initializers_are_zeros_keyed_like_the_grads():
    parameters, _ = _one_weight(dtype=np.float32)
    for state in (opt.initialize_velocity(parameters), opt.initialize_rmsprop(parameters),
                  *opt.initialize_adam(parameters)):
        assert sorted(state) == ["dW1", "db1"]
        assert all(a.dtype == np.float32 and a.shape == (1, 1) and not a.any() for a in state.values())


def test_exponentially_weighted_averages_of_the_notes():
    """theta = 40 then 40, beta 0.9 by default: v_1 = 4, v_2 = 7.6; corrected 40 and 40."""
    theta = np.array([[40.0, 40.0]])
    np.testing.assert_allclose(opt.exponentially_weighted_averages(theta), [[4.0, 7.6]], rtol=1e-15)
    np.testing.assert_allclose(opt.exponentially_weighted_averages(theta, bias_correction=True),
                               [[40.0, 40.0]], rtol=1e-15)
    np.testing.assert_allclose(opt.exponentially_weighted_averages(theta, beta=0.5), [[20.0, 30.0]],
                               rtol=1e-15)


def test_exponentially_weighted_averages_stay_in_float32():
    """A float32 series is averaged in float32 (as the TF twin does), step by step: an average
    kept in float64 and rounded at the end differs in the last bits of most entries."""
    theta = np.random.default_rng(0).standard_normal((2, 60)).astype(np.float32)
    v, expected = np.zeros(2, np.float32), []
    for t in range(60):
        v = np.float32(0.9) * v + np.float32(1 - 0.9) * theta[:, t]
        expected.append(v)
    averages = opt.exponentially_weighted_averages(theta)
    assert averages.dtype == np.float32
    np.testing.assert_array_equal(averages, np.stack(expected, axis=1))


def test_learning_rate_decay_of_the_course():
    """update_lr: 0.5 / (1 + 1 * 2) at epoch 2; the staircase lowers it once every 1000 epochs by
    default: 0.5 until epoch 999, 0.5 / 2 from epoch 1000; interval 2 at epoch 10: 0.5 / (1 + 0.3 * 5)."""
    assert opt.update_lr(0.5, 2, 1) == pytest.approx(0.5 / 3, rel=1e-15)
    assert opt.update_lr(0.5, 0, 1) == 0.5
    assert opt.schedule_lr_decay(0.5, 999, 1) == 0.5
    assert opt.schedule_lr_decay(0.5, 1000, 1) == pytest.approx(0.25, rel=1e-15)
    assert opt.schedule_lr_decay(0.5, 10, 0.3, 2) == pytest.approx(0.5 / 2.5, rel=1e-15)
    assert opt.schedule_lr_decay(0.5, 11, 0.3, 2) == pytest.approx(0.5 / 2.5, rel=1e-15)


@pytest.mark.parametrize("call,error,message", [
    (lambda: opt.update_lr(0, 1, 1), ValueError, r"^learning_rate0: expected a positive .* got 0$"),
    (lambda: opt.update_lr(0.5, 1.5, 1), ValueError, r"^epoch_num: expected a non-negative .* got 1.5$"),
    (lambda: opt.update_lr(0.5, 1, -1), ValueError, r"^decay_rate: expected a finite number >= 0, got -1$"),
    (lambda: opt.schedule_lr_decay(0, 1, 1), ValueError, r"^learning_rate0: expected .* got 0$"),
    (lambda: opt.schedule_lr_decay(0.5, -2, 1), ValueError, r"^epoch_num: expected .* got -2$"),
    (lambda: opt.schedule_lr_decay(0.5, 1, -1), ValueError, r"^decay_rate: expected .* got -1$"),
    (lambda: opt.schedule_lr_decay(0.5, 1, 1, 2.5), ValueError, r"^time_interval: expected .* got 2.5$"),
    (lambda: opt.update_parameters_with_gd(*_one_weight(), 0), ValueError,
     r"^learning_rate: expected a positive finite number, got 0$"),
    (lambda: opt.update_parameters_with_rmsprop(*_one_weight(), _zeros(), beta=1.5), ValueError,
     r"^beta: expected a number with 0 <= beta < 1, got 1.5$"),
    (lambda: opt.update_parameters_with_rmsprop(*_one_weight(), {"dW1": np.zeros((1, 1))}), KeyError,
     r"s: missing 'db1'"),
    (lambda: opt.update_parameters_with_rmsprop(*_one_weight(), {**_zeros(), "dW1": -np.ones((1, 1))}),
     ValueError, r"^s\['dW1'\]: expected entries >= 0 \(a mean of squares\), got (np.float64\()?-1.0\)?$"),
    (lambda: opt.update_parameters_with_adam(*_one_weight(), _zeros(), _zeros(), 1, beta1=1.0),
     ValueError, r"^beta1: expected a number with 0 <= beta1 < 1, got 1.0$"),
    (lambda: opt.update_parameters_with_adam(*_one_weight(), _zeros(), _zeros(), 1, beta2=-0.1),
     ValueError, r"^beta2: expected a number with 0 <= beta2 < 1, got -0.1$"),
    (lambda: opt.update_parameters_with_adam(*_one_weight(), _zeros(), _zeros(), 1, epsilon=-1.0),
     ValueError, r"^epsilon: expected a finite number >= 0, got -1.0$"),
    (lambda: opt.update_parameters_with_adam(*_one_weight(), {"db1": np.zeros((1, 1))}, _zeros(), 1),
     KeyError, r"v: missing 'dW1'"),
    (lambda: opt.update_parameters_with_momentum(*_one_weight(), _zeros(), 0.9, -0.1), ValueError,
     r"^learning_rate: expected a positive finite number, got -0.1$"),
    (lambda: opt.exponentially_weighted_averages(np.ones(3)), ValueError, r"^theta: expected a 2-D"),
    (lambda: opt.exponentially_weighted_averages(np.ones((1, 3)), beta=1), ValueError,
     r"^beta: expected a number with 0 <= beta < 1, got 1$"),
])
def test_refused_arguments_are_named_with_the_value_given(call, error, message):
    with pytest.raises(error, match=message):
        call()

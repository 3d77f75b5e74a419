"""scratch.optimization on its own (NumPy only): the course's seeded partition, the updates'
algebra and state, and bad input refused in words that name the argument."""

import numpy as np
import pytest

from scratch import optimization as opt


def _network(dtype=np.float64):
    rng = np.random.default_rng(0)
    parameters = {"W1": rng.standard_normal((3, 2)).astype(dtype), "b1": np.zeros((3, 1), dtype),
                  "W2": rng.standard_normal((1, 3)).astype(dtype), "b2": np.zeros((1, 1), dtype)}
    grads = {f"d{k}": rng.standard_normal(v.shape).astype(dtype) for k, v in parameters.items()}
    return parameters, grads


def test_the_partition_is_the_courses_seeded_permutation_and_keeps_the_last_partial_batch():
    X = np.arange(2 * 148, dtype=float).reshape(2, 148)
    Y = (np.arange(148) % 2).reshape(1, 148)
    batches = opt.random_mini_batches(X, Y, 64, seed=0)
    assert [b[0].shape[1] for b in batches] == [64, 64, 20]
    state = np.random.get_state()
    np.random.seed(0)
    permutation = np.random.permutation(148)
    np.random.set_state(state)
    assert np.array_equal(np.concatenate([b[0] for b in batches], axis=1), X[:, permutation])
    assert np.array_equal(np.concatenate([b[1] for b in batches], axis=1), Y[:, permutation])
    assert batches[0][1].dtype == X.dtype                     # integer labels take X's dtype
    assert [b[0].shape[1] for b in opt.random_mini_batches(X, Y, 74)] == [74, 74]


def test_momentum_from_zero_velocity_moves_by_one_minus_beta_of_the_gradient():
    parameters, grads = _network()
    v = opt.initialize_velocity(parameters)
    new, v = opt.update_parameters_with_momentum(parameters, grads, v, 0.9, 0.1)
    for k in parameters:
        assert np.allclose(v[f"d{k}"], 0.1 * grads[f"d{k}"], rtol=1e-15, atol=0)
        assert np.allclose(new[k], parameters[k] - 0.01 * grads[f"d{k}"], rtol=1e-15, atol=1e-17)


def test_adams_first_step_moves_every_entry_by_about_the_learning_rate():
    """t = 1 from zero moments: v_corrected = g, s_corrected = g^2, so each entry moves by
    lr g / (|g| + eps) ~ lr sign(g); the inputs are not modified."""
    parameters, grads = _network()
    before = {k: v.copy() for k, v in parameters.items()}
    v, s = opt.initialize_adam(parameters)
    new, v2, s2 = opt.update_parameters_with_adam(parameters, grads, v, s, 1, learning_rate=0.01)
    for k in parameters:
        assert np.allclose(new[k] - parameters[k], -0.01 * np.sign(grads[f"d{k}"]), rtol=1e-6)
        assert np.array_equal(parameters[k], before[k]) and not v[f"d{k}"].any()


def test_float32_stays_float32():
    parameters, grads = _network(np.float32)
    v, s = opt.initialize_adam(parameters)
    new, v, s = opt.update_parameters_with_adam(parameters, grads, v, s, 3)
    assert {a.dtype for d in (new, v, s) for a in d.values()} == {np.dtype(np.float32)}


@pytest.mark.parametrize("call,message", [
    (lambda p, g, v, s: opt.update_parameters_with_adam(p, g, v, s, 0),
     r"t: expected a positive integer.*t = t \+ 1"),
    (lambda p, g, v, s: opt.update_parameters_with_adam(p, g, v, {**s, "dW1": -s["dW1"] - 1}, 1),
     r"s\['dW1'\]: expected entries >= 0"),
    (lambda p, g, v, s: opt.update_parameters_with_momentum(p, g, v, 1.0, 0.1),
     r"beta: expected a number with 0 <= beta < 1, got 1.0"),
    (lambda p, g, v, s: opt.update_parameters_with_momentum(p, g, {"dW1": v["dW1"]}, 0.9, 0.1),
     r"v: missing 'db1'"),
    (lambda p, g, v, s: opt.update_parameters_with_rmsprop(p, g, s, epsilon=-1e-8),
     r"epsilon: expected a finite number >= 0"),
    (lambda p, g, v, s: opt.update_parameters_with_adam(p, g, {**v, "dW1": v["dW1"].T}, s, 1),
     r"v\['dW1'\]: expected 3 rows"),
    (lambda p, g, v, s: opt.update_parameters_with_adam(p, g, {**v, "dW9": v["dW1"]}, s, 1),
     r"v: unexpected \['dW9'\]"),
    (lambda p, g, v, s: opt.random_mini_batches(np.ones((2, 5)), np.ones((1, 4))),
     r"Y: expected 5 columns"),
    (lambda p, g, v, s: opt.random_mini_batches(np.ones((2, 5)), np.ones((1, 5)), 0),
     r"mini_batch_size: expected a positive integer"),
    (lambda p, g, v, s: opt.schedule_lr_decay(0.1, 3, 0.5, 0), r"time_interval: expected a positive"),
    (lambda p, g, v, s: opt.update_lr(0.1, -1, 0.5), r"epoch_num: expected a non-negative"),
])
def test_bad_input_is_refused_naming_the_argument(call, message):
    parameters, grads = _network()
    v, s = opt.initialize_adam(parameters)
    with pytest.raises((ValueError, KeyError, TypeError), match=message):
        call(parameters, grads, v, s)

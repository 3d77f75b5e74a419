"""Parity of `gradient_check` (course 2, week 1).

(1) The catalogue (dlparity/cases/gradient_check.py): the cost, the analytic gradients and the
    layouts, with wrong variants.
(2) The checks themselves. A correct backward pass gives a `difference` made of rounding noise, so
    the twins must agree on the VERDICT (both below the notes' 2e-7), and on a wrong backward pass
    on the value, within the bound derived below. The course's 1-D figure is reproduced in both.
(3) Injected backprop bugs are flagged with the parameter blocks named (gradient_check_blocks).
(4) Three oracles agree on the same function: the course's central differences (scratch), the tape
    (tfimpl), and tf.test.compute_gradient's numerical Jacobian.

The bound on the twins' difference values. Each cost J(theta +- eps e_i) carries a rounding error
of at most GAMMA |J| in each twin (GAMMA = 64 u: a short forward pass of sums over <= 5 terms, two
logs and a mean, with ample room), so the twins' gradapprox entries differ by at most
4 GAMMA |J| / (2 eps) and their vectors by at most sqrt(N) times that (N = 47). The difference
d = ||g - a|| / (||g|| + ||a||) moves by at most 2 ||delta a|| / (||g|| + ||a||) when a moves by
delta a (numerator and denominator each by <= ||delta a||, and d <= 1).
"""

import math

import numpy as np
import pytest

from conventions.vocabulary import GRADIENT_CHECK_THRESHOLD
from dlparity import checker, tolerances
from dlparity.testing import catalogue_tests
from scratch import gradient_check as scratch

tf = pytest.importorskip("tensorflow")
from tfimpl import gradient_check as tfimpl  # noqa: E402

test_random_inputs, test_fixed_inputs, test_wrong_variants = catalogue_tests("gradient_check")

EPSILON = 1e-7
GAMMA = 64 * np.finfo(np.float64).eps / 2


def _network(seed=1, m=3):
    """The assignment's [4, 5, 3, 1] network; the pre-activations kept >= 1e-3 from ReLU's kink
    (a central difference across it gives 0.5 where the derivative is 0 or 1)."""
    rng = np.random.default_rng(seed)
    while True:
        X = rng.standard_normal((4, m))
        parameters = {}
        for l, (n, n_prev) in enumerate([(5, 4), (3, 5), (1, 3)], start=1):
            parameters[f"W{l}"] = rng.standard_normal((n, n_prev))
            parameters[f"b{l}"] = rng.standard_normal((n, 1))
        Y = np.array([[1.0, 0.0] * (m // 2) + [1.0] * (m % 2)])
        _, cache = scratch.forward_propagation_n(X, Y, parameters)
        if min(np.abs(cache[0]).min(), np.abs(cache[4]).min()) > 1e-3:
            return X, Y, parameters, cache


def _bound(X, Y, parameters, gradients):
    J = abs(float(scratch.forward_propagation_n(X, Y, parameters)[0]))
    N = scratch.dictionary_to_vector(parameters)[0].shape[0]
    delta = math.sqrt(N) * 4 * GAMMA * J / (2 * EPSILON)
    grad = np.linalg.norm(scratch.gradients_to_vector(gradients))
    return 2 * delta / grad


# --- (2) the checks ----------------------------------------------------------------------------------
def test_the_courses_1d_figure_in_both_twins():
    """gradient_check(x=2, theta=4): the notebook prints difference = 2.919335883291695e-10."""
    for module in (scratch, tfimpl):
        assert float(module.gradient_check(2, 4)) == 2.919335883291695e-10
        assert float(module.forward_propagation(2, 4)) == 8.0
        assert float(module.backward_propagation(2, 4)) == 2.0


def test_the_verdicts_are_printed_as_the_notebook_prints_them(capsys):
    X, Y, parameters, cache = _network()
    gradients = scratch.backward_propagation_n(X, Y, cache)
    for module in (scratch, tfimpl):
        module.gradient_check_n(parameters, gradients, X, Y, print_msg=True)
        assert "works perfectly fine" in capsys.readouterr().out
        module.gradient_check_n(parameters, {**gradients, "dW2": 2 * gradients["dW2"]}, X, Y,
                                print_msg=True)
        assert "There is a mistake in the backward propagation" in capsys.readouterr().out


@pytest.mark.parametrize("seed", [1, 2])
def test_a_correct_backward_pass_gives_rounding_noise_in_both_twins(seed):
    """Both differences lie within the rounding-noise bound (the central difference's truncation
    error, O(eps^2), is far below it). On seed 1 both pass the notes' 2e-7 verdict; on seed 2's
    draw (small gradients, |J| large) the noise itself reaches 3.4e-7 in scratch and 1.8e-7 in
    tfimpl: the 2e-7 verdict is not a property of the code alone, and the twins may part on it
    there."""
    X, Y, parameters, cache = _network(seed)
    gradients = scratch.backward_propagation_n(X, Y, cache)
    ours = scratch.gradient_check_n(parameters, gradients, X, Y)
    theirs = float(tfimpl.gradient_check_n(parameters, tfimpl.backward_propagation_n(X, Y, cache),
                                           X, Y))
    bound = _bound(X, Y, parameters, gradients)
    assert ours <= bound and theirs <= bound, (ours, theirs, bound)
    if seed == 1:
        assert ours < GRADIENT_CHECK_THRESHOLD and theirs < GRADIENT_CHECK_THRESHOLD


BUGS = {   # name -> (how the gradients are wrong, the blocks that must be flagged)
    "dW2 doubled (the assignment's bug)": (lambda g, m: {**g, "dW2": 2 * g["dW2"]}, {"W2"}),
    "db1 times 4 (the assignment's bug)": (lambda g, m: {**g, "db1": 4 * g["db1"]}, {"b1"}),
    "db3 without 1/m": (lambda g, m: {**g, "db3": m * g["db3"]}, {"b3"}),
    "dW1 transposed rows": (lambda g, m: {**g, "dW1": g["dW1"][::-1]}, {"W1"}),
}


@pytest.mark.parametrize("name", list(BUGS))
def test_a_wrong_backward_pass_is_flagged_with_its_blocks_named_and_the_twins_agree(name):
    X, Y, parameters, cache = _network(1, m=4)
    wrong, blocks = BUGS[name]
    gradients = wrong(scratch.backward_propagation_n(X, Y, cache), X.shape[1])
    ours = scratch.gradient_check_n(parameters, gradients, X, Y)
    theirs = float(tfimpl.gradient_check_n(parameters, gradients, X, Y))
    assert ours > GRADIENT_CHECK_THRESHOLD and theirs > GRADIENT_CHECK_THRESHOLD
    assert abs(ours - theirs) <= _bound(X, Y, parameters, gradients), (ours, theirs)
    for module in (scratch, tfimpl):
        by_block = {k: float(v) for k, v in module.gradient_check_blocks(parameters, gradients, X,
                                                                         Y).items()}
        flagged = {k for k, d in by_block.items() if d > GRADIENT_CHECK_THRESHOLD}
        assert flagged == blocks, (module.__name__, by_block)


def test_the_bound_catches_a_twin_checking_at_another_epsilon():
    """A twin checking at epsilon = 0.1: its difference on a wrong backward pass moves by
    O(eps^2) and leaves the bound. (At eps = 1e-7 the bound, ~3e-6, is rounding noise: finer
    slips — a one-sided difference, O(eps) — hide in it, as they do in the notes' check.)"""
    X, Y, parameters, cache = _network(1, m=4)
    gradients = {**scratch.backward_propagation_n(X, Y, cache)}
    gradients["dW2"] = 2 * gradients["dW2"]
    ours = scratch.gradient_check_n(parameters, gradients, X, Y)
    wrong = float(tfimpl.gradient_check_n(parameters, gradients, X, Y, epsilon=0.1))
    assert abs(ours - wrong) > _bound(X, Y, parameters, gradients)


def test_round_trips_and_bad_arguments():
    X, Y, parameters, cache = _network()
    for module in (scratch, tfimpl):
        theta, keys = module.dictionary_to_vector(parameters)
        assert tuple(theta.shape) == (47, 1) and keys[:21] == ["W1"] * 20 + ["b1"]
        back = module.vector_to_dictionary(theta)
        for k, v in parameters.items():
            np.testing.assert_array_equal(np.asarray(back[k]), v)
        with pytest.raises(ValueError, match="theta"):
            module.vector_to_dictionary(np.zeros((46, 1)))
        with pytest.raises(KeyError, match="dW3"):
            module.gradients_to_vector({"dW1": 0})
        with pytest.raises(ValueError, match="epsilon"):
            module.gradient_check(2, 4, epsilon=0)


# --- (2b) with L2 on; dropout refused ---------------------------------------------------------------
def test_the_l2_gradients_pass_a_check_with_lambd_and_fail_one_without():
    """gradient_check_n(..., lambd) checks J + lambd / (2 m) sum ||W||^2: the gradients of
    regularization.backward_propagation_with_regularization (scratch's formulas, and the TF twin's
    tape) pass it in both twins; the unregularised gradients fail it on the W blocks alone (the
    penalty leaves the biases), and the regularised ones fail the check without lambd."""
    from scratch import regularization as scratch_reg
    from tfimpl import regularization as tf_reg
    X, Y, parameters, cache = _network(1, m=4)
    lambd = 0.7
    regularised = scratch_reg.backward_propagation_with_regularization(X, Y, cache, lambd)
    taped = {k: v.numpy() for k, v in tf_reg.backward_propagation_with_regularization(
        X, Y, cache, lambd).items()}
    plain = scratch.backward_propagation_n(X, Y, cache)
    for module in (scratch, tfimpl):
        for gradients in (regularised, taped):
            assert float(module.gradient_check_n(parameters, gradients, X, Y, lambd=lambd)) \
                < GRADIENT_CHECK_THRESHOLD
        assert float(module.gradient_check_n(parameters, plain, X, Y, lambd=lambd)) \
            > GRADIENT_CHECK_THRESHOLD
        assert float(module.gradient_check_n(parameters, regularised, X, Y)) \
            > GRADIENT_CHECK_THRESHOLD
        by_block = {k: float(v) for k, v in module.gradient_check_blocks(
            parameters, plain, X, Y, lambd=lambd).items()}
        assert {k for k, d in by_block.items() if d > GRADIENT_CHECK_THRESHOLD} == {"W1", "W2", "W3"}


@pytest.mark.parametrize("keep_prob", [0.86, [0.8, 1.0]])
def test_gradient_checking_refuses_dropout_with_the_notes_rule(keep_prob):
    X, Y, parameters, cache = _network()
    gradients = scratch.backward_propagation_n(X, Y, cache)
    for module in (scratch, tfimpl):
        for check in (module.gradient_check_n, module.gradient_check_blocks):
            with pytest.raises(ValueError, match=r"keep_prob: gradient checking needs dropout off "
                                                 r"\(keep_prob=1\)"):
                check(parameters, gradients, X, Y, keep_prob=keep_prob)
        # keep_prob = 1 (one value or one per hidden layer) is dropout off: accepted
        assert float(module.gradient_check_n(parameters, gradients, X, Y, keep_prob=[1, 1.0])) \
            < GRADIENT_CHECK_THRESHOLD
        with pytest.raises(ValueError, match="lambd"):
            module.gradient_check_n(parameters, gradients, X, Y, lambd=-1)


# --- (4) three oracles ------------------------------------------------------------------------------
def test_central_differences_the_tape_and_tf_test_compute_gradient_agree():
    X, Y, parameters, cache = _network(2, m=5)
    ours = scratch.backward_propagation_n(X, Y, cache)
    tape = tfimpl.backward_propagation_n(X, Y, cache)
    bound = tolerances.tolerance("float64", "reduction", n=5)
    for k in scratch.PARAMETER_KEYS:
        checker.assert_pass(checker.compare(ours[f"d{k}"], tape[f"d{k}"].numpy(), component=f"tape d{k}",
                                            check="gradient", dtype="float64", tolerance=bound))

    def cost_of(key):
        def cost(value):
            return tfimpl._forward_propagation_n(tf.constant(X), tf.constant(Y),
                                                 {**{k: tf.constant(v) for k, v in parameters.items()},
                                                  key: value})[0]
        return cost

    for k in scratch.PARAMETER_KEYS:
        theoretical, numerical = tf.test.compute_gradient(cost_of(k), [tf.constant(parameters[k])])
        # the Jacobian of a scalar: one row, the parameter's entries in row-major order
        numeric = numerical[0].reshape(parameters[k].shape)
        # jax's numerical-gradient tolerance for float64 (REFERENCES): 1e-5, relative to the block
        scale = max(np.abs(ours[f"d{k}"]).max(), 1e-12)
        assert np.abs(numeric - ours[f"d{k}"]).max() <= 1e-5 * scale, k
        np.testing.assert_allclose(theoretical[0].reshape(parameters[k].shape), ours[f"d{k}"],
                                   rtol=0, atol=bound * scale)
    # and the course's own central differences, entry by entry
    theta_keys, approx = scratch._gradapprox(parameters, X, Y, [4, 5, 3, 1], EPSILON, 0.0)
    grad = scratch.gradients_to_vector(ours)
    assert np.abs(approx - grad).max() <= 4 * GAMMA * 2 / (2 * EPSILON) * 10 + 1e-7


def test_the_three_oracles_agree_on_the_l2_regularised_cost():
    """With L2 on: regularization.backward_propagation_with_regularization (scratch's formulas),
    the TF twin's tape, and tf.test.compute_gradient's numerical Jacobian of the TF cost
    J + lambd / (2 m) sum ||W||^2, block by block; and the course's central differences
    (gradient_check_n with lambd) below the notes' 2e-7."""
    from scratch import regularization as scratch_reg
    from tfimpl import regularization as tf_reg
    X, Y, parameters, cache = _network(2, m=5)
    lambd = 0.7
    ours = scratch_reg.backward_propagation_with_regularization(X, Y, cache, lambd)
    tape = tf_reg.backward_propagation_with_regularization(X, Y, cache, lambd)
    bound = tolerances.tolerance("float64", "reduction", n=5)

    def cost_of(key):
        def cost(value):
            tensors = {**{k: tf.constant(v) for k, v in parameters.items()}, key: value}
            return tfimpl._cost_n(tf.constant(X), tf.constant(Y), tensors, lambd)
        return cost

    for k in scratch.PARAMETER_KEYS:
        checker.assert_pass(checker.compare(ours[f"d{k}"], tape[f"d{k}"].numpy(),
                                            component=f"L2 tape d{k}", check="gradient",
                                            dtype="float64", tolerance=bound))
        theoretical, numerical = tf.test.compute_gradient(cost_of(k), [tf.constant(parameters[k])])
        scale = max(np.abs(ours[f"d{k}"]).max(), 1e-12)
        assert np.abs(numerical[0].reshape(parameters[k].shape) - ours[f"d{k}"]).max() \
            <= 1e-5 * scale, k
        np.testing.assert_allclose(theoretical[0].reshape(parameters[k].shape), ours[f"d{k}"],
                                   rtol=0, atol=bound * scale)
    assert scratch.gradient_check_n(parameters, ours, X, Y, lambd=lambd) < GRADIENT_CHECK_THRESHOLD

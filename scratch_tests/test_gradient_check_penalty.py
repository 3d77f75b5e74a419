"""gradient_check_n and gradient_check_blocks with lambd > 0 (the L2-regularised cost): the
gradients plus lambd / m * W, written here, pass; the unpenalised ones are flagged in the W blocks
only (biases are not penalised). NumPy only."""

import re

import pytest

from scratch import gradient_check as gc
from scratch_tests.test_gradient_check import _data, _network

LAMBD = 0.7


def _gradients(lambd):
    X, Y = _data()
    parameters = _network()
    _, cache = gc.forward_propagation_n(X, Y, parameters)
    gradients = gc.backward_propagation_n(X, Y, cache)
    m = X.shape[1]
    penalised = {k: g + (lambd / m * parameters[k[1:]] if k.startswith("dW") else 0)
                 for k, g in gradients.items()}
    return X, Y, parameters, gradients, penalised


def test_the_penalised_gradients_pass_and_the_plain_ones_are_flagged_in_W_only(capsys):
    X, Y, parameters, plain, penalised = _gradients(LAMBD)
    assert gc.gradient_check_n(parameters, penalised, X, Y, lambd=LAMBD) < 2e-7
    assert gc.gradient_check_n(parameters, plain, X, Y, lambd=LAMBD) > 1e-3
    assert gc.gradient_check_n(parameters, penalised, X, Y) > 1e-3     # lambd = 0: no penalty
    blocks = gc.gradient_check_blocks(parameters, plain, X, Y, lambd=LAMBD)
    assert all(blocks[k] > 1e-3 for k in ("W1", "W2", "W3"))
    assert all(blocks[k] < 2e-7 for k in ("b1", "b2", "b3"))
    assert capsys.readouterr().out == ""


def test_the_penalty_scales_with_lambd():
    # gradients penalised for lambd are wrong for 2 lambd: dW off by lambd / m * W, b right
    X, Y, parameters, _, penalised = _gradients(LAMBD)
    blocks = gc.gradient_check_blocks(parameters, penalised, X, Y, lambd=2 * LAMBD)
    assert all(blocks[k] > 1e-3 for k in ("W1", "W2", "W3"))
    assert all(blocks[k] < 2e-7 for k in ("b1", "b2", "b3"))


def test_dropout_is_refused():
    X, Y, parameters, plain, _ = _gradients(0)
    message = ("keep_prob: gradient checking needs dropout off (keep_prob=1), got 0.5: with dropout "
               "every evaluation of J drops other units, so the central differences do not "
               "approximate one gradient; check with keep_prob=1, then turn dropout back on")
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        gc.gradient_check_n(parameters, plain, X, Y, keep_prob=0.5)
    with pytest.raises(ValueError, match=re.escape("lambd: expected a finite number >= 0, got -1")):
        gc.gradient_check_blocks(parameters, plain, X, Y, lambd=-1)

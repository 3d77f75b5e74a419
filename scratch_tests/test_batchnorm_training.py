"""The batch-normalised network's training entry point and checks (scratch/batchnorm.py): the
course's defaults, the start it draws (He, seed 1, in X's dtype), what it prints, and its messages
in full. NumPy only."""

import inspect
import re

import numpy as np
import pytest

from scratch import batchnorm as bn
from scratch import deep

P = bn.initialize_parameters_bn([2, 3, 1], seed=0)
R = bn.initialize_running_stats(P)
X = np.random.RandomState(0).randn(2, 4)
Y = np.array([[1.0, 0.0, 1.0, 0.0]])
AL, CACHES, _ = bn.L_model_forward_bn(X, P, R)


def test_defaults_are_the_courses():
    defaults = {k: p.default for k, p in inspect.signature(bn.L_layer_model_bn).parameters.items()}
    assert (defaults["optimizer"], defaults["learning_rate"], defaults["mini_batch_size"],
            defaults["num_epochs"], defaults["print_cost"]) == ("adam", 0.0007, 64, 1000, False)
    assert (defaults["beta"], defaults["beta1"], defaults["beta2"], defaults["epsilon"]) == \
        (0.9, 0.9, 0.999, 1e-8)
    assert (defaults["scale"], defaults["seed"], defaults["activations"]) == ("he", 1, None)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_the_start_is_he_seed_1_in_X_dtype_with_gamma_1_and_beta_0(dtype):
    parameters, running, costs = bn.L_layer_model_bn(X.astype(dtype), Y, [2, 3, 1], num_epochs=0)
    W = deep.initialize_parameters_deep([2, 3, 1], "he", dtype, seed=1)
    assert costs == []
    for k in ("W1", "W2", "b2"):
        assert parameters[k].dtype == dtype and np.array_equal(parameters[k], W[k]), k
    assert parameters["gamma1"].dtype == dtype and parameters["beta1"].dtype == dtype
    np.testing.assert_array_equal(parameters["gamma1"], np.ones((3, 1)))
    np.testing.assert_array_equal(parameters["beta1"], np.zeros((3, 1)))
    assert all(v.dtype == dtype for v in running.values())


def test_initialize_parameters_bn_draws_deep_s_weights_in_the_dtype():
    parameters = bn.initialize_parameters_bn([2, 3, 1], "he", np.float32, seed=5)
    W = deep.initialize_parameters_deep([2, 3, 1], "he", np.float32, seed=5)
    assert all(parameters[k].dtype == np.float32 for k in parameters)
    assert np.array_equal(parameters["W1"], W["W1"]) and np.array_equal(parameters["W2"], W["W2"])


def test_print_cost(capsys):
    _, _, costs = bn.L_layer_model_bn(X, Y, None, "gd", 0.1, 64, 2, True, initial_parameters=P)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Cost after epoch 0: {float(costs[0])}"
    assert lines[1].startswith("Cost after epoch 1: ") and len(lines) == 2
    bn.L_layer_model_bn(X, Y, None, "gd", 0.1, 64, 2, initial_parameters=P)
    assert capsys.readouterr().out == ""


def test_progress_sees_epoch_0():
    seen = []
    _, _, costs = bn.L_layer_model_bn(X, Y, None, "gd", 0.1, 64, 2, initial_parameters=P,
                                      progress=lambda i, c: seen.append((i, c)))
    assert seen == [(0, costs[0])]


@pytest.mark.parametrize("call, error, message", [
    (lambda: bn.predict_bn(X[:1], P, R), ValueError,
     'X: expected 2 rows, got shape (1, 4)'),
    (lambda: bn.predict_bn(X.astype(np.float32), P, R), TypeError,
     'expected one float dtype for all arrays, got X: float32, W1: float64'),
    (lambda: bn.L_model_inference_bn(np.ones(2), P, R), ValueError,
     'X: expected a 2-D array, got shape (2,) (reshape to (2, 1) or (1, 2))'),
    (lambda: bn.L_model_backward_bn(AL[:, :3], Y, CACHES), ValueError,
     'AL: expected 4 columns, got shape (1, 3)'),
    (lambda: bn.L_model_backward_bn(AL.astype(np.float32), Y, CACHES), TypeError,
     'expected one float dtype for all arrays, got AL: float32, Z: float64'),
    (lambda: bn.L_model_backward_bn(AL, Y[:, :3], CACHES), ValueError,
     'Y: expected 4 columns, got shape (1, 3)'),
    (lambda: bn.L_layer_model_bn(X, Y, None), ValueError,
     'layers_dims: required when initial_parameters is not given'),
    (lambda: bn.L_layer_model_bn(np.ones(4), Y, [2, 3, 1]), ValueError,
     'X: expected a 2-D array, got shape (4,) (reshape to (4, 1) or (1, 4))'),
    (lambda: bn.L_layer_model_bn(X, Y[:, :3], [2, 3, 1]), ValueError,
     'Y: expected 4 columns, got shape (1, 3)'),
    (lambda: bn.L_layer_model_bn(X, Y, [2, 4, 1], initial_parameters=P), ValueError,
     "layers_dims: [2, 4, 1] does not match initial_parameters' layer sizes [2, 3, 1]"),
])
def test_messages_in_full(call, error, message):
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        call()


def test_inference_adds_the_output_bias():
    # running mean 0 and variance 1 (the start): Z~ = W1 X / sqrt(1 + eps), gamma 1, beta 0
    parameters = {**P, "b2": np.array([[0.7]])}
    A1 = np.maximum(P["W1"] @ X / np.sqrt(1 + 1e-3), 0)
    expected = 1 / (1 + np.exp(-(P["W2"] @ A1 + 0.7)))
    np.testing.assert_allclose(bn.L_model_inference_bn(X, parameters, R, epsilon=1e-3), expected,
                               rtol=1e-14)
    np.testing.assert_array_equal(bn.predict_bn(X, parameters, R, epsilon=1e-3), expected > 0.5)


def test_labels_follow_X_dtype():
    P32 = {k: v.astype(np.float32) for k, v in P.items()}
    parameters, _, costs = bn.L_layer_model_bn(X.astype(np.float32), Y.astype(bool), None, "gd",
                                               0.1, 64, 1, initial_parameters=P32)
    assert costs[0].dtype == np.float32 and all(v.dtype == np.float32 for v in parameters.values())
    AL32, caches32, _ = bn.L_model_forward_bn(X.astype(np.float32), P32,
                                              {k: v.astype(np.float32) for k, v in R.items()})
    grads = bn.L_model_backward_bn(AL32, Y.astype(bool), caches32)
    assert all(g.dtype == np.float32 for g in grads.values())

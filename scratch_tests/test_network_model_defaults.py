"""The defaults of the course-2 training functions built on scratch.minibatch (batch norm's
L_layer_model_bn, softmax's L_layer_model), of practical's train_with_early_stopping and of
minibatch.train itself, read by calling each WITHOUT the argument: the kernel the public function
hands its checked arguments to is replaced by a recorder, so the course's 1000 epochs are not run.
Course 2's `model`: Adam, learning rate 0.0007, mini-batches of 64, 1000 epochs here, beta 0.9,
beta1 0.9, beta2 0.999, epsilon 1e-8, print_cost off. Also batch norm's inference with the
activations and dtype it is given, and softmax's cost taken from the LAST layer's logits. NumPy
only."""

import re

import numpy as np
import pytest

from scratch import batchnorm, minibatch, practical, softmax

COURSE_2 = ("adam", 0.0007, 64, 1000, 0.9, 0.9, 0.999, 1e-8)


def _recording(monkeypatch, module, kernel, result=None):
    calls = []
    monkeypatch.setattr(module, kernel, lambda *args: calls.append(args) or result)
    return calls


def _binary(m=6, n_x=3, seed=0):
    rng = np.random.RandomState(seed)
    return rng.randn(n_x, m), (rng.rand(1, m) > 0.5).astype(np.float64)


def test_batch_norm_model_defaults(monkeypatch):
    X, Y = _binary()
    calls = _recording(monkeypatch, batchnorm, "_L_layer_model_bn")
    batchnorm.L_layer_model_bn(X, Y, [3, 4, 1])
    settings, print_cost = calls[0][5], calls[0][8]
    assert tuple(settings) == COURSE_2 and print_cost is False


def test_softmax_model_defaults(monkeypatch):
    X, _ = _binary()
    Y = np.eye(3)[:, [0, 1, 2, 0, 1, 2]]
    calls = _recording(monkeypatch, softmax, "_L_layer_model")
    softmax.L_layer_model(X, Y, [3, 4, 3])
    settings, print_cost = calls[0][4], calls[0][5]
    assert tuple(settings) == COURSE_2 and print_cost is False


def test_softmax_model_names_a_bad_progress():
    X, _ = _binary()
    Y = np.eye(3)[:, [0, 1, 2, 0, 1, 2]]
    message = "progress: expected None or a callable progress(i, cost), got 3"
    with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
        softmax.L_layer_model(X, Y, [3, 4, 3], num_epochs=1, progress=3)


def test_softmax_cost_is_the_last_layers():
    """Three layers (hidden widths 4 and 5, 3 classes): the epoch-0 cost of one full batch is the
    cross-entropy of the initial network's logits Z3, by hand."""
    X, _ = _binary()
    Y = np.eye(3)[:, [0, 1, 2, 0, 1, 2]]
    rng = np.random.RandomState(1)
    p = {"W1": rng.randn(4, 3), "b1": rng.randn(4, 1), "W2": rng.randn(5, 4),
         "b2": rng.randn(5, 1), "W3": rng.randn(3, 5), "b3": rng.randn(3, 1)}
    _, costs = softmax.L_layer_model(X, Y, None, "gd", 0.01, mini_batch_size=6, num_epochs=1,
                                     initial_parameters=p)
    A1 = np.maximum(p["W1"] @ X + p["b1"], 0)
    A2 = np.maximum(p["W2"] @ A1 + p["b2"], 0)
    Z3 = p["W3"] @ A2 + p["b3"]
    expected = np.mean(np.log(np.exp(Z3).sum(axis=0)) - (Y * Z3).sum(axis=0))
    assert float(costs[0]) == pytest.approx(expected, rel=1e-12)


def test_early_stopping_defaults(monkeypatch):
    """learning_rate 0.0075, 1000 epochs, patience 10, min_delta 0."""
    X, Y = _binary()
    calls = _recording(monkeypatch, practical, "_train_with_early_stopping")
    practical.train_with_early_stopping(X, Y, X, Y, [3, 4, 1])
    assert calls[0][5:9] == (0.0075, 1000, 10, 0.0)


def test_minibatch_train_prints_nothing_by_default(capsys):
    X, Y = _binary()
    p = {"W1": np.ones((1, 3))}

    def step(parameters, X_b, Y_b):
        return np.float64(1.0), {"dW1": np.zeros((1, 3))}

    minibatch.train(X, Y, p, step, "softmax", "gd", 3, 2, {"learning_rate": 0.1})
    assert capsys.readouterr().out == ""


# --- batch norm's inference: the activations and dtype it is given ---------------------------------
def _bn_network(dtype=np.float64):
    rng = np.random.RandomState(3)
    p = {"W1": rng.randn(4, 3), "gamma1": rng.rand(4, 1) + 0.5, "beta1": rng.randn(4, 1),
         "W2": rng.randn(1, 4), "b2": np.array([[-0.9]])}
    running = {"running_mean1": rng.randn(4, 1), "running_var1": rng.rand(4, 1) + 0.5}
    return {k: v.astype(dtype) for k, v in p.items()}, running


def _bn_inference(X, p, running, g):
    Z = p["W1"] @ X
    Z_tilde = p["gamma1"] * (Z - running["running_mean1"]) / np.sqrt(
        running["running_var1"] + 1e-8) + p["beta1"]
    return 1 / (1 + np.exp(-(p["W2"] @ g(Z_tilde) + p["b2"])))


def test_inference_uses_the_given_activations():
    X, _ = _binary(m=8, seed=4)
    p, running = _bn_network()
    expected = _bn_inference(X, p, running, np.tanh)
    relu = _bn_inference(X, p, running, lambda z: np.maximum(z, 0))
    assert not np.array_equal(expected > 0.5, relu > 0.5)     # tanh and relu predict differently
    np.testing.assert_allclose(batchnorm.L_model_inference_bn(X, p, running, ["tanh"]), expected,
                               rtol=1e-12)
    np.testing.assert_array_equal(batchnorm.predict_bn(X, p, running, ["tanh"]),
                                  (expected > 0.5).astype(np.float64))


def test_float32_inference_refuses_float64_running_statistics_and_predicts_in_float32():
    X, _ = _binary(m=8, seed=4)
    p, running = _bn_network(np.float32)
    X = X.astype(np.float32)
    message = ("running (layer 1): running_mean: expected dtype float32 (the dtype of Z), got "
               "float64")
    for function in (batchnorm.L_model_inference_bn, batchnorm.predict_bn):
        with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
            function(X, p, running)
    running = {k: v.astype(np.float32) for k, v in running.items()}
    assert batchnorm.L_model_inference_bn(X, p, running).dtype == np.float32
    assert batchnorm.predict_bn(X, p, running).dtype == np.float32

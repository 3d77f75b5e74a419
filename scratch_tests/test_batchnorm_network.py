"""scratch.batchnorm's batch-normalised L-layer network (NumPy only): the course's gradient check
of the whole backward pass (central differences, float64), the identities batch norm implies (the
hidden layers' b would get a zero gradient; each row of dW{l} is orthogonal to its row of W{l}),
the m = 1 and constant-unit edges (a stable result, decided and documented in scratch.batchnorm),
inference with the running statistics, training with every optimizer, and input errors."""

import numpy as np
import pytest
from gradcheck import THRESHOLD, numerical_gradient, relative_difference

from scratch import batchnorm, deep

SIZES = [3, 4, 3, 1]


def _network(seed=0, m=8, sizes=SIZES):
    rng = np.random.default_rng(seed)
    parameters = batchnorm.initialize_parameters_bn(sizes, seed=seed)
    for name in parameters:
        if name.startswith(("gamma", "beta")):
            parameters[name] = parameters[name] + 0.3 * rng.standard_normal(parameters[name].shape)
    X = rng.standard_normal((sizes[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    Y[0, :min(m, 2)] = [0.0, 1.0][:min(m, 2)]
    return X, Y, parameters, batchnorm.initialize_running_stats(parameters)


def _cost(X, Y, parameters, running, activations=None, epsilon=1e-3):
    AL, _, _ = batchnorm.L_model_forward_bn(X, parameters, running, activations, epsilon)
    return deep.compute_cost(AL, Y)


@pytest.mark.parametrize("activations", [None, ["tanh", "leaky_relu"], ["sigmoid", "relu"]])
def test_the_backward_pass_passes_the_course_gradient_check(activations):
    """Every gradient (dW{l}, dgamma{l}, dbeta{l}, db{L}) against central differences of J."""
    X, Y, parameters, running = _network(1)
    AL, caches, _ = batchnorm.L_model_forward_bn(X, parameters, running, activations, 1e-3)
    grads = batchnorm.L_model_backward_bn(AL, Y, caches, activations)
    assert sorted(k for k in grads if not k.startswith("dA")) == sorted(f"d{k}" for k in parameters)
    for name, value in parameters.items():
        def J(x, name=name):
            return _cost(X, Y, {**parameters, name: x}, running, activations)
        numeric = numerical_gradient(J, value)
        assert relative_difference(grads[f"d{name}"], numeric) < THRESHOLD, name
    numeric_dX = numerical_gradient(lambda x: _cost(x, Y, parameters, running, activations), X)
    assert relative_difference(grads["dA0"], X.shape[1] * numeric_dX) < THRESHOLD   # dA carries m


def test_batch_norm_makes_b_useless_and_dW_rows_nearly_orthogonal_to_W_rows():
    """A hidden b would get 1/m sum_i dZ_i = 0 (batch norm's dZ sums to 0 per unit): why the notes
    drop it. Scale invariance up to epsilon: scaling row j of W{l} by c scales var by c^2 but not
    epsilon, so sum_k dW_jk W_jk = O(epsilon / (var + epsilon)) relative (1e-8 here), and with one
    input dW1 is that small: a cancelled difference, not a gradient a relative bound can judge."""
    X, Y, parameters, running = _network(2)
    AL, caches, _ = batchnorm.L_model_forward_bn(X, parameters, running)
    grads = batchnorm.L_model_backward_bn(AL, Y, caches)
    for l in (1, 2):
        (_, W), bn_cache, Z_tilde = caches[l - 1]
        dZ, _, _ = batchnorm.batchnorm_backward(
            grads[f"dA{l}"] * (Z_tilde > 0), bn_cache)
        assert np.abs(dZ.sum(axis=1)).max() < 1e-14 * np.abs(dZ).max() * X.shape[1]
        row_dots = np.sum(grads[f"dW{l}"] * W, axis=1)
        scale = np.abs(grads[f"dW{l}"]).max() * np.abs(W).max()
        assert np.abs(row_dots).max() < 1e-6 * scale          # epsilon 1e-8, var >~ 0.01
        assert np.abs(row_dots).max() > 1e-12 * scale         # not 0: epsilon breaks invariance
    X1, Y1, p1, r1 = _network(3, sizes=[1, 4, 1])
    AL, caches, _ = batchnorm.L_model_forward_bn(X1, p1, r1)
    grads = batchnorm.L_model_backward_bn(AL, Y1, caches)
    assert np.abs(grads["dW1"]).max() < 1e-6 * np.abs(grads["dW2"]).max()


def test_m_equal_1_gives_beta_and_zero_hidden_gradients_not_an_error():
    X, Y, parameters, running = _network(4, m=1)
    AL, caches, updated = batchnorm.L_model_forward_bn(X, parameters, running)
    for l in (1, 2):
        np.testing.assert_array_equal(caches[l - 1][2], parameters[f"beta{l}"])
    AL_other, _, _ = batchnorm.L_model_forward_bn(-7 * X, parameters, running)
    np.testing.assert_array_equal(AL, AL_other)                       # the output ignores X
    grads = batchnorm.L_model_backward_bn(AL, Y, caches)
    for l in (1, 2):
        np.testing.assert_array_equal(grads[f"dW{l}"], 0.0)
        np.testing.assert_array_equal(grads[f"dgamma{l}"], 0.0)
    assert np.abs(grads["dbeta2"]).max() > 0
    # the running variance moves towards 0: momentum 0.9 from 1 with var 0
    np.testing.assert_array_equal(updated["running_var1"], np.full((4, 1), 0.9))


def test_a_constant_unit_gives_beta_and_finite_gradients_amplified_by_one_over_root_epsilon():
    """var = 0: Z_tilde = beta; the unit's Jacobian is gamma (I - 1/m) / sqrt(epsilon), so its dZ
    is gamma (g - mean g) / sqrt(epsilon): finite, 1e4 times g at epsilon 1e-8."""
    X, Y, parameters, running = _network(5)
    parameters["W1"][1] = 0.0                                           # unit 2: Z = 0, var = 0
    AL, caches, _ = batchnorm.L_model_forward_bn(X, parameters, running)
    np.testing.assert_array_equal(caches[0][2][1], np.full(X.shape[1], parameters["beta1"][1, 0]))
    grads = batchnorm.L_model_backward_bn(AL, Y, caches)
    assert all(np.isfinite(g).all() for g in grads.values())
    g = grads["dA1"][1] * (caches[0][2][1] > 0)
    dZ = parameters["gamma1"][1, 0] * (g - g.mean()) / np.sqrt(1e-8)
    np.testing.assert_allclose(grads["dW1"][1], dZ @ X.T / X.shape[1], rtol=1e-12)


def test_inference_uses_the_running_statistics():
    """With running statistics equal to the batch's own, inference is the training-mode output."""
    X, _, parameters, running = _network(6)
    AL, caches, _ = batchnorm.L_model_forward_bn(X, parameters, running, epsilon=1e-3)
    for l in (1, 2):
        mu, var = batchnorm.batch_statistics(caches[l - 1][1][0])
        running[f"running_mean{l}"], running[f"running_var{l}"] = mu, var
    inference = batchnorm.L_model_inference_bn(X, parameters, running, epsilon=1e-3)
    assert np.abs(inference - AL).max() < 1e-14
    np.testing.assert_array_equal(batchnorm.predict_bn(X, parameters, running, epsilon=1e-3),
                                  (inference > 0.5).astype(np.float64))


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "rmsprop", "adam"])
def test_training_lowers_the_cost_with_every_optimizer(optimizer):
    X, Y, parameters, _ = _network(7, m=150)
    Y = (X[0:1] + X[1:2] > 0).astype(np.float64)
    rates = {"gd": 0.1, "momentum": 0.1, "rmsprop": 0.01, "adam": 0.01}
    calls = []
    trained, running, costs = batchnorm.L_layer_model_bn(
        X, Y, None, optimizer, rates[optimizer], 64, 201, initial_parameters=parameters,
        progress=lambda i, cost: calls.append(i))
    assert calls == [0, 100, 200] and len(costs) == 3
    assert float(costs[-1]) < 0.5 * float(costs[0])
    assert sorted(trained) == sorted(parameters) and sorted(running) == [
        "running_mean1", "running_mean2", "running_var1", "running_var2"]
    accuracy = np.mean(batchnorm.predict_bn(X, trained, running) == Y)
    assert accuracy > 0.9


def test_bad_inputs_are_refused_by_name():
    X, Y, parameters, running = _network(8)
    with pytest.raises(KeyError, match=r"b1 in a batch-normalised hidden layer"):
        batchnorm.L_model_forward_bn(X, {**parameters, "b1": np.zeros((4, 1))}, running)
    with pytest.raises(KeyError, match=r"running: expected .* missing \['running_var2'\]"):
        batchnorm.L_model_forward_bn(X, parameters, {k: v for k, v in running.items()
                                                     if k != "running_var2"})
    with pytest.raises(ValueError, match=r"optimizer: expected one of"):
        batchnorm.L_layer_model_bn(X, Y, SIZES, "sgd")
    with pytest.raises(ValueError, match=r"momentum: expected a number in \[0, 1\)"):
        batchnorm.L_model_forward_bn(X, parameters, running, momentum=1.0)
    with pytest.raises(ValueError, match=r"layers_dims: \[3, 5, 1\] does not match"):
        batchnorm.L_layer_model_bn(X, Y, [3, 5, 1], initial_parameters=parameters)

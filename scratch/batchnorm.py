"""Batch normalisation (course 2, week 3), NumPy twin.

Shapes (examples in columns, as everywhere in the course): Z: (n, m) the pre-activations of n
units over a mini-batch of m examples; gamma, beta, mu, var, running_mean, running_var: (n, 1).

Training mode, per unit (row) over the mini-batch (the columns):
    mu      = 1/m sum_i Z[:, i]
    var     = 1/m sum_i (Z[:, i] - mu)^2               (biased: 1/m, not 1/(m - 1))
    Z_norm  = (Z - mu) / sqrt(var + epsilon)            (epsilon INSIDE the root)
    Z_tilde = gamma * Z_norm + beta

Backward, derived by hand. Write s = sqrt(var + epsilon) and g = dZ_tilde, the gradient of some
scalar loss with respect to Z_tilde (the function is a vector-Jacobian product: no 1/m is added;
whatever scaling g carries, dZ, dgamma and dbeta carry too). Per unit:
    dbeta  = sum_i g_i                                   (sum over the examples)
    dgamma = sum_i g_i * Z_norm_i
    dZ_norm_i = gamma * g_i
  Z_norm_k depends on Z_i directly, through mu and through var:
    dZ_norm_k/dZ_i = (delta_ki - 1/m) / s - Z_norm_k Z_norm_i / (m s)
  (d mu/dZ_i = 1/m, d var/dZ_i = 2/m (Z_i - mu), d s/dZ_i = Z_norm_i / m), so
    dZ_i = sum_k dZ_norm_k dZ_norm_k/dZ_i
         = 1/(m s) * (m dZ_norm_i - sum_k dZ_norm_k - Z_norm_i sum_k dZ_norm_k Z_norm_k).
  Two consequences the tests use: sum_i dZ_i = 0 and sum_i dZ_i Z_norm_i = 0 per unit; and at
  m = 1, Z_norm = 0 and dZ = 0 exactly (the output is beta whatever Z is).

Running statistics, exponentially weighted averages with momentum = the weight of the OLD value:
    running_mean = momentum * running_mean + (1 - momentum) * mu
    running_var  = momentum * running_var  + (1 - momentum) * var      (the biased var above)
Inference: Z_tilde = gamma * (Z - running_mean) / sqrt(running_var + epsilon) + beta.

Numerical notes: var is computed in two passes (the mean of squared deviations), so a nearly
constant unit gives var ~ (ulp of Z)^2, not the cancelled E[Z^2] - E[Z]^2 that can come out
negative; epsilon > 0 is required (a constant unit has var = 0) and keeps Z_norm of such a unit at
~ulp(Z) / sqrt(epsilon), i.e. Z_tilde ~ beta.

The cache is (Z, gamma, beta, epsilon): batchnorm_backward recomputes mu, var and Z_norm from it,
so a cache holds nothing that could disagree with itself. Every public `f` checks its inputs
(conventions.validation) and delegates to the kernel `_f`; kernels call kernels through this
module's globals, so a wrong variant replaces one by setting the module attribute.
"""

import numpy as np

from conventions.batchnorm_checks import (
    check_batchnorm_cache,
    check_batchnorm_inputs,
    check_epsilon,
    check_momentum,
    check_running_stats,
    check_unit_vector,
)
from conventions.network_training_checks import (
    check_bn_caches,
    check_bn_parameters,
    check_bn_running,
    check_hidden_activations,
    check_mini_batch_training,
)
from conventions.validation import (
    check_float_dtype,
    check_init_scale,
    check_labels,
    check_layer_dims,
    check_matrix,
    check_same_dtype,
)
from conventions.vocabulary import BATCHNORM_EPSILON, BATCHNORM_MOMENTUM, DEEP_SEED, INIT_SCALES
from scratch import activations as _activations
from scratch import deep, minibatch


def batch_statistics(Z):
    """Per-unit mean and biased variance over the examples: (mu, var), each (n, 1)."""
    return _batch_statistics(check_matrix("Z", Z))


def _batch_statistics(Z):
    mu = np.mean(Z, axis=1, keepdims=True)
    var = np.mean((Z - mu) ** 2, axis=1, keepdims=True)
    return mu, var


def _normalize(Z, mu, var, epsilon):
    return (Z - mu) / np.sqrt(var + epsilon)


def batchnorm_forward(Z, gamma, beta, epsilon=BATCHNORM_EPSILON):
    """Training-mode batch norm: Z_tilde = gamma * (Z - mu) / sqrt(var + epsilon) + beta with the
    mini-batch's own mu, var. Z: (n, m), gamma, beta: (n, 1). Returns (Z_tilde: (n, m), cache)
    with cache = (Z, gamma, beta, epsilon)."""
    Z, gamma, beta = check_batchnorm_inputs(Z, gamma, beta)
    return _batchnorm_forward(Z, gamma, beta, check_epsilon(epsilon))


def _batchnorm_forward(Z, gamma, beta, epsilon):
    mu, var = _batch_statistics(Z)
    Z_tilde = gamma * _normalize(Z, mu, var, epsilon) + beta
    return Z_tilde, (Z, gamma, beta, epsilon)


def batchnorm_backward(dZ_tilde, cache):
    """The hand-derived backward pass (module docstring). dZ_tilde: (n, m), cache from
    batchnorm_forward. Returns (dZ: (n, m), dgamma: (n, 1), dbeta: (n, 1))."""
    Z, gamma, beta, epsilon = check_batchnorm_cache(cache)
    dZ_tilde = check_matrix("dZ_tilde", dZ_tilde, *Z.shape)
    check_same_dtype(dZ_tilde=dZ_tilde, Z=Z)
    return _batchnorm_backward(dZ_tilde, (Z, gamma, beta, epsilon))


def _batchnorm_backward(dZ_tilde, cache):
    Z, gamma, _, epsilon = cache
    m = Z.shape[1]
    mu, var = _batch_statistics(Z)
    s = np.sqrt(var + epsilon)
    Z_norm = _normalize(Z, mu, var, epsilon)
    dbeta = np.sum(dZ_tilde, axis=1, keepdims=True)
    dgamma = np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True)
    dZ_norm = gamma * dZ_tilde
    dZ = (m * dZ_norm - np.sum(dZ_norm, axis=1, keepdims=True)
          - Z_norm * np.sum(dZ_norm * Z_norm, axis=1, keepdims=True)) / (m * s)
    return dZ, dgamma, dbeta


def update_running_stats(running_mean, running_var, mu, var, momentum=BATCHNORM_MOMENTUM):
    """One exponentially weighted step: running = momentum * running + (1 - momentum) * batch,
    for the mean and the (biased) variance. All (n, 1). Returns (running_mean, running_var)."""
    mu = check_matrix("mu", mu, cols=1)
    running_mean, running_var = check_running_stats(running_mean, running_var, mu.shape[0],
                                                    mu.dtype)
    var = check_unit_vector("var", var, mu.shape[0], mu.dtype)
    if (var < 0).any():
        raise ValueError(f"var: expected non-negative variances, got {float(var.min())!r}")
    return _update_running_stats(running_mean, running_var, mu, var, check_momentum(momentum))


def _update_running_stats(running_mean, running_var, mu, var, momentum):
    return (momentum * running_mean + (1 - momentum) * mu,
            momentum * running_var + (1 - momentum) * var)


def batchnorm_inference(Z, gamma, beta, running_mean, running_var, epsilon=BATCHNORM_EPSILON):
    """Inference-mode batch norm with the running statistics in place of the batch's:
    Z_tilde = gamma * (Z - running_mean) / sqrt(running_var + epsilon) + beta. Z: (n, m)."""
    Z, gamma, beta = check_batchnorm_inputs(Z, gamma, beta)
    running_mean, running_var = check_running_stats(running_mean, running_var, Z.shape[0], Z.dtype)
    return _batchnorm_inference(Z, gamma, beta, running_mean, running_var, check_epsilon(epsilon))


def _batchnorm_inference(Z, gamma, beta, running_mean, running_var, epsilon):
    return gamma * _normalize(Z, running_mean, running_var, epsilon) + beta


# --- the L-layer network with batch norm before each hidden activation ---------------------------
# Layer l < L:  Z{l} = W{l} A{l-1}  (no b: the batch mean would subtract it; beta{l} shifts),
#               Z_tilde{l} = batch norm of Z{l} (training: the mini-batch's mu, var; inference:
#               the running statistics), A{l} = g{l}(Z_tilde{l});
# layer L:      Z{L} = W{L} A{L-1} + b{L}, AL = sigmoid(Z{L})  (plain linear with b into the
#               sigmoid, binary labels; cost J = -1/m sum(Y log AL + (1 - Y) log(1 - AL))).
# Backward (the course's convention: dA, dZ carry the factor m, dW... are dJ/d.):
#   dZ{L} = AL - Y through scratch.deep's output kernels; for l < L:
#   dZ_tilde = dA{l} * g'(Z_tilde{l}); (dZ, dgamma_sum, dbeta_sum) = batchnorm_backward (a VJP);
#   dW{l} = 1/m dZ A{l-1}.T, dgamma{l} = 1/m dgamma_sum, dbeta{l} = 1/m dbeta_sum,
#   dA{l-1} = W{l}.T dZ.
# Scale invariance up to epsilon: scaling row j of W{l} by c scales var by c^2 but not epsilon, so
# each row of dW{l} is orthogonal to that row of W{l} up to O(epsilon / (var + epsilon)) relative;
# with one input (n_{l-1} = 1), dW{l} is that small, a cancelled difference (1e-8 of its scale).
# Hidden caches ((A_prev, W), (Z, gamma, beta, epsilon), Z_tilde); the output cache is deep's
# ((A_prev, W, b), Z). The running statistics are updated in the training-mode forward pass, from
# the same batch statistics it normalises with (as Keras's BatchNormalization does).
#
# Edges (decided, tested in both twins): m = 1 in training mode gives a stable result, not an
# error: var = 0, Z_norm = 0, Z_tilde = beta exactly, so the output ignores the input and every
# hidden dW{l} = 0, dgamma = 0 (while dbeta is not); the running variance moves towards 0. A
# course mini-batch loop meets m = 1 only as a last partial mini-batch (m % size == 1). A constant
# unit (sigma^2 = 0: a zero row of W, a dead unit) is the same per unit: Z_tilde = beta, finite,
# its dZ = gamma (g - mean g) / sqrt(epsilon) finite but amplified (1e4 at epsilon 1e-8).


def initialize_parameters_bn(layer_dims, scale="he", dtype=np.float64, seed=None):
    """W{l} drawn as scratch.deep.initialize_parameters_deep draws them (same stream, same scale
    rule), gamma{l} ones and beta{l} zeros (n_l, 1) for the hidden layers (no b{l}), b{L} zeros."""
    sizes = check_layer_dims(layer_dims)
    check_init_scale(scale, INIT_SCALES)
    return _initialize_parameters_bn(sizes, scale, check_float_dtype(dtype), seed)


def _initialize_parameters_bn(sizes, scale, dtype, seed):
    deep_parameters = deep._initialize_parameters_deep(sizes, scale, dtype, seed)
    L = len(sizes) - 1
    parameters = {}
    for l in range(1, L):
        parameters[f"W{l}"] = deep_parameters[f"W{l}"]
        parameters[f"gamma{l}"] = np.ones((sizes[l], 1), dtype)
        parameters[f"beta{l}"] = np.zeros((sizes[l], 1), dtype)
    parameters[f"W{L}"], parameters[f"b{L}"] = deep_parameters[f"W{L}"], deep_parameters[f"b{L}"]
    return parameters


def initialize_running_stats(parameters):
    """running_mean{l} zeros, running_var{l} ones (n_l, 1) for every hidden layer (Keras's start)."""
    parameters, _ = check_bn_parameters(parameters)
    return _initialize_running_stats(parameters)


def _initialize_running_stats(parameters):
    running = {}
    for name, gamma in parameters.items():
        if name.startswith("gamma"):
            running[f"running_mean{name[5:]}"] = np.zeros_like(gamma)
            running[f"running_var{name[5:]}"] = np.ones_like(gamma)
    return running


def _check_bn_network(X, parameters, running, activations):
    parameters, sizes = check_bn_parameters(parameters)
    X = check_matrix("X", X, rows=sizes[0])
    check_same_dtype(X=X, W1=parameters["W1"])
    running = check_bn_running(running, sizes, X.dtype)
    return X, parameters, running, check_hidden_activations(activations, len(sizes) - 1)


def L_model_forward_bn(X, parameters, running, activations=None, epsilon=BATCHNORM_EPSILON,
                       momentum=BATCHNORM_MOMENTUM):
    """Training mode: [LINEAR (no b) -> BATCH NORM -> g] x (L - 1) -> LINEAR -> SIGMOID, each
    batch norm with the mini-batch's statistics. X: (n_0, m); activations: the L - 1 hidden ones
    (default relu). Returns (AL: (1, m), caches, running) with running updated by one
    exponentially weighted step (momentum: the weight of the old value)."""
    X, parameters, running, activations = _check_bn_network(X, parameters, running, activations)
    return _L_model_forward_bn(X, parameters, running, activations, check_epsilon(epsilon),
                               check_momentum(momentum))


def _L_model_forward_bn(X, parameters, running, activations, epsilon, momentum):
    caches, updated, A = [], {}, X
    for l, activation in enumerate(activations, start=1):
        W = parameters[f"W{l}"]
        Z = W @ A
        Z_tilde, bn_cache = _batchnorm_forward(Z, parameters[f"gamma{l}"], parameters[f"beta{l}"],
                                               epsilon)
        mu, var = _batch_statistics(Z)
        updated[f"running_mean{l}"], updated[f"running_var{l}"] = _update_running_stats(
            running[f"running_mean{l}"], running[f"running_var{l}"], mu, var, momentum)
        caches.append(((A, W), bn_cache, Z_tilde))
        A = _activations.FORWARD[activation](Z_tilde)
    L = len(activations) + 1
    AL, cache = deep._linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"],
                                                "sigmoid")
    caches.append(cache)
    return AL, caches, updated


def L_model_backward_bn(AL, Y, caches, activations=None):
    """grads from dAL = -(Y / AL - (1 - Y) / (1 - AL)) down to layer 1 (the block comment above):
    "dA{l-1}", "dW{l}", "db{L}", "dgamma{l}", "dbeta{l}" (dW, db, dgamma, dbeta: gradients of J).
    caches from L_model_forward_bn; AL: (1, m), Y: (1, m) labels in {0, 1}."""
    caches = check_bn_caches(caches)
    activations = check_hidden_activations(activations, len(caches))
    Z_L = caches[-1][1]
    AL = check_matrix("AL", AL, *Z_L.shape)
    check_same_dtype(AL=AL, Z=Z_L)
    Y = check_labels("Y", Y, m=AL.shape[1]).astype(
        AL.dtype,
        copy=False,  # pragma: no mutate - copy=True or None: the same values, one more copy
    )
    return _L_model_backward_bn(AL, Y, caches, activations)


def _L_model_backward_bn(AL, Y, caches, activations):
    L = len(caches)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    dA, dW, db = deep._linear_activation_backward(dAL, caches[-1], "sigmoid")
    grads = {f"dA{L - 1}": dA, f"dW{L}": dW, f"db{L}": db}
    for l in reversed(range(1, L)):
        (A_prev, W), bn_cache, Z_tilde = caches[l - 1]
        m = A_prev.shape[1]
        dZ_tilde = _activations.BACKWARD[activations[l - 1]](dA, Z_tilde)
        dZ, dgamma, dbeta = _batchnorm_backward(dZ_tilde, bn_cache)
        dA = W.T @ dZ
        grads.update({f"dA{l - 1}": dA, f"dW{l}": 1 / m * (dZ @ A_prev.T),
                      f"dgamma{l}": 1 / m * dgamma, f"dbeta{l}": 1 / m * dbeta})
    return grads


def L_model_inference_bn(X, parameters, running, activations=None, epsilon=BATCHNORM_EPSILON):
    """Inference mode: each hidden batch norm with the running statistics. Returns AL: (1, m)."""
    X, parameters, running, activations = _check_bn_network(X, parameters, running, activations)
    return _L_model_inference_bn(X, parameters, running, activations, check_epsilon(epsilon))


def _L_model_inference_bn(X, parameters, running, activations, epsilon):
    A = X
    for l, activation in enumerate(activations, start=1):
        Z_tilde = _batchnorm_inference(parameters[f"W{l}"] @ A, parameters[f"gamma{l}"],
                                       parameters[f"beta{l}"], running[f"running_mean{l}"],
                                       running[f"running_var{l}"], epsilon)
        A = _activations.FORWARD[activation](Z_tilde)
    L = len(activations) + 1
    return _activations.FORWARD["sigmoid"](parameters[f"W{L}"] @ A + parameters[f"b{L}"])


def predict_bn(X, parameters, running, activations=None, epsilon=BATCHNORM_EPSILON):
    """p: (1, m) of 0.0/1.0 in X's dtype, 1 where the inference-mode AL > 0.5."""
    X, parameters, running, activations = _check_bn_network(X, parameters, running, activations)
    return _predict_bn(X, parameters, running, activations, check_epsilon(epsilon))


def _predict_bn(X, parameters, running, activations, epsilon):
    return (_L_model_inference_bn(X, parameters, running, activations, epsilon) > 0.5).astype(
        X.dtype)


def L_layer_model_bn(X, Y, layers_dims, optimizer="adam", learning_rate=0.0007,
                     mini_batch_size=64, num_epochs=1000, print_cost=False, *, beta=0.9,
                     beta1=0.9, beta2=0.999, epsilon=1e-8, bn_epsilon=BATCHNORM_EPSILON,
                     bn_momentum=BATCHNORM_MOMENTUM, initial_parameters=None, activations=None,
                     scale="he", seed=DEEP_SEED, progress=None):
    """Mini-batch training of the batch-normalised network (scratch.minibatch's loop: seed 10 + 1
    per epoch, the optimizer's update of every W, gamma, beta, b). Returns (parameters, running,
    costs): running statistics from zeros and ones, updated in every training-mode forward pass;
    costs every 100 epochs (the epoch's mean mini-batch cost). Defaults: course 2's `model`
    (Adam, lr 0.0007, mini-batches of 64); optimizer "gd", "momentum" (beta), "rmsprop" (beta,
    epsilon) or "adam" (beta1, beta2, epsilon). initial_parameters: start from these (copied);
    default initialize_parameters_bn(layers_dims, scale, X.dtype, seed)."""
    X = check_matrix("X", X)
    Y = check_labels("Y", Y, m=X.shape[1]).astype(
        X.dtype,
        copy=False,  # pragma: no mutate - copy=True or None: the same values, one more copy
    )
    settings = check_mini_batch_training(optimizer, learning_rate, mini_batch_size, num_epochs,
                                         beta, beta1, beta2, epsilon, progress)
    if initial_parameters is None:
        if layers_dims is None:
            raise ValueError("layers_dims: required when initial_parameters is not given")
        initial_parameters = initialize_parameters_bn(layers_dims, scale, X.dtype, seed)
    parameters, sizes = check_bn_parameters(initial_parameters)
    if layers_dims is not None and list(layers_dims) != sizes:
        raise ValueError(f"layers_dims: {list(layers_dims)} does not match initial_parameters' "
                         f"layer sizes {sizes}")
    X, parameters, running, activations = _check_bn_network(
        X, parameters, _initialize_running_stats(parameters), activations)
    return _L_layer_model_bn(X, Y, {k: v.copy() for k, v in parameters.items()}, running,
                             activations, settings, check_epsilon(bn_epsilon),
                             check_momentum(bn_momentum), print_cost, progress)


def _L_layer_model_bn(X, Y, parameters, running, activations, settings, bn_epsilon, bn_momentum,
                      print_cost, progress):
    optimizer, learning_rate, size, epochs, beta, beta1, beta2, epsilon = settings
    state = {"running": running}

    def step(parameters, X_b, Y_b):
        AL, caches, state["running"] = _L_model_forward_bn(X_b, parameters, state["running"],
                                                           activations, bn_epsilon, bn_momentum)
        cost = deep._compute_cost(AL, Y_b)
        grads = _L_model_backward_bn(AL, Y_b, caches, activations)
        return cost, {f"d{k}": grads[f"d{k}"] for k in parameters}     # the dA's left out

    parameters, costs = minibatch.train(
        X, Y, parameters, step, "batchnorm", optimizer, size, epochs,
        {"learning_rate": learning_rate, "beta": beta, "beta1": beta1, "beta2": beta2,
         "epsilon": epsilon}, print_cost, progress)
    return parameters, state["running"], costs

"""Batch normalisation (course 2, week 3), TensorFlow twin.

Same names, signatures, shapes and cache as `scratch.batchnorm` (Z: (n, m) examples in columns;
gamma, beta, mu, var, running statistics: (n, 1); cache = (Z, gamma, beta, epsilon)):
    batch_statistics      tf.nn.moments over the examples (axis 1): the mean and the mean of
                          squared deviations (biased variance)
    batchnorm_forward     Z_tilde = gamma * (Z - mu) / sqrt(var + epsilon) + beta, TF ops
    batchnorm_backward    a tf.GradientTape vector-Jacobian product of batchnorm_forward at the
                          cached (Z, gamma, beta) with output gradient dZ_tilde -- never the hand
                          formulas -- giving (dZ, dgamma, dbeta)
    update_running_stats  momentum * running + (1 - momentum) * batch, TF ops
    batchnorm_inference   the forward formula with the running statistics

Keras's own layer (`keras.layers.BatchNormalization`, examples in rows) is configured to compute
these in `tfimpl.keras_mapping.course_batch_normalization`.

Every public `f` checks its arguments with conventions.validation (NumPy side; errors name the
argument) and hands tensors to its kernel `_f`.
"""

import numpy as np
import tensorflow as tf

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
from conventions.vocabulary import (
    BATCHNORM_EPSILON,
    BATCHNORM_MOMENTUM,
    DEEP_SEED,
    INIT_SCALES,
)
from tfimpl import activations as _activations
from tfimpl import deep, keras_mapping, losses, minibatch


def _tensor(given, checked):
    """`given` itself when it already is a tensor of the checked array's dtype, else a constant."""
    if isinstance(given, tf.Tensor) and given.dtype.as_numpy_dtype == checked.dtype:
        return given
    return tf.constant(checked)


def _tensors(given, checked):
    return tuple(_tensor(g, c) for g, c in zip(given, checked))


def batch_statistics(Z):
    """Per-unit mean and biased variance over the examples: (mu, var), each (n, 1)."""
    return _batch_statistics(_tensor(Z, check_matrix("Z", Z)))


def _batch_statistics(Z):
    return tf.nn.moments(Z, axes=[1], keepdims=True)


def _normalize(Z, mu, var, epsilon):
    return (Z - mu) / tf.sqrt(var + epsilon)


def batchnorm_forward(Z, gamma, beta, epsilon=BATCHNORM_EPSILON):
    """Training-mode batch norm with the mini-batch's own statistics. Returns (Z_tilde, cache),
    cache = (Z, gamma, beta, epsilon)."""
    checked = check_batchnorm_inputs(Z, gamma, beta)
    return _batchnorm_forward(*_tensors((Z, gamma, beta), checked), check_epsilon(epsilon))


def _batchnorm_forward(Z, gamma, beta, epsilon):
    mu, var = _batch_statistics(Z)
    Z_tilde = gamma * _normalize(Z, mu, var, epsilon) + beta
    return Z_tilde, (Z, gamma, beta, epsilon)


def batchnorm_backward(dZ_tilde, cache):
    """(dZ, dgamma, dbeta): the tape's VJP of batchnorm_forward at the cache, output gradient
    dZ_tilde (n, m)."""
    Z, gamma, beta, epsilon = check_batchnorm_cache(cache)
    checked_dZ = check_matrix("dZ_tilde", dZ_tilde, *Z.shape)
    check_same_dtype(dZ_tilde=checked_dZ, Z=Z)
    tensors = _tensors(cache[:3], (Z, gamma, beta))
    return _batchnorm_backward(_tensor(dZ_tilde, checked_dZ), (*tensors, epsilon))


def _batchnorm_backward(dZ_tilde, cache):
    Z, gamma, beta, epsilon = cache
    with tf.GradientTape() as tape:
        tape.watch([Z, gamma, beta])
        Z_tilde, _ = _batchnorm_forward(Z, gamma, beta, epsilon)
    dZ, dgamma, dbeta = tape.gradient(Z_tilde, [Z, gamma, beta], output_gradients=dZ_tilde)
    return dZ, dgamma, dbeta


def update_running_stats(running_mean, running_var, mu, var, momentum=BATCHNORM_MOMENTUM):
    """running = momentum * running + (1 - momentum) * batch for the mean and the variance."""
    checked_mu = check_matrix("mu", mu, cols=1)
    n, dtype = checked_mu.shape[0], checked_mu.dtype
    checked_stats = check_running_stats(running_mean, running_var, n, dtype)
    checked_var = check_unit_vector("var", var, n, dtype)
    if (checked_var < 0).any():
        raise ValueError(f"var: expected non-negative variances, got {float(checked_var.min())!r}")
    tensors = _tensors((running_mean, running_var, mu, var), (*checked_stats, checked_mu,
                                                              checked_var))
    return _update_running_stats(*tensors, check_momentum(momentum))


def _update_running_stats(running_mean, running_var, mu, var, momentum):
    return (momentum * running_mean + (1 - momentum) * mu,
            momentum * running_var + (1 - momentum) * var)


def batchnorm_inference(Z, gamma, beta, running_mean, running_var, epsilon=BATCHNORM_EPSILON):
    """Inference-mode batch norm with the running statistics in place of the batch's."""
    checked = check_batchnorm_inputs(Z, gamma, beta)
    stats = check_running_stats(running_mean, running_var, checked[0].shape[0], checked[0].dtype)
    tensors = _tensors((Z, gamma, beta, running_mean, running_var), (*checked, *stats))
    return _batchnorm_inference(*tensors, check_epsilon(epsilon))


def _batchnorm_inference(Z, gamma, beta, running_mean, running_var, epsilon):
    return gamma * _normalize(Z, running_mean, running_var, epsilon) + beta



# --- the L-layer network with batch norm before each hidden activation ---------------------------
# As scratch.batchnorm's (same parameters, caches, grads and running statistics), with TF ops for
# every forward step, tape VJPs for every backward step (the activation's at the cached Z_tilde,
# batchnorm_backward's at the cached (Z, gamma, beta), the linear step's at (A_prev, W)), and the
# trainer a tf.GradientTape over the whole network with a Keras optimizer
# (keras_mapping.course_optimizer) updating W, gamma, beta and b. m = 1 and constant units: the
# stable result of scratch.batchnorm (Z_tilde = beta), by the same formulas.
def _as_tensors(given, checked):
    return {k: _tensor(given[k], v) for k, v in checked.items()}


def initialize_parameters_bn(layer_dims, scale="he", dtype=tf.float64, seed=None):
    """W{l} as tfimpl.deep.initialize_parameters_deep draws them (NumPy's stream, TF's scaling),
    gamma{l} ones and beta{l} zeros for the hidden layers (no b{l}), b{L} zeros (tensors)."""
    sizes = check_layer_dims(layer_dims)
    check_init_scale(scale, INIT_SCALES)
    return _initialize_parameters_bn(sizes, scale, tf.as_dtype(check_float_dtype(dtype)), seed)


def _initialize_parameters_bn(sizes, scale, dtype, seed):
    drawn = deep._initialize_parameters_deep(sizes, scale, dtype, seed)
    L = len(sizes) - 1
    parameters = {}
    for l in range(1, L):
        parameters[f"W{l}"] = drawn[f"W{l}"]
        parameters[f"gamma{l}"] = tf.ones((sizes[l], 1), dtype)
        parameters[f"beta{l}"] = tf.zeros((sizes[l], 1), dtype)
    parameters[f"W{L}"], parameters[f"b{L}"] = drawn[f"W{L}"], drawn[f"b{L}"]
    return parameters


def initialize_running_stats(parameters):
    """running_mean{l} zeros, running_var{l} ones (n_l, 1) for every hidden layer (tensors)."""
    checked, _ = check_bn_parameters(parameters)
    return _initialize_running_stats(checked)


def _initialize_running_stats(parameters):
    running = {}
    for name, gamma in parameters.items():
        if name.startswith("gamma"):
            dtype = tf.as_dtype(gamma.dtype)
            running[f"running_mean{name[5:]}"] = tf.zeros(gamma.shape, dtype)
            running[f"running_var{name[5:]}"] = tf.ones(gamma.shape, dtype)
    return running


def _check_bn_network(X, parameters, running, activations):
    checked, sizes = check_bn_parameters(parameters)
    X_checked = check_matrix("X", X, rows=sizes[0])
    check_same_dtype(X=X_checked, W1=checked["W1"])
    running_checked = check_bn_running(running, sizes, X_checked.dtype)
    return (_tensor(X, X_checked), _as_tensors(parameters, checked),
            _as_tensors(running, running_checked),
            check_hidden_activations(activations, len(sizes) - 1))


def L_model_forward_bn(X, parameters, running, activations=None, epsilon=BATCHNORM_EPSILON,
                       momentum=BATCHNORM_MOMENTUM):
    """Training mode with TF ops. Returns (AL, caches, running), as scratch's."""
    X, parameters, running, activations = _check_bn_network(X, parameters, running, activations)
    return _L_model_forward_bn(X, parameters, running, activations, check_epsilon(epsilon),
                               check_momentum(momentum))


def _L_model_forward_bn(X, parameters, running, activations, epsilon, momentum):
    caches, updated, A = [], {}, X
    for l, activation in enumerate(activations, start=1):
        W = parameters[f"W{l}"]
        Z = tf.matmul(W, A)
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
    """grads as scratch's, every step a tape VJP at the cached values (block comment above)."""
    checked = check_bn_caches(caches)
    activations = check_hidden_activations(activations, len(checked))
    Z_L = checked[-1][1]
    AL_checked = check_matrix("AL", AL, *Z_L.shape)
    check_same_dtype(AL=AL_checked, Z=Z_L)
    Y = tf.constant(check_labels("Y", Y, m=AL_checked.shape[1]), dtype=Z_L.dtype)
    tensors = [(((_tensor(c[0][0], k[0][0]), _tensor(c[0][1], k[0][1])),
                 (*(_tensor(g, h) for g, h in zip(c[1][:3], k[1][:3])), k[1][3]),
                 _tensor(c[2], k[2])) if len(k) == 3 else
                (tuple(_tensor(g, h) for g, h in zip(c[0], k[0])), _tensor(c[1], k[1])))
               for c, k in zip(caches, checked)]
    return _L_model_backward_bn(_tensor(AL, AL_checked), Y, tensors, activations)


def _L_model_backward_bn(AL, Y, caches, activations):
    L = len(caches)
    dA, dW, db = deep._linear_activation_backward(deep._output_gradient(AL, Y), caches[-1],
                                                  "sigmoid")
    grads = {f"dA{L - 1}": dA, f"dW{L}": dW, f"db{L}": db}
    for l in reversed(range(1, L)):
        (A_prev, W), bn_cache, Z_tilde = caches[l - 1]
        m = tf.cast(tf.shape(A_prev)[1], A_prev.dtype)
        dZ_tilde = _activations.BACKWARD[activations[l - 1]](dA, Z_tilde)
        dZ, dgamma, dbeta = _batchnorm_backward(dZ_tilde, bn_cache)
        with tf.GradientTape() as tape:
            tape.watch([A_prev, W])
            Z = tf.matmul(W, A_prev)
        dA, dW = tape.gradient(Z, [A_prev, W], output_gradients=dZ)
        grads.update({f"dA{l - 1}": dA, f"dW{l}": 1 / m * dW, f"dgamma{l}": 1 / m * dgamma,
                      f"dbeta{l}": 1 / m * dbeta})
    return grads


def L_model_inference_bn(X, parameters, running, activations=None, epsilon=BATCHNORM_EPSILON):
    """Inference mode with the running statistics, TF ops. Returns AL: (1, m)."""
    X, parameters, running, activations = _check_bn_network(X, parameters, running, activations)
    return _L_model_inference_bn(X, parameters, running, activations, check_epsilon(epsilon))


def _L_model_inference_bn(X, parameters, running, activations, epsilon):
    A = X
    for l, activation in enumerate(activations, start=1):
        Z_tilde = _batchnorm_inference(tf.matmul(parameters[f"W{l}"], A), parameters[f"gamma{l}"],
                                       parameters[f"beta{l}"], running[f"running_mean{l}"],
                                       running[f"running_var{l}"], epsilon)
        A = _activations.FORWARD[activation](Z_tilde)
    L = len(activations) + 1
    return _activations.sigmoid(tf.matmul(parameters[f"W{L}"], A) + parameters[f"b{L}"])


def predict_bn(X, parameters, running, activations=None, epsilon=BATCHNORM_EPSILON):
    """p: (1, m) of 0.0/1.0 (X's dtype), 1 where the inference-mode AL > 0.5."""
    X, parameters, running, activations = _check_bn_network(X, parameters, running, activations)
    return _predict_bn(X, parameters, running, activations, check_epsilon(epsilon))


def _predict_bn(X, parameters, running, activations, epsilon):
    return tf.cast(_L_model_inference_bn(X, parameters, running, activations, epsilon) > 0.5,
                   X.dtype)


def _checked_training(X, Y, layers_dims, settings, initial_parameters, activations, scale, seed):
    X_checked = check_matrix("X", X)
    Y_checked = check_labels("Y", Y, m=X_checked.shape[1])
    settings = check_mini_batch_training(*settings)
    if initial_parameters is None:
        if layers_dims is None:
            raise ValueError("layers_dims: required when initial_parameters is not given")
        initial_parameters = initialize_parameters_bn(layers_dims, scale, X_checked.dtype, seed)
    checked, sizes = check_bn_parameters(initial_parameters)
    if layers_dims is not None and list(layers_dims) != sizes:
        raise ValueError(f"layers_dims: {list(layers_dims)} does not match initial_parameters' "
                         f"layer sizes {sizes}")
    X, parameters, running, activations = _check_bn_network(
        X, checked, _initialize_running_stats(checked), activations)
    return X, tf.constant(Y_checked, X.dtype), parameters, running, activations, settings


def L_layer_model_bn(X, Y, layers_dims, optimizer="adam", learning_rate=0.0007,
                     mini_batch_size=64, num_epochs=1000, print_cost=False, *, beta=0.9,
                     beta1=0.9, beta2=0.999, epsilon=1e-8, bn_epsilon=BATCHNORM_EPSILON,
                     bn_momentum=BATCHNORM_MOMENTUM, initial_parameters=None, activations=None,
                     scale="he", seed=DEEP_SEED, progress=None, compiled=None):
    """Mini-batch training as scratch's: a tape over the training-mode forward pass and the cost,
    the running statistics assigned to variables in the same step, and the Keras optimizer of
    keras_mapping.course_optimizer. Returns (parameters, running, costs) (tensors). compiled: one
    tf.function step (default when more than minibatch.COMPILE_AFTER steps) or eager (False)."""
    X, Y, parameters, running, activations, settings = _checked_training(
        X, Y, layers_dims, (optimizer, learning_rate, mini_batch_size, num_epochs, beta, beta1,
                            beta2, epsilon, progress), initial_parameters, activations, scale,
        seed)
    return _L_layer_model_bn(X, Y, parameters, running, activations, settings,
                             check_epsilon(bn_epsilon), check_momentum(bn_momentum), print_cost,
                             progress, compiled)


def _L_layer_model_bn(X, Y, parameters, running, activations, settings, bn_epsilon, bn_momentum,
                      print_cost, progress, compiled):
    optimizer_name, learning_rate, size, epochs, beta, beta1, beta2, epsilon = settings
    variables = {k: tf.Variable(v) for k, v in parameters.items()}
    statistics = {k: tf.Variable(v) for k, v in running.items()}
    var_list = list(variables.values())
    optimizer = keras_mapping.course_optimizer(optimizer_name, learning_rate, X.dtype, beta, beta1,
                                               beta2, epsilon)
    optimizer.build(var_list)

    def step(X_b, Y_b):
        with tf.GradientTape() as tape:
            AL, _, updated = _L_model_forward_bn(X_b, variables, statistics, activations,
                                                 bn_epsilon, bn_momentum)
            cost = losses.binary_cross_entropy(AL, Y_b)
        optimizer.apply_gradients(zip(tape.gradient(cost, var_list), var_list))
        for name, value in updated.items():
            statistics[name].assign(value)
        return cost

    step = minibatch.compile_step(step, X, Y, minibatch.num_steps(X.shape[1], size, epochs),
                                  compiled)
    costs = minibatch.train(X, Y, step, "batchnorm", size, epochs, print_cost, progress)
    return ({k: tf.convert_to_tensor(v) for k, v in variables.items()},
            {k: tf.convert_to_tensor(v) for k, v in statistics.items()}, costs)


# --- the Keras model: Dense(use_bias=False) + BatchNormalization, trained by model.fit ----------
def fit_keras_bn(X, Y, parameters, activations=None, optimizer="adam", learning_rate=0.0007,
                 mini_batch_size=64, num_epochs=1000, *, beta=0.9, beta1=0.9, beta2=0.999,
                 epsilon=1e-8, bn_epsilon=BATCHNORM_EPSILON, bn_momentum=BATCHNORM_MOMENTUM,
                 progress=None):
    """keras_mapping.course_batchnorm_network(parameters, zeros/ones running statistics) trained
    by model.fit on the course's mini-batches: the very batches of L_layer_model_bn (seed 10 + 1
    per epoch, tfimpl.optimization.random_mini_batches), fed in order as one tf.data stream of
    float64 tensors (not cast to float32), one Keras epoch per course epoch (steps_per_epoch: the
    stream continues across epochs), the loss deep.CourseBinaryCrossentropy (the course's J, no
    clipping, no switch to logits), the optimizer keras_mapping.course_optimizer. Returns
    (parameters, running, costs) like L_layer_model_bn: costs every 100 epochs, the epoch's mean
    mini-batch cost (the training loss itself, summed by minibatch.RecordingLoss)."""
    X, Y, parameters, running, activations, settings = _checked_training(
        X, Y, None, (optimizer, learning_rate, mini_batch_size, num_epochs, beta, beta1, beta2,
                     epsilon, progress), parameters, activations, "he", None)
    optimizer_name, learning_rate, size, epochs, beta, beta1, beta2, epsilon = settings
    dtype = X.dtype.name
    model = keras_mapping.course_batchnorm_network(
        {k: np.asarray(v) for k, v in parameters.items()},
        {k: np.asarray(v) for k, v in running.items()}, activations, check_momentum(bn_momentum),
        check_epsilon(bn_epsilon), dtype)
    costs = minibatch.fit(
        model, deep.CourseBinaryCrossentropy(dtype=dtype),
        keras_mapping.course_optimizer(optimizer_name, learning_rate, X.dtype, beta, beta1, beta2,
                                       epsilon), X, Y, size, epochs, "batchnorm", progress)
    parameters, running = keras_mapping.batchnorm_network_weights(model)
    return parameters, running, costs

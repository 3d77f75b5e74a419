"""Multi-class networks with a softmax output (course 2, week 3), NumPy twin.

Shapes (examples in columns): C classes, Y: (C, m) one-hot (one 1 per column), class indices
(1, m); X: (n_0, m); ZL, AL: (C, m); hidden layers as in `scratch.deep`.

    softmax          AL[:, j] = exp(ZL[:, j] - max ZL[:, j]) / sum_i exp(ZL[i, j] - max ZL[:, j])
                     over the CLASSES (axis 0; Keras's axis is -1, the rows of x = X.T)
    convert_to_one_hot(Y, C)        (1, m) indices -> (C, m), column j = e_{Y[0, j]}
    compute_cost(AL, Y)             J = -1/m sum_j sum_i Y_ij log AL_ij    (from probabilities;
                                    for one-hot Y, = -1/m sum_j log AL[y_j, j], computed as that, so a
                                    class the label does not hold never enters a log: no 0 * log 0)
    compute_cost_from_logits(ZL, Y) the same J from the logits, stably:
                                    J = 1/m sum_j (logsumexp(ZL[:, j]) - sum_i Y_ij ZL_ij),
                                    logsumexp(z) = max z + log sum exp(z - max z): finite for logits
                                    of +-1000, where softmax underflows to exact 0 and 1
    softmax_cross_entropy_backward(AL, Y)   dZL = AL - Y
        Derivation: per example, l = -sum_i Y_i log a_i with a = softmax(z):
        da_k/dz_i = a_k (delta_ki - a_i), so dl/dz_i = -sum_k Y_k (delta_ki - a_i) = a_i sum_k Y_k - Y_i
        = a_i - Y_i (sum_k Y_k = 1). This is the gradient of the SUMMED loss m * J, the course's
        convention for dZ (see `scratch.deep`: 1/m goes into dW and db).
    L_model_forward(X, parameters, activations)    [LINEAR -> g] x (L - 1) -> LINEAR -> SOFTMAX,
                                    g per hidden layer (default relu), caches as in `scratch.deep`
    L_model_backward(AL, Y, caches, activations)   dZL = AL - Y, then the deep network's layer
                                    kernels; grads keyed "dA{l-1}", "dW{l}", "db{l}" as there
    predict(X, parameters, activations)             argmax over the classes: (1, m) int64
    L_layer_model(X, Y, layers_dims, optimizer, ...)  mini-batch training with gd, momentum,
                                    rmsprop or adam (course 2's `model` loop, scratch.minibatch),
                                    the recorded cost from the logits (finite at saturation)

The hidden layers and every linear step are `scratch.deep`'s kernels (`_linear_forward`,
`_linear_activation_forward`, `_linear_backward`, `_linear_activation_backward`), called through
that module, so a wrong variant installed there is seen here too. Every public `f` checks its
inputs (conventions.validation) and delegates to the kernel `_f`; kernels call kernels through
this module's globals (`_softmax`, `_softmax_cross_entropy_backward`, ...).
"""

import numpy as np

from conventions.network_training_checks import check_mini_batch_training
from conventions.softmax_checks import check_class_labels, check_one_hot, check_probabilities
from conventions.validation import (
    check_activations,
    check_layer_caches,
    check_matrix,
    check_network_inputs,
    check_same_dtype,
)
from conventions.vocabulary import ACTIVATIONS, DEEP_SEED, HIDDEN_ACTIVATION
from scratch import activations as _activations
from scratch import deep, minibatch


def _hidden(activations, L):
    """The L - 1 hidden activations (default relu); the output layer is always softmax."""
    if activations is None:
        return [HIDDEN_ACTIVATION] * (L - 1)
    return check_activations(activations, L - 1, ACTIVATIONS)


def convert_to_one_hot(Y, C, dtype=np.float64):
    """(1, m) class indices in 0 ... C - 1 -> (C, m) one-hot columns of `dtype`."""
    return _convert_to_one_hot(check_class_labels(Y, C), C, np.dtype(dtype))


def _convert_to_one_hot(Y, C, dtype):
    return np.eye(C, dtype=dtype)[Y.reshape(
        -1,  # pragma: no mutate - NumPy reads any negative size as "the rest": -2 alike
    )].T


def _softmax(Z):
    return _activations.softmax(Z)


def compute_cost(AL, Y):
    """J = -1/m sum_j log AL[y_j, j] (the cross-entropy of one-hot Y, from probabilities): a 0-d
    array. AL: (C, m) probabilities, Y: (C, m) one-hot."""
    AL = check_probabilities("AL", AL)
    Y = check_one_hot("Y", Y, *AL.shape, dtype=AL.dtype)
    return _compute_cost(AL, Y)


def _compute_cost(AL, Y):
    m = AL.shape[1]
    true_class = np.sum(Y * AL, axis=0)              # AL[y_j, j]: the other terms are exact zeros
    return np.squeeze(-1 / m * np.sum(np.log(true_class)))


def compute_cost_from_logits(ZL, Y):
    """J = 1/m sum_j (logsumexp(ZL[:, j]) - ZL[y_j, j]), stable for any finite logits: a 0-d
    array. ZL: (C, m), Y: (C, m) one-hot."""
    ZL = check_matrix("ZL", ZL)
    Y = check_one_hot("Y", Y, *ZL.shape, dtype=ZL.dtype)
    return _compute_cost_from_logits(ZL, Y)


def _compute_cost_from_logits(ZL, Y):
    m = ZL.shape[1]
    top = np.max(ZL, axis=0,
                 keepdims=True,  # pragma: no mutate - (m,) broadcasts over (C, m) as (1, m)
                 )
    logsumexp = top + np.log(np.sum(np.exp(ZL - top), axis=0,
                                    keepdims=True,  # pragma: no mutate - summed to a scalar below
                                    ))
    return np.squeeze(1 / m * np.sum(logsumexp - np.sum(Y * ZL, axis=0,
                                                        keepdims=True,  # pragma: no mutate - as above
                                                        )))


def softmax_cross_entropy_backward(AL, Y):
    """dZL = AL - Y: the gradient of the summed cross-entropy m * J with respect to the logits
    (no 1/m, the course's convention). AL: (C, m) softmax probabilities, Y: (C, m) one-hot."""
    AL = check_probabilities("AL", AL)
    Y = check_one_hot("Y", Y, *AL.shape, dtype=AL.dtype)
    return _softmax_cross_entropy_backward(AL, Y)


def _softmax_cross_entropy_backward(AL, Y):
    return AL - Y


def L_model_forward(X, parameters, activations=None):
    """[LINEAR -> g] x (L - 1) -> LINEAR -> SOFTMAX. activations: the L - 1 hidden names
    (default relu). Returns (AL: (C, m), caches: L layer caches ((A_prev, W, b), Z))."""
    X, parameters, sizes = check_network_inputs(X, parameters)
    return _L_model_forward(X, parameters, _hidden(activations, len(sizes) - 1))


def _L_model_forward(X, parameters, activations):
    caches = []
    A = X
    for l, activation in enumerate(activations, start=1):
        A, cache = deep._linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],
                                                   activation)
        caches.append(cache)
    L = len(activations) + 1
    ZL, linear_cache = deep._linear_forward(A, parameters[f"W{L}"], parameters[f"b{L}"])
    caches.append((linear_cache, ZL))
    return _softmax(ZL), caches


def L_model_backward(AL, Y, caches, activations=None):
    """grads from dZL = AL - Y down to layer 1 ("dA{l-1}", "dW{l}", "db{l}", as scratch.deep:
    dW, db are dJ/dW, dJ/db; dA carries the course's factor m). AL: the forward pass's output
    (softmax of the cached ZL), Y: (C, m) one-hot, activations: the hidden ones given to it."""
    caches = check_layer_caches(caches)
    activations = _hidden(activations, len(caches))
    Z_L = caches[-1][1]
    AL = check_probabilities("AL", AL, *Z_L.shape)
    check_same_dtype(AL=AL, Z=Z_L)
    Y = check_one_hot("Y", Y, *AL.shape, dtype=AL.dtype)
    return _L_model_backward(AL, Y, caches, activations)


def _L_model_backward(AL, Y, caches, activations):
    grads = {}
    L = len(caches)
    dA, dW, db = deep._linear_backward(_softmax_cross_entropy_backward(AL, Y), caches[-1][0])
    grads.update({f"dA{L - 1}": dA, f"dW{L}": dW, f"db{L}": db})
    for l in reversed(range(1, L)):
        dA, dW, db = deep._linear_activation_backward(dA, caches[l - 1], activations[l - 1])
        grads.update({f"dA{l - 1}": dA, f"dW{l}": dW, f"db{l}": db})
    return grads


def predict(X, parameters, activations=None):
    """The most probable class of each example: argmax over AL's rows, (1, m) int64."""
    X, parameters, sizes = check_network_inputs(X, parameters)
    return _predict(X, parameters, _hidden(activations, len(sizes) - 1))


def _predict(X, parameters, activations):
    AL, _ = _L_model_forward(X, parameters, activations)
    return np.argmax(AL, axis=0).reshape(
        1,
        -1,  # pragma: no mutate - NumPy reads any negative size as "the rest": -2 alike
    ).astype(np.int64)



# --- training: course 2's mini-batch loop with any optimizer -------------------------------------
def L_layer_model(X, Y, layers_dims, optimizer="adam", learning_rate=0.0007, mini_batch_size=64,
                  num_epochs=1000, print_cost=False, *, beta=0.9, beta1=0.9, beta2=0.999,
                  epsilon=1e-8, initial_parameters=None, activations=None, scale="he",
                  seed=DEEP_SEED, progress=None):
    """Mini-batch training of [LINEAR -> g] x (L - 1) -> LINEAR -> SOFTMAX on the cross-entropy
    J = -1/m sum_j log AL[y_j, j] (scratch.minibatch's loop: seed 10 + 1 per epoch, the
    optimizer's update of every W, b). X: (n_0, m), Y: (C, m) one-hot, layers_dims
    [n_0, ..., C] (None with initial_parameters). optimizer: "gd", "momentum" (beta), "rmsprop"
    (beta, epsilon) or "adam" (beta1, beta2, epsilon), course 2's `model` defaults. Starts from
    initial_parameters (copied) or scratch.deep.initialize_parameters_deep(layers_dims, scale,
    X.dtype, seed). Returns (parameters, costs): costs every 100 epochs, the epoch's mean
    mini-batch cost (from the logits, stable); progress(i, cost) at each."""
    X = check_matrix("X", X)
    Y = check_one_hot("Y", Y, m=X.shape[1], dtype=X.dtype)
    settings = check_mini_batch_training(optimizer, learning_rate, mini_batch_size, num_epochs,
                                         beta, beta1, beta2, epsilon, progress)
    parameters = deep._initial_parameters(X, layers_dims, initial_parameters, scale, seed)
    X, parameters, sizes = check_network_inputs(X, parameters)
    if sizes[-1] != Y.shape[0]:
        raise ValueError(f"Y: expected {sizes[-1]} classes (the output layer's units), got "
                         f"{Y.shape[0]} rows")
    return _L_layer_model(X, Y, parameters, _hidden(activations, len(sizes) - 1), settings,
                          print_cost, progress)


def _L_layer_model(X, Y, parameters, activations, settings, print_cost, progress):
    optimizer, learning_rate, size, epochs, beta, beta1, beta2, epsilon = settings

    def step(parameters, X_b, Y_b):
        AL, caches = _L_model_forward(X_b, parameters, activations)
        cost = _compute_cost_from_logits(caches[-1][1], Y_b)
        grads = _L_model_backward(AL, Y_b, caches, activations)
        return cost, {f"d{k}": grads[f"d{k}"] for k in parameters}     # the dA's left out

    return minibatch.train(X, Y, parameters, step, "softmax", optimizer, size, epochs,
                           {"learning_rate": learning_rate, "beta": beta, "beta1": beta1,
                            "beta2": beta2, "epsilon": epsilon}, print_cost, progress)

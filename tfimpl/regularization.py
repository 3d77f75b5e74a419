"""L2 regularisation and dropout for the course's 3-layer network, TensorFlow twin.

Same names, signatures, caches and gradient keys as `scratch.regularization` (see its docstring
for the formulas). Forward passes are TF ops; every gradient is a `tf.GradientTape` product, never
the hand formulas, in the course's convention (dZ{l}, dA{l} of the summed loss m J; dW, db of J):
    dZ3        the tape's gradient of the summed cross-entropy from logits at the cached Z3
               (sigmoid(Z3) - Y: the course's A3 - Y when A3 = sigmoid(Z3), as in a forward pass);
    layer l    the tape's vector-Jacobian product of Z{l} = W{l} A{l-1} + b{l} at the cached
               (A{l-1}, W{l}, b{l}) with output gradient dZ{l} gives (W{l}.T dZ{l}, dZ{l} A{l-1}.T,
               sum_columns dZ{l}); dW and db are multiplied by 1/m, and the L2 term's gradient
               is the tape's of lambd / (2 m) ||W{l}||^2;
    hidden l   the tape's VJP of A{l} = relu(Z{l}) (* D{l} / keep_prob with dropout) at the cached
               Z{l} and mask: dZ{l} = dA{l} * D{l} / keep_prob * relu'(Z{l}). The course writes
               relu' as (A{l} > 0), the same mask where A{l} = relu(Z{l}) * D{l} / keep_prob.
The masks are drawn from NumPy's legacy stream exactly as scratch draws them (the assignment's
np.random.seed(1); rand), compared with keep_prob by a TF op: both twins drop the same units.

The L-layer forms and `model` (see scratch.regularization): the same names, signatures, masks and
keys; their backward passes are tape VJPs from dZL at the logits of AL; model's loop runs as
traced tf.while_loop stretches (tfimpl.regularization_graph).

Keras's counterparts (tested in parity_tests/test_regularization.py): `keras_l2(lambd, m)` gives
`keras.regularizers.L2(lambd / (2 m))` — Keras adds l2 * sum(W^2), with neither the 1/2 nor the
1/m; and `keras.layers.Dropout(rate=1 - keep_prob)` is the same inverted dropout (kept units
scaled by 1/keep_prob, identity when not training), with its own random masks.
"""

import keras
import numpy as np
import tensorflow as tf

from conventions.regularization_checks import (
    check_keep_prob,
    check_keep_probs,
    check_lambd,
    check_mask_seed,
    check_masks,
    check_named_cache,
    check_penalised_weights,
    check_sigmoid_output,
    mask_stream,
)
from conventions.validation import (
    check_float_dtype,
    check_labels,
    check_layer_caches,
    check_layer_dims,
    check_matrix,
    check_network_inputs,
    check_non_negative_int,
    check_positive_float,
    check_positive_int,
    check_progress,
    check_same_dtype,
    check_seed,
)
from conventions.vocabulary import (
    DROPOUT_CACHE,
    DROPOUT_SEED,
    REGULARIZATION_CACHE,
    REGULARIZATION_HIDDEN,
    REGULARIZATION_SEED,
)
from tfimpl import activations as _activations
from tfimpl import deep as _deep
from tfimpl import regularization_graph


def _check_3_layers(X, parameters):
    X, parameters, _ = check_network_inputs(X, parameters, layers=3)
    return tf.constant(X), {k: tf.constant(v) for k, v in parameters.items()}


def _check_Y(Y, m, dtype):
    return tf.constant(check_labels("Y", Y, m=m, dtype=dtype))


def _check_backward(X, Y, cache, names):
    cache = check_named_cache(cache, names)
    X = check_matrix("X", X)
    return tf.constant(X), _check_Y(Y, X.shape[1], X.dtype), tuple(tf.constant(c) for c in cache)


# --- the network ---------------------------------------------------------------------------------------
def forward_propagation(X, parameters):
    """The 3-layer forward pass with TF ops. Returns (A3, cache of 12 tensors)."""
    X, parameters = _check_3_layers(X, parameters)
    return _forward_propagation(X, parameters)


def _forward_propagation(X, parameters):
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = tf.matmul(W1, X) + b1
    A1 = tf.nn.relu(Z1)
    Z2 = tf.matmul(W2, A1) + b2
    A2 = tf.nn.relu(Z2)
    Z3 = tf.matmul(W3, A2) + b3
    A3 = tf.sigmoid(Z3)
    return A3, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)


def compute_cost(A3, Y):
    """J = -1/m sum(Y log A3 + (1 - Y) log(1 - A3)) (0-d tensor)."""
    A3 = check_matrix("A3", A3, rows=1)
    return _compute_cost(tf.constant(A3), _check_Y(Y, A3.shape[1], A3.dtype))


def _compute_cost(A3, Y):
    m = tf.cast(tf.shape(Y)[1], A3.dtype)
    return -tf.reduce_sum(Y * tf.math.log(A3) + (1 - Y) * tf.math.log(1 - A3)) / m


# --- L2 -----------------------------------------------------------------------------------------------
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    """J = compute_cost(A3, Y) + lambd / (2 m) sum_l ||W{l}||_F^2 (every W{l} of parameters)."""
    A3 = check_matrix("A3", A3, rows=1)
    Y = _check_Y(Y, A3.shape[1], A3.dtype)
    weights = {k: tf.constant(W) for k, W in check_penalised_weights(parameters).items()}
    return _compute_cost_with_regularization(tf.constant(A3), Y, weights, check_lambd(lambd))


def _l2_penalty(weights, lambd, m):
    """lambd / (2 m) sum ||W||^2 over `weights`."""
    dtype = weights[0].dtype
    return tf.constant(lambd, dtype) / (2 * m) * tf.add_n([tf.reduce_sum(tf.square(W))
                                                          for W in weights])


def _compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = tf.cast(tf.shape(Y)[1], A3.dtype)
    weights = [W for k, W in parameters.items() if k.startswith("W")]
    return _compute_cost(A3, Y) + _l2_penalty(weights, lambd, m)


def _output_gradient(Z3, Y):
    """dZ3: the tape's gradient of the summed cross-entropy (m J) at the logits Z3."""
    with tf.GradientTape() as tape:
        tape.watch(Z3)
        loss = tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(labels=Y, logits=Z3))
    return tape.gradient(loss, Z3)


def _linear_backward(dZ, A_prev, W, b, lambd):
    """(dA_prev, dW, db) by the tape, dW and db with 1/m and the L2 term's gradient."""
    m = tf.cast(tf.shape(dZ)[1], dZ.dtype)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([A_prev, W, b])
        Z = tf.matmul(W, A_prev) + b
        penalty = _l2_penalty([W], lambd, m)
    dA_prev, dW, db = tape.gradient(Z, [A_prev, W, b], output_gradients=dZ)
    dW = dW * (1 / m)
    if lambd:
        dW = dW + tape.gradient(penalty, W)
    return dA_prev, dW, db * (1 / m)


def _hidden_backward(dA, Z, D=None, keep_prob=1.0):
    """dZ: the tape's VJP of relu(Z) (* D / keep_prob) at Z with output gradient dA."""
    with tf.GradientTape() as tape:
        tape.watch(Z)
        A = tf.nn.relu(Z)
        if D is not None:
            A = A * D / tf.constant(keep_prob, Z.dtype)
    return tape.gradient(A, Z, output_gradients=dA)


def backward_propagation_with_regularization(X, Y, cache, lambd):
    """The gradients of compute_cost_with_regularization, by the tape (see the docstring)."""
    X, Y, cache = _check_backward(X, Y, cache, REGULARIZATION_CACHE)
    return _backward_propagation_with_regularization(X, Y, cache, check_lambd(lambd))


def _backward_propagation_with_regularization(X, Y, cache, lambd):
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = _output_gradient(Z3, Y)
    dA2, dW3, db3 = _linear_backward(dZ3, A2, W3, b3, lambd)
    dZ2 = _hidden_backward(dA2, Z2)
    dA1, dW2, db2 = _linear_backward(dZ2, A1, W2, b2, lambd)
    dZ1 = _hidden_backward(dA1, Z1)
    _, dW1, db1 = _linear_backward(dZ1, X, W1, b1, lambd)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


# --- dropout ------------------------------------------------------------------------------------------
def forward_propagation_with_dropout(X, parameters, keep_prob=0.5, seed=DROPOUT_SEED):
    """The forward pass with inverted dropout on both hidden layers, masks from the course's
    stream (see the docstring). Returns (A3, cache of 14 tensors)."""
    X, parameters = _check_3_layers(X, parameters)
    stream = np.random if seed is None else check_seed(seed)
    return _forward_propagation_with_dropout(X, parameters, check_keep_prob(keep_prob), stream)


def _dropout_mask(stream, shape, keep_prob, dtype):
    """The stream's rand(shape) < keep_prob (a TF comparison) as 0.0 / 1.0."""
    u = tf.constant(stream.random_sample(tuple(shape)), tf.float64)
    return tf.cast(u < tf.constant(keep_prob, tf.float64), dtype)


def _forward_propagation_with_dropout(X, parameters, keep_prob, stream):
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    k = tf.constant(keep_prob, X.dtype)
    Z1 = tf.matmul(W1, X) + b1
    D1 = _dropout_mask(stream, Z1.shape, keep_prob, Z1.dtype)
    A1 = tf.nn.relu(Z1) * D1 / k
    Z2 = tf.matmul(W2, A1) + b2
    D2 = _dropout_mask(stream, Z2.shape, keep_prob, Z2.dtype)
    A2 = tf.nn.relu(Z2) * D2 / k
    Z3 = tf.matmul(W3, A2) + b3
    A3 = tf.sigmoid(Z3)
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    """The gradients through the dropped-out forward pass, by the tape (see the docstring)."""
    X, Y, cache = _check_backward(X, Y, cache, DROPOUT_CACHE)
    return _backward_propagation_with_dropout(X, Y, cache, check_keep_prob(keep_prob))


def _backward_propagation_with_dropout(X, Y, cache, keep_prob):
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = _output_gradient(Z3, Y)
    dA2, dW3, db3 = _linear_backward(dZ3, A2, W3, b3, 0.0)
    dZ2 = _hidden_backward(dA2, Z2, D2, keep_prob)
    dA1, dW2, db2 = _linear_backward(dZ2, A1, W2, b2, 0.0)
    dZ1 = _hidden_backward(dA1, Z1, D1, keep_prob)
    _, dW1, db1 = _linear_backward(dZ1, X, W1, b1, 0.0)
    # The course's dA{l} is the gradient after the mask: W.T dZ * D / keep_prob.
    k = tf.constant(keep_prob, X.dtype)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2 * D2 / k, "dZ2": dZ2, "dW2": dW2,
            "db2": db2, "dA1": dA1 * D1 / k, "dZ1": dZ1, "dW1": dW1, "db1": db1}


# --- Keras's counterparts (TF-only) --------------------------------------------------------------------
def keras_l2(lambd, m):
    """keras.regularizers.L2 adding the course's lambd / (2 m) ||W||^2: l2 = lambd / (2 m)."""
    return keras.regularizers.L2(check_lambd(lambd) / (2 * m))


def keras_dropout(keep_prob, seed=None, dtype="float64"):
    """keras.layers.Dropout(rate = 1 - keep_prob) computing in `dtype` (Keras's default policy
    would cast float64 inputs to float32)."""
    return keras.layers.Dropout(rate=1.0 - check_keep_prob(keep_prob), seed=seed, dtype=dtype)


# --- the L-layer network of `deep` (see scratch.regularization) ----------------------------------------
# Gradients by the tape: dZL of the summed cross-entropy from the cached logits ZL, each layer's VJP
# by tfimpl.deep's kernels, a mask's VJP of A * D / keep_prob, the penalty's tape gradient.
def compute_cost_with_L1_regularization(AL, Y, parameters, lambd):
    """J = compute_cost(AL, Y) + lambd / m * sum_l ||W{l}||_1 (biases not penalised)."""
    AL = check_matrix("AL", AL, rows=1)
    Y = _check_Y(Y, AL.shape[1], AL.dtype)
    weights = {k: tf.constant(W) for k, W in check_penalised_weights(parameters).items()}
    return _compute_cost_with_L1_regularization(tf.constant(AL), Y, weights, check_lambd(lambd))


def _l1_penalty(weights, lambd, m):
    return tf.constant(lambd, weights[0].dtype) / m * tf.add_n([tf.reduce_sum(tf.abs(W))
                                                               for W in weights])


def _compute_cost_with_L1_regularization(AL, Y, parameters, lambd):
    m = tf.cast(tf.shape(Y)[1], AL.dtype)
    return _compute_cost(AL, Y) + _l1_penalty([W for k, W in parameters.items()
                                               if k.startswith("W")], lambd, m)


def _check_L_backward(AL, Y, caches, activations):
    caches = check_layer_caches(caches)
    activations = check_sigmoid_output(_deep._check_activations(activations, len(caches)))
    Z_L = caches[-1][1]
    AL = check_matrix("AL", AL, rows=Z_L.shape[0], cols=Z_L.shape[1])
    check_same_dtype(AL=AL, Z=Z_L)
    tensors = [((tf.constant(A), tf.constant(W), tf.constant(b)), tf.constant(Z))
               for (A, W, b), Z in caches]
    return tf.constant(AL), _check_Y(Y, AL.shape[1], AL.dtype), tensors, activations


def _tape_gradient(penalty, W, lambd, m):
    with tf.GradientTape() as tape:
        tape.watch(W)
        value = penalty([W], lambd, m)
    return tape.gradient(value, W)


def _l2_gradient(W, lambd, m):
    """The tape's gradient of lambd / (2 m) ||W||^2 (lambd / m W)."""
    return _tape_gradient(_l2_penalty, W, lambd, m)


def _l1_gradient(W, lambd, m):
    """The tape's gradient of lambd / m ||W||_1: lambd / m sign(W), TF's |x|' = sign(x) = 0 at 0."""
    return _tape_gradient(_l1_penalty, W, lambd, m)


def L_model_backward_with_regularization(AL, Y, caches, lambd, activations=None):
    """The grads of the L2-regularised cost by the tape: dW{l} += lambd / m W{l}."""
    AL, Y, caches, activations = _check_L_backward(AL, Y, caches, activations)
    return _L_model_backward_with_penalty(AL, Y, caches, check_lambd(lambd), activations,
                                          _l2_gradient)


def L_model_backward_with_L1_regularization(AL, Y, caches, lambd, activations=None):
    """The grads of compute_cost_with_L1_regularization by the tape: dW{l} += lambd / m sign(W{l})."""
    AL, Y, caches, activations = _check_L_backward(AL, Y, caches, activations)
    return _L_model_backward_with_penalty(AL, Y, caches, check_lambd(lambd), activations,
                                          _l1_gradient)


def _L_model_backward_with_penalty(AL, Y, caches, lambd, activations, penalty):
    grads = _L_backward(AL, Y, caches, activations, None, None)
    return _add_penalty(grads, caches, lambd, penalty, AL.shape[1])


def _mask_backward(dA, D, keep_prob):
    """The tape's VJP of A * D / keep_prob at output gradient dA (dA * D / keep_prob)."""
    A = tf.zeros_like(dA)
    with tf.GradientTape() as tape:
        tape.watch(A)
        dropped = A * D / tf.constant(keep_prob, dA.dtype)
    return tape.gradient(dropped, A, output_gradients=dA)


def _L_backward(AL, Y, caches, activations, masks, keep_probs):
    """dZL: the tape's gradient of the summed cross-entropy from logits at the logits of AL,
    log AL - log(1 - AL) (sigmoid of them - Y: the course's AL - Y, from the arguments alone, as
    scratch); then per layer deep's tape kernels, the masks' VJPs between them."""
    grads, L = {}, len(caches)
    dZ = _output_gradient(tf.math.log(AL) - tf.math.log(1 - AL), Y)
    for l in reversed(range(1, L + 1)):
        dA, dW, db = _deep._linear_backward(dZ, caches[l - 1][0])
        if l > 1 and masks is not None:
            dA = _mask_backward(dA, masks[f"D{l - 1}"], keep_probs[l - 2])
        grads.update({f"dA{l - 1}": dA, f"dW{l}": dW, f"db{l}": db})
        if l > 1:
            dZ = _activations.BACKWARD[activations[l - 2]](dA, caches[l - 2][1])
    return grads


def _add_penalty(grads, caches, lambd, penalty, m):
    if lambd:
        for l, ((_, W, _), _) in enumerate(caches, start=1):
            grads[f"dW{l}"] = grads[f"dW{l}"] + penalty(W, lambd, tf.constant(m, W.dtype))
    return grads


def dropout_masks(layer_dims, m, keep_prob=0.5, dtype=tf.float64, seed=DROPOUT_SEED):
    """{"D1", ..., "D{L-1}"}: the course's draws (NumPy's legacy stream, as scratch's) compared
    with keep_prob_l by a TF op, as tensors of `dtype`."""
    sizes = check_layer_dims(layer_dims)
    m = check_positive_int("m", m)
    keep_probs = check_keep_probs(keep_prob, len(sizes) - 1)
    dtype = tf.as_dtype(check_float_dtype(dtype))
    stream = np.random if seed is None else check_seed(seed)
    return _dropout_masks(stream, sizes, m, keep_probs, dtype)


def _dropout_masks(stream, sizes, m, keep_probs, dtype):
    return {f"D{l}": _dropout_mask(stream, (sizes[l], m), keep_probs[l - 1], dtype)
            for l in range(1, len(sizes) - 1)}


def _checked_masks(masks, sizes, m, dtype):
    given = {k: np.asarray(v) for k, v in masks.items()} if isinstance(masks, dict) else masks
    return {k: tf.constant(v) for k, v in check_masks(given, sizes, m, tf.as_dtype(dtype)
                                                       .as_numpy_dtype).items()}


def L_model_forward_with_dropout(X, parameters, keep_prob=0.5, activations=None, masks=None,
                                 seed=DROPOUT_SEED):
    """tfimpl.deep's forward pass with A{l} = g{l}(Z{l}) * D{l} / keep_prob_l on the hidden layers.
    Returns (AL, caches, masks) as scratch's (tensors)."""
    X, parameters, activations = _deep._check_network(X, parameters, activations)
    sizes = [X.shape[0]] + [parameters[f"W{l}"].shape[0] for l in range(1, len(activations) + 1)]
    keep_probs = check_keep_probs(keep_prob, len(activations))
    if masks is None:
        stream = np.random if seed is None else check_seed(seed)
        masks = _dropout_masks(stream, sizes, X.shape[1], keep_probs, X.dtype)
    else:
        masks = _checked_masks(masks, sizes, X.shape[1], X.dtype)
    return _L_model_forward_with_dropout(X, parameters, keep_probs, activations, masks)


def _L_model_forward_with_dropout(X, parameters, keep_probs, activations, masks):
    caches, A, L = [], X, len(activations)
    for l, activation in enumerate(activations, start=1):
        A, cache = _deep._linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],
                                                    activation)
        if l < L:
            A = A * masks[f"D{l}"] / tf.constant(keep_probs[l - 1], A.dtype)
        caches.append(cache)
    return A, caches, masks


def L_model_backward_with_dropout(AL, Y, caches, masks, keep_prob, activations=None):
    """The grads through the dropped-out pass by the tape (keys and values as scratch's)."""
    AL, Y, caches, activations = _check_L_backward(AL, Y, caches, activations)
    keep_probs = check_keep_probs(keep_prob, len(caches))
    sizes = [caches[0][0][0].shape[0]] + [c[1].shape[0] for c in caches]
    masks = _checked_masks(masks, sizes, AL.shape[1], AL.dtype)
    return _L_model_backward_with_dropout(AL, Y, caches, masks, keep_probs, activations)


def _L_model_backward_with_dropout(AL, Y, caches, masks, keep_probs, activations):
    return _L_backward(AL, Y, caches, activations, masks, keep_probs)


# --- the assignment's model ------------------------------------------------------------------------------
def model(X, Y, learning_rate=0.3, num_iterations=30000, print_cost=True, lambd=0, keep_prob=1, *,
          layers_dims=None, activations=None, initial_parameters=None, mask_seed=DROPOUT_SEED,
          progress=None):
    """scratch.regularization.model's loop, same arguments, initialisation and masks (tensors
    returned); every 1000 iterations are one traced tf.while_loop (tfimpl.regularization_graph)."""
    X_checked = check_matrix("X", X)
    Y = check_labels("Y", Y, m=X_checked.shape[1])
    learning_rate = check_positive_float("learning_rate", learning_rate)
    num_iterations = check_non_negative_int("num_iterations", num_iterations)
    lambd, mask_seed, _ = check_lambd(lambd), check_mask_seed(mask_seed), check_progress(progress)
    if layers_dims is None and initial_parameters is None:
        layers_dims = [X_checked.shape[0], *REGULARIZATION_HIDDEN, 1]
    parameters = _deep._initial_parameters(X_checked, layers_dims, initial_parameters, "xavier",
                                           REGULARIZATION_SEED)
    X, parameters, activations = _deep._check_network(X, parameters, activations)
    keep_probs = check_keep_probs(keep_prob, len(check_sigmoid_output(activations)))
    return _model(X, tf.constant(Y, X.dtype), parameters, activations, learning_rate,
                  num_iterations, bool(print_cost), lambd, keep_probs, mask_seed, progress)


def _model(X, Y, parameters, activations, learning_rate, num_iterations, print_cost, lambd,
           keep_probs, mask_seed, progress):
    return regularization_graph.train(X, Y, parameters, activations, learning_rate, num_iterations,
                                      print_cost, lambd, keep_probs, isinstance(mask_seed, int),
                                      progress, lambda: mask_stream(mask_seed))

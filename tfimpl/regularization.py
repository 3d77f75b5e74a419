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

Keras's counterparts (tested in parity_tests/test_regularization.py): `keras_l2(lambd, m)` gives
`keras.regularizers.L2(lambd / (2 m))` — Keras adds l2 * sum(W^2), with neither the 1/2 nor the
1/m; and `keras.layers.Dropout(rate=1 - keep_prob)` is the same inverted dropout (kept units
scaled by 1/keep_prob, identity when not training), with its own random masks.
"""

import keras
import numpy as np
import tensorflow as tf

from conventions.validation import (
    check_keep_prob,
    check_labels,
    check_lambd,
    check_matrix,
    check_named_cache,
    check_network_inputs,
    check_seed,
)
from conventions.vocabulary import DROPOUT_CACHE, DROPOUT_SEED, REGULARIZATION_CACHE


def _check_3_layers(X, parameters):
    X, parameters, sizes = check_network_inputs(X, parameters)
    if len(sizes) != 4:
        raise ValueError(f"parameters: expected the 3-layer network's W1, b1, W2, b2, W3, b3, got "
                         f"{len(sizes) - 1} layers")
    return tf.constant(X), {k: tf.constant(v) for k, v in parameters.items()}


def _check_Y(Y, m, dtype):
    return tf.constant(check_labels("Y", Y, m=m).astype(dtype, copy=False))


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
    weights = {k: tf.constant(check_matrix(f"parameters[{k!r}]", v)) for k, v in parameters.items()
               if k.startswith("W")}
    if not weights:
        raise KeyError(f"parameters: no W1, W2, ... among {sorted(parameters)}")
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

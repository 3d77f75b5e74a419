"""Multi-class networks with a softmax output (course 2, week 3), TensorFlow twin.

Same names, signatures, shapes and caches as `scratch.softmax` (classes in rows, examples in
columns: AL, ZL, Y one-hot: (C, m)). TF's own kernels do the work:
    convert_to_one_hot               tf.one_hot(indices, C, axis=0)
    softmax                          tf.nn.softmax(ZL, axis=0)
    compute_cost                     -1/m sum_j log AL[y_j, j] with TF ops
    compute_cost_from_logits         mean over the examples of
                                     tf.nn.softmax_cross_entropy_with_logits(Y, ZL, axis=0)
    softmax_cross_entropy_backward   the tape's gradient of the summed
                                     softmax_cross_entropy_with_logits at the logits log AL (whose
                                     softmax is AL when AL's columns sum to 1), never AL - Y written
    L_model_forward / L_model_backward   tfimpl.deep's layer kernels (TF ops, tape VJPs) and, at
                                     the output, dZL = the tape's gradient of m * J at the cached
                                     logits ZL: AL must be that forward pass's output
    predict                          tf.argmax over the classes

Keras's layout is the transpose (x = X.T, y = Y.T, softmax over axis -1):
`keras.losses.CategoricalCrossentropy(from_logits=True)` on (Y.T, ZL.T) equals
compute_cost_from_logits(ZL, Y) (its default reduction is the mean over the batch).
"""

import tensorflow as tf

from conventions.validation import (
    check_activations,
    check_class_labels,
    check_layer_caches,
    check_matrix,
    check_network_inputs,
    check_one_hot,
    check_probabilities,
    check_same_dtype,
)
from conventions.vocabulary import ACTIVATIONS, HIDDEN_ACTIVATION
from tfimpl import activations as _activations
from tfimpl import deep


def _hidden(activations, L):
    if activations is None:
        return [HIDDEN_ACTIVATION] * (L - 1)
    return check_activations(activations, L - 1, ACTIVATIONS)


def convert_to_one_hot(Y, C, dtype=tf.float64):
    """(1, m) class indices in 0 ... C - 1 -> (C, m) one-hot columns (tf.one_hot, axis 0)."""
    return _convert_to_one_hot(tf.constant(check_class_labels(Y, C)), C, tf.as_dtype(dtype))


def _convert_to_one_hot(Y, C, dtype):
    return tf.one_hot(tf.reshape(Y, [-1]), C, axis=0, dtype=dtype)


def _softmax(Z):
    return _activations.softmax(Z)


def compute_cost(AL, Y):
    """J = -1/m sum_j log AL[y_j, j] with TF ops: a 0-d tensor."""
    AL_checked = check_probabilities("AL", AL)
    Y = check_one_hot("Y", Y, *AL_checked.shape, dtype=AL_checked.dtype)
    return _compute_cost(deep._tensor(AL, AL_checked), tf.constant(Y))


def _compute_cost(AL, Y):
    m = tf.cast(tf.shape(AL)[1], AL.dtype)
    return -1 / m * tf.reduce_sum(tf.math.log(tf.reduce_sum(Y * AL, axis=0)))


def compute_cost_from_logits(ZL, Y):
    """J = mean_j softmax_cross_entropy_with_logits(Y[:, j], ZL[:, j]): a 0-d tensor."""
    ZL_checked = check_matrix("ZL", ZL)
    Y = check_one_hot("Y", Y, *ZL_checked.shape, dtype=ZL_checked.dtype)
    return _compute_cost_from_logits(deep._tensor(ZL, ZL_checked), tf.constant(Y))


def _compute_cost_from_logits(ZL, Y):
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=ZL, axis=0))


def _summed_loss_gradient(ZL, Y):
    """d(m J)/dZL by the tape: the summed cross-entropy's gradient at the logits."""
    with tf.GradientTape() as tape:
        tape.watch(ZL)
        summed = tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits(labels=Y, logits=ZL, axis=0))
    return tape.gradient(summed, ZL)


def softmax_cross_entropy_backward(AL, Y):
    """dZL: the tape's gradient of the summed cross-entropy at logits log AL (no 1/m)."""
    AL_checked = check_probabilities("AL", AL)
    Y = check_one_hot("Y", Y, *AL_checked.shape, dtype=AL_checked.dtype)
    return _softmax_cross_entropy_backward(deep._tensor(AL, AL_checked), tf.constant(Y))


def _softmax_cross_entropy_backward(AL, Y):
    return _summed_loss_gradient(tf.math.log(AL), Y)


def L_model_forward(X, parameters, activations=None):
    """[LINEAR -> g] x (L - 1) -> LINEAR -> SOFTMAX with TF ops. Returns (AL, caches)."""
    X_checked, checked, sizes = check_network_inputs(X, parameters)
    return _L_model_forward(deep._tensor(X, X_checked), deep._tensors(parameters, checked),
                            _hidden(activations, len(sizes) - 1))


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
    """grads as scratch's: dZL = the tape's gradient of m * J at the cached logits ZL, then
    tfimpl.deep's layer kernels (tape VJPs) from L down to 1."""
    checked = check_layer_caches(caches)
    activations = _hidden(activations, len(checked))
    Z_L = checked[-1][1]
    AL_checked = check_probabilities("AL", AL, *Z_L.shape)
    check_same_dtype(AL=AL_checked, Z=Z_L)
    Y = check_one_hot("Y", Y, *Z_L.shape, dtype=Z_L.dtype)
    tensors = deep._tensors([deep._pairs(c) for c in caches], checked)
    return _L_model_backward(deep._tensor(AL, AL_checked), tf.constant(Y), tensors, activations)


def _L_model_backward(AL, Y, caches, activations):
    grads = {}
    L = len(caches)
    linear_cache, ZL = caches[-1]
    dA, dW, db = deep._linear_backward(_summed_loss_gradient(ZL, Y), linear_cache)
    grads.update({f"dA{L - 1}": dA, f"dW{L}": dW, f"db{L}": db})
    for l in reversed(range(1, L)):
        dA, dW, db = deep._linear_activation_backward(dA, caches[l - 1], activations[l - 1])
        grads.update({f"dA{l - 1}": dA, f"dW{l}": dW, f"db{l}": db})
    return grads


def predict(X, parameters, activations=None):
    """The most probable class of each example: tf.argmax over the classes, (1, m) int64."""
    X_checked, checked, sizes = check_network_inputs(X, parameters)
    return _predict(deep._tensor(X, X_checked), deep._tensors(parameters, checked),
                    _hidden(activations, len(sizes) - 1))


def _predict(X, parameters, activations):
    AL, _ = _L_model_forward(X, parameters, activations)
    return tf.reshape(tf.argmax(AL, axis=0, output_type=tf.int64), (1, -1))


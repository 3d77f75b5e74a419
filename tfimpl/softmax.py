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

L_layer_model: course 2's mini-batch loop (tfimpl.minibatch) with a tape over the network and the
from-logits cost and a Keras optimizer (keras_mapping.course_optimizer); fit_keras: a Keras
Dense(..., activation="softmax") model trained by model.fit on the same mini-batches.

Keras's layout is the transpose (x = X.T, y = Y.T, softmax over axis -1):
`keras.losses.CategoricalCrossentropy(from_logits=True)` on (Y.T, ZL.T) equals
compute_cost_from_logits(ZL, Y) (its default reduction is the mean over the batch).
"""

import keras
import numpy as np
import tensorflow as tf

from conventions import layout
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
from tfimpl import activations as _activations
from tfimpl import deep, keras_bridge, keras_mapping, minibatch


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



# --- training: course 2's mini-batch loop, and the Keras softmax model trained by model.fit -----
def L_layer_model(X, Y, layers_dims, optimizer="adam", learning_rate=0.0007, mini_batch_size=64,
                  num_epochs=1000, print_cost=False, *, beta=0.9, beta1=0.9, beta2=0.999,
                  epsilon=1e-8, initial_parameters=None, activations=None, scale="he",
                  seed=DEEP_SEED, progress=None, compiled=None):
    """Mini-batch training as scratch's: a tf.GradientTape over the forward pass and the
    from-logits cost (tf.nn.softmax_cross_entropy_with_logits, axis 0), the Keras optimizer of
    keras_mapping.course_optimizer on variables holding W, b, the loop of tfimpl.minibatch.
    Returns (parameters, costs) (tensors). compiled: one tf.function step (default when more than
    minibatch.COMPILE_AFTER steps) or eager (False)."""
    X, Y, parameters, activations, settings = _checked_training(
        X, Y, layers_dims, (optimizer, learning_rate, mini_batch_size, num_epochs, beta, beta1,
                            beta2, epsilon, progress), initial_parameters, activations, scale,
        seed)
    return _L_layer_model(X, Y, parameters, activations, settings, print_cost, progress, compiled)


def _checked_training(X, Y, layers_dims, settings, initial_parameters, activations, scale, seed):
    X_checked = check_matrix("X", X)
    Y_checked = check_one_hot("Y", Y, m=X_checked.shape[1], dtype=X_checked.dtype)
    settings = check_mini_batch_training(*settings)
    parameters = deep._initial_parameters(X_checked, layers_dims, initial_parameters, scale, seed)
    X_checked, checked, sizes = check_network_inputs(X_checked, parameters)
    if sizes[-1] != Y_checked.shape[0]:
        raise ValueError(f"Y: expected {sizes[-1]} classes (the output layer's units), got "
                         f"{Y_checked.shape[0]} rows")
    return (deep._tensor(X, X_checked), tf.constant(Y_checked), deep._tensors(parameters, checked),
            _hidden(activations, len(sizes) - 1), settings)


def _logits(X, parameters, activations):
    A = X
    for l, activation in enumerate(activations, start=1):
        A = _activations.FORWARD[activation](tf.matmul(parameters[f"W{l}"], A)
                                             + parameters[f"b{l}"])
    L = len(activations) + 1
    return tf.matmul(parameters[f"W{L}"], A) + parameters[f"b{L}"]


def _L_layer_model(X, Y, parameters, activations, settings, print_cost, progress, compiled):
    optimizer_name, learning_rate, size, epochs, beta, beta1, beta2, epsilon = settings
    variables = {k: tf.Variable(v) for k, v in parameters.items()}
    var_list = list(variables.values())
    optimizer = keras_mapping.course_optimizer(optimizer_name, learning_rate, X.dtype, beta, beta1,
                                               beta2, epsilon)
    optimizer.build(var_list)

    def step(X_b, Y_b):
        with tf.GradientTape() as tape:
            cost = _compute_cost_from_logits(_logits(X_b, variables, activations), Y_b)
        optimizer.apply_gradients(zip(tape.gradient(cost, var_list), var_list))
        return cost

    step = minibatch.compile_step(step, X, Y, minibatch.num_steps(X.shape[1], size, epochs),
                                  compiled)
    costs = minibatch.train(X, Y, step, "softmax", size, epochs, print_cost, progress)
    return {k: tf.convert_to_tensor(v) for k, v in variables.items()}, costs


def fit_keras(X, Y, parameters, activations=None, optimizer="adam", learning_rate=0.0007,
              mini_batch_size=64, num_epochs=1000, *, beta=0.9, beta1=0.9, beta2=0.999,
              epsilon=1e-8, progress=None, from_logits=False):
    """A keras.Sequential of Dense layers holding `parameters` (kernel W.T, bias b), the last
    Dense(C, activation="softmax"), trained by model.fit on L_layer_model's very mini-batches
    (tfimpl.minibatch.batch_stream: float64 kept, one Keras epoch per course epoch) with the
    optimizer of keras_mapping.course_optimizer. Returns (parameters, costs) like L_layer_model
    (costs: the epoch's mean training loss, summed by minibatch.RecordingLoss).

    The loss is keras.losses.CategoricalCrossentropy(dtype) FROM PROBABILITIES, as a Keras user
    writes it: on the output of Keras's own softmax it silently takes the logits that output
    carries (`_keras_logits`) and computes the stable from-logits cross-entropy — the course's
    compute_cost_from_logits, not the clipped probability formula (parity_tests/test_softmax.py
    pins the switch, for a call and for fit). from_logits=True builds the model with a linear
    last layer and CategoricalCrossentropy(from_logits=True) instead (the mapped loss,
    keras_mapping.course_categorical_crossentropy); both compute the same trajectory."""
    X, Y, parameters, activations, settings = _checked_training(
        X, Y, None, (optimizer, learning_rate, mini_batch_size, num_epochs, beta, beta1, beta2,
                     epsilon, progress), parameters, activations, "he", None)
    optimizer_name, learning_rate, size, epochs, beta, beta1, beta2, epsilon = settings
    dtype = X.dtype.name
    numpy_parameters = {k: np.asarray(v) for k, v in parameters.items()}
    model = _softmax_model(numpy_parameters, activations, dtype, not from_logits)
    loss = (keras_mapping.course_categorical_crossentropy(dtype) if from_logits
            else keras.losses.CategoricalCrossentropy(dtype=dtype))
    costs = minibatch.fit(model, loss, keras_mapping.course_optimizer(
        optimizer_name, learning_rate, X.dtype, beta, beta1, beta2, epsilon), X, Y, size, epochs,
        "softmax", progress)
    return layout.parameters_from_keras_weights(model.get_weights()), costs


def _softmax_model(parameters, activations, dtype, softmax_output=True):
    L = len(activations) + 1
    model = keras.Sequential([keras.Input(shape=(parameters["W1"].shape[1],), dtype=dtype)],
                             name="softmax_model")
    for l, activation in enumerate([*activations, "softmax" if softmax_output else None],
                                   start=1):
        keras_activation = keras_bridge.KERAS_ACTIVATIONS.get(activation, activation)
        model.add(keras.layers.Dense(parameters[f"W{l}"].shape[0], activation=keras_activation,
                                     dtype=dtype, name=f"layer{l}"))
    model.set_weights(layout.parameters_to_keras_weights(
        {k: parameters[k] for l in range(1, L + 1) for k in (f"W{l}", f"b{l}")}))
    return model

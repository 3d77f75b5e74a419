"""The Keras bridge of the L-layer network, TensorFlow twin: the course's parameters as a Keras
model and back, and training that model with `model.fit` on the course's float64 trajectory.

`to_keras` builds a `keras.Sequential` of Dense layers holding exactly the given weights,
`from_keras` reads them back, `fit_keras` trains that model with `model.fit` from the same start
(see its docstring for the three places where a naive Keras setup would not compute the course's
float64 trajectory). scratch has no Keras model, so none of this has a NumPy twin; the functions
are also reachable as `tfimpl.deep.to_keras`, `tfimpl.deep.from_keras` and `tfimpl.deep.fit_keras`.

Every public function checks its arguments with conventions.validation and hands them to its
kernel `_f` (a wrong variant replaces one by setting the module attribute).
"""

import keras
import numpy as np
import tensorflow as tf

from conventions import layout
from conventions.validation import (
    check_activations,
    check_choice,
    check_float_dtype,
    check_labels,
    check_matrix,
    check_network_parameters,
    check_non_negative_int,
    check_positive_float,
    check_progress,
    check_same_dtype,
)
from conventions.vocabulary import ACTIVATIONS, default_activations, records_cost
from tfimpl import activations as _activations
from tfimpl import losses
from tfimpl.keras_mapping import course_sgd


def _check_activations(activations, L):
    """The layers' activation names (the course's default stack when None), as tfimpl.deep."""
    return default_activations(L) if activations is None else check_activations(
        activations, L, ACTIVATIONS)


def _tf_dtype(dtype):
    return tf.as_dtype(check_float_dtype(dtype))


# --- the Keras model: round trip and model.fit --------------------------------------------------
@keras.saving.register_keras_serializable(package="dlparity")
def course_leaky_relu(x):
    """The course's leaky ReLU (slope 0.01) as a Keras activation: tfimpl.activations.leaky_relu
    (tf.where, exact in float64; keras's leaky_relu passes its slope as a float32 attribute)."""
    return _activations.leaky_relu(x)


KERAS_ACTIVATIONS = {"relu": "relu", "tanh": "tanh", "sigmoid": "sigmoid",
                     "leaky_relu": course_leaky_relu}


def to_keras(parameters, activations=None, dtype=None):
    """A keras.Sequential of Dense layers carrying exactly `parameters` (bit for bit).

    Layer l: Dense(n_l, activation=activations[l-1], use_bias=True) with kernel = W{l}.T and
    bias = b{l}.ravel() (conventions.layout.parameters_to_keras_weights). The model takes examples in
    rows: model(X.T) is L_model_forward(X)'s AL.T. dtype: default the parameters' dtype.
    """
    checked, sizes = check_network_parameters({k: np.asarray(v) for k, v in parameters.items()})
    activations = _check_activations(activations, len(sizes) - 1)
    dtype = _tf_dtype(dtype if dtype is not None else checked["W1"].dtype).name
    return _to_keras(checked, sizes, activations, dtype)


def _to_keras(checked, sizes, activations, dtype):
    model = keras.Sequential([keras.Input(shape=(sizes[0],), dtype=dtype)], name="L_layer_model")
    for l, activation in enumerate(activations, start=1):
        model.add(keras.layers.Dense(sizes[l], activation=KERAS_ACTIVATIONS[activation],
                                     use_bias=True, dtype=dtype, name=f"layer{l}_{activation}"))
    model.set_weights([w.astype(dtype, copy=False)
                       for w in layout.parameters_to_keras_weights(checked)])
    return model


def from_keras(model):
    """{W1, b1, ..., WL, bL} in the course layout from a Sequential of Dense layers."""
    weights = model.get_weights()
    if len(weights) != 2 * len(model.layers):
        raise ValueError(f"model: expected Dense layers with kernel and bias, got {len(weights)} "
                         f"weight arrays for {len(model.layers)} layers")
    return _from_keras(weights)


def _from_keras(weights):
    return layout.parameters_from_keras_weights(weights)


@keras.saving.register_keras_serializable(package="dlparity")
class CourseBinaryCrossentropy(keras.losses.Loss):
    """The course's cost as a Keras loss: -1/m * sum(y log p + (1 - y) log(1 - p)) over the batch,
    with the TF ops of tfimpl.losses.binary_cross_entropy, computed in `dtype`.

    It returns the batch's scalar cost; Keras's "sum_over_batch_size" reduction leaves a scalar
    unchanged (keras/src/losses/loss.py, reduce_values), so the training loss is exactly J.
    Unlike keras.losses.BinaryCrossentropy it neither clips p to [1e-7, 1 - 1e-7] nor switches to
    the logits formula when p comes from a Keras sigmoid (keras/src/backend/tensorflow/nn.py,
    binary_crossentropy and _get_logits).
    """

    def __init__(self, name="course_binary_crossentropy", reduction="sum_over_batch_size",
                 dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)

    def call(self, y_true, y_pred):
        return losses.binary_cross_entropy(tf.transpose(y_pred), tf.transpose(y_true))


def _stretches(num_iterations, print_cost):
    """[(first, length, count)]: the fit calls, each of `count` epochs of `length` steps from
    iteration `first`. An epoch runs from each iteration whose cost is recorded
    (vocabulary.COST_EVERY["deep"] apart) or printed (the last one, with print_cost) to the next,
    so the cost is evaluated between epochs and no step is taken twice; epochs of one length make
    one call (Keras's per-call set-up, ~0.5 s, once for the run, not once per record)."""
    starts = [i for i in range(num_iterations)
              if records_cost("deep", i) or (print_cost and i == num_iterations - 1)]
    calls = []
    for first, end in zip(starts, starts[1:] + [num_iterations]):
        if calls and calls[-1][1] == end - first:
            calls[-1][2] += 1
        else:
            calls.append([first, end - first, 1])
    return [tuple(call) for call in calls]


class _AtEpochStart(keras.callbacks.Callback):
    def __init__(self, call):
        super().__init__()
        self.call = call

    def on_epoch_begin(self, epoch, logs=None):
        self.call(epoch)


def fit_keras(X, Y, parameters, activations=None, learning_rate=0.0075, num_iterations=3000,
              print_cost=False, progress=None, loss="course"):
    """Train `to_keras(parameters, activations)` with model.fit, full batch, from exactly those
    weights. Returns (parameters, costs) like L_layer_model (costs at iterations 0, 100, ...).

    One step (one batch) is one gradient-descent step on all m examples, in order (no shuffling);
    fit runs an epoch of steps from one recorded cost to the next (Keras's per-epoch work —
    callbacks, metrics, a new iterator — once per 100 steps, not once per step). Three
    things a plain `model.fit(X.T, Y.T, batch_size=m, shuffle=False, epochs=n)` with
    keras.losses.BinaryCrossentropy and SGD(learning_rate) would do differently in float64:
    1. Keras's array adapter casts float64 NumPy inputs to floatx (float32)
       (keras/src/trainers/data_adapters/array_slicing.py, "Normalize floats to floatx"):
       the data is fed as a tf.data.Dataset of one full batch instead, which is not cast.
    2. keras.losses.BinaryCrossentropy() computes in floatx (float32) unless given a dtype.
       With dtype=float64 it still is not the course's formula: on the output of a Keras sigmoid
       it switches to tf.nn.sigmoid_cross_entropy_with_logits on the pre-activation (and on other
       probabilities it clips them to [1e-7, 1 - 1e-7]) — the same J wherever the course's
       formula is finite, rounded differently, and finite where the course's gives inf (AL
       rounding to exactly 0 or 1).
    3. SGD(learning_rate=float) keeps the rate in a float32 variable; course_sgd keeps it exact.
    loss: "course" (default) trains on CourseBinaryCrossentropy(dtype), the course's formula
        with the same TF ops as compute_cost; "keras" on keras.losses.BinaryCrossentropy(dtype)
        (the logits formula above).
    The recorded costs are the course's J, evaluated between epochs on the weights the next step
    starts from (History's "loss" is a float32 Mean metric, total / count: ~7 digits only).
    """
    checked, sizes = check_network_parameters({k: np.asarray(v) for k, v in parameters.items()})
    activations = _check_activations(activations, len(sizes) - 1)
    X = check_matrix("X", X, rows=sizes[0])
    check_same_dtype(X=X, W1=checked["W1"])
    Yc = check_labels("Y", Y, m=X.shape[1])
    num_iterations = check_non_negative_int("num_iterations", num_iterations)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    check_choice("loss", loss, ("course", "keras"))
    check_progress(progress)
    return _fit_keras(X, Yc, checked, sizes, activations, learning_rate, num_iterations,
                      print_cost, progress, loss)


def _fit_keras(X, Yc, checked, sizes, activations, learning_rate, num_iterations, print_cost,
               progress, loss):
    dtype = X.dtype
    model = _to_keras(checked, sizes, activations, dtype.name)
    training_loss = (CourseBinaryCrossentropy(dtype=dtype.name) if loss == "course"
                     else keras.losses.BinaryCrossentropy(dtype=dtype.name))
    model.compile(optimizer=course_sgd(learning_rate, dtype), loss=training_loss,
                  jit_compile=False)
    x = tf.constant(layout.examples_to_rows(X))
    y = tf.constant(layout.examples_to_rows(Yc.astype(dtype)))
    Y_course = tf.constant(Yc.astype(dtype))
    dataset = tf.data.Dataset.from_tensors((x, y)).repeat()
    costs = []

    def record(i):                      # J on the weights iteration i starts from
        cost = losses.binary_cross_entropy(tf.transpose(model(x)), Y_course)
        if print_cost:
            print(f"Cost after iteration {i}: {float(cost)}")
        if records_cost("deep", i):
            costs.append(cost.numpy())
            if progress is not None:
                progress(i, cost)

    for first, length, count in _stretches(num_iterations, print_cost):
        at_start = _AtEpochStart(lambda epoch, first=first, length=length:
                                 record(first + epoch * length))
        model.fit(dataset, epochs=count, steps_per_epoch=length, shuffle=False, verbose=0,
                  callbacks=[at_start])
    return _from_keras(model.get_weights()), costs

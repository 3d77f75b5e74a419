"""The deep L-layer network (course 1, week 4), TensorFlow twin.

Same names, signatures, shapes, caches and gradient keys as `scratch.deep` (X: (n_0, m),
W{l}: (n_l, n_{l-1}), b{l}: (n_l, 1), Y: (1, m)). Forward passes are TF ops
(`tfimpl.activations`); every backward is a `tf.GradientTape` vector-Jacobian product, never the
hand formulas; training applies the tape's gradients with a Keras optimizer (`course_sgd`) to
minimise the course's cost J = -1/m * sum(Y log AL + (1 - Y) log(1 - AL)) — the same function
scratch minimises.

The course's 1/m convention (see `scratch.deep`): its dA{l} and dZ{l} are gradients of the summed
loss m * J while dW{l}, db{l} are gradients of J. The tape differentiates J itself, so here
    linear_backward: the VJP of Z = W A_prev + b with output gradient dZ gives
                     (W.T dZ, dZ A_prev.T, sum_columns dZ); dW and db are then divided by m;
    L_model_backward: dW{l}, db{l} = tape.gradient(J, W{l}, b{l}); dA{l} = m * tape.gradient(J, A{l}).

Keras round trip: `to_keras` builds a `keras.Sequential` of Dense layers holding exactly the given
weights, `from_keras` reads them back, `fit_keras` trains that model with `model.fit` from the same
start (see its docstring for the three places where a naive Keras setup would not compute the
course's float64 trajectory).
"""

import keras
import numpy as np
import tensorflow as tf

from conventions import layout
from conventions.validation import (
    check_activations,
    check_choice,
    check_init_scale,
    check_labels,
    check_layer_cache,
    check_layer_dims,
    check_linear_cache,
    check_matrix,
    check_network_inputs,
    check_network_parameters,
    check_non_negative_int,
    check_positive_float,
    check_same_dtype,
)
from tfimpl import activations as _activations
from tfimpl import losses
from tfimpl.keras_mapping import course_sgd

ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu")
INIT_SCALES = ("xavier", "he")
COST_EVERY = 100
COMPILE_AFTER = 10


def default_activations(L):
    """The course's stack: ["relu"] * (L - 1) + ["sigmoid"]."""
    return ["relu"] * (L - 1) + ["sigmoid"]


def _tf_dtype(dtype):
    dtype = tf.as_dtype(dtype)
    if dtype not in (tf.float32, tf.float64):
        raise TypeError(f"dtype: expected float32 or float64, got {dtype.name}")
    return dtype


# --- initialisation -------------------------------------------------------------------------------
def initialize_parameters_deep(layer_dims, scale=0.01, dtype=tf.float64, seed=None):
    """W{l}: (n_l, n_{l-1}) standard normal draws times a scale, b{l}: (n_l, 1) zeros (tensors).

    scale: a positive number s (W = draws * s), "xavier" (W = draws / sqrt(n_{l-1})) or "he"
    (W = draws * sqrt(2 / n_{l-1})), scaled with TF ops in float64 then cast to `dtype`.
    seed: None or an int, as in scratch. The draws are NumPy's legacy stream
    (np.random.RandomState(seed).randn, or the global np.random.randn when seed is None): the
    course's initialisation is defined by that stream, and using it is what lets one seed start
    both twins from the same weights. Keras's initialisers draw the same distributions
    (`keras.initializers.VarianceScaling(1.0 or 2.0, "fan_in", "untruncated_normal")` for
    xavier/he, `RandomNormal(stddev=s)`) from different streams, so they never give these values.
    """
    sizes = check_layer_dims(layer_dims)
    check_init_scale(scale, INIT_SCALES)
    dtype = _tf_dtype(dtype)
    randn = np.random.randn if seed is None else np.random.RandomState(seed).randn
    parameters = {}
    for l in range(1, len(sizes)):
        draws = tf.constant(randn(sizes[l], sizes[l - 1]), dtype=tf.float64)
        n_prev = tf.constant(sizes[l - 1], dtype=tf.float64)
        if scale == "xavier":
            W = draws / tf.sqrt(n_prev)
        elif scale == "he":
            W = draws * tf.sqrt(tf.constant(2 / sizes[l - 1], dtype=tf.float64))
        else:
            W = draws * tf.constant(scale, dtype=tf.float64)
        parameters[f"W{l}"] = tf.cast(W, dtype)
        parameters[f"b{l}"] = tf.zeros((sizes[l], 1), dtype=dtype)
    return parameters


# --- input checks (NumPy-side, once per public call) ---------------------------------------------
def _check_activations(activations, L):
    return default_activations(L) if activations is None else check_activations(
        activations, L, ACTIVATIONS)


def _check_network(X, parameters, activations):
    """Checked NumPy X and parameters -> (X tensor, {name: tensor}, activation names)."""
    X, parameters, sizes = check_network_inputs(X, parameters)
    return (tf.constant(X), {k: tf.constant(v) for k, v in parameters.items()},
            _check_activations(activations, len(sizes) - 1))


def _check_Y(Y, m, dtype):
    return tf.constant(check_labels("Y", Y, m=m), dtype=dtype)


def _check_linear_cache(cache, name="cache"):
    return tuple(tf.constant(a) for a in check_linear_cache(cache, name))


def _check_layer_cache(cache, name="cache"):
    (A_prev, W, b), Z = check_layer_cache(cache, name)
    return (tf.constant(A_prev), tf.constant(W), tf.constant(b)), tf.constant(Z)


# --- forward --------------------------------------------------------------------------------------
def linear_forward(A, W, b):
    """Z = tf.matmul(W, A) + b. Returns (Z, cache) with cache = (A, W, b)."""
    return _linear_forward(*_check_linear_cache((A, W, b), "linear_forward"))


def _linear_forward(A, W, b):
    return tf.matmul(W, A) + b, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    """A = g(W A_prev + b) with g from tfimpl.activations. Returns (A, ((A_prev, W, b), Z))."""
    check_choice("activation", activation, ACTIVATIONS)
    A_prev, W, b = _check_linear_cache((A_prev, W, b), "linear_activation_forward")
    return _linear_activation_forward(A_prev, W, b, activation)


def _linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = _linear_forward(A_prev, W, b)
    return _activations.FORWARD[activation](Z), (linear_cache, Z)


def L_model_forward(X, parameters, activations=None):
    """The whole forward pass with TF ops. Returns (AL, caches), as scratch's."""
    X, parameters, activations = _check_network(X, parameters, activations)
    return _L_model_forward(X, parameters, activations)


def _L_model_forward(X, parameters, activations):
    caches = []
    A = X
    for l, activation in enumerate(activations, start=1):
        A, cache = _linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],
                                              activation)
        caches.append(cache)
    return A, caches


def _forward(X, parameters, activations):
    """AL only (no caches): the graph the training tape records."""
    A = X
    for l, activation in enumerate(activations, start=1):
        A = _activations.FORWARD[activation](tf.matmul(parameters[f"W{l}"], A)
                                             + parameters[f"b{l}"])
    return A


def compute_cost(AL, Y):
    """The course's J with TF ops (tfimpl.losses.binary_cross_entropy), a 0-d tensor."""
    AL = check_matrix("AL", AL, rows=1)
    return losses.binary_cross_entropy(tf.constant(AL), _check_Y(Y, AL.shape[1], AL.dtype))


# --- backward: every gradient from tf.GradientTape -------------------------------------------------
def linear_backward(dZ, cache):
    """(dA_prev, dW, db) as scratch's, from the tape's VJP of Z = W A_prev + b.

    The tape gives, for output gradient dZ: W.T dZ, dZ A_prev.T and sum_columns(dZ) (the
    gradient of the broadcast add). The course's dW and db carry 1/m (its dZ has none), so
    those two are divided by m; dA_prev is the VJP as is.
    """
    A_prev, W, b = _check_linear_cache(cache)
    dZ = check_matrix("dZ", dZ, rows=W.shape[0], cols=A_prev.shape[1])
    check_same_dtype(dZ=dZ, W=W.numpy())
    return _linear_backward(tf.constant(dZ), (A_prev, W, b))


def _linear_backward(dZ, cache):
    A_prev, W, b = cache
    with tf.GradientTape() as tape:
        tape.watch([A_prev, W, b])
        Z, _ = _linear_forward(A_prev, W, b)
    dA_prev, dW, db = tape.gradient(Z, [A_prev, W, b], output_gradients=dZ)
    m = A_prev.shape[1]
    return dA_prev, 1 / m * dW, 1 / m * db


def linear_activation_backward(dA, cache, activation):
    """dZ = the tape's VJP of g at the cached Z (tfimpl.activations' *_backward), then
    linear_backward. Returns (dA_prev, dW, db)."""
    check_choice("activation", activation, ACTIVATIONS)
    linear_cache, Z = _check_layer_cache(cache)
    dA = check_matrix("dA", dA, rows=Z.shape[0], cols=Z.shape[1])
    check_same_dtype(dA=dA, Z=Z.numpy())
    return _linear_activation_backward(tf.constant(dA), (linear_cache, Z), activation)


def _linear_activation_backward(dA, cache, activation):
    linear_cache, Z = cache
    dZ = _activations.BACKWARD[activation](dA, Z)
    return _linear_backward(dZ, linear_cache)


def L_model_backward(AL, Y, caches, activations=None):
    """The course's grads dict from ONE tape over the cost J.

    The caches hold the forward pass's inputs (X = A0, every W{l}, b{l}); the tape re-runs that
    forward pass (the same ops as L_model_forward, so the same AL) and the cost, then gives
    dJ/dW{l}, dJ/db{l} and dJ/dA{l} for the watched A0 and the intermediate A1..A{L-1}.
    Returned keys and values as scratch's: "dW{l}", "db{l}" = dJ/dW{l}, dJ/db{l};
    "dA{l}" = m * dJ/dA{l} (the course's convention).
    AL must be the output of the forward pass these caches record (checked).
    """
    caches = list(caches)
    if not caches:
        raise ValueError("caches: expected one cache per layer, got an empty list")
    caches = [_check_layer_cache(c, f"caches[{l}]") for l, c in enumerate(caches)]
    activations = _check_activations(activations, len(caches))
    Z_L = caches[-1][1]
    AL = check_matrix("AL", AL, rows=Z_L.shape[0], cols=Z_L.shape[1])
    Y = _check_Y(Y, AL.shape[1], AL.dtype)
    grads, AL_tape = _L_model_backward(Y, caches, activations)
    _check_same_forward(AL, AL_tape.numpy())
    return grads


def _check_same_forward(AL, AL_tape):
    """Refuse an AL that is not (up to rounding) the output of the cached forward pass."""
    tol = np.sqrt(np.finfo(AL.dtype).eps)
    difference = float(np.max(np.abs(AL - AL_tape), initial=0.0))
    if difference > tol:
        raise ValueError(f"AL: differs from the output of the forward pass recorded in caches by "
                         f"{difference:.3g}; pass the AL that L_model_forward returned with them")


def _L_model_backward(Y, caches, activations):
    L = len(caches)
    X = caches[0][0][0]
    Ws = [c[0][1] for c in caches]
    bs = [c[0][2] for c in caches]
    with tf.GradientTape() as tape:
        tape.watch([X] + Ws + bs)
        As = [X]
        for l in range(L):
            Z = tf.matmul(Ws[l], As[-1]) + bs[l]
            As.append(_activations.FORWARD[activations[l]](Z))
        cost = losses.binary_cross_entropy(As[-1], Y)
    dAs, dWs, dbs = tape.gradient(cost, [As[:L], Ws, bs])
    m = tf.constant(X.shape[1], dtype=X.dtype)
    grads = {}
    for l in reversed(range(1, L + 1)):
        grads[f"dA{l - 1}"] = m * dAs[l - 1]
        grads[f"dW{l}"] = dWs[l - 1]
        grads[f"db{l}"] = dbs[l - 1]
    return grads, As[-1]


def update_parameters(parameters, grads, learning_rate):
    """One keras.optimizers.SGD step (course_sgd: exactly W - learning_rate * dW).

    Returns a new dict of tensors (the inputs are not modified).
    """
    checked, sizes = check_network_parameters(parameters)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    pairs = []
    variables = {}
    for l in range(1, len(sizes)):
        for p in ("W", "b"):
            key = f"d{p}{l}"
            if key not in grads:
                raise KeyError(f"grads: missing {key!r} (has {sorted(grads)})")
            g = check_matrix(f"grads[{key!r}]", grads[key], *checked[f"{p}{l}"].shape)
            check_same_dtype(**{f"grads[{key!r}]": g, f"parameters['{p}{l}']": checked[f"{p}{l}"]})
            variables[f"{p}{l}"] = tf.Variable(checked[f"{p}{l}"], name=f"{p}{l}")
            pairs.append((tf.constant(g), variables[f"{p}{l}"]))
    course_sgd(learning_rate, checked["W1"].dtype).apply_gradients(pairs)
    return {k: tf.convert_to_tensor(v) for k, v in variables.items()}


# --- training and prediction ----------------------------------------------------------------------
def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False,
                  *, initial_parameters=None, activations=None, scale="xavier", seed=1,
                  progress=None, compiled=None):
    """Full-batch training: a tape over the forward pass and the course's cost, gradients applied
    by course_sgd. Returns (parameters, costs) as scratch's (tensors).

    Same keywords as scratch.deep.L_layer_model, plus
    compiled: run each iteration as one `tf.function` (graph) step — the same ops as the eager
    step (on the 4-layer cat network: bit-identical parameters after 2500 iterations, ~2.7x
    faster) — or eagerly (False).
    Default: compiled when num_iterations > COMPILE_AFTER (tracing costs more than a few steps).
    """
    X = check_matrix("X", X)
    Yc = check_labels("Y", Y, m=X.shape[1])
    num_iterations = check_non_negative_int("num_iterations", num_iterations)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    parameters = _initial_parameters(X, layers_dims, initial_parameters, scale, seed)
    X, parameters, activations = _check_network(X, parameters, activations)
    Y = tf.constant(Yc, dtype=X.dtype)
    variables = {k: tf.Variable(v, name=k) for k, v in parameters.items()}
    var_list = list(variables.values())
    optimizer = course_sgd(learning_rate, X.dtype)
    optimizer.build(var_list)

    def step():
        with tf.GradientTape() as tape:
            cost = losses.binary_cross_entropy(_forward(X, variables, activations), Y)
        optimizer.apply_gradients(zip(tape.gradient(cost, var_list), var_list))
        return cost

    if compiled or (compiled is None and num_iterations > COMPILE_AFTER):
        step = tf.function(step, jit_compile=False, autograph=False)
    costs = []
    for i in range(num_iterations):
        cost = step()
        if print_cost and (i % COST_EVERY == 0 or i == num_iterations - 1):
            print(f"Cost after iteration {i}: {float(cost)}")
        if i % COST_EVERY == 0:
            costs.append(cost)
            if progress is not None:
                progress(i, cost)
    return {k: tf.convert_to_tensor(v) for k, v in variables.items()}, costs


def _initial_parameters(X, layers_dims, initial_parameters, scale, seed):
    if initial_parameters is None:
        if layers_dims is None:
            raise ValueError("layers_dims: required when initial_parameters is not given")
        return initialize_parameters_deep(layers_dims, scale, X.dtype, seed)
    _, sizes = check_network_parameters(initial_parameters)
    if layers_dims is not None and list(layers_dims) != sizes:
        raise ValueError(f"layers_dims: {list(layers_dims)} does not match initial_parameters' "
                         f"layer sizes {sizes}")
    return initial_parameters


def predict(X, y, parameters, activations=None, print_accuracy=False):
    """p: (1, m) of 0.0/1.0 (X's dtype), 1 where AL > 0.5; prints the accuracy only when asked."""
    X, parameters, activations = _check_network(X, parameters, activations)
    p = tf.cast(_forward(X, parameters, activations) > 0.5, X.dtype)
    if y is not None:
        y = _check_Y(y, X.shape[1], X.dtype)
        if print_accuracy:
            print("Accuracy: " + str(float(tf.reduce_mean(tf.cast(p == y, X.dtype)))))
    return p


def accuracy(p, y):
    """Percentage of matching labels: 100 * mean(p == y), with TF ops."""
    p = tf.convert_to_tensor(p)
    y = tf.cast(y, p.dtype)
    if p.shape != y.shape:
        raise ValueError(f"p, y: expected the same shape, got {p.shape} and {y.shape}")
    return float(100 * tf.reduce_mean(tf.cast(p == y, tf.float64)))


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


class _CostRecorder(keras.callbacks.Callback):
    """Records J at the start of epochs 0, 100, 200, ... — the weights before that epoch's single
    update, i.e. the value scratch records at iteration i."""

    def __init__(self, x, Y, num_iterations, print_cost, progress):
        super().__init__()
        self.x, self.Y = x, Y
        self.num_iterations, self.print_cost, self.progress = num_iterations, print_cost, progress
        self.costs = []

    def on_epoch_begin(self, epoch, logs=None):
        record = epoch % COST_EVERY == 0
        last = self.print_cost and epoch == self.num_iterations - 1
        if not (record or last):
            return
        cost = losses.binary_cross_entropy(tf.transpose(self.model(self.x)), self.Y)
        if self.print_cost and (record or last):
            print(f"Cost after iteration {epoch}: {float(cost)}")
        if record:
            self.costs.append(cost.numpy())
            if self.progress is not None:
                self.progress(epoch, cost)


def fit_keras(X, Y, parameters, activations=None, learning_rate=0.0075, num_iterations=3000,
              print_cost=False, progress=None, loss="course"):
    """Train `to_keras(parameters, activations)` with model.fit, full batch, from exactly those
    weights. Returns (parameters, costs) like L_layer_model (costs at epochs 0, 100, ...).

    One epoch is one gradient-descent step on all m examples, in order (no shuffling). Three
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
    The recorded costs are the course's J, evaluated by a callback at the start of the epoch
    (History's "loss" is a float32 Mean metric, total / count, so it holds only ~7 digits).
    """
    checked, sizes = check_network_parameters({k: np.asarray(v) for k, v in parameters.items()})
    activations = _check_activations(activations, len(sizes) - 1)
    X = check_matrix("X", X, rows=sizes[0])
    check_same_dtype(X=X, W1=checked["W1"])
    Yc = check_labels("Y", Y, m=X.shape[1])
    num_iterations = check_non_negative_int("num_iterations", num_iterations)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    check_choice("loss", loss, ("course", "keras"))
    dtype = X.dtype
    model = to_keras(checked, activations, dtype)
    training_loss = (CourseBinaryCrossentropy(dtype=dtype.name) if loss == "course"
                     else keras.losses.BinaryCrossentropy(dtype=dtype.name))
    model.compile(optimizer=course_sgd(learning_rate, dtype), loss=training_loss,
                  jit_compile=False)
    x = tf.constant(layout.examples_to_rows(X))
    y = tf.constant(layout.examples_to_rows(Yc.astype(dtype)))
    recorder = _CostRecorder(x, tf.constant(Yc.astype(dtype)), num_iterations, print_cost,
                             progress)
    if num_iterations:
        dataset = tf.data.Dataset.from_tensors((x, y))
        model.fit(dataset, epochs=num_iterations, shuffle=False, verbose=0,
                  callbacks=[recorder])
    return from_keras(model), recorder.costs

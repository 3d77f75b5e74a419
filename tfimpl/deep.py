"""The deep L-layer network (course 1, week 4), TensorFlow twin.

Same names, signatures, shapes, caches and gradient keys as `scratch.deep` (X: (n_0, m),
W{l}: (n_l, n_{l-1}), b{l}: (n_l, 1), Y: (1, m)). Forward passes are TF ops
(`tfimpl.activations`); every backward is a `tf.GradientTape` vector-Jacobian product, never the
hand formulas; updates are Keras optimizer steps (`course_sgd`) on the course's cost
J = -1/m * sum(Y log AL + (1 - Y) log(1 - AL)) — the same function scratch minimises.

The course's 1/m convention (see `scratch.deep`): its dA{l} and dZ{l} are gradients of the summed
loss m * J while dW{l}, db{l} are gradients of J. So here
    L_model_backward: dAL = the tape's gradient of m * J at the given AL, then layer by layer
                     from L down to 1 linear_activation_backward;
    linear_activation_backward: dZ = the tape's VJP of g at the cached Z with output gradient dA,
                     then linear_backward;
    linear_backward: the tape's VJP of Z = W A_prev + b at the cached (A_prev, W, b) with output
                     gradient dZ gives (W.T dZ, dZ A_prev.T, sum_columns dZ); dW and db are then
                     multiplied by 1/m.
Every backward computes from its arguments alone: AL and the caches need not come from one
forward pass (the course's test cells draw them independently).

Every public function `f` checks its arguments with conventions.validation (NumPy side; errors
name the argument) and hands tensors to its kernel `_f`, which computes with TF ops; kernels call
kernels through this module's globals, so a wrong variant replaces one by setting the module
attribute. Arguments that already are tensors of the checked dtype are used as they are (no copy).

Keras round trip: `to_keras`, `from_keras` and `fit_keras` live in `tfimpl.keras_bridge` (the
network as a Keras model, read back, trained with `model.fit`); they stay importable from here.
"""

import collections

import numpy as np
import tensorflow as tf

from conventions.validation import (
    check_activations,
    check_choice,
    check_float_dtype,
    check_init_scale,
    check_labels,
    check_layer_cache,
    check_layer_caches,
    check_layer_dims,
    check_linear_cache,
    check_matrix,
    check_network_grads,
    check_network_inputs,
    check_network_parameters,
    check_non_negative_int,
    check_positive_float,
    check_progress,
    check_same_dtype,
)
from conventions.vocabulary import ACTIVATIONS, DEEP_SEED, INIT_SCALES, default_activations, records_cost
from tfimpl import activations as _activations
from tfimpl import graphs, losses
from tfimpl.keras_bridge import (  # noqa: F401  (the Keras bridge, importable from here too)
    CourseBinaryCrossentropy,
    course_leaky_relu,
    fit_keras,
    from_keras,
    to_keras,
)
from tfimpl.keras_mapping import course_sgd


def _tf_dtype(dtype):
    dtype = tf.as_dtype(check_float_dtype(dtype))
    return dtype


# --- initialisation -------------------------------------------------------------------------------
def initialize_parameters_deep(layer_dims, scale=0.01, dtype=tf.float64, seed=None):
    """W{l}: (n_l, n_{l-1}) standard normal draws times a scale, b{l}: (n_l, 1) zeros (tensors).

    scale: a positive number s (W = draws * s), "xavier" (W = draws / sqrt(n_{l-1})) or "he"
    (W = draws * sqrt(2 / n_{l-1})), scaled with TF ops in float64 then cast to `dtype`.
    seed: None or an int, as in scratch. The draws are NumPy's legacy stream
    (np.random.RandomState(seed).randn, or the global np.random.randn when seed is None): the
    course's initialisation is defined by that stream, and using it is what lets one seed start
    both twins from the same weights (bit for bit). Keras's initialisers draw the same
    distributions (`keras.initializers.VarianceScaling(1.0 or 2.0, "fan_in",
    "untruncated_normal")` for xavier/he, `RandomNormal(stddev=s)`) from different streams, so
    they never give these values.
    """
    sizes = check_layer_dims(layer_dims)
    check_init_scale(scale, INIT_SCALES)
    return _initialize_parameters_deep(sizes, scale, _tf_dtype(dtype), seed)


def _initialize_parameters_deep(sizes, scale, dtype, seed):
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


# --- input checks (NumPy-side, once per public call), then tensors ------------------------------
def _tensor(given, checked):
    """`given` itself when it already is a tensor of the checked array's dtype (no copy), else
    the checked NumPy array as a constant."""
    if isinstance(given, tf.Tensor) and given.dtype.as_numpy_dtype == checked.dtype:
        return given
    return tf.constant(checked)


def _tensors(given, checked):
    """_tensor over nested dicts / tuples / lists of the same structure."""
    if isinstance(checked, dict):
        return {k: _tensors(given[k], v) for k, v in checked.items()}
    if isinstance(checked, (tuple, list)):
        return type(checked)(_tensors(g, c) for g, c in zip(given, checked))
    return _tensor(given, checked)


def _check_activations(activations, L):
    return default_activations(L) if activations is None else check_activations(
        activations, L, ACTIVATIONS)


def _check_network(X, parameters, activations):
    """Checked X and parameters -> (X tensor, {name: tensor}, activation names)."""
    X_checked, checked, sizes = check_network_inputs(X, parameters)
    return (_tensor(X, X_checked), _tensors(parameters, checked),
            _check_activations(activations, len(sizes) - 1))


def _check_Y(Y, m, dtype):
    return tf.constant(check_labels("Y", Y, m=m), dtype=dtype)


# --- kernels run as graphs ----------------------------------------------------------------------
# The kernels a public function may run as a traced graph, and everything they call by name.
GRAPH_KERNELS = ("_L_model_forward", "_linear_activation_forward", "_linear_forward",
                 "_compute_cost", "_L_model_backward", "_output_gradient",
                 "_linear_activation_backward", "_linear_backward")
_GRAPHS = collections.OrderedDict()   # call key -> its concrete function, or None after one call
_KEEP_GRAPHS = 8                      # keys kept (least recently used dropped with their graph)


def _in_graph(name, *args):
    """The kernel `name` on args: eagerly the first time a call of its kind is seen, as a traced
    graph of the same ops from the second time on (a loop makes the same call again and again).

    Why: an eager backward pass is ~100 Python-driven ops and tape records (~5 ms on course 2's
    [2, 10, 5, 1] network), its graph one call (~0.4 ms); the graph gives the same bits as the
    eager ops (checked on random networks). Tracing costs ~0.1 s, which a one-off call never
    repays. A call's kind is the kernel, the Python values among args (activation names) and the
    tensors' shapes and dtypes; the trace is kept as a concrete function, called directly (a
    tf.function's own dispatch on ~20 arguments costs more than the graph runs). The kind also
    holds the kernels of GRAPH_KERNELS and the activation and loss functions as they are bound
    now, so a kernel replaced by name (a wrong variant) is traced anew, never hidden by an old
    trace. At most _KEEP_GRAPHS kinds are kept, so graphs never pile up.
    """
    names = globals()
    bindings = (tuple(names[kernel] for kernel in GRAPH_KERNELS),      # the objects: a key
                tuple(_activations.FORWARD.items()),                    # keeps them alive, so
                tuple(_activations.BACKWARD.items()),                   # ids are never reused
                losses.binary_cross_entropy)
    leaves = tf.nest.flatten(args)
    kind = tuple((a.dtype, tuple(a.shape.as_list())) if isinstance(a, tf.Tensor) else a
                 for a in leaves)
    key = (name, bindings, kind)
    seen = key in _GRAPHS
    graph = _GRAPHS.pop(key, None)
    if seen and graph is None:
        kernel = names[name]
        graph = tf.function(lambda *a: kernel(*a), autograph=False).get_concrete_function(*args)
    _GRAPHS[key] = graph
    while len(_GRAPHS) > _KEEP_GRAPHS:
        _GRAPHS.popitem(last=False)
    if graph is None:
        return names[name](*args)
    return graphs.call_graph(graph, [a for a in leaves if isinstance(a, tf.Tensor)], args)


# --- forward --------------------------------------------------------------------------------------
def linear_forward(A, W, b):
    """Z = tf.matmul(W, A) + b. Returns (Z, cache) with cache = (A, W, b)."""
    given = (A, W, b)
    return _linear_forward(*_tensors(given, check_linear_cache(given, "linear_forward")))


def _linear_forward(A, W, b):
    return tf.matmul(W, A) + b, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    """A = g(W A_prev + b) with g from tfimpl.activations. Returns (A, ((A_prev, W, b), Z))."""
    check_choice("activation", activation, ACTIVATIONS)
    given = (A_prev, W, b)
    A_prev, W, b = _tensors(given, check_linear_cache(given, "linear_activation_forward"))
    return _linear_activation_forward(A_prev, W, b, activation)


def _linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = _linear_forward(A_prev, W, b)
    return _activations.FORWARD[activation](Z), (linear_cache, Z)


def L_model_forward(X, parameters, activations=None):
    """The whole forward pass with TF ops. Returns (AL, caches), as scratch's."""
    X, parameters, activations = _check_network(X, parameters, activations)
    return _in_graph("_L_model_forward", X, parameters, tuple(activations))


def _L_model_forward(X, parameters, activations):
    caches = []
    A = X
    for l, activation in enumerate(activations, start=1):
        A, cache = _linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],
                                              activation)
        caches.append(cache)
    return A, caches


def _network_output(X, parameters, activations):
    """AL alone: the forward pass without caches, as the training tape and predict run it."""
    A = X
    for l, activation in enumerate(activations, start=1):
        A = _activations.FORWARD[activation](tf.matmul(parameters[f"W{l}"], A)
                                             + parameters[f"b{l}"])
    return A


def compute_cost(AL, Y):
    """The course's J with TF ops (tfimpl.losses.binary_cross_entropy), a 0-d tensor."""
    AL_checked = check_matrix("AL", AL, rows=1)
    return _in_graph("_compute_cost", _tensor(AL, AL_checked),
                     _check_Y(Y, AL_checked.shape[1], AL_checked.dtype))


def _compute_cost(AL, Y):
    return losses.binary_cross_entropy(AL, Y)


# --- backward: every gradient from tf.GradientTape -------------------------------------------------
def linear_backward(dZ, cache):
    """(dA_prev, dW, db) as scratch's, from the tape's VJP of Z = W A_prev + b.

    The tape gives, for output gradient dZ: W.T dZ, dZ A_prev.T and sum_columns(dZ) (the
    gradient of the broadcast add). The course's dW and db carry 1/m (its dZ has none), so
    those two are multiplied by 1/m; dA_prev is the VJP as is.
    """
    A_prev, W, b = check_linear_cache(cache)
    dZ_checked = check_matrix("dZ", dZ, rows=W.shape[0], cols=A_prev.shape[1])
    check_same_dtype(dZ=dZ_checked, W=W)
    return _in_graph("_linear_backward", _tensor(dZ, dZ_checked),
                     _tensors(tuple(cache), (A_prev, W, b)))


def _linear_backward(dZ, cache):
    A_prev, W, b = cache
    with tf.GradientTape() as tape:
        tape.watch([A_prev, W, b])
        Z, _ = _linear_forward(A_prev, W, b)
    dA_prev, dW, db = tape.gradient(Z, [A_prev, W, b], output_gradients=dZ)
    m = tf.cast(tf.shape(A_prev)[1], dW.dtype)
    return dA_prev, 1 / m * dW, 1 / m * db


def linear_activation_backward(dA, cache, activation):
    """dZ = the tape's VJP of g at the cached Z (tfimpl.activations' *_backward), then
    linear_backward. Returns (dA_prev, dW, db)."""
    check_choice("activation", activation, ACTIVATIONS)
    checked = check_layer_cache(cache)
    Z = checked[1]
    dA_checked = check_matrix("dA", dA, rows=Z.shape[0], cols=Z.shape[1])
    check_same_dtype(dA=dA_checked, Z=Z)
    return _in_graph("_linear_activation_backward", _tensor(dA, dA_checked),
                     _tensors(_pairs(cache), checked), activation)


def _pairs(cache):
    """A layer cache ((A_prev, W, b), Z) as nested tuples (any sequences given)."""
    linear_cache, Z = cache
    return tuple(linear_cache), Z


def _linear_activation_backward(dA, cache, activation):
    linear_cache, Z = cache
    dZ = _activations.BACKWARD[activation](dA, Z)
    return _linear_backward(dZ, linear_cache)


def L_model_backward(AL, Y, caches, activations=None):
    """The course's grads dict: dAL from (AL, Y), then one VJP per layer, from L down to 1.

    dAL = the tape's gradient of the summed loss m * J = -sum(Y log AL + (1 - Y) log(1 - AL))
    at the given AL (the course's -(Y / AL - (1 - Y) / (1 - AL))); then for l = L..1,
    linear_activation_backward(dA{l}, caches[l-1], activations[l-1]): tapes over the layer's
    recorded Z (its activation) and A_prev, W, b (its linear step) with the upstream gradient
    as output_gradients. The network's forward pass is never re-run from the caches' X, so AL
    need not be that forward pass's output: the result is the chain rule at the arguments.
    Returned keys and values as scratch's: "dA{l-1}" (m * dJ/dA{l-1}, the course's convention),
    "dW{l}", "db{l}" (dJ/dW{l}, dJ/db{l}).
    """
    checked = check_layer_caches(caches)
    activations = _check_activations(activations, len(checked))
    Z_L = checked[-1][1]
    AL_checked = check_matrix("AL", AL, rows=Z_L.shape[0], cols=Z_L.shape[1])
    check_same_dtype(AL=AL_checked, Z=Z_L)
    Y = _check_Y(Y, AL_checked.shape[1], AL_checked.dtype)
    caches = _tensors([_pairs(c) for c in caches], checked)
    return _in_graph("_L_model_backward", _tensor(AL, AL_checked), Y, caches, tuple(activations))


def _output_gradient(AL, Y):
    """dAL = d(m J)/dAL by the tape: the course's dAL, which carries no 1/m."""
    m = tf.cast(tf.shape(Y)[1], AL.dtype)
    with tf.GradientTape() as tape:
        tape.watch(AL)
        summed_loss = m * losses.binary_cross_entropy(AL, Y)
    return tape.gradient(summed_loss, AL)


def _L_model_backward(AL, Y, caches, activations):
    grads = {}                  # the course's order: dA{L-1}, dW{L}, db{L}, ..., dA0, dW1, db1
    dA = _output_gradient(AL, Y)
    for l in reversed(range(1, len(caches) + 1)):
        dA, dW, db = _linear_activation_backward(dA, caches[l - 1], activations[l - 1])
        grads.update({f"dA{l - 1}": dA, f"dW{l}": dW, f"db{l}": db})
    return grads


# --- the update: one Keras optimizer step, on variables kept between calls --------------------
def update_parameters(parameters, grads, learning_rate):
    """One keras.optimizers.SGD step (course_sgd: exactly W - learning_rate * dW).

    Returns a new dict of tensors (the inputs are not modified).
    """
    checked, _ = check_network_parameters(parameters)
    checked_grads = check_network_grads(grads, checked)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    return _update_parameters(_tensors(parameters, checked),
                              _tensors({k: grads[k] for k in checked_grads}, checked_grads),
                              learning_rate)


def _update_parameters(parameters, grads, learning_rate):
    return graphs.sgd_update(parameters, grads, learning_rate)


# --- training and prediction ----------------------------------------------------------------------
def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False,
                  *, initial_parameters=None, activations=None, scale="xavier", seed=DEEP_SEED,
                  progress=None, compiled=None):
    """Full-batch training: a tape over the forward pass and the course's cost, gradients applied
    by course_sgd. Returns (parameters, costs) as scratch's (tensors).

    Same keywords as scratch.deep.L_layer_model (costs and progress(i, cost) at the iterations
    vocabulary.COST_EVERY["deep"] records, before that iteration's update), plus
    compiled: run each iteration as one `tf.function` (graph) step — the same ops as the eager
    step (on the 4-layer cat network: bit-identical parameters after 2500 iterations, ~2.7x
    faster) — or eagerly (False).
    Default: compiled when num_iterations > graphs.COMPILE_AFTER (tracing costs more than a few
    steps).
    """
    X_checked = check_matrix("X", X)
    Y = check_labels("Y", Y, m=X_checked.shape[1])
    num_iterations = check_non_negative_int("num_iterations", num_iterations)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    check_progress(progress)
    parameters = _initial_parameters(X_checked, layers_dims, initial_parameters, scale, seed)
    X, parameters, activations = _check_network(X, parameters, activations)
    Y = tf.constant(Y, dtype=X.dtype)
    compiled = bool(compiled or (compiled is None and num_iterations > graphs.COMPILE_AFTER))
    return _L_layer_model(X, Y, parameters, activations, learning_rate, num_iterations,
                          print_cost, progress, compiled)


def _L_layer_model(X, Y, parameters, activations, learning_rate, num_iterations, print_cost,
                   progress, compiled):
    # Unnamed: TensorFlow keeps ~35 KB per named variable for the life of the process.
    variables = {k: tf.Variable(v) for k, v in parameters.items()}
    var_list = list(variables.values())
    optimizer = course_sgd(learning_rate, X.dtype)
    optimizer.build(var_list)

    def step():
        with tf.GradientTape() as tape:
            cost = _compute_cost(_network_output(X, variables, activations), Y)
        optimizer.apply_gradients(zip(tape.gradient(cost, var_list), var_list))
        return cost

    if compiled:
        step = tf.function(step, jit_compile=False, autograph=False)
    costs = []
    for i in range(num_iterations):
        cost = step()
        recorded = records_cost("deep", i)
        if print_cost and (recorded or i == num_iterations - 1):
            print(f"Cost after iteration {i}: {float(cost)}")
        if recorded:
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
    if y is not None:
        y = _check_Y(y, X.shape[1], X.dtype)
    return _predict(X, y, parameters, activations, print_accuracy)


def _predict(X, y, parameters, activations, print_accuracy):
    p = tf.cast(_network_output(X, parameters, activations) > 0.5, X.dtype)
    if y is not None and print_accuracy:
        print("Accuracy: " + str(float(tf.reduce_mean(tf.cast(p == y, X.dtype)))))
    return p


def accuracy(p, y):
    """Percentage of matching labels: 100 * mean(p == y), with TF ops."""
    p = tf.convert_to_tensor(p)
    y = tf.cast(y, p.dtype)
    if p.shape != y.shape:
        raise ValueError(f"p, y: expected the same shape, got {p.shape} and {y.shape}")
    return _accuracy(p, y)


def _accuracy(p, y):
    return float(100 * tf.reduce_mean(tf.cast(p == y, tf.float64)))


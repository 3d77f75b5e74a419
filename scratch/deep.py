"""The deep L-layer network (course 1, week 4), NumPy twin.

Shapes (examples in columns): X = A0: (n_0, m), W{l}: (n_l, n_{l-1}), b{l}: (n_l, 1),
Z{l}, A{l}: (n_l, m), AL: (1, m), Y: (1, m) labels in {0, 1}.

Forward, layer l = 1..L:   Z{l} = W{l} A{l-1} + b{l},   A{l} = g{l}(Z{l}).
The default stack is the course's [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID; `activations`
(one name per layer among relu, tanh, sigmoid, leaky_relu) configures any other.
Cost: J = -1/m * sum(Y log AL + (1 - Y) log(1 - AL)).

Backward, the course's convention for where 1/m goes: the course starts from
dAL = -(Y / AL - (1 - Y) / (1 - AL)) WITHOUT 1/m, so every dA{l} and dZ{l} below is the gradient
of the summed loss m * J, and linear_backward applies 1/m to dW and db only:
    dZ{l} = dA{l} * g'(Z{l}),   dW{l} = 1/m dZ{l} A{l-1}.T,   db{l} = 1/m sum_columns(dZ{l}),
    dA{l-1} = W{l}.T dZ{l}.
So grads dW{l}, db{l} are dJ/dW{l}, dJ/db{l}, while grads dA{l} are m * dJ/dA{l}.

Caches follow the course: linear cache (A_prev, W, b); activation cache Z; layer cache
(linear_cache, Z); L_model_forward returns the list of the L layer caches.

Every public function `f` checks its arguments (conventions.validation: errors name the argument)
and hands them to its kernel `_f`, which computes; kernels call kernels through this module's
globals, so a wrong variant replaces one by setting the module attribute.
"""

import numpy as np

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
from conventions.vocabulary import (
    ACTIVATIONS,
    DEEP_SEED,
    INIT_SCALES,
    default_activations,
    records_cost,
)
from scratch import activations as _activations
from scratch import losses


# --- initialisation -------------------------------------------------------------------------------
def initialize_parameters_deep(layer_dims, scale=0.01, dtype=np.float64, seed=None):
    """W{l}: (n_l, n_{l-1}) standard normal draws times a scale, b{l}: (n_l, 1) zeros.

    layer_dims: [n_0, n_1, ..., n_L] (n_0 = input size).
    scale: how the draws are scaled, written exactly as the course writes it (bit for bit):
        a positive number s     W = randn(n_l, n_{l-1}) * s   (the notes' step by step: 0.01)
        "xavier"                W = randn(n_l, n_{l-1}) / np.sqrt(n_{l-1})
                                (the course-1 application's initialisation, variance 1/n_{l-1})
        "he"                    W = randn(n_l, n_{l-1}) * np.sqrt(2 / n_{l-1})   (course 2)
    seed: None draws from NumPy's global legacy stream (as the course does after
        np.random.seed(...)); an int draws from np.random.RandomState(seed), the very numbers
        np.random.seed(seed); np.random.randn(...) gives, without touching the global state.
        The layers are drawn in order W1, W2, ..., so seed=1 reproduces the course's
        np.random.seed(1) initialisations (the 2-layer model's W1, W2 included).
    dtype: the draws are made and scaled in float64, then cast (float32 is the rounded float64).
    """
    sizes = check_layer_dims(layer_dims)
    check_init_scale(scale, INIT_SCALES)
    dtype = check_float_dtype(dtype)
    return _initialize_parameters_deep(sizes, scale, dtype, seed)


def _initialize_parameters_deep(sizes, scale, dtype, seed):
    randn = np.random.randn if seed is None else np.random.RandomState(seed).randn
    parameters = {}
    for l in range(1, len(sizes)):
        draws = randn(sizes[l], sizes[l - 1])
        if scale == "xavier":
            W = draws / np.sqrt(sizes[l - 1])
        elif scale == "he":
            W = draws * np.sqrt(2 / sizes[l - 1])
        else:
            W = draws * scale
        parameters[f"W{l}"] = W.astype(dtype)
        parameters[f"b{l}"] = np.zeros((sizes[l], 1), dtype=dtype)
    return parameters


# --- input checks (once per public call) ---------------------------------------------------------
def _check_activations(activations, L):
    return default_activations(L) if activations is None else check_activations(
        activations, L, ACTIVATIONS)


def _check_network(X, parameters, activations):
    X, parameters, sizes = check_network_inputs(X, parameters)
    return X, parameters, _check_activations(activations, len(sizes) - 1)


def _check_Y(Y, m, dtype):
    return check_labels("Y", Y, m=m, dtype=dtype)


# --- forward --------------------------------------------------------------------------------------
def linear_forward(A, W, b):
    """Z = W A + b.  A: (n_{l-1}, m), W: (n_l, n_{l-1}), b: (n_l, 1) -> Z: (n_l, m).

    Returns (Z, cache) with cache = (A, W, b).
    """
    A_prev, W, b = check_linear_cache((A, W, b), "linear_forward")
    return _linear_forward(A_prev, W, b)


def _linear_forward(A, W, b):
    Z = W @ A + b
    return Z, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    """A = g(W A_prev + b) for g in relu/tanh/sigmoid/leaky_relu.

    Returns (A, cache) with cache = (linear_cache, Z), linear_cache = (A_prev, W, b).
    """
    check_choice("activation", activation, ACTIVATIONS)
    A_prev, W, b = check_linear_cache((A_prev, W, b), "linear_activation_forward")
    return _linear_activation_forward(A_prev, W, b, activation)


def _linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = _linear_forward(A_prev, W, b)
    A = _activations.FORWARD[activation](Z)
    return A, (linear_cache, Z)


def L_model_forward(X, parameters, activations=None):
    """The whole forward pass. Returns (AL: (n_L, m), caches: list of L layer caches).

    activations: one name per layer; default the course's [relu] * (L-1) + [sigmoid].
    """
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


def compute_cost(AL, Y):
    """J = -1/m * sum(Y log AL + (1 - Y) log(1 - AL)), a 0-d array.  AL, Y: (1, m)."""
    AL = check_matrix("AL", AL, rows=1)
    Y = _check_Y(Y, AL.shape[1], AL.dtype)
    return _compute_cost(AL, Y)


def _compute_cost(AL, Y):
    return losses.binary_cross_entropy(AL, Y)


# --- backward -------------------------------------------------------------------------------------
def linear_backward(dZ, cache):
    """From dZ: (n_l, m) and cache (A_prev, W, b):

        dW = 1/m dZ A_prev.T   (n_l, n_{l-1})
        db = 1/m sum(dZ, axis=1, keepdims=True)   (n_l, 1)
        dA_prev = W.T dZ   (n_{l-1}, m)

    Returns (dA_prev, dW, db).
    """
    A_prev, W, b = check_linear_cache(cache)
    dZ = check_matrix("dZ", dZ, rows=W.shape[0], cols=A_prev.shape[1])
    check_same_dtype(dZ=dZ, W=W)
    return _linear_backward(dZ, (A_prev, W, b))


def _linear_backward(dZ, cache, input_gradient=True):
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    dW = 1 / m * (dZ @ A_prev.T)
    db = 1 / m * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = W.T @ dZ if input_gradient else None
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    """dZ = dA * g'(Z) (scratch.activations' *_backward), then linear_backward.

    cache: (linear_cache, Z) from linear_activation_forward. Returns (dA_prev, dW, db).
    """
    check_choice("activation", activation, ACTIVATIONS)
    linear_cache, Z = check_layer_cache(cache)
    dA = check_matrix("dA", dA, rows=Z.shape[0], cols=Z.shape[1])
    check_same_dtype(dA=dA, Z=Z)
    return _linear_activation_backward(dA, (linear_cache, Z), activation)


def _linear_activation_backward(dA, cache, activation, input_gradient=True):
    linear_cache, Z = cache
    dZ = _activations.BACKWARD[activation](dA, Z)
    return _linear_backward(dZ, linear_cache, input_gradient)


def L_model_backward(AL, Y, caches, activations=None):
    """Gradients of the course's cost, from dAL = -(Y / AL - (1 - Y) / (1 - AL)) down to layer 1.

    caches: one layer cache per layer, as L_model_forward returns them; activations: the same
    list given to it. The result depends on the arguments alone: AL need not be the output of
    the forward pass the caches record (the course's test cell draws them independently).
    Returns grads with the course's keys: for l = L..1, "dA{l-1}" (m * dJ/dA{l-1}, the course's
    convention, see the module docstring), "dW{l}", "db{l}" (dJ/dW{l}, dJ/db{l}).
    """
    caches = check_layer_caches(caches)
    activations = _check_activations(activations, len(caches))
    Z_L = caches[-1][1]
    AL = check_matrix("AL", AL, rows=Z_L.shape[0], cols=Z_L.shape[1])
    check_same_dtype(AL=AL, Z=Z_L)
    Y = _check_Y(Y, AL.shape[1], AL.dtype)
    return _L_model_backward(AL, Y, caches, activations)


def _L_model_backward(AL, Y, caches, activations, input_gradient=True):
    """input_gradient=False skips dA0 = W1.T dZ1, which training never uses (the same dW, db)."""
    grads = {}                  # the course's order: dA{L-1}, dW{L}, db{L}, ..., dA0, dW1, db1
    dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    for l in reversed(range(1, len(caches) + 1)):
        dA_prev, dW, db = _linear_activation_backward(
            dA, caches[l - 1], activations[l - 1], input_gradient or l > 1)
        if dA_prev is not None:
            grads[f"dA{l - 1}"] = dA_prev
        grads[f"dW{l}"], grads[f"db{l}"] = dW, db
        dA = dA_prev
    return grads


def update_parameters(parameters, grads, learning_rate):
    """W{l} <- W{l} - learning_rate * dW{l}, b{l} <- b{l} - learning_rate * db{l}.

    Returns a new dict (the inputs are not modified).
    """
    parameters, _ = check_network_parameters(parameters)
    grads = check_network_grads(grads, parameters)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    return _update_parameters(parameters, grads, learning_rate)


def _update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    updated = {}
    for l in range(1, L + 1):
        updated[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        updated[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return updated


# --- training and prediction ----------------------------------------------------------------------
def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False,
                  *, initial_parameters=None, activations=None, scale="xavier", seed=DEEP_SEED,
                  progress=None):
    """Full-batch gradient descent on the L-layer network. Returns (parameters, costs).

    layers_dims: [n_0, ..., n_L]; may be None when initial_parameters is given (otherwise the two
        must agree).
    initial_parameters: start from these weights (copied); default
        initialize_parameters_deep(layers_dims, scale, X.dtype, seed) — with the defaults
        scale="xavier", seed=DEEP_SEED (1) that is the course application's np.random.seed(1)
        initialisation.
    activations: one name per layer; default [relu] * (L-1) + [sigmoid].
    costs: the cost at iterations 0, 100, 200, ... (vocabulary.COST_EVERY["deep"]), computed
        before that iteration's update, as in the course; printed (and at the last iteration
        too) when print_cost.
    progress: None, or a callable progress(i, cost) called at every recorded iteration with
        that iteration's cost (the training contract shared by every loop of both twins).
    """
    X = check_matrix("X", X)
    Y = _check_Y(Y, X.shape[1], X.dtype)
    num_iterations = check_non_negative_int("num_iterations", num_iterations)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    check_progress(progress)
    parameters = _initial_parameters(X, layers_dims, initial_parameters, scale, seed)
    X, parameters, activations = _check_network(X, parameters, activations)
    return _L_layer_model(X, Y, parameters, activations, learning_rate, num_iterations,
                          print_cost, progress)


def _L_layer_model(X, Y, parameters, activations, learning_rate, num_iterations, print_cost,
                   progress):
    costs = []
    for i in range(num_iterations):
        AL, caches = _L_model_forward(X, parameters, activations)
        cost = _compute_cost(AL, Y)
        grads = _L_model_backward(AL, Y, caches, activations,
                                  input_gradient=False,  # pragma: no mutate - None is falsy alike
                                  )
        parameters = _update_parameters(parameters, grads, learning_rate)
        recorded = records_cost("deep", i)
        if print_cost and (recorded or i == num_iterations - 1):
            print(f"Cost after iteration {i}: {float(cost)}")
        if recorded:
            costs.append(cost)
            if progress is not None:
                progress(i, cost)
    return parameters, costs


def _initial_parameters(X, layers_dims, initial_parameters, scale, seed):
    if initial_parameters is None:
        if layers_dims is None:
            raise ValueError("layers_dims: required when initial_parameters is not given")
        sizes = check_layer_dims(layers_dims)
        return initialize_parameters_deep(sizes, scale, X.dtype, seed)
    parameters, sizes = check_network_parameters(initial_parameters)
    if layers_dims is not None and list(layers_dims) != sizes:
        raise ValueError(f"layers_dims: {list(layers_dims)} does not match initial_parameters' "
                         f"layer sizes {sizes}")
    return {k: v.copy() for k, v in parameters.items()}


def predict(X, y, parameters, activations=None, print_accuracy=False):
    """p: (1, m) of 0.0/1.0 in X's dtype, 1 where AL > 0.5.

    y: the labels (1, m), or None. The course prints "Accuracy: ..." every time; here it is printed
    only when print_accuracy=True (use `accuracy(p, y)` for the number).
    """
    X, parameters, activations = _check_network(X, parameters, activations)
    if y is not None:
        y = _check_Y(y, X.shape[1],
                     X.dtype,  # pragma: no mutate - y only meets p in p == y: 0/1 compare alike
                     )
    return _predict(X, y, parameters, activations, print_accuracy)


def _predict(X, y, parameters, activations, print_accuracy):
    AL, _ = _L_model_forward(X, parameters, activations)
    p = (AL > 0.5).astype(X.dtype)
    if y is not None and print_accuracy:
        print("Accuracy: " + str(np.sum(p == y) / X.shape[1]))
    return p


def accuracy(p, y):
    """Percentage of matching labels: 100 * mean(p == y)."""
    p, y = np.asarray(p), np.asarray(y)
    if p.shape != y.shape:
        raise ValueError(f"p, y: expected the same shape, got {p.shape} and {y.shape}")
    return _accuracy(p, y)


def _accuracy(p, y):
    return float(100 * np.mean(p == y))

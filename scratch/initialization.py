"""Initialisation of an L-layer network (course 2, week 1, "Initialization"), NumPy twin.

Shapes: layers_dims = [n_0, n_1, ..., n_L]; W{l}: (n_l, n_{l-1}), b{l}: (n_l, 1) zeros in every
scheme. With n_{l-1} the layer's fan-in and n_l its fan-out:

    zeros            W = 0                                          (breaks no symmetry)
    random           W = randn(n_l, n_{l-1}) * scale                (the course's scale 10; or 0.01)
    he               W = randn(n_l, n_{l-1}) * sqrt(2 / n_{l-1})    variance 2 / n_{l-1}
    xavier           W = randn(n_l, n_{l-1}) * sqrt(1 / n_{l-1})    variance 1 / n_{l-1}
    glorot_normal    W = randn(n_l, n_{l-1}) * sqrt(2 / (n_{l-1} + n_l))
    glorot_uniform   W = U(-limit, limit),  limit = sqrt(6 / (n_{l-1} + n_l))  (variance 2 / (n_{l-1} + n_l))
    variance_scaling Keras's VarianceScaling(scale, mode, distribution) in the course's layout:
                     variance scale / n with n = n_{l-1} (fan_in), n_l (fan_out) or their mean
                     (fan_avg); "untruncated_normal" draws randn * sqrt(scale / n); "uniform" draws
                     U(-sqrt(3 scale / n), +sqrt(3 scale / n)); "truncated_normal" (Keras's default,
                     and its HeNormal, GlorotNormal, LecunNormal) draws a standard normal truncated
                     at +-2 (values outside are drawn again) times sqrt(scale / n) / 0.87962566103423978,
                     the standard deviation of that truncated normal: the variance stays scale / n,
                     every |W| <= 2 sqrt(scale / n) / 0.8796 = 2.27 sqrt(scale / n).

Note: `deep.initialize_parameters_deep(..., "xavier")` writes the course-1 application's
randn / sqrt(n_{l-1}); here xavier is the course-2 notes' randn * sqrt(1 / n_{l-1}). The two are the
same number rounded twice differently (at most 2 ulp apart, measured on the course-1 cat network).

Draws. Every random scheme draws from NumPy's legacy stream, layer by layer in the order W1, W2, ...
(row-major within a layer): seed=int draws from np.random.RandomState(seed) — the numbers the
course's np.random.seed(seed) then np.random.randn(...) gives, without touching NumPy's global
state; seed=None draws from the global stream (after the learner's own np.random.seed). The
course's assignment seeds 3 in random and he: the defaults. Truncated normals draw a layer's
n_l * n_{l-1} standard normals, then redraw the entries outside [-2, 2] (in row-major order) until
none is left. Draws are made and scaled in float64, then cast to `dtype`.

Every public function `f` checks its arguments (conventions.validation) and hands them to its
kernel `_f`; kernels draw through `_normal`, `_truncated_normal`, `_uniform` and `_fan`, module
globals a wrong variant may replace.
"""

import math

import numpy as np

from conventions.validation import (
    check_choice,
    check_float_dtype,
    check_labels,
    check_layer_dims,
    check_matrix,
    check_network_parameters,
    check_non_negative_int,
    check_positive_float,
    check_progress,
    check_seed,
)
from conventions.vocabulary import (
    INIT_DISTRIBUTIONS,
    INIT_MODES,
    INITIALIZATION_HIDDEN,
    INITIALIZATION_SCHEMES,
    INITIALIZATION_SEED,
    RANDOM_INIT_SCALE,
    TRUNCATED_NORMAL_STD,
    records_cost,
)


# --- argument checks ---------------------------------------------------------------------------------
def _check(layers_dims, dtype, seed=None):
    sizes = check_layer_dims(layers_dims)
    dtype = check_float_dtype(dtype)
    return sizes, dtype, (np.random if seed is None else check_seed(seed))


def _layers(sizes):
    """(l, n_l, n_{l-1}) for l = 1..L."""
    return [(l, sizes[l], sizes[l - 1]) for l in range(1, len(sizes))]


def _parameters(weights, sizes, dtype):
    parameters = {}
    for (l, n, _), W in zip(_layers(sizes), weights):
        parameters[f"W{l}"] = W.astype(dtype)
        parameters[f"b{l}"] = np.zeros((n, 1), dtype=dtype)
    return parameters


# --- draws from the legacy stream --------------------------------------------------------------------
def _normal(stream, shape):
    return stream.standard_normal(shape)


def _truncated_normal(stream, shape):
    """Standard normals with every draw outside [-2, 2] drawn again (row-major, until none)."""
    x = stream.standard_normal(int(np.prod(shape)))
    outside = (np.abs(x)  # pragma: no mutate - >= differs only at |x| == 2.0 exactly (probability 0)
               > 2.0)
    while outside.any():
        x[outside] = stream.standard_normal(int(outside.sum()))
        outside = (np.abs(x)  # pragma: no mutate - as above
                   > 2.0)
    return x.reshape(shape)


def _uniform(stream, limit, shape):
    return stream.uniform(-limit, limit, shape)


def _fan(n, n_prev, mode):
    """The n of the variance scale / n: fan_in n_{l-1}, fan_out n_l, fan_avg their mean (>= 1)."""
    return max(1.0, {"fan_in": n_prev, "fan_out": n, "fan_avg": (n_prev + n) / 2.0}[mode])


# --- the schemes -------------------------------------------------------------------------------------
def initialize_parameters_zeros(layers_dims, dtype=np.float64):
    """Every W{l}: (n_l, n_{l-1}) and b{l}: (n_l, 1) zero. Returns the parameters dict."""
    sizes, dtype, _ = _check(layers_dims, dtype)
    return _initialize_parameters_zeros(sizes, dtype)


def _initialize_parameters_zeros(sizes, dtype):
    return _parameters([np.zeros((n, n_prev)) for _, n, n_prev in _layers(sizes)], sizes, dtype)


def initialize_parameters_random(layers_dims, scale=RANDOM_INIT_SCALE, seed=INITIALIZATION_SEED,
                                 dtype=np.float64):
    """W{l} = randn(n_l, n_{l-1}) * scale (the course's 10; 0.01 is course 1's), b{l} = 0."""
    sizes, dtype, stream = _check(layers_dims, dtype, seed)
    return _initialize_parameters_random(sizes, check_positive_float("scale", scale), stream, dtype)


def _initialize_parameters_random(sizes, scale, stream, dtype):
    return _parameters([_normal(stream, (n, n_prev)) * scale for _, n, n_prev in _layers(sizes)],
                       sizes, dtype)


def initialize_parameters_he(layers_dims, seed=INITIALIZATION_SEED, dtype=np.float64):
    """W{l} = randn(n_l, n_{l-1}) * sqrt(2 / n_{l-1}) (He et al. 2015), b{l} = 0."""
    sizes, dtype, stream = _check(layers_dims, dtype, seed)
    return _initialize_parameters_he(sizes, stream, dtype)


def _initialize_parameters_he(sizes, stream, dtype):
    return _parameters([_normal(stream, (n, n_prev)) * np.sqrt(2 / n_prev)
                        for _, n, n_prev in _layers(sizes)], sizes, dtype)


def initialize_parameters_xavier(layers_dims, seed=INITIALIZATION_SEED, dtype=np.float64):
    """W{l} = randn(n_l, n_{l-1}) * sqrt(1 / n_{l-1}) (the notes' Xavier; LeCun's), b{l} = 0."""
    sizes, dtype, stream = _check(layers_dims, dtype, seed)
    return _initialize_parameters_xavier(sizes, stream, dtype)


def _initialize_parameters_xavier(sizes, stream, dtype):
    return _parameters([_normal(stream, (n, n_prev)) * np.sqrt(1 / n_prev)
                        for _, n, n_prev in _layers(sizes)], sizes, dtype)


def initialize_parameters_glorot_normal(layers_dims, seed=INITIALIZATION_SEED, dtype=np.float64):
    """W{l} = randn(n_l, n_{l-1}) * sqrt(2 / (n_{l-1} + n_l)) (Glorot & Bengio 2010), b{l} = 0."""
    sizes, dtype, stream = _check(layers_dims, dtype, seed)
    return _initialize_parameters_glorot_normal(sizes, stream, dtype)


def _initialize_parameters_glorot_normal(sizes, stream, dtype):
    return _parameters([_normal(stream, (n, n_prev)) * np.sqrt(2 / (n_prev + n))
                        for _, n, n_prev in _layers(sizes)], sizes, dtype)


def initialize_parameters_glorot_uniform(layers_dims, seed=INITIALIZATION_SEED, dtype=np.float64):
    """W{l} ~ U(-limit, limit) with limit = sqrt(6 / (n_{l-1} + n_l)) (Keras Dense's default), drawn
    as NumPy's uniform(-limit, limit) = -limit + 2 limit * random_sample; b{l} = 0."""
    sizes, dtype, stream = _check(layers_dims, dtype, seed)
    return _initialize_parameters_glorot_uniform(sizes, stream, dtype)


def _initialize_parameters_glorot_uniform(sizes, stream, dtype):
    return _parameters([_uniform(stream, math.sqrt(6 / (n_prev + n)), (n, n_prev))
                        for _, n, n_prev in _layers(sizes)], sizes, dtype)


def initialize_parameters_variance_scaling(layers_dims, scale=1.0, mode="fan_in",
                                           distribution="truncated_normal",
                                           seed=INITIALIZATION_SEED, dtype=np.float64):
    """Keras's VarianceScaling(scale, mode, distribution) in the course's layout (see the module's
    docstring): W{l}: (n_l, n_{l-1}) of variance scale / fan, b{l} = 0.

    Keras's named initialisers are: HeNormal = (2.0, "fan_in", "truncated_normal"), LecunNormal =
    (1.0, "fan_in", "truncated_normal"), GlorotNormal = (1.0, "fan_avg", "truncated_normal"),
    GlorotUniform = (1.0, "fan_avg", "uniform"); the course's he and xavier are (2.0 / 1.0,
    "fan_in", "untruncated_normal").
    """
    sizes, dtype, stream = _check(layers_dims, dtype, seed)
    check_choice("mode", mode, INIT_MODES)
    check_choice("distribution", distribution, INIT_DISTRIBUTIONS)
    return _initialize_parameters_variance_scaling(sizes, check_positive_float("scale", scale),
                                                   mode, distribution, stream, dtype)


def _initialize_parameters_variance_scaling(sizes, scale, mode, distribution, stream, dtype):
    weights = []
    for _, n, n_prev in _layers(sizes):
        variance = scale / _fan(n, n_prev, mode)
        if distribution == "truncated_normal":
            W = _truncated_normal(stream, (n, n_prev)) * (math.sqrt(variance) / TRUNCATED_NORMAL_STD)
        elif distribution == "untruncated_normal":
            W = _normal(stream, (n, n_prev)) * math.sqrt(variance)
        else:
            W = _uniform(stream, math.sqrt(3.0 * variance), (n, n_prev))
        weights.append(W)
    return _parameters(weights, sizes, dtype)


# --- the assignment's experiments: model(...) on the circles ------------------------------------------
def model(X, Y, learning_rate=0.01, num_iterations=15000, print_cost=True, initialization="he", *,
          initial_parameters=None, progress=None):
    """The assignment's experiment: full-batch gradient descent on the 3-layer network
    LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID, layers_dims = [n_x, 10, 5, 1],
    initialised by `initialization` ("zeros", "random": randn * 10, "he": randn * sqrt(2 / n_{l-1});
    random and he after the course's np.random.seed(3), drawn from RandomState(3): the global
    state is untouched). Returns the trained parameters (the course's return).

    X: (n_x, m); Y: (1, m) labels in {0, 1}.
    Each iteration: A3, cache = forward pass; cost = the course's compute_loss
        J = 1/m nansum(-Y log A3 - (1 - Y) log(1 - A3))
    (nansum: a saturated A3 = 1 where Y = 1 gives 0 * log 0 = NaN, dropped; a saturated wrong
    answer gives +inf, which the course prints for the first cost of "random"); then the course's
    backward pass dZ3 = 1/m (A3 - Y), dW3 = dZ3 A2.T, db3 = sum_columns dZ3, dZ2 = W3.T dZ3 * (A2 > 0),
    ..., and W{l} -= learning_rate dW{l}, b{l} -= learning_rate db{l}.
    Costs are recorded every 1000 iterations (vocabulary.COST_EVERY["initialization"]), before
    that iteration's update: printed when print_cost, and passed to progress(i, cost).
    initial_parameters: start from these weights instead (copied; `initialization` is ignored).
    """
    X = check_matrix("X", X)
    Y = check_labels("Y", Y, m=X.shape[1]).astype(X.dtype)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    num_iterations = check_non_negative_int("num_iterations", num_iterations)
    check_choice("initialization", initialization, INITIALIZATION_SCHEMES)
    check_progress(progress)
    sizes = [X.shape[0], *INITIALIZATION_HIDDEN, 1]
    if initial_parameters is None:
        parameters = globals()[f"initialize_parameters_{initialization}"](sizes, dtype=X.dtype)
    else:
        parameters, given = check_network_parameters(initial_parameters)
        if given != sizes:
            raise ValueError(f"initial_parameters: expected the layer sizes {sizes}, got {given}")
        parameters = {k: np.array(v, dtype=X.dtype) for k, v in parameters.items()}
    return _model(X, Y, parameters, learning_rate, num_iterations, print_cost, progress)


def _compute_loss(A3, Y):
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = -Y * np.log(A3) - (1 - Y) * np.log(1 - A3)
    return np.squeeze(1 / m * np.nansum(logprobs))


def _backward_propagation(X, Y, cache):
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    m = X.shape[1]
    dZ3 = 1 / m * (A3 - Y)
    dA2 = W3.T @ dZ3
    dZ2 = dA2 * (A2 > 0)
    dA1 = W2.T @ dZ2
    dZ1 = dA1 * (A1 > 0)
    return {"dW3": dZ3 @ A2.T,
            "db3": np.sum(dZ3,
                          axis=1,  # pragma: no mutate - dZ3 is (1, m): summing all of it is the same
                          keepdims=True,  # pragma: no mutate - a (1,) db3 updates b3's (1, 1) alike
                          ),
            "dW2": dZ2 @ A1.T, "db2": np.sum(dZ2, axis=1, keepdims=True),
            "dW1": dZ1 @ X.T, "db1": np.sum(dZ1, axis=1, keepdims=True)}


def _model(X, Y, parameters, learning_rate, num_iterations, print_cost, progress):
    from scratch.regularization import _forward_propagation
    for i in range(num_iterations):
        A3, cache = _forward_propagation(X, parameters)
        cost = _compute_loss(A3, Y)
        grads = _backward_propagation(X, Y, cache)
        parameters = {k: v - learning_rate * grads[f"d{k}"] for k, v in parameters.items()}
        if records_cost("initialization", i):
            if print_cost:
                print(f"Cost after iteration {i}: {float(cost)}")
            if progress is not None:
                progress(i, cost)
    return parameters

"""Parity cases for `deep` (course 1, week 4): every function of the L-layer network — forward,
gradients, one update step — on random deep stacks (L up to 6, square layers and single units
drawn often, every activation), float64 and float32; and the 4-layer [12288, 20, 7, 5, 1] cat
network trained for 2500 iterations by scratch's loop, tfimpl's tape loop and Keras's model.fit
from identical initial weights (float64)."""

import functools

import numpy as np

from conventions.vocabulary import ACTIVATIONS, DEEP_SEED, default_activations
from dlparity import inputs
from dlparity.cases import Mutant, ParityCase

MAX_LAYERS = 6
MAX_M = 40

TRAJECTORY_LAYERS = [12288, 20, 7, 5, 1]
TRAJECTORY_ITERATIONS = 2500
TRAJECTORY_LEARNING_RATE = 0.0075
# The bound: tolerance("float64", "trajectory", n=12288, steps=2500) = 16 eps sqrt(12288) 2500
# = 9.9e-10 (per-step reduction errors adding up). Measured worst normwise difference from
# scratch after 1 / 10 / 100 / 500 / 1000 / 2500 steps: tape loop 1.7e-16 / 2.6e-16 / 4.0e-16 /
# 6.0e-16 / 1.7e-15 / 1.7e-15, model.fit 3.6e-16 / 4.0e-16 / 6.1e-16 / 1.9e-15 / 1.2e-15 /
# 2.9e-15. The table's "non-expansive steps" premise does not hold here — lr 0.0075 runs at the
# edge of stability, the cost rises on ~40 % of iterations (on the course's real data too) — yet
# the difference grew only tenfold. A float32-rounded learning rate (2.2e-8 relative per step,
# the naive keras.optimizers.SGD(0.0075)) ends 4.7e-8 away: caught, 48x over the bound.


# --- input builders (conditioning: dlparity.conditioning, through run_case) ---------------------
def _sizes(rng, L, n_out=1):
    """[n_0, ..., n_L] with n_L = n_out; hidden widths square one time in three (inputs.width)."""
    sizes = [int(rng.integers(1, 13))]
    for _ in range(L - 1):
        sizes.append(inputs.width(rng, sizes[-1], 10))
    return sizes + [n_out]


def _parameters(rng, sizes, dtype):
    """W{l} ~ N(0, 1/n_{l-1}) (pre-activations of order 1), b{l} ~ N(0, 0.25)."""
    parameters = {}
    for l in range(1, len(sizes)):
        parameters[f"W{l}"] = inputs.normal(rng, (sizes[l], sizes[l - 1]), dtype,
                                            scale=1 / np.sqrt(sizes[l - 1]))
        parameters[f"b{l}"] = inputs.normal(rng, (sizes[l], 1), dtype, scale=0.5)
    return parameters


def _network(rng, dtype, activations="default", output="sigmoid", step=False, min_m=1):
    """X, Y, parameters, per-layer activations and sizes of a random net with L = 1..6 layers.

    activations: "default" (None: the course's relu stack), or "mixed" (each layer drawn from
    all four; at least one non-relu hidden layer when L > 1). output: the last layer's
    activation, or "any". step: also draw a learning rate in [0.01, 1). min_m: 2 where a wrong
    variant drops 1/m (invisible at m = 1).
    """
    L = int(rng.integers(1, MAX_LAYERS + 1))
    sizes = _sizes(rng, L)
    m = int(rng.integers(min_m, MAX_M + 1))
    names = default_activations(L)
    if activations == "mixed":
        names = [ACTIVATIONS[int(k)] for k in rng.integers(0, len(ACTIVATIONS), size=L)]
        if L > 1 and all(n == "relu" for n in names[:-1]):
            names[int(rng.integers(0, L - 1))] = ACTIVATIONS[int(rng.integers(1, 4))]
        if output != "any":
            names[-1] = output
    network = {"X": inputs.normal(rng, (sizes[0], m), dtype), "Y": inputs.labels(rng, m, dtype),
               "parameters": _parameters(rng, sizes, dtype),
               "activations": None if activations == "default" else names, "sizes": sizes}
    if step:
        network["learning_rate"] = float(rng.uniform(0.01, 1.0))
    return network


def _network_inputs(activations="default", output="sigmoid", min_m=1):
    return lambda rng, dtype: _network(rng, dtype, activations, output, min_m=min_m)


def _network_reduction(i):
    """The longest sum in a forward or backward pass: over n_{l-1}, n_l or the m examples."""
    return max(max(i["sizes"]), i["X"].shape[1])


def _layer(min_m=1, activation=None):
    """One layer: A_prev (n_prev, m), W (n, n_prev) — square one time in three — b (n, 1), and
    dZ (n, m); with an activation, its own Z (n, m) and dA (n, m) instead of dZ."""
    def make(rng, dtype):
        n_prev = int(rng.integers(1, 13))
        n, m = inputs.width(rng, n_prev, 12), int(rng.integers(min_m, MAX_M + 1))
        i = {"A_prev": inputs.normal(rng, (n_prev, m), dtype),
             "W": inputs.normal(rng, (n, n_prev), dtype, scale=1 / np.sqrt(n_prev)),
             "b": inputs.normal(rng, (n, 1), dtype, scale=0.5),
             "dZ": inputs.normal(rng, (n, m), dtype)}
        if activation is not None:
            i["Z"] = inputs.normal(rng, (n, m), dtype, scale=2.0)
            i["dA"] = i.pop("dZ")
        return i
    return make


def _layer_reduction(i):
    return max(max(i["W"].shape), i["A_prev"].shape[1])


def _cost_inputs(rng, dtype):
    m = int(rng.integers(2, 61))                 # m >= 2: the "no 1/m" variant
    Z = inputs.normal(rng, (1, m), dtype, scale=3.0)
    return {"AL": (1 / (1 + np.exp(-Z))).astype(dtype), "Y": inputs.labels(rng, m, dtype)}


def _init_inputs(rng, dtype):
    sizes = _sizes(rng, int(rng.integers(1, MAX_LAYERS + 1)), n_out=int(rng.integers(1, 4)))
    scale = [0.01, "xavier", "he", 0.5][int(rng.integers(0, 4))]
    return {"sizes": sizes, "scale": scale, "seed": int(rng.integers(0, 2**31)),
            "dtype": np.dtype(dtype)}


def _update_inputs(rng, dtype):
    i = _network(rng, dtype, "mixed")
    i["grads"] = {f"d{k}": inputs.normal(rng, v.shape, dtype) for k, v in i["parameters"].items()}
    i["learning_rate"] = float(rng.uniform(0.01, 1.0))
    return i


# --- calls (one lambda for both twins) -------------------------------------------------------------
def _forward_and_backward(m, i):
    AL, caches = m.L_model_forward(i["X"], i["parameters"], i["activations"])
    return m.L_model_backward(AL, i["Y"], caches, i["activations"])


def _one_step(m, i):
    return m.L_layer_model(i["X"], i["Y"], None, learning_rate=i["learning_rate"],
                           num_iterations=1, initial_parameters=i["parameters"],
                           activations=i["activations"])


def _layer_cache(i):
    return ((i["A_prev"], i["W"], i["b"]), i["Z"])


# --- the cat-network trajectory -------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _cat_arrays():
    from conventions.datasets import cat_data
    X, Y, _, _, _ = cat_data(source="synthetic", dtype=np.float64)
    return X, Y


def _cat_inputs(rng, dtype):
    """The course application's start: np.random.seed(1), W{l} = randn / sqrt(n_{l-1}), b = 0."""
    from scratch.deep import initialize_parameters_deep
    X, Y = _cat_arrays()
    return {"X": X.astype(dtype), "Y": Y.astype(dtype), "parameters": initialize_parameters_deep(
        TRAJECTORY_LAYERS, "xavier", dtype=dtype, seed=DEEP_SEED)}


def _memo(run):
    """Run a fixed-input trajectory once per module state and dtype, then reuse it: the case, its
    twin case and their wrong variants need the same runs, and one run takes ~15 s. The key holds
    every function of the module, so an installed wrong kernel makes a new run."""
    results = {}

    def call(m, i):
        key = (m.__name__, i["X"].dtype.name, tuple(id(v) for v in vars(m).values() if callable(v)))
        if key not in results:
            results[key] = run(m, i)
        return results[key]
    return call


@_memo
def _train(m, i):
    parameters, costs = m.L_layer_model(
        i["X"], i["Y"], TRAJECTORY_LAYERS, TRAJECTORY_LEARNING_RATE, TRAJECTORY_ITERATIONS,
        initial_parameters=i["parameters"])
    return {"parameters": parameters, "costs": costs}


@_memo
def _fit(m, i):
    parameters, costs = m.fit_keras(i["X"], i["Y"], i["parameters"], None,
                                    TRAJECTORY_LEARNING_RATE, TRAJECTORY_ITERATIONS)
    return {"parameters": parameters, "costs": costs}


# --- deliberately wrong kernels (installed by name on scratch.deep, see dlparity.cases) ----------
def _init_keras_layout(layer_dims, scale=0.01, dtype=np.float64, seed=None):
    randn = np.random.RandomState(seed).randn
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = (randn(layer_dims[l - 1], layer_dims[l]) * 0.01).astype(dtype)
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1), dtype=dtype)
    return parameters


def _linear_forward_no_bias(A, W, b):
    return W @ A, (A, W, b)


def _sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


def _forward_cache_holds_A(A_prev, W, b, activation):
    Z = W @ A_prev + b
    A = np.maximum(Z, 0) if activation == "relu" else np.tanh(Z)
    return A, ((A_prev, W, b), A)                          # caches A where Z belongs


def _forward_activation_first(A_prev, W, b, activation):
    Z = W @ np.tanh(A_prev) + b                            # g applied before the linear step
    return np.tanh(Z), ((A_prev, W, b), Z)


def _forward_sigmoid_sign(A_prev, W, b, activation):
    Z = W @ A_prev + b
    return 1 / (1 + np.exp(Z)), ((A_prev, W, b), Z)       # sigmoid(-Z)


def _forward_leaky_keras_slope(A_prev, W, b, activation):
    Z = W @ A_prev + b
    return np.where(Z > 0, Z, 0.3 * Z), ((A_prev, W, b), Z)   # Keras LeakyReLU's default 0.3


def _L_forward_with(activations_of):
    """A wrong _L_model_forward: the layers' activations come from activations_of(L, given)."""
    def forward(X, parameters, activations):
        from scratch import deep
        A, caches = X, []
        for l, name in enumerate(activations_of(len(activations), activations), start=1):
            A, cache = deep._linear_activation_forward(A, parameters[f"W{l}"],
                                                       parameters[f"b{l}"], name)
            caches.append(cache)
        return A, caches
    return forward


def _cost_no_mean(AL, Y):
    return np.squeeze(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))


def _linear_backward_W_not_transposed(dZ, cache, input_gradient=True):
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    dA_prev = W @ dZ if input_gradient else None            # W where W.T belongs
    return dA_prev, 1 / m * (dZ @ A_prev.T), 1 / m * np.sum(dZ, axis=1, keepdims=True)


def _linear_backward_db_no_keepdims(dZ, cache, input_gradient=True):
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    return W.T @ dZ, 1 / m * (dZ @ A_prev.T), 1 / m * np.sum(dZ, axis=1)      # db: (n,)


def _linear_backward_dW_no_mean(dZ, cache, input_gradient=True):
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    dA_prev = W.T @ dZ if input_gradient else None
    return dA_prev, dZ @ A_prev.T, 1 / m * np.sum(dZ, axis=1, keepdims=True)  # dW: no 1/m


def _wrong_dZ(activation, dZ_of):
    """A wrong _linear_activation_backward: dZ = dZ_of(dA, Z) at `activation` layers, the right
    derivative elsewhere, then the real linear step."""
    def backward(dA, cache, name, input_gradient=True):
        from scratch import activations, deep
        linear_cache, Z = cache
        dZ = dZ_of(dA, Z) if name == activation else getattr(activations, f"{name}_backward")(dA, Z)
        return deep._linear_backward(dZ, linear_cache, input_gradient)
    return backward


def _update_with_rate(rate_of):
    def update(parameters, grads, learning_rate):
        rate = rate_of(learning_rate)
        return {k: v - rate * grads[f"d{k}"] for k, v in parameters.items()}
    return update


def _predict_probabilities(X, y, parameters, activations=None, print_accuracy=False):
    from scratch import deep
    return deep.L_model_forward(X, parameters, activations)[0]     # AL, never thresholded


M = Mutant
FORWARD_MUTANTS = {
    "relu": M("cache A", "the layer cache holds A where Z belongs", "_linear_activation_forward",
              _forward_cache_holds_A),
    "tanh": M("g first", "A = tanh(W tanh(A_prev) + b)", "_linear_activation_forward",
              _forward_activation_first),
    "sigmoid": M("sigmoid(-Z)", "1 / (1 + exp(Z))", "_linear_activation_forward",
                 _forward_sigmoid_sign),
    "leaky_relu": M("slope 0.3", "Keras LeakyReLU's default slope", "_linear_activation_forward",
                    _forward_leaky_keras_slope),
}
BACKWARD_MUTANTS = {
    "relu": M("dA * A", "relu layers' dZ = dA * A: the derivative taken from A, not Z > 0",
              "_linear_activation_backward", _wrong_dZ("relu", lambda dA, Z: dA * np.maximum(Z, 0))),
    "tanh": M("no 1-A^2", "forgets tanh's derivative 1 - A^2 (dZ = dA)",
              "_linear_activation_backward", _wrong_dZ("tanh", lambda dA, Z: dA)),
    "sigmoid": M("no (1-s)", "dZ = dA * s", "_linear_activation_backward",
                 _wrong_dZ("sigmoid", lambda dA, Z: dA * _sigmoid(Z))),
    "leaky_relu": M("slope 0", "relu's mask: dZ = 0 where Z < 0", "_linear_activation_backward",
                    _wrong_dZ("leaky_relu", lambda dA, Z: dA * (Z > 0))),
}
W_NOT_TRANSPOSED = M("W not W.T", "dA_prev = W @ dZ, as plainly written; on a square layer it "
                     "runs and is wrong", "_linear_backward", _linear_backward_W_not_transposed)
W_NOT_TRANSPOSED_IN_A_NETWORK = M(
    "W not W.T", "dA_prev = W @ dZ in every layer: the output layer (1, n_{L-1}) is never "
    "square for n_{L-1} > 1, so the network's backward pass raises", "_linear_backward",
    _linear_backward_W_not_transposed, raises=ValueError)
DW_NO_MEAN = M("dW no 1/m", "dW = dZ A_prev.T in every layer", "_linear_backward",
               _linear_backward_dW_no_mean)
FLOAT32_RATE = M("float32 lr", "learning rate rounded to float32 (naive Keras SGD)",
                 "_update_parameters", _update_with_rate(lambda lr: float(np.float32(lr))))
TRAJECTORY_NOTE = (f"{TRAJECTORY_LAYERS} on the built-in synthetic cat-format data, "
                   f"{TRAJECTORY_ITERATIONS} iterations at lr {TRAJECTORY_LEARNING_RATE}, "
                   "course init (seed 1, 1/sqrt(n_prev)); float64 only")


def _trajectory(component, call_tf, note):
    return ParityCase(component, "trajectory", "deep", _cat_inputs, _train, call_tf=call_tf,
                      kind="trajectory", reduction=lambda i: i["X"].shape[0],
                      steps=TRAJECTORY_ITERATIONS, dtypes=("float64",), randomized=False,
                      slow=True, note=note + TRAJECTORY_NOTE, mutants=(FLOAT32_RATE,))


CASES = [
    ParityCase("deep.initialize_parameters_deep", "forward", "deep", _init_inputs,
               lambda m, i: m.initialize_parameters_deep(i["sizes"], i["scale"],
                                                         dtype=i["dtype"], seed=i["seed"]),
               note="NumPy's legacy stream (the course's), scaled as the course writes it",
               mutants=(M("kernel layout", "W drawn as (n_{l-1}, n_l), Keras's kernel shape",
                          "initialize_parameters_deep", _init_keras_layout),)),
    ParityCase("deep.linear_forward", "forward", "deep", _layer(),
               lambda m, i: m.linear_forward(i["A_prev"], i["W"], i["b"]), kind="reduction",
               reduction=lambda i: i["W"].shape[1],
               mutants=(M("no bias", "Z = W A", "_linear_forward", _linear_forward_no_bias),)),
    *[ParityCase(f"deep.linear_activation_forward[{g}]", "forward", "deep",
                 _layer(activation=g),
                 lambda m, i, g=g: m.linear_activation_forward(i["A_prev"], i["W"], i["b"], g),
                 kind="reduction", reduction=lambda i: i["W"].shape[1],
                 mutants=(FORWARD_MUTANTS[g],)) for g in ACTIVATIONS],
    ParityCase("deep.L_model_forward", "forward", "deep", _network_inputs("default"),
               lambda m, i: m.L_model_forward(i["X"], i["parameters"], i["activations"]),
               kind="reduction", reduction=_network_reduction,
               mutants=(M("all sigmoid", "sigmoid hidden layers", "_L_model_forward",
                          _L_forward_with(lambda L, given: ["sigmoid"] * L)),)),
    ParityCase("deep.L_model_forward[mixed]", "forward", "deep",
               _network_inputs("mixed", output="any"),
               lambda m, i: m.L_model_forward(i["X"], i["parameters"], i["activations"]),
               kind="reduction", reduction=_network_reduction,
               note="each layer's activation drawn from relu, tanh, sigmoid, leaky_relu",
               mutants=(M("hard-wired", "ignores `activations` (relu... sigmoid)",
                          "_L_model_forward",
                          _L_forward_with(lambda L, given: default_activations(L))),)),
    ParityCase("deep.compute_cost", "forward", "deep", _cost_inputs,
               lambda m, i: m.compute_cost(i["AL"], i["Y"]), kind="reduction",
               reduction=lambda i: i["AL"].shape[1],
               mutants=(M("no 1/m", "sum instead of mean", "compute_cost", _cost_no_mean),)),
    ParityCase("deep.linear_backward", "gradient", "deep", _layer(min_m=2),
               lambda m, i: m.linear_backward(i["dZ"], (i["A_prev"], i["W"], i["b"])),
               kind="reduction", reduction=_layer_reduction,
               note="m >= 2 for the dW variant; MUTANT_SEED's layer is square (W @ dZ runs)",
               mutants=(W_NOT_TRANSPOSED,
                        M("db no keepdims", "db of shape (n_l,), not (n_l, 1)",
                          "_linear_backward", _linear_backward_db_no_keepdims),
                        M("dW no 1/m", "dW = dZ A_prev.T", "_linear_backward",
                          _linear_backward_dW_no_mean))),
    *[ParityCase(f"deep.linear_activation_backward[{g}]", "gradient", "deep",
                 _layer(activation=g),
                 lambda m, i, g=g: m.linear_activation_backward(i["dA"], _layer_cache(i), g),
                 kind="reduction", reduction=_layer_reduction, mutants=(BACKWARD_MUTANTS[g],))
      for g in ACTIVATIONS],
    ParityCase("deep.L_model_backward", "gradient", "deep", _network_inputs("default", min_m=2),
               _forward_and_backward, kind="reduction", reduction=_network_reduction,
               note="L_model_forward then L_model_backward; relu stack, sigmoid output; m >= 2",
               mutants=(W_NOT_TRANSPOSED_IN_A_NETWORK, BACKWARD_MUTANTS["relu"], DW_NO_MEAN)),
    ParityCase("deep.L_model_backward[mixed]", "gradient", "deep", _network_inputs("mixed"),
               _forward_and_backward, kind="reduction", reduction=_network_reduction,
               note="hidden activations drawn from all four, sigmoid output",
               mutants=(W_NOT_TRANSPOSED_IN_A_NETWORK,)),
    ParityCase("deep.update_parameters", "step", "deep", _update_inputs,
               lambda m, i: m.update_parameters(i["parameters"], i["grads"],
                                                i["learning_rate"]),
               mutants=(M("ascent", "W + alpha dW", "_update_parameters",
                          _update_with_rate(lambda lr: -lr)),)),
    ParityCase("deep.L_layer_model", "step", "deep",
               lambda rng, dtype: _network(rng, dtype, "mixed", step=True, min_m=2), _one_step,
               kind="reduction", reduction=_network_reduction,
               note="one iteration (cost, tape gradients, SGD update) from given weights; m >= 2",
               mutants=(DW_NO_MEAN,)),
    ParityCase("deep.predict", "forward", "deep", _network_inputs("mixed"),
               lambda m, i: m.predict(i["X"], i["Y"], i["parameters"], i["activations"]),
               kind="reduction", reduction=_network_reduction,
               mutants=(M("no threshold", "returns AL, not 0/1", "predict",
                          _predict_probabilities),)),
    _trajectory("deep.L_layer_model[cat 4-layer]", None, "scratch loop vs tfimpl tape loop; "),
    _trajectory("deep.fit_keras[cat 4-layer]", _fit, "scratch loop vs Keras model.fit; "),
]

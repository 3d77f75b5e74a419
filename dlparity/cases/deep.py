"""Parity cases for `deep` (course 1, week 4): every function of the L-layer network — forward,
gradients, one update step — on random deep stacks (L up to 6) with every activation, float64 and
float32; and the 4-layer [12288, 20, 7, 5, 1] cat network trained for 2500 iterations by scratch's
loop, tfimpl's tape loop and Keras's model.fit from identical initial weights (float64)."""

import functools
import types

import numpy as np

from dlparity import inputs, tolerances
from dlparity.cases import Mutant, ParityCase

ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu")
KINKED = ("relu", "leaky_relu")
MAX_LAYERS = 6
KINK_GAP = 1e-4            # |Z| kept above this at relu / leaky_relu layers (see _network)
CONDITION_FACTOR = 2.0     # random inputs: first-order error bound <= 2 x the tolerance

TRAJECTORY_LAYERS = [12288, 20, 7, 5, 1]
TRAJECTORY_ITERATIONS = 2500
TRAJECTORY_LEARNING_RATE = 0.0075
TRAJECTORY_SEED = 1        # the course's np.random.seed(1) before its 1/sqrt(n_prev) init
# The bound: tolerance("float64", "trajectory", n=12288, steps=2500) = 16 eps sqrt(12288) 2500
# = 9.9e-10 (per-step reduction errors adding up). Measured worst normwise difference from
# scratch after 1 / 10 / 100 / 500 / 1000 / 2500 steps: tape loop 1.7e-16 / 2.6e-16 / 4.0e-16 /
# 6.0e-16 / 1.7e-15 / 1.7e-15, model.fit 3.6e-16 / 4.0e-16 / 6.1e-16 / 1.9e-15 / 1.2e-15 /
# 2.9e-15. The table's "non-expansive steps" premise does not hold here — lr 0.0075 runs at the
# edge of stability, the cost rises on ~40 % of iterations (on the course's real data too) — yet
# the difference grew only tenfold. A float32-rounded learning rate (2.2e-8 relative per step,
# the naive keras.optimizers.SGD(0.0075)) ends 4.7e-8 away: caught, 48x over the bound.


# --- input builders -------------------------------------------------------------------------------
def _sizes(rng, L, n_out=1):
    """[n_0, ..., n_L] with n_L = n_out; n_1 != n_0 so that W1 is never square."""
    sizes = [int(rng.integers(1, 13))] + [int(rng.integers(1, 11)) for _ in range(L - 1)] + [n_out]
    if L > 1 and sizes[1] == sizes[0]:
        sizes[1] = sizes[0] + 1
    if L == 1 and n_out == sizes[0]:
        sizes[0] += 1
    return sizes


def _parameters(rng, sizes, dtype):
    """W{l} ~ N(0, 1/n_{l-1}) (pre-activations of order 1), b{l} ~ N(0, 0.25)."""
    parameters = {}
    for l in range(1, len(sizes)):
        parameters[f"W{l}"] = inputs.normal(rng, (sizes[l], sizes[l - 1]), dtype,
                                            scale=1 / np.sqrt(sizes[l - 1]))
        parameters[f"b{l}"] = inputs.normal(rng, (sizes[l], 1), dtype, scale=0.5)
    return parameters


def _sigmoid64(z):
    return 1 / (1 + np.exp(-z))


_FORWARD = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "sigmoid": _sigmoid64,
            "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z)}
_DERIVATIVE = {"relu": lambda z: (z > 0) * 1.0, "tanh": lambda z: 1 - np.tanh(z) ** 2,
               "sigmoid": lambda z: _sigmoid64(z) * (1 - _sigmoid64(z)),
               "leaky_relu": lambda z: np.where(z > 0, 1.0, 0.01)}
_SECOND_DERIVATIVE = {
    "relu": lambda z: 0 * z, "leaky_relu": lambda z: 0 * z,
    "tanh": lambda z: -2 * np.tanh(z) * (1 - np.tanh(z) ** 2),
    "sigmoid": lambda z: _sigmoid64(z) * (1 - _sigmoid64(z)) * (1 - 2 * _sigmoid64(z))}


def well_conditioned(kappa, dtype, n):
    """Accept random inputs whose every leaf has a first-order rounding-error bound of at most
    CONDITION_FACTOR times the "reduction" tolerance: kappa * eps <= 2 * tolerance(n).

    Why: measured over 1200 random deep nets (L_model_backward, both dtypes), the twins' actual
    difference never exceeded 0.42 * kappa * eps, so accepted cases stay below ~0.85 of the bound;
    among rejected ones (kappa up to 10^4, sums cancelling, errors amplified through 6 layers) it
    reached 5x the bound. Like inputs on a ReLU kink, those are not parity failures: the normwise
    bound is relative to the leaf, rounding to the terms that produced it. About a fifth of the
    1-layer and two thirds of the 6-layer draws are redrawn.
    """
    eps = float(np.finfo(dtype).eps)
    return kappa * eps <= CONDITION_FACTOR * tolerances.tolerance(dtype, "reduction", n=n)


def condition(error_scale, value):
    """max(error_scale) / max|value|: a leaf's first-order rounding-error bound (in units of eps)
    relative to the leaf's size — 1 for one correctly rounded op, about the number of chained ops
    for a well-conditioned result, and large where sums cancel or errors are amplified.

    The tolerance table's "reduction" entry assumes a well-conditioned result; the checker's
    normwise measure is relative to max|value|, while rounding is relative to the terms.
    """
    top = float(np.max(np.abs(value), initial=0.0))
    worst = float(np.max(error_scale, initial=0.0))
    if top == 0.0:
        return 1.0 if worst == 0.0 else np.inf
    return worst / top


def network_condition(X, Y, parameters, activations, learning_rate=None):
    """(Z1..ZL, the largest `condition` of every leaf the deep cases compare), in float64 from the
    (already rounded) inputs.

    A running first-order error analysis (each line: the rounding of the op itself, plus its
    inputs' error scales times the op's sensitivity), per element:
        Z = W A + b           E_Z  = |W| (E_A + |A|) + |b|
        A = g(Z)              E_A  = |g'(Z)| E_Z + |A|
        dAL                   E    = |dAL| + (Y / AL^2 + (1 - Y) / (1 - AL)^2) E_AL
        dZ = dA g'(Z)         E_dZ = |g'(Z)| E_dA + |dZ| + |dA g''(Z)| E_Z
        dW = dZ A.T / m       E_dW = ((E_dZ + |dZ|) |A|.T + |dZ| E_A.T) / m
        db = sum(dZ) / m      E_db = sum(E_dZ + |dZ|) / m
        dA_prev = W.T dZ      E    = |W|.T (E_dZ + |dZ|)
        W - lr dW             E    = |W| + lr (E_dW + |dW|)      (with learning_rate)
    The backward part needs a sigmoid output (the cost's gradient).
    """
    A, E_A = X.astype(np.float64), np.zeros(X.shape)
    As, Es, Zs, EZs, kappas = [], [], [], [], []
    for l, name in enumerate(activations, start=1):
        W, b = parameters[f"W{l}"].astype(np.float64), parameters[f"b{l}"].astype(np.float64)
        As.append(A)
        Es.append(E_A)
        Z = W @ A + b
        E_Z = np.abs(W) @ (E_A + np.abs(A)) + np.abs(b)
        A = _FORWARD[name](Z)
        E_A = np.abs(_DERIVATIVE[name](Z)) * E_Z + np.abs(A)
        Zs.append(Z)
        EZs.append(E_Z)
        kappas += [condition(E_Z, Z), condition(E_A, A)]
    if activations[-1] != "sigmoid":
        return Zs, max(kappas)
    Y = Y.astype(np.float64)
    m = Y.shape[1]
    dA = -(Y / A - (1 - Y) / (1 - A))
    E_dA = np.abs(dA) + (Y / A**2 + (1 - Y) / (1 - A) ** 2) * E_A
    for l in reversed(range(1, len(activations) + 1)):
        name, Z, E_Z, A_prev, E_prev = activations[l - 1], Zs[l - 1], EZs[l - 1], As[l - 1], Es[l - 1]
        W = parameters[f"W{l}"].astype(np.float64)
        dZ = dA * _DERIVATIVE[name](Z)
        E_dZ = (np.abs(_DERIVATIVE[name](Z)) * E_dA + np.abs(dZ)
                + np.abs(dA * _SECOND_DERIVATIVE[name](Z)) * E_Z)
        dW, db = dZ @ A_prev.T / m, dZ.sum(axis=1, keepdims=True) / m
        E_dW = ((E_dZ + np.abs(dZ)) @ np.abs(A_prev).T + np.abs(dZ) @ E_prev.T) / m
        E_db = (E_dZ + np.abs(dZ)).sum(axis=1, keepdims=True) / m
        dA, E_dA = W.T @ dZ, np.abs(W).T @ (E_dZ + np.abs(dZ))
        kappas += [condition(E_dW, dW), condition(E_db, db), condition(E_dA, dA)]
        if learning_rate is not None:
            b = parameters[f"b{l}"].astype(np.float64)
            kappas += [condition(np.abs(W) + learning_rate * (E_dW + np.abs(dW)),
                                 W - learning_rate * dW),
                       condition(np.abs(b) + learning_rate * (E_db + np.abs(db)),
                                 b - learning_rate * db)]
    return Zs, max(kappas)


def _network(rng, dtype, activations="default", output="sigmoid", step=False):
    """X, Y, parameters and per-layer activations of a random net with L = 1..6 layers.

    activations: "default" (None: the course's relu stack), or "mixed" (each hidden layer drawn
    from all four; at least one non-relu when L > 1). output: the last layer's activation, or
    "any". step: also draw a learning rate in [0.01, 1) (one update's results are compared too).
    Inputs are redrawn until
    - every pre-activation at a relu / leaky_relu layer, and at the output (predict thresholds
      AL at 0.5, i.e. Z_L at 0), is at least KINK_GAP from 0: the twins' Z differ by rounding, and
      a sign flip there changes a gradient by a whole dA entry (or a prediction by 1);
    - every compared leaf is well conditioned (`network_condition`, `well_conditioned`);
    - no relu layer is dead (all Z <= 0 would zero every gradient below it, hiding wrong
      variants there).
    m >= 2, so that a missing 1/m changes something.
    """
    for _ in range(1000):
        L = int(rng.integers(1, MAX_LAYERS + 1))
        sizes = _sizes(rng, L)
        m = int(rng.integers(2, 41))
        if activations == "default":
            names = ["relu"] * (L - 1) + ["sigmoid"]
        else:
            names = [ACTIVATIONS[int(k)] for k in rng.integers(0, 4, size=L)]
            if L > 1 and all(n == "relu" for n in names[:-1]):
                names[int(rng.integers(0, L - 1))] = ACTIVATIONS[int(rng.integers(1, 4))]
            if output != "any":
                names[-1] = output
        X = inputs.normal(rng, (sizes[0], m), dtype)
        Y = inputs.labels(rng, m, dtype)
        parameters = _parameters(rng, sizes, dtype)
        learning_rate = float(rng.uniform(0.01, 1.0)) if step else None
        Zs, kappa = network_condition(X, Y, parameters, names, learning_rate)
        gaps = [np.abs(Z).min() for l, Z in enumerate(Zs, start=1)
                if names[l - 1] in KINKED or l == L]
        n = max(max(sizes), m)
        alive = all((Z > 0).any() for Z, name in zip(Zs, names) if name == "relu")
        if min(gaps) >= KINK_GAP and alive and well_conditioned(kappa, dtype, n):
            network = {"X": X, "Y": Y, "parameters": parameters,
                       "activations": None if activations == "default" else names,
                       "sizes": sizes}
            if step:
                network["learning_rate"] = learning_rate
            return network
    raise RuntimeError("could not draw a well-conditioned network away from the ReLU kinks")


def _network_inputs(activations="default", output="sigmoid"):
    return lambda rng, dtype: _network(rng, dtype, activations, output)


def _network_reduction(i):
    """The longest sum in a forward or backward pass: over n_{l-1}, n_l or the m examples."""
    return max(max(i["sizes"]), i["X"].shape[1])


def _linear_condition(A_prev, W, b, dZ, activation=None):
    """The largest `condition` of Z = W A_prev + b (and A = g(Z)) and of linear_backward's
    dW, db, dA_prev, for exact inputs (see network_condition for the error scales)."""
    A_prev, W, b, dZ = (x.astype(np.float64) for x in (A_prev, W, b, dZ))
    Z, E_Z = W @ A_prev + b, np.abs(W) @ np.abs(A_prev) + np.abs(b)
    kappas = [condition(E_Z, Z),
              condition(np.abs(dZ) @ np.abs(A_prev).T, dZ @ A_prev.T),
              condition(np.abs(dZ).sum(axis=1), dZ.sum(axis=1)),
              condition(np.abs(W).T @ np.abs(dZ), W.T @ dZ)]
    if activation is not None:
        A = _FORWARD[activation](Z)
        kappas.append(condition(np.abs(_DERIVATIVE[activation](Z)) * E_Z + np.abs(A), A))
    return max(kappas)


def _layer(rng, dtype, activation=None):
    """One layer: A_prev (n_prev, m), W (n, n_prev) with n != n_prev, b (n, 1), dZ (n, m);
    redrawn until well conditioned (see `well_conditioned`)."""
    for _ in range(1000):
        n_prev = int(rng.integers(1, 13))
        n = int(rng.choice([k for k in range(1, 13) if k != n_prev]))
        m = int(rng.integers(1, 41))
        i = {"A_prev": inputs.normal(rng, (n_prev, m), dtype),
             "W": inputs.normal(rng, (n, n_prev), dtype, scale=1 / np.sqrt(n_prev)),
             "b": inputs.normal(rng, (n, 1), dtype, scale=0.5),
             "dZ": inputs.normal(rng, (n, m), dtype)}
        kappa = _linear_condition(i["A_prev"], i["W"], i["b"], i["dZ"], activation)
        if well_conditioned(kappa, dtype, _layer_reduction(i)):
            return i
    raise RuntimeError("could not draw a well-conditioned layer")


def _layer_reduction(i):
    return max(max(i["W"].shape), i["A_prev"].shape[1])


def _activation_layer(name):
    """A layer ((A_prev, W, b), its own Z, dA) for g = `name`; Z drawn directly (off the kinks
    for relu-like), redrawn until the forward pass g(W A_prev + b) and the backward pass from
    dZ = dA g'(Z) are well conditioned."""
    def make(rng, dtype):
        for _ in range(1000):
            i = _layer(rng, dtype, activation=name)
            shape = i.pop("dZ").shape
            if name in KINKED:
                Z = inputs.away_from_zero(rng, shape, dtype, scale=2.0, gap=KINK_GAP)
            else:
                Z = inputs.normal(rng, shape, dtype, scale=2.0)
            i["Z"], i["dA"] = Z, inputs.normal(rng, shape, dtype)
            dZ = i["dA"].astype(np.float64) * _DERIVATIVE[name](Z.astype(np.float64))
            kappa = _linear_condition(i["A_prev"], i["W"], i["b"], dZ)
            if well_conditioned(kappa, dtype, _layer_reduction(i)):
                return i
        raise RuntimeError("could not draw a well-conditioned layer")
    return make


def _cost_inputs(rng, dtype):
    m = int(rng.integers(1, 61))
    Z = inputs.normal(rng, (1, m), dtype, scale=3.0)
    return {"AL": (1 / (1 + np.exp(-Z))).astype(dtype), "Y": inputs.labels(rng, m, dtype)}


def _init_inputs(rng, dtype):
    L = int(rng.integers(1, MAX_LAYERS + 1))
    sizes = _sizes(rng, L, n_out=int(rng.integers(1, 4)))
    scale = [0.01, "xavier", "he", 0.5][int(rng.integers(0, 4))]
    return {"sizes": sizes, "scale": scale, "seed": int(rng.integers(0, 2**31)),
            "dtype": np.dtype(dtype)}


def _update_inputs(rng, dtype):
    i = _network(rng, dtype, "mixed")
    i["grads"] = {f"d{k}": inputs.normal(rng, v.shape, dtype) for k, v in i["parameters"].items()}
    i["learning_rate"] = float(rng.uniform(0.01, 1.0))
    return i


def _training_inputs(rng, dtype):
    return _network(rng, dtype, "mixed", step=True)


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


def course_initial_parameters(layer_dims, seed=TRAJECTORY_SEED, dtype=np.float64):
    """The course application's initialisation, written out: np.random.seed(seed), then for each
    layer W{l} = randn(n_l, n_{l-1}) / np.sqrt(n_{l-1}), b{l} = zeros (here from a private
    RandomState, which yields the same numbers without touching the global stream)."""
    randn = np.random.RandomState(seed).randn
    parameters = {}
    for l in range(1, len(layer_dims)):
        W = randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters[f"W{l}"] = W.astype(dtype)
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1), dtype=dtype)
    return parameters


def _cat_inputs(rng, dtype):
    X, Y = _cat_arrays()
    return {"X": X.astype(dtype), "Y": Y.astype(dtype),
            "parameters": course_initial_parameters(TRAJECTORY_LAYERS, dtype=dtype)}


def _memo(entry, run):
    """Run a fixed-input trajectory once per (function, dtype) and reuse the result: the case,
    its twin case and their wrong variants need the same runs, and one run takes ~15 s. The key
    is the function `run` calls (`m.<entry>`): scratch's, tfimpl's, or a wrong variant."""
    results = {}

    def call(m, i):
        key = (getattr(m, entry), i["X"].dtype.name)
        if key not in results:
            results[key] = run(m, i)
        return results[key]
    return call


def _train(m, i):
    parameters, costs = m.L_layer_model(
        i["X"], i["Y"], TRAJECTORY_LAYERS, TRAJECTORY_LEARNING_RATE, TRAJECTORY_ITERATIONS,
        initial_parameters=i["parameters"])
    return {"parameters": parameters, "costs": costs}


def _fit(m, i):
    parameters, costs = m.fit_keras(i["X"], i["Y"], i["parameters"], None,
                                    TRAJECTORY_LEARNING_RATE, TRAJECTORY_ITERATIONS)
    return {"parameters": parameters, "costs": costs}


_train_memo = _memo("L_layer_model", _train)
_fit_memo = _memo("fit_keras", _fit)


# --- deliberately wrong variants ------------------------------------------------------------------
def _scratch_with(name, **replacements):
    """scratch.deep.<name> re-bound so that its (and its helpers') global lookups of the names in
    `replacements` find the wrong versions: a bug in a helper, seen through a public function."""
    def function(*args, **kwargs):
        from scratch import deep
        namespace = dict(vars(deep))
        for key, value in vars(deep).items():
            if isinstance(value, types.FunctionType) and value.__module__ == deep.__name__:
                rebound = types.FunctionType(value.__code__, namespace, value.__name__,
                                             value.__defaults__, value.__closure__)
                rebound.__kwdefaults__ = value.__kwdefaults__
                namespace[key] = rebound
        namespace.update(replacements)
        return namespace[name](*args, **kwargs)
    return function


def _init_keras_layout(layer_dims, scale=0.01, dtype=np.float64, seed=None):
    randn = np.random.RandomState(seed).randn
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = (randn(layer_dims[l - 1], layer_dims[l]) * 0.01).astype(dtype)
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1), dtype=dtype)
    return parameters


def _linear_forward_no_bias(A, W, b):
    return W @ A, (A, W, b)


def _relu(Z):
    return np.maximum(Z, 0)


def _sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


def _forward_cache_holds_A(A_prev, W, b, activation):
    Z = W @ A_prev + b
    A = _relu(Z) if activation == "relu" else np.tanh(Z)
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


def _L_forward_all_sigmoid(X, parameters, activations=None):
    caches, A = [], X
    for l in range(1, len(parameters) // 2 + 1):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        Z = W @ A + b
        caches.append(((A, W, b), Z))
        A = _sigmoid(Z)                                    # sigmoid hidden layers too
    return A, caches


def _L_forward_hard_wired(X, parameters, activations=None):
    from scratch import deep
    return deep.L_model_forward(X, parameters, None)       # ignores the configured activations


def _cost_no_mean(AL, Y):
    return np.squeeze(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))


def _linear_backward_W_not_transposed(dZ, cache, input_gradient=True):
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    dW = 1 / m * (dZ @ A_prev.T)
    db = 1 / m * np.sum(dZ, axis=1, keepdims=True)
    # W where W.T belongs: W's entries read in the transposed shape (W itself when square; a
    # plain W @ dZ would not even run on a non-square layer).
    dA_prev = W.reshape(W.shape[1], W.shape[0]) @ dZ if input_gradient else None
    return dA_prev, dW, db


def _linear_backward_db_no_keepdims(dZ, cache, input_gradient=True):
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    return W.T @ dZ, 1 / m * (dZ @ A_prev.T), 1 / m * np.sum(dZ, axis=1)      # db: (n,)


def _linear_backward_dW_no_mean(dZ, cache, input_gradient=True):
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    dA_prev = W.T @ dZ if input_gradient else None
    return dA_prev, dZ @ A_prev.T, 1 / m * np.sum(dZ, axis=1, keepdims=True)  # dW: no 1/m


def _activation_backward(dZ_of):
    """A wrong linear_activation_backward: dZ from `dZ_of(dA, Z)`, then the correct linear step."""
    def backward(dA, cache, activation, input_gradient=True):
        (A_prev, W, _), Z = cache
        m = A_prev.shape[1]
        dZ = dZ_of(dA, Z)
        dA_prev = W.T @ dZ if input_gradient else None
        return dA_prev, 1 / m * (dZ @ A_prev.T), 1 / m * np.sum(dZ, axis=1, keepdims=True)
    return backward


_relu_backward_times_A = _activation_backward(lambda dA, Z: dA * _relu(Z))      # dA * A
_tanh_backward_identity = _activation_backward(lambda dA, Z: dA)                 # no 1 - A^2
_sigmoid_backward_no_one_minus = _activation_backward(lambda dA, Z: dA * _sigmoid(Z))
_leaky_backward_relu_mask = _activation_backward(lambda dA, Z: dA * (Z > 0))     # slope 0


def _relu_aware(wrong):
    """Use `wrong` at relu layers only (the other layers' backward stays correct)."""
    def backward(dA, cache, activation, input_gradient=True):
        from scratch import deep
        if activation == "relu":
            return wrong(dA, cache, activation, input_gradient)
        return deep._linear_activation_backward(dA, cache, activation, input_gradient)
    return backward


def _update_ascent(parameters, grads, learning_rate):
    return {k: v + learning_rate * grads[f"d{k}"] for k, v in parameters.items()}


def _predict_probabilities(X, y, parameters, activations=None, print_accuracy=False):
    from scratch import deep
    AL, _ = deep.L_model_forward(X, parameters, activations)
    return AL                                                # never thresholded


def _L_layer_model_float32_rate(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000,
                                print_cost=False, **kwargs):
    from scratch import deep
    rate = float(np.float32(learning_rate))     # naive keras.optimizers.SGD(0.0075) in float64
    return deep.L_layer_model(X, Y, layers_dims, rate, num_iterations, print_cost, **kwargs)


M = Mutant
W_NOT_TRANSPOSED = "dA_prev = W dZ (W's entries in the transposed shape) on non-square layers"


def _cases():
    cases = [
        ParityCase("deep.initialize_parameters_deep", "forward", "deep", _init_inputs,
                   lambda m, i: m.initialize_parameters_deep(i["sizes"], i["scale"],
                                                             dtype=i["dtype"], seed=i["seed"]),
                   note="NumPy's legacy stream (the course's), scaled as the course writes it",
                   mutants=(M("kernel layout", "W drawn as (n_{l-1}, n_l), Keras's kernel shape",
                              "initialize_parameters_deep", _init_keras_layout),)),
        ParityCase("deep.linear_forward", "forward", "deep", _layer,
                   lambda m, i: m.linear_forward(i["A_prev"], i["W"], i["b"]), kind="reduction",
                   reduction=lambda i: i["W"].shape[1],
                   mutants=(M("no bias", "Z = W A", "linear_forward", _linear_forward_no_bias),)),
    ]
    forward_mutants = {
        "relu": M("cache A", "the layer cache holds A where Z belongs",
                  "linear_activation_forward", _forward_cache_holds_A),
        "tanh": M("g first", "A = tanh(W tanh(A_prev) + b)", "linear_activation_forward",
                  _forward_activation_first),
        "sigmoid": M("sigmoid(-Z)", "1 / (1 + exp(Z))", "linear_activation_forward",
                     _forward_sigmoid_sign),
        "leaky_relu": M("slope 0.3", "Keras LeakyReLU's default slope",
                        "linear_activation_forward", _forward_leaky_keras_slope),
    }
    backward_mutants = {
        "relu": M("dA * A", "dZ = dA * A: the relu derivative taken from A, not the mask Z > 0",
                  "linear_activation_backward", _relu_backward_times_A),
        "tanh": M("no 1-A^2", "forgets tanh's derivative 1 - A^2 (dZ = dA)",
                  "linear_activation_backward", _tanh_backward_identity),
        "sigmoid": M("no (1-s)", "dZ = dA * s", "linear_activation_backward",
                     _sigmoid_backward_no_one_minus),
        "leaky_relu": M("slope 0", "relu's mask: dZ = 0 where Z < 0",
                        "linear_activation_backward", _leaky_backward_relu_mask),
    }
    for name in ACTIVATIONS:
        cases.append(ParityCase(
            f"deep.linear_activation_forward[{name}]", "forward", "deep", _activation_layer(name),
            lambda m, i, name=name: m.linear_activation_forward(i["A_prev"], i["W"], i["b"], name),
            kind="reduction", reduction=lambda i: i["W"].shape[1],
            mutants=(forward_mutants[name],)))
    cases += [
        ParityCase("deep.L_model_forward", "forward", "deep", _network_inputs("default"),
                   lambda m, i: m.L_model_forward(i["X"], i["parameters"], i["activations"]),
                   kind="reduction", reduction=_network_reduction,
                   mutants=(M("all sigmoid", "sigmoid hidden layers", "L_model_forward",
                              _L_forward_all_sigmoid),)),
        ParityCase("deep.L_model_forward[mixed]", "forward", "deep",
                   _network_inputs("mixed", output="any"),
                   lambda m, i: m.L_model_forward(i["X"], i["parameters"], i["activations"]),
                   kind="reduction", reduction=_network_reduction,
                   note="each layer's activation drawn from relu, tanh, sigmoid, leaky_relu",
                   mutants=(M("hard-wired", "ignores `activations` (relu... sigmoid)",
                              "L_model_forward", _L_forward_hard_wired),)),
        ParityCase("deep.compute_cost", "forward", "deep", _cost_inputs,
                   lambda m, i: m.compute_cost(i["AL"], i["Y"]), kind="reduction",
                   reduction=lambda i: i["AL"].shape[1],
                   mutants=(M("no 1/m", "sum instead of mean", "compute_cost", _cost_no_mean),)),
        ParityCase("deep.linear_backward", "gradient", "deep", _layer,
                   lambda m, i: m.linear_backward(i["dZ"], (i["A_prev"], i["W"], i["b"])),
                   kind="reduction", reduction=_layer_reduction,
                   note="W never square (n_l != n_{l-1})",
                   mutants=(M("W not W.T", W_NOT_TRANSPOSED, "linear_backward",
                              _linear_backward_W_not_transposed),
                            M("db no keepdims", "db of shape (n_l,), not (n_l, 1)",
                              "linear_backward", _linear_backward_db_no_keepdims),
                            M("dW no 1/m", "dW = dZ A_prev.T", "linear_backward",
                              _linear_backward_dW_no_mean))),
    ]
    for name in ACTIVATIONS:
        cases.append(ParityCase(
            f"deep.linear_activation_backward[{name}]", "gradient", "deep",
            _activation_layer(name),
            lambda m, i, name=name: m.linear_activation_backward(i["dA"], _layer_cache(i), name),
            kind="reduction", reduction=_layer_reduction, mutants=(backward_mutants[name],)))
    backward_through = {
        "W not W.T": M("W not W.T", W_NOT_TRANSPOSED + ", in every layer", "L_model_backward",
                       _scratch_with("L_model_backward",
                                     _linear_backward=_linear_backward_W_not_transposed)),
        "dA * A": M("dA * A", "relu layers' dZ = dA * A", "L_model_backward",
                    _scratch_with("L_model_backward",
                                  _linear_activation_backward=_relu_aware(
                                      _relu_backward_times_A))),
        "dW no 1/m": M("dW no 1/m", "dW = dZ A_prev.T in every layer", "L_model_backward",
                       _scratch_with("L_model_backward",
                                     _linear_backward=_linear_backward_dW_no_mean)),
    }
    cases += [
        ParityCase("deep.L_model_backward", "gradient", "deep", _network_inputs("default"),
                   _forward_and_backward, kind="reduction", reduction=_network_reduction,
                   note="L_model_forward then L_model_backward; relu stack, sigmoid output",
                   mutants=tuple(backward_through.values())),
        ParityCase("deep.L_model_backward[mixed]", "gradient", "deep", _network_inputs("mixed"),
                   _forward_and_backward, kind="reduction", reduction=_network_reduction,
                   note="hidden activations drawn from all four, sigmoid output",
                   mutants=(backward_through["W not W.T"],)),
        ParityCase("deep.update_parameters", "step", "deep", _update_inputs,
                   lambda m, i: m.update_parameters(i["parameters"], i["grads"],
                                                    i["learning_rate"]),
                   mutants=(M("ascent", "W + alpha dW", "update_parameters", _update_ascent),)),
        ParityCase("deep.L_layer_model", "step", "deep", _training_inputs, _one_step,
                   kind="reduction", reduction=_network_reduction,
                   note="one iteration (cost, tape gradients, SGD update) from given weights",
                   mutants=(M("dW no 1/m", "trains on dW = dZ A_prev.T", "L_layer_model",
                              _scratch_with("L_layer_model",
                                            _linear_backward=_linear_backward_dW_no_mean)),)),
        ParityCase("deep.predict", "forward", "deep", _network_inputs("mixed"),
                   lambda m, i: m.predict(i["X"], i["Y"], i["parameters"], i["activations"]),
                   kind="reduction", reduction=_network_reduction,
                   mutants=(M("no threshold", "returns AL, not 0/1", "predict",
                              _predict_probabilities),)),
    ]
    trajectory_note = (f"{TRAJECTORY_LAYERS} on the built-in synthetic cat-format data, "
                       f"{TRAJECTORY_ITERATIONS} iterations at lr {TRAJECTORY_LEARNING_RATE}, "
                       "course init (seed 1, 1/sqrt(n_prev)); float64 only")
    cases += [
        ParityCase("deep.L_layer_model[cat 4-layer]", "trajectory", "deep", _cat_inputs,
                   _train_memo, kind="trajectory", reduction=lambda i: i["X"].shape[0],
                   steps=TRAJECTORY_ITERATIONS, dtypes=("float64",), randomized=False,
                   slow=True, note="scratch loop vs tfimpl tape loop; " + trajectory_note,
                   mutants=(M("float32 lr", "learning rate rounded to float32 (naive Keras SGD)",
                              "L_layer_model", _L_layer_model_float32_rate),)),
        ParityCase("deep.fit_keras[cat 4-layer]", "trajectory", "deep", _cat_inputs,
                   _train_memo, call_tf=_fit_memo, kind="trajectory",
                   reduction=lambda i: i["X"].shape[0], steps=TRAJECTORY_ITERATIONS,
                   dtypes=("float64",), randomized=False, slow=True,
                   note="scratch loop vs Keras model.fit; " + trajectory_note,
                   mutants=(M("float32 lr", "learning rate rounded to float32 (naive Keras SGD)",
                              "L_layer_model", _L_layer_model_float32_rate),)),
    ]
    return cases


CASES = _cases()

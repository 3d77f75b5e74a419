"""What each course assignment asks for, as a table: for every function, how the course calls it
in each edition, on which inputs, and what the NumPy reference (`scratch`) answers.

A `Task` is one function of an assignment. Its `editions` are the ways the course's notebooks
call it (older and newer signatures, seeds, gradient-key conventions); the check picks the
editions whose parameter list fits the learner's function and keeps the first that passes. Every
input is built by the reference — a backward pass gets caches from scratch's forward pass — so
each function is judged on its own. `extended=True` marks what the course never asks for (other
activations, mixed stacks): checked only with `dl-parity check --extended`.

Results are named for the learner: `named(result)` turns the course's return value into a dict
{"cost": ..., "grads": {...}, "caches": [{"A_prev", "W", "b", "Z"}, ...]} whose leaves the
verdict names (`grads.dW2`, `caches[1].Z`).

A new module's assignment is a new list of Tasks in MODULES, not new code.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from conventions.vocabulary import DROPOUT_CACHE, named_result
from scratch import activations as ref_activations
from scratch import batchnorm as ref_batchnorm
from scratch import deep as ref_deep
from scratch import gradient_check as ref_gradient_check
from scratch import initialization as ref_initialization
from scratch import logistic as ref_logistic
from scratch import losses as ref_losses
from scratch import optimization as ref_optimization
from scratch import regularization as ref_regularization
from scratch import shallow as ref_shallow
from scratch import softmax as ref_softmax


@dataclass(frozen=True)
class Edition:
    label: str                      # said in the output: which edition the file matched
    params: tuple                   # the parameter names of the course's signature
    call: Callable[[Callable, dict], Any]
    reference: Callable[[dict], Any]
    named: Callable[[Any], dict] = lambda result: {"value": result}
    seed: int | None = None         # np.random.seed(seed) before each side is called


@dataclass(frozen=True)
class Task:
    name: str
    inputs: Callable[[np.dtype], dict]
    editions: tuple
    kind: str = "reduction"         # tolerance kind (dlparity.tolerances), or "exact"
    reduction: Callable[[dict], int] = lambda i: 1
    steps: int = 1
    extended: bool = False
    note: str = ""
    sizes: dict = field(default_factory=dict)


def _rng(seed=0):
    return np.random.default_rng(seed)


def _labels(rng, m, dtype):
    Y = rng.integers(0, 2, size=(1, m)).astype(dtype)
    Y[0, :2] = (0, 1)                       # both classes present
    return Y


def _copy(d):
    return {k: np.array(v, copy=True) for k, v in d.items()}


# --- logistic regression (course 1, week 2) ---------------------------------------------------
def _logistic_inputs(dtype):
    rng = _rng(2)
    n_x, m = 4, 7
    return {"w": (0.4 * rng.standard_normal((n_x, 1))).astype(dtype), "b": dtype.type(0.3),
            "X": rng.standard_normal((n_x, m)).astype(dtype), "Y": _labels(rng, m, dtype),
            "dim": n_x, "z": np.array([[-2.0, -0.5, 0.0, 0.5, 2.0]], dtype)}




def _course_named(function):
    """Names of the course's tuple result, costs as a plain list."""
    def named(result):
        named = named_result(function, result)
        return {**named, "costs": list(named["costs"])}
    return named


def _model_named(result):
    keys = ("costs", "Y_prediction_test", "Y_prediction_train", "w", "b")
    return {k: (list(result[k]) if k == "costs" else result[k]) for k in keys} | {
        k: v for k, v in result.items() if k not in keys}


LOGISTIC_ITERATIONS = 100
LOGISTIC = [
    Task("sigmoid", _logistic_inputs,
         (Edition("", ("z",), lambda f, i: f(i["z"]), lambda i: ref_logistic.sigmoid(i["z"])),),
         kind="elementwise"),
    Task("initialize_with_zeros", _logistic_inputs,
         (Edition("", ("dim",), lambda f, i: f(i["dim"]),
                  lambda i: ref_logistic.initialize_with_zeros(i["dim"]),
                  lambda r: {"w": r[0], "b": r[1]}),), kind="exact"),
    Task("propagate", _logistic_inputs,
         (Edition("", ("w", "b", "X", "Y"), lambda f, i: f(i["w"], i["b"], i["X"], i["Y"]),
                  lambda i: ref_logistic.propagate(i["w"], i["b"], i["X"], i["Y"]),
                  lambda r: named_result("propagate", r)),),
         reduction=lambda i: max(i["X"].shape)),
    Task("optimize", _logistic_inputs,
         (Edition("", ("w", "b", "X", "Y", "num_iterations", "learning_rate"),
                  lambda f, i: f(i["w"], i["b"], i["X"], i["Y"], LOGISTIC_ITERATIONS, 0.009),
                  lambda i: ref_logistic.optimize(i["w"], i["b"], i["X"], i["Y"],
                                                  LOGISTIC_ITERATIONS, 0.009),
                  _course_named("optimize")),),
         kind="trajectory", reduction=lambda i: max(i["X"].shape), steps=LOGISTIC_ITERATIONS),
    Task("predict", _logistic_inputs,
         (Edition("", ("w", "b", "X"), lambda f, i: f(i["w"], i["b"], i["X"]),
                  lambda i: ref_logistic.predict(i["w"], i["b"], i["X"]),
                  lambda r: {"Y_prediction": r}),),
         reduction=lambda i: max(i["X"].shape)),
    Task("model", _logistic_inputs,
         (Edition("", ("X_train", "Y_train", "X_test", "Y_test"),
                  lambda f, i: f(i["X"], i["Y"], i["X"][:, :3], i["Y"][:, :3],
                                 num_iterations=LOGISTIC_ITERATIONS, learning_rate=0.005),
                  lambda i: ref_logistic.model(i["X"], i["Y"], i["X"][:, :3], i["Y"][:, :3],
                                               num_iterations=LOGISTIC_ITERATIONS,
                                               learning_rate=0.005),
                  _model_named),),
         kind="trajectory", reduction=lambda i: max(i["X"].shape), steps=LOGISTIC_ITERATIONS),
]


# --- the one-hidden-layer network (course 1, week 3) -----------------------------------------
def _shallow_inputs(dtype):
    rng = _rng(3)
    n_x, n_h, m = 3, 4, 6
    parameters = {"W1": (rng.standard_normal((n_h, n_x)) / np.sqrt(n_x)).astype(dtype),
                  "b1": (0.5 * rng.standard_normal((n_h, 1))).astype(dtype),
                  "W2": (rng.standard_normal((1, n_h)) / np.sqrt(n_h)).astype(dtype),
                  "b2": (0.5 * rng.standard_normal((1, 1))).astype(dtype)}
    X = rng.standard_normal((n_x, m)).astype(dtype)
    Y = _labels(rng, m, dtype)
    A2, cache = ref_shallow.forward_propagation(X, parameters)
    grads = {f"d{k}": rng.standard_normal(v.shape).astype(dtype) for k, v in parameters.items()}
    return {"X": X, "Y": Y, "parameters": parameters, "A2": A2, "cache": cache, "grads": grads,
            "n": (n_x, n_h, 1)}



SHALLOW_ITERATIONS = 1000
SHALLOW = [
    Task("layer_sizes", _shallow_inputs,
         (Edition("", ("X", "Y"), lambda f, i: f(i["X"], i["Y"]),
                  lambda i: ref_shallow.layer_sizes(i["X"], i["Y"]),
                  lambda r: {"n_x": r[0], "n_h": r[1], "n_y": r[2]}),), kind="exact"),
    Task("initialize_parameters", _shallow_inputs,
         (Edition("np.random.seed(2), randn * 0.01", ("n_x", "n_h", "n_y"),
                  lambda f, i: f(*i["n"]),
                  lambda i: ref_shallow.initialize_parameters(*i["n"], seed=2),
                  lambda r: {"parameters": r}, seed=2),),
         kind="elementwise"),
    Task("forward_propagation", _shallow_inputs,
         (Edition("", ("X", "parameters"), lambda f, i: f(i["X"], _copy(i["parameters"])),
                  lambda i: ref_shallow.forward_propagation(i["X"], i["parameters"]),
                  lambda r: named_result("forward_propagation", r)),),
         reduction=lambda i: max(i["n"])),
    Task("compute_cost", _shallow_inputs,
         (Edition("compute_cost(A2, Y)", ("A2", "Y"), lambda f, i: f(i["A2"], i["Y"]),
                  lambda i: ref_shallow.compute_cost(i["A2"], i["Y"]),
                  lambda r: {"cost": r}),
          Edition("compute_cost(A2, Y, parameters) (older notebooks)", ("A2", "Y", "parameters"),
                  lambda f, i: f(i["A2"], i["Y"], _copy(i["parameters"])),
                  lambda i: ref_shallow.compute_cost(i["A2"], i["Y"]),
                  lambda r: {"cost": r})),
         reduction=lambda i: i["Y"].shape[1]),
    Task("backward_propagation", _shallow_inputs,
         (Edition("", ("parameters", "cache", "X", "Y"),
                  lambda f, i: f(_copy(i["parameters"]), _copy(i["cache"]), i["X"], i["Y"]),
                  lambda i: ref_shallow.backward_propagation(i["parameters"], i["cache"], i["X"],
                                                             i["Y"]),
                  lambda r: {"grads": r}),),
         reduction=lambda i: max(*i["n"], i["X"].shape[1])),
    Task("update_parameters", _shallow_inputs,
         (Edition("", ("parameters", "grads"),
                  lambda f, i: f(_copy(i["parameters"]), _copy(i["grads"])),
                  lambda i: ref_shallow.update_parameters(i["parameters"], i["grads"]),
                  lambda r: {"parameters": r}),),
         kind="elementwise"),
    Task("nn_model", _shallow_inputs,
         (Edition("initialize_parameters seeds np.random with 2", ("X", "Y", "n_h"),
                  lambda f, i: f(i["X"], i["Y"], 4, num_iterations=SHALLOW_ITERATIONS),
                  lambda i: ref_shallow.nn_model(i["X"], i["Y"], 4,
                                                 num_iterations=SHALLOW_ITERATIONS, seed=2),
                  lambda r: {"parameters": r}, seed=3),
          Edition("np.random.seed(3), initialize_parameters without a seed of its own",
                  ("X", "Y", "n_h"),
                  lambda f, i: f(i["X"], i["Y"], 4, num_iterations=SHALLOW_ITERATIONS),
                  lambda i: ref_shallow.nn_model(i["X"], i["Y"], 4,
                                                 num_iterations=SHALLOW_ITERATIONS, seed=3),
                  lambda r: {"parameters": r}, seed=3)),
         kind="trajectory", reduction=lambda i: max(*i["n"], i["X"].shape[1]),
         steps=SHALLOW_ITERATIONS),
    Task("predict", _shallow_inputs,
         (Edition("", ("parameters", "X"), lambda f, i: f(_copy(i["parameters"]), i["X"]),
                  lambda i: ref_shallow.predict(i["parameters"], i["X"]),
                  lambda r: {"predictions": r}),),
         reduction=lambda i: max(i["n"])),
]


# --- the L-layer network (course 1, week 4) ----------------------------------------------------
DEEP_SIZES = [5, 4, 4, 3, 1]        # the 4 -> 4 layer is square: W where W.T belongs shows there


def _deep_inputs(dtype, sizes=DEEP_SIZES, activations=None):
    rng = _rng(4)
    m = 6
    parameters = {}
    for l in range(1, len(sizes)):
        parameters[f"W{l}"] = (rng.standard_normal((sizes[l], sizes[l - 1]))
                               / np.sqrt(sizes[l - 1])).astype(dtype)
        parameters[f"b{l}"] = (0.5 * rng.standard_normal((sizes[l], 1))).astype(dtype)
    X = rng.standard_normal((sizes[0], m)).astype(dtype)
    Y = _labels(rng, m, dtype)
    AL, caches = ref_deep.L_model_forward(X, parameters, activations)
    n, n_prev = sizes[2], sizes[1]
    layer = {"A_prev": rng.standard_normal((n_prev, m)).astype(dtype),
             "W": (rng.standard_normal((n, n_prev)) / np.sqrt(n_prev)).astype(dtype),
             "b": (0.5 * rng.standard_normal((n, 1))).astype(dtype),
             "dZ": rng.standard_normal((n, m)).astype(dtype),
             "dA": rng.standard_normal((n, m)).astype(dtype)}
    layer["Z"] = layer["W"] @ layer["A_prev"] + layer["b"]
    grads = {f"d{k}": rng.standard_normal(v.shape).astype(dtype) for k, v in parameters.items()}
    return {"X": X, "Y": Y, "parameters": parameters, "AL": AL, "caches": caches,
            "layer": layer, "grads": grads, "sizes": sizes, "m": m}


def _layer_cache(i):
    l = i["layer"]
    return ((l["A_prev"], l["W"], l["b"]), l["Z"])






def _grads_from_one(grads):
    """The older notebooks' keys: dA{l} holds the gradient of A{l-1} (dA1 ... dAL)."""
    return {(f"dA{int(k[2:]) + 1}" if k.startswith("dA") else k): v for k, v in grads.items()}


def _reduction(i):
    return max(max(i["sizes"]), i["m"])


DEEP_ITERATIONS = 200


def _deep_train_inputs(dtype):
    i = _deep_inputs(dtype)
    i["layers_dims"] = list(i["sizes"])
    return i


def _trainer_editions(name, reference_scale_seed, returns_costs):
    """Editions of two_layer_model / L_layer_model: np.random.seed(1) then the initialiser (the
    application's 1/sqrt(n_prev) scale, or 0.01 with the step-by-step initialisers)."""
    editions = []
    for scale, seed, label in reference_scale_seed:
        for costs in returns_costs:
            editions.append(Edition(
                f"{label}; returns {'(parameters, costs)' if costs else 'parameters'}",
                ("X", "Y", "layers_dims"),
                lambda f, i: f(i["X"], i["Y"], i["layers_dims"], num_iterations=DEEP_ITERATIONS),
                lambda i, scale=scale, seed=seed, costs=costs: _train_reference(
                    i, scale, seed, costs),
                (lambda r: {"parameters": r[0], "costs": list(r[1])}) if costs
                else (lambda r: {"parameters": r}), seed=1))
    return tuple(editions)


def _train_reference(i, scale, seed, costs):
    parameters = ref_deep.initialize_parameters_deep(i["layers_dims"], scale, seed=seed)
    result = ref_deep.L_layer_model(i["X"], i["Y"], None, num_iterations=DEEP_ITERATIONS,
                                    initial_parameters=parameters)
    return result if costs else result[0]


DEEP = [
    Task("initialize_parameters", lambda d: {"n": (3, 2, 1)},
         (Edition("np.random.seed(1), randn * 0.01", ("n_x", "n_h", "n_y"),
                  lambda f, i: f(*i["n"]),
                  lambda i: ref_deep.initialize_parameters_deep(list(i["n"]), 0.01, seed=1),
                  lambda r: {"parameters": r}, seed=1),),
         kind="elementwise"),
    Task("initialize_parameters_deep", lambda d: {"layer_dims": [5, 4, 3]},
         (Edition("step by step: np.random.seed(3), randn * 0.01", ("layer_dims",),
                  lambda f, i: f(i["layer_dims"]),
                  lambda i: ref_deep.initialize_parameters_deep(i["layer_dims"], 0.01, seed=3),
                  lambda r: {"parameters": r}, seed=3),
          Edition("application: np.random.seed(1), randn / sqrt(n_prev)", ("layer_dims",),
                  lambda f, i: f(i["layer_dims"]),
                  lambda i: ref_deep.initialize_parameters_deep(i["layer_dims"], "xavier",
                                                                seed=1),
                  lambda r: {"parameters": r}, seed=1)),
         kind="elementwise"),
    Task("linear_forward", _deep_inputs,
         (Edition("", ("A", "W", "b"),
                  lambda f, i: f(i["layer"]["A_prev"], i["layer"]["W"], i["layer"]["b"]),
                  lambda i: ref_deep.linear_forward(i["layer"]["A_prev"], i["layer"]["W"],
                                                    i["layer"]["b"]),
                  lambda r: named_result("linear_forward", r)),),
         reduction=_reduction),
]
for _name in ("sigmoid", "relu", "tanh", "leaky_relu"):
    DEEP.append(Task(
        f"linear_activation_forward[{_name}]", _deep_inputs,
        (Edition("", ("A_prev", "W", "b", "activation"),
                 lambda f, i, a=_name: f(i["layer"]["A_prev"], i["layer"]["W"], i["layer"]["b"], a),
                 lambda i, a=_name: ref_deep.linear_activation_forward(
                     i["layer"]["A_prev"], i["layer"]["W"], i["layer"]["b"], a),
                 lambda r: named_result("linear_activation_forward", r)),),
        reduction=_reduction, extended=_name in ("tanh", "leaky_relu")))
DEEP += [
    Task("L_model_forward", _deep_inputs,
         (Edition("", ("X", "parameters"), lambda f, i: f(i["X"], _copy(i["parameters"])),
                  lambda i: ref_deep.L_model_forward(i["X"], i["parameters"]),
                  lambda r: named_result("L_model_forward", r)),),
         reduction=_reduction),
    Task("compute_cost", _deep_inputs,
         (Edition("", ("AL", "Y"), lambda f, i: f(i["AL"], i["Y"]),
                  lambda i: ref_deep.compute_cost(i["AL"], i["Y"]), lambda r: {"cost": r}),),
         reduction=lambda i: i["m"]),
    Task("linear_backward", _deep_inputs,
         (Edition("", ("dZ", "cache"),
                  lambda f, i: f(i["layer"]["dZ"], _layer_cache(i)[0]),
                  lambda i: ref_deep.linear_backward(i["layer"]["dZ"], _layer_cache(i)[0]),
                  lambda r: named_result("linear_backward", r)),),
         reduction=_reduction, note="a square layer (W: 4 x 4)"),
]
for _name in ("sigmoid", "relu", "tanh", "leaky_relu"):
    DEEP.append(Task(
        f"linear_activation_backward[{_name}]", _deep_inputs,
        (Edition("", ("dA", "cache", "activation"),
                 lambda f, i, a=_name: f(i["layer"]["dA"], _layer_cache(i), a),
                 lambda i, a=_name: ref_deep.linear_activation_backward(
                     i["layer"]["dA"], _layer_cache(i), a),
                 lambda r: named_result("linear_backward", r)),),
        reduction=_reduction, extended=_name in ("tanh", "leaky_relu")))
DEEP += [
    Task("L_model_backward", _deep_inputs,
         (Edition("grads keyed dA0 ... dA{L-1}", ("AL", "Y", "caches"),
                  lambda f, i: f(i["AL"], i["Y"], i["caches"]),
                  lambda i: ref_deep.L_model_backward(i["AL"], i["Y"], i["caches"]),
                  lambda r: {"grads": r}),
          Edition("grads keyed dA1 ... dAL (older notebooks)", ("AL", "Y", "caches"),
                  lambda f, i: f(i["AL"], i["Y"], i["caches"]),
                  lambda i: _grads_from_one(ref_deep.L_model_backward(i["AL"], i["Y"],
                                                                      i["caches"])),
                  lambda r: {"grads": r})),
         reduction=_reduction),
    Task("update_parameters", _deep_inputs,
         (Edition("", ("parameters", "grads", "learning_rate"),
                  lambda f, i: f(_copy(i["parameters"]), _copy(i["grads"]), 0.1),
                  lambda i: ref_deep.update_parameters(i["parameters"], i["grads"], 0.1),
                  lambda r: {"parameters": r}),),
         kind="elementwise"),
    Task("two_layer_model", lambda d: _deep_train_inputs(d) | {"layers_dims": [5, 4, 1]},
         _trainer_editions("two_layer_model", ((0.01, 1, "np.random.seed(1), randn * 0.01"),),
                           (True, False)),
         kind="trajectory", reduction=_reduction, steps=DEEP_ITERATIONS),
    Task("L_layer_model", _deep_train_inputs,
         _trainer_editions("L_layer_model",
                           (("xavier", 1, "application: randn / sqrt(n_prev), seed 1"),
                            (0.01, 3, "step-by-step initialiser: randn * 0.01, seed 3")),
                           (True, False)),
         kind="trajectory", reduction=_reduction, steps=DEEP_ITERATIONS),
    Task("predict", _deep_inputs,
         (Edition("predict(X, y, parameters)", ("X", "y", "parameters"),
                  lambda f, i: f(i["X"], i["Y"], _copy(i["parameters"])),
                  lambda i: ref_deep.predict(i["X"], i["Y"], i["parameters"]),
                  lambda r: {"p": r}),),
         reduction=_reduction),
]


# --- the activations and the cost (the course's helper functions) -------------------------------
def _activation_inputs(dtype):
    rng = _rng(5)
    Z = (2 * rng.standard_normal((3, 6))).astype(dtype)
    Z[np.abs(Z) < 0.01] = 0.5                      # off the kinks of relu / leaky relu
    return {"Z": Z, "dA": rng.standard_normal((3, 6)).astype(dtype)}


def _first(result):
    """The course's helpers return (A, cache); the project's return A: both are accepted."""
    return {"A": result[0] if isinstance(result, tuple) else result}


ACTIVATIONS = []
for _name in ("sigmoid", "relu", "tanh", "leaky_relu", "softmax"):
    ACTIVATIONS += [
        Task(_name, _activation_inputs,
             (Edition("", ("Z",), lambda f, i: f(i["Z"]),
                      lambda i, n=_name: ref_activations.FORWARD[n](i["Z"]), _first),),
             kind="elementwise", extended=_name in ("tanh", "leaky_relu", "softmax")),
        Task(f"{_name}_backward", _activation_inputs,
             (Edition("", ("dA", "cache"), lambda f, i: f(i["dA"], i["Z"]),
                      lambda i, n=_name: ref_activations.BACKWARD[n](i["dA"], i["Z"]),
                      lambda r: {"dZ": r}),),
             kind="elementwise", extended=_name in ("tanh", "leaky_relu", "softmax")),
    ]


def _loss_inputs(dtype):
    rng = _rng(6)
    Z = (2 * rng.standard_normal((1, 8))).astype(dtype)
    return {"Z": Z, "A": 1 / (1 + np.exp(-Z)), "Y": _labels(rng, 8, dtype)}


LOSSES = [
    Task(name, _loss_inputs,
         (Edition("", (arg, "Y"), lambda f, i, a=arg: f(i[a], i["Y"]),
              lambda i, n=name, a=arg: getattr(ref_losses, n)(i[a], i["Y"]),
              lambda r, n=name: {"dA" if n.endswith("backward") else "cost": r}),),
         reduction=lambda i: i["Y"].shape[1])
    for name, arg in (("binary_cross_entropy", "A"), ("binary_cross_entropy_backward", "A"),
                      ("binary_cross_entropy_from_logits", "Z"),
                      ("binary_cross_entropy_from_logits_backward", "Z"))
]

# --- initialisation (course 2, week 1): each function seeds np.random.seed(3) itself -------------
def _initialization_task(scheme, layers_dims, label, extended=False):
    reference = getattr(ref_initialization, f"initialize_parameters_{scheme}")
    return Task(f"initialize_parameters_{scheme}", lambda d: {"layers_dims": list(layers_dims)},
                (Edition(label, ("layers_dims",), lambda f, i: f(i["layers_dims"]),
                         lambda i: reference(i["layers_dims"]),
                         lambda r: {"parameters": r}),),
                kind="elementwise", extended=extended)


INITIALIZATION = [
    _initialization_task("zeros", [3, 2, 1], "W = np.zeros"),
    _initialization_task("random", [3, 2, 1], "np.random.seed(3), randn * 10"),
    _initialization_task("he", [2, 4, 1], "np.random.seed(3), randn * sqrt(2 / n_prev)"),
    _initialization_task("xavier", [2, 4, 1], "np.random.seed(3), randn * sqrt(1 / n_prev)",
                         extended=True),
]

# --- regularisation (course 2, week 1): the 3-layer network; dropout seeds np.random.seed(1) ------
def _regularization_inputs(dtype):
    rng = _rng(7)
    sizes, m = (3, 4, 3, 1), 5
    parameters = {}
    for l in range(1, 4):
        parameters[f"W{l}"] = (rng.standard_normal((sizes[l], sizes[l - 1]))
                               / np.sqrt(sizes[l - 1])).astype(dtype)
        parameters[f"b{l}"] = (0.3 * rng.standard_normal((sizes[l], 1))).astype(dtype)
    X = rng.standard_normal((sizes[0], m)).astype(dtype)
    A3, cache = ref_regularization.forward_propagation(X, parameters)
    _, dropout_cache = ref_regularization.forward_propagation_with_dropout(X, parameters, 0.7)
    return {"X": X, "Y": _labels(rng, m, dtype), "parameters": parameters, "A3": A3,
            "cache": cache, "dropout_cache": dropout_cache}


def _dropout_named(result):
    A3, cache = result
    return {"A3": A3, "cache": dict(zip(DROPOUT_CACHE, cache))}


REGULARIZATION = [
    Task("compute_cost_with_regularization", _regularization_inputs,
         (Edition("lambd = 0.1", ("A3", "Y", "parameters", "lambd"),
                  lambda f, i: f(i["A3"], i["Y"], i["parameters"], 0.1),
                  lambda i: ref_regularization.compute_cost_with_regularization(
                      i["A3"], i["Y"], i["parameters"], 0.1),
                  lambda r: {"cost": r}),),
         reduction=lambda i: 12),
    Task("backward_propagation_with_regularization", _regularization_inputs,
         (Edition("lambd = 0.7", ("X", "Y", "cache", "lambd"),
                  lambda f, i: f(i["X"], i["Y"], i["cache"], 0.7),
                  lambda i: ref_regularization.backward_propagation_with_regularization(
                      i["X"], i["Y"], i["cache"], 0.7),
                  lambda r: {"gradients": r}),),
         reduction=lambda i: 5),
    Task("forward_propagation_with_dropout", _regularization_inputs,
         (Edition("np.random.seed(1), keep_prob = 0.7", ("X", "parameters", "keep_prob"),
                  lambda f, i: f(i["X"], i["parameters"], 0.7),
                  lambda i: ref_regularization.forward_propagation_with_dropout(
                      i["X"], i["parameters"], 0.7),
                  _dropout_named),),
         reduction=lambda i: 5),
    Task("backward_propagation_with_dropout", _regularization_inputs,
         (Edition("keep_prob = 0.7", ("X", "Y", "cache", "keep_prob"),
                  lambda f, i: f(i["X"], i["Y"], i["dropout_cache"], 0.7),
                  lambda i: ref_regularization.backward_propagation_with_dropout(
                      i["X"], i["Y"], i["dropout_cache"], 0.7),
                  lambda r: {"gradients": r}),),
         reduction=lambda i: 5),
]

# --- gradient checking (course 2, week 1): the 1-D J = theta x and the [4, 5, 3, 1] network -------
def _gradient_check_inputs(dtype):
    rng = _rng(11)
    parameters = {}
    for l, (n, n_prev) in enumerate([(5, 4), (3, 5), (1, 3)], start=1):
        parameters[f"W{l}"] = rng.standard_normal((n, n_prev)).astype(dtype)
        parameters[f"b{l}"] = rng.standard_normal((n, 1)).astype(dtype)
    X = rng.standard_normal((4, 3)).astype(dtype)
    Y = np.array([[1, 1, 0]], dtype=dtype)
    _, cache = ref_gradient_check.forward_propagation_n(X, Y, parameters)
    gradients = ref_gradient_check.backward_propagation_n(X, Y, cache)
    # a wrong backward pass (the assignment's dW2 bug): the check's difference is O(0.1), a value
    # to compare; on right gradients it is rounding noise (see dlparity.tolerances)
    wrong = {**gradients, "dW2": 2 * gradients["dW2"]}
    return {"X": X, "Y": Y, "parameters": parameters, "cache": cache, "wrong": wrong}


def _check_n_editions():
    call = lambda f, i: f(i["parameters"], i["wrong"], i["X"], i["Y"])         # noqa: E731
    reference = lambda i: ref_gradient_check.gradient_check_n(                 # noqa: E731
        i["parameters"], i["wrong"], i["X"], i["Y"])
    return (Edition("newer: print_msg", ("parameters", "gradients", "X", "Y", "epsilon", "print_msg"),
                    call, reference, lambda r: {"difference": r}),
            Edition("older", ("parameters", "gradients", "X", "Y", "epsilon"), call, reference,
                    lambda r: {"difference": r}))


GRADIENT_CHECK = [
    Task("forward_propagation", _gradient_check_inputs,
         (Edition("J = theta x", ("x", "theta"), lambda f, i: f(2, 4),
                  lambda i: ref_gradient_check.forward_propagation(2, 4), lambda r: {"J": r}),),
         kind="elementwise"),
    Task("backward_propagation", _gradient_check_inputs,
         (Edition("dtheta = x", ("x", "theta"), lambda f, i: f(2, 4),
                  lambda i: ref_gradient_check.backward_propagation(2, 4),
                  lambda r: {"dtheta": r}),),
         kind="elementwise"),
    Task("gradient_check", _gradient_check_inputs,
         (Edition("newer: print_msg", ("x", "theta", "epsilon", "print_msg"), lambda f, i: f(2, 4),
                  lambda i: ref_gradient_check.gradient_check(2, 4), lambda r: {"difference": r}),
          Edition("older", ("x", "theta", "epsilon"), lambda f, i: f(2, 4),
                  lambda i: ref_gradient_check.gradient_check(2, 4), lambda r: {"difference": r})),
         kind="central_difference"),
    Task("forward_propagation_n", _gradient_check_inputs,
         (Edition("", ("X", "Y", "parameters"), lambda f, i: f(i["X"], i["Y"], i["parameters"]),
                  lambda i: ref_gradient_check.forward_propagation_n(i["X"], i["Y"],
                                                                     i["parameters"]),
                  lambda r: named_result("forward_propagation_n", r)),),
         reduction=lambda i: 5),
    Task("backward_propagation_n", _gradient_check_inputs,
         (Edition("", ("X", "Y", "cache"), lambda f, i: f(i["X"], i["Y"], i["cache"]),
                  lambda i: ref_gradient_check.backward_propagation_n(i["X"], i["Y"], i["cache"]),
                  lambda r: {"gradients": r}),),
         reduction=lambda i: 5),
    Task("gradient_check_n", _gradient_check_inputs, _check_n_editions(),
         kind="central_difference", reduction=lambda i: 47),
]


# --- optimisation (course 2, week 2) -----------------------------------------------------------
def _optimization_inputs(dtype):
    """A [3, 4, 4, 1] network (a square 4 -> 4 layer) with grads, v and s drawn independently (s as
    squares), and the course's mini-batch cell: X (3, 148), Y (1, 148) — 148 = 2 x 64 + 20."""
    rng = _rng(7)
    sizes = [3, 4, 4, 1]
    parameters = {}
    for l in range(1, len(sizes)):
        parameters[f"W{l}"] = rng.standard_normal((sizes[l], sizes[l - 1])).astype(dtype)
        parameters[f"b{l}"] = rng.standard_normal((sizes[l], 1)).astype(dtype)
    draw = lambda: {f"d{k}": rng.standard_normal(v.shape).astype(dtype)     # noqa: E731
                    for k, v in parameters.items()}
    grads, v = draw(), draw()
    s = {k: np.square(a) for k, a in draw().items()}
    m = 148
    return {"parameters": parameters, "grads": grads, "v": v, "s": s,
            "X": rng.standard_normal((3, m)).astype(dtype), "Y": _labels(rng, m, dtype)}


def _adam_reference(i, corrected=False, t=2):
    """scratch's Adam step; the later edition also returns v_corrected and s_corrected, which are
    v / (1 - beta1^t) and s / (1 - beta2^t) of the updated moments."""
    parameters, v, s = ref_optimization.update_parameters_with_adam(
        i["parameters"], i["grads"], i["v"], i["s"], t)
    if not corrected:
        return parameters, v, s
    return (parameters, v, s, {k: a / (1 - 0.9 ** t) for k, a in v.items()},
            {k: a / (1 - 0.999 ** t) for k, a in s.items()})


ADAM_PARAMS = ("parameters", "grads", "v", "s", "t", "learning_rate", "beta1", "beta2", "epsilon")
OPTIMIZATION = [
    Task("update_parameters_with_gd", _optimization_inputs,
         (Edition("", ("parameters", "grads", "learning_rate"),
                  lambda f, i: f(_copy(i["parameters"]), _copy(i["grads"]), 0.01),
                  lambda i: ref_optimization.update_parameters_with_gd(i["parameters"],
                                                                       i["grads"], 0.01),
                  lambda r: {"parameters": r}),), kind="elementwise"),
    Task("random_mini_batches", _optimization_inputs,
         (Edition("", ("X", "Y", "mini_batch_size", "seed"),
                  lambda f, i: f(i["X"], i["Y"], 64, 0),
                  lambda i: ref_optimization.random_mini_batches(i["X"], i["Y"], 64, 0),
                  lambda r: {"mini_batches": list(r)}),),
         kind="exact", note="m = 148: two mini-batches of 64 and a last one of 20"),
    Task("initialize_velocity", _optimization_inputs,
         (Edition("", ("parameters",), lambda f, i: f(_copy(i["parameters"])),
                  lambda i: ref_optimization.initialize_velocity(i["parameters"]),
                  lambda r: {"v": r}),), kind="exact"),
    Task("update_parameters_with_momentum", _optimization_inputs,
         (Edition("", ("parameters", "grads", "v", "beta", "learning_rate"),
                  lambda f, i: f(_copy(i["parameters"]), _copy(i["grads"]), _copy(i["v"]), 0.9,
                                 0.01),
                  lambda i: ref_optimization.update_parameters_with_momentum(
                      i["parameters"], i["grads"], i["v"], 0.9, 0.01),
                  lambda r: named_result("update_parameters_with_momentum", r)),),
         kind="elementwise"),
    Task("initialize_adam", _optimization_inputs,
         (Edition("", ("parameters",), lambda f, i: f(_copy(i["parameters"])),
                  lambda i: ref_optimization.initialize_adam(i["parameters"]),
                  lambda r: named_result("initialize_adam", r)),), kind="exact"),
    Task("update_parameters_with_adam", _optimization_inputs,
         (Edition("returns (parameters, v, s)", ADAM_PARAMS,
                  lambda f, i: f(_copy(i["parameters"]), _copy(i["grads"]), _copy(i["v"]),
                                 _copy(i["s"]), 2),
                  _adam_reference, lambda r: named_result("update_parameters_with_adam", r)),
          Edition("returns (parameters, v, s, v_corrected, s_corrected) (later notebooks)",
                  ADAM_PARAMS,
                  lambda f, i: f(_copy(i["parameters"]), _copy(i["grads"]), _copy(i["v"]),
                                 _copy(i["s"]), 2),
                  lambda i: _adam_reference(i, corrected=True),
                  lambda r: (dict(zip(("parameters", "v", "s", "v_corrected", "s_corrected"), r))
                             if isinstance(r, tuple) and len(r) == 5 else {"value": r}))),
         kind="elementwise", note="t = 2, the course's defaults"),
    Task("update_lr", lambda d: {"epochs": (0, 1, 2, 10, 100)},
         (Edition("", ("learning_rate0", "epoch_num", "decay_rate"),
                  lambda f, i: [f(0.5, e, 0.3) for e in i["epochs"]],
                  lambda i: [ref_optimization.update_lr(0.5, e, 0.3) for e in i["epochs"]],
                  lambda r: {"learning_rate": list(r)}),),
         kind="elementwise", note="later notebooks; epochs 0, 1, 2, 10, 100"),
    Task("schedule_lr_decay", lambda d: {"epochs": (0, 99, 100, 250, 1000)},
         (Edition("", ("learning_rate0", "epoch_num", "decay_rate", "time_interval"),
                  lambda f, i: [f(0.5, e, 0.3, 100) for e in i["epochs"]],
                  lambda i: [ref_optimization.schedule_lr_decay(0.5, e, 0.3, 100)
                             for e in i["epochs"]],
                  lambda r: {"learning_rate": list(r)}),),
         kind="elementwise", note="later notebooks; time_interval 100, epochs 0 .. 1000"),
]



# --- batch normalisation (course 2, week 3) -------------------------------------------------------
# The course has no NumPy batch-norm notebook: the table checks the notes' formulas with this
# project's signatures (scratch.batchnorm), the cache being (Z, gamma, beta, epsilon).
def _batchnorm_inputs(dtype):
    rng = _rng(7)
    n, m = 3, 6
    Z = rng.normal(size=(n, 1)) + rng.uniform(0.7, 3.0, (n, 1)) * rng.standard_normal((n, m))
    return {"Z": Z.astype(dtype), "gamma": rng.normal(1.0, 0.5, (n, 1)).astype(dtype),
            "beta": rng.normal(size=(n, 1)).astype(dtype), "epsilon": 1e-3,
            "dZ_tilde": rng.standard_normal((n, m)).astype(dtype),
            "running_mean": rng.normal(size=(n, 1)).astype(dtype),
            "running_var": rng.uniform(0.5, 2.0, (n, 1)).astype(dtype),
            "mu": rng.normal(size=(n, 1)).astype(dtype),
            "var": rng.uniform(0.5, 4.0, (n, 1)).astype(dtype), "momentum": 0.9}


def _bn_cache(i):
    return (i["Z"], i["gamma"], i["beta"], i["epsilon"])


_examples = lambda i: i["Z"].shape[1]                                    # noqa: E731
BATCHNORM = [
    Task("batch_statistics", _batchnorm_inputs,
         (Edition("", ("Z",), lambda f, i: f(i["Z"]),
                  lambda i: ref_batchnorm.batch_statistics(i["Z"]),
                  lambda r: named_result("batch_statistics", r)),), reduction=_examples),
    Task("batchnorm_forward", _batchnorm_inputs,
         (Edition("", ("Z", "gamma", "beta", "epsilon"),
                  lambda f, i: f(i["Z"], i["gamma"], i["beta"], i["epsilon"]),
                  lambda i: ref_batchnorm.batchnorm_forward(*_bn_cache(i)),
                  lambda r: {"Z_tilde": r[0] if isinstance(r, tuple) else r}),),
         reduction=_examples),
    Task("batchnorm_backward", _batchnorm_inputs,
         (Edition("", ("dZ_tilde", "cache"), lambda f, i: f(i["dZ_tilde"], _bn_cache(i)),
                  lambda i: ref_batchnorm.batchnorm_backward(i["dZ_tilde"], _bn_cache(i)),
                  lambda r: named_result("batchnorm_backward", r)),), reduction=_examples),
    Task("update_running_stats", _batchnorm_inputs,
         (Edition("", ("running_mean", "running_var", "mu", "var", "momentum"),
                  lambda f, i: f(i["running_mean"], i["running_var"], i["mu"], i["var"],
                                 i["momentum"]),
                  lambda i: ref_batchnorm.update_running_stats(
                      i["running_mean"], i["running_var"], i["mu"], i["var"], i["momentum"]),
                  lambda r: named_result("update_running_stats", r)),), kind="elementwise"),
    Task("batchnorm_inference", _batchnorm_inputs,
         (Edition("", ("Z", "gamma", "beta", "running_mean", "running_var", "epsilon"),
                  lambda f, i: f(i["Z"], i["gamma"], i["beta"], i["running_mean"],
                                 i["running_var"], i["epsilon"]),
                  lambda i: ref_batchnorm.batchnorm_inference(
                      i["Z"], i["gamma"], i["beta"], i["running_mean"], i["running_var"],
                      i["epsilon"]),
                  lambda r: {"Z_tilde": r}),), reduction=_examples),
]

# --- softmax networks (course 2, week 3) -----------------------------------------------------------
SOFTMAX_SIZES = [4, 5, 5, 3]        # a square 5 -> 5 hidden layer, C = 3 classes


def _softmax_inputs(dtype):
    rng = _rng(8)
    sizes, m = SOFTMAX_SIZES, 6
    C = sizes[-1]
    parameters = {}
    for l in range(1, len(sizes)):
        parameters[f"W{l}"] = (rng.standard_normal((sizes[l], sizes[l - 1]))
                               / np.sqrt(sizes[l - 1])).astype(dtype)
        parameters[f"b{l}"] = (0.5 * rng.standard_normal((sizes[l], 1))).astype(dtype)
    y = np.array([[0, 1, 2, 2, 1, 0]])
    X = rng.standard_normal((sizes[0], m)).astype(dtype)
    ZL = (2 * rng.standard_normal((C, m))).astype(dtype)
    AL, caches = ref_softmax.L_model_forward(X, parameters)
    return {"X": X, "y": y, "C": C, "Y": ref_softmax.convert_to_one_hot(y, C, dtype),
            "parameters": parameters, "ZL": ZL,
            "AL_logits": np.asarray(ref_softmax._softmax(ZL)), "AL": AL, "caches": caches,
            "sizes": sizes, "m": m}


SOFTMAX = [
    Task("convert_to_one_hot", _softmax_inputs,
         (Edition("", ("Y", "C"), lambda f, i: f(i["y"], i["C"]),
                  lambda i: ref_softmax.convert_to_one_hot(i["y"], i["C"]),
                  lambda r: {"Y": r}),), kind="exact"),
    Task("compute_cost", _softmax_inputs,
         (Edition("", ("AL", "Y"), lambda f, i: f(i["AL_logits"], i["Y"]),
                  lambda i: ref_softmax.compute_cost(i["AL_logits"], i["Y"]),
                  lambda r: {"cost": r}),), reduction=lambda i: max(i["Y"].shape)),
    Task("compute_cost_from_logits", _softmax_inputs,
         (Edition("", ("ZL", "Y"), lambda f, i: f(i["ZL"], i["Y"]),
                  lambda i: ref_softmax.compute_cost_from_logits(i["ZL"], i["Y"]),
                  lambda r: {"cost": r}),), reduction=lambda i: max(i["Y"].shape)),
    Task("softmax_cross_entropy_backward", _softmax_inputs,
         (Edition("", ("AL", "Y"), lambda f, i: f(i["AL_logits"], i["Y"]),
                  lambda i: ref_softmax.softmax_cross_entropy_backward(i["AL_logits"], i["Y"]),
                  lambda r: {"dZ": r}),), kind="elementwise"),
    Task("L_model_forward", _softmax_inputs,
         (Edition("", ("X", "parameters"), lambda f, i: f(i["X"], _copy(i["parameters"])),
                  lambda i: ref_softmax.L_model_forward(i["X"], i["parameters"]),
                  lambda r: named_result("L_model_forward", r)),),
         reduction=_reduction, note="relu hidden layers, softmax output"),
    Task("L_model_backward", _softmax_inputs,
         (Edition("", ("AL", "Y", "caches"), lambda f, i: f(i["AL"], i["Y"], i["caches"]),
                  lambda i: ref_softmax.L_model_backward(i["AL"], i["Y"], i["caches"]),
                  lambda r: {"grads": r}),), reduction=_reduction),
    Task("predict", _softmax_inputs,
         (Edition("", ("X", "parameters"), lambda f, i: f(i["X"], _copy(i["parameters"])),
                  lambda i: ref_softmax.predict(i["X"], i["parameters"]),
                  lambda r: {"predictions": np.asarray(r).reshape(1, -1)}),), kind="exact"),
]

MODULES = {"activations": ACTIVATIONS, "losses": LOSSES, "logistic": LOGISTIC,
           "shallow": SHALLOW, "deep": DEEP, "initialization": INITIALIZATION,
           "regularization": REGULARIZATION, "gradient_check": GRADIENT_CHECK,
           "optimization": OPTIMIZATION, "batchnorm": BATCHNORM, "softmax": SOFTMAX}

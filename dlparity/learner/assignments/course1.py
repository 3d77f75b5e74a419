"""The course-1 assignments as tables: logistic regression (week 2), the one-hidden-layer network
(week 3), the L-layer network (week 4), and the course's helper activations and cost."""

import numpy as np

from conventions.vocabulary import named_result
from dlparity.learner.assignments.tasks import Edition, Task, _copy, _labels, _rng
from scratch import activations as ref_activations
from scratch import deep as ref_deep
from scratch import logistic as ref_logistic
from scratch import losses as ref_losses
from scratch import shallow as ref_shallow


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

"""The course-2 assignments as tables: initialisation, regularisation and gradient checking
(week 1), optimisation (week 2), batch normalisation and softmax networks (week 3)."""

import numpy as np

from conventions.vocabulary import DROPOUT_CACHE, named_result
from dlparity.learner.assignments.course1 import _reduction
from dlparity.learner.assignments.tasks import Edition, Task, _copy, _labels, _rng
from scratch import batchnorm as ref_batchnorm
from scratch import gradient_check as ref_gradient_check
from scratch import initialization as ref_initialization
from scratch import optimization as ref_optimization
from scratch import regularization as ref_regularization
from scratch import softmax as ref_softmax


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

# The batch-normalised L-layer network (this project's signatures, scratch.batchnorm): relu hidden
# layers without b, gamma and beta per hidden layer, a linear + b output into the sigmoid.
BN_NETWORK_SIZES = [4, 5, 5, 1]      # a square 5 -> 5 hidden layer


def _bn_network_inputs(dtype):
    rng = _rng(9)
    sizes, m = BN_NETWORK_SIZES, 6
    parameters = ref_batchnorm.initialize_parameters_bn(sizes, "he", dtype, 9)
    running = {}
    for l in range(1, len(sizes) - 1):
        parameters[f"gamma{l}"] = rng.normal(1.0, 0.3, (sizes[l], 1)).astype(dtype)
        parameters[f"beta{l}"] = rng.normal(0.0, 0.5, (sizes[l], 1)).astype(dtype)
        running[f"running_mean{l}"] = rng.normal(size=(sizes[l], 1)).astype(dtype)
        running[f"running_var{l}"] = rng.uniform(0.5, 2.0, (sizes[l], 1)).astype(dtype)
    X = rng.standard_normal((sizes[0], m)).astype(dtype)
    Y = np.array([[1, 0, 1, 1, 0, 0]], dtype)
    AL, caches, _ = ref_batchnorm.L_model_forward_bn(X, parameters, running, None, 1e-3)
    return {"X": X, "Y": Y, "parameters": parameters, "running": running, "AL": AL,
            "caches": caches, "sizes": sizes, "m": m}


def _bn_network_reduction(i):
    return max(max(i["sizes"]), i["m"])


BATCHNORM += [
    Task("L_model_forward_bn", _bn_network_inputs,
         (Edition("", ("X", "parameters", "running"),
                  lambda f, i: f(i["X"], _copy(i["parameters"]), _copy(i["running"]), None, 1e-3),
                  lambda i: ref_batchnorm.L_model_forward_bn(i["X"], i["parameters"],
                                                             i["running"], None, 1e-3),
                  lambda r: {"AL": r[0], "running": r[2]}),),
         reduction=_bn_network_reduction,
         note="training mode, epsilon 1e-3, momentum 0.9; AL and the updated running statistics"),
    Task("L_model_backward_bn", _bn_network_inputs,
         (Edition("", ("AL", "Y", "caches"), lambda f, i: f(i["AL"], i["Y"], i["caches"]),
                  lambda i: ref_batchnorm.L_model_backward_bn(i["AL"], i["Y"], i["caches"]),
                  lambda r: {"grads": {k: v for k, v in r.items() if not k.startswith("dA")}}),),
         reduction=_bn_network_reduction, note="dW{l}, dgamma{l}, dbeta{l}, db{L}"),
    Task("L_model_inference_bn", _bn_network_inputs,
         (Edition("", ("X", "parameters", "running"),
                  lambda f, i: f(i["X"], _copy(i["parameters"]), _copy(i["running"]), None, 1e-3),
                  lambda i: ref_batchnorm.L_model_inference_bn(i["X"], i["parameters"],
                                                               i["running"], None, 1e-3),
                  lambda r: {"AL": r}),), reduction=_bn_network_reduction),
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

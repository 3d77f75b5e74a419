"""Parity cases for the batch-normalised L-layer network of `batchnorm` (course 2, week 3):
[LINEAR (no b) -> BATCH NORM -> g] x (L - 1) -> LINEAR (+ b) -> SIGMOID. The forward pass in
training mode (with the running statistics' update) and in inference mode, the full backward pass
(scratch's hand-derived chain vs tfimpl's tape VJPs), and mini-batch training with every
optimizer of `optimization` — twins, and scratch vs a Keras Dense(use_bias=False) +
BatchNormalization model trained by model.fit (tfimpl.batchnorm.fit_keras_bn) — with the final
parameters, running statistics and recorded costs compared. Appended to
dlparity.cases.batchnorm's CASES.

Inputs. Networks of 2 ... 4 layers, widths 1 ... 8 (square layers one time in three, single
units), hidden activations drawn from relu, tanh, sigmoid, leaky_relu; X ~ N(0, 1) with
m in 4 ... 40 (m = 2 cancels in the input gradient, see dlparity.cases.batchnorm; m = 1 is the
[edges] case), W ~ N(0, 1 / n_{l-1}), gamma ~ 1 + N(0, 0.3^2), beta ~ N(0, 0.5^2), b ~ N(0, 0.5^2),
running statistics as after some training (mean N(0, 1), variance U(0.5, 4)), epsilon drawn
log-uniformly in [1e-3, 1e-1] (as the per-layer cases: the epsilon variants stay visible in
float32). Batch norm keeps every hidden Z_tilde at unit scale per unit, so the deep stack does
not amplify: the longest reduction is max(m, widths) (kind "reduction"). Draws where scratch's
own rounding is not small against the bound (a unit whose batch variance cancels at small m, a
ReLU kink within rounding) are redrawn by dlparity.conditioning's one rule (run_case).

Trajectories. The moons-like set of dlparity.cases.optimization (m = 150, mini-batches of 64:
two complete and one of 22 per epoch) on [2, 5, 3, 1] (relu), He-scaled W, gamma 1, beta 0,
b 0: kind "trajectory" with n = 64 and steps = the number of updates (batch norm's outputs are
unit-scale and the optimizers' steps small, so errors add per step; measured well inside).
"""

import numpy as np

from dlparity import inputs
from dlparity.cases import Mutant, ParityCase
from dlparity.cases import batchnorm as layer_cases
from dlparity.cases.optimization import (
    TRAJECTORY_BATCH,
    TRAJECTORY_M,
    _trajectory_inputs,
)
from scratch.batchnorm import _L_model_backward_bn as _right_backward

HIDDEN = ("relu", "tanh", "sigmoid", "leaky_relu")
TRAJECTORY_EPOCHS = 100                  # 300 updates (slow: `report --full`, pytest -m slow)
SHORT_EPOCHS = 10                        # 30 updates (the default report and suite)
SETTINGS = {"gd": {"learning_rate": 0.1}, "momentum": {"learning_rate": 0.1, "beta": 0.9},
            "rmsprop": {"learning_rate": 0.01, "beta": 0.9},
            "adam": {"learning_rate": 0.01}}


# --- inputs ----------------------------------------------------------------------------------------
def _network(rng, dtype):
    L = int(rng.integers(2, 5))
    sizes = [int(rng.integers(1, 9))]
    for _ in range(L - 1):
        sizes.append(inputs.width(rng, sizes[-1], 8))
    sizes.append(1)
    m = int(rng.integers(4, 41))
    parameters, running = {}, {}
    for l in range(1, L + 1):
        parameters[f"W{l}"] = inputs.normal(rng, (sizes[l], sizes[l - 1]), dtype,
                                            scale=1 / np.sqrt(sizes[l - 1]))
        if l < L:
            parameters[f"gamma{l}"] = (1 + 0.3 * rng.standard_normal((sizes[l], 1))).astype(dtype)
            parameters[f"beta{l}"] = inputs.normal(rng, (sizes[l], 1), dtype, scale=0.5)
            running[f"running_mean{l}"] = inputs.normal(rng, (sizes[l], 1), dtype)
            running[f"running_var{l}"] = rng.uniform(0.5, 4.0, (sizes[l], 1)).astype(dtype)
        else:
            parameters[f"b{l}"] = inputs.normal(rng, (sizes[l], 1), dtype, scale=0.5)
    return {"X": inputs.normal(rng, (sizes[0], m), dtype), "Y": inputs.labels(rng, m, dtype),
            "parameters": parameters, "running": running, "sizes": sizes,
            "activations": [HIDDEN[int(k)] for k in rng.integers(0, 4, size=L - 1)],
            "epsilon": float(10 ** rng.uniform(-3, -1)), "momentum": float(rng.uniform(0.6, 0.99))}


def _reduction(i):
    return max(max(i["sizes"]), i["X"].shape[1])


def _initialization(rng, dtype):
    L = int(rng.integers(2, 5))
    sizes = [int(rng.integers(1, 9))] + [int(rng.integers(1, 9)) for _ in range(L - 1)] + [1]
    return {"sizes": sizes, "seed": int(rng.integers(0, 2**31)), "dtype": np.dtype(dtype)}


def _edges(dtype):
    """m = 1 (every hidden Z_tilde = beta: the output ignores X) and a batch of 5 whose second
    hidden unit is constant (a zero row of W1: sigma^2 = 0 exactly), at epsilon 1e-8."""
    W1 = np.array([[1.0, -0.5], [0.0, 0.0], [0.25, 2.0]], dtype)
    parameters = {"W1": W1, "gamma1": np.array([[1.5], [2.0], [-0.5]], dtype),
                  "beta1": np.array([[0.25], [-1.0], [0.5]], dtype),
                  "W2": np.array([[0.5, -1.0, 2.0]], dtype), "b2": np.array([[0.125]], dtype)}
    running = {"running_mean1": np.zeros((3, 1), dtype), "running_var1": np.ones((3, 1), dtype)}
    X5 = np.array([[0.5, -1.0, 2.0, 0.0, 1.5], [1.0, 0.25, -0.5, 2.0, -1.5]], dtype)
    return {"parameters": parameters, "running": running, "X1": X5[:, :1], "Y1": np.ones((1, 1),
                                                                                        dtype),
            "X5": X5, "Y5": np.array([[1, 0, 1, 1, 0]], dtype), "epsilon": 1e-8}


# --- calls -----------------------------------------------------------------------------------------
def _forward(m, i):
    return m.L_model_forward_bn(i["X"], i["parameters"], i["running"], i["activations"],
                                i["epsilon"], i["momentum"])


def _backward(m, i):
    AL, caches, _ = _forward(m, i)
    return m.L_model_backward_bn(AL, i["Y"], caches, i["activations"])


def _inference(m, i):
    return m.L_model_inference_bn(i["X"], i["parameters"], i["running"], i["activations"],
                                  i["epsilon"])


def _edge_call(m, i):
    out = {}
    for k in ("1", "5"):
        AL, caches, running = m.L_model_forward_bn(i[f"X{k}"], i["parameters"], i["running"],
                                                   None, i["epsilon"])
        grads = m.L_model_backward_bn(AL, i[f"Y{k}"], caches)
        out[f"m={k}"] = {"AL": AL, "Z_tilde1": caches[0][2], "running": running,
                         "grads": {g: v for g, v in grads.items() if not g.startswith("dA")}}
    return out


def _bn_trajectory_inputs(rng, dtype):
    i = _trajectory_inputs(rng, dtype)
    p = i["parameters"]
    for l in (1, 2):
        n = p[f"W{l}"].shape[0]
        p[f"gamma{l}"], p[f"beta{l}"] = np.ones((n, 1), dtype), np.zeros((n, 1), dtype)
        del p[f"b{l}"]
    i["parameters"] = {k: p[k] for k in ("W1", "gamma1", "beta1", "W2", "gamma2", "beta2", "W3",
                                         "b3")}
    return i


def _train(optimizer, epochs):
    def call(m, i):
        return m.L_layer_model_bn(i["X"], i["Y"], None, optimizer, mini_batch_size=TRAJECTORY_BATCH,
                                  num_epochs=epochs, initial_parameters=i["parameters"],
                                  **SETTINGS[optimizer])
    return call


def _fit_keras(optimizer, epochs):
    def call(m, i):
        from tfimpl import batchnorm
        return batchnorm.fit_keras_bn(i["X"], i["Y"], i["parameters"], None, optimizer,
                                      mini_batch_size=TRAJECTORY_BATCH, num_epochs=epochs,
                                      **SETTINGS[optimizer])
    return call


# --- deliberately wrong kernels (installed by name on scratch.batchnorm) ---------------------------
def _initialize_keeping_b(sizes, scale, dtype, seed):
    from scratch import deep
    return deep._initialize_parameters_deep(sizes, scale, dtype, seed)   # W, b: no gamma, beta


def _backward_with_b(AL, Y, caches, activations):
    """The backward pass of a network that kept b{l} in its batch-normalised layers: it also
    returns db{l} = 1/m sum_i dZ_i — exactly 0 in real arithmetic (batch norm's dZ sums to 0 per
    unit), rounding noise in floating point, which Adam would normalise into steps of size lr."""
    from scratch import activations as acts
    from scratch import batchnorm
    grads = _right_backward(AL, Y, caches, activations)
    for l in range(1, len(caches)):
        (A_prev, _), bn_cache, Z_tilde = caches[l - 1]
        dZ_tilde = acts.BACKWARD[activations[l - 1]](grads[f"dA{l}"], Z_tilde)
        dZ, _, _ = batchnorm._batchnorm_backward(dZ_tilde, bn_cache)
        grads[f"db{l}"] = 1 / A_prev.shape[1] * np.sum(dZ, axis=1, keepdims=True)
    return grads


M = Mutant
B_KEPT_INIT = M("b kept", "initialisation keeps the hidden layers' b (and no gamma, beta)",
                "_initialize_parameters_bn", _initialize_keeping_b)
B_KEPT_GRADS = M("b kept", "the backward pass also returns db{l} of the hidden layers",
                 "_L_model_backward_bn", _backward_with_b)
UNBIASED, SWAPPED = layer_cases.UNBIASED, layer_cases.SWAPPED
DGAMMA_NO_SUM, EPS_OUTSIDE = layer_cases.DGAMMA_NO_SUM, layer_cases.EPSILON_OUTSIDE
STATISTICS_CONSTANT = layer_cases.STATISTICS_CONSTANT
BATCH_AT_INFERENCE = layer_cases.BATCH_AT_INFERENCE
# In training, dgamma of shape (n, m) broadcasts gamma to (n, 64), which the last mini-batch of
# 22 cannot meet: the crash is the catch.
DGAMMA_NO_SUM_IN_TRAINING = M("dgamma no sum", DGAMMA_NO_SUM.description, DGAMMA_NO_SUM.replaces,
                              DGAMMA_NO_SUM.function, raises=ValueError)
TRAINING_MUTANTS = (UNBIASED, SWAPPED, DGAMMA_NO_SUM_IN_TRAINING)
# At m = 1 the unbiased variance is 0 / 0: NaN outputs, which the backward pass refuses (ValueError
# naming the cache): the crash is the catch.
UNBIASED_AT_M1 = M(UNBIASED.name, UNBIASED.description, UNBIASED.replaces, UNBIASED.function,
                   raises=ValueError)


def _trajectory(optimizer, epochs, keras=False, mutants=TRAINING_MUTANTS):
    """A training case; every wrong variant reruns both sides, so the cases beyond the short Adam
    twins carry one each (the others are caught there already). Keras fit cases are "slow" even
    when short (building, compiling and tracing a model costs 2-5 s): `report --full` and the
    pytest suite run them, the quick default report does not."""
    steps = epochs * -(-TRAJECTORY_M // TRAJECTORY_BATCH)
    short = epochs < TRAJECTORY_EPOCHS
    label = f"{'keras fit, ' if keras else ''}{optimizer}{', short' if short else ''}"
    return ParityCase(
        f"batchnorm.L_layer_model_bn[{label}]", "trajectory", "batchnorm", _bn_trajectory_inputs,
        _train(optimizer, epochs), call_tf=_fit_keras(optimizer, epochs) if keras else None,
        kind="trajectory", reduction=lambda i: TRAJECTORY_BATCH, steps=steps, randomized=False,
        slow=not short or bool(keras), mutants=mutants,
        note=f"[2, 5, 3, 1] relu, m = {TRAJECTORY_M}, mini-batches of {TRAJECTORY_BATCH}, "
             f"{epochs} epochs ({steps} updates), {optimizer} {SETTINGS[optimizer]}; parameters, "
             f"running statistics and costs"
             + ("; Keras Dense(use_bias=False) + BatchNormalization by model.fit" if keras else ""))


CASES = [
    ParityCase("batchnorm.initialize_parameters_bn", "forward", "batchnorm", _initialization,
               lambda m, i: m.initialize_parameters_bn(i["sizes"], "he", i["dtype"], i["seed"]),
               note="W as initialize_parameters_deep draws them, gamma 1, beta 0, b only at L",
               mutants=(B_KEPT_INIT,)),
    ParityCase("batchnorm.L_model_forward_bn", "forward", "batchnorm", _network, _forward,
               kind="reduction", reduction=_reduction,
               note="training mode: AL, every cache, and the running statistics after one step",
               mutants=(UNBIASED, SWAPPED, EPS_OUTSIDE)),
    ParityCase("batchnorm.L_model_backward_bn", "gradient", "batchnorm", _network, _backward,
               kind="reduction", reduction=_reduction,
               note="scratch's hand-derived chain vs tfimpl's tape VJPs; dW, dgamma, dbeta, db{L}",
               mutants=(DGAMMA_NO_SUM, STATISTICS_CONSTANT, B_KEPT_GRADS, UNBIASED)),
    ParityCase("batchnorm.L_model_inference_bn", "forward", "batchnorm", _network, _inference,
               kind="reduction", reduction=_reduction, mutants=(BATCH_AT_INFERENCE, EPS_OUTSIDE)),
    ParityCase("batchnorm.predict_bn", "forward", "batchnorm", _network,
               lambda m, i: m.predict_bn(i["X"], i["parameters"], i["running"], i["activations"],
                                         i["epsilon"]),
               mutants=(BATCH_AT_INFERENCE,)),
    ParityCase("batchnorm.L_model_forward_bn[edges]", "forward", "batchnorm",
               lambda rng, dtype: _edges(dtype), _edge_call, kind="reduction",
               reduction=lambda i: 5, randomized=False,
               note="m = 1: Z_tilde = beta, AL independent of X, hidden dW = dgamma = 0; a constant "
                    "unit (zero row of W1): its Z_tilde = beta; epsilon 1e-8",
               mutants=(UNBIASED_AT_M1,)),
    _trajectory("adam", SHORT_EPOCHS),
    _trajectory("gd", SHORT_EPOCHS, mutants=(DGAMMA_NO_SUM_IN_TRAINING,)),
    _trajectory("momentum", SHORT_EPOCHS, mutants=(SWAPPED,)),
    _trajectory("rmsprop", SHORT_EPOCHS, mutants=(UNBIASED,)),
    _trajectory("adam", TRAJECTORY_EPOCHS, mutants=(SWAPPED,)),
    _trajectory("adam", SHORT_EPOCHS, keras=True, mutants=(SWAPPED,)),
    _trajectory("momentum", SHORT_EPOCHS, keras=True, mutants=(UNBIASED,)),
    _trajectory("adam", TRAJECTORY_EPOCHS, keras=True, mutants=(SWAPPED,)),
]

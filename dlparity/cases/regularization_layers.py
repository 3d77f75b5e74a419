"""Parity cases for the L-layer forms of `regularization` (course 2, week 1, on deep's network),
float64 and float32; dlparity/cases/regularization.py appends them to its CASES.

Networks: L = 2 .. 4 layers, widths drawn as learners' networks have them (square one time in
three, single units), hidden activations drawn from deep's vocabulary, a sigmoid output; weights
at scale 1/sqrt(n_{l-1}) and output biases at 0.3 keep AL away from the labels. m >= 2: the wrong
variants include a missing 1/m, invisible at m = 1. keep_prob is one value or one per hidden layer
(drawn in [0.5, 0.95]); the masks are the caller's (drawn by scratch's dropout_masks at a drawn
seed) and handed to both twins, so both drop the same units. The backward cases get the caches of
scratch's own forward pass.

Tolerance: "reduction" over the longest sum (a width, m, or the penalty's count of weights); the
trajectory of `model` (TRAJECTORY_STEPS updates, float64) its "trajectory" entry.
The L1 penalty's derivative at W = 0 is sign(0) = 0 in both twins: a fixed case with exact zeros
in every W shows it, and catches sign(0) = 1.
"""

import numpy as np

from dlparity import inputs
from dlparity.cases import Mutant, ParityCase
from scratch import deep as deep_ref
from scratch import regularization as ref

MAX_WIDTH = 8
MAX_M = 24
HIDDEN = ("relu", "tanh", "sigmoid", "leaky_relu")
TRAJECTORY_STEPS = 40


def _network(rng, dtype):
    L = int(rng.integers(2, 5))
    sizes = [int(rng.integers(1, MAX_WIDTH + 1))]
    for _ in range(L - 1):
        sizes.append(inputs.width(rng, sizes[-1], MAX_WIDTH))
    sizes.append(1)
    m = int(rng.integers(2, MAX_M + 1))
    parameters = {}
    for l in range(1, L + 1):
        parameters[f"W{l}"] = inputs.normal(rng, (sizes[l], sizes[l - 1]), dtype,
                                            scale=1 / np.sqrt(sizes[l - 1]))
        parameters[f"b{l}"] = inputs.normal(rng, (sizes[l], 1), dtype, scale=0.3)
    activations = [HIDDEN[int(i)] for i in rng.integers(0, len(HIDDEN), L - 1)] + ["sigmoid"]
    keep_prob = (float(rng.uniform(0.5, 0.95)) if rng.random() < 0.5
                 else [float(k) for k in rng.uniform(0.5, 0.95, L - 1)])
    i = {"X": inputs.normal(rng, (sizes[0], m), dtype), "Y": inputs.labels(rng, m, dtype),
         "parameters": parameters, "sizes": sizes, "activations": activations,
         "lambd": float(rng.uniform(0.05, 1.0)), "keep_prob": keep_prob,
         "seed": int(rng.integers(2**31))}
    i["masks"] = ref.dropout_masks(sizes, m, keep_prob, dtype, seed=i["seed"])
    return i


def _with_caches(rng, dtype):
    i = _network(rng, dtype)
    i["AL"], i["caches"] = deep_ref._L_model_forward(i["X"], i["parameters"], i["activations"])
    return i


def _with_dropout_caches(rng, dtype):
    i = _network(rng, dtype)
    i["AL"], i["caches"], _ = ref.L_model_forward_with_dropout(
        i["X"], i["parameters"], i["keep_prob"], i["activations"], i["masks"])
    return i


def _zero_weights(rng, dtype):
    """Fixed: a network of 3 or 4 layers, no single unit, whose every W holds exact zeros (every
    third entry)."""
    i = _network(rng, dtype)
    while len(i["sizes"]) < 4 or min(i["sizes"][:-1]) < 2:
        i = _network(rng, dtype)
    for l in range(1, len(i["sizes"])):
        W = i["parameters"][f"W{l}"]
        W.flat[::3] = 0
    i["AL"], i["caches"] = deep_ref._L_model_forward(i["X"], i["parameters"], i["activations"])
    return i


def _n(i):
    sizes = i["sizes"]
    return max(max(sizes), i["X"].shape[1], sum(a * b for a, b in zip(sizes, sizes[1:])))


# --- wrong variants (the right kernels held here) -----------------------------------------------------
_FORWARD_DROPOUT = ref._L_model_forward_with_dropout
_BACKWARD_DROPOUT = ref._L_model_backward_with_dropout
_L1_GRADIENT = ref._l1_gradient


def _l1_cost_as_l2(AL, Y, parameters, lambd):
    return ref._compute_cost_with_regularization(AL, Y, parameters, lambd)


def _l1_cost_without_1_over_m(AL, Y, parameters, lambd):
    return ref._compute_cost(AL, Y) + lambd * sum(np.sum(np.abs(W)) for k, W in parameters.items()
                                                  if k.startswith("W"))


def _l2_gradient_without_1_over_m(W, lambd, m):
    return lambd * W


def _l2_gradient_halved(W, lambd, m):
    return lambd / (2 * m) * W


def _l1_with_the_l2_derivative(W, lambd, m):
    return lambd / m * W


def _l1_sign_of_zero_is_one(W, lambd, m):
    return lambd / m * np.where(W >= 0, 1.0, -1.0).astype(W.dtype)


def _forward_without_scaling(X, parameters, keep_probs, activations, masks):
    return _FORWARD_DROPOUT(X, parameters, [1.0] * len(keep_probs), activations, masks)


def _forward_dropping_the_output(X, parameters, keep_probs, activations, masks):
    """The output layer masked too (with the last hidden keep_prob and its own mask)."""
    AL, caches, masks = _FORWARD_DROPOUT(X, parameters, keep_probs, activations, masks)
    D = (np.random.RandomState(0).random_sample(AL.shape) < keep_probs[-1]).astype(AL.dtype)
    return AL * D / keep_probs[-1], caches, masks


def _backward_without_the_masks(AL, Y, caches, masks, keep_probs, activations):
    ones = {k: np.ones_like(D) for k, D in masks.items()}
    return _BACKWARD_DROPOUT(AL, Y, caches, ones, keep_probs, activations)


def _backward_without_scaling(AL, Y, caches, masks, keep_probs, activations):
    return _BACKWARD_DROPOUT(AL, Y, caches, masks, [1.0] * len(keep_probs), activations)


def _masks_in_reverse_order(stream, sizes, m, keep_probs, dtype):
    """D{L-1} drawn first: not the assignment's stream order."""
    drawn = {f"D{l}": ref._dropout_mask(stream, (sizes[l], m), keep_probs[l - 1], dtype)
             for l in reversed(range(1, len(sizes) - 1))}
    return {f"D{l}": drawn[f"D{l}"] for l in range(1, len(sizes) - 1)}


def _masks_keeping_above(stream, sizes, m, keep_probs, dtype):
    """rand > keep_prob: keeps 1 - keep_prob of the units."""
    return {f"D{l}": (stream.random_sample((sizes[l], m)) > keep_probs[l - 1]).astype(dtype)
            for l in range(1, len(sizes) - 1)}


# --- calls ---------------------------------------------------------------------------------------------
def _l2_backward(module, i):
    return module.L_model_backward_with_regularization(i["AL"], i["Y"], i["caches"], i["lambd"],
                                                       i["activations"])


def _l1_backward(module, i):
    return module.L_model_backward_with_L1_regularization(i["AL"], i["Y"], i["caches"], i["lambd"],
                                                          i["activations"])


def _train(module, i):
    """TRAJECTORY_STEPS steps of model at lr 0.3 with L2 and dropout (fresh masks per step from a
    RandomState at the drawn seed: the same stream in both twins)."""
    return module.model(i["X"], i["Y"], 0.3, TRAJECTORY_STEPS, False, i["lambd"], i["keep_prob"],
                        initial_parameters=i["parameters"], activations=i["activations"],
                        mask_seed=np.random.RandomState(i["seed"]))


L1_SIGN = Mutant("sign(0) = 1", "dW += lambd / m where W = 0", "_l1_gradient", _l1_sign_of_zero_is_one)

CASES = [
    ParityCase("regularization.compute_cost_with_L1_regularization", "forward", "regularization",
               _with_caches,
               lambda module, i: module.compute_cost_with_L1_regularization(
                   i["AL"], i["Y"], i["parameters"], i["lambd"]),
               kind="reduction", reduction=_n,
               mutants=(Mutant("L2 term", "lambd / (2 m) sum W^2 for L1",
                               "_compute_cost_with_L1_regularization", _l1_cost_as_l2),
                        Mutant("no 1/m", "lambd sum |W|", "_compute_cost_with_L1_regularization",
                               _l1_cost_without_1_over_m))),
    ParityCase("regularization.L_model_backward_with_regularization", "gradient", "regularization",
               _with_caches, _l2_backward, kind="reduction", reduction=_n,
               mutants=(Mutant("L2 without 1/m", "dW += lambd W", "_l2_gradient",
                               _l2_gradient_without_1_over_m),
                        Mutant("half penalty", "dW += lambd / (2 m) W", "_l2_gradient",
                               _l2_gradient_halved))),
    ParityCase("regularization.L_model_backward_with_L1_regularization", "gradient",
               "regularization", _with_caches, _l1_backward, kind="reduction", reduction=_n,
               mutants=(Mutant("L1 with the L2 derivative", "dW += lambd / m W", "_l1_gradient",
                               _l1_with_the_l2_derivative),)),
    ParityCase("regularization.L_model_backward_with_L1_regularization[zeros]", "gradient",
               "regularization", _zero_weights, _l1_backward, kind="reduction", reduction=_n,
               randomized=False, mutants=(L1_SIGN,)),
    ParityCase("regularization.dropout_masks", "forward", "regularization", _network,
               lambda module, i: module.dropout_masks(i["sizes"], i["X"].shape[1], i["keep_prob"],
                                                      i["X"].dtype, seed=i["seed"]),
               mutants=(Mutant("reverse order", "D{L-1} drawn before D1", "_dropout_masks",
                               _masks_in_reverse_order),
                        Mutant("rand > keep_prob", "keeps 1 - keep_prob", "_dropout_masks",
                               _masks_keeping_above))),
    ParityCase("regularization.L_model_forward_with_dropout", "forward", "regularization",
               _network,
               lambda module, i: module.L_model_forward_with_dropout(
                   i["X"], i["parameters"], i["keep_prob"], i["activations"], i["masks"]),
               kind="reduction", reduction=_n,
               mutants=(Mutant("no 1/keep_prob", "A = g(Z) * D, not inverted",
                               "_L_model_forward_with_dropout", _forward_without_scaling),
                        Mutant("output dropped", "AL masked and scaled too",
                               "_L_model_forward_with_dropout", _forward_dropping_the_output))),
    ParityCase("regularization.L_model_backward_with_dropout", "gradient", "regularization",
               _with_dropout_caches,
               lambda module, i: module.L_model_backward_with_dropout(
                   i["AL"], i["Y"], i["caches"], i["masks"], i["keep_prob"], i["activations"]),
               kind="reduction", reduction=_n,
               mutants=(Mutant("masks not reapplied", "dA = W.T dZ without * D",
                               "_L_model_backward_with_dropout", _backward_without_the_masks),
                        Mutant("no 1/keep_prob", "dA = W.T dZ * D, not / keep_prob",
                               "_L_model_backward_with_dropout", _backward_without_scaling))),
    ParityCase("regularization.model", "trajectory", "regularization", _network, _train,
               kind="trajectory", reduction=_n, steps=TRAJECTORY_STEPS, dtypes=("float64",),
               mutants=(Mutant("L2 without 1/m", "dW += lambd W in every step", "_l2_gradient",
                               _l2_gradient_without_1_over_m),
                        Mutant("no 1/keep_prob", "A = g(Z) * D in every step",
                               "_L_model_forward_with_dropout", _forward_without_scaling))),
]

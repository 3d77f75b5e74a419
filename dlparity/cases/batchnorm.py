"""Parity cases for `batchnorm` (course 2, week 3): the twins (scratch's hand-derived formulas vs
tfimpl's TF ops and tape) and scratch vs Keras's own `keras.layers.BatchNormalization`, configured
by `tfimpl.keras_mapping.course_batch_normalization` (examples in rows, momentum as is, epsilon
inside the root in both): the training-mode forward, the gradients with respect to Z, gamma and
beta, the running statistics after N mini-batches, and the inference forward; float64 and float32.

Inputs (conditioning: dlparity.conditioning, through run_case). Each unit of Z is drawn as
mu_unit + sigma_unit * N(0, 1) with mu_unit ~ N(0, 1) and sigma_unit in [0.7, 3]: |mu| / sigma
stays O(1), so Z - mu does not cancel (a unit with a mean far above its spread loses
log2(|mu| / sigma) bits in Z - mu on either side, and Keras's x * inv + (beta - mean * inv) more),
and sigma_unit >= 0.7 keeps sqrt(var + epsilon) away from sqrt(var) + epsilon (equal to first
order at sigma = 1/2), so the "epsilon outside the root" variant is visible. epsilon is drawn
log-uniformly in [1e-3, 1e-1] (Keras's default is the low end): at the course's 1e-8 the
epsilon variants would differ by ~1e-8 relative, below float32's bound. m >= 2 on random draws
(at m = 1 the unbiased variance divides by 0); m = 1 and a constant unit are the fixed [edges].
At m = 2 the input gradient cancels: Z_norm = +-r with r^2 = var / (var + epsilon), and
dZ_1 = -dZ_2 = gamma (g_1 - g_2) epsilon / (2 s^3) — a difference of terms ~gamma g / s scaled by
epsilon / (var + epsilon), down to 1e-3 here — so the twins' rounding shows relative to it (a
100-seed sweep met 3.9x the bound on one such first draw); the conditioning rule sees scratch's
own noise there and redraws (3.8 % of draws). The longest reduction is the sum over the m
examples (tolerance kind "reduction", n = m); the running statistics over N steps add one such
error per step ("trajectory", steps = N: the average is contracting, so errors at most add up).
"""

import numpy as np

from dlparity import inputs
from dlparity.cases import Mutant, ParityCase
from scratch.batchnorm import _batchnorm_backward as _right_backward

MAX_UNITS = 10
MAX_M = 64
RUNNING_STEPS = 8


# --- input builders --------------------------------------------------------------------------------
def _units(rng, n, m, dtype):
    centre = rng.standard_normal((n, 1))
    spread = rng.uniform(0.7, 3.0, (n, 1))
    return (centre + spread * rng.standard_normal((n, m))).astype(dtype)


def _layer(rng, dtype, min_m=2):
    n, m = int(rng.integers(1, MAX_UNITS + 1)), int(rng.integers(min_m, MAX_M + 1))
    return {"Z": _units(rng, n, m, dtype),
            "gamma": inputs.normal(rng, (n, 1), dtype, scale=1.5),
            "beta": inputs.normal(rng, (n, 1), dtype),
            "dZ_tilde": inputs.normal(rng, (n, m), dtype),
            "epsilon": float(10 ** rng.uniform(-3, -1)),
            "momentum": float(rng.uniform(0.6, 0.99))}


def _with_running(rng, dtype):
    """A layer plus running statistics (as after some training) and the batch's own statistics."""
    i = _layer(rng, dtype)
    n = i["Z"].shape[0]
    i["running_mean"] = inputs.normal(rng, (n, 1), dtype)
    i["running_var"] = rng.uniform(0.5, 4.0, (n, 1)).astype(dtype)
    i["mu"] = inputs.normal(rng, (n, 1), dtype)
    i["var"] = rng.uniform(0.5, 9.0, (n, 1)).astype(dtype)
    return i


def _batches(rng, dtype):
    """RUNNING_STEPS mini-batches of one layer (same n, m), each unit drifting a little."""
    i = _layer(rng, dtype)
    n, m = i["Z"].shape
    i["batches"] = [_units(rng, n, m, dtype) for _ in range(RUNNING_STEPS)]
    return i


def _edges(dtype):
    """m = 1 (three units), and a batch of 5 with two constant units and a normal one; epsilon at
    the course's 1e-8. The constants' partial sums are exact (0.5, -3), so every summation order
    gives mu = c and var = 0 exactly: Z_tilde = beta in both twins. (A constant whose mean rounds,
    0.1 in float32, leaves Z - mu = +-ulp(c) and Z_norm ~ ulp(c) / sqrt(epsilon), order-dependent:
    7.5e-5 in float32 at epsilon 1e-8 -- stable, but no longer a parity check;
    parity_tests/test_batchnorm.py bounds it.)"""
    return {"single": np.array([[0.3], [-2.0], [5.0]], dtype),
            "gamma1": np.array([[1.5], [-0.5], [2.0]], dtype),
            "beta1": np.array([[0.25], [-1.0], [0.0]], dtype),
            "dZ1": np.array([[1.0], [-2.0], [0.5]], dtype),
            "batch": np.array([[0.5] * 5, [-3.0] * 5,
                               [-1.0, 0.5, 2.0, 0.0, 1.25]], dtype),
            "dZ5": np.array([[1.0, -1.0, 0.5, 0.25, 2.0]] * 3, dtype),
            "epsilon": 1e-8}


def _reduction(i):
    return i["Z"].shape[1]


# --- calls (one for both twins) and their Keras counterparts ---------------------------------------
def _forward(m, i):
    return m.batchnorm_forward(i["Z"], i["gamma"], i["beta"], i["epsilon"])


def _backward(m, i):
    _, cache = m.batchnorm_forward(i["Z"], i["gamma"], i["beta"], i["epsilon"])
    return m.batchnorm_backward(i["dZ_tilde"], cache)


def _inference(m, i):
    return m.batchnorm_inference(i["Z"], i["gamma"], i["beta"], i["running_mean"],
                                 i["running_var"], i["epsilon"])


def _running(m, i):
    """RUNNING_STEPS training-mode steps from Keras's initial statistics (0, 1): forward, then
    the running averages of the batch's statistics; the last output and the statistics."""
    n = i["Z"].shape[0]
    running_mean = np.zeros((n, 1), i["Z"].dtype)
    running_var = np.ones((n, 1), i["Z"].dtype)
    for Z in i["batches"]:
        Z_tilde, _ = m.batchnorm_forward(Z, i["gamma"], i["beta"], i["epsilon"])
        mu, var = m.batch_statistics(Z)
        running_mean, running_var = m.update_running_stats(running_mean, running_var, mu, var,
                                                           i["momentum"])
    return {"Z_tilde": Z_tilde, "running_mean": running_mean, "running_var": running_var}


def _keras_layer(i, **stats):
    from tfimpl.keras_mapping import course_batch_normalization
    return course_batch_normalization(i["momentum"], i["epsilon"], i["Z"].dtype.name,
                                      i["gamma"], i["beta"], **stats)


def _rows(Z):
    import tensorflow as tf
    return tf.constant(np.ascontiguousarray(Z.T))


def _columns(t):
    return np.ascontiguousarray(np.asarray(t).T)


def _keras_forward(m, i):
    return _columns(_keras_layer(i)(_rows(i["Z"]), training=True))


def _keras_backward(m, i):
    import tensorflow as tf
    layer = _keras_layer(i)
    x = _rows(i["Z"])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = layer(x, training=True)
    dx, dgamma, dbeta = tape.gradient(y, [x, layer.gamma, layer.beta],
                                      output_gradients=_rows(i["dZ_tilde"]))
    return _columns(dx), np.asarray(dgamma).reshape(-1, 1), np.asarray(dbeta).reshape(-1, 1)


def _keras_inference(m, i):
    layer = _keras_layer(i, running_mean=i["running_mean"], running_var=i["running_var"])
    return _columns(layer(_rows(i["Z"]), training=False))


def _keras_running(m, i):
    layer = _keras_layer(i)
    for Z in i["batches"]:
        Z_tilde = layer(_rows(Z), training=True)
    return {"Z_tilde": _columns(Z_tilde),
            "running_mean": np.asarray(layer.moving_mean).reshape(-1, 1),
            "running_var": np.asarray(layer.moving_variance).reshape(-1, 1)}


def _edge_call(m, i):
    single, cache1 = m.batchnorm_forward(i["single"], i["gamma1"], i["beta1"], i["epsilon"])
    batch, cache5 = m.batchnorm_forward(i["batch"], i["gamma1"], i["beta1"], i["epsilon"])
    names = ("dZ", "dgamma", "dbeta")
    return {"m=1": {"Z_tilde": single, **dict(zip(names, m.batchnorm_backward(i["dZ1"], cache1)))},
            "constant unit": {"Z_tilde": batch,
                              **dict(zip(names, m.batchnorm_backward(i["dZ5"], cache5)))}}


# --- deliberately wrong kernels (installed by name on scratch.batchnorm) ---------------------------
def _statistics_unbiased(Z):
    mu = np.mean(Z, axis=1, keepdims=True)
    return mu, np.sum((Z - mu) ** 2, axis=1, keepdims=True) / (Z.shape[1] - 1)   # 1/(m - 1)


def _normalize_epsilon_outside(Z, mu, var, epsilon):
    return (Z - mu) / (np.sqrt(var) + epsilon)


def _backward_dgamma_per_example(dZ_tilde, cache):
    from scratch import batchnorm
    dZ, _, dbeta = _right_backward(dZ_tilde, cache)
    Z, _, _, epsilon = cache
    mu, var = batchnorm._batch_statistics(Z)
    return dZ, dZ_tilde * batchnorm._normalize(Z, mu, var, epsilon), dbeta    # (n, m): no sum


def _backward_statistics_constant(dZ_tilde, cache):
    """dZ = gamma dZ_tilde / s: mu and var treated as constants (the paths through them lost)."""
    from scratch import batchnorm
    _, dgamma, dbeta = _right_backward(dZ_tilde, cache)
    Z, gamma, _, epsilon = cache
    _, var = batchnorm._batch_statistics(Z)
    return gamma * dZ_tilde / np.sqrt(var + epsilon), dgamma, dbeta


def _running_swapped(running_mean, running_var, mu, var, momentum):
    return ((1 - momentum) * running_mean + momentum * mu,
            (1 - momentum) * running_var + momentum * var)


def _inference_batch_statistics(Z, gamma, beta, running_mean, running_var, epsilon):
    from scratch import batchnorm
    return batchnorm._batchnorm_forward(Z, gamma, beta, epsilon)[0]      # ignores the running ones


M = Mutant
UNBIASED = M("unbiased var", "training mode normalises with the unbiased variance 1/(m - 1) (the "
             "running variance of Keras 2 / PyTorch)", "_batch_statistics", _statistics_unbiased)
EPSILON_OUTSIDE = M("eps outside root", "(Z - mu) / (sqrt(var) + epsilon)", "_normalize",
                    _normalize_epsilon_outside)
DGAMMA_NO_SUM = M("dgamma no sum", "dgamma = dZ_tilde * Z_norm, not summed over the examples",
                  "_batchnorm_backward", _backward_dgamma_per_example)
STATISTICS_CONSTANT = M("mu, var constant", "dZ = gamma dZ_tilde / sqrt(var + eps): the "
                        "gradient paths through mu and var dropped", "_batchnorm_backward",
                        _backward_statistics_constant)
SWAPPED = M("weights swapped", "running = (1 - momentum) running + momentum batch (PyTorch's "
            "meaning of momentum)", "_update_running_stats", _running_swapped)
BATCH_AT_INFERENCE = M("batch stats", "inference normalises with the batch's statistics",
                       "_batchnorm_inference", _inference_batch_statistics)

KERAS_NOTE = ("scratch vs keras.layers.BatchNormalization(axis=-1, momentum, epsilon, dtype) on "
              "x = Z.T (tfimpl.keras_mapping.course_batch_normalization); ")

CASES = [
    ParityCase("batchnorm.batch_statistics", "forward", "batchnorm", _layer,
               lambda m, i: m.batch_statistics(i["Z"]), kind="reduction", reduction=_reduction,
               note="mean and biased variance per unit over the examples; m >= 2",
               mutants=(UNBIASED,)),
    ParityCase("batchnorm.batchnorm_forward", "forward", "batchnorm", _layer, _forward,
               kind="reduction", reduction=_reduction,
               note="training mode; the cache (Z, gamma, beta, epsilon) compared too",
               mutants=(UNBIASED, EPSILON_OUTSIDE)),
    ParityCase("batchnorm.batchnorm_backward", "gradient", "batchnorm", _layer, _backward,
               kind="reduction", reduction=_reduction,
               note="scratch's hand-derived formulas vs tfimpl's tape VJP",
               mutants=(DGAMMA_NO_SUM, STATISTICS_CONSTANT, UNBIASED, EPSILON_OUTSIDE)),
    ParityCase("batchnorm.update_running_stats", "step", "batchnorm", _with_running,
               lambda m, i: m.update_running_stats(i["running_mean"], i["running_var"], i["mu"],
                                                   i["var"], i["momentum"]),
               note="momentum in [0.6, 0.99): the weight of the OLD running value",
               mutants=(SWAPPED,)),
    ParityCase("batchnorm.batchnorm_inference", "forward", "batchnorm", _with_running, _inference,
               kind="reduction", reduction=_reduction, mutants=(BATCH_AT_INFERENCE, EPSILON_OUTSIDE)),
    ParityCase(f"batchnorm.running_stats[{RUNNING_STEPS} steps]", "trajectory", "batchnorm",
               _batches, _running, kind="trajectory", reduction=_reduction, steps=RUNNING_STEPS,
               note="forward, batch_statistics, update_running_stats per mini-batch from (0, 1)",
               mutants=(SWAPPED, UNBIASED)),
    ParityCase("batchnorm.batchnorm_forward[edges]", "forward", "batchnorm",
               lambda rng, dtype: _edges(dtype), _edge_call, kind="reduction",
               reduction=lambda i: i["batch"].shape[1], randomized=False,
               note="m = 1 (output beta, dZ = 0) and constant units (var = 0) at epsilon 1e-8",
               mutants=(UNBIASED,)),
    ParityCase("batchnorm.batchnorm_forward[keras]", "forward", "batchnorm", _layer,
               lambda m, i: _forward(m, i)[0], call_tf=_keras_forward, kind="reduction",
               reduction=_reduction, note=KERAS_NOTE + "call(training=True)",
               mutants=(UNBIASED, EPSILON_OUTSIDE)),
    ParityCase("batchnorm.batchnorm_backward[keras]", "gradient", "batchnorm", _layer, _backward,
               call_tf=_keras_backward, kind="reduction", reduction=_reduction,
               note=KERAS_NOTE + "tape gradients w.r.t. the input, gamma and beta",
               mutants=(DGAMMA_NO_SUM, STATISTICS_CONSTANT, UNBIASED)),
    ParityCase(f"batchnorm.running_stats[keras, {RUNNING_STEPS} steps]", "trajectory",
               "batchnorm", _batches, _running, call_tf=_keras_running, kind="trajectory",
               reduction=_reduction, steps=RUNNING_STEPS,
               note=KERAS_NOTE + "moving_mean / moving_variance after the calls",
               mutants=(SWAPPED, UNBIASED)),
    ParityCase("batchnorm.batchnorm_inference[keras]", "forward", "batchnorm", _with_running,
               lambda m, i: _inference(m, i), call_tf=_keras_inference, kind="reduction",
               reduction=_reduction, note=KERAS_NOTE + "call(training=False) with set moving stats",
               mutants=(BATCH_AT_INFERENCE, EPSILON_OUTSIDE)),
]

# The batch-normalised L-layer network (its forward, backward, inference and training): cases of
# their own module, listed here so that the catalogue's `batchnorm` holds them.
from dlparity.cases.batchnorm_network import CASES as _NETWORK_CASES  # noqa: E402

CASES += _NETWORK_CASES

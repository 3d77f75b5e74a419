"""Parity cases for `initialization` (course 2, week 1): every scheme, seeded, on random layer
stacks (L = 1..4, square layers and single units drawn often), float64 and float32.

Both twins draw from NumPy's legacy stream (the course's np.random.seed(s); randn) and transform
the draws with their own ops, so they agree bit for bit: the bound used is the "elementwise" entry,
but the measured difference is 0 on every draw (parity_tests/test_initialization.py also asserts
exact equality). What a case cannot show — that Keras's own initialisers draw the same
DISTRIBUTIONS — is tested statistically in parity_tests/test_initialization.py.

Wrong variants: each scheme's classic slips (a scale from the wrong scheme, fan_out where fan_in
belongs, a forgotten factor) and two of the draws (NumPy's new Generator instead of the legacy
stream: the same distribution, other numbers; a truncated normal clipped at +-2 instead of drawn
again).
"""

import math

import numpy as np

from dlparity import inputs
from dlparity.cases import Mutant, ParityCase
from scratch import initialization as ref

MAX_LAYERS = 4
MAX_WIDTH = 12


def _layers_dims(rng, dtype):
    """[n_0, ..., n_L] (hidden widths square one time in three, single units drawn), a seed, the
    dtype's name. The last layer is (1, n_{L-1}) with n_{L-1} >= 2: one non-square layer, on
    which fan_in and fan_out differ."""
    L = int(rng.integers(1, MAX_LAYERS + 1))
    sizes = [int(rng.integers(2, MAX_WIDTH + 1))]
    for _ in range(L - 1):
        sizes.append(max(2, inputs.width(rng, sizes[-1], MAX_WIDTH)))
    return {"layers_dims": sizes + [1], "seed": int(rng.integers(2**31)), "dtype": dtype.name}


def _call(scheme, **kwargs):
    def call(module, i):
        function = getattr(module, f"initialize_parameters_{scheme}")
        if scheme == "zeros":
            return function(i["layers_dims"], dtype=i["dtype"])
        return function(i["layers_dims"], seed=i["seed"], dtype=i["dtype"], **kwargs)
    return call


# --- wrong variants (same signatures as the kernels they replace) --------------------------------
def _weights(sizes, factor, stream, dtype):
    """W{l} = randn(n_l, n_{l-1}) * factor(n_l, n_{l-1}), b{l} = 0."""
    return ref._parameters([stream.standard_normal((n, n_prev)) * factor(n, n_prev)
                            for _, n, n_prev in ref._layers(sizes)], sizes, dtype)


def _zeros_broken_by_small_draws(sizes, dtype):
    stream = np.random.RandomState(1)
    return _weights(sizes, lambda n, n_prev: 0.01, stream, dtype)


def _random_without_its_scale(sizes, scale, stream, dtype):
    return _weights(sizes, lambda n, n_prev: 1.0, stream, dtype)


def _he_with_xaviers_scale(sizes, stream, dtype):
    return _weights(sizes, lambda n, n_prev: np.sqrt(1 / n_prev), stream, dtype)


def _he_over_fan_out(sizes, stream, dtype):
    return _weights(sizes, lambda n, n_prev: np.sqrt(2 / n), stream, dtype)


def _xavier_with_hes_scale(sizes, stream, dtype):
    return _weights(sizes, lambda n, n_prev: np.sqrt(2 / n_prev), stream, dtype)


def _xavier_over_fan_out(sizes, stream, dtype):
    return _weights(sizes, lambda n, n_prev: np.sqrt(1 / n), stream, dtype)


def _xavier_as_glorot(sizes, stream, dtype):
    return _weights(sizes, lambda n, n_prev: np.sqrt(2 / (n + n_prev)), stream, dtype)


def _glorot_normal_over_fan_in(sizes, stream, dtype):
    return _weights(sizes, lambda n, n_prev: np.sqrt(1 / n_prev), stream, dtype)


def _glorot_uniform_with_the_normals_std(sizes, stream, dtype):
    """limit = sqrt(2 / (n_in + n_out)): the normal's std used as the uniform's limit (variance / 3)."""
    limits = [math.sqrt(2 / (n_prev + n)) for _, n, n_prev in ref._layers(sizes)]
    return ref._parameters([stream.uniform(-limit, limit, (n, n_prev))
                            for (_, n, n_prev), limit in zip(ref._layers(sizes), limits)], sizes, dtype)


def _new_generator_draws(stream, shape):
    """NumPy's new Generator (PCG64) seeded alike: the same distribution, other numbers."""
    return np.random.default_rng(0).standard_normal(shape)


def _truncated_by_clipping(stream, shape):
    """|x| > 2 clipped to +-2 instead of drawn again (a mass of 4.6 % at the bounds)."""
    return np.clip(stream.standard_normal(shape), -2.0, 2.0)


def _fans_swapped(n, n_prev, mode):
    """fan_in and fan_out swapped: Keras's fan_in read on the course's (n_l, n_{l-1}) shape."""
    return max(1.0, {"fan_in": n, "fan_out": n_prev, "fan_avg": (n_prev + n) / 2.0}[mode])


def _fan_avg_as_fan_in(n, n_prev, mode):
    """fan_avg read as fan_in (LeCun's where Glorot's belongs)."""
    return max(1.0, {"fan_in": n_prev, "fan_out": n, "fan_avg": n_prev}[mode])


def _case(scheme, mutants, label="", **kwargs):
    component = f"initialization.initialize_parameters_{scheme}" + (f"[{label}]" if label else "")
    return ParityCase(component, "forward", "initialization", _layers_dims, _call(scheme, **kwargs),
                      kind="elementwise", mutants=mutants,
                      note="both twins draw NumPy's legacy stream: bit for bit")


NEW_GENERATOR = Mutant("new Generator", "draws from np.random.default_rng, not the legacy stream",
                       "_normal", _new_generator_draws)

CASES = [
    _case("zeros", (Mutant("symmetry broken", "W = randn * 0.01 (not zeros)",
                           "_initialize_parameters_zeros", _zeros_broken_by_small_draws),)),
    _case("random", (Mutant("no x10", "W = randn (the scale forgotten)",
                            "_initialize_parameters_random", _random_without_its_scale),
                     NEW_GENERATOR)),
    _case("random", (Mutant("no x0.01", "W = randn (the scale forgotten)",
                            "_initialize_parameters_random", _random_without_its_scale),),
          label="scale=0.01", scale=0.01),
    _case("he", (Mutant("xavier's scale", "sqrt(1 / n_{l-1}) where sqrt(2 / n_{l-1}) belongs",
                        "_initialize_parameters_he", _he_with_xaviers_scale),
                 Mutant("fan_out", "sqrt(2 / n_l): the fan-out where the fan-in belongs",
                        "_initialize_parameters_he", _he_over_fan_out),
                 NEW_GENERATOR)),
    _case("xavier", (Mutant("he's scale", "sqrt(2 / n_{l-1}) where sqrt(1 / n_{l-1}) belongs",
                            "_initialize_parameters_xavier", _xavier_with_hes_scale),
                     Mutant("fan_out", "sqrt(1 / n_l): the fan-out where the fan-in belongs",
                            "_initialize_parameters_xavier", _xavier_over_fan_out),
                     Mutant("glorot's fan_avg", "sqrt(2 / (n_{l-1} + n_l))",
                            "_initialize_parameters_xavier", _xavier_as_glorot),
                     NEW_GENERATOR)),
    _case("glorot_normal", (Mutant("fan_in only", "sqrt(1 / n_{l-1}): Xavier's, not Glorot's",
                                   "_initialize_parameters_glorot_normal",
                                   _glorot_normal_over_fan_in),)),
    _case("glorot_uniform", (Mutant("normal's std as limit", "limit sqrt(2 / (n_in + n_out))",
                                    "_initialize_parameters_glorot_uniform",
                                    _glorot_uniform_with_the_normals_std),)),
    _case("variance_scaling", (Mutant("clipped", "truncated normal clipped, not redrawn",
                                      "_truncated_normal", _truncated_by_clipping),
                               Mutant("fans swapped", "fan_in read as n_l",
                                      "_fan", _fans_swapped)),
          label="he_normal", scale=2.0, mode="fan_in", distribution="truncated_normal"),
    _case("variance_scaling", (Mutant("fan_in", "fan_avg read as n_{l-1}", "_fan",
                                      _fan_avg_as_fan_in),),
          label="glorot_normal", scale=1.0, mode="fan_avg", distribution="truncated_normal"),
    _case("variance_scaling", (Mutant("fans swapped", "fan_out read as n_{l-1}", "_fan",
                                      _fans_swapped),),
          label="fan_out uniform", scale=3.0, mode="fan_out", distribution="uniform"),
]


# --- the assignment's experiment: model(...) on the course's circles ------------------------------
# 1001 iterations of the He run (the parameters it returns): the full 15000 and
# the three schemes' published figures are in scratch_tests/ and parity_tests/
# test_initialization_experiments.py. float64 only: the course's float64 data.
CIRCLES_STEPS = 1001


def _circles(rng, dtype):
    from conventions.planar_datasets import load_circles_dataset
    X, Y = load_circles_dataset()[:2]
    return {"X": X.astype(dtype), "Y": Y}


def _call_model(module, i):
    """The trained parameters (the course's return; its costs are compared by the mirror)."""
    return module.model(i["X"], i["Y"], 0.01, CIRCLES_STEPS, False, "he")


_BACKWARD = ref._backward_propagation


def _backward_with_an_extra_1_over_m(X, Y, cache):
    m = X.shape[1]
    return {k: v / m for k, v in _BACKWARD(X, Y, cache).items()}


CASES.append(ParityCase(
    "initialization.model[he, circles]", "trajectory", "initialization", _circles, _call_model,
    kind="trajectory", reduction=lambda i: sum((2, 10, 5, 1)) + i["X"].shape[1],
    steps=CIRCLES_STEPS, dtypes=("float64",), randomized=False,
    mutants=(Mutant("xavier's scale", "sqrt(1 / n_{l-1}) where sqrt(2 / n_{l-1}) belongs",
                    "_initialize_parameters_he", _he_with_xaviers_scale),
             Mutant("1/m twice", "dZ3 = 1/m (A3 - Y) and dW = 1/m dZ3 A2.T",
                    "_backward_propagation", _backward_with_an_extra_1_over_m))))

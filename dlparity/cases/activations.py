"""Parity cases for `activations`: forward and backward of every activation, on random inputs
and on edge values (exact zeros, |z| = 1e-8, 30, 800), each with the wrong variants it catches."""

import numpy as np

from conventions.vocabulary import ACTIVATIONS
from dlparity import inputs
from dlparity.cases import Mutant, ParityCase

NAMES = (*ACTIVATIONS, "softmax")
KINKED = ("relu", "leaky_relu")
# Random inputs of the smooth activations stay in |Z| <= 1.5. Their derivatives are computed from
# A = g(Z) (1 - A^2, s(1 - s)), which cancels as g saturates: a few-ulp difference between the
# twins' tanh(Z) becomes 2 |A| cosh(Z)^2 times larger relative to the derivative (x5.5 at
# |Z| = 1.5, x200 at |Z| = 3.6). Saturation itself is covered by the [edges] cases, where the
# normwise measure is set by the unsaturated entries.
SMOOTH_RANGE = 1.5


def _random_inputs(name):
    def make(rng, dtype):
        size = inputs.shape(rng)
        if name == "softmax" and size[0] == 1:
            # one class: softmax is identically 1 and its gradient exactly 0 — rounding noise
            # around zero has no relative size to measure (the [edges] case has 3 classes)
            size = (2, size[1])
        if name in KINKED:
            Z = inputs.away_from_zero(rng, size, dtype)
        else:
            Z = rng.uniform(-SMOOTH_RANGE, SMOOTH_RANGE, size).astype(dtype)
        return {"Z": Z, "dA": inputs.normal(rng, size, dtype)}
    return make


def _edge_inputs(rng, dtype):
    Z = inputs.edge_matrix(dtype)
    dA = np.linspace(-1.5, 2.0, Z.size).reshape(Z.shape).astype(dtype)
    return {"Z": Z, "dA": dA}


def _rows(i):
    return i["Z"].shape[0]


def _forward(name):
    return lambda m, i: getattr(m, name)(i["Z"])


def _backward(name):
    return lambda m, i: getattr(m, f"{name}_backward")(i["dA"], i["Z"])


# --- deliberately wrong variants (each must be caught) ---------------------------------------
def _sigmoid_backward_no_one_minus(dA, Z):
    s = 1 / (1 + np.exp(-Z))
    return dA * s                                  # forgot the (1 - s)


def _tanh_backward_on_z(dA, Z):
    return dA * (1 - Z**2)                          # 1 - Z^2 instead of 1 - tanh(Z)^2


def _tanh_backward_no_square(dA, Z):
    return dA * (1 - np.tanh(Z))                    # forgot the square


def _relu_backward_notes_convention(dA, Z):
    return dA * (Z >= 0)                            # the lecture notes' g'(0) = 1


def _relu_backward_on_a(dA, Z):
    return dA * np.maximum(Z, 0)                    # multiplies by A instead of the 0/1 mask


def _leaky_relu_backward_slope_one_at_zero(dA, Z, slope=0.01):
    return np.where(Z >= 0, dA, slope * dA)         # gradient 1 at Z = 0, TF uses the slope


def _leaky_relu_wrong_default_slope(Z, slope=0.3):
    return np.where(Z > 0, Z, slope * Z)            # Keras LeakyReLU's default 0.3, not 0.01


def _softmax_unstable(Z):
    with np.errstate(over="ignore", invalid="ignore"):
        E = np.exp(Z)                               # no max subtraction: overflows at 800
        return E / E.sum(axis=0, keepdims=True)


def _softmax_rows(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))    # normalises rows (Keras's axis=-1)
    return E / E.sum(axis=1, keepdims=True)


RANDOM_MUTANTS = {
    "sigmoid_backward": (Mutant("no (1-s)", "dZ = dA * s", "sigmoid_backward",
                                _sigmoid_backward_no_one_minus),),
    "tanh_backward": (Mutant("1-Z^2", "derivative applied to Z, not tanh(Z)", "tanh_backward",
                             _tanh_backward_on_z),
                      Mutant("no square", "dZ = dA * (1 - A)", "tanh_backward",
                             _tanh_backward_no_square)),
    "relu_backward": (Mutant("times A", "dZ = dA * A", "relu_backward", _relu_backward_on_a),),
    "leaky_relu": (Mutant("slope 0.3", "Keras LeakyReLU's default slope", "leaky_relu",
                          _leaky_relu_wrong_default_slope),),
    "softmax": (Mutant("rows", "normalised over rows (axis 1)", "softmax", _softmax_rows),),
}
EDGE_MUTANTS = {
    "relu_backward": (Mutant("g'(0)=1", "the notes' convention at Z = 0", "relu_backward",
                             _relu_backward_notes_convention),),
    "leaky_relu_backward": (Mutant("g'(0)=1", "gradient 1 at Z = 0", "leaky_relu_backward",
                                   _leaky_relu_backward_slope_one_at_zero),),
    "softmax": (Mutant("no max shift", "exp overflows at Z = 800", "softmax", _softmax_unstable),),
}


def _cases():
    cases = []
    for name in NAMES:
        # softmax sums each column: a reduction over n classes; the rest are element-wise.
        kind = "reduction" if name == "softmax" else "elementwise"
        for fn, call in ((name, _forward(name)), (f"{name}_backward", _backward(name))):
            check = "forward" if fn == name else "gradient"
            cases.append(ParityCase(
                component=f"activations.{fn}", check=check, module="activations",
                make_inputs=_random_inputs(name), call=call, kind=kind, reduction=_rows,
                mutants=RANDOM_MUTANTS.get(fn, ())))
            cases.append(ParityCase(
                component=f"activations.{fn}[edges]", check=check, module="activations",
                make_inputs=_edge_inputs, call=call, kind=kind, reduction=_rows,
                randomized=False, mutants=EDGE_MUTANTS.get(fn, ())))
    return cases


CASES = _cases()

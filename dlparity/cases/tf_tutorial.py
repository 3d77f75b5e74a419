"""Parity cases for `tf_tutorial` (course 2, week 3, the TensorFlow tutorial).

1. The quadratic cost J(w) = c0 w^2 + c1 w + c2: the cost, one gradient-descent step (scratch's
   hand-derived 2 c0 w + c1 against the tape and a Keras SGD), and the lecture's 1000-step run
   from w = 0 at 0.01 — the twins step by step, float64 and float32 (the lecture's dtype) — and
   random coefficient arrays (c0 in [0.5, 3], lr c0 <= 0.45 so that |1 - 2 lr c0| < 1).
   Wrong variants: dJ/dw without the factor 2, with the sign flipped (gradient ascent), and in
   float64 the learning rate rounded to float32 (what an unmapped Keras SGD does: 2.2e-8
   relative, 4e-8 absolute at its worst step, k = 49).
"""

import numpy as np

from conventions.vocabulary import QUADRATIC_COEFFICIENTS, QUADRATIC_STEPS
from dlparity.cases import Mutant, ParityCase


# --- 1. the quadratic cost --------------------------------------------------------------------------
def _quadratic(rng, dtype):
    c0 = rng.uniform(0.5, 3.0)
    w_star = rng.uniform(-10, 10)
    c = np.array([c0, -2 * c0 * w_star, c0 * w_star ** 2 + rng.uniform(0, 5)])   # min J >= 0
    return {"w": np.asarray(rng.uniform(-20, 20), dtype), "c": c.astype(dtype),
            "learning_rate": float(rng.uniform(0.001, 0.45 / c0)), "num_iterations": 200}


def _lecture(rng, dtype):
    return {"w": np.asarray(0.0, dtype), "c": np.array(QUADRATIC_COEFFICIENTS, dtype),
            "learning_rate": 0.01, "num_iterations": QUADRATIC_STEPS}


def _run(m, i):
    return m.minimize_cost(i["c"], i["learning_rate"], i["num_iterations"], i["w"], i["w"].dtype)


def _gradient_without_2(w, c):
    return c[0] * w + c[1]


def _gradient_ascent(w, c):
    return -(2 * c[0] * w + c[1])


def _step_rate_float32(w, c, learning_rate):
    from scratch import tf_tutorial
    rate = w.dtype.type(np.float32(learning_rate))            # Keras's float32 rate variable
    return w - rate * tf_tutorial._gradient(w, c)


M = Mutant
NO_2 = M("no factor 2", "dJ/dw = c0 w + c1", "_gradient", _gradient_without_2)
ASCENT = M("ascent", "w + lr dJ/dw: the sign flipped", "_gradient", _gradient_ascent)

CASES = [
    ParityCase("tf_tutorial.quadratic_cost", "forward", "tf_tutorial", _quadratic,
               lambda m, i: m.quadratic_cost(i["w"], i["c"]), kind="reduction",
               reduction=lambda i: 3, note="J = c0 w^2 + c1 w + c2 (minimum >= 0: no cancellation "
                                            "to zero)",
               mutants=(M("c1 sign", "c0 w^2 - c1 w + c2", "_quadratic_cost",
                          lambda w, c: c[0] * w * w - c[1] * w + c[2]),)),
    ParityCase("tf_tutorial.train_step", "step", "tf_tutorial", _quadratic,
               lambda m, i: m.train_step(i["w"], i["c"], i["learning_rate"]), kind="reduction",
               reduction=lambda i: 3, note="scratch 2 c0 w + c1 by hand; tfimpl tape + course_sgd",
               mutants=(NO_2, ASCENT)),
    ParityCase("tf_tutorial.minimize_cost", "trajectory", "tf_tutorial", _lecture, _run,
               kind="trajectory", reduction=lambda i: 3, steps=QUADRATIC_STEPS, randomized=False,
               note="the lecture: (w - 5)^2 from 0 at 0.01, 1000 steps, every w compared",
               mutants=(NO_2, ASCENT)),
    ParityCase("tf_tutorial.minimize_cost[coefficients]", "trajectory", "tf_tutorial", _quadratic,
               _run, kind="trajectory", reduction=lambda i: 3, steps=200,
               note="random coefficient arrays c0 w^2 + c1 w + c2, 200 steps", mutants=(NO_2,)),
    ParityCase("tf_tutorial.minimize_cost[rate]", "trajectory", "tf_tutorial", _lecture, _run,
               kind="trajectory", reduction=lambda i: 3, steps=QUADRATIC_STEPS, randomized=False,
               dtypes=("float64",),
               note="float64: Keras's float32 rate mapped away (keras_mapping.course_sgd)",
               mutants=(M("rate in float32", "0.01 rounded to float32 (unmapped Keras SGD)",
                          "_train_step", _step_rate_float32),)),
]

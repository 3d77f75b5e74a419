"""One conditioning rule for every randomized parity case: nudge the inputs, watch scratch move.

Why random draws need a rule at all. The checker's bound is normwise and relative to the size of
the RESULT (max|a - b| / max|a|, see `dlparity.checker` and `dlparity.tolerances`), while rounding
errs relative to the size of the TERMS that produced it. The two agree on a well-conditioned draw.
Some random draws are not: a sum cancels (shallow's db2 = mean(A2 - Y) of 1e-4 from terms of 3e-2),
a derivative computed from A cancels as g saturates, a deep stack amplifies errors layer by layer,
a pre-activation lies within rounding of a ReLU kink (the twins' masks differ) or of predict's
threshold 0.5 (a prediction flips). There the twins' difference measures the draw, not the twins.

The rule, with no per-operation formulas. Run scratch on the drawn inputs, then TRIALS times more on
copies whose float arrays are nudged by random relative perturbations of at most ULPS units in the
last place (x * (1 + ULPS * eps * u), u ~ U(-1, 1) per entry). The movement is the largest
normwise relative change of any leaf of scratch's result (the checker's measure). The draw is
accepted when movement <= tolerance / SAFETY; otherwise the case draws again from the same
generator, at most MAX_DRAWS times, then raises RuntimeError naming the case, dtype and seed.

Why this measures what the twins' difference measures. A stable implementation computes the
exact function of inputs that rounding has moved by a few ulps (backward stability, Higham,
"Accuracy and Stability of Numerical Algorithms", 2nd ed., sec. 1.5); two implementations that
round differently compute it at two such points. A nudge of the same size therefore moves the
result by about as much as the twins differ: it picks up cancellation (a small result from large
terms moves by eps times the terms), amplification through layers, and, because each nudged run
rounds afresh, scratch's own rounding noise. At a kink or threshold within rounding distance, a
nudge flips the mask or the prediction and the movement is O(1): the same rule covers kinks, with
no gap around them written anywhere. Only floating arrays are nudged: Python numbers (learning
rates) are settings both twins use exactly, and integer-valued arrays (labels, masks) are data.

Why SAFETY = 4 (measured, see `sweep` and /work/notes/sweep.md). Over the sweep, the twins'
difference d on a draw exceeds scratch's own movement M by at most a factor ~2 (TensorFlow's
kernels round differently and, in float32, approximate exp/tanh to ~2.5 ulp where NumPy is within
1 ulp; the two TRIALS see only two samples of scratch's noise). Accepting M <= tolerance / 4 then
leaves d <= tolerance / 2 with a further factor 2 to spare; a smaller SAFETY lets draws through
whose difference comes within a factor ~1 of the bound, a larger one redraws well-conditioned
inputs for nothing.

Cost: 1 + TRIALS scratch calls per draw, nothing on the TensorFlow side.
"""

import copy

import numpy as np

from dlparity import checker

ULPS = 2            # size of a nudge, in units in the last place of the input's dtype
TRIALS = 2          # nudged runs per draw
SAFETY = 4          # accept when movement <= tolerance / SAFETY (derivation above)
MAX_DRAWS = 50      # redraws before giving up loudly
NUDGE_SEED = 20261130


def nudge(inputs, rng, ulps=ULPS):
    """A copy of `inputs` (nested dicts / lists / tuples) with every non-integer floating array
    multiplied element-wise by (1 + ulps * eps * u), u ~ U(-1, 1), rounded back to its dtype."""
    if isinstance(inputs, dict):
        return {k: nudge(v, rng, ulps) for k, v in inputs.items()}
    if isinstance(inputs, (list, tuple)):
        return type(inputs)(nudge(v, rng, ulps) for v in inputs)
    if isinstance(inputs, (np.ndarray, np.floating)) and np.issubdtype(inputs.dtype, np.floating):
        x = np.asarray(inputs)
        if np.all(x == np.round(x)):
            return copy.deepcopy(inputs)        # labels, masks, exact zeros: data, not values
        eps = float(np.finfo(x.dtype).eps)
        u = rng.uniform(-1.0, 1.0, x.shape)
        moved = (x.astype(np.float64) * (1 + ulps * eps * u)).astype(x.dtype)
        return moved if isinstance(inputs, np.ndarray) else x.dtype.type(moved)
    return copy.deepcopy(inputs)


def distance(a, b):
    """The largest normwise relative difference over the leaves of two results (the checker's
    measure; inf where shapes, non-finite entries or non-float values differ)."""
    left, right = dict(checker.flatten(a)), dict(checker.flatten(b))
    if left.keys() != right.keys():
        return np.inf
    return max((checker.compare_leaf(left[k], right[k], 0.0)[2] for k in left), default=0.0)


def movement(call, module, inputs, rng, trials=TRIALS, ulps=ULPS):
    """How far call(module, inputs) moves when the inputs are nudged: the largest `distance`
    between the result on the inputs and on `trials` nudged copies."""
    with np.errstate(all="ignore"):
        base = call(module, copy.deepcopy(inputs))
        return max(distance(base, call(module, nudge(inputs, rng, ulps))) for _ in range(trials))


def draw(case, dtype, seed, scratch, tolerance_of):
    """The inputs of `case` for `seed`: case.make_inputs(rng, dtype) from rng = default_rng(seed),
    drawn again (from the same rng) while the draw is ill-conditioned, i.e. while scratch's
    result moves by more than tolerance_of(inputs) / SAFETY under nudges. Fixed-input cases
    (case.randomized False) are returned as made. Raises RuntimeError after MAX_DRAWS draws."""
    dtype = np.dtype(dtype)
    rng = np.random.default_rng(seed)
    if not case.randomized:
        return case.make_inputs(rng, dtype)
    nudges = np.random.default_rng([NUDGE_SEED, seed])
    worst = 0.0
    for _ in range(MAX_DRAWS):
        inputs = case.make_inputs(rng, dtype)
        ratio = movement(case.call, scratch, inputs, nudges) / tolerance_of(inputs)
        if ratio <= 1 / SAFETY:
            return inputs
        worst = max(worst, ratio)
    raise RuntimeError(
        f"{case.name} ({dtype.name}, seed {seed}): no well-conditioned draw in {MAX_DRAWS} "
        f"(scratch moved by up to {worst:.3g} x the tolerance under {ULPS}-ulp nudges; "
        f"accepted: <= 1/{SAFETY}); see dlparity/conditioning.py")

"""One conditioning rule for every randomized parity case: estimate scratch's own rounding noise.

Why random draws need a rule at all. The checker's bound is normwise and relative to the size of
the RESULT (max|a - b| / max|a|, see `dlparity.checker` and `dlparity.tolerances`), while rounding
errs relative to the size of the TERMS that produced it. The two agree on a well-conditioned draw.
Some random draws are not: a sum cancels (shallow's db2 = mean(A2 - Y) of 1e-4 from terms of 3e-2),
a derivative computed from A cancels as g saturates, a deep stack amplifies errors layer by layer,
a pre-activation lies within rounding of a ReLU kink (the twins' masks differ) or of predict's
threshold 0.5 (a prediction flips). There the twins' difference measures the draw, not the twins.

The rule, with no per-operation formulas. The twins get identical inputs, so their difference is
made of the two implementations' rounding errors alone. Estimate scratch's own on the draw, in
units of the result's size (the checker's normwise measure), as the larger of:
- the second difference over a mirrored pair of nudges x+ = x (1 + h u), x- = x - (x+ - x)
  (u ~ U(-1, 1) per entry, h = eps^(3/4): 8192 ulp in float64, 54 ulp in float32), the largest
  over TRIALS random directions u:  max|f(x+) + f(x-) - 2 f(x)| / max|f|. The mirror cancels the
  first-order response exactly; what is left is scratch's rounding noise (the nudge re-rounds the
  intermediates, so cancellation after an intermediate shows: sigmoid(z) - 1 at m = 1, which a
  few-ulp nudge cannot move), an O(1) jump where a nudge crosses a kink or a threshold, and
  curvature ~(h kappa)^2 for a result of relative condition kappa — eps^1.5 for kappa ~ 1, far
  below every tolerance (>= 16 eps); only at kappa >~ 1e3 in float32 does it show, and such draws
  are redrawn (conservative: losses.binary_cross_entropy_backward float32 redraws ~40 % of its
  draws, inputs A within 1e-3 of the wrong label, though the twins agree there);
- in float32, the difference from scratch's own run on the inputs widened to float64: this sees
  the rounding of an intermediate in a flat region that no small nudge re-rounds (a saturated
  tanh's A ~ 1 before 1 - A^2: a (1, 1) layer at Z = 2.6 differs by 1.42 x the bound between the
  twins while the nudges see 0.05 x; widening sees 0.52 x). float64 has no such wider type on
  every platform (long double is float64 on some, and BLAS has none), so it relies on the nudge,
  8192 ulp wide.
A draw is accepted when that estimate is <= tolerance / SAFETY; otherwise the case draws again from
the same generator, at most MAX_DRAWS times, then raises RuntimeError naming the case, dtype and
seed. Only floating arrays are nudged: Python numbers (learning rates) are settings both twins use
exactly, and integer-valued arrays (labels, masks) are data.

A first version nudged by 2 ulp and took the first difference |f(x+) - f(x)| (how far scratch
MOVES). A 60-seed pilot (15 480 draws) accepted a draw at 1.19 x the bound with it: two samples of
a first difference are dominated by the input's first-order response, which the twins never see
(identical inputs), and miss rounding the nudge cannot reach.

Why SAFETY = 4 (measured by `sweep`, 300 seeds of every randomized case in both dtypes: 25 800
seeds, 26 369 draws; figures in /work/notes/sweep.md). On draws whose estimate M is informative
(>= tolerance / 16), the twins' difference d exceeds M by up to 3x in all but two cases and 5.6x
at most (logistic.propagate, float32): TensorFlow's kernels round differently and, in float32,
approximate exp/tanh to ~2.5 ulp where NumPy is within 1 ulp, and TRIALS sample scratch's noise
only twice. The differences that matter are far larger: 23 first draws exceeded the bound (up to
24.6x), and the rule redrew every one. Accepting M <= tolerance / 4 left the worst accepted draw
at 0.62 of the bound (deep.L_model_backward, float32), with 2.2 % of draws redrawn and no seed
exhausting MAX_DRAWS. A stricter tolerance / 8 would still accept a 0.52 draw (more redraws for
little); a looser tolerance / 2 admits, by the measured d/M, draws at 1.5x (2.8x in float32
logistic).

Cost: 2 + 2 TRIALS scratch calls per draw, nothing on the TensorFlow side.
"""

import copy

import numpy as np

from dlparity import checker

TRIALS = 2          # random directions per draw (each: one nudge up, one down)
SAFETY = 4          # accept when noise <= tolerance / SAFETY (derivation above)
MAX_DRAWS = 50      # draws before giving up loudly
NUDGE_SEED = 20261130


def step(dtype):
    """The nudge's relative size h = eps ** 0.75: 2^-39 (8192 ulp) in float64, 2^-17.25 (54 ulp)
    in float32. Large enough to re-round every intermediate, small enough that the curvature
    left in a second difference, ~h^2 = eps^1.5, is far below any tolerance (>= 16 eps)."""
    return float(np.finfo(dtype).eps) ** 0.75


def nudges(inputs, rng):
    """Two copies of `inputs` (nested dicts / lists / tuples): every non-integer floating array x
    becomes x+ = x (1 + h u), u ~ U(-1, 1) element-wise, rounded to its dtype, and the mirror image
    x- = x - (x+ - x) (exact: x+ - x is a multiple of x's ulp). Python numbers (settings both twins
    use exactly) and integer-valued arrays (labels, masks, exact zeros) are left alone."""
    if isinstance(inputs, dict):
        pairs = {k: nudges(v, rng) for k, v in inputs.items()}
        return ({k: p[0] for k, p in pairs.items()}, {k: p[1] for k, p in pairs.items()})
    if isinstance(inputs, (list, tuple)):
        pairs = [nudges(v, rng) for v in inputs]
        return type(inputs)(p[0] for p in pairs), type(inputs)(p[1] for p in pairs)
    if isinstance(inputs, (np.ndarray, np.floating)) and np.issubdtype(inputs.dtype, np.floating):
        x = np.asarray(inputs)
        if not np.all(x == np.round(x)):
            u = rng.uniform(-1.0, 1.0, x.shape)
            up = (x.astype(np.float64) * (1 + step(x.dtype) * u)).astype(x.dtype)
            down = x - (up - x)
            if isinstance(inputs, np.ndarray):
                return up, down
            return x.dtype.type(up), x.dtype.type(down)
    return copy.deepcopy(inputs), copy.deepcopy(inputs)


def widened(inputs):
    """`inputs` with every float32 array (and scalar) cast to float64, nothing else changed."""
    if isinstance(inputs, dict):
        return {k: widened(v) for k, v in inputs.items()}
    if isinstance(inputs, (list, tuple)):
        return type(inputs)(widened(v) for v in inputs)
    if isinstance(inputs, (np.ndarray, np.floating)) and inputs.dtype == np.float32:
        return inputs.astype(np.float64) if isinstance(inputs, np.ndarray) else np.float64(inputs)
    return copy.deepcopy(inputs)


def deviation(combine, base, *others):
    """The largest normwise max|combine(base, *others)| / max(|base|, |others|) over the leaves
    of results (the checker's measure, in float64); inf where shapes, the pattern of non-finite
    entries or a non-float leaf (a prediction) differ."""
    worst = 0.0
    trees = [dict(checker.flatten(t)) for t in (base, *others)]
    for key in trees[0]:
        leaves = [np.asarray(t.get(key)) for t in trees]
        if any(x.shape != leaves[0].shape for x in leaves):
            return np.inf
        if leaves[0].dtype.kind not in "fc":
            if not all(np.array_equal(leaves[0], x) for x in leaves):
                return np.inf
            continue
        leaves = [x.astype(np.float64) for x in leaves]
        finite = np.isfinite(leaves[0])
        if not all(np.array_equal(finite, np.isfinite(x)) for x in leaves):
            return np.inf
        leaves = [x[finite] for x in leaves]
        scale = max(np.abs(x).max(initial=0.0) for x in leaves)
        if scale > 0:
            worst = max(worst, float(np.abs(combine(*leaves)).max()) / scale)
    return worst


def noise(call, module, inputs, rng, trials=TRIALS):
    """Scratch's rounding noise on `inputs`, relative to its result: the largest second difference
    f(x+) + f(x-) - 2 f(x) over `trials` mirrored nudges and, for float32 inputs, the difference
    from scratch's own run on the inputs widened to float64."""
    with np.errstate(all="ignore"):
        base = call(module, copy.deepcopy(inputs))
        worst = 0.0
        if any(np.asarray(x).dtype == np.float32 for _, x in checker.flatten(inputs)):
            worst = deviation(lambda a, w: a - w, base, call(module, widened(inputs)))
        for _ in range(trials):
            up, down = nudges(inputs, rng)
            worst = max(worst, deviation(lambda a, p, m: p + m - 2 * a, base, call(module, up),
                                         call(module, down)))
        return worst


def distance(a, b):
    """The largest normwise relative difference over the leaves of two results (the checker's
    measure; inf where shapes, non-finite entries or non-float values differ)."""
    left, right = dict(checker.flatten(a)), dict(checker.flatten(b))
    if left.keys() != right.keys():
        return np.inf
    return max((checker.compare_leaf(left[k], right[k], 0.0)[2] for k in left), default=0.0)


def draw(case, dtype, seed, scratch, tolerance_of):
    """The inputs of `case` for `seed`: case.make_inputs(rng, dtype) from rng = default_rng(seed),
    drawn again (from the same rng) while the draw is ill-conditioned, i.e. while scratch's
    result moves by more than tolerance_of(inputs) / SAFETY under nudges. Fixed-input cases
    (case.randomized False) are returned as made. Raises RuntimeError after MAX_DRAWS draws."""
    dtype = np.dtype(dtype)
    rng = np.random.default_rng(seed)
    if not case.randomized:
        return case.make_inputs(rng, dtype)
    directions = np.random.default_rng([NUDGE_SEED, seed])
    worst = 0.0
    for _ in range(MAX_DRAWS):
        inputs = case.make_inputs(rng, dtype)
        ratio = noise(case.call, scratch, inputs, directions) / tolerance_of(inputs)
        if ratio <= 1 / SAFETY:
            return inputs
        worst = max(worst, ratio)
    raise RuntimeError(
        f"{case.name} ({dtype.name}, seed {seed}): no well-conditioned draw in {MAX_DRAWS} "
        f"(scratch's rounding noise up to {worst:.3g} x the tolerance; accepted: <= 1/{SAFETY}); "
        "see dlparity/conditioning.py")


# --- the seed sweep that backs SAFETY (python -m dlparity.conditioning --seeds 300) --------------
def sweep(cases, seeds, dtypes=("float64", "float32")):
    """For each randomized case and dtype, over `seeds`: draw as `draw` does, and measure on
    EVERY draw (accepted or not) scratch's noise M and the twins' difference d, both in units
    of the case's tolerance. Returns one dict per (case, dtype):

    draws, redraw_rate (rejected / all draws), exhausted (seeds that raised), worst_accepted
    (max d over accepted draws: must stay <= 1), worst_raw (max d over each seed's FIRST draw,
    what the case would meet without the rule), raw_failures (first draws with d > 1),
    worst_rejected, d_over_M (max d / M over draws with M >= 1 / (4 SAFETY): how far the twins'
    difference exceeds scratch's own noise, the figure SAFETY must cover), worst_below_half (max
    d over draws with M <= 1 / (2 SAFETY): what a twice stricter rule would have accepted).
    """
    from dlparity.cases import case_tolerance, twin  # the catalogue imports this module

    out = []
    for case in cases:
        if not case.randomized:
            continue
        scratch, tf_module = twin("scratch", case.module), twin("tfimpl", case.module)
        for dtype in (d for d in case.dtypes if d in dtypes):
            dtype = np.dtype(dtype)
            s = {"case": case.name, "dtype": dtype.name, "seeds": 0, "draws": 0, "rejected": 0,
                 "exhausted": 0, "worst_accepted": 0.0, "worst_raw": 0.0, "raw_failures": 0,
                 "worst_rejected": 0.0, "d_over_M": 0.0, "worst_below_half": 0.0}
            for seed in seeds:
                rng = np.random.default_rng(seed)
                directions = np.random.default_rng([NUDGE_SEED, seed])
                s["seeds"] += 1
                for attempt in range(MAX_DRAWS):
                    inputs = case.make_inputs(rng, dtype)
                    tol = case_tolerance(case, inputs, dtype)
                    M = noise(case.call, scratch, inputs, directions) / tol
                    with np.errstate(all="ignore"):
                        d = distance(case.call(scratch, copy.deepcopy(inputs)),
                                     (case.call_tf or case.call)(tf_module,
                                                                 copy.deepcopy(inputs))) / tol
                    s["draws"] += 1
                    if attempt == 0:
                        s["worst_raw"] = max(s["worst_raw"], d)
                        s["raw_failures"] += d > 1
                    if M >= 1 / (4 * SAFETY):
                        s["d_over_M"] = max(s["d_over_M"], d / M)
                    if M <= 1 / (2 * SAFETY):
                        s["worst_below_half"] = max(s["worst_below_half"], d)
                    if M <= 1 / SAFETY:
                        s["worst_accepted"] = max(s["worst_accepted"], d)
                        break
                    s["rejected"] += 1
                    s["worst_rejected"] = max(s["worst_rejected"], d)
                else:
                    s["exhausted"] += 1
            s["redraw_rate"] = s["rejected"] / s["draws"]
            out.append(s)
    return out


def format_sweep(results):
    """A markdown table of `sweep`'s results."""
    lines = ["| case | dtype | seeds | draws | redraw rate | exhausted | worst accepted d/tol | "
             "worst first-draw d/tol | first draws > tol | worst rejected d/tol | max d/M | "
             "worst d, M <= tol/(2 SAFETY) |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for s in results:
        lines.append(f"| {s['case']} | {s['dtype']} | {s['seeds']} | {s['draws']} | "
                     f"{s['redraw_rate']:.1%} | {s['exhausted']} | {s['worst_accepted']:.3g} | "
                     f"{s['worst_raw']:.3g} | {s['raw_failures']} | {s['worst_rejected']:.3g} | "
                     f"{s['d_over_M']:.3g} | {s['worst_below_half']:.3g} |")
    return "\n".join(lines)


def _main(argv=None):
    import argparse
    import sys

    from dlparity.cases import all_cases

    parser = argparse.ArgumentParser(description="seed sweep of the conditioning rule")
    parser.add_argument("--seeds", type=int, default=300)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--module", action="append", help="only these course modules")
    parser.add_argument("--case", action="append", help="only cases whose name contains this")
    parser.add_argument("--dtype", action="append", choices=["float64", "float32"])
    args = parser.parse_args(argv)
    cases = [c for c in all_cases() if (not args.module or c.module in args.module)
             and (not args.case or any(k in c.name for k in args.case))]
    for c in cases:
        results = sweep([c], range(args.first_seed, args.first_seed + args.seeds),
                        tuple(args.dtype or ("float64", "float32")))
        for line in format_sweep(results).splitlines()[2:]:
            print(line, flush=True)
    return 0 if sys.stdout else 1


if __name__ == "__main__":
    raise SystemExit(_main())

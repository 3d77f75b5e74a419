"""Compare a learner's result with the reference leaf by leaf and say what is wrong in words.

`compare(named_learner, named_reference, tolerance, m)` returns (passed, worst, notes): `worst`
is the Leaf with the largest normwise difference (or the first structural failure), each carrying
a probable cause when the numbers point to one; `notes` are harmless representational
differences (bool predictions, a (1, 1) cost, extra keys), said but not failed.

The probable causes, read from the numbers (a: the learner's leaf, r: the reference's):
- a = k r for one constant k (least squares, residual below 1e-6 of |a|):
  k = -1 a flipped sign; k = m or 1/m a missing or an extra 1/m; k = 2 or 1/2; k = 100 or 1/100
  the * 0.01 scale; |k - 1| < 1e-3 a small consistent relative error (an epsilon inside a log or a
  division);
- a's shape is r's transposed; a is rank-1 (n,) where the course keeps (n, 1) (keepdims);
- NaN or inf where the reference is finite: an unstable formula (log of 0, exp overflow).
"""

from dataclasses import dataclass

import numpy as np

from dlparity.checker import flatten


@dataclass
class Leaf:
    name: str
    shape: tuple = ()
    max_abs: float = 0.0
    max_rel: float = 0.0
    passed: bool = True
    cause: str = ""


def _named_leaves(named):
    return dict(flatten(named))


def compare(learner, reference, tolerance, m=None):
    """(passed, worst Leaf, notes) for two named results (dicts from an Edition's `named`)."""
    mine, ref = _named_leaves(learner), _named_leaves(reference)
    notes, leaves = [], []
    extra = [k for k in mine if k not in ref and not any(k.startswith(r + ".") for r in ref)]
    if extra:
        notes.append(f"extra {', '.join(extra)} in your result (not compared)")
    for name, r in ref.items():
        if name not in mine:
            leaves.append(Leaf(name, passed=False, cause=f"{name} is missing from your result"))
            continue
        leaves.append(compare_leaf(name, mine[name], r, tolerance, m, notes))
    failed = [leaf for leaf in leaves if not leaf.passed]
    if failed:
        worst = max(failed, key=lambda leaf: np.nan_to_num(leaf.max_rel, nan=np.inf))
        numeric = [leaf for leaf in failed if np.isfinite(leaf.max_rel)]
        if not np.isfinite(worst.max_rel) and numeric:        # a shape AND a value problem
            also = max(numeric, key=lambda leaf: leaf.max_rel)
            worst.cause += f"; also {also.cause}"
        return False, worst, notes
    worst = max(leaves, key=lambda leaf: leaf.max_rel) if leaves else Leaf("value")
    return True, worst, notes


def _as_array(value):
    try:
        return np.asarray(value)
    except Exception:                       # a ragged list, an object that is no array
        return np.asarray(value, dtype=object)


def compare_leaf(name, mine, ref, tolerance, m, notes):
    a, r = _as_array(mine), np.asarray(ref)
    if a.dtype == object or not (np.issubdtype(a.dtype, np.number) or a.dtype == bool):
        return Leaf(name, a.shape, np.nan, np.nan, False,
                    f"{name} is {type(mine).__name__}, not a number or array")
    if a.dtype != r.dtype and (a.dtype == bool or np.issubdtype(a.dtype, np.integer)) \
            and not (r.dtype == bool or np.issubdtype(r.dtype, np.integer)):
        if a.shape == r.shape and np.array_equal(a.astype(r.dtype), r):
            notes.append(f"{name}: {a.dtype} values where the reference returns {r.dtype} "
                         "(same values)")
            return Leaf(name, a.shape)
    if a.shape != r.shape:
        if a.size == r.size == 1 and 0 in (a.ndim, r.ndim):      # a (1, 1) cost for a scalar
            notes.append(f"{name}: shape {a.shape} where the course returns {r.shape} (same value)")
            a = a.reshape(r.shape)
        elif a.ndim == 2 and a.shape == r.shape[::-1]:
            return Leaf(name, a.shape, np.nan, np.nan, False,
                        f"{name} is transposed: shape {a.shape}, expected {r.shape}")
        elif a.ndim == r.ndim - 1 and a.size == r.size:
            return Leaf(name, a.shape, np.nan, np.nan, False,
                        f"{name} is rank-1 {a.shape} where the course keeps {r.shape} "
                        "(keepdims=True forgotten?)")
        else:
            return Leaf(name, a.shape, np.nan, np.nan, False,
                        f"{name} has shape {a.shape}, expected {r.shape}")
    a64, r64 = a.astype(np.float64), r.astype(np.float64)
    if not np.isfinite(a64).all() and np.isfinite(r64).all():
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(a64))[0])
        return Leaf(name, a.shape, np.inf, np.inf, False,
                    f"{name}{list(index)} is {a64[index]} where the reference is finite: an "
                    "unstable formula (log of 0, exp overflow)?")
    max_abs = float(np.max(np.abs(a64 - r64), initial=0.0))
    scale = max(float(np.max(np.abs(a64), initial=0.0)), float(np.max(np.abs(r64), initial=0.0)))
    max_rel = 0.0 if max_abs == 0.0 else max_abs / scale
    passed = max_rel <= tolerance
    return Leaf(name, a.shape, max_abs, max_rel, passed,
                "" if passed else probable_cause(name, a64, r64, m))


def probable_cause(name, a, r, m=None):
    """Words for what the difference between a and r (same shape, finite) points to."""
    x, b = a.ravel(), r.ravel()
    bb = float(b @ b)
    if bb == 0.0:
        return f"{name} should be all zeros"
    k = float(x @ b) / bb
    residual = float(np.linalg.norm(x - k * b)) / max(float(np.linalg.norm(x)), 1e-300)
    if residual > 1e-6 or not np.isfinite(k):
        if a.ndim == 2 and a.shape[0] == a.shape[1] and np.allclose(a, r.T, rtol=1e-9, atol=0):
            return f"{name} is the transpose of the expected values"
        return f"{name} differs with no simple pattern"
    candidates = [(-1.0, "the sign is flipped")]
    if m and m > 1:
        candidates += [(float(m), f"a missing 1/m (ratio m = {m})"),
                       (1.0 / m, f"an extra 1/m (ratio 1/m = 1/{m})")]
    candidates += [(2.0, "a factor 2 too large"), (0.5, "a factor 2 too small"),
                   (100.0, "the * 0.01 scale is missing (ratio 100)"),
                   (0.01, "an extra * 0.01 (ratio 1/100)"), (0.0, "all zeros")]
    for value, words in candidates:
        if abs(k - value) <= 1e-6 * max(abs(value), 1.0):
            return f"{name}: {words}"
    if abs(k - 1) < 1e-3:
        return (f"{name}: a small consistent relative error ({k - 1:+.1e}): an epsilon inside a "
                "log or a division?")
    return f"{name}: off by a constant factor {k:.6g}"

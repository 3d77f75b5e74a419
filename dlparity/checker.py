"""The checker: compare two results leaf by leaf and turn the comparison into rows.

A result is an array, a scalar, a tensor (anything `np.asarray` accepts) or a nested dict / tuple /
list of those. Each leaf yields one `Row` naming its path (`grads.dW2`, `costs[3]`), shape, dtype,
the largest absolute difference, the normwise relative difference and the tolerance it was held to.
The pytest assertion, the terminal table and the JSON report are views of these rows.

Normwise relative difference: max|a - b| / max(max|a|, max|b|). It measures an error against the
size of the leaf as a whole, which is what rounding produces (error ~ eps * magnitude of the
operands), and does not blow up on entries that happen to be near zero the way an element-wise
relative error does.
"""

from dataclasses import asdict, dataclass

import numpy as np


@dataclass(frozen=True)
class Row:
    component: str
    check: str
    dtype: str
    leaf: str
    shape: tuple
    max_abs: float
    max_rel: float
    tolerance: float
    status: str          # "PASS" | "FAIL"
    note: str = ""

    @property
    def passed(self):
        return self.status == "PASS"

    def as_dict(self):
        d = asdict(self)
        d["shape"] = list(self.shape)
        return d


def flatten(result, path=""):
    """[(path, leaf), ...] in a stable order: dict keys as given, sequences by index."""
    if isinstance(result, dict):
        items = []
        for key, value in result.items():
            items += flatten(value, f"{path}.{key}" if path else str(key))
        return items
    if isinstance(result, (tuple, list)):
        items = []
        for i, value in enumerate(result):
            items += flatten(value, f"{path}[{i}]")
        return items
    return [(path or "value", result)]


def compare_leaf(a, b, tolerance):
    """(shape, max_abs, max_rel, passed, note) for one pair of leaves; a: scratch, b: tf."""
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        return a.shape, np.inf, np.inf, False, f"shape {a.shape} vs {b.shape}"
    if a.dtype != b.dtype:
        return a.shape, np.inf, np.inf, False, f"dtype {a.dtype} vs {b.dtype}"
    if a.dtype.kind not in "fc":
        equal = np.array_equal(a, b)
        return a.shape, 0.0 if equal else np.inf, 0.0 if equal else np.inf, equal, (
            "" if equal else "values differ")
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    finite_a, finite_b = np.isfinite(a64), np.isfinite(b64)
    note = ""
    if not (finite_a.all() and finite_b.all()):
        same_specials = np.array_equal(finite_a, finite_b) and np.array_equal(
            a64[~finite_a], b64[~finite_b], equal_nan=True)
        if not same_specials:
            return a.shape, np.inf, np.inf, False, (
                f"non-finite values differ ({int((~finite_a).sum())} vs {int((~finite_b).sum())})")
        note = f"{int((~finite_a).sum())} identical non-finite entries"
        a64, b64 = a64[finite_a], b64[finite_b]
    if a64.size == 0:
        return a.shape, 0.0, 0.0, True, note
    max_abs = float(np.max(np.abs(a64 - b64)))
    scale = float(max(np.max(np.abs(a64)), np.max(np.abs(b64))))
    max_rel = max_abs / scale if scale > 0 else 0.0
    return a.shape, max_abs, max_rel, max_rel <= tolerance, note


def compare(scratch_result, tf_result, *, component, check, dtype, tolerance):
    """Rows comparing two results leaf by leaf; a leaf on one side only is a FAIL row."""
    left = dict(flatten(scratch_result))
    right = dict(flatten(tf_result))
    rows = []
    for path in list(left) + [p for p in right if p not in left]:
        if path not in right or path not in left:
            side = "scratch" if path in left else "tfimpl"
            rows.append(Row(component, check, str(dtype), path, (), np.inf, np.inf, tolerance,
                            "FAIL", f"only {side} returns this leaf"))
            continue
        shape, max_abs, max_rel, passed, note = compare_leaf(left[path], right[path], tolerance)
        rows.append(Row(component, check, str(dtype), path, tuple(shape), max_abs, max_rel,
                        tolerance, "PASS" if passed else "FAIL", note))
    return rows


def summarize(rows):
    """One row for a whole comparison: the worst leaf (by max_rel / tolerance) stands for it."""
    if not rows:
        raise ValueError("rows: expected at least one row")
    worst = max(rows, key=lambda r: (not r.passed, r.max_rel / r.tolerance if r.tolerance else 0))
    status = "PASS" if all(r.passed for r in rows) else "FAIL"
    return Row(worst.component, worst.check, worst.dtype, worst.leaf, worst.shape, worst.max_abs,
               worst.max_rel, worst.tolerance, status, worst.note)


COLUMNS = ("component", "check", "dtype", "leaf", "max_abs", "max_rel", "tolerance", "status")


def format_table(rows):
    """A fixed-width text table of rows (numbers in %.2e)."""
    def cells(r):
        return [r.component, r.check, r.dtype, r.leaf, f"{r.max_abs:.2e}", f"{r.max_rel:.2e}",
                f"{r.tolerance:.2e}", r.status + (f"  ({r.note})" if r.note else "")]
    body = [cells(r) for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in body)) if body else len(h)
              for i, h in enumerate(COLUMNS)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(COLUMNS, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(cell, widths)) for cell in body]
    return "\n".join(lines)


def assert_pass(rows):
    """Raise AssertionError listing every failing leaf with its numbers (for pytest)."""
    failures = [r for r in rows if not r.passed]
    if failures:
        raise AssertionError("parity failed:\n" + format_table(failures))

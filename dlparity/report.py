"""`dl-parity report`: run the catalogue and gather one summary row per (case, dtype)."""

import json
import sys

import numpy as np

from dlparity import checker
from dlparity.cases import MUTANT_SEED, all_cases, run_case

REPORT_SEED = 0


def run_report(include_slow=True, dtypes=None, mutants=False, progress=None):
    """Summary rows for every case (and, with `mutants`, one row per wrong variant).

    A wrong variant's row keeps the raw comparison (its status is FAIL when it was caught);
    `mutant_rows_ok` turns those into the verdict "was the bug caught".
    """
    rows = []
    for case in all_cases():
        if case.slow and not include_slow:
            continue
        for dtype in case.dtypes:
            if dtypes and dtype not in dtypes:
                continue
            if progress:
                progress(f"{case.name} {dtype}")
            rows.append(checker.summarize(run_case(case, dtype, REPORT_SEED)))
            for mutant in case.mutants if mutants else ():
                with np.errstate(all="ignore"):
                    caught = checker.summarize(run_case(case, dtype, MUTANT_SEED, mutant=mutant))
                rows.append(caught)
    return rows


def check_module(module_name, user_module, dtypes=None, include_slow=False):
    """Run every case of `module_name` with `user_module` as the NumPy side.

    A case whose call raises (a missing function, a crash) becomes a FAIL row naming the error,
    so one broken function does not hide the verdict on the others.
    """
    rows = []
    for case in all_cases():
        if case.module != module_name or (case.slow and not include_slow):
            continue
        for dtype in case.dtypes:
            if dtypes and dtype not in dtypes:
                continue
            try:
                with np.errstate(all="ignore"):
                    rows.append(checker.summarize(
                        run_case(case, dtype, REPORT_SEED, scratch_module=user_module)))
            except Exception as err:  # noqa: BLE001 - reported as a row, not swallowed
                rows.append(checker.Row(case.component, case.check, dtype, "-", (), np.inf,
                                        np.inf, np.nan, "FAIL", f"{type(err).__name__}: {err}"))
    return rows


def is_mutant_row(row):
    return "~" in row.component


def verdict(row):
    """PASS for a twin row that passed and for a wrong variant that was caught (its row FAILed)."""
    if is_mutant_row(row):
        return "PASS" if not row.passed else "FAIL"
    return row.status


def to_json(rows):
    out = []
    for r in rows:
        d = {"component": r.component, "check": r.check, "dtype": r.dtype, "leaf": r.leaf,
             "max_abs": _number(r.max_abs), "max_rel": _number(r.max_rel),
             "tolerance": r.tolerance, "status": verdict(r)}
        if is_mutant_row(r):
            d["wrong_variant"] = True
            d["caught"] = not r.passed
        if r.note:
            d["note"] = r.note
        out.append(d)
    return json.dumps({"rows": out}, indent=2)


def _number(x):
    return x if np.isfinite(x) else str(x)


def print_table(rows, stream=None):
    stream = stream or sys.stdout
    twins = [r for r in rows if not is_mutant_row(r)]
    variants = [r for r in rows if is_mutant_row(r)]
    print(checker.format_table(twins), file=stream)
    if variants:
        print("\nDeliberately wrong scratch variants (each must be caught, i.e. its comparison "
              "must FAIL):", file=stream)
        caught = [checker.Row(**{**r.__dict__, "status": "CAUGHT" if not r.passed else "MISSED"})
                  for r in variants]
        print(checker.format_table(caught), file=stream)
    failed = sum(verdict(r) == "FAIL" for r in rows)
    print(f"\n{len(twins)} parity rows, {len(variants)} wrong variants: "
          f"{'all PASS' if not failed else f'{failed} FAIL'}", file=stream)

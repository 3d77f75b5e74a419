"""`dl-parity report`: run the catalogue and gather one summary row per (case, dtype).

By default the quick cases only (seconds); `full=True` adds the long trajectories (minutes).
"""

import json
import sys

import numpy as np

from dlparity import checker
from dlparity.cases import MUTANT_SEED, RunMemo, all_cases, run_case

REPORT_SEED = 0

KEY = ("key: max_abs = largest |scratch - tf| over the leaf; max_rel = max_abs / max(|scratch|, "
       "|tf|), the number\n     compared with tolerance (machine epsilons scaled by the work: see "
       "README, How parity is measured).")


def planned(full=False, dtypes=None):
    """[(case, dtype)] the report runs, in order."""
    return [(case, dtype) for case in all_cases() if full or not case.slow
            for dtype in case.dtypes if not dtypes or dtype in dtypes]


def run_report(full=False, dtypes=None, mutants=False, progress=None):
    """Summary rows for every planned case (and, with `mutants`, one row per wrong variant).

    progress(done, total, label) is called before each case runs. A wrong variant's row keeps the
    raw comparison (its status is FAIL when it was caught); `verdict` turns that into "caught".
    """
    rows = []
    plan = planned(full, dtypes)
    memo = RunMemo()            # inputs and the TF side once per case, shared by its variants
    for done, (case, dtype) in enumerate(plan):
        if progress:
            progress(done, len(plan), f"{case.name} {dtype}")
        rows.append(checker.summarize(run_case(case, dtype, REPORT_SEED, memo=memo)))
        for mutant in case.mutants if mutants else ():
            with np.errstate(all="ignore"):
                rows.append(checker.summarize(run_case(case, dtype, MUTANT_SEED, mutant=mutant,
                                                       memo=memo)))
    return rows


def is_mutant_row(row):
    return "~" in row.component


def verdict(row):
    """PASS for a twin row that passed and for a wrong variant that was caught (its row FAILed)."""
    if is_mutant_row(row):
        return "PASS" if not row.passed else "FAIL"
    return row.status


def to_json(rows, tensorflow=True):
    """{"rows": [...]}; without TensorFlow (the wrong variants against scratch alone) also
    "tensorflow": false and "not_run": what was not run."""
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
    document = {"rows": out}
    if not tensorflow:
        document |= {"tensorflow": False, "not_run": "the parity rows (NumPy twin vs TensorFlow "
                     'twin): pip install "dl-parity[tf]"'}
    return json.dumps(document, indent=2)


def _number(x):
    return x if np.isfinite(x) else str(x)


def print_table(rows, stream=None):
    stream = stream or sys.stdout
    twins = [r for r in rows if not is_mutant_row(r)]
    variants = [r for r in rows if is_mutant_row(r)]
    print(checker.format_table(twins), file=stream)
    print(KEY, file=stream)
    if variants:
        print("\nDeliberately wrong scratch variants (each must be caught, i.e. its comparison "
              "must FAIL):", file=stream)
        caught = [checker.Row(**{**r.__dict__, "status": "CAUGHT" if not r.passed else "MISSED"})
                  for r in variants]
        print(checker.format_table(caught), file=stream)
    failed = sum(verdict(r) == "FAIL" for r in rows)
    said = f"{len(twins)} parity rows" + (f", {len(variants)} wrong variants" if variants else "")
    print(f"\n{said}: {'all PASS' if not failed else f'{failed} FAIL'}", file=stream)

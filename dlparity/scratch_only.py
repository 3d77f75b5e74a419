"""`dl-parity report` without TensorFlow: what the NumPy twin can show on its own.

The parity rows compare scratch with the TensorFlow twin and cannot run without TensorFlow. What
needs no TensorFlow is every case's deliberately wrong variants against scratch itself: on the
case's own inputs (drawn and conditioned by scratch alone, at MUTANT_SEED, exactly as the parity
report draws them) each wrong variant's result must differ from scratch's beyond the case's
tolerance (or crash where the case says it does). A variant that scratch cannot tell apart would
be a parity check that cannot fail: this is the report's proof that its checks have teeth, made
without the second twin.

Rows are the parity report's rows (`checker.Row`, component "<case>~<variant>"), max_rel being
|scratch - variant| / max(|scratch|, |variant|): a CAUGHT variant's row FAILs its comparison.
"""

import copy

import numpy as np

from conventions.vocabulary import named_result
from dlparity import checker
from dlparity.cases import MUTANT_SEED, case_tolerance, draw_inputs, installed, twin

NOT_RUN = ('dl-parity report: TensorFlow is not installed, so the parity rows (NumPy twin vs '
           'TensorFlow twin) were not run: pip install "dl-parity[tf]"; shown instead: each '
           'wrong variant against scratch alone.')

KEY = ("key: max_rel = max|scratch - wrong variant| / max(|scratch|, |variant|) over the worst "
       "leaf, compared with the case's\n     tolerance; CAUGHT: the variant differs beyond it "
       "(or crashes as the case says), MISSED: it does not.")


def run_variant(case, dtype, mutant, seed=MUTANT_SEED):
    """The checker's rows of `mutant` against scratch on the case's inputs (one per leaf)."""
    dtype = np.dtype(dtype)
    inputs = draw_inputs(case, dtype, seed)
    tolerance = case_tolerance(case, inputs, dtype)
    component = f"{case.component}~{mutant.name}"
    module = twin("scratch", case.module)
    function = case.component.split("[")[0]
    with np.errstate(all="ignore"):
        right = named_result(function, case.call(module, copy.deepcopy(inputs)))
        try:
            with installed(module, mutant):
                wrong = named_result(function, case.call(module, copy.deepcopy(inputs)))
        except Exception as err:
            if mutant.raises is None or not isinstance(err, mutant.raises):
                raise
            return [checker.Row(component, case.check, dtype.name, "-", (), np.inf, np.inf,
                                tolerance, "FAIL", f"raised {type(err).__name__}: {err}")]
    return checker.compare(right, wrong, component=component, check=case.check,
                           dtype=dtype.name, tolerance=tolerance)


def run_scratch_only(plan, progress=None):
    """One summary row per wrong variant of every (case, dtype) of `plan`."""
    rows = []
    for done, (case, dtype) in enumerate(plan):
        if progress:
            progress(done, len(plan), f"{case.name} {dtype}")
        for mutant in case.mutants:
            rows.append(checker.summarize(run_variant(case, dtype, mutant)))
    return rows


def print_scratch_only(rows, stream):
    caught = [checker.Row(**{**r.__dict__, "status": "CAUGHT" if not r.passed else "MISSED"})
              for r in rows]
    print("Deliberately wrong scratch variants against scratch itself (each must differ):",
          file=stream)
    print(checker.format_table(caught), file=stream)
    print(KEY, file=stream)
    missed = sum(r.passed for r in rows)
    print(f"\n{len(rows)} wrong variants against scratch: "
          f"{'all CAUGHT' if not missed else f'{missed} MISSED'}; parity rows not run "
          "(no TensorFlow)", file=stream)

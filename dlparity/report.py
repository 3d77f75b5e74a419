"""`dl-parity report`: run the catalogue and gather one summary row per (case, dtype).

By default the quick cases only (seconds); `full=True` adds the long trajectories. With jobs > 1
the cases are shared out among that many worker processes (each with one TensorFlow and one BLAS
thread, so that they do not fight over the cores), the long ones first; the rows come back in the
catalogue's order, the same rows as one process computes.
"""

import contextlib
import json
import logging
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed

import numpy as np

from dlparity import checker
from dlparity.cases import (
    MUTANT_SEED,
    Outcome,
    RunMemo,
    all_cases,
    draw_inputs,
    run_case,
    scratch_side,
    side_keys,
    tf_side,
)

REPORT_SEED = 0

KEY = ("key: max_abs = largest |scratch - tf| over the leaf; max_rel = max_abs / max(|scratch|, "
       "|tf|), the number\n     compared with tolerance (machine epsilons scaled by the work: see "
       "README, How parity is measured).")


def planned(full=False, dtypes=None):
    """[(case, dtype)] the report runs, in order."""
    return [(case, dtype) for case in all_cases() if full or not case.slow
            for dtype in case.dtypes if not dtypes or dtype in dtypes]


def run_report(full=False, dtypes=None, mutants=False, progress=None, jobs=1):
    """Summary rows for every planned case (and, with `mutants`, one row per wrong variant).

    progress(done, total, label) is called before each case runs (with jobs > 1: as each case
    ends). A wrong variant's row keeps the raw comparison (its status is FAIL when it was
    caught); `verdict` turns that into "caught".
    """
    plan = planned(full, dtypes)
    if jobs > 1 and len(plan) > 1:
        return _run_in_workers(plan, mutants, progress, jobs)
    rows = []
    memo = RunMemo()            # inputs and the TF side once per case, shared by its variants
    for done, (case, dtype) in enumerate(plan):
        if progress:
            progress(done, len(plan), f"{case.name} {dtype}")
        rows += _case_rows(case, dtype, mutants, memo)
    return rows


def default_jobs():
    """The worker processes `dl-parity report` uses: the usable cores, at most 4 (each worker
    starts its own TensorFlow, ~4 s; measured on 2 cores: quick 19.0 s -> 12.6 s, full
    191 s -> 85-97 s)."""
    return min(4, len(os.sched_getaffinity(0)))


def _case_rows(case, dtype, mutants, memo):
    rows = []
    for seed, mutant in _runs(case, mutants):
        with np.errstate(all="ignore") if mutant else contextlib.nullcontext():
            rows.append(checker.summarize(run_case(case, dtype, seed, mutant=mutant, memo=memo)))
    return rows


def _runs(case, mutants):
    """[(seed, wrong variant or None)]: the twin run, then (with `mutants`) each variant's."""
    return [(REPORT_SEED, None)] + [(MUTANT_SEED, m) for m in case.mutants if mutants]


def _run_in_workers(plan, mutants, progress, jobs):
    """Slow cases (the long trajectories) are split into their sides: scratch's run, each wrong
    variant's run and tf's run are tasks of their own whose results come back here to be
    compared (deep's cat pair: its tape loop, its Keras fit and scratch's one run in parallel,
    not one after another in one worker); they go first, tf's (the longest) before scratch's.
    Quick cases: one task per case (all its planned dtypes), or per set of fixed-input cases
    built by the same make_inputs, which returns the rows."""
    sides, tasks, waiting = _split(plan, mutants)
    results, outcomes = {}, {}
    if progress:
        progress(0, len(plan), f"{jobs} worker processes starting")
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_one_thread_each) as pool:
        futures = {pool.submit(_side_outcome, *sides[key]): key
                   for key in sorted(sides, key=lambda key: _work(plan, sides[key]))}
        futures |= {pool.submit(_task_rows, [(i, plan[p][0].name, d) for p, i, d in task],
                                mutants): task for task in tasks}
        for future in as_completed(futures):
            what = futures[future]
            if isinstance(what, list):
                results.update(zip((p for p, _, _ in what), future.result()))
                done = plan[what[-1][0]][0].name
            else:
                outcomes[what] = future.result()
                done = f"{sides[what][1]} ({sides[what][4]})"
            for position in [p for p, keys in waiting.items() if keys <= outcomes.keys()]:
                case, dtype = plan[position]
                memo = RunMemo(known={key: outcomes[key] for key in waiting.pop(position)})
                results[position] = _case_rows(case, dtype, mutants, memo)
            if progress:
                progress(min(len(results), len(plan) - 1), len(plan), f"{done} done")
    return [row for position in sorted(results) for row in results[position]]


def _split(plan, mutants):
    """(sides, tasks, waiting) of _run_in_workers: sides {RunMemo key: (catalogue index, case
    name, dtype, seed, "scratch" or "tf", wrong variant's name or None)}, one per distinct
    computation of the slow cases; tasks [[(plan position, catalogue index, dtype)]] of the quick
    ones; waiting {plan position of a slow case: the side keys its rows need}."""
    index = {id(case): i for i, case in enumerate(all_cases())}
    sides, tasks, waiting = {}, {}, {}
    for position, (case, dtype) in enumerate(plan):
        if not case.slow:
            key = case.make_inputs if not case.randomized else index[id(case)]
            tasks.setdefault(key, []).append((position, index[id(case)], dtype))
            continue
        waiting[position] = set()
        for seed, mutant in _runs(case, mutants):
            scratch_key, tf_key = side_keys(case, dtype, seed, mutant)
            sides.setdefault(tf_key, (index[id(case)], case.name, dtype, seed, "tf", None))
            sides.setdefault(scratch_key, (index[id(case)], case.name, dtype, seed, "scratch",
                                           mutant and mutant.name))
            waiting[position] |= {scratch_key, tf_key}
    return sides, list(tasks.values()), waiting


def _work(plan, side):
    """The sort key of a side: the largest work first (updates x the longest sum: the cat
    trajectories' 2500 x 12288 before the small networks'), tf's before scratch's (TensorFlow's
    float64 products take 1.3-2.5x NumPy's on one thread)."""
    case = all_cases()[side[0]]
    inputs = draw_inputs(case, np.dtype(side[2]), side[3])
    return -case.steps * case.reduction(inputs), side[4] != "tf"


def _one_thread_each():
    """A worker's start: one TensorFlow intra-op thread (read when TensorFlow loads), and
    TensorFlow's Python warnings off: a worker tracing one small step graph per network shape
    (tfimpl.optimization) would print "triggered tf.function retracing" into the report."""
    os.environ["TF_NUM_INTRAOP_THREADS"] = "1"
    logging.getLogger("tensorflow").setLevel(logging.ERROR)


def _worker_case(catalogue, i, name):
    """The case at catalogue index i, refused unless it is `name` (a case patched into the
    parent's catalogue is not in the worker's)."""
    if i >= len(catalogue) or catalogue[i].name != name:
        raise LookupError(f"case {name!r}: not in the worker's catalogue at index {i} (a "
                          f"catalogue changed in this process only runs with jobs=1)")
    return catalogue[i]


def _task_rows(cases, mutants):
    """[rows of each (catalogue index, case name, dtype)], run in order with one RunMemo."""
    catalogue, memo = all_cases(), RunMemo()
    return [_case_rows(_worker_case(catalogue, i, name), dtype, mutants, memo)
            for i, name, dtype in cases]


def _side_outcome(i, name, dtype, seed, side, mutant_name):
    """One side of a case run in a worker: tf's, or scratch's with the wrong variant named (or
    none), as an Outcome whose leaves are NumPy arrays (the parent need not load TensorFlow)."""
    case = _worker_case(all_cases(), i, name)
    inputs = draw_inputs(case, np.dtype(dtype), seed)
    if side == "tf":
        return _plain(Outcome.of(lambda: tf_side(case, inputs)))
    mutant = None if mutant_name is None else {m.name: m for m in case.mutants}[mutant_name]
    with np.errstate(all="ignore") if mutant else contextlib.nullcontext():
        return _plain(Outcome.of(lambda: scratch_side(case, inputs, mutant)))


def _plain(outcome):
    def plain(x):
        if isinstance(x, dict):
            return {k: plain(v) for k, v in x.items()}
        if isinstance(x, (tuple, list)):
            return type(x)(plain(v) for v in x)
        return np.asarray(x) if hasattr(x, "numpy") else x
    return Outcome(plain(outcome.result), outcome.raised)


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

"""`dl-parity report`: quick by default, leaves named as the course names them, a key under the
table, the wrong-variant count only when variants ran, one clear line without TensorFlow."""

import importlib.util
import json

import pytest

from dlparity import cli
from dlparity.cases import all_cases, run_case


def case(name, check):
    return next(c for c in all_cases() if c.component == name and c.check == check)


def test_leaves_are_named_as_the_course_names_them():
    rows = run_case(case("logistic.propagate", "gradient"), "float64")
    assert [r.leaf for r in rows] == ["grads.dw", "grads.db", "cost"]
    rows = run_case(case("deep.L_model_forward", "forward"), "float64")
    leaves = [r.leaf for r in rows]
    assert leaves[0] == "AL" and {"caches[0].A_prev", "caches[0].W", "caches[0].b",
                                  "caches[0].Z"} <= set(leaves)


def _small_catalogue(monkeypatch):
    """The report over three real cases, one of them slow, in this process (--jobs 1: workers
    load the real catalogue): the whole quick catalogue runs in the README command's test below
    and in the report env, so here only what the options change is checked."""
    from dlparity import report

    names = {("activations.relu_backward", "gradient"), ("logistic.propagate", "gradient"),
             ("optimization.trajectory[adam]", "trajectory")}
    cases = [c for c in all_cases() if (c.component, c.check) in names]
    assert len(cases) == 3 and sum(c.slow for c in cases) == 1 and all(c.mutants for c in cases)
    monkeypatch.setattr(report, "all_cases", lambda: cases)
    return cases


def test_the_default_report_is_quick_and_prints_a_key(monkeypatch, capsys):
    cases = _small_catalogue(monkeypatch)
    assert cli.main(["report", "--dtype", "float64", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "key: max_abs" in out and "compared with tolerance" in out
    assert "wrong variants" not in out
    assert cli.main(["report", "--dtype", "float64", "--json", "--jobs", "1"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert {(r["component"], r["check"], r["dtype"]) for r in rows} == \
        {(c.component, c.check, "float64") for c in cases if not c.slow}


def test_the_wrong_variant_count_appears_when_variants_ran(monkeypatch, capsys):
    cases = _small_catalogue(monkeypatch)
    assert cli.main(["report", "--dtype", "float64", "--mutants", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    variants = sum(len(c.mutants) for c in cases if not c.slow)
    assert f"2 parity rows, {variants} wrong variants: all PASS" in out


def test_without_tensorflow_the_report_says_so_in_one_line(monkeypatch, capsys):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "tensorflow" else real(name, *a))
    # What needs no TensorFlow still runs (every wrong variant against scratch alone, exit 0 when
    # all are caught); what it cannot run is said in one line on stderr, with the install command.
    assert cli.main(["report"]) == 0
    captured = capsys.readouterr()
    assert "CAUGHT" in captured.out and "Traceback" not in captured.out + captured.err
    assert captured.err.count("\n") == 1 and 'pip install "dl-parity[tf]"' in captured.err


def test_every_subcommand_and_option_explains_itself():
    parser = cli.build_parser()
    for name, sub in parser._subparsers._group_actions[0].choices.items():
        assert sub.description and "xample" in sub.description + (sub.epilog or "") \
            or name in ("train", "check"), name
        for action in sub._actions:
            assert action.help, f"{name} {action.option_strings or action.dest}: no help text"


def test_the_first_readme_command_shows_progress_before_its_rows_on_a_terminal():
    """`dl-parity report` run on a terminal: progress on stderr while it works, then the rows."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "dlparity.cli", "report"],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:                     # the terminal closed: the report ended
            break
        if not chunk:
            break
        seen += chunk
    out, _ = process.communicate()
    os.close(leader)
    assert process.returncode == 0
    assert b"[1/" in seen and b"] activations." in seen            # progress while it ran
    rows = [line for line in out.decode().splitlines()
            if line.rstrip().endswith(" PASS") and "parity rows" not in line]
    planned = sum(len(c.dtypes) for c in all_cases() if not c.slow)
    assert len(rows) == planned


def test_cases_shared_out_among_workers_give_the_same_rows_in_the_same_order():
    """Two worker processes: the slow case's sides (scratch's run, each wrong variant's, tf's)
    are submitted first and compared here, yet the rows come back in the plan's order with the
    same verdicts as one process gives (the numbers, and so the worst leaf,
    may differ in the last bits: a worker runs TensorFlow on one thread); a case's wrong variants
    travel with it, and a caught one stays caught."""
    from dlparity.cases import RunMemo
    from dlparity.report import _case_rows, _run_in_workers

    names = {("logistic.propagate", "gradient"), ("deep.linear_backward", "gradient"),
             ("tf_tutorial.model", "trajectory"), ("losses.binary_cross_entropy", "forward")}
    plan = [(c, d) for c in all_cases() if (c.component, c.check) in names for d in c.dtypes]
    assert len({c.name for c, _ in plan}) == len(names) and any(c.slow for c, _ in plan)
    one = [row for case, dtype in plan for row in _case_rows(case, dtype, True, RunMemo())]
    two = _run_in_workers(plan, True, None, 2)
    assert [(r.component, r.check, r.dtype, r.status) for r in two] == \
        [(r.component, r.check, r.dtype, r.status) for r in one]
    assert any("~" in r.component and r.status == "FAIL" for r in two)   # variants caught


def test_jobs_must_be_a_positive_whole_number():
    parser = cli.build_parser()
    assert parser.parse_args(["report", "--jobs", "2"]).jobs == 2
    for bad in ("0", "two"):
        with pytest.raises(SystemExit):
            parser.parse_args(["report", "--jobs", bad])


def test_the_default_jobs_are_the_usable_cores_at_most_four():
    import os

    from dlparity.report import default_jobs

    assert default_jobs() == min(4, len(os.sched_getaffinity(0)))


def test_a_case_outside_the_workers_catalogue_is_refused_not_replaced(monkeypatch):
    """Workers load the catalogue afresh: a case patched into this process alone is refused by
    name (with jobs=1 it runs), never silently swapped for the real case at its index."""
    import numpy as np

    from dlparity import report
    from dlparity.cases import ParityCase

    extra = ParityCase("activations.relu[patched]", "forward", "activations",
                       lambda rng, dtype: {"Z": np.ones((2, 2), dtype)},
                       lambda m, i: m.relu(i["Z"]), randomized=False)
    monkeypatch.setattr(report, "all_cases", lambda: [extra])
    with pytest.raises(LookupError, match=r"relu\[patched\]"):
        report.run_report(jobs=2)
    assert [r.status for r in report.run_report(jobs=1)] == ["PASS", "PASS"]


def test_a_slow_case_is_split_into_its_sides_and_fixed_inputs_share_them():
    """With workers, each distinct computation of a slow case is a task: deep's cat pair is
    scratch's one run (shared: same inputs, same call), tfimpl's tape loop and Keras's fit; the
    float32-lr variant adds one scratch run for both cases. Quick cases stay whole tasks."""
    from dlparity.report import _split, planned

    plan = planned(full=True, dtypes=["float64"])
    pair = [p for p, (case, _) in enumerate(plan) if "[cat 4-layer]" in case.component]
    assert len(pair) == 2
    for mutants, scratch_runs in ((False, 1), (True, 2)):
        sides, tasks, waiting = _split(plan, mutants)
        keys = waiting[pair[0]] | waiting[pair[1]]
        assert sorted(sides[k][4] for k in keys) == ["scratch"] * scratch_runs + ["tf", "tf"]
        assert set(waiting) == {p for p, (case, _) in enumerate(plan) if case.slow}
        assert sorted(p for task in tasks for p, _, _ in task) == \
            [p for p, (case, _) in enumerate(plan) if not case.slow]


def test_a_side_computed_elsewhere_is_compared_here_even_when_it_raised():
    """The parent compares the sides a worker sent back (RunMemo known): a wrong variant whose
    scratch run raised what it is caught by gives its FAIL row, and the twin's sides give the
    same rows as running them here."""
    import numpy as np

    from dlparity.cases import (
        Mutant,
        Outcome,
        ParityCase,
        RunMemo,
        draw_inputs,
        scratch_side,
        side_keys,
        tf_side,
    )

    crash = Mutant("crash", "raises", "relu", lambda Z: np.ones(3) @ np.ones(4), raises=ValueError)
    case = ParityCase("activations.relu[sides]", "forward", "activations",
                      lambda rng, dtype: {"Z": np.linspace(-1, 1, 6, dtype=dtype).reshape(2, 3)},
                      lambda m, i: m.relu(i["Z"]), randomized=False, slow=True, mutants=(crash,))
    inputs = draw_inputs(case, "float64")
    twin_keys, crash_keys = side_keys(case, "float64", 0), side_keys(case, "float64", 0, crash)
    known = {twin_keys[0]: Outcome.of(lambda: scratch_side(case, inputs)),
             twin_keys[1]: Outcome.of(lambda: tf_side(case, inputs)),
             crash_keys[0]: Outcome.of(lambda: scratch_side(case, inputs, crash))}
    assert isinstance(known[crash_keys[0]].raised, ValueError)
    memo = RunMemo(known=known)
    memo.get = lambda key, compute, get=memo.get: get(key, _never if key[0] != "inputs" else compute)
    assert [r.status for r in run_case(case, "float64", memo=memo)] == \
        [r.status for r in run_case(case, "float64")] == ["PASS"]
    rows = run_case(case, "float64", mutant=crash, memo=memo)
    assert [r.status for r in rows] == ["FAIL"] and "raised ValueError" in rows[0].note


def _never():
    raise AssertionError("a side was computed again in the parent")

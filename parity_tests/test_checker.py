"""The instrument itself: the checker's rows, the tolerance table, the report's views."""

import json

import numpy as np
import pytest

from dlparity import checker, report, tolerances
from dlparity.cases import Mutant, ParityCase, all_cases, run_case


def rows_for(a, b, tol=1e-12):
    return checker.compare(a, b, component="c", check="forward", dtype="float64", tolerance=tol)


def test_nested_results_are_named_leaf_by_leaf():
    a = ({"dw": np.ones((2, 1)), "db": np.float64(0.5)}, [np.zeros(3), np.ones(1)])
    rows = rows_for(a, a)
    assert [r.leaf for r in rows] == ["[0].dw", "[0].db", "[1][0]", "[1][1]"]
    assert all(r.passed and r.max_abs == 0 for r in rows)


def test_differences_are_measured_normwise():
    a = np.array([[1.0, 2.0, -4.0]])
    b = a + np.array([[0.0, 1e-6, 0.0]])
    (row,) = rows_for(a, b, tol=1e-6)
    assert row.max_abs == pytest.approx(1e-6, rel=1e-9)
    assert row.max_rel == pytest.approx(1e-6 / 4, rel=1e-9)
    assert row.passed
    (row,) = rows_for(a, b, tol=1e-7)
    assert not row.passed and row.status == "FAIL"


def test_shape_dtype_missing_leaf_and_nan_are_failures_with_a_reason():
    (row,) = rows_for(np.zeros((3, 1)), np.zeros((3,)))
    assert not row.passed and "shape (3, 1) vs (3,)" in row.note
    (row,) = rows_for(np.zeros(2, np.float32), np.zeros(2))
    assert not row.passed and "dtype float32 vs float64" in row.note
    rows = rows_for({"a": np.zeros(1)}, {"a": np.zeros(1), "b": np.zeros(1)})
    assert [r.passed for r in rows] == [True, False] and "only tfimpl" in rows[1].note
    (row,) = rows_for(np.array([np.nan, 1.0]), np.array([0.0, 1.0]))
    assert not row.passed and "non-finite" in row.note
    (row,) = rows_for(np.array([np.inf, 1.0]), np.array([np.inf, 1.0]))
    assert row.passed and "identical non-finite" in row.note


def test_failure_message_names_leaf_and_numbers():
    rows = rows_for({"dW2": np.ones((2, 2))}, {"dW2": np.ones((2, 2)) * 2})
    with pytest.raises(AssertionError) as err:
        checker.assert_pass(rows)
    text = str(err.value)
    assert "dW2" in text and "1.00e+00" in text and "5.00e-01" in text and "FAIL" in text


def test_tolerances_scale_with_dtype_reduction_and_steps():
    f64 = tolerances.tolerance("float64", "reduction", n=100)
    assert f64 == 16 * np.finfo(np.float64).eps * 10
    assert tolerances.tolerance("float32", "reduction", n=100) > 1e8 * f64
    assert tolerances.tolerance("float64", "trajectory", n=100, steps=10) == 10 * f64
    assert tolerances.tolerance("float64", "elementwise", n=10**6) == 16 * np.finfo(float).eps
    assert all(reason for _, reason in tolerances.TABLE.values())
    with pytest.raises(KeyError, match="no tolerance for dtype 'float16'"):
        tolerances.tolerance("float16", "reduction")


def test_every_case_is_well_formed_and_names_are_unique():
    cases = all_cases()
    names = [c.name for c in cases]
    assert len(names) == len(set(names))
    for c in cases:
        assert c.check in ("forward", "gradient", "step", "trajectory"), c.name
        assert c.kind in tolerances.KINDS, c.name
        assert set(c.dtypes) <= {"float64", "float32"}, c.name


def test_every_twin_module_has_cases_and_every_case_module_has_wrong_variants():
    by_module = {}
    for c in all_cases():
        by_module.setdefault(c.module, []).append(c)
    for module, cases in by_module.items():
        assert sum(len(c.mutants) for c in cases) >= 1, module


def _always_wrong(Z):
    return Z + 1


BROKEN = ParityCase("activations.relu", "forward", "activations",
                    lambda rng, dtype: {"Z": np.ones((2, 2), dtype)}, lambda m, i: m.relu(i["Z"]),
                    randomized=False, mutants=(Mutant("plus one", "adds 1", "relu", _always_wrong),))


def test_a_mutant_run_changes_only_the_scratch_side():
    rows = run_case(BROKEN, "float64", mutant=BROKEN.mutants[0])
    assert rows[0].component == "activations.relu~plus one"
    assert not rows[0].passed and rows[0].max_abs == 1.0


def test_report_exit_code_and_json_views(monkeypatch, capsys):
    from dlparity import cli

    monkeypatch.setattr(report, "all_cases", lambda: [BROKEN])
    assert cli.main(["report", "--mutants"]) == 0
    out = capsys.readouterr().out
    assert "CAUGHT" in out and "all PASS" in out
    assert cli.main(["report", "--json", "--mutants"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"component", "check", "dtype", "max_abs", "max_rel", "tolerance", "status"} <= set(
        data["rows"][0])
    assert [r["status"] for r in data["rows"]] == ["PASS", "PASS", "PASS", "PASS"]

    wrong = ParityCase("activations.relu", "forward", "activations",
                       lambda rng, dtype: {"Z": np.ones((2, 2), dtype)},
                       lambda m, i: m.relu(i["Z"]) if m.__name__ == "scratch.activations"
                       else m.relu(i["Z"]) * 2, randomized=False)
    monkeypatch.setattr(report, "all_cases", lambda: [wrong])
    assert cli.main(["report", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["rows"][0]["status"] == "FAIL" and data["rows"][0]["max_abs"] == 1.0

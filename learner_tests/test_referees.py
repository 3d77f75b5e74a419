"""Who referees `dl-parity check`, and `dl-parity report` without TensorFlow.

In the numpy environment (no TensorFlow) these tests take the scratch-only path as it is; in the
parity environment the default runs both referees, and the scratch-only path is reached by
making TensorFlow look absent (`referees.tf_installed`). The referees' disagreement (a broken TF
twin) is caught in parity_tests/test_check_referees.py, which needs TensorFlow.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dlparity import checker, cli
from dlparity.cases import MUTANT_SEED, Mutant, case_named
from dlparity.learner import referees
from dlparity.learner.checking import check_file, format_result
from dlparity.report import planned, verdict
from dlparity.scratch_only import NOT_RUN, run_scratch_only, run_variant

FIXTURES = Path(__file__).parent / "fixtures"
LOGISTIC = FIXTURES / "logistic_export.py"
TF = referees.tf_installed()


def run_cli(*argv):
    completed = subprocess.run([sys.executable, "-m", "dlparity.cli", *argv],
                               capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return completed.returncode, completed.stdout, completed.stderr


@pytest.fixture
def no_tensorflow(monkeypatch):
    """TensorFlow looks absent to the check and the report (it is, in the numpy environment)."""
    monkeypatch.setattr(referees, "tf_installed", lambda: False)


# --- dl-parity check ------------------------------------------------------------------------
def test_the_default_referees_are_both_exactly_where_tensorflow_is_installed():
    status, out, err = run_cli("check", str(LOGISTIC), "--as", "logistic", "--json",
                               "--only", "sigmoid,propagate")
    assert status == 0, err
    result = json.loads(out)
    if TF:
        assert result["referees"] == ["scratch", "tf"] and result["referee_disagreements"] == 0
        for row in result["rows"]:
            assert row["referees"]["scratch"] == row["referees"]["tf"] == "PASS"
            assert row["referees"]["agree"] is True
            assert row["referees"]["max_rel"] <= row["tolerance"]
    else:
        assert result["referees"] == ["scratch"]
        assert result["referee_note"] == referees.SCRATCH_ONLY
        assert [row["referees"] for row in result["rows"]] == [{"scratch": "PASS"}] * 2


def test_without_tensorflow_the_check_decides_with_scratch_and_says_so(no_tensorflow, tmp_path):
    path = tmp_path / "mine.py"
    path.write_text(LOGISTIC.read_text().replace("dw = np.dot(X, (A - Y).T) / m",
                                                 "dw = np.dot(X, (A - Y).T)"))
    result = check_file(path, "logistic", only=["sigmoid", "propagate"])
    assert [(r.function, r.status) for r in result.rows] == [("sigmoid", "PASS"),
                                                             ("propagate", "FAIL")]
    assert result.referees == ("scratch",)
    text = format_result(result)
    assert ("referee: scratch (NumPy) only; install dl-parity[tf] for the TensorFlow referee"
            in text.splitlines())
    assert result.as_dict()["referees"] == ["scratch"]


def test_referee_scratch_is_honoured_and_said():
    status, out, _ = run_cli("check", str(LOGISTIC), "--as", "logistic", "--only", "sigmoid",
                             "--referee", "scratch")
    assert status == 0
    assert "referee: scratch (NumPy) only (--referee scratch)" in out.splitlines()


@pytest.mark.skipif(TF, reason="TensorFlow is installed: --referee both can run")
def test_referee_both_without_tensorflow_is_one_line_naming_the_install():
    status, out, err = run_cli("check", str(LOGISTIC), "--as", "logistic", "--referee", "both")
    assert status == 2 and out == ""
    assert err.strip().splitlines() == [
        'dl-parity check: error: --referee both needs TensorFlow, which is not installed: '
        'pip install "dl-parity[tf]" (or --referee scratch)']


def test_a_table_without_the_swappable_reference_is_unchanged_by_refereeing():
    from dlparity.learner.assignments import course1
    before = course1.ref_logistic
    with pytest.raises(RuntimeError), referees.refereeing("scratch"):
        raise RuntimeError("restored after an error")
    assert course1.ref_logistic is before


# --- dl-parity report without TensorFlow -----------------------------------------------------
def test_report_without_tensorflow_runs_the_wrong_variants_against_scratch(no_tensorflow, capsys):
    status = cli.main(["report", "--json", "--dtype", "float64"])
    captured = capsys.readouterr()
    assert status == 0
    assert captured.err.strip().splitlines() == [NOT_RUN]
    document = json.loads(captured.out)
    assert document["tensorflow"] is False and "dl-parity[tf]" in document["not_run"]
    expected = [f"{case.component}~{m.name}" for case, dtype in planned(dtypes=["float64"])
                for m in case.mutants]
    assert [row["component"] for row in document["rows"]] == expected
    assert all(row["caught"] and row["status"] == "PASS" for row in document["rows"])


def test_report_without_tensorflow_prints_a_table_and_a_count(no_tensorflow, capsys):
    assert cli.main(["report", "--dtype", "float32"]) == 0
    out = capsys.readouterr().out
    count = sum(len(case.mutants) for case, _ in planned(dtypes=["float32"]))
    assert f"{count} wrong variants against scratch: all CAUGHT" in out
    assert "Traceback" not in out


def test_a_variant_equal_to_scratch_is_missed_so_the_scratch_only_check_can_fail():
    from scratch import logistic
    case = case_named("logistic.propagate:gradient")
    same = Mutant("the kernel itself", "scratch's own _propagate", "_propagate",
                  logistic._propagate)
    rows = run_variant(case, "float64", same, MUTANT_SEED)
    assert all(r.passed and r.max_rel == 0.0 for r in rows)
    assert verdict(checker.summarize(rows)) == "FAIL"
    (caught,) = run_scratch_only([(case, "float64")])[:1]
    assert verdict(caught) == "PASS"                     # the case's own first variant

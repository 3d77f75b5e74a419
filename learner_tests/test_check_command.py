"""The `dl-parity check` command: one file (table or JSON, exit 0 / 1 / 2) and batch mode (a
folder of submissions, each in its own process, a CSV or JSON summary)."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dlparity import cli

FIXTURES = Path(__file__).parent / "fixtures"
LOGISTIC = (FIXTURES / "logistic_export.py").read_text()
PROPAGATE_HEAD = "def propagate(w, b, X, Y):\n"


def run_cli(*argv):
    """(exit status, stdout, stderr) of `python -m dlparity.cli check ...` in its own process."""
    completed = subprocess.run([sys.executable, "-m", "dlparity.cli", "check", *argv],
                               capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return completed.returncode, completed.stdout, completed.stderr


def test_a_correct_file_exits_0_with_a_row_per_function():
    status, out, _ = run_cli(str(FIXTURES / "logistic_export.py"), "--as", "logistic")
    assert status == 0
    for function in ("sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict",
                     "model"):
        assert any(line.split()[:2] == [function, "PASS"] for line in out.splitlines()), out
    assert "6 PASS, 0 FAIL" in out


def test_a_bug_exits_1_and_the_json_names_leaf_and_cause(tmp_path):
    path = tmp_path / "mine.py"
    path.write_text(LOGISTIC.replace("dw = np.dot(X, (A - Y).T) / m", "dw = np.dot(X, (A - Y).T)"))
    status, out, _ = run_cli(str(path), "--as", "logistic", "--json", "--only", "propagate")
    assert status == 1
    (row,) = json.loads(out)["rows"]
    assert (row["function"], row["status"], row["leaf"]) == ("propagate", "FAIL", "grads.dw")
    assert row["cause"] == "grads.dw: a missing 1/m (ratio m = 7)"


def test_the_learners_prints_never_enter_the_json(tmp_path):
    path = tmp_path / "mine.py"
    path.write_text(LOGISTIC.replace(PROPAGATE_HEAD, PROPAGATE_HEAD + "    print('{oops')\n"))
    status, out, _ = run_cli(str(path), "--as", "logistic", "--json")
    assert status == 0
    assert json.loads(out)["status"] == "PASS"


@pytest.mark.parametrize("name,text,words", [
    ("broken.py", "def propagate(w, b:\n", "broken.py: line 1:"),
    ("missing.py", None, "missing.py: no such file"),
])
def test_a_file_that_cannot_be_checked_exits_2_with_one_line(tmp_path, name, text, words):
    path = tmp_path / name
    if text is not None:
        path.write_text(text)
    status, out, err = run_cli(str(path), "--as", "logistic")
    assert status == 2 and out == ""
    assert err.strip().startswith("dl-parity check: ") and words in err
    assert len(err.strip().splitlines()) == 1


def test_the_exit_status_is_never_0_when_the_learners_code_exits_0(tmp_path):
    path = tmp_path / "mine.py"
    path.write_text(LOGISTIC.replace(PROPAGATE_HEAD, PROPAGATE_HEAD + "    import os\n"
                                     "    os._exit(0)\n"))
    status, out, _ = run_cli(str(path), "--as", "logistic", "--json", "--only", "propagate")
    assert status == 1
    (row,) = json.loads(out)["rows"]
    assert (row["status"], row["cause"]) == ("ERROR", "ended the process with exit status 0")


def test_a_folder_of_submissions_is_checked_each_on_its_own(tmp_path, capsys):
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "alice.py").write_text(LOGISTIC)
    (folder / "bob.py").write_text(LOGISTIC.replace("dw = np.dot(X, (A - Y).T) / m",
                                                    "dw = np.dot(X, (A - Y).T)"))
    (folder / "carol.py").write_text(LOGISTIC.replace(PROPAGATE_HEAD, PROPAGATE_HEAD
                                                      + "    import os\n    os._exit(0)\n"))
    (folder / "dave.py").write_text("def propagate(:\n")
    (folder / ".ipynb_checkpoints").mkdir()
    (folder / ".ipynb_checkpoints" / "alice-checkpoint.py").write_text(LOGISTIC)
    summary = tmp_path / "results.csv"
    status = cli.main(["check", str(folder), "--as", "logistic", "--jobs", "2", "--json",
                       "--summary", str(summary)])
    assert status == 2                                   # dave's file could not be checked
    results = {Path(r["file"]).name: r for r in json.loads(capsys.readouterr().out)["submissions"]}
    assert sorted(results) == ["alice.py", "bob.py", "carol.py", "dave.py"]
    assert [results[n]["status"] for n in sorted(results)] == ["PASS", "FAIL", "FAIL",
                                                               "UNREADABLE"]
    alone = json.loads(run_cli(str(folder / "bob.py"), "--as", "logistic", "--json")[1])
    assert [(r["function"], r["status"]) for r in alone["rows"]] == [
        (r["function"], r["status"]) for r in results["bob.py"]["rows"]]
    with summary.open() as f:
        lines = list(csv.DictReader(f))
    assert len(lines) == 3 * 6 + 1
    carol = {line["function"]: line for line in lines if line["file"].endswith("carol.py")}
    assert carol["propagate"]["status"] == "ERROR"
    assert carol["predict"]["status"] == "PASS"


def test_the_assignments_offered_are_the_course_modules():
    from conventions.vocabulary import COURSE_MODULES
    from dlparity.learner.assignments import MODULES

    check = cli.build_parser()._subparsers._group_actions[0].choices["check"]
    (module,) = [a for a in check._actions if a.dest == "module"]
    assert tuple(module.choices) == COURSE_MODULES == tuple(MODULES)

"""`dl-parity check FILE --as MODULE`: someone's own NumPy code against the TF twin."""

import json
from pathlib import Path

import pytest

import scratch.logistic
from conventions import vocabulary
from dlparity import cli

SOURCE = Path(scratch.logistic.__file__).read_text()


def test_a_correct_implementation_passes(tmp_path, capsys):
    path = tmp_path / "mine.py"
    path.write_text(SOURCE)
    assert cli.main(["check", str(path), "--as", "logistic"]) == 0
    assert "all PASS" in capsys.readouterr().out


def test_a_missing_one_over_m_is_reported_where_and_by_how_much(tmp_path, capsys):
    path = tmp_path / "mine.py"
    buggy = SOURCE.replace("dw = 1 / m * (X @ (A - Y).T)", "dw = X @ (A - Y).T")
    assert buggy != SOURCE
    path.write_text(buggy)
    assert cli.main(["check", str(path), "--as", "logistic", "--json"]) == 1
    rows = json.loads(capsys.readouterr().out)["rows"]
    failed = {(r["component"], r["leaf"]) for r in rows if r["status"] == "FAIL"}
    assert ("logistic.propagate", "[0].dw") in failed
    worst = next(r for r in rows if r["component"] == "logistic.propagate")
    assert worst["max_rel"] > 0.5        # dw is m times too large: relative difference 1 - 1/m


def test_a_missing_function_is_a_named_failure_not_a_crash(tmp_path, capsys):
    path = tmp_path / "mine.py"
    path.write_text(SOURCE.replace("def predict(", "def predict_renamed("))
    assert cli.main(["check", str(path), "--as", "logistic"]) == 1
    out = capsys.readouterr().out
    assert "AttributeError" in out and "predict" in out


@pytest.mark.parametrize("make_path,message", [
    (lambda tmp_path: tmp_path / "missing.py", "no such file: '{path}'"),
    (lambda tmp_path: tmp_path, "expected a .py file, got the directory '{path}'"),
], ids=["missing", "directory"])
def test_a_file_that_is_not_there_is_an_argument_error(tmp_path, capsys, make_path, message):
    path = make_path(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["check", str(path), "--as", "logistic"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"dl-parity check: error: argument file: {message.format(path=path)}")


def test_the_module_choices_are_the_course_vocabulary(tmp_path, capsys):
    path = tmp_path / "mine.py"
    path.write_text(SOURCE)
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["check", str(path), "--as", "optimization"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    choices = err.splitlines()[-1].split("choose from", 1)[1]
    assert [name for name in vocabulary.COURSE_MODULES if name in choices] == list(
        vocabulary.COURSE_MODULES)

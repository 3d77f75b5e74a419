"""`dl-parity check FILE --as MODULE`: someone's own NumPy code against the TF twin."""

import json
from pathlib import Path

import scratch.logistic
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

"""`dl-parity tune`: the sorted table, reproducibility by seed, the TF twin printing the same
table, the progress bar (a terminal only), --plot's PNG, help text and argument errors; and
`dl-parity check --as tuning` saying there is no assignment to check."""

import io
import re

import pytest

from dlparity import tuning_command
from dlparity.cli import build_parser, main

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
QUICK = ("--trials", "3", "--rounds", "2", "--epochs", "2")


def rows(out):
    """[(trial, round, learning_rate, beta1, n_h, train_acc, dev_acc)] from the table."""
    found = []
    for line in out.splitlines():
        match = re.match(r"^\s+\d+\s+(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\S+)", line)
        if match:
            found.append(tuple(float(g) for g in match.groups()))
    return found


def test_the_table_lists_every_trial_sorted_by_dev_accuracy(capsys):
    assert main(["tune", *QUICK]) == 0
    out, err = capsys.readouterr()
    table = rows(out)
    assert len(table) == 6 and sorted(r[0] for r in table) == list(range(6))
    assert [r[6] for r in table] == sorted((r[6] for r in table), reverse=True)
    assert {r[1] for r in table} == {0, 1}
    assert "round 0: learning_rate [0.0001, 1] (log), beta1 [0.8, 0.999] (log_one_minus)" in out
    assert err == ""                                  # not a terminal: no progress bar


def test_the_same_seed_prints_the_same_table_and_another_seed_another(capsys):
    main(["tune", *QUICK, "--seed", "3"])
    first = capsys.readouterr().out.split("\n", 1)[1]
    main(["tune", *QUICK, "--seed", "3"])
    assert capsys.readouterr().out.split("\n", 1)[1] == first
    main(["tune", *QUICK, "--seed", "4"])
    assert capsys.readouterr().out.split("\n", 1)[1] != first


def test_the_tf_twin_prints_the_same_table(capsys):
    pytest.importorskip("tensorflow")
    argv = ["tune", "--trials", "2", "--rounds", "1", "--epochs", "1", "--top", "2"]
    main(argv)
    scratch = capsys.readouterr().out.split("\n", 1)[1]
    main([*argv, "--impl", "tf"])
    assert capsys.readouterr().out.split("\n", 1)[1] == scratch


def test_a_terminal_gets_a_progress_bar(capsys, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["tune", *QUICK]) == 0
    assert "tune [" in terminal.getvalue() and "6/6" in terminal.getvalue()


def test_plot_writes_a_png(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    path = tmp_path / "search.png"
    assert main(["tune", *QUICK, "--plot", str(path)]) == 0
    assert path.read_bytes()[:8] == PNG_MAGIC
    assert f"plot: {path}" in capsys.readouterr().out


def test_a_bad_plot_path_is_refused_before_any_training(tmp_path, capsys):
    assert main(["tune", *QUICK, "--plot", str(tmp_path / "search.jpg")]) == 2
    assert "expected a file name ending in .png" in capsys.readouterr().err


def test_help_has_an_example(capsys):
    with pytest.raises(SystemExit):
        main(["tune", "--help"])
    out = capsys.readouterr().out
    assert "Example: dl-parity tune --trials 20 --rounds 2 --plot search.png" in " ".join(out.split())
    assert "--plot FILE.png" in out


@pytest.mark.parametrize("argv,message", [
    (("--trials", "0"), "argument --trials: expected a positive integer, got 0"),
    (("--seed", "-1"), "argument --seed: expected an integer in 0 .. 4294967295"),
    (("--dataset", "cat"), "argument --dataset: invalid choice: 'cat'"),
])
def test_bad_options_are_errors_naming_them(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["tune", *argv])
    assert exit_.value.code == 2 and message in capsys.readouterr().err


def test_the_search_space_is_the_notes_scales():
    assert tuning_command.SPACE["learning_rate"][0] == "log"
    assert tuning_command.SPACE["beta1"][0] == "log_one_minus"
    assert "tune" in build_parser()._subparsers._group_actions[0].choices


def test_check_says_the_course_has_no_tuning_assignment(tmp_path, capsys):
    path = tmp_path / "mine.py"
    path.write_text("def f():\n    return 1\n")
    assert main(["check", str(path), "--as", "tuning"]) == 2
    assert "the course has no NumPy assignment for 'tuning'" in capsys.readouterr().err

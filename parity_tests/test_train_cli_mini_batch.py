"""`dl-parity train` for course 2's mini-batch networks: the softmax model and deep --batchnorm
side by side (scratch, tf, Keras fit; the bound counts updates), and their argument errors. The
curve contract for them is in test_train_cli.py's parametrised test."""

import re

import pytest

from dlparity.cli import main

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def run_cli(capsys, *argv):
    status = main(["train", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def assert_twins_agree(out, impls):
    """Every implementation printed the same final cost and accuracies, and each difference line
    is within the float64 trajectory bound."""
    rows = {}
    for line in out.splitlines():
        match = re.match(r"^(scratch|tf|keras)\s+([\d.]+)\s+([\d.]+) %", line)
        if match:
            rows[match[1]] = (float(match[2]), float(match[3]))
    assert sorted(rows) == sorted(impls), out
    assert len(set(rows.values())) == 1, rows
    lines = [line for line in out.splitlines() if line.startswith("max parameter difference")]
    assert len(lines) == len(impls) - 1
    assert all("within the float64 trajectory bound" in line for line in lines), lines


def test_softmax_both_on_the_six_class_blobs_with_plot(capsys, tmp_path):
    """Course 2's softmax network on mini-batches (Adam), scratch, tf and Keras fit side by side;
    the bound counts updates (epochs x mini-batches per epoch)."""
    png = tmp_path / "softmax.png"
    status, out, err = run_cli(capsys, "softmax", "--impl", "both", "--iterations", "3",
                               "--plot", str(png))
    assert status == 0
    assert "layers [2, 8, 8, 6]" in out and "relu -> relu -> softmax" in out
    assert "blobs, 6 classes" in out
    assert "mini-batches of 64 (12 updates: iterations are epochs), optimizer adam" in out
    assert_twins_agree(out, ["scratch", "tf", "keras"])
    assert png.read_bytes()[:8] == PNG_MAGIC


def test_deep_batchnorm_both_on_a_2d_set(capsys):
    status, out, err = run_cli(capsys, "deep", "--batchnorm", "--impl", "both", "--dataset",
                               "noisy_moons", "--layers", "2", "5", "3", "1", "--iterations", "3")
    assert status == 0
    assert "batch norm before each hidden activation" in out
    assert_twins_agree(out, ["scratch", "tf", "keras"])
    assert "3/3" in err


@pytest.mark.parametrize("argv,message", [
    (("shallow", "--batchnorm"), "--batchnorm applies to the deep model only"),
    (("deep", "--batchnorm", "--dataset", "flower", "--layers", "2", "1"),
     "--batchnorm: expected at least one hidden layer"),
    (("softmax", "--layers", "2", "8", "3"),
     "the last size must be the number of classes, and the blobs data has 6; got 3"),
])
def test_mini_batch_model_errors_name_the_option(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["train", *argv, "--impl", "scratch"])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err

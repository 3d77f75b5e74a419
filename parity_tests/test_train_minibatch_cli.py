"""`dl-parity train deep` with mini-batches (the optimisation assignment's model): both twins side
by side on the course's moons, the summary and plot, --save / --resume continuing bit for bit, and
every option's error naming it. Runs are short (a few hundred epochs at most)."""

import re

import numpy as np
import pytest

from conventions import minibatch_training
from dlparity.cli import main

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def run_cli(capsys, *argv):
    status = main(["train", "deep", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def final_costs(out):
    return {m.group(1): m.group(2) for m in
            (re.match(r"^(scratch|tf)\s+([\d.]+)\s", line) for line in out.splitlines()) if m}


def test_both_twins_with_adam_on_the_moons(capsys, tmp_path):
    plot = tmp_path / "curves.png"
    status, out, err = run_cli(capsys, "--impl", "both", "--optimizer", "adam", "--epochs", "120",
                               "--plot", str(plot))
    assert status == 0, err
    assert "moons of the course-2 optimisation assignment (300 points" in out
    assert "optimizer adam beta1 0.9, beta2 0.999, epsilon 1e-08, mini-batches of 64" in out
    assert "learning rate 0.0007, 120 epochs, initial weights: seed 3, scale he" in out
    costs = final_costs(out)
    assert set(costs) == {"scratch", "tf"} and costs["scratch"] == costs["tf"]
    assert "within the float64 trajectory bound" in out
    assert " 100/120 " in err                         # the progress bar, per epoch
    assert plot.read_bytes().startswith(PNG_MAGIC)


def test_save_then_resume_equals_one_straight_run(capsys, tmp_path):
    first, second = tmp_path / "first.h5", tmp_path / "second.h5"
    settings = ["--impl", "scratch", "--optimizer", "momentum", "--decay", "inverse_time",
                "--decay-rate", "0.5", "--lr", "0.05"]
    assert run_cli(capsys, *settings, "--epochs", "7", "--save", str(first))[0] == 0
    status, out, err = run_cli(capsys, *settings, "--epochs", "5", "--resume", str(first),
                               "--save", str(second))
    assert status == 0, err
    assert f"resumed from {first} at epoch 7" in out
    straight = tmp_path / "straight.h5"
    assert run_cli(capsys, *settings, "--epochs", "12", "--save", str(straight))[0] == 0
    a = minibatch_training.load_checkpoint(second)
    b = minibatch_training.load_checkpoint(straight)
    assert a["epoch"] == b["epoch"] == 12 and a["optimizer"]["t"] == b["optimizer"]["t"] == 60
    for name, value in b["parameters"].items():
        assert np.array_equal(a["parameters"][name], value)
    for name, value in b["optimizer"]["v"].items():
        assert np.array_equal(a["optimizer"]["v"][name], value)


def test_save_with_both_twins_writes_one_file_each(capsys, tmp_path):
    path = tmp_path / "run.h5"
    status, _, err = run_cli(capsys, "--impl", "both", "--optimizer", "rmsprop", "--epochs", "3",
                             "--save", str(path))
    assert status == 0, err
    for impl in ("scratch", "tf"):
        saved = minibatch_training.load_checkpoint(tmp_path / f"run-{impl}.h5")
        assert saved["epoch"] == 3 and set(saved["optimizer"]) == {"s", "t"}


@pytest.mark.parametrize("argv, message", [
    (["--optimizer", "gd", "--beta", "0.9"],
     "--beta: used by momentum and rmsprop only, not by --optimizer gd"),
    (["--optimizer", "momentum", "--beta1", "0.9"], "--beta1: used by adam only"),
    (["--optimizer", "gd", "--epsilon", "1e-8"], "--epsilon: used by rmsprop and adam only"),
    (["--optimizer", "adam", "--decay-rate", "2"], "--decay-rate: give --decay"),
    (["--decay", "exponential", "--decay-rate", "1.5"], "expected 0 < R <= 1, got 1.5"),
    (["--optimizer", "adam", "--iterations", "5"], "--iterations: mini-batch training counts"),
    (["--optimizer", "momentum", "--beta", "1"],
     "argument --beta: expected a number in [0, 1), got 1"),
    (["--beta2", "-0.1"], "argument --beta2: expected a number in [0, 1), got -0.1"),
    (["--epsilon", "nan"], "argument --epsilon: expected a finite number >= 0, got nan"),
    (["--mini-batch", "0"], "argument --mini-batch: expected a positive integer, got 0"),
    (["--epochs", "1.5"], "argument --epochs: expected a positive integer, got '1.5'"),
    (["--optimizer", "sgd"], "argument --optimizer: invalid choice: 'sgd'"),
    (["--decay", "cosine"], "argument --decay: invalid choice: 'cosine'"),
    (["--save", "run.txt"], "--save: expected a .h5 file name"),
    (["--save", "/no/such/folder/run.h5"], "--save: the folder '/no/such/folder' does not exist"),
    (["--resume", "/no/such/file.h5"], "--resume: no such file: /no/such/file.h5"),
])
def test_bad_minibatch_options_are_named(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "deep", "--impl", "both", *argv])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_the_options_belong_to_deep_and_to_the_twins(capsys):
    for argv, message in ((["shallow", "--impl", "both", "--optimizer", "adam"],
                           "--optimizer: mini-batch training applies to the deep model only"),
                          (["deep", "--impl", "keras", "--epochs", "3"],
                           "--impl keras: mini-batch training runs the twins' model")):
        with pytest.raises(SystemExit):
            main(["train", *argv])
        assert message in capsys.readouterr().err


def test_resuming_with_another_optimizer_or_dtype_is_refused(capsys, tmp_path):
    path = tmp_path / "adam.h5"
    assert run_cli(capsys, "--impl", "scratch", "--optimizer", "adam", "--epochs", "2",
                   "--save", str(path))[0] == 0
    for argv, message in ((["--optimizer", "momentum"], "optimizer 'momentum' keeps v (besides "
                                                        "t), the checkpoint holds v and s"),
                          (["--optimizer", "adam", "--dtype", "float32"],
                           "the file holds float64 weights; give --dtype float64"),
                          (["--optimizer", "adam", "--seed", "1"], "leave out --layers, --seed")):
        with pytest.raises(SystemExit):
            main(["train", "deep", "--impl", "scratch", "--resume", str(path), *argv])
        assert message in capsys.readouterr().err

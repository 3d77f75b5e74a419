"""`dl-parity train deep` with course 2's options: --init (every initialiser of the course),
--lambd and --keep-prob (regularization.model in scratch and tf: the same progress, accuracies,
twins' difference and --plot as every run), --dataset circles and football; every bad value or
combination an argument error with its message. Short runs on built-in data; the football run
needs the course's file (real_data, skipped with the reason when absent)."""

import numpy as np
import pytest

from conventions.datasets import find_data_dir
from conventions.planar_datasets import FOOTBALL_FILE
from dlparity.cli import build_parser, main
from dlparity.training import config as config_module
from scratch import deep, initialization

pytest.importorskip("tensorflow")
from parity_tests.test_train_cli import PNG_MAGIC, assert_twins_agree, run_cli, table  # noqa: E402


def _config(*argv):
    return config_module.configure(build_parser().parse_args(["train", "deep", *argv]))


def test_circles_with_l2_and_per_layer_dropout_in_both_twins_with_plot(capsys, tmp_path):
    png = tmp_path / "circles.png"
    status, out, err = run_cli(capsys, "deep", "--impl", "both", "--dataset", "circles",
                               "--iterations", "1001", "--lambd", "0.3", "--keep-prob", "0.9",
                               "0.8", "--plot", str(png))
    assert status == 0, err
    assert "layers [2, 10, 5, 1]" in out and "learning rate 0.01" in out and "seed 3" in out
    assert "regularisation: L2 lambd 0.3, dropout keep_prob 0.9, 0.8" in out
    assert_twins_agree(out, ["scratch", "tf"])                 # no Keras fit path here
    assert table(out)["scratch"][2] is not None                # circles have a test set
    assert png.read_bytes()[:8] == PNG_MAGIC


def test_one_keep_prob_applies_to_every_hidden_layer_and_lambd_alone_trains(capsys):
    assert _config("--dataset", "circles", "--impl", "scratch", "--keep-prob", "0.7").keep_prob \
        == [0.7, 0.7]
    status, out, _ = run_cli(capsys, "deep", "--impl", "both", "--dataset", "circles",
                             "--iterations", "50", "--lambd", "0.7")
    assert status == 0 and "regularisation: L2 lambd 0.7, no dropout" in out
    assert_twins_agree(out, ["scratch", "tf"])


@pytest.mark.parametrize("init", ["zeros", "random", "he", "xavier", "glorot_normal",
                                  "glorot_uniform"])
def test_every_init_is_the_courses_initialiser(init):
    config = _config("--dataset", "circles", "--impl", "scratch", "--init", init)
    layers, seed = [2, 10, 5, 1], 3
    if init == "zeros":
        expected = initialization.initialize_parameters_zeros(layers)
    elif init in ("he", "xavier"):
        # deep's scales (xavier as randn / sqrt(n_prev), the form of reg_utils and course 1):
        # course 2's initialisers on the same draws, within one rounding of sqrt(1 / n) vs 1/sqrt(n)
        expected = deep.initialize_parameters_deep(layers, init, seed=seed)
        course2 = getattr(initialization, f"initialize_parameters_{init}")(layers, seed=seed)
        for k, v in expected.items():
            np.testing.assert_allclose(v, course2[k], rtol=2 * np.finfo(float).eps, atol=0)
    else:
        expected = getattr(initialization, f"initialize_parameters_{init}")(layers, seed=seed)
    assert config.init == init and sorted(config.initial) == sorted(expected)
    for k, v in expected.items():
        assert np.array_equal(config.initial[k], v), (init, k)


def test_the_zeros_run_keeps_every_hidden_unit_identical(capsys):
    status, out, _ = run_cli(capsys, "deep", "--impl", "scratch", "--dataset", "circles",
                             "--init", "zeros", "--iterations", "100")
    assert status == 0 and "scale zeros" in out
    assert table(out)["scratch"][1] == 50.0                     # the course's zeros: 50 %


KEEP_RANGE = "a probability in (0, 1]"


@pytest.mark.parametrize("argv,message", [
    (("--lambd", "-1"), "argument --lambd: expected a finite number >= 0, got -1"),
    (("--lambd", "inf"), "argument --lambd: expected a finite number >= 0, got inf"),
    (("--lambd", "big"), "argument --lambd: expected a finite number >= 0, got 'big'"),
    (("--keep-prob", "0"), f"argument --keep-prob: expected {KEEP_RANGE}, got 0"),
    (("--keep-prob", "1.5"), f"argument --keep-prob: expected {KEEP_RANGE}, got 1.5"),
    (("--keep-prob", "0.9", "nan"), f"argument --keep-prob: expected {KEEP_RANGE}, got nan"),
    (("--dataset", "circles", "--keep-prob", "0.9", "0.8", "0.7"),
     "--keep-prob: expected one value or 2 (one per hidden layer of [2, 10, 5, 1]), got 3: "
     "0.9 0.8 0.7"),
    (("--dataset", "circles", "--layers", "2", "1", "--keep-prob", "0.9"),
     "--keep-prob: the network [2, 1] has no hidden layer to drop units from (dropout never "
     "applies to the output layer)"),
    (("--impl", "keras", "--lambd", "0.1"), "--lambd: --impl keras is not supported with "
     "regularisation (Keras's L2 adds l2 * sum W^2 and its Dropout draws its own masks); use "
     "--impl scratch, tf or both (both trains scratch and tf)"),
    (("--init", "glorot"), "argument --init: expected zeros, random, xavier, he, glorot_normal, "
     "glorot_uniform or a positive finite number such as 0.01, got 'glorot'"),
])
def test_bad_values_and_combinations_are_named(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "deep", *(("--impl", "scratch") if "--impl" not in argv else ()), *argv])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"dl-parity train: error: {message}"


@pytest.mark.parametrize("flag", [("--lambd", "0.1"), ("--keep-prob", "0.5")])
def test_regularisation_applies_to_the_deep_model_only(capsys, flag):
    with pytest.raises(SystemExit):
        main(["train", "shallow", "--impl", "scratch", *flag])
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"dl-parity train: error: {flag[0]} applies to the deep model only (course 2's "
        f"regularisation of the L-layer network)")


def test_football_without_its_file_is_a_clear_error(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("DLPARITY_DATA", str(tmp_path))
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "deep", "--impl", "scratch", "--dataset", "football", "--data",
              str(tmp_path)])
    assert exit_info.value.code == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith("dl-parity train: error: --dataset football: ") and FOOTBALL_FILE in last


def _football_dir():
    try:
        directory = find_data_dir(None, required_file=FOOTBALL_FILE)
    except FileNotFoundError:
        return None
    return directory if directory is not None and (directory / FOOTBALL_FILE).is_file() else None


@pytest.mark.real_data
@pytest.mark.skipif(_football_dir() is None, reason=f"{FOOTBALL_FILE} not found (set "
                    "DLPARITY_DATA or put it in ../shared/data)")
def test_football_defaults_to_the_assignments_network_and_settings(capsys):
    """A short run of the assignment's setting (the full 30000 iterations: the report's
    commands); dropout at the course's keep_prob, both twins."""
    status, out, err = run_cli(capsys, "deep", "--impl", "both", "--dataset", "football",
                               "--keep-prob", "0.86", "--iterations", "1001")
    assert status == 0, err
    assert "layers [2, 20, 3, 1]" in out and "learning rate 0.3" in out
    assert "seed 3, scale xavier" in out and "211 train examples, 200 test examples" in out
    assert_twins_agree(out, ["scratch", "tf"])

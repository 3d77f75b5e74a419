"""`dl-parity train`: each model side by side (exit code, output lines, the PNG), one call of the
twin's entry point per implementation (the curve at the course's interval), argument errors with
their exact messages, a diverging run without NumPy's warnings, the missing-matplotlib message,
the progress bar.

Runs are short (a few to a few hundred iterations) so the whole file stays fast; the cat data is
forced to the built-in synthetic set so the output does not depend on the course's files.
"""

import io
import os
import re
import subprocess
import sys
import warnings

import numpy as np
import pytest

from conventions import vocabulary
from dlparity.cli import build_parser, main
from dlparity.training import command, implementations, options, summary, trainer
from dlparity.training import config as config_module
from dlparity.training.progress import Progress

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def run_cli(capsys, *argv):
    status = main(["train", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def table(out):
    """{impl: (final cost, train accuracy, test accuracy or None)} from the summary table."""
    rows = {}
    for line in out.splitlines():
        match = re.match(r"^(scratch|tf|keras)\s+([\d.]+)\s+([\d.]+) %\s+(?:([\d.]+) %|-)", line)
        if match:
            impl, cost, train_acc, test_acc = match.groups()
            rows[impl] = (float(cost), float(train_acc), None if test_acc is None
                          else float(test_acc))
    return rows


def difference_lines(out):
    return [line for line in out.splitlines() if line.startswith("max parameter difference")]


def assert_twins_agree(out, impls):
    rows = table(out)
    assert sorted(rows) == sorted(impls), out
    first = rows[impls[0]]
    for impl in impls[1:]:
        assert rows[impl] == first, f"{impl} printed {rows[impl]}, {impls[0]} {first}"
    lines = difference_lines(out)
    assert [line.split(":")[0] for line in lines] == [
        f"max parameter difference {impls[0]} vs {impl}" for impl in impls[1:]]
    for line in lines:
        assert "within the float64 trajectory bound" in line, line


# --- each model, side by side --------------------------------------------------------------------
def test_logistic_both_on_cat_format_data(capsys):
    status, out, err = run_cli(capsys, "logistic", "--impl", "both", "--source", "synthetic",
                               "--iterations", "20")
    assert status == 0
    assert "built-in synthetic cat-format images" in out
    assert "layers [12288, 1]" in out
    assert_twins_agree(out, ["scratch", "tf"])
    assert table(out)["scratch"][2] is not None          # the cat task has a test set
    assert "20/20" in err and "cost" in err               # the progress report


def test_shallow_both_on_the_flower_with_plot(capsys, tmp_path):
    png = tmp_path / "shallow.png"
    status, out, err = run_cli(capsys, "shallow", "--impl", "both", "--iterations", "300",
                               "--plot", str(png))
    assert status == 0
    assert "planar flower" in out and "layers [2, 4, 1]" in out
    assert_twins_agree(out, ["scratch", "tf"])
    assert table(out)["scratch"][2] is None               # the flower has no test set
    assert f"plot written to {png}" in out
    assert png.read_bytes()[:8] == PNG_MAGIC
    assert not list(tmp_path.glob(".*"))                  # no temporary file left behind


def test_deep_both_on_cat_format_data(capsys):
    status, out, err = run_cli(capsys, "deep", "--impl", "both", "--source", "synthetic",
                               "--iterations", "4")
    assert status == 0
    assert "layers [12288, 20, 7, 5, 1]" in out and "relu -> relu -> relu -> sigmoid" in out
    assert_twins_agree(out, ["scratch", "tf", "keras"])


def test_deep_both_on_a_2d_set_draws_the_boundaries(capsys, tmp_path):
    png = tmp_path / "moons.png"
    status, out, err = run_cli(capsys, "deep", "--impl", "both", "--dataset", "noisy_moons",
                               "--layers", "2", "5", "3", "1", "--activation", "tanh",
                               "--iterations", "150", "--lr", "0.5", "--plot", str(png))
    assert status == 0
    assert "tanh -> tanh -> sigmoid" in out
    assert_twins_agree(out, ["scratch", "tf", "keras"])
    assert png.read_bytes()[:8] == PNG_MAGIC


def test_keras_fit_path_alone_trains_the_shallow_network(capsys):
    status, out, err = run_cli(capsys, "shallow", "--impl", "keras", "--iterations", "30")
    assert status == 0
    assert sorted(table(out)) == ["keras"]
    assert not difference_lines(out)


def test_float32_run_reports_the_float32_bound(capsys):
    status, out, err = run_cli(capsys, "logistic", "--impl", "both", "--dataset", "flower",
                               "--dtype", "float32", "--iterations", "50")
    assert status == 0
    [line] = difference_lines(out)
    assert "within the float32 trajectory bound" in line


def test_scratch_alone_needs_no_tensorflow():
    code = ("import sys; sys.modules['tensorflow'] = None; sys.modules['keras'] = None\n"
            "from dlparity.cli import main\n"
            "sys.exit(main(['train', 'shallow', '--impl', 'scratch', '--iterations', '20']))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert sorted(table(done.stdout)) == ["scratch"]


# --- one entry-point call per implementation ------------------------------------------------------
def configure(*argv):
    return config_module.configure(build_parser().parse_args(["train", *argv]))


def expected_iterations(model, n):
    """The curve's points: every iteration the course records for `model`, then the final one."""
    return [i for i in range(n) if i % vocabulary.COST_EVERY[model] == 0] + [n]


@pytest.mark.parametrize("argv,impl", [
    (("logistic", "--dataset", "flower", "--iterations", "250"), "scratch"),
    (("logistic", "--dataset", "flower", "--iterations", "250"), "tf"),
    (("shallow", "--iterations", "2500"), "scratch"),
    (("shallow", "--iterations", "2500"), "tf"),
    (("shallow", "--iterations", "250"), "keras"),
    (("deep", "--dataset", "flower", "--layers", "2", "4", "1", "--iterations", "250"), "scratch"),
    (("deep", "--dataset", "flower", "--layers", "2", "4", "1", "--iterations", "250"), "tf"),
    (("deep", "--dataset", "flower", "--layers", "2", "4", "1", "--iterations", "250"), "keras"),
    (("softmax", "--iterations", "101"), "tf"),
    (("deep", "--batchnorm", "--dataset", "flower", "--layers", "2", "4", "1", "--iterations",
      "101"), "scratch"),
], ids=["logistic-scratch", "logistic-tf", "shallow-scratch", "shallow-tf", "shallow-keras",
        "deep-scratch", "deep-tf", "deep-keras", "softmax-tf", "deep-batchnorm-scratch"])
def test_the_curve_is_the_entry_points_recorded_costs_and_the_final_cost(argv, impl):
    """One call of the twin's entry point: the run ends with exactly the parameters that call
    gives on its own, and its curve holds the costs the call reports at the course's interval
    (COST_EVERY of the model) plus the cost at the final parameters."""
    config = configure(*argv, "--impl", impl)
    run = trainer.train_one(config, impl, progress_stream=io.StringIO())
    assert run.iterations == expected_iterations(config.model, config.iterations)

    reported = []
    implementation = implementations.implementation(config, impl)
    parameters = implementation.fit(lambda i, cost: reported.append((int(i), float(cost))))
    recorded = [(i, cost) for i, cost in reported
                if i % vocabulary.COST_EVERY[config.model] == 0]
    assert list(zip(run.iterations, run.costs))[:-1] == recorded
    assert run.costs[-1] == implementation.cost(parameters)
    assert set(run.parameters) == set(parameters)
    for name, value in parameters.items():
        assert np.array_equal(run.parameters[name], value), name


def test_the_cli_lists_the_course_vocabulary():
    """The choices come from conventions.vocabulary, and every trainable module has the course's
    defaults and a twin entry point."""
    parser = build_parser()
    train_parser = parser._subparsers._group_actions[0].choices["train"]
    check_parser = parser._subparsers._group_actions[0].choices["check"]
    choices = {a.dest: a.choices for a in train_parser._actions}
    assert tuple(choices["model"]) == vocabulary.TRAINABLE_MODULES
    assert tuple(choices["activation"]) == vocabulary.ACTIVATIONS
    assert tuple(next(a.choices for a in check_parser._actions if a.dest == "module")) == \
        vocabulary.COURSE_MODULES
    assert set(options.DEFAULTS) == set(vocabulary.TRAINABLE_MODULES)
    for scale in vocabulary.INIT_SCALES:
        assert options.init_scale(scale) == scale


# --- argument errors -----------------------------------------------------------------------------
@pytest.mark.parametrize("argv,message", [
    (("shallow", "--impl", "scratch", "--layers", "3", "4", "1"),
     "the flower data has n_x = 2 features; got 3"),
    (("deep", "--impl", "scratch", "--source", "synthetic", "--layers", "100", "5", "1"),
     "the cat data has n_x = 12288 (64 * 64 * 3 pixels); got 100"),
    (("shallow", "--impl", "scratch", "--layers", "2", "4", "3", "1"),
     "exactly one hidden layer"),
    (("deep", "--impl", "scratch", "--dataset", "flower", "--layers", "2", "4", "2"),
     "the last size must be 1"),
    (("logistic", "--impl", "scratch", "--dataset", "flower", "--layers", "2", "3", "1"),
     "[n_x, 1] = [2, 1]"),
    (("logistic", "--impl", "scratch", "--activation", "tanh"),
     "--activation applies to the deep model only"),
    (("shallow", "--impl", "scratch", "--plot", "curves.txt"),
     "expected a file name ending in .png"),
    (("shallow", "--impl", "scratch", "--plot", "/nonexistent/dir/curves.png"),
     "directory '/nonexistent/dir' does not exist"),
    (("shallow", "--impl", "scratch", "--dataset", "football", "--source", "synthetic"),
     "the football set has no built-in stand-in"),
    (("deep", "--impl", "scratch", "--data", "/nonexistent/data"),
     "does not exist"),
])
def test_bad_arguments_are_named_in_the_error(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["train", *argv])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err, err
    assert "usage: dl-parity train" in err


SEED_RANGE = "an integer in 0 .. 4294967295 (2**32 - 1)"
INIT_RANGE = ("zeros, random, xavier, he, glorot_normal, glorot_uniform or a positive finite number "
              "such as 0.01")


@pytest.mark.parametrize("argv,message", [
    (("--seed", "-1"), f"argument --seed: expected {SEED_RANGE}, got -1"),
    (("--seed", "4294967296"), f"argument --seed: expected {SEED_RANGE}, got 4294967296"),
    (("--seed", "1.5"), f"argument --seed: expected {SEED_RANGE}, got '1.5'"),
    (("--lr", "0"), "argument --lr: expected a positive finite number, got 0"),
    (("--lr", "-1"), "argument --lr: expected a positive finite number, got -1"),
    (("--lr", "inf"), "argument --lr: expected a positive finite number, got inf"),
    (("--lr", "nan"), "argument --lr: expected a positive finite number, got nan"),
    (("--lr", "1e400"), "argument --lr: expected a positive finite number, got 1e400"),
    (("--lr", "fast"), "argument --lr: expected a positive finite number, got 'fast'"),
    (("--iterations", "0"), "argument --iterations: expected a positive integer, got 0"),
    (("--iterations", "-5"), "argument --iterations: expected a positive integer, got -5"),
    (("--iterations", "1e3"), "argument --iterations: expected a positive integer, got '1e3'"),
    (("--layers", "2", "0", "1"), "argument --layers: expected a positive integer, got 0"),
    (("--layers", "2", "-4", "1"), "argument --layers: expected a positive integer, got -4"),
    (("--init", "0"), f"argument --init: expected {INIT_RANGE}, got 0"),
    (("--init", "-0.01"), f"argument --init: expected {INIT_RANGE}, got -0.01"),
    (("--init", "nan"), f"argument --init: expected {INIT_RANGE}, got nan"),
    (("--init", "glorot"), f"argument --init: expected {INIT_RANGE}, got 'glorot'"),
], ids=lambda value: " ".join(value) if isinstance(value, tuple) else None)
def test_a_bad_number_is_an_argparse_error_naming_option_range_and_value(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "deep", "--impl", "scratch", *argv])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines()[0].startswith("usage: dl-parity train")
    assert err.splitlines()[-1] == f"dl-parity train: error: {message}"


def test_a_damaged_course_file_is_an_argument_error_naming_it(capsys, tmp_path):
    damaged = tmp_path / "train_catvnoncat.h5"
    damaged.write_text("not an hdf5 file\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "logistic", "--impl", "scratch", "--data", str(tmp_path)])
    assert exit_info.value.code == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith(f"dl-parity train: error: --dataset cat: {damaged}: "), last
    assert "not an HDF5 file" in last, last          # the rest is conventions.datasets' message


def test_make_data_checks_its_seed_the_same_way(capsys, tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        main(["make-data", str(tmp_path), "--seed", "-1"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"dl-parity make-data: error: argument --seed: expected {SEED_RANGE}, got -1")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("seed", ["0", "4294967295"])
def test_the_ends_of_the_seed_range_are_accepted(capsys, seed):
    status, out, err = run_cli(capsys, "shallow", "--impl", "scratch", "--seed", seed,
                               "--iterations", "2")
    assert status == 0
    assert f"initial weights: seed {seed} " in out


def test_missing_matplotlib_says_how_to_install_it(capsys, monkeypatch, tmp_path):
    for name in ("matplotlib", "matplotlib.figure", "matplotlib.backends",
                 "matplotlib.backends.backend_agg"):
        monkeypatch.setitem(sys.modules, name, None)       # `import` of these now raises
    monkeypatch.setattr(command, "train_all", lambda *a, **k: pytest.fail("trained anyway"))
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "shallow", "--impl", "scratch", "--plot", str(tmp_path / "c.png")])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert 'pip install "dl-parity[plot]"' in err and "pip install matplotlib" in err
    assert not (tmp_path / "c.png").exists()


def test_missing_tensorflow_says_how_to_install_it(capsys, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "tensorflow" else real(name, *a))
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "shallow", "--impl", "both"])
    assert exit_info.value.code == 2
    assert 'pip install "dl-parity[tf]"' in capsys.readouterr().err


# --- the progress bar ----------------------------------------------------------------------------
class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_redraws_one_line_on_a_terminal():
    stream = Terminal()
    bar = Progress("scratch", 200, stream)
    bar.update(0, None)
    bar.update(100, 0.5)
    bar.close(200, 0.25, 1.5)
    text = stream.getvalue()
    assert text.count("\n") == 1 and text.count("\r") == 3
    assert "100/200  cost 0.500000" in text and "200/200  cost 0.250000  1.5 s" in text


def test_progress_bar_writes_a_few_lines_to_a_log():
    stream = io.StringIO()
    bar = Progress("tf", 1000, stream)
    for i in range(0, 1000, 10):
        bar.update(i, 1.0 / (i + 1))
    bar.close(1000, 0.001, 2.0)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 4 and "\r" not in stream.getvalue()
    assert lines[-1].endswith("1000/1000  cost 0.001000  2.0 s")


def test_a_twin_refusing_to_go_on_is_an_error_not_a_traceback(capsys, monkeypatch):
    def refusing(config, impl):
        def fit(progress):
            progress(0, 0.69)
            raise ValueError("parameters['W1']: expected finite values, got 4 NaN/inf")
        return implementations.Implementation(fit, None, None)

    monkeypatch.setattr(implementations, "implementation", refusing)
    status, out, err = run_cli(capsys, "shallow", "--impl", "scratch", "--iterations", "10")
    assert status == 1
    assert err.splitlines()[-1] == (
        "dl-parity train: error: scratch: training stopped (last finite cost 0.69 at iteration 0): "
        "parameters['W1']: expected finite values, got 4 NaN/inf; if the cost was growing, try a "
        "smaller --lr")


# ReLU layers at lr 30: the parameters overflow to inf/NaN before iteration 300.
DIVERGING = ("deep", "--dataset", "flower", "--layers", "2", "8", "8", "1", "--lr", "30",
             "--iterations", "300")


def assert_diverged(err, impl):
    """The last line is the project's message, naming the last finite cost and the first
    non-finite parameter."""
    last = err.splitlines()[-1]
    assert last.startswith(
        f"dl-parity train: error: {impl}: training stopped (last finite cost 0.682741 at "
        f"iteration 0): parameters['W1'] after 300 iterations: expected finite values, got "), last
    assert last.endswith("; if the cost was growing, try a smaller --lr"), last


def test_a_diverging_run_prints_the_projects_message_and_no_runtime_warning():
    """Run as a user would (a fresh interpreter, Python's default warning filters), NumPy-only:
    NumPy's overflow/invalid-value warnings from the diverging run are not shown raw."""
    code = ("import sys; sys.modules['tensorflow'] = None\n"
            "from dlparity.cli import main\n"
            f"sys.exit(main(['train', *{list(DIVERGING)!r}, '--impl', 'scratch']))")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    done = subprocess.run([sys.executable, "-W", "default", "-c", code], capture_output=True,
                          text=True, timeout=120, env=env)
    assert done.returncode == 1, done.stderr
    assert "Warning" not in done.stderr, done.stderr
    assert_diverged(done.stderr, "scratch")


def test_the_tf_twin_diverging_is_reported_the_same_way(capsys):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        status, out, err = run_cli(capsys, *DIVERGING, "--impl", "tf")
    assert status == 1
    assert_diverged(err, "tf")
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)]


def test_numpy_warnings_are_silenced_for_the_training_call_only(capsys):
    before = np.geterr()
    status, out, err = run_cli(capsys, *DIVERGING, "--impl", "scratch")
    assert status == 1
    assert np.geterr() == before
    with pytest.warns(RuntimeWarning):
        np.exp(np.float64(1000))          # still warns outside the training call


def test_a_difference_above_the_bound_is_flagged_and_explained():
    config = configure("shallow", "--impl", "both", "--iterations", "10")
    moved = {name: value + 1e-3 for name, value in config.initial.items()}
    runs = [trainer.Run(impl, None, [0, 10], [0.69, 0.5], 0.1, parameters, 90.0, None)
            for impl, parameters in (("scratch", config.initial), ("tf", moved))]
    stream = io.StringIO()
    summary.print_summary(config, runs, stream)
    [line] = difference_lines(stream.getvalue())
    assert line.startswith("max parameter difference scratch vs tf: 0.001 ")
    assert "ABOVE the float64 trajectory bound" in line
    note = stream.getvalue().split("note: ", 1)[1]
    assert note.startswith("scratch and tf agree within rounding at every recorded cost")
    assert "try a smaller --lr" in note and ".py" not in note       # no project paths


def test_the_note_says_up_to_which_iteration_the_twins_agree():
    config = configure("shallow", "--impl", "both", "--iterations", "3000")
    moved = {name: value + 1e-3 for name, value in config.initial.items()}
    runs = [trainer.Run("scratch", None, [0, 1000, 2000, 3000], [0.69, 0.3, 0.25, 0.2], 0.1,
                        config.initial, 90.0, None),
            trainer.Run("tf", None, [0, 1000, 2000, 3000], [0.69, 0.3, 0.26, 0.2], 0.1, moved,
                        90.0, None)]
    stream = io.StringIO()
    summary.print_summary(config, runs, stream)
    assert "scratch and tf agree within rounding up to iteration 1000;" in stream.getvalue()


def test_the_logistic_summary_speaks_of_w_and_b():
    config = configure("logistic", "--impl", "both", "--iterations", "10")
    moved = {**config.initial, "W1": config.initial["W1"] + 1e-3}
    runs = [trainer.Run(impl, None, [0, 10], [0.69, 0.5], 0.1, parameters, 90.0, 70.0)
            for impl, parameters in (("scratch", config.initial), ("tf", moved))]
    stream = io.StringIO()
    summary.print_summary(config, runs, stream)
    assert "(at w)" in stream.getvalue()

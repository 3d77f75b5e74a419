"""`dl-parity train`: each model side by side (exit code, output lines, the PNG), training in blocks
equal to one long run, argument errors, the missing-matplotlib message, the progress bar.

Runs are short (a few to a few hundred iterations) so the whole file stays fast; the cat data is
forced to the built-in synthetic set so the output does not depend on the course's files.
"""

import importlib
import io
import re
import subprocess
import sys

import numpy as np
import pytest

from dlparity import train
from dlparity.cli import build_parser, main

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


# --- blocks == one long run ----------------------------------------------------------------------
def configure(*argv):
    return train._configure(build_parser().parse_args(["train", *argv]))


def one_long_logistic_run(module, config):
    """`optimize` for all iterations at once: (parameters, costs every 100)."""
    from conventions import layout

    w, b = layout.logistic_from_parameters(config.initial)
    params, _, costs = module.optimize(w, b, config.task.X_train, config.task.Y_train,
                                       config.iterations, config.learning_rate)
    return (layout.logistic_to_parameters(np.asarray(params["w"]), np.asarray(params["b"])),
            costs, 100)


def one_long_shallow_run(module, config):
    """`nn_model` for all iterations at once: (parameters, costs every 1000)."""
    parameters, costs = module.nn_model(
        config.task.X_train, config.task.Y_train, config.layers[1], config.iterations,
        learning_rate=config.learning_rate, initial_parameters=config.initial, return_costs=True)
    return parameters, costs, module.COST_EVERY


@pytest.mark.parametrize("impl", ["scratch", "tf"])
@pytest.mark.parametrize("argv,one_long_run", [
    (("logistic", "--dataset", "flower", "--iterations", "250"), one_long_logistic_run),
    (("shallow", "--iterations", "2500"), one_long_shallow_run),
], ids=["logistic", "shallow"])
def test_blocks_give_the_same_run_as_one_long_call(argv, one_long_run, impl):
    """The CLI trains logistic and shallow models in blocks continuing from the last parameters;
    plain gradient descent has no state, so the result must be bit-for-bit one long call's."""
    config = configure(*argv, "--impl", impl)
    assert train.block_size(config.iterations) < config.iterations    # really in several blocks
    run = train.train_one(config, impl, progress_stream=io.StringIO())
    module = importlib.import_module(f"{'scratch' if impl == 'scratch' else 'tfimpl'}."
                                     f"{config.model}")
    expected, costs, every = one_long_run(module, config)
    assert set(run.parameters) == set(expected)
    for name, value in expected.items():
        assert np.array_equal(run.parameters[name], np.asarray(value)), name
    recorded = dict(zip(run.iterations, run.costs))
    assert len(costs) > 1
    for k, cost in enumerate(costs):
        assert recorded[k * every] == float(cost), k * every


def test_deep_curve_has_the_twins_recorded_costs():
    config = configure("deep", "--impl", "scratch", "--dataset", "flower", "--layers", "2", "4",
                       "1", "--iterations", "250")
    run = train.train_one(config, "scratch", progress_stream=io.StringIO())
    assert run.iterations == [0, 100, 200, 250]


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
    (("shallow", "--impl", "scratch", "--iterations", "0"),
     "--iterations: expected a positive integer, got 0"),
    (("shallow", "--impl", "scratch", "--lr", "-1"),
     "--lr: expected a positive finite number"),
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


def test_missing_matplotlib_says_how_to_install_it(capsys, monkeypatch, tmp_path):
    for name in ("matplotlib", "matplotlib.figure", "matplotlib.backends",
                 "matplotlib.backends.backend_agg"):
        monkeypatch.setitem(sys.modules, name, None)       # `import` of these now raises
    monkeypatch.setattr(train, "train_all", lambda *a, **k: pytest.fail("trained anyway"))
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
    bar = train.Progress("scratch", 200, stream)
    bar.update(0, None)
    bar.update(100, 0.5)
    bar.close(200, 0.25, 1.5)
    text = stream.getvalue()
    assert text.count("\n") == 1 and text.count("\r") == 3
    assert "100/200  cost 0.500000" in text and "200/200  cost 0.250000  1.5 s" in text


def test_progress_bar_writes_a_few_lines_to_a_log():
    stream = io.StringIO()
    bar = train.Progress("tf", 1000, stream)
    for i in range(0, 1000, 10):
        bar.update(i, 1.0 / (i + 1))
    bar.close(1000, 0.001, 2.0)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 4 and "\r" not in stream.getvalue()
    assert lines[-1].endswith("1000/1000  cost 0.001000  2.0 s")


def test_a_twin_refusing_to_go_on_is_an_error_not_a_traceback(capsys, monkeypatch):
    class Diverging:
        def train(self, iterations, report):
            report(0, 0.69)
            raise ValueError("parameters['W1']: expected finite values, got 4 NaN/inf")

    monkeypatch.setattr(train, "make_trainer", lambda config, impl: Diverging())
    status, out, err = run_cli(capsys, "shallow", "--impl", "scratch", "--iterations", "10")
    assert status == 1
    assert "scratch: training stopped (last cost 0.69 at iteration 0)" in err
    assert "try a smaller --lr" in err


def test_a_difference_above_the_bound_is_flagged_and_explained():
    config = configure("shallow", "--impl", "both", "--iterations", "10")
    moved = {name: value + 1e-3 for name, value in config.initial.items()}
    runs = [train.Run(impl, None, [0, 10], [0.69, 0.5], 0.1, parameters, 90.0, None)
            for impl, parameters in (("scratch", config.initial), ("tf", moved))]
    stream = io.StringIO()
    train.print_summary(config, runs, stream)
    [line] = difference_lines(stream.getvalue())
    assert line.startswith("max parameter difference scratch vs tf: 0.001 ")
    assert "ABOVE the float64 trajectory bound" in line
    assert "note: the bound assumes every step is stable" in stream.getvalue()

"""What `dl-parity train` writes for course 2's mini-batch networks: deep --batchnorm --save (each
implementation's trained network by conventions.batchnorm_state.save_network, read back with
load_network) and softmax --plot (the multi-class decision regions: the argmax class of each
implementation on the plot's grid), with their argument errors. Runs are a few epochs."""

import io

import numpy as np
import pytest

from conventions import batchnorm_state
from dlparity import checker, plots, tolerances
from dlparity.cli import build_parser, main
from dlparity.training import command
from dlparity.training.config import configure
from dlparity.training.trainer import train_all

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
BN_LAYERS = ["2", "5", "3", "1"]


def trained(*argv):
    """configure + train_all for `dl-parity train ARGV` (progress to a buffer): (config, runs)."""
    config = configure(build_parser().parse_args(["train", *argv]))
    return config, train_all(config, io.StringIO())


def trajectory_bound(config):
    """The float64 trajectory bound of the run, derived as the summary derives it: one reduction
    of the longest length (a mini-batch, or the widest layer) per update, updates = epochs x
    ceil(m / mini-batch size), the per-step errors adding up (dlparity.tolerances)."""
    m = config.task.X_train.shape[1]
    n = max(min(config.mini_batch_size, m), *config.layers)
    steps = config.iterations * -(-m // config.mini_batch_size)
    return tolerances.tolerance("float64", "trajectory", n=n, steps=steps)


# --- deep --batchnorm --save ----------------------------------------------------------------------
def test_batchnorm_save_writes_each_trained_network(tmp_path):
    path = tmp_path / "bn.h5"
    config, runs = trained("deep", "--batchnorm", "--impl", "both", "--dataset", "noisy_moons",
                           "--layers", *BN_LAYERS, "--iterations", "2", "--save", str(path))
    assert [r.impl for r in runs] == ["scratch", "tf", "keras"]
    assert not path.exists()                     # several implementations: FILE-impl.h5 each
    loaded = {}
    for run in runs:
        parameters, running, weights = batchnorm_state.load_network(
            tmp_path / f"bn-{run.impl}.h5", [2, 5, 3, 1], ["relu", "relu", "sigmoid"])
        saved = {**parameters, **running}
        # hidden layers W, gamma, beta and running statistics; the output layer W3, b3
        assert sorted(saved) == sorted(["W1", "W2", "W3", "b3", "gamma1", "beta1", "gamma2",
                                        "beta2", "running_mean1", "running_var1",
                                        "running_mean2", "running_var2"])
        assert sorted(saved) == sorted(run.parameters)
        for name, value in run.parameters.items():   # the run's own values, bit for bit
            assert saved[name].dtype == np.float64, name
            assert np.array_equal(saved[name], value), (run.impl, name)
        loaded[run.impl] = saved
    bound = trajectory_bound(config)
    rows = checker.compare(loaded["scratch"], loaded["tf"], component="train deep --batchnorm",
                           check="saved files", dtype="float64", tolerance=bound)
    assert len(rows) == 12 and all(r.passed for r in rows), [r for r in rows if not r.passed]
    # a saver writing the initial network (or an untrained one) would be caught: training moved
    # every trained array far beyond the bound
    initial = checker.compare({k: v for k, v in loaded["scratch"].items() if k in config.initial},
                              config.initial, component="train deep --batchnorm",
                              check="initial", dtype="float64", tolerance=bound)
    assert len(initial) == 8 and not any(r.passed for r in initial), initial


def test_batchnorm_save_with_one_implementation_writes_the_file_itself(capsys, tmp_path):
    path = tmp_path / "net.h5"
    status = main(["train", "deep", "--batchnorm", "--impl", "tf", "--dataset", "noisy_moons",
                   "--layers", *BN_LAYERS, "--iterations", "1", "--save", str(path)])
    assert status == 0, capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.h5"]
    parameters, running, _ = batchnorm_state.load_network(path)
    assert sorted(running) == ["running_mean1", "running_mean2", "running_var1", "running_var2"]
    assert "b1" not in parameters and parameters["b3"].shape == (1, 1)


@pytest.mark.parametrize("argv,message", [
    (("deep", "--batchnorm", "--save", "/no/such/folder/bn.h5"),
     "--save: the folder '/no/such/folder' does not exist"),
    (("deep", "--batchnorm", "--save", "bn.txt"), "--save: expected a .h5 file name"),
    (("deep", "--batchnorm", "--resume", "bn.h5"),
     "--resume: the batch-normalised and softmax networks cannot be resumed"),
    (("softmax", "--save", "net.h5"), "--save: the softmax network cannot be saved"),
    (("softmax", "--resume", "net.h5"),
     "--resume: the batch-normalised and softmax networks cannot be resumed"),
])
def test_save_and_resume_errors_name_the_option(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["train", *argv, "--impl", "scratch", "--dataset", "noisy_moons"])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


# --- softmax --plot: the multi-class regions ------------------------------------------------------
def hand_probabilities(parameters, G):
    """The [2, 8, 8, 6] relu, relu, softmax network on the grid G: (2, N), written out here."""
    A = G
    for l in (1, 2):
        A = np.maximum(0.0, parameters[f"W{l}"] @ A + parameters[f"b{l}"])
    Z = parameters["W3"] @ A + parameters["b3"]
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True), Z


def top_two_margin(P):
    """p_(1) - p_(2): the gap between the two largest probabilities at each grid point."""
    ordered = np.sort(P, axis=0)
    return ordered[-1] - ordered[-2]


def test_softmax_plot_draws_each_implementations_argmax_regions(capsys, tmp_path, monkeypatch):
    handed, trained_runs, configs = {}, [], []
    draw, train = plots.plot_training, command.train_all

    def recording_plot(path, title, curves, boundary=None):
        handed.update(boundary)
        return draw(path, title, curves, boundary)

    def recording_train(config):
        configs.append(config)
        trained_runs.extend(train(config))
        return trained_runs

    monkeypatch.setattr(plots, "plot_training", recording_plot)
    monkeypatch.setattr(command, "train_all", recording_train)
    png = tmp_path / "regions.png"
    status = main(["train", "softmax", "--impl", "both", "--iterations", "20", "--plot",
                   str(png)])
    assert status == 0, capsys.readouterr().err
    assert png.stat().st_size > 10_000 and png.read_bytes()[:8] == PNG_MAGIC
    assert handed["classes"] == 6
    X = handed["X"]
    G, xs, ys = plots.boundary_grid(X)
    regions = {impl: grid for impl, _, _, grid in handed["predictions"]}
    assert list(regions) == ["scratch", "tf", "keras"]
    runs = {r.impl: r for r in trained_runs}
    P, Z = hand_probabilities(runs["scratch"].parameters, G)
    expected = np.argmax(P, axis=0).reshape(len(ys), len(xs))      # row i: ys[i], column j: xs[j]
    assert len(np.unique(expected)) >= 4                            # really several classes
    i, j = 17, 203                                                  # one point written out
    point = np.array([[xs[j]], [ys[i]]])
    assert regions["scratch"][i, j] == np.argmax(hand_probabilities(runs["scratch"].parameters,
                                                                    point)[0])
    margin = top_two_margin(P).reshape(expected.shape)
    untied = margin > 0
    assert untied.mean() > 0.999
    np.testing.assert_array_equal(regions["scratch"][untied], expected[untied])
    P_tf, _ = hand_probabilities(runs["tf"].parameters, G)
    np.testing.assert_array_equal(regions["tf"][untied], np.argmax(P_tf, axis=0).reshape(
        expected.shape)[untied])
    # Twins against each other. Their parameters differ by at most the trajectory bound tau
    # (normwise relative). Each of the 3 layers' outputs then moves by at most tau plus one
    # reduction's rounding rho (of the widest layer) relative, which add up layer by layer:
    # |dZ| <= 3 (tau + rho) max|Z|. The softmax Jacobian's row i has l1 norm 2 p_i (1 - p_i), so
    # |dp_i| <= 2 p_i max|dZ| and the top-two gap moves by at most 2 (p_(1) + p_(2)) max|dZ|
    # <= 2 max|dZ|. Where the gap exceeds that, the argmax cannot differ.
    tau = trajectory_bound(configs[0])
    rho = tolerances.tolerance("float64", "reduction", n=8)
    bound = 2 * 3 * (tau + rho) * np.abs(Z).max()
    decided = margin > bound
    assert decided.mean() > 0.999, (decided.mean(), bound)
    for impl in ("tf", "keras"):
        np.testing.assert_array_equal(regions[impl][decided], regions["scratch"][decided],
                                      err_msg=impl)


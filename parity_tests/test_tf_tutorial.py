"""The TensorFlow tutorial: the catalogue (dlparity/cases/tf_tutorial.py: twins step by step, wrong
variants caught), the closed form of the lecture's run in both twins, and Keras's float32
learning rate: an unmapped SGD drifts off the closed form in float64, the mapped one does not."""

import numpy as np
import pytest

from dlparity.testing import catalogue_tests

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from tfimpl import tf_tutorial as tf_tt  # noqa: E402

test_random_inputs, test_fixed_inputs, test_wrong_variants = catalogue_tests("tf_tutorial")

EPS64, EPS32 = np.finfo(np.float64).eps, np.finfo(np.float32).eps
K = np.arange(1001)
CLOSED_FORM = 5 - 5 * 0.98 ** K          # w_k for (w - 5)^2 from w_0 = 0 at learning rate 0.01
# Each step rounds w - lr (2 w - 10) to a few units u = eps / 2 of |w| <= 5 (6 u is generous);
# the step contracts earlier errors by 0.98, so they add up to at most 6 u / 0.02 = 150 eps.
BOUND = {"float64": 150 * EPS64, "float32": 150 * EPS32}


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_the_tf_twin_follows_the_closed_form(dtype):
    ws = tf_tt.minimize_cost(dtype=dtype).numpy()
    assert ws.dtype == np.dtype(dtype)
    assert np.max(np.abs(ws - CLOSED_FORM)) <= BOUND[dtype]
    assert abs(ws[-1] - 5) <= 5 * 0.98 ** 1000 + BOUND[dtype]


def test_an_unmapped_keras_sgd_drifts_in_float64():
    """keras.optimizers.SGD(0.01) steps with float32(0.01) = 0.009999999776 on a float64 w: the
    factor 1 - 2 lr moves by 4.5e-10 and w_k by 5 k 0.98^(k-1) 4.5e-10, 4.2e-8 at k = 49 —
    280 000 times the bound. The mapped course_sgd stays within it."""
    w = tf.Variable(0.0, dtype=tf.float64)
    optimizer = keras.optimizers.SGD(0.01)
    ws = [0.0]
    for _ in range(100):
        with tf.GradientTape() as tape:
            cost = w ** 2 - 10 * w + 25
        optimizer.apply_gradients([(tape.gradient(cost, w), w)])
        ws.append(float(w.numpy()))
    drift = np.max(np.abs(np.array(ws) - CLOSED_FORM[:101]))
    assert 3e-8 < drift < 5e-8
    mapped = tf_tt.minimize_cost(num_iterations=100, dtype="float64").numpy()
    assert np.max(np.abs(mapped - CLOSED_FORM[:101])) <= BOUND["float64"]


def test_train_step_from_the_lecture_start():
    """w = 0: dJ/dw = -10, one step at 0.01 gives 0.1 (float32: 0.099999994, the rounded rate)."""
    assert float(tf_tt.train_step(0.0)) == np.float32(0.01) * 10
    assert float(tf_tt.train_step(np.float64(0.0))) == 0.1


# --- the SIGNS network ----------------------------------------------------------------------------
def _signs(x, y, dtype="float64"):
    from conventions import layout
    return layout.images_to_columns(x, dtype), layout.one_hot_columns(y, 6, dtype)


def test_keras_fit_reports_the_epoch_cost_to_float32():
    """fit's loss per epoch is the course's epoch cost (sum of the mini-batches' summed losses /
    m), accumulated by Keras's Mean metric in float32: each of the 2 mini-batches' weighted sum
    and the final division round once, so within (2 * 2 + 1) eps32 / 2 relative."""
    from conventions.signs_datasets import synthetic_signs_dataset
    from scratch import tf_tutorial as scratch_tt
    x, y, _, _, _ = synthetic_signs_dataset(0, 40, 1)
    X, Y = _signs(x, y)
    p0 = scratch_tt.initialize_parameters()
    _, costs, _, _ = scratch_tt.model(X, Y, X, Y, num_epochs=2, initial_parameters=p0)
    _, fit_costs = tf_tt.fit_keras(X, Y, p0, num_epochs=2)
    relative = np.abs(np.array(fit_costs) - np.array(costs)) / np.array(costs)
    assert np.all(relative <= 5 * EPS32 / 2), relative


def test_keras_fit_on_arrays_would_round_the_pixels_to_float32():
    """Why fit_keras feeds a Dataset: Keras's array adapter casts float64 arrays to float32."""
    from keras.src.trainers.data_adapters import array_slicing
    assert "Normalize floats to floatx" in open(array_slicing.__file__).read()


@pytest.mark.real_data
def test_the_twins_train_alike_on_the_real_signs_test_file():
    """The course's test_signs.h5 (120 images) through the same loader, used as a training set
    for 2 epochs (8 Adam steps): the twins' parameters within the trajectory bound."""
    from conventions import signs_datasets
    from dlparity import checker, tolerances
    from scratch import tf_tutorial as scratch_tt
    try:
        x, y, _ = signs_datasets.load_signs(None, "test")
    except FileNotFoundError as error:
        pytest.skip(f"{error}")
    X, Y = _signs(x, y)
    p0 = scratch_tt.initialize_parameters()
    ours = scratch_tt.model(X, Y, X, Y, num_epochs=2, initial_parameters=p0)
    theirs = tf_tt.model(X, Y, X, Y, num_epochs=2, initial_parameters=p0)
    tolerance = tolerances.tolerance("float64", "trajectory", 12288, 2 * 4)
    checker.assert_pass(checker.compare(
        {"parameters": ours[0], "costs": ours[1]},
        {"parameters": theirs[0], "costs": [float(c) for c in theirs[1]]},
        component="tf_tutorial.model[real SIGNS test]", check="trajectory", dtype="float64",
        tolerance=tolerance))
    assert ours[2] == theirs[2]


def test_check_says_the_tutorial_is_tensorflow_code(tmp_path, capsys):
    from dlparity.cli import main
    path = tmp_path / "mine.py"
    path.write_text("def forward_propagation(X, parameters):\n    return X\n")
    assert main(["check", str(path), "--as", "tf_tutorial"]) == 2
    assert "the course has no NumPy assignment for 'tf_tutorial'" in capsys.readouterr().err


def test_the_figures_tool_prints_both_twins_side_by_side(capsys):
    """tools/tf_tutorial_figures.py (the closing figures' command): w after 1000 steps as the
    closed form gives it in both twins, and the SIGNS run's accuracies and distances (one epoch)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parents[1] / "tools" / "tf_tutorial_figures.py"
    spec = importlib.util.spec_from_file_location("tf_tutorial_figures", path)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    tool.main(["--epochs", "1"])
    out = capsys.readouterr().out
    assert "float64: scratch 4.999999991585162, tf 4.999999991585162" in out
    assert "SIGNS 1 epochs, scratch:" in out and "SIGNS keras fit weights from scratch's" in out

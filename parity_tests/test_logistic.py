"""Parity of `scratch.logistic` and `tfimpl.logistic`: every case of `dlparity.cases.logistic`."""

import importlib

import numpy as np
import pytest

from conventions import datasets
from dlparity.testing import catalogue_tests

(test_twins_agree_on_random_inputs, test_twins_agree_on_fixed_inputs,
 test_wrong_variant_is_caught) = catalogue_tests("logistic")


# --- the course's published run on the real cat data -----------------------------------------
# The week-2 notebook's printed trace for model(..., num_iterations=2000, learning_rate=0.005).
COURSE_TRACE = ["0.693147", "0.584508", "0.466949", "0.376007", "0.331463", "0.303273",
                "0.279880", "0.260042", "0.242941", "0.228004", "0.214820", "0.203078",
                "0.192544", "0.183033", "0.174399", "0.166521", "0.159305", "0.152667",
                "0.146542", "0.140872"]


@pytest.mark.real_data
@pytest.mark.parametrize("twin", ["scratch", "tfimpl"])
def test_real_cat_data_reproduces_the_course(twin, capsys):
    if datasets.find_data_dir() is None:
        pytest.skip(f"course cat files not found (set {datasets.DATA_ENV} or put them in "
                    "../shared/data)")
    X, Y, X_test, Y_test, _ = datasets.cat_data(source="real")
    logistic = importlib.import_module(f"{twin}.logistic")
    d = logistic.model(X, Y, X_test, Y_test, num_iterations=2000, learning_rate=0.005,
                       print_cost=True)
    out = capsys.readouterr().out
    printed = [line.split(": ")[1] for line in out.splitlines() if line.startswith("Cost after")]
    assert printed == COURSE_TRACE
    assert logistic.accuracy(d["Y_prediction_train"], Y) == 99.04306220095694
    assert logistic.accuracy(d["Y_prediction_test"], Y_test) == 70.0
    assert "train accuracy: 99.04306220095694 %" in out and "test accuracy: 70.0 %" in out
    assert np.asarray(d["w"]).shape == (12288, 1)


def test_the_compiled_training_step_computes_the_eager_steps_bits():
    tf = pytest.importorskip("tensorflow")
    from tfimpl import logistic as tf_logistic

    rng = np.random.default_rng(4)
    X = rng.standard_normal((5, 30))
    Y = (rng.random((1, 30)) > 0.5).astype(np.float64)
    w, b = np.zeros((5, 1)), 0.0
    eager = tf_logistic.optimize(w, b, X, Y, 150, 0.05, compiled=False)
    graph = tf_logistic.optimize(w, b, X, Y, 150, 0.05, compiled=True)
    for a, c in zip(*(tf.nest.flatten([r[0], r[2]]) for r in (eager, graph))):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(c))

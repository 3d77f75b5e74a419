"""`dl-parity check` of the course-2 experiments' `model(...)`: a learner's whole initialisation
and optimisation notebooks (learner_tests/fixtures/initialization_model.py, optimization_model.py,
written for this project; they import the course's helpers with a star, served by the project's
init_utils and opt_utils stand-ins) pass, the older optimisation model without decay passes too,
and a slip in the model or in a function it calls fails the model with a cause. The stand-ins'
own conventions are pinned on hand-computed values."""

import math
from pathlib import Path

import numpy as np
import pytest

from dlparity.learner.checking import check_file
from dlparity.learner.standins import stand_in_for

FIXTURES = Path(__file__).parent / "fixtures"
INIT = (FIXTURES / "initialization_model.py").read_text()
OPT = (FIXTURES / "optimization_model.py").read_text()
INIT_MODELS = ("model[he]",)
OPT_MODELS = ("model[gd]", "model[momentum]", "model[adam]")


def verdicts(result):
    return {r.function: r.status for r in result.rows}


def write(tmp_path, text):
    path = tmp_path / "mine.py"
    path.write_text(text)
    return path


def changed(text, old, new):
    assert old in text, old
    return text.replace(old, new)


# --- the whole notebooks pass -------------------------------------------------------------------
def test_the_initialization_notebook_passes_with_its_model():
    result = check_file(FIXTURES / "initialization_model.py", "initialization")
    assert verdicts(result) == {f: "PASS" for f in (
        "initialize_parameters_zeros", "initialize_parameters_random", "initialize_parameters_he",
        *INIT_MODELS)}
    notes = "\n".join(result.notes)
    assert "'init_utils', which is not beside it: this project's stand-in was used" in notes


def test_the_optimization_notebook_passes_with_its_model():
    result = check_file(FIXTURES / "optimization_model.py", "optimization")
    assert set(verdicts(result).values()) == {"PASS"}
    assert set(OPT_MODELS) <= set(verdicts(result))
    assert "'opt_utils_v1a', which is not beside it" in "\n".join(result.notes)


def test_the_older_model_without_decay_passes_too(tmp_path):
    older = changed(OPT, ", decay = None, decay_rate = 1):", "):")
    older = changed(older, "        if decay:\n            learning_rate = decay(learning_rate0, i, "
                           "decay_rate)\n", "")
    result = check_file(write(tmp_path, older), "optimization", only=["model"])
    assert verdicts(result) == {f: "PASS" for f in OPT_MODELS}


# --- slips fail the model with a cause ----------------------------------------------------------
SLIPS = [
    # He's variance 1 / n_{l-1} (Xavier's) where 2 / n_{l-1} belongs: the model starts elsewhere
    (INIT, "initialization", "np.sqrt(2. / layers_dims[l - 1])", "np.sqrt(1. / layers_dims[l - 1])",
     "model[he]", "parameters."),
    # He's seed left out: the model starts from other draws
    (INIT, "initialization", "    np.random.seed(3)\n    parameters = {}\n    L = len(layers_dims) - 1",
     "    parameters = {}\n    L = len(layers_dims) - 1", "model[he]", "parameters."),
    # the model's network one layer off: [n_x, 5, 10, 1]
    (INIT, "initialization", "[X.shape[0], 10, 5, 1]", "[X.shape[0], 5, 10, 1]", "model[he]",
     "parameters.W1"),
    # gradient descent's step taken uphill
    (OPT, "optimization", 'parameters["W%d" % l] - learning_rate * grads["dW%d" % l]',
     'parameters["W%d" % l] + learning_rate * grads["dW%d" % l]', "model[gd]", "parameters."),
    # the epochs' reshuffle seed never advanced: every epoch sees the same mini-batches
    (OPT, "optimization", "        seed = seed + 1\n", "", "model[momentum]", "parameters."),
    # Adam's step counter never advanced: t = 0 divides by 1 - beta^0 = 0, and the next forward
    # pass (the stand-in's, which checks its arguments) names the NaN parameters
    (OPT, "optimization", "                t = t + 1\n", "", "model[adam]",
     "parameters['W1']: expected finite values"),
]


@pytest.mark.parametrize("text,module,old,new,task,where", SLIPS,
                         ids=[f"{s[4]}-{k}" for k, s in enumerate(SLIPS)])
def test_a_slip_fails_the_model_with_a_cause(tmp_path, text, module, old, new, task, where):
    result = check_file(write(tmp_path, changed(text, old, new)), module, only=[task])
    (row,) = result.rows
    assert row.status == "FAIL", row
    assert row.cause, row
    assert where in row.leaf + " " + row.cause, row
    assert result.status == 1


# --- the stand-ins' conventions, on hand-computed values ----------------------------------------
def test_the_helper_modules_are_stood_in_by_name():
    init_utils = stand_in_for("init_utils")
    for name in ("opt_utils", "opt_utils_v1a", "opt_utils_v1b"):
        assert stand_in_for(name).__name__ == "dlparity.learner.standins.opt_utils"
    assert init_utils.__name__ == "dlparity.learner.standins.init_utils"


def test_compute_loss_is_the_mean_and_compute_cost_the_sum():
    init_utils, opt_utils = stand_in_for("init_utils"), stand_in_for("opt_utils_v1a")
    a3, Y = np.array([[0.5, 0.8, 1.0]]), np.array([[1.0, 0.0, 1.0]])
    # terms: log 2, -log 0.2 = log 5, and 0 log 0 (NaN, dropped by nansum) + -log 1 = 0
    assert init_utils.compute_loss(a3, Y) == pytest.approx((math.log(2) + math.log(5)) / 3,
                                                           rel=1e-15)
    a3 = np.array([[0.5, 0.8]])
    assert opt_utils.compute_cost(a3, Y[:, :2]) == pytest.approx(math.log(2) + math.log(5),
                                                                 rel=1e-15)


def test_the_network_and_its_gradients_follow_the_course():
    init_utils = stand_in_for("init_utils")
    parameters = {"W1": np.array([[1.0, -1.0], [0.5, 0.5]]), "b1": np.array([[0.0], [-1.0]]),
                  "W2": np.array([[2.0, 1.0]]), "b2": np.array([[0.5]]),
                  "W3": np.array([[-1.0]]), "b3": np.array([[0.0]])}
    X, Y = np.array([[2.0], [1.0]]), np.array([[1.0]])
    a3, cache = init_utils.forward_propagation(X, parameters)
    # z1 = (1, 0.5), a1 = (1, 0.5); z2 = 2 + 0.5 + 0.5 = 3; z3 = -3
    assert [c.item() if c.size == 1 else None for c in cache[4:6]] == [3.0, 3.0]
    assert a3.item() == pytest.approx(1 / (1 + math.exp(3)), rel=1e-15)
    grads = init_utils.backward_propagation(X, Y, cache)
    assert set(grads) == {"dz3", "dW3", "db3", "da2", "dz2", "dW2", "db2", "da1", "dz1", "dW1",
                          "db1"}
    dz3 = a3.item() - 1.0                                   # m = 1
    assert grads["dW3"].item() == pytest.approx(3.0 * dz3, rel=1e-15)
    # dz2 = W3 dz3 = -dz3 (z2 > 0); dz1 = W2.T dz2 * (a1 > 0) = (2, 1) (-dz3)
    np.testing.assert_allclose(grads["dW1"], -dz3 * np.array([[4.0, 2.0], [2.0, 1.0]]),
                               rtol=1e-15)
    updated = init_utils.update_parameters(parameters, grads, 0.1)
    assert updated is parameters                            # the course's dict, updated
    assert updated["W3"].item() == pytest.approx(-1.0 - 0.1 * 3.0 * dz3, rel=1e-15)


def test_opt_utils_initialize_parameters_is_he_after_seed_3():
    opt_utils = stand_in_for("opt_utils_v1a")
    parameters = opt_utils.initialize_parameters([2, 3, 1])
    draws = np.random.RandomState(3).randn(3 * 2 + 1 * 3)   # W1's 6 draws, then W2's 3
    np.testing.assert_array_equal(parameters["W1"], draws[:6].reshape(3, 2) * math.sqrt(2 / 2))
    np.testing.assert_array_equal(parameters["W2"], draws[6:].reshape(1, 3) * math.sqrt(2 / 3))
    assert not parameters["b1"].any() and parameters["b2"].shape == (1, 1)
    assert np.random.randn() == np.random.RandomState(3).randn(10)[-1]   # the global stream


def test_the_data_loaders_and_the_helpers_that_fail():
    init_utils, opt_utils = stand_in_for("init_utils"), stand_in_for("opt_utils")
    assert [a.shape for a in init_utils.load_dataset()] == [(2, 300), (1, 300), (2, 100), (1, 100)]
    assert [a.shape for a in opt_utils.load_dataset()] == [(2, 300), (1, 300)]
    for module in (init_utils, opt_utils):
        with pytest.raises(RuntimeError, match="plot_decision_boundary is a stand-in"):
            module.plot_decision_boundary(None, None, None)
    with pytest.raises(RuntimeError, match="load_params_and_grads is a stand-in"):
        opt_utils.load_params_and_grads()

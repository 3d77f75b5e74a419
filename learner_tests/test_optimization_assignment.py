"""`dl-parity check --as optimization` on a learner-style export of the course-2 week-2 notebook
(learner_tests/fixtures/optimization_methods.py, written for this project): the file as written
passes, the later edition of update_parameters_with_adam (also returning v_corrected and
s_corrected) passes, and classic bugs fail their function with a cause."""

from pathlib import Path

import pytest

from dlparity.learner.checking import check_file

FIXTURE = Path(__file__).parent / "fixtures" / "optimization_methods.py"
TEXT = FIXTURE.read_text()
FUNCTIONS = ("update_parameters_with_gd", "random_mini_batches", "initialize_velocity",
             "update_parameters_with_momentum", "initialize_adam", "update_parameters_with_adam",
             "update_lr", "schedule_lr_decay")


def verdicts(result):
    return {r.function: r.status for r in result.rows}


def row(result, function):
    return next(r for r in result.rows if r.function == function)


def changed(old, new, text=TEXT):
    assert old in text, old
    return text.replace(old, new)


def write(tmp_path, text):
    path = tmp_path / "mine.py"
    path.write_text(text)
    return path


def test_the_learner_file_passes_as_written():
    result = check_file(FIXTURE, "optimization")
    assert verdicts(result) == {f: "PASS" for f in FUNCTIONS} | {
        "model[gd]": "SKIP", "model[momentum]": "SKIP", "model[adam]": "SKIP"}  # not exported
    assert result.status == 0
    assert row(result, "update_parameters_with_adam").edition == "returns (parameters, v, s)"


def test_the_later_adam_edition_returning_the_corrected_moments_passes(tmp_path):
    later = changed("    return parameters, v, s\n",
                    "    return parameters, v, s, v_corrected, s_corrected\n")
    result = check_file(write(tmp_path, later), "optimization",
                        only=["update_parameters_with_adam"])
    adam = row(result, "update_parameters_with_adam")
    assert adam.status == "PASS"
    assert "v_corrected" in adam.edition


BUGS = [
    # momentum without (1 - beta): v = beta v + g
    ("v[\"dW\" + str(l+1)] = beta * v[\"dW\" + str(l+1)] + (1 - beta) * grads['dW' + str(l+1)]",
     "v[\"dW\" + str(l+1)] = beta * v[\"dW\" + str(l+1)] + grads['dW' + str(l+1)]",
     "update_parameters_with_momentum", "v.dW"),
    # epsilon inside the root
    ("(np.sqrt(s_corrected[\"dW\" + str(l+1)]) + epsilon)",
     "np.sqrt(s_corrected[\"dW\" + str(l+1)] + epsilon)",
     "update_parameters_with_adam", "parameters.W"),
    # the last partial mini-batch dropped
    ("    if m % mini_batch_size != 0:\n", "    if False:\n", "random_mini_batches",
     "mini_batches[2]"),
    # bias correction with the wrong power (t - 1: the count started at 0)
    ("v[\"dW\" + str(l+1)] / (1 - beta1**t)", "v[\"dW\" + str(l+1)] / (1 - beta1**(t - 1))",
     "update_parameters_with_adam", "parameters.W"),
    # the staircase without its floor
    ("np.floor(epoch_num / time_interval)", "epoch_num / time_interval", "schedule_lr_decay",
     "learning_rate"),
]


@pytest.mark.parametrize("old,new,function,leaf", BUGS, ids=[b[2] + f"-{k}" for k, b in
                                                            enumerate(BUGS)])
def test_a_classic_bug_fails_its_function_with_a_cause(tmp_path, old, new, function, leaf):
    result = check_file(write(tmp_path, changed(old, new)), "optimization", only=[function])
    failing = row(result, function)
    assert failing.status == "FAIL", failing
    assert failing.cause, failing
    assert leaf in (failing.leaf + " " + failing.cause), failing
    assert result.status == 1

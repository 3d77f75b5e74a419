"""`dl-parity check` with its second referee: the TF twin answers every table entry the check
uses, agrees with scratch within each row's tolerance, and a broken TF twin is reported as a
disagreement between the referees (a dl-parity bug) while the learner's verdict stays scratch's.
"""

from pathlib import Path

import numpy as np
import pytest

from dlparity.learner import assignments, referees
from dlparity.learner.checking import check_file, format_result
from dlparity.learner.worker import Limits

tf = pytest.importorskip("tensorflow")

FIXTURES = Path(__file__).parents[1] / "learner_tests" / "fixtures"
CORRECT = {"logistic": "logistic_export.py", "shallow": "shallow_export.py",
           "deep": "deep_step_by_step.py", "initialization": "initialization_model.py",
           "regularization": "regularization_export.py",
           "gradient_check": "gradient_checking_export.py",
           "optimization": "optimization_model.py", "batchnorm": "batchnorm_step_by_step.py",
           "softmax": "softmax_multiclass.py"}


@pytest.mark.parametrize("module", sorted(CORRECT))
def test_both_referees_agree_on_every_function_of_a_correct_file(module):
    result = check_file(FIXTURES / CORRECT[module], module, extended=True,
                        limits=Limits(timeout=60))
    assert result.referees == ("scratch", "tf")
    judged = [r for r in result.rows if r.status != "SKIP"]
    assert judged
    for row in judged:
        assert row.referees["agree"] is True, (row.function, row.referees)
        assert row.referees["tf"] == row.referees["scratch"] == row.status, row
    assert "the referees DISAGREE" not in format_result(result)


@pytest.mark.parametrize("module", sorted(assignments.MODULES))
def test_every_table_entry_has_a_tf_answer(module):
    """The TF twin answers every function of every table (same names and signatures), so no
    function of the check goes without its second referee (editions of one function call the
    same twin function; the first edition of each stands for them here)."""
    for task in assignments.MODULES[module]:
        inputs = task.inputs(np.dtype("float64"))
        assert referees.tf_reference(task.editions[0], inputs) is not None, (module, task.name)


def test_a_broken_tf_twin_is_a_disagreement_of_the_referees_not_the_learners_fail(monkeypatch):
    import tfimpl.logistic

    original = tfimpl.logistic._propagate

    def missing_mean(w, b, X, Y):                    # the TF twin's dw without its 1/m
        grads, cost = original(w, b, X, Y)
        return {"dw": grads["dw"] * X.shape[1], "db": grads["db"]}, cost

    monkeypatch.setattr(tfimpl.logistic, "_propagate", missing_mean)
    result = check_file(FIXTURES / "logistic_export.py", "logistic",
                        only=["sigmoid", "propagate"])
    sigmoid, propagate = result.rows
    assert (sigmoid.status, propagate.status) == ("PASS", "PASS")      # scratch decides
    assert sigmoid.referees["agree"] is True
    assert propagate.referees["agree"] is False and propagate.referees["tf"] == "FAIL"
    assert propagate.referees["disagreement"].startswith("grads.dw: scratch and TensorFlow")
    assert result.disagreements == [propagate] and result.status == 0
    text = format_result(result)
    assert "!! the referees disagree: grads.dw" in text
    assert ("the referees DISAGREE on 1 (propagate): a dl-parity bug, not yours, please report "
            "it") in text
    assert result.as_dict()["referee_disagreements"] == 1


def test_a_learners_bug_fails_against_both_referees(tmp_path):
    path = tmp_path / "mine.py"
    path.write_text((FIXTURES / "logistic_export.py").read_text().replace(
        "dw = np.dot(X, (A - Y).T) / m", "dw = np.dot(X, (A - Y).T)"))
    (row,) = check_file(path, "logistic", only=["propagate"]).rows
    assert row.status == "FAIL"
    assert row.referees == {"scratch": "FAIL", "tf": "FAIL", "agree": True,
                            "max_rel": row.referees["max_rel"], "disagreement": ""}
    assert row.referees["max_rel"] <= row.tolerance


def test_with_tensorflow_loaded_workers_start_from_a_forkserver_with_the_learners_imports():
    """Once TensorFlow is loaded the workers come from a forkserver, which imports what a
    learner's file usually imports (matplotlib.pyplot: ~0.7 s a worker otherwise) and never
    TensorFlow (the threads the forkserver is there to avoid)."""
    import subprocess
    import sys

    from dlparity.learner import worker

    assert worker._context().get_start_method() == "forkserver"
    code = ("import sys, dlparity.learner.preload as p; print('tensorflow' in sys.modules, "
            "[m in sys.modules for m in p.MODULES], __import__('os').environ['MPLBACKEND'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[0] == "False" and out[-1] == "Agg" and "False" not in "".join(out[1:-1])

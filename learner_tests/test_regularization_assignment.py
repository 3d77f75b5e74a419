"""`dl-parity check --as regularization` on a learner's course-2 week-1 file (its reg_utils
imports served by the project's stand-in): the correct file passes, and the assignment's classic
slips fail their function with the leaf named."""

from pathlib import Path

import pytest

from dlparity.learner.checking import check_file

FIXTURES = Path(__file__).parent / "fixtures"
TEXT = (FIXTURES / "regularization_export.py").read_text()
FUNCTIONS = ("compute_cost_with_regularization", "backward_propagation_with_regularization",
             "forward_propagation_with_dropout", "backward_propagation_with_dropout")


def verdicts(result):
    return {r.function: r.status for r in result.rows}


def test_the_correct_file_passes_as_written():
    result = check_file(FIXTURES / "regularization_export.py", "regularization")
    assert verdicts(result) == {f: "PASS" for f in FUNCTIONS}
    assert result.status == 0


@pytest.mark.parametrize("old,new,function,leaf", [
    # the L2 term without 1/m
    ("(1. / m) * (lambd / 2) * (np.sum", "(lambd / 2) * (np.sum", "compute_cost_with_regularization",
     "cost"),
    # the penalty's gradient forgotten in one layer
    ("dW2 = 1. / m * np.dot(dZ2, A1.T) + (lambd / m) * W2", "dW2 = 1. / m * np.dot(dZ2, A1.T)",
     "backward_propagation_with_regularization", "gradients.dW2"),
    # dropout not inverted: the kept activations are not divided by keep_prob
    ("    A1 = A1 / keep_prob                               # Step 4: scale the value of neurons\n",
     "", "forward_propagation_with_dropout", ""),
    # the mask not applied again in the backward pass
    ("    dA2 = dA2 * D2              # Step 1: apply the mask D2 to shut down the same neurons\n",
     "", "backward_propagation_with_dropout", "gradients."),
])
def test_a_classic_slip_fails_its_function(tmp_path, old, new, function, leaf):
    assert old in TEXT, old
    path = tmp_path / f"{function}.py"
    path.write_text(TEXT.replace(old, new))
    result = check_file(path, "regularization")
    row = next(r for r in result.rows if r.function == function)
    assert row.status == "FAIL", row
    assert row.leaf.startswith(leaf), row
    others = {f: s for f, s in verdicts(result).items() if f != function}
    assert set(others.values()) == {"PASS"}, others
    assert result.status == 1

"""`dl-parity check --as gradient_check` on a learner's course-2 week-1 file (its gc_utils imports
served by the project's stand-in): the correct file passes, and classic slips fail their function.
gradient_check_n is judged on a wrong backward pass (difference O(0.1)), within the
"central_difference" tolerance (dlparity.tolerances)."""

from pathlib import Path

import pytest

from dlparity.learner.checking import check_file

FIXTURES = Path(__file__).parent / "fixtures"
TEXT = (FIXTURES / "gradient_checking_export.py").read_text()
FUNCTIONS = ("forward_propagation", "backward_propagation", "gradient_check",
             "forward_propagation_n", "backward_propagation_n", "gradient_check_n")


def verdicts(result):
    return {r.function: r.status for r in result.rows}


def test_the_correct_file_passes_as_written():
    result = check_file(FIXTURES / "gradient_checking_export.py", "gradient_check")
    assert verdicts(result) == {f: "PASS" for f in FUNCTIONS}
    assert result.status == 0


@pytest.mark.parametrize("old,new,function,leaf", [
    # the assignment's planted bugs, left in
    ("dW2 = 1. / m * np.dot(dZ2, A1.T)", "dW2 = 1. / m * np.dot(dZ2, A1.T) * 2",
     "backward_propagation_n", "gradients.dW2"),
    ("db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)",
     "db1 = 4. / m * np.sum(dZ1, axis=1, keepdims=True)", "backward_propagation_n", "gradients.db1"),
    # the difference's denominator without ||gradapprox||
    ("    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)\n    difference = numerator"
     " / denominator\n\n    if print_msg:\n        if difference > 2e-7:\n            print(\"\\033[93m\""
     " + \"There is a mistake in the backward propagation! difference = \" + str(difference) + "
     "\"\\033[0m\")\n        else:\n            print(\"\\033[92m\" + \"Your backward propagation works"
     " perfectly fine! difference = \" + str(difference) + \"\\033[0m\")\n    return difference\n",
     "    denominator = np.linalg.norm(grad)\n    difference = numerator / denominator\n"
     "    return difference\n", "gradient_check_n", "difference"),
    # the central difference divided by eps, not 2 eps (1-D)
    ("gradapprox = (J_plus - J_minus) / (2 * epsilon)            # Step 5",
     "gradapprox = (J_plus - J_minus) / epsilon", "gradient_check", "difference"),
])
def test_a_classic_slip_fails_its_function(tmp_path, old, new, function, leaf):
    assert old in TEXT, old
    path = tmp_path / f"{function}.py"
    path.write_text(TEXT.replace(old, new, 1))
    result = check_file(path, "gradient_check")
    row = next(r for r in result.rows if r.function == function)
    assert row.status == "FAIL", row
    assert row.leaf.startswith(leaf), row
    assert result.status == 1

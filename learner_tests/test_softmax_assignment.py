"""`dl-parity check --as softmax` on a learner-style file (learner_tests/fixtures/
softmax_multiclass.py, written for this project): the correct file passes every function, and the
classic multi-class bugs fail the right function with a probable cause in words."""

from pathlib import Path

import pytest

from dlparity.learner.checking import check_file

FIXTURE = Path(__file__).parent / "fixtures" / "softmax_multiclass.py"
TEXT = FIXTURE.read_text()
FUNCTIONS = ("convert_to_one_hot", "compute_cost", "compute_cost_from_logits",
             "softmax_cross_entropy_backward", "L_model_forward", "L_model_backward", "predict")


def _row(result, function):
    return next(r for r in result.rows if r.function == function)


def test_the_correct_file_passes_every_function():
    result = check_file(FIXTURE, "softmax")
    assert {r.function: r.status for r in result.rows} == {f: "PASS" for f in FUNCTIONS}
    assert result.status == 0


BUGS = [
    # softmax over the examples (axis 1) instead of the classes
    ("shifted = Z - np.max(Z, axis=0, keepdims=True)\n    t = np.exp(shifted)\n"
     "    return t / np.sum(t, axis=0, keepdims=True)",
     "shifted = Z - np.max(Z, axis=1, keepdims=True)\n    t = np.exp(shifted)\n"
     "    return t / np.sum(t, axis=1, keepdims=True)", "L_model_forward", "AL",
     {"compute_cost": "PASS", "convert_to_one_hot": "PASS"}),
    # the cost without 1/m
    ("cost = -(1. / m) * np.sum(np.log(np.sum(Y * AL, axis=0)))",
     "cost = -np.sum(np.log(np.sum(Y * AL, axis=0)))", "compute_cost",
     "a missing 1/m (ratio m = 6)", {"compute_cost_from_logits": "PASS"}),
    # dZ without subtracting Y
    ("dZ = AL - Y", "dZ = AL", "softmax_cross_entropy_backward", "dZ",
     {"L_model_backward": "FAIL", "L_model_forward": "PASS"}),
    # one-hot in Keras's layout, one example per row
    ("Y = np.eye(C)[Y.reshape(-1)].T", "Y = np.eye(C)[Y.reshape(-1)]", "convert_to_one_hot",
     "Y is transposed: shape (6, 3), expected (3, 6)", {}),
]


@pytest.mark.parametrize("old,new,function,cause,others", BUGS, ids=[b[2] + f"-{k}" for k, b in
                                                                      enumerate(BUGS)])
def test_a_classic_bug_fails_its_function_with_the_cause(tmp_path, old, new, function, cause,
                                                         others):
    assert old in TEXT, old
    path = tmp_path / "mine.py"
    path.write_text(TEXT.replace(old, new))
    result = check_file(path, "softmax")
    failing = _row(result, function)
    assert failing.status == "FAIL"
    assert cause in f"{failing.cause} {failing.leaf}", failing
    for name, status in others.items():
        assert _row(result, name).status == status, (name, _row(result, name))
    assert result.status == 1

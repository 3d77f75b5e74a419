"""`dl-parity check --as practical` on a learner-style file (learner_tests/fixtures/
practical_toolkit.py, written for this project): the correct file passes every function, and the
classic slips fail the right function."""

from pathlib import Path

import pytest

from dlparity.learner.checking import check_file

FIXTURE = Path(__file__).parent / "fixtures" / "practical_toolkit.py"
TEXT = FIXTURE.read_text()
FUNCTIONS = ("normalization_statistics", "normalize_inputs", "train_dev_test_split",
             "flip_horizontal")


def _row(result, function):
    return next(r for r in result.rows if r.function == function)


def test_the_correct_file_passes_every_function():
    result = check_file(FIXTURE, "practical")
    assert {r.function: r.status for r in result.rows} == {f: "PASS" for f in FUNCTIONS}
    assert result.status == 0


BUGS = [
    # the sample variance where the notes (and Keras's Normalization) take 1/m: 10/9 at m = 10
    ("sigma2 = 1 / m * np.sum((X_train - mu) ** 2, axis=1, keepdims=True)",
     "sigma2 = np.var(X_train, axis=1, ddof=1, keepdims=True)", "normalization_statistics",
     "sigma2: off by a constant factor 1.11111"),
    # the notes' "x /= sigma^2" read literally
    ("return (X - mu) / np.sqrt(sigma2)", "return (X - mu) / sigma2", "normalize_inputs",
     "X_norm"),
    # the flip over the height axis
    ("return images[:, :, ::-1, :]", "return images[:, ::-1, :, :]", "flip_horizontal", "images"),
    # an unseeded split: a different permutation
    ("np.random.RandomState(seed).permutation(m)", "np.random.permutation(m)",
     "train_dev_test_split", "differs with no simple pattern"),
]


@pytest.mark.parametrize("old,new,function,cause", BUGS, ids=[b[2] for b in BUGS])
def test_a_classic_slip_fails_its_function(tmp_path, old, new, function, cause):
    assert old in TEXT, old
    path = tmp_path / "mine.py"
    path.write_text(TEXT.replace(old, new))
    result = check_file(path, "practical")
    failing = _row(result, function)
    assert failing.status == "FAIL"
    assert cause in f"{failing.cause} {failing.leaf}", failing
    others = [r for r in result.rows if r.function != function]
    assert all(r.status == "PASS" for r in others), [(r.function, r.status) for r in others]
    assert result.status == 1

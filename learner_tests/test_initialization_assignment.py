"""`dl-parity check --as initialization` on a learner's course-2 week-1 file: the correct file
passes as written, and the assignment's classic slips fail their function with the leaf named."""

from pathlib import Path

import pytest

from dlparity.learner.checking import check_file

FIXTURES = Path(__file__).parent / "fixtures"
TEXT = (FIXTURES / "initialization_export.py").read_text()
FUNCTIONS = ("initialize_parameters_zeros", "initialize_parameters_random",
             "initialize_parameters_he")
MODELS = {"model[he]": "SKIP"}          # the export stops before the model


def verdicts(result):
    return {r.function: r.status for r in result.rows}


def test_the_correct_file_passes_as_written():
    result = check_file(FIXTURES / "initialization_export.py", "initialization")
    assert verdicts(result) == {f: "PASS" for f in FUNCTIONS} | MODELS
    assert result.status == 0


def test_xavier_is_checked_on_request_only():
    result = check_file(FIXTURES / "initialization_export.py", "initialization", extended=True)
    assert verdicts(result)["initialize_parameters_xavier"] == "SKIP"


@pytest.mark.parametrize("old,new,function,leaf", [
    # the x10 forgotten: "large" random weights become standard normals
    ("np.random.randn(layers_dims[l], layers_dims[l-1]) * 10",
     "np.random.randn(layers_dims[l], layers_dims[l-1])", "initialize_parameters_random",
     "parameters.W1"),
    # He's factor over the fan-out n_l where the fan-in n_{l-1} belongs
    ("np.sqrt(2./layers_dims[l-1])", "np.sqrt(2./layers_dims[l])", "initialize_parameters_he",
     "parameters.W"),
    # the seed left out: other numbers from the same distribution (the check seeds nothing: the
    # assignment's function seeds np.random.seed(3) itself)
    ("    np.random.seed(3)\n    parameters = {}\n    L = len(layers_dims) - 1",
     "    parameters = {}\n    L = len(layers_dims) - 1", "initialize_parameters_he",
     "parameters.W"),
])
def test_a_classic_slip_fails_its_function(tmp_path, old, new, function, leaf):
    assert old in TEXT, old
    path = tmp_path / "mine.py"
    path.write_text(TEXT.replace(old, new))
    result = check_file(path, "initialization")
    row = next(r for r in result.rows if r.function == function)
    assert row.status == "FAIL", row
    assert row.leaf.startswith(leaf), row
    others = {f: s for f, s in verdicts(result).items() if f != function and f not in MODELS}
    assert set(others.values()) == {"PASS"}, others
    assert result.status == 1

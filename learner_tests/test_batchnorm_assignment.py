"""`dl-parity check --as batchnorm` on a learner-style file (learner_tests/fixtures/
batchnorm_step_by_step.py, written for this project): the correct file passes every function, and
the classic batch-norm bugs fail the right function with a probable cause in words."""

from pathlib import Path

import pytest

from dlparity.learner.checking import check_file

FIXTURE = Path(__file__).parent / "fixtures" / "batchnorm_step_by_step.py"
TEXT = FIXTURE.read_text()
FUNCTIONS = ("batch_statistics", "batchnorm_forward", "batchnorm_backward", "update_running_stats",
             "batchnorm_inference", "L_model_forward_bn", "L_model_backward_bn",
             "L_model_inference_bn")


def _row(result, function):
    return next(r for r in result.rows if r.function == function)


def test_the_correct_file_passes_every_function():
    result = check_file(FIXTURE, "batchnorm")
    assert {r.function: r.status for r in result.rows} == {f: "PASS" for f in FUNCTIONS}
    assert result.status == 0


BUGS = [
    # the unbiased variance (np.var's ddof=1, PyTorch's running variance) in training mode:
    # var is 6/5 of the biased one at m = 6, and every output built on it fails
    ("var = np.mean(np.square(Z - mu), axis=1, keepdims=True)",
     "var = np.var(Z, axis=1, ddof=1, keepdims=True)", "batch_statistics",
     "var: off by a constant factor 1.2",
     {"batchnorm_forward": "FAIL", "batchnorm_backward": "FAIL", "update_running_stats": "PASS"}),
    # dgamma without the sum over the examples
    ("dgamma = np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True)", "dgamma = dZ_tilde * Z_norm",
     "batchnorm_backward", "dgamma has shape (3, 6), expected (3, 1)",
     {"batchnorm_forward": "PASS"}),
    # the running average with the weights swapped (PyTorch's meaning of momentum)
    ("running_mean = momentum * running_mean + (1 - momentum) * mu",
     "running_mean = (1 - momentum) * running_mean + momentum * mu", "update_running_stats",
     "running_mean", {"batchnorm_inference": "PASS"}),
    # epsilon outside the root
    ("Z_norm = (Z - mu) / np.sqrt(var + epsilon)", "Z_norm = (Z - mu) / (np.sqrt(var) + epsilon)",
     "batchnorm_forward", "Z_tilde", {"batchnorm_backward": "PASS"}),
    # the network's dgamma without the network's 1/m (the layer's VJP carries none)
    ('grads["dgamma" + str(l)] = dgamma / m', 'grads["dgamma" + str(l)] = dgamma',
     "L_model_backward_bn", "grads.dgamma", {"L_model_forward_bn": "PASS"}),
    # the running variance updated with the unbiased variance of the mini-batch
    ("        mu, var = batch_statistics(Z)\n        mean_l",
     "        mu, var = batch_statistics(Z)\n        var = var * Z.shape[1] / (Z.shape[1] - 1)"
     "\n        mean_l", "L_model_forward_bn", "running", {"L_model_inference_bn": "PASS"}),
    # dbeta with the mean, not the sum: an extra 1/m
    ("dbeta = np.sum(dZ_tilde, axis=1, keepdims=True)",
     "dbeta = np.mean(dZ_tilde, axis=1, keepdims=True)", "batchnorm_backward",
     "dbeta: off by a constant factor 0.166667", {}),
]


@pytest.mark.parametrize("old,new,function,cause,others", BUGS, ids=[b[2] + f"-{k}" for k, b in
                                                                      enumerate(BUGS)])
def test_a_classic_bug_fails_its_function_with_the_cause(tmp_path, old, new, function, cause,
                                                         others):
    assert old in TEXT, old
    path = tmp_path / "mine.py"
    path.write_text(TEXT.replace(old, new))
    result = check_file(path, "batchnorm")
    failing = _row(result, function)
    assert failing.status == "FAIL"
    assert cause in f"{failing.cause} {failing.leaf}", failing
    for name, status in others.items():
        assert _row(result, name).status == status, (name, _row(result, name))
    assert result.status == 1

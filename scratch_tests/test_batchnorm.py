"""scratch.batchnorm (NumPy only): a golden step computed by hand, the course's gradient check of
the hand-derived backward pass, the backward pass's identities, the m = 1 and constant-unit edges,
input errors, and the weights file's /batchnorm group (conventions.batchnorm_state)."""

import numpy as np
import pytest
from gradcheck import THRESHOLD, numerical_gradient, relative_difference

from conventions import batchnorm_state, weights_file
from conventions.vocabulary import BATCHNORM_EPSILON, BATCHNORM_MOMENTUM
from scratch import batchnorm

# --- a golden step, every number worked out by hand (all exact in binary) ------------------------
# unit 1: Z = [1, 2, 3, 6]: mu = 3, deviations -2 -1 0 3, var = (4 + 1 + 0 + 9) / 4 = 3.5;
# epsilon = 0.5: s = sqrt(4) = 2, Z_norm = [-1, -0.5, 0, 1.5]; gamma 2, beta 1: [-1, 0, 1, 4].
# unit 2: Z = unit 1 - 4: the same Z_norm; gamma -1, beta 0: [1, 0.5, 0, -1.5].
Z = np.array([[1.0, 2.0, 3.0, 6.0], [-3.0, -2.0, -1.0, 2.0]])
GAMMA, BETA = np.array([[2.0], [-1.0]]), np.array([[1.0], [0.0]])
EPS = 0.5
Z_TILDE = np.array([[-1.0, 0.0, 1.0, 4.0], [1.0, 0.5, 0.0, -1.5]])
# backward, dZ_tilde = [1, 0, 0, 0] / [0, 0, 0, 1]; dZ_i = (m dZn_i - sum dZn - Zn_i sum dZn Zn) / (m s)
#   unit 1: dbeta 1, dgamma Zn_0 = -1, dZn = [2, 0, 0, 0], sums 2 and -2:
#           dZ = (4 dZn - 2 + 2 Zn) / 8 = [1/2, -3/8, -1/4, 1/8]
#   unit 2: dbeta 1, dgamma Zn_3 = 1.5, dZn = [0, 0, 0, -1], sums -1 and -1.5:
#           dZ = (4 dZn + 1 + 1.5 Zn) / 8 = [-1/16, 1/32, 1/8, -3/32]
DZ_TILDE = np.array([[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]])
DZ = np.array([[0.5, -0.375, -0.25, 0.125], [-1 / 16, 1 / 32, 1 / 8, -3 / 32]])
DGAMMA, DBETA = np.array([[-1.0], [1.5]]), np.array([[1.0], [1.0]])


def test_the_golden_forward_step():
    mu, var = batchnorm.batch_statistics(Z)
    np.testing.assert_array_equal(mu, [[3.0], [-1.0]])
    np.testing.assert_array_equal(var, [[3.5], [3.5]])          # biased: 14 / 4, not 14 / 3
    Z_tilde, cache = batchnorm.batchnorm_forward(Z, GAMMA, BETA, EPS)
    np.testing.assert_array_equal(Z_tilde, Z_TILDE)
    assert cache[0] is Z and cache[1] is GAMMA and cache[2] is BETA and cache[3] == EPS


def test_the_golden_backward_step():
    dZ, dgamma, dbeta = batchnorm.batchnorm_backward(DZ_TILDE, (Z, GAMMA, BETA, EPS))
    np.testing.assert_array_equal(dZ, DZ)
    np.testing.assert_array_equal(dgamma, DGAMMA)
    np.testing.assert_array_equal(dbeta, DBETA)


def test_the_golden_running_averages_and_inference():
    # momentum 0.75 weights the OLD value: 0.75 * 0 + 0.25 * [3, -1]; 0.75 * 1 + 0.25 * 3.5
    mean, var = batchnorm.update_running_stats(np.zeros((2, 1)), np.ones((2, 1)),
                                               np.array([[3.0], [-1.0]]), np.full((2, 1), 3.5),
                                               momentum=0.75)
    np.testing.assert_array_equal(mean, [[0.75], [-0.25]])
    np.testing.assert_array_equal(var, [[1.625], [1.625]])
    # with the batch's own statistics as the running ones, inference is the training forward
    out = batchnorm.batchnorm_inference(Z, GAMMA, BETA, np.array([[3.0], [-1.0]]),
                                        np.full((2, 1), 3.5), EPS)
    np.testing.assert_array_equal(out, Z_TILDE)


def test_the_defaults_are_the_vocabularys():
    assert BATCHNORM_EPSILON == 1e-8 and BATCHNORM_MOMENTUM == 0.9
    _, cache = batchnorm.batchnorm_forward(Z, GAMMA, BETA)
    assert cache[3] == BATCHNORM_EPSILON


# --- the course's gradient check of the hand-derived backward pass ------------------------------
@pytest.mark.parametrize("n,m", [(1, 2), (3, 5), (4, 1), (2, 16)])
def test_the_backward_pass_passes_the_gradient_check(n, m):
    rng = np.random.default_rng(10 * n + m)
    Z0 = rng.normal(size=(n, 1)) + rng.uniform(0.7, 3.0, (n, 1)) * rng.normal(size=(n, m))
    gamma, beta = rng.normal(size=(n, 1)), rng.normal(size=(n, 1))
    G = rng.normal(size=(n, m))                       # the loss sum(G * Z_tilde): dZ_tilde = G
    eps = 1e-3

    def loss(Z_, gamma_, beta_):
        return np.sum(G * batchnorm.batchnorm_forward(Z_, gamma_, beta_, eps)[0])

    dZ, dgamma, dbeta = batchnorm.batchnorm_backward(G, (Z0, gamma, beta, eps))
    for analytic, numeric in ((dZ, numerical_gradient(lambda x: loss(x, gamma, beta), Z0)),
                              (dgamma, numerical_gradient(lambda x: loss(Z0, x, beta), gamma)),
                              (dbeta, numerical_gradient(lambda x: loss(Z0, gamma, x), beta))):
        if m == 1 and analytic is dZ:
            assert np.all(analytic == 0) and np.all(np.abs(numeric) < 1e-8)
            continue
        assert relative_difference(analytic, numeric) < THRESHOLD


def test_the_backward_pass_keeps_its_identities():
    """Per unit: sum_i dZ_i = 0 (shifting a unit's Z leaves Z_norm unchanged), and scaling the
    deviations Z - mu by (1 + t) changes Z_norm only through epsilon, so
    sum_i dZ_i (Z_i - mu) = epsilon / (var + epsilon) * sum_k dZ_norm_k Z_norm_k."""
    rng = np.random.default_rng(3)
    Z0, G = rng.normal(size=(4, 9)) * 2 + 1, rng.normal(size=(4, 9))
    gamma, beta = rng.normal(size=(4, 1)), rng.normal(size=(4, 1))
    eps = 1e-1
    dZ, _, _ = batchnorm.batchnorm_backward(G, (Z0, gamma, beta, eps))
    mu, var = batchnorm.batch_statistics(Z0)
    Z_norm = (Z0 - mu) / np.sqrt(var + eps)
    bound = 64 * np.finfo(float).eps * np.abs(dZ).max() * np.abs(Z0 - mu).max()
    assert np.abs(dZ.sum(axis=1)).max() < 64 * np.finfo(float).eps * np.abs(dZ).max()
    scaled = eps / (var + eps) * np.sum(gamma * G * Z_norm, axis=1, keepdims=True)
    assert np.abs(np.sum(dZ * (Z0 - mu), axis=1, keepdims=True) - scaled).max() < bound
    assert np.abs(scaled).max() > 1e3 * bound               # the epsilon term is really there


def test_at_two_examples_the_input_gradient_is_scaled_by_epsilon():
    """m = 2: Z_norm = +-r, r^2 = var / (var + eps), and dZ_1 = -dZ_2 = gamma (g_1 - g_2) eps / (2 s^3):
    the terms ~gamma g / s cancel down to eps / (var + eps) of their size (why random parity
    draws at m = 2 can be ill-conditioned; dlparity.cases.batchnorm)."""
    Z2, G = np.array([[1.0, 4.0]]), np.array([[0.7, -0.2]])
    gamma, eps = np.array([[1.5]]), 1e-3
    dZ, _, _ = batchnorm.batchnorm_backward(G, (Z2, gamma, np.zeros((1, 1)), eps))
    s = np.sqrt(2.25 + eps)
    expected = 1.5 * 0.9 * eps / (2 * s ** 3)
    np.testing.assert_allclose(dZ, [[expected, -expected]], rtol=1e-9)


# --- edges ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_single_example_gives_beta_and_a_zero_input_gradient(dtype):
    Z1 = np.array([[3.0], [-7.0]], dtype)
    gamma, beta = np.array([[2.0], [0.5]], dtype), np.array([[0.25], [-1.0]], dtype)
    Z_tilde, cache = batchnorm.batchnorm_forward(Z1, gamma, beta)
    np.testing.assert_array_equal(Z_tilde, beta)
    dZ, dgamma, dbeta = batchnorm.batchnorm_backward(np.array([[1.5], [-2.0]], dtype), cache)
    np.testing.assert_array_equal(dZ, 0)
    np.testing.assert_array_equal(dgamma, 0)
    np.testing.assert_array_equal(dbeta, [[1.5], [-2.0]])
    assert Z_tilde.dtype == dZ.dtype == dtype


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_constant_unit_gives_beta_to_within_rounding(dtype):
    """var = 0 exactly or ~ulp^2 (the mean of equal values may round): Z_norm stays at
    ~ulp(c) / sqrt(epsilon), finite, so Z_tilde is beta within |gamma| ulp(c) / sqrt(epsilon)."""
    c, m = 0.1, 37
    Zc = np.full((1, m), c, dtype)
    gamma, beta = np.array([[3.0]], dtype), np.array([[0.5]], dtype)
    for epsilon in (BATCHNORM_EPSILON, 1e-3):
        Z_tilde, cache = batchnorm.batchnorm_forward(Zc, gamma, beta, epsilon)
        bound = 3.0 * 4 * np.finfo(dtype).eps * c / np.sqrt(np.float64(epsilon)) + np.finfo(dtype).eps
        assert np.all(np.isfinite(Z_tilde)) and np.abs(Z_tilde - beta).max() <= bound
        dZ, _, _ = batchnorm.batchnorm_backward(np.ones((1, m), dtype), cache)
        assert np.all(np.isfinite(dZ))


def test_the_variance_of_a_unit_with_a_large_mean_does_not_cancel():
    """Two passes (mean of squared deviations), not E[Z^2] - E[Z]^2: a unit at 1e8 with spread 1
    keeps its variance (the one-pass formula loses every digit there, or goes negative)."""
    Zl = 1e8 + np.array([[-1.0, 1.0, -1.0, 1.0]])
    _, var = batchnorm.batch_statistics(Zl)
    assert var[0, 0] == 1.0
    one_pass = np.mean(Zl ** 2) - np.mean(Zl) ** 2
    assert one_pass != 1.0


# --- input errors ---------------------------------------------------------------------------------
@pytest.mark.parametrize("call,error,message", [
    (lambda: batchnorm.batchnorm_forward(Z, GAMMA.T, BETA), ValueError,
     r"gamma: expected 2 rows, got shape \(1, 2\)"),
    (lambda: batchnorm.batchnorm_forward(Z, GAMMA, BETA.ravel()), ValueError,
     r"beta: expected a 2-D array, got shape \(2,\)"),
    (lambda: batchnorm.batchnorm_forward(Z, GAMMA.astype(np.float32), BETA), TypeError,
     r"gamma: expected dtype float64 \(the dtype of Z\), got float32"),
    (lambda: batchnorm.batchnorm_forward(Z, GAMMA, BETA, 0.0), ValueError,
     r"epsilon: expected a positive finite number, got 0.0"),
    (lambda: batchnorm.batchnorm_forward(Z, GAMMA, BETA, "1e-8"), TypeError,
     r"epsilon: expected a positive number, got '1e-8'"),
    (lambda: batchnorm.batchnorm_backward(DZ_TILDE.T, (Z, GAMMA, BETA, EPS)), ValueError,
     r"dZ_tilde: expected 2 rows, got shape \(4, 2\)"),
    (lambda: batchnorm.batchnorm_backward(DZ_TILDE, (Z, GAMMA, BETA)), TypeError,
     r"cache: expected the tuple \(Z, gamma, beta, epsilon\) batchnorm_forward returns, got "
     r"tuple of length 3"),
    (lambda: batchnorm.update_running_stats(np.zeros((2, 1)), -np.ones((2, 1)), np.zeros((2, 1)),
                                            np.ones((2, 1))), ValueError,
     r"running_var: expected non-negative variances, got -1.0 at row 0"),
    (lambda: batchnorm.update_running_stats(np.zeros((2, 1)), np.ones((2, 1)), np.zeros((2, 1)),
                                            np.ones((2, 1)), momentum=1.0), ValueError,
     r"momentum: expected a number in \[0, 1\) \(the weight of the old running value\), got 1.0"),
    (lambda: batchnorm.batchnorm_inference(Z, GAMMA, BETA, np.zeros((3, 1)), np.ones((2, 1))),
     ValueError, r"running_mean: expected 2 rows, got shape \(3, 1\)"),
    (lambda: batchnorm.batchnorm_forward(np.full((2, 3), np.nan), GAMMA, BETA), ValueError,
     r"Z: expected finite values, got 6 NaN/inf"),
])
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- the weights file's /batchnorm group ----------------------------------------------------------
def _network(dtype=np.float64):
    rng = np.random.default_rng(5)
    sizes = [4, 3, 2, 1]
    return {k: v.astype(dtype) for l in range(1, 4) for k, v in (
        (f"W{l}", rng.normal(size=(sizes[l], sizes[l - 1]))), (f"b{l}", np.zeros((sizes[l], 1))))}


def _state(parameters, layers=(1, 2), seed=6):
    rng = np.random.default_rng(seed)
    dtype = parameters["W1"].dtype
    state = {}
    for l in layers:
        n = parameters[f"b{l}"].shape[0]
        state |= {f"gamma{l}": rng.normal(size=(n, 1)).astype(dtype),
                  f"beta{l}": rng.normal(size=(n, 1)).astype(dtype),
                  f"running_mean{l}": rng.normal(size=(n, 1)).astype(dtype),
                  f"running_var{l}": rng.uniform(0.1, 3, (n, 1)).astype(dtype)}
    return state


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_the_batchnorm_group_round_trips_bit_for_bit(tmp_path, dtype):
    """gamma, beta and the running statistics after real training-mode steps are saved with the
    network and read back bit for bit, alongside the optimizer group."""
    parameters = _network(dtype)
    state = _state(parameters)
    rng = np.random.default_rng(7)
    for _ in range(3):                                        # statistics of three mini-batches
        Zb = rng.normal(size=(3, 8)).astype(dtype)
        mu, var = batchnorm.batch_statistics(Zb)
        state["running_mean1"], state["running_var1"] = batchnorm.update_running_stats(
            state["running_mean1"], state["running_var1"], mu, var)
    path = tmp_path / "bn.h5"
    optimizer = {"v": {f"d{k}": np.zeros_like(v) for k, v in parameters.items()}, "t": 3}
    weights_file.save_parameters(path, parameters, ["relu", "relu", "sigmoid"],
                                 extras={"batchnorm": state, "optimizer": optimizer})
    loaded = weights_file.load_parameters(path)
    assert sorted(loaded.extras) == ["batchnorm", "optimizer"]
    got = loaded.extras["batchnorm"]
    assert sorted(got) == sorted(state)
    for name, value in state.items():
        assert got[name].dtype == dtype and got[name].tobytes() == value.tobytes(), name


def test_a_group_for_some_layers_only_round_trips(tmp_path):
    parameters = _network()
    state = _state(parameters, layers=(2,))
    path = tmp_path / "bn.h5"
    weights_file.save_parameters(path, parameters, ["relu", "relu", "sigmoid"],
                                 extras={"batchnorm": state})
    assert sorted(weights_file.load_parameters(path).extras["batchnorm"]) == sorted(state)


@pytest.mark.parametrize("edit,message", [
    (lambda s: s.pop("beta1"), "missing array batchnorm['beta1']"),
    (lambda s: s.update(running_var2=-s["running_var2"]),
     "group 'batchnorm': running_var2 holds a negative variance"),
    (lambda s: s.update(gamma1=s["gamma1"].T), "batchnorm['gamma1'] has shape (1, 3), expected "
                                               "(3, 1) (the shape of b1)"),
    (lambda s: s.update(gamma4=s["gamma1"]), "group 'batchnorm': layer 4 named, but the network "
                                             "has 3 layers"),
    (lambda s: s.update(mu1=s["gamma1"]), "group 'batchnorm': unexpected entry 'mu1'"),
    (lambda s: s.update(running_mean1=s["running_mean1"].astype(np.float32)),
     "batchnorm['running_mean1'] holds float32 numbers, expected float64"),
    (lambda s: s.clear(), "group 'batchnorm': no layer"),
])
def test_a_bad_batchnorm_group_is_not_saved(tmp_path, edit, message):
    parameters = _network()
    state = _state(parameters)
    edit(state)
    path = tmp_path / "bn.h5"
    with pytest.raises(weights_file.WeightsFileError) as err:
        weights_file.save_parameters(path, parameters, ["relu", "relu", "sigmoid"],
                                     extras={"batchnorm": state})
    assert message in str(err.value)
    assert not path.exists()


def test_check_batchnorm_state_applies_the_files_checks():
    parameters = _network()
    state = _state(parameters)
    assert batchnorm_state.check_batchnorm_state(state, parameters).keys() == state.keys()
    with pytest.raises(ValueError, match=r"missing array batchnorm\['running_var1'\]"):
        batchnorm_state.check_batchnorm_state(
            {k: v for k, v in state.items() if k != "running_var1"}, parameters)

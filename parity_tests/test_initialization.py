"""Parity of `initialization` (course 2, week 1).

(1) The catalogue (dlparity/cases/initialization.py): every scheme, seeded, twin against twin,
    with its wrong variants. Both twins draw NumPy's legacy stream: bit for bit (asserted here).
(2) The course's seeded values (np.random.seed(3) in the assignment) in both twins.
(3) Keras's initialisers against the course's schemes, DISTRIBUTIONALLY (two generators never
    give equal samples): a two-sample Kolmogorov-Smirnov test between scratch's draws and Keras's,
    one-sample KS tests of each against the exact CDF (normal, normal truncated at 2 sigma,
    uniform), the variance within a bound derived from the sample size, and the support bounds.
    Each statistic's threshold is dlparity.statistics' (false alarm 1e-6 per test). Matching pairs
    pass; a wrong scale, fan mode, truncation or layout is caught.
"""

import math

import numpy as np
import pytest

from conventions.vocabulary import TRUNCATED_NORMAL_STD
from dlparity import statistics
from dlparity.testing import catalogue_tests
from scratch import deep as scratch_deep
from scratch import initialization as scratch

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")
from tfimpl import initialization as tfimpl  # noqa: E402

test_random_inputs, test_fixed_inputs, test_wrong_variants = catalogue_tests("initialization")

SCHEMES = ("zeros", "random", "he", "xavier", "glorot_normal", "glorot_uniform", "variance_scaling")


# --- (1) bit for bit ---------------------------------------------------------------------------------
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_the_twins_agree_bit_for_bit(scheme, dtype):
    dims = [7, 5, 5, 1, 3]
    kwargs = {} if scheme == "zeros" else {"seed": 11}
    ours = getattr(scratch, f"initialize_parameters_{scheme}")(dims, dtype=dtype, **kwargs)
    theirs = getattr(tfimpl, f"initialize_parameters_{scheme}")(dims, dtype=dtype, **kwargs)
    assert list(ours) == list(theirs)
    for key in ours:
        assert theirs[key].dtype.name == dtype == ours[key].dtype.name
        np.testing.assert_array_equal(ours[key], theirs[key].numpy(), err_msg=key)


def test_seed_none_draws_the_global_stream_as_the_course_does():
    state = np.random.get_state()
    try:
        for module in (scratch, tfimpl):
            np.random.seed(3)
            drawn = module.initialize_parameters_he([2, 4, 1], seed=None)
            np.testing.assert_array_equal(np.asarray(drawn["W1"]),
                                          np.asarray(module.initialize_parameters_he([2, 4, 1])["W1"]))
    finally:
        np.random.set_state(state)


def test_bad_arguments_are_named():
    for module in (scratch, tfimpl):
        with pytest.raises(ValueError, match="layers_dims|layer_dims"):
            module.initialize_parameters_he([3])
        with pytest.raises(ValueError, match="mode"):
            module.initialize_parameters_variance_scaling([3, 2], mode="fan_sideways")
        with pytest.raises(ValueError, match="distribution"):
            module.initialize_parameters_variance_scaling([3, 2], distribution="normal")
        with pytest.raises(TypeError, match="seed"):
            module.initialize_parameters_random([3, 2], seed="three")
        with pytest.raises(TypeError, match="dtype"):
            module.initialize_parameters_zeros([3, 2], dtype="int32")


# --- (2) the course's seeded values ------------------------------------------------------------
# initialize_parameters_random([3, 2, 1]) and initialize_parameters_he([2, 4, 1]) after the
# assignment's np.random.seed(3), as its notebook prints them (8 significant digits).
COURSE_RANDOM = {"W1": [[17.88628473, 4.36509851, 0.96497468], [-18.63492703, -2.77388203, -3.54758979]],
                 "W2": [[-0.82741481, -6.27000677]]}
COURSE_HE = {"W1": [[1.78862847, 0.43650985], [0.09649747, -1.8634927],
                    [-0.2773882, -0.35475898], [-0.08274148, -0.62700068]],
             "W2": [[-0.03098412, -0.33744411, -0.92904268, 0.62552248]]}


@pytest.mark.parametrize("module", [scratch, tfimpl], ids=["scratch", "tfimpl"])
@pytest.mark.parametrize("scheme,dims,expected", [("random", [3, 2, 1], COURSE_RANDOM),
                                                  ("he", [2, 4, 1], COURSE_HE)])
def test_the_courses_seeded_values(module, scheme, dims, expected):
    parameters = getattr(module, f"initialize_parameters_{scheme}")(dims)
    for key, value in expected.items():
        np.testing.assert_allclose(np.asarray(parameters[key]), value, rtol=0, atol=5e-9)
    for l in (1, 2):
        np.testing.assert_array_equal(np.asarray(parameters[f"b{l}"]), np.zeros((dims[l], 1)))


def test_zeros_are_zeros_of_the_courses_shapes():
    parameters = scratch.initialize_parameters_zeros([3, 2, 1])
    assert {k: v.shape for k, v in parameters.items()} == {"W1": (2, 3), "b1": (2, 1), "W2": (1, 2),
                                                           "b2": (1, 1)}
    assert not any(v.any() for v in parameters.values())


def test_xavier_is_he_over_sqrt_2_and_deeps_xavier_to_two_ulp():
    """The same draws: xavier = he / sqrt(2) up to rounding, and deep's randn / sqrt(n_prev)
    (course 1's application) within 2 ulp of the notes' randn * sqrt(1 / n_prev): 1 / n_prev and its
    root round twice where sqrt(n_prev) rounds once (each within half an ulp, then the product's)."""
    dims = [12288, 20, 7, 5, 1]
    xavier = scratch.initialize_parameters_xavier(dims, seed=1)
    he = scratch.initialize_parameters_he(dims, seed=1)
    deep = scratch_deep.initialize_parameters_deep(dims, "xavier", seed=1)
    for l in range(1, len(dims)):
        W = xavier[f"W{l}"]
        np.testing.assert_allclose(W, he[f"W{l}"] / np.sqrt(2), rtol=4 * np.finfo(float).eps)
        assert np.all(np.abs(W - deep[f"W{l}"]) <= 2 * np.spacing(np.abs(W))), l
    assert not np.array_equal(xavier["W1"], he["W1"])


def test_the_truncated_normal_is_redrawn_not_clipped():
    W = scratch.initialize_parameters_variance_scaling([500, 400], 2.0, seed=4)["W1"]
    bound = 2 * math.sqrt(2.0 / 500) / TRUNCATED_NORMAL_STD
    assert np.abs(W).max() <= bound
    # Within 0.1 % of the bound: n P(1.998 <= |x| <= 2) / P(|x| <= 2) = 200 000 * 0.004 * phi(2) / 0.9545
    # = 45 expected (Poisson, sd 6.7) when redrawn; 4.55 % = 9 100 when clipped.
    assert np.sum(np.abs(W) > 0.999 * bound) < 200


# --- (3) Keras's initialisers, distributionally ---------------------------------------------------
DIMS = [600, 400]                 # W1: (400, 600): fan_in 600, fan_out 400, 240 000 draws
FAN_IN, FAN_OUT = 600, 400
SEED = 5                          # scratch's legacy stream
KERAS_SEED = 7                    # Keras's generator


def _scratch_draws(scheme, seed=SEED, **kwargs):
    return getattr(scratch, f"initialize_parameters_{scheme}")(DIMS, seed=seed, **kwargs)["W1"].ravel()


def _keras_draws(initializer):
    return tfimpl.initialize_parameters_keras(DIMS, initializer)["W1"].numpy().ravel()


def _truncated(variance):
    sigma = math.sqrt(variance) / TRUNCATED_NORMAL_STD
    return statistics.truncated_normal_cdf(sigma, 2.0), 2 * sigma


def _normal(variance):
    return statistics.normal_cdf(math.sqrt(variance)), math.inf


def _uniform(limit):
    return statistics.uniform_cdf(limit), limit


# (Keras initialiser, the scratch scheme of the same distribution, its variance, its CDF and bound)
FAN_AVG = (FAN_IN + FAN_OUT) / 2
PAIRS = {
    "HeNormal": (lambda: keras.initializers.HeNormal(seed=KERAS_SEED),
                 ("variance_scaling", {"scale": 2.0}), 2 / FAN_IN, _truncated(2 / FAN_IN)),
    "LecunNormal": (lambda: keras.initializers.LecunNormal(seed=KERAS_SEED),
                    ("variance_scaling", {"scale": 1.0}), 1 / FAN_IN, _truncated(1 / FAN_IN)),
    "GlorotNormal": (lambda: keras.initializers.GlorotNormal(seed=KERAS_SEED),
                     ("variance_scaling", {"mode": "fan_avg"}), 1 / FAN_AVG, _truncated(1 / FAN_AVG)),
    "GlorotUniform": (lambda: keras.initializers.GlorotUniform(seed=KERAS_SEED),
                      ("glorot_uniform", {}), 1 / FAN_AVG, _uniform(math.sqrt(3 / FAN_AVG))),
    "VarianceScaling(2, fan_in, untruncated) = course he": (
        lambda: tfimpl.keras_initializer("he", seed=KERAS_SEED), ("he", {}), 2 / FAN_IN,
        _normal(2 / FAN_IN)),
    "VarianceScaling(1, fan_in, untruncated) = course xavier": (
        lambda: tfimpl.keras_initializer("xavier", seed=KERAS_SEED), ("xavier", {}), 1 / FAN_IN,
        _normal(1 / FAN_IN)),
    "VarianceScaling(1, fan_avg, untruncated) = glorot normal": (
        lambda: tfimpl.keras_initializer("glorot_normal", seed=KERAS_SEED), ("glorot_normal", {}),
        1 / FAN_AVG, _normal(1 / FAN_AVG)),
    "RandomNormal(stddev=10) = course random": (
        lambda: tfimpl.keras_initializer("random", seed=KERAS_SEED), ("random", {}), 100.0,
        _normal(100.0)),
    "keras_initializer('glorot_uniform')": (
        lambda: tfimpl.keras_initializer("glorot_uniform", seed=KERAS_SEED), ("glorot_uniform", {}),
        1 / FAN_AVG, _uniform(math.sqrt(3 / FAN_AVG))),
}


def agreement(ours, theirs, variance, cdf, bound):
    """The four checks as (name, passed, detail) rows."""
    rows = [statistics.ks_two_sample(ours, theirs)]
    rows += [statistics.ks_one_sample(x, cdf, label) for x, label in ((ours, "scratch"),
                                                                         (theirs, "keras"))]
    rows += [statistics.variance_check(x, variance, label) for x, label in ((ours, "scratch"),
                                                                            (theirs, "keras"))]
    rows += [statistics.bound_check(x, bound, label) for x, label in ((ours, "scratch"),
                                                                      (theirs, "keras"))]
    return rows


def _failing(rows):
    return [r for r in rows if not r.passed]


@pytest.mark.parametrize("name", list(PAIRS))
def test_keras_draws_the_same_distribution(name):
    """Each pair at its own seeds (scratch SEED + k, Keras KERAS_SEED + k): no two pairs share
    their draws, so each is separate evidence."""
    keras_init, (scheme, kwargs), variance, (cdf, bound) = PAIRS[name]
    k = list(PAIRS).index(name)
    initializer = keras_init()
    if hasattr(initializer, "seed"):
        initializer = initializer.__class__.from_config({**initializer.get_config(),
                                                         "seed": KERAS_SEED + k})
    rows = agreement(_scratch_draws(scheme, seed=SEED + k, **kwargs), _keras_draws(initializer),
                     variance, cdf, bound)
    assert not _failing(rows), "\n".join(map(str, rows))


def test_keras_zeros_are_the_courses_zeros():
    for l, W in enumerate([tfimpl.initialize_parameters_keras([3, 2, 1], "zeros")[k]
                           for k in ("W1", "W2")], start=1):
        np.testing.assert_array_equal(W.numpy(), scratch.initialize_parameters_zeros([3, 2, 1])[f"W{l}"])
    assert isinstance(tfimpl.keras_initializer("zeros"), keras.initializers.Zeros)


# Wrong pairings, each a classic confusion; every one must be caught by at least one check.
def _course_shape(initializer):
    """A Keras initialiser called on the course's W shape (n_l, n_{l-1}), not transposed: Keras
    reads fan_in = n_l."""
    return initializer((FAN_OUT, FAN_IN), dtype="float64").numpy().ravel()


WRONG = {
    "untruncated he vs Keras's HeNormal": (
        lambda: _scratch_draws("he"), lambda: _keras_draws(keras.initializers.HeNormal(seed=KERAS_SEED)),
        PAIRS["HeNormal"][2:], ("ks two-sample", "bound")),
    "truncated vs Keras's untruncated he": (
        lambda: _scratch_draws("variance_scaling", scale=2.0),
        lambda: _keras_draws(tfimpl.keras_initializer("he", seed=KERAS_SEED)),
        PAIRS["VarianceScaling(2, fan_in, untruncated) = course he"][2:], ("ks two-sample",)),
    "HeNormal on the course's shape (fan_in = n_l)": (
        lambda: _scratch_draws("variance_scaling", scale=2.0),
        lambda: _course_shape(keras.initializers.HeNormal(seed=KERAS_SEED)),
        PAIRS["HeNormal"][2:], ("ks two-sample", "variance")),
    "fan_out instead of fan_in": (
        lambda: _scratch_draws("variance_scaling", scale=1.0, mode="fan_out"),
        lambda: _keras_draws(keras.initializers.LecunNormal(seed=KERAS_SEED)),
        PAIRS["LecunNormal"][2:], ("ks two-sample", "variance")),
    "xavier vs Keras's He scale": (
        lambda: _scratch_draws("xavier"),
        lambda: _keras_draws(tfimpl.keras_initializer("he", seed=KERAS_SEED)),
        PAIRS["VarianceScaling(2, fan_in, untruncated) = course he"][2:], ("ks two-sample", "variance")),
    "course xavier vs Keras's LecunNormal (untruncated vs truncated)": (
        lambda: _scratch_draws("xavier"),
        lambda: _keras_draws(keras.initializers.LecunNormal(seed=KERAS_SEED)),
        PAIRS["LecunNormal"][2:], ("ks two-sample", "bound")),
    "course xavier vs Keras's GlorotNormal fan_avg (untruncated)": (
        lambda: _scratch_draws("xavier"),
        lambda: _keras_draws(tfimpl.keras_initializer("glorot_normal", seed=KERAS_SEED)),
        PAIRS["VarianceScaling(1, fan_in, untruncated) = course xavier"][2:],
        ("ks two-sample", "variance")),
    "GlorotUniform vs a LeCun-uniform limit sqrt(3 / fan_in)": (
        lambda: _scratch_draws("variance_scaling", scale=1.0, distribution="uniform"),
        lambda: _keras_draws(keras.initializers.GlorotUniform(seed=KERAS_SEED)),
        PAIRS["GlorotUniform"][2:], ("ks two-sample", "variance")),
}


@pytest.mark.parametrize("name", list(WRONG))
def test_a_wrong_pairing_is_caught(name):
    ours, theirs, (variance, (cdf, bound)), expected = WRONG[name]
    failing = _failing(agreement(ours(), theirs(), variance, cdf, bound))
    caught = {r.name for r in failing}
    assert all(any(c.startswith(e) for c in caught) for e in expected), (name, failing)


def test_the_truncation_gap_is_measured_against_its_threshold():
    """Truncated vs untruncated normals of one variance differ by D = 0.0167 at most (the exact
    CDFs); the two-sample threshold at n = m = 240 000 is 0.0078: caught with a margin of 2."""
    d = statistics.ks_two_sample(_scratch_draws("he"),
                                 _scratch_draws("variance_scaling", seed=SEED + 1, scale=2.0))
    assert d.statistic > 1.5 * d.threshold, d

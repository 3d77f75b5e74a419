"""scratch.initialization on its own (NumPy only): the course's published weights for its seeded
schemes, each scale formula checked on the same seed-3 draws, the truncated normal's redraw, the
defaults, the dtype, and bad input refused in words that name the argument.

The published numbers are the initialisation assignment's outputs (np.random.seed(3)):
random on [3, 2, 1] (randn * 10) and he on [2, 4, 1] (randn * sqrt(2 / n_prev)). The other schemes
draw the same standard normals, so their weights are he's times a ratio of scales written out here.
"""

import math

import numpy as np
import pytest

from scratch import initialization as init

RANDOM_W1 = [[17.88628473, 4.36509851, 0.96497468], [-18.63492703, -2.77388203, -3.54758979]]
RANDOM_W2 = [[-0.82741481, -6.27000677]]
HE_W1 = [[1.78862847, 0.43650985], [0.09649747, -1.8634927], [-0.2773882, -0.35475898],
         [-0.08274148, -0.62700068]]
HE_W2 = [[-0.03098412, -0.33744411, -0.92904268, 0.62552248]]
# the published figures carry 8 decimals: each is within half a unit of the 8th of the true draw
PRINTED = 5e-9


def _assert_layers(parameters, W1, W2, scale1=1.0, scale2=1.0):
    assert sorted(parameters) == ["W1", "W2", "b1", "b2"]
    for W, published, scale in (("W1", W1, scale1), ("W2", W2, scale2)):
        np.testing.assert_allclose(parameters[W], np.array(published) * scale, rtol=0,
                                   atol=PRINTED * max(1.0, scale))
    assert parameters["b1"].shape == (len(W1), 1) and not parameters["b1"].any()
    assert parameters["b2"].shape == (1, 1) and not parameters["b2"].any()


def test_zeros_gives_every_weight_and_bias_zero_in_the_course_shapes():
    p = init.initialize_parameters_zeros([3, 2, 1])
    assert {k: v.shape for k, v in p.items()} == {"W1": (2, 3), "b1": (2, 1), "W2": (1, 2), "b2": (1, 1)}
    assert not any(v.any() for v in p.values())
    assert {v.dtype for v in p.values()} == {np.dtype(np.float64)}


def test_random_defaults_reproduce_the_courses_published_weights():
    """Defaults scale=10, seed=3: the assignment's "large" random initialisation."""
    _assert_layers(init.initialize_parameters_random([3, 2, 1]), RANDOM_W1, RANDOM_W2)


def test_random_scale_multiplies_the_same_draws():
    _assert_layers(init.initialize_parameters_random([3, 2, 1], scale=0.01), RANDOM_W1, RANDOM_W2,
                   0.001, 0.001)


def test_he_defaults_reproduce_the_courses_published_weights():
    _assert_layers(init.initialize_parameters_he([2, 4, 1]), HE_W1, HE_W2)


def test_xavier_is_he_over_sqrt_2_on_the_same_draws():
    """sqrt(1 / n_prev) / sqrt(2 / n_prev) = 1 / sqrt(2) in every layer."""
    r = 1 / math.sqrt(2)
    _assert_layers(init.initialize_parameters_xavier([2, 4, 1]), HE_W1, HE_W2, r, r)


def test_glorot_normal_scales_by_fan_in_plus_fan_out():
    """Layer 1 (n_prev 2, n 4): he's scale 1 -> sqrt(2 / 6); layer 2 (4, 1): sqrt(2 / 4) -> sqrt(2 / 5)."""
    p = init.initialize_parameters_glorot_normal([2, 4, 1])
    _assert_layers(p, HE_W1, HE_W2, math.sqrt(2 / 6), math.sqrt(2 / 5) / math.sqrt(2 / 4))


def test_glorot_uniform_draws_numpys_uniform_between_minus_and_plus_the_limit():
    p = init.initialize_parameters_glorot_uniform([2, 4, 1], seed=5)
    stream = np.random.RandomState(5)
    l1, l2 = math.sqrt(6 / 6), math.sqrt(6 / 5)
    np.testing.assert_array_equal(p["W1"], stream.uniform(-l1, l1, (4, 2)))
    np.testing.assert_array_equal(p["W2"], stream.uniform(-l2, l2, (1, 4)))
    assert not p["b1"].any() and p["b1"].shape == (4, 1)


@pytest.mark.parametrize("mode,fan1,fan2", [("fan_in", 2, 4), ("fan_out", 4, 1), ("fan_avg", 3, 2.5)])
def test_variance_scaling_untruncated_is_he_rescaled_by_the_modes_fan(mode, fan1, fan2):
    """variance scale / fan: layer 1 has n_prev 2, n 4; layer 2 has n_prev 4, n 1."""
    p = init.initialize_parameters_variance_scaling([2, 4, 1], scale=3.0, mode=mode,
                                                    distribution="untruncated_normal")
    _assert_layers(p, HE_W1, HE_W2, math.sqrt(3.0 / fan1), math.sqrt(3.0 / fan2) / math.sqrt(2 / 4))


def test_variance_scaling_of_a_single_unit_layer_has_fan_one():
    """[1, 1]: fan_in = fan_out = fan_avg = 1, so W = draw * sqrt(scale)."""
    draw = np.random.RandomState(3).standard_normal((1, 1))
    for mode in ("fan_in", "fan_out", "fan_avg"):
        p = init.initialize_parameters_variance_scaling([1, 1], scale=4.0, mode=mode,
                                                        distribution="untruncated_normal")
        np.testing.assert_allclose(p["W1"], draw * 2.0, rtol=1e-15)


def test_variance_scaling_uniform_limit_is_sqrt_3_scale_over_fan():
    p = init.initialize_parameters_variance_scaling([2, 4, 1], scale=2.0, mode="fan_in",
                                                    distribution="uniform", seed=7)
    stream = np.random.RandomState(7)
    l1, l2 = math.sqrt(3 * 2.0 / 2), math.sqrt(3 * 2.0 / 4)
    np.testing.assert_allclose(p["W1"], stream.uniform(-l1, l1, (4, 2)), rtol=1e-15)
    np.testing.assert_allclose(p["W2"], stream.uniform(-l2, l2, (1, 4)), rtol=1e-15)


def test_truncated_normal_redraws_only_the_draws_beyond_two():
    """Seed 0's first standard normals: 1.764, 0.400, 0.979, 2.241 (beyond 2), 1.868, ...: a (4, 1)
    layer keeps the first three and takes 1.868 in place of 2.241; then divides by the std of the
    truncated normal (0.8796...) so that the variance stays scale / fan (Keras's default)."""
    draws = np.random.RandomState(0).standard_normal(5)
    assert abs(draws[3]) > 2 and all(abs(draws[[0, 1, 2, 4]]) <= 2)
    p = init.initialize_parameters_variance_scaling([1, 4], seed=0)          # scale 1, fan_in 1
    expected = draws[[0, 1, 2, 4]].reshape(4, 1) / 0.87962566103423978
    np.testing.assert_allclose(p["W1"], expected, rtol=1e-15)


def test_truncated_normal_redraws_every_entry_beyond_two_with_its_own_draw():
    """A (21, 1) layer from seed 0: entries 3 (2.241) and 20 (-2.553) are beyond 2; they take the
    next two draws, in row-major order, one each."""
    draws = np.random.RandomState(0).standard_normal(23)
    assert [i for i in range(21) if abs(draws[i]) > 2] == [3, 20] and all(abs(draws[21:]) <= 2)
    expected = draws[:21].copy()
    expected[[3, 20]] = draws[21:23]
    p = init.initialize_parameters_variance_scaling([1, 21], seed=0)
    np.testing.assert_allclose(p["W1"], expected.reshape(21, 1) / 0.87962566103423978, rtol=1e-15)


def test_truncated_normal_never_exceeds_two_stds_over_the_correction():
    p = init.initialize_parameters_variance_scaling([50, 200], scale=2.0, seed=1)
    bound = 2 * math.sqrt(2.0 / 50) / 0.87962566103423978
    W = p["W1"]
    assert np.abs(W).max() <= bound and np.abs(W).max() > 0.9 * bound      # many draws near the cut


def test_an_int_seed_leaves_numpys_global_stream_alone_and_none_draws_from_it():
    np.random.seed(11)
    expected_next = np.random.rand()
    np.random.seed(11)
    init.initialize_parameters_he([2, 4, 1], seed=3)
    assert np.random.rand() == expected_next
    np.random.seed(3)
    _assert_layers(init.initialize_parameters_he([2, 4, 1], seed=None), HE_W1, HE_W2)


@pytest.mark.parametrize("scheme", ["zeros", "random", "he", "xavier", "glorot_normal",
                                    "glorot_uniform", "variance_scaling"])
def test_float32_weights_and_biases(scheme):
    p = getattr(init, f"initialize_parameters_{scheme}")([3, 2, 1], dtype=np.float32)
    assert {v.dtype for v in p.values()} == {np.dtype(np.float32)}
    assert p["b1"].shape == (2, 1) and p["W2"].shape == (1, 2)


@pytest.mark.parametrize("kwargs,match", [
    ({"mode": "fan_sum"}, "mode: expected one of"),
    ({"distribution": "normal"}, "distribution: expected one of"),
    ({"scale": 0.0}, "scale: expected a positive"),
    ({"layers_dims": [3]}, r"layer_dims: expected \[n_0"),
    ({"layers_dims": [3, 0]}, r"layer_dims\[1\]: expected a positive integer"),
])
def test_variance_scaling_refuses_bad_arguments_by_name(kwargs, match):
    args = {"layers_dims": [3, 2, 1], **kwargs}
    with pytest.raises(ValueError, match=match):
        init.initialize_parameters_variance_scaling(**args)


def test_random_refuses_a_non_positive_scale_and_every_scheme_a_bad_dtype_or_seed():
    with pytest.raises(ValueError, match="scale: expected a positive"):
        init.initialize_parameters_random([3, 2, 1], scale=-10)
    with pytest.raises(TypeError, match="dtype: expected float32 or float64"):
        init.initialize_parameters_zeros([3, 2, 1], dtype=np.int32)
    with pytest.raises(TypeError, match="seed: expected an int"):
        init.initialize_parameters_he([3, 2, 1], seed="3")

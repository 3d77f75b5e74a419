"""conventions.layout: exact course <-> Keras conversions and the name rule table."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conventions import layout

dims = st.lists(st.integers(1, 7), min_size=2, max_size=6)
dtypes = st.sampled_from([np.float32, np.float64])


def random_parameters(sizes, dtype, rng):
    params = {}
    for l in range(1, len(sizes)):
        params[f"W{l}"] = rng.standard_normal((sizes[l], sizes[l - 1])).astype(dtype)
        params[f"b{l}"] = rng.standard_normal((sizes[l], 1)).astype(dtype)
    return params


@given(sizes=dims, dtype=dtypes, seed=st.integers(0, 2**31))
def test_round_trip_is_bit_exact(sizes, dtype, seed):
    params = random_parameters(sizes, dtype, np.random.default_rng(seed))
    weights = layout.parameters_to_keras_weights(params)
    for l in range(1, len(sizes)):
        assert weights[2 * l - 2].shape == (sizes[l - 1], sizes[l])     # kernel (in, out)
        assert weights[2 * l - 1].shape == (sizes[l],)                   # bias (out,)
    back = layout.parameters_from_keras_weights(weights)
    assert list(back) == list(params)
    for name in params:
        assert back[name].dtype == params[name].dtype
        assert back[name].tobytes() == params[name].tobytes(), name


@given(x=hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2),
                    elements=st.floats(allow_nan=False, width=64)))
def test_examples_round_trip_is_bit_exact(x):
    assert layout.examples_to_columns(layout.examples_to_rows(x)).tobytes() == x.tobytes()


@pytest.mark.parametrize("name, expected", [
    ("W1", ("", "W", 1)), ("db12", ("d", "b", 12)), ("v_dW3", ("v_d", "W", 3)),
    ("s_db2", ("s_d", "b", 2)), ("gamma1", ("", "gamma", 1)), ("dbeta4", ("d", "beta", 4)),
    ("running_var2", ("", "running_var", 2)),
])
def test_names_follow_the_rule_table(name, expected):
    assert layout.parse_name(name) == expected


def test_optimizer_state_and_gradients_convert_like_their_parameter():
    W = np.arange(6.0).reshape(2, 3)
    for name in ("W1", "dW1", "v_dW1", "s_dW1"):
        assert layout.to_keras_layout(name, W).shape == (3, 2)
    assert layout.to_keras_layout("v_db1", np.ones((2, 1))).shape == (2,)


def test_unknown_names_and_bad_shapes_are_named():
    with pytest.raises(KeyError, match="'Q1' is not a course parameter name"):
        layout.to_keras_layout("Q1", np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"b2: expected a column of shape \(n, 1\), got shape \(2,\)"):
        layout.to_keras_layout("b2", np.ones(2))
    with pytest.raises(ValueError, match=r"W2: expected shape \(n_2, 3\) to follow layer 1"):
        layout.layer_sizes({"W1": np.ones((3, 2)), "b1": np.ones((3, 1)),
                            "W2": np.ones((1, 4)), "b2": np.ones((1, 1))})
    with pytest.raises(KeyError, match="without gaps"):
        layout.num_layers({"W1": np.ones((3, 2)), "W3": np.ones((1, 3))})


def test_logistic_parameters_round_trip():
    w, b = np.array([[1.0], [2.0]]), np.float64(0.5)
    params = layout.logistic_to_parameters(w, b)
    assert params["W1"].shape == (1, 2) and params["b1"].shape == (1, 1)
    w2, b2 = layout.logistic_from_parameters(params)
    assert w2.tobytes() == w.tobytes() and float(b2) == 0.5


@given(sizes=dims, dtype=dtypes, seed=st.integers(0, 2**31))
def test_optimizer_state_converts_by_its_prefixed_names_and_back_exactly(sizes, dtype, seed):
    """conventions.optimizer_state's arrays (v_dW1, s_db2, ...) follow the rule of their base:
    v_dW like W (transpose to the kernel), v_db like b (ravel to the bias)."""
    from conventions import optimizer_state

    rng = np.random.default_rng(seed)
    params = random_parameters(sizes, dtype, rng)
    state = {"v": {f"d{k}": rng.standard_normal(v.shape).astype(dtype) for k, v in params.items()},
             "s": {f"d{k}": rng.random(v.shape).astype(dtype) for k, v in params.items()}, "t": 5}
    keras_state = optimizer_state.to_keras_layout(state)
    kernels = layout.parameters_to_keras_weights(params)
    for l in range(1, len(sizes)):
        for moment in ("v", "s"):
            assert keras_state[moment][f"dW{l}"].shape == kernels[2 * l - 2].shape
            assert keras_state[moment][f"db{l}"].shape == kernels[2 * l - 1].shape
            flat = f"{moment}_dW{l}"
            assert layout.to_keras_layout(flat, state[moment][f"dW{l}"]).tobytes() == (
                keras_state[moment][f"dW{l}"].tobytes())
    back = optimizer_state.check_optimizer_state(optimizer_state.from_keras_layout(keras_state), params)
    assert back["t"] == 5
    for moment in ("v", "s"):
        for name, value in state[moment].items():
            assert back[moment][name].dtype == value.dtype
            assert back[moment][name].tobytes() == value.tobytes(), (moment, name)

"""scratch.regularization's model and dropout functions in the details a wrong argument check or a
wrong stream would change: the course's defaults read without running 30 000 iterations (the
kernel `_model` replaced by a recorder), the masks drawn from the stream each seed names (hand
draws of np.random.RandomState), dtypes kept with float64 labels or masks, messages naming the
argument, and NumPy's warnings silenced only where reg_utils' nansum cost expects log(0). NumPy
only; every test well under a second."""

import re
import warnings

import numpy as np
import pytest

from scratch import regularization as reg

LAYERS = [3, 4, 2, 1]
ACTS = ["tanh", "tanh", "sigmoid"]


def _network(seed=0, m=5, dtype=np.float64):
    rng = np.random.RandomState(seed)
    X = rng.randn(LAYERS[0], m)
    Y = np.array([[1.0, 0.0, 1.0, 1.0, 0.0]])[:, :m]
    params = {}
    for l in range(1, len(LAYERS)):
        params[f"W{l}"] = rng.randn(LAYERS[l], LAYERS[l - 1])
        params[f"b{l}"] = rng.randn(LAYERS[l], 1) * 0.1
    return X.astype(dtype), Y, {k: v.astype(dtype) for k, v in params.items()}


def _hand_masks(stream, keep, m=5, sizes=LAYERS):
    """D{l} = rand(n_l, m) < keep_l, D1 first (the assignment's draws)."""
    return {f"D{l}": (stream.random_sample((sizes[l], m)) < keep[l - 1]).astype(np.float64)
            for l in range(1, len(sizes) - 1)}


def _forward(X, params, masks, keep):
    A, L = X, len(LAYERS) - 1
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        A = 1 / (1 + np.exp(-Z)) if l == L else np.tanh(Z)
        if l < L:
            A = A * masks[f"D{l}"] / keep[l - 1]
    return A


# --- dropout_masks ---------------------------------------------------------------------------------
def test_dropout_masks_draw_each_layer_with_its_own_keep_prob():
    masks = reg.dropout_masks(LAYERS, 5, [0.8, 0.3], seed=2)
    expected = _hand_masks(np.random.RandomState(2), [0.8, 0.3])
    assert list(masks) == ["D1", "D2"]
    for name, value in expected.items():
        assert np.array_equal(masks[name], value), name


def test_dropout_masks_default_keep_prob_is_one_half_from_seed_1():
    masks = reg.dropout_masks(LAYERS, 5)
    expected = _hand_masks(np.random.RandomState(1), [0.5, 0.5])
    for name, value in expected.items():
        assert np.array_equal(masks[name], value), name


def test_dropout_masks_seed_none_draws_from_the_global_stream():
    np.random.seed(4)
    masks = reg.dropout_masks(LAYERS, 5, 0.6, seed=None)
    expected = _hand_masks(np.random.RandomState(4), [0.6, 0.6])
    for name, value in expected.items():
        assert np.array_equal(masks[name], value), name


def test_dropout_masks_names_m():
    with pytest.raises(ValueError, match=r"^m: expected a positive integer, got 0$"):
        reg.dropout_masks(LAYERS, 0)


# --- L_model_forward_with_dropout / L_model_backward_with_dropout ----------------------------------
def test_forward_default_keep_prob_is_one_half_with_the_masks_of_seed_1():
    X, _, params = _network()
    AL, _, masks = reg.L_model_forward_with_dropout(X, params, activations=ACTS)
    expected = _hand_masks(np.random.RandomState(1), [0.5, 0.5])
    for name, value in expected.items():
        assert np.array_equal(masks[name], value), name
    np.testing.assert_allclose(AL, _forward(X, params, expected, [0.5, 0.5]), rtol=1e-13)


@pytest.mark.parametrize("seed", [7, None])
def test_forward_draws_from_the_seed_it_is_given(seed):
    X, _, params = _network()
    np.random.seed(7)                                # seed None: the global stream, seeded here
    _, _, masks = reg.L_model_forward_with_dropout(X, params, 0.6, ACTS, seed=seed)
    expected = _hand_masks(np.random.RandomState(7), [0.6, 0.6])
    for name, value in expected.items():
        assert np.array_equal(masks[name], value), name


def test_float32_dropout_stays_float32():
    X, Y, params = _network(dtype=np.float32)
    AL, caches, masks = reg.L_model_forward_with_dropout(X, params, 0.6, ACTS, seed=3)
    assert AL.dtype == np.float32 and all(D.dtype == np.float32 for D in masks.values())
    grads = reg.L_model_backward_with_dropout(AL, Y, caches, masks, 0.6, ACTS)
    assert all(g.dtype == np.float32 for g in grads.values())


def test_the_masks_must_have_m_columns():
    X, Y, params = _network()
    masks = _hand_masks(np.random.RandomState(0), [0.5, 0.5], m=4)
    message = "masks['D1']: expected 5 columns, got shape (4, 4)"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        reg.L_model_forward_with_dropout(X, params, 0.5, ACTS, masks=masks)
    AL, caches, _ = reg.L_model_forward_with_dropout(X, params, 0.5, ACTS)
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        reg.L_model_backward_with_dropout(AL, Y, caches, masks, 0.5, ACTS)


# --- the backward checks ---------------------------------------------------------------------------
def test_backward_checks_AL_rows_and_Y_columns():
    X, Y, params = _network()
    AL, caches, _ = reg.L_model_forward_with_dropout(X, params, 1.0, ACTS)
    two_rows = "AL: expected 1 rows, got shape (2, 5)"
    with pytest.raises(ValueError, match=f"^{re.escape(two_rows)}$"):
        reg.L_model_backward_with_regularization(np.vstack([AL, AL]), Y, caches, 0.1, ACTS)
    columns = "Y: expected 5 columns, got shape (1, 4)"
    with pytest.raises(ValueError, match=f"^{re.escape(columns)}$"):
        reg.L_model_backward_with_L1_regularization(AL, Y[:, :4], caches, 0.1, ACTS)


def test_float64_labels_keep_float32_gradients_and_costs():
    X, Y, params = _network(dtype=np.float32)
    AL, caches, _ = reg.L_model_forward_with_dropout(X, params, 1.0, ACTS)
    grads = reg.L_model_backward_with_L1_regularization(AL, Y, caches, 0.1, ACTS)
    assert all(g.dtype == np.float32 for g in grads.values())
    cost = reg.compute_cost_with_L1_regularization(AL, Y, params, 0.1)
    assert np.asarray(cost).dtype == np.float32
    message = "Y: expected 5 columns, got shape (1, 3)"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        reg.compute_cost_with_L1_regularization(AL, Y[:, :3], params, 0.1)


# --- model ------------------------------------------------------------------------------------------
def test_model_defaults_are_the_assignments(monkeypatch):
    """learning_rate 0.3, 30000 iterations, print_cost on, lambd 0, keep_prob 1, mask_seed 1."""
    X, Y, params = _network()
    calls = []
    monkeypatch.setattr(reg, "_model", lambda *args: calls.append(args))
    reg.model(X, Y, activations=ACTS, initial_parameters=params)
    args = calls[0]
    assert args[4:8] == (0.3, 30000, True, 0)
    assert list(args[8]) == [1.0, 1.0] and args[9] == 1 and args[10] is None


@pytest.mark.parametrize("change, error, message", [
    ({"X": np.zeros(5)}, ValueError, "X: expected a 2-D array, got shape (5,)"),
    ({"Y": np.zeros((1, 4))}, ValueError, "Y: expected 5 columns, got shape (1, 4)"),
    ({"progress": 3}, TypeError, "progress: expected None or a callable progress(i, cost), got 3"),
])
def test_model_names_the_bad_argument(change, error, message):
    X, Y, params = _network()
    arguments = {"X": X, "Y": Y, "activations": ACTS, "initial_parameters": params,
                 "num_iterations": 1, "print_cost": False, **change}
    with pytest.raises(error, match=f"^{re.escape(message)}"):
        reg.model(**arguments)


@pytest.mark.parametrize("keep_prob, own_stream", [(1, False), ([0.7, 0.5], False),
                                                  ([0.7, 0.5], True)])
def test_model_float32_stays_float32_with_float64_labels(keep_prob, own_stream):
    """Masks in X's dtype whether drawn once (an int mask_seed) or at every iteration (a
    RandomState)."""
    X, Y, params = _network(dtype=np.float32)
    mask_seed = np.random.RandomState(2) if own_stream else 1
    out = reg.model(X, Y, 0.1, 2, False, keep_prob=keep_prob, activations=ACTS,
                    initial_parameters=params, mask_seed=mask_seed)
    assert all(value.dtype == np.float32 for value in out.values())


def test_model_with_a_random_state_draws_new_masks_every_iteration():
    """mask_seed=RandomState(5): iteration 1 uses the stream's first masks, iteration 2 the next
    ones (the gradients by hand: dZ3 = A3 - Y, the masks applied again on the way back)."""
    X, Y, params = _network()
    keep = [0.7, 0.5]
    out = reg.model(X, Y, 0.1, 2, False, keep_prob=keep, activations=ACTS,
                    initial_parameters=params, mask_seed=np.random.RandomState(5))
    stream = np.random.RandomState(5)
    p = params
    for _ in range(2):
        p = _gd_step(X, Y, p, 0.1, _hand_masks(stream, keep), keep)
    for name in params:
        np.testing.assert_allclose(out[name], p[name], rtol=1e-12, atol=1e-14, err_msg=name)


def _gd_step(X, Y, p, lr, masks, keep):
    L, A, caches = len(LAYERS) - 1, X, []
    for l in range(1, L + 1):
        Z = p[f"W{l}"] @ A + p[f"b{l}"]
        caches.append((A, Z))
        A = 1 / (1 + np.exp(-Z)) if l == L else np.tanh(Z) * masks[f"D{l}"] / keep[l - 1]
    m, dZ, grads = X.shape[1], A - Y, {}
    for l in range(L, 0, -1):
        A_prev, _ = caches[l - 1]
        grads[f"W{l}"], grads[f"b{l}"] = dZ @ A_prev.T / m, dZ.sum(axis=1, keepdims=True) / m
        if l > 1:
            dA = (p[f"W{l}"].T @ dZ) * masks[f"D{l - 1}"] / keep[l - 2]
            dZ = dA * (1 - np.tanh(caches[l - 2][1]) ** 2)
    return {k: v - lr * grads[k] for k, v in p.items()}


@pytest.mark.parametrize("own_stream", [True, False])
def test_model_without_dropout_leaves_the_mask_stream_alone(own_stream):
    """keep_prob 1 draws no mask: a RandomState given as mask_seed (or, for None, NumPy's global
    stream) is where it was."""
    X, Y, params = _network()
    mask_seed = np.random.RandomState(0) if own_stream else None
    np.random.seed(0)
    reg.model(X, Y, 0.1, 2, False, keep_prob=1, activations=ACTS, initial_parameters=params,
              mask_seed=mask_seed)
    stream = np.random if mask_seed is None else mask_seed
    assert stream.random_sample() == np.random.RandomState(0).random_sample()


def test_a_saturated_output_costs_no_warning():
    """Every output exactly 1.0 (b3 = 800) on labels 1: log(1 - AL) = log 0 and (1 - Y) * -inf =
    nan, which the nansum cost skips (cost 0) without a RuntimeWarning."""
    X, _, params = _network()
    params["b3"] = np.array([[800.0]])
    seen = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        reg.model(X, np.ones((1, 5)), 0.1, 1, False, activations=ACTS, initial_parameters=params,
                  progress=lambda i, cost: seen.append(float(cost)))
    assert seen == [0.0]

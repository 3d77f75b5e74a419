"""scratch.deep on its own (NumPy only): the course's gradient check, shapes, the course's
initialisation stream, training progress and input validation."""

import numpy as np
import pytest

from conventions.vocabulary import ACTIVATIONS, COST_EVERY
from scratch import deep

EPSILON = 1e-7          # the course's gradient_check_n
THRESHOLD = 2e-7        # the course: "difference > 2e-7" means a mistake in backward propagation


def _network(seed, hidden, sizes=(4, 5, 3, 1), m=6, gap=1e-3):
    """Parameters, X, Y for [4, 5, 3, 1] with `hidden` on both hidden layers, every pre-activation
    of a kinked layer at least `gap` from 0 (central differences straddling a kink are wrong)."""
    rng = np.random.default_rng(seed)
    activations = [hidden] * (len(sizes) - 2) + ["sigmoid"]
    for _ in range(1000):
        parameters = {}
        for l in range(1, len(sizes)):
            parameters[f"W{l}"] = rng.standard_normal((sizes[l], sizes[l - 1])) / np.sqrt(sizes[l - 1])
            parameters[f"b{l}"] = 0.5 * rng.standard_normal((sizes[l], 1))
        X = rng.standard_normal((sizes[0], m))
        _, caches = deep.L_model_forward(X, parameters, activations)
        Zs = [cache[1] for cache in caches]
        if hidden not in ("relu", "leaky_relu") or min(np.abs(Z).min() for Z in Zs[:-1]) > gap:
            Y = (rng.random((1, m)) < 0.5).astype(float)
            return parameters, X, Y, activations
    raise RuntimeError("no network away from the kinks")


def _cost(X, Y, parameters, activations):
    AL, _ = deep.L_model_forward(X, parameters, activations)
    return float(deep.compute_cost(AL, Y))


def _difference(grad, approx):
    return np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx))


def _gradient_check(parameters, X, Y, activations):
    """The course's gradient_check_n over every W, b and X (dA0 = m * dJ/dX, the course's dA)."""
    AL, caches = deep.L_model_forward(X, parameters, activations)
    grads = deep.L_model_backward(AL, Y, caches, activations)
    grad, approx = [], []
    for name in parameters:
        for index in np.ndindex(parameters[name].shape):
            plus = {k: v.copy() for k, v in parameters.items()}
            minus = {k: v.copy() for k, v in parameters.items()}
            plus[name][index] += EPSILON
            minus[name][index] -= EPSILON
            approx.append((_cost(X, Y, plus, activations) - _cost(X, Y, minus, activations))
                          / (2 * EPSILON))
            grad.append(grads[f"d{name}"][index])
    for index in np.ndindex(X.shape):
        plus, minus = X.copy(), X.copy()
        plus[index] += EPSILON
        minus[index] -= EPSILON
        approx.append((_cost(plus, Y, parameters, activations)
                       - _cost(minus, Y, parameters, activations)) / (2 * EPSILON))
        grad.append(grads["dA0"][index] / X.shape[1])
    return _difference(np.array(grad), np.array(approx))


@pytest.mark.parametrize("hidden", ACTIVATIONS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradient_check_of_L_model_backward(hidden, seed):
    difference = _gradient_check(*_network(seed, hidden))
    assert difference < THRESHOLD, f"{hidden}: relative difference {difference:.2e}"


def test_gradient_check_catches_a_wrong_backward(monkeypatch):
    """The check itself can fail: relu's derivative taken as 1 everywhere."""
    network = _network(0, "relu")
    monkeypatch.setitem(deep._activations.BACKWARD, "relu", lambda dA, Z: dA)
    assert _gradient_check(*network) > THRESHOLD


def test_shapes_and_course_keys():
    sizes = [7, 5, 4, 3, 1]
    parameters = deep.initialize_parameters_deep(sizes, "he", seed=3)
    X = np.random.default_rng(0).standard_normal((7, 11))
    Y = np.ones((1, 11))
    AL, caches = deep.L_model_forward(X, parameters)
    assert AL.shape == (1, 11) and len(caches) == 4
    for l, ((A_prev, W, b), Z) in enumerate(caches, start=1):
        assert A_prev.shape == (sizes[l - 1], 11)
        assert W.shape == (sizes[l], sizes[l - 1]) and b.shape == (sizes[l], 1)
        assert Z.shape == (sizes[l], 11)
    grads = deep.L_model_backward(AL, Y, caches)
    assert list(grads) == ["dA3", "dW4", "db4", "dA2", "dW3", "db3", "dA1", "dW2", "db2",
                           "dA0", "dW1", "db1"]
    for l in range(1, 5):
        assert grads[f"dW{l}"].shape == parameters[f"W{l}"].shape
        assert grads[f"db{l}"].shape == parameters[f"b{l}"].shape
        assert grads[f"dA{l - 1}"].shape == (sizes[l - 1], 11)
    assert deep.compute_cost(AL, Y).shape == ()
    assert deep.predict(X, Y, parameters).shape == (1, 11)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept(dtype):
    parameters = deep.initialize_parameters_deep([3, 2, 1], dtype=dtype, seed=0)
    X = np.ones((3, 4), dtype=dtype)
    Y = np.array([[0, 1, 0, 1]], dtype=dtype)
    AL, caches = deep.L_model_forward(X, parameters)
    grads = deep.L_model_backward(AL, Y, caches)
    assert AL.dtype == dtype and deep.compute_cost(AL, Y).dtype == dtype
    assert all(g.dtype == dtype for g in grads.values())
    updated = deep.update_parameters(parameters, grads, 0.1)
    assert all(v.dtype == dtype for v in updated.values())


def test_initialisation_reproduces_the_course_streams():
    """seed=1 gives exactly np.random.seed(1) followed by the course's randn calls."""
    state = np.random.get_state()
    try:
        np.random.seed(1)
        W1 = np.random.randn(7, 12288) * 0.01
        W2 = np.random.randn(1, 7) * 0.01
        two_layer = deep.initialize_parameters_deep([12288, 7, 1], 0.01, seed=1)
        assert np.array_equal(two_layer["W1"], W1) and np.array_equal(two_layer["W2"], W2)
        assert not two_layer["b1"].any() and two_layer["b2"].shape == (1, 1)

        dims = [12288, 20, 7, 5, 1]
        np.random.seed(1)
        expected = [np.random.randn(dims[l], dims[l - 1]) / np.sqrt(dims[l - 1])
                    for l in range(1, 5)]
        four_layer = deep.initialize_parameters_deep(dims, "xavier", seed=1)
        assert all(np.array_equal(four_layer[f"W{l}"], expected[l - 1]) for l in range(1, 5))

        np.random.seed(1)
        from_global = deep.initialize_parameters_deep([5, 3, 1], "he")   # seed=None: global stream
        np.random.seed(1)
        assert np.array_equal(from_global["W1"], np.random.randn(3, 5) * np.sqrt(2 / 5))
    finally:
        np.random.set_state(state)


def test_update_parameters_does_not_modify_its_inputs():
    parameters = deep.initialize_parameters_deep([3, 2, 1], seed=0)
    before = {k: v.copy() for k, v in parameters.items()}
    grads = {f"d{k}": np.ones_like(v) for k, v in parameters.items()}
    updated = deep.update_parameters(parameters, grads, 0.5)
    assert all(np.array_equal(parameters[k], before[k]) for k in parameters)
    assert np.array_equal(updated["W1"], before["W1"] - 0.5)


def test_training_decreases_the_cost_and_records_every_100_iterations(capsys):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((4, 50))
    Y = (X[:1] + X[1:2] > 0).astype(float)
    parameters, costs = deep.L_layer_model(X, Y, [4, 5, 3, 1], learning_rate=0.1,
                                           num_iterations=301, print_cost=True)
    assert len(costs) == 4                                   # iterations 0, 100, 200, 300
    assert all(b < a for a, b in zip(costs, costs[1:]))
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("Cost after iteration 0: ")
    assert printed[-1].startswith("Cost after iteration 300: ")
    p = deep.predict(X, Y, parameters)
    assert deep.accuracy(p, Y) > 80
    assert capsys.readouterr().out == ""                     # predict prints only when asked
    deep.predict(X, Y, parameters, print_accuracy=True)
    assert capsys.readouterr().out.startswith("Accuracy: ")


def test_progress_is_called_at_every_recorded_iteration_with_the_recorded_cost():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((3, 20))
    Y = (X[:1] > 0).astype(float)
    calls = []
    _, costs = deep.L_layer_model(X, Y, [3, 4, 1], 0.1, 2 * COST_EVERY["deep"] + 1,
                                  progress=lambda i, cost: calls.append((i, cost)))
    assert [i for i, _ in calls] == [0, COST_EVERY["deep"], 2 * COST_EVERY["deep"]]
    assert all(np.array_equal(c, r) and np.ndim(c) == 0 for (_, c), r in zip(calls, costs))
    with pytest.raises(TypeError, match=r"progress: expected None or a callable"):
        deep.L_layer_model(X, Y, [3, 4, 1], num_iterations=1, progress=5)


def test_L_model_backward_computes_from_independent_AL_and_caches():
    """The course's test cell draws AL and the caches independently: the gradients are the chain
    rule applied to exactly those arguments (here, layer by layer with the public functions)."""
    rng = np.random.default_rng(2)
    sizes, m = [3, 3, 3, 1], 1                                  # square layers, one example
    caches = [((rng.standard_normal((sizes[l - 1], m)), rng.standard_normal((sizes[l], sizes[l - 1])),
                rng.standard_normal((sizes[l], 1))), rng.standard_normal((sizes[l], m)))
              for l in range(1, 4)]
    AL, Y = np.array([[0.3]]), np.array([[1.0]])
    grads = deep.L_model_backward(AL, Y, caches, ["tanh", "relu", "sigmoid"])
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l, activation in zip((3, 2, 1), ("sigmoid", "relu", "tanh")):
        dA, dW, db = deep.linear_activation_backward(dA, caches[l - 1], activation)
        assert np.array_equal(grads[f"dW{l}"], dW) and np.array_equal(grads[f"db{l}"], db)
        assert np.array_equal(grads[f"dA{l - 1}"], dA)


def test_initial_parameters_are_not_modified_and_must_match_layers_dims():
    X, Y = np.ones((3, 4)), np.array([[0.0, 1.0, 1.0, 0.0]])
    start = deep.initialize_parameters_deep([3, 2, 1], seed=0)
    copy = {k: v.copy() for k, v in start.items()}
    deep.L_layer_model(X, Y, None, num_iterations=3, initial_parameters=start)
    assert all(np.array_equal(start[k], copy[k]) for k in start)
    with pytest.raises(ValueError, match=r"layers_dims: \[3, 4, 1\] does not match"):
        deep.L_layer_model(X, Y, [3, 4, 1], num_iterations=1, initial_parameters=start)


# --- validation -------------------------------------------------------------------------------------
PARAMETERS = {"W1": np.ones((2, 3)), "b1": np.zeros((2, 1)), "W2": np.ones((1, 2)),
              "b2": np.zeros((1, 1))}


@pytest.mark.parametrize("call,error,message", [
    (lambda: deep.L_model_forward(np.ones(3), PARAMETERS), ValueError, r"X: expected a 2-D array"),
    (lambda: deep.L_model_forward(np.ones((4, 5)), PARAMETERS), ValueError,
     r"X: expected 3 rows, got shape \(4, 5\)"),
    (lambda: deep.L_model_forward(np.full((3, 2), np.nan), PARAMETERS), ValueError,
     r"X: expected finite values, got 6 NaN"),
    (lambda: deep.L_model_forward(np.ones((3, 2)), {**PARAMETERS, "W2": np.ones((1, 3))}),
     ValueError, r"W2: expected shape \(n_2, 2\)"),
    (lambda: deep.L_model_forward(np.ones((3, 2)), PARAMETERS, ["relu", "softmax"]), ValueError,
     r"activations\[1\] \(layer 2\): expected one of"),
    (lambda: deep.L_model_forward(np.ones((3, 2)), PARAMETERS, ["relu"]), ValueError,
     r"activations: expected 2 names"),
    (lambda: deep.L_model_forward(np.ones((3, 2), np.float32), PARAMETERS), TypeError,
     r"expected one float dtype"),
    (lambda: deep.compute_cost(np.full((1, 3), 0.5), np.array([[0, 1, 2]])), ValueError,
     r"Y: expected labels in \{0, 1\}, got values \[2"),
    (lambda: deep.compute_cost(np.full((1, 3), 0.5), np.array([0, 1, 1])), ValueError,
     r"Y: expected a 2-D array"),
    (lambda: deep.compute_cost(np.full((1, 3), 0.5), np.ones((1, 4))), ValueError,
     r"Y: expected 3 columns"),
    (lambda: deep.linear_backward(np.ones((2, 5)), (np.ones((3, 4)), np.ones((2, 3)),
                                                    np.ones((2, 1)))), ValueError,
     r"dZ: expected 4 columns"),
    (lambda: deep.linear_forward(np.ones((3, 4)), np.ones((2, 3)), np.ones((2,))), ValueError,
     r"linear_forward: b: expected a 2-D array"),
    (lambda: deep.linear_activation_backward(np.ones((2, 4)), ((np.ones((3, 4)), np.ones((2, 3)),
                                                                np.ones((2, 1))), np.ones((2, 4))),
                                             "swish"), ValueError, r"activation: expected one of"),
    (lambda: deep.L_model_backward(np.full((1, 2), 0.5), np.ones((1, 2)), []), ValueError,
     r"caches: expected one cache per layer"),
    (lambda: deep.L_model_backward(
        np.full((1, 2), 0.5), np.ones((1, 2)),
        [((np.ones((3, 2)), np.ones((4, 3)), np.ones((4, 1))), np.ones((4, 2))),
         ((np.ones((5, 2)), np.ones((1, 5)), np.ones((1, 1))), np.ones((1, 2)))]), ValueError,
     r"caches\[1\]\[0\]: A_prev: expected shape \(4, 2\) \(the shape of caches\[0\]'s Z\), "
     r"got \(5, 2\)"),
    (lambda: deep.L_model_backward(np.full((1, 3), 0.5), np.ones((1, 3)),
                                   [((np.ones((3, 2)), np.ones((1, 3)), np.ones((1, 1))),
                                     np.ones((1, 2)))]), ValueError, r"AL: expected 2 columns"),
    (lambda: deep.update_parameters(PARAMETERS, {f"d{k}": np.ones((3, 3)) for k in PARAMETERS},
                                    0.1), ValueError, r"grads\['dW1'\]: expected 2 rows"),
    (lambda: deep.update_parameters(PARAMETERS, {"dW1": np.ones((2, 3))}, 0.1), KeyError,
     r"grads: missing 'db1'"),
    (lambda: deep.update_parameters(PARAMETERS, {f"d{k}": v for k, v in PARAMETERS.items()}, -1),
     ValueError, r"learning_rate: expected a positive finite number"),
    (lambda: deep.initialize_parameters_deep([3]), ValueError, r"layer_dims: expected"),
    (lambda: deep.initialize_parameters_deep([3, 0, 1]), ValueError, r"layer_dims\[1\]"),
    (lambda: deep.initialize_parameters_deep([3, 1], scale="glorot"), ValueError,
     r"scale: expected one of \['he', 'xavier'\]"),
    (lambda: deep.L_layer_model(np.ones((3, 2)), np.ones((1, 2)), [3, 1], num_iterations=-1),
     ValueError, r"num_iterations: expected a non-negative integer"),
    (lambda: deep.L_layer_model(np.ones((3, 2)), np.ones((1, 2)), None), ValueError,
     r"layers_dims: required"),
])
def test_bad_inputs_are_refused_with_a_message(call, error, message):
    with pytest.raises(error, match=message):
        call()

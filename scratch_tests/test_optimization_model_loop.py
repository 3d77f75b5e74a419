"""scratch.optimization.model's loop against a reference written here from the assignment's
description (NumPy only, no call into scratch's math), on a tiny network so that each test runs
in well under a second:

    weights: np.random.RandomState(3), W{l} = randn(n_l, n_{l-1}) * sqrt(2 / n_{l-1}), b{l} = 0
    seed = 10, seed + 1 before each epoch: the columns permuted by RandomState(seed), cut into
    mini-batches of mini_batch_size (the last one partial); the summed cross-entropy of each
    mini-batch before its update; dZL = (AL - Y) / m_batch, dW = dZ A_prev^T, db = sum dZ,
    dZ_prev = W^T dZ * (A_prev > 0); t + 1 before each update of gd, momentum, RMSprop (epsilon
    outside the root) or Adam; the epoch cost = its summed costs / m, recorded at epochs 0, 100,
    ..., printed at 0, 1000, ...

The course's published moons figures (10 000 epochs) are in test_optimization_model.py."""

import re

import numpy as np
import pytest

from scratch import deep, optimization

LAYERS = [3, 4, 3, 1]
SETTINGS = {"learning_rate": 0.05, "mini_batch_size": 3, "beta": 0.8, "beta1": 0.85,
            "beta2": 0.99, "epsilon": 1e-3}


def data():
    rng = np.random.RandomState(5)
    X = rng.standard_normal((3, 7))
    Y = np.array([[1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0]])
    return X, Y


def he(sizes, seed=3):
    stream = np.random.RandomState(seed)
    p = {}
    for l in range(1, len(sizes)):
        p[f"W{l}"] = stream.randn(sizes[l], sizes[l - 1]) * np.sqrt(2 / sizes[l - 1])
        p[f"b{l}"] = np.zeros((sizes[l], 1))
    return p


def grads_and_cost(x, y, p):
    L = len(p) // 2
    A, cache = x, []
    for l in range(1, L + 1):
        Z = p[f"W{l}"] @ A + p[f"b{l}"]
        cache.append(A)
        A = 1 / (1 + np.exp(-Z)) if l == L else np.maximum(Z, 0)
    cost = np.sum(-y * np.log(A) - (1 - y) * np.log(1 - A))
    dZ, grads = (A - y) / x.shape[1], {}
    for l in range(L, 0, -1):
        grads[f"W{l}"] = dZ @ cache[l - 1].T
        grads[f"b{l}"] = dZ.sum(axis=1, keepdims=True)
        dZ = (p[f"W{l}"].T @ dZ) * (cache[l - 1] > 0)
    return grads, cost


def reference(X, Y, optimizer, epochs, p, v=None, s=None, t=0, first_epoch=0, learning_rate=0.05,
              mini_batch_size=3, beta=0.8, beta1=0.85, beta2=0.99, epsilon=1e-3, decay=None):
    p = {k: a.copy() for k, a in p.items()}
    v = {k: np.zeros_like(a) for k, a in p.items()} if v is None else dict(v)
    s = {k: np.zeros_like(a) for k, a in p.items()} if s is None else dict(s)
    m, costs, rate = X.shape[1], {}, learning_rate
    if decay is not None and first_epoch > 0:
        rate = decay(learning_rate, first_epoch - 1)
    for epoch in range(first_epoch, first_epoch + epochs):
        order = np.random.RandomState(10 + 1 + epoch).permutation(m)
        total = 0.0
        for start in range(0, m, mini_batch_size):
            cols = order[start:start + mini_batch_size]
            grads, cost = grads_and_cost(X[:, cols], Y[:, cols], p)
            total += cost
            t += 1
            for k, g in grads.items():
                if optimizer == "gd":
                    p[k] = p[k] - rate * g
                elif optimizer == "momentum":
                    v[k] = beta * v[k] + (1 - beta) * g
                    p[k] = p[k] - rate * v[k]
                elif optimizer == "rmsprop":
                    s[k] = beta * s[k] + (1 - beta) * g * g
                    p[k] = p[k] - rate * g / (np.sqrt(s[k]) + epsilon)
                else:
                    v[k] = beta1 * v[k] + (1 - beta1) * g
                    s[k] = beta2 * s[k] + (1 - beta2) * g * g
                    p[k] = p[k] - rate * (v[k] / (1 - beta1 ** t)) / (
                        np.sqrt(s[k] / (1 - beta2 ** t)) + epsilon)
        costs[epoch] = total / m
        if decay is not None:
            rate = decay(learning_rate, epoch)
    return p, costs, v, s, t


MOMENTS = {"gd": (), "momentum": ("v",), "rmsprop": ("s",), "adam": ("v", "s")}


def assert_close(actual, expected, what):
    assert sorted(actual) == sorted(expected), what
    for name, value in expected.items():
        assert actual[name].shape == value.shape, (what, name)
        np.testing.assert_allclose(actual[name], value, rtol=1e-11, atol=1e-14,
                                   err_msg=f"{what} {name}")


@pytest.mark.parametrize("optimizer", MOMENTS)
def test_three_epochs_of_each_optimizer(optimizer, capsys):
    X, Y = data()
    p, costs, checkpoint = optimization.model(X, Y, LAYERS, optimizer, num_epochs=3,
                                              print_cost=False, return_checkpoint=True, **SETTINGS)
    ep, ecosts, ev, es, et = reference(X, Y, optimizer, 3, he(LAYERS))
    assert_close(p, ep, "parameters")
    assert costs == pytest.approx([ecosts[0]], rel=1e-12)
    assert checkpoint["epoch"] == 3 and checkpoint["parameters"] is p
    state = checkpoint["optimizer"]
    assert sorted(state) == sorted(("t", *MOMENTS[optimizer])) and state["t"] == et == 9
    for moment, expected in (("v", ev), ("s", es)):
        if moment in state:
            assert_close(state[moment], {f"d{k}": a for k, a in expected.items()}, moment)
    assert capsys.readouterr().out == ""


def test_the_model_returns_the_parameters_only_by_default():
    X, Y = data()
    p = optimization.model(X, Y, LAYERS, "gd", num_epochs=1, print_cost=False, **SETTINGS)
    assert_close(p, reference(X, Y, "gd", 1, he(LAYERS))[0], "parameters")


def test_costs_recorded_every_100_epochs_and_reported_to_progress():
    X, Y = data()
    seen = []
    _, costs, _ = optimization.model(X, Y, LAYERS, "momentum", num_epochs=201, print_cost=False,
                                     return_checkpoint=True, progress=lambda *a: seen.append(a),
                                     **{**SETTINGS, "mini_batch_size": 7})
    _, ecosts, _, _, _ = reference(X, Y, "momentum", 201, he(LAYERS), mini_batch_size=7)
    expected = [ecosts[0], ecosts[100], ecosts[200]]
    assert costs == pytest.approx(expected, rel=1e-11)
    assert [epoch for epoch, _ in seen] == [0, 100, 200]
    assert [cost for _, cost in seen] == costs


def test_print_cost_every_1000_epochs_with_the_decayed_rate(capsys):
    X, Y = data()
    optimization.model(X, Y, LAYERS, "gd", 0.1, mini_batch_size=7, num_epochs=1001,
                       decay="update_lr", decay_rate=0.5)
    out = capsys.readouterr().out.splitlines()
    rate = lambda lr0, epoch: lr0 / (1 + 0.5 * epoch)         # noqa: E731 - the course's update_lr
    _, ecosts, _, _, _ = reference(X, Y, "gd", 1001, he(LAYERS), learning_rate=0.1,
                                   mini_batch_size=7, decay=rate)
    assert out == [f"Cost after epoch 0: {ecosts[0]:f}",
                   f"learning rate after epoch 0: {rate(0.1, 0):f}",
                   f"Cost after epoch 1000: {ecosts[1000]:f}",
                   f"learning rate after epoch 1000: {rate(0.1, 1000):f}"]


def test_print_cost_without_decay_prints_no_rate(capsys):
    X, Y = data()
    optimization.model(X, Y, LAYERS, "gd", num_epochs=2, mini_batch_size=7)
    assert [line.split(":")[0] for line in capsys.readouterr().out.splitlines()] == [
        "Cost after epoch 0"]


@pytest.mark.parametrize("optimizer", MOMENTS)
def test_resuming_continues_the_run(optimizer):
    """99 epochs, then 3 more from the checkpoint (epochs 99, 100, 101: the cost of 100 is
    recorded), with a decayed rate that the resumed run recomputes from the epoch it starts at."""
    X, Y = data()
    schedule = lambda lr0, epoch, rate: lr0 / (1 + rate * epoch)     # noqa: E731
    settings = {**SETTINGS, "mini_batch_size": 4, "decay": schedule, "decay_rate": 0.25,
                "print_cost": False, "return_checkpoint": True}
    _, _, first = optimization.model(X, Y, LAYERS, optimizer, num_epochs=99, **settings)
    saved = {"parameters": {k: a.copy() for k, a in first["parameters"].items()},
             "optimizer": {k: (dict(a) if isinstance(a, dict) else a)
                           for k, a in first["optimizer"].items()}, "epoch": 99}
    p, costs, second = optimization.model(X, Y, None, optimizer, num_epochs=3, resume=first,
                                          **settings)
    ep, ecosts, ev, es, et = reference(X, Y, optimizer, 102, he(LAYERS), mini_batch_size=4,
                                       decay=lambda lr0, epoch: schedule(lr0, epoch, 0.25))
    assert_close(p, ep, "parameters")
    assert costs == pytest.approx([ecosts[100]], rel=1e-10)
    assert second["epoch"] == 102 and second["optimizer"]["t"] == et == 204
    for moment, expected in (("v", ev), ("s", es)):
        if moment in MOMENTS[optimizer]:
            assert_close(second["optimizer"][moment], {f"d{k}": a for k, a in expected.items()},
                         moment)
    assert_close(first["parameters"], saved["parameters"], "the checkpoint resumed from")
    for moment in MOMENTS[optimizer]:
        assert_close(first["optimizer"][moment], saved["optimizer"][moment], moment)


def test_resume_and_initial_parameters_are_exclusive():
    X, Y = data()
    _, _, checkpoint = optimization.model(X, Y, LAYERS, "gd", num_epochs=1, print_cost=False,
                                          return_checkpoint=True)
    message = "initial_parameters: give either initial_parameters or resume"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        optimization.model(X, Y, None, "gd", resume=checkpoint, initial_parameters=he(LAYERS))


def test_initial_parameters_are_used_and_left_alone():
    X, Y = data()
    start = he(LAYERS, seed=8)
    p = optimization.model(X, Y, None, "adam", num_epochs=2, print_cost=False,
                           initial_parameters=start, **SETTINGS)
    assert_close(p, reference(X, Y, "adam", 2, he(LAYERS, seed=8))[0], "parameters")
    assert_close(start, he(LAYERS, seed=8), "initial_parameters")


def test_model_defaults_are_the_assignments(monkeypatch):
    """lr 0.0007, mini-batches of 64, beta 0.9, beta1 0.9, beta2 0.999, epsilon 1e-8, 5000 epochs,
    decay_rate 1, print_cost on, no decay; He weights from seed 3; a fresh optimizer state."""
    X, Y = data()
    calls = []
    monkeypatch.setattr(optimization, "_model", lambda *args: calls.append(args) or (0, 1, 2))
    assert optimization.model(X, Y, LAYERS, "adam") == 0
    assert optimization.model(X, Y, LAYERS, "rmsprop", return_checkpoint=True) == (0, 1, 2)
    args = calls[0]
    assert args[3:14] == ("adam", 0.0007, 64, 0.9, 0.9, 0.999, 1e-8, 5000, 1, True, None)
    assert_close(args[2], he(LAYERS), "the initial parameters")
    assert list(args[14]) == ["relu", "relu", "sigmoid"]
    state = args[15]
    assert sorted(state) == ["s", "t", "v"] and state["t"] == 0
    for moment in ("v", "s"):
        assert_close(state[moment], {f"d{k}": np.zeros_like(a) for k, a in he(LAYERS).items()},
                     moment)
    assert args[16:] == (0, None)
    assert sorted(calls[1][15]) == ["s", "t"]
    assert calls[1][15]["t"] == 0


@pytest.mark.parametrize("optimizer, keys", [("gd", ["t"]), ("momentum", ["t", "v"])])
def test_the_fresh_state_holds_the_optimizers_moments(monkeypatch, optimizer, keys):
    X, Y = data()
    calls = []
    monkeypatch.setattr(optimization, "_model", lambda *args: calls.append(args) or (0, 1, 2))
    optimization.model(X, Y, LAYERS, optimizer)
    assert sorted(calls[0][15]) == keys and calls[0][15]["t"] == 0
    if "v" in keys:
        assert_close(calls[0][15]["v"], {f"d{k}": np.zeros_like(a) for k, a in he(LAYERS).items()},
                     "v")


def test_the_backward_kernel_gives_one_gradient_per_parameter():
    """The loop's backward pass (the kernel `_model_backward`): dW1, db1, ..., dWL, dbL by hand,
    and nothing else (no gradient for a layer 0)."""
    X, Y = data()
    p = he(LAYERS)
    AL, caches = deep.L_model_forward(X, p)
    grads = optimization._model_backward(AL, Y, caches)
    expected, _ = grads_and_cost(X, Y, p)
    assert_close(grads, {f"d{k}": g for k, g in expected.items()}, "grads")


def test_resuming_after_one_epoch_starts_from_the_rate_decayed_once():
    """A decay with decay(lr0, 0) != lr0: the run resumed at epoch 1 trains at decay(lr0, 0)."""
    X, Y = data()
    halving = lambda lr0, epoch, rate: lr0 * rate / (1 + epoch)        # noqa: E731
    settings = {**SETTINGS, "decay": halving, "decay_rate": 0.5, "print_cost": False,
                "return_checkpoint": True}
    _, _, first = optimization.model(X, Y, LAYERS, "gd", num_epochs=1, **settings)
    p, _, _ = optimization.model(X, Y, None, "gd", num_epochs=1, resume=first, **settings)
    expected = reference(X, Y, "gd", 2, he(LAYERS), decay=lambda lr0, e: halving(lr0, e, 0.5))[0]
    assert_close(p, expected, "parameters")


@pytest.mark.parametrize("change, error, message", [
    ({"X": np.zeros(7)}, ValueError, "X: expected a 2-D array, got shape (7,)"),
    ({"Y": np.zeros((1, 6))}, ValueError, "Y: expected 7 columns, got shape (1, 6)"),
    ({"optimizer": "sgd"}, ValueError,
     "optimizer: expected one of ['adam', 'gd', 'momentum', 'rmsprop'], got 'sgd'"),
    ({"learning_rate": 0}, ValueError, "learning_rate: expected a positive finite number, got 0"),
    ({"beta": 1}, ValueError, "beta: expected a number with 0 <= beta < 1, got 1"),
    ({"beta1": 1}, ValueError, "beta1: expected a number with 0 <= beta1 < 1, got 1"),
    ({"beta2": 1}, ValueError, "beta2: expected a number with 0 <= beta2 < 1, got 1"),
    ({"epsilon": -1}, ValueError, "epsilon: expected a finite number >= 0, got -1"),
    ({"decay_rate": -1}, ValueError, "decay_rate: expected a finite number >= 0, got -1"),
    ({"progress": 3}, TypeError, "progress: expected None or a callable progress(i, cost), got 3"),
])
def test_model_names_the_bad_argument(change, error, message):
    X, Y = data()
    arguments = {"X": X, "Y": Y, "layers_dims": LAYERS, "optimizer": "adam", "num_epochs": 1,
                 "print_cost": False, **change}
    with pytest.raises(error, match=f"^{re.escape(message)}"):
        optimization.model(**arguments)


def test_float32_inputs_with_float64_labels_train_in_float32():
    """Y is converted to X's dtype: float64 labels would turn every float32 update into float64."""
    X, Y = data()
    p = optimization.model(X.astype(np.float32), Y, LAYERS, "adam", num_epochs=1,
                           print_cost=False)
    assert all(value.dtype == np.float32 for value in p.values())


def test_a_checkpoint_for_other_inputs_is_refused():
    X, Y = data()
    _, _, checkpoint = optimization.model(X, Y, LAYERS, "gd", num_epochs=1, print_cost=False,
                                          return_checkpoint=True)
    message = "resume: the checkpoint's network takes 3 features, X has 2"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        optimization.model(X[:2], Y, None, "gd", num_epochs=1, resume=checkpoint)

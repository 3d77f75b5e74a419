"""scratch.deep's training loop and predict where the answer is known without running the math:
which iterations print, which activations and dtype reach the loop, that training never computes
dA0 = W1.T dZ1 (the update does not use it), and that AL = 0.5 exactly is predicted 0."""

import numpy as np
import pytest

from scratch import deep

X = np.array([[1.0, 2.0, -1.0, -2.0], [0.5, -1.0, 1.5, -0.5]])
Y = np.array([[1.0, 1.0, 0.0, 0.0]])


def test_the_recorded_iterations_and_the_last_one_print_only_with_print_cost(capsys):
    deep.L_layer_model(X, Y, [2, 3, 1], num_iterations=250, print_cost=True)
    printed = [line.split(":")[0] for line in capsys.readouterr().out.splitlines()]
    assert printed == [f"Cost after iteration {i}" for i in (0, 100, 200, 249)]
    deep.L_layer_model(X, Y, [2, 3, 1], num_iterations=2)
    assert capsys.readouterr().out == ""


def test_training_hands_its_activations_to_the_loop_and_never_computes_dA0(monkeypatch):
    seen = []
    original = deep._update_parameters

    def update(parameters, grads, learning_rate):
        seen.append(sorted(grads))
        return original(parameters, grads, learning_rate)

    monkeypatch.setattr(deep, "_update_parameters", update)
    deep.L_layer_model(X, Y, [2, 3, 2, 1], num_iterations=1, activations=["tanh", "relu", "sigmoid"])
    assert seen == [["dA1", "dA2", "dW1", "dW2", "dW3", "db1", "db2", "db3"]]
    calls = []
    monkeypatch.setattr(deep, "_L_layer_model", lambda *args: calls.append(args) or (args[2], []))
    deep.L_layer_model(X, Y, [2, 3, 1], activations=["tanh", "sigmoid"])
    assert calls[0][3] == ["tanh", "sigmoid"]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_training_and_predict_keep_xs_dtype(dtype):
    parameters, costs = deep.L_layer_model(X.astype(dtype), Y, [2, 3, 1], num_iterations=101)
    assert {v.dtype for v in parameters.values()} == {np.dtype(dtype)}
    assert {c.dtype for c in costs} == {np.dtype(dtype)}
    assert deep.predict(X.astype(dtype), Y, parameters).dtype == dtype


def test_predict_uses_the_given_activations_and_a_strict_one_half():
    """W = [[0.3, 0]]: Z = [0.3, 0.6, -0.3, -0.6]. Sigmoid (the default for one layer) puts the
    first two above 0.5; relu gives [0.3, 0.6, 0, 0], only the second above 0.5. W = 0: AL = 0.5
    exactly, predicted 0."""
    p = {"W1": np.array([[0.3, 0.0]]), "b1": np.zeros((1, 1))}
    np.testing.assert_array_equal(deep.predict(X, None, p), [[1.0, 1.0, 0.0, 0.0]])
    np.testing.assert_array_equal(deep.predict(X, None, p, ["relu"]), [[0.0, 1.0, 0.0, 0.0]])
    zero = {"W1": np.zeros((1, 2)), "b1": np.zeros((1, 1))}
    np.testing.assert_array_equal(deep.predict(X, Y, zero), np.zeros((1, 4)))


def test_the_backward_pass_and_training_name_their_arguments():
    _, caches = deep.L_model_forward(X, {"W1": np.ones((1, 2)), "b1": np.zeros((1, 1))}, ["sigmoid"])
    with pytest.raises(ValueError, match=r"^Y: expected 4 columns, got shape \(1, 3\)$"):
        deep.L_model_backward(np.full((1, 4), 0.5), Y[:, :3], caches, ["sigmoid"])
    with pytest.raises(ValueError, match=r"^X: expected a 2-D array, got shape \(8,\)"):
        deep.L_layer_model(X.ravel(), Y, [2, 1])

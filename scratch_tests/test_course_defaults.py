"""The course's default hyperparameters and seeds, pinned: each default is either read back (the
returned dict, the number of recorded costs) or shown equal to the call that spells it out.

Course 1: logistic model(num_iterations=2000, learning_rate=0.5, print_cost=False); the planar
network's nn_model(num_iterations=10000, learning_rate=1.2) and initialize_parameters after
np.random.seed(2), randn * 0.01; the deep application's L_layer_model(learning_rate=0.0075,
num_iterations=3000) and initialize_parameters_deep(scale 0.01). Course 2: mini-batches of 64.
Published weights are the assignments' printed outputs (8 decimals)."""

import numpy as np
import pytest

from scratch import deep, logistic, shallow
from scratch import optimization as opt

PRINTED = 5e-9
X = np.array([[1.0, 2.0, -1.0, -2.0], [0.5, -1.0, 1.5, -0.5]])
Y = np.array([[1.0, 1.0, 0.0, 0.0]])


def _recording(monkeypatch, module, kernel, result):
    """Replace `module.<kernel>` (the training loop the public function hands its checked
    arguments to) by a recorder: the defaults are read without running thousands of iterations."""
    calls = []

    def record(*args):
        calls.append(args)
        return result(*args)

    monkeypatch.setattr(module, kernel, record)
    return calls


def test_logistic_model_defaults_are_2000_iterations_at_learning_rate_half(monkeypatch, capsys):
    d = logistic.model(X, Y, X, Y, num_iterations=3, learning_rate=0.1)
    assert d["num_iterations"] == 3 and d["learning_rate"] == 0.1        # returned as given
    calls = _recording(monkeypatch, logistic, "_model", lambda *a: {})
    logistic.model(X, Y, X, Y)
    assert calls[0][4:7] == (2000, 0.5, False)       # num_iterations, learning_rate, print_cost
    assert capsys.readouterr().out == ""


def test_logistic_optimize_prints_nothing_by_default(capsys):
    w, b = logistic.initialize_with_zeros(2)
    logistic.optimize(w, b, X, Y, 101, 0.1)
    assert capsys.readouterr().out == ""


def test_shallow_initialize_parameters_reproduces_the_courses_published_weights():
    p = shallow.initialize_parameters(2, 4, 1)
    W1 = [[-0.00416758, -0.00056267], [-0.02136196, 0.01640271], [-0.01793436, -0.00841747],
          [0.00502881, -0.01245288]]
    np.testing.assert_allclose(p["W1"], W1, rtol=0, atol=PRINTED)
    np.testing.assert_allclose(p["W2"], [[-0.01057952, -0.00909008, 0.00551454, 0.02292208]],
                               rtol=0, atol=PRINTED)
    assert not p["b1"].any() and p["b1"].shape == (4, 1) and p["b2"].shape == (1, 1)


def test_shallow_update_parameters_default_learning_rate_is_1_2():
    p = {"W1": np.ones((2, 2)), "b1": np.zeros((2, 1)), "W2": np.ones((1, 2)), "b2": np.zeros((1, 1))}
    g = {f"d{k}": np.full(v.shape, 0.5) for k, v in p.items()}
    new = shallow.update_parameters(p, g)
    np.testing.assert_allclose(new["W1"], 1 - 1.2 * 0.5, rtol=1e-15)
    np.testing.assert_allclose(new["b2"], -0.6, rtol=1e-15)


def test_shallow_nn_model_defaults_are_10000_iterations_at_1_2(monkeypatch):
    calls = _recording(monkeypatch, shallow, "_nn_model", lambda X, Y, p, *rest: (p, []))
    assert sorted(shallow.nn_model(X, Y, 4)) == ["W1", "W2", "b1", "b2"]
    _, _, parameters, num_iterations, learning_rate, print_cost, progress = calls[0]
    assert (num_iterations, learning_rate, print_cost, progress) == (10000, 1.2, False, None)
    np.testing.assert_array_equal(parameters["W1"], shallow.initialize_parameters(2, 4, 1)["W1"])
    assert shallow.nn_model(X, Y, 4, return_costs=True)[1] == []


def test_deep_initialize_parameters_deep_reproduces_the_courses_published_weights():
    """Step by step: np.random.seed(3), randn * 0.01 (the default scale; seed=None draws from
    NumPy's global stream, as the assignment does)."""
    np.random.seed(3)
    p = deep.initialize_parameters_deep([5, 4, 3])
    np.testing.assert_allclose(p["W1"][0], [0.01788628, 0.0043651, 0.00096497, -0.01863493, -0.00277388],
                               rtol=0, atol=PRINTED)
    np.testing.assert_allclose(p["W2"], [[-0.01185047, -0.0020565, 0.01486148, 0.00236716],
                                         [-0.01023785, -0.00712993, 0.00625245, -0.00160513],
                                         [-0.00768836, -0.00230031, 0.00745056, 0.01976111]],
                               rtol=0, atol=PRINTED)
    assert p["b2"].shape == (3, 1) and not p["b2"].any()


def test_deep_L_layer_model_defaults_are_3000_iterations_at_0_0075(monkeypatch):
    """And the application's initialisation: xavier-scaled draws after np.random.seed(1)."""
    calls = _recording(monkeypatch, deep, "_L_layer_model", lambda X, Y, p, *rest: (p, []))
    deep.L_layer_model(X, Y, [2, 3, 1])
    _, _, parameters, activations, learning_rate, num_iterations, print_cost, progress = calls[0]
    assert (learning_rate, num_iterations, print_cost, progress) == (0.0075, 3000, False, None)
    assert activations == ["relu", "sigmoid"]
    expected = deep.initialize_parameters_deep([2, 3, 1], "xavier", seed=1)
    for k in expected:
        np.testing.assert_array_equal(parameters[k], expected[k])


def test_deep_predict_prints_nothing_by_default_and_the_courses_line_when_asked(capsys):
    p = {"W1": np.array([[1.0, 0.0]]), "b1": np.zeros((1, 1))}
    predictions = deep.predict(X, Y, p, activations=["sigmoid"])
    assert capsys.readouterr().out == ""
    np.testing.assert_array_equal(predictions, [[1.0, 1.0, 0.0, 0.0]])
    wrong = np.array([[1.0, 0.0, 0.0, 0.0]])
    deep.predict(X, wrong, p, activations=["sigmoid"], print_accuracy=True)
    assert capsys.readouterr().out == "Accuracy: 0.75\n"


def test_mini_batch_size_defaults_to_64():
    Xb = np.arange(2 * 130, dtype=float).reshape(2, 130)
    Yb = np.zeros((1, 130))
    batches = opt.random_mini_batches(Xb, Yb)
    assert [b[0].shape[1] for b in batches] == [64, 64, 2]
    # seed=0 by default: the course's np.random.seed(0); np.random.permutation(m)
    np.testing.assert_array_equal(batches[0][0], Xb[:, np.random.RandomState(0).permutation(130)[:64]])


@pytest.mark.parametrize("predictions,expected", [([[1, 0, 1, 1]], 75.0), ([[1, 0, 0, 1]], 100.0),
                                                  ([[0, 1, 1, 0]], 0.0)])
def test_every_accuracy_is_the_percentage_of_matching_labels(predictions, expected):
    labels = np.array([[1.0, 0.0, 0.0, 1.0]])
    p = np.array(predictions, dtype=float)
    assert logistic.accuracy(p, labels) == expected
    assert deep.accuracy(p, labels) == expected
    assert shallow.accuracy(p.astype(bool), labels) == expected


def test_accuracies_refuse_mismatched_shapes_by_name():
    with pytest.raises(ValueError, match=r"^p, y: expected the same shape, got \(1, 3\) and \(1, 4\)$"):
        deep.accuracy(np.ones((1, 3)), np.ones((1, 4)))
    with pytest.raises(ValueError, match=r"^predictions: expected shape \(1, 4\) \(as Y\), got \(1, 3\)$"):
        shallow.accuracy(np.ones((1, 3)), np.ones((1, 4)))

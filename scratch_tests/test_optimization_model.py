"""scratch.optimization.model, the optimisation assignment's model, without TensorFlow: the
course's published moons figures and its loop's conventions.

Figures (the course's notebook, 10000 epochs on its moons, lr 0.0007, mini-batches of 64, its
seeds): gradient descent 79.7 %, momentum (beta 0.9) 79.7 %, Adam 94 % train accuracy. Each run is
50 000 updates: marked slow, measured 14-35 s on the shared 2-core machine under load, ~5 s idle.
"""

import numpy as np
import pytest

from conventions.planar_datasets import load_moons_dataset
from scratch import deep, optimization

LAYERS = [2, 5, 2, 1]
PUBLISHED = {"gd": 79.7, "momentum": 79.7, "adam": 94.0}


def moons():
    X, Y = load_moons_dataset()
    return X, Y.astype(np.float64)


@pytest.mark.slow
@pytest.mark.parametrize("optimizer", PUBLISHED)
def test_course_moons_figures(optimizer):
    X, Y = moons()
    parameters = optimization.model(X, Y, LAYERS, optimizer, num_epochs=10000, print_cost=False)
    accuracy = np.mean(deep.predict(X, None, parameters) == Y) * 100
    assert round(float(accuracy), 1) == PUBLISHED[optimizer]


def test_the_epoch_loop_is_the_courses():
    """Epoch 0 by hand from the course's pieces: seed 11, random_mini_batches, the summed cost
    before each update, the assignment's backward pass (dz3 = 1/m (a3 - Y), dW = dz a_prev^T,
    db = sum dz, dz_prev = W^T dz * (a_prev > 0)), gradient descent; the model's first recorded
    cost and its parameters after one epoch are exactly these."""
    X, Y = moons()
    parameters, costs, checkpoint = optimization.model(X, Y, LAYERS, "gd", 0.05, num_epochs=1,
                                                       print_cost=False, return_checkpoint=True)
    p = deep.initialize_parameters_deep(LAYERS, "he", seed=3)
    total = 0.0
    for mini_X, mini_Y in optimization.random_mini_batches(X, Y, 64, seed=11):
        AL, caches = deep.L_model_forward(mini_X, p)
        total += np.sum(-np.log(AL) * mini_Y - np.log(1 - AL) * (1 - mini_Y))
        a1 = caches[1][0][0]
        a2 = caches[2][0][0]
        dz3 = 1. / mini_X.shape[1] * (AL - mini_Y)
        dz2 = np.dot(p["W3"].T, dz3) * (a2 > 0)
        dz1 = np.dot(p["W2"].T, dz2) * (a1 > 0)
        grads = {"dW3": np.dot(dz3, a2.T), "db3": np.sum(dz3, axis=1, keepdims=True),
                 "dW2": np.dot(dz2, a1.T), "db2": np.sum(dz2, axis=1, keepdims=True),
                 "dW1": np.dot(dz1, mini_X.T), "db1": np.sum(dz1, axis=1, keepdims=True)}
        p = optimization.update_parameters_with_gd(p, grads, 0.05)
    assert costs == [total / 300]
    for name, value in p.items():
        assert np.array_equal(parameters[name], value), name
    assert checkpoint["epoch"] == 1 and checkpoint["optimizer"] == {"t": 5}


def test_decay_changes_the_rate_after_each_epoch(capsys):
    X, Y = moons()
    optimization.model(X, Y, LAYERS, "gd", 0.1, num_epochs=2, decay="update_lr", decay_rate=1)
    out = capsys.readouterr().out
    assert "Cost after epoch 0:" in out and "learning rate after epoch 0: 0.100000" in out
    rates = []
    optimization.model(X, Y, LAYERS, "gd", 0.1, num_epochs=3, print_cost=False,
                       decay=lambda lr0, epoch, rate: rates.append(epoch) or lr0)
    assert rates == [0, 1, 2]


def test_exponential_decay_by_hand():
    assert optimization.exponential_lr_decay(0.5, 2, 0.95) == 0.5 * 0.95 ** 2
    with pytest.raises(ValueError, match="decay_rate: expected 0 < decay_rate <= 1"):
        optimization.exponential_lr_decay(0.5, 2, 1.5)


def test_exponential_decay_accepts_1_and_refuses_0():
    """decay_rate in (0, 1]: 1 keeps the rate, 0 would zero it after the first epoch."""
    assert optimization.exponential_lr_decay(0.5, 3, 1) == 0.5
    with pytest.raises(ValueError, match=r"^decay_rate: expected 0 < decay_rate <= 1 for "
                                         r"exponential decay, got 0\.0$"):
        optimization.exponential_lr_decay(0.5, 2, 0)

"""Stand-in for the course-2 initialisation notebook's init_utils, written for this project with
the course's conventions, on scratch.regularization's 3-layer network and scratch.deep's update:

- sigmoid(x), relu(x): the activation alone (no cache);
- forward_propagation(X, parameters) -> (a3, cache): LINEAR -> RELU -> LINEAR -> RELU -> LINEAR
  -> SIGMOID, cache = (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3);
- compute_loss(a3, Y): the MEAN cross-entropy 1/m nansum(-Y log a3 - (1 - Y) log(1 - a3)) (NaN
  terms, a saturated 0 log 0, dropped), as scratch.initialization.model's cost;
- backward_propagation(X, Y, cache) -> gradients keyed dz3, dW3, db3, da2, dz2, dW2, db2, da1, dz1,
  dW1, db1, from dz3 = 1/m (a3 - Y) (m = X's columns);
- update_parameters(parameters, grads, learning_rate): W{l} -= learning_rate dW{l}, b{l} alike,
  written into `parameters` (the course's dict is updated) and returned;
- predict(X, y, parameters) -> p (1, m) of 0 / 1 (a3 > 0.5), printing the accuracy;
  predict_dec(parameters, X) -> a3 > 0.5;
- load_dataset() -> (train_X, train_Y, test_X, test_Y): the course's circles (300 and 100
  examples, noise .05, seeds 1 and 2) from conventions.planar_datasets, without the plot.
plot_decision_boundary fails when called (the check draws nothing).
"""

import numpy as np

from conventions.planar_datasets import load_circles_dataset
from dlparity.learner.standins import unavailable
from scratch import deep, regularization

__all__ = ["sigmoid", "relu", "forward_propagation", "compute_loss", "backward_propagation",
           "update_parameters", "predict", "predict_dec", "load_dataset",
           "plot_decision_boundary"]


def sigmoid(x):
    """1 / (1 + exp(-x))."""
    return 1 / (1 + np.exp(-x))


def relu(x):
    """max(0, x)."""
    return np.maximum(0, x)


def forward_propagation(X, parameters):
    """X: (n_x, m), parameters W1, b1, W2, b2, W3, b3 -> (a3: (1, m), the 12-entry cache)."""
    return regularization.forward_propagation(X, parameters)


def compute_loss(a3, Y):
    """1/m nansum(-Y log a3 - (1 - Y) log(1 - a3)); a3, Y: (1, m)."""
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = -Y * np.log(a3) - (1 - Y) * np.log(1 - a3)
    return 1.0 / m * np.nansum(terms)


def backward_propagation(X, Y, cache):
    """The gradients of the mean cross-entropy through the 3-layer network (relu' = a > 0)."""
    (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3) = cache
    m = X.shape[1]
    grads = {"dz3": 1.0 / m * (a3 - Y)}
    below = {3: a2, 2: a1, 1: X}
    weights = {3: W3, 2: W2}
    activations = {2: a2, 1: a1}
    for l in (3, 2, 1):
        dz = grads[f"dz{l}"]
        grads[f"dW{l}"] = dz @ below[l].T
        grads[f"db{l}"] = np.sum(dz, axis=1, keepdims=True)
        if l > 1:
            grads[f"da{l - 1}"] = weights[l].T @ dz
            grads[f"dz{l - 1}"] = grads[f"da{l - 1}"] * (activations[l - 1] > 0)
    return grads


def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step on every W{l}, b{l} of `parameters` (updated and returned)."""
    parameters.update(deep.update_parameters(parameters, grads, learning_rate))
    return parameters


def predict(X, y, parameters):
    """p: (1, m) ints, 1 where a3 > 0.5; prints the accuracy against y: (1, m)."""
    a3, _ = forward_propagation(X, parameters)
    p = (a3 > 0.5).astype(int)
    print("Accuracy: " + str(np.mean(p[0, :] == np.asarray(y)[0, :])))
    return p


def predict_dec(parameters, X):
    """a3 > 0.5 (booleans, (1, m)): the decision used to draw the boundary."""
    a3, _ = forward_propagation(X, parameters)
    return a3 > 0.5


def load_dataset():
    """The course's circles: train_X (2, 300), train_Y (1, 300), test_X (2, 100), test_Y (1, 100)."""
    return load_circles_dataset()


plot_decision_boundary = unavailable("init_utils", "plot_decision_boundary")

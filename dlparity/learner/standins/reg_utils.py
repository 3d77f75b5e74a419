"""Stand-in for the course-2 regularisation notebook's reg_utils, written for this project with
the course's conventions: sigmoid and relu return the activation alone (no cache), compute_cost
is the mean cross-entropy of the 3-layer network's A3, forward_propagation returns (A3, cache)
with cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3). The data, plotting and training
helpers exist and fail when called (the learner's test cells are not run by the check)."""

import numpy as np

from dlparity.learner.standins import unavailable


def sigmoid(x):
    """1 / (1 + exp(-x))."""
    return 1 / (1 + np.exp(-x))


def relu(x):
    """max(0, x)."""
    return np.maximum(0, x)


def compute_cost(a3, Y):
    """-1/m sum(Y log a3 + (1 - Y) log(1 - a3)), ignoring 0 log 0 terms (NaN-summed)."""
    m = Y.shape[1]
    logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    return 1.0 / m * np.nansum(logprobs)


def forward_propagation(X, parameters):
    """LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID; returns (A3, cache)."""
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)


for _name in ("load_2D_dataset", "plot_decision_boundary", "predict_dec", "initialize_parameters",
              "backward_propagation", "update_parameters", "predict", "load_planar_dataset",
              "compute_loss"):
    globals()[_name] = unavailable("reg_utils", _name)
del _name

"""Stand-in for the course's dnn_app_utils: dnn_utils' activations, load_data (the cat data as
lr_utils gives it), the L-layer functions of the week-4 application (backed by scratch.deep, with
the application's initialisation: np.random.seed(1), randn / sqrt(n_prev)) and predict(X, y,
parameters)."""

import numpy as np

from dlparity.learner.standins.dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward
from dlparity.learner.standins.lr_utils import load_dataset as load_data
from scratch import deep

__all__ = ["sigmoid", "relu", "sigmoid_backward", "relu_backward", "load_data",
           "initialize_parameters", "initialize_parameters_deep", "linear_forward",
           "linear_activation_forward", "L_model_forward", "compute_cost", "linear_backward",
           "linear_activation_backward", "L_model_backward", "update_parameters", "predict",
           "print_mislabeled_images"]


def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    return deep.initialize_parameters_deep([n_x, n_h, n_y], 0.01)


def initialize_parameters_deep(layer_dims):
    np.random.seed(1)
    return deep.initialize_parameters_deep(layer_dims, "xavier")


linear_forward = deep.linear_forward
linear_activation_forward = deep.linear_activation_forward
L_model_backward = deep.L_model_backward
linear_backward = deep.linear_backward
linear_activation_backward = deep.linear_activation_backward
update_parameters = deep.update_parameters


def L_model_forward(X, parameters):
    return deep.L_model_forward(X, parameters)


def compute_cost(AL, Y):
    return deep.compute_cost(AL, Y)


def predict(X, y, parameters):
    return deep.predict(X, y, parameters)


def print_mislabeled_images(classes, X, y, p):
    """Draws nothing here."""
    return None

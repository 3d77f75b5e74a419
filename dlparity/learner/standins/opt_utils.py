"""Stand-in for the course-2 optimisation notebook's opt_utils (opt_utils, opt_utils_v1a, ...),
written for this project with the course's conventions, on scratch's modules:

- sigmoid, relu, forward_propagation (the 3-layer LINEAR -> RELU -> LINEAR -> RELU -> LINEAR ->
  SIGMOID network, cache = (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)),
  backward_propagation (gradients keyed dz3, dW3, db3, da2, ..., dW1, db1, from dz3 = 1/m (a3 - Y)
  with m the mini-batch's columns), predict and predict_dec: as init_utils;
- initialize_parameters(layer_dims): np.random.seed(3), then W{l} = randn(n_l, n_{l-1}) *
  sqrt(2 / n_{l-1}) (He) drawn from NumPy's global stream (its state is advanced as the course's
  is), b{l} = 0 — scratch.initialization.initialize_parameters_he;
- compute_cost(a3, Y): the SUM over the examples, sum(-Y log a3 - (1 - Y) log(1 - a3)), not
  divided by m. The later notebooks' model adds it up over the mini-batches and divides by m once
  (cost_avg = cost_total / m), and so does scratch.optimization.model, the referee of the check;
  the earliest opt_utils returned the mean instead. Only printed and recorded costs depend on
  it: the model returns the parameters, which it does not change;
- load_dataset() -> (train_X (2, 300), train_Y (1, 300)): the course's moons (noise .2, seed 3)
  from conventions.planar_datasets, without the plot.
load_params_and_grads, load_2D_dataset and plot_decision_boundary fail when called (the learner's
test and plotting cells are not run by the check).
"""

import numpy as np

from conventions.planar_datasets import load_moons_dataset
from dlparity.learner.standins import unavailable
from dlparity.learner.standins.init_utils import (
    backward_propagation,
    forward_propagation,
    predict,
    predict_dec,
    relu,
    sigmoid,
)
from scratch import initialization

__all__ = ["sigmoid", "relu", "initialize_parameters", "forward_propagation", "compute_cost",
           "backward_propagation", "predict", "predict_dec", "load_dataset",
           "load_params_and_grads", "load_2D_dataset", "plot_decision_boundary"]

INIT_SEED = 3


def initialize_parameters(layer_dims):
    """np.random.seed(3); W{l}: (n_l, n_{l-1}) = randn * sqrt(2 / n_{l-1}), b{l}: (n_l, 1) zeros."""
    np.random.seed(INIT_SEED)
    return initialization.initialize_parameters_he(layer_dims, seed=None)


def compute_cost(a3, Y):
    """sum(-Y log a3 - (1 - Y) log(1 - a3)) over the m examples (not divided by m)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.sum(-Y * np.log(a3) - (1 - Y) * np.log(1 - a3))


def load_dataset():
    """The course's moons: train_X (2, 300), train_Y (1, 300)."""
    return load_moons_dataset()


load_params_and_grads = unavailable("opt_utils", "load_params_and_grads")
load_2D_dataset = unavailable("opt_utils", "load_2D_dataset")
plot_decision_boundary = unavailable("opt_utils", "plot_decision_boundary")

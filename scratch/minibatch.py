"""The course's mini-batch training loop (course 2, week 2's `model`), NumPy twin, shared by the
networks of `scratch.batchnorm` and `scratch.softmax` (not a course module of its own).

    seed = MINI_BATCH_SEED (10)
    for epoch i = 0 ... num_epochs - 1:
        seed = seed + 1
        for each (X_b, Y_b) of random_mini_batches(X, Y, mini_batch_size, seed):
            cost_b, grads = step(parameters, X_b, Y_b)        (forward, cost, backward)
            parameters = the optimizer's update (gd, momentum, rmsprop, adam; t = t + 1 first)
        cost_i = sum_b cost_b * m_b / m                         (the epoch's mean cost)

cost_i is recorded (and progress(i, cost_i) called) at the epochs vocabulary.COST_EVERY[module]
records. The updates are scratch.optimization's kernels, called through that module (a wrong
variant installed there is seen here): every entry of `parameters` (W, b, gamma, beta) is updated
with its gradient "d" + name, as W is. RMSprop is the course's (epsilon outside the root).
"""

import numpy as np

from conventions.vocabulary import MINI_BATCH_SEED, records_cost
from scratch import optimization


def initialize_state(optimizer, parameters):
    """The optimizer's state: {} (gd), {"v"} (momentum), {"s"} (rmsprop), {"v", "s", "t": 0}."""
    if optimizer == "momentum":
        return {"v": optimization._initialize_velocity(parameters)}
    if optimizer == "rmsprop":
        return {"s": optimization._initialize_rmsprop(parameters)}
    if optimizer == "adam":
        v, s = optimization._initialize_adam(parameters)
        return {"v": v, "s": s, "t": 0}
    return {}


def update(optimizer, parameters, grads, state, settings):
    """One update of every parameter; settings: learning_rate, beta, beta1, beta2, epsilon.
    Returns (parameters, state), new dicts."""
    lr = settings["learning_rate"]
    if optimizer == "gd":
        return optimization._update_parameters_with_gd(parameters, grads, lr), state
    if optimizer == "momentum":
        parameters, v = optimization._update_parameters_with_momentum(
            parameters, grads, state["v"], settings["beta"], lr)
        return parameters, {"v": v}
    if optimizer == "rmsprop":
        parameters, s = optimization._update_parameters_with_rmsprop(
            parameters, grads, state["s"], settings["beta"], lr, settings["epsilon"],
            False,  # pragma: no mutate - None is as falsy: epsilon outside the root alike
        )
        return parameters, {"s": s}
    t = state["t"] + 1
    parameters, v, s = optimization._update_parameters_with_adam(
        parameters, grads, state["v"], state["s"], t, lr, settings["beta1"], settings["beta2"],
        settings["epsilon"])
    return parameters, {"v": v, "s": s, "t": t}


def train(X, Y, parameters, step, module, optimizer, mini_batch_size, num_epochs, settings,
          print_cost=False, progress=None):
    """The loop above. step(parameters, X_b, Y_b) -> (cost_b, grads). Returns (parameters,
    costs)."""
    state = initialize_state(optimizer, parameters)
    m = X.shape[1]
    seed = MINI_BATCH_SEED
    costs = []
    for i in range(num_epochs):
        seed += 1
        total = np.zeros((), X.dtype)
        for X_b, Y_b in optimization._random_mini_batches(X, Y, mini_batch_size,
                                                          np.random.RandomState(seed)):
            cost, grads = step(parameters, X_b, Y_b)
            total = total + cost * X.dtype.type(X_b.shape[1])
            parameters, state = update(optimizer, parameters, grads, state, settings)
        cost = total / X.dtype.type(m)
        recorded = records_cost(module, i)
        if print_cost and (recorded or i == num_epochs - 1):
            print(f"Cost after epoch {i}: {float(cost)}")
        if recorded:
            costs.append(cost)
            if progress is not None:
                progress(i, cost)
    return parameters, costs

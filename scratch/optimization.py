"""Optimisation (course 2, week 2), NumPy twin: mini-batches, and gradient descent, momentum,
RMSprop and Adam as functions of plain data.

Shapes are the course's: X: (n_x, m), Y: (n_y, m) (examples in columns); parameters W{l}:
(n_l, n_{l-1}), b{l}: (n_l, 1); grads and the optimizer state v, s keyed dW{l}, db{l}, each entry
the shape and dtype of its parameter (conventions.optimizer_state). Every update returns new dicts
(the inputs are not modified). For a gradient g of a parameter w, at learning rate alpha:

    gradient descent   w <- w - alpha g
    momentum           v <- beta v + (1 - beta) g,          w <- w - alpha v
    RMSprop            s <- beta s + (1 - beta) g^2,        w <- w - alpha g / (sqrt(s) + eps)
                       (epsilon_inside=True: w <- w - alpha g / sqrt(s + eps), Keras's placement)
    Adam (step t >= 1) v <- beta1 v + (1 - beta1) g,        v_corrected = v / (1 - beta1^t)
                       s <- beta2 s + (1 - beta2) g^2,      s_corrected = s / (1 - beta2^t)
                       w <- w - alpha v_corrected / (sqrt(s_corrected) + eps)

The course counts Adam's steps itself: t = 0 before training, `t = t + 1` before each update, so
the first update has t = 1 (with t = 0 the corrections divide by 1 - beta^0 = 0).

Every public function `f` checks its arguments (conventions.validation) and delegates to its kernel
`_f`; a wrong variant replaces a kernel by setting this module's attribute.
"""

import math

import numpy as np

from conventions import minibatch_training
from conventions.optimization_checks import (
    check_adam_step,
    check_decay_rate,
    check_mini_batch_inputs,
    check_moments,
    check_non_negative_float,
)
from conventions.validation import (
    check_matrix,
    check_network_grads,
    check_network_parameters,
    check_non_negative_int,
    check_positive_float,
    check_positive_int,
    check_progress,
    check_seed,
)
from conventions.vocabulary import ADAM_DEFAULTS, MINI_BATCH_SIZE
from scratch import deep


# --- mini-batches -----------------------------------------------------------------------------------
def random_mini_batches(X, Y, mini_batch_size=MINI_BATCH_SIZE, seed=0):
    """[(mini_batch_X, mini_batch_Y), ...]: the columns of X and Y shuffled by one permutation,
    then cut into floor(m / mini_batch_size) complete mini-batches of mini_batch_size columns and,
    when m is not a multiple of it, one last partial mini-batch of the m % mini_batch_size columns
    left.

    seed: an int draws the permutation as the course does, np.random.seed(seed) then
    np.random.permutation(m) — from np.random.RandomState(seed), the same numbers, without
    touching NumPy's global state; a RandomState or Generator is drawn from as given.
    mini_batch_X: (n_x, size), mini_batch_Y: (n_y, size), copies in X's dtype.
    """
    X, Y, mini_batch_size = check_mini_batch_inputs(X, Y, mini_batch_size)
    return _random_mini_batches(X, Y, mini_batch_size, check_seed(seed))


def _random_mini_batches(X, Y, mini_batch_size, rng):
    m = X.shape[1]
    permutation = rng.permutation(m)
    shuffled_X, shuffled_Y = X[:, permutation], Y[:, permutation]
    complete = math.floor(m / mini_batch_size)
    mini_batches = [(shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size],
                     shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size])
                    for k in range(complete)]
    if m % mini_batch_size != 0:
        mini_batches.append((shuffled_X[:, complete * mini_batch_size:],
                             shuffled_Y[:, complete * mini_batch_size:]))
    return mini_batches


# --- gradient descent -------------------------------------------------------------------------------
def _check_update(parameters, grads, learning_rate):
    parameters, _ = check_network_parameters(parameters)
    grads = check_network_grads(grads, parameters)
    return parameters, grads, check_positive_float("learning_rate", learning_rate)


def update_parameters_with_gd(parameters, grads, learning_rate):
    """W{l} <- W{l} - learning_rate dW{l}, b{l} <- b{l} - learning_rate db{l} (a new dict)."""
    parameters, grads, learning_rate = _check_update(parameters, grads, learning_rate)
    return _update_parameters_with_gd(parameters, grads, learning_rate)


def _update_parameters_with_gd(parameters, grads, learning_rate):
    return {name: value - learning_rate * grads[f"d{name}"] for name, value in parameters.items()}


# --- momentum ---------------------------------------------------------------------------------------
def _zeros_like(parameters):
    return {f"d{name}": np.zeros_like(value) for name, value in parameters.items()}


def initialize_velocity(parameters):
    """v: {"dW1": zeros like W1, "db1": zeros like b1, ...}."""
    parameters, _ = check_network_parameters(parameters)
    return _initialize_velocity(parameters)


def _initialize_velocity(parameters):
    return _zeros_like(parameters)


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """One momentum step: v <- beta v + (1 - beta) g, w <- w - learning_rate v, for every
    parameter w and its gradient g. Returns (parameters, v), both new dicts."""
    parameters, grads, learning_rate = _check_update(parameters, grads, learning_rate)
    v = check_moments("v", v, parameters)
    return _update_parameters_with_momentum(parameters, grads, v, check_decay_rate("beta", beta),
                                            learning_rate)


def _update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    updated, velocity = {}, {}
    for name, value in parameters.items():
        key = f"d{name}"
        velocity[key] = beta * v[key] + (1 - beta) * grads[key]
        updated[name] = value - learning_rate * velocity[key]
    return updated, velocity


# --- RMSprop ----------------------------------------------------------------------------------------
def initialize_rmsprop(parameters):
    """s: {"dW1": zeros like W1, "db1": zeros like b1, ...}."""
    parameters, _ = check_network_parameters(parameters)
    return _initialize_rmsprop(parameters)


def _initialize_rmsprop(parameters):
    return _zeros_like(parameters)


def update_parameters_with_rmsprop(parameters, grads, s, beta=0.9, learning_rate=0.01,
                                   epsilon=1e-8, epsilon_inside=False):
    """One RMSprop step: s <- beta s + (1 - beta) g^2 (g^2 element-wise), then
    w <- w - learning_rate g / (sqrt(s) + epsilon)   (the course: epsilon outside the root), or
    w <- w - learning_rate g / sqrt(s + epsilon)     (epsilon_inside=True: Keras's RMSprop).
    Returns (parameters, s), both new dicts."""
    parameters, grads, learning_rate = _check_update(parameters, grads, learning_rate)
    s = check_moments("s", s, parameters, non_negative=True)
    return _update_parameters_with_rmsprop(
        parameters, grads, s, check_decay_rate("beta", beta), learning_rate,
        check_non_negative_float("epsilon", epsilon), bool(epsilon_inside))


def _update_parameters_with_rmsprop(parameters, grads, s, beta, learning_rate, epsilon,
                                    epsilon_inside):
    updated, square = {}, {}
    for name, value in parameters.items():
        key = f"d{name}"
        g = grads[key]
        square[key] = beta * s[key] + (1 - beta) * np.square(g)
        root = np.sqrt(square[key] + epsilon) if epsilon_inside else np.sqrt(square[key]) + epsilon
        updated[name] = value - learning_rate * g / root
    return updated, square


# --- Adam -------------------------------------------------------------------------------------------
def initialize_adam(parameters):
    """(v, s): two dicts {"dW1": zeros like W1, "db1": zeros like b1, ...}."""
    parameters, _ = check_network_parameters(parameters)
    return _initialize_adam(parameters)


def _initialize_adam(parameters):
    return _zeros_like(parameters), _zeros_like(parameters)


def update_parameters_with_adam(parameters, grads, v, s, t,
                                learning_rate=ADAM_DEFAULTS["learning_rate"],
                                beta1=ADAM_DEFAULTS["beta1"], beta2=ADAM_DEFAULTS["beta2"],
                                epsilon=ADAM_DEFAULTS["epsilon"]):
    """One Adam step, the t-th (t >= 1), for every parameter w and its gradient g:
    v <- beta1 v + (1 - beta1) g,   s <- beta2 s + (1 - beta2) g^2,
    w <- w - learning_rate (v / (1 - beta1^t)) / (sqrt(s / (1 - beta2^t)) + epsilon).
    The corrections 1 - beta^t are computed in float64 (Python numbers) and meet the arrays in
    their dtype. Returns (parameters, v, s), new dicts."""
    parameters, grads, learning_rate = _check_update(parameters, grads, learning_rate)
    v = check_moments("v", v, parameters)
    s = check_moments("s", s, parameters, non_negative=True)
    return _update_parameters_with_adam(
        parameters, grads, v, s, check_adam_step(t), learning_rate,
        check_decay_rate("beta1", beta1), check_decay_rate("beta2", beta2),
        check_non_negative_float("epsilon", epsilon))


def _update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, beta1, beta2,
                                 epsilon):
    updated, first, second = {}, {}, {}
    for name, value in parameters.items():
        key = f"d{name}"
        g = grads[key]
        first[key] = beta1 * v[key] + (1 - beta1) * g
        second[key] = beta2 * s[key] + (1 - beta2) * np.square(g)
        v_corrected = first[key] / (1 - beta1 ** t)
        s_corrected = second[key] / (1 - beta2 ** t)
        updated[name] = value - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon)
    return updated, first, second


# --- exponentially weighted averages ----------------------------------------------------------------
def exponentially_weighted_averages(theta, beta=0.9, bias_correction=False):
    """v_t = beta v_{t-1} + (1 - beta) theta_t from v_0 = 0, for t = 1..T, along the columns of
    theta: (n, T) (each row a series; a (1, T) row for one series). bias_correction=True returns
    v_t / (1 - beta^t). The notes' example: theta_1 = 40, beta = 0.9 gives v_1 = 4, corrected 40;
    v averages over roughly the last 1 / (1 - beta) values. Returns v: (n, T)."""
    theta = check_matrix("theta", theta)
    return _exponentially_weighted_averages(theta, check_decay_rate("beta", beta),
                                            bool(bias_correction))


def _exponentially_weighted_averages(theta, beta, bias_correction):
    v = np.zeros(theta.shape[0], theta.dtype)
    averages = np.empty_like(theta)
    for t in range(theta.shape[1]):
        v = beta * v + (1 - beta) * theta[:, t]
        averages[:, t] = v / (1 - beta ** (t + 1)) if bias_correction else v
    return averages


# --- learning-rate decay ----------------------------------------------------------------------------
def update_lr(learning_rate0, epoch_num, decay_rate):
    """learning_rate0 / (1 + decay_rate * epoch_num) (epoch_num counted from 0)."""
    learning_rate0, epoch_num, decay_rate = _check_decay(learning_rate0, epoch_num, decay_rate)
    return _update_lr(learning_rate0, epoch_num, decay_rate)


def _update_lr(learning_rate0, epoch_num, decay_rate):
    return learning_rate0 / (1 + decay_rate * epoch_num)


def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    """The staircase: learning_rate0 / (1 + decay_rate * floor(epoch_num / time_interval)), the
    rate lowered once every time_interval epochs."""
    learning_rate0, epoch_num, decay_rate = _check_decay(learning_rate0, epoch_num, decay_rate)
    time_interval = check_positive_int("time_interval", time_interval)
    return _schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval)


def _schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval):
    return learning_rate0 / (1 + decay_rate * math.floor(epoch_num / time_interval))


def exponential_lr_decay(learning_rate0, epoch_num, decay_rate):
    """The notes' exponential decay: learning_rate0 * decay_rate ** epoch_num (e.g. 0.95^epoch),
    decay_rate in (0, 1]."""
    learning_rate0, epoch_num, decay_rate = _check_decay(learning_rate0, epoch_num, decay_rate)
    if not 0 < decay_rate <= 1:
        raise ValueError(f"decay_rate: expected 0 < decay_rate <= 1 for exponential decay, got "
                         f"{decay_rate!r}")
    return _exponential_lr_decay(learning_rate0, epoch_num, decay_rate)


def _exponential_lr_decay(learning_rate0, epoch_num, decay_rate):
    return learning_rate0 * decay_rate ** epoch_num


def _check_decay(learning_rate0, epoch_num, decay_rate):
    return (check_positive_float("learning_rate0", learning_rate0),
            check_non_negative_int("epoch_num", epoch_num),
            check_non_negative_float("decay_rate", decay_rate))


# --- the assignment's model: mini-batch training of the 3-layer network -----------------------------
def model(X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=MINI_BATCH_SIZE,
          beta=0.9, beta1=0.9, beta2=0.999, epsilon=1e-8, num_epochs=5000, print_cost=True,
          decay=None, decay_rate=1, *, initial_parameters=None, resume=None, progress=None,
          return_checkpoint=False):
    """The course's `model`: num_epochs epochs of mini-batch training with optimizer "gd",
    "momentum" (beta), "rmsprop" (beta, epsilon) or "adam" (beta1, beta2, epsilon) of the
    [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID network layers_dims = [n_x, ..., 1].

    X: (n_x, m), Y: (1, m) labels. The loop is the course's (conventions.minibatch_training):
    seed = 10, seed + 1 before each epoch's random_mini_batches, the assignment's own backward
    pass (dZL = 1/m (AL - Y), `_model_backward`), t + 1 before each update, the
    epoch's cost = sum over its mini-batches of the summed cross-entropy / m, recorded at epochs
    0, 100, 200, ... (printed every 1000 when print_cost); decay: None, "update_lr",
    "schedule_lr_decay", "exponential_lr_decay" or a callable decay(learning_rate0, epoch_num,
    decay_rate), applied after each epoch.
    initial_parameters: default the assignment's np.random.seed(3), randn * sqrt(2 / n_{l-1}),
        b = 0, in X's dtype.
    resume: a checkpoint {"parameters", "optimizer": {v, s, t}, "epoch"}: continue from it (then
        num_epochs more epochs; layers_dims may be None).
    progress: None or progress(epoch, cost) at each recorded epoch.
    Returns parameters (the course's), or (parameters, costs, checkpoint) when return_checkpoint.
    """
    X = check_matrix("X", X)
    Y = deep._check_Y(Y, X.shape[1], X.dtype)
    settings = minibatch_training.check_model_settings(
        optimizer, learning_rate, mini_batch_size, beta, beta1, beta2, epsilon, num_epochs,
        decay_rate)
    decay = minibatch_training.check_decay(decay, DECAY_FUNCTIONS)
    check_progress(progress)
    if resume is not None:
        if initial_parameters is not None:
            raise ValueError("initial_parameters: give either initial_parameters or resume")
        parameters, state, epoch = minibatch_training.check_checkpoint(resume, optimizer,
                                                                       X.shape[0])
        parameters = {k: v.copy() for k, v in parameters.items()}
        # the moments need no copy: _model reads them once, through _Flat.join (a new vector)
    else:
        parameters = deep._initial_parameters(X, layers_dims, initial_parameters, "he",
                                              minibatch_training.INIT_SEED)
        state, epoch = _initial_state(optimizer, parameters), 0
    X, parameters, activations = deep._check_network(X, parameters, None)
    parameters, costs, checkpoint = _model(X, Y, parameters, *settings, print_cost, decay,
                                           activations, state, epoch, progress)
    return (parameters, costs, checkpoint) if return_checkpoint else parameters


DECAY_FUNCTIONS = {"update_lr": update_lr, "schedule_lr_decay": schedule_lr_decay,
                   "exponential_lr_decay": exponential_lr_decay}


def _initial_state(optimizer, parameters):
    state = {"t": 0}
    if optimizer == "adam":
        state["v"], state["s"] = _initialize_adam(parameters)
    elif optimizer == "momentum":
        state["v"] = _initialize_velocity(parameters)
    elif optimizer == "rmsprop":
        state["s"] = _initialize_rmsprop(parameters)
    return state


def _model_backward(AL, Y, caches):
    """The assignment's backward pass (its opt_utils backward_propagation, for L layers): from
    dZL = 1/m (AL - Y) (no division by AL, so a saturated output stays finite),
    dW{l} = dZ{l} A{l-1}^T, db{l} = sum(dZ{l}) over the examples, and for the relu layers below
    dZ{l-1} = W{l}^T dZ{l} * (A{l-1} > 0). grads keyed dW1, db1, ..."""
    grads = {}
    dZ = 1. / Y.shape[1] * (AL - Y)
    for l in reversed(range(1, len(caches) + 1)):
        (A_prev, W, _), _ = caches[l - 1]
        grads[f"dW{l}"] = np.dot(dZ, A_prev.T)
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True)
        if (l  # pragma: no mutate - l >= 1 computes a dZ below layer 1 that nothing reads
                > 1):
            dZ = np.multiply(np.dot(W.T, dZ), A_prev > 0)
    return grads


def _summed_cost(AL, Y):
    """The course's per-mini-batch cost: sum(-Y log AL - (1 - Y) log(1 - AL)) (not divided)."""
    return np.sum(np.multiply(-np.log(AL), Y) + np.multiply(-np.log(1 - AL), 1 - Y))


class _Flat:
    """The parameters (or a state's moments) as ONE vector with W1, b1, ... as views of it: the
    optimizers are element-wise, so one kernel call on the whole vector computes every entry
    exactly as one call per parameter does (the same operations on the same numbers), with one
    set of NumPy calls per update instead of one per parameter (per-call overhead dominates on
    the course's small networks)."""

    def __init__(self, parameters):
        self.names = list(parameters)
        self.shapes = [parameters[n].shape for n in self.names]
        ends = np.cumsum([parameters[n].size for n in self.names])
        self.bounds = list(zip(np.r_[0, ends[:-1]], ends))

    def join(self, arrays, prefix=""):
        return np.concatenate([arrays[prefix + n].ravel() for n in self.names])

    def split(self, vector, prefix=""):
        """Views of the vector, one per parameter."""
        return {prefix + n: vector[a:b].reshape(shape)
                for n, shape, (a, b) in zip(self.names, self.shapes, self.bounds)}

    def copies(self, vector, prefix=""):
        """The parameters as arrays of their own (what the model returns)."""
        return {name: view.copy() for name, view in self.split(vector, prefix).items()}


def _model(X, Y, parameters, optimizer, learning_rate, mini_batch_size, beta, beta1, beta2,
           epsilon, num_epochs, decay_rate, print_cost, decay, activations, state, first_epoch,
           progress):
    flat = _Flat(parameters)
    theta = {"theta": flat.join(parameters)}              # the kernels' one-entry dicts
    v = None if "v" not in state else {"dtheta": flat.join(state["v"], "d")}
    s = None if "s" not in state else {"dtheta": flat.join(state["s"], "d")}
    t = state["t"]
    learning_rate0, m, costs = learning_rate, X.shape[1], []
    if decay is not None and first_epoch > 0:
        learning_rate = decay(learning_rate0, first_epoch - 1, decay_rate)
    seed = minibatch_training.FIRST_SEED + first_epoch
    rng = np.random.RandomState(
        seed,  # pragma: no mutate - re-seeded before its first draw: any seed alike
    )                                     # re-seeded each epoch: RandomState(seed)'s stream
    for i in range(first_epoch, first_epoch + num_epochs):
        seed = seed + 1
        rng.seed(seed)
        cost_total = 0
        for mini_X, mini_Y in _random_mini_batches(X, Y, mini_batch_size, rng):
            AL, caches = deep._L_model_forward(mini_X, flat.split(theta["theta"]), activations)
            cost_total += _summed_cost(AL, mini_Y)
            grads = {"dtheta": flat.join(_model_backward(AL, mini_Y, caches), "d")}
            t = t + 1
            if optimizer == "gd":
                theta = _update_parameters_with_gd(theta, grads, learning_rate)
            elif optimizer == "momentum":
                theta, v = _update_parameters_with_momentum(theta, grads, v, beta, learning_rate)
            elif optimizer == "rmsprop":
                theta, s = _update_parameters_with_rmsprop(
                    theta, grads, s, beta, learning_rate, epsilon,
                    False,  # pragma: no mutate - None is as falsy: epsilon outside the root alike
                )
            else:
                theta, v, s = _update_parameters_with_adam(theta, grads, v, s, t, learning_rate,
                                                           beta1, beta2, epsilon)
        cost_avg = cost_total / m
        if decay is not None:
            learning_rate = decay(learning_rate0, i, decay_rate)
        if print_cost and i % 1000 == 0:
            print(f"Cost after epoch {i}: {float(cost_avg):f}")
            if decay is not None:
                print(f"learning rate after epoch {i}: {float(learning_rate):f}")
        if i % RECORD_EVERY == 0:
            costs.append(cost_avg)
            if progress is not None:
                progress(i, cost_avg)
    parameters = flat.copies(theta["theta"])
    state = {"t": t, **{k: flat.copies(moment["dtheta"], "d")
                        for k, moment in (("v", v), ("s", s)) if moment is not None}}
    return parameters, costs, {"parameters": parameters, "optimizer": state,
                               "epoch": first_epoch + num_epochs}


RECORD_EVERY = 100        # the course appends the cost of epochs 0, 100, 200, ...

"""Optimisation (course 2, week 2), TensorFlow twin: the same names, signatures, shapes and plain-data
state as `scratch.optimization`, computed with TF ops and Keras optimizers.

- exponentially_weighted_averages: tf.scan over the time steps; update_lr and
  schedule_lr_decay: keras.optimizers.schedules.InverseTimeDecay (keras_mapping).
- random_mini_batches: the permutation is NumPy's legacy stream (the course's
  np.random.seed(seed); np.random.permutation(m): the batches are defined by it, and one seed gives
  both twins the very same batches); the shuffle and the cut are TF ops (tf.gather, slices).
- Every update is one `apply_gradients` of a Keras optimizer on variables holding the given
  parameters, its slots assigned from the given state and read back after the step, through the
  mappings of `tfimpl.keras_mapping`:
    gradient descent  keras.optimizers.SGD(lr)                          (course_sgd)
    momentum          SGD's momentum update with mu = beta, eta = lr (1 - beta), slot m = -lr v
                      (CourseMomentumSGD: stock SGD, but mu kept at the parameters' precision)
    RMSprop           keras.optimizers.RMSprop(rho=beta, epsilon) when epsilon_inside=True;
                      CourseRMSprop (sqrt(s) + eps, the course's placement) otherwise
    Adam              CourseAdam: Keras's Adam carrying the course's bias-corrected formula, its
                      `iterations` set to t - 1 before the t-th update
  Learning rates are kept at the parameters' precision (keras_mapping.exact_learning_rate).
  Nothing of one call leaks into the next: variables, slots, step count and rate are all assigned
  from the arguments.

Every public function `f` checks its arguments with conventions.validation and delegates to `_f`.
"""

import collections

import keras
import numpy as np
import tensorflow as tf

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
from tfimpl import graphs, keras_mapping


def _tensor(given, checked):
    """`given` itself when it already is a tensor of the checked array's dtype, else a constant."""
    if isinstance(given, tf.Tensor) and given.dtype.as_numpy_dtype == checked.dtype:
        return given
    return tf.constant(checked)


def _tensors(given, checked):
    return {k: _tensor(given[k], v) for k, v in checked.items()}


# --- mini-batches -----------------------------------------------------------------------------------
def random_mini_batches(X, Y, mini_batch_size=MINI_BATCH_SIZE, seed=0):
    """[(mini_batch_X, mini_batch_Y), ...] as tensors: the columns shuffled by NumPy's
    RandomState(seed).permutation(m) (the course's np.random.seed(seed); permutation(m)), then
    cut into mini-batches of mini_batch_size columns, the last one partial when m is not a
    multiple of it. seed: as in scratch (an int, a RandomState or a Generator)."""
    X_checked, Y_checked, mini_batch_size = check_mini_batch_inputs(X, Y, mini_batch_size)
    return _random_mini_batches(_tensor(X, X_checked), _tensor(Y, Y_checked), mini_batch_size,
                                check_seed(seed))


def _random_mini_batches(X, Y, mini_batch_size, rng):
    m = int(X.shape[1])
    permutation = tf.constant(rng.permutation(m), dtype=tf.int64)
    shuffled_X = tf.gather(X, permutation, axis=1)
    shuffled_Y = tf.gather(Y, permutation, axis=1)
    return [(shuffled_X[:, start:start + mini_batch_size],
             shuffled_Y[:, start:start + mini_batch_size])
            for start in range(0, m, mini_batch_size)]


# --- one Keras optimizer step on variables made for it -----------------------------------------------
class _KerasStep:
    """Variables shaped like one network's parameters, a Keras optimizer built on them and its
    learning rate in a variable of their dtype. A call assigns parameters, rate, slots and step
    count from its arguments, applies the gradients, and reads parameters and slots back."""

    def __init__(self, kind, shapes, dtype, settings):
        self.kind, self.names = kind, [name for name, _ in shapes]
        self.variables = [tf.Variable(tf.zeros(shape, dtype), name=name) for name, shape in shapes]
        self.learning_rate = tf.Variable(tf.zeros((), dtype), name="learning_rate")
        self.optimizer = _OPTIMIZERS[kind](self.learning_rate, dtype, **dict(settings))
        self.optimizer.build(self.variables)
        self.dtype = dtype
        self._graphs = {}

    def slots(self, slot_name):
        """The optimizer's slot variables of one kind, in the order of the parameters."""
        slots = {"momentum": lambda o: o.momentums, "rms": lambda o: o._velocities,
                 "adam_v": lambda o: o._momentums, "adam_s": lambda o: o._velocities}[slot_name]
        found = slots(self.optimizer)
        return [found[self.optimizer._get_variable_index(var)] for var in self.variables]

    def __call__(self, parameters, grads, learning_rate, state, iterations=0):
        """state: {slot_name: {"dW1": value, ...}} in the optimizer's own terms. The step runs as
        one graph traced once per set of slot names (Keras's eager apply_gradients is ~40
        Python-driven ops per update); every value goes in as a tensor, so nothing retraces."""
        graph = self._graphs.get(tuple(state))
        if graph is None:
            graph = self._graphs[tuple(state)] = tf.function(self._apply, autograph=False,
                                                             jit_compile=False)
        as_tensor = lambda v: tf.convert_to_tensor(v, self.dtype)       # noqa: E731
        return graph({n: as_tensor(parameters[n]) for n in self.names},
                     {f"d{n}": as_tensor(grads[f"d{n}"]) for n in self.names},
                     tf.constant(learning_rate, self.dtype),
                     {k: {f"d{n}": as_tensor(v[f"d{n}"]) for n in self.names}
                      for k, v in state.items()},
                     tf.constant(iterations, self.optimizer.iterations.dtype))

    def _apply(self, parameters, grads, learning_rate, state, iterations):
        self.learning_rate.assign(learning_rate)
        for variable, name in zip(self.variables, self.names):
            variable.assign(parameters[name])
        for slot_name, values in state.items():
            for slot, name in zip(self.slots(slot_name), self.names):
                slot.assign(values[f"d{name}"])
        self.optimizer.iterations.assign(iterations)
        self.optimizer.apply_gradients(
            [(grads[f"d{name}"], variable) for name, variable in zip(self.names, self.variables)])
        updated = {name: variable.read_value() for name, variable in zip(self.names, self.variables)}
        slots = {slot_name: {f"d{name}": tf.identity(slot.value)
                             for slot, name in zip(self.slots(slot_name), self.names)}
                 for slot_name in state}
        return updated, slots


_OPTIMIZERS = {
    "gd": lambda rate, dtype: keras_mapping.course_sgd(rate, dtype),
    "momentum": lambda rate, dtype, beta: keras_mapping.course_momentum_sgd(rate, beta, dtype),
    "rmsprop": lambda rate, dtype, beta, epsilon, epsilon_inside: keras_mapping.course_rmsprop(
        rate, beta, epsilon, dtype, epsilon_inside),
    "adam": lambda rate, dtype, beta1, beta2, epsilon: keras_mapping.course_adam(
        rate, beta1, beta2, epsilon, dtype),
}
_STEPS = collections.OrderedDict()
_KEEP_STEPS = 8            # optimizers kept (least recently used dropped first)


def _keras_step(kind, parameters, **settings):
    """The _KerasStep for this optimizer kind and settings, and these parameters' names, shapes and
    dtype (made on first use)."""
    key = (kind, tuple((name, tuple(value.shape)) for name, value in parameters.items()),
           parameters[next(iter(parameters))].dtype, tuple(sorted(settings.items())))
    step = _STEPS.pop(key, None)
    if step is None:
        while len(_STEPS) >= _KEEP_STEPS:
            _STEPS.popitem(last=False)
        step = _KerasStep(*key)
    _STEPS[key] = step
    return step


def _checked_update(parameters, grads, learning_rate):
    checked, _ = check_network_parameters(parameters)
    checked_grads = check_network_grads(grads, checked)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    return (checked, _tensors(parameters, checked),
            _tensors({k: grads[k] for k in checked_grads}, checked_grads), learning_rate)


# --- gradient descent -------------------------------------------------------------------------------
def update_parameters_with_gd(parameters, grads, learning_rate):
    """One keras.optimizers.SGD step (course_sgd: exactly W - learning_rate dW); new tensors."""
    _, parameters, grads, learning_rate = _checked_update(parameters, grads, learning_rate)
    return _update_parameters_with_gd(parameters, grads, learning_rate)


def _update_parameters_with_gd(parameters, grads, learning_rate):
    updated, _ = _keras_step("gd", parameters)(parameters, grads, learning_rate, {})
    return updated


# --- momentum ---------------------------------------------------------------------------------------
def _zeros_like(parameters):
    return {f"d{name}": tf.zeros(value.shape, tf.as_dtype(value.dtype))
            for name, value in parameters.items()}


def initialize_velocity(parameters):
    """v: {"dW1": zeros like W1, "db1": zeros like b1, ...} (tensors)."""
    checked, _ = check_network_parameters(parameters)
    return _initialize_velocity(checked)


def _initialize_velocity(parameters):
    return _zeros_like(parameters)


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """One step of Keras SGD's momentum update (keras_mapping.CourseMomentumSGD: momentum=beta,
    learning_rate=lr (1 - beta)), its slot set to -lr v and read back as v = -slot / lr.
    Returns (parameters, v)."""
    checked, parameters, grads, learning_rate = _checked_update(parameters, grads, learning_rate)
    v = _tensors(v, check_moments("v", v, checked))
    return _update_parameters_with_momentum(parameters, grads, v, check_decay_rate("beta", beta),
                                            learning_rate)


def _update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    step = _keras_step("momentum", parameters, beta=beta)
    slot = {k: keras_mapping.momentum_slot_from_velocity(value, learning_rate)
            for k, value in v.items()}
    updated, slots = step(parameters, grads,
                          keras_mapping.momentum_sgd_learning_rate(learning_rate, beta),
                          {"momentum": slot})
    return updated, {k: keras_mapping.velocity_from_momentum_slot(value, learning_rate)
                     for k, value in slots["momentum"].items()}


# --- RMSprop ----------------------------------------------------------------------------------------
def initialize_rmsprop(parameters):
    """s: {"dW1": zeros like W1, "db1": zeros like b1, ...} (tensors)."""
    checked, _ = check_network_parameters(parameters)
    return _initialize_rmsprop(checked)


def _initialize_rmsprop(parameters):
    return _zeros_like(parameters)


def update_parameters_with_rmsprop(parameters, grads, s, beta=0.9, learning_rate=0.01,
                                   epsilon=1e-8, epsilon_inside=False):
    """One RMSprop step with s as its "velocity" slot: keras.optimizers.RMSprop(rho=beta,
    epsilon=epsilon) when epsilon_inside (eps inside the root, Keras's placement), else
    keras_mapping.CourseRMSprop (sqrt(s) + eps, the course's). Returns (parameters, s)."""
    checked, parameters, grads, learning_rate = _checked_update(parameters, grads, learning_rate)
    s = _tensors(s, check_moments("s", s, checked, non_negative=True))
    return _update_parameters_with_rmsprop(
        parameters, grads, s, check_decay_rate("beta", beta), learning_rate,
        check_non_negative_float("epsilon", epsilon), bool(epsilon_inside))


def _update_parameters_with_rmsprop(parameters, grads, s, beta, learning_rate, epsilon,
                                    epsilon_inside):
    step = _keras_step("rmsprop", parameters, beta=beta, epsilon=epsilon,
                       epsilon_inside=epsilon_inside)
    updated, slots = step(parameters, grads, learning_rate, {"rms": s})
    return updated, slots["rms"]


# --- Adam -------------------------------------------------------------------------------------------
def initialize_adam(parameters):
    """(v, s): two dicts {"dW1": zeros like W1, "db1": zeros like b1, ...} (tensors)."""
    checked, _ = check_network_parameters(parameters)
    return _initialize_adam(checked)


def _initialize_adam(parameters):
    return _zeros_like(parameters), _zeros_like(parameters)


def update_parameters_with_adam(parameters, grads, v, s, t,
                                learning_rate=ADAM_DEFAULTS["learning_rate"],
                                beta1=ADAM_DEFAULTS["beta1"], beta2=ADAM_DEFAULTS["beta2"],
                                epsilon=ADAM_DEFAULTS["epsilon"]):
    """The t-th Adam update (t >= 1) by keras_mapping.CourseAdam: its slots "momentum" and
    "velocity" set to v and s and its `iterations` to t - 1, then read back.
    Returns (parameters, v, s)."""
    checked, parameters, grads, learning_rate = _checked_update(parameters, grads, learning_rate)
    v = _tensors(v, check_moments("v", v, checked))
    s = _tensors(s, check_moments("s", s, checked, non_negative=True))
    return _update_parameters_with_adam(
        parameters, grads, v, s, check_adam_step(t), learning_rate,
        check_decay_rate("beta1", beta1), check_decay_rate("beta2", beta2),
        check_non_negative_float("epsilon", epsilon))


def _update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, beta1, beta2,
                                 epsilon):
    step = _keras_step("adam", parameters, beta1=beta1, beta2=beta2, epsilon=epsilon)
    updated, slots = step(parameters, grads, learning_rate, {"adam_v": v, "adam_s": s},
                          iterations=t - 1)
    return updated, slots["adam_v"], slots["adam_s"]




# --- exponentially weighted averages ----------------------------------------------------------------
def exponentially_weighted_averages(theta, beta=0.9, bias_correction=False):
    """v_t = beta v_{t-1} + (1 - beta) theta_t from v_0 = 0 along the columns of theta: (n, T),
    by tf.scan over the time steps; bias_correction divides by 1 - beta^t (computed in float64,
    then cast, as scratch's Python numbers). Returns v: (n, T) (a tensor)."""
    checked = check_matrix("theta", theta)
    return _exponentially_weighted_averages(_tensor(theta, checked),
                                            check_decay_rate("beta", beta), bool(bias_correction))


def _exponentially_weighted_averages(theta, beta, bias_correction):
    dtype = theta.dtype
    b, one_minus_b = tf.constant(beta, dtype), tf.constant(1 - beta, dtype)
    series = tf.transpose(theta)                                  # (T, n): scan over time
    v = tf.scan(lambda v, x: b * v + one_minus_b * x, series,
                initializer=tf.zeros(tf.shape(series)[1:], dtype))
    if bias_correction:
        t = tf.range(1, tf.shape(series)[0] + 1, dtype=tf.float64)
        correction = tf.cast(1 - tf.pow(tf.constant(beta, tf.float64), t), dtype)
        v = v / correction[:, None]
    return tf.transpose(v)


# --- learning-rate decay: Keras's InverseTimeDecay ----------------------------------------------------
def update_lr(learning_rate0, epoch_num, decay_rate):
    """learning_rate0 / (1 + decay_rate * epoch_num) by keras.optimizers.schedules.InverseTimeDecay
    (keras_mapping.course_inverse_time_decay, decay_steps = 1) at step epoch_num (float64)."""
    learning_rate0, epoch_num, decay_rate = _check_decay(learning_rate0, epoch_num, decay_rate)
    return _update_lr(learning_rate0, epoch_num, decay_rate)


def _update_lr(learning_rate0, epoch_num, decay_rate):
    return keras_mapping.course_inverse_time_decay(learning_rate0, decay_rate)(epoch_num)


def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    """learning_rate0 / (1 + decay_rate * floor(epoch_num / time_interval)) by InverseTimeDecay
    with decay_steps = time_interval, staircase=True, at step epoch_num (float64)."""
    learning_rate0, epoch_num, decay_rate = _check_decay(learning_rate0, epoch_num, decay_rate)
    time_interval = check_positive_int("time_interval", time_interval)
    return _schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval)


def _schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval):
    return keras_mapping.course_inverse_time_decay(learning_rate0, decay_rate,
                                                   time_interval)(epoch_num)


def exponential_lr_decay(learning_rate0, epoch_num, decay_rate):
    """learning_rate0 * decay_rate ** epoch_num by keras.optimizers.schedules.ExponentialDecay
    (decay_steps = 1) at step epoch_num (float64), decay_rate in (0, 1]."""
    learning_rate0, epoch_num, decay_rate = _check_decay(learning_rate0, epoch_num, decay_rate)
    if not 0 < decay_rate <= 1:
        raise ValueError(f"decay_rate: expected 0 < decay_rate <= 1 for exponential decay, got "
                         f"{decay_rate!r}")
    return _exponential_lr_decay(learning_rate0, epoch_num, decay_rate)


def _exponential_lr_decay(learning_rate0, epoch_num, decay_rate):
    return keras.optimizers.schedules.ExponentialDecay(
        tf.constant(learning_rate0, tf.float64), decay_steps=1,
        decay_rate=tf.constant(decay_rate, tf.float64))(epoch_num)


def _check_decay(learning_rate0, epoch_num, decay_rate):
    return (check_positive_float("learning_rate0", learning_rate0),
            check_non_negative_int("epoch_num", epoch_num),
            check_non_negative_float("decay_rate", decay_rate))


# --- the assignment's model: mini-batch training, one epoch one graph ------------------------------
def model(X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=MINI_BATCH_SIZE,
          beta=0.9, beta1=0.9, beta2=0.999, epsilon=1e-8, num_epochs=5000, print_cost=True,
          decay=None, decay_rate=1, *, initial_parameters=None, resume=None, progress=None,
          return_checkpoint=False, compiled=None):
    """The course's `model` (see scratch.optimization.model: the same loop, seeds, costs, decay,
    checkpoint and returns), trained by tfimpl.minibatch_training.EpochRunner: a tape per
    mini-batch and the Keras optimizers of keras_mapping; the mini-batches are the course's
    (NumPy's RandomState(seed).permutation, as in random_mini_batches); a decay's rate is computed
    by this module's Keras-schedule functions. compiled: each epoch one traced graph (default
    when num_epochs > graphs.COMPILE_AFTER) or eager. Tensors out, as the other trainers."""
    from tfimpl import deep

    X_checked = check_matrix("X", X)
    Y = deep._check_Y(Y, X_checked.shape[1], X_checked.dtype)
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
    else:
        parameters = deep._initial_parameters(X_checked, layers_dims, initial_parameters, "he",
                                              minibatch_training.INIT_SEED)
        parameters, _ = check_network_parameters({k: np.asarray(v)
                                                  for k, v in parameters.items()})
        state, epoch = {"t": 0, **{k: {f"d{n}": np.zeros_like(p) for n, p in parameters.items()}
                                   for k in minibatch_training.MOMENTS[optimizer]}}, 0
    X, parameters, activations = deep._check_network(X, parameters, None)
    compiled = bool(compiled or (compiled is None and num_epochs > graphs.COMPILE_AFTER))
    parameters, costs, checkpoint = _model(
        X, Y, parameters, *settings, print_cost, decay,
        activations, state, epoch, progress, compiled)
    return (parameters, costs, checkpoint) if return_checkpoint else parameters


DECAY_FUNCTIONS = {"update_lr": update_lr, "schedule_lr_decay": schedule_lr_decay,
                   "exponential_lr_decay": exponential_lr_decay}
RECORD_EVERY = 100


def _model(X, Y, parameters, optimizer, learning_rate, mini_batch_size, beta, beta1, beta2,
           epsilon, num_epochs, decay_rate, print_cost, decay, activations, state, first_epoch,
           progress, compiled):
    from tfimpl.minibatch_training import EpochRunner

    learning_rate0, m, costs = learning_rate, int(X.shape[1]), []
    if decay is not None and first_epoch > 0:
        learning_rate = float(decay(learning_rate0, first_epoch - 1, decay_rate))
    runner = EpochRunner(X, Y, parameters, activations, optimizer, learning_rate,
                         mini_batch_size, beta, beta1, beta2, epsilon, state, compiled)
    seed = minibatch_training.FIRST_SEED + first_epoch
    for i in range(first_epoch, first_epoch + num_epochs):
        seed = seed + 1
        cost_avg = runner.epoch(seed) / m
        if decay is not None:
            runner.set_learning_rate(float(decay(learning_rate0, i, decay_rate)))
        if print_cost and i % 1000 == 0:
            print(f"Cost after epoch {i}: {float(cost_avg):f}")
            if decay is not None:
                print(f"learning rate after epoch {i}: {runner.alpha:f}")
        if i % RECORD_EVERY == 0:
            costs.append(cost_avg)
            if progress is not None:
                progress(i, cost_avg)
    parameters = runner.parameters()
    return parameters, costs, {"parameters": parameters, "optimizer": runner.state(),
                               "epoch": first_epoch + num_epochs}

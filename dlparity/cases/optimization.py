"""Parity cases for `optimization` (course 2, week 2): the mini-batch partition, one step of every
optimizer with its state (parameters AND v / s compared after the step), mini-batch training
trajectories with the optimizer state compared at the end, and the assignment's `model` itself on
the course's moons (each optimizer, with decays; wrong variants: a mean cost where the course
sums, the last partial batch dropped, t from 0, momentum without (1 - beta), eps inside the root,
a decay counting epochs from 1).

Inputs. A step's parameters, grads and state are drawn independently (as the course's test cells
draw them) on random deep stacks (square layers and single units among them). For RMSprop and
Adam the gradient entries come at a scale 10^u, u ~ U(-7, -4) per draw, with s drawn as squares
of that scale: there epsilon = 1e-8 is visible (sqrt(s) + eps vs sqrt(s + eps): 40 % apart at
sqrt(s) = 1e-4), so its placement is caught in float32 too, where gradients of order 1 would hide
it below 1e-8 (measured: not caught at MUTANT_SEED with order-1 gradients). Both optimizers
normalise the step, so the update stays of order learning_rate.

Tolerances. A step is element-wise: a fixed chain of a few roundings per entry on each side, no
sums. Measured: Adam (keras_mapping.CourseAdam) and RMSprop agree bit for bit with scratch; the
momentum step (SGD with mu = beta, eta = alpha (1 - beta), slot = -alpha v) within 1 ulp of the
leaf's size, from converting v to the slot and back.
"""

import importlib

import numpy as np

from conventions.vocabulary import ADAM_DEFAULTS
from dlparity import inputs
from dlparity.cases import Mutant, ParityCase

MAX_LAYERS = 4
M = Mutant


# --- input builders -----------------------------------------------------------------------------
def _sizes(rng):
    L = int(rng.integers(1, MAX_LAYERS + 1))
    sizes = [int(rng.integers(1, 9))]
    for _ in range(L):
        sizes.append(inputs.width(rng, sizes[-1], 8))
    return sizes


def _like(rng, parameters, dtype, scale=1.0, square=False):
    out = {}
    for name, value in parameters.items():
        x = inputs.normal(rng, value.shape, np.float64, scale)
        out[f"d{name}"] = (x * x if square else x).astype(dtype)
    return out


def _step_inputs(rng, dtype, small=False):
    """parameters, grads, v, s drawn independently; a learning rate, a beta, t. small: gradients
    (and v, sqrt(s)) at a scale 10^u, u ~ U(-7, -4), where epsilon's placement shows."""
    sizes = _sizes(rng)
    parameters = {}
    for l in range(1, len(sizes)):
        parameters[f"W{l}"] = inputs.normal(rng, (sizes[l], sizes[l - 1]), dtype)
        parameters[f"b{l}"] = inputs.normal(rng, (sizes[l], 1), dtype, scale=0.5)
    scale = 10.0 ** rng.uniform(-7, -4) if small else 1.0
    return {"parameters": parameters, "grads": _like(rng, parameters, dtype, scale),
            "v": _like(rng, parameters, dtype, scale), "s": _like(rng, parameters, dtype, scale,
                                                                   square=True),
            "learning_rate": float(rng.uniform(0.001, 0.1)),
            "beta": float(rng.uniform(0.5, 0.99)), "t": int(rng.integers(1, 1001)),
            "sizes": sizes}


def _small_step_inputs(rng, dtype):
    return _step_inputs(rng, dtype, small=True)


def _mini_batch_inputs(rng, dtype):
    """X: (n_x, m), Y: (1, m), a mini-batch size, a seed; m not a multiple of the size (the last
    partial mini-batch is there to keep), one time in four the course's 64."""
    size = 64 if rng.random() < 0.25 else int(rng.integers(1, 70))
    m = int(rng.integers(1, 4 * size + 1))
    if m % size == 0:
        m += 1
    n_x = int(rng.integers(1, 6))
    return {"X": inputs.normal(rng, (n_x, m), dtype), "Y": inputs.labels(rng, m, dtype),
            "size": size, "seed": int(rng.integers(0, 2**31))}


# --- calls --------------------------------------------------------------------------------------
def _momentum(m, i):
    return m.update_parameters_with_momentum(i["parameters"], i["grads"], i["v"], i["beta"],
                                             i["learning_rate"])


def _rmsprop(epsilon_inside):
    def call(m, i):
        return m.update_parameters_with_rmsprop(i["parameters"], i["grads"], i["s"], i["beta"],
                                                i["learning_rate"], 1e-8, epsilon_inside)
    return call


def _adam(m, i):
    return m.update_parameters_with_adam(i["parameters"], i["grads"], i["v"], i["s"], i["t"],
                                         i["learning_rate"], 0.9, 0.999, 1e-8)


# --- wrong variants -----------------------------------------------------------------------------
def _drop_last_partial(X, Y, mini_batch_size, rng):
    m = X.shape[1]
    permutation = rng.permutation(m)
    X, Y = X[:, permutation], Y[:, permutation]
    return [(X[:, k:k + mini_batch_size], Y[:, k:k + mini_batch_size])
            for k in range(0, m - mini_batch_size + 1, mini_batch_size)]


def _not_shuffled(X, Y, mini_batch_size, rng):
    rng.permutation(X.shape[1])
    return [(X[:, k:k + mini_batch_size], Y[:, k:k + mini_batch_size])
            for k in range(0, X.shape[1], mini_batch_size)]


def _gd_ascent(parameters, grads, learning_rate):
    return {n: w + learning_rate * grads[f"d{n}"] for n, w in parameters.items()}


def _momentum_without_one_minus_beta(parameters, grads, v, beta, learning_rate):
    velocity = {k: beta * v[k] + grads[k] for k in v}
    return {n: w - learning_rate * velocity[f"d{n}"] for n, w in parameters.items()}, velocity


def _rmsprop_with(epsilon_inside):
    """RMSprop with epsilon placed the other way (inside the root where the call asks outside,
    or outside where it asks inside)."""
    def wrong(parameters, grads, s, beta, learning_rate, epsilon, asked_inside):
        inside = not asked_inside if epsilon_inside is None else epsilon_inside
        square = {k: beta * s[k] + (1 - beta) * np.square(grads[k]) for k in s}
        updated = {}
        for n, w in parameters.items():
            k = f"d{n}"
            root = np.sqrt(square[k] + epsilon) if inside else np.sqrt(square[k]) + epsilon
            updated[n] = w - learning_rate * grads[k] / root
        return updated, square
    return wrong


def _adam_with(shift=0, inside=False, corrected=True):
    """Adam with the step count shifted (shift=-1: t counted from 0, as when t is incremented after
    the update), epsilon inside the root, or no bias correction."""
    def wrong(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon):
        t = t + shift
        first = {k: beta1 * v[k] + (1 - beta1) * grads[k] for k in v}
        second = {k: beta2 * s[k] + (1 - beta2) * np.square(grads[k]) for k in s}
        updated = {}
        for n, w in parameters.items():
            k = f"d{n}"
            c1, c2 = (1 - beta1 ** t, 1 - beta2 ** t) if corrected else (1.0, 1.0)
            v_c, s_c = first[k] / c1, second[k] / c2
            root = np.sqrt(s_c + epsilon) if inside else np.sqrt(s_c) + epsilon
            updated[n] = w - learning_rate * v_c / root
        return updated, first, second
    return wrong


DROP_LAST = M("drops the last partial mini-batch", "only the floor(m / size) complete ones",
              "_random_mini_batches", _drop_last_partial)
T_FROM_ZERO = M("t from 0", "bias corrections with t - 1 (the count started at 0)",
                "_update_parameters_with_adam", _adam_with(shift=-1))
# In a training loop the first update then divides by 1 - beta^0 = 0: inf / nan parameters, which
# the next call refuses (ValueError naming the parameter): the crash is the catch.
T_FROM_ZERO_IN_TRAINING = M("t from 0", "bias corrections with t - 1: the first divides by 0",
                            "_update_parameters_with_adam", _adam_with(shift=-1),
                            raises=ValueError)
ADAM_EPS_INSIDE = M("eps inside the root", "sqrt(s_corrected + eps)",
                    "_update_parameters_with_adam", _adam_with(inside=True))
NO_ONE_MINUS_BETA = M("momentum without (1 - beta)", "v = beta v + g",
                      "_update_parameters_with_momentum", _momentum_without_one_minus_beta)


# --- trajectories: mini-batch training, state compared at the end --------------------------------
TRAJECTORY_SIZES = [2, 5, 2, 1]          # the course's moons network
TRAJECTORY_M = 150
TRAJECTORY_BATCH = 64                    # 2 complete mini-batches and one of 22 per epoch
TRAJECTORY_EPOCHS = 100                  # 300 updates (slow: `report --full`, pytest -m slow)
SHORT_EPOCHS = 10                        # 30 updates (quick: the default report and suite)
FIRST_EPOCH_SEED = 10                    # the course's loop: seed = seed + 1 before each epoch


def _trajectory_inputs(rng, dtype):
    """Two noisy interleaved half circles (moons-like; the case needs data of that kind, not the
    course's draw), the [2, 5, 2, 1] network with He-scaled weights from the case's generator."""
    m = TRAJECTORY_M
    angle = rng.uniform(0, np.pi, m)
    Y = (rng.random(m) < 0.5).astype(np.float64)
    X = np.stack([np.cos(angle) + Y * 1.0, np.sin(angle) * (1 - 2 * Y) + Y * 0.5])
    X = X + 0.2 * rng.standard_normal(X.shape)
    parameters = {}
    sizes = TRAJECTORY_SIZES
    for l in range(1, len(sizes)):
        parameters[f"W{l}"] = (rng.standard_normal((sizes[l], sizes[l - 1]))
                               * np.sqrt(2 / sizes[l - 1])).astype(dtype)
        parameters[f"b{l}"] = np.zeros((sizes[l], 1), dtype)
    return {"X": X.astype(dtype), "Y": Y[None, :].astype(dtype), "parameters": parameters}


def _train(optimizer, learning_rate, epochs=TRAJECTORY_EPOCHS, **settings):
    """call(module, inputs): `epochs` epochs of mini-batch training with `optimizer` through the
    twin's own functions (its random_mini_batches, its deep twin's forward and backward passes,
    its update), the course's loop: seed + 1 each epoch, t + 1 before each Adam update."""
    def call(m, i):
        deep = importlib.import_module(m.__name__.rsplit(".", 1)[0] + ".deep")
        parameters, state, t = i["parameters"], {}, 0
        if optimizer == "momentum":
            state["v"] = m.initialize_velocity(parameters)
        elif optimizer == "rmsprop":
            state["s"] = m.initialize_rmsprop(parameters)
        elif optimizer == "adam":
            state["v"], state["s"] = m.initialize_adam(parameters)
        seed = FIRST_EPOCH_SEED
        for _ in range(epochs):
            seed += 1
            for X, Y in m.random_mini_batches(i["X"], i["Y"], TRAJECTORY_BATCH, seed):
                AL, caches = deep.L_model_forward(X, parameters)
                grads = deep.L_model_backward(AL, Y, caches)
                grads = {k: grads[k] for k in grads if not k.startswith("dA")}
                if optimizer == "gd":
                    parameters = m.update_parameters_with_gd(parameters, grads, learning_rate)
                elif optimizer == "momentum":
                    parameters, state["v"] = m.update_parameters_with_momentum(
                        parameters, grads, state["v"], settings["beta"], learning_rate)
                elif optimizer == "rmsprop":
                    parameters, state["s"] = m.update_parameters_with_rmsprop(
                        parameters, grads, state["s"], settings["beta"], learning_rate)
                else:
                    t += 1
                    parameters, state["v"], state["s"] = m.update_parameters_with_adam(
                        parameters, grads, state["v"], state["s"], t, learning_rate)
        return {"parameters": parameters, **state, "t": t}
    return call


def _trajectory(optimizer, learning_rate, mutants, epochs=TRAJECTORY_EPOCHS, **settings):
    steps = epochs * -(-TRAJECTORY_M // TRAJECTORY_BATCH)
    short = epochs < TRAJECTORY_EPOCHS
    return ParityCase(
        f"optimization.trajectory[{optimizer}{', short' if short else ''}]", "trajectory",
        "optimization", _trajectory_inputs, _train(optimizer, learning_rate, epochs, **settings),
        kind="trajectory", reduction=lambda i: TRAJECTORY_BATCH, steps=steps, randomized=False,
        slow=not short, mutants=mutants,
        note=f"{TRAJECTORY_SIZES}, m = {TRAJECTORY_M}, mini-batches of {TRAJECTORY_BATCH}, "
             f"{epochs} epochs ({steps} updates), lr {learning_rate}")


# --- exponentially weighted averages and learning-rate decay ------------------------------------
def _series_inputs(rng, dtype):
    """theta: (n, T) series around 20 with noise (temperatures, as the notes draw them)."""
    n, T = int(rng.integers(1, 4)), int(rng.integers(1, 60))
    return {"theta": (20 + 5 * rng.standard_normal((n, T))).astype(dtype),
            "beta": float(rng.uniform(0.5, 0.98))}


def _ewa_without_correction(theta, beta, bias_correction):
    v = np.zeros(theta.shape[0], theta.dtype)
    out = np.empty_like(theta)
    for t in range(theta.shape[1]):
        v = beta * v + (1 - beta) * theta[:, t]
        out[:, t] = v
    return out


def _ewa_without_one_minus_beta(theta, beta, bias_correction):
    v = np.zeros(theta.shape[0], theta.dtype)
    out = np.empty_like(theta)
    for t in range(theta.shape[1]):
        v = beta * v + theta[:, t]
        out[:, t] = v / (1 - beta ** (t + 1)) if bias_correction else v
    return out


def _decay_inputs(rng, dtype):
    """A rate, an epoch (0..5000), a decay rate, and an interval (1..1000)."""
    return {"learning_rate0": float(rng.uniform(0.001, 1)), "epoch": int(rng.integers(0, 5001)),
            "decay_rate": float(rng.uniform(0.01, 2)), "interval": int(rng.integers(1, 1001))}


def _schedule_no_floor(learning_rate0, epoch_num, decay_rate, time_interval):
    return learning_rate0 / (1 + decay_rate * epoch_num / time_interval)


def _update_lr_from_one(learning_rate0, epoch_num, decay_rate):
    return learning_rate0 / (1 + decay_rate * (epoch_num + 1))


# --- the assignment's model on the course's moons: every optimizer through each twin's `model` ----
MODEL_EPOCHS = 10                        # 50 updates of 5 mini-batches (4 x 64 + 44)


def _moons_inputs(rng, dtype):
    """The course's moons (load_moons_dataset: fixed, the assignment's draw)."""
    from conventions.planar_datasets import load_moons_dataset

    X, Y = load_moons_dataset()
    return {"X": X.astype(dtype), "Y": Y.astype(dtype)}


def _model(optimizer, decay=None):
    def call(m, i):
        parameters, costs, checkpoint = m.model(
            i["X"], i["Y"], TRAJECTORY_SIZES, optimizer, 0.01, num_epochs=MODEL_EPOCHS,
            print_cost=False, decay=decay, decay_rate=0.5, return_checkpoint=True)
        return {"parameters": parameters, "costs": costs, **checkpoint["optimizer"]}
    return call


def _mean_cost(AL, Y):
    """The mini-batch's mean cost where the course sums (cost_total / m then divides twice)."""
    return np.mean(np.multiply(-np.log(AL), Y) + np.multiply(-np.log(1 - AL), 1 - Y))


MEAN_COST = M("mean cost per mini-batch", "cost_total adds means, not sums", "_summed_cost",
              _mean_cost)


def _model_case(optimizer, decay, mutants):
    steps = MODEL_EPOCHS * 5
    return ParityCase(
        f"optimization.model[{optimizer}{', ' + decay if decay else ''}]", "trajectory",
        "optimization", _moons_inputs, _model(optimizer, decay), kind="trajectory",
        reduction=lambda i: TRAJECTORY_BATCH, steps=steps, randomized=False, mutants=mutants,
        note=f"the course's moons, {TRAJECTORY_SIZES}, its seeds, {MODEL_EPOCHS} epochs "
             f"({steps} updates), lr 0.01; parameters, recorded cost, state at the end")


CASES = [
    ParityCase("optimization.random_mini_batches", "forward", "optimization", _mini_batch_inputs,
               lambda m, i: m.random_mini_batches(i["X"], i["Y"], i["size"], i["seed"]),
               note="the course's seeded permutation; m % size != 0 (a last partial batch)",
               mutants=(DROP_LAST, M("not shuffled", "consecutive columns", "_random_mini_batches",
                                     _not_shuffled))),
    ParityCase("optimization.update_parameters_with_gd", "step", "optimization", _step_inputs,
               lambda m, i: m.update_parameters_with_gd(i["parameters"], i["grads"],
                                                        i["learning_rate"]),
               mutants=(M("ascent", "w + alpha g", "_update_parameters_with_gd", _gd_ascent),)),
    ParityCase("optimization.update_parameters_with_momentum", "step", "optimization",
               _step_inputs, _momentum, note="parameters and v after one step",
               mutants=(NO_ONE_MINUS_BETA,)),
    ParityCase("optimization.update_parameters_with_rmsprop", "step", "optimization",
               _small_step_inputs, _rmsprop(False),
               note="the course's sqrt(s) + eps (CourseRMSprop); parameters and s",
               mutants=(M("eps inside the root", "sqrt(s + eps) where the course has "
                          "sqrt(s) + eps", "_update_parameters_with_rmsprop",
                          _rmsprop_with(True)),)),
    ParityCase("optimization.update_parameters_with_rmsprop[epsilon_inside]", "step",
               "optimization", _small_step_inputs, _rmsprop(True),
               note="Keras's placement sqrt(s + eps) (stock keras.optimizers.RMSprop)",
               mutants=(M("eps outside the root", "sqrt(s) + eps where sqrt(s + eps) is asked",
                          "_update_parameters_with_rmsprop", _rmsprop_with(False)),)),
    ParityCase("optimization.update_parameters_with_adam", "step", "optimization",
               _small_step_inputs, _adam, note="t in 1..1000; parameters, v and s after the t-th step",
               mutants=(T_FROM_ZERO, ADAM_EPS_INSIDE,
                        M("no bias correction", "v and s used uncorrected",
                          "_update_parameters_with_adam", _adam_with(corrected=False)))),
    ParityCase("optimization.exponentially_weighted_averages", "forward", "optimization",
               _series_inputs, lambda m, i: m.exponentially_weighted_averages(i["theta"],
                                                                              i["beta"]),
               kind="trajectory", reduction=lambda i: 1, steps=60,
               note="v_t = beta v_{t-1} + (1 - beta) theta_t along T <= 60 columns",
               mutants=(M("without (1 - beta)", "v = beta v + theta",
                          "_exponentially_weighted_averages", _ewa_without_one_minus_beta),)),
    ParityCase("optimization.exponentially_weighted_averages[bias_correction]", "forward",
               "optimization", _series_inputs,
               lambda m, i: m.exponentially_weighted_averages(i["theta"], i["beta"], True),
               kind="trajectory", reduction=lambda i: 1, steps=60,
               note="v_t / (1 - beta^t)",
               mutants=(M("no bias correction", "v_t where v_t / (1 - beta^t) is asked",
                          "_exponentially_weighted_averages", _ewa_without_correction),)),
    ParityCase("optimization.update_lr", "forward", "optimization", _decay_inputs,
               lambda m, i: m.update_lr(i["learning_rate0"], i["epoch"], i["decay_rate"]),
               dtypes=("float64",),
               note="Keras's InverseTimeDecay (decay_steps 1) at step epoch_num; rates are "
                    "Python numbers (float64)",
               mutants=(M("epochs from 1", "1 + decay_rate (epoch_num + 1)", "_update_lr",
                          _update_lr_from_one),)),
    ParityCase("optimization.schedule_lr_decay", "forward", "optimization", _decay_inputs,
               lambda m, i: m.schedule_lr_decay(i["learning_rate0"], i["epoch"],
                                                i["decay_rate"], i["interval"]),
               dtypes=("float64",),
               note="InverseTimeDecay(decay_steps = time_interval, staircase=True)",
               mutants=(M("no staircase", "epoch_num / time_interval not floored",
                          "_schedule_lr_decay", _schedule_no_floor),)),
    _trajectory("gd", 0.1, (DROP_LAST,)),
    _trajectory("momentum", 0.1, (NO_ONE_MINUS_BETA, DROP_LAST), beta=0.9),
    _trajectory("rmsprop", 0.01, (M("eps inside the root", "sqrt(s + eps)",
                                    "_update_parameters_with_rmsprop", _rmsprop_with(True)),),
                beta=0.9),
    # (eps's placement is the step case's: with training gradients sqrt(s) >> eps, and the
    # float32 trajectory bound, 9.2e-3 after 300 steps, does not see it: measured 4.0e-3)
    _trajectory("adam", ADAM_DEFAULTS["learning_rate"], (T_FROM_ZERO_IN_TRAINING, DROP_LAST)),
    _trajectory("adam", ADAM_DEFAULTS["learning_rate"], (T_FROM_ZERO_IN_TRAINING, DROP_LAST),
                epochs=SHORT_EPOCHS),
    _trajectory("momentum", 0.1, (NO_ONE_MINUS_BETA,), epochs=SHORT_EPOCHS, beta=0.9),
    _model_case("gd", None, (DROP_LAST, MEAN_COST)),
    _model_case("momentum", "update_lr", (NO_ONE_MINUS_BETA, M(
        "epochs from 1", "1 + decay_rate (epoch_num + 1)", "_update_lr", _update_lr_from_one))),
    _model_case("rmsprop", None, (M("eps inside the root", "sqrt(s + eps)",
                                    "_update_parameters_with_rmsprop", _rmsprop_with(True)),)),
    _model_case("adam", "schedule_lr_decay", (T_FROM_ZERO, DROP_LAST)),
]

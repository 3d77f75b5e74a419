"""The course-2 optimisation `model`'s settings and its checkpoint, shared by both twins.

    model(X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=64, beta=0.9,
          beta1=0.9, beta2=0.999, epsilon=1e-8, num_epochs=5000, print_cost=True, decay=None,
          decay_rate=1, ...)

The course's loop: seed = 10 before the first epoch, seed + 1 before each epoch's
random_mini_batches(X, Y, mini_batch_size, seed); t + 1 before each Adam update; the cost of an
epoch is the cross-entropy summed over its mini-batches (before each update) divided by m; after
epoch i (0-based) the rate becomes decay(learning_rate0, i, decay_rate) when decay is given. The
network's initial weights are the assignment's: np.random.seed(3), W{l} = randn * sqrt(2 / n_{l-1}),
b{l} = 0.

A checkpoint is plain data, everything needed to continue the same trajectory bit for bit:

    {"parameters": {"W1": ..., "b1": ...}, "optimizer": {"v": ..., "s": ..., "t": t}, "epoch": e}

optimizer: the state of conventions.optimizer_state (momentum keeps v, RMSprop s, Adam v and s;
t = the number of updates applied); epoch: the number of epochs done. The seed of the next epoch
(10 + e + 1) and the decayed rate (decay(learning_rate0, e - 1, decay_rate)) follow from e. In the
weights file the epoch is the attribute `epoch` of the group /training (registered here); the
optimizer state is the group /optimizer.

    check_model_settings(...)     every hyperparameter of `model`, checked (errors name it)
    check_checkpoint(...)         a checkpoint against the optimizer and the network
    save_checkpoint / load_checkpoint   a checkpoint <-> a weights file
"""

import numpy as np

from conventions import optimizer_state, weights_file
from conventions.optimization_checks import check_decay_rate, check_non_negative_float
from conventions.validation import (
    check_choice,
    check_network_parameters,
    check_non_negative_int,
    check_positive_float,
    check_positive_int,
)
from conventions.vocabulary import HIDDEN_ACTIVATION, OUTPUT_ACTIVATION

OPTIMIZERS = ("gd", "momentum", "rmsprop", "adam")
# decay: None, one of these names (each twin's own function of that name), or a callable
# decay(learning_rate0, epoch_num, decay_rate) -> learning rate, as the course passes update_lr.
DECAYS = ("update_lr", "schedule_lr_decay", "exponential_lr_decay")
FIRST_SEED = 10           # the course's `seed = 10` before the epoch loop
INIT_SEED = 3             # its opt_utils initialize_parameters: np.random.seed(3), He scaling
MOMENTS = {"gd": (), "momentum": ("v",), "rmsprop": ("s",), "adam": ("v", "s")}
GROUP = "training"


def activations_for(L):
    """The assignment's stack: [relu] * (L - 1) + [sigmoid]."""
    return [HIDDEN_ACTIVATION] * (L - 1) + [OUTPUT_ACTIVATION]


def check_decay(decay, functions):
    """None, a name in DECAYS (looked up in `functions`, the twin's {name: function}), or a
    callable; returns None or the callable."""
    if decay is None:
        return None
    if isinstance(decay, str):
        return functions[check_choice("decay", decay, DECAYS)]
    if not callable(decay):
        raise TypeError(f"decay: expected None, one of {list(DECAYS)} or a callable "
                        f"decay(learning_rate0, epoch_num, decay_rate), got {decay!r}")
    return decay


def check_model_settings(optimizer, learning_rate, mini_batch_size, beta, beta1, beta2, epsilon,
                         num_epochs, decay_rate):
    """The hyperparameters of `model`, checked and returned in order."""
    return (check_choice("optimizer", optimizer, OPTIMIZERS),
            check_positive_float("learning_rate", learning_rate),
            check_positive_int("mini_batch_size", mini_batch_size),
            check_decay_rate("beta", beta), check_decay_rate("beta1", beta1),
            check_decay_rate("beta2", beta2), check_non_negative_float("epsilon", epsilon),
            check_non_negative_int("num_epochs", num_epochs),
            check_non_negative_float("decay_rate", decay_rate))


def check_checkpoint(checkpoint, optimizer, n_x=None):
    """A checkpoint (module docstring) for `optimizer`, its network fed n_x features: returns
    (parameters, state, epoch) checked, NumPy; ValueError / TypeError in words."""
    if not isinstance(checkpoint, dict) or set(checkpoint) != {"parameters", "optimizer", "epoch"}:
        got = sorted(checkpoint) if isinstance(checkpoint, dict) else type(checkpoint).__name__
        raise ValueError(f"resume: expected a checkpoint dict with keys epoch, optimizer, "
                         f"parameters, got {got}")
    parameters, sizes = check_network_parameters(checkpoint["parameters"])
    if n_x is not None and sizes[0] != n_x:
        raise ValueError(f"resume: the checkpoint's network takes {sizes[0]} features, X has "
                         f"{n_x}")
    state = optimizer_state.check_optimizer_state(checkpoint["optimizer"], parameters)
    have = tuple(m for m in optimizer_state.MOMENTS if m in state)
    if have != MOMENTS[optimizer]:
        raise ValueError(f"resume: optimizer {optimizer!r} keeps "
                         f"{' and '.join(MOMENTS[optimizer]) or 'no moments'} (besides t), the "
                         f"checkpoint holds {' and '.join(have) or 'none'} (saved by another "
                         f"optimizer?)")
    epoch = check_non_negative_int("resume['epoch']", checkpoint["epoch"])
    return parameters, state, epoch


def _validate_group(group, parameters):
    return {"epoch": group.integer("epoch", minimum=0)}


def _store(value):
    return {}, {"epoch": check_non_negative_int("training['epoch']", value["epoch"])}


weights_file.register_group(GROUP, _validate_group, _store)


def save_checkpoint(path, checkpoint):
    """Write a checkpoint (arrays or tensors, course layout) as a weights file: /parameters,
    /optimizer (v, s, t) and /training (epoch)."""
    parameters = {k: np.asarray(v) for k, v in checkpoint["parameters"].items()}
    state = {k: (int(v) if k == "t" else {g: np.asarray(a) for g, a in v.items()})
             for k, v in checkpoint["optimizer"].items()}
    L = len(parameters) // 2
    weights_file.save_parameters(path, parameters, activations_for(L), extras={
        optimizer_state.GROUP: state, GROUP: {"epoch": checkpoint["epoch"]}})


def load_checkpoint(path, layer_sizes=None):
    """A checkpoint back from a weights file `save_checkpoint` wrote; WeightsFileError when the
    file lacks /optimizer or /training, or describes another network."""
    weights = weights_file.load_parameters(path, layer_sizes)
    missing = [g for g in (optimizer_state.GROUP, GROUP) if g not in weights.extras]
    if missing:
        raise weights_file.WeightsFileError(
            f"{path}: not a training checkpoint: no group {', '.join(missing)} (save it with "
            f"--save to resume from it)")
    return {"parameters": weights.parameters, "optimizer": weights.extras[optimizer_state.GROUP],
            "epoch": weights.extras[GROUP]["epoch"]}

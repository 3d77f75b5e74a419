"""Batch-norm state as plain data, and its group in the weights file.

    state = {"gamma1": (n_1, 1), "beta1": (n_1, 1), "running_mean1": (n_1, 1), "running_var1": (n_1, 1),
             "gamma3": ..., ...}

one entry of each of the four kinds for every layer l that normalises its Z{l} (any subset of
1 ... L, at least one layer), each a column of the layer's width n_l — the shape of b{l} — in the
parameters' dtype, finite; running_var{l} >= 0 (a variance). gamma and beta are the layer's
trainable scale and shift, running_mean and running_var its exponentially weighted statistics
(scratch.batchnorm); together they are what a batch-normalised layer needs besides W{l}, so the
network is restored from the file alone. The names are the ones `conventions.layout` converts
(gamma1 <-> Keras's gamma (n_1,), running_var1 <-> moving_variance, ...).

In the weights file the state is the group /batchnorm, arrays under the same names, no attribute
(momentum and epsilon are hyperparameters, not state).

    check_batchnorm_state(state, parameters)   -> the state, checked (ValueError in words)
    validate_group / store                      registered with conventions.weights_file
"""

import numpy as np

from conventions import layout, weights_file

GROUP = "batchnorm"
KINDS = ("gamma", "beta", "running_mean", "running_var")


def layers_of(names):
    """The sorted layers named by `names` ('gamma2' -> 2); ValueError for any other name."""
    layers = set()
    for name in names:
        try:
            prefix, base, layer = layout.parse_name(name)
        except KeyError:
            prefix, base, layer = None, None, None
        if prefix != "" or base not in KINDS:
            raise ValueError(f"unexpected entry {name!r} (expected {', '.join(KINDS)} followed by a "
                             f"layer number, e.g. 'running_var1')")
        layers.add(layer)
    return sorted(layers)


def store(state):
    """For the weights file: (arrays {"gamma1": ..., ...}, no attributes)."""
    if not isinstance(state, dict):
        raise TypeError(f"batch-norm state: expected a dict gamma1, beta1, running_mean1, "
                        f"running_var1, ..., got {type(state).__name__}")
    return dict(state), {}


def validate_group(group, parameters):
    """Read /batchnorm through a weights_file.GroupView: for every layer named, all four kinds,
    each of the shape of b{l}, running_var{l} >= 0. Returns the state."""
    L = layout.num_layers(parameters)
    layers = layers_of(group.arrays())
    if not layers:
        raise ValueError("no layer: expected gamma{l}, beta{l}, running_mean{l}, running_var{l} "
                         "for at least one layer l")
    if layers[-1] > L:
        raise ValueError(f"layer {layers[-1]} named, but the network has {L} layers")
    state = {}
    for l in layers:
        shape = parameters[f"b{l}"].shape
        for kind in KINDS:
            state[f"{kind}{l}"] = group.array(f"{kind}{l}", shape, f" (the shape of b{l})")
        negative = state[f"running_var{l}"] < 0
        if negative.any():
            row = int(np.argmax(negative))
            raise ValueError(f"running_var{l} holds a negative variance "
                             f"({float(state[f'running_var{l}'][row, 0])!r}) at row {row}")
    return state


def check_batchnorm_state(state, parameters):
    """The state checked against `parameters` (W1, b1, ...): the weights file's own checks.
    Returns it unchanged in content; raises ValueError (TypeError for a non-dict) in words."""
    arrays, attributes = store(state)
    dtype = np.asarray(parameters["W1"]).dtype
    view = weights_file.memory_group(GROUP, dtype, arrays, attributes)
    try:
        return validate_group(view, parameters)
    except weights_file.Problem as problem:
        raise ValueError(str(problem)) from None


weights_file.register_group(GROUP, validate_group, store)

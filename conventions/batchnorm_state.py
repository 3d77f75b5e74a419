"""Batch-norm state as plain data, and its group in the weights file.

    state = {"gamma1": (n_1, 1), "beta1": (n_1, 1), "running_mean1": (n_1, 1), "running_var1": (n_1, 1),
             "gamma3": ..., ...}

one entry of each of the four kinds for every layer l that normalises its Z{l} (any subset of
1 ... L, at least one layer), each a column of the layer's width n_l — (n_l, 1), n_l the rows of
W{l} — in the
parameters' dtype, finite; running_var{l} >= 0 (a variance). gamma and beta are the layer's
trainable scale and shift, running_mean and running_var its exponentially weighted statistics
(scratch.batchnorm); together they are what a batch-normalised layer needs besides W{l}, so the
network is restored from the file alone. The names are the ones `conventions.layout` converts
(gamma1 <-> Keras's gamma (n_1,), running_var1 <-> moving_variance, ...).

In the weights file the state is the group /batchnorm, arrays under the same names, no attribute
(momentum and epsilon are hyperparameters, not state). A layer the group names may go without
its b{l} in /parameters (the weights file's bias rule: beta{l} is its shift, as in
scratch.batchnorm's network, hidden layers W{l}, gamma{l}, beta{l}, output layer W{L}, b{L});
a layer it does not name keeps its b{l}.

    save_network(path, parameters, running, activations)   scratch.batchnorm's network -> file
    load_network(path, layer_sizes=None, activations=None)  -> (parameters, running, WeightsFile)

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
        shape = (parameters[f"W{l}"].shape[0], 1)
        why = (f" (the shape of b{l})" if f"b{l}" in parameters
               else f" (n_{l}, 1), n_{l} the rows of W{l}")
        for kind in KINDS:
            state[f"{kind}{l}"] = group.array(f"{kind}{l}", shape, why)
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


def bias_free(names):
    """The layers whose b{l} /batchnorm stands in for: every layer some array names (odd names
    are skipped here; validate_group refuses them)."""
    layers = set()
    for name in names:
        try:
            prefix, base, layer = layout.parse_name(name)
        except KeyError:
            continue
        if prefix == "" and base in KINDS:
            layers.add(layer)
    return layers


def save_network(path, parameters, running, activations, extras=None):
    """Write scratch.batchnorm's network: parameters W{l}, gamma{l}, beta{l} (hidden), W{L}, b{L}
    (b{l} optional where gamma{l} is given), running {running_mean{l}, running_var{l}}, the L
    activations (hidden ones, then "sigmoid"). gamma, beta and the running statistics go to
    /batchnorm, W and b to /parameters; WeightsFileError (naming `path`) when anything fails the
    loader's checks, and nothing is written."""
    if not isinstance(parameters, dict) or not isinstance(running, dict):
        raise weights_file.WeightsFileError(
            f"{path}: not saved: parameters and running: expected dicts, got "
            f"{type(parameters).__name__} and {type(running).__name__}")
    state = {k: v for k, v in parameters.items() if str(k).startswith(("gamma", "beta"))}
    state.update(running)
    plain = {k: v for k, v in parameters.items() if k not in state}
    weights_file.save_parameters(path, plain, activations, extras={**(extras or {}), GROUP: state})


def load_network(path, layer_sizes=None, activations=None):
    """A file save_network wrote -> (parameters with gamma{l}, beta{l}, running, the WeightsFile);
    WeightsFileError when the file has no /batchnorm or fails any check."""
    weights = weights_file.load_parameters(path, layer_sizes, activations)
    if GROUP not in weights.extras:
        raise weights_file.WeightsFileError(f"{path}: no group /{GROUP}: not a batch-normalised "
                                            f"network")
    state = weights.extras[GROUP]
    parameters = dict(weights.parameters)
    parameters.update({k: v for k, v in state.items() if k.startswith(("gamma", "beta"))})
    running = {k: v for k, v in state.items() if k.startswith("running_")}
    return parameters, running, weights


weights_file.register_group(GROUP, validate_group, store, bias_free)

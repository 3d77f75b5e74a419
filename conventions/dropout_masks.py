"""Dropout masks as plain data, and their group in the weights file.

    masks = {"D1": (n_1, m), "D2": (n_2, m), ..., "D{L-1}": (n_{L-1}, m)}

one mask for every hidden layer l = 1 .. L-1 of the network (never the output layer L), all on
the same m examples, in the parameters' dtype, each entry 0.0 (the unit dropped for that example)
or 1.0 (kept): what `L_model_forward_with_dropout(..., masks=masks)` of both twins takes and
returns, so that a run with dropout is replayed exactly from the file. keep_prob is a
hyperparameter, not stored (as batch norm's momentum).

In the weights file the masks are the group /dropout, arrays D1 ... D{L-1}, no attribute.

    check_dropout_masks(masks, parameters)   -> the masks, checked (ValueError in words)
    validate_group / store                   registered with conventions.weights_file
"""

import re

import numpy as np

from conventions import layout, weights_file
from conventions.regularization_checks import check_binary

GROUP = "dropout"
_NAME = re.compile(r"D([1-9][0-9]*)")


def store(masks):
    """For the weights file: (arrays {"D1": ..., ...}, no attributes)."""
    if not isinstance(masks, dict):
        raise TypeError(f"dropout masks: expected a dict D1, ..., D{{L-1}}, got "
                        f"{type(masks).__name__}")
    return dict(masks), {}


def validate_group(group, parameters):
    """Read /dropout through a weights_file.GroupView: exactly D1 .. D{L-1}, D{l} of shape
    (n_l, m) with one m for all, entries 0.0 or 1.0. Returns the masks."""
    L = layout.num_layers(parameters)
    names = group.arrays()
    for name in names:
        match = _NAME.fullmatch(name)
        if match is None:
            raise ValueError(f"unexpected entry {name!r} (expected D1 ... D{L - 1}, one mask per "
                             f"hidden layer)")
        if int(match.group(1)) >= L:
            raise ValueError(f"{name} names layer {match.group(1)}, but dropout applies to the "
                             f"hidden layers 1 .. {L - 1} of the {L}-layer network only (never "
                             f"the output layer)")
    if L < 2:
        raise ValueError("the network has no hidden layer: there is nothing to drop")
    masks, m = {}, None
    for l in range(1, L):
        n = parameters[f"b{l}"].shape[0]
        D = group.array(f"D{l}", (n, m), f" (layer {l}'s units by the examples"
                        + (" of D1)" if m is not None else ")"))
        m = D.shape[1] if m is None else m
        masks[f"D{l}"] = check_binary(f"D{l}", D)
    return masks


def check_dropout_masks(masks, parameters):
    """The masks checked against `parameters` (W1, b1, ...): the weights file's own checks.
    Returns them; raises ValueError (TypeError for a non-dict) in words."""
    arrays, attributes = store(masks)
    dtype = np.asarray(parameters["W1"]).dtype
    view = weights_file.memory_group(GROUP, dtype, arrays, attributes)
    try:
        return validate_group(view, parameters)
    except weights_file.Problem as problem:
        raise ValueError(str(problem)) from None


weights_file.register_group(GROUP, validate_group, store)

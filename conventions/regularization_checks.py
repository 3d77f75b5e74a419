"""Argument checks of course 2's regularisation (both twins' `regularization` and `gradient_check`:
the L2 strength, dropout's keep probabilities and masks, the assignment's caches, the L-layer forms),
built on the basic checks of conventions.validation. NumPy only.

    check_lambd(lambd)                     the L2 strength, a finite number >= 0
    check_keep_prob(keep_prob)             one dropout keep probability in (0, 1]
    check_named_cache(cache, names)        a course cache tuple of the matrices `names`, one dtype
    check_keep_probs(keep_prob, L)         a scalar or one value per hidden layer -> [kp_1 .. kp_{L-1}]
    check_masks(masks, sizes, m, dtype)    {"D1": (n_1, m), ..., "D{L-1}": (n_{L-1}, m)}, 0.0 / 1.0
    check_mask_seed(seed)                  None, an int, or a RandomState to draw masks from
    mask_stream(mask_seed)                 the stream one iteration's masks are drawn from
    check_no_dropout(keep_prob)            gradient checking refuses dropout (the notes' rule)
    check_sigmoid_output(activations)      the L-layer forms' output layer is sigmoid

Dropout never touches the output layer: masks exist for the hidden layers 1 .. L-1 only, and a
"D{L}" is refused by name.
"""

import numpy as np

from conventions.validation import check_matrix, check_same_dtype


def check_lambd(lambd):
    """The L2 strength: a finite number >= 0 (0 turns the penalty off), as a float."""
    if isinstance(lambd, bool) or not isinstance(lambd, (int, float, np.integer, np.floating)) \
            or not np.isfinite(lambd) or lambd < 0:
        raise ValueError(f"lambd: expected a finite number >= 0, got {lambd!r}")
    return float(lambd)


def check_penalised_weights(parameters):
    """{"W1": W1, ...}: the weight matrices of `parameters` (the ones a penalty sums over; biases
    are not penalised), each a matrix; KeyError when there is none."""
    weights = {k: check_matrix(f"parameters[{k!r}]", v) for k, v in parameters.items()
               if k.startswith("W")}
    if not weights:
        raise KeyError(f"parameters: no W1, W2, ... among {sorted(parameters)}")
    return weights


def check_keep_prob(keep_prob):
    """A dropout keep probability in (0, 1], as a float."""
    if isinstance(keep_prob, bool) or not isinstance(keep_prob, (int, float, np.integer, np.floating)) \
            or not 0 < keep_prob <= 1:
        raise ValueError(f"keep_prob: expected a probability in (0, 1], got {keep_prob!r}")
    return float(keep_prob)


def check_named_cache(cache, names):
    """A course cache tuple holding the matrices `names` in order, in one dtype (NumPy arrays)."""
    if not isinstance(cache, (tuple, list)) or len(cache) != len(names):
        length = len(cache) if hasattr(cache, "__len__") else "?"
        raise ValueError(f"cache: expected the tuple ({', '.join(names)}), got "
                         f"{type(cache).__name__} of length {length}")
    checked = tuple(check_matrix(f"cache[{k}] ({name})", value)
                    for k, (name, value) in enumerate(zip(names, cache)))
    check_same_dtype(**dict(zip(names, checked)))
    return checked


def check_keep_probs(keep_prob, L):
    """[kp_1, ..., kp_{L-1}]: one keep probability in (0, 1] per hidden layer, from a scalar
    (every hidden layer) or a sequence of exactly L - 1 values (never one for the output layer)."""
    if isinstance(keep_prob, (list, tuple, np.ndarray)):
        values = list(np.asarray(keep_prob, dtype=object).ravel())    # each entry as given
        if len(values) != L - 1:
            raise ValueError(f"keep_prob: expected one value or {L - 1} (one per hidden layer; the "
                             f"output layer {L} is never dropped), got {len(values)}: "
                             f"{list(keep_prob)}")
        checked = []
        for l, value in enumerate(values, start=1):
            try:
                checked.append(check_keep_prob(value))
            except ValueError:
                raise ValueError(f"keep_prob[{l - 1}] (layer {l}): expected a probability in "
                                 f"(0, 1], got {value!r}") from None
        return checked
    return [check_keep_prob(keep_prob)] * (L - 1)


def check_masks(masks, sizes, m, dtype):
    """The masks of a network of `sizes` [n_0, ..., n_L] on m examples: a dict holding exactly
    D1 .. D{L-1}, D{l}: (n_l, m) in `dtype`, every entry 0.0 or 1.0. Returns NumPy arrays."""
    L = len(sizes) - 1
    if not isinstance(masks, dict):
        raise TypeError(f"masks: expected a dict D1 .. D{L - 1}, got {type(masks).__name__}")
    expected = [f"D{l}" for l in range(1, L)]
    if f"D{L}" in masks:
        raise ValueError(f"masks: D{L} would drop units of the output layer {L}; dropout applies "
                         f"to the hidden layers 1 .. {L - 1} only")
    if sorted(masks) != sorted(expected):
        raise ValueError(f"masks: expected exactly {expected} (one per hidden layer), got "
                         f"{sorted(masks)}")
    checked = {}
    for l in range(1, L):
        D = check_matrix(f"masks['D{l}']", masks[f"D{l}"], rows=sizes[l], cols=m)
        if D.dtype != np.dtype(dtype):
            raise ValueError(f"masks['D{l}']: expected {np.dtype(dtype).name} (the dtype of X), "
                             f"got {D.dtype.name}")
        check_binary(f"masks['D{l}']", D)
        checked[f"D{l}"] = D
    return checked


def check_binary(name, D):
    """Every entry of D is 0.0 or 1.0 (a kept or dropped unit); ValueError naming the first."""
    bad = (D != 0) & (D != 1)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(f"{name} holds {float(D[first])!r} at index {first}: a mask holds 0.0 (dropped) "
                         f"or 1.0 (kept) only")
    return D


def check_mask_seed(seed):
    """How a loop draws its masks: None (NumPy's global stream, advancing), an int (a fresh
    RandomState(seed) at EVERY iteration: the course's forward_propagation_with_dropout calls
    np.random.seed(1) on entry) or a RandomState (advancing from iteration to iteration)."""
    if seed is None or isinstance(seed, np.random.RandomState):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32:
        raise ValueError(f"mask_seed: expected None, an int in 0 .. 2**32 - 1 or a "
                         f"np.random.RandomState, got {seed!r}")
    return int(seed)


def mask_stream(mask_seed):
    """The stream of one iteration's masks: a fresh RandomState for an int (the course reseeds at
    every forward pass), NumPy's global stream for None, the RandomState itself otherwise."""
    if mask_seed is None:
        return np.random
    return np.random.RandomState(mask_seed) if isinstance(mask_seed, int) else mask_seed


def check_no_dropout(keep_prob):
    """Gradient checking refuses dropout: with random masks J is not one function of theta (each
    evaluation drops other units), so the notes turn dropout off (keep_prob = 1) while checking.
    keep_prob: one value or a sequence / array of them, each 1 (a string such as "1" is refused).
    Returns 1.0."""
    if any(v != 1 for v in np.ravel(keep_prob)):
        raise ValueError(f"keep_prob: gradient checking needs dropout off (keep_prob=1), got "
                         f"{keep_prob!r}: with dropout every evaluation of J drops other units, so "
                         f"the central differences do not approximate one gradient; check with "
                         f"keep_prob=1, then turn dropout back on")
    return 1.0


def check_sigmoid_output(activations):
    """The last of `activations` is sigmoid: the cost is the cross-entropy of a sigmoid output,
    whose gradient at the logits is dZL = AL - Y."""
    if activations[-1] != "sigmoid":
        raise ValueError(f"activations: the output layer {len(activations)} must be sigmoid (the "
                         f"cost is the cross-entropy of a sigmoid output, dZL = AL - Y), got "
                         f"{activations[-1]!r}")
    return activations

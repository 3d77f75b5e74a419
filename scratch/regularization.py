"""L2 regularisation and dropout for the course's 3-layer network (course 2, week 1,
"Regularization"), NumPy twin.

The network: LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID. X: (n_x, m), W{l}: (n_l, n_{l-1}),
b{l}: (n_l, 1), Z{l}, A{l}: (n_l, m), A3: (1, m), Y: (1, m) labels in {0, 1}.

forward_propagation(X, parameters) -> (A3, cache),
    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)   (the assignment's tuple).
compute_cost(A3, Y) = -1/m sum(Y log A3 + (1 - Y) log(1 - A3)).
compute_cost_with_regularization(A3, Y, parameters, lambd)
    = compute_cost(A3, Y) + lambd / (2 m) * sum over EVERY W{l} of parameters of ||W{l}||_F^2
      (biases are not penalised).
backward_propagation_with_regularization(X, Y, cache, lambd): the gradients of that cost, in the
    course's convention (dZ{l}, dA{l} are gradients of the summed loss m J; dW, db of J):
    dZ3 = A3 - Y,  dW3 = 1/m dZ3 A2.T + lambd/m W3,  db3 = 1/m sum_columns dZ3,
    dA2 = W3.T dZ3,  dZ2 = dA2 * (A2 > 0),  dW2 = 1/m dZ2 A1.T + lambd/m W2, ...  dW1 = 1/m dZ1 X.T
    + lambd/m W1. Returns {"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1",
    "db1"}.
forward_propagation_with_dropout(X, parameters, keep_prob=0.5, seed=1): inverted dropout on the two
    hidden layers (never the output): D{l} = (rand(n_l, m) < keep_prob), A{l} = relu(Z{l}) * D{l}
    / keep_prob. The masks are drawn from NumPy's legacy stream as the assignment draws them: after
    np.random.seed(1), D1's rand then D2's rand (seed=int: its own RandomState, the same numbers,
    global state untouched; seed=None: the global stream). D{l} holds 0.0 / 1.0 in A's dtype.
    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3).
backward_propagation_with_dropout(X, Y, cache, keep_prob): as above without the penalty, the masks
    applied again and the same 1/keep_prob: dA2 = W3.T dZ3 * D2 / keep_prob, dZ2 = dA2 * (A2 > 0),
    dA1 = W2.T dZ2 * D1 / keep_prob, dZ1 = dA1 * (A1 > 0).

The L-layer forms, for deep's network (any depth, hidden activations of deep's vocabulary, sigmoid
output; deep's caches and grads keys; the backward passes start from dZL = AL - Y):
compute_cost_with_regularization (any number of W{l}) and compute_cost_with_L1_regularization
(+ lambd / m sum |W|); L_model_backward_with_regularization (dW += lambd / m W) and
..._with_L1_regularization (dW += lambd / m sign(W), sign(0) = 0); dropout_masks (the course's
draw), L_model_forward_with_dropout (masks given or drawn; returns (AL, caches, masks)) and
L_model_backward_with_dropout, keep_prob one value or one per hidden layer, never on the output.
model(X, Y, learning_rate=0.3, num_iterations=30000, print_cost=True, lambd=0, keep_prob=1): the
assignment's training loop on them. Prediction never drops units (deep.predict).

Every public function `f` checks its arguments (conventions.validation) and delegates to `_f`;
kernels call kernels through this module's globals (a wrong variant replaces one by name).
"""

import numpy as np

from conventions.regularization_checks import (
    check_keep_prob,
    check_keep_probs,
    check_lambd,
    check_mask_seed,
    check_masks,
    check_named_cache,
    check_penalised_weights,
    check_sigmoid_output,
    mask_stream,
)
from conventions.validation import (
    check_float_dtype,
    check_labels,
    check_layer_caches,
    check_layer_dims,
    check_matrix,
    check_network_inputs,
    check_non_negative_int,
    check_positive_float,
    check_positive_int,
    check_progress,
    check_same_dtype,
    check_seed,
)
from conventions.vocabulary import (
    DROPOUT_CACHE,
    DROPOUT_SEED,
    REGULARIZATION_CACHE,
    REGULARIZATION_HIDDEN,
    REGULARIZATION_SEED,
    records_cost,
)
from scratch import activations as _activations
from scratch import deep as _deep

# --- argument checks -----------------------------------------------------------------------------------

def _check_Y(Y, m, dtype):
    return check_labels("Y", Y, m=m, dtype=dtype)


def _check_backward(X, Y, cache, names):
    cache = check_named_cache(cache, names)
    X = check_matrix("X", X)
    return X, _check_Y(Y, X.shape[1], X.dtype), cache


# --- the network ---------------------------------------------------------------------------------------
def _relu(Z):
    return np.maximum(Z, 0)


def _sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


def forward_propagation(X, parameters):
    """The 3-layer forward pass. Returns (A3: (1, m), cache of REGULARIZATION_CACHE's 12 names)."""
    X, parameters, _ = check_network_inputs(X, parameters, layers=3)
    return _forward_propagation(X, parameters)


def _forward_propagation(X, parameters):
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = W1 @ X + b1
    A1 = _relu(Z1)
    Z2 = W2 @ A1 + b2
    A2 = _relu(Z2)
    Z3 = W3 @ A2 + b3
    A3 = _sigmoid(Z3)
    return A3, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)


def compute_cost(A3, Y):
    """J = -1/m sum(Y log A3 + (1 - Y) log(1 - A3)) as a 0-d array."""
    A3 = check_matrix("A3", A3, rows=1)
    return _compute_cost(A3, _check_Y(Y, A3.shape[1], A3.dtype))


def _compute_cost(A3, Y):
    m = Y.shape[1]
    return np.squeeze(-1 / m * np.sum(Y * np.log(A3) + (1 - Y) * np.log(1 - A3)))


# --- L2 -----------------------------------------------------------------------------------------------
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    """J = compute_cost(A3, Y) + lambd / (2 m) sum_l ||W{l}||_F^2 (every W{l} of parameters)."""
    A3 = check_matrix("A3", A3, rows=1)
    Y = _check_Y(Y, A3.shape[1], A3.dtype)
    weights = check_penalised_weights(parameters)
    return _compute_cost_with_regularization(A3, Y, weights, check_lambd(lambd))


def _compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    penalty = sum(np.sum(np.square(W)) for k, W in parameters.items() if k.startswith("W"))
    return _compute_cost(A3, Y) + np.squeeze(lambd / (2 * m) * penalty)


def backward_propagation_with_regularization(X, Y, cache, lambd):
    """The gradients of compute_cost_with_regularization (see the module's docstring)."""
    X, Y, cache = _check_backward(X, Y, cache, REGULARIZATION_CACHE)
    return _backward_propagation_with_regularization(X, Y, cache, check_lambd(lambd))


def _backward_propagation_with_regularization(X, Y, cache, lambd):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1 / m * (dZ3 @ A2.T) + lambd / m * W3
    db3 = 1 / m * np.sum(dZ3,
                         axis=1,  # pragma: no mutate - dZ3 is (1, m), one output unit: any axis alike
                         keepdims=True)
    dA2 = W3.T @ dZ3
    dZ2 = dA2 * (A2 > 0)
    dW2 = 1 / m * (dZ2 @ A1.T) + lambd / m * W2
    db2 = 1 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = W2.T @ dZ2
    dZ1 = dA1 * (A1 > 0)
    dW1 = 1 / m * (dZ1 @ X.T) + lambd / m * W1
    db1 = 1 / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


# --- dropout ------------------------------------------------------------------------------------------
def forward_propagation_with_dropout(X, parameters, keep_prob=0.5, seed=DROPOUT_SEED):
    """The forward pass with inverted dropout on both hidden layers (see the module's docstring).
    Returns (A3, cache of DROPOUT_CACHE's 14 names)."""
    X, parameters, _ = check_network_inputs(X, parameters, layers=3)
    stream = np.random if seed is None else check_seed(seed)
    return _forward_propagation_with_dropout(X, parameters, check_keep_prob(keep_prob), stream)


def _dropout_mask(stream, shape, keep_prob, dtype):
    """D = (rand(shape) < keep_prob) as 0.0 / 1.0: the assignment's draw."""
    return ((stream.random_sample(shape)  # pragma: no mutate - <= differs at rand == keep_prob only
             < keep_prob).astype(dtype))


def _forward_propagation_with_dropout(X, parameters, keep_prob, stream):
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = W1 @ X + b1
    D1 = _dropout_mask(stream, Z1.shape, keep_prob, Z1.dtype)
    A1 = _relu(Z1) * D1 / keep_prob
    Z2 = W2 @ A1 + b2
    D2 = _dropout_mask(stream, Z2.shape, keep_prob, Z2.dtype)
    A2 = _relu(Z2) * D2 / keep_prob
    Z3 = W3 @ A2 + b3
    A3 = _sigmoid(Z3)
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    """The gradients of compute_cost through the dropped-out forward pass (see the docstring)."""
    X, Y, cache = _check_backward(X, Y, cache, DROPOUT_CACHE)
    return _backward_propagation_with_dropout(X, Y, cache, check_keep_prob(keep_prob))


def _backward_propagation_with_dropout(X, Y, cache, keep_prob):
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1 / m * (dZ3 @ A2.T)
    db3 = 1 / m * np.sum(dZ3,
                         axis=1,  # pragma: no mutate - dZ3 is (1, m), one output unit: any axis alike
                         keepdims=True)
    dA2 = (W3.T @ dZ3) * D2 / keep_prob
    dZ2 = dA2 * (A2 > 0)
    dW2 = 1 / m * (dZ2 @ A1.T)
    db2 = 1 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = (W2.T @ dZ2) * D1 / keep_prob
    dZ1 = dA1 * (A1 > 0)
    dW1 = 1 / m * (dZ1 @ X.T)
    db1 = 1 / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


# --- the L-layer network of `deep` ----------------------------------------------------------------------
# Shapes as scratch.deep: X: (n_0, m), W{l}: (n_l, n_{l-1}), AL: (1, m); caches: deep's list of L
# layer caches ((A_prev, W, b), Z); activations: one name per layer (default [relu] * (L-1) +
# [sigmoid]); grads: deep's keys (dA{l-1} of m J, dW{l}, db{l} of J).
def compute_cost_with_L1_regularization(AL, Y, parameters, lambd):
    """J = compute_cost(AL, Y) + lambd / m * sum_l ||W{l}||_1 (biases not penalised): the notes'
    slide writes lambd / (2 m) ||w||_1; lambd / m makes the derivative lambd / m * sign(W)."""
    AL = check_matrix("AL", AL, rows=1)
    Y = _check_Y(Y, AL.shape[1], AL.dtype)
    weights = check_penalised_weights(parameters)
    return _compute_cost_with_L1_regularization(AL, Y, weights, check_lambd(lambd))


def _compute_cost_with_L1_regularization(AL, Y, parameters, lambd):
    m = Y.shape[1]
    penalty = sum(np.sum(np.abs(W)) for k, W in parameters.items() if k.startswith("W"))
    return _compute_cost(AL, Y) + np.squeeze(lambd / m * penalty)


def _check_L_backward(AL, Y, caches, activations):
    caches = check_layer_caches(caches)
    activations = check_sigmoid_output(_deep._check_activations(activations, len(caches)))
    Z_L = caches[-1][1]
    AL = check_matrix("AL", AL, rows=Z_L.shape[0], cols=Z_L.shape[1])
    check_same_dtype(AL=AL, Z=Z_L)
    return AL, _check_Y(Y, AL.shape[1], AL.dtype), caches, activations


def _l2_gradient(W, lambd, m):
    """d/dW of lambd / (2 m) ||W||_F^2 = lambd / m * W."""
    return lambd / m * W


def _l1_gradient(W, lambd, m):
    """d/dW of lambd / m ||W||_1 = lambd / m * sign(W), taking sign(0) = 0 at W = 0 (the
    subgradient of least norm, np.sign's value there)."""
    return lambd / m * np.sign(W)


def L_model_backward_with_regularization(AL, Y, caches, lambd, activations=None):
    """deep.L_model_backward's grads of the L2-regularised cost of compute_cost_with_regularization:
    dW{l} = 1/m dZ{l} A{l-1}.T + lambd / m * W{l} (db, dA unchanged: biases are not penalised).
    AL: (1, m); caches as L_model_forward returns them."""
    AL, Y, caches, activations = _check_L_backward(AL, Y, caches, activations)
    return _L_model_backward_with_penalty(AL, Y, caches, check_lambd(lambd), activations,
                                          _l2_gradient)


def L_model_backward_with_L1_regularization(AL, Y, caches, lambd, activations=None):
    """The grads of compute_cost_with_L1_regularization: dW{l} += lambd / m * sign(W{l})."""
    AL, Y, caches, activations = _check_L_backward(AL, Y, caches, activations)
    return _L_model_backward_with_penalty(AL, Y, caches, check_lambd(lambd), activations,
                                          _l1_gradient)


def _L_model_backward_with_penalty(AL, Y, caches, lambd, activations, penalty):
    grads = _L_backward(AL, Y, caches, activations, None, None)
    return _add_penalty(grads, caches, lambd, penalty, AL.shape[1])


def _L_backward(AL, Y, caches, activations, masks, keep_probs):
    """From the output's dZL = AL - Y (the assignment's dZ3 = A3 - Y: no 0/0 where AL rounds to
    1), layer by layer: (dA{l-1}, dW{l}, db{l}) = deep's linear_backward(dZ{l}); with masks,
    dA{l-1} *= D{l-1} / keep_prob_{l-1}; dZ{l-1} = dA{l-1} * g'(Z{l-1})."""
    grads, L = {}, len(caches)
    dZ = AL - Y
    for l in reversed(range(1, L + 1)):
        dA, dW, db = _deep._linear_backward(dZ, caches[l - 1][0])
        if l > 1 and masks is not None:
            dA = dA * masks[f"D{l - 1}"] / keep_probs[l - 2]
        grads.update({f"dA{l - 1}": dA, f"dW{l}": dW, f"db{l}": db})
        if (l  # pragma: no mutate - l >= 1 computes a dZ below layer 1 that nothing reads
                > 1):
            dZ = _activations.BACKWARD[activations[l - 2]](dA, caches[l - 2][1])
    return grads


def _add_penalty(grads, caches, lambd, penalty, m):
    if lambd:
        for l, ((_, W, _), _) in enumerate(caches, start=1):
            grads[f"dW{l}"] = grads[f"dW{l}"] + penalty(W, lambd, m)
    return grads


def dropout_masks(layer_dims, m, keep_prob=0.5, dtype=np.float64, seed=DROPOUT_SEED):
    """{"D1": (n_1, m), ..., "D{L-1}": (n_{L-1}, m)}, D{l} = (rand(n_l, m) < keep_prob_l) as 0.0 /
    1.0 in `dtype`, drawn D1, D2, ... as the assignment draws them (np.random.seed(1); rand).
    seed: int (own RandomState), RandomState (advances) or None (the global stream)."""
    sizes = check_layer_dims(layer_dims)
    m = check_positive_int("m", m)
    keep_probs = check_keep_probs(keep_prob, len(sizes) - 1)
    dtype = check_float_dtype(dtype)
    stream = np.random if seed is None else check_seed(seed)
    return _dropout_masks(stream, sizes, m, keep_probs, dtype)


def _dropout_masks(stream, sizes, m, keep_probs, dtype):
    return {f"D{l}": _dropout_mask(stream, (sizes[l], m), keep_probs[l - 1], dtype)
            for l in range(1, len(sizes) - 1)}


def L_model_forward_with_dropout(X, parameters, keep_prob=0.5, activations=None, masks=None,
                                 seed=DROPOUT_SEED):
    """deep.L_model_forward with inverted dropout on every hidden layer l = 1 .. L-1:
        A{l} = g{l}(Z{l}) * D{l} / keep_prob_l,  AL = g{L}(Z{L}) (never dropped).
    keep_prob: one value or one per hidden layer, each in (0, 1]. masks: {"D1", ..., "D{L-1}"}
    of 0.0 / 1.0 (n_l, m) in X's dtype, the caller's; None draws them by dropout_masks(...,
    seed=seed). Returns (AL, caches, masks): deep's layer caches (layer l+1's A_prev is the
    dropped-out A{l}) and the masks used. Prediction uses deep.L_model_forward (no dropout)."""
    X, parameters, activations = _deep._check_network(X, parameters, activations)
    sizes = [
        X.shape[0],  # pragma: no mutate - n_0: the masks' draws and checks read n_1 .. n_L only
    ] + [parameters[f"W{l}"].shape[0] for l in range(1, len(activations) + 1)]
    keep_probs = check_keep_probs(keep_prob, len(activations))
    if masks is None:
        stream = np.random if seed is None else check_seed(seed)
        masks = _dropout_masks(stream, sizes, X.shape[1], keep_probs, X.dtype)
    else:
        masks = check_masks(masks, sizes, X.shape[1], X.dtype)
    return _L_model_forward_with_dropout(X, parameters, keep_probs, activations, masks)


def _L_model_forward_with_dropout(X, parameters, keep_probs, activations, masks):
    caches, A, L = [], X, len(activations)
    for l, activation in enumerate(activations, start=1):
        A, cache = _deep._linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],
                                                    activation)
        if l < L:
            A = A * masks[f"D{l}"] / keep_probs[l - 1]
        caches.append(cache)
    return A, caches, masks


def L_model_backward_with_dropout(AL, Y, caches, masks, keep_prob, activations=None):
    """The grads through L_model_forward_with_dropout's pass, the masks applied again with the same
    1/keep_prob: for l = L .. 1, (dA_prev, dW{l}, db{l}) = deep.linear_activation_backward(dA{l},
    caches[l-1]), then dA{l-1} = dA_prev * D{l-1} / keep_prob_{l-1} for l > 1 (the course's dA2 =
    W3.T dZ3 * D2 / keep_prob). Keys as deep.L_model_backward's."""
    AL, Y, caches, activations = _check_L_backward(AL, Y, caches, activations)
    keep_probs = check_keep_probs(keep_prob, len(caches))
    sizes = [None] + [c[1].shape[0] for c in caches]     # n_0: check_masks reads n_1 .. n_L only
    masks = check_masks(masks, sizes, AL.shape[1], AL.dtype)
    return _L_model_backward_with_dropout(AL, Y, caches, masks, keep_probs, activations)


def _L_model_backward_with_dropout(AL, Y, caches, masks, keep_probs, activations):
    return _L_backward(AL, Y, caches, activations, masks, keep_probs)


# --- the assignment's model ------------------------------------------------------------------------------
def model(X, Y, learning_rate=0.3, num_iterations=30000, print_cost=True, lambd=0, keep_prob=1, *,
          layers_dims=None, activations=None, initial_parameters=None, mask_seed=DROPOUT_SEED,
          progress=None):
    """The assignment's gradient descent with L2 (lambd > 0) and/or inverted dropout (keep_prob
    < 1); returns the trained parameters. Network: layers_dims (default [n_x, 20, 3, 1]) and
    activations (default [relu] * (L-1) + [sigmoid]), from initial_parameters or the course's
    reg_utils initialisation (np.random.seed(3); W{l} = randn(n_l, n_{l-1}) / sqrt(n_{l-1}), b{l}
    = 0). Each iteration: forward (masked when dropping), cost (reg_utils' nansum form, + lambd /
    (2 m) sum ||W||^2), backward from dZL = AL - Y (+ lambd / m W{l}), W -= learning_rate dW,
    b -= learning_rate db. Both L2 and dropout at once give the sum of both gradients.
    mask_seed: an int draws the masks from a fresh RandomState(mask_seed) at EVERY iteration (the
        assignment's forward_propagation_with_dropout calls np.random.seed(1) on entry: the same
        masks every iteration, which reproduces its figures); a RandomState advances (fresh
        masks); None uses NumPy's global stream.
    print_cost prints every 10000 iterations; progress(i, cost) at every 1000th (the course's).
    """
    X = check_matrix("X", X)
    Y = _check_Y(Y, X.shape[1], X.dtype)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    num_iterations = check_non_negative_int("num_iterations", num_iterations)
    lambd = check_lambd(lambd)
    mask_seed = check_mask_seed(mask_seed)
    check_progress(progress)
    if layers_dims is None and initial_parameters is None:
        layers_dims = [X.shape[0], *REGULARIZATION_HIDDEN, 1]
    parameters = _deep._initial_parameters(X, layers_dims, initial_parameters, "xavier",
                                           REGULARIZATION_SEED)
    X, parameters, activations = _deep._check_network(X, parameters, activations)
    activations = check_sigmoid_output(activations)
    keep_probs = check_keep_probs(keep_prob, len(activations))
    return _model(X, Y, parameters, activations, learning_rate, num_iterations, bool(print_cost),
                  lambd, keep_probs, mask_seed, progress)


def _model_cost(AL, Y, parameters, lambd):
    """reg_utils' cost: -1/m nansum(Y log AL + (1 - Y) log(1 - AL)) (nansum skips the 0 * log 0 of
    an output rounded to exactly 0 or 1) + lambd / (2 m) sum ||W{l}||^2."""
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        cost = -1 / m * np.nansum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
    if lambd:
        cost = cost + lambd / (2 * m) * sum(np.sum(np.square(W)) for k, W in parameters.items()
                                            if k.startswith("W"))
    return np.squeeze(cost)


def _model(X, Y, parameters, activations, learning_rate, num_iterations, print_cost, lambd,
           keep_probs, mask_seed, progress):
    m = X.shape[1]
    sizes = [
        X.shape[0],  # pragma: no mutate - n_0: the masks' draws read n_1 .. n_L only
    ] + [parameters[f"W{l}"].shape[0] for l in range(1, len(activations) + 1)]
    dropout, same = any(k < 1 for k in keep_probs), isinstance(mask_seed, int)
    fixed = (  # pragma: no mutate - None: drawn again each time, RandomState(int) gives the same
        same and _dropout_masks(mask_stream(mask_seed), sizes, m, keep_probs, X.dtype))
    for i in range(num_iterations):
        if dropout:     # an int reseeds every iteration: the same masks, drawn once
            masks = fixed or _dropout_masks(mask_stream(mask_seed), sizes, m, keep_probs, X.dtype)
            AL, caches, _ = _L_model_forward_with_dropout(X, parameters, keep_probs, activations,
                                                          masks)
            grads = _L_model_backward_with_dropout(AL, Y, caches, masks, keep_probs, activations)
        else:
            AL, caches = _deep._L_model_forward(X, parameters, activations)
            grads = _L_backward(AL, Y, caches, activations, None, None)
        cost = _model_cost(AL, Y, parameters, lambd)
        grads = _add_penalty(grads, caches, lambd, _l2_gradient, m)
        parameters = _deep._update_parameters(parameters, grads, learning_rate)
        if print_cost and i % 10000 == 0:
            print(f"Cost after iteration {i}: {float(cost)}")
        if progress is not None and records_cost("regularization", i):
            progress(i, cost)
    return parameters

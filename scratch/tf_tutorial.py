"""The TensorFlow tutorial of course 2, week 3, NumPy twin: what the lecture and the assignment do
with TensorFlow, done by hand.

1. Minimising a quadratic cost by gradient descent (the lecture's first program).
   coefficients c = [c0, c1, c2] (the lecture's array x = [1., -10., 25.]):

    quadratic_cost(w, coefficients)          J(w) = c0 w^2 + c1 w + c2
    train_step(w, coefficients, learning_rate)   w - learning_rate * dJ/dw, dJ/dw = 2 c0 w + c1
    minimize_cost(coefficients, learning_rate, num_iterations, w0, dtype)
                                             ws: (num_iterations + 1,) = w_0, w_1, ..., the
                                             trajectory of train_step from w0 (w = ws[-1])

   For c0 > 0 the step is affine, w_{k+1} = (1 - 2 lr c0) w_k - lr c1, so the trajectory has the
   closed form w_k = w* + (1 - 2 lr c0)^k (w_0 - w*), w* = -c1 / (2 c0): for the lecture's cost
   (w - 5)^2 from w_0 = 0 at lr 0.01, w_k = 5 - 5 * 0.98^k (w_1000 = 5 - 8.4e-9).
   Arithmetic is in `dtype` (the lecture's tf.Variable(0, dtype=tf.float32): float32 by
   default); the learning rate and coefficients meet w as numbers of that dtype (in float32 the
   rate 0.01 is 0.009999999776, what Keras uses too).

2. The assignment's network on SIGNS: X: (12288, m) (layout.images_to_columns), labels one-hot
   Y: (6, m) (layout.one_hot_columns), LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SOFTMAX with
   25, 12 and 6 units:

    initialize_parameters(layers_dims, seed, dtype)   W{l}: Glorot normal, Keras's GlorotNormal law:
                                             a normal truncated at +-2 std, variance
                                             2 / (n_{l-1} + n_l) (scratch.initialization's
                                             variance_scaling(1, "fan_avg", "truncated_normal"),
                                             from np.random.RandomState(seed)); b{l} = 0
    forward_propagation(X, parameters)       Z3 = W3 relu(W2 relu(W1 X + b1) + b2) + b3: the
                                             logits (6, m) (the softmax is in the cost)
    compute_total_loss(logits, labels)       sum_j (logsumexp(Z3[:, j]) - Z3[y_j, j]): the summed
                                             cross-entropy of the mini-batch (the newer edition)
    compute_cost(logits, labels)             the same averaged over the m examples (the first)
    predict(X, parameters)                   argmax over the classes: (1, m) int64
    model(X_train, Y_train, X_test, Y_test, learning_rate, num_epochs, minibatch_size, print_cost,
          seed, initial_parameters)
        Adam (beta1 0.9, beta2 0.999, epsilon 1e-8) on mini-batches of `minibatch_size` drawn
        by optimization.random_mini_batches with seed + 1, seed + 2, ... (one per epoch, the
        assignment's seed = seed + 1), each step on the gradient of the mini-batch's MEAN cost
        (compute_cost; dZ3 = (softmax(Z3) - Y) / m as in scratch.softmax: Keras fit's loss too).
        The newer edition differentiates the summed loss: Adam's update is unchanged by a
        gradient's scale up to epsilon's share. costs: one per epoch, the epoch's summed losses
        / m (the newer edition's epoch cost; it keeps every 10th). Returns (parameters, costs,
        train_acc, test_acc), accuracies in [0, 1] of the final parameters.

Every public function `f` checks its arguments and delegates to its kernel `_f`; kernels call
kernels through this module's globals (`_gradient`, `_train_step`, `_cross_entropy`,
`_initialize_parameters`, ...).
"""

import numpy as np

from conventions.softmax_checks import check_one_hot
from conventions.tf_tutorial_checks import (
    check_coefficients,
    check_logits_labels,
    check_signs_inputs,
    check_w,
)
from conventions.validation import (
    check_float_dtype,
    check_layer_dims,
    check_non_negative_int,
    check_positive_float,
    check_positive_int,
    check_seed,
)
from conventions.vocabulary import (
    ADAM_DEFAULTS,
    QUADRATIC_COEFFICIENTS,
    QUADRATIC_LEARNING_RATE,
    QUADRATIC_STEPS,
    SIGNS_INIT_SEED,
    SIGNS_LAYERS,
    SIGNS_LEARNING_RATE,
    SIGNS_MINI_BATCH_SIZE,
    SIGNS_SEED,
)
from scratch import initialization, optimization, softmax

HIDDEN = ("relu", "relu")


# --- 1. the quadratic cost --------------------------------------------------------------------------
def quadratic_cost(w, coefficients=QUADRATIC_COEFFICIENTS):
    """J(w) = c0 w^2 + c1 w + c2: a 0-d array of w's dtype (float32 for a Python number)."""
    w = check_w(w)
    return _quadratic_cost(w, check_coefficients(coefficients, w.dtype))


def _quadratic_cost(w, c):
    return c[0] * w * w + c[1] * w + c[2]


def _gradient(w, c):
    return 2 * c[0] * w + c[1]


def train_step(w, coefficients=QUADRATIC_COEFFICIENTS, learning_rate=QUADRATIC_LEARNING_RATE):
    """One gradient-descent step: w - learning_rate * (2 c0 w + c1), a 0-d array of w's dtype."""
    w = check_w(w)
    return _train_step(w, check_coefficients(coefficients, w.dtype),
                       w.dtype.type(check_positive_float("learning_rate", learning_rate)))


def _train_step(w, c, learning_rate):
    return w - learning_rate * _gradient(w, c)


def minimize_cost(coefficients=QUADRATIC_COEFFICIENTS, learning_rate=QUADRATIC_LEARNING_RATE,
                  num_iterations=QUADRATIC_STEPS, w0=0.0, dtype=np.float32):
    """ws: (num_iterations + 1,) of `dtype`, ws[k] = w after k steps of train_step from w0."""
    dtype = check_float_dtype(dtype)
    w = check_w(w0, dtype)
    return _minimize_cost(w, check_coefficients(coefficients, dtype),
                          dtype.type(check_positive_float("learning_rate", learning_rate)),
                          check_non_negative_int("num_iterations", num_iterations))


def _minimize_cost(w, c, learning_rate, num_iterations):
    ws = np.empty(num_iterations + 1, dtype=w.dtype)
    ws[0] = w
    for k in range(num_iterations):
        w = _train_step(w, c, learning_rate)
        ws[k + 1] = w
    return ws


# --- 2. the SIGNS network ---------------------------------------------------------------------------
def initialize_parameters(layers_dims=SIGNS_LAYERS, seed=SIGNS_INIT_SEED, dtype=np.float64):
    """W{l}: (n_l, n_{l-1}) Glorot normal (truncated at 2 std, variance 2 / (n_{l-1} + n_l)),
    b{l}: (n_l, 1) zeros; draws from np.random.RandomState(seed), W1 first."""
    sizes = check_layer_dims(layers_dims)
    if len(sizes) != 4:
        raise ValueError(f"layers_dims: expected the tutorial's [n_x, 25, 12, 6] (3 layers), got "
                         f"{list(layers_dims)}")
    return _initialize_parameters(sizes, check_seed(seed), check_float_dtype(dtype))


def _initialize_parameters(sizes, stream, dtype):
    return initialization._initialize_parameters_variance_scaling(
        sizes, 1.0, "fan_avg", "truncated_normal", stream, dtype)


def forward_propagation(X, parameters):
    """Z3: (6, m), the logits of LINEAR -> RELU -> LINEAR -> RELU -> LINEAR. X: (n_x, m)."""
    X, parameters, _ = check_signs_inputs(X, parameters)
    return _forward(X, parameters)[1][-1][1]


def _forward(X, parameters):
    """(softmax(Z3), caches) with scratch.softmax's network: caches[-1][1] is Z3."""
    return softmax._L_model_forward(X, parameters, HIDDEN)


def _cross_entropy(logits, labels):
    """Per example: logsumexp(Z[:, j]) - Z[y_j, j] over the CLASSES (axis 0): (m,)."""
    top = np.max(logits, axis=0,
                 keepdims=True,  # pragma: no mutate - (m,) broadcasts over (C, m) as (1, m)
                 )
    logsumexp = top + np.log(np.sum(np.exp(logits - top), axis=0,
                                    keepdims=True,  # pragma: no mutate - (m,) + (1, m) is (1, m)
                                    ))
    return (logsumexp - np.sum(labels * logits, axis=0,
                               keepdims=True,  # pragma: no mutate - (1, m) - (m,) is (1, m)
                               ))[0]


def compute_total_loss(logits, labels):
    """sum_j (logsumexp(logits[:, j]) - logits[y_j, j]): a 0-d array. logits, labels: (C, m)."""
    return _compute_total_loss(*check_logits_labels(logits, labels))


def _compute_total_loss(logits, labels):
    return np.sum(_cross_entropy(logits, labels))


def compute_cost(logits, labels):
    """The mean over the m examples of the cross-entropy from logits: a 0-d array."""
    return _compute_cost(*check_logits_labels(logits, labels))


def _compute_cost(logits, labels):
    return np.mean(_cross_entropy(logits, labels))


def predict(X, parameters):
    """The most probable class of each example: (1, m) int64."""
    X, parameters, _ = check_signs_inputs(X, parameters)
    return _predict(X, parameters)


def _predict(X, parameters):
    Z3 = _forward(X, parameters)[1][-1][1]
    return np.argmax(Z3, axis=0).reshape(
        1,
        -1,  # pragma: no mutate - NumPy reads any negative size as "the rest": -2 alike
    ).astype(np.int64)


def model(X_train, Y_train, X_test, Y_test, learning_rate=SIGNS_LEARNING_RATE, num_epochs=1500,
          minibatch_size=SIGNS_MINI_BATCH_SIZE, print_cost=False, seed=SIGNS_SEED,
          initial_parameters=None):
    """Train the network with Adam on mini-batches (see the module's docstring). X_train: (n_x,
    m), Y_train: (6, m) one-hot, likewise the test set. initial_parameters: the starting weights
    (default initialize_parameters with n_x = X_train's rows). Returns (parameters, costs,
    train_acc, test_acc)."""
    if initial_parameters is None:
        initial_parameters = initialize_parameters([np.asarray(X_train).shape[0], *SIGNS_LAYERS[1:]],
                                                   dtype=np.asarray(X_train).dtype)
    X_train, parameters, sizes = check_signs_inputs(X_train, initial_parameters)
    X_test, _, _ = check_signs_inputs(X_test, parameters)
    Y_train = check_one_hot("Y_train", Y_train, sizes[-1], X_train.shape[1], X_train.dtype)
    Y_test = check_one_hot("Y_test", Y_test, sizes[-1], X_test.shape[1],
                           X_test.dtype,  # pragma: no mutate - Y_test only meets argmax: any dtype alike
                           )
    return _model(X_train, Y_train, X_test, Y_test, parameters,
                  check_positive_float("learning_rate", learning_rate),
                  check_non_negative_int("num_epochs", num_epochs),
                  check_positive_int("minibatch_size", minibatch_size), bool(print_cost),
                  check_non_negative_int("seed", seed))


def _model(X_train, Y_train, X_test, Y_test, parameters, learning_rate, num_epochs,
           minibatch_size, print_cost, seed):
    v, s = optimization._initialize_adam(parameters)
    m, t, costs = X_train.shape[1], 0, []
    for epoch in range(num_epochs):
        seed = seed + 1
        epoch_total = 0.0
        for X, Y in optimization._random_mini_batches(X_train, Y_train, minibatch_size,
                                                      np.random.RandomState(seed)):
            AL, caches = _forward(X, parameters)
            epoch_total += _compute_total_loss(caches[-1][1], Y)
            grads = softmax._L_model_backward(AL, Y, caches, HIDDEN)
            t += 1
            parameters, v, s = optimization._update_parameters_with_adam(
                parameters, grads, v, s, t, learning_rate, ADAM_DEFAULTS["beta1"],
                ADAM_DEFAULTS["beta2"], ADAM_DEFAULTS["epsilon"])
        costs.append(epoch_total / m)
        if print_cost and epoch % 10 == 0:
            print(f"Cost after epoch {epoch}: {costs[-1]}")
    return (parameters, costs, _accuracy(X_train, Y_train, parameters),
            _accuracy(X_test, Y_test, parameters))


def _accuracy(X, Y, parameters):
    return float(np.mean(_predict(X, parameters)[0] == np.argmax(Y, axis=0)))

"""The practical toolkit of course 2, week 1 ("Setting up your machine learning application"),
NumPy twin. Examples in columns: X: (n_x, m), Y: (1, m); images examples first: (m, h, w, c).

Data sets
    default_split_ratios(m) -> (train, dev, test) fractions, the notes' rule by data set size: dev
        and test each 20 % while that is at most 10 000 examples (60/20/20 up to m = 50 000: the
        threshold), then 10 000 each but never under 1 % each (98/1/1 from m = 1 000 000 on).
    train_dev_test_split(X, Y, ratios=None, seed=0) -> (X_train, Y_train, X_dev, Y_dev, X_test,
        Y_test): the columns permuted by np.random.RandomState(seed).permutation(m) (seed=None:
        NumPy's global stream), then cut in that order into n_train, n_dev, n_test columns
        (n_dev, n_test = round(ratio * m), train the rest): disjoint, complete, seeded.
Input normalisation (the statistics of the TRAINING set only, applied to every set)
    normalization_statistics(X_train) -> (mu, sigma2), each (n_x, 1):
        mu = 1/m sum_i x(i),  sigma2 = 1/m sum_i (x(i) - mu)^2   (the population variance: 1/m,
        ddof=0, as the notes write it and as keras.layers.Normalization.adapt computes it).
    normalize_inputs(X, mu, sigma2, epsilon=1e-7) = (X - mu) / max(sqrt(sigma2), epsilon)
        (Keras's formula: a constant feature gives 0, not a division by zero).
    normalize_train_dev_test(X_train, X_dev, X_test, epsilon=1e-7)
        -> (X_train_norm, X_dev_norm, X_test_norm, mu, sigma2).
Bias and variance
    diagnose_bias_variance(train_error, dev_error, bayes_error=0.0, threshold=0.02) -> dict:
        avoidable_bias = train_error - bayes_error, variance = dev_error - train_error, each
        "high" above `threshold` (error rates as fractions), with the diagnosis and the notes'
        next steps.
Early stopping
    train_with_early_stopping(X_train, Y_train, X_dev, Y_dev, layers_dims, learning_rate=0.0075,
        num_epochs=1000, patience=10, min_delta=0.0, *, initial_parameters=None, progress=None)
        -> (parameters, history): full-batch gradient descent on the network of `deep`
        ([LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID, the course's cost), one update per epoch,
        monitoring the dev cost after each epoch's update, with keras.callbacks.EarlyStopping(
        monitor="val_loss", min_delta, patience, restore_best_weights=True)'s rule:
            epoch e: wait += 1; the dev cost J_dev(e) is an improvement when e is the first
            epoch or J_dev(e) < best - min_delta; then best = J_dev(e), best_epoch = e, the
            parameters after epoch e are kept and wait = 0; otherwise, if wait >= patience and
            e > 0, training stops after epoch e (stopped_epoch = e).
        At the end (stopped or not) the kept parameters are returned: those after best_epoch.
        So patience p stops at best_epoch + max(p, 1) when nothing improves; patience 0 at the
        first epoch without improvement. history: {"cost": J_train before each epoch's update,
        "dev_cost": J_dev after it, "best_epoch", "stopped_epoch" (0 when it ran to the end)}.
Data augmentation
    flip_horizontal(images) -> images mirrored left-right: out[i, r, c, k] = images[i, r, w-1-c, k].
    augment_with_flips(images, labels) -> (the images followed by their mirrors (2m, h, w, c),
        the labels twice along their last axis).

Every public function checks its arguments and delegates to its kernel `_f`; kernels call kernels
through this module's globals (a wrong variant replaces one by name).
"""

import numpy as np

from conventions import practical_checks as checks
from conventions.validation import (
    check_labels,
    check_matrix,
    check_network_parameters,
    check_non_negative_int,
    check_positive_float,
    check_positive_int,
    check_progress,
    check_same_dtype,
    check_seed,
)
from conventions.vocabulary import default_activations
from scratch import deep


# --- data sets ---------------------------------------------------------------------------------------
def default_split_ratios(m):
    """(train, dev, test) fractions for m examples (see the module's docstring)."""
    return _default_split_ratios(check_positive_int("m", m))


def _default_split_ratios(m):
    share = min(0.2, max(0.01, checks.DEV_TEST_ENOUGH / m))
    return (1 - 2 * share, share, share)


def train_dev_test_split(X, Y, ratios=None, seed=0):
    """(X_train, Y_train, X_dev, Y_dev, X_test, Y_test), columns drawn without replacement."""
    X = checks.check_examples("X", X)
    Y = check_matrix("Y", Y, cols=X.shape[1])
    m = X.shape[1]
    ratios = _default_split_ratios(m) if ratios is None else checks.check_ratios(ratios)
    counts = checks.split_counts(m, ratios)
    stream = np.random if seed is None else check_seed(seed)
    return _train_dev_test_split(X, Y, counts, stream)


def _permutation(stream, m):
    return stream.permutation(m)


def _train_dev_test_split(X, Y, counts, stream):
    order = _permutation(stream, X.shape[1])
    n_train, n_dev, _ = counts
    parts = (order[:n_train], order[n_train:n_train + n_dev], order[n_train + n_dev:])
    return tuple(a[:, part] for part in parts for a in (X, Y))


# --- input normalisation -------------------------------------------------------------------------------
def normalization_statistics(X_train):
    """(mu, sigma2), each (n_x, 1): the training set's mean and population variance (1/m)."""
    return _normalization_statistics(checks.check_examples("X_train", X_train))


def _normalization_statistics(X):
    mu = np.mean(X, axis=1, keepdims=True)
    sigma2 = np.mean(np.square(X - mu), axis=1, keepdims=True)
    return mu, sigma2


def normalize_inputs(X, mu, sigma2, epsilon=checks.NORMALIZATION_EPSILON):
    """(X - mu) / max(sqrt(sigma2), epsilon), X: (n_x, m), mu and sigma2: (n_x, 1)."""
    X = checks.check_examples("X", X)
    mu, sigma2 = checks.check_statistics(mu, sigma2, X.shape[0])
    check_same_dtype(X=X, mu=mu)
    return _normalize_inputs(X, mu, sigma2, check_positive_float("epsilon", epsilon))


def _normalize_inputs(X, mu, sigma2, epsilon):
    return (X - mu) / np.maximum(np.sqrt(sigma2), X.dtype.type(epsilon))


def normalize_train_dev_test(X_train, X_dev, X_test, epsilon=checks.NORMALIZATION_EPSILON):
    """Every set normalised with the TRAINING set's statistics:
    (X_train_norm, X_dev_norm, X_test_norm, mu, sigma2)."""
    X_train = checks.check_examples("X_train", X_train)
    sets = [checks.check_examples(n, a) for n, a in (("X_dev", X_dev), ("X_test", X_test))]
    for name, a in zip(("X_dev", "X_test"), sets):
        check_matrix(name, a, rows=X_train.shape[0])
    check_same_dtype(X_train=X_train, X_dev=sets[0], X_test=sets[1])
    return _normalize_train_dev_test(X_train, *sets, check_positive_float("epsilon", epsilon))


def _normalize_train_dev_test(X_train, X_dev, X_test, epsilon):
    mu, sigma2 = _normalization_statistics(X_train)
    return (*(_normalize_inputs(X, mu, sigma2, epsilon) for X in (X_train, X_dev, X_test)),
            mu, sigma2)


# --- bias and variance ---------------------------------------------------------------------------------
NEXT_STEPS = {
    "high bias": ("a bigger network", "train longer (or a better optimiser)",
                  "another architecture"),
    "high variance": ("more data", "regularisation (L2, dropout, data augmentation)",
                      "another architecture"),
}


def diagnose_bias_variance(train_error, dev_error, bayes_error=0.0,
                           threshold=checks.DIAGNOSIS_THRESHOLD):
    """{"avoidable_bias", "variance", "high_bias", "high_variance", "diagnosis", "next_steps"}
    from error rates given as fractions (see the module's docstring)."""
    return _diagnose_bias_variance(*checks.check_rates(train_error, dev_error, bayes_error,
                                                       threshold))


def _diagnose_bias_variance(train_error, dev_error, bayes_error, threshold):
    avoidable_bias = train_error - bayes_error
    variance = dev_error - train_error
    return _diagnosis(avoidable_bias, variance, avoidable_bias > threshold, variance > threshold)


def _diagnosis(avoidable_bias, variance, high_bias, high_variance):
    """The result dict from the two gaps and their verdicts (shared wording of both twins)."""
    words = [w for w, on in (("high bias", high_bias), ("high variance", high_variance)) if on]
    diagnosis = " and ".join(words) if words else "low bias and low variance"
    steps = tuple(s for w in words for s in NEXT_STEPS[w] if s != "another architecture")
    if words:
        steps += ("another architecture",)
    return {"avoidable_bias": float(avoidable_bias), "variance": float(variance),
            "high_bias": bool(high_bias), "high_variance": bool(high_variance),
            "diagnosis": diagnosis, "next_steps": steps}


# --- early stopping ------------------------------------------------------------------------------------
def train_with_early_stopping(X_train, Y_train, X_dev, Y_dev, layers_dims, learning_rate=0.0075,
                              num_epochs=1000, patience=10, min_delta=0.0, *,
                              initial_parameters=None, progress=None):
    """Full-batch gradient descent stopped on the dev cost; returns (parameters, history) (see the
    module's docstring). layers_dims may be None when initial_parameters is given; otherwise the
    network starts from deep.initialize_parameters_deep(layers_dims, "xavier", seed=1).
    progress(epoch, cost): called after every epoch with its training cost."""
    X_train = checks.check_examples("X_train", X_train)
    Y_train = check_labels("Y_train", Y_train, m=X_train.shape[1]).astype(X_train.dtype)
    X_dev = check_matrix("X_dev", X_dev, rows=X_train.shape[0])
    Y_dev = check_labels("Y_dev", Y_dev, m=X_dev.shape[1]).astype(X_train.dtype)
    check_same_dtype(X_train=X_train, X_dev=X_dev)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    num_epochs = check_non_negative_int("num_epochs", num_epochs)
    patience, min_delta = checks.check_early_stopping(patience, min_delta)
    check_progress(progress)
    parameters = _initial_parameters(X_train, layers_dims, initial_parameters)
    return _train_with_early_stopping(X_train, Y_train, X_dev, Y_dev, parameters, learning_rate,
                                      num_epochs, patience, min_delta, progress)


def _initial_parameters(X, layers_dims, initial_parameters):
    if initial_parameters is None:
        if layers_dims is None:
            raise ValueError("layers_dims: required when initial_parameters is not given")
        return deep.initialize_parameters_deep(layers_dims, "xavier", X.dtype, seed=1)
    parameters, sizes = check_network_parameters(initial_parameters)
    if layers_dims is not None and list(layers_dims) != sizes:
        raise ValueError(f"layers_dims: {list(layers_dims)} does not match initial_parameters' "
                         f"layer sizes {sizes}")
    if sizes[0] != X.shape[0]:
        raise ValueError(f"initial_parameters: W1 takes {sizes[0]} inputs, X_train has "
                         f"{X.shape[0]} rows")
    return {k: np.array(v, dtype=X.dtype) for k, v in parameters.items()}


def _improved(current, best, min_delta):
    """Keras's rule in "min" mode: the first value, or one below best by more than min_delta."""
    return best is None or current < best - min_delta


def _restored(best_parameters, last_parameters):
    """What training returns: the parameters of the best epoch (restore_best_weights=True)."""
    return best_parameters


def _train_with_early_stopping(X_train, Y_train, X_dev, Y_dev, parameters, learning_rate,
                               num_epochs, patience, min_delta, progress):
    activations = default_activations(len(parameters) // 2)
    history = {"cost": [], "dev_cost": [], "best_epoch": 0, "stopped_epoch": 0}
    best, best_parameters, wait = (
        None, dict(parameters),
        0,  # pragma: no mutate - epoch 0 always improves (best is None) and resets wait to 0
    )
    for epoch in range(num_epochs):
        AL, caches = deep._L_model_forward(X_train, parameters, activations)
        cost = deep._compute_cost(AL, Y_train)
        grads = deep._L_model_backward(
            AL, Y_train, caches, activations,
            input_gradient=False,  # pragma: no mutate - True/None only adds dA0, which no update uses
        )
        parameters = deep._update_parameters(parameters, grads, learning_rate)
        dev_cost = deep._compute_cost(deep._L_model_forward(X_dev, parameters, activations)[0],
                                      Y_dev)
        history["cost"].append(cost)
        history["dev_cost"].append(dev_cost)
        if progress is not None:
            progress(epoch, cost)
        wait += 1
        if _improved(dev_cost, best, min_delta):
            best, best_parameters, wait = dev_cost, dict(parameters), 0
            history["best_epoch"] = epoch
        elif wait >= patience and epoch > 0:
            history["stopped_epoch"] = epoch
            break
    return _restored(best_parameters,
                     parameters,  # pragma: no mutate - the last parameters: unused by the course's rule
                     ), history


# --- data augmentation ---------------------------------------------------------------------------------
def flip_horizontal(images):
    """(m, h, w, c) images mirrored left-right (the width axis reversed)."""
    return _flip_horizontal(checks.check_images("images", images))


def _flip_horizontal(images):
    return images[:, :, ::-1, :].copy()


def augment_with_flips(images, labels):
    """(images followed by their mirrors (2m, h, w, c), labels repeated along their last axis)."""
    images = checks.check_images("images", images)
    labels = checks.check_image_labels(labels, images.shape[0])
    return _augment_with_flips(images, labels)


def _augment_with_flips(images, labels):
    return (np.concatenate([images, _flip_horizontal(images)],
                           axis=0,  # pragma: no mutate - concatenate's default axis 0 written out
                           ),
            np.concatenate([labels, labels], axis=-1))

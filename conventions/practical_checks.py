"""Input checks of the practical toolkit (`practical` in both twins): splits, normalisation
statistics, error rates, early stopping's settings and image batches. NumPy only; every error names
the argument, what was expected and what was given. The basic checks are conventions.validation's.
"""

import math

import numpy as np

from conventions.validation import check_finite, check_matrix

# The split defaults (the notes' rule, see default_split_ratios): dev and test each take 20 % of
# the examples while that is at most DEV_TEST_ENOUGH examples (so 60/20/20 up to 50 000
# examples), then DEV_TEST_ENOUGH each, but never less than 1 % each (98/1/1 from a million on).
SMALL_DATA_RATIOS = (0.6, 0.2, 0.2)
BIG_DATA_RATIOS = (0.98, 0.01, 0.01)
DEV_TEST_ENOUGH = 10_000
# Bias/variance: a gap (train - Bayes, dev - train) above this many error points (0.02 = 2 %)
# is "high". The notes' four examples sit on either side of it by a factor of 2 or more.
DIAGNOSIS_THRESHOLD = 0.02
# Keras's backend.epsilon(): Normalization divides by max(sqrt(variance), epsilon).
NORMALIZATION_EPSILON = 1e-7


def check_examples(name, a, m=None):
    """A 2-D (n, m) float array of examples in columns, finite; int and bool become float64."""
    return check_matrix(name, a, cols=m)


def check_ratios(ratios):
    """(train, dev, test) fractions: three finite numbers >= 0 summing to 1, train > 0."""
    try:
        values = tuple(float(r) for r in ratios)
    except (TypeError, ValueError):
        raise TypeError(f"ratios: expected three numbers (train, dev, test), got {ratios!r}") from None
    if len(values) != 3 or not all(math.isfinite(v) and v >= 0 for v in values) \
            or values[0] <= 0 or abs(sum(values) - 1) > 1e-9:
        raise ValueError(f"ratios: expected (train, dev, test) fractions >= 0 summing to 1 with "
                         f"train > 0, got {ratios!r}")
    return values


def split_counts(m, ratios):
    """(n_train, n_dev, n_test) for m examples: dev and test rounded to the nearest count (half
    up), train the rest; refuses a split that leaves train empty."""
    n_dev, n_test = (int(math.floor(r * m + 0.5)) for r in ratios[1:])
    n_train = m - n_dev - n_test
    if n_train < 1:
        raise ValueError(f"ratios: {ratios} leave no training example of m = {m}")
    return n_train, n_dev, n_test


def check_statistics(mu, sigma2, n):
    """mu, sigma2: (n, 1) finite, sigma2 >= 0, one dtype."""
    mu = check_matrix("mu", mu, rows=n, cols=1)
    sigma2 = check_matrix("sigma2", sigma2, rows=n, cols=1)
    if (sigma2 < 0).any():
        raise ValueError(f"sigma2: expected variances >= 0, got {sigma2.min()!r}")
    if mu.dtype != sigma2.dtype:
        raise TypeError(f"mu, sigma2: expected one dtype, got {mu.dtype} and {sigma2.dtype}")
    return mu, sigma2


def check_error_rate(name, value):
    """An error rate as a fraction in [0, 1] (0.11 for 11 %)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not 0 <= value <= 1:
        raise ValueError(f"{name}: expected an error rate in [0, 1] (0.11 for 11 %), got {value!r}")
    return float(value)


def check_rates(train_error, dev_error, bayes_error, threshold):
    rates = tuple(check_error_rate(n, v) for n, v in (("train_error", train_error),
                                                      ("dev_error", dev_error),
                                                      ("bayes_error", bayes_error)))
    if rates[2] > rates[0]:
        raise ValueError(f"bayes_error: expected at most train_error ({rates[0]!r}): no classifier "
                         f"beats the Bayes error, got {rates[2]!r}")
    if isinstance(threshold, bool) or not 0 < threshold < 1:
        raise ValueError(f"threshold: expected a number in (0, 1), got {threshold!r}")
    return (*rates, float(threshold))


def check_early_stopping(patience, min_delta):
    if isinstance(patience, bool) or not isinstance(patience, (int, np.integer)) or patience < 0:
        raise ValueError(f"patience: expected an integer >= 0, got {patience!r}")
    if isinstance(min_delta, bool) or not np.isfinite(min_delta) or min_delta < 0:
        raise ValueError(f"min_delta: expected a finite number >= 0, got {min_delta!r}")
    return int(patience), float(min_delta)


def check_images(name, images):
    """A (m, h, w, c) batch of images (examples first, channels last), any real dtype."""
    arr = np.asarray(images)
    if arr.ndim != 4:
        raise ValueError(f"{name}: expected a (m, h, w, c) batch of images, got shape {arr.shape}")
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name}: expected numbers, got dtype {arr.dtype}")
    if arr.dtype.kind == "f":
        check_finite(name, arr)
    return arr


def check_image_labels(labels, m):
    """Labels with the examples in the LAST axis ((1, m) as the course keeps them, or (m,))."""
    arr = np.asarray(labels)
    if arr.ndim not in (1, 2) or arr.shape[-1] != m:
        raise ValueError(f"labels: expected (1, {m}) or ({m},) (one label per image), got shape "
                         f"{arr.shape}")
    return arr

"""Parity cases for `practical` (course 2, week 1's toolkit): splits, normalisation, diagnosis,
early stopping and flips, scratch against the TF twin (tf ops, Keras's fit and EarlyStopping).

- Splits and flips move numbers without arithmetic: equal bit for bit (the "elementwise" bound,
  measured 0). The split's permutation is the course's NumPy stream in both twins.
- Statistics: a mean and a mean of squares over m examples ("reduction", n = m); normalised
  inputs add one subtraction and one division ("reduction", n = m, for the statistics in them).
- Early stopping: a fixed network [2, 12, 1] on fixed noisy data (m = 24 train, 40 dev),
  learning rate 0.3, patience 5, min_delta 1e-3: the dev cost is best at epoch 14 and training
  stops after epoch 19 in both twins (Keras's EarlyStopping doing it in the TF twin); on the way
  the dev cost improves three times by less than min_delta (so ignoring min_delta is caught),
  and every decision is more than 1e-6 from its threshold (Keras compares float32-rounded logs).
  "trajectory" bound with steps = 20 updates, n = the longest sum (width, m).
Wrong variants: dev examples drawn again from the training part, no shuffle, NumPy's new
Generator; the sample variance (ddof=1) where the population variance (Keras's) belongs; the
standard deviation stored as the variance; dev and test normalised with their own statistics;
dividing by sigma2 (the notes' shorthand read literally); the flip over the height or the channel
axis; early stopping restoring the last parameters, counting patience one too late, or ignoring
min_delta; a diagnosis judging the variance against the Bayes error.
"""

import numpy as np

from dlparity import inputs
from dlparity.cases import Mutant, ParityCase
from scratch import deep
from scratch import practical as ref

MAX_N = 6
MAX_M = 40


def _examples(rng, dtype):
    n = int(rng.integers(1, MAX_N + 1))
    m = int(rng.integers(5, MAX_M + 1))          # m >= 5: every part of a 60/20/20 split non-empty
    return {"X": inputs.normal(rng, (n, m), dtype, scale=3.0) + dtype.type(rng.uniform(-2, 2)),
            "Y": inputs.labels(rng, m, dtype), "seed": int(rng.integers(2**31)),
            "X_dev": inputs.normal(rng, (n, int(rng.integers(1, 12))), dtype, scale=2.0),
            "X_test": inputs.normal(rng, (n, int(rng.integers(1, 12))), dtype, scale=4.0)}


def _images(rng, dtype):
    shape = (int(rng.integers(1, 4)), int(rng.integers(2, 6)), int(rng.integers(2, 6)),
             int(rng.integers(2, 4)))
    return {"images": inputs.normal(rng, shape, dtype), "labels": inputs.labels(rng, shape[0], dtype)}


def _m(i):
    return i["X"].shape[1]


# --- wrong variants ---------------------------------------------------------------------------------
_SPLIT = ref._train_dev_test_split


def _dev_from_the_training_part(X, Y, counts, stream):
    X_train, Y_train, _, _, X_test, Y_test = _SPLIT(X, Y, counts, stream)
    n_dev = counts[1]
    return X_train, Y_train, X_train[:, :n_dev], Y_train[:, :n_dev], X_test, Y_test


def _no_shuffle(stream, m):
    stream.permutation(m)
    return np.arange(m)


def _new_generator(stream, m):
    return np.random.default_rng(0).permutation(m)


def _sample_variance(X):
    return np.mean(X, axis=1, keepdims=True), np.var(X, axis=1, ddof=1, keepdims=True)


def _std_as_variance(X):
    return np.mean(X, axis=1, keepdims=True), np.std(X, axis=1, keepdims=True)


def _own_statistics(X_train, X_dev, X_test, epsilon):
    mu, sigma2 = ref._normalization_statistics(X_train)
    normed = [ref._normalize_inputs(X, *ref._normalization_statistics(X), epsilon)
              for X in (X_dev, X_test)]
    return (ref._normalize_inputs(X_train, mu, sigma2, epsilon), *normed, mu, sigma2)


def _divided_by_sigma2(X, mu, sigma2, epsilon):
    return (X - mu) / np.maximum(sigma2, epsilon)


def _flip_vertical(images):
    return images[:, ::-1, :, :].copy()


def _flip_channels(images):
    return images[:, :, :, ::-1].copy()


def _restore_last(best_parameters, last_parameters):
    return last_parameters


_IMPROVED = ref._improved


def _patience_one_late(X_train, Y_train, X_dev, Y_dev, parameters, learning_rate, num_epochs,
                       patience, min_delta, progress):
    return _TRAIN(X_train, Y_train, X_dev, Y_dev, parameters, learning_rate, num_epochs,
                  patience + 1, min_delta, progress)


def _min_delta_ignored(current, best, min_delta):
    return _IMPROVED(current, best, 0.0)


_TRAIN = ref._train_with_early_stopping


def _variance_against_bayes(train_error, dev_error, bayes_error, threshold):
    avoidable_bias, variance = train_error - bayes_error, dev_error - bayes_error
    return ref._diagnosis(avoidable_bias, variance, avoidable_bias > threshold, variance > threshold)


# --- early stopping's fixed run ---------------------------------------------------------------------
STOPPING = {"seed": 10, "sizes": (2, 12, 1), "m": 24, "m_dev": 40, "learning_rate": 0.3,
            "num_epochs": 300, "patience": 5, "min_delta": 1e-3}


def stopping_data(dtype=np.float64):
    """Noisy labels of a linear rule (noise 0.8): a network of 12 hidden units overfits 24
    examples within ~15 epochs at learning rate 0.3 (deep.initialize_parameters_deep, scale 1)."""
    s = STOPPING
    rng = np.random.default_rng(s["seed"])
    X = rng.standard_normal((2, s["m"]))
    Y = (X[0:1] + 0.8 * rng.standard_normal((1, s["m"])) > 0).astype(dtype)
    X_dev = rng.standard_normal((2, s["m_dev"]))
    Y_dev = (X_dev[0:1] + 0.8 * rng.standard_normal((1, s["m_dev"])) > 0).astype(dtype)
    parameters = deep.initialize_parameters_deep(list(s["sizes"]), 1.0, dtype, seed=s["seed"])
    return {"X": X.astype(dtype), "Y": Y, "X_dev": X_dev.astype(dtype), "Y_dev": Y_dev,
            "parameters": parameters}


def _call_stopping(module, i):
    s = STOPPING
    return module.train_with_early_stopping(i["X"], i["Y"], i["X_dev"], i["Y_dev"], None,
                                            s["learning_rate"], s["num_epochs"], s["patience"],
                                            s["min_delta"], initial_parameters=i["parameters"])


CASES = [
    ParityCase("practical.train_dev_test_split", "forward", "practical", _examples,
               lambda module, i: module.train_dev_test_split(i["X"], i["Y"], seed=i["seed"]),
               mutants=(Mutant("dev inside train", "dev columns taken from the training part",
                               "_train_dev_test_split", _dev_from_the_training_part),
                        Mutant("no shuffle", "cut in the given order", "_permutation", _no_shuffle),
                        Mutant("new Generator", "np.random.default_rng's permutation",
                               "_permutation", _new_generator))),
    ParityCase("practical.normalization_statistics", "forward", "practical", _examples,
               lambda module, i: module.normalization_statistics(i["X"]),
               kind="reduction", reduction=_m,
               mutants=(Mutant("ddof=1", "1/(m-1): the sample variance, not Keras's 1/m",
                               "_normalization_statistics", _sample_variance),
                        Mutant("std", "sigma stored where sigma^2 belongs",
                               "_normalization_statistics", _std_as_variance))),
    ParityCase("practical.normalize_train_dev_test", "forward", "practical", _examples,
               lambda module, i: module.normalize_train_dev_test(i["X"], i["X_dev"], i["X_test"]),
               kind="reduction", reduction=_m,
               mutants=(Mutant("own statistics", "dev and test normalised with their own mu, sigma2",
                               "_normalize_train_dev_test", _own_statistics),
                        Mutant("/ sigma2", "x / sigma^2 instead of x / sigma", "_normalize_inputs",
                               _divided_by_sigma2))),
    ParityCase("practical.flip_horizontal", "forward", "practical", _images,
               lambda module, i: module.flip_horizontal(i["images"]),
               mutants=(Mutant("height axis", "flipped upside down", "_flip_horizontal",
                               _flip_vertical),
                        Mutant("channel axis", "the channels reversed", "_flip_horizontal",
                               _flip_channels))),
    ParityCase("practical.augment_with_flips", "forward", "practical", _images,
               lambda module, i: module.augment_with_flips(i["images"], i["labels"]),
               mutants=(Mutant("height axis", "mirrors flipped upside down", "_flip_horizontal",
                               _flip_vertical),)),
    ParityCase("practical.diagnose_bias_variance[15 % / 30 %, Bayes 10 %]", "forward", "practical",
               lambda rng, dtype: {}, lambda module, i: module.diagnose_bias_variance(0.15, 0.30, 0.10),
               dtypes=("float64",), randomized=False,
               mutants=(Mutant("variance vs Bayes", "dev - Bayes where dev - train belongs",
                               "_diagnose_bias_variance", _variance_against_bayes),)),
    ParityCase("practical.train_with_early_stopping[Keras EarlyStopping]", "trajectory",
               "practical", lambda rng, dtype: stopping_data(dtype), _call_stopping,
               kind="trajectory", reduction=lambda i: max(12, STOPPING["m_dev"]), steps=20,
               dtypes=("float64",), randomized=False,
               mutants=(Mutant("last restored", "the last epoch's parameters returned",
                               "_restored", _restore_last),
                        Mutant("patience + 1", "stops one epoch late",
                               "_train_with_early_stopping", _patience_one_late),
                        Mutant("min_delta ignored", "any decrease counts as an improvement",
                               "_improved", _min_delta_ignored))),
]

"""The arguments of `dl-parity train`, registered once on the `dl-parity` parser.

The model names, hidden activations and initialisation scales are the course vocabulary's
(conventions.vocabulary); DEFAULTS holds the course's settings for each trainable module.
Every numeric option is parsed by one of the types below, so a value out of range is an argparse
error naming the option, the range and the value, before any data is loaded:

    dl-parity train: error: argument --seed: expected an integer in 0 .. 4294967295 (2**32 - 1),
    got -1
"""

import argparse
import math

from conventions import vocabulary

IMPLS = ("scratch", "tf", "keras", "both")
DATASETS = ("cat", "flower", "noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles",
            "football", "circles", "moons")
SEED_MAX = 2**32 - 1            # NumPy's RandomState (the course's np.random.seed) takes 0 .. 2**32 - 1
TF_INSTALL_HINT = 'pip install "dl-parity[tf]"'

# The course's settings for each model: the cat run of week 2, the flower of week 3, the
# application of week 4 (the 4-layer net, 1/sqrt(n_prev) initialisation, seed 1).
DEFAULTS = {
    "logistic": {"dataset": "cat", "learning_rate": 0.005, "iterations": 2000, "hidden": []},
    "shallow": {"dataset": "flower", "learning_rate": 1.2, "iterations": 10000, "hidden": [4],
                "seed": vocabulary.SHALLOW_SEED},
    "deep": {"dataset": "cat", "learning_rate": 0.0075, "iterations": 2500, "hidden": [20, 7, 5],
             "seed": vocabulary.DEEP_SEED, "init": "xavier"},
    # course 2: the softmax network on the built-in 6-class blobs, course 2's mini-batch loop
    # (iterations are epochs)
    "softmax": {"dataset": "blobs", "learning_rate": 0.01, "iterations": 300, "hidden": [8, 8],
                "seed": vocabulary.DEEP_SEED, "init": "he"},
}
# `train deep --batchnorm`: what changes from deep's defaults (mini-batches, iterations are epochs)
BATCHNORM_DEFAULTS = {"learning_rate": 0.001, "iterations": 200}
# the mini-batch loops' optimizer and mini-batch size when no option names them
MINI_BATCH_DEFAULTS = {"optimizer": "adam", "mini_batch_size": vocabulary.MINI_BATCH_SIZE}


# deep on course 2's sets: the settings of the assignment that uses each set (initialisation:
# circles, [2, 10, 5, 1], lr 0.01, 15000 iterations, He after np.random.seed(3); regularisation:
# football, [2, 20, 3, 1], lr 0.3, 30000 iterations, randn / sqrt(n_prev) after np.random.seed(3)).
DATASET_DEFAULTS = {
    ("deep", "circles"): {"learning_rate": 0.01, "iterations": 15000, "hidden": [10, 5],
                          "seed": vocabulary.INITIALIZATION_SEED, "init": "he"},
    ("deep", "football"): {"learning_rate": 0.3, "iterations": 30000,
                           "hidden": list(vocabulary.REGULARIZATION_HIDDEN),
                           "seed": vocabulary.REGULARIZATION_SEED, "init": "xavier"},
}
# --init names drawn by course 2's initialisers (scratch.initialization) rather than deep's scale.
COURSE2_INITS = ("zeros", "random", "glorot_normal", "glorot_uniform")


class UsageError(ValueError):
    """A bad combination of arguments; the CLI prints it after `dl-parity train: error:`."""


# --- numeric option types: argparse reports their errors as "argument --NAME: <message>" ----------
def _number(text, convert, expected, accept):
    try:
        value = convert(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}") from None
    if not accept(value):
        raise argparse.ArgumentTypeError(f"expected {expected}, got {text}")
    return value


def positive_int(text):
    """--iterations, --layers: 1, 2, 3, ..."""
    return _number(text, int, "a positive integer", lambda n: n >= 1)


def seed(text):
    """--seed: what np.random.seed / RandomState accept, 0 .. 2**32 - 1."""
    return _number(text, int, f"an integer in 0 .. {SEED_MAX} (2**32 - 1)",
                   lambda n: 0 <= n <= SEED_MAX)


def positive_float(text):
    """--lr: a positive finite number (not 0, negative, inf or nan)."""
    return _number(text, float, "a positive finite number", lambda x: math.isfinite(x) and x > 0)


def init_scale(text):
    """--init: a named scale of the vocabulary (xavier, he), one of course 2's initialisers
    (zeros, random, glorot_normal, glorot_uniform) or a positive finite number s (W = randn * s;
    the notes' 0.01)."""
    if text in vocabulary.INIT_SCALES or text in COURSE2_INITS:
        return text
    names = ", ".join((*COURSE2_INITS[:2], *vocabulary.INIT_SCALES, *COURSE2_INITS[2:]))
    return _number(text, float, f"{names} or a positive finite number such as 0.01",
                   lambda x: math.isfinite(x) and x > 0)


def non_negative_float(text):
    """--lambd: a finite number >= 0 (0: no L2 penalty)."""
    return _number(text, float, "a finite number >= 0", lambda x: math.isfinite(x) and x >= 0)


def keep_prob(text):
    """--keep-prob: a probability in (0, 1] (1: the layer keeps every unit)."""
    return _number(text, float, "a probability in (0, 1]", lambda x: 0 < x <= 1)


# --- registration ---------------------------------------------------------------------------------
def add_parser(subparsers):
    """Register `train` on the `dl-parity` sub-command parsers."""
    parser = subparsers.add_parser(
        "train", help="train a course model in scratch, tfimpl, Keras fit, or side by side",
        description=(
            "Train logistic regression, the one-hidden-layer network or the L-layer network in "
            "the NumPy twin, the TensorFlow twin, through keras Model.fit, or side by side from "
            "identical initial weights, and report accuracy and how far apart the twins ended."),
        epilog=(
            "Defaults are the course's: logistic on the cat data (lr 0.005, 2000 iterations); "
            "shallow on the flower (n_h = 4, lr 1.2, 10000 iterations); deep on the cat data "
            "([n_x, 20, 7, 5, 1], 1/sqrt(n_prev) initialisation, lr 0.0075, 2500 iterations). "
            "Without the course's files the cat task uses a built-in synthetic set of the same "
            "shapes. softmax: [n_x, 8, 8, C] on the built-in 6-class blobs, mini-batches of 64, "
            "Adam (lr 0.01, 300 epochs); deep --batchnorm: Adam, lr 0.001, 200 epochs (for the "
            "mini-batch models --iterations counts epochs)."))
    parser.add_argument("model", choices=vocabulary.TRAINABLE_MODULES,
                        help="which course model: logistic (week 2), shallow (week 3), deep "
                             "(week 4), softmax (course 2: a multi-class network, mini-batches, "
                             "Adam); example: dl-parity train shallow --impl both")
    parser.add_argument("--batchnorm", action="store_true",
                        help="deep: batch norm before each hidden activation (the hidden layers' "
                             "b dropped), trained on mini-batches of 64 with Adam (lr 0.001, 200 "
                             "epochs by default; --iterations counts epochs); keras: a "
                             "Dense(use_bias=False) + BatchNormalization model trained by fit")
    parser.add_argument(
        "--impl", required=True, choices=IMPLS,
        help="scratch (NumPy), tf (TensorFlow twin), keras (keras Model.fit on the same network) "
             "or both (scratch and tf side by side, plus keras for deep)")
    parser.add_argument("--dataset", choices=DATASETS,
                        help="training set (default: cat for logistic and deep, flower for "
                             "shallow); circles and football are course 2's (deep on them "
                             "defaults to the course's network and settings for that set); the "
                             "2-D sets get a decision-boundary plot")
    parser.add_argument("--data", metavar="PATH",
                        help="directory holding the course's HDF5 files (cat, football)")
    parser.add_argument("--source", choices=("auto", "real", "synthetic"), default="auto",
                        help="cat data: the course's files (real), the built-in set (synthetic) "
                             "or real when found (auto, the default)")
    parser.add_argument("--layers", type=positive_int, nargs="+", metavar="N",
                        help="layer sizes n_x n_1 ... 1 (shallow: n_x n_h 1), each a positive "
                             "integer; n_x must match the data")
    parser.add_argument("--activation", choices=vocabulary.ACTIVATIONS,
                        help=f"deep, softmax: activation of the hidden layers (default "
                             f"{vocabulary.HIDDEN_ACTIVATION}); the output layer is "
                             f"{vocabulary.OUTPUT_ACTIVATION}")
    parser.add_argument("--init", type=init_scale,
                        metavar="zeros|random|he|xavier|glorot_normal|glorot_uniform|S",
                        help="deep: initial weights randn / sqrt(n_prev) (xavier, the course-1 "
                             "application's, default), randn * sqrt(2 / n_prev) (he), zeros, "
                             "randn * 10 (random, course 2's), Glorot normal or uniform, or "
                             "randn * S for a positive number S (the notes' 0.01)")
    parser.add_argument("--lambd", type=non_negative_float, metavar="X",
                        help="deep: L2 regularisation, cost + X / (2 m) sum ||W||^2 (course 2; "
                             "trains with regularization.model in scratch and tf)")
    parser.add_argument("--keep-prob", type=keep_prob, nargs="+", metavar="K",
                        help="deep: inverted dropout keeping each hidden unit with probability K "
                             "(one value, or one per hidden layer; never the output layer; off "
                             "when predicting); masks drawn as the course draws them")
    parser.add_argument("--iterations", type=positive_int, metavar="N",
                        help="gradient-descent steps, a positive integer")
    parser.add_argument("--lr", type=positive_float, metavar="X",
                        help="learning rate, a positive finite number")
    parser.add_argument("--seed", type=seed, metavar="N",
                        help=f"seed of the initial weights (shallow, deep), 0 .. {SEED_MAX}")
    parser.add_argument("--dtype", choices=("float64", "float32"), default="float64",
                        help="the dtype of data and weights (default float64; float32 runs with "
                             "the looser float32 bound)")
    parser.add_argument("--plot", metavar="FILE.png",
                        help="write the cost curves (and, for 2-D data, the decision boundaries; "
                             "softmax: the argmax class regions) to this PNG; needs matplotlib")
    from dlparity.training import minibatch

    minibatch.add_arguments(parser)
    parser.set_defaults(run=lambda args: _run(args, parser))
    return parser


def _run(args, parser):
    from dlparity.training.command import run

    return run(args, parser)

"""`dl-parity train deep` with mini-batches: the optimisation assignment's `model` in each twin.

    dl-parity train deep --impl both --dataset moons --optimizer adam [--mini-batch 64]
        [--beta B] [--beta1 B1] [--beta2 B2] [--epsilon E]
        [--decay none|inverse_time|exponential|staircase] [--decay-rate R] [--epochs N]
        [--save FILE.h5] [--resume FILE.h5]

Any of these options selects mini-batch training (--optimizer defaults to gd). The defaults are
the assignment's: the moons (300 points), [2, 5, 2, 1], lr 0.0007, mini-batches of 64, beta 0.9,
beta1 0.9, beta2 0.999, epsilon 1e-8, 10000 epochs, initial weights np.random.seed(3) with
randn * sqrt(2 / n_prev). Decay (after each epoch i, as the course's loop): inverse_time
lr0 / (1 + rate i) (update_lr), staircase lr0 / (1 + rate floor(i / 1000)) (schedule_lr_decay),
exponential lr0 rate^i. --save writes each implementation's checkpoint (parameters, optimizer
state v, s, t and the epoch: conventions.minibatch_training), FILE itself for one implementation,
FILE-<impl>.h5 for several; --resume continues a saved run for --epochs more, bit for bit.
Every option is checked before any data is loaded; a bad one is an error naming it.
"""

import argparse
import math
from pathlib import Path

from conventions import minibatch_training
from dlparity.training.options import UsageError, positive_int

DECAYS = {"none": None, "inverse_time": "update_lr", "staircase": "schedule_lr_decay",
          "exponential": "exponential_lr_decay"}
DEFAULTS = {"dataset": "moons", "hidden": [5, 2], "learning_rate": 0.0007, "epochs": 10000,
            "mini_batch": 64, "beta": 0.9, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8,
            "decay_rate": 1.0, "seed": minibatch_training.INIT_SEED, "init": "he"}
OPTIONS = ("optimizer", "mini_batch", "beta", "beta1", "beta2", "epsilon", "decay",
           "decay_rate", "epochs", "save", "resume")
USES = {"beta": ("momentum", "rmsprop"), "beta1": ("adam",), "beta2": ("adam",),
        "epsilon": ("rmsprop", "adam")}


def fraction(text):
    """--beta, --beta1, --beta2: a number in [0, 1)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1), got {text!r}") from None
    if not (math.isfinite(value) and 0 <= value < 1):
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1), got {text}")
    return value


def non_negative_float(text):
    """--epsilon, --decay-rate: a finite number >= 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a finite number >= 0, got {text!r}") from None
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"expected a finite number >= 0, got {text}")
    return value


def add_arguments(parser):
    group = parser.add_argument_group(
        "mini-batch training (deep; the course-2 optimisation assignment's model)")
    group.add_argument("--optimizer", choices=minibatch_training.OPTIMIZERS,
                       help="gd (default once any option of this group is given), momentum, "
                            "rmsprop or adam")
    group.add_argument("--mini-batch", type=positive_int, metavar="N",
                       help="mini-batch size (default 64)")
    group.add_argument("--beta", type=fraction, help="momentum's / RMSprop's beta (default 0.9)")
    group.add_argument("--beta1", type=fraction, help="Adam's beta1 (default 0.9)")
    group.add_argument("--beta2", type=fraction, help="Adam's beta2 (default 0.999)")
    group.add_argument("--epsilon", type=non_negative_float,
                       help="RMSprop's and Adam's epsilon (default 1e-8)")
    group.add_argument("--decay", choices=tuple(DECAYS),
                       help="learning-rate decay after each epoch (default none)")
    group.add_argument("--decay-rate", type=non_negative_float, metavar="R",
                       help="the decay's rate (default 1; exponential: the base, in (0, 1])")
    group.add_argument("--epochs", type=positive_int, metavar="N",
                       help="epochs (default 10000; with --resume: epochs more)")
    group.add_argument("--save", metavar="FILE.h5",
                       help="write the trained parameters, optimizer state and epoch (deep "
                            "--batchnorm: the trained network, W, b, gamma, beta and running "
                            "statistics; FILE-impl.h5 for several implementations)")
    group.add_argument("--resume", metavar="FILE.h5",
                       help="continue a run saved with --save (plain deep only: the batchnorm "
                            "and softmax networks cannot be resumed)")


def requested(args):
    return any(getattr(args, name, None) is not None for name in OPTIONS)


def settings(args):
    """The checked mini-batch settings (a dict), or None when no option of the group is given.
    UsageError names the option."""
    if not requested(args):
        return None
    given = [f"--{name.replace('_', '-')}" for name in OPTIONS if getattr(args, name) is not None]
    if args.model != "deep":
        raise UsageError(f"{given[0]}: mini-batch training applies to the deep model only")
    if args.iterations is not None:
        raise UsageError("--iterations: mini-batch training counts --epochs (each one pass over "
                         "the data in mini-batches); give --epochs instead")
    if args.impl == "keras":
        raise UsageError("--impl keras: mini-batch training runs the twins' model (scratch, tf); "
                         "use --impl scratch, tf or both")
    optimizer = args.optimizer or "gd"
    for name, users in USES.items():
        if getattr(args, name) is not None and optimizer not in users:
            raise UsageError(f"--{name}: used by {' and '.join(users)} only, not by --optimizer "
                             f"{optimizer}")
    decay = DECAYS[args.decay or "none"]
    if args.decay_rate is not None and decay is None:
        raise UsageError("--decay-rate: give --decay inverse_time, exponential or staircase too")
    decay_rate = DEFAULTS["decay_rate"] if args.decay_rate is None else args.decay_rate
    if decay == "exponential_lr_decay" and not 0 < decay_rate <= 1:
        raise UsageError(f"--decay-rate: exponential decay multiplies the rate by R each epoch: "
                         f"expected 0 < R <= 1, got {decay_rate:g}")
    save = None if args.save is None else checked_save_path(args.save)
    resume = None
    if args.resume is not None:
        if args.layers is not None or args.seed is not None or args.init is not None:
            raise UsageError("--resume: the network and its weights come from the file; leave "
                             "out --layers, --seed and --init")
        resume = Path(args.resume)
        if not resume.is_file():
            raise UsageError(f"--resume: no such file: {args.resume}")
    return {"optimizer": optimizer, "mini_batch_size": args.mini_batch or DEFAULTS["mini_batch"],
            "beta": _or(args.beta, "beta"), "beta1": _or(args.beta1, "beta1"),
            "beta2": _or(args.beta2, "beta2"), "epsilon": _or(args.epsilon, "epsilon"),
            "decay": decay, "decay_name": args.decay or "none", "decay_rate": decay_rate,
            "save": save, "resume": resume}


def _or(value, name):
    return DEFAULTS[name] if value is None else value


def checked_save_path(path):
    """--save: a .h5 (or .hdf5) file in an existing folder, as a Path; UsageError naming --save."""
    path = Path(path)
    if path.suffix not in (".h5", ".hdf5"):
        raise UsageError(f"--save: expected a .h5 file name, got {str(path)!r}")
    if not path.parent.resolve().is_dir():
        raise UsageError(f"--save: the folder {str(path.parent)!r} does not exist")
    return path


def save_path(config, impl):
    """Where `impl`'s file goes (the checkpoint, or deep --batchnorm's network): --save itself for
    one implementation, else FILE-impl.h5."""
    path = config.minibatch["save"] if config.minibatch is not None else config.save
    if len(config.impls) == 1:
        return path
    return path.with_name(f"{path.stem}-{impl}{path.suffix}")


def load_resume(minibatch, dtype):
    """The --resume checkpoint (UsageError naming the file when it is not one)."""
    from conventions import weights_file

    try:
        checkpoint = minibatch_training.load_checkpoint(minibatch["resume"])
    except weights_file.WeightsFileError as error:
        raise UsageError(f"--resume: {error}") from None
    found = checkpoint["parameters"]["W1"].dtype.name
    if found != dtype:
        raise UsageError(f"--resume: the file holds {found} weights; give --dtype {found}")
    try:
        minibatch_training.check_checkpoint(checkpoint, minibatch["optimizer"])
    except ValueError as error:
        raise UsageError(f"--resume {minibatch['resume']}: {error}") from None
    return checkpoint


def fit(twin_package, config, progress):
    """One call of the twin's optimization.model; returns course-layout NumPy parameters."""
    import importlib

    import numpy as np

    module = importlib.import_module(f"{twin_package}.optimization")
    mb = config.minibatch
    resume = mb.get("checkpoint")
    start = 0 if resume is None else resume["epoch"]
    parameters, _, checkpoint = module.model(
        config.task.X_train, config.task.Y_train, None if resume else config.layers,
        mb["optimizer"], config.learning_rate, mb["mini_batch_size"], mb["beta"], mb["beta1"],
        mb["beta2"], mb["epsilon"], config.iterations, False, mb["decay"], mb["decay_rate"],
        initial_parameters=None if resume else config.initial, resume=resume,
        progress=lambda i, cost: progress(i - start, cost), return_checkpoint=True)
    if mb["save"] is not None:
        minibatch_training.save_checkpoint(save_path(config, mb["impl_names"][twin_package]),
                                           checkpoint)
    return {k: np.asarray(v) for k, v in parameters.items()}

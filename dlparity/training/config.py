"""Arguments -> Config: the checked combination of options, the data, the layer sizes, the
activations, and the initial parameters.

Every implementation starts from the same initial parameters: they are made once, in NumPy, by
the course's initialiser (`initialize_with_zeros`, `initialize_parameters`,
`initialize_parameters_deep`) and handed to each implementation in its own form. (The numeric
options arrive range-checked by their argparse types, dlparity.training.options.)
"""

import importlib.util
from dataclasses import dataclass

import numpy as np

from conventions import layout, vocabulary
from dlparity.training import minibatch as minibatch_options
from dlparity.training.options import (
    BATCHNORM_DEFAULTS,
    COURSE2_INITS,
    DATASET_DEFAULTS,
    DEFAULTS,
    MINI_BATCH_DEFAULTS,
    TF_INSTALL_HINT,
    UsageError,
)
from dlparity.training.tasks import Task, load_task


@dataclass
class Config:
    model: str
    impls: list
    task: Task
    layers: list
    activations: list
    learning_rate: float
    iterations: int
    dtype: str
    seed: int | None
    init: str | float | None
    initial: dict            # course-layout NumPy parameters, identical for every impl
    plot: object             # pathlib.Path or None
    lambd: float | None = None       # deep: L2 strength (None: not asked for)
    keep_prob: list | None = None    # deep: one keep probability per hidden layer, or None
    batchnorm: bool = False          # deep --batchnorm: the batch-normalised network
    optimizer: str | None = None     # the mini-batch loops' (batchnorm, softmax): gd ... adam
    mini_batch_size: int | None = None
    classes: int = 2                 # softmax: the number of classes C (the output layer's size)
    save: object = None              # deep --batchnorm --save: pathlib.Path or None

    @property
    def mini_batch(self):
        """True for the mini-batch loops (iterations are epochs of ceil(m / size) updates)."""
        return self.mini_batch_size is not None

    @property
    def steps(self):
        """The number of updates: iterations, or epochs times the mini-batches per epoch."""
        if not self.mini_batch:
            return self.iterations
        return self.iterations * -(-self.task.X_train.shape[1] // self.mini_batch_size)
    minibatch: dict | None = None   # mini-batch settings (dlparity.training.minibatch), or None


def configure(args):
    """Check the arguments, load the data, make the initial parameters: a Config or UsageError."""
    dataset = args.dataset or DEFAULTS[args.model]["dataset"]
    batchnorm = bool(getattr(args, "batchnorm", False))
    if batchnorm and args.model != "deep":
        raise UsageError(f"--batchnorm applies to the deep model only (got {args.model})")
    # Two mini-batch loops: the batch-normalised and softmax networks' own (--optimizer,
    # --mini-batch, --epochs), and the optimisation assignment's model for plain `train deep`
    # (every option of dlparity.training.minibatch).
    network_loop = batchnorm or args.model == "softmax"
    save = _network_loop_options(args, batchnorm) if network_loop else None
    mini = None if network_loop else minibatch_options.settings(args)
    defaults = {**DEFAULTS[args.model], **DATASET_DEFAULTS.get((args.model, dataset), {})}
    if mini is not None:
        defaults = {**DEFAULTS[args.model], **minibatch_options.DEFAULTS,
                    "iterations": minibatch_options.DEFAULTS["epochs"]}
        dataset = args.dataset or defaults["dataset"]
    regularised = _check_regularisation(args)
    if regularised and (batchnorm or mini is not None):
        raise UsageError(f"{'--batchnorm' if batchnorm else 'mini-batch training'} cannot be "
                         f"combined with --lambd or --keep-prob (the regularised model is the "
                         f"course's full-batch loop)")
    impls = {"both": ["scratch", "tf"] + (["keras"] if args.model in ("deep", "softmax")
                                          and not regularised and mini is None else [])}.get(
        args.impl, [args.impl])
    if any(impl in ("tf", "keras") for impl in impls) \
            and importlib.util.find_spec("tensorflow") is None:
        raise UsageError(f"--impl {args.impl} needs TensorFlow, which is not installed: "
                         f"{TF_INSTALL_HINT}")
    plot = _plot_path(args.plot)
    if args.model not in ("deep", "softmax"):
        for flag, value in (("--activation", args.activation), ("--init", args.init)):
            if value is not None:
                raise UsageError(f"{flag} applies to the deep model only (the {args.model} "
                                 f"model has fixed activations and initialisation)")
    if args.model == "logistic" and args.seed is not None:
        raise UsageError("--seed: logistic regression starts from zeros, there is nothing to seed")

    task = load_task(dataset, args.data, args.source, args.dtype,
                     multiclass=args.model == "softmax")
    classes = max(2, int(task.Y_train.max()) + 1) if args.model == "softmax" else 2
    if mini is not None and mini["resume"] is not None:
        mini["checkpoint"] = minibatch_options.load_resume(mini, args.dtype)
        layers = layout.layer_sizes(mini["checkpoint"]["parameters"])
        if layers[0] != task.X_train.shape[0]:
            raise UsageError(f"--resume: the saved network takes {layers[0]} features, the "
                             f"{task.name} data has {task.X_train.shape[0]}")
    else:
        layers = _layers(args.model, args.layers, task, defaults["hidden"],
                         classes if args.model == "softmax" else 1)
    keep_prob = _keep_probs(getattr(args, "keep_prob", None), layers)
    output = "softmax" if args.model == "softmax" else vocabulary.OUTPUT_ACTIVATION
    activations = {"logistic": [vocabulary.OUTPUT_ACTIVATION],
                   "shallow": ["tanh", vocabulary.OUTPUT_ACTIVATION]}.get(
        args.model, [args.activation or vocabulary.HIDDEN_ACTIVATION] * (len(layers) - 2)
        + [output])
    if batchnorm and len(layers) < 3:
        raise UsageError(f"--batchnorm: expected at least one hidden layer to normalise, got "
                         f"--layers {' '.join(map(str, layers))}")
    seed = args.seed if args.seed is not None else defaults.get("seed")
    init = args.init or defaults.get("init")
    try:
        initial = (mini["checkpoint"]["parameters"] if mini and mini["resume"] else
                   initial_parameters("batchnorm" if batchnorm else args.model, layers,
                                      args.dtype, seed, init))
    except MemoryError:
        raise UsageError(f"--layers: the initial weights of {layers} do not fit in "
                         f"memory") from None
    defaults = {**defaults, **(BATCHNORM_DEFAULTS if batchnorm else {})}
    learning_rate = defaults["learning_rate"] if args.lr is None else args.lr
    iterations = defaults["iterations"] if args.iterations is None else args.iterations
    optimizer = size = None
    if network_loop:          # the batch-normalised and softmax networks: iterations are epochs
        iterations = getattr(args, "epochs", None) or iterations
        optimizer = getattr(args, "optimizer", None) or MINI_BATCH_DEFAULTS["optimizer"]
        size = getattr(args, "mini_batch", None) or MINI_BATCH_DEFAULTS["mini_batch_size"]
    if mini is not None:
        iterations = args.epochs or iterations
        impls = [impl for impl in impls if impl != "keras"]
        mini["impl_names"] = {"scratch": "scratch", "tfimpl": "tf"}
    return Config(args.model, impls, task, layers, activations, learning_rate, iterations,
                  args.dtype, seed, init, initial, plot, getattr(args, "lambd", None), keep_prob,
                  batchnorm, optimizer, size, classes, minibatch=mini, save=save)


def _network_loop_options(args, batchnorm):
    """The batch-normalised and softmax networks train by their own mini-batch loop, which takes
    --optimizer, --mini-batch and --epochs (and, for the batch-normalised network, --save: the
    trained network, conventions.batchnorm_state); the optimisation assignment's other options
    belong to plain `train deep`. Returns the checked --save path or None (the loop itself is
    configured by Config's own fields)."""
    if getattr(args, "save", None) is not None and not batchnorm:
        raise UsageError("--save: the softmax network cannot be saved (the weights file's "
                         "activations are relu, tanh, sigmoid and leaky_relu; there is no softmax "
                         "output layer in it); --save works for plain `train deep` and `train "
                         "deep --batchnorm`")
    if getattr(args, "resume", None) is not None:
        raise UsageError("--resume: the batch-normalised and softmax networks cannot be resumed "
                         "(their loop does not return its optimizer state); --resume continues "
                         "plain `train deep` mini-batch runs only")
    for name in minibatch_options.OPTIONS:
        if name not in ("optimizer", "mini_batch", "epochs", "save", "resume") \
                and getattr(args, name, None) is not None:
            flag = f"--{name.replace('_', '-')}"
            raise UsageError(f"{flag}: the batch-normalised and softmax networks take "
                             f"--optimizer, --mini-batch and --epochs only; {flag} belongs to "
                             f"plain `train deep`")
    if getattr(args, "epochs", None) is not None and args.iterations is not None:
        raise UsageError("--epochs and --iterations: give one (both count epochs here)")
    save = getattr(args, "save", None)
    return None if save is None else minibatch_options.checked_save_path(save)


def _check_regularisation(args):
    """True when --lambd or --keep-prob asks for course 2's regularised training (deep only,
    scratch and tf: Keras's L2 and Dropout layers are other functions, see REFERENCES)."""
    given = [flag for flag, value in (("--lambd", getattr(args, "lambd", None)),
                                      ("--keep-prob", getattr(args, "keep_prob", None)))
             if value is not None]
    if not given:
        return False
    if args.model != "deep":
        raise UsageError(f"{given[0]} applies to the deep model only (course 2's regularisation "
                         f"of the L-layer network)")
    if args.impl == "keras":
        raise UsageError(f"{given[0]}: --impl keras is not supported with regularisation (Keras's "
                         f"L2 adds l2 * sum W^2 and its Dropout draws its own masks); use --impl "
                         f"scratch, tf or both (both trains scratch and tf)")
    for flag, attribute in (("--optimizer", "optimizer"), ("--mini-batch", "mini_batch")):
        if getattr(args, attribute, None) not in (None, "gd"):
            raise UsageError(f"{given[0]} cannot be combined with {flag} (regularised training "
                             f"runs the course's full-batch gradient descent)")
    return True


def _keep_probs(keep_prob, layers):
    """--keep-prob: one value for every hidden layer, or exactly one per hidden layer."""
    if keep_prob is None:
        return None
    hidden = len(layers) - 2
    if hidden < 1:
        raise UsageError(f"--keep-prob: the network {layers} has no hidden layer to drop units "
                         f"from (dropout never applies to the output layer)")
    if len(keep_prob) not in (1, hidden):
        raise UsageError(f"--keep-prob: expected one value or {hidden} (one per hidden layer of "
                         f"{layers}), got {len(keep_prob)}: {' '.join(map(str, keep_prob))}")
    return list(keep_prob) * hidden if len(keep_prob) == 1 else list(keep_prob)


def _plot_path(path):
    """The --plot file, checked before any training (matplotlib present, folder writable)."""
    if not path:
        return None
    from dlparity import plots

    try:
        plots.require_matplotlib()          # fail before training, not after it
        return plots.check_png_path(path)
    except (plots.PlotUnavailable, ValueError) as error:
        raise UsageError(str(error)) from None


def _layers(model, requested, task, hidden, n_out=1):
    """The layer sizes [n_x, ..., n_out]: the defaults, or --layers checked against the model and
    the data (each size already a positive integer); n_out: 1 (a sigmoid unit) or, for softmax,
    the number of classes."""
    n_x = task.X_train.shape[0]
    where = (f"the cat data has n_x = {n_x} (64 * 64 * 3 pixels)" if task.name.startswith("cat")
             else f"the {task.name} data has n_x = {n_x} features")
    default = [n_x, *hidden, n_out]
    if requested is None:
        return default
    example = " ".join(map(str, default))
    if model == "logistic":
        if requested != [n_x, 1]:
            raise UsageError(f"--layers: logistic regression is one unit on the inputs, "
                             f"[n_x, 1] = [{n_x}, 1]; got {requested} (omit --layers)")
        return requested
    if len(requested) < 2:
        raise UsageError(f"--layers: expected at least the input and output sizes, got "
                         f"{requested}; e.g. --layers {example}")
    if model == "shallow" and len(requested) != 3:
        raise UsageError(f"--layers: the shallow model has exactly one hidden layer, "
                         f"n_x n_h 1; got {len(requested)} sizes {requested}; "
                         f"e.g. --layers {example}")
    if requested[0] != n_x:
        raise UsageError(f"--layers: the first size must be the number of input features, "
                         f"and {where}; got {requested[0]}. E.g. --layers {example}")
    if requested[-1] != n_out and model == "softmax":
        raise UsageError(f"--layers: the last size must be the number of classes, and the "
                         f"{task.name} data has {n_out}; got {requested[-1]}")
    if requested[-1] != n_out:
        raise UsageError(f"--layers: the last size must be 1 (one sigmoid unit for the binary "
                         f"labels), got {requested[-1]}")
    return requested


def initial_parameters(model, layers, dtype, seed, init):
    """The course's initial parameters as NumPy arrays in the course layout, made once."""
    dtype = np.dtype(dtype)
    if model == "logistic":
        from conventions import layout
        from scratch import logistic

        w, b = logistic.initialize_with_zeros(layers[0], dtype=dtype)
        return layout.logistic_to_parameters(w, b)
    if model == "shallow":
        from scratch import shallow

        return shallow.initialize_parameters(*layers, dtype=dtype, seed=seed)
    if init in COURSE2_INITS:
        from scratch import initialization

        if init == "zeros":
            return initialization.initialize_parameters_zeros(layers, dtype=dtype)
        return getattr(initialization, f"initialize_parameters_{init}")(layers, seed=seed,
                                                                        dtype=dtype)
    if model == "batchnorm":
        from scratch import batchnorm

        return batchnorm.initialize_parameters_bn(layers, scale=init, dtype=dtype, seed=seed)
    from scratch import deep

    return deep.initialize_parameters_deep(layers, scale=init, dtype=dtype, seed=seed)

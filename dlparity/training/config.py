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

from conventions import vocabulary
from dlparity.training.options import DEFAULTS, TF_INSTALL_HINT, UsageError
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
    minibatch: dict | None = None   # mini-batch settings (dlparity.training.minibatch), or None


def configure(args):
    """Check the arguments, load the data, make the initial parameters: a Config or UsageError."""
    from dlparity.training import minibatch as minibatch_options

    mini = minibatch_options.settings(args)
    defaults = DEFAULTS[args.model] if mini is None else {
        **DEFAULTS[args.model], **minibatch_options.DEFAULTS,
        "iterations": minibatch_options.DEFAULTS["epochs"]}
    impls = {"both": ["scratch", "tf"] + (["keras"] if args.model == "deep" else [])}.get(
        args.impl, [args.impl])
    if any(impl in ("tf", "keras") for impl in impls) \
            and importlib.util.find_spec("tensorflow") is None:
        raise UsageError(f"--impl {args.impl} needs TensorFlow, which is not installed: "
                         f"{TF_INSTALL_HINT}")
    plot = _plot_path(args.plot)
    if args.model != "deep":
        for flag, value in (("--activation", args.activation), ("--init", args.init)):
            if value is not None:
                raise UsageError(f"{flag} applies to the deep model only (the {args.model} "
                                 f"model has fixed activations and initialisation)")
    if args.model == "logistic" and args.seed is not None:
        raise UsageError("--seed: logistic regression starts from zeros, there is nothing to seed")

    task = load_task(args.dataset or defaults["dataset"], args.data, args.source, args.dtype)
    if mini is not None and mini["resume"] is not None:
        mini["checkpoint"] = minibatch_options.load_resume(mini, args.dtype)
        from conventions import layout

        layers = layout.layer_sizes(mini["checkpoint"]["parameters"])
        if layers[0] != task.X_train.shape[0]:
            raise UsageError(f"--resume: the saved network takes {layers[0]} features, the "
                             f"{task.name} data has {task.X_train.shape[0]}")
    else:
        layers = _layers(args.model, args.layers, task, defaults["hidden"])
    activations = {"logistic": [vocabulary.OUTPUT_ACTIVATION],
                   "shallow": ["tanh", vocabulary.OUTPUT_ACTIVATION]}.get(
        args.model, [args.activation or vocabulary.HIDDEN_ACTIVATION] * (len(layers) - 2)
        + [vocabulary.OUTPUT_ACTIVATION])
    seed = args.seed if args.seed is not None else defaults.get("seed")
    init = args.init or defaults.get("init")
    try:
        initial = (mini["checkpoint"]["parameters"] if mini and mini["resume"] else
                   initial_parameters(args.model, layers, args.dtype, seed, init))
    except MemoryError:
        raise UsageError(f"--layers: the initial weights of {layers} do not fit in "
                         f"memory") from None
    learning_rate = defaults["learning_rate"] if args.lr is None else args.lr
    iterations = defaults["iterations"] if args.iterations is None else args.iterations
    if mini is not None:
        iterations = args.epochs or iterations
        impls = [impl for impl in impls if impl != "keras"]
        mini["impl_names"] = {"scratch": "scratch", "tfimpl": "tf"}
    return Config(args.model, impls, task, layers, activations, learning_rate, iterations,
                  args.dtype, seed, init, initial, plot, mini)


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


def _layers(model, requested, task, hidden):
    """The layer sizes [n_x, ..., 1]: the defaults, or --layers checked against the model and
    the data (each size already a positive integer)."""
    n_x = task.X_train.shape[0]
    where = (f"the cat data has n_x = {n_x} (64 * 64 * 3 pixels)" if task.name.startswith("cat")
             else f"the {task.name} data has n_x = {n_x} features")
    default = [n_x, *hidden, 1]
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
    if requested[-1] != 1:
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
    from scratch import deep

    return deep.initialize_parameters_deep(layers, scale=init, dtype=dtype, seed=seed)

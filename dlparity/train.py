"""`dl-parity train`: train a course-1 model in either twin, through Keras's `fit`, or side by side.

    dl-parity train {logistic,shallow,deep} --impl {scratch,tf,keras,both}
        [--data PATH] [--source auto|real|synthetic] [--dataset NAME] [--layers N ...]
        [--activation NAME] [--init SCALE] [--iterations N] [--lr X] [--seed N]
        [--dtype float64|float32] [--plot FILE.png]

Every implementation starts from the same initial parameters: they are made once, in NumPy, by the
course's initialiser (`initialize_with_zeros`, `initialize_parameters`,
`initialize_parameters_deep`) and handed to each implementation in its own form.

The progress bar and the cost curve need the cost during training, and the twins' loops carry
no CLI code:
- the deep model and the Keras fit path are trained by ONE call of `L_layer_model` /
  `fit_keras`, whose `progress(i, cost)` callback reports every cost the course records
  (iterations 0, 100, 200, ...);
- logistic regression (`optimize`) and the shallow network (`nn_model`) offer no callback, so they
  are trained in blocks of iterations, each block continuing from the parameters the previous one
  ended with. Plain gradient descent carries no optimiser state from one step to the next, so the
  blocks perform exactly the same floating-point operations as one long call
  (parity_tests/test_train_cli.py checks parameters and costs are bit-for-bit equal); the curve
  holds the cost at the start of every block.
Both add the cost at the final parameters as the curve's last point.
"""

import importlib
import importlib.util
import math
import sys
import time
from dataclasses import dataclass

import numpy as np

MODELS = ("logistic", "shallow", "deep")
IMPLS = ("scratch", "tf", "keras", "both")
DATASETS = ("cat", "flower", "noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles",
            "football")
HIDDEN_ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu")
INITS = ("xavier", "he", "0.01")

# The course's settings for each model: the cat run of week 2, the flower of week 3, the
# application of week 4 (the 4-layer net, 1/sqrt(n_prev) initialisation, seed 1).
DEFAULTS = {
    "logistic": {"dataset": "cat", "learning_rate": 0.005, "iterations": 2000, "hidden": []},
    "shallow": {"dataset": "flower", "learning_rate": 1.2, "iterations": 10000, "hidden": [4]},
    "deep": {"dataset": "cat", "learning_rate": 0.0075, "iterations": 2500, "hidden": [20, 7, 5],
             "seed": 1, "init": "xavier"},
}
TF_INSTALL_HINT = 'pip install "dl-parity[tf]"'


class UsageError(ValueError):
    """A bad combination of arguments; the CLI prints it after `dl-parity train: error:`."""


class TrainingFailed(RuntimeError):
    """An implementation refused to go on (typically: the parameters overflowed to inf/NaN)."""


# --- arguments ----------------------------------------------------------------------------------
def add_parser(subparsers):
    """Register `train` on the `dl-parity` sub-command parsers."""
    parser = subparsers.add_parser(
        "train", help="train a course-1 model in scratch, tfimpl, Keras fit, or side by side",
        description=(
            "Train logistic regression, the one-hidden-layer network or the L-layer network in "
            "the NumPy twin, the TensorFlow twin, through keras Model.fit, or side by side from "
            "identical initial weights, and report accuracy and how far apart the twins ended."),
        epilog=(
            "Defaults are the course's: logistic on the cat data (lr 0.005, 2000 iterations); "
            "shallow on the flower (n_h = 4, lr 1.2, 10000 iterations); deep on the cat data "
            "([n_x, 20, 7, 5, 1], 1/sqrt(n_prev) initialisation, lr 0.0075, 2500 iterations). "
            "Without the course's files the cat task uses a built-in synthetic set of the same "
            "shapes."))
    parser.add_argument("model", choices=MODELS)
    parser.add_argument(
        "--impl", required=True, choices=IMPLS,
        help="scratch (NumPy), tf (TensorFlow twin), keras (keras Model.fit on the same network) "
             "or both (scratch and tf side by side, plus keras for deep)")
    parser.add_argument("--dataset", choices=DATASETS,
                        help="training set (default: cat for logistic and deep, flower for "
                             "shallow); the 2-D sets get a decision-boundary plot")
    parser.add_argument("--data", metavar="PATH",
                        help="directory holding the course's HDF5 files (cat, football)")
    parser.add_argument("--source", choices=("auto", "real", "synthetic"), default="auto",
                        help="cat data: the course's files (real), the built-in set (synthetic) "
                             "or real when found (auto, the default)")
    parser.add_argument("--layers", type=int, nargs="+", metavar="N",
                        help="layer sizes n_x n_1 ... 1 (shallow: n_x n_h 1); n_x must match the "
                             "data")
    parser.add_argument("--activation", choices=HIDDEN_ACTIVATIONS,
                        help="deep: activation of the hidden layers (default relu); the output "
                             "layer is sigmoid")
    parser.add_argument("--init", choices=INITS,
                        help="deep: initial weights randn / sqrt(n_prev) (xavier, the course-1 "
                             "application's, default), randn * sqrt(2 / n_prev) (he) or "
                             "randn * 0.01 (the notes')")
    parser.add_argument("--iterations", type=int, metavar="N", help="gradient-descent steps")
    parser.add_argument("--lr", type=float, metavar="X", help="learning rate")
    parser.add_argument("--seed", type=int, help="seed of the initial weights (shallow, deep)")
    parser.add_argument("--dtype", choices=("float64", "float32"), default="float64")
    parser.add_argument("--plot", metavar="FILE.png",
                        help="write the cost curves (and, for 2-D data, the decision boundaries) "
                             "to this PNG; needs matplotlib")
    parser.set_defaults(run=lambda args: run(args, parser))
    return parser


def run(args, parser=None):
    """Entry point of `dl-parity train`: returns the exit status (argument errors exit with 2)."""
    try:
        config = _configure(args)
    except UsageError as error:
        if parser is not None:
            parser.error(str(error))          # prints usage and the message, exits with 2
        print(f"dl-parity train: error: {error}", file=sys.stderr)
        return 2
    try:
        runs = train_all(config)
    except KeyboardInterrupt:
        print("\ndl-parity train: interrupted", file=sys.stderr)
        return 130
    except TrainingFailed as error:
        print(f"\ndl-parity train: error: {error}", file=sys.stderr)
        return 1
    print_summary(config, runs)
    if config.plot:
        from dlparity import plots

        plots.plot_training(config.plot, _plot_title(config), _curves(runs),
                            _boundary(config, runs))
        print(f"plot written to {config.plot}")
    return 0


# --- configuration ------------------------------------------------------------------------------
@dataclass
class Task:
    name: str
    description: str
    X_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray | None
    Y_test: np.ndarray | None


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
    init: str | None
    initial: dict            # course-layout NumPy parameters, identical for every impl
    plot: object             # pathlib.Path or None


def _configure(args):
    """Check the arguments, load the data, make the initial parameters: a Config or UsageError."""
    defaults = DEFAULTS[args.model]
    impls = {"both": ["scratch", "tf"] + (["keras"] if args.model == "deep" else [])}.get(
        args.impl, [args.impl])
    if any(impl in ("tf", "keras") for impl in impls) \
            and importlib.util.find_spec("tensorflow") is None:
        raise UsageError(f"--impl {args.impl} needs TensorFlow, which is not installed: "
                         f"{TF_INSTALL_HINT}")
    plot = None
    if args.plot:
        from dlparity import plots

        try:
            plots.require_matplotlib()          # fail before training, not after it
            plot = plots.check_png_path(args.plot)
        except (plots.PlotUnavailable, ValueError) as error:
            raise UsageError(str(error)) from None

    iterations = defaults["iterations"] if args.iterations is None else args.iterations
    if iterations < 1:
        raise UsageError(f"--iterations: expected a positive integer, got {iterations}")
    learning_rate = defaults["learning_rate"] if args.lr is None else args.lr
    if not (math.isfinite(learning_rate) and learning_rate > 0):
        raise UsageError(f"--lr: expected a positive finite number, got {learning_rate}")
    if args.model != "deep":
        for flag, value in (("--activation", args.activation), ("--init", args.init)):
            if value is not None:
                raise UsageError(f"{flag} applies to the deep model only (the {args.model} "
                                 f"model has fixed activations and initialisation)")
    if args.model == "logistic" and args.seed is not None:
        raise UsageError("--seed: logistic regression starts from zeros, there is nothing to seed")

    task = load_task(args.dataset or defaults["dataset"], args.data, args.source, args.dtype)
    layers = _layers(args.model, args.layers, task, defaults["hidden"])
    L = len(layers) - 1
    activations = {"logistic": ["sigmoid"], "shallow": ["tanh", "sigmoid"]}.get(
        args.model, [args.activation or "relu"] * (L - 1) + ["sigmoid"])
    seed = args.seed if args.seed is not None else defaults.get("seed")
    init = args.init or defaults.get("init")
    initial = initial_parameters(args.model, layers, args.dtype, seed, init)
    if args.model == "shallow" and seed is None:
        seed = _shallow().DEFAULT_SEED
    return Config(args.model, impls, task, layers, activations, learning_rate, iterations,
                  args.dtype, seed, init, initial, plot)


def load_task(name, data_dir=None, source="auto", dtype="float64"):
    """The training (and, when the set has one, test) data in the course's layout and `dtype`."""
    dtype = np.dtype(dtype)
    try:
        if name == "cat":
            from conventions.datasets import cat_data

            X_train, Y_train, X_test, Y_test, description = cat_data(data_dir, source, dtype)
            label = "cat (synthetic)" if description.startswith("built-in") else "cat"
            return Task(label, description, X_train, Y_train, X_test, Y_test)
        if name == "football":
            if source == "synthetic":
                raise UsageError("--source synthetic: the football set has no built-in stand-in; "
                                 "use --source auto or real with the course's files")
            from conventions.planar_datasets import load_football_dataset

            X_train, Y_train, X_test, Y_test = load_football_dataset(data_dir)
            return Task(name, "football positions (course 2) from the course's files",
                        X_train.astype(dtype), Y_train.astype(dtype), X_test.astype(dtype),
                        Y_test.astype(dtype))
        from conventions import planar_datasets

        if name == "flower":
            X, Y = planar_datasets.load_planar_dataset()
            description = "built-in planar flower (400 points, the course's construction)"
        else:
            X, Y = planar_datasets.load_extra_datasets()[name]
            description = f"built-in {name.replace('_', ' ')} ({X.shape[1]} points, seed 0)"
        return Task(name, description, X.astype(dtype), Y.astype(dtype), None, None)
    except (FileNotFoundError, KeyError, OSError) as error:
        raise UsageError(f"--dataset {name}: {error}") from None


def _layers(model, requested, task, hidden):
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
    bad = [n for n in requested if n < 1]
    if bad:
        raise UsageError(f"--layers: sizes must be positive integers, got {requested}")
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
        from conventions import layout, logistic

        w, b = logistic.initialize_with_zeros(layers[0], dtype=dtype)
        return layout.logistic_to_parameters(w, b)
    if model == "shallow":
        shallow = _shallow()
        kwargs = {} if seed is None else {"seed": seed}
        return shallow.initialize_parameters(*layers, dtype=dtype, **kwargs)
    deep = importlib.import_module("scratch.deep")
    scale = float(init) if init[0].isdigit() else init
    return deep.initialize_parameters_deep(layers, scale=scale, dtype=dtype, seed=seed)


def _shallow():
    return importlib.import_module("scratch.shallow")


# --- training -----------------------------------------------------------------------------------
@dataclass
class Run:
    impl: str
    trainer: object
    iterations: list
    costs: list
    seconds: float
    parameters: dict
    train_accuracy: float
    test_accuracy: float | None


def block_size(iterations):
    """Iterations per block for the block-trained models: a multiple of 100 (the course's
    cost-recording interval) giving at most 20 blocks on long runs (a block has a fixed cost in
    the TF twin: new variables, a new optimiser, a new trace); about a tenth of a short run, so
    its curve still has ~10 points."""
    if iterations >= 1000:
        return 100 * math.ceil(iterations / 2000)
    return max(1, math.ceil(iterations / 10))


def train_all(config, progress_stream=None):
    return [train_one(config, impl, progress_stream) for impl in config.impls]


def train_one(config, impl, progress_stream=None):
    """Train one implementation from `config.initial`; returns a Run."""
    trainer = make_trainer(config, impl)
    bar = Progress(impl, config.iterations, progress_stream or sys.stderr)
    iterations, costs = [], []

    def report(i, cost):
        """Called by the trainer with the cost before iteration i's update."""
        iterations.append(int(i))
        costs.append(float(cost))
        bar.update(int(i), costs[-1])

    start = time.perf_counter()
    bar.update(0, None)
    try:
        trainer.train(config.iterations, report)
        final_cost = trainer.cost()
    except ValueError as error:       # the twins' input checks refuse non-finite parameters
        last = f" (last cost {costs[-1]:.6g} at iteration {iterations[-1]})" if costs else ""
        raise TrainingFailed(f"{impl}: training stopped{last}: {error}; if the cost was "
                             f"growing, try a smaller --lr") from error
    seconds = time.perf_counter() - start
    iterations.append(config.iterations)
    costs.append(final_cost)
    bar.close(config.iterations, final_cost, seconds)
    task = config.task
    train_accuracy = accuracy(trainer.predict(task.X_train), task.Y_train)
    test_accuracy = None if task.X_test is None else accuracy(trainer.predict(task.X_test),
                                                              task.Y_test)
    return Run(impl, trainer, iterations, costs, seconds, trainer.parameters(), train_accuracy,
               test_accuracy)


def accuracy(predictions, Y):
    """Percentage of predictions (1, m) of 0/1 equal to the labels Y (1, m)."""
    predictions = np.asarray(predictions).astype(np.float64).reshape(np.shape(Y))
    return float(np.mean(predictions == np.asarray(Y, dtype=np.float64)) * 100)


def make_trainer(config, impl):
    if impl == "keras":
        return KerasTrainer(config)
    module = importlib.import_module(f"{'scratch' if impl == 'scratch' else 'tfimpl'}."
                                     f"{config.model}")
    cls = {"logistic": LogisticTrainer, "shallow": ShallowTrainer, "deep": DeepTrainer}
    return cls[config.model](module, config)


def _numpy(parameters):
    return {name: np.asarray(value) for name, value in parameters.items()}


# Each trainer: train(iterations, report) calling report(i, cost) along the way, then cost() at
# the final parameters (training set), predict(X) -> (1, m) of 0/1, parameters() in the course
# layout as NumPy arrays.
class BlockTrainer:
    """Training by blocks: advance(n) runs the twin's optimiser for n iterations from the current
    parameters and returns the cost before the first of them."""

    def __init__(self, module, config):
        self.module, self.config = module, config

    def train(self, iterations, report):
        block, done = block_size(iterations), 0
        while done < iterations:
            n = min(block, iterations - done)
            report(done, self.advance(n))
            done += n


class LogisticTrainer(BlockTrainer):
    """`optimize(w, b, X, Y, n, lr)` of either twin, continued block after block."""

    def __init__(self, module, config):
        from conventions import layout

        super().__init__(module, config)
        self.layout = layout
        self.w, self.b = layout.logistic_from_parameters(config.initial)

    def advance(self, n):
        task = self.config.task
        params, _, costs = self.module.optimize(self.w, self.b, task.X_train, task.Y_train, n,
                                                self.config.learning_rate)
        self.w, self.b = params["w"], params["b"]
        return costs[0]

    def cost(self):
        task = self.config.task
        _, cost = self.module.propagate(self.w, self.b, task.X_train, task.Y_train)
        return float(cost)

    def predict(self, X):
        return np.asarray(self.module.predict(self.w, self.b, X))

    def parameters(self):
        return self.layout.logistic_to_parameters(np.asarray(self.w), np.asarray(self.b))


class ShallowTrainer(BlockTrainer):
    """`nn_model(..., initial_parameters=, return_costs=True)` of either twin, block by block."""

    def __init__(self, module, config):
        super().__init__(module, config)
        self.params = dict(config.initial)

    def advance(self, n):
        task = self.config.task
        self.params, costs = self.module.nn_model(
            task.X_train, task.Y_train, self.config.layers[1], num_iterations=n,
            learning_rate=self.config.learning_rate, initial_parameters=self.params,
            return_costs=True)
        return costs[0]

    def cost(self):
        task = self.config.task
        A2, _ = self.module.forward_propagation(task.X_train, self.params)
        return float(self.module.compute_cost(A2, task.Y_train))

    def predict(self, X):
        return np.asarray(self.module.predict(self.params, X))

    def parameters(self):
        return _numpy(self.params)


class DeepTrainer:
    """One call of either twin's `L_layer_model(..., initial_parameters=, activations=,
    progress=)`; its progress callback reports the cost every 100 iterations."""

    def __init__(self, module, config):
        self.module, self.config = module, config
        self.params = dict(config.initial)

    def train(self, iterations, report):
        task, config = self.config.task, self.config
        self.params, _ = self.module.L_layer_model(
            task.X_train, task.Y_train, config.layers, learning_rate=config.learning_rate,
            num_iterations=iterations, initial_parameters=self.params,
            activations=config.activations, progress=report)

    def cost(self):
        task = self.config.task
        AL, _ = self.module.L_model_forward(task.X_train, self.params,
                                            activations=self.config.activations)
        return float(self.module.compute_cost(AL, task.Y_train))

    def predict(self, X):
        return np.asarray(self.module.predict(X, None, self.params,
                                              activations=self.config.activations))

    def parameters(self):
        return _numpy(self.params)


class KerasTrainer:
    """The Keras fit path (`tfimpl.deep.fit_keras`): a keras.Sequential of Dense layers carrying
    the initial weights, trained by model.fit (one full batch per epoch); predictions and the
    final cost come from the trained Keras model itself. Logistic regression is the one-layer
    [n_x, 1] sigmoid network, the shallow model the [n_x, n_h, 1] tanh/sigmoid one."""

    def __init__(self, config):
        self.deep = importlib.import_module("tfimpl.deep")
        self.config = config
        self.params = dict(config.initial)
        self.model = None

    def train(self, iterations, report):
        task, config = self.config.task, self.config
        self.params, _ = self.deep.fit_keras(
            task.X_train, task.Y_train, self.params, activations=config.activations,
            learning_rate=config.learning_rate, num_iterations=iterations, progress=report)
        self.model = self.deep.to_keras(self.params, config.activations)

    def _output(self, X):
        from conventions import layout

        return np.asarray(self.model(layout.examples_to_rows(X))).T     # (1, m)

    def cost(self):
        task = self.config.task
        return float(self.deep.compute_cost(self._output(task.X_train), task.Y_train))

    def predict(self, X):
        return (self._output(X) > 0.5).astype(X.dtype)

    def parameters(self):
        return _numpy(self.params)


# --- output -------------------------------------------------------------------------------------
class Progress:
    """A one-line progress bar with the current cost, on a terminal; on a pipe or a file, a line
    at each quarter of the run (so logs stay short)."""

    WIDTH = 28

    def __init__(self, label, total, stream):
        self.label, self.total, self.stream = label, total, stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.next_quarter = 1

    def _line(self, done, cost):
        filled = self.WIDTH * done // self.total
        bar = "#" * filled + "." * (self.WIDTH - filled)
        shown = "" if cost is None else f"  cost {cost:.6f}"
        return f"{self.label:>8} [{bar}] {done:>{len(str(self.total))}}/{self.total}{shown}"

    def update(self, done, cost):
        if self.tty:
            print(f"\r\033[K{self._line(done, cost)}", end="", file=self.stream, flush=True)
        elif cost is not None and done < self.total and done * 4 >= self.next_quarter * self.total:
            self.next_quarter = 4 * done // self.total + 1
            print(self._line(done, cost), file=self.stream, flush=True)

    def close(self, done, cost, seconds):
        end = f"{self._line(done, cost)}  {seconds:.1f} s"
        print(f"\r\033[K{end}" if self.tty else end, file=self.stream, flush=True)


def bound(config):
    """The tolerance table's float trajectory bound for this run (dlparity.tolerances)."""
    from dlparity.tolerances import tolerance

    n = max(config.task.X_train.shape[1], *config.layers)
    return tolerance(config.dtype, "trajectory", n=n, steps=config.iterations)


def compare_runs(config, reference, other):
    """checker rows comparing two runs' final parameters and recorded costs."""
    from dlparity import checker

    return checker.compare(
        {"parameters": reference.parameters, "costs": np.array(reference.costs)},
        {"parameters": other.parameters, "costs": np.array(other.costs)},
        component=f"train {config.model}", check=f"{reference.impl} vs {other.impl}",
        dtype=config.dtype, tolerance=bound(config))


def print_summary(config, runs, stream=None):
    stream = stream or sys.stdout
    task = config.task
    m_test = "no test set" if task.X_test is None else f"{task.X_test.shape[1]} test examples"
    print(f"model: {config.model}, layers {config.layers}, activations "
          f"{' -> '.join(config.activations)}, {config.dtype}", file=stream)
    print(f"data: {task.description}: {task.X_train.shape[1]} train examples, {m_test}",
          file=stream)
    start = {"logistic": "zeros"}.get(config.model, f"seed {config.seed}"
                                      + (f", scale {config.init}" if config.init else ""))
    print(f"learning rate {config.learning_rate:g}, {config.iterations} iterations, initial "
          f"weights: {start} (the same for every implementation)", file=stream)
    print(file=stream)
    header = f"{'impl':<8} {'final cost':>12} {'train acc':>10} {'test acc':>10} {'time':>9}"
    print(header, file=stream)
    for r in runs:
        test = "-" if r.test_accuracy is None else f"{r.test_accuracy:.2f} %"
        print(f"{r.impl:<8} {r.costs[-1]:>12.6f} {r.train_accuracy:>8.2f} % {test:>10} "
              f"{r.seconds:>7.2f} s", file=stream)
    if len(runs) > 1:
        print(file=stream)
        limit = bound(config)
        above = False
        for other in runs[1:]:
            rows = compare_runs(config, runs[0], other)
            params = [r for r in rows if r.leaf.startswith("parameters.")]
            worst_abs = max(params, key=lambda r: r.max_abs)
            worst_rel = max(params, key=lambda r: r.max_rel)
            cost_row = next(r for r in rows if r.leaf == "costs")
            verdict = "within" if all(r.passed for r in rows) else "ABOVE"
            above = above or verdict == "ABOVE"
            print(f"max parameter difference {runs[0].impl} vs {other.impl}: "
                  f"{worst_abs.max_abs:.3g} (at {worst_abs.leaf.split('.', 1)[1]}); normwise "
                  f"relative: parameters {worst_rel.max_rel:.3g}, costs {cost_row.max_rel:.3g}, "
                  f"{verdict} the {config.dtype} trajectory bound {limit:.3g}", file=stream)
        if above:
            print("note: the bound assumes every step is stable (learning rate <= 2 / the largest "
                  "eigenvalue of the cost's Hessian); past that limit any rounding difference "
                  "grows geometrically, as in the course's planar run (lr 1.2) after iteration "
                  "~7130 (see dlparity/cases/shallow.py). Compare the accuracies, or run fewer "
                  "iterations or a smaller --lr.", file=stream)


def _plot_title(config):
    return (f"dl-parity train {config.model} {config.layers} on {config.task.name}, "
            f"{config.dtype}, lr {config.learning_rate:g}")


def _curves(runs):
    return [(r.impl, r.iterations, r.costs) for r in runs]


def _boundary(config, runs):
    X = config.task.X_train
    if X.shape[0] != 2:
        return None
    from dlparity.plots import boundary_grid

    grid, xs, ys = boundary_grid(X)
    grid = grid.astype(X.dtype)
    predictions = [(r.impl, xs, ys,
                    np.asarray(r.trainer.predict(grid), dtype=np.float64).reshape(len(ys),
                                                                                 len(xs)))
                   for r in runs]
    return {"X": X, "Y": config.task.Y_train, "predictions": predictions,
            "title": f"decision boundary on the training set ({config.task.name})"}

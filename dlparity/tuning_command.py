"""`dl-parity tune`: coarse-to-fine random search of a small network's hyperparameters.

The network is the course's [LINEAR -> RELU] -> LINEAR -> SIGMOID on a 2-D built-in set (the
moons or the flower), n_h hidden units, He initialisation, trained by mini-batch Adam
(random_mini_batches of 64, reshuffled every epoch with seed + epoch, as the course's model does)
for --epochs epochs — all through one twin's public functions (deep, optimization, tuning). Each
trial samples learning_rate on the log scale [1e-4, 1], beta1 through 1 - beta1 on [0.8, 0.999]
and n_h in {2, ..., 10}; the data is split into train and dev once (seeded); the table lists every
trial sorted by dev accuracy. A progress bar goes to stderr on a terminal only.
"""

import sys
import time

import numpy as np

from conventions import planar_datasets
from conventions.vocabulary import MINI_BATCH_SIZE, TUNING_SHRINK
from dlparity.training import options

SPACE = {"learning_rate": ("log", 1e-4, 1.0), "beta1": ("log_one_minus", 0.8, 0.999),
         "n_h": ("integer", 2, 10)}
DATASETS = ("moons", "flower")
IMPLS = ("scratch", "tf")
PACKAGES = {"scratch": "scratch", "tf": "tfimpl"}


def load(dataset, seed):
    """(X: (2, m), Y: (1, m)) float64 of the named built-in set."""
    if dataset == "moons":
        X, Y = planar_datasets.make_moons(n_samples=400, noise=0.2, seed=seed)
    else:
        X, Y = planar_datasets.load_planar_dataset()
    return X.astype(np.float64), Y.astype(np.float64)


def make_train(twin, epochs, seed):
    """train(hyperparameters, X_train, Y_train, X_dev, Y_dev) -> {"diverged", "train_accuracy",
    "dev_accuracy"} (percentages) for the twin's modules (impl "scratch" or "tf": scratch or tfimpl): deep,
    optimization. A step whose gradients are not finite (the sigmoid saturated to exactly 1 at a
    large learning rate) ends the trial, "diverged", scored with its last finite weights."""
    import importlib
    deep = importlib.import_module(f"{PACKAGES[twin]}.deep")
    optimization = importlib.import_module(f"{PACKAGES[twin]}.optimization")

    def train(h, X_train, Y_train, X_dev, Y_dev):
        parameters = deep.initialize_parameters_deep([X_train.shape[0], h["n_h"], 1], "he",
                                                     seed=seed)
        v, s = optimization.initialize_adam(parameters)
        t, diverged = 0, False
        for epoch in range(epochs):
            for X, Y in optimization.random_mini_batches(X_train, Y_train, MINI_BATCH_SIZE,
                                                         seed + epoch):
                with np.errstate(all="ignore"):
                    AL, caches = deep.L_model_forward(X, parameters)
                    grads = deep.L_model_backward(AL, Y, caches)
                grads = {k: g for k, g in grads.items() if not k.startswith("dA")}
                if not all(np.isfinite(np.asarray(g)).all() for g in grads.values()):
                    diverged = True          # a saturated sigmoid (AL = 1.0): -Y / AL ... is nan
                    break
                t += 1
                parameters, v, s = optimization.update_parameters_with_adam(
                    parameters, grads, v, s, t, h["learning_rate"], h["beta1"])
            if diverged:
                break
        accuracy = {"diverged": diverged}
        for name, X, Y in (("train", X_train, Y_train), ("dev", X_dev, Y_dev)):
            p = np.asarray(deep.predict(X, Y, parameters))
            accuracy[f"{name}_accuracy"] = float(100 * np.mean(p == np.asarray(Y)))
        return accuracy
    return train


def _progress():
    """progress(done, total) drawing a bar on stderr when it is a terminal; None otherwise."""
    if not sys.stderr.isatty():
        return None
    start = time.perf_counter()

    def progress(done, total):
        width = 28
        bar = "#" * (width * done // total) + "." * (width - width * done // total)
        print(f"\r\033[K  tune [{bar}] {done}/{total}  {time.perf_counter() - start:.1f} s",
              end="", file=sys.stderr, flush=True)
    return progress


def format_table(table, spaces, limit=None):
    lines = []
    for k, space in enumerate(spaces):
        ranges = ", ".join(f"{name} [{low:.4g}, {high:.4g}] ({scale})"
                           for name, (scale, low, high) in space.items())
        lines.append(f"round {k}: {ranges}")
    header = (f"{'rank':>4}  {'trial':>5}  {'round':>5}  {'learning_rate':>13}  {'beta1':>8}  "
              f"{'n_h':>3}  {'train_acc':>9}  {'dev_acc':>7}")
    diverged = sum(row.get("diverged", False) for row in table)
    lines += ["", header, "-" * len(header)]
    for rank, row in enumerate(table[:limit] if limit else table, start=1):
        lines.append(f"{rank:>4}  {row['trial']:>5}  {row['round']:>5}  {row['learning_rate']:>13.4e}  "
                     f"{row['beta1']:>8.5f}  {row['n_h']:>3}  {row['train_accuracy']:>9.2f}  "
                     f"{row['dev_accuracy']:>7.2f}" + ("  diverged" if row.get("diverged") else ""))
    if diverged:
        lines.append(f"{diverged} trial(s) diverged (non-finite gradients): scored with their last "
                     f"finite weights")
    return "\n".join(lines)


def run(args):
    import importlib

    from dlparity import plots

    if args.plot:
        try:
            plots.require_matplotlib()
            plots.check_png_path(args.plot)
        except (plots.PlotUnavailable, ValueError) as error:
            print(f"dl-parity tune: error: {error}", file=sys.stderr)
            return 2
    if args.impl == "tf" and importlib.util.find_spec("tensorflow") is None:
        print(f"dl-parity tune: --impl tf needs TensorFlow: {options.TF_INSTALL_HINT}",
              file=sys.stderr)
        return 2
    tuning = importlib.import_module(f"{PACKAGES[args.impl]}.tuning")
    X, Y = load(args.dataset, args.seed)
    split = [np.asarray(a) for a in tuning.train_dev_split(X, Y, 0.25, seed=args.seed)]
    progress = _progress()
    start = time.perf_counter()
    table, spaces = tuning.coarse_to_fine(make_train(args.impl, args.epochs, args.seed), SPACE,
                                          *split, n_trials=args.trials, rounds=args.rounds,
                                          shrink=TUNING_SHRINK, seed=args.seed, progress=progress)
    if progress:
        print("\r\033[K", end="", file=sys.stderr)
    seconds = time.perf_counter() - start
    print(f"dl-parity tune: {args.impl}, {args.dataset} ({split[0].shape[1]} train / "
          f"{split[2].shape[1]} dev), {args.rounds} rounds x {args.trials} trials, "
          f"{args.epochs} epochs of mini-batch Adam each, seed {args.seed}, {seconds:.1f} s")
    print(format_table(table, spaces, args.top))
    if args.plot:
        print(f"plot: {plots.plot_search(args.plot, table, spaces, title=f'{args.impl}, {args.dataset}')}")
    return 0


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "tune", help="coarse-to-fine random search of a small network's hyperparameters",
        description=(
            "Random search (not grid) of learning_rate (log scale, [1e-4, 1]), beta1 (through "
            "1 - beta1, [0.8, 0.999]) and the hidden units n_h ({2, ..., 10}) of the course's "
            "[LINEAR -> RELU] -> LINEAR -> SIGMOID network trained by mini-batch Adam on a "
            "built-in 2-D set; each round zooms to half the range around the best trial so far. "
            "Prints every trial sorted by dev accuracy (a progress bar on a terminal). "
            "Example: dl-parity tune --trials 20 --rounds 2 --plot search.png"),
        epilog="The same --seed gives the same split, trials and table.")
    parser.add_argument("--impl", choices=IMPLS, default="scratch",
                        help="the twin that samples and trains (default scratch; tf is slower)")
    parser.add_argument("--dataset", choices=DATASETS, default="moons",
                        help="built-in data: 400 noisy moons (default) or the course's flower")
    parser.add_argument("--trials", type=options.positive_int, default=16, metavar="N",
                        help="trials per round (default 16)")
    parser.add_argument("--rounds", type=options.positive_int, default=2, metavar="R",
                        help="coarse-to-fine rounds (default 2)")
    parser.add_argument("--epochs", type=options.positive_int, default=20, metavar="E",
                        help="epochs of mini-batch Adam per trial (default 20)")
    parser.add_argument("--seed", type=options.seed, default=1, metavar="N",
                        help=f"seed of the data, split, trials and weights, 0 .. {options.SEED_MAX}")
    parser.add_argument("--top", type=options.positive_int, metavar="K",
                        help="print only the best K rows")
    parser.add_argument("--plot", metavar="FILE.png",
                        help="plot the sampled points (log10 learning_rate, log10(1 - beta1)) "
                             "coloured by dev accuracy, each round's range drawn (needs matplotlib)")
    parser.set_defaults(run=run)
    return parser

"""`dl-parity train`: configure, train every implementation, print the summary, draw the plot.

    dl-parity train {logistic,shallow,deep} --impl {scratch,tf,keras,both}
        [--data PATH] [--source auto|real|synthetic] [--dataset NAME] [--layers N ...]
        [--activation NAME] [--init zeros|random|he|xavier|glorot_normal|glorot_uniform|S]
        [--lambd X] [--keep-prob K [K ...]] [--iterations N] [--lr X] [--seed N]
        [--dtype float64|float32] [--plot FILE.png]
    dl-parity train deep ... --optimizer {gd,momentum,rmsprop,adam} [--mini-batch N] [--beta B]
        [--beta1 B1] [--beta2 B2] [--epsilon E] [--decay {none,inverse_time,exponential,staircase}]
        [--decay-rate R] [--epochs N] [--save FILE.h5] [--resume FILE.h5]
        (mini-batch training, the optimisation assignment's model: dlparity.training.minibatch)
    dl-parity train deep --batchnorm ... [--save FILE.h5]   (the trained networks; no --resume)
    dl-parity train softmax ... [--plot FILE.png]           (2-D data: the argmax class regions)

Exit status: 0 done, 1 an implementation stopped (diverged), 2 bad arguments, 130 interrupted.
"""

import sys

import numpy as np

from dlparity.training.config import configure
from dlparity.training.options import UsageError
from dlparity.training.summary import print_summary
from dlparity.training.trainer import TrainingFailed, train_all


def run(args, parser=None):
    """Entry point of `dl-parity train`: returns the exit status (argument errors exit with 2)."""
    try:
        config = configure(args)
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


def _plot_title(config):
    model = config.model + (" --batchnorm" if getattr(config, "batchnorm", False) else "")
    extra = f", {config.optimizer}" if getattr(config, "mini_batch", False) else ""
    return (f"dl-parity train {model} {config.layers} on {config.task.name}, "
            f"{config.dtype}, lr {config.learning_rate:g}{extra}")


def _curves(runs):
    return [(r.impl, r.iterations, r.costs) for r in runs]


def _boundary(config, runs):
    """The decision regions on 2-D data: each implementation's own predict on boundary_grid's
    points, (len(ys), len(xs)) of 0/1 or, for softmax, of the argmax class 0 ... C - 1 (the
    argmax of the logits, which is the argmax of the softmax probabilities); None otherwise."""
    X = config.task.X_train
    if X.shape[0] != 2:
        return None
    from dlparity.plots import boundary_grid

    grid, xs, ys = boundary_grid(X)
    grid = grid.astype(X.dtype)
    predictions = [(r.impl, xs, ys,
                    np.asarray(r.predict(grid), dtype=np.float64).reshape(len(ys), len(xs)))
                   for r in runs]
    regions = {"X": X, "Y": config.task.Y_train, "predictions": predictions,
               "title": f"decision boundary on the training set ({config.task.name})"}
    if config.model == "softmax":
        regions.update(classes=config.classes,
                       title=f"argmax class regions ({config.task.name})")
    return regions

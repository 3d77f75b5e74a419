"""The summary of `dl-parity train`: what was trained on what, one row per implementation
(final cost, accuracies, time), and how far the twins ended apart against the tolerance table's
float trajectory bound (dlparity.tolerances)."""

import sys

import numpy as np


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
        _print_differences(config, runs, stream)


def _print_differences(config, runs, stream):
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

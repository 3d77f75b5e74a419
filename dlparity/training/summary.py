"""The summary of `dl-parity train`: what was trained on what, one row per implementation
(final cost, accuracies, time), and how far the twins ended apart against the tolerance table's
float trajectory bound (dlparity.tolerances)."""

import sys

import numpy as np


def bound(config):
    """The tolerance table's float trajectory bound for this run (dlparity.tolerances)."""
    from dlparity.tolerances import tolerance

    n = max(config.task.X_train.shape[1], *config.layers)
    if getattr(config, "mini_batch", False):          # per update: a mini-batch's sums
        n = max(min(config.mini_batch_size, config.task.X_train.shape[1]), *config.layers)
    return tolerance(config.dtype, "trajectory", n=n, steps=getattr(config, "steps",
                                                                      config.iterations))


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
    lambd, keep_prob = getattr(config, "lambd", None), getattr(config, "keep_prob", None)
    if lambd is not None or keep_prob:
        lambd = lambd or 0.0
        dropout = ("no dropout" if not keep_prob else "dropout keep_prob "
                   + ", ".join(f"{k:g}" for k in keep_prob)
                   + " (the course's masks: the same at every iteration)")
        print(f"regularisation: L2 lambd {lambd:g}, {dropout}", file=stream)
    if getattr(config, "mini_batch", False):
        print(f"mini-batches of {config.mini_batch_size} ({config.steps} updates: iterations are "
              f"epochs), optimizer {config.optimizer}"
              + (", batch norm before each hidden activation (b dropped; running statistics "
                 "compared with the parameters)" if config.batchnorm else ""), file=stream)
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


COURSE_NAMES = {"logistic": {"W1": "w", "b1": "b"}}     # the course's names in the summary


def _last_agreeing(reference, other, limit):
    """The last recorded iteration up to which the two runs' costs agree within `limit`
    (relative), or None when they part at the first one."""
    last = None
    for i, a, b in zip(reference.iterations, reference.costs, other.costs):
        if abs(a - b) > limit * max(abs(a), abs(b)):
            return last
        last = i
    return last


def _print_differences(config, runs, stream):
    limit = bound(config)
    above = []
    names = COURSE_NAMES.get(config.model, {})
    for other in runs[1:]:
        rows = compare_runs(config, runs[0], other)
        params = [r for r in rows if r.leaf.startswith("parameters.")]
        worst_abs = max(params, key=lambda r: r.max_abs)
        worst_rel = max(params, key=lambda r: r.max_rel)
        cost_row = next(r for r in rows if r.leaf == "costs")
        verdict = "within" if all(r.passed for r in rows) else "ABOVE"
        if verdict == "ABOVE":
            above.append(other)
        leaf = worst_abs.leaf.split(".", 1)[1]
        print(f"max parameter difference {runs[0].impl} vs {other.impl}: "
              f"{worst_abs.max_abs:.3g} (at {names.get(leaf, leaf)}); normwise "
              f"relative: parameters {worst_rel.max_rel:.3g}, costs {cost_row.max_rel:.3g}, "
              f"{verdict} the {config.dtype} trajectory bound {limit:.3g}", file=stream)
    for other in above:
        last = _last_agreeing(runs[0], other, limit)
        agreed = ("at no recorded iteration" if last is None
                  else f"up to iteration {last}" if last < runs[0].iterations[-1]
                  else "at every recorded cost")
        print(f"note: {runs[0].impl} and {other.impl} agree within rounding {agreed}; their "
              "final parameters differ by more than rounding can explain in a stable run. That "
              "is expected when the learning rate is too large for a stable step (above 2 / the "
              "largest curvature of the cost, as with the course's lr 1.2 on the flower after "
              "about 7130 iterations): from there any difference, even one in the last digit, "
              "grows step by step, so two correct implementations end in slightly different "
              "places. Compare the accuracies, or try a smaller --lr or fewer --iterations.",
              file=stream)

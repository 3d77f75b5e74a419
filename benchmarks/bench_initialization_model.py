"""Time the initialisation assignment's experiments (course 2, week 1) in both twins.

    python benchmarks/bench_initialization_model.py [--iterations 15000] [--eager-iterations 300]

For each scheme (zeros, random, he): initialization.model on the course's circles
(load_circles_dataset: 300 train / 100 test points), [2, 10, 5, 1], lr 0.01, from the same initial
weights, in
    scratch              scratch.initialization.model (NumPy)
    tfimpl compiled      tfimpl.initialization.model(compiled=True): 1000 iterations per graph
                         call (a tf.while_loop in one tf.function, cost recorded at its start)
    tfimpl eager         the same step eagerly (compiled=False), timed on --eager-iterations and
                         scaled to --iterations
with the train and test accuracies each run reaches (the course: 50/50, 83/86, 99.33/96 %) and
the wall time. The first compiled call includes tracing (~0.5 s).
"""

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def accuracy(X, Y, parameters):
    from scratch import deep
    p = deep.predict(X, Y, {k: np.asarray(v) for k, v in parameters.items()})
    return 100 * float(np.mean(p == Y))


def timed(call):
    start = time.perf_counter()
    result = call()
    return result, time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=15000)
    parser.add_argument("--eager-iterations", type=int, default=300)
    args = parser.parse_args(argv)
    from conventions.planar_datasets import load_circles_dataset
    from scratch import initialization as scratch
    from tfimpl import initialization as tfimpl
    train_X, train_Y, test_X, test_Y = load_circles_dataset()
    print(f"{'scheme':<8} {'implementation':<18} {'train %':>8} {'test %':>7} {'seconds':>9}")
    for scheme in ("zeros", "random", "he"):
        initial = getattr(scratch, f"initialize_parameters_{scheme}")([2, 10, 5, 1])
        runs = {
            "scratch": lambda n, i=initial: scratch.model(train_X, train_Y, 0.01, n, False,
                                                          initial_parameters=i),
            "tfimpl compiled": lambda n, i=initial: tfimpl.model(
                train_X, train_Y, 0.01, n, False, initial_parameters=i, compiled=True),
        }
        for name, run in runs.items():
            parameters, seconds = timed(lambda r=run: r(args.iterations))
            print(f"{scheme:<8} {name:<18} {accuracy(train_X, train_Y, parameters):>8.2f} "
                  f"{accuracy(test_X, test_Y, parameters):>7.2f} {seconds:>9.2f}")
        _, seconds = timed(lambda i=initial: tfimpl.model(
            train_X, train_Y, 0.01, args.eager_iterations, False, initial_parameters=i,
            compiled=False))
        print(f"{scheme:<8} {'tfimpl eager':<18} {'-':>8} {'-':>7} "
              f"{seconds * args.iterations / args.eager_iterations:>9.2f}  (scaled from "
              f"{args.eager_iterations} iterations)")


if __name__ == "__main__":
    main()

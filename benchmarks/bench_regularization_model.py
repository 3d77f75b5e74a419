"""Time the course's regularisation model (course 2, week 1) in both twins, side by side.

    python benchmarks/bench_regularization_model.py [--iterations 30000] [--repeats 3]
                                                    [--data DIR]

The assignment's runs on its football data (football_positions.h5 from --data, DLPARITY_DATA or
../shared/data; without it the built-in circles set of the same dimension, 300 points):
[2, 20, 3, 1], lr 0.3, no regularisation, L2 lambd 0.7, dropout keep_prob 0.86 (the course's
masks, the same at every iteration) and dropout with fresh masks every iteration (mask_seed a
RandomState). Each row: the median wall time of `model(...)` over the repeats (after one warm-up
call at 1000 iterations), and ms per iteration.

    scratch   scratch.regularization.model (NumPy)
    tf        tfimpl.regularization.model (1000 iterations per traced tf.while_loop, including
              one trace per call)
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SETTINGS = {
    "no regularisation": {},
    "L2 lambd 0.7": {"lambd": 0.7},
    "dropout 0.86 (course masks)": {"keep_prob": 0.86},
    "dropout 0.86 (fresh masks)": {"keep_prob": 0.86, "fresh": True},
}


def _data(directory):
    from conventions.planar_datasets import load_football_dataset, make_circles
    try:
        X, Y, _, _ = load_football_dataset(directory)
        return X, Y.astype(np.float64), "football (211 examples)"
    except (FileNotFoundError, OSError, ValueError):
        X, Y = make_circles(n_samples=300, noise=0.05, seed=1)
        return X, Y.astype(np.float64), "built-in circles (300 examples; football not found)"


def _time(module, X, Y, iterations, keywords):
    keywords = dict(keywords)
    if keywords.pop("fresh", False):
        keywords["mask_seed"] = np.random.RandomState(1)
    start = time.perf_counter()
    module.model(X, Y, num_iterations=iterations, print_cost=False, **keywords)
    return time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=30000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--data", default=None)
    args = parser.parse_args(argv)
    from scratch import regularization as scratch
    from tfimpl import regularization as tfimpl

    X, Y, description = _data(args.data)
    print(f"data: {description}; {args.iterations} iterations, median of {args.repeats}")
    print(f"{'setting':<30} {'scratch s':>10} {'tf s':>8} {'scratch ms/it':>14} {'tf ms/it':>9}")
    for name, keywords in SETTINGS.items():
        row = []
        for module in (scratch, tfimpl):
            _time(module, X, Y, 1000, keywords)                   # warm-up
            row.append(statistics.median(_time(module, X, Y, args.iterations, keywords)
                                         for _ in range(args.repeats)))
        per = [1000 * t / args.iterations for t in row]
        print(f"{name:<30} {row[0]:>10.2f} {row[1]:>8.2f} {per[0]:>14.3f} {per[1]:>9.3f}")


if __name__ == "__main__":
    main()

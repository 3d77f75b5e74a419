"""Time one batch-norm training step of one layer in every implementation.

    python benchmarks/bench_batchnorm.py [--repeats 7] [--steps 50] [--units 20 --units 100]
                                         [--m 256] [--dtype float64 ...] [--no-tf]

One step = the training-mode forward pass, the backward pass (dZ, dgamma, dbeta) for a given
upstream gradient, and the running averages of the batch's statistics, on Z: (n, m):
    scratch        scratch.batchnorm: batchnorm_forward, batchnorm_backward (hand-derived),
                   batch_statistics, update_running_stats (each checks its arguments)
    tfimpl eager   tfimpl.batchnorm, the same calls (TF ops; the backward a tape VJP)
    keras layer    keras.layers.BatchNormalization mapped by
                   tfimpl.keras_mapping.course_batch_normalization, called with training=True
                   under a tape (forward, moving statistics and gradients), eagerly
The table gives the median time per step over the repeats (after a warm-up) and the spread.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def inputs(n, m, dtype, seed=0):
    rng = np.random.default_rng(seed)
    Z = (rng.standard_normal((n, 1)) + rng.uniform(0.7, 3, (n, 1)) * rng.standard_normal((n, m)))
    return {"Z": Z.astype(dtype), "gamma": rng.standard_normal((n, 1)).astype(dtype),
            "beta": rng.standard_normal((n, 1)).astype(dtype),
            "dZ_tilde": rng.standard_normal((n, m)).astype(dtype),
            "running_mean": np.zeros((n, 1), dtype), "running_var": np.ones((n, 1), dtype)}


def twin_step(module, i):
    """One step with a twin's public functions; returns the new running statistics."""
    def step():
        _, cache = module.batchnorm_forward(i["Z"], i["gamma"], i["beta"], 1e-3)
        module.batchnorm_backward(i["dZ_tilde"], cache)
        mu, var = module.batch_statistics(i["Z"])
        return module.update_running_stats(i["running_mean"], i["running_var"], mu, var, 0.9)
    return step


def keras_step(i):
    import tensorflow as tf

    from tfimpl.keras_mapping import course_batch_normalization
    layer = course_batch_normalization(0.9, 1e-3, i["Z"].dtype.name, i["gamma"], i["beta"])
    x, dy = tf.constant(i["Z"].T), tf.constant(i["dZ_tilde"].T)

    def step():
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = layer(x, training=True)
        return tape.gradient(y, [x, layer.gamma, layer.beta], output_gradients=dy)
    return step


def per_step(step, steps, repeats):
    step()                                                 # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(steps):
            step()
        times.append((time.perf_counter() - start) / steps)
    return statistics.median(times), max(times) - min(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--units", type=int, action="append")
    parser.add_argument("--m", type=int, default=256)
    parser.add_argument("--dtype", action="append", choices=("float64", "float32"))
    parser.add_argument("--no-tf", action="store_true")
    args = parser.parse_args(argv)
    from scratch import batchnorm as scratch_bn
    print(f"{'n x m':<12} {'dtype':<8} {'implementation':<14} {'per step':>12} {'spread':>10}")
    for n in args.units or [20, 100]:
        for dtype in args.dtype or ["float64"]:
            i = inputs(n, args.m, dtype)
            rows = [("scratch", twin_step(scratch_bn, i))]
            if not args.no_tf:
                from tfimpl import batchnorm as tf_bn
                rows += [("tfimpl eager", twin_step(tf_bn, i)), ("keras layer", keras_step(i))]
            for name, step in rows:
                median, spread = per_step(step, args.steps, args.repeats)
                print(f"{f'{n} x {args.m}':<12} {dtype:<8} {name:<14} {median * 1e6:>9.1f} us "
                      f"{spread * 1e6:>7.1f} us")


if __name__ == "__main__":
    main()

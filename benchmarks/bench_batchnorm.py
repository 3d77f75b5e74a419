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

    python benchmarks/bench_batchnorm.py --network [--epochs 20] [--dtype float32 ...]

times instead one update of the batch-normalised L-layer network as each training loop runs it
(forward in training mode, cost, backward, running statistics, an Adam update of W, gamma, beta,
b), per mini-batch of 64, from the total time of `--epochs` epochs divided by the updates made:
    scratch             scratch.batchnorm.L_layer_model_bn (hand-derived backward pass)
    tfimpl eager        tfimpl.batchnorm.L_layer_model_bn(compiled=False): tape + CourseAdam
    tfimpl tf.function  the same step traced once (compiled=True)
    keras fit           tfimpl.batchnorm.fit_keras_bn: Dense(use_bias=False) + BatchNormalization
on two networks: "cat" [12288, 20, 7, 5, 1] on the built-in cat-format set (m = 209, 4 updates an
epoch) and "moons" [2, 10, 5, 1] on 300 noisy moons (5 updates an epoch).
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


NETWORKS = {"cat": [20, 7, 5], "moons": [10, 5]}


def network_data(name, dtype):
    if name == "cat":
        from conventions.datasets import cat_data
        X, Y, _, _, _ = cat_data(None, "synthetic", np.dtype(dtype))
    else:
        from conventions.planar_datasets import make_moons
        X, Y = make_moons(300, noise=0.2, seed=0)
    return X.astype(dtype), Y.astype(dtype), [X.shape[0], *NETWORKS[name], 1]


def network_trainers(X, Y, start, settings, no_tf):
    """[(label, train())] for one network and dtype."""
    from scratch import batchnorm as scratch_bn
    rows = [("scratch", lambda: scratch_bn.L_layer_model_bn(X, Y, None, initial_parameters=start,
                                                            **settings))]
    if no_tf:
        return rows
    from tfimpl import batchnorm as tf_bn
    for label, compiled in (("tfimpl eager", False), ("tfimpl tf.function", True)):
        rows.append((label, lambda c=compiled: tf_bn.L_layer_model_bn(
            X, Y, None, initial_parameters=start, compiled=c, **settings)))
    rows.append(("keras fit", lambda: tf_bn.fit_keras_bn(X, Y, start, **settings)))
    return rows


def network_rows(args):
    from scratch import batchnorm as scratch_bn
    print(f"{'network':<8} {'dtype':<8} {'implementation':<20} {'per update':>12} {'updates':>8}")
    for name in NETWORKS:
        for dtype in args.dtype or ["float64", "float32"]:
            X, Y, sizes = network_data(name, dtype)
            start = scratch_bn.initialize_parameters_bn(sizes, dtype=dtype, seed=1)
            settings = dict(optimizer="adam", learning_rate=0.001, mini_batch_size=64,
                            num_epochs=args.epochs)
            updates = args.epochs * -(-X.shape[1] // 64)
            for label, train in network_trainers(X, Y, start, settings, args.no_tf):
                begin = time.perf_counter()
                train()
                seconds = time.perf_counter() - begin
                print(f"{name:<8} {dtype:<8} {label:<20} {seconds / updates * 1e3:>9.2f} ms "
                      f"{updates:>8}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--units", type=int, action="append")
    parser.add_argument("--m", type=int, default=256)
    parser.add_argument("--dtype", action="append", choices=("float64", "float32"))
    parser.add_argument("--no-tf", action="store_true")
    parser.add_argument("--network", action="store_true",
                        help="time a training update of the batch-normalised network instead")
    parser.add_argument("--epochs", type=int, default=20)
    args = parser.parse_args(argv)
    if args.network:
        return network_rows(args)
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

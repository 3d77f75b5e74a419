"""Time one epoch of mini-batch Adam (the optimisation assignment's model) in every implementation.

    python benchmarks/bench_minibatch.py [--repeats 5] [--epochs 20] [--dtype float64 ...]
                                         [--network moons --network cat] [--no-tf]

One epoch = the course's loop over the mini-batches of 64 of one shuffled pass: per mini-batch a
forward pass, the summed cost, a backward pass and one Adam update (lr 0.0007, the course's
hyperparameters), on two networks:
    moons   [2, 5, 2, 1], m = 300 (the assignment's moons): 5 mini-batches (4 x 64 + 44); tiny
            work, per-call overhead dominates
    cat     [12288, 20, 7, 5, 1], m = 209 (the built-in synthetic cat-format set): 4 mini-batches
            (3 x 64 + 17); the matmuls over 12288 inputs weigh in
Rows:
    scratch              scratch.optimization.model (NumPy, OpenBLAS with its default threads)
    scratch, 1 thread    the same with OpenBLAS limited to one thread for this row (as in
                         bench_iteration.py; shown when it runs more than one)
    tfimpl eager         tfimpl.optimization.model(compiled=False): tape + CourseAdam, op by op
    tfimpl tf.function   tfimpl.optimization.model(compiled=True): one traced graph per epoch
    keras fit            keras.Sequential (tfimpl.deep.to_keras) compiled with CourseAdam and
                         BinaryCrossentropy, model.fit on a tf.data set batched by 64 (reshuffled
                         each epoch by tf.data, not by the course's seeds: its speed, not its
                         numbers)
Each row's loop object is made once (scratch: model() resumed from its checkpoint, whose fixed
cost is a few checks; TF: the EpochRunner model() uses, its graph traced once; Keras: one compiled
model, fit(epochs=N)), warmed up, then N epochs are timed, per repeat; median and spread.
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
sys.path.insert(0, str(Path(__file__).resolve().parent))        # bench_iteration's BLAS helpers

LEARNING_RATE = 0.0007
WARMUP_EPOCHS = 2
NETWORKS = {"moons": [2, 5, 2, 1], "cat": [12288, 20, 7, 5, 1]}
SLOW_ROWS = ("tfimpl eager",)


def network_data(name, dtype):
    if name == "cat":
        from conventions.datasets import cat_data
        X, Y, _, _, _ = cat_data(source="synthetic", dtype=dtype)
        return X, Y.astype(dtype)
    from conventions.planar_datasets import load_moons_dataset
    X, Y = load_moons_dataset()
    return X.astype(dtype), Y.astype(dtype)


def per_epoch(run, epochs, repeats):
    """Median and spread (seconds per epoch) of run(N) / N over `repeats`, after a warm-up;
    run(n) trains n more epochs on an object made once (its variables, optimizer and traced
    graph reused), so no fixed cost enters."""
    run(WARMUP_EPOCHS)
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        run(epochs)
        samples.append((time.perf_counter() - start) / epochs)
    return statistics.median(samples), min(samples), max(samples)


def trainers(name, dtype, use_tf):
    """[(label, run(n))]: each row's n more epochs of its own loop."""
    X, Y = network_data(name, dtype)
    layers = NETWORKS[name]
    from scratch import optimization as scratch_optimization

    state = {"checkpoint": None}

    def scratch_run(n):          # model() resumed from its own checkpoint: n more epochs
        state["checkpoint"] = scratch_optimization.model(
            X, Y, layers, "adam", LEARNING_RATE, num_epochs=n, print_cost=False,
            resume=state["checkpoint"], return_checkpoint=True)[2]

    rows = [("scratch", scratch_run)]
    from bench_iteration import one_blas_thread, openblas

    blas = openblas()
    if blas is not None and blas["get_threads"]() > 1:
        rows.append(("scratch, 1 thread", one_blas_thread(blas, scratch_run)))
    if not use_tf:
        return rows
    import keras
    import tensorflow as tf

    from conventions import minibatch_training
    from tfimpl import deep, keras_mapping
    from tfimpl.minibatch_training import EpochRunner

    start = scratch_optimization.model(X, Y, layers, "adam", num_epochs=0, print_cost=False,
                                       return_checkpoint=True)[2]
    for label, compiled in (("tfimpl eager", False), ("tfimpl tf.function", True)):
        runner = EpochRunner(tf.constant(X), tf.constant(Y), start["parameters"],
                             minibatch_training.activations_for(len(layers) - 1), "adam",
                             LEARNING_RATE, 64, 0.9, 0.9, 0.999, 1e-8, start["optimizer"],
                             compiled)
        seeds = iter(range(minibatch_training.FIRST_SEED + 1, 10**9))
        rows.append((label, lambda n, r=runner, s=seeds: [r.epoch(next(s)) for _ in range(n)]))
    dataset = tf.data.Dataset.from_tensor_slices((X.T, Y.T)).shuffle(X.shape[1], seed=1).batch(64)
    model = deep.to_keras(start["parameters"])
    model.compile(optimizer=keras_mapping.course_adam(LEARNING_RATE, 0.9, 0.999, 1e-8,
                                                      np.dtype(dtype)),
                  loss=keras.losses.BinaryCrossentropy(dtype=dtype), jit_compile=False)
    rows.append(("keras fit", lambda n: model.fit(dataset, epochs=n, verbose=0)))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=20, help="N (moons: 10 N)")
    parser.add_argument("--dtype", action="append", choices=("float64", "float32"))
    parser.add_argument("--network", action="append", choices=tuple(NETWORKS))
    parser.add_argument("--no-tf", action="store_true")
    args = parser.parse_args(argv)
    dtypes = args.dtype or ["float64", "float32"]
    networks = args.network or list(NETWORKS)
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    busy_before = _busy()
    print(f"one epoch of mini-batch Adam (batches of 64, lr {LEARNING_RATE}): "
          f"moons {NETWORKS['moons']} m = 300, cat {NETWORKS['cat']} m = 209")
    print(f"timing: median of {args.repeats} repeats of T(N epochs) / N, N = {args.epochs} "
          f"(cat), {10 * args.epochs} (moons), a tenth of that for the eager row\n")
    print(f"{'network':<8} {'dtype':<8} {'implementation':<20} {'ms/epoch':>9} {'min-max ms':>15}")
    print("-" * 64)
    ratios = []
    for name in networks:
        for dtype in dtypes:
            medians = {}
            for label, train in trainers(name, dtype, not args.no_tf):
                epochs = args.epochs * (10 if name == "moons" else 1)
                if label in SLOW_ROWS:                 # ~1 s an epoch: a tenth of the epochs
                    epochs = max(2, epochs // 10)
                median, low, high = per_epoch(train, epochs, args.repeats)
                medians[label] = median
                print(f"{name:<8} {dtype:<8} {label:<20} {median * 1e3:>9.2f} "
                      f"{low * 1e3:>7.2f}-{high * 1e3:<7.2f}", flush=True)
            for row in ("scratch", "scratch, 1 thread"):
                if row in medians and "tfimpl tf.function" in medians:
                    ratios.append((name, dtype, row,
                                   medians[row] / medians["tfimpl tf.function"]))
    print()
    for name, dtype, row, ratio in ratios:
        verdict = "faster" if ratio <= 1 else "SLOWER"
        print(f"{name}: {row} / tf.function, {dtype}: {ratio:.2f} (scratch is {verdict})")
    busy = _busy()
    if busy_before is not None and busy is not None:
        others = (busy - busy_before - (time.process_time() - start_cpu)) / (
            time.perf_counter() - start_wall)
        print(f"other processes kept {max(others, 0):.2f} of {os.cpu_count()} cores busy on "
              f"average during the run")


def _busy():
    """Seconds of busy CPU time (all cores) since boot, from /proc/stat (None elsewhere)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    ticks = [int(x) for x in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()

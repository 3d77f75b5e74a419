"""Time one training iteration of the course's networks in every implementation.

    python benchmarks/bench_iteration.py [--repeats 7] [--iterations 40] [--dtype float64 ...]
                                         [--network cat --network circles] [--no-tf]
                                         [--no-keras] [--matmul-size 2048]

One iteration = forward pass, cost, backward pass and parameter update, on two networks:
    cat       [12288, 20, 7, 5, 1], m = 209 (the built-in synthetic cat-format set): course 1's
              application, where the matmuls over the 12288 inputs dominate;
    circles   [2, 10, 5, 1], m = 300 (course 2's noisy circles): a small network, where the
              per-call overhead of each implementation dominates.
Each implementation runs it as its own training loop does:
    scratch              scratch.deep.L_layer_model (NumPy, OpenBLAS with its default threads)
    scratch, 1 thread    the same with OpenBLAS limited to one thread (set through numpy's
                         bundled OpenBLAS by ctypes, for this row only; shown when it has more)
    tfimpl eager         tfimpl.deep.L_layer_model(compiled=False) (tape + Keras SGD, eager)
    tfimpl tf.function   tfimpl.deep.L_layer_model(compiled=True)  (the same step as one graph)
    keras fit            tfimpl.deep.fit_keras (model.fit, one full batch per epoch)
    course loop          the course's loop written with tfimpl.deep's public functions, eagerly:
                         L_model_forward, compute_cost, L_model_backward, update_parameters
                         (each checks its arguments; the backward and the update run as graphs
                         traced on the first calls, see tfimpl.deep._in_graph and tfimpl.graphs.SGDStep)
    course loop, graph   the same kernels (_L_model_forward, _compute_cost, _L_model_backward,
                         _update_parameters) composed in one tf.function: the loop compiled
Each call has a fixed cost (input checks; for TF, variables, optimiser and tracing), so a
repeat times a call of k iterations and a call of k + N iterations and takes the difference / N:
the per-iteration cost with the fixed cost cancelled (circles: N = 10 x --iterations, its
iterations being short). The table gives the median over the repeats (after a warm-up call) and
the spread.

FLOPs: the matmuls of forward + backward, 2 * n_l * n_{l-1} * m each; per layer Z = W A_prev,
dW = dZ A_prev.T, dA_prev = W.T dZ, except dA0 (layer 1), which training does not need.
Element-wise work is left out (it is < 0.1 % of the count here). Achieved GFLOP/s is set against
a large NumPy matmul (n x n by n x n, 2 n^3 FLOPs) timed in the same run, per dtype.
"""

import argparse
import ctypes
import glob
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# Time this checkout's code, not an installed copy (the script's own directory is what Python
# puts first on sys.path).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LEARNING_RATE = 0.0075
WARMUP_ITERATIONS = 5
# name -> (layers, m, iterations timed per --iterations)
NETWORKS = {"cat": ([12288, 20, 7, 5, 1], 209, 1), "circles": ([2, 10, 5, 1], 300, 10)}


def network_data(name, dtype):
    """X, Y of the named network's data set in `dtype`."""
    if name == "cat":
        from conventions.datasets import cat_data
        X, Y, _, _, _ = cat_data(source="synthetic", dtype=dtype)
        return X, Y
    from conventions.planar_datasets import make_circles
    X, Y = make_circles(NETWORKS[name][1], noise=0.05, seed=1)    # course 2's train set
    return X.astype(dtype), Y.astype(dtype)


def matmul_flops(layers, m):
    """FLOPs of the matmuls of one forward + backward pass (dA0 excluded)."""
    return sum(2 * layers[l] * layers[l - 1] * m * (2 if l == 1 else 3)
               for l in range(1, len(layers)))


def per_iteration(train, iterations, repeats):
    """Median and spread (seconds per iteration) of (T(k + N) - T(k)) / N over `repeats`."""
    train(WARMUP_ITERATIONS)
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        train(WARMUP_ITERATIONS)
        short = time.perf_counter() - start
        start = time.perf_counter()
        train(WARMUP_ITERATIONS + iterations)
        long = time.perf_counter() - start
        samples.append((long - short) / iterations)
    return statistics.median(samples), min(samples), max(samples)


def matmul_gflops(dtype, n, repeats=5):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((n, n)).astype(dtype), rng.standard_normal((n, n)).astype(dtype)
    a @ b
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - start)
    return 2 * n**3 / statistics.median(times) / 1e9


def openblas():
    """numpy's bundled OpenBLAS as {"config", "corename", "get_threads", "set_threads"}
    (ctypes functions), or None when it cannot be found (another BLAS, another layout)."""
    package = Path(np.__file__).parent
    candidates = glob.glob(str(package.parent / "numpy.libs" / "*openblas*"))
    candidates += glob.glob(str(package / ".libs" / "*openblas*"))
    for path in candidates:
        try:
            lib = ctypes.CDLL(path)                 # already loaded by numpy: the same library
        except OSError:
            continue
        for prefix, suffix in (("scipy_openblas_", "64_"), ("scipy_openblas_", ""),
                               ("openblas_", "64_"), ("openblas_", "")):
            try:
                functions = {key: getattr(lib, f"{prefix}{name}{suffix}") for key, name in (
                    ("config", "get_config"), ("corename", "get_corename"),
                    ("get_threads", "get_num_threads"), ("set_threads", "set_num_threads"))}
            except AttributeError:
                continue
            functions["config"].restype = functions["corename"].restype = ctypes.c_char_p
            return functions
    return None


def openblas_info(blas):
    if blas is None:
        return "BLAS details unavailable (see numpy.show_config())"
    return (f"{blas['config']().decode().strip()}; running core {blas['corename']().decode()}, "
            f"{blas['get_threads']()} threads")


def one_blas_thread(blas, train):
    """`train` run with OpenBLAS limited to one thread (restored afterwards)."""
    def wrapped(k):
        threads = blas["get_threads"]()
        blas["set_threads"](1)
        try:
            return train(k)
        finally:
            blas["set_threads"](threads)
    return wrapped


class OtherLoad:
    """How many cores other processes (and the hypervisor: steal time) kept busy while this one
    ran: the system's busy CPU time from /proc/stat minus this process's own CPU time (all its
    threads), over the wall time. None where /proc/stat is missing."""

    def __init__(self):
        self.start = self._sample()

    @staticmethod
    def _sample():
        try:
            with open("/proc/stat") as f:
                fields = [int(x) for x in f.readline().split()[1:]]
        except (OSError, ValueError):
            return None
        user, nice, system, idle, iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
        busy = (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")
        return busy, time.process_time(), time.perf_counter()

    def cores(self):
        end = self._sample()
        if self.start is None or end is None:
            return None
        (busy0, own0, wall0), (busy1, own1, wall1) = self.start, end
        return max(0.0, ((busy1 - busy0) - (own1 - own0)) / (wall1 - wall0))


def environment_lines(with_tf, blas):
    lines = [f"machine: {os.cpu_count()} logical cores",
             f"numpy {np.__version__}: {openblas_info(blas)}"]
    blas_env = {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
                                           "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")
                if k in os.environ}
    lines.append(f"BLAS environment: {blas_env or 'none set'}")
    if with_tf:
        import tensorflow as tf

        intra = tf.config.threading.get_intra_op_parallelism_threads()
        lines.append(f"tensorflow {tf.__version__}: intra-op threads "
                     f"{intra or 'default (one per core)'}")
    return lines


def course_loop(X, Y, parameters):
    """train(k): k iterations of the course's loop from tfimpl.deep's public functions."""
    from tfimpl import deep as tf_deep

    def train(k):
        p = parameters
        for _ in range(k):
            AL, caches = tf_deep.L_model_forward(X, p)
            tf_deep.compute_cost(AL, Y)
            grads = tf_deep.L_model_backward(AL, Y, caches)
            p = tf_deep.update_parameters(p, grads, LEARNING_RATE)
        return p
    return train


def course_loop_graph(X, Y, parameters):
    """train(k): the same loop's body, from the same kernels, traced once as one tf.function."""
    import tensorflow as tf

    from tfimpl import deep as tf_deep

    X, Y = tf.constant(X), tf.constant(Y)
    activations = tf_deep.default_activations(len(parameters) // 2)

    @tf.function(autograph=False, jit_compile=False)
    def step(p):
        AL, caches = tf_deep._L_model_forward(X, p, activations)
        tf_deep._compute_cost(AL, Y)
        grads = tf_deep._L_model_backward(AL, Y, caches, activations)
        return tf_deep._update_parameters(p, grads, LEARNING_RATE)

    start = {k: tf.constant(v) for k, v in parameters.items()}

    def train(k):
        p = start
        for _ in range(k):
            p = step(p)
        return p
    return train


def implementations(X, Y, parameters, with_tf, with_keras, blas):
    """[(name, train(k))]: each runs k iterations from `parameters` in one call."""
    from scratch import deep as scratch_deep

    def scratch(k):
        return scratch_deep.L_layer_model(X, Y, None, LEARNING_RATE, k,
                                          initial_parameters=parameters)

    impls = [("scratch", scratch)]
    if blas is not None and blas["get_threads"]() > 1:
        impls.append(("scratch, 1 thread", one_blas_thread(blas, scratch)))
    if with_tf:
        from tfimpl import deep as tf_deep

        impls += [
            ("tfimpl eager", lambda k: tf_deep.L_layer_model(
                X, Y, None, LEARNING_RATE, k, initial_parameters=parameters, compiled=False)),
            ("tfimpl tf.function", lambda k: tf_deep.L_layer_model(
                X, Y, None, LEARNING_RATE, k, initial_parameters=parameters, compiled=True)),
        ]
        if with_keras:
            impls.append(("keras fit", lambda k: tf_deep.fit_keras(
                X, Y, parameters, learning_rate=LEARNING_RATE, num_iterations=k)))
        impls += [("course loop", course_loop(X, Y, parameters)),
                  ("course loop, graph", course_loop_graph(X, Y, parameters))]
    return impls


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=7, help="timed repeats (median reported)")
    parser.add_argument("--iterations", type=int, default=40,
                        help="N: iterations timed per repeat (beyond the fixed-cost call)")
    parser.add_argument("--dtype", action="append", choices=["float64", "float32"])
    parser.add_argument("--no-tf", action="store_true", help="scratch only")
    parser.add_argument("--no-keras", action="store_true", help="skip the Keras fit path")
    parser.add_argument("--matmul-size", type=int, default=2048)
    parser.add_argument("--network", action="append", choices=list(NETWORKS),
                        help="network(s) to time (default: all)")
    args = parser.parse_args(argv)
    other_load = OtherLoad()
    if args.repeats < 1 or args.iterations < 1:
        parser.error("--repeats and --iterations must be positive")
    with_tf = not args.no_tf
    if with_tf:
        import importlib.util

        if importlib.util.find_spec("tensorflow") is None:
            print("tensorflow is not installed: timing scratch only "
                  '(pip install "dl-parity[tf]" for the tf columns)', file=sys.stderr)
            with_tf = False
    dtypes = args.dtype or ["float64", "float32"]
    networks = args.network or list(NETWORKS)

    from scratch.deep import initialize_parameters_deep

    for name in networks:
        layers, m, _ = NETWORKS[name]
        print(f"{name}: one training iteration (forward + cost + backward + update) of {layers} "
              f"on m = {m}: {matmul_flops(layers, m) / 1e6:.2f} MFLOP of matmuls")
    blas = openblas()
    for line in environment_lines(with_tf, blas):
        print(line)
    peaks = {d: matmul_gflops(np.dtype(d), args.matmul_size) for d in dtypes}
    n = args.matmul_size
    print(f"numpy matmul {n}x{n} @ {n}x{n}: "
          + ", ".join(f"{d} {g:.1f} GFLOP/s" for d, g in peaks.items()))
    print(f"timing: median of {args.repeats} repeats of (T({WARMUP_ITERATIONS} + N) - "
          f"T({WARMUP_ITERATIONS})) / N, N = " + ", ".join(
              f"{args.iterations * NETWORKS[name][2]} ({name})" for name in networks)
          + ", after a warm-up call")
    print()
    header = (f"{'network':<8} {'dtype':<8} {'implementation':<19} {'ms/iter':>8} "
              f"{'min-max ms':>13} {'GFLOP/s':>8} {'% of matmul':>12}")
    print(header)
    print("-" * len(header))
    results = {}
    for name in networks:
        layers, m, scale = NETWORKS[name]
        flops = matmul_flops(layers, m)
        for dtype in dtypes:
            X, Y = network_data(name, np.dtype(dtype))
            parameters = initialize_parameters_deep(layers, "xavier", dtype=np.dtype(dtype),
                                                    seed=1)
            for impl, train in implementations(X, Y, parameters, with_tf, not args.no_keras,
                                               blas):
                median, low, high = per_iteration(train, args.iterations * scale, args.repeats)
                results[(name, dtype, impl)] = median
                gflops = flops / median / 1e9
                print(f"{name:<8} {dtype:<8} {impl:<19} {median * 1e3:>8.2f} "
                      f"{f'{low * 1e3:.2f}-{high * 1e3:.2f}':>13} {gflops:>8.2f} "
                      f"{100 * gflops / peaks[dtype]:>11.1f}%", flush=True)
    print()
    if with_tf:
        for name in networks:
            for dtype in dtypes:
                for impl in ("scratch", "scratch, 1 thread"):
                    if (name, dtype, impl) not in results:
                        continue
                    ratio = results[(name, dtype, impl)] / results[(name, dtype,
                                                                     "tfimpl tf.function")]
                    verdict = "scratch is faster" if ratio < 1 else "scratch is SLOWER"
                    print(f"{name}: {impl} / tf.function, {dtype}: {ratio:.2f} ({verdict})")
    others = other_load.cores()
    if others is not None:
        print(f"other processes kept {others:.2f} of {os.cpu_count()} cores busy on average "
              f"during the run"
              + (": the figures are disturbed (multi-threaded BLAS suffers most; rerun on an "
                 "idle machine)" if others > 0.2 else " (an idle machine: figures are clean)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

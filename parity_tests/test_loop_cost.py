"""The course's loop composed from tfimpl.deep's public functions leaves nothing behind: counts, never
timings (the speed is in benchmarks/bench_iteration.py).

The loop, as the notebooks and every course-2 assignment write it, on course 2's circles network
[2, 10, 5, 1] with m = 300:
    AL, caches = L_model_forward(X, parameters)
    cost = compute_cost(AL, Y)
    grads = L_model_backward(AL, Y, caches)
    parameters = update_parameters(parameters, grads, learning_rate)

What grew before. Each update_parameters built a new Keras optimizer and new named variables.
Python frees those objects (gc sees no growth), but every named tf.Variable or keras.Variable
leaves some 35 KB in TensorFlow's native runtime for the life of the process (measured: 2000
`keras.Variable`s or named `tf.Variable`s add 70 MB of resident memory; anonymous `tf.Variable`s
add none), so the loop's resident memory grew by ~35 KB per variable and ~7 variables per iteration:
1.6 GB after ~15 000 iterations. Neither gc nor tracemalloc sees native memory, so the test counts
what makes it grow:
1. variables created while the loop runs (`tf.variable_creator_scope` sees every tf.Variable and
   keras.Variable being made): none, once the first call of its kind has built the update's
   variables and optimizer. The old update made 7 per iteration (6 parameters and the
   optimizer's iteration count).
2. live Python objects whose type comes from tensorflow, keras or tfimpl (gc.get_objects): as
   many after WARMUP + ITERATIONS iterations as after WARMUP. Anything kept per call (a cache
   without bound, a trace per call, a history) adds at least one object per iteration.
ITERATIONS = 200: a leak of one variable or object per iteration shows as >= 200, against a
margin of ITERATIONS // 10 for objects a library makes once on first use; the loop runs in ~1 s.
Each count has a wrong variant installed by kernel name that it must catch.
"""

import collections
import gc

import numpy as np
import pytest

from conventions.planar_datasets import make_circles

tf = pytest.importorskip("tensorflow")
tf_deep = pytest.importorskip("tfimpl.deep")
from tfimpl import graphs  # noqa: E402
from tfimpl.keras_mapping import course_sgd  # noqa: E402

LAYERS = [2, 10, 5, 1]
M = 300
LEARNING_RATE = 0.01
WARMUP = 20             # the first calls build the update's step and trace the backward graph
ITERATIONS = 200
MODULES = ("tensorflow", "keras", "tfimpl")


def _circles():
    X, Y = make_circles(M, noise=0.05, seed=1)         # course 2's train set: 300 noisy circles
    return X, Y.astype(np.float64)


def course_loop(X, Y, parameters, iterations):
    for _ in range(iterations):
        AL, caches = tf_deep.L_model_forward(X, parameters)
        tf_deep.compute_cost(AL, Y)
        grads = tf_deep.L_model_backward(AL, Y, caches)
        parameters = tf_deep.update_parameters(parameters, grads, LEARNING_RATE)
    return parameters


def live_objects():
    """{top-level module: live gc-tracked objects of its types} for tensorflow, keras, tfimpl."""
    gc.collect()
    counts = collections.Counter()
    for obj in gc.get_objects():
        module = type(obj).__module__
        if isinstance(module, str) and module.split(".")[0] in MODULES:
            counts[module.split(".")[0]] += 1
    return counts


def variables_created(run):
    """How many tf.Variable / keras.Variable objects `run()` creates."""
    created = []

    def creator(next_creator, **kwargs):
        created.append(kwargs.get("name"))
        return next_creator(**kwargs)

    with tf.variable_creator_scope(creator):
        run()
    return len(created)


def _loop_growth():
    X, Y = _circles()
    parameters = course_loop(X, Y, tf_deep.initialize_parameters_deep(LAYERS, "he", seed=3), WARMUP)
    before = live_objects()
    created = variables_created(lambda: course_loop(X, Y, parameters, ITERATIONS))
    after = live_objects()
    return created, {m: after[m] - before[m] for m in MODULES}


# --- deliberately wrong updates (installed by kernel name) -----------------------------------------
def _update_with_a_fresh_optimizer(parameters, grads, learning_rate):
    """The former update: new named variables and a new Keras optimizer on every call."""
    variables = {k: tf.Variable(v, name=k) for k, v in parameters.items()}
    course_sgd(learning_rate, variables["W1"].dtype).apply_gradients(
        [(grads[f"d{k}"], v) for k, v in variables.items()])
    return {k: tf.convert_to_tensor(v) for k, v in variables.items()}


_HISTORY = []


def _update_keeping_every_step(parameters, grads, learning_rate):
    """A cache without bound: every call's result kept (as a per-call trainer cache would)."""
    updated = _UPDATE(parameters, grads, learning_rate)
    _HISTORY.append(dict(updated))
    return updated


_UPDATE = tf_deep._update_parameters


# --- the counts ------------------------------------------------------------------------------------
def test_the_course_loop_creates_no_variables_and_keeps_no_objects():
    created, growth = _loop_growth()
    assert created == 0, f"{created} variables created over {ITERATIONS} iterations"
    assert all(g < ITERATIONS // 10 for g in growth.values()), (
        f"live objects grew by {growth} over {ITERATIONS} iterations")


def test_a_fresh_optimizer_per_update_is_caught(monkeypatch):
    monkeypatch.setattr(tf_deep, "_update_parameters", _update_with_a_fresh_optimizer)
    created, _ = _loop_growth()
    assert created >= ITERATIONS, f"only {created} variables counted"


def test_an_update_that_keeps_every_step_is_caught(monkeypatch):
    monkeypatch.setattr(tf_deep, "_update_parameters", _update_keeping_every_step)
    try:
        _, growth = _loop_growth()
    finally:
        _HISTORY.clear()
    assert growth["tensorflow"] >= ITERATIONS, f"live objects grew by only {growth}"


def test_kept_steps_and_graphs_are_bounded():
    rng = np.random.default_rng(0)
    for n in range(1, 2 * graphs.KEEP_SGD_STEPS + 2):
        sizes = [n, n + 1, 1]
        parameters = {k: rng.standard_normal(v.shape) for k, v in
                      tf_deep.initialize_parameters_deep(sizes, seed=n).items()}
        X = rng.standard_normal((n, 3))
        for _ in range(2):                          # twice: the second call traces a graph
            AL, caches = tf_deep.L_model_forward(X, parameters)
            grads = tf_deep.L_model_backward(AL, np.ones((1, 3)), caches)
            tf_deep.update_parameters(parameters, grads, 0.1)
    assert len(graphs.SGD_STEPS) <= graphs.KEEP_SGD_STEPS
    assert len(tf_deep._GRAPHS) <= tf_deep._KEEP_GRAPHS


# --- the reused step is exactly a fresh Keras optimizer's step ------------------------------------
def _fresh_sgd_step(parameters, grads, learning_rate):
    variables = {k: tf.Variable(v) for k, v in parameters.items()}
    course_sgd(learning_rate, variables["W1"].dtype).apply_gradients(
        [(tf.constant(grads[f"d{k}"]), v) for k, v in variables.items()])
    return {k: v.numpy() for k, v in variables.items()}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_reused_update_is_bit_identical_to_a_fresh_optimizer(dtype):
    """Calls alternate between networks, learning rates and dtypes, so steps are reused, evicted
    and rebuilt; every result equals a fresh course_sgd's on fresh variables, and W - lr * dW."""
    rng = np.random.default_rng(1)
    networks = [[3, 3, 1], [2, 10, 5, 1], [4, 1], [3, 3, 1]] * 3
    for sizes in networks:
        parameters = {f"{p}{l}": rng.standard_normal(
            (sizes[l], sizes[l - 1] if p == "W" else 1)).astype(dtype)
            for l in range(1, len(sizes)) for p in ("W", "b")}
        grads = {f"d{k}": rng.standard_normal(v.shape).astype(dtype) for k, v in parameters.items()}
        learning_rate = float(rng.uniform(0.001, 2.0))
        updated = tf_deep.update_parameters(parameters, grads, learning_rate)
        fresh = _fresh_sgd_step(parameters, grads, learning_rate)
        for name, value in fresh.items():
            got = np.asarray(updated[name])
            assert got.dtype == value.dtype and np.array_equal(got, value), (sizes, name)
            assert np.array_equal(got, parameters[name] - dtype(learning_rate) * grads[f"d{name}"])


# --- the shallow twin's update reuses the same step ------------------------------------------------
def test_the_shallow_update_creates_no_variables_in_a_loop():
    from tfimpl import shallow as tf_shallow

    rng = np.random.default_rng(0)
    parameters = {"W1": rng.standard_normal((4, 2)), "b1": np.zeros((4, 1)),
                  "W2": rng.standard_normal((1, 4)), "b2": np.zeros((1, 1))}
    grads = {f"d{k}": rng.standard_normal(v.shape) for k, v in parameters.items()}

    def loop(n):
        p = parameters
        for _ in range(n):
            p = tf_shallow.update_parameters(p, grads, 0.1)
        return p

    loop(2)                                                # builds the step once
    assert variables_created(lambda: loop(ITERATIONS // 4)) == 0
    expected = dict(parameters)
    for _ in range(ITERATIONS // 4):                       # W - lr dW, each step rounded once:
        expected = {k: v - 0.1 * grads[f"d{k}"] for k, v in expected.items()}   # bit for bit
    for k, v in loop(ITERATIONS // 4).items():
        np.testing.assert_array_equal(v.numpy(), expected[k])

"""Parity cases for `logistic` (course 1, week 2): propagate's cost and gradients, predict, one
gradient-descent step, and the whole `model` trajectory on the built-in cat-format data."""

import functools

import numpy as np

from dlparity import inputs
from dlparity.cases import Mutant, ParityCase

TRAJECTORY_ITERATIONS = 2000
TRAJECTORY_LEARNING_RATE = 0.005   # the course's run on the cat data


def _problem(min_m=1):
    """Random n_x, m; min_m: 2 where a wrong variant drops 1/m (invisible at m = 1)."""
    def make(rng, dtype):
        n_x, m = int(rng.integers(1, 50)), int(rng.integers(min_m, 60))
        return {
            "w": inputs.normal(rng, (n_x, 1), dtype, scale=1 / np.sqrt(n_x)),   # moderate |z|
            "b": np.asarray(rng.standard_normal(), dtype=dtype),
            "X": inputs.normal(rng, (n_x, m), dtype),
            "Y": inputs.labels(rng, m, dtype),
        }
    return make


def _zero_start(rng, dtype):
    """The course's starting point w = 0, b = 0 (A = 0.5 exactly) on inputs with exact zeros and
    large magnitudes (1e3), where every gradient entry is as large as the data."""
    X = inputs.edge_matrix(dtype, rows=4)[:, :8] * dtype.type(1e3 / 800)
    return {"w": np.zeros((4, 1), dtype), "b": np.zeros((), dtype), "X": X,
            "Y": np.array([[0, 1, 1, 0, 1, 0, 0, 1]], dtype)}


def _dim(rng, dtype):
    return {"dim": int(rng.integers(1, 50)), "dtype": dtype}


def _reduction(i):
    return max(i["X"].shape)


@functools.lru_cache(maxsize=2)
def _cat(dtype_name):
    from conventions.datasets import flatten_images, synthetic_cat_dataset
    train_x, train_y, test_x, test_y, _ = synthetic_cat_dataset()
    dtype = np.dtype(dtype_name)
    return (flatten_images(train_x, dtype), train_y.astype(dtype),
            flatten_images(test_x, dtype), test_y.astype(dtype))


def _cat_inputs(rng, dtype):
    X, Y, X_test, Y_test = _cat(np.dtype(dtype).name)
    return {"X": X, "Y": Y, "X_test": X_test, "Y_test": Y_test}


def _model(m, i):
    result = m.model(i["X"], i["Y"], i["X_test"], i["Y_test"],
                     num_iterations=TRAJECTORY_ITERATIONS, learning_rate=TRAJECTORY_LEARNING_RATE)
    return {"w": result["w"], "b": result["b"], "costs": result["costs"],
            "Y_prediction_train": result["Y_prediction_train"],
            "Y_prediction_test": result["Y_prediction_test"]}


# --- deliberately wrong variants ----------------------------------------------------------------
def _forward(w, b, X):
    return 1 / (1 + np.exp(-(w.T @ X + b)))


def _cost(A, Y):
    return np.squeeze(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


def _propagate_dw_without_mean(w, b, X, Y):
    A = _forward(w, b, X)
    return {"dw": X @ (A - Y).T, "db": np.squeeze(np.mean(A - Y))}, _cost(A, Y)


def _propagate_db_wrong_axis(w, b, X, Y):
    A = _forward(w, b, X)
    m = X.shape[1]
    db = np.sum(A - Y, axis=0, keepdims=True) / m          # per example, not over examples
    return {"dw": X @ (A - Y).T / m, "db": db}, _cost(A, Y)


def _propagate_db_keepdims(w, b, X, Y):
    A = _forward(w, b, X)
    m = X.shape[1]
    return {"dw": X @ (A - Y).T / m, "db": np.sum(A - Y, keepdims=True) / m}, _cost(A, Y)


def _optimize_ascent(w, b, X, Y, num_iterations, learning_rate, print_cost=False, **_):
    for _ in range(num_iterations):
        A = _forward(w, b, X)
        m = X.shape[1]
        w = w + learning_rate * X @ (A - Y).T / m          # climbs the cost
        b = b + learning_rate * np.squeeze(np.mean(A - Y))
    return {"w": w, "b": b}, None, []


def _zeros_rank_one(dim, dtype=np.float64):
    return np.zeros(dim, dtype), np.zeros((), dtype)         # w of shape (dim,), not (dim, 1)


def _predict_probabilities(w, b, X):
    return _forward(w, b, X)                                # returns A, never thresholds it


DW_NO_MEAN = Mutant("dw no 1/m", "dw = X (A - Y).T", "_propagate", _propagate_dw_without_mean)
CASES = [
    ParityCase("logistic.initialize_with_zeros", "forward", "logistic", _dim,
               lambda m, i: m.initialize_with_zeros(i["dim"], dtype=i["dtype"]),
               mutants=(Mutant("rank 1", "w = np.zeros(dim)", "initialize_with_zeros",
                               _zeros_rank_one),)),
    ParityCase("logistic.propagate", "gradient", "logistic", _problem(min_m=2),
               lambda m, i: m.propagate(i["w"], i["b"], i["X"], i["Y"]), kind="reduction",
               reduction=_reduction, note="m >= 2 for the dw variant",
               mutants=(DW_NO_MEAN,
                        Mutant("db axis 0", "db summed over the wrong axis", "_propagate",
                               _propagate_db_wrong_axis),
                        Mutant("db keepdims", "db of shape (1, 1), not a scalar", "_propagate",
                               _propagate_db_keepdims))),
    ParityCase("logistic.propagate[edges]", "gradient", "logistic", _zero_start,
               lambda m, i: m.propagate(i["w"], i["b"], i["X"], i["Y"]), kind="reduction",
               reduction=_reduction, randomized=False,
               mutants=(DW_NO_MEAN,)),
    ParityCase("logistic.predict", "forward", "logistic", _problem(),
               lambda m, i: m.predict(i["w"], i["b"], i["X"]), kind="reduction",
               reduction=_reduction,
               mutants=(Mutant("no threshold", "returns sigmoid(z), not 0/1", "predict",
                               _predict_probabilities),)),
    ParityCase("logistic.optimize", "step", "logistic", _problem(),
               lambda m, i: m.optimize(i["w"], i["b"], i["X"], i["Y"], num_iterations=1,
                                       learning_rate=0.1)[0],
               kind="reduction", reduction=_reduction,
               mutants=(Mutant("ascent", "w += alpha dw", "optimize", _optimize_ascent),)),
    ParityCase("logistic.model", "trajectory", "logistic", _cat_inputs, _model,
               kind="trajectory", reduction=lambda i: max(i["X"].shape),
               steps=TRAJECTORY_ITERATIONS, dtypes=("float64",), randomized=False, slow=True,
               note=f"{TRAJECTORY_ITERATIONS} iterations at lr {TRAJECTORY_LEARNING_RATE} on "
                    "the built-in cat-format data; float64 only (a float32 bound grown over "
                    "2000 steps would say nothing)"),
]

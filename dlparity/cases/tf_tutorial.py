"""Parity cases for `tf_tutorial` (course 2, week 3, the TensorFlow tutorial).

1. The quadratic cost J(w) = c0 w^2 + c1 w + c2: the cost, one gradient-descent step (scratch's
   hand-derived 2 c0 w + c1 against the tape and a Keras SGD), and the lecture's 1000-step run
   from w = 0 at 0.01 — the twins step by step, float64 and float32 (the lecture's dtype) — and
   random coefficient arrays (c0 in [0.5, 3], lr c0 <= 0.45 so that |1 - 2 lr c0| < 1).
   Wrong variants: dJ/dw without the factor 2, with the sign flipped (gradient ascent), and in
   float64 the learning rate rounded to float32 (what an unmapped Keras SGD does: 2.2e-8
   relative, 4e-8 absolute at its worst step, k = 49).
2. The SIGNS network LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SOFTMAX: Glorot initialisation
   (the same draws in both twins, so compared exactly up to the scale's rounding), the logits,
   the summed and the mean cross-entropy from logits (tfimpl: the assignment's
   keras.losses.categorical_crossentropy on the transposes), predict; and training by Adam on
   the course's mini-batches from identical weights — scratch's hand-derived gradients and update
   against the tape with CourseAdam, and against Keras's model.fit on Dense layers — on a
   built-in synthetic SIGNS subset (SIGNS_M examples: one full mini-batch of 32 and a partial
   one, SIGNS_EPOCHS epochs; the full 12288 pixels).
   Tolerance of the training runs: "trajectory" with n = 12288 (the longest sum: W1 X over the
   pixels) and steps = the number of Adam updates. Adam is not non-expansive: where a gradient
   entry is within a few epsilon (1e-8) of 0, its first update lr g / (|g| + eps) responds to g's
   rounding at relative condition eps / (|g| + eps). Measured after the 6 updates here: float64
   6.8e-14 (tape) and 5.6e-14 (fit) against 2.4e-12; float32 3.0e-5 against 2.5e-3; over 100
   epochs of the full synthetic set (3400 updates) the twins end 1.2e-14 apart, fit and scratch
   1.4e-15 (bound 1.3e-9).
   Wrong variants: Glorot with the fan-in alone, the softmax / log-sum-exp over the examples
   (axis 1) instead of the classes — in the cost and inside training — the cost summed where the
   mean belongs, a hidden sigmoid for a ReLU, predict's argmax over the examples.
"""

import math

import numpy as np

from conventions import layout
from conventions.signs_datasets import synthetic_signs_dataset
from conventions.vocabulary import QUADRATIC_COEFFICIENTS, QUADRATIC_STEPS, SIGNS_MINI_BATCH_SIZE
from dlparity import inputs
from dlparity.cases import Mutant, ParityCase

SIGNS_M = 40            # one mini-batch of 32 and one of 8
SIGNS_EPOCHS = 3
SIGNS_STEPS = SIGNS_EPOCHS * math.ceil(SIGNS_M / SIGNS_MINI_BATCH_SIZE)


# --- 1. the quadratic cost --------------------------------------------------------------------------
def _quadratic(rng, dtype):
    c0 = rng.uniform(0.5, 3.0)
    w_star = rng.uniform(-10, 10)
    c = np.array([c0, -2 * c0 * w_star, c0 * w_star ** 2 + rng.uniform(0, 5)])   # min J >= 0
    return {"w": np.asarray(rng.uniform(-20, 20), dtype), "c": c.astype(dtype),
            "learning_rate": float(rng.uniform(0.001, 0.45 / c0)), "num_iterations": 200}


def _lecture(rng, dtype):
    return {"w": np.asarray(0.0, dtype), "c": np.array(QUADRATIC_COEFFICIENTS, dtype),
            "learning_rate": 0.01, "num_iterations": QUADRATIC_STEPS}


def _run(m, i):
    return m.minimize_cost(i["c"], i["learning_rate"], i["num_iterations"], i["w"], i["w"].dtype)


def _gradient_without_2(w, c):
    return c[0] * w + c[1]


def _gradient_ascent(w, c):
    return -(2 * c[0] * w + c[1])


def _step_rate_float32(w, c, learning_rate):
    from scratch import tf_tutorial
    rate = w.dtype.type(np.float32(learning_rate))            # Keras's float32 rate variable
    return w - rate * tf_tutorial._gradient(w, c)


# --- 2. the SIGNS network ---------------------------------------------------------------------------
def _sizes(rng):
    """[n_x, n_1, n_2, C]: small widths, a square hidden pair one time in three, C in 2 ... 6."""
    n_x = int(rng.integers(1, 30))
    n_1 = int(rng.integers(1, 26))
    n_2 = n_1 if rng.random() < 1 / 3 else int(rng.integers(1, 13))
    return [n_x, n_1, n_2, int(rng.integers(2, 7))]


def _init_inputs(rng, dtype):
    return {"sizes": _sizes(rng), "seed": int(rng.integers(2**31)), "dtype": dtype}


def _signs_network(rng, dtype):
    sizes = _sizes(rng)
    m = int(rng.integers(2, 41))              # m >= 2: "summed" equals the mean at m = 1
    parameters = {}
    for l in range(1, 4):
        parameters[f"W{l}"] = inputs.normal(rng, (sizes[l], sizes[l - 1]), dtype,
                                            scale=1 / math.sqrt(sizes[l - 1]))
        parameters[f"b{l}"] = inputs.normal(rng, (sizes[l], 1), dtype, scale=0.5)
    y = rng.integers(0, sizes[-1], size=(1, m))
    return {"X": inputs.normal(rng, (sizes[0], m), dtype), "parameters": parameters,
            "sizes": sizes, "labels": layout.one_hot_columns(y, sizes[-1], dtype),
            "logits": inputs.normal(rng, (sizes[-1], m), dtype, scale=2.0)}


def _network_reduction(i):
    return max(max(i["sizes"]), i["X"].shape[1])


def _signs_training(rng, dtype):
    """The first SIGNS_M + 8 images of the synthetic set, the tutorial's initial weights."""
    from scratch import tf_tutorial
    x_train, y_train, x_test, y_test, _ = synthetic_signs_dataset(0, SIGNS_M, 8)
    return {"X": layout.images_to_columns(x_train, dtype), "Y": layout.one_hot_columns(y_train, 6, dtype),
            "X_test": layout.images_to_columns(x_test, dtype),
            "Y_test": layout.one_hot_columns(y_test, 6, dtype),
            "parameters": tf_tutorial.initialize_parameters(dtype=dtype)}


def _train(m, i):
    parameters, costs, train_acc, test_acc = m.model(
        i["X"], i["Y"], i["X_test"], i["Y_test"], num_epochs=SIGNS_EPOCHS,
        initial_parameters=i["parameters"])
    return {"parameters": parameters, "costs": costs, "train_acc": train_acc,
            "test_acc": test_acc}


def _train_parameters(m, i):
    return {"parameters": _train(m, i)["parameters"]}


def _fit_parameters(m, i):
    parameters, _ = m.fit_keras(i["X"], i["Y"], i["parameters"], num_epochs=SIGNS_EPOCHS)
    return {"parameters": parameters}


def _glorot_fan_in(sizes, stream, dtype):
    from scratch import initialization
    return initialization._initialize_parameters_variance_scaling(
        sizes, 1.0, "fan_in", "truncated_normal", stream, dtype)


def _cross_entropy_over_examples(logits, labels):
    top = np.max(logits, axis=1, keepdims=True)
    logsumexp = top + np.log(np.sum(np.exp(logits - top), axis=1, keepdims=True))
    return np.sum(labels * (logsumexp - logits), axis=0)


def _forward_softmax_over_examples(X, parameters):
    from scratch import softmax
    AL, caches = softmax._L_model_forward(X, parameters, ("relu", "relu"))
    Z3 = caches[-1][1]
    e = np.exp(Z3 - Z3.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True), caches


def _forward_sigmoid_hidden(X, parameters):
    from scratch import softmax
    return softmax._L_model_forward(X, parameters, ("relu", "sigmoid"))


def _cost_summed(logits, labels):
    from scratch import tf_tutorial
    return np.sum(tf_tutorial._cross_entropy(logits, labels))


def _predict_over_examples(X, parameters):
    from scratch import tf_tutorial
    Z3 = tf_tutorial._forward(X, parameters)[1][-1][1]
    return np.argmax(Z3, axis=1).reshape(1, -1).astype(np.int64)


M = Mutant
LOSS_AXIS = M("softmax axis 1", "log-sum-exp over the examples, not the classes",
              "_cross_entropy", _cross_entropy_over_examples)
TRAIN_AXIS = M("softmax axis 1", "training's softmax over the examples, not the classes",
               "_forward", _forward_softmax_over_examples)
SIGMOID = M("sigmoid hidden", "LINEAR -> RELU -> LINEAR -> SIGMOID -> LINEAR",
            "_forward", _forward_sigmoid_hidden)
NO_2 = M("no factor 2", "dJ/dw = c0 w + c1", "_gradient", _gradient_without_2)
ASCENT = M("ascent", "w + lr dJ/dw: the sign flipped", "_gradient", _gradient_ascent)

CASES = [
    ParityCase("tf_tutorial.quadratic_cost", "forward", "tf_tutorial", _quadratic,
               lambda m, i: m.quadratic_cost(i["w"], i["c"]), kind="reduction",
               reduction=lambda i: 3, note="J = c0 w^2 + c1 w + c2 (minimum >= 0: no cancellation "
                                            "to zero)",
               mutants=(M("c1 sign", "c0 w^2 - c1 w + c2", "_quadratic_cost",
                          lambda w, c: c[0] * w * w - c[1] * w + c[2]),)),
    ParityCase("tf_tutorial.train_step", "step", "tf_tutorial", _quadratic,
               lambda m, i: m.train_step(i["w"], i["c"], i["learning_rate"]), kind="reduction",
               reduction=lambda i: 3, note="scratch 2 c0 w + c1 by hand; tfimpl tape + course_sgd",
               mutants=(NO_2, ASCENT)),
    ParityCase("tf_tutorial.minimize_cost", "trajectory", "tf_tutorial", _lecture, _run,
               kind="trajectory", reduction=lambda i: 3, steps=QUADRATIC_STEPS, randomized=False,
               note="the lecture: (w - 5)^2 from 0 at 0.01, 1000 steps, every w compared",
               mutants=(NO_2, ASCENT)),
    ParityCase("tf_tutorial.minimize_cost[coefficients]", "trajectory", "tf_tutorial", _quadratic,
               _run, kind="trajectory", reduction=lambda i: 3, steps=200,
               note="random coefficient arrays c0 w^2 + c1 w + c2, 200 steps", mutants=(NO_2,)),
    ParityCase("tf_tutorial.minimize_cost[rate]", "trajectory", "tf_tutorial", _lecture, _run,
               kind="trajectory", reduction=lambda i: 3, steps=QUADRATIC_STEPS, randomized=False,
               dtypes=("float64",),
               note="float64: Keras's float32 rate mapped away (keras_mapping.course_sgd)",
               mutants=(M("rate in float32", "0.01 rounded to float32 (unmapped Keras SGD)",
                          "_train_step", _step_rate_float32),)),
    ParityCase("tf_tutorial.initialize_parameters", "forward", "tf_tutorial", _init_inputs,
               lambda m, i: m.initialize_parameters(i["sizes"], i["seed"], i["dtype"]),
               note="Glorot normal (truncated, fan_avg) from RandomState(seed); b = 0",
               mutants=(M("fan_in", "Glorot with the fan-in alone: variance 1 / n_{l-1}",
                          "_initialize_parameters", _glorot_fan_in),)),
    ParityCase("tf_tutorial.forward_propagation", "forward", "tf_tutorial", _signs_network,
               lambda m, i: m.forward_propagation(i["X"], i["parameters"]), kind="reduction",
               reduction=_network_reduction, note="the logits Z3 (no softmax)",
               mutants=(SIGMOID,)),
    ParityCase("tf_tutorial.compute_total_loss", "forward", "tf_tutorial", _signs_network,
               lambda m, i: m.compute_total_loss(i["logits"], i["labels"]), kind="reduction",
               reduction=_network_reduction,
               note="tfimpl: reduce_sum(keras categorical_crossentropy(labels.T, logits.T, "
                    "from_logits=True))", mutants=(LOSS_AXIS,)),
    ParityCase("tf_tutorial.compute_cost", "forward", "tf_tutorial", _signs_network,
               lambda m, i: m.compute_cost(i["logits"], i["labels"]), kind="reduction",
               reduction=_network_reduction, note="the mean over the examples",
               mutants=(LOSS_AXIS, M("summed", "the total where the mean belongs",
                                     "_compute_cost", _cost_summed))),
    ParityCase("tf_tutorial.predict", "forward", "tf_tutorial", _signs_network,
               lambda m, i: m.predict(i["X"], i["parameters"]),
               mutants=(M("argmax axis 1", "argmax over the examples", "_predict",
                          _predict_over_examples),)),
    ParityCase("tf_tutorial.model", "trajectory", "tf_tutorial", _signs_training, _train,
               kind="trajectory", reduction=lambda i: i["X"].shape[0], steps=SIGNS_STEPS,
               randomized=False, slow=True,
               note=f"synthetic SIGNS, {SIGNS_M} images, {SIGNS_EPOCHS} epochs of Adam (lr 1e-4, "
                    f"mini-batches of 32): tape + CourseAdam", mutants=(TRAIN_AXIS, SIGMOID)),
    ParityCase("tf_tutorial.model[keras fit]", "trajectory", "tf_tutorial", _signs_training,
               _train_parameters, call_tf=_fit_parameters, kind="trajectory",
               reduction=lambda i: i["X"].shape[0], steps=SIGNS_STEPS, randomized=False, slow=True,
               note="Dense layers, CourseAdam, CategoricalCrossentropy(from_logits) by model.fit "
                    "on the same mini-batches", mutants=(TRAIN_AXIS,)),
]

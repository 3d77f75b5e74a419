"""Parity cases for `softmax` (course 2, week 3): one-hot labels, the softmax cross-entropy from
probabilities and from logits (including logits of +-1000), its gradient dZL = AL - Y, the L-layer
network with a softmax output (forward, backward, predict), float64 and float32; and scratch vs
Keras: `keras.losses.CategoricalCrossentropy(from_logits=True)` mapped by
`tfimpl.keras_mapping.course_categorical_crossentropy`, and the network's dW, db against the tape
over a Keras model of Dense layers holding the same weights.

Inputs: C in 2 ... 6 classes, m in 2 ... 40 (m >= 2 for the "no 1/m" variants), logits ~ N(0, 2^2)
(probabilities away from 0 and 1), every label drawn uniformly; networks as in dlparity.cases.deep
(square layers one time in three, single units), hidden activations drawn from the vocabulary.
The longest reduction is over max(C, m, widths) (kind "reduction"); conditioning by
dlparity.conditioning through run_case.
"""

import numpy as np

from conventions.vocabulary import ACTIVATIONS
from dlparity import inputs
from dlparity.cases import Mutant, ParityCase

MAX_CLASSES = 6
MAX_M = 40
MAX_LAYERS = 4


def _labels(rng, C, m):
    return rng.integers(0, C, size=(1, m))


def _one_hot(y, C, dtype):
    return np.eye(C, dtype=dtype)[y.reshape(-1)].T


def _softmax64(Z):
    Z = np.asarray(Z, np.float64)
    e = np.exp(Z - Z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def _classes(rng, dtype):
    C, m = int(rng.integers(2, MAX_CLASSES + 1)), int(rng.integers(2, MAX_M + 1))
    y = _labels(rng, C, m)
    ZL = inputs.normal(rng, (C, m), dtype, scale=2.0)
    return {"C": C, "y": y, "Y": _one_hot(y, C, dtype), "ZL": ZL,
            "AL": _softmax64(ZL).astype(dtype)}


def _edges(dtype):
    """Logits of +-1000 (softmax underflows to exact 0 and 1), a tie, a confident right and a
    confident wrong class: the from-logits cost stays finite (1000 for the confident wrong one)."""
    ZL = np.array([[1000.0, -1000.0, 0.0, 1000.0], [-1000.0, 1000.0, 0.0, 1000.0],
                   [0.0, 0.0, 1000.0, -1000.0]], dtype)
    y = np.array([[0, 0, 2, 1]])
    return {"C": 3, "y": y, "Y": _one_hot(y, 3, dtype), "ZL": ZL}


def _network(rng, dtype, hidden=ACTIVATIONS):
    L = int(rng.integers(1, MAX_LAYERS + 1))
    C = int(rng.integers(2, MAX_CLASSES + 1))
    sizes = [int(rng.integers(1, 9))]
    for _ in range(L - 1):
        sizes.append(inputs.width(rng, sizes[-1], 8))
    sizes.append(C)
    m = int(rng.integers(2, MAX_M + 1))
    parameters = {}
    for l in range(1, L + 1):
        parameters[f"W{l}"] = inputs.normal(rng, (sizes[l], sizes[l - 1]), dtype,
                                            scale=1 / np.sqrt(sizes[l - 1]))
        parameters[f"b{l}"] = inputs.normal(rng, (sizes[l], 1), dtype, scale=0.5)
    y = _labels(rng, C, m)
    return {"X": inputs.normal(rng, (sizes[0], m), dtype), "Y": _one_hot(y, C, dtype),
            "parameters": parameters, "sizes": sizes,
            "activations": [hidden[int(k)] for k in rng.integers(0, len(hidden), size=L - 1)]}


def _keras_network(rng, dtype):
    """Hidden activations whose Keras names compute the course's (leaky_relu's slope differs)."""
    return _network(rng, dtype, hidden=("relu", "tanh", "sigmoid"))


def _classes_reduction(i):
    return max(i["Y"].shape)


def _network_reduction(i):
    return max(max(i["sizes"]), i["X"].shape[1])


# --- calls -----------------------------------------------------------------------------------------
def _forward_backward(m, i):
    AL, caches = m.L_model_forward(i["X"], i["parameters"], i["activations"])
    return m.L_model_backward(AL, i["Y"], caches, i["activations"])


def _parameter_grads(m, i):
    grads = _forward_backward(m, i)
    return {k: v for k, v in grads.items() if not k.startswith("dA")}


def _keras_cost(m, i):
    from tfimpl.keras_mapping import course_categorical_crossentropy
    loss = course_categorical_crossentropy(i["ZL"].dtype)
    return np.asarray(loss(np.ascontiguousarray(i["Y"].T), np.ascontiguousarray(i["ZL"].T)))


def _keras_grads(m, i):
    """dW, db from the tape over a Keras model: Dense layers holding W.T, b (linear output, its
    logits fed to the mapped CategoricalCrossentropy(from_logits=True)), on x = X.T."""
    import keras
    import tensorflow as tf

    from conventions import layout
    from tfimpl.keras_mapping import course_categorical_crossentropy
    dtype = i["X"].dtype.name
    L = len(i["sizes"]) - 1
    names = [*i["activations"], None]
    model = keras.Sequential([keras.Input((i["sizes"][0],), dtype=dtype)] + [
        keras.layers.Dense(i["sizes"][l], activation=names[l - 1], dtype=dtype)
        for l in range(1, L + 1)])
    model.set_weights(layout.parameters_to_keras_weights(i["parameters"]))
    loss = course_categorical_crossentropy(dtype)
    x, y = tf.constant(layout.examples_to_rows(i["X"])), tf.constant(i["Y"].T)
    with tf.GradientTape() as tape:
        cost = loss(y, model(x))
    grads = tape.gradient(cost, model.trainable_variables)
    named = layout.parameters_from_keras_weights([np.asarray(g) for g in grads])
    return {f"d{k}{l}": named[f"{k}{l}"] for l in range(L, 0, -1) for k in ("W", "b")}


# --- deliberately wrong kernels (installed by name on scratch.softmax) ---------------------------
def _one_hot_rows(Y, C, dtype):
    return np.eye(C, dtype=dtype)[Y.reshape(-1)]                      # (m, C): Keras's layout


def _softmax_over_examples(Z):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)                            # axis 1: the examples


def _cost_no_mean(AL, Y):
    return np.squeeze(-np.sum(np.log(np.sum(Y * AL, axis=0))))


def _logits_cost_no_mean(ZL, Y):
    top = ZL.max(axis=0, keepdims=True)
    return np.squeeze(np.sum(top + np.log(np.sum(np.exp(ZL - top), axis=0, keepdims=True))
                             - np.sum(Y * ZL, axis=0, keepdims=True)))


def _logits_cost_over_examples(ZL, Y):
    m = ZL.shape[1]
    top = ZL.max(axis=1, keepdims=True)
    logsumexp = top + np.log(np.sum(np.exp(ZL - top), axis=1, keepdims=True))
    return np.squeeze(1 / m * np.sum(Y * (logsumexp - ZL)))            # normalised over axis 1


def _logits_cost_naive(ZL, Y):
    m = ZL.shape[1]
    A = np.exp(ZL) / np.sum(np.exp(ZL), axis=0, keepdims=True)         # exp(1000) = inf
    return np.squeeze(-1 / m * np.sum(Y * np.log(A)))


def _dZ_without_Y(AL, Y):
    return AL


def _predict_over_examples(X, parameters, activations):
    from scratch import softmax
    AL, _ = softmax._L_model_forward(X, parameters, activations)
    return np.argmax(AL, axis=1).reshape(1, -1).astype(np.int64)


M = Mutant
WRONG_AXIS = M("softmax axis 1", "softmax over the examples (axis 1), not the classes",
               "_softmax", _softmax_over_examples)
NO_Y = M("dZ = AL", "dZL without subtracting Y", "_softmax_cross_entropy_backward", _dZ_without_Y)
LOGITS_NO_MEAN = M("no 1/m", "summed, not averaged over the examples",
                   "_compute_cost_from_logits", _logits_cost_no_mean)
LOGITS_WRONG_AXIS = M("logsumexp axis 1", "log-sum-exp over the examples, not the classes",
                      "_compute_cost_from_logits", _logits_cost_over_examples)

CASES = [
    ParityCase("softmax.convert_to_one_hot", "forward", "softmax", _classes,
               lambda m, i: m.convert_to_one_hot(i["y"], i["C"], i["Y"].dtype),
               mutants=(M("rows", "(m, C): one example per row, Keras's layout",
                          "_convert_to_one_hot", _one_hot_rows),)),
    ParityCase("softmax.compute_cost", "forward", "softmax", _classes,
               lambda m, i: m.compute_cost(i["AL"], i["Y"]), kind="reduction",
               reduction=_classes_reduction, note="from probabilities; m >= 2",
               mutants=(M("no 1/m", "summed over the examples", "_compute_cost", _cost_no_mean),)),
    ParityCase("softmax.compute_cost_from_logits", "forward", "softmax", _classes,
               lambda m, i: m.compute_cost_from_logits(i["ZL"], i["Y"]), kind="reduction",
               reduction=_classes_reduction,
               note="tfimpl: mean of tf.nn.softmax_cross_entropy_with_logits(axis=0)",
               mutants=(LOGITS_NO_MEAN, LOGITS_WRONG_AXIS)),
    ParityCase("softmax.compute_cost_from_logits[edges]", "forward", "softmax",
               lambda rng, dtype: _edges(dtype),
               lambda m, i: m.compute_cost_from_logits(i["ZL"], i["Y"]), kind="reduction",
               reduction=_classes_reduction, randomized=False,
               note="logits of +-1000: finite (1000 for a confident wrong class), no nan/inf",
               mutants=(M("naive", "log(exp(Z) / sum exp(Z)): exp(1000) overflows",
                          "_compute_cost_from_logits", _logits_cost_naive),)),
    ParityCase("softmax.compute_cost_from_logits[keras]", "forward", "softmax", _classes,
               lambda m, i: m.compute_cost_from_logits(i["ZL"], i["Y"]), call_tf=_keras_cost,
               kind="reduction", reduction=_classes_reduction,
               note="keras.losses.CategoricalCrossentropy(from_logits=True, dtype) on (Y.T, ZL.T)",
               mutants=(LOGITS_NO_MEAN, LOGITS_WRONG_AXIS)),
    ParityCase("softmax.compute_cost_from_logits[keras, edges]", "forward", "softmax",
               lambda rng, dtype: _edges(dtype),
               lambda m, i: m.compute_cost_from_logits(i["ZL"], i["Y"]), call_tf=_keras_cost,
               kind="reduction", reduction=_classes_reduction, randomized=False,
               mutants=(M("naive", "log(exp(Z) / sum exp(Z)): exp(1000) overflows",
                          "_compute_cost_from_logits", _logits_cost_naive),)),
    ParityCase("softmax.softmax_cross_entropy_backward", "gradient", "softmax", _classes,
               lambda m, i: m.softmax_cross_entropy_backward(i["AL"], i["Y"]), kind="reduction",
               reduction=lambda i: i["Y"].shape[0],
               note="scratch AL - Y vs the tape's gradient at logits log AL (softmax(log AL) "
                    "sums over the C classes)", mutants=(NO_Y,)),
    ParityCase("softmax.L_model_forward", "forward", "softmax", _network,
               lambda m, i: m.L_model_forward(i["X"], i["parameters"], i["activations"]),
               kind="reduction", reduction=_network_reduction,
               note="hidden activations drawn from the vocabulary, softmax output",
               mutants=(WRONG_AXIS,)),
    ParityCase("softmax.L_model_backward", "gradient", "softmax", _network, _forward_backward,
               kind="reduction", reduction=_network_reduction,
               note="L_model_forward then L_model_backward; m >= 2",
               mutants=(NO_Y, WRONG_AXIS)),
    ParityCase("softmax.L_model_backward[keras]", "gradient", "softmax", _keras_network,
               _parameter_grads, call_tf=_keras_grads, kind="reduction",
               reduction=_network_reduction,
               note="dW, db vs the tape over Dense layers + CategoricalCrossentropy(from_logits)",
               mutants=(NO_Y, WRONG_AXIS)),
    ParityCase("softmax.predict", "forward", "softmax", _network,
               lambda m, i: m.predict(i["X"], i["parameters"], i["activations"]),
               mutants=(M("argmax axis 1", "argmax over the examples", "_predict",
                          _predict_over_examples),)),
]


# --- training: mini-batch trajectories with every optimizer, and Keras's fit -------------------------
TRAJECTORY_M, TRAJECTORY_BATCH = 150, 64       # two complete mini-batches and one of 22 per epoch
TRAJECTORY_SIZES = [2, 6, 4, 3]
TRAJECTORY_EPOCHS, SHORT_EPOCHS = 100, 10      # 300 updates (slow) and 30 (quick)
SETTINGS = {"gd": {"learning_rate": 0.1}, "momentum": {"learning_rate": 0.1, "beta": 0.9},
            "rmsprop": {"learning_rate": 0.01, "beta": 0.9}, "adam": {"learning_rate": 0.01}}


def _trajectory_inputs(rng, dtype):
    """Three classes on the plane (the class of a point is the third of the circle its angle falls
    in, labels flipped for 10 %), the [2, 6, 4, 3] relu network with He-scaled W, b = 0."""
    X = rng.standard_normal((2, TRAJECTORY_M))
    y = (np.floor((np.arctan2(X[1], X[0]) + np.pi) / (2 * np.pi / 3)) % 3).astype(int)
    flip = rng.random(TRAJECTORY_M) < 0.1
    y[flip] = rng.integers(0, 3, int(flip.sum()))
    sizes = TRAJECTORY_SIZES
    parameters = {}
    for l in range(1, len(sizes)):
        parameters[f"W{l}"] = (rng.standard_normal((sizes[l], sizes[l - 1]))
                               * np.sqrt(2 / sizes[l - 1])).astype(dtype)
        parameters[f"b{l}"] = np.zeros((sizes[l], 1), dtype)
    return {"X": X.astype(dtype), "Y": _one_hot(y[None, :], 3, dtype), "parameters": parameters}


def _train(optimizer, epochs):
    def call(m, i):
        return m.L_layer_model(i["X"], i["Y"], None, optimizer, mini_batch_size=TRAJECTORY_BATCH,
                               num_epochs=epochs, initial_parameters=i["parameters"],
                               **SETTINGS[optimizer])
    return call


def _fit_keras(optimizer, epochs, from_logits=False):
    def call(m, i):
        return m.fit_keras(i["X"], i["Y"], i["parameters"], None, optimizer,
                           mini_batch_size=TRAJECTORY_BATCH, num_epochs=epochs,
                           from_logits=from_logits, **SETTINGS[optimizer])
    return call


# A wrong softmax in training: NaN or a shape the next step refuses is as much a catch as a gap.
TRAINING_MUTANTS = (WRONG_AXIS, NO_Y, LOGITS_NO_MEAN)


def _trajectory(optimizer, epochs, keras=None, mutants=TRAINING_MUTANTS):
    """A training case; every wrong variant reruns both sides, so the cases beyond the short Adam
    twins carry one each (the others are caught there already). Keras fit cases are "slow" even
    when short (a model built, compiled and traced: 2-5 s): `report --full` and pytest run them."""
    steps = epochs * -(-TRAJECTORY_M // TRAJECTORY_BATCH)
    short = epochs < TRAJECTORY_EPOCHS
    label = (f"{'keras fit' if keras == 'probabilities' else 'keras fit, from_logits'}, "
             if keras else "") + optimizer + (", short" if short else "")
    return ParityCase(
        f"softmax.L_layer_model[{label}]", "trajectory", "softmax", _trajectory_inputs,
        _train(optimizer, epochs),
        call_tf=_fit_keras(optimizer, epochs, keras == "logits") if keras else None,
        kind="trajectory", reduction=lambda i: TRAJECTORY_BATCH, steps=steps, randomized=False,
        slow=not short or bool(keras), mutants=mutants,
        note=f"{TRAJECTORY_SIZES}, m = {TRAJECTORY_M}, mini-batches of {TRAJECTORY_BATCH}, "
             f"{epochs} epochs ({steps} updates), {optimizer} {SETTINGS[optimizer]}"
             + ({"probabilities": "; Keras Dense(activation='softmax') + "
                                  "CategoricalCrossentropy() by fit (switched to logits)",
                 "logits": "; Keras linear output + CategoricalCrossentropy(from_logits=True)"
                 }.get(keras, "")))


CASES += [
    _trajectory("adam", SHORT_EPOCHS),
    _trajectory("gd", SHORT_EPOCHS, mutants=(NO_Y,)),
    _trajectory("momentum", SHORT_EPOCHS, mutants=(WRONG_AXIS,)),
    _trajectory("rmsprop", SHORT_EPOCHS, mutants=(LOGITS_NO_MEAN,)),
    _trajectory("adam", TRAJECTORY_EPOCHS, mutants=(WRONG_AXIS,)),
    _trajectory("adam", SHORT_EPOCHS, keras="probabilities", mutants=(WRONG_AXIS,)),
    _trajectory("adam", SHORT_EPOCHS, keras="logits", mutants=(NO_Y,)),
    _trajectory("adam", TRAJECTORY_EPOCHS, keras="probabilities", mutants=(WRONG_AXIS,)),
]

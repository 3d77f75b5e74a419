"""How each implementation is trained and evaluated: ONE call of the twin's training entry point,
under the training contract (every entry point accepts `progress=None` and calls
`progress(i, cost)` at each iteration the course records, with the cost before that iteration's
update), then the cost and the predictions at the trained parameters by the same twin.

    model     scratch / tf (scratch.<model>, tfimpl.<model>)                 keras
    logistic  optimize(w, b, X, Y, n, lr, progress=)                         tfimpl.deep.fit_keras
    shallow   nn_model(X, Y, n_h, n, learning_rate=, initial_parameters=,    (the same network
              progress=)                                                     as a Keras model)
    deep      L_layer_model(X, Y, layers, learning_rate=, num_iterations=,
              initial_parameters=, activations=, progress=)
              (with --lambd / --keep-prob: regularization.model(X, Y, learning_rate,
              num_iterations, False, lambd, keep_prob, initial_parameters=, activations=,
              progress=); no Keras fit path)

The Keras fit path trains keras.Sequential of Dense layers carrying the initial weights by
model.fit (one full batch per epoch); its cost and predictions come from the trained Keras model
itself. Logistic regression is the one-layer [n_x, 1] sigmoid network there, the shallow model
the [n_x, n_h, 1] tanh/sigmoid one.

Parameters cross this module in the course layout as NumPy arrays ({W1, b1, ...}; logistic's
w, b as W1 = w.T, b1 = b).
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from conventions import layout

TWIN_PACKAGES = {"scratch": "scratch", "tf": "tfimpl"}


@dataclass(frozen=True)
class Implementation:
    """fit(progress) -> trained parameters; cost(parameters) -> J on the training set (float);
    predict(parameters, X (n_x, m)) -> (1, m) of 0/1."""
    fit: Callable
    cost: Callable
    predict: Callable


def implementation(config, impl):
    """The Implementation of `impl` ("scratch", "tf" or "keras") for `config.model`."""
    if config.model == "softmax" or getattr(config, "batchnorm", False):
        from dlparity.training import mini_batch_models

        return mini_batch_models.implementation(config, impl)
    if impl == "keras":
        return _keras(config)
    twin = importlib.import_module(f"{TWIN_PACKAGES[impl]}.{config.model}")
    return {"logistic": _logistic, "shallow": _shallow, "deep": _deep}[config.model](twin, config)


def as_numpy(parameters):
    return {name: np.asarray(value) for name, value in parameters.items()}


def _logistic(twin, config):
    X, Y = config.task.X_train, config.task.Y_train

    def fit(progress):
        w, b = layout.logistic_from_parameters(config.initial)
        params, _, _ = twin.optimize(w, b, X, Y, config.iterations, config.learning_rate,
                                     progress=progress)
        return layout.logistic_to_parameters(np.asarray(params["w"]), np.asarray(params["b"]))

    def cost(parameters):
        _, J = twin.propagate(*layout.logistic_from_parameters(parameters), X, Y)
        return float(J)

    def predict(parameters, X):
        return np.asarray(twin.predict(*layout.logistic_from_parameters(parameters), X))

    return Implementation(fit, cost, predict)


def _shallow(twin, config):
    X, Y = config.task.X_train, config.task.Y_train

    def fit(progress):
        return as_numpy(twin.nn_model(X, Y, config.layers[1], config.iterations,
                                      learning_rate=config.learning_rate,
                                      initial_parameters=config.initial, progress=progress))

    def cost(parameters):
        A2, _ = twin.forward_propagation(X, parameters)
        return float(twin.compute_cost(A2, Y))

    def predict(parameters, X):
        return np.asarray(twin.predict(parameters, X))

    return Implementation(fit, cost, predict)


def _deep(twin, config):
    if config.lambd is not None or config.keep_prob:
        return _regularised(twin, config)
    X, Y = config.task.X_train, config.task.Y_train

    def fit(progress):
        parameters, _ = twin.L_layer_model(
            X, Y, config.layers, learning_rate=config.learning_rate,
            num_iterations=config.iterations, initial_parameters=config.initial,
            activations=config.activations, progress=progress)
        return as_numpy(parameters)

    def cost(parameters):
        AL, _ = twin.L_model_forward(X, parameters, activations=config.activations)
        return float(twin.compute_cost(AL, Y))

    def predict(parameters, X):
        return np.asarray(twin.predict(X, None, parameters, activations=config.activations))

    return Implementation(fit, cost, predict)


def _regularised(twin, config):
    """deep with --lambd (even 0) / --keep-prob: the twin's regularization.model (the course's loop, masks
    drawn as the course draws them, costs at every 1000th iteration); the final cost includes
    the L2 term and is taken without dropout, as prediction is."""
    regularization = importlib.import_module(twin.__name__.replace(".deep", ".regularization"))
    X, Y = config.task.X_train, config.task.Y_train
    keep_prob, lambd = config.keep_prob or 1, config.lambd or 0.0

    def fit(progress):
        return as_numpy(regularization.model(
            X, Y, config.learning_rate, config.iterations, False, lambd, keep_prob,
            initial_parameters=config.initial, activations=config.activations, progress=progress))

    def cost(parameters):
        """The twin's AL, the course's reg_utils cost (nansum: an output rounded to exactly 0 or 1
        gives 0 * log 0, which it skips, as the recorded costs do) + lambd / (2 m) sum ||W||^2."""
        AL = np.asarray(twin.L_model_forward(X, parameters, activations=config.activations)[0])
        m = X.shape[1]
        with np.errstate(all="ignore"):
            J = -np.nansum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
        return float(J + lambd / (2 * m) * sum(np.sum(np.square(v)) for k, v in parameters.items()
                                                if k.startswith("W")))

    def predict(parameters, X):
        return np.asarray(twin.predict(X, None, parameters, activations=config.activations))

    return Implementation(fit, cost, predict)


def _keras(config):
    deep = importlib.import_module("tfimpl.deep")
    X, Y = config.task.X_train, config.task.Y_train

    def fit(progress):
        parameters, _ = deep.fit_keras(X, Y, config.initial, activations=config.activations,
                                       learning_rate=config.learning_rate,
                                       num_iterations=config.iterations, progress=progress)
        return as_numpy(parameters)

    def output(parameters, X):
        """The Keras model's sigmoid output (1, m) for X (n_x, m)."""
        model = deep.to_keras(parameters, config.activations)
        return np.asarray(model(layout.examples_to_rows(X))).T

    def cost(parameters):
        return float(deep.compute_cost(output(parameters, X), Y))

    def predict(parameters, X):
        return (output(parameters, X) > 0.5).astype(X.dtype)

    return Implementation(fit, cost, predict)

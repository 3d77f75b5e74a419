"""The implementations of `dl-parity train` for course 2's mini-batch networks, under the same
training contract as dlparity.training.implementations (ONE call of a twin's entry point, its
progress(i, cost) at the epochs the course records; then the cost and the predictions at the
trained parameters by the same implementation):

    deep --batchnorm  scratch / tf: batchnorm.L_layer_model_bn(X, Y, None, optimizer, lr, size,
                      epochs, initial_parameters=, activations=, progress=);
                      keras: tfimpl.batchnorm.fit_keras_bn (Dense(use_bias=False) +
                      BatchNormalization by model.fit on the same mini-batches).
                      The trained "parameters" hold W, gamma, beta, b AND the running statistics
                      (so the twins' difference covers them); cost and predictions are in
                      inference mode (the running statistics), the cost the course's J.
                      --save FILE.h5: each trained network written by
                      conventions.batchnorm_state.save_network once its fit returns.
    softmax           scratch / tf: softmax.L_layer_model(X, Y one-hot, None, optimizer, lr, size,
                      epochs, initial_parameters=, activations=, progress=);
                      keras: tfimpl.softmax.fit_keras (Dense(activation="softmax") +
                      CategoricalCrossentropy() by model.fit). Cost: the cross-entropy from the
                      logits; predictions: the argmax class, (1, m).

Iterations are epochs; the task's labels Y are (1, m) class indices (0/1 for deep).
"""

import importlib

import numpy as np

from conventions.vocabulary import BATCHNORM_EPSILON, BATCHNORM_MOMENTUM
from dlparity.training.implementations import TWIN_PACKAGES, Implementation, as_numpy

RUNNING = ("running_mean", "running_var")


def implementation(config, impl):
    if config.model == "softmax":
        return _softmax(config, impl)
    return _batchnorm(config, impl)


def _settings(config):
    return dict(optimizer=config.optimizer, learning_rate=config.learning_rate,
                mini_batch_size=config.mini_batch_size, num_epochs=config.iterations)


def _split(parameters):
    """(network parameters, running statistics) from the merged dict a fit returns."""
    running = {k: v for k, v in parameters.items() if k.startswith(RUNNING)}
    return {k: v for k, v in parameters.items() if k not in running}, running


def _batchnorm(config, impl):
    X, Y = config.task.X_train, config.task.Y_train
    hidden = config.activations[:-1]
    twin = importlib.import_module(f"{TWIN_PACKAGES.get(impl, 'tfimpl')}.batchnorm")

    def fit(progress):
        if impl == "keras":
            parameters, running, _ = twin.fit_keras_bn(X, Y, config.initial, hidden,
                                                       progress=progress, **_settings(config))
        else:
            parameters, running, _ = twin.L_layer_model_bn(
                X, Y, None, initial_parameters=config.initial, activations=hidden,
                progress=progress, **_settings(config))
        if getattr(config, "save", None) is not None:
            _save_network(config, impl, as_numpy(parameters), as_numpy(running))
        return {**as_numpy(parameters), **as_numpy(running)}

    def output(parameters, X):
        weights, running = _split(parameters)
        if impl == "keras":
            from conventions import layout
            from tfimpl import keras_mapping

            model = keras_mapping.course_batchnorm_network(
                weights, running, hidden, BATCHNORM_MOMENTUM, BATCHNORM_EPSILON, X.dtype.name)
            return np.asarray(model(layout.examples_to_rows(X), training=False)).T
        return np.asarray(twin.L_model_inference_bn(X, weights, running, hidden))

    def cost(parameters):
        from scratch import deep

        return float(deep.compute_cost(output(parameters, X), Y))

    def predict(parameters, X):
        return (output(parameters, X) > 0.5).astype(X.dtype)

    return Implementation(fit, cost, predict)


def _save_network(config, impl, parameters, running):
    """--save: the trained network (W, b of the output layer, gamma, beta, running statistics,
    activations) by conventions.batchnorm_state.save_network, atomically, at --save itself for
    one implementation, FILE-impl.h5 for several (dlparity.training.minibatch.save_path)."""
    from conventions import batchnorm_state
    from dlparity.training.minibatch import save_path

    batchnorm_state.save_network(save_path(config, impl), parameters, running,
                                 config.activations)


def _softmax(config, impl):
    X, y = config.task.X_train, config.task.Y_train
    hidden = config.activations[:-1]
    twin = importlib.import_module(f"{TWIN_PACKAGES.get(impl, 'tfimpl')}.softmax")
    from scratch import softmax as reference

    Y = reference.convert_to_one_hot(y.astype(np.int64), config.classes, X.dtype)

    def fit(progress):
        if impl == "keras":
            parameters, _ = twin.fit_keras(X, Y, config.initial, hidden, progress=progress,
                                           **_settings(config))
        else:
            parameters, _ = twin.L_layer_model(X, Y, None, initial_parameters=config.initial,
                                               activations=hidden, progress=progress,
                                               **_settings(config))
        return as_numpy(parameters)

    def logits(parameters, X):
        if impl == "keras":
            from conventions import layout

            model = twin._softmax_model(parameters, hidden, X.dtype.name, softmax_output=False)
            return np.asarray(model(layout.examples_to_rows(X))).T
        _, caches = twin.L_model_forward(X, parameters, hidden)
        return np.asarray(caches[-1][1])

    def cost(parameters):
        return float(reference.compute_cost_from_logits(logits(parameters, X), Y))

    def predict(parameters, X):
        return np.argmax(logits(parameters, X), axis=0).reshape(1, -1).astype(X.dtype)

    return Implementation(fit, cost, predict)

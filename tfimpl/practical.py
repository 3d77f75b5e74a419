"""The practical toolkit of course 2, week 1, TensorFlow twin: the names, signatures and formulas
of `scratch.practical` (see its docstring), computed with TensorFlow and Keras.

- train_dev_test_split: the permutation is the course's NumPy stream (RandomState(seed), the same
  one scratch draws, so one seed gives both twins the same split); the columns are gathered by
  tf.gather.
- normalization_statistics / normalize_inputs: tf.nn.moments (the population variance, 1/m) and
  (X - mu) / max(sqrt(sigma2), epsilon). keras_normalization(X_train) is the framework's own
  counterpart: keras.layers.Normalization(axis=-1) adapted on X_train.T (examples in rows).
  Keras's adapt computes np.var / ops.var (ddof=0: the same 1/m variance; batched data sets are
  merged by the lack-of-fit formula, also 1/m) and its call divides by
  max(sqrt(variance), backend.epsilon() = 1e-7) (keras/src/layers/preprocessing/normalization.py).
- train_with_early_stopping: a Keras model (tfimpl.keras_bridge.to_keras) trained by model.fit, full batch,
  with keras.callbacks.EarlyStopping(monitor="val_loss", min_delta, patience,
  restore_best_weights=True) doing the stopping and the restoring. Keras's rule
  (keras/src/callbacks/early_stopping.py, monitor_callback.py): "min" mode turns min_delta into
  -|min_delta| and counts current as an improvement when current - (-|min_delta|) < best, i.e.
  current < best - min_delta; the first epoch always improves (best starts as None); `wait` grows
  by one each epoch and returns to 0 on an improvement; training stops after an epoch without one
  when wait >= patience and epoch > 0; on_train_end restores the best epoch's weights whenever
  some were kept (also when training ran to the end). val_loss is evaluated after the epoch's
  update, on the weights that update left: scratch's dev cost of the same epoch.
  One difference is Keras's, and shown in the tests: logs["val_loss"] is a float32 Mean metric,
  so Keras compares costs rounded to ~7 digits; the history returned here holds the course's J
  in the data's dtype, recorded by a callback, as scratch's does. Equal decisions need improvements
  that are not within float32 rounding of min_delta (true of any min_delta > ~1e-6 at J ~ 1).
- flip_horizontal: tf.image.flip_left_right; keras_random_flip(images) is
  keras.layers.RandomFlip("horizontal") with every flip drawn ("flips" all True): deterministic.
"""

import keras
import numpy as np
import tensorflow as tf

from conventions import layout
from conventions import practical_checks as checks
from conventions.validation import (
    check_labels,
    check_matrix,
    check_network_parameters,
    check_non_negative_int,
    check_positive_float,
    check_positive_int,
    check_progress,
    check_same_dtype,
    check_seed,
)
from conventions.vocabulary import default_activations
from tfimpl import deep, keras_bridge
from tfimpl.keras_mapping import course_sgd


# --- data sets ---------------------------------------------------------------------------------------
def default_split_ratios(m):
    """(train, dev, test) fractions for m examples (scratch.practical's rule)."""
    return _default_split_ratios(check_positive_int("m", m))


def _default_split_ratios(m):
    share = tf.minimum(tf.constant(0.2, tf.float64),
                       tf.maximum(tf.constant(0.01, tf.float64),
                                  tf.constant(checks.DEV_TEST_ENOUGH, tf.float64) / m))
    return tuple(float(v) for v in (1 - 2 * share, share, share))


def train_dev_test_split(X, Y, ratios=None, seed=0):
    """(X_train, Y_train, X_dev, Y_dev, X_test, Y_test) as tensors, the columns of one seeded
    permutation (the course's NumPy stream) gathered by tf.gather."""
    X = checks.check_examples("X", X)
    Y = check_matrix("Y", Y, cols=X.shape[1])
    m = X.shape[1]
    ratios = _default_split_ratios(m) if ratios is None else checks.check_ratios(ratios)
    counts = checks.split_counts(m, ratios)
    stream = np.random if seed is None else check_seed(seed)
    return _train_dev_test_split(tf.constant(X), tf.constant(Y), counts, stream)


def _train_dev_test_split(X, Y, counts, stream):
    order = tf.constant(stream.permutation(int(X.shape[1])))
    parts = tf.split(order, list(counts))
    return tuple(tf.gather(a, part, axis=1) for part in parts for a in (X, Y))


# --- input normalisation -------------------------------------------------------------------------------
def normalization_statistics(X_train):
    """(mu, sigma2), each (n_x, 1): tf.nn.moments over the examples (population variance)."""
    return _normalization_statistics(tf.constant(checks.check_examples("X_train", X_train)))


def _normalization_statistics(X):
    mu, sigma2 = tf.nn.moments(X, axes=[1], keepdims=True)
    return mu, sigma2


def normalize_inputs(X, mu, sigma2, epsilon=checks.NORMALIZATION_EPSILON):
    """(X - mu) / max(sqrt(sigma2), epsilon)."""
    X = checks.check_examples("X", X)
    mu, sigma2 = checks.check_statistics(mu, sigma2, X.shape[0])
    check_same_dtype(X=X, mu=mu)
    return _normalize_inputs(tf.constant(X), tf.constant(mu), tf.constant(sigma2),
                             check_positive_float("epsilon", epsilon))


def _normalize_inputs(X, mu, sigma2, epsilon):
    return (X - mu) / tf.maximum(tf.sqrt(sigma2), tf.constant(epsilon, X.dtype))


def normalize_train_dev_test(X_train, X_dev, X_test, epsilon=checks.NORMALIZATION_EPSILON):
    """(X_train_norm, X_dev_norm, X_test_norm, mu, sigma2): the training set's statistics."""
    X_train = checks.check_examples("X_train", X_train)
    sets = [check_matrix(n, a, rows=X_train.shape[0]) for n, a in (("X_dev", X_dev),
                                                                   ("X_test", X_test))]
    check_same_dtype(X_train=X_train, X_dev=sets[0], X_test=sets[1])
    return _normalize_train_dev_test(*(tf.constant(a) for a in (X_train, *sets)),
                                     check_positive_float("epsilon", epsilon))


def _normalize_train_dev_test(X_train, X_dev, X_test, epsilon):
    mu, sigma2 = _normalization_statistics(X_train)
    return (*(_normalize_inputs(X, mu, sigma2, epsilon) for X in (X_train, X_dev, X_test)),
            mu, sigma2)


def keras_normalization(X_train):
    """keras.layers.Normalization adapted on X_train (n_x, m): it takes examples in ROWS
    (layer(X.T) is normalize_inputs(X, ...).T); its weights in X_train's dtype."""
    X_train = checks.check_examples("X_train", X_train)
    layer = keras.layers.Normalization(axis=-1, dtype=X_train.dtype.name)
    layer.adapt(layout.examples_to_rows(X_train))
    return layer


# --- bias and variance ---------------------------------------------------------------------------------
NEXT_STEPS = {
    "high bias": ("a bigger network", "train longer (or a better optimiser)",
                  "another architecture"),
    "high variance": ("more data", "regularisation (L2, dropout, data augmentation)",
                      "another architecture"),
}


def diagnose_bias_variance(train_error, dev_error, bayes_error=0.0,
                           threshold=checks.DIAGNOSIS_THRESHOLD):
    """The diagnosis dict of scratch.practical, the gaps and verdicts computed by tf ops."""
    return _diagnose_bias_variance(*checks.check_rates(train_error, dev_error, bayes_error,
                                                       threshold))


def _diagnose_bias_variance(train_error, dev_error, bayes_error, threshold):
    train, dev, bayes, limit = (tf.constant(v, tf.float64) for v in (train_error, dev_error,
                                                                      bayes_error, threshold))
    avoidable_bias, variance = train - bayes, dev - train
    high_bias, high_variance = bool(avoidable_bias > limit), bool(variance > limit)
    words = [w for w, on in (("high bias", high_bias), ("high variance", high_variance)) if on]
    steps = tuple(s for w in words for s in NEXT_STEPS[w] if s != "another architecture")
    return {"avoidable_bias": float(avoidable_bias), "variance": float(variance),
            "high_bias": high_bias, "high_variance": high_variance,
            "diagnosis": " and ".join(words) if words else "low bias and low variance",
            "next_steps": steps + (("another architecture",) if words else ())}


# --- early stopping ------------------------------------------------------------------------------------
class _Recorder(keras.callbacks.Callback):
    """The course's J on the training set at each epoch's start (before its update) and on the
    dev set at its end (after it), in the data's dtype; progress(epoch, cost) per epoch."""

    def __init__(self, x, Y, x_dev, Y_dev, progress):
        super().__init__()
        self.x, self.Y, self.x_dev, self.Y_dev, self.progress = x, Y, x_dev, Y_dev, progress
        self.cost, self.dev_cost = [], []

    def _cost(self, x, Y):
        return deep._compute_cost(tf.transpose(self.model(x)), Y)

    def on_epoch_begin(self, epoch, logs=None):
        self.cost.append(self._cost(self.x, self.Y))

    def on_epoch_end(self, epoch, logs=None):
        self.dev_cost.append(self._cost(self.x_dev, self.Y_dev))
        if self.progress is not None:
            self.progress(epoch, self.cost[-1])


def train_with_early_stopping(X_train, Y_train, X_dev, Y_dev, layers_dims, learning_rate=0.0075,
                              num_epochs=1000, patience=10, min_delta=0.0, *,
                              initial_parameters=None, progress=None):
    """model.fit with keras.callbacks.EarlyStopping(restore_best_weights=True); returns
    (parameters, history) as scratch's (see the module's docstring)."""
    X_train = checks.check_examples("X_train", X_train)
    Y_train = check_labels("Y_train", Y_train, m=X_train.shape[1]).astype(X_train.dtype)
    X_dev = check_matrix("X_dev", X_dev, rows=X_train.shape[0])
    Y_dev = check_labels("Y_dev", Y_dev, m=X_dev.shape[1]).astype(X_train.dtype)
    check_same_dtype(X_train=X_train, X_dev=X_dev)
    learning_rate = check_positive_float("learning_rate", learning_rate)
    num_epochs = check_non_negative_int("num_epochs", num_epochs)
    patience, min_delta = checks.check_early_stopping(patience, min_delta)
    check_progress(progress)
    if initial_parameters is None:
        if layers_dims is None:
            raise ValueError("layers_dims: required when initial_parameters is not given")
        initial_parameters = deep.initialize_parameters_deep(layers_dims, "xavier",
                                                             X_train.dtype, seed=1)
    parameters, sizes = check_network_parameters(
        {k: np.asarray(v, dtype=X_train.dtype) for k, v in initial_parameters.items()})
    if layers_dims is not None and list(layers_dims) != sizes:
        raise ValueError(f"layers_dims: {list(layers_dims)} does not match initial_parameters' "
                         f"layer sizes {sizes}")
    if sizes[0] != X_train.shape[0]:
        raise ValueError(f"initial_parameters: W1 takes {sizes[0]} inputs, X_train has "
                         f"{X_train.shape[0]} rows")
    return _train_with_early_stopping(X_train, Y_train, X_dev, Y_dev, parameters, sizes,
                                      learning_rate, num_epochs, patience, min_delta, progress)


def keras_early_stopping(patience, min_delta):
    """The callback doing the stopping: EarlyStopping(monitor="val_loss", mode="min", ...)."""
    return keras.callbacks.EarlyStopping(monitor="val_loss", mode="min", min_delta=min_delta,
                                         patience=patience, restore_best_weights=True)


def _train_with_early_stopping(X_train, Y_train, X_dev, Y_dev, parameters, sizes, learning_rate,
                               num_epochs, patience, min_delta, progress):
    dtype = X_train.dtype
    activations = default_activations(len(sizes) - 1)
    model = keras_bridge._to_keras(parameters, sizes, activations, dtype.name)
    model.compile(optimizer=course_sgd(learning_rate, dtype),
                  loss=keras_bridge.CourseBinaryCrossentropy(dtype=dtype.name), jit_compile=False)
    x, y = (tf.constant(layout.examples_to_rows(a)) for a in (X_train, Y_train))
    x_dev, y_dev = (tf.constant(layout.examples_to_rows(a)) for a in (X_dev, Y_dev))
    recorder = _Recorder(x, tf.constant(Y_train), x_dev, tf.constant(Y_dev), progress)
    stopping = keras_early_stopping(patience, min_delta)
    if num_epochs:
        # one full batch, fed as a Dataset: Keras casts float64 arrays to float32 (see deep.fit_keras)
        model.fit(tf.data.Dataset.from_tensors((x, y)), epochs=num_epochs, shuffle=False,
                  verbose=0, validation_data=tf.data.Dataset.from_tensors((x_dev, y_dev)),
                  callbacks=[recorder, stopping])
    history = {"cost": recorder.cost, "dev_cost": recorder.dev_cost,
               "best_epoch": int(stopping.best_epoch) if num_epochs else 0,
               "stopped_epoch": int(stopping.stopped_epoch) if num_epochs else 0}
    return keras_bridge._from_keras(model.get_weights()), history


# --- data augmentation ---------------------------------------------------------------------------------
def flip_horizontal(images):
    """(m, h, w, c) images mirrored left-right: tf.image.flip_left_right."""
    return _flip_horizontal(tf.constant(checks.check_images("images", images)))


def _flip_horizontal(images):
    return tf.image.flip_left_right(images)


def augment_with_flips(images, labels):
    """(images followed by their mirrors (2m, h, w, c), labels repeated along their last axis)."""
    images = checks.check_images("images", images)
    labels = checks.check_image_labels(labels, images.shape[0])
    return _augment_with_flips(tf.constant(images), tf.constant(labels))


def _augment_with_flips(images, labels):
    return (tf.concat([images, _flip_horizontal(images)], axis=0),
            tf.concat([labels, labels], axis=-1))


def keras_random_flip(images):
    """keras.layers.RandomFlip("horizontal") on (m, h, w, c) images with every flip drawn
    (transformation {"flips": all True}): the deterministic case of the random layer."""
    images = tf.constant(checks.check_images("images", images))
    layer = keras.layers.RandomFlip("horizontal", dtype=images.dtype.name)
    flips = tf.ones((images.shape[0], 1, 1, 1), tf.bool)
    return layer.transform_images(images, {"flips": flips, "input_shape": images.shape},
                                  training=True)

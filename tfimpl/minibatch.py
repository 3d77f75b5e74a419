"""The course's mini-batch training loop (course 2, week 2's `model`), TensorFlow twin, shared by
the networks of `tfimpl.batchnorm` and `tfimpl.softmax` (not a course module of its own).

The same loop as `scratch.minibatch` — seed 10, seed + 1 before each epoch's
random_mini_batches (tfimpl.optimization's: NumPy's permutation, TF's gather, so both twins see
the very same mini-batches), the epoch's mean mini-batch cost recorded every
vocabulary.COST_EVERY[module] epochs — with each update one `step(X_b, Y_b)`: a tf.GradientTape
over the forward pass and the cost, gradients applied by the Keras optimizer of
keras_mapping.course_optimizer to tf.Variables holding the parameters. `compile_step` runs the
step as one traced graph for every mini-batch size (input shapes (n, None)).
"""

import keras
import numpy as np
import tensorflow as tf

from conventions.vocabulary import MINI_BATCH_SEED, records_cost
from tfimpl import optimization

COMPILE_AFTER = 8        # steps below which tracing (~0.2 s) costs more than it saves


def compile_step(step, X, Y, num_steps, compiled=None):
    """`step` as a tf.function over mini-batches (n_x, None), (n_y, None) when compiled is True,
    or None and the run is longer than COMPILE_AFTER steps; else `step` itself (eager)."""
    if compiled is False or (compiled is None and num_steps <= COMPILE_AFTER):
        return step
    signature = [tf.TensorSpec((X.shape[0], None), X.dtype),
                 tf.TensorSpec((Y.shape[0], None), Y.dtype)]
    # the concrete function, called directly: tf.function's own dispatch costs ~5 ms a call here
    return tf.function(step, input_signature=signature, autograph=False).get_concrete_function()


def num_steps(m, mini_batch_size, num_epochs):
    return -(-m // mini_batch_size) * num_epochs


def train(X, Y, step, module, mini_batch_size, num_epochs, print_cost=False, progress=None):
    """The loop. step(X_b, Y_b) -> the mini-batch's cost (a 0-d tensor), after which the step has
    updated its variables. Returns the recorded costs (0-d tensors)."""
    m = int(X.shape[1])
    seed = MINI_BATCH_SEED
    costs = []
    for i in range(num_epochs):
        seed += 1
        total = tf.zeros((), X.dtype)
        for X_b, Y_b in optimization._random_mini_batches(X, Y, mini_batch_size,
                                                          np.random.RandomState(seed)):
            total = total + step(X_b, Y_b) * tf.cast(tf.shape(X_b)[1], X.dtype)
        cost = total / tf.cast(m, X.dtype)
        recorded = records_cost(module, i)
        if print_cost and (recorded or i == num_epochs - 1):
            print(f"Cost after epoch {i}: {float(cost)}")
        if recorded:
            costs.append(cost)
            if progress is not None:
                progress(i, cost)
    return costs


# --- the Keras model.fit path: the same mini-batches, the epoch's mean cost ----------------------
def batch_stream(X, Y, mini_batch_size, num_epochs):
    """The course's mini-batches of every epoch (seed 10 + 1 per epoch), in order, examples in
    rows (x_b = X_b.T, y_b = Y_b.T), as one tf.data stream of X's dtype (Keras's array adapter
    would cast float64 arrays to float32; a dataset is fed as it is). model.fit(stream,
    epochs=num_epochs, steps_per_epoch=ceil(m / size)) keeps one iterator across its epochs, so
    Keras's epoch e is the course's epoch e."""
    def batches():
        seed = MINI_BATCH_SEED
        for _ in range(num_epochs):
            seed += 1
            for X_b, Y_b in optimization._random_mini_batches(X, Y, mini_batch_size,
                                                              np.random.RandomState(seed)):
                yield tf.transpose(X_b), tf.transpose(Y_b)

    signature = (tf.TensorSpec((None, X.shape[0]), X.dtype),
                 tf.TensorSpec((None, Y.shape[0]), Y.dtype))
    return tf.data.Dataset.from_generator(batches, output_signature=signature)


class RecordingLoss(keras.losses.Loss):
    """`loss` (a keras.losses.Loss) as it is — its `call` sees y_pred as Keras hands it, so a
    Keras softmax or sigmoid output keeps its logits — that also adds the mini-batch's summed cost
    J_b * m_b to the variable `total` (the course's epoch cost is total / m)."""

    def __init__(self, loss, total):
        super().__init__(name=loss.name, reduction="sum_over_batch_size", dtype=loss.dtype)
        self.loss, self.total = loss, total

    def call(self, y_true, y_pred):
        values = self.loss.call(y_true, y_pred)
        if len(values.shape) == 0:                       # the batch's mean J itself
            summed = values * tf.cast(tf.shape(y_pred)[0], values.dtype)
        else:                                            # per-example losses
            summed = tf.reduce_sum(values)
        self.total.assign_add(tf.cast(summed, self.total.dtype))
        return values


class EpochCostRecorder(keras.callbacks.Callback):
    """Resets `total` before each epoch; records total / m (and calls progress) after the epochs
    vocabulary.COST_EVERY[module] records."""

    def __init__(self, total, m, module, progress):
        super().__init__()
        self.total, self.m, self.module, self.progress = total, m, module, progress
        self.costs = []

    def on_epoch_begin(self, epoch, logs=None):
        self.total.assign(tf.zeros((), self.total.dtype))

    def on_epoch_end(self, epoch, logs=None):
        if records_cost(self.module, epoch):
            cost = self.total.read_value() / tf.constant(self.m, self.total.dtype)
            self.costs.append(cost)
            if self.progress is not None:
                self.progress(epoch, cost)


def fit(model, loss, optimizer, X, Y, mini_batch_size, num_epochs, module, progress):
    """model.fit on batch_stream with RecordingLoss(loss) and an EpochCostRecorder: the costs."""
    total = tf.Variable(tf.zeros((), X.dtype), trainable=False)
    model.compile(optimizer=optimizer, loss=RecordingLoss(loss, total), jit_compile=False)
    recorder = EpochCostRecorder(total, int(X.shape[1]), module, progress)
    if num_epochs:
        model.fit(batch_stream(X, Y, mini_batch_size, num_epochs), epochs=num_epochs,
                  steps_per_epoch=-(-int(X.shape[1]) // mini_batch_size), shuffle=False,
                  verbose=0, callbacks=[recorder])
    return recorder.costs

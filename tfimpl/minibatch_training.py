"""The TF twin's mini-batch training loop (tfimpl.optimization.model): one epoch as one graph.

An EpochRunner holds the network's parameters in variables and a Keras optimizer built on them
(the mappings of tfimpl.keras_mapping: course_sgd, CourseMomentumSGD, CourseRMSprop, CourseAdam),
its learning rate in a variable of the parameters' dtype. One epoch takes the epoch's
permutation (NumPy's RandomState(seed).permutation(m): the course's batches, the same in both
twins), gathers the columns with tf.gather, cuts the mini-batches (their bounds fixed by m and
the size: the last one partial), and for each: a tape over the forward pass to the output's Z_L, the
gradients taken from Z_L down with the assignment's output gradient dZL = 1/m_b (AL - Y)
(tape.gradient(Z_L, variables, output_gradients=dZL)), finite where the output saturates (the
course's formula differentiated through log AL would divide 0 by 0 there; in float32 that happens
within the course's 10000 Adam epochs); one apply_gradients. The recorded cost is the
course's J_b = sum(-Y log AL - (1 - Y) log(1 - AL)) at AL = sigmoid(Z_L), summed over the
batches. Traced once as a concrete function (compiled) —
per-epoch Python work is then one call — or run eagerly (the same ops).

State crosses in the course's terms: v, s, t, held by the optimizers' slots as they are (momentum
by keras_mapping.CourseVelocitySGD, whose slot is the course's v: SGD's m = -alpha v would not
survive a rate changed by a decay, nor a save and resume, bit for bit). Adam's `iterations` is t:
CourseAdam's step uses t + 1.
"""

import numpy as np
import tensorflow as tf

from tfimpl import activations as tf_activations
from tfimpl import graphs, keras_mapping


def summed_cost(AL, Y):
    """sum(-Y log AL - (1 - Y) log(1 - AL)) over the mini-batch (the course's cost_total)."""
    return tf.reduce_sum(-tf.math.log(AL) * Y + -tf.math.log(1 - AL) * (1 - Y))


class EpochRunner:
    def __init__(self, X, Y, parameters, activations, optimizer, learning_rate, mini_batch_size,
                 beta, beta1, beta2, epsilon, state, compiled):
        dtype = X.dtype
        self.X, self.Y, self.kind = X, Y, optimizer
        self.activations, self.names = activations, list(parameters)
        # Unnamed: TensorFlow keeps ~35 KB of native memory for every named variable it made.
        self.variables = {k: tf.Variable(v) for k, v in parameters.items()}
        self.var_list = list(self.variables.values())
        self.alpha = learning_rate
        self.rate = tf.Variable(tf.constant(learning_rate, dtype))
        self.optimizer = {
            "gd": lambda: keras_mapping.course_sgd(self.rate, dtype),
            "momentum": lambda: keras_mapping.CourseVelocitySGD(
                learning_rate=keras_mapping.exact_learning_rate(self.rate, dtype), momentum=beta),
            "rmsprop": lambda: keras_mapping.course_rmsprop(self.rate, beta, epsilon, dtype),
            "adam": lambda: keras_mapping.course_adam(self.rate, beta1, beta2, epsilon, dtype),
        }[optimizer]()
        self.optimizer.build(self.var_list)
        self._set_state(state)
        m = int(X.shape[1])
        self.bounds = [(a, min(a + mini_batch_size, m)) for a in range(0, m, mini_batch_size)]
        self.m = m
        if compiled:
            spec = tf.TensorSpec((m,), tf.int64)
            self.graph = tf.function(self._epoch, autograph=False, jit_compile=False
                                     ).get_concrete_function(spec)
        else:
            self.graph = None

    def _slots(self, name):
        o = self.optimizer
        found = {"momentum": lambda: o.momentums, "rms": lambda: o._velocities,
                 "adam_v": lambda: o._momentums, "adam_s": lambda: o._velocities}[name]()
        return [found[o._get_variable_index(var)] for var in self.var_list]

    def _set_state(self, state):
        names = [f"d{n}" for n in self.names]
        pairs = {"momentum": [("momentum", "v")], "rmsprop": [("rms", "s")],
                 "adam": [("adam_v", "v"), ("adam_s", "s")]}.get(self.kind, [])
        for slot_name, key in pairs:
            for slot, name in zip(self._slots(slot_name), names):
                slot.assign(tf.constant(np.asarray(state[key][name]), slot.dtype))
        self.optimizer.iterations.assign(int(state["t"]))

    def state(self):
        """{"v", "s" (as the optimizer keeps them), "t"} in the course's terms (tensors)."""
        names = [f"d{n}" for n in self.names]
        out = {"t": int(self.optimizer.iterations.numpy())}
        if self.kind == "momentum":
            out["v"] = {n: tf.identity(s.value) for n, s in zip(names, self._slots("momentum"))}
        elif self.kind == "rmsprop":
            out["s"] = {n: tf.identity(s.value) for n, s in zip(names, self._slots("rms"))}
        elif self.kind == "adam":
            out["v"] = {n: tf.identity(s.value) for n, s in zip(names, self._slots("adam_v"))}
            out["s"] = {n: tf.identity(s.value) for n, s in zip(names, self._slots("adam_s"))}
        return out

    def parameters(self):
        return {k: tf.convert_to_tensor(v) for k, v in self.variables.items()}

    def set_learning_rate(self, alpha):
        """The course's rate for the next epochs (a decay's new value)."""
        if alpha != self.alpha:
            self.alpha = alpha
            self.rate.assign(tf.constant(alpha, self.rate.dtype))

    def _epoch(self, permutation):
        X = tf.gather(self.X, permutation, axis=1)
        Y = tf.gather(self.Y, permutation, axis=1)
        total = tf.constant(0, self.X.dtype)
        for a, b in self.bounds:
            mini_X, mini_Y = X[:, a:b], Y[:, a:b]
            with tf.GradientTape() as tape:
                Z = self._output_logits(mini_X)
            AL = tf_activations.sigmoid(Z)
            dZ = tf.constant(1. / (b - a), Z.dtype) * (AL - mini_Y)
            grads = tape.gradient(Z, self.var_list, output_gradients=dZ)
            total = total + summed_cost(AL, mini_Y)
            self.optimizer.apply_gradients(zip(grads, self.var_list))
        return total

    def _output_logits(self, X):
        """Z_L: the hidden layers' activations applied, the output's sigmoid not."""
        A = X
        L = len(self.activations)
        for l, activation in enumerate(self.activations, start=1):
            Z = tf.matmul(self.variables[f"W{l}"], A) + self.variables[f"b{l}"]
            A = tf_activations.FORWARD[activation](Z) if l < L else Z
        return A

    def epoch(self, seed):
        """One epoch on the course's batches of `seed`; returns the summed cost (a 0-d tensor)."""
        permutation = tf.constant(np.random.RandomState(seed).permutation(self.m), tf.int64)
        if self.graph is None:
            return self._epoch(permutation)
        return graphs.call_graph(self.graph, [permutation], (permutation,))

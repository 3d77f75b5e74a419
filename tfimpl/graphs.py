"""How the TF twin runs repeated calls as traced graphs, shared by its modules.

- COMPILE_AFTER: a training loop traces its step as one tf.function when it runs more than this
  many iterations (tracing costs ~50-100 ms; an eager step a few ms on the course's networks).
- call_graph: call a concrete function with its tensors handed over flat.
- SGDStep / sgd_update: one Keras SGD step (course_sgd) on variables and an optimizer that are
  made once per network shape and reused, so that `update_parameters` called in the course's
  own loop creates no variables and keeps no memory per call.
"""

import collections

import tensorflow as tf

from tfimpl.keras_mapping import course_sgd

COMPILE_AFTER = 10


def call_graph(graph, tensors, args):
    """graph(*args) for a concrete function traced on args of these very shapes and dtypes, its
    tensors handed over flat (`_call_flat`, the call TensorFlow itself makes once it has bound
    the arguments: the public call binds ~15 tensors to the signature again, ~0.2 ms per
    backward pass). Falls back to the public call if a TensorFlow version lacks `_call_flat`."""
    call_flat = getattr(graph, "_call_flat", None)
    if call_flat is None:
        return graph(*args)
    return call_flat(tensors, graph.captured_inputs)



class SGDStep:
    """Variables shaped like one network's parameters and a course_sgd optimizer built on them,
    with the learning rate in a variable of their dtype, and the step as one traced graph
    (a concrete function, traced once per _SGDStep; Keras's eager apply_gradients costs ~40
    Python-driven ops).

    A step assigns the given parameters and learning rate into the variables, applies the
    gradients with the optimizer and returns the variables' new values. Nothing carried from one
    step to the next enters the result: every value is assigned anew, and SGD's only state, its
    iteration count, does not enter its update — so a reused step computes exactly what a fresh
    optimizer on fresh variables does (parity_tests/test_loop_cost.py checks it bit for bit).
    """

    def __init__(self, shapes, dtype):
        self.names = [name for name, _ in shapes]
        # Unnamed: TensorFlow keeps ~35 KB of native memory for every named variable it made.
        self.variables = [tf.Variable(tf.zeros(shape, dtype)) for _, shape in shapes]
        self.learning_rate = tf.Variable(tf.zeros((), dtype))
        self.optimizer = course_sgd(self.learning_rate, dtype)
        self.optimizer.build(self.variables)
        self.dtype = dtype
        specs = [tf.TensorSpec(shape, dtype) for _, shape in shapes]
        self.step = tf.function(self._step, autograph=False, jit_compile=False
                                ).get_concrete_function(specs, specs, tf.TensorSpec((), dtype))

    def _step(self, parameters, grads, learning_rate):
        self.learning_rate.assign(learning_rate)
        for variable, value in zip(self.variables, parameters):
            variable.assign(value)
        self.optimizer.apply_gradients(zip(grads, self.variables))
        return [variable.read_value() for variable in self.variables]

    def __call__(self, parameters, grads, learning_rate):
        values = [parameters[name] for name in self.names]
        gradients = [grads[f"d{name}"] for name in self.names]
        rate = tf.constant(learning_rate, self.dtype)
        updated = call_graph(self.step, values + gradients + [rate], (values, gradients, rate))
        return dict(zip(self.names, updated))


SGD_STEPS = collections.OrderedDict()
KEEP_SGD_STEPS = 4          # networks whose steps are kept (least recently used dropped first)


def sgd_step(parameters):
    """The _SGDStep for these parameters' names, shapes and dtype (made on first use)."""
    key = (tuple((name, tuple(value.shape)) for name, value in parameters.items()),
           parameters["W1"].dtype.name)
    step = SGD_STEPS.pop(key, None)
    if step is None:
        while len(SGD_STEPS) >= KEEP_SGD_STEPS:
            SGD_STEPS.popitem(last=False)
        step = SGDStep(*key)
    SGD_STEPS[key] = step
    return step


def sgd_update(parameters, grads, learning_rate):
    """{name: W - learning_rate * dW} for every parameter, by the reused SGDStep of this network
    (parameters, grads: dicts of tensors keyed "W1", ... and "dW1", ...)."""
    return sgd_step(parameters)(parameters, grads, learning_rate)

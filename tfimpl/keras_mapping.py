"""Where Keras's formulas or defaults differ from the course, as small named mappings.

Each function returns the Keras object configured so that it computes exactly the course's
update; `parity_tests/test_keras_mapping.py` shows the naive setting disagreeing and the mapped one
agreeing.
"""

import keras
import tensorflow as tf


def exact_learning_rate(learning_rate, dtype):
    """A learning rate Keras will use at full `dtype` precision.

    Keras stores a float `learning_rate` in a variable of `keras.config.floatx()` (float32 by
    default) and casts it to the parameter's dtype at each step: in float64 training 0.005 becomes
    0.004999999888241291, a relative change of 2.2e-8 to every step. A callable is evaluated as is,
    so returning a constant of the parameters' dtype keeps the course's value exactly.

    learning_rate: a number, or a `tf.Variable` of `dtype` holding it — the rate then is whatever
    the variable holds at each step (a step reused for many calls assigns each call's rate).
    """
    if isinstance(learning_rate, tf.Variable):
        if learning_rate.dtype != tf.as_dtype(dtype):
            raise TypeError(f"learning_rate: expected a variable of {tf.as_dtype(dtype).name}, "
                            f"got {learning_rate.dtype.name}")
        return lambda: learning_rate.read_value()
    value = tf.constant(learning_rate, dtype=dtype)
    return lambda: value


def course_sgd(learning_rate, dtype):
    """keras.optimizers.SGD computing the course's W <- W - alpha * dW exactly in `dtype`
    (learning_rate: a number, or a tf.Variable of `dtype`; see exact_learning_rate)."""
    return keras.optimizers.SGD(learning_rate=exact_learning_rate(learning_rate, dtype))

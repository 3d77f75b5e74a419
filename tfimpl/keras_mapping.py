"""Where Keras's formulas or defaults differ from the course, as small named mappings.

Each function returns the Keras object configured so that it computes exactly the course's
update; `parity_tests/test_keras_mapping.py` shows the naive setting disagreeing and the mapped one
agreeing.
"""

import keras
import numpy as np
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


def course_batch_normalization(momentum, epsilon, dtype, gamma=None, beta=None,
                               running_mean=None, running_var=None):
    """keras.layers.BatchNormalization computing the course's batch norm of `scratch.batchnorm`
    on examples in ROWS (x = Z.T, (m, n)), built for n = len(gamma) units, in `dtype`.

    - axis=-1: Keras normalises each feature (column of x) over the batch axis 0, which is the
      course's per-unit normalisation over the examples (the columns of Z).
    - momentum: Keras's momentum is the weight of the OLD moving value,
      moving = moving * momentum + batch * (1 - momentum), the course's meaning: pass it as is
      (PyTorch's momentum is the weight of the new value, 1 - momentum here). Keras's default 0.99.
    - epsilon: inside the root in both (tf.nn.batch_normalization: rsqrt(variance + epsilon));
      Keras's default 1e-3, the course's vocabulary.BATCHNORM_EPSILON 1e-8.
    - the moving variance: Keras 3 feeds it the BIASED batch variance (tf.nn.moments, the mean of
      squared deviations), as the course does (Keras 2 and PyTorch the unbiased one);
      parity_tests/test_batchnorm.py pins it.
    - dtype: the layer's variables and computation ("float64" keeps float64 throughout; Keras's
      default policy would make them float32).
    gamma, beta, running_mean, running_var: (n, 1) course columns (default: Keras's initial
    ones, zeros, zeros, ones); stored in Keras layout (n,).
    """
    from conventions import layout

    columns = {"gamma": gamma, "beta": beta, "running_mean": running_mean,
               "running_var": running_var}
    n = next((np.asarray(v).shape[0] for v in columns.values() if v is not None), None)
    if n is None:
        raise ValueError("course_batch_normalization: give at least gamma (n, 1) to size the layer")
    layer = keras.layers.BatchNormalization(axis=-1, momentum=momentum, epsilon=epsilon,
                                            dtype=tf.as_dtype(dtype).name)
    layer.build((None, n))
    defaults = {"gamma": np.ones((n, 1)), "beta": np.zeros((n, 1)),
                "running_mean": np.zeros((n, 1)), "running_var": np.ones((n, 1))}
    weights = [layout.to_keras_layout(f"{name}1", defaults[name] if value is None else value)
               for name, value in columns.items()]
    layer.set_weights([w.astype(tf.as_dtype(dtype).as_numpy_dtype) for w in weights])
    return layer


def course_categorical_crossentropy(dtype, layout="rows"):
    """keras.losses.CategoricalCrossentropy computing the course's softmax cross-entropy
    J = 1/m sum_j (logsumexp(ZL[:, j]) - ZL[y_j, j]) from LOGITS, in `dtype`.

    - from_logits=True: Keras's own stable formula on the logits (with probabilities it clips
      them to [1e-7, 1 - 1e-7], so a confident wrong class costs -log(1e-7) = 16.1, not inf).
    - the classes' axis: Keras's default axis=-1 takes examples in rows (y_true = Y.T,
      y_pred = ZL.T, layout="rows"); on the course's (C, m) arrays as they are, axis=0
      (layout="columns"). The default axis on (C, m) arrays normalises over the examples instead.
    - reduction: the default "sum_over_batch_size" is the mean over the m examples, the course's
      1/m.
    - dtype: a Keras loss computes in its own dtype (floatx, float32, by default), rounding
      float64 logits; pass the parameters' dtype.
    """
    if layout not in ("rows", "columns"):
        raise ValueError(f"layout: expected 'rows' (Keras's x = X.T) or 'columns' (the course's), "
                         f"got {layout!r}")
    return keras.losses.CategoricalCrossentropy(from_logits=True, axis=-1 if layout == "rows" else 0,
                                                dtype=tf.as_dtype(dtype).name)

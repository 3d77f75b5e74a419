"""Where Keras's formulas or defaults differ from the course, as small named mappings.

Each function returns the Keras object configured so that it computes exactly the course's
update; `parity_tests/test_keras_mapping.py` shows the naive setting disagreeing and the mapped one
agreeing.
"""

import keras
import numpy as np
import tensorflow as tf
from keras import ops


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


# --- course 2: momentum, RMSprop, Adam ------------------------------------------------------------
# Every mapping below is exact in real arithmetic; what differs is rounding, bounded in
# parity_tests/test_optimization.py, where the unmapped settings are shown to differ measurably.

def momentum_sgd_learning_rate(learning_rate, beta):
    """Keras SGD's eta for the course's momentum: eta = alpha (1 - beta).

    Keras: m <- mu m - eta g, w <- w + m.  Course: v <- beta v + (1 - beta) g, w <- w - alpha v.
    With mu = beta and eta = alpha (1 - beta), m = -alpha v at every step (induction from
    m = -alpha v before it), so the updates agree exactly at a constant learning rate."""
    return learning_rate * (1 - beta)


def course_momentum_sgd(learning_rate, beta, dtype):
    """CourseMomentumSGD(momentum=beta, learning_rate=alpha (1 - beta)) with the rate kept at full
    `dtype` precision (learning_rate: the course's alpha as a number, or a tf.Variable of `dtype`
    already holding alpha (1 - beta))."""
    if not isinstance(learning_rate, tf.Variable):
        learning_rate = momentum_sgd_learning_rate(learning_rate, beta)
    return CourseMomentumSGD(learning_rate=exact_learning_rate(learning_rate, dtype),
                             momentum=beta)


class CourseMomentumSGD(keras.optimizers.SGD):
    """keras.optimizers.SGD's momentum update, m <- mu m - eta g, w <- w + m (its slot "momentum",
    not Nesterov), with mu meeting the variables at their own precision.

    Stock SGD casts its Python float momentum with ops.cast, which converts it to a floatx
    (float32) tensor first: in float64, mu = 0.9 becomes 0.8999999761581421, every step's
    velocity 2.7e-8 relative off the course's (parity_tests/test_optimization.py pins it). This
    class changes that one conversion; for a mu exact in float32 (0.875) it computes what stock
    SGD does bit for bit."""

    def update_step(self, gradient, variable, learning_rate):
        if self.nesterov or self.momentum == 0:
            raise ValueError("CourseMomentumSGD: the course's momentum is not Nesterov and not 0")
        learning_rate = ops.cast(learning_rate, variable.dtype)
        gradient = ops.cast(gradient, variable.dtype)
        m = self.momentums[self._get_variable_index(variable)]
        momentum = tf.constant(self.momentum, variable.dtype)
        self.assign(m, ops.subtract(ops.multiply(m, momentum),
                                    ops.multiply(gradient, learning_rate)))
        self.assign_add(variable, m)


def momentum_slot_from_velocity(v, learning_rate):
    """Keras SGD's "momentum" slot for the course's velocity v (a tensor): m = -alpha v.
    alpha meets v as a constant of v's dtype (a Python float would be rounded to float32 once
    Keras has run)."""
    return -(tf.constant(learning_rate, v.dtype) * v)


def velocity_from_momentum_slot(m, learning_rate):
    """The course's velocity from Keras SGD's slot m (a tensor): v = -m / alpha."""
    return -(m / tf.constant(learning_rate, m.dtype))


def course_rmsprop(learning_rate, beta, epsilon, dtype, epsilon_inside=False):
    """An RMSprop computing the course's update in `dtype`.

    epsilon_inside=True: keras.optimizers.RMSprop(rho=beta, epsilon=epsilon) itself, which
    computes w <- w - alpha g / sqrt(s + eps) — the course's formula with eps moved inside the root
    (equal to the course's for eps = 0 only).
    epsilon_inside=False (the course's w <- w - alpha g / (sqrt(s) + eps)): no RMSprop setting
    gives it (sqrt(s + eps') = sqrt(s) + eps needs eps' = 2 eps sqrt(s) + eps^2, a different
    eps' per entry and step), so CourseRMSprop, Keras's RMSprop with that one line changed."""
    kind = keras.optimizers.RMSprop if epsilon_inside else CourseRMSprop
    return kind(learning_rate=exact_learning_rate(learning_rate, dtype), rho=beta,
                epsilon=epsilon)


class CourseRMSprop(keras.optimizers.RMSprop):
    """keras.optimizers.RMSprop (its slots "velocity" = the course's s, its configuration and
    serialisation) with the course's denominator sqrt(s) + epsilon (no momentum, not centered):
    s <- rho s + (1 - rho) g^2, w <- w - lr g / (sqrt(s) + epsilon)."""

    def update_step(self, gradient, variable, learning_rate):
        if self.momentum > 0 or self.centered:
            raise ValueError("CourseRMSprop: the course's RMSprop has no momentum and is not "
                             "centered")
        lr = ops.cast(learning_rate, variable.dtype)
        gradient = ops.cast(gradient, variable.dtype)
        s = self._velocities[self._get_variable_index(variable)]
        self.assign(s, ops.add(ops.multiply(self.rho, s),
                               ops.multiply(1 - self.rho, ops.square(gradient))))
        self.assign_sub(variable, ops.divide(ops.multiply(lr, gradient),
                                             ops.add(ops.sqrt(s), self.epsilon)))


class CourseAdam(keras.optimizers.Adam):
    """keras.optimizers.Adam (its slots: "momentum" = the course's v, "velocity" = s; its step count
    `iterations` = t - 1 before the t-th update) computing the course's bias-corrected update:

        v <- beta1 v + (1 - beta1) g,     s <- beta2 s + (1 - beta2) g^2,
        w <- w - lr (v / (1 - beta1^t)) / (sqrt(s / (1 - beta2^t)) + epsilon).

    Why a subclass. Stock Adam computes lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t) and
    w <- w - lr_t m / (sqrt(v) + eps_hat): the course's update exactly when
    eps_hat = eps sqrt(1 - beta2^t), a value that changes every step (no fixed setting matches;
    `adam_epsilon_for_step` gives it for one step), and it moves its moments as
    m <- m + (g - m)(1 - beta1), which rounds differently from beta1 m + (1 - beta1) g. Stock Adam
    also raises beta to the power t in the variable's dtype (in float32, 1 - 0.999^1 comes out
    1.3e-5 off); here 1 - beta^t is computed in float64 and then cast, as the course's NumPy code
    does with Python floats. Only update_step changes: building, slots, `iterations`, learning
    rate handling and serialisation are Keras's own."""

    def update_step(self, gradient, variable, learning_rate):
        if self.amsgrad:
            raise ValueError("CourseAdam: the course's Adam has no amsgrad")
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        t = ops.cast(self.iterations + 1, "float64")
        # ops.cast(python_float, ...) would round through floatx (float32): make float64 directly
        beta1, beta2 = tf.constant(self.beta_1, tf.float64), tf.constant(self.beta_2, tf.float64)
        correction1 = ops.cast(1 - ops.power(beta1, t), dtype)
        correction2 = ops.cast(1 - ops.power(beta2, t), dtype)
        index = self._get_variable_index(variable)
        v, s = self._momentums[index], self._velocities[index]
        self.assign(v, ops.add(ops.multiply(self.beta_1, v), ops.multiply(1 - self.beta_1, gradient)))
        self.assign(s, ops.add(ops.multiply(self.beta_2, s),
                               ops.multiply(1 - self.beta_2, ops.square(gradient))))
        v_corrected = ops.divide(v, correction1)
        s_corrected = ops.divide(s, correction2)
        self.assign_sub(variable, ops.divide(ops.multiply(lr, v_corrected),
                                             ops.add(ops.sqrt(s_corrected), self.epsilon)))


def course_adam(learning_rate, beta1, beta2, epsilon, dtype):
    """CourseAdam(beta_1=beta1, beta_2=beta2, epsilon=epsilon) with the rate exact in `dtype`."""
    return CourseAdam(learning_rate=exact_learning_rate(learning_rate, dtype), beta_1=beta1,
                      beta_2=beta2, epsilon=epsilon)


def adam_epsilon_for_step(epsilon, beta2, t):
    """Stock Adam's epsilon that makes its t-th update the course's: eps sqrt(1 - beta2^t).

    With c1 = 1 - beta1^t, c2 = 1 - beta2^t, the course's step is
    lr (v / c1) / (sqrt(s / c2) + eps) = (lr sqrt(c2) / c1) v / (sqrt(s) + eps sqrt(c2)),
    stock Adam's lr_t v / (sqrt(s) + eps_hat) with lr_t = lr sqrt(c2) / c1."""
    return epsilon * (1 - beta2 ** t) ** 0.5


# --- course 2: learning-rate decay ------------------------------------------------------------------
def course_inverse_time_decay(learning_rate0, decay_rate, time_interval=1, steps_per_epoch=1,
                              dtype="float64"):
    """keras.optimizers.schedules.InverseTimeDecay computing the course's decay
    learning_rate0 / (1 + decay_rate * floor(epoch / time_interval)) when called with the 0-based
    step count (epoch * steps_per_epoch + the step within the epoch): decay_steps =
    steps_per_epoch * time_interval, staircase=True. (Keras 3 ignores an optimizer's `decay=`.)

    learning_rate0 and decay_rate enter as constants of `dtype`: given as Python floats, the
    schedule computes in float32 (its dtype is that of convert_to_tensor(learning_rate0)) and
    ops.cast(decay_rate, float64) would still round decay_rate through float32. The schedule then
    holds tensors, so its get_config is not serialisable: it is for computing, not saving."""
    return keras.optimizers.schedules.InverseTimeDecay(
        tf.constant(learning_rate0, dtype), decay_steps=steps_per_epoch * time_interval,
        decay_rate=tf.constant(decay_rate, dtype), staircase=True)


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


# --- course 2: the mini-batch loops' optimizers and the batch-normalised network ------------------
def course_optimizer(name, learning_rate, dtype, beta=0.9, beta1=0.9, beta2=0.999, epsilon=1e-8):
    """The Keras optimizer computing the course's update `name` ("gd", "momentum", "rmsprop",
    "adam") in `dtype`, by the mappings above: course_sgd, course_momentum_sgd (mu = beta,
    eta = lr (1 - beta)), course_rmsprop (sqrt(s) + eps) and course_adam (CourseAdam: its
    `iterations` + 1 is the course's t, so a fresh optimizer's first update is t = 1)."""
    if name == "gd":
        return course_sgd(learning_rate, dtype)
    if name == "momentum":
        return course_momentum_sgd(learning_rate, beta, dtype)
    if name == "rmsprop":
        return course_rmsprop(learning_rate, beta, epsilon, dtype)
    if name == "adam":
        return course_adam(learning_rate, beta1, beta2, epsilon, dtype)
    raise ValueError(f"optimizer: expected one of gd, momentum, rmsprop, adam, got {name!r}")


KERAS_HIDDEN = {"relu": "relu", "tanh": "tanh", "sigmoid": "sigmoid"}


def course_batchnorm_network(parameters, running, activations, momentum, epsilon, dtype):
    """A keras.Sequential computing the course's batch-normalised network (scratch.batchnorm's
    L_model_forward_bn, examples in rows: model(X.T) = AL.T), holding exactly `parameters`
    (W1, gamma1, beta1, ..., WL, bL) and `running` (running_mean{l}, running_var{l}):

        hidden layer l: Dense(n_l, use_bias=False) with kernel W{l}.T (the course's b dropped:
                        the batch mean would cancel it) -> course_batch_normalization(momentum,
                        epsilon, dtype) holding gamma{l}, beta{l}, running_mean{l}, running_var{l}
                        as (n,) vectors (momentum: the weight of the OLD moving value, as the
                        course's; epsilon inside the root in both) -> Activation(g{l})
        output layer:   Dense(n_L, activation="sigmoid") with kernel W{L}.T, bias b{L}.ravel()

    Keras's call(training=True) is the course's training mode (batch statistics, moving ones
    updated), call(training=False) its inference. activations: the L - 1 hidden names (relu,
    tanh, sigmoid: Keras's compute the course's; leaky_relu's slope is not Keras's default)."""
    from conventions import layout

    L = len(activations) + 1
    model = keras.Sequential([keras.Input(shape=(parameters["W1"].shape[1],), dtype=dtype)],
                             name="L_layer_model_bn")
    for l, activation in enumerate(activations, start=1):
        W = np.asarray(parameters[f"W{l}"])
        dense = keras.layers.Dense(W.shape[0], use_bias=False, dtype=dtype, name=f"linear{l}")
        model.add(dense)
        dense.set_weights([layout.to_keras_layout(f"W{l}", W)])
        model.add(course_batch_normalization(
            momentum, epsilon, dtype, parameters[f"gamma{l}"], parameters[f"beta{l}"],
            running[f"running_mean{l}"], running[f"running_var{l}"]))
        model.add(keras.layers.Activation(KERAS_HIDDEN[activation], dtype=dtype))
    output = keras.layers.Dense(parameters[f"W{L}"].shape[0], activation="sigmoid", dtype=dtype,
                                name=f"linear{L}_sigmoid")
    model.add(output)
    output.set_weights([layout.to_keras_layout(f"W{L}", parameters[f"W{L}"]),
                        layout.to_keras_layout(f"b{L}", parameters[f"b{L}"])])
    return model


def batchnorm_network_weights(model):
    """(parameters, running) in the course layout from a course_batchnorm_network model."""
    from conventions import layout

    parameters, running, l = {}, {}, 0
    for layer in model.layers:
        weights = layer.get_weights()
        if isinstance(layer, keras.layers.Dense):
            l += 1
            parameters[f"W{l}"] = layout.from_keras_layout(f"W{l}", weights[0])
            if layer.use_bias:
                parameters[f"b{l}"] = layout.from_keras_layout(f"b{l}", weights[1])
        elif isinstance(layer, keras.layers.BatchNormalization):
            for name, value in zip(("gamma", "beta", "running_mean", "running_var"), weights):
                target = parameters if name in ("gamma", "beta") else running
                target[f"{name}{l}"] = layout.from_keras_layout(f"{name}{l}", value)
    return parameters, running

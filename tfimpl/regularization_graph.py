"""The compiled training loop of tfimpl.regularization.model: COST_EVERY["regularization"] (1000)
iterations of the assignment's gradient descent as ONE tf.while_loop, traced once per model call.

Per iteration: the forward pass with TF ops (tfimpl.activations), the hidden layers' A{l} times
that iteration's mask D{l} / keep_prob_l; the tape's gradient of the mean cross-entropy from the
logits ZL (its gradient at ZL is the course's AL - Y, without the 0/0 of an output rounded to 1)
plus lambd / (2 m) sum ||W{l}||^2; then W -= learning_rate dW, b -= learning_rate db as TF ops (a
Keras optimizer cannot step loop-carried tensors inside tf.while_loop). The recorded cost is the
course's: -1/m nansum(Y log AL + (1 - Y) log(1 - AL)) + the penalty, before the first update.
Why: 30000 eager iterations take minutes, one Python call per iteration ~0.5 ms of dispatch;
one graph per 1000 iterations leaves only the TF kernels.
"""

import numpy as np
import tensorflow as tf

from conventions.vocabulary import COST_EVERY
from tfimpl import activations as _activations


def train(X, Y, parameters, activations, learning_rate, num_iterations, print_cost, lambd,
          keep_probs, same_masks, progress, iteration_stream):
    """The loop of tfimpl.regularization.model on checked tensors. iteration_stream() -> the
    NumPy stream one iteration's masks are drawn from (rand for D1, then D2, ...: the course's
    draw), each compared with keep_prob_l by a TF op. same_masks: the stream is reseeded every
    iteration (the course's), so the masks are drawn once; otherwise each stretch draws its
    iterations' uniforms in order and compares them in one op per layer.
    Returns the trained parameters; progress(i, cost) and the prints at the course's iterations."""
    names, every, dtype = list(parameters), COST_EVERY["regularization"], X.dtype
    L, m = len(activations), X.shape[1]
    sizes = [X.shape[0]] + [parameters[f"W{l}"].shape[0] for l in range(1, L + 1)]
    dropout = any(k < 1 for k in keep_probs)

    def uniforms():
        stream = iteration_stream()
        return [stream.random_sample((sizes[l], m)) for l in range(1, L)]

    def masks(draws):
        """[(depth, n_l, m) masks per hidden layer] from a list of iterations' uniforms."""
        return [tf.cast(tf.constant(np.stack(layer)) < tf.constant(keep_probs[l], tf.float64), dtype)
                for l, layer in enumerate(zip(*draws))]
    fixed = masks([uniforms()]) if dropout and same_masks else []
    run = tf.function(lambda *a: stretch(X, Y, names, activations, keep_probs, *a),
                      autograph=False, reduce_retracing=True)
    values = [parameters[k] for k in names]
    rate, strength = tf.constant(learning_rate, dtype), tf.constant(lambd, dtype)
    for start in range(0, num_iterations, every):
        n = min(every, num_iterations - start)
        stacks = masks([uniforms() for _ in range(n)]) if dropout and not same_masks else fixed
        cost, *values = run(values, stacks, rate, strength, tf.constant(n))
        if print_cost and start % 10000 == 0:
            print(f"Cost after iteration {start}: {float(cost)}")
        if progress is not None:
            progress(start, cost)
    return dict(zip(names, values))


def stretch(X, Y, names, activations, keep_probs, values, stacks, rate, lambd, n):
    """n iterations of the loop in one tf.while_loop; returns [cost at its first iteration (the
    course's cost: nansum form + penalty), new values...]. Iteration i uses stacks[.][i % depth]."""
    L, m = len(activations), tf.cast(tf.shape(X)[1], X.dtype)

    def body(i, first, *values):
        with tf.GradientTape() as tape:
            tape.watch(values)
            p, A = dict(zip(names, values)), X
            for l, activation in enumerate(activations, start=1):
                Z = tf.matmul(p[f"W{l}"], A) + p[f"b{l}"]
                A = _activations.FORWARD[activation](Z)
                if l < L and stacks:
                    D = tf.gather(stacks[l - 1], i % tf.shape(stacks[l - 1])[0])
                    A = A * D / tf.constant(keep_probs[l - 1], X.dtype)
            penalty = lambd / (2 * m) * tf.add_n([tf.reduce_sum(tf.square(p[f"W{l}"]))
                                                for l in range(1, L + 1)])
            loss = tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(labels=Y, logits=Z)) / m
            loss = loss + penalty
        terms = Y * tf.math.log(A) + (1 - Y) * tf.math.log(1 - A)
        cost = -tf.reduce_sum(tf.where(tf.math.is_nan(terms), tf.zeros_like(terms), terms)) / m
        first = tf.where(tf.equal(i, 0), cost + penalty, first)
        grads = tape.gradient(loss, list(values))
        return (i + 1, first, *[v - rate * g for v, g in zip(values, grads)])

    start = (tf.constant(0), tf.constant(np.nan, X.dtype), *values)
    _, first, *values = tf.while_loop(lambda i, *_: i < n, body, start)
    return [first, *values]

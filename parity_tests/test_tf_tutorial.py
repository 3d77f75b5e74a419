"""The TensorFlow tutorial: the catalogue (dlparity/cases/tf_tutorial.py: twins step by step, wrong
variants caught), the closed form of the lecture's run in both twins, and Keras's float32
learning rate: an unmapped SGD drifts off the closed form in float64, the mapped one does not."""

import numpy as np
import pytest

from dlparity.testing import catalogue_tests

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from tfimpl import tf_tutorial as tf_tt  # noqa: E402

test_random_inputs, test_fixed_inputs, test_wrong_variants = catalogue_tests("tf_tutorial")

EPS64, EPS32 = np.finfo(np.float64).eps, np.finfo(np.float32).eps
K = np.arange(1001)
CLOSED_FORM = 5 - 5 * 0.98 ** K          # w_k for (w - 5)^2 from w_0 = 0 at learning rate 0.01
# Each step rounds w - lr (2 w - 10) to a few units u = eps / 2 of |w| <= 5 (6 u is generous);
# the step contracts earlier errors by 0.98, so they add up to at most 6 u / 0.02 = 150 eps.
BOUND = {"float64": 150 * EPS64, "float32": 150 * EPS32}


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_the_tf_twin_follows_the_closed_form(dtype):
    ws = tf_tt.minimize_cost(dtype=dtype).numpy()
    assert ws.dtype == np.dtype(dtype)
    assert np.max(np.abs(ws - CLOSED_FORM)) <= BOUND[dtype]
    assert abs(ws[-1] - 5) <= 5 * 0.98 ** 1000 + BOUND[dtype]


def test_an_unmapped_keras_sgd_drifts_in_float64():
    """keras.optimizers.SGD(0.01) steps with float32(0.01) = 0.009999999776 on a float64 w: the
    factor 1 - 2 lr moves by 4.5e-10 and w_k by 5 k 0.98^(k-1) 4.5e-10, 4.2e-8 at k = 49 —
    280 000 times the bound. The mapped course_sgd stays within it."""
    w = tf.Variable(0.0, dtype=tf.float64)
    optimizer = keras.optimizers.SGD(0.01)
    ws = [0.0]
    for _ in range(100):
        with tf.GradientTape() as tape:
            cost = w ** 2 - 10 * w + 25
        optimizer.apply_gradients([(tape.gradient(cost, w), w)])
        ws.append(float(w.numpy()))
    drift = np.max(np.abs(np.array(ws) - CLOSED_FORM[:101]))
    assert 3e-8 < drift < 5e-8
    mapped = tf_tt.minimize_cost(num_iterations=100, dtype="float64").numpy()
    assert np.max(np.abs(mapped - CLOSED_FORM[:101])) <= BOUND["float64"]


def test_train_step_from_the_lecture_start():
    """w = 0: dJ/dw = -10, one step at 0.01 gives 0.1 (float32: 0.099999994, the rounded rate)."""
    assert float(tf_tt.train_step(0.0)) == np.float32(0.01) * 10
    assert float(tf_tt.train_step(np.float64(0.0))) == 0.1

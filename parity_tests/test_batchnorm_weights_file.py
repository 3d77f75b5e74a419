"""The TensorFlow twin's batch-normalised network through the weights file: its trained tensors,
converted to NumPy (course layout, no b for the hidden layers), saved by
conventions.batchnorm_state.save_network and loaded back, predict exactly as before in both twins
(the same arrays, bit for bit, so the same inference in each twin)."""

import numpy as np
import pytest

from conventions import batchnorm_state
from scratch import batchnorm as scratch_bn

tf = pytest.importorskip("tensorflow")

from tfimpl import batchnorm as tf_bn  # noqa: E402

SIZES = [3, 5, 4, 1]
ACTS = ["relu", "relu", "sigmoid"]


def test_the_tf_twins_trained_network_round_trips(tmp_path):
    rng = np.random.default_rng(3)
    X = rng.standard_normal((SIZES[0], 40))
    Y = (X[0:1] + 0.5 * X[1:2] > 0).astype(np.float64)
    parameters, running, _ = tf_bn.L_layer_model_bn(
        X, Y, SIZES, learning_rate=0.01, mini_batch_size=16, num_epochs=3, compiled=False)
    parameters = {k: np.asarray(v) for k, v in parameters.items()}
    running = {k: np.asarray(v) for k, v in running.items()}
    path = tmp_path / "bn.h5"
    batchnorm_state.save_network(path, parameters, running, ACTS)
    loaded, loaded_running, _ = batchnorm_state.load_network(path, SIZES, ACTS)
    for want, got in ((parameters, loaded), (running, loaded_running)):
        assert sorted(got) == sorted(want)
        for name, value in want.items():
            assert got[name].tobytes() == value.tobytes(), name
    want = np.asarray(tf_bn.predict_bn(X, parameters, running))
    assert 0 < want.sum() < want.size                        # both classes: not vacuous
    assert np.array_equal(np.asarray(tf_bn.predict_bn(X, loaded, loaded_running)), want)
    # the file is the twins' shared vocabulary: scratch reads the same network
    assert np.array_equal(scratch_bn.predict_bn(X, loaded, loaded_running), want)

"""Hyperparameter search: the catalogue (dlparity/cases/tuning.py: samplers, trials, zoom, random and
coarse-to-fine search in both twins, wrong samplers caught), and the TF twin's draws passing the
same goodness-of-fit test as scratch's."""

import math

import numpy as np
import pytest

from dlparity import statistics
from dlparity.testing import catalogue_tests

tf = pytest.importorskip("tensorflow")

from tfimpl import tuning as tf_tuning  # noqa: E402

test_random_inputs, test_fixed_inputs, test_wrong_variants = catalogue_tests("tuning")


def test_the_tf_twin_samples_on_the_log_scales():
    """KS on the exponents (threshold from n at ALPHA = 1e-6, see scratch_tests/test_tuning.py)."""
    n = 20_000
    r = np.log10(tf_tuning.sample_learning_rate(1e-4, 1.0, size=n, seed=7).numpy())
    check = statistics.ks_one_sample(r, lambda x: np.clip((x + 4) / 4, 0, 1))
    assert check.passed and check.threshold == pytest.approx(math.sqrt(math.log(2e6) / (2 * n)))
    r = np.log10(1 - tf_tuning.sample_beta(0.9, 0.999, size=n, seed=7).numpy())
    assert statistics.ks_one_sample(r, lambda x: np.clip((x + 3) / 2, 0, 1)).passed

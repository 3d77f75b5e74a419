"""The practical toolkit (course 2, week 1's "Setting up your machine learning application") as a
table: no notebook of the course asks for these functions, so the table checks a learner's own
versions under the toolkit's names and signatures (scratch.practical): the training statistics
(population variance, 1/m), normalisation by them, the train/dev/test split's seeded permutation
and the horizontal flip of (m, h, w, c) images."""

import numpy as np

from conventions.vocabulary import named_result
from dlparity.learner.assignments.tasks import Edition, Task, _labels, _rng
from scratch import practical as ref


def _inputs(dtype):
    rng = _rng(11)
    X = (3 * rng.standard_normal((3, 10)) + 1).astype(dtype)
    mu, sigma2 = ref.normalization_statistics(X)
    return {"X": X, "Y": _labels(rng, 10, dtype), "mu": mu, "sigma2": sigma2,
            "X_dev": rng.standard_normal((3, 4)).astype(dtype),
            "images": rng.standard_normal((2, 3, 4, 3)).astype(dtype)}


def _m(i):
    return i["X"].shape[1]


PRACTICAL = [
    Task("normalization_statistics", _inputs,
         (Edition("mu, sigma2 = 1/m sums", ("X_train",), lambda f, i: f(i["X"]),
                  lambda i: ref.normalization_statistics(i["X"]),
                  lambda r: named_result("normalization_statistics", r)),), reduction=_m),
    Task("normalize_inputs", _inputs,
         (Edition("(X - mu) / sigma", ("X", "mu", "sigma2"),
                  lambda f, i: f(i["X_dev"], i["mu"], i["sigma2"]),
                  lambda i: ref.normalize_inputs(i["X_dev"], i["mu"], i["sigma2"]),
                  lambda r: {"X_norm": np.asarray(r)}),), reduction=_m),
    Task("train_dev_test_split", _inputs,
         (Edition("RandomState(seed).permutation", ("X", "Y", "ratios", "seed"),
                  lambda f, i: f(i["X"], i["Y"], (0.6, 0.2, 0.2), 1),
                  lambda i: ref.train_dev_test_split(i["X"], i["Y"], (0.6, 0.2, 0.2), 1),
                  lambda r: named_result("train_dev_test_split", tuple(r))),),
         kind="elementwise"),
    Task("flip_horizontal", _inputs,
         (Edition("images[:, :, ::-1, :]", ("images",), lambda f, i: f(i["images"]),
                  lambda i: ref.flip_horizontal(i["images"]),
                  lambda r: {"images": np.asarray(r)}),), kind="elementwise"),
]

"""The training sets of `dl-parity train`, in the course's layout: X (n_x, m), Y (1, m).

cat: the course's week-2/week-4 images (its files, or the built-in synthetic set of the same
shapes); flower: the week-3 planar set; noisy_circles, noisy_moons, blobs, gaussian_quantiles:
the week-3 extra sets; football: the course-2 positions (its files only); circles: course 2's
initialisation set (conventions.planar_datasets.make_circles, train seed 1, test seed 2).
"""

from dataclasses import dataclass

import numpy as np

from conventions.h5_reading import FileFormatError
from dlparity.training.options import UsageError


@dataclass
class Task:
    name: str
    description: str
    X_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray | None
    Y_test: np.ndarray | None


def load_task(name, data_dir=None, source="auto", dtype="float64", multiclass=False):
    """The training (and, when the set has one, test) data in the course's layout and `dtype`.
    multiclass: blobs keeps its 6 cluster labels 0 ... 5 (the course's set before its "make blobs
    binary" step, Y % 2) for the softmax model; the other sets are binary either way.

    A missing or damaged course file is a UsageError naming --dataset and the file.
    """
    dtype = np.dtype(dtype)
    try:
        if name == "cat":
            from conventions.datasets import cat_data

            X_train, Y_train, X_test, Y_test, description = cat_data(data_dir, source, dtype)
            label = "cat (synthetic)" if description.startswith("built-in") else "cat"
            return Task(label, description, X_train, Y_train, X_test, Y_test)
        if name == "football":
            if source == "synthetic":
                raise UsageError("--source synthetic: the football set has no built-in stand-in; "
                                 "use --source auto or real with the course's files")
            from conventions.planar_datasets import load_football_dataset

            X_train, Y_train, X_test, Y_test = load_football_dataset(data_dir)
            return Task(name, "football positions (course 2) from the course's files",
                        X_train.astype(dtype), Y_train.astype(dtype), X_test.astype(dtype),
                        Y_test.astype(dtype))
        from conventions import planar_datasets

        if name == "circles":
            X, Y, X_test, Y_test = planar_datasets.load_circles_dataset()   # the course's stream
            return Task(name, "built-in circles (course 2's initialisation set: 300 points, "
                        "noise 0.05, seed 1; test 100 points, seed 2)", X.astype(dtype),
                        Y.astype(dtype), X_test.astype(dtype), Y_test.astype(dtype))
        if name == "flower":
            X, Y = planar_datasets.load_planar_dataset()
            description = "built-in planar flower (400 points, the course's construction)"
        elif name == "blobs" and multiclass:
            X, Y = planar_datasets.make_blobs(200, centers=6, seed=np.random.default_rng(0).spawn(
                len(planar_datasets.EXTRA_DATASETS))[2])
            description = "built-in blobs, 6 classes (200 points, seed 0; the course's set " \
                          "before Y % 2)"
        else:
            X, Y = planar_datasets.load_extra_datasets()[name]
            description = f"built-in {name.replace('_', ' ')} ({X.shape[1]} points, seed 0)"
        return Task(name, description, X.astype(dtype), Y.astype(dtype), None, None)
    except (FileNotFoundError, KeyError, OSError, FileFormatError) as error:
        raise UsageError(f"--dataset {name}: {error}") from None

"""The course-2 optimisation assignment's moons (conventions.planar_datasets.load_moons_dataset):
scikit-learn's make_moons(n_samples=300, noise=.2) after np.random.seed(3), reproduced with NumPy
alone. The goldens below were read off scikit-learn 1.9.1 (np.random.seed(3); make_moons(300,
noise=.2)); scikit-learn itself, when installed, is the referee for other sizes and settings."""

import hashlib

import numpy as np
import pytest

from conventions.planar_datasets import load_extra_datasets, load_moons_dataset, make_moons

# scikit-learn 1.9.1, np.random.seed(3); X, y = make_moons(n_samples=300, noise=.2):
FIRST_COLUMNS = [[-0.21687013460912397, 0.8050501531955674, 0.7112745129750352],
                 [1.0154493742029873, -0.5579733951321297, -0.4100602407591063]]
LAST_COLUMN = [0.547725598273234, 0.3481746137071188]
FIRST_LABELS = [0, 1, 1, 1, 0, 0, 1, 1, 0, 1]
X_SHA256 = "eb6bfc719018f058ae7580c2dbdb75dcd58928399b533da10b9b8c42fd1f1059"   # X.T, C order
Y_SHA256 = "963e30140a604229ac2d9fa903c056d8e3f0cbdb1707fb386b9d29383ee1831a"   # y as uint8


def test_course_moons_match_scikit_learn_goldens():
    train_X, train_Y = load_moons_dataset()
    assert train_X.shape == (2, 300) and train_X.dtype == np.float64
    assert train_Y.shape == (1, 300) and train_Y.dtype == np.uint8
    assert train_X[:, :3].tolist() == FIRST_COLUMNS            # exact, not approximately
    assert train_X[:, -1].tolist() == LAST_COLUMN
    assert train_Y[0, :10].tolist() == FIRST_LABELS and int(train_Y.sum()) == 150
    assert hashlib.sha256(np.ascontiguousarray(train_X).tobytes()).hexdigest() == X_SHA256
    assert hashlib.sha256(train_Y.tobytes()).hexdigest() == Y_SHA256


def test_course_moons_leave_the_global_stream_alone():
    np.random.seed(123)
    expected = np.random.rand()
    np.random.seed(123)
    load_moons_dataset()
    assert np.random.rand() == expected


def test_course_moons_seed_is_checked():
    with pytest.raises(ValueError, match="seed"):
        load_moons_dataset(-1)
    with pytest.raises(ValueError, match="seed"):
        load_moons_dataset(1.5)


def test_generator_path_unchanged_for_the_extra_sets():
    """An int or Generator seed keeps its own draw order (load_extra_datasets' noisy moons)."""
    X, Y = load_extra_datasets()["noisy_moons"]
    assert X.shape == (2, 200) and Y.shape == (1, 200)
    X2, Y2 = make_moons(200, noise=0.2, seed=np.random.default_rng(0).spawn(4)[1])
    assert np.array_equal(X, X2) and np.array_equal(Y, Y2)


@pytest.mark.parametrize("n_samples, noise, shuffle, seed",
                         [(300, 0.2, True, 3), (7, 0.1, True, 5), (301, 0.3, False, 0),
                          (2, None, True, 9), (1000, 0.05, True, 2**32 - 1)])
def test_scikit_learn_referee(n_samples, noise, shuffle, seed):
    datasets = pytest.importorskip("sklearn.datasets")
    np.random.seed(seed)
    X, y = datasets.make_moons(n_samples=n_samples, noise=noise, shuffle=shuffle)
    ours_X, ours_Y = make_moons(n_samples, noise=noise, shuffle=shuffle,
                                seed=np.random.RandomState(seed))
    assert np.array_equal(ours_X, X.T) and np.array_equal(ours_Y[0], y)


def test_the_global_stream_is_scikit_learns_when_seed_is_none():
    np.random.seed(3)
    X, Y = make_moons(300, noise=.2, seed=None)
    expected = load_moons_dataset()
    assert np.array_equal(X, expected[0]) and np.array_equal(Y, expected[1])


def test_a_bad_noise_is_named():
    with pytest.raises(ValueError, match="noise: expected None or a number >= 0"):
        make_moons(10, noise=-1.0)

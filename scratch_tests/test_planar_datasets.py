"""The built-in 2-D datasets (NumPy only): shapes, determinism, labels, balance, the football
loader's conversion and errors."""

import h5py
import numpy as np
import pytest

from conventions import planar_datasets as pd
from conventions.datasets import DataFileError, find_data_dir


def _assert_course_layout(X, Y, m):
    assert X.shape == (2, m) and X.dtype == np.float64
    assert Y.shape == (1, m) and Y.dtype == np.uint8
    assert np.isfinite(X).all()
    assert set(np.unique(Y).tolist()) <= {0, 1}


# --- the flower ---------------------------------------------------------------------------------
def test_flower_shapes_labels_and_balance():
    X, Y = pd.load_planar_dataset()
    _assert_course_layout(X, Y, 400)
    assert (Y[0, :200] == 0).all() and (Y[0, 200:] == 1).all()


def test_flower_is_deterministic_and_seeded():
    X1, Y1 = pd.load_planar_dataset()
    X2, Y2 = pd.load_planar_dataset(seed=1)
    assert np.array_equal(X1, X2) and np.array_equal(Y1, Y2)
    X3, _ = pd.load_planar_dataset(seed=2)
    assert not np.allclose(X1, X3)


def test_flower_follows_the_course_construction():
    """Rebuild the petals from the same legacy stream: t and r per class, X = [r sin t, r cos t]."""
    X, _ = pd.load_planar_dataset(seed=1)
    rs = np.random.RandomState(1)
    for j in range(2):
        t = np.linspace(j * 3.12, (j + 1) * 3.12, 200) + rs.randn(200) * 0.2
        r = 4 * np.sin(4 * t) + rs.randn(200) * 0.2
        cols = slice(200 * j, 200 * (j + 1))
        assert np.array_equal(X[0, cols], r * np.sin(t))
        assert np.array_equal(X[1, cols], r * np.cos(t))


def test_flower_leaves_the_global_random_state_alone():
    before = np.random.get_state()[1].copy()
    pd.load_planar_dataset()
    pd.load_extra_datasets()
    assert np.array_equal(np.random.get_state()[1], before)


# --- the extra sets -----------------------------------------------------------------------------
def test_extra_datasets_shapes_labels_balance():
    sets = pd.load_extra_datasets()
    assert tuple(sets) == pd.EXTRA_DATASETS
    for name, (X, Y) in sets.items():
        _assert_course_layout(X, Y, 200)
        assert Y.sum() == 100, name          # every set splits 100 / 100 (blobs: 6 x ~33, mod 2)


def test_extra_datasets_are_deterministic_per_seed():
    a, b, c = pd.load_extra_datasets(0), pd.load_extra_datasets(0), pd.load_extra_datasets(1)
    for name in pd.EXTRA_DATASETS:
        assert np.array_equal(a[name][0], b[name][0]) and np.array_equal(a[name][1], b[name][1])
        assert not np.allclose(a[name][0], c[name][0]), name


def test_extra_datasets_n_samples():
    for X, Y in pd.load_extra_datasets(n_samples=51).values():
        _assert_course_layout(X, Y, 51)


def test_make_circles_geometry():
    X, Y = pd.make_circles(40, factor=0.5, noise=None, seed=3)
    radius = np.hypot(X[0], X[1])
    np.testing.assert_allclose(radius[Y[0] == 0], 1.0, rtol=1e-12)
    np.testing.assert_allclose(radius[Y[0] == 1], 0.5, rtol=1e-12)
    assert (Y == 0).sum() == 20


def test_make_moons_geometry():
    X, Y = pd.make_moons(31, noise=None, seed=0, shuffle=False)
    assert (Y[0, :15] == 0).all() and (Y[0, 15:] == 1).all()
    np.testing.assert_allclose(np.hypot(X[0, :15], X[1, :15]), 1.0, rtol=1e-12)
    np.testing.assert_allclose(np.hypot(X[0, 15:] - 1, X[1, 15:] - 0.5), 1.0, rtol=1e-12)


def test_make_blobs_labels_and_counts():
    X, Y = pd.make_blobs(200, centers=6, seed=5)
    assert set(np.unique(Y).tolist()) == set(range(6))
    counts = np.bincount(Y[0])
    assert counts.tolist() == [34, 34, 33, 33, 33, 33]
    for k in range(6):            # each cluster is tight around its own centre (std 1)
        assert X[:, Y[0] == k].std(axis=1).max() < 2


def test_make_gaussian_quantiles_rings():
    X, Y = pd.make_gaussian_quantiles(101, cov=0.5, n_classes=2, seed=4)
    radius = np.hypot(X[0], X[1])
    assert radius[Y[0] == 0].max() <= radius[Y[0] == 1].min()
    assert (Y == 0).sum() == 50 and (Y == 1).sum() == 51      # the last class takes the rest


# --- the course's circles (course 2, initialisation) ----------------------------------------------
def _circles_by_hand(n, noise, rs, factor=0.8):
    """scikit-learn's documented construction, written out: outer then inner points as rows,
    rows shuffled by RandomState.shuffle, then row-major normal noise of shape (n, 2)."""
    angle_out = np.arange(n // 2) * (2 * np.pi / (n // 2))
    angle_in = np.arange(n - n // 2) * (2 * np.pi / (n - n // 2))
    rows = np.r_[np.c_[np.cos(angle_out), np.sin(angle_out)],
                 np.c_[np.cos(angle_in), np.sin(angle_in)] * factor]
    labels = np.r_[np.zeros(n // 2), np.ones(n - n // 2)]
    order = np.arange(n)
    rs.shuffle(order)
    rows = rows[order] + rs.normal(scale=noise, size=(n, 2))
    return rows.T, labels[order]


def test_circles_dataset_shapes_and_the_course_construction():
    train_X, train_Y, test_X, test_Y = pd.load_circles_dataset()
    _assert_course_layout(train_X, train_Y, 300)
    _assert_course_layout(test_X, test_Y, 100)
    assert train_Y.sum() == 150 and test_Y.sum() == 50
    for X, Y, n, seed in ((train_X, train_Y, 300, 1), (test_X, test_Y, 100, 2)):
        X_hand, Y_hand = _circles_by_hand(n, 0.05, np.random.RandomState(seed))
        assert np.array_equal(X, X_hand) and np.array_equal(Y[0], Y_hand)


def test_circles_dataset_leaves_the_global_random_state_alone():
    np.random.seed(123)
    before = np.random.get_state()
    pd.load_circles_dataset()
    after = np.random.get_state()
    assert np.array_equal(after[1], before[1]) and after[2] == before[2]


def test_make_circles_global_stream_is_the_seeded_randomstate():
    """seed=None draws from the global legacy stream (np.random.seed), and advances it."""
    saved = np.random.get_state()
    try:
        np.random.seed(1)
        X, Y = pd.make_circles(300, noise=.05, seed=None)
        next_global = np.random.rand()
    finally:
        np.random.set_state(saved)
    rs = np.random.RandomState(1)
    X_rs, Y_rs = pd.make_circles(300, noise=.05, seed=rs)
    assert np.array_equal(X, X_rs) and np.array_equal(Y, Y_rs)
    assert next_global == rs.rand()


def test_circles_editions_agree_for_even_and_differ_for_odd_sizes():
    for n in (2, 100, 300, 1000):
        new = pd.make_circles(n, noise=.05, seed=np.random.RandomState(7), edition="0.20")
        old = pd.make_circles(n, noise=.05, seed=np.random.RandomState(7), edition="0.19")
        assert np.array_equal(new[0], old[0]) and np.array_equal(new[1], old[1]), n
    old_X, old_Y = pd.make_circles(7, seed=np.random.RandomState(0), edition="0.19")
    new_X, new_Y = pd.make_circles(7, seed=np.random.RandomState(0), edition="0.20")
    assert old_X.shape == (2, 6) and old_Y.sum() == 3      # before 0.20: 3 + 3 of 7
    assert new_X.shape == (2, 7) and new_Y.sum() == 4      # from 0.20: 3 outer + 4 inner


def test_make_circles_project_stream_is_unchanged():
    """An int seed keeps the project's default_rng stream (columns permuted, (2, n) noise)."""
    X, Y = pd.make_circles(10, factor=0.5, noise=0.1, seed=4)
    rng = np.random.default_rng(4)
    order = rng.permutation(10)
    angle = np.linspace(0, 2 * np.pi, 5, endpoint=False)
    rows = np.r_[np.c_[np.cos(angle), np.sin(angle)], 0.5 * np.c_[np.cos(angle), np.sin(angle)]]
    assert np.array_equal(X, rows[order].T + rng.normal(scale=0.1, size=(2, 10)))
    assert np.array_equal(Y[0], (order >= 5).astype(np.uint8))


@pytest.mark.parametrize("n,noise,factor,seed", [(300, .05, .8, 1), (100, .05, .8, 2),
                                                  (7, .2, .3, 5), (2, None, .5, 0)])
def test_circles_equal_scikit_learn_bit_for_bit(n, noise, factor, seed):
    """scikit-learn as the referee (optional): its make_circles after np.random.seed(seed)
    (random_state=None: the global stream) equals ours, points and labels, to the last bit."""
    datasets = pytest.importorskip("sklearn.datasets")
    saved = np.random.get_state()
    try:
        np.random.seed(seed)
        X_ref, y_ref = datasets.make_circles(n_samples=n, noise=noise, factor=factor)
    finally:
        np.random.set_state(saved)
    X, Y = pd.make_circles(n, noise=noise, factor=factor, seed=np.random.RandomState(seed))
    assert np.array_equal(X, X_ref.T) and np.array_equal(Y[0], y_ref)


@pytest.mark.parametrize("call,message", [
    (lambda: pd.make_circles(10, edition="0.18"), "edition"),
    (lambda: pd.make_circles(10, noise=-1), "noise"),
    (lambda: pd.make_circles(10, noise="0.1"), "noise"),
    (lambda: pd.make_circles(1), "n_samples"),
    (lambda: pd.make_circles(10, factor=1.0), "factor"),
    (lambda: pd.make_moons(10, seed=1.5), "seed"),
    (lambda: pd.make_blobs(10, centers=0), "centers"),
    (lambda: pd.make_gaussian_quantiles(10, cov=0), "cov"),
    (lambda: pd.make_gaussian_quantiles(10, n_classes=11), "n_classes"),
    (lambda: pd.load_extra_datasets(n_samples=True), "n_samples"),
])
def test_generator_arguments_are_checked(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


# --- football -----------------------------------------------------------------------------------
def _write_football(path, **overrides):
    rng = np.random.default_rng(0)
    data = {"X": rng.standard_normal((7, 2)), "y": rng.integers(0, 2, (7, 1)).astype(np.uint8),
            "Xval": rng.standard_normal((5, 2)), "yval": rng.integers(0, 2, (5, 1)).astype(np.uint8)}
    data.update(overrides)
    with h5py.File(path / pd.FOOTBALL_FILE, "w") as f:
        for key, value in data.items():
            if isinstance(value, (h5py.SoftLink, h5py.ExternalLink)):
                f[key] = value
            elif value is not None:
                f.create_dataset(key, data=value)
    return data


def test_football_rows_become_columns(tmp_path):
    data = _write_football(tmp_path)
    train_X, train_Y, test_X, test_Y = pd.load_football_dataset(tmp_path)
    assert np.array_equal(train_X, data["X"].T) and train_X.shape == (2, 7)
    assert np.array_equal(train_Y, data["y"].T) and train_Y.shape == (1, 7)
    assert np.array_equal(test_X, data["Xval"].T) and test_X.shape == (2, 5)
    assert np.array_equal(test_Y, data["yval"].T) and test_Y.dtype == np.uint8


def test_football_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="football_positions.h5"):
        pd.load_football_dataset(tmp_path)


@pytest.mark.parametrize("overrides,error,message", [
    ({"yval": None}, DataFileError, r"missing dataset\(s\) \['yval'\]"),
    ({"X": np.array([b"a", b"b"])}, DataFileError, "'X' holds strings, expected numbers"),
    ({"X": h5py.SoftLink("/Xval")}, DataFileError, "'X' is a soft link to '/Xval'; links are refused"),
    ({"Xval": h5py.ExternalLink("other.h5", "/X")}, DataFileError,
     "'Xval' is an external link to '/X' in the file 'other.h5'; links are refused"),
    ({"X": np.zeros((7, 3))}, ValueError, r"X: expected shape \(m, 2\)"),
    ({"y": np.zeros((6, 1))}, ValueError, r"y: expected shape \(7, 1\)"),
    ({"y": np.full((7, 1), 2)}, ValueError, "labels in"),
    ({"Xval": np.full((5, 2), np.nan)}, ValueError, "finite"),
])
def test_football_bad_file_is_a_clear_error(tmp_path, overrides, error, message):
    _write_football(tmp_path, **overrides)
    with pytest.raises(error, match=message) as err:
        pd.load_football_dataset(tmp_path)
    assert str(err.value).startswith(str(tmp_path / pd.FOOTBALL_FILE) + ": ")


@pytest.mark.parametrize("content, message", [
    (b"", "is empty (0 bytes), not an HDF5 file"),
    (b"X,y\n0.1,0.2,1\n", "is a text file, not an HDF5 file (it starts with 'X,y')"),
])
def test_football_file_that_is_not_hdf5_is_named(tmp_path, content, message):
    (tmp_path / pd.FOOTBALL_FILE).write_bytes(content)
    with pytest.raises(DataFileError) as err:
        pd.load_football_dataset(tmp_path)
    assert str(err.value) == f"{tmp_path / pd.FOOTBALL_FILE}: {message}"


def test_football_truncated_file_says_how_many_bytes(tmp_path):
    _write_football(tmp_path)
    path = tmp_path / pd.FOOTBALL_FILE
    data = path.read_bytes()
    path.write_bytes(data[:len(data) - 100])
    with pytest.raises(DataFileError) as err:
        pd.load_football_dataset(tmp_path)
    assert str(err.value) == (f"{path}: is truncated: it holds {len(data) - 100} of its {len(data)} "
                              f"bytes (a half-copied file?)")


@pytest.mark.real_data
def test_football_real_file():
    directory = find_data_dir(None, required_file=pd.FOOTBALL_FILE)
    if directory is None or not (directory / pd.FOOTBALL_FILE).is_file():
        pytest.skip(f"{pd.FOOTBALL_FILE} not found (set DLPARITY_DATA or put it in "
                    "../shared/data)")
    train_X, train_Y, test_X, test_Y = pd.load_football_dataset()
    _assert_course_layout(train_X, train_Y, 211)
    _assert_course_layout(test_X, test_Y, 200)

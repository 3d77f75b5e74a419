"""conventions.datasets: the built-in synthetic cat set, the course-format loader and its errors."""

import h5py
import numpy as np
import pytest

from conventions import datasets


def test_synthetic_set_has_the_course_shapes_and_is_deterministic():
    a = datasets.synthetic_cat_dataset()
    b = datasets.synthetic_cat_dataset()
    train_x, train_y, test_x, test_y, classes = a
    assert train_x.shape == (209, 64, 64, 3) and train_x.dtype == np.uint8
    assert test_x.shape == (50, 64, 64, 3)
    assert train_y.shape == (1, 209) and test_y.shape == (1, 50)
    assert classes.tolist() == [b"non-cat", b"cat"]
    assert set(np.unique(train_y)) == {0, 1}
    for x, y in zip(a, b):
        assert np.array_equal(x, y)
    assert not np.array_equal(train_x, datasets.synthetic_cat_dataset(seed=1)[0])


def test_synthetic_set_is_learnable_but_not_trivial():
    """A linear model should land well above chance and clearly below 100 % on the test set."""
    from scratch import logistic

    X, Y, X_test, Y_test, _ = datasets.cat_data(source="synthetic")
    d = logistic.model(X, Y, X_test, Y_test, num_iterations=300, learning_rate=0.005)
    test_accuracy = logistic.accuracy(d["Y_prediction_test"], Y_test)
    majority = 100 * max(Y_test.mean(), 1 - Y_test.mean())
    assert majority < test_accuracy < 95


def test_written_files_load_back_through_the_course_loader(tmp_path):
    datasets.write_synthetic_cat_files(tmp_path)
    train_x, train_y, test_x, test_y, classes = datasets.load_dataset(tmp_path)
    ref = datasets.synthetic_cat_dataset()
    assert np.array_equal(train_x, ref[0]) and np.array_equal(test_y, ref[3])
    X = datasets.flatten_images(train_x)
    assert X.shape == (12288, 209) and X.max() <= 1.0
    # the course's flattening: image i is column i, pixels in (row, col, channel) order
    assert X[:, 5].tolist() == (train_x[5].reshape(-1) / 255).tolist()


def test_missing_key_wrong_shape_and_bad_labels_are_named(tmp_path):
    path = tmp_path / "bad.h5"
    with h5py.File(path, "w") as f:
        f["train_set_x"] = np.zeros((2, 4, 4, 3), np.uint8)
        f["list_classes"] = np.array([b"non-cat", b"cat"])
    with pytest.raises(KeyError, match="missing dataset 'train_set_y'"):
        datasets.load_course_h5(path, "train")
    with h5py.File(path, "a") as f:
        f["train_set_y"] = np.array([0, 2])
    with pytest.raises(ValueError, match=r"labels must index list_classes \(0..1\), got \[2\]"):
        datasets.load_course_h5(path, "train")
    with h5py.File(path, "a") as f:
        del f["train_set_y"]
        f["train_set_y"] = np.array([0, 1, 1])
    with pytest.raises(ValueError, match="expected 2 labels"):
        datasets.load_course_h5(path, "train")
    with h5py.File(path, "a") as f:
        del f["train_set_x"]
        f["train_set_x"] = np.zeros((2, 48), np.uint8)
    with pytest.raises(ValueError, match=r"expected shape \(m, height, width, channels\), got \(2, 48\)"):
        datasets.load_course_h5(path, "train")


def test_data_directory_lookup(tmp_path, monkeypatch):
    monkeypatch.setenv(datasets.DATA_ENV, str(tmp_path))
    assert datasets.find_data_dir() == tmp_path
    assert datasets.find_data_dir(str(tmp_path / ".")) == tmp_path / "."
    monkeypatch.setenv(datasets.DATA_ENV, str(tmp_path / "nope"))
    with pytest.raises(FileNotFoundError, match="DLPARITY_DATA: data directory .* does not exist"):
        datasets.find_data_dir()
    monkeypatch.delenv(datasets.DATA_ENV)
    with pytest.raises(FileNotFoundError, match="path: data directory"):
        datasets.find_data_dir(str(tmp_path / "nope"))


def test_real_source_without_files_says_how_to_point_at_them(tmp_path, monkeypatch):
    monkeypatch.delenv(datasets.DATA_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(datasets, "__file__", str(tmp_path / "x" / "datasets.py"))
    with pytest.raises(FileNotFoundError, match="set DLPARITY_DATA"):
        datasets.cat_data(source="real")
    assert "synthetic" in datasets.cat_data(source="auto")[4]

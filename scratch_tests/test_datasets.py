"""conventions.datasets: the built-in synthetic cat set, the course-format loader and its errors."""

import os

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
    with pytest.raises(datasets.DataFileError, match="missing dataset 'train_set_y'"):
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
    with pytest.raises(ValueError, match=r"has shape \(2, 48\), expected \(m, height, width, channels\)"):
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


# --- damaged and hostile files: a clear error naming the file, nothing followed -----------------
def _course_file(path, **overrides):
    data = {"train_set_x": np.zeros((3, 4, 4, 3), np.uint8), "train_set_y": np.array([0, 1, 1]),
            "list_classes": np.array([b"non-cat", b"cat"])}
    data.update(overrides)
    with h5py.File(path, "w") as f:
        for key, value in data.items():
            if value is not None:
                f[key] = value
    return path


def _truncated(path):
    data = _course_file(path).read_bytes()
    path.write_bytes(data[:1000])
    return f"is truncated: it holds 1000 of its {len(data)} bytes (a half-copied file?)"


def _linked(link):
    def damage(path):
        _course_file(path, train_set_y=None)
        with h5py.File(path, "a") as f:
            f["train_set_y"] = link
    return damage


@pytest.mark.parametrize("damage, message", [
    (_truncated, None),
    (lambda p: p.write_bytes(b""), "is empty (0 bytes), not an HDF5 file"),
    (lambda p: p.write_text("train_set_x,train_set_y\n"),
     "is a text file, not an HDF5 file (it starts with 'train_set_x,train_set_y')"),
    (lambda p: p.mkdir(), "is a directory, not a file"),
    (lambda p: _course_file(p, train_set_x=np.zeros((3, 4, 4, 3))),
     "'train_set_x' holds float64 numbers, expected uint8 pixel values"),
    (lambda p: _course_file(p, train_set_x=np.zeros((3, 48), np.uint8)),
     "'train_set_x' has shape (3, 48), expected (m, height, width, channels)"),
    (lambda p: _course_file(p, train_set_y=np.array([0.0, 1.0, 1.0])),
     "'train_set_y' holds float64 numbers, expected integer labels"),
    (lambda p: _course_file(p, train_set_y=np.array([b"cat", b"cat", b"cat"])),
     "'train_set_y' holds strings, expected integer labels"),
    (lambda p: _course_file(p, list_classes=np.zeros((2, 2))),
     "'list_classes' holds float64 numbers, expected class names or numbers"),
    (_linked(h5py.SoftLink("/list_classes")),
     "'train_set_y' is a soft link to '/list_classes'; links are refused, never followed"),
    (_linked(h5py.ExternalLink("elsewhere.h5", "/y")),
     "'train_set_y' is an external link to '/y' in the file 'elsewhere.h5'; links are refused, "
     "never followed"),
])
def test_damaged_course_files_are_named(tmp_path, damage, message):
    path = tmp_path / "train_catvnoncat.h5"
    returned = damage(path)
    message = returned if isinstance(returned, str) else message      # _truncated computes its own
    with pytest.raises(datasets.DataFileError) as err:
        datasets.load_course_h5(path, "train")
    assert str(err.value) == f"{path}: {message}"


def test_a_missing_course_file_is_named(tmp_path):
    datasets.write_synthetic_cat_files(tmp_path)
    (tmp_path / datasets.CAT_FILES["test"]).unlink()
    with pytest.raises(FileNotFoundError, match="test_catvnoncat.h5: the course data file does not exist"):
        datasets.load_dataset(tmp_path)


def test_a_written_file_loads_back(tmp_path):
    path = tmp_path / "t.h5"
    datasets.write_course_h5(path, "test", np.ones((2, 4, 4, 3), np.uint8), np.array([1, 0]),
                             datasets.CAT_CLASSES)
    x, y, classes = datasets.load_course_h5(path, "test")
    assert x.shape == (2, 4, 4, 3) and y.tolist() == [[1, 0]]
    assert classes.tolist() == [b"non-cat", b"cat"]


def _load_or_data_file_error(path):
    try:
        datasets.load_course_h5(path, "train")
    except datasets.DataFileError as error:
        assert str(error).startswith(f"{path}: ")


def test_damaged_bytes_give_a_data_file_error_or_a_load_never_another_exception(tmp_path):
    """Course files carry no checksums (the course's own files have none), so a changed pixel byte
    can load: the promise here is the error type and the file's name, for every truncation and
    every 5th byte changed (2 174 + 435 files)."""
    path = tmp_path / "train.h5"
    datasets.write_course_h5(path, "train", np.arange(96, dtype=np.uint8).reshape(2, 4, 4, 3),
                             np.array([0, 1]), datasets.CAT_CLASSES)
    data = path.read_bytes()
    for position in range(0, len(data), 5):          # one byte changed, in place, then restored
        with open(path, "r+b") as fh:
            fh.seek(position)
            fh.write(bytes([data[position] ^ 0x5A]))
        _load_or_data_file_error(path)
        with open(path, "r+b") as fh:
            fh.seek(position)
            fh.write(data[position:position + 1])
    for size in range(len(data) - 1, -1, -1):         # truncated at every offset
        os.truncate(path, size)
        with pytest.raises(datasets.DataFileError, match="is truncated|is empty"):
            datasets.load_course_h5(path, "train")

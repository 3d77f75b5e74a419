"""The SIGNS data of the TensorFlow tutorial: the built-in synthetic set (format, balance,
determinism, files through the course loader, `dl-parity make-data --set signs`), the layout
conversions (m, 12288) <-> (12288, m) and one-hot rows <-> columns, and the real test file through
the same loader (skipped with the reason when absent)."""

import numpy as np
import pytest

from conventions import datasets, layout, signs_datasets
from scratch import tf_tutorial

SMALL = {"m_train": 60, "m_test": 12}


def test_the_synthetic_set_has_the_signs_format_and_is_deterministic():
    a = signs_datasets.synthetic_signs_dataset(0, **SMALL)
    train_x, train_y, test_x, test_y, classes = a
    assert train_x.shape == (60, 64, 64, 3) and train_x.dtype == np.uint8
    assert test_x.shape == (12, 64, 64, 3) and train_y.shape == (1, 60) and test_y.shape == (1, 12)
    assert classes.tolist() == [0, 1, 2, 3, 4, 5]
    both = np.concatenate([train_y, test_y], axis=1)[0]
    assert np.bincount(both).tolist() == [12] * 6                     # balanced: 72 / 6
    for x, y in zip(a, signs_datasets.synthetic_signs_dataset(0, **SMALL)):
        assert np.array_equal(x, y)
    assert not np.array_equal(train_x, signs_datasets.synthetic_signs_dataset(1, **SMALL)[0])


def test_the_classes_differ_by_the_skin_pixels_above_the_palm():
    """More fingers, more skin-coloured pixels in the upper half (the fingers): the class is
    visible in the pixels, so the set is learnable."""
    x, y, _, _, _ = signs_datasets.synthetic_signs_dataset(0, 120, 1)
    upper = x[:, :34].astype(float)
    skin = (upper[..., 0] > upper[..., 2] + 40) & (upper[..., 0] > 150)
    counts = skin.sum(axis=(1, 2))
    means = [counts[y[0] == k].mean() for k in range(6)]
    assert all(a < b for a, b in zip(means, means[1:])), means


def test_files_load_back_through_the_course_loader(tmp_path):
    paths = signs_datasets.write_synthetic_signs_files(tmp_path, seed=2)
    assert [p.name for p in paths] == ["train_signs.h5", "test_signs.h5"]
    ref = signs_datasets.synthetic_signs_dataset(2)
    x, y, classes = signs_datasets.load_signs(tmp_path, "test")
    assert np.array_equal(x, ref[2]) and np.array_equal(y, ref[3])
    assert classes.tolist() == list(range(6))


def test_make_data_writes_the_signs_set(tmp_path, capsys):
    from dlparity.cli import main
    assert main(["make-data", str(tmp_path), "--set", "signs", "--seed", "3"]) == 0
    assert capsys.readouterr().out.split() == [str(tmp_path / "train_signs.h5"),
                                               str(tmp_path / "test_signs.h5")]
    x, y, _ = datasets.load_course_h5(tmp_path / "train_signs.h5", "train")
    assert x.shape == (1080, 64, 64, 3) and y.shape == (1, 1080)


def test_the_layouts_are_transposes_of_the_same_numbers():
    x, y, _, _, _ = signs_datasets.synthetic_signs_dataset(0, 7, 1)
    X, x_rows = layout.images_to_columns(x), layout.images_to_rows(x)
    assert X.shape == (12288, 7) and x_rows.shape == (7, 12288)
    assert np.array_equal(X, x_rows.T) and np.array_equal(X, datasets.flatten_images(x))
    assert X[0, 3] == x[3, 0, 0, 0] / 255 and X[5, 3] == x[3, 0, 1, 2] / 255   # (h, w, c) order
    Y, y_rows = layout.one_hot_columns(y, 6), layout.one_hot_rows(y, 6)
    assert Y.shape == (6, 7) and np.array_equal(Y, y_rows.T)
    assert np.array_equal(np.argmax(Y, axis=0), y[0]) and np.all(Y.sum(axis=0) == 1)
    assert layout.images_to_columns(x, np.float32).dtype == np.float32
    with pytest.raises(ValueError, match=r"y: expected class indices in 0 \.\.\. 5, got \[6\]"):
        layout.one_hot_columns(np.array([[6]]), 6)
    with pytest.raises(ValueError, match=r"x_orig: expected shape \(m, height, width, channels\)"):
        layout.images_to_rows(np.zeros((3, 64, 64)))


def test_the_network_learns_the_synthetic_set():
    """The tutorial's network and settings (Adam 1e-4, mini-batches of 32) on 240 synthetic
    images: after 15 epochs the cost has fallen and the training accuracy is more than twice
    chance (1/6; measured 0.41). Longer runs on the full set (1080 images) go much further."""
    x, y, xt, yt, _ = signs_datasets.synthetic_signs_dataset(0, 240, 60)
    X, Y = layout.images_to_columns(x), layout.one_hot_columns(y, 6)
    _, costs, train_acc, test_acc = tf_tutorial.model(
        X, Y, layout.images_to_columns(xt), layout.one_hot_columns(yt, 6), num_epochs=15)
    assert costs[-1] < costs[0] - 0.3 and train_acc > 2 / 6, (costs, train_acc, test_acc)


@pytest.mark.real_data
def test_the_real_signs_test_file_through_the_same_loader():
    try:
        x, y, classes = signs_datasets.load_signs(None, "test")
    except FileNotFoundError as error:
        pytest.skip(f"{error}")
    assert x.shape == (120, 64, 64, 3) and x.dtype == np.uint8        # the course's test set
    assert classes.tolist() == list(range(6)) and np.bincount(y[0]).tolist() == [20] * 6
    X, Y = layout.images_to_columns(x), layout.one_hot_columns(y, 6)
    assert X.shape == (12288, 120) and 0 <= X.min() and X.max() <= 1
    assert np.array_equal(np.argmax(Y, axis=0), y[0])
    Z3 = tf_tutorial.forward_propagation(X, tf_tutorial.initialize_parameters())
    assert Z3.shape == (6, 120) and np.isfinite(Z3).all()

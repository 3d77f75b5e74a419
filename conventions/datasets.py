"""Image datasets in the course's HDF5 format: the real files by path, or a built-in synthetic set.

Course format (cat/non-cat and SIGNS): `train_set_x` (m, 64, 64, 3) uint8, `train_set_y` (m,) int,
`list_classes`; the test file has `test_set_x`, `test_set_y`, `list_classes`. The course flattens to
X: (64*64*3, m) = (12288, m), scales by 1/255, and reshapes labels to Y: (1, m).

Where the real files are: `find_data_dir` looks at an explicit path (a CLI flag), then the
environment variable DLPARITY_DATA, then `../shared/data` beside the working directory or beside the
project checkout. When none has them, `cat_data()` falls back to `synthetic_cat_dataset()`: a
deterministic set of the same shapes and sizes, generated in memory (no download).
"""

import os
from pathlib import Path

import numpy as np

from conventions import h5_reading
from conventions.atomic import atomic_h5
from conventions.h5_reading import Problem
from conventions.validation import check_finite

DATA_ENV = "DLPARITY_DATA"
CAT_FILES = {"train": "train_catvnoncat.h5", "test": "test_catvnoncat.h5"}
CAT_CLASSES = np.array([b"non-cat", b"cat"])
IMAGE_SHAPE = (64, 64, 3)


def find_data_dir(path=None, required_file=CAT_FILES["train"]):
    """The directory holding the course's files, or None when it cannot be found.

    Order: `path` (must exist, else FileNotFoundError), $DLPARITY_DATA (likewise), then
    ./../shared/data and <project>/../shared/data if they hold `required_file`.
    """
    for source, candidate in (("path", path), (DATA_ENV, os.environ.get(DATA_ENV))):
        if candidate:
            if not Path(candidate).is_dir():
                raise FileNotFoundError(f"{source}: data directory {candidate!r} does not exist")
            return Path(candidate)
    for candidate in (Path.cwd() / ".." / "shared" / "data",
                      Path(__file__).resolve().parents[1] / ".." / "shared" / "data"):
        if (candidate / required_file).is_file():
            return candidate.resolve()
    return None


class DataFileError(h5_reading.FileFormatError):
    """A course data file that is damaged or not in the course's format; the message starts with
    the file's path."""


def load_course_h5(path, split):
    """Read one course file: returns (x_orig (m, ...) uint8, y (1, m) int64, classes).

    split: "train" or "test" -- selects the keys `{split}_set_x` / `{split}_set_y`.
    A missing file is a FileNotFoundError naming it. Everything else is a `DataFileError` naming
    the file and the problem: not an HDF5 file (empty, text, truncated with how many bytes of how
    many, damaged), a missing dataset, a link (never followed), a dataset of the wrong type
    (x: uint8 pixels, y: integer labels, list_classes: names or integers) or shape, labels outside
    the class list. Only the three datasets are read, each after its checks.
    """
    if split not in ("train", "test"):
        raise ValueError(f"split: expected 'train' or 'test', got {split!r}")
    if not os.path.lexists(path):
        raise FileNotFoundError(f"{path}: the course data file does not exist")
    x_key, y_key = f"{split}_set_x", f"{split}_set_y"
    try:
        with h5_reading.opened(path) as f:
            for key in (x_key, y_key, "list_classes"):
                if key not in f:
                    raise Problem(f"missing dataset {key!r} (it has {', '.join(sorted(f.keys()))})")
            x = _read(f, x_key, "u", "uint8 pixel values", 4, "(m, height, width, channels)")
            y = _read(f, y_key, "iu", "integer labels")
            classes = _read(f, "list_classes", "Siu", "class names or numbers", ndim=1)
            if x.dtype != np.uint8:
                raise Problem(f"'{x_key}' holds {h5_reading.kind_in_words(x.dtype)}, expected uint8 "
                              f"pixel values")
            y = np.asarray(y).reshape(-1)
            if y.shape[0] != x.shape[0]:
                raise Problem(f"'{y_key}': expected {x.shape[0]} labels (one per image), got "
                              f"{y.shape[0]}")
            outside = (y < 0) | (y >= len(classes))
            if outside.any():
                raise Problem(f"'{y_key}': labels must index list_classes (0..{len(classes) - 1}), "
                              f"got {sorted(set(y[outside].tolist()))}")
    except Problem as problem:
        raise DataFileError(f"{path}: {problem}") from None
    except h5_reading.H5PY_ERRORS as error:
        raise DataFileError(f"{path}: is damaged: HDF5 cannot read it "
                            f"({type(error).__name__}: {error})") from error
    return x, y.reshape(1, -1).astype(np.int64), classes


def _read(f, key, kinds, expected, ndim=None, shape_words=None):
    return h5_reading.dataset(f, key, f"'{key}'", kinds, expected, ndim=ndim, shape_words=shape_words,
                              allowed_filters=h5_reading.DATA_FILTERS)


def load_dataset(data_dir=None, files=CAT_FILES):
    """The course's `load_dataset()`: (train_set_x_orig, train_set_y, test_set_x_orig, test_set_y,
    classes) with x_orig (m, 64, 64, 3) uint8 and y (1, m)."""
    directory = find_data_dir(data_dir, files["train"])
    if directory is None:
        raise FileNotFoundError(
            f"course data not found: pass a directory or set {DATA_ENV} (looked for {files['train']})")
    train_x, train_y, classes = load_course_h5(directory / files["train"], "train")
    test_x, test_y, _ = load_course_h5(directory / files["test"], "test")
    return train_x, train_y, test_x, test_y, classes


def flatten_images(x_orig, dtype=np.float64):
    """(m, h, w, c) uint8 -> X: (h*w*c, m) in [0, 1]: the course's reshape(m, -1).T / 255."""
    x_orig = np.asarray(x_orig)
    if x_orig.ndim != 4:
        raise ValueError(f"x_orig: expected shape (m, height, width, channels), got {x_orig.shape}")
    return (x_orig.reshape(x_orig.shape[0], -1).T / 255).astype(dtype, copy=False)


def synthetic_cat_dataset(seed=0, m_train=209, m_test=50):
    """A deterministic stand-in for the cat data: same shapes, dtypes and class list.

    Each image is a smooth random colour field plus pixel noise. A "cat" image (label 1, about a
    third of the set as in the real data) also holds a warm-coloured ellipse of random size,
    position and contrast; about a third of the non-cats hold an ellipse of another colour, and a
    few labels are flipped — so a linear model learns it well above chance but not perfectly.
    Returns (train_set_x_orig, train_set_y, test_set_x_orig, test_set_y, classes).
    """
    key = (int(seed), int(m_train), int(m_test))
    if key not in _SYNTHETIC:               # ~2 s of generation, asked for by several cases
        _SYNTHETIC.clear()
        _SYNTHETIC[key] = _synthetic_images(np.random.default_rng(seed), m_train + m_test)
    x, y = (a.copy() for a in _SYNTHETIC[key])          # callers may change what they get
    return x[:m_train], y[:, :m_train], x[m_train:], y[:, m_train:], CAT_CLASSES.copy()


_SYNTHETIC = {}                             # the last synthetic set made, by (seed, m_train, m_test)


def _synthetic_images(rng, m):
    h, w, _ = IMAGE_SHAPE
    y = (rng.random(m) < 0.35).astype(np.int64)
    coarse = rng.uniform(5, 175, size=(m, 8, 8, 3))
    images = np.repeat(np.repeat(coarse, 8, axis=1), 8, axis=2)        # blocky colour field
    images = 0.5 * images + 0.5 * np.roll(images, 4, axis=(1, 2))     # soften the blocks
    rows, cols = np.mgrid[0:h, 0:w]
    for i in range(m):
        if y[i] == 1:
            colour = np.array([230.0, 140.0, 60.0]) + rng.normal(0, 15, 3)   # warm, orange-ish
        elif rng.random() < 0.35:
            colour = rng.uniform(30, 225, 3)                                # a distractor
        else:
            continue
        cy, cx = rng.uniform(18, 46, 2)
        ry, rx = rng.uniform(8, 18, 2)
        inside = ((rows - cy) / ry) ** 2 + ((cols - cx) / rx) ** 2 <= 1
        alpha = rng.uniform(0.25, 0.6)
        images[i][inside] = (1 - alpha) * images[i][inside] + alpha * colour
    images += rng.normal(0, 12, size=images.shape)
    flip = rng.random(m) < 0.06
    y[flip] = 1 - y[flip]
    return np.clip(np.rint(images), 0, 255).astype(np.uint8), y.reshape(1, m)


def cat_data(data_dir=None, source="auto", dtype=np.float64):
    """The cat task ready for the course's code: (X_train, Y_train, X_test, Y_test, description).

    X: (12288, m) scaled to [0, 1] in `dtype`, Y: (1, m) in `dtype`.
    source: "real" (the course's files, error if absent), "synthetic", or "auto" (real when found).
    """
    if source not in ("auto", "real", "synthetic"):
        raise ValueError(f"source: expected 'auto', 'real' or 'synthetic', got {source!r}")
    directory = None if source == "synthetic" else find_data_dir(data_dir)
    if directory is None and source == "real":
        raise FileNotFoundError(f"course data not found: pass a directory or set {DATA_ENV}")
    if directory is not None:
        train_x, train_y, test_x, test_y, _ = load_dataset(directory)
        description = f"cat/non-cat from {directory}"
    else:
        train_x, train_y, test_x, test_y, _ = synthetic_cat_dataset()
        description = "built-in synthetic cat-format images (seed 0)"
    return (flatten_images(train_x, dtype), train_y.astype(dtype), flatten_images(test_x, dtype),
            test_y.astype(dtype), description)


def write_course_h5(path, split, x, y, classes):
    """Write one file in the course's format, atomically (temp file + rename)."""
    x, y = np.asarray(x), np.asarray(y).reshape(-1)
    check_finite("x", x)
    with atomic_h5(path) as f:
        f.create_dataset(f"{split}_set_x", data=x)
        f.create_dataset(f"{split}_set_y", data=y)
        f.create_dataset("list_classes", data=np.asarray(classes))


def write_synthetic_cat_files(directory, seed=0):
    """Write the synthetic set as train_catvnoncat.h5 / test_catvnoncat.h5 into `directory`."""
    train_x, train_y, test_x, test_y, classes = synthetic_cat_dataset(seed)
    Path(directory).mkdir(parents=True, exist_ok=True)
    write_course_h5(Path(directory) / CAT_FILES["train"], "train", train_x, train_y, classes)
    write_course_h5(Path(directory) / CAT_FILES["test"], "test", test_x, test_y, classes)
    return [Path(directory) / name for name in CAT_FILES.values()]

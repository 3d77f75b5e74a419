"""The SIGNS data of the TensorFlow tutorial (course 2, week 3): the real files through the course
loader, or a built-in synthetic set in the same format.

Format (datasets.load_course_h5): `train_signs.h5` / `test_signs.h5` hold `{split}_set_x`
(m, 64, 64, 3) uint8, `{split}_set_y` (m,) labels 0 ... 5 (the number of fingers shown) and
`list_classes` [0, 1, 2, 3, 4, 5]; the course's sets have 1080 train and 120 test images.
For the network: X = layout.images_to_columns(x_orig) (12288, m) in [0, 1], Y =
layout.one_hot_columns(y, 6) (6, m); Keras's layout is their transpose (layout.images_to_rows,
layout.one_hot_rows).

The synthetic set (`synthetic_signs_dataset(seed)`): each image is a smooth darkish background (a
tinted grey, a vertical gradient and soft blocks) with a hand-like blob of a light skin tone: a palm
(an ellipse of random size near the bottom centre, moved by a few pixels) and k raised fingers for
class k (capsules from the palm outwards, at the angles of the first k of five fixed finger
positions, each angle, length and width jittered), then Gaussian pixel noise. The class is the
number of fingers, as in SIGNS; classes are balanced (each 1/6 of the set, in random order).
Deterministic for a seed (numpy.random.default_rng), generated in memory in about a second; no
download.
"""

from pathlib import Path

import numpy as np

from conventions import datasets

SIGNS_FILES = {"train": "train_signs.h5", "test": "test_signs.h5"}
SIGNS_CLASSES = np.arange(6)
SIGNS_SIZES = (1080, 120)
# The finger positions, in the order fingers are raised: angles from vertical (degrees).
FINGER_ANGLES = (-8.0, 12.0, 32.0, -28.0, 58.0)


def synthetic_signs_dataset(seed=0, m_train=SIGNS_SIZES[0], m_test=SIGNS_SIZES[1]):
    """(train_set_x_orig (m_train, 64, 64, 3) uint8, train_set_y (1, m_train), test_set_x_orig,
    test_set_y, classes): a deterministic SIGNS-format set (see the module's docstring)."""
    for name, m in (("m_train", m_train), ("m_test", m_test)):
        if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or m < 1:
            raise ValueError(f"{name}: expected a positive integer, got {m!r}")
    rng = np.random.default_rng(seed)
    m = m_train + m_test
    y = rng.permutation(np.arange(m) % len(SIGNS_CLASSES))
    x = np.stack([_image(rng, int(k)) for k in y])
    y = y.astype(np.int64).reshape(1, m)
    return x[:m_train], y[:, :m_train], x[m_train:], y[:, m_train:], SIGNS_CLASSES.copy()


_ROWS, _COLS = np.mgrid[0:64, 0:64].astype(np.float64)


def _capsule(p0, p1, radius):
    """Pixels within `radius` of the segment p0 -> p1 ((row, col) points)."""
    d = p1 - p0
    t = np.clip(((_ROWS - p0[0]) * d[0] + (_COLS - p0[1]) * d[1]) / (d @ d), 0.0, 1.0)
    return (_ROWS - p0[0] - t * d[0]) ** 2 + (_COLS - p0[1] - t * d[1]) ** 2 <= radius ** 2


def _image(rng, fingers):
    background = rng.uniform(40, 110) + rng.normal(0, 12, 3)        # a darkish tinted grey
    blocks = np.repeat(np.repeat(rng.normal(0, 10, (4, 4, 3)), 16, axis=0), 16, axis=1)
    gradient = np.linspace(-1, 1, 64)[:, None, None] * rng.normal(0, 8, 3)
    image = background + blocks + gradient
    skin = np.array([235.0, 190.0, 160.0]) * rng.uniform(0.88, 1.05) + rng.normal(0, 6, 3)
    centre = np.array([46.0, 32.0]) + rng.normal(0, 1.5, 2)
    radii = rng.uniform(9.0, 12.0, 2)
    hand = ((_ROWS - centre[0]) / radii[0]) ** 2 + ((_COLS - centre[1]) / radii[1]) ** 2 <= 1
    for angle in FINGER_ANGLES[:fingers]:
        theta = np.deg2rad(angle + rng.normal(0, 3.0))
        direction = np.array([-np.cos(theta), np.sin(theta)])
        start = centre + direction * radii.min() * 0.6
        end = start + direction * rng.uniform(15.0, 21.0)
        hand |= _capsule(start, end, rng.uniform(2.0, 2.8))
    image[hand] = skin
    image += rng.normal(0, 10, image.shape)
    return np.clip(np.rint(image), 0, 255).astype(np.uint8)


def load_signs(data_dir=None, split="test"):
    """(x_orig (m, 64, 64, 3) uint8, y (1, m) int64, classes) of the course's SIGNS file for
    `split`, found as datasets.find_data_dir finds the course's files (FileNotFoundError naming
    the file when absent; DataFileError when damaged)."""
    name = SIGNS_FILES[split] if split in SIGNS_FILES else None
    if name is None:
        raise ValueError(f"split: expected 'train' or 'test', got {split!r}")
    directory = datasets.find_data_dir(data_dir, name)
    if directory is None or not (Path(directory) / name).is_file():
        raise FileNotFoundError(f"{name}: the course's SIGNS file was not found (pass a directory "
                                f"or set {datasets.DATA_ENV})")
    return datasets.load_course_h5(Path(directory) / name, split)


def write_synthetic_signs_files(directory, seed=0):
    """Write the synthetic set as train_signs.h5 / test_signs.h5 into `directory`."""
    train_x, train_y, test_x, test_y, classes = synthetic_signs_dataset(seed)
    Path(directory).mkdir(parents=True, exist_ok=True)
    paths = [Path(directory) / SIGNS_FILES["train"], Path(directory) / SIGNS_FILES["test"]]
    datasets.write_course_h5(paths[0], "train", train_x, train_y, classes)
    datasets.write_course_h5(paths[1], "test", test_x, test_y, classes)
    return paths

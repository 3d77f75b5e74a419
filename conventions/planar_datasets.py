"""The course's 2-D classification sets, built in (NumPy only, deterministic, no download).

Layout as everywhere in the course: X: (2, m) float64, examples in columns; Y: (1, m) uint8 labels
in {0, 1}.

- `load_planar_dataset(seed=1)`: the "flower" of course 1 week 3 (400 points, 200 per class).
  It draws from `np.random.RandomState(seed)` — a local generator with the same legacy stream as
  the course's `np.random.seed(1)` followed by `np.random.randn` — so with the default seed the
  points are the course's own, and nothing touches NumPy's global random state.
- `load_extra_datasets(seed=0)`: the four sets the course compares on (noisy circles, noisy moons,
  blobs, gaussian quantiles), 200 points each, made by the small NumPy generators below with the
  course's settings. The course calls scikit-learn's generators unseeded (blobs with
  random_state=5); these follow the same constructions with `np.random.default_rng`, so the
  shapes, label conventions and distributions match, the exact points do not.
- `load_circles_dataset()`: the circles of course 2's initialisation assignment, the course's
  own points bit for bit: 300 training points drawn as scikit-learn's `make_circles(n_samples=300,
  noise=.05)` after `np.random.seed(1)`, 100 test points after `np.random.seed(2)`, reproduced with
  NumPy alone (`make_circles(..., seed=np.random.RandomState(s))`, see there).
- `load_football_dataset(data_dir=None)`: the goalkeeper set of course 2 (regularization) from
  `football_positions.h5` when the course's data directory is present.
"""

import os

import numpy as np

from conventions import h5_reading
from conventions.datasets import DATA_ENV, DataFileError, find_data_dir
from conventions.h5_reading import Problem

FOOTBALL_FILE = "football_positions.h5"
EXTRA_DATASETS = ("noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles")


def load_planar_dataset(seed=1):
    """The flower: X (2, 400) float64, Y (1, 400) uint8; points 0-199 are class 0, 200-399 class 1.

    For each class j (N = 200 points, a = 4 the maximum ray):
        t = linspace(3.12 j, 3.12 (j + 1), N) + 0.2 * randn(N)      (angle)
        r = a * sin(4 t) + 0.2 * randn(N)                            (radius)
        X[:, class j] = [r sin t; r cos t],  Y = j
    Random numbers come from np.random.RandomState(seed), drawn in the course's order.
    """
    rs = np.random.RandomState(seed)
    m, D, a = 400, 2, 4
    N = m // 2
    X = np.zeros((m, D))
    Y = np.zeros((m, 1), dtype=np.uint8)
    for j in range(2):
        ix = slice(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + rs.randn(N) * 0.2
        r = a * np.sin(4 * t) + rs.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def _generator(seed):
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed: expected an int or a numpy Generator, got {seed!r}")
    return np.random.default_rng(int(seed))


def _check_n_samples(n_samples, minimum=2):
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) \
            or n_samples < minimum:
        raise ValueError(f"n_samples: expected an integer >= {minimum}, got {n_samples!r}")
    return int(n_samples)


def _course_layout(points, labels, rng, shuffle):
    """(m, 2) points and (m,) labels -> X (2, m), Y (1, m) uint8, optionally shuffled together."""
    if shuffle:
        order = rng.permutation(points.shape[0])
        points, labels = points[order], labels[order]
    return np.ascontiguousarray(points.T), labels.astype(np.uint8).reshape(1, -1)


CIRCLES_EDITIONS = ("0.20", "0.19")


def make_circles(n_samples=100, factor=0.8, noise=None, seed=0, shuffle=True, edition="0.20"):
    """Two concentric circles: the outer one (radius 1) is class 0, the inner one (radius
    `factor`) class 1, then Gaussian noise of standard deviation `noise` on both coordinates.

    Returns X (2, n) float64, Y (1, n) uint8 (n = n_samples, except below).

    The points, evenly spaced in angle (edition "0.20", scikit-learn 0.20 and later):
        n_out = n_samples // 2 outer points at angles linspace(0, 2 pi, n_out, endpoint=False),
        n_in = n_samples - n_out inner points at linspace(0, 2 pi, n_in, endpoint=False).
    Edition "0.19" (scikit-learn before 0.20): n_samples // 2 points on EACH circle at angles
    linspace(0, 2 pi, n_samples // 2 + 1)[:-1] (so an odd n_samples gives n_samples - 1 points),
    the inner points being factor x the outer ones. For an even n_samples the two editions give
    the same bits (the angles are arange(k) * (2 pi / k) either way; tested).

    Where the random numbers come from (`seed`):
    - an int or a numpy Generator: the project's own stream, np.random.default_rng(seed):
      Generator.permutation(n) shuffles the columns, then noise of shape (2, n) is added.
    - a np.random.RandomState, or None for NumPy's global legacy stream (what `np.random.seed`
      seeds): scikit-learn's draws in scikit-learn's order, the course's stream. The points are
      listed outer then inner as rows (n, 2); RandomState.shuffle(arange(n)) permutes the rows;
      noise is drawn as normal(scale=noise, size=(n, 2)) (row by row: x then y of each point)
      and added; X is the transpose. So after np.random.seed(1),
      make_circles(300, noise=.05, seed=None) equals scikit-learn's make_circles(n_samples=300,
      noise=.05) bit for bit (random_state=None draws from the same global stream). A
      RandomState(s) gives the same numbers as np.random.seed(s) without touching the global
      state; seed=None advances the global state exactly as scikit-learn does.
    """
    n_samples = _check_n_samples(n_samples)
    if not 0 <= factor < 1:
        raise ValueError(f"factor: expected a value in [0, 1), got {factor!r}")
    if edition not in CIRCLES_EDITIONS:
        raise ValueError(f"edition: expected one of {CIRCLES_EDITIONS} (scikit-learn's "
                         f"make_circles from 0.20 on, or before it), got {edition!r}")
    if noise is not None and (isinstance(noise, bool) or not isinstance(
            noise, (int, float, np.integer, np.floating)) or not 0 <= noise < np.inf):
        raise ValueError(f"noise: expected None or a number >= 0, got {noise!r}")
    legacy = seed is None or isinstance(seed, np.random.RandomState)
    rng = (np.random.mtrand._rand if seed is None else seed) if legacy else _generator(seed)
    if edition == "0.20":
        n_out = n_samples // 2
        n_in = n_samples - n_out
        angle_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
        angle_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
        inner = factor * np.c_[np.cos(angle_in), np.sin(angle_in)]
    else:
        n_out = n_in = n_samples // 2
        angle_out = np.linspace(0, 2 * np.pi, n_out + 1)[:-1]
        inner = None
    outer = np.c_[np.cos(angle_out), np.sin(angle_out)]
    if inner is None:
        inner = outer * factor
    points = np.vstack([outer, inner])
    labels = np.r_[np.zeros(n_out), np.ones(n_in)]
    if legacy:
        return _legacy_circles(points, labels, rng, noise, shuffle)
    X, Y = _course_layout(points, labels, rng, shuffle)
    if noise is not None:
        X = X + rng.normal(scale=noise, size=X.shape)
    return X, Y


def _legacy_circles(points, labels, rs, noise, shuffle):
    """(n, 2) points in rows -> X (2, n), Y (1, n) uint8 with the legacy stream's draw order:
    a shuffle of the row indices, then row-major noise of shape (n, 2)."""
    if shuffle:
        order = np.arange(points.shape[0])
        rs.shuffle(order)
        points, labels = points[order], labels[order]
    if noise is not None:
        points = points + rs.normal(scale=noise, size=points.shape)
    return np.ascontiguousarray(points.T), labels.astype(np.uint8).reshape(1, -1)


def load_circles_dataset(train_seed=1, test_seed=2, edition="0.20"):
    """The circles of course 2's initialisation assignment: (train_X (2, 300), train_Y (1, 300),
    test_X (2, 100), test_Y (1, 100)), X float64, Y uint8 -- the order of the course's
    `load_dataset`.

    train = make_circles(n_samples=300, noise=.05) drawn from np.random.RandomState(train_seed),
    test = make_circles(n_samples=100, noise=.05) from np.random.RandomState(test_seed): with the
    defaults, bit for bit the points the course draws with scikit-learn after np.random.seed(1)
    and np.random.seed(2) (both editions agree for these even sizes).
    NumPy's global random state is left as the caller had it (local RandomState generators are
    used, never np.random.seed): a caller who relies on the course's side effect (the global
    state seeded by 2, then advanced) seeds it himself.
    """
    rs_train = np.random.RandomState(train_seed)
    rs_test = np.random.RandomState(test_seed)
    train_X, train_Y = make_circles(300, noise=.05, seed=rs_train, edition=edition)
    test_X, test_Y = make_circles(100, noise=.05, seed=rs_test, edition=edition)
    return train_X, train_Y, test_X, test_Y


def make_moons(n_samples=100, noise=None, seed=0, shuffle=True):
    """Two interleaving half circles: class 0 the upper arc (cos s, sin s), s in [0, pi]; class 1
    the lower arc (1 - cos s, 0.5 - sin s); then Gaussian noise of standard deviation `noise`.

    Returns X (2, n_samples) float64, Y (1, n_samples) uint8.
    """
    n_samples = _check_n_samples(n_samples)
    rng = _generator(seed)
    n_out = n_samples // 2
    n_in = n_samples - n_out
    s_out = np.linspace(0, np.pi, n_out)
    s_in = np.linspace(0, np.pi, n_in)
    points = np.vstack([np.c_[np.cos(s_out), np.sin(s_out)],
                        np.c_[1 - np.cos(s_in), 1 - np.sin(s_in) - 0.5]])
    labels = np.r_[np.zeros(n_out), np.ones(n_in)]
    X, Y = _course_layout(points, labels, rng, shuffle)
    if noise is not None:
        X = X + rng.normal(scale=noise, size=X.shape)
    return X, Y


def make_blobs(n_samples=100, centers=3, cluster_std=1.0, center_box=(-10.0, 10.0), seed=0,
               shuffle=True):
    """Isotropic Gaussian clusters in 2-D: `centers` centres drawn uniformly in the square
    `center_box`, points split as evenly as possible (the first n_samples % centers clusters get
    one more), each cluster labelled by its index 0 .. centers - 1 (NOT binary: the course takes
    Y % 2, see `load_extra_datasets`).

    Returns X (2, n_samples) float64, Y (1, n_samples) uint8.
    """
    n_samples = _check_n_samples(n_samples)
    if isinstance(centers, bool) or not isinstance(centers, (int, np.integer)) \
            or not 1 <= centers <= 255:
        raise ValueError(f"centers: expected an integer in 1..255, got {centers!r}")
    rng = _generator(seed)
    low, high = center_box
    middles = rng.uniform(low, high, size=(centers, 2))
    counts = [n_samples // centers + (1 if i < n_samples % centers else 0) for i in range(centers)]
    points = np.vstack([rng.normal(loc=middles[i], scale=cluster_std, size=(counts[i], 2))
                        for i in range(centers)])
    labels = np.repeat(np.arange(centers), counts)
    return _course_layout(points, labels, rng, shuffle)


def make_gaussian_quantiles(n_samples=100, cov=1.0, n_classes=3, seed=0, shuffle=True):
    """A 2-D isotropic Gaussian (mean 0, covariance cov * I) cut into `n_classes` rings of equal
    size by distance from the centre: the nearest n_samples // n_classes points are class 0, the
    next as many class 1, ..., the last class also takes the remainder.

    Returns X (2, n_samples) float64, Y (1, n_samples) uint8.
    """
    n_samples = _check_n_samples(n_samples)
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)) \
            or not 1 <= n_classes <= min(n_samples, 255):
        raise ValueError(f"n_classes: expected an integer in 1..{min(n_samples, 255)}, "
                         f"got {n_classes!r}")
    if not cov > 0:
        raise ValueError(f"cov: expected a positive number, got {cov!r}")
    rng = _generator(seed)
    points = rng.normal(scale=np.sqrt(cov), size=(n_samples, 2))
    points = points[np.argsort(np.sum(points**2, axis=1), kind="stable")]
    step = n_samples // n_classes
    labels = np.r_[np.repeat(np.arange(n_classes), step),
                   np.repeat(n_classes - 1, n_samples - step * n_classes)]
    return _course_layout(points, labels, rng, shuffle)


def load_extra_datasets(seed=0, n_samples=200):
    """The course's four extra sets as {name: (X (2, m), Y (1, m) uint8 in {0, 1})}.

    Settings as the course's `load_extra_datasets` (N = 200): noisy circles factor 0.5 noise 0.3;
    noisy moons noise 0.2; blobs with 6 centres, labels taken modulo 2 (the course's "make blobs
    binary" step, so Y is in {0, 1}); gaussian quantiles with covariance 0.5 and 2 classes.
    Each set draws from its own child generator of np.random.default_rng(seed) (Generator.spawn),
    so every set depends on `seed` alone, not on which other sets were drawn.
    (The course's fifth set, "no_structure", is random noise and is left out.)
    """
    n_samples = _check_n_samples(n_samples)
    rngs = _generator(seed).spawn(len(EXTRA_DATASETS))
    circles = make_circles(n_samples, factor=0.5, noise=0.3, seed=rngs[0])
    moons = make_moons(n_samples, noise=0.2, seed=rngs[1])
    blobs_X, blobs_Y = make_blobs(n_samples, centers=6, seed=rngs[2])
    quantiles = make_gaussian_quantiles(n_samples, cov=0.5, n_classes=2, seed=rngs[3])
    return {"noisy_circles": circles, "noisy_moons": moons, "blobs": (blobs_X, blobs_Y % 2),
            "gaussian_quantiles": quantiles}


def load_football_dataset(data_dir=None):
    """The course-2 football set: (train_X (2, 211), train_Y (1, 211), test_X (2, 200),
    test_Y (1, 200)) -- the order of the course's `load_2D_dataset`.

    Reads `football_positions.h5` (datasets X (m, 2), y (m, 1), Xval, yval: examples in ROWS)
    from the directory `find_data_dir(data_dir, required_file="football_positions.h5")` finds,
    and transposes to the course's columns. X comes back float64, Y uint8 in {0, 1}.
    Raises FileNotFoundError when the file is absent; `DataFileError` naming the file for
    everything else: not an HDF5 file (empty, text, truncated, damaged), a missing dataset, a link
    (never followed), a non-numeric dataset, a wrong shape, non-finite positions or labels outside
    {0, 1}.
    """
    directory = find_data_dir(data_dir, required_file=FOOTBALL_FILE)
    path = None if directory is None else directory / FOOTBALL_FILE
    if path is None or not os.path.lexists(path):
        where = f"in {str(directory)!r}" if directory is not None else (
            f"(pass a data directory or set {DATA_ENV}; looked in ../shared/data)")
        raise FileNotFoundError(f"football data: {FOOTBALL_FILE} not found {where}")
    try:
        with h5_reading.opened(path) as f:
            missing = [key for key in ("X", "y", "Xval", "yval") if key not in f]
            if missing:
                raise Problem(f"missing dataset(s) {missing} (it has {sorted(f.keys())})")
            arrays = {key: h5_reading.dataset(f, key, f"'{key}'", "fiub", "numbers", ndim=None,
                                              allowed_filters=h5_reading.DATA_FILTERS)
                      for key in ("X", "y", "Xval", "yval")}
            train_X, train_Y = _football_split("X", arrays["X"], "y", arrays["y"])
            test_X, test_Y = _football_split("Xval", arrays["Xval"], "yval", arrays["yval"])
    except Problem as problem:
        raise DataFileError(f"{path}: {problem}") from None
    except h5_reading.H5PY_ERRORS as error:
        raise DataFileError(f"{path}: is damaged: HDF5 cannot read it "
                            f"({type(error).__name__}: {error})") from error
    return train_X, train_Y, test_X, test_Y


def _football_split(x_key, x, y_key, y):
    """Rows -> columns for one split, with shape, finiteness and label checks."""
    if x.ndim != 2 or x.shape[1] != 2:
        raise Problem(f"{x_key}: expected shape (m, 2) (examples in rows), got {x.shape}")
    m = x.shape[0]
    if y.shape not in ((m, 1), (m,)):
        raise Problem(f"{y_key}: expected shape ({m}, 1) (one label per row of {x_key}), "
                      f"got {y.shape}")
    x = x.astype(np.float64)
    if not np.isfinite(x).all():
        first = tuple(int(i) for i in np.argwhere(~np.isfinite(x))[0])
        raise Problem(f"{x_key}: expected finite positions, got "
                      f"{int((~np.isfinite(x)).sum())} NaN/inf (first at index {first})")
    outside = ~np.isin(y, (0, 1))
    if outside.any():
        raise Problem(f"{y_key}: expected labels in {{0, 1}}, got "
                      f"{np.unique(y[outside])[:5].tolist()}")
    return np.ascontiguousarray(x.T), y.reshape(1, m).astype(np.uint8)

"""Seeded input builders for parity cases (course layout: examples in columns).

Random values come at moderate scales that keep sigmoid out of saturation; whether a draw is
well conditioned for the normwise bound (cancelling sums, kinks within rounding) is judged by
`dlparity.conditioning`, not here. Activations' own inputs are kept off their kinks
(`away_from_zero`) so that their wrong variants at the kinks are the [edges] cases' business.
"""

import numpy as np


def shape(rng, max_rows=8, max_cols=20):
    """A random (n, m) with 1 <= n <= max_rows, 1 <= m <= max_cols."""
    return int(rng.integers(1, max_rows + 1)), int(rng.integers(1, max_cols + 1))


def width(rng, previous, high):
    """A layer width: `previous` one time in three (a square W, where W and W.T have the same
    shape and a missing transpose runs silently), else uniform in 1..high (1: a single unit)."""
    return int(previous) if rng.random() < 1 / 3 else int(rng.integers(1, high + 1))


def normal(rng, size, dtype, scale=1.0):
    return (scale * rng.standard_normal(size)).astype(dtype)


def away_from_zero(rng, size, dtype, scale=3.0, gap=0.01):
    """Normal values with |x| >= gap (keeps ReLU/leaky-ReLU kinks out of random checks)."""
    x = scale * rng.standard_normal(size)
    x = np.where(np.abs(x) < gap, np.copysign(gap, x) + x, x)
    return x.astype(dtype)


def labels(rng, m, dtype):
    """Y: (1, m) of 0.0/1.0."""
    return rng.integers(0, 2, size=(1, m)).astype(dtype)


# Edge values for element-wise checks: exact zeros (the kinks), tiny, saturating (|z| = 30, where
# the naive cross-entropy loses 1e-3) and huge (|z| = 800, where exp overflows).
EDGE_VALUES = (0.0, -0.0, 1e-8, -1e-8, 1.0, -1.0, 30.0, -30.0, 800.0, -800.0)


def edge_matrix(dtype, rows=3):
    """(rows, len(EDGE_VALUES)): every edge value in every row, each row shifted by one."""
    base = np.array(EDGE_VALUES)
    return np.stack([np.roll(base, r) for r in range(rows)]).astype(dtype)

"""The tolerance table: one entry per (dtype, kind of check), each with its reason.

Every bound is on the normwise relative difference max|a - b| / max(|a|, |b|) (see `checker`),
expressed in units of the dtype's machine epsilon (float64: 2.2e-16, float32: 1.2e-7) and scaled
by the size of the work that produced it:

- "elementwise": the result of a fixed, short chain of element-wise ops (an activation and its
  derivative, a per-example loss). Each twin is within a few ulp of the exact value; measured
  here: TF vs NumPy sigmoid 1 ulp, tanh 3.5 ulp, softmax 6.5 ulp (float64). The bound leaves a
  factor ~2 above the worst measured composition.
- "reduction": a result that sums n terms (a matmul over n_x or m, a mean over m). Rounding
  errors of a length-n sum with independent signs grow like sqrt(n) ulp (Higham, "Accuracy and
  Stability of Numerical Algorithms", 2nd ed., sec. 2.8 and 4.2: the worst case is n ulp, the
  statistical rate sqrt(n)); NumPy (OpenBLAS) and TF (Eigen/oneDNN) block and order their sums
  differently, so both sides carry such an error. n is the longest reduction in the check.
  The bound is relative to the size of the RESULT, while rounding errs relative to the size of
  the TERMS (|fl(sum t) - sum t| <= gamma_n * sum |t|): the two agree while the sum does not
  cancel (kappa = sum |t| / |sum t| = O(1)). Random draws that are ill-conditioned for this
  measure (cancelling sums, amplifying layers, kinks within rounding) are redrawn by one rule,
  `dlparity.conditioning`.
- "trajectory": `steps` updates, each a "reduction"-sized error. Gradient descent with a stable
  learning rate is non-expansive (|x - lr*grad(x) - (y - lr*grad(y))| <= |x - y| on a convex loss
  with lr <= 2/L), so per-step errors at most add up: the bound grows linearly in `steps`.
  On a non-convex loss this holds only while lr <= 2 / lambda_max (the Hessian's largest
  eigenvalue); past that, differences grow geometrically whatever their origin — the course's
  planar run crosses it near iteration 7130 (see dlparity/cases/shallow.py).

- "central_difference": a value computed from two-sided differences (J(theta + eps) - J(theta -
  eps)) / (2 eps) at the notes' eps = 1e-7, such as gradient_check_n's difference. Each cost carries
  a rounding error of a few ulp of |J| (16 ulp allowed, as "reduction"), which the division by
  2 eps amplifies 5e6-fold: 16 / (2 * 1e-7) = 8e7 ulp per entry, sqrt(n) over n entries — 1.8e-8
  relative per entry in float64, measured between the twins at 1e-9 (a difference of 0.228 apart
  by 2.3e-10). float64 only: in float32, theta + 1e-7 rounds to theta for |theta| >= 1.
  A one-sided difference (error O(eps) = 1e-7 relative) can hide under this bound.

float32 entries carry twice the ulp count of float64: TensorFlow's float32 transcendental kernels
(Eigen's vectorised exp/tanh/logistic) are polynomial approximations measured at up to 2.5 ulp,
where NumPy's float32 calls are within ~1 ulp, and TF uses fused multiply-adds in its float32 matmul
kernels where OpenBLAS's order differs.
"""

import math

import numpy as np

# (dtype, kind) -> (ulps, reason)
TABLE = {
    ("float64", "elementwise"): (16, "a few ulp per op on each side; measured <= 6.5 ulp"),
    ("float32", "elementwise"): (32, "Eigen's float32 exp/tanh/logistic are approximations (<= 2.5 ulp)"),
    ("float64", "reduction"): (16, "sum of n terms: sqrt(n) ulp statistically, both sides"),
    ("float32", "reduction"): (32, "as float64, plus TF's FMA-based float32 kernels"),
    ("float64", "trajectory"): (16, "per-step reduction error, adding over non-expansive steps"),
    ("float32", "trajectory"): (32, "as float64, with float32's reduction entry per step"),
    ("float64", "central_difference"): (int(16 / (2 * 1e-7)),
                                        "the cost's rounding divided by 2 eps = 2e-7 (eps = 1e-7)"),
}

KINDS = ("elementwise", "reduction", "trajectory", "central_difference")


def dtype_name(dtype):
    return np.dtype(dtype).name


def tolerance(dtype, kind, n=1, steps=1):
    """The normwise bound for a check of `kind` in `dtype`.

    n: length of the longest reduction (ignored for "elementwise");
    steps: number of updates (only for "trajectory").
    """
    name = dtype_name(dtype)
    if (name, kind) not in TABLE:
        raise KeyError(f"no tolerance for dtype {name!r}, kind {kind!r}; known: {sorted(TABLE)}")
    ulps, _ = TABLE[(name, kind)]
    eps = float(np.finfo(name).eps)
    if kind == "elementwise":
        return ulps * eps
    growth = math.sqrt(max(int(n), 1))
    if kind == "trajectory":
        growth *= max(int(steps), 1)
    return ulps * eps * growth


def reason(dtype, kind):
    """The reason written beside the table entry."""
    return TABLE[(dtype_name(dtype), kind)][1]

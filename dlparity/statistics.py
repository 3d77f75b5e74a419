"""Distributional checks for draws that no two generators can make equal (Keras's initialisers
against the course's NumPy stream), each with a threshold derived from the sample size and one
false-alarm probability ALPHA per check.

- ks_one_sample(x, cdf): D = sup |F_n - F| against an exact CDF. Threshold from the
  Dvoretzky-Kiefer-Wolfowitz inequality with Massart's constant (Ann. Probab. 18, 1990):
  P(D > eps) <= 2 exp(-2 n eps^2) for every n, so eps = sqrt(ln(2 / ALPHA) / (2 n)).
- ks_two_sample(x, y): D = sup |F_n - G_m|. Threshold c sqrt((n + m) / (n m)) with
  c = sqrt(ln(2 / ALPHA) / 2): the first term of Kolmogorov's limiting distribution,
  P(sqrt(n m / (n + m)) D > c) -> 2 sum (-1)^(k-1) exp(-2 k^2 c^2) <= 2 exp(-2 c^2) (Smirnov 1939).
- variance_check(x, variance): the mean square about the known mean 0, v = mean(x^2), against the
  exact variance: |v - variance| <= Z sqrt((m4 - v^2) / n), m4 = mean(x^4) the plug-in fourth
  moment (Var(v) = (mu4 - sigma^4) / n for i.i.d. draws; by the central limit theorem the
  two-sided tail of Z = 5 standard errors is 5.7e-7 <= ALPHA).
- bound_check(x, bound): every |x| <= bound (support of a truncated normal or a uniform), with
  4 ulp of room for the scaling's rounding.

With ALPHA = 1e-6 a matching pair fails a check about once in a million runs (the tests use fixed
seeds, so a run is repeatable); the checks' power at the tests' n = 240 000 is stated beside them.
"""

import math
from dataclasses import dataclass

import numpy as np

ALPHA = 1e-6
Z = 5.0
C_ALPHA = math.sqrt(math.log(2 / ALPHA) / 2)          # 2.693


@dataclass(frozen=True)
class Check:
    name: str
    statistic: float
    threshold: float
    passed: bool
    detail: str = ""

    def __str__(self):
        return (f"{self.name:<28} {self.statistic:.4g} vs {self.threshold:.4g} "
                f"{'PASS' if self.passed else 'FAIL'} {self.detail}")


_erf = np.vectorize(math.erf, otypes=[float])


def normal_cdf(sigma):
    """x -> P(N(0, sigma^2) <= x)."""
    return lambda x: 0.5 * (1.0 + _erf(np.asarray(x) / (sigma * math.sqrt(2))))


def truncated_normal_cdf(sigma, k):
    """x -> P(X <= x) for N(0, sigma^2) conditioned on |X| <= k sigma."""
    phi = normal_cdf(sigma)
    low, mass = float(phi(-k * sigma)), float(phi(k * sigma) - phi(-k * sigma))
    return lambda x: np.clip((phi(np.clip(x, -k * sigma, k * sigma)) - low) / mass, 0.0, 1.0)


def uniform_cdf(limit):
    """x -> P(U(-limit, limit) <= x)."""
    return lambda x: np.clip((np.asarray(x) + limit) / (2 * limit), 0.0, 1.0)


def ks_one_sample(x, cdf, label=""):
    x = np.sort(np.ravel(x))
    n = x.size
    F = cdf(x)
    i = np.arange(1, n + 1)
    d = float(max(np.max(i / n - F), np.max(F - (i - 1) / n)))
    threshold = math.sqrt(math.log(2 / ALPHA) / (2 * n))
    return Check(f"ks one-sample {label}".strip(), d, threshold, d <= threshold, f"n={n}")


def ks_two_sample(x, y):
    x, y = np.sort(np.ravel(x)), np.sort(np.ravel(y))
    n, m = x.size, y.size
    z = np.concatenate([x, y])
    d = float(np.max(np.abs(np.searchsorted(x, z, side="right") / n
                            - np.searchsorted(y, z, side="right") / m)))
    threshold = C_ALPHA * math.sqrt((n + m) / (n * m))
    return Check("ks two-sample", d, threshold, d <= threshold, f"n={n}, m={m}")


def variance_check(x, variance, label=""):
    x = np.ravel(x).astype(np.float64)
    v = float(np.mean(x ** 2))
    se = math.sqrt(max(float(np.mean(x ** 4)) - v ** 2, 0.0) / x.size)
    return Check(f"variance {label}".strip(), abs(v - variance), Z * se,
                 abs(v - variance) <= Z * se, f"mean square {v:.6g}, exact {variance:.6g}")


def bound_check(x, bound, label=""):
    top = float(np.max(np.abs(x)))
    limit = bound * (1 + 4 * np.finfo(np.float64).eps)
    return Check(f"bound {label}".strip(), top, bound, top <= limit, "max |x|")

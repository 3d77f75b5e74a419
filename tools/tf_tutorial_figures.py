"""The TensorFlow tutorial's figures in both twins (and Keras's fit), printed side by side.

    python tools/tf_tutorial_figures.py [--epochs N]

- J(w) = w^2 - 10 w + 25 by gradient descent at 0.01 from w = 0: w after 1000 steps in each twin
  and dtype, its distance to the closed form 5 - 5 * 0.98^1000 and to the minimum 5.
- The SIGNS network (25, 12, 6; Glorot; Adam 1e-4; mini-batches of 32) on the built-in synthetic
  SIGNS set (1080 + 120 images, `dl-parity make-data DIR --set signs` writes it), float64, from the
  same initial weights: train / test accuracy of scratch and tf, and how far tf's and Keras fit's
  weights end from scratch's (normwise relative, as the report measures).
"""

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from conventions import layout  # noqa: E402
from conventions.signs_datasets import synthetic_signs_dataset  # noqa: E402
from dlparity import checker  # noqa: E402


def quadratic():
    from scratch import tf_tutorial as s
    from tfimpl import tf_tutorial as t
    closed = 5 - 5 * 0.98 ** 1000
    for dtype in ("float64", "float32"):
        ws = float(s.minimize_cost(dtype=np.dtype(dtype))[-1])
        wt = float(np.asarray(t.minimize_cost(dtype=np.dtype(dtype)))[-1])
        print(f"w after 1000 steps, {dtype}: scratch {ws!r}, tf {wt!r}; scratch - closed form "
              f"{ws - closed:.2e}, 5 - w {5 - ws:.2e}")


def signs(epochs):
    from scratch import tf_tutorial as s
    from tfimpl import tf_tutorial as t
    x_train, y_train, x_test, y_test, _ = synthetic_signs_dataset(0)
    X, X_test = (layout.images_to_columns(x, "float64") for x in (x_train, x_test))
    Y, Y_test = (layout.one_hot_columns(y, 6, "float64") for y in (y_train, y_test))
    start = s.initialize_parameters(dtype=np.float64)
    runs = {}
    for name, twin in (("scratch", s), ("tf", t)):
        parameters, _, train_acc, test_acc = twin.model(X, Y, X_test, Y_test, num_epochs=epochs,
                                                        initial_parameters=start)
        runs[name] = {k: np.asarray(v) for k, v in parameters.items()}
        print(f"SIGNS {epochs} epochs, {name}: train {float(train_acc):.1%}, test "
              f"{float(test_acc):.1%}")
    fitted, _ = t.fit_keras(X, Y, start, num_epochs=epochs)
    runs["keras fit"] = {k: np.asarray(v) for k, v in fitted.items()}
    for name in ("tf", "keras fit"):
        rows = checker.compare(runs["scratch"], runs[name], component=name, check="trajectory",
                               dtype="float64", tolerance=np.inf)
        worst = max(rows, key=lambda r: r.max_rel)
        print(f"SIGNS {name} weights from scratch's: {worst.max_rel:.1e} ({worst.leaf})")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=100, help="SIGNS epochs (default 100)")
    args = parser.parse_args(argv)
    quadratic()
    signs(args.epochs)


if __name__ == "__main__":
    main()

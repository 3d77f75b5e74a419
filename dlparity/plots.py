"""PNG figures for `dl-parity train --plot`: cost curves overlaid and, for 2-D data, the decision
boundary of every implementation.

matplotlib is optional (the `plot` extra). It is imported only by `require_matplotlib()`, which the
CLI calls as soon as `--plot` is given (before any training), and the figure is drawn on a bare
`Figure` with the Agg canvas: no pyplot, no GUI backend, no global backend switch.
"""

import os
from pathlib import Path

import numpy as np

from conventions import atomic

INSTALL_HINT = 'pip install "dl-parity[plot]"  (or: pip install matplotlib)'

# One look per implementation, so overlaid curves stay distinguishable where they coincide.
# Markers of different shapes and sizes keep each line visible where all of them coincide.
STYLES = {
    "scratch": {"color": "tab:blue", "linestyle": "-", "linewidth": 2.6, "marker": "o",
                "markersize": 9, "markerfacecolor": "none"},
    "tf": {"color": "tab:orange", "linestyle": "--", "linewidth": 1.8, "marker": "x",
           "markersize": 7},
    "keras": {"color": "tab:green", "linestyle": ":", "linewidth": 1.8, "marker": "+",
              "markersize": 11},
}
REGION_COLOURS = ("#f4c7c3", "#c6dbef")        # predicted 0, predicted 1


class PlotUnavailable(RuntimeError):
    """matplotlib is not installed; the message says how to install it."""


def require_matplotlib():
    """Import matplotlib's Figure and Agg canvas, or raise PlotUnavailable with the install hint."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as error:
        raise PlotUnavailable(
            f"--plot needs matplotlib, which is not installed ({error}). Install it with: "
            f"{INSTALL_HINT}") from error
    return Figure, FigureCanvasAgg


def check_png_path(path):
    """Refuse a plot path that cannot be written, before hours of training are spent."""
    path = Path(path)
    if path.suffix.lower() != ".png":
        raise ValueError(f"--plot: expected a file name ending in .png, got {str(path)!r}")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ValueError(f"--plot: directory {str(parent)!r} does not exist")
    if not os.access(parent, os.W_OK):
        raise ValueError(f"--plot: directory {str(parent)!r} is not writable")
    return path


def boundary_grid(X, steps=250, margin=0.1):
    """Grid points (2, steps*steps) covering X: (2, m) with a margin, and the two axes' values."""
    lo, hi = X.min(axis=1), X.max(axis=1)
    pad = margin * np.maximum(hi - lo, 1e-12)
    xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], steps)
    ys = np.linspace(lo[1] - pad[1], hi[1] + pad[1], steps)
    gx, gy = np.meshgrid(xs, ys)
    return np.vstack([gx.ravel(), gy.ravel()]), xs, ys


def plot_training(path, title, curves, boundary=None):
    """Write the figure to `path` (PNG, written to a temporary file and renamed into place).

    curves: [(impl, iterations (k,), costs (k,))] — drawn overlaid; with two or more, a second
        panel shows |cost - cost of the first| per iteration on a log scale.
    boundary: None, or {"X": (2, m), "Y": (1, m), "title": str,
        "predictions": [(impl, xs, ys, grid (len(ys), len(xs)) of 0/1)]} — the first
        implementation's regions filled, every implementation's boundary drawn as a line.
        With "classes": C (softmax), the grids hold the argmax class 0 ... C - 1 and Y the labels:
        one colour per class for the regions and the training points (`_class_regions`).
    """
    Figure, FigureCanvasAgg = require_matplotlib()
    panels = 1 + (len(curves) > 1) + (boundary is not None)
    fig = Figure(figsize=(5.2 * panels, 4.4), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, panels, squeeze=False)[0]
    fig.suptitle(title)

    ax = axes[0]
    for impl, iterations, costs in curves:
        ax.plot(iterations, costs, label=impl, **STYLES.get(impl, {}))
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost")
    ax.set_title("cost during training")
    ax.grid(alpha=0.3)
    coincide = len(curves) > 1 and all(np.array_equal(np.asarray(c[2], np.float64),
                                                      np.asarray(curves[0][2], np.float64))
                                       for c in curves[1:])
    ax.legend(title="lines coincide" if coincide else None)

    if len(curves) > 1:
        ax = axes[1]
        ref_impl, ref_iterations, ref_costs = curves[0]
        identical = []
        for impl, iterations, costs in curves[1:]:
            diff = np.abs(np.asarray(costs, dtype=np.float64) - np.asarray(ref_costs, np.float64))
            if not diff.any():
                identical.append(impl)
                continue
            shown = np.where(diff > 0, diff, np.nan)   # exact agreement has no log value
            ax.plot(iterations, shown, label=f"|{impl} - {ref_impl}|",
                    **{**STYLES.get(impl, {}), "linestyle": "-", "linewidth": 1, "marker": ".",
                       "markersize": 6})
        ax.set_yscale("log")
        ax.set_xlabel("iteration")
        ax.set_ylabel("absolute difference of the costs")
        ax.set_title(f"cost difference from {ref_impl} (gaps: exactly equal)")
        ax.grid(alpha=0.3, which="both")
        if identical:
            ax.text(0.5, 0.5, f"{', '.join(identical)}: identical to {ref_impl}\nat every point",
                    transform=ax.transAxes, ha="center", va="center")
        if len(identical) < len(curves) - 1:
            ax.legend()

    if boundary is not None and boundary.get("classes", 2) > 2:
        _class_regions(axes[-1], boundary)
    elif boundary is not None:
        ax = axes[-1]
        X, Y = boundary["X"], np.asarray(boundary["Y"]).ravel()
        first = boundary["predictions"][0]
        ax.contourf(first[1], first[2], first[3], levels=[-0.5, 0.5, 1.5],
                    colors=list(REGION_COLOURS), alpha=0.8)
        for label, colour in zip((f"{first[0]} predicts 0", f"{first[0]} predicts 1"),
                                 REGION_COLOURS):
            ax.fill_between([], [], color=colour, label=label)
        for impl, xs, ys, grid in boundary["predictions"]:
            style = STYLES.get(impl, {})
            ax.contour(xs, ys, grid, levels=[0.5], colors=[style.get("color", "k")],
                       linestyles=[style.get("linestyle", "-")],
                       linewidths=[style.get("linewidth", 1.5)])
            ax.plot([], [], label=f"{impl} boundary", **{**style, "marker": None})
        ax.scatter(X[0, Y == 0], X[1, Y == 0], s=12, c="tab:red", edgecolors="k",
                   linewidths=0.3, label="y = 0")
        ax.scatter(X[0, Y == 1], X[1, Y == 1], s=12, c="tab:blue", edgecolors="k",
                   linewidths=0.3, label="y = 1")
        ax.set_xlabel("x1")
        ax.set_ylabel("x2")
        ax.set_title(boundary.get("title", "decision boundary"))
        ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2)

    with atomic.replacing(path, ".png") as tmp:      # whole or not at all, the umask's mode
        fig.savefig(tmp, format="png", dpi=100)
    return Path(path)


def _class_regions(ax, boundary):
    """The multi-class panel: the first implementation's argmax regions filled, one colour per
    class (tab10), every implementation's region borders as lines in its style, and the training
    points coloured by their label."""
    from matplotlib.colors import ListedColormap

    C = boundary["classes"]
    X, Y = boundary["X"], np.asarray(boundary["Y"]).ravel()
    colours = ListedColormap([f"C{k % 10}" for k in range(C)])
    first = boundary["predictions"][0]
    ax.contourf(first[1], first[2], first[3], levels=np.arange(C + 1) - 0.5, cmap=colours,
                alpha=0.3)
    for impl, xs, ys, grid in boundary["predictions"]:
        style = STYLES.get(impl, {})
        ax.contour(xs, ys, grid, levels=np.arange(1, C) - 0.5, colors=[style.get("color", "k")],
                   linestyles=[style.get("linestyle", "-")],
                   linewidths=[style.get("linewidth", 1.5)])
        ax.plot([], [], label=f"{impl} borders", **{**style, "marker": None})
    ax.scatter(X[0], X[1], s=12, c=Y, cmap=colours, vmin=-0.5, vmax=C - 0.5, edgecolors="k",
               linewidths=0.3)
    for k in range(C):
        ax.scatter([], [], s=12, color=f"C{k % 10}", edgecolors="k", linewidths=0.3,
                   label=f"class {k}")
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_title(f"{boundary.get('title', 'decision regions')}; filled: {first[0]}")
    ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=3)


def plot_search(path, table, spaces, title=""):
    """The sampled points of a hyperparameter search: log10 learning_rate against
    log10(1 - beta1), coloured by dev accuracy, each round's range drawn as a rectangle and the
    best trial marked. table: rows with learning_rate, beta1, dev_accuracy, round; spaces: the
    ranges searched, one per round."""
    Figure, FigureCanvasAgg = require_matplotlib()
    fig = Figure(figsize=(6.4, 5.0), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    x = np.log10([row["learning_rate"] for row in table])
    y = np.log10([1 - row["beta1"] for row in table])
    rounds = np.array([row["round"] for row in table])
    accuracy = np.array([row["dev_accuracy"] for row in table], dtype=np.float64)
    for k, marker in zip(range(rounds.max() + 1), "osD^v<>p*h"):
        shown = rounds == k
        points = ax.scatter(x[shown], y[shown], c=accuracy[shown], cmap="viridis", marker=marker,
                            vmin=accuracy.min(), vmax=accuracy.max(), edgecolors="k",
                            linewidths=0.4, label=f"round {k}")
    for k, space in enumerate(spaces):
        (_, lr_low, lr_high), (_, b_low, b_high) = space["learning_rate"], space["beta1"]
        x0, x1 = np.log10([lr_low, lr_high])
        y0, y1 = sorted(np.log10([1 - b_low, 1 - b_high]))
        ax.plot([x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0], color="0.4",
                linestyle="-" if k == 0 else "--", linewidth=1)
    ax.scatter(x[:1], y[:1], s=220, facecolors="none", edgecolors="tab:red", linewidths=1.6,
               label="best")
    fig.colorbar(points, ax=ax, label="dev accuracy (%)")
    ax.set_xlabel("log10 learning_rate")
    ax.set_ylabel("log10(1 - beta1)")
    ax.set_title(f"random search, coarse to fine{': ' + title if title else ''}")
    ax.legend(fontsize="small")
    ax.grid(alpha=0.3)
    with atomic.replacing(path, ".png") as tmp:
        fig.savefig(tmp, format="png", dpi=100)
    return Path(path)

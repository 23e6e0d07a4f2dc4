"""Chapter 4's figures: a classifier's decision regions, its loss, its training.

Chapter 6 draws its network's regions and training with them too. Class ``k`` of the
text (label ``k - 1`` in code) has the colour ``CLASS_COLORS[k - 1]`` and the marker
``CLASS_MARKERS[k - 1]`` in every figure. :class:`TrainingFigure` draws the regions
and the loss at one snapshot of training; one class draws it for the live step
slider and the website's frame player (:func:`explore_training`), and
:func:`plot_decision_regions` draws its regions panel on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Callable

import matplotlib.pyplot as plt
import numpy as np

from ..validate import (
    MAX_CLASSES,
    class_labels,
    count,
    interval,
    points2,
    read_real,
    series,
    variable_names,
)
from .base import (
    FRAME_WIDTH,
    TICK_SIZE,
    TITLE_SIZE,
    interactive,
    new_figure,
    style_axes,
)
from .player import InteractiveFigure

CLASS_COLORS = tuple(f"C{k}" for k in range(MAX_CLASSES))
"""Class k (label k - 1 in code) has colour ``CLASS_COLORS[k - 1]`` in every figure."""
CLASS_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")
"""and its own marker, so that the classes differ without colour too."""
REGION_LIGHTNESS = 0.72
"""How far each region's colour is mixed towards white: the points stay readable."""


def predicted_classes(out: Any, m: int, n_classes: int) -> np.ndarray:
    """What ``predict`` returned for ``m`` points, as integer classes of shape (m,).

    ``out`` holds either ``m`` class labels or an (m, K) array of class probabilities
    (or scores), of which each row's largest wins.
    """
    wanted = f"an array of {m} class labels or of shape ({m}, K)"
    arr, _ = read_real(out, "predict", returned=True, expected=wanted, finite=False)
    if arr.ndim == 2 and arr.shape[0] == m:
        if arr.shape[1] > n_classes:
            raise ValueError(
                f"predict returned {arr.shape[1]} class probabilities per point, but "
                f"there are {n_classes} classes"
            )
        if not np.all(np.isfinite(arr)):
            raise ValueError("predict returned NaN or infinite probabilities")
        return np.argmax(arr, axis=1)
    if arr.shape != (m,):
        raise ValueError(
            f"predict must return an array of {m} class labels or of shape "
            f"({m}, K) for {m} points; got shape {tuple(arr.shape)}"
        )
    if not np.all(np.isfinite(arr) & (arr == np.round(arr))):
        raise ValueError("predict must return whole-number class labels")
    if arr.min() < 0 or arr.max() > n_classes - 1:
        raise ValueError(
            f"predict returned the label {int(arr.max() if arr.max() > 0 else arr.min())}"
            f"; labels go from 0 to {n_classes - 1}"
        )
    return arr.astype(np.int64)


def _region_colors(n_classes: int) -> Any:
    from matplotlib.colors import ListedColormap, to_rgb

    light = [
        tuple(c + (1.0 - c) * REGION_LIGHTNESS for c in to_rgb(CLASS_COLORS[k]))
        for k in range(n_classes)
    ]
    return ListedColormap(light)


def _padded_lim(values: np.ndarray) -> tuple[float, float]:
    low, high = float(values.min()), float(values.max())
    pad = max(0.1 * (high - low), 0.5)
    return low - pad, high + pad


class DecisionRegionsPanel:
    """The plane coloured by the predicted class, with the data points on top.

    The points and the grid are drawn once; :meth:`set_predict` recolours the regions
    for a new ``predict`` (the classifier after more training), so an interactive
    figure redraws only the image. :func:`plot_decision_regions` draws one.
    """

    def __init__(
        self,
        ax: Any,
        X: Any,
        labels: Any,
        *,
        n_classes: int | None = None,
        xlim: Sequence[float] | None = None,
        ylim: Sequence[float] | None = None,
        names: Sequence[str] = ("x₁", "x₂"),
        resolution: int = 150,
        legend: str | bool | None = "right",
    ) -> None:
        X = points2(X)
        self.labels, self.n_classes = class_labels(labels, len(X), n_classes)
        self.X, self.ax = X, ax
        xname, yname = variable_names(names)
        self.xlim = _padded_lim(X[:, 0]) if xlim is None else interval(xlim, "xlim")
        self.ylim = _padded_lim(X[:, 1]) if ylim is None else interval(ylim, "ylim")
        resolution = count(resolution, "resolution", 2)
        # Grid points at the centres of the image's pixels.
        xs = np.linspace(*self.xlim, resolution + 1)
        ys = np.linspace(*self.ylim, resolution + 1)
        cx, cy = (xs[:-1] + xs[1:]) / 2, (ys[:-1] + ys[1:]) / 2
        gx, gy = np.meshgrid(cx, cy)
        self.grid = np.column_stack([gx.ravel(), gy.ravel()])
        self.shape = gx.shape
        self.image = ax.imshow(
            np.zeros(self.shape),
            origin="lower",
            extent=(*self.xlim, *self.ylim),
            cmap=_region_colors(self.n_classes),
            vmin=-0.5,
            vmax=self.n_classes - 0.5,
            interpolation="nearest",
            aspect="auto",
            zorder=0,
        )
        for k in range(self.n_classes):
            mine = self.labels == k
            ax.scatter(
                X[mine, 0],
                X[mine, 1],
                s=22,
                color=CLASS_COLORS[k],
                marker=CLASS_MARKERS[k],
                edgecolors="black",
                linewidths=0.5,
                zorder=2,
                label=f"class {k + 1} (label {k})",
            )
        ax.set(xlim=self.xlim, ylim=self.ylim)
        ax.set_xlabel(xname)
        ax.set_ylabel(yname)
        # Outside the axes, beside them or under them: inside, it would hide
        # points and regions.
        if legend is True or legend == "right":
            ax.legend(
                loc="upper left",
                bbox_to_anchor=(1.02, 1.0),
                fontsize="medium",
                borderaxespad=0.0,
            )
        elif legend == "below":
            ax.legend(
                loc="upper center",
                bbox_to_anchor=(0.5, -0.16),
                ncol=self.n_classes if self.n_classes <= 2 else 1,
                fontsize="medium",
                borderaxespad=0.0,
                frameon=False,
            )
        elif legend not in (False, None):
            raise ValueError(f"legend must be 'right', 'below' or None; got {legend!r}")

    def set_predict(self, predict: Callable[[np.ndarray], Any]) -> np.ndarray:
        """Colour every pixel by ``predict``'s class there; returns the classes grid."""
        if not callable(predict):
            raise TypeError(
                f"predict must be a function of an (M, 2) array of points; got "
                f"{type(predict).__name__}"
            )
        classes = predicted_classes(
            predict(self.grid.copy()), len(self.grid), self.n_classes
        ).reshape(self.shape)
        self.image.set_data(classes)
        return classes

    def accuracy(self, predict: Callable[[np.ndarray], Any]) -> float:
        """The fraction of the data points that ``predict`` classifies right."""
        got = predicted_classes(predict(self.X.copy()), len(self.X), self.n_classes)
        return float(np.mean(got == self.labels))


def plot_decision_regions(
    predict: Callable[[np.ndarray], Any],
    X: Any,
    labels: Any,
    ax: Any = None,
    *,
    n_classes: int | None = None,
    xlim: Sequence[float] | None = None,
    ylim: Sequence[float] | None = None,
    names: Sequence[str] = ("x₁", "x₂"),
    resolution: int = 150,
    title: str | None = None,
    legend: str | None = "right",
) -> Any:
    """The regions of the plane a classifier assigns to each class, with the data.

    Every point of a fine grid is coloured by the class ``predict`` gives it (a light
    shade of the class's colour), and the samples are drawn on top in their true
    class's colour and marker: a sample on a region of another colour is
    misclassified. The legend names class ``k`` of the text with its label ``k - 1``.

    Parameters
    ----------
    predict : callable
        Maps an (M, 2) array of points to M integer classes ``0..K-1``, or to an
        (M, K) array of class probabilities (each row's largest wins).
    X : array_like, shape (N, 2)
        The samples, one per row.
    labels : array_like, shape (N,)
        Their classes, integers ``0..K-1``.
    n_classes : int, optional
        K, when some class has no sample; by default ``max(labels) + 1``.
    xlim, ylim : (float, float), optional
        The plane drawn; by default the data's range with a margin.
    names : (str, str), optional
        The two features' names, for the axis labels.
    resolution : int, optional
        Grid points per side.
    title : str, optional
        The title; by default the accuracy on the samples.
    legend : {"right", "below", None}, optional
        Where the classes' legend goes: beside the axes, under them (for panels
        side by side, which a legend beside each would squeeze), or nowhere.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError, ValueError
        For an ``X`` that is not (N, 2), ``labels`` of another length, or a
        ``predict`` returning something else than classes or probabilities.
    """
    X = points2(X)
    class_labels(labels, len(X), n_classes)  # bad input fails before a figure opens
    if legend not in ("right", "below", None):
        raise ValueError(f"legend must be 'right', 'below' or None; got {legend!r}")
    if ax is None:
        ax = plt.figure(figsize=(6.4, 4.2)).add_subplot()
    panel = DecisionRegionsPanel(
        ax,
        X,
        labels,
        n_classes=n_classes,
        xlim=xlim,
        ylim=ylim,
        names=names,
        resolution=resolution,
        legend=legend,
    )
    panel.set_predict(predict)
    if title is None:
        title = f"decision regions (accuracy {panel.accuracy(predict):.1%})"
    ax.set_title(title, fontsize="medium")
    return ax


def plot_loss_curve(
    losses: Any,
    ax: Any = None,
    *,
    steps: Any = None,
    log: bool = False,
    label: str | None = None,
    ylabel: str = "loss L",
    color: str = "C3",
) -> Any:
    """The loss against the step of training, with the last value written out.

    Parameters
    ----------
    losses : sequence of float
        The loss at each recorded step (finite numbers).
    steps : sequence of int, optional
        The step of each loss; by default ``0, 1, ..., len(losses) - 1``.
    log : bool, optional
        A logarithmic loss axis (for a loss that falls by orders of magnitude).
    label : str, optional
        A legend entry, to compare several curves on one axes.
    ylabel : str, optional
        The vertical axis's label.

    Returns
    -------
    matplotlib.axes.Axes
    """
    values = series(losses, "losses")
    if steps is None:
        x = np.arange(values.size)
    else:
        x = np.array(steps, dtype=float)
        if x.shape != values.shape:
            raise ValueError(
                f"steps must have one entry per loss, shape {values.shape}; got shape "
                f"{tuple(x.shape)}"
            )
    if log and np.any(values <= 0):
        raise ValueError("log=True needs positive losses")
    if ax is None:
        ax = plt.figure(figsize=(5.2, 3.4)).add_subplot()
    ax.plot(x, values, color=color, lw=2, label=label)
    ax.plot(x[-1:], values[-1:], "o", color=color, ms=5)
    ax.annotate(
        f"{values[-1]:.3f}",
        (x[-1], values[-1]),
        xytext=(-4, 8),
        textcoords="offset points",
        ha="right",
        color=color,
        fontsize="medium",
    )
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.3)
    if label is not None:
        ax.legend(fontsize="medium")
    return ax


class TrainingFigure:
    """A classifier's decision regions at one snapshot of training, beside the loss.

    Left, the regions of :class:`DecisionRegionsPanel` for the
    parameters of the current snapshot; right, the loss curve up to that snapshot's
    step, on axes that span the whole training so that the curve grows from frame to
    frame. ``update(k)`` shows snapshot ``k``.
    """

    def __init__(
        self,
        predict: Callable[[Any, np.ndarray], Any],
        snapshots: Sequence[Any],
        X: Any,
        labels: Any,
        losses: Any,
        steps: Any = None,
        *,
        names: Sequence[str] = ("x₁", "x₂"),
        resolution: int = 120,
        pyplot: bool = False,
    ) -> None:
        if not callable(predict):
            raise TypeError(
                "predict must be a function predict(params, points); got "
                f"{type(predict).__name__}"
            )
        if isinstance(snapshots, (str, bytes)) or not isinstance(snapshots, Sequence):
            raise TypeError(
                "snapshots must be a list of parameters, one per recorded step; got "
                f"{type(snapshots).__name__}"
            )
        if len(snapshots) == 0:
            raise ValueError("snapshots must hold at least one set of parameters")
        self.predict, self.snapshots = predict, list(snapshots)
        self.losses = series(losses, "losses")
        self.steps = _snapshot_steps(steps, len(self.snapshots), self.losses.size)
        # The classes' legend has its own row under both panels: inside the regions
        # it would hide points, inside the loss panel it would sit on the curve.
        _, n_classes = class_labels(labels, len(points2(X)))
        rows = -(-n_classes // 3)
        legend_height = 0.3 * rows + 0.1  # inches, under the x labels
        height = 3.9 + legend_height
        self.fig = new_figure((FRAME_WIDTH, height), pyplot=pyplot)
        grid = self.fig.add_gridspec(1, 2, width_ratios=(1.0, 1.1))
        self.axregions = self.fig.add_subplot(grid[0])
        self.axloss = self.fig.add_subplot(grid[1])
        self.regions = DecisionRegionsPanel(
            self.axregions, X, labels, names=names, resolution=resolution, legend=False
        )
        ax = self.axloss
        top = float(self.losses.max())
        ax.set(xlim=(0, max(self.losses.size - 1, 1)), ylim=(0.0, 1.08 * top or 1.0))
        (self.curve,) = ax.plot([], [], color="C3", lw=2)
        (self.dot,) = ax.plot([], [], "o", color="C3", ms=6)
        ax.set(xlabel="step", ylabel="loss L")
        ax.grid(True, alpha=0.3)
        handles, names_ = self.axregions.get_legend_handles_labels()
        self.legend = self.fig.legend(
            handles,
            names_,
            loc="lower center",
            bbox_to_anchor=(0.5, 0.0),
            ncol=min(len(names_), 3),
            fontsize=TICK_SIZE,
            frameon=False,
            columnspacing=1.5,
            handletextpad=0.3,
        )
        style_axes(self.axregions, self.axloss)
        self.fig.subplots_adjust(
            left=0.09,
            right=0.975,
            bottom=(legend_height + 0.6) / height,
            top=1 - 0.36 / height,
            wspace=0.28,
        )

    def update(self, k: Any) -> float:
        """Show snapshot ``k`` (0 is the first); returns its accuracy on the data."""
        k = count(k, "k", 0)
        if k >= len(self.snapshots):
            raise ValueError(f"k must be from 0 to {len(self.snapshots) - 1}; got {k}")
        params = self.snapshots[k]

        def predict(points: np.ndarray) -> Any:
            return self.predict(params, points)

        self.regions.set_predict(predict)
        accuracy = self.regions.accuracy(predict)
        step = int(self.steps[k])
        self.axregions.set_title(
            f"step {step}: accuracy {accuracy:.1%}", fontsize=TITLE_SIZE
        )
        upto = np.arange(step + 1)
        self.curve.set_data(upto, self.losses[: step + 1])
        self.dot.set_data([step], [self.losses[step]])
        self.axloss.set_title(f"loss L = {self.losses[step]:.3f}", fontsize=TITLE_SIZE)
        return accuracy


def _snapshot_steps(steps: Any, n_snapshots: int, n_losses: int) -> np.ndarray:
    """The training step of each snapshot; by default evenly spread over training."""
    if steps is None:
        spread = np.linspace(0, n_losses - 1, n_snapshots) if n_snapshots > 1 else [0]
        return np.round(spread).astype(np.int64)
    arr, _ = read_real(steps, "steps", expected="a sequence of integers")
    if arr.shape != (n_snapshots,):
        raise ValueError(
            f"steps must give one step per snapshot, shape ({n_snapshots},); got "
            f"shape {tuple(arr.shape)}"
        )
    if not np.all((arr == np.round(arr)) & (arr >= 0) & (arr <= n_losses - 1)):
        raise ValueError(
            f"steps must be whole numbers from 0 to len(losses) - 1 = {n_losses - 1}"
        )
    return arr.astype(np.int64)


TRAINING_NOTE = (
    "A still image of the interactive figure: run the cell to move through training "
    "with a slider."
)


def explore_training(
    predict: Callable[[Any, np.ndarray], Any],
    snapshots: Sequence[Any],
    X: Any,
    labels: Any,
    losses: Any,
    *,
    steps: Any = None,
    names: Sequence[str] = ("x₁", "x₂"),
    still: int = 0,
) -> InteractiveFigure:
    """Watch a classifier train: its decision regions and its loss, step by step.

    Parameters
    ----------
    predict : callable
        ``predict(params, points)``: for one snapshot's parameters and an (M, 2)
        array of points, M integer classes or an (M, K) array of probabilities.
    snapshots : list
        The parameters recorded during training (any object ``predict`` accepts,
        such as a tuple ``(W, b)`` or a dict), oldest first; one frame each.
    X, labels : array_like
        The training data, shapes (N, 2) and (N,), drawn on the regions.
    losses : sequence of float
        The loss at every step of training.
    steps : sequence of int, optional
        The step at which each snapshot was taken (an index into ``losses``); by
        default the snapshots are spread evenly from the first step to the last.
    names : (str, str), optional
        The two features' names.
    still : int, optional
        The snapshot shown as the still image and first by the player: the one that
        shows the lesson (by default the first).

    Returns
    -------
    InteractiveFigure
        A "step" slider in a live kernel, a frame player over the snapshots on the
        static website, and a still image of the first snapshot where no script runs.
    """
    figure = TrainingFigure(predict, snapshots, X, labels, losses, steps, names=names)
    n = len(figure.snapshots)
    last = int(figure.steps[-1])
    alt = (
        f"Two panels. Left: the {len(figure.regions.X)} training points of "
        f"{figure.regions.n_classes} classes, each class with its colour and marker, "
        "on the plane coloured by the class the classifier predicts there. Right: "
        f"the loss against the step of training, from step 0 to step {last}. Where "
        "scripts run, the player's slider moves through training, and the regions "
        "and the loss curve follow."
    )
    step = dict(
        options=[(str(int(s)), k) for k, s in enumerate(figure.steps)],
        value=0,
        description="step",
    )
    return interactive(
        figure,
        [(k,) for k in range(n)],
        [("SelectionSlider", step)],
        alt=alt,
        note=TRAINING_NOTE,
        description=(
            f"Interactive figure: decision regions and loss during training, "
            f"{n} snapshots from step {int(figure.steps[0])} to step {last}."
        ),
        still=still,
    )

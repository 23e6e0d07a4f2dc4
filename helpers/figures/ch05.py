"""Chapter 5's figures: a line fitted by gradient descent, and the descent's path.

:class:`RegressionDescentFigure` draws, left, the data, the least-squares line and
the line after a step of descent, and right, the loss after every step with that step
marked; one class draws it for the live step slider and the website's frame player
(:func:`explore_regression_descent`). :func:`plot_loss_contours` draws the same
descent as a still picture in the plane of the weights: the level curves of the loss
L(w, b) and the path of (w, b) from the start to the least-squares minimum.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from ..validate import count, point2, read_real, series
from .base import (
    FRAME_DPI,
    FRAME_WIDTH,
    GRADIENT_COLOR,
    LABEL_SIZE,
    POINT_COLOR,
    TICK_SIZE,
    TITLE_SIZE,
    AtDraw,
    clear_of,
    interactive,
    new_figure,
    style_axes,
)
from .player import InteractiveFigure

FIT_COLOR, LEAST_SQUARES_COLOR = "C0", "C3"
"""The line of gradient descent in blue, the least-squares line dashed in red."""


def _regression_points(x: Any, t: Any) -> tuple[np.ndarray, np.ndarray]:
    """One input and one target per sample: two finite flat arrays of one length."""
    arrays = []
    for name, v in (("x", x), ("t", t)):
        a, _ = read_real(v, name, expected="an array of numbers, shape (N,) or (N, 1)")
        if a.ndim == 2 and a.shape[1] == 1:
            a = a[:, 0]  # a column (N, 1), as X and T are with one feature/output
        if a.ndim != 1 or a.size == 0:
            raise ValueError(
                f"{name} must have shape (N,) or (N, 1); got shape {a.shape}"
            )
        arrays.append(a)
    if arrays[0].shape != arrays[1].shape:
        raise ValueError(
            f"x and t must have one entry per sample; got {arrays[0].size} and "
            f"{arrays[1].size}"
        )
    return arrays[0], arrays[1]


def _history(history: Any) -> np.ndarray:
    """The weights (w, b) after each step: a finite array of shape (S + 1, 2)."""
    wanted = "an array of (w, b) pairs"
    h, _ = read_real(history, "history", expected=wanted, finite=False)
    if h.shape == (2,):
        h = h[None, :]  # a single (w, b)
    if h.ndim != 2 or h.shape[1] != 2 or h.shape[0] == 0:
        raise ValueError(
            f"history must have shape (steps + 1, 2), one (w, b) per row; got "
            f"shape {h.shape}"
        )
    if not np.all(np.isfinite(h)):
        raise ValueError("history must be finite (did the descent diverge?)")
    return h


def _step_index(step: Any, n: int) -> int:
    """A step number 0..n-1 (negative counts from the end, as in Python)."""
    k = count(step, "step", None)
    if not -n <= k < n:
        raise ValueError(f"step must be between 0 and {n - 1}; got {k}")
    return k % n


def regression_losses(x: Any, t: Any, history: Any) -> np.ndarray:
    """The mean squared error (1/N) Σ (w xᵢ + b - tᵢ)² of each (w, b) of ``history``."""
    x, t = _regression_points(x, t)
    h = _history(history)
    return np.mean((h[:, :1] * x + h[:, 1:] - t) ** 2, axis=1)


class RegressionFitPanel:
    """The data (xᵢ, tᵢ), the least-squares line, and the line y = w x + b of a step.

    Drawn once; :meth:`set_step` moves the line to the weights after that step of
    ``history`` and rewrites the title.
    """

    def __init__(
        self,
        ax: Any,
        x: Any,
        t: Any,
        history: Any,
        *,
        best: Sequence[float] | None = None,
        legend: bool = True,
    ) -> None:
        self.x, self.t = _regression_points(x, t)
        self.history = _history(history)
        self.ax = ax
        pad = 0.1 * (self.x.max() - self.x.min() or 1.0)
        self.xs = np.array([self.x.min() - pad, self.x.max() + pad])
        ax.plot(self.x, self.t, "o", color="0.35", ms=5, label="data (xᵢ, tᵢ)")
        if best is not None:
            w_ls, b_ls = point2(best, ("w", "b"), "best")
            ax.plot(
                self.xs,
                w_ls * self.xs + b_ls,
                "--",
                color=LEAST_SQUARES_COLOR,
                lw=2,
                label=f"least squares: y = {w_ls:.2f} x {_signed(b_ls)}",
            )
        (self.line,) = ax.plot([], [], color=FIT_COLOR, lw=2.5, label="descent")
        span = self.t.max() - self.t.min() or 1.0
        ax.set(
            xlim=tuple(self.xs),
            ylim=(self.t.min() - 0.25 * span, self.t.max() + 0.25 * span),
            xlabel="x",
            ylabel="t",
        )
        ax.grid(True, alpha=0.3)
        if legend:
            ax.legend(loc="best", fontsize=TICK_SIZE - 1, framealpha=0.85)

    def set_step(self, step: int) -> tuple[float, float]:
        """Show the line after ``step`` steps; returns its (w, b)."""
        k = _step_index(step, len(self.history))
        w, b = (float(v) for v in self.history[k])
        self.line.set_data(self.xs, w * self.xs + b)
        self.ax.set_title(f"step {k}: y = {w:.2f} x {_signed(b)}", fontsize=TITLE_SIZE)
        return w, b


def _signed(b: float) -> str:
    """``+ 0.50`` or ``- 0.50``: the intercept of a line written out."""
    return f"- {abs(b):.2f}" if b < 0 else f"+ {b:.2f}"


LOG_STEPS = 50
"""A loss curve of more steps than this has a logarithmic step axis."""


class RegressionLossPanel:
    """The loss after each step of descent, on a log scale, and its least value.

    Beyond ``LOG_STEPS`` steps the step axis is logarithmic too (linear from 0 to
    1), so the first steps, where the loss falls most, are not squeezed. ``best``
    (the least-squares loss) is drawn as a dashed line: descent can approach it but
    not go below it. :meth:`set_step` marks one step.
    """

    def __init__(
        self,
        ax: Any,
        losses: Any,
        *,
        best: float | None = None,
        legend: bool = True,
    ) -> None:
        self.losses = series(losses, "losses")
        if not np.all(self.losses > 0):
            raise ValueError("losses must be finite and positive (a log scale)")
        self.ax = ax
        steps = np.arange(self.losses.size)
        ax.plot(steps, self.losses, color=FIT_COLOR, lw=2, label="descent")
        if best is not None:
            ax.axhline(
                float(best),
                ls="--",
                color=LEAST_SQUARES_COLOR,
                lw=1.5,
                label=f"least squares: {float(best):.4f}",
            )
        (self.mark,) = ax.plot([], [], "o", color=POINT_COLOR, ms=7)
        ax.set_yscale("log")
        xlabel = "step"
        if self.losses.size > LOG_STEPS:
            # Descent changes most in its first steps: give them room.
            ax.set_xscale("symlog", linthresh=1.0, linscale=0.5)
            xlabel = "step (log scale)"
        ax.set(xlabel=xlabel, ylabel="L", xlim=(0, max(1, self.losses.size - 1)))
        ax.grid(True, which="both", alpha=0.3)
        if legend:
            ax.legend(loc="upper right", fontsize=TICK_SIZE - 1, framealpha=0.85)

    def set_step(self, step: int) -> float:
        """Mark the loss after ``step`` steps; returns it."""
        k = _step_index(step, self.losses.size)
        value = float(self.losses[k])
        self.mark.set_data([k], [value])
        self.ax.set_title(f"L = {value:.4f} after {k} steps", fontsize=TITLE_SIZE)
        return value


class RegressionDescentFigure:
    """A line fitted by gradient descent, step by step, beside the loss curve.

    Left, the data, the least-squares line and the line after a step
    (:class:`RegressionFitPanel`); right, the loss after every step on a log scale,
    with that step marked (:class:`RegressionLossPanel`). Both are drawn once; a step
    moves only the line, the mark and the titles.
    """

    def __init__(
        self,
        x: Any,
        t: Any,
        history: Any,
        *,
        best: Sequence[float] | None = None,
        pyplot: bool = False,
    ) -> None:
        self.losses = regression_losses(x, t, history)
        best_loss = None
        if best is not None:
            best_loss = float(regression_losses(x, t, [best])[0])
        height = 4.0
        self.fig = new_figure((FRAME_WIDTH, height), pyplot=pyplot)
        self.axfit = self.fig.add_subplot(1, 2, 1)
        self.axloss = self.fig.add_subplot(1, 2, 2)
        # One legend for both panels, in its own row under them: inside either
        # panel it would cover the data or the curves.
        self.fit = RegressionFitPanel(
            self.axfit, x, t, history, best=best, legend=False
        )
        self.loss = RegressionLossPanel(
            self.axloss, self.losses, best=best_loss, legend=False
        )
        handles, names = self.axfit.get_legend_handles_labels()
        if best_loss is not None:
            names = [
                f"{name}, L = {best_loss:.4f}" if name.startswith("least") else name
                for name in names
            ]
        self.legend = self.fig.legend(
            handles,
            names,
            loc="lower center",
            ncol=len(handles),
            fontsize=TICK_SIZE - 1,
            frameon=False,
            bbox_to_anchor=(0.5, 0.0),
        )
        style_axes(self.axfit, self.axloss)
        self.n_steps = len(self.losses) - 1
        self.fig.subplots_adjust(
            left=0.08, right=0.98, bottom=1.0 / height, top=0.91, wspace=0.28
        )

    def update(self, step: int) -> None:
        """Show the line and the loss after ``step`` steps (0 is the start)."""
        self.fit.set_step(step)
        self.loss.set_step(step)


REGRESSION_NOTE = (
    "A still image of the interactive figure: run the cell to move through the "
    "steps with a slider."
)


def descent_frames(n_steps: int, n_frames: int = 16) -> list[int]:
    """Steps to show, 0 and the last among them, closer together at the start.

    Descent changes the weights fastest in its first steps, so the frames are spaced
    evenly in the logarithm of the step: 0, 1, 2, 3, 5, 8, ... (fewer than
    ``n_frames`` when there are fewer steps).
    """
    n_frames = count(n_frames, "n_frames", 2)
    n_steps = count(n_steps, "n_steps", 0)
    if n_steps < 1:
        return [0]
    frames = {0, n_steps}
    wanted = n_frames
    while len(frames) < min(n_frames, n_steps + 1):
        spaced = np.geomspace(1, n_steps, wanted - 1)
        frames = {0, *(int(round(s)) for s in spaced)}
        wanted += 1
    return sorted(frames)


def explore_regression_descent(
    x: Any,
    t: Any,
    history: Any,
    *,
    best: Sequence[float] | None = None,
    n_frames: int = 16,
) -> InteractiveFigure:
    """Step through a gradient-descent fit of y = w x + b: the line and the loss.

    Parameters
    ----------
    x, t : array_like
        Inputs and targets, shape (N,) or (N, 1).
    history : array_like
        The weights (w, b) at the start and after each step, shape (S + 1, 2).
    best : (float, float), optional
        The least-squares (w, b): a dashed line in both panels.
    n_frames : int, optional
        Steps of the frame player (:func:`descent_frames`).

    Returns
    -------
    InteractiveFigure
        A "step" slider in a live kernel, and a frame player through the steps on the
        static website (a still image of step 0 where no script runs).
    """
    figure = RegressionDescentFigure(x, t, history, best=best)
    path = [(k,) for k in descent_frames(figure.n_steps, n_frames)]
    alt = (
        "Two panels. Left: the data points, the least-squares line (dashed) and the "
        "line of gradient descent after a step, starting flat at w = b = 0 when the "
        "descent starts from zero. Right: the mean squared error after each of "
        f"{figure.n_steps} steps on a log scale, falling to the least-squares value "
        "(dashed), with the current step marked. Where scripts run, the player's "
        "slider moves through the steps."
    )
    step = dict(value=0, min=0, max=figure.n_steps, step=1, description="step")
    return interactive(
        figure,
        path,
        [("IntSlider", step)],
        alt=alt,
        note=REGRESSION_NOTE,
        description=(
            f"Interactive figure: a line fitted by gradient descent, {figure.n_steps} "
            f"steps ({len(path)} frames)."
        ),
    )


CONTOUR_FRACTIONS = (0.04, 0.12, 0.3, 0.6, 1.0)
"""Level curves of the loss at L_min + f (L_0 - L_min) for each f: rings near the
bottom of the bowl as well as the one through the start, L_0."""

MARKED_STEPS = (1, 2, 3, 5, 10)
"""Steps whose number is written beside the path."""


def _loss_on_grid(x: np.ndarray, t: np.ndarray, gw: np.ndarray, gb: np.ndarray):
    """The mean squared error (1/N) Σ (w xᵢ + b - tᵢ)² at every (w, b) of a grid."""
    residuals = gw[..., None] * x + gb[..., None] - t
    return np.mean(residuals**2, axis=-1)


STEP_NUMBER_PLACES = ((8, -14), (-14, 6), (8, 6), (-14, -14))
"""Where a step's number may sit, in points from its point, in order of preference:
below right of the path, else above left, above right, below left."""


def place_step_numbers(ax: Any, numbers: list[Any]) -> None:
    """Whenever ``ax`` is drawn (the layout final), move each step number to the first
    of ``STEP_NUMBER_PLACES`` where it touches no other text (a level's label, an
    earlier number), or hide it if there is none."""

    def place(renderer: Any) -> None:
        frame = ax.patch.get_window_extent(renderer)
        taken = [
            t.get_window_extent(renderer)
            for t in ax.texts
            if t not in numbers and t.get_visible() and t.get_text()
        ]
        for number in numbers:
            number.set_visible(False)
            for where in STEP_NUMBER_PLACES:
                number.xyann = where
                box = number.get_window_extent(renderer)
                if clear_of(box, taken, frame, 2.0):
                    number.set_visible(True)
                    taken.append(box)
                    break

    ax.add_artist(AtDraw(place))


def plot_loss_contours(
    x: Any,
    t: Any,
    history: Any,
    *,
    lr: float | None = None,
    ax: Any = None,
) -> Any:
    """The level curves of L(w, b) for y = w x + b, with the path of gradient descent.

    A still picture of the plane of the two weights, at equal scales and centred on
    the least-squares minimum (a star), so that the rings show the loss's curvature as
    it is: they are closer together along a more curved direction. The path joins
    the (w, b) of every step, from the start (a black dot), with a few step numbers
    written beside it; the rings are labelled with their loss, on the minimum's left.

    Parameters
    ----------
    x, t : array_like
        Inputs and targets, shape (N,) or (N, 1).
    history : array_like
        The weights (w, b) at the start and after each step, shape (S + 1, 2).
    lr : float, optional
        The learning rate, for the legend.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new pyplot figure 8 inches wide at the frames'
        resolution (688 pixels, the website's column), whose text is legible there.

    Returns
    -------
    matplotlib.axes.Axes
    """
    x, t = _regression_points(x, t)
    h = _history(history)
    A = np.stack([x, np.ones_like(x)], axis=1)
    if np.linalg.matrix_rank(A) < 2:
        raise ValueError(
            "x must hold at least two different values: with one, the "
            "loss has no single minimum"
        )
    best = np.linalg.lstsq(A, t, rcond=None)[0]  # the minimum (w, b)
    hessian = 2 * A.T @ A / len(x)  # of L(w, b), the same everywhere
    if ax is None:
        fig = plt.figure(figsize=(FRAME_WIDTH, 5.5), dpi=FRAME_DPI)
        # Room on the right for the legend, inside the 8 inches.
        fig.subplots_adjust(left=0.08, right=0.6, bottom=0.1, top=0.93)
        ax = fig.add_subplot()
    half = 1.15 * float(np.max(np.abs(h - best))) or 1.0
    (w0, w1), (b0, b1) = (
        (best[0] - half, best[0] + half),
        (best[1] - half, best[1] + half),
    )
    gw, gb = np.meshgrid(np.linspace(w0, w1, 240), np.linspace(b0, b1, 240))
    grid = _loss_on_grid(x, t, gw, gb)
    floor = float(regression_losses(x, t, [tuple(best)])[0])
    rise = max(float(regression_losses(x, t, h[:1])[0]) - floor, 1e-12)
    levels = [floor + f * rise for f in CONTOUR_FRACTIONS]
    contours = ax.contour(gw, gb, grid, levels=levels, cmap="viridis", linewidths=1.3)
    # Labels left of the minimum, along b = b*, where the path does not pass: the
    # ring of height c crosses that line at w* - sqrt(2c / H_ww).
    spots = [
        (best[0] - np.sqrt(2 * f * rise / hessian[0, 0]), best[1])
        for f in CONTOUR_FRACTIONS
    ]
    ax.clabel(contours, fmt="%.2g", fontsize=TICK_SIZE, inline_spacing=4, manual=spots)
    label = "descent" + ("" if lr is None else f", $\\eta = {lr:g}$")
    ax.plot(
        h[:, 0],
        h[:, 1],
        "-o",
        color=GRADIENT_COLOR,
        lw=1.6,
        ms=3.5,
        zorder=3,
        label=f"{label}, {len(h) - 1} steps",
    )
    numbers = [
        ax.annotate(
            str(k),
            h[k],
            xytext=STEP_NUMBER_PLACES[0],
            textcoords="offset points",
            fontsize=TICK_SIZE,
            color=GRADIENT_COLOR,
            # A white patch, so that a ring passing behind a number leaves it legible.
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none"},
            zorder=5,
        )
        for k in MARKED_STEPS
        if k < len(h)
    ]
    place_step_numbers(ax, numbers)
    ax.plot(*h[0], "o", color=POINT_COLOR, ms=8, zorder=4, label="start")
    ax.plot(
        *best,
        "*",
        color=POINT_COLOR,
        ms=16,
        zorder=4,
        label="minimum (least squares)",
    )
    ax.set_xlim(w0, w1)
    ax.set_ylim(b0, b1)
    ax.set_aspect("equal")
    ax.set_xlabel("$w$", fontsize=LABEL_SIZE)
    ax.set_ylabel("$b$", fontsize=LABEL_SIZE)
    ax.set_title(
        "level curves of $L(w, b)$ and the path of descent", fontsize=TITLE_SIZE
    )
    ax.tick_params(labelsize=TICK_SIZE)
    ax.grid(True, alpha=0.3)
    ax.legend(
        loc="upper left", bbox_to_anchor=(1.03, 1.0), fontsize=TICK_SIZE, frameon=False
    )
    return ax

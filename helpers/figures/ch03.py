"""Chapter 3's figures: the gradient as a vector field, and gradient descent.

:func:`plot_gradient_field` draws ∇f as arrows over the level curves of f.
:class:`DescentFigure` draws the path of gradient descent over the level curves
beside f along the path; one class draws it for the live learning-rate slider and
the website's frame player (:func:`explore_descent`) and as a still picture
(:func:`plot_descent`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Callable

import matplotlib.pyplot as plt
import numpy as np

from ..numeric import gradient_on_grid
from ..validate import count, interval, number, point2, read_real, variable_names
from .base import (
    DEFAULT_LIM,
    FRAME_WIDTH,
    GRADIENT_COLOR,
    LABEL_SIZE,
    POINT_COLOR,
    TITLE_SIZE,
    AtDraw,
    clear_of,
    draw_level_curves,
    interactive,
    math_label,
    new_figure,
    style_axes,
    thin_labels,
)
from .player import InteractiveFigure

PATH_COLOR = GRADIENT_COLOR
"""Gradient-descent paths in red, like the gradient's arrows."""
DIVERGED = 1e8
"""A descent path stops once |f| exceeds this many times its start (or 1): diverged."""


def plot_gradient_field(
    f: Callable[[Any, Any], Any],
    *,
    xlim: tuple[float, float] = DEFAULT_LIM,
    ylim: tuple[float, float] = DEFAULT_LIM,
    names: Sequence[str] = ("x", "y"),
    zlabel: str = "f",
    arrows: int = 13,
    levels: int = 10,
    resolution: int = 160,
    ax: Any = None,
) -> Any:
    """The gradient as a vector field: an arrow ∇f at each point of a grid, over f's
    level curves.

    The arrows keep their true directions and relative lengths (equal scales on both
    axes, so that each arrow meets its level curve at a right angle); the longest is
    scaled to the grid's spacing. The gradients are the central differences of
    :func:`helpers.numeric.gradient_on_grid`.

    Parameters
    ----------
    f : callable
        ``f(x, y)``, a real function of two variables.
    xlim, ylim : (float, float), optional
        The domain drawn.
    names : (str, str), optional
        The two variables' names, for the axis labels.
    zlabel : str, optional
        The function's name, for the title.
    arrows : int, optional
        Arrows along the longer side of the grid (at least 2).
    levels : int, optional
        How many level curves, evenly spaced in f and labelled with their values.

    Returns
    -------
    matplotlib.axes.Axes
    """
    xname, yname = variable_names(names)
    xlim, ylim = interval(xlim, "xlim"), interval(ylim, "ylim")
    arrows = count(arrows, "arrows", 2)
    if ax is None:
        ax = plt.figure(figsize=(5, 4.6)).add_subplot()
    # Evenly spaced levels, labelled: curves crowd where f changes fast, as the
    # arrows grow there, and the labels show which way f increases.
    contours = draw_level_curves(
        ax, f, xlim, ylim, levels, resolution, labels=False, even=True
    )
    # One spacing on both axes, ``arrows`` along the longer side, centred.
    spacing = max(xlim[1] - xlim[0], ylim[1] - ylim[0]) / arrows
    gx, gy = np.meshgrid(_centred(xlim, spacing), _centred(ylim, spacing))
    dx, dy = gradient_on_grid(f, gx, gy)
    lengths = np.hypot(dx, dy)
    finite = np.isfinite(lengths)
    longest = float(np.max(lengths[finite])) if np.any(finite) else 0.0
    scale = longest / (0.9 * spacing) if longest > 0 else 1.0
    ax.quiver(
        gx,
        gy,
        dx,
        dy,
        color=GRADIENT_COLOR,
        angles="xy",
        scale_units="xy",
        scale=scale,
        width=0.005,
        zorder=3,
    )
    ax.set(xlim=xlim, ylim=ylim)
    ax.set_xlabel(axis_label(xname), fontsize=LABEL_SIZE)
    ax.set_ylabel(axis_label(yname), fontsize=LABEL_SIZE)
    ax.set_aspect("equal", adjustable="box")
    for text in label_levels(ax, contours, fmt="%g"):
        # Over the arrows, on a patch of the background so an arrow does not cross it.
        text.set_zorder(4)
        text.set_bbox(dict(facecolor="white", edgecolor="none", pad=0.5, alpha=0.85))
    gradient, name = math_label(zlabel, r"\nabla "), math_label(zlabel)
    ax.set_title(f"{gradient} over the level curves of {name}", fontsize="medium")
    ax.grid(True, alpha=0.3)
    return ax


_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def axis_label(name: str) -> str:
    """A variable's name for an axis, as mathtext: ``"w₁"`` gives ``$w_1$``.

    One letter with Unicode subscript digits, or one letter alone, is set as
    mathematics; any other name (``"step k"``) stays as it is.
    """
    match = re.fullmatch(r"([A-Za-z])([₀-₉]*)", name)
    if match is None:
        return name
    letter, digits = match.groups()
    return (
        f"${letter}_{{{digits.translate(_SUBSCRIPTS)}}}$" if digits else f"${letter}$"
    )


def label_levels(
    ax: Any,
    contours: Any,
    *,
    fmt: str = "%.2g",
    origin: tuple[float, float] = (0.5, 0.5),
    toward: tuple[float, float] = (1.0, 0.0),
    margin: float = 0.09,
    reach: float | None = None,
    fontsize: float = 10,
) -> list[Any]:
    """Label each level curve once, well inside the axes, so that no label is clipped.

    For each level, the label goes at the vertex of its curve that lies at least
    ``margin`` (a fraction of the axes) inside every edge and is closest to the line
    from the axes' centre to ``toward`` (in axes fractions): the labels line up along
    that line, out of the way of what the figure draws elsewhere. A level with no
    vertex that far inside stays unlabelled, and so does one whose nearest vertex is
    farther than ``reach`` (axes fractions) from the line, if ``reach`` is given.
    Where curves crowd, a label that would touch one already placed, or leave the
    axes, is hidden when the figure is drawn (:func:`thin_labels`). Call it after
    the limits are set.
    """
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    start = np.array(origin, dtype=float)
    target = np.array(toward, dtype=float) - start
    positions = []
    for segments in contours.allsegs:
        points = [seg for seg in segments if len(seg)]
        if not points:
            continue
        xy = np.concatenate(points)
        frac = np.column_stack(
            [(xy[:, 0] - x0) / (x1 - x0), (xy[:, 1] - y0) / (y1 - y0)]
        )
        inside = np.all((frac > margin) & (frac < 1 - margin), axis=1)
        if not np.any(inside):
            continue
        rel = frac[inside] - start
        # Distance to the segment from ``origin`` to ``toward``.
        along = np.clip(rel @ target / (target @ target), 0.0, 1.0)
        gap = np.linalg.norm(rel - along[:, None] * target, axis=1)
        if reach is not None and gap.min() > reach:
            continue
        positions.append(tuple(xy[inside][int(np.argmin(gap))]))
    if not positions:
        return []
    texts = ax.clabel(contours, fmt=fmt, fontsize=fontsize, manual=positions)
    thin_labels(ax, texts)
    return texts


def _centred(lim: tuple[float, float], spacing: float) -> np.ndarray:
    """Grid points ``spacing`` apart, centred in ``lim``, half a spacing from its ends."""
    n = max(1, int(round((lim[1] - lim[0]) / spacing)))
    middle = 0.5 * (lim[0] + lim[1])
    return middle + spacing * (np.arange(n) - 0.5 * (n - 1))


def descent_path(
    f: Callable[[Any, Any], Any],
    start: Sequence[float],
    lr: float,
    n_steps: int,
    *,
    names: Sequence[str] = ("x", "y"),
) -> np.ndarray:
    """The points of gradient descent on f(x, y) from ``start``: shape (k + 1, 2).

    Each step is θ ← θ - lr ∇f(θ), with ∇f by central differences. The path stops
    early, with fewer than ``n_steps`` steps, once f grows beyond ``DIVERGED`` times
    its size at the start: the descent has diverged.
    """
    point = np.array(point2(start, variable_names(names)))
    lr = number(lr, "lr", minimum=0)
    n_steps = count(n_steps, "n_steps", 0)
    limit = DIVERGED * max(1.0, abs(float(f(*point))))
    path = [point]
    for _ in range(n_steps):
        point = point - lr * np.array(gradient_on_grid(f, *point))
        value = float(f(*point))
        if not np.isfinite(value) or abs(value) > limit:
            break
        path.append(point)
    return np.array(path)


def _clear_of_paths(
    f: Callable[[Any, Any], Any],
    start: Sequence[float],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
) -> dict[str, tuple[float, float]]:
    """Where a descent figure's level labels go: on the line from the lowest point of
    the domain to the corner farthest from the start, away from the paths, which run
    from the start towards the lowest point (as axes fractions, for
    :func:`label_levels`)."""
    xs, ys = np.linspace(*xlim, 61), np.linspace(*ylim, 61)
    gx, gy = np.meshgrid(xs, ys)
    gz = np.array([[float(f(x, y)) for x, y in zip(rx, ry)] for rx, ry in zip(gx, gy)])
    gz = np.where(np.isfinite(gz), gz, np.inf)
    row, col = np.unravel_index(int(np.argmin(gz)), gz.shape)
    low = (
        (xs[col] - xlim[0]) / (xlim[1] - xlim[0]),
        (ys[row] - ylim[0]) / (ylim[1] - ylim[0]),
    )
    begin = (
        (start[0] - xlim[0]) / (xlim[1] - xlim[0]),
        (start[1] - ylim[0]) / (ylim[1] - ylim[0]),
    )
    corners = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
    far = max(corners, key=lambda c: (c[0] - begin[0]) ** 2 + (c[1] - begin[1]) ** 2)
    return {"origin": (float(low[0]), float(low[1])), "toward": far}


class DescentPanels:
    """The path of gradient descent over the level curves, beside f along the path.

    The level curves and the axes are drawn once; :meth:`set_lr` recomputes the path
    for a learning rate and moves the lines, so that the figure redraws only what
    changes.
    """

    def __init__(
        self,
        axpath: Any,
        axloss: Any,
        f: Callable[[Any, Any], Any],
        start: Sequence[float],
        *,
        n_steps: int = 30,
        xlim: tuple[float, float] = DEFAULT_LIM,
        ylim: tuple[float, float] = DEFAULT_LIM,
        names: Sequence[str] = ("x", "y"),
        zlabel: str = "f",
        levels: int = 10,
        resolution: int = 120,
    ) -> None:
        self.names = variable_names(names)
        self.start = point2(start, self.names)
        self.n_steps = count(n_steps, "n_steps", 1)
        xlim, ylim = interval(xlim, "xlim"), interval(ylim, "ylim")
        self.f, self.zlabel = f, zlabel
        self.axpath, self.axloss = axpath, axloss
        xname, yname = self.names
        contours = draw_level_curves(
            axpath, f, xlim, ylim, levels, resolution, labels=False
        )
        (self.line,) = axpath.plot(
            [], [], "-o", color=PATH_COLOR, lw=1.5, ms=3.5, zorder=4
        )
        axpath.plot(
            [self.start[0]], [self.start[1]], "o", color=POINT_COLOR, ms=7, zorder=5
        )
        # Above the start if the path leaves that free, else on the first free side
        # (chosen when the figure is drawn, for the path it then shows), on a white
        # ground.
        self.start_label = axpath.annotate(
            "start",
            self.start,
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=LABEL_SIZE - 1,
            zorder=6,
            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85),
        )
        axpath.set(
            xlim=xlim, ylim=ylim, xlabel=axis_label(xname), ylabel=axis_label(yname)
        )
        axpath.set_aspect("equal", adjustable="box")
        # Only the levels that cross the line away from the paths are labelled.
        clear = _clear_of_paths(f, self.start, xlim, ylim)
        axpath.add_artist(AtDraw(self._place_start_label))
        label_levels(axpath, contours, reach=0.05, **clear)
        axpath.grid(True, alpha=0.3)
        # f along the path, on a log scale fixed for every learning rate, so that
        # the frames can be compared: from far below the start to far above it.
        top = max(abs(float(f(*self.start))), 1e-12)
        (self.values,) = axloss.semilogy([], [], "-o", color=PATH_COLOR, ms=3)
        axloss.set(
            xlim=(0, self.n_steps),
            ylim=(top * 1e-8, top * 1e4),
            xlabel="step k",
        )
        axloss.set_ylabel(f"{math_label(zlabel)} at step k")
        axloss.grid(True, alpha=0.3)

    START_SIDES = (
        ((0, 9), "center", "bottom"),
        ((-9, 6), "right", "bottom"),
        ((9, 6), "left", "bottom"),
        ((-9, 0), "right", "center"),
        ((9, 0), "left", "center"),
        ((0, -9), "center", "top"),
        ((-9, -6), "right", "top"),
        ((9, -6), "left", "top"),
    )
    """Where the start's name may go, in order of preference: its offset in points,
    and its alignment."""

    def _place_start_label(self, renderer: Any) -> None:
        """Put the start's name on the first side where no line of the path crosses
        it and it stays inside the axes."""
        ax, label = self.axpath, self.start_label
        xs, ys = self.line.get_data()
        points = np.column_stack([xs, ys]).astype(float)
        if len(points) > 1:  # each segment sampled finely enough to meet any box
            t = np.linspace(0.0, 1.0, 40)[:, None]
            points = np.concatenate(
                [a + t * (b - a) for a, b in zip(points[:-1], points[1:])]
            )
        pixels = ax.transData.transform(points) if len(points) else np.zeros((0, 2))
        frame = ax.patch.get_window_extent(renderer)
        best, fewest = self.START_SIDES[0], None
        for side in self.START_SIDES:
            offset, ha, va = side
            label.set_ha(ha)
            label.set_va(va)
            label.xyann = offset
            box = label.get_window_extent(renderer).padded(3)
            hits = int(
                np.sum(
                    (pixels[:, 0] > box.x0)
                    & (pixels[:, 0] < box.x1)
                    & (pixels[:, 1] > box.y0)
                    & (pixels[:, 1] < box.y1)
                )
            )
            if not clear_of(box.padded(-3), [], frame, 0):
                hits += 10**6
            if fewest is None or hits < fewest:
                best, fewest = side, hits
            if hits == 0:
                break
        label.xyann, (ha, va) = best[0], best[1:]
        label.set_ha(ha)
        label.set_va(va)

    def set_lr(self, lr: float) -> np.ndarray:
        """Draw the path for the learning rate ``lr``; returns its points."""
        path = descent_path(self.f, self.start, lr, self.n_steps, names=self.names)
        values = np.abs([float(self.f(*p)) for p in path])
        self.line.set_data(path[:, 0], path[:, 1])
        self.values.set_data(np.arange(len(path)), values)
        steps = len(path) - 1
        name = math_label(self.zlabel)
        if steps < self.n_steps:
            size = math_label(self.zlabel, "|", "|")
            outcome = f"diverges: {size} > {values[-1]:.0e} by step {steps}"
        elif values[-1] > values[0]:
            outcome = f"{name} grows to {values[-1]:.2g} in {steps} steps"
        else:
            outcome = f"{name} = {values[-1]:.2g} after {steps} steps"
        self.axpath.set_title(f"learning rate η = {lr:.3g}", fontsize=TITLE_SIZE)
        self.axloss.set_title(outcome, fontsize=TITLE_SIZE)
        return path


class DescentFigure:
    """Gradient descent's path over the level curves, beside f along the path.

    Both panels are drawn once (:class:`DescentPanels`); :meth:`update` takes a new
    learning rate and moves only the path, the values and the titles.
    """

    def __init__(
        self,
        f: Callable[[Any, Any], Any],
        start: Sequence[float],
        xlim: tuple[float, float] = DEFAULT_LIM,
        ylim: tuple[float, float] = DEFAULT_LIM,
        *,
        n_steps: int = 30,
        names: Sequence[str] = ("x", "y"),
        zlabel: str = "f",
        pyplot: bool = False,
    ) -> None:
        self.fig = new_figure((FRAME_WIDTH, 3.6), pyplot=pyplot)
        grid = self.fig.add_gridspec(1, 2, width_ratios=(1.25, 1.0))
        axpath = self.fig.add_subplot(grid[0])
        axloss = self.fig.add_subplot(grid[1])
        self.panels = DescentPanels(
            axpath,
            axloss,
            f,
            start,
            n_steps=n_steps,
            xlim=xlim,
            ylim=ylim,
            names=names,
            zlabel=zlabel,
        )
        style_axes(axpath, axloss)
        self.fig.subplots_adjust(
            left=0.08, right=0.98, bottom=0.15, top=0.9, wspace=0.28
        )

    def update(self, lr: float) -> np.ndarray:
        """Draw the path for the learning rate ``lr`` (the slider's value)."""
        return self.panels.set_lr(number(lr, "lr", minimum=0))


def plot_descent(
    f: Callable[[Any, Any], Any],
    start: Sequence[float],
    lr: float,
    *,
    n_steps: int = 30,
    xlim: tuple[float, float] = DEFAULT_LIM,
    ylim: tuple[float, float] = DEFAULT_LIM,
    names: Sequence[str] = ("x", "y"),
    zlabel: str = "f",
) -> tuple[Any, Any]:
    """Gradient descent on f from ``start`` with one learning rate, as a still picture.

    :class:`DescentFigure`'s own drawing on a pyplot figure (``plt.show()`` shows
    it): left, the path over f's level curves (equal scales); right, f at each step
    on a log scale (its absolute value, if f can be negative). A path that diverges
    stops once f exceeds ``DIVERGED`` times its start, and the title says so.

    Parameters
    ----------
    f : callable
        ``f(x, y)``, a real function of two variables.
    start : (float, float)
        The first point.
    lr : float
        The learning rate η of the step θ ← θ - η ∇f(θ).
    n_steps : int, optional
        How many steps.

    Returns
    -------
    (matplotlib.axes.Axes, matplotlib.axes.Axes)
        The path's axes and the values' axes.
    """
    figure = DescentFigure(
        f,
        start,
        xlim,
        ylim,
        n_steps=n_steps,
        names=names,
        zlabel=zlabel,
        pyplot=True,
    )
    figure.update(lr)
    return figure.panels.axpath, figure.panels.axloss


DESCENT_NOTE = (
    "A still image of the interactive figure: run the cell to choose the learning "
    "rate with a slider."
)


def explore_descent(
    f: Callable[[Any, Any], Any],
    start: Sequence[float],
    lrs: Sequence[float],
    *,
    xlim: tuple[float, float] = DEFAULT_LIM,
    ylim: tuple[float, float] = DEFAULT_LIM,
    names: Sequence[str] = ("x", "y"),
    zlabel: str = "f",
    n_steps: int = 30,
) -> InteractiveFigure:
    """Choose the learning rate of gradient descent on f and watch the path.

    Left, the path from ``start`` over the level curves of ``f``; right, f at each
    step on a log scale, so that steady progress is a straight line, a stall is flat
    and divergence climbs off the top.

    Parameters
    ----------
    f : callable
        ``f(x, y)``, a real function of two variables.
    start : (float, float)
        Where every path starts.
    lrs : sequence of float
        The learning rates of the frame player, in order (the first is the still
        image); the live slider runs from 0 to the largest, in steps of a
        hundredth of it.
    xlim, ylim : (float, float), optional
        The domain of the level curves.
    names : (str, str), optional
        The two variables' names.
    zlabel : str, optional
        The function's name.
    n_steps : int, optional
        Steps of each path.

    Returns
    -------
    InteractiveFigure
        A "learning rate" slider in a live kernel, and a frame player over ``lrs`` on
        the static website (a still image of the first where no script runs).
    """
    xname, yname = variable_names(names)
    x0, y0 = point2(start, (xname, yname))
    rates = _learning_rates(lrs)
    figure = DescentFigure(
        f,
        (x0, y0),
        xlim,
        ylim,
        n_steps=n_steps,
        names=(xname, yname),
        zlabel=zlabel,
    )
    listed = ", ".join(f"{lr:g}" for lr in rates)
    step = max(rates) / 100
    rate = dict(
        value=rates[0],
        min=step,
        max=max(rates),
        step=step,
        description="learning rate",
        readout_format=".3f",
        style={"description_width": "initial"},
    )
    return interactive(
        figure,
        [(lr,) for lr in rates],
        [("FloatSlider", rate)],
        alt=(
            f"Two panels: the path of {n_steps} steps of gradient descent from "
            f"({xname}, {yname}) = ({x0:g}, {y0:g}) over the level curves of "
            f"{zlabel}, and {zlabel} at each step on a log scale. Where scripts run, "
            f"the player's slider sets the learning rate, one of {listed}; the first "
            f"frame shows {rates[0]:g}."
        ),
        note=DESCENT_NOTE,
        description=(
            f"Interactive figure: gradient descent on {zlabel} from ({xname}, "
            f"{yname}) = ({x0:g}, {y0:g}) with the learning rates {listed} "
            f"({len(rates)} frames)."
        ),
    )


def _learning_rates(lrs: Any) -> list[float]:
    """The learning rates of a frame player: a non-empty list of positive numbers."""
    wanted = "a list of learning rates like [0.05, 0.1]"
    arr, _ = read_real(lrs, "lrs", expected=wanted, finite=False)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"lrs must be {wanted}; got shape {tuple(arr.shape)}")
    rates = [float(lr) for lr in arr]
    if not all(np.isfinite(lr) and lr > 0 for lr in rates):
        raise ValueError(f"lrs must be positive numbers; got {rates}")
    return rates

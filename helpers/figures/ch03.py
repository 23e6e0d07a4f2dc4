"""Chapter 3's figures: the gradient as a vector field, and gradient descent.

:func:`plot_gradient_field` draws ∇f as arrows over the level curves of f.
:class:`DescentFigure` draws the path of gradient descent over the level curves
beside f along the path; one class draws it for the live learning-rate slider and
the website's frame player (:func:`explore_descent`) and as a still picture
(:func:`plot_descent`).
"""

from __future__ import annotations

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
    POINT_COLOR,
    TITLE_SIZE,
    draw_level_curves,
    interactive,
    math_label,
    new_figure,
    style_axes,
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
    draw_level_curves(ax, f, xlim, ylim, levels, resolution, labels=True, even=True)
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
    ax.set(xlim=xlim, ylim=ylim, xlabel=xname, ylabel=yname)
    ax.set_aspect("equal", adjustable="box")
    gradient, name = math_label(zlabel, r"\nabla "), math_label(zlabel)
    ax.set_title(f"{gradient} over the level curves of {name}", fontsize="medium")
    ax.grid(True, alpha=0.3)
    return ax


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

    Each step is p ← p - lr ∇f(p), with ∇f by central differences. The path stops
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
        draw_level_curves(axpath, f, xlim, ylim, levels, resolution)
        (self.line,) = axpath.plot(
            [], [], "-o", color=PATH_COLOR, lw=1.5, ms=3.5, zorder=4
        )
        axpath.plot([self.start[0]], [self.start[1]], "o", color=POINT_COLOR, ms=7)
        axpath.annotate("start", self.start, xytext=(6, 6), textcoords="offset points")
        axpath.set(xlim=xlim, ylim=ylim, xlabel=xname, ylabel=yname)
        axpath.set_aspect("equal", adjustable="box")
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
        The learning rate η of the step p ← p - η ∇f(p).
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

"""Chapter 2's figure: the directional derivative as the direction u turns.

:class:`DirectionsFigure` draws, left, the level curves of f with a point, the unit
vector u and the gradient's direction, and right, the directional derivative
``D_u f`` at that point against u's angle: a cosine whose maximum, the
gradient's length, lies along the gradient and whose zeros lie along the level curve.
One class draws it for the live slider and the website's frame player
(:func:`explore_directions`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Callable

import numpy as np
from matplotlib.ticker import MaxNLocator

from ..numeric import directional_derivative, gradient_on_grid
from ..validate import count, interval, number, point2, variable_names
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
    upright_ylabel,
)
from .player import InteractiveFigure

DIRECTION_COLOR = "C2"
"""The unit vector u in green (the gradient is red, as everywhere)."""
TIP = 1.3
"""Where an arrow's name sits, in arrow lengths from the point."""
LABEL_BOX = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8}
"""A light box behind a label drawn over level curves."""
D_U = r"D_{\mathbf{u}}\,"
"""The directional derivative's symbol, as mathtext."""


def gradient_at(f: Callable[[Any, Any], Any], point: tuple[float, float]) -> tuple:
    """∇f at one point, by the book's central differences: two floats."""
    return tuple(float(g) for g in gradient_on_grid(f, *point))


def _degrees(angle: float) -> float:
    """An angle in radians as degrees in [0, 360), with 359.9996 shown as 0."""
    degrees = math.degrees(angle) % 360.0
    return 0.0 if round(degrees) >= 360 else degrees


class DirectionPanel:
    """Level curves of f, the point, the gradient's direction and the unit vector u.

    Drawn once; :meth:`set_angle` turns u and rewrites the title, so that the figure
    redraws only what moves. Each arrow is named at its tip, so no legend covers the
    map.
    """

    def __init__(
        self,
        ax: Any,
        f: Callable[[Any, Any], Any],
        point: Sequence[float],
        *,
        xlim: tuple[float, float] = DEFAULT_LIM,
        ylim: tuple[float, float] = DEFAULT_LIM,
        names: Sequence[str] = ("x", "y"),
        zlabel: str = "f",
        resolution: int = 120,
    ) -> None:
        self.names, self.zlabel = variable_names(names), zlabel
        self.point = point2(point, self.names)
        xlim, ylim = interval(xlim, "xlim"), interval(ylim, "ylim")
        self.ax, self.f = ax, f
        xname, yname = self.names
        x0, y0 = self.point
        draw_level_curves(ax, f, xlim, ylim, 12, resolution)
        # Arrows a quarter of the smaller side long, on equal axes so that the angles
        # on screen are the true ones and the gradient meets the level curve at 90°.
        self.length = 0.25 * min(xlim[1] - xlim[0], ylim[1] - ylim[0])
        arrow = dict(angles="xy", scale_units="xy", scale=1.0 / self.length)
        self.gradient = gradient_at(f, self.point)
        norm = math.hypot(*self.gradient)
        if norm > 0:
            gx, gy = self.gradient[0] / norm, self.gradient[1] / norm
            ax.quiver(
                [x0],
                [y0],
                [gx],
                [gy],
                color=GRADIENT_COLOR,
                width=0.006,
                zorder=3,
                label=f"direction of ∇{zlabel}",
                **arrow,
            )
            self._name_tip(math_label(zlabel, r"\nabla "), gx, gy, GRADIENT_COLOR)
        self.arrow = ax.quiver(
            [x0],
            [y0],
            [1.0],
            [0.0],
            color=DIRECTION_COLOR,
            width=0.014,
            zorder=4,
            label="unit vector u",
            **arrow,
        )
        ax.plot([x0], [y0], "o", color=POINT_COLOR, ms=6, zorder=5)
        ax.set(xlim=xlim, ylim=ylim)
        self.u_label = self._name_tip(r"$\mathbf{u}$", 1.0, 0.0, DIRECTION_COLOR)
        ax.set_aspect("equal", adjustable="box")
        ax.set_xlabel(xname)
        ax.set_ylabel(yname)
        ax.grid(True, alpha=0.3)

    def _name_tip(self, name: str, ux: float, uy: float, color: str) -> Any:
        """``name`` at the tip of the arrow from the point along (ux, uy)."""
        x0, y0 = self.point
        return self.ax.annotate(
            name,
            (x0 + TIP * self.length * ux, y0 + TIP * self.length * uy),
            color=color,
            ha="center",
            va="center",
            fontsize="large",
            bbox=LABEL_BOX,
            zorder=6,
        )

    def set_angle(self, angle: float) -> float:
        """Turn u to ``angle`` (radians); returns D_u f at the point."""
        angle = number(angle, "angle")
        u = (math.cos(angle), math.sin(angle))
        self.arrow.set_UVC([u[0]], [u[1]])
        x0, y0 = self.point
        self.u_label.xy = (x0 + TIP * self.length * u[0], y0 + TIP * self.length * u[1])
        slope = directional_derivative(self.f, self.point, u)
        self.ax.set_title(
            f"{math_label(self.zlabel, D_U)} = {slope:.2f} at angle "
            f"{_degrees(angle):.0f}°",
            fontsize=TITLE_SIZE,
        )
        return slope


class DirectionalCurvePanel:
    """D_u f at one point against the angle of u, with its maximum and zeros marked.

    The curve is a cosine: ‖∇f‖ cos(θ - θ*), largest along the gradient (θ*) and zero
    along the level curve (θ* ± 90°). Drawn once; :meth:`set_angle` moves the mark of
    the current angle.
    """

    STEP = 1.0
    """Degrees between the curve's points."""

    def __init__(
        self,
        ax: Any,
        f: Callable[[Any, Any], Any],
        point: Sequence[float],
        *,
        names: Sequence[str] = ("x", "y"),
        zlabel: str = "f",
    ) -> None:
        xname, yname = variable_names(names)
        self.point = point2(point, (xname, yname))
        self.ax, self.f, self.zlabel = ax, f, zlabel
        self.degrees = np.arange(0.0, 360.0, self.STEP)
        self.values = np.array(
            [self._slope(math.radians(d)) for d in self.degrees], dtype=float
        )
        d_u = math_label(zlabel, D_U)
        ax.axhline(0.0, color="0.5", lw=0.8)
        ax.plot(self.degrees, self.values, color=DIRECTION_COLOR, lw=2, label=d_u)
        gradient = gradient_at(f, self.point)
        self.norm = norm = math.hypot(*gradient)
        self.top = None
        if norm > 0:
            self.top = math.degrees(math.atan2(gradient[1], gradient[0])) % 360.0
            self._mark_extremes(self.top, norm)
        (self.mark,) = ax.plot([], [], "o", color=POINT_COLOR, ms=7, zorder=5)
        self.line = ax.axvline(0.0, color=POINT_COLOR, ls="--", lw=1, visible=False)
        reach = max(norm, 1e-12)
        ax.set(xlim=(0.0, 360.0), ylim=(-1.45 * reach, 1.6 * reach))
        ax.set_xticks(np.arange(0, 361, 90))
        ax.set_xlabel(r"angle of $\mathbf{u}$ (°)")
        upright_ylabel(ax, zlabel, text=d_u, pad=14)
        ax.set_title(
            f"{d_u} at ({xname}, {yname}) = ({self.point[0]:.2f}, {self.point[1]:.2f})",
            fontsize=TITLE_SIZE,
        )
        ax.grid(True, alpha=0.3)

    def _mark_extremes(self, top: float, norm: float) -> None:
        """The maximum ‖∇f‖ at the gradient's angle ``top``, and the two zeros."""
        ax, zlabel = self.ax, self.zlabel
        length = math_label(zlabel, r"\|\nabla ", r"\|")
        gradient = math_label(zlabel, r"\nabla ")
        slope = self._slope(math.radians(top))
        ax.plot([top], [slope], "^", color=GRADIENT_COLOR, ms=9, zorder=4)
        ax.annotate(
            f"max {length} = {norm:.2f}\nat {top:.0f}° ({gradient})",
            (top, norm),
            xytext=(0, 8),
            textcoords="offset points",
            # Kept inside the axes near either end of the angle axis.
            ha="left" if top < 45 else "right" if top > 315 else "center",
            va="bottom",
            color=GRADIENT_COLOR,
        )
        for zero in sorted(((top + 90.0) % 360.0, (top - 90.0) % 360.0)):
            slope = self._slope(math.radians(zero))
            ax.plot([zero], [slope], "o", color="0.3", ms=7, zorder=4)
            ax.annotate(
                f"0 at {zero:.0f}°",
                (zero, 0.0),
                xytext=(-4, 6) if zero > 300 else (4, 6),
                textcoords="offset points",
                ha="right" if zero > 300 else "left",
                va="bottom",
                color="0.25",
            )

    def _slope(self, angle: float) -> float:
        return directional_derivative(
            self.f, self.point, (math.cos(angle), math.sin(angle))
        )

    def set_angle(self, angle: float) -> None:
        """Mark ``angle`` (radians) on the curve."""
        angle = number(angle, "angle")
        degrees = _degrees(angle)
        self.mark.set_data([degrees], [self._slope(angle)])
        self.line.set_xdata([degrees, degrees])
        self.line.set_visible(True)


class DirectionsFigure:
    """Level curves with the unit vector u and ∇f's direction, beside D_u f's curve.

    Both panels are drawn once (:class:`DirectionPanel`,
    :class:`DirectionalCurvePanel`); :meth:`update` turns u, moving only its arrow,
    the mark on the curve and the title.
    """

    def __init__(
        self,
        f: Callable[[Any, Any], Any],
        point: Sequence[float],
        xlim: tuple[float, float] = DEFAULT_LIM,
        ylim: tuple[float, float] = DEFAULT_LIM,
        *,
        names: Sequence[str] = ("x", "y"),
        zlabel: str = "f",
        pyplot: bool = False,
    ) -> None:
        self.names, self.zlabel = variable_names(names), zlabel
        self.point = point2(point, self.names)
        self.fig = new_figure((FRAME_WIDTH, 3.6), pyplot=pyplot)
        grid = self.fig.add_gridspec(1, 2, width_ratios=(1.0, 1.25))
        self.axlevel = self.fig.add_subplot(grid[0])
        self.axcurve = self.fig.add_subplot(grid[1])
        options = dict(names=self.names, zlabel=zlabel)
        self.direction = DirectionPanel(
            self.axlevel, f, self.point, xlim=xlim, ylim=ylim, **options
        )
        self.curve = DirectionalCurvePanel(self.axcurve, f, self.point, **options)
        style_axes(self.axlevel, self.axcurve)
        self.axlevel.xaxis.set_major_locator(MaxNLocator(5))
        self.fig.subplots_adjust(
            left=0.085, right=0.97, bottom=0.15, top=0.9, wspace=0.32
        )

    def update(self, degrees: float) -> float:
        """Turn u to ``degrees`` (the slider's unit); returns D_u f there."""
        angle = math.radians(number(degrees, "degrees"))
        self.curve.set_angle(angle)
        return self.direction.set_angle(angle)


DIRECTIONS_NOTE = (
    "A still image of the interactive figure: run the cell to turn the direction "
    "with a slider."
)


def explore_directions(
    f: Callable[[Any, Any], Any],
    point: Sequence[float],
    *,
    xlim: tuple[float, float] = DEFAULT_LIM,
    ylim: tuple[float, float] = DEFAULT_LIM,
    names: Sequence[str] = ("x", "y"),
    zlabel: str = "f",
    n_frames: int = 16,
) -> InteractiveFigure:
    """Turn the unit vector u at ``point`` and watch the directional derivative D_u f.

    Parameters
    ----------
    f : callable
        ``f(x, y)``, a real function of two variables.
    point : (float, float)
        Where u starts.
    xlim, ylim : (float, float), optional
        The domain of the level curves.
    names : (str, str), optional
        The two variables' names.
    zlabel : str, optional
        The function's name (``"L"`` gives titles like ``D_u L = 0.42``).
    n_frames : int, optional
        Angles of the frame player, evenly spaced from 0°.

    Returns
    -------
    InteractiveFigure
        An "angle (°)" slider in a live kernel, and a frame player that turns u once
        around on the static website (a still image of u at 0° where no script runs).
    """
    xname, yname = variable_names(names)
    x0, y0 = point2(point, (xname, yname))
    n_frames = count(n_frames, "n_frames", 1)
    figure = DirectionsFigure(
        f, (x0, y0), xlim, ylim, names=(xname, yname), zlabel=zlabel
    )
    path = [(round(k * 360.0 / n_frames, 6),) for k in range(n_frames)]
    at = f"({xname}, {yname}) = ({x0:.2f}, {y0:.2f})"
    angle = dict(value=0.0, min=0.0, max=360.0, step=1.0, description="angle (°)")
    return interactive(
        figure,
        path,
        [("FloatSlider", angle)],
        alt=(
            f"Two panels: the level curves of {zlabel} over ({xname}, {yname}) with "
            f"the point {at}, a thick arrow along a unit vector u and a thinner one "
            f"along the gradient of {zlabel}; then the directional derivative D_u "
            f"{zlabel} at that point against the angle of u, a cosine whose maximum, "
            "the gradient's length, lies in the gradient's direction and whose two "
            "zeros lie 90° either side, along the level curve. Where scripts run, the "
            "player's slider turns u once around."
        ),
        note=DIRECTIONS_NOTE,
        description=(
            f"Interactive figure: the directional derivative of {zlabel} at {at} as "
            f"the unit vector u turns ({len(path)} frames)."
        ),
    )

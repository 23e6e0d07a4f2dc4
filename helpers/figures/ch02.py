"""Chapter 2's figures: the slice along a direction, and the direction turning.

:class:`SliceFigure` (:func:`plot_directional_slice`) draws the definition: the
surface of f cut by the vertical plane through a point along a unit vector u, and
below it the slice g(t) = f(a + t u) with its tangent at t = 0, whose slope is
``D_u f(a)``.

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
from mpl_toolkits.mplot3d.art3d import Poly3DCollection

from ..numeric import directional_derivative, gradient_on_grid, vectorized
from ..validate import count, interval, number, point2, variable_names
from .base import (
    DEFAULT_LIM,
    FRAME_WIDTH,
    GRADIENT_COLOR,
    LABEL_SIZE,
    POINT_COLOR,
    TICK_SIZE,
    TITLE_SIZE,
    draw_level_curves,
    interactive,
    math_label,
    new_figure,
    style_axes,
    thin_labels,
    upright_ylabel,
)
from .player import InteractiveFigure

DIRECTION_COLOR = "C2"
"""The unit vector u in green (the gradient is red, as everywhere)."""
TIP = 1.3
"""Where an arrow's name sits, in arrow lengths from the point."""
NAMES_APART = math.radians(32)
"""The least angle, seen from the point, between the names of u and of the gradient."""
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


SLICE_SIZE = (FRAME_WIDTH, 7.4)
"""Inches: the surface above the slice, stacked, so that each is as wide as the column."""
PLANE_ALPHA = 0.16
"""Opacity of the vertical plane that cuts the surface along u."""
TANGENT_COLOR = POINT_COLOR
"""The tangent at t = 0, dashed black: it belongs to the point."""


class SliceFigure:
    """The definition of D_u f(a) in one picture: a surface cut along u, and its slice.

    Above, the surface z = f(x, y) with the vertical plane through the point a along
    the unit vector u, the curve where the plane cuts the surface, the tangent to
    that curve at a, and the arrow u on the floor. Below, the same curve as a
    function of one variable, g(t) = f(a + t u), with the tangent at t = 0, whose
    slope is labelled: D_u f(a), from ``directional_derivative``.

    A still figure: ``fig`` holds it, ``ax3d`` the surface and ``axslice`` the slice,
    ``slope`` the directional derivative.
    """

    def __init__(
        self,
        f: Callable[[Any, Any], Any],
        point: Sequence[float],
        u: Sequence[float],
        *,
        xlim: tuple[float, float] = DEFAULT_LIM,
        ylim: tuple[float, float] = DEFAULT_LIM,
        reach: float = 1.0,
        names: Sequence[str] = ("x", "y"),
        zlabel: str = "f",
        point_name: str = "a",
        resolution: int = 40,
        pyplot: bool = False,
    ) -> None:
        self.names, self.zlabel = variable_names(names), zlabel
        self.point = point2(point, self.names)
        self.u = point2(u, self.names, what="u")
        self.xlim, self.ylim = interval(xlim, "xlim"), interval(ylim, "ylim")
        self.reach = number(reach, "reach")
        if self.reach <= 0:
            raise ValueError(f"reach must be positive; got {self.reach:g}")
        # Refuses a u that is not a unit vector, saying its length.
        self.slope = directional_derivative(f, self.point, self.u)
        self.f, self.fv = f, vectorized(f)
        self.a_name = rf"$\mathbf{{{point_name}}}$"
        self.t = np.linspace(-self.reach, self.reach, 121)
        a, direction = np.array(self.point), np.array(self.u)
        self.line = a[:, None] + direction[:, None] * self.t  # (2, n): a + t u
        self.g = self.fv(self.line[0], self.line[1])
        self.value = float(f(*self.point))
        self.fig = new_figure(SLICE_SIZE, pyplot=pyplot)
        grid = self.fig.add_gridspec(2, 1, height_ratios=(1.25, 1.0), hspace=0.32)
        self.ax3d = self.fig.add_subplot(grid[0], projection="3d")
        self.axslice = self.fig.add_subplot(grid[1])
        self._draw_surface(resolution)
        self._draw_slice()
        self.fig.subplots_adjust(left=0.1, right=0.96, bottom=0.08, top=0.97)

    def _tangent(self, t: np.ndarray) -> np.ndarray:
        """The tangent of the slice at t = 0: g(0) + D_u f(a) t."""
        return self.value + self.slope * t

    def _draw_surface(self, resolution: int) -> None:
        ax, (xname, yname) = self.ax3d, self.names
        xs = np.linspace(*self.xlim, resolution)
        ys = np.linspace(*self.ylim, resolution)
        gx, gy = np.meshgrid(xs, ys)
        gz = self.fv(gx, gy)
        low = float(np.nanmin(gz))
        floor, top = low, float(np.nanmax(gz))
        # The floor well below the surface, so that the line a + t u drawn on it
        # and the curve drawn on the surface stand apart.
        floor, top = floor - 0.45 * (top - floor), top + 0.05 * (top - floor)
        # Drawn in a fixed order, back to front: surface, plane, floor line, curve,
        # tangent, point; the translucent surface never hides the slice.
        ax.computed_zorder = False
        ax.plot_surface(gx, gy, gz, cmap="viridis", alpha=0.35, lw=0, zorder=1)
        (w0, b0), (w1, b1) = self.line[:, 0], self.line[:, -1]
        high = float(np.nanmax(self.g)) + 0.1 * (top - floor)
        plane = [(w0, b0, floor), (w1, b1, floor), (w1, b1, high), (w0, b0, high)]
        ax.add_collection3d(
            Poly3DCollection(
                [plane],
                facecolor=DIRECTION_COLOR,
                edgecolor=DIRECTION_COLOR,
                alpha=PLANE_ALPHA,
                zorder=2,
            )
        )
        lw, lb = self.line
        ax.plot(
            lw, lb, np.full_like(lw, floor), color=DIRECTION_COLOR, ls=":", zorder=3
        )
        ax.plot(lw, lb, self.g, color=DIRECTION_COLOR, lw=3, zorder=4)
        near = self.t[np.abs(self.t) <= 0.5 * self.reach]
        ax.plot(
            self.point[0] + self.u[0] * near,
            self.point[1] + self.u[1] * near,
            self._tangent(near),
            color=TANGENT_COLOR,
            ls="--",
            lw=2,
            zorder=5,
        )
        x0, y0 = self.point
        ax.plot([x0, x0], [y0, y0], [floor, self.value], color="0.4", lw=1, zorder=3)
        ax.plot([x0], [y0], [self.value], "o", color=POINT_COLOR, ms=7, zorder=6)
        ax.plot([x0], [y0], [floor], "o", color=POINT_COLOR, ms=6, zorder=6)
        # u drawn on the floor, from a, a third of the reach long: a direction.
        ux, uy = self.u
        length = 0.6 * self.reach
        ax.quiver(
            x0,
            y0,
            floor,
            ux,
            uy,
            0.0,
            length=length,
            color=DIRECTION_COLOR,
            lw=2.5,
            arrow_length_ratio=0.3,
            zorder=7,
        )
        # u's name beside the middle of its arrow, on the side towards the viewer,
        # off the plane's edge.
        ax.text(
            x0 + length * (0.6 * ux + 0.4 * uy),
            y0 + length * (0.6 * uy - 0.4 * ux),
            floor,
            r"$\mathbf{u}$",
            color=DIRECTION_COLOR,
            fontsize=LABEL_SIZE,
            ha="left",
            va="top",
            zorder=8,
        )
        ax.text(
            x0 - 0.3 * length * ux,
            y0 - 0.3 * length * uy,
            floor,
            self.a_name,
            color=POINT_COLOR,
            fontsize=LABEL_SIZE,
            ha="right",
            va="top",
            zorder=8,
        )
        ax.set(xlim=self.xlim, ylim=self.ylim, zlim=(floor, top))
        ax.set_box_aspect((1.5, 1.2, 1.0), zoom=1.2)
        ax.view_init(elev=20, azim=-52)
        ax.set_xlabel(xname, fontsize=LABEL_SIZE, labelpad=2)
        ax.set_ylabel(yname, fontsize=LABEL_SIZE, labelpad=2)
        ax.set_zlabel(self.zlabel, fontsize=LABEL_SIZE, labelpad=2)
        ax.tick_params(labelsize=TICK_SIZE, pad=0)
        ax.xaxis.set_major_locator(MaxNLocator(4, prune="upper"))
        ax.yaxis.set_major_locator(MaxNLocator(4, prune="lower"))
        # Ticks only where the surface is: the floor below it is no value of f.
        ticks = MaxNLocator(4).tick_values(low, top)
        ax.set_zticks(ticks[(ticks >= low) & (ticks <= top)])
        name = self.zlabel
        ax.set_title(
            rf"the surface ${name}$ cut along $\mathbf{{u}}$ through "
            f"{self.a_name}",
            fontsize=TITLE_SIZE,
            pad=0,
        )

    def _draw_slice(self) -> None:
        ax, t = self.axslice, self.t
        name, a_name = self.zlabel, self.a_name[1:-1]
        ax.plot(t, self.g, color=DIRECTION_COLOR, lw=3)
        near = t[np.abs(t) <= 0.5 * self.reach]
        ax.plot(near, self._tangent(near), color=TANGENT_COLOR, ls="--", lw=2)
        ax.plot([0.0], [self.value], "o", color=POINT_COLOR, ms=7, zorder=5)
        ax.axvline(0.0, color="0.6", lw=0.8, zorder=0)
        # The slope's label sits under the left half of the tangent where the slice
        # bends up (it lies above its tangent there), over it where it bends down.
        half = 0.5 * self.reach
        bend = self.fv(*self.line[:, -1]) + self.fv(*self.line[:, 0]) - 2 * self.value
        below = bend >= 0
        at = -0.9 * half
        ax.annotate(
            rf"slope $D_{{\mathbf{{u}}}}\,{name}({a_name}) = {self.slope:.2f}$",
            (at, float(self._tangent(np.array(at)))),
            xytext=(0, -16 if below else 16),
            textcoords="offset points",
            ha="center",
            va="top" if below else "bottom",
            fontsize=LABEL_SIZE,
            bbox=LABEL_BOX,
        )
        values = np.concatenate([self.g, self._tangent(near)])
        low, high = float(np.nanmin(values)), float(np.nanmax(values))
        span = high - low if high > low else 1.0
        ax.set_ylim(
            low - (0.28 if below else 0.08) * span,
            high + (0.08 if below else 0.28) * span,
        )
        ax.set_xlim(-self.reach, self.reach)
        ax.set_xlabel(r"$t$, the distance travelled along $\mathbf{u}$")
        ax.set_ylabel(r"$g(t)$")
        ax.set_title(
            rf"the slice $g(t) = {name}({a_name} + t\,\mathbf{{u}})$ and its "
            r"tangent at $t = 0$",
            fontsize=TITLE_SIZE,
        )
        ax.grid(True, alpha=0.3)
        style_axes(ax)


def plot_directional_slice(
    f: Callable[[Any, Any], Any],
    point: Sequence[float],
    u: Sequence[float],
    *,
    xlim: tuple[float, float] = DEFAULT_LIM,
    ylim: tuple[float, float] = DEFAULT_LIM,
    reach: float = 1.0,
    names: Sequence[str] = ("x", "y"),
    zlabel: str = "f",
    point_name: str = "a",
) -> SliceFigure:
    """The surface of f cut along u through ``point``, above the slice and its tangent.

    Parameters
    ----------
    f : callable
        ``f(x, y)``, a real function of two variables.
    point : (float, float)
        The point a the slice passes through.
    u : (float, float)
        The direction, a unit vector.
    xlim, ylim : (float, float), optional
        The domain of the surface.
    reach : float, optional
        The slice is drawn for t from ``-reach`` to ``reach``.
    names : (str, str), optional
        The two variables' names.
    zlabel : str, optional
        The function's name, one letter (``"L"``).
    point_name : str, optional
        The point's name, set in bold (``"a"`` gives a bold a).

    Returns
    -------
    SliceFigure
        A pyplot figure, which ``plt.show()`` displays; its panels are ``ax3d`` and
        ``axslice``, and ``slope`` is D_u f at the point.

    Raises
    ------
    ValueError
        If ``u`` is not a unit vector (its length is reported), or ``reach`` is not
        positive.
    """
    return SliceFigure(
        f,
        point,
        u,
        xlim=xlim,
        ylim=ylim,
        reach=reach,
        names=names,
        zlabel=zlabel,
        point_name=point_name,
        pyplot=True,
    )


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
        contours = draw_level_curves(ax, f, xlim, ylim, 12, resolution, labels=False)
        # Arrows a quarter of the smaller side long, on equal axes so that the angles
        # on screen are the true ones and the gradient meets the level curve at 90°.
        self.length = 0.25 * min(xlim[1] - xlim[0], ylim[1] - ylim[0])
        self._label_levels(contours, xlim, ylim)
        arrow = dict(angles="xy", scale_units="xy", scale=1.0 / self.length)
        self.gradient = gradient_at(f, self.point)
        norm = math.hypot(*self.gradient)
        self.gradient_angle = None
        if norm > 0:
            self.gradient_angle = math.atan2(self.gradient[1], self.gradient[0])
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

    def _label_levels(
        self, contours: Any, xlim: tuple[float, float], ylim: tuple[float, float]
    ) -> None:
        """Each level curve's value where the curve passes farthest from the point.

        The names of u and of the gradient circle the point at ``TIP`` arrow lengths
        as u turns; a level's label placed where matplotlib would choose could sit
        under them. A curve that stays within that circle keeps no label.
        """
        x0, y0 = self.point
        clear = (TIP + 0.45) * self.length
        inset = 0.06 * min(xlim[1] - xlim[0], ylim[1] - ylim[0])
        spots = []
        for segments in contours.allsegs:
            points = [p for segment in segments for p in segment]
            inside = [
                (x, y)
                for x, y in points
                if xlim[0] + inset < x < xlim[1] - inset
                and ylim[0] + inset < y < ylim[1] - inset
            ]
            if not inside:
                continue
            far = max(inside, key=lambda p: math.hypot(p[0] - x0, p[1] - y0))
            if math.hypot(far[0] - x0, far[1] - y0) > clear:
                spots.append(far)
        if spots:
            texts = self.ax.clabel(
                contours, fmt="%.2g", fontsize=TICK_SIZE - 1, manual=spots
            )
            thin_labels(self.ax, texts)

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
        # u's name at its tip; when u nears the gradient, whose name sits at the
        # same distance, it turns aside from the gradient's name so as not to cover it.
        at = angle
        if self.gradient_angle is not None:
            apart = (angle - self.gradient_angle + math.pi) % (2 * math.pi) - math.pi
            if abs(apart) < NAMES_APART:
                side = 1.0 if apart >= 0 else -1.0
                at = self.gradient_angle + side * NAMES_APART
        tip = (
            x0 + TIP * self.length * math.cos(at),
            y0 + TIP * self.length * math.sin(at),
        )
        # An annotation's text sits at xyann, which xy alone does not move.
        self.u_label.xy = tip
        self.u_label.set_position(tip)
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
            # The curve rises through the zero 90° before the maximum and falls
            # through the other: the label goes above it on the side the curve does
            # not pass (left of a rising zero, right of a falling one), or below it
            # on the other side when the angle axis ends too near.
            rising = abs((zero - top + 90.0 + 180.0) % 360.0 - 180.0) < 1.0
            left = rising if 40.0 < zero < 320.0 else zero >= 320.0
            above = rising == left
            ax.annotate(
                f"0 at {zero:.0f}°",
                (zero, 0.0),
                xytext=(-6 if left else 6, 6 if above else -6),
                textcoords="offset points",
                ha="right" if left else "left",
                va="bottom" if above else "top",
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
            left=0.105, right=0.97, bottom=0.15, top=0.9, wspace=0.32
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

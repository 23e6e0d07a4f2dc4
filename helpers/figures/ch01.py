"""Chapter 1's figures: partial derivatives as slopes of slices.

The interactive figure, :class:`PartialsFigure`, draws the surface of f(x, y) with
the two planes through a point that cut it along two slices, then each slice with
its tangent. One class draws it three ways: live sliders and the website's frame
player (:func:`explore_partials`) and a still picture (:func:`plot_partials`).
Colours keep their roles throughout the book: the x-slice and ∂f/∂x in blue (C0),
the y-slice and ∂f/∂y in orange (C1), the point in black.

The figures name their variables with ``names=("x", "y")`` and the function with
``zlabel="f"``: a loss of two weights is drawn with ``names=("w", "b"), zlabel="L"``,
and every label and title then speaks of w, b and L.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Callable

import numpy as np
from matplotlib.ticker import MaxNLocator
from mpl_toolkits.mplot3d.art3d import Poly3DCollection

from ..numeric import partial_derivative, vectorized
from ..validate import interval, point2, variable_names
from .base import (
    DEFAULT_LIM,
    FRAME_WIDTH,
    LABEL_SIZE,
    POINT_COLOR,
    TICK_SIZE,
    TITLE_SIZE,
    interactive,
    new_figure,
    upright_ylabel,
)
from .player import InteractiveFigure

X_COLOR, Y_COLOR = "C0", "C1"
"""The x-slice and ∂f/∂x in blue, the y-slice and ∂f/∂y in orange."""
PLANE_ALPHA = 0.18
"""Opacity of the cutting planes x = x0 and y = y0."""
ZLIM_GRID = 61
"""Points per side of the grid on which the shared vertical range is computed."""
PARTIALS_SIZE = (FRAME_WIDTH, 3.1)
"""Inches: three panels side by side, the surface a little wider."""


def surface_zlim(
    f: Callable[[Any, Any], Any],
    xlim: tuple[float, float] = DEFAULT_LIM,
    ylim: tuple[float, float] = DEFAULT_LIM,
) -> tuple[float, float]:
    """The z-range every panel of a surface figure shares: f's range over the domain.

    Computed on a fixed grid (``ZLIM_GRID`` points per side) with a margin of 5% of the
    range on each side, so that the surface, its slices and their tangents, drawn by
    separate functions, get the same limits and can be compared by eye.
    """
    xs = np.linspace(*interval(xlim, "xlim"), ZLIM_GRID)
    ys = np.linspace(*interval(ylim, "ylim"), ZLIM_GRID)
    gx, gy = np.meshgrid(xs, ys)
    gz = vectorized(f)(gx, gy)
    low, high = float(np.nanmin(gz)), float(np.nanmax(gz))
    pad = 0.05 * (high - low) if high > low else 0.5
    return low - pad, high + pad


def cutting_planes(
    point: tuple[float, float],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    zlim: tuple[float, float],
) -> tuple[np.ndarray, np.ndarray]:
    """The rectangles y = y0 and x = x0 that cut the box, each as 4 corners (x, y, z)."""
    x0, y0 = point
    (xa, xb), (ya, yb), (za, zb) = xlim, ylim, zlim
    plane_y = np.array([(xa, y0, za), (xb, y0, za), (xb, y0, zb), (xa, y0, zb)])
    plane_x = np.array([(x0, ya, za), (x0, yb, za), (x0, yb, zb), (x0, ya, zb)])
    return plane_y, plane_x


class PartialsFigure:
    """Surface with its cutting planes and slices, and each slice with its tangent.

    The figure and the surface are built once; :meth:`update` moves the point and
    redraws only the planes, curves, tangents and titles, which keeps both the
    sliders and the frame player fast. All three panels share the domain (``xlim``,
    ``ylim``) and the vertical range (f's range over the domain,
    :func:`surface_zlim`), so slopes can be compared by eye.

    With ``pyplot=True`` the figure is a pyplot figure that ``plt.show()`` displays
    (:func:`plot_partials`); otherwise it stays out of pyplot, for the player and the
    live image (:func:`explore_partials`).
    """

    def __init__(
        self,
        f: Callable[[Any, Any], Any],
        xlim: tuple[float, float] = DEFAULT_LIM,
        ylim: tuple[float, float] = DEFAULT_LIM,
        *,
        names: Sequence[str] = ("x", "y"),
        zlabel: str = "f",
        resolution: int = 25,
        pyplot: bool = False,
    ) -> None:
        self.f, self.fv = f, vectorized(f)
        self.xlim, self.ylim = interval(xlim, "xlim"), interval(ylim, "ylim")
        self.names, self.zlabel = variable_names(names), zlabel
        xname, yname = self.names
        self.fig = new_figure(PARTIALS_SIZE, pyplot=pyplot)
        grid = self.fig.add_gridspec(1, 3, width_ratios=(1.15, 1.0, 1.0))
        self.ax3d = self.fig.add_subplot(grid[0], projection="3d")
        self.axx = self.fig.add_subplot(grid[1])
        self.axy = self.fig.add_subplot(grid[2])
        self.zlim = surface_zlim(f, self.xlim, self.ylim)
        self._draw_surface(resolution)
        self.lines = {}
        for ax, var, color, lim in (
            (self.axx, xname, X_COLOR, self.xlim),
            (self.axy, yname, Y_COLOR, self.ylim),
        ):
            (curve,) = ax.plot([], [], color=color, lw=2.5)
            (tangent,) = ax.plot([], [], color=color, ls="--", lw=2)
            (dot,) = ax.plot([], [], "o", color=POINT_COLOR, ms=7)
            ax.set(xlim=lim, ylim=self.zlim)
            ax.set_xlabel(var, fontsize=LABEL_SIZE, labelpad=1)
            upright_ylabel(ax, zlabel, size=LABEL_SIZE, turned_pad=1)
            ax.tick_params(labelsize=TICK_SIZE)
            ax.grid(True, alpha=0.3)
            self.lines[var] = (curve, tangent, dot)
        self.fig.subplots_adjust(
            left=0.015, right=0.985, bottom=0.18, top=0.85, wspace=0.45
        )

    def _draw_surface(self, resolution: int) -> None:
        """The surface, the (still empty) planes, slices and point, and the 3D axes."""
        xname, yname = self.names
        xs = np.linspace(*self.xlim, resolution)
        ys = np.linspace(*self.ylim, resolution)
        gx, gy = np.meshgrid(xs, ys)
        ax3d = self.ax3d
        # Fixed drawing order: surface, planes, curves, point; a translucent plane
        # never hides the slice it cuts.
        ax3d.computed_zorder = False
        ax3d.plot_surface(
            gx, gy, self.fv(gx, gy), cmap="viridis", alpha=0.4, linewidth=0, zorder=1
        )
        self.planes = {}
        for var, color in ((yname, X_COLOR), (xname, Y_COLOR)):
            plane = Poly3DCollection(
                [np.zeros((4, 3))],
                facecolor=color,
                edgecolor=color,
                alpha=PLANE_ALPHA,
                linewidth=0.8,
                zorder=2,
            )
            ax3d.add_collection3d(plane)
            self.planes[var] = plane
        ax3d.set(xlim=self.xlim, ylim=self.ylim, zlim=self.zlim)
        ax3d.set_box_aspect(None, zoom=1.12)
        ax3d.set_xlabel(xname, fontsize=LABEL_SIZE, labelpad=2)
        ax3d.set_ylabel(yname, fontsize=LABEL_SIZE, labelpad=2)
        # No z label: the title says what is plotted upward, and a label there would
        # sit beside the next panel's own.
        ax3d.tick_params(labelsize=TICK_SIZE, pad=-1)
        # The y axis meets the x axis at one end (the front right corner) and the
        # z axis at the other: its ticks keep a tenth of its length from both ends,
        # and the x axis leaves out its last tick, so that no labels collide there.
        ax3d.xaxis.set_major_locator(MaxNLocator(4, prune="upper"))
        ax3d.zaxis.set_major_locator(MaxNLocator(4))
        low, high = self.ylim
        ticks = MaxNLocator(4).tick_values(low, high)
        margin = 0.1 * (high - low)
        ax3d.set_yticks(ticks[(ticks >= low + margin) & (ticks <= high - margin)])
        (self.slice_x3d,) = ax3d.plot([], [], [], color=X_COLOR, lw=2.5, zorder=3)
        (self.slice_y3d,) = ax3d.plot([], [], [], color=Y_COLOR, lw=2.5, zorder=3)
        (self.point3d,) = ax3d.plot([], [], [], "o", color=POINT_COLOR, ms=6, zorder=5)

    def update(self, x0: float, y0: float) -> tuple[float, float]:
        """Move the point to (x0, y0) and redraw; returns the two partial derivatives."""
        x0, y0 = point2((x0, y0), self.names)
        x0, y0 = x0 + 0.0, y0 + 0.0  # -0.0 (a rounded -1e-17) is written 0.00
        f, fv = self.f, self.fv
        xname, yname, zname = *self.names, self.zlabel
        z0 = float(f(x0, y0))
        xs, ys = np.linspace(*self.xlim, 120), np.linspace(*self.ylim, 120)
        zx, zy = fv(xs, np.full_like(xs, y0)), fv(np.full_like(ys, x0), ys)
        plane_y, plane_x = cutting_planes((x0, y0), self.xlim, self.ylim, self.zlim)
        self.planes[yname].set_verts([plane_y])
        self.planes[xname].set_verts([plane_x])
        self.slice_x3d.set_data_3d(xs, np.full_like(xs, y0), zx)
        self.slice_y3d.set_data_3d(np.full_like(ys, x0), ys, zy)
        self.point3d.set_data_3d([x0], [y0], [z0])
        self.ax3d.set_title(
            f"{zname}({xname}, {yname}) at ({x0:.2f}, {y0:.2f})",
            fontsize=TITLE_SIZE,
            pad=0,
        )
        slopes = []
        for k, (var, centre, t, z, other) in enumerate(
            (
                (xname, x0, xs, zx, f"{yname} = {y0:.2f}"),
                (yname, y0, ys, zy, f"{xname} = {x0:.2f}"),
            )
        ):
            slope = partial_derivative(f, (x0, y0), k)
            curve, tangent, dot = self.lines[var]
            curve.set_data(t, z)
            lim = (self.xlim, self.ylim)[k]
            reach = 0.2 * (lim[1] - lim[0])
            near = np.array([centre - reach, centre + reach])
            tangent.set_data(near, z0 + slope * (near - centre))
            dot.set_data([centre], [z0])
            ax = (self.axx, self.axy)[k]
            ax.set_title(
                f"slice {other}\n∂{zname}/∂{var} = {slope:.2f}",
                fontsize=TITLE_SIZE,
                pad=4,
            )
            slopes.append(slope)
        return slopes[0], slopes[1]


def plot_partials(
    f: Callable[[Any, Any], Any],
    point: Sequence[float],
    *,
    xlim: tuple[float, float] = DEFAULT_LIM,
    ylim: tuple[float, float] = DEFAULT_LIM,
    names: Sequence[str] = ("x", "y"),
    zlabel: str = "f",
) -> PartialsFigure:
    """:class:`PartialsFigure` at one point, as a still picture: ``plt.show()`` shows it.

    The interactive figure's own drawing, on a pyplot figure of the same size; its
    surface is drawn finer, as nothing moves.

    Returns
    -------
    PartialsFigure
        Its panels are ``ax3d``, ``axx`` and ``axy``, its figure ``fig``.
    """
    figure = PartialsFigure(
        f, xlim, ylim, names=names, zlabel=zlabel, resolution=40, pyplot=True
    )
    figure.update(*point2(point, figure.names))
    return figure


def circle_path(
    radius: float = 1.2,
    n_frames: int = 16,
    *,
    centre: tuple[float, float] = (0.0, 0.0),
) -> list[tuple[float, float]]:
    """Points on a circle around ``centre``: the path of the frame player."""
    angles = np.linspace(0.0, 2.0 * math.pi, n_frames, endpoint=False)
    cx, cy = centre
    return [
        (round(cx + radius * math.cos(a), 2), round(cy + radius * math.sin(a), 2))
        for a in angles
    ]


PARTIALS_NOTE = (
    "A still image of the interactive figure: run the cell to move the point "
    "with sliders."
)


def explore_partials(
    f: Callable[[Any, Any], Any],
    *,
    xlim: tuple[float, float] = DEFAULT_LIM,
    ylim: tuple[float, float] = DEFAULT_LIM,
    names: Sequence[str] = ("x", "y"),
    zlabel: str = "f",
    start: tuple[float, float] | None = None,
    path: Sequence[tuple[float, float]] | None = None,
) -> InteractiveFigure:
    """Move a point over the surface of ``f`` and watch both slices and their tangents.

    Parameters
    ----------
    f : callable
        ``f(x, y)``, a real function of two variables.
    xlim, ylim : (float, float), optional
        The domain, shared by the three panels and spanned by the sliders.
    names : (str, str), optional
        The two variables' names, for labels, titles and sliders (``("w", "b")``
        gives sliders w0 and b0 and titles like ``∂L/∂w = 0.42``).
    zlabel : str, optional
        The function's name (``"L"``).
    start : (float, float), optional
        The sliders' first position; by default the path's first point.
    path : sequence of (float, float), optional
        The points of the frame player; by default 16 points on a circle around the
        domain's centre, with a radius of 30% of its smaller side.

    Returns
    -------
    InteractiveFigure
        Sliders in a live kernel, and a frame player that walks the point along
        ``path`` on the static website (a still image of its first frame where no
        script runs).
    """
    xlim, ylim = interval(xlim, "xlim"), interval(ylim, "ylim")
    xname, yname = variable_names(names)
    if path is None:
        centre = ((xlim[0] + xlim[1]) / 2, (ylim[0] + ylim[1]) / 2)
        radius = 0.3 * min(xlim[1] - xlim[0], ylim[1] - ylim[0])
        path = circle_path(radius, centre=centre)
    path = [point2(p, (xname, yname), "a point of path") for p in path]
    if not path:
        raise ValueError("path must hold at least one point")
    start = path[0] if start is None else point2(start, (xname, yname), "start")
    figure = PartialsFigure(f, xlim, ylim, names=(xname, yname), zlabel=zlabel)

    def slider(name: str, lim: tuple[float, float], value: float) -> tuple:
        options = dict(value=value, min=lim[0], max=lim[1], step=0.05, description=name)
        return ("FloatSlider", options)

    return interactive(
        figure,
        path,
        [slider(f"{xname}0", xlim, start[0]), slider(f"{yname}0", ylim, start[1])],
        alt=(
            f"Three panels: the surface of {zlabel} over ({xname}, {yname}) with the "
            f"two planes through a moving point that cut it along two slices, then "
            f"each slice as a curve with its tangent line; the panel titles give the "
            f"point and the two partial derivatives ∂{zlabel}/∂{xname} and "
            f"∂{zlabel}/∂{yname}. Where scripts run, the player's slider moves the "
            "point around a circle."
        ),
        note=PARTIALS_NOTE,
        description=(
            f"Interactive figure: the slices of {zlabel} through a point and their "
            f"tangent lines ({len(path)} frames)."
        ),
    )

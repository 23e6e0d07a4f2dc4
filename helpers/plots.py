"""Figures for the chapters. Each function takes ``ax=None`` and returns the axes.

Colours are fixed by role throughout the book: the x-slice and ∂f/∂x in blue (C0),
the y-slice and ∂f/∂y in orange (C1), the point in black.

The surface figures name their variables with ``names=("x", "y")`` and the function
with ``zlabel="f"``: a loss of two weights is drawn with ``names=("w", "b"),
zlabel="L"``, and every label, title and legend then speaks of w, b and L.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Callable

import matplotlib.pyplot as plt
import numpy as np

from .numeric import (
    difference_errors,
    directional_derivative,
    partial_derivative,
    precision_errors,
)

X_COLOR, Y_COLOR, POINT_COLOR = "C0", "C1", "black"
PLANE_ALPHA = 0.18
"""Opacity of the cutting planes x = x0 and y = y0 in the surface figures."""

DEFAULT_LIM = (-2.0, 2.0)
ZLIM_GRID = 61
"""Points per side of the grid on which the shared z-limits are computed."""


def _vectorized(f: Callable[..., Any]) -> Callable[..., np.ndarray]:
    """Evaluate ``f`` on grids even if it was written for scalars (``math.cos``)."""

    def on_grid(*arrays: np.ndarray) -> np.ndarray:
        try:
            out = np.asarray(f(*arrays), dtype=float)
            if out.shape == np.broadcast(*arrays).shape:
                return out
        except (TypeError, ValueError):
            pass
        return np.vectorize(lambda *a: float(f(*a)))(*arrays)

    return on_grid


def _point2(point: Sequence[float], names: tuple[str, str] = ("x", "y")) -> tuple:
    try:
        p = np.array(point, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"point must be two numbers ({names[0]}, {names[1]}); "
            f"got {type(point).__name__}"
        ) from None
    if p.shape != (2,):
        raise ValueError(
            f"point must be ({names[0]}, {names[1]}); got shape {tuple(p.shape)}"
        )
    if not np.all(np.isfinite(p)):
        raise ValueError(f"point must be finite; got {tuple(float(v) for v in p)}")
    return float(p[0]), float(p[1])


def _names(names: Sequence[str]) -> tuple[str, str]:
    """The two variables' names, checked: two non-empty strings."""
    if (
        isinstance(names, str)
        or len(names) != 2
        or not all(isinstance(n, str) and n for n in names)
    ):
        raise ValueError(
            f"names must be two non-empty strings like ('w', 'b'); got {names!r}"
        )
    return str(names[0]), str(names[1])


def _lim(lim: Sequence[float], name: str) -> tuple[float, float]:
    low, high = (float(v) for v in lim)
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(
            f"{name} must be (low, high) with low < high; got {tuple(lim)}"
        )
    return low, high


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
    xs = np.linspace(*_lim(xlim, "xlim"), ZLIM_GRID)
    ys = np.linspace(*_lim(ylim, "ylim"), ZLIM_GRID)
    gx, gy = np.meshgrid(xs, ys)
    gz = _vectorized(f)(gx, gy)
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


def plot_surface_slices(
    f: Callable[[Any, Any], Any],
    point: Sequence[float],
    *,
    xlim: tuple[float, float] = DEFAULT_LIM,
    ylim: tuple[float, float] = DEFAULT_LIM,
    zlim: tuple[float, float] | None = None,
    names: Sequence[str] = ("x", "y"),
    zlabel: str = "f",
    planes: bool = True,
    ax: Any = None,
    resolution: int = 40,
    tangent_length: float = 0.8,
) -> Any:
    """The surface z = f(x, y), the planes that cut it through ``point``, the slices.

    The blue plane y = y0 cuts the surface along the blue curve (only x varies); its
    tangent's slope is ∂f/∂x(x0, y0). The orange plane x = x0 cuts it along the orange
    curve; its tangent's slope is ∂f/∂y.

    Parameters
    ----------
    f : callable
        ``f(x, y)``, a real function of two variables.
    point : (float, float)
        The point (x0, y0) the slices pass through.
    xlim, ylim : (float, float), optional
        The domain drawn. Pass the same to :func:`plot_slice_tangent` so that all
        panels of a figure show the same domain.
    zlim : (float, float), optional
        The vertical range; by default :func:`surface_zlim` (f's range over the
        domain), which :func:`plot_slice_tangent` also uses by default.
    names : (str, str), optional
        The two variables' names, for labels and titles (``("w", "b")``).
    zlabel : str, optional
        The function's name (``"L"``).
    planes : bool, optional
        Draw the translucent cutting planes (default True).

    Returns
    -------
    matplotlib.axes.Axes
        A 3D axes (created in a new figure when ``ax`` is None).
    """
    xname, yname = _names(names)
    x0, y0 = _point2(point, (xname, yname))
    xlim, ylim = _lim(xlim, "xlim"), _lim(ylim, "ylim")
    zlim = _lim(zlim, "zlim") if zlim is not None else surface_zlim(f, xlim, ylim)
    if ax is None:
        ax = plt.figure(figsize=(5, 4)).add_subplot(projection="3d")
    # Draw in a fixed order (surface, planes, curves, point) rather than by depth:
    # a translucent plane must never hide the slice it cuts.
    ax.computed_zorder = False
    fv = _vectorized(f)
    xs = np.linspace(*xlim, resolution)
    ys = np.linspace(*ylim, resolution)
    gx, gy = np.meshgrid(xs, ys)
    ax.plot_surface(
        gx, gy, fv(gx, gy), cmap="viridis", alpha=0.45, linewidth=0, zorder=1
    )
    z0 = float(f(x0, y0))
    ax.plot(
        xs,
        np.full_like(xs, y0),
        fv(xs, np.full_like(xs, y0)),
        color=X_COLOR,
        lw=2.5,
        label=f"slice {yname} = {y0:.2f}",
        zorder=3,
    )
    ax.plot(
        np.full_like(ys, x0),
        ys,
        fv(np.full_like(ys, x0), ys),
        color=Y_COLOR,
        lw=2.5,
        label=f"slice {xname} = {x0:.2f}",
        zorder=3,
    )
    dfx = partial_derivative(f, (x0, y0), 0)
    dfy = partial_derivative(f, (x0, y0), 1)
    t = np.linspace(-tangent_length, tangent_length, 2)
    ax.plot(
        x0 + t,
        np.full(2, y0),
        z0 + dfx * t,
        color=X_COLOR,
        lw=1.5,
        ls="--",
        label=f"tangent, slope ∂{zlabel}/∂{xname} = {dfx:.2f}",
        zorder=4,
    )
    ax.plot(
        np.full(2, x0),
        y0 + t,
        z0 + dfy * t,
        color=Y_COLOR,
        lw=1.5,
        ls="--",
        label=f"tangent, slope ∂{zlabel}/∂{yname} = {dfy:.2f}",
        zorder=4,
    )
    if planes:
        from mpl_toolkits.mplot3d.art3d import Poly3DCollection

        plane_y, plane_x = cutting_planes((x0, y0), xlim, ylim, zlim)
        for corners, color, label in (
            (plane_y, X_COLOR, f"plane {yname} = {y0:.2f}"),
            (plane_x, Y_COLOR, f"plane {xname} = {x0:.2f}"),
        ):
            plane = Poly3DCollection(
                [corners],
                facecolor=color,
                edgecolor=color,
                alpha=PLANE_ALPHA,
                linewidth=0.8,
                label=label,
                zorder=2,
            )
            ax.add_collection3d(plane)
    ax.scatter([x0], [y0], [z0], color=POINT_COLOR, s=30, depthshade=False, zorder=5)
    ax.set(xlim=xlim, ylim=ylim, zlim=zlim)
    ax.set_xlabel(xname)
    ax.set_ylabel(yname)
    ax.set_zlabel(f"{zlabel}({xname}, {yname})")
    ax.set_title(
        f"slices through ({xname}, {yname}) = ({x0:.2f}, {y0:.2f})", fontsize="medium"
    )
    return ax


def plot_slice_tangent(
    f: Callable[[Any, Any], Any],
    point: Sequence[float],
    wrt: int | str,
    *,
    xlim: tuple[float, float] = DEFAULT_LIM,
    ylim: tuple[float, float] = DEFAULT_LIM,
    zlim: tuple[float, float] | None = None,
    names: Sequence[str] = ("x", "y"),
    zlabel: str = "f",
    half_width: float | None = None,
    ax: Any = None,
) -> Any:
    """One slice of f through ``point`` as a curve, with its tangent line at the point.

    ``wrt`` is 0 or ``"x"`` (or the first of ``names``) for the slice y = y0 (slope
    ∂f/∂x), 1 or ``"y"`` (or the second name) for the slice x = x0 (slope ∂f/∂y).

    The slice spans the same domain as :func:`plot_surface_slices` (``xlim`` for the
    x-slice, ``ylim`` for the y-slice) and the vertical axis its ``zlim`` (by default
    f's range over the whole domain, :func:`surface_zlim`), so that the panels of a
    figure compare. ``half_width`` instead spans the point ± ``half_width``.
    """
    xname, yname = _names(names)
    x0, y0 = _point2(point, (xname, yname))
    aliases = {"x": 0, "y": 1} if (xname, yname) == ("x", "y") else {xname: 0, yname: 1}
    k = aliases.get(wrt, wrt) if isinstance(wrt, str) else wrt
    if isinstance(k, bool) or k not in (0, 1):
        first, second = aliases
        raise ValueError(f"wrt must be 0, 1, {first!r} or {second!r}; got {wrt!r}")
    xlim, ylim = _lim(xlim, "xlim"), _lim(ylim, "ylim")
    zlim = _lim(zlim, "zlim") if zlim is not None else surface_zlim(f, xlim, ylim)
    if ax is None:
        ax = plt.figure(figsize=(4.5, 3.2)).add_subplot()
    fv = _vectorized(f)
    centre = (x0, y0)[k]
    if half_width is not None:
        span = (centre - half_width, centre + half_width)
    else:
        span = (xlim, ylim)[k]
    t = np.linspace(*span, 200)
    curve = fv(t, np.full_like(t, y0)) if k == 0 else fv(np.full_like(t, x0), t)
    slope = partial_derivative(f, (x0, y0), k)
    z0 = float(f(x0, y0))
    if k == 0:
        color, var, fixed = X_COLOR, xname, f"{yname} = {y0:.2f}"
    else:
        color, var, fixed = Y_COLOR, yname, f"{xname} = {x0:.2f}"
    ax.plot(t, curve, color=color, lw=2, label=f"{zlabel} along {var} with {fixed}")
    reach = 0.3 * (span[1] - span[0])
    near = np.array([centre - reach, centre + reach])
    ax.plot(
        near,
        z0 + slope * (near - centre),
        color=color,
        ls="--",
        lw=1.5,
        label=f"tangent, slope ∂{zlabel}/∂{var} = {slope:.2f}",
    )
    ax.plot([centre], [z0], "o", color=POINT_COLOR)
    ax.set(xlim=span, ylim=zlim)
    ax.set_xlabel(var)
    # A short name (f, L) reads upright, like the x label; a long one turns.
    upright = len(zlabel) <= 3
    ax.set_ylabel(zlabel, rotation=0 if upright else 90, labelpad=8 if upright else 4)
    ax.set_title(f"∂{zlabel}/∂{var} = {slope:.2f}", fontsize="medium")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    return ax


def _slope_guide(
    ax: Any,
    steps: np.ndarray,
    errors: np.ndarray,
    order: int,
    color: str,
    label: str,
    *,
    side: str = "below",
    factor: float = 10.0,
) -> None:
    """A dotted line of slope ``order``, a decade away from the data, labelled at its end.

    Over the steps where truncation dominates (h >= 1e-4) the guide runs parallel to
    the curve and at least ``factor`` below it (``side="below"``: its constant is the
    smallest ``error / h**order``, divided by ``factor``) or above it (the largest,
    times ``factor``), so that it never lies on the data.
    """
    big = (steps >= 1e-4) & (errors > 0)
    if big.sum() < 2:
        return
    h = steps[big]
    ratio = errors[big] / h**order
    c = float(ratio.min()) / factor if side == "below" else float(ratio.max()) * factor
    guide = c * h**order
    ax.loglog(h, guide, ":", color=color, lw=1.5, label=label)
    # The label sits at the guide's small-h end, away from the data: under the end of
    # a guide below the data, left of the end of one above it.
    end = int(np.argmin(h))
    ax.annotate(
        f"slope {order}",
        (h[end], guide[end]),
        xytext=(2, -5) if side == "below" else (-4, 0),
        textcoords="offset points",
        ha="left" if side == "below" else "right",
        va="top" if side == "below" else "center",
        color=color,
        fontsize="small",
    )


def plot_difference_errors(
    f: Callable[[float], float],
    df: Callable[[float], float],
    x: float,
    *,
    steps: Sequence[float] | None = None,
    ax: Any = None,
) -> Any:
    """Error of forward and central differences against the step h, on log-log axes.

    Dotted guide lines of slope 1 (a decade above the forward curve) and slope 2 (a
    decade below the central one), labelled at their ends, show the O(h) and O(h²)
    truncation errors; below h ≈ 1e-5 round-off takes over and the errors grow again.
    """
    steps_used, forward, central = difference_errors(f, df, x, steps=steps)
    if ax is None:
        ax = plt.figure(figsize=(8, 3.8)).add_subplot()
    floor = np.finfo(float).tiny
    ax.loglog(
        steps_used,
        np.maximum(forward, floor),
        "o-",
        color="C3",
        ms=3,
        label="forward (f(x+h) - f(x)) / h",
    )
    ax.loglog(
        steps_used,
        np.maximum(central, floor),
        "s-",
        color="C2",
        ms=3,
        label="central (f(x+h) - f(x-h)) / 2h",
    )
    # Above the forward curve and below the central one: the space between the two
    # curves stays free, and neither guide crosses either curve.
    _slope_guide(ax, steps_used, forward, 1, "C3", "slope 1: O(h)", side="above")
    _slope_guide(ax, steps_used, central, 2, "C2", "slope 2: O(h²)", side="below")
    ax.axvspan(1e-6, 1e-5, color="0.85", zorder=0, label="good steps for central")
    return _finish_error_axes(ax)


def _finish_error_axes(ax: Any) -> Any:
    """Labels, range, legend and grid shared by the finite-difference error plots."""
    ax.set_xlabel("step h")
    ax.set_ylabel("absolute error")
    ax.set_ylim(1e-13, 10)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize="small")
    ax.grid(True, which="major", alpha=0.3)
    return ax


def plot_precision_errors(
    f: Callable[[Any], Any],
    df: Callable[[float], float],
    x: float,
    *,
    steps: Sequence[float] | None = None,
    ax: Any = None,
) -> Any:
    """Error of the central difference against h, in float32 and in float64.

    The two curves share the O(h²) truncation error at large h; round-off, which grows
    like eps/h, takes over much earlier in float32 (eps = 1.2e-7) than in float64 (eps =
    2.2e-16). Each curve's best step is marked: near 1e-2..1e-3 in float32, near 1e-5 in
    float64. See :func:`precision_errors` for how f is evaluated in float32.
    """
    steps_used, err32, err64 = precision_errors(f, df, x, steps=steps)
    if ax is None:
        ax = plt.figure(figsize=(8, 3.8)).add_subplot()
    floor = 1e-16
    for errors, color, marker, name in (
        (err32, "C4", "^", "float32"),
        (err64, "C2", "s", "float64"),
    ):
        ax.loglog(
            steps_used,
            np.maximum(errors, floor),
            f"{marker}-",
            color=color,
            ms=3,
            label=f"central difference in {name}",
        )
        best = int(np.argmin(errors))
        ax.plot(
            steps_used[best],
            max(errors[best], floor),
            "o",
            ms=11,
            mfc="none",
            mec=color,
            mew=1.8,
            label=f"best step in {name}: h ≈ {steps_used[best]:.0e}",
        )
    return _finish_error_axes(ax)


def _draw_level_curves(
    ax: Any,
    f: Callable[[Any, Any], Any],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    levels: int,
    resolution: int,
    labels: bool = True,
) -> Any:
    """Level curves of f on ``ax``, spaced evenly in the square root of f's range."""
    xs = np.linspace(*xlim, resolution)
    ys = np.linspace(*ylim, resolution)
    gx, gy = np.meshgrid(xs, ys)
    gz = _vectorized(f)(gx, gy)
    low, high = float(np.nanmin(gz)), float(np.nanmax(gz))
    if high > low:
        values = low + (high - low) * np.linspace(0.0, 1.0, levels + 2)[1:-1] ** 2
    else:
        values = np.array([low])
    contours = ax.contour(gx, gy, gz, levels=values, cmap="viridis")
    if labels:
        ax.clabel(contours, fmt="%.2g", fontsize="small")
    return contours


def plot_level_curves(
    f: Callable[[Any, Any], Any],
    *,
    xlim: tuple[float, float] = DEFAULT_LIM,
    ylim: tuple[float, float] = DEFAULT_LIM,
    names: Sequence[str] = ("x", "y"),
    zlabel: str = "f",
    points: dict[str, Sequence[float]] | None = None,
    levels: int = 12,
    resolution: int = 200,
    ax: Any = None,
) -> Any:
    """The graph of f seen from above: level curves, with labelled points marked.

    Each curve joins the points where f takes one value. The levels are spaced evenly
    in the square root of f's range over the domain, so that a bowl-shaped loss shows
    rings near its bottom as well as far up its sides.

    Parameters
    ----------
    f : callable
        ``f(x, y)``, a real function of two variables.
    xlim, ylim : (float, float), optional
        The domain drawn.
    names : (str, str), optional
        The two variables' names, for the axis labels.
    zlabel : str, optional
        The function's name, for the colour bar.
    points : dict of str to (float, float), optional
        Points to mark, by label: ``{"A": (2.5, -2.0)}``.
    levels : int, optional
        How many level curves.

    Returns
    -------
    matplotlib.axes.Axes
    """
    xname, yname = _names(names)
    xlim, ylim = _lim(xlim, "xlim"), _lim(ylim, "ylim")
    marked = {str(k): _point2(p, (xname, yname)) for k, p in (points or {}).items()}
    if ax is None:
        ax = plt.figure(figsize=(6, 4.4)).add_subplot()
    _draw_level_curves(ax, f, xlim, ylim, levels, resolution)
    for label, (px, py) in marked.items():
        ax.plot(px, py, "o", color=POINT_COLOR, ms=6)
        ax.annotate(
            label,
            (px, py),
            xytext=(6, 6),
            textcoords="offset points",
            fontsize="medium",
            fontweight="bold",
        )
    ax.set(xlim=xlim, ylim=ylim, xlabel=xname, ylabel=yname)
    ax.set_title(f"level curves of {zlabel}({xname}, {yname})", fontsize="medium")
    ax.grid(True, alpha=0.3)
    return ax


# --- directional derivatives (chapter 2) -------------------------------------------

GRADIENT_COLOR, DIRECTION_COLOR = "C3", "C2"
"""The gradient's direction in red, the unit vector u in green."""
TIP = 1.3
"""Where an arrow's name sits, in arrow lengths from the point."""
LABEL_BOX = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8}
"""A light box behind a label drawn over level curves."""


def _angle(angle: Any, name: str = "angle") -> float:
    """An angle in radians, checked: one finite real number."""
    if isinstance(angle, (bool, np.bool_, str, bytes)):
        raise ValueError(f"{name} must be a finite number of radians; got {angle!r}")
    try:
        value = float(angle)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a finite number of radians; got {angle!r}"
        ) from None
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number of radians; got {value}")
    return value


def _degrees(angle: float) -> float:
    """An angle in radians as degrees in [0, 360), with 359.9996 shown as 0."""
    degrees = math.degrees(angle) % 360.0
    return 0.0 if round(degrees) >= 360 else degrees


def _gradient2(f: Callable[[Any, Any], Any], point: tuple[float, float]) -> tuple:
    return (partial_derivative(f, point, 0), partial_derivative(f, point, 1))


class DirectionPanel:
    """Level curves of f, the point, the gradient's direction and the unit vector u.

    Drawn once; :meth:`set_angle` turns u and rewrites the title, so that an
    interactive figure redraws only what moves. :func:`plot_direction` draws one.
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
        levels: int = 12,
        resolution: int = 200,
        title_size: Any = "medium",
        legend: bool = True,
    ) -> None:
        self.names, self.zlabel = _names(names), zlabel
        self.point = _point2(point, self.names)
        xlim, ylim = _lim(xlim, "xlim"), _lim(ylim, "ylim")
        self.ax, self.f, self.title_size = ax, f, title_size
        xname, yname = self.names
        x0, y0 = self.point
        _draw_level_curves(ax, f, xlim, ylim, levels, resolution)
        # Arrows a quarter of the smaller side long, on equal axes so that the angles
        # on screen are the true ones and the gradient meets the level curve at 90°.
        self.length = 0.25 * min(xlim[1] - xlim[0], ylim[1] - ylim[0])
        arrow = dict(angles="xy", scale_units="xy", scale=1.0 / self.length)
        self.gradient = _gradient2(f, self.point)
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
            # Each arrow is named at its tip, so no legend needs to cover the map.
            ax.annotate(
                f"∇{zlabel}",
                (x0 + TIP * self.length * gx, y0 + TIP * self.length * gy),
                color=GRADIENT_COLOR,
                ha="center",
                va="center",
                fontweight="bold",
                bbox=LABEL_BOX,
                zorder=6,
            )
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
        ax.plot(
            [x0],
            [y0],
            "o",
            color=POINT_COLOR,
            ms=6,
            zorder=5,
            label=f"({xname}, {yname}) = ({x0:.2f}, {y0:.2f})",
        )
        ax.set(xlim=xlim, ylim=ylim)
        self.u_label = ax.annotate(
            "u",
            (x0 + TIP * self.length, y0),
            color=DIRECTION_COLOR,
            ha="center",
            va="center",
            fontweight="bold",
            bbox=LABEL_BOX,
            zorder=6,
        )
        ax.set_aspect("equal", adjustable="box")
        ax.set_xlabel(xname)
        ax.set_ylabel(yname)
        ax.grid(True, alpha=0.3)
        if legend:
            ax.legend(loc="lower left", fontsize="small", framealpha=0.85)

    def set_angle(self, angle: float) -> float:
        """Turn u to ``angle`` (radians); returns D_u f at the point."""
        angle = _angle(angle)
        u = (math.cos(angle), math.sin(angle))
        self.arrow.set_UVC([u[0]], [u[1]])
        x0, y0 = self.point
        self.u_label.xy = (x0 + TIP * self.length * u[0], y0 + TIP * self.length * u[1])
        slope = directional_derivative(self.f, self.point, u)
        self.ax.set_title(
            f"D_u {self.zlabel} = {slope:.2f} at angle {_degrees(angle):.0f}°",
            fontsize=self.title_size,
        )
        return slope


def plot_direction(
    f: Callable[[Any, Any], Any],
    point: Sequence[float],
    angle: float,
    *,
    xlim: tuple[float, float] = DEFAULT_LIM,
    ylim: tuple[float, float] = DEFAULT_LIM,
    names: Sequence[str] = ("x", "y"),
    zlabel: str = "f",
    levels: int = 12,
    ax: Any = None,
) -> Any:
    """Level curves of f, the point, the unit vector u at ``angle`` and ∇f's direction.

    u = (cos angle, sin angle) is the thick green arrow; the thinner red arrow points
    along the gradient (by central differences), across the level curves. The title
    gives the rate of change along u: ``D_u f = 0.42 at angle 30°``.

    Parameters
    ----------
    f : callable
        ``f(x, y)``, a real function of two variables.
    point : (float, float)
        Where the arrows start.
    angle : float
        The direction of u, in radians from the first axis.
    xlim, ylim : (float, float), optional
        The domain drawn (with equal scales, so that angles show true).
    names : (str, str), optional
        The two variables' names, for the axis labels and the legend.
    zlabel : str, optional
        The function's name, for the title and the legend.
    levels : int, optional
        How many level curves.

    Returns
    -------
    matplotlib.axes.Axes
    """
    angle = _angle(angle)
    if ax is None:
        ax = plt.figure(figsize=(5, 4.6)).add_subplot()
    panel = DirectionPanel(
        ax, f, point, xlim=xlim, ylim=ylim, names=names, zlabel=zlabel, levels=levels
    )
    panel.set_angle(angle)
    return ax


class DirectionalCurvePanel:
    """D_u f at one point against the angle of u, with its maximum and zeros marked.

    The curve is a cosine: ‖∇f‖ cos(θ - θ*), largest along the gradient (θ*) and zero
    along the level curve (θ* ± 90°). Drawn once; :meth:`set_angle` moves the mark of
    the current angle. :func:`plot_directional_curve` draws one.
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
        title_size: Any = "medium",
    ) -> None:
        xname, yname = _names(names)
        self.point = _point2(point, (xname, yname))
        self.ax, self.f, self.zlabel = ax, f, zlabel
        self.degrees = np.arange(0.0, 360.0, self.STEP)
        self.values = np.array(
            [self._slope(math.radians(d)) for d in self.degrees], dtype=float
        )
        ax.axhline(0.0, color="0.5", lw=0.8)
        ax.plot(
            self.degrees,
            self.values,
            color=DIRECTION_COLOR,
            lw=2,
            label=f"D_u {zlabel}",
        )
        gradient = _gradient2(f, self.point)
        norm = math.hypot(*gradient)
        self.norm = norm
        self.top = None
        if norm > 0:
            top = math.degrees(math.atan2(gradient[1], gradient[0])) % 360.0
            self.top = top
            ax.plot(
                [top],
                [self._slope(math.radians(top))],
                "^",
                color=GRADIENT_COLOR,
                ms=9,
                zorder=4,
            )
            ax.annotate(
                f"max ‖∇{zlabel}‖ = {norm:.2f}\nat {top:.0f}° (∇{zlabel})",
                (top, norm),
                xytext=(0, 8),
                textcoords="offset points",
                # Kept inside the axes near either end of the angle axis.
                ha="left" if top < 45 else "right" if top > 315 else "center",
                va="bottom",
                color=GRADIENT_COLOR,
            )
            for zero in sorted(((top + 90.0) % 360.0, (top - 90.0) % 360.0)):
                ax.plot(
                    [zero],
                    [self._slope(math.radians(zero))],
                    "o",
                    color="0.3",
                    ms=7,
                    zorder=4,
                )
                ax.annotate(
                    f"0 at {zero:.0f}°",
                    (zero, 0.0),
                    xytext=(-4, 6) if zero > 300 else (4, 6),
                    textcoords="offset points",
                    ha="right" if zero > 300 else "left",
                    va="bottom",
                    color="0.25",
                )
        (self.mark,) = ax.plot([], [], "o", color=POINT_COLOR, ms=7, zorder=5)
        self.line = ax.axvline(0.0, color=POINT_COLOR, ls="--", lw=1, visible=False)
        reach = max(norm, 1e-12)
        ax.set(xlim=(0.0, 360.0), ylim=(-1.45 * reach, 1.6 * reach))
        ax.set_xticks(np.arange(0, 361, 90))
        ax.set_xlabel("angle of u (°)")
        upright = len(zlabel) <= 3
        ax.set_ylabel(
            f"D_u {zlabel}",
            rotation=0 if upright else 90,
            labelpad=14 if upright else 4,
        )
        ax.set_title(
            f"D_u {zlabel} at ({xname}, {yname}) = "
            f"({self.point[0]:.2f}, {self.point[1]:.2f})",
            fontsize=title_size,
        )
        ax.grid(True, alpha=0.3)

    def _slope(self, angle: float) -> float:
        return directional_derivative(
            self.f, self.point, (math.cos(angle), math.sin(angle))
        )

    def set_angle(self, angle: float | None) -> None:
        """Mark ``angle`` (radians) on the curve, or nothing for None."""
        if angle is None:
            self.mark.set_data([], [])
            self.line.set_visible(False)
            return
        angle = _angle(angle)
        degrees = _degrees(angle)
        self.mark.set_data([degrees], [self._slope(angle)])
        self.line.set_xdata([degrees, degrees])
        self.line.set_visible(True)


def plot_directional_curve(
    f: Callable[[Any, Any], Any],
    point: Sequence[float],
    angle: float | None = None,
    *,
    names: Sequence[str] = ("x", "y"),
    zlabel: str = "f",
    ax: Any = None,
) -> Any:
    """D_u f(point) against the angle θ of u = (cos θ, sin θ), θ from 0° to 360°.

    Computed with :func:`~helpers.numeric.directional_derivative` every degree. The
    curve is a cosine: its maximum, ‖∇f‖, lies in the gradient's direction (marked
    and labelled), and it is zero 90° either side, along the level curve (both zeros
    marked). ``angle`` (radians), if given, is marked with a dot and a dashed line.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if angle is not None:
        angle = _angle(angle)
    if ax is None:
        ax = plt.figure(figsize=(6, 3.6)).add_subplot()
    panel = DirectionalCurvePanel(ax, f, point, names=names, zlabel=zlabel)
    panel.set_angle(angle)
    return ax


# --- gradients and gradient descent (chapter 3) -----------------------------------

PATH_COLOR = "C3"
"""Gradient-descent paths in red, like the gradient's arrows."""


def grid_gradient(
    f: Callable[[Any, Any], Any], gx: np.ndarray, gy: np.ndarray, h: float = 1e-5
) -> tuple[np.ndarray, np.ndarray]:
    """∇f on a grid by central differences: the two partial derivatives, each gx's shape."""
    on_grid = _vectorized(f)
    dx = (on_grid(gx + h, gy) - on_grid(gx - h, gy)) / (2 * h)
    dy = (on_grid(gx, gy + h) - on_grid(gx, gy - h)) / (2 * h)
    return dx, dy


def _count(value: Any, name: str, low: int = 1) -> int:
    """A whole number of at least ``low``, checked (``True`` is not a count)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be a whole number; got {value!r}")
    if value < low:
        raise ValueError(f"{name} must be at least {low}; got {int(value)}")
    return int(value)


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
    scaled to the grid's spacing. The gradients are central differences.

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
        Arrows per side of the grid.
    levels : int, optional
        How many level curves.

    Returns
    -------
    matplotlib.axes.Axes
    """
    xname, yname = _names(names)
    xlim, ylim = _lim(xlim, "xlim"), _lim(ylim, "ylim")
    arrows = _count(arrows, "arrows", 2)
    if ax is None:
        ax = plt.figure(figsize=(5, 4.6)).add_subplot()
    # Unlabelled curves: the arrows need the room.
    _draw_level_curves(ax, f, xlim, ylim, levels, resolution, labels=False)
    # One spacing on both axes, ``arrows`` along the longer side, centred.
    spacing = max(xlim[1] - xlim[0], ylim[1] - ylim[0]) / arrows
    xs = _centred(xlim, spacing)
    ys = _centred(ylim, spacing)
    gx, gy = np.meshgrid(xs, ys)
    dx, dy = grid_gradient(f, gx, gy)
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
    ax.set_title(f"∇{zlabel} over the level curves of {zlabel}", fontsize="medium")
    ax.grid(True, alpha=0.3)
    return ax


def _centred(lim: tuple[float, float], spacing: float) -> np.ndarray:
    """Grid points ``spacing`` apart, centred in ``lim``, half a spacing from its ends."""
    n = max(1, int(round((lim[1] - lim[0]) / spacing)))
    middle = 0.5 * (lim[0] + lim[1])
    return middle + spacing * (np.arange(n) - 0.5 * (n - 1))


DIVERGED = 1e8
"""A descent path stops once |f| exceeds this many times its start (or 1): diverged."""


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
    point = np.array(_point2(start, _names(names)))
    lr = float(lr)
    if not (np.isfinite(lr) and lr >= 0):
        raise ValueError(f"lr must be a number >= 0; got {lr}")
    n_steps = _count(n_steps, "n_steps", 0)
    limit = DIVERGED * max(1.0, abs(float(f(*point))))
    path = [point]
    for _ in range(n_steps):
        point = point - lr * np.array(_gradient2(f, tuple(point)))
        value = float(f(*point))
        if not np.isfinite(value) or abs(value) > limit:
            break
        path.append(point)
    return np.array(path)


class DescentPanels:
    """The path of gradient descent over the level curves, beside f along the path.

    The level curves and the axes are drawn once; :meth:`set_lr` recomputes the path
    for a learning rate and moves the lines, so that an interactive figure redraws
    only what changes. :func:`plot_descent` draws one learning rate.
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
        resolution: int = 160,
        title_size: Any = "medium",
    ) -> None:
        self.names = _names(names)
        self.start = _point2(start, self.names)
        self.n_steps = _count(n_steps, "n_steps", 1)
        xlim, ylim = _lim(xlim, "xlim"), _lim(ylim, "ylim")
        self.f, self.zlabel, self.title_size = f, zlabel, title_size
        self.axpath, self.axloss = axpath, axloss
        xname, yname = self.names
        _draw_level_curves(axpath, f, xlim, ylim, levels, resolution)
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
        axloss.set_ylabel(f"{zlabel} at step k")
        axloss.grid(True, alpha=0.3)

    def set_lr(self, lr: float) -> np.ndarray:
        """Draw the path for the learning rate ``lr``; returns its points."""
        path = descent_path(self.f, self.start, lr, self.n_steps, names=self.names)
        values = np.abs([float(self.f(*p)) for p in path])
        self.line.set_data(path[:, 0], path[:, 1])
        self.values.set_data(np.arange(len(path)), values)
        steps = len(path) - 1
        if steps < self.n_steps:
            outcome = f"diverges: |{self.zlabel}| > {values[-1]:.0e} by step {steps}"
        elif values[-1] > values[0]:
            outcome = f"{self.zlabel} grows to {values[-1]:.2g} in {steps} steps"
        else:
            outcome = f"{self.zlabel} = {values[-1]:.2g} after {steps} steps"
        self.axpath.set_title(f"learning rate η = {lr:.3g}", fontsize=self.title_size)
        self.axloss.set_title(outcome, fontsize=self.title_size)
        return path


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
    axes: Any = None,
) -> Any:
    """Gradient descent on f from ``start`` with learning rate ``lr``, in two panels.

    Left, the path over f's level curves (equal scales); right, f at each step on a
    log scale (its absolute value, if f can be negative). A path that diverges stops
    once f exceeds ``DIVERGED`` times its start, and the title says so.

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
    axes : (Axes, Axes), optional
        Where to draw the path and the values.

    Returns
    -------
    (matplotlib.axes.Axes, matplotlib.axes.Axes)
    """
    if axes is None:
        fig = plt.figure(figsize=(8, 3.4), layout="constrained")
        axes = fig.subplots(1, 2, width_ratios=(1.2, 1.0))
    panels = DescentPanels(
        axes[0],
        axes[1],
        f,
        start,
        n_steps=n_steps,
        xlim=xlim,
        ylim=ylim,
        names=names,
        zlabel=zlabel,
    )
    panels.set_lr(lr)
    return axes


# --- classification (chapter 4) ----------------------------------------------------

CLASS_COLORS = ("C0", "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9")
"""Class k (label k - 1 in code) has colour ``CLASS_COLORS[k - 1]`` in every figure."""
CLASS_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")
"""and its own marker, so that the classes differ without colour too."""
REGION_LIGHTNESS = 0.72
"""How far each region's colour is mixed towards white: the points stay readable."""


def _points_2d(X: Any, name: str = "X") -> np.ndarray:
    """``X`` as a new float64 (N, 2) array, or a message naming its shape."""
    try:
        arr = np.array(X, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be an array of shape (N, 2), one point per row; got "
            f"{type(X).__name__}"
        ) from None
    if arr.ndim != 2 or arr.shape[1] != 2 or arr.shape[0] == 0:
        raise ValueError(
            f"{name} must be an array of shape (N, 2), one point per row; got shape "
            f"{tuple(arr.shape)}"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must hold finite numbers only")
    return arr


def _class_labels(labels: Any, n: int, n_classes: int | None) -> tuple[np.ndarray, int]:
    """Integer labels of shape (n,) and the number of classes K they use."""
    try:
        arr = np.array(labels, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"labels must be an array of {n} integer class labels; got "
            f"{type(labels).__name__}"
        ) from None
    if arr.shape != (n,):
        raise ValueError(
            f"labels must have shape ({n},), one label per row of X; got shape "
            f"{tuple(arr.shape)}"
        )
    if not np.all(np.isfinite(arr) & (arr == np.round(arr)) & (arr >= 0)):
        raise ValueError("labels must be whole numbers 0, ..., K - 1")
    found = int(arr.max()) + 1
    if n_classes is None:
        n_classes = found
    elif isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)):
        raise TypeError(f"n_classes must be an integer; got {n_classes!r}")
    elif n_classes < found:
        raise ValueError(
            f"labels go up to {found - 1}, so n_classes must be at least {found}; got "
            f"{int(n_classes)}"
        )
    if not 1 <= n_classes <= len(CLASS_COLORS):
        raise ValueError(
            f"n_classes must be from 1 to {len(CLASS_COLORS)}; got {int(n_classes)}"
        )
    return arr.astype(np.int64), int(n_classes)


def predicted_classes(out: Any, m: int, n_classes: int) -> np.ndarray:
    """What ``predict`` returned for ``m`` points, as integer classes of shape (m,).

    ``out`` holds either ``m`` class labels or an (m, K) array of class probabilities
    (or scores), of which each row's largest wins.
    """
    try:
        arr = np.array(out, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"predict must return an array of {m} class labels or of shape ({m}, K); "
            f"got {type(out).__name__}"
        ) from None
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
        legend: bool = True,
    ) -> None:
        X = _points_2d(X)
        self.labels, self.n_classes = _class_labels(labels, len(X), n_classes)
        self.X, self.ax = X, ax
        xname, yname = _names(names)
        self.xlim = _padded_lim(X[:, 0]) if xlim is None else _lim(xlim, "xlim")
        self.ylim = _padded_lim(X[:, 1]) if ylim is None else _lim(ylim, "ylim")
        if isinstance(resolution, bool) or not isinstance(resolution, int):
            raise TypeError(f"resolution must be an integer; got {resolution!r}")
        if resolution < 2:
            raise ValueError(f"resolution must be at least 2; got {resolution}")
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
        if legend:  # beside the axes: inside, it would hide points and regions
            ax.legend(
                loc="upper left",
                bbox_to_anchor=(1.02, 1.0),
                fontsize="small",
                borderaxespad=0.0,
            )

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

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError, ValueError
        For an ``X`` that is not (N, 2), ``labels`` of another length, or a
        ``predict`` returning something else than classes or probabilities.
    """
    X = _points_2d(X)
    _class_labels(labels, len(X), n_classes)  # bad input fails before a figure opens
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
    )
    panel.set_predict(predict)
    if title is None:
        title = f"decision regions (accuracy {panel.accuracy(predict):.1%})"
    ax.set_title(title, fontsize="medium")
    return ax


def _losses(losses: Any) -> np.ndarray:
    try:
        arr = np.array(losses, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"losses must be a sequence of numbers; got {type(losses).__name__}"
        ) from None
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(
            f"losses must be a non-empty 1-D sequence, one loss per step; got shape "
            f"{tuple(arr.shape)}"
        )
    if not np.all(np.isfinite(arr)):
        i = int(np.flatnonzero(~np.isfinite(arr))[0])
        raise ValueError(
            f"losses must be finite; losses[{i}] is {arr[i]} (did training diverge?)"
        )
    return arr


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
    values = _losses(losses)
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
        fontsize="small",
    )
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.3)
    if label is not None:
        ax.legend(fontsize="small")
    return ax


# --- linear regression (chapter 5) -------------------------------------------------

FIT_COLOR, LEAST_SQUARES_COLOR = "C0", "C3"
"""The line of gradient descent in blue, the least-squares line dashed in red."""


def _regression_points(x: Any, t: Any) -> tuple[np.ndarray, np.ndarray]:
    """One input and one target per sample: two finite flat arrays of one length."""
    arrays = []
    for name, v in (("x", x), ("t", t)):
        try:
            a = np.array(v, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(
                f"{name} must be an array of numbers; got {type(v).__name__}"
            ) from None
        if a.ndim == 2 and a.shape[1] == 1:
            a = a[:, 0]  # a column (N, 1), as X and T are with one feature/output
        if a.ndim != 1 or a.size == 0:
            raise ValueError(
                f"{name} must have shape (N,) or (N, 1); got shape {a.shape}"
            )
        if not np.all(np.isfinite(a)):
            raise ValueError(f"{name} must be finite")
        arrays.append(a)
    if arrays[0].shape != arrays[1].shape:
        raise ValueError(
            f"x and t must have one entry per sample; got {arrays[0].size} and "
            f"{arrays[1].size}"
        )
    return arrays[0], arrays[1]


def _history(history: Any) -> np.ndarray:
    """The weights (w, b) after each step: a finite array of shape (S + 1, 2)."""
    try:
        h = np.array(history, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"history must be an array of (w, b) pairs; got {type(history).__name__}"
        ) from None
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
    if isinstance(step, (bool, np.bool_)) or not isinstance(step, (int, np.integer)):
        raise ValueError(f"step must be a whole number; got {step!r}")
    if not -n <= step < n:
        raise ValueError(f"step must be between 0 and {n - 1}; got {step}")
    return int(step) % n


def regression_losses(x: Any, t: Any, history: Any) -> np.ndarray:
    """The mean squared error (1/N) Σ (w xᵢ + b - tᵢ)² of each (w, b) of ``history``."""
    x, t = _regression_points(x, t)
    h = _history(history)
    return np.mean((h[:, :1] * x + h[:, 1:] - t) ** 2, axis=1)


class RegressionFitPanel:
    """The data (xᵢ, tᵢ), the least-squares line, and the line y = w x + b of a step.

    Drawn once; :meth:`set_step` moves the line to the weights after that step of
    ``history`` and rewrites the title. :func:`plot_regression_fit` draws one.
    """

    def __init__(
        self,
        ax: Any,
        x: Any,
        t: Any,
        history: Any,
        *,
        best: Sequence[float] | None = None,
        title_size: Any = "medium",
    ) -> None:
        self.x, self.t = _regression_points(x, t)
        self.history = _history(history)
        self.ax, self.title_size = ax, title_size
        pad = 0.1 * (self.x.max() - self.x.min() or 1.0)
        self.xs = np.array([self.x.min() - pad, self.x.max() + pad])
        ax.plot(self.x, self.t, "o", color="0.35", ms=5, label="data (xᵢ, tᵢ)")
        if best is not None:
            w_ls, b_ls = _point2(best, ("w", "b"))
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
        ax.legend(loc="best", fontsize="small", framealpha=0.85)

    def set_step(self, step: int) -> tuple[float, float]:
        """Show the line after ``step`` steps; returns its (w, b)."""
        k = _step_index(step, len(self.history))
        w, b = (float(v) for v in self.history[k])
        self.line.set_data(self.xs, w * self.xs + b)
        self.ax.set_title(
            f"step {k}: y = {w:.2f} x {_signed(b)}", fontsize=self.title_size
        )
        return w, b


def _signed(b: float) -> str:
    """``+ 0.50`` or ``- 0.50``: the intercept of a line written out."""
    return f"- {abs(b):.2f}" if b < 0 else f"+ {b:.2f}"


def plot_regression_fit(
    x: Any,
    t: Any,
    history: Any,
    step: int = -1,
    *,
    best: Sequence[float] | None = None,
    ax: Any = None,
) -> Any:
    """A line fitted to data with one input and one output, after a step of descent.

    Parameters
    ----------
    x, t : array_like
        Inputs and targets, shape (N,) or (N, 1).
    history : array_like
        The weights (w, b) after each step of gradient descent, shape (S + 1, 2)
        (row 0 the start), or a single (w, b).
    step : int, optional
        Which row of ``history`` to draw (by default the last).
    best : (float, float), optional
        The least-squares (w, b), drawn as a dashed line.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if ax is None:
        ax = plt.figure(figsize=(6, 4)).add_subplot()
    RegressionFitPanel(ax, x, t, history, best=best).set_step(step)
    return ax


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
        title_size: Any = "medium",
    ) -> None:
        try:
            self.losses = np.array(losses, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(
                f"losses must be an array of numbers; got {type(losses).__name__}"
            ) from None
        if self.losses.ndim != 1 or self.losses.size == 0:
            raise ValueError(
                f"losses must have shape (steps + 1,); got shape {self.losses.shape}"
            )
        if not np.all(np.isfinite(self.losses) & (self.losses > 0)):
            raise ValueError("losses must be finite and positive (a log scale)")
        self.ax, self.title_size = ax, title_size
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
        ax.legend(loc="upper right", fontsize="small", framealpha=0.85)

    def set_step(self, step: int) -> float:
        """Mark the loss after ``step`` steps; returns it."""
        k = _step_index(step, self.losses.size)
        value = float(self.losses[k])
        self.mark.set_data([k], [value])
        self.ax.set_title(f"L = {value:.4f} after {k} steps", fontsize=self.title_size)
        return value


def plot_regression_loss(
    losses: Any,
    step: int | None = None,
    *,
    best: float | None = None,
    ax: Any = None,
) -> Any:
    """The loss after each step of gradient descent (log scale), from step 0.

    Parameters
    ----------
    losses : array_like
        Shape (S + 1,): the loss at the start and after each of S steps.
    step : int, optional
        A step to mark with a dot (and name in the title).
    best : float, optional
        The least-squares loss, drawn as a dashed line.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if ax is None:
        ax = plt.figure(figsize=(6, 3.6)).add_subplot()
    panel = RegressionLossPanel(ax, losses, best=best)
    if step is not None:
        panel.set_step(step)
    else:
        ax.set_title(f"L from {panel.losses[0]:.4f} to {panel.losses[-1]:.4f}")
    return ax


# --- the computational graph of a network with one hidden layer (chapter 6) -------

GRAPH_NODES = (
    # name, label, (x, y) position, shape below it, kind
    ("x", "x", (0.0, 0.0), "D", "value"),
    ("lin1", "W⁽¹⁾x + b⁽¹⁾", (1.6, 0.0), "", "op"),
    ("W1", "W⁽¹⁾", (0.5, 1.2), "H × D", "param"),
    ("b1", "b⁽¹⁾", (2.7, 1.2), "H", "param"),
    ("z", "z", (3.2, 0.0), "H", "value"),
    ("act", "σ( · )", (4.4, 0.0), "", "op"),
    ("h", "h", (5.6, 0.0), "H", "value"),
    ("lin2", "W⁽²⁾h + b⁽²⁾", (7.2, 0.0), "", "op"),
    ("W2", "W⁽²⁾", (6.1, 1.2), "M × H", "param"),
    ("b2", "b⁽²⁾", (8.3, 1.2), "M", "param"),
    ("y", "y", (8.8, 0.0), "M", "value"),
    ("loss", "‖y − t‖²", (10.0, 0.0), "", "op"),
    ("t", "t", (10.0, 1.2), "M", "value"),
    ("L", "L", (11.2, 0.0), "1", "value"),
)
GRAPH_EDGES = (
    ("x", "lin1"),
    ("W1", "lin1"),
    ("b1", "lin1"),
    ("lin1", "z"),
    ("z", "act"),
    ("act", "h"),
    ("h", "lin2"),
    ("W2", "lin2"),
    ("b2", "lin2"),
    ("lin2", "y"),
    ("y", "loss"),
    ("t", "loss"),
    ("loss", "L"),
)
GRAPH_GRADIENTS = {
    "y": r"$2(\mathbf{y} - \mathbf{t})$",
    "h": r"$\mathbf{W}^{(2)\top} \nabla_{\mathbf{y}} L$",
    "z": r"$\nabla_{\mathbf{h}} L \circ \sigma'(\mathbf{z})$",
    "W2": r"$\nabla_{\mathbf{y}} L\, \mathbf{h}^\top$",
    "b2": r"$\nabla_{\mathbf{y}} L$",
    "W1": r"$\nabla_{\mathbf{z}} L\, \mathbf{x}^\top$",
    "b1": r"$\nabla_{\mathbf{z}} L$",
}
"""The gradient of L at each node, as the backward pass computes it."""


def plot_computational_graph(
    ax: Any = None,
    *,
    backward: bool = True,
    activation: str = "σ",
    loss: str = "‖y − t‖²",
) -> Any:
    """The computational graph of the network with one hidden layer.

    Values (round), parameters (square, shaded) and operations (rounded boxes) are
    joined by the arrows of the forward pass; under each value its shape. With
    ``backward``, each node also carries, in red, the gradient of ``L`` that the
    backward pass computes there.

    Parameters
    ----------
    backward : bool, optional
        Write the backward pass's gradients at the nodes.
    activation : str, optional
        The activation's name in its box (``"σ"``, ``"tanh"``, ``"ReLU"``).
    loss : str, optional
        The loss's formula in its box.

    Returns
    -------
    matplotlib.axes.Axes
    """
    for value, what in ((activation, "activation"), (loss, "loss")):
        if not isinstance(value, str) or not value:
            raise TypeError(f"{what} must be a non-empty string; got {value!r}")
    if ax is None:
        ax = plt.figure(figsize=(11, 3.6)).add_subplot()
    where = {name: xy for name, _, xy, _, _ in GRAPH_NODES}
    styles = {
        "value": dict(boxstyle="circle,pad=0.35", fc="white", ec="black"),
        "param": dict(boxstyle="square,pad=0.35", fc="0.88", ec="black"),
        "op": dict(boxstyle="round,pad=0.4", fc="#dbe9f6", ec="C0"),
    }
    labels = {"act": f"{activation}( · )", "loss": loss}
    for name, label, (x, y), shape, kind in GRAPH_NODES:
        ax.text(
            x,
            y,
            labels.get(name, label),
            ha="center",
            va="center",
            fontsize="x-large" if kind != "op" else "large",
            bbox=styles[kind],
            zorder=3,
        )
        if shape and y > 0:  # above the main line: the shape beside the node
            ax.text(x + 0.42, y, shape, ha="left", va="center", fontsize="medium")
        elif shape:
            ax.text(x, y - 0.45, shape, ha="center", va="top", fontsize="medium")
        if backward and name in GRAPH_GRADIENTS:
            dy = 0.45 if kind == "param" else -0.85
            ax.text(
                x,
                y + dy,
                GRAPH_GRADIENTS[name],
                ha="center",
                va="bottom" if kind == "param" else "top",
                fontsize="large",
                color="C3",
            )
    for start, end in GRAPH_EDGES:
        ax.annotate(
            "",
            xy=where[end],
            xytext=where[start],
            arrowprops=dict(
                arrowstyle="-|>", color="0.25", shrinkA=16, shrinkB=20, lw=1.2
            ),
            zorder=2,
        )
    ax.set(xlim=(-0.6, 11.8), ylim=(-1.5, 2.0))
    ax.set_aspect("equal")
    ax.axis("off")
    title = "forward pass (arrows) and the shapes of the nodes"
    if backward:
        title += "; in red, the gradient of L at each node"
    ax.set_title(title, fontsize="large")
    return ax

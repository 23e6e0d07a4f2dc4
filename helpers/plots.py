"""Figures for the chapters. Each function takes ``ax=None`` and returns the axes.

Colours are fixed by role throughout the book: the x-slice and ∂f/∂x in blue (C0),
the y-slice and ∂f/∂y in orange (C1), the point in black.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Callable

import matplotlib.pyplot as plt
import numpy as np

from .numeric import as_float_array, difference_errors, partial_derivative

X_COLOR, Y_COLOR, POINT_COLOR = "C0", "C1", "black"


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


def _point2(point: Sequence[float]) -> tuple[float, float]:
    p = as_float_array(point, "point")
    if p.shape != (2,):
        raise ValueError(f"point must be (x, y); got shape {p.shape}")
    return float(p[0]), float(p[1])


def plot_surface_slices(
    f: Callable[[Any, Any], Any],
    point: Sequence[float],
    *,
    xlim: tuple[float, float] = (-2.0, 2.0),
    ylim: tuple[float, float] = (-2.0, 2.0),
    ax: Any = None,
    resolution: int = 40,
    tangent_length: float = 0.8,
) -> Any:
    """The surface z = f(x, y) with the two slices through ``point`` and their tangents.

    The blue curve is the slice y = y0 (only x varies); its tangent's slope is
    ∂f/∂x(x0, y0). The orange curve is the slice x = x0; its tangent's slope is ∂f/∂y.

    Returns
    -------
    matplotlib.axes.Axes
        A 3D axes (created in a new figure when ``ax`` is None).
    """
    x0, y0 = _point2(point)
    if ax is None:
        ax = plt.figure(figsize=(5, 4)).add_subplot(projection="3d")
    fv = _vectorized(f)
    xs = np.linspace(*xlim, resolution)
    ys = np.linspace(*ylim, resolution)
    gx, gy = np.meshgrid(xs, ys)
    ax.plot_surface(gx, gy, fv(gx, gy), cmap="viridis", alpha=0.45, linewidth=0)
    z0 = float(f(x0, y0))
    ax.plot(
        xs,
        np.full_like(xs, y0),
        fv(xs, np.full_like(xs, y0)),
        color=X_COLOR,
        lw=2.5,
        label=f"slice y = {y0:.2f}",
    )
    ax.plot(
        np.full_like(ys, x0),
        ys,
        fv(np.full_like(ys, x0), ys),
        color=Y_COLOR,
        lw=2.5,
        label=f"slice x = {x0:.2f}",
    )
    dfx = partial_derivative(f, (x0, y0), 0)
    dfy = partial_derivative(f, (x0, y0), 1)
    t = np.linspace(-tangent_length, tangent_length, 2)
    ax.plot(x0 + t, np.full(2, y0), z0 + dfx * t, color=X_COLOR, lw=1.5, ls="--")
    ax.plot(np.full(2, x0), y0 + t, z0 + dfy * t, color=Y_COLOR, lw=1.5, ls="--")
    ax.scatter([x0], [y0], [z0], color=POINT_COLOR, s=30, depthshade=False)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_zlabel("f(x, y)")
    ax.set_title(f"slices through ({x0:.2f}, {y0:.2f})", fontsize="medium")
    return ax


def plot_slice_tangent(
    f: Callable[[Any, Any], Any],
    point: Sequence[float],
    wrt: int | str,
    *,
    half_width: float = 2.0,
    ax: Any = None,
) -> Any:
    """One slice of f through ``point`` as a curve, with its tangent line at the point.

    ``wrt`` is 0 or ``"x"`` for the slice y = y0 (slope ∂f/∂x), 1 or ``"y"`` for the
    slice x = x0 (slope ∂f/∂y).
    """
    x0, y0 = _point2(point)
    k = {"x": 0, "y": 1}.get(wrt, wrt) if isinstance(wrt, str) else wrt
    if k not in (0, 1):
        raise ValueError(f"wrt must be 0, 1, 'x' or 'y'; got {wrt!r}")
    if ax is None:
        ax = plt.figure(figsize=(4.5, 3.2)).add_subplot()
    fv = _vectorized(f)
    centre = (x0, y0)[k]
    t = np.linspace(centre - half_width, centre + half_width, 200)
    curve = fv(t, np.full_like(t, y0)) if k == 0 else fv(np.full_like(t, x0), t)
    slope = partial_derivative(f, (x0, y0), k)
    z0 = float(f(x0, y0))
    if k == 0:
        color, var, fixed = X_COLOR, "x", f"y = {y0:.2f}"
    else:
        color, var, fixed = Y_COLOR, "y", f"x = {x0:.2f}"
    ax.plot(t, curve, color=color, lw=2, label=f"f along {var} with {fixed}")
    near = np.linspace(centre - 0.6 * half_width, centre + 0.6 * half_width, 2)
    ax.plot(
        near,
        z0 + slope * (near - centre),
        color=color,
        ls="--",
        lw=1.5,
        label=f"tangent, slope ∂f/∂{var} = {slope:.2f}",
    )
    ax.plot([centre], [z0], "o", color=POINT_COLOR)
    ax.set_xlabel(var)
    ax.set_ylabel("f")
    ax.legend(loc="best", fontsize="small")
    return ax


def plot_difference_errors(
    f: Callable[[float], float],
    df: Callable[[float], float],
    x: float,
    *,
    steps: Sequence[float] | None = None,
    ax: Any = None,
) -> Any:
    """Error of forward and central differences against the step h, on log-log axes.

    Dotted guide lines of slope 1 and 2 show the O(h) and O(h²) truncation errors;
    below h ≈ 1e-5 round-off takes over and the errors grow again.
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
    big = steps_used >= 1e-4
    h_ref = steps_used[big]
    ax.loglog(
        h_ref,
        forward[big][0] * h_ref / h_ref[0],
        ":",
        color="C3",
        label="slope 1: O(h)",
    )
    ax.loglog(
        h_ref,
        central[big][0] * (h_ref / h_ref[0]) ** 2,
        ":",
        color="C2",
        label="slope 2: O(h²)",
    )
    ax.axvspan(1e-6, 1e-5, color="0.85", zorder=0, label="good steps for central")
    ax.set_xlabel("step h")
    ax.set_ylabel("absolute error")
    ax.set_ylim(1e-13, 10)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize="small")
    ax.grid(True, which="major", alpha=0.3)
    return ax

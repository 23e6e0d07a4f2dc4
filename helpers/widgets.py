"""Interactive figures that work with a kernel and without one.

In a live kernel (JupyterLab, Colab) a figure is driven by ipywidgets sliders. On the
static website there is no kernel, so the same figure also carries a precomputed
frame player (matplotlib's JavaScript animation) that the reader can drag. Both
travel in one display bundle: a live front end shows the widget, the website shows
the player, and neither ever shows a dead slider.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
from collections.abc import Sequence
from html import escape
from typing import Any, Callable

import numpy as np
from matplotlib import rc_context
from matplotlib.animation import FuncAnimation
from matplotlib.figure import Figure

from .numeric import partial_derivative
from .plots import POINT_COLOR, X_COLOR, Y_COLOR, _vectorized

WIDGET_MIMETYPE = "application/vnd.jupyter.widget-view+json"


class InteractiveFigure:
    """A live ipywidgets control plus a static frame player for the same figure.

    Attributes
    ----------
    widget : ipywidgets.Widget or None
        The live control (None when ipywidgets cannot be used).
    html : str
        The frame player, self-contained HTML and JavaScript.
    description : str
        One deterministic line, shown where neither can be displayed.
    """

    def __init__(self, widget: Any, html: str, description: str) -> None:
        self.widget = widget
        self.html = html
        self.description = description

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        bundle = {"text/plain": self.description, "text/html": self.html}
        model_id = getattr(self.widget, "model_id", None)
        if model_id:
            bundle[WIDGET_MIMETYPE] = {
                "version_major": 2,
                "version_minor": 0,
                "model_id": model_id,
            }
        return bundle

    def __repr__(self) -> str:
        return self.description


class PartialsFigure:
    """Surface with slices, and each slice with its tangent, redrawn in place.

    The figure and the surface are built once; moving the point only updates the
    curves, tangents and titles. That keeps both the sliders and the frame player fast.
    """

    def __init__(
        self,
        f: Callable[[Any, Any], Any],
        xlim: tuple[float, float],
        ylim: tuple[float, float],
        *,
        dpi: int = 72,
        resolution: int = 25,
    ) -> None:
        self.f, self.fv = f, _vectorized(f)
        self.xlim, self.ylim = xlim, ylim
        # A Figure outside pyplot: the notebook's inline backend never shows it on its
        # own, so it appears only where the caller puts it (player or live output).
        self.fig = Figure(figsize=(9.6, 3.2), dpi=dpi)
        self.ax3d = self.fig.add_subplot(1, 3, 1, projection="3d")
        self.axx = self.fig.add_subplot(1, 3, 2)
        self.axy = self.fig.add_subplot(1, 3, 3)
        xs, ys = np.linspace(*xlim, resolution), np.linspace(*ylim, resolution)
        gx, gy = np.meshgrid(xs, ys)
        gz = self.fv(gx, gy)
        self.zlim = (float(gz.min()) - 0.3, float(gz.max()) + 0.3)
        self.ax3d.plot_surface(gx, gy, gz, cmap="viridis", alpha=0.4, linewidth=0)
        self.ax3d.set(xlabel="x", ylabel="y", zlabel="f", zlim=self.zlim)
        self.ax3d.set_title("z = f(x, y) and two slices", fontsize="medium")
        (self.slice_x3d,) = self.ax3d.plot([], [], [], color=X_COLOR, lw=2.5)
        (self.slice_y3d,) = self.ax3d.plot([], [], [], color=Y_COLOR, lw=2.5)
        (self.point3d,) = self.ax3d.plot([], [], [], "o", color=POINT_COLOR, ms=5)
        self.lines = {}
        for ax, var, color, lim in (
            (self.axx, "x", X_COLOR, xlim),
            (self.axy, "y", Y_COLOR, ylim),
        ):
            (curve,) = ax.plot([], [], color=color, lw=2)
            (tangent,) = ax.plot([], [], color=color, ls="--", lw=1.5)
            (dot,) = ax.plot([], [], "o", color=POINT_COLOR)
            ax.set(xlim=lim, ylim=self.zlim, xlabel=var, ylabel="f")
            ax.grid(True, alpha=0.3)
            self.lines[var] = (curve, tangent, dot)
        self.fig.tight_layout()

    def update(self, x0: float, y0: float) -> None:
        """Move the point to (x0, y0) and redraw the slices and tangents."""
        f, fv = self.f, self.fv
        z0 = float(f(x0, y0))
        xs, ys = np.linspace(*self.xlim, 120), np.linspace(*self.ylim, 120)
        zx, zy = fv(xs, np.full_like(xs, y0)), fv(np.full_like(ys, x0), ys)
        self.slice_x3d.set_data_3d(xs, np.full_like(xs, y0), zx)
        self.slice_y3d.set_data_3d(np.full_like(ys, x0), ys, zy)
        self.point3d.set_data_3d([x0], [y0], [z0])
        for var, centre, t, z, other in (
            ("x", x0, xs, zx, f"y = {y0:.2f}"),
            ("y", y0, ys, zy, f"x = {x0:.2f}"),
        ):
            slope = partial_derivative(f, (x0, y0), var)
            curve, tangent, dot = self.lines[var]
            curve.set_data(t, z)
            near = np.array([centre - 0.8, centre + 0.8])
            tangent.set_data(near, z0 + slope * (near - centre))
            dot.set_data([centre], [z0])
            ax = self.axx if var == "x" else self.axy
            ax.set_title(f"slice {other}: ∂f/∂{var} = {slope:.2f}", fontsize="medium")


def circle_path(radius: float = 1.2, n_frames: int = 16) -> list[tuple[float, float]]:
    """Points on a circle around the origin: the path of the static frame player."""
    angles = np.linspace(0.0, 2.0 * math.pi, n_frames, endpoint=False)
    return [
        (round(radius * math.cos(a), 2), round(radius * math.sin(a), 2)) for a in angles
    ]


def frame_player(
    figure: PartialsFigure,
    path: Sequence[tuple[float, float]],
    *,
    alt: str = "Animation frame",
) -> str:
    """Render one frame per point of ``path`` into a draggable JavaScript player.

    The player is matplotlib's own (:meth:`~matplotlib.animation.Animation.to_jshtml`),
    with JPEG frames (a third of PNG's size for these shaded surfaces, at Pillow's
    default quality); it is self-contained HTML, so it works on a static page with no
    kernel and no network. ``alt`` describes the frames for screen readers; the frame
    slider is labelled.
    """
    anim = FuncAnimation(
        figure.fig,
        lambda i: figure.update(*path[i]),
        frames=len(path),
        blit=False,
        repeat=False,
    )
    # Frames at the figure's own resolution, whatever the caller's savefig settings.
    with rc_context({"animation.frame_format": "jpeg", "savefig.dpi": "figure"}):
        html = anim.to_jshtml(fps=2.5, default_mode="once")
    # The player links an icon font from a CDN; the book's theme already ships icons,
    # and a page must not reach other hosts.
    html = _CDN_LINK.sub("", html)
    # Its element ids are random; derive them from the frames instead, so a notebook
    # re-run gives byte-identical output.
    html = html.replace("<img id=", f'<img alt="{escape(alt)}" id=', 1)
    html = html.replace('type="range"', 'type="range" aria-label="Frame"', 1)
    random_id = _PLAYER_ID.search(html)
    if random_id:
        content = html.replace(random_id.group(1), "").encode()
        stable = "p" + hashlib.sha256(content).hexdigest()[:31]
        html = html.replace(random_id.group(1), stable)
    return html


_CDN_LINK = re.compile(r"<link[^>]*https?://[^>]*>\s*", re.IGNORECASE)
_PLAYER_ID = re.compile(r'id="_anim_img([0-9a-f]{32})"')


def explore_partials(
    f: Callable[[Any, Any], Any],
    *,
    xlim: tuple[float, float] = (-2.0, 2.0),
    ylim: tuple[float, float] = (-2.0, 2.0),
    start: tuple[float, float] = (1.2, 0.0),
    path: Sequence[tuple[float, float]] | None = None,
) -> InteractiveFigure:
    """Move a point over the surface of ``f`` and watch both slices and their tangents.

    Returns an :class:`InteractiveFigure`: sliders for x0 and y0 in a live kernel, and a
    frame player that walks the point around a circle on the static website.
    """
    path = list(path) if path is not None else circle_path()
    figure = PartialsFigure(f, xlim, ylim)
    alt = (
        "Three panels: the surface of f with two slices through a moving point, then "
        "each slice as a curve with its tangent line; the panel titles give the point "
        "and the two partial derivatives. Use the slider to move the point."
    )
    html = frame_player(figure, path, alt=alt)
    widget = _live_controls(figure, xlim, ylim, start)
    description = (
        f"Interactive figure: the slices of f through a point and their tangent lines "
        f"({len(path)} frames)."
    )
    return InteractiveFigure(widget, html, description)


def _live_controls(figure: PartialsFigure, xlim, ylim, start) -> Any:
    """Two sliders and an image of the figure, re-rendered when a slider moves.

    An ``Image`` widget (rather than an ``Output`` capturing ``display``) keeps the
    notebook's stored outputs identical whether it runs in JupyterLab, Colab or a
    test runner, and works the same in ipywidgets 7 and 8.
    """
    try:
        import ipywidgets as w
    except ImportError:
        return None

    def slider(name: str, lim: tuple[float, float], value: float) -> Any:
        return w.FloatSlider(
            value=value,
            min=lim[0],
            max=lim[1],
            step=0.05,
            description=name,
            continuous_update=False,
        )

    sx, sy = slider("x0", xlim, start[0]), slider("y0", ylim, start[1])
    image = w.Image(format="png")

    def redraw(*_: Any) -> None:
        figure.update(sx.value, sy.value)
        buffer = io.BytesIO()
        figure.fig.savefig(buffer, format="png")
        image.value = buffer.getvalue()

    sx.observe(redraw, names="value")
    sy.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([sx, sy]), image])

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
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any, Callable

import numpy as np
from matplotlib import rc_context
from matplotlib.animation import FuncAnimation, HTMLWriter
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from mpl_toolkits.mplot3d.art3d import Poly3DCollection

from .numeric import partial_derivative
from .plots import (
    DEFAULT_LIM,
    PLANE_ALPHA,
    POINT_COLOR,
    X_COLOR,
    Y_COLOR,
    DescentPanels,
    DirectionalCurvePanel,
    DirectionPanel,
    _lim,
    _names,
    _point2,
    _vectorized,
    cutting_planes,
    surface_zlim,
)

WIDGET_MIMETYPE = "application/vnd.jupyter.widget-view+json"
# Text sizes of the interactive figure, in points at its 8-inch width.
TICK_SIZE, LABEL_SIZE, TITLE_SIZE = 11, 13, 13


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
        # The player's first frame also as a plain image, for front ends that show
        # no HTML (or no HTML of an unrun notebook) and for printed formats.
        still = _STILL_SRC.search(self.html)
        if still:
            bundle[f"image/{still.group(1)}"] = still.group(2)
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


_STILL_SRC = re.compile(r'src="data:image/(jpeg|png);base64,([A-Za-z0-9+/=]+)"')


class PartialsFigure:
    """Surface with its cutting planes and slices, and each slice with its tangent.

    The figure and the surface are built once; moving the point only updates the
    planes, curves, tangents and titles. That keeps both the sliders and the frame
    player fast. All three panels share the domain (``xlim``, ``ylim``) and the
    vertical range (f's range over the domain), so slopes can be compared by eye.

    Text is sized for the width the figure is shown at: about 700 to 800 CSS pixels
    on the website (the frames, ``dpi`` 124, are 992 pixels wide and scaled down,
    which also keeps them sharp on high-density screens) and its natural size in a
    notebook.
    """

    def __init__(
        self,
        f: Callable[[Any, Any], Any],
        xlim: tuple[float, float],
        ylim: tuple[float, float],
        *,
        names: Sequence[str] = ("x", "y"),
        zlabel: str = "f",
        dpi: int = 124,
        resolution: int = 25,
    ) -> None:
        self.f, self.fv = f, _vectorized(f)
        self.xlim, self.ylim = _lim(xlim, "xlim"), _lim(ylim, "ylim")
        self.names, self.zlabel = _names(names), zlabel
        xname, yname = self.names
        # A Figure outside pyplot: the notebook's inline backend never shows it on its
        # own, so it appears only where the caller puts it (player or live output).
        self.fig = Figure(figsize=(8.0, 3.1), dpi=dpi)
        grid = self.fig.add_gridspec(1, 3, width_ratios=(1.15, 1.0, 1.0))
        self.ax3d = self.fig.add_subplot(grid[0], projection="3d")
        self.axx = self.fig.add_subplot(grid[1])
        self.axy = self.fig.add_subplot(grid[2])
        self.zlim = surface_zlim(f, self.xlim, self.ylim)
        xs = np.linspace(*self.xlim, resolution)
        ys = np.linspace(*self.ylim, resolution)
        gx, gy = np.meshgrid(xs, ys)
        ax3d = self.ax3d
        # Fixed drawing order: surface, planes, curves, point; a plane never hides
        # the slice it cuts.
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
        ax3d.set_xlabel(xname, fontsize=LABEL_SIZE, labelpad=-2)
        ax3d.set_ylabel(yname, fontsize=LABEL_SIZE, labelpad=-2)
        # No z label: the title says what is plotted upward, and a label there would
        # sit beside the next panel's own.
        ax3d.tick_params(labelsize=TICK_SIZE, pad=-1)
        for axis in (ax3d.xaxis, ax3d.yaxis, ax3d.zaxis):
            axis.set_major_locator(MaxNLocator(4))
        (self.slice_x3d,) = ax3d.plot([], [], [], color=X_COLOR, lw=2.5, zorder=3)
        (self.slice_y3d,) = ax3d.plot([], [], [], color=Y_COLOR, lw=2.5, zorder=3)
        (self.point3d,) = ax3d.plot([], [], [], "o", color=POINT_COLOR, ms=6, zorder=5)
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
            # A short name (f, L) reads upright, like the x label; a long one turns.
            upright = len(zlabel) <= 3
            ax.set_ylabel(
                zlabel,
                fontsize=LABEL_SIZE,
                rotation=0 if upright else 90,
                labelpad=8 if upright else 1,
            )
            ax.tick_params(labelsize=TICK_SIZE)
            ax.grid(True, alpha=0.3)
            self.lines[var] = (curve, tangent, dot)
        self.fig.subplots_adjust(
            left=0.015, right=0.985, bottom=0.18, top=0.85, wspace=0.45
        )

    def update(self, x0: float, y0: float) -> None:
        """Move the point to (x0, y0) and redraw the planes, slices and tangents."""
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


def _png(fig: Figure) -> bytes:
    """The figure as PNG bytes, at its own resolution: the live image's content."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi="figure")
    return buffer.getvalue()


class DirectionsFigure:
    """Level curves with the unit vector u and ∇f's direction, beside D_u f's curve.

    Both panels are drawn once (:class:`~helpers.plots.DirectionPanel`,
    :class:`~helpers.plots.DirectionalCurvePanel`); turning u only moves its arrow,
    the mark on the curve and the title. Text sizes as :class:`PartialsFigure`'s.
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
        dpi: int = 124,
    ) -> None:
        self.names, self.zlabel = _names(names), zlabel
        self.point = _point2(point, self.names)
        self.fig = Figure(figsize=(8.0, 3.6), dpi=dpi)
        grid = self.fig.add_gridspec(1, 2, width_ratios=(1.0, 1.25))
        self.axlevel = self.fig.add_subplot(grid[0])
        self.axcurve = self.fig.add_subplot(grid[1])
        self.direction = DirectionPanel(
            self.axlevel,
            f,
            self.point,
            xlim=xlim,
            ylim=ylim,
            names=self.names,
            zlabel=zlabel,
            resolution=120,
            title_size=TITLE_SIZE,
            legend=False,
        )
        self.curve = DirectionalCurvePanel(
            self.axcurve,
            f,
            self.point,
            names=self.names,
            zlabel=zlabel,
            title_size=TITLE_SIZE,
        )
        for ax in (self.axlevel, self.axcurve):
            ax.tick_params(labelsize=TICK_SIZE)
            ax.xaxis.label.set_fontsize(LABEL_SIZE)
            ax.yaxis.label.set_fontsize(LABEL_SIZE)
            ax.xaxis.set_major_locator(MaxNLocator(5))
        self.axcurve.set_xticks(np.arange(0, 361, 90))
        self.fig.subplots_adjust(
            left=0.085, right=0.97, bottom=0.15, top=0.9, wspace=0.32
        )

    def update(self, degrees: float) -> None:
        """Turn u to ``degrees`` (the slider's unit) and redraw what moves."""
        if not math.isfinite(degrees):
            raise ValueError(f"degrees must be a finite number; got {degrees}")
        angle = math.radians(degrees)
        self.direction.set_angle(angle)
        self.curve.set_angle(angle)


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

    Left, the level curves of ``f`` with the point, u and the gradient's direction;
    right, D_u f against u's angle, a cosine whose maximum ‖∇f‖ lies along the
    gradient and whose zeros lie along the level curve.

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
    xname, yname = _names(names)
    x0, y0 = _point2(point, (xname, yname))
    if isinstance(n_frames, bool) or not isinstance(n_frames, (int, np.integer)):
        raise ValueError(f"n_frames must be a positive integer; got {n_frames!r}")
    if n_frames < 1:
        raise ValueError(f"n_frames must be a positive integer; got {n_frames}")
    figure = DirectionsFigure(
        f, (x0, y0), xlim, ylim, names=(xname, yname), zlabel=zlabel
    )
    path = [(round(k * 360.0 / n_frames, 6),) for k in range(int(n_frames))]
    at = f"({xname}, {yname}) = ({x0:.2f}, {y0:.2f})"
    alt = (
        f"Two panels: the level curves of {zlabel} over ({xname}, {yname}) with the "
        f"point {at}, a thick arrow along a unit vector u and a thinner one along "
        f"the gradient of {zlabel}; then the directional derivative D_u {zlabel} at "
        "that point against the angle of u, a cosine whose maximum, the gradient's "
        "length, lies in the gradient's direction and whose two zeros lie 90° either "
        "side, along the level curve. Where scripts run, the player's slider turns u "
        "once around."
    )
    html = frame_player(figure, path, alt=alt, note=DIRECTIONS_NOTE)
    widget = _live_angle(figure)
    description = (
        f"Interactive figure: the directional derivative of {zlabel} at {at} as the "
        f"unit vector u turns ({len(path)} frames)."
    )
    return InteractiveFigure(widget, html, description)


def _live_slider(figure: Any, kind: str, **options: Any) -> Any:
    """One ipywidgets slider (``kind``, e.g. "FloatSlider") and an image of the figure.

    Moving the slider calls ``figure.update(value)`` and shows the new PNG; None when
    ipywidgets cannot be imported (the static player still works).
    """
    try:
        import ipywidgets as w
    except ImportError:
        return None
    slider = getattr(w, kind)(continuous_update=False, **options)
    image = w.Image(format="png")

    def redraw(*_: Any) -> None:
        figure.update(slider.value)
        image.value = _png(figure.fig)

    slider.observe(redraw, names="value")
    redraw()
    return w.VBox([slider, image])


def _live_angle(figure: DirectionsFigure, start: float = 0.0) -> Any:
    """An "angle (°)" slider and an image of the figure."""
    return _live_slider(
        figure,
        "FloatSlider",
        value=start,
        min=0.0,
        max=360.0,
        step=1.0,
        description="angle (°)",
    )


def circle_path(
    radius: float = 1.2,
    n_frames: int = 16,
    *,
    centre: tuple[float, float] = (0.0, 0.0),
) -> list[tuple[float, float]]:
    """Points on a circle around ``centre``: the path of the static frame player."""
    angles = np.linspace(0.0, 2.0 * math.pi, n_frames, endpoint=False)
    cx, cy = centre
    return [
        (round(cx + radius * math.cos(a), 2), round(cy + radius * math.sin(a), 2))
        for a in angles
    ]


STILL_NOTE = (
    "A still image of the interactive figure: run the cell to move the point "
    "with sliders."
)


def frame_player(
    figure: PartialsFigure | DirectionsFigure | DescentFigure,
    path: Sequence[tuple[float, ...]],
    *,
    alt: str = "Animation frame",
    note: str = STILL_NOTE,
) -> str:
    """Render one frame per point of ``path`` into a draggable JavaScript player.

    Frame ``i`` is ``figure.update(*path[i])``: points (x0, y0) for a
    :class:`PartialsFigure`, one-tuples of an angle for a :class:`DirectionsFigure`
    and of a learning rate for a :class:`DescentFigure`.
    ``note`` is what the still image says to do where no script runs.

    The player is matplotlib's own (the HTML of
    :meth:`~matplotlib.animation.Animation.to_jshtml`), with JPEG frames (under half
    of PNG's size for these shaded surfaces, at Pillow's default quality); it is
    self-contained HTML, so it works on a static page with no kernel and no network.
    ``alt`` describes the frames for screen readers; the frame slider is labelled.

    Where no script runs (JupyterLab and other front ends showing a notebook that has
    not been run: they sanitize stored HTML and drop its scripts), the player is a
    still image: the first frame is the ``<img>``'s own ``src``, the controls are
    ``hidden``, and a short note says to run the cell. The player's script shows the
    controls, removes the note and reuses that ``src`` as its first frame, so the
    frame is stored once.
    """
    anim = FuncAnimation(
        figure.fig,
        lambda i: figure.update(*path[i]),
        frames=len(path),
        blit=False,
        repeat=False,
    )
    # What Animation.to_jshtml does, plus Huffman-optimized JPEG frames (a tenth
    # smaller, same pixels), at the figure's own resolution whatever the caller's
    # savefig settings.
    with TemporaryDirectory() as tmp, rc_context({"animation.frame_format": "jpeg"}):
        writer = HTMLWriter(fps=2.5, embed_frames=True, default_mode="once")
        target = Path(tmp, "player.html")
        anim.save(
            str(target),
            writer=writer,
            dpi=figure.fig.dpi,
            savefig_kwargs={"pil_kwargs": {"optimize": True}},
        )
        html = target.read_text(encoding="utf-8")
    # The player links an icon font from a CDN; the book's theme already ships icons,
    # and a page must not reach other hosts.
    html = _CDN_LINK.sub("", html)
    first = _FIRST_FRAME.search(html)
    if first is None:
        raise RuntimeError("matplotlib's player has changed: no first frame found")
    still = first.group(2).replace("\\\n", "")
    html = html.replace(
        first.group(0),
        f'{first.group(1)}document.getElementById(img_id).getAttribute("src");',
        1,
    )
    html = _replace_once(
        html, "<img id=", f'<img alt="{escape(alt)}" src="{still}" id='
    )
    # hidden="hidden", not a bare hidden: sanitizers drop attributes with empty values.
    html = _replace_once(
        html,
        '<div class="anim-controls">',
        '<div class="anim-controls" hidden="hidden">',
    )
    html = _replace_once(
        html,
        '<div class="anim-controls"',
        f'<p class="anim-still-note"><em>{escape(note)}</em></p>\n'
        '  <div class="anim-controls"',
    )
    html = _replace_once(html, 'type="range"', 'type="range" aria-label="Frame"')
    random_id = _PLAYER_ID.search(html)
    if random_id is None:
        raise RuntimeError("matplotlib's player has changed: no image id found")
    html += _SHOW_CONTROLS.replace("ID", random_id.group(1))
    # Its element ids are random; derive them from the player's text (its alt text,
    # note, frame count and options) instead, so a re-run gives the same output. The
    # frames' pixels are left out: their anti-aliasing differs between machines.
    content = _IMAGE_DATA.sub("", html.replace(random_id.group(1), "")).encode()
    stable = "p" + hashlib.sha256(content).hexdigest()[:31]
    return html.replace(random_id.group(1), stable)


def _replace_once(html: str, old: str, new: str) -> str:
    if old not in html:
        raise RuntimeError(f"matplotlib's player has changed: {old!r} not found")
    return html.replace(old, new, 1)


_CDN_LINK = re.compile(r"<link[^>]*https?://[^>]*>\s*", re.IGNORECASE)
_IMAGE_DATA = re.compile(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=\\\n]+")
_PLAYER_ID = re.compile(r'id="_anim_img([0-9a-f]{32})"')
_FIRST_FRAME = re.compile(
    r'(frames\[0\] = )"(data:image/jpeg;base64,(?:[A-Za-z0-9+/=]|\\\n)+)"'
)
# Runs only where scripts run (the website, a trusted notebook): the player works, so
# its controls show and the note for script-less front ends goes.
_SHOW_CONTROLS = """<script>
  (function() {
    var player = document.getElementById("_anim_imgID").parentNode;
    player.querySelector(".anim-controls").hidden = false;
    var note = player.querySelector(".anim-still-note");
    if (note) { note.remove(); }
  })();
</script>
"""


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
    xlim, ylim = _lim(xlim, "xlim"), _lim(ylim, "ylim")
    xname, yname = _names(names)
    if path is None:
        centre = ((xlim[0] + xlim[1]) / 2, (ylim[0] + ylim[1]) / 2)
        radius = 0.3 * min(xlim[1] - xlim[0], ylim[1] - ylim[0])
        path = circle_path(radius, centre=centre)
    path = [(float(a), float(b)) for a, b in path]
    if not path:
        raise ValueError("path must hold at least one point")
    start = path[0] if start is None else _point2(start, (xname, yname))
    figure = PartialsFigure(f, xlim, ylim, names=(xname, yname), zlabel=zlabel)
    alt = (
        f"Three panels: the surface of {zlabel} over ({xname}, {yname}) with the two "
        f"planes through a moving point that cut it along two slices, then each "
        f"slice as a curve with its tangent line; the panel titles give the point "
        f"and the two partial derivatives ∂{zlabel}/∂{xname} and ∂{zlabel}/∂{yname}. "
        "Where scripts run, the player's slider moves the point around a circle."
    )
    html = frame_player(figure, path, alt=alt)
    widget = _live_controls(figure, xlim, ylim, start)
    description = (
        f"Interactive figure: the slices of {zlabel} through a point and their "
        f"tangent lines ({len(path)} frames)."
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

    xname, yname = figure.names
    sx = slider(f"{xname}0", xlim, start[0])
    sy = slider(f"{yname}0", ylim, start[1])
    image = w.Image(format="png")

    def redraw(*_: Any) -> None:
        figure.update(sx.value, sy.value)
        image.value = _png(figure.fig)

    sx.observe(redraw, names="value")
    sy.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([sx, sy]), image])


# --- gradient descent (chapter 3) ---------------------------------------------------


class DescentFigure:
    """Gradient descent's path over the level curves, beside f along the path.

    Both panels are drawn once (:class:`~helpers.plots.DescentPanels`); a new
    learning rate only moves the path, the values and the titles.
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
        dpi: int = 124,
    ) -> None:
        self.fig = Figure(figsize=(8.0, 3.6), dpi=dpi)
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
            resolution=120,
            title_size=TITLE_SIZE,
        )
        for ax in (axpath, axloss):
            ax.tick_params(labelsize=TICK_SIZE)
            ax.xaxis.label.set_fontsize(LABEL_SIZE)
            ax.yaxis.label.set_fontsize(LABEL_SIZE)
        self.fig.subplots_adjust(
            left=0.08, right=0.98, bottom=0.15, top=0.9, wspace=0.28
        )

    def update(self, lr: float) -> None:
        """Draw the path for the learning rate ``lr`` (the slider's value)."""
        if not math.isfinite(lr):
            raise ValueError(f"lr must be a finite number; got {lr}")
        self.panels.set_lr(lr)


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
    xname, yname = _names(names)
    x0, y0 = _point2(start, (xname, yname))
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
    alt = (
        f"Two panels: the path of {n_steps} steps of gradient descent from "
        f"({xname}, {yname}) = ({x0:g}, {y0:g}) over the level curves of {zlabel}, "
        f"and {zlabel} at each step on a log scale. Where scripts run, the player's "
        f"slider sets the learning rate, one of {listed}; the first frame shows "
        f"{rates[0]:g}."
    )
    html = frame_player(figure, [(lr,) for lr in rates], alt=alt, note=DESCENT_NOTE)
    widget = _live_rate(figure, max(rates), rates[0])
    description = (
        f"Interactive figure: gradient descent on {zlabel} from ({xname}, {yname}) = "
        f"({x0:g}, {y0:g}) with the learning rates {listed} ({len(rates)} frames)."
    )
    return InteractiveFigure(widget, html, description)


def _learning_rates(lrs: Any) -> list[float]:
    try:
        rates = [float(lr) for lr in lrs]
    except (TypeError, ValueError):
        raise ValueError(
            f"lrs must be a list of learning rates like [0.05, 0.1]; got {lrs!r}"
        ) from None
    if not rates or not all(math.isfinite(lr) and lr > 0 for lr in rates):
        raise ValueError(f"lrs must be positive numbers; got {rates}")
    return rates


def _live_rate(figure: DescentFigure, top: float, start: float) -> Any:
    """A "learning rate" slider, in hundredths of ``top``, and an image."""
    step = top / 100
    return _live_slider(
        figure,
        "FloatSlider",
        value=start,
        min=step,
        max=top,
        step=step,
        description="learning rate",
        readout_format=".3f",
        style={"description_width": "initial"},
    )


# --- training a classifier (chapter 4) ---------------------------------------------


class TrainingFigure:
    """A classifier's decision regions at one snapshot of training, beside the loss.

    Left, the regions of :class:`~helpers.plots.DecisionRegionsPanel` for the
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
        dpi: int = 124,
        resolution: int = 120,
    ) -> None:
        from .plots import DecisionRegionsPanel, _losses

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
        self.losses = _losses(losses)
        self.steps = _snapshot_steps(steps, len(self.snapshots), self.losses.size)
        self.fig = Figure(figsize=(8.0, 3.6), dpi=dpi)
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
        ax.set_xlabel("step", fontsize=LABEL_SIZE)
        ax.set_ylabel("loss L", fontsize=LABEL_SIZE)
        ax.grid(True, alpha=0.3)
        # The classes' legend sits in the loss panel's upper right, which a falling
        # loss leaves empty; on the regions it would hide points.
        handles, names_ = self.axregions.get_legend_handles_labels()
        ax.legend(handles, names_, loc="upper right", fontsize=TICK_SIZE - 1)
        for a in (self.axregions, self.axloss):
            a.tick_params(labelsize=TICK_SIZE)
            a.xaxis.label.set_fontsize(LABEL_SIZE)
            a.yaxis.label.set_fontsize(LABEL_SIZE)
        self.fig.subplots_adjust(
            left=0.09, right=0.975, bottom=0.15, top=0.9, wspace=0.28
        )

    def update(self, k: Any) -> float:
        """Show snapshot ``k`` (0 is the first); returns its accuracy on the data."""
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
            raise TypeError(f"k must be a snapshot number; got {k!r}")
        if not 0 <= k < len(self.snapshots):
            raise ValueError(
                f"k must be from 0 to {len(self.snapshots) - 1}; got {int(k)}"
            )
        params = self.snapshots[int(k)]

        def predict(points: np.ndarray) -> Any:
            return self.predict(params, points)

        self.regions.set_predict(predict)
        accuracy = self.regions.accuracy(predict)
        step = int(self.steps[int(k)])
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
    try:
        arr = np.array(steps, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"steps must be a sequence of integers; got {type(steps).__name__}"
        ) from None
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
    html = frame_player(figure, [(k,) for k in range(n)], alt=alt, note=TRAINING_NOTE)
    widget = _live_step(figure)
    description = (
        f"Interactive figure: decision regions and loss during training, "
        f"{n} snapshots from step {int(figure.steps[0])} to step {last}."
    )
    return InteractiveFigure(widget, html, description)


def _live_step(figure: TrainingFigure, start: int = 0) -> Any:
    """A "step" slider over the snapshots and an image of the figure."""
    return _live_slider(
        figure,
        "SelectionSlider",
        options=[(str(int(s)), k) for k, s in enumerate(figure.steps)],
        value=start,
        description="step",
    )


# --- linear regression (chapter 5) -------------------------------------------------


class RegressionDescentFigure:
    """A line fitted by gradient descent, step by step, beside the loss curve.

    Left, the data, the least-squares line and the line after a step
    (:class:`~helpers.plots.RegressionFitPanel`); right, the loss after every step on
    a log scale, with that step marked (:class:`~helpers.plots.RegressionLossPanel`).
    Both are drawn once; a step moves only the line, the mark and the titles. Text
    sizes as :class:`PartialsFigure`'s.
    """

    def __init__(
        self,
        x: Any,
        t: Any,
        history: Any,
        *,
        best: Sequence[float] | None = None,
        dpi: int = 124,
    ) -> None:
        from .plots import RegressionFitPanel, RegressionLossPanel, regression_losses

        self.losses = regression_losses(x, t, history)
        best_loss = None
        if best is not None:
            best_loss = float(regression_losses(x, t, [best])[0])
        self.fig = Figure(figsize=(8.0, 3.6), dpi=dpi)
        self.axfit = self.fig.add_subplot(1, 2, 1)
        self.axloss = self.fig.add_subplot(1, 2, 2)
        self.fit = RegressionFitPanel(
            self.axfit, x, t, history, best=best, title_size=TITLE_SIZE
        )
        self.loss = RegressionLossPanel(
            self.axloss, self.losses, best=best_loss, title_size=TITLE_SIZE
        )
        for ax in (self.axfit, self.axloss):
            ax.tick_params(labelsize=TICK_SIZE)
            ax.xaxis.label.set_fontsize(LABEL_SIZE)
            ax.yaxis.label.set_fontsize(LABEL_SIZE)
        self.n_steps = len(self.losses) - 1
        self.fig.subplots_adjust(
            left=0.08, right=0.98, bottom=0.15, top=0.9, wspace=0.28
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
    if isinstance(n_frames, bool) or not isinstance(n_frames, (int, np.integer)):
        raise ValueError(f"n_frames must be an integer >= 2; got {n_frames!r}")
    if n_frames < 2:
        raise ValueError(f"n_frames must be an integer >= 2; got {n_frames}")
    if n_steps < 1:
        return [0]
    frames = {0, int(n_steps)}
    count = int(n_frames)
    while len(frames) < min(n_frames, n_steps + 1):
        spaced = np.geomspace(1, n_steps, count - 1)
        frames = {0, *(int(round(s)) for s in spaced)}
        count += 1
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
    html = frame_player(figure, path, alt=alt, note=REGRESSION_NOTE)
    widget = _live_regression_step(figure)
    description = (
        f"Interactive figure: a line fitted by gradient descent, {figure.n_steps} "
        f"steps ({len(path)} frames)."
    )
    return InteractiveFigure(widget, html, description)


def _live_regression_step(figure: RegressionDescentFigure) -> Any:
    """A "step" slider and an image of the figure."""
    return _live_slider(
        figure,
        "IntSlider",
        value=0,
        min=0,
        max=figure.n_steps,
        step=1,
        description="step",
    )

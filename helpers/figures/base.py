"""What every chapter's figures share: colours, sizes, level curves, one drawing path.

An interactive figure is one object: a matplotlib ``Figure`` in ``fig``, built once,
and a method ``update(*values)`` that redraws only what moves. That one method draws
it everywhere:

- live in a kernel, :func:`live_sliders` calls it whenever a slider moves and shows
  the new image;
- on the website, :func:`frame_player` calls it once per frame and stores the frames
  in a player that needs no kernel;
- where no script runs, the player's first frame is its still image; and a chapter
  that wants the figure as an ordinary picture draws it on a pyplot figure
  (``new_figure(..., pyplot=True)``) with the same class.

:func:`interactive` bundles the live control and the player into an
:class:`InteractiveFigure`, which a notebook displays as the last value of a cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Callable

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..numeric import vectorized
from ..validate import interval, point2, variable_names
from .player import InteractiveFigure, frame_player, png

# --- colours by role, the same in every chapter --------------------------------------

POINT_COLOR = "black"
"""The point a figure is about."""
GRADIENT_COLOR = "C3"
"""The gradient (its direction, its field) and the path of gradient descent: red."""

DEFAULT_LIM = (-2.0, 2.0)
"""The domain of a function of two variables when a figure is given none."""

# --- sizes -------------------------------------------------------------------------

FRAME_WIDTH = 8.0
"""Width in inches of an interactive figure. The website's column is about 690 CSS
pixels wide, so a point of text is 690 / (72 * 8) = 1.2 pixels there."""
FRAME_DPI = 86
"""Resolution of the frames and of the live image: 688 pixels wide, the website's
column at a 1280-pixel window, so a frame is shown at its own size there (a smaller
column scales it down). Drawn wider, a frame looks sharper on high-density screens
but weighs twice as much for the same text size, and a player carries every frame:
the column's width it is."""
TICK_SIZE, LABEL_SIZE, TITLE_SIZE = 11, 13, 13
"""Text sizes in points of an interactive figure: 13 to 16 pixels in the column."""


def new_figure(
    size: tuple[float, float], *, pyplot: bool = False, dpi: float | None = None
) -> Figure:
    """An empty figure of ``size`` inches for an interactive figure to draw on.

    By default a ``Figure`` outside pyplot: the notebook's inline backend never shows
    it on its own, so it appears only where the caller puts it (the frame player or
    the live image). With ``pyplot=True`` a pyplot figure at the notebook's own
    resolution, which ``plt.show()`` displays: the same drawing as a still picture.
    """
    if pyplot:
        return plt.figure(figsize=size)
    # FRAME_DPI as it is now: the printed book draws its still images at twice it.
    return Figure(figsize=size, dpi=FRAME_DPI if dpi is None else dpi)


def style_axes(*axes: Any) -> None:
    """Tick labels at ``TICK_SIZE`` and axis labels at ``LABEL_SIZE``, on each axes."""
    for ax in axes:
        ax.tick_params(labelsize=TICK_SIZE)
        ax.xaxis.label.set_fontsize(LABEL_SIZE)
        ax.yaxis.label.set_fontsize(LABEL_SIZE)


def upright_ylabel(
    ax: Any,
    name: str,
    *,
    text: str | None = None,
    size: Any = None,
    pad: float = 8,
    turned_pad: float = 4,
) -> None:
    """The vertical axis's label for the function ``name``: upright when it is short.

    A short name (f, L) reads upright, like the x label; a longer one turns, as
    usual, to keep the axes narrow. ``text`` is the label when it says more than the
    name (``D_u L``); ``pad`` and ``turned_pad`` are its distances from the tick
    labels in points, upright and turned.
    """
    upright = len(name) <= 3
    ax.set_ylabel(
        name if text is None else text,
        fontsize=size,
        rotation=0 if upright else 90,
        labelpad=pad if upright else turned_pad,
    )


_SYMBOL = re.compile(r"[A-Za-z](_[A-Za-z0-9]|_\{[A-Za-z0-9]+\})?")


def math_label(name: str, before: str = "", after: str = "") -> str:
    """A function's name set as mathematics, between TeX ``before`` and ``after``.

    ``math_label("L_v", r"\nabla ")`` is ``$\nabla L_v$``: L with the subscript v.
    A name that is not one letter with at most a subscript (``"loss"``) stays plain
    text beside the mathematics: ``$\nabla$ loss``.
    """
    if _SYMBOL.fullmatch(name):
        return f"${before}{name}{after}$"
    parts = [f"${before}$" if before else "", name, f"${after}$" if after else ""]
    return " ".join(p for p in parts if p)


class AtDraw(Artist):
    """An invisible artist that calls ``place(renderer)`` each time its axes is drawn,
    before the texts: the layout is final then (constrained layout, equal aspect),
    so what ``place`` measures in pixels is what the image shows."""

    def __init__(self, place: Callable[[Any], None]) -> None:
        super().__init__()
        self.place = place
        self.set_zorder(-1e6)

    def draw(self, renderer: Any) -> None:
        self.place(renderer)


def clear_of(box: Any, taken: Sequence[Any], frame: Any, gap: float) -> bool:
    """``box`` lies inside ``frame`` and at least ``gap`` pixels from every box in
    ``taken``."""
    inside = (
        box.x0 >= frame.x0
        and box.y0 >= frame.y0
        and box.x1 <= frame.x1
        and box.y1 <= frame.y1
    )
    return inside and not any(box.padded(gap).overlaps(other) for other in taken)


def thin_labels(ax: Any, texts: Sequence[Any], *, gap: float = 2.0) -> None:
    """Whenever ``ax`` is drawn, show each of ``texts`` (in order) only if it lies
    inside the axes and ``gap`` pixels clear of every text shown before it and of
    the axes' other visible texts (a point's name)."""
    texts = list(texts)

    def place(renderer: Any) -> None:
        frame = ax.patch.get_window_extent(renderer)
        mine = {id(t) for t in texts}
        taken = [
            t.get_window_extent(renderer)
            for t in ax.texts
            if id(t) not in mine and t.get_visible() and t.get_text()
        ]
        for text in texts:
            text.set_visible(True)
            box = text.get_window_extent(renderer)
            shown = clear_of(box, taken, frame, gap)
            text.set_visible(shown)
            if shown:
                taken.append(box)

    ax.add_artist(AtDraw(place))


def draw_level_curves(
    ax: Any,
    f: Callable[[Any, Any], Any],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    levels: int = 12,
    resolution: int = 200,
    labels: bool = True,
    even: bool = False,
) -> Any:
    """Level curves of f on ``ax``, spaced evenly in the square root of f's range.

    Evenly in the square root, so that a bowl-shaped loss shows rings near its bottom
    as well as far up its sides. With ``even``, the levels are evenly spaced in f
    itself, so that curves crowd exactly where f changes fast (what a gradient field
    drawn over them shows). Returns matplotlib's contour set.
    """
    xs = np.linspace(*xlim, resolution)
    ys = np.linspace(*ylim, resolution)
    gx, gy = np.meshgrid(xs, ys)
    gz = vectorized(f)(gx, gy)
    low, high = float(np.nanmin(gz)), float(np.nanmax(gz))
    if high <= low:
        values = np.array([low])
    elif even:  # round values, evenly spaced: 1, 2, 3, ...
        locator = MaxNLocator(nbins=levels, steps=[1, 2, 2.5, 5, 10])
        values = locator.tick_values(low, high)
        values = values[(values > low) & (values < high)]
    else:
        steps = np.linspace(0.0, 1.0, levels + 2)[1:-1]
        values = low + (high - low) * steps**2
    contours = ax.contour(gx, gy, gz, levels=values, cmap="viridis")
    if labels:
        # A label that would leave the axes or touch another is hidden when drawn.
        texts = ax.clabel(contours, fmt="%g" if even else "%.2g", fontsize="small")
        thin_labels(ax, texts)
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
        The function's name, for the title.
    points : dict of str to (float, float), optional
        Points to mark, by label: ``{"A": (2.5, -2.0)}``.
    levels : int, optional
        How many level curves.

    Returns
    -------
    matplotlib.axes.Axes
    """
    xname, yname = variable_names(names)
    xlim, ylim = interval(xlim, "xlim"), interval(ylim, "ylim")
    marked = {str(k): point2(p, (xname, yname)) for k, p in (points or {}).items()}
    if ax is None:
        ax = plt.figure(figsize=(6, 4.4)).add_subplot()
    draw_level_curves(ax, f, xlim, ylim, levels, resolution)
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


# --- the live control -----------------------------------------------------------------


def live_sliders(figure: Any, *sliders: tuple[str, dict[str, Any]]) -> Any:
    """ipywidgets sliders above an image of ``figure``, redrawn when a slider moves.

    Each slider is ``(kind, options)``, as in ``("FloatSlider", {"min": 0.0, ...})``;
    moving any of them calls ``figure.update(*values)`` with every slider's value, in
    order, and shows the new PNG. Two or more sliders sit side by side.

    An ``Image`` widget (rather than an ``Output`` capturing ``display``) keeps the
    notebook's stored outputs identical whether it runs in JupyterLab, Colab or a test
    runner, and works the same in ipywidgets 7 and 8. None when ipywidgets cannot be
    imported: the frame player still works.
    """
    try:
        import ipywidgets as w
    except ImportError:
        return None
    # A slider redraws when it is let go, not at every pixel of a drag; a menu or a
    # button has no such option.
    controls = [
        getattr(w, kind)(
            **({"continuous_update": False} if "Slider" in kind else {}), **options
        )
        for kind, options in sliders
    ]
    image = w.Image(format="png")

    def redraw(*_: Any) -> None:
        figure.update(*(control.value for control in controls))
        image.value = png(figure.fig)

    for control in controls:
        control.observe(redraw, names="value")
    redraw()
    top = controls[0] if len(controls) == 1 else w.HBox(controls)
    return w.VBox([top, image])


def frame_labels(
    path: Sequence[tuple[Any, ...]], sliders: Sequence[tuple[str, dict[str, Any]]]
) -> list[str]:
    """What each frame's sliders are set to, in the sliders' own words:
    ``"learning rate = 0.21"``, ``"angle = 98°"``, ``"x0 = 0.50, y0 = -0.30"``."""

    def one(name: str, value: Any, options: Any = None) -> str:
        # A selection slider's options are (label, value) pairs: show the label.
        for option in options or ():
            if isinstance(option, tuple) and len(option) == 2 and option[1] == value:
                value = option[0]
                break
        unit = ""
        if name.endswith(")") and " (" in name:
            name, unit = name[:-1].split(" (", 1)
        shown = f"{value:.3g}" if isinstance(value, float) else str(value)
        return f"{name} = {shown}{unit}" if name else f"{shown}{unit}"

    specs = [(spec.get("description", ""), spec.get("options")) for _, spec in sliders]
    return [
        ", ".join(one(name, v, options) for (name, options), v in zip(specs, frame))
        for frame in path
    ]


def interactive(
    figure: Any,
    path: Sequence[tuple[Any, ...]],
    sliders: Sequence[tuple[str, dict[str, Any]]],
    *,
    alt: str,
    note: str,
    description: str,
    still: int = 0,
) -> InteractiveFigure:
    """The figure as a frame player along ``path`` and as live ``sliders``, bundled.

    The player is drawn first, so the live image starts from the sliders' values
    whatever frame the player ended on. ``still`` is the frame that shows the
    figure's lesson: the still image where nothing runs, and the player's first view.
    """
    html = frame_player(
        figure,
        path,
        alt=alt,
        note=note,
        labels=frame_labels(path, sliders),
        still=still,
    )
    widget = live_sliders(figure, *sliders)
    return InteractiveFigure(widget, html, description)

"""Shared by the figure tests: reading a frame player's HTML as a browser would."""

from __future__ import annotations

import base64
import re

import numpy as np
from bs4 import BeautifulSoup

JPEG = b"\xff\xd8\xff"
WEBP = b"RIFF"
PNG = b"\x89PNG"
STILL = re.compile(
    r'<img alt="(?P<alt>[^"]+)" src="data:image/jpeg;base64,(?P<data>[^"]+)"'
)


def frames_of(html: str) -> list[bytes]:
    """Every frame of a player, decoded: the still image's first, then the script's."""
    still = STILL.search(html).group("data")
    rest = re.findall(
        r'frames\[\d+\] = "data:image/(?:jpeg|webp);base64,((?:[^"\\]|\\\n)+)"', html
    )
    return [base64.b64decode(d.replace("\\\n", "")) for d in [still, *rest]]


def sanitized(html: str) -> BeautifulSoup:
    """What JupyterLab keeps of an untrusted notebook's HTML output (its sanitizer,
    sanitize-html): no <script>, <style> or <link>, no event handlers, ids renamed,
    and no attribute with an empty value but alt (a bare ``hidden`` is dropped)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["script", "style", "link"]):
        tag.decompose()
    for tag in soup.find_all(True):
        for attribute, value in list(tag.attrs.items()):
            empty = value == "" and attribute != "alt"
            if attribute.startswith("on") or empty:
                del tag[attribute]
        if tag.has_attr("id"):
            tag["data-jupyter-id"] = tag.attrs.pop("id")
    return soup


def corners3d(collection) -> np.ndarray:
    """A one-polygon Poly3DCollection's corners, shape (n, 3).

    matplotlib keeps them privately: ``_faces`` (n_faces, n, 3) since 3.10's rewrite,
    ``_vec`` (4, n) in homogeneous coordinates before.
    """
    faces = getattr(collection, "_faces", None)
    if faces is not None:
        return np.asarray(faces)[0]
    return np.asarray(collection._vec)[:3].T


def legible(figure, axes, *, title: float = 13, label: float = 13, tick: float = 11):
    """Shown at the website's column width (688 CSS pixels at a 1280-pixel window),
    each axes' title, axis labels and tick labels are at least this many pixels high
    (whatever the frames' resolution: a frame is scaled to the column).
    Returns the problems found, empty when there are none."""
    width, _ = figure.fig.get_size_inches() * figure.fig.dpi
    shown = 688 / width  # CSS pixels per frame pixel on the website
    problems = []

    def pixels(text) -> float:
        return text.get_fontsize() * figure.fig.dpi / 72 * shown

    for ax in axes:
        for what, text, least in (
            ("title", ax.title, title),
            ("x label", ax.xaxis.label, label),
            ("y label", ax.yaxis.label, label),
        ):
            if pixels(text) < least:
                problems.append(f"{what} {text.get_text()!r}: {pixels(text):.1f} px")
        ticks = ax.get_xticklabels() + ax.get_yticklabels()
        if not ticks:
            problems.append("no tick labels")
        problems += [
            f"tick {t.get_text()!r}: {pixels(t):.1f} px"
            for t in ticks
            if pixels(t) < tick
        ]
    return problems


# --- every text a figure draws: its size in the column, its place, its neighbours ---

COLUMN = 688
"""The website's article column in CSS pixels (at a 1280-pixel window): every image is
scaled to this width."""


def drawn_texts(fig) -> list:
    """Every non-empty text ``fig`` draws, as (text, box in display pixels).

    The figure is drawn once with ``Text.draw`` watched, so only what is really
    drawn counts: tick labels of ticks outside the view, hidden texts and empty
    annotations (bare arrows) do not. An annotation's box is its text's, not its
    arrow's."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)  # a figure outside pyplot: draw it as savefig would
    drawn: list = []
    original = Text.draw

    def draw(self, renderer):
        original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            drawn.append(self)

    Text.draw = draw
    try:
        fig.canvas.draw()
    finally:
        Text.draw = original
    renderer = fig.canvas.get_renderer()
    unique = list({id(t): t for t in drawn}.values())
    return [(t, Text.get_window_extent(t, renderer)) for t in unique]


def shown_width(fig, *, tight: bool) -> float:
    """The width in inches of the image shown in the column: the figure's own for a
    frame, the tight box plus savefig's 0.1-inch pads for a pyplot figure that the
    notebook saves with ``bbox_inches="tight"``."""
    if not tight:
        return float(fig.get_size_inches()[0])
    fig.canvas.draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    return float(box.width) + 0.2


def rendered_px(text, fig, *, tight: bool, width: float | None = None) -> float:
    """``text``'s size in CSS pixels once the image is scaled to the column."""
    width = shown_width(fig, tight=tight) if width is None else width
    return text.get_fontsize() * COLUMN / (72 * width)


def _name(text) -> str:
    return repr(text.get_text()[:40])


def text_problems(
    fig,
    *,
    tight: bool,
    tick: float = 10,
    other: float = 11,
    slack: float = 0.5,
) -> list[str]:
    """What is wrong with the texts of ``fig``, shown at the column's width: a tick
    label under ``tick`` CSS pixels, any other text under ``other``; two texts whose
    boxes overlap (by more than ``slack`` pixels each way); a text that leaves the
    figure (a frame: nothing trims it) or the region it is clipped to (a contour
    label cut by the axes' edge). Empty when there is none."""
    texts = drawn_texts(fig)
    width = shown_width(fig, tight=tight)
    ticks = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis, getattr(ax, "zaxis", None)):
            if axis is not None:
                for t in axis.get_majorticklabels() + axis.get_minorticklabels():
                    ticks.add(id(t))
    problems = []
    for t, _ in texts:
        least = tick if id(t) in ticks else other
        px = rendered_px(t, fig, tight=tight, width=width)
        if px < least - 1e-6:
            problems.append(f"text {_name(t)}: {px:.1f} px, under {least}")
    frame = fig.bbox
    for t, box in texts:
        if not tight and (
            box.x0 < frame.x0 - slack
            or box.y0 < frame.y0 - slack
            or box.x1 > frame.x1 + slack
            or box.y1 > frame.y1 + slack
        ):
            problems.append(f"text {_name(t)} leaves the figure")
        if t.get_clip_on():
            clip = t.get_clip_path()
            region = None
            if clip is not None:
                region = clip.get_fully_transformed_path().get_extents()
            elif t.get_clip_box() is not None:
                region = t.get_clip_box()
            if region is not None and (
                box.x0 < region.x0 - slack
                or box.y0 < region.y0 - slack
                or box.x1 > region.x1 + slack
                or box.y1 > region.y1 + slack
            ):
                problems.append(f"text {_name(t)} is cut by the edge of its axes")
    for i, (a, box_a) in enumerate(texts):
        for b, box_b in texts[i + 1 :]:
            dx = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
            dy = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
            if dx > slack and dy > slack:
                problems.append(f"texts {_name(a)} and {_name(b)} overlap")
    return problems


def smallest_px(fig, *, tight: bool) -> float:
    """The smallest text of ``fig`` in CSS pixels, shown at the column's width."""
    width = shown_width(fig, tight=tight)
    return min(
        rendered_px(t, fig, tight=tight, width=width) for t, _ in drawn_texts(fig)
    )


def text_report(fig, *, tight: bool) -> str:
    """One line for an audit: the smallest text and every problem."""
    problems = text_problems(fig, tight=tight)
    return f"min {smallest_px(fig, tight=tight):.1f} px; " + "; ".join(problems)

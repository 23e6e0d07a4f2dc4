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
    each axes' title, axis labels and tick labels are at least this many pixels high;
    the frames are drawn for the column, not narrower. Returns the problems found,
    empty when there are none."""
    width, _ = figure.fig.get_size_inches() * figure.fig.dpi
    shown = 688 / width  # CSS pixels per frame pixel on the website
    problems = [] if width >= 688 else [f"frames only {width:.0f} pixels wide"]

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

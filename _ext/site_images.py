"""The website's images: the same pixels in fewer bytes, loaded when they are seen.

A notebook stores its figures the way notebooks need them: a still figure as PNG, a
frame player self-contained, its frames base64 ``data:`` addresses inside the
player's HTML. On the website both cost more than they need to:

- **Players.** A ``data:`` address costs a third more bytes than its image, and
  every frame arrives with the page. Each frame (and each player's still image) is
  written to ``_images/frames/`` under a name made from its content, and the player
  points at the file. The player fetches a frame when it first shows it (see
  ``helpers/figures/player.py``), so a page loads its players' still images and
  nothing else until the reader moves a player.
- **Still figures.** Each PNG is also written as lossless WebP, the same pixels in
  about half the bytes, which every current browser shows; the page's ``<img>``
  points at it. The PNG's record of its smallest text (see
  ``helpers.figures.player.TEXT_SIZE_KEY``) moves into the ``<img>``'s
  ``data-text-px``, as a player's image has it.

Only the website (the ``html`` builder) is changed; the one-page HTML the PDF is
printed from keeps its own images.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
import sys
from pathlib import Path
from typing import Any

FRAMES = "_images/frames"
# A frame in the player's script, and the still image in its <img>: matplotlib breaks
# long base64 strings with backslash-newlines inside the script.
FRAME = re.compile(
    r'(frames\[\d+\] = |<img alt="[^"]*" src=)'
    r'"data:image/(webp|jpeg|png);base64,((?:[A-Za-z0-9+/=]|\\\n)+)"'
)
SUFFIXES = {"webp": "webp", "jpeg": "jpg", "png": "png"}
# A notebook's still figure as the page shows it.
FIGURE = re.compile(r'<img\b[^>]*?\bsrc="((?:\.\./)*_images/[0-9a-f]{16,}\.png)"[^>]*>')
ROOT = Path(__file__).resolve().parent.parent


def write_frame(outdir: Path, kind: str, encoded: str) -> str:
    """Write one image under its content's name; the name relative to the site."""
    data = base64.b64decode(encoded.replace("\\\n", ""))
    name = f"{hashlib.sha256(data).hexdigest()[:24]}.{SUFFIXES[kind]}"
    target = outdir / FRAMES / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return f"{FRAMES}/{name}"


def frames_to_files(body: str, outdir: Path, pagename: str) -> str:
    """``body`` with every player image a file under ``outdir``, linked relatively."""
    here = posixpath.dirname(pagename) or "."

    def move(match: re.Match) -> str:
        path = write_frame(outdir, match.group(2), match.group(3))
        return f'{match.group(1)}"{posixpath.relpath(path, here)}"'

    return FRAME.sub(move, body)


def as_webp(png: Path) -> tuple[Path, str | None]:
    """``png`` written beside itself as lossless WebP (once); with its text size."""
    from PIL import Image

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from helpers.figures.player import TEXT_SIZE_KEY

    webp = png.with_suffix(".webp")
    with Image.open(png) as image:
        text_px = image.info.get(TEXT_SIZE_KEY)
        if not webp.exists() or webp.stat().st_mtime < png.stat().st_mtime:
            image.save(webp, format="WEBP", lossless=True, method=4)
    return webp, text_px


def figures_as_webp(html: str, folder: Path) -> str:
    """``html`` (a page in ``folder``) with each notebook PNG shown as its WebP."""

    def swap(match: re.Match) -> str:
        tag, src = match.group(0), match.group(1)
        png = folder / src
        if not png.is_file():
            return tag
        _, text_px = as_webp(png)
        tag = tag.replace(f'src="{src}"', f'src="{src[:-4]}.webp"', 1)
        if text_px and "data-text-px=" not in tag:
            tag = tag.replace("<img ", f'<img data-text-px="{text_px}" ', 1)
        return tag

    return FIGURE.sub(swap, html)


def externalize(
    app: Any, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    if app.builder.name != "html" or "body" not in context:
        return
    context["body"] = frames_to_files(context["body"], Path(app.outdir), pagename)


def still_figures(app: Any, exception: Exception | None) -> None:
    """After the build (when the images are in place), every page's figures as WebP."""
    if exception is not None or app.builder.name != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if "_images/" not in html:
            continue
        changed = figures_as_webp(html, page.parent)
        if changed != html:
            page.write_text(changed, encoding="utf-8")


def setup(app: Any) -> dict:
    app.connect("html-page-context", externalize)
    app.connect("build-finished", still_figures)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

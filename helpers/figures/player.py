"""The frame player: an interactive figure on a page with no kernel.

On the static website there is no kernel, so an interactive figure also carries a
precomputed frame player (matplotlib's JavaScript animation) that the reader can drag.
The player and the live control travel in one display bundle,
:class:`InteractiveFigure`: a live front end shows the widget, the website shows the
player, a front end that runs no script shows the player's first frame as a still
image with a note to run the cell, and neither ever shows a dead slider.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import zlib
from collections.abc import Sequence
from html import escape
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from matplotlib import rc_context
from matplotlib.animation import FuncAnimation, HTMLWriter

WIDGET_MIMETYPE = "application/vnd.jupyter.widget-view+json"

STILL_NOTE = (
    "A still image of the interactive figure: run the cell to use it with sliders."
)
"""What a still image says where no script runs, unless the figure says more."""


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


TEXT_SIZE_KEY = "Smallest text (px)"
"""The PNG text chunk (and the player image's ``data-text-px``) that says how tall,
in the image's own pixels, its smallest text is: with the width the image is shown
at, the size that text is read at (the website's tests check it on every page)."""


def smallest_text_px(fig: Any, dpi: float | None = None) -> float | None:
    """The size in pixels, at ``dpi`` (the figure's own by default), of the smallest
    text ``fig`` draws: tick labels, labels, titles, legends, annotations. None when
    it draws no text."""
    from matplotlib.text import Text

    sizes = [
        text.get_fontsize()
        for text in fig.findobj(Text)
        if text.get_visible() and text.get_text().strip()
    ]
    if not sizes:
        return None
    return min(sizes) * (dpi or fig.dpi) / 72


def tag_text_size(data: bytes, px: float) -> bytes:
    """PNG ``data`` with a text chunk saying its smallest text is ``px`` pixels."""
    # Before the image data, where readers look for text without decoding the image.
    at = data.find(b"IDAT") - 4
    if not data.startswith(b"\x89PNG") or at < 8:
        return data
    body = TEXT_SIZE_KEY.encode("latin-1") + b"\0" + f"{px:.2f}".encode("ascii")
    chunk = b"tEXt" + body
    crc = zlib.crc32(chunk).to_bytes(4, "big")
    return data[:at] + len(body).to_bytes(4, "big") + chunk + crc + data[at:]


def tag_inline_figures() -> None:
    """In a notebook, tag every figure the notebook shows as PNG with its text size.

    Wraps whatever turns a matplotlib figure into PNG for the notebook (matplotlib's
    inline backend), so the image is the same bytes plus one text chunk. Does nothing
    outside IPython or where figures are not shown as PNG.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    formatters = getattr(getattr(shell, "display_formatter", None), "formatters", {})
    formatter = formatters.get("image/png")
    if formatter is None:
        return
    import matplotlib
    from matplotlib.figure import Figure

    # Load the inline backend first: it registers its formatter when it loads (at
    # the first figure otherwise), which would replace this one.
    if "inline" in str(matplotlib.get_backend()):
        try:
            import matplotlib_inline.backend_inline  # noqa: F401
        except ImportError:
            return
    try:
        original = formatter.lookup_by_type(Figure)
    except KeyError:
        return
    if getattr(original, "tags_text_size", False):
        return

    def tagged(fig: Any) -> Any:
        result = original(fig)
        data, meta = result if isinstance(result, tuple) else (result, None)
        if data is None:
            return result
        raw = base64.b64decode(data) if isinstance(data, str) else data
        try:
            from PIL import Image

            dpi = Image.open(io.BytesIO(raw)).info.get("dpi", (fig.dpi,))[0]
        except Exception:
            dpi = fig.dpi
        px = smallest_text_px(fig, dpi)
        if px is None:
            return result
        raw = tag_text_size(raw, px)
        data = base64.b64encode(raw).decode("ascii") if isinstance(data, str) else raw
        return data if meta is None else (data, meta)

    tagged.tags_text_size = True  # type: ignore[attr-defined]
    formatter.for_type(Figure, tagged)


def png(fig: Any) -> bytes:
    """The figure as PNG bytes, at its own resolution: the live image's content."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi="figure")
    return buffer.getvalue()


def frame_player(
    figure: Any,
    path: Sequence[tuple[Any, ...]],
    *,
    alt: str = "Animation frame",
    note: str = STILL_NOTE,
    labels: Sequence[str] | None = None,
    still: int = 0,
) -> str:
    """Render one frame per point of ``path`` into a draggable JavaScript player.

    ``figure`` has a matplotlib ``Figure`` in ``figure.fig``, and frame ``i`` is what
    ``figure.update(*path[i])`` draws on it: the same method the live sliders call
    (points (x0, y0) for chapter 1's figure, one-tuples of an angle, a learning rate
    or a step for the others). ``note`` is what the still image says to do where no
    script runs.

    The player is matplotlib's own (the HTML of
    :meth:`~matplotlib.animation.Animation.to_jshtml`): the still image as JPEG, every
    other frame as WebP (under half of PNG's size for these shaded surfaces), each
    decoded when the player first shows it; it is self-contained HTML, so it works
    on a static page with no kernel and no network (the website moves the frames
    into files of their own, ``_ext/site_images.py``). ``alt`` describes the frames
    for screen readers; the frame slider is labelled; the image records its smallest
    text's size in ``data-text-px``.

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
    if not 0 <= still < len(path):
        raise ValueError(f"still must be a frame of the player, 0 to {len(path) - 1}")
    # The still image (the frame that shows the figure's lesson, ``still``) stays
    # JPEG and is stored once, as the <img>'s src; the player starts on it.
    html = _frames_as_webp(html, keep=still)
    first = _frame_pattern(still).search(html)
    if first is None:
        raise RuntimeError("matplotlib's player has changed: no frame found")
    still_src = first.group(2).replace("\\\n", "")
    html = html.replace(
        first.group(0),
        f'{first.group(1)}document.getElementById(img_id).getAttribute("src");',
        1,
    )
    # What the page needs to know of the image: the frame it is, and how tall its
    # smallest text is drawn (tests/site/test_figure_text.py).
    text_px = smallest_text_px(figure.fig)
    size = "" if text_px is None else f' data-text-px="{text_px:.2f}"'
    html = _replace_once(
        html,
        "<img id=",
        f'<img alt="{escape(alt)}" src="{still_src}" data-start="{still}"{size} id=',
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
    # Frames are decoded (on the website: fetched) when first shown, not all at once
    # when the page opens; the player starts on the still image's frame.
    html = _replace_once(html, _EAGER_FRAMES, _LAZY_FRAMES)
    html = _replace_once(html, _FIRST_FRAME, _START_FRAME)
    if labels is not None:
        # What the slider moves, for the frame shown ("learning rate = 0.21"), above
        # the slider; the player's script keeps it up to date (_SHOW_CONTROLS).
        labels = [str(label) for label in labels]
        if len(labels) != len(path):
            raise ValueError(
                f"labels has {len(labels)} entries; the player has {len(path)} frames"
            )
        html = _replace_once(
            html,
            '<div class="anim-controls" hidden="hidden">',
            '<div class="anim-controls" hidden="hidden">\n'
            f'    <output class="anim-value" aria-live="polite" '
            f"data-labels='{escape(json.dumps(labels), quote=True)}'>"
            f"{escape(labels[0])}</output>",
        )
    random_id = _PLAYER_ID.search(html)
    if random_id is None:
        raise RuntimeError("matplotlib's player has changed: no image id found")
    html += _SHOW_CONTROLS.replace("ID", random_id.group(1)).replace(
        "START", str(still)
    )
    # Its element ids are random; derive them from the player's text (its alt text,
    # note, frame count and options) instead, so a re-run gives the same output. The
    # frames' pixels are left out: their anti-aliasing differs between machines.
    content = _IMAGE_DATA.sub("", html.replace(random_id.group(1), "")).encode()
    stable = "p" + hashlib.sha256(content).hexdigest()[:31]
    return html.replace(random_id.group(1), stable)


WEBP_QUALITY = 80
"""WebP quality of every frame but the still: about 40 % smaller than the JPEG at
Pillow's default quality, with axis labels and tick numbers as sharp."""


def _frames_as_webp(html: str, keep: int = 0) -> str:
    """Every frame but ``keep`` re-encoded as WebP, which every current browser shows.

    The kept frame stays JPEG: it is also the still image, which notebook front ends
    and the PDF show, and notebooks know ``image/jpeg`` but not WebP.
    """
    from PIL import Image

    def webp(match: re.Match) -> str:
        if int(match.group(2)) == keep:
            return match.group(0)
        jpeg = base64.b64decode(match.group(3).replace("\\\n", ""))
        buffer = io.BytesIO()
        Image.open(io.BytesIO(jpeg)).save(
            buffer, format="WEBP", quality=WEBP_QUALITY, method=6
        )
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        return f'{match.group(1)}"data:image/webp;base64,{data}"'

    return _ANY_FRAME.sub(webp, html)


def _frame_pattern(index: int) -> re.Pattern:
    return re.compile(
        rf'(frames\[{index}\] = )"(data:image/jpeg;base64,(?:[A-Za-z0-9+/=]|\\\n)+)"'
    )


def _replace_once(html: str, old: str, new: str) -> str:
    if old not in html:
        raise RuntimeError(f"matplotlib's player has changed: {old!r} not found")
    return html.replace(old, new, 1)


_EAGER_FRAMES = """    for (var i=0; i<frames.length; i++)
    {
     this.frames[i] = new Image();
     this.frames[i].src = frames[i];
    }"""
_LAZY_FRAMES = """    for (var i=0; i<frames.length; i++)
    {
     this.frames[i] = {src: frames[i]};
    }"""
_FIRST_FRAME = "this.current_frame = 0;"
_START_FRAME = (
    "this.current_frame = "
    'parseInt(document.getElementById(img_id).getAttribute("data-start") || "0");'
)
_CDN_LINK = re.compile(r"<link[^>]*https?://[^>]*>\s*", re.IGNORECASE)
_IMAGE_DATA = re.compile(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=\\\n]+")
_PLAYER_ID = re.compile(r'id="_anim_img([0-9a-f]{32})"')
_ANY_FRAME = re.compile(
    r'(frames\[(\d+)\] = )"data:image/jpeg;base64,((?:[A-Za-z0-9+/=]|\\\n)+)"'
)
# Runs only where scripts run (the website, a trusted notebook): the player works, so
# its controls show and the note for script-less front ends goes.
_SHOW_CONTROLS = """<script>
  (function() {
    var player = document.getElementById("_anim_imgID").parentNode;
    player.querySelector(".anim-controls").hidden = false;
    var note = player.querySelector(".anim-still-note");
    if (note) { note.remove(); }
    var value = player.querySelector(".anim-value");
    var slider = document.getElementById("_anim_sliderID");
    var labels = value ? JSON.parse(value.dataset.labels) : null;
    var show = function() {
      if (labels && slider) { value.textContent = labels[parseInt(slider.value)] || ""; }
    };
    if (slider) { slider.addEventListener("input", show); }
    // Once the player exists: start on the still image's frame, and follow playing
    // and stepping, which go through the player's set_frame, with the value line.
    // The first time the reader moves the player, every frame starts loading, so
    // that playing does not wait for each one.
    var hook = function() {
      var anim = window["animID"];
      if (!anim) { setTimeout(hook, 50); return; }
      var original = anim.set_frame, loaded = false;
      anim.set_frame = function(frame) {
        if (!loaded && frame !== START) {
          loaded = true;
          anim.frames.forEach(function(f) { new Image().src = f.src; });
        }
        original.call(anim, frame);
        show();
      };
      anim.set_frame(START);
    };
    hook();
  })();
</script>
"""

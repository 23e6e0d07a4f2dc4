"""The website's images: player frames as files, still figures as lossless WebP."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from PIL import Image  # noqa: E402

from helpers.figures.base import new_figure  # noqa: E402
from helpers.figures.player import (  # noqa: E402
    TEXT_SIZE_KEY,
    frame_player,
    png,
    tag_text_size,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_ext"))

import site_images  # noqa: E402 - _ext is not a package


class Line:
    def __init__(self) -> None:
        self.fig = new_figure((4.0, 2.0))
        self.ax = self.fig.add_subplot()
        (self.line,) = self.ax.plot([0, 1], [0, 0])
        self.ax.set_ylim(0, 1)

    def update(self, y: float) -> None:
        self.line.set_ydata([0, y])


def test_player_frames_become_files_named_by_content(tmp_path):
    html = frame_player(Line(), [(0.2,), (0.5,), (0.8,)], alt="A line", still=1)
    body = site_images.frames_to_files(html, tmp_path, "book/chapter")
    assert "data:image" not in body
    linked = re.findall(r'"(\.\./_images/frames/[0-9a-f]{24}\.(?:webp|jpg))"', body)
    assert len(set(linked)) == 3  # two frames in the script, the still in the <img>
    files = sorted((tmp_path / "_images" / "frames").iterdir())
    assert [f.suffix for f in files].count(".jpg") == 1  # the still stays JPEG
    for path in linked:
        with Image.open(tmp_path / path.removeprefix("../")) as image:
            assert image.size == (344, 172)  # 4 x 2 inches at 86 dots per inch
    # The still image's <img> keeps its attributes; the player starts from its src.
    assert re.search(r'<img alt="A line" src="\.\./_images/frames/\w+\.jpg"', body)
    assert site_images.frames_to_files(html, tmp_path, "book/chapter") == body


def test_a_still_figure_is_shown_as_lossless_webp_with_its_text_size(tmp_path):
    fig = new_figure((4.0, 3.0), dpi=100)
    ax = fig.add_subplot()
    ax.plot([0, 1], [1, 0])
    data = tag_text_size(png(fig), 13.89)
    images = tmp_path / "_images"
    images.mkdir()
    name = "ab" * 32
    (images / f"{name}.png").write_bytes(data)
    page = tmp_path / "book"
    page.mkdir()
    html = f'<p><img alt="A line" class="x" src="../_images/{name}.png" /></p>'
    shown = site_images.figures_as_webp(html, page)
    assert shown == (
        f'<p><img data-text-px="13.89" alt="A line" class="x" '
        f'src="../_images/{name}.webp" /></p>'
    )
    with Image.open(images / f"{name}.webp") as webp, Image.open(io.BytesIO(data)) as p:
        assert webp.format == "WEBP"
        assert webp.convert("RGBA").tobytes() == p.convert("RGBA").tobytes()
        assert p.info[TEXT_SIZE_KEY] == "13.89"
    # An image that is not a notebook's figure is left alone.
    other = '<img src="../_static/logo.png" />'
    assert site_images.figures_as_webp(other, page) == other

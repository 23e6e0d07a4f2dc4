"""Every figure's text is readable at the size the page shows the figure.

A figure is an image, scaled to the column: its text is read at the size it was
drawn (in the image's own pixels) times the width it is shown at over the width it
was drawn at. Every figure carries the first number: a player's image in its
``data-text-px``, a notebook's PNG in a text chunk (``helpers.figures.player``
writes both). On a laptop's column and a tablet's the smallest text must reach the
body's small print. On a phone, where a figure drawn for the laptop's column shrinks
to half, a tap shows the figure at the size it was drawn, in a box that scrolls
sideways (``_vendor/book.js``): there its text must reach the same floor.
"""

from __future__ import annotations

import io
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image
from sitekit import SITE

from helpers.figures.player import TEXT_SIZE_KEY

# CSS pixels: the body's small print (captions, figure notes) at the desktop widths;
# on a phone, fitted to the column before a tap, half of it.
FLOOR = {1280: 10.0, 768: 10.0, 360: 5.0}

FIGURES = """() => [...document.querySelectorAll('article.bd-article div.cell_output img')]
  .filter((img) => img.getBoundingClientRect().width > 0)
  .map((img) => ({
    src: img.currentSrc || img.src,
    natural: img.naturalWidth,
    shown: img.getBoundingClientRect().width,
    textPx: img.dataset.textPx || null,
    alt: (img.getAttribute('alt') || '').slice(0, 60),
  }))"""


def drawn_text_px(figure: dict) -> float | None:
    """The smallest text's size in the image's own pixels, as the image records it."""
    if figure["textPx"]:
        return float(figure["textPx"])
    path = unquote(urlsplit(figure["src"]).path).lstrip("/")
    file = SITE / path
    if not file.is_file():
        return None
    with Image.open(io.BytesIO(file.read_bytes())) as image:
        value = image.info.get(TEXT_SIZE_KEY)
    return float(value) if value else None


@pytest.mark.parametrize("width", sorted(FLOOR))
def test_figure_text_is_readable_in_the_column(visit, chapter_path, width):
    page = visit(chapter_path).page
    page.set_viewport_size({"width": width, "height": 900})
    page.evaluate("() => window.dispatchEvent(new Event('resize'))")
    page.wait_for_timeout(300)
    figures = page.evaluate(FIGURES)
    assert figures, f"{chapter_path}: no figure found"
    problems = []
    for figure in figures:
        drawn = drawn_text_px(figure)
        if drawn is None:
            problems.append(
                f"records no text size: {figure['alt']!r} ({figure['src']})"
            )
            continue
        if not figure["natural"]:
            problems.append(f"did not load: {figure['alt']!r}")
            continue
        shown = drawn * figure["shown"] / figure["natural"]
        if shown < FLOOR[width]:
            problems.append(
                f"smallest text {shown:.1f} px (drawn {drawn:.1f} px, image "
                f"{figure['natural']} px shown at {figure['shown']:.0f}): "
                f"{figure['alt']!r}"
            )
    assert problems == [], (
        f"{chapter_path} at {width} px, floor {FLOOR[width]} px:\n  "
        + "\n  ".join(problems)
    )


def test_on_a_phone_a_tap_shows_a_figure_at_its_full_size(visit, chapter_path):
    """A figure a phone shrinks shows at the size it was drawn when tapped (its text
    as large as drawn, at least the desktop floor), in a box that scrolls sideways,
    and fits the column again at the next tap; Enter does the same."""
    page = visit(chapter_path).page
    page.set_viewport_size({"width": 360, "height": 800})
    page.evaluate("() => window.dispatchEvent(new Event('resize'))")
    page.wait_for_timeout(300)
    figures = page.locator("article.bd-article div.cell_output img.book-zoomable")
    count = figures.count()
    assert count == len(page.evaluate(FIGURES)), "a shrunk figure cannot be enlarged"
    problems = []
    for k in range(count):
        img = figures.nth(k)
        img.scroll_into_view_if_needed()
        fitted = img.bounding_box()["width"]
        (img.press("Enter") if k % 2 else img.click())
        state = img.evaluate(
            """(img) => ({
              pressed: img.getAttribute('aria-pressed'),
              shown: img.getBoundingClientRect().width,
              natural: img.naturalWidth,
              scrolls: getComputedStyle(img.parentElement).overflowX,
              column: document.querySelector('article.bd-article')
                .getBoundingClientRect().right,
              box: img.parentElement.getBoundingClientRect().right,
            })"""
        )
        figure = page.evaluate(FIGURES)[k]
        drawn = drawn_text_px(figure)
        if state["pressed"] != "true" or abs(state["shown"] - state["natural"]) > 1:
            problems.append(f"figure {k} did not open at full size: {state}")
        elif state["scrolls"] != "auto" or state["box"] > state["column"] + 1:
            problems.append(f"figure {k} at full size runs past the column: {state}")
        elif drawn is None or drawn < FLOOR[1280]:
            problems.append(f"figure {k} at full size: smallest text {drawn} px")
        img.click()
        if abs(img.bounding_box()["width"] - fitted) > 1:
            problems.append(f"figure {k} did not fit the column again")
    assert problems == [], f"{chapter_path}:\n  " + "\n  ".join(problems)

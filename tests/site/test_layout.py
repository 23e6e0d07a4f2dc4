"""Nothing runs past the text column on a phone or a laptop.

Every formula, image, table, printed output and player must fit the article's
column or sit in a box that scrolls (a wide display formula, a table of printed
numbers); nothing may be cut off by a box that hides what overflows.
"""

from __future__ import annotations

import pytest

OVERFLOWS = """() => {
  const article = document.querySelector('article.bd-article');
  const edge = article.getBoundingClientRect().right;
  const scrollBox = (el) => {
    for (let e = el; e && e !== article; e = e.parentElement) {
      const s = getComputedStyle(e);
      if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && e.scrollWidth > e.clientWidth)
        return e;
    }
    return null;
  };
  const clippedBy = (el) => {
    const right = el.getBoundingClientRect().right;
    for (let e = el.parentElement; e && e !== article; e = e.parentElement) {
      const s = getComputedStyle(e);
      if ((s.overflowX === 'hidden' || s.overflowX === 'clip')
          && right > e.getBoundingClientRect().right + 1) return e;
    }
    return null;
  };
  const found = [];
  const items = 'mjx-container, img, table, pre, div.animation, iframe, svg, video';
  for (const el of article.querySelectorAll(items)) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || scrollBox(el)) continue;
    const text = (el.textContent || el.getAttribute('alt') || '').trim().slice(0, 50);
    const what = `${el.tagName.toLowerCase()} ${text}`;
    const past = Math.round(box.right - edge);
    if (box.right > edge + 1) found.push(`runs ${past} px past the column: ${what}`);
    else if (clippedBy(el)) found.push(`is cut off: ${what}`);
  }
  return found;
}"""


@pytest.mark.parametrize(
    "width, mode",
    [(360, "light"), (360, "dark"), (768, "light"), (1280, "light"), (1280, "dark")],
)
def test_nothing_runs_past_the_column(visit, page_path, width, mode):
    page = visit(page_path, dark=mode == "dark").page
    page.set_viewport_size({"width": width, "height": 900})
    page.evaluate("() => window.dispatchEvent(new Event('resize'))")
    page.wait_for_timeout(300)
    found = page.evaluate(OVERFLOWS)
    assert found == [], f"{page_path} at {width} px, {mode}:\n  " + "\n  ".join(found)


DARK_STATE = """() => {
  const page = getComputedStyle(document.body).backgroundColor;
  const players = [...document.querySelectorAll('div.animation')].map((a) => {
    const box = a.closest('div.output');
    return getComputedStyle(box).backgroundColor;
  });
  const figures = [...document.querySelectorAll('div.cell_output img')].map(
    (img) => getComputedStyle(img).filter);
  return {page, players, figures};
}"""


def test_in_dark_mode_figures_and_players_are_dark(visit):
    state = visit("book/03_gradients.html", dark=True).page.evaluate(DARK_STATE)
    assert state["players"], "no player on the page"
    light = [
        bg for bg in state["players"] if bg not in ("rgba(0, 0, 0, 0)", state["page"])
    ]
    assert not light, f"players sit on a light panel in dark mode: {light}"
    plain = [f for f in state["figures"] if "invert" not in f]
    assert not plain, f"figures shown as light blocks in dark mode: {plain[:3]}"

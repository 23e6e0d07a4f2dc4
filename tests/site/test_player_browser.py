"""The frame player in a real browser: a working player where scripts run, a still
image where they do not.

The player's HTML (what a notebook stores and the website embeds) is loaded into the
website tests' headless Chromium (the session's ``browser`` fixture) twice: with JavaScript,
as on the website, and without, as in a front end that drops the scripts of a
notebook that has not been run (JupyterLab, GitHub's notebook view).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from helpers.figures import explore_partials
from helpers.figures.ch01 import PARTIALS_NOTE as STILL_NOTE
from helpers.figures.ch01 import circle_path


def f(x, y):
    return x**2 * np.cos(x * y)


@pytest.fixture(scope="module")
def player_html() -> str:
    html = explore_partials(f, path=circle_path(n_frames=4)).html
    return f"<!doctype html><html><body>{html}</body></html>"


def open_player(browser, html: str, *, scripts: bool):
    context = browser.new_context(
        java_script_enabled=scripts, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_content(html, wait_until="load")
    return context, page, errors


def image_state(page) -> dict:
    return page.locator("img").first.evaluate(
        "img => ({src: img.getAttribute('src'), complete: img.complete,"
        " width: img.naturalWidth, height: img.naturalHeight})"
    )


def test_without_scripts_a_still_image_and_no_dead_controls(browser, player_html):
    context, page, errors = open_player(browser, player_html, scripts=False)
    try:
        image = image_state(page)
        assert image["src"].startswith("data:image/jpeg;base64,")
        assert image["complete"] and (image["width"], image["height"]) == (688, 266)
        assert page.locator("img").first.is_visible()
        assert not page.locator("input[type=range]").is_visible()
        assert not page.get_by_role("button", name="Next frame").is_visible()
        note = page.locator(".anim-still-note")
        assert note.is_visible() and note.inner_text() == STILL_NOTE
        assert errors == []
    finally:
        context.close()


def test_with_scripts_the_player_works_from_the_still_image(browser, player_html):
    context, page, errors = open_player(browser, player_html, scripts=True)
    try:
        slider = page.locator("input[type=range]")
        slider.wait_for(state="visible", timeout=5000)
        assert page.locator(".anim-still-note").count() == 0
        still = image_state(page)["src"]
        page.wait_for_function("() => Object.keys(window).some(k => /^animp/.test(k))")
        assert slider.evaluate("el => el.max") == "3"

        def set_frame(value: str) -> str:
            slider.evaluate(
                "(el, v) => { el.value = v;"
                " el.dispatchEvent(new Event('input', {bubbles: true})); }",
                value,
            )
            return image_state(page)["src"]

        assert set_frame("2") != still
        assert set_frame("0") == still  # the first frame is the still image itself
        page.get_by_role("button", name="Next frame").click()
        after = image_state(page)
        assert after["src"] != still and after["src"].startswith("data:image/")
        assert errors == []
    finally:
        context.close()

"""Every page of the built site loads cleanly, offline, and renders its content.

Read-only checks: each page is loaded once per module (the `loaded` fixture) and the
tests below only look at it.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from sitekit import (
    SITE,
    built_has_math,
    built_soup,
    format_weight,
    scan_built,
    source_has_math,
)

# What a chapter page may load of its own when it opens (its players' other frames
# come when a reader moves a player; tests/benchmark.py --weights counts them too).
BUDGET = 1_000_000


def test_site_is_built():
    assert (SITE / "index.html").is_file(), "build the site first: make book"
    refresh = built_soup("index.html").find(
        "meta", attrs={"http-equiv": re.compile("^refresh$", re.I)}
    )
    assert refresh, "index.html does not redirect to the first page"
    target = re.fullmatch(r"\d+;\s*url=(\S+)", refresh.get("content", ""), re.I)
    assert target, f"index.html: unexpected refresh {refresh}"
    assert (SITE / target[1]).is_file(), f"index.html redirects to {target[1]}"


def test_no_console_errors(page_path, loaded):
    page = loaded(page_path)
    assert page.console_errors == [], (
        f"{page_path}: console errors / uncaught exceptions:\n  "
        + "\n  ".join(page.console_errors)
    )


def test_no_requests_leave_the_site(page_path, loaded):
    page = loaded(page_path)
    assert page.blocked == [], (
        f"{page_path} requested other hosts (blocked):\n  " + "\n  ".join(page.blocked)
    )


def test_every_local_request_succeeds(page_path, loaded):
    page = loaded(page_path)
    assert page.failed == [], f"{page_path}: failed requests:\n  " + "\n  ".join(
        page.failed
    )


def test_page_weight(page_path, loaded, record_property):
    weight = loaded(page_path).weight()
    print(format_weight(weight))
    record_property("page_weight", weight)
    assert weight["unreadable"] == [], weight["unreadable"]
    assert weight["html"] > 0, f"{page_path}: no HTML body recorded"


def _heaviest(weight: dict) -> str:
    return "\n  ".join(f"{size:>10,} B  {url}" for url, size in weight["heaviest"])


def test_chapter_weight_beyond_static(chapter_path, loaded):
    """The chapter's own bytes (HTML, images, ...) outside the shared _static/.

    A page's budget counts what it loads beyond _static/: the theme's shared assets
    (Font Awesome, MathJax, ...) are cached after the first page. The first-visit total
    is printed in the session summary, not asserted.
    """
    weight = loaded(chapter_path).weight()
    assert weight["beyond_static"] < BUDGET, (
        f"{format_weight(weight)}\nheaviest files:\n  {_heaviest(weight)}"
    )


def test_math_is_typeset(page_path, loaded):
    math = scan_built(page_path).math
    expected = math["span"] + math["div"]
    if source_has_math(page_path):
        assert expected > 0, (
            f"{page_path}: the source writes math with $ but the built page has no "
            "span.math/div.math (dollarmath not applied?)"
        )
    if not (expected or built_has_math(page_path)):
        return
    page = loaded(page_path).page
    # Typeset when the site was built (_ext/site_math.py): no MathJax in the browser.
    assert page.evaluate("() => !window.MathJax"), (
        f"{page_path} loads MathJax in the browser, but its math is typeset at build"
    )
    typeset = page.locator("mjx-container").count()
    assert typeset == expected, (
        f"{page_path}: {typeset} mjx-container elements, but the HTML has "
        f"{math['span']} span.math + {math['div']} div.math = {expected}"
    )
    errors = page.evaluate(
        "() => Array.from(document.querySelectorAll('mjx-merror, [data-mjx-error]'),"
        " e => e.getAttribute('data-mjx-error') || e.textContent).slice(0, 10)"
    )
    assert errors == [], f"{page_path}: MathJax reports TeX errors: {errors}"


RAW_TEX = re.compile(r"\\(frac|partial|begin\{|end\{|mathbf|sum_|\(|\[)")


def test_no_raw_tex_outside_code(page_path, loaded):
    texts = loaded(page_path).page.evaluate(
        """() => {
            const skip = 'pre, code, script, style, textarea, mjx-container';
            const walker = document.createTreeWalker(document.body,
                                                     NodeFilter.SHOW_TEXT);
            const found = [];
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                if (!n.parentElement.closest(skip)) found.push(n.textContent);
            }
            return found;
        }"""
    )
    raw = [text.strip()[:120] for text in texts if RAW_TEX.search(text)]
    assert raw == [], f"{page_path}: untypeset TeX in the page text: {raw}"
    visible = loaded(page_path).page.evaluate("() => document.body.innerText")
    code = loaded(page_path).page.evaluate(
        "() => Array.from(document.querySelectorAll('pre, code'), e => e.innerText)"
    )
    for block in code:
        visible = visible.replace(block, "")
    assert "\\frac" not in visible, f"{page_path}: raw \\frac visible in the page"


DEAD_WIDGET_TEXT = re.compile(
    r"Loading widget|Error displaying widget|model not found|"
    r"\b(?:VBox|HBox|Box|interactive|FloatSlider|IntSlider|Output)\(children="
)


def test_no_dead_widgets(page_path, loaded):
    page = loaded(page_path).page
    elements = page.evaluate(
        """() => Array.from(document.querySelectorAll(
            'script[type="application/vnd.jupyter.widget-view+json"],'
            + ' .jupyter-widgets, .widget-area, .jupyter-widgets-output-area'),
            e => e.outerHTML.slice(0, 160))"""
    )
    assert elements == [], f"{page_path}: ipywidgets placeholders: {elements}"
    text = page.evaluate("() => document.body.innerText")
    dead = sorted({m.group(0) for m in DEAD_WIDGET_TEXT.finditer(text)})
    assert dead == [], f"{page_path}: text of a dead widget on the page: {dead}"


def test_internal_links_resolve(page_path, loaded):
    page = loaded(page_path)
    hrefs = page.page.evaluate(
        "() => Array.from(document.querySelectorAll('a[href]'),"
        " a => [a.href, a.getAttribute('href')])"
    )
    problems = []
    for absolute, raw in hrefs:
        if not absolute.startswith(page.base):
            continue
        parts = urlsplit(absolute)
        target = unquote(parts.path).lstrip("/")
        if target == "" or target.endswith("/"):
            target += "index.html"
        file = SITE / target
        if not file.is_file():
            problems.append(f'href="{raw}": {target} does not exist')
            continue
        fragment = unquote(parts.fragment)
        if fragment and file.suffix == ".html":
            if fragment not in scan_built(target).anchors:
                problems.append(f'href="{raw}": no id="{fragment}" in {target}')
    assert problems == [], f"{page_path}: broken internal links:\n  " + "\n  ".join(
        sorted(set(problems))
    )


def test_images_load(page_path, loaded):
    broken = loaded(page_path).page.evaluate(
        """() => Array.from(document.images)
            .filter(img => !(img.complete && img.naturalWidth > 0))
            .map(img => (img.id ? '#' + img.id + ' ' : '')
                 + (img.getAttribute('src') || '(no src)').slice(0, 100))"""
    )
    assert broken == [], f"{page_path}: images that did not load: {broken}"


# A first visit to any page loads at most this many bytes of shared files (everything
# under _static/: the theme, its icon fonts, MathJax's fonts), uncompressed.
SHARED_BUDGET = 1_000_000


def test_first_visit_shared_weight(page_path, loaded):
    """The theme's and MathJax's files a first visit loads, fonts included."""
    weight = loaded(page_path).weight()
    assert weight["static"] <= SHARED_BUDGET, (
        f"{format_weight(weight)}: more than {SHARED_BUDGET:,} B of shared files"
        f"\nheaviest files:\n  {_heaviest(weight)}"
    )

"""The theme's icons from web fonts cut down to the icons the site shows.

pydata-sphinx-theme draws its icons with Font Awesome, either through a 1.5 MB
JavaScript file that turns every ``<i class="fa-...">`` into an SVG, or through the
Font Awesome web fonts its stylesheet declares (270 kB for the two a page loads).
The site drops the JavaScript (``_templates/layout.html``) and keeps the stylesheet's
icons, and this extension writes, after each build, subsets of the theme's fonts
that hold only the icons the site uses: every ``fa-<name>`` class in the built pages
(the header's buttons, the frame players' controls) and every icon the theme's
stylesheets name in ``content:`` (admonitions, external links, ...). ``book.css``
declares them after the theme's own, so the browser loads the small ones.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.util import logging

logger = logging.getLogger(__name__)

WEBFONTS = Path("_static") / "vendor" / "fontawesome" / "webfonts"
FONTS = ("fa-solid-900", "fa-regular-400", "fa-brands-400")
OUT = Path("_static") / "icons"
STYLESHEETS = ("styles/pydata-sphinx-theme.css", "styles/sphinx-book-theme.css")
ICON_CLASS = re.compile(r"\bfa-([a-z0-9-]+)")
CLASS_RULE = re.compile(r"([^{}]+)\{content:\"(\\[0-9a-f]{1,6}|\\.|[^\"\\])\"\}")
CODEPOINT = re.compile(r"\"\\([ef][0-9a-f]{3})\"")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # icons written as characters


def css_character(text: str) -> int:
    """The character a CSS string of one character means (``\\f135``, ``\\+``, ``x``)."""
    if re.fullmatch(r"\\[0-9a-f]+", text):
        return int(text[1:], 16)
    return ord(text[-1])


def class_codepoints(css: str) -> dict[str, int]:
    """``{"rocket": 0xF135, ...}`` from the ``.fa-rocket:before{content:"\\f135"}`` rules."""
    names = {}
    for selectors, code in CLASS_RULE.findall(css):
        for selector in selectors.split(","):
            match = re.fullmatch(r"\s*\.fa-([a-z0-9-]+):{1,2}before\s*", selector)
            if match:
                names[match.group(1)] = css_character(code)
    return names


def used_codepoints(outdir: Path) -> set[int]:
    static = outdir / "_static"
    css = "\n".join(
        (static / name).read_text(encoding="utf-8")
        for name in STYLESHEETS
        if (static / name).is_file()
    )
    names = class_codepoints(css)
    # Icons the stylesheets draw themselves (admonitions, links, the page's outline).
    rules = CLASS_RULE.sub("", css)
    codes = {0x20} | {int(code, 16) for code in CODEPOINT.findall(rules)}
    codes |= {ord(char) for char in PRIVATE_USE.findall(rules)}
    for page in outdir.rglob("*.html"):
        if page.relative_to(outdir).parts[0] == "_static":
            continue
        for name in ICON_CLASS.findall(page.read_text(encoding="utf-8")):
            if name in names:
                codes.add(names[name])
    return codes


def subset_fonts(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    from fontTools import subset

    outdir = Path(app.outdir)
    codes = used_codepoints(outdir)
    (outdir / OUT).mkdir(parents=True, exist_ok=True)
    for name in FONTS:
        source = outdir / WEBFONTS / f"{name}.ttf"
        if not source.is_file():
            logger.warning(
                "site_icons: %s is missing (did the theme move its fonts?)",
                source,
                type="site_icons",
            )
            continue
        options = subset.Options()
        options.flavor = "woff"  # woff2 would need brotli
        options.layout_features = []
        options.notdef_outline = True
        font = subset.load_font(str(source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codes)
        subsetter.subset(font)
        subset.save_font(font, str(outdir / OUT / f"{name}.woff"), options)


def setup(app: Any) -> dict:
    app.connect("build-finished", subset_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

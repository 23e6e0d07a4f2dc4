"""Formulas typeset when the site is built, so that pages load no MathJax JavaScript.

MathJax in the browser costs every first visit 1.2 MB of JavaScript before a formula
appears. This extension typesets each page's formulas as the HTML is written, with
the same MathJax (the npm package ``mathjax-full``, run by Node.js through
``scripts/typeset_math.js``), into MathJax's CommonHTML: the page carries its
formulas as HTML with a small stylesheet for the characters it uses, and the browser
loads only the MathJax web fonts those characters need (served from ``_vendor``).
Each formula keeps hidden MathML for screen readers.

Only the website (the ``html`` builder) is typeset here; the one-page HTML the PDF is
printed from keeps MathJax in the browser. A TeX error in a formula is a build
warning (the build runs with ``-W``), with the formula and its page.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from sphinx.util import logging

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "typeset_math.js"
FONTS = "_static/mathjax/output/chtml/fonts/woff-v2"
# Sphinx writes inline math as <span class="math ...">\(...\)</span> and display math
# as <div class="math ...">\[...\]</div> (amsmath environments without the \[ \]).
MATH = re.compile(
    r'(<(span|div) class="math notranslate nohighlight"[^>]*>)(.*?)(</\2>)', re.S
)
# What MathJax writes that a page does not need, about 3 % of a chapter: the hidden
# MathML's namespace (an HTML parser gives <math> its namespace by itself), its
# "unselectable" (MathJax's stylesheet already makes it unselectable) and the TeX
# classes MathJax keeps for reading its own MathML back.
REDUNDANT = re.compile(
    r' (?:xmlns="http://www\.w3\.org/1998/Math/MathML"|unselectable="on"'
    r'|data-mjx-texclass="[A-Z]+")'
)
INSTALL = "run `make node_modules/.installed` (npm ci) to install it"


class Typesetter:
    """One Node.js process per build that typesets the formulas of one page at a time."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    def start(self) -> bool:
        if self.process is not None:
            return True
        node = shutil.which("node")
        if node is None or not (ROOT / "node_modules" / "mathjax-full").is_dir():
            logger.warning(
                "site_math: Node.js and the npm package mathjax-full are needed to "
                "typeset the formulas; %s",
                INSTALL,
                type="site_math",
                subtype="setup",
            )
            return False
        self.process = subprocess.Popen(
            [node, str(SCRIPT)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        return True

    def typeset(self, formulas: list[tuple[str, bool]], font_url: str) -> dict:
        assert self.process and self.process.stdin and self.process.stdout
        request = {"font_url": font_url, "formulas": formulas}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def stop(self, *args: Any) -> None:
        if self.process is not None:
            self.process.stdin.close()
            self.process.wait(timeout=30)
            self.process = None


def formula_of(inner: str, tag: str) -> tuple[str, bool]:
    """The TeX of one math element and whether it is displayed."""
    tex = html.unescape(inner).strip()
    for opening, closing in (("\\(", "\\)"), ("\\[", "\\]")):
        if tex.startswith(opening) and tex.endswith(closing):
            return tex[2:-2].strip(), opening == "\\["
    return tex, tag == "div"


def compact_css(css: str) -> str:
    css = re.sub(r"\s*([{};:,>])\s*", r"\1", css)
    return re.sub(r"\s+", " ", css).replace(";}", "}").strip()


def is_mathjax(script: Any, mathjax_path: str) -> bool:
    filename = getattr(script, "filename", None) or ""
    body = (getattr(script, "attributes", None) or {}).get("body", "")
    return filename.split("?")[0].endswith(mathjax_path) or body.startswith(
        "window.MathJax"
    )


def typeset_page(app: Any, pagename: str, templatename: str, context: dict, doctree):
    if app.builder.name != "html" or "body" not in context:
        return
    body = context["body"]
    found = list(MATH.finditer(body))
    scripts = context.get("script_files") or []
    context["script_files"] = [
        s for s in scripts if not is_mathjax(s, app.config.mathjax_path)
    ]
    if not found:
        return
    typesetter: Typesetter = app.site_math
    if not typesetter.start():
        return
    formulas = [formula_of(m.group(3), m.group(2)) for m in found]
    font_url = context["pathto"](FONTS, 1)
    answer = typesetter.typeset(formulas, font_url)
    if "error" in answer:
        logger.warning(
            "site_math: MathJax failed on %s: %s",
            pagename,
            answer["error"],
            type="site_math",
            subtype="mathjax",
        )
        return
    for error in answer["errors"]:
        logger.warning(
            "TeX error on page %s: %s",
            pagename,
            error,
            type="site_math",
            subtype="tex",
        )
    pieces, last = [], 0
    for match, rendered, (_, display) in zip(
        found, answer["html"], formulas, strict=True
    ):
        if display:
            # A displayed formula wider than the column scrolls: keyboard users
            # reach it with Tab (MathJax in the browser makes every formula focusable).
            rendered = rendered.replace(
                "<mjx-container ", '<mjx-container tabindex="0" ', 1
            )
        pieces += [body[last : match.start(3)], REDUNDANT.sub("", rendered)]
        last = match.end(3)
    pieces.append(body[last:])
    context["body"] = "".join(pieces)
    style = f'<style id="mathjax-chtml">{compact_css(answer["css"])}</style>'
    context["metatags"] = context.get("metatags", "") + "\n" + style


def setup(app: Any) -> dict:
    app.site_math = Typesetter()
    app.connect("html-page-context", typeset_page)
    app.connect("build-finished", app.site_math.stop)
    return {"parallel_read_safe": True, "parallel_write_safe": False}

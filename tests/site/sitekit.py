"""Helpers of the website tests: discovery, book sources, the local server, visits.

Imported by conftest.py and the test modules (pytest puts this folder on sys.path).
No ``__init__.py`` here on purpose: with ``tests/`` not a package, a
``tests/site/__init__.py`` would make this folder the package ``site`` and shadow
Python's own ``site`` module.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/
from build_status import (  # noqa: E402
    browser_problem,
    chromium_path,
    site_problem,
)

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = chromium_path() or "chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# Why the site cannot be tested (missing, or older than its sources), or None.
NOT_BUILT = site_problem()
BROWSER_MISSING = browser_problem()
# Root files that are not pages of the book: Sphinx's index and search pages,
# index.html, which only redirects to the first page, and the 404 page, whose links are absolute
# (tested on its own in test_reader_pages.py).
NOT_PAGES = {"genindex.html", "search.html", "index.html", "404.html"}
CHAPTER = re.compile(r"^book/\d\d_[^/]+\.html$")
VIEWPORT = {"width": 1280, "height": 900}
# Sphinx's own folders (_static, _sources, _images) hold no pages; _static holds
# theme template fragments such as webpack-macros.html.
SPHINX_FOLDERS = ("_static", "_sources", "_images")


# --------------------------------------------------------------------------------------
# Discovery (runs at collection time; must not fail when the site is not built)


def discover_pages() -> list[str]:
    """Site-relative paths of the book's pages, sorted."""
    if not SITE.is_dir():
        return []
    pages = []
    for path in SITE.rglob("*.html"):
        rel = path.relative_to(SITE).as_posix()
        if rel in NOT_PAGES or rel.split("/")[0] in SPHINX_FOLDERS:
            continue
        pages.append(rel)
    return sorted(pages)


# --------------------------------------------------------------------------------------
# Sources and built files


def source_of(page: str) -> Path | None:
    """The book source (.ipynb or .md) a built page comes from, if there is one."""
    stem = ROOT / page[: -len(".html")]
    for suffix in (".ipynb", ".md"):
        if stem.with_suffix(suffix).is_file():
            return stem.with_suffix(suffix)
    return None


def read_notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def strip_code(markdown: str) -> str:
    """Markdown without fenced code blocks, inline code and escaped dollars."""
    markdown = re.sub(r"^(```|~~~).*?^\1[^\n]*$", "", markdown, flags=re.S | re.M)
    markdown = re.sub(r"`[^`\n]*`", "", markdown)
    return markdown.replace("\\$", "")


def source_has_math(page: str) -> bool:
    """Whether the page's source writes math with `$` (outside code)."""
    source = source_of(page)
    if source is None:
        return False
    if source.suffix == ".ipynb":
        cells = read_notebook(source)["cells"]
        texts = [cell_source(c) for c in cells if c["cell_type"] == "markdown"]
    else:
        texts = [source.read_text(encoding="utf-8")]
    return any("$" in strip_code(text) for text in texts)


def hide_cell_count(page: str) -> int:
    """Number of notebook cells tagged `hide-cell` (0 for a markdown page)."""
    source = source_of(page)
    if source is None or source.suffix != ".ipynb":
        return 0
    cells = read_notebook(source)["cells"]
    return sum("hide-cell" in c.get("metadata", {}).get("tags", []) for c in cells)


def widget_output_count(page: str) -> int:
    """Number of notebook outputs that hold a live ipywidgets view."""
    source = source_of(page)
    if source is None or source.suffix != ".ipynb":
        return 0
    mime = "application/vnd.jupyter.widget-view+json"
    return sum(
        mime in output.get("data", {})
        for cell in read_notebook(source)["cells"]
        for output in cell.get("outputs", [])
    )


@functools.cache
def built_soup(page: str) -> BeautifulSoup:
    """A built page, parsed (once: several tests read the same page; do not modify)."""
    return BeautifulSoup((SITE / page).read_text(encoding="utf-8"), "html.parser")


@dataclass(frozen=True)
class Scan:
    """What the website tests read from a built page's HTML."""

    math: dict[str, int]  # number of span.math and div.math elements
    anchors: frozenset[str]  # targets of #fragment links: ids, and names of <a>


@functools.cache
def scan_built(page: str) -> Scan:
    soup = built_soup(page)
    math = {tag: len(soup.find_all(tag, class_="math")) for tag in ("span", "div")}
    anchors = {tag["id"] for tag in soup.find_all(id=True) if tag["id"]}
    anchors |= {
        a["name"] for a in soup.find_all("a", attrs={"name": True}) if a["name"]
    }
    return Scan(math=math, anchors=frozenset(anchors))


def built_text(page: str) -> str:
    """The text of a built page: what its elements show, without scripts and styles."""
    return built_soup(page).get_text(" ")


def built_has_math(page: str) -> bool:
    text = (SITE / page).read_text(encoding="utf-8")
    return "\\(" in text or "\\[" in text or sum(scan_built(page).math.values()) > 0


@functools.cache
def book_config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


@functools.cache
def search_index() -> dict:
    text = (SITE / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


# --------------------------------------------------------------------------------------
# Server, browser, page visits


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site at ``/`` and, as the published host does, at ``site_path``.

    The 404 page's links are absolute (``/<repo>/_static/...``), because the host
    serves it at any depth; every other page links relatively.
    """

    protocol_version = "HTTP/1.1"  # keep-alive: ~70 files per page
    site_path = "/"

    def translate_path(self, path: str) -> str:
        if self.site_path != "/" and path.startswith(self.site_path):
            path = "/" + path[len(self.site_path) :]
        return super().translate_path(path)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def is_static(url: str) -> bool:
    """Whether a URL is one of the shared theme assets under _static/."""
    return urlsplit(url).path.startswith("/_static/")


class Visit:
    """One page opened in its own browser context, with what happened on the way."""

    def __init__(self, browser, base: str, path: str, *, dark: bool = False):
        self.base = base
        self.path = path
        self.url = base + path
        self.console_errors: list[str] = []
        self.blocked: list[str] = []
        self.requested: list[str] = []
        self.failed: list[str] = []
        self.responses = []
        self._pending = 0
        self._last_activity = time.monotonic()
        self.context = browser.new_context(
            viewport=VIEWPORT,
            color_scheme="dark" if dark else "light",
            reduced_motion="reduce",
            service_workers="block",
        )
        # Dark mode is the reader's system setting (color_scheme), nothing stored: a
        # first visit follows it (_templates/layout.html).
        # Only requests that leave the local server are intercepted (the pattern is
        # matched inside the browser), so local files load at full speed.
        self.context.route(re.compile("^(?!" + re.escape(base) + ")"), self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.page.on("request", self._on_request)
        self.page.on("requestfinished", self._on_done)
        self.page.on("requestfailed", self._on_failed)
        self.page.on("response", self._on_response)

    # event handlers ------------------------------------------------------------------
    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _on_console(self, message):
        if message.type == "error":
            location = message.location or {}
            where = location.get("url", "")
            self.console_errors.append(f"{message.text} ({where})".replace(" ()", ""))

    def _on_request(self, request):
        self.requested.append(request.url)
        self._pending += 1
        self._last_activity = time.monotonic()

    def _on_done(self, request):
        self._pending -= 1
        self._last_activity = time.monotonic()

    def _on_failed(self, request):
        self._on_done(request)
        if request.url.startswith(self.base):
            self.failed.append(f"{request.url}: {request.failure}")

    def _on_response(self, response):
        self.responses.append(response)
        if response.url.startswith(self.base) and response.status >= 400:
            self.failed.append(f"{response.url}: HTTP {response.status}")

    # loading -------------------------------------------------------------------------
    def load(self) -> Visit:
        self.page.goto(self.url, wait_until="load")
        self.wait_for_math()
        self.page.evaluate("() => document.fonts.ready.then(() => true)")
        self.wait_quiet()
        return self

    def wait_for_math(self):
        """Wait until MathJax (if the page loads it) has typeset the page."""
        self.page.evaluate(
            """async () => {
                const mj = window.MathJax;
                if (mj && mj.startup && mj.startup.promise) {
                    await mj.startup.promise;
                }
                return true;
            }"""
        )

    def wait_quiet(self, quiet: float = 0.5, limit: float = 15.0):
        """Wait until no request has been pending for `quiet` seconds, and images.

        Playwright's "networkidle" never fires on a page with a frame player here
        (Chromium keeps counting its data-URL frames), so requests are counted.
        """
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            self.page.wait_for_timeout(100)
            if self._pending <= 0 and time.monotonic() - self._last_activity > quiet:
                break
        self.page.evaluate(
            """() => Promise.race([
                new Promise(done => setTimeout(done, 10000)),
                Promise.all(Array.from(document.images, img => img.complete ? null
                    : new Promise(done => { img.onload = img.onerror = done; }))),
            ]).then(() => true)"""
        )

    def close(self):
        self.context.close()

    # measurements --------------------------------------------------------------------
    def weight(self) -> dict:
        """Bytes of the page and of everything it loaded, from the response bodies.

        Each URL counts once (a browser would not fetch it twice for one page).
        """
        sizes: dict[str, int] = {}
        unreadable = []
        for response in self.responses:
            if not response.url.startswith(self.base) or response.url in sizes:
                continue
            if 300 <= response.status < 400:
                continue
            try:
                sizes[response.url] = len(response.body())
            except Exception as error:  # a body Chromium did not keep
                unreadable.append(f"{response.url}: {error}")
        static = sum(size for url, size in sizes.items() if is_static(url))
        total = sum(sizes.values())
        heaviest = sorted(sizes.items(), key=lambda item: -item[1])[:8]
        return {
            "page": self.path,
            "requests": len(sizes),
            "html": sizes.get(self.url, 0),
            "static": static,
            "beyond_static": total - static,
            "total": total,
            "heaviest": [[url[len(self.base) :], size] for url, size in heaviest],
            "unreadable": unreadable,
        }


class Site:
    """The served site and the browser; `open()` loads a page in a new context."""

    def __init__(self, browser, base: str):
        self.browser = browser
        self.base = base

    def open(self, path: str, *, dark: bool = False) -> Visit:
        return Visit(self.browser, self.base, path, dark=dark).load()


def format_weight(weight: dict) -> str:
    def kb(size: int) -> str:
        return f"{size / 1000:,.0f} kB"

    return (
        f"{weight['page']}: first visit {kb(weight['total'])} "
        f"({weight['requests']} files), of which _static/ {kb(weight['static'])} "
        f"(shared, cached after the first page), beyond _static/ "
        f"{kb(weight['beyond_static'])} (HTML {kb(weight['html'])})"
    )

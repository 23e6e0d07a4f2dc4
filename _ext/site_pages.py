"""What each page of the website tells a reader and a link preview, and the 404 page.

- **Report a mistake, edit this page.** Every page of the book ends with a link that
  opens a new issue on the book's repository, its title and text already naming the
  page and its address on the website, and a link that opens the page's source for
  editing on GitHub. Both are built from ``repository.url`` and ``repository.branch``
  in ``_config.yml`` (the one setting a fork changes).
- **Description and link preview.** The Open Graph metadata (title, type, site name,
  address) comes from sphinxext-opengraph, pointed here at the site's address. Its own
  summary takes a page's first words as they are, TeX source of formulas included, so
  this module gives it each page's first paragraph of prose instead, with formulas
  left out, as ``og:description`` and ``<meta name="description">``.
- **404.html** at the site's root, which GitHub Pages serves for any address it does
  not have, comes from sphinx-notfound-page: a page of the book's theme (its
  navigation, search and chapter list) whose links are absolute, so that it works at
  any depth. This module gives it the site's path and the text.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import yaml
from docutils import nodes

sys.path.insert(0, str(Path(__file__).resolve().parent))

from site_links import site_address  # noqa: E402

SUMMARY_LENGTH = 200


# --------------------------------------------------------------------------------------
# Addresses


def repository(app: Any) -> tuple[str, str, str]:
    """``(url, branch, path_to_book)`` from the theme options Jupyter Book sets."""
    options = app.config.html_theme_options or {}
    url = (options.get("repository_url") or "").rstrip("/").removesuffix(".git")
    branch = options.get("repository_branch") or "main"
    path = (options.get("path_to_docs") or "").strip("/")
    return url, branch, path


def page_address(app: Any, pagename: str) -> str | None:
    """The page's address on the published website."""
    url, _, _ = repository(app)
    site = site_address(url, getattr(app.config, "html_baseurl", "") or "")
    return None if site is None else site + app.builder.get_target_uri(pagename)


def source_path(app: Any, pagename: str) -> str:
    """The page's source file in the repository (``book/01_....ipynb``)."""
    _, _, path = repository(app)
    source = Path(app.env.doc2path(pagename)).relative_to(app.srcdir).as_posix()
    return f"{path}/{source}" if path else source


def issue_url(repo: str, title: str, address: str | None, source: str) -> str:
    body = (
        f"Page: {title}\n"
        + (f"Address: {address}\n" if address else "")
        + f"Source: {source}\n\n"
        "What is wrong (quote the sentence, formula, code or output), and what "
        "should it say?\n"
    )
    query = urlencode({"title": f"Mistake on the page “{title}”", "body": body})
    return f"{repo}/issues/new?{query}"


def edit_url(repo: str, branch: str, source: str) -> str:
    return f"{repo}/edit/{quote(branch)}/{quote(source)}"


def plain(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text or "")).split())


FEEDBACK = """
<aside class="page-feedback" aria-label="Report a mistake or edit this page">
<p><strong>Found a mistake on this page?</strong>
<a class="report-mistake" href="{issue}">Report it</a> (opens a new issue on the
book’s GitHub repository that already names this page), or, if you would like to fix
it yourself, <a class="edit-page" href="{edit}">edit this page</a> on GitHub.</p>
</aside>
"""


def add_feedback(app: Any, pagename: str, context: dict) -> None:
    repo, branch, _ = repository(app)
    if not repo or pagename not in app.env.found_docs or "body" not in context:
        return
    title = plain(context.get("title", pagename))
    source = source_path(app, pagename)
    context["body"] += FEEDBACK.format(
        issue=html.escape(issue_url(repo, title, page_address(app, pagename), source)),
        edit=html.escape(edit_url(repo, branch, source)),
    )


# --------------------------------------------------------------------------------------
# Description and link preview


def _text_without_math(node: nodes.Node) -> str:
    parts = []
    for child in node.findall(nodes.Text):
        if any(
            isinstance(parent, (nodes.math, nodes.math_block, nodes.literal))
            for parent in _ancestors(child)
        ):
            parts.append("…")
            continue
        parts.append(str(child))
    return " ".join("".join(parts).split())


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def summary_of(doctree: nodes.document | None) -> str:
    """The page's first paragraph of prose, cut at a word near SUMMARY_LENGTH."""
    if doctree is None:
        return ""
    candidates = []
    for paragraph in doctree.findall(nodes.paragraph):
        if any(
            isinstance(parent, (nodes.table, nodes.admonition, nodes.container))
            or (
                isinstance(parent, nodes.Element)
                and "cell" in parent.get("classes", [])
            )
            for parent in _ancestors(paragraph)
        ):
            continue
        text = _text_without_math(paragraph)
        if len(text) >= 40:
            candidates.append(text)
            if "…" not in text:
                break
    if not candidates:
        return ""
    text = next((t for t in candidates if "…" not in t), candidates[0])
    if len(text) <= SUMMARY_LENGTH:
        return text
    cut = text[:SUMMARY_LENGTH].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def add_description(app: Any, pagename: str, context: dict, doctree: Any) -> None:
    """Give sphinxext-opengraph the page's summary (it runs after this, priority 500)."""
    summary = summary_of(doctree)
    if not summary:
        return
    if context.get("meta") is None:
        context["meta"] = {}
    context["meta"].setdefault("og:description", summary)
    context["metatags"] = (
        context.get("metatags", "")
        + f'\n<meta name="description" content="{html.escape(summary)}" />'
    )


def page_context(app: Any, pagename: str, templatename: str, context: dict, doctree):
    if app.builder.name != "html":
        return
    add_description(app, pagename, context, doctree)
    if doctree is not None:
        add_feedback(app, pagename, context)


# --------------------------------------------------------------------------------------
# The download menu: the book's PDF, not a print of the page

BOOK_PDF = "book.pdf"


def book_pdf_button(pathto: Any) -> dict:
    return {
        "type": "link",
        "url": pathto(BOOK_PDF, 1),
        "text": "Book (PDF)",
        "tooltip": "Download the whole book as one PDF",
        "icon": "fas fa-file-pdf",
        "label": "download-book-pdf-button",
    }


def offer_book_pdf(app: Any, pagename: str, templatename: str, context: dict, doctree):
    """Replace the theme's ".pdf" (the browser's print of one page) with the book's PDF."""
    for group in context.get("header_buttons") or []:
        if group.get("label") != "download-buttons":
            continue
        group["tooltip"] = "Download"
        group["buttons"] = [
            book_pdf_button(context["pathto"])
            if button.get("label") == "download-pdf-button"
            else button
            for button in group["buttons"]
        ]


# --------------------------------------------------------------------------------------
# 404 page

NOT_FOUND_BODY = """
<h1>Page not found</h1>
<p>There is no page at this address in <em>{book}</em>. It may have moved, or the
address may be mistyped.</p>
<p><a class="not-found-home" href="{home}">Go to the start of the book</a>, search
it, or go to one of its pages.</p>
<form class="not-found-search" action="{home}search.html" method="get" role="search">
<label for="not-found-query">Search the book</label>
<input id="not-found-query" type="search" name="q" placeholder="for example: gradient">
<button type="submit">Search</button>
</form>
<ul class="not-found-pages">
{pages}
</ul>
"""


def _first_heading(path: Path) -> str | None:
    """The text of the first level-1 heading of a notebook or Markdown page."""
    try:
        if path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            lines = [
                line
                for cell in cells
                if cell.get("cell_type") == "markdown"
                for line in "".join(cell["source"]).splitlines()
            ]
        else:
            lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError, KeyError):
        return None
    for line in lines:
        if line.startswith("# "):
            return line[2:].strip()
    return None


def toc_pages(srcdir: Path) -> list[tuple[str, str]]:
    """(docname, title) of every page in _toc.yml, in the book's order."""
    try:
        toc = yaml.safe_load((srcdir / "_toc.yml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return []
    names = [toc.get("root")] + [
        chapter.get("file")
        for part in toc.get("parts", [])
        for chapter in part.get("chapters", [])
    ]
    pages = []
    for name in filter(None, names):
        for suffix in (".ipynb", ".md"):
            title = _first_heading(srcdir / f"{name}{suffix}")
            if title:
                pages.append((name, title))
                break
    return pages


def not_found_body(book: str, root: str, pages: list[tuple[str, str]]) -> str:
    items = "\n".join(
        f'<li><a href="{html.escape(root + name)}.html">{html.escape(title)}</a></li>'
        for name, title in pages
    )
    return NOT_FOUND_BODY.format(book=book, home=html.escape(root), pages=items)


def site_root_path(app: Any) -> str:
    """The path of the site's root on its published host (``/<repo>/``)."""
    url, _, _ = repository(app)
    site = site_address(url, getattr(app.config, "html_baseurl", "") or "")
    return urlsplit(site).path if site else "/"


def configure(app: Any, config: Any) -> None:
    """Point the link previews and the 404 page at the site's published address."""
    url, _, _ = repository(app)
    site = site_address(url, getattr(config, "html_baseurl", "") or "")
    if site and not config.ogp_site_url:
        config.ogp_site_url = site
    if not config.ogp_site_name:
        config.ogp_site_name = config.html_title or config.project
    root = site_root_path(app)
    config.notfound_urls_prefix = root
    book = html.escape(config.html_title or config.project or "")
    config.notfound_context = {
        "title": "Page not found",
        "body": not_found_body(book, root, toc_pages(Path(app.srcdir))),
    }


def setup(app: Any) -> dict:
    app.setup_extension("sphinxext.opengraph")
    app.setup_extension("notfound.extension")
    # After the theme options are set (Jupyter Book sets them at config-inited).
    app.connect("config-inited", configure, priority=900)
    # Before sphinxext-opengraph (priority 500) reads the page's metadata.
    app.connect("html-page-context", page_context, priority=400)
    # After sphinx-book-theme adds its header buttons (priority 501).
    app.connect("html-page-context", offer_book_pdf, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

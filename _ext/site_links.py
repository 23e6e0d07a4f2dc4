"""Links from one page of the book to another that work on the website and in Colab.

A chapter is read on the website, in JupyterLab and in Google Colab. A relative link
such as ``errata.md`` works on the website and in JupyterLab but is dead in Colab, so
chapter notebooks link to other pages with the page's address on the published
website::

    [errata](https://<owner>.github.io/<repo>/book/errata.html)
    [sizes](https://<owner>.github.io/<repo>/book/notation.html#sizes)

That link works everywhere a reader has a network. On the website itself, this
extension turns each such link back into a relative one (``errata.html``,
``notation.html#sizes``) as the HTML is written, so the built site links to its own
pages, also offline, and never to the published copy. A link to a page or a section
that the book does not have is a build warning (the build runs with ``-W``), and so is
a link to one of the book's pages on another GitHub Pages site (a fork's chapters that
still point at the original).

The published address is ``html.baseurl`` in ``_config.yml`` when that is set (Sphinx's
``html_baseurl``); otherwise it follows from ``repository.url`` the way GitHub Pages
names a project's site: ``https://github.com/<owner>/<repo>`` is published at
``https://<owner>.github.io/<repo>/``. So a fork that changes ``repository.url`` changes
this too. ``site_address`` and ``site_address_from_config`` are also used by the tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)


def site_address(repository_url: str | None, baseurl: str | None = None) -> str | None:
    """The published website's address, ending in ``/``; None if it cannot be known.

    ``baseurl`` wins when given. Otherwise a GitHub repository
    ``https://github.com/<owner>/<repo>`` gives ``https://<owner>.github.io/<repo>/``,
    and the repository ``<owner>.github.io`` gives ``https://<owner>.github.io/``.
    """
    if baseurl and baseurl.strip():
        return baseurl.strip().rstrip("/") + "/"
    if not repository_url:
        return None
    parts = urlsplit(repository_url.strip())
    names = parts.path.strip("/").split("/")
    if parts.netloc.lower() not in {"github.com", "www.github.com"} or len(names) < 2:
        return None
    owner, repo = names[0], names[1].removesuffix(".git")
    if not owner or not repo:
        return None
    host = f"{owner.lower()}.github.io"
    if repo.lower() == host:
        return f"https://{host}/"
    return f"https://{host}/{repo}/"


def site_address_from_config(config: dict) -> str | None:
    """``site_address`` for a parsed ``_config.yml`` (Jupyter Book 1)."""
    repository = (config.get("repository") or {}).get("url")
    baseurl = (config.get("html") or {}).get("baseurl")
    return site_address(repository, baseurl)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def split_site_url(url: str, site: str) -> tuple[str, str] | None:
    """``(path, fragment)`` of a link into the site, or None for any other link.

    ``path`` is relative to the site's root and unquoted (``book/errata.html``, or
    ``""`` for the root itself); the scheme and host compare without regard to case.
    """
    link, root = urlsplit(url), urlsplit(site)
    path = link.path if link.path.endswith("/") else link.path + "/"
    if _origin(url) != _origin(site) or not path.startswith(root.path):
        return None
    return unquote(link.path[len(root.path) :]), unquote(link.fragment)


def page_of(
    path: str, docnames: set[str] | frozenset[str], root_doc: str
) -> str | None:
    """The document a site path shows (``book/errata.html`` -> ``book/errata``)."""
    if path in ("", "index.html"):
        return root_doc
    if path.endswith(".html") and path[: -len(".html")] in docnames:
        return path[: -len(".html")]
    return None


def elsewhere(url: str, docnames: set[str] | frozenset[str]) -> bool:
    """Whether ``url`` looks like a page of this book on another GitHub Pages site.

    That is what a chapter's links become when a fork changes ``repository.url`` but
    not the links: ``https://<someone-else>.github.io/<repo>/book/errata.html``.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return False
    if not parts.netloc.lower().endswith(".github.io"):
        return False
    path = unquote(parts.path)
    return any(path.endswith(f"/{doc}.html") for doc in docnames if "/" in doc)


def _ids(doctree: nodes.Node) -> set[str]:
    return {
        id_
        for node in doctree.findall(nodes.Element)
        for id_ in node.get("ids", ())
        if id_
    }


class SiteLinks:
    """Rewrites links to the published site into relative links, page by page."""

    def __init__(self) -> None:
        self.site: str | None = None
        self._ids: dict[str, set[str]] = {}

    def configure(self, app: Any, config: Any) -> None:
        options = getattr(config, "html_theme_options", None) or {}
        baseurl = getattr(config, "html_baseurl", "") or ""
        repository = options.get("repository_url")
        self.site = site_address(repository, baseurl)
        if self.site is None and (repository or baseurl):
            logger.warning(
                "site_links: cannot tell the website's address from repository.url "
                "%r; set html.baseurl in _config.yml",
                repository,
                type="site_links",
                subtype="address",
            )

    def anchors(self, app: Any, docname: str) -> set[str]:
        if docname not in self._ids:
            self._ids[docname] = _ids(app.env.get_doctree(docname))
        return self._ids[docname]

    def rewrite(self, app: Any, doctree: nodes.document, docname: str) -> None:
        if self.site is None or app.builder.format != "html":
            return
        for node in doctree.findall(nodes.reference):
            url = node.get("refuri", "")
            target = split_site_url(url, self.site) if url else None
            if target is None:
                if url and elsewhere(url, app.env.found_docs):
                    logger.warning(
                        "link to %s: a page of this book on another website; this "
                        "book's website is %s (after changing repository.url, "
                        "change the chapters' links too)",
                        url,
                        self.site,
                        location=node,
                        type="site_links",
                        subtype="elsewhere",
                    )
                continue
            path, fragment = target
            page = page_of(path, app.env.found_docs, app.config.root_doc)
            if page is None:
                logger.warning(
                    "link to %s: the book has no page %r (link to a page as %s<page>.html)",
                    url,
                    path,
                    self.site,
                    location=node,
                    type="site_links",
                    subtype="page",
                )
                continue
            anchors = _ids(doctree) if page == docname else self.anchors(app, page)
            if fragment and fragment not in anchors:
                logger.warning(
                    "link to %s: the page %s has no section or target #%s",
                    url,
                    path or "index.html",
                    fragment,
                    location=node,
                    type="site_links",
                    subtype="anchor",
                )
                continue
            uri = app.builder.get_relative_uri(docname, page)
            if page == docname and fragment:
                uri = ""
            elif not uri:  # the page itself, without a fragment
                uri = Path(app.builder.get_target_uri(page)).name
            node["refuri"] = uri + (f"#{fragment}" if fragment else "")
            node["internal"] = True


def setup(app: Any) -> dict:
    links = SiteLinks()
    app.connect("config-inited", links.configure)
    app.connect("doctree-resolved", links.rewrite)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

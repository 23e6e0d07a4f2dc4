"""Chapters' links to other pages, in the built site.

Chapters link to another page of the book with its address on the published website
(see ``_ext/site_links.py``), so the link also works in Colab. In the built site each
such link must lead to a page and section that exist, and must have become a relative
link, so that the site works offline and never sends a reader to the published copy.
Reads the built HTML only (no browser).
"""

from __future__ import annotations

import posixpath
import re
import sys
from pathlib import Path

import pytest
from sitekit import (
    NOT_BUILT,
    ROOT,
    SITE,
    book_config,
    built_soup,
    cell_source,
    read_notebook,
    scan_built,
    strip_code,
)

sys.path.insert(0, str(ROOT / "_ext"))

from site_links import site_address_from_config, split_site_url  # noqa: E402

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))


def site() -> str:
    address = site_address_from_config(book_config())
    assert address, "_config.yml: no website address (repository.url or html.baseurl)"
    return address


def root_page() -> str:
    """The page the site's root shows: the table of contents' root, as HTML."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return f"{toc['root']}.html"


def site_links(path: Path) -> list[str]:
    """Every address on the website that a notebook's markdown cells mention."""
    pattern = re.compile(re.escape(site()) + r"[^\s)>\]\"'`]*", re.I)
    cells = read_notebook(path)["cells"]
    return [
        match.group(0)
        for cell in cells
        if cell["cell_type"] == "markdown"
        for match in pattern.finditer(strip_code(cell_source(cell)))
    ]


@pytest.fixture(scope="module")
def built():
    if NOT_BUILT:
        pytest.fail(NOT_BUILT, pytrace=False)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_links_to_the_site_lead_to_a_page_and_section(path, built):
    page = path.relative_to(ROOT).with_suffix(".html").as_posix()
    hrefs = {a["href"] for a in built_soup(page).find_all("a", href=True)}
    problems = []
    for url in site_links(path):
        target, fragment = split_site_url(url, site())
        if target in ("", "index.html"):
            target = root_page()
        if not target.endswith(".html") or not (SITE / target).is_file():
            problems.append(f"{url}: no page {target or 'index.html'} in the build")
            continue
        if fragment and fragment not in scan_built(target).anchors:
            problems.append(f'{url}: {target} has no id="{fragment}"')
            continue
        if target == page and fragment:
            expected = f"#{fragment}"
        else:
            expected = posixpath.relpath(target, posixpath.dirname(page))
            expected += f"#{fragment}" if fragment else ""
        if expected not in hrefs:
            problems.append(f'{url}: no relative link href="{expected}" in {page}')
    assert problems == [], f"{path.name}:\n  " + "\n  ".join(problems)


def test_built_pages_do_not_link_to_the_published_site(page_path, built):
    """Links to the site itself are relative, so the built site works offline."""
    absolute = []
    for tag in built_soup(page_path).find_all(True):
        if tag.name == "link" and "canonical" in (tag.get("rel") or []):
            continue  # only with html.baseurl: names the page, not a link to follow
        if tag.name == "meta" and tag.get("property") == "og:url":
            continue  # the link preview's address: names the page too
        for name, value in tag.attrs.items():
            if isinstance(value, str) and split_site_url(value.strip(), site()):
                absolute.append(f"<{tag.name} {name}={value!r}>")
    assert absolute == [], (
        f"{page_path} links to the published site instead of its own pages:\n  "
        + "\n  ".join(absolute)
    )

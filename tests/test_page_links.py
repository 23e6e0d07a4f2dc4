"""Links between pages of the book: chapters link by the website's address.

A chapter notebook is read on the website, in JupyterLab and in Google Colab, where a
relative link (``errata.md``) is dead. So chapters link to another page with its
address on the published website, and the Sphinx extension ``_ext/site_links.py``
turns those links into relative ones in the built site. These tests check the
address, the rewriting (on a small Sphinx project built here), and that no chapter
links to a page relatively. ``tests/site/test_site_links.py`` checks the real build.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))

from site_links import (  # noqa: E402 - _ext is not a package
    elsewhere,
    page_of,
    site_address,
    site_address_from_config,
    split_site_url,
)

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
# Chapters that still link to other pages relatively. Each entry is expected to fail
# the relative-link test (strict): once the chapter follows the convention, that test
# passes and fails as XPASS until its name is removed here.
LINKS_PENDING: set[str] = set()


# --------------------------------------------------------------------------------------
# The website's address


@pytest.mark.parametrize(
    ("repository", "baseurl", "expected"),
    [
        ("https://github.com/owner/repo", None, "https://owner.github.io/repo/"),
        ("https://github.com/owner/repo/", None, "https://owner.github.io/repo/"),
        ("https://github.com/owner/repo.git", None, "https://owner.github.io/repo/"),
        ("https://github.com/Owner/Repo", None, "https://owner.github.io/Repo/"),
        ("https://github.com/owner/owner.github.io", None, "https://owner.github.io/"),
        (
            "https://github.com/o/r",
            "https://books.example.org/calc",
            "https://books.example.org/calc/",
        ),
        ("https://gitlab.com/o/r", "https://o.gitlab.io/r/", "https://o.gitlab.io/r/"),
        ("https://gitlab.com/owner/repo", None, None),
        ("https://github.com/owner", None, None),
        (None, None, None),
    ],
)
def test_site_address(repository, baseurl, expected):
    assert site_address(repository, baseurl) == expected


def test_the_book_has_a_site_address():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    site = site_address_from_config(config)
    assert site is not None, (
        "_config.yml: set repository.url to a GitHub repository, or html.baseurl"
    )
    assert site.startswith("https://") and site.endswith("/"), site


def test_split_site_url():
    site = "https://owner.github.io/repo/"
    assert split_site_url(site + "book/errata.html", site) == ("book/errata.html", "")
    assert split_site_url(site + "book/notation.html#sizes", site) == (
        "book/notation.html",
        "sizes",
    )
    assert split_site_url("HTTPS://Owner.GitHub.io/repo/", site) == ("", "")
    assert split_site_url("https://owner.github.io/repo#top", site) == ("", "top")
    assert split_site_url("https://owner.github.io/repository/", site) is None
    assert split_site_url("https://owner.github.io/other/x.html", site) is None
    assert split_site_url("https://github.com/owner/repo", site) is None
    docs = {"book/intro", "book/errata"}
    assert page_of("book/errata.html", docs, "book/intro") == "book/errata"
    assert page_of("", docs, "book/intro") == "book/intro"
    assert page_of("index.html", docs, "book/intro") == "book/intro"
    assert page_of("book/errata.md", docs, "book/intro") is None
    assert page_of("book/missing.html", docs, "book/intro") is None
    assert elsewhere("https://other.github.io/repo/book/errata.html#x", docs)
    assert not elsewhere("https://d2l.ai/chapter_preliminaries/calculus.html", docs)
    assert not elsewhere("errata.html", docs)
    assert not elsewhere("https://example.org/book/errata.html", docs)


# --------------------------------------------------------------------------------------
# The rewriting, on a small Sphinx project

SITE = "https://someone.github.io/some-book/"

PAGE_A = f"""# Page A

## First section

- [B, a section]({SITE}book/b.html#second-part)
- [B]({SITE}book/b.html)
- [home]({SITE})
- [A, a section]({SITE}book/a.html#first-section)
- [elsewhere](https://example.org/book/b.html)
- [missing page]({SITE}book/c.html)
- [missing section]({SITE}book/b.html#nowhere)
- [the original](https://original.github.io/some-book/book/b.html)
"""


@pytest.fixture(scope="module")
def small_build(tmp_path_factory):
    from sphinx.application import Sphinx

    src = tmp_path_factory.mktemp("src")
    (src / "book").mkdir()
    (src / "index.md").write_text(
        "# Home\n\n```{toctree}\nbook/a\nbook/b\n```\n", encoding="utf-8"
    )
    (src / "book" / "a.md").write_text(PAGE_A, encoding="utf-8")
    (src / "book" / "b.md").write_text("# Page B\n\n## Second part\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    warnings = io.StringIO()
    app = Sphinx(
        str(src),
        None,
        str(out / "html"),
        str(out / "doctrees"),
        "html",
        confoverrides={
            "extensions": ["myst_parser", "site_links"],
            "root_doc": "index",
            # As Jupyter Book 1 passes repository.url to the theme.
            "html_theme_options": {
                "repository_url": "https://github.com/someone/some-book"
            },
            "html_theme": "basic",
        },
        status=None,
        warning=warnings,
        freshenv=True,
    )
    app.build()
    return out / "html", warnings.getvalue()


def _links(html: Path) -> dict[str, str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    body = soup.find(attrs={"role": "main"}) or soup
    return {a.get_text(strip=True): a["href"] for a in body.find_all("a", href=True)}


def test_links_to_the_site_become_relative(small_build):
    html, _ = small_build
    links = _links(html / "book" / "a.html")
    assert links["B, a section"] == "b.html#second-part"
    assert links["B"] == "b.html"
    assert links["home"] == "../index.html"
    assert links["A, a section"] == "#first-section"
    assert links["elsewhere"] == "https://example.org/book/b.html"


def test_a_link_to_a_missing_page_or_section_is_a_warning(small_build):
    html, warnings = small_build
    ours = [line for line in warnings.splitlines() if "link to " + SITE in line]
    assert len(ours) == 2, warnings
    assert "no page 'book/c.html'" in ours[0] and "a.md" in ours[0], ours
    assert "has no section or target #nowhere" in ours[1], ours
    elsewhere = [line for line in warnings.splitlines() if "another website" in line]
    assert len(elsewhere) == 1 and "original.github.io" in elsewhere[0], warnings
    links = _links(html / "book" / "a.html")
    assert links["missing page"] == SITE + "book/c.html"


# --------------------------------------------------------------------------------------
# No chapter links to another page relatively

# [text](target) and [text](<target>), not images; and reference definitions.
INLINE_LINK = re.compile(r"(?<!!)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)")
DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
HTML_LINK = re.compile(r"<a\s[^>]*href\s*=\s*[\"']([^\"']*)", re.I)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def strip_code(markdown: str) -> str:
    markdown = re.sub(r"^(```|~~~).*?^\1[^\n]*$", "", markdown, flags=re.S | re.M)
    return re.sub(r"`[^`\n]*`", "", markdown)


def link_targets(markdown: str) -> list[str]:
    text = strip_code(markdown)
    return [
        match.group(1)
        for pattern in (INLINE_LINK, DEFINITION, HTML_LINK)
        for match in pattern.finditer(text)
    ]


def test_link_targets_are_found():
    markdown = (
        "See [errata](errata.md), [a](<notation.md#sizes>), ![fig](f.png),\n"
        '<a href="intro.md">intro</a>, `[x](code.md)` and [web](https://x.org).\n\n'
        "[ref]: matrix_calculus.md\n"
    )
    assert link_targets(markdown) == [
        "errata.md",
        "notation.md#sizes",
        "https://x.org",
        "matrix_calculus.md",
        "intro.md",
    ]


def _params():
    for path in NOTEBOOKS:
        marks = ()
        if path.name in LINKS_PENDING:
            reason = "still links relatively; remove it from LINKS_PENDING once fixed"
            marks = pytest.mark.xfail(strict=True, reason=reason)
        yield pytest.param(path, id=path.name, marks=marks)


@pytest.mark.parametrize("path", list(_params()))
def test_chapters_link_to_pages_by_the_site_address(path):
    """A relative link (`errata.md`, `#section`) is dead when the chapter is in Colab."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    site = site_address_from_config(config)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    relative = []
    for number, cell in enumerate(cells, 1):
        if cell["cell_type"] != "markdown":
            continue
        source = cell["source"]
        source = "".join(source) if isinstance(source, list) else source
        relative += [
            f"cell {number}: ({target})"
            for target in link_targets(source)
            if not SCHEME.match(target)
        ]
    assert relative == [], (
        f"{path.name} links relatively, which is a dead link in Colab; link to the "
        f"page on the website instead, e.g. {site}book/errata.html or "
        f"{site}book/notation.html#sizes:\n  " + "\n  ".join(relative)
    )

"""What the website offers a reader beyond the chapters' content.

- the colour mode follows the reader's system setting on a first visit, and the
  switch still works;
- every page ends with a link that reports a mistake (a prefilled issue naming the
  page) and one that edits the page, both built from ``repository.url``;
- every page has a description and link-preview metadata;
- the exercise index lists the catalog's exercises in book order, each linked to
  its heading;
- the 404 page exists, works at any depth, has the contents and search, and links to
  the start of the book.
"""

from __future__ import annotations

import sys
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from sitekit import ROOT, SITE, built_soup, scan_built, source_of
from test_accessibility import FAILING_IMPACTS, _describe, _run_axe

sys.path.insert(0, str(ROOT / "_ext"))
sys.path.insert(0, str(ROOT))

from site_links import site_address_from_config  # noqa: E402

INDEX = "book/exercises.html"


def repository(config: dict) -> tuple[str, str]:
    repo = config["repository"]
    return repo["url"].rstrip("/"), repo.get("branch", "main")


# --------------------------------------------------------------------------------------
# Colour mode


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path", ["book/intro.html", "book/01_partial_derivatives.html"]
)
def test_first_visit_follows_the_system_colour_scheme(path, scheme, visit):
    opened = visit(path, dark=scheme == "dark")
    page = opened.page
    state = page.evaluate(
        "() => [document.documentElement.dataset.mode,"
        " document.documentElement.dataset.theme]"
    )
    assert state == ["auto", scheme], (
        f"{path}: system in {scheme} mode, page shows mode/theme {state}"
    )
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    channels = [
        int(c) for c in background[background.index("(") + 1 : -1].split(",")[:3]
    ]
    assert (sum(channels) / 3 < 100) == (scheme == "dark"), (
        f"{path}: {scheme} system, page background {background}"
    )
    assert opened.console_errors == [], opened.console_errors


def test_colour_switch_still_works(visit):
    opened = visit("book/notation.html", dark=True)
    page = opened.page
    button = page.locator("button.theme-switch-button").first
    themes = []
    for _ in range(3):  # auto -> light -> dark -> auto (the theme's cycle)
        button.click()
        themes.append(
            page.evaluate(
                "() => [document.documentElement.dataset.mode,"
                " document.documentElement.dataset.theme]"
            )
        )
    modes = [mode for mode, _ in themes]
    assert set(modes) == {"auto", "light", "dark"}, f"switch cycles through {modes}"
    for mode, theme in themes:
        assert theme == ("dark" if mode in ("auto", "dark") else "light"), themes
    assert opened.console_errors == [], opened.console_errors


# --------------------------------------------------------------------------------------
# Report a mistake, edit this page


def test_report_and_edit_links(page_path, config):
    repo, branch = repository(config)
    soup = built_soup(page_path)
    report = soup.select("aside.page-feedback a.report-mistake")
    edit = soup.select("aside.page-feedback a.edit-page")
    assert len(report) == 1 and len(edit) == 1, (
        f"{page_path}: expected one report link and one edit link"
    )
    href = report[0]["href"]
    assert href.startswith(f"{repo}/issues/new?"), f"{page_path}: report link {href}"
    query = parse_qs(urlsplit(href).query)
    address = site_address_from_config(config) + page_path
    source = source_of(page_path).relative_to(ROOT).as_posix()
    title = soup.title.get_text().split("—")[0].strip()
    assert title.split()[-1] in query["title"][0], (query["title"], title)
    assert f"Address: {address}" in query["body"][0], query["body"]
    assert f"Source: {source}" in query["body"][0], query["body"]
    expected = f"{repo}/edit/{branch}/{source}"
    assert unquote(edit[0]["href"]) == expected, (edit[0]["href"], expected)


def test_report_link_is_visible(loaded):
    page = loaded("book/01_partial_derivatives.html").page
    link = page.locator("a.report-mistake")
    link.scroll_into_view_if_needed()
    assert link.is_visible()
    assert link.inner_text().strip() == "Report it"


# --------------------------------------------------------------------------------------
# Description and link preview


def test_description_and_link_preview(page_path, config):
    soup = built_soup(page_path)

    def meta(**attrs) -> str:
        tag = soup.find("meta", attrs=attrs)
        return (tag.get("content") or "").strip() if tag else ""

    description = meta(name="description")
    assert len(description) >= 40, f"{page_path}: description {description!r}"
    assert "\\" not in description and "$" not in description, description
    assert meta(property="og:description") == description
    assert meta(property="og:title"), f"{page_path}: no og:title"
    assert meta(property="og:url") == site_address_from_config(config) + page_path


# --------------------------------------------------------------------------------------
# Exercise index


def test_exercise_index_lists_the_catalog_in_book_order():
    from exercise_index import KINDS

    from helpers import exercises

    table = built_soup(INDEX).find("table")
    assert table is not None, f"{INDEX} has no table"
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in table.find("tbody").find_all("tr")
    ]
    expected = [[e.id, KINDS[e.kind]] for e in exercises.all()]
    assert [[row[0], row[2]] for row in rows] == expected
    # A title's words are shown as they are; its $...$ parts are typeset formulas.
    cells = [row.find_all("td")[1] for row in table.find("tbody").find_all("tr")]
    for exercise, cell in zip(exercises.all(), cells):
        words = [w for k, w in enumerate(exercise.title.split("$")) if k % 2 == 0]
        for part in words:
            assert part.strip() in cell.get_text(" ", strip=True), (exercise.id, part)
        formulas = exercise.title.count("$") // 2
        assert len(cell.select("mjx-container")) == formulas, (
            f"{exercise.id}: {formulas} formula(s) in the title, "
            f"{len(cell.select('mjx-container'))} typeset"
        )
    assert all(row[3] for row in rows), "every exercise names its chapter"


def test_exercise_index_links_resolve():
    table = built_soup(INDEX).find("table")
    problems = []
    for row in table.find("tbody").find_all("tr"):
        number = row.find("td").get_text(strip=True)
        href = row.find("td").find("a")["href"]
        target, _, fragment = href.partition("#")
        page = f"book/{target}"
        if not (SITE / page).is_file() or fragment not in scan_built(page).anchors:
            problems.append(f"{number}: {href} does not resolve")
            continue
        heading = built_soup(page).find(id=fragment).find(["h1", "h2", "h3", "h4"])
        if not heading.get_text(" ", strip=True).startswith(f"Exercise {number} "):
            problems.append(f"{number}: {href} leads to {heading.get_text()!r}")
    assert problems == [], "\n".join(problems)


# --------------------------------------------------------------------------------------
# 404 page


def test_not_found_page(site, config, axe_source):
    """The host serves 404.html for any missing address, at any depth, so every link
    in it is absolute; it has the book's navigation: the chapter list and search."""
    assert (SITE / "404.html").is_file(), "no 404.html at the site's root"
    root = urlsplit(site_address_from_config(config)).path
    opened = site.open(root.lstrip("/") + "404.html")
    try:
        assert opened.console_errors == [] and opened.failed == [], (
            opened.console_errors + opened.failed
        )
        assert opened.blocked == [], opened.blocked
        home = opened.page.get_attribute("a.not-found-home", "href")
        assert home == root, f"404.html links to {home}, the site's root is {root}"
        chapters = opened.page.eval_on_selector_all(
            ".bd-sidebar-primary nav a",
            "links => links.map(a => a.getAttribute('href'))",
        )
        toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
        files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
        for toc_file in files:
            wanted = root + toc_file + ".html"
            assert wanted in chapters, f"the 404 page's contents lack {wanted}"
        assert opened.page.query_selector(".search-button, .search-button-field")
        # On a phone the sidebar is folded away: the page itself lists every page
        # and has a search box.
        listed = opened.page.eval_on_selector_all(
            "ul.not-found-pages a", "links => links.map(a => a.getAttribute('href'))"
        )
        for toc_file in files:
            assert root + toc_file + ".html" in listed, (
                f"the 404 page lists no {toc_file}"
            )
        action = opened.page.get_attribute("form.not-found-search", "action")
        assert action == root + "search.html", action
        violations = _run_axe(opened.page, axe_source, {})
        failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        assert failing == [], _describe(failing)
    finally:
        opened.close()

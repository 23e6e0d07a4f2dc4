"""What a reader does on a page: frame players, solutions, launch links, search.

Each test opens its page in a fresh browser context (the `visit` fixture), since it
clicks and drags.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from sitekit import (
    ROOT,
    SITE,
    built_soup,
    built_text,
    hide_cell_count,
    search_index,
    source_of,
    widget_output_count,
)

# The frame of a player is the <img> of the nearest ancestor of its slider that has
# one (matplotlib's HTMLWriter: div.animation > img + div.anim-controls > input).
PLAYER_OF_SLIDER = "xpath=ancestor::*[.//img][1]"


def _frame(img) -> str:
    """A short fingerprint of the displayed frame (its src is a long data URL)."""
    src = img.evaluate("img => img.src")
    return f"{hashlib.sha1(src.encode()).hexdigest()[:12]} ({len(src):,} chars)"


def _set_slider(slider, value: str):
    slider.evaluate(
        "(el, value) => { el.value = value;"
        " el.dispatchEvent(new Event('input', {bubbles: true})); }",
        value,
    )


def test_frame_players_respond(page_path, visit):
    sliders_in_html = built_soup(page_path).select('input[type="range"]')
    if widget_output_count(page_path) == 0 and not sliders_in_html:
        return  # no player and no widget on this page: nothing to drive
    page = visit(page_path).page
    sliders = page.locator("input[type=range]")
    expected = widget_output_count(page_path)
    assert sliders.count() >= expected, (
        f"{page_path}: the notebook has {expected} live-widget output(s) but the page "
        f"has {sliders.count()} frame player(s): a widget without a static fallback"
    )
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        player = slider.locator(PLAYER_OF_SLIDER)
        where = f"{page_path}: player {i + 1} (slider #{slider.get_attribute('id')})"
        assert player.count() == 1, f"{where}: no <img> frame around the slider"
        img = player.locator("img").first
        img.evaluate(
            "img => new Promise(done => { const t = setInterval(() => {"
            " if (img.getAttribute('src')) { clearInterval(t); done(); } }, 20); })"
        )
        low, high = slider.evaluate("el => [el.min || '0', el.max]")
        assert int(high) > int(low), f"{where}: only one frame ({low}..{high})"
        # A player opens on its still image's frame, the first unless it says so.
        start = slider.input_value()
        first = _frame(img)

        other = high if start != high else low
        _set_slider(slider, other)
        assert _frame(img) != first, f"{where}: slider set to {other}, frame unchanged"
        _set_slider(slider, start)
        assert _frame(img) == first, f"{where}: slider back to {start}, frame differs"

        if int(start) < int(high):
            player.get_by_role("button", name="Next frame").click()
            assert _frame(img) != first, f"{where}: 'Next frame' did not change it"
            assert slider.input_value() == str(int(start) + 1), (
                f"{where}: 'Next frame' did not move the slider"
            )

        # The value line names what the frame shows, whatever moved the slider.
        value = player.locator("output.anim-value")
        if value.count():
            labels = json.loads(value.get_attribute("data-labels"))
            shown = value.inner_text().strip()
            assert shown == labels[int(slider.input_value())], (
                f"{where}: the value line says {shown!r} at frame {slider.input_value()}"
            )


def test_solutions_collapsed_and_open_on_click(page_path, visit):
    expected = hide_cell_count(page_path)
    if expected == 0 and not built_soup(page_path).select(".tag_hide-cell"):
        return  # no hidden cell in the source nor on the page
    page = visit(page_path).page
    cells = page.locator(".cell.tag_hide-cell")
    collapsed = page.locator(".cell.tag_hide-cell details:not([open])")
    assert (cells.count(), collapsed.count()) == (expected, expected), (
        f"{page_path}: {expected} hide-cell cell(s) in the notebook, "
        f"{cells.count()} on the page, {collapsed.count()} of them collapsed"
    )
    for i in range(expected):
        cell = cells.nth(i)
        details = cell.locator("details").first
        code = details.locator(".cell_input pre").first
        where = f"{page_path}: hidden cell {i + 1}"
        assert code.count() == 1, f"{where}: no code inside the <details>"
        assert not code.is_visible(), f"{where}: the code shows before a click"
        details.locator("summary").first.click()
        assert details.evaluate("el => el.open"), f"{where}: did not open on click"
        code.wait_for(state="visible", timeout=2000)
        assert code.inner_text().strip(), f"{where}: opened, but the code is empty"


def _repository(config: dict) -> tuple[str, str, str, str]:
    repo = config["repository"]
    url = repo["url"].rstrip("/")
    owner, name = urlsplit(url).path.strip("/").split("/")[:2]
    name = re.sub(r"\.git$", "", name)
    path_to_book = (repo.get("path_to_book") or "").strip("/")
    return url, f"{owner}/{name}", repo.get("branch", "main"), path_to_book


def test_launch_download_and_repository_links(chapter_path, visit, config):
    opened = visit(chapter_path)
    page = opened.page
    url, owner_repo, branch, path_to_book = _repository(config)
    colab = config.get("launch_buttons", {}).get("colab_url")
    assert colab, "_config.yml: launch_buttons.colab_url is not set"
    notebook = source_of(chapter_path)
    assert notebook is not None and notebook.suffix == ".ipynb", (
        f"{chapter_path}: no .ipynb source"
    )
    in_repo = "/".join(
        part for part in (path_to_book, notebook.relative_to(ROOT).as_posix()) if part
    )
    expected_colab = f"{colab.rstrip('/')}/github/{owner_repo}/blob/{branch}/{in_repo}"

    launch = page.locator(".dropdown-launch-buttons a").filter(has_text="Colab")
    assert launch.count() == 1, f"{chapter_path}: no Colab launch link"
    colab_href = launch.get_attribute("href")
    assert colab_href == expected_colab, (
        f"{chapter_path}: Colab link {colab_href}, expected {expected_colab}"
    )

    repository = page.locator("a.btn-source-repository-button")
    assert repository.count() == 1, f"{chapter_path}: no repository link"
    repo_href = repository.get_attribute("href")
    assert repo_href.rstrip("/") == url, (
        f"{chapter_path}: repository link {repo_href}, expected {url}"
    )

    download = page.locator("a.btn-download-source-button").filter(has_text=".ipynb")
    assert download.count() == 1, f"{chapter_path}: no .ipynb download link"
    download_href = urljoin(opened.url, download.get_attribute("href"))
    assert download_href.startswith(opened.base)
    target = SITE / unquote(urlsplit(download_href).path).lstrip("/")
    assert target.name == notebook.name and target.is_file(), (
        f"{chapter_path}: download link {download_href} is not the notebook"
    )
    cells = json.loads(target.read_text(encoding="utf-8")).get("cells")
    assert cells, f"{chapter_path}: the downloadable {target.name} has no cells"

    requested = set(opened.requested) | set(opened.blocked)
    for link in (colab_href, repo_href, download_href):
        assert link not in requested, f"{chapter_path}: {link} was requested on load"


WORD = re.compile(r"[a-z]{5,}")


def distinctive_word(page: str) -> str:
    """A word of the page that the search index holds for this page only.

    The most frequent such word in the page's text (ties: alphabetical), so the
    choice is deterministic and follows the chapter's content.
    """
    index = search_index()
    doc = index["docnames"].index(page[: -len(".html")])
    only_here = {
        term for term, docs in index["terms"].items() if docs == doc or docs == [doc]
    }
    text = built_text(page)
    counts = Counter(w for w in WORD.findall(text.lower()) if w in only_here)
    if not counts:
        pytest.fail(f"{page}: no word found only in this page of the search index")
    return min(counts, key=lambda w: (-counts[w], w))


def test_search_finds_chapter(chapter_path, visit):
    word = distinctive_word(chapter_path)
    opened = visit(f"search.html?q={word}")
    page = opened.page
    page.wait_for_function(
        "() => { const s = document.querySelector('#search-results .search-summary');"
        " return s && /finished|did not match/i.test(s.textContent); }",
        timeout=15000,
    )
    hrefs = page.evaluate(
        "() => Array.from(document.querySelectorAll('#search-results ul.search a'),"
        " a => a.href)"
    )
    found = {urlsplit(href).path.lstrip("/") for href in hrefs}
    print(f"search {word!r}: {sorted(found)}")
    assert chapter_path in found, (
        f"searching {word!r} did not list {chapter_path}; results: {sorted(found)}"
    )
    assert opened.blocked == [], f"search page requested other hosts: {opened.blocked}"

"""The menu and contents buttons open their panels, on a phone and on a laptop.

The theme draws each sidebar button twice and listens to the hidden copy only;
``_vendor/book.js`` passes the visible button's click on. These tests press the
visible buttons as a reader does and look at what opened.
"""

from __future__ import annotations

import pytest

PAGE = "book/01_partial_derivatives.html"

STATE = """() => {
  const dialog = (id) => { const d = document.querySelector(id); return !!(d && d.open); };
  const bar = document.querySelector('#pst-primary-sidebar');
  const box = bar.getBoundingClientRect();
  return {
    menuDialog: dialog('#pst-primary-sidebar-modal'),
    contentsDialog: dialog('#pst-secondary-sidebar-modal'),
    menuShown: getComputedStyle(bar).visibility === 'visible' && box.right > 0,
  };
}"""


def _resize(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.wait_for_timeout(600)  # the sidebar's own transition takes 0.25 s


def _press(page, side: str) -> None:
    button = page.locator(f"button.{side}-toggle:visible")
    assert button.count() >= 1, f"no visible {side} sidebar button"
    button.first.click()
    page.wait_for_timeout(600)


@pytest.mark.parametrize("width, mode", [(360, "light"), (360, "dark"), (768, "light")])
def test_on_a_phone_the_menu_opens_the_chapter_list(visit, width, mode):
    page = visit(PAGE, dark=mode == "dark").page
    _resize(page, width)
    assert page.evaluate(STATE)["menuShown"] is False, "the chapter list shows unasked"
    _press(page, "primary")
    state = page.evaluate(STATE)
    assert state["menuDialog"], f"menu did not open: {state}"
    chapters = page.locator("dialog[open] a.reference.internal:visible")
    assert chapters.count() >= 6, "the opened menu does not list the chapters"
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.evaluate(STATE)["menuDialog"] is False, "Escape did not close the menu"


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_on_a_phone_the_contents_button_opens_the_sections(visit, mode):
    page = visit(PAGE, dark=mode == "dark").page
    _resize(page, 360)
    _press(page, "secondary")
    state = page.evaluate(STATE)
    assert state["contentsDialog"], f"contents did not open: {state}"
    sections = page.locator("dialog[open] nav a:visible")
    assert sections.count() >= 3, "the opened contents panel lists no sections"


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_on_a_laptop_the_menu_hides_and_shows_the_chapter_list(visit, mode):
    page = visit(PAGE, dark=mode == "dark").page
    _resize(page, 1280)
    assert page.evaluate(STATE)["menuShown"], "the chapter list is not shown at 1280 px"
    _press(page, "primary")
    assert page.evaluate(STATE)["menuShown"] is False, "the menu button did not hide it"
    _press(page, "primary")
    assert page.evaluate(STATE)["menuShown"], "the menu button did not bring it back"


@pytest.mark.parametrize("width", [360, 1280])
def test_the_search_query_is_not_covered_by_the_magnifier(visit, width):
    page = visit(PAGE).page
    _resize(page, width)
    page.locator(".search-button:visible, .search-button-field:visible").first.click()
    page.wait_for_timeout(400)
    box = page.evaluate(
        """() => {
          const input = document.querySelector('form.bd-search input[type="search"]');
          const icon = input.parentElement.querySelector('i, svg');
          const a = input.getBoundingClientRect(), c = icon.getBoundingClientRect();
          const text = a.x + parseFloat(getComputedStyle(input).paddingLeft);
          return {text, iconEnd: c.x + c.width, open: a.width > 0};
        }"""
    )
    assert box["open"], "the search box did not open"
    assert box["text"] >= box["iconEnd"], f"the query starts under the magnifier: {box}"


def test_on_a_phone_a_table_row_is_a_card(visit):
    page = visit("book/errata.html").page
    _resize(page, 360)
    widths = page.evaluate(
        """() => [...document.querySelectorAll('article table.book-stackable')].map(
             (t) => [t.getBoundingClientRect().width,
                     t.closest('.pst-scrollable-table-container, article').clientWidth])"""
    )
    assert widths, "no table was made stackable"
    wide = [w for w in widths if w[0] > w[1] + 1]
    assert not wide, f"tables wider than their column at 360 px: {wide}"


def test_the_book_is_named_on_a_phone_and_in_each_tab(visit):
    page = visit(PAGE).page
    _resize(page, 360)
    title = page.locator("a.book-title-mobile")
    assert title.is_visible(), "a phone reader does not see the book's name"
    assert (
        title.inner_text().strip()
        == page.locator(".navbar-brand").first.text_content().strip()
    )
    _resize(page, 1280)
    assert not title.is_visible(), "the name is shown twice on a laptop"
    assert page.title().endswith("Multivariable Calculus for Machine Learning")
    start = visit("book/intro.html").page
    assert start.title() == "Multivariable Calculus for Machine Learning", start.title()
    icon = start.get_attribute("link[rel='icon']", "href")
    assert icon and icon.endswith(".svg"), f"no favicon: {icon}"


def test_the_download_menu_offers_the_books_pdf(visit):
    page = visit(PAGE).page
    items = page.eval_on_selector_all(
        ".dropdown-download-buttons .dropdown-item",
        "items => items.map(i => [i.textContent.trim(), i.getAttribute('href'),"
        " i.getAttribute('onclick')])",
    )
    assert not [i for i in items if i[2] and "print" in i[2]], (
        f"a print button: {items}"
    )
    pdf = [i for i in items if i[0] == "Book (PDF)"]
    assert pdf and pdf[0][1] == "../book.pdf", f"no link to the book's PDF: {items}"

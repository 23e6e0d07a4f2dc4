"""The printed book: ``_build/pdf/book.pdf``, written by ``make pdf`` (and ``make test``).

Read with pypdf: every chapter and appendix in the order of ``_toc.yml``, each starting
on its own page; formulas typeset (no TeX source left in the text); no widget
placeholders; solutions printed at the end of each chapter; interactive figures as
still images with a note; numbered pages; an outline and internal links.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest
import yaml
from build_status import pdf_problem

from helpers import exercises

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "_build" / "pdf" / "book.pdf"


@pytest.fixture(autouse=True)
def fresh_pdf():
    """Every test here fails, naming `make pdf`, on a missing or stale PDF."""
    problem = pdf_problem()
    if problem:
        pytest.fail(problem, pytrace=False)


@cache
def reader():
    from pypdf import PdfReader

    problem = pdf_problem()
    if problem:
        pytest.fail(problem, pytrace=False)
    return PdfReader(PDF)


@cache
def texts() -> tuple[str, ...]:
    return tuple(page.extract_text() or "" for page in reader().pages)


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [c["file"] for part in toc["parts"] for c in part["chapters"]]


def title_of(file: str) -> str:
    """A page's first heading, as its source writes it."""
    path = ROOT / f"{file}.ipynb"
    if path.is_file():
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "".join(cells[0]["source"])
    else:
        text = (ROOT / f"{file}.md").read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", text, re.M).group(1).strip()


def outline_entries() -> list[tuple[str, int]]:
    """The PDF's bookmarks, depth first: (title, page index)."""
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append(
                    (item.title.strip(), reader().get_destination_page_number(item))
                )

    walk(reader().outline)
    return found


def normal(text: str) -> str:
    """Spaces collapsed, and ligatures such as "ﬁ" spelt out as the text has them."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def squeezed(text: str) -> str:
    """The text without any white space: how the outline and the page compare."""
    return re.sub(r"\s+", "", normal(text))


def test_every_page_of_the_book_starts_a_page_in_order():
    entries = outline_entries()
    pages = []
    for file in toc_files():
        title = title_of(file)
        # Chromium joins a heading's wrapped lines without a space in the outline.
        matching = [page for name, page in entries if squeezed(name) == squeezed(title)]
        assert matching, f"no bookmark for {title!r} in the PDF's outline"
        page = matching[0]
        assert squeezed(title) in squeezed(texts()[page]), (
            f"{title!r} is not on page {page + 1}"
        )
        pages.append(page)
    assert pages == sorted(pages) and len(set(pages)) == len(pages)


def test_no_tex_source_and_no_widget_placeholder():
    tex = re.compile(r"\$\$|\\(?:begin|end)\{|\\(?:frac|mathbf|partial|nabla)\b")
    for number, text in enumerate(texts(), start=1):
        # Code may hold matplotlib labels such as r"$\mathbf{a}$": not book text.
        text = re.sub(r"""\b[rf]{1,2}(["'])\$[^\n]*?\$\1""", "", text)
        assert not tex.search(text), (
            f"page {number}: TeX source {tex.search(text)[0]!r}"
        )
        assert "Error displaying widget" not in text, f"page {number}"


def test_solutions_are_printed_after_each_chapter():
    text = normal(" ".join(texts()))
    chapters = sorted({e.chapter for e in exercises.all()})
    for chapter in chapters:
        assert f"Solutions to chapter {chapter}" in text
    for exercise in exercises.all():
        assert f"Solution to exercise {exercise.id} " in text, exercise.id
    # The solutions come after the text of their chapter, not in it.
    first = text.index(f"Solutions to chapter {chapters[0]}")
    assert text.index(f"Exercise {chapters[0]}.1 ") < first


def test_interactive_figures_are_still_images_with_a_note():
    text = normal(" ".join(texts()))
    notes = text.count("A still image of an interactive figure: the website has")
    players = sum(
        json.dumps(json.loads(p.read_text(encoding="utf-8"))).count("anim-controls") > 0
        for p in (ROOT / "book").glob("*.ipynb")
    )
    assert notes >= players > 0
    assert "Once Loop Reflect" not in text  # the player's controls are not printed


def test_pages_are_numbered():
    numbered = [
        i
        for i, text in enumerate(texts(), start=1)
        if re.search(rf"(?:^|\n)\s*{i}\s*$", text)
    ]
    assert len(numbered) >= 0.9 * len(texts())


def test_table_of_contents_links_inside_the_document():
    internal = 0
    for page in reader().pages:
        for annot in page.get("/Annots") or []:
            link = annot.get_object()
            action = link.get("/A")
            if link.get("/Dest") is not None or (
                action and action.get("/S") == "/GoTo"
            ):
                internal += 1
    assert internal >= len(toc_files())
    assert "Contents" in texts()[0] + texts()[1]


def test_size_is_reasonable():
    assert PDF.stat().st_size < 40e6  # the goal, under 15 MB, is the benchmark's


def test_a_title_page_opens_the_book():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    first = normal(texts()[0])
    for wanted in (config["title"], config["author"], "Version "):
        assert normal(wanted) in first, (
            f"the title page lacks {wanted!r}: {first[:200]!r}"
        )
    assert re.search(r"\b\d{1,2} [A-Z][a-z]+ \d{4}\b", first), (
        "the title page has no date"
    )


def test_formulas_are_text():
    """A formula's content can be found and copied: chapter 1's best fit (w, b) =
    (1.45, -0.3) is written in a formula in the middle of a sentence."""
    pages = [normal(t) for t in texts()]
    hits = [p for p in pages if "The last pair," in p]
    assert hits, "chapter 1's sentence on the best fit is missing"
    sentence = hits[0][hits[0].index("The last pair,") :][:120]
    assert "1.45" in sentence and "0.3" in sentence, sentence


def test_the_pdf_does_not_offer_itself():
    assert not any("the whole book as one PDF" in normal(t) for t in texts())

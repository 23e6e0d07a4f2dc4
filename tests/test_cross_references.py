"""Every mention of another chapter, a section, an exercise or an appendix is a link.

A reader who meets "see chapter 2" or "Exercise 3.4" should be one click away from it,
on the website, in JupyterLab and in Colab. These tests read the Markdown of every
chapter and every page of the book and list each such mention that is words only.

What counts as a mention:

- "chapter 2", "chapters 4-6", "chapters 1 and 3": every number but the page's own
  chapter;
- "Exercise 1.7", "Exercises 2.4 and 2.5": every one, in its own chapter too, except
  the exercise's own heading;
- a section named in quotes, as in 'the section "Choosing the step"';
- "the appendix", "the matrix-calculus appendix", an appendix named in quotes.

A mention is linked when it sits inside the text of a Markdown link
(``[chapter 2](https://.../02_directional_derivatives.html)``) or of a MyST role
(``{doc}`chapter 2 <02_directional_derivatives>` ``). Headings, code and formulas are
not read: a page's headings name their own sections.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
PAGES = sorted(BOOK.glob("*.ipynb")) + sorted(BOOK.glob("*.md"))

NUMBER = r"\d+(?:\.\d+)?"
CHAPTERS = re.compile(
    rf"\b[Cc]hapters?\s+({NUMBER}(?:\s*(?:,|and|or|to|–|-|&)\s*{NUMBER})*)"
)
EXERCISES = re.compile(
    rf"\b[Ee]xercises?\s+({NUMBER}(?:\s*(?:,|and|or|to|–|-|&)\s*{NUMBER})*)"
)
SECTION = re.compile(r"\b[Ss]ections?\s+[\"“‘'*_]")
# "the appendix", "the matrix-calculus appendix", 'appendix "Identities"'; not "every
# chapter and appendix", which names none.
APPENDIX = re.compile(r"\b[Tt]he\s+(?:[\w-]+\s+)?appendix\b|\b[Aa]ppendix\s+[\"“‘]")

# A Markdown link's text, a MyST role's text, or an HTML anchor's text.
LINKED = re.compile(
    r"(?<!!)\[(?:[^\]\\]|\\.)*\]\([^)]*\)"
    r"|\{(?:doc|ref|numref)\}`[^`]*`"
    r"|<a\s[^>]*>.*?</a>",
    re.S,
)


def hidden(markdown: str) -> str:
    """Blank out what is not prose: fenced blocks, code, formulas, headings, HTML comments."""

    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    for pattern, flags in (
        (r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M),
        (r"<!--.*?-->", re.S),
        (r"\$\$.*?\$\$", re.S),
        (r"(?<!\\)\$[^$\n]+\$", 0),
        (r"`[^`\n]*`(?!`)", 0),
        (r"^\s{0,3}#{1,6}\s.*$", re.M),
        (r"^\s{0,3}\([\w-]+\)=\s*$", re.M),
    ):
        markdown = re.sub(pattern, blank, markdown, flags=flags)
    return markdown


def own_chapter(path: Path) -> str | None:
    match = re.match(r"(\d+)_", path.name)
    return str(int(match.group(1))) if match else None


def unlinked_mentions(markdown: str, own: str | None = None) -> list[str]:
    """The mentions of chapters, exercises, sections and appendices outside any link."""
    text = hidden(markdown)
    # Role and link texts stay readable for the checks below; only their spans count.
    spans = [m.span() for m in LINKED.finditer(text)]

    def linked(position: int) -> bool:
        return any(a <= position < b for a, b in spans)

    found = []
    for match in CHAPTERS.finditer(text):
        numbers = re.findall(NUMBER, match.group(1))
        if numbers and all(n == own for n in numbers):
            continue
        if not linked(match.start()):
            found.append(" ".join(match.group(0).split()))
    for pattern in (EXERCISES, SECTION, APPENDIX):
        for match in pattern.finditer(text):
            if not linked(match.start()):
                end = text.find("\n", match.end())
                shown = text[
                    match.start() : min(match.end() + 30, len(text) if end < 0 else end)
                ]
                found.append(" ".join(shown.split()))
    return found


def markdown_of(path: Path) -> list[tuple[str, str]]:
    """(where, markdown) for each Markdown cell of a notebook, or the whole of a page."""
    if path.suffix == ".md":
        return [("page", path.read_text(encoding="utf-8"))]
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    out = []
    for number, cell in enumerate(cells, 1):
        if cell["cell_type"] == "markdown":
            source = cell["source"]
            out.append(
                (
                    f"cell {number}",
                    "".join(source) if isinstance(source, list) else source,
                )
            )
    return out


@pytest.mark.parametrize("path", PAGES, ids=[p.name for p in PAGES])
def test_mentions_of_chapters_sections_exercises_and_appendices_are_links(path):
    own = own_chapter(path)
    found = [
        f"{where}: {mention!r}"
        for where, markdown in markdown_of(path)
        for mention in unlinked_mentions(markdown, own)
    ]
    assert found == [], (
        f"{path.name} names {len(found)} chapter(s), exercise(s), section(s) or appendices "
        "in words only; make each a link (a chapter links to its page on the website, "
        "a section or exercise to its heading's anchor there):\n  " + "\n  ".join(found)
    )


@pytest.mark.parametrize(
    ("markdown", "own", "expected"),
    [
        ("As chapter 2 showed", "1", ["chapter 2"]),
        ("As [chapter 2](https://x.org/02.html) showed", "1", []),
        ("This chapter 1 result", "1", []),
        ("chapters 4–6 use it", None, ["chapters 4–6"]),
        ("see Exercise 1.7 again", "1", ["Exercise 1.7 again"]),
        ("see [Exercise 1.7](https://x.org/a#b) again", "1", []),
        ("### Exercise 1.7 — a kink", "1", []),
        ('read the section "Choosing the step"', "1", ['section "Choosing the step"']),
        ("in the appendix", "1", ["the appendix"]),
        ("in the matrix-calculus appendix", "1", ["the matrix-calculus appendix"]),
        ("every chapter and appendix", "1", []),
        ("in the {doc}`appendix <matrix_calculus>`", None, []),
        ("`chapter 2` in code and $x$ in maths", "1", []),
        ("```\nchapter 2\n```", "1", []),
    ],
)
def test_unlinked_mentions_are_found(markdown, own, expected):
    assert unlinked_mentions(markdown, own) == expected

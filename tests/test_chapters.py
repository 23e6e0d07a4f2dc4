"""What the chapters and the exercise catalog must agree on."""

import json
import re
from pathlib import Path

import pytest

from helpers import exercises

BOOK = Path(__file__).resolve().parent.parent / "book"


def chapter_notebook(chapter):
    (path,) = BOOK.glob(f"{chapter:02d}_*.ipynb")
    return json.loads(path.read_text(encoding="utf-8"))


def code_sources(nb):
    return [
        "".join(c["source"]).strip() for c in nb["cells"] if c["cell_type"] == "code"
    ]


@pytest.mark.parametrize("entry", exercises.all(), ids=lambda e: e.id)
def test_every_exercise_has_a_statement_stub_check_and_solution(entry):
    """The four cells: a heading, the reader's cell, the check, the collapsed solution."""
    nb = chapter_notebook(entry.chapter)
    headings = [
        "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"
    ]
    assert any(f"### Exercise {entry.id} — " in h for h in headings)
    sources = code_sources(nb)
    checks = [s for s in sources if re.fullmatch(rf'check\("{entry.id}", \w+\)', s)]
    assert len(checks) == 1, f"one check cell for {entry.id}"
    solutions = [
        s
        for s in sources
        if s.startswith("# @title Solution") and f'check("{entry.id}", ' in s
    ]
    assert len(solutions) == 1, f"one solution for {entry.id}"
    name = re.fullmatch(rf'check\("{entry.id}", (\w+)\)', checks[0]).group(1)
    assert name == entry.name, "the check cell passes the reader's own name"
    stub_index = sources.index(checks[0]) - 1
    assert re.search(rf"\b{name}\b", sources[stub_index]), "the stub precedes the check"


@pytest.mark.parametrize(
    "entry",
    [e for e in exercises.all() if e.kind == "debug"],
    ids=lambda e: e.id,
)
def test_debug_code_in_the_notebook_is_the_given_code(entry):
    """The notebook shows exactly the code whose planted mistake the check looks for."""
    assert entry.given_source
    assert entry.given_source.strip() in code_sources(chapter_notebook(entry.chapter))

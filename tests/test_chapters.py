"""What the chapters and the exercise catalog must agree on."""

import json
from pathlib import Path

import pytest

from helpers import exercises
from teach import notebooks

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
    assert notebooks.statement_cells(nb, entry.id)
    checks = notebooks.check_cells(nb, entry.id)
    assert len(checks) == 1, f"one check cell for {entry.id}"
    assert len(notebooks.solution_cells(nb, entry.id)) == 1, (
        f"one solution for {entry.id}"
    )
    name = checks[0][1]
    assert name == entry.name, "the check cell passes the reader's own name"
    where = notebooks.locate(nb, entry)
    assert where.stub == where.check - 1, "the stub precedes the check"


@pytest.mark.parametrize(
    "entry",
    [e for e in exercises.all() if e.kind == "debug"],
    ids=lambda e: e.id,
)
def test_debug_code_in_the_notebook_is_the_given_code(entry):
    """The notebook shows exactly the code whose planted mistake the check looks for."""
    assert entry.given_source
    assert entry.given_source.strip() in code_sources(chapter_notebook(entry.chapter))

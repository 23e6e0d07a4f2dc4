"""The student edition: every chapter without a trace of its solutions.

How it is made is tested on the small chapter of ``fixture_chapter``; what it makes of
the book is tested on every chapter (nothing is run: a second for all of them).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path

import fixture_chapter as F
import nbformat
import pytest

from helpers import prefer
from teach import student
from teach.notebooks import is_solution, locate, prefer_cells, source, tags
from teach.student import student_edition

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
CHAPTERS = sorted(BOOK.glob("*.ipynb"))
PASSING = re.compile(r"✅ Exercise|Exercise \d+\.\d+ passed|Using (your|the book's)")


def digest(paths):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def outputs_text(cell):
    return json.dumps(cell.get("outputs", []), ensure_ascii=False)


# ---------------------------------------------------------------------------
# How: the small chapter
# ---------------------------------------------------------------------------


def exercise_cells(nb, entries):
    """Indices of the reader's cells, the check cells and the cells using prefer."""
    found = set()
    for entry in entries:
        where = locate(nb, entry)
        found |= {where.stub, where.check, *prefer_cells(nb, entry.id)}
    return found


def test_the_solution_cells_go_and_no_code_changes():
    edition, problems = student_edition(F.BOOK, F.EXERCISES)
    assert problems == []
    nbformat.validate(edition)
    kept = [
        c for c in F.BOOK["cells"] if "solution" not in c["metadata"].get("tags", [])
    ]
    assert len(kept) == len(F.BOOK["cells"]) - len(F.EXERCISES)
    assert [c["id"] for c in edition["cells"]] == [c["id"] for c in kept]
    assert [source(c) for c in edition["cells"]] == [source(c) for c in kept]
    assert not any(is_solution(c) for c in edition["cells"])


def test_only_the_exercises_cells_lose_their_outputs():
    """The reader's cells, the checks and the cell that builds on an exercise: every
    other cell (a figure, the setup cell, the text) is exactly as in the book."""
    edition = student_edition(F.BOOK, F.EXERCISES)[0]
    cleared = exercise_cells(edition, F.EXERCISES)
    assert len(cleared) == 2 * len(F.EXERCISES) + 1
    kept = [c for c in F.BOOK["cells"] if not is_solution(c)]
    for i, (was, now) in enumerate(zip(kept, edition["cells"])):
        if i in cleared:
            assert now["outputs"] == [] and now["execution_count"] is None
            assert now["metadata"] == was["metadata"]
        else:
            assert now == was, i
        assert not PASSING.search(outputs_text(now))


def test_the_book_is_not_changed():
    before = copy.deepcopy(F.BOOK)
    student_edition(F.BOOK, F.EXERCISES)
    assert F.BOOK == before


def test_a_cell_that_reads_a_name_only_a_solution_defines_is_reported():
    entry = F.FUNCTION
    solution = f"# @title Solution\nhelper = 3\np = 1\n{entry.name}_solution = 2"
    nb = {
        "cells": [
            F.cell(solution, tags=["solution"]),
            F.cell("print(helper)"),
            F.cell("def loss(p):\n    return p"),  # a parameter of its own
            F.cell(f"print({entry.name}_solution)"),
        ]
    }
    _, problems = student_edition(nb, [entry])
    assert problems == [
        "cell 1 reads helper, which only a solution cell defines",
        f"cell 3 reads {entry.name}_solution, which only a solution cell defines",
    ]


def test_a_solution_is_a_code_cell_tagged_solution_whatever_else_it_holds():
    tagged = F.cell("x = 1", tags=["solution"])
    assert is_solution(tagged)
    assert not is_solution(F.cell("# @title Solution (click to expand)\nx = 1"))
    assert not is_solution({**tagged, "cell_type": "markdown"})
    for metadata in (None, "solution", {"tags": "solution"}, {"tags": [None, 3]}):
        assert not is_solution({**tagged, "metadata": metadata})  # never raises


def test_the_command_writes_every_chapter_and_fails_on_a_problem(tmp_path, capsys):
    book, out = tmp_path / "book", tmp_path / "out"
    book.mkdir()
    (book / "01_fixture.ipynb").write_text(json.dumps(F.BOOK), encoding="utf-8")
    assert student.main(["--book", str(book), "--out", str(out)]) == 0
    written = nbformat.read(out / "01_fixture.ipynb", as_version=4)
    assert not any(is_solution(c) for c in written.cells)
    broken = copy.deepcopy(F.BOOK)
    broken["cells"].append(F.cell(f"print({F.FUNCTION.name}_solution)"))
    broken["cells"][-1]["id"] = "reads-a-solution"
    (book / "01_fixture.ipynb").write_text(json.dumps(broken), encoding="utf-8")
    assert student.main(["--book", str(book), "--out", str(out)]) == 1
    assert "only a solution cell defines" in capsys.readouterr().err


def test_prefer_without_a_solution_uses_the_catalogs(capsys):
    entry = F.FUNCTION
    assert prefer(entry.id, None) is entry.reference
    assert capsys.readouterr().out == (
        f"This cell uses the book's solution until your answer passes {entry.label}.\n"
    )
    assert prefer(entry.id, entry.reference) is entry.reference


# ---------------------------------------------------------------------------
# What: the book's chapters
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    """The student edition written by the command, as ``{name: notebook}``."""
    out = tmp_path_factory.mktemp("student")
    before = digest(CHAPTERS)
    assert student.main(["--out", str(out)]) == 0, "no chapter reads a solution's name"
    assert digest(CHAPTERS) == before, "the book's notebooks are unchanged"
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.iterdir()}


def chapter_exercises(nb):
    return student.chapter_exercises(nb)


def test_every_chapter_has_a_student_edition(edition):
    assert sorted(edition) == [p.name for p in CHAPTERS]
    for nb in edition.values():
        nbformat.validate(nbformat.from_dict(nb))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_solution_survives(edition, path):
    nb = edition[path.name]
    text = json.dumps(nb, ensure_ascii=False)
    for cell in nb["cells"]:
        assert not is_solution(cell)
        assert "hide-cell" not in tags(cell)
        assert "# @title Solution" not in source(cell)
        assert not PASSING.search(outputs_text(cell)), source(cell)[:80]
    for entry in chapter_exercises(nb):
        assert f"{entry.name}_solution" not in text
        reference = getattr(entry.reference, "__name__", "")
        assert not reference.isidentifier() or reference not in text


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_everything_else_stays(edition, path):
    """Text, figures and still images, the setup cell, every cell's code: only the
    solutions and the outputs of the exercises' cells (and of the cells that build on
    an exercise) go."""
    book = json.loads(path.read_text(encoding="utf-8"))
    student_nb = edition[path.name]
    kept = [c for c in book["cells"] if not is_solution(c)]
    assert len(kept) == len(student_nb["cells"])
    entries = chapter_exercises(student_nb)
    for entry in entries:
        where = locate(student_nb, entry)
        assert where.stub is not None and where.check is not None
        assert where.statement is not None and where.solution is None
    cleared = exercise_cells(student_nb, entries)
    assert student_nb["cells"][1] == book["cells"][1], "the Colab setup cell"
    for i, (was, now) in enumerate(zip(kept, student_nb["cells"])):
        assert was["source"] == now["source"], "no code is rewritten"
        if i in cleared:
            assert now["outputs"] == []
        else:
            assert was == now


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_cells_that_build_on_an_exercise_call_prefer_themselves(path):
    """No chapter uses a solution's name outside its solution cell."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    names = [f"{e.name}_solution" for e in chapter_exercises(nb)]
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code" and not is_solution(cell):
            used = [n for n in names if re.search(rf"\b{n}\b", source(cell))]
            assert not used, f"cell {i} uses {used}: call prefer instead"

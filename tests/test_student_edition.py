"""The student edition: every chapter without a trace of its solutions."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from pathlib import Path

import pytest

from helpers import exercises, prefer
from helpers.notebooks import chapter_of, is_solution, locate, source, student_edition

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
CHAPTERS = sorted(BOOK.glob("*.ipynb"))
PASSING = re.compile(r"✅ Exercise|Exercise \d+\.\d+ passed|Using (your|the book's)")


def load_script():
    spec = importlib.util.spec_from_file_location(
        "student_edition", ROOT / "scripts" / "student_edition.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def digest(paths):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    """The student edition written by the script, as ``{name: notebook}``."""
    out = tmp_path_factory.mktemp("student")
    before = digest(CHAPTERS)
    assert load_script().main(["--out", str(out)]) == 0
    assert digest(CHAPTERS) == before, "the book's notebooks are unchanged"
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.iterdir()}


def chapter_exercises(nb):
    return [e for e in exercises.all() if e.chapter == chapter_of(nb)]


def outputs_text(cell):
    return json.dumps(cell.get("outputs", []), ensure_ascii=False)


def test_every_chapter_has_a_student_edition(edition):
    import nbformat

    assert sorted(edition) == [p.name for p in CHAPTERS]
    for nb in edition.values():
        nbformat.validate(nbformat.from_dict(nb))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_solution_survives(edition, path):
    nb = edition[path.name]
    text = json.dumps(nb, ensure_ascii=False)
    for cell in nb["cells"]:
        assert not is_solution(cell)
        assert "hide-cell" not in cell["metadata"].get("tags", [])
        assert not PASSING.search(outputs_text(cell)), source(cell)[:80]
    for entry in chapter_exercises(nb):
        assert f"{entry.name}_solution" not in text
        reference = getattr(entry.reference, "__name__", "")
        assert not reference.isidentifier() or reference not in text


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_everything_else_stays(edition, path):
    """Text, figures and still images, the setup cell: only solutions and the
    outputs of the exercise cells (and of the cells that used a solution) go."""
    book = json.loads(path.read_text(encoding="utf-8"))
    student = edition[path.name]
    kept = [c for c in book["cells"] if not is_solution(c)]
    assert len(kept) == len(student["cells"])
    exercise_cells = set()
    for entry in chapter_exercises(student):
        where = locate(student, entry)
        assert where.stub is not None and where.check is not None
        assert where.statement is not None and where.solution is None
        exercise_cells |= {where.stub, where.check}
    assert student["cells"][1] == book["cells"][1], "the Colab setup cell"
    for i, (was, now) in enumerate(zip(kept, student["cells"])):
        if i in exercise_cells:
            assert was["source"] == now["source"] and now["outputs"] == []
        elif source(was) != source(now):
            assert "prefer(" in source(now) and now["outputs"] == []
        else:
            assert was == now


def test_a_cell_that_builds_on_a_solution_uses_prefer():
    entry = exercises.get("1.5")
    nb = {
        "cells": [
            code(f"{entry.name} = 1"),
            code(f'check("{entry.id}", {entry.name})'),
            code(f"# @title Solution\n{entry.name}_solution = 2"),
            code(f"given = {entry.name}_solution\nprint(given, given)"),
            code(f'value = prefer("{entry.id}", {entry.name}, given)'),
            code(f"twice = 2 * {entry.name}_solution + {entry.name}_solution"),
        ]
    }
    student, problems = student_edition(nb, [entry])
    assert problems == []
    sources = [source(c) for c in student["cells"]]
    assert (
        sources[2] == f'given = prefer("{entry.id}", {entry.name})\nprint(given, given)'
    )
    assert sources[3] == "value = given"
    assert sources[4] == (
        f'{entry.name}_used = prefer("{entry.id}", {entry.name})\n'
        f"twice = 2 * {entry.name}_used + {entry.name}_used"
    )


def test_a_cell_that_reads_a_name_only_a_solution_defines_is_reported():
    entry = exercises.get("1.5")
    nb = {
        "cells": [
            code(f"# @title Solution\nhelper = 3\np = 1\n{entry.name}_solution = 2"),
            code("print(helper)"),
            code("def loss(p):\n    return p"),  # a parameter of its own
        ]
    }
    _, problems = student_edition(nb, [entry])
    assert problems == ["cell 1 reads helper, which only a solution cell defines"]


def test_prefer_without_a_solution_uses_the_catalogs(capsys):
    entry = exercises.get("1.5")
    assert prefer("1.5", None) is entry.reference
    assert capsys.readouterr().out == (
        "Using the book's solution: your answer does not pass Exercise 1.5 yet.\n"
    )
    assert prefer("1.5", entry.reference) is entry.reference


def code(text):
    return {"cell_type": "code", "metadata": {}, "outputs": [], "source": text}

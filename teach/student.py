"""The student edition: every chapter of the book without its solutions.

Each ``book/NN_*.ipynb`` is written to ``student/`` (not committed) by two of
nbconvert's preprocessors, with no change to any cell's code:

- ``TagRemovePreprocessor`` removes the cells tagged ``solution``;
- ``ClearOutputPreprocessor``, limited to the exercises' cells, clears the outputs of
  the reader's cells, of the check cells, and of the cells that build on an exercise
  (they call ``prefer("N.k", name)``, which uses the reader's answer when it passes and
  the catalog's otherwise, and say which: a stored "This cell uses the book's solution" line
  would tell a student nothing true about their own work).

The text, the figures, the interactive figures' still images and the Colab setup cell
stay as they are in the book, and the book's own notebooks are not changed. Usage::

    python -m teach.student              # every chapter, into student/
    python -m teach.student --out DIR    # elsewhere

Fails (exit 1) when a chapter still reads a name that only a solution cell defines:
such a cell would break for a student, so the chapter must compute that name in the
open (or take it from ``prefer``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.preprocessors import ClearOutputPreprocessor, TagRemovePreprocessor

from helpers import exercises as catalog

from .notebooks import (
    SOLUTION_TAG,
    chapter_of,
    locate,
    prefer_cells,
    solution_only_names,
)

ROOT = Path(__file__).resolve().parent.parent


class ClearExerciseOutputs(ClearOutputPreprocessor):
    """nbconvert's ``ClearOutputPreprocessor``, for the cells of ``exercises`` only.

    Those are, for each exercise, the reader's cell, its check cell and the cells that
    call ``prefer`` with its id; every other cell keeps its outputs.
    """

    def __init__(self, exercises: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.exercises = list(exercises)
        self._chosen: set[int] = set()

    def preprocess(self, nb, resources):
        self._chosen = set()
        for exercise in self.exercises:
            where = locate(nb, exercise)
            self._chosen |= {i for i in (where.stub, where.check) if i is not None}
            self._chosen |= set(prefer_cells(nb, exercise.id))
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if index not in self._chosen:
            return cell, resources
        return super().preprocess_cell(cell, resources, index)


def student_edition(nb: Any, exercises: Sequence[Any]) -> tuple[Any, list[str]]:
    """The student edition of ``nb`` (a copy), and what keeps it from working.

    ``nb`` is a notebook (nbformat node or plain dict) and ``exercises`` the catalog
    entries of its chapter. The copy has no solution cell and no output in the
    exercises' cells; every cell's code is the book's. The list names each cell that
    reads a name only a solution cell defines (empty when the edition is ready).
    """
    edition = nbformat.from_dict(nb)  # a copy (every dict and list is new), as nodes
    problems = solution_only_names(edition)
    resources: dict = {}
    removal = TagRemovePreprocessor(remove_cell_tags={SOLUTION_TAG})
    edition, resources = removal.preprocess(edition, resources)
    edition, resources = ClearExerciseOutputs(exercises).preprocess(edition, resources)
    return edition, problems


def chapter_exercises(nb: Any) -> list[Any]:
    """The catalog's exercises of the chapter ``nb`` holds (read from its title)."""
    chapter = chapter_of(nb)
    return [e for e in catalog.all() if e.chapter == chapter]


def write_student_edition(book: Path, out: Path) -> list[str]:
    """Write the student edition of every notebook of ``book`` into ``out``.

    Returns the problems found (empty when every chapter is ready for students).
    """
    out.mkdir(parents=True, exist_ok=True)
    problems = []
    for path in sorted(book.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        student, found = student_edition(nb, chapter_exercises(nb))
        problems += [f"{path.name}: {p}" for p in found]
        nbformat.write(student, out / path.name)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m teach.student", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--book", type=Path, default=ROOT / "book", help="the chapters (default: book/)"
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "student", help="default: student/"
    )
    args = parser.parse_args(argv)
    problems = write_student_edition(args.book, args.out)
    for problem in problems:
        print(problem, file=sys.stderr)
    count = len(list(args.book.glob("*.ipynb")))
    print(f"student edition of {count} chapters written to {args.out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

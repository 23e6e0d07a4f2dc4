"""Write the student edition of every chapter: the book without its solutions.

Each ``book/NN_*.ipynb`` is copied to ``student/`` (not committed) with its solution
cells removed and the outputs of its exercise cells cleared; the text, the figures,
the interactive figures' still images and the Colab setup cell stay. Cells that build
on a solution fall back on the catalog's (``prefer("N.k", name)``). The book's own
notebooks are not changed. Usage::

    python scripts/student_edition.py              # every chapter, into student/
    python scripts/student_edition.py --out DIR    # elsewhere

Fails (exit 1) when a chapter still reads a name that only a solution cell defines:
such a cell would break for a student, so the chapter must compute it in the open.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers import exercises  # noqa: E402
from helpers.notebooks import chapter_of, student_edition  # noqa: E402


def write_student_edition(book: Path, out: Path) -> list[str]:
    """Write the student edition of every notebook of ``book`` into ``out``.

    Returns the problems found (empty when every chapter is ready for students).
    """
    out.mkdir(parents=True, exist_ok=True)
    problems = []
    for path in sorted(book.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        chapter = chapter_of(nb)
        chosen = [e for e in exercises.all() if e.chapter == chapter]
        student, found = student_edition(nb, chosen)
        problems += [f"{path.name}: {p}" for p in found]
        text = json.dumps(student, indent=1, ensure_ascii=False) + "\n"
        (out / path.name).write_text(text, encoding="utf-8")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=Path, default=ROOT / "book")
    parser.add_argument("--out", type=Path, default=ROOT / "student")
    args = parser.parse_args(argv)
    problems = write_student_edition(args.book, args.out)
    for problem in problems:
        print(problem, file=sys.stderr)
    count = len(list(args.book.glob("*.ipynb")))
    print(f"student edition of {count} chapters written to {args.out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

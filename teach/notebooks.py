"""Where each exercise lives in a chapter notebook.

An exercise is found by the structure of its cells, the same in every chapter: a
markdown statement ``### Exercise N.k — title``, the reader's cell, a check cell
``check("N.k", name)`` and a solution cell tagged ``solution`` (its first line
``# @title Solution (click to expand)``). Cells further on that build on the exercise
call ``prefer("N.k", name)``. The tests of the chapters, the student edition
(:mod:`teach.student`) and the grader (:mod:`teach.grading`) all use these functions,
on notebooks read as plain JSON (a dict with ``"cells"``) or as nbformat nodes.

Nothing here runs a notebook, and nothing here imports more than the standard library.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

SOLUTION_TAG = "solution"
"""The cell tag of every solution cell: the student edition removes these cells, and
the grader never runs them."""

_TITLE = re.compile(r"#\s+(\d+)\.\s")
_MENTIONED_ID = re.compile(r'check\("(\d+)\.\d+"|### Exercise (\d+)\.\d+ — ')


def source(cell: dict) -> str:
    """A cell's source as one string (stored notebooks keep it as a list of lines)."""
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else str(text)


def is_code(cell: dict) -> bool:
    return cell.get("cell_type") == "code"


def tags(cell: dict) -> list[str]:
    """A cell's tags (none when its metadata is missing or malformed)."""
    metadata = cell.get("metadata")
    found = metadata.get("tags", []) if isinstance(metadata, dict) else []
    return [t for t in found if isinstance(t, str)] if isinstance(found, list) else []


def is_solution(cell: dict) -> bool:
    """Whether ``cell`` is a book's solution cell (tagged ``solution``)."""
    return is_code(cell) and SOLUTION_TAG in tags(cell)


def statement_cells(nb: dict, exercise_id: str) -> list[int]:
    """Indices of the markdown cells that state Exercise ``exercise_id``."""
    heading = f"### Exercise {exercise_id} — "
    return [
        i
        for i, c in enumerate(nb["cells"])
        if c.get("cell_type") == "markdown" and heading in source(c)
    ]


def check_cells(nb: dict, exercise_id: str) -> list[tuple[int, str]]:
    """``(index, name)`` of every cell that is exactly ``check("N.k", name)``."""
    pattern = re.compile(rf'check\("{re.escape(exercise_id)}", (\w+)\)')
    found = []
    for i, cell in enumerate(nb["cells"]):
        match = pattern.fullmatch(source(cell).strip()) if is_code(cell) else None
        if match:
            found.append((i, match.group(1)))
    return found


def solution_cells(nb: dict, exercise_id: str) -> list[int]:
    """Indices of the solution cells that check Exercise ``exercise_id``."""
    call = f'check("{exercise_id}", '
    return [
        i for i, c in enumerate(nb["cells"]) if is_solution(c) and call in source(c)
    ]


def defines(text: str, name: str) -> bool:
    """Whether code ``text`` defines ``name`` at its top level (``def`` or ``=``)."""
    pattern = rf"^(def\s+{re.escape(name)}\s*\(|{re.escape(name)}\s*(:[^=]*)?=[^=])"
    return re.search(pattern, text, flags=re.MULTILINE) is not None


@dataclass(frozen=True)
class ExerciseCells:
    """Where an exercise's four cells are (indices into ``nb["cells"]``; None: absent)."""

    statement: int | None
    stub: int | None
    check: int | None
    solution: int | None


def locate(nb: dict, exercise: Any) -> ExerciseCells:
    """The cells of ``exercise`` (a catalog entry) in ``nb``, found by their structure.

    The stub is the code cell just before the check cell when it names the exercise's
    ``name``; without a check cell (a reader deleted it), the first cell that defines
    ``name``, solutions aside.
    """
    statements = statement_cells(nb, exercise.id)
    checks = [i for i, name in check_cells(nb, exercise.id) if name == exercise.name]
    solutions = solution_cells(nb, exercise.id)
    cells = nb["cells"]
    stub = None
    if checks and checks[0] > 0:
        before = cells[checks[0] - 1]
        if is_code(before) and re.search(rf"\b{exercise.name}\b", source(before)):
            stub = checks[0] - 1
    if stub is None:
        stub = next(
            (
                i
                for i, c in enumerate(cells)
                if is_code(c)
                and not is_solution(c)
                and defines(source(c), exercise.name)
            ),
            None,
        )
    return ExerciseCells(
        statements[0] if statements else None,
        stub,
        checks[0] if checks else None,
        solutions[0] if solutions else None,
    )


def chapter_of(nb: dict) -> int | None:
    """The chapter a notebook holds: its title ``# N. ...``, else its exercises' ids."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            match = _TITLE.match(source(cell).lstrip())
            if match:
                return int(match.group(1))
            break
    for cell in nb.get("cells", []):
        match = _MENTIONED_ID.search(source(cell))
        if match:
            return int(match.group(1) or match.group(2))
    return None


def prefer_cells(nb: dict, exercise_id: str) -> list[int]:
    """Indices of the cells that build on Exercise ``exercise_id``: they call
    ``prefer("N.k", ...)`` (the reader's answer when it passes, else the book's)."""
    call = re.compile(rf'\bprefer\(\s*"{re.escape(exercise_id)}"\s*,')
    return [
        i
        for i, c in enumerate(nb["cells"])
        if is_code(c) and not is_solution(c) and call.search(source(c))
    ]


def names_bound_and_read(text: str) -> tuple[set[str], set[str]]:
    """Names a cell's code binds and names it reads (none when it is not plain
    Python, such as a cell of IPython magics)."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return set(), set()
    bound, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):  # a parameter: bound where it is read
            bound.add(node.arg)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
    return bound, read


def solution_only_names(nb: dict) -> list[str]:
    """Every cell outside the solutions that reads a name only a solution cell binds.

    Such a cell breaks when the solutions are removed (the student edition, a graded
    submission): the chapter must compute that name in a visible cell, or take it
    from ``prefer("N.k", name)``. One line per cell, naming the cell and the names.
    """
    cells = nb["cells"]
    in_solutions: set[str] = set()
    elsewhere: set[str] = set()
    for cell in cells:
        if is_code(cell):
            bound = names_bound_and_read(source(cell))[0]
            (in_solutions if is_solution(cell) else elsewhere).update(bound)
    only = in_solutions - elsewhere
    problems = []
    for i, cell in enumerate(cells):
        if is_code(cell) and not is_solution(cell):
            missing = names_bound_and_read(source(cell))[1] & only
            if missing:
                problems.append(
                    f"cell {i} reads {', '.join(sorted(missing))}, which only a "
                    "solution cell defines"
                )
    return problems

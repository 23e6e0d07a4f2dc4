"""Where each exercise lives in a chapter notebook, and the chapter's student edition.

An exercise is found by the structure of its cells, the same in every chapter: a
markdown statement ``### Exercise N.k — title``, the reader's cell, a check cell
``check("N.k", name)`` and a solution cell whose first line is
``# @title Solution (click to expand)``. The tests of the chapters, the student edition
(``scripts/student_edition.py``) and the grader (``python -m helpers.grade``) all use
these functions, on notebooks read as plain JSON (a dict with ``"cells"``).

Nothing here runs a notebook, and nothing here imports more than the standard library.
"""

from __future__ import annotations

import ast
import copy
import re
from dataclasses import dataclass
from typing import Any

SOLUTION_MARK = "# @title Solution"
"""The first line of every solution cell starts with this."""

_TITLE = re.compile(r"#\s+(\d+)\.\s")
_MENTIONED_ID = re.compile(r'check\("(\d+)\.\d+"|### Exercise (\d+)\.\d+ — ')


def source(cell: dict) -> str:
    """A cell's source as one string (stored notebooks keep it as a list of lines)."""
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else str(text)


def is_code(cell: dict) -> bool:
    return cell.get("cell_type") == "code"


def is_solution(cell: dict) -> bool:
    """Whether ``cell`` is a book's solution cell (collapsed, never run by the grader)."""
    return is_code(cell) and source(cell).lstrip().startswith(SOLUTION_MARK)


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


# ---------------------------------------------------------------------------
# The student edition
# ---------------------------------------------------------------------------


def _defined_and_used(text: str) -> tuple[set[str], set[str]]:
    """Names a cell binds and names it reads (empty when it is not plain Python)."""
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


_ALIAS = re.compile(r"[ \t]*(\w+)[ \t]*=[ \t]*(\w+)[ \t]*\n?")
_PREFER = re.compile(r'prefer\(\s*"([\d.]+)"\s*,\s*(\w+)\s*,\s*(\w+)\s*\)')


def _aliases(texts: list[str], solutions: dict[str, Any]) -> dict[str, str]:
    """``alias -> name_solution`` for every line ``alias = name_solution``."""
    found = {}
    for text in texts:
        for line in text.splitlines(keepends=True):
            match = _ALIAS.fullmatch(line)
            if match and match.group(2) in solutions:
                found[match.group(1)] = match.group(2)
    return found


def _without_solutions(
    text: str, solutions: dict[str, Any], aliases: dict[str, str], kept: set[str]
) -> str:
    """``text`` with the book's solutions replaced by ``prefer("N.k", name)``.

    ``prefer`` gives the reader's answer when it passes the exercise's check and the
    catalog's otherwise, and says which. ``solutions`` maps each ``name_solution`` to
    its exercise; ``aliases`` are other names for them, of which ``kept`` are read
    elsewhere (their lines stay, as ``alias = prefer(...)``; the others go).
    """

    def preferred(solution_name: str) -> str:
        exercise = solutions[solution_name]
        return f'prefer("{exercise.id}", {exercise.name})'

    lines = []
    for line in text.splitlines(keepends=True):
        match = _ALIAS.fullmatch(line)
        if match and match.group(1) in aliases and match.group(2) in solutions:
            if match.group(1) in kept:
                end = "\n" if line.endswith("\n") else ""
                lines.append(f"{match.group(1)} = {preferred(match.group(2))}{end}")
            continue
        lines.append(line)
    text = "".join(lines)

    def shorter(match: re.Match) -> str:
        given = match.group(3)
        if given in kept:
            return given  # already the reader's answer or the catalog's
        if given in solutions or given in aliases:
            return f'prefer("{match.group(1)}", {match.group(2)})'
        return match.group(0)

    text = _PREFER.sub(shorter, text)
    first = []
    for solution_name, exercise in solutions.items():
        if re.search(rf"\b{solution_name}\b", text):  # once, before its first use
            used = f"{exercise.name}_used"
            first.append(f"{used} = {preferred(solution_name)}\n")
            text = re.sub(rf"\b{solution_name}\b", used, text)
    return "".join(first) + text


def student_edition(nb: dict, exercises: list) -> tuple[dict, list[str]]:
    """A copy of ``nb`` for students, and what could not be made student-ready.

    Solution cells are removed; the outputs of each exercise's cell and check cell are
    cleared; cells that built on a solution use ``prefer("N.k", name)`` instead (the
    reader's answer when it passes, else the catalog's) and lose their outputs.
    Everything else is kept as it is. The list names every cell that still reads a
    name only a solution cell defined.
    """
    out = copy.deepcopy(nb)
    clear = set()
    for exercise in exercises:
        where = locate(out, exercise)
        clear.update(i for i in (where.stub, where.check) if i is not None)
    removed: set[str] = set()
    kept_cells = []
    for i, cell in enumerate(out["cells"]):
        if is_solution(cell):
            removed |= _defined_and_used(source(cell))[0]
        else:
            kept_cells.append((i, cell))
    solutions = {
        f"{e.name}_solution": e for e in exercises if f"{e.name}_solution" in removed
    }
    texts = [source(c) for _, c in kept_cells if is_code(c)]
    aliases = _aliases(texts, solutions)
    kept_aliases = set()
    for text in texts:
        text = _PREFER.sub("", text)
        reads = _defined_and_used(text)[1]
        if not _ALIAS.fullmatch(text):
            kept_aliases |= {a for a in aliases if a in reads}
    bound: set[str] = set()
    for _, cell in kept_cells:
        if is_code(cell):
            new = _without_solutions(source(cell), solutions, aliases, kept_aliases)
            if new != source(cell):
                cell["source"] = new
                clear.add(id(cell))
            bound |= _defined_and_used(new)[0]
    problems = []
    for i, cell in kept_cells:
        if not is_code(cell):
            continue
        missing = (_defined_and_used(source(cell))[1] & removed) - bound
        if missing:
            problems.append(
                f"cell {i} reads {', '.join(sorted(missing))}, which only a "
                "solution cell defines"
            )
        if i in clear or id(cell) in clear:
            cell["outputs"] = []
            cell["execution_count"] = None
    out["cells"] = [cell for _, cell in kept_cells]
    return out, problems

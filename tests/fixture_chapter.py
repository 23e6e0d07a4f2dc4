"""A small chapter made for the tests of the student edition and the grader.

Three exercises of the book's catalog, one of each kind a reader answers without given
code (a function, a choice, a value), all from the first chapter that has the three,
in cells shaped as every chapter shapes them: the statement, the reader's cell, the
check cell and the solution cell (tagged ``solution``); after the function exercise, a
cell that builds on it with ``prefer``. Nothing else (no figures, no prose), so that a
kernel runs it in a second or two. The stored outputs are what a run would show.

The solutions are the catalog's references written out as code of their own (with
the data they read as literals): a graded answer that calls the catalog earns nothing.
"""

from __future__ import annotations

import copy
import inspect
import re
import textwrap

import numpy as np

from helpers import exercises
from teach.notebooks import defines, locate, source
from teach.student import student_edition

KINDS = ("function", "choice", "value")


def _chosen() -> list:
    by_chapter: dict[int, dict[str, object]] = {}
    for entry in exercises.all():
        by_chapter.setdefault(entry.chapter, {}).setdefault(entry.kind, entry)
    for found in by_chapter.values():
        if all(kind in found for kind in KINDS):
            return sorted(
                (found[k] for k in KINDS), key=lambda e: exercises.all().index(e)
            )
    raise LookupError(f"no chapter has exercises of the kinds {KINDS}")


EXERCISES = _chosen()
IDS = [e.id for e in EXERCISES]
CHAPTER = EXERCISES[0].chapter
TITLE = f"# {CHAPTER}. A chapter for the tests"
FUNCTION = next(e for e in EXERCISES if e.kind == "function")
USES = "chosen"
"""The name the cell that builds on the function exercise gives its choice."""


def markdown(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def cell(text: str, outputs=(), tags=()) -> dict:
    metadata = {"tags": list(tags)} if tags else {}
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": metadata,
        "outputs": list(outputs),
        "source": text,
    }


def printed(text: str) -> dict:
    return {"output_type": "stream", "name": "stdout", "text": text}


def shown(text: str) -> dict:
    return {
        "output_type": "execute_result",
        "execution_count": 1,
        "metadata": {},
        "data": {"text/plain": text},
    }


def stub(entry) -> str:
    if entry.kind == "function":
        return (
            f"# Exercise {entry.id}: {entry.title}.\n"
            f"def {entry.signature}:\n"
            "    # Hint: the chapter's formula.\n"
            "    raise NotImplementedError"
        )
    return f"# Exercise {entry.id}: {entry.title}.\n{entry.name} = ..."


def literal(value) -> str:
    """Python code for a number or an array of the catalog (every digit kept)."""
    if isinstance(value, np.ndarray):
        return f"np.array({value.tolist()!r})"
    return repr(value)


def own_code(entry, name: str) -> str:
    """Code that defines ``name`` as a right answer of its own: a function's
    reference rewritten under ``name`` with the data it reads as literals, a value or
    a letter written out. Nothing of it calls the catalog, which a graded answer may
    not do."""
    if entry.kind not in ("function", "debug"):
        return f"{name} = {literal(entry.reference)}\n"
    function = entry.reference
    text = textwrap.dedent(inspect.getsource(function))
    text = re.sub(rf"def {function.__name__}\(", f"def {name}(", text, count=1)
    head = ["import numpy as np", ""]
    for used in function.__code__.co_names:
        value = function.__globals__.get(used)
        if isinstance(value, (np.ndarray, float, int)) and not isinstance(value, bool):
            head.append(f"{used} = {literal(value)}")
    return "\n".join(head) + "\n\n\n" + text


def solution(entry) -> str:
    head = "# @title Solution (click to expand)\n"
    body = own_code(entry, f"{entry.name}_solution")
    return head + body + f'\n\ncheck("{entry.id}", {entry.name}_solution)'


def book() -> dict:
    """The chapter as the book stores it: solutions and outputs included."""
    cells = [
        markdown(f"{TITLE}\n\nA heading, three exercises, and nothing else."),
        cell(
            "import numpy as np\n\nfrom helpers import check, exercises, prefer",
            tags=["remove-cell"],
        ),
        cell('print("a figure, say")', [printed("a figure, say\n")]),
    ]
    for entry in EXERCISES:
        cells += [
            markdown(f"### Exercise {entry.id} — {entry.title}\n\nThe task."),
            cell(stub(entry)),
            cell(
                f'check("{entry.id}", {entry.name})',
                [shown(f"⏳ {entry.label}: not done yet.")],
            ),
            cell(
                solution(entry),
                [shown(f"✅ {entry.label} passed: {entry.name}_solution matches.")],
                tags=["hide-cell", "solution"],
            ),
        ]
        if entry is FUNCTION:
            uses = f'{USES} = prefer("{entry.id}", {entry.name})'
            said = f"This cell uses the book's solution until your {entry.name} passes"
            cells.append(cell(uses, [printed(f"{said} {entry.label}.\n")]))
    cells.append(markdown("## Summary\n\nThe end."))
    for i, c in enumerate(cells):
        c["id"] = f"cell-{i}"
        if c["cell_type"] == "code" and c["outputs"]:
            c["execution_count"] = i
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3",
                "language": "python",
                "name": "python3",
            },
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


BOOK = book()
STUDENT = student_edition(BOOK, EXERCISES)[0]


def right_answer(entry) -> str:
    """The book's solution, under the reader's name (without the solution's title)."""
    text = source(BOOK["cells"][locate(BOOK, entry).solution])
    body = text.split("\n", 1)[1].replace(f"{entry.name}_solution", entry.name)
    assert defines(body, entry.name)
    return body


def wrong_answer(entry) -> str:
    if entry.kind in ("function", "debug"):
        return f"def {entry.name}(*args):\n    return 12345.0\n"
    if entry.kind == "choice":
        return f"{entry.name} = {entry.misconceptions[0].answer!r}\n"
    return f"{entry.name} = 12345.0\n"


def answered(answers: dict) -> dict:
    """The student edition with ``answers`` (id -> code) after the stubs' code."""
    nb = copy.deepcopy(STUDENT)
    for entry in EXERCISES:
        if entry.id in answers:
            where = nb["cells"][locate(nb, entry).stub]
            where["source"] = source(where) + "\n\n\n" + answers[entry.id]
    return nb


def correct() -> dict:
    return answered({e.id: right_answer(e) for e in EXERCISES})

"""A small chapter made for the tests of the student edition and the grader.

Three exercises of the book's catalog, one of each kind a reader answers without given
code (a function, a choice, a value), all from the first chapter that has the three,
in cells shaped as every chapter shapes them: the statement, the reader's cell, the
check cell and the solution cell (tagged ``solution``); after the function exercise, a
cell that builds on it with ``prefer``. Nothing else (no figures, no prose), so that a
kernel runs it in a second or two. The stored outputs are what a run would show.

The solutions call the catalog's reference: the grader sees only the values an answer
gives, so for it that is as right an answer as any.
"""

from __future__ import annotations

import copy

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


def solution(entry) -> str:
    head = "# @title Solution (click to expand)\n"
    if entry.kind == "function":
        body = (
            f'reference = exercises.get("{entry.id}").reference\n\n\n'
            f"def {entry.name}_solution(*args):\n"
            "    return reference(*args)\n"
        )
    elif entry.kind == "choice":
        body = f"{entry.name}_solution = {entry.reference!r}\n"
    else:
        body = f'{entry.name}_solution = exercises.get("{entry.id}").reference\n'
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

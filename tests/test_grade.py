"""The grader, on submissions the tests make themselves from a chapter's student edition.

Each fixture is graded by the real grader (a process and a kernel per submission):
fully correct, untouched, partly wrong, renamed and deleted exercise cells, an error
halfway, four ways of cheating, an exit, a crash, memory exhausted, an endless loop,
and a file that is not JSON. Each must get the expected row. One chapter (the one with
the fewest code cells) keeps the runs short; the tiny submissions have a few cells.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
import types
from pathlib import Path

import numpy as np
import pytest

from helpers import exercises
from helpers.grade import grade_all, read_gradebook, table, write_gradebook
from helpers.grading import (
    FAILED,
    NOT_ATTEMPTED,
    NOT_REACHED,
    PASSED,
    Limits,
    judge,
    probe_source,
)
from helpers.notebooks import (
    chapter_of,
    defines,
    is_code,
    locate,
    source,
    student_edition,
)

ROOT = Path(__file__).resolve().parent.parent
LIMITS = Limits(seconds=150, memory_mb=2048)


def _fewest_code_cells(path: Path) -> int:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return sum(is_code(c) for c in nb["cells"])


BOOK_PATH = min(sorted((ROOT / "book").glob("*.ipynb")), key=_fewest_code_cells)
BOOK = json.loads(BOOK_PATH.read_text(encoding="utf-8"))
CHAPTER = chapter_of(BOOK)
EXERCISES = [e for e in exercises.all() if e.chapter == CHAPTER]
STUDENT = student_edition(BOOK, EXERCISES)[0]
TITLE = source(BOOK["cells"][0]).splitlines()[0]


def cell(text: str, outputs=()) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": list(outputs),
        "source": text,
    }


def notebook(cells: list[dict]) -> dict:
    nb = copy.deepcopy(STUDENT)
    nb["cells"] = cells
    return nb


def right_answer(entry) -> str:
    """The book's solution, under the reader's name (without the solution's title)."""
    solution = source(BOOK["cells"][locate(BOOK, entry).solution])
    body = solution.split("\n", 1)[1].replace(f"{entry.name}_solution", entry.name)
    if defines(body, entry.name):
        return body
    return f"{entry.name} = {entry.reference!r}\n"  # a choice: the letter


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
            stub = nb["cells"][locate(nb, entry).stub]
            stub["source"] = source(stub) + "\n\n\n" + answers[entry.id]
    return nb


def correct() -> dict:
    return answered({e.id: right_answer(e) for e in EXERCISES})


def isolated() -> list:
    """Exercises whose name no code cell uses but their own two."""
    nb = correct()
    return [
        e
        for e in EXERCISES
        if sum(
            bool(re.search(rf"\b{e.name}\b", source(c)))
            for c in nb["cells"]
            if is_code(c)
        )
        == 2
    ]


def tampered() -> dict:
    """One exercise's cells renamed, another's deleted."""
    nb = correct()
    assert len(isolated()) >= 2, "two exercises no other cell uses"
    renamed, deleted = isolated()[0], isolated()[-1]
    where = locate(nb, renamed)
    for i in (where.stub, where.check):
        text = source(nb["cells"][i])
        nb["cells"][i]["source"] = text.replace(renamed.name, f"my_{renamed.name}")
    where = locate(nb, deleted)
    del nb["cells"][where.check]
    del nb["cells"][where.stub]
    return nb


MIDDLE = EXERCISES[len(EXERCISES) // 2]


def halfway() -> dict:
    nb = correct()
    stub = locate(nb, MIDDLE).stub
    nb["cells"].insert(stub, cell('raise RuntimeError("stopped halfway")'))
    return nb


def tiny(*texts: str, outputs: dict | None = None) -> dict:
    """A few cells: the chapter's title, wrong answers to every exercise, a solution
    cell (which must never run), then ``texts``."""
    heading = {"cell_type": "markdown", "metadata": {}, "source": TITLE}
    answers = "from helpers import check\n\n" + "\n".join(
        wrong_answer(e) for e in EXERCISES
    )
    never = cell('# @title Solution (click to expand)\nraise SystemExit("ran")')
    cells = [heading, cell(answers), never] + [cell(t) for t in texts]
    for e in EXERCISES:
        fake = {
            "output_type": "execute_result",
            "execution_count": 1,
            "metadata": {},
            "data": {"text/plain": f"✅ Exercise {e.id} passed: {e.name} matches."},
        }
        cells.append(cell(f'check("{e.id}", {e.name})', [fake] if outputs else []))
    return notebook(cells)


FAKE_CHECK = """def check(exercise_id, answer):
    print(f"✅ Exercise {exercise_id} passed")
    return True
"""
FAKE_PRINTS = "\n".join(
    f'print("✅ Exercise {e.id} passed: {e.name} matches finite differences.")'
    for e in EXERCISES
)
REPLACED_HELPERS = """import helpers
import helpers.checks.compare
import helpers.exercises as catalog
import numpy as np
from helpers.checks import CheckResult


def passed(*args, **kwargs):
    return CheckResult(True, "✅ Exercise passed")


helpers.check = catalog.check = check = passed
for kind in (catalog.Exercise, catalog.FunctionExercise, catalog.ValueExercise,
             catalog.ChoiceExercise, catalog.DebugExercise):
    kind.check = passed
helpers.checks.compare.matches = lambda *args, **kwargs: True
np.all = lambda *args, **kwargs: True
np.max = lambda *args, **kwargs: 0.0
"""
MEMORY = """import numpy as np

blocks = []
for _ in range(100):  # 80 GB at most, never touched: the limit stops it first
    blocks.append(np.empty(10**8))
"""
LOOP = """while True:
    try:
        pass
    except KeyboardInterrupt:  # ignoring the interrupt does not help
        pass
"""

ALL_WRONG = {e.id: FAILED for e in EXERCISES}
NOT_JSON = f"{CHAPTER:02d}_not_json.ipynb"


def expected_rows() -> dict[str, tuple[dict, str]]:
    """File name -> (the status of every exercise, a part of the problem)."""
    renamed, deleted = isolated()[0], isolated()[-1]
    position = EXERCISES.index(MIDDLE)
    tampered_status = {e.id: PASSED for e in EXERCISES}
    tampered_status[renamed.id] = tampered_status[deleted.id] = NOT_ATTEMPTED
    partly = {e.id: NOT_ATTEMPTED for e in EXERCISES}
    partly[EXERCISES[0].id] = PASSED
    partly[EXERCISES[-1].id] = FAILED
    return {
        "correct.ipynb": ({e.id: PASSED for e in EXERCISES}, ""),
        "untouched.ipynb": ({e.id: NOT_ATTEMPTED for e in EXERCISES}, ""),
        "partly_wrong.ipynb": (partly, ""),
        "tampered.ipynb": (tampered_status, ""),
        "halfway.ipynb": (
            {
                e.id: PASSED if k < position else NOT_REACHED
                for k, e in enumerate(EXERCISES)
            },
            "raised RuntimeError (stopped halfway)",
        ),
        "redefines_check.ipynb": (ALL_WRONG, ""),
        "prints_fake_pass.ipynb": (ALL_WRONG, ""),
        "edits_outputs.ipynb": (ALL_WRONG, ""),
        "replaces_helpers.ipynb": (ALL_WRONG, ""),
        "exits.ipynb": (
            {e.id: FAILED for e in EXERCISES},
            "cell 4 raised SystemExit (3)",
        ),
        "crashes.ipynb": (ALL_WRONG, "cell 4 stopped the kernel"),
        "exhausts_memory.ipynb": (ALL_WRONG, "cell 4 raised MemoryError"),
        NOT_JSON: (
            {e.id: NOT_REACHED for e in EXERCISES},
            "not a notebook: invalid JSON",
        ),
    }


def write_submissions(folder: Path) -> None:
    partly = {EXERCISES[0].id: right_answer(EXERCISES[0])}
    partly[EXERCISES[-1].id] = wrong_answer(EXERCISES[-1])
    made = {
        "correct": correct(),
        "untouched": copy.deepcopy(STUDENT),
        "partly_wrong": answered(partly),
        "tampered": tampered(),
        "halfway": halfway(),
        "redefines_check": tiny(FAKE_CHECK),
        "prints_fake_pass": tiny(FAKE_PRINTS),
        "edits_outputs": tiny(outputs=True),
        "replaces_helpers": tiny(REPLACED_HELPERS),
        "exits": tiny("import sys\n\nsys.exit(3)"),
        "crashes": tiny("import os\n\nos._exit(3)"),
        "exhausts_memory": tiny(MEMORY),
    }
    for name, nb in made.items():
        (folder / f"{name}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    # Named like the chapter, so that the chapter is known though nothing can be read.
    (folder / NOT_JSON).write_text('{"cells": [', encoding="utf-8")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    write_submissions(folder)
    paths = sorted(folder.glob("*.ipynb"))
    lines = []
    rows = grade_all(paths, limits=LIMITS, jobs=2, progress=lines.append)
    assert len(lines) == len(paths), "one progress line per submission"
    return {Path(row["submission"]).name: row for row in rows}, folder


@pytest.mark.parametrize("name", sorted(expected_rows()))
def test_each_submission_gets_its_row(graded, name):
    rows, _ = graded
    statuses, problem = expected_rows()[name]
    row = rows[name]
    got = {e_id: result["status"] for e_id, result in row["exercises"].items()}
    assert got == statuses, "\n".join(r["message"] for r in row["exercises"].values())
    assert row["chapter"] == CHAPTER
    assert row["score"] == sum(s == PASSED for s in statuses.values())
    assert row["out_of"] == len(EXERCISES)
    assert (problem in row["problem"]) if problem else row["problem"] == ""
    for result in row["exercises"].values():
        assert result["message"] and "\n" not in result["message"]


def test_the_messages_are_the_checks(graded):
    rows, _ = graded
    for entry in EXERCISES:
        passed = rows["correct.ipynb"]["exercises"][entry.id]["message"]
        assert passed.startswith(f"✅ Exercise {entry.id} passed")
        todo = rows["untouched.ipynb"]["exercises"][entry.id]["message"]
        assert todo.startswith(f"⏳ Exercise {entry.id}")
    renamed = isolated()[0]
    message = rows["tampered.ipynb"]["exercises"][renamed.id]["message"]
    assert f"`{renamed.name}` is not defined" in message


def test_an_endless_loop_is_stopped_and_what_ran_before_is_graded(tmp_path):
    path = tmp_path / "loops.ipynb"
    path.write_text(json.dumps(tiny(LOOP)), encoding="utf-8")
    (row,) = grade_all([path], limits=Limits(10, 2048), progress=lambda line: None)
    assert "did not finish within the time limit (10 s)" in row["problem"]
    assert {r["status"] for r in row["exercises"].values()} == {FAILED}


def test_the_command_writes_a_gradebook_and_skips_what_is_graded(graded, tmp_path):
    _, folder = graded
    rows, _ = graded
    out = tmp_path / "grades"
    write_gradebook(list(rows.values()), out)  # as if graded by an earlier run
    known = read_gradebook(out)
    assert set(known) == {row["submission"] for row in rows.values()}
    command = [sys.executable, "-m", "helpers.grade", str(folder), "--out", str(out)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("already graded") == len(rows)
    assert "✓ passed, ✗ failed, · not attempted, – not reached" in run.stdout
    assert table(list(rows.values())) in run.stdout
    csv_lines = out.with_suffix(".csv").read_text(encoding="utf-8").splitlines()
    assert csv_lines[0].startswith("submission,chapter,score,out_of,problem,")
    assert len(csv_lines) == 1 + len(rows)


def test_the_kernel_says_passed_but_the_plain_data_decides():
    """A kernel that lies about its verdict gains nothing: the answer itself is
    checked again in the grader's own process."""
    for entry in EXERCISES:
        lying = {"defined": True, "passed": True, "message": f"✅ {entry.label} passed"}
        if entry.kind in ("function", "debug"):
            lying["name"] = entry.name
            lying["calls"] = [{"value": 12345.0} for _ in entry.cases]
        else:
            lying["value"] = {"ndarray": [12345.0], "dtype": "<f8", "shape": [1]}
        status, message = judge(entry, lying)
        assert status == FAILED, message
        assert message.startswith(f"❌ {entry.label}")


def test_the_books_own_solution_is_not_an_answer():
    entry = next(e for e in EXERCISES if e.kind in ("function", "debug"))
    record = {
        "defined": True,
        "passed": True,
        "name": entry.name,
        "file": str(ROOT / "helpers" / "exercises" / f"ch{CHAPTER:02d}.py"),
        "calls": [],
    }
    assert judge(entry, record)[0] == FAILED


def test_an_answer_sent_as_plain_data_is_checked_like_the_original():
    """What the kernel sends back reads back as the same value."""
    from helpers.grading import decode

    value = {"ndarray": [[1.0, 2.0]], "dtype": "<f8", "shape": [1, 2]}
    assert np.array_equal(decode(value), np.array([[1.0, 2.0]]))
    assert decode({"tuple": [1.0, {"scalar": 2, "dtype": "<i8"}]}) == (1.0, 2)
    assert decode({"dict": [["W", 1.0]]}) == {"W": 1.0}
    assert decode({"ellipsis": True}) is Ellipsis


def as_if_written_in_a_cell(answer):
    """A copy of a function of the catalog that looks written in a notebook's cell."""
    code = getattr(answer, "__code__", None)
    if code is None:
        return answer
    return types.FunctionType(
        code.replace(co_filename="<cell>"),
        answer.__globals__,
        answer.__name__,
        answer.__defaults__,
        answer.__closure__,
    )


@pytest.mark.parametrize("entry", exercises.all(), ids=lambda e: e.id)
def test_every_answer_reads_the_same_through_the_kernels_plain_data(entry, capsys):
    """The grader's code for the kernel, run here on the reference, each
    misconception and the stub, gives the verdict of a direct check."""
    stub = Ellipsis
    if entry.kind == "debug":
        stub = entry.given
    elif entry.kind == "function":

        def stub(*args):
            raise NotImplementedError

    answers = [entry.reference, stub] + [m.answer for m in entry.misconceptions]
    for answer in map(as_if_written_in_a_cell, answers):
        namespace = {entry.name: answer}
        exec(probe_source([entry], "n0nce"), namespace)
        printed = capsys.readouterr().out.splitlines()[-1]
        record = json.loads(printed[len("n0nce") :])[entry.id]
        status, message = judge(entry, record)
        direct = entry.check(answer)
        assert message == direct.message
        if direct.passed:
            assert status == PASSED
        else:
            assert status in (FAILED, NOT_ATTEMPTED)
            assert (status == NOT_ATTEMPTED) == message.startswith("⏳")

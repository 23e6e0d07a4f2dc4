"""The grader, on submissions the tests make themselves from a small chapter.

Each fixture is a submission of the chapter of ``fixture_chapter`` (three exercises and
nothing else, so that a kernel runs it in a second or two), graded by the real grader
(a fresh kernel per submission) on those three exercises: fully correct,
untouched, partly wrong, renamed and deleted exercise cells, an error halfway, four
ways of cheating, an exit, a crash, memory exhausted, an endless loop, and a file that
is not JSON. Each must get the expected row. Each is graded by the test that reads its
row, so that parallel test workers share the runs; the command grades two at once in
worker processes. One book chapter (the one with the fewest code cells) is run once,
untouched, as a student receives it.
"""

from __future__ import annotations

import atexit
import copy
import functools
import json
import re
import shutil
import subprocess
import sys
import tempfile
import types
from pathlib import Path

import fixture_chapter as F
import numpy as np
import pytest

from helpers import exercises
from teach import sandbox as box
from teach.grade import grade_all, read_gradebook, table, write_gradebook
from teach.grading import (
    FAILED,
    NOT_ATTEMPTED,
    NOT_REACHED,
    PASSED,
    Limits,
    decode,
    grade_submission,
    judge,
    probe_source,
    sha256,
)
from teach.notebooks import chapter_of, is_code, locate, source
from teach.student import chapter_exercises, student_edition

ROOT = Path(__file__).resolve().parent.parent
LIMITS = Limits(seconds=60, memory_mb=2048)
SANDBOX = "none" if box.problem() else "bwrap"
"""Where bubblewrap cannot make a sandbox (a container without user namespaces), the
grader's behaviour is tested without one; ``test_grade_hostile`` then skips."""
EXERCISES = F.EXERCISES
CHAPTER = F.CHAPTER


def isolated() -> list:
    """Exercises whose name no code cell uses but their own two."""
    nb = F.correct()
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
    nb = F.correct()
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
    nb = F.correct()
    stub = locate(nb, MIDDLE).stub
    nb["cells"].insert(stub, F.cell('raise RuntimeError("stopped halfway")'))
    return nb


def tiny(*texts: str, outputs: bool = False) -> dict:
    """A few cells: the chapter's title, wrong answers to every exercise, a solution
    cell (which must never run), then ``texts``, then the check cells."""
    answers = "from helpers import check\n\n" + "\n".join(
        F.wrong_answer(e) for e in EXERCISES
    )
    never = F.cell(
        '# @title Solution (click to expand)\nraise SystemExit("ran")',
        tags=["hide-cell", "solution"],
    )
    cells = [F.markdown(F.TITLE), F.cell(answers), never]
    cells += [F.cell(t) for t in texts]
    for e in EXERCISES:
        fake = F.shown(f"✅ Exercise {e.id} passed: {e.name} matches.")
        cells.append(F.cell(f'check("{e.id}", {e.name})', [fake] if outputs else []))
    nb = copy.deepcopy(F.STUDENT)
    nb["cells"] = cells
    return nb


FAKE_CHECK = """def check(exercise_id, answer):
    print(f"✅ Exercise {exercise_id} passed")
    return True
"""
FAKE_PRINTS = "\n".join(
    f'print("✅ Exercise {e.id} passed: {e.name} matches finite differences.")'
    for e in EXERCISES
)
REPLACED_HELPERS = """import sys

import helpers
import helpers.exercises as catalog
import numpy as np


def passed(*args, **kwargs):
    return helpers.CheckResult(True, "✅ Exercise passed")


helpers.check = catalog.check = check = passed
for kind in {type(e) for e in catalog.all()}:  # every kind of exercise passes
    kind.check = passed
for name, module in list(sys.modules.items()):  # every comparison says "the same"
    if name.startswith("helpers.") and hasattr(module, "matches"):
        module.matches = lambda *args, **kwargs: True
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
        "exits.ipynb": (ALL_WRONG, "cell 4 raised SystemExit (3)"),
        "crashes.ipynb": (ALL_WRONG, "cell 4 stopped the kernel"),
        "exhausts_memory.ipynb": (ALL_WRONG, "cell 4 raised MemoryError"),
        NOT_JSON: (
            {e.id: NOT_REACHED for e in EXERCISES},
            "not a notebook: invalid JSON",
        ),
    }


def made() -> dict[str, dict]:
    partly = {EXERCISES[0].id: F.right_answer(EXERCISES[0])}
    partly[EXERCISES[-1].id] = F.wrong_answer(EXERCISES[-1])
    return {
        "correct": F.correct(),
        "untouched": copy.deepcopy(F.STUDENT),
        "partly_wrong": F.answered(partly),
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


@functools.cache
def folder() -> Path:
    """Every submission, written once per test process."""
    where = Path(tempfile.mkdtemp(prefix="submissions-"))
    atexit.register(shutil.rmtree, where, ignore_errors=True)
    for name, nb in made().items():
        (where / f"{name}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    # Named like the chapter, so that the chapter is known though nothing can be read.
    (where / NOT_JSON).write_text('{"cells": [', encoding="utf-8")
    return where


@functools.cache
def graded(name: str) -> dict:
    """The row of one submission, graded on the chapter's three exercises in this
    process (the command's test grades in worker processes, as instructors do)."""
    return grade_submission(folder() / name, None, LIMITS, F.IDS, SANDBOX)


def check_row(row: dict, name: str) -> None:
    statuses, problem = expected_rows()[name]
    got = {e_id: result["status"] for e_id, result in row["exercises"].items()}
    assert got == statuses, "\n".join(r["message"] for r in row["exercises"].values())
    assert row["chapter"] == CHAPTER
    assert row["score"] == sum(s == PASSED for s in statuses.values())
    assert row["out_of"] == len(EXERCISES)
    assert (problem in row["problem"]) if problem else row["problem"] == ""
    for result in row["exercises"].values():
        assert result["message"] and "\n" not in result["message"]


def expected_messages() -> dict[str, dict[str, str]]:
    """File name -> {exercise id: how its message starts, or a part of it}: the
    messages are the checks' own."""
    renamed = isolated()[0]
    return {
        "correct.ipynb": {e.id: f"✅ Exercise {e.id} passed" for e in EXERCISES},
        "untouched.ipynb": {e.id: f"⏳ Exercise {e.id}" for e in EXERCISES},
        "tampered.ipynb": {renamed.id: f"`{renamed.name}` is not defined"},
    }


@pytest.mark.parametrize("name", sorted(expected_rows()))
def test_each_submission_gets_its_row(name):
    row = graded(name)
    check_row(row, name)
    for e_id, text in expected_messages().get(name, {}).items():
        message = row["exercises"][e_id]["message"]
        assert message.startswith(text) or f" {text}" in message, message


def test_an_endless_loop_is_stopped_and_what_ran_before_is_graded(tmp_path):
    path = tmp_path / "loops.ipynb"
    path.write_text(json.dumps(tiny(LOOP)), encoding="utf-8")
    (row,) = grade_all(
        [path],
        limits=Limits(10, 2048),
        progress=lambda line: None,
        only=F.IDS,
        sandbox=SANDBOX,
    )
    assert row["problem"] == "cell 4 did not finish within the time limit (10 s)"
    assert {r["status"] for r in row["exercises"].values()} == {FAILED}


def test_a_chapter_of_the_book_runs_as_the_student_receives_it(tmp_path):
    """The student edition of a whole chapter runs to the end: the cells that build
    on an exercise fall back on the book's answers. Every exercise of the chapter
    (read from its title) is graded, none attempted."""

    def code_cells(path: Path) -> int:
        nb = json.loads(path.read_text(encoding="utf-8"))
        return sum(is_code(c) for c in nb["cells"])

    shortest = min(sorted((ROOT / "book").glob("*.ipynb")), key=code_cells)
    book = json.loads(shortest.read_text(encoding="utf-8"))
    entries = chapter_exercises(book)
    path = tmp_path / shortest.name
    path.write_text(json.dumps(student_edition(book, entries)[0]), encoding="utf-8")
    (row,) = grade_all(
        [path], limits=Limits(150, 2048), progress=lambda line: None, sandbox=SANDBOX
    )
    # The cells that build on an exercise get no solution in a graded run: the first
    # of them fails, the run goes on, and that is said.
    assert row["problem"] == "" or "withheld in a graded run" in row["problem"]
    assert row["chapter"] == chapter_of(book)
    assert {e: r["status"] for e, r in row["exercises"].items()} == {
        e.id: NOT_ATTEMPTED for e in entries
    }


def test_every_chapter_answered_with_the_books_solutions_passes(tmp_path):
    """No false alarm: the student edition of every chapter, each exercise answered
    with the book's solution written in the reader's cell, earns full marks (nothing
    of it takes the catalog's answers, though the cases hand it the catalog's own
    functions to call)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from benchmark import chapter_submissions

    paths = []
    for chapter in sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb")):
        path = tmp_path / chapter.name
        path.write_text(json.dumps(chapter_submissions(chapter)[0]), encoding="utf-8")
        paths.append(path)
    rows = grade_all(paths, jobs=2, progress=lambda line: None, sandbox=SANDBOX)
    for path, row in zip(paths, rows):
        wrong = [
            r["message"] for r in row["exercises"].values() if r["status"] != PASSED
        ]
        assert row["score"] == row["out_of"] > 0 and row["problem"] == "", (path, wrong)


def test_the_command_grades_what_is_new_and_skips_what_is_graded(tmp_path):
    """Two submissions graded at once, one taken from the gradebook of an earlier run
    (same file, same exercises); the table, the CSV and the JSON."""
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    for name in ("untouched.ipynb", "exits.ipynb", NOT_JSON):
        (submissions / name).write_bytes((folder() / name).read_bytes())
    earlier = submissions / "untouched.ipynb"
    row = {
        "submission": str(earlier.resolve()),
        "sha256": sha256(earlier),
        "chapter": CHAPTER,
        "problem": "",
        "only": F.IDS,
        "exercises": {
            e.id: {"status": NOT_ATTEMPTED, "message": f"⏳ {e.label}: not yet."}
            for e in EXERCISES
        },
        "score": 0,
        "out_of": len(EXERCISES),
        "seconds": 1.0,
    }
    out = tmp_path / "grades"
    write_gradebook([row], out)
    command = [sys.executable, "-m", "teach.grade", str(submissions), "--out", str(out)]
    command += ["--sandbox", SANDBOX]
    command += ["--exercises", ",".join(F.IDS), "--jobs", "2", "--timeout", "60"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("already graded") == 1
    assert len(re.findall(r"^\[\d/3\] ", run.stdout, re.MULTILINE)) == 3, "progress"
    rows = read_gradebook(out)
    assert len(rows) == 3 and rows[str(earlier.resolve())] == row
    for name in ("exits.ipynb", NOT_JSON):
        check_row(rows[str((submissions / name).resolve())], name)
    in_order = [rows[str(p.resolve())] for p in sorted(submissions.iterdir())]
    assert table(in_order) in run.stdout
    assert "✓ passed, ✗ failed, · not attempted, – not reached" in run.stdout
    csv_lines = out.with_suffix(".csv").read_text(encoding="utf-8").splitlines()
    assert csv_lines[0].startswith("submission,chapter,score,out_of,problem,")
    assert len(csv_lines) == 1 + len(rows)


def test_a_row_graded_on_other_exercises_is_graded_again():
    path = folder() / NOT_JSON  # graded without a kernel
    earlier = {"submission": str(path), "sha256": sha256(path), "only": None}
    lines = []
    (row,) = grade_all(
        [path],
        known={str(path): earlier},
        progress=lines.append,
        only=F.IDS,
        sandbox=SANDBOX,
    )
    assert "already graded" not in lines[0]
    assert row["only"] == F.IDS and list(row["exercises"]) == F.IDS
    (again,) = grade_all(
        [path], known={str(path): row}, progress=lines.append, sandbox=SANDBOX
    )
    assert "already graded" not in lines[1], "all of the chapter this time"


def test_the_command_refuses_an_exercise_the_catalog_does_not_have(tmp_path):
    command = [sys.executable, "-m", "teach.grade", str(tmp_path)]
    command += ["--exercises", "99.1"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert run.returncode == 2
    assert "no exercise '99.1'" in run.stderr


def test_the_kernel_says_passed_but_the_plain_data_decides():
    """A kernel that lies about its verdict gains nothing: the answer itself is
    checked again in the grader's own process."""
    for entry in exercises.all():
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
    entry = next(e for e in exercises.all() if e.kind in ("function", "debug"))
    record = {
        "defined": True,
        "passed": True,
        "name": entry.name,
        "file": str(ROOT / "helpers" / "exercises" / f"ch{entry.chapter:02d}.py"),
        "calls": [],
    }
    assert judge(entry, record)[0] == FAILED


def test_an_answer_sent_as_plain_data_is_checked_like_the_original():
    """What the kernel sends back reads back as the same value."""
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
        sent = json.loads(printed[len("n0nce") :])
        assert sent["taken"] == ["the grader's guard, which the submission removed"]
        record = sent["answers"][entry.id]
        record.pop("reference", None)  # a copy of the catalog's code calls its module
        status, message = judge(entry, record)
        direct = entry.check(answer)
        assert message == direct.message
        if direct.passed:
            assert status == PASSED
        else:
            assert status in (FAILED, NOT_ATTEMPTED)
            assert (status == NOT_ATTEMPTED) == message.startswith("⏳")

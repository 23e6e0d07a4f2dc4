"""The grader against a hostile class: every cheat a class tried, as a small notebook.

A folder of submissions of the small chapter of ``fixture_chapter`` is graded by the
command, two sandboxes at once: after each cheat comes an honest submission, fully
correct or handed in blank, so that a cheat runs beside an honest classmate and
before the next one. Each cheat must earn nothing, with a clear reason; every honest
submission must get exactly its own score; nothing outside a sandbox may change (the
book's code, the virtual environment, the other submissions, the gradebook), and no
process may outlive the run. Then the honest submissions are graded once more, as a
later class would be: unaffected.

The rest needs no kernel: what the grader reads back (notebooks, the runner's result,
the probe's data) is validated, any failure stays in its own row, the gradebook is
written for any file name and cannot be forged, nothing printed holds a control
character, and an answer's dtype never widens a tolerance.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import fixture_chapter as F
import numpy as np
import pytest

from helpers import exercises
from helpers.exercises import registry
from teach import sandbox as box
from teach.grade import (
    grade_all,
    main,
    read_gradebook,
    table,
    write_gradebook,
)
from teach.grading import (
    FAILED,
    NOT_ATTEMPTED,
    PASSED,
    Job,
    NotANotebook,
    Outcome,
    finish,
    guard_source,
    judge,
    parse_submission,
    read_outcome,
)

ROOT = Path(__file__).resolve().parent.parent
HELPERS = ROOT / "helpers"
SITE = Path(np.__file__).resolve().parent.parent
FUNCTION = F.FUNCTION
VALUE = next(e for e in F.EXERCISES if e.kind == "value")
CHOICE = next(e for e in F.EXERCISES if e.kind == "choice")
MARKER = "grader-orphan-marker-7f3a"
SANDBOXED = not box.problem()
TIMEOUT = 20
"""Seconds a run may take: an honest one takes 3 to 5, more on a loaded machine."""
ESC = "\x1b[2K\r"

needs_sandbox = pytest.mark.skipif(
    not SANDBOXED, reason=f"no sandbox here: {box.problem()}"
)


def wrong_notebook(*texts: str) -> dict:
    """Wrong answers to every exercise, then ``texts``, then the check cells."""
    import test_grade

    return test_grade.tiny(*texts)


def tree_digest(top: Path) -> str:
    """Every file's name and bytes under ``top`` (bytecode caches included)."""
    digest = hashlib.sha256()
    for path in sorted(top.rglob("*")):
        if path.is_file():
            digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()


def pth_files() -> list[str]:
    return sorted(p.name for p in SITE.glob("*.pth"))


def cheats(folder: Path, gradebook: Path) -> dict[str, tuple[dict, str]]:
    """name -> (notebook, a part of the reason it must be given, or "")."""
    classmate = folder / "c01_honest_correct.ipynb"
    targets = [
        str(gradebook.with_suffix(".json")),
        str(gradebook.with_suffix(".csv")),
        str(classmate),
        str(folder / "c00_background_rewrites.ipynb"),
    ]
    later = f"""import subprocess, sys
code = '''
import pathlib, time
time.sleep(6)
for target in {targets!r}:
    try:
        pathlib.Path(target).write_text("forged")
    except Exception:
        pass
'''
subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
subprocess.Popen(["sh", "-c", "(sleep 1000 {MARKER} &) ; exit 0"], start_new_session=True)
"""
    own = str(folder / "c04_writes_everywhere.ipynb")
    json_book = str(gradebook.with_suffix(".json"))
    writes = f"""import glob, os, shutil
helpers_dir, site = {str(HELPERS)!r}, {str(SITE)!r}
own, classmate = {own!r}, {str(classmate)!r}
cache = helpers_dir + "/exercises/__pycache__/kinds.cpython-311.pyc"
attempts = {{
    "append to the grading code": lambda: open(
        helpers_dir + "/exercises/registry.py", "a"
    ).write("\\nraise SystemExit"),
    "poison the bytecode cache": lambda: open(cache, "wb").write(b"x"),
    "drop a .pth": lambda: open(site + "/zz_cheat.pth", "w").write("import os"),
    "copy a classmate": lambda: shutil.copy(classmate, own),
    "edit a classmate": lambda: open(classmate, "w").write("{{}}"),
    "forge the gradebook": lambda: open({json_book!r}, "w").write("{{}}"),
    "the grader's temp folders": lambda: [
        open(d + "/0.json", "w").write("{{}}") for d in glob.glob("/tmp/grader-*")
    ],
}}
done = []
for what, attempt in attempts.items():
    try:
        attempt()
        done.append(what)
    except Exception:
        pass
print(done)
"""
    kills = """import os, signal
for name in os.listdir("/proc"):
    if name.isdigit() and int(name) not in (os.getpid(), 1):
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            try:
                os.kill(int(name), sig)
            except OSError:
                pass
"""
    stops = "import os, signal\n\nos.kill(os.getppid(), signal.SIGSTOP)\n"
    memory = """import subprocess, sys, time
code = "import time; block = b'x' * (900 * 2**20); time.sleep(120)"
children = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(3)]
time.sleep(60)
"""
    many = """import subprocess, time
children = [subprocess.Popen(["sleep", "100"]) for _ in range(120)]
time.sleep(60)
"""
    endless_answer = f"""import time


def {FUNCTION.name}(*args):
    while True:
        try:
            time.sleep(1)
        except BaseException:
            pass
"""
    ref = f'exercises.get("{FUNCTION.id}")'
    wraps = f"""import functools

from helpers import exercises

{FUNCTION.name} = functools.partial({ref}.reference)
{VALUE.name} = float(exercises.get("{VALUE.id}").expected())
{CHOICE.name} = exercises.get("{CHOICE.id}").reference
"""
    module = FUNCTION.reference.__module__
    imports = f"""from {module} import {FUNCTION.reference.__name__} as solution


def {FUNCTION.name}(*args):
    return solution(*args)
"""
    prefers = f"""import os

from helpers import prefer

{FUNCTION.name} = prefer("{FUNCTION.id}", None)
{VALUE.name} = prefer("{VALUE.id}", None)
"""
    unset = f"""import os

os.environ.pop("MVCALC4ML_GRADED", None)
from helpers import prefer

{FUNCTION.name} = prefer("{FUNCTION.id}", None)
"""
    unguards = f"""import importlib

import helpers.exercises.base as base
from helpers import exercises

for kind in type(exercises.get("{VALUE.id}")).__mro__:
    for name in ("reference", "expected"):
        if isinstance(kind.__dict__.get(name), property):
            delattr(kind, name)
{VALUE.name} = float(exercises.get("{VALUE.id}").expected())
"""
    escape = f'raise type({ESC + "fake 3/3 passed"!r}, (Exception,), {{}})("x")\n'
    near = VALUE.reference * (1 + 4e-3)
    float16 = f"import numpy as np\n\n{VALUE.name} = np.float16({near!r})\n"
    surrogate = json.loads('"# a lone surrogate: \\ud800"') + "\nx = 1\n"
    return {
        "c00_background_rewrites": (wrong_notebook(later), ""),
        "c04_writes_everywhere": (wrong_notebook(writes), ""),
        "c06_kills_every_process": (wrong_notebook(kills), ""),
        "c08_stops_the_runner": (wrong_notebook(stops), "time limit"),
        "c10_memory_in_three_children": (wrong_notebook(memory), "memory limit"),
        "c12_starts_120_processes": (wrong_notebook(many), "processes and threads"),
        "c14_answer_never_returns": (wrong_notebook(endless_answer), ""),
        "c16_wraps_the_references": (wrong_notebook(wraps), ""),
        "c18_imports_a_solution": (wrong_notebook(imports), ""),
        "c20_prefer_without_an_answer": (wrong_notebook(prefers), ""),
        "c22_unsets_the_graded_run": (wrong_notebook(unset), ""),
        "c24_removes_the_guard": (wrong_notebook(unguards), ""),
        "c26_escape_in_an_error": (wrong_notebook(escape), "raised"),
        "c28_float16_near_miss": (wrong_notebook(float16), ""),
        "c30_lone_surrogate": (wrong_notebook(surrogate), ""),
    }


REASONS = {
    "c16_wraps_the_references": "uses the book's solution",
    "c18_imports_a_solution": "uses the book's solution",
    "c22_unsets_the_graded_run": "uses the book's solution",
    "c24_removes_the_guard": "uses the book's solution",
}


@functools.cache
def graded_class(tmp: str) -> dict:
    """The class graded by the command; what is checked after it."""
    folder = Path(tmp) / "class"
    folder.mkdir()
    gradebook = Path(tmp) / "out" / "grades"
    made = cheats(folder, gradebook)
    names = sorted(made)
    for k, name in enumerate(names):
        nb, _ = made[name]
        (folder / f"{name}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
        after = re.sub(r"^c(\d+)_.*", lambda m: f"c{int(m[1]) + 1:02d}", name)
        kind = "correct" if k % 2 == 0 else "blank"
        nb = F.correct() if kind == "correct" else F.STUDENT
        (folder / f"{after}_honest_{kind}.ipynb").write_text(
            json.dumps(nb), encoding="utf-8"
        )
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    digests = (tree_digest(HELPERS), pth_files())
    command = [
        sys.executable,
        "-m",
        "teach.grade",
        str(folder),
        "--out",
        str(gradebook),
    ]
    command += ["--exercises", ",".join(F.IDS), "--jobs", "2"]
    command += ["--timeout", str(TIMEOUT)]
    temporary = Path(tmp) / "grader-tmp"  # the grader's own temporary folders
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary)}
    start = time.monotonic()
    run = subprocess.run(
        command, capture_output=True, text=True, timeout=900, cwd=ROOT, env=env
    )
    seconds = time.monotonic() - start
    time.sleep(1)  # the background process wrote 6 s after c00 ran, long before
    return {
        "run": run,
        "seconds": seconds,
        "folder": folder,
        "gradebook": gradebook,
        "before": before,
        "digests": digests,
        "made": made,
        "rows": read_gradebook(gradebook),
        "left": sorted(p.name for p in temporary.iterdir()),
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    if not SANDBOXED:
        pytest.skip(f"no sandbox here: {box.problem()}")
    return graded_class(str(tmp_path_factory.mktemp("hostile")))


def row_of(hostile, name: str) -> dict:
    return hostile["rows"][str((hostile["folder"] / f"{name}.ipynb").resolve())]


@needs_sandbox
def test_the_class_is_graded_and_every_row_is_in_the_gradebook(hostile):
    run = hostile["run"]
    assert run.returncode == 0, run.stderr
    assert len(hostile["rows"]) == 2 * len(hostile["made"]), "every row, signed"
    assert "\x1b" not in run.stdout and "\r" not in run.stdout


@needs_sandbox
def test_every_cheat_earns_nothing_with_a_reason(hostile):
    for name, (_, reason) in hostile["made"].items():
        row = row_of(hostile, name)
        assert row["score"] == 0, (name, row)
        assert reason in row["problem"], (name, row["problem"])
        want = REASONS.get(name)
        if want:
            messages = [r["message"] for r in row["exercises"].values()]
            assert any(want in m for m in messages), (name, messages)


@needs_sandbox
def test_every_honest_classmate_gets_exactly_their_score(hostile):
    for path in sorted(hostile["folder"].glob("c*_honest_*.ipynb")):
        row = hostile["rows"][str(path.resolve())]
        statuses = {r["status"] for r in row["exercises"].values()}
        if "correct" in path.name:
            assert statuses == {PASSED}, row
        else:
            assert statuses == {NOT_ATTEMPTED}, row
        assert row["problem"] == "", row


@needs_sandbox
def test_nothing_outside_the_sandboxes_changed(hostile):
    after = {p.name: p.read_bytes() for p in hostile["folder"].iterdir()}
    assert after == hostile["before"], "no submission was changed"
    assert (tree_digest(HELPERS), pth_files()) == hostile["digests"]
    text = hostile["gradebook"].with_suffix(".json").read_text(encoding="utf-8")
    assert "forged" not in text and json.loads(text)["submissions"]


@needs_sandbox
def test_no_process_or_temporary_file_outlives_the_run(hostile):
    assert hostile["left"] == [], "the grader's temporary folders are gone"
    left = []
    for name in os.listdir("/proc"):
        try:
            cmdline = Path(f"/proc/{name}/cmdline").read_bytes()
        except OSError:
            continue
        if MARKER.encode() in cmdline and str(os.getpid()) != name:
            left.append(name)
    assert not left


@needs_sandbox
def test_messages_name_the_cheat(hostile):
    row = row_of(hostile, "c28_float16_near_miss")
    assert "float16" in row["exercises"][VALUE.id]["message"]
    row = row_of(hostile, "c20_prefer_without_an_answer")
    assert row["exercises"][FUNCTION.id]["status"] == FAILED
    row = row_of(hostile, "c14_answer_never_returns")
    assert row["exercises"][FUNCTION.id]["status"] == FAILED
    assert hostile["seconds"] < 20 * TIMEOUT  # a bound, not a benchmark


@needs_sandbox
def test_a_later_class_is_unaffected(tmp_path, hostile):
    """Blank and correct submissions, graded after the hostile class."""
    paths = []
    for name, nb in (("blank", F.STUDENT), ("correct", F.correct())):
        path = tmp_path / f"{name}.ipynb"
        path.write_text(json.dumps(nb), encoding="utf-8")
        paths.append(path)
    blank, correct = grade_all(paths, jobs=2, progress=lambda line: None, only=F.IDS)
    assert blank["score"] == 0 and blank["problem"] == ""
    assert correct["score"] == len(F.IDS)


# ---------------------------------------------------------------------------
# No kernel: what comes back is validated, one row at a time
# ---------------------------------------------------------------------------


def deep(n: int) -> str:
    return "[" * n + "]" * n


@pytest.mark.parametrize(
    "data, reason",
    [
        ('{"cells": ' + deep(100_000) + "}", "nests deeper"),
        (
            '{"cells": [{"cell_type": "code", "source": ["x = 1", 3]}]}',
            "source of cell 1 is not text",
        ),
        ('{"cells": [{"cell_type": 3}]}', "no list of cells"),
        (b"\xff\xfe", "not text"),
    ],
    ids=["nested-100000", "number-in-source", "bad-cell", "not-text"],
)
def test_a_malformed_notebook_is_refused_with_a_reason(data, reason):
    raw = data if isinstance(data, bytes) else data.encode()
    with pytest.raises(NotANotebook, match=reason):
        parse_submission(raw)


def test_a_lone_surrogate_in_a_cell_is_read_as_a_replacement_character():
    nb = parse_submission(b'{"cells": [{"cell_type": "code", "source": "# \\ud800"}]}')
    assert nb["cells"][0]["source"] == "# \ufffd"


@pytest.mark.parametrize(
    "output",
    [
        b"",
        b"not json",
        deep(200_000).encode(),
        b'{"stop": [1, 2, 3], "printed": null}',
        b'{"stop": null, "printed": 5}',
        b"\xff" * 100,
    ],
    ids=["empty", "not-json", "nested-200000", "bad-stop", "bad-printed", "bytes"],
)
def test_a_malformed_run_result_fails_only_its_own_row(output):
    outcome = read_outcome(output)
    assert outcome.failure
    job = Job(Path("x.ipynb"), {"submission": "x.ipynb", "problem": ""}, F.EXERCISES)
    job.nb, job.nonce = F.STUDENT, "n0nce"
    row = finish(job, outcome)
    assert row["score"] == 0 and outcome.failure in row["problem"]
    assert {r["status"] for r in row["exercises"].values()} == {FAILED}


def probe_line(answers: dict) -> str:
    return "n0nce" + json.dumps({"answers": answers, "taken": []})


@pytest.mark.parametrize(
    "value",
    [
        {"ndarray": [1.0], "dtype": "<V8", "shape": [1]},
        {"ndarray": [1.0], "dtype": "object", "shape": [1]},
        {"ndarray": [1.0, 2.0], "dtype": "<f8", "shape": [5]},
        {"scalar": "x", "dtype": "<f8"},
        {"tuple": 5},
        json.loads(deep(50)),
    ],
    ids=["void-dtype", "object-dtype", "shape", "scalar", "tuple", "nested"],
)
def test_probe_data_that_does_not_read_fails_that_exercise_only(value):
    record = {"defined": True, "passed": True, "message": "✅", "value": value}
    status, message = judge(VALUE, record)
    assert status == FAILED and message.startswith(f"❌ {VALUE.label}")


def test_probe_data_nested_200000_deep_fails_the_answers_not_the_grader():
    job = Job(Path("x.ipynb"), {"submission": "x.ipynb", "problem": ""}, F.EXERCISES)
    job.nb, job.nonce = F.STUDENT, "n0nce"
    printed = "n0nce" + deep(200_000)
    row = finish(job, Outcome(printed=printed))
    assert {r["status"] for r in row["exercises"].values()} == {FAILED}


def test_an_answer_that_takes_from_the_catalog_earns_nothing():
    record = {"defined": True, "passed": True, "value": VALUE.reference}
    status, message = judge(VALUE, record, ["reference of Exercise 1.1"])
    assert status == FAILED and "uses the book's solution" in message
    record = {"defined": True, "passed": True, "reference": "it calls the book's x"}
    assert judge(VALUE, record)[0] == FAILED


def test_the_guard_tells_on_a_taker_and_not_on_the_catalog(tmp_path):
    """Run in a process of its own (the guard changes the catalog's classes), from a
    file, as a kernel runs a cell."""
    function = FUNCTION.reference
    script = guard_source("n0nce") + textwrap.dedent(
        f"""
        import sys
        from helpers import check, exercises, prefer
        taken = sys.modules["_grader_n0nce"].taken
        check("{FUNCTION.id}", lambda *args: 0.0)  # the catalog's own use
        prefer("{FUNCTION.id}", None)
        exercises.all().index(exercises.get("{VALUE.id}"))  # a dataclass's __eq__
        assert not taken, taken
        exec("x = exercises.get('{VALUE.id}').reference")
        from {function.__module__} import {function.__name__} as solution
        print(sorted(taken))
        solution(*{FUNCTION.cases[0]!r})
        print(sorted(taken))
        """
    )
    cell = tmp_path / "cell.py"
    cell.write_text(script, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(cell)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.strip().splitlines()[-2:]
    assert first == str([f"reference of Exercise {VALUE.id}"])
    module = function.__module__.rsplit(".", 1)[1]
    assert f"{module}.{function.__name__}" in second


# ---------------------------------------------------------------------------
# The gradebook and the terminal
# ---------------------------------------------------------------------------


def a_row(path: str, score: int = 0, problem: str = "") -> dict:
    return {
        "submission": path,
        "sha256": "0" * 64,
        "chapter": F.CHAPTER,
        "problem": problem,
        "only": F.IDS,
        "exercises": {
            e.id: {"status": PASSED if score else NOT_ATTEMPTED, "message": "m"}
            for e in F.EXERCISES
        },
        "score": score,
        "out_of": len(F.IDS),
        "seconds": 1.0,
    }


def test_the_gradebook_takes_any_file_name_and_cannot_be_forged(tmp_path):
    latin1 = os.fsdecode(b"/sub/menu\xe9.ipynb")
    escape = f"/sub/{ESC}alice 3/3.ipynb"
    rows = [
        a_row(latin1),
        a_row(escape, problem=f"{ESC}fake"),
        a_row("/sub/=cmd.ipynb"),
    ]
    base = tmp_path / "grades"
    write_gradebook(rows, base)
    assert sorted(read_gradebook(base)) == sorted(r["submission"] for r in rows)
    text = base.with_suffix(".csv").read_text(encoding="utf-8")
    assert "\x1b" not in text and "menu\\xe9" in text
    per_exercise = Path(str(base) + "-exercises.csv").read_text(encoding="utf-8")
    assert "\n'=cmd," in per_exercise, "a spreadsheet shows it as text, not a formula"
    assert per_exercise.splitlines()[0] == ",".join(
        ["student", *F.IDS, "total", "maximum"]
    )
    assert oct(Path(str(base) + ".key").stat().st_mode)[-3:] == "600"
    # A row changed by anyone without the key is graded again.
    data = json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))
    data["submissions"][0]["score"] = 3
    base.with_suffix(".json").write_text(json.dumps(data), encoding="utf-8")
    assert latin1 not in read_gradebook(base) and len(read_gradebook(base)) == 2
    base.with_suffix(".json").write_text(deep(100_000), encoding="utf-8")
    assert read_gradebook(base) == {}


def test_nothing_printed_holds_a_control_character(tmp_path, capsys):
    rows = [a_row(f"/sub/{ESC}x.ipynb", problem=f"cell 3 raised {ESC}Fake (x)")]
    assert "\x1b" not in table(rows) and "\r" not in table(rows)
    # A file the grader cannot run, named to rewrite the terminal; and one in Latin-1.
    names = [f"{ESC}bob 3-3.ipynb", os.fsdecode(b"menu\xe9.ipynb")]
    for name in names:
        (tmp_path / name).write_text("{", encoding="utf-8")
    out = tmp_path / "grades"
    command = [str(tmp_path), "--out", str(out), "--exercises", ",".join(F.IDS)]
    assert main(command + ["--sandbox", "none"]) == 0
    printed = capsys.readouterr().out
    assert "\x1b" not in printed and "\r" not in printed
    assert len(read_gradebook(out)) == 2


def test_without_a_sandbox_the_command_refuses_unless_told(tmp_path, monkeypatch):
    monkeypatch.setattr(box, "problem", lambda: "bwrap is not installed")
    (tmp_path / "a.ipynb").write_text("{", encoding="utf-8")
    assert main([str(tmp_path), "--out", str(tmp_path / "g")]) == 3
    assert main([str(tmp_path), "--out", str(tmp_path / "g"), "--sandbox", "none"]) == 0


def test_without_a_sandbox_the_grader_still_grades(tmp_path):
    """The weaker run of a container without user namespaces: the same rows."""
    paths = []
    for name, nb in (("blank", F.STUDENT), ("correct", F.correct())):
        paths.append(tmp_path / f"{name}.ipynb")
        paths[-1].write_text(json.dumps(nb), encoding="utf-8")
    blank, correct = grade_all(
        paths, jobs=2, progress=lambda line: None, only=F.IDS, sandbox="none"
    )
    assert blank["score"] == 0 and blank["problem"] == ""
    assert correct["score"] == len(F.IDS) and correct["problem"] == ""


# ---------------------------------------------------------------------------
# Only the submission's own work: tolerances and prefer
# ---------------------------------------------------------------------------


def test_the_answers_dtype_never_widens_the_tolerance():
    right = np.float64(VALUE.reference)
    assert VALUE.check(right)
    near = right * (1 + 5 * VALUE.rtol)
    assert not VALUE.check(near)
    verdict = VALUE.check(np.float16(near))
    assert not verdict and "float16" in verdict.message
    assert not VALUE.check(np.float16(right)), "float16 is refused, even when close"
    assert VALUE.check(np.float32(right)), "float32 passes when right"
    from helpers.checks.compare import FLOAT32_RTOL, tolerances

    assert tolerances(np.finfo(np.float32).eps, 1e-6, 1e-6) == (FLOAT32_RTOL,) * 2
    assert tolerances(np.finfo(np.float16).eps, 1e-6, 1e-6) == (1e-6, 1e-6)
    assert tolerances(np.finfo(np.float64).eps, 1e-6, 1e-6) == (1e-6, 1e-6)


def test_a_graded_run_hands_out_no_reference(monkeypatch, capsys):
    monkeypatch.setenv(registry.GRADED, "1")
    for entry in exercises.all():
        got = exercises.prefer(entry.id, None)
        assert got is not entry.reference
        assert isinstance(got, registry.Withheld)
        with pytest.raises(registry.ReferenceWithheld):
            got(1.0)
        with pytest.raises(registry.ReferenceWithheld):
            np.asarray(got) + 1
    assert "does not use the book's solution" in capsys.readouterr().out
    assert exercises.prefer(FUNCTION.id, FUNCTION.reference) is FUNCTION.reference

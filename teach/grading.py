"""Grading one submitted notebook: run it in a fresh kernel, then check its answers.

A submission is untrusted code. Its code cells (the book's solution cells, tagged
``solution``, aside) run
top to bottom in a fresh Jupyter kernel, a process of its own under a time limit and a
memory limit. Then the grader runs its own code in that kernel: for each exercise of
the chapter it reads the reader's answer by its name, checks it with a fresh copy of
the catalog imported under a private name, and sends back the answer itself as plain
data (a value, or what the reader's function returns at each of the exercise's
cases). This process, which never runs the submission's code, checks that plain data
again with its own catalog: an exercise passes only when both checks pass. So what the
notebook prints or stores, a redefined ``check`` and replaced ``helpers`` functions
cannot make an exercise pass; only answers with the right values can.

Statuses, per exercise: ``passed``, ``failed``, ``not attempted`` (the cell is
untouched, or the answer's name is not defined), ``not reached`` (the run stopped
before the exercise's cell).

Needs nbformat and nbclient (the ``teach`` dependency group), imported when a notebook
is run, and the book's ``helpers`` package, whose catalog it grades against.
"""

from __future__ import annotations

import copy
import hashlib
import inspect
import json
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import helpers
from helpers import exercises as catalog
from helpers.checks.reader import TIME_LIMIT, TimeUp
from helpers.checks.verdict import FAIL, PASS, TODO

from .notebooks import chapter_of, is_code, is_solution, locate, source

PASSED, FAILED, NOT_ATTEMPTED, NOT_REACHED = (
    "passed",
    "failed",
    "not attempted",
    "not reached",
)
HELPERS_DIR = Path(helpers.__file__).resolve().parent
"""The book's helpers package: the kernel imports a fresh copy of its catalog from here."""


@dataclass(frozen=True)
class Limits:
    """What one submission may use: seconds for all its cells, and memory (MB)."""

    seconds: float = 120.0
    memory_mb: int = 2048


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# ---------------------------------------------------------------------------
# Reading the submission
# ---------------------------------------------------------------------------


class NotANotebook(Exception):
    """The file is not a notebook; the text says why."""


def read_submission(path: Path) -> dict:
    """The notebook as JSON, or :class:`NotANotebook` saying what is wrong with it."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise NotANotebook("not a notebook: the file is not text") from None
    except json.JSONDecodeError as exc:
        raise NotANotebook(
            f"not a notebook: invalid JSON at line {exc.lineno} ({exc.msg})"
        ) from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list) or not all(
        isinstance(c, dict) and "cell_type" in c for c in cells
    ):
        raise NotANotebook("not a notebook: no list of cells")
    return nb


def chapter_from_name(path: Path) -> int | None:
    """A chapter number in the file name (``01_partial_derivatives-alice.ipynb``)."""
    match = re.match(r"(\d+)_", Path(path).name)
    return int(match.group(1)) if match else None


# ---------------------------------------------------------------------------
# Running it
# ---------------------------------------------------------------------------


@dataclass
class Stop:
    """Where and why the run stopped before the end (``cell`` indexes the notebook)."""

    cell: int
    reason: str
    kernel_lost: bool  # timed out or died: the kernel's state is gone


def _limit_kernel(limits: Limits) -> None:
    """Run in the kernel's process before it starts: its memory and CPU time."""
    import resource

    memory = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(2 * limits.seconds + 60)  # a last resort; the time limit acts first
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))


def _client(cells: list[str], workdir: str, limits: Limits):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(text) for text in cells]
    return NotebookClient(
        nb,
        timeout=int(limits.seconds),
        kernel_name="python3",
        allow_errors=False,
        record_timing=False,
        shutdown_kernel="immediate",
        resources={"metadata": {"path": workdir}},
    )


def _error_text(exc: Exception) -> str:
    name = getattr(exc, "ename", type(exc).__name__)
    value = str(getattr(exc, "evalue", "") or "").strip().splitlines()
    return f"{name} ({value[0][:120]})" if value else str(name)


def _run(
    cells: list[tuple[int, str]],
    probe: str,
    limits: Limits,
    workdir: str,
    probe_seconds: int,
) -> tuple[Stop | None, str | None]:
    """Run ``cells`` (notebook index, source) in a fresh kernel, then ``probe``.

    Returns where the run stopped (None: it ran to the end) and what the probe printed
    (None when the kernel was lost before it could run).
    """
    from nbclient.exceptions import (
        CellExecutionError,
        CellTimeoutError,
        DeadKernelError,
    )

    client = _client([text for _, text in cells] + [probe], workdir, limits)
    deadline = time.monotonic() + limits.seconds
    stop = None
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    with client.setup_kernel(preexec_fn=lambda: _limit_kernel(limits), **quiet):
        for k, (index, _) in enumerate(cells):
            client.timeout = max(1, int(deadline - time.monotonic()))
            try:
                client.execute_cell(client.nb.cells[k], k)
            except CellTimeoutError:
                reason = f"did not finish within the time limit ({limits.seconds:g} s)"
                stop = Stop(index, reason, True)
            except DeadKernelError:
                reason = "stopped the kernel (a crash, an exit, or the memory limit)"
                stop = Stop(index, reason, True)
            except CellExecutionError as exc:
                stop = Stop(index, f"raised {_error_text(exc)}", False)
            if stop is not None:
                break
        if stop is not None and stop.kernel_lost:
            return stop, None
        client.timeout = probe_seconds
        try:
            cell = client.nb.cells[-1]
            client.execute_cell(cell, len(cells))
        except Exception:  # the kernel is unusable: nothing can be read from it
            return stop, None
    printed = "".join(
        o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream"
    )
    return stop, printed


# ---------------------------------------------------------------------------
# The grader's code in the kernel, and the plain data it sends back
# ---------------------------------------------------------------------------


def _probe(helpers_dir: str, wanted: list[tuple[str, str]], nonce: str) -> None:
    """Runs in the submission's kernel (its source is sent there): see the module."""
    import copy as _copy
    import importlib.util as _util
    import json as _json
    import sys as _sys
    import warnings as _warnings

    private = "_graded_helpers_" + nonce
    spec = _util.spec_from_file_location(
        private, helpers_dir + "/__init__.py", submodule_search_locations=[helpers_dir]
    )
    fresh = _util.module_from_spec(spec)
    _sys.modules[private] = fresh
    spec.loader.exec_module(fresh)
    reader = _sys.modules[private + ".checks.reader"]
    np = _sys.modules["numpy"]

    def plain(v: Any, depth: int = 0) -> Any:
        if depth > 6:
            return {"object": "too deep"}
        if v is None or isinstance(v, (bool, str)):
            return v
        if isinstance(v, (int, float)) and type(v) in (int, float):
            return v
        if isinstance(v, np.ndarray) and type(v) is np.ndarray:
            if v.dtype.kind in "biuf" and v.size <= 100_000:
                return {"ndarray": v.tolist(), "dtype": v.dtype.str, "shape": v.shape}
            return {"object": f"array of {v.dtype}"}
        if isinstance(v, np.generic) and v.dtype.kind in "biuf":
            return {"scalar": v.item(), "dtype": v.dtype.str}
        if type(v) is complex:
            return {"complex": [v.real, v.imag]}
        if v is Ellipsis:
            return {"ellipsis": True}
        if type(v) in (tuple, list):
            items = [plain(x, depth + 1) for x in v]
            return {"tuple": items} if type(v) is tuple else items
        if type(v) is dict:
            return {
                "dict": [
                    [plain(k, depth + 1), plain(x, depth + 1)] for k, x in v.items()
                ]
            }
        if callable(v):
            return {"function": True}
        return {"object": type(v).__name__[:40]}

    answers = {}
    namespace = globals()
    for exercise_id, name in wanted:
        record: dict[str, Any] = {"defined": name in namespace}
        answers[exercise_id] = record
        if not record["defined"]:
            continue
        answer = namespace[name]
        exercise = fresh.exercises.get(exercise_id)
        try:
            verdict = exercise.check(answer)
            record["passed"] = verdict.passed is True
            record["message"] = str(verdict.message)[:1000]
        except BaseException as exc:  # noqa: BLE001 - whatever the submission did
            record["message"] = f"the check could not run ({type(exc).__name__})"
        record["value"] = plain(answer)
        if exercise.kind in ("function", "debug") and callable(answer):
            record["name"] = str(getattr(answer, "__name__", ""))[:60]
            code = getattr(answer, "__code__", None)
            record["file"] = str(getattr(code, "co_filename", ""))
            calls = record["calls"] = []
            try:
                with reader.time_limit(reader.TIME_LIMIT):
                    for case in exercise.cases:
                        try:
                            with _warnings.catch_warnings(), np.errstate(all="ignore"):
                                _warnings.simplefilter("ignore")
                                value = answer(*_copy.deepcopy(case))
                            calls.append({"value": plain(value)})
                        except Exception as exc:  # noqa: BLE001
                            calls.append(
                                {"raised": type(exc).__name__, "text": str(exc)[:200]}
                            )
            except BaseException:  # noqa: BLE001 - the time limit, or worse
                calls.append({"timeout": True})
    print("\n" + nonce + _json.dumps(answers))  # on a line of its own


def probe_source(exercises: list, nonce: str) -> str:
    """The code the grader runs in the kernel after the submission's cells."""
    wanted = [(e.id, e.name) for e in exercises]
    call = f"\n({_probe.__name__}({str(HELPERS_DIR)!r}, {wanted!r}, {nonce!r}))\n"
    head = "from __future__ import annotations\n"  # the annotations stay unread
    return head + inspect.getsource(_probe) + call + f"del {_probe.__name__}\n"


def decode(v: Any) -> Any:
    """The value the kernel described with the probe's ``plain``."""
    import numpy as np

    if isinstance(v, list):
        return [decode(x) for x in v]
    if not isinstance(v, dict):
        return v
    if "ndarray" in v:
        return np.array(v["ndarray"], dtype=np.dtype(v["dtype"])).reshape(v["shape"])
    if "scalar" in v:
        return np.dtype(v["dtype"]).type(v["scalar"])
    if "complex" in v:
        return complex(*v["complex"])
    if "ellipsis" in v:
        return Ellipsis
    if "tuple" in v:
        return tuple(decode(x) for x in v["tuple"])
    if "dict" in v:
        return {_hashable(decode(k)): decode(x) for k, x in v["dict"]}
    return _Opaque(str(v.get("object", "function")))


def _hashable(key: Any) -> Any:
    return key if isinstance(key, (str, int, float, tuple)) else repr(key)


class _Opaque:
    """A value the kernel could not send as data (an object, a function)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __repr__(self) -> str:
        return f"<{self.kind}>"


def _replay(record: dict, default_name: str):
    """A function that returns, call by call, what the reader's function returned."""
    calls = iter(record.get("calls", []))

    def replay(*args: Any) -> Any:
        call = next(calls, {"timeout": True})
        if "timeout" in call:
            raise TimeUp()
        if "raised" in call:
            kind = call["raised"]
            if kind == "NotImplementedError":
                raise NotImplementedError
            if kind == "RecursionError":
                raise RecursionError(call["text"])
            name = kind if kind.isidentifier() else "Exception"
            raise type(name, (Exception,), {})(call["text"])
        return decode(call["value"])

    name = record.get("name", "")
    replay.__name__ = name if name.isidentifier() else default_name
    return replay


def judge(exercise: Any, record: dict | None) -> tuple[str, str]:
    """Status and one-line message of an exercise, from what the kernel sent back."""
    if record is None:
        return FAILED, f"{FAIL} {exercise.label}: the grader could not read the answer"
    if not record.get("defined"):
        return NOT_ATTEMPTED, (
            f"{TODO} {exercise.label}: `{exercise.name}` is not defined (its cell is "
            "missing or renamed)"
        )
    if str(record.get("file", "")).startswith(str(HELPERS_DIR)):
        return FAILED, f"{FAIL} {exercise.label}: the answer is the book's own solution"
    if exercise.kind in ("function", "debug") and "calls" in record:
        answer = _replay(record, exercise.name)
    else:
        answer = decode(record.get("value"))
    ours = exercise.check(answer)  # this process never ran the submission's code
    theirs = str(record.get("message", ""))
    if ours.passed and record.get("passed") is True:
        return PASSED, theirs if theirs.startswith(PASS) else ours.message
    if theirs.startswith(TODO) or (ours.message.startswith(TODO) and not theirs):
        return NOT_ATTEMPTED, theirs or ours.message
    if record.get("passed") is False and theirs.startswith(FAIL):
        return FAILED, theirs
    return FAILED, ours.message if not ours.passed else theirs


# ---------------------------------------------------------------------------
# One submission, start to end
# ---------------------------------------------------------------------------


def grade_submission(
    path: Path,
    chapter: int | None = None,
    limits: Limits | None = None,
    only: Sequence[str] | None = None,
) -> dict:
    """Run and grade one submission; never raises for anything the submission does.

    The exercises graded are those of the submission's chapter (``chapter``, else read
    from the notebook), or exactly the ids ``only`` (the exercises assigned).

    Returns a row for the gradebook: ``submission``, ``sha256``, ``chapter``,
    ``problem`` (why the run stopped, or ""), ``seconds``, ``score``, ``out_of``,
    ``exercises`` (``{id: {"status": ..., "message": ...}}``) and ``only``.
    """
    path = Path(path)
    limits = limits or Limits()
    start = time.monotonic()
    row: dict[str, Any] = {
        "submission": str(path),
        "sha256": sha256(path),
        "chapter": chapter,
        "problem": "",
        "only": list(only) if only else None,
    }
    try:
        nb = read_submission(path)
    except NotANotebook as exc:
        nb, row["problem"] = None, str(exc)
    if row["chapter"] is None:
        row["chapter"] = (chapter_of(nb) if nb else None) or chapter_from_name(path)
    if only:
        chosen = [e for e in catalog.all() if e.id in only]
    else:
        chosen = [e for e in catalog.all() if e.chapter == row["chapter"]]
    if not chosen and not row["problem"]:
        row["problem"] = "cannot tell which chapter this is (give --chapter)"
    results = {}
    if nb is None or not chosen:
        for e in chosen:
            results[e.id] = (NOT_REACHED, f"{e.label}: not run ({row['problem']})")
    else:
        results, row["problem"] = _grade_notebook(nb, chosen, limits)
    row["exercises"] = {
        e_id: {"status": status, "message": message}
        for e_id, (status, message) in results.items()
    }
    row["score"] = sum(s == PASSED for s, _ in results.values())
    row["out_of"] = len(chosen)
    row["seconds"] = round(time.monotonic() - start, 1)
    return row


def _grade_notebook(
    nb: dict, chosen: list, limits: Limits
) -> tuple[dict[str, tuple[str, str]], str]:
    # Run as the student edition runs: the book's solution cells never run (in a
    # submitted copy of the whole book, say); the cells that build on an exercise call
    # prefer("N.k", name) themselves. Cells are numbered from 1 in the submission.
    cells = [
        (i, source(c))
        for i, c in enumerate(nb["cells"])
        if is_code(c) and not is_solution(c)
    ]
    nonce = secrets.token_hex(8)
    probe = probe_source(chosen, nonce)
    # The checks have their own time limits: two calls per exercise at most.
    probe_seconds = int(30 + 2 * TIME_LIMIT * len(chosen))
    workdir = tempfile.mkdtemp(prefix="grade-")
    try:
        stop, printed = _run(cells, probe, limits, workdir, probe_seconds)
        if stop is not None and printed is None:
            # The kernel is gone: grade what ran before, in a fresh kernel.
            before = [(i, text) for i, text in cells if i < stop.cell]
            again, printed = _run(before, probe, limits, workdir, probe_seconds)
            if again is not None:
                printed = None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    problem = f"cell {stop.cell + 1} {stop.reason}" if stop else ""
    answers = _answers(printed, nonce)
    results = {}
    for exercise in chosen:
        stub = locate(nb, exercise).stub
        record = answers.get(exercise.id) if answers is not None else None
        if stop is not None and stub is not None and stub >= stop.cell:
            if stub == stop.cell:
                results[exercise.id] = (
                    FAILED,
                    f"{FAIL} {exercise.label}: this exercise's cell {stop.reason}",
                )
            else:
                results[exercise.id] = (
                    NOT_REACHED,
                    f"{exercise.label}: not reached (the run stopped at cell "
                    f"{stop.cell + 1})",
                )
        elif stop is not None and stub is None and not (record or {}).get("defined"):
            results[exercise.id] = (
                NOT_REACHED,
                f"{exercise.label}: not reached (the run stopped at cell "
                f"{stop.cell + 1}, and no cell defines `{exercise.name}`)",
            )
        else:
            results[exercise.id] = judge(exercise, record)
    return results, problem


def _answers(printed: str | None, nonce: str) -> dict | None:
    if printed is None:
        return None
    for line in printed.splitlines():
        if nonce in line:
            try:
                found = json.loads(line[line.index(nonce) + len(nonce) :])
            except ValueError:
                return None
            return found if isinstance(found, dict) else None
    return None


def grade_to_file(
    path: str,
    out: str,
    chapter: int | None,
    limits: Limits,
    only: Sequence[str] | None = None,
) -> None:
    """Grade ``path`` and write its row to ``out`` (JSON): a worker process's task."""
    os.setpgrp()  # the grader can stop this process and its kernel together
    try:
        row = grade_submission(Path(path), chapter, limits, only)
    except Exception as exc:  # a bug of the grader: reported, the others go on
        row = {
            "submission": str(path),
            "sha256": sha256(Path(path)),
            "chapter": chapter,
            "problem": f"the grader failed ({type(exc).__name__}: {exc})",
            "exercises": {},
            "score": 0,
            "out_of": 0,
            "seconds": 0.0,
        }
    Path(out).write_text(json.dumps(copy.deepcopy(row)), encoding="utf-8")

"""Grading one submitted notebook: what runs in its kernel, and how its answers are read.

A submission is untrusted code. Its code cells (the book's solution cells, tagged
``solution``, aside) run top to bottom in a fresh Jupyter kernel, in a sandbox of its
own (:mod:`teach.sandbox`, :mod:`teach.runner`; :mod:`teach.grade` schedules the
runs). Before them, the grader's *guard* runs in the kernel; after them, its *probe*:

- the guard makes the catalog's references and expected values (and the functions of
  the chapters' modules) tell on whoever takes them: a submission's own code that
  takes one is recorded, and then earns nothing in that run (``prefer`` hands out no
  reference in a graded run either: :func:`helpers.exercises.registry.prefer`);
- the probe reads the reader's answer of each exercise by its name, checks it with a
  fresh copy of the catalog imported under a private name, and sends back the answer
  itself as plain data (a value, or what the reader's function returns at each of the
  exercise's cases), watching each call for one into the catalog's code.

The grader's process, which never runs the submission's code, validates that data
(size, depth, dtypes) and checks it again with its own catalog (:func:`judge`): an
exercise passes only when both checks pass and nothing of the catalog's was used. So
what the notebook prints or stores, a redefined ``check``, replaced ``helpers``
functions, and the catalog's own answers cannot make an exercise pass; only answers
with the right values, computed by the submission, can.

Statuses, per exercise: ``passed``, ``failed``, ``not attempted`` (the cell is
untouched, or the answer's name is not defined), ``not reached`` (the run stopped
before the exercise's cell).
"""

from __future__ import annotations

import hashlib
import inspect
import json
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
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
STATUSES = (PASSED, FAILED, NOT_ATTEMPTED, NOT_REACHED)
HELPERS_DIR = Path(helpers.__file__).resolve().parent
"""The book's helpers package: the kernel imports a fresh copy of its catalog from here."""

MAX_NOTEBOOK = 20 * 2**20
"""The largest submission read, in bytes (a chapter with its figures is about 2 MB)."""
MAX_DEPTH = 64
"""The deepest nesting of JSON read, from a notebook or from a kernel."""
MAX_NUMBERS = 2_000_000
"""The most numbers a kernel may send back for all the answers of one submission."""
MAX_MESSAGE = 1000
DTYPES = frozenset(
    np_name
    for np_name in (
        "|b1",
        "|i1",
        "<i2",
        "<i4",
        "<i8",
        "|u1",
        "<u2",
        "<u4",
        "<u8",
        "<f2",
        "<f4",
        "<f8",
    )
)
"""The dtypes an answer's array may come back with: bools, integers and floats."""


@dataclass(frozen=True)
class Limits:
    """What one submission may use: seconds for a run, start to end (the kernel's start,
    every cell and the grader's probe), and memory (MB) for all its processes."""

    seconds: float = 120.0
    memory_mb: int = 2048


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def clean(text: Any, newlines: bool = False) -> str:
    """``text`` safe to print or store: no control characters (an escape sequence
    would rewrite the terminal), no lone surrogates (a file name in Latin-1)."""
    text = str(text)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    text = _CONTROL.sub("?", text if newlines else text.replace("\n", " "))
    return text if not newlines else text.replace("\r", "")


def shown_name(path: Any) -> str:
    """A submission's path as text for people: undecodable bytes as ``\\xNN``."""
    import os

    raw = os.fsencode(str(path)) if not isinstance(path, bytes) else path
    return clean(raw.decode("utf-8", "backslashreplace"))


# ---------------------------------------------------------------------------
# Reading the submission
# ---------------------------------------------------------------------------


class NotANotebook(Exception):
    """The file is not a notebook; the text says why."""


def json_depth(text: str) -> int:
    """How deeply the arrays and objects of JSON ``text`` nest (strings skipped)."""
    brackets = re.sub(r'"(?:[^"\\]|\\.)*"', "", text)
    depth = deepest = 0
    for char in re.sub(r"[^\[\]{}]", "", brackets):
        depth += 1 if char in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def safe_json(text: str, what: str) -> Any:
    """``json.loads`` of ``text``, refusing nesting deeper than :data:`MAX_DEPTH`."""
    if json_depth(text) > MAX_DEPTH:
        raise ValueError(f"{what} nests deeper than {MAX_DEPTH} levels")
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError(f"{what} nests too deeply") from None


def _text(value: Any) -> str | None:
    """A cell's source as one string with no lone surrogate, or None if it is not text."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = "".join(value)
    if not isinstance(value, str):
        return None
    return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def parse_submission(data: bytes) -> dict:
    """The notebook in ``data``, or :class:`NotANotebook` saying what is wrong."""
    if len(data) > MAX_NOTEBOOK:
        raise NotANotebook(f"not a notebook: larger than {MAX_NOTEBOOK // 2**20} MB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotANotebook("not a notebook: the file is not text") from None
    try:
        nb = safe_json(text, "the file")
    except json.JSONDecodeError as exc:
        raise NotANotebook(
            f"not a notebook: invalid JSON at line {exc.lineno} ({exc.msg})"
        ) from None
    except ValueError as exc:
        raise NotANotebook(f"not a notebook: {exc}") from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list) or not all(
        isinstance(c, dict) and isinstance(c.get("cell_type"), str) for c in cells
    ):
        raise NotANotebook("not a notebook: no list of cells")
    for i, cell in enumerate(cells):
        text = _text(cell.get("source", ""))
        if text is None:
            raise NotANotebook(
                f"not a notebook: the source of cell {i + 1} is not text"
            )
        cell["source"] = text
        if not isinstance(cell.get("metadata", {}), dict):
            cell["metadata"] = {}
    return nb


def read_submission(path: Path) -> dict:
    """The notebook at ``path``, or :class:`NotANotebook` saying what is wrong with it."""
    try:
        return parse_submission(Path(path).read_bytes())
    except OSError as exc:
        raise NotANotebook(f"cannot be read ({type(exc).__name__})") from None


def chapter_from_name(path: Path) -> int | None:
    """A chapter number in the file name (``01_partial_derivatives-alice.ipynb``)."""
    match = re.match(r"(\d+)_", Path(path).name)
    return int(match.group(1)) if match else None


# ---------------------------------------------------------------------------
# The grader's code in the kernel: the guard before the submission, the probe after
# ---------------------------------------------------------------------------


def _guard(helpers_dir: str, nonce: str) -> None:
    """Runs in the submission's kernel before its cells (its source is sent there):
    the catalog's references, expected values and chapter functions record who takes
    them. Only a taker outside ``helpers`` is recorded (the catalog's own checks and
    ``prefer`` use them all the time)."""
    import sys as _sys
    import types as _types

    import helpers.exercises as _exercises
    from helpers.exercises import base as _base

    taken: set = set()
    record = _types.ModuleType("_grader_" + nonce)
    record.taken = taken
    _sys.modules[record.__name__] = record

    def outside(depth: int) -> bool:
        frame = _sys._getframe(depth)
        while frame is not None and frame.f_code.co_filename == "<string>":
            frame = frame.f_back  # a dataclass's own __eq__, or code run by exec
        return frame is None or not frame.f_code.co_filename.startswith(helpers_dir)

    def guarded(attribute: str):
        def read(self):
            if outside(2):
                taken.add(f"{attribute} of Exercise {self.__dict__.get('id')}")
            try:
                return self.__dict__[attribute]
            except KeyError:
                raise AttributeError(attribute) from None

        return property(read)

    guards = []
    for kind in {type(entry) for entry in _exercises.all()} | {_base.Exercise}:
        for attribute in ("reference", "expected"):
            prop = guarded(attribute)
            setattr(kind, attribute, prop)
            guards.append((kind, attribute, prop))
    # The chapters' modules: each function that is an exercise's reference or
    # expected value, imported by name, tells on its taker when called.
    answers = set()
    for entry in _exercises.all():
        for attribute in ("reference", "expected"):
            answers.add(id(entry.__dict__.get(attribute)))
    for name, module in list(_sys.modules.items()):
        if not name.startswith("helpers.exercises.ch") and name != (
            "helpers.exercises.common"
        ):
            continue
        for attr, value in list(vars(module).items()):
            if id(value) not in answers or getattr(value, "__code__", None) is None:
                continue

            label = f"{name.rsplit('.', 1)[1]}.{attr}"

            def wrapper(*args, _f=value, _n=label, **kw):
                if outside(2):
                    taken.add(_n)
                return _f(*args, **kw)

            setattr(module, attr, wrapper)
    record.guards = guards
    record.base = _base.Exercise


def _probe(helpers_dir: str, wanted: list[tuple[str, str]], nonce: str) -> None:
    """Runs in the submission's kernel after its cells (its source is sent there): see
    the module."""
    import copy as _copy
    import importlib.util as _util
    import json as _json
    import os as _os
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
    budget = [2_000_000]
    references = []
    solutions: dict = {}  # a solution's code, by where it is written: its name

    def key(function):
        code = getattr(function, "__code__", None)
        return (code.co_filename, code.co_firstlineno, code.co_name) if code else None

    for entry in fresh.exercises.all():
        references.append(entry.__dict__.get("reference"))
        for attribute in ("reference", "expected"):
            found = key(entry.__dict__.get(attribute))
            if found is not None:
                name = _os.path.basename(found[0])[:-3]
                solutions[found] = f"{attribute} of Exercise {entry.id} ({name})"
    kernels = _sys.modules.get("helpers.exercises.registry")
    for entry in getattr(kernels, "_CATALOG", {}).values():
        references.append(getattr(entry, "__dict__", {}).get("reference"))
    arrays = [r for r in references if isinstance(r, np.ndarray)]

    def plain(v, depth: int = 0):
        if depth > 6 or budget[0] <= 0:
            return {"object": "too deep"}
        budget[0] -= 1
        if v is None or isinstance(v, bool):
            return v
        if type(v) is str:
            return v[:200]
        if type(v) is float or (type(v) is int and abs(v) < 2**63):
            return v
        if type(v) is int:
            return {"object": "a huge int"}
        if type(v) is np.ndarray:
            if v.dtype.kind in "biuf" and v.size <= 100_000 and v.size <= budget[0]:
                budget[0] -= v.size
                return {"ndarray": v.tolist(), "dtype": v.dtype.str, "shape": v.shape}
            return {"object": f"array of {str(v.dtype)[:20]}"}
        if isinstance(v, np.generic) and v.dtype.kind in "biuf":
            return {"scalar": v.item(), "dtype": v.dtype.str}
        if type(v) is complex:
            return {"complex": [v.real, v.imag]}
        if v is Ellipsis:
            return {"ellipsis": True}
        if type(v) in (tuple, list) and len(v) <= 10_000:
            items = [plain(x, depth + 1) for x in v]
            return {"tuple": items} if type(v) is tuple else items
        if type(v) is dict and len(v) <= 1000:
            return {
                "dict": [
                    [plain(k, depth + 1), plain(x, depth + 1)] for k, x in v.items()
                ]
            }
        if callable(v):
            return {"function": True}
        return {"object": type(v).__name__[:40]}

    def is_reference(v, depth: int = 0) -> bool:
        if depth > 6:
            return False
        if isinstance(v, (bool, int, float, complex, str, bytes, tuple, type(None))):
            pass  # equal immutables may be the same object: only a value, not a taking
        elif any(v is r for r in references):
            return True
        if type(v) is np.ndarray and any(np.shares_memory(v, r) for r in arrays):
            return True
        if type(v) in (tuple, list):
            return any(is_reference(x, depth + 1) for x in v[:100])
        if type(v) is dict:
            return any(is_reference(x, depth + 1) for x in list(v.values())[:100])
        return False

    called: list = []
    given: set = set()  # the functions a case passes in, which an answer calls

    def watch(frame, event, arg):
        if event == "call":
            code = frame.f_code
            found = (code.co_filename, code.co_firstlineno, code.co_name)
            if found in solutions and found not in given:
                called.append(solutions[found])

    answers = {}
    namespace = globals()
    record_module = _sys.modules.get("_grader_" + nonce)

    def read(exercise_id: str, name: str) -> dict:
        record: dict = {"defined": name in namespace}
        if not record["defined"]:
            return record
        answer = namespace[name]
        exercise = fresh.exercises.get(exercise_id)
        try:
            verdict = exercise.check(answer)
            record["passed"] = verdict.passed is True
            record["message"] = str(verdict.message)[:1000]
        except BaseException as exc:  # noqa: BLE001 - whatever the submission did
            record["message"] = f"the check could not run ({type(exc).__name__})"
        record["value"] = plain(answer)
        if is_reference(answer):
            record["reference"] = "it is the book's own solution"
        if exercise.kind in ("function", "debug") and callable(answer):
            code = getattr(answer, "__code__", None)
            record["name"] = str(getattr(answer, "__name__", ""))[:60]
            record["file"] = str(getattr(code, "co_filename", ""))[:500]
            calls = record["calls"] = []
            try:
                with reader.time_limit(reader.TIME_LIMIT):
                    for case in exercise.cases:
                        del called[:]
                        given.clear()
                        for argument in case:
                            method = vars(type(argument)).get("__call__")
                            found = key(argument) or key(method)
                            if found is not None:
                                given.add(found)
                        try:
                            with _warnings.catch_warnings(), np.errstate(all="ignore"):
                                _warnings.simplefilter("ignore")
                                _sys.setprofile(watch)
                                try:
                                    value = answer(*_copy.deepcopy(case))
                                finally:
                                    intact = _sys.getprofile() is watch
                                    _sys.setprofile(None)
                            calls.append({"value": plain(value)})
                        except Exception as exc:  # noqa: BLE001
                            intact = _sys.getprofile() in (watch, None)
                            _sys.setprofile(None)
                            calls.append(
                                {
                                    "raised": type(exc).__name__[:60],
                                    "text": str(exc)[:200],
                                }
                            )
                        if called:
                            record["reference"] = f"it calls the {called[0]}"
                        elif not intact:
                            record["reference"] = "it turned off the grader's watch"
            except BaseException:  # noqa: BLE001 - the time limit, or worse
                _sys.setprofile(None)
                calls.append({"timeout": True})
        return record

    for exercise_id, name in wanted:
        try:
            answers[exercise_id] = read(exercise_id, name)
        except BaseException as exc:  # noqa: BLE001 - an answer that breaks reading
            _sys.setprofile(None)
            answers[exercise_id] = {
                "defined": True,
                "message": f"the answer could not be read ({type(exc).__name__[:60]})",
                "value": {"object": "unreadable"},
            }
    taken = sorted(getattr(record_module, "taken", ()))[:20]
    guards = getattr(record_module, "guards", None)
    base = getattr(_sys.modules.get("helpers.exercises.base"), "Exercise", None)
    if (
        not guards
        or base is not getattr(record_module, "base", None)
        or any(kind.__dict__.get(f) is not p for kind, f, p in guards)
    ):
        taken.append("the grader's guard, which the submission removed")
    out = {"answers": answers, "taken": taken}
    print("\n" + nonce + _json.dumps(out))  # on a line of its own


def guard_source(nonce: str) -> str:
    """The code the grader runs in the kernel before the submission's cells."""
    call = f"\n{_guard.__name__}({str(HELPERS_DIR)!r}, {nonce!r})\n"
    head = "from __future__ import annotations\n"
    return head + inspect.getsource(_guard) + call + f"del {_guard.__name__}\n"


def probe_source(exercises: list, nonce: str) -> str:
    """The code the grader runs in the kernel after the submission's cells."""
    wanted = [(e.id, e.name) for e in exercises]
    call = f"\n({_probe.__name__}({str(HELPERS_DIR)!r}, {wanted!r}, {nonce!r}))\n"
    head = "from __future__ import annotations\n"  # the annotations stay unread
    return head + inspect.getsource(_probe) + call + f"del {_probe.__name__}\n"


# ---------------------------------------------------------------------------
# The plain data, read back in the grader's process
# ---------------------------------------------------------------------------


class BadData(ValueError):
    """What a kernel sent back is not plain data the grader reads."""


def decode(v: Any, depth: int = 0) -> Any:
    """The value the kernel described with the probe's ``plain``; :class:`BadData`
    when it is not such a description (an unknown dtype, a shape that does not fit)."""
    import numpy as np

    if depth > 16:
        raise BadData("nested too deeply")
    if isinstance(v, list):
        return [decode(x, depth + 1) for x in v]
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if not isinstance(v, dict):
        raise BadData(f"a {type(v).__name__}")
    if "ndarray" in v:
        if v.get("dtype") not in DTYPES:
            raise BadData(f"an array of dtype {str(v.get('dtype'))[:20]!r}")
        shape = v.get("shape")
        if not isinstance(shape, list) or not all(
            isinstance(s, int) and 0 <= s <= MAX_NUMBERS for s in shape
        ):
            raise BadData("an array with no valid shape")
        if json_depth(json.dumps(v["ndarray"])) > len(shape):
            raise BadData("an array nested deeper than its shape")
        try:
            arr = np.array(v["ndarray"], dtype=np.dtype(v["dtype"]))
            return arr.reshape(shape)
        except (TypeError, ValueError, OverflowError) as exc:
            raise BadData(
                f"an array that does not read ({type(exc).__name__})"
            ) from None
    if "scalar" in v:
        if v.get("dtype") not in DTYPES or not isinstance(v["scalar"], (int, float)):
            raise BadData(f"a number of dtype {str(v.get('dtype'))[:20]!r}")
        try:
            return np.dtype(v["dtype"]).type(v["scalar"])
        except (TypeError, ValueError, OverflowError):
            raise BadData("a number that does not read") from None
    if "complex" in v:
        parts = v["complex"]
        if not (isinstance(parts, list) and len(parts) == 2):
            raise BadData("a complex number that does not read")
        return complex(*[float(p) for p in parts])
    if "ellipsis" in v:
        return Ellipsis
    if "tuple" in v:
        if not isinstance(v["tuple"], list):
            raise BadData("a tuple that does not read")
        return tuple(decode(x, depth + 1) for x in v["tuple"])
    if "dict" in v:
        pairs = v["dict"]
        if not isinstance(pairs, list) or not all(
            isinstance(p, list) and len(p) == 2 for p in pairs
        ):
            raise BadData("a dict that does not read")
        return {_hashable(decode(k, depth + 1)): decode(x, depth + 1) for k, x in pairs}
    return _Opaque(str(v.get("object", "function"))[:40])


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
        if not isinstance(call, dict) or "timeout" in call:
            raise TimeUp()
        if "raised" in call:
            kind = str(call["raised"])
            if kind == "NotImplementedError":
                raise NotImplementedError
            if kind == "RecursionError":
                raise RecursionError(clean(call.get("text", ""))[:200])
            name = kind if kind.isidentifier() and kind.isascii() else "Exception"
            raise type(name, (Exception,), {})(clean(call.get("text", ""))[:200])
        return decode(call.get("value"))

    name = str(record.get("name", ""))
    replay.__name__ = name if name.isidentifier() and name.isascii() else default_name
    return replay


def judge(exercise: Any, record: Any, taken: Sequence[str] = ()) -> tuple[str, str]:
    """Status and one-line message of an exercise, from what the kernel sent back.

    ``taken``: what of the catalog's the submission's own code took during the run
    (the guard's record): any of it, and no exercise of the run passes. Never
    raises: data that does not read fails the exercise, saying so."""
    try:
        return _judge(exercise, record, list(taken))
    except (BadData, RecursionError, MemoryError) as exc:
        return FAILED, (
            f"{FAIL} {exercise.label}: the grader could not read the answer ({clean(exc)})"
        )
    except Exception as exc:  # noqa: BLE001 - confined to this exercise
        return FAILED, (
            f"{FAIL} {exercise.label}: the grader could not read the answer "
            f"({type(exc).__name__})"
        )


def _judge(exercise: Any, record: Any, taken: list[str]) -> tuple[str, str]:
    if not isinstance(record, dict):
        return FAILED, f"{FAIL} {exercise.label}: the grader could not read the answer"
    if not record.get("defined"):
        return NOT_ATTEMPTED, (
            f"{TODO} {exercise.label}: `{exercise.name}` is not defined (its cell is "
            "missing or renamed)"
        )
    if str(record.get("file", "")).startswith(str(HELPERS_DIR)):
        record = {**record, "reference": "it is the book's own solution"}
    if record.get("reference") or taken:
        why = clean(record.get("reference") or f"the submission took the {taken[0]}")
        return FAILED, (
            f"{FAIL} {exercise.label}: 0 points, the answer uses the book's solution "
            f"({why[:200]}); a graded answer must be the submission's own work"
        )
    if exercise.kind in ("function", "debug") and "calls" in record:
        if not isinstance(record["calls"], list):
            raise BadData("no list of calls")
        answer = _replay(record, exercise.name)
    else:
        answer = decode(record.get("value"))
    ours = exercise.check(answer)  # this process never ran the submission's code
    theirs = clean(record.get("message", ""))[:MAX_MESSAGE]
    if ours.passed and record.get("passed") is True:
        return PASSED, theirs if theirs.startswith(PASS) else ours.message
    if theirs.startswith(TODO) or (ours.message.startswith(TODO) and not theirs):
        return NOT_ATTEMPTED, theirs or ours.message
    if record.get("passed") is False and theirs.startswith(FAIL):
        return FAILED, theirs
    return FAILED, ours.message if not ours.passed else theirs


# ---------------------------------------------------------------------------
# One submission: what to run, and its row from what the runs gave
# ---------------------------------------------------------------------------


@dataclass
class Job:
    """One submission to grade: its row so far, and what its run needs."""

    path: Path
    row: dict
    chosen: list = field(default_factory=list)
    nb: dict | None = None
    cells: list[tuple[int, str]] = field(default_factory=list)
    nonce: str = ""

    @property
    def needs_run(self) -> bool:
        return self.nb is not None and bool(self.chosen)

    def task(self, limits: Limits, cells: list[tuple[int, str]] | None = None) -> dict:
        """What the runner is given (:mod:`teach.runner`)."""
        guard = (-1, guard_source(self.nonce))
        cells = self.cells if cells is None else cells
        reserve = min(limits.seconds / 4, 5 + 2 * TIME_LIMIT * len(self.chosen))
        return {
            "cells": [list(guard)] + [list(c) for c in cells],
            "probe": probe_source(self.chosen, self.nonce),
            "seconds": limits.seconds,
            "reserve": reserve,
            "memory_mb": limits.memory_mb,
        }


def prepare(
    path: Path,
    data: bytes | None,
    chapter: int | None = None,
    only: Sequence[str] | None = None,
) -> Job:
    """The job of grading ``path`` whose bytes are ``data`` (None: it cannot be read).

    The exercises graded are those of the submission's chapter (``chapter``, else read
    from the notebook or its name), or exactly the ids ``only``."""
    path = Path(path)
    row: dict[str, Any] = {
        "submission": str(path),
        "sha256": hashlib.sha256(data).hexdigest() if data is not None else "",
        "chapter": chapter,
        "problem": "",
        "only": list(only) if only else None,
    }
    nb = None
    try:
        if data is None:
            raise NotANotebook("cannot be read")
        nb = parse_submission(data)
    except NotANotebook as exc:
        row["problem"] = str(exc)
    if row["chapter"] is None:
        row["chapter"] = (chapter_of(nb) if nb else None) or chapter_from_name(path)
    if only:
        chosen = [e for e in catalog.all() if e.id in only]
    else:
        chosen = [e for e in catalog.all() if e.chapter == row["chapter"]]
    if not chosen and not row["problem"]:
        row["problem"] = "cannot tell which chapter this is (give --chapter)"
    job = Job(path, row, chosen, nb)
    if nb is not None and chosen:
        # Run as the student edition runs: the book's solution cells never run (in a
        # submitted copy of the whole book, say); the cells that build on an exercise
        # call prefer("N.k", name) themselves. Cells are numbered from 1 in messages.
        job.cells = [
            (i, source(c))
            for i, c in enumerate(nb["cells"])
            if is_code(c) and not is_solution(c)
        ]
        job.nonce = secrets.token_hex(8)
    return job


@dataclass
class Outcome:
    """What a run gave: where it stopped (``[cell, reason, kernel lost]``), what the
    probe printed, the first cell that used a withheld solution; or why the grader
    got nothing from it (``failure``)."""

    stop: list | None = None
    printed: str | None = None
    withheld: int | None = None
    failure: str = ""


def read_outcome(output: bytes) -> Outcome:
    """The runner's last line of output, validated; a failure saying why if not."""
    lines = output.decode("utf-8", "replace").strip().splitlines()
    if not lines:
        return Outcome(failure="the run gave no result")
    try:
        found = safe_json(lines[-1], "the run's result")
    except ValueError:
        return Outcome(failure="the run's result does not read")
    if not isinstance(found, dict):
        return Outcome(failure="the run's result does not read")
    stop, printed, withheld = (
        found.get("stop"),
        found.get("printed"),
        found.get("withheld"),
    )
    if stop is not None and not (
        isinstance(stop, list)
        and len(stop) == 3
        and type(stop[0]) is int
        and isinstance(stop[1], str)
        and isinstance(stop[2], bool)
    ):
        return Outcome(failure="the run's result does not read")
    if printed is not None and not isinstance(printed, str):
        return Outcome(failure="the run's result does not read")
    if withheld is not None and type(withheld) is not int:
        withheld = None
    if stop is not None:
        stop = [stop[0], clean(stop[1])[:300], stop[2]]
    return Outcome(stop, printed, withheld)


def rerun_cells(job: Job, outcome: Outcome) -> list[tuple[int, str]] | None:
    """The cells to run again in a fresh sandbox when the kernel was lost: those
    before the cell that stopped it (None: no second run is needed)."""
    if outcome.failure or outcome.stop is None or outcome.printed is not None:
        return None
    if not outcome.stop[2]:
        return None
    return [(i, text) for i, text in job.cells if i < outcome.stop[0]]


def finish(job: Job, first: Outcome, again: Outcome | None = None) -> dict:
    """The row of ``job`` from its run (and the run of what came before the cell that
    lost the kernel, ``again``). Never raises."""
    row = job.row
    stop = first.stop
    printed = first.printed
    if again is not None:
        printed = None if (again.stop is not None or again.failure) else again.printed
    if first.failure:
        row["problem"] = first.failure
    elif stop is not None and stop[0] == -1:
        row["problem"] = f"the run {stop[1]} before the submission's first cell"
    elif stop is not None:
        row["problem"] = f"cell {stop[0] + 1} {stop[1]}"
    elif printed is None and again is None:
        row["problem"] = (
            "the grader's probe could not read the answers (the time limit struck "
            "after the last cell, or the kernel died)"
        )
    elif first.withheld is not None:
        row["problem"] = (
            f"cell {first.withheld + 1} needed the book's solution of an exercise not "
            "passed, withheld in a graded run (the cells after it ran on)"
        )
    answers, taken = _answers(printed, job.nonce)
    results: dict[str, tuple[str, str]] = {}
    for exercise in job.chosen:
        try:
            stub = locate(job.nb, exercise).stub
        except Exception:  # noqa: BLE001 - a notebook the locator cannot read
            stub = None
        record = answers.get(exercise.id) if answers is not None else None
        label = exercise.label
        if first.failure:
            results[exercise.id] = (
                FAILED,
                f"{FAIL} {label}: not graded ({first.failure})",
            )
        elif stop is not None and stub is not None and stub >= stop[0]:
            if stub == stop[0]:
                results[exercise.id] = (
                    FAILED,
                    f"{FAIL} {label}: this exercise's cell {stop[1]}",
                )
            else:
                results[exercise.id] = (
                    NOT_REACHED,
                    f"{label}: not reached (the run stopped at cell {stop[0] + 1})",
                )
        elif (
            stop is not None
            and stub is None
            and not (record if isinstance(record, dict) else {}).get("defined")
        ):
            results[exercise.id] = (
                NOT_REACHED,
                f"{label}: not reached (the run stopped at cell {stop[0] + 1}, and no "
                f"cell defines `{exercise.name}`)",
            )
        else:
            results[exercise.id] = judge(exercise, record, taken)
    return _scored(row, job.chosen, results)


def _scored(row: dict, chosen: list, results: dict[str, tuple[str, str]]) -> dict:
    row["exercises"] = {
        e_id: {"status": status, "message": clean(message)[:MAX_MESSAGE]}
        for e_id, (status, message) in results.items()
    }
    row["score"] = sum(s == PASSED for s, _ in results.values())
    row["out_of"] = len(chosen)
    row["problem"] = clean(row.get("problem", ""))[:500]
    return row


def finish_unrun(job: Job) -> dict:
    """The row of a job that needs no run (not a notebook, no exercise to grade)."""
    results = {
        e.id: (NOT_REACHED, f"{e.label}: not run ({job.row['problem']})")
        for e in job.chosen
    }
    return _scored(job.row, job.chosen, results)


def _answers(printed: str | None, nonce: str) -> tuple[dict | None, list[str]]:
    """The probe's answers and the guard's record, from what it printed."""
    if printed is None or not nonce:
        return None, []
    for line in reversed(printed.splitlines()):
        if line.startswith(nonce):
            try:
                found = safe_json(line[len(nonce) :], "the answers")
            except ValueError:
                return None, []
            if not isinstance(found, dict) or not isinstance(
                found.get("answers"), dict
            ):
                return None, []
            taken = found.get("taken")
            taken = [clean(t)[:120] for t in taken] if isinstance(taken, list) else []
            return found["answers"], taken
    return None, []


def grade_submission(
    path: Path,
    chapter: int | None = None,
    limits: Limits | None = None,
    only: Sequence[str] | None = None,
    sandbox: str = "auto",
) -> dict:
    """Run and grade one submission; never raises for anything the submission does.

    Returns a row for the gradebook: ``submission``, ``sha256``, ``chapter``,
    ``problem`` (why the run stopped, or ""), ``seconds``, ``score``, ``out_of``,
    ``exercises`` (``{id: {"status": ..., "message": ...}}``) and ``only``.
    """
    from .grade import grade_all

    (row,) = grade_all(
        [Path(path)],
        chapter=chapter,
        limits=limits,
        jobs=1,
        progress=lambda line: None,
        only=only,
        sandbox=sandbox,
    )
    return row

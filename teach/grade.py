"""Grade submitted notebooks: ``python -m teach.grade SUBMISSION.ipynb [...]``.

Each submission (a file, or every ``.ipynb`` of a folder) is read once, at the start,
then runs top to bottom in a fresh kernel inside a sandbox of its own
(:mod:`teach.sandbox`), under a time limit that covers the whole run (the kernel's
start, every cell, the grader's probe) and limits on memory, processes and CPU that
hold for all its processes together; ``--jobs`` sandboxes at once (one per core). What
each run gives comes back over a pipe and is validated here; its answers are checked
again in this process (:mod:`teach.grading`). Nothing a submission does can stop the
others: a run that fails, hangs, is stopped, or sends back anything malformed is
reported in its own row.

The terminal shows progress and a summary table (control characters stripped); the
gradebook is written atomically: ``OUT.json`` (every message), ``OUT.csv`` (one row per
submission), ``OUT-exercises.csv`` (one row per student, one column per exercise, the
total and the maximum). A re-run skips submissions already in the gradebook with the
same content and the grader's signature (a key in ``OUT.key``, which no sandbox sees),
unless ``--regrade``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import hmac
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import sandbox as box
from .grading import (
    NOT_ATTEMPTED,
    NOT_REACHED,
    PASSED,
    STATUSES,
    Job,
    Limits,
    Outcome,
    clean,
    finish,
    finish_unrun,
    prepare,
    read_outcome,
    rerun_cells,
    shown_name,
)

MARKS = {PASSED: "✓", "failed": "✗", NOT_ATTEMPTED: "·", NOT_REACHED: "–"}
MAX_OUTPUT = 8 * 2**20
"""The most of a run's output read; the rest is discarded."""


def grace(seconds: float) -> float:
    """Seconds past the time limit before a run is killed from outside (the runner
    stops its kernel itself at the limit, and needs a moment to say so)."""
    return 5 + seconds / 10


SANDBOXES = ("auto", "bwrap", "none")


class NoSandbox(RuntimeError):
    """The sandbox asked for cannot be made here; the text says why and what to do."""


def choose_sandbox(wanted: str) -> bool:
    """Whether runs are sandboxed: ``bwrap`` and ``auto`` need bubblewrap working
    (:class:`NoSandbox` otherwise), ``none`` runs without."""
    if wanted == "none":
        return False
    why = box.problem()
    if why:
        raise NoSandbox(
            f"cannot grade in a sandbox: {why}. Install bubblewrap where user "
            "namespaces are allowed, or grade inside a container or a throwaway "
            'account of its own with --sandbox none (see CONTRIBUTING.md, "Teaching '
            'with this book").'
        )
    return True


def submissions(paths: list[Path]) -> list[Path]:
    """The notebooks named, folders expanded (sorted), checkpoints left out."""
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                (
                    p.resolve()
                    for p in path.rglob("*.ipynb")
                    if ".ipynb_checkpoints" not in p.parts and not p.is_symlink()
                ),
                key=lambda p: os.fsencode(p),
            )
        else:
            found.append(path.resolve())
    return found


# ---------------------------------------------------------------------------
# Runs: one sandbox each, watched from here
# ---------------------------------------------------------------------------


@dataclass
class Run:
    """One run of a job in a sandbox: the process, its output, its limits."""

    k: int
    process: subprocess.Popen
    started: float
    watch: box.Watch
    core: int | None
    home: str | None
    output: bytearray = field(default_factory=bytearray)
    reader: threading.Thread | None = None
    killed: str = ""
    pids: list[int] = field(default_factory=list)


def _pump(process: subprocess.Popen, task: bytes, output: bytearray) -> None:
    """Give the runner its task, then read its output (at most MAX_OUTPUT bytes)."""
    try:
        process.stdin.write(task)
        process.stdin.close()
    except OSError:
        pass
    try:
        while True:
            chunk = process.stdout.read1(65536)
            if not chunk:
                break
            if len(output) < MAX_OUTPUT:
                output.extend(chunk[: MAX_OUTPUT - len(output)])
    except (OSError, ValueError):
        pass


def _start(
    k: int, task: dict, limits: Limits, sandboxed: bool, core: int | None, tmp: str
) -> Run:
    data = json.dumps(task).encode("utf-8", "surrogatepass")
    home = None
    if sandboxed:
        argv = box.command(box.runner_argv(True))
        env, cwd = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}, "/"
    else:
        home = tempfile.mkdtemp(prefix="run-", dir=tmp)
        argv, env, cwd = box.runner_argv(False), box.unsandboxed_env(home), home
    process = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=cwd,
        preexec_fn=box.preexec(limits.memory_mb, core),
    )
    watch = box.Watch(limits.memory_mb, cpu_seconds=2 * limits.seconds + 30)
    run = Run(k, process, time.monotonic(), watch, core, home)
    run.reader = threading.Thread(target=_pump, args=(process, data, run.output))
    run.reader.daemon = True
    run.reader.start()
    return run


def _end(run: Run) -> Outcome:
    """Collect a finished (or killed) run's outcome; leave nothing of it behind."""
    box.kill_tree(run.process, run.pids)
    try:
        run.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
    run.reader.join(timeout=5)
    for stream in (run.process.stdout,):
        try:
            stream.close()
        except OSError:
            pass
    if run.home:
        import shutil

        shutil.rmtree(run.home, ignore_errors=True)
    if run.killed:
        return Outcome(failure=run.killed)
    outcome = read_outcome(bytes(run.output))
    if outcome.failure and run.process.returncode not in (0, None):
        outcome.failure = f"the run ended with exit code {run.process.returncode}"
    return outcome


def _run_all(jobs_list: list[Job], limits: Limits, jobs: int, sandboxed: bool, done):
    """Run every job (and its second run when the first lost the kernel), ``jobs`` at a
    time; ``done(k, first, again, seconds)`` is called as each job ends."""
    cores = os.cpu_count() or 1
    todo = [(k, None) for k in range(len(jobs_list))]
    firsts: dict[int, Outcome] = {}
    running: dict[int, Run] = {}
    began: dict[int, float] = {}
    last_scan = 0.0
    with tempfile.TemporaryDirectory(prefix="grader-") as tmp:
        os.chmod(tmp, 0o700)
        try:
            while todo or running:
                while todo and len(running) < jobs:
                    k, cells = todo.pop(0)
                    used = {r.core for r in running.values()}
                    core = next(
                        (c % cores for c in range(jobs) if c % cores not in used), None
                    )
                    task = jobs_list[k].task(limits, cells)
                    began.setdefault(k, time.monotonic())
                    try:
                        running[k] = _start(k, task, limits, sandboxed, core, tmp)
                    except OSError as exc:
                        outcome = Outcome(failure=f"the sandbox did not start ({exc})")
                        first = firsts.pop(k, None)
                        seconds = time.monotonic() - began[k]
                        done(k, first or outcome, outcome if first else None, seconds)
                time.sleep(0.05)
                now = time.monotonic()
                scan = now - last_scan > 0.25
                last_scan = now if scan else last_scan
                for k, run in list(running.items()):
                    if run.process.poll() is None:
                        if scan:
                            used = box.usage(run.process.pid)
                            run.pids = used.pids
                            run.killed = run.watch.over(used)
                        if now - run.started > limits.seconds + grace(limits.seconds):
                            run.killed = (
                                "did not finish within the time limit "
                                f"({limits.seconds:g} s), or was stopped"
                            )
                        if not run.killed:
                            continue
                    del running[k]
                    outcome = _end(run)
                    seconds = time.monotonic() - began[k]
                    if k in firsts:
                        done(k, firsts.pop(k), outcome, seconds)
                        continue
                    again = rerun_cells(jobs_list[k], outcome)
                    if again is None:
                        done(k, outcome, None, seconds)
                    else:
                        firsts[k] = outcome
                        todo.insert(0, (k, again))
        finally:  # interrupted: nothing of any run outlives the grader
            for run in running.values():
                box.kill_tree(run.process, box.usage(run.process.pid).pids)


def grade_all(
    paths: list[Path],
    *,
    chapter: int | None = None,
    limits: Limits | None = None,
    jobs: int | None = None,
    known: dict[str, dict] | None = None,
    progress=print,
    only: Sequence[str] | None = None,
    sandbox: str = "auto",
) -> list[dict]:
    """Grade ``paths``, ``jobs`` sandboxes at a time; rows in the order of ``paths``.

    ``only``: the ids of the exercises to grade (default: all of each submission's
    chapter). ``known`` maps a submission's path to its earlier row (already checked
    for the grader's signature): a row whose ``sha256`` still matches the file, graded
    on the same exercises, is reused instead of grading again. Every file is read
    before any submission runs. Raises :class:`NoSandbox` when the sandbox asked for
    cannot be made.
    """
    sandboxed = choose_sandbox(sandbox)
    jobs = max(1, jobs or os.cpu_count() or 1)
    limits = limits or Limits()
    only = list(only) if only else None
    rows: dict[int, dict] = {}
    prepared: list[Job] = []
    todo: list[int] = []

    def say(k: int) -> None:
        row = rows[k]
        progress(
            clean(
                f"[{len(rows)}/{len(paths)}] {shown_name(Path(paths[k]).name)}: "
                f"{row.get('score', 0)}/{row.get('out_of', 0)} passed"
                + (f"; {row['problem']}" if row.get("problem") else "")
                + f" ({row.get('seconds', 0):.0f} s)"
            )
        )

    for k, path in enumerate(paths):
        try:
            data = (
                path.read_bytes() if path.is_file() and not path.is_symlink() else None
            )
        except OSError:
            data = None
        earlier = (known or {}).get(str(path))
        if (
            earlier
            and data is not None
            and earlier.get("sha256") == hashlib.sha256(data).hexdigest()
            and earlier.get("only") == only
        ):
            rows[k] = earlier
            prepared.append(Job(path, earlier))
            progress(
                clean(
                    f"[{len(rows)}/{len(paths)}] {shown_name(path.name)}: already graded"
                )
            )
            continue
        job = prepare(path, data, chapter, only)
        if data is None:
            job.row["problem"] = (
                "no such file" if not path.exists() else "cannot be read"
            )
        prepared.append(job)
        if job.needs_run:
            todo.append(k)
        else:
            rows[k] = _timed(finish_unrun(job), 0.0)
            say(k)

    def done(k: int, first: Outcome, again: Outcome | None, seconds: float) -> None:
        try:
            row = finish(prepared[k], first, again)
        except Exception as exc:  # noqa: BLE001 - a bug of the grader, in one row
            row = prepared[k].row
            row.update(exercises={}, score=0, out_of=len(prepared[k].chosen))
            row["problem"] = clean(f"the grader failed ({type(exc).__name__}: {exc})")[
                :300
            ]
        rows[k] = _timed(row, seconds)
        say(k)

    order = [prepared[k] for k in todo]

    def done_in_order(i: int, first: Outcome, again: Outcome | None, s: float) -> None:
        done(todo[i], first, again, s)

    if order:
        _run_all(order, limits, jobs, sandboxed, done_in_order)
    return [rows[k] for k in range(len(paths))]


def _timed(row: dict, seconds: float) -> dict:
    row["seconds"] = round(seconds, 1)
    return row


# ---------------------------------------------------------------------------
# What is printed
# ---------------------------------------------------------------------------


def exercise_ids(rows: list[dict]) -> list[str]:
    """Every exercise id in the rows, in book order."""
    ids = {e for row in rows for e in row.get("exercises", {})}
    return sorted(ids, key=lambda e: tuple(int(p) for p in e.split(".")))


def table(rows: list[dict]) -> str:
    """The summary table for the terminal: one line per submission, a mark per exercise."""
    ids = exercise_ids(rows)
    names = [shown_name(Path(r["submission"]).name) for r in rows]
    width = max([len("submission")] + [len(n) for n in names])
    cols = [max(len(e), 1) for e in ids]
    head = f"{'submission':<{width}}  ch  score  " + "  ".join(
        f"{e:^{c}}" for e, c in zip(ids, cols)
    )
    lines = [head, "-" * len(head)]
    for row, name in zip(rows, names):
        marks = [MARKS.get(row["exercises"].get(e, {}).get("status"), " ") for e in ids]
        score = f"{row.get('score', 0)}/{row.get('out_of', 0)}"
        line = (
            f"{name:<{width}}  {row.get('chapter') or '?':>2}  "
            f"{score:>5}  " + "  ".join(f"{m:^{c}}" for m, c in zip(marks, cols))
        )
        if row.get("problem"):
            line += f"  {clean(row['problem'])}"
        lines.append(line.rstrip())
    legend = ", ".join(f"{mark} {status}" for status, mark in MARKS.items())
    return "\n".join(lines + [legend])


def details(row: dict) -> str:
    """Every exercise's status and one-line message for one submission."""
    lines = [f"{shown_name(row['submission'])} (chapter {row.get('chapter') or '?'})"]
    if row.get("problem"):
        lines.append(f"  problem: {clean(row['problem'])}")
    for e_id, result in row.get("exercises", {}).items():
        lines.append(
            f"  {clean(e_id):>5}  {clean(result['status']):<13}  {clean(result['message'])}"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# The gradebook
# ---------------------------------------------------------------------------


def key_of(base: Path) -> bytes:
    """The grader's signing key for the gradebook ``base`` (``base.key``, made once,
    readable only by its owner; no sandbox sees it)."""
    path = Path(str(base) + ".key")
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = os.urandom(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key.hex() + "\n")
    return key


def signature(row: dict, key: bytes) -> str:
    body = {k: v for k, v in row.items() if k != "signature"}
    text = json.dumps(body, sort_keys=True, ensure_ascii=True)
    return hmac.new(key, text.encode("ascii"), "sha256").hexdigest()


def _atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old file or the new one."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _cell(value) -> str:
    """A CSV cell a spreadsheet shows as text (never a formula), with no control
    characters."""
    text = clean(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def student_of(row: dict) -> str:
    """The student a row belongs to: its file's name without ``.ipynb``."""
    name = shown_name(Path(row["submission"]).name)
    return name[: -len(".ipynb")] if name.endswith(".ipynb") else name


def write_gradebook(rows: list[dict], base: Path) -> tuple[Path, Path]:
    """``base.json`` (every row, every message, signed), ``base.csv`` (one row per
    submission) and ``base-exercises.csv`` (per exercise), each written atomically."""
    base.parent.mkdir(parents=True, exist_ok=True)
    key = key_of(base)
    signed = [{**row, "signature": signature(row, key)} for row in rows]
    as_json = base.with_suffix(".json")
    _atomic(
        as_json, json.dumps({"submissions": signed}, indent=1, ensure_ascii=True) + "\n"
    )
    ids = exercise_ids(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["submission", "chapter", "score", "out_of", "problem"]
        + ids
        + [f"{e} message" for e in ids]
    )
    for row in rows:
        results = row.get("exercises", {})
        writer.writerow(
            [
                _cell(shown_name(row["submission"])),
                row.get("chapter") or "",
                row.get("score", 0),
                row.get("out_of", 0),
                _cell(row.get("problem", "")),
            ]
            + [results.get(e, {}).get("status", "") for e in ids]
            + [_cell(results.get(e, {}).get("message", "")) for e in ids]
        )
    as_csv = base.with_suffix(".csv")
    _atomic(as_csv, buffer.getvalue())
    _atomic(Path(str(base) + "-exercises.csv"), exercises_csv(rows))
    return as_json, as_csv


def exercises_csv(rows: list[dict]) -> str:
    """One row per student, one column per exercise (1 passed, else 0), the total and
    the maximum: for a spreadsheet or a gradebook."""
    ids = exercise_ids(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["student", *ids, "total", "maximum"])
    for row in sorted(rows, key=student_of):
        results = row.get("exercises", {})
        marks = [int(results.get(e, {}).get("status") == PASSED) for e in ids]
        writer.writerow(
            [_cell(student_of(row)), *marks, row.get("score", 0), row.get("out_of", 0)]
        )
    return buffer.getvalue()


def _valid(row) -> bool:
    return (
        isinstance(row, dict)
        and isinstance(row.get("submission"), str)
        and isinstance(row.get("sha256"), str)
        and isinstance(row.get("exercises"), dict)
        and all(
            isinstance(r, dict) and r.get("status") in STATUSES
            for r in row["exercises"].values()
        )
        and type(row.get("score")) is int
        and type(row.get("out_of")) is int
    )


def read_gradebook(base: Path) -> dict[str, dict]:
    """The rows of an earlier run by submission path: only the rows this grader
    signed and nobody changed since (none if there is no gradebook or no key)."""
    path = base.with_suffix(".json")
    if not Path(str(base) + ".key").is_file():
        return {}
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))["submissions"]
        key = key_of(base)
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return {}
    if not isinstance(rows, list):
        return {}
    kept = {}
    for row in rows:
        if not _valid(row) or not isinstance(row.get("signature"), str):
            continue
        if hmac.compare_digest(row["signature"], signature(row, key)):
            kept[row["submission"]] = {k: v for k, v in row.items() if k != "signature"}
    return kept


def exercise_ids_argument(text: str) -> list[str]:
    """``--exercises 2.1,2.3``: ids of the catalog, in book order."""
    from helpers import exercises as catalog

    wanted = [part.strip() for part in text.split(",") if part.strip()]
    try:
        chosen = {catalog.get(e).id for e in wanted}
    except KeyError as exc:
        raise argparse.ArgumentTypeError(exc.args[0]) from None
    return [e.id for e in catalog.all() if e.id in chosen]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m teach.grade",
        description="Grade submitted notebooks of the book, each in a sandbox of its "
        "own (bubblewrap).",
    )
    parser.add_argument("paths", nargs="+", type=Path, help="notebooks or folders")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("grades"),
        help="gradebook base name: writes OUT.json, OUT.csv and OUT-exercises.csv, "
        "and keeps its key in OUT.key (default: grades)",
    )
    parser.add_argument(
        "--chapter", type=int, help="the chapter (default: read from each notebook)"
    )
    parser.add_argument(
        "--exercises",
        type=exercise_ids_argument,
        help="grade only these exercises, the ones assigned (comma-separated ids: "
        "2.1,2.3; default: every exercise of the chapter)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=Limits.seconds,
        help="seconds for one run of a submission, the kernel's start and the "
        "grader's probe included (default: %(default)g)",
    )
    parser.add_argument(
        "--memory",
        type=int,
        default=Limits.memory_mb,
        help="memory of one submission, all its processes together, in MB "
        "(default: %(default)d)",
    )
    parser.add_argument(
        "--jobs", type=int, help="sandboxes at once (default: the cores)"
    )
    parser.add_argument(
        "--sandbox",
        choices=SANDBOXES,
        default="auto",
        help="auto or bwrap: each submission in a bubblewrap sandbox (refuses to run "
        "where bubblewrap cannot make one); none: no sandbox, only for a grader "
        "that is itself in a throwaway container or account (default: auto)",
    )
    parser.add_argument(
        "--regrade", action="store_true", help="grade again what was already graded"
    )
    parser.add_argument(
        "--verbose", action="store_true", help="every message, for every submission"
    )
    args = parser.parse_args(argv)
    paths = submissions(args.paths)
    if not paths:
        parser.error("no notebooks found")
    known = {} if args.regrade else read_gradebook(args.out)
    try:
        rows = grade_all(
            paths,
            chapter=args.chapter,
            limits=Limits(args.timeout, args.memory),
            jobs=args.jobs,
            known=known,
            only=args.exercises,
            sandbox=args.sandbox,
        )
    except NoSandbox as exc:
        print(f"teach.grade: {exc}", file=sys.stderr)
        return 3
    if args.verbose or len(rows) == 1:
        for row in rows:
            print(details(row))
    print(table(rows))
    keep = {**known, **{row["submission"]: row for row in rows}}
    as_json, as_csv = write_gradebook(list(keep.values()), args.out)
    print(clean(f"gradebook: {as_csv}, {as_json} and {args.out}-exercises.csv"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

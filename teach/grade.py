"""Grade submitted notebooks: ``python -m teach.grade SUBMISSION.ipynb [...]``.

Each submission (a file, or every ``.ipynb`` of a folder) runs top to bottom in a fresh
kernel, in a process of its own with a time limit and a memory limit, several at once
(one per core); see :mod:`teach.grading` for what is run and how answers are
checked. The terminal shows progress and a summary table; the gradebook is written as
JSON (every message) and CSV (one row per submission). A re-run skips submissions
already in the gradebook with the same content, unless ``--regrade``.

A submission runs arbitrary code as the user who grades it: grade in a container or a
throwaway account.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from .grading import NOT_ATTEMPTED, NOT_REACHED, PASSED, Limits, grade_to_file, sha256

MARKS = {PASSED: "✓", "failed": "✗", NOT_ATTEMPTED: "·", NOT_REACHED: "–"}


def submissions(paths: list[Path]) -> list[Path]:
    """The notebooks named, folders expanded (sorted), checkpoints left out."""
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p.resolve()
                for p in path.rglob("*.ipynb")
                if ".ipynb_checkpoints" not in p.parts
            )
        else:
            found.append(path.resolve())
    return found


def grade_all(
    paths: list[Path],
    *,
    chapter: int | None = None,
    limits: Limits | None = None,
    jobs: int | None = None,
    known: dict[str, dict] | None = None,
    progress=print,
    only: Sequence[str] | None = None,
) -> list[dict]:
    """Grade ``paths`` in parallel, one process each; rows in the order of ``paths``.

    ``only``: the ids of the exercises to grade (default: all of each submission's
    chapter). ``known`` maps a submission's path to its earlier row: a row whose
    ``sha256`` still matches the file, graded on the same exercises, is reused instead
    of grading again.
    """
    jobs = jobs or os.cpu_count() or 1
    limits = limits or Limits()
    only = list(only) if only else None
    rows: dict[int, dict] = {}
    todo = []
    for k, path in enumerate(paths):
        earlier = (known or {}).get(str(path))
        if (
            earlier
            and path.is_file()
            and earlier.get("sha256") == sha256(path)
            and earlier.get("only") == only
        ):
            rows[k] = earlier
            progress(f"[{len(rows)}/{len(paths)}] {path.name}: already graded")
        elif not path.is_file():
            rows[k] = _failed_row(path, chapter, "no such file")
        else:
            todo.append(k)
    running: dict[int, tuple] = {}
    with tempfile.TemporaryDirectory(prefix="grades-") as tmp:
        try:
            _schedule(
                paths, todo, running, rows, tmp, jobs, (chapter, limits, only), progress
            )
        finally:  # interrupted: stop every worker and its kernel
            for process, _, _ in running.values():
                _stop(process)
    return [rows[k] for k in range(len(paths))]


def _schedule(paths, todo, running, rows, tmp, jobs, task, progress):
    """Start workers up to ``jobs`` at a time; collect each row as its worker ends.

    ``task`` is ``(chapter, limits, only)``, what every worker is given."""
    import multiprocessing

    chapter, limits, _ = task
    context = multiprocessing.get_context("spawn")
    hard = 2 * limits.seconds + 120  # the kernel's own limits act long before
    while todo or running:
        while todo and len(running) < jobs:
            k = todo.pop(0)
            out = Path(tmp) / f"{k}.json"
            process = context.Process(
                target=grade_to_file,
                args=(str(paths[k]), str(out), *task),
            )
            process.start()
            running[k] = (process, out, time.monotonic())
        time.sleep(0.05)
        for k, (process, out, started) in list(running.items()):
            late = time.monotonic() - started > hard
            if process.is_alive() and not late:
                continue
            if late:
                _stop(process)
            process.join()
            del running[k]
            if out.is_file():
                rows[k] = json.loads(out.read_text(encoding="utf-8"))
            else:
                why = "took too long" if late else f"exit code {process.exitcode}"
                rows[k] = _failed_row(paths[k], chapter, f"the grader's process {why}")
            row = rows[k]
            progress(
                f"[{len(rows)}/{len(paths)}] {paths[k].name}: "
                f"{row.get('score', 0)}/{row.get('out_of', 0)} passed"
                + (f"; {row['problem']}" if row.get("problem") else "")
                + f" ({row.get('seconds', 0):.0f} s)"
            )


def _stop(process) -> None:
    import signal

    try:
        os.killpg(process.pid, signal.SIGKILL)  # the worker and anything it started
    except OSError:
        process.kill()


def _failed_row(path: Path, chapter: int | None, problem: str) -> dict:
    return {
        "submission": str(path),
        "sha256": "",
        "chapter": chapter,
        "problem": problem,
        "exercises": {},
        "score": 0,
        "out_of": 0,
        "seconds": 0.0,
    }


def exercise_ids(rows: list[dict]) -> list[str]:
    """Every exercise id in the rows, in book order."""
    ids = {e for row in rows for e in row.get("exercises", {})}
    return sorted(ids, key=lambda e: tuple(int(p) for p in e.split(".")))


def table(rows: list[dict]) -> str:
    """The summary table for the terminal: one line per submission, a mark per exercise."""
    ids = exercise_ids(rows)
    width = max([len("submission")] + [len(Path(r["submission"]).name) for r in rows])
    cols = [max(len(e), 1) for e in ids]
    head = f"{'submission':<{width}}  ch  score  " + "  ".join(
        f"{e:^{c}}" for e, c in zip(ids, cols)
    )
    lines = [head, "-" * len(head)]
    for row in rows:
        marks = [MARKS.get(row["exercises"].get(e, {}).get("status"), " ") for e in ids]
        score = f"{row.get('score', 0)}/{row.get('out_of', 0)}"
        line = (
            f"{Path(row['submission']).name:<{width}}  {row.get('chapter') or '?':>2}  "
            f"{score:>5}  " + "  ".join(f"{m:^{c}}" for m, c in zip(marks, cols))
        )
        if row.get("problem"):
            line += f"  {row['problem']}"
        lines.append(line.rstrip())
    legend = ", ".join(f"{mark} {status}" for status, mark in MARKS.items())
    return "\n".join(lines + [legend])


def details(row: dict) -> str:
    """Every exercise's status and one-line message for one submission."""
    lines = [f"{row['submission']} (chapter {row.get('chapter') or '?'})"]
    if row.get("problem"):
        lines.append(f"  problem: {row['problem']}")
    for e_id, result in row.get("exercises", {}).items():
        lines.append(f"  {e_id:>5}  {result['status']:<13}  {result['message']}")
    return "\n".join(lines)


def write_gradebook(rows: list[dict], base: Path) -> tuple[Path, Path]:
    """``base.json`` (every row, every message) and ``base.csv`` (for a gradebook)."""
    base.parent.mkdir(parents=True, exist_ok=True)
    as_json = base.with_suffix(".json")
    as_json.write_text(
        json.dumps({"submissions": rows}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    ids = exercise_ids(rows)
    as_csv = base.with_suffix(".csv")
    with as_csv.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(
            ["submission", "chapter", "score", "out_of", "problem"]
            + ids
            + [f"{e} message" for e in ids]
        )
        for row in rows:
            results = row.get("exercises", {})
            writer.writerow(
                [
                    row["submission"],
                    row.get("chapter") or "",
                    row.get("score", 0),
                    row.get("out_of", 0),
                    row.get("problem", ""),
                ]
                + [results.get(e, {}).get("status", "") for e in ids]
                + [results.get(e, {}).get("message", "") for e in ids]
            )
    return as_json, as_csv


def read_gradebook(base: Path) -> dict[str, dict]:
    """The rows of an earlier run by submission path (none if there is no gradebook)."""
    path = base.with_suffix(".json")
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))["submissions"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {row["submission"]: row for row in rows if isinstance(row, dict)}


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
        description="Grade submitted notebooks of the book (untrusted code: run this "
        "in a container or a throwaway account).",
    )
    parser.add_argument("paths", nargs="+", type=Path, help="notebooks or folders")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("grades"),
        help="gradebook base name: writes OUT.json and OUT.csv (default: grades)",
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
        help="seconds for all cells of one submission (default: %(default)g)",
    )
    parser.add_argument(
        "--memory",
        type=int,
        default=Limits.memory_mb,
        help="memory of one submission's kernel, in MB (default: %(default)d)",
    )
    parser.add_argument(
        "--jobs", type=int, help="submissions graded at once (default: the cores)"
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
    rows = grade_all(
        paths,
        chapter=args.chapter,
        limits=Limits(args.timeout, args.memory),
        jobs=args.jobs,
        known=known,
        only=args.exercises,
    )
    if args.verbose or len(rows) == 1:
        for row in rows:
            print(details(row))
    print(table(rows))
    keep = {**known, **{row["submission"]: row for row in rows}}
    as_json, as_csv = write_gradebook(list(keep.values()), args.out)
    print(f"gradebook: {as_csv} and {as_json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Gradescope: an autograder bundle for one chapter, and what it runs there.

Gradescope runs one container per submission on its own machines, which is how a
course grades a large class; the container is that submission's sandbox (where
bubblewrap works inside it, the kernel gets one of its own too). Build the bundle::

    python -m teach.gradescope build --chapter 5 --out autograder.zip
    python -m teach.gradescope build --chapter 2 --exercises 2.1,2.3 --out a2.zip

and upload ``autograder.zip`` as the assignment's autograder (choose an Ubuntu base
image with Python 3.11 or newer, as Ubuntu 24.04). It holds:

- ``setup.sh``: installs Python, bubblewrap and the book's pinned requirements into a
  virtual environment ``/autograder/venv``, once, when Gradescope builds the image;
- ``run_autograder``: grades the notebook in ``/autograder/submission`` and writes
  ``/autograder/results/results.json``;
- ``source/``: the book's ``helpers`` and ``teach`` and ``grader.json`` (the chapter,
  the exercises, the limits).

``results.json`` follows Gradescope's specification: the total ``score``, and one
entry per exercise in ``tests`` with ``name``, ``score``, ``max_score``, ``output``
(the check's one-line message) and ``visibility``. ``GRADESCOPE_ROOT`` moves
``/autograder`` elsewhere (the tests run it in a folder laid out the same way), and
``GRADER_PYTHON`` names the Python to use.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq python3 python3-venv python3-pip bubblewrap
PYTHON=$(command -v python3.13 || command -v python3.12 || command -v python3.11 || true)
if [ -z "$PYTHON" ] || ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    apt-get install -y -qq python3.11 python3.11-venv
    PYTHON=python3.11
fi
"$PYTHON" -m venv /autograder/venv
/autograder/venv/bin/pip install --quiet --upgrade pip
/autograder/venv/bin/pip install --quiet -r /autograder/source/requirements.txt
/autograder/venv/bin/pip install --quiet --no-deps -e /autograder/source
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for each submission: results in $ROOT/results/results.json.
ROOT="${GRADESCOPE_ROOT:-/autograder}"
PYTHON="${GRADER_PYTHON:-$ROOT/venv/bin/python}"
cd "$ROOT/source" || exit 1
exec "$PYTHON" -m teach.gradescope run --root "$ROOT"
"""


def _requirements() -> str:
    """The book's pinned requirements, without the editable install of itself."""
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("-e ")) + "\n"


def build(
    chapter: int,
    out: Path,
    exercises: list[str] | None = None,
    seconds: float = 120.0,
    memory_mb: int = 2048,
) -> Path:
    """Write the autograder bundle of ``chapter`` (or of ``exercises``) to ``out``."""
    from helpers import exercises as catalog

    chosen = exercises or [e.id for e in catalog.all() if e.chapter == chapter]
    if not chosen:
        raise ValueError(f"the catalog has no exercise of chapter {chapter}")
    config = {
        "chapter": chapter,
        "exercises": chosen,
        "seconds": seconds,
        "memory_mb": memory_mb,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:

        def add(name: str, text: str, mode: int = 0o644) -> None:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, text)

        add("setup.sh", SETUP, 0o755)
        add("run_autograder", RUN, 0o755)
        add("source/grader.json", json.dumps(config, indent=1) + "\n")
        add("source/requirements.txt", _requirements())
        for name in ("pyproject.toml", "README.md", "LICENSE"):
            add(f"source/{name}", (ROOT / name).read_text(encoding="utf-8"))
        for package in ("helpers", "teach"):
            for path in sorted((ROOT / package).rglob("*.py")):
                relative = path.relative_to(ROOT).as_posix()
                add(f"source/{relative}", path.read_text(encoding="utf-8"))
    return out


def results(row: dict, chosen: list, note: str = "") -> dict:
    """Gradescope's ``results.json`` for one graded row."""
    tests = []
    for entry in chosen:
        result = row.get("exercises", {}).get(entry.id, {})
        passed = result.get("status") == "passed"
        tests.append(
            {
                "name": f"Exercise {entry.id}: {entry.title}",
                "score": 1.0 if passed else 0.0,
                "max_score": 1.0,
                "output": result.get("message", "not graded"),
                "visibility": "visible",
            }
        )
    output = row.get("problem") or "Every exercise was run and checked."
    return {
        "score": float(sum(t["score"] for t in tests)),
        "output": (output + (f" {note}" if note else "")).strip(),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".results.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=True)
    os.replace(tmp, path)


def run(root: Path) -> dict:
    """Grade the notebook in ``root/submission``; write ``root/results/results.json``."""
    from helpers import exercises as catalog

    from . import sandbox as box
    from .grade import grade_all
    from .grading import Limits

    config = json.loads((root / "source" / "grader.json").read_text(encoding="utf-8"))
    chosen = [e for e in catalog.all() if e.id in config["exercises"]]
    notebooks = sorted(
        p
        for p in (root / "submission").rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts and not p.is_symlink()
    )
    out = root / "results" / "results.json"
    if not notebooks:
        row = {"problem": "No notebook (.ipynb) was submitted.", "exercises": {}}
        data = results(row, chosen)
        _write(out, data)
        return data
    note = ""
    if len(notebooks) > 1:
        note = f"Graded {notebooks[0].name}, the first of {len(notebooks)} notebooks."
    # The container is this submission's own; a sandbox inside it where possible.
    sandbox = "bwrap" if not box.problem() else "none"
    try:
        (row,) = grade_all(
            notebooks[:1],
            chapter=config["chapter"],
            limits=Limits(config["seconds"], config["memory_mb"]),
            jobs=1,
            progress=lambda line: None,
            only=config["exercises"],
            sandbox=sandbox,
        )
    except Exception as exc:  # noqa: BLE001 - a result must be written whatever happens
        row = {"problem": f"The grader failed ({type(exc).__name__}).", "exercises": {}}
    data = results(row, chosen, note)
    _write(out, data)
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m teach.gradescope", description=__doc__.splitlines()[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("build", help="write the autograder bundle")
    make.add_argument("--chapter", type=int, required=True)
    make.add_argument(
        "--exercises", help="comma-separated ids (default: the chapter's)"
    )
    make.add_argument("--timeout", type=float, default=120.0)
    make.add_argument("--memory", type=int, default=2048)
    make.add_argument("--out", type=Path, default=Path("autograder.zip"))
    grade = commands.add_parser("run", help="grade a submission (run_autograder)")
    grade.add_argument(
        "--root",
        type=Path,
        default=Path(os.environ.get("GRADESCOPE_ROOT", "/autograder")),
    )
    args = parser.parse_args(argv)
    if args.command == "build":
        from .grade import exercise_ids_argument

        ids = exercise_ids_argument(args.exercises) if args.exercises else None
        out = build(args.chapter, args.out, ids, args.timeout, args.memory)
        print(f"autograder bundle: {out}")
        return 0
    data = run(args.root)
    print(f"score {data['score']:g} of {len(data['tests'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The chapters a change touches, for ``make check``: one notebook path per line.

A change is what differs from the upstream branch (or from the last commit when there
is none), committed or not, plus new files. A chapter is touched when its notebook
changed; every chapter is touched when something they all run or are compared with
changed: ``helpers/``, the nbval sanitize file, the pinned requirements.

Usage: ``python scripts/changed_chapters.py``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted(
    p.relative_to(ROOT).as_posix() for p in (ROOT / "book").glob("[0-9][0-9]_*.ipynb")
)
# A change to any of these can change what every chapter prints.
SHARED = ("helpers/", "tests/nbval_sanitize.cfg", "requirements.txt", "pyproject.toml")


def git(*args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return done.stdout if done.returncode == 0 else ""


def changed_files() -> set[str]:
    base = git("merge-base", "HEAD", "@{upstream}").strip() or "HEAD"
    files = set(git("diff", "--name-only", base).split())
    files |= set(git("ls-files", "--others", "--exclude-standard").split())
    return files


def touched(files: set[str]) -> list[str]:
    if any(f.startswith(SHARED) for f in files):
        return list(CHAPTERS)
    return [c for c in CHAPTERS if c in files]


def main() -> int:
    if not git("rev-parse", "--git-dir"):
        print("\n".join(CHAPTERS))  # not a git checkout: check everything
        return 0
    chapters = touched(changed_files())
    if chapters:
        print("\n".join(chapters))
    return 0


if __name__ == "__main__":
    sys.exit(main())

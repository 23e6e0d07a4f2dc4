"""Is a build there, and newer than what it is built from? For the site and PDF tests.

The website and PDF tests read ``_build/``: testing an old build would pass or fail
for the wrong reasons. ``make book`` marks a finished site build with the file
``_build/html/.built``; the PDF is ``_build/pdf/book.pdf`` itself. A build is stale
when a file it is made from changed after it.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from browser import MISSING, chromium_path  # noqa: E402

SITE_MARK = ROOT / "_build" / "html" / ".built"
PDF = ROOT / "_build" / "pdf" / "book.pdf"

# What the website is built from (the chapters are executed when they change).
SITE_SOURCES = ("book", "_config.yml", "_toc.yml", "_ext", "_templates", "_vendor")
# The PDF executes every chapter afresh, so helpers counts too.
PDF_SOURCES = (*SITE_SOURCES, "helpers", "scripts/build_pdf.py")


def newest_source(sources: tuple[str, ...]) -> tuple[float, str]:
    """The newest modification time among the sources, and that file's path."""
    newest = (0.0, "")
    for name in sources:
        path = ROOT / name
        files = [path] if path.is_file() else path.rglob("*") if path.is_dir() else []
        for f in files:
            if (
                f.is_file()
                and "__pycache__" not in f.parts
                and ".ipynb_checkpoints" not in f.parts
            ):
                newest = max(
                    newest, (f.stat().st_mtime, f.relative_to(ROOT).as_posix())
                )
    return newest


def problem(output: Path, sources: tuple[str, ...], command: str) -> str | None:
    """Why ``output`` cannot be tested (missing or stale), naming ``command``; or None."""
    shown = output.relative_to(ROOT).as_posix()
    if not output.is_file():
        return f"{shown} is missing: build it with `{command}` first"
    when, newest = newest_source(sources)
    if when > output.stat().st_mtime:
        return f"{shown} is older than {newest}: rebuild it with `{command}` first"
    return None


def site_problem() -> str | None:
    return problem(SITE_MARK, SITE_SOURCES, "make book")


def pdf_problem() -> str | None:
    return problem(PDF, PDF_SOURCES, "make pdf")


def browser_problem() -> str | None:
    return None if chromium_path() else MISSING

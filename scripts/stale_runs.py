"""Forget a build's cached chapter runs when what they draw with has changed.

Jupyter Book reuses a chapter's cached run while the chapter's own code is
unchanged, and writes a page again only when its source changes. The figures come
from ``helpers/`` and the pages are finished by ``_ext/``: after a change there, the
cache and the build's saved pages would keep the old ones. So before a build, when
a ``.py`` file in either folder is newer than the build's stamp, the cache and the
saved pages go and every chapter runs again.

Usage: ``python scripts/stale_runs.py BUILD_FOLDER`` (``make book`` runs it on
``_build``; ``scripts/build_pdf.py`` on the PDF's own build).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ("helpers", "_ext")
STAMP = ".inputs"


def forget_stale_runs(build: Path, root: Path = ROOT) -> bool:
    """Remove ``build``'s cached runs and saved pages if ``helpers/`` or ``_ext/``
    changed since the last call; stamp ``build`` either way. True if removed."""
    stamp = build / STAMP
    stale = False
    if stamp.is_file():
        newest = max(
            (p.stat().st_mtime for d in INPUTS for p in (root / d).rglob("*.py")),
            default=0.0,
        )
        stale = newest > stamp.stat().st_mtime
        if stale:
            print("helpers/ or _ext/ changed: running every chapter again", flush=True)
            shutil.rmtree(build / ".jupyter_cache", ignore_errors=True)
            shutil.rmtree(build / ".doctrees", ignore_errors=True)
    build.mkdir(parents=True, exist_ok=True)
    stamp.touch()
    return stale


if __name__ == "__main__":
    forget_stale_runs(Path(sys.argv[1]))

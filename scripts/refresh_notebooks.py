"""Re-execute chapters top to bottom in a fresh kernel and save them with their outputs.

Stored outputs are the regression baseline that nbval compares against, so they must
come from one clean run. Usage::

    python scripts/refresh_notebooks.py                 # every notebook in book/
    python scripts/refresh_notebooks.py book/01_*.ipynb # chosen ones
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def refresh(path: Path) -> float:
    """Run ``path`` in a fresh kernel (cwd: its folder) and save it; return the seconds."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # timestamps of an earlier run
    start = time.perf_counter()
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        record_timing=False,  # no timestamps in the stored notebook
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    # Widget state is only meaningful with a live kernel; the website shows the
    # precomputed player instead, so none is stored.
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "book").glob("*.ipynb"))
    for path in paths:
        print(f"{path.relative_to(ROOT)}: {refresh(path):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

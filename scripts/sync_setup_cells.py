"""Point every chapter's Colab setup cell at this repository and release.

The setup cell installs helpers in Colab from
``git+<repository.url>@v<version>``: the repository comes from ``_config.yml``
(``repository.url``, the one line a fork changes) and the version from
``__version__`` in ``helpers/__init__.py`` (the package's only statement of its
version: ``pyproject.toml`` reads it from there). After changing either, run::

    python scripts/sync_setup_cells.py           # rewrite the setup cells that differ
    python scripts/sync_setup_cells.py --check   # only report; exit 1 if any differs

Only the ``HELPERS = "..."`` string of each chapter's first code cell changes; the
notebooks are written back with ``nbformat.write``, as ``make refresh`` writes them, so
a notebook's diff is that one line.
Remember to push the tag ``v<version>`` so that Colab can install it.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent


def assigned_string(source: str, name: str) -> ast.Constant:
    """The string node assigned to the variable ``name`` in Python ``source``."""
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Assign)
            and [getattr(t, "id", None) for t in node.targets] == [name]
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value
    raise ValueError(f"no string is assigned to {name}")


def helpers_version(root: Path) -> str:
    """``__version__`` of ``helpers/__init__.py``, read without importing helpers."""
    init = (root / "helpers" / "__init__.py").read_text(encoding="utf-8")
    return assigned_string(init, "__version__").value


def helpers_url(root: Path) -> str:
    """``git+<repository.url>@v<version>`` for the checkout at ``root``."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    repository = config["repository"]["url"].rstrip("/").removesuffix(".git")
    return f"git+{repository}@v{helpers_version(root)}"


def helpers_assignment(source: str) -> ast.Constant:
    """The string node assigned to ``HELPERS`` in a setup cell."""
    return assigned_string(source, "HELPERS")


def synced_source(source: str, url: str) -> str:
    """``source`` with the HELPERS string replaced by ``url`` (same quoting, one line)."""
    node = helpers_assignment(source)
    lines = source.splitlines(keepends=True)
    line = lines[node.lineno - 1]
    if node.end_lineno != node.lineno:
        raise ValueError("the HELPERS string should fit on one line")
    # Column offsets are in UTF-8 bytes.
    raw = line.encode()
    start, end = node.col_offset, node.end_col_offset
    lines[node.lineno - 1] = (raw[:start] + f'"{url}"'.encode() + raw[end:]).decode()
    return "".join(lines)


def sync(root: Path, *, write: bool) -> list[Path]:
    """Chapters whose setup cell differs from the configured URL (rewritten if write)."""
    url = helpers_url(root)
    stale = []
    for path in sorted((root / "book").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        setup = next((c for c in nb.cells if c.cell_type == "code"), None)
        if setup is None:
            raise ValueError(f"{path.name} has no setup cell")
        new = synced_source(setup.source, url)
        if new != setup.source:
            stale.append(path)
            if write:
                setup.source = new
                nbformat.write(nb, path)
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report, do not write")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    stale = sync(root, write=not args.check)
    url = helpers_url(root)
    for path in stale:
        verb = "differs from" if args.check else "now installs"
        print(f"{path.relative_to(root)}: setup cell {verb} {url}")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())

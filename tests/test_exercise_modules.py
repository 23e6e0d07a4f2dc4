"""How the exercise catalog's modules fit together (``helpers/exercises/``).

The kinds, the registry and the case builders are modules of their own; the chapters'
modules are listed in the registry and imported on first use; no chapter module
imports another (what they share is in ``common.py`` or ``cases.py``); no module uses
another's private names; and every module but a chapter's catalog stays small.
"""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.exercises import registry

PACKAGE = Path(registry.__file__).resolve().parent
MODULES = sorted(PACKAGE.glob("*.py"))
CHAPTER = re.compile(r"ch\d\d")


def imported(path):
    """``(module, names)`` for each import of ``path``, modules relative to the package."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 1 or module.startswith("helpers.exercises"):
                module = module.removeprefix("helpers.exercises").lstrip(".")
                if not module:  # from . import ch01: the names are modules
                    found += [(a.name, []) for a in node.names]
                    continue
            found.append((module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.name.removeprefix("helpers.exercises.")
                found.append((name, []))
    return found


def test_every_chapter_module_is_listed_in_the_registry():
    """A chapter's module that ``CHAPTERS`` does not list would never be loaded."""
    on_disk = [p.stem for p in MODULES if CHAPTER.fullmatch(p.stem)]
    assert sorted(registry.CHAPTERS) == on_disk


@pytest.mark.parametrize(
    "path", [p for p in MODULES if CHAPTER.fullmatch(p.stem)], ids=lambda p: p.stem
)
def test_no_chapter_module_imports_another(path):
    others = {
        module
        for module, _ in imported(path)
        if CHAPTER.fullmatch(module.split(".")[-1])
    }
    assert not others, f"{path.name} imports {sorted(others)}: share through common.py"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_no_private_name_is_imported_across_modules(path):
    private = [
        f"{module}.{name}"
        for module, names in imported(path)
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not private, f"{path.name} imports private names: {private}"


@pytest.mark.parametrize(
    "path", [p for p in MODULES if not CHAPTER.fullmatch(p.stem)], ids=lambda p: p.stem
)
def test_modules_other_than_the_chapters_stay_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 500, f"{path.name} has {lines} lines: split it"


def test_importing_helpers_loads_no_chapter():
    """The chapters' exercises are built the first time the catalog is asked."""
    code = (
        "import sys, helpers\n"
        "loaded = [m for m in sys.modules if m.startswith('helpers.exercises.ch')]\n"
        "assert not loaded, loaded\n"
        "helpers.check('1.1', None)\n"
        "loaded = {m.rsplit('.', 1)[1] for m in sys.modules\n"
        "          if m.startswith('helpers.exercises.ch')}\n"
        "from helpers.exercises.registry import CHAPTERS\n"
        "assert loaded == set(CHAPTERS), loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)

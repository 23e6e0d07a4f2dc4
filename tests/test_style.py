"""Lint and format: the same ruff rules for helpers, teach, tests and the notebooks."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def ruff(*args):
    exe = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    return subprocess.run([exe, *args], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize(
    "command", [["check"], ["format", "--check"]], ids=["lint", "format"]
)
def test_ruff_is_clean(command):
    result = ruff(
        *command, "helpers", "teach", "tests", "book", "scripts", "conftest.py"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def tracked_files():
    out = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    skip = ("_vendor/mathjax/", "LICENSE-CONTENT")
    return [ROOT / f for f in out.stdout.splitlines() if not f.startswith(skip)]


TEXT_SUFFIXES = {".py", ".md", ".yml", ".yaml", ".toml", ".cfg", ".txt", ".json", ".js"}
TEXT_SUFFIXES |= {".css", ".ipynb", ""}


def test_yaml_and_json_files_parse():
    import json

    import yaml

    for path in tracked_files():
        if path.suffix in (".yml", ".yaml"):
            yaml.safe_load(path.read_text(encoding="utf-8"))
        elif path.suffix in (".json", ".ipynb"):
            json.loads(path.read_text(encoding="utf-8"))


def test_text_files_end_with_one_newline_and_no_trailing_spaces():
    problems = []
    for path in tracked_files():
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT)
        if text and (not text.endswith("\n") or text.endswith("\n\n")):
            problems.append(f"{name}: must end with exactly one newline")
        if path.suffix != ".ipynb":
            for n, line in enumerate(text.splitlines(), 1):
                if line != line.rstrip():
                    problems.append(f"{name}:{n}: trailing whitespace")
    assert not problems, "\n".join(problems)


def test_prose_has_no_common_misspellings():
    """codespell over the files and over the notebooks' markdown cells."""
    import json

    exe = shutil.which("codespell") or str(Path(sys.executable).with_name("codespell"))
    files = [
        str(p)
        for p in tracked_files()
        if p.suffix in {".py", ".md", ".yml", ".toml", ".txt"} and p.is_file()
    ]
    # The errata page quotes the handout's own misspellings, to correct them.
    quoted = ["-L", "necesarily,classifcation,maximimally"]
    result = subprocess.run([exe, *quoted, *files], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    prose = "\n".join(
        "".join(cell["source"])
        for nb in sorted((ROOT / "book").glob("*.ipynb"))
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]
        if cell["cell_type"] == "markdown"
    )
    result = subprocess.run([exe, "-"], input=prose, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

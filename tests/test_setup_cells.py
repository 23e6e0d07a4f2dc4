"""Every chapter opens with the Colab setup cell, pointed at this repository's release.

In Colab the cell installs helpers with ``pip install --no-deps`` from
``git+<repository.url>@v<version>``; anywhere else it must do nothing at all. Both
branches run here for real, in a fresh interpreter with ``subprocess`` patched, so no
test ever installs anything or reaches the network.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11: pytest brings tomli there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))
SYNC = ROOT / "scripts" / "sync_setup_cells.py"
URL = re.compile(r"git\+(?P<repository>https://github\.com/[^@\s]+)@(?P<ref>[^@#\s]+)")

# Runs a setup cell's source (stdin) with every way of starting a process recorded
# instead of run; writes the records to argv[1]. argv[2] == "colab" imports a fake
# google.colab first, as Colab's kernel has imported the real one before any cell runs.
DRIVER = """\
import json, os, subprocess, sys, types

calls = []

def record(name):
    def fake(*args, **kwargs):
        calls.append({"via": name, "args": [list(map(str, args[0]))] if args else [],
                      "kwargs": {k: v for k, v in kwargs.items()
                                 if isinstance(v, (bool, int, str))}})
        return subprocess.CompletedProcess(args[0] if args else [], 0)
    return fake

for name in ("run", "call", "check_call", "check_output", "Popen"):
    setattr(subprocess, name, record("subprocess." + name))
os.system = record("os.system")
if sys.argv[2] == "colab":
    google = types.ModuleType("google")
    google.colab = types.ModuleType("google.colab")
    sys.modules.update({"google": google, "google.colab": google.colab})
source = sys.stdin.read()
exec(compile(source, "<setup cell>", "exec"), {"__name__": "__main__"})
with open(sys.argv[1], "w") as out:
    json.dump({"calls": calls, "executable": sys.executable}, out)
"""


def setup_cell(path: Path):
    nb = nbformat.read(path, as_version=4)
    return next(c for c in nb.cells if c.cell_type == "code")


def helpers_string(source: str) -> str:
    match = re.search(r'^HELPERS = "([^"]+)"$', source, re.MULTILINE)
    assert match, 'the setup cell should assign HELPERS = "git+...@v..."'
    return match.group(1)


def configured_repository() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"].rstrip("/").removesuffix(".git")


VERSION_LINE = re.compile(r'^__version__ = "([^"]+)"$', re.MULTILINE)


def project_version(root: Path = ROOT) -> str:
    """The release: ``__version__`` in helpers/__init__.py, its one stated place."""
    init = (root / "helpers" / "__init__.py").read_text(encoding="utf-8")
    found = VERSION_LINE.findall(init)
    assert len(found) == 1, 'helpers/__init__.py should say __version__ = "X.Y.Z" once'
    return found[0]


# Builds the metadata of the helpers distribution in the folder argv[1], as pip does
# before installing it, and prints its version.
BUILD_METADATA = """\
import os, sys, tempfile
from setuptools import build_meta

os.chdir(sys.argv[1])
with tempfile.TemporaryDirectory() as out:
    info = build_meta.prepare_metadata_for_build_wheel(out)
    with open(os.path.join(out, info, "METADATA"), encoding="utf-8") as metadata:
        version = next(line for line in metadata if line.startswith("Version:"))
print("VERSION", version.split()[1])
"""


def package_version(root: Path) -> str:
    """The version setuptools gives the helpers distribution built from ``root``."""
    result = subprocess.run(
        [sys.executable, "-I", "-c", BUILD_METADATA, str(root)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    # setuptools reports its steps on stdout too; the version is the last line.
    last = result.stdout.splitlines()[-1].split()
    assert last[0] == "VERSION", result.stdout
    return last[1]


def copy_project(target: Path) -> None:
    """What the sync script and a helpers build read, copied to ``target``."""
    for name in ("_config.yml", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, target / name)
    shutil.copytree(ROOT / "book", target / "book")
    for package in ("helpers", "teach"):
        shutil.copytree(
            ROOT / package,
            target / package,
            ignore=shutil.ignore_patterns("__pycache__"),
        )


def run_setup_cell(path: Path, tmp_path: Path, mode: str):
    """Run the cell's source as Colab or Jupyter would; return (process, records)."""
    records = tmp_path / f"{mode}.json"
    process = subprocess.run(
        [sys.executable, "-I", "-c", DRIVER, str(records), mode],
        input=setup_cell(path).source,
        capture_output=True,
        text=True,
        cwd=path.parent,
        timeout=60,
    )
    assert process.returncode == 0, process.stderr
    return process, json.loads(records.read_text())


chapter = pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])


def test_there_are_chapters():
    assert CHAPTERS


@chapter
def test_first_code_cell_is_the_hidden_setup_cell(path):
    cell = setup_cell(path)
    assert re.match(r"#\s*@title Setup\b", cell.source), "Colab form title first"
    assert "remove-cell" in cell.metadata.get("tags", []), "hidden on the website"
    assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, "JupyterLab"
    assert cell.metadata.get("cellView") == "form", "collapsed in Colab"
    assert not cell.get("outputs"), "outside Colab it prints nothing"


@chapter
def test_setup_cell_installs_this_repository_at_this_release(path):
    url = URL.fullmatch(helpers_string(setup_cell(path).source))
    assert url, "HELPERS should be git+https://github.com/OWNER/REPO@vVERSION"
    assert url["repository"] == configured_repository()  # _config.yml repository.url
    assert url["ref"] == "v" + project_version()  # the release tag of helpers


def test_helpers_reports_the_released_version():
    import helpers

    assert helpers.__version__ == project_version()


def test_pyproject_takes_the_version_from_helpers():
    """The version is written once: pyproject.toml has none of its own."""
    with open(ROOT / "pyproject.toml", "rb") as file:
        pyproject = tomllib.load(file)
    assert "version" not in pyproject["project"]
    assert "version" in pyproject["project"]["dynamic"]
    dynamic = pyproject["tool"]["setuptools"]["dynamic"]
    assert dynamic["version"] == {"attr": "helpers.__version__"}


# Builds a wheel of the helpers distribution in the folder argv[1] into argv[2], as pip
# does for the setup cell's install, and prints the files it holds.
BUILD_WHEEL = """\
import os, sys, zipfile
from setuptools import build_meta

source, dist = sys.argv[1:3]  # setuptools rewrites sys.argv
os.chdir(source)
name = build_meta.build_wheel(dist)
with zipfile.ZipFile(os.path.join(dist, name)) as wheel:
    print("FILES", *wheel.namelist())
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> tuple[Path, list[str]]:
    """The helpers wheel built from a copy of the project (teach/ included), as pip
    builds it for the setup cell's install: ``(source, names of its files)``."""
    tmp_path = tmp_path_factory.mktemp("wheel")
    source, dist = tmp_path / "source", tmp_path / "dist"
    source.mkdir()
    copy_project(source)
    result = subprocess.run(
        [sys.executable, "-I", "-c", BUILD_WHEEL, str(source), str(dist)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    files = result.stdout.splitlines()[-1].split()
    assert files[0] == "FILES", result.stdout
    (built,) = dist.glob("*.whl")
    return built, files[1:]


def test_the_helpers_wheel_holds_every_module(wheel):
    """The setup cell installs helpers from a wheel: all of the package must be in it."""
    built, files = wheel
    in_wheel = sorted(f for f in files if not f.startswith("mvcalc4ml_helpers-"))
    modules = sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "helpers").rglob("*.py")
        if "__pycache__" not in path.parts
    )
    assert in_wheel == modules


def test_the_helpers_wheel_holds_no_instructors_kit(wheel):
    """Readers (and Colab) install helpers alone: no teach package, and no code of the
    student edition or the grader anywhere in the wheel."""
    import zipfile

    built, files = wheel
    assert not [f for f in files if f.split("/")[0] == "teach"]
    assert not [f for f in files if Path(f).stem in ("grade", "grading", "student")]
    kit = re.compile(r"nbclient|nbconvert|TagRemovePreprocessor|grade_submission")
    with zipfile.ZipFile(built) as archive:
        for name in [n for n in archive.namelist() if n.endswith(".py")]:
            text = archive.read(name).decode("utf-8", errors="replace")
            assert not kit.search(text), f"{name} holds the instructors' kit"


@chapter
def test_outside_colab_it_prints_nothing_and_installs_nothing(path, tmp_path):
    process, records = run_setup_cell(path, tmp_path, "jupyter")
    assert process.stdout == "" and process.stderr == ""
    assert records["calls"] == []


@chapter
def test_in_colab_it_installs_helpers_alone_with_pip(path, tmp_path):
    process, records = run_setup_cell(path, tmp_path, "colab")
    assert process.stdout == "" and process.stderr == ""
    url = helpers_string(setup_cell(path).source)
    assert records["calls"] == [
        {
            "via": "subprocess.run",
            "args": [
                [
                    records["executable"],
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--no-deps",  # keeps Colab's numpy, matplotlib, ipywidgets
                    url,
                ]
            ],
            "kwargs": {"check": True},
        }
    ]


def sync(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SYNC), "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_sync_script_finds_the_setup_cells_up_to_date():
    result = sync(ROOT, "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_sync_script_points_a_fork_at_its_own_repository(tmp_path):
    """A fork edits repository.url (and a release bumps the version): one command."""
    copy_project(tmp_path)
    config = tmp_path / "_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            configured_repository(), "https://github.com/a-reader/my-fork"
        ),
        encoding="utf-8",
    )
    init = tmp_path / "helpers" / "__init__.py"
    init.write_text(
        VERSION_LINE.sub('__version__ = "9.8.7"', init.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    assert project_version(tmp_path) == "9.8.7"
    # The release number reaches the package built from that checkout too.
    assert package_version(tmp_path) == "9.8.7"

    assert sync(tmp_path, "--check").returncode == 1
    result = sync(tmp_path)
    assert result.returncode == 0, result.stderr
    assert sync(tmp_path, "--check").returncode == 0

    for path in CHAPTERS:
        before = nbformat.read(path, as_version=4)
        after = nbformat.read(tmp_path / "book" / path.name, as_version=4)
        old = next(c for c in before.cells if c.cell_type == "code")
        new = next(c for c in after.cells if c.cell_type == "code")
        assert (
            helpers_string(new.source)
            == "git+https://github.com/a-reader/my-fork@v9.8.7"
        )
        # Nothing but that one string changed.
        assert new.source == old.source.replace(
            helpers_string(old.source), helpers_string(new.source)
        )
        # Written in nbformat's own layout, so the diff is that one line.
        text = (tmp_path / "book" / path.name).read_text("utf-8")
        layout = io.StringIO()
        nbformat.write(after, layout)
        assert text == layout.getvalue()
        lines = path.read_text("utf-8").splitlines(), text.splitlines()
        assert len(lines[0]) == len(lines[1])
        changed = [(a, b) for a, b in zip(*lines) if a != b]
        assert len(changed) == 1, changed
        assert (
            'HELPERS = \\"git+https://github.com/a-reader/my-fork@v9.8.7'
            in changed[0][1]
        )
        new.source = old.source
        assert after == before

"""The Makefile on machines unlike Debian, and what `make check` chooses to re-run."""

from __future__ import annotations

import importlib.util
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAKE = shutil.which("make")


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_program(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


# --------------------------------------------------------------------------------------
# Which browser


def test_chromium_named_by_the_environment_wins(tmp_path, monkeypatch):
    browser = load("browser")
    chrome = fake_program(tmp_path, "my-chrome")
    monkeypatch.setenv("CHROMIUM", str(chrome))
    monkeypatch.setenv("PATH", str(tmp_path))
    fake_program(tmp_path, "chromium")
    assert browser.chromium_path() == str(chrome)


def test_chrome_on_the_path_is_found_when_there_is_no_chromium(tmp_path, monkeypatch):
    browser = load("browser")
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert browser.chromium_path() is None
    chrome = fake_program(tmp_path, "google-chrome")
    assert browser.chromium_path() == str(chrome)


def test_a_named_browser_that_does_not_exist_is_not_used(tmp_path, monkeypatch):
    browser = load("browser")
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "nowhere"))
    assert browser.chromium_path() is None


# --------------------------------------------------------------------------------------
# The Makefile without apt


def run_make(*args: str, path: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [MAKE, "--no-print-directory", "-s", *args],
        cwd=ROOT,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
    )


@pytest.mark.skipif(MAKE is None, reason="make is not installed")
def test_no_browser_and_no_apt_says_what_to_do(tmp_path):
    done = run_make("browser", "CHROMIUM=", "HAVE_APT=", path=str(tmp_path))
    assert done.returncode != 0
    assert "No Chromium or Chrome found" in done.stdout
    assert "CHROMIUM=/path/to/chrome" in done.stdout


@pytest.mark.skipif(MAKE is None, reason="make is not installed")
def test_a_browser_given_needs_no_apt(tmp_path):
    chrome = fake_program(tmp_path, "chrome")
    done = run_make("browser", f"CHROMIUM={chrome}", "HAVE_APT=", path=str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(MAKE is None, reason="make is not installed")
def test_no_node_and_no_apt_says_what_is_missing(tmp_path):
    done = run_make(
        "-B", "node_modules/.installed", "HAVE_APT=", "SUDO=", path=str(tmp_path)
    )
    assert done.returncode != 0
    assert "Node.js >= 18 and npm are missing" in done.stdout


@pytest.mark.skipif(MAKE is None, reason="make is not installed")
def test_an_old_python_is_refused_with_a_message(tmp_path):
    old = tmp_path / "python3"
    old.write_text("#!/bin/sh\n[ \"$1\" = -V ] && echo 'Python 3.8.10'; exit 1\n")
    old.chmod(0o755)
    done = run_make(
        "-B",
        f"VENV={tmp_path / 'venv'}",
        f"{tmp_path / 'venv'}/.installed",
        f"PYTHON={old}",
        path=os.environ["PATH"],
    )
    assert done.returncode != 0
    assert "needs Python 3.11 or newer" in done.stdout
    assert "Python 3.8.10" in done.stdout


# --------------------------------------------------------------------------------------
# make check: the chapters a change touches


def test_a_chapter_change_checks_that_chapter():
    changed = load("changed_chapters")
    chapter = changed.CHAPTERS[2]
    assert changed.touched({chapter, "README.md"}) == [chapter]


def test_a_change_to_helpers_checks_every_chapter():
    changed = load("changed_chapters")
    assert changed.touched({"helpers/numeric.py"}) == changed.CHAPTERS
    assert changed.touched({"tests/nbval_sanitize.cfg"}) == changed.CHAPTERS


def test_a_change_to_the_text_elsewhere_checks_no_chapter():
    changed = load("changed_chapters")
    assert (
        changed.touched({"README.md", "book/notation.md", "tests/test_data.py"}) == []
    )

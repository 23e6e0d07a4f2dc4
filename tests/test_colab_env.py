"""Every chapter runs in a stand-in for Google Colab's runtime, as a Colab reader runs it.

The stand-in is the virtual environment that ``python scripts/colab_env.py`` builds
(Colab's ipywidgets 7.7.1, IPython 7.34, numpy 2.1.3, matplotlib 3.10.0, and a
``google.colab`` that the kernel imports at startup). Each chapter runs top to bottom in
a fresh session on that runtime (as each Colab reader gets a fresh machine), with its
setup cell's own code: the only change is that ``HELPERS`` names the wheel built from
this checkout instead of the GitHub tag, so the cell's ``pip install --no-deps``
really installs helpers, without reaching GitHub, and the chapter imports it in the
same kernel, as in Colab.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from notebook_support import load_colab_env, reader_text, ready_colab_venv

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))

# The versions Colab runs, which the stand-in must reproduce.
COLAB_VERSIONS = {
    "ipywidgets": "7.7.1",
    "numpy": "2.1.3",
    "matplotlib": "3.10.0",
    "IPython": "7.34.0",
    "ipykernel": "6.17.1",
}

PROBE_START = """\
import importlib.util as _util, json as _json, sys as _sys
print(_json.dumps({
    "colab": "google.colab" in _sys.modules,
    "helpers": _util.find_spec("helpers") is not None,
}))
"""

PROBE_SETUP = """\
import json as _json, sys as _sys
print(_json.dumps({
    "colab": "google.colab" in _sys.modules,
    "stand_in": getattr(_sys.modules.get("google.colab"), "STAND_IN", False),
    "executable": _sys.executable,
    "pip": globals().get("pip"),
}))
"""

PROBE_END = """\
import importlib.metadata as _md, json as _json, sys as _sys
import IPython as _IPython, ipykernel as _ipykernel, ipywidgets as _ipywidgets
import matplotlib as _matplotlib, numpy as _numpy
import helpers as _helpers
print(_json.dumps({
    "versions": {m.__name__: m.__version__ for m in (
        _ipywidgets, _numpy, _matplotlib, _IPython, _ipykernel)},
    "helpers_file": _helpers.__file__,
    "helpers_url": _json.loads(
        _md.distribution("mvcalc4ml-helpers").read_text("direct_url.json"))["url"],
}))
"""


colab_env = load_colab_env()


def colab_venv() -> Path:
    """The stand-in environment; fails (never skips) when it is missing or stale."""
    return ready_colab_venv(colab_env)


def text_of(cell) -> str:
    """What a reader reads in a cell's output: streams and text/plain results."""
    return reader_text(cell.get("outputs", []))


def compared_text(cell) -> str:
    return text_of(cell)


def is_check_cell(cell) -> bool:
    return (
        cell.cell_type == "code" and re.search(r'\bcheck\("', cell.source) is not None
    )


def code_cell(source: str, cell_id: str):
    cell = nbformat.v4.new_code_cell(source)
    cell.id = cell_id
    return cell


PROBES = ("probe-start", "probe-setup", "probe-end")


def run_in_colab(path: Path, venv: Path, tmp: Path):
    """Run a chapter in a fresh session's kernel.

    Returns the stored notebook, the executed cells, what the probe cells saw (before
    and right after the setup cell, and at the end), and the helpers wheel.
    """
    stored = nbformat.read(path, as_version=4)
    nb = nbformat.read(path, as_version=4)
    setup = next(c for c in nb.cells if c.cell_type == "code")
    wheel = colab_env.wheel_path(venv)
    setup.source = colab_env.localize_setup_cell(setup.source, str(wheel))
    position = nb.cells.index(setup)
    nb.cells.insert(position + 1, code_cell(PROBE_SETUP, "probe-setup"))
    nb.cells.insert(position, code_cell(PROBE_START, "probe-start"))
    nb.cells.append(code_cell(PROBE_END, "probe-end"))
    session = colab_env.make_session(venv, tmp / "session")
    km = KernelManager(
        kernel_name=colab_env.KERNEL_NAME,
        kernel_spec_manager=KernelSpecManager(
            kernel_dirs=colab_env.kernel_dirs(session)
        ),
    )
    client = NotebookClient(
        nb,
        km=km,
        timeout=300,
        startup_timeout=120,
        allow_errors=True,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    probes = {}
    for cell in (c for c in nb.cells if c.id in PROBES):
        errors = [o for o in cell.outputs if o["output_type"] == "error"]
        assert not errors, f"{cell.id}: {errors[0]['ename']}: {errors[0]['evalue']}"
        probes[cell.id] = json.loads(text_of(cell))
    executed = [c for c in nb.cells if c.id not in PROBES]
    return stored, executed, probes, session, wheel


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Chapters run lazily, once each, shared by the tests below."""
    venv = colab_venv()
    cache = {}

    def get(path: Path):
        if path not in cache:
            tmp = tmp_path_factory.mktemp(f"colab-{path.stem}")
            try:
                cache[path] = run_in_colab(path, venv, tmp)
            except Exception as error:  # report it once per test, run it once
                cache[path] = error
        if isinstance(cache[path], Exception):
            raise cache[path]
        return cache[path]

    return get


chapter = pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])


def test_there_are_chapters():
    assert CHAPTERS, "no chapter notebooks in book/"


def test_environment_is_ready():
    """Missing or stale stand-in: a failure that says how to build it."""
    colab_venv()


@chapter
def test_every_cell_runs_without_error(runs, path):
    _, executed, *_ = runs(path)
    errors = [
        f"cell {c.id}: {out['ename']}: {out['evalue']}"
        for c in executed
        if c.cell_type == "code"
        and "raises-exception" not in c.metadata.get("tags", [])
        for out in c.get("outputs", [])
        if out["output_type"] == "error"
    ]
    assert not errors, "\n".join(errors)


@chapter
def test_check_verdicts_match_the_stored_ones(runs, path):
    stored, executed, *_ = runs(path)
    stored_checks = [compared_text(c) for c in stored.cells if is_check_cell(c)]
    new_checks = [compared_text(c) for c in executed if is_check_cell(c)]
    assert len(new_checks) == len(stored_checks)
    for old, new in zip(stored_checks, new_checks):
        assert old.strip(), "a check cell has no stored verdict"
        assert new == old


@chapter
def test_printed_results_match_the_stored_ones(runs, path):
    """What a Colab reader reads (printed text and text results) is what the page shows.

    The same comparison as nbval's in the main environment, on text only: figures and
    the player's HTML may differ between matplotlib versions.
    """
    stored, executed, *_ = runs(path)
    pairs = [
        (old, new)
        for old, new in zip(
            [c for c in stored.cells if c.cell_type == "code"],
            [c for c in executed if c.cell_type == "code"],
        )
        if "nbval-ignore-output" not in old.metadata.get("tags", [])
    ]
    assert [old.id for old, _ in pairs] == [new.id for _, new in pairs]
    for old, new in pairs:
        assert compared_text(new) == compared_text(old), f"cell {old.id}"


@chapter
def test_setup_cell_took_its_colab_branch(runs, path):
    _, _, probes, _, wheel = runs(path)
    start, seen = probes["probe-start"], probes["probe-setup"]
    # As in Colab: google.colab is imported before any cell, helpers is not there.
    assert start == {"colab": True, "helpers": False}
    assert seen["stand_in"], "google.colab should be the stand-in"
    # `pip` is only assigned inside the `if "google.colab" in sys.modules` branch.
    assert seen["pip"] == [
        seen["executable"],
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        str(wheel),
    ]


@chapter
def test_kernel_has_colabs_versions_and_the_installed_helpers(runs, path):
    _, _, probes, session, wheel = runs(path)
    end = probes["probe-end"]
    assert end["versions"] == COLAB_VERSIONS
    # helpers is what the setup cell installed in this session, not the checkout.
    assert end["helpers_url"] == wheel.as_uri()
    assert Path(end["helpers_file"]).is_relative_to(session)

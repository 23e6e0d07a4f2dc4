"""Test lanes and failure reports, for every pytest run of the project.

Every test belongs to one lane, given as a pytest marker by the file it lives in, so
that one lane can be run alone (``pytest -m unit``; ``make help`` lists the targets):

========== =====================================================================
lane       what it runs
========== =====================================================================
unit       the ``helpers`` package, the exercise catalog, lint, the repository
notebooks  nbval over ``book/`` (each item also marked ``nbval``), every chapter
           under a second floating-point configuration, a local Jupyter server
site       the built website in headless Chromium (needs ``make book``)
pdf        the printed book (needs ``make pdf``)
colab      every chapter in the Colab-like environment, live widgets
grader     the student edition and the grader of submitted notebooks
========== =====================================================================

This file sits at the top of the repository (not in ``tests/``) because nbval's
items are the notebooks in ``book/``, and a conftest applies to what lies below it.

When a notebook's cell fails under nbval, the notebook is written to
``_build/reports/notebooks/`` with the outputs of that run in place of the stored
ones, so the difference can be opened in JupyterLab (CI keeps it as an artifact).
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent
REPORTS = ROOT / "_build" / "reports"

LANES = ("unit", "notebooks", "site", "pdf", "colab", "grader")

# Test files outside the unit lane, by lane (a folder stands for every file in it).
LANE_OF = {
    "tests/site": "site",
    "tests/test_pdf.py": "pdf",
    "tests/test_colab_env.py": "colab",
    "tests/test_widgets_live.py": "colab",
    "tests/test_grade.py": "grader",
    "tests/test_grade_hostile.py": "grader",
    "tests/test_grade_platforms.py": "grader",
    "tests/test_student_edition.py": "grader",
    "tests/test_portable_outputs.py": "notebooks",
    "tests/test_local_jupyter.py": "notebooks",
}


def lane_of(path: Path) -> str:
    """The lane of a collected file: by ``LANE_OF``, notebooks for ``book/``, else unit."""
    try:
        relative = path.resolve().relative_to(ROOT).as_posix()
    except ValueError:  # a file outside the repository
        return "unit"
    if relative.startswith("book/") and relative.endswith(".ipynb"):
        return "notebooks"
    for prefix, lane in LANE_OF.items():
        if relative == prefix or relative.startswith(prefix + "/"):
            return lane
    return "unit"


def pytest_configure(config):
    for lane in LANES:
        config.addinivalue_line("markers", f"{lane}: the {lane} lane (see conftest.py)")
    config.addinivalue_line("markers", "nbval: a notebook cell compared by nbval")


def pytest_collection_modifyitems(config, items):
    for item in items:
        lane = lane_of(Path(str(item.path)))
        item.add_marker(getattr(pytest.mark, lane))
        if _is_nbval_cell(item):
            item.add_marker(pytest.mark.nbval)


def _is_nbval_cell(item) -> bool:
    return type(item).__name__ == "IPyNbCell" and hasattr(item, "test_outputs")


# What each nbval cell printed in this run, by notebook, and which cells failed.
_runs: dict[str, dict] = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not _is_nbval_cell(item) or report.when != "call":
        return
    run = _runs.setdefault(str(item.path), {"nb": item.parent.nb, "outputs": {}})
    index = next(i for i, c in enumerate(run["nb"].cells) if c is item.cell)
    run["outputs"][index] = [nbformat.from_dict(o) for o in item.test_outputs or []]
    if report.failed:
        run.setdefault("failed", []).append(index)


def pytest_sessionfinish(session):
    """Write each notebook with a failed cell, with this run's outputs, to the reports."""
    failed = {path: run for path, run in _runs.items() if run.get("failed")}
    if not failed:
        return
    folder = REPORTS / "notebooks"
    folder.mkdir(parents=True, exist_ok=True)
    for path, run in failed.items():
        nb = copy.deepcopy(run["nb"])
        for index, outputs in run["outputs"].items():
            nb.cells[index].outputs = outputs
        for index in run["failed"]:
            nb.cells[index].metadata.setdefault("tags", []).append("nbval-failed")
        nbformat.write(nb, str(folder / Path(path).name))

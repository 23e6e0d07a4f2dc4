"""Stored notebooks come from one clean top-to-bottom run (`make refresh`).

nbval catches stale outputs (a stored output that a fresh run no longer produces);
these tests catch the rest of what a hand-run notebook leaves behind.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def test_there_are_chapters():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_execution_counts_are_one_clean_run(path):
    counts = [c["execution_count"] for c in code_cells(load(path))]
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name}: execution counts {counts}; run `make refresh NB={path.name}`"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_errors_timestamps_or_widget_state(path):
    nb = load(path)
    assert "widgets" not in nb["metadata"], "widget state stored: run make refresh"
    for i, cell in enumerate(nb["cells"]):
        assert "execution" not in cell.get("metadata", {}), f"cell {i}: run timestamps"
        if cell["cell_type"] != "code":
            continue
        assert "".join(cell["source"]).strip(), f"cell {i} is an empty code cell"
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"cell {i} stores an error"
            text = json.dumps(out)
            assert not re.search(r"/(work|tmp|root|home)/", text), f"cell {i}: a path"
            assert not re.search(r" at 0x[0-9a-f]{6,}", text), f"cell {i}: an address"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_code_cell_has_run(path):
    for i, cell in enumerate(code_cells(load(path))):
        assert cell["execution_count"] is not None, f"code cell {i} never ran"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_solutions_are_collapsed_everywhere(path):
    """Website (hide-cell), JupyterLab (source_hidden) and Colab (form) all hide them."""
    for cell in code_cells(load(path)):
        source = "".join(cell["source"])
        if source.startswith("# @title Solution"):
            meta = cell["metadata"]
            assert "hide-cell" in meta.get("tags", [])
            assert meta.get("jupyter", {}).get("source_hidden") is True
            assert meta.get("cellView") == "form"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_solution_tag_marks_exactly_the_solution_cells(path):
    """The student edition removes, and the grader skips, the cells tagged `solution`."""
    for i, cell in enumerate(load(path)["cells"]):
        titled = "".join(cell["source"]).startswith("# @title Solution")
        tagged = "solution" in cell["metadata"].get("tags", [])
        assert tagged == (titled and cell["cell_type"] == "code"), f"cell {i}"

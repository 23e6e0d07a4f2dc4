"""The routes into the platforms instructors use: Gradescope and Canvas.

The Gradescope bundle is built for the small chapter of ``fixture_chapter``, unpacked
into a folder laid out like Gradescope's ``/autograder`` and run there by its own
``run_autograder``, on a correct submission and on none; ``results.json`` must follow
Gradescope's format. The Canvas merge runs on an export made here.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import fixture_chapter as F
import pytest

from teach import canvas, gradescope
from teach.grade import exercises_csv

ROOT = Path(__file__).resolve().parent.parent


def unpacked(tmp_path: Path) -> Path:
    bundle = gradescope.build(F.CHAPTER, tmp_path / "autograder.zip", F.IDS, 60, 2048)
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as z:
        names = set(z.namelist())
        assert {"setup.sh", "run_autograder", "source/grader.json"} <= names
        assert (
            "source/teach/grade.py" in names and "source/helpers/__init__.py" in names
        )
        z.extractall(root)
        for info in z.infolist():
            os.chmod(root / info.filename, (info.external_attr >> 16) & 0o777)
    assert os.access(root / "run_autograder", os.X_OK)
    (root / "submission").mkdir()
    (root / "results").mkdir()
    return root


def run_autograder(root: Path) -> dict:
    env = {**os.environ, "GRADESCOPE_ROOT": str(root), "GRADER_PYTHON": sys.executable}
    done = subprocess.run(
        [str(root / "run_autograder")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


def valid_results(data: dict) -> None:
    """Gradescope's format: a total, and one test per exercise."""
    assert isinstance(data["score"], float)
    assert len(data["tests"]) == len(F.IDS)
    for test, entry in zip(data["tests"], F.EXERCISES):
        assert set(test) >= {"name", "score", "max_score", "output", "visibility"}
        assert test["name"].startswith(f"Exercise {entry.id}")
        assert test["max_score"] == 1.0 and test["score"] in (0.0, 1.0)
        assert test["visibility"] in (
            "visible",
            "hidden",
            "after_due_date",
            "after_published",
        )
        assert isinstance(test["output"], str) and test["output"]
    assert data["score"] == sum(t["score"] for t in data["tests"])


def test_the_gradescope_bundle_grades_a_submission(tmp_path):
    root = unpacked(tmp_path)
    notebook = root / "submission" / "my_chapter.ipynb"
    notebook.write_text(json.dumps(F.correct()), encoding="utf-8")
    data = run_autograder(root)
    valid_results(data)
    assert data["score"] == len(F.IDS)
    assert all(t["output"].startswith("✅") for t in data["tests"])


def test_the_gradescope_bundle_without_a_notebook_scores_zero(tmp_path):
    root = unpacked(tmp_path)
    (root / "submission" / "notes.txt").write_text("no notebook", encoding="utf-8")
    data = run_autograder(root)
    valid_results(data)
    assert data["score"] == 0.0 and "No notebook" in data["output"]


def test_setup_installs_the_pinned_requirements(tmp_path):
    bundle = gradescope.build(F.CHAPTER, tmp_path / "a.zip", F.IDS)
    with zipfile.ZipFile(bundle) as z:
        setup = z.read("setup.sh").decode()
        requirements = z.read("source/requirements.txt").decode()
    assert "bubblewrap" in setup and "requirements.txt" in setup
    assert "numpy==" in requirements and "-e ." not in requirements


EXPORT = """Student,ID,SIS User ID,SIS Login ID,Section,Chapter 4 (101)
    Points Possible,,,,,7
"Doe, Jane",11,s1,jdoe,A,7
"Roe, Rick",12,s2,rroe@uni.edu,A,5
"Poe, Pat",13,s3,ppoe,B,6
"""


def a_row(name: str, score: int) -> dict:
    return {
        "submission": f"/class/{name}.ipynb",
        "exercises": {
            e.id: {"status": "passed" if k < score else "failed"}
            for k, e in enumerate(F.EXERCISES)
        },
        "score": score,
        "out_of": len(F.IDS),
    }


def test_the_canvas_merge_matches_by_login_or_email_and_reports_the_rest(
    tmp_path, capsys
):
    rows = [
        a_row("05_linear_regression-JDoe", 3),
        a_row("rroe@uni.edu", 1),
        a_row("stranger", 2),
    ]
    (tmp_path / "export.csv").write_text(EXPORT, encoding="utf-8")
    (tmp_path / "grades.json").write_text(
        json.dumps({"submissions": rows}), encoding="utf-8"
    )
    args = [str(tmp_path / "export.csv"), str(tmp_path / "grades.json")]
    args += ["--column", "Chapter 5", "--out", str(tmp_path / "import.csv")]
    assert canvas.main(args) == 0
    assert canvas.main(args + ["--strict"]) == 1
    merged = list(csv.DictReader(io.StringIO((tmp_path / "import.csv").read_text())))
    by_login = {r["SIS Login ID"]: r for r in merged}
    assert by_login["jdoe"]["Chapter 5"] == "3"
    assert by_login["rroe@uni.edu"]["Chapter 5"] == "1"
    assert by_login["ppoe"]["Chapter 5"] == ""
    assert by_login[""]["Chapter 5"] == str(len(F.IDS)), "points possible"
    assert by_login["jdoe"]["Chapter 4 (101)"] == "7", "other columns kept"
    printed = capsys.readouterr().out
    assert "submission matching no student: stranger" in printed
    assert "student with no submission: Poe, Pat" in printed


def test_the_per_exercise_sheet_has_a_row_per_student():
    text = exercises_csv([a_row("bob", 1), a_row("alice", 3)])
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["student", *F.IDS, "total", "maximum"]
    assert lines[1] == ["alice", "1", "1", "1", "3", "3"]
    assert lines[2] == ["bob", "1", "0", "0", "1", "3"]


def test_the_canvas_merge_refuses_what_is_not_an_export():
    with pytest.raises(ValueError, match="not a Canvas gradebook"):
        canvas.merge("a,b\n1,2\n", [], "Chapter 1")

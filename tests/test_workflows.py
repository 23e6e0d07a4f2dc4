"""The CI workflows run exactly the README's commands, so the two cannot drift apart."""

import importlib.util
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def readme_commands() -> set[str]:
    """Every `make ...` command the README shows in its code blocks."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = set()
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            command = line.split("#")[0].strip()
            if command.startswith("make "):
                commands.add(command.split(" NB=")[0])
    commands |= set(re.findall(r"`(make [a-z-]+)`", text))
    return commands


def run_steps(path: Path) -> list[str]:
    """Every command a workflow runs, one per value of its job's matrix."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    steps = []
    for job in data["jobs"].values():
        matrix = job.get("strategy", {}).get("matrix", {})
        for step in job.get("steps", []):
            if "run" not in step:
                continue
            command = step["run"].strip()
            names = re.findall(r"\$\{\{ matrix\.(\w+) \}\}", command)
            if not names:
                steps.append(command)
            for name in names[:1]:
                for value in matrix[name]:
                    steps.append(command.replace(f"${{{{ matrix.{name} }}}}", value))
    return steps


def lanes() -> tuple[str, ...]:
    """The lanes the top-level conftest.py marks tests with."""
    spec = importlib.util.spec_from_file_location("book_lanes", ROOT / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.LANES


def triggers(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as True


def test_the_three_workflows_exist():
    assert {p.name for p in WORKFLOWS} == {"test.yml", "pages.yml", "colab.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_runs_only_readme_commands(path):
    steps = run_steps(path)
    assert steps, f"{path.name} runs nothing"
    assert set(steps) <= readme_commands(), (steps, readme_commands())


def test_pull_requests_run_every_lane_as_a_job():
    path = ROOT / ".github/workflows/test.yml"
    assert "pull_request" in triggers(path)
    assert sorted(run_steps(path)) == sorted(f"make test-{lane}" for lane in lanes())


def test_lane_jobs_restore_caches_and_keep_reports_of_a_failure():
    data = yaml.safe_load((ROOT / ".github/workflows/test.yml").read_text())
    (job,) = data["jobs"].values()
    cached = [s["with"]["path"] for s in job["steps"] if "cache@" in s.get("uses", "")]
    assert "~/.cache/pip" in cached and "_build/.jupyter_cache" in cached
    uploads = {
        s["if"]: s["with"]["path"]
        for s in job["steps"]
        if "upload-artifact@" in s.get("uses", "")
    }
    assert "_build/reports/" in uploads["failure()"]
    assert "_build/screenshots/" in uploads["failure()"]
    # The website lane keeps its screenshots of every page, passed or failed.
    assert uploads["always() && matrix.lane == 'site'"] == "_build/screenshots/"
    # A cached chapter run from older helpers would give pages the old figures.
    (jupyter,) = [
        s
        for s in job["steps"]
        if s.get("with", {}).get("path") == "_build/.jupyter_cache"
    ]
    assert "helpers/**" in jupyter["with"]["key"]
    assert "restore-keys" not in jupyter["with"]


def test_make_test_runs_every_lane():
    """`make test` runs one pytest over tests/ and book/ with no lane filter."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "$(PYTEST) tests book $(NBVAL)" in recipe and " -m " not in recipe
    for lane in lanes():
        assert re.search(rf"^test-{lane}:", makefile, flags=re.M), lane


def test_pages_builds_with_the_readme_book_command_and_deploys():
    path = ROOT / ".github/workflows/pages.yml"
    assert "make book" in run_steps(path)
    text = path.read_text(encoding="utf-8")
    assert "actions/upload-pages-artifact" in text and "actions/deploy-pages" in text
    assert "path: _build/html" in text


def test_colab_run_is_weekly():
    path = ROOT / ".github/workflows/colab.yml"
    assert "schedule" in triggers(path)
    assert run_steps(path) == ["make colab"]


def test_ci_entry_point_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", script, flags=re.M)
    assert "make test" in readme_commands()

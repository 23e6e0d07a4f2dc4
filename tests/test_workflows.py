"""The CI workflows run exactly the README's commands, so the two cannot drift apart."""

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
    commands |= set(re.findall(r"`(make [a-z]+)`", text))
    return commands


def run_steps(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        step["run"].strip()
        for job in data["jobs"].values()
        for step in job.get("steps", [])
        if "run" in step
    ]


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


def test_pull_requests_run_the_readme_test_command():
    path = ROOT / ".github/workflows/test.yml"
    assert "pull_request" in triggers(path)
    assert run_steps(path) == ["make test"]


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

"""Shared by the tests that run notebooks in kernels: the Colab-like environment's
script, and the output sanitizing that nbval applies (tests/nbval_sanitize.cfg)."""

from __future__ import annotations

import configparser
import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_colab_env():
    """scripts/colab_env.py as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "colab_env", ROOT / "scripts" / "colab_env.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ready_colab_venv(colab_env) -> Path:
    """The stand-in environment; fails (never skips) when it is missing or stale."""
    import pytest

    venv = colab_env.selected_venv()
    found = colab_env.problems(venv)
    if found:
        pytest.fail(
            "The Colab stand-in environment is not ready ("
            + "; ".join(found)
            + "). Run `python scripts/colab_env.py` first (make test does).",
            pytrace=False,
        )
    return venv


def _sanitizers() -> list[tuple[re.Pattern, str]]:
    config = configparser.ConfigParser()
    config.read(ROOT / "tests" / "nbval_sanitize.cfg", encoding="utf-8")
    return [
        (re.compile(s["regex"]), s["replace"]) for s in config.values() if "regex" in s
    ]


SANITIZERS = _sanitizers()


def sanitize(text: str) -> str:
    """Apply the replacements nbval applies before comparing outputs."""
    for pattern, replacement in SANITIZERS:
        text = pattern.sub(replacement, text)
    return text

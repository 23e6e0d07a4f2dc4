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


def reader_text(outputs: list) -> str:
    """What a reader reads in a cell's outputs: stdout and text/plain results.

    Consecutive stdout chunks are one text (a kernel may flush a line and its newline
    separately); results are separated by a newline. Sanitized as nbval does.
    """
    parts: list[str] = []
    previous_was_stream = False
    for out in outputs:
        if out["output_type"] == "stream" and out["name"] == "stdout":
            text = out["text"]
            text = "".join(text) if isinstance(text, list) else text
            if previous_was_stream:
                parts[-1] += text
            else:
                parts.append(text)
            previous_was_stream = True
        elif out["output_type"] in ("execute_result", "display_data"):
            text = out["data"].get("text/plain", "")
            parts.append("".join(text) if isinstance(text, list) else text)
            previous_was_stream = False
    return sanitize("\n".join(p.rstrip() for p in parts))

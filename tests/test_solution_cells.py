"""The website's solution cells: the Colab form line is dropped from the code shown."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_ext"))

from solution_cells import without_form_line  # noqa: E402 - _ext is not a package


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        (
            "# @title Solution (click to expand)\ndef f(x):\n    return x",
            "def f(x):\n    return x",
        ),
        ("# @title Solution\n\n# why\nx = 1", "# why\nx = 1"),
        ("def f(x):\n    return x  # @title is not a form here", None),
        ("x = 1\n# @title later is kept", None),
        ("", None),
    ],
)
def test_only_a_first_line_form_title_is_dropped(code, shown):
    assert without_form_line(code) == (code if shown is None else shown)

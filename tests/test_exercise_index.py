"""The exercise index typesets the $...$ parts of an exercise's title."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_ext"))

from docutils import nodes  # noqa: E402
from exercise_index import title_nodes  # noqa: E402 - _ext is not a package


def test_a_plain_title_is_one_text():
    assert [n.astext() for n in title_nodes("Count the cost")] == ["Count the cost"]


def test_formulas_become_math_nodes():
    parts = title_nodes(r"$\nabla_{\mathbf{W}} L$ by hand for a $2 \times 3$ matrix")
    kinds = [type(n) for n in parts]
    assert kinds == [nodes.math, nodes.Text, nodes.math, nodes.Text]
    assert parts[0].astext() == r"\nabla_{\mathbf{W}} L"
    assert parts[3].astext() == " matrix"


def test_an_unpaired_dollar_is_shown_as_text():
    assert [n.astext() for n in title_nodes("costs $5")] == ["costs $5"]

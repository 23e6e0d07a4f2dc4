"""Solution cells on the website: labelled "Solution", without the Colab form line.

A chapter's solution cell is tagged ``solution`` (and ``hide-cell``, so it is
collapsed). myst-nb would label it "Show code cell content" and show its first line,
``# @title Solution (click to expand)``: the comment that makes Colab collapse the cell
into a form, which means nothing on the website. This post-transform runs before
myst-nb wraps hidden cells (priority 199), gives solution cells their own label and
drops that line from the code shown.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

SHOW = "Solution"
HIDE = "Hide the solution"
FORM_LINE = "# @title"


def without_form_line(code: str) -> str:
    """``code`` without a first line that is a Colab form title (and blank lines after it)."""
    first, _, rest = code.partition("\n")
    if not first.lstrip().startswith(FORM_LINE):
        return code
    return rest.lstrip("\n")


def is_solution(node: nodes.Element) -> bool:
    metadata = node.get("cell_metadata") or {}
    return "solution" in (metadata.get("tags") or [])


class LabelSolutionCells(SphinxPostTransform):
    default_priority = 198  # before myst-nb's HideInputCells (199)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for cell in self.document.findall(nodes.container):
            if cell.get("nb_element") != "cell_code" or not is_solution(cell):
                continue
            if cell.get("hide_mode"):
                cell["prompt_show"] = SHOW
                cell["prompt_hide"] = HIDE
            for block in cell.findall(nodes.literal_block):
                code = block.astext()
                trimmed = without_form_line(code)
                if trimmed != code:
                    block.children = [nodes.Text(trimmed)]
                    block.rawsource = trimmed
                break  # the first literal block is the cell's source


def setup(app: Any) -> dict:
    app.add_post_transform(LabelSolutionCells)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

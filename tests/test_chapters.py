"""What the chapters and the exercise catalog must agree on.

Each solution is written once, in the notebook: the catalog's reference of a function
or debug exercise is the solution cell's function copied unchanged, and a debug
exercise's ``given`` is the reader's cell copied unchanged. The tests here prove it by
comparing the two as syntax trees (comments and formatting aside, the function's own
name renamed), so that neither can change without the other.
"""

import ast
import difflib
import inspect
import json
import textwrap
from pathlib import Path

import pytest

from helpers import exercises, notebooks

BOOK = Path(__file__).resolve().parent.parent / "book"
CODE = [e for e in exercises.all() if e.kind in ("function", "debug")]
DEBUG = [e for e in CODE if e.kind == "debug"]


def chapter_notebook(chapter):
    (path,) = BOOK.glob(f"{chapter:02d}_*.ipynb")
    return json.loads(path.read_text(encoding="utf-8"))


def cell_function(nb, index, name):
    """The top-level ``def name(...)`` of cell ``index`` (None: no cell, no such def)."""
    if index is None:
        return None
    tree = ast.parse(notebooks.source(nb["cells"][index]))
    return next(
        (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name),
        None,
    )


def catalog_function(fn):
    """The ``def`` of a catalog function, read from its module's source."""
    (node,) = ast.parse(textwrap.dedent(inspect.getsource(fn))).body
    assert isinstance(node, ast.FunctionDef), f"{fn!r} is not defined with def"
    return node


def code(node):
    """The function as a syntax tree, its own name left out."""
    return ast.dump(ast.FunctionDef(**{**vars(node), "name": "_"}))


def assert_same_code(book, catalog, what, where):
    """``catalog`` (a def) is ``book`` (a def in a notebook cell), or a diff says how not."""
    if code(book) != code(catalog):
        diff = difflib.unified_diff(
            ast.unparse(book).splitlines(),
            ast.unparse(catalog).splitlines(),
            "the notebook",
            where,
            lineterm="",
        )
        pytest.fail(
            f"{what} differ; copy the notebook's code unchanged:\n" + "\n".join(diff)
        )


@pytest.mark.parametrize("entry", exercises.all(), ids=lambda e: e.id)
def test_every_exercise_has_a_statement_stub_check_and_solution(entry):
    """The four cells: a heading, the reader's cell, the check, the collapsed solution."""
    nb = chapter_notebook(entry.chapter)
    assert notebooks.statement_cells(nb, entry.id)
    checks = notebooks.check_cells(nb, entry.id)
    assert len(checks) == 1, f"one check cell for {entry.id}"
    assert len(notebooks.solution_cells(nb, entry.id)) == 1, (
        f"one solution for {entry.id}"
    )
    name = checks[0][1]
    assert name == entry.name, "the check cell passes the reader's own name"
    where = notebooks.locate(nb, entry)
    assert where.stub == where.check - 1, "the stub precedes the check"


@pytest.mark.parametrize("entry", CODE, ids=lambda e: e.id)
def test_the_reference_is_the_books_solution(entry):
    """The catalog's reference is the code of the solution cell's ``name_solution``."""
    nb = chapter_notebook(entry.chapter)
    name = f"{entry.name}_solution"
    book = cell_function(nb, notebooks.locate(nb, entry).solution, name)
    assert book is not None, f"the solution cell of {entry.id} defines no {name}"
    where = f"helpers/exercises/ch{entry.chapter:02d}.py"
    what = f"Exercise {entry.id}: the reference and the solution cell's {name}"
    assert_same_code(book, catalog_function(entry.reference), what, where)


@pytest.mark.parametrize("entry", DEBUG, ids=lambda e: e.id)
def test_the_given_code_is_the_notebooks(entry):
    """The notebook shows exactly the code whose planted mistake the check looks for,
    and the reader's untouched cell is recognised as that code."""
    nb = chapter_notebook(entry.chapter)
    book = cell_function(nb, notebooks.locate(nb, entry).stub, entry.name)
    assert book is not None, f"the reader's cell of {entry.id} defines no {entry.name}"
    where = f"helpers/exercises/ch{entry.chapter:02d}.py"
    what = f"Exercise {entry.id}: the given code and the reader's cell"
    assert_same_code(book, catalog_function(entry.given), what, where)
    namespace = {}
    exec(compile(ast.Module([book], []), "<notebook>", "exec"), namespace)
    result = entry.check(namespace[entry.name])
    assert not result and "still the code as given" in result.message, result.message

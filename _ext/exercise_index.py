"""The exercise index: every exercise of the book, generated from the catalog.

A page that holds the directive ::

    ```{exercise-index}
    ```

gets, when the site is built, a table of every exercise in the catalog
(``helpers.exercises.all()``, in book order) with its chapter, title, kind and a link
to it. The link goes to the exercise's heading in its chapter (``### Exercise 2.3 —
title``), found in the pages as they are read, so the table cannot drift from the
book: an exercise of the catalog that no page has a heading for, or a heading that
the catalog does not know, is a build warning (the build runs with ``-W``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
HEADING = re.compile(r"^Exercise (\d+\.\d+)\s+—\s+(.+)$")
KINDS = {
    "function": "function: write code",
    "value": "value: compute a result",
    "choice": "choice: predict or explain",
    "debug": "debug: repair given code",
}


class exercise_index(nodes.General, nodes.Element):
    """Where the table goes; replaced once every page has been read."""


class ExerciseIndexDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        return [exercise_index()]


def catalog() -> list[Any]:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from helpers import exercises

    return exercises.all()


def _sections(env: Any) -> dict:
    if not hasattr(env, "exercise_sections"):
        env.exercise_sections = {}
    return env.exercise_sections


def collect_headings(app: Any, doctree: nodes.document) -> None:
    """Record each ``Exercise N.k — title`` section of the page just read."""
    docname = app.env.docname
    found = _sections(app.env)
    for section in doctree.findall(nodes.section):
        title = section.next_node(nodes.title)
        match = HEADING.match(title.astext().strip()) if title else None
        if match and section["ids"]:
            found[match.group(1)] = (docname, section["ids"][0], match.group(2))


def purge(app: Any, env: Any, docname: str) -> None:
    found = _sections(env)
    for key in [k for k, (doc, _, _) in found.items() if doc == docname]:
        del found[key]


def merge(app: Any, env: Any, docnames: set[str], other: Any) -> None:
    _sections(env).update(_sections(other))


def always_refresh(app: Any, env: Any, added, changed, removed) -> list[str]:
    """The index page is rebuilt on every build: a chapter's headings may change."""
    return [doc for doc in env.found_docs if _has_index(env, doc)]


def _has_index(env: Any, docname: str) -> bool:
    source = Path(env.doc2path(docname))
    return source.suffix == ".md" and "{exercise-index}" in source.read_text(
        encoding="utf-8"
    )


def _link(app: Any, fromdoc: str, docname: str, anchor: str = "") -> str:
    uri = app.builder.get_relative_uri(fromdoc, docname)
    if uri.startswith("#") and anchor:  # one-page HTML: the section's own id
        return f"#{anchor}"
    return uri + (f"#{anchor}" if anchor else "")


def title_nodes(title: str) -> list[nodes.Node]:
    """A catalog title as text and inline math: ``"$\\nabla_{\\mathbf{W}} L$ by hand"``."""
    parts = title.split("$")
    if len(parts) % 2 == 0:  # an unpaired $: show the title as it is
        return [nodes.Text(title)]
    return [
        nodes.math(part, part) if odd else nodes.Text(part)
        for odd, part in ((k % 2 == 1, part) for k, part in enumerate(parts))
        if part
    ]


def _cell(*children: nodes.Node | str) -> nodes.entry:
    paragraph = nodes.paragraph()
    for child in children:
        paragraph += nodes.Text(child) if isinstance(child, str) else child
    entry = nodes.entry()
    entry += paragraph
    return entry


def _table(app: Any, fromdoc: str, rows: list[list[nodes.entry]]) -> nodes.table:
    headers = ("Exercise", "Title", "Kind", "Chapter")
    table = nodes.table(classes=["exercise-index"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in (10, 45, 20, 25):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    row = nodes.row()
    for text in headers:
        row += _cell(text)
    head += row
    group += head
    body = nodes.tbody()
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            row += cell
        body += row
    group += body
    return table


def fill_index(app: Any, doctree: nodes.document, fromdoc: str) -> None:
    placeholders = list(doctree.findall(exercise_index))
    if not placeholders:
        return
    found = dict(_sections(app.env))
    rows = []
    for exercise in catalog():
        where = found.pop(exercise.id, None)
        if where is None:
            logger.warning(
                "exercise index: Exercise %s (%s) is in the catalog but no page of "
                "the book has its heading '### Exercise %s — ...'",
                exercise.id,
                exercise.title,
                exercise.id,
                location=(fromdoc, None),
                type="exercise_index",
            )
            continue
        docname, anchor, _ = where
        chapter = app.env.titles[docname].astext() if docname in app.env.titles else ""
        link = nodes.reference(
            "", exercise.id, internal=True, refuri=_link(app, fromdoc, docname, anchor)
        )
        to_chapter = nodes.reference(
            "", chapter, internal=True, refuri=_link(app, fromdoc, docname)
        )
        rows.append(
            [
                _cell(link),
                _cell(*title_nodes(exercise.title)),
                _cell(KINDS.get(exercise.kind, exercise.kind)),
                _cell(to_chapter),
            ]
        )
    for exercise_id, (docname, _, title) in sorted(found.items()):
        logger.warning(
            "exercise index: %s has a heading 'Exercise %s — %s' that the exercise "
            "catalog does not have (register it in helpers/exercises)",
            docname,
            exercise_id,
            title,
            location=(fromdoc, None),
            type="exercise_index",
        )
    for placeholder in placeholders:
        placeholder.replace_self(_table(app, fromdoc, rows))


def setup(app: Any) -> dict:
    app.add_node(exercise_index)
    app.add_directive("exercise-index", ExerciseIndexDirective)
    app.connect("doctree-read", collect_headings)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-get-outdated", always_refresh)
    app.connect("doctree-resolved", fill_index)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Small fixes applied to every page as Sphinx writes it.

- Each inline script once: with Sphinx 7.4 an inline script added by an extension can
  be listed twice, and the second copy fails with "Identifier ... has already been
  declared" in the browser console.
- No ipywidgets state: the website shows each interactive figure's frame player, not
  its live widget (see ``nb_mime_priority_overrides`` in ``_config.yml``), so the
  widget state that executing a notebook records is dead weight on the page.
"""

from __future__ import annotations

import re
from typing import Any

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
DESIGN_FILES = ("sphinx-design.min.css", "design-tabs.js")
USES_DESIGN = re.compile(r'class="(?:[^"]*\s)?sd-')


def _script_key(script: Any) -> tuple:
    attributes = getattr(script, "attributes", None) or {}
    items = tuple(sorted((str(k), str(v)) for k, v in attributes.items()))
    return (getattr(script, "filename", None) or "", items)


def tidy_scripts(
    app: Any, pagename: str, templatename: str, context: dict, doctree: Any
):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for script in scripts:
        attributes = getattr(script, "attributes", None) or {}
        if attributes.get("type") == WIDGET_STATE:
            continue
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            kept.append(script)
    context["script_files"] = kept


def _filename(asset: Any) -> str:
    return (getattr(asset, "filename", None) or str(asset)).split("?")[0]


def drop_unused_design(
    app: Any, pagename: str, templatename: str, context: dict, doctree: Any
):
    if USES_DESIGN.search(context.get("body", "")):
        return
    for key in ("css_files", "script_files"):
        if context.get(key):
            context[key] = [
                asset
                for asset in context[key]
                if not _filename(asset).endswith(DESIGN_FILES)
            ]


def setup(app: Any) -> dict:
    app.connect("html-page-context", tidy_scripts, priority=900)
    app.connect("html-page-context", drop_unused_design, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

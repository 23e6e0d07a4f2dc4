"""Small fixes applied to every page as Sphinx writes it.

- Each inline script once: with Sphinx 7.4 an inline script added by an extension can
  be listed twice, and the second copy fails with "Identifier ... has already been
  declared" in the browser console.
- No ipywidgets state: the website shows each interactive figure's frame player, not
  its live widget (see ``nb_mime_priority_overrides`` in ``_config.yml``), so the
  widget state that executing a notebook records is dead weight on the page.
"""

from __future__ import annotations

from typing import Any

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _script_key(script: Any) -> tuple:
    attributes = getattr(script, "attributes", None) or {}
    items = tuple(sorted((str(k), str(v)) for k, v in attributes.items()))
    return (getattr(script, "filename", None) or "", items)


def tidy_scripts(app: Any, pagename: str, templatename: str, context: dict, doctree: Any):
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


def setup(app: Any) -> dict:
    app.connect("html-page-context", tidy_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

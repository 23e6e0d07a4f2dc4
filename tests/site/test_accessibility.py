"""Accessibility of every page: axe-core in light mode, contrast in dark mode, alt text.

axe-core comes from npm (package.json pins it; `npm ci` installs it) and is injected
into the loaded page. Every violation is printed (visible with -s, and in the
failure message), with its impact and first targets, so a failure says what to fix.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

FAILING_IMPACTS = ("serious", "critical")

RUN_AXE = """async (options) => {
    const results = await axe.run(document, options);
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map(n => ({
            target: n.target.join(' '),
            html: n.html.replace(/\\s+/g, ' ').slice(0, 160),
            summary: (n.failureSummary || '').split('\\n').slice(1, 3)
                .map(s => s.trim()).join(' / '),
        })),
    }));
}"""


def _run_axe(page, axe_source, options: dict) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_source))
    return page.evaluate(RUN_AXE, options)


def _describe(violations: list[dict], shown: int = 4) -> str:
    lines = []
    for v in violations:
        lines.append(
            f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} element(s)) "
            f"{v['helpUrl']}"
        )
        for node in v["nodes"][:shown]:
            lines.append(f"    {node['target']}  -- {node['summary']}")
            lines.append(f"        {node['html']}")
        if len(v["nodes"]) > shown:
            lines.append(f"    ... and {len(v['nodes']) - shown} more")
    return "\n".join(lines)


def test_axe_no_serious_violations(page_path, loaded, axe_source):
    violations = _run_axe(loaded(page_path).page, axe_source, {})
    if violations:
        print(f"\naxe on {page_path}:\n{_describe(violations)}")
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert failing == [], (
        f"{page_path}: serious/critical axe violations:\n{_describe(failing)}"
    )


def test_dark_mode_color_contrast(page_path, visit, axe_source):
    page = visit(page_path, dark=True).page
    theme = page.evaluate("() => document.documentElement.dataset.theme")
    assert theme == "dark", f"{page_path}: dark mode did not apply (theme={theme})"
    options = {"runOnly": {"type": "rule", "values": ["color-contrast"]}}
    violations = _run_axe(page, axe_source, options)
    if violations:
        print(
            f"\naxe color-contrast, dark mode, on {page_path}:\n{_describe(violations)}"
        )
    assert violations == [], (
        f"{page_path} (dark mode): color-contrast violations:\n{_describe(violations)}"
    )


# Alt text that says nothing: a file name or path, a bare extension, a generic word.
GENERIC_ALT = re.compile(
    r"^(png|jpe?g|gif|svg|webp|image|img|picture|figure|fig|plot|graph|chart|"
    r"output|untitled|animation|frame|logo|icon|photo|screenshot|alt)\d*$"
    r"|\.(png|jpe?g|gif|svg|webp)$|_images/|^\.\./|^data:",
    re.IGNORECASE,
)


def test_images_have_meaningful_alt(page_path, loaded):
    images = loaded(page_path).page.evaluate(
        """() => Array.from(document.images, img => ({
            alt: img.getAttribute('alt'),
            src: (img.getAttribute('src') || '').slice(0, 90),
            id: img.id,
            where: (img.closest('section[id]') || {}).id || '',
        }))"""
    )
    problems = []
    for img in images:
        alt = (img["alt"] or "").strip()
        src_name = PurePosixPath(img["src"].split("?")[0]).name
        label = f"img{'#' + img['id'] if img['id'] else ''} src={img['src']!r}"
        label += f" in section #{img['where']}" if img["where"] else ""
        if img["alt"] is None:
            problems.append(f"{label}: no alt attribute")
        elif not alt:
            problems.append(f"{label}: empty alt")
        elif GENERIC_ALT.search(alt) or (src_name and alt == src_name):
            problems.append(f"{label}: generic alt {alt!r}")
    assert problems == [], f"{page_path}: images without a real description:\n  " + (
        "\n  ".join(problems)
    )

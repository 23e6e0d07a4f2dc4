"""Full-page screenshots of each chapter in light and dark mode, for humans to look at.

Written to _build/screenshots/<chapter>-light.png and -dark.png.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from sitekit import ROOT, SCREENSHOTS


def test_screenshots(chapter_path, visit):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    stem = PurePosixPath(chapter_path).stem
    for mode in ("light", "dark"):
        opened = visit(chapter_path, dark=mode == "dark")
        theme = opened.page.evaluate("() => document.documentElement.dataset.theme")
        assert theme == mode, f"{chapter_path}: asked for {mode} mode, got {theme}"
        target = SCREENSHOTS / f"{stem}-{mode}.png"
        target.unlink(missing_ok=True)
        opened.page.screenshot(path=str(target), full_page=True, animations="disabled")
        assert target.is_file(), f"{target} was not written"
        data = target.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{target} is not a PNG"
        assert len(data) > 50_000, f"{target} is only {len(data)} bytes"
        print(f"{target.relative_to(ROOT)}: {len(data):,} bytes")

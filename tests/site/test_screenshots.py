"""Full-page screenshots of every page in light and dark mode, on a laptop and on a
phone, for humans to look at (CI keeps them as an artifact).

Written to _build/screenshots/<page>-<width>-light.png and -dark.png.
"""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest
from sitekit import ROOT, SCREENSHOTS


@pytest.mark.parametrize("width", [1280, 360])
def test_screenshots(page_path, visit, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    stem = f"{PurePosixPath(page_path).stem}-{width}"
    for mode in ("light", "dark"):
        opened = visit(page_path, dark=mode == "dark")
        opened.page.set_viewport_size({"width": width, "height": 900})
        theme = opened.page.evaluate("() => document.documentElement.dataset.theme")
        assert theme == mode, f"{page_path}: asked for {mode} mode, got {theme}"
        target = SCREENSHOTS / f"{stem}-{mode}.png"
        target.unlink(missing_ok=True)
        opened.page.screenshot(path=str(target), full_page=True, animations="disabled")
        assert target.is_file(), f"{target} was not written"
        data = target.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{target} is not a PNG"
        assert len(data) > 20_000, f"{target} is only {len(data)} bytes"
        print(f"{target.relative_to(ROOT)}: {len(data):,} bytes")

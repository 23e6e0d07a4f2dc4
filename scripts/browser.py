"""Which Chromium (or Chrome) the website tests and the PDF drive.

``CHROMIUM=/path/to/chrome`` chooses one; otherwise the first of ``chromium``,
``google-chrome-stable``, ``google-chrome`` and ``chromium-browser`` on the PATH.
Debian's ``chromium`` package (``make test`` installs it with apt) provides the first.
"""

from __future__ import annotations

import os
import shutil

NAMES = ("chromium", "google-chrome-stable", "google-chrome", "chromium-browser")
MISSING = (
    "no Chromium or Chrome found: on Debian, `make test` installs one "
    "(apt-get install chromium); elsewhere install Chromium or Chrome, or give its "
    "path with CHROMIUM=/path/to/chrome"
)


def chromium_path() -> str | None:
    """The browser to drive: $CHROMIUM if set, else the first of NAMES on the PATH."""
    chosen = os.environ.get("CHROMIUM", "").strip()
    if chosen:
        return shutil.which(chosen) or (chosen if os.access(chosen, os.X_OK) else None)
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


if __name__ == "__main__":
    path = chromium_path()
    print(path or "")
    raise SystemExit(0 if path else 1)

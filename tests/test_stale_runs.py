"""A build forgets its cached chapter runs after a change to helpers/ or _ext/."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from stale_runs import forget_stale_runs  # noqa: E402 - scripts is not a package


def test_cached_runs_go_only_after_helpers_or_ext_change(tmp_path):
    root, build = tmp_path / "book", tmp_path / "book" / "_build"
    for folder in ("helpers", "_ext", "book"):
        (root / folder).mkdir(parents=True)
    (root / "helpers" / "figures.py").write_text("x = 1\n")
    (root / "_ext" / "site.py").write_text("y = 1\n")
    (root / "book" / "notes.py").write_text("z = 1\n")
    for old in root.rglob("*.py"):  # written long before any build
        os.utime(old, (1_000_000, 1_000_000))

    def cache() -> Path:
        (build / ".jupyter_cache").mkdir(parents=True, exist_ok=True)
        (build / ".doctrees").mkdir(exist_ok=True)
        return build / ".jupyter_cache"

    def touch_later(path: Path) -> None:
        """``path`` changed after the last build: the stamp moves back, not the file
        forward, so the next stamp (now) is newer than every file again."""
        stamp = build / ".inputs"
        now = stamp.stat().st_mtime
        os.utime(stamp, (now - 100, now - 100))
        os.utime(path, (now - 50, now - 50))

    assert forget_stale_runs(build, root) is False  # a first build: nothing to judge
    kept = cache()
    assert forget_stale_runs(build, root) is False and kept.is_dir()
    touch_later(root / "book" / "notes.py")  # not what the chapters draw with
    assert forget_stale_runs(build, root) is False and kept.is_dir()
    for changed in (root / "helpers" / "figures.py", root / "_ext" / "site.py"):
        cache()
        touch_later(changed)
        assert forget_stale_runs(build, root) is True
        assert not (build / ".jupyter_cache").exists()
        assert not (build / ".doctrees").exists()
        assert forget_stale_runs(build, root) is False  # stamped: once is enough

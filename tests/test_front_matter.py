"""The reference pages say what is true of the book as it stands.

- The errata page has a section per chapter that makes corrections; a section says
  "in preparation" exactly while its chapter's notebook does not exist yet.
- The notation page's values of machine epsilon are NumPy's.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
CHAPTER_HEADING = re.compile(r"^## Chapter (\d+): (.+)$", re.M)


def sections(markdown: str) -> dict[int, str]:
    """Chapter number -> the text of its `## Chapter N: ...` section."""
    found = {}
    matches = list(CHAPTER_HEADING.finditer(markdown))
    for match in matches:
        end = markdown.find("\n## ", match.end())
        found[int(match[1])] = markdown[match.start() : end if end > 0 else None]
    return found


def written(number: int) -> bool:
    return any(BOOK.glob(f"{number:02d}_*.ipynb"))


ERRATA = sections((BOOK / "errata.md").read_text(encoding="utf-8"))


def test_errata_has_a_section_for_every_written_chapter():
    chapters = sorted(int(p.name[:2]) for p in BOOK.glob("[0-9][0-9]_*.ipynb"))
    assert chapters, "no chapter notebooks found"
    missing = [n for n in chapters if n not in ERRATA]
    assert missing == [], f"book/errata.md has no '## Chapter N: ...' for {missing}"


@pytest.mark.parametrize("number", sorted(ERRATA), ids=lambda n: f"chapter {n}")
def test_errata_says_in_preparation_only_for_unwritten_chapters(number):
    says = "in preparation" in ERRATA[number]
    if written(number):
        assert not says, (
            f"book/errata.md: Chapter {number} exists now; drop 'in preparation' "
            "from its section and check that the chapter makes each correction listed"
        )
    else:
        assert says, (
            f"book/errata.md: Chapter {number} is not written yet; its section must "
            "say that it is in preparation"
        )


def _power_of_ten(value: float) -> str:
    mantissa, exponent = f"{value:.1e}".split("e")
    return rf"{mantissa} \times 10^{{{int(exponent)}}}"


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
def test_notation_states_numpys_machine_epsilon(dtype):
    text = (BOOK / "notation.md").read_text(encoding="utf-8")
    info = np.finfo(dtype)
    assert _power_of_ten(float(info.eps)) in text, (
        f"book/notation.md should give machine epsilon of {info.dtype} as "
        f"${_power_of_ten(float(info.eps))}$"
    )
    assert rf"2^{{{-info.nmant}}}" in text, f"2^{-info.nmant} for {info.dtype}"

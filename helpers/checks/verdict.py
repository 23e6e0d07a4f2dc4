"""The verdict of a check and the formatting every message shares."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

PASS, FAIL, TODO = "✅", "❌", "⏳"


@dataclass(frozen=True)
class CheckResult:
    """The verdict of a check: ``passed`` and a one-line, deterministic ``message``.

    Truthy exactly when the check passed; a notebook displays it as its message.
    """

    passed: bool
    message: str

    def __bool__(self) -> bool:
        return bool(self.passed)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return self.message

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(self.message)


def relative_error(a: Any, n: Any, tiny: float = 1e-12) -> np.ndarray:
    """Standard relative error ``|a - n| / max(tiny, |a| + |n|)``, entry by entry.

    It is symmetric, at most 1 when the two values differ, and 1 exactly when one of
    them is zero or they have opposite signs.
    """
    a = np.asarray(a, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    return np.abs(a - n) / np.maximum(tiny, np.abs(a) + np.abs(n))


def fmt(value: float, digits: int = 4) -> str:
    """A number as a reader wants to see it: 4 decimals, or scientific when tiny or huge."""
    value = float(value)
    if value == 0.0:
        return "0." + "0" * digits
    if not math.isfinite(value):
        return str(value)
    if 1e-2 <= abs(value) < 1e4:
        return f"{value:.{digits}f}"
    return f"{value:.{max(digits - 1, 1)}e}"


def fmt_pair(a: float, b: float) -> tuple[str, str]:
    """Two numbers that differ, printed with just enough digits to show that they do.

    Two whole numbers (a count) print as whole numbers.
    """
    a, b = float(a), float(b)
    if (
        all(v.is_integer() and abs(v) < 1e9 for v in (a, b))
        and max(abs(a), abs(b)) >= 1
    ):
        return str(int(a)), str(int(b))
    for digits in range(4, 18):
        shown = fmt(a, digits), fmt(b, digits)
        if shown[0] != shown[1] or float(a) == float(b):
            return shown
    return repr(float(a)), repr(float(b))


def fmt_error(rtol: float) -> str:
    """The bound a passing check proved, for its message: ``"< 1e-06"``.

    A passing answer's error is at most the tolerance ``rtol``; the message prints
    that bound and never the error itself, whose last digits are round-off and differ
    from one CPU, BLAS build or numpy version to the next. So a stored verdict reads
    the same on every machine.
    """
    return f"< {float(rtol):.0e}"


def plain_error(a: float, n: float) -> str:
    """The standard relative error |a - n| / (|a| + |n|) for a message (at most 1)."""
    return f"{float(relative_error(a, n, 1e-300)):.1e}"


def sentence(text: str) -> str:
    """``text`` ending with one full stop (or the question mark it already has)."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!")) else text + "."


def ordinal(k: int) -> str:
    """0 -> "first", 1 -> "second", ...: how a message names a tuple's entries."""
    words = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh")
    return words[k] if k < len(words) else f"{k + 1}th"

"""What a check can say about a wrong value without giving the right one away.

A value exercise (a number or an array the reader works out and passes) must not print
its expected value: a reader who guessed once could copy it. So where a function's
check says "your df_dy gives 0.73; finite differences give -0.11", a value's check
diagnoses, in this order: a unit vector that is not one (or points the other way);
an answer rounded to too few significant digits; a wrong sign; a recognisable factor
(2, N, a power of 10, and their inverses); a wrong order of magnitude; and otherwise
which entries are wrong. Known misconceptions are named before any of this, by the
exercise itself.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from ..validate import index_tuple
from .compare import Layout, Reading, entry_text, tolerances
from .verdict import fmt, relative_error

STANDARD_FACTORS: tuple[tuple[str, float], ...] = (
    ("2", 2.0),
    *((f"{10**k:,}", float(10**k)) for k in range(1, 7)),
)
"""Factors any value may be off by: a factor 2, and a misplaced decimal point."""


def diagnose_value(
    got: Reading,
    want: Sequence[np.ndarray],
    layout: Layout,
    rtol: float,
    tiny: float,
    factors: Mapping[str, float] | None = None,
) -> str:
    """What is wrong with the reader's value ``got``, without showing ``want``.

    The first wrong part is diagnosed. ``factors`` names the exercise's own
    recognisable factors (``{"N": 150}``): a value off by one of them, or its inverse,
    is reported as "N = 150 times too large".
    """
    rtol, tiny = tolerances(got.precision, rtol, tiny)
    named = tuple(
        (f"{k} = {fmt_count(v)}", float(v)) for k, v in (factors or {}).items()
    )
    for k, (g, w) in enumerate(zip(got.parts, want)):
        if np.all(relative_error(g, w, tiny) <= rtol):
            continue
        name = layout.names[k]
        return _diagnose_part(g, w, name, rtol, tiny, named + STANDARD_FACTORS)
    raise ValueError("diagnose_value needs a wrong value")


def fmt_count(value: float) -> str:
    """``150`` for a whole number, else the usual format."""
    return str(int(value)) if float(value).is_integer() else fmt(value)


def _diagnose_part(g, w, name, rtol, tiny, factors) -> str:
    bad = relative_error(g, w, tiny) > rtol
    what = name if g.ndim == 0 else f"every entry of {name}"
    digits = _too_few_digits(g, w, bad, name, rtol, tiny)
    if digits:
        return digits
    if _is_unit_vector(w):
        return _unit_vector(g, w, name, rtol, tiny)
    flipped = relative_error(g, -w, tiny) <= 10 * rtol
    if np.all(flipped[bad]) and np.any(w[bad] != 0):
        if g.ndim == 0 or np.all(bad):
            return f"{what} has the wrong sign"
        return f"{name} has the wrong sign in {_entries(bad, name)}"
    scaled = _factor(g, w, rtol, tiny, factors)
    if scaled:
        label, factor = scaled
        sign = " and has the wrong sign" if factor < 0 else ""
        if abs(factor) > 1:
            return f"{what} is {label} times too large{sign}{_decimal(label)}"
        return f"{what} is {label} times too small{sign}{_decimal(label)}"
    size_g, size_w = float(np.linalg.norm(g)), float(np.linalg.norm(w))
    overall = "" if g.ndim == 0 else " overall"
    if size_w > 0 and size_g >= 10 * size_w:
        return f"{name} is more than 10 times too large{overall}: check the order of magnitude"
    if size_w > 0 and size_g <= size_w / 10:
        return f"{name} is more than 10 times too small{overall}: check the order of magnitude"
    if g.ndim == 0:
        return f"{name} is not right"
    return f"{name} is not right in {_entries(bad, name)}"


def _entries(bad: np.ndarray, name: str) -> str:
    """``the entry grad_W[0, 2]``, or ``4 of its 6 entries (the first grad_W[0, 2])``."""
    first = entry_text(name, index_tuple(np.argwhere(bad)[0]))
    if int(bad.sum()) == 1:
        return f"one entry, {first}"
    return f"{int(bad.sum())} of its {bad.size} entries (the first {first})"


def _decimal(label: str) -> str:
    return (
        ": check the decimal point" if label.replace(",", "").startswith("10") else ""
    )


def _is_unit_vector(w: np.ndarray) -> bool:
    return w.ndim == 1 and w.size >= 2 and abs(float(np.linalg.norm(w)) - 1.0) < 1e-6


def _unit_vector(g, w, name, rtol, tiny) -> str:
    length = float(np.linalg.norm(g))
    if abs(length - 1.0) > rtol:
        shown = fmt(length) if fmt(length) != "1.0000" else f"{length:.8f}"
        return (
            f"{name} is not a unit vector: its length is {shown}, not 1 "
            f"(divide a vector by np.linalg.norm of it)"
        )
    if np.all(relative_error(g, -w, tiny) <= 10 * rtol):
        return f"{name} is a unit vector but points the opposite way"
    return f"{name} is a unit vector, but not in the right direction"


def significant_digits(value: float) -> int:
    """The significant digits a number was written with: 0.128 has 3, 1200.0 has 2."""
    text = repr(abs(float(value))).split("e")[0]
    digits = text.replace(".", "").strip("0")
    return max(len(digits), 1)


def _rounded(value: float, digits: int) -> float:
    return float(f"{value:.{digits - 1}e}")


def digits_needed(w: np.ndarray, rtol: float, tiny: float) -> int:
    """The fewest significant digits with which every entry of ``w`` passes."""
    for digits in range(1, 18):
        shown = np.array([_rounded(v, digits) for v in w.ravel()]).reshape(w.shape)
        if np.all(relative_error(shown, w, tiny) <= rtol):
            return digits
    return 17


def _too_few_digits(g, w, bad, name, rtol, tiny) -> str:
    """An answer that is the right one rounded to too few digits, if it is one."""
    if np.all(np.round(w) == w):  # counts and whole entries: no digits to round
        return ""
    need = digits_needed(w, rtol, tiny)
    used = 0
    for gv, wv in zip(g[bad].ravel(), w[bad].ravel()):
        d = significant_digits(gv)
        if d >= need or gv == 0 or not math.isfinite(gv):
            return ""
        step = 0.5 * 10 ** (math.floor(math.log10(abs(gv))) - d + 1)
        if abs(gv - wv) > step * (1 + 1e-9):
            return ""
        used = max(used, d)
    where = "" if g.ndim == 0 else " (in some entries)"
    unit = "digit" if used == 1 else "digits"
    return (
        f"{name} has only {used} significant {unit}{where}: give at least {need} "
        f"(or store the value your code computes, unrounded)"
    )


def _factor(g, w, rtol, tiny, factors) -> tuple[str, float] | None:
    """``("2", 2.0)`` when ``g`` is ``w`` times a recognisable factor (or its inverse)."""
    if not np.any(w != 0):
        return None
    for label, factor in factors:
        for c, shown in ((factor, label), (1 / factor, label)):
            for signed in (c, -c):
                if np.all(relative_error(g, signed * w, tiny) <= 10 * rtol):
                    return shown, signed
    return None


__all__ = [
    "STANDARD_FACTORS",
    "diagnose_value",
    "digits_needed",
    "significant_digits",
]

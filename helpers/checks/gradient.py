"""``gradient_check``: an analytic gradient against finite differences, at any size.

The point may be an array of any shape or a dict of named arrays (a network's
parameters); a failure names the entry (``entry (12, 3)``, or ``W1[2, 0]``).
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..numeric import DEFAULT_STEP, Point, Probe, check_step
from .compare import Layout, read_answer
from .reader import ReaderError, describe_exception, reader_line
from .verdict import (
    FAIL,
    PASS,
    CheckResult,
    fmt_error,
    fmt_pair,
    plain_error,
    relative_error,
    sentence,
)

RTOL = 1e-5
"""An entry passes when its relative error is at most this (see :func:`relative_error`)."""

TIE = 1e-6
"""Two errors closer than this, relatively, are a tie, broken by the lower index."""

ROUNDOFF = 1e-14
"""Allowance for round-off: a finite difference with step ``h`` of a function of size
``|f|`` is trusted to about ``ROUNDOFF * max(1, |f|) / h`` (some 50 units of the last
place of f, divided by h). Differences below that never fail a check, so a derivative
that is truly zero passes; anything larger than ``RTOL`` relative fails.
"""

FULL_CHECK_LIMIT = 1000
"""Up to this many entries, :func:`gradient_check` compares every entry."""


def gradient_check(
    f: Callable[[Any], Any],
    grad: Any,
    x: Any,
    *,
    h: float = DEFAULT_STEP,
    rtol: float = RTOL,
    n_probes: int = 10,
    n_entries: int = 10,
    full_check_limit: int = FULL_CHECK_LIMIT,
    seed: int = 0,
    name: str = "gradient",
) -> CheckResult:
    """Compare an analytic gradient of a scalar function with finite differences.

    Entry ``i`` passes when ``|a_i - n_i| <= max(rtol * (|a_i| + |n_i|), atol)``: the
    standard relative error ``|a - n| / (|a| + |n|)`` is at most ``rtol`` (default
    1e-5), or the difference is within round-off, ``atol = 1e-14 * max(1, |f(x)|) / h``
    for the step ``h`` used, so that a derivative that is truly zero passes.

    With at most ``full_check_limit`` entries every entry is compared (two evaluations
    of ``f`` per entry, step ``h``). Beyond that, the check stays fast: it compares
    ``grad . u`` with the directional derivative of ``f`` along ``n_probes`` random
    unit directions ``u`` with entries ``±1/sqrt(size)`` (two evaluations each) and
    checks ``n_entries`` sampled entries. Probes use the step ``h * sqrt(size)``,
    so each entry still moves by about ``h`` while round-off, which grows with
    ``|f|``, stays small against the directional derivative. A failing direction is
    narrowed down by bisection (about ``4 * log2(size)`` evaluations) to one wrong
    entry, which the message names.

    Parameters
    ----------
    f : callable
        Scalar function of one argument shaped like ``x``: an array, or a dict of
        arrays with ``x``'s keys.
    grad : array_like, dict, or callable
        The analytic gradient at ``x``, shaped like ``x`` (a dict with the same keys
        when ``x`` is a dict), or a function returning it from ``x``.
    x : array_like or dict of array_like
        The point, for example ``{"W1": W1, "b1": b1, "W2": W2, "b2": b2}``.
    seed : int
        Seeds the random directions and sampled entries, so the verdict is repeatable.
    name : str
        What the message calls the gradient.

    Returns
    -------
    CheckResult
        Never raises for a wrong ``grad``: missing keys, shape mismatches (with a hint
        when transposed), NaN, and wrong entries become a failed result.
    """
    try:
        check_step(h)
        point = Point(x)
        probe = Probe(f, point)
        f0 = probe.value()
        g = _analytic_gradient(grad, point, name)
    except ReaderError as problem:
        return CheckResult(False, f"{FAIL} {sentence(str(problem))}")
    except Exception as exc:
        return _cannot_check(name, exc, f)
    scale = ROUNDOFF * max(1.0, abs(f0)) / rtol  # floor of |a| + |n| per unit step
    try:
        if point.size <= full_check_limit:
            return _check_every_entry(probe, g, h, rtol, scale / h, name)
        return _check_by_probes(
            probe, g, h, rtol, scale, name, n_probes, n_entries, seed
        )
    except Exception as exc:
        return _cannot_check(name, exc, f)


def _cannot_check(name: str, exc: Exception, f: Any) -> CheckResult:
    return CheckResult(
        False, f"{FAIL} cannot check {name}: {sentence(_reason(exc, f))}"
    )


def _reason(exc: Exception, f: Any) -> str:
    """Our own clear errors as they are; an exception from inside f, named as such."""
    code = getattr(f, "__code__", None)
    if reader_line(exc.__traceback__, code) is not None:
        return f"f raised {describe_exception(exc, code)}"
    if isinstance(exc, (TypeError, ValueError)) and str(exc):
        return str(exc)
    return describe_exception(exc)


def _layout(point: Point, name: str) -> Layout:
    if point.keys is None:
        return Layout("single", (0,), (name,), (point.shapes[0],), ("x",))
    keys = tuple(point.keys)
    return Layout(
        "dict",
        keys,
        tuple(f"{name}[{k!r}]" for k in keys),
        tuple(point.shapes),
        tuple(str(k) for k in keys),
    )


def _analytic_gradient(grad: Any, point: Point, name: str) -> np.ndarray:
    """The analytic gradient as one flat float64 vector in the point's entry order."""
    if callable(grad):
        try:
            grad = grad(point.argument(point.flat.copy()))
        except Exception as exc:
            raise ReaderError(
                f"{name} function raised {describe_exception(exc)}"
            ) from None
    reading = read_answer(grad, _layout(point, name), name, returned=False)
    return np.concatenate([p.reshape(-1) for p in reading.parts])


def _check_every_entry(probe: Probe, g, h, rtol, tiny, name) -> CheckResult:
    point = probe.point
    n = np.array([probe.entry(i, h) for i in range(point.size)])
    err = relative_error(g, n, tiny)
    max_err = float(np.max(err))
    # The worst entry, and among entries as wrong as it up to round-off the first: a
    # uniform mistake (a missing factor) names the same entry on every machine.
    worst = int(np.argmax(err >= max_err * (1.0 - TIE)))
    if max_err <= rtol:
        count = f"{point.size:,} entr{'y' if point.size == 1 else 'ies'}"
        return CheckResult(
            True,
            f"{PASS} {name} matches finite differences at all {count} "
            f"(max rel. error {fmt_error(rtol)}).",
        )
    wrong = err > rtol
    notes = f"{int(np.sum(wrong))} of {point.size:,} entries wrong"
    if point.keys is not None:
        parts = point.parts(wrong)
        bad = [str(k) for k, p in zip(point.keys, parts) if np.any(p)]
        notes += f", in {', '.join(bad)}"
    return _entry_failure(point, g, n[worst], worst, name, notes)


def _entry_failure(
    point: Point, g, n: float, flat_index: int, name, notes
) -> CheckResult:
    where = point.entry_name(flat_index)
    a_text, n_text = fmt_pair(g[flat_index], n)
    return CheckResult(
        False,
        f"{FAIL} {name} is wrong{' at ' + where if where else ''}: analytic {a_text}, "
        f"finite differences {n_text} (rel. error {plain_error(g[flat_index], n)}; "
        f"{notes}).",
    )


def _random_signs(rng: np.random.Generator, size: int) -> np.ndarray:
    """A random vector of +1 and -1 (a Rademacher direction), from random bytes.

    Cheaper than Gaussian directions by a factor of about ten, and every entry weighs
    the same in the probe, so no single wrong entry can hide behind a small weight.
    """
    bits = np.frombuffer(rng.bytes(size), dtype=np.uint8) & 1
    return 2.0 * bits - 1.0


def _check_by_probes(
    probe: Probe, g, h, rtol, scale, name, n_probes, n_entries, seed
) -> CheckResult:
    size = probe.point.size
    rng = np.random.default_rng(seed)
    step = h * float(np.sqrt(size))  # each entry moves by about h
    for k in range(n_probes):
        u = _random_signs(rng, size) * (step / np.sqrt(size))  # |u| = step
        a = float(g @ u) / step
        n = probe.along(u) / (2.0 * step)
        err = float(relative_error(a, n, scale / step))
        if err > rtol:
            index = _locate(probe, g, u, step)
            n_entry = probe.entry(index, h)
            return _entry_failure(
                probe.point,
                g,
                n_entry,
                index,
                name,
                f"found along random direction {k + 1}",
            )
    entries = np.sort(rng.choice(size, size=min(n_entries, size), replace=False))
    for flat_index in entries:
        n = probe.entry(int(flat_index), h)
        err = float(relative_error(g[flat_index], n, scale / h))
        if err > rtol:
            return _entry_failure(
                probe.point, g, n, int(flat_index), name, "found at a sampled entry"
            )
    return CheckResult(
        True,
        f"{PASS} {name} matches finite differences along {n_probes} random directions "
        f"and at {len(entries)} sampled entries of {size:,} "
        f"(max rel. error {fmt_error(rtol)}).",
    )


def _locate(probe: Probe, g, shift, step) -> int:
    """Bisect a failing direction down to one entry whose derivative is wrong.

    Restricting the shift to a block of entries measures that block's share of the
    directional derivative; the block with the larger discrepancy holds a wrong entry.
    """
    lo, hi = 0, shift.size
    part = np.zeros_like(shift)

    def discrepancy(a: int, b: int) -> float:
        part[:] = 0.0
        part[a:b] = shift[a:b]
        analytic = float(g[a:b] @ shift[a:b]) / step
        return abs(analytic - probe.along(part) / (2.0 * step))

    while hi - lo > 1:
        mid = (lo + hi) // 2
        # Left unless the right half is clearly worse: halves that differ only by
        # round-off must be split the same way on every machine.
        if discrepancy(lo, mid) >= discrepancy(mid, hi) * (1.0 - TIE):
            hi = mid
        else:
            lo = mid
    return lo

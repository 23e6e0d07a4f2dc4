"""Verdicts: ``CheckResult``, ``gradient_check`` and the generic checkers behind exercises.

A checker never raises for anything a reader passes in. It returns a failed
``CheckResult`` whose one-line message says what is wrong, where, and (for a known
misconception) why.
"""

from __future__ import annotations

import inspect
import linecache
import math
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from . import numeric
from .numeric import DEFAULT_EPS, format_index, index_tuple

PASS, FAIL, TODO = "✅", "❌", "⏳"

RTOL = 1e-5
"""An entry passes when its relative error is at most this (see :func:`relative_error`)."""

ROUNDOFF = 1e-14
"""Allowance for round-off: a finite difference with step ``h`` of a function of size
``|f|`` is trusted to about ``ROUNDOFF * max(1, |f|) / h`` (some 50 units of the last
place of f, divided by h). Differences below that never fail a check, so a derivative
that is truly zero passes; anything larger than ``RTOL`` relative fails.
"""


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


def fmt(value: float) -> str:
    """A number as a reader wants to see it: 4 decimals, or scientific when tiny or huge."""
    value = float(value)
    if value == 0.0:
        return "0.0000"
    if not math.isfinite(value):
        return str(value)
    if 1e-2 <= abs(value) < 1e4:
        return f"{value:.4f}"
    return f"{value:.3e}"


def fmt_error(err: float) -> str:
    """A maximum relative error rounded up to a power of ten, so the text is stable."""
    if err <= 0.0:
        return "0"
    return f"< 1e{math.ceil(math.log10(err) + 1e-12):03d}"


# ---------------------------------------------------------------------------
# gradient_check
# ---------------------------------------------------------------------------

FULL_CHECK_LIMIT = 1000
"""Up to this many entries, :func:`gradient_check` compares every entry."""


def gradient_check(
    f: Callable[[np.ndarray], Any],
    grad: Any,
    x: Any,
    *,
    eps: float = DEFAULT_EPS,
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
    of ``f`` per entry, step ``eps``). Beyond that, the check stays fast: it compares
    ``grad . u`` with the directional derivative of ``f`` along ``n_probes`` random
    unit directions ``u`` with entries ``±1/sqrt(size)`` (two evaluations each) and
    checks ``n_entries`` sampled entries. Probes use the step ``eps * sqrt(size)``,
    so each entry still moves by about ``eps`` while round-off, which grows with
    ``|f|``, stays small against the directional derivative. A failing direction is
    narrowed down by bisection (about ``4 * log2(size)`` evaluations) to one wrong
    entry, which the message names.

    Parameters
    ----------
    f : callable
        Scalar function of one array shaped like ``x``.
    grad : array_like or callable
        The analytic gradient at ``x``, or a function returning it from ``x``.
    x : array_like
        The point.
    seed : int
        Seeds the random directions and sampled entries, so the verdict is repeatable.
    name : str
        What the message calls the gradient.

    Returns
    -------
    CheckResult
        Never raises for a wrong ``grad``: shape mismatches (with a hint when
        transposed), NaN, and wrong entries become a failed result.
    """
    try:
        x0 = numeric.as_float_array(x)
        if not callable(f):
            raise TypeError(f"f must be a function; got {type(f).__name__}")
        f0 = numeric._evaluate(f, numeric._read_only(x0))
        g = _analytic_gradient(grad, x0, name)
    except _Problem as problem:
        return CheckResult(False, f"{FAIL} {problem}")
    except Exception as exc:
        return CheckResult(False, f"{FAIL} cannot check {name}: {_reason(exc, f)}")
    scale = ROUNDOFF * max(1.0, abs(f0)) / rtol  # floor of |a| + |n| per unit step
    try:
        if x0.size <= full_check_limit:
            return _check_every_entry(f, g, x0, eps, rtol, scale / eps, name)
        return _check_by_probes(
            f, g, x0, eps, rtol, scale, name, n_probes, n_entries, seed
        )
    except Exception as exc:
        return CheckResult(False, f"{FAIL} cannot check {name}: {_reason(exc, f)}")


def _reason(exc: Exception, f: Any) -> str:
    """Our own clear errors as they are; an exception from inside f, named as such."""
    code = getattr(f, "__code__", None)
    if _reader_line(exc.__traceback__, code) is not None:
        return f"f raised {describe_exception(exc, code)}"
    if isinstance(exc, (TypeError, ValueError)) and str(exc):
        return str(exc)
    return describe_exception(exc)


class _Problem(Exception):
    """A reader-facing problem whose text is the whole message."""


def _analytic_gradient(grad: Any, x0: np.ndarray, name: str) -> np.ndarray:
    if callable(grad):
        try:
            grad = grad(x0.copy())
        except Exception as exc:
            raise _Problem(
                f"{name} function raised {describe_exception(exc)}"
            ) from None
    try:
        g = np.asarray(grad)
    except Exception:
        raise _Problem(f"{name} is not an array of numbers") from None
    if g.dtype == object or not np.issubdtype(g.dtype, np.number):
        raise _Problem(f"{name} is {type(grad).__name__}, not an array of numbers")
    if np.iscomplexobj(g):
        raise _Problem(f"{name} is complex; a gradient of a real function is real")
    if g.shape != x0.shape:
        raise _Problem(shape_message(name, g.shape, x0.shape))
    g = g.astype(np.float64)
    if not np.all(np.isfinite(g)):
        bad = index_tuple(np.argwhere(~np.isfinite(g))[0]) if g.ndim else ()
        where = f" at entry {format_index(bad)}" if g.ndim else ""
        raise _Problem(f"{name} holds {g[bad]}{where}")
    return g


def shape_message(name: str, got: tuple, expected: tuple, of: str = "x") -> str:
    """A shape mismatch, with a hint when the shapes are transposes of each other."""
    text = f"{name} has shape {tuple(got)} but {of} has shape {tuple(expected)}"
    if len(got) == 2 and tuple(got) == tuple(expected)[::-1]:
        text += ": a gradient has its parameter's shape (transposed?)"
    elif (
        len(got) == 1
        and len(expected) == 2
        and 1 in expected
        and got[0] == max(expected)
    ):
        text += ": flattened? reshape it to the parameter's shape"
    return text


def _check_every_entry(f, g, x0, eps, rtol, tiny, name) -> CheckResult:
    n = numeric.numerical_gradient(f, x0, eps=eps)
    err = relative_error(g, n, tiny)
    worst = (
        index_tuple(np.unravel_index(int(np.argmax(err)), err.shape))
        if err.ndim
        else ()
    )
    max_err = float(err[worst])
    if max_err <= rtol:
        count = f"{x0.size:,} entr{'y' if x0.size == 1 else 'ies'}"
        return CheckResult(
            True,
            f"{PASS} {name} matches finite differences at all {count} "
            f"(max rel. error {fmt_error(max_err)}).",
        )
    n_bad = int(np.sum(err > rtol))
    where = f" at entry {format_index(worst)}" if x0.ndim else ""
    return CheckResult(
        False,
        f"{FAIL} {name} is wrong{where}: analytic {fmt(g[worst])}, finite differences "
        f"{fmt(n[worst])} (rel. error {_plain_error(g[worst], n[worst])}; "
        f"{n_bad} of {x0.size:,} entries wrong).",
    )


def _plain_error(a: float, n: float) -> str:
    """The standard relative error |a - n| / (|a| + |n|) for a message (at most 1)."""
    return f"{float(relative_error(a, n, 1e-300)):.1e}"


def _random_signs(rng: np.random.Generator, shape: tuple) -> np.ndarray:
    """A random array of +1 and -1 (a Rademacher direction), from random bytes.

    Cheaper than Gaussian directions by a factor of about ten, and every entry weighs
    the same in the probe, so no single wrong entry can hide behind a small weight.
    """
    size = int(np.prod(shape))
    bits = np.frombuffer(rng.bytes(size), dtype=np.uint8) & 1
    return (2.0 * bits - 1.0).reshape(shape)


class _Shifter:
    """Evaluates f at x0 plus a shift, reusing one buffer: no new arrays per call.

    f receives a read-only view of the buffer, so it cannot change the point.
    """

    def __init__(self, f: Callable[[np.ndarray], Any], x0: np.ndarray) -> None:
        self.f, self.x0 = f, x0
        self.buffer = x0.copy()
        self.view = numeric._read_only(self.buffer)
        self.flat = self.buffer.reshape(-1)

    def _at_buffer(self) -> float:
        return numeric._evaluate(self.f, self.view)

    def along(self, shift: np.ndarray) -> float:
        """Central difference along ``shift`` (already scaled by the step), times 2."""
        np.add(self.x0, shift, out=self.buffer)
        plus = self._at_buffer()
        np.subtract(self.x0, shift, out=self.buffer)
        minus = self._at_buffer()
        np.copyto(self.buffer, self.x0)
        return plus - minus

    def entry(self, flat_index: int, eps: float) -> float:
        """Central difference along one entry: its partial derivative."""
        original = self.flat[flat_index]
        self.flat[flat_index] = original + eps
        plus = self._at_buffer()
        self.flat[flat_index] = original - eps
        minus = self._at_buffer()
        self.flat[flat_index] = original
        return (plus - minus) / (2.0 * eps)


def _check_by_probes(
    f, g, x0, eps, rtol, scale, name, n_probes, n_entries, seed
) -> CheckResult:
    rng = np.random.default_rng(seed)
    flat_g = g.reshape(-1)
    step = eps * float(np.sqrt(x0.size))  # each entry moves by about eps
    shifter = _Shifter(f, x0)
    max_err = 0.0
    for k in range(n_probes):
        u = _random_signs(rng, x0.shape) * (step / np.sqrt(x0.size))  # |u| = step
        a = float(flat_g @ u.reshape(-1)) / step
        n = shifter.along(u) / (2.0 * step)
        err = float(relative_error(a, n, scale / step))
        if err > rtol:
            index = _locate(shifter, flat_g, u.reshape(-1), step)
            return _entry_failure(
                f, g, x0, index, eps, name, f"random direction {k + 1}"
            )
        max_err = max(max_err, err)
    entries = rng.choice(x0.size, size=min(n_entries, x0.size), replace=False)
    for flat_index in np.sort(entries):
        index = index_tuple(np.unravel_index(int(flat_index), x0.shape))
        n = shifter.entry(int(flat_index), eps)
        err = float(relative_error(g[index], n, scale / eps))
        if err > rtol:
            return _entry_failure(f, g, x0, index, eps, name, "a sampled entry")
        max_err = max(max_err, err)
    return CheckResult(
        True,
        f"{PASS} {name} matches finite differences along {n_probes} random directions "
        f"and at {len(entries)} sampled entries of {x0.size:,} "
        f"(max rel. error {fmt_error(max_err)}).",
    )


def _entry_derivative(f, x0, index, eps) -> float:
    flat_index = int(np.ravel_multi_index(index, x0.shape)) if x0.ndim else 0
    return _Shifter(f, x0).entry(flat_index, eps)


def _locate(shifter: _Shifter, flat_g, flat_shift, step) -> tuple[int, ...]:
    """Bisect a failing direction down to one entry whose derivative is wrong.

    Restricting the shift to a block of entries measures that block's share of the
    directional derivative; the block with the larger discrepancy holds a wrong entry.
    """
    lo, hi = 0, flat_shift.size
    shape = shifter.x0.shape

    def discrepancy(a: int, b: int) -> float:
        part = np.zeros_like(flat_shift)
        part[a:b] = flat_shift[a:b]
        analytic = float(flat_g[a:b] @ flat_shift[a:b]) / step
        numeric_value = shifter.along(part.reshape(shape)) / (2.0 * step)
        return abs(analytic - numeric_value)

    while hi - lo > 1:
        mid = (lo + hi) // 2
        if discrepancy(lo, mid) >= discrepancy(mid, hi):
            hi = mid
        else:
            lo = mid
    return index_tuple(np.unravel_index(lo, shape))


def _entry_failure(f, g, x0, index, eps, name, found) -> CheckResult:
    n = _entry_derivative(f, x0, index, eps)
    return CheckResult(
        False,
        f"{FAIL} {name} is wrong at entry {format_index(index)}: analytic {fmt(g[index])}, "
        f"finite differences {fmt(n)} (rel. error {_plain_error(g[index], n)}; "
        f"found along {found}).",
    )


# ---------------------------------------------------------------------------
# Calling a reader's function safely
# ---------------------------------------------------------------------------


class NotImplementedYet(Exception):
    """The reader's function still raises ``NotImplementedError``."""


class ReaderError(Exception):
    """Anything wrong with what the reader passed or returned; the text is the message."""


def describe_exception(exc: BaseException, code: Any = None, where: str = "") -> str:
    """``ZeroDivisionError (division by zero) at x = 0.00, line 3 of your code: `1 / x` ``."""
    text = f"{type(exc).__name__}"
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if detail:
        text += f" ({detail[:120]})"
    if where:
        text += f" {where}"
    line = _reader_line(exc.__traceback__, code)
    if line is not None:
        lineno, source = line
        text += f"{',' if where else ''} line {lineno} of your code"
        if source:
            text += f": `{source}`"
    return text


def _reader_line(tb: Any, code: Any) -> tuple[int, str] | None:
    """The deepest traceback line in the reader's own file (the cell that defined it)."""
    filename = getattr(code, "co_filename", None)
    found = None
    while tb is not None:
        frame_file = tb.tb_frame.f_code.co_filename
        if filename is not None and frame_file == filename:
            found = (tb.tb_lineno, linecache.getline(frame_file, tb.tb_lineno).strip())
        tb = tb.tb_next
    return found


def function_name(fn: Any, default: str) -> str:
    name = getattr(fn, "__name__", None)
    return name if isinstance(name, str) and name.isidentifier() else default


def require_function(answer: Any, name: str, signature: str) -> None:
    """Refuse anything that is not a function, saying what was expected instead."""
    if answer is None:
        raise ReaderError(
            f"got None instead of a function; define `def {signature}: ...`"
        )
    if isinstance(answer, type) or not callable(answer):
        got = type(answer).__name__
        raise ReaderError(
            f"expected a function like `def {signature}: ...`, got {got} {short_repr(answer)}"
        )


def short_repr(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"of shape {value.shape}"
    text = repr(value)
    text = text if len(text) <= 40 else text[:37] + "..."
    return "" if " at 0x" in text else text  # object addresses change from run to run


TIME_LIMIT = 5.0
"""Seconds a check gives the reader's function, over all its calls, before giving up."""


class _TimeUp(BaseException):
    """Raised inside the reader's code when the time limit passes.

    A BaseException, so that a reader's ``except Exception`` cannot swallow it.
    """


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the code inside after ``seconds`` (main thread on Unix; else no limit).

    Notebook cells run in the kernel's main thread, where this always applies.
    """
    usable = hasattr(signal, "setitimer") and (
        threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise _TimeUp()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def call_reader(
    fn: Callable[..., Any],
    args: Sequence[Any],
    name: str,
    where: str,
    signature: str = "",
) -> Any:
    """Call the reader's ``fn(*args)``, translating every failure into a one-line reason.

    Array arguments are passed as copies and compared afterwards, so a function that
    changes its input in place is reported (and the caller's arrays stay intact).
    """
    try:
        inspect.signature(fn).bind(*args)
    except TypeError:
        params = numeric._positional_names(fn)
        takes = "" if params is None else f"takes ({', '.join(params)}) but "
        define = f": define it as `def {signature}`" if signature else ""
        raise ReaderError(
            f"{name} {takes}must take {len(args)} argument(s){define}"
        ) from None
    except ValueError:
        pass  # no signature to read (a builtin): just call it
    passed = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    try:
        result = fn(*passed)
    except NotImplementedError:
        raise NotImplementedYet() from None
    except RecursionError:
        raise ReaderError(f"{name} calls itself without end {where}") from None
    except _TimeUp:
        raise ReaderError(
            f"{name} did not finish within {TIME_LIMIT:g} s {where}: "
            "is there an endless loop?"
        ) from None
    except Exception as exc:
        code = getattr(fn, "__code__", None)
        raise ReaderError(
            f"{name} raised {describe_exception(exc, code, where)}"
        ) from None
    for k, (original, given) in enumerate(zip(args, passed)):
        if isinstance(original, np.ndarray) and not np.array_equal(
            original, given, equal_nan=True
        ):
            params = numeric._positional_names(fn) or []
            arg = f"`{params[k]}`" if k < len(params) else f"number {k + 1}"
            raise ReaderError(
                f"{name} changed its argument {arg} in place {where}; "
                "work on a copy (for example `x = x.copy()`)"
            )
    return result


def read_values(value: Any, size: int | None, name: str, where: str) -> np.ndarray:
    """A reader's return value as a float64 vector (``size`` entries) or scalar (None)."""
    if value is None:
        raise ReaderError(f"{name} returned None {where}: is `return` missing?")
    if size is None:
        try:
            return np.array(numeric.to_scalar(value, name))
        except TypeError as exc:
            raise ReaderError(f"{exc} {where}") from None
    try:
        arr = np.asarray(value)
    except Exception:
        arr = np.asarray(None)
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or arr.dtype == bool
    ):
        raise ReaderError(
            f"{name} returned {type(value).__name__} {where}; expected {size} numbers"
        )
    if np.iscomplexobj(arr):
        raise ReaderError(
            f"{name} returned complex numbers {where}; expected real numbers"
        )
    if arr.size != size:
        raise ReaderError(
            f"{name} returned {arr.size} value(s) {where}; expected {size} (one per partial)"
        )
    return arr.astype(np.float64).reshape(size)


# ---------------------------------------------------------------------------
# Generic checker: a reader's function against values the mathematics gives
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Misconception:
    """A known wrong answer: a function with the reader's signature, and why it is wrong."""

    name: str
    answer: Callable[..., Any]
    hint: str


def check_function(
    exercise_id: str,
    answer: Any,
    *,
    signature: str,
    cases: Sequence[tuple],
    expected: Callable[..., Any],
    describe: Callable[..., str],
    source: str = "finite differences",
    labels: Sequence[str] | None = None,
    misconceptions: Sequence[Misconception] = (),
    rtol: float = 1e-6,
    tiny: float = 1e-6,
) -> CheckResult:
    """Check a reader's function at every case against the mathematics.

    Parameters
    ----------
    exercise_id : str
        Shown in every message ("Exercise 1.2").
    answer : Any
        Whatever the reader passed; nothing they pass makes this raise.
    signature : str
        How the function is meant to be defined, as in ``"df_dy(x, y)"``.
    cases : sequence of tuple
        Argument tuples to call the answer with, in a fixed order.
    expected : callable
        ``expected(*case)``: the correct value(s) for a case, computed from the
        definition (finite differences of the function the text defines).
    describe : callable
        ``describe(*case)``: the case in words, as in ``"(x, y) = (0.50, -1.20)"``.
    source : str
        What ``expected`` is, in the messages ("finite differences").
    labels : sequence of str, optional
        Names of the values when the answer returns several (one per partial).
    misconceptions : sequence of Misconception
        Known wrong answers; one that matches is named in the message.
    """
    label = f"Exercise {exercise_id}"
    default_name = signature.split("(")[0]
    try:
        require_function(answer, default_name, signature)
        name = function_name(answer, default_name)
        size = None if labels is None else len(labels)
        got_all, want_all = [], []
        with time_limit(TIME_LIMIT):
            readers_values = [
                call_reader(answer, case, name, f"at {describe(*case)}", signature)
                for case in cases
            ]
        for case, value in zip(cases, readers_values):
            where = f"at {describe(*case)}"
            got = read_values(value, size, name, where)
            if not np.all(np.isfinite(got)):
                raise ReaderError(f"{name} returned {_show(got, labels)} {where}")
            got_all.append(got)
            want_all.append(np.asarray(expected(*case), dtype=np.float64))
    except NotImplementedYet:
        return CheckResult(
            False,
            f"{TODO} {label}: {function_name(answer, default_name)} is not implemented yet: "
            "replace `raise NotImplementedError` with your code.",
        )
    except _TimeUp:  # the limit struck between two calls of the reader's function
        return CheckResult(
            False, f"{FAIL} {label}: the check ran out of time ({TIME_LIMIT:g} s)."
        )
    except ReaderError as exc:
        text = str(exc)
        return CheckResult(
            False, f"{FAIL} {label}: {text}{'' if text[-1] in '.?!' else '.'}"
        )
    got_arr, want_arr = np.array(got_all), np.array(want_all)
    err = relative_error(got_arr, want_arr, tiny)
    if np.all(err <= rtol):
        return CheckResult(
            True,
            f"{PASS} {label} passed: {name} matches {source} at {len(cases)} points "
            f"(max rel. error {fmt_error(float(np.max(err)))}).",
        )
    for wrong in misconceptions:
        if _matches(wrong, got_arr, cases, size, rtol, tiny):
            return CheckResult(False, f"{FAIL} {label}: {wrong.hint}")
    bad_case = int(np.argwhere(np.atleast_2d(err.reshape(len(cases), -1)) > rtol)[0][0])
    where = describe(*cases[bad_case])
    got, want = got_arr[bad_case], want_arr[bad_case]
    if labels is None:
        detail = f"your {name} gives {fmt(got)}; {source} give {fmt(want)}"
    else:
        k = int(np.argmax(err[bad_case] > rtol))
        detail = f"your {labels[k]} is {fmt(got[k])}; {source} give {fmt(want[k])}"
    return CheckResult(False, f"{FAIL} {label}: at {where} {detail}.")


def _show(values: np.ndarray, labels: Sequence[str] | None) -> str:
    if labels is None:
        return str(float(values))
    return ", ".join(f"{lab} = {float(v)}" for lab, v in zip(labels, values))


def _matches(wrong: Misconception, got: np.ndarray, cases, size, rtol, tiny) -> bool:
    try:
        values = np.array([read_values(wrong.answer(*c), size, "", "") for c in cases])
    except Exception:  # a misconception undefined somewhere simply does not match
        return False
    return bool(np.all(relative_error(got, values, tiny) <= rtol))

"""Calling a reader's code safely: time limit, warnings, exceptions, in-place changes.

Whatever the reader's function does, these helpers turn it into either its return
value or a :class:`ReaderError` whose text is the one-line reason. Only
:class:`NotImplementedYet` is separate: the untouched stub is not a mistake.
"""

from __future__ import annotations

import inspect
import linecache
import signal
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Callable

import numpy as np

from ..validate import positional_names


class ReaderError(Exception):
    """Anything wrong with what the reader passed or returned; the text is the message."""


class NotImplementedYet(Exception):
    """The reader's function still raises ``NotImplementedError``."""


TIME_LIMIT = 5.0
"""Seconds a check gives the reader's function, over all its calls, before giving up."""


class TimeUp(BaseException):
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
        raise TimeUp()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def describe_exception(exc: BaseException, code: Any = None, where: str = "") -> str:
    """``ZeroDivisionError (division by zero) at x = 0.00, line 3 of your code: “1 / x”``."""
    text = f"{type(exc).__name__}"
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if detail:
        text += f" ({detail[:160]})"
    if where:
        text += f" {where}"
    line = reader_line(exc.__traceback__, code)
    if line is not None:
        lineno, source = line
        text += f", line {lineno} of your code"
        if source:
            text += f": “{source}”"
    return text


def reader_line(tb: Any, code: Any) -> tuple[int, str] | None:
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
    """The reader's own name for their function (``df_dy_solution``), else ``default``."""
    name = getattr(fn, "__name__", None)
    return name if isinstance(name, str) and name.isidentifier() else default


def short_repr(value: Any) -> str:
    """A short, run-independent description of a value for a message."""
    if isinstance(value, np.ndarray):
        return f"of shape {value.shape}"
    text = repr(value)
    text = text if len(text) <= 40 else text[:37] + "..."
    return "" if " at 0x" in text else text  # object addresses change from run to run


def _looks_like_a_value(answer: Any) -> bool:
    """Numbers, arrays, and tuples or lists of them: what calling a function gives."""
    if isinstance(answer, (bool, np.bool_, str, bytes)) or answer is None:
        return False
    if isinstance(answer, (tuple, list)):
        return len(answer) > 0 and all(_looks_like_a_value(a) for a in answer)
    if isinstance(answer, dict):
        return len(answer) > 0 and all(_looks_like_a_value(a) for a in answer.values())
    try:
        float(answer) if np.ndim(answer) == 0 else np.asarray(answer, dtype=float)
    except Exception:
        return False
    return True


def require_function(answer: Any, name: str, signature: str, exercise_id: str) -> None:
    """Refuse anything that is not a function, saying what was expected instead.

    A number or an array is most likely the result of calling the function
    (``check("1.1", df_dy(1.0, 0.5))``): the message says to pass it without
    parentheses.
    """
    if answer is None:
        raise ReaderError(
            f"got None instead of a function; define it as def {signature}: ..."
        )
    if callable(answer) and not isinstance(answer, type):
        return
    if _looks_like_a_value(answer):
        raise ReaderError(
            f"got a value ({short_repr(answer) or type(answer).__name__}), not a "
            f"function: pass the function itself, without parentheses, as in "
            f'check("{exercise_id}", {name})'
        )
    got = type(answer).__name__
    raise ReaderError(
        f"expected a function such as def {signature}: ..., got {got} {short_repr(answer)}"
    )


def _bind_or_explain(
    fn: Callable[..., Any], args: Sequence[Any], name: str, signature: str
):
    try:
        inspect.signature(fn).bind(*args)
    except TypeError:
        params = positional_names(fn)
        takes = "" if params is None else f"takes ({', '.join(params)}) but "
        define = f": define it as def {signature}" if signature else ""
        raise ReaderError(
            f"{name} {takes}must take {len(args)} argument(s){define}"
        ) from None
    except ValueError:
        pass  # no signature to read (a builtin): just call it


def call_reader(
    fn: Callable[..., Any],
    args: Sequence[Any],
    name: str,
    where: str,
    signature: str = "",
    warned: list[str] | None = None,
) -> Any:
    """Call the reader's ``fn(*args)``, translating every failure into a one-line reason.

    Array arguments are passed as copies and compared afterwards, so a function that
    changes its input in place is reported (and the caller's arrays stay intact).
    Warnings the call raises (a division by zero in numpy, say) are not shown; the
    first one is appended to ``warned``, for the verdict to mention.
    """
    _bind_or_explain(fn, args, name, signature)
    passed = [_copy(a) for a in args]
    with (
        warnings.catch_warnings(record=True) as caught,
        np.errstate(divide="warn", over="warn", invalid="warn"),
    ):
        warnings.simplefilter("always")
        try:
            result = fn(*passed)
        except NotImplementedError:
            raise NotImplementedYet() from None
        except RecursionError:
            raise ReaderError(f"{name} calls itself without end {where}") from None
        except TimeUp:
            raise ReaderError(
                f"{name} did not finish within {TIME_LIMIT:g} s {where}: "
                "is there an endless loop?"
            ) from None
        except Exception as exc:
            code = getattr(fn, "__code__", None)
            raise ReaderError(
                f"{name} raised {describe_exception(exc, code, where)}"
            ) from None
    if caught and warned is not None:
        first = caught[0]
        text = str(first.message).strip().splitlines()[0][:100]
        warned.append(f"{first.category.__name__} ({text}) {where}".rstrip())
    for k, (original, given) in enumerate(zip(args, passed)):
        if not _unchanged(original, given):
            params = positional_names(fn) or []
            arg = params[k] if k < len(params) else None
            shown = f"“{arg}”" if arg else f"number {k + 1}"
            copy = arg or "x"
            raise ReaderError(
                f"{name} changed its argument {shown} in place {where}; "
                f"work on a copy (for example {copy} = {copy}.copy())"
            )
    return result


def _copy(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value


def _unchanged(original: Any, given: Any) -> bool:
    if isinstance(original, np.ndarray):
        return (
            isinstance(given, np.ndarray)
            and given.shape == original.shape
            and np.array_equal(original, given, equal_nan=True)
        )
    if isinstance(original, dict):
        return (
            isinstance(given, dict)
            and given.keys() == original.keys()
            and all(_unchanged(original[k], given[k]) for k in original)
        )
    return True

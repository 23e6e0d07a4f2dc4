"""Reading what a caller passes: numbers, arrays, counts, points, ranges.

Every argument check of ``helpers`` lives here, so that the finite differences, the
checks, the data sets and the figures refuse bad input in the same words. An error
names the argument, what it got (a type, a shape, a value; indices as plain ints) and
what was expected, in one line. Everything returned is a new float64 array or a plain
Python number: a caller's array is never changed.

Pure numpy: nothing here prints or plots.
"""

from __future__ import annotations

import inspect
import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any, Callable

import numpy as np

# ---------------------------------------------------------------------------
# Reading numbers: the one reader every other check builds on
# ---------------------------------------------------------------------------


def read_real(
    value: Any,
    what: str = "x",
    *,
    returned: bool = False,
    expected: str = "a number or an array of numbers",
    finite: bool = True,
    where: str = "",
) -> tuple[np.ndarray, float]:
    """Read ``value`` as a new float64 array, or explain in one line why it is not one.

    Accepts Python and numpy numbers, arrays and nested lists of any real dtype, and
    number-like objects that convert with ``float()`` (``Fraction``, ``Decimal``, sympy
    numbers). Refuses None, strings, bools, complex numbers and what cannot become a
    number.

    Parameters
    ----------
    value : Any
        What to read.
    what : str
        Its name in messages: ``"x"`` gives "x is None", ``"df_dy"`` with
        ``returned=True`` gives "df_dy returned None".
    returned : bool
        Whether ``value`` is something a function returned (changes the wording).
    expected : str
        What was expected, for the messages.
    finite : bool
        Refuse NaN and infinity.
    where : str
        Where the value came from, for messages (``"at (x, y) = (0.50, 1.00)"``).

    Returns
    -------
    array : numpy.ndarray
        float64, a copy.
    precision : float
        The machine epsilon of the input's own float type (float32's 1.2e-7 for a
        float32 input, float64's 2.2e-16 otherwise), so that a check can allow for it.

    Raises
    ------
    TypeError
        If ``value`` cannot be read as real numbers.
    ValueError
        If ``finite`` and ``value`` holds NaN or infinity.
    """
    subject = f"{what} returned" if returned else f"{what} is"
    at = f" {where}" if where else ""
    if value is None:
        if returned:
            raise TypeError(f"{subject} None{at}: is a return statement missing?")
        raise TypeError(f"{subject} None{at}; expected {expected}")
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{subject} a string {value!r:.40}{at}; expected {expected}")
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{subject} a bool ({value}){at}; expected {expected}")
    if isinstance(value, Mapping):
        raise TypeError(f"{subject} a dict{at}; expected {expected}")
    try:
        arr = np.asarray(value)
    except Exception:  # ragged nesting, or an object numpy cannot read
        raise TypeError(
            f"{subject} {_describe_ragged(value)}{at}; expected {expected}"
        ) from None
    kind = arr.dtype.kind
    if kind == "c" or (kind == "O" and any(_is_complex(v) for v in arr.flat)):
        raise TypeError(f"{subject} complex numbers{at}; expected real numbers")
    if kind == "b":
        raise TypeError(f"{subject} bools (dtype bool){at}; expected {expected}")
    if kind in "iu":
        out, precision = arr.astype(np.float64), float(np.finfo(np.float64).eps)
    elif kind == "f":
        out, precision = arr.astype(np.float64), float(np.finfo(arr.dtype).eps)
    elif kind == "O":
        out = np.array(
            [_number(v, subject, expected, at) for v in arr.flat], dtype=float
        )
        out, precision = out.reshape(arr.shape), float(np.finfo(np.float64).eps)
    else:
        raise TypeError(
            f"{subject} {type(value).__name__} (dtype {arr.dtype}){at}; "
            f"expected {expected}"
        )
    if finite and not np.all(np.isfinite(out)):
        bad = index_tuple(np.argwhere(~np.isfinite(out))[0]) if out.ndim else ()
        index = f" at index {format_index(bad)}" if out.ndim else ""
        number = float(out[bad])
        if returned:
            raise ValueError(f"{subject} {number}{index}{at} (not a finite number)")
        raise ValueError(f"{what} holds {number}{index}{at}; expected finite numbers")
    return out, precision


def _is_complex(v: Any) -> bool:
    return isinstance(v, numbers.Complex) and not isinstance(v, numbers.Real)


def _number(v: Any, subject: str, expected: str, at: str) -> float:
    """One entry of an object array as a float: ``Fraction``, ``Decimal``, sympy, ..."""
    if v is None or isinstance(v, (str, bytes, bool, np.bool_, np.ndarray)):
        got = "None" if v is None else f"{type(v).__name__} {v!r:.30}"
        raise TypeError(f"{subject} a mix holding {got}{at}; expected {expected}")
    try:
        return float(v)
    except (TypeError, ValueError, ArithmeticError):
        text = f"{v}"[:40]
        shown = "" if " at 0x" in text else f" “{text}”"  # addresses vary by run
        symbolic = type(v).__module__.startswith("sympy")
        why = "it still holds a symbol" if symbolic else "it cannot become a number"
        raise TypeError(
            f"{subject} {type(v).__name__}{shown}{at}, but {why}; expected {expected}"
        ) from None


def _describe_ragged(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        shapes = []
        for item in value:
            try:
                shapes.append(str(np.shape(item)))
            except Exception:
                shapes.append(type(item).__name__)
        return (
            f"a {type(value).__name__} of {len(value)} items of different shapes "
            f"({', '.join(shapes[:4])}{', ...' if len(shapes) > 4 else ''})"
        )
    return f"{type(value).__name__}, which is not an array of numbers"


def as_float_array(x: Any, name: str = "x") -> np.ndarray:
    """Return ``x`` as a new float64 array, refusing what cannot be a real point.

    Raises
    ------
    TypeError
        If ``x`` is not numeric (strings, None, objects) or is complex.
    ValueError
        If ``x`` holds NaN or infinity, or is empty.
    """
    arr, _ = read_real(x, name)
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    return arr


def to_scalar(value: Any, what: str = "f") -> float:
    """Read a function's return value as one finite float, or explain why it is not one.

    A size-one array (a loss computed as ``(y - t) ** 2`` with ``y`` of shape ``(1,)``)
    counts as a scalar.
    """
    arr, _ = read_real(value, what, returned=True, expected="a single number")
    if arr.size != 1:
        raise TypeError(
            f"{what} returned an array of shape {tuple(arr.shape)}; expected a single number"
        )
    return float(arr.reshape(()))


def index_tuple(index: Any) -> tuple[int, ...]:
    """An array index as a tuple of plain Python ints (prints as ``(1, 2)``)."""
    return tuple(int(i) for i in np.atleast_1d(index))


def format_index(index: tuple[int, ...]) -> str:
    """``(3,)`` prints as ``3`` and ``(1, 2)`` as ``(1, 2)``: how a reader indexes."""
    return str(index[0]) if len(index) == 1 else str(index)


# ---------------------------------------------------------------------------
# A function of coordinates, and the point it is differentiated at
# ---------------------------------------------------------------------------


def positional_names(f: Callable[..., Any]) -> list[str] | None:
    """Names of ``f``'s required positional parameters: the coordinates it takes.

    Parameters with a default (``lambda x, y, k=2: ...``) are not coordinates. None when
    ``f`` takes ``*args`` or has no readable signature.
    """
    try:
        params = inspect.signature(f).parameters.values()
    except (TypeError, ValueError):  # builtins and ufuncs without a signature
        return None
    names = []
    for p in params:
        if p.kind == p.VAR_POSITIONAL:
            return None
        if (
            p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            and p.default is p.empty
        ):
            names.append(p.name)
    return names


def point_for(f: Callable[..., Any], point: Any) -> tuple[np.ndarray, list[str] | None]:
    """``point`` as a flat float64 array of ``f``'s coordinates, and their names.

    The names are those of ``f``'s required positional parameters (None when they
    cannot be read); their number must match the point's.
    """
    if not callable(f):
        raise TypeError(f"f must be a function; got {type(f).__name__}")
    p = as_float_array(point, "point")
    if p.ndim != 1:
        raise ValueError(
            f"point must be a flat list of coordinates like (x, y); got shape {p.shape}"
        )
    names = positional_names(f)
    if names is not None and len(names) != p.size:
        raise ValueError(
            f"f takes {len(names)} argument(s) ({', '.join(names)}) "
            f"but point has {p.size} coordinate(s)"
        )
    return p, names


def coordinate(wrt: Any, names: list[str] | None, n: int) -> int:
    """The position of the coordinate ``wrt``: given as a position or by its name."""
    if isinstance(wrt, str):
        if names is None:
            raise ValueError(
                f"wrt={wrt!r} is a name, but f's argument names cannot be read; "
                "pass the argument's position instead"
            )
        if wrt not in names:
            raise ValueError(
                f"wrt={wrt!r} is not an argument of f; f takes {', '.join(names)}"
            )
        return names.index(wrt)
    if isinstance(wrt, (bool, np.bool_)) or not isinstance(wrt, (int, np.integer)):
        raise TypeError(
            f"wrt must be an argument's position or name; got {type(wrt).__name__}"
        )
    if not -n <= int(wrt) < n:
        raise ValueError(
            f"wrt={int(wrt)} is out of range for a point with {n} coordinate(s)"
        )
    return int(wrt) % n


# ---------------------------------------------------------------------------
# Settings: counts, numbers, names, ranges, points of the plane
# ---------------------------------------------------------------------------


def count(value: Any, name: str, minimum: int | None = 0) -> int:
    """``value`` as a plain int of at least ``minimum`` (``True`` is not a count).

    ``minimum=None`` accepts any whole number, negative ones too.

    Raises
    ------
    TypeError
        If ``value`` is not a whole number (``2.5``, ``"3"``, ``True``).
    ValueError
        If it is below ``minimum``.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number; got {value!r:.40}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {int(value)}")
    return int(value)


def number(
    value: Any, name: str, *, minimum: float | None = None, strict: bool = False
) -> float:
    """``value`` as a finite float; at least ``minimum`` (above it when ``strict``).

    ``number(lr, "lr", minimum=0)`` accepts 0 and up; ``number(spread, "spread",
    minimum=0, strict=True)`` only positive numbers.

    Raises
    ------
    TypeError
        If ``value`` is not a real number (a string, a bool, None, an array).
    ValueError
        If it is NaN, infinite or out of range.
    """
    if minimum is None:
        wanted, finite = "a number", "a finite number"
    elif minimum == 0 and strict:
        wanted, finite = "a positive number", "a positive finite number"
    else:
        bound = f"{'>' if strict else '>='} {minimum:g}"
        wanted, finite = f"a number {bound}", f"a finite number {bound}"
    if isinstance(value, (bool, np.bool_, str, bytes)):
        raise TypeError(f"{name} must be {wanted}; got {value!r:.40}")
    if not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {wanted}; got {type(value).__name__}")
    x = float(value)
    if not math.isfinite(x) or (
        minimum is not None and (x <= minimum if strict else x < minimum)
    ):
        raise ValueError(f"{name} must be {finite}; got {x:g}")
    return x


def variable_names(names: Any) -> tuple[str, str]:
    """The names of a function's two variables: two non-empty strings (``("w", "b")``)."""
    if (
        isinstance(names, str)
        or not isinstance(names, Sequence)
        or len(names) != 2
        or not all(isinstance(n, str) and n for n in names)
    ):
        raise ValueError(
            f"names must be two non-empty strings like ('w', 'b'); got {names!r:.60}"
        )
    return str(names[0]), str(names[1])


def interval(lim: Any, name: str) -> tuple[float, float]:
    """A range ``(low, high)`` of finite numbers with ``low < high``, as two floats."""
    arr, _ = read_real(lim, name, expected="(low, high)", finite=False)
    if arr.shape != (2,):
        raise ValueError(f"{name} must be (low, high); got shape {tuple(arr.shape)}")
    low, high = float(arr[0]), float(arr[1])
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(
            f"{name} must be (low, high) with low < high; got ({low:g}, {high:g})"
        )
    return low, high


def point2(
    point: Any, names: tuple[str, str] = ("x", "y"), what: str = "point"
) -> tuple[float, float]:
    """A point of the plane, ``(x, y)`` in the names of its variables, as two floats."""
    xname, yname = names
    arr, _ = read_real(point, what, expected=f"two numbers ({xname}, {yname})")
    if arr.shape != (2,):
        raise ValueError(
            f"{what} must be ({xname}, {yname}); got shape {tuple(arr.shape)}"
        )
    return float(arr[0]), float(arr[1])


# ---------------------------------------------------------------------------
# Data: points, class labels, a series of losses
# ---------------------------------------------------------------------------


def points2(X: Any, name: str = "X") -> np.ndarray:
    """``X`` as a new float64 (N, 2) array with N >= 1: one point of the plane per row."""
    wanted = "an array of shape (N, 2), one point per row"
    arr, _ = read_real(X, name, expected=wanted)
    if arr.ndim != 2 or arr.shape[1] != 2 or arr.shape[0] == 0:
        raise ValueError(f"{name} must be {wanted}; got shape {tuple(arr.shape)}")
    return arr


MAX_CLASSES = 10
"""The most classes a figure tells apart (matplotlib's ten default colours)."""


def class_labels(
    labels: Any, n: int, n_classes: int | None = None
) -> tuple[np.ndarray, int]:
    """``n`` integer labels ``0..K-1`` as an int64 array, and the number of classes K.

    K is ``n_classes`` when given (some class may have no sample), else
    ``max(labels) + 1``; at most ``MAX_CLASSES``.
    """
    arr, _ = read_real(labels, "labels", expected=f"{n} integer class labels")
    if arr.shape != (n,):
        raise ValueError(
            f"labels must have shape ({n},), one label per row of X; got shape "
            f"{tuple(arr.shape)}"
        )
    if not np.all((arr == np.round(arr)) & (arr >= 0)):
        raise ValueError("labels must be whole numbers 0, ..., K - 1")
    found = int(arr.max()) + 1
    if n_classes is None:
        n_classes = found
    n_classes = count(n_classes, "n_classes", 1)
    if n_classes < found:
        raise ValueError(
            f"labels go up to {found - 1}, so n_classes must be at least {found}; got "
            f"{n_classes}"
        )
    if n_classes > MAX_CLASSES:
        raise ValueError(f"n_classes must be from 1 to {MAX_CLASSES}; got {n_classes}")
    return arr.astype(np.int64), n_classes


def series(values: Any, name: str = "losses", per: str = "step") -> np.ndarray:
    """A non-empty 1-D float64 array of finite numbers: one value per ``per``.

    A NaN or an infinity is reported with its index, as a sign that training
    diverged.
    """
    wanted = f"a non-empty 1-D sequence, one value per {per}"
    arr, _ = read_real(values, name, expected=wanted, finite=False)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be {wanted}; got shape {tuple(arr.shape)}")
    if not np.all(np.isfinite(arr)):
        i = int(np.flatnonzero(~np.isfinite(arr))[0])
        raise ValueError(
            f"{name} must be finite; {name}[{i}] is {arr[i]} (did training diverge?)"
        )
    return arr

"""Finite differences: gradients, partial and directional derivatives, their errors.

Pure numpy: nothing here prints or plots. Every function works on a float64 copy of
its input and never changes an array the caller passed in. A point may be a number,
an array of any shape, or a dict of named arrays (a network's parameters).
"""

from __future__ import annotations

import inspect
import numbers
from collections.abc import Mapping, Sequence
from typing import Any, Callable, Union

import numpy as np

ArrayLike = Union[float, int, Sequence[float], np.ndarray]

DEFAULT_STEP = 1e-5
"""Default step ``h`` of the central differences.

The error of a central difference is about ``h**2 * |f'''| / 6`` (truncation) plus
``eps * |f| / h`` (round-off, with float64's machine epsilon ``eps`` = 2.2e-16); the
sum is smallest at ``h = (3 * eps * |f| / |f'''|) ** (1/3)``, about 1e-5 when f and its
derivatives are of similar size. Chapter 1 derives and measures this.
"""

# ---------------------------------------------------------------------------
# Reading numbers: the one validator
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
            raise TypeError(f"{subject} None{at}: is `return` missing?")
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
        shown = "" if " at 0x" in text else f" `{text}`"  # addresses vary by run
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
# A point of any structure, and evaluating f near it
# ---------------------------------------------------------------------------


class Point:
    """A point as one flat float64 vector: a number, an array, or a dict of arrays.

    A dict holds named parameters (``{"W1": ..., "b1": ...}``). ``f`` is always called
    with the point in its own structure: a float, an array shaped like the point, or a
    new dict of arrays, each a read-only view into one buffer.
    """

    def __init__(self, x: Any, name: str = "x") -> None:
        if isinstance(x, Mapping):
            if not x:
                raise ValueError(f"{name} is an empty dict; expected named arrays")
            self.keys: list[Any] | None = list(x)
            arrays = [as_float_array(v, f"{name}[{k!r}]") for k, v in x.items()]
        else:
            self.keys = None
            arrays = [as_float_array(x, name)]
        self.shapes = [a.shape for a in arrays]
        self.sizes = [a.size for a in arrays]
        self.offsets = np.concatenate([[0], np.cumsum(self.sizes)]).astype(int)
        self.flat = np.concatenate([a.reshape(-1) for a in arrays])
        self.scalar = self.keys is None and arrays[0].ndim == 0

    @property
    def size(self) -> int:
        return int(self.flat.size)

    def parts(self, flat: np.ndarray) -> list[np.ndarray]:
        """``flat`` cut into arrays shaped like the point's parts (views, no copies)."""
        return [
            flat[a:b].reshape(shape)
            for a, b, shape in zip(self.offsets[:-1], self.offsets[1:], self.shapes)
        ]

    def structure(self, flat: np.ndarray) -> Any:
        """Values for every entry, shaped like the point (an array or a dict)."""
        parts = self.parts(flat)
        return parts[0] if self.keys is None else dict(zip(self.keys, parts))

    def argument(self, buffer: np.ndarray) -> Any:
        """What ``f`` receives when the point's entries are ``buffer``."""
        if self.scalar:
            return float(buffer[0])
        return self.structure(buffer)

    def locate(self, flat_index: int) -> tuple[int, tuple[int, ...]]:
        """The part and the index inside it of the entry at ``flat_index``."""
        part = int(np.searchsorted(self.offsets, flat_index, side="right")) - 1
        local = flat_index - int(self.offsets[part])
        shape = self.shapes[part]
        return part, index_tuple(np.unravel_index(local, shape)) if shape else ()

    def entry_name(self, flat_index: int) -> str:
        """``entry (1, 2)`` for an array, ``W1[1, 2]`` for a dict, ``""`` for a number."""
        part, index = self.locate(flat_index)
        if self.keys is not None:
            key = str(self.keys[part])
            return f"{key}[{', '.join(map(str, index))}]" if index else key
        return f"entry {format_index(index)}" if index else ""


def _read_only(arr: np.ndarray) -> np.ndarray:
    """A read-only view: a function that tries to change its input fails loudly."""
    view = arr.view()
    view.flags.writeable = False
    return view


def _evaluate(f: Callable[..., Any], *args: Any, what: str = "f") -> float:
    """Call ``f`` and return a finite float, turning in-place writes into clear errors."""
    try:
        value = f(*args)
    except ValueError as exc:
        if "read-only" in str(exc):
            names = _positional_names(f) or ["x"]
            arg = names[0] if names else "x"
            raise ValueError(
                f"{what} tried to modify its input array in place; work on a copy "
                f"(for example `{arg} = {arg}.copy()`)"
            ) from None
        raise
    return to_scalar(value, what)


class Probe:
    """Evaluates ``f`` at a point and near it, reusing one buffer: no copies per call.

    ``f`` receives read-only views of the buffer, so it cannot change the point; the
    buffer is restored after every difference.
    """

    def __init__(self, f: Callable[..., Any], point: Point) -> None:
        if not callable(f):
            raise TypeError(f"f must be a function; got {type(f).__name__}")
        self.f, self.point = f, point
        self.buffer = point.flat.copy()
        self.view = _read_only(self.buffer)

    def value(self) -> float:
        """f at the buffer's current entries."""
        return _evaluate(self.f, self.point.argument(self.view))

    def along(self, shift: np.ndarray) -> float:
        """``f(x + shift) - f(x - shift)``, for a flat ``shift`` (already scaled)."""
        x0 = self.point.flat
        np.add(x0, shift, out=self.buffer)
        plus = self.value()
        np.subtract(x0, shift, out=self.buffer)
        minus = self.value()
        np.copyto(self.buffer, x0)
        return plus - minus

    def entry(self, flat_index: int, h: float) -> float:
        """Central difference along one entry: its partial derivative."""
        original = self.buffer[flat_index]
        self.buffer[flat_index] = original + h
        plus = self.value()
        self.buffer[flat_index] = original - h
        minus = self.value()
        self.buffer[flat_index] = original
        return (plus - minus) / (2.0 * h)


def numerical_gradient(
    f: Callable[[Any], Any], x: Any, *, h: float = DEFAULT_STEP
) -> Any:
    """Gradient of a scalar function by central differences, one entry at a time.

    Entry ``i`` of the result is ``(f(x + h*e_i) - f(x - h*e_i)) / (2*h)``,
    where ``e_i`` has a single 1 at entry ``i``; the error is O(h**2) plus round-off
    of about ``2.2e-16 * |f| / h``. This costs two evaluations of ``f`` per entry.

    Parameters
    ----------
    f : callable
        Takes one argument shaped like ``x`` (a float when ``x`` is a number, a dict of
        arrays when ``x`` is one) and returns one real number. It receives read-only
        arrays: it must not change them.
    x : number, array_like, or dict of array_like
        The point. Integer input is fine: the work is done on a float64 copy.
    h : float, optional
        The step of the central differences.

    Returns
    -------
    numpy.ndarray or dict
        float64, shaped like ``x`` (a 0-d array when ``x`` is a number, a dict of
        arrays with the same keys when ``x`` is a dict).

    Raises
    ------
    TypeError
        If ``f`` is not callable, if ``x`` is not real numbers, or if ``f`` does not
        return a single real number.
    ValueError
        If ``x`` holds NaN or infinity, ``h`` is not a positive number, ``f`` returns
        NaN or infinity, or ``f`` tries to modify its input.
    """
    if not callable(f):
        raise TypeError(f"f must be a function; got {type(f).__name__}")
    check_step(h)
    point = Point(x)
    probe = Probe(f, point)
    probe.value()  # a function that cannot be evaluated fails here, once
    grad = np.array([probe.entry(i, h) for i in range(point.size)])
    return point.structure(grad)


def check_step(h: Any) -> None:
    if isinstance(h, bool) or not isinstance(h, (int, float, np.floating, np.integer)):
        raise TypeError(f"h must be a positive number; got {type(h).__name__}")
    if not (np.isfinite(h) and h > 0):
        raise ValueError(f"h must be a positive number; got {h}")


def _positional_names(f: Callable[..., Any]) -> list[str] | None:
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


def _point_and_names(
    f: Callable[..., Any], point: Any
) -> tuple[np.ndarray, list[str] | None]:
    if not callable(f):
        raise TypeError(f"f must be a function; got {type(f).__name__}")
    p = as_float_array(point, "point")
    if p.ndim != 1:
        raise ValueError(
            f"point must be a flat list of coordinates like (x, y); got shape {p.shape}"
        )
    names = _positional_names(f)
    if names is not None and len(names) != p.size:
        raise ValueError(
            f"f takes {len(names)} argument(s) ({', '.join(names)}) "
            f"but point has {p.size} coordinate(s)"
        )
    return p, names


def partial_derivative(
    f: Callable[..., Any],
    point: Sequence[float],
    wrt: int | str,
    *,
    h: float = DEFAULT_STEP,
) -> float:
    """Partial derivative of ``f`` at ``point`` with respect to one coordinate.

    Central difference along that coordinate, all others held fixed:
    ``(f(.., p_k + h, ..) - f(.., p_k - h, ..)) / (2*h)``; error O(h**2).

    Parameters
    ----------
    f : callable
        Takes the coordinates as separate positional arguments, as in ``f(x, y)``,
        and returns one real number.
    point : sequence of float
        The coordinates, in the order ``f`` takes them.
    wrt : int or str
        The coordinate: its position (0 for the first argument) or its parameter name
        (``"y"`` for ``f(x, y)``).
    h : float, optional
        The step of the central difference.

    Raises
    ------
    ValueError
        If ``wrt`` names no argument of ``f``, ``point`` does not match the number of
        arguments, or ``f`` returns NaN or infinity.
    TypeError
        If ``f`` is not callable or does not return a single real number.
    """
    check_step(h)
    p, names = _point_and_names(f, point)
    k = _resolve_wrt(wrt, names, p.size)
    step = np.zeros_like(p)
    step[k] = h
    f_plus = _evaluate(f, *(p + step))
    f_minus = _evaluate(f, *(p - step))
    return (f_plus - f_minus) / (2.0 * h)


def _resolve_wrt(wrt: Any, names: list[str] | None, n: int) -> int:
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


UNIT_TOLERANCE = 1e-6


def directional_derivative(
    f: Callable[..., Any],
    point: Sequence[float],
    u: Sequence[float],
    *,
    h: float = DEFAULT_STEP,
) -> float:
    """Rate of change of ``f`` at ``point`` along the unit vector ``u``.

    Central difference ``(f(p + h*u) - f(p - h*u)) / (2*h)``; error O(h**2).

    Parameters
    ----------
    f : callable
        Takes the coordinates as separate positional arguments, as in ``f(x, y)``.
    point : sequence of float
        Where to differentiate.
    u : sequence of float
        The direction, a unit vector with as many entries as ``point``.
    h : float, optional
        The step of the central difference.

    Raises
    ------
    ValueError
        If ``u`` is not a unit vector (its norm is reported), or its length differs
        from ``point``'s.
    """
    check_step(h)
    p, _ = _point_and_names(f, point)
    direction = as_float_array(u, "u")
    if direction.shape != p.shape:
        raise ValueError(f"u has shape {direction.shape} but point has shape {p.shape}")
    norm = float(np.linalg.norm(direction))
    if abs(norm - 1.0) > UNIT_TOLERANCE:
        raise ValueError(
            f"u must be a unit vector, but its norm is {norm:.6g}; divide u by its norm "
            "(a longer u would scale the rate of change by that norm)"
        )
    f_plus = _evaluate(f, *(p + h * direction))
    f_minus = _evaluate(f, *(p - h * direction))
    return (f_plus - f_minus) / (2.0 * h)


def difference_errors(
    f: Callable[[float], float],
    df: Callable[[float], float],
    x: float,
    *,
    steps: Sequence[float] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Absolute errors of forward and central differences of ``f`` at ``x``, per step.

    Parameters
    ----------
    f, df : callable
        A function of one real variable and its exact derivative.
    x : float
        Where to differentiate.
    steps : sequence of float, optional
        The steps h; by default 1e-1 down to 1e-12, four per decade.

    Returns
    -------
    steps, forward_error, central_error : numpy.ndarray
        ``|(f(x+h) - f(x))/h - df(x)|`` and ``|(f(x+h) - f(x-h))/(2h) - df(x)|``.
    """
    h = _steps(steps)
    x = float(x)
    exact = to_scalar(df(x), "df")
    fx = to_scalar(f(x), "f")
    forward = np.array([abs((to_scalar(f(x + s)) - fx) / s - exact) for s in h])
    central = np.array(
        [abs((to_scalar(f(x + s)) - to_scalar(f(x - s))) / (2 * s) - exact) for s in h]
    )
    return h, forward, central


def _steps(steps: Sequence[float] | None) -> np.ndarray:
    """The steps h to try: by default 1e-1 down to 1e-12, four per decade."""
    h = np.logspace(-1, -12, 45) if steps is None else as_float_array(steps, "steps")
    if h.ndim != 1 or np.any(h <= 0):
        raise ValueError("steps must be a flat list of positive numbers")
    return h


def _in_precision(value: Any, dtype: type, what: str) -> Any:
    """``value`` as a number of ``dtype``, refusing a function that left that type."""
    arr = np.asarray(value)
    if arr.dtype != dtype or arr.size != 1:
        raise TypeError(
            f"{what} returned {arr.dtype} for a {np.dtype(dtype).name} input; "
            f"to compute in {np.dtype(dtype).name}, f must keep its input's type "
            "(numpy functions and Python-number constants do; math.* functions and "
            "float64 arrays do not)"
        )
    return arr.reshape(())[()]


def precision_errors(
    f: Callable[[Any], Any],
    df: Callable[[float], float],
    x: float,
    *,
    steps: Sequence[float] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Errors of the central difference of ``f`` at ``x`` computed in float32 and float64.

    In float32 every number, from ``x`` and ``h`` to each value of f and the quotient
    ``(f(x+h) - f(x-h)) / (2h)``, is a ``np.float32``: f is called on float32 inputs and
    must return float32 (numpy keeps float32 when f uses numpy functions and Python
    number constants). The exact derivative ``df`` is evaluated in float64, at the
    float32 point itself, so the errors measure only the difference quotient.

    Round-off grows like eps/h, with eps = 1.2e-7 in float32 and 2.2e-16 in float64,
    while truncation shrinks like h²: the best step is about eps^(1/3), near 5e-3 in
    float32 and 6e-6 in float64.

    Parameters
    ----------
    f, df : callable
        A function of one real variable and its exact derivative.
    x : float
        Where to differentiate.
    steps : sequence of float, optional
        The steps h; by default 1e-1 down to 1e-12, four per decade.

    Returns
    -------
    steps, float32_error, float64_error : numpy.ndarray
        The absolute errors, as float64 arrays.

    Raises
    ------
    TypeError
        If f does not return a float32 number for a float32 input.
    """
    h = _steps(steps)
    errors = {}
    for dtype in (np.float32, np.float64):
        xd = dtype(x)
        exact = float(df(float(xd)))
        two = dtype(2)
        found = []
        for s in h:
            hd = dtype(s)
            plus = _in_precision(f(xd + hd), dtype, "f")
            minus = _in_precision(f(xd - hd), dtype, "f")
            estimate = (plus - minus) / (two * hd)
            found.append(abs(float(estimate) - exact))
        errors[dtype] = np.array(found)
    return h, errors[np.float32], errors[np.float64]


# ---------------------------------------------------------------------------
# Classification: one-hot targets, a stable softmax, the cross-entropy (chapter 4)
# ---------------------------------------------------------------------------


def one_hot(labels: Any, K: int) -> np.ndarray:
    """The one-hot matrix ``T`` of shape (N, K) of integer ``labels`` in ``0..K-1``.

    Row ``i`` is all zeros except a 1 in column ``labels[i]``. Classes are numbered
    ``1..K`` in the mathematics and ``0..K-1`` in code: class ``k`` of the text is
    label ``k - 1`` here, and column ``k - 1`` of ``T``.

    Raises
    ------
    TypeError, ValueError
        If ``K`` is not a positive integer, or ``labels`` is not a 1-D array of whole
        numbers from 0 to K - 1; the message names the first offending label.
    """
    if isinstance(K, (bool, np.bool_)) or not isinstance(K, (int, np.integer)):
        raise TypeError(f"K must be a positive integer; got {type(K).__name__}")
    if K < 1:
        raise ValueError(f"K must be a positive integer; got {int(K)}")
    arr, _ = read_real(labels, "labels")
    if arr.ndim != 1:
        raise ValueError(
            f"labels must be a 1-D array with one class label per sample; got shape "
            f"{tuple(arr.shape)}"
        )
    bad = np.flatnonzero((arr != np.round(arr)) | (arr < 0) | (arr > K - 1))
    if bad.size:
        i = int(bad[0])
        raise ValueError(
            f"labels must be whole numbers from 0 to K - 1 = {int(K) - 1} (class k of "
            f"the text is label k - 1 in code); got {arr[i]:g} at index {i}"
        )
    T = np.zeros((arr.size, int(K)))
    T[np.arange(arr.size), arr.astype(np.int64)] = 1.0
    return T


def _logits(Z: Any, name: str = "Z") -> np.ndarray:
    arr, _ = read_real(Z, name)
    if arr.ndim not in (1, 2) or arr.shape[-1] == 0:
        raise ValueError(
            f"{name} must be a vector of K logits or a matrix of shape (N, K), one "
            f"row per sample; got shape {tuple(arr.shape)}"
        )
    return arr


def log_softmax(Z: Any) -> np.ndarray:
    """``log softmax(Z)`` along the last axis, without overflow: log-sum-exp.

    ``log p_k = z_k - m - log(sum_j exp(z_j - m))`` with ``m = max_j z_j``: every
    exponent is at most 0, so nothing overflows, and the largest term of the sum is 1,
    so its log is finite. Works for a vector of K logits or an (N, K) matrix.
    """
    arr = _logits(Z)
    shifted = arr - arr.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def sigmoid(z: Any) -> np.ndarray:
    """The logistic sigmoid 1 / (1 + e^(-z)), entry by entry, without overflow.

    Computed as exp(-log(1 + e^(-z))) with ``np.logaddexp``, so that a large negative
    z gives a tiny number instead of an overflow warning.
    """
    z = np.asarray(z, dtype=float)
    return np.exp(-np.logaddexp(0.0, -z))


def softmax(Z: Any) -> np.ndarray:
    """``softmax(Z)`` along the last axis: probabilities, each row summing to 1.

    Computed as ``exp(log_softmax(Z))``, so logits of any size give finite results.
    """
    return np.exp(log_softmax(Z))


def cross_entropy(Z: Any, T: Any) -> float:
    """The mean cross-entropy ``-(1/N) sum_i sum_k T_ik log softmax(Z)_ik``.

    Parameters
    ----------
    Z : array_like, shape (N, K)
        Logits, one row per sample.
    T : array_like, shape (N, K)
        One-hot targets (``one_hot(labels, K)``), or any rows of probabilities.

    Raises
    ------
    ValueError
        If ``Z`` or ``T`` is not a matrix, or their shapes differ (the message says
        whether the number of samples N or of classes K disagrees).
    """
    Z = _logits(Z)
    T_arr, _ = read_real(T, "T")
    for name, arr in (("Z", Z), ("T", T_arr)):
        if arr.ndim != 2:
            extra = (
                ": pass the one-hot matrix one_hot(labels, K), not the labels"
                if name == "T" and arr.ndim == 1
                else ""
            )
            raise ValueError(
                f"{name} must be a matrix of shape (N, K), one row per sample; got "
                f"shape {tuple(arr.shape)}{extra}"
            )
    if Z.shape[0] != T_arr.shape[0]:
        raise ValueError(
            f"Z has {Z.shape[0]} rows but T has {T_arr.shape[0]}: both need one row "
            "per sample (the same N)"
        )
    if Z.shape[1] != T_arr.shape[1]:
        raise ValueError(
            f"Z has {Z.shape[1]} columns but T has {T_arr.shape[1]}: both need one "
            "column per class (the same K)"
        )
    return float(-np.sum(T_arr * log_softmax(Z)) / Z.shape[0])

"""Finite differences: gradients, partial and directional derivatives, their errors.

Pure numpy: nothing here prints or plots. Every function works on a float64 copy of
its input and never changes an array the caller passed in.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any, Callable, Union

import numpy as np

ArrayLike = Union[float, int, Sequence[float], np.ndarray]

DEFAULT_EPS = 1e-6
"""Default step of the central differences.

The error of a central difference is about ``eps**2 * |f'''| / 6`` (truncation) plus
``1e-16 * |f| / eps`` (round-off); the sum is smallest for ``eps`` near 1e-5 to 1e-6
when f and its derivatives are of order one. Chapter 1 measures this.
"""


def as_float_array(x: Any, name: str = "x") -> np.ndarray:
    """Return ``x`` as a new float64 array, refusing what cannot be a real point.

    Raises
    ------
    TypeError
        If ``x`` is not numeric (strings, None, objects) or is complex.
    ValueError
        If ``x`` holds NaN or infinity, or is empty.
    """
    if x is None:
        raise TypeError(f"{name} is None; expected a number or an array of numbers")
    try:
        arr = np.array(x)
    except Exception as exc:  # ragged lists and other oddities
        raise TypeError(
            f"{name} cannot be read as an array of numbers ({exc})"
        ) from None
    if np.iscomplexobj(arr):
        raise TypeError(f"{name} is complex; expected real numbers")
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number):
        raise TypeError(
            f"{name} has type {type(x).__name__} (dtype {arr.dtype}); expected real numbers"
        )
    arr = arr.astype(np.float64, copy=True)
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    if not np.all(np.isfinite(arr)):
        bad = index_tuple(np.argwhere(~np.isfinite(arr))[0]) if arr.ndim else ()
        where = f" at index {format_index(bad)}" if arr.ndim else ""
        raise ValueError(
            f"{name} holds {float(arr[bad])}{where}; expected finite numbers"
        )
    return arr


def index_tuple(index: Any) -> tuple[int, ...]:
    """An array index as a tuple of plain Python ints (prints as ``(1, 2)``)."""
    return tuple(int(i) for i in np.atleast_1d(index))


def format_index(index: tuple[int, ...]) -> str:
    """``(3,)`` prints as ``3`` and ``(1, 2)`` as ``(1, 2)``: how a reader indexes."""
    return str(index[0]) if len(index) == 1 else str(index)


def to_scalar(value: Any, what: str = "f") -> float:
    """Read a function's return value as one real float, or explain why it is not one.

    A size-one array (a loss computed as ``(y - t) ** 2`` with ``y`` of shape ``(1,)``)
    counts as a scalar.
    """
    if value is None:
        raise TypeError(
            f"{what} returned None; expected a number (is `return` missing?)"
        )
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{what} returned a bool ({value}); expected a number")
    try:
        arr = np.asarray(value)
    except Exception:
        arr = np.asarray(None)
    if np.iscomplexobj(arr):
        raise TypeError(
            f"{what} returned a complex number ({value}); expected a real number"
        )
    if not np.issubdtype(arr.dtype, np.number):
        raise TypeError(f"{what} returned {type(value).__name__}; expected a number")
    if arr.size != 1:
        raise TypeError(
            f"{what} returned an array of shape {tuple(arr.shape)}; expected a single number"
        )
    return float(arr.reshape(()))


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
            raise ValueError(
                f"{what} tried to modify its input array in place; work on a copy "
                "(for example `x = x.copy()`)"
            ) from None
        raise
    result = to_scalar(value, what)
    if not np.isfinite(result):
        raise ValueError(f"{what} returned {result} (not a finite number)")
    return result


def numerical_gradient(
    f: Callable[[np.ndarray], Any], x: ArrayLike, *, eps: float = DEFAULT_EPS
) -> np.ndarray:
    """Gradient of a scalar function by central differences.

    Entry ``i`` of the result is ``(f(x + eps*e_i) - f(x - eps*e_i)) / (2*eps)``,
    where ``e_i`` is the array of ``x``'s shape with a single 1 at ``i``; the error is
    O(eps**2) plus round-off of about ``1e-16 * |f| / eps``.

    Parameters
    ----------
    f : callable
        Takes one array shaped like ``x`` (or a float, when ``x`` is a scalar) and
        returns one real number. It receives a read-only array: it must not change it.
    x : number or array_like
        The point. Integer input is fine: the work is done on a float64 copy.
    eps : float, optional
        The step of the central differences.

    Returns
    -------
    numpy.ndarray
        float64, shaped like ``x`` (a 0-d array when ``x`` is a scalar).

    Raises
    ------
    TypeError
        If ``f`` is not callable, if ``x`` is not real numbers, or if ``f`` does not
        return a single real number.
    ValueError
        If ``x`` holds NaN or infinity, ``eps`` is not a positive number, ``f`` returns
        NaN or infinity, or ``f`` tries to modify its input.
    """
    if not callable(f):
        raise TypeError(f"f must be a function; got {type(f).__name__}")
    _check_eps(eps)
    x0 = as_float_array(x)
    scalar_input = x0.ndim == 0
    flat = x0.reshape(-1)  # a view on our own copy: perturb it in place, then restore
    grad = np.empty_like(flat)

    def f_at(buffer: np.ndarray) -> float:
        arg = float(buffer[0]) if scalar_input else _read_only(buffer.reshape(x0.shape))
        return _evaluate(f, arg)

    _evaluate(f, float(x0) if scalar_input else _read_only(x0))  # validate once, early
    for i in range(flat.size):
        original = flat[i]
        flat[i] = original + eps
        f_plus = f_at(flat)
        flat[i] = original - eps
        f_minus = f_at(flat)
        flat[i] = original
        grad[i] = (f_plus - f_minus) / (2.0 * eps)
    return grad.reshape(x0.shape)


def _check_eps(eps: Any) -> None:
    if isinstance(eps, bool) or not isinstance(
        eps, (int, float, np.floating, np.integer)
    ):
        raise TypeError(f"eps must be a positive number; got {type(eps).__name__}")
    if not (np.isfinite(eps) and eps > 0):
        raise ValueError(f"eps must be a positive number; got {eps}")


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
    eps: float = DEFAULT_EPS,
) -> float:
    """Partial derivative of ``f`` at ``point`` with respect to one coordinate.

    Central difference along that coordinate, all others held fixed:
    ``(f(.., p_k + eps, ..) - f(.., p_k - eps, ..)) / (2*eps)``; error O(eps**2).

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
    eps : float, optional
        The step of the central difference.

    Raises
    ------
    ValueError
        If ``wrt`` names no argument of ``f``, ``point`` does not match the number of
        arguments, or ``f`` returns NaN or infinity.
    TypeError
        If ``f`` is not callable or does not return a single real number.
    """
    _check_eps(eps)
    p, names = _point_and_names(f, point)
    k = _resolve_wrt(wrt, names, p.size)
    step = np.zeros_like(p)
    step[k] = eps
    f_plus = _evaluate(f, *(p + step))
    f_minus = _evaluate(f, *(p - step))
    return (f_plus - f_minus) / (2.0 * eps)


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
    eps: float = DEFAULT_EPS,
) -> float:
    """Rate of change of ``f`` at ``point`` along the unit vector ``u``.

    Central difference ``(f(p + eps*u) - f(p - eps*u)) / (2*eps)``; error O(eps**2).

    Parameters
    ----------
    f : callable
        Takes the coordinates as separate positional arguments, as in ``f(x, y)``.
    point : sequence of float
        Where to differentiate.
    u : sequence of float
        The direction, a unit vector with as many entries as ``point``.
    eps : float, optional
        The step of the central difference.

    Raises
    ------
    ValueError
        If ``u`` is not a unit vector (its norm is reported), or its length differs
        from ``point``'s.
    """
    _check_eps(eps)
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
    f_plus = _evaluate(f, *(p + eps * direction))
    f_minus = _evaluate(f, *(p - eps * direction))
    return (f_plus - f_minus) / (2.0 * eps)


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
    h = np.logspace(-1, -12, 45) if steps is None else as_float_array(steps, "steps")
    if h.ndim != 1 or np.any(h <= 0):
        raise ValueError("steps must be a flat list of positive numbers")
    x = float(x)
    exact = to_scalar(df(x), "df")
    fx = to_scalar(f(x), "f")
    forward = np.array([abs((to_scalar(f(x + s)) - fx) / s - exact) for s in h])
    central = np.array(
        [abs((to_scalar(f(x + s)) - to_scalar(f(x - s))) / (2 * s) - exact) for s in h]
    )
    return h, forward, central

"""Finite differences: gradients, partial and directional derivatives, their errors.

One engine, :func:`central_difference`, and one step, ``DEFAULT_STEP``, serve every
derivative in ``helpers``: the reader's tools (:func:`numerical_gradient`,
:func:`partial_derivative`, :func:`directional_derivative`), the checks, and the
figures (:func:`gradient_on_grid`).

Pure numpy: nothing here prints or plots. Every function works on a float64 copy of
its input and never changes an array the caller passed in. A point may be a number,
an array of any shape, or a dict of named arrays (a network's parameters). Arguments
are read by :mod:`helpers.validate`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Callable

import numpy as np

from .validate import (
    as_float_array,
    coordinate,
    format_index,
    index_tuple,
    number,
    point_for,
    positional_names,
    to_scalar,
)

DEFAULT_STEP = 1e-5
"""Default step ``h`` of the central differences.

The error of a central difference is about ``h**2 * |f'''| / 6`` (truncation) plus
``eps * |f| / h`` (round-off, with float64's machine epsilon ``eps`` = 2.2e-16); the
sum is smallest at ``h = (3 * eps * |f| / |f'''|) ** (1/3)``, about 1e-5 when f and its
derivatives are of similar size. Chapter 1 derives and measures this.
"""


def central_difference(shifted: Callable[[float], Any], h: float = DEFAULT_STEP) -> Any:
    """``(shifted(h) - shifted(-h)) / (2*h)``: the one difference quotient of helpers.

    ``shifted(s)`` is f at the point moved by ``s`` along a direction: one coordinate
    (a partial derivative), a unit vector u (a directional derivative), or one
    coordinate at every point of a grid at once (:func:`gradient_on_grid`). The
    result is the derivative along that direction, with an error O(h**2) from
    truncation plus about ``2.2e-16 * |f| / h`` from round-off.
    """
    return (shifted(h) - shifted(-h)) / (2.0 * h)


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
            names = positional_names(f) or ["x"]
            arg = names[0] if names else "x"
            raise ValueError(
                f"{what} tried to modify its input array in place; work on a copy "
                f"(for example {arg} = {arg}.copy())"
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

        def shifted(s: float) -> float:
            self.buffer[flat_index] = original + s
            return self.value()

        try:
            return central_difference(shifted, h)
        finally:
            self.buffer[flat_index] = original


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


def check_step(h: Any) -> float:
    """The step ``h`` of a central difference: a positive finite number."""
    return number(h, "h", minimum=0, strict=True)


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
    p, names = point_for(f, point)
    k = coordinate(wrt, names, p.size)
    axis = np.zeros_like(p)
    axis[k] = 1.0
    return central_difference(lambda s: _evaluate(f, *(p + s * axis)), h)


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
    p, _ = point_for(f, point)
    direction = as_float_array(u, "u")
    if direction.shape != p.shape:
        raise ValueError(f"u has shape {direction.shape} but point has shape {p.shape}")
    norm = float(np.linalg.norm(direction))
    if abs(norm - 1.0) > UNIT_TOLERANCE:
        raise ValueError(
            f"u must be a unit vector, but its norm is {norm:.6g}; divide u by its norm "
            "(a longer u would scale the rate of change by that norm)"
        )
    return central_difference(lambda s: _evaluate(f, *(p + s * direction)), h)


def vectorized(f: Callable[..., Any]) -> Callable[..., np.ndarray]:
    """``f`` evaluated entry by entry on arrays, even if written for numbers only.

    A function of coordinates written with numpy (``x**2 * np.cos(x * y)``) is called
    once on whole arrays; one written with ``math.cos`` is called point by point.
    Either way the result is a float64 array of the arguments' broadcast shape.
    """

    def on_arrays(*arrays: Any) -> np.ndarray:
        try:
            out = np.asarray(f(*arrays), dtype=float)
            if out.shape == np.broadcast(*arrays).shape:
                return out
        except (TypeError, ValueError):
            pass
        return np.vectorize(lambda *a: float(f(*a)), otypes=[float])(*arrays)

    return on_arrays


def gradient_on_grid(
    f: Callable[..., Any], *grids: Any, h: float = DEFAULT_STEP
) -> tuple[np.ndarray, ...]:
    """The gradient of ``f`` at every point of a grid, by central differences.

    Parameters
    ----------
    f : callable
        Takes the coordinates as separate positional arguments, as in ``f(x, y)``,
        and returns one real number; written for numbers or for arrays.
    *grids : array_like
        One array of coordinates per argument of ``f``, all of one shape (as
        ``np.meshgrid`` gives them); plain numbers give the gradient at one point.
    h : float, optional
        The step of the central differences.

    Returns
    -------
    tuple of numpy.ndarray
        The partial derivatives, one array per coordinate, each of the grids' shape:
        ``dx, dy = gradient_on_grid(f, gx, gy)``.
    """
    if not callable(f):
        raise TypeError(f"f must be a function; got {type(f).__name__}")
    check_step(h)
    if not grids:
        raise ValueError("gradient_on_grid needs one array of coordinates per argument")
    arrays = [as_float_array(g, f"grids[{k}]") for k, g in enumerate(grids)]
    on_arrays = vectorized(f)

    def partial(k: int) -> np.ndarray:
        def shifted(s: float) -> np.ndarray:
            moved = [a + s if j == k else a for j, a in enumerate(arrays)]
            return on_arrays(*moved)

        return central_difference(shifted, h)

    return tuple(partial(k) for k in range(len(arrays)))


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
        [abs(central_difference(lambda t: to_scalar(f(x + t)), s) - exact) for s in h]
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

"""One comparison of a reader's answer with the expected value, whatever its shape.

An expected value is a number, an array of any shape, a tuple of them (one per
partial, or ``(grad_W, grad_b)``), or a dict of named arrays (``{"W1": ..., ...}``).
The reader's answer is read against that layout part by part. Problems are reported
in a fixed order, so the message names the first thing to fix: the answer's structure
(a missing key, a wrong count), then shapes (with a hint for the usual causes), then
values (the part and the entry of the worst mismatch, printed with enough digits to
differ).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..validate import format_index, index_tuple, read_real
from .reader import ReaderError
from .verdict import fmt_pair, ordinal, relative_error


class AnyOf:
    """Several right answers (a direction and its opposite): matching one passes."""

    def __init__(self, *options: Any) -> None:
        if not options:
            raise ValueError("AnyOf needs at least one option")
        self.options = options


@dataclass(frozen=True)
class Layout:
    """How an expected value is built: a single value, a tuple, or a dict of parts.

    ``names`` are how messages call each part; ``likes`` name the parameter whose shape
    a part must have (a gradient's), or None.
    """

    kind: str  # "single", "tuple" or "dict"
    keys: tuple[Any, ...]
    names: tuple[str, ...]
    shapes: tuple[tuple[int, ...], ...]
    likes: tuple[str | None, ...]
    alternatives: int = 1  # how many different answers are right (AnyOf)

    def described(self) -> str:
        if self.kind == "dict":
            return "a dict with the keys " + ", ".join(repr(k) for k in self.keys)
        return f"{len(self.keys)} values ({', '.join(self.names)})"


def layout_of(
    expected: Any,
    name: str,
    labels: Sequence[str] | Mapping[Any, str] | None = None,
    like: str | Sequence[str | None] | Mapping[Any, str] | None = None,
) -> Layout:
    """The layout of ``expected`` (one case's correct value), with names for messages."""
    alternatives = 1
    if isinstance(expected, AnyOf):
        expected, alternatives = expected.options[0], len(expected.options)
    if isinstance(expected, Mapping):
        keys = tuple(expected)
        labels = labels or {}
        names = tuple(labels.get(k, f"{name}[{k!r}]") for k in keys)
        like = like or {}
        likes = tuple(like.get(k) for k in keys)
        values = [expected[k] for k in keys]
        kind = "dict"
    elif isinstance(expected, (tuple, list)):
        keys = tuple(range(len(expected)))
        names = (
            tuple(labels)
            if labels
            else tuple(f"{ordinal(k)} entry of {name}" for k in keys)
        )
        likes = tuple(like) if like else (None,) * len(keys)
        values = list(expected)
        kind = "tuple"
    else:
        keys, names, likes, values, kind = (0,), (name,), (like,), [expected], "single"
    shapes = tuple(np.shape(v) for v in values)
    return Layout(kind, keys, names, shapes, likes, alternatives)


def expected_parts(expected: Any, layout: Layout) -> list[np.ndarray]:
    """The expected value's parts as float64 arrays, in the layout's order."""
    if layout.kind == "single":
        values = [expected]
    elif layout.kind == "dict":
        values = [expected[k] for k in layout.keys]
    else:
        values = list(expected)
    return [np.asarray(v, dtype=np.float64) for v in values]


# ---------------------------------------------------------------------------
# Reading an answer against a layout: structure, then shapes
# ---------------------------------------------------------------------------


@dataclass
class Reading:
    """An answer read as float64 parts, and the coarsest float precision it used."""

    parts: list[np.ndarray]
    precision: float


def read_answer(
    answer: Any,
    layout: Layout,
    who: str,
    where: str = "",
    returned: bool = True,
    strict: bool = False,
    finite: bool = True,
    computed: bool = True,
) -> Reading:
    """Read ``answer`` part by part, or raise ReaderError saying what is wrong.

    ``who`` is how the answer is called ("df_dy" for a function's return value, with
    ``returned``; "grad_W" for a value); ``where`` says for which input (may be "").
    With ``strict`` (an exercise, whose text asks for arrays and floats), a list or a
    tuple where an array is expected is refused, and so is an array of bools.
    Without ``finite``, nan and inf pass (to look at the structure and shapes only).
    ``computed`` says whether the answer comes from code (not typed in by hand): only
    then do shape hints suggest what code does.
    """
    at = f" {where}" if where else ""
    if layout.kind == "single":
        items = [answer]
    elif layout.kind == "tuple":
        items = _tuple_items(answer, layout, _verb(who, returned), at)
    else:
        items = _dict_items(answer, layout, who, _verb(who, returned), at)
    parts, precision = [], 0.0
    for k, item in enumerate(items):
        single = layout.kind == "single"
        what = who if single else layout.names[k]
        arr, eps = _read_part(
            item,
            layout,
            k,
            what,
            at,
            returned and single,
            returned,
            strict,
            finite,
            computed,
        )
        parts.append(arr)
        precision = max(precision, eps)
    return Reading(parts, precision)


def _verb(who: str, returned: bool) -> str:
    return f"{who} returned" if returned else f"{who} is"


def _tuple_items(answer: Any, layout: Layout, verb: str, at: str) -> list[Any]:
    k = len(layout.keys)
    if answer is None:
        raise ReaderError(f"{verb} None{at}: is a return statement missing?")
    if isinstance(answer, Mapping):
        raise ReaderError(f"{verb} a dict{at}; expected {layout.described()}")
    if isinstance(answer, (tuple, list)):
        if len(answer) != k:
            raise ReaderError(
                f"{verb} {len(answer)} value(s){at}; expected {layout.described()}"
            )
        return list(answer)
    if isinstance(answer, np.ndarray) and answer.ndim >= 1:
        if answer.shape[0] == k:
            return list(answer)
        if all(s == () for s in layout.shapes) and answer.size == k:
            return list(answer.reshape(-1))
        raise ReaderError(
            f"{verb} an array of shape {answer.shape}{at}; expected {layout.described()}"
        )
    raise ReaderError(f"{verb} {kind_of(answer)}{at}; expected {layout.described()}")


def kind_of(value: Any) -> str:
    """What a value is, in a few words: "a string '0.5'", "an array of shape (3,)"."""
    if isinstance(value, (str, bytes)):
        return f"a string {value!r:.40}"
    if isinstance(value, Mapping):
        return "a dict"
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} values"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        return "a single number"
    return f"a {type(value).__name__}"


def _dict_items(answer: Any, layout: Layout, who: str, verb: str, at: str) -> list[Any]:
    if answer is None:
        raise ReaderError(f"{verb} None{at}: is a return statement missing?")
    expected_keys = ", ".join(repr(k) for k in layout.keys)
    if not isinstance(answer, Mapping):
        raise ReaderError(
            f"{verb} {kind_of(answer)}{at}; expected {layout.described()}"
        )
    missing = [k for k in layout.keys if k not in answer]
    extra = [k for k in answer if k not in layout.keys]
    if missing:
        typo = f" ({extra[0]!r} is not one of them: a typo?)" if extra else ""
        raise ReaderError(
            f"{who}'s dict has no key {missing[0]!r}{at}; expected the keys "
            f"{expected_keys}{typo}"
        )
    if extra:
        raise ReaderError(
            f"{who}'s dict has an unexpected key {extra[0]!r}{at}; expected "
            f"only the keys {expected_keys}"
        )
    return [answer[k] for k in layout.keys]


def _read_part(
    value: Any,
    layout: Layout,
    k: int,
    what: str,
    at: str,
    returned: bool,
    from_code: bool = True,
    strict: bool = False,
    finite: bool = True,
    computed: bool = True,
) -> tuple[np.ndarray, float]:
    """Part ``k`` of an answer as a float64 array of the expected shape, or ReaderError.

    ``from_code`` says whether the answer is what the reader's function returned (a
    message then says "return") or a value the reader stored ("store").
    """
    shape = layout.shapes[k]
    subject = _verb(what, returned)
    wanted = "a single number" if shape == () else f"an array of shape {shape}"
    if shape != () and isinstance(value, (list, tuple)):
        problem = _not_an_array(value, shape, subject, at, layout, from_code, strict)
        if problem:
            raise ReaderError(problem)
    if (
        strict
        and shape == ()
        and type(value) in (list, tuple)
        and len(value) == 1
        and isinstance(value[0], (int, float, np.number))
    ):
        raise ReaderError(
            f"{subject} a {type(value).__name__}{at}; expected a single number: "
            "give the number itself, not inside brackets"
        )
    if strict and isinstance(value, np.ndarray) and value.dtype == np.bool_:
        if value.shape == shape:
            raise ReaderError(
                f"{subject} an array of bools (dtype bool){at}; the text asks for "
                "floats: convert it with .astype(float)"
            )
        value = value.astype(float)  # its shape is wrong too: say that first
    try:
        arr, precision = read_real(
            value, what, returned=returned, expected=wanted, finite=False, where=at[1:]
        )
    except TypeError as exc:
        raise ReaderError(str(exc)) from None
    if precision > LOWEST_PRECISION:
        raise ReaderError(
            f"{subject} {_float_name(precision)} numbers{at}, which keep too few "
            "digits to check: compute in float64 (the default), or convert with "
            ".astype(float)"
        )
    if shape == ():
        if arr.size != 1:
            raise ReaderError(
                f"{subject} an array of shape {arr.shape}{at}; expected a single number"
            )
        arr = arr.reshape(())
    elif arr.shape != shape:
        if arr.shape == () or (arr.size == 1 and not computed):
            raise ReaderError(f"{subject} a single number{at}; expected {wanted}")
        raise ReaderError(
            shape_message(what, arr.shape, shape, layout.likes[k], at, computed)
        )
    if finite and not np.all(np.isfinite(arr)):
        bad = index_tuple(np.argwhere(~np.isfinite(arr))[0]) if arr.ndim else ()
        entry = f" in entry {format_index(bad)}" if arr.ndim else ""
        raise ReaderError(f"{subject} {float(arr[bad])}{entry}{at}")
    return arr, precision


def _float_name(precision: float) -> str:
    for dtype in (np.float16, np.float32, np.float64):
        if precision == float(np.finfo(dtype).eps):
            return np.dtype(dtype).name
    return "low-precision"


def _not_an_array(
    value: list | tuple,
    shape: tuple[int, ...],
    subject: str,
    at: str,
    layout: Layout,
    from_code: bool,
    strict: bool,
) -> str:
    """Why a list or tuple is refused where an array of ``shape`` is expected, or "".

    A list of arrays that does not stack to ``shape`` is refused always; with
    ``strict``, so is any list or tuple of numbers (what cannot be read as numbers,
    ragged or symbolic, is left to the reader of numbers, which says why).
    """
    kind = type(value).__name__ if type(value) in (list, tuple) else "sequence"
    try:
        stacked = np.shape(np.asarray(value, dtype=float))
    except Exception:
        stacked = None
    arrays = any(isinstance(v, np.ndarray) and v.ndim >= 1 for v in value)
    if arrays and stacked != shape:
        text = (
            f"{subject} a {kind} of {len(value)} arrays{at}; expected one array of "
            f"shape {shape}"
        )
        if layout.alternatives > 1 and len(value) == layout.alternatives:
            return f"{text}: either right answer passes, so give just one of them"
        return text
    if not strict or stacked != shape:
        return ""
    verb = "return" if from_code else "store"
    return (
        f"{subject} a {kind}{at}; the text asks for a numpy array of shape {shape}: "
        f"{verb} np.array(...), since the cells after it use its .shape and its "
        f"entry-by-entry arithmetic, which a {kind} does not have"
    )


def shape_message(
    what: str,
    got: tuple[int, ...],
    expected: tuple[int, ...],
    like: str | None = None,
    at: str = "",
    computed: bool = True,
) -> str:
    """A shape mismatch, with a hint for the usual causes.

    ``computed`` says whether the array comes from the reader's code: only then
    does the hint suggest what code does (broadcasting, a sum over an axis).
    """
    got, expected = tuple(got), tuple(expected)
    if like:
        text = f"{what} has shape {got} but {like} has shape {expected}{at}"
    else:
        text = f"{what} has shape {got}{at}; expected shape {expected}"
    hint = shape_hint(got, expected, gradient=bool(like), computed=computed)
    return f"{text}: {hint}" if hint else text


def shape_hint(
    got: tuple[int, ...],
    expected: tuple[int, ...],
    gradient: bool = True,
    computed: bool = True,
) -> str:
    """Why an array might have ``got`` where ``expected`` was wanted, or "".

    ``gradient`` says whether the array is a gradient, which has the shape of its
    parameter (the hint for a transposed array says so). Without ``computed`` (a
    value the reader may have typed in), only a transpose is suggested: hints about
    broadcasting or a sum over an axis would be about code that may not exist.
    """
    if len(got) == 2 and got == expected[::-1]:
        if not gradient:
            return "transposed?"
        return "a gradient has its parameter's shape (transposed?)"
    if not computed or got == ():
        return ""
    if got == expected + (1,):
        return (
            "a column where a flat array was expected; flatten it with .ravel() "
            "(mixing (N,) and (N, 1) broadcasts to (N, N))"
        )
    if expected == got + (1,):
        return "a flat array where a column was expected; use .reshape(-1, 1)"
    if len(got) == 2 and len(expected) == 1 and got == (expected[0],) * 2:
        return "broadcasting mixed an (N,) and an (N, 1) array?"
    if len(expected) >= 1 and got == expected[1:]:
        return (
            f"the first axis (of length {expected[0]}) is missing: a missing batch axis, "
            "or a sum over the wrong axis?"
        )
    if len(got) >= 2 and got[0] == 1 and got[1:] == expected:
        return (
            "a row where a flat array was expected: sum without keepdims, or .ravel()"
        )
    if len(got) >= 1 and got[1:] == expected:
        return (
            f"an extra leading axis of {got[0]}: sum (or average) over the samples, "
            "axis 0?"
        )
    if len(got) == 1 and len(expected) >= 2 and got[0] == int(np.prod(expected)):
        return "flattened? reshape it to the parameter's shape"
    return ""


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------


FLOAT32_RTOL = 1e-4
"""The most a float32 answer's tolerance is widened to (float32 holds about 7 digits,
so round-off in a computation of a few hundred steps stays far below it). No other
precision widens a tolerance: float64 is held to the exercise's own, and float16 (about
3 digits) is refused before any comparison (:func:`read_answer`)."""

LOWEST_PRECISION = float(np.finfo(np.float32).eps)
"""The coarsest float an answer may use: float32's."""


def tolerances(precision: float, rtol: float, tiny: float) -> tuple[float, float]:
    """The exercise's tolerances, widened to at most :data:`FLOAT32_RTOL` for a float32
    answer. The answer's dtype never widens them further: ``precision`` coarser than
    float32's is refused by :func:`read_answer` and, if it gets here, widens nothing."""
    if precision <= float(np.finfo(np.float64).eps) or precision > LOWEST_PRECISION:
        return rtol, tiny
    return max(rtol, FLOAT32_RTOL), max(tiny, FLOAT32_RTOL)


def part_errors(
    got: Reading, want: Sequence[np.ndarray], rtol: float, tiny: float
) -> list[np.ndarray]:
    """Relative error of each part, entry by entry, divided by the tolerance (<= 1 passes)."""
    rtol, tiny = tolerances(got.precision, rtol, tiny)
    return [relative_error(g, w, tiny) / rtol for g, w in zip(got.parts, want)]


def matches(got: Reading, want: Sequence[np.ndarray], rtol: float, tiny: float) -> bool:
    return all(np.all(e <= 1.0) for e in part_errors(got, want, rtol, tiny))


def value_message(
    got: Reading,
    want: Sequence[np.ndarray],
    layout: Layout,
    rtol: float,
    tiny: float,
    source: str,
    where: str = "",
    returned: bool = True,
    ordered: bool = False,
) -> str:
    """Where the answer differs most: the part, the entry, and both values.

    A function's single number "gives" a value; a value or an entry "is" one. With
    ``ordered`` (the parts of a backward pass, in the order it computes them), the
    first wrong part is reported, not the worst: a mistake spreads to the later parts,
    so the first one is where it was made.
    """
    errors = part_errors(got, want, rtol, tiny)
    if ordered:
        worst_part = next(k for k, e in enumerate(errors) if np.any(e > 1.0))
        errors_shown = errors[worst_part : worst_part + 1]
    else:
        errors_shown = errors
    # Near-ties (a whole part scaled by the same factor) go to the first entry, so
    # the message does not depend on the last digits of the finite differences.
    top = max(float(np.max(e)) for e in errors_shown) * (1 - 1e-6)
    if not ordered:
        worst_part = next(k for k, e in enumerate(errors) if float(np.max(e)) >= top)
    err = errors[worst_part]
    first = int(np.argmax(err.reshape(-1) >= top))
    index = index_tuple(np.unravel_index(first, err.shape)) if err.ndim else ()
    g, w = got.parts[worst_part][index], want[worst_part][index]
    g_text, w_text = fmt_pair(g, w)
    name = entry_text(layout.names[worst_part], index)
    verb = "gives" if returned and layout.kind == "single" and not index else "is"
    at = f"{where} " if where else ""
    text = f"{at}your {name} {verb} {g_text}; {source} {_give(source)} {w_text}"
    n_bad, size = int(np.sum(err > 1.0)), err.size
    notes = []
    if size > 1:
        notes.append(f"{n_bad} of {size:,} entries differ")
    right = [layout.names[k] for k, e in enumerate(errors) if np.all(e <= 1.0)]
    if ordered and worst_part > 0:
        notes.append(f"right up to {layout.names[worst_part - 1]}")
    elif right:
        notes.append(f"{', '.join(right)} {'is' if len(right) == 1 else 'are'} right")
    return text + (f" ({'; '.join(notes)})" if notes else "")


_CODE_LIKE = re.compile(r"^[A-Za-z_][\w]*(\[[^\]]*\])*$")


def entry_text(name: str, index: tuple[int, ...]) -> str:
    """``grad_W[2, 0]``, or ``entry (2, 0) of the second entry of backward``."""
    if not index:
        return name
    if _CODE_LIKE.match(name):
        return f"{name}[{', '.join(map(str, index))}]"
    return f"entry {format_index(index)} of {name}"


def _give(source: str) -> str:
    """ "finite differences give", "the formula gives": agree with the subject."""
    last = source.split()[-1] if source.split() else ""
    return "give" if last.endswith("s") and not last.endswith("ss") else "gives"


def find_swap(
    answers: Sequence[Any],
    wants: Sequence[Sequence[np.ndarray]],
    layouts: Sequence[Layout],
    rtol: float,
    tiny: float,
) -> tuple[int, ...] | None:
    """A reordering of a tuple's entries under which every case passes, if any.

    ``answers`` are the reader's raw values, one per case, with the right values
    ``wants`` and layouts ``layouts``. Only tuples of two to six entries are tried.
    """
    k = len(layouts[0].keys)
    if layouts[0].kind != "tuple" or not 2 <= k <= 6:
        return None
    if not all(isinstance(a, (tuple, list)) and len(a) == k for a in answers):
        return None
    for perm in itertools.permutations(range(k)):
        if perm != tuple(range(k)) and all(
            _passes_in_order(a, perm, w, layout, rtol, tiny)
            for a, w, layout in zip(answers, wants, layouts)
        ):
            return perm
    return None


def _passes_in_order(answer, perm, want, layout, rtol, tiny) -> bool:
    try:
        got = read_answer([answer[p] for p in perm], layout, "")
    except ReaderError:
        return False
    return matches(got, want, rtol, tiny)


def swap_message(perm: tuple[int, ...], layout: Layout, where: str = "") -> str:
    """ "your second and third entries look swapped: return (a, b, c) in that order"."""
    moved = [k for k, p in enumerate(perm) if p != k]
    order = ", ".join(layout.names)
    if len(moved) == 2:
        a, b = moved
        text = f"your {ordinal(a)} and {ordinal(b)} entries look swapped"
    else:
        text = "your entries look out of order"
    return f"{text}: return them in the order ({order})"

"""The catalog: every exercise of the book, declared as data, in book order.

An exercise is one of four kinds, each checked by ``check(id, answer)``:

- :class:`FunctionExercise`: the reader writes a function (a derivative, a gradient, a
  backward pass); it is called at fixed cases and compared with values computed from
  the mathematics (finite differences of the function the text defines), never with a
  stored answer, so any correct formulation passes.
- :class:`ValueExercise`: the reader computes a number, an array, or a tuple or dict of
  them, and passes it.
- :class:`ChoiceExercise`: a prediction or conceptual question; the reader passes the
  letter of an option, and every wrong option has its own explanation.
- :class:`DebugExercise`: the reader is given code with a planted mistake and passes the
  repaired function; the check says whether the planted mistake is still there.

Each chapter's module (``ch01.py``, ...) declares its exercises with :func:`register`.

>>> from helpers import exercises
>>> [e.id for e in exercises.all()][:3]
['1.1', '1.2', '1.3']
"""

from __future__ import annotations

import builtins
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar

import numpy as np

from ..checks import reader
from ..checks.compare import (
    AnyOf,
    Layout,
    Reading,
    expected_parts,
    find_swap,
    layout_of,
    matches,
    read_answer,
    swap_message,
    value_message,
)
from ..checks.reader import NotImplementedYet, ReaderError, TimeUp, call_reader
from ..checks.verdict import (
    FAIL,
    PASS,
    TODO,
    CheckResult,
    fmt_error,
    relative_error,
    sentence,
)

_all = builtins.all  # this module defines its own all()

__all__ = [
    "AnyOf",
    "ChoiceExercise",
    "DebugExercise",
    "Exercise",
    "FunctionExercise",
    "Misconception",
    "ValueExercise",
    "all",
    "check",
    "describe_point",
    "get",
    "points",
    "prefer",
    "register",
    "see",
]


@dataclass(frozen=True)
class Misconception:
    """A known wrong answer and why it is wrong.

    ``answer`` is what a reader with this misconception passes: a function with the
    exercise's signature (function and debug kinds), a value (value kind), or an
    option's letter (choice kind). ``hint`` names the mistake and the section to reread.
    """

    name: str
    answer: Any
    hint: str


# ---------------------------------------------------------------------------
# The kinds
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Exercise:
    """What every exercise has: an id (``"1.2"``), a title, and how to answer it.

    ``signature`` is what the reader passes: ``"df_dy(x, y)"`` for a function, the
    value's name for a value, the option letters for a choice. ``reference`` is the
    book's own answer in that form; the tests check that it passes.
    """

    kind: ClassVar[str] = ""

    id: str
    title: str
    signature: str
    reference: Any = field(repr=False)
    misconceptions: tuple[Misconception, ...] = field(default=(), repr=False)

    @property
    def chapter(self) -> int:
        return int(self.id.split(".")[0])

    @property
    def name(self) -> str:
        """The name the reader's answer has in the notebook (``df_dy``)."""
        return self.signature.split("(")[0].strip()

    @property
    def label(self) -> str:
        return f"Exercise {self.id}"

    def check(self, answer: Any) -> CheckResult:
        """Check a reader's answer; never raises, whatever ``answer`` is."""
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # ours; the reader's are caught apart
                return self._check(answer)
        except Exception as exc:  # a bug of ours must not look like the reader's
            return CheckResult(
                False,
                f"{FAIL} {self.label}: the check itself failed "
                f"({type(exc).__name__}); please report this.",
            )

    def _check(self, answer: Any) -> CheckResult:
        raise NotImplementedError

    def _fail(self, text: str) -> CheckResult:
        return CheckResult(False, f"{FAIL} {self.label}: {sentence(text)}")

    def _todo(self, text: str) -> CheckResult:
        return CheckResult(False, f"{TODO} {self.label}: {sentence(text)}")


@dataclass(frozen=True)
class _Compared(Exercise):
    """Shared by the kinds whose answer is compared with a computed value."""

    source: str = "finite differences"
    labels: Sequence[str] | Mapping[str, str] | None = None
    like: str | Sequence[str | None] | Mapping[str, str] | None = None
    rtol: float = 1e-6
    tiny: float = 1e-6
    warning_hints: Mapping[str, str] = field(default_factory=dict, repr=False)
    """What to fix when the reader's code warned: ``{"overflow encountered in exp":
    "subtract each row's max first ..."}``, keyed by a fragment of numpy's warning."""

    def _fail(self, text: str) -> CheckResult:
        # A warning with a known cause (exp overflowing, the log of 0) gets its hint,
        # so that the verdict says what to fix and not only what went wrong.
        _, marker, warning = text.partition("your code warned: ")
        for fragment, hint in self.warning_hints.items() if marker else ():
            if fragment in warning:
                return super()._fail(f"{text.rstrip('.')}: {hint}")
        return super()._fail(text)

    ordered: bool = False

    def _judge(
        self,
        values: Sequence[Any],
        wants: Sequence[Any],
        wheres: Sequence[str],
        who: str,
        returned: bool,
        mistaken: Callable[[Misconception], list[Any]],
        warned: Sequence[str] = (),
    ) -> CheckResult:
        """The verdict on answers ``values`` where ``wants`` are right, case by case.

        The message names the first thing to fix: a known misconception, entries in
        the wrong order, the answer's structure or shape, then its values.
        """
        layouts = [layout_of(w, who, self.labels, self.like) for w in wants]
        readings: list[Reading | None] = []
        problem = None
        for value, layout, where in zip(values, layouts, wheres):
            try:
                readings.append(read_answer(value, layout, who, where, returned))
            except ReaderError as exc:
                readings.append(None)
                problem = problem or str(exc)
        options = [_options(w, layout) for w, layout in zip(wants, layouts)]
        closest = [
            _closest(r, opts, self.rtol, self.tiny) if r is not None else opts[0]
            for r, opts in zip(readings, options)
        ]
        passed = problem is None and _all(
            matches(r, w, self.rtol, self.tiny) for r, w in zip(readings, closest)
        )
        if passed:
            return self._passed(closest, len(values), who, warned)
        # A wrong answer near a known misconception is taken as that misconception
        # (rounded by hand, say): ten times the tolerance of a right answer.
        for wrong in self.misconceptions:
            if _same_answers(values, mistaken(wrong), 10 * self.rtol, self.tiny):
                return self._fail(_with_warning(wrong.hint, warned))
        firsts = [o[0] for o in options]
        perm = find_swap(values, firsts, layouts, self.rtol, self.tiny)
        if perm is not None:
            return self._fail(_with_warning(swap_message(perm, layouts[0]), warned))
        if problem is not None:
            return self._fail(_with_warning(problem, warned))
        for reading, want, layout, where in zip(readings, closest, layouts, wheres):
            if not matches(reading, want, self.rtol, self.tiny):
                text = value_message(
                    reading,
                    want,
                    layout,
                    self.rtol,
                    self.tiny,
                    self.source,
                    where,
                    returned,
                    self.ordered,
                )
                return self._fail(_with_warning(text, warned))
        raise AssertionError("a failing answer with no failing case")

    def _passed(self, wants, n_cases, who, warned) -> CheckResult:
        where = f" at {n_cases} points" if n_cases > 1 else ""
        text = f"{PASS} {self.label} passed: {who} matches {self.source}{where}"
        # A count is right or wrong: no error to bound. Otherwise the message gives
        # the tolerance the answer met, never the error itself (round-off digits).
        counts = _all(bool(np.all(np.round(p) == p)) for want in wants for p in want)
        if not counts:
            text += f" (max rel. error {fmt_error(self.rtol)})"
        return CheckResult(True, sentence(_with_warning(text, warned)))


def _options(want: Any, layout: Layout) -> list[list[np.ndarray]]:
    values = want.options if isinstance(want, AnyOf) else (want,)
    return [expected_parts(v, layout) for v in values]


def _closest(reading: Reading, options, rtol: float, tiny: float) -> list[np.ndarray]:
    """The right answer (of several accepted) nearest to the reader's."""
    for option in options:
        if matches(reading, option, rtol, tiny):
            return option
    return min(
        options,
        key=lambda o: max(
            float(np.max(relative_error(g, w, tiny), initial=0.0))
            for g, w in zip(reading.parts, o)
        ),
    )


def _with_warning(text: str, warned: Sequence[str]) -> str:
    if not warned:
        return text
    return f"{text.rstrip('.')}; your code warned: {warned[0]}"


def _same_answers(got: Sequence[Any], other: Sequence[Any], rtol, tiny) -> bool:
    """Whether the reader's raw answers equal a misconception's, case by case."""
    return len(got) == len(other) and _all(
        _same(g, o, rtol, tiny) for g, o in zip(got, other)
    )


def _same(a: Any, b: Any, rtol: float, tiny: float) -> bool:
    if isinstance(b, Mapping):
        return (
            isinstance(a, Mapping)
            and set(a) == set(b)
            and _all(_same(a[k], b[k], rtol, tiny) for k in b)
        )
    if isinstance(b, (tuple, list)) and any(np.ndim(v) > 0 for v in b):
        return (
            isinstance(a, (tuple, list))
            and len(a) == len(b)
            and _all(_same(x, y, rtol, tiny) for x, y in zip(a, b))
        )
    if isinstance(a, (bool, np.bool_, str, bytes)):
        return False  # True is not the number 1 here
    try:
        x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except Exception:
        return False
    if x.size == y.size == 1:
        x, y = x.reshape(()), y.reshape(())
    return (
        x.shape == y.shape
        and bool(np.all(np.isfinite(x)))
        and bool(np.all(relative_error(x, y, tiny) <= rtol))
    )


@dataclass(frozen=True)
class FunctionExercise(_Compared):
    """The reader writes a function; it is called at every case and compared.

    Parameters
    ----------
    cases : sequence of tuple
        Argument tuples, in a fixed order; include the edges of the domain (zeros,
        points on the axes, negative and large values, kinks).
    expected : callable
        ``expected(*case)``: the right value, computed from the mathematics (finite
        differences of the function the text defines). It may return an
        :class:`AnyOf` when several answers are right.
    describe : callable
        ``describe(*case)``: the case in words, as in ``"(x, y) = (0.50, -1.20)"``.
    source : str
        What ``expected`` is, for messages: "finite differences".
    labels : sequence or mapping of str, optional
        Names of the parts when the answer is a tuple (one per partial) or a dict.
    like : str, sequence or mapping of str, optional
        For gradients: the parameter whose shape each part must have (``"W"``).
    ordered : bool, optional
        The parts are computed in order, each from the ones before (a backward
        pass): a wrong answer is reported at its first wrong part, not its worst.
    """

    kind: ClassVar[str] = "function"

    cases: tuple[tuple, ...] = ()
    expected: Callable[..., Any] | None = field(default=None, repr=False)
    describe: Callable[..., str] | None = field(default=None, repr=False)

    def _check(self, answer: Any) -> CheckResult:
        who = reader.function_name(answer, self.name)
        warned: list[str] = []
        try:
            reader.require_function(answer, self.name, self.signature, self.id)
            values = self._call_all(answer, who, warned)
        except NotImplementedYet:
            return self._todo(
                f"{who} is not implemented yet: replace `raise NotImplementedError` "
                "with your code"
            )
        except TimeUp:  # the limit struck between two calls of the reader's function
            return self._fail(f"the check ran out of time ({reader.TIME_LIMIT:g} s)")
        except ReaderError as exc:
            return self._fail(_with_warning(str(exc), warned))
        return self._judge(
            values,
            [self.expected(*case) for case in self.cases],
            [self._where(case) for case in self.cases],
            who,
            True,
            self._values_of,
            warned,
        )

    def _where(self, case: tuple) -> str:
        return f"at {self.describe(*case)}"

    def _call_all(self, fn: Callable[..., Any], who: str, warned: list[str]) -> list:
        with reader.time_limit(reader.TIME_LIMIT):
            return [
                call_reader(fn, case, who, self._where(case), self.signature, warned)
                for case in self.cases
            ]

    def _values_of(self, wrong: Misconception) -> list[Any]:
        try:
            return [wrong.answer(*case) for case in self.cases]
        except Exception:  # a misconception undefined somewhere simply does not match
            return []


@dataclass(frozen=True)
class DebugExercise(FunctionExercise):
    """The reader repairs ``given``, a function with one planted mistake.

    ``bug`` says what the planted mistake does, without giving the fix away; the check
    reports it when the repaired function still behaves like ``given``. The planted
    mistake is the first of the exercise's misconceptions. ``given_source`` is the code
    as the notebook shows it (the tests compare the two), when ``given`` is built from
    it.
    """

    kind: ClassVar[str] = "debug"

    given: Callable[..., Any] | None = field(default=None, repr=False)
    bug: str = ""
    given_source: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        planted = Misconception(
            "planted mistake",
            self.given,
            f"the planted mistake is still there: {self.bug}",
        )
        object.__setattr__(self, "misconceptions", (planted, *self.misconceptions))

    def _check(self, answer: Any) -> CheckResult:
        if _same_code(answer, self.given):
            return self._todo(
                f"{reader.function_name(answer, self.name)} is still the code as given: "
                "find the planted mistake and fix it"
            )
        result = super()._check(answer)
        if result:
            text = result.message.replace(
                f"{self.label} passed: ",
                f"{self.label} passed: the planted mistake is fixed; ",
                1,
            )
            return CheckResult(True, text)
        return result


def _same_code(a: Any, b: Any) -> bool:
    code_a, code_b = getattr(a, "__code__", None), getattr(b, "__code__", None)
    if code_a is None or code_b is None:
        return False
    return (code_a.co_code, code_a.co_consts, code_a.co_names) == (
        code_b.co_code,
        code_b.co_consts,
        code_b.co_names,
    )


@dataclass(frozen=True)
class ValueExercise(_Compared):
    """The reader computes a value (a number, an array, a tuple or dict of them).

    ``signature`` is the value's name in the notebook (``grad_W``); ``expected()``
    computes the right value from the mathematics (or returns an :class:`AnyOf`).
    Misconceptions hold wrong values. The notebook's stub is ``grad_W = ...``.

    A value may be worked out by hand and typed in, so by default four significant
    digits are enough (``rtol=1e-4``); a function's answer is held to ``1e-6``.
    """

    kind: ClassVar[str] = "value"

    expected: Callable[[], Any] | None = field(default=None, repr=False)
    rtol: float = 1e-4

    def _check(self, answer: Any) -> CheckResult:
        if answer is Ellipsis:
            return self._todo(
                f"{self.name} is not answered yet: replace `...` with your value"
            )
        if callable(answer) and not isinstance(answer, type):
            return self._fail(
                f"got a function, not a value: call it and pass what it returns as "
                f"{self.name}"
            )
        return self._judge(
            [answer],
            [self.expected()],
            [""],
            self.name,
            False,
            lambda wrong: [wrong.answer],
        )


@dataclass(frozen=True)
class ChoiceExercise(Exercise):
    """A question with lettered options; the reader passes a letter (``"b"``).

    ``signature`` is the name of the variable the notebook stores the letter in;
    ``reference`` is the right letter and ``explanation`` says why it is right; every
    wrong option has a misconception whose ``answer`` is its letter and whose ``hint``
    explains why it is wrong.
    """

    kind: ClassVar[str] = "choice"

    options: Mapping[str, str] = field(default_factory=dict)
    explanation: str = ""

    def __post_init__(self) -> None:
        wrong = {m.answer for m in self.misconceptions}
        expected = set(self.options) - {self.reference}
        if self.reference not in self.options or wrong != expected:
            raise ValueError(
                f"exercise {self.id}: the right option must be one of the options, and "
                "every wrong option needs exactly one explanation"
            )

    def _letters(self) -> str:
        letters = [f'"{k}"' for k in self.options]
        return ", ".join(letters[:-1]) + f" or {letters[-1]}"

    def _check(self, answer: Any) -> CheckResult:
        if answer is Ellipsis:
            return self._todo(
                f"{self.name} is not answered yet: set it to the letter of your "
                f'choice, as in {self.name} = "{next(iter(self.options))}"'
            )
        letter = _letter(answer)
        if letter not in self.options:
            got = (
                f"{answer!r:.30}" if isinstance(answer, str) else type(answer).__name__
            )
            return self._fail(
                f"got {got}; answer with one of the letters {self._letters()}, as a "
                f'string ({self.name} = "{next(iter(self.options))}")'
            )
        if letter == self.reference:
            return CheckResult(
                True,
                sentence(
                    f"{PASS} {self.label} passed: ({letter}) is right. {self.explanation}"
                ),
            )
        hint = next(m.hint for m in self.misconceptions if m.answer == letter)
        return self._fail(f"({letter}) is not right: {hint}")


def _letter(answer: Any) -> str | None:
    """``"b"``, ``"B"``, ``" (b) "`` and ``"b."`` all mean option b."""
    if not isinstance(answer, str):
        return None
    return answer.strip().strip("().").strip().lower()


# ---------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------

_CATALOG: dict[str, Exercise] = {}


def register(exercise: Exercise) -> Exercise:
    """Add ``exercise`` to the catalog (chapter modules call this at import)."""
    if exercise.id in _CATALOG:
        raise ValueError(f"exercise {exercise.id} is registered twice")
    _CATALOG[exercise.id] = exercise
    return exercise


def all() -> list[Exercise]:  # noqa: A001 - the catalog's natural name
    """Every exercise, in book order."""
    return sorted(
        _CATALOG.values(), key=lambda e: tuple(int(p) for p in e.id.split("."))
    )


def get(exercise_id: str) -> Exercise:
    """The exercise with this id (``"1.2"``).

    Raises
    ------
    KeyError
        If there is no such exercise; the message lists the ids that exist.
    """
    key = str(exercise_id).strip()
    if key not in _CATALOG:
        known = ", ".join(e.id for e in all())
        raise KeyError(f"no exercise {key!r}; the exercises are {known}")
    return _CATALOG[key]


def check(exercise_id: str, answer: Any) -> CheckResult:
    """Check ``answer`` for the exercise ``exercise_id``: one line, never a traceback."""
    try:
        exercise = get(exercise_id)
    except KeyError as exc:
        return CheckResult(False, f"{FAIL} {exc.args[0]}.")
    return exercise.check(answer)


def prefer(exercise_id: str, answer: Any, solution: Any = None) -> Any:
    """The reader's ``answer`` if it passes the exercise's check, else ``solution``.

    For the cells that build on an exercise: they use the reader's own work when it is
    right, and say which one they use. Prints one line. Without ``solution`` (the
    student edition, which has no solution cells) the catalog's reference is used.
    """
    name = reader.function_name(answer, "answer")
    if check(exercise_id, answer):
        print(f"Using your {name}: it passes Exercise {exercise_id}.")
        return answer
    if solution is None:
        print(
            f"Using the book's solution: your {name} does not pass Exercise "
            f"{exercise_id} yet."
        )
        return get(exercise_id).reference
    print(
        f"Using the book's {reader.function_name(solution, 'solution')}: your {name} "
        f"does not pass Exercise {exercise_id} yet."
    )
    return solution


# ---------------------------------------------------------------------------
# Building cases
# ---------------------------------------------------------------------------


def points(
    seed: int,
    n: int,
    dims: int,
    low: float = -2.0,
    high: float = 2.0,
    edges: Sequence[Sequence[float]] = (),
) -> tuple[tuple[float, ...], ...]:
    """``edges`` (zeros, axes, large values), then ``n`` seeded points, two decimals each.

    Two decimals make the messages print the points exactly.
    """
    rng = np.random.default_rng(seed)
    pts = np.round(rng.uniform(low, high, size=(n, dims)), 2) + 0.0  # no -0.00
    chosen = [tuple(float(v) for v in p) for p in edges]
    chosen += [tuple(float(v) for v in p) for p in pts]
    return tuple(chosen)


def see(section: str) -> str:
    """How a hint points to the section to reread: ``(see "The definition")``."""
    return f'(see "{section}")'


def describe_point(names: str) -> Callable[..., str]:
    """``describe_point("x, y")(0.5, -1.2)`` gives ``"(x, y) = (0.50, -1.20)"``."""

    def describe(*coords: float) -> str:
        return f"({names}) = ({', '.join(f'{c:.2f}' for c in coords)})"

    return describe


from . import ch01, ch02, ch03, ch04, ch05, ch06  # noqa: E402, F401  (registers the chapters' exercises)

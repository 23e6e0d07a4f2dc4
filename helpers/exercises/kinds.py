"""The four kinds of exercise, each checked by ``check(id, answer)``.

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
"""

from __future__ import annotations

import functools
import inspect
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import CodeType
from typing import Any, Callable, ClassVar

import numpy as np

from ..checks import reader
from ..checks.compare import (
    AnyOf,
    expected_parts,
    find_swap,
    layout_of,
    read_answer,
    swap_message,
)
from ..checks.diagnose import diagnose_value
from ..checks.reader import NotImplementedYet, ReaderError, TimeUp, call_reader
from ..checks.verdict import PASS, CheckResult, sentence
from .base import Compared, Exercise, Misconception, same_answer, with_warning


@dataclass(frozen=True)
class FunctionExercise(Compared):
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
        wants = [self.expected(*case) for case in self.cases]
        try:
            reader.require_function(answer, self.name, self.signature, self.id)
            values = self._callall(answer, who, warned, wants)
        except NotImplementedYet:
            return self._todo(
                f"{who} is not implemented yet: replace the line raise NotImplementedError "
                "with your code"
            )
        except TimeUp:  # the limit struck between two calls of the reader's function
            return self._fail(f"the check ran out of time ({reader.TIME_LIMIT:g} s)")
        except ReaderError as exc:
            return self._fail(with_warning(str(exc), warned))
        return self._judge(
            values,
            wants,
            [self._where(case) for case in self.cases],
            who,
            True,
            self._values_of,
            warned,
        )

    def _where(self, case: tuple) -> str:
        return f"at {self.describe(*case)}"

    def _callall(
        self, fn: Callable[..., Any], who: str, warned: list[str], wants: list
    ) -> list:
        """The reader's answers, case by case; a wrong structure or shape stops at once.

        A wrong shape is reported as soon as a call returns it, before the time limit
        can strike during the later calls (a huge wrong-shaped array is slow to
        make, but it is a shape error, not an endless loop).
        """
        values = []
        with reader.time_limit(reader.TIME_LIMIT):
            for case, want in zip(self.cases, wants):
                where = self._where(case)
                value = call_reader(fn, case, who, where, self.signature, warned)
                self._require_structure(value, want, case, who, where)
                values.append(value)
        return values

    def _require_structure(self, value, want, case, who: str, where: str) -> None:
        """Raise ReaderError if ``value`` has the wrong structure or shape at ``case``.

        Only arrays of the wrong shape stop the calls; anything else is read with
        every case's answer, after the calls. A known misconception with that same
        wrong shape is named instead.
        """
        layout = layout_of(want, who, self.labels, self.like)
        if not _wrong_shape(value, layout):
            return
        try:
            read_answer(value, layout, who, where, True, strict=True, finite=False)
        except ReaderError as problem:
            for wrong in self.misconceptions:
                try:
                    theirs = wrong.answer(*case)
                except Exception:  # undefined here: it simply does not match
                    continue
                if same_answer(value, theirs, 10 * self.rtol, self.tiny):
                    raise ReaderError(wrong.hint) from None
            want_parts = [expected_parts(v, layout) for v in _option_values(want)]
            perm = find_swap([value], want_parts[:1], [layout], self.rtol, self.tiny)
            if perm is not None:
                raise ReaderError(swap_message(perm, layout)) from None
            raise problem from None

    def _values_of(self, wrong: Misconception) -> list[Any]:
        try:
            return [wrong.answer(*case) for case in self.cases]
        except Exception:  # a misconception undefined somewhere simply does not match
            return []


def _option_values(want: Any) -> tuple:
    return want.options if isinstance(want, AnyOf) else (want,)


def _wrong_shape(value: Any, layout: Any) -> bool:
    """Whether an array in ``value`` has a shape other than its part's in ``layout``."""
    if layout.kind == "single":
        parts = [value]
    elif layout.kind == "dict":
        if not isinstance(value, Mapping):
            return False
        parts = [value.get(k) for k in layout.keys]
    else:
        if not isinstance(value, (tuple, list)) or len(value) != len(layout.keys):
            return False
        parts = list(value)
    return any(
        isinstance(part, np.ndarray)
        and part.shape != shape
        and not (shape == () and part.size == 1)
        for part, shape in zip(parts, layout.shapes)
    )


@dataclass(frozen=True)
class DebugExercise(FunctionExercise):
    """The reader repairs ``given``, a function with one planted mistake.

    ``bug`` says what the planted mistake does, without giving the fix away; the check
    reports it when the repaired function still behaves like ``given``. The planted
    mistake is the first of the exercise's misconceptions. ``given`` is the code the
    notebook shows, copied unchanged (the tests compare the two), so that the reader's
    untouched copy is recognised as the code as given.
    """

    kind: ClassVar[str] = "debug"

    given: Callable[..., Any] | None = field(default=None, repr=False)
    bug: str = ""

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


def _same_code(answer: Any, given: Any) -> bool:
    """Whether the function ``answer`` is the code of ``given``, written anywhere."""
    code = getattr(answer, "__code__", None)
    if code is None or getattr(given, "__code__", None) is None:
        return False
    key = (code.co_code, code.co_consts, code.co_names)
    return any(key == (c.co_code, c.co_consts, c.co_names) for c in _codes_of(given))


@functools.cache
def _codes_of(given: Callable[..., Any]) -> tuple[CodeType, ...]:
    """``given``'s code as compiled in its module, and as a cell defining only it.

    The two differ when the module imports a name the function uses: CPython compiles
    ``np.sum(x)`` as a method call only where ``np`` is not imported in the same
    source. The given code lives in a chapter's module, which imports numpy; the
    reader's untouched copy lives in a cell of its own, which does not.
    """
    codes = [given.__code__]
    try:
        source = textwrap.dedent(inspect.getsource(given))
        module = compile(source, "<cell>", "exec", dont_inherit=True)
    except (OSError, TypeError, SyntaxError):  # no source to read: a built function
        return tuple(codes)
    codes += [c for c in module.co_consts if isinstance(c, CodeType)]
    return tuple(codes)


@dataclass(frozen=True)
class ValueExercise(Compared):
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
    factors: Mapping[str, float] = field(default_factory=dict)
    """The exercise's own recognisable factors, ``{"N": 150}``: a value off by one of
    them (or its inverse) is reported as "N = 150 times too large"."""

    def _check(self, answer: Any) -> CheckResult:
        if answer is Ellipsis:
            return self._todo(
                f"{self.name} is not answered yet: replace the ... with your value"
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

    def _wrong_values(self, reading, want, layout, where, returned) -> str:
        # Never the expected value: a reader could copy it. A diagnosis instead.
        return diagnose_value(reading, want, layout, self.rtol, self.tiny, self.factors)


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

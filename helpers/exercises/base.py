"""What every exercise has, and the comparison of an answer with the right one.

:class:`Exercise` is the base of the four kinds (in :mod:`.kinds`): an id, a title,
how to answer, the book's reference answer and the known misconceptions, and a
``check`` that never raises. :class:`Compared` is the base of the kinds whose answer is
compared with a value computed from the mathematics (function, debug and value): it
reads the reader's answers case by case and words the verdict, naming the first thing
to fix.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar

import numpy as np

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
from ..checks.reader import ReaderError
from ..checks.verdict import (
    FAIL,
    PASS,
    TODO,
    CheckResult,
    fmt_error,
    relative_error,
    sentence,
)


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


@dataclass(frozen=True)
class Exercise:
    """What every exercise has: an id (``"1.2"``), a title, and how to answer it.

    ``signature`` is what the reader passes: ``"df_dy(x, y)"`` for a function, the
    value's name for a value, the option letters for a choice. ``reference`` is the
    book's own answer in that form; the tests check that it passes. ``hints`` are
    shown on request, one at a time, by ``hint(id)``.
    """

    kind: ClassVar[str] = ""

    id: str
    title: str
    signature: str
    reference: Any = field(repr=False)
    misconceptions: tuple[Misconception, ...] = field(default=(), repr=False)
    hints: tuple[str, ...] = field(default=(), repr=False)
    """Graded hints, the gentlest first, that ``hint(id)`` shows one per call: each
    points the way a little further, and none gives the answer away."""

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
class Compared(Exercise):
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
                readings.append(
                    read_answer(
                        value,
                        layout,
                        who,
                        where,
                        returned,
                        strict=True,
                        computed=returned,
                    )
                )
            except ReaderError as exc:
                readings.append(None)
                problem = problem or str(exc)
        options = [_options(w, layout) for w, layout in zip(wants, layouts)]
        closest = [
            _closest(r, opts, self.rtol, self.tiny) if r is not None else opts[0]
            for r, opts in zip(readings, options)
        ]
        passed = problem is None and all(
            matches(r, w, self.rtol, self.tiny) for r, w in zip(readings, closest)
        )
        if passed:
            return self._passed(closest, len(values), who, warned)
        # A wrong answer near a known misconception is taken as that misconception
        # (rounded by hand, say): ten times the tolerance of a right answer.
        for wrong in self.misconceptions:
            if _same_answers(values, mistaken(wrong), 10 * self.rtol, self.tiny):
                return self._fail(wrong.hint)  # it explains any warning too
        firsts = [o[0] for o in options]
        perm = find_swap(values, firsts, layouts, self.rtol, self.tiny)
        if perm is not None:
            return self._fail(with_warning(swap_message(perm, layouts[0]), warned))
        if problem is not None:
            return self._fail(with_warning(problem, warned))
        for reading, want, layout, where in zip(readings, closest, layouts, wheres):
            if not matches(reading, want, self.rtol, self.tiny):
                text = self._wrong_values(reading, want, layout, where, returned)
                return self._fail(with_warning(text, warned))
        raise AssertionError("a failing answer with no failing case")

    def _wrong_values(
        self,
        reading: Reading,
        want: Sequence[np.ndarray],
        layout: Layout,
        where: str,
        returned: bool,
    ) -> str:
        """Where the answer differs most, with both values (a function's answer)."""
        return value_message(
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

    def _passed(self, wants, n_cases, who, warned) -> CheckResult:
        where = f" at {n_cases} points" if n_cases > 1 else ""
        text = f"{PASS} {self.label} passed: {who} matches {self.source}{where}"
        # A count is right or wrong: no error to bound. Otherwise the message gives
        # the tolerance the answer met, never the error itself (round-off digits).
        counts = all(bool(np.all(np.round(p) == p)) for want in wants for p in want)
        if not counts:
            text += f" (max rel. error {fmt_error(self.rtol)})"
        return CheckResult(True, sentence(with_warning(text, warned)))


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


def with_warning(text: str, warned: Sequence[str]) -> str:
    if not warned:
        return text
    warning = warned[0]
    # "RuntimeWarning (overflow encountered in exp) at Z of shape ...": the input is
    # said once, when the text already names it.
    head, marker, where = warning.partition(") at ")
    if marker and f"at {where}" in text:
        warning = head + ")"
    return f"{text.rstrip('.')}; your code warned: {warning}"


def _same_answers(got: Sequence[Any], other: Sequence[Any], rtol, tiny) -> bool:
    """Whether the reader's raw answers equal a misconception's, case by case."""
    return len(got) == len(other) and all(
        _same(g, o, rtol, tiny) for g, o in zip(got, other)
    )


def same_answer(a: Any, b: Any, rtol: float, tiny: float) -> bool:
    """Whether a reader's raw answer ``a`` equals ``b`` (a misconception's) at one case."""
    return _same(a, b, rtol, tiny)


def _same(a: Any, b: Any, rtol: float, tiny: float) -> bool:
    if isinstance(b, Mapping):
        return (
            isinstance(a, Mapping)
            and set(a) == set(b)
            and all(_same(a[k], b[k], rtol, tiny) for k in b)
        )
    if isinstance(b, (tuple, list)) and any(np.ndim(v) > 0 for v in b):
        return (
            isinstance(a, (tuple, list))
            and len(a) == len(b)
            and all(_same(x, y, rtol, tiny) for x, y in zip(a, b))
        )
    if isinstance(a, (bool, np.bool_, str, bytes)):
        return False  # True is not the number 1 here
    try:
        x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except Exception:
        return False
    if x.size == y.size == 1:
        x, y = x.reshape(()), y.reshape(())
    if x.shape != y.shape:
        return False
    # A mistake that overflows (descent that diverges, an exp of 1000) is recognised
    # by its inf and nan at the same entries, and equal values everywhere else.
    blown = ~np.isfinite(x)
    if not np.array_equal(blown, ~np.isfinite(y)):
        return False
    x, y = np.where(blown, 0.0, x), np.where(blown, 0.0, y)
    return bool(np.all(relative_error(x, y, tiny) <= rtol))

"""The registry: every exercise of the book by its id, and ``check``, ``hint``, ``prefer``.

The chapters' modules are listed in :data:`CHAPTERS` and imported the first time the
catalog is asked for an exercise, not when ``helpers`` is imported: each module
declares its exercises with :func:`register` as it is imported.

The registry also keeps, for the kernel it runs in, how often the reader's check of
each exercise failed and how many of its hints were shown: from the second failure
on, a failing verdict points to ``hint("N.k")``. Nothing else depends on this state,
so a notebook run from the top prints the same verdicts every time.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from ..checks import reader
from ..checks.verdict import FAIL, CheckResult
from .base import Exercise

CHAPTERS = ("ch01", "ch02", "ch03", "ch04", "ch05", "ch06", "ch07")
"""The modules of this package that declare exercises, one per chapter, in book order."""

_CATALOG: dict[str, Exercise] = {}
_loaded = False
_failures: dict[str, int] = {}
"""How many times the reader's ``check`` of each exercise has failed in this kernel."""
_hints_shown: dict[str, int] = {}
"""How many of each exercise's hints ``hint`` has shown in this kernel."""
HINT_ICON = "💡"


def _catalog() -> dict[str, Exercise]:
    """Every registered exercise by id, once every chapter's module is imported."""
    global _loaded
    if not _loaded:
        _loaded = True  # first: a chapter that asks while loading must not loop
        try:
            for name in CHAPTERS:
                import_module(f".{name}", __package__)
        except BaseException:
            _loaded = False  # a broken chapter fails every time, not only the first
            raise
    return _CATALOG


def register(exercise: Exercise) -> Exercise:
    """Add ``exercise`` to the catalog (chapter modules call this at import)."""
    if exercise.id in _CATALOG:
        raise ValueError(f"exercise {exercise.id} is registered twice")
    _CATALOG[exercise.id] = exercise
    return exercise


def all() -> list[Exercise]:  # noqa: A001 - the catalog's natural name
    """Every exercise, in book order."""
    return sorted(
        _catalog().values(), key=lambda e: tuple(int(p) for p in e.id.split("."))
    )


def get(exercise_id: str) -> Exercise:
    """The exercise with this id (``"1.2"``).

    Raises
    ------
    KeyError
        If there is no such exercise; the message lists the ids that exist.
    """
    key = str(exercise_id).strip()
    catalog = _catalog()
    if key not in catalog:
        known = ", ".join(e.id for e in all())
        raise KeyError(f"no exercise {key!r}; the exercises are {known}")
    return catalog[key]


def check(exercise_id: str, answer: Any) -> CheckResult:
    """Check ``answer`` for the exercise ``exercise_id``: one line, never a traceback.

    From the second failure of the same exercise on, the verdict ends by pointing to
    ``hint("N.k")``.
    """
    try:
        exercise = get(exercise_id)
    except KeyError as exc:
        return CheckResult(False, f"{FAIL} {exc.args[0]}.")
    result = exercise.check(answer)
    if not result.message.startswith(FAIL):
        return result
    _failures[exercise.id] = _failures.get(exercise.id, 0) + 1
    if _failures[exercise.id] < 2 or not exercise.hints:
        return result
    return CheckResult(
        False, f'{result.message} Stuck? hint("{exercise.id}") gives a hint.'
    )


def hint(exercise_id: str) -> None:
    """Print the next hint for the exercise ``exercise_id``, one level per call.

    Each call shows the next of the exercise's hints (the gentlest first) and says
    how many are left; none of them gives the answer away. Once all are shown, a
    call repeats the last one.
    """
    try:
        exercise = get(exercise_id)
    except KeyError as exc:
        print(f"{FAIL} {exc.args[0]}.")
        return
    hints, key = exercise.hints, exercise.id
    if not hints:
        print(f"{HINT_ICON} Exercise {key} has no hints.")
        return
    shown = _hints_shown.get(key, 0)
    if shown >= len(hints):
        print(
            f"{HINT_ICON} Exercise {key}: no hints left (all {len(hints)} shown); "
            f"the last one: {hints[-1]}"
        )
        return
    _hints_shown[key] = shown + 1
    left = len(hints) - shown - 1
    more = (
        f'{left} more: run hint("{key}") again.'
        if left
        else "That was the last hint: no hints left."
    )
    print(
        f"{HINT_ICON} Exercise {key}, hint {shown + 1} of {len(hints)}: {hints[shown]} {more}"
    )


def forget_progress() -> None:
    """Forget the failures and hints counted so far, as in a fresh kernel."""
    _failures.clear()
    _hints_shown.clear()


GRADED = "MVCALC4ML_GRADED"
"""The environment variable a grader sets to ``1`` in a submission's kernel: ``prefer``
then never hands out the catalog's reference (see :func:`prefer`)."""


class ReferenceWithheld(Exception):
    """Raised by any use of what ``prefer`` returns in a graded run for a failing answer."""


class Withheld:
    """In a graded run, what ``prefer`` gives instead of the book's solution: calling
    it, reading from it or computing with it raises :class:`ReferenceWithheld`."""

    __slots__ = ("_exercise_id",)

    def __init__(self, exercise_id: str) -> None:
        object.__setattr__(self, "_exercise_id", exercise_id)

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise ReferenceWithheld(
            f"the book's solution of Exercise {self._exercise_id} is withheld in a "
            "graded run: this cell needs an answer that passes it"
        )

    def __repr__(self) -> str:
        return f"<the book's solution of Exercise {self._exercise_id}, withheld>"

    __call__ = __getattr__ = __setattr__ = __getitem__ = __iter__ = __len__ = _refuse
    __bool__ = __float__ = __int__ = __index__ = __array__ = _refuse
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _refuse
    __truediv__ = __rtruediv__ = __matmul__ = __rmatmul__ = __pow__ = __neg__ = _refuse


def graded() -> bool:
    """Whether this kernel runs a submission for a grader (:data:`GRADED` is ``1``)."""
    import os

    return os.environ.get(GRADED) == "1"


def prefer(exercise_id: str, answer: Any, solution: Any = None) -> Any:
    """The reader's ``answer`` if it passes the exercise's check, else ``solution``.

    For the cells that build on an exercise: they use the reader's own work when it is
    right, and say which one they use. Prints one line. Without ``solution`` (the
    student edition, which has no solution cells) the catalog's reference is used.
    In a graded run (:func:`graded`) no reference is handed out: a failing answer
    gives a :class:`Withheld`, which nothing can compute with.
    """
    name = reader.function_name(answer, "answer")
    # Not counted as the reader's attempt: a later cell only asks which to use.
    if get(exercise_id).check(answer):
        print(f"This cell uses your {name}: it passes Exercise {exercise_id}.")
        return answer
    if graded():
        print(
            f"Your {name} does not pass Exercise {exercise_id} yet, and a graded run "
            "does not use the book's solution: the cells that need it will fail."
        )
        return Withheld(str(exercise_id))
    if solution is None:
        print(
            f"This cell uses the book's solution until your {name} passes Exercise "
            f"{exercise_id}."
        )
        return get(exercise_id).reference
    print(
        f"This cell uses the book's {reader.function_name(solution, 'solution')} "
        f"until your {name} passes Exercise {exercise_id}."
    )
    return solution

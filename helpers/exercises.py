"""The catalog: one entry per exercise of the book, in book order.

Each entry checks a reader's answer against mathematics (finite differences of the
function the text defines), never against a stored answer, so any correct
formulation passes. Each also carries the book's reference solution and the known
wrong answers (misconceptions), which the tests use.

>>> from helpers import exercises
>>> [e.id for e in exercises.all()][:3]
['1.1', '1.2', '1.3']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .checks import FAIL, CheckResult, Misconception, check_function
from .numeric import partial_derivative


@dataclass(frozen=True)
class Exercise:
    """One exercise: its id (``"1.2"``), title, chapter, and how to check an answer."""

    id: str
    title: str
    chapter: int
    signature: str
    reference: Callable[..., Any] = field(repr=False)
    misconceptions: tuple[Misconception, ...] = field(default=(), repr=False)
    _checker: Callable[[Exercise, Any], CheckResult] = field(default=None, repr=False)

    def check(self, answer: Any) -> CheckResult:
        """Check a reader's answer; never raises, whatever ``answer`` is."""
        try:
            return self._checker(self, answer)
        except Exception as exc:  # a bug of ours must not look like the reader's
            return CheckResult(
                False,
                f"{FAIL} Exercise {self.id}: the check itself failed "
                f"({type(exc).__name__}); please report this.",
            )


_CATALOG: dict[str, Exercise] = {}


def _register(exercise: Exercise) -> Exercise:
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


def _points(
    seed: int, n: int, dims: int, low: float = -2.0, high: float = 2.0
) -> list[tuple]:
    """``n`` fixed points with two decimals, so messages print them exactly."""
    rng = np.random.default_rng(seed)
    pts = np.round(rng.uniform(low, high, size=(n, dims)), 2) + 0.0  # no -0.00
    return [tuple(float(v) for v in p) for p in pts]


def _describe_point(names: str) -> Callable[..., str]:
    def describe(*coords: float) -> str:
        return f"({names}) = ({', '.join(f'{c:.2f}' for c in coords)})"

    return describe


# ---------------------------------------------------------------------------
# Chapter 1: partial derivatives
# ---------------------------------------------------------------------------


def worked_f(x: float, y: float) -> float:
    """The worked example of chapter 1: f(x, y) = x² cos(xy)."""
    return x**2 * np.cos(x * y)


def three_var_g(x: float, y: float, z: float) -> float:
    """Exercise 1.2's function: g(x, y, z) = x²y + y sin z + e^(xz)."""
    return x**2 * y + y * np.sin(z) + np.exp(x * z)


def _check_1_1(ex: Exercise, answer: Any) -> CheckResult:
    return check_function(
        ex.id,
        answer,
        signature=ex.signature,
        cases=_points(seed=11, n=25, dims=2),
        expected=lambda x, y: partial_derivative(worked_f, (x, y), "y"),
        describe=_describe_point("x, y"),
        misconceptions=ex.misconceptions,
    )


def _df_dy_reference(x, y):
    return -(x**3) * np.sin(x * y)


_register(
    Exercise(
        id="1.1",
        title="∂f/∂y of f(x, y) = x² cos(xy)",
        chapter=1,
        signature="df_dy(x, y)",
        reference=_df_dy_reference,
        misconceptions=(
            Misconception(
                "missing chain-rule factor",
                lambda x, y: -(x**2) * np.sin(x * y),
                "looks like the chain rule is missing the factor x from d(xy)/dy "
                '(see "The worked example").',
            ),
            Misconception(
                "sign error",
                lambda x, y: x**3 * np.sin(x * y),
                'the sign is flipped: the derivative of cos is -sin (see "The worked example").',
            ),
            Misconception(
                "differentiated with respect to x",
                lambda x, y: 2 * x * np.cos(x * y) - x**2 * y * np.sin(x * y),
                "this is ∂f/∂x, the worked example; here y varies and x is held "
                'constant (see "The definition").',
            ),
        ),
        _checker=_check_1_1,
    )
)


_G_LABELS = ("∂g/∂x", "∂g/∂y", "∂g/∂z")


def _partials_g_reference(x, y, z):
    return (
        2 * x * y + z * np.exp(x * z),
        x**2 + np.sin(z),
        y * np.cos(z) + x * np.exp(x * z),
    )


def _check_1_2(ex: Exercise, answer: Any) -> CheckResult:
    return check_function(
        ex.id,
        answer,
        signature=ex.signature,
        cases=_points(seed=12, n=20, dims=3, low=-1.5, high=1.5),
        expected=lambda x, y, z: [
            partial_derivative(three_var_g, (x, y, z), k) for k in range(3)
        ],
        describe=_describe_point("x, y, z"),
        labels=_G_LABELS,
        misconceptions=ex.misconceptions,
    )


_register(
    Exercise(
        id="1.2",
        title="The three partials of g(x, y, z) = x²y + y sin z + e^(xz)",
        chapter=1,
        signature="partials_g(x, y, z)",
        reference=_partials_g_reference,
        misconceptions=(
            Misconception(
                "missing chain-rule factor in e^(xz)",
                lambda x, y, z: (
                    2 * x * y + np.exp(x * z),
                    x**2 + np.sin(z),
                    y * np.cos(z) + np.exp(x * z),
                ),
                "the derivative of e^(xz) needs the chain rule: ∂/∂x gives z·e^(xz) and "
                '∂/∂z gives x·e^(xz) (see "More than two variables").',
            ),
            Misconception(
                "other variables not held constant",
                lambda x, y, z: (
                    2 * x * y + x**2 + z * np.exp(x * z),
                    x**2 + np.sin(z) + y * np.cos(z),
                    y * np.cos(z) + np.sin(z) + x * np.exp(x * z),
                ),
                "a partial derivative treats every other variable as a constant, so the "
                'product rule does not apply to x²y in ∂/∂x (see "More than two variables").',
            ),
            Misconception(
                "derivative of sin taken as -cos",
                lambda x, y, z: (
                    2 * x * y + z * np.exp(x * z),
                    x**2 + np.sin(z),
                    -y * np.cos(z) + x * np.exp(x * z),
                ),
                "∂g/∂z has the wrong sign on y cos z: the derivative of sin is +cos "
                '(see "More than two variables").',
            ),
        ),
        _checker=_check_1_2,
    )
)


def _cubic(t):
    return t**3 - 2.0 * t


def _bump(t):
    return np.exp(-(t**2))


_CD_CASES = [
    (f, x, h)
    for f, xs in (
        (np.sin, (0.5, 2.0)),
        (_cubic, (-1.0, 0.3)),
        (_bump, (0.7,)),
        (np.exp, (1.0,)),
    )
    for x in xs
    for h in (0.1, 0.25)
]


def _describe_cd_case(f, x, h) -> str:
    name = {"_cubic": "t³ - 2t", "_bump": "exp(-t²)"}.get(f.__name__, f.__name__)
    return f"f(t) = {name}, x = {x:.2f}, h = {h:.2f}"


def _central_difference_reference(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


def _check_1_3(ex: Exercise, answer: Any) -> CheckResult:
    return check_function(
        ex.id,
        answer,
        signature=ex.signature,
        cases=_CD_CASES,
        expected=_central_difference_reference,
        describe=_describe_cd_case,
        source="the central-difference formula",
        misconceptions=ex.misconceptions,
        rtol=1e-9,
    )


_register(
    Exercise(
        id="1.3",
        title="A central difference by hand",
        chapter=1,
        signature="central_difference(f, x, h)",
        reference=_central_difference_reference,
        misconceptions=(
            Misconception(
                "forward difference",
                lambda f, x, h: (f(x + h) - f(x)) / h,
                "this is the forward difference (f(x+h) - f(x))/h; the central one steps "
                'both ways, x+h and x-h (see "Forward and central differences").',
            ),
            Misconception(
                "missing factor 2",
                lambda f, x, h: (f(x + h) - f(x - h)) / h,
                "the two points x-h and x+h are 2h apart: divide by 2h, not h "
                '(see "Forward and central differences").',
            ),
            Misconception(
                "backward difference",
                lambda f, x, h: (f(x) - f(x - h)) / h,
                "this is the backward difference (f(x) - f(x-h))/h; the central one steps "
                'both ways (see "Forward and central differences").',
            ),
            Misconception(
                "reversed order",
                lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h),
                "the sign is flipped: subtract f(x-h) from f(x+h), not the other way round "
                '(see "Forward and central differences").',
            ),
        ),
        _checker=_check_1_3,
    )
)

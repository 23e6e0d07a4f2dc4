"""Chapter 1, partial derivatives: the exercises, declared as data.

Every expected value comes from the mathematics: finite differences of the function
the text defines (1.1, 1.2), or the central-difference formula itself (1.3). The cases
start at the edges of the domain (zeros, points on the axes, negative and large
values), so that a formula that breaks there fails.
"""

from __future__ import annotations

import numpy as np

from ..numeric import partial_derivative
from . import FunctionExercise, Misconception, describe_point, points, register

SECTION_WORKED = '(see "The worked example")'
SECTION_DEFINITION = '(see "The definition")'
SECTION_MORE = '(see "More than two variables")'
SECTION_DIFFERENCES = '(see "Forward and central differences")'


def worked_f(x: float, y: float) -> float:
    """The worked example of chapter 1: f(x, y) = x² cos(xy)."""
    return x**2 * np.cos(x * y)


def three_var_g(x: float, y: float, z: float) -> float:
    """Exercise 1.2's function: g(x, y, z) = x²y + y sin z + e^(xz)."""
    return x**2 * y + y * np.sin(z) + np.exp(x * z)


# Exercise 1.1 ----------------------------------------------------------------


def df_dy_reference(x, y):
    return -(x**3) * np.sin(x * y)


CASES_1_1 = points(
    seed=11,
    n=20,
    dims=2,
    edges=[(0.0, 0.0), (0.0, 1.3), (1.7, 0.0), (-1.5, -0.8), (4.5, 3.5)],
)

register(
    FunctionExercise(
        id="1.1",
        title="∂f/∂y of f(x, y) = x² cos(xy)",
        signature="df_dy(x, y)",
        reference=df_dy_reference,
        cases=CASES_1_1,
        expected=lambda x, y: partial_derivative(worked_f, (x, y), "y"),
        describe=describe_point("x, y"),
        misconceptions=(
            Misconception(
                "missing chain-rule factor",
                lambda x, y: -(x**2) * np.sin(x * y),
                "looks like the chain rule is missing the factor x from d(xy)/dy "
                f"{SECTION_WORKED}.",
            ),
            Misconception(
                "sign error",
                lambda x, y: x**3 * np.sin(x * y),
                f"the sign is flipped: the derivative of cos is -sin {SECTION_WORKED}.",
            ),
            Misconception(
                "differentiated with respect to x",
                lambda x, y: 2 * x * np.cos(x * y) - x**2 * y * np.sin(x * y),
                "this is ∂f/∂x, the worked example; here y varies and x is held "
                f"constant {SECTION_DEFINITION}.",
            ),
        ),
    )
)


# Exercise 1.2 ----------------------------------------------------------------


def partials_g_reference(x, y, z):
    return (
        2 * x * y + z * np.exp(x * z),
        x**2 + np.sin(z),
        y * np.cos(z) + x * np.exp(x * z),
    )


CASES_1_2 = points(
    seed=12,
    n=15,
    dims=3,
    low=-1.5,
    high=1.5,
    edges=[
        (0.0, 0.0, 0.0),
        (0.0, 1.2, -0.7),
        (1.1, 0.0, 0.0),
        (-1.3, -0.9, 0.0),
        (2.5, -3.0, 2.0),
    ],
)

register(
    FunctionExercise(
        id="1.2",
        title="The three partials of g(x, y, z) = x²y + y sin z + e^(xz)",
        signature="partials_g(x, y, z)",
        reference=partials_g_reference,
        cases=CASES_1_2,
        expected=lambda x, y, z: tuple(
            partial_derivative(three_var_g, (x, y, z), k) for k in range(3)
        ),
        describe=describe_point("x, y, z"),
        labels=("∂g/∂x", "∂g/∂y", "∂g/∂z"),
        misconceptions=(
            Misconception(
                "missing chain-rule factor in e^(xz)",
                lambda x, y, z: (
                    2 * x * y + np.exp(x * z),
                    x**2 + np.sin(z),
                    y * np.cos(z) + np.exp(x * z),
                ),
                "the derivative of e^(xz) needs the chain rule: ∂/∂x gives z·e^(xz) and "
                f"∂/∂z gives x·e^(xz) {SECTION_MORE}.",
            ),
            Misconception(
                "other variables not held constant",
                lambda x, y, z: (
                    2 * x * y + x**2 + z * np.exp(x * z),
                    x**2 + np.sin(z) + y * np.cos(z),
                    y * np.cos(z) + np.sin(z) + x * np.exp(x * z),
                ),
                "a partial derivative treats every other variable as a constant, so the "
                f"product rule does not apply to x²y in ∂/∂x {SECTION_MORE}.",
            ),
            Misconception(
                "derivative of sin taken as -cos",
                lambda x, y, z: (
                    2 * x * y + z * np.exp(x * z),
                    x**2 + np.sin(z),
                    -y * np.cos(z) + x * np.exp(x * z),
                ),
                "∂g/∂z has the wrong sign on y cos z: the derivative of sin is +cos "
                f"{SECTION_MORE}.",
            ),
        ),
    )
)


# Exercise 1.3 ----------------------------------------------------------------


def cubic(t):
    return t**3 - 2.0 * t


def bump(t):
    return np.exp(-(t**2))


CASES_1_3 = tuple(
    (f, x, h)
    for f, xs in (
        (np.sin, (0.0, 0.5, -2.0, 12.0)),
        (cubic, (0.0, -1.0, 0.3)),
        (bump, (0.7, -3.0)),
        (np.exp, (1.0, 6.0)),
    )
    for x in xs
    for h in (0.1, 0.25)
)


def describe_cd_case(f, x, h) -> str:
    name = {"cubic": "t³ - 2t", "bump": "exp(-t²)"}.get(f.__name__, f.__name__)
    return f"f(t) = {name}, x = {x:.2f}, h = {h:.2f}"


def central_difference_reference(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


register(
    FunctionExercise(
        id="1.3",
        title="A central difference by hand",
        signature="central_difference(f, x, h)",
        reference=central_difference_reference,
        cases=CASES_1_3,
        expected=central_difference_reference,
        describe=describe_cd_case,
        source="the central-difference formula",
        rtol=1e-9,
        misconceptions=(
            Misconception(
                "forward difference",
                lambda f, x, h: (f(x + h) - f(x)) / h,
                "this is the forward difference (f(x+h) - f(x))/h; the central one steps "
                f"both ways, x+h and x-h {SECTION_DIFFERENCES}.",
            ),
            Misconception(
                "missing factor 2",
                lambda f, x, h: (f(x + h) - f(x - h)) / h,
                "the two points x-h and x+h are 2h apart: divide by 2h, not h "
                f"{SECTION_DIFFERENCES}.",
            ),
            Misconception(
                "backward difference",
                lambda f, x, h: (f(x) - f(x - h)) / h,
                "this is the backward difference (f(x) - f(x-h))/h; the central one steps "
                f"both ways {SECTION_DIFFERENCES}.",
            ),
            Misconception(
                "reversed order",
                lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h),
                "the sign is flipped: subtract f(x-h) from f(x+h), not the other way round "
                f"{SECTION_DIFFERENCES}.",
            ),
        ),
    )
)

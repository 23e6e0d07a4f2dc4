"""Chapter 2, directional derivatives: the exercises, declared as data.

Every expected value comes from the mathematics: central differences along the
direction (``directional_derivative``) or partial derivatives of the function the
text defines. The cases start at the edges: the origin, the best fit (where the
gradient vanishes), the axis directions, negative and large values.
"""

from __future__ import annotations

import numpy as np

from ..checks.compare import AnyOf
from ..numeric import directional_derivative, numerical_gradient
from .base import Misconception
from .cases import describe_vector, see
from .common import dL_db, dL_dw, loss, loss_gradient, t_data, worked_f, x_data
from .kinds import ChoiceExercise, DebugExercise, FunctionExercise, ValueExercise
from .registry import register

S_DEFINITION = "The definition"
S_UNIT = "Why the direction has length 1"
S_FORMULA = "The formula: gradient dot direction"
S_ANGLE = "The angle form: steepest ascent and descent"
S_LEVEL = "Directions that do not change the loss"
S_GOAL = "Heading for a point"
S_FAILS = "When the formula fails"

START = (0.5, 0.0)
"""The point of chapter 1 where both partial derivatives are negative."""


def gradient_at(f, point) -> np.ndarray:
    """The gradient of ``f(w, b)`` at ``point``, by central differences."""
    return numerical_gradient(lambda v: f(*v), np.asarray(point, dtype=float))


def unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=float)
    return v / np.linalg.norm(v)


def angle(degrees: float) -> np.ndarray:
    """The unit vector at ``degrees`` from the w axis, rounded to no drift."""
    t = np.deg2rad(degrees)
    return np.array([np.cos(t), np.sin(t)])


# Exercise 2.2: the directional derivative of the loss by the formula -----------

E1, E2 = np.array([1.0, 0.0]), np.array([0.0, 1.0])

DIRECTION_CASES = (
    (0.0, 0.0, E1),
    (0.0, 0.0, E2),
    (0.5, 0.0, angle(45.0)),
    (0.5, 0.0, -E1),
    (1.45, -0.3, angle(30.0)),  # the best fit: the gradient is 0 there
    (2.5, -2.0, angle(120.0)),
    (-2.5, -1.0, angle(-60.0)),
    (0.0, -1.5, np.array([0.6, -0.8])),
    (40.0, -75.0, np.array([-0.28, 0.96])),
    (-1.2, 2.3, angle(200.0)),
    (1.7, 0.9, angle(315.0)),
)


def describe_direction_case(w, b, u) -> str:
    return f"(w, b) = ({w:.2f}, {b:.2f}), u = {describe_vector(u)}"


def directional_L_solution(w, b, u):
    return dL_dw(w, b) * u[0] + dL_db(w, b) * u[1]


def _exact_directional(w, b, u) -> float:
    """∇L · u with ∇L in closed form: L is a quadratic, whose gradient
    (2/N) Σ rᵢ (xᵢ, 1) is exact. A central difference would leave round-off of about
    1e-10 where the gradient vanishes (the best fit), so compare with the exact one."""
    r = w * x_data + b - t_data
    return float(2 * np.mean(r * x_data) * u[0] + 2 * np.mean(r) * u[1])


register(
    FunctionExercise(
        id="2.2",
        title="D_u L by the formula ∇L · u",
        signature="directional_L(w, b, u)",
        hints=(
            "∇L · u is a dot product: multiply matching entries and add them.",
            "∂L/∂w goes with u[0], the w entry, and ∂L/∂b with u[1].",
        ),
        reference=directional_L_solution,
        cases=DIRECTION_CASES,
        expected=_exact_directional,
        describe=describe_direction_case,
        source="the exact ∇L · u",
        misconceptions=(
            Misconception(
                "partials in the wrong order",
                lambda w, b, u: float(loss_gradient(w, b)[::-1] @ u),
                "the partials are paired with the wrong entries of u: ∂L/∂w goes "
                f"with u[0], the w entry, and ∂L/∂b with u[1] {see(S_FORMULA)}.",
            ),
            Misconception(
                "sum of the partials",
                lambda w, b, u: float(np.sum(loss_gradient(w, b))),
                "this is ∂L/∂w + ∂L/∂b, which does not depend on u: weight each "
                f"partial by the matching entry of u {see(S_FORMULA)}.",
            ),
            Misconception(
                "only the w term",
                lambda w, b, u: float(loss_gradient(w, b)[0] * u[0]),
                "only ∂L/∂w · u[0] is there: moving along u changes b too, which "
                f"adds ∂L/∂b · u[1] {see(S_FORMULA)}.",
            ),
            Misconception(
                "sum instead of mean",
                lambda w, b, u: float(len(x_data) * loss_gradient(w, b) @ u),
                f"L is the mean over the {len(x_data)} points, not their sum: the "
                f"partials divide by N = {len(x_data)} {see(S_FORMULA)}.",
            ),
            Misconception(
                "residual the wrong way round",
                lambda w, b, u: -float(loss_gradient(w, b) @ u),
                "the sign is flipped: the residual is prediction minus target, "
                f"w·xᵢ + b - tᵢ, as in chapter 1 {see(S_FORMULA)}.",
            ),
        ),
    )
)


# Exercise 2.1: a central difference along any direction --------------------


def bowl(x, y):
    return x**2 + 3.0 * y**2


def describe_difference_case(f, a, u, h) -> str:
    name = {"loss": "L(w, b)", "worked_f": "x² cos(xy)", "bowl": "x² + 3y²"}
    return (
        f"f = {name.get(f.__name__, f.__name__)}, a = {describe_vector(a)}, "
        f"u = {describe_vector(u)}, h = {h:g}"
    )


DIFFERENCE_CASES = (
    (bowl, np.array([0.0, 0.0]), np.array([1.0, 0.0]), 0.1),
    (bowl, np.array([1.0, 0.0]), np.array([2.0, 0.0]), 0.1),
    (bowl, np.array([0.0, -1.0]), np.array([0.0, -0.5]), 0.25),
    (bowl, np.array([1.5, 2.0]), np.array([3.0, 4.0]), 0.1),
    (loss, np.array([0.5, 0.0]), np.array([1.0, 1.0]), 0.1),
    (loss, np.array([0.5, 0.0]), np.array([0.6, 0.8]), 0.01),
    (loss, np.array([40.0, -75.0]), np.array([-5.0, 12.0]), 0.1),
    (worked_f, np.array([1.0, 0.5]), np.array([-2.0, 1.0]), 0.1),
    (worked_f, np.array([-1.5, -0.8]), np.array([0.0, 3.0]), 0.25),
    (worked_f, np.array([0.0, 1.3]), np.array([0.1, 0.1]), 0.1),
)


def directional_difference_solution(f, a, u, h):
    u = u / np.linalg.norm(u)
    return (f(*(a + h * u)) - f(*(a - h * u))) / (2 * h)


def _directional_difference_expected(f, a, u, h):
    return directional_derivative(f, a, unit(u), h=h)


def _unnormalised(f, a, u, h):
    return (f(*(a + h * u)) - f(*(a - h * u))) / (2 * h)


register(
    FunctionExercise(
        id="2.1",
        title="A central difference along any direction",
        signature="directional_difference(f, a, u, h)",
        hints=(
            "u may have any length: turn it into a unit vector first.",
            "Then step from a by +h and -h along that unit vector, call f at both "
            "points (f takes the coordinates as separate arguments, f(*point)), and "
            "divide the difference by 2h.",
        ),
        reference=directional_difference_solution,
        cases=DIFFERENCE_CASES,
        expected=_directional_difference_expected,
        describe=describe_difference_case,
        source="the central difference along u / ‖u‖",
        rtol=1e-9,
        misconceptions=(
            Misconception(
                "u not normalised",
                _unnormalised,
                "u is used as given: a u of length 2 doubles the answer. Divide u "
                f"by its length ‖u‖ first {see(S_UNIT)}.",
            ),
            Misconception(
                "divided by the squared length",
                lambda f, a, u, h: _unnormalised(f, a, u / np.sum(u**2), h),
                "u was divided by ‖u‖², not by ‖u‖ = np.sqrt(np.sum(u**2)) (or "
                f"np.linalg.norm(u)) {see(S_UNIT)}.",
            ),
            Misconception(
                "forward difference",
                lambda f, a, u, h: (f(*(a + h * unit(u))) - f(*a)) / h,
                "this is the forward quotient; step both ways, a + h u and "
                f"a - h u, and divide by 2h {see(S_UNIT)}.",
            ),
            Misconception(
                "difference the wrong way round",
                lambda f, a, u, h: -directional_difference_solution(f, a, u, h),
                "the sign is flipped: the difference is f(a + h u) - f(a - h u), the "
                f"value ahead minus the value behind {see(S_UNIT)}.",
            ),
            Misconception(
                "missing factor 2",
                lambda f, a, u, h: 2 * directional_difference_solution(f, a, u, h),
                "the points a - h u and a + h u are 2h apart: divide by 2h, not h "
                f"{see(S_UNIT)}.",
            ),
        ),
    )
)


# Exercise 2.3: the formula at a point where s is not differentiable -----------


def s(x, y):
    r2 = x**2 + y**2
    return 0.0 if r2 == 0 else x**2 * y / r2


ORIGIN = (0.0, 0.0)
DIAGONAL = unit([1.0, 1.0])
"""The direction of Exercise 2.3, where D_u s(0) = u₁² u₂ = 1/(2√2) but ∇s(0) · u = 0."""

register(
    ChoiceExercise(
        id="2.3",
        title="The formula and a central difference for s at the origin",
        signature="formula_at_origin",
        hints=(
            "Evaluate s on the diagonal: what is s(t, t)? How far from the origin is "
            "the point (t, t)?",
            "The formula uses only the two partial derivatives at the origin. Which "
            "hypothesis of its derivation does s break there?",
        ),
        reference="b",
        options={
            "a": "both 0: s is 0 on both axes, so it does not change near the origin",
            "b": "about 0.354 and 0: the partial derivatives exist, but s is not "
            "differentiable at the origin",
            "c": "about 0.354 and 0: the step is too large; a small enough step gives 0",
            "d": "neither: directional_derivative divides by zero",
        },
        explanation=(
            "On every line through the origin s(t u) = t u₁² u₂, so D_u s(0) = u₁² u₂ "
            "= 1/(2√2) ≈ 0.354, which any central difference returns, while both "
            "partials at the origin are 0, so ∇s(0) · u = 0. ∂s/∂x is 1/2 all along "
            "the diagonal and 0 at the origin: not continuous, and s is not "
            "differentiable there, so the formula does not apply."
        ),
        misconceptions=(
            Misconception(
                "a",
                "a",
                "s is 0 on the axes only: on the diagonal s(t, t) = t/2, which "
                "changes at first order; the partials see only the axes "
                f"{see(S_FAILS)}.",
            ),
            Misconception(
                "c",
                "c",
                "no step is to blame: on a line through the origin s is linear in "
                "the distance, so a central difference is exact for every step; it "
                f"is the formula that is wrong here {see(S_FAILS)}.",
            ),
            Misconception(
                "d",
                "d",
                "a central difference evaluates s at the two points ±h u, never at "
                "the origin itself, and s(0, 0) is defined as 0: nothing divides by "
                f"zero {see(S_FAILS)}.",
            ),
        ),
    )
)


# Exercises 2.4 and 2.5: steepest ascent and descent at the start -------------


def _start_gradient() -> np.ndarray:
    return gradient_at(loss, START)


register(
    ValueExercise(
        id="2.4",
        title="The unit direction of steepest ascent at (0.5, 0)",
        signature="u_up",
        hints=(
            "L increases fastest along the gradient ∇L at the point.",
            "Take ∇L(0.5, 0) from chapter 1, divide it by its length "
            "np.linalg.norm(...), and store it as a numpy array.",
        ),
        reference=np.array([-2.55, -0.35]) / np.hypot(2.55, 0.35),
        expected=lambda: unit(_start_gradient()),
        source="the central-difference ∇L / ‖∇L‖",
        misconceptions=(
            Misconception(
                "not normalised",
                np.array([-2.55, -0.35]),
                "this is ∇L itself, whose length is ‖∇L‖, not 1; the question asks for "
                f"a unit vector: divide by ‖∇L‖ {see(S_ANGLE)}.",
            ),
            Misconception(
                "divided by the sum of the entries",
                np.array([-2.55, -0.35]) / 2.9,
                "dividing by |∂L/∂w| + |∂L/∂b| does not give length 1; divide ∇L "
                f"by its Euclidean length ‖∇L‖, np.linalg.norm of it {see(S_ANGLE)}.",
            ),
            Misconception(
                "descent instead of ascent",
                np.array([2.55, 0.35]) / np.hypot(2.55, 0.35),
                "this direction points downhill, where L decreases fastest; ascent "
                f"goes along +∇L (cos θ = 1) {see(S_ANGLE)}.",
            ),
            Misconception(
                "partials swapped",
                np.array([-0.35, -2.55]) / np.hypot(2.55, 0.35),
                "the entries are swapped: the first entry is the w component, "
                f"∂L/∂w / ‖∇L‖ {see(S_ANGLE)}.",
            ),
        ),
    )
)

register(
    ValueExercise(
        id="2.5",
        title="The rate of change along steepest descent at (0.5, 0)",
        signature="steepest_descent_rate",
        hints=(
            "D_u L = ‖∇L‖ cos θ, where θ is the angle between ∇L and the unit vector u.",
            "Steepest descent points opposite to ∇L: what is cos θ there? ‖∇L‖ is "
            "np.linalg.norm of the gradient.",
        ),
        reference=-np.hypot(2.55, 0.35),
        expected=lambda: directional_derivative(loss, START, -unit(_start_gradient())),
        source="the central difference along -∇L / ‖∇L‖",
        misconceptions=(
            Misconception(
                "ascent rate",
                float(np.hypot(2.55, 0.35)),
                "this is the rate along steepest ascent; along the opposite "
                f"direction cos θ = -1 and L decreases {see(S_ANGLE)}.",
            ),
            Misconception(
                "direction not normalised",
                -(2.55**2 + 0.35**2),
                "this is ∇L · (-∇L) = -‖∇L‖², the rate along the vector -∇L, whose "
                f"length is ‖∇L‖, not along a unit vector {see(S_ANGLE)}.",
            ),
            Misconception(
                "sum of the slopes",
                -(2.55 + 0.35),
                "adding the two partials gives the rate along (1, 1), which is "
                "not a unit vector and not the steepest direction; the rate "
                f"along -∇L / ‖∇L‖ is -‖∇L‖ {see(S_ANGLE)}.",
            ),
            Misconception(
                "the steeper partial",
                -2.55,
                "this is ∂L/∂w, the rate along the w axis; a direction that moves "
                f"both weights does better {see(S_ANGLE)}.",
            ),
        ),
    )
)


# Exercise 2.6: a direction with no first-order change ------------------------


def _level_directions() -> AnyOf:
    gw, gb = _start_gradient()
    along = unit([-gb, gw])
    return AnyOf(along, -along)


register(
    ValueExercise(
        id="2.6",
        title="A unit direction along which L does not change at first order",
        signature="u_level",
        hints=(
            "L does not change at first order where D_u L = ∇L · u = 0: u is "
            "perpendicular to ∇L.",
            "In the plane, (a, b) is perpendicular to (-b, a); make the vector a unit "
            "vector, and store one of the two answers as a numpy array.",
        ),
        reference=np.array([0.35, -2.55]) / np.hypot(2.55, 0.35),
        expected=_level_directions,
        source="∇L's two perpendicular unit vectors",
        tiny=1e-6,
        misconceptions=(
            Misconception(
                "the gradient direction",
                np.array([-2.55, -0.35]) / np.hypot(2.55, 0.35),
                "along ∇L the loss changes fastest; the level direction is "
                f"perpendicular to ∇L, where cos θ = 0 {see(S_LEVEL)}.",
            ),
            Misconception(
                "not normalised",
                np.array([0.35, -2.55]),
                "this is perpendicular to ∇L, but its length is ‖∇L‖, not 1: divide "
                f"it by its length to make it a unit vector {see(S_LEVEL)}.",
            ),
            Misconception(
                "swapped without a sign change",
                np.array([-0.35, -2.55]) / np.hypot(2.55, 0.35),
                "swapping the entries of ∇L is not enough: (a, b) · (b, a) = 2ab. "
                f"(a, b) is perpendicular to (-b, a) {see(S_LEVEL)}.",
            ),
        ),
    )
)


# Exercise 2.7: signs from a level-curve map ------------------------------------

ARROW_POINT = START
ARROWS = {
    "u₁": unit([0.95, -0.3]),  # towards the best fit
    "u₂": unit([0.35, -2.55]),  # along the level curve
    "u₃": np.array([-1.0, 0.0]),  # towards smaller w
}

register(
    ChoiceExercise(
        id="2.7",
        title="The signs of D_u L for three arrows on the map",
        signature="arrow_signs",
        hints=(
            "D_u L is negative towards lower level curves, positive towards higher "
            "ones, and zero along a level curve.",
            "For each arrow, ask whether its tip reaches a lower or a higher level "
            "curve than the one through the point, or stays on it.",
        ),
        reference="a",
        options={
            "a": "D_u₁ L < 0, D_u₂ L = 0, D_u₃ L > 0",
            "b": "D_u₁ L > 0, D_u₂ L = 0, D_u₃ L < 0",
            "c": "D_u₁ L < 0, D_u₂ L < 0, D_u₃ L > 0",
            "d": "the map cannot tell: the formula for L is needed",
        },
        explanation=(
            "u₁ heads into the bowl, towards lower level curves; u₂ is tangent to "
            "the level curve through the point, so L does not change at first "
            "order; u₃ crosses to higher level curves."
        ),
        misconceptions=(
            Misconception(
                "b",
                "b",
                "the signs of u₁ and u₃ are reversed: D_u L is positive where L "
                f"grows, that is towards higher level curves {see(S_LEVEL)}.",
            ),
            Misconception(
                "c",
                "c",
                "u₂ runs along the level curve through the point, where L keeps "
                f"its value: its rate of change is 0 at first order {see(S_LEVEL)}.",
            ),
            Misconception(
                "d",
                "d",
                "the level curves show which way L grows (their labels give the "
                "values, and they ring the best fit ★ at the bottom), which is all "
                f"a sign needs {see(S_LEVEL)}.",
            ),
        ),
    )
)


# Exercise 2.8: debugging a rate towards a goal --------------------------------


# The code the notebook gives, planted mistake and all (the tests check that
# the notebook shows this very code).
def slope_towards(w, b, w_goal, b_goal):
    r = w * x_data + b - t_data  # the residuals
    grad = np.array([2 * np.mean(r * x_data), 2 * np.mean(r)])  # ∇L at (w, b)
    u = np.array([w_goal - w, b_goal - b])  # from (w, b) towards the goal
    return grad @ u  # D_u L = ∇L · u


def slope_towards_solution(w, b, w_goal, b_goal):
    r = w * x_data + b - t_data
    grad = np.array([2 * np.mean(r * x_data), 2 * np.mean(r)])
    u = np.array([w_goal - w, b_goal - b])
    return grad @ (u / np.linalg.norm(u))


GOAL_CASES = (
    (0.0, 0.0, 1.45, -0.3),
    (0.5, 0.0, 1.45, -0.3),
    (0.5, 0.0, 0.5, 1.0),  # a goal one unit away: the mistake hides here
    (0.0, -1.5, 0.0, 1.5),
    (2.5, -2.0, 0.0, 0.0),
    (-2.5, -1.0, 3.0, 2.0),
    (40.0, -75.0, 0.0, 0.0),
    (1.2, 0.7, 1.25, 0.68),
    (-1.0, 3.0, -1.0, -3.0),
)


def describe_goal_case(w, b, w_goal, b_goal) -> str:
    return f"(w, b) = ({w:.2f}, {b:.2f}) heading for ({w_goal:.2f}, {b_goal:.2f})"


def _goal_expected(w, b, w_goal, b_goal):
    return directional_derivative(loss, (w, b), unit([w_goal - w, b_goal - b]))


def _with_direction(make_u):
    def wrong(w, b, w_goal, b_goal):
        return float(loss_gradient(w, b) @ make_u(np.array([w_goal - w, b_goal - b])))

    return wrong


register(
    DebugExercise(
        id="2.8",
        title="Find and fix the mistake in a rate towards a goal",
        signature="slope_towards(w, b, w_goal, b_goal)",
        hints=(
            "Move the goal twice as far along the same line: should the rate change? "
            "Try it.",
            "A directional derivative needs a unit vector: what is the length of u in "
            "the code?",
        ),
        reference=slope_towards_solution,
        given=slope_towards,
        bug=(
            "the rate grows with the distance to the goal, although the slope "
            f"of L in a direction cannot depend on how far away the goal is "
            f"{see(S_UNIT)}"
        ),
        cases=GOAL_CASES,
        expected=_goal_expected,
        describe=describe_goal_case,
        source="the central difference towards the goal",
        misconceptions=(
            Misconception(
                "divided by the squared distance",
                _with_direction(lambda u: u / np.sum(u**2)),
                "u was divided by its squared length; a unit vector is u / ‖u‖, "
                f"with ‖u‖ = np.sqrt(np.sum(u**2)) {see(S_UNIT)}.",
            ),
            Misconception(
                "divided by the sum of the entries",
                _with_direction(lambda u: u / np.sum(np.abs(u))),
                "dividing by |u₁| + |u₂| does not give length 1; divide by the "
                f"Euclidean length np.linalg.norm(u) {see(S_UNIT)}.",
            ),
            Misconception(
                "direction reversed",
                _with_direction(lambda u: -u / np.linalg.norm(u)),
                "the direction points away from the goal: it is goal minus start, "
                f"(w_goal - w, b_goal - b) {see(S_GOAL)}.",
            ),
        ),
    )
)

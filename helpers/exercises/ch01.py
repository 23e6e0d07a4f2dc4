"""Chapter 1, partial derivatives: the exercises, declared as data.

Every expected value comes from the mathematics: finite differences of the function
the text defines, or the formula the exercise asks for. The cases start at the edges
of the domain (zeros, points on the axes, negative and large values), so that a
formula that breaks there fails.
"""

from __future__ import annotations

import numpy as np

from ..numeric import numerical_gradient, partial_derivative
from .base import Misconception
from .cases import describe_point, points, see
from .common import loss, t_data, worked_f, x_data
from .kinds import ChoiceExercise, DebugExercise, FunctionExercise, ValueExercise
from .registry import register

S_DEFINITION = "The definition"
S_LOOKS = "What a partial derivative looks like"
S_PREDICTS = "What a partial derivative predicts"
S_CHECKING = "Checking a formula against the definition"
S_WORKED = "A worked example: product and chain rule"
S_MORE = "More than two variables"
S_FAIL = "Where partial derivatives fail"
S_DIFFERENCES = "Forward and central differences"
S_COST = "Why networks are not trained with finite differences"

N_DATA = len(x_data)


def three_var_g(x: float, y: float, z: float) -> float:
    """Exercise 1.6's function: g(x, y, z) = x²y + y sin z + e^(xz)."""
    return x**2 * y + y * np.sin(z) + np.exp(x * z)


def relu(s: float) -> float:
    return max(s, 0.0)


WEIGHT_CASES = points(
    seed=101,
    n=15,
    dims=2,
    low=-3.0,
    high=3.0,
    edges=[(0.0, 0.0), (0.0, -1.5), (2.0, 0.0), (-2.5, -1.0), (40.0, -75.0)],
)
describe_weights = describe_point("w, b")


# Exercise 1.1: a partial derivative of the running loss ----------------------


def dL_db_solution(w, b):
    return 2 * np.mean(w * x_data + b - t_data)


register(
    FunctionExercise(
        id="1.1",
        title="∂L/∂b of the running loss",
        signature="dL_db(w, b)",
        hints=(
            "L(w, b) is the mean of the squared residuals r⁽ⁱ⁾ = w·x⁽ⁱ⁾ + b - t⁽ⁱ⁾: "
            "differentiate one term (r⁽ⁱ⁾)² with respect to b, holding w fixed.",
            "The chain rule gives d((r⁽ⁱ⁾)²)/db = 2r⁽ⁱ⁾ · ∂r⁽ⁱ⁾/∂b. "
            "What is ∂r⁽ⁱ⁾/∂b? Then "
            "average over the points, as L does.",
        ),
        reference=dL_db_solution,
        cases=WEIGHT_CASES,
        expected=lambda w, b: partial_derivative(loss, (w, b), "b"),
        describe=describe_weights,
        misconceptions=(
            Misconception(
                "sum instead of mean",
                lambda w, b: 2 * np.sum(w * x_data + b - t_data),
                f"L is the mean over the {N_DATA} points, not their sum: divide by "
                f"N = {N_DATA} {see(S_DEFINITION)}.",
            ),
            Misconception(
                "missing factor 2",
                lambda w, b: np.mean(w * x_data + b - t_data),
                "the derivative of a square r² is 2r: the factor 2 is missing "
                f"{see(S_DEFINITION)}.",
            ),
            Misconception(
                "partial with respect to w",
                lambda w, b: 2 * np.mean((w * x_data + b - t_data) * x_data),
                "this is ∂L/∂w: with respect to b, the inner derivative of "
                f"w·x⁽ⁱ⁾ + b - t⁽ⁱ⁾ is 1, not x⁽ⁱ⁾ {see(S_DEFINITION)}.",
            ),
            Misconception(
                "residual the wrong way round",
                lambda w, b: 2 * np.mean(t_data - w * x_data - b),
                "the sign is flipped: the chain rule multiplies by the derivative of "
                f"the inside, w·x⁽ⁱ⁾ + b - t⁽ⁱ⁾, which is +1 {see(S_DEFINITION)}.",
            ),
        ),
    )
)


# Exercise 1.2: predict the signs at a marked point ---------------------------

POINT_A = (2.5, -2.0)

register(
    ChoiceExercise(
        id="1.2",
        title="The signs of ∂L/∂w and ∂L/∂b at a marked point",
        signature="signs_at_A",
        hints=(
            "Look at the two slices through A: the w-slice (b fixed at -2) and the "
            "b-slice (w fixed at 2.5).",
            "On each slice, is A to the right or to the left of the slice's lowest "
            "point? To the right of it, L rises as that weight grows: a positive "
            "partial derivative.",
        ),
        reference="b",
        options={
            "a": "∂L/∂w > 0 and ∂L/∂b > 0",
            "b": "∂L/∂w > 0 and ∂L/∂b < 0",
            "c": "∂L/∂w < 0 and ∂L/∂b > 0",
            "d": "∂L/∂w < 0 and ∂L/∂b < 0",
        },
        explanation=(
            "At A = (2.5, -2) the w-slice rises to the right (for b = -2 the best w is "
            "about 2.02, and A is past it) and the b-slice falls to the right (for "
            "w = 2.5 the best b is about -0.83, and A is below it): nudging w up raises "
            "L, nudging b up lowers it."
        ),
        misconceptions=(
            Misconception(
                "a",
                "a",
                "∂L/∂w is positive, but look at the b-slice through A: L goes down as "
                f"b grows towards the valley floor {see(S_LOOKS)}.",
            ),
            Misconception(
                "c",
                "c",
                "both signs are reversed: a partial derivative is positive where L "
                f"increases as that one weight increases {see(S_LOOKS)}.",
            ),
            Misconception(
                "d",
                "d",
                "∂L/∂b is negative, but along w L increases: A lies to the right of the "
                f"valley in the w direction {see(S_LOOKS)}.",
            ),
        ),
    )
)


# Exercise 1.3: what a partial derivative predicts ----------------------------

# The nudge is in b, at a point where nothing on the page before the exercise shows
# ∂L/∂b: the reader computes it (with Exercise 1.1's function or by hand).
NUDGE_POINT, NUDGE = (1.0, 0.5), -0.1
NUDGED_POINT = (NUDGE_POINT[0], NUDGE_POINT[1] + NUDGE)
SLOPE_B = partial_derivative(loss, NUDGE_POINT, "b")

register(
    ValueExercise(
        id="1.3",
        title="Predict the change in L from a nudge of b",
        signature="predicted_change",
        hints=(
            "The first-order prediction of a change is the rate of change along the "
            "weight that moves times the size of the step: ΔL ≈ ∂L/∂b · Δb.",
            "Evaluate ∂L/∂b at (1, 0.5) (your dL_db, or its formula), then multiply "
            "by Δb = -0.1, minding its sign; keep at least 3 significant digits.",
        ),
        reference=1.15 * NUDGE,
        expected=lambda: partial_derivative(loss, NUDGE_POINT, "b") * NUDGE,
        source="∂L/∂b · Δb",
        factors={"N": N_DATA},
        misconceptions=(
            Misconception(
                "the new loss",
                loss(*NUDGED_POINT),
                "this is the new loss L(1, 0.4) itself; the question asks for the "
                f"change of the loss, predicted to first order {see(S_PREDICTS)}.",
            ),
            Misconception(
                "the predicted new loss",
                loss(*NUDGE_POINT) + SLOPE_B * NUDGE,
                "this is the predicted new loss L(1, 0.5) + ∂L/∂b · Δb; the question "
                f"asks for the predicted change alone {see(S_PREDICTS)}.",
            ),
            Misconception(
                "the actual change",
                loss(*NUDGED_POINT) - loss(*NUDGE_POINT),
                "this is the actual change L(1, 0.4) - L(1, 0.5); the question asks "
                f"for the first-order prediction ∂L/∂b · Δb {see(S_PREDICTS)}.",
            ),
            Misconception(
                "forgot the nudge",
                SLOPE_B,
                "this is ∂L/∂b itself; the predicted change is ∂L/∂b times the "
                f"nudge Δb = {NUDGE} {see(S_PREDICTS)}.",
            ),
            Misconception(
                "the nudge taken as +0.1",
                -SLOPE_B * NUDGE,
                "the sign is flipped: the bias decreases, so Δb = -0.1, and the "
                "prediction ∂L/∂b · Δb has the opposite sign of ∂L/∂b "
                f"{see(S_PREDICTS)}.",
            ),
            Misconception(
                "the other partial",
                partial_derivative(loss, NUDGE_POINT, "w") * NUDGE,
                "this uses ∂L/∂w; the nudge is in b, so the prediction uses ∂L/∂b "
                f"{see(S_PREDICTS)}.",
            ),
        ),
    )
)


# Exercise 1.4: debugging a planted chain-rule mistake --------------------------


# The code the notebook gives, planted mistake and all (the tests check that
# the notebook shows this very code).
def grad_loss(w, b):
    y = w * x_data + b  # the model's predictions, one per point
    dL_dy = 2 * (y - t_data) / len(x_data)  # ∂L/∂y^(i) for each point i
    dL_dw = np.sum(dL_dy * w)  # chain rule: times ∂y^(i)/∂w
    dL_db = np.sum(dL_dy)  # chain rule: times ∂y^(i)/∂b = 1
    return dL_dw, dL_db


def grad_loss_solution(w, b):
    y = w * x_data + b
    dL_dy = 2 * (y - t_data) / len(x_data)
    return np.sum(dL_dy * x_data), np.sum(dL_dy)


register(
    DebugExercise(
        id="1.4",
        title="Find and fix the mistake in a two-partial gradient",
        signature="grad_loss(w, b)",
        hints=(
            "Compare each of the two partials with finite differences "
            "(partial_derivative) at a point or two: which one disagrees?",
            "y⁽ⁱ⁾ = w·x⁽ⁱ⁾ + b, so ∂L/∂w = Σᵢ ∂L/∂y⁽ⁱ⁾ · ∂y⁽ⁱ⁾/∂w. "
            "Which factor is ∂y⁽ⁱ⁾/∂w?",
        ),
        reference=grad_loss_solution,
        given=grad_loss,
        bug=(
            "∂L/∂w still disagrees with finite differences; which factor does the "
            f"chain rule bring from y⁽ⁱ⁾ = w·x⁽ⁱ⁾ + b? {see(S_CHECKING)}"
        ),
        cases=WEIGHT_CASES,
        expected=lambda w, b: (
            partial_derivative(loss, (w, b), "w"),
            partial_derivative(loss, (w, b), "b"),
        ),
        describe=describe_weights,
        labels=("∂L/∂w", "∂L/∂b"),
        misconceptions=(
            Misconception(
                "kept the factor w",
                lambda w, b: (
                    2 * np.mean((w * x_data + b - t_data) * x_data * w),
                    2 * np.mean(w * x_data + b - t_data),
                ),
                "∂y⁽ⁱ⁾/∂w is x⁽ⁱ⁾ alone: the factor w has to go, not just gain an x⁽ⁱ⁾ "
                f"{see(S_CHECKING)}.",
            ),
            Misconception(
                "fixed the wrong partial",
                lambda w, b: (
                    2 * np.mean((w * x_data + b - t_data) * w),
                    2 * np.mean((w * x_data + b - t_data) * x_data),
                ),
                "∂L/∂b was right: ∂y⁽ⁱ⁾/∂b = 1; the partial to repair is ∂L/∂w "
                f"{see(S_CHECKING)}.",
            ),
        ),
    )
)


# Exercise 1.5: the worked example's other partial ----------------------------


def df_dy_solution(x, y):
    return -(x**3) * np.sin(x * y)


register(
    FunctionExercise(
        id="1.5",
        title="∂f/∂y of f(x, y) = x² cos(xy)",
        signature="df_dy(x, y)",
        hints=(
            "Hold x fixed: x² is a constant factor, and only cos(xy) depends on y.",
            "The chain rule: the derivative of cos(u) is -sin(u) times du/dy, with u = "
            "xy. What is du/dy?",
        ),
        reference=df_dy_solution,
        cases=points(
            seed=11,
            n=20,
            dims=2,
            edges=[(0.0, 0.0), (0.0, 1.3), (1.7, 0.0), (-1.5, -0.8), (4.5, 3.5)],
        ),
        expected=lambda x, y: partial_derivative(worked_f, (x, y), "y"),
        describe=describe_point("x, y"),
        misconceptions=(
            Misconception(
                "missing chain-rule factor",
                lambda x, y: -(x**2) * np.sin(x * y),
                "looks like the chain rule is missing the factor x from d(xy)/dy "
                f"{see(S_WORKED)}.",
            ),
            Misconception(
                "sign error",
                lambda x, y: x**3 * np.sin(x * y),
                f"the sign is flipped: the derivative of cos is -sin {see(S_WORKED)}.",
            ),
            Misconception(
                "differentiated with respect to x",
                lambda x, y: 2 * x * np.cos(x * y) - x**2 * y * np.sin(x * y),
                "this is ∂f/∂x, the worked example; here y varies and x is held "
                f"constant {see(S_WORKED)}.",
            ),
            Misconception(
                "product rule where x² is a constant",
                lambda x, y: 2 * x * np.cos(x * y) - x**3 * np.sin(x * y),
                "with respect to y, x² is a constant factor: the product rule adds "
                f"no 2x·cos(xy) term {see(S_WORKED)}.",
            ),
        ),
    )
)


# Exercise 1.6: three variables -----------------------------------------------


def partials_g_solution(x, y, z):
    dg_dx = 2 * x * y + z * np.exp(x * z)
    dg_dy = x**2 + np.sin(z)
    dg_dz = y * np.cos(z) + x * np.exp(x * z)
    return dg_dx, dg_dy, dg_dz


register(
    FunctionExercise(
        id="1.6",
        title=r"The three partials of $g(x, y, z) = x^2 y + y \sin z + e^{xz}$",
        signature="partials_g(x, y, z)",
        hints=(
            "Take the terms x²y, y sin z and e^(xz) one at a time, for each variable; a "
            "term without that variable contributes 0.",
            "e^(xz) needs the chain rule: its partial derivative with respect to x "
            "brings the factor ∂(xz)/∂x, and with respect to z the factor ∂(xz)/∂z.",
        ),
        reference=partials_g_solution,
        cases=points(
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
        ),
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
                f"∂/∂z gives x·e^(xz) {see(S_MORE)}.",
            ),
            Misconception(
                "other variables not held constant",
                lambda x, y, z: (
                    2 * x * y + x**2 + z * np.exp(x * z),
                    x**2 + np.sin(z) + y * np.cos(z),
                    y * np.cos(z) + np.sin(z) + x * np.exp(x * z),
                ),
                "a partial derivative treats every other variable as a constant, so the "
                f"product rule does not apply to x²y in ∂/∂x {see(S_MORE)}.",
            ),
            Misconception(
                "derivative of sin taken as -cos",
                lambda x, y, z: (
                    2 * x * y + z * np.exp(x * z),
                    x**2 + np.sin(z),
                    -y * np.cos(z) + x * np.exp(x * z),
                ),
                "∂g/∂z has the wrong sign on y cos z: the derivative of sin is +cos "
                f"{see(S_MORE)}.",
            ),
        ),
    )
)


# Exercise 1.7: a central difference ------------------------------------------


def cubic(t):
    return t**3 - 2.0 * t


def bump(t):
    return np.exp(-(t**2))


def describe_cd_case(f, x, h) -> str:
    name = {"cubic": "t³ - 2t", "bump": "exp(-t²)"}.get(f.__name__, f.__name__)
    return f"f(t) = {name}, x = {x:.2f}, h = {h:.2f}"


def central_difference_solution(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


register(
    FunctionExercise(
        id="1.7",
        title="A difference quotient that steps both ways",
        signature="central_difference(f, x, h)",
        hints=(
            "A central difference looks at f on both sides of x: at x + h and at x - h.",
            "The two points are 2h apart: divide the difference of the two values by "
            "that distance, and mind the parentheses.",
        ),
        reference=central_difference_solution,
        cases=tuple(
            (f, x, h)
            for f, xs in (
                (np.sin, (0.0, 0.5, -2.0, 12.0)),
                (cubic, (0.0, -1.0, 0.3)),
                (bump, (0.7, -3.0)),
                (np.exp, (1.0, 6.0)),
            )
            for x in xs
            for h in (0.1, 0.25)
        ),
        expected=lambda f, x, h: float(numerical_gradient(f, x, h=h)),
        describe=describe_cd_case,
        source="the central difference",
        rtol=1e-9,
        misconceptions=(
            Misconception(
                "forward difference",
                lambda f, x, h: (f(x + h) - f(x)) / h,
                "this is the forward quotient alone; average it with the backward one, "
                f"(f(x) - f(x-h))/h {see(S_DIFFERENCES)}.",
            ),
            Misconception(
                "missing factor 2",
                lambda f, x, h: (f(x + h) - f(x - h)) / h,
                "this is the sum of the two quotients, not their average: the points "
                f"x-h and x+h are 2h apart {see(S_DIFFERENCES)}.",
            ),
            Misconception(
                "operator precedence",
                lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h,
                "“/ 2 * h” divides by 2 and then multiplies by h; write “/ (2 * h)” "
                f"{see(S_DIFFERENCES)}.",
            ),
            Misconception(
                "reversed order",
                lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h),
                "the sign is flipped: subtract f(x-h) from f(x+h), not the other way "
                f"round {see(S_DIFFERENCES)}.",
            ),
        ),
    )
)


# Exercise 1.8: a central difference at a kink --------------------------------

KINK_STEP = 1e-3

register(
    ValueExercise(
        id="1.8",
        title="What a central difference reports at the kink of ReLU",
        signature="relu_slope_at_0",
        hints=(
            "ReLU(s) = max(s, 0): evaluate it at s = h and at s = -h, for h = 0.001.",
            "Put the two values into (ReLU(h) - ReLU(-h)) / (2h); then compare the "
            "result with the slopes left and right of the kink.",
        ),
        reference=0.5,
        expected=lambda: float(numerical_gradient(relu, 0.0, h=KINK_STEP)),
        source="the central difference",
        misconceptions=(
            Misconception(
                "left slope",
                0.0,
                "0 is the slope just left of the kink; a central difference looks at "
                f"both sides of 0, and ReLU(h) is not 0 for h > 0 {see(S_FAIL)}.",
            ),
            Misconception(
                "right slope",
                1.0,
                "1 is the slope just right of the kink; a central difference looks at "
                "both sides of 0: check that ReLU(-h) is 0, not -h, and that you "
                f"divide by 2h, the distance from -h to h {see(S_FAIL)}.",
            ),
        ),
    )
)


# Exercise 1.9: the cost of numerical partial derivatives -----------------------

LAYERS_1_9 = (10, 5, 1)


def parameter_count(layers: tuple[int, ...]) -> int:
    """Weights and biases of a fully connected network with these layer sizes."""
    return sum(n_in * n_out + n_out for n_in, n_out in zip(layers[:-1], layers[1:]))


register(
    ValueExercise(
        id="1.9",
        title="Count the loss evaluations of a numerical gradient",
        signature="evaluations",
        hints=(
            "Count the parameters layer by layer: a layer with n inputs and m units has "
            "n·m weights and m biases.",
            "A central difference evaluates the loss at two points for each parameter.",
        ),
        reference=122,
        expected=lambda: 2 * parameter_count(LAYERS_1_9),
        source="two evaluations per weight and bias",
        rtol=1e-9,  # a count: exactly right or wrong
        misconceptions=(
            Misconception(
                "one evaluation per partial",
                parameter_count(LAYERS_1_9),
                "that is the number of weights and biases; a central difference "
                f"evaluates the loss twice for each {see(S_COST)}.",
            ),
            Misconception(
                "forgot the biases",
                2 * (10 * 5 + 5 * 1),
                "the biases are parameters too (5 in the hidden layer, 1 at the "
                f"output), each with its own partial derivative {see(S_COST)}.",
            ),
            Misconception(
                "counted units instead of weights",
                2 * (10 + 5 + 1),
                "a layer has a weight for every input–unit pair, not one per unit "
                f"{see(S_COST)}.",
            ),
        ),
    )
)

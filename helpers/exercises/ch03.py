"""Chapter 3, the gradient and gradient descent: the exercises, declared as data.

Every expected value comes from the mathematics: central differences of the function
the text defines (``numerical_gradient``), the closed form of gradient descent on a
quadratic bowl, or the Hessian's eigenvalues. The cases start at the edges: zero
weights, an input of zeros, saturated units, zero steps, learning rates at and beyond
the stable limit.
"""

from __future__ import annotations

import numpy as np

from ..ml import sigmoid
from ..numeric import numerical_gradient
from .base import Misconception
from .cases import describe_vector, see
from .common import dL_db, dL_dw, loss, loss_gradient
from .kinds import ChoiceExercise, DebugExercise, FunctionExercise, ValueExercise
from .registry import register

S_MANY = "The gradient of a function of many weights"
S_PROMISE = "What the gradient promises"
S_LEVEL = "Level sets and the gradient field"
S_DESCENT = "Gradient descent"
S_RATE = "The learning rate"
S_LIMIT = "The largest stable learning rate"

START = (0.5, 0.0)
"""Chapter 1's point, where both partial derivatives are negative."""


# Exercise 3.1: the gradient of a logistic unit's output ------------------------


def grad_p_solution(w, x):
    p = sigmoid(w @ x)
    return p * (1 - p) * x


def _grad_p_expected(w, x):
    return numerical_gradient(lambda v: float(sigmoid(v @ x)), w)


UNIT_CASES = (
    (np.array([0.0, 0.0, 0.0]), np.array([1.0, 2.0, 0.5])),  # p = 1/2
    (np.array([0.5, -1.0, 2.0]), np.array([0.0, 0.0, 0.0])),  # an input of zeros
    (np.array([0.5, -1.0, 2.0]), np.array([1.0, 2.0, 0.5])),
    (np.array([2.0, 0.0, 0.0]), np.array([1.0, -3.0, 4.0])),  # on an axis
    (np.array([-1.5, 0.3]), np.array([2.0, 1.0])),
    (np.array([1.0, 2.0, -0.5, 0.25]), np.array([0.5, 1.0, -1.0, 2.0])),
    (np.array([3.0, 1.0]), np.array([2.0, 1.5])),  # z = 7.5: nearly saturated
    (np.array([-2.0, 1.0, 0.5]), np.array([1.5, -1.0, 2.0])),  # z = -3
    (np.array([0.2, -0.4, 0.6, -0.8, 1.0]), np.array([1.0, 1.0, 1.0, 1.0, 1.0])),
)


def describe_unit_case(w, x) -> str:
    return f"w = {describe_vector(w)}, x = {describe_vector(x)}"


register(
    FunctionExercise(
        id="3.1",
        title="The gradient of a logistic unit's output with respect to its weights",
        signature="grad_p(w, x)",
        hints=(
            "p = σ(z) with z = wᵀx: the chain rule gives ∇_w p = σ'(z) ∇_w z.",
            "∇_w (wᵀx) = x, and σ'(z) can be written with p itself.",
        ),
        reference=grad_p_solution,
        cases=UNIT_CASES,
        expected=_grad_p_expected,
        describe=describe_unit_case,
        like="w",
        misconceptions=(
            Misconception(
                "missing σ'",
                lambda w, x: x,
                "this is ∇_w z = x, the gradient of z = wᵀx alone; the chain rule "
                f"multiplies it by σ'(z) = p(1 - p) {see(S_MANY)}.",
            ),
            Misconception(
                "σ instead of σ'",
                lambda w, x: sigmoid(w @ x) * x,
                "the factor is σ(z) = p, but the chain rule needs the derivative "
                f"σ'(z) = p(1 - p) {see(S_MANY)}.",
            ),
            Misconception(
                "with respect to x",
                lambda w, x: sigmoid(w @ x) * (1 - sigmoid(w @ x)) * w,
                "this is the gradient with respect to the input x; the question "
                f"asks how p changes with the weights w {see(S_MANY)}.",
            ),
            Misconception(
                "sign",
                lambda w, x: -grad_p_solution(w, x),
                "the sign is flipped: σ' is positive, so growing wⱼ raises p when "
                f"xⱼ > 0 {see(S_MANY)}.",
            ),
            Misconception(
                "σ'(z) = σ(z)(1 + σ(z))",
                lambda w, x: sigmoid(w @ x) * (1 + sigmoid(w @ x)) * x,
                "σ'(z) = σ(z)(1 - σ(z)), with a minus: σ' is at most 1/4, at z = 0 "
                f"{see(S_MANY)}.",
            ),
        ),
    )
)


# Exercise 3.2: what the gradient promises ---------------------------------------

register(
    ChoiceExercise(
        id="3.2",
        title="What a step along the gradient promises",
        signature="promise",
        hints=(
            "The gradient tells rates at the point, D_u p = ∇p · u: a statement about "
            "steps of length t as t shrinks to 0.",
            "For a finite step the change is t ∇p · u plus a remainder o(t). Which "
            "option does not claim more than that?",
        ),
        reference="b",
        options={
            "a": "among all steps of one length t, the step along ∇p raises p the "
            "most, whatever t",
            "b": "a short enough step along ∇p raises p, and no direction raises p "
            "at a higher rate at the start",
            "c": "repeated steps along ∇p head straight for the weights with the "
            "largest p",
            "d": "a step of length t along ∇p / ‖∇p‖ raises p by exactly t ‖∇p‖",
        },
        explanation=(
            "The gradient's promise is about rates at the point: D_u p = ∇p · u is "
            "largest for u = ∇p / ‖∇p‖, so p rises for a short enough step, but for "
            "a finite step the remainder (the curvature) can favour another direction."
        ),
        misconceptions=(
            Misconception(
                "a",
                "a",
                "for a finite step the remainder beyond t ∇p · u counts too, and another "
                "direction of the same length can do better; the promise holds "
                f"only as t shrinks to 0 {see(S_PROMISE)}.",
            ),
            Misconception(
                "c",
                "c",
                "the gradient points across the level curves, not at the maximum "
                "(or minimum): in a narrow valley it points almost across it "
                f"{see(S_PROMISE)}.",
            ),
            Misconception(
                "d",
                "d",
                "t ‖∇p‖ is the first-order prediction; the change differs from it "
                f"by a remainder o(t) (of order t² when p is twice differentiable) "
                f"{see(S_PROMISE)}.",
            ),
        ),
    )
)


# Exercise 3.3: the part of a step that runs along the level set ------------------


def along_level_solution(g, v):
    return v - (g @ v) / (g @ g) * g


def _along_level_expected(g, v):
    """v projected on the hyperplane perpendicular to g, by an orthonormal basis of
    that hyperplane (the last n - 1 right singular vectors of the row gᵀ)."""
    g, v = np.asarray(g, dtype=float), np.asarray(v, dtype=float)
    basis = np.linalg.svd(g[None, :])[2][1:]
    return basis.T @ (basis @ v)


LEVEL_CASES = (
    (np.array([3.0, 4.0]), np.array([1.0, 0.0])),
    (np.array([1.0, 0.0, 0.0]), np.array([2.0, -1.0, 3.0])),  # g on an axis
    (np.array([0.235, 0.47, 0.1175]), np.array([1.0, 1.0, 1.0])),
    (np.array([1.0, 2.0, 2.0]), np.array([2.0, 4.0, 4.0])),  # v along g: nothing left
    (np.array([1.0, 1.0]), np.array([1.0, -1.0])),  # v already along the level set
    (np.array([2.0, -1.0, 0.5]), np.array([0.0, 0.0, 0.0])),  # no step at all
    (np.array([300.0, -400.0, 0.0, 1200.0]), np.array([1.0, 2.0, 3.0, 4.0])),  # long g
    (np.array([1e-3, 2e-3]), np.array([0.5, -0.25])),  # short g
    (np.array([1.0, -1.0, 2.0, 0.0, 0.5]), np.array([0.0, 1.0, 0.0, -2.0, 1.0])),
)


def describe_level_case(g, v) -> str:
    return f"g = {describe_vector(g)}, v = {describe_vector(v)}"


def _over_vv(g, v):
    """v - (g · v)/(v · v) g, as a reader computes it: nan when v = 0."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return v - (g @ v) / (v @ v) * g


def _unit(t):
    """t / ‖t‖ as a reader computes it: nan when t = 0 (recognised as the same)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return t / np.linalg.norm(t)


register(
    FunctionExercise(
        id="3.3",
        title="The part of a step that runs along the level set",
        signature="along_level(g, v)",
        hints=(
            "Write the answer as t = v - c g for a number c, and ask that g · t = 0.",
            "g · (v - c g) = g · v - c (g · g): solve for c. The length of g counts, "
            "not only its direction.",
        ),
        reference=along_level_solution,
        cases=LEVEL_CASES,
        expected=_along_level_expected,
        describe=describe_level_case,
        source="the projection on the hyperplane perpendicular to g",
        misconceptions=(
            Misconception(
                "no division by g · g",
                lambda g, v: v - (g @ v) * g,
                "this subtracts (g · v) g, which is right only when g has length 1; "
                f"divide by g · g = ‖g‖² so that g · t = 0 {see(S_LEVEL)}.",
            ),
            Misconception(
                "divided by ‖g‖",
                lambda g, v: v - (g @ v) / np.linalg.norm(g) * g,
                "the multiple of g is (g · v) / ‖g‖², not (g · v) / ‖g‖: with the "
                f"latter g · t is not 0 unless ‖g‖ = 1 {see(S_LEVEL)}.",
            ),
            Misconception(
                "divided by v · v",
                lambda g, v: _over_vv(g, v),
                "the multiple of g divides by v · v, which is 0 for no step at all; "
                "solve g · t = 0 for the multiple: what it divides by does not depend "
                f"on v {see(S_LEVEL)}.",
            ),
            Misconception(
                "the part along the gradient",
                lambda g, v: (g @ v) / (g @ g) * g,
                "this is the part of v along the gradient, the one that changes f; "
                "the part along the level set is what remains of v without it "
                f"{see(S_LEVEL)}.",
            ),
            Misconception(
                "sign",
                lambda g, v: v + (g @ v) / (g @ g) * g,
                "the multiple of g is added; subtract it, so that g · t = 0 "
                f"{see(S_LEVEL)}.",
            ),
            Misconception(
                "a unit vector",
                lambda g, v: _unit(along_level_solution(g, v)),
                "this has length 1: the exercise asks for the part of v itself, "
                f"not its direction (it is 0 when v is along g) {see(S_LEVEL)}.",
            ),
            Misconception(
                "g turned by a right angle",
                lambda g, v: np.array([-g[1], g[0]]) if len(g) == 2 else g * 0.0,
                "(-g₂, g₁) is perpendicular to g, but it ignores v, and in more than "
                "two dimensions many directions are perpendicular to g: take the "
                f"part of v that is {see(S_LEVEL)}.",
            ),
        ),
    )
)


# Exercise 3.4: one step of gradient descent ------------------------------------

LR_STEP = 0.1


def _one_step() -> np.ndarray:
    theta = np.array(START)
    return theta - LR_STEP * numerical_gradient(lambda v: loss(*v), theta)


register(
    ValueExercise(
        id="3.4",
        title="One step of gradient descent on L from (0.5, 0) with η = 0.1",
        signature="theta_1",
        hints=(
            "One step of gradient descent: θ₁ = θ₀ - η ∇L(θ₀).",
            "Use θ₀ = (0.5, 0), η = 0.1 and the gradient the statement gives; mind the "
            "signs, and store a numpy array (w, b).",
        ),
        reference=np.array([0.755, 0.035]),
        expected=_one_step,
        source="θ₀ - η ∇L(θ₀) with ∇L by central differences",
        misconceptions=(
            Misconception(
                "ascent",
                np.array([0.245, -0.035]),
                "this step goes uphill, along +∇L; descent subtracts η ∇L "
                f"{see(S_DESCENT)}.",
            ),
            Misconception(
                "the step, not the new point",
                np.array([0.255, 0.035]),
                "this is the step -η ∇L; the new point is θ₀ plus it "
                f"{see(S_DESCENT)}.",
            ),
            Misconception(
                "no learning rate",
                np.array([3.05, 0.35]),
                "the whole gradient was subtracted: the step is η = 0.1 times it "
                f"{see(S_DESCENT)}.",
            ),
            Misconception(
                "entries swapped",
                np.array([0.035, 0.755]),
                f"the entries are swapped: θ = (w, b), w first {see(S_DESCENT)}.",
            ),
        ),
    )
)


# Exercise 3.5: the descent loop --------------------------------------------------


class Quadratic:
    """The gradient of the bowl f(θ) = ½ (θ - c)ᵀ A (θ - c), a function of θ.

    Named for the messages; ``path`` is gradient descent's closed form,
    θₖ = c + (I - η A)ᵏ (θ₀ - c), the mathematics the loop is compared with.
    """

    def __init__(self, A, c, label: str) -> None:
        self.A = np.array(A, dtype=float)
        self.c = np.array(c, dtype=float)
        self.label = label
        self.__name__ = f"grad_{label}"

    def __call__(self, theta):
        return self.A @ (np.asarray(theta, dtype=float) - self.c)

    def path(self, theta0, lr: float, n_steps: int) -> np.ndarray:
        shrink = np.eye(len(self.c)) - lr * self.A
        start = np.asarray(theta0, dtype=float) - self.c
        return np.array(
            [
                self.c + np.linalg.matrix_power(shrink, k) @ start
                for k in range(n_steps + 1)
            ]
        )


VALLEY = Quadratic([[1.0, 0.0], [0.0, 10.0]], [0.0, 0.0], "valley")
LOSS_BOWL = Quadratic([[3.0, 1.0], [1.0, 2.0]], [1.45, -0.3], "L")
LINE = Quadratic([[2.0]], [1.0], "line")
BOWL3 = Quadratic(
    [[4.0, 1.0, 0.0], [1.0, 3.0, -1.0], [0.0, -1.0, 2.0]], [1.0, -2.0, 0.5], "bowl3"
)

LOOP_CASES = (
    (VALLEY, np.array([-4.0, 1.0]), 0.1, 0),  # no step: the start only
    (VALLEY, np.array([-4.0, 1.0]), 0.1, 1),
    (VALLEY, np.array([-4.0, 1.0]), 0.19, 12),
    (VALLEY, np.array([0.0, 0.0]), 0.1, 3),  # at the minimum: it stays
    (VALLEY, np.array([3.0, -2.0]), 0.21, 8),  # beyond the limit: it grows
    (LOSS_BOWL, np.array([0.5, 0.0]), 0.1, 5),
    (LOSS_BOWL, np.array([-40.0, 75.0]), 0.4, 25),
    (LINE, np.array([-3.0]), 0.25, 6),
    (BOWL3, np.array([0.0, 0.0, 0.0]), 0.2, 10),
)


def describe_loop_case(grad, theta0, lr, n_steps) -> str:
    return (
        f"grad = {grad.__name__}, theta0 = {describe_vector(theta0)}, "
        f"lr = {lr:g}, n_steps = {n_steps}"
    )


def gradient_descent_solution(grad, theta0, lr, n_steps):
    path = [np.asarray(theta0, dtype=float)]
    for _ in range(n_steps):
        theta = path[-1]
        path.append(theta - lr * grad(theta))
    return np.array(path)


def _loop_with(step):
    def wrong(grad, theta0, lr, n_steps):
        path = [np.asarray(theta0, dtype=float)]
        for _ in range(n_steps):
            path.append(step(path, grad, lr))
        return np.array(path)

    return wrong


register(
    FunctionExercise(
        id="3.5",
        title="Gradient descent: every point of the path",
        signature="gradient_descent(grad, theta0, lr, n_steps)",
        hints=(
            "Keep a list of points that starts with theta0; each step appends one "
            "point, computed from the last one.",
            "Each step uses the gradient at the current point; after n_steps steps the "
            "path has n_steps + 1 points, one per row of the array you return.",
        ),
        reference=gradient_descent_solution,
        cases=LOOP_CASES,
        expected=lambda grad, theta0, lr, n_steps: grad.path(theta0, lr, n_steps),
        describe=describe_loop_case,
        source="the closed form θₖ = c + (I - ηA)ᵏ(θ₀ - c) of descent on the bowl",
        rtol=1e-9,
        misconceptions=(
            Misconception(
                "ascent",
                _loop_with(lambda path, grad, lr: path[-1] + lr * grad(path[-1])),
                "each step goes uphill: descent subtracts lr * grad(theta) "
                f"{see(S_DESCENT)}.",
            ),
            Misconception(
                "the gradient at the start, every step",
                _loop_with(lambda path, grad, lr: path[-1] - lr * grad(path[0])),
                "every step uses the gradient at theta0; take the gradient at the "
                f"current point, afresh at each step {see(S_DESCENT)}.",
            ),
            Misconception(
                "no learning rate",
                _loop_with(lambda path, grad, lr: path[-1] - grad(path[-1])),
                "each step subtracts the whole gradient: multiply it by lr "
                f"{see(S_DESCENT)}.",
            ),
            Misconception(
                "theta0 left out",
                lambda grad, theta0, lr, n_steps: np.array(
                    list(gradient_descent_solution(grad, theta0, lr, n_steps))[1:]
                ),
                "the path has n_steps + 1 points: theta0 first, then one point "
                f"per step {see(S_DESCENT)}.",
            ),
            Misconception(
                "the last point only",
                lambda grad, theta0, lr, n_steps: gradient_descent_solution(
                    grad, theta0, lr, n_steps
                )[-1],
                "this is the last point only; return every point of the path, "
                f"one per row, theta0 first {see(S_DESCENT)}.",
            ),
            Misconception(
                "one step too many",
                lambda grad, theta0, lr, n_steps: gradient_descent_solution(
                    grad, theta0, lr, n_steps + 1
                ),
                "the path has one point too many: n_steps steps after theta0 "
                f"make n_steps + 1 points {see(S_DESCENT)}.",
            ),
            Misconception(
                "points as columns",
                lambda grad, theta0, lr, n_steps: (
                    gradient_descent_solution(grad, theta0, lr, n_steps).T
                ),
                "the points are the columns; make each point a row, so that the "
                f"path has shape (n_steps + 1, len(theta0)) {see(S_DESCENT)}.",
            ),
        ),
    )
)


# Exercise 3.6: debugging a descent loop ------------------------------------------


# The code the notebook gives, planted mistake and all (the tests check that
# the notebook shows this very code).
def descend(w, b, lr, n_steps):
    for _ in range(n_steps):
        w = w - lr * dL_dw(w, b)
        b = b - lr * dL_db(w, b)
    return w, b


def descend_solution(w, b, lr, n_steps):
    for _ in range(n_steps):
        grad_w, grad_b = dL_dw(w, b), dL_db(w, b)
        w, b = w - lr * grad_w, b - lr * grad_b
    return w, b


def _descend_expected(w, b, lr, n_steps):
    theta = np.array([w, b], dtype=float)
    for _ in range(n_steps):
        theta = theta - lr * numerical_gradient(lambda v: loss(*v), theta)
    return tuple(float(v) for v in theta)


DESCEND_CASES = (
    (0.5, 0.0, 0.1, 0),
    (0.5, 0.0, 0.1, 1),
    (0.5, 0.0, 0.1, 2),
    (0.0, 0.0, 0.4, 10),
    (1.45, -0.3, 0.3, 3),  # the best fit: the gradient is 0 there
    (-2.0, 1.0, 0.5, 20),
    (3.0, 2.0, 0.05, 40),
    (40.0, -75.0, 0.2, 5),
)


def describe_descend_case(w, b, lr, n_steps) -> str:
    return f"(w, b) = ({w:.2f}, {b:.2f}), lr = {lr:g}, n_steps = {n_steps}"


def _descend_with(update):
    def wrong(w, b, lr, n_steps):
        for _ in range(n_steps):
            w, b = update(w, b, lr)
        return float(w), float(b)

    return wrong


register(
    DebugExercise(
        id="3.6",
        title="Find and fix the mistake in a descent loop",
        signature="descend(w, b, lr, n_steps)",
        hints=(
            "Do one step by hand: at which point (w, b) is dL_db evaluated?",
            "Both partial derivatives must come from the same point, before either "
            "weight moves.",
        ),
        reference=descend_solution,
        given=descend,
        bug=(
            "the step of b is computed at a point where w has already moved, so "
            "it is not the gradient of L at any point of the path "
            f"{see(S_DESCENT)}"
        ),
        cases=DESCEND_CASES,
        expected=_descend_expected,
        describe=describe_descend_case,
        source="descent with ∇L by central differences",
        labels=("w", "b"),
        rtol=1e-6,
        misconceptions=(
            Misconception(
                "ascent",
                _descend_with(
                    lambda w, b, lr: (w + lr * dL_dw(w, b), b + lr * dL_db(w, b))
                ),
                "the steps go uphill: subtract lr times each partial derivative "
                f"{see(S_DESCENT)}.",
            ),
            Misconception(
                "only w moves",
                _descend_with(lambda w, b, lr: (w - lr * dL_dw(w, b), b)),
                "b never moves: both weights take their step, from the same "
                f"point {see(S_DESCENT)}.",
            ),
            Misconception(
                "b first, then w at the new b",
                _descend_with(
                    lambda w, b, lr: (
                        w - lr * dL_dw(w, b - lr * dL_db(w, b)),
                        b - lr * dL_db(w, b),
                    )
                ),
                "b moves first and w's step is computed after it, the same mistake "
                "the other way round: both partial derivatives must come from the "
                f"same point, before either weight moves "
                f"{see(S_DESCENT)}.",
            ),
        ),
    )
)


# Exercise 3.7: predict the path in the narrow valley -----------------------------

register(
    ChoiceExercise(
        id="3.7",
        title="Predict the path in the narrow valley with η = 0.19",
        signature="valley_path",
        hints=(
            "On the bowl ½(w₁² + 10 w₂²), each coordinate is multiplied by its own "
            "factor 1 - η aᵢ at every step.",
            "Compute the two factors for η = 0.19: which one is negative, and how large "
            "are they?",
        ),
        reference="a",
        options={
            "a": "it zigzags across the valley with shrinking swings while it "
            "moves steadily along the valley towards the minimum",
            "b": "it reaches the minimum in one or two steps",
            "c": "it diverges, because 0.19 is so close to the limit 0.2",
            "d": "it moves along the valley only; w₂ does not change",
        },
        explanation=(
            "w₂ is multiplied by 1 - 10 × 0.19 = -0.9 each step: it changes sign "
            "every step and shrinks slowly, a zigzag; w₁ is multiplied by 0.81, so "
            "it moves steadily towards 0, faster than the zigzag dies out."
        ),
        misconceptions=(
            Misconception(
                "b",
                "b",
                "one step lands at the minimum only where every factor 1 - ηaᵢ is "
                "0; here w₁'s factor is 0.81 and w₂'s is -0.9 "
                f"{see(S_RATE)}.",
            ),
            Misconception(
                "c",
                "c",
                "a factor of size below 1 shrinks, however close to 1: |1 - 10 × "
                f"0.19| = 0.9 < 1, so the swings shrink {see(S_RATE)}.",
            ),
            Misconception(
                "d",
                "d",
                "the start has w₂ = 1, where the gradient's w₂ entry is 10 w₂ = 10, "
                f"the larger of the two: w₂ changes most {see(S_RATE)}.",
            ),
        ),
    )
)


# Exercise 3.8: the largest stable learning rate for chapter 1's loss -------------


def _hessian_of_loss() -> np.ndarray:
    """L's Hessian: central differences of its gradient, which is exact for L."""
    rows = [
        numerical_gradient(lambda v, k=k: float(loss_gradient(*v)[k]), np.array(START))
        for k in range(2)
    ]
    H = np.array(rows)
    return (H + H.T) / 2


def _largest_stable_rate() -> float:
    return float(2.0 / np.max(np.linalg.eigvalsh(_hessian_of_loss())))


LAMBDA_MAX = (5 + np.sqrt(5)) / 2
LAMBDA_MIN = (5 - np.sqrt(5)) / 2

register(
    ValueExercise(
        id="3.8",
        title="The largest stable learning rate for the loss of chapter 1",
        signature="lr_max",
        hints=(
            "Descent converges from every start when |1 - η λ| < 1 for every eigenvalue "
            "λ of the Hessian.",
            "The largest eigenvalue sets the limit: where does 1 - η λ_max reach -1? "
            "np.linalg.eigvalsh gives the eigenvalues.",
        ),
        reference=float(2 / LAMBDA_MAX),
        expected=_largest_stable_rate,
        source="2 / λ_max of the Hessian of L by central differences",
        misconceptions=(
            Misconception(
                "1 / λ_max",
                float(1 / LAMBDA_MAX),
                "1/λ_max is the rate that takes the steepest direction to its "
                "minimum in one step; the factor 1 - ηλ stays above -1 up to "
                f"η = 2/λ_max {see(S_LIMIT)}.",
            ),
            Misconception(
                "2 / λ_min",
                float(2 / LAMBDA_MIN),
                "with η = 2/λ_min the factor of the steepest direction is "
                "1 - 2λ_max/λ_min < -1, and it grows: the largest eigenvalue sets "
                f"the limit {see(S_LIMIT)}.",
            ),
            Misconception(
                "the largest diagonal entry",
                2 / 3,
                "2 / 3 uses the diagonal entry ∂²L/∂w² = 3, as if the Hessian were "
                "diagonal; [[3, 1], [1, 2]] mixes w and b, and its largest eigenvalue is "
                f"(5 + √5)/2 ≈ 3.618 {see(S_LIMIT)}.",
            ),
            Misconception(
                "λ_max",
                float(LAMBDA_MAX),
                "this is λ_max itself; the limit on the learning rate is 2/λ_max "
                f"{see(S_LIMIT)}.",
            ),
            Misconception(
                "2 / trace",
                0.4,
                "2 / trace = 2/(λ_max + λ_min) is the learning rate that balances "
                "the two directions (a good choice), not the largest stable one "
                f"{see(S_LIMIT)}.",
            ),
        ),
    )
)

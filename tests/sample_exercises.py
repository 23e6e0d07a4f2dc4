"""Exercises of every kind and answer shape, for the tests only (not in the book).

They are built exactly as a chapter's module builds its exercises, but are not
registered, so the book's catalog is unchanged. Chapter 0 keeps their ids apart.
"""

import numpy as np

from helpers.exercises import (
    AnyOf,
    ChoiceExercise,
    DebugExercise,
    FunctionExercise,
    Misconception,
    ValueExercise,
)
from helpers.numeric import numerical_gradient

rng = np.random.default_rng(2026)


def _describe_mse_case(X, t, w):
    """X's shape and w's entries, two decimals: short, and different for every case."""
    return f"X of shape {X.shape}, w = {np.array2string(w, precision=2)}"


# 0.1 A gradient with respect to a vector: an array answer --------------------


def mse(X, t, w):
    return float(np.mean((X @ w - t) ** 2))


def grad_mse_reference(X, t, w):
    return 2 * X.T @ (X @ w - t) / len(X)


CASES_0_1 = (
    (rng.standard_normal((5, 3)), rng.standard_normal(5), np.zeros(3)),
    (rng.standard_normal((5, 3)), np.zeros(5), np.array([0.0, 1.5, -2.0])),
    (
        rng.standard_normal((8, 3)) * 30,
        rng.standard_normal(8) * 50,
        rng.standard_normal(3),
    ),
    (-np.abs(rng.standard_normal((4, 3))), rng.standard_normal(4), -rng.random(3)),
)

GRAD_MSE = FunctionExercise(
    id="0.1",
    title="The gradient of the mean squared error with respect to w",
    signature="grad_mse(X, t, w)",
    reference=grad_mse_reference,
    cases=CASES_0_1,
    expected=lambda X, t, w: numerical_gradient(lambda v: mse(X, t, v), w),
    describe=_describe_mse_case,
    like="w",
    misconceptions=(
        Misconception(
            "missing factor 2",
            lambda X, t, w: X.T @ (X @ w - t) / len(X),
            "the derivative of a square brings a factor 2 (see the chain rule).",
        ),
        Misconception(
            "residual instead of gradient",
            lambda X, t, w: 2 * (X @ w - t) / len(X),
            "this is the gradient with respect to the predictions Xw; multiply by Xᵀ "
            "to reach w (see the chain rule).",
        ),
    ),
)


# 0.2 A backward pass returning a dict of gradients ---------------------------


def layer_loss(W, b, x, t):
    return float(np.sum((W @ x + b - t) ** 2))


def backward_reference(W, b, x, t):
    grad_y = 2 * (W @ x + b - t)
    return {"W": np.outer(grad_y, x), "b": grad_y}


def _layer_case(M, D, scale=1.0):
    return (
        rng.standard_normal((M, D)) * scale,
        rng.standard_normal(M),
        rng.standard_normal(D),
        rng.standard_normal(M),
    )


def _backward_expected(W, b, x, t):
    return numerical_gradient(
        lambda p: layer_loss(p["W"], p["b"], x, t), {"W": W, "b": b}
    )


BACKWARD = FunctionExercise(
    id="0.2",
    title="The backward pass of a linear layer, as a dict",
    signature="backward(W, b, x, t)",
    reference=backward_reference,
    cases=(_layer_case(2, 3), _layer_case(3, 4, 10.0), _layer_case(1, 2)),
    expected=_backward_expected,
    describe=lambda W, b, x, t: f"W of shape {W.shape}",
    labels={"W": "grad_W", "b": "grad_b"},
    like={"W": "W", "b": "b"},
    misconceptions=(
        Misconception(
            "missing factor 2",
            lambda W, b, x, t: {
                "W": np.outer(W @ x + b - t, x),
                "b": W @ x + b - t,
            },
            "the derivative of ‖y - t‖² is 2(y - t): the factor 2 is missing.",
        ),
    ),
)


# 0.3 A tuple of gradients for a whole batch ----------------------------------


def batch_loss(X, T, W, b):
    return float(np.mean(np.sum((X @ W.T + b - T) ** 2, axis=1)))


def batch_grads_reference(X, T, W, b):
    grad_Y = 2 * (X @ W.T + b - T) / len(X)
    return grad_Y.T @ X, grad_Y.sum(axis=0)


def _batch_case(N, D, M):
    return (
        rng.standard_normal((N, D)),
        rng.standard_normal((N, M)),
        rng.standard_normal((M, D)),
        rng.standard_normal(M),
    )


def _batch_expected(X, T, W, b):
    grads = numerical_gradient(
        lambda p: batch_loss(X, T, p["W"], p["b"]), {"W": W, "b": b}
    )
    return grads["W"], grads["b"]


BATCH_GRADS = FunctionExercise(
    id="0.3",
    title="The gradients of a batch's mean squared error, as a tuple",
    signature="batch_grads(X, T, W, b)",
    reference=batch_grads_reference,
    cases=(_batch_case(6, 3, 2), _batch_case(4, 2, 3), _batch_case(5, 4, 1)),
    expected=_batch_expected,
    describe=lambda X, T, W, b: f"X of shape {X.shape}",
    labels=("grad_W", "grad_b"),
    like=("W", "b"),
    misconceptions=(
        Misconception(
            "bias gradient not summed over the batch",
            lambda X, T, W, b: (
                batch_grads_reference(X, T, W, b)[0],
                2 * (X @ W.T + b - T) / len(X),
            ),
            "grad_b keeps one row per sample: the bias is shared by every sample, so "
            "sum its gradient over the batch (axis 0).",
        ),
    ),
)


# 0.4 A value: a gradient computed by hand ------------------------------------


def f_04(v):
    x, y = v
    return x**2 * y + y**3


GRADIENT_VALUE = ValueExercise(
    id="0.4",
    title="The gradient of x²y + y³ at (1, 2)",
    signature="grad_f",
    reference=np.array([4.0, 13.0]),
    expected=lambda: numerical_gradient(f_04, np.array([1.0, 2.0])),
    misconceptions=(
        Misconception(
            "entries in the wrong order",
            np.array([13.0, 4.0]),
            "the entries are in the order (∂f/∂x, ∂f/∂y).",
        ),
        Misconception(
            "forgot the x² term in ∂f/∂y",
            np.array([4.0, 12.0]),
            "∂f/∂y of x²y is x²: it is missing from the second entry.",
        ),
    ),
)


# 0.5 A value with two right answers ------------------------------------------

LEVEL_DIRECTION = ValueExercise(
    id="0.5",
    title="A unit direction along which x²y + y³ does not change at (1, 2)",
    signature="u",
    reference=np.array([13.0, -4.0]) / np.hypot(13.0, 4.0),
    expected=lambda: AnyOf(
        np.array([13.0, -4.0]) / np.hypot(13.0, 4.0),
        np.array([-13.0, 4.0]) / np.hypot(13.0, 4.0),
    ),
    source="the level direction",
    misconceptions=(
        Misconception(
            "the gradient's direction",
            np.array([4.0, 13.0]) / np.hypot(4.0, 13.0),
            "this is the direction of steepest ascent; the level direction is "
            "perpendicular to the gradient.",
        ),
        Misconception(
            "not a unit vector",
            np.array([13.0, -4.0]),
            "the direction is right but its length is not 1: divide by its norm.",
        ),
    ),
)


# 0.6 A choice ----------------------------------------------------------------

STEEPEST = ChoiceExercise(
    id="0.6",
    title="Which way does a loss decrease fastest?",
    signature="answer",
    reference="b",
    options={
        "a": "along the gradient",
        "b": "against the gradient",
        "c": "along a level curve",
    },
    explanation="The directional derivative ∇L·u is smallest for u = -∇L/‖∇L‖.",
    misconceptions=(
        Misconception("a", "a", "along the gradient the loss increases fastest."),
        Misconception("c", "c", "along a level curve the loss does not change at all."),
    ),
)


# 0.7 A debugging task --------------------------------------------------------


def slope_given(f, x, h):
    return (f(x + h) - f(x - h)) / h


def slope_reference(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


DEBUG_SLOPE = DebugExercise(
    id="0.7",
    title="Repair a central difference",
    signature="slope(f, x, h)",
    reference=slope_reference,
    given=slope_given,
    bug="the estimate is twice the slope: how far apart are x - h and x + h?",
    cases=tuple((f, x, 0.1) for f in (np.sin, np.exp) for x in (0.0, -1.5, 3.0)),
    expected=slope_reference,
    describe=lambda f, x, h: f"f = {f.__name__}, x = {x:.2f}, h = {h:.2f}",
    source="the central-difference formula",
    rtol=1e-9,
    misconceptions=(
        Misconception(
            "forward difference",
            lambda f, x, h: (f(x + h) - f(x)) / h,
            "that is a forward difference; keep both points x - h and x + h.",
        ),
    ),
)

ALL = [
    GRAD_MSE,
    BACKWARD,
    BATCH_GRADS,
    GRADIENT_VALUE,
    LEVEL_DIRECTION,
    STEEPEST,
    DEBUG_SLOPE,
]

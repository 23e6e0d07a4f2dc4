"""Chapter 5, linear regression: the exercises, declared as data.

Every expected value comes from the mathematics: finite differences of the loss the
text defines (``numerical_gradient``, which takes a dict of named arrays), or the
least-squares solution ``np.linalg.lstsq`` for the fit. The cases start at the edges:
zero weights, a zero input, a target that the prediction already hits, one output or
one feature, negative and large values; and their sizes N, D and M differ, so that a
transposed gradient has the wrong shape and gets the shape message.
"""

from __future__ import annotations

import numpy as np

from ..data import regression_data
from ..numeric import numerical_gradient
from .base import Misconception
from .cases import see
from .kinds import ChoiceExercise, DebugExercise, FunctionExercise, ValueExercise
from .registry import register

S_ONE = "One output: a weight vector"
S_SEVERAL = "Several outputs: a weight matrix"
S_JACOBIAN = "The chain rule for vectors: the Jacobian"
S_MATRIX = "The gradient with respect to a matrix"
S_FANOUT = "Where a variable fans out, gradients add"
S_LAYOUT = "A gradient has the shape of its parameter"
S_BATCH = "A whole data set at once"
S_FIT = "Fitting by gradient descent and by least squares"


def _numbers(v) -> str:
    """The entries of a short vector, two decimals: ``(0.50, -1.20)``."""
    flat = np.ravel(np.asarray(v, dtype=float))
    return f"({', '.join(f'{c:.2f}' for c in flat)})"


# Exercise 5.1: one output and a bias, the gradients of (wᵀx + b - t)² ------------


def squared_error(w, b, x, t) -> float:
    """L = (wᵀx + b - t)², the loss of one example with one output."""
    return float((np.dot(w, x) + b - t) ** 2)


def grad_w_b_solution(w, b, x, t):
    dL_dy = 2 * (w @ x + b - t)
    return dL_dy * x, dL_dy


_rng = np.random.default_rng(51)
SCALAR_CASES = (
    (np.zeros(3), 0.0, np.array([1.0, -2.0, 0.5]), 1.5),  # w = 0, b = 0: y = 0
    (np.array([0.5, -1.0, 2.0]), 0.4, np.zeros(3), -0.7),  # x = 0: only b counts
    (np.array([1.0, 2.0]), -0.5, np.array([3.0, -1.0]), 0.5),  # y = t: no gradient
    (np.array([2.0]), 1.0, np.array([-1.5]), 0.25),  # one feature
    (np.array([1.0, 0.0, 0.0, 0.0]), -2.0, np.array([0.0, 1.0, 0.0, 0.0]), 2.0),
    (np.array([40.0, -75.0]), 30.0, np.array([3.0, 2.0]), -10.0),  # large
    *(
        (
            np.round(_rng.uniform(-2, 2, d), 2),
            float(np.round(_rng.uniform(-2, 2), 2)),
            np.round(_rng.uniform(-2, 2, d), 2),
            float(np.round(_rng.uniform(-2, 2), 2)),
        )
        for d in (2, 3, 5)
    ),
)


def describe_scalar_case(w, b, x, t) -> str:
    return f"w = {_numbers(w)}, b = {b:.2f}, x = {_numbers(x)}, t = {t:.2f}"


def _scalar_expected(w, b, x, t):
    grads = numerical_gradient(
        lambda p: squared_error(p["w"], p["b"], x, t), {"w": w, "b": np.array(b)}
    )
    return grads["w"], float(grads["b"])


def _one_output(scale_w, scale_b, target=True, bias=True, last=None):
    def wrong(w, b, x, t):
        r = w @ x + (b if bias else 0.0) - (t if target else 0.0)
        return scale_w * 2 * r * (x if last is None else last(w, x)), scale_b * 2 * r

    return wrong


register(
    FunctionExercise(
        id="5.1",
        title="The gradients of (wᵀx + b - t)² with respect to w and b",
        signature="grad_w_b(w, b, x, t)",
        hints=(
            "L = (y - t)² with y = wᵀx + b: the chain rule gives ∇_w L = dL/dy · ∇_w y "
            "and ∂L/∂b = dL/dy · ∂y/∂b.",
            "dL/dy = 2(y - t); the gradient of wᵀx + b with respect to w is x, and how "
            "much does y change per unit of b?",
        ),
        reference=grad_w_b_solution,
        cases=SCALAR_CASES,
        expected=_scalar_expected,
        describe=describe_scalar_case,
        labels=("grad_w", "grad_b"),
        like=("w", None),
        misconceptions=(
            Misconception(
                "missing factor 2",
                _one_output(0.5, 0.5),
                "both gradients are half the right size: the derivative of the square "
                f"brings a factor 2, dL/dy = 2(y - t) {see(S_ONE)}.",
            ),
            Misconception(
                "residual the wrong way round",
                _one_output(-1.0, -1.0),
                "the signs are flipped: the derivative of (y - t)² with respect to y "
                f"is 2(y - t), prediction minus target {see(S_ONE)}.",
            ),
            Misconception(
                "bias left out of y",
                _one_output(1.0, 1.0, bias=False),
                "the prediction leaves out the bias: y = wᵀx + b, and the residual "
                f"y - t needs it {see(S_ONE)}.",
            ),
            Misconception(
                "w in place of x",
                _one_output(1.0, 1.0, last=lambda w, x: w),
                "grad_w ends in w; the chain rule multiplies by ∂y/∂w_k, and y = Σ w_k "
                f"x_k + b changes by x_k per unit of w_k {see(S_ONE)}.",
            ),
            Misconception(
                "target forgotten",
                _one_output(1.0, 1.0, target=False),
                "this is the gradient of y², not of (y - t)²: subtract the target "
                f"inside the bracket {see(S_ONE)}.",
            ),
        ),
    )
)


# Exercise 5.2: the gradient with respect to the input -----------------------------


def layer_error(W, b, x, t) -> float:
    """L = ‖Wx + b - t‖², the loss of one example with M outputs."""
    return float(np.sum((W @ x + b - t) ** 2))


def grad_x_solution(W, b, x, t):
    return W.T @ (2 * (W @ x + b - t))


def _input_case(rng, M, D, scale=1.0):
    return (
        np.round(rng.uniform(-2, 2, (M, D)) * scale, 2),
        np.round(rng.uniform(-2, 2, M), 2),
        np.round(rng.uniform(-2, 2, D), 2),
        np.round(rng.uniform(-2, 2, M), 2),
    )


_rng = np.random.default_rng(53)
INPUT_CASES = (
    (np.zeros((2, 3)), np.array([0.5, -1.0]), np.array([1.0, -2.0, 0.5]), np.ones(2)),
    (
        np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0]]),
        np.zeros(3),
        np.zeros(2),
        np.ones(3),
    ),
    (
        np.array([[1.0, 0.0, -1.0]]),
        np.array([0.5]),
        np.array([2.0, 5.0, 1.0]),
        np.array([-3.0]),
    ),
    (
        np.array([[2.0], [-1.0], [0.5], [1.5]]),
        np.zeros(4),
        np.array([-1.5]),
        np.ones(4),
    ),
    _input_case(_rng, 3, 3),  # square: W in place of Wᵀ has the right shape
    _input_case(_rng, 2, 4),
    _input_case(_rng, 4, 2, scale=30.0),
    _input_case(_rng, 3, 5),
)


def describe_input_case(W, b, x, t) -> str:
    return (
        f"W of shape {W.shape}, b = {_numbers(b)}, x = {_numbers(x)}, t = {_numbers(t)}"
    )


register(
    FunctionExercise(
        id="5.2",
        title="The gradient of ‖Wx + b - t‖² with respect to the input x",
        signature="grad_x(W, b, x, t)",
        hints=(
            "The upstream gradient is ∇_y L = 2(y - t), with y = Wx + b; the chain rule "
            "multiplies it by the transposed Jacobian of y with respect to x.",
            "The Jacobian of y = Wx + b with respect to x is W (Jⱼₖ = ∂yⱼ/∂xₖ = Wⱼₖ): "
            "the result must have D entries, like x.",
        ),
        reference=grad_x_solution,
        cases=INPUT_CASES,
        expected=lambda W, b, x, t: numerical_gradient(
            lambda v: layer_error(W, b, v, t), x
        ),
        describe=describe_input_case,
        like="x",
        misconceptions=(
            Misconception(
                "missing factor 2",
                lambda W, b, x, t: W.T @ (W @ x + b - t),
                "the gradient is half the right size: the upstream gradient of the "
                f"squared error is 2(y - t) {see(S_SEVERAL)}.",
            ),
            Misconception(
                "residual the wrong way round",
                lambda W, b, x, t: W.T @ (2 * (t - W @ x - b)),
                "the sign is flipped: the upstream gradient is 2(y - t), prediction "
                f"minus target {see(S_SEVERAL)}.",
            ),
            Misconception(
                "bias left out of y",
                lambda W, b, x, t: W.T @ (2 * (W @ x - t)),
                "the prediction leaves out the bias: y = Wx + b, and the upstream "
                f"gradient 2(y - t) needs it {see(S_SEVERAL)}.",
            ),
            Misconception(
                "the weight gradient",
                lambda W, b, x, t: 2 * np.outer(W @ x + b - t, x),
                "this is ∇_W L, the gradient with respect to the weights, of W's shape; "
                "the exercise asks for the gradient with respect to the input x, with "
                f"x's shape: ∇_x L = Wᵀ ∇_y L {see(S_JACOBIAN)}.",
            ),
            Misconception(
                "a column sum of W",
                lambda W, b, x, t: 2 * np.sum(W @ x + b - t) * W.sum(axis=0),
                "every output's error is added up before it meets W; entry k needs "
                "Σⱼ Wⱼₖ · 2(yⱼ - tⱼ), each output's error times its own weight "
                f"{see(S_JACOBIAN)}.",
            ),
        ),
    )
)


# Exercise 5.3: several outputs, ∇_W of ‖Wx - t‖² ------------------------------


def vector_error(W, x, t) -> float:
    """L = ‖Wx - t‖², the loss of one example with M outputs."""
    return float(np.sum((W @ x - t) ** 2))


def grad_W_solution(W, x, t):
    return 2 * np.outer(W @ x - t, x)


def _vector_case(rng, M, D, scale=1.0):
    return (
        np.round(rng.uniform(-2, 2, (M, D)) * scale, 2),
        np.round(rng.uniform(-2, 2, D), 2),
        np.round(rng.uniform(-2, 2, M), 2),
    )


_rng = np.random.default_rng(52)
VECTOR_CASES = (
    (np.zeros((2, 3)), np.array([1.0, -2.0, 0.5]), np.array([1.0, -1.0])),
    (np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0]]), np.zeros(2), np.ones(3)),
    (np.array([[1.0, 0.0, -1.0]]), np.array([2.0, 5.0, 1.0]), np.array([-3.0])),
    (np.array([[2.0], [-1.0], [0.5], [1.5]]), np.array([-1.5]), np.zeros(4)),
    _vector_case(_rng, 3, 3),
    _vector_case(_rng, 2, 4),
    _vector_case(_rng, 4, 2, scale=30.0),
    _vector_case(_rng, 3, 5),
)


def describe_vector_case(W, x, t) -> str:
    return f"W of shape {W.shape}, x = {_numbers(x)}, t = {_numbers(t)}"


register(
    FunctionExercise(
        id="5.3",
        title="The gradient of ‖Wx - t‖² with respect to the matrix W",
        signature="grad_W(W, x, t)",
        hints=(
            "The chain rule contracts the upstream gradient ∇_y L = 2(y - t) with "
            "∂yᵢ/∂Wⱼₖ = δᵢⱼ xₖ: what is left of the sum over i?",
            "All the entries at once: an outer product of the upstream gradient and x, "
            "shape (M, D) like W.",
        ),
        reference=grad_W_solution,
        cases=VECTOR_CASES,
        expected=lambda W, x, t: numerical_gradient(lambda V: vector_error(V, x, t), W),
        describe=describe_vector_case,
        like="W",
        misconceptions=(
            Misconception(
                "missing factor 2",
                lambda W, x, t: np.outer(W @ x - t, x),
                "the factor 2 from the derivative of the square is missing: "
                f"∂L/∂y_j = 2(y_j - t_j) {see(S_MATRIX)}.",
            ),
            Misconception(
                "residual the wrong way round",
                lambda W, x, t: 2 * np.outer(t - W @ x, x),
                "the sign is flipped: the residual is prediction minus target, "
                f"y - t with y = Wx {see(S_MATRIX)}.",
            ),
            Misconception(
                "target forgotten",
                lambda W, x, t: 2 * np.outer(W @ x, x),
                "this is the gradient of ‖y‖², not of ‖y - t‖²: subtract the "
                f"target t before multiplying by xᵀ {see(S_MATRIX)}.",
            ),
            Misconception(
                "one residual for every row",
                lambda W, x, t: 2 * np.sum(W @ x - t) * np.outer(np.ones(len(t)), x),
                "every row uses the sum of the residuals; row j of the gradient "
                f"needs only output j: 2(y_j - t_j) xᵀ {see(S_MATRIX)}.",
            ),
        ),
    )
)


# Exercise 5.4: a gradient by hand, in the layout of W ---------------------------

HAND_W = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]])
HAND_X = np.array([1.0, 2.0, -1.0])
HAND_T = np.array([1.0, 5.0])

register(
    ValueExercise(
        id="5.4",
        title="∇_W L by hand for a 2 × 3 matrix W",
        signature="grad_W_by_hand",
        hints=(
            "First y = Wx, then the residual y - t.",
            "Entry (j, k) of the gradient is 2(yⱼ - tⱼ) xₖ, and the gradient has W's "
            "shape, 2 × 3: row j is 2(yⱼ - tⱼ) xᵀ.",
        ),
        reference=np.array([[2.0, 4.0, -2.0], [-2.0, -4.0, 2.0]]),
        expected=lambda: numerical_gradient(
            lambda V: vector_error(V, HAND_X, HAND_T), HAND_W
        ),
        like="W",
        misconceptions=(
            Misconception(
                "missing factor 2",
                np.array([[1.0, 2.0, -1.0], [-1.0, -2.0, 1.0]]),
                "each entry is half of what it should be: ∂L/∂W_jk = 2(y_j - t_j) x_k "
                f"{see(S_SEVERAL)}.",
            ),
            Misconception(
                "residual the wrong way round",
                np.array([[-2.0, -4.0, 2.0], [2.0, 4.0, -2.0]]),
                "the signs are flipped: y - t = (2 - 1, 4 - 5) = (1, -1), prediction "
                f"minus target {see(S_SEVERAL)}.",
            ),
            Misconception(
                "y instead of y - t",
                np.array([[4.0, 8.0, -4.0], [8.0, 16.0, -8.0]]),
                "this is 2 y xᵀ: the target is missing; use y - t = (1, -1) "
                f"{see(S_SEVERAL)}.",
            ),
        ),
    )
)


# Exercise 5.5: which product is the weight gradient ---------------------------

register(
    ChoiceExercise(
        id="5.5",
        title="Which product is the weight gradient of a batch?",
        signature="weight_gradient",
        hints=(
            "Write entry (j, k) of the sum over the examples: Σᵢ (∇_Y L)ᵢⱼ Xᵢₖ. Which "
            "index belongs to W's rows, which to its columns?",
            "In a product AᵀB, entry (j, k) is Σᵢ Aᵢⱼ Bᵢₖ: the row index of the result "
            "comes from the matrix that is transposed.",
        ),
        reference="b",
        options={
            "a": "Xᵀ ∇_Y L",
            "b": "(∇_Y L)ᵀ X",
            "c": "either: for a square W the two products are the same matrix",
            "d": "(1/N) (∇_Y L)ᵀ X, the mean of the examples' gradients",
        },
        explanation=(
            "Entry (j, k) of the sum is Σᵢ (∇_Y L)ᵢⱼ Xᵢₖ: the output index j on the "
            "gradient and the input index k on X, which is ((∇_Y L)ᵀ X)ⱼₖ."
        ),
        misconceptions=(
            Misconception(
                "a",
                "a",
                "entry (j, k) of Xᵀ ∇_Y L is Σᵢ Xᵢⱼ (∇_Y L)ᵢₖ, with the input index on "
                "the rows: it is the transpose of the gradient, whose shape hides the "
                f"mistake only because W is square {see(S_FANOUT)}.",
            ),
            Misconception(
                "c",
                "c",
                "the two products are transposes of each other, (Xᵀ G)ᵀ = Gᵀ X, and "
                "equal only when that matrix is symmetric, which a gradient is not in "
                f"general {see(S_LAYOUT)}.",
            ),
            Misconception(
                "d",
                "d",
                "the examples' gradients add, they are not averaged: W is used by every "
                "example, and a mean loss already carries its 1/N inside ∇_Y L "
                f"{see(S_FANOUT)}.",
            ),
        ),
    )
)


# Exercises 5.6 and 5.7: the batch gradients of the mean squared error -----------


def mse(X, T, W, b) -> float:
    """L = (1/N) ‖XWᵀ + 1bᵀ - T‖²_F, the mean over the N samples."""
    return float(np.sum((X @ W.T + b - T) ** 2) / len(X))


def batch_gradients_solution(X, T, W, b):
    grad_Y = 2 * (X @ W.T + b - T) / len(X)
    return grad_Y.T @ X, grad_Y.sum(axis=0)


def _batch_expected(X, T, W, b):
    grads = numerical_gradient(lambda p: mse(X, T, p["W"], p["b"]), {"W": W, "b": b})
    return grads["W"], grads["b"]


def _batch_case(seed, N, D, M, scale=1.0, zero=False):
    X, T = regression_data(N, D, M, seed=seed)
    rng = np.random.default_rng(seed + 100)
    W = np.zeros((M, D)) if zero else np.round(rng.uniform(-2, 2, (M, D)), 2)
    b = np.zeros(M) if zero else np.round(rng.uniform(-2, 2, M), 2)
    return X, T * scale, W * scale, b * scale


BATCH_CASES = (
    _batch_case(1, 6, 3, 2, zero=True),  # W = 0, b = 0
    _batch_case(2, 5, 2, 3),
    _batch_case(3, 8, 1, 1),  # one feature, one output: T is (N, 1)
    _batch_case(4, 1, 3, 2),  # a single sample
    _batch_case(5, 7, 4, 1),
    _batch_case(6, 4, 4, 4),  # square: a transpose has the right shape
    _batch_case(7, 9, 2, 3, scale=50.0),  # large
)


def describe_batch_case(X, T, W, b) -> str:
    N, D = X.shape
    return f"N = {N}, D = {D}, M = {W.shape[0]}, b = {_numbers(b)}"


def _residuals(X, T, W, b):
    return X @ W.T + b - T


MISSING_MEAN = Misconception(
    "sum instead of mean",
    lambda X, T, W, b: tuple(len(X) * g for g in batch_gradients_solution(X, T, W, b)),
    "both gradients are N times too large: L is the mean over the N samples, "
    f"so divide by N = len(X) {see(S_BATCH)}.",
)

register(
    FunctionExercise(
        id="5.6",
        title="The batch gradients of the mean squared error, with a bias",
        signature="batch_gradients(X, T, W, b)",
        hints=(
            "With the residuals R = XWᵀ + 1bᵀ - T, the gradient with respect to Y of "
            "the mean squared error is (2/N) R.",
            "∇_W L has W's shape (M, D): combine ∇_Y L (N × M) and X (N × D) into it. "
            "∇_b L adds ∇_Y L up over the samples.",
        ),
        reference=batch_gradients_solution,
        cases=BATCH_CASES,
        expected=_batch_expected,
        describe=describe_batch_case,
        labels=("grad_W", "grad_b"),
        like=("W", "b"),
        misconceptions=(
            MISSING_MEAN,
            Misconception(
                "missing factor 2",
                lambda X, T, W, b: tuple(
                    g / 2 for g in batch_gradients_solution(X, T, W, b)
                ),
                "both gradients are half the right size: the derivative of the "
                f"square brings a factor 2, so ∇_Y L = (2/N)(Y - T) {see(S_BATCH)}.",
            ),
            Misconception(
                "bias summed over the outputs",
                lambda X, T, W, b: (
                    batch_gradients_solution(X, T, W, b)[0],
                    2 * _residuals(X, T, W, b).sum(axis=1) / len(X),
                ),
                "grad_b adds up each sample's M residuals (axis 1), which gives one "
                "number per sample; the bias is shared by the samples: add up over "
                f"the samples, axis 0, one number per output {see(S_BATCH)}.",
            ),
            Misconception(
                "bias not summed",
                lambda X, T, W, b: (
                    batch_gradients_solution(X, T, W, b)[0],
                    2 * _residuals(X, T, W, b) / len(X),
                ),
                "grad_b keeps one row per sample: b is added to every sample, so "
                "its gradient adds up the rows of (2/N)(Y - T), .sum(axis=0) "
                f"{see(S_BATCH)}.",
            ),
            Misconception(
                "bias left out of Y",
                lambda X, T, W, b: batch_gradients_solution(X, T, W, np.zeros_like(b)),
                "the predictions leave out the bias: Y = XWᵀ + 1bᵀ, so add b to "
                f"every row before subtracting T {see(S_BATCH)}.",
            ),
        ),
    )
)


# The code the notebook gives, planted mistake and all (the tests check that
# the notebook shows this very code).
def mse_gradients(X, T, W, b):
    R = X @ W.T + b - T  # residuals Y - T, shape (N, M)
    grad_W = 2 * R.T @ X  # shape (M, D)
    grad_b = 2 * R.sum(axis=0)  # shape (M,)
    return grad_W, grad_b


def mse_gradients_solution(X, T, W, b):
    R = X @ W.T + b - T
    grad_W = 2 * R.T @ X / len(X)
    grad_b = 2 * R.sum(axis=0) / len(X)
    return grad_W, grad_b


register(
    DebugExercise(
        id="5.7",
        title="Find and fix the mistake in a batch gradient",
        signature="mse_gradients(X, T, W, b)",
        hints=(
            "Copy the data set twice, np.vstack([X, X]) and np.vstack([T, T]): the loss "
            "is the same, so the gradients must be. Are they?",
            "The loss is a mean over the N samples: where is the 1/N in each of the two "
            "gradients?",
        ),
        reference=mse_gradients_solution,
        given=mse_gradients,
        bug=(
            "both gradients grow with the number of samples, although the loss "
            f"is a mean and does not {see(S_BATCH)}"
        ),
        cases=BATCH_CASES,
        expected=_batch_expected,
        describe=describe_batch_case,
        labels=("grad_W", "grad_b"),
        like=("W", "b"),
        misconceptions=(
            Misconception(
                "divided by N twice",
                lambda X, T, W, b: tuple(
                    g / len(X) for g in batch_gradients_solution(X, T, W, b)
                ),
                "now both gradients are N times too small: divide by N once, as the "
                f"mean does {see(S_BATCH)}.",
            ),
            Misconception(
                "only grad_W fixed",
                lambda X, T, W, b: (
                    batch_gradients_solution(X, T, W, b)[0],
                    len(X) * batch_gradients_solution(X, T, W, b)[1],
                ),
                "grad_W is right now, but grad_b is still N times too large: the "
                f"bias gradient comes from the same mean {see(S_BATCH)}.",
            ),
            Misconception(
                "only grad_b fixed",
                lambda X, T, W, b: (
                    len(X) * batch_gradients_solution(X, T, W, b)[0],
                    batch_gradients_solution(X, T, W, b)[1],
                ),
                "grad_b is right now, but grad_W is still N times too large: the "
                f"weight gradient comes from the same mean {see(S_BATCH)}.",
            ),
            Misconception(
                "divided by M",
                lambda X, T, W, b: tuple(
                    len(X) / W.shape[0] * g
                    for g in batch_gradients_solution(X, T, W, b)
                ),
                "this divides by the number of outputs M = W.shape[0]; the mean is "
                f"over the N = len(X) samples {see(S_BATCH)}.",
            ),
        ),
    )
)


# Exercise 5.8: gradient descent that reaches least squares ---------------------


def least_squares(X, T):
    """W and b that minimise the mean squared error, by np.linalg.lstsq."""
    A = np.hstack([X, np.ones((len(X), 1))])
    coef = np.linalg.lstsq(A, T, rcond=None)[0]
    return coef[:-1].T, coef[-1]


def fit_by_descent_solution(X, T, lr, n_steps):
    W = np.zeros((T.shape[1], X.shape[1]))
    b = np.zeros(T.shape[1])
    for _ in range(n_steps):
        grad_Y = 2 * (X @ W.T + b - T) / len(X)
        W = W - lr * grad_Y.T @ X
        b = b - lr * grad_Y.sum(axis=0)
    return W, b


def _fit_case(seed, N, D, M, lr, n_steps):
    X, T = regression_data(N, D, M, seed=seed)
    return X, T, lr, n_steps


FIT_CASES = (  # descent gets within 1e-13 of least squares in these steps
    _fit_case(11, 40, 1, 1, lr=0.1, n_steps=250),
    _fit_case(12, 30, 3, 2, lr=0.2, n_steps=120),
    _fit_case(13, 50, 2, 4, lr=0.2, n_steps=120),
    _fit_case(14, 25, 4, 1, lr=0.3, n_steps=100),
)


def describe_fit_case(X, T, lr, n_steps) -> str:
    N, D = X.shape
    return f"N = {N}, D = {D}, M = {T.shape[1]}, lr = {lr:g}, {n_steps} steps"


def _uphill(X, T, lr, n_steps):
    """Each step goes along the gradient instead of against it."""
    return fit_by_descent_solution(X, T, -lr, n_steps)


def _summed(X, T, lr, n_steps):
    """The gradients of the sum of the squared errors: N times those of the mean."""
    return fit_by_descent_solution(X, T, lr * len(X), n_steps)


def _without_bias(X, T, lr, n_steps):
    W = np.linalg.lstsq(X, T, rcond=None)[0].T
    return W, np.zeros(T.shape[1])


register(
    FunctionExercise(
        id="5.8",
        title="Gradient descent that reaches the least-squares fit",
        signature="fit_by_descent(X, T, lr, n_steps)",
        hints=(
            "Start from zeros of shapes (M, D) and (M,); at every step compute both "
            "gradients at the current W and b, then move both.",
            "Use the gradients of the mean, as in Exercise 5.6: with the sum, each step "
            "is N times too long and descent diverges.",
        ),
        reference=fit_by_descent_solution,
        cases=FIT_CASES,
        expected=lambda X, T, lr, n_steps: least_squares(X, T),
        describe=describe_fit_case,
        source="np.linalg.lstsq",
        labels=("W", "b"),
        misconceptions=(
            Misconception(
                "bias never learned",
                _without_bias,
                "b is still zero: it is a parameter like W, and each step moves it "
                f"against its own gradient, (2/N)(Y - T)ᵀ1 {see(S_FIT)}.",
            ),
            Misconception(
                "sum instead of mean",
                _summed,
                "descent diverges: the gradients of the sum, not the mean, make every "
                "step N times too long (N = len(X), from 25 to 50 here), far beyond "
                "the largest stable learning rate; divide the gradients by N "
                f"{see(S_FIT)}.",
            ),
            Misconception(
                "steps uphill",
                _uphill,
                "the weights grow without bound: each step must go against the "
                f"gradient, W ← W - lr ∇_W L, not along it {see(S_FIT)}.",
            ),
            Misconception(
                "one step only",
                lambda X, T, lr, n_steps: fit_by_descent_solution(X, T, lr, 1),
                "these are the weights after one step: repeat the update n_steps "
                f"times, each with the gradient at the current W and b {see(S_FIT)}.",
            ),
            Misconception(
                "gradient from the starting point",
                lambda X, T, lr, n_steps: tuple(
                    -n_steps * lr * g
                    for g in batch_gradients_solution(
                        X, T, np.zeros((T.shape[1], X.shape[1])), np.zeros(T.shape[1])
                    )
                ),
                "every step uses the gradient at the starting point: recompute the "
                f"gradient from the current W and b inside the loop {see(S_FIT)}.",
            ),
        ),
    )
)

"""Chapter 6, the network with one hidden layer: the exercises, declared as data.

Every expected value comes from the mathematics: the forward pass's formulas, and
central differences of the loss with respect to each node of the computational graph
(``network_nodes``) or each parameter (``numerical_gradient``). The cases start at the
edges: a single unit, zero weights and inputs, saturated sigmoids, points on both
sides of ReLU's kink, zero steps of training, a batch of one, one class, logits beyond
709.
"""

from __future__ import annotations

import numpy as np

from ..checks.backprop import network_nodes
from ..checks.compare import AnyOf
from ..ml import cross_entropy, sigmoid, softmax
from ..numeric import numerical_gradient
from .base import Misconception
from .cases import describe_vector, see
from .kinds import ChoiceExercise, DebugExercise, FunctionExercise
from .registry import register

S_FORWARD = "The forward pass"
S_ACTIVATIONS = "Activation functions and their derivatives"
S_BACKWARD = "The backward pass, node by node"
S_BATCH = "A whole batch at once"
S_SOFTMAX = "A softmax output and the cross-entropy"
S_TRAIN = "Training on two half-moons"
S_LAYERS = "Layers as objects: a bridge to automatic differentiation"

NODES = ("y", "h", "z", "W2", "b2", "W1", "b1")
"""The nodes in the order the backward pass reaches them."""
GRAD_LABELS = {k: f"grad_{k}" for k in NODES}
NODE_SHAPES = {k: k for k in NODES}


def _params(D: int, H: int, M: int, seed: int, scale: float = 1.0) -> dict:
    rng = np.random.default_rng(seed)
    return {
        "W1": np.round(rng.standard_normal((H, D)) * scale, 2),
        "b1": np.round(rng.standard_normal(H) * scale, 2),
        "W2": np.round(rng.standard_normal((M, H)), 2),
        "b2": np.round(rng.standard_normal(M), 2),
    }


def _vector(seed: int, n: int) -> np.ndarray:
    return np.round(np.random.default_rng(seed).standard_normal(n), 2)


def describe_network_case(params, x, t) -> str:
    H, D = np.shape(params["W1"])
    M = np.shape(params["W2"])[0]
    return f"x = {describe_vector(x)} (D = {D}, H = {H}, M = {M})"


ZERO_NET = {
    "W1": np.zeros((2, 3)),
    "b1": np.zeros(2),
    "W2": np.zeros((2, 2)),
    "b2": np.zeros(2),
}
NETWORK_CASES = (
    (_params(3, 4, 2, seed=1), _vector(2, 3), _vector(3, 2)),
    (_params(1, 1, 1, seed=4), _vector(5, 1), _vector(6, 1)),  # a single unit
    (ZERO_NET, np.array([0.5, -1.0, 2.0]), np.array([1.0, -1.0])),  # zero weights
    (_params(2, 3, 3, seed=7), np.zeros(2), _vector(8, 3)),  # an input of zeros
    (_params(2, 5, 1, seed=9, scale=6.0), _vector(10, 2), _vector(11, 1)),  # saturated
    (_params(4, 3, 2, seed=12), _vector(13, 4), _vector(14, 2)),
)


# Exercise 6.1: the forward pass ----------------------------------------------------


def forward_solution(params, x, t):
    z = params["W1"] @ x + params["b1"]
    h = sigmoid(z)
    y = params["W2"] @ h + params["b2"]
    return z, h, y, np.sum((y - t) ** 2)


def _forward_pass(params, x, t):
    """The formulas of the text: z = W1 x + b1, h = σ(z), y = W2 h + b2, L = ‖y - t‖²."""
    z = params["W1"] @ x + params["b1"]
    h = sigmoid(z)
    y = params["W2"] @ h + params["b2"]
    return z, h, y, float(np.sum((y - t) ** 2))


def _forward_with(output=None, loss=None, biases=True, act=sigmoid):
    def forward(params, x, t):
        b1 = params["b1"] if biases else 0.0
        b2 = params["b2"] if biases else 0.0
        z = params["W1"] @ x + b1
        h = act(z)
        y = params["W2"] @ h + b2
        if output is not None:
            y = output(y)
        L = np.sum((y - t) ** 2) if loss is None else loss(y, t)
        return z, h, y, float(L)

    return forward


register(
    FunctionExercise(
        id="6.1",
        title="The forward pass of the network with one hidden layer",
        signature="forward(params, x, t)",
        hints=(
            "Follow the graph: z from x through the first layer, h = σ(z), then y from "
            "h through the second layer.",
            "Both layers have a bias; L = ‖y - t‖² is a sum of squares, one per output.",
        ),
        reference=forward_solution,
        cases=NETWORK_CASES,
        expected=_forward_pass,
        describe=describe_network_case,
        source="the formulas",
        labels=("z", "h", "y", "L"),
        misconceptions=(
            Misconception(
                "no biases",
                _forward_with(biases=False),
                "the biases are missing: z = W⁽¹⁾x + b⁽¹⁾ and y = W⁽²⁾h + b⁽²⁾ "
                f"{see(S_FORWARD)}.",
            ),
            Misconception(
                "σ on the output too",
                _forward_with(output=sigmoid),
                "y went through σ too; the output layer is linear here, y = "
                f"W⁽²⁾h + b⁽²⁾, only the hidden layer has an activation {see(S_FORWARD)}.",
            ),
            Misconception(
                "length, not squared length",
                _forward_with(loss=lambda y, t: np.linalg.norm(y - t)),
                "L is the length ‖y - t‖, not its square ‖y - t‖² = Σ (yⱼ - tⱼ)² "
                f"{see(S_FORWARD)}.",
            ),
            Misconception(
                "square of the sum",
                _forward_with(loss=lambda y, t: np.sum(y - t) ** 2),
                "L squares the sum of the differences; square each difference, then "
                f"sum: Σ (yⱼ - tⱼ)² {see(S_FORWARD)}.",
            ),
            Misconception(
                "tanh instead of σ",
                _forward_with(act=np.tanh),
                "the hidden layer used tanh; this network's activation is the logistic "
                f"sigmoid σ(z) = 1 / (1 + e⁻ᶻ) {see(S_FORWARD)}.",
            ),
        ),
    )
)


# Exercise 6.2: the derivatives of the activations ------------------------------------

ACTIVATION_FUNCTIONS = {
    "sigmoid": sigmoid,
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0.0),
}
DERIVATIVE_CASES = (
    ("sigmoid", np.array([0.0, 1.0, -1.0, 2.5, -2.5])),
    ("sigmoid", np.array([[-30.0, -6.0], [6.0, 30.0]])),  # saturated, as a matrix
    ("tanh", np.array([0.0, 0.3, -0.3, 2.0, -2.0])),
    ("tanh", np.array([[-20.0, 20.0]])),  # saturated
    ("relu", np.array([-1e-3, 1e-3, -0.5, 0.5, 3.0])),  # both sides of the kink
    ("relu", np.array([-4.0, -0.2, 0.0, 0.2, 4.0])),  # the kink itself
)


def activation_derivative_solution(name, z):
    if name == "sigmoid":
        return sigmoid(z) * (1 - sigmoid(z))
    if name == "tanh":
        return 1 - np.tanh(z) ** 2
    return (z > 0).astype(float)


def _derivative_expected(name, z):
    """Central differences, entry by entry; at z = 0 exactly, ReLU has no derivative:
    either one-sided slope (0 or 1), or their average 1/2, is accepted there."""
    f = ACTIVATION_FUNCTIONS[name]
    z = np.asarray(z, dtype=float)
    slopes = np.array([float(numerical_gradient(f, v)) for v in z.ravel()])
    slopes = slopes.reshape(z.shape)
    at_kink = z == 0
    if name != "relu" or not np.any(at_kink):
        return slopes
    return AnyOf(*(np.where(at_kink, s, slopes) for s in (0.0, 1.0, 0.5)))


def _derivative_with(**wrong):
    def activation_derivative(name, z):
        if name in wrong:
            return wrong[name](np.asarray(z, dtype=float))
        return activation_derivative_solution(name, z)

    return activation_derivative


register(
    FunctionExercise(
        id="6.2",
        title="The derivatives of the logistic sigmoid, tanh and ReLU",
        signature="activation_derivative(name, z)",
        hints=(
            "σ' and tanh' can be written with the function's own value, σ(z) and "
            "tanh(z).",
            "ReLU's derivative is 1 where z > 0 and 0 where z < 0: a comparison, turned "
            "into floats with .astype(float).",
        ),
        reference=activation_derivative_solution,
        cases=DERIVATIVE_CASES,
        expected=_derivative_expected,
        # :g shows ReLU's ±0.001 as they are, not as -0.00 and 0.00.
        describe=lambda name, z: (
            f"{name} at z = ({', '.join(f'{v:g}' for v in np.ravel(z))})"
        ),
        misconceptions=(
            Misconception(
                "σ' = σ",
                _derivative_with(sigmoid=sigmoid),
                "for the sigmoid you return σ(z) itself; its derivative is "
                f"σ(z)(1 - σ(z)) {see(S_ACTIVATIONS)}.",
            ),
            Misconception(
                "tanh' = 1 - tanh",
                _derivative_with(tanh=lambda z: 1 - np.tanh(z)),
                "for tanh a square is missing: tanh'(z) = 1 - tanh(z)² "
                f"{see(S_ACTIVATIONS)}.",
            ),
            Misconception(
                "ReLU' = ReLU",
                _derivative_with(relu=lambda z: np.maximum(z, 0.0)),
                "for ReLU you return ReLU(z) itself; its derivative is the step: 1 "
                f"where z > 0 and 0 where z < 0 {see(S_ACTIVATIONS)}.",
            ),
            Misconception(
                "ReLU' wrong way round",
                _derivative_with(relu=lambda z: (z < 0).astype(float)),
                "for ReLU the 1 is on the wrong side: ReLU has slope 1 for z > 0 and "
                f"0 for z < 0 {see(S_ACTIVATIONS)}.",
            ),
            Misconception(
                "tanh' = 1 - z²",
                _derivative_with(tanh=lambda z: 1 - z**2),
                "for tanh you square z, not tanh(z): tanh'(z) = 1 - tanh(z)² "
                f"{see(S_ACTIVATIONS)}.",
            ),
        ),
    )
)


# Exercise 6.3: the backward pass -----------------------------------------------------


def backward_solution(params, x, t):
    z = params["W1"] @ x + params["b1"]
    h = sigmoid(z)
    y = params["W2"] @ h + params["b2"]
    grad_y = 2 * (y - t)
    grad_h = params["W2"].T @ grad_y
    grad_z = grad_h * h * (1 - h)
    return {
        "y": grad_y,
        "h": grad_h,
        "z": grad_z,
        "W2": np.outer(grad_y, h),
        "b2": grad_y,
        "W1": np.outer(grad_z, x),
        "b1": grad_z,
    }


def _node_gradients(params, x, t):
    """Central differences of L with respect to every node, in backward order."""
    return {
        name: numerical_gradient(loss_from, value)
        for name, (value, loss_from) in network_nodes(params, x, t).items()
    }


def _backward_with(change):
    def backward(params, x, t):
        grads = backward_solution(params, x, t)
        return change(grads, params, x, t)

    return backward


def _sigma_prime_at_h(grads, params, x, t):
    z = params["W1"] @ x + params["b1"]
    h = sigmoid(z)
    grad_z = grads["h"] * sigmoid(h) * (1 - sigmoid(h))
    return {**grads, "z": grad_z, "W1": np.outer(grad_z, x), "b1": grad_z}


def _no_sigma_prime(grads, params, x, t):
    grad_z = grads["h"]
    return {**grads, "z": grad_z, "W1": np.outer(grad_z, x), "b1": grad_z}


def _halved(grads, params, x, t):
    return {k: v / 2 for k, v in grads.items()}


def _outer_swapped(grads, params, x, t):
    return {
        **grads,
        "W2": grads["W2"].T,
        "W1": grads["W1"].T,
    }


register(
    FunctionExercise(
        id="6.3",
        title="The backward pass, every node's gradient in a dict",
        signature="backward(params, x, t)",
        hints=(
            "Go backwards through the graph: grad_y first (from L = ‖y - t‖²), then "
            "grad_h, grad_z, and each parameter from the node it feeds.",
            "Through y = W2 h + b2 a gradient goes back with W2ᵀ, and a weight's "
            "gradient is the outer product of its node's gradient and the layer's "
            "input; through σ, multiply entry by entry by σ'(z).",
        ),
        reference=backward_solution,
        cases=NETWORK_CASES,
        expected=_node_gradients,
        describe=describe_network_case,
        labels=GRAD_LABELS,
        like=NODE_SHAPES,
        ordered=True,
        misconceptions=(
            Misconception(
                "σ' at h",
                _backward_with(_sigma_prime_at_h),
                "grad_z uses σ'(h), the derivative evaluated at the hidden layer's "
                "output; the chain rule needs it at the input of σ: σ'(z) = h ∘ (1 - h) "
                f"{see(S_BACKWARD)}.",
            ),
            Misconception(
                "no σ'",
                _backward_with(_no_sigma_prime),
                "grad_z equals grad_h: passing through σ multiplies each entry by "
                f"σ'(zᵢ) = hᵢ(1 - hᵢ) {see(S_BACKWARD)}.",
            ),
            Misconception(
                "missing factor 2",
                _backward_with(_halved),
                "every gradient is half the right one: the derivative of ‖y - t‖² is "
                f"2(y - t) {see(S_BACKWARD)}.",
            ),
            Misconception(
                "outer products swapped",
                _backward_with(_outer_swapped),
                "grad_W2 and grad_W1 are transposed: ∇_W L = (∇_y L) hᵀ has one row "
                f"per output, like W {see(S_BACKWARD)}.",
            ),
        ),
    )
)


# Exercise 6.4: a planted mistake in a backward pass -------------------------------


# The code the notebook gives, planted mistake and all (the tests check that
# the notebook shows this very code).
def backward_pass(params, x, t):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    z = W1 @ x + b1
    h = sigmoid(z)
    y = W2 @ h + b2
    grad_y = 2 * (y - t)
    grad_h = W2 @ grad_y
    grad_z = grad_h * h * (1 - h)
    return {
        "y": grad_y,
        "h": grad_h,
        "z": grad_z,
        "W2": np.outer(grad_y, h),
        "b2": grad_y,
        "W1": np.outer(grad_z, x),
        "b1": grad_z,
    }


def backward_pass_solution(params, x, t):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    z = W1 @ x + b1
    h = sigmoid(z)
    y = W2 @ h + b2
    grad_y = 2 * (y - t)
    grad_h = W2.T @ grad_y
    grad_z = grad_h * h * (1 - h)
    return {
        "y": grad_y,
        "h": grad_h,
        "z": grad_z,
        "W2": np.outer(grad_y, h),
        "b2": grad_y,
        "W1": np.outer(grad_z, x),
        "b1": grad_z,
    }


SQUARE_CASES = (
    (_params(3, 2, 2, seed=21), _vector(22, 3), _vector(23, 2)),
    (_params(2, 3, 3, seed=24), _vector(25, 2), _vector(26, 3)),
    (_params(1, 2, 2, seed=27), _vector(28, 1), _vector(29, 2)),
    (_params(2, 1, 1, seed=30), _vector(31, 2), _vector(32, 1)),  # 1 × 1: no mistake
)
"""Networks with as many hidden units as outputs (H = M), where W2 is square."""


def _wrong_sign_of_y(grads, params, x, t):
    grad_y = -grads["y"]
    z = params["W1"] @ x + params["b1"]
    h = sigmoid(z)
    grad_h = params["W2"].T @ grad_y
    grad_z = grad_h * h * (1 - h)
    return {
        "y": grad_y,
        "h": grad_h,
        "z": grad_z,
        "W2": np.outer(grad_y, h),
        "b2": grad_y,
        "W1": np.outer(grad_z, x),
        "b1": grad_z,
    }


register(
    DebugExercise(
        id="6.4",
        title="Find and fix the mistake in a backward pass",
        signature="backward_pass(params, x, t)",
        hints=(
            "Compare each node's gradient with finite differences (backprop_check): "
            "which node is the first wrong one?",
            "Check the shapes: W2 is M × H, grad_y has M entries, grad_h must have H. "
            "Which form of W2 takes M entries to H?",
        ),
        reference=backward_pass_solution,
        given=backward_pass,
        bug=(
            "grad_h, the first wrong node, does not follow the rule for passing a "
            f"gradient back through y = W⁽²⁾h + b⁽²⁾ {see(S_BACKWARD)}"
        ),
        cases=SQUARE_CASES,
        expected=_node_gradients,
        describe=describe_network_case,
        labels=GRAD_LABELS,
        like=NODE_SHAPES,
        ordered=True,
        misconceptions=(
            Misconception(
                "σ' at h",
                _backward_with(_sigma_prime_at_h),
                "grad_h is right now, but grad_z uses σ'(h); the chain rule needs σ' "
                f"at the input of σ, σ'(z) = h ∘ (1 - h) {see(S_BACKWARD)}.",
            ),
            Misconception(
                "sign of grad_y",
                _backward_with(_wrong_sign_of_y),
                "grad_y has the wrong sign: the derivative of ‖y - t‖² is 2(y - t) "
                f"{see(S_BACKWARD)}.",
            ),
        ),
    )
)


# Exercise 6.5: a dead ReLU unit ------------------------------------------------------

register(
    ChoiceExercise(
        id="6.5",
        title="Which gradients vanish for a dead ReLU unit",
        signature="dead_unit",
        hints=(
            "A dead unit has zⱼ < 0 for this input: ReLU'(zⱼ) = 0 and hⱼ = 0.",
            "Go through the gradients one by one: which ones have a factor ReLU'(zⱼ) or "
            "hⱼ in them?",
        ),
        reference="b",
        options={
            "a": "row j of ∇_W⁽¹⁾ L and entry j of ∇_b⁽¹⁾ L only",
            "b": "row j of ∇_W⁽¹⁾ L, entry j of ∇_b⁽¹⁾ L and column j of ∇_W⁽²⁾ L",
            "c": "row j of ∇_W⁽¹⁾ L, entry j of ∇_b⁽¹⁾ L, column j of ∇_W⁽²⁾ L and "
            "entry j of ∇_h L",
            "d": "every gradient of the network: no signal passes a dead unit",
        },
        explanation=(
            "zⱼ < 0 makes ReLU'(zⱼ) = 0, so (∇_z L)ⱼ = 0, and with it row j of "
            "(∇_z L) xᵀ and entry j of ∇_b⁽¹⁾ L; and hⱼ = 0 makes column j of "
            "(∇_y L) hᵀ zero. (∇_h L)ⱼ = (W⁽²⁾ᵀ ∇_y L)ⱼ has no factor hⱼ or "
            "ReLU'(zⱼ): it depends on hⱼ only through y, and is in general not 0."
        ),
        misconceptions=(
            Misconception(
                "a",
                "a",
                "the unit's output hⱼ = 0 also enters ∇_W⁽²⁾ L = (∇_y L) hᵀ: its "
                f"column j is (∇_y L) times 0 {see(S_BACKWARD)}.",
            ),
            Misconception(
                "c",
                "c",
                "(∇_h L)ⱼ = (W⁽²⁾ᵀ ∇_y L)ⱼ comes from the layer above, and no factor "
                "hⱼ or ReLU'(zⱼ) multiplies it (it depends on hⱼ only through y): it "
                f"is stopped only at the next step, by ReLU'(zⱼ) = 0 {see(S_BACKWARD)}.",
            ),
            Misconception(
                "d",
                "d",
                "the other units still pass gradients, and no factor hⱼ or "
                "ReLU'(zⱼ) multiplies ∇_y L or ∇_b⁽²⁾ L: the dead unit does not make "
                f"them 0 {see(S_BACKWARD)}.",
            ),
        ),
    )
)


# Exercise 6.6: the backward pass for a whole batch -------------------------------


def batch_loss(params, X, T):
    H = sigmoid(X @ params["W1"].T + params["b1"])
    Y = H @ params["W2"].T + params["b2"]
    return float(np.sum((Y - T) ** 2) / len(X))


def batch_backward_solution(params, X, T):
    H = sigmoid(X @ params["W1"].T + params["b1"])
    Y = H @ params["W2"].T + params["b2"]
    grad_Y = 2 * (Y - T) / len(X)
    grad_Z = (grad_Y @ params["W2"]) * H * (1 - H)
    return {
        "W2": grad_Y.T @ H,
        "b2": grad_Y.sum(axis=0),
        "W1": grad_Z.T @ X,
        "b1": grad_Z.sum(axis=0),
    }


def _batch_params(N, D, H, M, seed):
    rng = np.random.default_rng(seed)
    return (
        _params(D, H, M, seed=seed),
        np.round(rng.standard_normal((N, D)), 2),
        np.round(rng.standard_normal((N, M)), 2),
    )


BATCH_CASES = (
    _batch_params(5, 3, 4, 2, seed=41),
    _batch_params(1, 2, 3, 1, seed=42),  # a batch of one example
    _batch_params(6, 1, 2, 3, seed=43),
    _batch_params(4, 2, 2, 2, seed=44),
    _batch_params(5, 2, 3, 1, seed=45),  # one output, M = 1: T has shape (N, 1)
)


def _batch_expected(params, X, T):
    grads = numerical_gradient(lambda p: batch_loss(p, X, T), params)
    return {k: grads[k] for k in ("W2", "b2", "W1", "b1")}


def describe_batch_case(params, X, T) -> str:
    H, D = np.shape(params["W1"])
    M = np.shape(params["W2"])[0]
    return f"a batch of N = {len(X)} (D = {D}, H = {H}, M = {M})"


def _batch_with(change):
    def batch_backward(params, X, T):
        return change(batch_backward_solution(params, X, T), params, X, T)

    return batch_backward


def _rows_of_bias(grads, params, X, T):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    H = sigmoid(X @ W1.T + b1)
    grad_Y = 2 * (H @ W2.T + b2 - T) / len(X)
    grad_Z = (grad_Y @ W2) * H * (1 - H)
    return {**grads, "b2": grad_Y, "b1": grad_Z}


register(
    FunctionExercise(
        id="6.6",
        title="The backward pass for a whole batch",
        signature="batch_backward(params, X, T)",
        hints=(
            "The single-example pass with one row per example: Y = H W2ᵀ + 1b2ᵀ, and "
            "∇_Y L = 2(Y - T)/N.",
            "A weight's gradient is (its node's gradient)ᵀ times the layer's input; a "
            "bias's sums over the batch, axis 0. Keep every array 2-D: no .squeeze(), "
            "or M = 1 breaks it.",
        ),
        reference=batch_backward_solution,
        cases=BATCH_CASES,
        expected=_batch_expected,
        describe=describe_batch_case,
        labels={k: f"grad_{k}" for k in ("W2", "b2", "W1", "b1")},
        like={k: k for k in ("W2", "b2", "W1", "b1")},
        ordered=True,
        misconceptions=(
            Misconception(
                "no 1/N",
                _batch_with(lambda g, p, X, T: {k: v * len(X) for k, v in g.items()}),
                "every gradient is N times too large: L is the mean over the batch, "
                f"so ∇_Y L = 2(Y - T) / N {see(S_BATCH)}.",
            ),
            Misconception(
                "bias not summed",
                _batch_with(_rows_of_bias),
                "the bias gradients keep one row per example; b is shared by all of "
                f"them, so sum over the batch: ∇_b L = (∇_Y L)ᵀ 1 {see(S_BATCH)}.",
            ),
            Misconception(
                "Xᵀ ∇_Z L",
                _batch_with(lambda g, p, X, T: {**g, "W1": g["W1"].T, "W2": g["W2"].T}),
                "grad_W1 = Xᵀ ∇_Z L has W1's transposed shape: ∇_W⁽¹⁾ L = "
                f"(∇_Z L)ᵀ X {see(S_BATCH)}.",
            ),
        ),
    )
)


# Exercise 6.7: the training loop -----------------------------------------------------


def network_loss(params, X, T):
    """Mean cross-entropy of softmax(Y) for Y = tanh(X W1ᵀ + b1) W2ᵀ + b2."""
    H = np.tanh(X @ params["W1"].T + params["b1"])
    Y = H @ params["W2"].T + params["b2"]
    Y = Y - Y.max(axis=1, keepdims=True)
    log_P = Y - np.log(np.exp(Y).sum(axis=1, keepdims=True))
    return float(-np.sum(T * log_P) / len(X))


def softmax_backward(params, X, T):
    """The chapter's backward pass with a tanh hidden layer and a softmax output
    under the mean cross-entropy, every node's gradient (the notebook's own)."""
    Z = X @ params["W1"].T + params["b1"]
    H = np.tanh(Z)
    Y = H @ params["W2"].T + params["b2"]
    grad_Y = (softmax(Y) - T) / len(X)
    grad_H = grad_Y @ params["W2"]
    grad_Z = grad_H * (1 - H**2)
    return {
        "y": grad_Y,
        "h": grad_H,
        "z": grad_Z,
        "W2": grad_Y.T @ H,
        "b2": grad_Y.sum(axis=0),
        "W1": grad_Z.T @ X,
        "b1": grad_Z.sum(axis=0),
    }


def train_solution(params, X, T, lr, n_steps):
    p = dict(params)
    for _ in range(n_steps):
        grads = softmax_backward(p, X, T)
        p = {k: p[k] - lr * grads[k] for k in p}
    return p


def _train_expected(params, X, T, lr, n_steps):
    """Gradient descent with every gradient by central differences of the loss."""
    p = {k: np.array(v, dtype=float) for k, v in params.items()}
    for _ in range(n_steps):
        grads = numerical_gradient(lambda q: network_loss(q, X, T), p)
        p = {k: p[k] - lr * grads[k] for k in p}
    return p


def _train_case(N, D, H, K, lr, n_steps, seed):
    rng = np.random.default_rng(seed)
    params, X, _ = _batch_params(N, D, H, K, seed)
    T = np.eye(K)[rng.integers(0, K, N)]
    return params, X, T, lr, n_steps


def _saturated(case):
    """``case`` with output biases of ±750: logits beyond 709, where exp overflows."""
    params, X, T, lr, n_steps = case
    K = np.shape(params["b2"])[0]
    return {**params, "b2": np.linspace(750.0, -750.0, K)}, X, T, lr, n_steps


TRAIN_CASES = (
    _train_case(6, 2, 3, 2, 0.5, 3, seed=51),
    _train_case(4, 2, 3, 2, 0.5, 0, seed=52),  # zero steps: the start, unchanged
    _train_case(5, 2, 2, 3, 1.0, 1, seed=53),
    _train_case(8, 3, 4, 2, 0.2, 2, seed=54),
    _saturated(_train_case(5, 2, 3, 3, 0.5, 2, seed=55)),
)


def describe_train_case(params, X, T, lr, n_steps) -> str:
    H = np.shape(params["W1"])[0]
    text = (
        f"N = {len(X)}, H = {H}, K = {np.shape(T)[1]}, lr = {lr:g}, n_steps = {n_steps}"
    )
    if np.max(np.abs(params["b2"])) > 100:
        text += f", b2 = {describe_vector(params['b2'])}"
    return text


def _train_variant(step):
    def train(params, X, T, lr, n_steps):
        p = {k: np.array(v, dtype=float) for k, v in params.items()}
        for _ in range(n_steps):
            p = step(p, softmax_backward(p, X, T), lr, X)
        return p

    return train


def _one_at_a_time(params, X, T, lr, n_steps):
    """Each parameter moves with gradients computed after the ones before it moved."""
    p = {k: np.array(v, dtype=float) for k, v in params.items()}
    for _ in range(n_steps):
        for k in p:
            p[k] = p[k] - lr * softmax_backward(p, X, T)[k]
    return p


register(
    FunctionExercise(
        id="6.7",
        title="Train the network by gradient descent",
        signature="train(params, X, T, lr, n_steps)",
        hints=(
            "Each step computes all four gradients at the current parameters (the last "
            "section's backward pass), then moves all four.",
            "Build a new dict at each step, θ - lr ∇θ, rather than changing params in "
            "place, and take exactly n_steps steps.",
        ),
        reference=train_solution,
        cases=TRAIN_CASES,
        expected=_train_expected,
        describe=describe_train_case,
        source="central-difference descent",
        warning_hints={
            "overflow encountered in exp": (
                "exp overflows to inf for logits above about 709: compute the "
                "probabilities with a softmax that subtracts each row's largest "
                f"logit first (the helpers' softmax does) {see(S_SOFTMAX)}"
            ),
        },
        labels={k: k for k in ("W1", "b1", "W2", "b2")},
        like={k: k for k in ("W1", "b1", "W2", "b2")},
        misconceptions=(
            Misconception(
                "ascent",
                _train_variant(lambda p, g, lr, X: {k: p[k] + lr * g[k] for k in p}),
                "the steps go uphill: subtract lr times each gradient, θ ← θ - η ∇L "
                f"{see(S_TRAIN)}.",
            ),
            Misconception(
                "biases frozen",
                _train_variant(
                    lambda p, g, lr, X: {
                        k: p[k] - (lr * g[k] if k.startswith("W") else 0.0) for k in p
                    }
                ),
                "the biases never move: b1 and b2 take their steps too "
                f"{see(S_TRAIN)}.",
            ),
            Misconception(
                "no 1/N",
                _train_variant(
                    lambda p, g, lr, X: {k: p[k] - lr * len(X) * g[k] for k in p}
                ),
                "the steps are N times too long: the loss is the mean cross-entropy, "
                f"so ∇_Y L = (P - T) / N {see(S_SOFTMAX)}.",
            ),
            Misconception(
                "parameters updated one at a time",
                _one_at_a_time,
                "the update order is off: each parameter moves with gradients computed "
                "after the parameters before it have already moved; compute all four "
                f"gradients at the current parameters, then move all four {see(S_TRAIN)}.",
            ),
            Misconception(
                "one step too few",
                lambda params, X, T, lr, n_steps: train_solution(
                    params, X, T, lr, max(n_steps - 1, 0)
                ),
                "one step too few: the loop must run n_steps times, as "
                f"range(n_steps) does {see(S_TRAIN)}.",
            ),
            Misconception(
                "one step too many",
                lambda params, X, T, lr, n_steps: train_solution(
                    params, X, T, lr, n_steps + 1
                ),
                "one step too many: the loop must run n_steps times, as "
                f"range(n_steps) does {see(S_TRAIN)}.",
            ),
        ),
    )
)


# Exercise 6.8: layers as objects, composed into two hidden layers --------------------


class LinearSolution:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, X):
        self.X = X
        return X @ self.W.T + self.b

    def backward(self, grad_Y):
        self.grad_W = grad_Y.T @ self.X
        self.grad_b = grad_Y.sum(axis=0)
        return grad_Y @ self.W


class TanhSolution:
    def forward(self, Z):
        self.H = np.tanh(Z)
        return self.H

    def backward(self, grad_H):
        return grad_H * (1 - self.H**2)


class SoftmaxCrossEntropySolution:
    def forward(self, Y, T):
        self.P, self.T = softmax(Y), T
        return cross_entropy(Y, T)

    def backward(self):
        return (self.P - self.T) / len(self.T)


def layers_backward_solution(params, X, T):
    layers = [
        LinearSolution(params["W1"], params["b1"]),
        TanhSolution(),
        LinearSolution(params["W2"], params["b2"]),
        TanhSolution(),
        LinearSolution(params["W3"], params["b3"]),
    ]
    outputs = ["z1", "h1", "z2", "h2", "y"]  # what each layer computes
    loss = SoftmaxCrossEntropySolution()
    V = X
    for layer in layers:
        V = layer.forward(V)
    loss.forward(V, T)
    grads = {"y": loss.backward()}
    for k in range(len(layers) - 1, 0, -1):
        grads[outputs[k - 1]] = layers[k].backward(grads[outputs[k]])
    layers[0].backward(grads["z1"])
    for k in (1, 2, 3):
        grads[f"W{k}"] = layers[2 * k - 2].grad_W
        grads[f"b{k}"] = layers[2 * k - 2].grad_b
    return grads


LAYER_NODES = ("y", "h2", "W3", "b3", "z2", "h1", "W2", "b2", "z1", "W1", "b1")
"""The nodes in the order a backward pass over the layers reaches them."""
LAYER_OF = {
    "y": "SoftmaxCrossEntropy",
    "h2": "the third Linear",
    "W3": "the third Linear",
    "b3": "the third Linear",
    "z2": "the second Tanh",
    "h1": "the second Linear",
    "W2": "the second Linear",
    "b2": "the second Linear",
    "z1": "the first Tanh",
    "W1": "the first Linear",
    "b1": "the first Linear",
}
"""Whose backward computes each node's gradient, for the messages."""
LAYER_LABELS = {k: f"grad_{k} (from {LAYER_OF[k]}'s backward)" for k in LAYER_NODES}


def _deep_params(D, H, K, seed):
    rng = np.random.default_rng(seed)
    shapes = {"W1": (H, D), "b1": (H,), "W2": (H, H), "b2": (H,)}
    shapes.update(W3=(K, H), b3=(K,))
    return {k: np.round(rng.standard_normal(s), 2) for k, s in shapes.items()}


def _layers_case(N, D, H, K, seed, classes=None):
    """Two hidden layers of H units each: with equal widths, one Tanh object used for
    both layers gives wrong gradients of the right shapes instead of an error."""
    rng = np.random.default_rng(seed + 100)
    X = np.round(rng.standard_normal((N, D)), 2)
    T = np.eye(K)[rng.integers(0, classes or K, N)]
    return _deep_params(D, H, K, seed), X, T


def _logits_beyond_709(case):
    """``case`` with output biases from 750 down to -750: exp overflows beyond 709."""
    params, X, T = case
    K = np.shape(params["b3"])[0]
    return {**params, "b3": np.linspace(750.0, -750.0, K)}, X, T


LAYERS_CASES = (
    _layers_case(5, 3, 4, 2, seed=61),
    _layers_case(1, 2, 3, 3, seed=62),  # a batch of one example
    _layers_case(6, 1, 2, 2, seed=63),  # one input feature
    _logits_beyond_709(_layers_case(4, 2, 3, 3, seed=64, classes=2)),  # no class 3
    _layers_case(5, 2, 3, 1, seed=65),  # one class: every gradient is 0
)


def _layer_gradients(params, X, T):
    """Central differences of the mean cross-entropy at every node, layer by layer."""
    nodes = network_nodes(params, X, T, activation="tanh", loss="cross_entropy")
    return {
        k: numerical_gradient(loss_from, value)
        for k, (value, loss_from) in nodes.items()
    }


def describe_layers_case(params, X, T) -> str:
    H, D = np.shape(params["W1"])
    text = f"N = {len(X)}, D = {D}, H = {H}, K = {np.shape(T)[1]}"
    if np.max(np.abs(params["b3"])) > 100:
        text += f", b3 = {describe_vector(params['b3'])}"
    return text


def _layers_with(
    linear=LinearSolution,
    tanh=TanhSolution,
    loss=SoftmaxCrossEntropySolution,
    shared=False,
):
    """The reference's composition, with other layer classes (or one Tanh for both)."""

    def layers_backward(params, X, T):
        tanh1 = tanh()
        tanh2 = tanh1 if shared else tanh()
        layers = [
            linear(params["W1"], params["b1"]),
            tanh1,
            linear(params["W2"], params["b2"]),
            tanh2,
            linear(params["W3"], params["b3"]),
        ]
        outputs = ["z1", "h1", "z2", "h2", "y"]
        last = loss()
        V = X
        for layer in layers:
            V = layer.forward(V)
        last.forward(V, T)
        grads = {"y": last.backward()}
        for k in range(len(layers) - 1, 0, -1):
            grads[outputs[k - 1]] = layers[k].backward(grads[outputs[k]])
        layers[0].backward(grads["z1"])
        for k in (1, 2, 3):
            grads[f"W{k}"] = layers[2 * k - 2].grad_W
            grads[f"b{k}"] = layers[2 * k - 2].grad_b
        return grads

    return layers_backward


class _TanhPrimeOfZ(TanhSolution):
    def forward(self, Z):
        self.Z = Z
        return super().forward(Z)

    def backward(self, grad_H):
        return grad_H * (1 - self.Z**2)


class _NoMean(SoftmaxCrossEntropySolution):
    def backward(self):
        return self.P - self.T


class _TargetMinusP(SoftmaxCrossEntropySolution):
    def backward(self):
        return (self.T - self.P) / len(self.T)


class _BiasSummedOverClasses(LinearSolution):
    def backward(self, grad_Y):
        grad_X = super().backward(grad_Y)
        self.grad_b = grad_Y.sum(axis=1)
        return grad_X


register(
    FunctionExercise(
        id="6.8",
        title="Layers with forward and backward, composed into two hidden layers",
        signature="layers_backward(params, X, T)",
        hints=(
            "Each layer's forward keeps what its own backward will need (its input, "
            "or its output); its backward takes the gradient at its output and "
            "returns the one at its input: local gradient times upstream gradient.",
            "Call forward on the layers in order, then backward in reverse order, "
            "starting from the loss layer's backward; use a separate Tanh object for "
            "each hidden layer, and store the gradient at each layer's output under "
            "its node's name.",
        ),
        reference=layers_backward_solution,
        cases=LAYERS_CASES,
        expected=_layer_gradients,
        describe=describe_layers_case,
        labels=LAYER_LABELS,
        like={k: k for k in LAYER_NODES},
        ordered=True,
        # Some entries of the deep gradients are near 1e-6, where central differences
        # are off by about 1e-11: a floor of rtol * tiny = 1e-10 lets them pass.
        tiny=1e-4,
        warning_hints={
            "overflow encountered in exp": (
                "exp overflows to inf for logits above about 709: compute the "
                "probabilities with a softmax that subtracts each row's largest "
                f"logit first (the helpers' softmax does) {see(S_SOFTMAX)}"
            ),
        },
        misconceptions=(
            Misconception(
                "tanh' from z",
                _layers_with(tanh=_TanhPrimeOfZ),
                "the Tanh layers' backward multiplies by 1 - z², with the layer's "
                "input; tanh'(z) = 1 - tanh(z)², from the output h the forward pass "
                f"keeps {see(S_ACTIVATIONS)}.",
            ),
            Misconception(
                "no 1/N",
                _layers_with(loss=_NoMean),
                "every gradient is N times too large: SoftmaxCrossEntropy computes "
                f"the mean cross-entropy, so its backward is (P - T) / N {see(S_SOFTMAX)}.",
            ),
            Misconception(
                "T - P",
                _layers_with(loss=_TargetMinusP),
                "grad_y has the wrong sign: the gradient of the cross-entropy at the "
                f"logits is (P - T) / N, not (T - P) / N {see(S_SOFTMAX)}.",
            ),
            Misconception(
                "bias summed over axis 1",
                _layers_with(linear=_BiasSummedOverClasses),
                "the Linear layers' grad_b sums each example's row, axis 1, and has "
                "one entry per example; b is shared by all the examples, so its "
                "gradient adds up their rows, over axis 0: gradients add where a "
                f"variable fans out {see(S_BATCH)}.",
            ),
            Misconception(
                "one Tanh object for both layers",
                _layers_with(shared=True),
                "the second hidden layer's Tanh object is the first one's too: its "
                "second forward overwrote the output the first layer's backward needs. "
                f"Give every use of an operation its own object {see(S_LAYERS)}.",
            ),
        ),
    )
)

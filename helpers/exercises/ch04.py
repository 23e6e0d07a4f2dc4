"""Chapter 4, classification and cross-entropy: the exercises, declared as data.

Every expected value comes from the mathematics: the definition of the one-hot matrix,
the cross-entropy and the softmax as the text writes them (with the log-sum-exp shift,
which changes no value), and finite differences of the mean cross-entropy for the
gradients. The cases start at the edges: a single sample, two classes, a class with
no sample, all-zero logits, logits of ±1000, probabilities of exactly 0 and 1.
"""

from __future__ import annotations

import numpy as np

from ..data import blobs
from ..ml import cross_entropy, log_softmax, one_hot, softmax
from ..numeric import numerical_gradient
from .base import Misconception
from .cases import describe_vector, see
from .kinds import ChoiceExercise, DebugExercise, FunctionExercise, ValueExercise
from .registry import register

S_DATA = "Inputs, labels and one-hot targets"
S_LIKELIHOOD = "The likelihood and why we take its log"
S_CE = "From the log-likelihood to the cross-entropy"
S_SOFTMAX = "The softmax model"
S_STABLE = "A softmax that does not overflow"
S_GRAD_Z = "The gradient with respect to the logits"
S_GRAD_WB = "The batch gradient of a linear layer"
S_TRAIN = "Training by gradient descent"

DATA_SEED = 4
"""The chapter's data set: ``blobs(50, 3, seed=DATA_SEED)``."""


def chapter_data() -> tuple[np.ndarray, np.ndarray]:
    """The chapter's data: 150 points in the plane, three classes, labels 0..2."""
    return blobs(50, 3, seed=DATA_SEED)


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _labels(seed: int, n: int, K: int) -> np.ndarray:
    return _rng(seed).integers(0, K, size=n)


def _describe_labels(labels) -> str:
    shown = " ".join(str(int(v)) for v in np.asarray(labels).ravel()[:8])
    more = " ..." if np.size(labels) > 8 else ""
    return f"[{shown}{more}]"


def _describe_matrix(name: str, A) -> str:
    """``Y of shape (2, 3), first row [1.00 -2.00 0.50]``: short and distinct."""
    A = np.asarray(A, dtype=float)
    row = " ".join(f"{v:.2f}" for v in A[0][:4])
    more = " ..." if A.shape[1] > 4 else ""
    return f"{name} of shape {A.shape}, first row [{row}{more}]"


# Exercise 4.1: the one-hot matrix ---------------------------------------------


def one_hot_solution(labels, K):
    T = np.zeros((len(labels), K))
    T[np.arange(len(labels)), labels] = 1.0
    return T


def _one_hot_expected(labels, K):
    # The definition: T_ik = 1 when sample i has class k (label k - 1 in code).
    return (np.asarray(labels)[:, None] == np.arange(K)[None, :]).astype(float)


ONE_HOT_CASES = (
    (np.array([0]), 1),
    (np.array([1]), 2),
    (np.array([2, 0, 1]), 3),
    (np.array([0, 0, 0]), 4),  # classes 2, 3 and 4 have no sample: zero columns
    (np.array([3, 1, 3, 0]), 4),
    (np.array([0, 1, 1, 0, 1]), 2),
    (_labels(41, 12, 5), 5),
    (_labels(42, 7, 3), 6),
)

register(
    FunctionExercise(
        id="4.1",
        title="The one-hot matrix T of integer labels",
        signature="one_hot(labels, K)",
        hints=(
            "Start from a float array of zeros of shape (N, K) and put a single 1 in "
            "each row.",
            "Row i gets its 1 in column labels[i] (the labels already count from 0); a "
            "loop over the rows works, and so does indexing with two arrays.",
        ),
        reference=one_hot_solution,
        cases=ONE_HOT_CASES,
        expected=_one_hot_expected,
        describe=lambda labels, K: f"labels = {_describe_labels(labels)}, K = {K}",
        source="the definition of T",
        rtol=1e-9,
        misconceptions=(
            Misconception(
                "labels counted from 1",
                lambda labels, K: _one_hot_expected((np.asarray(labels) - 1) % K, K),
                "each 1 is one column too far left: the labels in code already "
                "count from 0, so label j goes in column j (class j + 1 of the "
                f"text); do not subtract 1 {see(S_DATA)}.",
            ),
            Misconception(
                "transposed",
                lambda labels, K: _one_hot_expected(labels, K).T,
                "this is Tᵀ, with one column per sample: T has one row per sample "
                f"and one column per class, shape (N, K) {see(S_DATA)}.",
            ),
            Misconception(
                "K from the data",
                lambda labels, K: _one_hot_expected(labels, int(np.max(labels)) + 1),
                "T has K columns even when the largest classes have no sample in "
                f"the batch: use K, not labels.max() + 1 {see(S_DATA)}.",
            ),
        ),
    )
)


# Exercise 4.2: why the logarithm keeps the best weights ---------------------

register(
    ChoiceExercise(
        id="4.2",
        title="Why the log-likelihood and the likelihood have the same best weights",
        signature="why_log",
        hints=(
            "Compare two sets of weights w and w': if the likelihood of w is larger, "
            "what can you say about the logarithms of the two likelihoods?",
            "Which property of log makes the order of any two numbers survive it? A "
            "function that only turns products into sums need not keep the order.",
        ),
        reference="b",
        options={
            "a": "because the logarithm turns the product over the samples into a sum",
            "b": "because the logarithm is strictly increasing: log a > log a' exactly "
            "when a > a', so the two are largest at the same weights",
            "c": "they do not quite: the log-likelihood's best weights only approximate "
            "the likelihood's, a price paid to avoid the underflow",
            "d": "because the likelihood is below 1, where the logarithm is negative",
        },
        explanation=(
            "The logarithm is strictly increasing, so it keeps the order of any two "
            "likelihoods, and the weights with the largest likelihood have the largest "
            "log-likelihood; a merely non-decreasing function could tie and lose them."
        ),
        misconceptions=(
            Misconception(
                "a",
                "a",
                "turning the product into a sum is why the log is convenient, not why "
                "its maximiser is the same: that needs a function that keeps the order "
                f"of any two likelihoods {see(S_LIKELIHOOD)}.",
            ),
            Misconception(
                "c",
                "c",
                "no approximation is involved: log a > log a' exactly when a > a', so "
                "the best weights are the same, exactly (the underflow is why we use the "
                f"log, not a price of it) {see(S_LIKELIHOOD)}.",
            ),
            Misconception(
                "d",
                "d",
                "the sign of the logarithm says nothing about where it is largest: "
                "what matters is that it keeps the order of any two likelihoods "
                f"{see(S_LIKELIHOOD)}.",
            ),
        ),
    )
)


# Exercise 4.3: the mean cross-entropy from probabilities ----------------------


def _probabilities(seed: int, n: int, K: int, scale: float = 1.5) -> np.ndarray:
    return softmax(scale * _rng(seed).standard_normal((n, K)))


def mean_cross_entropy_solution(P, T):
    p_true = np.sum(T * P, axis=1)
    return -np.mean(np.log(p_true))


def _cross_entropy_expected(P, T):
    # -(1/N) sum_i sum_k T_ik log P_ik, with 0 log 0 = 0: only the true class counts.
    terms = np.where(T > 0, T * np.log(np.where(T > 0, P, 1.0)), 0.0)
    return float(-np.sum(terms) / len(P))


CERTAIN = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])

CE_CASES = (
    (np.full((4, 3), 1 / 3), one_hot(np.array([0, 1, 2, 0]), 3)),  # log 3
    (_probabilities(21, 1, 3), one_hot(np.array([1]), 3)),  # a single sample
    (CERTAIN, one_hot(np.array([0, 2]), 3)),  # certain and right: loss 0
    (
        np.array([[0.7, 0.3, 0.0], [0.1, 0.0, 0.9]]),  # zero for a wrong class
        one_hot(np.array([0, 2]), 3),
    ),
    (np.array([[1e-4, 1 - 1e-4], [0.5, 0.5]]), one_hot(np.array([0, 1]), 2)),
    (_probabilities(22, 6, 2), one_hot(_labels(23, 6, 2), 2)),
    (_probabilities(24, 10, 4, 3.0), one_hot(_labels(25, 10, 4), 4)),
    (_probabilities(26, 5, 3), one_hot(np.array([2, 2, 0, 1, 2]), 3)),
)


def _describe_ce_case(P, T) -> str:
    true = np.sum(T * P, axis=1)
    shown = " ".join(f"{v:.3g}" for v in true[:5]) + (" ..." if len(true) > 5 else "")
    return f"P of shape {P.shape} with true-class probabilities [{shown}]"


def _ce_terms(P, T):
    """T_ik log P_ik with 0 log 0 = 0, for the misconceptions."""
    return np.where(T > 0, np.log(np.where(T > 0, P, 1.0)), 0.0)


LOG_ZERO_HINT = (
    "the code took the log of 0 somewhere: log 0 = -inf, and where T_ik = 0 the "
    "term T_ik log P_ik counts as 0 but NumPy computes 0 · (-inf) = nan; take the "
    f"log of each sample's true-class probability only, one per row {see(S_CE)}"
)

register(
    FunctionExercise(
        id="4.3",
        title="The mean cross-entropy of probabilities P and one-hot targets T",
        signature="mean_cross_entropy(P, T)",
        hints=(
            "Only the true class counts: T picks each row's true-class probability out "
            "of P.",
            "Get the N true-class probabilities first (T has a single 1 per row), then "
            "average -log of them; never take the log of the zeros in P.",
        ),
        reference=mean_cross_entropy_solution,
        cases=CE_CASES,
        expected=_cross_entropy_expected,
        describe=_describe_ce_case,
        source="the formula",
        # A sure and right classifier has the loss 0 exactly; there the answer is held
        # to an absolute error of rtol * tiny = 1e-9, so a log(p + 1e-12) passes.
        tiny=1e-3,
        warning_hints={
            "divide by zero encountered in log": LOG_ZERO_HINT,
            "invalid value encountered in multiply": LOG_ZERO_HINT,
        },
        misconceptions=(
            Misconception(
                "sum, not mean",
                lambda P, T: float(-np.sum(_ce_terms(P, T))),
                "this is the sum over the samples, N times the mean: divide by "
                f"the number of samples N = len(P) {see(S_CE)}.",
            ),
            Misconception(
                "mean over every entry",
                lambda P, T: float(-np.sum(_ce_terms(P, T)) / P.size),
                "np.mean over the whole (N, K) array divides by N·K: sum over the "
                f"classes, then average over the N samples {see(S_CE)}.",
            ),
            Misconception(
                "sign",
                lambda P, T: float(np.sum(_ce_terms(P, T)) / len(P)),
                "the sign is flipped: log p ≤ 0 for a probability, and the minus "
                "in front makes the loss positive (the negative log-likelihood) "
                f"{see(S_CE)}.",
            ),
            Misconception(
                "every class counted",
                lambda P, T: float(
                    -np.mean(np.sum(np.log(np.maximum(P, 1e-300)), axis=1))
                ),
                "this adds log p for every class; T picks out the true class of "
                f"each sample, the only factor of its likelihood below 1 {see(S_LIKELIHOOD)}.",
            ),
        ),
    )
)


# Exercise 4.4: the loss of a classifier that has learnt nothing ---------------


def _loss_at_zero() -> float:
    X, labels = chapter_data()
    return cross_entropy(np.zeros((len(X), 3)), one_hot(labels, 3))


register(
    ValueExercise(
        id="4.4",
        title="The mean cross-entropy at W = 0, b = 0 on the chapter's data",
        signature="loss_at_zero",
        hints=(
            "With W = 0 and b = 0 every logit is 0: what does a softmax give for K "
            "equal logits?",
            "Every sample then has the same loss, -log of its true class's probability, "
            "and the mean of equal numbers is that number.",
        ),
        reference=float(np.log(3.0)),
        expected=_loss_at_zero,
        source="the cross-entropy of the zero model",
        factors={"N": len(chapter_data()[0]), "K": 3},
        misconceptions=(
            Misconception(
                "divided by N twice",
                float(np.log(3.0)) / len(chapter_data()[0]),
                "this is the mean divided by N = 150 once more: every sample has the "
                "same loss here, so their mean is that one sample's loss; divide the "
                f"sum by N once, not twice {see(S_CE)}.",
            ),
            Misconception(
                "the probability",
                1 / 3,
                "1/3 is each class's probability; the loss is the mean of -log p "
                f"of the true class {see(S_SOFTMAX)}.",
            ),
            Misconception(
                "sign",
                -float(np.log(3.0)),
                "a cross-entropy is never negative: it is the mean of -log p, and "
                f"log(1/3) < 0 {see(S_CE)}.",
            ),
            Misconception(
                "sum over the samples",
                len(chapter_data()[0]) * float(np.log(3.0)),
                "this is the sum over the 150 samples; the loss is their mean "
                f"{see(S_CE)}.",
            ),
            Misconception(
                "log base 10",
                float(np.log10(3.0)),
                "log is the natural logarithm here (np.log), not log base 10 "
                f"{see(S_CE)}.",
            ),
            Misconception(
                "zero",
                0.0,
                "logits of 0 do not give probabilities of 0: e⁰ = 1 for every "
                f"class, so softmax gives 1/K each {see(S_SOFTMAX)}.",
            ),
        ),
    )
)


# Exercise 4.5: a stable log-softmax -------------------------------------------


def log_softmax_solution(Y):
    m = Y.max(axis=1, keepdims=True)
    shifted = Y - m
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


LOG_SOFTMAX_CASES = (
    (np.zeros((2, 3)),),
    (np.array([[0.0]]),),  # a single class: log 1 = 0
    (np.array([[1.0, 2.0, 3.0]]),),
    (np.array([[1000.0, 0.0, -1000.0]]),),  # exp(1000) overflows
    (np.array([[-1000.0, -1000.0], [1000.0, 1000.0]]),),  # underflow, overflow
    (np.array([[710.0, 709.0, 0.5], [-3.0, 2.5, 0.0]]),),
    (3.0 * _rng(31).standard_normal((5, 4)),),
    (np.array([[50.0, -20.0, 3.0, 1.0], [0.1, 0.2, 0.3, 0.4]]),),
)


def _shift_back(Y, m):
    return Y - np.log(np.sum(np.exp(Y - m), axis=1, keepdims=True))


register(
    FunctionExercise(
        id="4.5",
        title="A log-softmax that does not overflow (log-sum-exp)",
        signature="log_softmax(Y)",
        hints=(
            "log softmax(y)ⱼ = yⱼ - log Σₖ exp yₖ, and the sum overflows for large "
            "logits.",
            "Shift by each row's largest logit m: log Σ exp y = m + log Σ exp(y - m). "
            "Work row by row: axis=1, keepdims=True.",
        ),
        reference=log_softmax_solution,
        cases=LOG_SOFTMAX_CASES,
        expected=lambda Y: log_softmax(Y),
        describe=lambda Y: _describe_matrix("Y", Y),
        source="y - log Σ exp y",
        like="Y",
        warning_hints={
            "overflow encountered in exp": (
                "exp(y) overflows to inf for y above about 709: subtract each "
                "row's largest logit m before exp, and subtract it from y once "
                f"more outside the log {see(S_STABLE)}"
            ),
            "divide by zero encountered in log": (
                "every exp(y - m) of a row underflowed to 0, so its log is -inf: "
                "m must be each row's own largest logit, Y.max(axis=1, "
                f"keepdims=True) {see(S_STABLE)}"
            ),
        },
        misconceptions=(
            Misconception(
                "the max not added back",
                lambda Y: _shift_back(Y, Y.max(axis=1, keepdims=True)),
                "the shift is missing from one side: log Σⱼ exp yⱼ = m + "
                f"log Σⱼ exp(yⱼ - m), so subtract m as well {see(S_STABLE)}.",
            ),
            Misconception(
                "over the wrong axis",
                lambda Y: (
                    Y
                    - Y.max(axis=0, keepdims=True)
                    - np.log(np.sum(np.exp(Y - Y.max(axis=0, keepdims=True)), axis=0))
                ),
                "the sums run down the columns (axis=0), over the samples: each "
                "sample's logits are a row, so use axis=1 with keepdims=True "
                f"{see(S_STABLE)}.",
            ),
            Misconception(
                "probabilities, not their log",
                lambda Y: softmax(Y),
                "these are the probabilities softmax(y); the exercise asks for "
                f"their logarithm, y - log Σ exp y {see(S_STABLE)}.",
            ),
            Misconception(
                "no log-sum-exp",
                lambda Y: Y - Y.max(axis=1, keepdims=True),
                "this is y - max y, the shifted logits; the log of the sum "
                "log Σⱼ exp(yⱼ - m) must be subtracted too (it is 0 only when one "
                f"logit dominates) {see(S_STABLE)}.",
            ),
        ),
    )
)


# Exercise 4.6: a prediction: one logit grows ----------------------------------

register(
    ChoiceExercise(
        id="4.6",
        title="What happens to a sample's loss when a wrong class's logit grows",
        signature="logit_grows",
        hints=(
            "Write the sample's loss as -log p₁ = -y₁ + log Σⱼ exp yⱼ.",
            "When y₂ is much larger than the other logits, what is log Σⱼ exp yⱼ close "
            "to?",
        ),
        reference="b",
        options={
            "a": "the loss falls towards 0",
            "b": "the loss grows without bound, in the end by about 1 per unit of y₂",
            "c": "the loss grows but stays below log K",
            "d": "the loss does not change, since y₂ is not the true class's logit",
        },
        explanation=(
            "-log p₁ = -y₁ + log Σⱼ exp yⱼ; once y₂ dominates, log Σⱼ exp yⱼ ≈ y₂, "
            "so the loss is about y₂ - y₁, and its slope ∂ℓ/∂y₂ = p₂ tends to 1."
        ),
        misconceptions=(
            Misconception(
                "a",
                "a",
                "a growing y₂ takes probability from class 1, the true class: p₁ "
                f"falls and -log p₁ rises {see(S_GRAD_Z)}.",
            ),
            Misconception(
                "c",
                "c",
                "log K is the loss of uniform probabilities; as p₁ → 0, -log p₁ "
                f"has no upper bound {see(S_GRAD_Z)}.",
            ),
            Misconception(
                "d",
                "d",
                "every logit enters p₁ through the softmax's denominator "
                f"Σⱼ exp yⱼ, so y₂ changes p₁ {see(S_SOFTMAX)}.",
            ),
        ),
    )
)


# Exercise 4.7: the gradient with respect to the logits ------------------------


def grad_logits_solution(Y, T):
    return (softmax(Y) - T) / len(Y)


def _z_case(seed: int, n: int, K: int, scale: float = 2.0):
    rng = _rng(seed)
    return (scale * rng.standard_normal((n, K)), one_hot(rng.integers(0, K, n), K))


LOGIT_CASES = (
    (np.zeros((3, 3)), one_hot(np.array([0, 1, 2]), 3)),
    (np.array([[2.0, -1.0]]), one_hot(np.array([1]), 2)),  # a single sample
    _z_case(51, 4, 3),
    _z_case(52, 6, 2),
    _z_case(53, 5, 4, 8.0),  # large logits: nearly certain probabilities
    (np.array([[20.0, 0.0, -20.0], [0.0, 0.0, 0.0]]), one_hot(np.array([2, 0]), 3)),
    # Beyond 709, exp overflows: a softmax without the shift gives nan.
    (
        np.array([[800.0, 0.0, -5.0], [-3.0, 720.0, 1.0]]),
        one_hot(np.array([0, 2]), 3),
    ),
)

OVERFLOW_HINT = (
    "exp(y) overflows to inf for logits above about 709: compute the "
    "probabilities with a softmax that subtracts each row's largest logit first "
    f"(the helpers' softmax does) {see(S_STABLE)}"
)


def _grad_logits_expected(Y, T):
    return numerical_gradient(lambda V: cross_entropy(V, T), Y)


def _softmax_columns(Y):
    E = np.exp(Y - Y.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


register(
    FunctionExercise(
        id="4.7",
        title="The gradient of the mean cross-entropy with respect to the logits Y",
        signature="grad_logits(Y, T)",
        hints=(
            "For one sample, the gradient of -log p_y with respect to its logits is p - "
            "t: the probabilities minus the one-hot target.",
            "L is the mean over the N samples, so every row gets a factor 1/N; compute "
            "the probabilities with a softmax that cannot overflow (the helpers' "
            "softmax).",
        ),
        reference=grad_logits_solution,
        cases=LOGIT_CASES,
        expected=_grad_logits_expected,
        describe=lambda Y, T: _describe_matrix("Y", Y),
        like="Y",
        tiny=1e-3,  # entries below 1e-3 are held to 1e-9: round-off of the differences
        warning_hints={"overflow encountered in exp": OVERFLOW_HINT},
        misconceptions=(
            Misconception(
                "no 1/N",
                lambda Y, T: softmax(Y) - T,
                "this is the gradient of the summed loss: the mean divides every "
                f"sample's term by N, and so its gradient {see(S_GRAD_Z)}.",
            ),
            Misconception(
                "sign",
                lambda Y, T: (T - softmax(Y)) / len(Y),
                "the sign is flipped: raising the true class's logit lowers the "
                f"loss, so that entry of the gradient is negative, P - T {see(S_GRAD_Z)}.",
            ),
            Misconception(
                "P without T",
                lambda Y, T: softmax(Y) / len(Y),
                "the -T is missing: it comes from the -y of the true class in "
                f"-log p = -y + log Σ exp y {see(S_GRAD_Z)}.",
            ),
            Misconception(
                "softmax down the columns",
                lambda Y, T: (_softmax_columns(Y) - T) / len(Y),
                "the softmax runs over axis 0, across samples: each row of Y is "
                f"one sample, so normalise along axis=1 {see(S_SOFTMAX)}.",
            ),
            Misconception(
                "divided by N·K",
                lambda Y, T: (softmax(Y) - T) / Y.size,
                f"divided by N·K: the mean is over the N samples only {see(S_GRAD_Z)}.",
            ),
        ),
    )
)


# Exercise 4.8: the gradients with respect to W and b --------------------------


def _model_loss(X, T, W, b) -> float:
    return cross_entropy(X @ W.T + b, T)


def grads_W_b_solution(X, T, W, b):
    grad_Y = (softmax(X @ W.T + b) - T) / len(X)
    return grad_Y.T @ X, grad_Y.sum(axis=0)


def _layer_case(seed: int, n: int, D: int, K: int, scale: float = 1.0):
    rng = _rng(seed)
    return (
        rng.standard_normal((n, D)) * 1.5,
        one_hot(rng.integers(0, K, n), K),
        rng.standard_normal((K, D)) * scale,
        rng.standard_normal(K),
    )


WB_CASES = (
    (
        np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, -2.0], [2.5, 1.0]]),
        one_hot(np.array([0, 1, 2, 0]), 3),
        np.zeros((3, 2)),
        np.zeros(3),
    ),
    _layer_case(61, 1, 2, 3),  # a single sample
    _layer_case(62, 8, 2, 3),
    _layer_case(63, 5, 3, 4, 2.0),
    _layer_case(64, 6, 5, 2),
    _layer_case(65, 7, 4, 3, 0.5),
    _layer_case(66, 5, 2, 3, 400.0),  # logits in the hundreds and beyond 709
)


def _grads_expected(X, T, W, b):
    grads = numerical_gradient(
        lambda p: _model_loss(X, T, p["W"], p["b"]), {"W": W, "b": b}
    )
    return grads["W"], grads["b"]


def _describe_wb_case(X, T, W, b) -> str:
    return (
        f"X of shape {X.shape}, K = {T.shape[1]}, labels "
        f"{_describe_labels(T.argmax(axis=1))}, W[0, 0] = {W[0, 0]:.2f}"
    )


def _scaled(grad_w_factor, grad_b_factor):
    def wrong(X, T, W, b):
        grad_W, grad_b = grads_W_b_solution(X, T, W, b)
        return grad_w_factor(X) * grad_W, grad_b_factor(X) * grad_b

    return wrong


register(
    FunctionExercise(
        id="4.8",
        title="The gradients of the mean cross-entropy with respect to W and b",
        signature="grads_W_b(X, T, W, b)",
        hints=(
            "Chain rule through the linear layer Y = XWᵀ + 1bᵀ: start from ∇_Y L, the "
            "answer of Exercise 4.7.",
            "∇_W L has W's shape (K, D): which product of ∇_Y L (N × K) and X (N × D) "
            "has it? b is added to every row, so its gradient collects ∇_Y L over the "
            "samples.",
        ),
        reference=grads_W_b_solution,
        cases=WB_CASES,
        expected=_grads_expected,
        describe=_describe_wb_case,
        labels=("grad_W", "grad_b"),
        like=("W", "b"),
        # An absolute floor of 1e-6 (tiny × rtol) for entries near 0: the case with
        # logits in the hundreds has a loss near 470, whose central differences
        # carry round-off of about eps·|L|/h ≈ 1e-8 that differs from one CPU and
        # BLAS to the next; a right formula must pass everywhere with a wide margin.
        tiny=1.0,
        warning_hints={"overflow encountered in exp": OVERFLOW_HINT},
        misconceptions=(
            Misconception(
                "no 1/N",
                _scaled(len, len),
                "both gradients are N times too large: ∇_Y L = (P - T) / N carries "
                f"the mean's 1/N {see(S_GRAD_WB)}.",
            ),
            Misconception(
                "bias averaged twice",
                _scaled(lambda X: 1.0, lambda X: 1.0 / len(X)),
                "grad_b is divided by N twice: ∇_Y L already holds the 1/N, so sum "
                f"its rows (.sum(axis=0)), do not average them {see(S_GRAD_WB)}.",
            ),
            Misconception(
                "sign",
                _scaled(lambda X: -1.0, lambda X: -1.0),
                "the signs are flipped: the gradient with respect to the logits "
                f"is (P - T) / N, not (T - P) / N {see(S_GRAD_Z)}.",
            ),
        ),
    )
)


# Exercise 4.9: reading the loss curve --------------------------------------

register(
    ChoiceExercise(
        id="4.9",
        title="What training does while the loss falls and the accuracy stays put",
        signature="late_training",
        hints=(
            "The accuracy only asks which class has the largest probability; the loss "
            "asks how large the true class's probability is.",
            "Compare the length of W, np.linalg.norm, at the recorded steps 25 and 200, "
            "and the mean probability the model gives to the true classes.",
        ),
        reference="b",
        options={
            "a": "it is moving the decision boundaries a long way, and the accuracy "
            "will catch up with the loss later",
            "b": "it makes the classifier more confident where it is already right: the "
            "weights, and with them the logits, keep growing",
            "c": "the learning rate is too large: descent oscillates around the "
            "minimum, and the loss falls only slowly",
            "d": "the loss is computed wrongly: a loss that keeps falling must come "
            "with an accuracy that keeps rising",
        },
        explanation=(
            "From step 25 to 200 the length of W more than doubles and the mean "
            "probability of the true class rises from about 0.76 to 0.90, while the "
            "class with the largest probability changes for a single point."
        ),
        misconceptions=(
            Misconception(
                "a",
                "a",
                "the boundaries hardly move after the first steps (watch the regions "
                "in the figure below); a falling loss can also come from larger "
                f"probabilities of classes already predicted {see(S_TRAIN)}.",
            ),
            Misconception(
                "c",
                "c",
                "a learning rate that is too large makes the loss jump or grow; this "
                f"curve falls smoothly at every step {see(S_TRAIN)}.",
            ),
            Misconception(
                "d",
                "d",
                "the accuracy only counts which class is largest, the loss also how "
                "sure the model is: the loss can fall while the predicted classes stay "
                f"the same {see(S_CE)}.",
            ),
        ),
    )
)


# Exercise 4.10: debugging the class probabilities -----------------------------


# The code the notebook gives, planted mistake and all (the tests check that
# the notebook shows this very code).
def predict_proba(X, W, b):
    Y = X @ W.T + b  # logits, one row per sample
    Y = Y - Y.max(axis=1, keepdims=True)  # no overflow
    E = np.exp(Y)
    return E / E.sum(axis=0, keepdims=True)  # softmax


def predict_proba_solution(X, W, b):
    Y = X @ W.T + b
    Y = Y - Y.max(axis=1, keepdims=True)
    E = np.exp(Y)
    return E / E.sum(axis=1, keepdims=True)


PROBA_CASES = (
    _layer_case(71, 1, 2, 3)[::2] + (np.zeros(3),),  # one sample: axis 0 gives 1s
    (np.zeros((4, 2)), np.zeros((3, 2)), np.zeros(3)),
    tuple(_layer_case(72, 5, 2, 3)[i] for i in (0, 2, 3)),
    tuple(_layer_case(73, 6, 3, 4, 3.0)[i] for i in (0, 2, 3)),
    (np.array([[3.0, -1.0], [0.5, 2.0]]), 400.0 * np.eye(2), np.zeros(2)),
    tuple(_layer_case(74, 8, 2, 2)[i] for i in (0, 2, 3)),
    # Rows on very different scales: logits up to 1200 in one row and below 1 in
    # the other, so a shift by the whole matrix's max underflows the second row.
    (np.array([[3.0, -1.0], [0.002, 0.001]]), 400.0 * np.eye(2), np.zeros(2)),
)


def _describe_proba_case(X, W, b) -> str:
    return (
        f"X of shape {X.shape}, W of shape {W.shape}, W[0, 0] = {W[0, 0]:.2f}, "
        f"last row of X {describe_vector(X[-1])}"
    )


def _no_normalisation(X, W, b):
    Y = X @ W.T + b
    return np.exp(Y - Y.max(axis=1, keepdims=True))


def _one_shift(X, W, b):
    Y = X @ W.T + b
    E = np.exp(Y - Y.max())
    return E / E.sum(axis=1, keepdims=True)


def _whole_sum(X, W, b):
    Y = X @ W.T + b
    E = np.exp(Y - Y.max(axis=1, keepdims=True))
    return E / E.sum()


register(
    DebugExercise(
        id="4.10",
        title="Find and fix the mistake in the class probabilities",
        signature="predict_proba(X, W, b)",
        hints=(
            "Run predict_proba on a few samples: what must every row of probabilities "
            "satisfy? Test each property.",
            "Over which axis does the normalising sum run? A sample's probabilities are "
            "a row.",
            "Keep the shift by each row's own largest logit: one shift for the whole "
            "matrix fails when the rows have very different scales.",
        ),
        reference=predict_proba_solution,
        given=predict_proba,
        bug=(
            "the probabilities of a sample do not add up to 1: the normalising sum "
            f"runs over the wrong axis {see(S_SOFTMAX)}"
        ),
        cases=PROBA_CASES,
        expected=lambda X, W, b: softmax(X @ W.T + b),
        describe=_describe_proba_case,
        source="softmax(X Wᵀ + b)",
        warning_hints={
            "overflow encountered in exp": (
                "exp overflows to inf for logits above about 709: keep the shift "
                f"by each row's largest logit {see(S_STABLE)}"
            ),
        },
        misconceptions=(
            Misconception(
                "both axes 0",
                lambda X, W, b: _softmax_columns(X @ W.T + b),
                "both the max and the sum now run over axis 0, down the columns; "
                "a sample's logits are a row of Y, so both need axis=1 "
                f"{see(S_SOFTMAX)}.",
            ),
            Misconception(
                "no normalisation",
                _no_normalisation,
                "the exponentials are not divided by their sum over the classes, "
                f"so a row does not add up to 1 {see(S_SOFTMAX)}.",
            ),
            Misconception(
                "divided by the sum of the whole matrix",
                _whole_sum,
                "the exponentials are divided by the sum of the whole matrix, so all "
                "the rows together add up to 1; each row must add up to 1: its sum "
                f"over the classes, with axis=1 and keepdims=True {see(S_SOFTMAX)}.",
            ),
            Misconception(
                "one shift for the whole matrix",
                _one_shift,
                "the rows now add up to 1, but the shift subtracts the largest logit "
                "of the whole matrix: a row far below it underflows to exp(...) = 0 "
                "everywhere and gives 0/0 = nan; keep each row's own max, "
                f"Y.max(axis=1, keepdims=True) {see(S_STABLE)}.",
            ),
        ),
    )
)

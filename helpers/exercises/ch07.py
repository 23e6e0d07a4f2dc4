"""Chapter 7, checking gradients in practice: the exercises, declared as data.

Every expected value comes from the mathematics: the formula the exercise defines, a
central difference computed by :mod:`helpers.numeric`, or a count or probability
worked out from first principles (an enumeration of the sign patterns, the number of
halvings). The cases start at the edges the chapter teaches: exact zeros, opposite
signs, numbers far below and far above 1, and matrices as well as vectors.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from ..checks.backprop import network_nodes
from ..checks.verdict import relative_error
from ..ml import sigmoid
from ..numeric import central_difference, numerical_gradient
from .base import Misconception
from .cases import describe_vector, see
from .kinds import ChoiceExercise, DebugExercise, FunctionExercise, ValueExercise
from .registry import register

S_STEP = "The best step"
S_SINGLE = "Single precision"
S_RELATIVE = "Relative error with a floor"
S_KINKS = "Kinks: ReLU, max and absolute value"
S_PROBES = "Random probes: directional derivatives at work"
S_BISECTION = "Finding the wrong entry by bisection"
S_DEBUG = "Debugging a backward pass"


# Exercise 7.1: a step for a fast-changing function ------------------------------

FAST_POINT = 0.71
"""Where the exercise differentiates sin(1000x): |cos(710)| is 1 to eight digits."""

register(
    ChoiceExercise(
        id="7.1",
        title="A step for f(x) = sin(1000x)",
        signature="step_choice",
        hints=(
            "The best step balances the truncation error, h²|f'''|/6, against the "
            "round-off error, ε|f|/h.",
            "For sin(1000x), |f| is at most 1 as for sin x, but |f'''| is up to 10⁹ "
            "times larger. How does (3ε|f|/|f'''|)^(1/3) change?",
        ),
        reference="b",
        options={
            "a": "keep h = 1e-5: it is the best step for every function",
            "b": "h near 1e-8: |f'''| is up to 10⁹ times larger than for sin x, so the "
            "best step is about 1000 times smaller",
            "c": "h near 1e-2: a larger step averages out the round-off",
            "d": "h near 1e-16: the smaller the step, the closer to the limit",
        },
        explanation=(
            "The best step (3ε|f|/|f'''|)^(1/3) scales with the cube root of "
            "|f|/|f'''|: with |f| up to 1 and |f'''| up to 10⁹ it is about 9e-9, a "
            "thousand times smaller than for sin x. At h = 1e-8 the central difference "
            "is well within 1e-7 of the derivative."
        ),
        misconceptions=(
            Misconception(
                "a",
                "a",
                "at h = 1e-5 the truncation error of sin(1000x) is (1000h)²/6 ≈ 1.7e-5 "
                "of the derivative, at every x: 170 times more than the 1e-7 asked for "
                f"{see(S_STEP)}.",
            ),
            Misconception(
                "c",
                "c",
                "with h = 1e-2, sin(1000x) turns through 1000 · 2h = 20 radians "
                "between x - h and x + h, more than three full turns: the quotient has "
                "nothing to do with the slope at x (its relative error is about 1) "
                f"{see(S_STEP)}.",
            ),
            Misconception(
                "d",
                "d",
                "1e-16 is below the spacing of float64 numbers near 0.71 (about "
                "1.1e-16): x + h and x - h round to x or a neighbour, and the quotient "
                f"is round-off, off by about 10 percent {see(S_STEP)}.",
            ),
        ),
    )
)


# Exercise 7.2: a relative error with a floor -------------------------------------


def relative_error_floor_solution(a, n, floor):
    a, n = np.asarray(a, dtype=float), np.asarray(n, dtype=float)
    return np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), floor)


def describe_pair(a, n, floor) -> str:
    if np.ndim(a) == 0:
        return f"a = {a:g}, n = {n:g}, floor = {floor:g}"
    return f"a = {describe_vector(a)}, n = {describe_vector(n)}, floor = {floor:g}"


PAIR_CASES = (
    (1.0, 1.0, 1e-8),
    (2.0, -2.0, 1e-8),  # opposite signs
    (0.0, 0.0, 1e-8),  # both exactly 0: the floor keeps it from 0/0
    (0.0, 3e-12, 1e-8),  # round-off around a true 0
    (0.0, 5.0, 1e-8),  # 0 on one side only
    (1e8, 1e8 + 2.0, 1e-8),  # large numbers
    (1e-20, 2e-20, 1e-30),  # tiny numbers above a tinier floor
    (0.5, 0.4999, 1.0),  # the floor above |a| + |n|
    (-3.0, -2.9, 1e-8),
    (np.array([1.0, -2.0, 0.0, 3e-12]), np.array([1.1, 2.0, 0.0, 0.0]), 1e-8),
    (
        np.array([[0.25, -1.5, 4.0], [1e-3, 0.0, -7.0]]),
        np.array([[0.26, -1.5, -4.0], [2e-3, 1e-13, -7.5]]),
        1e-10,
    ),
)

register(
    FunctionExercise(
        id="7.2",
        title="A relative error with a floor",
        signature="relative_error_floor(a, n, floor)",
        hints=(
            "The numerator is the size of the difference; the denominator is the sum "
            "of the two sizes, unless that sum is below the floor.",
            "Use numpy functions that act entry by entry (np.abs, and np.maximum for "
            "the larger of two arrays or numbers), so that arrays and numbers both work.",
        ),
        reference=relative_error_floor_solution,
        cases=PAIR_CASES,
        expected=lambda a, n, floor: relative_error(a, n, floor),
        describe=describe_pair,
        source="the formula",
        tiny=1e-14,  # the answers go down to 1e-12: compare them relatively
        misconceptions=(
            Misconception(
                "no floor",
                lambda a, n, floor: np.abs(np.subtract(a, n)) / (np.abs(a) + np.abs(n)),
                "without the floor, two values that are both 0 give 0/0 (nan) and two "
                "round-off values near a true 0 look completely different: divide by "
                f"max(|a| + |n|, floor) {see(S_RELATIVE)}.",
            ),
            Misconception(
                "floor added",
                lambda a, n, floor: (
                    np.abs(np.subtract(a, n)) / (np.abs(a) + np.abs(n) + floor)
                ),
                "the floor is added to |a| + |n|; it should replace the sum only where "
                f"the sum is smaller: max(|a| + |n|, floor) {see(S_RELATIVE)}.",
            ),
            Misconception(
                "absolute error",
                lambda a, n, floor: np.abs(np.subtract(a, n)),
                "this is the absolute error |a - n|; divide it by max(|a| + |n|, floor) "
                f"so that it does not depend on the scale {see(S_RELATIVE)}.",
            ),
            Misconception(
                "relative to a only",
                lambda a, n, floor: (
                    np.abs(np.subtract(a, n)) / np.maximum(np.abs(a), floor)
                ),
                "the denominator uses |a| alone; the book's relative error treats both "
                f"numbers alike: |a| + |n| {see(S_RELATIVE)}.",
            ),
            Misconception(
                "the larger of the two",
                lambda a, n, floor: (
                    np.abs(np.subtract(a, n))
                    / np.maximum(np.maximum(np.abs(a), np.abs(n)), floor)
                ),
                "the denominator is the larger of |a| and |n|; the relative error of "
                f"the book divides by their sum, |a| + |n| {see(S_RELATIVE)}.",
            ),
            Misconception(
                "no absolute value",
                lambda a, n, floor: (
                    np.subtract(a, n) / np.maximum(np.abs(a) + np.abs(n), floor)
                ),
                "the result can be negative: take the absolute value of a - n "
                f"{see(S_RELATIVE)}.",
            ),
        ),
    )
)


# Exercise 7.3: a central difference beside a kink --------------------------------

KINK_POINT, KINK_STEP = -2e-6, 1e-5

register(
    ValueExercise(
        id="7.3",
        title="The central difference of |z| just beside its kink",
        signature="abs_slope",
        hints=(
            "z0 - h and z0 + h lie on different sides of 0: write |z0 + h| and "
            "|z0 - h| without absolute values, minding the signs.",
            "Put them into (|z0 + h| - |z0 - h|) / (2h); the result is a weighted "
            "average of the slopes -1 and 1, weighted by how much of the interval lies "
            "on each side.",
        ),
        reference=-0.2,
        expected=lambda: float(numerical_gradient(abs, KINK_POINT, h=KINK_STEP)),
        source="the central difference",
        misconceptions=(
            Misconception(
                "plain average",
                0.0,
                "the plain average of the slopes is what a central difference returns "
                "at the kink itself; z0 is not at the kink, so weigh each slope by the "
                f"part of [z0 - h, z0 + h] on its side {see(S_KINKS)}.",
            ),
            Misconception(
                "left slope",
                -1.0,
                "-1 is the slope left of the kink; the interval [z0 - h, z0 + h] reaches "
                f"across it, so the difference mixes both slopes {see(S_KINKS)}.",
            ),
            Misconception(
                "right slope",
                1.0,
                "1 is the slope right of the kink; the interval [z0 - h, z0 + h] reaches "
                f"across it, so the difference mixes both slopes {see(S_KINKS)}.",
            ),
            Misconception(
                "ReLU's weight",
                0.4,
                "this is the share of the interval right of the kink, what ReLU (slopes "
                f"0 and 1) would give; |z| has slopes -1 and 1 {see(S_KINKS)}.",
            ),
        ),
    )
)


# Exercise 7.4: a failure at two entries of a ReLU network -------------------------

register(
    ChoiceExercise(
        id="7.4",
        title="A full check of a ReLU network fails at two entries",
        signature="two_entries",
        hints=(
            "Which entries fail, and what do they have in common? A wrong formula in "
            "the backward pass seldom spoils two entries of one unit and nothing else.",
            "What does a central difference return when the interval [z - h, z + h] "
            "reaches across a kink?",
        ),
        reference="b",
        options={
            "a": "fix the backward pass: use Z >= 0 instead of Z > 0 for ReLU's "
            "derivative",
            "b": "look for pre-activations of unit 7 within reach of the kink, "
            "|Z[i, 7]| < h max(1, max_k |X[i, k]|); if there is one, move the point and "
            "check again",
            "c": "shrink the step to h = 1e-12, so that no central difference straddles "
            "the kink",
            "d": "raise the tolerance to 0.5, so that the two entries pass",
        },
        explanation=(
            "Two entries of one unit, and nothing downstream, is the signature of a "
            "pre-activation within a step of the kink: the central difference averages "
            "the two slopes there while the backward pass uses one. Count such "
            "pre-activations, move the point so that none is left, and check again."
        ),
        misconceptions=(
            Misconception(
                "a",
                "a",
                "Z >= 0 and Z > 0 differ only where some pre-activation is exactly 0, "
                "which random weights make vanishingly rare; a failure at two entries "
                f"of one unit points to a kink within a step {see(S_KINKS)}.",
            ),
            Misconception(
                "c",
                "c",
                "at h = 1e-12 round-off swamps every estimate (ε|L|/h is a few "
                "thousandths on the chapter's network), and gradient_check's allowance "
                "for round-off grows like 1/h: there it passes even an entry wrong by "
                f"0.1 {see(S_KINKS)}.",
            ),
            Misconception(
                "d",
                "d",
                "a tolerance of 0.5 would also pass a gradient twice too large (its "
                "relative error is 1/3) and hide real mistakes everywhere "
                f"{see(S_KINKS)}.",
            ),
        ),
    )
)


# Exercise 7.5: the discrepancy along a probe -------------------------------------


def probe_discrepancy_solution(f, g, w, s, t):
    along = (f(w + t * s) - f(w - t * s)) / (2 * t)
    return along - np.sum(g * s)


def log_cosh(w):
    return np.sum(np.log(np.cosh(w)))


def bowl(w):
    return np.sum(w**2) + np.sum(w) ** 2 / 3


def wavy(W):
    return np.sum(np.sin(W)) + np.sum(W**3) / 6


def _signs(seed: int, shape: tuple[int, ...]) -> np.ndarray:
    return np.random.default_rng(seed).choice([-1.0, 1.0], size=shape)


def _point(seed: int, shape: tuple[int, ...]) -> np.ndarray:
    return np.round(np.random.default_rng(seed).normal(size=shape), 2)


PROBE_CASES = (
    (log_cosh, np.tanh(_point(1, (4,))), _point(1, (4,)), _signs(2, (4,)), 0.5),
    (log_cosh, np.zeros(3), np.zeros(3), np.array([1.0, -1.0, 1.0]), 0.1),
    (bowl, _point(3, (5,)), _point(4, (5,)), _signs(5, (5,)), 0.25),
    (bowl, np.zeros(1), np.array([1.5]), np.array([-1.0]), 1.0),  # one parameter
    (wavy, _point(6, (2, 3)), _point(7, (2, 3)), _signs(8, (2, 3)), 0.3),
    (wavy, np.cos(_point(9, (3, 2))), _point(9, (3, 2)), _signs(10, (3, 2)), 0.01),
    (wavy, _point(11, (3, 3)), _point(12, (3, 3)), _signs(13, (3, 3)), 0.4),
)


def describe_probe_case(f, g, w, s, t) -> str:
    return f"f = {f.__name__}, w of shape {np.shape(w)}, t = {t:g}"


def _expected_discrepancy(f, g, w, s, t):
    return central_difference(lambda a: f(w + a * s), t) - float(np.sum(g * s))


register(
    FunctionExercise(
        id="7.5",
        title="The discrepancy of a gradient along a random probe",
        signature="probe_discrepancy(f, g, w, s, t)",
        hints=(
            "Two evaluations of f, at w moved by t·s forwards and backwards; the two "
            "points are 2t apart along s.",
            "g · s adds up g_k s_k over every entry; for matrices, g @ s is a matrix "
            "product, not that sum.",
        ),
        reference=probe_discrepancy_solution,
        cases=PROBE_CASES,
        expected=_expected_discrepancy,
        describe=describe_probe_case,
        source="the central difference along s minus g · s",
        misconceptions=(
            Misconception(
                "missing factor 2",
                lambda f, g, w, s, t: (f(w + t * s) - f(w - t * s)) / t - np.sum(g * s),
                "the points w + t·s and w - t·s are 2t apart: divide their difference "
                f"by 2t {see(S_PROBES)}.",
            ),
            Misconception(
                "forward difference",
                lambda f, g, w, s, t: (f(w + t * s) - f(w)) / t - np.sum(g * s),
                "this is the forward difference along s; the check uses the central "
                f"one, (f(w + t·s) - f(w - t·s)) / (2t) {see(S_PROBES)}.",
            ),
            Misconception(
                "sign",
                lambda f, g, w, s, t: (
                    np.sum(g * s) - (f(w + t * s) - f(w - t * s)) / (2 * t)
                ),
                "the sign is flipped: the central difference minus g · s, not the "
                f"other way round {see(S_PROBES)}.",
            ),
            Misconception(
                "the step left out of the points",
                lambda f, g, w, s, t: (f(w + s) - f(w - s)) / (2 * t) - np.sum(g * s),
                "the points are w ± s; they should be w ± t·s, the probe scaled by the "
                f"step {see(S_PROBES)}.",
            ),
            Misconception(
                "sum along one axis",
                lambda f, g, w, s, t: (
                    (f(w + t * s) - f(w - t * s)) / (2 * t) - np.sum(g * s, axis=0)
                ),
                "g · s sums g_k s_k over every entry, of a matrix too: np.sum(g * s) "
                f"with no axis {see(S_PROBES)}.",
            ),
            Misconception(
                "unit probe",
                lambda f, g, w, s, t: (
                    ((f(w + t * s) - f(w - t * s)) / (2 * t) - np.sum(g * s))
                    / np.sqrt(np.size(s))
                ),
                "this is the discrepancy along the unit vector s/‖s‖; the check "
                f"compares along s itself, of length √P {see(S_PROBES)}.",
            ),
        ),
    )
)


# Exercise 7.6: the chance that two probes miss -------------------------------------

ERROR_SIGNS = (1.0, 1.0, -1.0, -1.0)
"""The errors of the exercise in units of δ: +δ, +δ, -δ, -δ."""


def _miss_probability(errors, probes: int) -> float:
    """Enumerate every sign pattern: the chance that e · s = 0, to the power probes."""
    patterns = list(itertools.product((-1.0, 1.0), repeat=len(errors)))
    misses = sum(1 for s in patterns if np.dot(errors, s) == 0.0)
    return (misses / len(patterns)) ** probes


register(
    ValueExercise(
        id="7.6",
        title="The chance that two random sign probes miss four equal errors",
        signature="miss_both",
        hints=(
            "One probe misses when e · s = δ(s₁ + s₂ - s₃ - s₄) = 0: count the sign "
            "patterns (s₁, s₂, s₃, s₄), 16 in all, for which that happens.",
            "The probes are independent: the chance that both miss is the product of "
            "their chances.",
        ),
        reference=9 / 64,
        expected=lambda: _miss_probability(ERROR_SIGNS, 2),
        source="the probability",
        misconceptions=(
            Misconception(
                "one probe",
                _miss_probability(ERROR_SIGNS, 1),
                "that is the chance that one probe misses; both must miss, and they "
                f"are independent {see(S_PROBES)}.",
            ),
            Misconception(
                "halves",
                0.25,
                "one probe misses with the chance that s₁ + s₂ = s₃ + s₄, which is not "
                f"1/2: count the 16 sign patterns {see(S_PROBES)}.",
            ),
            Misconception(
                "never misses",
                0.0,
                "a single wrong entry is never cancelled, but four can be: e · s = 0 "
                f"whenever s₁ + s₂ = s₃ + s₄ {see(S_PROBES)}.",
            ),
            Misconception(
                "at least one catches",
                1 - _miss_probability(ERROR_SIGNS, 2),
                "this is the chance that at least one probe catches the mistake; the "
                f"question asks for the chance that both miss it {see(S_PROBES)}.",
            ),
        ),
    )
)


# Exercise 7.7: the cost of bisection -----------------------------------------------

BISECTION_SIZE = 4096

register(
    ValueExercise(
        id="7.7",
        title="The evaluations of bisection for P = 4096",
        signature="bisection_evaluations",
        hints=(
            "How many times must a block of 4096 entries be halved to leave one entry?",
            "Each round estimates the discrepancy of both halves, each by a central "
            "difference.",
        ),
        reference=48,
        expected=lambda: 4 * math.ceil(math.log2(BISECTION_SIZE)),
        source="four evaluations per halving",
        rtol=1e-9,  # a count: exactly right or wrong
        misconceptions=(
            Misconception(
                "one half per round",
                2 * math.ceil(math.log2(BISECTION_SIZE)),
                "find_wrong_entry estimates both halves in every round, two "
                f"evaluations each {see(S_BISECTION)}.",
            ),
            Misconception(
                "one evaluation per round",
                math.ceil(math.log2(BISECTION_SIZE)),
                "that is the number of rounds; each round evaluates the loss four "
                f"times {see(S_BISECTION)}.",
            ),
            Misconception(
                "a full check",
                2 * BISECTION_SIZE,
                "that is the cost of a full check, two evaluations per entry; "
                f"bisection halves the block in every round {see(S_BISECTION)}.",
            ),
            Misconception(
                "a million parameters",
                4 * math.ceil(math.log2(10**6)),
                "that is the count for a million parameters, 20 rounds; how many "
                f"halvings does a block of 4096 entries need? {see(S_BISECTION)}",
            ),
            Misconception(
                "gradient_check's total",
                1 + 2 + 4 * math.ceil(math.log2(BISECTION_SIZE)) + 2,
                "this counts the evaluations of gradient_check around the bisection "
                "(the loss at the point, the probe, the confirmation); count only the "
                f"bisection's {see(S_BISECTION)}.",
            ),
        ),
    )
)


# Exercise 7.8: a planted mistake in a batch backward pass ------------------------

NODES = ("y", "h", "z", "W2", "b2", "W1", "b1")
"""The nodes in the order the backward pass reaches them."""
GRAD_LABELS = {k: f"grad_{k}" for k in NODES}
NODE_SHAPES = {k: k for k in NODES}


# The code the notebook gives, planted mistake and all (the tests check that
# the notebook shows this very code).
def backward_batch(params, X, T):
    Z = X @ params["W1"].T + params["b1"]
    H = sigmoid(Z)
    Y = H @ params["W2"].T + params["b2"]
    grad_Y = 2 * (Y - T) / len(X)
    grad_H = grad_Y @ params["W2"]
    grad_Z = grad_H * H * (1 - H)
    return {
        "y": grad_Y,
        "h": grad_H,
        "z": grad_Z,
        "W2": grad_Y.T @ Z,
        "b2": grad_Y.sum(axis=0),
        "W1": grad_Z.T @ X,
        "b1": grad_Z.sum(axis=0),
    }


def backward_batch_solution(params, X, T):
    Z = X @ params["W1"].T + params["b1"]
    H = sigmoid(Z)
    Y = H @ params["W2"].T + params["b2"]
    grad_Y = 2 * (Y - T) / len(X)
    grad_H = grad_Y @ params["W2"]
    grad_Z = grad_H * H * (1 - H)
    return {
        "y": grad_Y,
        "h": grad_H,
        "z": grad_Z,
        "W2": grad_Y.T @ H,
        "b2": grad_Y.sum(axis=0),
        "W1": grad_Z.T @ X,
        "b1": grad_Z.sum(axis=0),
    }


def _batch_case(N: int, D: int, H: int, M: int, seed: int) -> tuple:
    rng = np.random.default_rng(seed)
    params = {
        "W1": np.round(rng.standard_normal((H, D)), 2),
        "b1": np.round(rng.standard_normal(H), 2),
        "W2": np.round(rng.standard_normal((M, H)), 2),
        "b2": np.round(rng.standard_normal(M), 2),
    }
    X = np.round(rng.standard_normal((N, D)), 2)
    T = np.round(rng.standard_normal((N, M)), 2)
    return params, X, T


BATCH_CASES = (
    _batch_case(5, 3, 4, 2, seed=71),
    _batch_case(1, 2, 3, 1, seed=72),  # one example, one output
    _batch_case(6, 4, 2, 3, seed=73),
    _batch_case(4, 1, 5, 2, seed=74),  # a single input feature
)


def _node_gradients(params, X, T):
    nodes = network_nodes(params, X, T)
    return {name: numerical_gradient(fn, value) for name, (value, fn) in nodes.items()}


def describe_batch_case(params, X, T) -> str:
    H, D = np.shape(params["W1"])
    M = np.shape(params["W2"])[0]
    return f"a batch of N = {len(X)} (D = {D}, H = {H}, M = {M})"


def _with_W2(change):
    def backward_batch(params, X, T):
        grads = backward_batch_solution(params, X, T)
        Z = X @ params["W1"].T + params["b1"]
        return {**grads, "W2": change(grads, sigmoid(Z), X)}

    return backward_batch


register(
    DebugExercise(
        id="7.8",
        title="Find and fix the mistake in a batch backward pass",
        signature="backward_batch(params, X, T)",
        hints=(
            "Run backprop_check(backward_batch(start, X, T), network_nodes(start, X, "
            "T)): which node is the first wrong one?",
            "The gradient of a weight matrix is (the gradient at its layer's output)ᵀ "
            "times the layer's input. What is the input of the second layer?",
        ),
        reference=backward_batch_solution,
        given=backward_batch,
        bug=(
            "grad_W2, the first wrong node, does not multiply grad_Y by the input of "
            f"the second layer {see(S_DEBUG)}"
        ),
        cases=BATCH_CASES,
        expected=_node_gradients,
        describe=describe_batch_case,
        labels=GRAD_LABELS,
        like=NODE_SHAPES,
        ordered=True,
        misconceptions=(
            Misconception(
                "transposed",
                _with_W2(lambda grads, H, X: H.T @ grads["y"]),
                "grad_W2 = Hᵀ ∇_Y L has W2's transposed shape: ∇_W⁽²⁾ L = (∇_Y L)ᵀ H "
                f"{see(S_DEBUG)}.",
            ),
            Misconception(
                "the first layer's input",
                _with_W2(lambda grads, H, X: grads["y"].T @ X),
                "X is the input of the first layer; the second layer's input is the "
                f"hidden layer H {see(S_DEBUG)}.",
            ),
        ),
    )
)

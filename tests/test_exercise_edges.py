"""The checks ask for what the text asks for, at the edges each chapter teaches.

Lists where arrays are asked, bools where floats are asked, logits beyond 709,
rows on very different scales, one output (M = 1), an exact zero compared with an
absolute floor; and the mistakes the catalog names. Each test asserts the whole
message.
"""

import inspect
import time

import numpy as np
import pytest

from helpers import exercises
from helpers.exercises import ch05, ch06
from helpers.ml import sigmoid, softmax

pytestmark = pytest.mark.unit


def check(exercise_id, answer):
    return exercises.get(exercise_id).check(answer)


def test_4_1_a_list_of_lists_fails():
    def one_hot(labels, K):
        return [[1.0 if label == k else 0.0 for k in range(K)] for label in labels]

    assert check("4.1", one_hot).message == (
        "❌ Exercise 4.1: one_hot returned a list at labels = [0], K = 1; the text "
        "asks for a numpy array of shape (1, 1): return np.array(...), since the "
        "cells after it use its .shape and its entry-by-entry arithmetic, which a "
        "list does not have."
    )


def test_5_1_a_list_fails():
    def grad_w_b(w, b, x, t):
        return list(2 * (w @ x + b - t) * x), 2 * (w @ x + b - t)

    assert check("5.1", grad_w_b).message == (
        "❌ Exercise 5.1: grad_w is a list at w = (0.00, 0.00, 0.00), b = 0.00, x = "
        "(1.00, -2.00, 0.50), t = 1.50; the text asks for a numpy array of shape "
        "(3,): return np.array(...), since the cells after it use its .shape and its "
        "entry-by-entry arithmetic, which a list does not have."
    )


def test_6_2_bools_for_relu():
    def activation_derivative(name, z):
        if name == "relu":
            return z > 0
        return ch06.activation_derivative_solution(name, z)

    assert check("6.2", activation_derivative).message == (
        "❌ Exercise 6.2: activation_derivative returned an array of bools (dtype "
        "bool) at relu at z = (-0.001, 0.001, -0.5, 0.5, 3); the text asks for "
        "floats: convert it with .astype(float)."
    )


def test_4_7_a_softmax_without_the_shift_fails():
    def grad_logits(Y, T):
        E = np.exp(Y)
        return (E / E.sum(axis=1, keepdims=True) - T) / len(Y)

    assert check("4.7", grad_logits).message == (
        "❌ Exercise 4.7: grad_logits returned nan in entry (0, 0) at Y of shape "
        "(2, 3), first row [800.00 0.00 -5.00]; your code warned: RuntimeWarning "
        "(overflow encountered in exp): exp(y) overflows to inf for logits above "
        "about 709: compute the probabilities with a softmax that subtracts each "
        "row's largest logit first (the helpers' softmax does) (see \"A softmax that "
        'does not overflow").'
    )


def test_4_10_one_shift_for_the_whole_matrix_fails():
    def predict_proba(X, W, b):
        Y = X @ W.T + b
        Y = Y - Y.max()
        E = np.exp(Y)
        return E / E.sum(axis=1, keepdims=True)

    assert check("4.10", predict_proba).message == (
        "❌ Exercise 4.10: the rows now add up to 1, but the shift subtracts the "
        "largest logit of the whole matrix: a row far below it underflows to "
        "exp(...) = 0 everywhere and gives 0/0 = nan; keep each row's own max, "
        'Y.max(axis=1, keepdims=True) (see "A softmax that does not overflow").'
    )


def test_4_10_a_sum_over_the_whole_matrix_is_named():
    def predict_proba(X, W, b):
        Y = X @ W.T + b
        E = np.exp(Y - Y.max(axis=1, keepdims=True))
        return E / E.sum()

    assert check("4.10", predict_proba).message == (
        "❌ Exercise 4.10: the exponentials are divided by the sum of the whole "
        "matrix, so all the rows together add up to 1; each row must add up to 1: "
        'its sum over the classes, with axis=1 and keepdims=True (see "The softmax '
        'model").'
    )


def test_4_3_a_small_constant_in_the_log_passes():
    """An exact 0 (a sure, right classifier) is compared with an absolute floor."""
    result = check("4.3", lambda P, T: -np.mean(np.log(np.sum(T * P, axis=1) + 1e-12)))
    assert result.message == (
        "✅ Exercise 4.3 passed: mean_cross_entropy matches the formula at 8 points "
        "(max rel. error < 1e-06)."
    )
    entry = exercises.get("4.3")
    assert entry.rtol * entry.tiny == pytest.approx(1e-9)


def test_4_8_and_6_7_have_logits_beyond_709():
    X, T, W, b = exercises.get("4.8").cases[-1]
    assert np.max(np.abs(X @ W.T + b)) > 709
    params, X, T, lr, n_steps = exercises.get("6.7").cases[-1]
    H = np.tanh(X @ params["W1"].T + params["b1"])
    assert np.max(np.abs(H @ params["W2"].T + params["b2"])) > 709


def test_6_6_squeeze_fails_on_one_output():
    """With M = 1, .squeeze() makes Y flat, and Y - T broadcasts to (N, N)."""

    def batch_backward(params, X, T):
        H = sigmoid(X @ params["W1"].T + params["b1"])
        Y = (H @ params["W2"].T + params["b2"]).squeeze()
        grad_Y = 2 * (Y - T) / len(X)
        grad_Z = (grad_Y @ params["W2"]) * H * (1 - H)
        return {
            "W2": grad_Y.T @ H,
            "b2": grad_Y.sum(axis=0),
            "W1": grad_Z.T @ X,
            "b1": grad_Z.sum(axis=0),
        }

    line = inspect.getsourcelines(batch_backward)[1] + 4
    assert check("6.6", batch_backward).message == (
        "❌ Exercise 6.6: batch_backward raised ValueError (matmul: Input operand 1 "
        "has a mismatch in its core dimension 0, with gufunc signature "
        "(n?,k),(k,m?)->(n?,m?) (size 1 is different from 5)) at a batch of N = 5 "
        f"(D = 2, H = 3, M = 1), line {line} of your code: “grad_Z = (grad_Y @ "
        'params["W2"]) * H * (1 - H)”.'
    )


def test_6_7_a_softmax_without_the_shift_fails():
    def train(params, X, T, lr, n_steps):
        p = dict(params)
        for _ in range(n_steps):
            H = np.tanh(X @ p["W1"].T + p["b1"])
            E = np.exp(H @ p["W2"].T + p["b2"])
            grad_Y = (E / E.sum(axis=1, keepdims=True) - T) / len(X)
            grad_Z = (grad_Y @ p["W2"]) * (1 - H**2)
            grads = {
                "W2": grad_Y.T @ H,
                "b2": grad_Y.sum(axis=0),
                "W1": grad_Z.T @ X,
                "b1": grad_Z.sum(axis=0),
            }
            p = {k: p[k] - lr * grads[k] for k in p}
        return p

    assert check("6.7", train).message == (
        "❌ Exercise 6.7: W1 is nan in entry (0, 0) at N = 5, H = 3, K = 3, lr = 0.5, "
        "n_steps = 2, b2 = (750.00, 0.00, -750.00); your code warned: RuntimeWarning "
        "(overflow encountered in exp): exp overflows to inf for logits above about "
        "709: compute the probabilities with a softmax that subtracts each row's "
        "largest logit first (the helpers' softmax does) (see \"A softmax output and "
        'the cross-entropy").'
    )


def test_softmax_helper_is_stable_on_these_cases():
    for Y, _ in exercises.get("4.7").cases:
        assert np.all(np.isfinite(softmax(Y)))


# ---------------------------------------------------------------------------
# Named mistakes
# ---------------------------------------------------------------------------


def test_5_8_divergence_is_named_with_its_factor():
    def fit_by_descent(X, T, lr, n_steps):
        W = np.zeros((T.shape[1], X.shape[1]))
        b = np.zeros(T.shape[1])
        for _ in range(n_steps):
            grad_Y = 2 * (X @ W.T + b - T)
            W = W - lr * grad_Y.T @ X
            b = b - lr * grad_Y.sum(axis=0)
        return W, b

    assert check("5.8", fit_by_descent).message == (
        "❌ Exercise 5.8: descent diverges: the gradients of the sum, not the mean, "
        "make every step N times too long (N = len(X), from 25 to 50 here), far "
        "beyond the largest stable learning rate; divide the gradients by N (see "
        '"Fitting by gradient descent and by least squares").'
    )


@pytest.mark.parametrize(
    "fixed, message",
    [
        (
            "grad_W",
            "❌ Exercise 5.7: grad_W is right now, but grad_b is still N times too "
            'large: the bias gradient comes from the same mean (see "A whole data set '
            'at once").',
        ),
        (
            "grad_b",
            "❌ Exercise 5.7: grad_b is right now, but grad_W is still N times too "
            'large: the weight gradient comes from the same mean (see "A whole data '
            'set at once").',
        ),
    ],
)
def test_5_7_each_half_of_a_partial_fix_is_named(fixed, message):
    def mse_gradients(X, T, W, b):
        R = X @ W.T + b - T
        grad_W = 2 * R.T @ X / (len(X) if fixed == "grad_W" else 1)
        grad_b = 2 * R.sum(axis=0) / (len(X) if fixed == "grad_b" else 1)
        return grad_W, grad_b

    assert check("5.7", mse_gradients).message == message


def test_4_4_a_mean_divided_twice():
    assert check("4.4", np.log(3) / 150).message == (
        "❌ Exercise 4.4: this is the mean divided by N = 150 once more: every sample "
        "has the same loss here, so their mean is that one sample's loss; divide the "
        'sum by N once, not twice (see "From the log-likelihood to the '
        'cross-entropy").'
    )


def test_6_7_update_order_and_step_counts():
    def one_at_a_time(params, X, T, lr, n_steps):
        p = dict(params)
        for _ in range(n_steps):
            for k in p:
                p[k] = p[k] - lr * ch06.softmax_backward(p, X, T)[k]
        return p

    assert check("6.7", one_at_a_time).message == (
        "❌ Exercise 6.7: the update order is off: each parameter moves with "
        "gradients computed after the parameters before it have already moved; "
        "compute all four gradients at the current parameters, then move all four "
        '(see "Training on two half-moons").'
    )

    def too_few(params, X, T, lr, n_steps):
        p = dict(params)
        for _ in range(n_steps - 1):
            grads = ch06.softmax_backward(p, X, T)
            p = {k: p[k] - lr * grads[k] for k in p}
        return p

    assert check("6.7", too_few).message == (
        "❌ Exercise 6.7: one step too few: the loop must run n_steps times, as "
        'range(n_steps) does (see "Training on two half-moons").'
    )


def test_5_6_reference_still_passes_with_one_output():
    assert check("5.6", ch05.batch_gradients_solution)


def test_a_wrong_shape_is_reported_before_the_time_limit():
    """A huge wrong-shaped array, slow to make: a shape error, not an endless loop."""
    calls = []

    def batch_backward(params, X, T):
        calls.append(1)
        if len(calls) > 1:
            time.sleep(60)  # never reached: the first answer's shape is reported
        return {k: np.zeros((3000, 3000)) for k in ("W2", "b2", "W1", "b1")}

    start = time.perf_counter()
    assert check("6.6", batch_backward).message == (
        "❌ Exercise 6.6: grad_W2 has shape (3000, 3000) but W2 has shape (2, 4) at a "
        "batch of N = 5 (D = 3, H = 4, M = 2)."
    )
    assert len(calls) == 1 and time.perf_counter() - start < 5


def test_a_wrong_shape_of_a_known_mistake_is_named():
    """4.1's transposed one-hot has a wrong shape, and the misconception says why."""
    entry = exercises.get("4.1")
    transposed = next(m for m in entry.misconceptions if m.name == "transposed")

    def one_hot(labels, K):
        return (np.asarray(labels)[:, None] == np.arange(K)).astype(float).T

    assert check("4.1", one_hot).message == f"❌ Exercise 4.1: {transposed.hint}"


# ---------------------------------------------------------------------------
# Hints worded from what the check knows
# ---------------------------------------------------------------------------


def test_2_4_a_number_where_a_vector_is_asked():
    """Chapter 2 has no batches: no "missing batch axis"."""
    assert check("2.4", 1.0).message == (
        "❌ Exercise 2.4: u_up is a single number; expected an array of shape (2,)."
    )


def test_3_4_a_path_of_two_points_is_not_about_broadcasting():
    answer = np.array([[0.5, 0.0], [0.755, 0.035]])
    assert check("3.4", answer).message == (
        "❌ Exercise 3.4: theta_1 has shape (2, 2); expected shape (2,)."
    )


def test_2_6_both_answers_as_a_tuple():
    """A tuple is called a tuple, and no sum is suggested (it would be 0)."""
    u = exercises.get("2.6").reference
    assert check("2.6", (u, -u)).message == (
        "❌ Exercise 2.6: u_level is a tuple of 2 arrays; expected one array of shape "
        "(2,): either right answer passes, so give just one of them."
    )


def test_a_computed_array_still_gets_the_broadcasting_hint():
    def grad_w_b(w, b, x, t):
        return 2 * (w @ x + b - t) * np.outer(x, np.ones_like(x)), 2 * (w @ x + b - t)

    assert check("5.1", grad_w_b).message == (
        "❌ Exercise 5.1: grad_w has shape (3, 3) but w has shape (3,) at w = (0.00, "
        "0.00, 0.00), b = 0.00, x = (1.00, -2.00, 0.50), t = 1.50: broadcasting mixed "
        "an (N,) and an (N, 1) array?"
    )


def _layers_with(**classes):
    """Exercise 6.8's reference composition with some of its layers replaced."""
    return ch06._layers_with(**classes)


def test_6_8_a_softmax_without_the_shift_fails_with_its_layer_named():
    class NaiveSoftmaxCrossEntropy(ch06.SoftmaxCrossEntropySolution):
        def forward(self, Y, T):
            E = np.exp(Y)
            self.P, self.T = E / E.sum(axis=1, keepdims=True), T
            return -np.sum(T * np.log(self.P)) / len(T)

    assert check("6.8", _layers_with(loss=NaiveSoftmaxCrossEntropy)).message == (
        "❌ Exercise 6.8: grad_y (from SoftmaxCrossEntropy's backward) is nan in "
        "entry (0, 0) at N = 4, D = 2, H = 3, K = 3, b3 = (750.00, 0.00, -750.00); "
        "your code warned: RuntimeWarning (overflow encountered in exp): exp "
        "overflows to inf for logits above about 709: compute the probabilities "
        "with a softmax that subtracts each row's largest logit first (the helpers' "
        'softmax does) (see "A softmax output and the cross-entropy").'
    )


def test_6_8_a_bias_gradient_per_example_names_the_layer():
    class Linear(ch06.LinearSolution):
        def backward(self, grad_Y):
            grad_X = super().backward(grad_Y)
            self.grad_b = grad_Y
            return grad_X

    assert check("6.8", _layers_with(linear=Linear)).message == (
        "❌ Exercise 6.8: grad_b3 (from the third Linear's backward) has shape "
        "(5, 2) but b3 has shape (2,) at N = 5, D = 3, H = 4, K = 2: an extra "
        "leading axis of 5: sum (or average) over the samples, axis 0?"
    )


def test_6_8_a_wrong_input_gradient_is_found_at_its_layer():
    """W instead of Wᵀ in a square layer: no shape error, found at the second Linear."""

    class Linear(ch06.LinearSolution):
        def backward(self, grad_Y):
            super().backward(grad_Y)
            W = self.W.T if self.W.shape[0] == self.W.shape[1] else self.W
            return grad_Y @ W

    message = check("6.8", _layers_with(linear=Linear)).message
    assert message.startswith(
        "❌ Exercise 6.8: at N = 5, D = 3, H = 4, K = 2 your entry (0, 0) of grad_h1 "
        "(from the second Linear's backward) is "
    )
    assert message.endswith("right up to grad_z2 (from the second Tanh's backward)).")

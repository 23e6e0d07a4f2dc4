"""Unit tests of ``helpers.checks``: ``CheckResult``, ``relative_error`` and ``gradient_check``.

``gradient_check`` compares every entry up to 1,000 entries and uses random directional
probes beyond; both paths are tested with right and wrong gradients.
"""

import os
import re
import subprocess
import sys

import numpy as np
import pytest
from IPython.lib.pretty import pretty

from helpers import CheckResult, gradient_check, numerical_gradient, relative_error


def assert_verdict(result, passed):
    """``result`` is a one-line CheckResult with the given outcome and matching mark."""
    assert isinstance(result, CheckResult)
    assert bool(result) is passed, result.message
    assert "\n" not in result.message
    assert result.message.startswith("✅ " if passed else "❌ "), result.message


# ---------------------------------------------------------------------------
# CheckResult
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("passed", [True, False])
def test_check_result_is_truthy_exactly_when_passed(passed):
    """``if result:`` means "the check passed"."""
    result = CheckResult(passed, "✅ fine" if passed else "❌ wrong")
    assert bool(result) is passed
    assert (not result) is (not passed)


@pytest.mark.parametrize(
    "message", ["✅ gradient matches.", "❌ gradient is wrong at entry 3."]
)
def test_check_result_displays_as_its_message(message):
    """repr, str and IPython's pretty printer all show just the message."""
    result = CheckResult(message.startswith("✅"), message)
    assert repr(result) == message
    assert str(result) == message
    assert pretty(result) == message


def test_check_result_messages_from_checks_are_one_line():
    """Messages made by gradient_check, passing or failing, are one line."""
    x = np.arange(4.0)
    results = [
        gradient_check(lambda v: np.sum(v**2), 2 * x, x),
        gradient_check(lambda v: np.sum(v**2), x, x),
        gradient_check(lambda v: np.sum(v**2), np.zeros(3), x),
        gradient_check(lambda v: v, x, x),
    ]
    assert [bool(r) for r in results] == [True, False, False, False]
    for r in results:
        assert "\n" not in r.message


# ---------------------------------------------------------------------------
# relative_error
# ---------------------------------------------------------------------------


def test_relative_error_values():
    """|a - n| / (|a| + |n|): 0 when equal, 1 for opposite signs or one zero, symmetric."""
    a = np.array([1.0, 2.0, -3.0, 0.0, 1.0])
    n = np.array([1.0, 1.0, 3.0, 5.0, 1.5])
    err = relative_error(a, n)
    np.testing.assert_allclose(err, [0.0, 1 / 3, 1.0, 1.0, 0.2])
    np.testing.assert_array_equal(relative_error(n, a), err)


def test_relative_error_floor():
    """The denominator never drops below ``tiny``: two near-zeros are not "100% wrong"."""
    assert relative_error(0.0, 0.0) == 0.0
    assert relative_error(1e-20, 0.0) == pytest.approx(1e-8)
    assert relative_error(1e-4, 0.0, tiny=1e-3) == pytest.approx(0.1)
    assert relative_error([[1.0, 2.0]], [[1.0, 2.0]]).shape == (1, 2)


# ---------------------------------------------------------------------------
# Problems with known gradients
# ---------------------------------------------------------------------------


def tanh_loss(W):
    return np.sum(np.tanh(W) ** 2)


def tanh_grad(W):
    t = np.tanh(W)
    return 2 * t * (1 - t**2)


def sin_loss(x):
    return np.sum(x**2 + np.sin(x))


def sin_grad(x):
    return 2 * x + np.cos(x)


SMALL_SHAPE = (30, 30)  # 900 entries: every entry is compared
MEDIUM_SHAPE = (40, 60)  # 2,400 entries: random directional probes, quickly
LARGE_SHAPE = (300, 400)  # 120,000 entries: random directional probes


@pytest.fixture(scope="module")
def small():
    W = np.random.default_rng(10).standard_normal(SMALL_SHAPE)
    return W, tanh_grad(W)


@pytest.fixture(scope="module")
def medium():
    W = np.random.default_rng(1).standard_normal(MEDIUM_SHAPE)
    return W, tanh_grad(W)


@pytest.fixture(scope="module")
def large():
    W = np.random.default_rng(0).standard_normal(LARGE_SHAPE)
    return W, tanh_grad(W)


# ---------------------------------------------------------------------------
# gradient_check: correct gradients pass
# ---------------------------------------------------------------------------


def test_correct_gradient_passes_checking_every_entry(small):
    """A right gradient of 900 entries passes, and the message says all were compared."""
    W, g = small
    result = gradient_check(tanh_loss, g, W)
    assert_verdict(result, True)
    assert "at all 900 entries" in result.message


def test_correct_gradient_callable_passes(small):
    """grad may be a function that computes the gradient from x."""
    W, _ = small
    assert_verdict(gradient_check(tanh_loss, tanh_grad, W), True)


def test_correct_gradient_of_a_vector_function_passes():
    """x @ Q @ x with a non-symmetric Q has gradient (Q + Q.T) x."""
    rng = np.random.default_rng(11)
    Q = rng.standard_normal((6, 6))
    x = rng.standard_normal(6)
    assert_verdict(gradient_check(lambda v: v @ Q @ v, (Q + Q.T) @ x, x), True)


def test_correct_gradient_passes_with_random_probes(large):
    """A right gradient of 120,000 entries passes using random directions."""
    W, g = large
    result = gradient_check(tanh_loss, g, W)
    assert_verdict(result, True)
    assert "random directions" in result.message
    assert "120,000" in result.message


def test_probe_path_callable_gradient_passes(medium):
    """The probe path also accepts a gradient function."""
    W, _ = medium
    assert_verdict(gradient_check(tanh_loss, tanh_grad, W), True)


def test_gradient_as_list_passes():
    """A nested list is as good as an array."""
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = [[2.0, -4.0], [1.0, 6.0]]
    assert_verdict(gradient_check(lambda v: np.sum(v**2), grad, x), True)


def test_scalar_x_passes():
    """A scalar x with a scalar gradient is one entry."""
    result = gradient_check(lambda t: t**3, 27.0, 3.0)
    assert_verdict(result, True)
    assert "1 entry" in result.message


def test_integer_x_works():
    """Integer x is read as float64, so the differences are not truncated."""
    x = np.array([1, 2, 3])
    assert_verdict(gradient_check(lambda v: np.sum(v**3), 3 * x**2, x), True)
    assert_verdict(gradient_check(lambda v: np.sum(v**3), 3 * x**2, [1, 2, 3]), True)


def test_name_appears_in_the_message(small):
    """``name`` is what the message calls the gradient."""
    W, g = small
    result = gradient_check(tanh_loss, g, W, name="grad_W")
    assert result.message.startswith("✅ grad_W matches")


# ---------------------------------------------------------------------------
# gradient_check: exact zeros and round-off
# ---------------------------------------------------------------------------


def test_zero_gradient_at_a_stationary_point_passes():
    """Where the true gradient is zero, an exact zero passes despite round-off noise."""
    c = np.random.default_rng(3).uniform(-2, 2, (4, 5))

    def f(x):  # gradient 1000 (cos x - cos c): zero at x = c
        return np.sum(1000.0 * np.sin(x) - 1000.0 * np.cos(c) * x)

    # The finite differences are not exactly zero here: round-off is really tolerated.
    assert np.any(numerical_gradient(f, c) != 0.0)
    assert_verdict(gradient_check(f, np.zeros_like(c), c), True)


def test_zero_gradient_at_a_minimum_passes_with_probes():
    """The probe path tolerates round-off at a minimum too."""
    c = np.random.default_rng(4).uniform(-2, 2, (40, 50))
    result = gradient_check(
        lambda x: 100.0 - np.sum(np.cos(x - c)), np.zeros_like(c), c
    )
    assert_verdict(result, True)


def test_small_nonzero_gradient_where_true_gradient_is_zero_fails():
    """The round-off allowance is narrow: 1e-3 where the gradient is 0 fails."""
    c = np.random.default_rng(3).uniform(-2, 2, (4, 5))

    def f(x):
        return np.sum(1000.0 * np.sin(x) - 1000.0 * np.cos(c) * x)

    assert_verdict(gradient_check(f, np.full_like(c, 1e-3), c), False)


# ---------------------------------------------------------------------------
# gradient_check: wrong gradients fail, and say where
# ---------------------------------------------------------------------------

WRONG = {
    "sign flip": lambda g: -g,
    "factor 2": lambda g: 2 * g,
    "half": lambda g: g / 2,
    "zeros": np.zeros_like,
}


@pytest.mark.parametrize("mistake", WRONG)
@pytest.mark.parametrize("fixture", ["small", "medium"], ids=["every entry", "probes"])
def test_wrong_gradient_fails(fixture, mistake, request):
    """Classic mistakes fail, whether every entry is compared or random probes are used."""
    W, g = request.getfixturevalue(fixture)
    result = gradient_check(tanh_loss, WRONG[mistake](g), W)
    assert_verdict(result, False)
    assert "is wrong at entry (" in result.message


@pytest.mark.parametrize("fixture", ["small", "medium", "large"])
def test_transposed_shape_is_named(fixture, request):
    """A gradient of shape (n, m) for x of shape (m, n) fails with a "transposed?" hint."""
    W, g = request.getfixturevalue(fixture)
    if W.shape[0] == W.shape[1]:
        W, g = W[:, :-3], g[:, :-3]  # make it non-square
    result = gradient_check(tanh_loss, g.T, W)
    assert_verdict(result, False)
    expected = f"has shape {g.T.shape} but x has shape {W.shape}"
    assert expected in result.message
    assert "(transposed?)" in result.message


def test_transposed_values_of_a_square_matrix_fail():
    """For square A, f(A) = trace(A.T @ B @ A): the transposed gradient has the right shape
    but wrong values, and must fail."""
    rng = np.random.default_rng(12)
    A = rng.standard_normal((5, 5))
    B = rng.standard_normal((5, 5))
    grad = (B + B.T) @ A

    def f(A):
        return np.trace(A.T @ B @ A)

    assert_verdict(gradient_check(f, grad, A), True)
    result = gradient_check(f, grad.T, A)
    assert_verdict(result, False)
    assert "is wrong at entry (" in result.message


def test_one_wrong_entry_is_named_checking_every_entry(small):
    """One wrong entry among 900 is named, with its index and the count of wrong entries."""
    W, g = small
    wrong = g.copy()
    wrong[12, 3] = -wrong[12, 3]
    result = gradient_check(tanh_loss, wrong, W)
    assert_verdict(result, False)
    assert "wrong at entry (12, 3):" in result.message
    assert "1 of 900 entries wrong" in result.message


MISTAKES_ON_ONE_ENTRY = {
    "sign flip": lambda v: -v,
    "off by one": lambda v: v + 1.0,
    "times ten": lambda v: 10 * v,
}


@pytest.mark.parametrize(
    "shape, index",
    [((60, 80), (12, 34)), ((300, 400), (123, 321))],
    ids=["4,800 entries", "120,000 entries"],
)
@pytest.mark.parametrize("mistake", MISTAKES_ON_ONE_ENTRY)
def test_one_wrong_entry_among_thousands_is_named(shape, index, mistake):
    """The probes narrow a failure down to the one wrong entry, and name its index."""
    W = np.random.default_rng(0).standard_normal(shape)
    W[index] = 0.6  # a typical entry: its derivative 2 tanh (1 - tanh²) is about 0.76
    g = tanh_grad(W)
    wrong = g.copy()
    wrong[index] = MISTAKES_ON_ONE_ENTRY[mistake](g[index])
    result = gradient_check(tanh_loss, wrong, W)
    assert_verdict(result, False)
    assert f"wrong at entry {index}:" in result.message


@pytest.mark.parametrize("mistake", ["sign flip", "zeroed", "factor 2"])
def test_one_wrong_small_entry_among_120000_is_caught(large, mistake):
    """An entry of -0.0198 made +0.0198, 0 or -0.0396 fails and is named.

    f(x) is about 47,000, so round-off (about 1e-16 * |f| / h) is large next to one small
    entry's share of a random direction; the check must still see the mistake.
    """
    W, g = large
    index = (123, 321)
    wrong = g.copy()
    wrong[index] = {"sign flip": -g[index], "zeroed": 0.0, "factor 2": 2 * g[index]}[
        mistake
    ]
    result = gradient_check(tanh_loss, wrong, W)
    assert not result
    assert f"wrong at entry {index}:" in result.message


def test_one_wrong_row_is_located(large):
    """A wrong row (a broadcasting slip) fails and the entry named lies in that row."""
    W, g = large
    wrong = g.copy()
    wrong[57] = -wrong[57]
    result = gradient_check(tanh_loss, wrong, W)
    assert_verdict(result, False)
    assert "wrong at entry (57, " in result.message


@pytest.mark.parametrize("shape", [(5, 6), (120, 100)], ids=["every entry", "probes"])
def test_missing_term_fails(shape):
    """The gradient of sum(x**2 + sin(x)) without its cos(x) part fails."""
    x = np.random.default_rng(13).standard_normal(shape)
    assert_verdict(gradient_check(sin_loss, sin_grad(x), x), True)
    result = gradient_check(sin_loss, 2 * x, x)
    assert_verdict(result, False)
    assert "is wrong at entry (" in result.message


# ---------------------------------------------------------------------------
# gradient_check: malformed input gives a failed result, never an exception
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "grad, pattern",
    [
        (np.array([2.0, np.nan, 6.0]), r"^❌ gradient is nan in entry 1\.$"),
        (np.array([2.0, 4.0, np.inf]), r"^❌ gradient is inf in entry 2\.$"),
        (np.zeros(4), r"^❌ gradient has shape \(4,\) but x has shape \(3,\)\.$"),
        (
            np.zeros((3, 1)),
            r"gradient has shape \(3, 1\) but x has shape \(3,\): a column where a flat",
        ),
        (None, r"^❌ gradient is None; expected an array of shape \(3,\)\.$"),
        ("2, 4, 6", r"^❌ gradient is a string '2, 4, 6'; expected an array of shape"),
        (np.array([2, 4, 6]) + 0j, r"^❌ gradient is complex numbers; expected real"),
        (
            [2.0, [4.0], 6.0],
            r"gradient is a list of 3 items of different shapes \(\(\), \(1,\), \(\)\)",
        ),
    ],
    ids=["nan", "inf", "too long", "column", "None", "str", "complex", "ragged"],
)
def test_malformed_gradient_fails(grad, pattern):
    """A malformed gradient is a failed result whose message says what is wrong."""
    x = np.array([1.0, 2.0, 3.0])
    result = gradient_check(lambda v: np.sum(v**2), grad, x)
    assert_verdict(result, False)
    assert re.search(pattern, result.message), result.message


def test_flattened_gradient_hint():
    """A flat gradient for a matrix parameter gets a "flattened?" hint."""
    x = np.arange(6.0).reshape(2, 3)
    result = gradient_check(lambda v: np.sum(v**2), 2 * x.ravel(), x)
    assert_verdict(result, False)
    assert result.message == (
        "❌ gradient has shape (6,) but x has shape (2, 3): flattened? reshape it to the "
        "parameter's shape."
    )


def test_flat_gradient_for_a_column_parameter():
    x = np.arange(5.0).reshape(5, 1)
    result = gradient_check(lambda v: np.sum(v**2), 2 * x.ravel(), x)
    assert "a flat array where a column was expected" in result.message


def test_gradient_function_that_raises_fails():
    """A gradient function that raises gives a failed result naming the exception."""

    def grad(x):
        scale = 1 / (x.size - 3)  # x.size is 3: a Python int division by zero
        return 2 * x * scale

    result = gradient_check(lambda v: np.sum(v**2), grad, np.ones(3))
    assert_verdict(result, False)
    assert "gradient function raised ZeroDivisionError" in result.message


def test_gradient_function_returning_wrong_shape_fails():
    """A gradient function's result is validated like an array."""
    result = gradient_check(lambda v: np.sum(v**2), lambda x: 2 * x.T, np.ones((2, 3)))
    assert_verdict(result, False)
    assert "(transposed?)" in result.message


@pytest.mark.parametrize(
    "f, pattern",
    [
        (lambda v: 2 * v, r"f returned an array of shape \(3,\)"),
        (lambda v: None, r"f returned None"),
        (lambda v: np.nan, r"f returned nan"),
        (5.0, r"f must be a function"),
    ],
    ids=["vector", "None", "nan", "not callable"],
)
def test_bad_f_gives_a_failed_result(f, pattern):
    """A bad f is reported as a failed result ("cannot check"), not raised."""
    result = gradient_check(f, np.ones(3), np.ones(3))
    assert_verdict(result, False)
    assert "cannot check gradient" in result.message
    assert re.search(pattern, result.message), result.message


@pytest.mark.parametrize(
    "x, pattern",
    [(np.array([1.0, np.nan]), r"x holds"), (None, r"x is None"), ([], r"x is empty")],
    ids=["nan", "None", "empty"],
)
def test_bad_x_gives_a_failed_result(x, pattern):
    """An x that is not a real point is a failed result, not an exception."""
    result = gradient_check(lambda v: np.sum(v), np.ones(2), x)
    assert_verdict(result, False)
    assert pattern in result.message, result.message


def _index_slip(v):
    return float(v[5])


def _divide_by_zero(v):
    return 1 / 0


@pytest.mark.parametrize(
    "f, exception",
    [
        (_index_slip, "IndexError (index 5 is out of bounds for axis 0 with size 3)"),
        (_divide_by_zero, "ZeroDivisionError (division by zero)"),
    ],
    ids=["IndexError", "ZeroDivisionError"],
)
def test_f_that_raises_gives_a_failed_result(f, exception):
    """An f that raises (say, an index slip) gives a failed result naming the exception
    and the line of f where it happened."""
    result = gradient_check(f, np.zeros(3), np.zeros(3))
    assert_verdict(result, False)
    line = f.__code__.co_firstlineno + 1
    source = "return float(v[5])" if f is _index_slip else "return 1 / 0"
    assert result.message == (
        f"❌ cannot check gradient: f raised {exception}, line {line} of your code: "
        f"“{source}”."
    )


# ---------------------------------------------------------------------------
# gradient_check: x is never mutated
# ---------------------------------------------------------------------------


def test_x_is_not_mutated_by_the_check(small, medium):
    """Neither path changes x, even when the gradient is wrong (bisection runs)."""
    for W, g in (small, medium):
        before = W.copy()
        gradient_check(tanh_loss, g, W)
        gradient_check(tanh_loss, -g, W)
        np.testing.assert_array_equal(W, before)


def test_x_is_not_mutated_by_a_gradient_function_that_writes():
    """A gradient function gets a copy: writing into it cannot reach the caller's x."""
    x = np.array([1.0, 2.0, 3.0])
    before = x.copy()

    def grad(v):
        v *= 2.0  # 2x, computed in place
        return v

    assert_verdict(gradient_check(lambda v: np.sum(v**2), grad, x), True)
    np.testing.assert_array_equal(x, before)


def test_f_that_modifies_its_input_gives_a_failed_result():
    """f writing into its input is reported, and x stays unchanged."""
    x = np.array([1.0, 2.0, 3.0])
    before = x.copy()

    def f(v):
        v += 1.0
        return float(np.sum(v))

    result = gradient_check(f, np.ones(3), x)
    assert_verdict(result, False)
    assert "modify its input" in result.message
    np.testing.assert_array_equal(x, before)


# ---------------------------------------------------------------------------
# gradient_check: determinism
# ---------------------------------------------------------------------------

DETERMINISM_SCRIPT = """
import numpy as np
from helpers import gradient_check

def f(W):
    return np.sum(np.tanh(W) ** 2)

W = np.random.default_rng(0).standard_normal((40, 60))  # 2,400 entries: random probes
t = np.tanh(W)
g = 2 * t * (1 - t**2)
wrong_row = g.copy()
wrong_row[17] *= -1
small = W[:20, :30]  # 600 entries: every entry
messages = [
    gradient_check(f, g, W).message,
    gradient_check(f, wrong_row, W).message,
    gradient_check(f, g[:20, :30], small).message,
    gradient_check(f, 2 * g[:20, :30], small).message,
]
"""


def _messages_in_process():
    namespace = {}
    exec(DETERMINISM_SCRIPT, namespace)
    return namespace["messages"]


def test_same_call_gives_identical_messages():
    """Running the same checks twice gives byte-identical messages."""
    first, second = _messages_in_process(), _messages_in_process()
    assert [m.encode() for m in first] == [m.encode() for m in second]
    assert [m[0] for m in first] == ["✅", "❌", "✅", "❌"]


def test_messages_are_identical_in_a_fresh_process():
    """A new interpreter (as nbval uses) prints exactly the same verdicts."""
    script = DETERMINISM_SCRIPT + "\nprint('\\n'.join(messages))\n"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    completed = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        encoding="utf-8",
        env=env,
        check=True,
        timeout=120,
    )
    assert completed.stdout.splitlines() == _messages_in_process()


def test_seed_changes_directions_but_not_the_verdict(medium):
    """Another seed probes other directions, and a right gradient still passes."""
    W, g = medium
    assert_verdict(gradient_check(tanh_loss, g, W, seed=1), True)
    assert_verdict(gradient_check(tanh_loss, -g, W, seed=1), False)


# ---------------------------------------------------------------------------
# gradient_check: a dict of named parameters (a network)
# ---------------------------------------------------------------------------


def make_network(D=3, H=4, M=2, N=5, seed=7):
    """A one-hidden-layer network's loss of a parameter dict, and its gradients."""
    rng = np.random.default_rng(seed)
    X, T = rng.standard_normal((N, D)), rng.standard_normal((N, M))
    params = {
        "W1": rng.standard_normal((H, D)),
        "b1": rng.standard_normal(H),
        "W2": rng.standard_normal((M, H)),
        "b2": rng.standard_normal(M),
    }

    def loss(p):
        h = np.tanh(X @ p["W1"].T + p["b1"])
        return float(np.mean(np.sum((h @ p["W2"].T + p["b2"] - T) ** 2, axis=1)))

    def grads(p):
        h = np.tanh(X @ p["W1"].T + p["b1"])
        grad_Y = 2 * (h @ p["W2"].T + p["b2"] - T) / N
        grad_z = grad_Y @ p["W2"] * (1 - h**2)
        return {
            "W1": grad_z.T @ X,
            "b1": grad_z.sum(axis=0),
            "W2": grad_Y.T @ h,
            "b2": grad_Y.sum(axis=0),
        }

    return loss, grads, params


def test_dict_of_parameters_passes():
    loss, grads, params = make_network()
    result = gradient_check(loss, grads(params), params)
    assert result.message == (
        "✅ gradient matches finite differences at all 26 entries (max rel. error < 1e-05)."
    )
    assert_verdict(gradient_check(loss, grads, params), True)  # a gradient function


def test_dict_one_wrong_entry_is_named_by_parameter_and_index():
    loss, grads, params = make_network()
    wrong = grads(params)
    wrong["W1"][2, 0] += 0.1
    result = gradient_check(loss, wrong, params)
    assert_verdict(result, False)
    assert result.message.startswith("❌ gradient is wrong at W1[2, 0]: analytic ")
    assert result.message.endswith("; 1 of 26 entries wrong, in W1).")


def test_dict_missing_bias_factor_names_the_parameters():
    loss, grads, params = make_network()
    wrong = grads(params)
    wrong["b1"] = wrong["b1"] * 2
    wrong["b2"] = wrong["b2"] * 2
    result = gradient_check(loss, wrong, params)
    assert "is wrong at b1[" in result.message
    assert "in b1, b2)." in result.message


@pytest.mark.parametrize("hidden", [200, 1000], ids=["2,012 entries", "10,012"])
def test_dict_probe_path_names_the_wrong_entry(hidden):
    loss, grads, params = make_network(D=8, H=hidden, M=2, N=6)
    right = grads(params)
    result = gradient_check(loss, right, params)
    assert_verdict(result, True)
    assert "random directions" in result.message
    wrong = grads(params)
    wrong["W1"][123, 5] = -wrong["W1"][123, 5] + 0.05
    result = gradient_check(loss, wrong, params)
    assert_verdict(result, False)
    assert result.message.startswith("❌ gradient is wrong at W1[123, 5]: analytic")
    wrong = grads(params)
    wrong["b2"][1] *= 3
    assert gradient_check(loss, wrong, params).message.startswith(
        "❌ gradient is wrong at b2[1]: analytic"
    )


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda g: {k: v for k, v in g.items() if k != "b2"},
            "❌ gradient's dict has no key 'b2'; expected the keys 'W1', 'b1', 'W2', 'b2'.",
        ),
        (
            lambda g: {**g, "W3": np.zeros(2)},
            "❌ gradient's dict has an unexpected key 'W3'; expected only the keys "
            "'W1', 'b1', 'W2', 'b2'.",
        ),
        (
            lambda g: {**g, "W1": g["W1"].T},
            "❌ gradient['W1'] has shape (3, 4) but W1 has shape (4, 3): a gradient has "
            "its parameter's shape (transposed?).",
        ),
        (
            lambda g: list(g.values()),
            "❌ gradient is a list of 4 values; expected a dict with the keys 'W1', 'b1', "
            "'W2', 'b2'.",
        ),
        (
            lambda g: {**g, "b1": g["b1"] * np.nan},
            "❌ gradient['b1'] is nan in entry 0.",
        ),
    ],
    ids=["missing key", "extra key", "transposed", "list", "nan"],
)
def test_dict_gradient_structure_problems(change, message):
    loss, grads, params = make_network()
    assert gradient_check(loss, change(grads(params)), params).message == message


def test_dict_params_are_not_mutated_and_f_gets_read_only_arrays():
    loss, grads, params = make_network()
    before = {k: v.copy() for k, v in params.items()}
    seen = []

    def f(p):
        seen.append((tuple(sorted(p)), all(not v.flags.writeable for v in p.values())))
        return loss(p)

    gradient_check(f, grads(params), params)
    gradient_check(f, {k: -v for k, v in grads(params).items()}, params)
    for k in params:
        np.testing.assert_array_equal(params[k], before[k])
    assert set(seen) == {(("W1", "W2", "b1", "b2"), True)}


def test_f_that_writes_into_a_parameter_is_reported():
    loss, grads, params = make_network()

    def f(params):
        params["W1"] *= 2
        return loss(params)

    result = gradient_check(f, grads(params), params)
    assert result.message == (
        "❌ cannot check gradient: f tried to modify its input array in place; work on "
        "a copy (for example params = params.copy())."
    )


def test_numerical_gradient_of_a_dict_is_a_dict():
    loss, grads, params = make_network()
    numeric = numerical_gradient(loss, params)
    assert list(numeric) == list(params)
    for k in params:
        np.testing.assert_allclose(numeric[k], grads(params)[k], rtol=1e-6, atol=1e-9)


# --- a dict answer computed in order: the first wrong part is reported -------------


def _ordered_exercise(ordered):
    from helpers.exercises import FunctionExercise

    def reference(a):
        u = 2 * a
        return {"u": u, "v": 3 * u, "w": u**2}

    return FunctionExercise(
        id="0.9",
        title="three parts, each from the one before",
        signature="chain(a)",
        reference=reference,
        cases=((np.array([1.0, 2.0]),),),
        expected=reference,
        describe=lambda a: "a = (1, 2)",
        labels={"u": "grad_u", "v": "grad_v", "w": "grad_w"},
        ordered=ordered,
    )


def test_an_ordered_answer_is_reported_at_its_first_wrong_part():
    def wrong_v(a):  # v a little wrong; w far off because it came after
        u = 2 * a
        return {"u": u, "v": 3.1 * u, "w": 10 * u**2}

    message = _ordered_exercise(True).check(wrong_v).message
    assert "your grad_v[0] is 6.2000" in message
    assert "right up to grad_u" in message
    unordered = _ordered_exercise(False).check(wrong_v).message
    assert "your grad_w[" in unordered


def test_an_ordered_answer_wrong_at_its_first_part_names_no_right_part():
    def wrong_u(a):
        return {"u": -2 * a, "v": 6 * a, "w": 4 * a**2}

    message = _ordered_exercise(True).check(wrong_u).message
    assert "your grad_u[0] is -2;" in message and "right up to" not in message

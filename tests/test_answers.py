"""The one comparison of answers, through exercises of every kind and answer shape.

Each test passes an answer a reader might write and asserts the whole verdict: what a
reader reads is what is tested. The exercises are the test-only ones of
``sample_exercises`` and the book's chapter 1.
"""

import math
import warnings
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
import sample_exercises as S

from helpers import check, exercises


@pytest.fixture(autouse=True)
def fresh_kernel():
    """Each test starts as a fresh kernel: no failures counted, no hints shown."""
    exercises.forget_progress()
    yield
    exercises.forget_progress()


GRAD_MSE, BACKWARD, BATCH = (
    S.GRAD_MSE.reference,
    S.BACKWARD.reference,
    S.BATCH_GRADS.reference,
)
AT_MSE = "at X of shape (5, 3), w = [0. 0. 0.]"


def df_dy_right(x, y):
    return -(x**3) * math.sin(x * y)


# ---------------------------------------------------------------------------
# Number-like answers pass when their value is right
# ---------------------------------------------------------------------------

NUMBER_LIKE = {
    "numpy scalar": lambda x, y: np.float64(df_dy_right(x, y)),
    "0-d array": lambda x, y: np.array(df_dy_right(x, y)),
    "size-1 array": lambda x, y: np.array([df_dy_right(x, y)]),
    "float32": lambda x, y: np.float32(df_dy_right(x, y)),
    "Fraction": lambda x, y: Fraction(df_dy_right(x, y)),
    "Decimal": lambda x, y: Decimal(df_dy_right(x, y)),
}


@pytest.mark.parametrize("make", NUMBER_LIKE.values(), ids=list(NUMBER_LIKE))
def test_number_like_returns_pass(make):
    def df_dy(x, y):
        return make(x, y)

    result = check("1.5", df_dy)
    assert result, result.message


def test_sympy_numbers_pass():
    sympy = pytest.importorskip("sympy")

    def df_dy(x, y):
        X, Y = sympy.Float(x), sympy.Float(y)
        return -(X**3) * sympy.sin(X * Y)

    assert check("1.5", df_dy)
    assert S.GRADIENT_VALUE.check(np.array([sympy.Integer(4), sympy.Rational(26, 2)]))


def test_sympy_expression_with_a_symbol_is_explained():
    sympy = pytest.importorskip("sympy")
    result = check("1.5", lambda x, y: sympy.Symbol("x") * y)
    assert result.message == (
        "❌ Exercise 1.5: df_dy returned Mul “1.3*x” at (x, y) = (0.00, 1.30), but it "
        "still holds a symbol; expected a single number."
    )


def test_float32_arrays_pass_but_wrong_float32_values_fail():
    assert S.GRADIENT_VALUE.check(np.array([4, 13], dtype=np.float32))
    assert not S.GRADIENT_VALUE.check(np.array([4, 13.01], dtype=np.float32))


def test_fraction_and_decimal_in_an_array_pass():
    assert S.GRADIENT_VALUE.check(np.array([Fraction(4), Decimal(13)]))


# ---------------------------------------------------------------------------
# Passing the wrong thing
# ---------------------------------------------------------------------------


def test_result_of_a_call_instead_of_the_function():
    result = check("1.5", df_dy_right(1.0, 0.5))
    assert result.message == (
        "❌ Exercise 1.5: got a value (-0.479425538604203), not a function: pass the "
        'function itself, without parentheses, as in check("1.5", df_dy).'
    )


def test_tuple_from_a_call_instead_of_the_function():
    result = check("1.6", (1.0, 2.0, 3.0))
    assert "not a function: pass the function itself, without parentheses" in (
        result.message
    )
    assert 'check("1.6", partials_g)' in result.message


def test_function_instead_of_a_value():
    result = S.GRADIENT_VALUE.check(lambda: np.array([4.0, 13.0]))
    assert result.message == (
        "❌ Exercise 0.4: got a function, not a value: call it and pass what it returns "
        "as grad_f."
    )


# ---------------------------------------------------------------------------
# Shapes: their own message, before any value, with a hint for the usual causes
# ---------------------------------------------------------------------------


def test_transposed_gradient():
    def backward(W, b, x, t):
        grads = BACKWARD(W, b, x, t)
        return {"W": grads["W"].T, "b": grads["b"]}

    assert S.BACKWARD.check(backward).message == (
        "❌ Exercise 0.2: grad_W has shape (3, 2) but W has shape (2, 3) at W of shape "
        "(2, 3): a gradient has its parameter's shape (transposed?)."
    )


def test_column_where_flat_was_expected():
    result = S.GRAD_MSE.check(lambda X, t, w: GRAD_MSE(X, t, w).reshape(-1, 1))
    assert result.message == (
        f"❌ Exercise 0.1: grad_mse has shape (3, 1) but w has shape (3,) {AT_MSE}: a "
        "column where a flat array was expected; flatten it with .ravel() (mixing (N,) "
        "and (N, 1) broadcasts to (N, N))."
    )


def test_flat_where_column_was_expected():
    from helpers.checks.compare import shape_message

    assert shape_message("grad_b", (4,), (4, 1), "b") == (
        "grad_b has shape (4,) but b has shape (4, 1): a flat array where a column was "
        "expected; use .reshape(-1, 1)"
    )


def test_broadcasting_blow_up_is_named():
    from helpers.checks.compare import shape_hint

    assert shape_hint((5, 5), (5,)) == "broadcasting mixed an (N,) and an (N, 1) array?"


def test_missing_first_axis():
    result = S.BATCH_GRADS.check(
        lambda X, T, W, b: (BATCH(X, T, W, b)[0][0], BATCH(X, T, W, b)[1])
    )
    assert result.message == (
        "❌ Exercise 0.3: grad_W has shape (3,) but W has shape (2, 3) at X of shape "
        "(6, 3): the first axis (of length 2) is missing: a missing batch axis, or a "
        "sum over the wrong axis?"
    )


def test_extra_batch_axis():
    result = S.BATCH_GRADS.check(
        lambda X, T, W, b: (BATCH(X, T, W, b)[0], np.zeros((len(X), len(b))))
    )
    assert result.message == (
        "❌ Exercise 0.3: grad_b has shape (6, 2) but b has shape (2,) at X of shape "
        "(6, 3): an extra leading axis of 6: sum (or average) over the samples, axis 0?"
    )


def test_python_list_of_arrays():
    def grad_mse(X, t, w):
        return [2 * x * (x @ w - ti) / len(X) for x, ti in zip(X, t)]

    assert S.GRAD_MSE.check(grad_mse).message == (
        f"❌ Exercise 0.1: grad_mse returned a list of 5 arrays {AT_MSE}; expected "
        "one array of shape (3,)."
    )


def test_a_list_where_the_text_asks_for_an_array_fails():
    """Even with the right numbers: the cells after it need an array."""
    assert S.GRAD_MSE.check(lambda X, t, w: list(GRAD_MSE(X, t, w))).message == (
        f"❌ Exercise 0.1: grad_mse returned a list {AT_MSE}; the text asks for a "
        "numpy array of shape (3,): return np.array(...), since the cells after it "
        "use its .shape and its entry-by-entry arithmetic, which a list does not have."
    )
    assert S.GRADIENT_VALUE.check((4.0, 13.0)).message == (
        "❌ Exercise 0.4: grad_f is a tuple; the text asks for a numpy array of shape "
        "(2,): store np.array(...), since the cells after it use its .shape and its "
        "entry-by-entry arithmetic, which a tuple does not have."
    )


def test_both_right_answers_as_a_tuple():
    """Where two answers are right, a tuple of both is asked for one of them."""
    u = S.LEVEL_DIRECTION.reference
    assert S.LEVEL_DIRECTION.check((u, -u)).message == (
        "❌ Exercise 0.5: u is a tuple of 2 arrays; expected one array of shape (2,): "
        "either right answer passes, so give just one of them."
    )


def test_bools_where_floats_are_asked():
    result = S.GRADIENT_VALUE.check(np.array([True, False]))
    assert result.message == (
        "❌ Exercise 0.4: grad_f is an array of bools (dtype bool); the text asks for "
        "floats: convert it with .astype(float)."
    )
    result = check("4.1", lambda labels, K: labels[:, None] == np.arange(K))
    assert result.message == (
        "❌ Exercise 4.1: one_hot returned an array of bools (dtype bool) at labels = "
        "[0], K = 1; the text asks for floats: convert it with .astype(float)."
    )


def test_shape_problem_comes_before_value_problem():
    """A wrong shape is reported even when the values are wrong as well."""
    result = S.GRADIENT_VALUE.check(np.array([[1.0], [2.0]]))
    assert result.message.startswith(
        "❌ Exercise 0.4: grad_f has shape (2, 1); expected"
    )


# ---------------------------------------------------------------------------
# Dicts and tuples: each part checked and named
# ---------------------------------------------------------------------------


def test_dict_with_a_missing_key():
    result = S.BACKWARD.check(lambda W, b, x, t: {"W": BACKWARD(W, b, x, t)["W"]})
    assert result.message == (
        "❌ Exercise 0.2: backward's dict has no key 'b' at W of shape (2, 3); expected "
        "the keys 'W', 'b'."
    )


def test_dict_with_an_extra_key():
    result = S.BACKWARD.check(lambda W, b, x, t: {**BACKWARD(W, b, x, t), "c": 1.0})
    assert result.message == (
        "❌ Exercise 0.2: backward's dict has an unexpected key 'c' at W of shape (2, 3); "
        "expected only the keys 'W', 'b'."
    )


def test_dict_with_a_misspelt_key():
    def backward(W, b, x, t):
        grads = BACKWARD(W, b, x, t)
        return {"w": grads["W"], "b": grads["b"]}

    assert S.BACKWARD.check(backward).message.endswith(
        "expected the keys 'W', 'b' ('w' is not one of them: a typo?)."
    )


def test_tuple_where_a_dict_is_expected():
    result = S.BACKWARD.check(lambda W, b, x, t: tuple(BACKWARD(W, b, x, t).values()))
    assert result.message == (
        "❌ Exercise 0.2: backward returned a tuple of 2 values at W of shape (2, 3); "
        "expected a dict with the keys 'W', 'b'."
    )


def test_one_wrong_part_is_named_with_its_entry_and_the_right_parts():
    def backward(W, b, x, t):
        grads = BACKWARD(W, b, x, t)
        return {"W": grads["W"], "b": grads["b"] * 1.5}

    assert S.BACKWARD.check(backward).message == (
        "❌ Exercise 0.2: at W of shape (2, 3) your grad_b[0] is 16.7514; finite "
        "differences give 11.1676 (2 of 2 entries differ; grad_W is right)."
    )


def test_swapped_tuple():
    result = S.BATCH_GRADS.check(lambda X, T, W, b: BATCH(X, T, W, b)[::-1])
    assert result.message == (
        "❌ Exercise 0.3: your first and second entries look swapped: return them in "
        "the order (grad_W, grad_b)."
    )


def test_swapped_partials():
    def partials_g(x, y, z):
        return (
            2 * x * y + z * np.exp(x * z),
            y * np.cos(z) + x * np.exp(x * z),
            x**2 + np.sin(z),
        )

    assert check("1.6", partials_g).message == (
        "❌ Exercise 1.6: your second and third entries look swapped: return them in "
        "the order (∂g/∂x, ∂g/∂y, ∂g/∂z)."
    )


def test_three_entries_in_the_wrong_order():
    def partials_g(x, y, z):
        return (
            x**2 + np.sin(z),
            y * np.cos(z) + x * np.exp(x * z),
            2 * x * y + z * np.exp(x * z),
        )

    assert "your entries look out of order" in check("1.6", partials_g).message


def test_list_instead_of_tuple_passes():
    assert S.BATCH_GRADS.check(lambda X, T, W, b: list(BATCH(X, T, W, b)))


# ---------------------------------------------------------------------------
# Values: the entry of the worst mismatch, with digits that differ
# ---------------------------------------------------------------------------


def test_worst_entry_is_named():
    result = S.GRAD_MSE.check(
        lambda X, t, w: GRAD_MSE(X, t, w) * np.array([1, 1, 1.01])
    )
    assert result.message == (
        f"❌ Exercise 0.1: {AT_MSE} your grad_mse[2] is -0.3423; finite differences "
        "give -0.3389 (1 of 3 entries differ)."
    )


def test_values_are_printed_with_digits_that_differ():
    # A value exercise never prints its expected value: it names the wrong entry.
    result = S.GRADIENT_VALUE.check(np.array([4.0, 13.01]))
    assert result.message == (
        "❌ Exercise 0.4: grad_f is not right in one entry, grad_f[1]."
    )
    # A value typed in with four or five significant digits is right.
    assert S.GRADIENT_VALUE.check(np.array([4.0, 13.0001]))
    close = check("1.7", lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h) + 1e-7)
    assert close.message == (
        "❌ Exercise 1.7: at f(t) = sin, x = 0.00, h = 0.10 your central_difference "
        "gives 0.9983343; the central difference gives 0.9983342."
    )


def test_either_of_two_right_answers_passes():
    assert S.LEVEL_DIRECTION.check(S.LEVEL_DIRECTION.reference)
    assert S.LEVEL_DIRECTION.check(-S.LEVEL_DIRECTION.reference)
    result = S.LEVEL_DIRECTION.check(np.array([1.0, 0.0]))
    assert result.message == (
        "❌ Exercise 0.5: u is a unit vector, but not in the right direction."
    )


# ---------------------------------------------------------------------------
# The edges of the domain, and the reader's warnings
# ---------------------------------------------------------------------------


def test_formula_that_breaks_at_zero_fails():
    """x³ sin(xy) written as x² · (xy) sin(xy) / y divides by zero on the x axis."""

    def df_dy(x, y):
        return -(x**2) * (x * y) * np.sin(x * y) / np.float64(y)

    assert check("1.5", df_dy).message == (
        "❌ Exercise 1.5: df_dy returned nan at (x, y) = (0.00, 0.00); your code warned: "
        "RuntimeWarning (invalid value encountered in scalar divide)."
    )


def test_reader_warning_is_inside_the_verdict(recwarn):
    def df_dy(x, y):
        warnings.warn("slow formula", stacklevel=1)
        return df_dy_right(x, y)

    result = check("1.5", df_dy)
    assert result
    assert result.message.endswith(
        "; your code warned: UserWarning (slow formula) at (x, y) = (0.00, 0.00)."
    )
    assert len(recwarn) == 0  # nothing leaks out as a separate warning box


def test_our_own_numeric_warnings_do_not_leak(recwarn):
    with np.errstate(all="warn"):
        check("1.5", lambda x, y: -(x**2) * np.sin(x * y))
    assert len(recwarn) == 0


# ---------------------------------------------------------------------------
# Choices and debugging tasks
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["b", "B", " (b) ", "b."])
def test_choice_accepts_the_letter_in_common_forms(answer):
    assert S.STEEPEST.check(answer).message == (
        "✅ Exercise 0.6 passed: (b) is right. The directional derivative ∇L·u is "
        "smallest for u = -∇L/‖∇L‖."
    )


def test_choice_wrong_option_gets_its_own_explanation():
    assert S.STEEPEST.check("c").message == (
        "❌ Exercise 0.6: (c) is not right: along a level curve the loss does not "
        "change at all."
    )


def test_choice_not_an_option():
    assert S.STEEPEST.check("d").message == (
        '❌ Exercise 0.6: got \'d\'; answer with one of the letters "a", "b" or "c", as '
        'a string (answer = "a").'
    )


def test_debug_untouched_code_is_not_done_yet():
    def slope(f, x, h):
        return (f(x + h) - f(x - h)) / h

    assert S.DEBUG_SLOPE.check(slope).message == (
        "⏳ Exercise 0.7: slope is still the code as given: find the planted mistake "
        "and fix it."
    )


def test_debug_changed_but_still_wrong_says_the_mistake_is_there():
    result = S.DEBUG_SLOPE.check(lambda f, x, h: (f(x + h) - f(x - h)) * (1 / h))
    assert result.message == (
        "❌ Exercise 0.7: the planted mistake is still there: the estimate is twice the "
        "slope: how far apart are x - h and x + h?"
    )


def test_debug_fixed():
    def slope(f, x, h):
        return (f(x + h) - f(x - h)) / (2 * h)

    assert S.DEBUG_SLOPE.check(slope).message.startswith(
        "✅ Exercise 0.7 passed: the planted mistake is fixed; slope matches"
    )


def test_debug_other_mistake_is_a_value_message():
    result = S.DEBUG_SLOPE.check(lambda f, x, h: (f(x + h) - f(x - h)) / (3 * h))
    assert result.message == (
        "❌ Exercise 0.7: at f = sin, x = 0.00, h = 0.10 your slope gives 0.6656; the "
        "central-difference formula gives 0.9983."
    )


def test_transposed_hint_speaks_of_gradients_only_for_gradients():
    """A transposed array that is not a gradient is not told about parameters."""
    from helpers.checks.compare import shape_hint

    assert shape_hint((3, 2), (2, 3)) == (
        "a gradient has its parameter's shape (transposed?)"
    )
    assert shape_hint((3, 2), (2, 3), gradient=False) == "transposed?"


def test_a_row_where_a_flat_array_was_expected():
    """A bias gradient summed with keepdims=True is a row, not a batch axis."""
    from helpers.checks.compare import shape_hint

    assert shape_hint((1, 3), (3,)) == (
        "a row where a flat array was expected: sum without keepdims, or .ravel()"
    )
    assert shape_hint((6, 3), (3,)).startswith("an extra leading axis of 6")

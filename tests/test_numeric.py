"""Unit tests of ``helpers.numeric``: finite differences, their accuracy and their errors.

Exact derivatives are written out by hand, so every accuracy test compares the central
differences with mathematics, not with another numerical routine.
"""

import math

import numpy as np
import pytest

from helpers import (
    difference_errors,
    directional_derivative,
    numerical_gradient,
    partial_derivative,
)
from helpers.numeric import (
    DEFAULT_STEP,
    central_difference,
    gradient_on_grid,
    precision_errors,
    vectorized,
)

# Central differences with h=1e-5 are good to about 1e-9 relative for these smooth
# functions of order one; 1e-7 leaves a wide margin while still catching any real
# mistake (a wrong sign, factor or index is an O(1) error).
RTOL = 1e-7


def assert_close(got, exact):
    """``got`` matches ``exact`` to RTOL, with an absolute floor scaled to the result."""
    exact = np.asarray(exact, dtype=np.float64)
    atol = 1e-8 * max(1.0, float(np.max(np.abs(exact))))
    np.testing.assert_allclose(got, exact, rtol=RTOL, atol=atol)


# ---------------------------------------------------------------------------
# numerical_gradient: accuracy
# ---------------------------------------------------------------------------

SCALAR_CASES = {
    "cubic": (lambda x: x**3 - 2 * x, lambda x: 3 * x**2 - 2, 1.5),
    "sin": (math.sin, math.cos, 0.7),
    "exp": (math.exp, math.exp, -0.3),
    "log": (math.log, lambda x: 1 / x, 2.5),
    "sin*exp": (
        lambda x: math.sin(x) * math.exp(x),
        lambda x: (math.cos(x) + math.sin(x)) * math.exp(x),
        1.2,
    ),
}


@pytest.mark.parametrize("name", SCALAR_CASES)
def test_scalar_derivative_matches_exact(name):
    """For a scalar x the result is f'(x), to central-difference accuracy."""
    f, df, x = SCALAR_CASES[name]
    assert_close(numerical_gradient(f, x), df(x))


def _quadratic_form():
    rng = np.random.default_rng(1)
    Q = rng.standard_normal((5, 5))  # not symmetric: the gradient is (Q + Q.T) x
    x = rng.standard_normal(5)
    return (lambda x: x @ Q @ x), (Q + Q.T) @ x, x


def _polynomial_trig():
    x = np.array([0.8, -1.3, 0.4])

    def f(v):
        return v[0] ** 2 * v[1] + np.sin(v[2]) * v[0]

    exact = [2 * x[0] * x[1] + np.sin(x[2]), x[0] ** 2, np.cos(x[2]) * x[0]]
    return f, exact, x


def _exp_log():
    x = np.random.default_rng(2).uniform(0.5, 2.0, size=6)
    return (
        lambda x: np.sum(np.exp(x) * np.log(x)),
        np.exp(x) * np.log(x) + np.exp(x) / x,
        x,
    )


def _tanh_squared():
    W = np.random.default_rng(3).standard_normal((4, 5))
    t = np.tanh(W)
    return (lambda W: np.sum(np.tanh(W) ** 2)), 2 * t * (1 - t**2), W


def _trace_form():
    rng = np.random.default_rng(4)
    A = rng.standard_normal((4, 3))
    B = rng.standard_normal((4, 4))
    return (lambda A: np.trace(A.T @ B @ A)), (B + B.T) @ A, A


def _log_det():
    M = 3 * np.eye(4) + 0.5 * np.random.default_rng(5).standard_normal((4, 4))
    return (lambda M: np.log(np.linalg.det(M))), np.linalg.inv(M).T, M


def _cube_3d():
    T = np.random.default_rng(6).standard_normal((2, 3, 4))
    return (lambda T: np.sum(T**3)), 3 * T**2, T


ARRAY_CASES = {
    "x@Q@x": _quadratic_form,
    "poly-trig": _polynomial_trig,
    "exp-log": _exp_log,
    "sum(tanh(W)**2)": _tanh_squared,
    "trace(A.T@B@A)": _trace_form,
    "log(det(M))": _log_det,
    "3-d sum(T**3)": _cube_3d,
}


@pytest.mark.parametrize("name", ARRAY_CASES)
def test_array_gradient_matches_exact(name):
    """For vector, matrix and 3-d x the result is the exact gradient, entry by entry."""
    f, exact, x = ARRAY_CASES[name]()
    grad = numerical_gradient(f, x)
    assert grad.shape == np.shape(x)
    assert_close(grad, exact)


def test_custom_step_is_used():
    """A larger h still converges, and its O(h**2) error is visible as it should be."""
    x = 0.9
    exact = math.cos(x)
    err_small = abs(float(numerical_gradient(math.sin, x, h=1e-4)) - exact)
    err_large = abs(float(numerical_gradient(math.sin, x, h=1e-1)) - exact)
    assert err_small < 1e-8
    # Truncation error of a central difference: h**2 / 6 * |f'''(x)| = h**2/6 * cos(x).
    assert err_large == pytest.approx(1e-2 / 6 * math.cos(x), rel=0.01)


# ---------------------------------------------------------------------------
# numerical_gradient: shapes, dtypes, inputs that must be accepted
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("x", [2, 2.0, np.float32(2.0), np.array(2.0)], ids=repr)
def test_scalar_input_gives_0d_float64(x):
    """A scalar point gives a 0-d float64 array holding f'(x)."""
    grad = numerical_gradient(lambda t: t**3, x)
    assert isinstance(grad, np.ndarray)
    assert grad.shape == ()
    assert grad.dtype == np.float64
    assert_close(grad, 12.0)


def test_scalar_input_reaches_f_as_a_float():
    """With a scalar point, f receives a plain float (so math.sin etc. work)."""
    seen = []

    def f(t):
        seen.append(type(t))
        return math.sin(t)

    numerical_gradient(f, 1)
    assert seen and all(t is float for t in seen)


@pytest.mark.parametrize(
    "x",
    [
        np.array([1, 2, 3]),
        [1, 2, 3],
        (1.0, 2.0, 3.0),
        np.array([1, 2, 3], dtype=np.float32),
        np.array([1, 2, 3], dtype=np.int8),
    ],
    ids=["int-array", "int-list", "float-tuple", "float32", "int8"],
)
def test_vector_inputs_of_any_numeric_type(x):
    """Integer arrays, lists and tuples work: the work is done on a float64 copy."""
    grad = numerical_gradient(lambda v: np.sum(v**2), x)
    assert grad.dtype == np.float64
    assert grad.shape == (3,)
    assert_close(grad, [2.0, 4.0, 6.0])


def test_nested_list_gives_matrix_shape():
    """A list of lists is read as a matrix, and the gradient has its shape."""
    grad = numerical_gradient(lambda A: np.sum(A**2), [[1, 2], [3, 4]])
    assert grad.shape == (2, 2)
    assert_close(grad, [[2.0, 4.0], [6.0, 8.0]])


def test_size_one_array_counts_as_a_scalar_result():
    """A loss returned as an array of shape (1,) is read as a number."""
    grad = numerical_gradient(lambda v: np.array([np.sum(v**2)]), np.array([1.0, -2.0]))
    assert_close(grad, [2.0, -4.0])


@pytest.mark.parametrize(
    "x",
    [
        np.array([0.3, -1.2, 2.5]),
        np.array([[1, 2], [3, 4]]),
        np.random.default_rng(7).standard_normal((3, 4)),
    ],
    ids=["float-vector", "int-matrix", "float-matrix"],
)
def test_caller_array_is_not_mutated(x):
    """numerical_gradient never changes the caller's array, values or dtype."""
    before = x.copy()
    numerical_gradient(lambda v: np.sum(np.sin(v) * v), x)
    assert x.dtype == before.dtype
    np.testing.assert_array_equal(x, before)


def test_caller_array_is_not_perturbed_even_during_evaluation():
    """The perturbations happen on a private copy: the caller's x never changes, even
    while f runs, nor when f raises half-way through."""
    x = np.array([0.3, -1.2, 2.5])
    before = x.copy()
    calls = []

    def f(v):
        np.testing.assert_array_equal(
            x, before
        )  # the caller's array, seen from inside f
        calls.append(1)
        if len(calls) == 4:
            raise RuntimeError("stop half-way")
        return float(np.sum(v**2))

    with pytest.raises(RuntimeError, match="stop half-way"):
        numerical_gradient(f, x)
    np.testing.assert_array_equal(x, before)


def _add_one(v):
    v += 1
    return float(np.sum(v))


def _set_entry(v):
    v[(0,) * v.ndim] = 5.0
    return float(np.sum(v))


def _sort(v):
    v.sort()
    return float(np.sum(v))


def _ufunc_out(v):
    np.multiply(v, 2.0, out=v)
    return float(np.sum(v))


def _clip_when_above_three(v):
    # Writes only at perturbed points: x's first entry is exactly 3, x + h*e_0 is above.
    if v.flat[0] > 3.0:
        v.flat[0] = 3.0
    return float(np.sum(v))


@pytest.mark.parametrize(
    "mutate", [_add_one, _set_entry, _sort, _ufunc_out, _clip_when_above_three]
)
@pytest.mark.parametrize(
    "x",
    [np.array([3.0, 1.0, 2.0]), np.array([[3.0, 1.0], [2.0, 0.5]])],
    ids=["vector", "matrix"],
)
def test_function_that_modifies_its_input_is_refused(mutate, x):
    """f writing into its input raises a clear ValueError; the caller's array is untouched."""
    before = x.copy()
    with pytest.raises(ValueError, match=r"f tried to modify its input array in place"):
        numerical_gradient(mutate, x)
    np.testing.assert_array_equal(x, before)


# ---------------------------------------------------------------------------
# numerical_gradient: every error message
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("f", [5, None, "sin", [1, 2]], ids=repr)
def test_f_not_callable(f):
    """A non-function f is a TypeError that names what was passed."""
    with pytest.raises(
        TypeError, match=rf"f must be a function; got {type(f).__name__}"
    ):
        numerical_gradient(f, [1.0, 2.0])


@pytest.mark.parametrize(
    "result, error, pattern",
    [
        (np.array([1.0, 2.0, 3.0]), TypeError, r"returned an array of shape \(3,\)"),
        (np.ones((2, 2)), TypeError, r"returned an array of shape \(2, 2\)"),
        (None, TypeError, r"returned None.*a return statement"),
        ("1.0", TypeError, r"returned a string '1.0'; expected a single number"),
        (1 + 2j, TypeError, r"returned complex numbers; expected real numbers"),
        (np.complex128(1.0), TypeError, r"returned complex numbers"),
        (True, TypeError, r"returned a bool \(True\)"),
        (np.bool_(False), TypeError, r"returned a bool \(False\)"),
        (math.nan, ValueError, r"returned nan \(not a finite number\)"),
        (math.inf, ValueError, r"returned inf \(not a finite number\)"),
        (-np.inf, ValueError, r"returned -inf \(not a finite number\)"),
    ],
    ids=[
        "vector",
        "matrix",
        "None",
        "str",
        "complex",
        "np.complex128",
        "bool",
        "np.bool_",
        "nan",
        "inf",
        "-inf",
    ],
)
def test_f_returning_something_other_than_a_real_number(result, error, pattern):
    """f must return one finite real number; anything else is named in the error."""
    with pytest.raises(error, match=pattern):
        numerical_gradient(lambda v: result, np.array([1.0, 2.0]))


def test_f_nan_only_at_a_perturbed_point_is_caught():
    """Every evaluation is checked, not only f(x): NaN at x - h is an error too."""

    def f(t):
        return math.nan if t < 1.0 else t

    assert f(1.0) == 1.0
    with pytest.raises(ValueError, match=r"returned nan"):
        numerical_gradient(f, 1.0)


@pytest.mark.parametrize(
    "x, pattern",
    [
        (np.array([1.0, 2.0, np.nan]), r"x holds .*nan.* at index \(?2\b"),
        (np.array([[1.0, 2.0], [np.inf, 3.0]]), r"x holds .*inf.* at index \(1, 0\)"),
        ([0.0, -np.inf], r"x holds .*-inf.* at index \(?1\b"),
        (math.nan, r"x holds .*nan.*; expected finite numbers"),
    ],
    ids=["nan-vector", "inf-matrix", "-inf-list", "nan-scalar"],
)
def test_x_not_finite(x, pattern):
    """NaN or infinity in x is a ValueError naming the value and its index."""
    with pytest.raises(ValueError, match=pattern):
        numerical_gradient(lambda v: np.sum(v), x)


def test_x_not_finite_message_prints_plain_numbers():
    """The message shows ``nan`` as a reader writes it, not numpy's scalar repr."""
    with pytest.raises(ValueError) as info:
        numerical_gradient(lambda v: np.sum(v), np.array([1.0, np.nan]))
    assert "np.float64" not in str(info.value)


@pytest.mark.parametrize(
    "x, error, pattern",
    [
        (None, TypeError, r"x is None"),
        ("1.5", TypeError, r"x is a string '1.5'"),
        (1 + 2j, TypeError, r"x is complex"),
        (np.array([1.0, 2.0j]), TypeError, r"x is complex"),
        ([], ValueError, r"x is empty"),
        (np.zeros((0, 3)), ValueError, r"x is empty"),
        (True, TypeError, r"x is a bool \(True\)"),
        (
            [[1.0, 2.0], [3.0]],
            TypeError,
            r"x is a list of 2 items of different shapes \(\(2,\), \(1,\)\)",
        ),
        ({"a": "1"}, TypeError, r"x\['a'\] is a string '1'"),
    ],
    ids=[
        "None",
        "str",
        "complex",
        "complex-array",
        "empty",
        "empty-2d",
        "bool",
        "ragged",
        "dict with a string",
    ],
)
def test_x_not_a_real_point(x, error, pattern):
    """x that is not real numbers is refused with a message that says what it is."""
    with pytest.raises(error, match=pattern):
        numerical_gradient(lambda v: 0.0, x)


@pytest.mark.parametrize(
    "h, error, pattern",
    [
        (0, ValueError, r"h must be a positive finite number; got 0"),
        (0.0, ValueError, r"h must be a positive finite number; got 0"),
        (-1e-6, ValueError, r"h must be a positive finite number; got -1e-06"),
        (math.nan, ValueError, r"h must be a positive finite number; got nan"),
        (math.inf, ValueError, r"h must be a positive finite number; got inf"),
        ("1e-6", TypeError, r"h must be a positive number; got '1e-6'"),
        (None, TypeError, r"h must be a positive number; got NoneType"),
        (True, TypeError, r"h must be a positive number; got True"),
    ],
    ids=["0", "0.0", "negative", "nan", "inf", "str", "None", "bool"],
)
def test_step_not_a_positive_number(h, error, pattern):
    """h must be a positive finite number; the message repeats what was given."""
    with pytest.raises(error, match=pattern):
        numerical_gradient(math.sin, 1.0, h=h)


# ---------------------------------------------------------------------------
# partial_derivative
# ---------------------------------------------------------------------------


def worked_f(x, y):
    """f(x, y) = x² cos(xy), the book's worked example."""
    return x**2 * np.cos(x * y)


def worked_df_dx(x, y):
    return 2 * x * np.cos(x * y) - x**2 * y * np.sin(x * y)


def worked_df_dy(x, y):
    return -(x**3) * np.sin(x * y)


def g3(x, y, z):
    """g(x, y, z) = x²y + y sin z + e^(xz)."""
    return x**2 * y + y * np.sin(z) + np.exp(x * z)


G3_PARTIALS = (
    lambda x, y, z: 2 * x * y + z * np.exp(x * z),
    lambda x, y, z: x**2 + np.sin(z),
    lambda x, y, z: y * np.cos(z) + x * np.exp(x * z),
)


@pytest.mark.parametrize("point", [(0.5, -1.2), (1.3, 0.7), (-2.0, 0.25)])
def test_partial_derivative_of_worked_example(point):
    """∂f/∂x and ∂f/∂y of x² cos(xy) match the exact partials."""
    assert_close(partial_derivative(worked_f, point, 0), worked_df_dx(*point))
    assert_close(partial_derivative(worked_f, point, 1), worked_df_dy(*point))


@pytest.mark.parametrize("k", range(3))
def test_partial_derivative_three_variables(k):
    """Each of the three partials of g matches its exact formula."""
    point = (0.7, -1.1, 0.4)
    assert_close(partial_derivative(g3, point, k), G3_PARTIALS[k](*point))


@pytest.mark.parametrize("name, index", [("x", 0), ("y", 1)])
def test_wrt_by_name_and_by_index_agree(name, index):
    """wrt="y" and wrt=1 are the same coordinate and give the same number."""
    point = (0.5, -1.2)
    by_name = partial_derivative(worked_f, point, name)
    by_index = partial_derivative(worked_f, point, index)
    assert by_name == by_index
    assert_close(by_name, (worked_df_dx, worked_df_dy)[index](*point))


def test_partial_derivative_returns_a_float():
    """The result is a plain Python float."""
    assert type(partial_derivative(worked_f, (0.5, 1.0), "y")) is float


def test_partial_derivative_accepts_varargs_by_index():
    """A function taking *args works when the coordinate is given by position."""

    def f(*coords):
        return coords[0] * coords[1] ** 2

    assert_close(partial_derivative(f, (3.0, 2.0), 1), 12.0)


def test_partial_derivative_does_not_mutate_point():
    """A numpy point is left as it was."""
    point = np.array([0.5, -1.2])
    before = point.copy()
    partial_derivative(worked_f, point, "x")
    np.testing.assert_array_equal(point, before)


@pytest.mark.parametrize("wrt", [2, 5, -3])
def test_wrt_out_of_range(wrt):
    """A position outside the point is a ValueError with the number of coordinates."""
    with pytest.raises(
        ValueError, match=rf"wrt={wrt} is out of range for a point with 2 coordinate"
    ):
        partial_derivative(worked_f, (0.5, -1.2), wrt)


def test_wrt_name_not_an_argument():
    """An unknown name is a ValueError that lists the argument names."""
    with pytest.raises(
        ValueError, match=r"wrt='z' is not an argument of f; f takes x, y"
    ):
        partial_derivative(worked_f, (0.5, -1.2), "z")


def test_wrt_name_when_names_cannot_be_read():
    """With *args there are no names: the message asks for the position instead."""
    with pytest.raises(ValueError, match=r"pass the argument's position instead"):
        partial_derivative(lambda *a: a[0], (1.0, 2.0), "x")


@pytest.mark.parametrize("wrt", [1.0, True, None, [1]], ids=repr)
def test_wrt_of_wrong_type(wrt):
    """wrt must be an int or a str; anything else is a TypeError."""
    with pytest.raises(TypeError, match=r"wrt must be an argument's position or name"):
        partial_derivative(worked_f, (0.5, -1.2), wrt)


@pytest.mark.parametrize(
    "point, n", [((0.5,), 1), ((0.5, -1.2, 3.0), 3)], ids=["too-few", "too-many"]
)
def test_point_with_wrong_number_of_coordinates(point, n):
    """The point must have one coordinate per argument of f; both counts are named."""
    with pytest.raises(
        ValueError,
        match=rf"f takes 2 argument\(s\) \(x, y\) but point has {n} coordinate\(s\)",
    ):
        partial_derivative(worked_f, point, 0)


def test_point_not_flat():
    """A matrix is not a point of f(x, y)."""
    with pytest.raises(ValueError, match=r"point must be a flat list of coordinates"):
        partial_derivative(worked_f, [[0.5, -1.2]], 0)


@pytest.mark.parametrize(
    "point, error, pattern",
    [
        ((0.5, math.nan), ValueError, r"point holds .*nan.* at index"),
        (None, TypeError, r"point is None"),
        ("xy", TypeError, r"point is a string 'xy'"),
    ],
    ids=["nan", "None", "str"],
)
def test_point_not_real(point, error, pattern):
    """The point is validated like x, with "point" named in the message."""
    with pytest.raises(error, match=pattern):
        partial_derivative(worked_f, point, 0)


def test_partial_derivative_f_not_callable():
    """A non-function f is a TypeError."""
    with pytest.raises(TypeError, match=r"f must be a function; got float"):
        partial_derivative(1.5, (0.5, -1.2), 0)


def test_partial_derivative_step_checked():
    """h is validated as in numerical_gradient."""
    with pytest.raises(ValueError, match=r"h must be a positive finite number; got 0"):
        partial_derivative(worked_f, (0.5, -1.2), 0, h=0)


def test_partial_derivative_f_returns_nan():
    """A non-finite value of f is a ValueError."""
    with pytest.raises(ValueError, match=r"returned nan"):
        partial_derivative(lambda x, y: math.nan, (0.5, -1.2), 0)


@pytest.mark.parametrize("helper", ["partial", "directional"])
def test_parameters_with_defaults_are_not_coordinates(helper):
    """f(x, y, k=2) is a function of (x, y): a 2-d point must be accepted.

    Readers write such functions when binding a loop variable (``lambda x, y, k=k: ...``).
    """

    def f(x, y, k=2):
        return x**k * y

    if helper == "partial":
        result = partial_derivative(f, (1.5, 2.0), "x")
    else:
        result = directional_derivative(f, (1.5, 2.0), (1.0, 0.0))
    assert_close(result, 2 * 1.5 * 2.0)


# ---------------------------------------------------------------------------
# directional_derivative
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "u",
    [(1.0, 0.0), (0.0, -1.0), (0.6, 0.8), (-0.8, 0.6), (2**-0.5, 2**-0.5)],
    ids=repr,
)
def test_directional_derivative_is_gradient_dot_u(u):
    """For a unit u the rate of change is ∇f · u."""
    point = (0.5, -1.2)
    grad = np.array([worked_df_dx(*point), worked_df_dy(*point)])
    assert_close(directional_derivative(worked_f, point, u), grad @ np.array(u))


def test_directional_derivative_in_three_dimensions():
    """In three variables, along a random unit direction, it is ∇g · u."""
    rng = np.random.default_rng(8)
    u = rng.standard_normal(3)
    u /= np.linalg.norm(u)
    point = (0.7, -1.1, 0.4)
    grad = np.array([d(*point) for d in G3_PARTIALS])
    assert_close(directional_derivative(g3, point, u), grad @ u)


def test_directional_derivative_along_axis_is_the_partial():
    """Along e_y the directional derivative is ∂f/∂y, and reversing u negates it."""
    point = (1.3, 0.7)
    along_y = directional_derivative(worked_f, point, (0, 1))
    assert_close(along_y, partial_derivative(worked_f, point, "y"))
    assert_close(directional_derivative(worked_f, point, (0, -1)), -along_y)


@pytest.mark.parametrize(
    "u, norm",
    [((1, 1), "1.41421"), ((3, 4), "5"), ((0.5, 0.0), "0.5"), ((0, 0), "0")],
    ids=repr,
)
def test_u_not_a_unit_vector(u, norm):
    """A non-unit u is a ValueError that reports its norm."""
    with pytest.raises(
        ValueError, match=rf"u must be a unit vector, but its norm is {norm};"
    ):
        directional_derivative(worked_f, (0.5, -1.2), u)


@pytest.mark.parametrize("u", [(1.0, 0.0, 0.0), (1.0,)], ids=["too-long", "too-short"])
def test_u_of_wrong_length(u):
    """u must have as many entries as the point; both shapes are named."""
    with pytest.raises(
        ValueError, match=rf"u has shape \({len(u)},\) but point has shape \(2,\)"
    ):
        directional_derivative(worked_f, (0.5, -1.2), u)


@pytest.mark.parametrize(
    "u, error, pattern",
    [
        (None, TypeError, r"u is None"),
        ((1.0, math.nan), ValueError, r"u holds .*nan"),
        ("ab", TypeError, r"u is a string 'ab'"),
    ],
    ids=["None", "nan", "str"],
)
def test_u_not_real(u, error, pattern):
    """u is validated like a point, with "u" named in the message."""
    with pytest.raises(error, match=pattern):
        directional_derivative(worked_f, (0.5, -1.2), u)


def test_directional_derivative_point_mismatch():
    """The point must match f's arguments, as for partial_derivative."""
    with pytest.raises(
        ValueError, match=r"f takes 2 argument\(s\) \(x, y\) but point has 3"
    ):
        directional_derivative(worked_f, (0.5, -1.2, 1.0), (1.0, 0.0, 0.0))


def test_directional_derivative_does_not_mutate_inputs():
    """Neither point nor u is changed."""
    point, u = np.array([0.5, -1.2]), np.array([0.6, 0.8])
    p0, u0 = point.copy(), u.copy()
    directional_derivative(worked_f, point, u)
    np.testing.assert_array_equal(point, p0)
    np.testing.assert_array_equal(u, u0)


# ---------------------------------------------------------------------------
# difference_errors
# ---------------------------------------------------------------------------


def _slopes(f, df, x):
    """Slopes of log10(error) against log10(h) for h from 1e-1 down to 1e-3."""
    h, forward, central = difference_errors(f, df, x, steps=np.logspace(-1, -3, 9))
    forward_slope = np.polyfit(np.log10(h), np.log10(forward), 1)[0]
    central_slope = np.polyfit(np.log10(h), np.log10(central), 1)[0]
    return forward_slope, central_slope


@pytest.mark.parametrize(
    "f, df, x",
    [
        (np.sin, np.cos, 1.0),
        (np.exp, np.exp, 0.5),
        (lambda t: t**3, lambda t: 3 * t**2, 1.0),
    ],
    ids=["sin", "exp", "cube"],
)
def test_forward_is_first_order_and_central_second_order(f, df, x):
    """Forward errors shrink ~10x per decade of h (slope 1), central ~100x (slope 2)."""
    forward_slope, central_slope = _slopes(f, df, x)
    assert forward_slope == pytest.approx(1.0, abs=0.2)
    assert central_slope == pytest.approx(2.0, abs=0.2)


def test_central_beats_forward_at_small_step():
    """At h = 1e-5 the central difference is far more accurate than the forward one."""
    _, forward, central = difference_errors(np.sin, np.cos, 1.0, steps=[1e-5])
    assert central[0] < forward[0] / 100


def test_difference_errors_values_are_the_formulas():
    """The errors are |(f(x+h)-f(x))/h - f'(x)| and |(f(x+h)-f(x-h))/(2h) - f'(x)|."""
    h, forward, central = difference_errors(math.exp, math.exp, 0.0, steps=[0.1, 0.01])
    np.testing.assert_array_equal(h, [0.1, 0.01])
    for k, s in enumerate((0.1, 0.01)):
        assert forward[k] == pytest.approx(abs((math.exp(s) - 1) / s - 1), rel=1e-12)
        assert central[k] == pytest.approx(
            abs((math.exp(s) - math.exp(-s)) / (2 * s) - 1), rel=1e-9
        )


def test_difference_errors_default_steps():
    """By default 45 steps from 1e-1 down to 1e-12; three float arrays of that length."""
    h, forward, central = difference_errors(np.sin, np.cos, 1.0)
    assert h.shape == forward.shape == central.shape == (45,)
    assert h[0] == pytest.approx(1e-1) and h[-1] == pytest.approx(1e-12)
    assert np.all(np.diff(h) < 0)
    assert np.all(forward >= 0) and np.all(central >= 0)


@pytest.mark.parametrize("steps", [[0.1, -0.01], [0.1, 0.0], [[0.1, 0.01]]], ids=repr)
def test_difference_errors_refuses_bad_steps(steps):
    """Steps must be a flat list of positive numbers."""
    with pytest.raises(
        ValueError, match=r"steps must be a flat list of positive numbers"
    ):
        difference_errors(np.sin, np.cos, 1.0, steps=steps)


# ---------------------------------------------------------------------------
# float32 against float64 (chapter 1)
# ---------------------------------------------------------------------------


def slice_x(x):
    return x**2 * np.cos(x * 0.5)


def slice_x_derivative(x):
    return 2 * x * np.cos(x * 0.5) - x**2 * 0.5 * np.sin(x * 0.5)


@pytest.mark.parametrize(
    "g, dg, x",
    [
        (slice_x, slice_x_derivative, 1.0),
        (slice_x, slice_x_derivative, -0.7),
        (np.sin, np.cos, 1.0),
        (np.exp, np.exp, 0.5),
        (np.tanh, lambda x: 1 / np.cosh(x) ** 2, 0.3),
    ],
    ids=["chapter slice", "slice at -0.7", "sin", "exp", "tanh"],
)
def test_best_step_float32_near_1e_2_to_1e_3_and_float64_near_1e_5(g, dg, x):
    """Round-off eps/h against truncation h²: the best step is about eps^(1/3)."""
    steps, err32, err64 = precision_errors(g, dg, x)
    best32, best64 = steps[np.argmin(err32)], steps[np.argmin(err64)]
    assert 1e-3 * 0.99 <= best32 <= 1e-2 * 1.01, best32
    assert 1e-6 * 0.99 <= best64 <= 1e-4 * 1.01, best64
    # float32 is far worse at its best, and both agree where truncation dominates.
    assert err32.min() > 1e3 * err64.min()
    assert err32[0] == pytest.approx(err64[0], rel=0.01)


def test_float32_errors_are_computed_in_float32():
    """f sees float32 inputs, and its float32 results are what is differenced."""
    seen = []

    def g(x):
        seen.append(type(x))
        return np.sin(x) * 2.0  # a Python float keeps float32 (NEP 50)

    steps, err32, err64 = precision_errors(
        g, lambda x: 2 * np.cos(x), 1.0, steps=[1e-3]
    )
    assert np.float32 in seen and np.float64 in seen
    x32, h32 = np.float32(1.0), np.float32(1e-3)
    expected = (np.sin(x32 + h32) * 2.0 - np.sin(x32 - h32) * 2.0) / (
        np.float32(2) * h32
    )
    assert expected.dtype == np.float32
    assert err32[0] == abs(float(expected) - 2 * np.cos(1.0))


@pytest.mark.parametrize(
    "g",
    [lambda x: math.sin(x), lambda x: np.float64(2.0) * x, lambda x: np.array([x, x])],
    ids=["math.sin", "float64 constant", "two values"],
)
def test_function_leaving_float32_is_refused(g):
    with pytest.raises(TypeError, match="f returned .* for a float32 input"):
        precision_errors(g, np.cos, 1.0)


# ---------------------------------------------------------------------------
# One engine: every derivative is central_difference with DEFAULT_STEP
# ---------------------------------------------------------------------------


def test_central_difference_is_the_symmetric_quotient():
    calls = []

    def shifted(s):
        calls.append(s)
        return math.exp(1.0 + s)

    h = 1e-3
    got = central_difference(shifted, h)
    assert calls == [h, -h]
    assert got == (math.exp(1.0 + h) - math.exp(1.0 - h)) / (2 * h)
    assert central_difference(lambda s: (2.0 + s) ** 2) == pytest.approx(4.0)


def test_every_derivative_takes_the_one_default_step(monkeypatch):
    """partial, directional, gradient, on a grid: all call the engine with DEFAULT_STEP."""
    import helpers.numeric as numeric

    steps = []
    engine = numeric.central_difference

    def spy(shifted, h=DEFAULT_STEP):
        steps.append(h)
        return engine(shifted, h)

    monkeypatch.setattr(numeric, "central_difference", spy)

    def g(x, y):
        return x * y

    numeric.partial_derivative(g, (1.0, 2.0), 0)
    numeric.directional_derivative(g, (1.0, 2.0), (0.6, 0.8))
    numeric.numerical_gradient(lambda p: p[0] * p[1], np.array([1.0, 2.0]))
    numeric.gradient_on_grid(g, np.zeros((2, 2)), np.ones((2, 2)))
    assert steps == [DEFAULT_STEP] * 6


def test_gradient_on_grid_is_the_gradient_at_every_point():
    gx, gy = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-1, 1, 3))
    dx, dy = gradient_on_grid(lambda x, y: x**2 * np.cos(x * y), gx, gy)
    assert dx.shape == dy.shape == gx.shape
    assert_close(dx, 2 * gx * np.cos(gx * gy) - gx**2 * gy * np.sin(gx * gy))
    assert_close(dy, -(gx**3) * np.sin(gx * gy))


def test_gradient_on_grid_at_one_point_agrees_with_partial_derivative():
    def g(x, y):
        return x**2 * np.cos(x * y)

    dx, dy = gradient_on_grid(g, 1.2, -0.4)
    assert dx.shape == () and dy.shape == ()
    assert float(dx) == partial_derivative(g, (1.2, -0.4), 0)
    assert float(dy) == partial_derivative(g, (1.2, -0.4), 1)


def test_gradient_on_grid_of_a_function_written_for_numbers_only():
    gx = np.array([[0.0, 1.0], [2.0, 3.0]])
    dx, dy = gradient_on_grid(lambda x, y: math.sin(x) + 3 * y, gx, np.zeros_like(gx))
    assert_close(dx, np.cos(gx))
    assert_close(dy, np.full_like(gx, 3.0))


@pytest.mark.parametrize(
    "args, kwargs, error, message",
    [
        (("not a function", 1.0, 2.0), {}, TypeError, "f must be a function"),
        ((lambda x: x,), {}, ValueError, "one array of coordinates per argument"),
        ((lambda x: x, "a"), {}, TypeError, r"grids\[0\] is a string"),
        (
            (lambda x: x, 1.0),
            {"h": 0.0},
            ValueError,
            "h must be a positive finite number",
        ),
    ],
)
def test_gradient_on_grid_refuses_bad_input(args, kwargs, error, message):
    with pytest.raises(error, match=message):
        gradient_on_grid(*args, **kwargs)


def test_vectorized_evaluates_entry_by_entry_either_way():
    x = np.array([[0.0, 0.5], [1.0, 1.5]])
    y = np.array([2.0, 3.0])
    numpy_style = vectorized(lambda a, b: a * b)
    scalar_style = vectorized(lambda a, b: math.cos(a) * b)
    assert np.array_equal(numpy_style(x, y), x * y)
    assert np.allclose(scalar_style(x, y), np.cos(x) * y)
    assert scalar_style(x, y).dtype == np.float64
    assert vectorized(lambda a, b: 1.0)(x, y).shape == (2, 2)

"""Unit tests of ``helpers.validate``: every argument check of helpers, in one place.

Each check returns plain Python numbers or new float64 arrays, and refuses bad input
with one line naming the argument, what it got and what was expected: TypeError for
the wrong kind of thing, ValueError for the right kind out of range.
"""

import math
from fractions import Fraction

import numpy as np
import pytest

from helpers.validate import (
    class_labels,
    count,
    interval,
    number,
    point2,
    points2,
    positional_names,
    read_real,
    series,
    variable_names,
)


def test_read_real_copies_to_float64_and_reports_the_inputs_precision():
    given = np.array([1, 2], dtype=np.float32)
    arr, precision = read_real(given, "x")
    assert arr.dtype == np.float64 and precision == float(np.finfo(np.float32).eps)
    arr[0] = 99.0
    assert given[0] == 1.0
    assert read_real([Fraction(1, 2), 2], "x")[0].tolist() == [0.5, 2.0]


@pytest.mark.parametrize(
    "value, error, message",
    [
        (None, TypeError, "x is None; expected a number"),
        ("1.5", TypeError, "x is a string '1.5'"),
        (True, TypeError, r"x is a bool \(True\)"),
        ([1 + 2j], TypeError, "x is complex numbers"),
        ([[1.0], [2.0, 3.0]], TypeError, "items of different shapes"),
        ([1.0, math.nan], ValueError, "x holds nan at index 1; expected finite"),
    ],
)
def test_read_real_refuses_what_is_not_real_numbers(value, error, message):
    with pytest.raises(error, match=message):
        read_real(value, "x")


@pytest.mark.parametrize("value", [0, 3, np.int64(7)])
def test_count_gives_a_plain_int(value):
    got = count(value, "n")
    assert got == int(value) and type(got) is int


@pytest.mark.parametrize(
    "value, minimum, error, message",
    [
        (2.5, 0, TypeError, "n must be a whole number; got 2.5"),
        ("3", 0, TypeError, "n must be a whole number; got '3'"),
        (True, 0, TypeError, "n must be a whole number; got True"),
        (np.float64(2.0), 0, TypeError, "n must be a whole number"),
        (1, 2, ValueError, "n must be at least 2; got 1"),
        (-1, 0, ValueError, "n must be at least 0; got -1"),
    ],
)
def test_count_refuses_what_is_not_a_count(value, minimum, error, message):
    with pytest.raises(error, match=message):
        count(value, "n", minimum)


def test_count_without_a_minimum_takes_negative_numbers():
    assert count(-4, "step", None) == -4


@pytest.mark.parametrize(
    "value, kwargs, expected",
    [
        (0.5, {}, 0.5),
        (-3, {}, -3.0),
        (np.float32(0.25), {"minimum": 0}, 0.25),
        (0, {"minimum": 0}, 0.0),
        (Fraction(1, 4), {"minimum": 0, "strict": True}, 0.25),
    ],
)
def test_number_gives_a_plain_float(value, kwargs, expected):
    got = number(value, "a", **kwargs)
    assert got == expected and type(got) is float


@pytest.mark.parametrize(
    "value, kwargs, error, message",
    [
        ("0.3", {}, TypeError, "a must be a number; got '0.3'"),
        (None, {}, TypeError, "a must be a number; got NoneType"),
        (np.array([1.0]), {}, TypeError, "a must be a number; got ndarray"),
        (math.nan, {}, ValueError, "a must be a finite number; got nan"),
        (-0.1, {"minimum": 0}, ValueError, "a must be a finite number >= 0; got -0.1"),
        (0.0, {"minimum": 0, "strict": True}, ValueError, "a positive finite number"),
        ("x", {"minimum": 0, "strict": True}, TypeError, "a must be a positive number"),
        (1, {"minimum": 2, "strict": True}, ValueError, "a finite number > 2; got 1"),
    ],
)
def test_number_refuses_what_is_not_a_number_in_range(value, kwargs, error, message):
    with pytest.raises(error, match=message):
        number(value, "a", **kwargs)


def test_interval_is_two_increasing_floats():
    assert interval((-1, 3), "xlim") == (-1.0, 3.0)
    with pytest.raises(ValueError, match=r"xlim must be \(low, high\) with low < high"):
        interval((3, -1), "xlim")
    with pytest.raises(
        ValueError, match=r"xlim must be \(low, high\); got shape \(3,\)"
    ):
        interval((0, 1, 2), "xlim")
    with pytest.raises(ValueError, match="with low < high; got"):
        interval((0, math.inf), "xlim")
    with pytest.raises(TypeError, match="xlim is a string"):
        interval("0, 1", "xlim")


def test_point2_speaks_of_the_variables():
    assert point2((1, -2)) == (1.0, -2.0)
    with pytest.raises(ValueError, match=r"point must be \(w, b\); got shape \(3,\)"):
        point2((1, 2, 3), ("w", "b"))
    with pytest.raises(ValueError, match="start holds inf at index 0"):
        point2((math.inf, 0.0), what="start")
    with pytest.raises(TypeError, match=r"expected two numbers \(x, y\)"):
        point2(None)


@pytest.mark.parametrize("names", ["wb", ("w",), ("w", ""), ("w", 2), None])
def test_variable_names_are_two_non_empty_strings(names):
    with pytest.raises(ValueError, match="names must be two non-empty strings"):
        variable_names(names)


def test_points2_is_a_new_float64_array_of_rows():
    X = [[0, 1], [2, 3]]
    assert points2(X).tolist() == [[0.0, 1.0], [2.0, 3.0]]
    with pytest.raises(ValueError, match=r"X must be an array of shape \(N, 2\)"):
        points2(np.zeros(4))
    with pytest.raises(ValueError, match=r"got shape \(0, 2\)"):
        points2(np.zeros((0, 2)))


def test_class_labels_count_the_classes():
    labels, K = class_labels([0, 2, 1, 2], 4)
    assert labels.dtype == np.int64 and K == 3
    assert class_labels([0, 1], 2, n_classes=4)[1] == 4
    with pytest.raises(ValueError, match=r"labels must have shape \(3,\)"):
        class_labels([0, 1], 3)
    with pytest.raises(ValueError, match="labels must be whole numbers"):
        class_labels([0, 0.5], 2)
    with pytest.raises(ValueError, match="n_classes must be at least 3; got 2"):
        class_labels([0, 2], 2, n_classes=2)
    with pytest.raises(ValueError, match="n_classes must be from 1 to 10; got 11"):
        class_labels([0, 1], 2, n_classes=11)


def test_series_names_a_diverged_value():
    assert series([1, 0.5]).tolist() == [1.0, 0.5]
    with pytest.raises(ValueError, match=r"losses\[2\] is inf \(did training diverge"):
        series([1.0, 0.5, math.inf])
    with pytest.raises(ValueError, match="a non-empty 1-D sequence, one value per"):
        series([])


def test_positional_names_are_the_coordinates_a_function_takes():
    assert positional_names(lambda x, y, k=2: x) == ["x", "y"]
    assert positional_names(lambda *p: 0) is None
    assert positional_names(max) is None or isinstance(positional_names(max), list)

"""The small data sets of helpers.data: shapes, determinism, validated arguments."""

import math

import numpy as np
import pytest

from helpers.data import one_neuron_data, regression_data


def test_one_neuron_data_is_four_points():
    x, t = one_neuron_data()
    assert x.shape == t.shape == (4,)


@pytest.mark.parametrize("n, d, m", [(40, 1, 1), (7, 3, 2), (1, 1, 4)])
def test_regression_data_shapes(n, d, m):
    X, T = regression_data(n, d, m)
    assert X.shape == (n, d) and T.shape == (n, m)
    assert X.dtype == T.dtype == np.float64
    assert np.all(np.abs(X) <= 2.0)


def test_regression_data_is_the_same_every_time_and_new_arrays():
    X1, T1 = regression_data(10, 2, 3, seed=3)
    X2, T2 = regression_data(10, 2, 3, seed=3)
    assert np.array_equal(X1, X2) and np.array_equal(T1, T2)
    X1[0, 0] = 99.0  # the caller's copy: the next call is unaffected
    assert regression_data(10, 2, 3, seed=3)[0][0, 0] != 99.0
    X3, _ = regression_data(10, 2, 3, seed=4)
    assert not np.array_equal(X1, X3)


def test_regression_data_without_noise_is_exactly_linear():
    """With noise 0, least squares recovers weights with one decimal, exactly."""
    X, T = regression_data(30, 3, 2, noise=0.0, seed=1)
    A = np.hstack([X, np.ones((len(X), 1))])
    coef = np.linalg.lstsq(A, T, rcond=None)[0]
    assert np.allclose(A @ coef, T, atol=1e-12)
    assert np.allclose(coef, np.round(coef, 1), atol=1e-10)


def test_regression_data_noise_leaves_a_residual():
    X, T = regression_data(40, 1, 1, noise=0.3)
    A = np.hstack([X, np.ones((len(X), 1))])
    residual = T - A @ np.linalg.lstsq(A, T, rcond=None)[0]
    assert 0.1 < float(np.std(residual)) < 0.5


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n_samples": 0}, "n_samples must be a positive whole number; got 0"),
        ({"n_features": 2.5}, "n_features must be a positive whole number; got 2.5"),
        ({"n_outputs": True}, "n_outputs must be a positive whole number; got True"),
        ({"noise": -0.1}, "noise must be a finite number >= 0; got -0.1"),
        ({"noise": math.inf}, "noise must be a finite number >= 0; got inf"),
        ({"noise": "0.3"}, "noise must be a number >= 0; got '0.3'"),
        ({"seed": 1.5}, "seed must be a whole number; got 1.5"),
    ],
)
def test_regression_data_refuses_bad_arguments(kwargs, message):
    with pytest.raises(
        ValueError, match=message.replace("(", r"\(").replace(")", r"\)")
    ):
        regression_data(**kwargs)

"""The data sets of ``helpers.data``: made in code from a seed, the same every time."""

import math

import numpy as np
import pytest

from helpers.data import blobs, one_neuron_data, regression_data


def test_one_neuron_data_is_four_points():
    x, t = one_neuron_data()
    assert x.shape == t.shape == (4,)


def test_blobs_shapes_and_types():
    X, labels = blobs(20, 4, seed=1)
    assert X.shape == (80, 2) and X.dtype == np.float64
    assert labels.shape == (80,) and labels.dtype.kind == "i"
    assert np.bincount(labels).tolist() == [20, 20, 20, 20]


def test_blobs_same_seed_same_numbers_other_seed_others():
    X1, l1 = blobs(seed=7)
    X2, l2 = blobs(seed=7)
    X3, _ = blobs(seed=8)
    assert np.array_equal(X1, X2) and np.array_equal(l1, l2)
    assert not np.allclose(X1, X3)


def test_blobs_are_shuffled():
    """The rows do not come class by class."""
    _, labels = blobs(30, 3, seed=0)
    assert len(set(labels[:30].tolist())) == 3


def test_blobs_gather_around_centres_on_the_circle():
    """Each class's mean is near its centre at angle 2πk/K on the circle of radius r."""
    X, labels = blobs(2000, 3, spread=0.5, radius=3.0, seed=2)
    for k in range(3):
        angle = 2 * np.pi * k / 3
        centre = 3.0 * np.array([np.cos(angle), np.sin(angle)])
        mine = X[labels == k]
        assert np.allclose(mine.mean(axis=0), centre, atol=0.05)
        assert np.allclose(mine.std(axis=0), 0.5, atol=0.03)


def test_blobs_default_is_nearly_but_not_perfectly_separable():
    """A point's nearest centre is its own class for most points, but not all."""
    X, labels = blobs()
    angles = 2 * np.pi * np.arange(3) / 3
    centres = 2.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    nearest = np.argmin(((X[:, None, :] - centres) ** 2).sum(axis=2), axis=1)
    agree = np.mean(nearest == labels)
    assert 0.85 < agree < 1.0


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"n_per_class": 0}, ValueError, "n_per_class must be at least 1; got 0"),
        ({"n_per_class": 2.5}, TypeError, "n_per_class must be a whole number"),
        ({"n_classes": 1}, ValueError, "n_classes must be at least 2; got 1"),
        ({"n_classes": True}, TypeError, "n_classes must be a whole number"),
        ({"spread": 0.0}, ValueError, "spread must be a positive finite number"),
        ({"spread": "wide"}, TypeError, "spread must be a positive number"),
        ({"radius": np.inf}, ValueError, "radius must be a positive finite number"),
        ({"seed": -1}, ValueError, "seed must be at least 0"),
    ],
)
def test_blobs_refuse_bad_arguments_naming_them(kwargs, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(")) as info:
        blobs(**kwargs)
    assert "\n" not in str(info.value)


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
    "kwargs, error, message",
    [
        ({"n_samples": 0}, ValueError, "n_samples must be at least 1; got 0"),
        ({"n_features": 2.5}, TypeError, "n_features must be a whole number; got 2.5"),
        ({"n_outputs": True}, TypeError, "n_outputs must be a whole number; got True"),
        ({"noise": -0.1}, ValueError, "noise must be a finite number >= 0; got -0.1"),
        (
            {"noise": math.inf},
            ValueError,
            "noise must be a finite number >= 0; got inf",
        ),
        ({"noise": "0.3"}, TypeError, "noise must be a number >= 0; got '0.3'"),
        ({"seed": 1.5}, TypeError, "seed must be a whole number; got 1.5"),
        ({"seed": -1}, ValueError, "seed must be at least 0; got -1"),
    ],
)
def test_regression_data_refuses_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        regression_data(**kwargs)

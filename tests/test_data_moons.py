"""The two half-moons of chapter 6: seeded, shaped, and not linearly separable."""

import numpy as np
import pytest

from helpers.data import two_moons
from helpers.ml import one_hot, softmax


def test_two_moons_shapes_and_labels():
    X, labels = two_moons(30)
    assert X.shape == (60, 2) and X.dtype == np.float64
    assert labels.shape == (60,) and labels.dtype == np.int64
    assert np.bincount(labels).tolist() == [30, 30]


def test_two_moons_is_repeatable_and_seeded():
    a, la = two_moons(20, seed=3)
    b, lb = two_moons(20, seed=3)
    c, _ = two_moons(20, seed=4)
    assert np.array_equal(a, b) and np.array_equal(la, lb)
    assert not np.array_equal(a, c)


def test_two_moons_without_noise_lie_on_their_half_circles():
    X, labels = two_moons(50, noise=1e-12)
    upper, lower = X[labels == 0], X[labels == 1]
    assert np.allclose(np.hypot(*upper.T), 1.0)
    assert np.all(upper[:, 1] >= -1e-9)
    assert np.allclose(np.hypot(1.0 - lower[:, 0], 0.5 - lower[:, 1]), 1.0)
    assert np.all(lower[:, 1] <= 0.5 + 1e-9)


def test_two_moons_are_shuffled():
    _, labels = two_moons(50)
    assert 0 < labels[:50].sum() < 50


def test_no_straight_line_separates_the_moons():
    """A softmax-regression classifier trained to convergence stays well below 100%."""
    X, labels = two_moons(100)
    T = one_hot(labels, 2)
    A = np.column_stack([X, np.ones(len(X))])
    W = np.zeros((3, 2))
    for _ in range(3000):
        W -= 0.5 * A.T @ (softmax(A @ W) - T) / len(X)
    accuracy = np.mean(np.argmax(A @ W, axis=1) == labels)
    assert 0.75 < accuracy < 0.95


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_per_class": 0}, ValueError, "n_per_class must be at least 1"),
        ({"n_per_class": 2.5}, TypeError, "n_per_class must be a whole number"),
        ({"noise": 0.0}, ValueError, "noise must be a positive finite number"),
        ({"noise": "a"}, TypeError, "noise must be a positive number"),
        ({"seed": -1}, ValueError, "seed must be at least 0"),
    ],
)
def test_two_moons_refuses_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        two_moons(**kwargs)

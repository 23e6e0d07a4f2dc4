"""The data sets of ``helpers.data``: made in code from a seed, the same every time."""

import numpy as np
import pytest

from helpers.data import blobs, one_neuron_data


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
        ({"n_per_class": 2.5}, TypeError, "n_per_class must be an integer"),
        ({"n_classes": 1}, ValueError, "n_classes must be at least 2; got 1"),
        ({"n_classes": True}, TypeError, "n_classes must be an integer"),
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

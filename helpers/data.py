"""Small data sets made in code: no downloads, the same numbers everywhere."""

from __future__ import annotations

import numpy as np

from .validate import count, number


def one_neuron_data() -> tuple[np.ndarray, np.ndarray]:
    """Chapter 1's four points ``(x_i, t_i)``: inputs ``x`` and targets ``t``.

    The targets lie close to the line ``t = 1.45 x - 0.3``, the least-squares fit of a
    one-neuron model ``y = w x + b``, without lying on it, so the loss is never zero.

    Returns
    -------
    x, t : numpy.ndarray
        Two new float64 arrays of shape (4,).
    """
    return np.array([-1.0, 0.0, 1.0, 2.0]), np.array([-1.8, -0.2, 1.1, 2.6])


def blobs(
    n_per_class: int = 50,
    n_classes: int = 3,
    *,
    spread: float = 0.8,
    radius: float = 2.0,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Points in the plane in ``n_classes`` round clouds: a classification data set.

    The centre of class ``k`` (``k = 0, ..., K - 1`` in code, class ``k + 1`` in the
    mathematics) lies on a circle of the given ``radius`` around the origin, at the
    angle ``2 pi k / K``; each point is its centre plus Gaussian noise of standard
    deviation ``spread`` in each coordinate. With the defaults the clouds touch, so a
    linear classifier gets most points right but not all. The samples are shuffled,
    so that the classes are mixed in the order of the rows.

    Parameters
    ----------
    n_per_class : int
        Points per class (at least 1); ``N = n_per_class * n_classes``.
    n_classes : int
        Number of classes ``K`` (at least 2).
    spread : float
        Standard deviation of the noise around each centre (positive).
    radius : float
        Distance of the centres from the origin (positive).
    seed : int
        Seeds ``np.random.default_rng``: the same seed gives the same numbers.

    Returns
    -------
    X : numpy.ndarray
        Float64 array of shape (N, 2), one sample per row.
    labels : numpy.ndarray
        Integer array of shape (N,), the class of each row, in ``0, ..., K - 1``.

    Raises
    ------
    TypeError, ValueError
        For an argument of the wrong type or out of range; the message names it.
    """
    n_per_class = count(n_per_class, "n_per_class", 1)
    n_classes = count(n_classes, "n_classes", 2)
    spread = number(spread, "spread", minimum=0, strict=True)
    radius = number(radius, "radius", minimum=0, strict=True)
    seed = count(seed, "seed", 0)
    rng = np.random.default_rng(seed)
    angles = 2 * np.pi * np.arange(n_classes) / n_classes
    centres = radius * np.column_stack([np.cos(angles), np.sin(angles)])
    labels = np.repeat(np.arange(n_classes), n_per_class)
    X = centres[labels] + spread * rng.standard_normal((labels.size, 2))
    order = rng.permutation(labels.size)
    return X[order], labels[order].astype(np.int64)


def regression_data(
    n_samples: int = 40,
    n_features: int = 1,
    n_outputs: int = 1,
    *,
    noise: float = 0.3,
    seed: int = 5,
) -> tuple[np.ndarray, np.ndarray]:
    """A linear-regression data set: inputs ``X`` and targets ``T = X W_trueᵀ + b_true``.

    Generalises :func:`one_neuron_data` to ``D`` inputs and ``M`` outputs. The inputs
    are drawn uniformly from [-2, 2], the true weights ``W_true`` (shape (M, D)) and
    bias ``b_true`` (shape (M,)) from a standard normal, rounded to one decimal, and
    the targets get Gaussian noise of standard deviation ``noise``, so a linear model
    fits them well but not exactly. The same arguments give the same numbers on every
    machine.

    Parameters
    ----------
    n_samples, n_features, n_outputs : int
        N, D and M: the shapes of ``X`` (N, D) and ``T`` (N, M). With one output,
        ``T`` is still a column, of shape (N, 1); use ``T[:, 0]`` for a flat target.
    noise : float
        Standard deviation of the noise added to the targets (0 for an exact fit).
    seed : int
        Seed of the random generator.

    Returns
    -------
    X, T : numpy.ndarray
        Two new float64 arrays of shapes (N, D) and (N, M).

    Raises
    ------
    TypeError, ValueError
        If a size is not a whole number of at least 1, or ``noise`` is not a finite
        number >= 0 (the message names the argument and what it got).
    """
    N = count(n_samples, "n_samples", 1)
    D = count(n_features, "n_features", 1)
    M = count(n_outputs, "n_outputs", 1)
    noise = number(noise, "noise", minimum=0)
    seed = count(seed, "seed", 0)
    rng = np.random.default_rng(seed)
    W_true = np.round(rng.standard_normal((M, D)), 1)
    b_true = np.round(rng.standard_normal(M), 1)
    X = rng.uniform(-2.0, 2.0, size=(N, D))
    T = X @ W_true.T + b_true + noise * rng.standard_normal((N, M))
    return X, T


def two_moons(
    n_per_class: int = 100,
    *,
    noise: float = 0.15,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half-moons in the plane: no straight line separates them.

    Class 0 (class 1 of the text) lies on the upper half of the unit circle,
    ``(cos s, sin s)`` for ``s`` in ``[0, pi]``; class 1 on a lower half-circle shifted
    right and up, ``(1 - cos s, 0.5 - sin s)``, whose tip reaches into the first
    moon's hollow. Each point gets Gaussian noise of standard deviation ``noise`` in
    each coordinate, and the rows are shuffled. A linear classifier gets about
    nine points in ten right; a network with one hidden layer can get them all.

    Parameters
    ----------
    n_per_class : int
        Points per moon (at least 1); ``N = 2 * n_per_class``.
    noise : float
        Standard deviation of the noise (positive).
    seed : int
        Seeds ``np.random.default_rng``: the same seed gives the same numbers.

    Returns
    -------
    X : numpy.ndarray
        Float64 array of shape (N, 2), one sample per row.
    labels : numpy.ndarray
        Integer array of shape (N,), the moon of each row, 0 or 1.

    Raises
    ------
    TypeError, ValueError
        For an argument of the wrong type or out of range; the message names it.
    """
    n_per_class = count(n_per_class, "n_per_class", 1)
    noise = number(noise, "noise", minimum=0, strict=True)
    seed = count(seed, "seed", 0)
    rng = np.random.default_rng(seed)
    s = rng.uniform(0.0, np.pi, size=(2, n_per_class))
    upper = np.column_stack([np.cos(s[0]), np.sin(s[0])])
    lower = np.column_stack([1.0 - np.cos(s[1]), 0.5 - np.sin(s[1])])
    X = np.vstack([upper, lower]) + noise * rng.standard_normal((2 * n_per_class, 2))
    labels = np.repeat(np.arange(2), n_per_class)
    order = rng.permutation(labels.size)
    return X[order], labels[order].astype(np.int64)

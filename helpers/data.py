"""Small data sets made in code: no downloads, the same numbers everywhere."""

from __future__ import annotations

import numpy as np


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
    ValueError
        If a size is not a positive whole number, or ``noise`` is negative or not
        finite (the message names the argument and what it got).
    """
    sizes = {"n_samples": n_samples, "n_features": n_features, "n_outputs": n_outputs}
    for name, value in sizes.items():
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise ValueError(f"{name} must be a positive whole number; got {value!r}")
        if value < 1:
            raise ValueError(f"{name} must be a positive whole number; got {value}")
    if isinstance(noise, bool) or not isinstance(noise, (int, float, np.floating)):
        raise ValueError(f"noise must be a number >= 0; got {noise!r}")
    if not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number >= 0; got {noise}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ValueError(f"seed must be a whole number; got {seed!r}")
    rng = np.random.default_rng(int(seed))
    W_true = np.round(rng.standard_normal((int(n_outputs), int(n_features))), 1)
    b_true = np.round(rng.standard_normal(int(n_outputs)), 1)
    X = rng.uniform(-2.0, 2.0, size=(int(n_samples), int(n_features)))
    T = (
        X @ W_true.T
        + b_true
        + float(noise) * rng.standard_normal(X.shape[:1] + b_true.shape)
    )
    return X, T

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

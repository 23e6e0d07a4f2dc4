"""What the exercises of several chapters share: chapter 1's running example.

Chapters 1 to 3 fit one neuron without an activation, y = w x + b, to four points
with the mean squared error L(w, b), and chapter 2 reuses chapter 1's worked example.
The names are the notebooks' own (``x_data``, ``loss``, ``dL_dw``), so that a book's
solution reads the same in a chapter's module as on its page.
"""

from __future__ import annotations

import numpy as np

from ..data import one_neuron_data

x_data, t_data = one_neuron_data()
"""The four points (inputs and targets) of chapters 1 to 3."""


def loss(w: float, b: float) -> float:
    """The running example: L(w, b), the mean squared error of y = w x + b."""
    return float(np.mean((w * x_data + b - t_data) ** 2))


def dL_dw(w: float, b: float) -> float:
    """∂L/∂w = (2/N) Σᵢ r⁽ⁱ⁾ x⁽ⁱ⁾, with the residuals r⁽ⁱ⁾ = w x⁽ⁱ⁾ + b - t⁽ⁱ⁾."""
    return 2 * np.mean((w * x_data + b - t_data) * x_data)


def dL_db(w: float, b: float) -> float:
    """∂L/∂b = (2/N) Σᵢ r⁽ⁱ⁾."""
    return 2 * np.mean(w * x_data + b - t_data)


def loss_gradient(w: float, b: float) -> np.ndarray:
    """∇L at (w, b): the array (∂L/∂w, ∂L/∂b)."""
    return np.array([dL_dw(w, b), dL_db(w, b)])


def worked_f(x: float, y: float) -> float:
    """Chapter 1's worked example: f(x, y) = x² cos(xy)."""
    return x**2 * np.cos(x * y)

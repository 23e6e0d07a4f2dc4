"""Building an exercise's cases and the words that describe them in messages.

Shared by every chapter's module: seeded points with two decimals, a point or a
vector in words, and the pointer to the section a hint sends the reader to.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Callable

import numpy as np


def points(
    seed: int,
    n: int,
    dims: int,
    low: float = -2.0,
    high: float = 2.0,
    edges: Sequence[Sequence[float]] = (),
) -> tuple[tuple[float, ...], ...]:
    """``edges`` (zeros, axes, large values), then ``n`` seeded points, two decimals each.

    Two decimals make the messages print the points exactly.
    """
    rng = np.random.default_rng(seed)
    pts = np.round(rng.uniform(low, high, size=(n, dims)), 2) + 0.0  # no -0.00
    chosen = [tuple(float(v) for v in p) for p in edges]
    chosen += [tuple(float(v) for v in p) for p in pts]
    return tuple(chosen)


def see(section: str) -> str:
    """How a hint points to the section to reread: ``(see "The definition")``."""
    return f'(see "{section}")'


def describe_point(names: str) -> Callable[..., str]:
    """``describe_point("x, y")(0.5, -1.2)`` gives ``"(x, y) = (0.50, -1.20)"``."""

    def describe(*coords: float) -> str:
        return f"({names}) = ({', '.join(f'{c:.2f}' for c in coords)})"

    return describe


def describe_vector(v: Any) -> str:
    """``describe_vector([0.5, -1.2])`` gives ``"(0.50, -1.20)"``: every entry, flattened."""
    return f"({', '.join(f'{c:.2f}' for c in np.asarray(v, dtype=float).ravel())})"

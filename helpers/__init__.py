"""Numeric checks, exercises and figures for *Multivariable Calculus for Machine Learning*.

Every chapter starts with ``from helpers import ...``. Importing is cheap: matplotlib
loads only when ``helpers.figures`` is first imported, and ipywidgets only when a
live figure is first built.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from . import exercises
from .checks import (
    AnyOf,
    CheckResult,
    backprop_check,
    gradient_check,
    network_nodes,
    relative_error,
)
from .exercises import check, hint, prefer
from .numeric import (
    difference_errors,
    directional_derivative,
    numerical_gradient,
    partial_derivative,
)

__all__ = [
    "AnyOf",
    "CheckResult",
    "backprop_check",
    "check",
    "difference_errors",
    "directional_derivative",
    "exercises",
    "figures",
    "gradient_check",
    "hint",
    "network_nodes",
    "numerical_gradient",
    "partial_derivative",
    "prefer",
    "relative_error",
]

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # The figures pull in matplotlib and ipywidgets: load them on first use.
    if name == "figures":
        return import_module(f".{name}", __name__)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")

"""The book's figures, one module per chapter: import them from here.

A chapter imports every figure it draws from this package, whichever chapter wrote
it (chapter 6 draws chapter 4's decision regions)::

    from helpers.figures import explore_partials, plot_partials

Where the code lives is for contributors: ``base.py`` and ``player.py`` hold what all
figures share (colours, sizes, level curves, the live sliders, the frame player), and
``ch01.py`` to ``ch07.py`` each hold the figures of the chapter that introduces them.
No chapter module imports another; the classes that draw the interactive figures
(``PartialsFigure``, ...) are imported from their chapter's module.

Importing this package loads matplotlib (``import helpers`` does not); ipywidgets
loads when the first live figure is built. In a notebook it also tags each figure
the notebook shows as PNG with the size of its smallest text (``player.py``), which
the website's tests read.
"""

from __future__ import annotations

from .base import plot_level_curves
from .ch01 import explore_partials, plot_partials
from .ch02 import explore_directions, plot_directional_slice
from .ch03 import explore_descent, plot_descent, plot_gradient_field
from .ch04 import (
    CLASS_COLORS,
    CLASS_MARKERS,
    explore_training,
    plot_decision_regions,
    plot_loss_curve,
)
from .ch05 import explore_regression_descent, plot_loss_contours
from .ch06 import plot_computational_graph
from .ch07 import explore_step_errors, plot_difference_errors, plot_precision_errors
from .player import InteractiveFigure, tag_inline_figures

tag_inline_figures()

__all__ = [
    "CLASS_COLORS",
    "CLASS_MARKERS",
    "InteractiveFigure",
    "explore_descent",
    "explore_directions",
    "explore_partials",
    "explore_regression_descent",
    "explore_step_errors",
    "explore_training",
    "plot_computational_graph",
    "plot_decision_regions",
    "plot_descent",
    "plot_directional_slice",
    "plot_difference_errors",
    "plot_gradient_field",
    "plot_level_curves",
    "plot_loss_contours",
    "plot_loss_curve",
    "plot_partials",
    "plot_precision_errors",
]

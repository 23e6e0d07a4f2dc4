"""Deprecated: the interactive figures live in :mod:`helpers.figures`.

This module re-exports them under their old names for one release; import them from
``helpers.figures`` instead (``from helpers.figures import explore_partials``).
"""

from __future__ import annotations

import warnings

from .figures import (
    InteractiveFigure,
    explore_descent,
    explore_directions,
    explore_partials,
    explore_regression_descent,
    explore_training,
)
from .figures.ch01 import PARTIALS_NOTE as STILL_NOTE
from .figures.ch01 import PartialsFigure, circle_path
from .figures.ch02 import DIRECTIONS_NOTE, DirectionsFigure
from .figures.ch03 import DESCENT_NOTE, DescentFigure
from .figures.ch04 import TRAINING_NOTE, TrainingFigure
from .figures.ch05 import REGRESSION_NOTE, RegressionDescentFigure, descent_frames
from .figures.player import WIDGET_MIMETYPE, frame_player

__all__ = [
    "DESCENT_NOTE",
    "DIRECTIONS_NOTE",
    "REGRESSION_NOTE",
    "STILL_NOTE",
    "TRAINING_NOTE",
    "WIDGET_MIMETYPE",
    "DescentFigure",
    "DirectionsFigure",
    "InteractiveFigure",
    "PartialsFigure",
    "RegressionDescentFigure",
    "TrainingFigure",
    "circle_path",
    "descent_frames",
    "explore_descent",
    "explore_directions",
    "explore_partials",
    "explore_regression_descent",
    "explore_training",
    "frame_player",
]

warnings.warn(
    "helpers.widgets is deprecated and will be removed in the next release: import "
    "the interactive figures from helpers.figures",
    DeprecationWarning,
    stacklevel=2,
)

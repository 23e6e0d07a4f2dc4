"""Chapter 7's figures: the error of a finite difference against its step.

Two still figures come from chapter 1's first look at the step and are drawn here,
where the step is chosen: :func:`plot_difference_errors` (forward against central
differences, with guides of slope 1 and 2) and :func:`plot_precision_errors` (the
central difference in float32 and in float64, each curve's best step circled).

The interactive figure, :class:`StepErrorFigure`, draws the relative error of the
central difference against the step for one function, in the precision chosen (the
other precision faint behind it), marks the best step measured on the grid and the
step chosen, and says in its title how far the chosen step is from the best. One
class draws it as live controls and as the website's frame player
(:func:`explore_step_errors`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Callable

import matplotlib.pyplot as plt
import numpy as np

from ..numeric import difference_errors, precision_errors
from .base import (
    FRAME_WIDTH,
    LABEL_SIZE,
    POINT_COLOR,
    TICK_SIZE,
    TITLE_SIZE,
    new_figure,
    style_axes,
)
from .player import InteractiveFigure, frame_player, png

PRECISION_COLORS = {"float64": "C2", "float32": "C4"}
"""The central difference in float64 green and in float32 purple, as in
:func:`plot_precision_errors`."""
PRECISION_MARKERS = {"float64": "s", "float32": "^"}


# --- the error of a finite difference against its step ---------------------------


def _slope_guide(
    ax: Any,
    steps: np.ndarray,
    errors: np.ndarray,
    order: int,
    color: str,
    label: str,
    *,
    side: str = "below",
    factor: float = 10.0,
) -> None:
    """A dotted line of slope ``order``, a decade away from the data, labelled at its end.

    Over the steps where truncation dominates (h >= 1e-4) the guide runs parallel to
    the curve and at least ``factor`` below it (``side="below"``: its constant is the
    smallest ``error / h**order``, divided by ``factor``) or above it (the largest,
    times ``factor``), so that it never lies on the data.
    """
    big = (steps >= 1e-4) & (errors > 0)
    if big.sum() < 2:
        return
    h = steps[big]
    ratio = errors[big] / h**order
    c = float(ratio.min()) / factor if side == "below" else float(ratio.max()) * factor
    guide = c * h**order
    ax.loglog(h, guide, ":", color=color, lw=1.5, label=label)
    # The label sits at the guide's small-h end, away from the data: under the end of
    # a guide below the data, left of the end of one above it.
    end = int(np.argmin(h))
    ax.annotate(
        f"slope {order}",
        (h[end], guide[end]),
        xytext=(2, -5) if side == "below" else (-4, 0),
        textcoords="offset points",
        ha="left" if side == "below" else "right",
        va="top" if side == "below" else "center",
        color=color,
        fontsize=TICK_SIZE,
    )


def plot_difference_errors(
    f: Callable[[float], float],
    df: Callable[[float], float],
    x: float,
    *,
    steps: Sequence[float] | None = None,
    ax: Any = None,
) -> Any:
    """Error of forward and central differences against the step h, on log-log axes.

    Dotted guide lines of slope 1 (a decade above the forward curve) and slope 2 (a
    decade below the central one), labelled at their ends, show the O(h) and O(h²)
    truncation errors; below h ≈ 1e-5 round-off takes over and the errors grow again.
    """
    steps_used, forward, central = difference_errors(f, df, x, steps=steps)
    if ax is None:
        ax = plt.figure(figsize=ERRORS_SIZE).add_subplot()
    floor = np.finfo(float).tiny
    ax.loglog(
        steps_used,
        np.maximum(forward, floor),
        "o-",
        color="C3",
        ms=3,
        label="forward (f(x+h) - f(x)) / h",
    )
    ax.loglog(
        steps_used,
        np.maximum(central, floor),
        "s-",
        color="C2",
        ms=3,
        label="central (f(x+h) - f(x-h)) / 2h",
    )
    # Above the forward curve and below the central one: the space between the two
    # curves stays free, and neither guide crosses either curve.
    _slope_guide(ax, steps_used, forward, 1, "C3", "slope 1: O(h)", side="above")
    _slope_guide(ax, steps_used, central, 2, "C2", "slope 2: O(h²)", side="below")
    ax.axvspan(1e-6, 1e-5, color="0.85", zorder=0, label="good steps for central")
    return _finish_error_axes(ax)


ERRORS_SIZE = (7.4, 4.4)
"""Inches of a still error plot: as wide as the column shows it, its legend under
the axes (beside them it would take a third of the width and shrink the text)."""


def _finish_error_axes(ax: Any) -> Any:
    """Labels, range, legend and grid shared by the finite-difference error plots."""
    ax.set_xlabel("step h", fontsize=LABEL_SIZE)
    ax.set_ylabel("absolute error", fontsize=LABEL_SIZE)
    ax.tick_params(labelsize=TICK_SIZE)
    ax.set_ylim(1e-13, 10)
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.2),
        ncol=2,
        fontsize=TICK_SIZE,
        frameon=False,
    )
    ax.grid(True, which="major", alpha=0.3)
    return ax


def plot_precision_errors(
    f: Callable[[Any], Any],
    df: Callable[[float], float],
    x: float,
    *,
    steps: Sequence[float] | None = None,
    ax: Any = None,
) -> Any:
    """Error of the central difference against h, in float32 and in float64.

    The two curves share the O(h²) truncation error at large h; round-off, which grows
    like eps/h, takes over much earlier in float32 (eps = 1.2e-7) than in float64 (eps =
    2.2e-16). Each curve's best step is marked: near 1e-2..1e-3 in float32, near 1e-5 in
    float64. See :func:`precision_errors` for how f is evaluated in float32.
    """
    steps_used, err32, err64 = precision_errors(f, df, x, steps=steps)
    if ax is None:
        ax = plt.figure(figsize=ERRORS_SIZE).add_subplot()
    floor = 1e-16
    for errors, color, marker, name in (
        (err32, "C4", "^", "float32"),
        (err64, "C2", "s", "float64"),
    ):
        ax.loglog(
            steps_used,
            np.maximum(errors, floor),
            f"{marker}-",
            color=color,
            ms=3,
            label=f"central difference in {name}",
        )
        best = int(np.argmin(errors))
        ax.plot(
            steps_used[best],
            max(errors[best], floor),
            "o",
            ms=11,
            mfc="none",
            mec=color,
            mew=1.8,
            label=f"best step in {name}: h ≈ {steps_used[best]:.0e}",
        )
    return _finish_error_axes(ax)


# --- the interactive figure: error against step, for a chosen function ------------

STEP_ERRORS_SIZE = (FRAME_WIDTH, 3.9)
"""Inches: one log-log panel, its legend to the right."""
STEP_GRID = np.logspace(-1, -12, 45)
"""The steps the curves are drawn at: 1e-1 down to 1e-12, four per decade."""
ERROR_FLOOR = 1e-17
"""Where a zero error is drawn on the logarithmic axis (below the axis' range)."""
STEP_ERRORS_NOTE = (
    "A still image of the interactive figure: run the cell to choose the function, "
    "the precision and the step."
)


class StepErrorFigure:
    """The relative error of the central difference against the step, one function.

    ``functions`` maps a name (shown in the menu) to ``(f, df, x, tex)``: the function,
    its exact derivative, the point, and the function in mathtext for the title
    (``r"$\\sin(1000x)$"``). The errors of both precisions are computed once per
    function, with :func:`~helpers.numeric.precision_errors`, and divided by
    ``|df(x)|``; :meth:`update` redraws the two curves, the best step and the chosen
    step.
    """

    def __init__(
        self,
        functions: Mapping[str, tuple[Callable, Callable, float, str]],
        *,
        pyplot: bool = False,
    ) -> None:
        if not functions:
            raise ValueError("functions must name at least one function")
        self.functions = dict(functions)
        self._errors: dict[str, dict[str, np.ndarray]] = {}
        self.fig = new_figure(STEP_ERRORS_SIZE, pyplot=pyplot)
        self.ax = self.fig.add_subplot()
        ax = self.ax
        self.curves = {}
        for name in ("float64", "float32"):
            (self.curves[name],) = ax.loglog(
                [],
                [],
                f"{PRECISION_MARKERS[name]}-",
                color=PRECISION_COLORS[name],
                ms=3,
                label=name,
            )
        self.best = ax.axvline(1.0, color="0.35", ls=":", lw=1.8, label="best step")
        (self.chosen,) = ax.plot(
            [], [], "o", ms=11, mfc="none", mec=POINT_COLOR, mew=2, label="chosen step"
        )
        ax.set(xlim=(STEP_GRID.min() / 2, STEP_GRID.max() * 2), ylim=(1e-16, 10.0))
        ax.set_xlabel("step $h$")
        ax.set_ylabel("relative error")
        ax.grid(True, which="major", alpha=0.3)
        ax.legend(
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
            fontsize=TICK_SIZE,
            frameon=False,
        )
        style_axes(ax)
        self.fig.subplots_adjust(left=0.1, right=0.76, bottom=0.15, top=0.84)

    def errors(self, name: str) -> dict[str, np.ndarray]:
        """Relative errors of the central difference of function ``name``, by precision."""
        if name not in self.functions:
            known = ", ".join(repr(k) for k in self.functions)
            raise ValueError(f"function must be one of {known}; got {name!r}")
        if name not in self._errors:
            f, df, x, _ = self.functions[name]
            _, err32, err64 = precision_errors(f, df, x, steps=STEP_GRID)
            scale = abs(float(df(float(x))))
            if scale == 0.0:
                raise ValueError(f"{name}: the derivative is 0 at x; choose another x")
            self._errors[name] = {"float32": err32 / scale, "float64": err64 / scale}
        return self._errors[name]

    def update(self, name: str, precision: str, step: float) -> tuple[float, float]:
        """Draw function ``name`` in ``precision`` with the step ``step`` marked.

        Returns the relative error at the grid step nearest ``step`` and the best step
        of the grid.
        """
        if precision not in PRECISION_COLORS:
            raise ValueError(
                f"precision must be 'float64' or 'float32'; got {precision!r}"
            )
        step = float(step)
        if not step > 0:
            raise ValueError(f"step must be a positive number; got {step!r}")
        errors = self.errors(name)
        for which, line in self.curves.items():
            line.set_data(STEP_GRID, np.maximum(errors[which], ERROR_FLOOR))
            chosen = which == precision
            line.set_alpha(1.0 if chosen else 0.25)
            line.set_linewidth(2.0 if chosen else 1.2)
            line.set_zorder(3 if chosen else 2)
        mine = errors[precision]
        best = float(STEP_GRID[int(np.argmin(mine))])
        self.best.set_xdata([best, best])
        at = int(np.argmin(np.abs(np.log10(STEP_GRID) - np.log10(step))))
        error = float(mine[at])
        self.chosen.set_data([STEP_GRID[at]], [max(error, ERROR_FLOOR)])
        _, _, x, tex = self.functions[name]
        self.ax.set_title(
            f"{tex} at $x = {x:g}$ in {precision}\n"
            f"$h$ = {STEP_GRID[at]:.0e}: error {error:.0e}; best step ≈ {best:.0e}",
            fontsize=TITLE_SIZE,
        )
        return error, best


def _live_controls(figure: StepErrorFigure, start: tuple[str, str, float]) -> Any:
    """A menu of functions, a precision switch and a step slider above the image."""
    try:
        import ipywidgets as w
    except ImportError:
        return None
    menu = w.Dropdown(options=list(figure.functions), value=start[0], description="f")
    precision = w.ToggleButtons(
        options=["float64", "float32"], value=start[1], description="precision"
    )
    labels = [(f"{h:.1e}", float(h)) for h in STEP_GRID[::-1]]
    nearest = min(labels, key=lambda lv: abs(np.log10(lv[1]) - np.log10(start[2])))
    step = w.SelectionSlider(
        options=labels,
        value=nearest[1],
        description="step h",
        continuous_update=False,
    )
    image = w.Image(format="png")

    def redraw(*_: Any) -> None:
        figure.update(menu.value, precision.value, step.value)
        image.value = png(figure.fig)

    for control in (menu, precision, step):
        control.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([menu, precision]), step, image])


def explore_step_errors(
    functions: Mapping[str, tuple[Callable, Callable, float, str]],
    *,
    path: Sequence[tuple[str, str, float]] | None = None,
) -> InteractiveFigure:
    """Error of the central difference against its step: choose function, precision, step.

    Parameters
    ----------
    functions : mapping
        ``{name: (f, df, x, tex)}``: a function of one variable written with numpy
        functions and Python-number constants (so that it computes in float32 when
        given float32), its exact derivative, the point, and its formula in mathtext.
    path : sequence of (name, precision, step), optional
        The frames of the player; by default each function in float32 and then in
        float64, with the steps 1e-5 and 1e-8.

    Returns
    -------
    InteractiveFigure
        A menu, a precision switch and a step slider in a live kernel; a frame player
        along ``path`` on the website, whose first frame is the still image.
    """
    figure = StepErrorFigure(functions)
    if path is None:
        path = [
            (name, precision, step)
            for name in figure.functions
            for precision in ("float32", "float64")
            for step in (1e-5, 1e-8)
        ]
    path = [tuple(p) for p in path]
    if not path:
        raise ValueError("path must hold at least one frame")
    for frame in path:
        if len(frame) != 3:
            raise ValueError(
                f"a frame of path must be (function, precision, step); got {frame!r}"
            )
        figure.errors(frame[0])
    names = ", ".join(figure.functions)
    html = frame_player(
        figure,
        path,
        alt=(
            "The relative error of the central difference against the step h, on "
            "logarithmic axes, for one function at a time in float64 and in float32: "
            "each curve falls like h squared as h shrinks, reaches its lowest point "
            "at the best step (a dotted line) and rises again as round-off takes "
            "over, much earlier in float32. A circle marks the step of the frame; "
            f"the title gives its error and the best step. Functions: {names}."
        ),
        note=STEP_ERRORS_NOTE,
        labels=[
            f"{name}, {precision}, h = {step:.0e}" for name, precision, step in path
        ],
    )
    widget = _live_controls(figure, path[0])
    return InteractiveFigure(
        widget,
        html,
        f"Interactive figure: the error of the central difference against its step "
        f"for {len(figure.functions)} functions in float64 and float32 "
        f"({len(path)} frames).",
    )

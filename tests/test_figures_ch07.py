"""Chapter 7's figures: the error of a finite difference against its step (forward
and central, float32 and float64), and the interactive figure that chooses the
function, the precision and the step."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from figure_support import PNG, STILL, legible, sanitized, text_problems

from helpers.figures.ch07 import (
    STEP_ERRORS_NOTE,
    STEP_GRID,
    StepErrorFigure,
    explore_step_errors,
    plot_difference_errors,
    plot_precision_errors,
)
from helpers.numeric import precision_errors


def f(x, y):
    return x**2 * np.cos(x * y)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# --- the errors of finite differences ------------------------------------------------


def lines_by_label(ax) -> dict:
    return {line.get_label(): line for line in ax.get_lines()}


def slice_x(x):
    return f(x, 0.5)


def slice_x_derivative(x):
    return 2 * x * np.cos(x * 0.5) - x**2 * 0.5 * np.sin(x * 0.5)


def test_difference_errors_plot_has_both_methods_and_guides():
    ax = plot_difference_errors(np.sin, np.cos, 1.0)
    labels = [line.get_label() for line in ax.get_lines()]
    assert any(label.startswith("forward") for label in labels)
    assert any(label.startswith("central") for label in labels)
    assert "slope 1: O(h)" in labels and "slope 2: O(h²)" in labels
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"


@pytest.mark.parametrize(
    "g, dg, x",
    [(slice_x, slice_x_derivative, 1.0), (np.sin, np.cos, 1.0), (np.exp, np.exp, 0.5)],
    ids=["chapter slice", "sin", "exp"],
)
def test_slope_guides_run_beside_the_data_never_on_it(g, dg, x):
    """At every step a guide covers, it is at least 5x away from both curves:
    slope 1 above the forward curve, slope 2 below the central one."""
    ax = plot_difference_errors(g, dg, x)
    lines = lines_by_label(ax)
    forward = lines["forward (f(x+h) - f(x)) / h"]
    central = lines["central (f(x+h) - f(x-h)) / 2h"]
    steps = forward.get_xdata()
    data = {"forward": forward.get_ydata(), "central": central.get_ydata()}
    for label, order, side in (
        ("slope 1: O(h)", 1, "above"),
        ("slope 2: O(h²)", 2, "below"),
    ):
        h, guide = lines[label].get_data()
        assert len(h) >= 5, f"{label} is too short to read a slope from"
        slope = np.polyfit(np.log10(h), np.log10(guide), 1)[0]
        assert slope == pytest.approx(order)
        at = np.searchsorted(-steps, -h)  # the same steps as the data
        assert np.allclose(steps[at], h)
        for name, values in data.items():
            ratio = guide / values[at]
            if side == "above":
                assert np.all(ratio >= 5), (
                    f"{label} comes within 5x of {name}: {ratio.min():.2f}"
                )
            else:
                assert np.all(ratio <= 0.2), (
                    f"{label} comes within 5x of {name}: {ratio.max():.2f}"
                )


def test_slope_guides_are_labelled_at_their_ends():
    ax = plot_difference_errors(slice_x, slice_x_derivative, 1.0)
    texts = {t.get_text(): t for t in ax.texts}
    assert {"slope 1", "slope 2"} <= set(texts)
    lines = lines_by_label(ax)
    for text, label in (("slope 1", "slope 1: O(h)"), ("slope 2", "slope 2: O(h²)")):
        h, guide = lines[label].get_data()
        end = int(np.argmin(h))
        assert texts[text].xy == pytest.approx((h[end], guide[end]))


def test_precision_plot_marks_each_best_step():
    ax = plot_precision_errors(slice_x, slice_x_derivative, 1.0)
    steps, err32, err64 = precision_errors(slice_x, slice_x_derivative, 1.0)
    lines = lines_by_label(ax)
    assert np.allclose(lines["central difference in float32"].get_ydata(), err32)
    assert np.allclose(lines["central difference in float64"].get_ydata(), err64)
    for name, errors in (("float32", err32), ("float64", err64)):
        best = int(np.argmin(errors))
        (marker,) = [
            m for label, m in lines.items() if label.startswith(f"best step in {name}")
        ]
        assert marker.get_xdata()[0] == steps[best]
        assert f"h ≈ {steps[best]:.0e}" in marker.get_label()
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"


# --- the interactive figure ----------------------------------------------------------


def sin1000(x):
    return np.sin(1000 * x)


def dsin1000(x):
    return 1000 * np.cos(1000 * x)


FUNCTIONS = {
    "slice": (slice_x, slice_x_derivative, 1.0, r"$x^2\cos(x/2)$"),
    "sin(1000x)": (sin1000, dsin1000, 0.71, r"$\sin(1000x)$"),
}


@pytest.fixture(scope="module")
def explorer():
    return explore_step_errors(
        FUNCTIONS, path=[("slice", "float32", 1e-5), ("sin(1000x)", "float64", 1e-8)]
    )


def test_update_draws_the_relative_errors_of_both_precisions():
    figure = StepErrorFigure(FUNCTIONS)
    error, best = figure.update("slice", "float32", 1e-5)
    steps, err32, err64 = precision_errors(
        slice_x, slice_x_derivative, 1.0, steps=STEP_GRID
    )
    scale = abs(slice_x_derivative(1.0))
    x32, y32 = figure.curves["float32"].get_data()
    assert np.allclose(x32, steps) and np.allclose(
        y32, np.maximum(err32 / scale, 1e-17)
    )
    assert np.allclose(
        figure.curves["float64"].get_ydata(), np.maximum(err64 / scale, 1e-17)
    )
    assert best == steps[int(np.argmin(err32))]
    assert figure.best.get_xdata()[0] == best
    at = int(np.argmin(np.abs(np.log10(steps) + 5)))
    assert error == err32[at] / scale
    assert figure.chosen.get_xdata()[0] == steps[at]
    # The chosen precision is drawn on top and bold, the other faint.
    assert figure.curves["float32"].get_alpha() == 1.0
    assert figure.curves["float64"].get_alpha() < 0.5
    assert "in float32" in figure.ax.get_title()


def test_the_best_float32_step_is_larger_than_the_best_float64_step():
    figure = StepErrorFigure(FUNCTIONS)
    _, best32 = figure.update("slice", "float32", 1e-5)
    _, best64 = figure.update("slice", "float64", 1e-5)
    assert 1e-4 < best32 < 1e-1 and 1e-7 < best64 < 1e-4


def test_live_controls_choose_function_precision_and_step(explorer):
    (menu, precision), step, image = (
        list(explorer.widget.children[0].children),
        explorer.widget.children[1],
        explorer.widget.children[2],
    )
    assert (menu.value, precision.value) == ("slice", "float32")  # the path's start
    before = bytes(image.value)
    assert before.startswith(PNG)
    menu.value = "sin(1000x)"
    after = bytes(image.value)
    assert after != before
    precision.value = "float64"
    step.value = step.options[3][1]
    assert bytes(image.value) != after


def test_player_has_a_still_image_alt_text_and_note(explorer):
    bundle = explorer._repr_mimebundle_()
    assert "(2 frames)" in bundle["text/plain"]
    found = STILL.search(bundle["text/html"])
    assert found.group("alt").startswith("The relative error of the central difference")
    soup = sanitized(explorer.html)
    assert soup.select_one("p.anim-still-note").get_text() == STEP_ERRORS_NOTE


def test_frames_are_legible():
    figure = StepErrorFigure(FUNCTIONS)
    figure.update("sin(1000x)", "float64", 1e-8)
    assert not legible(figure, (figure.ax,))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nothing", "float64", 1e-5), "function must be one of"),
        (("slice", "float16", 1e-5), "precision must be 'float64' or 'float32'"),
        (("slice", "float64", -1.0), "step must be a positive number"),
    ],
)
def test_bad_choices_are_refused_in_one_line(args, message):
    figure = StepErrorFigure(FUNCTIONS)
    with pytest.raises(ValueError, match=message):
        figure.update(*args)


def test_explore_refuses_an_empty_path_or_a_bad_frame():
    with pytest.raises(ValueError, match="path must hold at least one frame"):
        explore_step_errors(FUNCTIONS, path=[])
    with pytest.raises(ValueError, match="a frame of path must be"):
        explore_step_errors(FUNCTIONS, path=[("slice", "float64")])


# --- every text clear and legible in the column ------------------------------------


def chapter_f(x):
    return x**2 * np.cos(x / 2)


def chapter_df(x):
    return 2 * x * np.cos(x / 2) - x**2 * np.sin(x / 2) / 2


@pytest.mark.parametrize("plot", [plot_difference_errors, plot_precision_errors])
def test_still_error_plots_have_clear_legible_text(plot):
    """The chapter's two still plots, titled and saved as its cells do: with the
    legend under the axes the image is the column's width and no text is under 11
    CSS pixels (the legend was 8.5, beside the axes), none overlapping another."""
    ax = plot(chapter_f, chapter_df, 1.0)
    ax.set_title("Central difference in float32 and float64")
    fig = ax.figure
    assert not text_problems(fig, tight=True, tick=11)
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.y1 < ax.xaxis.label.get_window_extent(renderer).y0  # under it
    assert not legend.overlaps(ax.get_window_extent(renderer))


@pytest.mark.parametrize("name", ["slice", "sin(1000x)"])
@pytest.mark.parametrize("precision", ["float32", "float64"])
def test_frames_have_clear_legible_text(name, precision):
    figure = StepErrorFigure(FUNCTIONS)
    figure.update(name, precision, 1e-5)
    assert not text_problems(figure.fig, tight=False)

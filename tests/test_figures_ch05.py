"""Chapter 5's figure: a line fitted by gradient descent, step by step (live and as a
frame player), beside the loss."""

import matplotlib

matplotlib.use("Agg")

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from figure_support import JPEG, WEBP, frames_of, legible, sanitized, text_problems

from helpers.figures.ch05 import (
    LOG_STEPS,
    REGRESSION_NOTE,
    RegressionDescentFigure,
    RegressionFitPanel,
    RegressionLossPanel,
    descent_frames,
    explore_regression_descent,
    regression_losses,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def descent_history(lr=0.1, n_steps=30):
    """y = w x + b fitted from (0, 0) to noisy points near y = 1.5 x - 0.5."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-2, 2, 12)
    t = 1.5 * x - 0.5 + 0.2 * rng.standard_normal(12)
    w = b = 0.0
    history = [(w, b)]
    for _ in range(n_steps):
        r = w * x + b - t
        w, b = w - lr * 2 * np.mean(r * x), b - lr * 2 * np.mean(r)
        history.append((w, b))
    best = np.polyfit(x, t, 1)
    return x, t, np.array(history), (float(best[0]), float(best[1]))


@pytest.fixture(scope="module")
def regression():
    x, t, history, best = descent_history()
    return explore_regression_descent(x, t, history, best=best, n_frames=4)


def test_regression_bundle_has_widget_player_image_and_text(regression):
    bundle = regression._repr_mimebundle_()
    assert set(bundle) >= {"text/html", "image/jpeg", "text/plain"}
    assert bundle["text/plain"] == (
        "Interactive figure: a line fitted by gradient descent, 30 steps (4 frames)."
    )
    frames = frames_of(regression.html)
    assert len(frames) == 4 and len(set(frames)) == 4
    assert frames[0].startswith(JPEG)  # the still image
    assert all(frame.startswith(WEBP) for frame in frames[1:])


def test_regression_still_image_and_hidden_controls(regression):
    soup = sanitized(regression.html)
    (img,) = soup.find_all("img")
    assert img["src"].startswith("data:image/jpeg;base64,")
    assert img["alt"].startswith("Two panels. Left: the data points")
    assert soup.select_one("div.anim-controls").has_attr("hidden")
    assert soup.select_one("p.anim-still-note").get_text() == REGRESSION_NOTE


def test_regression_slider_moves_the_line(regression):
    """Setting the live control changes the figure."""
    slider, image = regression.widget.children
    assert (slider.description, slider.min, slider.max) == ("step", 0, 30)
    before = image.value
    assert before[:4] == b"\x89PNG"
    slider.value = 5
    assert image.value != before


def test_regression_figure_shows_the_step():
    x, t, history, best = descent_history()
    figure = RegressionDescentFigure(x, t, history, best=best)
    figure.update(7)
    w, b = history[7]
    line = figure.fit.line
    assert line.get_ydata() == pytest.approx(w * line.get_xdata() + b)
    assert figure.axfit.get_title() == f"step 7: y = {w:.2f} x - {abs(b):.2f}"
    loss = np.mean((w * x + b - t) ** 2)
    assert figure.loss.mark.get_xdata()[0] == 7
    assert figure.loss.mark.get_ydata()[0] == pytest.approx(loss)
    assert figure.axloss.get_title() == f"L = {loss:.4f} after 7 steps"
    assert figure.axloss.get_yscale() == "log"


def test_regression_frames_crowd_the_first_steps():
    assert descent_frames(100) == [
        0,
        1,
        2,
        3,
        4,
        6,
        7,
        10,
        13,
        18,
        24,
        32,
        42,
        56,
        75,
        100,
    ]
    assert descent_frames(5) == [0, 1, 2, 3, 4, 5]
    assert descent_frames(0) == [0]
    assert len(descent_frames(1000, 8)) == 8


@pytest.mark.parametrize(
    "change, message",
    [
        ({"history": np.zeros((5, 3))}, r"history must have shape \(steps \+ 1, 2\)"),
        ({"history": [(0.0, 0.0), (math.inf, 0.0)]}, "history must be finite"),
        ({"t": np.zeros(5)}, "x and t must have one entry per sample; got 12 and 5"),
        ({"n_frames": 1}, "n_frames must be at least 2; got 1"),
    ],
)
def test_regression_refuses_bad_input(change, message):
    x, t, history, best = descent_history(n_steps=3)
    args = {"x": x, "t": t, "history": history, "best": best, **change}
    with pytest.raises(ValueError, match=message):
        explore_regression_descent(**args)


def test_regression_figure_refuses_a_step_out_of_range():
    x, t, history, best = descent_history(n_steps=3)
    figure = RegressionDescentFigure(x, t, history)
    with pytest.raises(ValueError, match="step must be between 0 and 3; got 4"):
        figure.update(4)
    with pytest.raises(TypeError, match="step must be a whole number; got 1.5"):
        figure.update(1.5)


# --- the two panels -----------------------------------------------------------------

X4, T4 = np.array([-1.0, 0.0, 1.0, 2.0]), np.array([-1.8, -0.2, 1.1, 2.6])
HISTORY = [(0.0, 0.0), (1.0, -0.5), (1.2, -0.25)]


def test_fit_panel_draws_the_data_and_both_lines():
    ax = plt.figure().add_subplot()
    panel = RegressionFitPanel(ax, X4, T4, HISTORY, best=(1.45, -0.3))
    assert panel.set_step(1) == (1.0, -0.5)
    data, best, fit = ax.get_lines()
    assert list(data.get_xdata()) == list(X4) and list(data.get_ydata()) == list(T4)
    assert best.get_linestyle() == "--"
    xs = fit.get_xdata()
    assert fit.get_ydata() == pytest.approx(1.0 * xs - 0.5)
    assert best.get_ydata() == pytest.approx(1.45 * xs - 0.3)
    assert ax.get_title() == "step 1: y = 1.00 x - 0.50"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x", "t")


def test_fit_panel_takes_columns_and_a_single_line():
    X, T = np.array([[0.0], [1.0], [2.0]]), np.array([[1.0], [2.0], [3.5]])
    ax = plt.figure().add_subplot()
    RegressionFitPanel(ax, X, T, (1.0, 1.0)).set_step(0)
    assert ax.get_title() == "step 0: y = 1.00 x + 1.00"


def test_loss_panel_is_on_a_log_scale_with_the_least_value():
    losses = regression_losses(X4, T4, HISTORY)
    assert losses[0] == pytest.approx(np.mean(T4**2))
    ax = plt.figure().add_subplot()
    assert RegressionLossPanel(ax, losses, best=0.01).set_step(2) == losses[2]
    assert ax.get_yscale() == "log"
    curve, floor, mark = ax.get_lines()
    assert list(curve.get_ydata()) == list(losses)
    assert list(floor.get_ydata()) == [0.01, 0.01]
    assert (mark.get_xdata()[0], mark.get_ydata()[0]) == (2, losses[2])
    assert ax.get_title() == f"L = {losses[2]:.4f} after 2 steps"


@pytest.mark.parametrize(
    "args, message",
    [
        ((np.zeros((3, 2)), np.zeros(3)), r"x must have shape \(N,\) or \(N, 1\)"),
        ((np.zeros(3), np.zeros(4)), "one entry per sample; got 3 and 4"),
        ((np.array([0.0, np.nan]), np.zeros(2)), "x holds nan at index 1"),
    ],
)
def test_fit_panel_refuses_bad_data(args, message):
    with pytest.raises(ValueError, match=message):
        RegressionFitPanel(plt.figure().add_subplot(), *args, (1.0, 0.0))


def test_loss_panel_refuses_a_loss_a_log_scale_cannot_show():
    with pytest.raises(ValueError, match="finite and positive"):
        RegressionLossPanel(plt.figure().add_subplot(), [1.0, 0.0])


def test_a_long_descent_gets_a_logarithmic_step_axis():
    short = plt.figure().add_subplot()
    RegressionLossPanel(short, np.linspace(2.0, 1.0, LOG_STEPS))
    assert (short.get_xscale(), short.get_xlabel()) == ("linear", "step")
    long = plt.figure().add_subplot()
    RegressionLossPanel(long, np.linspace(2.0, 1.0, LOG_STEPS + 1))
    assert (long.get_xscale(), long.get_xlabel()) == ("symlog", "step (log scale)")


def test_regression_frames_are_legible_size():
    x, t, history, best = descent_history()
    figure = RegressionDescentFigure(x, t, history, best=best)
    figure.update(3)
    assert not legible(figure, (figure.axfit, figure.axloss))


# --- the still picture: level curves of L(w, b) and the path of descent ------------


def test_loss_contours_draw_the_path_over_the_bowl():
    from helpers.figures import plot_loss_contours

    x, t, history, best = descent_history(n_steps=30)
    ax = plot_loss_contours(x, t, history, lr=0.1)
    path, start, minimum = ax.get_lines()
    assert list(path.get_xdata()) == list(history[:, 0])
    assert list(path.get_ydata()) == list(history[:, 1])
    assert (start.get_xdata()[0], start.get_ydata()[0]) == tuple(history[0])
    # The star is the least-squares minimum (np.polyfit gives the same line).
    assert minimum.get_marker() == "*"
    assert (minimum.get_xdata()[0], minimum.get_ydata()[0]) == pytest.approx(best)
    assert ax.get_title() == "level curves of $L(w, b)$ and the path of descent"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("$w$", "$b$")
    assert ax.get_aspect() == 1.0  # equal scales: the rings show the curvature
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == [
        "descent, $\\eta = 0.1$, 30 steps",
        "start",
        "minimum (least squares)",
    ]
    # Every ring is a level of the loss; the outermost passes through the start.
    (contours,) = [c for c in ax.collections if hasattr(c, "levels")]
    start_loss = np.mean((history[0, 0] * x + history[0, 1] - t) ** 2)
    assert max(contours.levels) == pytest.approx(start_loss)
    # The minimum and the start are both inside the window.
    (w0, w1), (b0, b1) = ax.get_xlim(), ax.get_ylim()
    assert w0 < min(history[:, 0]) and max(history[:, 0]) < w1
    assert b0 < min(history[:, 1]) and max(history[:, 1]) < b1


def test_loss_contours_are_legible_in_the_column():
    from helpers.figures import plot_loss_contours

    x, t, history, _ = descent_history()
    ax = plot_loss_contours(x, t, history, lr=0.1)
    figure = type("Still", (), {"fig": ax.figure})()
    assert not legible(figure, (ax,))
    # Every other text (contour labels, step numbers, the legend) as large as the ticks.
    texts = [t for t in ax.texts] + list(ax.get_legend().get_texts())
    assert texts and min(t.get_fontsize() for t in texts) >= 11
    # The legend fits inside the figure's 8 inches: nothing is cut or widened.
    renderer = ax.figure.canvas.get_renderer()
    box = ax.get_legend().get_window_extent(renderer)
    assert box.x1 <= ax.figure.bbox.x1


def test_loss_contours_leave_the_arrays_alone_and_refuse_bad_input():
    from helpers.figures import plot_loss_contours

    x, t, history, _ = descent_history(n_steps=3)
    before = (x.copy(), t.copy(), history.copy())
    plot_loss_contours(x, t, history)
    assert all(np.array_equal(a, b) for a, b in zip((x, t, history), before))
    with pytest.raises(ValueError, match=r"history must have shape \(steps \+ 1, 2\)"):
        plot_loss_contours(x, t, np.zeros((4, 3)))
    with pytest.raises(ValueError, match="x and t must have one entry per sample"):
        plot_loss_contours(x, t[:5], history)
    with pytest.raises(ValueError, match="x must hold at least two different values"):
        plot_loss_contours(np.ones(4), np.arange(4.0), history)


# --- every text clear and legible in the column ------------------------------------


@pytest.mark.parametrize("step", [0, 3, 30, 200])
def test_regression_frames_have_clear_legible_text(step):
    """Frames of the player over a long descent (the chapter's 200 steps): the two
    legends at 11 CSS pixels or more (they were under 10), no text overlapping
    another or leaving the figure."""
    x, t, history, best = descent_history(n_steps=200)
    figure = RegressionDescentFigure(x, t, history, best=best)
    figure.update(step)
    assert not text_problems(figure.fig, tight=False)
    # One legend, in its own row under both panels: it covers no data, no line.
    assert figure.axfit.get_legend() is None and figure.axloss.get_legend() is None
    renderer = figure.fig.canvas.get_renderer()
    box = figure.legend.get_window_extent(renderer)
    for ax in (figure.axfit, figure.axloss):
        assert box.y1 < ax.get_tightbbox(renderer).y0


def test_loss_contours_have_clear_legible_text():
    from helpers.figures import plot_loss_contours

    x, t, history, _ = descent_history(n_steps=200)
    ax = plot_loss_contours(x, t, history, lr=0.1)
    assert not text_problems(ax.figure, tight=True)

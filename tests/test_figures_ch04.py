"""Chapter 4's figures, which chapter 6 draws too: a classifier's decision regions,
its loss curve, and its training step by step (live and as a frame player)."""

import matplotlib

matplotlib.use("Agg")


import matplotlib.pyplot as plt
import numpy as np
import pytest
from figure_support import frames_of, legible, text_problems
from matplotlib.colors import to_rgba

from helpers.data import blobs
from helpers.figures.ch04 import (
    CLASS_COLORS,
    TrainingFigure,
    explore_training,
    plot_decision_regions,
    plot_loss_curve,
)
from helpers.ml import cross_entropy, one_hot, softmax


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# --- decision regions ---------------------------------------------------------------


def _two_classes():
    X = np.array([[-1.0, 0.0], [-0.5, 1.0], [0.5, -1.0], [1.0, 0.5]])
    return X, np.array([0, 0, 1, 1])


def _region_image(ax):
    (image,) = ax.get_images()
    return image


@pytest.mark.parametrize("as_probabilities", [False, True])
def test_decision_regions_change_colour_where_the_prediction_changes(as_probabilities):
    """Left of x₁ = 0.7 the regions have class 0's colour, right of it class 1's."""

    def predict(points):
        right = (points[:, 0] > 0.7).astype(int)
        return np.column_stack([1 - right, right]) if as_probabilities else right

    X, labels = _two_classes()
    ax = plot_decision_regions(predict, X, labels, xlim=(-2, 2), ylim=(-2, 2))
    image = _region_image(ax)
    classes = np.asarray(image.get_array())
    xs = np.linspace(-2, 2, classes.shape[1] + 1)
    centres = (xs[:-1] + xs[1:]) / 2
    assert np.all(classes[:, centres < 0.7] == 0)
    assert np.all(classes[:, centres > 0.7] == 1)
    colours = image.to_rgba(classes)
    left, right = colours[0, 0], colours[0, -1]
    assert not np.allclose(left, right)
    assert ax.get_title() == "decision regions (accuracy 75.0%)"


def test_decision_regions_colours_follow_the_classes_of_the_points():
    """Each region's colour is a lighter shade of its class's point colour."""
    X, labels = _two_classes()
    ax = plot_decision_regions(lambda p: np.zeros(len(p), int) + 1, X, labels)
    image = _region_image(ax)
    region = np.array(image.to_rgba(np.array([[1]]))[0, 0, :3])
    point = np.array(to_rgba(CLASS_COLORS[1])[:3])
    assert np.all(region >= point - 1e-9) and not np.allclose(region, point)
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts == ["class 1 (label 0)", "class 2 (label 1)"]


def test_decision_regions_default_limits_hold_every_point():
    X, labels = _two_classes()
    ax = plot_decision_regions(lambda p: np.zeros(len(p), int), X, labels)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 < X[:, 0].min() and x1 > X[:, 0].max()
    assert y0 < X[:, 1].min() and y1 > X[:, 1].max()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"X": np.zeros(4)}, r"X must be an array of shape \(N, 2\).*got shape \(4,\)"),
        ({"labels": np.array([0, 1, 1])}, r"labels must have shape \(4,\)"),
        ({"labels": np.array([0, 1, -1, 1])}, r"labels must be whole numbers"),
        ({"predict": lambda p: p[:, 0]}, r"predict must return whole-number"),
        ({"predict": lambda p: np.zeros(3)}, r"predict must return an array of"),
        ({"predict": lambda p: np.full(len(p), 5)}, r"labels go from 0 to 1"),
        ({"predict": lambda p: np.zeros((len(p), 3))}, r"3 class probabilities"),
    ],
)
def test_decision_regions_refuse_bad_input_in_one_line(change, message):
    X, labels = _two_classes()
    args = {"predict": lambda p: np.zeros(len(p), int), "X": X, "labels": labels}
    args.update(change)
    with pytest.raises((TypeError, ValueError), match=message) as info:
        plot_decision_regions(args["predict"], args["X"], args["labels"])
    assert "\n" not in str(info.value)
    if "X" in change or "labels" in change:  # refused before a figure opens
        assert plt.get_fignums() == []


def test_decision_regions_do_not_change_the_callers_arrays():
    X, labels = _two_classes()
    before = X.copy()

    def predict(points):
        points += 1.0  # a careless predict must not reach X
        return np.zeros(len(points), int)

    plot_decision_regions(predict, X, labels)
    assert np.array_equal(X, before)


# --- the loss curve ------------------------------------------------------------


def test_loss_curve_plots_the_losses_against_the_steps():
    losses = [1.1, 0.7, 0.4, 0.3]
    ax = plot_loss_curve(losses)
    curve = ax.get_lines()[0]
    assert curve.get_xdata().tolist() == [0, 1, 2, 3]
    assert curve.get_ydata().tolist() == losses
    assert ax.texts[0].get_text() == "0.300"
    assert ax.get_xlabel() == "step" and ax.get_yscale() == "linear"
    ax = plot_loss_curve(losses, steps=[0, 10, 20, 30], log=True, label="lr 0.5")
    assert ax.get_lines()[0].get_xdata().tolist() == [0, 10, 20, 30]
    assert ax.get_yscale() == "log"
    assert ax.get_legend().get_texts()[0].get_text() == "lr 0.5"


def test_loss_curve_uses_the_given_axes():
    ax = plt.figure().add_subplot()
    assert plot_loss_curve([1.0, 0.5], ax) is ax


@pytest.mark.parametrize(
    "losses, kwargs, message",
    [
        ([], {}, r"losses must be a non-empty 1-D sequence"),
        ([[1.0, 0.5]], {}, r"losses must be a non-empty 1-D .* shape \(1, 2\)"),
        ([1.0, np.nan], {}, r"losses\[1\] is nan \(did training diverge\?\)"),
        ("abc", {}, r"losses is a string 'abc'; expected a non-empty 1-D sequence"),
        ([1.0, 0.5], {"steps": [0]}, r"steps must have one entry per loss"),
        ([1.0, 0.0], {"log": True}, r"log=True needs positive losses"),
    ],
)
def test_loss_curve_refuses_bad_input_naming_the_argument(losses, kwargs, message):
    with pytest.raises((TypeError, ValueError), match=message):
        plot_loss_curve(losses, **kwargs)


# --- training, step by step -----------------------------------------------------


def _training_run(n_steps=20, every=5):
    """A tiny softmax classifier trained by gradient descent, with snapshots."""
    X, labels = blobs(10, 3, seed=3)
    T = one_hot(labels, 3)
    W, b = np.zeros((3, 2)), np.zeros(3)
    snapshots, losses = [], []
    for step in range(n_steps + 1):
        Z = X @ W.T + b
        losses.append(cross_entropy(Z, T))
        if step % every == 0:
            snapshots.append((W.copy(), b.copy()))
        G = (softmax(Z) - T) / len(X)
        W, b = W - G.T @ X, b - G.sum(axis=0)
    return X, labels, snapshots, losses


def _predict(params, points):
    W, b = params
    return points @ W.T + b  # scores: the largest wins, as with probabilities


@pytest.fixture(scope="module")
def training():
    X, labels, snapshots, losses = _training_run()
    return explore_training(_predict, snapshots, X, labels, losses)


def test_training_bundle_has_widget_player_still_image_and_text(training):
    bundle = training._repr_mimebundle_()
    assert set(bundle) >= {"text/html", "image/jpeg", "text/plain"}
    assert bundle["text/plain"] == (
        "Interactive figure: decision regions and loss during training, 5 snapshots "
        "from step 0 to step 20."
    )
    assert len(frames_of(training.html)) == 5
    assert "run the cell to move through training" in training.html
    assert 'hidden="hidden"' in training.html


def test_training_player_frames_differ(training):
    frames = frames_of(training.html)
    assert len(set(frames)) == len(frames) == 5


def test_training_slider_redraws_the_figure(training):
    """Setting the live step slider changes the image the reader sees."""
    slider, image = training.widget.children
    assert slider.description == "step"
    assert [label for label, _ in slider.options] == ["0", "5", "10", "15", "20"]
    first = image.value
    slider.value = 4
    assert image.value != first
    slider.value = 0
    assert image.value == first


def test_training_figure_shows_the_snapshot_and_the_loss_so_far():
    X, labels, snapshots, losses = _training_run()
    figure = TrainingFigure(_predict, snapshots, X, labels, losses)
    assert figure.steps.tolist() == [0, 5, 10, 15, 20]
    first = figure.update(0)
    (image,) = figure.axregions.get_images()
    start = np.array(image.get_array())
    assert np.all(start == 0)  # W = 0, b = 0: every score ties, class 0 wins
    assert first == pytest.approx(np.mean(labels == 0))
    accuracy = figure.update(4)
    assert len(np.unique(np.array(image.get_array()))) == 3
    assert accuracy > 0.9
    assert figure.axregions.get_title() == f"step 20: accuracy {accuracy:.1%}"
    assert figure.curve.get_xdata().tolist() == list(range(21))
    assert figure.curve.get_ydata().tolist() == losses
    assert figure.axloss.get_title() == f"loss L = {losses[20]:.3f}"
    figure.update(1)
    assert figure.curve.get_ydata().tolist() == losses[:6]
    # The classes' legend has its own row, off the regions and the loss curve.
    assert figure.axregions.get_legend() is None
    assert figure.axloss.get_legend() is None
    (legend,) = figure.fig.legends
    texts = [t.get_text() for t in legend.get_texts()]
    assert texts == ["class 1 (label 0)", "class 2 (label 1)", "class 3 (label 2)"]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"predict": "W"}, r"predict must be a function predict\(params, points\)"),
        ({"snapshots": []}, r"snapshots must hold at least one"),
        ({"snapshots": "Wb"}, r"snapshots must be a list of parameters"),
        ({"losses": [1.0, np.inf]}, r"losses\[1\] is inf"),
        ({"steps": [0, 5]}, r"steps must give one step per snapshot"),
        ({"steps": [0, 5, 10, 15, 99]}, r"steps must be whole numbers from 0 to"),
        ({"X": np.zeros(30)}, r"X must be an array of shape \(N, 2\)"),
    ],
)
def test_training_refuses_bad_input_in_one_line(change, message):
    X, labels, snapshots, losses = _training_run()
    args = dict(
        predict=_predict, snapshots=snapshots, X=X, labels=labels, losses=losses
    )
    steps = change.pop("steps", None)
    args.update(change)
    with pytest.raises((TypeError, ValueError), match=message) as info:
        explore_training(**args, steps=steps)
    assert "\n" not in str(info.value)


def test_training_frames_are_legible_size():
    X, labels, snapshots, losses = _training_run()
    figure = TrainingFigure(_predict, snapshots, X, labels, losses)
    figure.update(2)
    assert not legible(figure, (figure.axregions, figure.axloss))
    assert (
        len(
            frames_of(explore_training(_predict, snapshots[:2], X, labels, losses).html)
        )
        == 2
    )


def test_training_legend_is_legible_and_below_both_panels():
    X, labels, snapshots, losses = _training_run()
    figure = TrainingFigure(_predict, snapshots, X, labels, losses)
    figure.update(2)
    fig = figure.fig
    width = fig.get_size_inches()[0] * fig.dpi
    (legend,) = fig.legends
    for text in legend.get_texts():
        assert text.get_fontsize() * fig.dpi / 72 * 688 / width >= 11
    renderer = fig._get_renderer()
    box = legend.get_window_extent(renderer)
    for ax in (figure.axregions, figure.axloss):
        assert box.y1 < ax.get_tightbbox(renderer).y0


# --- every text clear and legible in the column ------------------------------------


def _legend_clear_of_the_axes(fig, ax):
    """The legend of ``ax`` lies wholly outside its axes (not on points or regions)."""
    renderer = fig.canvas.get_renderer()
    box = ax.get_legend().get_window_extent(renderer)
    frame = ax.get_window_extent(renderer)
    return not box.overlaps(frame)


def test_decision_regions_have_clear_legible_text_and_a_legend_beside_them():
    """The chapter's figure of the three classes' regions, saved as the notebook
    saves it."""
    X, labels = blobs(50, 3, seed=0)
    ax = plot_decision_regions(
        lambda points: points @ np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]]).T,
        X,
        labels,
    )
    fig = ax.figure
    assert not text_problems(fig, tight=True)
    assert _legend_clear_of_the_axes(fig, ax)


def test_regions_side_by_side_with_their_legend_below():
    """Chapter 6's comparison: two region panels above a loss curve, in a figure
    7.2 inches wide. With the legend under the first panel (and none by the
    second), the panels keep their width and every text is legible."""
    X, labels = blobs(60, 2, seed=1)
    fig, axes = plt.subplot_mosaic(
        [[0, 1], [2, 2]],
        figsize=(7.2, 7.4),
        height_ratios=[1.1, 1],
        layout="constrained",
    )
    for k, legend in ((0, "below"), (1, None)):
        plot_decision_regions(
            lambda p: p @ np.array([[1.0, 0.2], [-1.0, 0.1]]).T,
            X,
            labels,
            axes[k],
            resolution=60,
            legend=legend,
        )
        axes[k].set_title("one hidden layer: accuracy 98.5%", fontsize="medium")
    plot_loss_curve(np.linspace(0.7, 0.3, 50), axes[2], label="linear", color="C0")
    plot_loss_curve(
        np.geomspace(0.7, 0.04, 50),
        axes[2],
        label="one hidden layer",
        log=True,
        ylabel="mean cross-entropy",
    )
    assert not text_problems(fig, tight=True)
    assert _legend_clear_of_the_axes(fig, axes[0]) and axes[1].get_legend() is None
    renderer = fig.canvas.get_renderer()
    region = axes[0].get_window_extent(renderer).width
    assert region > 0.35 * fig.bbox.width  # not squeezed by a legend beside it


def test_decision_regions_refuse_an_unknown_legend_place():
    X, labels = _two_classes()
    with pytest.raises(ValueError, match="legend must be 'right', 'below' or None"):
        plot_decision_regions(lambda p: p[:, 0] > 0, X, labels, legend="left")


def test_the_loss_curve_has_clear_legible_text():
    ax = plot_loss_curve(np.geomspace(1.1, 0.3, 200))
    ax.set_title("mean cross-entropy during training (η = 0.1)")
    assert not text_problems(ax.figure, tight=True)


@pytest.mark.parametrize("step", [0, 2, 4])
def test_training_frames_have_clear_legible_text(step):
    """Frames of the training player: the classes' legend in its own row, clear of
    both panels, every text legible and apart."""
    X, labels, snapshots, losses = _training_run()
    figure = TrainingFigure(_predict, snapshots, X, labels, losses)
    figure.update(step)
    assert not text_problems(figure.fig, tight=False)

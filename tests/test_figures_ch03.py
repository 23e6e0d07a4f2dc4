"""Chapter 3's figures: the gradient field, and gradient descent with a chosen
learning rate (live, as a frame player and as a still picture)."""

import matplotlib

matplotlib.use("Agg")

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from figure_support import drawn_texts, frames_of, legible, sanitized, text_problems
from matplotlib.quiver import Quiver

from helpers.data import one_neuron_data
from helpers.figures.ch03 import (
    DIVERGED,
    DescentFigure,
    descent_path,
    explore_descent,
    plot_descent,
    plot_gradient_field,
)


def valley(w1, w2):
    return 0.5 * (w1**2 + 10 * w2**2)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# --- the gradient field -------------------------------------------------------------


def test_gradient_field_arrows_are_the_gradient_on_equal_axes():
    """Each arrow is ∇f at its foot, up to one common scale, on a centred grid."""
    ax = plot_gradient_field(valley, xlim=(-3, 3), ylim=(-1.5, 1.5), arrows=6)
    (quiver,) = [c for c in ax.collections if isinstance(c, Quiver)]
    feet = quiver.XY
    xs, ys = np.unique(feet[:, 0]), np.unique(feet[:, 1])
    assert np.allclose(np.diff(xs), 1.0) and np.allclose(np.diff(ys), 1.0)
    assert np.allclose(xs + xs[::-1], 0.0) and np.allclose(ys + ys[::-1], 0.0)
    assert np.allclose(quiver.U, feet[:, 0], atol=1e-6)  # ∂/∂w1 = w1
    assert np.allclose(quiver.V, 10 * feet[:, 1], atol=1e-6)  # ∂/∂w2 = 10 w2
    assert ax.get_aspect() == 1.0
    assert ax.get_title() == r"$\nabla f$ over the level curves of $f$"


def test_gradient_field_levels_are_evenly_spaced_round_and_labelled():
    """Curves crowd where the arrows grow only if the levels are evenly spaced; the
    labels say which way f increases (on a saddle, too)."""
    ax = plot_gradient_field(lambda a, b: a**2 - b**2, xlim=(-2, 2), ylim=(-2, 2))
    (contours,) = [c for c in ax.collections if hasattr(c, "levels")]
    steps = np.diff(contours.levels)
    assert np.allclose(steps, steps[0]) and steps[0] in (0.5, 1.0, 2.0)
    assert 0.0 in contours.levels  # the saddle's own level, the two crossing lines
    labels = {t.get_text() for t in ax.texts}
    assert {"-2", "0", "2"} <= labels, labels
    plt.close(ax.figure)


def _label_fractions(ax):
    """Where each level label sits, as fractions of the axes (0 to 1 inside)."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return [
        ((t.get_position()[0] - x0) / (x1 - x0), (t.get_position()[1] - y0) / (y1 - y0))
        for t in ax.texts
        if t.get_text() not in ("start",)
    ]


@pytest.mark.parametrize(
    "f",
    [valley, lambda a, b: a**2 + b**2, lambda a, b: a**2 - b**2],
    ids=["valley", "bowl", "saddle"],
)
def test_gradient_field_labels_stay_well_inside_the_axes(f):
    """A label at the edge is clipped: each sits at least 8% inside every edge."""
    ax = plot_gradient_field(f, xlim=(-3, 3), ylim=(-1.5, 1.5))
    places = _label_fractions(ax)
    assert places
    assert all(0.08 < fx < 0.92 and 0.08 < fy < 0.92 for fx, fy in places), places


def test_gradient_field_axes_are_named_in_mathtext():
    ax = plot_gradient_field(valley, names=("w₁", "w₂"))
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("$w_{1}$", "$w_{2}$")
    ax = plot_gradient_field(valley, names=("w", "b"))
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("$w$", "$b$")


def test_gradient_field_refuses_too_few_arrows():
    with pytest.raises(ValueError, match="arrows must be at least 2"):
        plot_gradient_field(valley, arrows=1)
    with pytest.raises(TypeError, match="arrows must be a whole number"):
        plot_gradient_field(valley, arrows=2.5)


# --- the path of gradient descent ---------------------------------------------------


@pytest.mark.parametrize("lr", [0.02, 0.19, 0.21])
def test_descent_path_multiplies_each_weight_by_its_factor(lr):
    """On the valley each step multiplies w1 by 1 - lr and w2 by 1 - 10 lr."""
    path = descent_path(valley, (-4.0, 1.0), lr, 20)
    assert path.shape == (21, 2)
    k = np.arange(21)
    assert np.allclose(path[:, 0], -4.0 * (1 - lr) ** k, rtol=1e-6)
    assert np.allclose(path[:, 1], (1 - 10 * lr) ** k, rtol=1e-6, atol=1e-9)


def test_descent_path_stops_once_it_diverges():
    path = descent_path(valley, (-4.0, 1.0), 0.5, 100)  # w2 grows fourfold a step
    assert len(path) < 101
    start = valley(-4.0, 1.0)
    assert all(valley(*p) <= DIVERGED * start for p in path)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"lr": -0.1}, ValueError, "lr must be a finite number >= 0"),
        ({"lr": math.nan}, ValueError, "lr must be a finite number >= 0"),
        ({"lr": "fast"}, TypeError, "lr must be a number >= 0; got 'fast'"),
        ({"n_steps": -1}, ValueError, "n_steps must be at least 0"),
        ({"start": (1.0, 2.0, 3.0)}, ValueError, r"point must be \(x, y\)"),
    ],
)
def test_descent_path_refuses_bad_input(kwargs, error, message):
    args = {"start": (-4.0, 1.0), "lr": 0.1, "n_steps": 5, **kwargs}
    with pytest.raises(error, match=message):
        descent_path(valley, **args)


# --- the still picture --------------------------------------------------------------


def test_plot_descent_draws_the_path_and_says_how_it_ends():
    path_ax, loss_ax = plot_descent(valley, (-4.0, 1.0), 0.1, n_steps=10)
    line = path_ax.get_lines()[0]
    assert len(line.get_xdata()) == 11
    assert line.get_ydata()[1] == pytest.approx(0.0, abs=1e-9)  # 1 - 10 lr = 0
    values = loss_ax.get_lines()[0].get_ydata()
    assert np.all(np.diff(values) < 0)
    assert loss_ax.get_yscale() == "log"
    assert path_ax.get_title() == "learning rate η = 0.1"
    assert loss_ax.get_title() == f"$f$ = {values[-1]:.2g} after 10 steps"
    assert loss_ax.get_ylabel() == "$f$ at step k"
    _, grows = plot_descent(valley, (-4.0, 1.0), 0.21, n_steps=10)
    assert grows.get_title().startswith("$f$ grows to ")
    _, diverges = plot_descent(valley, (-4.0, 1.0), 0.5, n_steps=30)
    assert diverges.get_title().startswith("diverges: $|f|$ > ")


def test_the_still_picture_is_the_interactive_figure_on_a_pyplot_figure():
    before = plt.get_fignums()
    path_ax, _ = plot_descent(valley, (-4.0, 1.0), 0.19, zlabel="L_v")
    assert plt.get_fignums() == [*before, path_ax.figure.number]
    live = DescentFigure(valley, (-4.0, 1.0), zlabel="L_v")
    live.update(0.19)
    assert path_ax.figure.get_size_inches() == pytest.approx(live.fig.get_size_inches())
    assert path_ax.get_lines()[0].get_ydata() == pytest.approx(
        live.panels.line.get_ydata()
    )
    assert live.panels.axloss.get_title().startswith("$L_v$ = ")


# --- the interactive figure ---------------------------------------------------------


@pytest.fixture(scope="module")
def descent():
    return explore_descent(
        valley, (-4.0, 1.0), [0.05, 0.19, 0.21], xlim=(-4.5, 1.5), ylim=(-2, 2)
    )


def test_descent_bundle_has_widget_player_image_and_text(descent):
    bundle = descent._repr_mimebundle_()
    assert bundle["text/plain"] == (
        "Interactive figure: gradient descent on f from (x, y) = (-4, 1) with the "
        "learning rates 0.05, 0.19, 0.21 (3 frames)."
    )
    frames = frames_of(descent.html)
    assert len(frames) == 3 and len(set(frames)) == 3
    soup = sanitized(descent.html)
    (img,) = soup.find_all("img")
    assert "the first frame shows 0.05" in img["alt"]
    assert soup.select_one("div.anim-controls").has_attr("hidden")


def test_descent_slider_sets_the_learning_rate(descent):
    slider, image = descent.widget.children
    assert slider.description == "learning rate"
    assert (slider.min, slider.max, slider.value) == pytest.approx((0.0021, 0.21, 0.05))
    before = bytes(image.value)
    slider.value = 0.19
    assert bytes(image.value) != before


def test_descent_figure_redraws_the_path_for_a_new_rate():
    figure = DescentFigure(valley, (-4.0, 1.0), n_steps=5)
    figure.update(0.1)
    line = figure.panels.line
    assert line.get_ydata()[1] == pytest.approx(0.0, abs=1e-9)
    figure.update(0.19)
    assert line.get_ydata()[1] == pytest.approx(-0.9, rel=1e-6)
    assert figure.panels.axpath.get_title() == "learning rate η = 0.19"
    with pytest.raises(ValueError, match="lr must be a finite number"):
        figure.update(math.inf)


@pytest.mark.parametrize("lr", [0.02, 0.19, 0.21])
def test_descent_labels_stay_inside_and_off_the_paths(lr):
    """Level labels sit inside the axes, on the side of the minimum away from the
    start, where no path of descent from the start goes (w1 > 0 on the valley); the
    start's own label sits above it, clear of the first step, which goes down."""
    figure = DescentFigure(valley, (-4.0, 1.0), (-4.5, 1.5), (-2.0, 2.0))
    path = figure.update(lr)
    ax = figure.panels.axpath
    places = _label_fractions(ax)
    assert places and all(0.08 < fx < 0.92 and 0.08 < fy < 0.92 for fx, fy in places)
    labels = [t for t in ax.texts if t.get_text() != "start"]
    assert all(t.get_position()[0] > 0 for t in labels)
    assert np.all(path[:, 0] <= 0)
    (start,) = [t for t in ax.texts if t.get_text() == "start"]
    assert start.xyann[1] > 0 and start.get_va() == "bottom"
    assert path[1, 1] < path[0, 1]


def test_descent_frames_are_legible_size():
    figure = DescentFigure(valley, (-4.0, 1.0))
    figure.update(0.1)
    assert not legible(figure, (figure.panels.axpath, figure.panels.axloss))


@pytest.mark.parametrize(
    "lrs, error, message",
    [
        ([], ValueError, r"lrs must be a list of learning rates .* got shape \(0,\)"),
        ([0.1, -0.2], ValueError, "lrs must be positive numbers"),
        ("fast", TypeError, "lrs is a string 'fast'; expected a list of learning"),
    ],
)
def test_descent_refuses_bad_learning_rates(lrs, error, message):
    with pytest.raises(error, match=message):
        explore_descent(valley, (-4.0, 1.0), lrs)


# --- the chapter's own figures: every text clear and legible in the column ---------

X_DATA, T_DATA = one_neuron_data()
CHAPTER_RATES = [0.21, 0.2, 0.19, 0.18, 0.15, 0.1, 0.05, 0.02]


def chapter_loss(w, b):
    return np.mean((w * X_DATA + b - T_DATA) ** 2)


def _start_box_hits(figure):
    """How many points of the drawn path (each segment finely sampled) lie in the
    box of the start's name."""
    panels = figure.panels
    (box,) = [b for t, b in drawn_texts(figure.fig) if t.get_text() == "start"]
    xs, ys = panels.line.get_data()
    path = np.column_stack([xs, ys]).astype(float)
    t = np.linspace(0, 1, 60)[:, None]
    points = np.concatenate([a + t * (b - a) for a, b in zip(path[:-1], path[1:])])
    pixels = panels.axpath.transData.transform(points)
    return int(
        np.sum(
            (pixels[:, 0] > box.x0)
            & (pixels[:, 0] < box.x1)
            & (pixels[:, 1] > box.y0)
            & (pixels[:, 1] < box.y1)
        )
    )


@pytest.mark.parametrize("lr", CHAPTER_RATES)
def test_descent_frames_have_clear_legible_text(lr):
    """Each frame of the chapter's player on the valley: no text under 10 CSS pixels
    (ticks) or 11 (the rest), no two level labels overlapping where the valley's
    curves crowd, none cut by the axes, and no line of the path through "start"."""
    figure = DescentFigure(
        valley, (-4.0, 1.0), (-4.5, 1.5), (-2.0, 2.0), names=("w₁", "w₂"), zlabel="L_v"
    )
    figure.update(lr)
    assert not text_problems(figure.fig, tight=False)
    assert _start_box_hits(figure) == 0


def test_the_still_descent_has_clear_legible_text_and_a_free_start():
    """The chapter's still picture (η = 0.6 on its loss), whose path first goes up
    and to the right, through where "start" used to sit."""
    plot_descent(
        chapter_loss,
        (0.5, 0.0),
        0.6,
        n_steps=30,
        xlim=(-1.5, 4.5),
        ylim=(-3.3, 2.7),
        names=("w", "b"),
        zlabel="L",
    )
    fig = plt.gcf()
    assert not text_problems(fig, tight=True)
    figure = type("Drawn", (), {})()
    figure.fig = fig
    figure.panels = type("Panels", (), {})()
    figure.panels.axpath = fig.axes[0]
    figure.panels.line = fig.axes[0].lines[0]
    assert _start_box_hits(figure) == 0


def test_the_chapters_gradient_fields_have_clear_legible_text():
    """The chapter's three fields in one figure, as its cell draws them: level labels
    neither overlap one another nor leave their axes, and every text is legible."""
    fig, axes = plt.subplot_mosaic(
        [["bowl", "saddle"], ["valley", "valley"]],
        figsize=(8, 8.4),
        height_ratios=(1, 0.8),
        layout="constrained",
    )
    fields = {
        "bowl": (lambda w1, w2: w1**2 + w2**2, (-2, 2), (-2, 2)),
        "saddle": (lambda w1, w2: w1**2 - w2**2, (-2, 2), (-2, 2)),
        "valley": (valley, (-3.5, 3.5), (-1.6, 1.6)),
    }
    for key, (f, xlim, ylim) in fields.items():
        ax = plot_gradient_field(
            f, xlim=xlim, ylim=ylim, names=("w₁", "w₂"), ax=axes[key]
        )
        ax.set_title(f"gradient field of the {key}", fontsize=12)
        ax.tick_params(labelsize=10)
    assert not text_problems(fig, tight=True)
    shown = [t for t, _ in drawn_texts(fig) if t.get_text() in {"1", "2", "3", "4"}]
    assert shown  # thinned, not emptied

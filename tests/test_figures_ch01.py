"""Chapter 1's figures: the slices of a surface and their tangents (live, as a frame
player and as a still picture)."""

import matplotlib

matplotlib.use("Agg")

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from figure_support import (
    PNG,
    STILL,
    corners3d,
    drawn_texts,
    legible,
    sanitized,
    text_problems,
)
from matplotlib.colors import to_rgba

from helpers import partial_derivative
from helpers.figures.ch01 import (
    PARTIALS_NOTE,
    PartialsFigure,
    circle_path,
    explore_partials,
    plot_partials,
    surface_zlim,
)


def f(x, y):
    return x**2 * np.cos(x * y)


def loss(w, b):
    return (w - 1.0) ** 2 + 2.0 * (b - 1.0) ** 2 + w * b


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def figure():
    return explore_partials(f, path=circle_path(n_frames=4))


# --- the interactive figure --------------------------------------------------------


def test_moving_a_slider_redraws_the_image(figure):
    sliders = figure.widget.children[0].children
    image = figure.widget.children[1]
    before = bytes(image.value)
    assert before.startswith(PNG)
    sliders[0].value = -1.0
    after_x = bytes(image.value)
    assert after_x != before
    sliders[1].value = 1.5
    assert bytes(image.value) != after_x


def test_sliders_span_the_plot_limits():
    fig = explore_partials(f, xlim=(-1.0, 3.0), ylim=(-2.0, 0.5), path=[(0.0, 0.0)])
    sx, sy = fig.widget.children[0].children
    assert (sx.min, sx.max, sy.min, sy.max) == (-1.0, 3.0, -2.0, 0.5)


def test_circle_path_is_closed_loop_of_rounded_points():
    path = circle_path(radius=1.0, n_frames=8)
    assert len(path) == 8 and path[0] == (1.0, 0.0) and path[2] == (0.0, 1.0)


def test_player_shows_the_first_point_as_a_still_image_with_alt_text(figure):
    bundle = figure._repr_mimebundle_()
    assert "(4 frames)" in bundle["text/plain"]
    found = STILL.search(bundle["text/html"])
    assert found.group("alt").startswith("Three panels: the surface of f")
    soup = sanitized(figure.html)
    assert soup.select_one("p.anim-still-note").get_text() == PARTIALS_NOTE


@pytest.fixture(scope="module")
def named():
    return explore_partials(
        loss,
        xlim=(-1.0, 3.0),
        ylim=(0.0, 2.0),
        names=("w", "b"),
        zlabel="L",
        path=[(0.5, 1.5), (1.5, 0.5)],
    )


def test_names_appear_in_sliders_labels_titles_and_text(named):
    sliders = named.widget.children[0].children
    assert [s.description for s in sliders] == ["w0", "b0"]
    assert (sliders[0].value, sliders[1].value) == (0.5, 1.5)  # the path's start
    bundle = named._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Interactive figure: the slices of L ")
    alt = STILL.search(bundle["text/html"]).group("alt")
    assert "∂L/∂w" in alt and "∂L/∂b" in alt and "(w, b)" in alt


def test_names_in_the_figure_itself():
    figure = PartialsFigure(loss, (-1.0, 3.0), (0.0, 2.0), names=("w", "b"), zlabel="L")
    dw, db = figure.update(0.5, 1.5)
    assert dw == partial_derivative(loss, (0.5, 1.5), 0)
    assert db == partial_derivative(loss, (0.5, 1.5), 1)
    assert figure.ax3d.get_title() == "L(w, b) at (0.50, 1.50)"
    assert (figure.ax3d.get_xlabel(), figure.ax3d.get_ylabel()) == ("w", "b")
    assert figure.axx.get_title() == f"slice b = 1.50\n∂L/∂w = {dw:.2f}"
    assert figure.axy.get_title() == f"slice w = 0.50\n∂L/∂b = {db:.2f}"
    assert (figure.axx.get_xlabel(), figure.axx.get_ylabel()) == ("w", "L")
    assert (figure.axy.get_xlabel(), figure.axy.get_ylabel()) == ("b", "L")


def test_default_names_are_x_y_f():
    figure = PartialsFigure(f, (-2.0, 2.0), (-2.0, 2.0))
    figure.update(1.0, 0.5)
    assert figure.axx.get_title().endswith(
        f"∂f/∂x = {partial_derivative(f, (1.0, 0.5), 0):.2f}"
    )
    assert figure.axy.get_title().startswith("slice x = 1.00")


@pytest.mark.parametrize("names", ["wb", ("w",), ("w", ""), ("w", 2)])
def test_bad_names_are_refused(names):
    with pytest.raises(ValueError, match="names must be two non-empty strings"):
        PartialsFigure(loss, names=names)


def test_slices_pass_through_the_point_and_the_tangents_have_the_partials_as_slopes():
    figure = PartialsFigure(f)
    figure.update(1.0, 0.5)
    xs, ys, zs = figure.slice_x3d.get_data_3d()
    assert np.allclose(ys, 0.5) and np.allclose(zs, f(xs, 0.5))
    xs, ys, zs = figure.slice_y3d.get_data_3d()
    assert np.allclose(xs, 1.0) and np.allclose(zs, f(1.0, ys))
    for k, var in enumerate("xy"):
        curve, tangent, dot = figure.lines[var]
        t, z = curve.get_data()
        assert (t.min(), t.max()) == (-2.0, 2.0)  # the whole domain, not near the point
        tx, tz = tangent.get_data()
        slope = (tz[1] - tz[0]) / (tx[1] - tx[0])
        assert slope == pytest.approx(partial_derivative(f, (1.0, 0.5), k))
        assert dot.get_ydata()[0] == pytest.approx(f(1.0, 0.5))


def test_a_function_written_for_numbers_only_is_drawn_too():
    """A function written with math.cos (no arrays) still plots."""
    figure = PartialsFigure(lambda x, y: x * math.cos(y), resolution=8)
    figure.update(0.5, 0.5)
    xs, _, zs = figure.slice_x3d.get_data_3d()
    assert np.allclose(zs, xs * math.cos(0.5))


def test_panels_share_the_domain_and_vertical_range():
    figure = PartialsFigure(loss, (-1.0, 3.0), (0.0, 2.0))
    assert figure.ax3d.get_xlim() == pytest.approx((-1.0, 3.0))
    assert figure.ax3d.get_ylim() == pytest.approx((0.0, 2.0))
    assert figure.axx.get_xlim() == pytest.approx(figure.ax3d.get_xlim())
    assert figure.axy.get_xlim() == pytest.approx(figure.ax3d.get_ylim())
    assert figure.axx.get_ylim() == pytest.approx(figure.ax3d.get_zlim())
    assert figure.axy.get_ylim() == pytest.approx(figure.ax3d.get_zlim())
    assert figure.ax3d.get_zlim() == pytest.approx(surface_zlim(loss, (-1, 3), (0, 2)))


def test_shared_vertical_range_holds_the_surface():
    low, high = surface_zlim(f)
    grid = np.linspace(-2, 2, 101)
    values = f(*np.meshgrid(grid, grid))
    assert low < values.min() and values.max() < high
    assert high - low < 1.2 * (values.max() - values.min())


def test_cutting_planes_follow_the_point_in_their_slices_colours():
    figure = PartialsFigure(f, (-2.0, 2.0), (-2.0, 2.0))
    for x0, y0 in [(1.0, 0.5), (-0.3, 1.7)]:
        figure.update(x0, y0)
        plane_y, plane_x = (corners3d(figure.planes[v]) for v in ("y", "x"))
        assert np.allclose(plane_y[:, 1], y0) and np.allclose(plane_x[:, 0], x0)
        assert (plane_y[:, 0].min(), plane_y[:, 0].max()) == (-2.0, 2.0)
        assert (plane_x[:, 1].min(), plane_x[:, 1].max()) == (-2.0, 2.0)
        assert (plane_x[:, 2].min(), plane_x[:, 2].max()) == figure.zlim
    for var, color in (("y", "C0"), ("x", "C1")):
        face = figure.planes[var].get_facecolor()[0]
        assert np.allclose(face[:3], to_rgba(color)[:3]), var
        assert 0 < face[3] < 0.5, f"plane {var} is not translucent (alpha {face[3]})"


def test_planes_never_hide_the_slices():
    """Drawn in a fixed order: surface, planes, then the slices and the point on top."""
    figure = PartialsFigure(f)
    ax = figure.ax3d
    assert ax.computed_zorder is False
    plane_z = max(plane.get_zorder() for plane in figure.planes.values())
    assert all(line.get_zorder() > plane_z for line in ax.get_lines())
    assert ax.collections[0].get_zorder() < plane_z  # the surface


def test_default_path_circles_the_centre_of_the_domain():
    """A domain away from the origin still gets a path inside it."""
    figure = explore_partials(loss, xlim=(0.0, 4.0), ylim=(1.0, 3.0))
    assert "(16 frames)" in figure.description
    sx, sy = figure.widget.children[0].children
    assert (sx.value, sy.value) == (2.6, 2.0)  # centre (2, 2) + radius 0.3 * 2
    assert circle_path(0.6, 4, centre=(2.0, 2.0)) == [
        (2.6, 2.0),
        (2.0, 2.6),
        (1.4, 2.0),
        (2.0, 1.4),
    ]


def test_frames_are_legible_size():
    figure = PartialsFigure(f, (-2.0, 2.0), (-2.0, 2.0))
    figure.update(1.0, 0.5)
    assert tuple(figure.fig.get_size_inches()) == pytest.approx((8.0, 3.1))
    assert not legible(figure, (figure.ax3d, figure.axx, figure.axy))


def test_explore_partials_refuses_a_bad_path():
    with pytest.raises(ValueError, match="path must hold at least one point"):
        explore_partials(f, path=[])
    with pytest.raises(ValueError, match=r"a point of path must be \(x, y\)"):
        explore_partials(f, path=[(0.0, 1.0, 2.0)])


# --- the still picture: the same drawing on a pyplot figure ------------------------


def test_still_picture_is_the_interactive_figure_at_one_point():
    before = plt.get_fignums()
    still = plot_partials(
        loss,
        (0.5, 1.5),
        xlim=(-1.0, 3.0),
        ylim=(0.0, 2.0),
        names=("w", "b"),
        zlabel="L",
    )
    assert isinstance(still, PartialsFigure)
    assert plt.get_fignums() == [*before, still.fig.number]  # plt.show() shows it
    live = PartialsFigure(loss, (-1.0, 3.0), (0.0, 2.0), names=("w", "b"), zlabel="L")
    live.update(0.5, 1.5)
    assert tuple(still.fig.get_size_inches()) == tuple(live.fig.get_size_inches())
    for a, b in ((still.ax3d, live.ax3d), (still.axx, live.axx), (still.axy, live.axy)):
        assert a.get_title() == b.get_title()
        assert a.get_xlim() == b.get_xlim() and a.get_ylim() == b.get_ylim()
    assert still.lines["w"][1].get_data()[1] == pytest.approx(
        live.lines["w"][1].get_data()[1]
    )


def test_still_picture_refuses_a_bad_point():
    with pytest.raises(ValueError, match=r"point must be \(x, y\)"):
        plot_partials(f, (1.0, 0.5, 2.0))


# --- every text clear and legible in the column ------------------------------------


def _gaps(fig, ax):
    """The least distance in pixels between any two texts of ``ax`` (its tick labels,
    axis labels and title), and the pair."""
    texts = [
        (t, box)
        for t, box in drawn_texts(fig)
        if t.axes is ax
        or t in (ax.title, ax.xaxis.label, ax.yaxis.label)
        or any(
            t in axis.get_majorticklabels() for axis in (ax.xaxis, ax.yaxis, ax.zaxis)
        )
    ]
    least = (math.inf, None)
    for i, (a, box_a) in enumerate(texts):
        for b, box_b in texts[i + 1 :]:
            gap = max(
                box_a.x0 - box_b.x1,
                box_b.x0 - box_a.x1,
                box_a.y0 - box_b.y1,
                box_b.y0 - box_a.y1,
            )
            least = min(least, (gap, (a.get_text(), b.get_text())), key=lambda g: g[0])
    return least


@pytest.mark.parametrize("point", circle_path(n_frames=8))
def test_every_frame_has_clear_legible_text(point):
    """The chapter's player (the default domain) at each point of its path: no text
    under 10 CSS pixels (ticks) or 11 (the rest) in the column, none overlapping
    another or leaving the figure; the surface's tick labels stay 2 pixels apart."""
    figure = PartialsFigure(f)
    figure.update(*point)
    assert not text_problems(figure.fig, tight=False)
    gap, pair = _gaps(figure.fig, figure.ax3d)
    assert gap * 688 / (figure.fig.dpi * 8.0) >= 2, pair


def test_the_still_picture_has_clear_legible_text():
    """The chapter's still picture of a loss of (w, b), saved as the notebook saves it
    (``bbox_inches="tight"``)."""
    figure = plot_partials(
        loss,
        (0.5, 0.0),
        xlim=(-1.0, 3.0),
        ylim=(-3.0, 2.0),
        names=("w", "b"),
        zlabel="L",
    )
    assert not text_problems(figure.fig, tight=True)
    gap, pair = _gaps(figure.fig, figure.ax3d)
    assert gap >= 3, pair

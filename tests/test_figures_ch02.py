"""Chapter 2's figure: the unit vector u turning at a point, and D_u f as it turns."""

import matplotlib

matplotlib.use("Agg")

import math

import numpy as np
import pytest
from figure_support import (
    JPEG,
    WEBP,
    drawn_texts,
    frames_of,
    legible,
    sanitized,
    text_problems,
)
from matplotlib.quiver import Quiver

from helpers import directional_derivative, partial_derivative
from helpers.data import one_neuron_data
from helpers.figures import plot_directional_slice
from helpers.figures.ch02 import (
    DIRECTIONS_NOTE,
    DirectionsFigure,
    SliceFigure,
    explore_directions,
)


def f(x, y):
    return x**2 * np.cos(x * y)


def loss(w, b):
    return (w - 1.0) ** 2 + 2.0 * (b - 1.0) ** 2 + w * b


@pytest.fixture(scope="module")
def directions():
    return explore_directions(f, (1.0, 0.5), n_frames=4)


def test_directions_bundle_has_widget_player_image_and_text(directions):
    bundle = directions._repr_mimebundle_()
    assert bundle["text/plain"] == (
        "Interactive figure: the directional derivative of f at (x, y) = (1.00, 0.50) "
        "as the unit vector u turns (4 frames)."
    )
    frames = frames_of(directions.html)
    assert len(frames) == 4 and len(set(frames)) == 4
    assert frames[0].startswith(JPEG)  # the still image
    assert all(frame.startswith(WEBP) for frame in frames[1:])


def test_directions_still_image_and_hidden_controls(directions):
    soup = sanitized(directions.html)
    (img,) = soup.find_all("img")
    assert img["alt"].startswith("Two panels: the level curves of f over (x, y)")
    assert "(x, y) = (1.00, 0.50)" in img["alt"]
    assert soup.select_one("div.anim-controls").has_attr("hidden")
    assert soup.select_one("p.anim-still-note").get_text() == DIRECTIONS_NOTE


def test_directions_render_byte_identical(directions):
    again = explore_directions(f, (1.0, 0.5), n_frames=4)
    assert again.html == directions.html
    assert (
        again._repr_mimebundle_()["image/jpeg"]
        == (directions._repr_mimebundle_()["image/jpeg"])
    )


def test_directions_slider_turns_the_arrow(directions):
    slider, image = directions.widget.children
    assert (slider.description, slider.min, slider.max) == ("angle (°)", 0.0, 360.0)
    before = bytes(image.value)
    slider.value = 90.0
    assert bytes(image.value) != before


def quivers(ax) -> dict:
    return {q.get_label(): q for q in ax.collections if isinstance(q, Quiver)}


@pytest.mark.parametrize("degrees", [0.0, 30.0, 135.0, 290.0])
def test_direction_arrow_is_the_unit_vector_at_the_angle(degrees):
    figure = DirectionsFigure(f, (1.0, 0.5))
    slope = figure.update(degrees)
    angle = math.radians(degrees)
    arrows = quivers(figure.axlevel)
    u = arrows["unit vector u"]
    assert (float(u.U[0]), float(u.V[0])) == pytest.approx(
        (math.cos(angle), math.sin(angle))
    )
    assert tuple(u.get_offsets()[0]) == (1.0, 0.5)
    g = np.array([partial_derivative(f, (1.0, 0.5), k) for k in (0, 1)])
    grad = arrows["direction of ∇f"]
    assert (float(grad.U[0]), float(grad.V[0])) == pytest.approx(
        tuple(g / np.linalg.norm(g))
    )
    u_vec = (math.cos(angle), math.sin(angle))
    assert slope == directional_derivative(f, (1.0, 0.5), u_vec)
    title = figure.axlevel.get_title()
    assert title == rf"$D_{{\mathbf{{u}}}}\,f$ = {slope:.2f} at angle {degrees:.0f}°"


def test_directions_figure_speaks_of_the_given_names():
    figure = DirectionsFigure(
        loss, (0.5, 1.5), (-1, 3), (0, 2), names=("w", "b"), zlabel="L"
    )
    figure.update(120.0)
    assert figure.axlevel.get_title().endswith("at angle 120°")
    assert figure.axlevel.get_title().startswith(r"$D_{\mathbf{u}}\,L$ = ")
    assert (figure.axlevel.get_xlabel(), figure.axlevel.get_ylabel()) == ("w", "b")
    assert figure.axlevel.get_xlim() == (-1.0, 3.0)
    assert figure.axlevel.get_ylim() == (0.0, 2.0)
    assert figure.curve.mark.get_xdata()[0] == pytest.approx(120.0)
    assert figure.axcurve.get_title() == r"$D_{\mathbf{u}}\,L$ at (w, b) = (0.50, 1.50)"
    assert figure.axcurve.get_ylabel() == r"$D_{\mathbf{u}}\,L$"
    assert any(r"$\|\nabla L\|$" in t.get_text() for t in figure.axcurve.texts)


def test_directions_names_the_arrows_at_their_tips_without_a_legend():
    """No legend covers the map: u's name follows its arrow round, ∇f's stays put."""
    figure = DirectionsFigure(f, (1.0, 0.5))
    panel = figure.direction
    assert figure.axlevel.get_legend() is None
    figure.update(90.0)
    x, y = panel.u_label.get_position()  # where the text is drawn
    assert x == pytest.approx(1.0) and y > 0.5
    assert panel.u_label.xy == (x, y)
    figure.update(180.0)
    x, y = panel.u_label.get_position()
    assert x < 1.0 and y == pytest.approx(0.5)
    names = [t.get_text() for t in figure.axlevel.texts]
    assert r"$\mathbf{u}$" in names and r"$\nabla f$" in names


def test_directional_curve_is_a_cosine_peaking_along_the_gradient():
    point = (1.0, 0.5)
    figure = DirectionsFigure(f, point)
    figure.update(30.0)
    ax, panel = figure.axcurve, figure.curve
    theta, values = panel.degrees, panel.values
    step = theta[1] - theta[0]
    assert theta[0] == 0.0 and theta[-1] < 360.0 and step == 1.0
    g = np.array([partial_derivative(f, point, k) for k in (0, 1)])
    norm = float(np.linalg.norm(g))
    top = math.degrees(math.atan2(g[1], g[0])) % 360
    best = theta[int(np.argmax(values))]
    assert min(abs(best - top), 360 - abs(best - top)) <= step
    assert values.max() == pytest.approx(norm, rel=1e-4)
    assert np.allclose(values, norm * np.cos(np.radians(theta - top)), atol=1e-6)
    texts = [t.get_text() for t in ax.texts]
    zeros = sorted(((top + 90) % 360, (top - 90) % 360))
    assert (
        rf"max $\|\nabla f\|$ = {norm:.2f}" + "\n" + (rf"at {top:.0f}° ($\nabla f$)")
        in texts
    )
    assert [f"0 at {z:.0f}°" for z in zeros] == [t for t in texts if t.startswith("0")]
    for z in zeros:  # 90° from the maximum, where the curve crosses zero
        k = int(round(z)) % 360
        assert abs(values[k]) <= norm * math.radians(step)
    # The current angle is marked on the curve.
    assert panel.mark.get_xdata()[0] == pytest.approx(30.0)
    assert panel.mark.get_ydata()[0] == pytest.approx(
        norm * math.cos(math.radians(30 - top))
    )


def test_directions_frames_are_legible_size():
    figure = DirectionsFigure(f, (1.0, 0.5))
    figure.update(30.0)
    assert not legible(figure, (figure.axlevel, figure.axcurve))


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"point": (1.0, 2.0, 3.0)}, ValueError, r"point must be \(x, y\)"),
        ({"point": (1.0, math.nan)}, ValueError, "point holds nan at index 1"),
        ({"n_frames": 0}, ValueError, "n_frames must be at least 1"),
        ({"n_frames": 2.5}, TypeError, "n_frames must be a whole number"),
        ({"names": ("w",)}, ValueError, "names must be two"),
    ],
)
def test_directions_refuse_bad_input(kwargs, error, message):
    args = {"point": (1.0, 0.5), **kwargs}
    with pytest.raises(error, match=message):
        explore_directions(f, **args)


@pytest.mark.parametrize("degrees", [math.nan, math.inf, -math.inf])
def test_directions_figure_refuses_a_non_finite_angle(degrees):
    figure = DirectionsFigure(f, (1.0, 0.5))
    with pytest.raises(ValueError, match="degrees must be a finite number"):
        figure.update(degrees)
    with pytest.raises(TypeError, match="degrees must be a number; got '30°'"):
        figure.update("30°")


# --- the slice along u: the definition as a picture ---------------------------------


def slice_figure(**kwargs):
    options = dict(xlim=(-1.0, 2.5), ylim=(-2.0, 1.5), reach=1.5)
    return SliceFigure(loss, (0.5, 0.0), (0.6, 0.8), **{**options, **kwargs})


def test_slice_is_f_along_the_line_and_its_tangent_has_the_directional_slope():
    figure = slice_figure(names=("w", "b"), zlabel="L")
    slope = directional_derivative(loss, (0.5, 0.0), (0.6, 0.8))
    assert figure.slope == slope
    curve, tangent = figure.axslice.get_lines()[:2]
    t, g = curve.get_data()
    assert t[0] == -1.5 and t[-1] == 1.5
    assert np.allclose(g, [loss(0.5 + 0.6 * s, 0.8 * s) for s in t])
    t_tan, z_tan = tangent.get_data()
    assert np.allclose(z_tan, loss(0.5, 0.0) + slope * t_tan)
    assert t_tan.min() < 0.0 < t_tan.max()
    label = rf"slope $D_{{\mathbf{{u}}}}\,L(\mathbf{{a}}) = {slope:.2f}$"
    assert [t.get_text() for t in figure.axslice.texts] == [label]
    assert figure.axslice.get_title() == (
        r"the slice $g(t) = L(\mathbf{a} + t\,\mathbf{u})$ and its tangent at $t = 0$"
    )
    assert figure.ax3d.get_title() == (
        r"the surface $L$ cut along $\mathbf{u}$ through $\mathbf{a}$"
    )
    assert (figure.ax3d.get_xlabel(), figure.ax3d.get_ylabel()) == ("w", "b")


def test_slice_curve_on_the_surface_lies_above_the_line_through_the_point():
    figure = slice_figure()
    curves = [line for line in figure.ax3d.get_lines() if line.get_linewidth() == 3]
    (curve,) = curves
    xs, ys, zs = (np.asarray(v) for v in curve.get_data_3d())
    assert np.allclose(ys - 0.0, (xs - 0.5) * 0.8 / 0.6)  # the line through a along u
    assert np.allclose(zs, [loss(x, y) for x, y in zip(xs, ys)])
    texts = [t.get_text() for t in figure.ax3d.texts]
    assert r"$\mathbf{u}$" in texts and r"$\mathbf{a}$" in texts


def test_slope_label_sits_off_the_curve():
    """The slice of a bowl lies above its tangent: the label goes below the tangent."""
    figure = slice_figure()
    (label,) = figure.axslice.texts
    at, height = label.xy
    assert label.get_position() == (0, -16) and label.get_va() == "top"
    assert height == pytest.approx(loss(0.5, 0.0) + figure.slope * at)


def test_slice_figure_is_legible():
    figure = slice_figure()
    assert not legible(figure, (figure.ax3d, figure.axslice))


def test_plot_directional_slice_is_a_pyplot_figure():
    import matplotlib.pyplot as plt

    figure = plot_directional_slice(loss, (0.5, 0.0), (0.6, 0.8), zlabel="L")
    assert plt.fignum_exists(figure.fig.number)
    plt.close(figure.fig)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (
            {"u": (1.0, 1.0)},
            ValueError,
            "u must be a unit vector, but its norm is 1.41421",
        ),
        ({"u": (1.0, 0.0, 0.0)}, ValueError, r"u must be \(x, y\)"),
        ({"point": (0.5, math.nan)}, ValueError, "point holds nan at index 1"),
        ({"reach": 0.0}, ValueError, "reach must be positive; got 0"),
        ({"reach": "far"}, TypeError, "reach must be a number"),
    ],
)
def test_slice_refuses_bad_input(kwargs, error, message):
    args = {"point": (0.5, 0.0), "u": (0.6, 0.8), **kwargs}
    with pytest.raises(error, match=message):
        SliceFigure(loss, **args)


def test_zero_labels_sit_beside_the_curve_not_on_it():
    """The curve rises through the zero 90° before the maximum: its label goes above
    left; it falls through the other, whose label goes above right."""
    figure = DirectionsFigure(lambda x, y: -x - 0.2 * y, (0.0, 0.0))
    top = figure.curve.top  # about 191°
    labels = {t.get_text(): t for t in figure.axcurve.texts if t.get_text()[0] == "0"}
    rising = labels[f"0 at {(top - 90) % 360:.0f}°"]
    falling = labels[f"0 at {(top + 90) % 360:.0f}°"]
    assert 40 < (top - 90) % 360 < 320 and 40 < (top + 90) % 360 < 320
    assert (rising.get_ha(), rising.get_va()) == ("right", "bottom")
    assert (falling.get_ha(), falling.get_va()) == ("left", "bottom")


def test_level_labels_stay_clear_of_the_arrow_names():
    """No level's value is written inside the circle the names of u and ∇f travel."""
    figure = DirectionsFigure(loss, (0.5, 1.5), (-1, 3), (0, 2))
    panel = figure.direction
    x0, y0 = panel.point
    levels = [t for t in figure.axlevel.texts if t not in (panel.u_label,)]
    values = [
        t for t in levels if t.get_text()[:1].isdigit() or t.get_text()[:1] == "-"
    ]
    assert values
    for text in values:
        x, y = text.get_position()
        assert math.hypot(x - x0, y - y0) > 1.3 * panel.length


# --- the chapter's own figures: every text clear and legible in the column ---------

X_DATA, T_DATA = one_neuron_data()


def chapter_loss(w, b):
    """The chapter's loss: the mean squared error of y = w x + b on its data."""
    return np.mean((w * X_DATA + b - T_DATA) ** 2)


def chapter_directions():
    return DirectionsFigure(
        chapter_loss, (0.5, 0.0), (-1, 3), (-2.5, 1.5), names=("w", "b"), zlabel="L"
    )


@pytest.mark.parametrize("degrees", np.arange(0.0, 360.0, 22.5))
def test_directions_frames_have_clear_legible_text(degrees):
    """Each frame of the chapter's player: no text under 10 CSS pixels (ticks) or 11
    (the rest) in the column, none cut by the figure's edge (the b label was), no two
    overlapping: the names of u and ∇L (which met near 180°), the level labels
    (which crowded once large enough to read)."""
    figure = chapter_directions()
    figure.update(degrees)
    assert not text_problems(figure.fig, tight=False)


def test_zero_labels_cover_neither_the_curve_nor_its_marks():
    """ "0 at 98°" and "0 at 278°" sit beside the curve: no point of the curve, of its
    marks (the zeros, the maximum) or of the current angle's mark lies in their box."""
    figure = chapter_directions()
    ax = figure.axcurve
    for degrees in np.arange(0.0, 360.0, 22.5):
        figure.update(degrees)
        boxes = [
            box for t, box in drawn_texts(figure.fig) if t.get_text().startswith("0 at")
        ]
        assert len(boxes) == 2
        points = np.concatenate(
            [
                np.column_stack(line.get_data())
                for line in ax.lines
                if line.get_visible() and line is not figure.curve.line
            ]
        ).astype(float)
        pixels = ax.transData.transform(points)
        for box in boxes:
            inside = (
                (pixels[:, 0] > box.x0)
                & (pixels[:, 0] < box.x1)
                & (pixels[:, 1] > box.y0)
                & (pixels[:, 1] < box.y1)
            )
            assert not inside.any(), points[inside][:3]


def test_the_slice_figure_has_clear_legible_text():
    """The chapter's still picture of the slice, saved as the notebook saves it."""
    import matplotlib.pyplot as plt

    figure = plot_directional_slice(
        chapter_loss,
        (0.5, 0.0),
        (0.6, 0.8),
        xlim=(-1.0, 2.5),
        ylim=(-2.0, 1.5),
        reach=1.5,
        names=("w", "b"),
        zlabel="L",
    )
    assert not text_problems(figure.fig, tight=True)
    plt.close(figure.fig)

"""Figures: each plot helper draws what its docstring promises and returns the axes."""

import matplotlib

matplotlib.use("Agg")  # tests draw off-screen; the notebooks choose their own backend

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba

from helpers import partial_derivative
from helpers.plots import (
    plot_difference_errors,
    plot_precision_errors,
    plot_slice_tangent,
    plot_surface_slices,
    precision_errors,
    surface_zlim,
)


def f(x, y):
    return x**2 * np.cos(x * y)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_surface_slices_draws_both_slices_through_the_point():
    """Both slices pass through the point; the tangents have the partials as slopes."""
    ax = plot_surface_slices(f, (1.0, 0.5))
    assert ax.name == "3d"
    lines = ax.get_lines()
    slice_x, slice_y, tangent_x, tangent_y = lines[:4]
    xs, ys, zs = slice_x.get_data_3d()
    assert np.allclose(ys, 0.5) and np.allclose(zs, f(xs, 0.5))
    xs, ys, zs = slice_y.get_data_3d()
    assert np.allclose(xs, 1.0) and np.allclose(zs, f(1.0, ys))
    tx, _, tz = tangent_x.get_data_3d()
    assert (tz[1] - tz[0]) / (tx[1] - tx[0]) == pytest.approx(
        partial_derivative(f, (1.0, 0.5), 0)
    )
    _, ty, tz = tangent_y.get_data_3d()
    assert (tz[1] - tz[0]) / (ty[1] - ty[0]) == pytest.approx(
        partial_derivative(f, (1.0, 0.5), 1)
    )


def test_surface_slices_uses_the_given_axes():
    fig = plt.figure()
    ax = fig.add_subplot(projection="3d")
    assert plot_surface_slices(f, (0.0, 1.0), ax=ax) is ax


def test_surface_slices_accepts_a_scalar_only_function():
    """A function written with math.cos (no arrays) still plots."""
    import math

    ax = plot_surface_slices(lambda x, y: x * math.cos(y), (0.5, 0.5), resolution=8)
    assert len(ax.get_lines()) >= 4


@pytest.mark.parametrize("wrt, k", [("x", 0), ("y", 1), (0, 0), (1, 1)])
def test_slice_tangent_slope_is_the_partial(wrt, k):
    ax = plot_slice_tangent(f, (1.0, 0.5), wrt)
    curve, tangent = ax.get_lines()[:2]
    tx, tz = tangent.get_data()
    slope = (tz[1] - tz[0]) / (tx[1] - tx[0])
    assert slope == pytest.approx(partial_derivative(f, (1.0, 0.5), k))
    assert f"{slope:.2f}" in tangent.get_label()


def test_slice_tangent_rejects_a_bad_coordinate():
    with pytest.raises(ValueError, match="wrt must be 0, 1, 'x' or 'y'"):
        plot_slice_tangent(f, (1.0, 0.5), "z")


def test_slice_tangent_rejects_a_bad_point():
    with pytest.raises(ValueError, match=r"point must be \(x, y\)"):
        plot_slice_tangent(f, (1.0, 0.5, 2.0), "x")


def test_difference_errors_plot_has_both_methods_and_guides():
    ax = plot_difference_errors(np.sin, np.cos, 1.0)
    labels = [line.get_label() for line in ax.get_lines()]
    assert any(label.startswith("forward") for label in labels)
    assert any(label.startswith("central") for label in labels)
    assert "slope 1: O(h)" in labels and "slope 2: O(h²)" in labels
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"


# --- the cutting planes and one domain for every panel ----------------------------


def corners3d(collection) -> np.ndarray:
    """A one-polygon Poly3DCollection's corners, shape (n, 3).

    matplotlib keeps them privately: ``_faces`` (n_faces, n, 3) since 3.10's rewrite,
    ``_vec`` (4, n) in homogeneous coordinates before.
    """
    faces = getattr(collection, "_faces", None)
    if faces is not None:
        return np.asarray(faces)[0]
    return np.asarray(collection._vec)[:3].T


def planes_of(ax) -> dict:
    """The surface figure's cutting planes by label, as (4, 3) arrays of corners."""
    return {
        c.get_label(): corners3d(c)
        for c in ax.collections
        if c.get_label().startswith("plane ")
    }


def test_surface_figure_draws_the_two_cutting_planes():
    """The planes y = y0 (blue, like its slice) and x = x0 (orange) span the box."""
    ax = plot_surface_slices(f, (1.0, 0.5))
    planes = planes_of(ax)
    assert set(planes) == {"plane y = 0.50", "plane x = 1.00"}
    zlim = ax.get_zlim()
    plane_y, plane_x = planes["plane y = 0.50"], planes["plane x = 1.00"]
    assert np.allclose(plane_y[:, 1], 0.5)
    assert (plane_y[:, 0].min(), plane_y[:, 0].max()) == pytest.approx(ax.get_xlim())
    assert (plane_y[:, 2].min(), plane_y[:, 2].max()) == pytest.approx(zlim)
    assert np.allclose(plane_x[:, 0], 1.0)
    assert (plane_x[:, 1].min(), plane_x[:, 1].max()) == pytest.approx(ax.get_ylim())
    assert (plane_x[:, 2].min(), plane_x[:, 2].max()) == pytest.approx(zlim)
    by_label = {c.get_label(): c for c in ax.collections}
    for label, color in (("plane y = 0.50", "C0"), ("plane x = 1.00", "C1")):
        face = by_label[label].get_facecolor()[0]
        assert np.allclose(face[:3], to_rgba(color)[:3]), label
        assert 0 < face[3] < 0.5, f"{label} is not translucent (alpha {face[3]})"


def test_surface_figure_planes_can_be_left_out():
    assert planes_of(plot_surface_slices(f, (1.0, 0.5), planes=False)) == {}


def test_planes_never_hide_the_slices():
    """Drawn in a fixed order: surface, planes, then the slices and tangents on top."""
    ax = plot_surface_slices(f, (1.0, 0.5))
    assert ax.computed_zorder is False
    plane_z = max(
        c.get_zorder() for c in ax.collections if c.get_label().startswith("plane ")
    )
    assert all(line.get_zorder() > plane_z for line in ax.get_lines())
    surface = ax.collections[0]
    assert surface.get_label().startswith("_") and surface.get_zorder() < plane_z


@pytest.mark.parametrize(
    "limits",
    [{}, {"xlim": (-1.0, 3.0), "ylim": (-0.5, 2.5)}],
    ids=["default", "custom"],
)
def test_all_panels_share_the_domain_and_the_vertical_range(limits):
    """The chapter's three panels: the same x, y ranges and the same z-limits."""
    fig = plt.figure(figsize=(12, 3.8))
    point = (1.0, 0.5)
    surface = plot_surface_slices(
        f, point, ax=fig.add_subplot(1, 3, 1, projection="3d"), **limits
    )
    along_x = plot_slice_tangent(f, point, "x", ax=fig.add_subplot(1, 3, 2), **limits)
    along_y = plot_slice_tangent(f, point, "y", ax=fig.add_subplot(1, 3, 3), **limits)
    assert along_x.get_xlim() == pytest.approx(surface.get_xlim())
    assert along_y.get_xlim() == pytest.approx(surface.get_ylim())
    assert along_x.get_ylim() == pytest.approx(surface.get_zlim())
    assert along_y.get_ylim() == pytest.approx(surface.get_zlim())
    if limits:
        assert surface.get_xlim() == pytest.approx(limits["xlim"])
        assert surface.get_ylim() == pytest.approx(limits["ylim"])
    # The slice curves span the whole domain, not an interval around the point.
    xs, _ = along_x.get_lines()[0].get_data()
    assert (xs.min(), xs.max()) == pytest.approx(surface.get_xlim())


def test_shared_vertical_range_holds_the_surface():
    low, high = surface_zlim(f)
    grid = np.linspace(-2, 2, 101)
    values = f(*np.meshgrid(grid, grid))
    assert low < values.min() and values.max() < high
    assert high - low < 1.2 * (values.max() - values.min())


def test_slice_tangent_half_width_still_spans_the_point():
    ax = plot_slice_tangent(f, (1.0, 0.5), "x", half_width=0.5)
    xs, _ = ax.get_lines()[0].get_data()
    assert (xs.min(), xs.max()) == pytest.approx((0.5, 1.5))


# --- the variables' names ----------------------------------------------------------


def loss(w, b):
    return (w - 1.0) ** 2 + 2.0 * (b + 0.5) ** 2 + w * b


def test_surface_figure_speaks_of_the_given_names():
    ax = plot_surface_slices(loss, (0.4, -0.2), names=("w", "b"), zlabel="L")
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_zlabel()) == ("w", "b", "L(w, b)")
    assert "(w, b) = (0.40, -0.20)" in ax.get_title()
    labels = [line.get_label() for line in ax.get_lines()]
    assert "slice b = -0.20" in labels and "slice w = 0.40" in labels
    dw = partial_derivative(loss, (0.4, -0.2), 0)
    assert f"tangent, slope ∂L/∂w = {dw:.2f}" in labels
    assert set(planes_of(ax)) == {"plane b = -0.20", "plane w = 0.40"}


@pytest.mark.parametrize("wrt, k", [("w", 0), ("b", 1), (0, 0), (1, 1)])
def test_slice_tangent_speaks_of_the_given_names(wrt, k):
    ax = plot_slice_tangent(loss, (0.4, -0.2), wrt, names=("w", "b"), zlabel="L")
    var, fixed = ("w", "b = -0.20") if k == 0 else ("b", "w = 0.40")
    slope = partial_derivative(loss, (0.4, -0.2), k)
    assert ax.get_title() == f"∂L/∂{var} = {slope:.2f}"
    assert (ax.get_xlabel(), ax.get_ylabel()) == (var, "L")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [
        f"L along {var} with {fixed}",
        f"tangent, slope ∂L/∂{var} = {slope:.2f}",
    ]


def test_slice_tangent_with_names_refuses_x():
    with pytest.raises(ValueError, match="wrt must be 0, 1, 'w' or 'b'; got 'x'"):
        plot_slice_tangent(loss, (0.4, -0.2), "x", names=("w", "b"))


def test_default_names_are_x_y_f():
    ax = plot_slice_tangent(f, (1.0, 0.5), "y")
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("y", "f")
    assert ax.get_title().startswith("∂f/∂y = ")


@pytest.mark.parametrize("names", ["wb", ("w",), ("w", ""), ("w", 2)])
def test_bad_names_are_refused(names):
    with pytest.raises(ValueError, match="names must be two non-empty strings"):
        plot_surface_slices(loss, (0.4, -0.2), names=names)


# --- slope guides beside the data ---------------------------------------------------


def lines_by_label(ax) -> dict:
    return {line.get_label(): line for line in ax.get_lines()}


def slice_x(x):
    return f(x, 0.5)


def slice_x_derivative(x):
    return 2 * x * np.cos(x * 0.5) - x**2 * 0.5 * np.sin(x * 0.5)


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


# --- float32 against float64 ------------------------------------------------------


@pytest.mark.parametrize(
    "g, dg, x",
    [
        (slice_x, slice_x_derivative, 1.0),
        (slice_x, slice_x_derivative, -0.7),
        (np.sin, np.cos, 1.0),
        (np.exp, np.exp, 0.5),
        (np.tanh, lambda x: 1 / np.cosh(x) ** 2, 0.3),
    ],
    ids=["chapter slice", "slice at -0.7", "sin", "exp", "tanh"],
)
def test_best_step_float32_near_1e_2_to_1e_3_and_float64_near_1e_5(g, dg, x):
    """Round-off eps/h against truncation h²: the best step is about eps^(1/3)."""
    steps, err32, err64 = precision_errors(g, dg, x)
    best32, best64 = steps[np.argmin(err32)], steps[np.argmin(err64)]
    assert 1e-3 * 0.99 <= best32 <= 1e-2 * 1.01, best32
    assert 1e-6 * 0.99 <= best64 <= 1e-4 * 1.01, best64
    # float32 is far worse at its best, and both agree where truncation dominates.
    assert err32.min() > 1e3 * err64.min()
    assert err32[0] == pytest.approx(err64[0], rel=0.01)


def test_float32_errors_are_computed_in_float32():
    """f sees float32 inputs, and its float32 results are what is differenced."""
    seen = []

    def g(x):
        seen.append(type(x))
        return np.sin(x) * 2.0  # a Python float keeps float32 (NEP 50)

    steps, err32, err64 = precision_errors(
        g, lambda x: 2 * np.cos(x), 1.0, steps=[1e-3]
    )
    assert np.float32 in seen and np.float64 in seen
    x32, h32 = np.float32(1.0), np.float32(1e-3)
    expected = (np.sin(x32 + h32) * 2.0 - np.sin(x32 - h32) * 2.0) / (
        np.float32(2) * h32
    )
    assert expected.dtype == np.float32
    assert err32[0] == abs(float(expected) - 2 * np.cos(1.0))


@pytest.mark.parametrize(
    "g",
    [lambda x: math.sin(x), lambda x: np.float64(2.0) * x, lambda x: np.array([x, x])],
    ids=["math.sin", "float64 constant", "two values"],
)
def test_function_leaving_float32_is_refused(g):
    with pytest.raises(TypeError, match="f returned .* for a float32 input"):
        precision_errors(g, np.cos, 1.0)


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


def test_level_curves_mark_points_and_name_axes():
    from helpers.plots import plot_level_curves

    def bowl(w, b):
        return (w - 1.0) ** 2 + 2 * (b + 0.5) ** 2

    ax = plot_level_curves(
        bowl,
        xlim=(-1.0, 3.0),
        ylim=(-3.0, 2.0),
        names=("w", "b"),
        zlabel="L",
        points={"A": (2.5, -2.0), "best": (1.0, -0.5)},
    )
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("w", "b")
    assert ax.get_title() == "level curves of L(w, b)"
    assert [t.get_text() for t in ax.texts if t.get_text() in ("A", "best")] == [
        "A",
        "best",
    ]
    marked = [tuple(line.get_xydata()[0]) for line in ax.lines]
    assert (2.5, -2.0) in marked and (1.0, -0.5) in marked
    assert ax.get_xlim() == (-1.0, 3.0) and ax.get_ylim() == (-3.0, 2.0)
    # Levels rise away from the minimum and stay inside f's range on the domain.
    levels = ax.collections[0].levels if ax.collections else []
    assert len(levels) == 12 and np.all(np.diff(levels) > 0)
    plt.close("all")


def test_level_curves_refuse_a_bad_point():
    from helpers.plots import plot_level_curves

    with pytest.raises(ValueError, match=r"point must be \(w, b\)"):
        plot_level_curves(lambda w, b: w + b, names=("w", "b"), points={"A": (1, 2, 3)})
    plt.close("all")


# --- directional derivatives -------------------------------------------------------


def quivers(ax) -> dict:
    from matplotlib.quiver import Quiver

    return {q.get_label(): q for q in ax.collections if isinstance(q, Quiver)}


@pytest.mark.parametrize("degrees", [0.0, 30.0, 135.0, 290.0])
def test_direction_arrow_is_the_unit_vector_at_the_angle(degrees):
    from helpers import directional_derivative
    from helpers.plots import plot_direction

    angle = math.radians(degrees)
    ax = plot_direction(f, (1.0, 0.5), angle)
    arrows = quivers(ax)
    u = arrows["unit vector u"]
    assert (float(u.U[0]), float(u.V[0])) == pytest.approx(
        (math.cos(angle), math.sin(angle))
    )
    assert math.hypot(float(u.U[0]), float(u.V[0])) == pytest.approx(1.0)
    assert tuple(u.get_offsets()[0]) == (1.0, 0.5)
    g = np.array([partial_derivative(f, (1.0, 0.5), k) for k in (0, 1)])
    grad = arrows["direction of ∇f"]
    assert (float(grad.U[0]), float(grad.V[0])) == pytest.approx(
        tuple(g / np.linalg.norm(g))
    )
    slope = directional_derivative(f, (1.0, 0.5), (math.cos(angle), math.sin(angle)))
    assert ax.get_title() == f"D_u f = {slope:.2f} at angle {degrees:.0f}°"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["direction of ∇f", "unit vector u", "(x, y) = (1.00, 0.50)"]


def test_direction_speaks_of_the_given_names():
    from helpers.plots import plot_direction

    ax = plot_direction(
        loss, (0.5, 1.5), 0.3, xlim=(-1, 3), ylim=(0, 2), names=("w", "b"), zlabel="L"
    )
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("w", "b")
    assert ax.get_title().startswith("D_u L = ")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "direction of ∇L" in labels and "(w, b) = (0.50, 1.50)" in labels
    assert ax.get_xlim() == (-1.0, 3.0) and ax.get_ylim() == (0.0, 2.0)


def test_directional_curve_is_a_cosine_peaking_along_the_gradient():
    from helpers.plots import plot_directional_curve

    point = (1.0, 0.5)
    ax = plot_directional_curve(f, point, math.radians(30))
    curve = max(ax.lines, key=lambda line: len(line.get_xdata()))
    theta, values = curve.get_xdata(), curve.get_ydata()
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
    assert f"max ‖∇f‖ = {norm:.2f}\nat {top:.0f}° (∇f)" in texts
    assert [f"0 at {z:.0f}°" for z in zeros] == [t for t in texts if t.startswith("0")]
    for z in zeros:  # 90° from the maximum, where the curve crosses zero
        k = int(round(z)) % 360
        assert abs(values[k]) <= norm * math.radians(step)
    # The current angle is marked on the curve.
    marks = [line for line in ax.lines if len(line.get_xdata()) == 1]
    assert any(
        line.get_xdata()[0] == pytest.approx(30.0)
        and line.get_ydata()[0]
        == pytest.approx(norm * math.cos(math.radians(30 - top)))
        for line in marks
    )


def test_directional_curve_speaks_of_the_given_names():
    from helpers.plots import plot_directional_curve

    ax = plot_directional_curve(loss, (0.5, 1.5), names=("w", "b"), zlabel="L")
    assert ax.get_ylabel() == "D_u L"
    assert ax.get_title() == "D_u L at (w, b) = (0.50, 1.50)"
    assert any("‖∇L‖" in t.get_text() for t in ax.texts)


@pytest.mark.parametrize("angle", [math.nan, math.inf, -math.inf, "30°"])
def test_direction_plots_refuse_a_bad_angle(angle):
    from helpers.plots import plot_direction, plot_directional_curve

    with pytest.raises(ValueError, match="angle must be a finite number"):
        plot_direction(f, (1.0, 0.5), angle)
    with pytest.raises(ValueError, match="angle must be a finite number"):
        plot_directional_curve(f, (1.0, 0.5), angle)


def test_direction_plots_refuse_a_bad_point():
    from helpers.plots import plot_direction, plot_directional_curve

    with pytest.raises(ValueError, match=r"point must be \(w, b\)"):
        plot_direction(loss, (1.0, 2.0, 3.0), 0.0, names=("w", "b"))
    with pytest.raises(ValueError, match=r"point must be \(x, y\)"):
        plot_directional_curve(f, (1.0,))


# --- gradients and gradient descent --------------------------------------------------


def valley(w1, w2):
    return 0.5 * (w1**2 + 10 * w2**2)


def test_gradient_field_arrows_are_the_gradient_on_equal_axes():
    """Each arrow is ∇f at its foot, up to one common scale, on a centred grid."""
    from matplotlib.quiver import Quiver

    from helpers.plots import plot_gradient_field

    ax = plot_gradient_field(valley, xlim=(-3, 3), ylim=(-1.5, 1.5), arrows=6)
    (quiver,) = [c for c in ax.collections if isinstance(c, Quiver)]
    feet = quiver.XY
    xs, ys = np.unique(feet[:, 0]), np.unique(feet[:, 1])
    assert np.allclose(np.diff(xs), 1.0) and np.allclose(np.diff(ys), 1.0)
    assert np.allclose(xs + xs[::-1], 0.0) and np.allclose(ys + ys[::-1], 0.0)
    assert np.allclose(quiver.U, feet[:, 0], atol=1e-6)  # ∂/∂w1 = w1
    assert np.allclose(quiver.V, 10 * feet[:, 1], atol=1e-6)  # ∂/∂w2 = 10 w2
    assert ax.get_aspect() == 1.0
    assert ax.get_title() == "∇f over the level curves of f"


def test_gradient_field_refuses_too_few_arrows():
    from helpers.plots import plot_gradient_field

    with pytest.raises(ValueError, match="arrows must be at least 2"):
        plot_gradient_field(valley, arrows=1)
    with pytest.raises(ValueError, match="arrows must be a whole number"):
        plot_gradient_field(valley, arrows=2.5)


@pytest.mark.parametrize("lr", [0.02, 0.19, 0.21])
def test_descent_path_multiplies_each_weight_by_its_factor(lr):
    """On the valley each step multiplies w1 by 1 - lr and w2 by 1 - 10 lr."""
    from helpers.plots import descent_path

    path = descent_path(valley, (-4.0, 1.0), lr, 20)
    assert path.shape == (21, 2)
    k = np.arange(21)
    assert np.allclose(path[:, 0], -4.0 * (1 - lr) ** k, rtol=1e-6)
    assert np.allclose(path[:, 1], (1 - 10 * lr) ** k, rtol=1e-6, atol=1e-9)


def test_descent_path_stops_once_it_diverges():
    from helpers.plots import DIVERGED, descent_path

    path = descent_path(valley, (-4.0, 1.0), 0.5, 100)  # w2 grows fourfold a step
    assert len(path) < 101
    start = valley(-4.0, 1.0)
    assert all(valley(*p) <= DIVERGED * start for p in path)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"lr": -0.1}, "lr must be a number >= 0"),
        ({"lr": math.nan}, "lr must be a number >= 0"),
        ({"n_steps": -1}, "n_steps must be at least 0"),
        ({"start": (1.0, 2.0, 3.0)}, r"point must be \(x, y\)"),
    ],
)
def test_descent_path_refuses_bad_input(kwargs, message):
    from helpers.plots import descent_path

    args = {"start": (-4.0, 1.0), "lr": 0.1, "n_steps": 5, **kwargs}
    with pytest.raises(ValueError, match=message):
        descent_path(valley, **args)


def test_plot_descent_draws_the_path_and_says_how_it_ends():
    from helpers.plots import plot_descent

    path_ax, loss_ax = plot_descent(valley, (-4.0, 1.0), 0.1, n_steps=10)
    line = path_ax.get_lines()[0]
    assert len(line.get_xdata()) == 11
    assert line.get_ydata()[1] == pytest.approx(0.0, abs=1e-9)  # 1 - 10 lr = 0
    values = loss_ax.get_lines()[0].get_ydata()
    assert np.all(np.diff(values) < 0)
    assert loss_ax.get_yscale() == "log"
    assert path_ax.get_title() == "learning rate η = 0.1"
    assert loss_ax.get_title() == f"f = {values[-1]:.2g} after 10 steps"
    _, grows = plot_descent(valley, (-4.0, 1.0), 0.21, n_steps=10)
    assert grows.get_title().startswith("f grows to ")


# --- classification: decision regions and loss curves (chapter 4) ------------------


def _two_classes():
    X = np.array([[-1.0, 0.0], [-0.5, 1.0], [0.5, -1.0], [1.0, 0.5]])
    return X, np.array([0, 0, 1, 1])


def _region_image(ax):
    (image,) = ax.get_images()
    return image


@pytest.mark.parametrize("as_probabilities", [False, True])
def test_decision_regions_change_colour_where_the_prediction_changes(as_probabilities):
    """Left of x₁ = 0.7 the regions have class 0's colour, right of it class 1's."""
    from helpers.plots import plot_decision_regions

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
    from helpers.plots import CLASS_COLORS, plot_decision_regions

    X, labels = _two_classes()
    ax = plot_decision_regions(lambda p: np.zeros(len(p), int) + 1, X, labels)
    image = _region_image(ax)
    region = np.array(image.to_rgba(np.array([[1]]))[0, 0, :3])
    point = np.array(to_rgba(CLASS_COLORS[1])[:3])
    assert np.all(region >= point - 1e-9) and not np.allclose(region, point)
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts == ["class 1 (label 0)", "class 2 (label 1)"]


def test_decision_regions_default_limits_hold_every_point():
    from helpers.plots import plot_decision_regions

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
    from helpers.plots import plot_decision_regions

    X, labels = _two_classes()
    args = {"predict": lambda p: np.zeros(len(p), int), "X": X, "labels": labels}
    args.update(change)
    with pytest.raises((TypeError, ValueError), match=message) as info:
        plot_decision_regions(args["predict"], args["X"], args["labels"])
    assert "\n" not in str(info.value)
    if "X" in change or "labels" in change:  # refused before a figure opens
        assert plt.get_fignums() == []


def test_decision_regions_do_not_change_the_callers_arrays():
    from helpers.plots import plot_decision_regions

    X, labels = _two_classes()
    before = X.copy()

    def predict(points):
        points += 1.0  # a careless predict must not reach X
        return np.zeros(len(points), int)

    plot_decision_regions(predict, X, labels)
    assert np.array_equal(X, before)


def test_loss_curve_plots_the_losses_against_the_steps():
    from helpers.plots import plot_loss_curve

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
    from helpers.plots import plot_loss_curve

    ax = plt.figure().add_subplot()
    assert plot_loss_curve([1.0, 0.5], ax) is ax


@pytest.mark.parametrize(
    "losses, kwargs, message",
    [
        ([], {}, r"losses must be a non-empty 1-D sequence"),
        ([[1.0, 0.5]], {}, r"losses must be a non-empty 1-D .* shape \(1, 2\)"),
        ([1.0, np.nan], {}, r"losses\[1\] is nan \(did training diverge\?\)"),
        ("abc", {}, r"losses must be a sequence of numbers"),
        ([1.0, 0.5], {"steps": [0]}, r"steps must have one entry per loss"),
        ([1.0, 0.0], {"log": True}, r"log=True needs positive losses"),
    ],
)
def test_loss_curve_refuses_bad_input_naming_the_argument(losses, kwargs, message):
    from helpers.plots import plot_loss_curve

    with pytest.raises((TypeError, ValueError), match=message):
        plot_loss_curve(losses, **kwargs)


# --- linear regression (chapter 5) -------------------------------------------------


def test_regression_fit_draws_the_data_and_both_lines():
    from helpers.plots import plot_regression_fit

    x, t = np.array([-1.0, 0.0, 1.0, 2.0]), np.array([-1.8, -0.2, 1.1, 2.6])
    history = [(0.0, 0.0), (1.0, -0.5), (1.2, -0.25)]
    ax = plot_regression_fit(x, t, history, step=1, best=(1.45, -0.3))
    data, best, fit = ax.get_lines()
    assert list(data.get_xdata()) == list(x) and list(data.get_ydata()) == list(t)
    assert best.get_linestyle() == "--"
    xs = fit.get_xdata()
    assert fit.get_ydata() == pytest.approx(1.0 * xs - 0.5)
    assert best.get_ydata() == pytest.approx(1.45 * xs - 0.3)
    assert ax.get_title() == "step 1: y = 1.00 x - 0.50"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x", "t")


def test_regression_fit_takes_columns_and_a_single_line():
    from helpers.plots import plot_regression_fit

    X, T = np.array([[0.0], [1.0], [2.0]]), np.array([[1.0], [2.0], [3.5]])
    ax = plot_regression_fit(X, T, (1.0, 1.0))
    assert ax.get_title() == "step 0: y = 1.00 x + 1.00"


def test_regression_loss_is_on_a_log_scale_with_the_least_value():
    from helpers.plots import plot_regression_loss, regression_losses

    x, t = np.array([-1.0, 0.0, 1.0, 2.0]), np.array([-1.8, -0.2, 1.1, 2.6])
    history = [(0.0, 0.0), (1.0, -0.5), (1.2, -0.25)]
    losses = regression_losses(x, t, history)
    assert losses[0] == pytest.approx(np.mean(t**2))
    ax = plot_regression_loss(losses, step=2, best=0.01)
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
        ((np.array([0.0, np.nan]), np.zeros(2)), "x must be finite"),
    ],
)
def test_regression_plots_refuse_bad_data(args, message):
    from helpers.plots import plot_regression_fit

    with pytest.raises(ValueError, match=message):
        plot_regression_fit(*args, (1.0, 0.0))


def test_regression_loss_refuses_a_loss_a_log_scale_cannot_show():
    from helpers.plots import plot_regression_loss

    with pytest.raises(ValueError, match="finite and positive"):
        plot_regression_loss([1.0, 0.0])


def test_a_long_descent_gets_a_logarithmic_step_axis():
    from helpers.plots import LOG_STEPS, plot_regression_loss

    short = plot_regression_loss(np.linspace(2.0, 1.0, LOG_STEPS))
    assert (short.get_xscale(), short.get_xlabel()) == ("linear", "step")
    long = plot_regression_loss(np.linspace(2.0, 1.0, LOG_STEPS + 1))
    assert (long.get_xscale(), long.get_xlabel()) == ("symlog", "step (log scale)")


# --- the computational graph (chapter 6) ------------------------------------------


def test_computational_graph_draws_every_node_and_gradient():
    from helpers.plots import GRAPH_GRADIENTS, GRAPH_NODES, plot_computational_graph

    ax = plot_computational_graph()
    texts = [t.get_text() for t in ax.texts]
    assert "σ( · )" in texts and "‖y − t‖²" in texts
    assert all(g in texts for g in GRAPH_GRADIENTS.values())
    assert {"D", "H", "M", "H × D", "M × H"} <= set(texts)
    assert len(texts) >= len(GRAPH_NODES)
    plt.close(ax.figure)


def test_computational_graph_without_backward_has_no_gradients():
    from helpers.plots import GRAPH_GRADIENTS, plot_computational_graph

    fig, ax = plt.subplots()
    assert plot_computational_graph(ax, backward=False, activation="tanh") is ax
    texts = [t.get_text() for t in ax.texts]
    assert "tanh( · )" in texts
    assert not any(g in texts for g in GRAPH_GRADIENTS.values())
    plt.close(fig)


def test_computational_graph_refuses_an_empty_name():
    from helpers.plots import plot_computational_graph

    with pytest.raises(TypeError, match="activation must be a non-empty string"):
        plot_computational_graph(activation="")

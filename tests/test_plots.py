"""Figures: each plot helper draws what its docstring promises and returns the axes."""

import matplotlib

matplotlib.use("Agg")  # tests draw off-screen; the notebooks choose their own backend

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import partial_derivative
from helpers.plots import (
    plot_difference_errors,
    plot_slice_tangent,
    plot_surface_slices,
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

"""Interactive figures: a live control in a kernel, a frame player without one."""

import re

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from helpers.widgets import (
    WIDGET_MIMETYPE,
    InteractiveFigure,
    circle_path,
    explore_partials,
)


def f(x, y):
    return x**2 * np.cos(x * y)


@pytest.fixture(scope="module")
def figure():
    return explore_partials(f, path=circle_path(n_frames=4))


def test_bundle_offers_widget_player_and_text(figure):
    """A live front end picks the widget, the website the HTML player, a terminal the text."""
    bundle = figure._repr_mimebundle_()
    assert set(bundle) == {WIDGET_MIMETYPE, "text/html", "text/plain"}
    assert bundle[WIDGET_MIMETYPE]["model_id"] == figure.widget.model_id
    assert bundle["text/plain"].startswith("Interactive figure:")
    assert "(4 frames)" in bundle["text/plain"]


def test_player_holds_one_image_per_frame_and_no_external_link(figure):
    frames = re.findall(r"data:image/jpeg;base64,", figure.html)
    assert len(frames) == 4
    assert not re.search(r"(src|href)=[\"']https?://", figure.html)


def test_player_frames_differ(figure):
    """The point moves between frames, so no two frames are the same image."""
    frames = re.findall(
        r"data:image/jpeg;base64,((?:[A-Za-z0-9+/=]|\\\n)+)", figure.html
    )
    assert len(set(frames)) == len(frames)


def test_moving_a_slider_redraws_the_image(figure):
    sliders = figure.widget.children[0].children
    image = figure.widget.children[1]
    before = image.value
    assert before[:4] == b"\x89PNG"
    sliders[0].value = -1.0
    after_x = image.value
    assert after_x != before
    sliders[1].value = 1.5
    assert image.value != after_x


def test_sliders_span_the_plot_limits():
    fig = explore_partials(f, xlim=(-1.0, 3.0), ylim=(-2.0, 0.5), path=[(0.0, 0.0)])
    sx, sy = fig.widget.children[0].children
    assert (sx.min, sx.max, sy.min, sy.max) == (-1.0, 3.0, -2.0, 0.5)


def test_circle_path_is_closed_loop_of_rounded_points():
    path = circle_path(radius=1.0, n_frames=8)
    assert len(path) == 8 and path[0] == (1.0, 0.0) and path[2] == (0.0, 1.0)


def test_without_widget_the_bundle_is_player_and_text():
    bundle = InteractiveFigure(None, "<div>player</div>", "text")._repr_mimebundle_()
    assert bundle == {"text/plain": "text", "text/html": "<div>player</div>"}


def test_player_is_accessible(figure):
    """The frame image has a description and the frame slider a label."""
    assert re.search(r'<img alt="Three panels: [^"]+" id="_anim_img', figure.html)
    assert 'type="range" aria-label="Frame"' in figure.html


def test_player_is_the_same_from_run_to_run(figure):
    """Element ids are derived from the frames, so a re-run stores identical output."""
    again = explore_partials(f, path=circle_path(n_frames=4))
    assert again.html == figure.html
    assert re.search(r'id="_anim_imgp[0-9a-f]{31}"', figure.html)

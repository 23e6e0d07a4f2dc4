"""Interactive figures: a live control in a kernel, a frame player without one."""

import base64
import io
import math
import re

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from helpers import partial_derivative
from helpers.plots import surface_zlim
from helpers.widgets import (
    STILL_NOTE,
    WIDGET_MIMETYPE,
    InteractiveFigure,
    PartialsFigure,
    circle_path,
    explore_partials,
)


def f(x, y):
    return x**2 * np.cos(x * y)


@pytest.fixture(scope="module")
def figure():
    return explore_partials(f, path=circle_path(n_frames=4))


def test_bundle_offers_widget_player_and_text(figure):
    """A live front end picks the widget, the website the HTML player, a terminal the
    text, a front end without HTML (or a printed format) the still image."""
    bundle = figure._repr_mimebundle_()
    assert set(bundle) == {WIDGET_MIMETYPE, "text/html", "image/jpeg", "text/plain"}
    assert bundle[WIDGET_MIMETYPE]["model_id"] == figure.widget.model_id
    assert bundle["text/plain"].startswith("Interactive figure:")
    assert "(4 frames)" in bundle["text/plain"]


def test_player_holds_one_image_per_frame_and_no_external_link(figure):
    """Each frame is stored once: the first as the still image's src, the rest in JS."""
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
    assert re.search(
        r'<img alt="Three panels: [^"]+" src="data:image/jpeg;[^"]+" id="_anim_img',
        figure.html,
    )
    assert 'type="range" aria-label="Frame"' in figure.html


def test_player_is_the_same_from_run_to_run(figure):
    """Element ids are derived from the frames, so a re-run stores identical output."""
    again = explore_partials(f, path=circle_path(n_frames=4))
    assert again.html == figure.html
    assert re.search(r'id="_anim_imgp[0-9a-f]{31}"', figure.html)


# --- a still image where no script runs ---------------------------------------------

JPEG = b"\xff\xd8\xff"
STILL = re.compile(
    r'<img alt="(?P<alt>[^"]+)" src="data:image/jpeg;base64,(?P<data>[^"]+)"'
)


def frames_of(html: str) -> list[bytes]:
    """Every frame of a player, decoded: the still image's first, then the script's."""
    still = STILL.search(html).group("data")
    rest = re.findall(
        r'frames\[\d+\] = "data:image/jpeg;base64,((?:[^"\\]|\\\n)+)"', html
    )
    return [base64.b64decode(d.replace("\\\n", "")) for d in [still, *rest]]


def test_still_image_is_the_first_frame_as_a_data_uri_with_alt_text(figure):
    """The <img> has a real src before any script runs: the first frame, with alt."""
    bundle = figure._repr_mimebundle_()
    found = STILL.search(bundle["text/html"])
    assert found, "no <img> with a data-URI src in the stored HTML"
    assert found.group("alt").startswith("Three panels: the surface of f")
    still = base64.b64decode(found.group("data"))
    assert still.startswith(JPEG)
    with Image.open(io.BytesIO(still)) as image:
        assert image.size == (992, 384)
    # The script takes its first frame from that src instead of a second copy.
    assert 'frames[0] = document.getElementById(img_id).getAttribute("src");' in (
        figure.html
    )
    frames = frames_of(figure.html)
    assert len(frames) == 4 and len(set(frames)) == 4


def test_controls_hidden_until_the_script_runs(figure):
    """No dead slider where scripts are dropped: the controls start hidden, a note
    says to run the cell, and only the player's own script shows and removes them."""
    html = figure.html
    assert '<div class="anim-controls" hidden="hidden">' in html
    assert f'<p class="anim-still-note"><em>{STILL_NOTE}</em></p>' in html
    script = html[html.rindex("<script>") :]
    assert 'querySelector(".anim-controls").hidden = false' in script
    assert "note.remove()" in script


def sanitized(html: str) -> BeautifulSoup:
    """What JupyterLab keeps of an untrusted notebook's HTML output (its sanitizer,
    sanitize-html): no <script>, <style> or <link>, no event handlers, ids renamed,
    and no attribute with an empty value but alt (a bare ``hidden`` is dropped)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["script", "style", "link"]):
        tag.decompose()
    for tag in soup.find_all(True):
        for attribute, value in list(tag.attrs.items()):
            empty = value == "" and attribute != "alt"
            if attribute.startswith("on") or empty:
                del tag[attribute]
        if tag.has_attr("id"):
            tag["data-jupyter-id"] = tag.attrs.pop("id")
    return soup


def test_sanitized_player_is_a_still_image_without_controls(figure):
    soup = sanitized(figure.html)
    (img,) = soup.find_all("img")
    assert img["src"].startswith("data:image/jpeg;base64,")
    assert img["alt"].startswith("Three panels:")
    controls = soup.select_one("div.anim-controls")
    assert controls.has_attr("hidden"), "the dead controls would show"
    assert soup.select_one("p.anim-still-note").get_text() == STILL_NOTE


# --- the variables' names, one domain, the cutting planes --------------------------


def loss(w, b):
    return (w - 1.0) ** 2 + 2.0 * (b - 1.0) ** 2 + w * b


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
    figure.update(0.5, 1.5)
    dw = partial_derivative(loss, (0.5, 1.5), 0)
    db = partial_derivative(loss, (0.5, 1.5), 1)
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


def test_panels_share_the_domain_and_vertical_range():
    figure = PartialsFigure(loss, (-1.0, 3.0), (0.0, 2.0))
    assert figure.ax3d.get_xlim() == pytest.approx((-1.0, 3.0))
    assert figure.ax3d.get_ylim() == pytest.approx((0.0, 2.0))
    assert figure.axx.get_xlim() == pytest.approx(figure.ax3d.get_xlim())
    assert figure.axy.get_xlim() == pytest.approx(figure.ax3d.get_ylim())
    assert figure.axx.get_ylim() == pytest.approx(figure.ax3d.get_zlim())
    assert figure.axy.get_ylim() == pytest.approx(figure.ax3d.get_zlim())
    assert figure.ax3d.get_zlim() == pytest.approx(surface_zlim(loss, (-1, 3), (0, 2)))


def test_cutting_planes_follow_the_point():
    figure = PartialsFigure(f, (-2.0, 2.0), (-2.0, 2.0))
    for x0, y0 in [(1.0, 0.5), (-0.3, 1.7)]:
        figure.update(x0, y0)
        plane_y, plane_x = (corners3d(figure.planes[v]) for v in ("y", "x"))
        assert np.allclose(plane_y[:, 1], y0) and np.allclose(plane_x[:, 0], x0)
        assert (plane_y[:, 0].min(), plane_y[:, 0].max()) == (-2.0, 2.0)
        assert (plane_x[:, 2].min(), plane_x[:, 2].max()) == figure.zlim


def corners3d(collection) -> np.ndarray:
    """A one-polygon Poly3DCollection's corners, shape (n, 3) (private in matplotlib:
    ``_faces`` since 3.10, ``_vec`` in homogeneous coordinates before)."""
    faces = getattr(collection, "_faces", None)
    if faces is not None:
        return np.asarray(faces)[0]
    return np.asarray(collection._vec)[:3].T


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
    """Shown at the website's column width (688 CSS pixels at a 1280-pixel window),
    tick labels are at least 11 pixels high and titles and axis labels 13; the frames
    are wider than the column, so they stay sharp on high-density screens."""
    figure = PartialsFigure(f, (-2.0, 2.0), (-2.0, 2.0))
    figure.update(1.0, 0.5)
    width, height = figure.fig.get_size_inches() * figure.fig.dpi
    assert width >= 960 and height >= 360
    shown = 688 / width  # CSS pixels per frame pixel on the website

    def pixels(text) -> float:
        return text.get_fontsize() * figure.fig.dpi / 72 * shown

    for ax in (figure.ax3d, figure.axx, figure.axy):
        assert pixels(ax.title) >= 13
        assert pixels(ax.xaxis.label) >= 13 and pixels(ax.yaxis.label) >= 13
        ticks = ax.get_xticklabels() + ax.get_yticklabels()
        assert ticks and all(pixels(t) >= 11 for t in ticks)


def test_bundle_carries_the_first_frame_as_a_plain_image():
    """Front ends that show no HTML (and printed formats) get the still image."""
    import base64

    from helpers.widgets import circle_path, explore_partials

    figure = explore_partials(lambda x, y: x * y, path=circle_path(n_frames=2))
    bundle = figure._repr_mimebundle_()
    assert bundle["image/jpeg"] in figure.html  # the same first frame, stored once more
    assert base64.b64decode(bundle["image/jpeg"])[:3] == b"\xff\xd8\xff"  # a JPEG


# --- directional derivatives -------------------------------------------------------


@pytest.fixture(scope="module")
def directions():
    from helpers.widgets import explore_directions

    return explore_directions(f, (1.0, 0.5), n_frames=4)


def test_directions_bundle_has_widget_player_image_and_text(directions):
    bundle = directions._repr_mimebundle_()
    assert set(bundle) == {WIDGET_MIMETYPE, "text/html", "image/jpeg", "text/plain"}
    assert bundle["text/plain"] == (
        "Interactive figure: the directional derivative of f at (x, y) = (1.00, 0.50) "
        "as the unit vector u turns (4 frames)."
    )
    assert bundle["image/jpeg"] in directions.html
    frames = frames_of(directions.html)
    assert len(frames) == 4 and len(set(frames)) == 4
    assert all(frame.startswith(JPEG) for frame in frames)


def test_directions_still_image_and_hidden_controls(directions):
    from helpers.widgets import DIRECTIONS_NOTE

    soup = sanitized(directions.html)
    (img,) = soup.find_all("img")
    assert img["src"].startswith("data:image/jpeg;base64,")
    assert img["alt"].startswith("Two panels: the level curves of f over (x, y)")
    assert "(x, y) = (1.00, 0.50)" in img["alt"]
    assert soup.select_one("div.anim-controls").has_attr("hidden")
    assert soup.select_one("p.anim-still-note").get_text() == DIRECTIONS_NOTE
    assert 'type="range" aria-label="Frame"' in directions.html


def test_directions_render_byte_identical(directions):
    from helpers.widgets import explore_directions

    again = explore_directions(f, (1.0, 0.5), n_frames=4)
    assert again.html == directions.html
    assert (
        again._repr_mimebundle_()["image/jpeg"]
        == (directions._repr_mimebundle_()["image/jpeg"])
    )


def test_directions_slider_turns_the_arrow(directions):
    slider, image = directions.widget.children
    assert (slider.description, slider.min, slider.max) == ("angle (°)", 0.0, 360.0)
    before = image.value
    assert before[:4] == b"\x89PNG"
    slider.value = 90.0
    assert image.value != before


def test_directions_figure_moves_the_arrow_and_the_mark():
    from matplotlib.quiver import Quiver

    from helpers.widgets import DirectionsFigure

    figure = DirectionsFigure(
        loss, (0.5, 1.5), (-1, 3), (0, 2), names=("w", "b"), zlabel="L"
    )
    figure.update(120.0)
    (u,) = [
        q
        for q in figure.axlevel.collections
        if isinstance(q, Quiver) and q.get_label() == "unit vector u"
    ]
    assert (float(u.U[0]), float(u.V[0])) == pytest.approx((-0.5, 3**0.5 / 2))
    assert figure.axlevel.get_title().endswith("at angle 120°")
    assert figure.axlevel.get_title().startswith("D_u L = ")
    assert (figure.axlevel.get_xlabel(), figure.axlevel.get_ylabel()) == ("w", "b")
    assert figure.curve.mark.get_xdata()[0] == pytest.approx(120.0)
    assert figure.axcurve.get_title() == "D_u L at (w, b) = (0.50, 1.50)"


def test_directions_frames_are_legible_size():
    from helpers.widgets import DirectionsFigure

    figure = DirectionsFigure(f, (1.0, 0.5))
    figure.update(30.0)
    width, _ = figure.fig.get_size_inches() * figure.fig.dpi
    assert width >= 960
    shown = 688 / width

    def pixels(text) -> float:
        return text.get_fontsize() * figure.fig.dpi / 72 * shown

    for ax in (figure.axlevel, figure.axcurve):
        assert pixels(ax.title) >= 13
        assert pixels(ax.xaxis.label) >= 13 and pixels(ax.yaxis.label) >= 13
        ticks = ax.get_xticklabels() + ax.get_yticklabels()
        assert ticks and all(pixels(t) >= 11 for t in ticks)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"point": (1.0, 2.0, 3.0)}, r"point must be \(x, y\)"),
        ({"point": (1.0, math.nan)}, "point must be finite"),
        ({"n_frames": 0}, "n_frames must be a positive integer"),
        ({"names": ("w",)}, "names must be two"),
    ],
)
def test_directions_refuse_bad_input(kwargs, message):
    from helpers.widgets import explore_directions

    args = {"point": (1.0, 0.5), **kwargs}
    with pytest.raises(ValueError, match=message):
        explore_directions(f, **args)


def test_directions_figure_refuses_a_non_finite_angle():
    from helpers.widgets import DirectionsFigure

    figure = DirectionsFigure(f, (1.0, 0.5))
    with pytest.raises(ValueError, match="degrees must be a finite number"):
        figure.update(math.nan)


# --- gradient descent ----------------------------------------------------------------


def valley(w1, w2):
    return 0.5 * (w1**2 + 10 * w2**2)


@pytest.fixture(scope="module")
def descent():
    from helpers.widgets import explore_descent

    return explore_descent(
        valley, (-4.0, 1.0), [0.05, 0.19, 0.21], xlim=(-4.5, 1.5), ylim=(-2, 2)
    )


def test_descent_bundle_has_widget_player_image_and_text(descent):
    bundle = descent._repr_mimebundle_()
    assert set(bundle) == {WIDGET_MIMETYPE, "text/html", "image/jpeg", "text/plain"}
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
    before = image.value
    slider.value = 0.19
    assert image.value != before


def test_descent_figure_redraws_the_path_for_a_new_rate():
    from helpers.widgets import DescentFigure

    figure = DescentFigure(valley, (-4.0, 1.0), n_steps=5)
    figure.update(0.1)
    line = figure.panels.line
    assert line.get_ydata()[1] == pytest.approx(0.0, abs=1e-9)
    figure.update(0.19)
    assert line.get_ydata()[1] == pytest.approx(-0.9, rel=1e-6)
    assert figure.panels.axpath.get_title() == "learning rate η = 0.19"
    with pytest.raises(ValueError, match="lr must be a finite number"):
        figure.update(math.inf)


@pytest.mark.parametrize(
    "lrs, message",
    [([], "lrs must be positive numbers"), ([0.1, -0.2], "positive"), ("fast", "")],
)
def test_descent_refuses_bad_learning_rates(lrs, message):
    from helpers.widgets import explore_descent

    with pytest.raises(ValueError, match=message or "lrs must be"):
        explore_descent(valley, (-4.0, 1.0), lrs)


def test_directions_names_the_arrows_at_their_tips_without_a_legend():
    """No legend covers the map: u's name follows its arrow round, ∇f's stays put."""
    from helpers.widgets import DirectionsFigure

    figure = DirectionsFigure(f, (1.0, 0.5))
    panel = figure.direction
    assert figure.axlevel.get_legend() is None
    figure.update(90.0)
    x, y = panel.u_label.xy
    assert x == pytest.approx(1.0) and y > 0.5
    figure.update(180.0)
    x, y = panel.u_label.xy
    assert x < 1.0 and y == pytest.approx(0.5)
    names = [t.get_text() for t in figure.axlevel.texts]
    assert "u" in names and "∇f" in names


# --- training a classifier (chapter 4) ---------------------------------------------


def _training_run(n_steps=20, every=5):
    """A tiny softmax classifier trained by gradient descent, with snapshots."""
    from helpers.data import blobs
    from helpers.numeric import cross_entropy, one_hot, softmax

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
    from helpers.widgets import explore_training

    X, labels, snapshots, losses = _training_run()
    return explore_training(_predict, snapshots, X, labels, losses)


def test_training_bundle_has_widget_player_still_image_and_text(training):
    bundle = training._repr_mimebundle_()
    assert set(bundle) == {WIDGET_MIMETYPE, "text/html", "image/jpeg", "text/plain"}
    assert bundle["text/plain"] == (
        "Interactive figure: decision regions and loss during training, 5 snapshots "
        "from step 0 to step 20."
    )
    assert len(re.findall(r"data:image/jpeg;base64,", training.html)) == 5
    assert "run the cell to move through training" in training.html
    assert 'hidden="hidden"' in training.html


def test_training_player_frames_differ(training):
    frames = re.findall(
        r"data:image/jpeg;base64,((?:[A-Za-z0-9+/=]|\\\n)+)", training.html
    )
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
    from helpers.widgets import TrainingFigure

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
    from helpers.widgets import explore_training

    X, labels, snapshots, losses = _training_run()
    args = dict(
        predict=_predict, snapshots=snapshots, X=X, labels=labels, losses=losses
    )
    steps = change.pop("steps", None)
    args.update(change)
    with pytest.raises((TypeError, ValueError), match=message) as info:
        explore_training(**args, steps=steps)
    assert "\n" not in str(info.value)

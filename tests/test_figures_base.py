"""What every figure shares: one drawing path for the live sliders, the frame player
and the still image; level curves; the layout of the ``helpers.figures`` package."""

import matplotlib

matplotlib.use("Agg")  # tests draw off-screen; the notebooks choose their own backend

import ast
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from bs4 import BeautifulSoup
from figure_support import JPEG, PNG, STILL, WEBP, frames_of, sanitized
from PIL import Image

import helpers.figures
from helpers.figures.base import (
    FRAME_WIDTH,
    frame_labels,
    interactive,
    live_sliders,
    math_label,
    new_figure,
    plot_level_curves,
    upright_ylabel,
)
from helpers.figures.player import (
    TEXT_SIZE_KEY,
    WIDGET_MIMETYPE,
    InteractiveFigure,
    frame_player,
    png,
    smallest_text_px,
    tag_text_size,
)

ROOT = Path(__file__).resolve().parent.parent
HELPERS = ROOT / "helpers"


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


class Dot:
    """The smallest interactive figure: a dot that ``update`` moves, and a title."""

    def __init__(self, pyplot: bool = False) -> None:
        self.fig = new_figure((FRAME_WIDTH, 3.0), pyplot=pyplot)
        self.ax = self.fig.add_subplot()
        self.ax.set(xlim=(0, 1), ylim=(0, 1))
        (self.dot,) = self.ax.plot([], [], "o", ms=20)
        self.calls = []

    def update(self, x: float, y: float = 0.5) -> None:
        self.calls.append((x, y))
        self.dot.set_data([x], [y])
        self.ax.set_title(f"x = {x:.2f}, y = {y:.2f}")


PATH = [(0.1,), (0.5,), (0.9,)]
NOTE = "A still image of a dot: run the cell to move it."


def make_dot(path=PATH) -> tuple[Dot, InteractiveFigure]:
    figure = Dot()
    slider = ("FloatSlider", dict(value=0.3, min=0.0, max=1.0, step=0.1))
    shown = interactive(
        figure,
        path,
        [slider],
        alt="A dot on a line",
        note=NOTE,
        description=f"Interactive figure: a dot ({len(path)} frames).",
    )
    return figure, shown


@pytest.fixture(scope="module")
def dot():
    return make_dot()


def test_player_and_live_image_are_drawn_by_the_figures_update(dot):
    """One drawing path: every frame is an update along the path, in order, and the
    live image is one more update, with the slider's value."""
    figure, _ = dot
    *frames, live = figure.calls[: figure.calls.index((0.3, 0.5)) + 1]
    drawn = [c for k, c in enumerate(frames) if k == 0 or c != frames[k - 1]]
    assert drawn == [(0.1, 0.5), (0.5, 0.5), (0.9, 0.5)]  # matplotlib repeats frame 0
    assert live == (0.3, 0.5)


def test_bundle_offers_widget_player_still_image_and_text(dot):
    """A live front end picks the widget, the website the HTML player, a terminal the
    text, a front end without HTML (or a printed format) the still image."""
    _, shown = dot
    bundle = shown._repr_mimebundle_()
    assert set(bundle) == {WIDGET_MIMETYPE, "text/html", "image/jpeg", "text/plain"}
    assert bundle[WIDGET_MIMETYPE]["model_id"] == shown.widget.model_id
    assert bundle["text/plain"] == "Interactive figure: a dot (3 frames)."
    assert repr(shown) == bundle["text/plain"]
    assert bundle["image/jpeg"] in shown.html  # the first frame, stored once more


def test_without_widget_the_bundle_is_player_and_text():
    bundle = InteractiveFigure(None, "<div>player</div>", "text")._repr_mimebundle_()
    assert bundle == {"text/plain": "text", "text/html": "<div>player</div>"}


def test_player_holds_one_image_per_frame_and_no_external_link(dot):
    """Each frame is stored once: the first as the still image's src, the rest in JS."""
    _, shown = dot
    # The first frame (the still image) as JPEG, which notebooks show; the rest as
    # WebP, which is smaller.
    assert len(re.findall(r"data:image/jpeg;base64,", shown.html)) == 1
    assert len(re.findall(r"data:image/webp;base64,", shown.html)) == len(PATH) - 1
    assert not re.search(r"(src|href)=[\"']https?://", shown.html)
    frames = frames_of(shown.html)
    assert len(frames) == len(set(frames)) == len(PATH)
    assert frames[0].startswith(JPEG)  # the still image
    assert all(frame.startswith(WEBP) for frame in frames[1:])


def test_still_image_is_the_first_frame_at_the_frames_resolution(dot):
    _, shown = dot
    found = STILL.search(shown.html)
    assert found and found.group("alt") == "A dot on a line"
    with Image.open(io.BytesIO(frames_of(shown.html)[0])) as image:
        assert image.size == (688, 258)  # 8 x 3 inches at 86 dots per inch
    # The script takes its first frame from that src instead of a second copy.
    assert 'frames[0] = document.getElementById(img_id).getAttribute("src");' in (
        shown.html
    )


def test_player_is_accessible(dot):
    """The frame image has a description and the frame slider a label."""
    _, shown = dot
    assert re.search(r'<img alt="A dot on a line" src="data:image/jpeg;', shown.html)
    assert 'type="range" aria-label="Frame"' in shown.html


def test_player_is_the_same_from_run_to_run(dot):
    """Element ids are derived from the player's text, so a re-run stores identical
    output."""
    _, shown = dot
    _, again = make_dot()
    assert again.html == shown.html
    assert re.search(r'id="_anim_imgp[0-9a-f]{31}"', shown.html)


def test_controls_hidden_until_the_script_runs(dot):
    """No dead slider where scripts are dropped: the controls start hidden, a note
    says to run the cell, and only the player's own script shows and removes them."""
    _, shown = dot
    html = shown.html
    assert '<div class="anim-controls" hidden="hidden">' in html
    assert f'<p class="anim-still-note"><em>{NOTE}</em></p>' in html
    script = html[html.rindex("<script>") :]
    assert 'querySelector(".anim-controls").hidden = false' in script
    assert "note.remove()" in script


def test_sanitized_player_is_a_still_image_without_controls(dot):
    _, shown = dot
    soup = sanitized(shown.html)
    (img,) = soup.find_all("img")
    assert img["src"].startswith("data:image/jpeg;base64,")
    assert img["alt"] == "A dot on a line"
    assert soup.select_one("div.anim-controls").has_attr("hidden")
    assert soup.select_one("p.anim-still-note").get_text() == NOTE


def test_frame_player_needs_no_slider():
    html = frame_player(Dot(), [(0.2, 0.8)], alt="one frame", note=NOTE)
    assert len(frames_of(html)) == 1


# --- live sliders -------------------------------------------------------------------


def test_one_slider_sits_above_the_image_and_redraws_it(dot):
    figure, shown = dot
    slider, image = shown.widget.children
    assert slider.continuous_update is False
    before = image.value
    assert bytes(before).startswith(PNG)
    slider.value = 0.7
    assert figure.calls[-1] == (0.7, 0.5)
    assert image.value != before


def test_sliders_side_by_side_pass_every_value_to_update():
    figure = Dot()
    x = ("FloatSlider", dict(value=0.2, min=0.0, max=1.0, description="x"))
    y = ("FloatSlider", dict(value=0.4, min=0.0, max=1.0, description="y"))
    widget = live_sliders(figure, x, y)
    row, image = widget.children
    sx, sy = row.children
    assert figure.calls == [(0.2, 0.4)]
    sy.value = 0.9
    assert figure.calls[-1] == (0.2, 0.9)
    sx.value = 0.6
    assert figure.calls[-1] == (0.6, 0.9)
    assert bytes(image.value).startswith(PNG)


def test_a_menu_beside_a_slider_is_a_live_control_too():
    figure = Dot()
    x = ("FloatSlider", dict(value=0.2, min=0.0, max=1.0, description="x"))
    y = ("Dropdown", dict(options=[("low", 0.1), ("high", 0.8)], value=0.1))
    row, _ = live_sliders(figure, x, y).children
    slider, menu = row.children
    assert slider.continuous_update is False  # redraws when let go
    menu.value = 0.8
    assert figure.calls[-1] == (0.2, 0.8)


def test_without_ipywidgets_there_is_no_live_control(monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import fails
    assert live_sliders(Dot(), ("FloatSlider", {})) is None


def test_an_interactive_figure_stays_out_of_pyplot_and_a_still_one_does_not():
    """Outside pyplot, the notebook's inline backend never shows a figure by itself:
    it appears only in the player or the live image. A still picture is a pyplot
    figure, which plt.show() displays."""
    before = plt.get_fignums()
    figure = Dot()
    assert plt.get_fignums() == before
    assert figure.fig.dpi == 86
    Dot(pyplot=True)
    assert len(plt.get_fignums()) == len(before) + 1


# --- text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, before, after, expected",
    [
        ("L", "", "", "$L$"),
        ("L_v", r"\nabla ", "", r"$\nabla L_v$"),
        ("f", r"\|\nabla ", r"\|", r"$\|\nabla f\|$"),
        ("loss", r"\nabla ", "", r"$\nabla $ loss"),
        ("L₁", "", "", "L₁"),
    ],
)
def test_names_are_set_as_mathematics_when_they_are_symbols(
    name, before, after, expected
):
    assert math_label(name, before, after) == expected


def test_a_short_function_name_reads_upright_a_long_one_turns():
    ax = plt.figure().add_subplot()
    upright_ylabel(ax, "L")
    assert ax.yaxis.label.get_rotation() == 0
    upright_ylabel(ax, "loss", text="the loss")
    assert ax.yaxis.label.get_rotation() == 90
    assert ax.get_ylabel() == "the loss"


# --- level curves -------------------------------------------------------------------


def test_level_curves_mark_points_and_name_axes():
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


def test_level_curves_refuse_a_bad_point():
    with pytest.raises(ValueError, match=r"point must be \(w, b\)"):
        plot_level_curves(lambda w, b: w + b, names=("w", "b"), points={"A": (1, 2, 3)})


def test_level_curves_of_a_function_written_for_numbers_only():
    import math

    ax = plot_level_curves(lambda x, y: math.cos(x) + y**2, resolution=20)
    assert ax.collections


# --- the package --------------------------------------------------------------------


def test_import_helpers_loads_neither_matplotlib_nor_ipywidgets():
    """Only the figures load matplotlib, and ipywidgets waits for a live control."""
    code = (
        "import sys, helpers\n"
        "print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))\n"
        "helpers.figures\n"
        "print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == ["[]", "['matplotlib']"]


CHAPTERS = sorted((HELPERS / "figures").glob("ch[0-9][0-9].py"))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_figure_of_a_chapter_is_offered_by_helpers_figures(path):
    """Chapters import their figures from ``helpers.figures``: nothing is missing."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    defined = [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and node.name.startswith(("plot_", "explore_"))
    ]
    assert defined, f"{path.name} draws no figure"
    for name in defined:
        assert name in helpers.figures.__all__, f"{name} of {path.name}"
        module = getattr(helpers.figures, name).__module__
        assert module == f"helpers.figures.{path.stem}", name


def relative_imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) of each ``from .x import name`` in a module of helpers."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    if path.name == "__init__.py":
        package = ".".join(path.relative_to(ROOT).parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            module = ".".join(base + ([node.module] if node.module else []))
            found += [(module, alias.name) for alias in node.names]
    return found


def test_no_chapter_figure_module_imports_another():
    for path in CHAPTERS:
        for module, _ in relative_imports(path):
            other = module.rsplit(".", 1)[-1]
            assert not (re.fullmatch(r"ch\d\d", other) and other != path.stem), (
                f"{path.name} imports {module}: shared pieces go into base.py"
            )


def test_no_private_name_is_imported_from_another_module():
    """A name used across modules of helpers is public: no leading underscore."""
    problems = [
        f"{path.relative_to(ROOT)} imports {name} from {module}"
        for path in sorted(HELPERS.rglob("*.py"))
        for module, name in relative_imports(path)
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not problems, "\n".join(problems)


def test_the_player_shows_what_the_slider_moves(dot):
    """Above the slider, the value of the frame shown, in the slider's own words."""
    _, shown = dot
    soup = BeautifulSoup(shown.html, "html.parser")
    value = soup.select_one(".anim-controls output.anim-value")
    assert value is not None, "no value display in the player's controls"
    # The dot's slider has no name: the values alone.
    assert json.loads(value["data-labels"]) == ["0.1", "0.5", "0.9"]
    assert value.get_text() == "0.1"


@pytest.mark.parametrize(
    ("path", "sliders", "expected"),
    [
        (
            [(0.21,)],
            [("FloatSlider", {"description": "learning rate"})],
            ["learning rate = 0.21"],
        ),
        ([(98.0,)], [("FloatSlider", {"description": "angle (°)"})], ["angle = 98°"]),
        ([(300,)], [("IntSlider", {"description": "step"})], ["step = 300"]),
        (
            [(0.5, -0.25)],
            [
                ("FloatSlider", {"description": "x₀"}),
                ("FloatSlider", {"description": "y₀"}),
            ],
            ["x₀ = 0.5, y₀ = -0.25"],
        ),
    ],
)
def test_frame_labels_name_each_sliders_value(path, sliders, expected):
    assert frame_labels(path, sliders) == expected


def test_labels_must_match_the_frames():
    figure, _ = make_dot()
    with pytest.raises(
        ValueError, match="labels has 1 entries; the player has 3 frames"
    ):
        frame_player(figure, PATH, labels=["only one"])


def test_the_still_image_can_be_any_frame():
    """A figure whose lesson is in a later frame shows that frame as its still image,
    stores it once (as JPEG, which notebooks show), and the player starts on it."""
    figure, _ = make_dot()
    html = frame_player(figure, PATH, still=2)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.img["src"].startswith("data:image/jpeg;base64,")
    assert 'frames[2] = document.getElementById(img_id).getAttribute("src");' in html
    assert html.count("data:image/jpeg;base64,") == 1
    assert html.count("data:image/webp;base64,") == 2
    assert "anim.set_frame(2)" in html
    first = frame_player(figure, PATH)
    assert first != html and "anim.set_frame(0)" in first
    with pytest.raises(ValueError, match="still must be a frame of the player, 0 to 2"):
        frame_player(figure, PATH, still=3)


def test_level_curve_labels_stay_inside_the_axes_and_apart():
    """Chapter 1's map of its loss, as the chapter draws it: a level's label that
    would be cut by the axes' edge or touch another label or a point's name is hidden."""
    from figure_support import text_problems

    x = np.array([-1.0, 0.0, 1.0, 2.0])
    t = np.array([-2.0, -0.5, 1.4, 2.6])

    def loss(w, b):
        return np.mean([(w * xi + b - ti) ** 2 for xi, ti in zip(x, t)], axis=0)

    ax = plot_level_curves(
        loss,
        xlim=(-1, 3),
        ylim=(-3, 2),
        names=("w", "b"),
        zlabel="L",
        points={"(0.5, 0)": (0.5, 0.0), "A": (2.5, -2.0)},
        levels=14,
    )
    fig = ax.figure
    fig.canvas.draw()
    labels = [
        t for t in ax.texts if t not in (ax.title,) and t.get_text()[:1].isdigit()
    ]
    assert any(t.get_visible() for t in labels), "no level is labelled"
    problems = [p for p in text_problems(fig, tight=True) if "px" not in p]
    assert problems == [], problems


def test_a_figure_records_the_size_of_its_smallest_text():
    """Points to pixels at the figure's resolution: a 7-point title at 100 dots per
    inch is 9.72 pixels high; the PNG carries it in a text chunk, pixels unchanged."""
    fig = new_figure((4.0, 3.0), dpi=100)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    ax.tick_params(labelsize=12)
    ax.set_title("small", fontsize=7)
    assert smallest_text_px(fig) == pytest.approx(7 * 100 / 72)
    assert smallest_text_px(new_figure((1.0, 1.0))) is None  # no text at all
    data = png(fig)
    tagged = tag_text_size(data, smallest_text_px(fig))
    with Image.open(io.BytesIO(tagged)) as image:
        assert image.info[TEXT_SIZE_KEY] == "9.72"
        assert image.size == (400, 300)
        pixels = image.tobytes()
    with Image.open(io.BytesIO(data)) as image:
        assert image.tobytes() == pixels
    assert tag_text_size(b"not a png", 9.0) == b"not a png"


def test_the_players_image_says_its_start_frame_and_text_size(dot):
    figure, shown = dot
    tag = re.search(r"<img [^>]*>", shown.html).group(0)
    assert 'data-start="0"' in tag
    drawn = float(re.search(r'data-text-px="([0-9.]+)"', tag).group(1))
    assert drawn == pytest.approx(smallest_text_px(figure.fig), abs=0.01)
    # Frames are decoded when first shown, not all when the page opens.
    assert (
        "new Image()"
        not in shown.html.split("function Animation", 1)[1].split(
            "Animation.prototype", 1
        )[0]
    )

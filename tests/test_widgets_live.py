"""Interactive figures work live, with ipywidgets 8 (local Jupyter) and 7.7.1 (Colab).

Each environment's own kernel builds ``explore_partials(...)`` and displays it. The test
then plays the front end: it reads the widget models the kernel opens, moves each
slider by sending the same ``comm_msg`` a browser sends, and checks that the kernel
answers with a new PNG for the figure's Image widget. The main environment is the one
pytest runs in; the Colab one is a fresh session on the stand-in runtime built by
``python scripts/colab_env.py``, where the chapter's setup cell installs helpers first.
"""

from __future__ import annotations

import json
import queue
import re
import sys
import time
from pathlib import Path

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from notebook_support import load_colab_env, ready_colab_venv

ROOT = Path(__file__).resolve().parent.parent
WIDGET_MIMETYPE = "application/vnd.jupyter.widget-view+json"
PNG = b"\x89PNG\r\n\x1a\n"

BUILD = """\
import ipywidgets, numpy as np
from IPython.display import display
from helpers.figures import explore_partials

def f(x, y):
    return x**2 * np.cos(x * y)

fig = explore_partials(f, path=[(0.0, 0.0), (1.0, 1.0)])
display(fig)
"""


colab_env = load_colab_env()


def kernel_manager(env: str, tmp: Path) -> tuple[KernelManager, str]:
    """A kernel of the main environment (this Python) or of a Colab session.

    Returns the manager and the code a reader runs first: nothing locally (helpers is
    installed), the chapter's setup cell in Colab (pointed at the local wheel).
    """
    if env == "colab":
        venv = ready_colab_venv(colab_env)
        session = colab_env.make_session(venv, tmp / "session")
        setup = colab_env.setup_cell_source(colab_env.chapters()[0])
        first = colab_env.localize_setup_cell(setup, str(colab_env.wheel_path(venv)))
        dirs, name = colab_env.kernel_dirs(session), colab_env.KERNEL_NAME
    else:
        name, first = "main-python", ""
        spec = {
            "argv": [
                sys.executable,
                "-m",
                "ipykernel_launcher",
                "-f",
                "{connection_file}",
            ],
            "display_name": "Python 3 (main)",
            "language": "python",
            # Keep the user's ~/.ipython (startup files) out of the test.
            "env": {"IPYTHONDIR": str(tmp / "ipython")},
        }
        (tmp / "kernels" / name).mkdir(parents=True)
        (tmp / "kernels" / name / "kernel.json").write_text(json.dumps(spec))
        dirs = [str(tmp / "kernels")]
    manager = KernelManager(
        kernel_name=name, kernel_spec_manager=KernelSpecManager(kernel_dirs=dirs)
    )
    return manager, first


def replies(kc, msg_id: str, timeout: float = 120.0) -> list[dict]:
    """The iopub messages a request caused, up to the kernel going idle again."""
    found = []
    deadline = time.monotonic() + timeout
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            raise AssertionError(f"no idle status within {timeout} s") from None
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status":
            if msg["content"]["execution_state"] == "idle":
                return found
            continue
        found.append(msg)


def errors_in(msgs: list[dict]) -> list[str]:
    return [
        f"{m['content']['ename']}: {m['content']['evalue']}"
        for m in msgs
        if m["msg_type"] == "error"
    ]


def image_value(msg: dict, image_id: str) -> bytes | None:
    """The PNG an Image widget's comm_open or state update carries, if any."""
    content = msg["content"]
    if content.get("comm_id") != image_id:
        return None
    data = content.get("data", {})
    if msg["msg_type"] == "comm_msg" and data.get("method") != "update":
        return None
    paths = data.get("buffer_paths", [])
    if ["value"] not in paths:
        return None
    return bytes(msg["buffers"][paths.index(["value"])])


class LiveFigure:
    """The front end's view of the figure: widget models by comm id, the display."""

    def __init__(self, kc, msgs: list[dict]) -> None:
        self.kc = kc
        self.models = {
            m["content"]["comm_id"]: m["content"]["data"]["state"]
            for m in msgs
            if m["msg_type"] == "comm_open"
            and m["content"]["target_name"] == "jupyter.widget"
        }
        displays = [m for m in msgs if m["msg_type"] == "display_data"]
        assert len(displays) == 1, [m["msg_type"] for m in msgs]
        self.bundle = displays[0]["content"]["data"]
        (self.image_id,) = self.ids_of("ImageModel")
        self.sliders = {
            self.models[i]["description"]: i for i in self.ids_of("FloatSliderModel")
        }
        values = [image_value(m, self.image_id) for m in msgs]
        self.image = [v for v in values if v][-1]

    def descendants(self, model_id: str) -> set[str]:
        """A model and every model in its ``children``, recursively."""
        found = {model_id}
        for child in self.models[model_id].get("children", []):
            found |= self.descendants(child.removeprefix("IPY_MODEL_"))
        return found

    def ids_of(self, model_name: str) -> list[str]:
        return [i for i, s in self.models.items() if s["_model_name"] == model_name]

    def move(self, slider: str, value: float) -> list[dict]:
        """Move a slider as a browser does: an update of the model's state."""
        data = {"method": "update", "state": {"value": value}, "buffer_paths": []}
        content = {"comm_id": self.sliders[slider], "data": data}
        msg = self.kc.session.msg("comm_msg", content)
        self.kc.shell_channel.send(msg)
        return replies(self.kc, msg["header"]["msg_id"])

    def evaluate(self, expression: str) -> str:
        msg_id = self.kc.execute("", user_expressions={"x": expression})
        reply = self.kc.get_shell_msg(timeout=60)
        while reply["parent_header"]["msg_id"] != msg_id:  # earlier requests' replies
            reply = self.kc.get_shell_msg(timeout=60)
        replies(self.kc, msg_id)
        result = reply["content"]["user_expressions"]["x"]
        assert result["status"] == "ok", result
        return result["data"]["text/plain"]


@pytest.fixture(scope="module", params=["main", "colab"])
def live(request, tmp_path_factory):
    env = request.param
    tmp = tmp_path_factory.mktemp(f"live-{env}")
    km, first = kernel_manager(env, tmp)
    km.start_kernel(cwd=str(tmp))
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        msgs = replies(kc, kc.execute(first))
        assert not errors_in(msgs), errors_in(msgs)
        msgs = replies(kc, kc.execute(BUILD))
        assert not errors_in(msgs), errors_in(msgs)
        yield env, LiveFigure(kc, msgs)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def test_runs_the_environments_ipywidgets(live):
    env, figure = live
    version = figure.evaluate("ipywidgets.__version__").strip("'")
    if env == "colab":
        assert version == "7.7.1"
    else:
        assert version.startswith("8.")


def test_display_bundle_offers_widget_player_and_text(live):
    _, figure = live
    bundle = figure.bundle
    assert {WIDGET_MIMETYPE, "text/html", "text/plain"} <= set(bundle)
    # The displayed model holds the image and the sliders the other tests drive.
    shown = figure.descendants(bundle[WIDGET_MIMETYPE]["model_id"])
    assert {figure.image_id, *figure.sliders.values()} <= shown
    html = bundle["text/html"]
    assert (
        html.count("data:image/jpeg;base64,") + html.count("data:image/webp;base64,")
        == 2
    )
    # The first is the still image shown where no script runs; the controls wait
    # for the player's script.
    assert re.search(r'<img alt="Three panels: [^"]+" src="data:image/jpeg;', html)
    assert '<div class="anim-controls" hidden="hidden">' in html
    assert bundle["text/plain"].startswith("Interactive figure:")
    assert figure.image.startswith(PNG)


@pytest.mark.parametrize(
    ("slider", "value"), [("x0", -1.0), ("y0", 1.5)], ids=["x0", "y0"]
)
def test_moving_a_slider_redraws_the_figure(live, slider, value):
    _, figure = live
    msgs = figure.move(slider, value)
    assert not errors_in(msgs), errors_in(msgs)
    images = [v for v in (image_value(m, figure.image_id) for m in msgs) if v]
    assert images, f"moving {slider} sent no new image"
    assert images[-1].startswith(PNG)
    assert images[-1] != figure.image, f"moving {slider} left the figure unchanged"
    figure.image = images[-1]
    # The kernel's model took the value, as it would from a reader's drag.
    kernel_value = figure.evaluate(
        "[w.value for w in ipywidgets.Widget.widgets.values()"
        f" if getattr(w, 'description', None) == {slider!r}]"
    )
    assert json.loads(kernel_value) == [value]


# The later chapters' figures, built in the same kernel: each has one slider.
OTHER_FIGURES = {
    "angle (°)": (
        "from helpers.figures import explore_directions\n"
        "display(explore_directions(f, (1.0, 0.5), n_frames=2))",
        90.0,
    ),
    "learning rate": (
        "from helpers.figures import explore_descent\n"
        "display(explore_descent(lambda a, b: 0.5 * (a**2 + 10 * b**2),"
        " (-4.0, 1.0), [0.05, 0.19]))",
        0.19,
    ),
}


@pytest.mark.parametrize("slider", sorted(OTHER_FIGURES))
def test_other_figures_redraw_when_their_slider_moves(live, slider):
    _, first = live
    code, value = OTHER_FIGURES[slider]
    msgs = replies(first.kc, first.kc.execute(code))
    assert not errors_in(msgs), errors_in(msgs)
    figure = LiveFigure(first.kc, msgs)
    assert list(figure.sliders) == [slider]
    moved = figure.move(slider, value)
    assert not errors_in(moved), errors_in(moved)
    images = [v for v in (image_value(m, figure.image_id) for m in moved) if v]
    assert images and images[-1].startswith(PNG)
    assert images[-1] != figure.image, f"moving {slider} left the figure unchanged"


# Chapter 7's figure has no FloatSlider: a menu, a switch and a selection slider, each
# moved as a browser moves it, by the index of the option chosen.
STEP_ERRORS = (
    "from helpers.figures import explore_step_errors\n"
    "display(explore_step_errors({'sin': (np.sin, np.cos, 1.0, '$\\\\sin x$'),"
    " 'exp': (np.exp, np.exp, 0.5, '$e^x$')}, path=[('sin', 'float64', 1e-5)]))"
)


@pytest.mark.parametrize(
    "model", ["DropdownModel", "ToggleButtonsModel", "SelectionSliderModel"]
)
def test_step_errors_figure_redraws_when_a_control_moves(live, model):
    _, first = live
    msgs = replies(first.kc, first.kc.execute(STEP_ERRORS))
    assert not errors_in(msgs), errors_in(msgs)
    figure = LiveFigure(first.kc, msgs)
    (control,) = figure.ids_of(model)
    data = {"method": "update", "state": {"index": 1}, "buffer_paths": []}
    msg = first.kc.session.msg("comm_msg", {"comm_id": control, "data": data})
    first.kc.shell_channel.send(msg)
    moved = replies(first.kc, msg["header"]["msg_id"])
    assert not errors_in(moved), errors_in(moved)
    images = [v for v in (image_value(m, figure.image_id) for m in moved) if v]
    assert images and images[-1].startswith(PNG)
    assert images[-1] != figure.image, f"moving the {model} left the figure unchanged"

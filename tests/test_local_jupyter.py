"""The chapters work in local Jupyter, driven the way JupyterLab drives them.

A real Jupyter server (this environment's jupyter_server) serves ``book/`` on a free
localhost port. The test lists the chapters through the contents API, starts a kernel
through the kernels API, and sends each code cell over the kernel's websocket, as the
browser does. The check cells must print their stored verdicts, and ``import helpers``
must work from ``book/`` with no path tricks (helpers is an installed package).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
import websocket
from notebook_support import reader_text

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
CHAPTERS = sorted(BOOK.glob("*.ipynb"))
START_TIMEOUT = 120
CELL_TIMEOUT = 300

PROBE = """\
import json, os, sys
import helpers
print(json.dumps({"cwd": os.getcwd(), "helpers": helpers.__file__,
                  "colab": "google.colab" in sys.modules}))
"""


# --- the server -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A jupyter_server process with a token, rooted at book/."""

    def __init__(self, tmp: Path) -> None:
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp / "server.log"
        env = dict(os.environ)
        # The user's own Jupyter configuration, runtime files and IPython startup
        # files stay out of the test; kernels still come from this environment.
        for name, folder in (
            ("JUPYTER_CONFIG_DIR", "config"),
            ("JUPYTER_RUNTIME_DIR", "runtime"),
            ("JUPYTER_DATA_DIR", "data"),
            ("IPYTHONDIR", "ipython"),
        ):
            env[name] = str(tmp / folder)
        command = [
            sys.executable,
            "-m",
            "jupyter_server",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            "--ServerApp.open_browser=False",
            f"--ServerApp.root_dir={BOOK}",
            f"--IdentityProvider.token={self.token}",
            "--ServerApp.allow_root=True",  # CI runs as root
        ]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=tmp
            )

    def request(self, method: str, path: str, body: dict | None = None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Authorization", f"token {self.token}")
        req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=60) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text else None)

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if self.request("GET", "/api/status")[0] == 200:
                    return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        self.stop()
        pytest.fail(f"the Jupyter server did not start:\n{self.log_tail()}")

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        """Shut down through the API, as `jupyter server stop` does; kill if stuck."""
        if self.process.poll() is None:
            try:
                self.request("POST", "/api/shutdown")
            except (urllib.error.URLError, ConnectionError):
                pass
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("jupyter"))
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()
    assert server.process.returncode == 0, server.log_tail()


# --- a kernel over its websocket ------------------------------------------------------


def decode(frame) -> dict:
    """A message from the websocket: JSON text, or binary with buffers attached."""
    if isinstance(frame, str):
        return json.loads(frame)
    # jupyter_server's binary layout: count, offsets, then the JSON and the buffers.
    count = struct.unpack("!I", frame[:4])[0]
    offsets = [*struct.unpack(f"!{count}I", frame[4 : 4 * (count + 1)]), None]
    parts = [frame[a:b] for a, b in zip(offsets[:-1], offsets[1:])]
    msg = json.loads(parts[0].decode())
    msg["buffers"] = parts[1:]
    return msg


class Kernel:
    """A kernel started through /api/kernels and driven over its websocket."""

    def __init__(self, server: Server, notebook: str) -> None:
        self.server = server
        status, model = server.request(
            "POST", "/api/kernels", {"name": "python3", "path": notebook}
        )
        assert status == 201, model
        self.id = model["id"]
        self.session = uuid.uuid4().hex
        ws_url = server.url.replace("http", "ws", 1)
        self.ws = websocket.create_connection(
            f"{ws_url}/api/kernels/{self.id}/channels?session_id={self.session}",
            header=[f"Authorization: token {server.token}"],
            timeout=CELL_TIMEOUT,
        )

    def send(self, msg_type: str, content: dict) -> str:
        msg_id = uuid.uuid4().hex
        header = {
            "msg_id": msg_id,
            "msg_type": msg_type,
            "session": self.session,
            "username": "test",
            "date": datetime.now(timezone.utc).isoformat(),
            "version": "5.3",
        }
        msg = {
            "header": header,
            "parent_header": {},
            "metadata": {},
            "content": content,
            "buffers": [],
            "channel": "shell",
        }
        self.ws.send(json.dumps(msg))
        return msg_id

    def wait_ready(self) -> None:
        """Ask for kernel_info until the kernel answers, as JupyterLab does."""
        deadline = time.monotonic() + START_TIMEOUT
        self.ws.settimeout(2)
        try:
            while time.monotonic() < deadline:
                msg_id = self.send("kernel_info_request", {})
                try:
                    while True:
                        msg = decode(self.ws.recv())
                        if msg["parent_header"].get("msg_id") == msg_id and (
                            msg["msg_type"] == "kernel_info_reply"
                        ):
                            return
                except websocket.WebSocketTimeoutException:
                    continue
        finally:
            self.ws.settimeout(CELL_TIMEOUT)
        raise AssertionError("the kernel never answered kernel_info_request")

    def execute(self, code: str) -> list[dict]:
        """Run ``code``; return its outputs in nbformat's shape."""
        msg_id = self.send(
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
        )
        outputs, replied, idle = [], False, False
        while not (replied and idle):
            msg = decode(self.ws.recv())
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "execute_reply":
                replied = True
            elif kind == "status":
                idle = content["execution_state"] == "idle"
            elif kind == "stream":
                outputs.append({"output_type": "stream", **content})
            elif kind in ("execute_result", "display_data", "error"):
                outputs.append({"output_type": kind, **content})
        return outputs

    def shutdown(self) -> None:
        self.ws.close()
        status, _ = self.server.request("DELETE", f"/api/kernels/{self.id}")
        assert status == 204


# --- comparing outputs ----------------------------------------------------------------


def text_of(outputs: list[dict]) -> str:
    """What a reader reads: stdout and text/plain results, sanitized as nbval does."""
    return reader_text(outputs)


def source_of(cell: dict) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


# --- tests ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def runs(server):
    """Each chapter, fetched from the server and run once in a fresh kernel."""
    cache = {}

    def get(name: str):
        if name not in cache:
            status, model = server.request("GET", f"/api/contents/{name}?content=1")
            assert status == 200 and model["type"] == "notebook"
            cells = [c for c in model["content"]["cells"] if c["cell_type"] == "code"]
            kernel = Kernel(server, name)
            try:
                kernel.wait_ready()
                results = [(cell, kernel.execute(source_of(cell))) for cell in cells]
                probe = json.loads(text_of(kernel.execute(PROBE)))
            finally:
                kernel.shutdown()
            cache[name] = results, probe
        return cache[name]

    return get


chapter = pytest.mark.parametrize(
    "name", [p.name for p in CHAPTERS], ids=[p.stem for p in CHAPTERS]
)


def test_contents_api_lists_every_chapter(server):
    status, model = server.request("GET", "/api/contents")
    assert status == 200
    listed = {item["name"]: item["type"] for item in model["content"]}
    assert CHAPTERS
    for path in CHAPTERS:
        assert listed.get(path.name) == "notebook"


@chapter
def test_every_cell_runs_without_error(runs, name):
    results, _ = runs(name)
    errors = [
        f"cell {cell.get('id')}: {out['ename']}: {out['evalue']}"
        for cell, outputs in results
        for out in outputs
        if out["output_type"] == "error"
    ]
    assert not errors, "\n".join(errors)


@chapter
def test_check_cells_print_their_stored_verdicts(runs, name):
    results, _ = runs(name)
    checks = [
        (c, outs) for c, outs in results if re.search(r'\bcheck\("', source_of(c))
    ]
    assert checks, "a chapter without exercises?"
    for cell, outputs in checks:
        stored = text_of(cell["outputs"])
        assert re.search(r"^[✅⏳❌] Exercise ", stored, re.MULTILINE), stored
        assert text_of(outputs) == stored, f"cell {cell.get('id')}"


@chapter
def test_setup_cell_does_nothing_outside_colab(runs, name):
    results, probe = runs(name)
    _, outputs = results[0]
    assert outputs == []
    assert probe["colab"] is False


@chapter
def test_helpers_is_the_installed_package_not_a_path_trick(runs, name):
    results, probe = runs(name)
    assert Path(probe["cwd"]) == BOOK  # the kernel starts next to the notebook
    assert not Path(probe["helpers"]).is_relative_to(BOOK)
    for cell, _ in results:
        assert "sys.path" not in source_of(cell), f"cell {cell.get('id')}"

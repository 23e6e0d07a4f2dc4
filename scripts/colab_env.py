"""Build a stand-in for Google Colab's runtime, to test the book as Colab readers run it.

Usage::

    python scripts/colab_env.py                 # build or update .venv-colab
    python scripts/colab_env.py --venv PATH     # somewhere else ($COLAB_VENV works too)
    python scripts/colab_env.py --check         # only report what is missing or stale

Colab gives every reader a fresh machine: a runtime with its own packages, where a
chapter's setup cell then installs helpers. The stand-in keeps the two apart too:

- **The runtime** (this script builds it, once): a virtual environment with exactly
  ``requirements-colab.txt`` (Colab's ipywidgets 7.7.1, IPython 7.34, numpy 2.1.3,
  matplotlib 3.10.0, ...), rebuilt from scratch whenever that file changes (a stamp
  holds its hash). It also gets a tiny stand-in ``google.colab`` package and an
  IPython configuration that loads it as an extension at kernel startup, as Colab's
  kernel loads the real one: in its kernels ``"google.colab" in sys.modules`` is true
  before the first cell runs, so setup cells take their Colab branch. helpers is *not*
  installed in the runtime.
- **A session** (:func:`make_session`, made by the tests for each kernel, in a
  temporary folder): an empty virtual environment layered on the runtime (a ``.pth``
  file adds the runtime's site-packages) with a ``colab-standin`` kernel spec. Running
  a chapter there, its setup cell really installs helpers into the session, and the
  chapter imports it in the same kernel, as in Colab; the shared runtime never changes,
  so kernels can run in parallel.

In Colab the setup cell runs ``pip install --quiet --no-deps git+https://github.com/
OWNER/REPO@vX.Y.Z``: pip clones the tag, builds a wheel and installs it. Here the
source is the local checkout (the tag may not exist yet, and the tests must see the
current code): this script builds a wheel from a copy of ``pyproject.toml``,
``README.md`` and ``helpers/`` (keeping the work tree clean), and the tests run the
setup cell's own code with only its ``HELPERS`` URL replaced by that wheel's path.
Once per new wheel this script does that in a throwaway session and checks that every
distribution other than helpers kept its version: the "installing helpers upgrades
nothing in Colab" promise of ``--no-deps``.

The test suite builds nothing: ``tests/test_colab_env.py`` and
``tests/test_widgets_live.py`` fail with a pointer to this script when the runtime is
missing or older than ``requirements-colab.txt`` or the helpers source.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sync_setup_cells import helpers_assignment  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements-colab.txt"
DEFAULT_VENV = ROOT / ".venv-colab"
BOOK = ROOT / "book"
KERNEL_NAME = "colab-standin"
HELPERS_DIST = "mvcalc4ml-helpers"
# What Colab already has and installing helpers must never change.
COLAB_PREINSTALLED = ("numpy", "matplotlib", "ipywidgets", "ipython", "ipykernel")

REQUIREMENTS_STAMP = ".colab-requirements.sha256"
HELPERS_STAMP = ".colab-helpers.sha256"
WHEEL_DIR = "helpers-dist"
IPYTHON_DIR = "ipython"

STAND_IN_INIT = '''\
"""Stand-in for Google Colab's ``google.colab`` package (written by scripts/colab_env.py).

Only what the book relies on: the module exists and the kernel imports it at startup,
so ``"google.colab" in sys.modules`` is true as it is in Colab.
"""

from . import output

STAND_IN = True


def load_ipython_extension(ipython):
    """Colab's kernel loads google.colab as an IPython extension; nothing to set up."""
'''

STAND_IN_OUTPUT = '''\
"""Stand-in for ``google.colab.output``: the widget-manager switches are no-ops."""


def enable_custom_widget_manager():
    """In Colab this lets third-party widgets render; the stand-in has no front end."""


def disable_custom_widget_manager():
    """See enable_custom_widget_manager."""
'''

# The kernel loads google.colab like Colab's does. Its own IPython directory keeps the
# user's ~/.ipython (startup files, extensions) out of the tests; history in memory
# lets several kernels run at once without sharing a database.
KERNEL_CONFIG = """\
c.InteractiveShellApp.extensions = ["google.colab"]
c.HistoryManager.hist_file = ":memory:"
"""


# --- where things are -----------------------------------------------------------------


def selected_venv() -> Path:
    """The runtime to use: ``$COLAB_VENV`` if set, else .venv-colab in the repository."""
    return Path(os.environ.get("COLAB_VENV", DEFAULT_VENV)).resolve()


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def site_packages(venv: Path) -> Path:
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    found = sorted((venv / "lib").glob("python3*/site-packages"))
    return found[0] if found else venv / "lib" / version / "site-packages"


def kernel_dirs(session: Path) -> list[str]:
    """Folders holding a session's ``colab-standin`` kernel spec (KernelSpecManager)."""
    return [str(session / "share" / "jupyter" / "kernels")]


def wheel_path(venv: Path) -> Path | None:
    wheels = sorted((venv / WHEEL_DIR).glob("*.whl"))
    return wheels[0] if len(wheels) == 1 else None


def chapters() -> list[Path]:
    return sorted(BOOK.glob("*.ipynb"))


# --- hashes and stamps ----------------------------------------------------------------


def requirements_hash() -> str:
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()


def helpers_files(root: Path = ROOT) -> list[Path]:
    """The files the helpers wheel is built from (README.md is only its description)."""
    files = [root / "pyproject.toml", root / "README.md"]
    files += sorted(
        p
        for p in (root / "helpers").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )
    return files


def helpers_hash() -> str:
    """Hash of the helpers source, not of README.md: prose edits need no rebuild."""
    digest = hashlib.sha256()
    for path in helpers_files():
        if path.name == "README.md":
            continue
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def read_stamp(venv: Path, name: str) -> str | None:
    path = venv / name
    return path.read_text().strip() if path.is_file() else None


# --- the setup cell -------------------------------------------------------------------


def setup_cell_source(notebook: Path) -> str:
    """The source of a chapter's first code cell (the Colab setup cell)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    if not code:
        raise ValueError(f"{notebook.name} has no code cell")
    source = code[0]["source"]
    return "".join(source) if isinstance(source, list) else source


def setup_cell_url(source: str) -> str:
    """The string assigned to ``HELPERS`` in a setup cell."""
    return helpers_assignment(source).value


def localize_setup_cell(source: str, target: str) -> str:
    """The setup cell with its ``HELPERS`` URL (and nothing else) replaced by ``target``."""
    url = setup_cell_url(source)
    if source.count(url) != 1:
        raise ValueError(f"the setup cell should name {url!r} exactly once")
    return source.replace(url, target)


# --- the runtime ----------------------------------------------------------------------


def run(cmd: list, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def probe(python: Path, code: str) -> str:
    """Run ``code`` in ``python``, isolated from the current folder.

    ``-I`` keeps the checkout (whose ``*.egg-info`` would count as installed) and
    PYTHON* variables out of what the probe sees.
    """
    cmd = [python, "-I", "-c", code]
    return run(cmd, capture_output=True, text=True, cwd=python.parent).stdout


def ensure_runtime(venv: Path, python: str) -> bool:
    """Create the runtime from requirements-colab.txt unless it is current."""
    wanted = requirements_hash()
    if venv_python(venv).exists() and read_stamp(venv, REQUIREMENTS_STAMP) == wanted:
        return False
    if venv.exists():
        shutil.rmtree(venv)
    run([python, "-m", "venv", venv])
    pip = [venv_python(venv), "-m", "pip", "--disable-pip-version-check"]
    run([*pip, "install", "--quiet", "-r", REQUIREMENTS])
    run([*pip, "check"], stdout=subprocess.DEVNULL)
    (venv / REQUIREMENTS_STAMP).write_text(wanted + "\n")
    return True


def stand_in_files(venv: Path) -> dict[Path, str]:
    """The files that make the runtime look like Colab's, with their content."""
    colab = site_packages(venv) / "google" / "colab"
    config = venv / IPYTHON_DIR / "profile_default" / "ipython_kernel_config.py"
    return {
        colab / "__init__.py": STAND_IN_INIT,
        colab / "output.py": STAND_IN_OUTPUT,
        config: KERNEL_CONFIG,
    }


def _write_if_changed(path: Path, text: str) -> bool:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def install_stand_in(venv: Path) -> bool:
    """google.colab in site-packages, and the kernels' IPython configuration."""
    changed = False
    for path, text in stand_in_files(venv).items():
        changed |= _write_if_changed(path, text)
    return changed


def helpers_in_runtime(venv: Path) -> list[Path]:
    """helpers installed in the runtime itself (it belongs in sessions only)."""
    name = HELPERS_DIST.replace("-", "_")
    return sorted(site_packages(venv).glob(f"{name}-*.dist-info"))


# --- sessions -------------------------------------------------------------------------


def kernel_spec(venv: Path, session: Path) -> dict:
    return {
        "argv": [
            str(venv_python(session)),
            "-m",
            "ipykernel_launcher",
            "-f",
            "{connection_file}",
        ],
        "display_name": "Python 3 (Colab stand-in)",
        "language": "python",
        "env": {
            "IPYTHONDIR": str(venv / IPYTHON_DIR),
            # debugpy 1.8 warns about frozen modules on Python 3.11 at every start.
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        },
    }


def make_session(venv: Path, session: Path) -> Path:
    """A fresh reader's session on the runtime ``venv``, in the new folder ``session``.

    An environment with nothing of its own: a ``.pth`` file adds the runtime's
    site-packages (and runs its ``.pth`` files), so the session sees Colab's packages,
    while ``pip install`` from the session installs into the session only. Also writes
    the ``colab-standin`` kernel spec (see :func:`kernel_dirs`).
    """
    run([venv_python(venv), "-m", "venv", "--without-pip", session])
    runtime = str(site_packages(venv))
    (site_packages(session) / "_colab_runtime.pth").write_text(
        f"import site; site.addsitedir({runtime!r})\n"
    )
    spec = Path(kernel_dirs(session)[0]) / KERNEL_NAME / "kernel.json"
    spec.parent.mkdir(parents=True)
    spec.write_text(json.dumps(kernel_spec(venv, session), indent=1) + "\n")
    return session


def installed_versions(python: Path) -> dict[str, str]:
    """Name -> version of every distribution ``python`` imports (first on sys.path)."""
    code = (
        "import importlib.metadata as m, json, re\n"
        "found = {}\n"
        "for d in m.distributions():\n"
        "    name = re.sub(r'[-_.]+', '-', d.metadata['Name']).lower()\n"
        "    found.setdefault(name, d.version)\n"
        "print(json.dumps(found))"
    )
    return json.loads(probe(python, code))


def run_setup_cell(python: Path, notebook: Path, target: str) -> None:
    """Run ``notebook``'s setup cell with ``python`` as in Colab, on ``target``."""
    code = localize_setup_cell(setup_cell_source(notebook), target)
    # Colab's kernel has imported google.colab before the first cell runs.
    code = "import google.colab\n" + code
    run([python, "-c", code], cwd=notebook.parent)


# --- helpers --------------------------------------------------------------------------


def build_helpers_wheel(venv: Path) -> Path:
    """A wheel of the checkout's helpers, built from a copy (keeps the tree clean)."""
    out = venv / WHEEL_DIR
    if out.exists():
        shutil.rmtree(out)
    with tempfile.TemporaryDirectory() as tmp:
        for path in helpers_files():
            target = Path(tmp) / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        pip = [venv_python(venv), "-m", "pip", "--disable-pip-version-check"]
        run([*pip, "wheel", "--quiet", "--no-deps", "-w", out, tmp])
    wheel = wheel_path(venv)
    if wheel is None:
        raise RuntimeError(f"pip wheel left no single wheel in {out}")
    return wheel


def verify_setup_cell_install(venv: Path, wheel: Path) -> None:
    """In a throwaway session, the setup cell installs helpers and changes nothing else."""
    with tempfile.TemporaryDirectory() as tmp:
        session = make_session(venv, Path(tmp) / "session")
        python = venv_python(session)
        before = installed_versions(python)
        if HELPERS_DIST in before:
            raise RuntimeError("helpers is already there before the setup cell ran")
        run_setup_cell(python, chapters()[0], str(wheel))
        after = installed_versions(python)
    if after.pop(HELPERS_DIST, None) is None:
        raise RuntimeError("the setup cell ran but helpers is not installed")
    changed = {
        name: (before.get(name), after.get(name))
        for name in set(before) | set(after)
        if before.get(name) != after.get(name)
    }
    if changed:
        raise RuntimeError(
            "installing helpers the way the setup cell does changed what Colab "
            f"already has (name: (before, after)): {changed}"
        )
    missing = [name for name in COLAB_PREINSTALLED if name not in after]
    if missing:
        raise RuntimeError(f"the Colab stand-in lacks {missing}")


def prepare_helpers(venv: Path) -> bool:
    """Build the helpers wheel the setup cell installs in tests, and vet that install."""
    wanted = helpers_hash()
    current = read_stamp(venv, HELPERS_STAMP) == wanted and wheel_path(venv)
    if current and not helpers_in_runtime(venv):
        return False
    (venv / HELPERS_STAMP).unlink(missing_ok=True)
    if helpers_in_runtime(venv):
        pip = [venv_python(venv), "-m", "pip", "--disable-pip-version-check"]
        run([*pip, "uninstall", "--quiet", "--yes", HELPERS_DIST])
    verify_setup_cell_install(venv, build_helpers_wheel(venv))
    (venv / HELPERS_STAMP).write_text(wanted + "\n")
    return True


# --- all together ---------------------------------------------------------------------


def problems(venv: Path = DEFAULT_VENV) -> list[str]:
    """What is missing or stale in the runtime (empty when ready); builds nothing."""
    if not venv_python(venv).exists():
        return [f"no Colab stand-in runtime at {venv}"]
    found = []
    if read_stamp(venv, REQUIREMENTS_STAMP) != requirements_hash():
        found.append("requirements-colab.txt changed since the runtime was built")
    if read_stamp(venv, HELPERS_STAMP) != helpers_hash():
        found.append("the helpers source changed since its wheel was built")
    if wheel_path(venv) is None:
        found.append("the helpers wheel is missing")
    if helpers_in_runtime(venv):
        found.append("helpers is installed in the runtime itself")
    for path, text in stand_in_files(venv).items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            found.append(f"{path.relative_to(venv)} is missing or outdated")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--venv",
        type=Path,
        default=selected_venv(),
        help="where to build it (default: $COLAB_VENV or .venv-colab)",
    )
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter to create the runtime with (default: this one)",
    )
    parser.add_argument(
        "--check", action="store_true", help="only report what is missing or stale"
    )
    args = parser.parse_args(argv)
    venv = args.venv.resolve()
    if args.check:
        found = problems(venv)
        for line in found:
            print(f"colab_env: {line}")
        return 1 if found else 0
    steps = (
        (
            "runtime from requirements-colab.txt",
            lambda: ensure_runtime(venv, args.python),
        ),
        ("google.colab stand-in", lambda: install_stand_in(venv)),
        ("helpers wheel, vetted via the setup cell", lambda: prepare_helpers(venv)),
    )
    for label, step in steps:
        start = time.perf_counter()
        state = "updated" if step() else "up to date"
        print(f"colab_env: {label}: {state} ({time.perf_counter() - start:.1f} s)")
    found = problems(venv)
    if found:
        print("colab_env: still not ready: " + "; ".join(found), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

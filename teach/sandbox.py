"""A sandbox per submission, and limits that hold for its whole tree of processes.

Each run of a submission (its kernel, and anything the kernel starts) happens in one
sandbox made by bubblewrap (``bwrap``, Debian's package ``bubblewrap``), with new user,
PID, mount, network, IPC, UTS and cgroup namespaces:

- the file system it sees is read-only and holds only the system's libraries, Python
  (the virtual environment and its base installation), the book's ``helpers`` package
  and the runner (:mod:`teach.runner`); its home and ``/tmp`` are empty and in memory,
  thrown away at the end. It sees no submission (its cells arrive on standard input),
  no gradebook, no cache, no key, no temporary folder of the grader and no other
  repository file; it cannot write a bytecode cache, a ``.pth`` file or the grading
  code;
- it has no network (only its own loopback, which the kernel talks over);
- it sees only its own processes, so it cannot signal the grader or another
  submission's kernel; ``--die-with-parent`` and the end of its PID namespace kill
  everything in it when the run ends, however it ends.

:class:`Watch` then holds the whole tree to the limits, whatever the processes do
among themselves: it sums their resident memory, counts their tasks (processes and
threads) and their CPU time, and kills the whole sandbox at the first limit passed or
when the run's time is up. Every process also gets ``RLIMIT_AS`` (one process cannot
reserve more than the whole tree may use), and the sandbox's CPU affinity is one core,
at a lower priority than the grader, so a submission's threads share one core and
cannot starve the grader or the other submissions.

Where bubblewrap cannot make namespaces (some containers forbid unprivileged user
namespaces), :func:`problem` says so and the grader refuses to run unless told to run
without a sandbox (``--sandbox none``), which keeps the limits on the tree but not the
isolation; see CONTRIBUTING.md, "Teaching with this book".
"""

from __future__ import annotations

import functools
import os
import resource
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

TEACH_DIR = Path(__file__).resolve().parent
RUNNER = TEACH_DIR / "runner.py"
INSIDE_RUNNER = "/grader/runner.py"
HOME = "/tmp/home"
MAX_TASKS = 64
"""Processes and threads a sandbox may have at once (a kernel uses about twenty)."""

ENV = {
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONNOUSERSITE": "1",
    "MPLBACKEND": "Agg",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "LANG": "C.UTF-8",
    "MVCALC4ML_GRADED": "1",
}
"""The environment of a submission's run, besides PATH and HOME: no bytecode written,
one thread for numpy, and ``MVCALC4ML_GRADED`` (``prefer`` withholds the book's
solutions)."""


@functools.cache
def problem() -> str:
    """Why bubblewrap cannot make a sandbox here ("" when it can)."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return (
            "bubblewrap (bwrap) is not installed: install it (Debian and Ubuntu: "
            "apt-get install bubblewrap)"
        )
    try:
        done = subprocess.run(
            [
                bwrap,
                "--unshare-all",
                "--die-with-parent",
                "--ro-bind",
                "/",
                "/",
                "true",
            ],
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bwrap does not run here ({type(exc).__name__})"
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return (
            "bwrap cannot create namespaces here (user namespaces are disabled in this "
            f"container or kernel: {why[0][:160] if why else done.returncode})"
        )
    return ""


def _system_binds() -> list[str]:
    args: list[str] = []
    for top in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        path = Path(top)
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), top]
        elif path.is_dir():
            args += ["--ro-bind", top, top]
    for name in (
        "ld.so.cache",
        "ld.so.conf",
        "ld.so.conf.d",
        "localtime",
        "alternatives",
        "passwd",
        "group",
        "nsswitch.conf",
        "hosts",
        "fonts",
        "matplotlibrc",
    ):
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    return args


@functools.cache
def _python_binds() -> tuple[str, ...]:
    """The virtual environment, its base Python, and the book's helpers package."""
    import helpers

    places = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix)}
    places |= {p.resolve() for p in list(places)}
    places.add(Path(sys.executable).resolve().parent.parent)
    places.add(Path(helpers.__file__).resolve().parent)
    args: list[str] = []
    for place in sorted(places, key=lambda p: len(p.parts)):
        if str(place).startswith(("/usr/", "/bin", "/lib")) or str(place) == "/usr":
            continue  # already there, read-only
        args += ["--ro-bind", str(place), str(place)]
    return tuple(args)


def helpers_parent() -> str:
    """Where the kernel imports ``helpers`` from: the grader's own copy, first on the
    path (in a sandbox, the folder holds nothing else)."""
    import helpers

    return str(Path(helpers.__file__).resolve().parent.parent)


def path_variable() -> str:
    return os.pathsep.join([str(Path(sys.executable).parent), "/usr/bin", "/bin"])


def command(argv: list[str]) -> list[str]:
    """``argv`` (inside the sandbox) wrapped in bubblewrap."""
    args = [shutil.which("bwrap") or "bwrap", "--unshare-all", "--die-with-parent"]
    args += ["--new-session", "--cap-drop", "ALL", "--uid", "65534", "--gid", "65534"]
    # /tmp first: a bind below it (a virtual environment in /tmp) goes on top.
    args += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--dir", HOME]
    args += _system_binds() + list(_python_binds())
    args += ["--ro-bind", str(RUNNER), INSIDE_RUNNER]
    args += ["--chdir", HOME, "--clearenv"]
    env = {**ENV, "PATH": path_variable(), "HOME": HOME, "TMPDIR": "/tmp"}
    env["PYTHONPATH"] = helpers_parent()
    for name, value in env.items():
        args += ["--setenv", name, value]
    return args + ["--", *argv]


def runner_argv(sandboxed: bool) -> list[str]:
    runner = INSIDE_RUNNER if sandboxed else str(RUNNER)
    return [sys.executable, "-I", "-B", runner]


def unsandboxed_env(home: str) -> dict[str, str]:
    """The environment of a run without a sandbox: the grader's own PATH, a home of
    the run's own, and :data:`ENV`."""
    keep = {k: os.environ[k] for k in ("PATH", "LANG", "LC_ALL") if k in os.environ}
    env = {**keep, **ENV, "HOME": home, "TMPDIR": home, "PATH": path_variable()}
    return {**env, "PYTHONPATH": helpers_parent()}


def preexec(memory_mb: int, core: int | None):
    """The sandbox's first process, before it starts: its own session, one core, a
    lower priority, and the memory every process of it inherits as a limit."""

    def setup() -> None:
        os.setsid()
        try:
            os.nice(5)
        except OSError:
            pass
        if core is not None and hasattr(os, "sched_setaffinity"):
            try:
                os.sched_setaffinity(0, {core})
            except OSError:
                pass
        memory = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return setup


# ---------------------------------------------------------------------------
# The whole tree's limits
# ---------------------------------------------------------------------------


@dataclass
class Usage:
    pids: list[int] = field(default_factory=list)
    memory: int = 0  # bytes resident
    tasks: int = 0  # processes and threads
    cpu: float = 0.0  # seconds of CPU of the processes alive


def usage(root: int) -> Usage:
    """What process ``root`` and every process below it use now (psutil reads it
    from ``/proc``); a process that ends meanwhile is skipped."""
    import psutil

    try:
        top = psutil.Process(root)
        found = [top, *top.children(recursive=True)]
    except psutil.Error:
        return Usage()
    total = Usage()
    for process in found:
        try:
            with process.oneshot():
                memory = process.memory_info().rss
                threads = process.num_threads()
                times = process.cpu_times()
        except psutil.Error:
            continue
        total.pids.append(process.pid)
        total.memory += memory
        total.tasks += threads
        total.cpu += times.user + times.system
    return total


def kill_tree(process: subprocess.Popen, pids: list[int] = ()) -> None:
    """Kill a run: its session, every process found below it, then itself."""
    for pid in list(pids)[::-1]:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        process.kill()
    except OSError:
        pass


@dataclass
class Watch:
    """The limits of one run's tree: checked by :meth:`over` at every tick."""

    memory_mb: int
    cpu_seconds: float
    tasks: int = MAX_TASKS
    peak_mb: float = 0.0

    def over(self, used: Usage) -> str:
        """Why the tree must be killed now ("" when it is within its limits)."""
        self.peak_mb = max(self.peak_mb, used.memory / 2**20)
        if used.memory > self.memory_mb * 2**20:
            return (
                f"used more than the memory limit ({self.memory_mb} MB, all processes)"
            )
        if used.tasks > self.tasks:
            return f"started more than {self.tasks} processes and threads"
        if used.cpu > self.cpu_seconds:
            return f"used more than {self.cpu_seconds:g} s of CPU"
        return ""

"""Run one submission's cells in a fresh kernel, then the grader's probe: the part of the
grader that runs inside a submission's sandbox (:mod:`teach.sandbox`).

It reads its task as one JSON object on standard input::

    {"cells": [[index, source], ...], "probe": source, "seconds": s, "reserve": r,
     "memory_mb": m}

runs the cells top to bottom in a fresh kernel (a process of its own with a memory
limit) until ``seconds - reserve`` have passed since this process started (the
kernel's start counts), then the probe in the time left, and writes one JSON line on
standard output::

    {"stop": [cell, reason, kernel_lost] or null, "printed": text or null}

``printed`` is what the probe printed (at most :data:`MAX_PRINTED` characters), or
null when the kernel was lost before the probe could run. Nothing here is trusted by
the grader: the submission runs beside this process and could change what it writes,
so the grader validates the line and checks the answers again itself.

Standalone on purpose (the standard library, nbformat and nbclient): the sandbox
shows it this file and not the repository.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

MAX_PRINTED = 4_000_000
"""The most of the probe's output kept: its answers are bounded far below this."""


def _limit_kernel(memory_mb: int, cpu_seconds: int) -> None:
    """Run in the kernel's process before it starts: its memory and CPU time."""
    import resource

    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))


def _error_text(exc: BaseException) -> str:
    name = str(getattr(exc, "ename", type(exc).__name__))[:80]
    value = str(getattr(exc, "evalue", "") or "").strip().splitlines()
    return f"{name} ({value[0][:120]})" if value else name


WITHHELD = "ReferenceWithheld"
"""The error of a cell that used the book's solution, withheld in a graded run: the
run goes on after it (see :func:`run`)."""


def run(task: dict, started: float) -> dict:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import (
        CellExecutionError,
        CellTimeoutError,
        DeadKernelError,
    )

    cells = [(int(i), str(text)) for i, text in task["cells"]]
    seconds, reserve = float(task["seconds"]), float(task["reserve"])
    memory_mb = int(task["memory_mb"])
    nb = nbformat.v4.new_notebook()
    texts = [text for _, text in cells] + [str(task["probe"])]
    nb.cells = [nbformat.v4.new_code_cell(text) for text in texts]
    deadline = started + seconds
    cells_until = deadline - reserve
    client = NotebookClient(
        nb,
        timeout=max(1, int(cells_until - time.monotonic())),
        startup_timeout=max(1, int(cells_until - time.monotonic())),
        kernel_name="python3",
        allow_errors=False,
        record_timing=False,
        shutdown_kernel="immediate",
    )
    stop = None
    withheld = None  # the first cell that used a withheld solution
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    cpu = int(2 * seconds + 10)

    def lost(index: int, reason: str) -> dict:
        return {"stop": [index, reason, True], "printed": None, "withheld": withheld}

    try:
        with client.setup_kernel(
            preexec_fn=lambda: _limit_kernel(memory_mb, cpu), **quiet
        ):
            for k, (index, _) in enumerate(cells):
                left = cells_until - time.monotonic()
                if left < 1:
                    reason = f"did not finish within the time limit ({seconds:g} s)"
                    return lost(index, reason)
                client.timeout = max(1, int(left))
                try:
                    client.execute_cell(client.nb.cells[k], k)
                except CellTimeoutError:
                    reason = f"did not finish within the time limit ({seconds:g} s)"
                    return lost(index, reason)
                except DeadKernelError:
                    reason = (
                        "stopped the kernel (a crash, an exit, or the memory limit)"
                    )
                    return lost(index, reason)
                except CellExecutionError as exc:
                    # A graded run withholds the book's solutions: a cell that needed
                    # one fails, and so may the cells after it; the run goes on, so
                    # that the later exercises are graded on the answers given.
                    if withheld is not None or getattr(exc, "ename", "") == WITHHELD:
                        withheld = index if withheld is None else withheld
                        continue
                    stop = [index, f"raised {_error_text(exc)}", False]
                    break
            client.timeout = max(1, int(deadline - time.monotonic()))
            cell = client.nb.cells[-1]
            try:
                client.execute_cell(cell, len(cells))
            except Exception:  # the kernel is unusable: nothing can be read from it
                return {"stop": stop, "printed": None, "withheld": withheld}
    except Exception as exc:  # the kernel did not start, or died while starting
        return lost(
            cells[0][0] if cells else 0, f"stopped the kernel ({_error_text(exc)})"
        )
    printed = "".join(
        str(o.get("text", "")) for o in cell.outputs if o.get("output_type") == "stream"
    )
    return {"stop": stop, "printed": printed[-MAX_PRINTED:], "withheld": withheld}


def main() -> int:
    started = time.monotonic()
    task = json.loads(sys.stdin.read())
    result = run(task, started)
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())

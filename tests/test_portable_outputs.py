"""Stored outputs hold on any machine: every chapter under a second floating-point setup.

The last digits of a floating-point result depend on the CPU's vector instructions,
the BLAS build and its thread count. A chapter that prints such digits (a finite
difference's error of 5.3e-11, say) passes nbval on the machine that stored it and
fails on the next one. So every chapter runs again under nbval here, with numpy's
dispatched CPU features switched off, OpenBLAS forced onto a different kernel and one
thread: a printed digit that drifts fails here, on the contributor's machine, before
it fails for a reader. CONTRIBUTING.md ("Printing a numerical agreement") says how to
print an agreement so that it does not drift.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))

# A sum whose rounding depends on the SIMD width, a transcendental function with
# vectorised and scalar code paths, and a matrix product through BLAS.
PROBE = """
import numpy as np
rng = np.random.default_rng(0)
A, B = rng.standard_normal((60, 300)), rng.standard_normal((300, 50))
v = rng.standard_normal(100_000)
print(repr(float((A @ B).sum())), repr(float(np.tanh(v).sum())),
      repr(float(np.exp(v).sum())), repr(float(np.sin(1000 * v).sum())))
"""


def second_configuration() -> dict[str, str]:
    """Environment variables for a second floating-point setup of this machine."""
    code = (
        "from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__;"
        "print(' '.join(f for f in __cpu_dispatch__ if __cpu_features__.get(f)))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    env = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    if found.stdout.strip():
        env["NPY_DISABLE_CPU_FEATURES"] = found.stdout.strip()
    if os.uname().machine == "x86_64":
        env["OPENBLAS_CORETYPE"] = "Prescott"  # SSE3 kernels: other rounding
    return env


def run_probe(extra: dict[str, str]) -> str:
    env = {**os.environ, **extra}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_second_configuration_rounds_differently():
    """Without a difference in rounding, the chapters' run below would prove nothing."""
    extra = second_configuration()
    if os.uname().machine != "x86_64" and "NPY_DISABLE_CPU_FEATURES" not in extra:
        pytest.skip("no dispatched CPU features and no OpenBLAS kernel to switch")
    first, second = run_probe({}), run_probe(extra)
    assert first != second, f"same digits under {extra}: {first}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_stored_outputs_hold_under_another_rounding(path):
    extra = second_configuration()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval",
            str(path.relative_to(ROOT)),
            "--nbval-sanitize-with",
            "tests/nbval_sanitize.cfg",
            "-p",
            "no:xdist",
            "-q",
            "--no-header",
        ],
        cwd=ROOT,
        env={**os.environ, **extra},
        capture_output=True,
        text=True,
    )
    settings = " ".join(f"{k}={v}" for k, v in sorted(extra.items()))
    assert done.returncode == 0, (
        f"{path.name} prints other text under {settings}: a stored output depends on "
        "round-off; print a bound or a verdict instead (CONTRIBUTING.md, 'Printing a "
        f"numerical agreement').\n{done.stdout[-6000:]}"
    )

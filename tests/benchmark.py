"""Benchmarks: feedback speed for readers, build and test speed for instructors.

Run on demand (it is not part of the test suite):

    .venv/bin/python tests/benchmark.py            # everything (a few minutes)
    .venv/bin/python tests/benchmark.py --quick    # skip the site builds

It prints one table with the machine's CPU count and the library versions. Goals:
gradient_check at least 1,000 times faster than a per-entry loop on a network with
100,000+ parameters while catching every planted mistake; every exercise check under
100 ms; every notebook under 10 s; a rebuild with nothing changed under 15 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers import exercises, gradient_check, numerical_gradient  # noqa: E402
from helpers.checks import relative_error  # noqa: E402

ROWS: list[tuple[str, str, str]] = []


def row(what: str, value: str, goal: str = "") -> None:
    ROWS.append((what, value, goal))
    print(f"  {what}: {value}  {goal}", flush=True)


def seconds(t: float) -> str:
    return f"{t * 1000:.1f} ms" if t < 1 else f"{t:.2f} s"


# ---------------------------------------------------------------------------
# 1. gradient_check against the per-entry loop, on a 1-hidden-layer network
# ---------------------------------------------------------------------------


class Network:
    """z = X W1^T + b1, h = tanh(z), y = h W2^T + b2, L = ||Y - T||_F^2 / N."""

    def __init__(self, n: int = 8, d: int = 100, hidden: int = 960, k: int = 10):
        rng = np.random.default_rng(0)
        self.X = rng.standard_normal((n, d))
        self.T = rng.standard_normal((n, k))
        self.shapes = [(hidden, d), (hidden,), (k, hidden), (k,)]
        self.sizes = [int(np.prod(s)) for s in self.shapes]
        self.theta = rng.standard_normal(sum(self.sizes)) * 0.1

    def unpack(self, theta: np.ndarray) -> list[np.ndarray]:
        parts, start = [], 0
        for shape, size in zip(self.shapes, self.sizes):
            parts.append(theta[start : start + size].reshape(shape))
            start += size
        return parts

    def loss(self, theta: np.ndarray) -> float:
        W1, b1, W2, b2 = self.unpack(theta)
        h = np.tanh(self.X @ W1.T + b1)
        Y = h @ W2.T + b2
        return float(np.sum((Y - self.T) ** 2) / len(self.X))

    def gradients(self, theta: np.ndarray, *, sigma_prime: bool = True) -> list:
        W1, b1, W2, b2 = self.unpack(theta)
        z = self.X @ W1.T + b1
        h = np.tanh(z)
        Y = h @ W2.T + b2
        grad_Y = 2 * (Y - self.T) / len(self.X)
        grad_W2, grad_b2 = grad_Y.T @ h, grad_Y.sum(axis=0)
        grad_h = grad_Y @ W2
        grad_z = grad_h * (1 - h**2) if sigma_prime else grad_h
        grad_W1, grad_b1 = grad_z.T @ self.X, grad_z.sum(axis=0)
        return [grad_W1, grad_b1, grad_W2, grad_b2]

    @staticmethod
    def pack(parts: list[np.ndarray]) -> np.ndarray:
        return np.concatenate([p.reshape(-1) for p in parts])


def planted_mistakes(net: Network) -> dict[str, np.ndarray]:
    right = net.gradients(net.theta)
    W1 = right[0]
    one_entry = [p.copy() for p in right]
    one_entry[0][123, 45] += 0.5 * abs(W1[123, 45]) + 1e-4
    one_row = [p.copy() for p in right]
    one_row[0][7] *= -1
    transposed = [p.copy() for p in right]
    transposed[0] = W1.T.reshape(-1)[: W1.size].reshape(W1.shape)  # W1^T's entries
    return {
        "sign flip": -net.pack(right),
        "factor 2": 2 * net.pack(right),
        "transpose (W1)": net.pack(transposed),
        "one wrong entry": net.pack(one_entry),
        "one wrong row": net.pack(one_row),
        "missing term (no tanh')": net.pack(
            net.gradients(net.theta, sigma_prime=False)
        ),
    }


def bench_gradient_check() -> None:
    net = Network()
    theta = net.theta
    right = net.pack(net.gradients(theta))
    mistakes = planted_mistakes(net)
    print(f"network: {theta.size:,} parameters", flush=True)
    row("network parameters", f"{theta.size:,}")

    start = time.perf_counter()
    ok = gradient_check(net.loss, right, theta)
    t_probe = time.perf_counter() - start
    assert ok, ok.message
    caught_probe = 0
    for name, wrong in mistakes.items():
        result = gradient_check(net.loss, wrong, theta)
        caught_probe += not result
        print(f"    gradient_check, {name}: {result.message}", flush=True)

    # The classic way: two evaluations of the loss per parameter, every parameter.
    start = time.perf_counter()
    numeric = numerical_gradient(net.loss, theta)
    t_loop = time.perf_counter() - start
    tiny = 1e-14 * max(1.0, abs(net.loss(theta))) / (1e-6 * 1e-5)
    caught_loop = sum(
        bool(np.any(relative_error(w, numeric, tiny) > 1e-5)) for w in mistakes.values()
    )
    row("gradient_check, correct gradient", seconds(t_probe))
    row("per-entry loop (helpers.numerical_gradient)", seconds(t_loop))
    ratio = t_loop / t_probe
    row(
        "speed-up",
        f"{ratio:,.0f}x",
        "goal >= 1,000x" + (" ✓" if ratio >= 1000 else " ✗"),
    )
    n = len(mistakes)
    row("mistakes caught: gradient_check", f"{caught_probe}/{n}", "goal: all")
    row("mistakes caught: per-entry loop", f"{caught_loop}/{n}")


# ---------------------------------------------------------------------------
# 2. Exercise checks
# ---------------------------------------------------------------------------


def bench_checks(repeats: int = 5) -> None:
    def best(fn) -> float:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times)

    slowest_right, slowest_wrong = ("", 0.0), ("", 0.0)
    for ex in exercises.all():
        t_right = best(lambda ex=ex: ex.check(ex.reference))
        wrong = ex.misconceptions[-1].answer
        t_wrong = best(lambda ex=ex, wrong=wrong: ex.check(wrong))
        slowest_right = max(slowest_right, (ex.id, t_right), key=lambda p: p[1])
        slowest_wrong = max(slowest_wrong, (ex.id, t_wrong), key=lambda p: p[1])
    for label, (ex_id, t) in (("correct", slowest_right), ("wrong", slowest_wrong)):
        mark = "✓" if t < 0.1 else "✗"
        row(
            f"slowest check, {label} answer (Exercise {ex_id})",
            seconds(t),
            f"goal < 100 ms {mark}",
        )


# ---------------------------------------------------------------------------
# 3. Notebooks and nbval
# ---------------------------------------------------------------------------


def bench_notebooks() -> None:
    import nbformat
    from nbclient import NotebookClient

    for path in sorted((ROOT / "book").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(
            nb,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
        t = time.perf_counter() - start
        mark = "✓" if t < 10 else "✗"
        row(f"execute {path.name}", seconds(t), f"goal < 10 s {mark}")
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "book",
            "--nbval",
            "-q",
            "-n",
            "2",
            "--dist",
            "loadscope",
            "--nbval-sanitize-with",
            "tests/nbval_sanitize.cfg",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    row("nbval over book/ (2 workers)", seconds(time.perf_counter() - start))


# ---------------------------------------------------------------------------
# 4. Site builds and page weight
# ---------------------------------------------------------------------------


def build(where: Path) -> float:
    jb = Path(sys.executable).with_name("jupyter-book")
    start = time.perf_counter()
    subprocess.run(
        [str(jb), "build", ".", "-W", "-n", "--keep-going"],
        cwd=where,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def bench_builds() -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="book-bench-"))
    ignore = shutil.ignore_patterns("_build", ".venv*", "node_modules", ".git")
    shutil.copytree(ROOT, tmp / "book-copy", ignore=ignore)
    where = tmp / "book-copy"
    row("clean build (executes every chapter)", seconds(build(where)))
    t = build(where)
    row("rebuild, nothing changed", seconds(t), f"goal < 15 s {'✓' if t < 15 else '✗'}")
    chapter = sorted((where / "book").glob("*.ipynb"))[0]
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(
        text.replace("A neural network", "A deep network", 1), encoding="utf-8"
    )
    row(f"rebuild, markdown of {chapter.name} changed", seconds(build(where)))
    return where / "_build" / "html"


def page_weights(site: Path) -> None:
    """Bytes a page loads (HTML, scripts, styles, images it references) beyond _static/.

    Counts what the page loads by itself (``src=`` and stylesheet or preload links), not
    what it merely links to (the .ipynb download, other pages). Fonts that stylesheets
    load are not seen here; the website tests measure those in the browser.
    """
    ref = re.compile(
        r'src="([^"#?]+)|<link[^>]*rel="(?:stylesheet|preload)"[^>]*href="([^"#?]+)'
    )
    for page in sorted(site.glob("book/*.html")):
        own, shared = page.stat().st_size, 0
        found = ref.findall(page.read_text(encoding="utf-8"))
        for target in {a or b for a, b in found}:
            if target.startswith(("http:", "https:", "mailto:")) or target.endswith(
                ".html"
            ):
                continue
            file = (page.parent / target).resolve()
            if file.is_file():
                if "_static" in file.parts:
                    shared += file.stat().st_size
                else:
                    own += file.stat().st_size
        row(
            f"page weight {page.name}",
            f"{own / 1e6:.2f} MB own + {shared / 1e6:.2f} MB shared",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the site builds")
    parser.add_argument(
        "--loop-entries",
        type=int,
        default=None,
        help="time only this many entries of the per-entry loop and extrapolate",
    )
    args = parser.parse_args()
    print("gradient_check vs per-entry loop", flush=True)
    bench_gradient_check()
    print("exercise checks", flush=True)
    bench_checks()
    print("notebooks", flush=True)
    bench_notebooks()
    if not args.quick:
        print("site", flush=True)
        page_weights(bench_builds())
    libs = ", ".join(
        f"{p} {version(p)}"
        for p in ("numpy", "matplotlib", "ipywidgets", "jupyter-book")
    )
    print()
    print(
        f"Machine: {os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}"
    )
    print(f"Libraries: {libs}")
    width = max(len(r[0]) for r in ROWS)
    print(f"| {'measure':<{width}} | value | goal |")
    print(f"|{'-' * (width + 2)}|---|---|")
    for what, value, goal in ROWS:
        print(f"| {what:<{width}} | {value} | {goal} |")


if __name__ == "__main__":
    main()

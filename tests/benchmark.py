"""Benchmarks: feedback speed for readers, build and test speed for instructors.

Run on demand (it is not part of the test suite):

    .venv/bin/python tests/benchmark.py            # everything (a few minutes)
    .venv/bin/python tests/benchmark.py --quick    # skip the site builds and lanes
    .venv/bin/python tests/benchmark.py --lanes    # only the test lanes, make check
    .venv/bin/python tests/benchmark.py --grading  # only the grading throughput
    .venv/bin/python tests/benchmark.py --weights  # only the built site's page weights
    .venv/bin/python tests/benchmark.py --fresh-clone  # also make test from scratch

It prints one table with the machine's CPU count and the library versions. Goals:
gradient_check at least 1,000 times faster than a per-entry loop on a network with
100,000+ parameters while catching every planted mistake; every exercise check under
100 ms; every notebook under 10 s; a rebuild with nothing changed under 15 s; `make check`
under 2 minutes; `make test` in a fresh clone, installs included, within 8 minutes.
"""

from __future__ import annotations

import argparse
import json
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
from helpers.numeric import DEFAULT_STEP  # noqa: E402

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
    """z = X W1^T + b1, h = tanh(z), y = h W2^T + b2, L = ||Y - T||_F^2 / N.

    The parameters are a dict ``{"W1", "b1", "W2", "b2"}``, as chapter 6 writes them.
    """

    def __init__(self, n: int = 8, d: int = 100, hidden: int = 960, k: int = 10):
        rng = np.random.default_rng(0)
        self.X = rng.standard_normal((n, d))
        self.T = rng.standard_normal((n, k))
        shapes = {"W1": (hidden, d), "b1": (hidden,), "W2": (k, hidden), "b2": (k,)}
        self.params = {
            name: rng.standard_normal(shape) * 0.1 for name, shape in shapes.items()
        }

    def loss(self, p: dict) -> float:
        h = np.tanh(self.X @ p["W1"].T + p["b1"])
        Y = h @ p["W2"].T + p["b2"]
        return float(np.sum((Y - self.T) ** 2) / len(self.X))

    def gradients(self, p: dict, *, sigma_prime: bool = True) -> dict:
        z = self.X @ p["W1"].T + p["b1"]
        h = np.tanh(z)
        Y = h @ p["W2"].T + p["b2"]
        grad_Y = 2 * (Y - self.T) / len(self.X)
        grad_h = grad_Y @ p["W2"]
        grad_z = grad_h * (1 - h**2) if sigma_prime else grad_h
        return {
            "W1": grad_z.T @ self.X,
            "b1": grad_z.sum(axis=0),
            "W2": grad_Y.T @ h,
            "b2": grad_Y.sum(axis=0),
        }


def planted_mistakes(net: Network) -> dict[str, tuple[dict, str]]:
    """Wrong gradients, each with the text its verdict must contain (where it is)."""
    right = net.gradients(net.params)

    def changed(name: str, value: np.ndarray) -> dict:
        return {**right, name: value}

    W1 = right["W1"]
    one_entry = W1.copy()
    one_entry[123, 45] += 0.5 * abs(W1[123, 45]) + 1e-4
    one_row = W1.copy()
    one_row[7] *= -1
    transposed = W1.T.reshape(-1)[: W1.size].reshape(W1.shape)  # W1^T's entries
    b2_unsummed = right["b2"] * len(net.X)  # the bias gradient not averaged
    return {
        "sign flip": ({k: -v for k, v in right.items()}, "is wrong at "),
        "factor 2": ({k: 2 * v for k, v in right.items()}, "is wrong at "),
        "transposed entries (W1)": (changed("W1", transposed), "is wrong at W1["),
        "one wrong entry W1[123, 45]": (
            changed("W1", one_entry),
            "is wrong at W1[123, 45]:",
        ),
        "one wrong row W1[7]": (changed("W1", one_row), "is wrong at W1[7, "),
        "bias not averaged (b2)": (changed("b2", b2_unsummed), "is wrong at b2["),
        "missing tanh' (W1, b1)": (
            net.gradients(net.params, sigma_prime=False),
            "is wrong at ",
        ),
    }


def bench_gradient_check() -> None:
    net = Network()
    params = net.params
    size = sum(v.size for v in params.values())
    right = net.gradients(params)
    mistakes = planted_mistakes(net)
    print(f"network: {size:,} parameters in a dict W1, b1, W2, b2", flush=True)
    row("network parameters (dict W1, b1, W2, b2)", f"{size:,}")

    net.loss(params)  # warm up (the first matrix product starts the BLAS threads)
    times = []
    for _ in range(3):  # best of three: the machine is shared
        start = time.perf_counter()
        ok = gradient_check(net.loss, right, params)
        times.append(time.perf_counter() - start)
        assert ok, ok.message
    t_probe = min(times)
    caught_probe = named = 0
    for name, (wrong, where) in mistakes.items():
        result = gradient_check(net.loss, wrong, params)
        caught_probe += not result
        named += (not result) and where in result.message
        print(f"    gradient_check, {name}: {result.message}", flush=True)

    # The classic way: two evaluations of the loss per parameter, every parameter.
    start = time.perf_counter()
    numeric = numerical_gradient(net.loss, params)
    t_loop = time.perf_counter() - start
    tiny = 1e-14 * max(1.0, abs(net.loss(params))) / (DEFAULT_STEP * 1e-5)
    caught_loop = sum(
        any(
            bool(np.any(relative_error(wrong[k], numeric[k], tiny) > 1e-5))
            for k in params
        )
        for wrong, _ in mistakes.values()
    )
    row("gradient_check, correct gradient (best of 3)", seconds(t_probe))
    row("per-entry loop (helpers.numerical_gradient)", seconds(t_loop))
    ratio = t_loop / t_probe
    row(
        "speed-up",
        f"{ratio:,.0f}x",
        "goal >= 1,000x" + (" ✓" if ratio >= 1000 else " ✗"),
    )
    n = len(mistakes)
    row("mistakes caught: gradient_check", f"{caught_probe}/{n}", "goal: all")
    row(
        "mistakes named (parameter and entry)",
        f"{named}/{n}",
        "goal: all" + (" ✓" if named == n else " ✗"),
    )
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
    # The build typesets formulas with the npm package mathjax-full (make book installs it).
    (where / "node_modules").symlink_to(ROOT / "node_modules")
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
    """Bytes each page loads of its own (beyond the shared _static/ and search index).

    Three figures per page:

    - **as stored**: what the page would weigh with its figures as the notebook
      stores them (every player frame inline in base64, still figures as PNG);
    - **on load**: what it loads when opened (HTML, the still figures and each
      player's still image);
    - **every frame**: on load, plus every player frame, fetched when a reader
      first moves a player. The goal is at most 1 MB.

    Counts what the page loads by itself (``src=`` and stylesheet or preload links),
    not what it merely links to. Fonts that stylesheets load are shared (_static/);
    the website tests measure those in the browser.
    """
    ref = re.compile(
        r'src="([^"#?]+)|<link[^>]*rel="(?:stylesheet|preload)"[^>]*href="([^"#?]+)'
        r'|<link[^>]*href="([^"#?]+)[^"]*"[^>]*rel="(?:stylesheet|preload)"'
    )
    frame = re.compile(r'frames\[\d+\] = "([^"]+)"')

    def size(file: Path) -> int:
        return file.stat().st_size if file.is_file() else 0

    for page in sorted(site.glob("book/*.html")):
        text = page.read_text(encoding="utf-8")
        html = page.stat().st_size
        on_load = stored = html
        shared = 0
        for target in {a or b or c for a, b, c in ref.findall(text)}:
            if target.startswith(("http:", "https:", "mailto:", "data:")) or (
                target.endswith(".html")
            ):
                continue  # other hosts, inline data (counted in the page), other pages
            file = (page.parent / target).resolve()
            if "_static" in file.parts or file.name == "searchindex.js":
                shared += size(file)
                continue
            on_load += size(file)
            if file.suffix == ".webp" and file.with_suffix(".png").is_file():
                stored += size(file.with_suffix(".png"))  # a still figure's PNG
            elif "frames" in file.parts:
                stored += size(file) * 4 // 3  # a player's still image, inline
            else:
                stored += size(file)
        frames = sum(
            size((page.parent / target).resolve())
            for target in set(frame.findall(text))
            if not target.startswith("data:")
        )
        every = on_load + frames
        stored += frames * 4 // 3
        mark = "✓" if every <= 1_000_000 else "✗"
        row(
            f"page weight {page.name}",
            f"as stored {stored / 1e6:.2f} MB; on load {on_load / 1e6:.2f} MB; "
            f"every frame {every / 1e6:.2f} MB (+ {shared / 1e6:.2f} MB shared)",
            f"goal: every frame <= 1 MB {mark}",
        )


def pdf_size() -> None:
    """The printed book's size (``make pdf`` writes it; built here if missing)."""
    pdf = ROOT / "_build" / "pdf" / "book.pdf"
    if not pdf.is_file():
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "build_pdf.py")],
            cwd=ROOT,
            check=True,
        )
    size = pdf.stat().st_size / 1e6
    row(
        "PDF of the whole book (make pdf)",
        f"{size:.1f} MB",
        f"goal < 15 MB {'✓' if size < 15 else '✗'}",
    )


# ---------------------------------------------------------------------------
# 5. Chapter 5: the batch gradient as one matrix product against a loop
# ---------------------------------------------------------------------------


def bench_batch_gradient(n: int = 10_000, d: int = 100, m: int = 10) -> None:
    """(2/N)(Y - T)^T X and the bias gradient against the per-example sum."""
    rng = np.random.default_rng(0)
    X, T = rng.standard_normal((n, d)), rng.standard_normal((n, m))
    W, b = rng.standard_normal((m, d)), rng.standard_normal(m)

    def vectorised() -> tuple:
        grad_Y = 2 * (X @ W.T + b - T) / n
        return grad_Y.T @ X, grad_Y.sum(axis=0)

    def per_example() -> tuple:
        grad_W, grad_b = np.zeros_like(W), np.zeros_like(b)
        for x_i, t_i in zip(X, T):
            r_i = W @ x_i + b - t_i
            grad_W += 2 * np.outer(r_i, x_i) / n
            grad_b += 2 * r_i / n
        return grad_W, grad_b

    def best(fn, repeats: int) -> float:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times)

    same = all(np.allclose(a, c) for a, c in zip(vectorised(), per_example()))
    t_vec, t_loop = best(vectorised, 20), best(per_example, 3)
    shape = f"N = {n:,}, D = {d}, M = {m}"
    row(f"batch gradient, matrix form ({shape}, best of 20)", seconds(t_vec))
    row("batch gradient, loop over examples (best of 3)", seconds(t_loop))
    row(
        "batch gradient speed-up (same result: " + str(same) + ")",
        f"{t_loop / t_vec:,.0f}x",
    )


# ---------------------------------------------------------------------------
# 6. Grading submitted notebooks
# ---------------------------------------------------------------------------


def chapter_submissions(path: Path) -> tuple[dict, dict]:
    """A chapter's student edition answered with the book's own solutions, and as
    handed out (untouched)."""
    import copy

    from teach.notebooks import defines, locate, source
    from teach.student import chapter_exercises, student_edition

    book = json.loads(path.read_text(encoding="utf-8"))
    entries = chapter_exercises(book)
    untouched = student_edition(book, entries)[0]
    answered = copy.deepcopy(untouched)
    for entry in entries:
        solution = source(book["cells"][locate(book, entry).solution])
        body = solution.split("\n", 1)[1].replace(f"{entry.name}_solution", entry.name)
        if not defines(body, entry.name):  # a choice: the solution only checks it
            body = f"{entry.name} = {entry.reference!r}\n"
        stub = answered["cells"][locate(answered, entry).stub]
        stub["source"] = source(stub) + "\n\n\n" + body
    return answered, untouched


def bench_grading(count: int = 20, jobs: int = 2) -> None:
    """Submissions graded per minute: ``count`` generated submissions of one chapter
    (the one with the fewest code cells): half answered with the book's solutions,
    half untouched; graded by ``jobs`` sandboxes at once. Projects the time for 300
    submissions on 8 cores (throughput grows with the cores: each sandbox is held to
    one; goal under 10 minutes for a chapter)."""
    from teach import sandbox as box
    from teach.grade import grade_all

    def code_cells(path: Path) -> int:
        nb = json.loads(path.read_text(encoding="utf-8"))
        return sum(c["cell_type"] == "code" for c in nb["cells"])

    chapter = min(sorted((ROOT / "book").glob("*.ipynb")), key=code_cells)
    made = chapter_submissions(chapter)
    folder = Path(tempfile.mkdtemp(prefix="grade-bench-"))
    paths = []
    for k in range(count):
        path = folder / f"student_{k:02d}.ipynb"
        path.write_text(json.dumps(made[k % 2]), encoding="utf-8")
        paths.append(path)
    how = "none" if box.problem() else "bwrap"
    start = time.perf_counter()
    rows = grade_all(paths, jobs=jobs, progress=lambda line: None, sandbox=how)
    t = time.perf_counter() - start
    shutil.rmtree(folder, ignore_errors=True)
    right = sum(r["score"] == r["out_of"] for r in rows[::2]) + sum(
        r["score"] == 0 for r in rows[1::2]
    )
    per_minute = count / t * 60
    row(
        f"grade {count} submissions of {chapter.name} ({jobs} sandboxes: {how}, "
        f"{os.cpu_count()} cores)",
        f"{per_minute:.1f} per minute ({seconds(t)})",
        f"rows as expected: {right}/{count}",
    )
    projected = 300 / (per_minute * 8 / jobs)
    mark = "✓" if projected < 10 else "✗"
    row(
        "projected: 300 submissions on 8 cores (8 sandboxes)",
        f"{projected:.1f} min",
        f"goal < 10 min {mark}",
    )


# ---------------------------------------------------------------------------
# 7. The test command: each lane, the quick check, and make test from a fresh clone
# ---------------------------------------------------------------------------

LANES = ("unit", "notebooks", "site", "pdf", "colab", "grader")
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


def timed_make(target: str, where: Path = ROOT, **env: str) -> tuple[float, bool]:
    """Wall time of ``make target`` in ``where``, and whether it succeeded."""
    start = time.perf_counter()
    done = subprocess.run(
        ["make", "--no-print-directory", target],
        cwd=where,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start, done.returncode == 0


def bench_lanes() -> None:
    """Each lane alone (its builds included; installs done), then ``make check``."""
    for lane in LANES:
        t, ok = timed_make(f"test-{lane}")
        row(f"make test-{lane}", seconds(t), "passed" if ok else "FAILED")
    # make check with a change to one chapter (a touched, unchanged copy of it).
    t, ok = timed_make("check", NB="book/03_gradients.ipynb")
    mark = "✓" if t < 120 else "✗"
    row(
        "make check (unit lane + nbval of one chapter)",
        seconds(t),
        f"{'passed' if ok else 'FAILED'}; goal < 2 min {mark}",
    )
    t, ok = timed_make("check", NB=" ".join(str(p.relative_to(ROOT)) for p in CHAPTERS))
    row(
        "make check after a change to helpers/ (every chapter)",
        seconds(t),
        "passed" if ok else "FAILED",
    )


def bench_fresh_clone() -> None:
    """``make test`` in a fresh clone with new virtual environments: installs included."""
    folder = Path(tempfile.mkdtemp(prefix="fresh-clone-"))
    subprocess.run(["git", "clone", "-q", str(ROOT), str(folder / "book")], check=True)
    t, ok = timed_make("test", folder / "book")
    mark = "✓" if t < 480 else "✗"
    row(
        "make test in a fresh clone (installs included)",
        seconds(t),
        f"{'passed' if ok else 'FAILED'}; goal <= 8 min {mark}",
    )
    shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the site builds")
    parser.add_argument(
        "--lanes", action="store_true", help="only time the test lanes and make check"
    )
    parser.add_argument(
        "--grading", action="store_true", help="only the grading throughput"
    )
    parser.add_argument(
        "--fresh-clone",
        action="store_true",
        help="also time make test in a fresh clone, installs included (8+ minutes)",
    )
    parser.add_argument(
        "--weights",
        action="store_true",
        help="only the page weights of the site make book built (_build/html)",
    )
    args = parser.parse_args()
    if args.weights:
        print("page weights of _build/html", flush=True)
        page_weights(ROOT / "_build" / "html")
        report()
        return
    if args.grading:
        print("grading", flush=True)
        bench_grading()
        report()
        return
    if args.lanes:
        print("test lanes", flush=True)
        bench_lanes()
        if args.fresh_clone:
            bench_fresh_clone()
        report()
        return
    print("gradient_check vs per-entry loop", flush=True)
    bench_gradient_check()
    print("exercise checks", flush=True)
    bench_checks()
    print("batch gradient (chapter 5)", flush=True)
    bench_batch_gradient()
    print("notebooks", flush=True)
    bench_notebooks()
    print("grading", flush=True)
    bench_grading()
    if not args.quick:
        print("site", flush=True)
        page_weights(bench_builds())
        pdf_size()
        print("test lanes", flush=True)
        bench_lanes()
    if args.fresh_clone:
        bench_fresh_clone()
    report()


def report() -> None:
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

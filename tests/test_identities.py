"""Every identity on the appendix page book/matrix_calculus.md, checked numerically.

The page is the one list of identities. Each line of its display math ($$ ... $$, one
identity per line of an ``aligned`` block) is read from the page, and its check is
looked up below by the line's exact LaTeX (spacing aside). So a new identity on the
page with no check fails, a check whose identity left the page fails, and a formula
edited on the page no longer finds its check until the check is updated too.

A gradient identity is checked with ``helpers.gradient_check`` (finite differences) at
seeded random points; a plain equality is checked by evaluating both sides.
"""

import re
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from helpers import CheckResult, gradient_check

PAGE = Path(__file__).resolve().parent.parent / "book" / "matrix_calculus.md"
SEED = 2024
POINTS = 3  # random points per identity
D, M, N, K = 4, 3, 5, 6  # all different, so a transposed formula has the wrong shape

# ---------------------------------------------------------------------------
# Reading the identities from the page
# ---------------------------------------------------------------------------

# $$ ... $$, optionally followed by a MyST equation label: $$ ... $$ (label)
DISPLAY = re.compile(r"\$\$(.+?)\$\$(?:[ \t]*\([^()\s]+\))?", re.DOTALL)
INLINE = re.compile(r"\$([^$\n]+)\$")
ALIGNMENT = re.compile(r"\\(?:begin|end)\{(?:aligned|gathered)\}")


def without_comments(text):
    """The page as MyST reads it: lines starting with % are comments."""
    return "\n".join(
        line for line in text.splitlines() if not line.lstrip().startswith("%")
    )


def display_math(text):
    return [m.group(1) for m in DISPLAY.finditer(without_comments(text))]


def identities_in(text):
    """One identity per line of display math: alignment marks, spacing and the
    closing punctuation removed, everything else exactly as written."""
    found = []
    for block in display_math(text):
        for line in re.split(r"\\\\", ALIGNMENT.sub(" ", block)):
            line = " ".join(line.replace("&", " ").split())
            line = re.sub(r"\s*[.,;]$", "", line)
            if line:
                found.append(line)
    return found


PAGE_TEXT = PAGE.read_text(encoding="utf-8")
PAGE_IDENTITIES = identities_in(PAGE_TEXT)

# ---------------------------------------------------------------------------
# The checks, one per identity, keyed by its LaTeX on the page
# ---------------------------------------------------------------------------

CHECKS = {}


def checks(latex):
    """Register a check for the identity written on the page as ``latex``.

    The check takes a random generator and yields CheckResults.
    """

    def register(check):
        assert latex not in CHECKS, f"two checks for {latex}"
        CHECKS[latex] = check
        return check

    return register


def same_value(left, right):
    """A plain equality, checked by evaluating both sides."""
    left, right = np.asarray(left, dtype=float), np.asarray(right, dtype=float)
    if left.shape != right.shape:
        return CheckResult(
            False, f"the left side has shape {left.shape}, the right {right.shape}"
        )
    gap = float(np.max(np.abs(left - right)))
    if np.allclose(left, right, rtol=1e-10, atol=1e-12):
        return CheckResult(True, f"both sides agree (largest difference {gap:.1e})")
    return CheckResult(False, f"the two sides differ by up to {gap:.1e}")


def sigmoid(s):
    return 1.0 / (1.0 + np.exp(-s))


def softmax(s):
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(s):
    shifted = s - s.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def one_hot(rng, rows=None):
    """One-hot targets over K classes: one vector, or a (rows, K) matrix."""
    if rows is None:
        return np.eye(K)[rng.integers(K)]
    return np.eye(K)[rng.integers(K, size=rows)]


def loss(y):
    """A smooth, non-quadratic scalar function for the chain-rule checks."""
    return np.sum(np.logaddexp(0.0, y))  # sum of softplus(y_j)


def loss_gradient(y):
    return sigmoid(y)


# Scalar functions of a vector


@checks(r"\nabla_{\mathbf{w}} \, \mathbf{w}^\top \mathbf{x} = \mathbf{x}")
def grad_w_of_w_dot_x(rng):
    w, x = rng.standard_normal(D), rng.standard_normal(D)
    yield gradient_check(lambda w_: w_ @ x, x, w)


@checks(r"\nabla_{\mathbf{x}} \, \lVert \mathbf{x} \rVert_2^2 = 2\mathbf{x}")
def grad_x_of_squared_norm(rng):
    x = rng.standard_normal(D)
    yield gradient_check(lambda x_: np.linalg.norm(x_) ** 2, 2 * x, x)


@checks(
    r"\nabla_{\mathbf{x}} \, \mathbf{x}^\top \mathbf{A} \mathbf{x}"
    r" = (\mathbf{A} + \mathbf{A}^\top)\,\mathbf{x}"
)
def grad_x_of_quadratic_form(rng):
    A, x = rng.standard_normal((D, D)), rng.standard_normal(D)
    yield gradient_check(lambda x_: x_ @ A @ x_, (A + A.T) @ x, x)


@checks(
    r"\nabla_{\mathbf{x}} \, \mathbf{x}^\top \mathbf{A} \mathbf{x}"
    r" = 2\mathbf{A}\mathbf{x} \quad \text{for symmetric } \mathbf{A}"
)
def grad_x_of_symmetric_quadratic_form(rng):
    S, x = rng.standard_normal((D, D)), rng.standard_normal(D)
    A = S + S.T
    yield gradient_check(lambda x_: x_ @ A @ x_, 2 * A @ x, x)


# Scalar functions of a matrix


@checks(
    r"\nabla_{\mathbf{A}} \, \mathbf{v}^\top \mathbf{A} \mathbf{u}"
    r" = \mathbf{v} \mathbf{u}^\top"
)
def grad_A_of_bilinear_form(rng):
    v, A, u = (
        rng.standard_normal(M),
        rng.standard_normal((M, D)),
        rng.standard_normal(D),
    )
    yield gradient_check(lambda A_: v @ A_ @ u, np.outer(v, u), A)


@checks(
    r"\nabla_{\mathbf{A}} \operatorname{tr}(\mathbf{A}\mathbf{B}) = \mathbf{B}^\top"
)
def grad_A_of_trace(rng):
    A, B = rng.standard_normal((M, D)), rng.standard_normal((D, M))
    yield gradient_check(lambda A_: np.trace(A_ @ B), B.T, A)


@checks(r"\lVert \mathbf{A} \rVert_F^2 = \operatorname{tr}(\mathbf{A}^\top \mathbf{A})")
def frobenius_norm_is_a_trace(rng):
    A = rng.standard_normal((M, D))
    yield same_value(np.sum(A**2), np.trace(A.T @ A))


@checks(r"\nabla_{\mathbf{A}} \lVert \mathbf{A} \rVert_F^2 = 2\mathbf{A}")
def grad_A_of_frobenius_norm(rng):
    A = rng.standard_normal((M, D))
    yield gradient_check(lambda A_: np.sum(A_**2), 2 * A, A)


# Linear layers and squared error: one example, y = W x, L = ||y - t||^2


def one_example(rng):
    W, x, t = (
        rng.standard_normal((M, D)),
        rng.standard_normal(D),
        rng.standard_normal(M),
    )
    return W, x, t, W @ x


@checks(r"\nabla_{\mathbf{y}} L = 2(\mathbf{y} - \mathbf{t})")
def grad_y_one_example(rng):
    W, x, t, y = one_example(rng)
    yield gradient_check(lambda y_: np.sum((y_ - t) ** 2), 2 * (y - t), y)


@checks(r"\nabla_{\mathbf{W}} L = 2(\mathbf{y} - \mathbf{t})\,\mathbf{x}^\top")
def grad_W_one_example(rng):
    W, x, t, y = one_example(rng)
    yield gradient_check(
        lambda W_: np.sum((W_ @ x - t) ** 2), 2 * np.outer(y - t, x), W
    )


@checks(r"\nabla_{\mathbf{x}} L = \mathbf{W}^\top\, 2(\mathbf{y} - \mathbf{t})")
def grad_x_one_example(rng):
    W, x, t, y = one_example(rng)
    yield gradient_check(lambda x_: np.sum((W @ x_ - t) ** 2), W.T @ (2 * (y - t)), x)


# A batch: Y = X W^T + 1 b^T, L = ||Y - T||_F^2


def batch_loss(X, b, T, ones):
    """L as a function of W."""
    return lambda W_: np.sum((X @ W_.T + np.outer(ones, b) - T) ** 2)


def batch(rng, bias=True):
    X, W = rng.standard_normal((N, D)), rng.standard_normal((M, D))
    b = rng.standard_normal(M) if bias else np.zeros(M)
    T = rng.standard_normal((N, M))
    ones = np.ones(N)
    return X, W, b, T, ones, X @ W.T + np.outer(ones, b)


@checks(r"\nabla_{\mathbf{Y}} L = 2(\mathbf{Y} - \mathbf{T})")
def grad_Y_batch(rng):
    X, W, b, T, ones, Y = batch(rng)
    yield gradient_check(lambda Y_: np.sum((Y_ - T) ** 2), 2 * (Y - T), Y)


@checks(r"\nabla_{\mathbf{W}} L = 2(\mathbf{Y} - \mathbf{T})^\top \mathbf{X}")
def grad_W_batch(rng):
    for bias in (True, False):  # the page: without a bias, the same formula
        X, W, b, T, ones, Y = batch(rng, bias)
        yield gradient_check(batch_loss(X, b, T, ones), 2 * (Y - T).T @ X, W)


@checks(r"\nabla_{\mathbf{b}} L = 2(\mathbf{Y} - \mathbf{T})^\top \mathbf{1}")
def grad_b_batch(rng):
    X, W, b, T, ones, Y = batch(rng)
    yield gradient_check(
        lambda b_: np.sum((X @ W.T + np.outer(ones, b_) - T) ** 2),
        2 * (Y - T).T @ ones,
        b,
    )


@checks(
    r"2(\mathbf{Y} - \mathbf{T})^\top \mathbf{X} = \sum_{i=1}^{N}"
    r" 2(\mathbf{y}^{(i)} - \mathbf{t}^{(i)})\,(\mathbf{x}^{(i)})^\top"
)
def batch_gradient_sums_the_examples(rng):
    X, W, b, T, ones, Y = batch(rng)
    total = sum(2 * np.outer(Y[i] - T[i], X[i]) for i in range(N))
    yield same_value(2 * (Y - T).T @ X, total)


# One output, and the mean over a batch (the mean squared error)


@checks(r"\nabla_{\mathbf{w}} L = 2(y - t)\,\mathbf{x}")
def grad_w_one_output(rng):
    w, x, t = rng.standard_normal(D), rng.standard_normal(D), rng.standard_normal()
    y = w @ x
    yield gradient_check(lambda w_: (w_ @ x - t) ** 2, 2 * (y - t) * x, w)


def mean_loss(X, b, T, ones):
    """The mean squared error as a function of W."""
    return lambda W_: np.sum((X @ W_.T + np.outer(ones, b) - T) ** 2) / len(X)


@checks(
    r"\nabla_{\mathbf{W}} L = \frac{2}{N} (\mathbf{Y} - \mathbf{T})^\top \mathbf{X}"
)
def grad_W_mean(rng):
    X, W, b, T, ones, Y = batch(rng)
    yield gradient_check(mean_loss(X, b, T, ones), 2 * (Y - T).T @ X / N, W)


@checks(
    r"\nabla_{\mathbf{b}} L = \frac{2}{N} (\mathbf{Y} - \mathbf{T})^\top \mathbf{1}"
)
def grad_b_mean(rng):
    X, W, b, T, ones, Y = batch(rng)
    yield gradient_check(
        lambda b_: np.sum((X @ W.T + np.outer(ones, b_) - T) ** 2) / N,
        2 * (Y - T).T @ ones / N,
        b,
    )


# The chain rule


def g(x, W, c):
    """A nonlinear map R^D -> R^M that mixes the entries: tanh(W x) + ||x||^2 c."""
    return np.tanh(W @ x) + (x @ x) * c


def g_entry(x, W, c, j):
    return g(x, W, c)[j]


def g_jacobian(x, W, c):
    return (1 - np.tanh(W @ x) ** 2)[:, None] * W + 2 * np.outer(c, x)


@checks(r"\nabla_{\mathbf{x}} L = \mathbf{J}^\top \, \nabla_{\mathbf{y}} L")
def chain_rule(rng):
    x, W, c = (
        rng.standard_normal(D),
        rng.standard_normal((M, D)),
        rng.standard_normal(M),
    )
    J = g_jacobian(x, W, c)
    for j in range(M):  # row j of J is the gradient of y_j: J is g's Jacobian
        yield gradient_check(
            partial(g_entry, W=W, c=c, j=j), J[j], x, name=f"row {j} of J"
        )
    y = g(x, W, c)
    yield gradient_check(lambda x_: loss(g(x_, W, c)), J.T @ loss_gradient(y), x)


@checks(r"\nabla_{\mathbf{x}} L = \mathbf{W}^\top \nabla_{\mathbf{y}} L")
def chain_rule_linear_map(rng):
    x, W = rng.standard_normal(D), rng.standard_normal((M, D))
    y = W @ x
    yield gradient_check(lambda x_: loss(W @ x_), W.T @ loss_gradient(y), x)


ENTRY_WISE = {
    "logistic sigmoid": (sigmoid, lambda s: sigmoid(s) * (1 - sigmoid(s))),
    "tanh": (np.tanh, lambda s: 1 - np.tanh(s) ** 2),
    "sine": (np.sin, np.cos),
}


def loss_through(z, phi):
    return loss(phi(z))


@checks(r"\nabla_{\mathbf{z}} L = \nabla_{\mathbf{h}} L \circ \phi'(\mathbf{z})")
def chain_rule_entry_wise(rng):
    for name, (phi, phi_prime) in ENTRY_WISE.items():
        z = rng.standard_normal(D)
        h = phi(z)
        yield gradient_check(
            partial(loss_through, phi=phi),
            loss_gradient(h) * phi_prime(z),
            z,
            name=f"the gradient through {name}",
        )


# Activations and cross-entropy


@checks(r"\sigma'(z) = \sigma(z)\,(1 - \sigma(z))")
def sigmoid_derivative(rng):
    # sigma acts entry by entry, so the gradient of sum_k sigma(z_k) is sigma'(z).
    z = 3 * rng.standard_normal(K)
    yield gradient_check(
        lambda z_: np.sum(sigmoid(z_)), sigmoid(z) * (1 - sigmoid(z)), z
    )


@checks(r"\nabla_{\mathbf{y}} L = \mathbf{p} - \mathbf{t}")
def softmax_cross_entropy(rng):
    z, t = rng.standard_normal(K), one_hot(rng)
    p = softmax(z)
    yield gradient_check(lambda z_: -np.sum(t * log_softmax(z_)), p - t, z)


@checks(r"\nabla_{\mathbf{Y}} L = \mathbf{P} - \mathbf{T}")
def softmax_cross_entropy_batch(rng):
    Z, T = rng.standard_normal((N, K)), one_hot(rng, rows=N)
    P = softmax(Z)
    yield gradient_check(lambda Z_: -np.sum(T * log_softmax(Z_)), P - T, Z)


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


def test_identities_are_read_one_per_line():
    text = (
        "% a comment: $$ c = d $$\n\nText with $a = b$ inline.\n\n"
        "$$\n\\begin{aligned}\nf &= g, \\\\\n\\nabla h  &= k \\, l.\n\\end{aligned}\n"
        "$$ (eq-label)\n\n$$\np = q\n$$\n"
    )
    assert identities_in(text) == ["f = g", r"\nabla h = k \, l", "p = q"]


def sides(latex):
    """A formula split at its '=' signs outside braces (not the one in sum_{i=1})."""
    parts, depth, start = [], 0, 0
    latex = latex.replace(r"\{", "  ").replace(r"\}", "  ")  # literal braces
    for n, char in enumerate(latex):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "=" and depth == 0:
            parts.append(latex[start:n].strip())
            start = n + 1
    return [*parts, latex[start:].strip()]


def equals_signs(latex):
    return len(sides(latex)) - 1


def test_the_page_is_read_in_full():
    """Enough identities, one equality each, none counted twice or lost."""
    assert len(PAGE_IDENTITIES) >= 19, PAGE_IDENTITIES
    crowded = [
        latex
        for latex in PAGE_IDENTITIES
        if equals_signs(latex) != 1 or not all(sides(latex))
    ]
    assert not crowded, f"state one whole identity per line: {crowded}"
    in_display = sum(equals_signs(block) for block in display_math(PAGE_TEXT))
    assert len(PAGE_IDENTITIES) == in_display
    assert len(set(PAGE_IDENTITIES)) == len(PAGE_IDENTITIES), "an identity repeats"


def test_no_identity_hides_outside_display_math():
    """Gradients are stated only in display math, where the checks find them."""
    rest = DISPLAY.sub(" ", without_comments(PAGE_TEXT))
    inline = INLINE.findall(rest)
    rest = INLINE.sub(" ", rest)
    for syntax in ("$", "{math}", r"\begin{"):
        assert syntax not in rest, f"math written with {syntax!r} outside $ and $$"
    stated = [m for m in inline if "=" in m and ("\\nabla" in m or "'" in m)]
    assert not stated, f"move these identities into display math: {stated}"


def test_every_identity_on_the_page_has_a_check():
    missing = [latex for latex in PAGE_IDENTITIES if latex not in CHECKS]
    assert not missing, (
        "identities on the page with no check (new, or edited since the check was "
        "written):\n" + "\n".join(missing)
    )


def test_every_check_is_for_an_identity_on_the_page():
    stale = [latex for latex in CHECKS if latex not in PAGE_IDENTITIES]
    assert not stale, "checks for identities not on the page:\n" + "\n".join(stale)


@pytest.mark.parametrize(
    "latex",
    PAGE_IDENTITIES,
    ids=[
        CHECKS[latex].__name__ if latex in CHECKS else f"unchecked-{n}"
        for n, latex in enumerate(PAGE_IDENTITIES)
    ],
)
def test_identity_holds(latex):
    if latex not in CHECKS:
        pytest.fail(f"no check for {latex}")
    rng = np.random.default_rng(SEED)
    results = [result for _ in range(POINTS) for result in CHECKS[latex](rng)]
    assert results, f"the check for {latex} checks nothing"
    for result in results:
        assert result, f"{latex}: {result.message}"


# ---------------------------------------------------------------------------
# The checks are sharp: a plausible wrong formula fails, at an entry
# ---------------------------------------------------------------------------


def wrong_formulas():
    """(f, right gradient, wrong gradient of the same shape, point)."""
    rng = np.random.default_rng(SEED)
    v, u, A = (
        rng.standard_normal(D),
        rng.standard_normal(D),
        rng.standard_normal((D, D)),
    )
    x = rng.standard_normal(D)
    X, W, b, T, ones, Y = batch(rng)
    z, t = rng.standard_normal(K), one_hot(rng)
    W_sq, c = rng.standard_normal((D, D)), rng.standard_normal(D)
    J = g_jacobian(x, W_sq, c)
    grad_y = loss_gradient(g(x, W_sq, c))
    yield pytest.param(
        lambda A_: v @ A_ @ u, np.outer(v, u), np.outer(u, v), A, id="u v^T for v u^T"
    )
    yield pytest.param(
        lambda x_: x_ @ A @ x_, (A + A.T) @ x, 2 * A @ x, x, id="2Ax, A not symmetric"
    )
    yield pytest.param(lambda A_: np.trace(A_ @ W_sq), W_sq.T, W_sq, A, id="B for B^T")
    yield pytest.param(
        batch_loss(X, b, T, ones),
        2 * (Y - T).T @ X,
        (Y - T).T @ X,
        W,
        id="factor 2 dropped",
    )
    yield pytest.param(
        batch_loss(X, b, T, ones),
        2 * (Y - T).T @ X,
        2 * (X @ W.T - T).T @ X,
        W,
        id="bias left out of Y",
    )
    yield pytest.param(
        lambda x_: loss(g(x_, W_sq, c)), J.T @ grad_y, J @ grad_y, x, id="J for J^T"
    )
    yield pytest.param(
        lambda z_: -np.sum(t * log_softmax(z_)),
        softmax(z) - t,
        t - softmax(z),
        z,
        id="t - p for p - t",
    )
    yield pytest.param(
        lambda z_: np.sum(sigmoid(z_)),
        sigmoid(z) * (1 - sigmoid(z)),
        sigmoid(z) * (1 + sigmoid(z)),
        z,
        id="sigma (1 + sigma)",
    )


@pytest.mark.parametrize("f, right, wrong, point", list(wrong_formulas()))
def test_a_wrong_formula_fails_at_an_entry(f, right, wrong, point):
    assert np.shape(wrong) == np.shape(right) == np.shape(point)
    result = gradient_check(f, right, point)
    assert result, result.message  # f runs at the point: a failure is the formula's
    result = gradient_check(f, wrong, point)
    assert not result, result.message
    assert "is wrong at entry" in result.message, result.message

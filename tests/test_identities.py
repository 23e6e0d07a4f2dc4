"""Every identity on the appendix page book/matrix_calculus.md, checked numerically.

Each test compares the closed form with finite differences (helpers.gradient_check) at
seeded random points, so a typo in the appendix's formulas has a test to fail.
"""

from pathlib import Path

import numpy as np
import pytest

from helpers import gradient_check

PAGE = Path(__file__).resolve().parent.parent / "book" / "matrix_calculus.md"
rng = np.random.default_rng(2024)
D, M, N, K = 4, 3, 5, 4
x, w, u = rng.standard_normal(D), rng.standard_normal(D), rng.standard_normal(D)
v, t = rng.standard_normal(M), rng.standard_normal(M)
A_sq = rng.standard_normal((D, D))
A = rng.standard_normal((M, D))
B = rng.standard_normal((D, M))
W = rng.standard_normal((M, D))
X = rng.standard_normal((N, D))
T = rng.standard_normal((N, M))
b = rng.standard_normal(M)
z = rng.standard_normal(K)
onehot = np.eye(K)[2]
Z = rng.standard_normal((N, K))
T_onehot = np.eye(K)[rng.integers(0, K, size=N)]


def sigmoid(s):
    return 1.0 / (1.0 + np.exp(-s))


def softmax(s):
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# (name as on the page, scalar function of the variable, closed-form gradient, point)
IDENTITIES = [
    ("grad_w w^T x = x", lambda w_: w_ @ x, x, w),
    ("grad_x ||x||^2 = 2x", lambda x_: x_ @ x_, 2 * x, x),
    ("grad_x x^T A x = (A + A^T) x", lambda x_: x_ @ A_sq @ x_, (A_sq + A_sq.T) @ x, x),
    ("grad_A v^T A u = v u^T", lambda A_: v @ A_ @ u, np.outer(v, u), A),
    ("grad_A tr(AB) = B^T", lambda A_: np.trace(A_ @ B), B.T, A),
    ("grad_A ||A||_F^2 = 2A", lambda A_: np.sum(A_**2), 2 * A, A),
    (
        "grad_W ||Wx - t||^2 = 2(y - t) x^T",
        lambda W_: np.sum((W_ @ x - t) ** 2),
        2 * np.outer(W @ x - t, x),
        W,
    ),
    (
        "grad_x ||Wx - t||^2 = W^T 2(y - t)",
        lambda x_: np.sum((W @ x_ - t) ** 2),
        W.T @ (2 * (W @ x - t)),
        x,
    ),
    (
        "grad_W ||X W^T - T||_F^2 = 2(Y - T)^T X",
        lambda W_: np.sum((X @ W_.T - T) ** 2),
        2 * (X @ W.T - T).T @ X,
        W,
    ),
    (
        "grad_b ||X W^T + 1 b^T - T||_F^2 = 2(Y - T)^T 1",
        lambda b_: np.sum((X @ W.T + b_ - T) ** 2),
        2 * (X @ W.T + b - T).sum(axis=0),
        b,
    ),
    (
        "chain rule through sigma: grad_z = grad_h * sigma'(z)",
        lambda z_: np.sum((sigmoid(z_) - onehot) ** 2),
        2 * (sigmoid(z) - onehot) * sigmoid(z) * (1 - sigmoid(z)),
        z,
    ),
    (
        "softmax + cross-entropy: grad_z = p - t",
        lambda z_: -np.sum(onehot * np.log(softmax(z_))),
        softmax(z) - onehot,
        z,
    ),
    (
        "batch softmax + cross-entropy: grad_Z = P - T",
        lambda Z_: -np.sum(T_onehot * np.log(softmax(Z_))),
        softmax(Z) - T_onehot,
        Z,
    ),
]


@pytest.mark.parametrize(
    "name, f, grad, point", IDENTITIES, ids=[i[0] for i in IDENTITIES]
)
def test_identity_matches_finite_differences(name, f, grad, point):
    result = gradient_check(f, grad, point)
    assert result, f"{name}: {result.message}"


def test_sigmoid_derivative():
    """sigma'(z) = sigma(z) (1 - sigma(z)), entry by entry."""
    s = np.linspace(-4, 4, 17)
    numeric = (sigmoid(s + 1e-6) - sigmoid(s - 1e-6)) / 2e-6
    assert np.allclose(numeric, sigmoid(s) * (1 - sigmoid(s)), rtol=1e-8, atol=1e-12)


def test_a_wrong_identity_would_fail():
    """The check is sharp: the transposed outer product u v^T is not the gradient."""
    sq = rng.standard_normal((D, D))
    assert not gradient_check(lambda A_: v[:D] @ A_ @ u, np.outer(u, v[:D]), sq)
    assert not gradient_check(
        lambda W_: np.sum((W_ @ x - t) ** 2), np.outer(W @ x - t, x), W
    )


def test_the_page_states_each_identity():
    """The formulas tested here are the ones the page shows."""
    text = PAGE.read_text(encoding="utf-8")
    for formula in [
        r"\mathbf{v}^\top \mathbf{A} \mathbf{u} = \mathbf{v} \mathbf{u}^\top",
        r"(\mathbf{A} + \mathbf{A}^\top)\,\mathbf{x}",
        r"\nabla_{\mathbf{W}} L = 2(\mathbf{Y} - \mathbf{T})^\top \mathbf{X}",
        r"\nabla_{\mathbf{W}} L = 2(\mathbf{y} - \mathbf{t})\,\mathbf{x}^\top",
        r"\nabla_{\mathbf{z}} L = \mathbf{p} - \mathbf{t}",
        r"\nabla_{\mathbf{Z}} L = \mathbf{P} - \mathbf{T}",
        r"\nabla_{\mathbf{z}} L = \nabla_{\mathbf{h}} L \circ \sigma'(\mathbf{z})",
        r"\nabla_{\mathbf{b}} L = 2(\mathbf{Y} - \mathbf{T})^\top \mathbf{1}",
    ]:
        assert formula in text, formula

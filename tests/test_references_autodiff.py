"""The book's reference answers against an independent automatic-differentiation library.

The exercise checks compare readers' answers with finite differences; here the
references (and those finite differences) are compared with derivatives computed by
autograd, which shares no code with helpers. Every exercise in the catalog must have a
verification here, a function ``verify_N_k(entry)`` found by its name: a new exercise
fails until it has one.
"""

from pathlib import Path

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import elementwise_grad, grad, hessian

from helpers import exercises, partial_derivative
from helpers.exercises import ch01, ch02, ch03, ch04, ch05, ch06, ch07, common


def loss(w, b):
    return anp.mean((w * common.x_data + b - common.t_data) ** 2)


def f_worked(x, y):
    return x**2 * anp.cos(x * y)


def g_three(x, y, z):
    return x**2 * y + y * anp.sin(z) + anp.exp(x * z)


def verify_1_1(entry):
    for w, b in entry.cases:
        exact = grad(loss, 1)(w, b)
        assert entry.reference(w, b) == pytest.approx(exact, rel=1e-12, abs=1e-12)
        fd = partial_derivative(common.loss, (w, b), "b")
        assert fd == pytest.approx(exact, rel=1e-8, abs=1e-8)


def verify_1_2(entry):
    """Option (b) says ∂L/∂w > 0 and ∂L/∂b < 0 at A."""
    w, b = ch01.POINT_A
    assert grad(loss, 0)(w, b) > 0 and grad(loss, 1)(w, b) < 0
    assert entry.reference == "b" and "∂L/∂w > 0 and ∂L/∂b < 0" == entry.options["b"]


def verify_1_3(entry):
    """∂L/∂b · Δb at the nudge point, by autograd; a good first-order prediction."""
    exact = grad(loss, 1)(*ch01.NUDGE_POINT) * ch01.NUDGE
    assert entry.reference == pytest.approx(exact, rel=1e-12)
    w, b = ch01.NUDGE_POINT
    actual = common.loss(w, b + ch01.NUDGE) - common.loss(w, b)
    assert abs(actual - exact) < 0.1 * abs(exact)  # first order: off by (Δb)² alone
    assert actual - exact == pytest.approx(ch01.NUDGE**2, rel=1e-9)


def verify_1_4(entry):
    wrong_somewhere = False
    for w, b in entry.cases:
        exact = (grad(loss, 0)(w, b), grad(loss, 1)(w, b))
        assert np.allclose(entry.reference(w, b), exact, rtol=1e-12, atol=1e-12)
        given = entry.given(w, b)
        assert given[1] == pytest.approx(exact[1], rel=1e-12, abs=1e-12)
        wrong_somewhere |= abs(given[0] - exact[0]) > 1e-3
    assert wrong_somewhere  # the planted mistake is real, and only in ∂L/∂w


def verify_1_5(entry):
    for x, y in entry.cases:
        exact = grad(f_worked, 1)(x, y)
        assert entry.reference(x, y) == pytest.approx(exact, rel=1e-12, abs=1e-14)
        fd = partial_derivative(common.worked_f, (x, y), "y")
        assert fd == pytest.approx(exact, rel=1e-7, abs=1e-9)


def verify_1_6(entry):
    for x, y, z in entry.cases:
        exact = [grad(g_three, k)(x, y, z) for k in range(3)]
        assert np.allclose(entry.reference(x, y, z), exact, rtol=1e-12, atol=1e-14)
        fd = [partial_derivative(ch01.three_var_g, (x, y, z), k) for k in range(3)]
        assert np.allclose(fd, exact, rtol=1e-7, atol=1e-9)


def verify_1_7(entry):
    """The central difference converges to f' with error h² f'''/6 (f', f''' by autograd)."""
    for f in (anp.sin, anp.exp, lambda t: t**3 - 2.0 * t, lambda t: anp.exp(-(t**2))):
        d1 = elementwise_grad(f)
        d3 = elementwise_grad(elementwise_grad(d1))
        for x in (-1.0, 0.3, 0.7, 2.0):
            h = 1e-3
            error = entry.reference(f, x, h) - d1(x)
            assert error == pytest.approx(h**2 * d3(x) / 6, rel=1e-3, abs=1e-12)


def verify_1_8(entry):
    """At the kink, the central difference is the average of the one-sided slopes."""

    def relu(s):
        return anp.maximum(s, 0.0)

    left, right = grad(relu)(-1e-9), grad(relu)(1e-9)
    assert (left, right) == (0.0, 1.0)
    assert entry.reference == (left + right) / 2


def verify_1_9(entry):
    """Count the parameters by building the network's arrays."""
    shapes = [(5, 10), (5,), (1, 5), (1,)]
    assert entry.reference == 2 * sum(int(np.prod(s)) for s in shapes)


def loss_vec(p):
    return loss(p[0], p[1])


def verify_2_2(entry):
    for w, b, u in entry.cases:
        exact = grad(loss_vec)(anp.array([w, b])) @ u
        assert entry.reference(w, b, u) == pytest.approx(exact, rel=1e-12, abs=1e-12)
        q = anp.array([w, b])
        t_grad = grad(lambda t, q=q, u=u: loss_vec(q + t * u))(0.0)
        assert t_grad == pytest.approx(exact, rel=1e-12, abs=1e-12)  # chain rule


def verify_2_1(entry):
    """With a step h, the estimate is the central difference along u / ||u||."""
    for f, p, u, h in entry.cases:
        u_hat = u / np.linalg.norm(u)
        got = entry.reference(f, p, u, h)
        assert got == pytest.approx(
            (f(*(p + h * u_hat)) - f(*(p - h * u_hat))) / (2 * h), rel=1e-12
        )
        small = entry.reference(f, p, u, 1e-5)  # and it converges to D_u f
        fa = {common.loss: loss, common.worked_f: f_worked}.get(f, f)
        exact = grad(lambda q, fa=fa: fa(q[0], q[1]))(p) @ u_hat
        assert small == pytest.approx(exact, rel=1e-7, abs=1e-8)


def verify_2_3(entry):
    """Option (b): the slope of s along the diagonal is 1/(2√2), its partials are 0."""
    u = anp.array(ch02.DIAGONAL)
    slope = grad(lambda t: ch02.s(t * u[0], t * u[1]))(0.5)  # s is linear on the line
    assert slope == pytest.approx(1 / (2 * np.sqrt(2)), rel=1e-12)
    for x in (0.5, -0.25):  # 0 on both axes: both partials at the origin are 0
        assert ch02.s(x, 0.0) == 0.0 and ch02.s(0.0, x) == 0.0
    ds_dx = grad(lambda x: ch02.s(x, 0.001))(0.001)  # 1/2 on the diagonal
    assert ds_dx == pytest.approx(0.5, rel=1e-12)
    assert entry.reference == "b" and "not differentiable" in entry.options["b"]


def verify_2_4(entry):
    g = grad(loss_vec)(anp.array(ch02.START))
    assert np.allclose(entry.reference, g / np.linalg.norm(g), rtol=1e-12)


def verify_2_5(entry):
    g = grad(loss_vec)(anp.array(ch02.START))
    assert entry.reference == pytest.approx(-np.linalg.norm(g), rel=1e-12)
    for degrees in np.arange(0.0, 360.0, 1.0):  # no unit direction is steeper
        u = np.array([np.cos(np.deg2rad(degrees)), np.sin(np.deg2rad(degrees))])
        assert g @ u >= entry.reference - 1e-12


def verify_2_6(entry):
    g = grad(loss_vec)(anp.array(ch02.START))
    u = entry.reference
    assert np.linalg.norm(u) == pytest.approx(1.0, rel=1e-12)
    assert g @ u == pytest.approx(0.0, abs=1e-12)
    assert g @ -u == pytest.approx(0.0, abs=1e-12)  # the opposite works too


def verify_2_7(entry):
    """Option (a): negative, zero and positive along the three arrows."""
    g = grad(loss_vec)(anp.array(ch02.ARROW_POINT))
    rates = [g @ u for u in ch02.ARROWS.values()]
    assert rates[0] < -0.1 and abs(rates[1]) < 1e-12 and rates[2] > 0.1
    assert entry.reference == "a"


def verify_2_8(entry):
    hides = False
    for w, b, wg, bg in entry.cases:
        u = np.array([wg - w, bg - b])
        exact = grad(loss_vec)(anp.array([w, b])) @ (u / np.linalg.norm(u))
        assert entry.reference(w, b, wg, bg) == pytest.approx(
            exact, rel=1e-12, abs=1e-12
        )
        given = entry.given(w, b, wg, bg)
        hides |= given == pytest.approx(exact, rel=1e-12, abs=1e-12)
    assert hides  # one goal is one unit away, where the mistake does not show
    assert any(abs(entry.given(*c) - entry.reference(*c)) > 1e-3 for c in entry.cases)


def _sigmoid(z):
    return 1 / (1 + anp.exp(-z))


def verify_3_1(entry):
    for w, x in entry.cases:
        exact = grad(lambda v, x=x: _sigmoid(anp.dot(v, x)))(w)
        assert entry.reference(w, x).shape == w.shape
        assert np.allclose(entry.reference(w, x), exact, rtol=1e-12, atol=1e-15)


def verify_3_2(entry):
    """(b): the gradient's direction wins for a short step, not for a long one."""
    theta = anp.array(ch03.START)
    g = grad(loss_vec)(theta)
    down = -g / np.linalg.norm(g)
    angles = np.deg2rad(np.arange(0.0, 360.0, 0.1))
    units = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    for t, gradient_is_best in [(1e-4, True), (1.0, False)]:
        best = min(loss_vec(theta + t * u) for u in units)
        along = loss_vec(theta + t * down)
        assert (along <= best + 1e-12) == gradient_is_best
    assert entry.reference == "b"


def verify_3_3(entry):
    """The part along the level set: perpendicular to g, and v minus it is along g,
    two properties that determine it."""
    for g, v in entry.cases:
        t = entry.reference(g, v)
        assert t.shape == v.shape
        assert abs(np.dot(g, t)) <= 1e-12 * np.linalg.norm(g) * max(
            1.0, np.linalg.norm(v)
        )
        # v - t is a multiple of g: the matrix [g, v - t] has rank at most 1.
        assert np.linalg.matrix_rank(np.column_stack([g, v - t]), tol=1e-9) <= 1


def verify_3_4(entry):
    theta = np.array(ch03.START)
    exact = theta - ch03.LR_STEP * grad(loss_vec)(anp.array(theta))
    assert np.allclose(entry.reference, exact, rtol=1e-12)


def verify_3_5(entry):
    for bowl, theta0, lr, n_steps in entry.cases:
        f = lambda v, A=bowl.A, c=bowl.c: 0.5 * anp.dot(v - c, anp.dot(A, v - c))  # noqa: E731
        path = [np.array(theta0, dtype=float)]
        for _ in range(n_steps):
            path.append(path[-1] - lr * grad(f)(path[-1]))
        got = entry.reference(bowl, theta0.copy(), lr, n_steps)
        assert got.shape == (n_steps + 1, len(theta0))
        assert np.allclose(got, path, rtol=1e-12, atol=1e-12)


def verify_3_6(entry):
    wrong_somewhere = False
    for w, b, lr, n_steps in entry.cases:
        theta = anp.array([w, b])
        for _ in range(n_steps):
            theta = theta - lr * grad(loss_vec)(theta)
        assert np.allclose(entry.reference(w, b, lr, n_steps), theta, rtol=1e-10)
        given = np.array(entry.given(w, b, lr, n_steps))
        wrong_somewhere |= not np.allclose(given, theta, rtol=1e-6)
    assert wrong_somewhere


def verify_3_7(entry):
    """(a): with lr = 0.19 on (w1^2 + 10 w2^2)/2, w2 flips sign and shrinks."""
    valley = lambda v: 0.5 * (v[0] ** 2 + 10 * v[1] ** 2)  # noqa: E731
    path = [anp.array([-4.0, 1.0])]
    for _ in range(30):
        path.append(path[-1] - 0.19 * grad(valley)(path[-1]))
    w1, w2 = np.array(path).T
    assert np.all(np.sign(w2[1:]) == -np.sign(w2[:-1]))  # a zigzag across
    assert np.all(np.abs(w2[1:]) < np.abs(w2[:-1]))  # with shrinking swings
    assert np.all(np.diff(w1) > 0) and w1[2] < -2.5  # creeping along, not there
    assert entry.reference == "a"


def verify_3_8(entry):
    H = hessian(loss_vec)(anp.array(ch03.START))
    lr_max = 2 / np.max(np.linalg.eigvalsh(H))
    assert entry.reference == pytest.approx(lr_max, rel=1e-12)
    best = np.array([1.45, -0.3])
    for factor, converges in [(0.98, True), (1.02, False)]:
        theta = anp.array(ch03.START)
        for _ in range(400):
            theta = theta - factor * lr_max * grad(loss_vec)(theta)
        assert (np.linalg.norm(theta - best) < 1e-3) == converges


def ce_anp(Z, T):
    """The mean cross-entropy of softmax(Z), written for autograd."""
    shifted = Z - anp.max(Z, axis=1, keepdims=True)
    log_p = shifted - anp.log(anp.sum(anp.exp(shifted), axis=1, keepdims=True))
    return -anp.sum(T * log_p) / Z.shape[0]


def log_softmax_independent(Z):
    """log softmax by numpy's logaddexp, which shares no code with helpers."""
    return Z - np.logaddexp.reduce(Z, axis=1, keepdims=True)


def verify_4_1(entry):
    for labels, K in entry.cases:
        T = entry.reference(labels, K)
        assert np.array_equal(T, np.eye(K)[labels])
        # T picks the true class: the gradient of sum(T * Z) with respect to Z is T.
        Z = np.zeros((len(labels), K))
        assert np.array_equal(grad(lambda V, T=T: anp.sum(T * V))(Z), T)


def verify_4_2(entry):
    """The log keeps the best weights: its derivative is positive, so the gradients of
    the log-likelihood and the likelihood point the same way; a merely non-decreasing
    function can tie."""
    X, labels = ch04.chapter_data()
    X, T = (
        X[:6],
        np.eye(3)[labels[:6]],
    )  # few samples: the likelihood does not underflow

    def likelihood(W):
        return anp.exp(-len(X) * ce_anp(anp.dot(X, W.T), T))

    W = np.random.default_rng(3).standard_normal((3, 2))
    g_like, g_log = grad(likelihood)(W), grad(lambda V: anp.log(likelihood(V)))(W)
    assert np.allclose(g_log, g_like / likelihood(W), rtol=1e-10)
    assert all(grad(anp.log)(a) > 0 for a in (1e-300, 0.3, 1.0))
    values = np.array([0.02, 0.30, 0.11])
    assert np.argmax(np.log(values)) == np.argmax(values)
    assert np.sum(np.minimum(values, 0.05) == 0.05) == 2  # a tie: the best is lost
    assert entry.reference == "b"


def verify_4_3(entry):
    for P, T in entry.cases:
        labels = np.argmax(T, axis=1)
        direct = -np.mean(np.log(P[np.arange(len(P)), labels]))
        assert entry.reference(P, T) == pytest.approx(direct, rel=1e-14, abs=1e-15)
        if np.all(P > 0):  # the loss of logits log P is the same cross-entropy
            assert ce_anp(np.log(P), T) == pytest.approx(direct, rel=1e-12)


def verify_4_4(entry):
    X, labels = ch04.chapter_data()
    T = np.eye(3)[labels]
    assert ce_anp(np.zeros((len(X), 3)), T) == pytest.approx(entry.reference)
    assert entry.reference == pytest.approx(np.log(3.0), rel=1e-15)


def verify_4_5(entry):
    for (Z,) in entry.cases:
        got = entry.reference(Z)
        assert np.all(np.isfinite(got))
        assert np.allclose(got, log_softmax_independent(Z), rtol=1e-13, atol=1e-13)
        # exp of it is the gradient of the rows' log-sum-exp (autograd, naive
        # formula: fine where the logits are moderate).
        if np.max(np.abs(Z)) < 50:
            lse = grad(lambda V: anp.sum(anp.log(anp.sum(anp.exp(V), axis=1))))
            assert np.allclose(lse(Z), np.exp(got), rtol=1e-12, atol=1e-14)


def verify_4_6(entry):
    """The loss of class 1 as z2 grows: it rises without bound, slope tending to 1."""

    def sample_loss(z2):
        Z = anp.stack([anp.array(0.5), z2, anp.array(-0.3)]).reshape(1, 3)
        return ce_anp(Z, np.array([[1.0, 0.0, 0.0]]))

    slopes = [grad(sample_loss)(z2) for z2 in (0.0, 5.0, 20.0, 50.0)]
    assert all(0 < s <= 1 for s in slopes) and slopes[-1] == pytest.approx(1.0)
    assert sample_loss(50.0) == pytest.approx(50.0 - 0.5, rel=1e-12)
    assert sample_loss(50.0) > np.log(3)
    assert entry.reference == "b"


def verify_4_7(entry):
    for Z, T in entry.cases:
        exact = grad(lambda V, T=T: ce_anp(V, T))(Z)
        assert np.allclose(entry.reference(Z, T), exact, rtol=1e-12, atol=1e-15)


def verify_4_8(entry):
    for X, T, W, b in entry.cases:

        def loss_of(W, b, X=X, T=T):
            return ce_anp(anp.dot(X, W.T) + b, T)

        grad_W, grad_b = entry.reference(X, T, W, b)
        assert grad_W.shape == W.shape and grad_b.shape == b.shape
        assert np.allclose(grad_W, grad(loss_of, 0)(W, b), rtol=1e-12, atol=1e-15)
        assert np.allclose(grad_b, grad(loss_of, 1)(W, b), rtol=1e-12, atol=1e-15)


def verify_4_9(entry):
    """From step 25 to 200 of the chapter's training (gradients by autograd) the loss
    halves, the accuracy gains one point, |W| more than doubles and the mean
    probability of the true class rises from about 0.76 to 0.90."""
    X, labels = ch04.chapter_data()
    T = np.eye(3)[labels]

    def loss_of(W, b):
        return ce_anp(anp.dot(X, W.T) + b, T)

    W, b, seen = np.zeros((3, 2)), np.zeros(3), {}
    for step in range(201):
        if step in (25, 200):
            P = np.exp(log_softmax_independent(X @ W.T + b))
            seen[step] = (
                loss_of(W, b),
                np.mean(P.argmax(axis=1) == labels),
                np.linalg.norm(W),
                P[np.arange(len(X)), labels].mean(),
            )
        W, b = W - 0.1 * grad(loss_of, 0)(W, b), b - 0.1 * grad(loss_of, 1)(W, b)
    (l25, a25, n25, p25), (l200, a200, n200, p200) = seen[25], seen[200]
    assert round(l25, 2) == 0.30 and round(l200, 2) == 0.13
    assert round(a25 * 150) == 143 and round(a200 * 150) == 144
    assert n200 > 2 * n25
    assert round(p25, 2) == 0.76 and round(p200, 2) == 0.90
    assert entry.reference == "b"


def verify_4_10(entry):
    wrong_somewhere = False
    for X, W, b in entry.cases:
        Z = X @ W.T + b
        exact = np.exp(log_softmax_independent(Z))
        assert np.allclose(entry.reference(X, W, b), exact, rtol=1e-12, atol=1e-300)
        given = entry.given(X, W, b)
        wrong_somewhere |= not np.allclose(given.sum(axis=1), 1.0)
    assert wrong_somewhere  # the planted mistake is real


# Chapter 5: linear regression


def _squared_error(w, b, x, t):
    return (anp.dot(w, x) + b - t) ** 2


def _vector_error(W, x, t):
    return anp.sum((anp.dot(W, x) - t) ** 2)


def _layer_error(W, b, x, t):
    return anp.sum((anp.dot(W, x) + b - t) ** 2)


def verify_5_1(entry):
    for w, b, x, t in entry.cases:
        exact = (
            grad(_squared_error, 0)(w, b, x, t),
            grad(_squared_error, 1)(w, b, x, t),
        )
        got_w, got_b = entry.reference(w, b, x, t)
        assert np.allclose(got_w, exact[0], rtol=1e-12, atol=1e-12)
        assert np.ndim(got_b) == 0 and got_b == pytest.approx(
            exact[1], rel=1e-12, abs=1e-12
        )


def verify_5_2(entry):
    for W, b, x, t in entry.cases:
        exact = grad(_layer_error, 2)(W, b, x, t)
        assert exact.shape == x.shape
        assert np.allclose(entry.reference(W, b, x, t), exact, rtol=1e-12, atol=1e-12)
        # The chain rule: the Jacobian of y = Wx + b is W, times the upstream gradient.
        upstream = grad(lambda y, t=t: anp.sum((y - t) ** 2))(W @ x + b)
        assert np.allclose(W.T @ upstream, exact, rtol=1e-12, atol=1e-12)


def verify_5_3(entry):
    for W, x, t in entry.cases:
        exact = grad(_vector_error)(W, x, t)
        assert exact.shape == W.shape
        assert np.allclose(entry.reference(W, x, t), exact, rtol=1e-12, atol=1e-12)


def verify_5_4(entry):
    exact = grad(_vector_error)(ch05.HAND_W, ch05.HAND_X, ch05.HAND_T)
    assert np.array_equal(entry.reference, exact)


def verify_5_5(entry):
    """Option (b), (∇_Y L)^T X, is autograd's weight gradient; (a), (c), (d) are not."""
    rng = np.random.default_rng(7)
    N, D = 6, 3
    X, T = rng.standard_normal((N, D)), rng.standard_normal((N, D))
    W, b = rng.standard_normal((D, D)), rng.standard_normal(D)  # square: M = D

    def loss_of(W):
        return anp.sum(anp.sin(anp.dot(X, W.T) + b) * T)

    exact = grad(loss_of)(W)
    grad_Y = np.cos(X @ W.T + b) * T  # the upstream gradient of this loss
    options = {"a": X.T @ grad_Y, "b": grad_Y.T @ X, "d": grad_Y.T @ X / N}
    right = [k for k, v in options.items() if np.allclose(v, exact, rtol=1e-12)]
    assert right == [entry.reference] == ["b"]
    assert not np.allclose(options["a"], options["b"])  # so (c) is wrong too


def _mse(X, T, W, b):
    return anp.sum((anp.dot(X, W.T) + b - T) ** 2) / X.shape[0]


def verify_5_6(entry):
    for X, T, W, b in entry.cases:
        exact = (grad(_mse, 2)(X, T, W, b), grad(_mse, 3)(X, T, W, b))
        for got, want in zip(entry.reference(X, T, W, b), exact):
            assert got.shape == want.shape
            assert np.allclose(got, want, rtol=1e-12, atol=1e-12)


def verify_5_7(entry):
    verify_5_6(entry)
    for X, T, W, b in entry.cases:  # the planted mistake: N times the gradients
        given = entry.given(X, T, W, b)
        exact = (grad(_mse, 2)(X, T, W, b), grad(_mse, 3)(X, T, W, b))
        for got, want in zip(given, exact):
            assert np.allclose(got, len(X) * want, rtol=1e-12, atol=1e-12)


def verify_5_8(entry):
    """Descent ends where the autograd gradient vanishes, at lstsq's solution."""
    for X, T, lr, n_steps in entry.cases:
        W, b = entry.reference(X, T, lr, n_steps)
        for k in (2, 3):
            assert np.allclose(grad(_mse, k)(X, T, W, b), 0.0, atol=1e-10)
        W_ls, b_ls = ch05.least_squares(X, T)
        assert np.allclose(W, W_ls, rtol=1e-10) and np.allclose(b, b_ls, rtol=1e-10)


# Chapter 6 ---------------------------------------------------------------------------


def a_sigmoid(z):
    return 1 / (1 + anp.exp(-z))


def a_network_loss(p, x, t, act=a_sigmoid):
    """The squared error of the network for one example (x of shape (D,))."""
    h = act(anp.dot(p["W1"], x) + p["b1"])
    return anp.sum((anp.dot(p["W2"], h) + p["b2"] - t) ** 2)


def a_node_gradients(p, x, t):
    z = p["W1"] @ x + p["b1"]
    h = 1 / (1 + np.exp(-z))
    y = p["W2"] @ h + p["b2"]
    params = grad(a_network_loss)(p, x, t)
    return {
        "y": grad(lambda v: anp.sum((v - t) ** 2))(y),
        "h": grad(lambda v: anp.sum((anp.dot(p["W2"], v) + p["b2"] - t) ** 2))(h),
        "z": grad(
            lambda v: anp.sum((anp.dot(p["W2"], a_sigmoid(v)) + p["b2"] - t) ** 2)
        )(z),
        **params,
    }


def verify_6_1(entry):
    for p, x, t in entry.cases:
        z, h, y, L = entry.reference(p, x, t)
        assert L == pytest.approx(float(a_network_loss(p, x, t)), rel=1e-12)
        assert np.allclose(h, a_sigmoid(z), rtol=1e-12)
        assert np.allclose(y, p["W2"] @ h + p["b2"], rtol=1e-12)


def verify_6_2(entry):
    functions = {
        "sigmoid": a_sigmoid,
        "tanh": anp.tanh,
        "relu": lambda z: anp.maximum(z, 0.0),
    }
    for name, z in entry.cases:
        exact = elementwise_grad(functions[name])(np.asarray(z, dtype=float))
        mine = entry.reference(name, z)
        away = np.asarray(z) != 0  # ReLU has no derivative at its kink
        assert np.allclose(mine[away], exact[away], rtol=1e-12, atol=1e-15)


def _verify_backward(reference, cases):
    for p, x, t in cases:
        exact = a_node_gradients(p, x, t)
        mine = reference(p, x, t)
        assert list(mine) == ["y", "h", "z", "W2", "b2", "W1", "b1"]
        for k in mine:
            assert np.allclose(mine[k], exact[k], rtol=1e-10, atol=1e-12), k


def verify_6_3(entry):
    _verify_backward(entry.reference, entry.cases)


def verify_6_4(entry):
    _verify_backward(entry.reference, entry.cases)
    wrong_somewhere = False
    for p, x, t in entry.cases:
        exact, given = a_node_gradients(p, x, t), entry.given(p, x, t)
        assert np.allclose(given["y"], exact["y"], rtol=1e-12)
        wrong_somewhere |= not np.allclose(given["h"], exact["h"], rtol=1e-6)
    assert wrong_somewhere  # the planted mistake is real, and starts at grad_h


def verify_6_5(entry):
    """(b): a ReLU unit with z_j < 0 zeroes row j of ∇W1, b1[j] and column j of ∇W2."""
    rng = np.random.default_rng(0)
    p = {
        "W1": rng.standard_normal((4, 3)),
        "b1": np.array([0.5, -9.0, 0.5, 0.5]),  # unit 1 is dead
        "W2": rng.standard_normal((2, 4)),
        "b2": rng.standard_normal(2),
    }
    x, t = np.array([0.3, -0.2, 0.1]), np.array([1.0, -1.0])
    relu = lambda z: anp.maximum(z, 0.0)  # noqa: E731
    g = grad(lambda q: a_network_loss(q, x, t, relu))(p)
    assert p["W1"][1] @ x + p["b1"][1] < 0
    assert np.all(g["W1"][1] == 0) and g["b1"][1] == 0 and np.all(g["W2"][:, 1] == 0)
    h = relu(p["W1"] @ x + p["b1"])
    grad_h = grad(lambda v: anp.sum((anp.dot(p["W2"], v) + p["b2"] - t) ** 2))(h)
    assert grad_h[1] != 0  # (c) is wrong
    assert entry.reference == "b"


def a_batch_loss(p, X, T):
    H = a_sigmoid(anp.dot(X, p["W1"].T) + p["b1"])
    return anp.sum((anp.dot(H, p["W2"].T) + p["b2"] - T) ** 2) / X.shape[0]


def verify_6_6(entry):
    for p, X, T in entry.cases:
        exact = grad(a_batch_loss)(p, X, T)
        mine = entry.reference(p, X, T)
        for k in ("W1", "b1", "W2", "b2"):
            assert np.allclose(mine[k], exact[k], rtol=1e-10, atol=1e-12), k


def a_cross_entropy_loss(p, X, T):
    H = anp.tanh(anp.dot(X, p["W1"].T) + p["b1"])
    Y = anp.dot(H, p["W2"].T) + p["b2"]
    # Shifted by each row's max (a constant to autograd's gradient): logits beyond
    # 709 in a case must not overflow.
    m = anp.max(Y, axis=1, keepdims=True)
    log_P = Y - m - anp.log(anp.sum(anp.exp(Y - m), axis=1, keepdims=True))
    return -anp.sum(T * log_P) / X.shape[0]


def verify_6_7(entry):
    for p, X, T, lr, n_steps in entry.cases:
        q = {k: np.array(v, dtype=float) for k, v in p.items()}
        for _ in range(n_steps):
            g = grad(a_cross_entropy_loss)(q, X, T)
            q = {k: q[k] - lr * g[k] for k in q}
        mine = entry.reference(p, X, T, lr, n_steps)
        for k in q:
            assert np.allclose(mine[k], q[k], rtol=1e-10, atol=1e-12), k
    assert ch06.network_loss(p, X, T) == pytest.approx(
        float(a_cross_entropy_loss(p, X, T)), rel=1e-12
    )


# Chapter 7 ---------------------------------------------------------------------------


def verify_7_1(entry):
    """For sin(1000x) at 0.71, only option (b)'s step meets seven significant digits,
    and each wrong option's explanation holds (autograd gives the derivatives)."""

    def f(x):
        return anp.sin(1000 * x)

    x = ch07.FAST_POINT
    d1, d3 = grad(f)(x), grad(grad(grad(f)))(x)
    assert abs(np.cos(1000 * x)) > 0.99
    errors = {}
    for h in (1e-5, 1e-8, 1e-2, 1e-16):
        estimate = (np.sin(1000 * (x + h)) - np.sin(1000 * (x - h))) / (2 * h)
        errors[h] = abs(estimate - d1) / abs(d1)
    assert errors[1e-8] < 1e-7  # (b) meets the requirement
    # (a): the truncation error (1000h)²/6 ≈ 1.7e-5, 170 times too much
    assert errors[1e-5] == pytest.approx(1e-10 / 6 * abs(d3) / abs(d1), rel=1e-3)
    assert errors[1e-5] > 100 * 1e-7
    assert errors[1e-2] > 0.5  # (c): 20 radians between x - h and x + h
    assert 0.05 < errors[1e-16] < 0.5  # (d): about 10 percent
    assert np.spacing(x) == pytest.approx(1.1e-16, rel=0.01)
    h_star = (3 * np.finfo(float).eps * 1.0 / 1e9) ** (1 / 3)
    assert 5e-9 < h_star < 2e-8  # "about 9e-9"
    assert entry.reference == "b"


def verify_7_2(entry):
    for a, n, floor in entry.cases:
        got = entry.reference(a, n, floor)
        a_, n_ = np.asarray(a, dtype=float), np.asarray(n, dtype=float)
        size = np.abs(a_) + np.abs(n_)
        want = np.abs(a_ - n_) / np.where(size >= floor, size, floor)
        assert np.allclose(got, want, rtol=1e-12, atol=0.0)


def verify_7_3(entry):
    """|z| at z0 = -2e-6 with h = 1e-5: z0/h, the weighted average of -1 and 1."""
    z0, h = ch07.KINK_POINT, ch07.KINK_STEP
    left, right = grad(anp.abs)(-1.0), grad(anp.abs)(1.0)
    weighted = (h - z0) / (2 * h) * left + (h + z0) / (2 * h) * right
    assert entry.reference == pytest.approx(weighted, rel=1e-12)
    assert entry.reference == pytest.approx(z0 / h, rel=1e-12)


def verify_7_4(entry):
    """(b): on a ReLU network with one pre-activation 3e-6 from the kink, only entries
    of that unit fail at h = 1e-5; at h = 1e-12 an entry wrong by 0.1 passes; a factor
    of 2 has relative error 1/3; Z >= 0 and Z > 0 agree when no Z is exactly 0."""
    from helpers import gradient_check

    rng = np.random.default_rng(6)
    p = {
        "W1": rng.normal(size=(4, 3)),
        "b1": rng.normal(size=4),
        "W2": rng.normal(size=(2, 4)),
        "b2": rng.normal(size=2),
    }
    X, T = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    p["b1"][2] -= (X @ p["W1"].T + p["b1"])[1, 2] - 3e-6

    def a_loss(q):
        A = anp.maximum(anp.dot(X, q["W1"].T) + q["b1"], 0.0)
        return anp.sum((anp.dot(A, q["W2"].T) + q["b2"] - T) ** 2) / 5

    exact = grad(a_loss)(p)  # autograd takes ReLU'(z) = 1 for z > 0, as the pass does
    result = gradient_check(lambda q: float(a_loss(q)), exact, p)
    assert not result and "b1[2]" in result.message and "in W1, b1)" in result.message
    off = {k: v.copy() for k, v in exact.items()}
    off["W2"][0, 0] += 0.1
    assert gradient_check(lambda q: float(a_loss(q)), off, p, h=1e-12)
    a = 1.0
    assert abs(2 * a - a) / (2 * a + a) == pytest.approx(1 / 3)
    Z = X @ p["W1"].T + p["b1"]
    assert np.array_equal(Z >= 0, Z > 0)
    assert entry.reference == "b"


A_PROBE_FUNCTIONS = {
    "log_cosh": lambda w: anp.sum(anp.log(anp.cosh(w))),
    "bowl": lambda w: anp.sum(w**2) + anp.sum(w) ** 2 / 3,
    "wavy": lambda W: anp.sum(anp.sin(W)) + anp.sum(W**3) / 6,
}


def verify_7_5(entry):
    """The discrepancy is (central difference along s) - g . s; the central difference
    is autograd's ∇f · s plus the truncation error t²/6 times the third derivative
    along s, up to terms of order t⁴."""
    for f, g, w, s, t in entry.cases:
        fn = A_PROBE_FUNCTIONS[f.__name__]
        got = entry.reference(f, g, w, s, t)
        exact = float(np.sum(grad(fn)(w) * s)) - float(np.sum(g * s))

        def phi(a, fn=fn, w=w, s=s):
            return fn(w + a * s)

        d3 = grad(grad(grad(phi)))(0.0)
        assert got == pytest.approx(exact + t**2 / 6 * d3, abs=0.05 * t**4 + 1e-9)


def verify_7_6(entry):
    rng = np.random.default_rng(0)
    s = rng.choice([-1.0, 1.0], size=(2, 200_000, 4))
    e = np.array(ch07.ERROR_SIGNS)
    both = np.mean(np.all(s @ e == 0.0, axis=0))
    assert entry.reference == pytest.approx(9 / 64)
    assert both == pytest.approx(entry.reference, abs=0.005)


def verify_7_7(entry):
    """Run the text's bisection on a counted loss with P = 4096 and count."""
    P = ch07.BISECTION_SIZE
    w = np.random.default_rng(0).normal(size=P)
    g = w.copy()
    g[1234] *= 2
    s = np.random.default_rng(1).choice([-1.0, 1.0], size=P)
    calls = []

    def f(v):
        calls.append(1)
        return 0.5 * float(np.sum(v**2))

    def discrepancy(a, b, step=1e-5):
        part = np.zeros(P)
        part[a:b] = s[a:b] * step
        return abs((f(w + part) - f(w - part)) / (2 * step) - g[a:b] @ s[a:b])

    lo, hi = 0, P
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if discrepancy(lo, mid) >= discrepancy(mid, hi):
            hi = mid
        else:
            lo = mid
    assert lo == 1234
    assert entry.reference == len(calls) == 48


def verify_7_8(entry):
    wrong_somewhere = False
    for p, X, T in entry.cases:
        exact = grad(a_batch_loss)(p, X, T)
        mine, given = entry.reference(p, X, T), entry.given(p, X, T)
        for k in ("W1", "b1", "W2", "b2"):
            assert np.allclose(mine[k], exact[k], rtol=1e-10, atol=1e-12), k
        Z = X @ p["W1"].T + p["b1"]
        Y = (1 / (1 + np.exp(-Z))) @ p["W2"].T + p["b2"]
        grad_Y = grad(lambda v, T=T, n=X.shape[0]: anp.sum((v - T) ** 2) / n)(Y)
        assert np.allclose(mine["y"], grad_Y, rtol=1e-12)
        for k in ("y", "h", "z"):
            assert np.allclose(given[k], mine[k], rtol=1e-12)  # right up to grad_z
        wrong_somewhere |= not np.allclose(given["W2"], exact["W2"], rtol=1e-6)
    assert wrong_somewhere  # the planted mistake is real, and at grad_W2


def a_log_softmax_loss(Y, T):
    m = anp.max(Y, axis=1, keepdims=True)
    log_P = Y - m - anp.log(anp.sum(anp.exp(Y - m), axis=1, keepdims=True))
    return -anp.sum(T * log_P) / Y.shape[0]


def a_layer_gradients(p, X, T):
    """Every node's gradient of the network with two tanh hidden layers, by autograd:
    the loss from each node on, with the nodes before it held fixed."""

    def from_h2(v):
        return a_log_softmax_loss(anp.dot(v, p["W3"].T) + p["b3"], T)

    def from_h1(v):
        return from_h2(anp.tanh(anp.dot(v, p["W2"].T) + p["b2"]))

    def from_params(q):
        H1 = anp.tanh(anp.dot(X, q["W1"].T) + q["b1"])
        H2 = anp.tanh(anp.dot(H1, q["W2"].T) + q["b2"])
        return a_log_softmax_loss(anp.dot(H2, q["W3"].T) + q["b3"], T)

    Z1 = X @ p["W1"].T + p["b1"]
    H1 = np.tanh(Z1)
    Z2 = H1 @ p["W2"].T + p["b2"]
    H2 = np.tanh(Z2)
    Y = H2 @ p["W3"].T + p["b3"]
    return {
        "y": grad(lambda v: a_log_softmax_loss(v, T))(Y),
        "h2": grad(from_h2)(H2),
        "z2": grad(lambda v: from_h2(anp.tanh(v)))(Z2),
        "h1": grad(from_h1)(H1),
        "z1": grad(lambda v: from_h1(anp.tanh(v)))(Z1),
        **grad(from_params)(p),
    }


def verify_6_8(entry):
    for p, X, T in entry.cases:
        exact = a_layer_gradients(p, X, T)
        mine = entry.reference(p, X, T)
        assert set(mine) == set(ch06.LAYER_NODES)
        for k in ch06.LAYER_NODES:
            assert np.allclose(mine[k], exact[k], rtol=1e-10, atol=1e-12), k
    # The one-Tanh misconception is wrong on every case (equal hidden widths keep
    # its shapes right, so only the values can show it).
    shared = entry.misconceptions[-1].answer
    for p, X, T in entry.cases[:3]:
        assert not np.allclose(shared(p, X, T)["z1"], a_layer_gradients(p, X, T)["z1"])


def verification(entry):
    """This module's ``verify_N_k`` for ``entry``, found by its name (None: none)."""
    return globals().get("verify_" + entry.id.replace(".", "_"))


@pytest.mark.parametrize("entry", exercises.all(), ids=lambda e: e.id)
def test_reference_matches_autodiff(entry):
    """Every exercise of the catalog, of any kind, is verified here."""
    verify = verification(entry)
    if verify is None:
        pytest.fail(
            f"Exercise {entry.id} ({entry.kind}) has no verification: add "
            f"verify_{entry.id.replace('.', '_')}(entry) to {Path(__file__).name}, "
            "comparing its reference with autograd"
        )
    verify(entry)


def test_every_verification_is_of_an_exercise():
    """No verification is left behind by an exercise renumbered or removed."""
    ids = {e.id.replace(".", "_") for e in exercises.all()}
    names = [n for n in globals() if n.startswith("verify_")]
    stale = [n for n in names if n.removeprefix("verify_") not in ids]
    assert not stale, f"verifications of no exercise in the catalog: {stale}"

"""``backprop_check``: a backward pass checked node by node, not only at the weights.

A backward pass computes the gradient of the loss with respect to every node of the
computational graph, one after the other, from the loss back to the parameters. A
mistake at one node spreads to every node computed after it, so the useful verdict
names the *first* wrong node. :func:`backprop_check` compares each node's gradient with
finite differences, in the order the backward pass computes them, and stops at the
first that disagrees; :func:`network_nodes` describes the nodes of the network with one
hidden layer of chapter 6 (or several hidden layers), for one example or a whole
batch.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable

import numpy as np

from ..ml import log_softmax, sigmoid
from ..numeric import DEFAULT_STEP
from ..validate import read_real
from .compare import shape_message
from .gradient import RTOL, gradient_check
from .verdict import FAIL, PASS, CheckResult, fmt_error, sentence

Node = tuple[Any, Callable[[Any], float]]
"""A node: its value, and the loss as a function of that value alone."""

ACTIVATIONS: dict[str, tuple[Callable, Callable]] = {
    "sigmoid": (
        sigmoid,
        lambda z: sigmoid(z) * sigmoid(-z),
    ),
    "tanh": (np.tanh, lambda z: 1.0 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float)),
}
"""Each activation and its derivative, by name; the sigmoid without overflow."""

LOSSES = ("squared", "cross_entropy")


def backprop_check(
    grads: Any,
    nodes: Mapping[str, Node],
    *,
    h: float = DEFAULT_STEP,
    rtol: float = RTOL,
    name: str = "backward pass",
) -> CheckResult:
    """Check every node's gradient with finite differences, and name the first wrong one.

    Parameters
    ----------
    grads : mapping
        The backward pass's gradients, by node name: ``grads["z"]`` (or
        ``grads["grad_z"]``) is the gradient of the loss with respect to the node
        ``z``, with ``z``'s shape.
    nodes : mapping
        ``{name: (value, loss_from)}`` in the order the backward pass computes the
        gradients (from the loss back to the parameters). ``loss_from(v)`` is the loss
        when the node holds ``v`` and every node computed before it in the forward
        pass is held fixed; :func:`network_nodes` builds them for a network with one
        hidden layer.
    h, rtol : float
        The finite-difference step and the relative tolerance, as in
        :func:`~helpers.checks.gradient_check`.
    name : str
        What the message calls the backward pass.

    Returns
    -------
    CheckResult
        Passed when every node matches; otherwise one line naming the nodes that are
        right, the first wrong node, its entry, the analytic and the finite-difference
        value. Never raises for a wrong ``grads``.

    Examples
    --------
    >>> import numpy as np
    >>> from helpers.checks.backprop import backprop_check
    >>> x = np.array([1.0, 2.0])
    >>> nodes = {"x": (x, lambda v: float(v @ v))}
    >>> print(backprop_check({"x": 2 * x}, nodes))
    ✅ backward pass matches finite differences at every node: grad_x (max rel. error < 1e-06).
    """
    if not isinstance(nodes, Mapping) or not nodes:
        raise TypeError(
            "nodes must be a dict {name: (value, loss_from)}, such as "
            "network_nodes(params, x, t)"
        )
    if not isinstance(grads, Mapping):
        return CheckResult(
            False,
            f"{FAIL} {name} must return a dict of gradients by node name, such as "
            f"{{'y': grad_y, ...}}; got {type(grads).__name__}.",
        )
    done: list[str] = []
    for node, (value, loss_from) in nodes.items():
        label = f"grad_{node}"
        got = _gradient_of(grads, node)
        if got is None:
            return _fail(
                done, name, f"there is no gradient for the node {node} (key '{node}')"
            )
        try:
            arr, _ = read_real(got, label)
        except (TypeError, ValueError) as exc:
            return _fail(done, name, str(exc))
        shape = np.shape(value)
        if arr.shape != shape:
            if arr.size == 1 and len(shape) == 0:
                arr = arr.reshape(())
            else:
                text = shape_message(label, arr.shape, shape, like=node)
                return _fail(
                    done, name, text.replace("parameter's shape", "node's shape")
                )
        result = gradient_check(loss_from, arr, value, h=h, rtol=rtol, name=label)
        if not result:
            text = result.message.removeprefix(f"{FAIL} ")
            return _fail(done, name, text)
        done.append(label)
    return CheckResult(
        True,
        f"{PASS} {name} matches finite differences at every node: "
        f"{', '.join(done)} (max rel. error {fmt_error(rtol)}).",
    )


def _gradient_of(grads: Mapping, node: str) -> Any:
    for key in (node, f"grad_{node}"):
        if key in grads:
            return grads[key]
    return None


def _fail(done: list[str], name: str, text: str) -> CheckResult:
    if done:
        text = f"{name} is right up to {done[-1]}; {text}"
    return CheckResult(False, f"{FAIL} {sentence(text)}")


def network_nodes(
    params: Mapping[str, Any],
    x: Any,
    t: Any,
    *,
    activation: str = "sigmoid",
    loss: str = "squared",
) -> dict[str, Node]:
    """The nodes of a network with one or more hidden layers, in backward order.

    For one example ``x`` of shape (D,) and target ``t`` of shape (M,):
    ``z = W1 x + b1``, ``h = act(z)``, ``y = W2 h + b2``, and ``L = ||y - t||²``
    (``loss="squared"``) or ``L = -sum_k t_k log softmax(y)_k``
    (``loss="cross_entropy"``, ``t`` one-hot). For a batch ``X`` of shape (N, D) and
    targets ``T`` of shape (N, M), the same row by row and ``L`` the mean over the N
    examples; the nodes are then ``Z``, ``H``, ``Y`` of shape (N, H) and (N, M), still
    named ``z``, ``h``, ``y``.

    With more layers, ``params`` holds ``W1, b1, ..., Wn, bn`` (n linear layers,
    n - 1 hidden layers, each followed by the activation): ``z1 = W1 x + b1``,
    ``h1 = act(z1)``, ``z2 = W2 h1 + b2``, ..., ``y = Wn h(n-1) + bn``.

    Returns
    -------
    dict
        For one hidden layer, ``{"y", "h", "z", "W2", "b2", "W1", "b1"}``; for more,
        layer by layer as a backward pass over layer objects reaches them, for two
        hidden layers ``{"y", "h2", "W3", "b3", "z2", "h1", "W2", "b2", "z1", "W1",
        "b1"}``; each ``(value, loss_from)``, for :func:`backprop_check`.
    """
    if activation not in ACTIVATIONS:
        raise ValueError(
            f"activation must be one of {', '.join(ACTIVATIONS)}; got {activation!r}"
        )
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {', '.join(LOSSES)}; got {loss!r}")
    n_layers = 1
    while f"W{n_layers + 1}" in params:
        n_layers += 1
    names = [f"{w}{k}" for k in range(1, max(n_layers, 2) + 1) for w in "Wb"]
    missing = [k for k in names if k not in params]
    if missing:
        listed = ", ".join(names[:-1]) + f" and {names[-1]}"
        raise ValueError(f"params must hold {listed}; missing {', '.join(missing)}")
    p = {k: read_real(params[k], k)[0] for k in names}
    x_arr, _ = read_real(x, "x")
    t_arr, _ = read_real(t, "t")
    act = ACTIVATIONS[activation][0]
    batch = x_arr.ndim == 2
    n = x_arr.shape[0] if batch else 1

    def linear(W: np.ndarray, b: np.ndarray, v: np.ndarray) -> np.ndarray:
        return v @ W.T + b if batch else W @ v + b

    def from_y(y: np.ndarray) -> float:
        if loss == "squared":
            return float(np.sum((y - t_arr) ** 2) / n)
        return float(-np.sum(t_arr * log_softmax(y)) / n)

    def run(q: Mapping[str, np.ndarray], v: np.ndarray, first: int) -> float:
        """The loss from ``v``, the input of linear layer ``first`` (1 is the first)."""
        for k in range(first, n_layers + 1):
            v = linear(q[f"W{k}"], q[f"b{k}"], v)
            if k < n_layers:
                v = act(v)
        return from_y(v)

    def from_param(key: str) -> Callable[[np.ndarray], float]:
        return lambda v: run({**p, key: v}, x_arr, 1)

    def from_h(k: int) -> Callable[[np.ndarray], float]:
        return lambda v: run(p, v, k + 1)

    def from_z(k: int) -> Callable[[np.ndarray], float]:
        return lambda v: run(p, act(v), k + 1)

    zs, hs, v = [], [], x_arr
    for k in range(1, n_layers):
        zs.append(linear(p[f"W{k}"], p[f"b{k}"], v))
        v = act(zs[-1])
        hs.append(v)
    y = linear(p[f"W{n_layers}"], p[f"b{n_layers}"], v)
    nodes: dict[str, Node] = {"y": (y, from_y)}
    if n_layers == 2:  # one hidden layer: its nodes first, then the parameters
        nodes["h"], nodes["z"] = (hs[0], from_h(1)), (zs[0], from_z(1))
        for key in ("W2", "b2", "W1", "b1"):
            nodes[key] = (p[key], from_param(key))
        return nodes
    for k in range(n_layers, 0, -1):  # layer by layer, from the last
        if k > 1:
            nodes[f"h{k - 1}"] = (hs[k - 2], from_h(k - 1))
        for key in (f"W{k}", f"b{k}"):
            nodes[key] = (p[key], from_param(key))
        if k > 1:
            nodes[f"z{k - 1}"] = (zs[k - 2], from_z(k - 1))
    return nodes

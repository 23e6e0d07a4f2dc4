"""backprop_check: a backward pass checked node by node, naming the first wrong node."""

import numpy as np
import pytest

from helpers import backprop_check, network_nodes
from helpers.checks.backprop import ACTIVATIONS

rng = np.random.default_rng(6)
D, H, M, N = 3, 4, 2, 5
PARAMS = {
    "W1": rng.standard_normal((H, D)),
    "b1": rng.standard_normal(H),
    "W2": rng.standard_normal((M, H)),
    "b2": rng.standard_normal(M),
}
x, t = rng.standard_normal(D), rng.standard_normal(M)
X, T = rng.standard_normal((N, D)), rng.standard_normal((N, M))
T_ONE_HOT = np.eye(M)[rng.integers(0, M, N)]


def backward(p, x, t, activation="sigmoid", loss="squared", mistake=None):
    """The right backward pass for one example or a batch, or one with a mistake."""
    act, act_prime = ACTIVATIONS[activation]
    batch = x.ndim == 2
    n = len(x) if batch else 1
    z = x @ p["W1"].T + p["b1"] if batch else p["W1"] @ x + p["b1"]
    h = act(z)
    y = h @ p["W2"].T + p["b2"] if batch else p["W2"] @ h + p["b2"]
    if loss == "squared":
        grad_y = 2 * (y - t) / n
    else:
        e = np.exp(y - y.max(axis=-1, keepdims=True))
        grad_y = (e / e.sum(axis=-1, keepdims=True) - t) / n
    grad_h = grad_y @ p["W2"] if batch else p["W2"].T @ grad_y
    grad_z = grad_h * act_prime(h if mistake == "sigma' at h" else z)
    if batch:
        grads = {"W2": grad_y.T @ h, "b2": grad_y.sum(0), "W1": grad_z.T @ x}
        grads["b1"] = grad_z.sum(0)
    else:
        grads = {"W2": np.outer(grad_y, h), "b2": grad_y, "W1": np.outer(grad_z, x)}
        grads["b1"] = grad_z
    grads.update(y=grad_y, h=grad_h, z=grad_z)
    if mistake == "W2 transposed":
        grads["W2"] = grads["W2"].T
    if mistake == "factor 2":
        grads["y"] = grads["y"] / 2
    if mistake == "one entry of W1":
        grads["W1"] = grads["W1"].copy()
        grads["W1"][1, 2] += 1.0
    if mistake == "no b1":
        del grads["b1"]
    return grads


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("loss", ["squared", "cross_entropy"])
@pytest.mark.parametrize("batch", [False, True])
def test_right_backward_passes_pass_at_every_node(activation, loss, batch):
    inputs = (X, T_ONE_HOT if loss == "cross_entropy" else T) if batch else (x, t)
    if loss == "cross_entropy" and not batch:
        inputs = (x, np.eye(M)[1])
    nodes = network_nodes(PARAMS, *inputs, activation=activation, loss=loss)
    result = backprop_check(backward(PARAMS, *inputs, activation, loss), nodes)
    assert result, result.message
    assert "grad_y, grad_h, grad_z, grad_W2, grad_b2, grad_W1, grad_b1" in str(result)


@pytest.mark.parametrize(
    ("mistake", "expected"),
    [
        ("factor 2", "❌ grad_y is wrong at entry "),
        ("sigma' at h", "❌ backward pass is right up to grad_h; grad_z is wrong at"),
        (
            "W2 transposed",
            "right up to grad_z; grad_W2 has shape (4, 2) but W2 has shape (2, 4): "
            "a gradient has its node's shape (transposed?)",
        ),
        ("one entry of W1", "right up to grad_b2; grad_W1 is wrong at entry (1, 2):"),
        ("no b1", "right up to grad_W1; there is no gradient for the node b1"),
    ],
)
def test_the_first_wrong_node_is_named(mistake, expected):
    result = backprop_check(
        backward(PARAMS, x, t, mistake=mistake), network_nodes(PARAMS, x, t)
    )
    assert not result
    assert expected in result.message
    assert "\n" not in result.message


def test_a_batch_mistake_is_found_at_its_node():
    grads = backward(PARAMS, X, T, mistake="sigma' at h")
    result = backprop_check(grads, network_nodes(PARAMS, X, T))
    assert "right up to grad_h; grad_z is wrong at entry (" in result.message


def test_grad_prefixed_keys_are_accepted():
    grads = {f"grad_{k}": v for k, v in backward(PARAMS, x, t).items()}
    assert backprop_check(grads, network_nodes(PARAMS, x, t))


def test_a_non_dict_answer_fails_in_one_line():
    result = backprop_check([1, 2], network_nodes(PARAMS, x, t))
    assert not result and "must return a dict of gradients" in result.message


def test_a_non_numeric_gradient_fails_in_one_line():
    grads = {**backward(PARAMS, x, t), "y": "two"}
    result = backprop_check(grads, network_nodes(PARAMS, x, t))
    assert not result and "grad_y" in result.message and "\n" not in result.message


def test_a_general_graph_can_be_checked():
    w = np.array([0.5, -1.0])
    nodes = {"w": (w, lambda v: float(np.sum(np.sin(v))))}
    assert backprop_check({"w": np.cos(w)}, nodes)
    assert not backprop_check({"w": np.sin(w)}, nodes)


def test_the_callers_arrays_are_not_changed():
    params = {k: v.copy() for k, v in PARAMS.items()}
    grads = backward(params, x, t)
    copies = {k: v.copy() for k, v in grads.items()}
    backprop_check(grads, network_nodes(params, x, t))
    assert all(np.array_equal(params[k], PARAMS[k]) for k in PARAMS)
    assert all(np.array_equal(grads[k], copies[k]) for k in grads)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"activation": "softplus"}, "activation must be one of sigmoid, tanh, relu"),
        ({"loss": "hinge"}, "loss must be one of squared, cross_entropy"),
    ],
)
def test_network_nodes_refuses_unknown_names(kwargs, message):
    with pytest.raises(ValueError, match=message):
        network_nodes(PARAMS, x, t, **kwargs)


def test_network_nodes_needs_every_parameter():
    with pytest.raises(ValueError, match="missing b2"):
        network_nodes({k: v for k, v in PARAMS.items() if k != "b2"}, x, t)


def test_empty_nodes_are_refused():
    with pytest.raises(TypeError, match="nodes must be a dict"):
        backprop_check({}, {})


DEEP = {
    "W1": rng.standard_normal((4, D)),
    "b1": rng.standard_normal(4),
    "W2": rng.standard_normal((3, 4)),
    "b2": rng.standard_normal(3),
    "W3": rng.standard_normal((M, 3)),
    "b3": rng.standard_normal(M),
}


def deep_backward(p, X, T, mistake=None):
    """Two tanh hidden layers and the mean cross-entropy, layer by layer."""
    Z1 = X @ p["W1"].T + p["b1"]
    H1 = np.tanh(Z1)
    Z2 = H1 @ p["W2"].T + p["b2"]
    H2 = np.tanh(Z2)
    Y = H2 @ p["W3"].T + p["b3"]
    E = np.exp(Y - Y.max(axis=1, keepdims=True))
    g = {"y": (E / E.sum(axis=1, keepdims=True) - T) / len(X)}
    g["h2"], g["W3"], g["b3"] = g["y"] @ p["W3"], g["y"].T @ H2, g["y"].sum(0)
    g["z2"] = g["h2"] * (1 - (Z2**2 if mistake == "tanh' of z" else H2**2))
    g["h1"], g["W2"], g["b2"] = g["z2"] @ p["W2"], g["z2"].T @ H1, g["z2"].sum(0)
    g["z1"] = g["h1"] * (1 - H1**2)
    g["W1"], g["b1"] = g["z1"].T @ X, g["z1"].sum(0)
    return g


def test_two_hidden_layers_are_checked_layer_by_layer():
    nodes = network_nodes(DEEP, X, T_ONE_HOT, activation="tanh", loss="cross_entropy")
    assert list(nodes) == [
        *("y", "h2", "W3", "b3", "z2", "h1", "W2", "b2", "z1", "W1", "b1")
    ]
    losses = [loss_from(value) for value, loss_from in nodes.values()]
    assert np.ptp(losses) < 1e-12  # every node's function gives the same loss
    result = backprop_check(deep_backward(DEEP, X, T_ONE_HOT), nodes)
    assert result, result.message
    wrong = backprop_check(deep_backward(DEEP, X, T_ONE_HOT, "tanh' of z"), nodes)
    assert "❌ backward pass is right up to grad_b3; grad_z2 is wrong at" in str(wrong)


def test_network_nodes_needs_every_layers_parameters():
    with pytest.raises(
        ValueError, match="params must hold W1, b1, W2, b2, W3 and b3; missing b3"
    ):
        network_nodes({k: v for k, v in DEEP.items() if k != "b3"}, X, T)

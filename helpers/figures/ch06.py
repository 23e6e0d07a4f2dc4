"""Chapter 6's figure: the computational graph of a network with one hidden layer.

The chapter draws its network's decision regions and training with chapter 4's
figures (``plot_decision_regions``, ``plot_loss_curve``, ``explore_training``).
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt

GRAPH_NODES = (
    # name, label, (x, y) position, shape below it, kind
    ("x", "x", (0.0, 0.0), "D", "value"),
    ("lin1", "W⁽¹⁾x + b⁽¹⁾", (1.6, 0.0), "", "op"),
    ("W1", "W⁽¹⁾", (0.5, 1.2), "H × D", "param"),
    ("b1", "b⁽¹⁾", (2.7, 1.2), "H", "param"),
    ("z", "z", (3.2, 0.0), "H", "value"),
    ("act", "σ( · )", (4.4, 0.0), "", "op"),
    ("h", "h", (5.6, 0.0), "H", "value"),
    ("lin2", "W⁽²⁾h + b⁽²⁾", (7.2, 0.0), "", "op"),
    ("W2", "W⁽²⁾", (6.1, 1.2), "M × H", "param"),
    ("b2", "b⁽²⁾", (8.3, 1.2), "M", "param"),
    ("y", "y", (8.8, 0.0), "M", "value"),
    ("loss", "‖y − t‖²", (10.0, 0.0), "", "op"),
    ("t", "t", (10.0, 1.2), "M", "value"),
    ("L", "L", (11.2, 0.0), "1", "value"),
)
GRAPH_EDGES = (
    ("x", "lin1"),
    ("W1", "lin1"),
    ("b1", "lin1"),
    ("lin1", "z"),
    ("z", "act"),
    ("act", "h"),
    ("h", "lin2"),
    ("W2", "lin2"),
    ("b2", "lin2"),
    ("lin2", "y"),
    ("y", "loss"),
    ("t", "loss"),
    ("loss", "L"),
)
GRAPH_GRADIENTS = {
    "y": r"$2(\mathbf{y} - \mathbf{t})$",
    "h": r"$\mathbf{W}^{(2)\top} \nabla_{\mathbf{y}} L$",
    "z": r"$\nabla_{\mathbf{h}} L \circ \sigma'(\mathbf{z})$",
    "W2": r"$\nabla_{\mathbf{y}} L\, \mathbf{h}^\top$",
    "b2": r"$\nabla_{\mathbf{y}} L$",
    "W1": r"$\nabla_{\mathbf{z}} L\, \mathbf{x}^\top$",
    "b1": r"$\nabla_{\mathbf{z}} L$",
}
"""The gradient of L at each node, as the backward pass computes it."""


def plot_computational_graph(
    ax: Any = None,
    *,
    backward: bool = True,
    activation: str = "σ",
    loss: str = "‖y − t‖²",
) -> Any:
    """The computational graph of the network with one hidden layer.

    Values (round), parameters (square, shaded) and operations (rounded boxes) are
    joined by the arrows of the forward pass; under each value its shape. With
    ``backward``, each node also carries, in red, the gradient of ``L`` that the
    backward pass computes there.

    Parameters
    ----------
    backward : bool, optional
        Write the backward pass's gradients at the nodes.
    activation : str, optional
        The activation's name in its box (``"σ"``, ``"tanh"``, ``"ReLU"``).
    loss : str, optional
        The loss's formula in its box.

    Returns
    -------
    matplotlib.axes.Axes
    """
    for value, what in ((activation, "activation"), (loss, "loss")):
        if not isinstance(value, str) or not value:
            raise TypeError(f"{what} must be a non-empty string; got {value!r}")
    if ax is None:
        ax = plt.figure(figsize=(11, 3.6)).add_subplot()
    where = {name: xy for name, _, xy, _, _ in GRAPH_NODES}
    styles = {
        "value": dict(boxstyle="circle,pad=0.35", fc="white", ec="black"),
        "param": dict(boxstyle="square,pad=0.35", fc="0.88", ec="black"),
        "op": dict(boxstyle="round,pad=0.4", fc="#dbe9f6", ec="C0"),
    }
    labels = {"act": f"{activation}( · )", "loss": loss}
    for name, label, (x, y), shape, kind in GRAPH_NODES:
        ax.text(
            x,
            y,
            labels.get(name, label),
            ha="center",
            va="center",
            fontsize="x-large" if kind != "op" else "large",
            bbox=styles[kind],
            zorder=3,
        )
        if shape and y > 0:  # above the main line: the shape beside the node
            ax.text(x + 0.42, y, shape, ha="left", va="center", fontsize="medium")
        elif shape:
            ax.text(x, y - 0.45, shape, ha="center", va="top", fontsize="medium")
        if backward and name in GRAPH_GRADIENTS:
            dy = 0.45 if kind == "param" else -0.85
            ax.text(
                x,
                y + dy,
                GRAPH_GRADIENTS[name],
                ha="center",
                va="bottom" if kind == "param" else "top",
                fontsize="large",
                color="C3",
            )
    for start, end in GRAPH_EDGES:
        ax.annotate(
            "",
            xy=where[end],
            xytext=where[start],
            arrowprops=dict(
                arrowstyle="-|>", color="0.25", shrinkA=16, shrinkB=20, lw=1.2
            ),
            zorder=2,
        )
    ax.set(xlim=(-0.6, 11.8), ylim=(-1.5, 2.0))
    ax.set_aspect("equal")
    ax.axis("off")
    title = "forward pass (arrows) and the shapes of the nodes"
    if backward:
        title += "; in red, the gradient of L at each node"
    ax.set_title(title, fontsize="large")
    return ax

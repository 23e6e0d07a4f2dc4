"""Chapter 6's figure: the computational graph of a network with one hidden layer.

The chapter draws its network's decision regions and training with chapter 4's
figures (``plot_decision_regions``, ``plot_loss_curve``, ``explore_training``).
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt

GRAPH_NODES = (
    ("x", "x", (0.35, 0.0), "D", "value"),
    ("lin1", "W⁽¹⁾x + b⁽¹⁾", (1.38, 0.0), "", "op"),
    ("W1", "W⁽¹⁾", (0.62, 0.9), "H × D", "param"),
    ("b1", "b⁽¹⁾", (2.12, 0.9), "H", "param"),
    ("z", "z", (2.4, 0.0), "H", "value"),
    ("act", "σ( · )", (3.2, 0.0), "", "op"),
    ("h", "h", (4.0, 0.0), "H", "value"),
    ("lin2", "W⁽²⁾h + b⁽²⁾", (5.02, 0.0), "", "op"),
    ("W2", "W⁽²⁾", (4.3, 0.9), "M × H", "param"),
    ("b2", "b⁽²⁾", (5.78, 0.9), "M", "param"),
    ("y", "y", (6.04, 0.0), "M", "value"),
    ("loss", "‖y − t‖²", (6.93, 0.0), "", "op"),
    ("t", "t", (6.93, 0.9), "M", "value"),
    ("L", "L", (7.8, 0.0), "1", "value"),
)
"""Each node: name, label, place (in inches of an 8-inch-wide graph), shape, kind."""
GRAPH_SIZE = (8.0, 3.0)
"""Inches: the column's width, so that the graph is shown at its own size."""
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
GRAPH_NODE_SIZE, GRAPH_OP_SIZE, GRAPH_TEXT_SIZE = 13, 12, 11
"""Points: 13 to 15 CSS pixels once the 8-inch graph is shown in the column."""


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

    The places are in inches of a graph ``GRAPH_SIZE[0]`` = 8 inches wide, the
    column's width: on a figure of ``GRAPH_SIZE`` with ``layout="constrained"`` (what
    it opens without ``ax``) the text is shown at its own size, 13 to 15 CSS pixels.

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
        ax = plt.figure(figsize=GRAPH_SIZE, layout="constrained").add_subplot()
    styles = {
        "value": dict(boxstyle="circle,pad=0.3", fc="white", ec="black"),
        "param": dict(boxstyle="square,pad=0.3", fc="0.88", ec="black"),
        "op": dict(boxstyle="round,pad=0.3", fc="#dbe9f6", ec="C0"),
    }
    labels = {"act": f"{activation}( · )", "loss": loss}
    nodes = {}
    for name, label, (x, y), shape, kind in GRAPH_NODES:
        nodes[name] = ax.text(
            x,
            y,
            labels.get(name, label),
            ha="center",
            va="center",
            fontsize=GRAPH_NODE_SIZE if kind != "op" else GRAPH_OP_SIZE,
            bbox=styles[kind],
            zorder=3,
        )
        if shape and y > 0:  # above the main line: the shape beside the node
            ax.text(x + 0.3, y, shape, ha="left", va="center", fontsize=GRAPH_TEXT_SIZE)
        elif shape:
            ax.text(x, y - 0.3, shape, ha="center", va="top", fontsize=GRAPH_TEXT_SIZE)
        if backward and name in GRAPH_GRADIENTS:
            above = kind == "param"
            ax.text(
                x,
                y + (0.28 if above else -0.58),
                GRAPH_GRADIENTS[name],
                ha="center",
                va="bottom" if above else "top",
                fontsize=GRAPH_TEXT_SIZE,
                color="C3",
            )
    for start, end in GRAPH_EDGES:
        # Each arrow runs from the edge of one node's box to the edge of the next.
        ax.annotate(
            "",
            xy=nodes[end].get_position(),
            xytext=nodes[start].get_position(),
            arrowprops=dict(
                arrowstyle="-|>",
                color="0.25",
                lw=1.2,
                patchA=nodes[start].get_bbox_patch(),
                patchB=nodes[end].get_bbox_patch(),
                shrinkA=1,
                shrinkB=1,
            ),
            # After the nodes: each text places its box as it is drawn, and the
            # arrow is cut by the boxes where they are in this drawing.
            zorder=4,
        )
    ax.set(xlim=(0.0, 8.15), ylim=(-0.9, 1.45))
    ax.set_aspect("equal")
    ax.axis("off")
    title = "forward pass (arrows) and the shapes of the nodes"
    if backward:
        title += ";\nin red, the gradient of L at each node"
    ax.set_title(title, fontsize=GRAPH_OP_SIZE)
    return ax

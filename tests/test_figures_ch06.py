"""Chapter 6's figure: the computational graph of a network with one hidden layer."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from figure_support import text_problems

from helpers.figures.ch06 import (
    GRAPH_GRADIENTS,
    GRAPH_NODES,
    GRAPH_SIZE,
    plot_computational_graph,
)


def test_computational_graph_draws_every_node_and_gradient():
    ax = plot_computational_graph()
    texts = [t.get_text() for t in ax.texts]
    assert "σ( · )" in texts and "‖y − t‖²" in texts
    assert all(g in texts for g in GRAPH_GRADIENTS.values())
    assert {"D", "H", "M", "H × D", "M × H"} <= set(texts)
    assert len(texts) >= len(GRAPH_NODES)
    plt.close(ax.figure)


def test_computational_graph_without_backward_has_no_gradients():
    fig, ax = plt.subplots()
    assert plot_computational_graph(ax, backward=False, activation="tanh") is ax
    texts = [t.get_text() for t in ax.texts]
    assert "tanh( · )" in texts
    assert not any(g in texts for g in GRAPH_GRADIENTS.values())
    plt.close(fig)


def test_computational_graph_refuses_an_empty_name():
    with pytest.raises(TypeError, match="activation must be a non-empty string"):
        plot_computational_graph(activation="")


def _boxes(ax):
    renderer = ax.figure.canvas.get_renderer()
    return [
        (t.get_text(), t.get_bbox_patch().get_window_extent(renderer))
        for t in ax.texts
        if t.get_bbox_patch() is not None
    ]


@pytest.mark.parametrize("backward", [True, False])
def test_computational_graph_is_drawn_for_the_column(backward):
    """Drawn 8 inches wide (it was 11, and so shrunk to 63% in the column): every
    text at 11 CSS pixels or more, no two texts and no two nodes' boxes touching,
    and every arrow's two ends outside the boxes it joins."""
    fig, ax = plt.subplots(figsize=GRAPH_SIZE, layout="constrained")
    plot_computational_graph(ax, backward=backward)
    assert GRAPH_SIZE[0] <= 8.0
    assert not text_problems(fig, tight=True)
    boxes = _boxes(ax)
    assert len(boxes) == len(GRAPH_NODES)
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            assert not box_a.padded(4).overlaps(box_b), (a, b)
    plt.close(fig)


def test_computational_graph_default_figure_is_the_columns_width():
    ax = plot_computational_graph()
    assert tuple(ax.figure.get_size_inches()) == GRAPH_SIZE
    assert not text_problems(ax.figure, tight=True)
    plt.close(ax.figure)

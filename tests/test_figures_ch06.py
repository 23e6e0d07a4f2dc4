"""Chapter 6's figure: the computational graph of a network with one hidden layer."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from helpers.figures.ch06 import GRAPH_GRADIENTS, GRAPH_NODES, plot_computational_graph


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

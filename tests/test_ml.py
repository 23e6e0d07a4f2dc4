"""Unit tests of ``helpers.ml``: one-hot targets, a stable softmax and log-softmax,
the sigmoid, the mean cross-entropy."""

import numpy as np
import pytest

from helpers.ml import cross_entropy, log_softmax, one_hot, sigmoid, softmax


def test_one_hot_puts_a_single_one_in_the_label_column():
    T = one_hot([2, 0, 1, 2], 4)
    assert T.shape == (4, 4)
    assert T.tolist() == [
        [0, 0, 1, 0],
        [1, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 1, 0],
    ]


@pytest.mark.parametrize(
    "labels, K, message",
    [
        ([0, 3], 3, r"from 0 to K - 1 = 2 .*got 3 at index 1"),
        ([1, -1], 3, r"got -1 at index 1"),
        ([0.5], 3, r"got 0.5 at index 0"),
        ([[0, 1]], 3, r"1-D array .* got shape \(1, 2\)"),
        ([0, 1], 0, r"K must be a positive integer; got 0"),
    ],
)
def test_one_hot_refuses_labels_out_of_range(labels, K, message):
    with pytest.raises(ValueError, match=message):
        one_hot(labels, K)


def test_softmax_rows_are_probabilities_and_shift_invariant():
    Z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    P = softmax(Z)
    e = np.exp([1.0, 2.0, 3.0])
    assert np.allclose(P[0], e / e.sum(), rtol=1e-15)
    assert np.allclose(P[1], 1 / 3)
    assert np.allclose(softmax(Z + 100.0), P, rtol=1e-14)
    assert np.allclose(softmax(Z[0]), P[0])  # a single vector of logits


def test_log_softmax_is_finite_for_huge_logits_where_the_naive_formula_is_not():
    Z = np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -1001.0]])
    with np.errstate(all="ignore"):
        naive = np.log(np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True))
    assert not np.all(np.isfinite(naive))
    got = log_softmax(Z)
    assert np.all(np.isfinite(got))
    assert got[0].tolist() == [0.0, -1000.0, -2000.0]
    log_sum = np.log(2 + np.exp(-1.0))
    assert np.allclose(got[1], [-log_sum, -log_sum, -1 - log_sum], rtol=1e-15)
    assert np.allclose(softmax(Z).sum(axis=1), 1.0)


def test_cross_entropy_is_the_mean_negative_log_probability_of_the_true_class():
    Z = np.array([[2.0, 0.0, -1.0], [0.5, 0.5, 3.0]])
    labels = np.array([0, 1])
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    expected = -(np.log(P[0, 0]) + np.log(P[1, 1])) / 2
    assert cross_entropy(Z, one_hot(labels, 3)) == pytest.approx(expected, rel=1e-14)
    assert cross_entropy(np.zeros((5, 4)), one_hot([0, 1, 2, 3, 0], 4)) == (
        pytest.approx(np.log(4))
    )


def test_cross_entropy_does_not_change_its_arguments():
    Z, T = np.array([[1.0, 2.0]]), np.array([[0.0, 1.0]])
    before = (Z.copy(), T.copy())
    cross_entropy(Z, T)
    assert np.array_equal(Z, before[0]) and np.array_equal(T, before[1])


@pytest.mark.parametrize(
    "Z, T, message",
    [
        (np.zeros((3, 2)), np.array([0, 1, 1]), r"got shape \(3,\): pass the one-hot"),
        (np.zeros(2), np.zeros((1, 2)), r"Y must be a matrix of shape \(N, K\)"),
        (np.zeros((3, 2)), np.zeros((4, 2)), r"Y has 3 rows but T has 4"),
        (np.zeros((3, 2)), np.zeros((3, 3)), r"Y has 2 columns but T has 3"),
    ],
)
def test_cross_entropy_names_the_shape_problem(Z, T, message):
    with pytest.raises(ValueError, match=message):
        cross_entropy(Z, T)


def test_sigmoid_is_the_logistic_function_without_overflow():
    z = np.array([-1000.0, -2.0, 0.0, 2.0, 1000.0])
    with np.errstate(over="raise"):
        p = sigmoid(z)
    assert p[2] == 0.5 and p[0] == 0.0 and p[-1] == 1.0
    assert p[1] == pytest.approx(1 / (1 + np.exp(2.0)))
    assert p[3] + p[1] == pytest.approx(1.0)

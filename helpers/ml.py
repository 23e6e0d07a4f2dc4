"""The machine-learning functions the chapters build on, computed stably.

The logistic sigmoid, softmax and log-softmax (without overflow for logits of any
size), the mean cross-entropy of logits and one-hot targets, and the one-hot matrix
of integer labels. Classes are numbered ``1..K`` in the mathematics and ``0..K-1``
in code. Pure numpy; arguments are read by :mod:`helpers.validate`, and a caller's
array is never changed.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .validate import read_real


def one_hot(labels: Any, K: int) -> np.ndarray:
    """The one-hot matrix ``T`` of shape (N, K) of integer ``labels`` in ``0..K-1``.

    Row ``i`` is all zeros except a 1 in column ``labels[i]``. Classes are numbered
    ``1..K`` in the mathematics and ``0..K-1`` in code: class ``k`` of the text is
    label ``k - 1`` here, and column ``k - 1`` of ``T``.

    Raises
    ------
    TypeError, ValueError
        If ``K`` is not a positive integer, or ``labels`` is not a 1-D array of whole
        numbers from 0 to K - 1; the message names the first offending label.
    """
    if isinstance(K, (bool, np.bool_)) or not isinstance(K, (int, np.integer)):
        raise TypeError(f"K must be a positive integer; got {type(K).__name__}")
    if K < 1:
        raise ValueError(f"K must be a positive integer; got {int(K)}")
    arr, _ = read_real(labels, "labels")
    if arr.ndim != 1:
        raise ValueError(
            f"labels must be a 1-D array with one class label per sample; got shape "
            f"{tuple(arr.shape)}"
        )
    bad = np.flatnonzero((arr != np.round(arr)) | (arr < 0) | (arr > K - 1))
    if bad.size:
        i = int(bad[0])
        raise ValueError(
            f"labels must be whole numbers from 0 to K - 1 = {int(K) - 1} (class k of "
            f"the text is label k - 1 in code); got {arr[i]:g} at index {i}"
        )
    T = np.zeros((arr.size, int(K)))
    T[np.arange(arr.size), arr.astype(np.int64)] = 1.0
    return T


def _logits(Y: Any, name: str = "Y") -> np.ndarray:
    arr, _ = read_real(Y, name)
    if arr.ndim not in (1, 2) or arr.shape[-1] == 0:
        raise ValueError(
            f"{name} must be a vector of K logits or a matrix of shape (N, K), one "
            f"row per sample; got shape {tuple(arr.shape)}"
        )
    return arr


def log_softmax(Y: Any) -> np.ndarray:
    """``log softmax(Y)`` along the last axis, without overflow: log-sum-exp.

    ``log p_k = y_k - m - log(sum_j exp(y_j - m))`` with ``m = max_j y_j``: every
    exponent is at most 0, so nothing overflows, and the largest term of the sum is 1,
    so its log is finite. Works for a vector of K logits or an (N, K) matrix.
    """
    arr = _logits(Y)
    shifted = arr - arr.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def sigmoid(z: Any) -> np.ndarray:
    """The logistic sigmoid 1 / (1 + e^(-z)), entry by entry, without overflow.

    Computed as exp(-log(1 + e^(-z))) with ``np.logaddexp``, so that a large negative
    z gives a tiny number instead of an overflow warning.
    """
    z = np.asarray(z, dtype=float)
    return np.exp(-np.logaddexp(0.0, -z))


def softmax(Y: Any) -> np.ndarray:
    """``softmax(Y)`` along the last axis: probabilities, each row summing to 1.

    Computed as ``exp(log_softmax(Y))``, so logits of any size give finite results.
    """
    return np.exp(log_softmax(Y))


def cross_entropy(Y: Any, T: Any) -> float:
    """The mean cross-entropy ``-(1/N) sum_i sum_k T_ik log softmax(Y)_ik``.

    Parameters
    ----------
    Y : array_like, shape (N, K)
        Logits, one row per sample.
    T : array_like, shape (N, K)
        One-hot targets (``one_hot(labels, K)``), or any rows of probabilities.

    Raises
    ------
    ValueError
        If ``Y`` or ``T`` is not a matrix, or their shapes differ (the message says
        whether the number of samples N or of classes K disagrees).
    """
    Y = _logits(Y)
    T_arr, _ = read_real(T, "T")
    for name, arr in (("Y", Y), ("T", T_arr)):
        if arr.ndim != 2:
            extra = (
                ": pass the one-hot matrix one_hot(labels, K), not the labels"
                if name == "T" and arr.ndim == 1
                else ""
            )
            raise ValueError(
                f"{name} must be a matrix of shape (N, K), one row per sample; got "
                f"shape {tuple(arr.shape)}{extra}"
            )
    if Y.shape[0] != T_arr.shape[0]:
        raise ValueError(
            f"Y has {Y.shape[0]} rows but T has {T_arr.shape[0]}: both need one row "
            "per sample (the same N)"
        )
    if Y.shape[1] != T_arr.shape[1]:
        raise ValueError(
            f"Y has {Y.shape[1]} columns but T has {T_arr.shape[1]}: both need one "
            "column per class (the same K)"
        )
    return float(-np.sum(T_arr * log_softmax(Y)) / Y.shape[0])

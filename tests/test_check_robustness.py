"""Checks survive any input: endless loops, in-place changes, and stay deterministic."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from helpers import checks, exercises
from helpers.checks import check_function

ENTRIES = exercises.all()
IDS = [e.id for e in ENTRIES]


@pytest.fixture
def short_limit(monkeypatch):
    monkeypatch.setattr(checks, "TIME_LIMIT", 0.3)


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_endless_loop_is_stopped_and_reported(entry, short_limit):
    def endless(*args):
        while True:
            pass

    result = entry.check(endless)
    assert not result
    assert "did not finish within 0.3 s" in result.message
    assert "endless loop" in result.message


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_loop_that_swallows_exceptions_is_still_stopped(entry, short_limit):
    """``except Exception`` in the reader's code cannot catch the time limit."""

    def stubborn(*args):
        while True:
            try:
                while True:
                    pass
            except Exception:
                continue

    result = entry.check(stubborn)
    assert "did not finish" in result.message


def test_time_limit_is_lifted_after_the_check(short_limit):
    """No alarm is left behind to interrupt the reader's next cell."""
    import signal
    import time

    exercises.check("1.1", lambda x, y: -(x**3) * np.sin(x * y))
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    time.sleep(0.5)  # would raise if an alarm were still armed


def _array_check(answer):
    """A checker over array inputs, like the later chapters' exercises."""
    X = np.arange(6.0).reshape(2, 3)
    return check_function(
        "9.1",
        answer,
        signature="double(X)",
        cases=[(X,)],
        expected=lambda X: float(np.sum(2 * X)),
        describe=lambda X: f"X of shape {X.shape}",
        source="the formula",
    )


def test_function_that_changes_its_input_is_reported():
    def double(X):
        X *= 2  # in place: the caller's array would change
        return float(np.sum(X))

    result = _array_check(double)
    assert not result
    assert "double changed its argument `X` in place" in result.message
    assert "X = X.copy()" in result.message or "x = x.copy()" in result.message


def test_callers_array_is_untouched_by_an_in_place_answer():
    X = np.arange(6.0).reshape(2, 3)
    before = X.copy()

    def double(X):
        X *= 2
        return float(np.sum(X))

    check_function(
        "9.1",
        double,
        signature="double(X)",
        cases=[(X,)],
        expected=lambda X: float(np.sum(2 * X)),
        describe=lambda X: "X",
    )
    assert np.array_equal(X, before)


def test_a_function_that_copies_first_passes():
    def double(X):
        X = X.copy()
        X *= 2
        return float(np.sum(X))

    assert _array_check(double)


ANSWERS = {
    "stub": "def answer(*a):\n    raise NotImplementedError",
    "none": "answer = None",
    "raises": "def answer(*a):\n    return 1 / 0",
    "nan": "def answer(*a):\n    return float('nan')",
    "wrong": "def answer(*a):\n    return 0.25",
}


def _messages_in_subprocess():
    code = textwrap.dedent(
        """
        from helpers import exercises
        answers = {}
        """
    )
    for key, src in ANSWERS.items():
        code += f"exec({src!r}, ns := {{}}); answers[{key!r}] = ns['answer']\n"
    code += textwrap.dedent(
        """
        for e in exercises.all():
            for key in sorted(answers):
                print(e.id, key, e.check(answers[key]).message)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return out.stdout


def test_messages_are_identical_across_processes():
    """Same input, same message, byte for byte, in two fresh interpreters."""
    first, second = _messages_in_subprocess(), _messages_in_subprocess()
    assert first == second
    assert first.count("\n") == len(ENTRIES) * len(ANSWERS)

"""Checks survive any input: endless loops, in-place changes, and stay deterministic."""

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from sample_exercises import ALL as SAMPLES

from helpers import exercises
from helpers.checks import reader
from helpers.exercises import FunctionExercise, Misconception

ENTRIES = [e for e in exercises.all() + SAMPLES if e.kind in ("function", "debug")]
IDS = [e.id for e in ENTRIES]


@pytest.fixture
def short_limit(monkeypatch):
    monkeypatch.setattr(reader, "TIME_LIMIT", 0.3)


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


DOUBLE = FunctionExercise(
    id="0.9",
    title="Twice the sum of a matrix",
    signature="double(X)",
    reference=lambda X: float(np.sum(2 * X)),
    cases=((np.arange(6.0).reshape(2, 3),), (np.ones((3, 2)),), (np.zeros((1, 1)),)),
    expected=lambda X: float(np.sum(2 * X)),
    describe=lambda X: f"X of shape {X.shape}",
    source="the formula",
    misconceptions=(Misconception("once", lambda X: float(np.sum(X)), "twice."),),
)


def test_function_that_changes_its_input_is_reported():
    def double(X):
        X *= 2  # in place: the caller's array would change
        return float(np.sum(X))

    result = DOUBLE.check(double)
    assert result.message == (
        "❌ Exercise 0.9: double changed its argument “X” in place at X of shape (2, 3); "
        "work on a copy (for example X = X.copy())."
    )


def test_in_place_message_names_the_readers_own_parameter():
    def double(matrix):
        matrix += 1
        return float(np.sum(2 * matrix))

    assert "changed its argument “matrix” in place" in DOUBLE.check(double).message
    assert "(for example matrix = matrix.copy())" in DOUBLE.check(double).message


def test_callers_array_is_untouched_by_an_in_place_answer():
    before = [case[0].copy() for case in DOUBLE.cases]

    def double(X):
        X *= 2
        return float(np.sum(X))

    DOUBLE.check(double)
    for case, original in zip(DOUBLE.cases, before):
        np.testing.assert_array_equal(case[0], original)


def test_a_function_that_copies_first_passes():
    def double(X):
        X = X.copy()
        X *= 2
        return float(np.sum(X))

    assert DOUBLE.check(double)


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
        import sys
        sys.path.insert(0, {tests!r})
        from helpers import exercises
        from sample_exercises import ALL
        answers = {{}}
        """
    ).format(tests=str(Path(__file__).parent))
    for key, src in ANSWERS.items():
        code += f"exec({src!r}, ns := {{}}); answers[{key!r}] = ns['answer']\n"
    code += textwrap.dedent(
        """
        for e in exercises.all() + ALL:
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
    assert first.count("\n") == (len(exercises.all()) + len(SAMPLES)) * len(ANSWERS)

"""Graded hints on request, ``hint("N.k")``, and the verdict that points to them."""

import inspect
import re

import numpy as np
import pytest

import helpers
from helpers import check, exercises, hint

pytestmark = pytest.mark.unit

BOOK = exercises.all()


@pytest.fixture(autouse=True)
def fresh_kernel():
    """Each test starts as a fresh kernel: no failures counted, no hints shown."""
    exercises.forget_progress()
    yield
    exercises.forget_progress()


def test_hint_is_public():
    assert helpers.hint is hint is exercises.hint
    assert "hint" in helpers.__all__


def test_hints_one_level_per_call(capsys):
    entry = exercises.get("1.3")
    for k, text in enumerate(entry.hints, start=1):
        hint("1.3")
        left = len(entry.hints) - k
        more = (
            f'{left} more: run hint("1.3") again.'
            if left
            else "That was the last hint: no hints left."
        )
        assert capsys.readouterr().out == (
            f"💡 Exercise 1.3, hint {k} of {len(entry.hints)}: {text} {more}\n"
        )
    hint("1.3")
    assert capsys.readouterr().out == (
        f"💡 Exercise 1.3: no hints left (all {len(entry.hints)} shown); the last "
        f"one: {entry.hints[-1]}\n"
    )


def test_the_first_hint_of_1_3(capsys):
    hint(" 1.3 ")
    assert capsys.readouterr().out == (
        "💡 Exercise 1.3, hint 1 of 2: The first-order prediction of a change is the "
        "rate of change along the weight that moves times the size of the step: "
        "ΔL ≈ ∂L/∂b · Δb. "
        '1 more: run hint("1.3") again.\n'
    )


def test_hints_are_counted_per_exercise(capsys):
    hint("1.3")
    hint("2.3")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("💡 Exercise 1.3, hint 1 of")
    assert out[1].startswith("💡 Exercise 2.3, hint 1 of")


def test_hint_for_an_unknown_exercise(capsys):
    hint("9.9")
    out = capsys.readouterr().out
    assert out.startswith("❌ no exercise '9.9'; the exercises are 1.1, 1.2")


@pytest.mark.parametrize("entry", BOOK, ids=[e.id for e in BOOK])
def test_every_exercise_has_graded_hints(entry):
    """At least two hints, distinct, one line each, none giving the answer away."""
    assert len(entry.hints) >= 2
    assert len(set(entry.hints)) == len(entry.hints)
    for text in entry.hints:
        assert "\n" not in text and text == text.strip()
        assert text.endswith((".", "?"))
        if entry.kind == "choice":
            # No hint names the right option.
            assert not re.search(
                rf"\({entry.reference}\)|option {entry.reference}\b", text
            )
        if entry.kind == "value":
            assert "Exercise" not in text
        if entry.kind in ("function", "debug"):
            # No line of the solution's code is in a hint.
            body = inspect.getsource(entry.reference).splitlines()[1:]
            for line in body:
                code = line.strip()
                if len(code) > 12 and not code.startswith(("return {", "}", '"')):
                    assert code not in text, (code, text)


def test_the_verdict_points_to_hint_from_the_second_failure_on():
    first = check("1.3", 0.5)
    assert first.message == "❌ Exercise 1.3: predicted_change is not right."
    second = check("1.3", 0.5)
    assert second.message == (
        "❌ Exercise 1.3: predicted_change is not right. "
        'Stuck? hint("1.3") gives a hint.'
    )
    # Another exercise keeps its own count.
    assert check("1.8", 0.3).message == "❌ Exercise 1.8: relu_slope_at_0 is not right."


def test_the_stub_and_a_pass_are_not_failures():
    for _ in range(3):
        assert check("1.3", ...).message.startswith("⏳")
    assert check("1.3", -0.115)
    assert "hint(" not in check("1.3", 0.5).message
    assert "hint(" in check("1.3", 0.5).message
    assert check("1.3", -0.115).message.startswith("✅")


def test_prefer_is_not_an_attempt(capsys):
    def dL_db(w, b):
        return 0.0

    for _ in range(3):
        exercises.prefer("1.1", dL_db, dL_db)
    capsys.readouterr()
    assert "hint(" not in check("1.1", dL_db).message


def test_the_verdicts_of_a_fresh_kernel_are_the_same_every_time():
    answers = [0.5, np.array([1.0]), "x", -0.115, 0.5]
    first = [check("1.3", a).message for a in answers]
    exercises.forget_progress()
    assert [check("1.3", a).message for a in answers] == first

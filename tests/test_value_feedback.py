"""A value exercise never shows its expected value: it diagnoses a wrong answer.

The catalog-wide test tries many wrong answers for every value exercise (the right
one scaled, shifted, rounded, negated, and random ones) and asserts that no message
contains an expected number as a message would print it. The other tests pin down
each diagnosis, message and all.
"""

import re

import numpy as np
import pytest
from sample_exercises import ALL as SAMPLES

from helpers import exercises
from helpers.checks.diagnose import digits_needed, significant_digits
from helpers.checks.verdict import fmt
from helpers.exercises import AnyOf

pytestmark = pytest.mark.unit

VALUES = [e for e in exercises.all() + SAMPLES if e.kind == "value"]


def expected_options(entry):
    want = entry.expected()
    return list(want.options) if isinstance(want, AnyOf) else [want]


def leaves(value):
    if isinstance(value, dict):
        return [x for v in value.values() for x in leaves(v)]
    if isinstance(value, (tuple, list)):
        return [x for v in value for x in leaves(v)]
    return [np.asarray(value, dtype=float)]


def shown_forms(value):
    """Every way a message could print ``value``: 2 to 8 decimals, or whole."""
    v = abs(float(value))
    if v == 0:
        return set()
    forms = {fmt(v, digits) for digits in range(2, 9)}
    if v.is_integer() and v >= 10:
        forms.add(str(int(v)))  # a count; small whole numbers are everywhere in prose
    return forms


def revealed(message, entry):
    """The expected numbers that ``message`` shows, as standalone numbers."""
    found = []
    for option in expected_options(entry):
        for part in leaves(option):
            for v in part.ravel():
                for form in shown_forms(v):
                    if re.search(rf"(?<![\d.]){re.escape(form)}(?!\d)", message):
                        found.append(form)
    return found


def mutate(value, op):
    if isinstance(value, dict):
        return {k: mutate(v, op) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return tuple(mutate(v, op) for v in value)
    out = op(np.asarray(value, dtype=float))
    return out if np.ndim(value) > 0 else float(out)


def round_to(v, digits):
    return np.vectorize(lambda x: float(f"{x:.{digits - 1}e}"))(v)


def wrong_answers(entry):
    """Many wrong answers: scaled, shifted, rounded, negated, one entry off, random."""
    rng = np.random.default_rng(24)
    answers = []
    for option in expected_options(entry):
        for c in (-1, 2, 0.5, 3, 1 / 3, 10, 0.1, 1.5, 0.9, 1.01, 1.001, 1.0003, 150):
            answers.append(mutate(option, lambda v, c=c: c * v))
        for d in (1, 0.1, 0.01, 1e-3, -1, -0.1, -1e-3):
            answers.append(mutate(option, lambda v, d=d: v + d))
        for digits in (1, 2, 3):
            answers.append(mutate(option, lambda v, k=digits: round_to(v, k)))
        answers.append(mutate(option, lambda v: v.ravel()[::-1].reshape(v.shape)))
        for _ in range(20):
            scale = 10.0 ** rng.integers(-2, 3)
            answers.append(
                mutate(option, lambda v, s=scale: s * rng.standard_normal(np.shape(v)))
            )
            answers.append(
                mutate(option, lambda v: v * (1 + 0.05 * rng.standard_normal(v.shape)))
            )
    answers += [m.answer for m in entry.misconceptions]
    return answers


@pytest.mark.parametrize("entry", VALUES, ids=[e.id for e in VALUES])
def test_no_wrong_value_reveals_the_expected_value(entry):
    """For every value exercise, no wrong answer's message shows an expected number."""
    failed = 0
    for answer in wrong_answers(entry):
        result = entry.check(answer)
        if result:
            continue
        failed += 1
        assert not revealed(result.message, entry), (answer, result.message)
    assert failed >= 40


def check(exercise_id, answer):
    return exercises.get(exercise_id).check(answer).message


@pytest.mark.parametrize(
    "answer, message",
    [
        (
            0.115,
            "❌ Exercise 1.3: the sign is flipped: "
            "the bias decreases, so Δb = -0.1, and the prediction ∂L/∂b · Δb has the "
            'opposite sign of ∂L/∂b (see "What a partial derivative predicts").',
        ),
        (
            -1.15,
            "❌ Exercise 1.3: predicted_change is 10 times too large: check the "
            "decimal point.",
        ),
        (
            -0.12,
            "❌ Exercise 1.3: predicted_change has only 2 significant digits: give "
            "at least 3 (or store the value your code computes, unrounded).",
        ),
        (-0.5, "❌ Exercise 1.3: predicted_change is not right."),
        (
            -0.115 * 4,
            "❌ Exercise 1.3: predicted_change is N = 4 times too large.",
        ),
    ],
)
def test_diagnoses_of_a_number(answer, message):
    assert check("1.3", answer) == message


@pytest.mark.parametrize("answer", [[-0.115], (-0.115,)], ids=["list", "tuple"])
def test_a_number_inside_brackets_is_not_a_number(answer):
    kind = type(answer).__name__
    assert check("1.3", answer) == (
        f"❌ Exercise 1.3: predicted_change is a {kind}; expected a single number: "
        "give the number itself, not inside brackets."
    )


def test_a_factor_the_exercise_names():
    """4.4 names N = 150: the sum over the samples, or a mean taken twice."""
    assert check("4.4", 3 * np.log(3)) == (
        "❌ Exercise 4.4: loss_at_zero is K = 3 times too large."
    )
    assert check("4.4", np.log(3) / 10) == (
        "❌ Exercise 4.4: loss_at_zero is 10 times too small: check the decimal point."
    )


def test_a_wrong_order_of_magnitude():
    assert check("3.8", 30.0) == (
        "❌ Exercise 3.8: lr_max is more than 10 times too large: check the order "
        "of magnitude."
    )


def test_a_count_is_not_asked_for_more_digits():
    """1.9 is a count: 120 is not 122 rounded, it is wrong."""
    assert check("1.9", 120) == "❌ Exercise 1.9: evaluations is not right."
    assert check("1.9", 244) == "❌ Exercise 1.9: evaluations is 2 times too large."


def test_a_unit_vector():
    assert check("2.4", np.array([-0.9, -0.1])) == (
        "❌ Exercise 2.4: u_up is not a unit vector: its length is 0.9055, not 1 "
        "(divide a vector by np.linalg.norm of it)."
    )
    assert check("2.4", np.array([0.6, -0.8])) == (
        "❌ Exercise 2.4: u_up is a unit vector, but not in the right direction."
    )
    assert check("2.4", np.array([-0.991, -0.136])) == (
        "❌ Exercise 2.4: u_up has only 3 significant digits (in some entries): "
        "give at least 4 (or store the value your code computes, unrounded)."
    )


def test_an_array_wrong_in_some_entries():
    right = np.array([[2.0, 4.0, -2.0], [-2.0, -4.0, 2.0]])
    wrong = right.copy()
    wrong[1, 2] = 3.0
    assert check("5.4", wrong) == (
        "❌ Exercise 5.4: grad_W_by_hand is not right in one entry, "
        "grad_W_by_hand[1, 2]."
    )
    flipped = right.copy()
    flipped[0, 0], flipped[1, 2] = -2.0, -2.0
    assert check("5.4", flipped) == (
        "❌ Exercise 5.4: grad_W_by_hand has the wrong sign in 2 of its 6 entries "
        "(the first grad_W_by_hand[0, 0])."
    )
    assert check("5.4", 3 * right) == (
        "❌ Exercise 5.4: grad_W_by_hand is not right in 6 of its 6 entries (the "
        "first grad_W_by_hand[0, 0])."
    )
    assert check("5.4", -10 * right) == (
        "❌ Exercise 5.4: every entry of grad_W_by_hand is 10 times too large and "
        "has the wrong sign: check the decimal point."
    )


def test_significant_digits_and_digits_needed():
    assert [significant_digits(v) for v in (0.128, 1200.0, 0.5, -2.5739, 1e-5)] == [
        3,
        2,
        1,
        5,
        1,
    ]
    assert digits_needed(np.array(np.log(3)), 1e-4, 1e-6) == 5
    assert digits_needed(np.array(0.5527864), 1e-4, 1e-6) == 4

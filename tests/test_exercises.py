"""Unit tests of the exercise catalog ``helpers.exercises`` and ``helpers.check``.

Most tests are parametrized over every catalog entry, so a new exercise is covered
as soon as it is registered: its reference passes, its untouched stub says "not
implemented yet", its misconceptions and other wrong answers fail, and nothing a
reader passes makes the check raise.
"""

import math
import re

import numpy as np
import pytest

import helpers
from helpers import CheckResult, exercises

ENTRIES = exercises.all()
IDS = [e.id for e in ENTRIES]


def make_function(signature, body):
    """A function defined as ``def <signature>:`` with the given one-line body.

    This is how a reader's answer looks: the exercise's exact signature. The body may
    call ``impl``, which :func:`forwarding` binds.
    """
    namespace = {}
    exec(f"def {signature}:\n    {body}\n", namespace)
    return namespace[signature.split("(")[0]]


def parameters(entry):
    """The parameter list of the entry's signature, as written: ``"x, y"``."""
    return entry.signature.split("(", 1)[1].rsplit(")", 1)[0]


def forwarding(entry, impl):
    """A function with the entry's signature that returns ``impl(*args)``."""
    fn = make_function(entry.signature, f"return impl({parameters(entry)})")
    fn.__globals__["impl"] = impl
    return fn


def recorded_cases(entry):
    """The argument tuples the check calls an answer with, in order."""
    cases = []

    def spy(*args):
        cases.append(args)
        return entry.reference(*args)

    result = entry.check(forwarding(entry, spy))
    assert result, result.message
    return cases


def mutate(value, op):
    """Apply ``op`` to a scalar answer, or element-wise to several values (a tuple)."""
    if np.ndim(value) > 0:
        return tuple(op(v) for v in np.ravel(value))
    return op(value)


def assert_failed_verdict(result):
    """A failed, one-line CheckResult marked ❌ or ⏳, not an internal error of the check."""
    assert isinstance(result, CheckResult)
    assert not result, result.message
    assert "\n" not in result.message
    assert result.message.startswith(("❌ ", "⏳ ")), result.message
    assert "the check itself failed" not in result.message, result.message


# ---------------------------------------------------------------------------
# The catalog
# ---------------------------------------------------------------------------


def test_catalog_is_not_empty_and_in_book_order():
    """all() lists exercises ordered by (chapter, number), numerically not as text."""
    assert len(ENTRIES) >= 3
    keys = [tuple(int(p) for p in e.id.split(".")) for e in ENTRIES]
    assert keys == sorted(keys)


def test_ids_are_unique_and_well_formed():
    """Ids look like "1.1", and no id is used twice."""
    assert len(set(IDS)) == len(IDS)
    for exercise_id in IDS:
        assert re.fullmatch(r"[1-9]\d*\.[1-9]\d*", exercise_id), exercise_id


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_entry_has_its_fields(entry):
    """Each entry has an id, a title, a chapter matching its id, and a check method."""
    assert isinstance(entry.title, str) and entry.title.strip()
    assert entry.chapter == int(entry.id.split(".")[0])
    assert callable(entry.check)
    assert callable(entry.reference)
    assert re.fullmatch(r"[a-z_][a-z0-9_]*\(.*\)", entry.signature), entry.signature


def test_get_returns_the_entry():
    """get("1.2") is the exercise with id "1.2"."""
    assert exercises.get("1.2").id == "1.2"
    for entry in ENTRIES:
        assert exercises.get(entry.id) is entry


def test_get_unknown_id_lists_known_ids():
    """An unknown id is a KeyError whose message lists every id that exists."""
    with pytest.raises(KeyError) as info:
        exercises.get("9.9")
    message = str(info.value)
    assert "9.9" in message
    for exercise_id in IDS:
        assert exercise_id in message


def test_check_with_unknown_id_returns_a_failed_result():
    """helpers.check never raises for a wrong id: it says which ids exist."""
    result = helpers.check("9.9", lambda x, y: 0.0)
    assert_failed_verdict(result)
    assert "9.9" in result.message
    assert ", ".join(IDS) in result.message


def test_helpers_check_is_the_catalog_check():
    """helpers.check(id, answer) gives the same verdict as the entry's own check."""
    entry = exercises.get("1.1")
    assert (
        helpers.check("1.1", entry.reference).message
        == entry.check(entry.reference).message
    )
    assert helpers.check("1.1", entry.reference)


def test_a_bug_in_a_checker_is_reported_not_raised():
    """If a checker itself breaks, the reader gets a failed result asking for a report."""

    def broken_checker(exercise, answer):
        raise RuntimeError("oops")

    entry = exercises.Exercise(
        id="0.1",
        title="broken",
        chapter=0,
        signature="f(x)",
        reference=lambda x: x,
        _checker=broken_checker,
    )
    result = entry.check(lambda x: x)
    assert not result
    assert "the check itself failed (RuntimeError)" in result.message
    assert "\n" not in result.message


# ---------------------------------------------------------------------------
# Every entry: right answers pass, wrong ones fail
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_reference_passes(entry):
    """The book's own solution passes, with a one-line ✅ message naming the exercise."""
    result = entry.check(entry.reference)
    assert result, result.message
    assert result.message.startswith(f"✅ Exercise {entry.id} passed")
    assert "\n" not in result.message


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_reference_with_exact_signature_passes(entry):
    """The reference wrapped in a function with the exercise's signature passes too."""
    result = entry.check(forwarding(entry, entry.reference))
    assert result, result.message


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_untouched_stub_is_not_implemented_yet(entry):
    """The exercise cell as given (body ``raise NotImplementedError``) gets ⏳, no traceback."""
    stub = make_function(entry.signature, "raise NotImplementedError")
    result = entry.check(stub)
    assert_failed_verdict(result)
    assert result.message.startswith(f"⏳ Exercise {entry.id}")
    assert "not implemented yet" in result.message
    assert entry.signature.split("(")[0] in result.message


MISCONCEPTIONS = [(e, m) for e in ENTRIES for m in e.misconceptions]


@pytest.mark.parametrize(
    "entry, misconception",
    MISCONCEPTIONS,
    ids=[f"{e.id}-{m.name}" for e, m in MISCONCEPTIONS],
)
def test_misconception_fails_with_its_hint(entry, misconception):
    """Each known wrong answer fails, and the message carries that misconception's hint."""
    result = entry.check(forwarding(entry, misconception.answer))
    assert_failed_verdict(result)
    assert result.message.startswith(f"❌ Exercise {entry.id}: ")
    assert misconception.hint in result.message


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_each_entry_has_misconceptions_with_distinct_hints(entry):
    """Every exercise names at least one known mistake, each with its own hint."""
    hints = [m.hint for m in entry.misconceptions]
    assert hints
    assert len(set(hints)) == len(hints)


MUTANTS = {
    "doubled": lambda v: 2 * v,
    "halved": lambda v: v / 2,
    "negated": lambda v: -v,
    "plus one": lambda v: v + 1.0,
    "plus 1e-3": lambda v: v + 1e-3,
}


@pytest.mark.parametrize("mutant", MUTANTS)
@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_wrong_answers_fail(entry, mutant):
    """The reference scaled, negated or shifted fails (element-wise for several values)."""
    op = MUTANTS[mutant]
    result = entry.check(forwarding(entry, lambda *a: mutate(entry.reference(*a), op)))
    assert_failed_verdict(result)
    assert result.message.startswith(f"❌ Exercise {entry.id}: ")


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_one_value_perturbed_fails_and_is_named(entry):
    """For answers of several values (one per partial), one wrong value fails alone."""
    sample = entry.reference(*recorded_cases(entry)[0])
    n = np.size(sample)
    for k in range(n):

        def answer(*args, k=k):
            values = list(np.ravel(entry.reference(*args)))
            values[k] = values[k] * 1.01 + 1e-3
            return tuple(values) if n > 1 else values[0]

        result = entry.check(forwarding(entry, answer))
        assert_failed_verdict(result)
        if n > 1:  # the message names which of the values is wrong
            assert " is " in result.message and "your " in result.message, (
                result.message
            )


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_answer_wrong_at_one_input_names_that_input(entry):
    """Right everywhere but one input: it fails, and the message shows that input."""
    cases = recorded_cases(entry)
    bad = cases[len(cases) // 2]

    def answer(*args):
        value = entry.reference(*args)
        return mutate(value, lambda v: v + 1.0) if args == bad else value

    result = entry.check(forwarding(entry, answer))
    assert_failed_verdict(result)
    for arg in bad:
        if isinstance(arg, float):
            assert f"{arg:.2f}" in result.message, result.message


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_check_messages_are_deterministic(entry):
    """The same answer gives the same message every time."""
    wrong = forwarding(entry, lambda *a: mutate(entry.reference(*a), lambda v: 2 * v))
    for answer in (entry.reference, wrong):
        assert entry.check(answer).message == entry.check(answer).message


# ---------------------------------------------------------------------------
# Every entry: nothing a reader passes makes the check raise
# ---------------------------------------------------------------------------


def _returning(value):
    """An answer returning ``value`` (whatever the exercise expects)."""
    return lambda entry: forwarding(entry, lambda *a: value)


def _each_value(op):
    """An answer shaped like the reference's, with ``op`` applied to every value."""
    return lambda entry: forwarding(entry, lambda *a: mutate(entry.reference(*a), op))


def _wrong_length_list(entry):
    """A list with one value more than the reference returns."""
    first = recorded_cases(entry)[0]
    n = int(np.size(entry.reference(*first)))
    return forwarding(entry, lambda *a: [0.5] * (n + 1))


def _too_many_parameters(entry):
    return make_function(f"{entry.signature[:-1]}, extra)", "return 0.0")


def _too_few_parameters(entry):
    name = entry.signature.split("(")[0]
    return make_function(f"{name}(only_one)", "return 0.0")


def _divides_by_zero(entry):
    return make_function(entry.signature, "return 1 / 0")


BAD_ANSWERS = {
    "None": (lambda entry: None, r"got None instead of a function"),
    "int": (lambda entry: 3, r"expected a function like `def .*`, got int 3"),
    "str": (lambda entry: "x**2", r"got str 'x\*\*2'"),
    "class": (lambda entry: float, r"expected a function"),
    "too many args": (_too_many_parameters, r"must take \d+ argument\(s\)"),
    "too few args": (
        _too_few_parameters,
        r"takes \(only_one\) but must take \d+ argument\(s\)",
    ),
    "ZeroDivisionError": (_divides_by_zero, r"raised ZeroDivisionError"),
    "returns None": (_returning(None), r"returned None .*`return`"),
    "returns nan": (_each_value(lambda v: math.nan), r"returned .*nan"),
    "returns str": (_returning("0.5"), r"returned str"),
    "returns complex": (_each_value(lambda v: v + 2j), r"returned (a )?complex"),
    "returns a complex scalar": (_returning(1 + 2j), r"returned (a )?complex"),
    "returns wrong length": (
        _wrong_length_list,
        r"returned (an array of shape|\d+ value)",
    ),
}


@pytest.mark.parametrize("kind", BAD_ANSWERS)
@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_bad_answer_gives_a_one_line_failure(entry, kind):
    """Whatever the reader passes, the check returns a failed one-line verdict saying why."""
    make, pattern = BAD_ANSWERS[kind]
    with np.errstate(all="ignore"):
        result = entry.check(make(entry))
        again = entry.check(make(entry))
    assert_failed_verdict(result)
    assert result.message.startswith(f"❌ Exercise {entry.id}: ")
    assert re.search(pattern, result.message), result.message
    assert again.message == result.message


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_exception_message_names_the_input(entry):
    """An exception in the reader's code is reported with the input where it happened."""
    answer = make_function(entry.signature, "return 1 / 0")
    result = entry.check(answer)
    first = recorded_cases(entry)[0]
    assert "ZeroDivisionError (division by zero) at " in result.message
    for arg in first:
        if isinstance(arg, float):
            assert f"{arg:.2f}" in result.message, result.message


def test_exception_message_quotes_the_readers_line():
    """For a function defined in a file (a notebook cell), the failing line is quoted."""

    def df_dy(x, y):
        return x / (y - y)

    result = helpers.check("1.1", df_dy)
    line = df_dy.__code__.co_firstlineno + 1
    assert_failed_verdict(result)
    assert (
        "df_dy raised ZeroDivisionError (float division by zero) at (x, y) = ("
        in result.message
    )
    assert f", line {line} of your code: `return x / (y - y)`." in result.message


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_missing_return_message_ends_cleanly(entry):
    """The "is `return` missing?" message ends with its question mark, not "?."."""
    result = entry.check(forwarding(entry, lambda *a: None))
    assert not result.message.endswith("?."), result.message


# ---------------------------------------------------------------------------
# Specific exercises: any correct formulation passes; wrong inputs are named
# ---------------------------------------------------------------------------


def test_1_1_with_math_sin_passes():
    """1.1 written with math.sin instead of numpy passes."""

    def df_dy(x, y):
        return -(x**3) * math.sin(x * y)

    assert helpers.check("1.1", df_dy)


def test_1_1_rearranged_passes():
    """1.1 via the chain rule written out step by step passes."""

    def df_dy(x, y):
        outer = -math.sin(x * y)  # d cos(u) / du at u = xy
        inner = x  # d(xy) / dy
        return x**2 * outer * inner

    assert helpers.check("1.1", df_dy)


def test_1_1_wrong_at_one_point_names_the_point():
    """1.1 right except at the test point with the largest x: the message gives exactly
    that (x, y), the reader's value and the finite-difference value."""
    entry = exercises.get("1.1")
    bad = max(recorded_cases(entry))

    def df_dy(x, y):
        return 0.0 if (x, y) == bad else entry.reference(x, y)

    result = helpers.check("1.1", df_dy)
    assert_failed_verdict(result)
    expected = entry.reference(*bad)
    assert abs(expected) > 0.01  # so "0.0000" below cannot be the right value
    assert (
        f"at (x, y) = ({bad[0]:.2f}, {bad[1]:.2f}) your df_dy gives 0.0000; "
        f"finite differences give {expected:.4f}." in result.message
    ), result.message


def test_1_2_array_and_list_answers_pass():
    """1.2 may return a numpy array or a list instead of a tuple."""

    def partials_array(x, y, z):
        return np.array(
            [
                2 * x * y + z * np.exp(x * z),
                x**2 + np.sin(z),
                y * np.cos(z) + x * np.exp(x * z),
            ]
        )

    def partials_list(x, y, z):
        e = math.exp(x * z)
        return [2 * x * y + z * e, x * x + math.sin(z), y * math.cos(z) + x * e]

    assert helpers.check("1.2", partials_array)
    assert helpers.check("1.2", partials_list)


def test_1_2_one_wrong_partial_is_named():
    """1.2 with only ∂g/∂y wrong: the message names ∂g/∂y, not the others."""

    def partials_g(x, y, z):
        return (2 * x * y + z * np.exp(x * z), x**2, y * np.cos(z) + x * np.exp(x * z))

    result = helpers.check("1.2", partials_g)
    assert_failed_verdict(result)
    assert "your ∂g/∂y is" in result.message
    assert "(x, y, z) = (" in result.message


@pytest.mark.parametrize(
    "formula",
    [
        lambda f, x, h: f(x + h) / (2 * h) - f(x - h) / (2 * h),
        lambda f, x, h: (f(x + h) - f(x - h)) * (0.5 / h),
        lambda f, x, h: -(f(x - h) - f(x + h)) / (h + h),
    ],
    ids=["split", "times-half-over-h", "negated-twice"],
)
def test_1_3_rearranged_central_difference_passes(formula):
    """Algebraically equivalent central differences pass, despite rounding differences."""

    def central_difference(f, x, h):
        return formula(f, x, h)

    result = helpers.check("1.3", central_difference)
    assert result, result.message


def test_1_3_wrong_at_one_function_names_it():
    """1.3 right except for f = sin: the message names f, x and h."""
    reference = exercises.get("1.3").reference

    def central_difference(f, x, h):
        value = reference(f, x, h)
        return value + 1.0 if f is np.sin else value

    result = helpers.check("1.3", central_difference)
    assert_failed_verdict(result)
    assert "at f(t) = sin, x = " in result.message
    assert ", h = " in result.message

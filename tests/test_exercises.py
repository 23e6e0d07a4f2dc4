"""Unit tests of the exercise catalog ``helpers.exercises`` and ``helpers.check``.

Most tests are parametrized over every catalog entry and over the test-only exercises
of ``sample_exercises`` (one or more of each kind and answer shape), so a new exercise
is covered as soon as it is registered: its reference passes, its untouched stub says
it is not done yet, its misconceptions and other wrong answers fail with the right
message, and nothing a reader passes makes the check raise.
"""

import math
import re

import numpy as np
import pytest
from sample_exercises import ALL as SAMPLES

import helpers
from helpers import CheckResult, exercises

BOOK = exercises.all()
ENTRIES = BOOK + SAMPLES
IDS = [e.id for e in ENTRIES]
FUNCTIONS = [e for e in ENTRIES if e.kind in ("function", "debug")]
VALUES = [e for e in ENTRIES if e.kind == "value"]
CHOICES = [e for e in ENTRIES if e.kind == "choice"]
COMPARED = FUNCTIONS + VALUES


def ids(entries):
    return [e.id for e in entries]


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


def as_answer(entry, answer):
    """A misconception's or reference's answer as a reader would pass it."""
    return forwarding(entry, answer) if entry.kind in ("function", "debug") else answer


def stub(entry):
    """The exercise cell as the notebook gives it."""
    if entry.kind in ("function", "debug"):
        return make_function(entry.signature, "raise NotImplementedError")
    return ...


def mutate(value, op):
    """Apply ``op`` to every number of an answer: scalar, array, tuple or dict."""
    if isinstance(value, dict):
        return {k: mutate(v, op) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return tuple(mutate(v, op) for v in value)
    if np.ndim(value) > 0:
        return op(np.asarray(value, dtype=float))
    return op(value)


def wrong(entry, op):
    """The reference answer with ``op`` applied to every number it gives."""
    if entry.kind == "value":
        return mutate(entry.reference, op)
    return forwarding(entry, lambda *a: mutate(entry.reference(*a), op))


def recorded_cases(entry):
    """The argument tuples the check calls an answer with, in order."""
    cases = []

    def spy(*args):
        cases.append(args)
        return entry.reference(*args)

    result = entry.check(forwarding(entry, spy))
    assert result, result.message
    return cases


def assert_failed_verdict(result, entry=None):
    """A failed, one-line CheckResult marked ❌ or ⏳, not an internal error of the check."""
    assert isinstance(result, CheckResult)
    assert not result, result.message
    assert "\n" not in result.message
    assert result.message.startswith(("❌ ", "⏳ ")), result.message
    assert "the check itself failed" not in result.message, result.message
    if entry is not None:
        assert result.message.startswith(f"❌ Exercise {entry.id}: "), result.message


# ---------------------------------------------------------------------------
# The catalog
# ---------------------------------------------------------------------------


def test_catalog_is_not_empty_and_in_book_order():
    """all() lists exercises ordered by (chapter, number), numerically not as text."""
    assert len(BOOK) >= 3
    keys = [tuple(int(p) for p in e.id.split(".")) for e in BOOK]
    assert keys == sorted(keys)


def test_ids_are_unique_and_well_formed():
    """Ids look like "1.1", and no id is used twice (the samples use chapter 0)."""
    assert len(set(IDS)) == len(IDS)
    for entry in BOOK:
        assert re.fullmatch(r"[1-9]\d*\.[1-9]\d*", entry.id), entry.id
    for entry in SAMPLES:
        assert entry.chapter == 0 and entry not in BOOK


def test_samples_cover_every_kind():
    """The unit tests hold at least one exercise of each of the four kinds."""
    assert {e.kind for e in SAMPLES} == {"function", "value", "choice", "debug"}


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_entry_has_its_fields(entry):
    """Each entry has an id, a title, a chapter matching its id, a kind, a check."""
    assert isinstance(entry.title, str) and entry.title.strip()
    assert entry.chapter == int(entry.id.split(".")[0])
    assert entry.kind in ("function", "value", "choice", "debug")
    assert callable(entry.check)
    if entry.kind in ("function", "debug"):
        assert callable(entry.reference)
        assert re.fullmatch(r"[A-Za-z_]\w*\(.*\)", entry.signature), entry.signature
        assert len(entry.cases) >= 3


def test_get_returns_the_entry():
    """get("1.2") is the exercise with id "1.2"."""
    assert exercises.get("1.2").id == "1.2"
    for entry in BOOK:
        assert exercises.get(entry.id) is entry


def test_get_unknown_id_lists_known_ids():
    """An unknown id is a KeyError whose message lists every id that exists."""
    with pytest.raises(KeyError) as info:
        exercises.get("9.9")
    message = str(info.value)
    assert "9.9" in message
    for entry in BOOK:
        assert entry.id in message


def test_check_with_unknown_id_returns_a_failed_result():
    """helpers.check never raises for a wrong id: it says which ids exist."""
    result = helpers.check("9.9", lambda x, y: 0.0)
    assert_failed_verdict(result)
    assert "9.9" in result.message
    assert ", ".join(ids(BOOK)) in result.message


def test_helpers_check_is_the_catalog_check():
    """helpers.check(id, answer) gives the same verdict as the entry's own check."""
    entry = exercises.get("1.1")
    assert (
        helpers.check("1.1", entry.reference).message
        == entry.check(entry.reference).message
    )
    assert helpers.check("1.1", entry.reference)


def test_registering_an_id_twice_is_refused():
    with pytest.raises(ValueError, match="exercise 1.1 is registered twice"):
        exercises.register(exercises.get("1.1"))


def test_a_bug_in_a_checker_is_reported_not_raised():
    """If a check itself breaks, the reader gets a failed result asking for a report."""

    class Broken(exercises.Exercise):
        def _check(self, answer):
            raise RuntimeError("oops")

    entry = Broken(id="0.9", title="broken", signature="f(x)", reference=None)
    result = entry.check(lambda x: x)
    assert not result
    assert result.message == (
        "❌ Exercise 0.9: the check itself failed (RuntimeError); please report this."
    )


def test_a_choice_must_explain_every_wrong_option():
    """A choice exercise missing the explanation of a wrong option is refused."""
    with pytest.raises(ValueError, match="every wrong option needs"):
        exercises.ChoiceExercise(
            id="0.9",
            title="t",
            signature="a or b",
            reference="a",
            options={"a": "yes", "b": "no", "c": "maybe"},
            misconceptions=(exercises.Misconception("b", "b", "no."),),
        )


# ---------------------------------------------------------------------------
# Every entry: right answers pass, the stub waits, wrong ones fail
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_reference_passes(entry):
    """The book's own solution passes, with a one-line ✅ message naming the exercise."""
    result = entry.check(entry.reference)
    assert result, result.message
    assert result.message.startswith(f"✅ Exercise {entry.id} passed")
    assert "\n" not in result.message


@pytest.mark.parametrize("entry", FUNCTIONS, ids=ids(FUNCTIONS))
def test_reference_with_exact_signature_passes(entry):
    """The reference wrapped in a function with the exercise's signature passes too."""
    result = entry.check(forwarding(entry, entry.reference))
    assert result, result.message


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_untouched_stub_is_not_done_yet(entry):
    """The exercise cell as given (``raise NotImplementedError``, or ``...``) gets ⏳."""
    result = entry.check(stub(entry))
    assert_failed_verdict(result)
    assert result.message.startswith(f"⏳ Exercise {entry.id}")
    if entry.kind in ("function", "debug"):
        assert f"{entry.name} is not implemented yet" in result.message
    else:
        assert "not answered yet" in result.message


MISCONCEPTIONS = [(e, m) for e in ENTRIES for m in e.misconceptions]


@pytest.mark.parametrize(
    "entry, misconception",
    MISCONCEPTIONS,
    ids=[f"{e.id}-{m.name}" for e, m in MISCONCEPTIONS],
)
def test_misconception_fails_with_its_hint(entry, misconception):
    """Each known wrong answer fails, and the message carries that misconception's hint."""
    result = entry.check(as_answer(entry, misconception.answer))
    assert_failed_verdict(result, entry)
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


def accepts_opposite(entry):
    """A value exercise whose right answers include the negated reference."""
    from helpers.exercises import AnyOf

    return (
        entry.kind == "value"
        and isinstance(entry.expected(), AnyOf)
        and bool(entry.check(mutate(entry.reference, lambda v: -v)))
    )


MUTANT_CASES = [
    (entry, mutant)
    for entry in COMPARED
    for mutant in MUTANTS
    # 0.5 and 2.5 accept a direction and its opposite: negating it is right.
    # An exercise that accepts a direction and its opposite: negating it is right.
    if not (mutant == "negated" and accepts_opposite(entry))
]


@pytest.mark.parametrize(
    "entry, mutant",
    MUTANT_CASES,
    ids=[f"{e.id}-{m}" for e, m in MUTANT_CASES],
)
def test_wrong_answers_fail(entry, mutant):
    """The reference scaled, negated or shifted fails (every number of the answer)."""
    result = entry.check(wrong(entry, MUTANTS[mutant]))
    assert_failed_verdict(result, entry)


def _perturb_entry(value, target, counter):
    """``value`` with its ``target``-th number (in reading order) changed by 1%."""
    if isinstance(value, dict):
        return {k: _perturb_entry(v, target, counter) for k, v in value.items()}
    if isinstance(value, (tuple, list)) and any(np.ndim(v) > 0 for v in value):
        return tuple(_perturb_entry(v, target, counter) for v in value)
    arr = np.array(value, dtype=float)
    flat = arr.reshape(-1)
    if counter[0] <= target < counter[0] + flat.size:
        flat[target - counter[0]] = flat[target - counter[0]] * 1.01 + 1e-3
    counter[0] += flat.size
    return arr if np.ndim(value) > 0 or isinstance(value, (tuple, list)) else float(arr)


@pytest.mark.parametrize("entry", COMPARED, ids=ids(COMPARED))
def test_one_number_perturbed_fails(entry):
    """Right everywhere but one number of the answer: it fails, whichever number."""
    sample = (
        entry.reference
        if entry.kind == "value"
        else entry.reference(*recorded_cases(entry)[0])
    )
    count = len(np.concatenate([np.ravel(v) for v in _leaves(sample)]))
    for target in sorted({0, count // 2, count - 1}):
        if entry.kind == "value":
            answer = _perturb_entry(entry.reference, target, [0])
        else:
            answer = forwarding(
                entry, lambda *a, t=target: _perturb_entry(entry.reference(*a), t, [0])
            )
        result = entry.check(answer)
        assert_failed_verdict(result, entry)
        # A function's message shows the reader's number; a value's diagnoses it.
        assert ("your " if entry.kind != "value" else entry.name) in result.message


def _leaves(value):
    if isinstance(value, dict):
        return [x for v in value.values() for x in _leaves(v)]
    if isinstance(value, (tuple, list)) and any(np.ndim(v) > 0 for v in value):
        return [x for v in value for x in _leaves(v)]
    return [np.asarray(value, dtype=float)]


def _same_argument(a, b):
    """Whether two arguments of a case are equal (arrays, numbers, dicts of arrays)."""
    if isinstance(a, dict) or isinstance(b, dict):
        return (
            isinstance(a, dict)
            and isinstance(b, dict)
            and a.keys() == b.keys()
            and all(_same_argument(a[k], b[k]) for k in a)
        )
    return a is b or np.array_equal(a, b)


@pytest.mark.parametrize("entry", FUNCTIONS, ids=ids(FUNCTIONS))
def test_answer_wrong_at_one_input_names_that_input(entry):
    """Right everywhere but one input: it fails, and the message shows that input."""
    cases = recorded_cases(entry)
    bad = len(cases) // 2

    def answer(*args):
        value = entry.reference(*args)
        same = all(_same_argument(a, b) for a, b in zip(args, cases[bad]))
        return mutate(value, lambda v: v + 1.0) if same else value

    result = entry.check(forwarding(entry, answer))
    assert_failed_verdict(result, entry)
    assert f"at {entry.describe(*cases[bad])} " in result.message, result.message


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_check_messages_are_deterministic(entry):
    """The same answer gives the same message every time."""
    answers = [entry.reference, as_answer(entry, entry.misconceptions[-1].answer)]
    for answer in answers:
        assert entry.check(answer).message == entry.check(answer).message


# ---------------------------------------------------------------------------
# Every entry: nothing a reader passes makes the check raise
# ---------------------------------------------------------------------------


def _returning(value):
    """An answer returning ``value`` (whatever the exercise expects)."""
    return lambda entry: forwarding(entry, lambda *a: value)


def _each_value(op):
    """An answer shaped like the reference's, with ``op`` applied to every number."""
    return lambda entry: forwarding(entry, lambda *a: mutate(entry.reference(*a), op))


def _too_many_parameters(entry):
    return make_function(f"{entry.signature[:-1]}, extra)", "return 0.0")


def _too_few_parameters(entry):
    # One parameter fewer than needed: none at all for a one-argument exercise.
    fewer = "only_one" if "," in parameters(entry) else ""
    return make_function(f"{entry.name}({fewer})", "return 0.0")


def _divides_by_zero(entry):
    return make_function(entry.signature, "return 1 / 0")


BAD_FUNCTIONS = {
    "None": (lambda entry: None, r"got None instead of a function"),
    "int": (lambda entry: 3, r"got a value \(3\), not a function: pass the function"),
    "str": (
        lambda entry: "x**2",
        r"expected a function such as def .*, got str 'x\*\*2'",
    ),
    "class": (lambda entry: float, r"expected a function"),
    "too many args": (_too_many_parameters, r"must take \d+ argument\(s\)"),
    "too few args": (
        _too_few_parameters,
        r"takes \((only_one)?\) but must take \d+ argument\(s\)",
    ),
    "ZeroDivisionError": (_divides_by_zero, r"raised ZeroDivisionError"),
    "returns None": (
        _returning(None),
        r"returned None at .*: is a return statement missing\?$",
    ),
    "returns nan": (_each_value(lambda v: v * math.nan), r"(returned|is) nan"),
    "returns str": (_returning("0.5"), r"returned a string '0.5'"),
    "returns complex": (_each_value(lambda v: v + 2j), r"complex numbers"),
    "returns a dict": (_returning({"a": 1.0}), r"returned a dict|has no key"),
    "returns an object": (_returning(object()), r"returned|is"),
    "returns a list of 9 values": (_returning([0.5] * 9), r"returned|has shape"),
}


@pytest.mark.parametrize("kind", BAD_FUNCTIONS)
@pytest.mark.parametrize("entry", FUNCTIONS, ids=ids(FUNCTIONS))
def test_bad_function_answer_gives_a_one_line_failure(entry, kind):
    """Whatever the reader passes, the check returns a failed one-line verdict saying why."""
    make, pattern = BAD_FUNCTIONS[kind]
    result = entry.check(make(entry))
    again = entry.check(make(entry))
    assert_failed_verdict(result, entry)
    assert re.search(pattern, result.message), result.message
    assert again.message == result.message
    assert " at 0x" not in result.message


BAD_VALUES = {
    "None": (None, r"is None"),
    "str": ("4, 13", r"is a string"),
    "bool": (True, r"is a bool"),
    "nan": (math.nan, r"nan|a single number|shape"),
    "complex": (1 + 2j, r"complex"),
    "object": (object(), r"is object, but it cannot become a number"),
    "dict": ({"a": 1.0}, r"dict|expected"),
    "ragged": ([[1.0, 2.0], [3.0]], r"different shapes"),
    "function": (lambda: 0.0, r"got a function, not a value"),
    "sympy symbol": ("sympy", r"is a mix holding|still holds a symbol"),
}


@pytest.mark.parametrize("kind", BAD_VALUES)
@pytest.mark.parametrize("entry", VALUES, ids=ids(VALUES))
def test_bad_value_gives_a_one_line_failure(entry, kind):
    value, pattern = BAD_VALUES[kind]
    if value == "sympy":
        sympy = pytest.importorskip("sympy")
        value = [sympy.Symbol("x"), 1]
    result = entry.check(value)
    assert_failed_verdict(result, entry)
    assert re.search(pattern, result.message), result.message
    assert " at 0x" not in result.message


@pytest.mark.parametrize("answer", [None, 2, "e", "", ["a"], object()])
@pytest.mark.parametrize("entry", CHOICES, ids=ids(CHOICES))
def test_bad_choice_lists_the_letters(entry, answer):
    result = entry.check(answer)
    assert_failed_verdict(result, entry)
    assert "answer with one of the letters" in result.message
    assert " at 0x" not in result.message


@pytest.mark.parametrize("entry", FUNCTIONS, ids=ids(FUNCTIONS))
def test_exception_message_names_the_input(entry):
    """An exception in the reader's code is reported with the input where it happened."""
    result = entry.check(make_function(entry.signature, "return 1 / 0"))
    first = recorded_cases(entry)[0]
    assert f"ZeroDivisionError (division by zero) at {entry.describe(*first)}" in (
        result.message
    )


def test_exception_message_quotes_the_readers_line():
    """For a function defined in a file (a notebook cell), the failing line is quoted."""

    def df_dy(x, y):
        return x / (y - y)

    result = helpers.check("1.5", df_dy)
    line = df_dy.__code__.co_firstlineno + 1
    assert_failed_verdict(result)
    assert (
        "df_dy raised ZeroDivisionError (float division by zero) at (x, y) = ("
        in result.message
    )
    assert f", line {line} of your code: “return x / (y - y)”." in result.message


def test_a_warning_with_a_known_cause_gets_its_hint():
    """warning_hints turn numpy's warning (an overflow in exp) into what to fix."""
    from helpers.exercises import FunctionExercise, Misconception

    def soft(z):
        e = np.exp(z - np.max(z))
        return e / e.sum()

    entry = FunctionExercise(
        id="0.8",
        title="softmax of a vector",
        signature="soft(z)",
        reference=soft,
        cases=((np.array([0.0, 1.0]),), (np.array([1000.0, 0.0]),), (np.zeros(3),)),
        expected=soft,
        describe=lambda z: f"z = {z.tolist()}",
        source="the stable formula",
        warning_hints={"overflow encountered in exp": "subtract the max first"},
        misconceptions=(Misconception("uniform", lambda z: z * 0 + 0.5, "not 1/2"),),
    )

    def naive(z):
        return np.exp(z) / np.exp(z).sum()

    message = entry.check(naive).message
    assert message.startswith("❌ Exercise 0.8: naive returned nan")
    assert "overflow encountered in exp" in message
    assert message.endswith(": subtract the max first.")
    assert entry.check(soft)  # no warning, no hint

    def divides(z):
        return soft(z) / (z - z)  # warns, but of something without a hint

    assert "subtract the max" not in entry.check(divides).message

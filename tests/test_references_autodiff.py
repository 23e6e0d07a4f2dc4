"""The book's reference answers against an independent automatic-differentiation library.

The exercise checks compare readers' answers with finite differences; here the
references (and those finite differences) are compared with derivatives computed by
autograd, which shares no code with helpers. Every exercise in the catalog must have a
verification here, so a new exercise cannot skip it.
"""

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import elementwise_grad, grad

from helpers import exercises, partial_derivative
from helpers.exercises import ch01


def f_worked(x, y):
    return x**2 * anp.cos(x * y)


def g_three(x, y, z):
    return x**2 * y + y * anp.sin(z) + anp.exp(x * z)


def verify_1_1(entry):
    for x, y in ch01.CASES_1_1:
        exact = grad(f_worked, 1)(x, y)
        assert entry.reference(x, y) == pytest.approx(exact, rel=1e-12, abs=1e-14)
        fd = partial_derivative(ch01.worked_f, (x, y), "y")
        assert fd == pytest.approx(exact, rel=1e-7, abs=1e-9)


def verify_1_2(entry):
    for x, y, z in ch01.CASES_1_2:
        exact = [grad(g_three, k)(x, y, z) for k in range(3)]
        assert np.allclose(entry.reference(x, y, z), exact, rtol=1e-12, atol=1e-14)
        fd = [partial_derivative(ch01.three_var_g, (x, y, z), k) for k in range(3)]
        assert np.allclose(fd, exact, rtol=1e-7, atol=1e-9)


def verify_1_3(entry):
    """The central difference converges to f' with error h² f'''/6 (f', f''' by autograd)."""
    for f in (anp.sin, anp.exp, lambda t: t**3 - 2.0 * t, lambda t: anp.exp(-(t**2))):
        d1 = elementwise_grad(f)
        d3 = elementwise_grad(elementwise_grad(d1))
        for x in (-1.0, 0.3, 0.7, 2.0):
            h = 1e-3
            error = entry.reference(f, x, h) - d1(x)
            assert error == pytest.approx(h**2 * d3(x) / 6, rel=1e-3, abs=1e-12)


VERIFY = {"1.1": verify_1_1, "1.2": verify_1_2, "1.3": verify_1_3}


def test_every_exercise_has_a_verification():
    assert sorted(VERIFY) == sorted(e.id for e in exercises.all())


@pytest.mark.parametrize("exercise_id", sorted(VERIFY))
def test_reference_matches_autodiff(exercise_id):
    VERIFY[exercise_id](exercises.get(exercise_id))

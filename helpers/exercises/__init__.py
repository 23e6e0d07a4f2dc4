"""The catalog: every exercise of the book, declared as data, in book order.

An exercise is one of four kinds (:mod:`.kinds`), each checked by ``check(id, answer)``:
a function the reader writes, a value the reader computes, the letter of an option,
or given code with a planted mistake that the reader repairs.

The package, layer by layer:

- :mod:`.base`: :class:`Exercise` and :class:`Misconception`, and the comparison of an
  answer with the value computed from the mathematics;
- :mod:`.kinds`: the four kinds;
- :mod:`.registry`: :func:`register`, :func:`all`, :func:`get`, :func:`check`,
  :func:`hint` (graded hints on request) and :func:`prefer`; it imports the
  chapters' modules (listed in ``CHAPTERS``) the first time it is asked for an
  exercise;
- :mod:`.cases`: building cases (:func:`points`) and describing them in messages;
- :mod:`.common`: what several chapters share (chapter 1's four points and its loss);
- ``ch01.py``, ``ch02.py``, ...: one module per chapter, declaring its exercises.

A function exercise's reference (``df_dy_solution``) is the chapter's solution cell's
function, and a debugging task's given code the reader's cell, copied unchanged: the
tests compare the two with the notebook, so each solution is written once.

>>> from helpers import exercises
>>> [e.id for e in exercises.all()][:3]
['1.1', '1.2', '1.3']
"""

from __future__ import annotations

from ..checks.compare import AnyOf
from .base import Exercise, Misconception
from .cases import describe_point, points, see
from .kinds import ChoiceExercise, DebugExercise, FunctionExercise, ValueExercise
from .registry import all, check, forget_progress, get, hint, prefer, register

__all__ = [
    "AnyOf",
    "ChoiceExercise",
    "DebugExercise",
    "Exercise",
    "FunctionExercise",
    "Misconception",
    "ValueExercise",
    "all",
    "check",
    "describe_point",
    "forget_progress",
    "get",
    "hint",
    "points",
    "prefer",
    "register",
    "see",
]

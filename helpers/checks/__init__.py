"""Verdicts: ``CheckResult``, ``gradient_check``, and what every exercise check uses.

- :mod:`~helpers.checks.verdict`: ``CheckResult`` and the number formats of messages;
- :mod:`~helpers.checks.reader`: calling a reader's code safely (time limit, warnings,
  exceptions, in-place changes);
- :mod:`~helpers.checks.compare`: one comparison of an answer with the expected value,
  for a number, an array of any shape, or a tuple or dict of them;
- :mod:`~helpers.checks.diagnose`: what a value exercise says about a wrong value
  without showing the right one;
- :mod:`~helpers.checks.gradient`: ``gradient_check`` for arrays and dicts of arrays;
- :mod:`~helpers.checks.backprop`: ``backprop_check``, a backward pass node by node.

A check never raises for anything a reader passes in: it returns a failed
``CheckResult`` whose one-line message says what is wrong, where, and (for a known
misconception) why.
"""

from .backprop import backprop_check, network_nodes
from .compare import AnyOf, shape_message
from .gradient import FULL_CHECK_LIMIT, ROUNDOFF, RTOL, gradient_check
from .reader import NotImplementedYet, ReaderError, TimeUp, call_reader, time_limit
from .verdict import FAIL, PASS, TODO, CheckResult, fmt, fmt_error, relative_error

__all__ = [
    "FAIL",
    "FULL_CHECK_LIMIT",
    "PASS",
    "ROUNDOFF",
    "RTOL",
    "TODO",
    "AnyOf",
    "CheckResult",
    "NotImplementedYet",
    "ReaderError",
    "TimeUp",
    "backprop_check",
    "call_reader",
    "fmt",
    "fmt_error",
    "gradient_check",
    "network_nodes",
    "relative_error",
    "shape_message",
    "time_limit",
]

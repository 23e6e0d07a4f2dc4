"""The instructors' kit for *Multivariable Calculus for Machine Learning*.

Not part of ``helpers``, and not installed with it: readers never get it. It runs from
a clone of the book's repository, with the ``teach`` dependency group of
``pyproject.toml`` installed (nbformat, nbconvert, nbclient, jupyter-client, ipykernel):

- ``python -m teach.student`` (``make student``) writes the student edition of every
  chapter: the book without its solution cells (:mod:`teach.student`);
- ``python -m teach.grade SUBMISSIONS`` grades submitted notebooks, each in a sandbox
  of its own with limits on time, memory, processes and CPU (:mod:`teach.grade`,
  :mod:`teach.grading`, :mod:`teach.sandbox`, :mod:`teach.runner`);
- ``python -m teach.gradescope build --chapter N`` writes a Gradescope autograder
  bundle (:mod:`teach.gradescope`), and ``python -m teach.canvas`` merges a chapter's
  totals into a gradebook exported from Canvas (:mod:`teach.canvas`).

They find an exercise's cells in a chapter the same way (:mod:`teach.notebooks`), and
both check answers with the book's own catalog, ``helpers.exercises``.
"""

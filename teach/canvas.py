"""Canvas: merge a chapter's totals into a gradebook exported from Canvas.

Export the gradebook from Canvas (Grades, Export, CSV), grade the chapter with
``python -m teach.grade`` (name each submission after its student: the SIS login or
the email, as ``jdoe.ipynb``, ``jdoe@uni.edu.ipynb`` or ``05_linear_regression-jdoe
.ipynb``), then::

    python -m teach.canvas export.csv grades.json --column "Chapter 5" --out import.csv

and import ``import.csv`` in Canvas (Grades, Import). A student is matched when the
submission's name is their SIS login or email, or ends with ``-login`` or ``_login``
(case does not matter). The column is added when the export does not have it, its
"Points Possible" cell set to the chapter's maximum; every other cell is kept as
exported. Everyone unmatched is reported: submissions that match no student (and
students matched twice), and students with no submission (their cell is left as it
was). With ``--strict`` the command fails (exit 1) when a submission matches no one.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
import tempfile
from pathlib import Path

from .grade import student_of
from .grading import clean

LOGIN_COLUMNS = ("SIS Login ID", "Login ID", "Email", "SIS User ID")


def _keys(student: dict[str, str]) -> set[str]:
    keys = set()
    for column in LOGIN_COLUMNS:
        value = (student.get(column) or "").strip().casefold()
        if value:
            keys.add(value)
            if "@" in value:
                keys.add(value.split("@", 1)[0])
    return keys


def _candidates(name: str) -> list[str]:
    """What a submission's name may hold: itself, and its last ``-`` or ``_`` part."""
    name = name.strip().casefold()
    found = [name]
    parts = re.split(r"[-_ ]", name)
    if len(parts) > 1:
        found.append(parts[-1])
    return found


def merge(export: str, rows: list[dict], column: str) -> tuple[str, dict[str, list]]:
    """The export with ``column`` holding each matched student's total; and what did not
    match: ``{"submissions": [...], "students": [...], "twice": [...]}``."""
    reader = csv.reader(io.StringIO(export))
    table = [line for line in reader]
    if not table:
        raise ValueError("the gradebook export is empty")
    header = table[0]
    if "Student" not in header:
        raise ValueError("not a Canvas gradebook export: no 'Student' column")
    if column not in header:
        header.append(column)
    at = header.index(column)
    by_key: dict[str, int] = {}
    students = []
    for i, line in enumerate(table[1:], start=1):
        line += [""] * (len(header) - len(line))
        record = dict(zip(header, line))
        name = record.get("Student", "").strip()
        if "Points Possible" in name or not name:
            continue
        students.append(i)
        for key in _keys(record):
            by_key.setdefault(key, i)
    out_of = max((row.get("out_of", 0) for row in rows), default=0)
    for line in table[1:]:
        if "Points Possible" in line[header.index("Student")]:
            line[at] = str(out_of)
    matched: dict[int, str] = {}
    unmatched, twice = [], []
    for row in sorted(rows, key=student_of):
        who = student_of(row)
        found = next((by_key[c] for c in _candidates(who) if c in by_key), None)
        if found is None:
            unmatched.append(who)
            continue
        if found in matched:
            twice.append(f"{who} (and {matched[found]})")
            continue
        matched[found] = who
        table[found][at] = str(row.get("score", 0))
    missing = [table[i][header.index("Student")] for i in students if i not in matched]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(table)
    report = {"submissions": unmatched, "students": missing, "twice": twice}
    return buffer.getvalue(), report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m teach.canvas", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "export", type=Path, help="the gradebook CSV exported from Canvas"
    )
    parser.add_argument("grades", type=Path, help="grades.json written by teach.grade")
    parser.add_argument("--column", required=True, help="the assignment's column")
    parser.add_argument("--out", type=Path, required=True, help="the CSV to import")
    parser.add_argument(
        "--strict", action="store_true", help="fail when a submission matches no one"
    )
    args = parser.parse_args(argv)
    export = args.export.read_text(encoding="utf-8-sig")
    rows = json.loads(args.grades.read_text(encoding="utf-8"))["submissions"]
    merged, report = merge(export, rows, args.column)
    fd, tmp = tempfile.mkstemp(prefix=".canvas.", dir=args.out.parent or Path("."))
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(merged)
    os.replace(tmp, args.out)
    matched = len(rows) - len(report["submissions"]) - len(report["twice"])
    print(f"{matched} of {len(rows)} submissions merged into {clean(args.out)}")
    for what, names in (
        ("submission matching no student", report["submissions"]),
        ("student matched by two submissions", report["twice"]),
        ("student with no submission", report["students"]),
    ):
        for name in names:
            print(clean(f"unmatched: {what}: {name}"))
    return 1 if args.strict and report["submissions"] else 0


if __name__ == "__main__":
    sys.exit(main())

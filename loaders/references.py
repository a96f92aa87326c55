"""References between facts (a statement's meeting, a quote's statement, a disagreement's
fact) may point across files, so they are checked in SQL once every file is loaded."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..schema.tables import FACT_TABLES
from .problems import Problem

# (table, column, field name in the fact file, target table)
REFERENCES = (
    ("statements", "meeting_id", "meeting", "meetings"),
    ("agreements", "meeting_id", "meeting", "meetings"),
    ("quotes", "meeting_id", "meeting", "meetings"),
    ("quotes", "statement_id", "statement", "statements"),
)


def dangling_references(conn: sqlite3.Connection, seeds: Path, rejected: set[str]) -> list[Problem]:
    """Problems located at the referring record (``record`` is ``seeds/file:line``).

    A reference to a record that was rejected for problems of its own is not reported again.
    """

    def _problem(record: str, message: str) -> Problem:
        path, line = record.rsplit(":", 1)
        return Problem(os.path.relpath(seeds.parent / path), int(line), 1, message)

    problems = []
    for table, column, field, target in REFERENCES:
        rows = conn.execute(
            f"SELECT record, [{column}] FROM [{table}] WHERE [{column}] IS NOT NULL"
            f" AND NOT EXISTS (SELECT 1 FROM [{target}] t WHERE t.id = [{table}].[{column}])"
        )
        problems += [_problem(r, f"{field}: unknown {target[:-1]} '{ref}'") for r, ref in rows if ref not in rejected]
    for fact_type, table in FACT_TABLES.items():
        rows = conn.execute(
            f"SELECT record, fact_id FROM disagreements WHERE fact_type = ?"
            f" AND NOT EXISTS (SELECT 1 FROM [{table}] t WHERE t.id = disagreements.fact_id)",
            (fact_type,),
        )
        problems += [_problem(r, f"about.id: unknown {fact_type} '{ref}'") for r, ref in rows if ref not in rejected]
    return problems

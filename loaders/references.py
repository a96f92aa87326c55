"""References between records (a statement's meeting, a quote's statement, a disagreement's
fact) may point across files, so they are checked in SQL once every file is loaded. Which
columns refer to which records comes from the kinds' declarations."""
from __future__ import annotations

import sqlite3

from ..schema.kinds import KINDS, RECORD_KINDS, RECORD_KINDS_BY_TABLE
from ..schema.sqltext import ident
from .problems import Problem


def record_references() -> list[tuple[str, str, str, str]]:
    """(table, column, field, target table) for every column of a record's own table that
    names another record (entities and sources are checked record by record, in-file)."""
    out = []
    for kind in RECORD_KINDS:
        for c in kind.table.columns:
            target = c.references.split(".")[0] if c.references else None
            if target in RECORD_KINDS_BY_TABLE and c.bound:
                out.append((kind.table.name, c.name, c.bound, target))
    return out


def dangling_references(conn: sqlite3.Connection, rejected: set[str]) -> list[Problem]:
    """Problems located at the referring record. A reference to a record that was rejected
    for problems of its own is not reported again."""
    problems = []
    for table, column, field, target in record_references():
        rows = conn.execute(
            f"SELECT record, {ident(column)} FROM {ident(table)} WHERE {ident(column)} IS NOT NULL"
            f" AND NOT EXISTS (SELECT 1 FROM {ident(target)} t WHERE t.id = {ident(table)}.{ident(column)})"
        )
        noun = RECORD_KINDS_BY_TABLE[target].name
        problems += [Problem.at_record(r, f"{field}: unknown {noun} '{ref}'") for r, ref in rows if ref not in rejected]
    for kind in KINDS:
        rows = conn.execute(
            f"SELECT record, fact_id FROM disagreements WHERE fact_type = ?"
            f" AND NOT EXISTS (SELECT 1 FROM {ident(kind.table.name)} t WHERE t.id = disagreements.fact_id)",
            (kind.name,),
        )
        problems += [Problem.at_record(r, f"about.id: unknown {kind.name} '{ref}'") for r, ref in rows if ref not in rejected]
    return problems

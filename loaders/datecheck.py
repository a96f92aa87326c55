"""No date more precise than its evidence: the cross-file rule for dates inferred to the day.

A date the source states, or one resolved from its own words ('on Wednesday' against the
source's date), may be given to the day. A date inferred from elsewhere may be given to the
day only when that elsewhere is named: a fact it belongs to (its meeting, a quote's
statement) has that very day, or its
``date_note`` names, by id, a fact dated that day or the source that gives the day. Whether
the named evidence really gives the day is for a reader; that it is named is checked here,
once every file is loaded (the evidence may be curated in another file)."""
from __future__ import annotations

import re
import sqlite3

from ..schema.kinds import KINDS, KINDS_BY_TABLE
from ..schema.sqltext import ident, in_list
from .problems import Problem
from .references import record_references

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _parent_columns() -> dict[str, list[tuple[str, str, str]]]:
    """table -> (column, target table, field) of the facts a fact belongs to (meeting, statement)."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for table, column, field, target in record_references():
        if table in KINDS_BY_TABLE and target in KINDS_BY_TABLE:
            out.setdefault(table, []).append((column, target, field))
    return out


def _named(conn: sqlite3.Connection, note: str, date: str) -> bool:
    """Whether ``note`` names a source, or a fact dated ``date``, by its id."""
    ids = sorted(set(_ID.findall(note)))
    if not ids:
        return False
    marks = in_list(ids)
    if conn.execute(f"SELECT 1 FROM sources WHERE id IN {marks} LIMIT 1", ids).fetchone():
        return True
    return any(conn.execute(f"SELECT 1 FROM {ident(k.table.name)} WHERE id IN {marks} AND date = ? LIMIT 1",
                            (*ids, date)).fetchone() for k in KINDS)


def unsupported_days(conn: sqlite3.Connection, rejected: set[str]) -> list[Problem]:
    """Facts inferred to the day with no evidence for the day named, located at the fact. A
    fact that belongs to a record rejected for problems of its own is not reported again."""
    problems = []
    parents = _parent_columns()
    for kind in KINDS:
        table = kind.table.name
        same_day = " OR ".join(f"EXISTS (SELECT 1 FROM {ident(target)} p WHERE p.id = t.{ident(column)} AND p.date = t.date)"
                               for column, target, _ in parents.get(table, ())) or "0"
        refs = "".join(f", t.{ident(column)}" for column, _, _ in parents.get(table, ()))
        rows = conn.execute(
            f"SELECT t.record, t.date, t.date_note{refs} FROM {ident(table)} t"
            f" WHERE t.date_basis = 'inferred' AND length(t.date) = 10 AND NOT ({same_day})")
        for record, date, note, *belongs_to in rows:
            if rejected.intersection(belongs_to):
                continue
            if not _named(conn, note or "", date):
                problems.append(Problem.at_record(record, (
                    f"date: {date} is inferred to the day, but nothing names the evidence for the day: "
                    + (f"no fact it belongs to ({' or '.join(f for _, _, f in parents[table])}) is of that day, and "
                       if table in parents else "")
                    + "date_note names no source, nor any fact of that day, by id. Name it in "
                    f"date_note, or give the date only as far as the evidence goes ({date[:7]})")))
    return problems

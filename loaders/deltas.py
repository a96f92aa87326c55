"""How an incremental build brings the derived tables and computed columns up to date in
proportion to the rows it changed, not to the corpus.

The trick is SQLite's name resolution: an unqualified table name finds the temporary schema
first. A *shadow* is a temporary table named like a stored one and holding only the changed
rows; a table's own derivation (``Table.derivation``, the same SQL a full build runs), run while
the shadows exist, then reads only them and gives the changed rows' *contribution*. Taken
once with the rows as they were (before the delete) and once as they are (after the insert),
the two contributions say what to change. How each derived table follows, declared once here
(a test checks that every derived table has a way):

- ``ROWS``: each derived row comes from one record (the ``facts`` table, ``entity_facts``): delete the old
  contribution's keys, insert the new contribution.
- ``SUM``: every column but the key is a count (``timeline``, ``entity_months``, facet counts): add the new
  contribution, subtract the old, drop the rows that reach zero.
- ``Regroup``: a row aggregates rows it cannot take apart again (``meeting_pairs``: the
  kinds, the first and last date). The keys whose two contributions differ are derived again
  in full, from shadows holding every stored row those keys read (a key whose changed rows
  aggregate to the same row before and after keeps its row: the aggregate must depend only
  on the set of rows, never on their order).

A derived table read by a later derivation must follow by ``ROWS``, so that its new
contribution can stand as its shadow."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from ..schema.columns import Table
from ..schema.sqltext import ident, idents
from ..schema.tables import DERIVED

ROWS = "rows"
SUM = "sum"


@dataclass(frozen=True)
class Regroup:
    # shadow name -> SELECT of the stored rows the keys in temp.[regroup_keys] read
    shadows: dict[str, str] = field(default_factory=dict)


# (CROSS JOIN keeps SQLite's join order: from the few keys to the rows, by index)
_PAIR_MEETINGS = ("SELECT a.meeting_id FROM temp.regroup_keys k"
                  " CROSS JOIN main.meeting_participants a ON a.entity_id = k.entity_a"
                  " CROSS JOIN main.meeting_participants b ON b.meeting_id = a.meeting_id AND b.entity_id = k.entity_b")

WAYS: dict[str, str | Regroup] = {
    "entity_aliases": ROWS,
    "facts": ROWS,
    "timeline": SUM,
    "meeting_pairs": Regroup({
        "meeting_participants": f"SELECT * FROM main.meeting_participants WHERE meeting_id IN ({_PAIR_MEETINGS})",
        "meetings": f"SELECT * FROM main.meetings WHERE id IN ({_PAIR_MEETINGS})",
    }),
    "entity_facts": ROWS,
    "entity_months": SUM,
    "facet_counts": SUM,
    "facet_pair_counts": SUM,
}


def _on_keys(table: Table, left: str, right: str) -> str:
    return " AND ".join(f"{left}.{ident(c)} = {right}.{ident(c)}" for c in table.pk_columns)


def shadow(conn: sqlite3.Connection, name: str, select: str) -> None:
    conn.execute(f"DROP TABLE IF EXISTS temp.{ident(name)}")
    conn.execute(f"CREATE TEMP TABLE {ident(name)} AS {select}")


def contributions(conn: sqlite3.Connection, base_shadows: dict[str, str], label: str) -> None:
    """With the base tables shadowed by ``base_shadows`` (name -> SELECT of the changed rows),
    derive every derived table into ``temp.[<label>__<table>]``; a ``ROWS`` table's
    contribution also shadows it for the derivations after it. Every shadow is dropped at the
    end; the contributions stay."""
    for name, select in base_shadows.items():
        shadow(conn, name, select)
    made = list(base_shadows)
    try:
        for table in DERIVED:
            target = f"{label}__{table.name}"
            shadow(conn, target, f"SELECT {idents(table.column_names)} FROM ({table.derivation})")
            if WAYS[table.name] == ROWS:
                shadow(conn, table.name, f"SELECT * FROM temp.{ident(target)}")
                made.append(table.name)
    finally:
        for name in made:
            conn.execute(f"DROP TABLE IF EXISTS temp.{ident(name)}")


def apply(conn: sqlite3.Connection) -> None:
    """Bring every stored derived table up to date from ``temp.old__*`` and ``temp.new__*``."""
    for table in DERIVED:
        way, old, new, stored = WAYS[table.name], f"temp.{ident(f'old__{table.name}')}", f"temp.{ident(f'new__{table.name}')}", f"main.{ident(table.name)}"
        if way == ROWS:
            conn.execute(f"DELETE FROM {stored} WHERE rowid IN (SELECT s.rowid FROM {old} o"
                         f" CROSS JOIN {stored} s ON {_on_keys(table, 's', 'o')})")
            conn.execute(f"INSERT INTO {stored} ({idents(table.column_names)}) SELECT {idents(table.column_names)} FROM {new}")
        elif way == SUM:
            _sum(conn, table, old, new, stored)
        else:
            assert isinstance(way, Regroup)
            _regroup(conn, table, way, old, new, stored)
        conn.execute(f"DROP TABLE {old}")
        conn.execute(f"DROP TABLE {new}")


def _sum(conn: sqlite3.Connection, table: Table, old: str, new: str, stored: str) -> None:
    keys = table.pk_columns
    counts = [c for c in table.column_names if c not in keys]
    shadow(conn, "sum_delta", (
        f"SELECT {idents(keys)}, " + ", ".join(f"sum({ident(c)}) AS {ident(c)}" for c in counts)
        + f" FROM (SELECT {idents(keys)}, {idents(counts)} FROM {new} UNION ALL SELECT {idents(keys)}, "
        + ", ".join(f"-{ident(c)}" for c in counts) + f" FROM {old}) GROUP BY {idents(keys)}"))
    conn.execute(
        f"INSERT INTO {stored} ({idents(table.column_names)}) SELECT {idents(table.column_names)} FROM temp.sum_delta"
        f" WHERE " + " OR ".join(f"{ident(c)} != 0" for c in counts)
        + f" ON CONFLICT ({idents(keys)}) DO UPDATE SET " + ", ".join(f"{ident(c)} = {ident(c)} + excluded.{ident(c)}" for c in counts))
    conn.execute(f"DELETE FROM {stored} WHERE rowid IN (SELECT s.rowid FROM temp.sum_delta d"
                 f" CROSS JOIN {stored} s ON {_on_keys(table, 's', 'd')}) AND {ident(counts[0])} = 0")
    conn.execute("DROP TABLE temp.sum_delta")


def _regroup(conn: sqlite3.Connection, table: Table, way: Regroup, old: str, new: str, stored: str) -> None:
    keys = idents(table.pk_columns)
    # only the keys whose contributions differ: where the changed rows aggregate to the same
    # row before and after (a file rewritten with most records as they were), so does the key
    shadow(conn, "regroup_keys", f"SELECT {keys} FROM (SELECT * FROM {old} EXCEPT SELECT * FROM {new})"
                                 f" UNION SELECT {keys} FROM (SELECT * FROM {new} EXCEPT SELECT * FROM {old})")
    conn.execute(f"DELETE FROM {stored} WHERE rowid IN (SELECT s.rowid FROM temp.regroup_keys k"
                 f" CROSS JOIN {stored} s ON {_on_keys(table, 's', 'k')})")
    for name, select in way.shadows.items():
        shadow(conn, f"regroup__{name}", select)
    try:
        for name in way.shadows:
            shadow(conn, name, f"SELECT * FROM temp.{ident(f'regroup__{name}')}")
        conn.execute(
            f"INSERT INTO {stored} ({idents(table.column_names)}) SELECT d.* FROM"
            f" (SELECT {idents(table.column_names)} FROM ({table.derivation})) d"
            f" JOIN temp.regroup_keys k ON {_on_keys(table, 'd', 'k')}")
    finally:
        for name in way.shadows:
            conn.execute(f"DROP TABLE IF EXISTS temp.{ident(name)}")
            conn.execute(f"DROP TABLE IF EXISTS temp.{ident(f'regroup__{name}')}")
        conn.execute("DROP TABLE temp.regroup_keys")

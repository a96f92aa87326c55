"""Re-verify a built database on its own, trusting nothing the build did: every excerpt
against its source, every hash, every value and table the build computed (re-derived here
from the curated rows and compared), every reference."""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from annotated_types import MinLen

from ..schema.columns import Table, parent_columns
from ..schema.kinds import KINDS, RECORD_KINDS, Kind, citation_id
from ..schema.tables import DERIVED, TABLES
from .database import derive_sql

_SPAN = "substr(s.text, c.start + 1, c.[end] - c.start)"  # SQLite counts code points from 1


def check(db_path: Path) -> list[str]:
    """Every problem found, as ``table key: message`` lines; empty when the database is sound."""
    db_path = Path(db_path)
    if not db_path.is_file():
        return [f"{db_path}: no such database"]
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    conn.create_function("citation_id", 5, citation_id, deterministic=True)  # re-derives citations.id
    try:
        return (_excerpts(conn) + _hashes(conn) + _computed(conn) + _derived(conn) + _evidence(conn)
                + _foreign_keys(conn) + _verbatim(conn))
    except sqlite3.DatabaseError as exc:
        return [f"{db_path}: not a facts database ({exc})"]
    finally:
        conn.close()


def _key(table: Table, row: sqlite3.Row | tuple) -> str:
    values = [str(v) for v in row[:len(table.pk_columns)]]
    return values[0] if len(values) == 1 else "(" + ", ".join(values) + ")"


def _excerpts(conn: sqlite3.Connection) -> list[str]:
    problems = []
    for table in dict.fromkeys(k.evidence.table.name for k in RECORD_KINDS):
        rows = conn.execute(
            f"SELECT c.id, c.source_id FROM [{table}] c JOIN sources s ON s.id = c.source_id"
            f" WHERE c.start < 0 OR c.[end] > s.length OR c.exact != {_SPAN}"
            f" OR c.prefix != substr(s.text, max(c.start - 31, 1), min(c.start, 32))"
            f" OR c.suffix != substr(s.text, c.[end] + 1, 32)"
        )
        problems += [f"{table} {i}: excerpt, prefix or suffix differs from {src}'s text at [start, end)" for i, src in rows]
    return problems


def _hashes(conn: sqlite3.Connection) -> list[str]:
    return [
        f"sources {sid}: text does not match its sha256"
        for sid, text, digest in conn.execute("SELECT id, text, sha256 FROM sources")
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != digest
    ]


def _computed(conn: sqlite3.Connection) -> list[str]:
    """Columns the build computed from a record or from other tables, re-derived in SQL."""
    problems = []
    for table in TABLES:
        pk = ", ".join(f"t.[{c}]" for c in table.pk_columns)
        for c in table.columns:
            if c.sql is None:
                continue
            rows = conn.execute(f"SELECT {pk}, t.[{c.name}], {c.sql} FROM [{table.name}] t"
                                f" WHERE t.[{c.name}] IS NOT {c.sql}")
            problems += [f"{table.name} {_key(table, r)}: {c.name} is {r[-2]!r}, derived {r[-1]!r}" for r in rows]
    return problems


def _derived(conn: sqlite3.Connection) -> list[str]:
    """Every derived table, derived again in the temporary schema and compared both ways.
    The temporary schema shadows the stored one, so each derivation reads re-derived values
    (computed columns through views, derived tables made before it): one wrong value is
    reported where it is, not again in every table made from it."""
    for table in TABLES:
        if any(c.sql for c in table.columns) and not table.derived:
            columns = ", ".join(f"{c.sql} AS [{c.name}]" if c.sql else f"t.[{c.name}]" for c in table.columns)
            conn.execute(f"CREATE TEMP VIEW [{table.name}] AS SELECT {columns} FROM main.[{table.name}] AS t")
    problems = []
    for table in DERIVED:
        types = ", ".join(f"[{c.name}] {'INTEGER' if c.type is int else 'TEXT'}" for c in table.columns)
        conn.execute(f"CREATE TEMP TABLE [{table.name}] ({types})")
        conn.execute(derive_sql(table, f"temp.[{table.name}]"))
        stored = {_key(table, r): r for r in conn.execute(
            f"SELECT {_pk_first(table)} FROM main.[{table.name}] EXCEPT SELECT {_pk_first(table)} FROM temp.[{table.name}]")}
        fresh = {_key(table, r): r for r in conn.execute(
            f"SELECT {_pk_first(table)} FROM temp.[{table.name}] EXCEPT SELECT {_pk_first(table)} FROM main.[{table.name}]")}
        for key in sorted(stored.keys() | fresh.keys()):
            if key not in fresh:
                problems.append(f"{table.name} {key}: not derived from the curated rows (an extra row)")
            elif key not in stored:
                problems.append(f"{table.name} {key}: missing")
            else:
                problems += [f"{table.name} {key}: {name} is {a!r}, derived {b!r}"
                             for name, a, b in zip(_pk_first_names(table), stored[key], fresh[key], strict=False) if a != b]
    return problems


def _pk_first_names(table: Table) -> list[str]:
    return [*table.pk_columns, *(c for c in table.column_names if c not in table.pk_columns)]


def _pk_first(table: Table) -> str:
    return ", ".join(f"[{c}]" for c in _pk_first_names(table))


def _min_evidence(kind: Kind) -> int:
    info = kind.model.model_fields[kind.evidence.field]
    return next((m.min_length for m in info.metadata if isinstance(m, MinLen)), 0)


def _evidence(conn: sqlite3.Connection) -> list[str]:
    problems = []
    for kind in RECORD_KINDS:
        evidence, table = kind.evidence.table.name, kind.table.name
        kind_column, id_column = parent_columns(kind.evidence.table)
        same_kind = f"e.[{kind_column}] = '{kind.name}' AND " if kind_column else ""
        least = _min_evidence(kind)
        rows = conn.execute(f"SELECT f.id FROM [{table}] f WHERE (SELECT count(*) FROM [{evidence}] e"
                            f" WHERE {same_kind}e.[{id_column}] = f.id) < {least}")
        what = f"no {evidence[:-1]}" if least == 1 else f"fewer than {least} {kind.evidence.field}"
        problems += [f"{table} {r[0]}: {what}" for r in rows]
        rows = conn.execute(f"SELECT e.id, e.[{id_column}] FROM [{evidence}] e WHERE {same_kind}NOT EXISTS"
                            f" (SELECT 1 FROM [{table}] f WHERE f.id = e.[{id_column}])")
        problems += [f"{evidence} {i}: no {kind.name} '{fid}'" for i, fid in rows]
    kinds = ", ".join(f"'{k.name}'" for k in KINDS)
    rows = conn.execute(f"SELECT id, fact_type FROM citations WHERE fact_type NOT IN ({kinds})")
    problems += [f"citations {i}: unknown fact_type '{t}'" for i, t in rows]
    return problems


def _foreign_keys(conn: sqlite3.Connection) -> list[str]:
    return [
        f"{table} row {rowid}: foreign key #{fk} has no match in {parent}"
        for table, rowid, parent, fk in conn.execute("PRAGMA foreign_key_check")
    ]


def _verbatim(conn: sqlite3.Connection) -> list[str]:
    """Fields whose words every excerpt of their record must contain (a quote's text)."""
    problems = []
    for kind in KINDS:
        if not kind.in_every_excerpt:
            continue
        kind_column, id_column = parent_columns(kind.evidence.table)
        same_kind = f"e.[{kind_column}] = '{kind.name}' AND " if kind_column else ""
        rows = conn.execute(
            f"SELECT f.id, e.id FROM [{kind.table.name}] f JOIN [{kind.evidence.table.name}] e"
            f" ON {same_kind}e.[{id_column}] = f.id WHERE instr(e.exact, f.[{kind.in_every_excerpt}]) = 0")
        problems += [f"{kind.table.name} {q}: {kind.in_every_excerpt} not in citation {c}" for q, c in rows]
    return problems

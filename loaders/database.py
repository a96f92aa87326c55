"""Give facts.db its shape: tables from schema.tables, batched writes, then indexes, derived
tables, FTS and statistics in one final step."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable

import sqlite_utils

from ..schema.buildinfo import BuildInfo
from ..schema.kinds import KINDS, KINDS_BY_NAME, RECORD_KINDS_BY_TABLE
from ..schema.sqltext import ident, idents, in_list
from ..schema.tables import DERIVED, TABLES, Table
from .problems import Problem
from .rows import RowMakers, insert_columns

BATCH = 5000


def create_tables(db: sqlite_utils.Database) -> None:
    """Tables with primary keys, foreign keys, types and NOT NULL; no secondary indexes yet."""
    for table in TABLES:
        db.create_table(
            table.name,
            {c.name: c.type for c in table.columns},
            pk=table.pk,
            not_null={c.name for c in table.columns if c.not_null},
            defaults={c.name: 0 for c in table.columns if c.at_finalize and c.type is int},
            foreign_keys=[(c.name, *_target(c.references)) for c in table.columns if c.references],
            strict=True,
        )


def _target(references: str) -> tuple[str, str]:
    table, column = references.split(".")
    return table, column


def insert_sql(table: Table) -> str:
    names = [c.name for c in insert_columns(table)]
    return f"INSERT INTO {ident(table.name)} ({idents(names)}) VALUES {in_list(names)}"


class Writer:
    """Buffers rows per table and writes them with ``executemany`` in batches.

    The connection must be in autocommit mode (``isolation_level=None``) inside an explicit
    ``BEGIN``: each batch runs under a savepoint, so a batch that breaks a primary key is
    rolled back and replayed row by row to name every duplicate through ``on_duplicate``.
    """

    def __init__(self, conn: sqlite3.Connection, makers: RowMakers,
                 on_duplicate: Callable[[str, tuple], None], batch: int = BATCH):
        self.conn = conn
        self.batch = batch
        self.on_duplicate = on_duplicate
        self.buffers: dict[str, list[tuple]] = {name: [] for name in makers}
        self.sql = {name: insert_sql(maker.table) for name, maker in makers.items()}
        self.pending = 0

    def add(self, rows: dict[str, list[tuple]]) -> None:
        for name, table_rows in rows.items():
            self.buffers[name].extend(table_rows)
            self.pending += len(table_rows)
        if self.pending >= self.batch:
            self.flush()

    def flush(self) -> None:
        for name, rows in self.buffers.items():
            if not rows:
                continue
            self.conn.execute("SAVEPOINT batch")
            try:
                self.conn.executemany(self.sql[name], rows)
            except sqlite3.IntegrityError:
                self.conn.execute("ROLLBACK TO batch")
                self._one_by_one(name, rows)
            self.conn.execute("RELEASE batch")
            rows.clear()
        self.pending = 0

    def _one_by_one(self, name: str, rows: list[tuple]) -> None:
        for row in rows:
            try:
                self.conn.execute(self.sql[name], row)
            except sqlite3.IntegrityError:
                self.on_duplicate(name, row)


def derive_in_parts_sql(table: Table, target: str) -> list[str]:
    """Fill ``target`` (the table, or its re-derived copy) from the table's derivation, by
    name: one statement per part of a derivation that is a UNION ALL at its top level (the
    facts table, the facet counts), since SQLite keeps the memory of every part's GROUP BY
    until its statement ends (the facet pair counts of a million facts: 426 MB in one
    statement, 163 MB in parts)."""
    names = idents(table.column_names)
    return [f"INSERT INTO {target} ({names}) SELECT {names} FROM ({part})" for part in table.derive]


def finalize_sql(table: Table) -> list[str]:
    """Set the columns computed from other tables (a source's fact and citation counts)."""
    return [f"UPDATE {ident(table.name)} AS t SET {ident(c.name)} = {c.sql}" for c in table.columns if c.at_finalize]


def _indexes(db: sqlite_utils.Database, tables) -> None:
    for table in tables:
        for columns in table.indexes:
            db.table(table.name).create_index(list(columns), find_unique_name=True)


def finalize(db: sqlite_utils.Database, info: BuildInfo) -> None:
    """The database's final shape: indexes, computed columns, derived tables (the facts table,
    aggregates, facet counts), full-text search, build info and statistics."""
    # Nothing here is ever rolled back (a failed build discards the file), and a rollback
    # journal in memory would hold every page the UPDATE of sources rewrites.
    db.execute("PRAGMA journal_mode = OFF")
    _indexes(db, [t for t in TABLES if not t.derived])
    for table in TABLES:
        for sql in finalize_sql(table):
            db.execute(sql)
    for table in DERIVED:
        for sql in derive_in_parts_sql(table, f"{ident(table.name)}"):
            db.execute(sql)
    _indexes(db, DERIVED)
    for table in TABLES:
        if table.fts:
            db.table(table.name).enable_fts(list(table.fts), tokenize="porter", create_triggers=False)
    db.table("build_info").insert_all(info.rows())
    db.conn.commit()
    db.execute("ANALYZE")
    db.conn.commit()


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """The rows of the registries, of each kind of fact, of citations and disagreements, and
    the facts in all: what a build reports and records in build_info."""
    names = ("sources", "entities", *(k.table.name for k in KINDS), "citations", "disagreements")
    counts = {n: conn.execute(f"SELECT count(*) FROM {ident(n)}").fetchone()[0] for n in names}
    return {**counts, "facts": sum(counts[k.table.name] for k in KINDS)}


def duplicate_problem(conn: sqlite3.Connection, makers: RowMakers, table: str, row: tuple,
                      duplicates: set[tuple[str, str]]) -> Problem | None:
    """A row broke a primary key: a record id used twice (noted in ``duplicates``), or one
    excerpt cited twice by one fact. The link and evidence rows of a duplicate record clash
    with it too, and are not reported again."""
    maker = makers[table]
    if table == KINDS[0].evidence.table.name:
        kind, fact_id = row[maker.index("fact_type")], row[maker.index("fact_id")]
        if (kind, fact_id) in duplicates:
            return None
        found = conn.execute(f"SELECT record FROM {ident(KINDS_BY_NAME[kind].table.name)} WHERE id = ?", (fact_id,)).fetchone()
        if not found:
            return None
        return Problem.at_record(found[0], (
            f"citations: the excerpt at {row[maker.index('start')]}–{row[maker.index('end')]} of source "
            f"'{row[maker.index('source_id')]}' is cited twice: cite it once"))
    if table not in RECORD_KINDS_BY_TABLE:
        return None
    rid, record = row[maker.index("id")], row[maker.index("record")]
    duplicates.add((RECORD_KINDS_BY_TABLE[table].name, rid))
    first = conn.execute(f"SELECT record FROM {ident(table)} WHERE id = ?", (rid,)).fetchone()
    return Problem.at_record(
        record, f"id: duplicate {RECORD_KINDS_BY_TABLE[table].name} id '{rid}'" + (f" (first at {first[0]})" if first else ""))

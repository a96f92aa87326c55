"""Give facts.db its shape: tables from schema.tables, batched writes, then indexes, FTS,
views and statistics in one final step."""
from __future__ import annotations

import sqlite3

import sqlite_utils

from ..schema.tables import TABLES, Table

BATCH = 5000


def insert_columns(table: Table) -> tuple[str, ...]:
    """Columns a row tuple carries: all but an integer id the database numbers itself."""
    auto = table.pk == "id" and table.columns[0].type is int
    return table.column_names[1:] if auto else table.column_names


def create_tables(db: sqlite_utils.Database) -> None:
    """Tables with primary keys, foreign keys, types and NOT NULL; no secondary indexes yet."""
    for table in TABLES:
        db.create_table(
            table.name,
            {c.name: c.type for c in table.columns},
            pk=table.pk,
            not_null={c.name for c in table.columns if c.not_null},
            foreign_keys=[
                (c.name, *c.references.split(".")) for c in table.columns if c.references
            ],
            strict=True,
        )


class Writer:
    """Buffers rows per table and writes them with ``executemany`` in batches.

    The connection must be in autocommit mode (``isolation_level=None``) inside an explicit
    ``BEGIN``: each batch runs under a savepoint, so a batch that breaks a primary key is
    rolled back and replayed row by row to name every duplicate through ``on_duplicate``.
    """

    def __init__(self, conn: sqlite3.Connection, on_duplicate, batch: int = BATCH):
        self.conn = conn
        self.batch = batch
        self.on_duplicate = on_duplicate
        self.buffers: dict[str, list[tuple]] = {t.name: [] for t in TABLES}
        self.sql = {
            t.name: "INSERT INTO [{}] ({}) VALUES ({})".format(
                t.name, ", ".join(f"[{c}]" for c in insert_columns(t)),
                ", ".join("?" * len(insert_columns(t))),
            )
            for t in TABLES
        }
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


DERIVED = (
    """INSERT INTO facts
    SELECT 'meeting', id, date, date_precision, month, summary, source_count FROM meetings
    UNION ALL SELECT 'statement', id, date, date_precision, month, summary, source_count FROM statements
    UNION ALL SELECT 'agreement', id, date, date_precision, month, summary, source_count FROM agreements
    UNION ALL SELECT 'quote', id, date, date_precision, month, text, source_count FROM quotes""",
    """INSERT INTO timeline
    SELECT month, type, count(*) FROM facts WHERE month IS NOT NULL GROUP BY month, type""",
    """INSERT INTO meeting_pairs
    SELECT a.entity_id, b.entity_id, count(DISTINCT a.meeting_id), group_concat(DISTINCT m.kind),
           min(m.date), max(m.date)
    FROM meeting_participants a
    JOIN meeting_participants b ON b.meeting_id = a.meeting_id AND b.entity_id > a.entity_id
    JOIN meetings m ON m.id = a.meeting_id
    GROUP BY a.entity_id, b.entity_id""",
    """UPDATE sources SET
      citation_count = (SELECT count(*) FROM citations c WHERE c.source_id = sources.id),
      fact_count = (SELECT count(DISTINCT c.fact_type || ' ' || c.fact_id) FROM citations c
                    WHERE c.source_id = sources.id)""",
)


def _indexes(db: sqlite_utils.Database, tables) -> None:
    for table in tables:
        for columns in table.indexes:
            db[table.name].create_index(list(columns), find_unique_name=True)


def finalize(db: sqlite_utils.Database, info: dict[str, str]) -> None:
    """The database's final shape: indexes, derived tables (the facts table, aggregates, facet
    counts), full-text search, build info and statistics."""
    # Nothing here is ever rolled back (a failed build discards the file), and a rollback
    # journal in memory would hold every page the UPDATE of sources rewrites.
    db.execute("PRAGMA journal_mode = OFF")
    _indexes(db, [t for t in TABLES if not t.derived])
    for sql in DERIVED:
        db.execute(sql)
    for table in TABLES:
        for column in table.facets:
            db.execute(
                f"INSERT INTO facet_counts SELECT ?, ?, [{column}], count(*) FROM [{table.name}]"
                f" WHERE [{column}] IS NOT NULL GROUP BY [{column}]", (table.name, column))
    _indexes(db, [t for t in TABLES if t.derived])
    for table in TABLES:
        if table.fts:
            db[table.name].enable_fts(list(table.fts), tokenize="porter", create_triggers=False)
    db["build_info"].insert_all([{"key": k, "value": v} for k, v in sorted(info.items())])
    db.conn.commit()
    db.execute("ANALYZE")
    db.conn.commit()

"""What "the same database" means: the content a reader or a query can rely on, whatever
order the rows were written in and however SQLite laid them out.

A full build and an incremental one write the same content, but not the same bytes: rows
land in other pages and under other rowids, the full-text index is merged differently, and
the planner's statistics (``sqlite_stat1``) are those of the last full build. So content is:

- the schema: every table, index, view and trigger with its SQL;
- every row of every table, in a fixed order (all columns, ascending); ``rowid`` is not part
  of a row (no table here names it as a column: they are keyed by their primary keys);
- what full-text search finds: every indexed term, with the row (by its primary key), the
  column and the position where it occurs, read through FTS5's own ``fts5vocab``; and how it
  ranks what it finds: each row's word counts per column, the totals, the index's settings;
- the build info, but the time of the build.

Left out: ``sqlite_stat*`` (planner statistics, not content) and the FTS5 shadow tables (the
index's internal layout, covered by the terms, counts and settings above). ``content_digest`` hashes the same
parts as ``content`` lists them, streaming, so it serves any size.
"""
from __future__ import annotations

import hashlib
import itertools
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..schema.buildinfo import BuildInfo
from ..schema.sqltext import ident, idents, in_list
from .readonly import connect_read_only

_CONTENT = re.compile(r"content\s*=\s*[\[\"']?(\w+)")
_FTS_SHADOWS = ("_data", "_idx", "_docsize", "_config", "_content")
UNSTABLE_INFO = BuildInfo.UNSTABLE  # build_info keys that differ between two builds of the same seeds


def _connect(db_path: Path) -> sqlite3.Connection:
    return connect_read_only(db_path)


def _fts_tables(conn: sqlite3.Connection) -> dict[str, str]:
    """Each FTS5 table and the table whose rows it indexes (``content=``)."""
    out = {}
    for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"):
        if "fts5" in sql.lower():
            found = _CONTENT.search(sql)
            out[name] = found.group(1) if found else name
    return out


def _primary_key(conn: sqlite3.Connection, table: str) -> list[str]:
    cols = sorted((pk, name) for _, name, _, _, _, pk in conn.execute(f"PRAGMA table_info({ident(table)})") if pk)
    return [name for _, name in cols] or ["rowid"]


def _parts(conn: sqlite3.Connection) -> Iterator[tuple[str, Iterator[tuple]]]:
    """(name, rows in a fixed order) for each part of the content, in a fixed order."""
    fts = _fts_tables(conn)
    shadows = {f"{name}{suffix}" for name in fts for suffix in _FTS_SHADOWS}
    yield "schema", iter(conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").fetchall())
    tables = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        if name not in fts and name not in shadows]
    for table in tables:
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({ident(table)})")]
        order = idents(columns)
        where = f" WHERE key NOT IN {in_list(UNSTABLE_INFO)}" if table == "build_info" else ""
        params = UNSTABLE_INFO if where else ()
        yield table, conn.execute(f"SELECT {order} FROM {ident(table)}{where} ORDER BY {order}", params)
    for name, content in sorted(fts.items()):
        vocab = f"temp.{ident(f'content_vocab_{name}')}"
        conn.execute(f"DROP TABLE IF EXISTS {vocab}")
        conn.execute(f"CREATE VIRTUAL TABLE {vocab} USING fts5vocab(main, {ident(name)}, instance)")
        key = ", ".join(f"t.{ident(c)}" for c in _primary_key(conn, content))
        terms = conn.execute(
            f"SELECT v.term, {key}, v.col, v.offset FROM {vocab} v LEFT JOIN {ident(content)} t ON t.rowid = v.doc"
            f" ORDER BY v.term, {key}, v.col, v.offset")
        yield f"{name} (search index)", itertools.chain(terms, _ranking(conn, name, content, key))


def _ranking(conn: sqlite3.Connection, name: str, content: str, key: str) -> Iterator[tuple]:
    """What an FTS5 index ranks by, beside its terms: each row's word counts per column (by the
    row's primary key), the totals (rows and words in all) and the index's settings."""
    yield from conn.execute(f"SELECT 'words', {key}, d.sz FROM {ident(f'{name}_docsize')} d"
                            f" LEFT JOIN {ident(content)} t ON t.rowid = d.id ORDER BY {key}, d.id, d.sz")
    yield from conn.execute(f"SELECT 'totals', block FROM {ident(f'{name}_data')} WHERE id = 1")
    yield from conn.execute(f"SELECT 'setting', k, v FROM {ident(f'{name}_config')} ORDER BY k")


def content(db_path: Path) -> dict[str, list[tuple]]:
    """The database's content, part by part (see the module's doc): equal for two builds of
    the same seeds by the same code, full or incremental."""
    conn = _connect(db_path)
    try:
        return {name: list(rows) for name, rows in _parts(conn)}
    finally:
        conn.close()


def content_digest(db_path: Path) -> str:
    """SHA-256 of the content, streamed part by part: the same for two builds of the same
    seeds by the same code, and different for any change a query could see."""
    return content_digests(db_path)[0]


def content_digests(db_path: Path) -> tuple[str, dict[str, str]]:
    """``content_digest``, and the SHA-256 of each part of the content by its name (``schema``,
    each table, ``<table>_fts (search index)``), in one pass: what says which parts of two
    databases differ."""
    digest, parts = hashlib.sha256(), {}
    conn = _connect(db_path)
    try:
        for name, rows in _parts(conn):
            part = hashlib.sha256()
            digest.update(f"\x1e{name}\x1f".encode())
            for row in rows:
                line = repr(row).encode() + b"\x1f"
                digest.update(line)
                part.update(line)
            parts[name] = part.hexdigest()
    finally:
        conn.close()
    return digest.hexdigest(), parts

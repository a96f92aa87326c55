"""Which records each fact file holds, line by line, so that an edit costs in proportion to the
records it changes, not to the file (issue 28: a one-fact edit in a JSON Lines file of 20,000).

Kept beside the database, out of its public schema: ``.facts.db.records``, a small SQLite file
of one row per fact file version, keyed by the file's path and the SHA-256 of its content (the
digest ``build_info.fact_files`` holds). A row says, for each line of that version, the record
that starts there (``type``, ``id``) and, for a JSON Lines file, a digest of the line's bytes.
What a row says is a function of the file's content alone, so a row is never stale: the
incremental build uses the row of the version the database was built from (the digest in its
``build_info``), and a missing or unreadable file means only that the build works file by file,
as it did before. Losing the file loses nothing.

With it, an incremental build
- finds the rows of a changed or deleted file by their ids (primary keys), not by scanning
  every table for the file's name;
- validates, anchors and replaces only the lines of a JSON Lines file whose bytes changed (a
  line whose number changed counts as changed: its ``record`` column names the line)."""
from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DIGEST_BYTES = 8  # of BLAKE2b per line: a chance of 2**-64 that an edited line is taken as unchanged
BLANK = ""  # the record of a line that starts none


@dataclass(frozen=True)
class FileRecords:
    """One version of a fact file: the record starting at each line (``"type\\tid"``, or BLANK),
    from line 1; and for JSON Lines the digest of each line's bytes, DIGEST_BYTES each."""

    sha256: str
    records: tuple[str, ...]
    lines: bytes | None = None

    def ids(self) -> Iterable[tuple[str, str]]:
        """(type, id) of every record of the file."""
        return _keys(self.records)

    def at(self, numbers: Iterable[int]) -> Iterable[tuple[str, str]]:
        """(type, id) of the records at these line numbers (from 1)."""
        return _keys(self.records[n - 1] for n in numbers if 0 < n <= len(self.records))


def _keys(entries: Iterable[str]) -> Iterable[tuple[str, str]]:
    for entry in entries:
        if entry:
            kind, _, ident = entry.partition("\t")
            yield kind, ident


def record_key(kind: str, ident: str) -> str:
    return f"{kind}\t{ident}"


def line_digest(line: bytes) -> bytes:
    return hashlib.blake2b(line, digest_size=DIGEST_BYTES).digest()


def line_digests(data: bytes) -> bytes:
    """The digest of each line of a JSON Lines file's bytes, line 1 first (lines as a file
    object gives them: split after each newline)."""
    return b"".join(map(line_digest, io.BytesIO(data)))


def changed_lines(before: bytes, after: bytes) -> tuple[list[int], int]:
    """The numbers of the lines of ``after`` whose bytes differ from the same line of ``before``
    (both from line_digests), and how many lines ``after`` has."""
    n = DIGEST_BYTES
    count = len(after) // n
    changed = [i + 1 for i in range(count) if after[i * n:(i + 1) * n] != before[i * n:(i + 1) * n]]
    return changed, count


def path_of(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.records")


_SCHEMA = ("CREATE TABLE IF NOT EXISTS files (path TEXT NOT NULL, sha256 TEXT NOT NULL, records TEXT NOT NULL,"
           " lines BLOB, PRIMARY KEY (path, sha256)) WITHOUT ROWID")


def _connect(db_path: Path) -> sqlite3.Connection:
    path = path_of(db_path)
    if os.path.islink(path) or (os.path.lexists(path) and not os.path.isfile(path)):
        raise sqlite3.OperationalError(f"{path} is not a regular file")  # never written through a link
    conn = sqlite3.connect(path, isolation_level=None, timeout=5)
    conn.execute(_SCHEMA)
    return conn


def load(db_path: Path, versions: dict[str, str]) -> dict[str, FileRecords]:
    """The rows of these versions (path -> SHA-256) that the file holds; none if it cannot be read."""
    if not versions or not os.path.isfile(path_of(db_path)) or os.path.islink(path_of(db_path)):
        return {}
    try:
        conn = _connect(db_path)
        try:
            out = {}
            for path, sha256 in versions.items():
                row = conn.execute("SELECT records, lines FROM files WHERE path = ? AND sha256 = ?", (path, sha256)).fetchone()
                if row is not None:
                    records = json.loads(row[0])
                    if isinstance(records, list) and all(isinstance(r, str) for r in records):
                        out[path] = FileRecords(sha256, tuple(records), row[1])
            return out
        finally:
            conn.close()
    except (sqlite3.Error, ValueError):
        return {}


def save(db_path: Path, versions: dict[str, FileRecords], keep: dict[str, str] | None = None) -> None:
    """Add these versions; then keep only the versions in ``keep`` and in ``versions`` (path ->
    SHA-256: the database's fact files), or, when ``keep`` is None, only ``versions``. Best
    effort: a file that cannot be written is a cache lost, not a failed build."""
    try:
        conn = _connect(db_path)
        try:
            conn.execute("BEGIN IMMEDIATE")
            if keep is None:
                conn.execute("DELETE FROM files")
            conn.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", (
                (path, v.sha256, json.dumps(list(v.records), ensure_ascii=False), v.lines) for path, v in versions.items()))
            if keep is not None:
                wanted = {**keep, **{p: v.sha256 for p, v in versions.items()}}
                stale = [(p, s) for p, s in conn.execute("SELECT path, sha256 FROM files") if wanted.get(p) != s]
                conn.executemany("DELETE FROM files WHERE path = ? AND sha256 = ?", stale)
            conn.execute("COMMIT")
        finally:
            conn.close()
    except sqlite3.Error:
        try:
            path_of(db_path).unlink(missing_ok=True)  # a link is removed, not what it leads to
        except OSError:
            pass


class Recording:
    """The record map of a full build, written as the files are read, in a file of its own
    (``.facts.db.records.PID``) that ``commit()`` puts in place once the database is. Best
    effort, like ``save``: what cannot be written is dropped."""

    def __init__(self, db_path: Path):
        self.final = path_of(db_path)
        self.tmp = self.final.with_name(f"{self.final.name}.{os.getpid()}")
        self.conn: sqlite3.Connection | None = None
        try:
            self.tmp.unlink(missing_ok=True)
            self.conn = sqlite3.connect(self.tmp, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode = OFF")
            self.conn.execute("PRAGMA synchronous = OFF")
            self.conn.execute(_SCHEMA)
            self.conn.execute("BEGIN")
        except (OSError, sqlite3.Error):
            self.discard()

    def add(self, path: str, version: FileRecords) -> None:
        if self.conn is None:
            return
        try:
            self.conn.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)",
                              (path, version.sha256, json.dumps(list(version.records), ensure_ascii=False), version.lines))
        except sqlite3.Error:
            self.discard()

    def commit(self) -> None:
        if self.conn is None:
            return
        try:
            self.conn.execute("COMMIT")
            self.conn.close()
            self.conn = None
            os.replace(self.tmp, self.final)
        except (OSError, sqlite3.Error):
            self.discard()

    def discard(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            except sqlite3.Error:
                pass
            self.conn = None
        try:
            self.tmp.unlink(missing_ok=True)
        except OSError:
            pass

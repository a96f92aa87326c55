"""Incremental builds: a change to a few fact files costs in proportion to those files.

The previous database records, in ``build_info``, the digest of everything but the fact files
(registries, source documents) and the digest of each fact file. When only fact files changed
and the code is the same:

1. the changed and added files are validated and anchored first, before anything is written
   (a broken file is reported in about the time it takes to read it);
2. in one transaction on the database itself (inplace.py: readers never see half of it),
   or on a copy when an immutable server reads the database, the rows of the changed and
   deleted files are deleted and the new rows inserted (duplicate ids are caught by the
   primary keys, as in a full build);
3. full-text search follows the deleted and inserted rows; what depends on all rows is done
   again in SQL: references across files, the day rule, the counts of sources, the derived
   tables, build info (the statistics of the previous build are kept);
4. the transaction commits (or the copy replaces the database atomically). A failure leaves
   the database untouched: rolled back, or the copy discarded.

Anything else (registries or sources changed, another version of the code, no previous
manifest) takes the full build. The result has the same content as a full build: a test
compares both after random edits."""
from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ..schema.buildinfo import BuildInfo
from ..schema.columns import rows_of
from ..schema.kinds import RECORD_KINDS
from ..schema.sqltext import ident, idents
from ..schema.tables import TABLES
from . import deltas, history, recordmap
from .database import Writer, duplicate_problem, finalize_sql, table_counts
from .datecheck import unsupported_days
from .disputes import contrary_citations
from .factfiles import Corpus, FileJob, process_files
from .problems import RECORD_FILE_SQL, Problem
from .readonly import connect_read_only
from .references import dangling_references
from .rows import RowMakers
from .safefiles import Unsafe, check_file
from .seedsdigest import TOUCHED_SOURCE, SeedsState


@dataclass(frozen=True)
class Plan:
    changed: list[str]  # fact files added or modified (paths under seeds/)
    deleted: list[str]  # fact files gone
    before: dict[str, str] = field(default_factory=dict)  # the SHA-256 the database has of those files

    @property
    def empty(self) -> bool:
        return not self.changed and not self.deleted


def plan(db_path: Path, state: SeedsState, code: str) -> Plan | None:
    """What an incremental build would redo, or None when a full build is needed (the history
    file edited since the build that wrote it, a curator's reason say, needs one too)."""
    base, fact_files = state.base, state.fact_files
    if not db_path.exists():
        return None
    try:
        conn = connect_read_only(db_path)
        try:
            info = BuildInfo.from_rows(conn.execute("SELECT key, value FROM build_info"))
        finally:
            conn.close()
    except (sqlite3.Error, ValueError):
        return None
    if info.code_sha256 != code or info.base_sha256 != base or info.history_sha256 != state.history or not info.fact_files:
        return None
    before = info.fact_files
    changed = sorted(p for p, digest in fact_files.items() if before.get(p) != digest)
    deleted = sorted(p for p in before if p not in fact_files)
    return Plan(changed, deleted, {p: before[p] for p in (*changed, *deleted) if p in before})


def _fts_sql(table, rows: str, delete: bool) -> str:
    """Remove from (``delete``) or add to a table's full-text index the ``rows`` (a WHERE on
    the table): its index follows the table's content, row by row."""
    columns = idents(table.fts)
    if delete:
        return (f"INSERT INTO {ident(f'{table.name}_fts')}({ident(f'{table.name}_fts')}, rowid, {columns})"
                f" SELECT 'delete', rowid, {columns} FROM {ident(table.name)} WHERE {rows}")
    return f"INSERT INTO {ident(f'{table.name}_fts')}(rowid, {columns}) SELECT rowid, {columns} FROM {ident(table.name)} WHERE {rows}"


IN_FILES = RECORD_FILE_SQL + " IN (SELECT path FROM temp.{files})"
EVIDENCE_TABLES = tuple(dict.fromkeys(k.evidence.table.name for k in RECORD_KINDS))
BASE_TABLES = tuple(t.name for t in TABLES if not t.derived and t.name != "build_info")


def _gone_rows(conn: sqlite3.Connection, files: list[str], ids: dict[str, set[str]]) -> list[str]:
    """``temp.[gone__<table>]`` (r: rowid) for the rows of every record curated in ``files``
    (found by scanning each table for the file's name) and of the records ``ids`` (kind ->
    ids, found by their keys), with their link and evidence rows; the tables that have some."""
    conn.execute("CREATE TEMP TABLE gone_files (path TEXT PRIMARY KEY)")
    conn.executemany("INSERT INTO gone_files VALUES (?)", [(f,) for f in files])
    conn.execute("CREATE TEMP TABLE gone_ids (type TEXT, id TEXT, PRIMARY KEY (type, id))")
    conn.executemany("INSERT OR IGNORE INTO gone_ids VALUES (?, ?)", [(k, i) for k, found in ids.items() for i in found])
    tables: list[str] = []
    for kind in RECORD_KINDS:
        table = kind.table.name
        gone = ident(f"gone__{table}")
        conn.execute(f"CREATE TEMP TABLE {gone} (r INTEGER PRIMARY KEY, id TEXT)")
        if files:
            conn.execute(f"INSERT OR IGNORE INTO temp.{gone} SELECT rowid, id FROM main.{ident(table)}"
                         f" WHERE {IN_FILES.format(files='gone_files')}")
        if ids.get(kind.name):
            conn.execute(f"INSERT OR IGNORE INTO temp.{gone} SELECT rowid, id FROM main.{ident(table)}"
                         " WHERE id IN (SELECT id FROM temp.gone_ids WHERE type = ?)", (kind.name,))
        tables.append(table)
        for link in (kind.evidence, *kind.links):
            where = rows_of(link.table, kind.name, f"(SELECT id FROM temp.{gone})")
            if link.table.name not in tables:
                conn.execute(f"CREATE TEMP TABLE {ident(f'gone__{link.table.name}')} (r INTEGER PRIMARY KEY)")
                tables.append(link.table.name)
            conn.execute(f"INSERT INTO temp.{ident(f'gone__{link.table.name}')} SELECT rowid FROM main.{ident(link.table.name)} WHERE {where}")
    conn.execute("DROP TABLE gone_files")
    conn.execute("DROP TABLE gone_ids")
    return tables


def _delete_gone(conn: sqlite3.Connection) -> None:
    """Delete the rows in ``temp.gone__*`` (and their entries in full-text search)."""
    for kind in RECORD_KINDS:
        if kind.table.fts:
            conn.execute(_fts_sql(kind.table, f"rowid IN (SELECT r FROM temp.{ident(f'gone__{kind.table.name}')})", delete=True))
    for kind in RECORD_KINDS:
        for link in (kind.evidence, *kind.links):
            conn.execute(f"DELETE FROM main.{ident(link.table.name)} WHERE rowid IN (SELECT r FROM temp.{ident(f'gone__{link.table.name}')})")
        conn.execute(f"DELETE FROM main.{ident(kind.table.name)} WHERE rowid IN (SELECT r FROM temp.{ident(f'gone__{kind.table.name}')})")


class SourceFiles:
    """The file of each source in the database, looked up when a changed record cites it (by
    the primary key), not read all at once: a source's row holds its text, so reading every
    row's file reads every text (0.15–0.36 s at a million facts). Each process opens its own
    connection; all are closed when the block ends (before the database is written)."""

    def __init__(self, db_path: Path):
        self.db_path = db_path
        self.conn: sqlite3.Connection | None = None
        self.pid = 0

    def get(self, source_id: str, /) -> str | None:
        if self.conn is None or self.pid != os.getpid():  # a worker forked from the build: its own
            self.conn, self.pid = connect_read_only(self.db_path), os.getpid()
        found = self.conn.execute("SELECT file FROM sources WHERE id = ?", (source_id,)).fetchall()
        return found[0][0] if found else None

    def __enter__(self) -> SourceFiles:
        return self

    def __exit__(self, *exc) -> None:
        if self.conn is not None and self.pid == os.getpid():
            self.conn.close()
        self.conn = None


class Incremental:
    def __init__(self, seeds: Path, db_path: Path, tmp: Path | None, the_plan: Plan, info: BuildInfo, workers: int,
                 progress=None, recorder=None):
        """``tmp``: where the database is copied to and changed; None: changed in place."""
        self.seeds, self.db_path, self.tmp, self.plan, self.info = seeds, db_path, tmp, the_plan, info
        self.recorder = recorder  # build.Recorder: how what changed is recorded in the history
        self.workers, self.progress = workers, progress
        self.problems: list[Problem] = []
        self.counts: dict[str, int] = {}
        self.written: BuildInfo = info  # the build info written, once written
        self.known: dict[str, recordmap.FileRecords] = {}  # the record map of the files before
        self.read: dict[str, frozenset[int] | None] = {}  # the lines read of each changed file (None: all)
        self.gone_ids: dict[str, set[str]] = {}  # kind -> ids of the records the changes replace
        self.digests: dict[str, bytes] = {}  # of every line of the JSON Lines files read in part
        self.versions: dict[str, recordmap.FileRecords] = {}  # the record map of the changed files after
        self.duplicates: set[tuple[str, str]] = set()  # (kind, id) of records whose id was used twice
        self.touched: set[tuple[str, str]] = set()  # (kind, id) of the records replaced, added or removed,
        # and (TOUCHED_SOURCE, id) of the sources whose citations changed

    def _corpus(self, files: SourceFiles) -> Corpus:
        conn = connect_read_only(self.db_path)
        try:
            entities = frozenset(e for (e,) in conn.execute("SELECT id FROM entities"))
        finally:
            conn.close()
        return Corpus(entities, self.seeds / "sources", files)

    def _jobs(self) -> list[FileJob]:
        """The changed files to read: of a JSON Lines file whose version before is in the record
        map, only the lines whose bytes changed; the records to replace, by kind (``gone``)."""
        jobs = []
        for name in self.plan.changed:
            path, known = self.seeds / name, self.known.get(name)
            lines: frozenset[int] | None = None
            if known is not None and known.lines is not None and name.endswith(".jsonl"):
                try:
                    check_file(path, self.seeds, name)
                    with open(path, "rb") as f:
                        digests = recordmap.line_digests(f.read())
                except (Unsafe, OSError):
                    digests = None  # read whole by the worker, which reports what is wrong
                if digests is not None:
                    self.digests[name] = digests
                    changed, count = recordmap.changed_lines(known.lines, digests)
                    removed = range(count + 1, len(known.records) + 1)
                    lines = frozenset(changed)
                    self._gone(known.at([*changed, *removed]))
            if known is not None and lines is None:
                self._gone(known.ids())
            self.read[name] = lines
            jobs.append(FileJob(path, name, lines))
        for name in self.plan.deleted:
            if name in self.known:
                self._gone(self.known[name].ids())
        return jobs

    def _gone(self, records) -> None:
        for kind, ident_ in records:
            self.gone_ids.setdefault(kind, set()).add(ident_)

    def run(self) -> list[Problem]:
        # 1. the changed files first: nothing is copied or written if one is broken
        self.known = recordmap.load(self.db_path, self.plan.before)
        jobs = self._jobs()
        results = []
        facts = 0
        with SourceFiles(self.db_path) as files:
            for result in process_files(jobs, self._corpus(files), self.workers):
                results.append(result)
                self.problems += result.problems
                facts += result.facts
                if self.progress:
                    self.progress(result.name, facts)
        if self.problems:
            return self.problems
        # 2. the database (or a copy of it) changed in one transaction
        if self.tmp is None:
            # readers through SQLite keep reading until the commit, which waits for the last of them
            # (a page's SQL runs at most a second on the site)
            conn = sqlite3.connect(self.db_path, isolation_level=None, timeout=30)
            conn.execute("PRAGMA journal_mode = DELETE")  # a rollback journal, written and synced at commit
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA cache_size = -262144")  # 256 MB: the changed pages stay in memory until commit
        else:
            shutil.copyfile(self.db_path, self.tmp)
            conn = sqlite3.connect(self.tmp, isolation_level=None)
            conn.execute("PRAGMA journal_mode = MEMORY")
            conn.execute("PRAGMA synchronous = OFF")
        try:
            conn.execute("BEGIN IMMEDIATE")
            self.problems += self._replace_rows(conn, results)
            if self.problems:
                conn.execute("ROLLBACK")
                return self.problems
            self._build_info(conn)
            conn.execute("COMMIT")
            self.versions = {r.name: r.record_map(self.info.fact_files[r.name], self.known.get(r.name), self.read.get(r.name),
                                                  self.digests.get(r.name)) for r in results}
            # (the statistics of the previous build are kept: a few files move them little)
        finally:
            conn.close()
        return []

    def _replace_rows(self, conn: sqlite3.Connection, results) -> list[Problem]:
        """Delete the rows of the changed and deleted files, insert the new ones, and bring
        what depends on them up to date (see deltas.py); the problems across files."""
        scanned = [p for p in (*self.plan.changed, *self.plan.deleted) if p not in self.known]
        gone = _gone_rows(conn, scanned, self.gone_ids)
        conn.execute("CREATE TEMP TABLE touched_sources (id TEXT PRIMARY KEY)")
        for table in EVIDENCE_TABLES:
            conn.execute(f"INSERT OR IGNORE INTO touched_sources SELECT source_id FROM main.{ident(table)}"
                         f" WHERE rowid IN (SELECT r FROM temp.{ident(f'gone__{table}')})")
        makers = RowMakers()
        conn.executemany("INSERT OR IGNORE INTO touched_sources VALUES (?)", (
            (row[makers[table].index("source_id")],)
            for result in results for rows in result.rows for table in EVIDENCE_TABLES for row in rows.get(table, ())))
        deltas.contributions(conn, self._shadows(self._changed(
            lambda t: f"rowid IN (SELECT r FROM temp.{ident(f'gone__{t}')})" if t in gone else None)), "old")
        _delete_gone(conn)
        marks = {t: conn.execute(f"SELECT coalesce(max(rowid), 0) FROM main.{ident(t)}").fetchone()[0] for t in BASE_TABLES}
        writer = Writer(conn, makers, lambda table, row: self._duplicate(conn, makers, table, row))
        for result in results:
            for rows in result.rows:
                writer.add(rows)
        writer.flush()
        self.touched = {(kind.name, fact) for kind in RECORD_KINDS for (fact,) in conn.execute(
            f"SELECT id FROM temp.{ident(f'gone__{kind.table.name}')} UNION"
            f" SELECT id FROM main.{ident(kind.table.name)} WHERE rowid > {marks[kind.table.name]}")}
        # and the sources whose citations changed: one a record no longer cites has new counts too
        self.touched |= {(TOUCHED_SOURCE, source) for (source,) in conn.execute("SELECT id FROM temp.touched_sources")}
        for kind in RECORD_KINDS:
            if kind.table.fts:
                conn.execute(_fts_sql(kind.table, f"rowid > {marks[kind.table.name]}", delete=False))
                if conn.execute(f"SELECT NOT EXISTS (SELECT 1 FROM main.{ident(kind.table.name)})").fetchone()[0]:
                    # emptied row by row, an index keeps totals of no rows, which one never filled has not
                    fts = ident(f"{kind.table.name}_fts")
                    conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('delete-all')")
        problems = dangling_references(conn, set()) + unsupported_days(conn, set()) + contrary_citations(conn, set())
        if problems:
            return problems
        new_rows = self._changed(lambda t: f"rowid > {marks[t]}" if t in makers else None)
        for spec in TABLES:  # the computed columns of the changed rows only
            for sql in finalize_sql(spec):
                if spec.name in new_rows:
                    conn.execute(f"{sql} WHERE t.{new_rows[spec.name]}")
        deltas.contributions(conn, self._shadows(new_rows), "new")
        deltas.apply(conn)
        problems = self._history(conn, {k.name: f"t.rowid > {marks[k.table.name]}" for k in RECORD_KINDS if k.is_fact})
        if problems:
            return problems
        for table in gone:
            conn.execute(f"DROP TABLE temp.{ident(f'gone__{table}')}")
        conn.execute("DROP TABLE temp.touched_sources")
        return []

    def _history(self, conn: sqlite3.Connection, new: dict[str, str]) -> list[Problem]:
        """Compare the facts of the changed files (``new``: their rows) and those gone with
        their history in the database, record what changed, add it to fact_revisions."""
        replaced = history.replacing(conn, new)
        problems = history.replace_problems(conn, replaced)
        if problems:
            return problems
        gone = [(k.name, fact_id) for k in RECORD_KINDS if k.is_fact
                for (fact_id,) in conn.execute(f"SELECT id FROM temp.{ident(f'gone__{k.table.name}')}")]
        revisions, states = history.against_table(conn, history.snapshots(conn, new), gone, replaced,
                                                  self.info.built_at or "", self.recorder.reason if self.recorder else None)
        if self.recorder:
            self.info = self.recorder.append(revisions)
        history.insert(conn, revisions, states)
        return []

    @staticmethod
    def _changed(where) -> dict[str, str]:
        """The WHERE of the changed rows of each base table that has some: ``where(table)``
        (None: none); a source changes with the citations into it (its counts)."""
        out = {t: where(t) for t in BASE_TABLES}
        out["sources"] = "id IN (SELECT id FROM temp.touched_sources)"
        return {t: w for t, w in out.items() if w}

    @staticmethod
    def _shadows(changed: dict[str, str]) -> dict[str, str]:
        """SELECTs of the changed rows of every base table (none, where it has no change)."""
        return {t: f"SELECT * FROM main.{ident(t)} WHERE {changed.get(t, '0')}" for t in BASE_TABLES}

    def _duplicate(self, conn: sqlite3.Connection, makers: RowMakers, table: str, row: tuple) -> None:
        problem = duplicate_problem(conn, makers, table, row, self.duplicates)
        if problem:
            self.problems.append(problem)

    def _build_info(self, conn: sqlite3.Connection) -> None:
        self.counts = table_counts(conn)
        self.written = self.info.model_copy(update={"counts": self.counts})
        conn.execute("DELETE FROM build_info")
        sqlite_utils.Database(conn).table("build_info").insert_all(self.written.rows())

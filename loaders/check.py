"""Re-verify a built database on its own, trusting nothing the build did: every excerpt
against its source, every hash, every value and table the build computed (re-derived here
from the curated rows and compared), every reference; the schema (every table, column, index
and full-text table the build makes, and nothing else), the build info (its counts counted
again), and the full-text index (made again from the rows and compared, term by term)."""
from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from annotated_types import MinLen

from ..schema.buildinfo import BuildInfo
from ..schema.columns import Table, parent_columns, rows_of
from ..schema.evidence import ROLES_BY_NAME, WORD_ROLES, roles_sql
from ..schema.kinds import KINDS, KINDS_BY_NAME, RECORD_KINDS, Kind, citation_id
from ..schema.sqltext import ident, idents
from ..schema.tables import DERIVED, TABLES, TABLES_BY_NAME
from . import history
from .codeversion import code_digest
from .database import create_tables, derive_in_parts_sql, finalize, table_counts
from .disputes import CLAIM_PROBLEMS_SQL, explain
from .evidence import placed_attributions
from .inplace import recover
from .problems import RECORD_FILE_SQL, NotAFactsDatabase, Problem
from .readonly import connect_read_only
from .safefiles import write_beside
from .seedsdigest import FACT_SUFFIXES, TOUCHED_SOURCE, Lineage, database_digest

_SPAN = "substr(s.text, c.start + 1, c.[end] - c.start)"  # SQLite counts code points from 1


@dataclass(frozen=True)
class Found:
    """A problem with one row of the database: its table, its key (the primary key's values,
    or its rowid), what is wrong."""

    table: str
    key: tuple
    message: str
    by_rowid: bool = False

    def __str__(self) -> str:
        if not self.key:  # about the table (or index) as a whole
            return f"{self.table}: {self.message}"
        key = ", ".join(str(k) for k in self.key)
        shown = f"row {key}" if self.by_rowid else (key if len(self.key) == 1 else f"({key})")
        return f"{self.table} {shown}: {self.message}"


def check(db_path: Path, changed: bool = False) -> list[Problem]:
    """Every problem found, each located at the record it is about (``path:line`` under the
    seeds, as the build and lint locate theirs) or, for a row no record is curated in (a
    source's text, a derived table), at the database; its message says ``table key: what``.
    Empty when the database is sound; ``NotAFactsDatabase`` when it is not one.

    The schema (against one made by the build's own code) and the build info are always
    verified; when a table or a column is not the build's, nothing else is (the rows could not
    be read as the build's).

    With ``changed``, only what changed since the last clean check of this database (recorded
    beside it in ``<db>.checked.json``, with the SHA-256 of the file checked) is verified, where
    that is possible: the records the incremental builds since replaced, added or removed (as
    each recorded them, else every record of the fact files changed since), their citations,
    computed values and rows of the facts table, the counts of the sources they cite, and their
    foreign keys and those of the rows naming them. That
    is done only when the file is, byte for byte, the one checked, or the file an incremental
    build (or several) wrote from it (as recorded by the build, see seedsdigest.py); a file
    edited otherwise since is verified in full. The aggregate tables (timeline, meeting pairs,
    facet counts), the sources' hashes and the full-text index are verified by the full check
    only. With no record of a check of the same file (or its builds), registries, sources and
    code, everything is verified."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise NotAFactsDatabase(db_path, "no such database")
    recover(db_path)  # a build killed while writing in place: its half-written pages rolled back first
    before = _stat(db_path)
    digest, lineage = database_digest(db_path)
    conn = connect_read_only(db_path)
    conn.create_function("citation_id", 5, citation_id, deterministic=True)  # re-derives citations.id
    try:
        info = BuildInfo.from_rows(conn.execute("SELECT key, value FROM build_info"))
        schema, sound = _schema(conn, info)
        if not sound:
            problems = schema
        else:
            scope = _scope(conn, db_path, info, digest, lineage) if changed else None
            problems = schema + _build_info(conn, info, every_file=scope is None)
            if scope is None:
                problems += (_excerpts(conn) + _hashes(conn) + _computed(conn) + _derived(conn) + _evidence(conn)
                             + _foreign_keys(conn) + _verbatim(conn) + _roles(conn) + _search_index(conn)
                             + _history(conn))
            else:
                problems += (_excerpts(conn, scope) + _computed(conn, scope) + _derived(conn, scope)
                             + _evidence(conn, scope) + _foreign_keys(conn, scope) + _verbatim(conn, scope)
                             + _roles(conn, scope))
        located = [_located(conn, db_path, found) for found in problems]
    except (sqlite3.DatabaseError, ValueError) as exc:
        raise NotAFactsDatabase(db_path, f"not a facts database ({exc})") from None
    finally:
        conn.close()
    if not located and digest is not None and _stat(db_path) == before:  # (not changed while checked)
        _record_checked(db_path, info, digest)
    return located


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino


def _parents() -> dict[str, tuple[str | None, str, str]]:
    """For each link or evidence table: its column naming the kind of its record (if shared by
    kinds), its column naming the record's id, and the record's table (of a single kind)."""
    out = {}
    for kind in RECORD_KINDS:
        for link in (kind.evidence, *kind.links):
            kind_column, id_column = parent_columns(link.table)
            out[link.table.name] = (kind_column, id_column, kind.table.name)
    return out


_PARENTS = _parents()


def _record_of(conn: sqlite3.Connection, found: Found) -> str | None:
    """The ``record`` (``path:line``) of the curated record a row belongs to, if any."""
    table = TABLES_BY_NAME.get(found.table)
    if table is None:
        return None
    where = "rowid = ?" if found.by_rowid else " AND ".join(f"{ident(c)} = ?" for c in table.pk_columns)
    if "record" in table.column_names:
        row = conn.execute(f"SELECT record FROM main.{ident(table.name)} WHERE {where}", found.key).fetchone()
        return row[0] if row else None
    if table.name == "facts" and not found.by_rowid and found.key[0] in KINDS_BY_NAME:
        row = conn.execute(f"SELECT record FROM main.{ident(KINDS_BY_NAME[found.key[0]].table.name)} WHERE id = ?",
                           found.key[1:2]).fetchone()
        return row[0] if row else None
    if table.name in _PARENTS:
        kind_column, id_column, parent = _PARENTS[table.name]
        row = conn.execute(f"SELECT {ident(kind_column) if kind_column else 'NULL'}, {ident(id_column)}"
                           f" FROM main.{ident(table.name)} WHERE {where}", found.key).fetchone()
        if row is None or (row[0] is not None and row[0] not in KINDS_BY_NAME):
            return None
        parent = KINDS_BY_NAME[row[0]].table.name if row[0] is not None else parent
        found_parent = conn.execute(f"SELECT record FROM main.{ident(parent)} WHERE id = ?", (row[1],)).fetchone()
        return found_parent[0] if found_parent else None
    return None


def _located(conn: sqlite3.Connection, db_path: Path, found: Found) -> Problem:
    record = _record_of(conn, found)
    if isinstance(record, str):
        try:
            return Problem.at_record(record, str(found))
        except ValueError:  # a record column that is not path:line: the database is the place
            pass
    return Problem(str(db_path), 0, 0, str(found))


def checked_file(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".checked.json")


def _record_checked(db_path: Path, info: BuildInfo, digest: str) -> None:
    """What a clean check verified: the SHA-256 of the database file, and the digests of the
    registries, sources, code and of each fact file it was built from. (A database directory
    that cannot be written to keeps no record.)"""
    record = {"sha256": digest, "base_sha256": info.base_sha256, "code_sha256": info.code_sha256,
              "seeds_sha256": info.seeds_sha256, "fact_files": json.dumps(info.fact_files, sort_keys=True)}
    write_beside(checked_file(db_path), json.dumps(record))


def _scope(conn: sqlite3.Connection, db_path: Path, info: BuildInfo, digest: str | None,
           lineage: Lineage | None) -> str | None:
    """``temp.scope`` (kind, id) of the records curated in the fact files changed since the last
    clean check; None when everything must be verified: no record of a clean check, or the
    file is neither the one checked (SHA-256) nor built incrementally from it (``lineage``)."""
    try:
        last = json.loads(checked_file(db_path).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(last, dict) or digest is None:
        return None
    checked = last.get("sha256")
    if checked != digest and (lineage is None or checked not in lineage.ancestors):
        return None  # edited since it was checked (or built): nothing checked before is trusted
    if (not info.fact_files or not last.get("fact_files")
            or (last.get("base_sha256"), last.get("code_sha256")) != (info.base_sha256, info.code_sha256)):
        return None
    try:
        before, now = json.loads(last["fact_files"]), info.fact_files
    except (TypeError, ValueError):  # a record not written by a check: verify everything
        return None
    if not isinstance(before, dict):
        return None
    files = [p for p, digest in now.items() if before.get(p) != digest]
    conn.execute("CREATE TEMP TABLE scope (kind TEXT, id TEXT, PRIMARY KEY (kind, id))")
    touched = _touched_since(checked, digest, lineage)
    if touched is not None:  # the records the builds since replaced, added or removed (their ids)
        conn.executemany("INSERT INTO scope VALUES (?, ?)", sorted(touched))
        return "scope"
    conn.execute("CREATE TEMP TABLE scope_files (path TEXT PRIMARY KEY)")
    conn.executemany("INSERT INTO scope_files VALUES (?)", [(f,) for f in files])
    for kind in RECORD_KINDS:
        conn.execute(f"INSERT INTO scope SELECT '{kind.name}', id FROM {ident(kind.table.name)}"
                     f" WHERE {RECORD_FILE_SQL} IN (SELECT path FROM temp.scope_files)")
    return "scope"


def _touched_since(checked: str, digest: str, lineage: Lineage | None) -> set[tuple[str, str]] | None:
    """The records every incremental build since the checked file replaced, added or removed
    (as each recorded them, see seedsdigest.Lineage); None where that is not known."""
    if checked == digest:
        return set()
    if lineage is None or checked not in lineage.ancestors:
        return None
    since = lineage.ancestors.index(checked)
    if len(lineage.touched) <= since:
        return None
    return set().union(*lineage.touched[:since + 1])


def _in_scope(scope: str | None, table: str, alias: str) -> str:
    """A condition on ``alias`` (a row of ``table``) keeping the rows of the records in scope,
    their links and evidence, and the sources those cite; true for other tables, or with no
    scope."""
    if scope is None:
        return "1"
    ids = "(SELECT id FROM temp.{} WHERE kind = '{}')"
    terms = []
    for kind in RECORD_KINDS:
        if kind.table.name == table:
            terms.append(f"{alias}.id IN {ids.format(ident(scope), kind.name)}")
        for link in (kind.evidence, *kind.links):
            if link.table.name == table:
                terms.append(rows_of(link.table, kind.name, ids.format(ident(scope), kind.name), alias))
    if table == "sources":  # the sources the records in scope cite, and those whose citations changed
        terms += [f"{alias}.id IN (SELECT e.source_id FROM {ident(evidence)} e WHERE {_in_scope(scope, evidence, 'e')})"
                  for evidence in dict.fromkeys(k.evidence.table.name for k in RECORD_KINDS)]
        terms.append(f"{alias}.id IN {ids.format(ident(scope), TOUCHED_SOURCE)}")
    return "(" + " OR ".join(terms) + ")" if terms else "1"


def _key(table: Table, row: sqlite3.Row | tuple) -> tuple:
    return tuple(row[:len(table.pk_columns)])


def _excerpts(conn: sqlite3.Connection, scope: str | None = None) -> list[Found]:
    problems = []
    for table in dict.fromkeys(k.evidence.table.name for k in RECORD_KINDS):
        rows = conn.execute(
            f"SELECT c.id, c.source_id FROM {ident(table)} c JOIN sources s ON s.id = c.source_id"
            f" WHERE {_in_scope(scope, table, 'c')} AND (c.start < 0 OR c.[end] > s.length OR c.exact != {_SPAN}"
            f" OR c.prefix != substr(s.text, max(c.start - 31, 1), min(c.start, 32))"
            f" OR c.suffix != substr(s.text, c.[end] + 1, 32))"
        )
        problems += [Found(table, (i,), f"excerpt, prefix or suffix differs from {src}'s text at [start, end)") for i, src in rows]
    return problems


def _hashes(conn: sqlite3.Connection) -> list[Found]:
    return [
        Found("sources", (sid,), "text does not match its sha256")
        for sid, text, digest in conn.execute("SELECT id, text, sha256 FROM sources")
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != digest
    ]


def _computed(conn: sqlite3.Connection, scope: str | None = None) -> list[Found]:
    """Columns the build computed from a record or from other tables, re-derived in SQL."""
    problems = []
    for table in TABLES:
        pk = ", ".join(f"t.{ident(c)}" for c in table.pk_columns)
        for c in table.columns:
            if c.sql is None:
                continue
            rows = conn.execute(f"SELECT {pk}, t.{ident(c.name)}, {c.sql} FROM {ident(table.name)} t"
                                f" WHERE {_in_scope(scope, table.name, 't')} AND t.{ident(c.name)} IS NOT {c.sql}")
            problems += [Found(table.name, _key(table, r), f"{c.name} is {r[-2]!r}, derived {r[-1]!r}") for r in rows]
    return problems


def _derived(conn: sqlite3.Connection, scope: str | None = None) -> list[Found]:
    """Every derived table, derived again in the temporary schema and compared both ways.
    The temporary schema shadows the stored one, so each derivation reads re-derived values
    (computed columns through views, derived tables made before it): one wrong value is
    reported where it is, not again in every table made from it. With a scope, only the rows
    of the facts table of the records in scope (from views holding only those records)."""
    for table in TABLES:
        if (any(c.sql for c in table.columns) or scope) and not table.derived:
            columns = ", ".join(f"{c.sql} AS {ident(c.name)}" if c.sql else f"t.{ident(c.name)}" for c in table.columns)
            conn.execute(f"CREATE TEMP VIEW {ident(table.name)} AS SELECT {columns} FROM main.{ident(table.name)} AS t"
                         f" WHERE {_in_scope(scope, table.name, 't')}")
    problems: list[Found] = []
    for table in DERIVED if scope is None else [t for t in DERIVED if t.name == "facts"]:
        if scope:  # the stored rows of the records in scope
            conn.execute(f"CREATE TEMP VIEW {ident(f'stored_{table.name}')} AS SELECT * FROM main.{ident(table.name)} t"
                         f" WHERE EXISTS (SELECT 1 FROM temp.{ident(scope)} x WHERE x.kind = t.type AND x.id = t.id)")
        stored_name = f"temp.{ident(f'stored_{table.name}')}" if scope else f"main.{ident(table.name)}"
        types = ", ".join(f"{ident(c.name)} {'INTEGER' if c.type is int else 'TEXT'}" for c in table.columns)
        conn.execute(f"CREATE TEMP TABLE {ident(table.name)} ({types})")
        for sql in derive_in_parts_sql(table, f"temp.{ident(table.name)}"):
            conn.execute(sql)
        stored = {_key(table, r): r for r in conn.execute(
            f"SELECT {_pk_first(table)} FROM {stored_name} EXCEPT SELECT {_pk_first(table)} FROM temp.{ident(table.name)}")}
        fresh = {_key(table, r): r for r in conn.execute(
            f"SELECT {_pk_first(table)} FROM temp.{ident(table.name)} EXCEPT SELECT {_pk_first(table)} FROM {stored_name}")}
        for key in sorted(stored.keys() | fresh.keys(), key=lambda k: [str(v) for v in k]):
            if key not in fresh:
                problems.append(Found(table.name, key, "not derived from the curated rows (an extra row)"))
            elif key not in stored:
                problems.append(Found(table.name, key, "missing"))
            else:
                problems += [Found(table.name, key, f"{name} is {a!r}, derived {b!r}")
                             for name, a, b in zip(_pk_first_names(table), stored[key], fresh[key], strict=False) if a != b]
    return problems


def _pk_first_names(table: Table) -> list[str]:
    return [*table.pk_columns, *(c for c in table.column_names if c not in table.pk_columns)]


def _pk_first(table: Table) -> str:
    return idents(_pk_first_names(table))


def _min_evidence(kind: Kind) -> int:
    info = kind.model.model_fields[kind.evidence.field]
    return next((m.min_length for m in info.metadata if isinstance(m, MinLen)), 0)


def _evidence(conn: sqlite3.Connection, scope: str | None = None) -> list[Found]:
    problems: list[Found] = []
    for kind in RECORD_KINDS:
        evidence, table = kind.evidence.table.name, kind.table.name
        kind_column, id_column = parent_columns(kind.evidence.table)
        same_kind = f"e.{ident(kind_column)} = '{kind.name}' AND " if kind_column else ""
        least = _min_evidence(kind)
        rows = conn.execute(f"SELECT f.id FROM {ident(table)} f WHERE {_in_scope(scope, table, 'f')} AND (SELECT count(*) FROM {ident(evidence)} e"
                            f" WHERE {same_kind}e.{ident(id_column)} = f.id) < {least}")
        what = f"no {evidence[:-1]}" if least == 1 else f"fewer than {least} {kind.evidence.field}"
        problems += [Found(table, (r[0],), what) for r in rows]
        rows = conn.execute(f"SELECT e.id, e.{ident(id_column)} FROM {ident(evidence)} e WHERE {_in_scope(scope, evidence, 'e')} AND {same_kind}NOT EXISTS"
                            f" (SELECT 1 FROM {ident(table)} f WHERE f.id = e.{ident(id_column)})")
        problems += [Found(evidence, (i,), f"no {kind.name} '{fid}'") for i, fid in rows]
    kinds = ", ".join(f"'{k.name}'" for k in KINDS)
    rows = conn.execute(f"SELECT id, fact_type FROM citations WHERE fact_type NOT IN ({kinds})")
    problems += [Found("citations", (i,), f"unknown fact_type '{t}'") for i, t in rows]
    return problems


_REVISION = "fact_type, fact_id, revision, at, change, changed, snapshot, replaced_by_type, replaced_by_id"


def _history(conn: sqlite3.Connection) -> list[Found]:
    """fact_revisions against the facts: numbered 1, 2, … in time order, each snapshot what its
    change makes of the one before, every fact's history ending in the fact as it stands (a
    replaced or withdrawn one in no fact), every replacement leading to a fact, every id a
    fact ``replaces`` replaced by it. Kind by kind, the revisions and the facts are read in the
    order of the facts' ids and compared as they come: memory for one fact at a time, and for
    the facts whose history ends replaced."""
    sequence: list[Found] = []
    against: dict[str, list[Found]] = {kind.name: [] for kind in KINDS}  # reported in the kinds' order
    gone: list[Found] = []
    replaced: list[tuple] = []
    kinds = {kind for (kind,) in conn.execute("SELECT DISTINCT fact_type FROM fact_revisions")} | set(KINDS_BY_NAME)
    for kind in sorted(kinds):  # the revisions' order
        revisions = conn.execute(f"SELECT {_REVISION} FROM fact_revisions WHERE fact_type = ? ORDER BY fact_id, revision",
                                 (kind,))
        facts = history.iter_snapshots(conn, KINDS_BY_NAME[kind]) if kind in KINDS_BY_NAME else iter(())
        for fact_id, end, snapshot in _by_id(_ends(revisions, sequence), facts):
            if snapshot is not None:
                table = KINDS_BY_NAME[kind].table.name
                if end is None:
                    against[kind].append(Found(table, (fact_id,), "has no history in fact_revisions"))
                elif end[4] not in ("added", "corrected"):
                    against[kind].append(Found(table, (fact_id,), f"is a fact, but its history ends {end[4]}"))
                elif end[6] is None or json.loads(end[6]) != snapshot:
                    against[kind].append(Found(table, (fact_id,), "differs from the fact its history ends with: "
                                               + ", ".join(history.diff(json.loads(end[6] or "{}"), snapshot))))
            elif end is not None and end[4] in ("added", "corrected"):
                gone.append(Found("fact_revisions", end[:3], "the history ends with a fact that is not in the database"))
            if end is not None and end[4] == "replaced":
                replaced.append(end)
    for end in replaced:
        at: tuple | None = end
        hops = 0
        while at is not None and at[4] == "replaced" and hops < 50:
            at, hops = _end_of(conn, at[7], at[8]), hops + 1
        if at is None or not _is_fact(conn, at[0], at[1]):
            gone.append(Found("fact_revisions", end[:3], f"replaced by {end[7]} '{end[8]}', which leads to no fact"))
    for old, holder in history.replacing(conn).items():
        ends = (_end_of(conn, kind, old) for kind in kinds)
        if not any(end is not None and end[4] == "replaced" and (end[7], end[8]) == holder for end in ends):
            gone.append(Found(KINDS_BY_NAME[holder[0]].table.name, (holder[1],),
                              f"replaces '{old}', but fact_revisions does not record it replaced by this fact"))
    return sequence + [found for kind in KINDS for found in against[kind.name]] + gone


def _ends(revisions: Iterable[tuple], problems: list[Found]) -> Iterator[tuple[str, tuple]]:
    """(fact id, its last revision) for revisions in the order of their ids and numbers; the
    numbering, the times and the corrections' snapshots checked on the way (into ``problems``)."""
    previous: tuple | None = None
    for row in revisions:
        kind, fact_id, number, at, change, changed, snapshot, *_ = row
        key = (kind, fact_id, number)
        same = previous is not None and previous[:2] == row[:2]
        if previous is not None and not same:
            yield previous[1], previous
        if number != (previous[2] + 1 if same and previous else 1):
            problems.append(Found("fact_revisions", key, f"revision {number} follows {previous[2] if same and previous else 'none'}"))
        if same and previous and at < previous[3]:
            problems.append(Found("fact_revisions", key, f"at {at} is earlier than revision {previous[2]}'s"))
        if (same and previous and change == "corrected" and changed and previous[6] and snapshot
                and {**json.loads(previous[6]), **{k: v[1] for k, v in json.loads(changed).items()}} != json.loads(snapshot)):
            problems.append(Found("fact_revisions", key, "snapshot is not the one before it with the changes applied"))
        previous = row
    if previous is not None:
        yield previous[1], previous


def _by_id(ends: Iterator[tuple[str, tuple]], facts: Iterator[tuple[str, dict]]) -> Iterator[tuple[str, tuple | None, dict | None]]:
    """The two streams, each in the order of the ids, side by side: (id, end or None, fact or None)."""
    end, fact = next(ends, None), next(facts, None)
    while end is not None or fact is not None:
        if end is not None and (fact is None or end[0] < fact[0]):
            yield end[0], end[1], None
            end = next(ends, None)
        elif fact is not None and (end is None or fact[0] < end[0]):
            yield fact[0], None, fact[1]
            fact = next(facts, None)
        elif end is not None and fact is not None:
            yield fact[0], end[1], fact[1]
            end, fact = next(ends, None), next(facts, None)


def _end_of(conn: sqlite3.Connection, kind: str, fact_id: str) -> tuple | None:
    return conn.execute(f"SELECT {_REVISION} FROM fact_revisions WHERE fact_type = ? AND fact_id = ?"
                        " ORDER BY revision DESC LIMIT 1", (kind, fact_id)).fetchone()


def _is_fact(conn: sqlite3.Connection, kind: str, fact_id: str) -> bool:
    return kind in KINDS_BY_NAME and conn.execute(
        f"SELECT 1 FROM {ident(KINDS_BY_NAME[kind].table.name)} WHERE id = ?", (fact_id,)).fetchone() is not None


def _foreign_keys(conn: sqlite3.Connection, scope: str | None = None) -> list[Found]:
    """Every foreign key without its row (SQLite's own check), or, with a scope, those of the
    rows of the records in scope and of the rows that name a record in scope (a meeting gone,
    say): nothing else can have lost its match while the registries stayed the same (the
    aggregate tables are the full check's)."""
    if scope is None:
        return [Found(table, (rowid,), f"foreign key #{fk} has no match in {parent}", by_rowid=True)
                for table, rowid, parent, fk in conn.execute("PRAGMA foreign_key_check")]
    kinds = {k.table.name: k.name for k in RECORD_KINDS}
    problems: list[Found] = []
    for table in TABLES:
        within = _in_scope(scope, table.name, "t")
        if within == "1":
            continue
        keys = conn.execute("SELECT id, seq, [table], [from], coalesce([to], 'id') FROM pragma_foreign_key_list(?)"
                            " ORDER BY id, seq", (table.name,)).fetchall()
        if any(seq for _, seq, *_ in keys):  # a key of several columns: SQLite's own check of the table
            problems += [Found(t, (rowid,), f"foreign key #{fk} has no match in {parent}", by_rowid=True)
                         for t, rowid, parent, fk in conn.execute(f"PRAGMA foreign_key_check({ident(table.name)})")]
            continue
        for fk, _, parent, column, target in keys:
            naming = (f" OR t.{ident(column)} IN (SELECT id FROM temp.{ident(scope)} WHERE kind = '{kinds[parent]}')"
                      if parent in kinds else "")
            rows = conn.execute(f"SELECT t.rowid FROM main.{ident(table.name)} t WHERE ({within}{naming})"
                                f" AND t.{ident(column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM main.{ident(parent)} p"
                                f" WHERE p.{ident(target)} = t.{ident(column)}) ORDER BY t.rowid")
            problems += [Found(table.name, (rowid,), f"foreign key #{fk} has no match in {parent}", by_rowid=True)
                         for (rowid,) in rows]
    return problems


def _verbatim(conn: sqlite3.Connection, scope: str | None = None) -> list[Found]:
    """Fields whose words every excerpt of their record must contain (a quote's text)."""
    problems: list[Found] = []
    for kind in KINDS:
        column = kind.column_meaning("text")
        if column is None:
            continue
        kind_column, id_column = parent_columns(kind.evidence.table)
        same_kind = f"e.{ident(kind_column)} = '{kind.name}' AND " if kind_column else ""
        rows = conn.execute(
            f"SELECT f.id, e.id FROM {ident(kind.table.name)} f JOIN {ident(kind.evidence.table.name)} e"
            f" ON {same_kind}e.{ident(id_column)} = f.id WHERE {_in_scope(scope, kind.table.name, 'f')}"
            f" AND e.role IN {roles_sql(WORD_ROLES)} AND instr(e.exact, f.{ident(column)}) = 0")
        problems += [Found(kind.table.name, (q,), f"{column} not in citation {c}") for q, c in rows]
    return problems


def _roles(conn: sqlite3.Connection, scope: str | None = None) -> list[Found]:
    """Every citation has a known role; every fact one that states it; an attribution stands by
    a stating passage of its source; a source reporting a fact otherwise is not its evidence."""
    within = _in_scope(scope, "citations", "c")
    rows = conn.execute(f"SELECT id, role FROM citations c WHERE {within} AND role NOT IN {roles_sql(tuple(ROLES_BY_NAME))}")
    problems = [Found("citations", (i,), f"unknown role {role!r}") for i, role in rows]
    for kind in KINDS:
        rows = conn.execute(f"SELECT f.id FROM {ident(kind.table.name)} f WHERE {_in_scope(scope, kind.table.name, 'f')} AND NOT EXISTS"
                            f" (SELECT 1 FROM citations c WHERE c.fact_type = '{kind.name}' AND c.fact_id = f.id AND c.role = 'states')")
        problems += [Found(kind.table.name, (fid,), "no citation states it") for (fid,) in rows]
    rows = conn.execute(
        f"SELECT s.text, json_group_array(json_array(c.id, c.role, c.start, c.[end])) FROM citations c"
        f" JOIN sources s ON s.id = c.source_id WHERE {within} AND c.role IN ('states', 'attributes')"
        f" GROUP BY c.fact_type, c.fact_id, c.source_id HAVING max(c.role = 'attributes')")
    for text, cited in rows:
        cited = json.loads(cited)
        stating = [(a, b) for _, role, a, b in cited if role == "states"]
        attributions = [(i, (a, b)) for i, role, a, b in cited if role == "attributes"]
        reached = placed_attributions(text, stating, [span for _, span in attributions])
        problems += [Found("citations", (cid,), "an attribution no stating passage of its source leads to")
                     for n, (cid, _) in enumerate(attributions) if n not in reached]
    problems += [Found("disagreements", (did,), explain(*rest)) for _, did, *rest in conn.execute(CLAIM_PROBLEMS_SQL)]
    return problems


# -- the schema, the build info and the full-text index ---------------------------------------
_OBJECTS_SQL = "SELECT name, type, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\'"
_FTS_TABLES = tuple(f"{t.name}_fts" for t in TABLES if t.fts)
_FTS_SHADOWS = ("_data", "_idx", "_docsize", "_config", "_content")


def built_schema() -> sqlite3.Connection:
    """An empty database in memory, shaped by the build's own code (its tables, then its final
    step: indexes, full-text tables, build info): what every facts database must look like."""
    conn = sqlite3.connect(":memory:")
    db = sqlite_utils.Database(conn)
    create_tables(db)
    finalize(db, BuildInfo())
    return conn


def _objects(conn: sqlite3.Connection) -> dict[str, tuple[str, str, str | None]]:
    return {name: (kind, table, sql) for name, kind, table, sql in conn.execute(_OBJECTS_SQL)}


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    """(name, how it is declared) of each column, in order."""
    out = []
    for _, name, kind, notnull, default, pk, _hidden in conn.execute(f"PRAGMA main.table_xinfo({ident(table)})"):
        out.append((name, " ".join([kind or "(no type)", *(["NOT NULL"] if notnull else []),
                                    *([f"DEFAULT {default}"] if default is not None else []),
                                    *([f"PRIMARY KEY ({pk})"] if pk else [])])))
    return out


def _schema(conn: sqlite3.Connection, info: BuildInfo) -> tuple[list[Found], bool]:
    """Every table, column, index, full-text table (with its settings), view and trigger
    compared with those the build makes; and whether the tables and columns are the build's
    (so that the rows can be verified)."""
    expected_conn = built_schema()
    try:
        expected, actual = _objects(expected_conn), _objects(conn)
        problems: list[Found] = []
        sound = True
        # a table gone takes its indexes (and a full-text table its own tables) with it: named once
        gone = {n for n, (kind, _, _) in expected.items() if kind == "table" and n not in actual}
        with_them = {f"{n}{suffix}" for n in gone & set(_FTS_TABLES) for suffix in _FTS_SHADOWS}
        for name in sorted(expected.keys() | actual.keys()):
            if name not in actual:
                kind, table, _ = expected[name]
                sound = sound and kind != "table"
                if name in with_them or (table != name and table in gone):
                    continue
                problems.append(Found("schema", (name,), f"{kind} missing (the build makes it)"))
            elif name not in expected:
                problems.append(Found("schema", (name,), f"{actual[name][0]} not made by the build"))
            elif actual[name] != expected[name]:
                kind = expected[name][0]
                if kind != "table" or actual[name][0] != "table":
                    problems.append(Found("schema", (name,), f"{kind} defined otherwise than the build's" if
                                          actual[name][0] == kind else f"{actual[name][0]} where the build makes a {kind}"))
                    sound = sound and kind != "table"
                    continue
                sound = False
                want, have = _columns(expected_conn, name), _columns(conn, name)
                found = _column_problems(name, dict(want), dict(have))
                if not found and [c for c, _ in want] != [c for c, _ in have]:
                    found = [Found("schema", (name,), "columns in another order than the build's")]
                problems += found or [Found("schema", (name,), "table defined otherwise than the build's "
                                            "(keys, references or options)")]
        for name in _FTS_TABLES:
            if {name, f"{name}_config"} <= actual.keys() & expected.keys():
                config = f"SELECT k, v FROM main.{ident(f'{name}_config')} ORDER BY k"
                have_config, want_config = conn.execute(config).fetchall(), expected_conn.execute(config).fetchall()
                if have_config != want_config:
                    problems.append(Found("schema", (name,), f"search settings are {have_config}, the build's {want_config}"))
    finally:
        expected_conn.close()
    if problems and info.code_sha256 and info.code_sha256 != code_digest():
        problems.append(Found("build_info", ("code_sha256",), "another version of the code built this database: "
                              "its schema is that code's (build it again with this code)"))
    return problems, sound


def _column_problems(table: str, want: dict[str, str], have: dict[str, str]) -> list[Found]:
    problems = []
    for column in [*want, *(c for c in have if c not in want)]:
        if column not in have:
            problems.append(Found("schema", (table,), f"column {column} missing (the build makes it)"))
        elif column not in want:
            problems.append(Found("schema", (table,), f"column {column} not made by the build"))
        elif have[column] != want[column]:
            problems.append(Found("schema", (table,), f"column {column} is {have[column]}, the build makes it {want[column]}"))
    return problems


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _build_info(conn: sqlite3.Connection, info: BuildInfo, every_file: bool = True) -> list[Found]:
    """The build info as the build records it: well-formed digests and time, each count as the
    tables count it, and (``every_file``: a scan of every record) a digest for every fact file
    a record comes from."""
    problems = []
    for key in ("seeds_sha256", "code_sha256", "base_sha256"):
        value = getattr(info, key)
        if not _SHA256.fullmatch(value):
            problems.append(Found("build_info", (key,), f"value is {value!r}, not a SHA-256 (64 hex digits)"))
    if info.history_sha256 and not _SHA256.fullmatch(info.history_sha256):
        problems.append(Found("build_info", ("history_sha256",), f"value is {info.history_sha256!r}, not a SHA-256"))
    try:
        datetime.datetime.fromisoformat(info.built_at)
    except ValueError:
        problems.append(Found("build_info", ("built_at",), f"value is {info.built_at!r}, not a time (ISO 8601)"))
    for path, digest in sorted(info.fact_files.items()):
        if not (path.startswith("facts/") and path.endswith(FACT_SUFFIXES)) or not _SHA256.fullmatch(digest):
            problems.append(Found("build_info", ("fact_files",), f"{path!r}: {digest!r} is not a fact file's digest"))
    files = set()
    for kind in RECORD_KINDS if every_file else ():
        files |= {f for (f,) in conn.execute(f"SELECT DISTINCT {RECORD_FILE_SQL} FROM {ident(kind.table.name)}")}
    problems += [Found("build_info", ("fact_files",), f"no digest of {f}, which records come from")
                 for f in sorted(files - info.fact_files.keys(), key=str)]
    counted = table_counts(conn)
    for name in sorted(counted.keys() | info.counts.keys()):
        key = f"count_{name}"
        if name not in info.counts:
            problems.append(Found("build_info", (key,), "missing (the build records it)"))
        elif name not in counted:
            problems.append(Found("build_info", (key,), "not recorded by the build (an extra row)"))
        elif info.counts[name] != counted[name]:
            problems.append(Found("build_info", (key,), f"value is {info.counts[name]}, counted {counted[name]}"))
    return problems


_TOKENIZE = re.compile(r"""tokenize\s*=\s*('[^']*'|"[^"]*")""", re.IGNORECASE)
_SHOWN = 5  # entries of the search index named in one problem


def _search_index(conn: sqlite3.Connection) -> list[Found]:
    """Each full-text index made again from its table's rows (in the temporary schema, with
    the same tokenizer) and compared with the stored one, entry by entry (term, row, column,
    position, read through FTS5's ``fts5vocab``), with each row's and the table's word counts
    (what ranking reads). A difference is named at the row (or, for a row the table does not
    have, at the index); the totals, made from the rows' counts, only when no row differs."""
    problems: list[Found] = []
    for table in (t for t in TABLES if t.fts):
        name, fresh = f"{table.name}_fts", f"fresh_{table.name}_fts"
        try:
            problems += _one_index(conn, table, name, fresh)
        except sqlite3.DatabaseError as exc:
            problems.append(Found(name, (), f"search index unreadable ({exc})"))
    return problems


def _one_index(conn: sqlite3.Connection, table: Table, name: str, fresh: str) -> list[Found]:
    (sql,), = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchall()
    tokenize = _TOKENIZE.search(sql)
    columns = idents(table.fts)
    conn.execute(f"CREATE VIRTUAL TABLE temp.{ident(fresh)} USING fts5({columns}, content=''"
                 + (f", tokenize={tokenize.group(1)})" if tokenize else ")"))
    conn.execute(f"INSERT INTO temp.{ident(fresh)} (rowid, {columns}) SELECT rowid, {columns} FROM main.{ident(table.name)}")
    for schema, index in (("main", name), ("temp", fresh)):
        conn.execute(f"CREATE VIRTUAL TABLE temp.{ident(f'vocab_{schema}_{table.name}')} USING fts5vocab({schema}, {ident(index)}, instance)")
    stored, made = f"temp.{ident(f'vocab_main_{table.name}')}", f"temp.{ident(f'vocab_temp_{table.name}')}"
    entries = "SELECT doc, term, col, offset FROM {}"
    differ: dict[int, tuple[list, list]] = {}
    # fts5vocab names each (term, row, column, position) once (a row indexed twice is merged,
    # and seen in the totals below): as many entries, none stored that is not made, is the same
    # index; the other way round is read only to name a difference.
    counts = [conn.execute(f"SELECT count(*) FROM {vocab}").fetchone()[0] for vocab in (stored, made)]
    for a, b, side in ((stored, made, 0), (made, stored, 1)):
        if side == 1 and counts[0] == counts[1] and not differ:
            break
        for doc, *entry in conn.execute(f"{entries.format(a)} EXCEPT {entries.format(b)}"):
            differ.setdefault(doc, ([], []))[side].append(tuple(entry))
    stored_sizes = "SELECT id, sz FROM main." + ident(f"{name}_docsize")  # each row's words, per column
    made_sizes = "SELECT id, sz FROM temp." + ident(f"{fresh}_docsize")
    for doc, _ in conn.execute(f"{stored_sizes} EXCEPT {made_sizes} UNION SELECT * FROM ({made_sizes} EXCEPT {stored_sizes})"):
        differ.setdefault(doc, ([], []))
    problems = []
    pk = idents(table.pk_columns)
    for doc in sorted(differ):
        extra, missing = (sorted(e) for e in differ[doc])
        row = conn.execute(f"SELECT {pk} FROM main.{ident(table.name)} WHERE rowid = ?", (doc,)).fetchone()
        if row is None:
            problems.append(Found(name, (doc,), "search index holds a row the table does not have", by_rowid=True))
            continue
        said = [f"{what}: {_entries(found)}" for what, found in
                (("indexed but not in it", extra), ("in it but not indexed", missing)) if found]
        problems.append(Found(table.name, tuple(row), "search index differs from the row: " + "; ".join(said) if said
                              else "search index counts the row's words otherwise (what ranking reads)"))
    totals = "SELECT block FROM {} WHERE id = 1"  # FTS5's record of the rows and words in all
    if not problems and (conn.execute(totals.format("main." + ident(f"{name}_data"))).fetchall()
            != conn.execute(totals.format("temp." + ident(f"{fresh}_data"))).fetchall()):
        problems.append(Found(name, (), "search index totals (rows and words in all) differ from the table's"))
    return problems


def _entries(found: list[tuple]) -> str:
    shown = ", ".join(f"{term!r} ({column} word {offset})" for term, column, offset in found[:_SHOWN])
    return shown + (f" and {len(found) - _SHOWN} more" if len(found) > _SHOWN else "")

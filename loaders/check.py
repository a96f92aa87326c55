"""Re-verify a built database on its own, trusting nothing the build did: every excerpt
against its source, every hash, every value and table the build computed (re-derived here
from the curated rows and compared), every reference."""
from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from annotated_types import MinLen

from ..schema.buildinfo import BuildInfo
from ..schema.columns import Table, parent_columns, rows_of
from ..schema.evidence import ROLES_BY_NAME, WORD_ROLES, roles_sql
from ..schema.kinds import KINDS, KINDS_BY_NAME, RECORD_KINDS, Kind, citation_id
from ..schema.sqltext import ident, idents
from ..schema.tables import DERIVED, TABLES, TABLES_BY_NAME
from .database import derive_in_parts_sql
from .disputes import CLAIM_PROBLEMS_SQL, explain
from .evidence import placed_attributions
from .problems import RECORD_FILE_SQL, NotAFactsDatabase, Problem
from .safefiles import write_beside

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
        key = ", ".join(str(k) for k in self.key)
        shown = f"row {key}" if self.by_rowid else (key if len(self.key) == 1 else f"({key})")
        return f"{self.table} {shown}: {self.message}"


def check(db_path: Path, changed: bool = False) -> list[Problem]:
    """Every problem found, each located at the record it is about (``path:line`` under the
    seeds, as the build and lint locate theirs) or, for a row no record is curated in (a
    source's text, a derived table), at the database; its message says ``table key: what``.
    Empty when the database is sound; ``NotAFactsDatabase`` when it is not one.

    With ``changed``, only what changed since the last clean check of this database (recorded
    beside it in ``<db>.checked.json``) is verified, where that is possible: the records of the
    fact files changed since, their citations, computed values and rows of the facts table, and
    every source's counts and every foreign key. The aggregate tables (timeline, meeting pairs,
    facet counts) and the sources' hashes are verified by the full check only. With no record
    of a check of the same registries, sources and code, everything is verified."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise NotAFactsDatabase(db_path, "no such database")
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    conn.create_function("citation_id", 5, citation_id, deterministic=True)  # re-derives citations.id
    try:
        info = BuildInfo.from_rows(conn.execute("SELECT key, value FROM build_info"))
        scope = _scope(conn, db_path, info) if changed else None
        if scope is None:
            problems = (_excerpts(conn) + _hashes(conn) + _computed(conn) + _derived(conn) + _evidence(conn)
                        + _foreign_keys(conn) + _verbatim(conn) + _roles(conn))
        else:
            problems = (_excerpts(conn, scope) + _computed(conn, scope) + _derived(conn, scope)
                        + _evidence(conn, scope) + _foreign_keys(conn) + _verbatim(conn, scope) + _roles(conn, scope))
        located = [_located(conn, db_path, found) for found in problems]
    except (sqlite3.DatabaseError, ValueError) as exc:
        raise NotAFactsDatabase(db_path, f"not a facts database ({exc})") from None
    finally:
        conn.close()
    if not located:
        _record_checked(db_path, info)
    return located


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


def _record_checked(db_path: Path, info: BuildInfo) -> None:
    """What a clean check verified: the digests of the registries, sources, code and of each
    fact file. (A database directory that cannot be written to keeps no record.)"""
    record = {"base_sha256": info.base_sha256, "code_sha256": info.code_sha256, "seeds_sha256": info.seeds_sha256,
              "fact_files": json.dumps(info.fact_files, sort_keys=True)}
    write_beside(checked_file(db_path), json.dumps(record))


def _scope(conn: sqlite3.Connection, db_path: Path, info: BuildInfo) -> str | None:
    """``temp.scope`` (kind, id) of the records curated in the fact files changed since the last
    clean check; None when everything must be verified."""
    try:
        last = json.loads(checked_file(db_path).read_text())
    except (OSError, ValueError):
        return None
    if (not isinstance(last, dict) or not info.fact_files or not last.get("fact_files")
            or (last.get("base_sha256"), last.get("code_sha256")) != (info.base_sha256, info.code_sha256)):
        return None
    try:
        before, now = json.loads(last["fact_files"]), info.fact_files
    except (TypeError, ValueError):  # a record not written by a check: verify everything
        return None
    if not isinstance(before, dict):
        return None
    files = [p for p, digest in now.items() if before.get(p) != digest]
    conn.execute("CREATE TEMP TABLE scope_files (path TEXT PRIMARY KEY)")
    conn.executemany("INSERT INTO scope_files VALUES (?)", [(f,) for f in files])
    conn.execute("CREATE TEMP TABLE scope (kind TEXT, id TEXT, PRIMARY KEY (kind, id))")
    for kind in RECORD_KINDS:
        conn.execute(f"INSERT INTO scope SELECT '{kind.name}', id FROM {ident(kind.table.name)}"
                     f" WHERE {RECORD_FILE_SQL} IN (SELECT path FROM temp.scope_files)")
    return "scope"


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
    if table == "sources":
        terms += [f"{alias}.id IN (SELECT e.source_id FROM {ident(evidence)} e WHERE {_in_scope(scope, evidence, 'e')})"
                  for evidence in dict.fromkeys(k.evidence.table.name for k in RECORD_KINDS)]
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


def _foreign_keys(conn: sqlite3.Connection) -> list[Found]:
    return [
        Found(table, (rowid,), f"foreign key #{fk} has no match in {parent}", by_rowid=True)
        for table, rowid, parent, fk in conn.execute("PRAGMA foreign_key_check")
    ]


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

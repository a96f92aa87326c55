"""Every fact's history, kept in ``seeds/history.jsonl`` and published as ``fact_revisions``.

The build compares each fact as it now stands (its curated fields, read back from the
database: ``snapshot_sql``) with the fact as its history leaves it (``replay``), and appends
what changed as revisions stamped with the build's time: a new fact is *added*, a changed one
*corrected* (each field before and after), an id a fact ``replaces`` is *replaced* (renamed or
merged: its address redirects), a fact gone from the seeds *withdrawn* (its address answers
410). The curator's reason comes from ``facts build --reason`` or is written into the file
afterwards. A build with nothing changed appends nothing, so a rebuild from the same seeds
(full or incremental) gives the same history and the same database.

The file is the record: version-controlled beside the seeds, readable line by line, and the
table is made from it alone. A full build reads it whole; an incremental build compares only
the facts of the files that changed, against the table of the database it starts from (which
was made from the same file: the file is among what a build's digest covers)."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..schema.columns import ITEM, parent_columns
from ..schema.history import FACT_REVISIONS, Revision
from ..schema.kinds import KINDS, KINDS_BY_NAME, FactRef, Kind
from ..schema.sqltext import ident, idents, in_list
from .problems import Problem
from .readonly import read_only_uri
from .recordfiles import RecordFile
from .safefiles import Unsafe, append_inside, check_file
from .seedsdigest import HISTORY_FILE

HISTORY = HISTORY_FILE
# The history grows with every fact ever published (about 670 bytes each), and is read line by
# line: it is not held to the size of one seeds file (safefiles.MAX_BYTES, 256 MB).
HISTORY_MAX_BYTES = 64 * 1024 ** 3
UNFINISHED = ("an unfinished line, with no newline after it (a build stopped while appending it?): delete it, "
              "then build again to record the changes anew")
Key = tuple[str, str]  # (kind, id)


@dataclass
class State:
    """A fact as its history leaves it."""

    snapshot: dict[str, Any] | None = None  # None: the history does not record it
    live: bool = False  # added or corrected last (not replaced or withdrawn)
    by: Key | None = None  # replaced by
    count: int = 0  # revisions so far


@dataclass
class History:
    revisions: list[Revision] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# -- the facts as they stand ----------------------------------------------------------------
def _curated(columns) -> list:
    """The columns holding a curated field as written (not computed, not the record's place)."""
    return [c for c in columns if c.bound and c.value is None and c.name != "id"]


def _items_sql(link, kind: Kind) -> str:
    kind_column, id_column = parent_columns(link.table)
    columns = _curated(link.table.columns)
    same = f"{ident(kind_column)} = '{kind.name}' AND " if kind_column else ""
    if len(columns) == 1 and columns[0].bound == ITEM:
        item = f"l.{ident(columns[0].name)}"
    else:
        item = "json_object(" + ", ".join(f"'{c.bound}', l.{ident(c.name)}" for c in columns) + ")"
    return (f"json((SELECT json_group_array({item}) FROM (SELECT * FROM {ident(link.table.name)}"
            f" WHERE {same}{ident(id_column)} = t.id ORDER BY rowid) AS l))")


def snapshot_sql(kind: Kind, where: str = "1") -> str:
    """SELECT id, the JSON of its curated fields (links and citations in curated order) for
    the facts of ``kind`` the condition ``where`` (on ``t``) selects."""
    parts = [f"'{c.bound}', t.{ident(c.name)}" for c in _curated(kind.table.columns)]
    for link in (*kind.links, kind.evidence):
        parts.append(f"'{link.field}', {_items_sql(link, kind)}")
    return f"SELECT t.id, json_object({', '.join(parts)}) FROM {ident(kind.table.name)} AS t WHERE {where}"


def snapshots(conn: sqlite3.Connection, where: dict[str, str] | None = None) -> dict[Key, dict]:
    """The facts as they stand: those ``where[kind]`` selects (each read with its links by
    their indexes), or all of them (each table read once, in order: no index needed, so the
    full build can do it before it makes its indexes)."""
    if where is None:
        return _all_snapshots(conn)
    out: dict[Key, dict] = {}
    for kind in KINDS:
        condition = where.get(kind.name)
        if condition is None:
            continue
        for fact_id, text in conn.execute(snapshot_sql(kind, condition)):
            out[(kind.name, fact_id)] = json.loads(text)
    return out


def iter_snapshots(conn: sqlite3.Connection, kind: Kind) -> Iterator[tuple[str, dict]]:
    """(id, curated fields) of every fact of ``kind``, in the order of their ids: the kind's
    table read in that order, merged with each link table read in the order of its facts' ids,
    so that only one fact is held at a time (``facts check --full`` of a million facts)."""
    links = [(name, rows, item, [next(rows, None)]) for name, rows, item in _links_in_order(conn, kind)]
    for fact_id, fields in _facts(conn, kind, " ORDER BY id"):
        for name, rows, item, head in links:
            fields[name] = found = []
            while head[0] is not None and head[0][0] <= fact_id:  # (a link of no fact is passed over)
                if head[0][0] == fact_id:
                    found.append(item(head[0][1:]))
                head[0] = next(rows, None)
        yield fact_id, fields


def _all_snapshots(conn: sqlite3.Connection) -> dict[Key, dict]:
    out: dict[Key, dict] = {}
    for kind in KINDS:
        facts = dict(_facts(conn, kind))
        for name, rows, item in _links_in_order(conn, kind):
            for fact in facts.values():
                fact[name] = []
            for parent, *values in rows:
                if parent in facts:
                    facts[parent][name].append(item(values))
        for fact_id, fields in facts.items():
            out[(kind.name, fact_id)] = fields
    return out


def _facts(conn: sqlite3.Connection, kind: Kind, order: str = "") -> Iterator[tuple[str, dict]]:
    """(id, the curated fields of its own row) of every fact of ``kind`` (``order``: an ORDER BY)."""
    columns = _curated(kind.table.columns)
    for fact_id, *values in conn.execute(f"SELECT id, {idents([c.name for c in columns])} FROM {ident(kind.table.name)}{order}"):
        yield fact_id, {c.bound: v for c, v in zip(columns, values, strict=True)}


def _links_in_order(conn: sqlite3.Connection, kind: Kind) -> list[tuple[str, sqlite3.Cursor, Callable[[list], Any]]]:
    """For each link and the evidence of ``kind``: its field, its rows (fact id, curated columns)
    in the order of the facts' ids and then as curated, and how a row's columns make its item."""
    out = []
    for link in (*kind.links, kind.evidence):
        kind_column, id_column = parent_columns(link.table)
        items = _curated(link.table.columns)
        same = f" WHERE {ident(kind_column)} = '{kind.name}'" if kind_column else ""
        whole = len(items) == 1 and items[0].bound == ITEM
        rows = conn.execute(f"SELECT {ident(id_column)}, {idents([c.name for c in items])} FROM {ident(link.table.name)}"
                            f"{same} ORDER BY {ident(id_column)}, rowid")
        out.append((link.field, rows, (lambda values: values[0]) if whole else
                    (lambda values, items=items: {c.bound: v for c, v in zip(items, values, strict=True)})))
    return out


def replacing(conn: sqlite3.Connection, where: dict[str, str] | None = None) -> dict[str, Key]:
    """old id -> the fact whose ``replaces`` lists it."""
    out: dict[str, Key] = {}
    for kind in KINDS:
        condition = "1" if where is None else where.get(kind.name)
        if condition is None:
            continue
        for fact_id, listed in conn.execute(
                f"SELECT t.id, t.replaces FROM {ident(kind.table.name)} AS t WHERE t.replaces IS NOT NULL AND ({condition})"):
            for old in json.loads(listed):
                out[old] = (kind.name, fact_id)
    return out


def live_ids(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, list[Key]]:
    """Which of ``ids`` are facts now, of which kinds."""
    wanted = sorted(set(ids))
    out: dict[str, list[Key]] = {}
    for kind in KINDS:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            for (fact_id,) in conn.execute(f"SELECT id FROM {ident(kind.table.name)} WHERE id IN {in_list(chunk)}", chunk):
                out.setdefault(fact_id, []).append((kind.name, fact_id))
    return out


# -- the history as recorded ----------------------------------------------------------------
def read(seeds: Path, trusted: bool = False) -> History:
    """The revisions of ``seeds/history.jsonl`` (none if there is no such file), with every
    problem located at its line. A line as the build writes it is read in one pass; any other
    (edited by hand) is read as every seeds file is, a key given twice included. ``trusted``:
    the file is the one a build left (its digest is the database's), so no line was edited."""
    path = seeds / HISTORY
    if not path.exists() and not path.is_symlink():
        return History()
    try:
        check_file(path, seeds, HISTORY, limit=HISTORY_MAX_BYTES)
    except Unsafe as exc:
        return History([], [Problem(HISTORY, 1, 1, str(exc))])
    revisions: list[tuple[int, Revision]] = []
    edited: list[int] = []
    unfinished = 0
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            text = raw.rstrip(b"\r\n")
            unfinished = 0 if raw.endswith(b"\n") else number
            if not text.strip():
                continue
            try:
                revision = _built(text) if trusted else Revision.model_validate_json(text)
            except (ValidationError, ValueError, TypeError, KeyError, AttributeError):
                edited.append(number)
                continue
            if not trusted and line(revision).encode() != text:
                edited.append(number)
                continue
            revisions.append((number, revision))
    problems: list[Problem] = []
    if edited:
        file = RecordFile(path, HISTORY, {"revisions": Revision})
        wanted = set(edited)
        for loc, record in file.records():
            if loc[0] in wanted:
                revisions.append((loc[0], record))  # type: ignore[arg-type]
        problems = [p for p in file.problems if p.line in wanted]
        if unfinished:  # no newline after it and not JSON: a build stopped while appending it?
            problems = [Problem(HISTORY, p.line, p.column, UNFINISHED) if p.line == unfinished
                        and p.message.startswith("Invalid JSON") else p for p in problems]
        revisions.sort(key=lambda r: r[0])
    return History([r for _, r in revisions], problems + order_problems(revisions))


def load(conn: sqlite3.Connection, seeds: Path, trusted: bool = False) -> list[Problem] | None:
    """Stream the revisions of ``seeds/history.jsonl`` into ``fact_revisions``, in the file's
    order, holding only each fact's revision count and whether it is live (a million facts'
    history is never held in memory: a fact's previous snapshot, which a correction or a
    withdrawal needs, is read back from the table). Returns the problems of the revisions'
    order, or None, with nothing written, when a line is not as a build writes it (edited by
    hand, or unfinished): ``read`` then reads the file whole and locates what is wrong."""
    path = seeds / HISTORY
    if not path.exists() and not path.is_symlink():
        return []
    try:
        check_file(path, seeds, HISTORY, limit=HISTORY_MAX_BYTES)
    except Unsafe as exc:
        return [Problem(HISTORY, 1, 1, str(exc))]
    table = ident(FACT_REVISIONS.name)
    insert_sql = f"INSERT INTO {table} ({idents(COLUMNS)}) VALUES {in_list(COLUMNS)}"
    previous_sql = f"SELECT snapshot FROM {table} WHERE fact_type = ? AND fact_id = ? AND revision = ?"
    facts: dict[Key, tuple[int, bool]] = {}  # revisions so far, live
    problems: list[Problem] = []
    pending: list[tuple] = []
    last = ""

    def previous(key: Key, count: int) -> str | None:
        if count == 0:
            return None
        conn.executemany(insert_sql, pending)
        pending.clear()
        row = conn.execute(previous_sql, (*key, count)).fetchone()
        return row[0] if row else None

    conn.execute("BEGIN")
    try:
        with path.open("rb") as lines:
            for number, raw in enumerate(lines, start=1):
                text = raw.rstrip(b"\r\n")
                if not text.strip():
                    continue
                try:
                    r = _built(text) if trusted and raw.endswith(b"\n") else Revision.model_validate_json(text)
                except (ValidationError, ValueError, TypeError, KeyError, AttributeError):
                    conn.execute("ROLLBACK")
                    return None
                if not raw.endswith(b"\n") or (not trusted and line(r).encode() != text):
                    conn.execute("ROLLBACK")
                    return None
                key = (r.type, r.id)
                count, live = facts.get(key, (0, False))
                if r.at < last:
                    problems.append(Problem(HISTORY, number, 1, f"at: {r.at} is earlier than the revision before it "
                                            f"({last}): revisions are appended in time order"))
                last = max(last, r.at)
                if r.change == "corrected" and not live:
                    problems.append(Problem(HISTORY, number, 1, f"change: {r.type} '{r.id}' is corrected but is not a "
                                            "fact at that time (never added, or replaced or withdrawn)"))
                if r.change == "added":
                    shown: str | None = _text(r.after or {})
                elif r.change == "corrected" and r.after is not None:
                    shown = _text(r.after)
                elif r.change == "corrected":
                    before = previous(key, count)
                    shown = None if before is None else _text(
                        {**json.loads(before), **{k: v[1] for k, v in (r.fields or {}).items()}})
                else:
                    shown = previous(key, count)
                facts[key] = (count + 1, r.change in ("added", "corrected"))
                pending.append(_row(r, count + 1, shown))
                if len(pending) >= 10_000:
                    conn.executemany(insert_sql, pending)
                    pending.clear()
        conn.executemany(insert_sql, pending)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return problems


def _text(snapshot: dict) -> str:
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True)


def _built(text: bytes) -> Revision:
    """A line of a history a build wrote and a build read before (``read``'s ``trusted``):
    constructed without validating it again, about ten times faster (a full build reads every
    line). Anything unexpected falls back to validation."""
    data = json.loads(text)
    for name in ("by", "see"):
        if data.get(name) is not None:
            data[name] = FactRef.model_construct(type=data[name]["type"], id=data[name]["id"])
    if data.get("fields") is not None:
        data["fields"] = {k: tuple(v) for k, v in data["fields"].items()}
    if not set(data) <= set(LINE_FIELDS) or not {"type", "id", "at", "change"} <= set(data):
        raise ValueError("not a line as a build writes it")
    return Revision.model_construct(**data)


def order_problems(lines: Iterable[tuple[int, Revision]]) -> list[Problem]:
    """Revisions out of time order, or a replaced or withdrawn fact corrected or replaced again."""
    problems = []
    last = ""
    live: dict[Key, bool] = {}
    for line, r in lines:
        if r.at < last:
            problems.append(Problem(HISTORY, line, 1, f"at: {r.at} is earlier than the revision before it ({last}): "
                                    "revisions are appended in time order"))
        last = max(last, r.at)
        key = (r.type, r.id)
        if r.change == "corrected" and not live.get(key):
            problems.append(Problem(HISTORY, line, 1, f"change: {r.type} '{r.id}' is corrected but is not a fact "
                                    "at that time (never added, or replaced or withdrawn)"))
        live[key] = r.change in ("added", "corrected")
    return problems


def _apply(state: State, change: str, after: dict | None, fields: dict | None, by: Key | None) -> None:
    state.count += 1
    if change == "added":
        state.snapshot, state.live, state.by = after or {}, True, None
    elif change == "corrected":
        if after is not None:
            state.snapshot = after
        elif state.snapshot is not None:
            state.snapshot = {**state.snapshot, **{k: v[1] for k, v in (fields or {}).items()}}
        state.live = True
    else:
        state.live, state.by = False, by


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def diff(before: dict, after: dict) -> dict[str, tuple[Any, Any]]:
    """Each field whose value differs, as (before, after); a field absent on one side is null there."""
    return {k: (before.get(k), after.get(k)) for k in sorted(set(before) | set(after))
            if not _same(before.get(k), after.get(k))}


# -- what changed ---------------------------------------------------------------------------
def changes(states: dict[Key, State], current: dict[Key, dict], replaced: dict[str, Key],
            gone: Iterable[Key], at: str, reason: str | None) -> list[Revision]:
    """The revisions that bring ``states`` to ``current``: the facts in ``current`` (added or
    corrected), the ids ``replaced`` lists, and the facts ``gone`` (replaced or withdrawn).
    (Made from the database's own rows: constructed, not validated again.)"""
    out: list[Revision] = []
    for key in sorted(current):
        snapshot, state = current[key], states.get(key)
        if state is None or not state.live:
            out.append(Revision.model_construct(type=key[0], id=key[1], at=at, change="added", after=snapshot, reason=reason))
        elif state.snapshot is None or (state.snapshot != snapshot and diff(state.snapshot, snapshot)):
            fields = diff(state.snapshot, snapshot) if state.snapshot is not None else None
            out.append(Revision.model_construct(type=key[0], id=key[1], at=at, change="corrected", fields=fields,
                                                after=snapshot if state.snapshot is None else None, reason=reason))
    by_id: dict[str, list[Key]] = {}
    for key in states:
        by_id.setdefault(key[1], []).append(key)
    for old, holder in sorted(replaced.items()):
        keys = [k for k in by_id.get(old, []) if k not in current] or [(holder[0], old)]
        for key in keys:
            state = states.get(key)
            if state is None or state.live or state.by != holder:
                out.append(Revision(type=key[0], id=key[1], at=at, change="replaced",
                                    by=FactRef(type=holder[0], id=holder[1]), reason=reason))
    for key in sorted(set(gone)):
        state = states.get(key)
        if key in current or key[1] in replaced or state is None or not state.live:
            continue
        out.append(Revision(type=key[0], id=key[1], at=at, change="withdrawn", reason=reason))
    return out


def replace_problems(conn: sqlite3.Connection, replaced: dict[str, Key]) -> list[Problem]:
    """An id listed in ``replaces`` that is still a fact's id."""
    problems = []
    for old, holders in sorted(live_ids(conn, replaced).items()):
        fact = replaced[old]
        record = conn.execute(f"SELECT record FROM {ident(KINDS_BY_NAME[fact[0]].table.name)} WHERE id = ?",
                              (fact[1],)).fetchone()
        article = "an" if holders[0][0][0] in "aeiou" else "a"
        message = (f"replaces: '{old}' is still the id of {article} {holders[0][0]}: a fact replaces only ids "
                   "no fact has any more (rename or merge it first)")
        problems.append(Problem.at_record(record[0], message) if record else Problem(HISTORY, 0, 0, message))
    return problems


def append(seeds: Path, revisions: list[Revision]) -> None:
    """Add ``revisions`` at the end of ``seeds/history.jsonl``, in place: an edit costs the
    lines it adds, not the file (about 670 bytes a fact: 670 MB at a million facts). A build
    killed while writing may leave its last line unfinished; the next build reports that line
    (``read``), and a build that fails after appending leaves the lines (they describe the seeds
    as they are: the next build finds nothing more to record)."""
    if not revisions:
        return
    chunks = ("".join(line(r) + "\n" for r in revisions[start:start + 10_000]).encode("utf-8")
              for start in range(0, len(revisions), 10_000))  # a million facts' lines never held at once
    append_inside(seeds / HISTORY, chunks, seeds, HISTORY)


def line(revision: Revision) -> str:
    """A revision as a line of the file: its fields in the model's order, a fact's fields in
    the order of their names (the same whatever the declarations' order). Written field by
    field: a build may write a line for each of a million facts."""
    out = []
    for name in LINE_FIELDS:
        value = getattr(revision, name)
        if value is None:
            continue
        if name in ("by", "see"):
            value = {"type": value.type, "id": value.id}
        elif name == "fields":
            value = {k: list(v) for k, v in value.items()}
        out.append(f'"{name}": ' + json.dumps(value, ensure_ascii=False, sort_keys=name in ("after", "fields")))
    return "{" + ", ".join(out) + "}"


LINE_FIELDS = tuple(Revision.model_fields)


# -- the table ------------------------------------------------------------------------------
COLUMNS = FACT_REVISIONS.column_names


def rows(revisions: Iterable[Revision], states: dict[Key, State] | None = None) -> Iterator[tuple]:
    """Rows of ``fact_revisions`` for ``revisions``, continuing from ``states`` (the facts as
    the revisions already in the table leave them; updated as it goes)."""
    states = {} if states is None else states
    for r in revisions:
        key = (r.type, r.id)
        state = states.setdefault(key, State())
        before = state.snapshot
        _apply(state, r.change, r.after, r.fields, (r.by.type, r.by.id) if r.by else None)
        shown = state.snapshot if r.change in ("added", "corrected") else before
        yield _row(r, state.count, _text(shown) if shown is not None else None)


def _row(r: Revision, revision: int, snapshot: str | None) -> tuple:
    values = {
        "fact_type": r.type, "fact_id": r.id, "revision": revision, "at": r.at, "change": r.change,
        "changed": json.dumps({k: list(v) for k, v in r.fields.items()}, ensure_ascii=False, sort_keys=True)
        if r.fields else None,
        "snapshot": snapshot,
        "reason": r.reason,
        "replaced_by_type": r.by.type if r.by else None, "replaced_by_id": r.by.id if r.by else None,
        "see_type": r.see.type if r.see else None, "see_id": r.see.id if r.see else None,
    }
    return tuple(values[c] for c in COLUMNS)


def insert(conn: sqlite3.Connection, revisions: Iterable[Revision], states: dict[Key, State] | None = None) -> None:
    conn.executemany(f"INSERT INTO {ident(FACT_REVISIONS.name)} ({idents(COLUMNS)}) VALUES {in_list(COLUMNS)}",
                     rows(revisions, states))


def table_states(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[Key, State]:
    """The facts with these ids (of any kind) as the database's ``fact_revisions`` leaves them
    (found by its primary key, kind by kind: no other index needed)."""
    states: dict[Key, State] = {}
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        for kind in KINDS:
            for fact_id, count, change, snapshot, by_type, by_id in conn.execute(
                    "SELECT fact_id, revision, change, snapshot, replaced_by_type, replaced_by_id FROM fact_revisions"
                    " AS r WHERE fact_type = ? AND fact_id IN " + in_list(chunk) + f" AND {LATEST}", (kind.name, *chunk)):
                states[(kind.name, fact_id)] = State(json.loads(snapshot) if snapshot else None,
                                                     change in ("added", "corrected"),
                                                     (by_type, by_id) if by_id else None, count)
    return states


def _next_at(conn: sqlite3.Connection, built_at: str) -> str:
    """When revisions recorded now are stamped: the build's time, never before the last
    revision in the table (a clock set back)."""
    (last,) = conn.execute("SELECT coalesce(max(at), '') FROM fact_revisions").fetchone()
    return max(built_at, last)


def against_table(conn: sqlite3.Connection, current: dict[Key, dict], gone: list[Key], replaced: dict[str, Key],
                  built_at: str, reason: str | None) -> tuple[list[Revision], dict[Key, State]]:
    """The revisions that bring ``fact_revisions`` to the facts ``current`` (and ``gone``,
    ``replaced``), and the states of the facts they touch, for ``insert``."""
    states = table_states(conn, {i for _, i in (*current, *gone)} | set(replaced))
    at = _next_at(conn, built_at)
    return changes(states, current, replaced, gone, at, reason), states


# -- carried over from the previous build ---------------------------------------------------
# A full build whose history file is, byte for byte, the one the previous build of the database
# read or wrote (by this very code, the database still as that build wrote it) takes that
# database's fact_revisions as they are (the table is made from the file alone), then compares
# each fact with its latest revision in SQL: only the facts that differ are read into Python.
LIVE = "('added', 'corrected')"
# the row ``r`` of fact_revisions is its fact's latest revision (found by the primary key)
LATEST = "r.revision = (SELECT max(revision) FROM fact_revisions WHERE fact_type = r.fact_type AND fact_id = r.fact_id)"


def carry_over(conn: sqlite3.Connection, previous: Path) -> None:
    """Copy ``fact_revisions`` of the database ``previous`` (opened read-only) into ``conn``'s,
    row for row (rowids kept: the changes pages are ordered by them)."""
    conn.execute("ATTACH DATABASE ? AS previous", (read_only_uri(previous),))
    try:
        columns = idents(COLUMNS)
        conn.execute("BEGIN")
        conn.execute(f"INSERT INTO main.{ident(FACT_REVISIONS.name)} (rowid, {columns}) SELECT rowid, {columns}"
                     f" FROM previous.{ident(FACT_REVISIONS.name)} ORDER BY rowid")
        conn.execute("COMMIT")
    finally:
        conn.execute("DETACH DATABASE previous")


def _sorted_item(link) -> str:
    columns = _curated(link.table.columns)
    if len(columns) == 1 and columns[0].bound == ITEM:
        return f"l.{ident(columns[0].name)}"
    return "json_object(" + ", ".join(f"'{c.bound}', l.{ident(c.name)}" for c in sorted(columns, key=lambda c: c.bound or "")) + ")"


def sorted_snapshot_sql(kind: Kind) -> str:
    """SELECT id, the JSON of its curated fields with every object's keys in order (as the
    history's lines and ``fact_revisions.snapshot`` hold them) for every fact of ``kind``: each
    link table read once, grouped by fact (no index needed)."""
    parts = [(c.bound or "", f"t.{ident(c.name)}") for c in _curated(kind.table.columns)]
    joins = []
    for n, link in enumerate((*kind.links, kind.evidence)):
        kind_column, id_column = parent_columns(link.table)
        same = f" WHERE {ident(kind_column)} = '{kind.name}'" if kind_column else ""
        joins.append(f" LEFT JOIN (SELECT {ident(id_column)} AS fact, json_group_array({_sorted_item(link)}) AS items"
                     f" FROM (SELECT * FROM {ident(link.table.name)}{same} ORDER BY {ident(id_column)}, rowid) AS l"
                     f" GROUP BY {ident(id_column)}) AS l{n} ON l{n}.fact = t.id")
        parts.append((link.field, f"json(coalesce(l{n}.items, '[]'))"))
    body = ", ".join(f"'{key}', {value}" for key, value in sorted(parts))
    return f"SELECT t.id AS id, json_object({body}) AS snapshot FROM {ident(kind.table.name)} AS t{''.join(joins)}"


def record(conn: sqlite3.Connection, gone: list[Key], replaced: dict[str, Key], built_at: str,
           reason: str | None, chunk: int = 10_000) -> Iterator[tuple[list[Revision], dict[Key, State]]]:
    """The revisions that bring ``fact_revisions`` to every fact as it stands (those whose
    curated fields differ from their latest revision: ``differing``), ``gone`` and ``replaced``,
    ``chunk`` facts at a time with the states of the facts they touch (for ``insert``): a first
    build of a million facts holds ten thousand snapshots at a time, not a million. In the order
    ``changes`` gives them all at once (the differing facts by kind and id, then replacements and
    withdrawals: an id a fact ``replaces`` is never a fact's id, ``replace_problems``)."""
    at = _next_at(conn, built_at)
    conn.execute("CREATE TEMP TABLE history_differing (kind TEXT, id TEXT, snapshot TEXT)")
    for kind in sorted(KINDS, key=lambda k: k.name):
        conn.execute(f"INSERT INTO temp.history_differing SELECT ?, s.id, s.snapshot FROM ({sorted_snapshot_sql(kind)})"
                     " AS s WHERE NOT EXISTS (SELECT 1 FROM fact_revisions AS r WHERE r.fact_type = ? AND r.fact_id = s.id"
                     f" AND {LATEST} AND r.change IN {LIVE} AND r.snapshot IS NOT NULL AND json(r.snapshot) ="
                     " s.snapshot) ORDER BY s.id", (kind.name, kind.name))
    try:
        rows = conn.execute("SELECT kind, id, snapshot FROM temp.history_differing ORDER BY rowid").fetchmany
        while batch := rows(chunk):
            current = {(kind, fact_id): json.loads(text) for kind, fact_id, text in batch}
            states = table_states(conn, {i for _, i in current})
            yield changes(states, current, {}, [], at, reason), states
    finally:
        conn.execute("DROP TABLE temp.history_differing")
    states = table_states(conn, {i for _, i in gone} | set(replaced))
    yield changes(states, {}, replaced, gone, at, reason), states


def gone_facts(conn: sqlite3.Connection) -> list[Key]:
    """The facts whose latest revision is live that are no longer in their kind's table."""
    return [(kind.name, fact_id) for kind in KINDS for (fact_id,) in conn.execute(
        f"SELECT r.fact_id FROM fact_revisions AS r WHERE r.fact_type = ? AND r.change IN {LIVE} AND {LATEST}"
        f" AND NOT EXISTS (SELECT 1 FROM {ident(kind.table.name)} WHERE id = r.fact_id)", (kind.name,))]


def record_snapshot(kind: Kind, record: Any) -> dict[str, Any]:
    """A validated record's curated fields, as ``snapshot_sql`` reads them back from its rows."""
    out: dict[str, Any] = {c.bound: _plain(getattr(record, c.bound or "")) for c in _curated(kind.table.columns)}
    for link in (*kind.links, kind.evidence):
        columns = _curated(link.table.columns)
        items = getattr(record, link.field)
        if len(columns) == 1 and columns[0].bound == ITEM:
            out[link.field] = list(items)
        else:
            out[link.field] = [{c.bound: _plain(getattr(item, c.bound or "")) for c in columns} for item in items]
    return out


def _plain(value: Any) -> Any:
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)

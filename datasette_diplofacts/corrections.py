"""Corrections in the open: what the site says of a fact's history (``fact_revisions``).

A fact page says when the fact was first published and, under "History", each correction with
its fields before and after and the curator's reason; a fact that took over others (renamed
or merged) names them. The old address of a replaced fact answers 301 to the fact that holds
it now; that of a withdrawn fact answers 410 with a page saying what it was, when and why it
was withdrawn, and where its evidence is. ``/-/changes`` lists every revision, newest first,
and ``/-/changes.atom`` is the same as a feed."""
from __future__ import annotations

import json
from typing import Any

from datasette.utils import tilde_decode
from datasette.utils.asgi import Response

from diplofacts.schema.kinds import KINDS_BY_NAME, KINDS_BY_TABLE
from diplofacts.schema.sqltext import ident

from .compat import state
from .dates import date_text
from .siteurl import row_url
from .sourcenames import SLUG, labels_of, readable, titles_of

CHANGE_WORDS = {"added": "Added", "corrected": "Corrected", "replaced": "Replaced", "withdrawn": "Withdrawn"}
FIELD_WORDS = {"date": "date", "date_basis": "how the date was derived", "date_note": "note on the date",
               "citations": "evidence", "summary": "summary", "text": "quoted words", "speaker": "speaker",
               "participants": "participants", "parties": "parties", "meeting": "meeting", "statement": "statement",
               "cameo": "CAMEO code", "plover_type": "PLOVER type", "kind": "kind", "mode": "mode",
               "status": "status", "place": "place"}
PAGE = 100  # revisions a page of /-/changes shows


def day(at: str | None) -> str:
    """'2026-11-23T14:30:01+00:00' -> '23 Nov 2026'."""
    return date_text(at[:10]) if at else ""


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return "; ".join(_shown(v) for v in value) or "(none)"
    if isinstance(value, dict):  # a participant: "imran-khan (caller)"
        main = value.get("entity") or value.get("source") or ", ".join(str(v) for v in value.values() if v is not None)
        role = value.get("role")
        return f"{main} ({role})" if role and main != role else str(main)
    return str(value)


def describe(changed: str | None) -> list[dict]:
    """A correction's fields, each with its before and after in words (excerpts added and
    removed, for the evidence)."""
    out = []
    for name, (before, after) in (json.loads(changed) if changed else {}).items():
        label = FIELD_WORDS.get(name, name.replace("_", " "))
        if isinstance(before, list) and isinstance(after, list) and all(isinstance(x, dict) for x in before + after):
            gone = [c for c in before if c not in after]
            new = [c for c in after if c not in before]
            out.append({"field": label, "removed": [_excerpt(c) for c in gone], "added": [_excerpt(c) for c in new]})
        else:
            out.append({"field": label, "before": _shown(before), "after": _shown(after)})
    return out


def _excerpt(item: dict) -> str:
    if "exact" in item:
        role = f" ({item['role']})" if item.get("role") not in (None, "states") else ""
        return f"“{item['exact']}” — {item.get('source')}{role}"
    return _shown(item)


async def named(db, items: list[dict]) -> list[dict]:
    """Revisions as shown, with the source ids their texts name replaced by the sources' titles
    (reasons, changed values and excerpts, what a withdrawn fact said)."""
    texts: list[str] = []
    for item in items:
        texts += [item.get("reason") or "", item.get("line") or ""]
        for f in item.get("fields", []):
            texts += [f.get("before", ""), f.get("after", ""), *f.get("added", []), *f.get("removed", [])]
    names = await labels_of(db, "entities", "name", texts)
    shown = iter(SLUG.sub(lambda m: names.get(m.group(), m.group()), t) for t in await readable(db, texts))
    out = []
    for item in items:
        item = {**item, "reason": next(shown) or item.get("reason"), "line": next(shown) or item.get("line")}
        fields = []
        for f in item.get("fields", []):
            before, after = next(shown), next(shown)
            added = [next(shown) for _ in f.get("added", [])]
            removed = [next(shown) for _ in f.get("removed", [])]
            fields.append({**f, **({"before": before, "after": after} if "before" in f else {}),
                           **({"added": added, "removed": removed} if "added" in f else {})})
        out.append({**item, "fields": fields})
    return out


async def fact_history(datasette, db, database: str, kind: str, fact_id: str) -> dict:
    """What a fact page shows of its history."""
    # its revisions, and the facts it replaced, in one statement. Most facts replace none, so
    # ANALYZE finds one value (empty) in every row of the index on replaced_by and SQLite would
    # rather walk the index by date: every revision read (180 ms at 200k facts, 0.1 ms with the hint)
    rows = [dict(r) for r in await db.execute(
        "SELECT * FROM (SELECT 1 AS part, revision, at, change, changed, reason, NULL AS fact_type, NULL AS fact_id"
        " FROM fact_revisions WHERE fact_type = :type AND fact_id = :id"
        " UNION ALL SELECT 2, NULL, at, NULL, NULL, reason, fact_type, fact_id FROM fact_revisions"
        " WHERE likelihood(replaced_by_type = :type, 0.0001) AND replaced_by_id = :id)"
        " ORDER BY part, revision, at, fact_id", {"type": kind, "id": fact_id})]
    revisions = [{k: r[k] for k in ("revision", "at", "change", "changed", "reason")} for r in rows if r["part"] == 1]
    formerly = [{k: r[k] for k in ("fact_type", "fact_id", "at", "reason")} for r in rows if r["part"] == 2]
    events = await named(db, [{**r, "day": day(r["at"]), "fields": describe(r["changed"]), "words": CHANGE_WORDS[r["change"]]}
                              for r in revisions])
    corrections = [e for e in events if e["change"] == "corrected"]
    return {
        "published": day(revisions[0]["at"]) if revisions else None,
        "published_at": revisions[0]["at"] if revisions else None,
        "updated": day(revisions[-1]["at"]) if revisions else None,
        "updated_at": revisions[-1]["at"] if revisions else None,
        "revision": len(revisions),
        "corrected": corrections[-1]["day"] if corrections else None,
        "events": list(reversed(events)),  # newest first
        "formerly": await named(db, [{**f, "day": day(f["at"])} for f in formerly]),
    }


async def revision_of(db, kind: str, fact_id: str) -> tuple[int, str]:
    """The number and the day (YYYY-MM-DD) of a fact's latest revision: the version a citation names."""
    last = await _last(db, kind, fact_id)
    return (last["revision"], last["at"][:10]) if last else (0, "")


# -- old addresses ----------------------------------------------------------------------------
def missing_fact(datasette, request, exception) -> tuple[str, str, str, str] | None:
    """(database, table, fact id, suffix) when the request was for a fact page that has no row."""
    if getattr(exception, "status", None) != 404 or request is None:
        return None
    parts = request.path.split("/")
    if len(parts) != 4 or parts[1] not in state(datasette).databases or parts[2] not in KINDS_BY_TABLE:
        return None
    pk, suffix = parts[3], ""
    if pk.endswith(".json"):
        pk, suffix = pk[:-5], ".json"
    return parts[1], parts[2], tilde_decode(pk), suffix


async def moved_or_gone(datasette, request, database: str, table: str, fact_id: str, suffix: str) -> Response | None:
    """301 to the fact that now holds a replaced fact; 410 with its story for a withdrawn one."""
    db = datasette.get_database(database)
    kind = KINDS_BY_TABLE[table].name
    last = await _last(db, kind, fact_id)
    if last is None:
        return None
    hops = 0
    while last is not None and last["change"] == "replaced" and hops < 50:
        target = (last["replaced_by_type"], last["replaced_by_id"])
        live = (await db.execute(f"SELECT 1 FROM {ident(KINDS_BY_NAME[target[0]].table.name)} WHERE id = ?",
                                 [target[1]])).first()
        if live:
            url = row_url(datasette, database, KINDS_BY_NAME[target[0]].table.name, target[1]) + suffix
            return Response.redirect(url + (f"?{request.query_string}" if request.query_string else ""), status=301)
        last, hops = await _last(db, *target), hops + 1
    if last is None or last["change"] != "withdrawn":
        return None
    return await gone_page(datasette, request, db, database, last)


async def _last(db, kind: str, fact_id: str) -> dict | None:
    row = (await db.execute(
        "SELECT * FROM fact_revisions WHERE fact_type = ? AND fact_id = ? ORDER BY revision DESC LIMIT 1",
        [kind, fact_id])).first()
    return dict(row) if row else None


async def gone_page(datasette, request, db, database: str, last: dict) -> Response:
    was = json.loads(last["snapshot"]) if last["snapshot"] else {}
    sources = sorted({c["source"] for c in was.get("citations", []) if isinstance(c, dict) and c.get("source")})
    titles = await titles_of(db, [], sources)
    see = None
    if last["see_id"] and last["see_type"] in KINDS_BY_NAME:
        table = KINDS_BY_NAME[last["see_type"]].table.name
        row = (await db.execute(f"SELECT * FROM {ident(table)} WHERE id = ?", [last["see_id"]])).first()
        if row is not None:
            see = {"url": row_url(datasette, database, table, last["see_id"]),
                   "line": row[KINDS_BY_NAME[last["see_type"]].summary or "id"]}
    (line, reason), = [(n["line"], n["reason"]) for n in await named(db, [{"line": line_of(last), "reason": last["reason"]}])]
    context = {
        "kind": last["fact_type"], "id": last["fact_id"], "line": line, "date": date_text(was.get("date")) if was else None,
        "withdrawn": day(last["at"]), "reason": reason, "see": see,
        "sources": [{"title": titles.get(s, s), "url": row_url(datasette, database, "sources", s)} for s in sources
                    if s in titles],
        "changes_url": datasette.urls.path("/-/changes"),
    }
    if request.path.endswith(".json"):
        return Response.json({"ok": False, "status": 410, "withdrawn": last["at"], "reason": last["reason"],
                              "was": was}, status=410)
    html = await datasette.render_template("diplofacts_withdrawn.html", {"w": context}, request=request)
    return Response.html(html, status=410)


# -- every change -----------------------------------------------------------------------------
CHANGES_SQL = (
    "SELECT r.rowid AS row, r.fact_type, r.fact_id, r.revision, r.at, r.change, r.changed, r.snapshot, r.reason,"
    " r.replaced_by_type, r.replaced_by_id FROM fact_revisions r"
    " WHERE (:before = '' OR r.at < :before OR (r.at = :before AND r.rowid < :rowid))"
    " ORDER BY r.at DESC, r.rowid DESC LIMIT :limit")


async def changes(db, limit: int, before: str = "", rowid: int = 0) -> list[dict]:
    rows = await db.execute(CHANGES_SQL, {"before": before, "rowid": rowid, "limit": limit})
    return [dict(r) for r in rows]


def line_of(change: dict) -> str:
    snapshot = json.loads(change["snapshot"]) if change["snapshot"] else {}
    kind = KINDS_BY_NAME.get(change["fact_type"])
    return str(snapshot.get(kind.summary if kind and kind.summary else "summary") or snapshot.get("summary")
               or snapshot.get("text") or change["fact_id"])


def entry(datasette, database: str, change: dict) -> dict:
    """A revision as the changes page and feed show it."""
    table = KINDS_BY_NAME[change["fact_type"]].table.name
    url = row_url(datasette, database, table, change["fact_id"])
    if change["change"] == "replaced" and change["replaced_by_type"] in KINDS_BY_NAME:
        now = row_url(datasette, database, KINDS_BY_NAME[change["replaced_by_type"]].table.name, change["replaced_by_id"])
    else:
        now = None
    return {**change, "url": url, "now": now, "line": line_of(change), "day": day(change["at"]),
            "words": CHANGE_WORDS[change["change"]], "fields": describe(change["changed"])}


async def changes_page(datasette, request):
    databases = state(datasette).databases
    if not databases:
        return Response.text("no fact database", status=404)
    database = databases[0]
    db = datasette.get_database(database)
    before = request.args.get("before", "")
    try:
        rowid = int(request.args.get("row", "0") or 0)
    except ValueError:
        rowid = 0
    found = await changes(db, PAGE + 1, before, rowid)
    shown = await named(db, [entry(datasette, database, c) for c in found[:PAGE]])
    more = None
    if len(found) > PAGE:
        last = found[PAGE - 1]
        more = datasette.urls.path(f"/-/changes?before={last['at']}&row={last['row']}")
    counts = {r["change"]: r["n"] for r in await db.execute(
        "SELECT change, count(*) AS n FROM fact_revisions GROUP BY change")}
    return Response.html(await datasette.render_template("diplofacts_changes.html", {
        "changes": shown, "more": more, "counts": counts, "feed_url": datasette.urls.path("/-/changes.atom"),
        "first_page": not before}, request=request))


def fields_text(fields: list[dict]) -> str:
    parts = []
    for f in fields:
        if "before" in f:
            parts.append(f"{f['field']}: {f['before']} → {f['after']}")
        else:
            parts.append(f"{f['field']}: " + "; ".join([*(f"added {x}" for x in f["added"]),
                                                       *(f"removed {x}" for x in f["removed"])]))
    return "; ".join(parts)

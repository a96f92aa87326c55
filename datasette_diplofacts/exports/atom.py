"""Atom feeds (RFC 4287), written with ElementTree, not by joining strings: the facts as they
were added or last corrected, newest change first (all of them, and those of one entity), and
every change (``/-/changes.atom``). Times come from the facts' history (``fact_revisions``): an
entry's ``published`` is when its fact was first published, its ``updated`` when it last
changed, so two entries share a time only when they changed together, and a rebuild with no
change changes no entry. A fact's entry id is its permalink; a change's, its permalink with
the revision's number: ids that never change."""
from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

from datasette.utils import tilde_decode
from datasette.utils.asgi import Response

from ..compat import site_title
from ..corrections import changes, entry, fields_text, named
from ..kindsql import entity_facts_sql
from ..sourcenames import readable
from .download import Download, not_found
from .links import Links

ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 100


def _el(parent, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC).isoformat(timespec="seconds")


def _feed(feed_id: str, title: str, self_url: str, alternate: str, entries: list[dict], links: Links) -> bytes:
    ET.register_namespace("", ATOM)  # (entries' summaries come readable: see _readable)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _el(feed, "id", feed_id)
    _el(feed, "title", title)
    _el(feed, "updated", max((f["updated"] for f in entries), default=EPOCH))
    _el(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _el(feed, "link", rel="alternate", type="text/html", href=alternate)
    author = _el(feed, "author")
    _el(author, "name", "The curators")
    for f in entries:
        entry = _el(feed, "entry")
        url = links.fact(f["type"], f["id"])
        _el(entry, "id", f.get("entry_id") or url)
        title_text = f["summary"] if len(f["summary"]) <= 140 else f["summary"][:139] + "…"
        _el(entry, "title", title_text)
        _el(entry, "published", f["published"])
        _el(entry, "updated", f["updated"])
        _el(entry, "link", rel="alternate", type="text/html", href=f.get("href") or url)
        _el(entry, "category", term=f["type"])
        _el(entry, "summary", f["text"])
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _about(f: dict) -> str:
    when = f"{f['date']} ({f['date_basis']})" if f["date"] else "date unknown"
    corrected = f"; corrected {f['updated'][:10]}" if f["revision"] > 1 else ""
    return f"{f['summary']} — {when}; {f['source_count']} source{'s' if f['source_count'] != 1 else ''}{corrected}."


# A fact's first and latest revision: published and updated (by the primary key, per fact).
TIMES = ("(SELECT at FROM fact_revisions WHERE fact_type = f.type AND fact_id = f.id AND revision = 1) AS published,"
         " (SELECT at FROM fact_revisions WHERE fact_type = f.type AND fact_id = f.id ORDER BY revision DESC LIMIT 1)"
         " AS updated, (SELECT max(revision) FROM fact_revisions WHERE fact_type = f.type AND fact_id = f.id) AS revision")
# The facts by their latest change, newest first: read backwards along the index of times, each
# fact at its own latest revision.
NEWEST_CHANGED = (
    "SELECT f.type, f.id, f.date, f.date_basis, f.summary, f.source_count, " + TIMES + " FROM fact_revisions r"
    " JOIN facts f ON f.type = r.fact_type AND f.id = r.fact_id"
    " WHERE r.revision = (SELECT max(revision) FROM fact_revisions x WHERE x.fact_type = r.fact_type AND x.fact_id = r.fact_id)"
    " ORDER BY r.at DESC, r.fact_type, r.fact_id LIMIT ?")


def _entries(rows: list[dict]) -> list[dict]:
    """Facts as feed entries: a fact the history does not date is dated as the epoch."""
    out = []
    for f in rows:
        f = {**f, "published": f["published"] or EPOCH, "updated": f["updated"] or EPOCH, "revision": f["revision"] or 0}
        out.append({**f, "text": _about(f)})
    return out


async def all_facts(db, links: Links, title: str) -> bytes:
    rows = await _readable(db, [dict(r) for r in await db.execute(NEWEST_CHANGED, [LIMIT])])
    return _feed(links.site("/-/facts.atom"), f"Facts · {title}", links.site("/-/facts.atom"),
                 links.table("facts"), _entries(rows), links)


async def of_entity(db, links: Links, entity_id: str, title: str) -> bytes | None:
    entity = (await db.execute("SELECT name FROM entities WHERE id = ?", [entity_id])).first()
    if entity is None:
        return None
    rows = {(r["type"], r["id"]): dict(r) for r in await db.execute(
        f"SELECT e.*, {TIMES} FROM ({entity_facts_sql()}) e JOIN facts f ON f.type = e.type AND f.id = e.id",
        {"id": entity_id})}
    # the newest change first, as the all-facts feed orders them (sorts are stable)
    by_kind = sorted(rows.values(), key=lambda f: (f["type"], f["id"]))
    facts = await _readable(db, sorted(by_kind, key=lambda f: f["updated"] or "", reverse=True)[:LIMIT])
    path = f"/-/entities/{entity_id}.atom"
    return _feed(links.site(path), f"{entity['name']} · {title}", links.site(path),
                 links.entity(entity_id), _entries(facts), links)


async def all_changes(datasette, db, links: Links, title: str) -> bytes:
    entries = []
    found = await changes(db, LIMIT)
    for change, shown in zip(found, await named(db, [entry(datasette, links.database, c) for c in found]), strict=True):
        url = links.fact(change["fact_type"], change["fact_id"])
        what = fields_text(shown["fields"])
        text = f"{shown['words']}: {shown['line']}" + (f" — {what}" if what else "") + (
            f". Why: {shown['reason']}" if shown["reason"] else "")
        href = links.fact(change["replaced_by_type"], change["replaced_by_id"]) if shown["now"] else url
        entries.append({"type": change["fact_type"], "id": change["fact_id"], "entry_id": f"{url}#revision-{change['revision']}",
                        "href": href, "summary": f"{shown['words']}: {shown['line']}", "published": change["at"],
                        "updated": change["at"], "text": text})
    return _feed(links.site("/-/changes.atom"), f"Changes · {title}", links.site("/-/changes.atom"),
                 links.site("/-/changes"), entries, links)


async def _readable(db, rows: list[dict]) -> list[dict]:
    return [{**r, "summary": s} for r, s in zip(rows, await readable(db, [r["summary"] for r in rows]), strict=True)]


async def facts_feed(datasette, request, db, links: Links):
    body = await all_facts(db, links, site_title(datasette, links.database))
    return Response(body, content_type="application/atom+xml; charset=utf-8")


async def changes_feed(datasette, request, db, links: Links):
    body = await all_changes(datasette, db, links, site_title(datasette, links.database))
    return Response(body, content_type="application/atom+xml; charset=utf-8")


async def entity_feed(datasette, request, db, links: Links):
    body = await of_entity(db, links, tilde_decode(request.url_vars["entity"]), site_title(datasette, links.database))
    if body is None:
        return not_found("entity")
    return Response(body, content_type="application/atom+xml; charset=utf-8")


DOWNLOADS = (
    Download("facts-feed", "The facts as added or last corrected, newest first (Atom)", "/-/facts.atom", "atom",
             "application/atom+xml", facts_feed),
    Download("changes-feed", "Every change to the facts: added, corrected, renamed or merged, withdrawn (Atom)",
             "/-/changes.atom", "atom", "application/atom+xml", changes_feed),
    Download("entity-feed", "The facts of one entity as added or last corrected, newest first (Atom)", "/-/entities/<entity id>.atom", "atom",
             "application/atom+xml", entity_feed, pattern=r"^/-/entities/(?P<entity>[^/]+)\.atom$", listed=False),
)

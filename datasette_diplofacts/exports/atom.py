"""Atom feeds (RFC 4287) of facts, newest first: all of them, and those of one entity. Written
with ElementTree, not by joining strings. Each entry's id is its fact page's address (stable);
``updated`` is when the data was built, the only time the site knows a fact to be as stated."""
from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

from datasette.utils import tilde_decode
from datasette.utils.asgi import Response

from ..compat import site_title
from ..kindsql import entity_facts_sql
from ..siteinfo import build_info
from .download import Download, not_found
from .links import Links, readable

ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 100


def _el(parent, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _feed(feed_id: str, title: str, updated: str, self_url: str, alternate: str, entries: list[dict], links: Links) -> bytes:
    ET.register_namespace("", ATOM)  # (entries' summaries come readable: see _readable)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _el(feed, "id", feed_id)
    _el(feed, "title", title)
    _el(feed, "updated", updated)
    _el(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _el(feed, "link", rel="alternate", type="text/html", href=alternate)
    author = _el(feed, "author")
    _el(author, "name", "The curators")
    for f in entries:
        entry = _el(feed, "entry")
        url = links.fact(f["type"], f["id"])
        _el(entry, "id", url)
        title_text = f["summary"] if len(f["summary"]) <= 140 else f["summary"][:139] + "…"
        _el(entry, "title", title_text)
        _el(entry, "updated", updated)
        _el(entry, "link", rel="alternate", type="text/html", href=url)
        _el(entry, "category", term=f["type"])
        when = f"{f['date']} ({f['date_basis']})" if f["date"] else "date unknown"
        _el(entry, "summary", f"{f['summary']} — {when}; {f['source_count']} source{'s' if f['source_count'] != 1 else ''}.")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


async def _updated(db) -> str:
    return (await build_info(db)).built_at or datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC).isoformat(timespec="seconds")


NEWEST = "ORDER BY date IS NULL, date DESC, type, id"


async def all_facts(db, links: Links, title: str) -> bytes:
    rows = await _readable(db, [dict(r) for r in await db.execute(
        f"SELECT type, id, date, date_basis, summary, source_count FROM facts {NEWEST} LIMIT ?", [LIMIT])])
    return _feed(links.site("/-/facts.atom"), f"Facts · {title}", await _updated(db), links.site("/-/facts.atom"),
                 links.table("facts"), rows, links)


async def of_entity(db, links: Links, entity_id: str, title: str) -> bytes | None:
    entity = (await db.execute("SELECT name FROM entities WHERE id = ?", [entity_id])).first()
    if entity is None:
        return None
    rows = {(r["type"], r["id"]): dict(r) for r in await db.execute(entity_facts_sql(), {"id": entity_id})}
    # newest first, undated last, as the all-facts feed orders them in SQL (sorts are stable)
    by_kind = sorted(rows.values(), key=lambda f: (f["type"], f["id"]))
    facts = await _readable(db, sorted(by_kind, key=lambda f: f["date"] or "", reverse=True)[:LIMIT])
    path = f"/-/entities/{entity_id}.atom"
    return _feed(links.site(path), f"{entity['name']} · {title}", await _updated(db), links.site(path),
                 links.entity(entity_id), facts, links)


async def _readable(db, rows: list[dict]) -> list[dict]:
    return [{**r, "summary": s} for r, s in zip(rows, await readable(db, [r["summary"] for r in rows]), strict=True)]


async def facts_feed(datasette, request, db, links: Links):
    body = await all_facts(db, links, site_title(datasette, links.database))
    return Response(body, content_type="application/atom+xml; charset=utf-8")


async def entity_feed(datasette, request, db, links: Links):
    body = await of_entity(db, links, tilde_decode(request.url_vars["entity"]), site_title(datasette, links.database))
    if body is None:
        return not_found("entity")
    return Response(body, content_type="application/atom+xml; charset=utf-8")


DOWNLOADS = (
    Download("facts-feed", "The newest facts (Atom)", "/-/facts.atom", "atom", "application/atom+xml", facts_feed),
    Download("entity-feed", "The newest facts of one entity (Atom)", "/-/entities/<entity id>.atom", "atom",
             "application/atom+xml", entity_feed, pattern=r"^/-/entities/(?P<entity>[^/]+)\.atom$", listed=False),
)

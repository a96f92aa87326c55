"""An entity's page: who or what it is, and everything the facts record of it, by kind, each
with its date (as certain as it is), its sources and a link; a small timeline by month."""
from __future__ import annotations

import json
from urllib.parse import quote, urlencode

from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from diplofacts.schema.kinds import KINDS, KINDS_BY_NAME

from . import searchpage
from .charts import Left, columns
from .compat import site_title, state
from .dates import date_html
from .exports import schemaorg
from .kindsql import entity_by_name_sql, entity_facts_sql, others_sql
from .pages import name_sources, row_url, source_titles
from .siteurl import absolute

PLURAL = {k.name: k.table.name for k in KINDS}


async def entity_context(datasette, database: str, entity_id: str, request=None) -> dict | None:
    db = datasette.get_database(database)
    entity = (await db.execute("SELECT * FROM entities WHERE id = ?", [entity_id])).first()
    if entity is None:
        return None
    rows = await db.execute(entity_facts_sql(), {"id": entity_id})
    titles = await source_titles(datasette, db, database, (r["summary"] for r in rows))
    facts = [{**dict(r), "summary": name_sources(r["summary"], titles)} for r in rows]
    others: dict[tuple[str, str], list[dict]] = {}
    for r in await db.execute(others_sql(), {"id": entity_id}):
        others.setdefault((r["type"], r["fact_id"]), []).append(
            {"name": r["name"], "role": r["role"], "url": row_url(datasette, database, "entities", r["id"])})
    disputed = {(r[0], r[1]) for r in await db.execute("SELECT DISTINCT fact_type, fact_id FROM disagreements")}
    groups: dict[str, list[dict]] = {k.name: [] for k in KINDS}
    seen = set()
    for f in facts:
        key = (f["type"], f["id"])
        if key in seen:  # named twice in one fact (two roles): one line, both roles
            next(g for g in groups[f["type"]] if g["id"] == f["id"])["role"] += f", {f['role']}"
            continue
        seen.add(key)
        groups[f["type"]].append({**f, "date_html": date_html(f["date"], f["date_basis"]),
                                  "url": row_url(datasette, database, KINDS_BY_NAME[f["type"]].table.name, f["id"]),
                                  "others": others.get(key, []), "disputed": key in disputed,
                                  "anchor": fact_anchor(f)})
    aliases = json.loads(entity["aliases"] or "[]")
    return {
        "kind": "entity",
        "jsonld": schemaorg.script(schemaorg.entity(
            dict(entity), absolute(datasette, request, row_url(datasette, database, "entities", entity_id)), aliases)),
        "title": entity["name"],
        "site_title": site_title(datasette, database),
        "entity": dict(entity),
        "aliases": aliases,
        "groups": [{"name": PLURAL[name], "facts": rows} for name, rows in groups.items() if rows],
        "count": len(seen),
        "timeline": timeline_svg([g for group in groups.values() for g in group]),
        "record_url": datasette.urls.database(database) + "/entity_record?entity=" + escape(entity_id),
        "feed_url": datasette.urls.path(f"/-/entities/{quote(entity_id, safe='')}.atom"),
    }


def timeline_svg(facts: list[dict]) -> Markup | None:
    """The entity's facts per month, by kind, every month from the first to the last drawn
    (gaps show as gaps), drawn as the preset charts are (charts.columns: for the width shown);
    each stretch links to the first of its facts on the page (the others of the month and kind
    follow it, the lists being in date order); the facts with no month (undated, or known only
    to the year) are counted under it, with a link to the first of them."""
    stacks: dict[str, list[tuple[str, int, str]]] = {}
    for f in facts:
        if f["date"] and len(f["date"]) >= 7:
            segments = stacks.setdefault(f["date"][:7], [])
            found = next((s for s in segments if s[0] == f["type"]), None)
            if found:
                segments[segments.index(found)] = (found[0], found[1] + 1, found[2])
            else:
                segments.append((f["type"], 1, "#" + fact_anchor(f)))
    keys = [k.name for k in KINDS if any(s[0] == k.name for segments in stacks.values() for s in segments)]
    unplaced = [f for f in facts if not f["date"] or len(f["date"]) < 7]
    left = Left(len(unplaced), len(facts), "no date, or only a year,", "#" + fact_anchor(unplaced[0])) if unplaced else None
    return columns(stacks, keys, "Facts per month", "facts", left, plot=90, css="diplofacts-timeline")


def fact_anchor(fact: dict) -> str:
    """The id of a fact's line on an entity's page."""
    return f"fact-{fact['type']}-{fact['id']}"


async def find_entity(datasette, request):
    """``/-/entity?name=xi jinping``: the page of the entity with that name or alias (any case,
    possessives folded), or of the one name closest to it (misspelt); else the search page for
    the words, which offers the entities they name and the closest names. Never a raw table."""
    name = (request.args.get("name") or "").strip()
    for database in state(datasette).databases:
        db = datasette.get_database(database)
        ids = [r[0] for r in await db.execute(entity_by_name_sql("n"), {"n": name})]
        if len(ids) != 1 and name:
            found, _ = await searchpage.named(db, name)
            ids = [n.id for n in found] if len(found) == 1 else ids
        if len(ids) == 1:
            return Response.redirect(row_url(datasette, database, "entities", ids[0]))
        if name:
            return Response.redirect(datasette.urls.path("/-/search") + "?" + urlencode({"q": name}))
    return Response.redirect(datasette.urls.instance())

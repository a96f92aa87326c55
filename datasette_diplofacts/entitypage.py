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
from .kindsql import entity_by_name_sql, entity_dates_sql, entity_page_facts_sql, others_sql
from .pages import name_sources, row_url, source_titles
from .siteurl import absolute

PLURAL = {k.name: k.table.name for k in KINDS}


# The facts of each kind an entity's page lists at once (25: at 50 its page at 200k facts was
# 2.4-3.4x a fact page, at 25 1.7-2.2x, same runs); the others are a page away
# (``?meetings=2``), so a page costs the same for an entity named in 20 facts or 20,000.
PAGE_SIZE = 25


def asked_page(request, table: str) -> int:
    """The page of a kind's list a request asks for (``?meetings=3``; 1 when none)."""
    value = request.args.get(table, "") if request is not None else ""
    return int(value) if value.isascii() and value.isdigit() and 0 < len(value) <= 9 else 1


async def entity_context(datasette, database: str, entity_id: str, request=None) -> dict | None:
    db = datasette.get_database(database)
    entity = (await db.execute("SELECT * FROM entities WHERE id = ?", [entity_id])).first()
    if entity is None:
        return None
    page_url = row_url(datasette, database, "entities", entity_id)
    # every fact of the entity, by kind, in date order: its id and date only (the counts, the
    # pages and the timeline); the rest is read for the facts listed on this page alone
    ordered: dict[str, list[dict]] = {k.name: [] for k in KINDS}
    seen: set[tuple[str, str]] = set()
    for r in await db.execute(entity_dates_sql(), {"id": entity_id}):
        if (r["type"], r["id"]) not in seen:
            seen.add((r["type"], r["id"]))
            ordered[r["type"]].append({"type": r["type"], "id": r["id"], "date": r["date"]})
    shown: dict[str, dict] = {}
    where: dict[tuple[str, str], str] = {}  # each fact's address on the entity's pages
    for name, facts in ordered.items():
        table = PLURAL[name]
        pages = max(1, -(-len(facts) // PAGE_SIZE))
        page = min(asked_page(request, table), pages)
        first = (page - 1) * PAGE_SIZE
        shown[name] = {"page": page, "pages": pages, "first": first, "ids": [f["id"] for f in facts[first:first + PAGE_SIZE]]}
        for i, f in enumerate(facts):
            n = i // PAGE_SIZE + 1
            where[(name, f["id"])] = ("" if n == page else f"{page_url}?{urlencode({table: n})}") + "#" + fact_anchor(f)
    params = {"id": entity_id, **{f"ids_{name}": json.dumps(part["ids"]) for name, part in shown.items()}}
    rows = await db.execute(entity_page_facts_sql(), params)
    titles = await source_titles(datasette, db, database, (r["summary"] for r in rows))
    others: dict[tuple[str, str], list[dict]] = {}
    for r in await db.execute(others_sql(page=True), params):
        others.setdefault((r["type"], r["fact_id"]), []).append(
            {"name": r["name"], "role": r["role"], "url": row_url(datasette, database, "entities", r["id"])})
    disputed = {(r[0], r[1]) for r in await db.execute("SELECT DISTINCT fact_type, fact_id FROM disagreements")}
    groups: dict[str, list[dict]] = {k.name: [] for k in KINDS}
    listed_once: dict[tuple[str, str], dict] = {}
    for r in rows:
        key = (r["type"], r["id"])
        if key in listed_once:  # named twice in one fact (two roles): one line, both roles
            listed_once[key]["role"] += f", {r['role']}"
            continue
        line = {**dict(r), "summary": name_sources(r["summary"], titles),
                "date_html": date_html(r["date"], r["date_basis"]),
                "url": row_url(datasette, database, KINDS_BY_NAME[r["type"]].table.name, r["id"]),
                "others": others.get(key, []), "disputed": key in disputed, "anchor": fact_anchor(r)}
        listed_once[key] = line
        groups[r["type"]].append(line)
    aliases = json.loads(entity["aliases"] or "[]")
    return {
        "kind": "entity",
        "jsonld": schemaorg.script(schemaorg.entity(
            dict(entity), absolute(datasette, request, page_url), aliases)),
        "title": entity["name"],
        "site_title": site_title(datasette, database),
        "entity": dict(entity),
        "aliases": aliases,
        "groups": [{"name": PLURAL[name], "facts": groups[name], "count": len(facts),
                    "paging": _paging(page_url, PLURAL[name], shown[name], len(facts), len(groups[name]))}
                   for name, facts in ordered.items() if facts],
        "count": len(seen),
        "timeline": timeline_svg([f for facts in ordered.values() for f in facts], where),
        "record_url": datasette.urls.database(database) + "/entity_record?entity=" + escape(entity_id),
        "feed_url": datasette.urls.path(f"/-/entities/{quote(entity_id, safe='')}.atom"),
    }


def _paging(page_url: str, table: str, part: dict, total: int, listed: int) -> dict | None:
    """The links between the pages of one kind's list, where it has more than one."""
    if part["pages"] == 1:
        return None

    def link(n: int) -> str:
        return f"{page_url}?{urlencode({table: n})}#{table}"
    page = part["page"]
    return {"page": page, "pages": part["pages"], "first": part["first"] + 1, "last": part["first"] + listed,
            "total": total, "previous": link(page - 1) if page > 1 else None,
            "next": link(page + 1) if page < part["pages"] else None}


def timeline_svg(facts: list[dict], where: dict[tuple[str, str], str] | None = None) -> Markup | None:
    """The entity's facts per month, by kind, every month from the first to the last drawn
    (gaps show as gaps), drawn as the preset charts are (charts.columns: for the width shown);
    each stretch links to the first of its facts on the page (the others of the month and kind
    follow it, the lists being in date order); the facts with no month (undated, or known only
    to the year) are counted under it, with a link to the first of them. ``where`` gives a
    fact's address where it is not on this page (a kind's list paged: ``?meetings=2#fact-…``)."""
    def href(f: dict) -> str:
        return (where or {}).get((f["type"], f["id"])) or "#" + fact_anchor(f)

    stacks: dict[str, list[tuple[str, int, str]]] = {}
    for f in facts:
        if f["date"] and len(f["date"]) >= 7:
            segments = stacks.setdefault(f["date"][:7], [])
            found = next((s for s in segments if s[0] == f["type"]), None)
            if found:
                segments[segments.index(found)] = (found[0], found[1] + 1, found[2])
            else:
                segments.append((f["type"], 1, href(f)))
    keys = [k.name for k in KINDS if any(s[0] == k.name for segments in stacks.values() for s in segments)]
    unplaced = [f for f in facts if not f["date"] or len(f["date"]) < 7]
    left = Left(len(unplaced), len(facts), "no date, or only a year,", href(unplaced[0])) if unplaced else None
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

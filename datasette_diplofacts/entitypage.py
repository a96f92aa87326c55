"""An entity's page: who or what it is, and everything the facts record of it, by kind, each
with its date (as certain as it is), its sources and a link; a small timeline by month."""
from __future__ import annotations

import json
from collections import Counter
from urllib.parse import quote, urlencode

from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from diplofacts.schema.kinds import KINDS, KINDS_BY_NAME

from . import searchpage
from .compat import site_title, state
from .dates import MONTHS, date_html
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
                                  "others": others.get(key, []), "disputed": key in disputed})
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
        "timeline": timeline_svg([f for f in facts if f["date"]]),
        "record_url": datasette.urls.database(database) + "/entity_record?entity=" + escape(entity_id),
        "feed_url": datasette.urls.path(f"/-/entities/{quote(entity_id, safe='')}.atom"),
    }


def timeline_svg(facts: list[dict]) -> Markup | None:
    """Facts per month from the first month to the last, every month drawn (gaps show as gaps);
    facts known only to the year are counted beside it, not placed in a month."""
    months = Counter(f["date"][:7] for f in facts if len(f["date"]) >= 7)
    years_only = sum(1 for f in facts if len(f["date"]) == 4)
    if not months:
        return None
    first, last = min(months), max(months)
    y, m = int(first[:4]), int(first[5:])
    axis: list[str] = []
    while (y, m) <= (int(last[:4]), int(last[5:])) and len(axis) < 600:
        axis.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    width, height, top = max(1, len(axis)) * 14, 60, max(months.values())
    bars = []
    for i, month in enumerate(axis):
        n = months.get(month, 0)
        h = round(40 * n / top) if n else 0
        label = f"{MONTHS[int(month[5:]) - 1]} {month[:4]}: {n} fact{'s' if n != 1 else ''}"
        bars.append(f'<rect x="{i * 14 + 2}" y="{45 - h}" width="10" height="{h or 1}" class="{"bar" if n else "none"}">'
                    f"<title>{label}</title></rect>")
    ticks, last_at = [], -99
    for i, month in enumerate(axis):  # the first month, each January, the last: never crowded
        if (i == 0 or month[5:] == "01" or i == len(axis) - 1) and i - last_at >= 5:
            name = f"{MONTHS[int(month[5:]) - 1]} {month[:4]}" if i == 0 or i == len(axis) - 1 else month[:4]
            ticks.append(f'<text x="{i * 14}" y="58">{name}</text>')
            last_at = i
    note = f'<p class="diplofacts-legend">{years_only} more known only to the year.</p>' if years_only else ""
    return Markup(f'<svg class="diplofacts-timeline" viewBox="0 0 {width + 40} {height}" role="img" '
                  f'aria-label="Facts per month, {first} to {last}">{"".join(bars)}{"".join(ticks)}</svg>{note}')


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

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
from .kindsql import entity_by_name_sql, entity_page_facts_sql, entity_page_ids_sql, others_sql
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
    # the entity's facts counted by kind and month, as stored (entity_months): the counts, the
    # pages and the timeline, whatever the number of its facts; the facts listed are then read
    # by the months their page covers (entity_facts, in date order), the rest for those alone
    periods: dict[str, list[tuple[str, int]]] = {k.name: [] for k in KINDS}
    for r in await db.execute(ENTITY_MONTHS_SQL, [entity_id]):
        periods[r["type"]].append((r["period"], r["facts"]))
    shown = {name: _window(part, asked_page(request, PLURAL[name])) for name, part in periods.items()}
    params = {"id": entity_id, "size": PAGE_SIZE}
    for name, part in shown.items():
        params.update({f"{key}_{name}": part[key] for key in ("lo", "hi", "nulls", "skip", "nskip")})
    ids: dict[str, list[tuple[str, str | None]]] = {k.name: [] for k in KINDS}
    for r in await db.execute(entity_page_ids_sql(), params):
        ids[r["type"]].append((r["id"], r["date"]))
    for name, found in ids.items():  # dated first, then the undated: the page's first PAGE_SIZE
        ids[name] = sorted(found, key=lambda f: (f[1] is None, f[1] or "", f[0]))[:PAGE_SIZE]
    params.update({f"ids_{name}": json.dumps([i for i, _ in listed]) for name, listed in ids.items()})
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
    for name, lines in groups.items():  # the first line of each month on the page: where the timeline leads
        seen: set[str] = set()
        for line in lines:
            if period_of(line["date"]) not in seen:
                seen.add(period_of(line["date"]))
                line["period_anchor"] = period_anchor(PLURAL[name], period_of(line["date"]))
    totals = {name: sum(n for _, n in part) for name, part in periods.items()}
    aliases = json.loads(entity["aliases"] or "[]")
    return {
        "kind": "entity",
        "jsonld": schemaorg.script(schemaorg.entity(
            dict(entity), absolute(datasette, request, page_url), aliases)),
        "title": entity["name"],
        "site_title": site_title(datasette, database),
        "entity": dict(entity),
        "aliases": aliases,
        "groups": [{"name": PLURAL[name], "facts": groups[name], "count": totals[name],
                    "paging": _paging(page_url, PLURAL[name], shown[name], totals[name], len(groups[name]))}
                   for name in periods if totals[name]],
        "count": sum(totals.values()),
        "timeline": timeline_svg(periods, shown, ids, page_url),
        "record_url": datasette.urls.database(database) + "/entity_record?entity=" + escape(entity_id),
        "feed_url": datasette.urls.path(f"/-/entities/{quote(entity_id, safe='')}.atom"),
    }


# an entity's stored counts by kind and month, the months in the order of the facts' dates
# (a year alone before its months, the undated last)
ENTITY_MONTHS_SQL = "SELECT type, period, facts FROM entity_months WHERE entity_id = ? ORDER BY type, period = '', period"


def period_of(date: str | None) -> str:
    """The month of a fact's date as entity_months stores it (the year alone for a year; '' undated)."""
    return (date or "")[:7]


def period_anchor(table: str, period: str) -> str:
    """The id on an entity's page of the first of its facts of a kind in a month (or year, or undated)."""
    return f"{table}-{period or 'undated'}"


def _starts(part: list[tuple[str, int]]) -> list[int]:
    """The place in a kind's list (in date order) of the first fact of each of its months."""
    starts, at = [], 0
    for _, n in part:
        starts.append(at)
        at += n
    return starts


def _window(part: list[tuple[str, int]], asked: int) -> dict:
    """The page of a kind's list a request asks for (the last where it asks beyond it), and
    the months it covers: its facts are those dated from ``lo`` (a month, or a year alone)
    up to ``hi`` (excluded; None: no end) past the first ``skip`` of them, then where
    ``nulls`` the undated past the first ``nskip``."""
    total = sum(n for _, n in part)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(asked, pages)
    first = (page - 1) * PAGE_SIZE
    window: dict[str, int | str | None] = {"page": page, "pages": pages, "first": first, "lo": None, "hi": None,
                                           "nulls": 0, "skip": 0, "nskip": 0}
    starts = _starts(part)
    covered = [i for i, (start, (_, n)) in enumerate(zip(starts, part, strict=True))
               if start < first + PAGE_SIZE and start + n > first]
    if covered:
        a, b = covered[0], covered[-1]
        window["skip" if part[a][0] else "nskip"] = first - starts[a]
        window["lo"] = part[a][0] or None
        window["hi"] = part[b + 1][0] or None if b + 1 < len(part) else None
        window["nulls"] = int(part[b][0] == "")
    return window


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


def timeline_svg(periods: dict[str, list[tuple[str, int]]], shown: dict[str, dict],
                 listed: dict[str, list[tuple[str, str | None]]], page_url: str) -> Markup | None:
    """The entity's facts per month, by kind, every month from the first to the last drawn
    (gaps show as gaps), drawn as the preset charts are (charts.columns: for the width shown),
    from the stored counts (``periods``: each kind's months and counts, in date order). Each
    stretch links to the first of its facts: on this page (``listed``: the facts each kind's
    list shows, ``shown``: which page of it) its own line, else the line of the month on the
    page of the kind's list that starts it (``?meetings=3#meetings-2021-08``). The facts with
    no month (undated, or known only to the year) are counted under it, with a link to the
    first of them."""
    def href(name: str, start: int, period: str) -> str:
        part, table = shown[name], PLURAL[name]
        if part["first"] <= start < part["first"] + len(listed[name]):
            fact_id = listed[name][start - part["first"]][0]
            return "#" + fact_anchor({"type": name, "id": fact_id})
        return f"{page_url}?{urlencode({table: start // PAGE_SIZE + 1})}#{period_anchor(table, period)}"

    stacks: dict[str, list[tuple[str, int, str]]] = {}
    unplaced, total, first_unplaced = 0, 0, None
    for name, part in periods.items():
        for start, (period, n) in zip(_starts(part), part, strict=True):
            total += n
            if len(period) >= 7:
                stacks.setdefault(period, []).append((name, n, href(name, start, period)))
            else:
                unplaced += n
                first_unplaced = first_unplaced or href(name, start, period)
    keys = [k.name for k in KINDS if any(s[0] == k.name for segments in stacks.values() for s in segments)]
    left = Left(unplaced, total, "no date, or only a year,", first_unplaced) if first_unplaced else None
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

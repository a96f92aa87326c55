"""The reader's page of disputed facts (``/-/disputed``): every fact on which sources disagree,
with the disputed detail and each source's version, linked to its passage in the source (a
text fragment that scrolls to and marks the words) and to the fact's page."""
from __future__ import annotations

from urllib.parse import quote

from datasette.utils.asgi import Response

from diplofacts.schema.kinds import KINDS_BY_NAME
from diplofacts.schema.sqltext import ident

from .compat import default_index, site_title, state
from .dates import date_html
from .pages import row_url

STANCE_LABELS = {"as-recorded": "says", "otherwise": "says otherwise"}


def passage_url(page: str, exact: str) -> str:
    """The source page scrolled to the passage: a text fragment (``#:~:text=``) of its words."""
    words = " ".join(exact.split())
    return page + "#:~:text=" + quote(words, safe="").replace("-", "%2D") if words else page


def disputed_sql(kinds) -> str:
    """Each disagreement's fact, with its one line and date, by the fact's kind."""
    return " UNION ALL ".join(
        f"SELECT '{k.name}' AS type, f.id, f.{ident(k.column_meaning('time') or '')} AS date, f.date_basis,"
        f" f.{ident(k.summary or '')} AS summary FROM {ident(k.table.name)} f"
        f" WHERE f.id IN (SELECT fact_id FROM disagreements WHERE fact_type = '{k.name}')" for k in kinds)


async def disputed_context(datasette, database: str) -> dict:
    db = datasette.get_database(database)
    facts = {(r["type"], r["id"]): dict(r) for r in await db.execute(disputed_sql(KINDS_BY_NAME.values()))}
    rows = await db.execute(
        "SELECT d.id, d.fact_type, d.fact_id, d.detail, d.summary, c.id AS claim_id, c.says, c.stance, c.exact,"
        " c.source_id, s.title AS source_title, s.publisher FROM disagreements d"
        " JOIN disagreement_claims c ON c.disagreement_id = d.id JOIN sources s ON s.id = c.source_id"
        " ORDER BY d.fact_type, d.fact_id, d.id, c.rowid")
    disputes: dict[str, dict] = {}
    for r in rows:
        fact = facts.get((r["fact_type"], r["fact_id"]), {"summary": r["fact_id"], "date": None, "date_basis": "unknown"})
        dispute = disputes.setdefault(r["id"], {
            "detail": r["detail"], "summary": r["summary"], "kind": r["fact_type"], "fact": fact["summary"],
            "date_html": date_html(fact["date"], fact["date_basis"]),
            "url": row_url(datasette, database, KINDS_BY_NAME[r["fact_type"]].table.name, r["fact_id"])
            if r["fact_type"] in KINDS_BY_NAME else None,
            "claims": []})
        page = row_url(datasette, database, "sources", r["source_id"])
        dispute["claims"].append({"says": r["says"], "stance": STANCE_LABELS.get(r["stance"], r["stance"]),
                                  "exact": r["exact"], "source": r["source_title"], "publisher": r["publisher"],
                                  "url": passage_url(page, r["exact"])})
    return {"disputes": list(disputes.values()), "site_title": site_title(datasette, database),
            "table_url": datasette.urls.table(database, "disagreements")}


async def disputed_page(datasette, request):
    databases = state(datasette).databases
    if not databases:
        return await default_index(datasette, request)
    context = await disputed_context(datasette, databases[0])
    return Response.html(await datasette.render_template("diplofacts_disputed.html", context, request=request))

"""What the row pages of sources and facts show beyond the raw row: the highlighted text of a
source, and a fact's entities and evidence in context."""
from __future__ import annotations

from datasette.utils import tilde_encode

from diplofacts.loaders.coverage import gaps, line_of
from diplofacts.loaders.passages import Names
from diplofacts.schema.eventcodes import label as cameo_label
from diplofacts.schema.kinds import KINDS, KINDS_BY_NAME, KINDS_BY_TABLE

from .highlight import Span, highlight
from .kindsql import fact_entities_sql


def row_url(datasette, database: str, table: str, pk: str) -> str:
    return datasette.urls.table(database, table) + "/" + tilde_encode(pk)


async def source_context(datasette, database: str, source_id: str) -> dict | None:
    db = datasette.get_database(database)
    source = (await db.execute("SELECT * FROM sources WHERE id = ?", [source_id])).first()
    if source is None:
        return None
    rows = await db.execute(
        "SELECT id, fact_type, fact_id, start, [end] FROM citations WHERE source_id = ? ORDER BY start, id",
        [source_id],
    )
    spans = [
        Span(r["id"], r["start"], r["end"],
             row_url(datasette, database, KINDS_BY_NAME[r["fact_type"]].table.name, r["fact_id"])
             + f"#citation-{r['id']}",
             f"{r['fact_type']} {r['fact_id']}")
        for r in rows
    ]
    facts = len({(s.label) for s in spans})
    covered = _covered(spans)
    return {
        "kind": "source",
        "source": dict(source),
        "html": highlight(source["text"], spans),
        "citations": len(spans),
        "facts": facts,
        "covered_percent": round(100 * covered / max(1, len(source["text"]))),
        **await _not_cited(datasette, db, database, source["text"], spans),
    }


async def _not_cited(datasette, db, database: str, text: str, spans: list[Span]) -> dict:
    """What of this source no fact cites yet, as ``facts coverage`` reports it."""
    names = Names([(r[0], r[1]) for r in await db.execute(
        "SELECT id, name FROM entities UNION ALL SELECT entity_id, alias FROM entity_aliases")])
    quoted = {k.name for k in KINDS if k.in_every_excerpt}
    quote_spans = [(s.start, s.end) for s in spans if s.label.split(" ", 1)[0] in quoted]
    unquoted, uncited = gaps(text, [(s.start, s.end) for s in spans], quote_spans, names)
    entity = datasette.urls.table(database, "entities") + "/"
    return {
        "unquoted": [{"line": line_of(text, q.start), "text": q.text} for q in unquoted],
        "uncited": [{"line": line_of(text, s.start), "text": s.text,
                     "entities": [{"id": e, "url": entity + tilde_encode(e)} for e in named]} for s, named in uncited],
    }


def _covered(spans: list[Span]) -> int:
    total, reach = 0, 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.end > reach:
            total += span.end - max(span.start, reach)
            reach = span.end
    return total


async def fact_context(datasette, database: str, table: str, fact_id: str) -> dict | None:
    db = datasette.get_database(database)
    fact = (await db.execute(f"SELECT * FROM [{table}] WHERE id = ?", [fact_id])).first()
    if fact is None:
        return None
    kind = KINDS_BY_TABLE[table]
    fact_type = kind.name
    citations = await db.execute(
        "SELECT c.id, c.source_id, c.exact, c.prefix, c.suffix, c.start, c.[end], s.title, s.publisher,"
        " s.published, s.sha256, s.url FROM citations c JOIN sources s ON s.id = c.source_id"
        " WHERE c.fact_type = ? AND c.fact_id = ? ORDER BY c.id",
        [fact_type, fact_id],
    )
    entities = await db.execute(fact_entities_sql(kind), {"id": fact_id})
    disputes = await db.execute(
        "SELECT d.id, d.detail, d.summary, c.id AS claim_id, c.source_id, c.says, c.exact, c.prefix, c.suffix"
        " FROM disagreements d JOIN disagreement_claims c ON c.disagreement_id = d.id"
        " WHERE d.fact_type = ? AND d.fact_id = ? ORDER BY d.id, c.id",
        [fact_type, fact_id],
    )
    return {
        "kind": "fact",
        "type": fact_type,
        "fact": dict(fact),
        "cameo_label": cameo_label(dict(fact)["cameo"]) if dict(fact).get("cameo") else None,
        "citations": [
            {**dict(c), "source_url": row_url(datasette, database, "sources", c["source_id"]) + f"#citation-{c['id']}"}
            for c in citations
        ],
        "entities": [
            {**dict(e), "url": row_url(datasette, database, "entities", e["id"])} for e in entities
        ],
        "disagreements": [dict(d) for d in disputes],
    }

"""What the row pages of sources and facts show beyond the raw row: the highlighted text of a
source, and a fact's entities and evidence in context."""
from __future__ import annotations

import json
import re
from collections.abc import Iterable

from datasette.utils import tilde_encode
from markupsafe import Markup, escape

from diplofacts.loaders.coverage import gaps, line_of
from diplofacts.loaders.passages import Names
from diplofacts.schema.eventcodes import label as cameo_label
from diplofacts.schema.evidence import ROLES_BY_NAME
from diplofacts.schema.kinds import KINDS, KINDS_BY_NAME, KINDS_BY_TABLE
from diplofacts.schema.sqltext import ident, in_list

from .compat import site_title
from .dates import BASIS, date_html
from .exports import schemaorg
from .highlight import Span, highlight
from .kindsql import fact_entities_sql
from .siteinfo import build_info

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")  # an id as curated notes name it


def row_url(datasette, database: str, table: str, pk: str) -> str:
    return datasette.urls.table(database, table) + "/" + tilde_encode(pk)


async def source_context(datasette, database: str, source_id: str) -> dict | None:
    db = datasette.get_database(database)
    source = (await db.execute("SELECT * FROM sources WHERE id = ?", [source_id])).first()
    if source is None:
        return None
    rows = await db.execute(
        "SELECT c.id, c.fact_type, c.fact_id, c.role, c.start, c.[end], f.summary FROM citations c"
        " JOIN facts f ON f.type = c.fact_type AND f.id = c.fact_id WHERE c.source_id = ? ORDER BY c.start, c.rowid",
        [source_id],
    )
    titles = await source_titles(datasette, db, database, (r["summary"] for r in rows))
    spans = [
        Span(r["id"], r["start"], r["end"],
             row_url(datasette, database, KINDS_BY_NAME[r["fact_type"]].table.name, r["fact_id"])
             + f"#citation-{r['id']}",
             f"{r['fact_type'].capitalize()}: {_short(name_sources(r['summary'], titles))}")
        for r in rows
    ]
    # what the landing script needs: each citation's fact (to mark its attribution beside it),
    # and its role in words
    landing = {f"citation-{s.citation_id}": [s.label, s.href, r["role"], f"{r['fact_type']}/{r['fact_id']}",
                                            ROLES_BY_NAME[r["role"]].label]
               for s, r in zip(spans, rows, strict=True)}
    facts = len({(r["fact_type"], r["fact_id"]) for r in rows})
    covered = _covered(spans)
    return {
        "kind": "source",
        "title": source["title"],
        "site_title": site_title(datasette, database),
        "source": dict(source),
        "html": highlight(source["text"], spans),
        "citations": len(spans),
        "facts": facts,
        "covered_percent": round(100 * covered / max(1, len(source["text"]))),
        # what the landing script needs to offer every fact a shared passage is evidence for
        "citations_json": Markup(json.dumps(landing).replace("<", "\\u003c")),
        "cite": source_citation(dict(source)),
        **await _not_cited(datasette, db, database, source["text"], spans,
                           [(r["start"], r["end"]) for r in rows if r["fact_type"] in QUOTED]),
    }


QUOTED = {k.name for k in KINDS if k.in_every_excerpt}  # kinds whose excerpts hold quoted words


async def _not_cited(datasette, db, database: str, text: str, spans: list[Span],
                     quote_spans: list[tuple[int, int]]) -> dict:
    """What of this source no fact cites yet, as ``facts coverage`` reports it."""
    names = Names([(r[0], r[1]) for r in await db.execute(
        "SELECT id, name FROM entities UNION ALL SELECT entity_id, alias FROM entity_aliases")])
    unquoted, uncited = gaps(text, [(s.start, s.end) for s in spans], quote_spans, names)
    entity = datasette.urls.table(database, "entities") + "/"
    return {
        "unquoted": [{"line": line_of(text, q.start), "text": q.text} for q in unquoted],
        "uncited": [{"line": line_of(text, s.start), "text": s.text,
                     "entities": [{"id": e, "url": entity + tilde_encode(e)} for e in named]} for s, named in uncited],
    }


def _short(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _covered(spans: list[Span]) -> int:
    total, reach = 0, 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.end > reach:
            total += span.end - max(span.start, reach)
            reach = span.end
    return total


async def fact_context(datasette, database: str, table: str, fact_id: str, request=None) -> dict | None:
    db = datasette.get_database(database)
    fact = (await db.execute(f"SELECT * FROM {ident(table)} WHERE id = ?", [fact_id])).first()
    if fact is None:
        return None
    kind = KINDS_BY_TABLE[table]
    fact_type = kind.name
    citations = await db.execute(
        "SELECT c.id, c.source_id, c.role, c.exact, c.prefix, c.suffix, c.start, c.[end], s.title, s.publisher,"
        " s.author, s.published, s.sha256, s.url FROM citations c JOIN sources s ON s.id = c.source_id"
        " WHERE c.fact_type = ? AND c.fact_id = ? ORDER BY c.rowid",  # as curated
        [fact_type, fact_id],
    )
    entities = await db.execute(fact_entities_sql(kind), {"id": fact_id})
    disputes = await db.execute(
        "SELECT d.id, d.detail, d.summary, c.id AS claim_id, c.source_id, c.says, c.exact, c.prefix, c.suffix"
        " FROM disagreements d JOIN disagreement_claims c ON c.disagreement_id = d.id"
        " WHERE d.fact_type = ? AND d.fact_id = ? ORDER BY d.id, c.id",
        [fact_type, fact_id],
    )
    disputed = [dict(d) for d in disputes]
    titles = await source_titles(datasette, db, database, [v for v in dict(fact).values() if isinstance(v, str)],
                                 [d["source_id"] for d in disputed])
    entity_rows = [{**dict(e), "url": row_url(datasette, database, "entities", e["id"])} for e in entities]
    text_column = kind.column_meaning("text")
    title = (f"“{fact[text_column]}” — " + ", ".join(e["name"] for e in entity_rows if e["means"] == "actor")
             if text_column else fact[kind.summary])
    title_html = link_sources(title, titles)
    title = title_html.striptags()
    permalink = row_url(datasette, database, table, fact_id)
    if request is not None:
        permalink = datasette.absolute_url(request, permalink)
    built = await build_info(db)
    title_of_site = site_title(datasette, database)
    known = {r["id"]: dict(r) for r in await db.execute(
        f"SELECT id, kind, wikidata FROM entities WHERE id IN {in_list(entity_rows)}", [e["id"] for e in entity_rows])}
    source_pages = {c["source_id"]: row_url(datasette, database, "sources", c["source_id"]) for c in citations}
    cited = [{**dict(c), "page": datasette.absolute_url(request, source_pages[c["source_id"]])
              if request is not None else source_pages[c["source_id"]]} for c in citations]
    summary_column = kind.column_meaning("summary")
    readable = {**dict(fact), **({summary_column: name_sources(fact[summary_column], titles)} if summary_column else {})}
    jsonld = schemaorg.script(schemaorg.fact(
        kind, readable, title, permalink,
        [{**e, **known.get(e["id"], {}), "url": datasette.absolute_url(request, e["url"]) if request is not None else e["url"]}
         for e in entity_rows], cited))
    return {
        "kind": "fact",
        "jsonld": jsonld,
        "title": title,
        "title_html": title_html,
        "site_title": title_of_site,
        "type": fact_type,
        "references": await _references(datasette, db, database, kind, dict(fact)),
        "disputed_details": sorted({d["detail"] for d in disputed}),
        "permalink": permalink,
        "cite": (f"{title.rstrip('.')}. In: {title_of_site}, {fact_type} “{fact_id}”"
                 + (f", data built {built.built_at[:10]}" if built.built_at else "")
                 + (f" (seeds {built.seeds_sha256[:12]})" if built.seeds_sha256 else "") + f". {permalink}"),
        "fact": dict(fact),
        "cameo_label": cameo_label(dict(fact)["cameo"]) if dict(fact).get("cameo") else None,
        "evidence": evidence_by_source([
            {**dict(c), "source_page": source_pages[c["source_id"]],
             "source_url": source_pages[c["source_id"]] + f"#citation-{c['id']}"} for c in citations]),
        "entities": entity_rows,
        "disagreements": [{**d, "source_url": row_url(datasette, database, "sources", d["source_id"]),
                           "source_title": titles.get(d["source_id"], (d["source_id"],))[0]} for d in disputed],
        "date_html": date_html(fact["date"], fact["date_basis"]),
        "basis_text": BASIS.get(fact["date_basis"], fact["date_basis"]),
        "note_html": link_sources(fact["date_note"] or "", {**await fact_titles(datasette, db, database, fact["date_note"]), **titles}),
    }


def evidence_by_source(citations: list[dict]) -> list[dict]:
    """A fact's citations grouped by source, in the order curated, sources that report the
    fact first; each excerpt with what it does for the fact, in words."""
    groups: dict[str, dict] = {}
    for c in citations:
        group = groups.setdefault(c["source_id"], {
            "source_id": c["source_id"], "title": c["title"], "publisher": c["publisher"], "author": c["author"],
            "published": c["published"], "url": c["url"], "page": c["source_page"], "excerpts": []})
        group["excerpts"].append({**c, "role_label": ROLES_BY_NAME[c["role"]].label})
    for group in groups.values():
        group["reports"] = any(ROLES_BY_NAME[e["role"]].reports for e in group["excerpts"])
    return sorted(groups.values(), key=lambda g: not g["reports"])


def source_citation(source: dict) -> str:
    """A reference to a source as people paste it: who published what, when, where; and the
    copy this site keeps, by its digest."""
    parts = [p for p in (source.get("author"), source.get("publisher")) if p]
    return (", ".join(parts) + ". " if parts else "") + f"“{source['title']}”" + (
        f", {source['published']}" if source.get("published") else ", date not shown") + "." + (
        f" {source['url']}" + (f" (checked {source['retrieved']})" if source.get("retrieved") else "") + "."
        if source.get("url") else " Published address not verified.") + f" SHA-256 {source['sha256']}."


def link_sources(text: str, titles: dict[str, tuple[str, str]]) -> Markup:
    """Curated text with every source id it names as a link titled by the source."""
    out, at = [], 0
    for m in _SLUG.finditer(text):
        if m.group() in titles:
            title, url = titles[m.group()]
            out += [str(escape(text[at:m.start()])), f'<a href="{escape(url)}" title="{escape(title)}">{escape(title)}</a>']
            at = m.end()
    return Markup("".join(out) + str(escape(text[at:])))


def name_sources(text: str, titles: dict[str, tuple[str, str]]) -> str:
    """Curated text with every source id it names replaced by the source's title (where the
    text is itself a link, and cannot hold one)."""
    return _SLUG.sub(lambda m: titles[m.group()][0] if m.group() in titles else m.group(), text)


async def titles_of(db, texts: Iterable[str | None], ids: Iterable[str] = ()) -> dict[str, str]:
    """The title, by id, of every source ``texts`` name by id, and of ``ids``: only those are
    read, so a page costs the same whatever the number of sources."""
    wanted = sorted({m for t in texts for m in _SLUG.findall(t or "")} | set(ids))
    out = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        for r in await db.execute(f"SELECT id, title FROM sources WHERE id IN {in_list(chunk)}", chunk):
            out[r["id"]] = r["title"]
    return out


async def source_titles(datasette, db, database: str, texts: Iterable[str | None],
                        ids: Iterable[str] = ()) -> dict[str, tuple[str, str]]:
    """The title and address, by id, of every source ``texts`` name, and of ``ids``."""
    return {i: (title, row_url(datasette, database, "sources", i)) for i, title in (await titles_of(db, texts, ids)).items()}


async def fact_titles(datasette, db, database: str, text: str | None) -> dict[str, tuple[str, str]]:
    """The summary and page, by id, of every fact a curated note names by its id."""
    wanted = sorted(set(_SLUG.findall(text or "")))[:100]
    if not wanted:
        return {}
    rows = await db.execute(f"SELECT type, id, summary FROM facts WHERE id IN {in_list(wanted)}", wanted)
    return {r["id"]: (f"the {r['type']} “{_short(r['summary'], 90)}”",
                      row_url(datasette, database, KINDS_BY_NAME[r["type"]].table.name, r["id"])) for r in rows}


async def _references(datasette, db, database: str, kind, fact: dict) -> list[dict]:
    """The facts this one belongs to (its meeting, a quote's statement), by their summaries."""
    out = []
    for column in kind.table.columns:
        target = (column.references or "").split(".")[0]
        if target in KINDS_BY_TABLE and fact.get(column.name):
            other = KINDS_BY_TABLE[target]
            row = (await db.execute(f"SELECT {ident(other.summary or '')} FROM {ident(target)} WHERE id = ?", [fact[column.name]])).first()
            out.append({"label": other.name.capitalize(), "summary": row[0] if row else fact[column.name],
                        "url": row_url(datasette, database, target, fact[column.name])})
    return out

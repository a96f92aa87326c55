"""What the row pages of sources and facts show beyond the raw row: the highlighted text of a
source, and a fact's entities and evidence in context."""
from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable

from datasette.utils import tilde_encode
from markupsafe import Markup, escape

from diplofacts.loaders.coverage import gaps, line_of
from diplofacts.loaders.passages import Names
from diplofacts.schema.eventcodes import label as cameo_label
from diplofacts.schema.evidence import ROLES_BY_NAME
from diplofacts.schema.kinds import KINDS, KINDS_BY_NAME, KINDS_BY_TABLE
from diplofacts.schema.sqltext import ident, in_list
from diplofacts.schema.tables import TABLES_BY_NAME

from .citation import FORMATS, Reference
from .compat import site_title
from .corrections import fact_history
from .dates import BASIS, date_html
from .exports import schemaorg
from .highlight import Span, highlight
from .kindsql import SOURCES, fact_entities_sql
from .siteinfo import build_info
from .siteurl import absolutes, row_url
from .sourcenames import SLUG as _SLUG
from .sourcenames import name_sources, titles_of

# A source's text is shown in parts of PART characters (``?part=N``, from 1), so that a page's
# cost does not grow with the document: only the part shown is read, highlighted and searched
# for uncited passages, off the event loop. A citation is on the part holding its start.
PART = 100_000
SOURCE_COLUMNS = ", ".join(ident(c.name) for c in TABLES_BY_NAME[SOURCES].columns if c.name != "text")


def part_of(start: int) -> int:
    """The part of a source's text holding the character at ``start``."""
    return start // PART + 1


def citation_href(source_page: str, length: int | None, citation_id: str, start: int) -> str:
    """Where a citation lands on its source's page: the part holding it, at its anchor."""
    paged = length is not None and length > PART
    return source_page + (f"?part={part_of(start)}" if paged else "") + f"#citation-{citation_id}"


def asked_part(request) -> int:
    """The part a request asks for (1 when none, or not a number)."""
    value = request.args.get("part", "") if request is not None else ""
    return int(value) if value.isascii() and value.isdigit() and 0 < len(value) <= 9 else 1


async def source_context(datasette, database: str, source_id: str, request=None) -> dict | None:
    db = datasette.get_database(database)
    source = (await db.execute(f"SELECT {SOURCE_COLUMNS} FROM sources WHERE id = ?", [source_id])).first()
    if source is None:
        return None
    length = source["length"]
    parts = max(1, -(-length // PART))
    part = min(asked_part(request), parts)
    offset, end = (part - 1) * PART, min(length, part * PART)
    page = row_url(datasette, database, SOURCES, source_id)
    text = (await db.execute("SELECT substr(text, :at + 1, :size) FROM sources WHERE id = :id",
                             {"at": offset, "size": end - offset, "id": source_id})).first()[0]
    lines_before = await _lines_before(db, source_id, source["sha256"], part)
    # every citation's place (for the coverage and the other parts), the shown ones' facts
    every = await db.execute("SELECT id, start, [end] FROM citations WHERE source_id = ? ORDER BY start, rowid", [source_id])
    rows = await db.execute(
        "SELECT c.id, c.fact_type, c.fact_id, c.role, c.start, c.[end], substr(f.summary, 1, 300) AS summary FROM citations c"
        " JOIN facts f ON f.type = c.fact_type AND f.id = c.fact_id WHERE c.source_id = ? AND c.start < ? AND c.[end] > ?"
        " ORDER BY c.start, c.rowid",
        [source_id, max(end, offset + 1), offset],
    )
    titles = await source_titles(datasette, db, database, (r["summary"] for r in rows))
    spans = [
        Span(r["id"], max(r["start"], offset) - offset, min(r["end"], end) - offset,
             row_url(datasette, database, KINDS_BY_NAME[r["fact_type"]].table.name, r["fact_id"])
             + f"#citation-{r['id']}",
             f"{r['fact_type'].capitalize()}: {_short(name_sources(r['summary'], titles))}",
             anchored=offset <= r["start"] < end)
        for r in rows
    ]
    # what the landing script needs: each citation's fact (to mark its attribution beside it),
    # and its role in words
    landing = {f"citation-{s.citation_id}": [s.label, s.href, r["role"], f"{r['fact_type']}/{r['fact_id']}",
                                            ROLES_BY_NAME[r["role"]].label]
               for s, r in zip(spans, rows, strict=True)}
    # where the citations of the other parts are, for a link naming one to reach its part
    elsewhere = {f"citation-{r['id']}": part_of(r["start"]) for r in every if part_of(r["start"]) != part} if parts > 1 else {}
    facts = len({(r["fact_type"], r["fact_id"]) for r in await db.execute(
        "SELECT DISTINCT fact_type, fact_id FROM citations WHERE source_id = ?", [source_id])})
    covered = _covered([(r["start"], r["end"]) for r in every])
    named = [(r[0], r[1], r[2]) for r in await db.execute(
        "SELECT id, name, 1 FROM entities UNION ALL SELECT entity_id, alias, 0 FROM entity_aliases")]
    names = Names([(e, n) for e, n, _ in named])
    preferred = {e: n for e, n, own in named if own}  # an entity is named to readers by its name, not its id
    quote_spans = [(max(r["start"], offset) - offset, min(r["end"], end) - offset) for r in rows if r["fact_type"] in QUOTED]
    # the CPU-heavy part, off the event loop: bounded by PART whatever the document
    html, not_cited = await asyncio.to_thread(
        lambda: (highlight(text, spans), _not_cited(datasette, database, text, spans, quote_spans, names, lines_before, preferred)))
    return {
        "kind": "source",
        "jsonld": schemaorg.script(schemaorg.source(dict(source), row_url(datasette, database, "sources", source_id))),
        "title": source["title"],
        "site_title": site_title(datasette, database),
        "source": dict(source),
        "html": html,
        "citations": len(every),
        "facts": facts,
        "covered_percent": round(100 * covered / max(1, length)),
        # what the landing script needs to offer every fact a shared passage is evidence for
        "citations_json": Markup(json.dumps(landing).replace("<", "\\u003c")),
        "cite": source_citation(dict(source)),
        "paging": _paging(page, part, parts, offset, end, length, [r for r in rows if offset <= r["start"] < end]) if parts > 1 else None,
        "elsewhere_json": Markup(json.dumps(elsewhere).replace("<", "\\u003c")) if elsewhere else None,
        **not_cited,
    }


# The newlines before each part of a text, by the text's SHA-256: counted once per text (one
# read of it, off the event loop), so that a part's line numbers cost nothing on later views.
_NEWLINES: dict[str, list[int]] = {}
_NEWLINES_KEPT = 64


async def _lines_before(db, source_id: str, sha256: str, part: int) -> int:
    if part == 1:
        return 0
    counts = _NEWLINES.get(sha256)
    if counts is None:
        whole = (await db.execute("SELECT text FROM sources WHERE id = ?", [source_id])).first()[0]
        counts = await asyncio.to_thread(newlines_per_part, whole)
        if len(_NEWLINES) >= _NEWLINES_KEPT:
            _NEWLINES.pop(next(iter(_NEWLINES)))
        _NEWLINES[sha256] = counts
    return counts[part - 1]


def newlines_per_part(text: str) -> list[int]:
    """How many newlines come before each part of ``text``."""
    counts = [0]
    for at in range(PART, len(text), PART):
        counts.append(counts[-1] + text.count("\n", at - PART, at))
    return counts


def _paging(page: str, part: int, parts: int, offset: int, end: int, length: int, here: list) -> dict:
    """The links between the parts of a long source's text."""
    def link(n: int) -> str:
        return f"{page}?part={n}"
    near = sorted({1, parts, *range(max(1, part - 2), min(parts, part + 2) + 1)})
    return {"part": part, "parts": parts, "first": offset + 1, "last": end, "length": length, "size": PART,
            "previous": link(part - 1) if part > 1 else None, "next": link(part + 1) if part < parts else None,
            "near": [{"n": n, "url": link(n), "gap": i > 0 and n - near[i - 1] > 1} for i, n in enumerate(near)],
            "page": page, "cited_here": len(here)}


QUOTED = {k.name for k in KINDS if k.in_every_excerpt}  # kinds whose excerpts hold quoted words


def _not_cited(datasette, database: str, text: str, spans: list[Span],
               quote_spans: list[tuple[int, int]], names: Names, lines_before: int = 0,
               preferred: dict[str, str] | None = None) -> dict:
    """What of this text (a source's, or the part of it shown) no fact cites yet, as ``facts
    coverage`` reports it; lines counted from the start of the source."""
    unquoted, uncited = gaps(text, [(s.start, s.end) for s in spans], quote_spans, names)
    entity = datasette.urls.table(database, "entities") + "/"
    return {
        "unquoted": [{"line": lines_before + line_of(text, q.start), "text": q.text} for q in unquoted],
        "uncited": [{"line": lines_before + line_of(text, s.start), "text": s.text,
                     "entities": [{"id": e, "name": (preferred or {}).get(e, e), "url": entity + tilde_encode(e)} for e in named]}
                    for s, named in uncited],
    }


def _short(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _covered(spans: list[tuple[int, int]]) -> int:
    """How many characters the spans cover, overlaps counted once."""
    total, reach = 0, 0
    for start, end in sorted(spans):
        if end > reach:
            total += end - max(start, reach)
            reach = end
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
        " s.author, s.published, s.sha256, s.url, s.length FROM citations c JOIN sources s ON s.id = c.source_id"
        " WHERE c.fact_type = ? AND c.fact_id = ? ORDER BY c.rowid",  # as curated
        [fact_type, fact_id],
    )
    entities = await db.execute(fact_entities_sql(kind), {"id": fact_id})  # with each entity's kind and wikidata id
    disputes = await db.execute(
        "SELECT d.id, d.detail, d.summary, c.id AS claim_id, c.source_id, c.says, c.exact, c.prefix, c.suffix"
        " FROM disagreements d JOIN disagreement_claims c ON c.disagreement_id = d.id"
        " WHERE d.fact_type = ? AND d.fact_id = ? ORDER BY d.id, c.id",
        [fact_type, fact_id],
    )
    disputed = [dict(d) for d in disputes]
    titles = await source_titles(datasette, db, database, [v for v in dict(fact).values() if isinstance(v, str)],
                                 [d["source_id"] for d in disputed])
    entity_rows = [{"id": e["id"], "name": e["name"], "role": e["role"], "means": e["means"],
                    "url": row_url(datasette, database, "entities", e["id"])} for e in entities]
    text_column = kind.column_meaning("text")
    title = (f"“{fact[text_column]}” — " + ", ".join(e["name"] for e in entity_rows if e["means"] == "actor")
             if text_column else fact[kind.summary])
    title_html = link_sources(title, titles)
    title = title_html.striptags()
    absolute = absolutes(datasette, request)  # the site's origin found once for the page's addresses
    permalink = row_url(datasette, database, table, fact_id)
    if request is not None:
        permalink = absolute(permalink)
    built = await build_info(db)
    history = await fact_history(datasette, db, database, fact_type, fact_id)
    title_of_site = site_title(datasette, database)
    known = {e["id"]: {"id": e["id"], "kind": e["kind"], "wikidata": e["wikidata"]} for e in entities}
    source_pages = {c["source_id"]: row_url(datasette, database, "sources", c["source_id"]) for c in citations}
    cited = [{**dict(c), "page": absolute(source_pages[c["source_id"]])
              if request is not None else source_pages[c["source_id"]]} for c in citations]
    summary_column = kind.column_meaning("summary")
    readable = {**dict(fact), **({summary_column: name_sources(fact[summary_column], titles)} if summary_column else {})}
    jsonld = schemaorg.script(schemaorg.fact(
        kind, readable, title, permalink,
        [{**e, **known.get(e["id"], {}), "url": absolute(e["url"])}
         for e in entity_rows], cited))
    return {
        "kind": "fact",
        "jsonld": jsonld,
        "title": title,
        "title_html": title_html,
        "site_title": title_of_site,
        "type": fact_type,
        "references": await _references(datasette, db, database, kind, dict(fact)),
        "belonging": await _belonging(datasette, db, database, kind, fact_id),
        "disputed_details": sorted({d["detail"] for d in disputed}),
        "permalink": permalink,
        "cite": Reference(fact_type, fact_id, title, fact[kind.column_meaning("time") or ""], title_of_site, permalink,
                          built.built_at[:10], built.seeds_sha256[:12], (history["updated_at"] or "")[:10],
                          history["revision"]).plain(),
        "history": history,
        "cite_forms": [{"name": name, "url": datasette.urls.path(f"/-/cite/{fact_type}/{tilde_encode(fact_id)}.{fmt}")}
                       for fmt, (name, _, _) in FORMATS.items()],
        "fact": dict(fact),
        "cameo_label": cameo_label(dict(fact)["cameo"]) if dict(fact).get("cameo") else None,
        "evidence": evidence_by_source([
            {**dict(c), "source_page": source_pages[c["source_id"]],
             "source_url": citation_href(source_pages[c["source_id"]], c["length"], c["id"], c["start"])} for c in citations]),
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


async def _belonging(datasette, db, database: str, kind, fact_id: str) -> list[dict]:
    """The facts that belong to this one (what was said and agreed in a meeting, a statement's
    quotes), kind by kind: every column of another kind that references this kind's table, all
    read by one statement (each a hop to Datasette's thread pool)."""
    parts: list[str] = []
    for other in KINDS:
        for column in other.table.columns:
            if column.references != f"{kind.table.name}.id":
                continue
            time = ident(other.column_meaning("time") or "")
            # likelihood: the column is empty for most rows, which ANALYZE counts as one value
            # held by all of them (a corpus where no quote names its meeting made SQLite read
            # every quote, 4 ms a kind at 200k); a fact's own are few
            parts.append(
                f"SELECT {len(parts)} AS part, '{other.table.name}' AS name, id, {time} AS date, date_basis,"
                f" {ident(other.summary or '')} AS summary, source_count"
                f" FROM {ident(other.table.name)} WHERE likelihood({ident(column.name)} = :id, 0.0001)")
    if not parts:
        return []
    rows = await db.execute("SELECT * FROM (" + " UNION ALL ".join(parts) + ") ORDER BY part, date IS NULL, date, id",
                            {"id": fact_id})
    groups: dict[int, dict] = {}
    for r in rows:
        groups.setdefault(r["part"], {"name": r["name"], "facts": []})["facts"].append({
            "id": r["id"], "date": r["date"], "date_basis": r["date_basis"], "summary": r["summary"],
            "source_count": r["source_count"], "date_html": date_html(r["date"], r["date_basis"]),
            "url": row_url(datasette, database, r["name"], r["id"])})
    return list(groups.values())


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

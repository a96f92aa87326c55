"""Meetings, statements and agreements as PLOVER event records, one JSON object per line,
in the fields of the PLOVER manual's "Data Fields" chapter (openeventdata/PLOVER,
``PLOVER_MANUAL.tex``): ``id``, ``date`` (YYYY-MM-DD), ``source`` and ``recipient`` (lists of
actor objects), ``event``, ``mode``, ``event_text``, ``link``, ``cite_info``, ``coder``,
``comment``; and, as the manual allows ("Providers should feel free to include named fields
beyond those provided here"), ``cameo``, ``date_basis``, ``url`` and ``citations``.

Dates: the manual requires ``date`` as YYYY-MM-DD, so the PLOVER file holds only the facts
known to the day. A fact known only to the month or the year, or not dated, is never given a
day it does not have: it is left out of it and written, in the same shape but with
``date_known`` (``2021-08``, ``2021`` or null) and ``date_precision`` instead of ``date``, to
the companion file ``/-/events.partial-dates.jsonl``, which is not PLOVER. Facts whose CAMEO
code PLOVER does not code (01x statements, 02x appeals) have no PLOVER event and are in
neither.

Actors: the entities the kinds declare to mean actor are the ``source`` (PLOVER's name for
the actor list), those meaning recipient the ``recipient`` (left out where no side is
distinguished, as the manual codes CONSULT); a place is neither. Each is an actor object:
``code``, the ISO 3166-1 alpha-3 code of the state it is or represents (where curated),
``identifier_id`` its Wikidata id and ``identifier_text`` its name (the manual's note: the
Wikidata id resolves the name), with this site's ``entity`` id and ``url``.

``mode`` is the list of modes or null; ``link`` groups related events (a statement or an
agreement made in a meeting shares the meeting's ``meeting/<id>``; a meeting carries its own);
``text`` (the full text coded, "only filled when the creator of the record has appropriate
intellectual property rights for the text") is left out: the sources' texts are the
publishers'. ``cite_info`` is the manual's citation object for the first source that states the
fact; ``citations`` lists every excerpt of every source. ``cameo`` is a string ("036")."""
from __future__ import annotations

import json
from collections.abc import AsyncIterator

from datasette.utils.asgi import AsgiStream

from diplofacts.schema.evidence import REPORTING_ROLES
from diplofacts.schema.kinds import KINDS, Kind
from diplofacts.schema.sqltext import ident, in_list

from ..kindsql import entity_roles
from .download import Download
from .links import Links

CHUNK = 2000


def coded_kinds() -> tuple[Kind, ...]:
    """The kinds of fact that carry a PLOVER event type (their ``coded`` columns)."""
    return tuple(k for k in KINDS if "plover_type" in k.table.column_names)


def _links(kind: Kind) -> tuple[str | None, str | None]:
    """The column of ``kind`` naming another fact that groups it (a statement's meeting), and
    that fact's kind; (None, None) where none does."""
    tables = {k.table.name: k.name for k in KINDS}
    for c in kind.table.columns:
        target = (c.references or "").split(".")[0]
        if target in tables and target != kind.table.name:
            return c.name, tables[target]
    return None, None


def _grouping(kind: Kind) -> bool:
    """Whether facts of other kinds name a fact of ``kind`` (a meeting their statements)."""
    return any(c.references == f"{kind.table.name}.id" for k in KINDS if k is not kind for c in k.table.columns)


def _select(kind: Kind) -> str:
    table = kind.table
    mode = "plover_mode" if "plover_mode" in table.column_names else "NULL"
    column, _ = _links(kind)
    link = ident(column) if column else "NULL"
    return (f"SELECT id, {ident(kind.column_meaning('time') or '')} AS date, date_precision, date_basis,"
            f" {ident(kind.summary or '')} AS summary, cameo, plover_type, {mode} AS plover_mode, {link} AS link"
            f" FROM {ident(table.name)} WHERE plover_type IS NOT NULL ORDER BY id LIMIT ? OFFSET ?")


def actor(row: dict, links: Links) -> dict:
    """An entity as the manual's actor object."""
    return {**({"code": row["country"]} if row["country"] else {}),
            **({"identifier_id": row["wikidata"]} if row["wikidata"] else {}),
            "identifier_text": row["name"], "entity": row["id"], "url": links.entity(row["id"])}


async def records(db, links: Links) -> AsyncIterator[dict]:
    """Every coded fact as a record, by kind and id, whatever its date's precision."""
    entities = {r["id"]: actor(dict(r), links) for r in await db.execute("SELECT id, name, wikidata, country FROM entities")}
    corpus = (await db.execute("SELECT value FROM build_info WHERE key = 'built_at'")).first()
    for kind in coded_kinds():
        _, linked_kind = _links(kind)
        own_link = _grouping(kind)
        offset = 0
        while True:
            rows = [dict(r) for r in await db.execute(_select(kind), [CHUNK, offset])]
            if not rows:
                break
            offset += len(rows)
            ids = [r["id"] for r in rows]
            roles: dict[str, list[tuple[str, str]]] = {}
            for fact_id, entity_id, means in await db.execute(
                    f"SELECT fact_id, entity_id, means FROM ({entity_roles(kind)}) WHERE fact_id IN {in_list(ids)}", ids):
                roles.setdefault(fact_id, []).append((entity_id, means))
            texts: dict[str, list[dict]] = {}
            for r in await db.execute(
                    "SELECT c.fact_id, c.role, c.exact, c.source_id, s.url, s.title, s.publisher, s.published, s.language"
                    " FROM citations c JOIN sources s ON s.id = c.source_id"
                    f" WHERE c.fact_type = ? AND c.fact_id IN {in_list(ids)} ORDER BY c.rowid", [kind.name, *ids]):
                texts.setdefault(r["fact_id"], []).append(dict(r))
            for r in rows:
                link = (f"{linked_kind}/{r['link']}" if r["link"] and linked_kind
                        else f"{kind.name}/{r['id']}" if own_link else None)
                yield record(kind.name, r, roles.get(r["id"], []), texts.get(r["id"], []), entities, links, link,
                             corpus[0] if corpus else None)


def cite_info(text: dict, links: Links, version: str | None) -> dict:
    """A source as the manual's citation object."""
    return {"corpus": "diplofacts", "citation": f"sources/{text['source_id']}", "url": text["url"] or links.source(text["source_id"]),
            "title": text["title"], **({"language": text["language"]} if text.get("language") else {}),
            **({"publication": text["publisher"]} if text["publisher"] else {}),
            "codebook": "PLOVER (from the CAMEO code, by the project's crosswalk)", **({"version": version} if version else {})}


def record(kind: str, row: dict, roles: list[tuple[str, str]], texts: list[dict], entities: dict, links: Links,
           link: str | None = None, version: str | None = None) -> dict:
    """One fact as a PLOVER record (``date`` whatever its precision: ``plover_record`` and
    ``partial_record`` make the two files' shapes)."""
    recipients = [entities[e] for e, means in roles if means == "recipient" and e in entities]
    stating = [t for t in texts if t["role"] in REPORTING_ROLES]
    out: dict = {
        "id": f"{kind}/{row['id']}",
        "date": row["date"],
        "date_precision": row["date_precision"],
        "source": [entities[e] for e, means in roles if means == "actor" and e in entities],
        **({"recipient": recipients} if recipients else {}),
        "event": [row["plover_type"]],
        "mode": [row["plover_mode"]] if row["plover_mode"] else None,
        "event_text": [t["exact"] for t in stating],
        **({"link": link} if link else {}),
        **({"cite_info": cite_info((stating or texts)[0], links, version)} if texts else {}),
        "coder": "diplofacts curators (by hand, read again by a second reader)",
        "comment": row["summary"],
        "cameo": str(row["cameo"]) if row["cameo"] is not None else None,
        "date_basis": row["date_basis"],
        "url": links.fact(kind, row["id"]),
        "citations": [{"source": t["source_id"], "title": t["title"], "role": t["role"], "text": t["exact"],
                       **{k: t[k] for k in ("publisher", "published", "url") if t[k]}} for t in texts],
    }
    return out


def plover_record(r: dict) -> dict | None:
    """A record of a fact known to the day, as PLOVER has it; None for any other."""
    if r["date_precision"] != "day" or not r["date"]:
        return None
    return {k: v for k, v in r.items() if k != "date_precision"}


def partial_record(r: dict) -> dict | None:
    """A record of a fact not known to the day, without ``date``: ``date_known`` holds what is
    known (``2021-08``, ``2021``, null) and ``date_precision`` says which; None for any other."""
    if r["date_precision"] == "day" and r["date"]:
        return None
    out = {k: v for k, v in r.items() if k not in ("date", "date_precision")}
    return {"id": out.pop("id"), "date_known": r["date"], "date_precision": r["date_precision"], **out}


async def jsonl(db, links: Links, shape=plover_record) -> AsyncIterator[str]:
    async for r in records(db, links):
        shaped = shape(r)
        if shaped is not None:
            yield json.dumps(shaped, ensure_ascii=False) + "\n"


def _stream(db, links: Links, shape):
    async def stream(writer):
        async for line in jsonl(db, links, shape):
            await writer.write(line)
    return AsgiStream(stream, content_type="application/x-ndjson; charset=utf-8")


async def events(datasette, request, db, links: Links):
    return _stream(db, links, plover_record)


async def partial_events(datasette, request, db, links: Links):
    return _stream(db, links, partial_record)


def _listed(names: list[str]) -> str:
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


_KINDS = _listed([k.table.name for k in coded_kinds()])
DOWNLOADS = (
    Download("events-plover", f"{_KINDS.capitalize()} known to the day, as PLOVER event records (JSON Lines)",
             "/-/events.plover.jsonl", "jsonl", "application/x-ndjson", events),
    Download("events-partial-dates", f"{_KINDS.capitalize()} known only to the month or year, or undated: the PLOVER"
             " records without a day (date_known instead of date; not PLOVER; JSON Lines)",
             "/-/events.partial-dates.jsonl", "jsonl", "application/x-ndjson", partial_events),
)

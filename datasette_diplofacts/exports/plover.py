"""Meetings, statements and agreements as PLOVER event records, one JSON object per line
(the PLOVER manual's "Data Fields": ``id``, ``date``, ``actor``, ``recipient``, ``event``,
``mode``, ``event_text``, …).

Partial dates: PLOVER asks for YYYY-MM-DD, but a fact known only to the month or the year is
never given a day it does not have. ``date`` holds the date to its known precision (ISO 8601
reduced precision: ``2021-08``, ``2021``), ``date_precision`` says which, and ``date_basis``
how it was derived; an undated fact has ``date`` null. Facts whose CAMEO code PLOVER does not
code (01x statements, 02x appeals) have no PLOVER event and are left out.

Actors and recipients are the entities the kinds declare to mean so (``schema/kinds.py``):
in a meeting the caller or visitor is the actor and the one called or hosting the recipient;
where no side is distinguished, every participant is an actor (as PLOVER codes CONSULT). A
statement's speaker and an agreement's parties are its actors; a place is neither. Every
kind with a PLOVER event type is exported. Each entity object
carries this site's id, its name, and its Wikidata id where known."""
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


def _select(kind: Kind) -> str:
    table = kind.table
    mode = "plover_mode" if "plover_mode" in table.column_names else "NULL"
    return (f"SELECT id, {ident(kind.column_meaning('time') or '')} AS date, date_precision, date_basis,"
            f" {ident(kind.summary or '')} AS summary, cameo, plover_type, {mode} AS plover_mode"
            f" FROM {ident(table.name)} WHERE plover_type IS NOT NULL ORDER BY id LIMIT ? OFFSET ?")


async def records(db, links: Links) -> AsyncIterator[dict]:
    entities = {r["id"]: {"id": r["id"], "name": r["name"], **({"wikidata": r["wikidata"]} if r["wikidata"] else {})}
                for r in await db.execute("SELECT id, name, wikidata FROM entities")}
    for kind in coded_kinds():
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
                    "SELECT c.fact_id, c.role, c.exact, c.source_id, s.url, s.title, s.publisher, s.published"
                    " FROM citations c JOIN sources s ON s.id = c.source_id"
                    f" WHERE c.fact_type = ? AND c.fact_id IN {in_list(ids)} ORDER BY c.rowid", [kind.name, *ids]):
                texts.setdefault(r["fact_id"], []).append(dict(r))
            for r in rows:
                yield record(kind.name, r, roles.get(r["id"], []), texts.get(r["id"], []), entities, links)


def record(kind: str, row: dict, roles: list[tuple[str, str]], texts: list[dict], entities: dict, links: Links) -> dict:
    """One fact as a PLOVER record: its actors and recipients are the entities declared to
    mean so (a place is not an actor)."""
    out = {
        "id": f"{kind}/{row['id']}",
        "date": row["date"],
        "date_precision": row["date_precision"],
        "date_basis": row["date_basis"],
        "actor": [entities[e] for e, means in roles if means == "actor" and e in entities],
        "recipient": [entities[e] for e, means in roles if means == "recipient" and e in entities],
        "event": [row["plover_type"]],
        "mode": [row["plover_mode"]] if row["plover_mode"] else [],
        "event_text": [t["exact"] for t in texts if t["role"] in REPORTING_ROLES],
        "text": row["summary"],
        "cite_info": [{"source": t["source_id"], "title": t["title"], "role": t["role"], "text": t["exact"],
                       **{k: t[k] for k in ("publisher", "published", "url") if t[k]}} for t in texts],
        "cameo": row["cameo"],
        "link": links.fact(kind, row["id"]),
    }
    return out


async def jsonl(db, links: Links) -> AsyncIterator[str]:
    async for r in records(db, links):
        yield json.dumps(r, ensure_ascii=False) + "\n"


async def events(datasette, request, db, links: Links):
    async def stream(writer):
        async for line in jsonl(db, links):
            await writer.write(line)
    return AsgiStream(stream, content_type="application/x-ndjson; charset=utf-8")


def _listed(names: list[str]) -> str:
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


DOWNLOADS = (Download("events-plover", _listed([k.table.name for k in coded_kinds()]).capitalize()
                      + " as PLOVER event records (JSON Lines)", "/-/events.plover.jsonl", "jsonl", "application/x-ndjson", events),)

"""Meetings, statements and agreements as PLOVER event records, one JSON object per line
(the PLOVER manual's "Data Fields": ``id``, ``date``, ``actor``, ``recipient``, ``event``,
``mode``, ``event_text``, …).

Partial dates: PLOVER asks for YYYY-MM-DD, but a fact known only to the month or the year is
never given a day it does not have. ``date`` holds the date to its known precision (ISO 8601
reduced precision: ``2021-08``, ``2021``), ``date_precision`` says which, and ``date_basis``
how it was derived; an undated fact has ``date`` null. Facts whose CAMEO code PLOVER does not
code (01x statements, 02x appeals) have no PLOVER event and are left out.

Actors: in a meeting the caller or visitor is the actor and the one called or hosting the
recipient; where no side is distinguished, every participant is an actor (as PLOVER codes
CONSULT). A statement's speaker and an agreement's parties are its actors. Each entity object
carries this site's id, its name, and its Wikidata id where known."""
from __future__ import annotations

import json
from collections.abc import AsyncIterator

from diplofacts.schema.evidence import REPORTING_ROLES

from .links import Links

RECIPIENT_ROLES = {"called", "host"}
CHUNK = 2000

# (kind, its table, the SQL of (fact id, entity id, role) for its actors and recipients)
ROLES = {
    "meeting": "SELECT meeting_id, entity_id, role FROM meeting_participants WHERE meeting_id IN ({ids})",
    "statement": "SELECT id, speaker_id, 'speaker' FROM statements WHERE id IN ({ids})",
    "agreement": "SELECT agreement_id, entity_id, 'party' FROM agreement_parties WHERE agreement_id IN ({ids})",
}
MODE = {"meeting": "plover_mode", "statement": "NULL", "agreement": "NULL"}


async def records(db, links: Links) -> AsyncIterator[dict]:
    entities = {r["id"]: {"id": r["id"], "name": r["name"], **({"wikidata": r["wikidata"]} if r["wikidata"] else {})}
                for r in await db.execute("SELECT id, name, wikidata FROM entities")}
    for kind, table in (("meeting", "meetings"), ("statement", "statements"), ("agreement", "agreements")):
        offset = 0
        while True:
            rows = [dict(r) for r in await db.execute(
                f"SELECT id, date, date_precision, date_basis, summary, cameo, plover_type, {MODE[kind]} AS plover_mode"
                f" FROM [{table}] WHERE plover_type IS NOT NULL ORDER BY id LIMIT ? OFFSET ?", [CHUNK, offset])]
            if not rows:
                break
            offset += len(rows)
            marks = ",".join("?" * len(rows))
            ids = [r["id"] for r in rows]
            roles: dict[str, list[tuple[str, str]]] = {}
            for fact_id, entity_id, role in await db.execute(ROLES[kind].format(ids=marks), ids):
                roles.setdefault(fact_id, []).append((entity_id, role))
            texts: dict[str, list[dict]] = {}
            for r in await db.execute(
                    f"SELECT c.fact_id, c.role, c.exact, c.source_id, s.url, s.title, s.publisher, s.published"
                    f" FROM citations c JOIN sources s ON s.id = c.source_id"
                    f" WHERE c.fact_type = ? AND c.fact_id IN ({marks}) ORDER BY c.rowid", [kind, *ids]):
                texts.setdefault(r["fact_id"], []).append(dict(r))
            for r in rows:
                yield record(kind, r, roles.get(r["id"], []), texts.get(r["id"], []), entities, links)


def record(kind: str, row: dict, roles: list[tuple[str, str]], texts: list[dict], entities: dict, links: Links) -> dict:
    distinguished = any(role in RECIPIENT_ROLES for _, role in roles)
    actors = [e for e, role in roles if not (distinguished and role in RECIPIENT_ROLES)]
    recipients = [e for e, role in roles if distinguished and role in RECIPIENT_ROLES]
    out = {
        "id": f"{kind}/{row['id']}",
        "date": row["date"],
        "date_precision": row["date_precision"],
        "date_basis": row["date_basis"],
        "actor": [entities[e] for e in actors if e in entities],
        "recipient": [entities[e] for e in recipients if e in entities],
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

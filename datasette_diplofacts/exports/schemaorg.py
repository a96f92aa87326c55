"""schema.org descriptions embedded in pages as JSON-LD, for search engines and fact-checking
tools: a meeting is an ``Event``, a quote a ``Quotation`` (spoken by its speaker, based on its
sources), a statement a ``Claim`` (appearing in its sources, as ``NewsArticle``), an agreement
a ``CreativeWork`` that mentions its parties; the home page is a ``Dataset``."""
from __future__ import annotations

import json

from markupsafe import Markup

from diplofacts.schema.kinds import Kind

TYPES = {"person": "Person", "organization": "Organization", "country": "Country", "place": "Place",
         "format": "Organization"}
# What schema.org calls a kind of fact; any other kind is a CreativeWork.
SCHEMA_TYPES = {"meeting": "Event", "quote": "Quotation", "statement": "Claim"}
ATTENDANCE = {"phone": "https://schema.org/OnlineEventAttendanceMode"}
STATUS = {"cancelled": "https://schema.org/EventCancelled", "held": "https://schema.org/EventScheduled",
          "planned": "https://schema.org/EventScheduled"}


def script(data: dict) -> Markup:
    """A ``<script type="application/ld+json">`` that no text inside can close early."""
    body = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return Markup(f'<script type="application/ld+json">{body}</script>')


def thing(entity: dict) -> dict:
    out = {"@type": TYPES.get(entity.get("kind") or "", "Thing"), "name": entity["name"], "url": entity["url"]}
    if entity.get("wikidata"):
        out["sameAs"] = f"https://www.wikidata.org/wiki/{entity['wikidata']}"
    return out


def articles(citations: list[dict]) -> list[dict]:
    seen, out = set(), []
    for c in citations:
        if c["source_id"] in seen:
            continue
        seen.add(c["source_id"])
        out.append({"@type": "NewsArticle", "headline": c["title"], "url": c.get("url") or c["page"],
                    **({"datePublished": c["published"]} if c.get("published") else {}),
                    **({"publisher": {"@type": "Organization", "name": c["publisher"]}} if c.get("publisher") else {})})
    return out


def fact(kind: Kind, fact_row: dict, title: str, permalink: str, entities: list[dict], citations: list[dict]) -> dict:
    """A fact as what schema.org calls it (``SCHEMA_TYPES``, a ``CreativeWork`` for any other
    kind), filled from what its columns and entities mean, never from their names."""
    based = articles(citations)
    schema_type = SCHEMA_TYPES.get(kind.name, "CreativeWork")
    actors = [thing(e) for e in entities if e["means"] == "actor"]
    recipients = [thing(e) for e in entities if e["means"] == "recipient"]
    places = [thing(e) for e in entities if e["means"] == "place"]
    words = fact_row[kind.column_meaning("text") or kind.summary or ""]
    summary = fact_row[kind.summary or ""]
    time = fact_row.get(kind.column_meaning("time") or "")
    out: dict = {"@context": "https://schema.org", "@type": schema_type, "url": permalink}
    if time:
        out["startDate" if schema_type == "Event" else "dateCreated"] = time
    if schema_type == "Event":
        out.update({"name": title, "description": summary, "attendee": actors + recipients, "subjectOf": based})
        if fact_row.get("status") in STATUS:
            out["eventStatus"] = STATUS[fact_row["status"]]
        out["eventAttendanceMode"] = ATTENDANCE.get(fact_row.get("mode") or "", "https://schema.org/OfflineEventAttendanceMode")
        if places:
            out["location"] = places[0]
        return out
    if schema_type == "Quotation":
        return {**out, "text": words, "spokenByCharacter": actors, "creator": actors, "isBasedOn": based}
    if schema_type == "Claim":
        return {**out, "text": summary, "author": actors, "appearance": based}
    out.update({"name": title, "text": words, "mentions": actors + recipients, "isBasedOn": based})
    if places:
        out["contentLocation"] = places[0]
    return out


def dataset(title: str, description: str, home: str, license_url: str | None, built_at: str | None,
            downloads: list[dict]) -> dict:
    out = {"@context": "https://schema.org", "@type": "Dataset", "name": title, "description": description,
           "url": home, "isAccessibleForFree": True,
           "distribution": [{"@type": "DataDownload", "name": d["name"], "contentUrl": d["path"],
                             "encodingFormat": d["mediatype"]} for d in downloads]}
    if license_url:
        out["license"] = license_url
    if built_at:
        out["dateModified"] = built_at
    return out

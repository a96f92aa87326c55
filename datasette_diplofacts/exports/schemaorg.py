"""schema.org descriptions embedded in pages as JSON-LD, for search engines and fact-checking
tools: a meeting is an ``Event``, a quote a ``Quotation`` (spoken by its speaker, based on its
sources), a statement a ``Claim`` (appearing in its sources, as ``NewsArticle``), an agreement
a ``CreativeWork`` that mentions its parties; the home page is a ``Dataset``."""
from __future__ import annotations

import json

from markupsafe import Markup

TYPES = {"person": "Person", "organization": "Organization", "country": "Country", "place": "Place",
         "format": "Organization"}
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


def fact(kind: str, fact_row: dict, title: str, permalink: str, entities: list[dict], citations: list[dict]) -> dict:
    based = articles(citations)
    base = {"@context": "https://schema.org", "url": permalink}
    if fact_row.get("date"):
        base["dateCreated" if kind != "meeting" else "startDate"] = fact_row["date"]
    if kind == "meeting":
        out = {**base, "@type": "Event", "name": title, "description": fact_row["summary"],
               "attendee": [thing(e) for e in entities if e["role"] != "place"], "subjectOf": based}
        if fact_row.get("status") in STATUS:
            out["eventStatus"] = STATUS[fact_row["status"]]
        out["eventAttendanceMode"] = ATTENDANCE.get(fact_row.get("mode") or "", "https://schema.org/OfflineEventAttendanceMode")
        places = [thing(e) for e in entities if e["role"] == "place"]
        if places:
            out["location"] = places[0]
        return out
    speakers = [thing(e) for e in entities if e["role"] == "speaker"]
    if kind == "quote":
        return {**base, "@type": "Quotation", "text": fact_row["text"], "spokenByCharacter": speakers,
                "creator": speakers, "isBasedOn": based}
    if kind == "statement":
        return {**base, "@type": "Claim", "text": fact_row["summary"], "author": speakers, "appearance": based}
    return {**base, "@type": "CreativeWork", "name": title, "text": fact_row["summary"],
            "mentions": [thing(e) for e in entities], "isBasedOn": based}


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

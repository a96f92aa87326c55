"""schema.org descriptions embedded in pages as JSON-LD, for search engines and fact-checking
tools: a meeting is an ``Event``, a quote a ``Quotation`` (spoken by its speaker, based on its
sources), a statement a ``Claim`` (appearing in its sources, as ``NewsArticle``), an agreement
a ``CreativeWork`` that mentions its parties; the home page is a ``Dataset``, an entity's page
a ``Person``, ``Organization`` or ``Country`` (with its Wikidata ``sameAs``), a source's page
a ``NewsArticle``.

Every property holds what its range allows: an ``attendee``, a speaker or an author is a
``Person`` or an ``Organization``, so a state taking part in a meeting is its government, a
``GovernmentOrganization`` serving the ``Country`` (which keeps the Wikidata id); a place is a
``Place`` (a ``Country`` where the place is a state) and only ever a ``location``. How a meeting
was attended is said only where the sources say it (a phone call: online, with a
``VirtualLocation``; a visit: in person, in the host's country where the host is a state); its
``startDate`` and ``location`` where known."""
from __future__ import annotations

import json

from markupsafe import Markup

from diplofacts.schema.kinds import Kind

TYPES = {"person": "Person", "organization": "Organization", "country": "Country", "place": "Place",
         "format": "Organization"}
# What schema.org calls a kind of fact; any other kind is a CreativeWork.
SCHEMA_TYPES = {"meeting": "Event", "quote": "Quotation", "statement": "Claim"}
# what the meeting's mode says of how it was attended; any other mode (unknown, multilateral,
# third-party) says nothing of it, and the event has no attendance mode
ATTENDANCE = {"phone": "https://schema.org/OnlineEventAttendanceMode",
              "visit": "https://schema.org/OfflineEventAttendanceMode"}
# what schema.org calls a kind of source; any other is an Article
ARTICLES = {"news-report": "NewsArticle", "analysis": "AnalysisNewsArticle"}
STATUS = {"cancelled": "https://schema.org/EventCancelled", "held": "https://schema.org/EventScheduled",
          "planned": "https://schema.org/EventScheduled"}


def script(data: dict) -> Markup:
    """A ``<script type="application/ld+json">`` that no text inside can close early."""
    body = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return Markup(f'<script type="application/ld+json">{body}</script>')


def _wikidata(entity: dict) -> dict:
    return {"sameAs": f"https://www.wikidata.org/wiki/{entity['wikidata']}"} if entity.get("wikidata") else {}


def thing(entity: dict) -> dict:
    """An entity as what schema.org calls it (a country a ``Country``: a place)."""
    return {"@type": TYPES.get(entity.get("kind") or "", "Thing"), "name": entity["name"], "url": entity["url"],
            **_wikidata(entity)}


def agent(entity: dict) -> dict | None:
    """An entity where schema.org expects a ``Person`` or an ``Organization`` (an attendee, a
    speaker, an author): a state acts as its government, serving the country; a place is
    no agent (None)."""
    kind = entity.get("kind") or ""
    if kind == "country":
        return {"@type": "GovernmentOrganization", "name": entity["name"], "url": entity["url"],
                "areaServed": {"@type": "Country", "name": entity["name"], **_wikidata(entity)}}
    if TYPES.get(kind) in ("Person", "Organization"):
        return thing(entity)
    return None


def _agents(entities: list[dict], *meanings: str) -> list[dict]:
    return [a for e in entities if e["means"] in meanings for a in [agent(e)] if a is not None]


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
    actors = _agents(entities, "actor")
    attendees = _agents(entities, "actor", "recipient")
    places = [thing(e) for e in entities if e["means"] == "place"]
    words = fact_row[kind.column_meaning("text") or kind.summary or ""]
    summary = fact_row[kind.summary or ""]
    time = fact_row.get(kind.column_meaning("time") or "")
    out: dict = {"@context": "https://schema.org", "@type": schema_type, "url": permalink}
    if time:
        out["startDate" if schema_type == "Event" else "dateCreated"] = time
    if schema_type == "Event":
        out.update({"name": title, "description": summary, "attendee": attendees, "subjectOf": based})
        if fact_row.get("status") in STATUS:
            out["eventStatus"] = STATUS[fact_row["status"]]
        mode = ATTENDANCE.get(fact_row.get("mode") or "")
        if mode:
            out["eventAttendanceMode"] = mode
        hosts = [e for e in entities if e["means"] == "recipient"]
        if places:
            out["location"] = places[0]
        elif mode == ATTENDANCE["visit"] and len(hosts) == 1 and hosts[0].get("kind") == "country":
            out["location"] = thing(hosts[0])  # a visit to a state is in that state
        elif mode == ATTENDANCE["phone"]:
            out["location"] = {"@type": "VirtualLocation", "name": "By telephone"}
        return out
    if schema_type == "Quotation":
        return {**out, "text": words, "spokenByCharacter": actors, "creator": actors, "isBasedOn": based}
    if schema_type == "Claim":
        return {**out, "text": summary, "author": actors, "appearance": based}
    mentioned = [thing(e) for e in entities if e["means"] in ("actor", "recipient")]
    out.update({"name": title, "text": words, "mentions": mentioned, "isBasedOn": based})
    if places:
        out["contentLocation"] = places[0]
    return out


def dataset(title: str, description: str, home: str, license_url: str | None, built_at: str | None,
            downloads: list[dict]) -> dict:
    out = {"@context": "https://schema.org", "@type": "Dataset", "name": title, "description": description,
           "url": home, "isAccessibleForFree": True,
           # who makes it: the curators, who say on the about page who they are and how they work
           "creator": {"@type": "Organization", "name": f"The curators of {title}", "url": home.rstrip("/") + "/about"},
           "distribution": [{"@type": "DataDownload", "name": d["name"], "contentUrl": d["path"],
                             "encodingFormat": d["mediatype"]} for d in downloads]}
    if license_url:
        out["license"] = license_url
    if built_at:
        out["dateModified"] = built_at
    return out


def entity(row: dict, url: str, aliases: list[str]) -> dict:
    """An entity's page: the person, organisation, country or place, with its Wikidata id."""
    out = {"@context": "https://schema.org", **thing({**row, "url": url})}
    if aliases:
        out["alternateName"] = aliases
    if row.get("description"):
        out["description"] = row["description"]
    return out


def source(row: dict, page: str) -> dict:
    """A source's page: the article, its headline, publisher, byline, date and address (its
    published one where known, else this site's copy)."""
    out = {"@context": "https://schema.org", "@type": ARTICLES.get(row.get("kind") or "", "Article"), "@id": page,
           "headline": row["title"], "url": row.get("url") or page, "inLanguage": row["language"]}
    if row.get("publisher"):
        out["publisher"] = {"@type": "Organization", "name": row["publisher"]}
    if row.get("author"):
        out["author"] = {"@type": "Person", "name": row["author"]}
    if row.get("published"):
        out["datePublished"] = row["published"]
    return out

"""The facts in other tools' formats, each read back with its own parser and checked against
the database: W3C annotations, PLOVER event data, iCalendar, Atom, the data package."""
import json
import sqlite3

import pytest

from diplofacts.schema.eventcodes import PloverType

from .site import Site


@pytest.fixture
def site(built):
    s = Site(built)
    yield s
    s.close()


def db_rows(db, sql, params=()):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def test_every_citation_is_a_web_annotation_whose_selectors_match_the_text(site, built):
    collection = site.json("/-/annotations.jsonld")
    assert (collection["@context"], collection["type"], collection["total"]) == (
        "http://www.w3.org/ns/anno.jsonld", "AnnotationCollection", 7)
    page = site.json(collection["first"].removeprefix("http://localhost"))
    assert (page["type"], page["partOf"], len(page["items"])) == ("AnnotationPage", collection["id"], 7)
    texts = {r["id"]: r["text"] for r in db_rows(built, "SELECT id, text FROM sources")}
    citations = {r["id"]: r for r in db_rows(built, "SELECT * FROM citations")}
    for item in page["items"]:
        targets = item["target"] if isinstance(item["target"], list) else [item["target"]]
        source_id = targets[0]["source"].rsplit("/", 1)[1]
        quote, position = targets[0]["selector"]
        text = texts[source_id]
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert text[:position["start"]].endswith(quote["prefix"]) and text[position["end"]:].startswith(quote["suffix"])
        citation_id = item["id"].rsplit("#citation-", 1)[1]
        assert (citations[citation_id]["start"], citations[citation_id]["exact"]) == (position["start"], quote["exact"])
        assert item["body"][0]["id"].startswith("http://localhost/facts/") and item["body"][1]["purpose"] == "describing"
    assert sorted(citations) == sorted(i["id"].rsplit("#citation-", 1)[1] for i in page["items"])
    one = site.json("/-/annotations/second-report.jsonld")
    assert one["total"] == 3 == len(one["first"]["items"])
    # where the source's own address is known, it is a target too
    assert site.get("/-/annotations/nope.jsonld").status_code == 404


def test_plover_events_carry_the_required_fields_and_no_false_day(site, built):
    response = site.get("/-/events.plover.jsonl")
    assert response.headers["content-type"] == "application/x-ndjson; charset=utf-8"
    events = [json.loads(line) for line in response.text.splitlines()]
    coded = db_rows(built, "SELECT 'meeting' AS t, id, date, date_precision FROM meetings WHERE plover_type IS NOT NULL "
                           "UNION ALL SELECT 'statement', id, date, date_precision FROM statements WHERE plover_type IS NOT NULL "
                           "UNION ALL SELECT 'agreement', id, date, date_precision FROM agreements WHERE plover_type IS NOT NULL")
    assert sorted(e["id"] for e in events) == sorted(f"{r['t']}/{r['id']}" for r in coded)
    for event in events:
        assert {"id", "date", "actor", "event"} <= set(event), event["id"]
        assert event["actor"] and all("name" in a and "id" in a for a in event["actor"])
        assert event["event"] and set(event["event"]) <= set(PloverType.__args__)
        precision = {4: "year", 7: "month", 10: "day"}.get(len(event["date"] or ""))
        assert event["date_precision"] == precision  # never a day the fact does not have
        assert event["event_text"] and event["link"].startswith("http://localhost/facts/")
    call = next(e for e in events if e["id"] == "meeting/alpha-beta-call-2021-06-07")
    assert ([a["id"] for a in call["actor"]], [r["id"] for r in call["recipient"]], call["mode"]) == (["alpha"], ["beta"], ["phone"])

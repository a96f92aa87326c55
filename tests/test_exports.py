"""The facts in other tools' formats, each read back with its own parser and checked against
the database: W3C annotations, PLOVER event data, iCalendar, Atom, the data package."""
import json

from diplofacts.schema.eventcodes import PloverType

from .conftest import named_rows


def test_every_citation_is_a_web_annotation_whose_selectors_match_the_text(site, built, corpus):
    cited = len(corpus.citations())
    collection = site.json("/-/annotations.jsonld")
    assert (collection["@context"], collection["type"], collection["total"]) == (
        "http://www.w3.org/ns/anno.jsonld", "AnnotationCollection", cited)
    page = site.json(collection["first"].removeprefix("http://localhost"))
    assert (page["type"], page["partOf"], len(page["items"])) == ("AnnotationPage", collection["id"], cited)
    assert collection["last"] == collection["first"]  # one page
    assert site.get("/-/annotations.jsonld?page=1").status_code == 404  # past the end: no empty page
    texts = {r["id"]: r["text"] for r in named_rows(built, "SELECT id, text FROM sources")}
    sources = {r["id"]: r for r in named_rows(built, "SELECT id, url FROM sources")}
    citations = {r["id"]: r for r in named_rows(built, "SELECT * FROM citations")}
    served: dict[str, str] = {}
    for item in page["items"]:
        text_target, page_target, *published = item["target"]
        source_id = text_target["source"].removeprefix("http://localhost/-/sources/").removesuffix(".txt")
        if source_id not in served:  # the stored text, served as plain text: the positions count its characters
            response = site.get(f"/-/sources/{source_id}.txt")
            assert response.headers["content-type"] == "text/plain; charset=utf-8"
            served[source_id] = response.text
            assert served[source_id] == texts[source_id]
        quote, position = text_target["selector"]
        text = served[source_id]
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert text[:position["start"]].endswith(quote["prefix"]) and text[position["end"]:].startswith(quote["suffix"])
        # the HTML page: the quote within the element holding the text; the published article: the
        # quote only (their characters are not the stored text's)
        assert page_target == {"type": "SpecificResource", "source": f"http://localhost/facts/sources/{source_id}",
                               "format": "text/html",
                               "selector": {"type": "CssSelector", "value": ".source-text", "refinedBy": quote}}
        assert [t["source"] for t in published] == ([sources[source_id]["url"]] if sources[source_id]["url"] else [])
        assert all(t["selector"] == quote for t in published)
        citation_id = item["id"].rsplit("#citation-", 1)[1]
        assert (citations[citation_id]["start"], citations[citation_id]["exact"]) == (position["start"], quote["exact"])
        assert item["body"][0]["id"].startswith("http://localhost/facts/") and item["body"][1]["purpose"] == "describing"
    assert sorted(citations) == sorted(i["id"].rsplit("#citation-", 1)[1] for i in page["items"])
    one = site.json("/-/annotations/second-report.jsonld")
    assert one["total"] == sum(c["source"] == "second-report" for *_, c in corpus.citations()) == len(one["first"]["items"])
    assert (one["last"], one["first"]["partOf"]) == (one["first"]["id"], one["id"])
    assert site.get("/-/annotations/nope.jsonld").status_code == 404
    assert site.get("/-/sources/nope.txt").status_code == 404


def plover_events(site, path="/-/events.plover.jsonl") -> list[dict]:
    response = site.get(path)
    assert response.headers["content-type"] == "application/x-ndjson; charset=utf-8"
    return [json.loads(line) for line in response.text.splitlines()]


def test_plover_events_follow_the_manual_and_give_no_false_day(site, built):
    """The PLOVER manual's Data Fields: ``date`` YYYY-MM-DD (required), ``source`` a list of
    actor objects (``code`` a 3-letter country code, ``identifier_id`` the Wikidata id), ``mode``
    a list or null, ``link`` a group of related events, ``cite_info`` one citation object."""
    import re
    events = plover_events(site)
    partial = plover_events(site, "/-/events.partial-dates.jsonl")
    coded = named_rows(built, "SELECT 'meeting' AS t, id, date, date_precision FROM meetings WHERE plover_type IS NOT NULL "
                           "UNION ALL SELECT 'statement', id, date, date_precision FROM statements WHERE plover_type IS NOT NULL "
                           "UNION ALL SELECT 'agreement', id, date, date_precision FROM agreements WHERE plover_type IS NOT NULL")
    day = {f"{r['t']}/{r['id']}": r["date"] for r in coded if r["date_precision"] == "day"}
    assert {e["id"]: e["date"] for e in events} == day  # every fact known to the day, and only those
    assert sorted(e["id"] for e in partial) == sorted(f"{r['t']}/{r['id']}" for r in coded if f"{r['t']}/{r['id']}" not in day)
    countries = {r["id"]: r["country"] for r in named_rows(built, "SELECT id, country FROM entities")}
    for event in events:
        assert {"id", "date", "source", "event"} <= set(event), event["id"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", event["date"]), event["id"]
        for actor in event["source"] + event.get("recipient", []):
            assert {"identifier_text", "entity"} <= set(actor) and "id" not in actor and "name" not in actor
            assert actor.get("code") == countries[actor["entity"]]
            assert "code" not in actor or re.fullmatch(r"[A-Z]{3}", actor["code"])
        assert event["source"] and "actor" not in event
        assert event["event"] and set(event["event"]) <= set(PloverType.__args__)
        assert event["mode"] is None or (isinstance(event["mode"], list) and event["mode"])
        assert isinstance(event["cameo"], str) and re.fullmatch(r"\d{3,4}", event["cameo"])
        assert isinstance(event["cite_info"], dict) and {"title", "url"} <= set(event["cite_info"])
        assert "text" not in event  # the sources' texts are the publishers'
        assert event["event_text"] and event["url"].startswith("http://localhost/facts/")
    call = next(e for e in events if e["id"] == "meeting/alpha-beta-call-2021-06-07")
    assert ([a["entity"] for a in call["source"]], [r["entity"] for r in call["recipient"]], call["mode"]) == (
        ["alpha"], ["beta"], ["phone"])
    assert call["source"][0]["code"] == "XAL" and call["link"] == "meeting/alpha-beta-call-2021-06-07"
    grouped = [e for e in events if e["id"] != call["id"] and e.get("link") == call["link"]]
    assert grouped, "a statement or agreement of the call shares its link"
    for record in partial:  # no day, and none invented
        assert "date" not in record and record["date_precision"] != "day"
        assert record["date_known"] is None or re.fullmatch(r"\d{4}(-\d{2})?", record["date_known"])


def test_the_calendar_reparses_with_icalendar_and_holds_exactly_the_meetings_known_to_the_day(site, built):
    import icalendar
    response = site.get("/-/meetings.ics")
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    day_meetings = named_rows(built, "SELECT id, date FROM meetings WHERE date_precision = 'day'")
    assert sorted((str(e["UID"]), e.decoded("DTSTART").isoformat()) for e in events) == sorted(
        (f"meeting-{m['id']}@localhost", m["date"]) for m in day_meetings)
    for event in events:
        assert event["DTSTART"].params["VALUE"] == "DATE" and "DTSTAMP" in event
    assert "left out rather than given a day" in str(calendar["X-WR-CALDESC"])


def test_the_feeds_parse_as_atom_newest_first(site, built, corpus):
    import xml.etree.ElementTree as ET
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(site.get("/-/facts.atom").content)
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    for element in ("id", "title", "updated"):
        assert feed.find(f"a:{element}", ns).text
    entries = feed.findall("a:entry", ns)
    assert len(entries) == len(named_rows(built, "SELECT 1 FROM facts"))
    for entry in entries:
        assert all(entry.find(f"a:{e}", ns) is not None for e in ("id", "title", "published", "updated", "summary", "link"))
        assert entry.find("a:id", ns).text == entry.find("a:link", ns).get("href")
    # each entry's times are its fact's first and latest revision; newest change first
    times = [(e.find("a:published", ns).text, e.find("a:updated", ns).text) for e in entries]
    history = [named_rows(built, "SELECT min(at) AS first, max(at) AS last FROM fact_revisions WHERE ? LIKE '%/' || fact_id",
                          (e.find("a:id", ns).text,))[0] for e in entries]
    assert times == [(h["first"], h["last"]) for h in history]
    assert [t[1] for t in times] == sorted((t[1] for t in times), reverse=True)
    assert feed.find("a:updated", ns).text == max(t[1] for t in times)
    beta = ET.fromstring(site.get("/-/entities/beta.atom").content)
    beta_ids = sorted(e.find("a:id", ns).text.rsplit("/", 1)[1] for e in beta.findall("a:entry", ns))
    assert beta_ids == sorted(i for _, i in corpus.naming("beta"))
    assert {"alpha-beta-call-2021-06-07", "alpha-beta-stay-in-touch", "beta-useful"} <= set(beta_ids)
    assert '<a href="/-/entities/beta.atom" type="application/atom+xml">follow (Atom feed)</a>' in site.get("/facts/entities/beta").text
    assert site.get("/-/entities/nobody.atom").status_code == 404


def test_the_data_package_validates_and_lists_every_download(site, built):
    import hashlib

    from frictionless import Package
    descriptor = site.json("/datapackage.json")
    report = Package.validate_descriptor(descriptor)
    assert report.valid, report.flatten(["type", "note"])
    by_name = {r["name"]: r for r in descriptor["resources"]}
    assert {"facts-db", "annotations", "events-plover", "meetings-calendar", "facts-feed", "citations", "meetings"} <= set(by_name)
    assert [r["mediatype"] for r in descriptor["resources"] if "plover" in r["name"]] == ["application/x-ndjson"]
    assert by_name["annotations"]["mediatype"] == "application/ld+json"
    assert by_name["facts-db"]["hash"] == "sha256:" + hashlib.sha256(built.read_bytes()).hexdigest()
    assert by_name["facts-db"]["bytes"] == built.stat().st_size
    for resource in descriptor["resources"]:  # tables are tables; anything else a file frictionless never reads as rows
        assert resource["type"] == ("table" if resource["format"] == "csv" else "file"), resource["name"]
    csv = site.get(by_name["citations"]["path"].removeprefix("http://localhost"))
    assert csv.headers["content-type"] == "text/csv; charset=utf-8" == by_name["citations"]["mediatype"] + "; charset=utf-8"
    assert {f["name"]: f["type"] for f in by_name["entities"]["schema"]["fields"]}["aliases"] == "array"
    fields = {f["name"]: f for f in by_name["citations"]["schema"]["fields"]}
    assert fields["start"] == {"name": "start", "type": "integer", "constraints": {"required": True},
                               "description": "Start offset in sources.text, in Unicode code points, inclusive."}
    assert (fields["suffix"]["constraints"], fields["suffix"]["missingValues"]) == ({"required": True}, [])
    assert {"fields": "source_id", "reference": {"resource": "sources", "fields": "id"}} in by_name["citations"]["schema"]["foreignKeys"]
    page = site.get("/-/downloads").text
    for resource in descriptor["resources"]:
        assert resource["path"].removeprefix("http://localhost").replace("&", "&amp;") in page, resource["name"]
    for resource in descriptor["resources"]:  # every one answers
        assert site.get(resource["path"].removeprefix("http://localhost")).status_code == 200, resource["name"]


def jsonld(page: str) -> dict:
    import re
    (body,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(body)


def test_pages_describe_themselves_in_schema_org(site):
    home = jsonld(site.get("/").text)
    assert (home["@type"], home["license"]) == ("Dataset", "https://creativecommons.org/licenses/by/4.0/")
    assert {"http://localhost/datapackage.json", "http://localhost/-/meetings.ics"} <= {d["contentUrl"] for d in home["distribution"]}
    meeting = jsonld(site.get("/facts/meetings/alpha-beta-call-2021-06-07").text)
    assert (meeting["@type"], meeting["startDate"], meeting["eventAttendanceMode"]) == (
        "Event", "2021-06-07", "https://schema.org/OnlineEventAttendanceMode")
    assert sorted(a["name"] for a in meeting["attendee"]) == ["President Alpha", "Prime Minister Beta"]
    quote = jsonld(site.get("/facts/quotes/alpha-we-stand-ready").text)
    assert (quote["@type"], quote["text"], quote["spokenByCharacter"][0]["name"]) == (
        "Quotation", "We stand ready to help.", "President Alpha")
    assert [a["headline"] for a in quote["isBasedOn"]] == ["Leaders talk by phone", "Second report"]
    claim = jsonld(site.get("/facts/statements/alpha-ready-to-help").text)
    assert (claim["@type"], claim["author"][0]["name"], claim["appearance"][0]["@type"]) == ("Claim", "President Alpha", "NewsArticle")

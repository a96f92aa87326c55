"""The exports held to their standards by the validators (or the rules) their users apply,
on what the site serves: ``frictionless validate`` on the data package, data included, from a
real server; schema.org's ranges on every fact, entity and source page; the PLOVER manual's
Data Fields; annotations' positions on the plain text they target. Each runs over the small
fixture corpus and over a build of the real seeds (where states attend meetings)."""
import json
import re
import shutil
import urllib.parse
import urllib.request

import pytest

from diplofacts.loaders import build
from diplofacts.site import serve_args

from .conftest import FIXTURE_SEEDS, ROOT
from .servers import free_port, running
from .site import Site

CORPORA = {"fixture": FIXTURE_SEEDS, "seeds": ROOT / "seeds"}


@pytest.fixture(scope="module", params=sorted(CORPORA))
def corpus_db(request, tmp_path_factory):
    """A fresh build of the corpus (``facts.db`` is its name on the site)."""
    seeds = tmp_path_factory.mktemp(request.param) / "seeds"
    shutil.copytree(CORPORA[request.param], seeds)
    build(seeds, seeds.parent / "facts.db")
    return seeds.parent / "facts.db"


@pytest.fixture(scope="module")
def site(corpus_db):
    s = Site(corpus_db)
    yield s
    s.close()


def get(url: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(url) as r:
        return r.read(), r.headers["content-type"]


def test_the_data_package_validates_as_data_from_a_real_server(corpus_db):
    """What ``frictionless validate http://…/datapackage.json`` does with a plain install:
    every resource read, every CSV row checked against its schema (required fields, types,
    primary and foreign keys), the database file against its size and hash; and every
    resource served with the media type the package names."""
    import frictionless
    port = free_port()
    with running(serve_args(corpus_db, "127.0.0.1", port), port) as base:
        body, _ = get(base + "/datapackage.json")
        descriptor = json.loads(body)
        report = frictionless.validate(descriptor)
        assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])[:20]
        checked = {t.name: t.type for t in report.tasks}
        assert checked["citations"] == "table" and checked["facts-db"] == "file"
        assert checked["events-plover"] == "file"  # JSON Lines: a file, not rows frictionless[json] would read
        for resource in descriptor["resources"]:
            _, media_type = get(resource["path"])
            assert media_type.split(";")[0] == resource["mediatype"], resource["name"]
    fields = {r["name"]: {f["name"]: f for f in r["schema"]["fields"]} for r in descriptor["resources"] if "schema" in r}
    assert fields["citations"]["suffix"]["missingValues"] == []  # "" is a suffix (an excerpt ending its source)
    assert fields["citations"]["source_id"]["constraints"] == {"required": True}
    assert "missingValues" not in fields["meetings"]["place_id"]  # may be NULL: an empty cell is NULL
    assert fields["entities"]["aliases"]["type"] == "array"


def jsonld(page: str) -> dict:
    (body,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(body)


AGENTS = {"Person", "Organization", "GovernmentOrganization"}  # Person or Organization (and its subtypes)
PLACES = {"Place", "Country", "City", "AdministrativeArea", "VirtualLocation"}
# Every property the pages give an entity, and the types schema.org allows it to hold
RANGES = {"attendee": AGENTS, "spokenByCharacter": AGENTS, "creator": AGENTS, "author": AGENTS,
          "location": PLACES, "contentLocation": PLACES}
ONLINE, OFFLINE = "https://schema.org/OnlineEventAttendanceMode", "https://schema.org/OfflineEventAttendanceMode"


def rows(site, sql: str) -> list[dict]:
    return site.json("/facts.json?" + urllib.parse.urlencode({"sql": sql, "_shape": "objects"}))["rows"]


def test_every_page_holds_schema_org_in_its_ranges(site):
    from diplofacts.schema.kinds import KINDS
    meetings = {r["id"]: r for r in rows(site, "SELECT id, mode, date, place_id FROM meetings")}
    checked = 0
    for kind in KINDS:
        for r in rows(site, f"SELECT id FROM {kind.table.name}"):
            data = jsonld(site.get(f"/facts/{kind.table.name}/{r['id']}").text)
            for prop, allowed in RANGES.items():
                values = data.get(prop) or []
                for value in values if isinstance(values, list) else [values]:
                    assert value["@type"] in allowed, (kind.name, r["id"], prop, value)
            if kind.name == "meeting":
                meeting = meetings[r["id"]]
                # attended as the sources say it was, or not said at all
                assert data.get("eventAttendanceMode") == {"phone": ONLINE, "visit": OFFLINE}.get(meeting["mode"]), r["id"]
                assert data.get("startDate") == meeting["date"]
                if meeting["place_id"]:
                    assert data["location"]["url"].endswith(f"/facts/entities/{meeting['place_id']}")
            checked += 1
    assert checked == len(rows(site, "SELECT 1 FROM facts"))
    home = jsonld(site.get("/").text)
    assert home["@type"] == "Dataset" and home["creator"]["@type"] in AGENTS and home["creator"]["name"]


def test_entity_and_source_pages_describe_themselves(site):
    for e in rows(site, "SELECT id, kind, wikidata FROM entities"):
        data = jsonld(site.get(f"/facts/entities/{e['id']}").text)
        assert data["@type"] == {"person": "Person", "organization": "Organization", "country": "Country",
                                 "place": "Place", "format": "Organization"}[e["kind"]]
        assert data.get("sameAs") == (f"https://www.wikidata.org/wiki/{e['wikidata']}" if e["wikidata"] else None)
    for s in rows(site, "SELECT id, title, publisher, author, published, url FROM sources"):
        data = jsonld(site.get(f"/facts/sources/{s['id']}").text)
        assert data["@type"] in ("NewsArticle", "AnalysisNewsArticle", "Article") and data["headline"] == s["title"]
        assert data.get("datePublished") == s["published"]
        assert (data.get("publisher") or {}).get("name") == s["publisher"]
        assert (data.get("author") or {}).get("name") == s["author"]
        assert data["url"] == (s["url"] or f"/facts/sources/{s['id']}")


def test_a_state_attending_is_its_government_and_the_country_a_place():
    from datasette_diplofacts.exports import schemaorg
    pakistan = {"kind": "country", "name": "Pakistan", "url": "/e/pakistan", "wikidata": "Q843"}
    assert schemaorg.agent(pakistan) == {
        "@type": "GovernmentOrganization", "name": "Pakistan", "url": "/e/pakistan",
        "areaServed": {"@type": "Country", "name": "Pakistan", "sameAs": "https://www.wikidata.org/wiki/Q843"}}
    assert schemaorg.thing(pakistan)["@type"] == "Country"
    assert schemaorg.agent({"kind": "place", "name": "Kabul", "url": "/e/kabul"}) is None


def test_plover_records_follow_the_manual(site):
    """Every line of the PLOVER file as the manual's Data Fields have it; the facts without a
    day in the companion file, with no date invented."""
    countries = {r["id"]: r["country"] for r in rows(site, "SELECT id, country FROM entities")}
    events = [json.loads(line) for line in site.get("/-/events.plover.jsonl").text.splitlines()]
    partial = [json.loads(line) for line in site.get("/-/events.partial-dates.jsonl").text.splitlines()]
    assert len({e["id"] for e in events + partial}) == len(events) + len(partial)
    for e in events:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", e["date"]), e["id"]
        assert e["source"] and e["event"] and isinstance(e["event"], list)
        assert all(a.get("code") == countries[a["entity"]] for a in e["source"] + e.get("recipient", []))
        assert isinstance(e["cameo"], str) and e["cameo"].isdigit()
        assert e["mode"] is None or isinstance(e["mode"], list)
        assert isinstance(e["cite_info"], dict)
    for p in partial:
        assert "date" not in p and p["date_precision"] in ("month", "year", None)


def test_every_annotation_position_selects_its_words_in_the_served_text(site):
    collection = site.json("/-/annotations.jsonld")
    texts: dict[str, str] = {}
    page = collection["first"]
    seen = 0
    while page:
        data = site.json(page.removeprefix("http://localhost"))
        for item in data["items"]:
            target = item["target"][0]
            path = target["source"].removeprefix("http://localhost")
            if path not in texts:
                response = site.get(path)
                assert response.headers["content-type"] == "text/plain; charset=utf-8"
                texts[path] = response.text
            quote, position = target["selector"]
            assert texts[path][position["start"]:position["end"]] == quote["exact"], item["id"]
            html, *published = item["target"][1:]
            assert (html["selector"]["type"], html["selector"]["refinedBy"]["type"]) == ("CssSelector", "TextQuoteSelector")
            assert all(t["selector"]["type"] == "TextQuoteSelector" for t in published)
            seen += 1
        page = data.get("next")
    assert seen == collection["total"]


def test_a_country_code_is_three_capital_letters():
    from pydantic import ValidationError

    from diplofacts.schema.entities import Entity
    assert Entity(id="imran-khan", name="Imran Khan", kind="person", country="PAK").country == "PAK"
    for wrong in ("pak", "PK", "PAKI"):
        with pytest.raises(ValidationError):
            Entity(id="imran-khan", name="Imran Khan", kind="person", country=wrong)

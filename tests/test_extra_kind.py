"""A kind of fact declared once is followed everywhere: a synthetic kind ("sanction",
``tests/extra_kind.py``) whose one line and place are named otherwise (``measure``,
``venue``) is built, checked and linted, and every page and export of a site serving it
answers, each saying of it what its declaration means."""
import json
import re
import shutil
import subprocess
import sys
from dataclasses import replace

import pytest

from diplofacts.schema.columns import Column
from diplofacts.schema.kinds import MEETING, Kind

from .conftest import HERE, ROOT

SANCTION_ID = "alpha-embargo-on-gamma"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict:
    seeds = tmp_path_factory.mktemp("extra") / "seeds"
    shutil.copytree(HERE / "fixtures" / "every_kind", seeds)
    for name in ("sanctions.yaml", "venues.yaml"):
        shutil.copy(HERE / "fixtures" / "extra_kind" / name, seeds / "facts" / name)
    result = subprocess.run([sys.executable, "-m", "tests.extra_kind", str(seeds), str(seeds.parent / "facts.db")],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def jsonld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_every_page_and_export_answers(site):
    failed = {path: page["status"] for path, page in site["pages"].items() if page["status"] not in (200, 302)}
    assert failed == {}
    assert len(site["pages"]) > 80  # every table three ways, every row, every query, every download


def test_the_build_of_the_new_kind_checks_clean(site):
    assert site["check"] == []
    assert [p for p in site["lint"] if "sanctions.yaml" in p or "venues.yaml" in p] == []


def test_schema_org_reads_meanings_not_names(site):
    data = jsonld(site["pages"][f"/facts/sanctions/{SANCTION_ID}"]["text"])
    assert data["@type"] == "CreativeWork"
    assert data["text"] == "Alpha imposed an arms embargo on Gamma."  # its summary, though named measure
    assert data["dateCreated"] == "2021-06-09"
    assert [m["name"] for m in data["mentions"]] == ["President Alpha", "Gamma State"]  # actor, recipient
    assert data["contentLocation"]["name"] == "Geneva"  # the venue is its place, not a participant


def test_a_new_place_column_is_a_place_not_an_attendee(site):
    data = jsonld(site["pages"]["/facts/meetings/alpha-in-geneva-2021-06-09"]["text"])
    assert (data["@type"], [a["name"] for a in data["attendee"]], data["location"]["name"]) == (
        "Event", ["President Alpha"], "Geneva")
    calendar = site["pages"]["/-/meetings.ics"]["text"]
    event = next(e for e in calendar.split("BEGIN:VEVENT")[1:] if "alpha-in-geneva-2021-06-09" in e)
    assert "LOCATION:Geneva" in event
    assert "venue_id" in site["pages"]["/facts/meetings.json"]["text"]


def test_plover_exports_the_new_kind_by_its_actor_and_recipient(site):
    records = [json.loads(line) for line in site["pages"]["/-/events.plover.jsonl"]["text"].splitlines()]
    (sanction,) = [r for r in records if r["id"] == f"sanction/{SANCTION_ID}"]
    assert {k: sanction[k] for k in ("source", "recipient", "event", "comment", "date")} == {
        "source": [{"code": "XAL", "identifier_text": "President Alpha", "entity": "alpha",
                    "url": "http://localhost/facts/entities/alpha"}],
        "recipient": [{"code": "XGA", "identifier_text": "Gamma State", "entity": "gamma",
                       "url": "http://localhost/facts/entities/gamma"}],
        "event": ["SANCTION"],
        "comment": "Alpha imposed an arms embargo on Gamma.",
        "date": "2021-06-09",
    }
    # every kind with a PLOVER type (the fixture's statement is a 01x comment, which PLOVER does not code)
    assert sorted({r["id"].split("/")[0] for r in records}) == ["agreement", "meeting", "sanction"]


def test_feeds_search_and_entity_pages_follow(site):
    pages = site["pages"]
    for path in ("/-/facts.atom", "/-/entities/geneva.atom", "/-/search?q=embargo", "/facts/facts",
                 "/facts/entities/geneva", "/facts/entities/gamma"):
        assert "arms embargo" in pages[path]["text"], path
    assert 'arms <mark>embargo</mark> on Gamma.</td>' in pages["/facts/search?q=embargo"]["text"]
    assert "venue" in pages["/facts/entities/geneva"]["text"]  # its role, named by its own field
    resources = json.loads(pages["/datapackage.json"]["text"])["resources"]
    assert [r["schema"]["primaryKey"] for r in resources if r["name"] == "sanctions"] == [["id"]]


def test_the_drafter_reads_the_new_kind(site):
    assert site["draft"].startswith("# Draft facts for source 'sanctions-announced'")


def test_an_entity_column_must_say_what_it_means():
    venue = Column("venue_id", str, "Where it took place.", field="place")
    table = replace(MEETING.table, columns=tuple(venue if c.name == "place_id" else c for c in MEETING.table.columns))
    with pytest.raises(TypeError) as error:
        Kind(MEETING.model, table, MEETING.evidence, MEETING.links)
    assert str(error.value) == ("meetings.venue_id names an entity: say what it is to the fact "
                                "(means= one of actor, recipient, place)")


def test_a_role_of_a_link_must_have_a_meaning():
    (participants,) = MEETING.links
    means = {k: v for k, v in participants.means.items() if k != "chair"}
    with pytest.raises(TypeError) as error:
        Kind(MEETING.model, MEETING.table, MEETING.evidence, (replace(participants, means=means),))
    assert str(error.value) == ("meeting_participants: meanings are given for the roles "
                                "['called', 'caller', 'host', 'participant', 'visitor'], but its roles are "
                                "['called', 'caller', 'chair', 'host', 'participant', 'visitor']")

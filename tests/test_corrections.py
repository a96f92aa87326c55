"""Corrections in the open, as a reader meets them: a corrected fact's page, /-/changes and the
feeds after an edit and a rebuild (and nothing new after a rebuild with no change); the old
addresses of renamed, merged and withdrawn facts; Cite this naming the version."""
import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from markupsafe import escape

from datasette_diplofacts.corrections import day
from diplofacts.cli import cli

from .conftest import ROOT, named_rows, rows
from .site import Site

ATOM = {"a": "http://www.w3.org/2005/Atom"}
AGREEMENT = "/facts/agreements/alpha-beta-stay-in-touch"
WHEN = datetime.datetime(2027, 1, 15, 9, 30, tzinfo=datetime.UTC)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\+00:00|Z)$")


@pytest.fixture
def corrected(seeds, built, monkeypatch):
    """The fixture with the agreement's date corrected and rebuilt at WHEN."""
    calls = seeds / "facts" / "calls.yaml"
    text = calls.read_text()
    old = "date: 2021-06-07\n    date_basis: stated"
    assert old in text
    calls.write_text(text.replace(old, "date: 2021-06\n    date_basis: stated", 1))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(WHEN.timestamp())))
    result = CliRunner().invoke(cli, ["build", "--seeds", str(seeds), "--db", str(built),
                                      "--reason", "The report gives only the month."])
    assert result.exit_code == 0, result.output
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    site = Site(built)
    yield site
    site.close()


def feed(site, path: str) -> ET.Element:
    response = site.get(path)
    assert response.status_code == 200 and response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)


def entries(root: ET.Element) -> list[dict]:
    return [{k: e.find(f"a:{k}", ATOM).text for k in ("id", "title", "published", "updated", "summary")}
            for e in root.findall("a:entry", ATOM)]


def test_a_corrected_date_shows_on_its_page_in_changes_and_in_the_feeds(corrected, built):
    at = WHEN.isoformat(timespec="seconds")
    page = corrected.get(AGREEMENT).text
    assert '<p class="diplofacts-corrected" role="note"><strong>Corrected on 15 Jan 2027</strong>: date.' in page
    assert "<li>Date: <del>2021-06-07</del> → <ins>2021-06</ins></li>" in page
    assert "Why: <bdi>The report gives only the month.</bdi>" in page
    (plain,) = re.findall(r'<code id="diplofacts-citation">(.*?)</code>', page)
    assert plain.endswith("(version of 15 Jan 2027)")
    assert "revision 2 of 2027-01-15" in corrected.get("/-/cite/agreement/alpha-beta-stay-in-touch.bib").text

    changes = corrected.get("/-/changes").text
    start = changes.index('<li class="change-')
    first = changes[start:changes.index('<li class="change-', start + 1)]
    assert f'<time datetime="{at}">15 Jan 2027</time> — <strong>Corrected</strong> (agreement):' in first
    assert "<del>2021-06-07</del> → <ins>2021-06</ins>" in first and "The report gives only the month." in first

    news = entries(feed(corrected, "/-/changes.atom"))
    assert news[0] == {
        "id": f"http://localhost{AGREEMENT}#revision-2", "title": "Corrected: Alpha and Beta agreed to stay in touch.",
        "published": at, "updated": at,
        "summary": "Corrected: Alpha and Beta agreed to stay in touch. — date: 2021-06-07 → 2021-06."
                   " Why: The report gives only the month."}
    assert [e["updated"] for e in news[1:]] == [at2 for (at2,) in rows(
        built, "SELECT at FROM fact_revisions WHERE NOT (fact_id = 'alpha-beta-stay-in-touch' AND revision = 2)"
               " ORDER BY at DESC, rowid DESC")]

    facts = entries(feed(corrected, "/-/facts.atom"))
    (first_published,), = rows(built, "SELECT at FROM fact_revisions WHERE fact_id = 'alpha-beta-stay-in-touch' AND revision = 1")
    assert facts[0]["id"] == f"http://localhost{AGREEMENT}"
    assert (facts[0]["published"], facts[0]["updated"]) == (first_published, at)
    assert all(e["updated"] < at for e in facts[1:])  # the others did not change


def test_a_rebuild_with_no_change_changes_no_page_feed_or_history(corrected, seeds, built):
    before = {p: corrected.get(p).content for p in ("/-/changes", "/-/changes.atom", "/-/facts.atom", "/-/entities/alpha.atom")}
    history = (seeds / "history.jsonl").read_text()
    for extra in ([], ["--full"]):
        result = CliRunner().invoke(cli, ["build", "--seeds", str(seeds), "--db", str(built), *extra])
        assert result.exit_code == 0 and "Recorded" not in result.output
    after = Site(built)
    try:
        assert {p: after.get(p).content for p in before} == before
    finally:
        after.close()
    assert (seeds / "history.jsonl").read_text() == history


def test_the_feeds_keep_the_rules_for_ids_and_dates(corrected, built):
    """The W3C feed validator's rules for ids and dates: every id an absolute IRI, unique and
    the same in every build; every time RFC 3339 with its zone, updated no earlier than
    published; two entries share `updated` only when their facts changed together (in one
    revision's build)."""
    for path in ("/-/facts.atom", "/-/changes.atom", "/-/entities/beta.atom"):
        root = feed(corrected, path)
        assert RFC3339.match(root.find("a:updated", ATOM).text)
        found = entries(root)
        assert found and len({e["id"] for e in found}) == len(found)
        for e in found:
            assert e["id"].startswith("http://localhost/")
            assert RFC3339.match(e["published"]) and RFC3339.match(e["updated"]) and e["published"] <= e["updated"]
        builds = {at for (at,) in rows(built, "SELECT DISTINCT at FROM fact_revisions")}
        assert {e["updated"] for e in found} <= builds
        assert root.find("a:updated", ATOM).text == max(e["updated"] for e in found)


@pytest.fixture(scope="module")
def published():
    site = Site(ROOT / "facts.db")
    yield site
    site.close()


def test_every_old_id_of_the_seeds_redirects_or_says_it_was_withdrawn(published):
    """A crawl of every id the seeds' history replaced or withdrew."""
    gone = named_rows(ROOT / "facts.db", "SELECT r.fact_type, r.fact_id, r.change, r.replaced_by_type, r.replaced_by_id,"
                      " r.reason, r.at FROM fact_revisions r WHERE r.revision = (SELECT max(revision) FROM fact_revisions x"
                      " WHERE x.fact_type = r.fact_type AND x.fact_id = r.fact_id) AND r.change IN ('replaced', 'withdrawn')"
                      " ORDER BY r.fact_id")
    assert len(gone) == 17
    titles = {r["id"]: r["title"] for r in named_rows(ROOT / "facts.db", "SELECT id, title FROM sources")}
    tables = {"meeting": "meetings", "statement": "statements", "agreement": "agreements", "quote": "quotes"}
    for old in gone:
        address = f"/facts/{tables[old['fact_type']]}/{old['fact_id']}"
        response = published.get(address)
        if old["change"] == "replaced":
            target = f"/facts/{tables[old['replaced_by_type']]}/{old['replaced_by_id']}"
            assert (response.status_code, response.headers["location"]) == (301, target), address
            assert published.get(target).status_code == 200
            assert f"<code>{old['fact_id']}</code>" in published.get(target).text  # the fact names its old id
            json_moved = published.get(address + ".json")
            assert (json_moved.status_code, json_moved.headers["location"]) == (301, target + ".json")
        else:
            assert response.status_code == 410, address
            assert "<h1>Withdrawn</h1>" in response.text
            assert f"withdrawn from the facts on <strong>{day(old['at'])}</strong>" in response.text
            reason = old["reason"]
            for source_id, title in titles.items():  # readers see sources by their titles
                reason = reason.replace(source_id, title)
            assert f"<bdi>{escape(reason)}</bdi>" in response.text
            assert published.get(address + ".json").status_code == 410
    assert published.get("/facts/meetings/never-a-fact").status_code == 404


def test_the_home_page_and_the_data_package_lead_to_the_history(published):
    assert '<a href="/-/changes">Changes</a>' in published.get("/").text
    package = published.get("/datapackage.json").json()
    (table,) = [r for r in package["resources"] if r["name"] == "fact_revisions"]
    assert [f["name"] for f in table["schema"]["fields"]] == [
        "fact_type", "fact_id", "revision", "at", "change", "changed", "snapshot", "reason",
        "replaced_by_type", "replaced_by_id", "see_type", "see_id"]
    assert "changes-feed" in {r["name"] for r in package["resources"]}

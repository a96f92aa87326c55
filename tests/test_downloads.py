"""Every download is declared once, by its export module (``DOWNLOADS``): from that one
declaration it is routed, listed in the data package and on the downloads page, and answers
with its media type. A new download is a module and its test; this test covers it too."""
import json

import pytest

from datasette_diplofacts.exports.routes import DOWNLOADS

from .site import Site

EXAMPLES = {"<entity id>": "alpha", "<source id>": "alpha-beta-call", "<n>": "0", "<kind>": "statement",
            "<id>": "alpha-ready-to-help"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    import shutil

    from diplofacts.loaders import build

    from .conftest import FIXTURE_SEEDS
    seeds = tmp_path_factory.mktemp("downloads") / "seeds"
    shutil.copytree(FIXTURE_SEEDS, seeds)
    # one coded fact known only to the month, so that every download holds something
    calls = seeds / "facts" / "calls.yaml"
    agreement = "  - id: alpha-beta-stay-in-touch\n    date: 2021-06-07\n"
    assert agreement in calls.read_text()
    calls.write_text(calls.read_text().replace(agreement, agreement.replace("2021-06-07", "2021-06")))
    build(seeds, seeds.parent / "facts.db")
    site = Site(seeds.parent / "facts.db")
    yield site
    site.close()


def example_path(path: str) -> str:
    for placeholder, value in EXAMPLES.items():
        path = path.replace(placeholder, value)
    return path


def test_downloads_are_declared_once_each():
    names = [d.name for d in DOWNLOADS]
    assert len(names) == len(set(names))
    assert {d.path for d in DOWNLOADS} >= {"/-/facts.atom", "/-/meetings.ics", "/-/events.plover.jsonl", "/-/annotations.jsonld"}


@pytest.mark.parametrize("download", DOWNLOADS, ids=lambda d: d.name)
def test_every_declared_download_answers_with_its_media_type(site, download):
    response = site.get(example_path(download.path))
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].split(";")[0] == download.mediatype
    assert response.content  # something, not an empty body


def test_the_data_package_and_the_downloads_page_list_exactly_the_listed_downloads(site):
    package = json.loads(site.get("/datapackage.json").text)
    formats = {r["name"]: r for r in package["resources"] if r["format"] not in ("csv", "sqlite")}
    assert {name: (r["path"].removeprefix("http://localhost"), r["mediatype"]) for name, r in formats.items()} == {
        d.name: (d.path, d.mediatype) for d in DOWNLOADS if d.listed}
    page = site.get("/-/downloads").text
    for d in DOWNLOADS:
        assert (f'href="http://localhost{d.path}"' in page) == d.listed, d.name

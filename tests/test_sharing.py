"""Fact, entity and source pages say what they are to search engines and link previews: a
canonical link on the site's canonical address, a meta description, Open Graph and Twitter
card tags."""
import re
from html import unescape

import pytest
from datasette.app import Datasette

from diplofacts.site import SETTINGS


@pytest.fixture
def site(built, monkeypatch):
    import asyncio
    monkeypatch.delenv("DIPLOFACTS_SITE_URL", raising=False)
    ds = Datasette(immutables=[str(built)], settings=SETTINGS,
                   metadata={"plugins": {"diplofacts": {"site_url": "https://facts.example.org"}}})
    loop = asyncio.new_event_loop()
    loop.run_until_complete(ds.invoke_startup())
    yield lambda path: loop.run_until_complete(ds.client.get(path, headers={"host": "elsewhere.example"})).text
    loop.close()


def head(html: str) -> dict[str, str]:
    out = {f"link:{m[0]}": unescape(m[1]) for m in re.findall(r'<link rel="(canonical)" href="([^"]*)">', html)}
    out |= {m[0]: unescape(m[1]) for m in re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)">', html)}
    return out


def test_a_fact_page_previews_as_the_fact(site):
    tags = head(site("/facts/meetings/alpha-beta-call-2021-06-07"))
    url = "https://facts.example.org/facts/meetings/alpha-beta-call-2021-06-07"
    description = "Meeting, 7 Jun 2021, reported by 2 sources: Alpha called Beta."
    assert {k: tags[k] for k in ("link:canonical", "description", "og:type", "og:title", "og:description", "og:url",
                                 "og:site_name", "twitter:card", "twitter:title")} == {
        "link:canonical": url, "description": description, "og:type": "article", "og:title": "Alpha called Beta.",
        "og:description": description, "og:url": url, "og:site_name": "Diplomatic facts, checkable by hand",
        "twitter:card": "summary", "twitter:title": "Alpha called Beta."}


def test_entity_and_source_pages_too(site):
    entity = head(site("/facts/entities/alpha"))
    assert entity["link:canonical"] == "https://facts.example.org/facts/entities/alpha"
    assert entity["og:title"] == "President Alpha" and entity["og:type"] == "profile"
    assert re.fullmatch(r"person — \d+ facts in the record", entity["description"])
    source = head(site("/facts/sources/alpha-beta-call"))
    assert source["og:title"] == "Leaders talk by phone"
    assert source["description"] == ("The full text of “Leaders talk by phone” (Example Wire, 8 Jun 2021), "
                                     "with every passage the facts cite marked.")

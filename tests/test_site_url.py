"""One canonical address: with ``site_url`` set, no Host or forwarded header changes an
identifier in any page or export; without it, identifiers follow the request (and the site
says so at startup)."""
import json
import re

import pytest
from datasette.app import Datasette

from diplofacts.site import SETTINGS

EXPORTS = ("/-/facts.atom", "/-/entities/alpha.atom", "/-/meetings.ics", "/-/events.plover.jsonl",
           "/-/annotations.jsonld", "/-/annotations/alpha-beta-call.jsonld", "/sitemap.xml", "/robots.txt",
           "/datapackage.json", "/", "/facts/meetings/alpha-beta-call-2021-06-07", "/facts/quotes/alpha-we-stand-ready")
HEADERS = ({}, {"host": "other.example:8572"}, {"host": "evil.example", "x-forwarded-proto": "https",
                                                 "x-forwarded-host": "evil.example"})


# on HTML pages: the time the queries took, and Datasette's own link to the page's JSON (an
# address for this request, not an identifier meant to last)
LEFT_ASIDE = re.compile(r'Queries took [0-9.]+ms|<link rel="alternate" type="application/json\+datasette" href="[^"]*">')


def bodies(built, site_url: str | None, headers: dict) -> dict[str, str]:
    import asyncio
    metadata = {"plugins": {"diplofacts": {"site_url": site_url}}} if site_url else {}
    ds = Datasette(immutables=[str(built)], settings=SETTINGS, metadata=metadata)
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(ds.invoke_startup())
        out = {}
        for path in EXPORTS:
            response = loop.run_until_complete(ds.client.get(path, headers=headers))
            assert response.status_code == 200, (path, response.text[:200])
            out[path] = LEFT_ASIDE.sub("", response.text)
        return out
    finally:
        loop.close()


def test_no_header_changes_an_identifier_when_the_site_url_is_set(built, monkeypatch):
    monkeypatch.delenv("DIPLOFACTS_SITE_URL", raising=False)
    first, *others = [bodies(built, "https://facts.example.org", h) for h in HEADERS]
    for other in others:
        assert other == first
    assert "other.example" not in json.dumps(first) and "evil.example" not in json.dumps(first)
    assert "<id>https://facts.example.org/facts/" in first["/-/facts.atom"]
    assert re.search(r"UID:meeting-alpha-beta-call-2021-06-07@facts\.example\.org", first["/-/meetings.ics"])
    assert '"https://facts.example.org/facts/meetings/alpha-beta-call-2021-06-07' in first["/-/events.plover.jsonl"]


def test_without_it_identifiers_follow_the_request(built, monkeypatch):
    monkeypatch.delenv("DIPLOFACTS_SITE_URL", raising=False)
    assert "@other.example" in bodies(built, None, HEADERS[1])["/-/meetings.ics"]


def test_the_environment_sets_it_too_and_a_bad_value_is_named(built, monkeypatch):
    monkeypatch.setenv("DIPLOFACTS_SITE_URL", "https://env.example.org/")
    assert "https://env.example.org/facts/" in bodies(built, None, HEADERS[1])["/-/facts.atom"]
    from datasette_diplofacts.siteurl import site_url

    class Instance:
        def plugin_config(self, name):
            return {"site_url": "facts.example.org/path"}
    with pytest.raises(ValueError) as error:
        site_url(Instance())
    assert str(error.value) == "site_url 'facts.example.org/path': give the public origin, such as https://facts.example.org"

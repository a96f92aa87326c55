"""Disputed facts are one click from the home page: a reader's page lists every disagreement
with each source's version linked to its passage, and entity pages mark disputed facts."""
import re
from urllib.parse import unquote

from .conftest import rows


def test_the_home_page_links_the_disputed_facts(site):
    assert '<a href="/-/disputed">Disputed facts</a>' in site.get("/").text


def test_every_disagreement_with_each_sources_version_and_passage(site, built, corpus):
    page = site.get("/-/disputed").text
    for d in corpus.sections["disagreements"]:
        kind, fact_id = d["about"]["type"], d["about"]["id"]
        assert f'<a href="/facts/{kind}s/{fact_id}">' in page
        for claim in d["claims"]:
            (title,), = rows(built, "SELECT title FROM sources WHERE id = ?", (claim["source"],))
            link = re.search(rf'<em><bdi>{re.escape(title)}</bdi></em>.*?says: <strong><bdi>{re.escape(claim["says"])}</bdi></strong>'
                             r'\s*— <a href="([^"]+)">', page, re.S)
            assert link, claim
            page_url, fragment = link.group(1).split("#:~:text=")
            assert page_url == f"/facts/sources/{claim['source']}" and unquote(fragment) == claim["exact"]


def test_entity_pages_mark_disputed_facts(site, corpus):
    disputed = {d["about"]["id"] for d in corpus.sections["disagreements"]}
    page = site.get("/facts/entities/beta").text
    items = re.findall(r'<li>.*?<a href="/facts/\w+/([^"]+)">.*?</li>', page, re.S)
    assert items
    for item_id in items:
        item = re.search(rf'<a href="/facts/\w+/{re.escape(item_id)}">.*?</li>', page, re.S).group(0)
        assert ("diplofacts-disputed-mark" in item) == (item_id in disputed), item_id

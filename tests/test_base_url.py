"""Served under a prefix (``--setting base_url /prefix/``), no link leaves it and every link
answers: crawled two levels deep from the home page through Datasette's own client."""
import asyncio
import re
from html import unescape

from datasette.app import Datasette

from diplofacts.site import SETTINGS

HREF = re.compile(r'(?:href|action)="([^"]*)"')


def internal_links(html: str) -> set[str]:
    links = set()
    for href in HREF.findall(html):
        href = unescape(href).split("#")[0]
        if href.startswith("/") and not href.startswith("//"):
            links.add(href)
    return links


def test_every_link_keeps_the_base_url(built):
    loop = asyncio.new_event_loop()
    ds = Datasette(immutables=[str(built)], settings={**SETTINGS, "base_url": "/prefix/"})
    loop.run_until_complete(ds.invoke_startup())
    seen: dict[str, int] = {}
    outside: list[tuple[str, str]] = []
    level = {"/prefix/"}
    try:
        for _ in range(3):  # the home page, then two levels of links
            found = set()
            for path in sorted(level - seen.keys()):
                # the client puts the base_url in front of the path it is given
                response = loop.run_until_complete(ds.client.get(path.removeprefix("/prefix")))
                seen[path] = response.status_code
                if response.status_code in (301, 302):  # a redirect counts if it keeps the prefix
                    location = response.headers["location"]
                    if location.startswith("/prefix/"):
                        found.add(location)
                    else:
                        outside.append((path, location))
                    seen[path] = 200
                    continue
                if "text/html" not in response.headers.get("content-type", ""):
                    continue
                for link in internal_links(response.text):
                    if not link.startswith("/prefix/"):
                        outside.append((path, link))
                    else:
                        found.add(link)
            level = found
    finally:
        loop.close()
    assert outside == []
    # Datasette 0.65's own export links on table pages (.json, .csv) put the prefix in twice;
    # every other link answers.
    assert {path: status for path, status in seen.items()
            if status != 200 and not path.startswith("/prefix/prefix/facts/")} == {}
    assert len(seen) > 50  # the crawl reached the tables, queries, fact and source pages
    assert {"/prefix/about", "/prefix/facts/search", "/prefix/facts/sources/alpha-beta-call"} <= seen.keys()

"""Served under a prefix (``--setting base_url /prefix/``), no link leaves it and every link
answers: crawled two levels deep from the home page through Datasette's own client.

Datasette 0.65's own links on table and query pages (exports, sorting) put the prefix in
twice: those are not followed (each answered 404 with a logged traceback, slowly), and one
error page is fetched on purpose so that its links are checked too."""
import asyncio
import re
from html import unescape

from datasette.app import Datasette

from diplofacts.site import SETTINGS

HREF = re.compile(r'(?:href|action)="([^"]*)"')
DOUBLED = "/prefix/prefix/facts/"  # Datasette 0.65's doubled prefix, left unfollowed


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
    doubled: set[str] = set()  # found, not followed
    outside: list[tuple[str, str]] = []
    level = {"/prefix/", "/prefix/facts/no-such-table"}  # the home page, and an error page
    try:
        for _ in range(3):  # the home page, then two levels of links
            found = set()
            doubled |= {path for path in level if path.startswith(DOUBLED)}
            for path in sorted(level - seen.keys() - doubled):
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
    # every link answers, but Datasette 0.65's doubled ones (not followed) and the error page
    assert seen.pop("/prefix/facts/no-such-table") == 404
    assert {path: status for path, status in seen.items() if status != 200} == {}
    assert len(seen) > 50  # the crawl reached the tables, queries, fact and source pages
    assert {"/prefix/about", "/prefix/facts/search", "/prefix/facts/sources/alpha-beta-call"} <= seen.keys()

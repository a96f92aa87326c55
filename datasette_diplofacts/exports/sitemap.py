"""What search engines read: ``/sitemap.xml`` (every fact, entity and source page, each with
the date the data was built: the last time any of them can have changed) and
``/robots.txt`` pointing to it and keeping crawlers off typed SQL and the table pages'
endless facet, sort and filter variations.

A sitemap holds at most 50,000 addresses (sitemaps.org); a larger site's ``/sitemap.xml``
is a sitemap index of parts, ``/-/sitemaps/<n>.xml``, each read by one indexed query."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from datasette.utils.asgi import Response

from diplofacts.schema.kinds import KINDS, KINDS_BY_TABLE
from diplofacts.schema.sqltext import ident

from ..siteinfo import build_info
from .download import Download, not_found
from .links import Links

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
PART = 50_000  # addresses per sitemap, the protocol's limit


def pages_sql() -> str:
    """Every page a reader would land on, as (table, id): facts of every kind, entities, sources."""
    tables = [*(k.table.name for k in KINDS), "entities", "sources"]
    return " UNION ALL ".join(f"SELECT '{t}' AS tbl, id FROM {ident(t)}" for t in tables)


def _page(links: Links, table: str, row_id: str) -> str:
    if table == "entities":
        return links.entity(row_id)
    if table == "sources":
        return links.source(row_id)
    return links.fact(KINDS_BY_TABLE[table].name, row_id)


async def _count(db) -> int:
    return (await db.execute(f"SELECT count(*) FROM ({pages_sql()})")).first()[0]


def _xml(root: ET.Element) -> bytes:
    ET.register_namespace("", NS)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


async def _urlset(db, links: Links, offset: int, limit: int) -> bytes:
    lastmod = (await build_info(db)).built_at[:10]
    root = ET.Element(f"{{{NS}}}urlset")
    rows = await db.execute(f"SELECT tbl, id FROM ({pages_sql()}) LIMIT ? OFFSET ?", [limit, offset])
    for table, row_id in rows:
        url = ET.SubElement(root, f"{{{NS}}}url")
        ET.SubElement(url, f"{{{NS}}}loc").text = _page(links, table, row_id)
        if lastmod:
            ET.SubElement(url, f"{{{NS}}}lastmod").text = lastmod
    return _xml(root)


async def sitemap(datasette, request, db, links: Links):
    total = await _count(db)
    if total <= PART:
        body = await _urlset(db, links, 0, PART)
    else:
        lastmod = (await build_info(db)).built_at[:10]
        root = ET.Element(f"{{{NS}}}sitemapindex")
        for n in range(-(-total // PART)):
            entry = ET.SubElement(root, f"{{{NS}}}sitemap")
            ET.SubElement(entry, f"{{{NS}}}loc").text = links.site(f"/-/sitemaps/{n}.xml")
            if lastmod:
                ET.SubElement(entry, f"{{{NS}}}lastmod").text = lastmod
        body = _xml(root)
    return Response(body, content_type="application/xml; charset=utf-8")


async def sitemap_part(datasette, request, db, links: Links):
    n = int(request.url_vars["n"])
    if n * PART >= await _count(db) or n > 10_000:
        return not_found("sitemap part")
    return Response(await _urlset(db, links, n * PART, PART), content_type="application/xml; charset=utf-8")


async def robots(datasette, request, db, links: Links):
    lines = ["User-agent: *",
             "Disallow: /*?sql=", "Disallow: /*&sql=", "Disallow: /*_facet", "Disallow: /*_sort",
             "Disallow: /*_next=", "Disallow: /*__",
             f"Sitemap: {links.site('/sitemap.xml')}", ""]
    return Response.text("\n".join(lines))


DOWNLOADS = (
    Download("sitemap", "Every fact, entity and source page (sitemaps.org)", "/sitemap.xml", "xml", "application/xml",
             sitemap, listed=False),
    Download("sitemap-part", "One part of a large site's sitemap", "/-/sitemaps/<n>.xml", "xml", "application/xml",
             sitemap_part, pattern=r"^/-/sitemaps/(?P<n>[0-9]{1,5})\.xml$", listed=False),
    Download("robots", "What crawlers may read, and where the sitemap is", "/robots.txt", "txt", "text/plain",
             robots, listed=False),
)

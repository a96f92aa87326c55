"""Site metadata for every facts database, built from the public schema (schema.tables)."""
from __future__ import annotations

from markupsafe import escape

from diplofacts.schema.tables import TABLES

from .queries import QUERIES

def site(db: str) -> dict:
    timeline = f"/{db}/timeline#{QUERIES['timeline']['fragment']}"
    met = f"/{db}/who_met_whom#{QUERIES['who_met_whom']['fragment']}"
    return {
        "title": "Diplomatic facts, checkable by hand",
        "description_html": (
            "<p>Meetings, statements, agreements and verbatim quotes, each resting on the exact "
            "words of its sources. Every fact links to its excerpts; every excerpt is highlighted "
            "in the full text of its source, stored unedited with its SHA-256.</p>"
            f'<p>Start with <a href="/{db}/search">search</a>, the '
            f'<a href="{escape(timeline)}">timeline</a>, <a href="{escape(met)}">who met whom</a>, '
            f'or the <a href="/{db}/sources">sources</a>. <a href="/about">How the facts are '
            "chosen and how to check one</a>.</p>"
        ),
        "license": "Facts: CC BY 4.0; source texts © their publishers, quoted as evidence",
        "license_url": "https://creativecommons.org/licenses/by/4.0/",
        "source": "The documents in the sources table",
        "source_url": f"/{db}/sources",
        "about": "Method and how to check a fact",
        "about_url": "/about",
    }


def table_metadata() -> dict:
    tables = {}
    for table in TABLES:
        meta: dict = {
            "description": table.description,
            "columns": {c.name: c.description for c in table.columns},
        }
        if table.label_column:
            meta["label_column"] = table.label_column
        if table.sort:
            meta["sort"] = table.sort
        if table.page_size:
            meta["size"] = table.page_size
        if table.facets:  # counted at build time; see facets.py
            meta["facets"] = [{"counted": column} for column in table.facets]
        tables[table.name] = meta
    return tables


def database_metadata(name: str) -> dict:
    queries = {key: dict(query) for key, query in QUERIES.items()}
    return {
        "description": "The fact database: sources, entities, the four kinds of fact and their citations.",
        "tables": table_metadata(),
        "queries": queries,
    }


def site_metadata(databases: list[str]) -> dict:
    if not databases:
        return {}
    return {**site(databases[0]), "databases": {name: database_metadata(name) for name in databases}}

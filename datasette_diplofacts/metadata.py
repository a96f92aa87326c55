"""Site metadata for every facts database, built from the public schema (schema.tables).
Every link goes through ``datasette.urls``, so a site served under ``base_url`` holds.

What describes (titles, descriptions, licence: ``site_metadata``) is kept apart from how a
table behaves (label column, sort, page size, facets: ``site_configuration``): Datasette 0.65
reads both as metadata, 1.0 the second as configuration; ``compat.publish`` puts each where
the running Datasette reads it."""
from __future__ import annotations

from markupsafe import escape

from diplofacts.schema.kinds import KINDS
from diplofacts.schema.tables import TABLES

# the columns holding a fact's date: a table sorted by one lists the newest first and the undated last
DATED = {"date", *(k.column_meaning("time") for k in KINDS if k.column_meaning("time"))}


def query_url(datasette, db: str, name: str) -> str:
    """A canned query's address (its chart, where it has one, is drawn on its page)."""
    return datasette.urls.query(db, name)


def site(datasette, db: str) -> dict:
    search = datasette.urls.query(db, "search")
    sources = datasette.urls.table(db, "sources")
    about = datasette.urls.path("/about")
    return {
        "title": "Diplomatic facts, checkable by hand",
        "description_html": (
            "<p>Meetings, statements, agreements and verbatim quotes, each resting on the exact "
            "words of its sources. Every fact links to its excerpts; every excerpt is highlighted "
            "in the full text of its source, stored unedited with its SHA-256.</p>"
            f'<p>Start with <a href="{escape(search)}">search</a>, the '
            f'<a href="{escape(query_url(datasette, db, "facts_per_month"))}">timeline</a>, '
            f'<a href="{escape(query_url(datasette, db, "who_met_whom"))}">who met whom</a>, '
            f'or the <a href="{escape(sources)}">sources</a>. <a href="{escape(about)}">How the facts are '
            "chosen and how to check one</a>.</p>"
        ),
        "license": "Facts: CC BY 4.0; source texts © their publishers, quoted as evidence",
        "license_url": "https://creativecommons.org/licenses/by/4.0/",
        "source": "The documents in the sources table",
        "source_url": sources,
        "about": "Method and how to check a fact",
        "about_url": about,
    }


def table_metadata() -> dict:
    return {table.name: {"description": table.description, "columns": {c.name: c.description for c in table.columns}}
            for table in TABLES}


def table_configuration() -> dict:
    tables = {}
    for table in TABLES:
        settings: dict = {}
        if table.label_column:
            settings["label_column"] = table.label_column
        if table.sort in DATED:  # newest first, undated last (SQLite puts NULL first going up, last going down)
            settings["sort_desc"] = table.sort
        elif table.sort:
            settings["sort"] = table.sort
        if table.page_size:
            settings["size"] = table.page_size
        if table.facets:  # counted at build time; see facets.py
            settings["facets"] = [{"counted": column} for column in table.facets]
        if settings:
            tables[table.name] = settings
    return tables


def site_metadata(datasette, databases: list[str]) -> dict:
    if not databases:
        return {}
    about = site(datasette, databases[0])
    # every page, a row's included, names the licence, the source and the method
    credits = {k: v for k, v in about.items() if k.split("_")[0] in ("license", "source", "about")}
    database = {
        "description": "The fact database: sources, entities, the kinds of fact and their citations.",
        "tables": {name: {**meta, **credits} for name, meta in table_metadata().items()},
    }
    return {**about, "databases": {name: database for name in databases}}


def site_configuration(databases: list[str]) -> dict:
    """How the tables of every fact database behave, in Datasette's configuration shape."""
    tables = table_configuration()
    return {"databases": {name: {"tables": tables} for name in databases}} if databases else {}

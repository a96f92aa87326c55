"""The fact site: a Datasette plugin that turns facts.db into a site a reader can check by hand.

Loaded by a plain ``datasette facts.db`` through its entry point. It supplies the metadata
(descriptions, labels, facets, canned queries with charts), the row pages that show each
excerpt in its source, and the about page.
"""
from __future__ import annotations

from datasette import hookimpl
from datasette.utils import escape_fts, tilde_decode
from markupsafe import Markup, escape

from diplofacts.schema.tables import FACT_TABLES

from .facets import CountedFacet
from .home import home
from .metadata import site_metadata
from .pages import fact_context, row_url, source_context

REQUIRED = {"sources", "citations", "build_info"}
HIT_OPEN, HIT_CLOSE = "⟦", "⟧"  # snippet() markers in the search query


def fact_databases(datasette) -> list[str]:
    return getattr(datasette, "_diplofacts_databases", [])


@hookimpl
def startup(datasette):
    async def detect():
        names = []
        for name, db in datasette.databases.items():
            if not name.startswith("_") and REQUIRED <= set(await db.table_names()):
                names.append(name)
        datasette._diplofacts_databases = names
        datasette._diplofacts_metadata = site_metadata(names)

    return detect


@hookimpl
def get_metadata(datasette, key, database, table):
    if key == "tables":
        # Asked only for table permissions ("allow") and "facet_size", neither of which the
        # site sets; Datasette deep-copies this answer once per table per request, so
        # answering with the full metadata made every page pay for it (home 61 -> 9 ms).
        return {}
    return getattr(datasette, "_diplofacts_metadata", {})


@hookimpl
def register_routes():
    return [(r"^/$", home)]


@hookimpl
def register_facet_classes():
    return [CountedFacet]


@hookimpl
def prepare_connection(conn):
    conn.create_function("escape_fts", 1, escape_fts, deterministic=True)


@hookimpl
def extra_css_urls(database, datasette):
    if database is None or database in fact_databases(datasette):
        return [datasette.urls.static_plugins("diplofacts", "diplofacts.css")]
    return []


LINKED_TYPES = {**{t: table for t, table in FACT_TABLES.items()}, "source": "sources"}


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if database not in fact_databases(datasette) or not isinstance(value, str):
        return None
    if table is None and column == "id" and "type" in row.keys() and row["type"] in LINKED_TYPES:
        # query results (search, timelines, an entity's record): link each fact to its page
        href = row_url(datasette, database, LINKED_TYPES[row["type"]], value)
        return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    if table == "sources" and column == "text" and len(value) > 240:
        return value[:240] + " …"
    if table is None and column == "hit" and HIT_OPEN in value:
        return Markup(str(escape(value)).replace(HIT_OPEN, "<mark>").replace(HIT_CLOSE, "</mark>"))
    return None


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    if view_name != "row" or database not in fact_databases(datasette) or request is None:
        return {}
    if table != "sources" and table not in FACT_TABLES.values():
        return {}

    async def context():
        pk = tilde_decode(request.url_vars["pks"])
        if table == "sources":
            return {"diplofacts": await source_context(datasette, database, pk)}
        return {"diplofacts": await fact_context(datasette, database, table, pk)}

    return context

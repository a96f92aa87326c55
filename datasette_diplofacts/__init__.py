"""The fact site: a Datasette plugin that turns facts.db into a site a reader can check by hand.

Loaded by a plain ``datasette facts.db`` through its entry point. It supplies the metadata
(descriptions, labels, facets), the canned queries with charts, the row pages that show each
excerpt in its source, and the about page. What depends on the kinds of fact is derived
from their declarations (``kindsql.py``). What differs between Datasette 0.65 and 1.0 lives
in ``compat.py``: this module hands it the site's metadata, table configuration and canned
queries at startup.
"""
from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

from datasette import hookimpl
from datasette.utils import escape_fts, tilde_decode
from markupsafe import Markup, escape

from diplofacts.schema.kinds import KINDS_BY_TABLE

from . import corrections, delivery, sharing
from .charts import Left, Months, draw
from .compat import (
    CHART_ROUTE,
    canned_queries,
    chart_assets,
    get_metadata,
    keep_immutable_schemas,
    keep_schema_statements,
    prepare_jinja2_environment,
    publish,
    row_page_vars,
    skip_needless_schema_refresh,
    state,
    stored_query_name,
    take_over_chart_assets,
)
from .dates import date_html
from .delivery import wrap
from .disputedpage import disputed_page
from .entitypage import entity_context, find_entity
from .exports.routes import ROUTES as EXPORT_ROUTES
from .facets import CountedFacet
from .home import home
from .kindsql import LINKED_TABLES, SOURCES
from .metadata import site_configuration, site_metadata
from .pages import fact_context, row_url, source_context
from .queries import HIT_CLOSE, HIT_OPEN, QUERIES
from .searchpage import search_page
from .served import note_opened
from .siteinfo import site_info
from .siteurl import absolute, warn_if_unset
from .storedcount import count_from_stored
from .tablesearch import filters_from_request

# hook implementations from compat.py and tablesearch.py, registered from this module
__all__ = ["canned_queries", "filters_from_request", "get_metadata", "prepare_jinja2_environment"]

REQUIRED = {"sources", "citations", "build_info"}


def fact_databases(datasette) -> list[str]:
    return state(datasette).databases


@hookimpl
def startup(datasette):
    take_over_chart_assets()
    skip_needless_schema_refresh()
    keep_immutable_schemas()
    warn_if_unset(datasette)

    async def detect():
        names = []
        for name, db in datasette.databases.items():
            if not name.startswith("_") and set(await db.table_names()) >= REQUIRED:
                names.append(name)
        # the SQL of the canned queries folded away ("show" is one click): readers come for the answer
        queries = {key: {**{k: v for k, v in query.items() if k != "chart"}, "hide_sql": True} for key, query in QUERIES.items()}
        await publish(datasette, names, site_metadata(datasette, names), site_configuration(names), queries)
        note_opened(datasette, names)
        for name in names:  # a page's row count from the stored counts where they hold it
            count_from_stored(datasette.databases[name])
            keep_schema_statements(datasette.databases[name])

    return detect


@hookimpl
def handle_exception(datasette, request, exception):
    missing = corrections.missing_fact(datasette, request, exception)
    if missing is None:
        return delivery.handle_exception(datasette, request, exception)

    async def answer():
        """The old address of a renamed, merged or withdrawn fact: 301 or 410, else the 404."""
        found = await corrections.moved_or_gone(datasette, request, *missing)
        if found is not None:
            return found
        fallback = delivery.handle_exception(datasette, request, exception)
        return await fallback() if fallback else None

    return answer


@hookimpl
def register_routes():
    return [(r"^/$", home), (r"^/-/entity$", find_entity), (r"^/-/search$", search_page), (r"^/-/disputed$", disputed_page),
            (r"^/-/changes$", corrections.changes_page),
            *EXPORT_ROUTES,
            *([CHART_ROUTE] if CHART_ROUTE else [])]


@hookimpl
def asgi_wrapper(datasette):
    return functools.partial(wrap, datasette=datasette)


CHARTED = {name for name, query in QUERIES.items() if "chart" in query}


def draws_chart(template: str, request) -> bool:
    """SQL typed by a reader, who may chart it with datasette-vega (the preset charts are
    drawn by this plugin, as SVG: see charts.py)."""
    return template == "query.html" and request is not None and stored_query_name(request) is None


@hookimpl
def register_facet_classes():
    return [CountedFacet]


def fts_query(text: str | None) -> str:
    """Any text typed into a search box as an FTS5 query: its words as quoted phrases, and an
    empty phrase (which matches nothing) where there are no words, never a syntax error."""
    text = "".join(c if c >= " " else " " for c in text or "")  # SQLite cuts FTS queries at NUL
    return escape_fts(text) or '""'


# Each of Datasette's read connections: the file memory-mapped (read through the OS's page
# cache, no copy into SQLite's 2 MB cache per connection), so that a page joining thousands
# of rows (a table search, a facet counted live) rereads nothing through read(). Measured at
# 200k facts, same run: a table search for a word in every source 10.3x a fact page with
# SQLite's defaults, 3.8x mapped (before the search was bounded); a 32 MB page cache besides
# gained nothing more, and is left out (memory per connection). Datasette opens its fact
# databases read-only (immutable), so the map is safe.
MMAP_BYTES = 1 << 30


@hookimpl
def prepare_connection(conn):
    conn.create_function("escape_fts", 1, fts_query, deterministic=True)
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")


@hookimpl
def extra_css_urls(template, database, request, datasette):
    urls = chart_assets("css") if draws_chart(template, request) else []
    if database is None or database in fact_databases(datasette):
        urls.append(versioned(datasette, "diplofacts.css"))
    return urls


# Datasette 0.65's table filters have no labels: named here, for screen readers (axe-core's
# "label" and "select-name" rules), on the pages that show them: the empty row and each row of a
# filter already applied (``_filter_column_1``, …: a facet clicked).
LABEL_FILTERS = """document.querySelectorAll('form.filters').forEach(function (form) {
  var names = {_filter_column: 'Column to filter on', _filter_op: 'How to compare', _filter_value: 'Value to compare with',
               _sort: 'Sort by', _sort_by_desc: 'Sort descending'};
  form.querySelectorAll('select, input').forEach(function (el) {
    var name = (el.name || (el.classList.contains('filter-value') ? '_filter_value' : '')).replace(/_[0-9]+$/, '');
    if (!el.labels.length && !el.getAttribute('aria-label') && names[name]) el.setAttribute('aria-label', names[name]);
  });
});"""


@hookimpl
def extra_body_script(template, database, table, view_name, request, datasette):
    if view_name == "table" and database in fact_databases(datasette):
        return LABEL_FILTERS
    return None


@hookimpl
def extra_js_urls(template, view_name, database, table, request, datasette):
    """The chart script only where a chart is drawn; the landing script only on a source's page."""
    urls = chart_assets("js") if draws_chart(template, request) else []
    if view_name == "row" and (table == SOURCES or table in KINDS_BY_TABLE) and database in fact_databases(datasette):
        urls.append(versioned(datasette, "diplofacts.js"))
    return urls


STATIC = Path(__file__).parent / "static"


@functools.cache
def _digest(name: str) -> str:
    return hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:12]


def versioned(datasette, name: str) -> str:
    """A static file's address with its content's digest: cacheable for a year."""
    return datasette.urls.static_plugins("diplofacts", f"{name}?v={_digest(name)}")


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if database not in fact_databases(datasette) or not isinstance(value, str):
        return None
    if column == "date" and "date_basis" in row.keys():  # noqa: SIM118 (a sqlite3.Row)
        return date_html(value, row["date_basis"])  # as certain as it is: "Aug 2021 (inferred)"
    keys = row.keys()
    if table is None and column in ("id", "summary") and "type" in keys and "id" in keys and row["type"] in LINKED_TABLES:
        # query results (timelines, an entity's record, search): each fact linked to its page by
        # its summary where the row has one (the id is for machines), else by its id
        if column == "id" and "summary" in keys:
            return None
        href = row_url(datasette, database, LINKED_TABLES[row["type"]], row["id"])
        return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    if column == "fact_id" and "fact_type" in keys and row["fact_type"] in LINKED_TABLES:
        # a row about a fact (a citation, a disagreement, what a source says): the fact linked
        href = row_url(datasette, database, LINKED_TABLES[row["fact_type"]], value)
        return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    if table in KINDS_BY_TABLE and column == KINDS_BY_TABLE[table].summary and "id" in keys:
        # a table of facts: the one line read is the link to the fact's page
        return Markup(f'<a href="{escape(row_url(datasette, database, table, row["id"]))}">{escape(value)}</a>')
    if table == SOURCES and column == "text" and len(value) > 240:
        return value[:240] + " …"
    if table is None and column == "hit" and HIT_OPEN in value:
        return Markup(str(escape(value)).replace(HIT_OPEN, "<mark>").replace(HIT_CLOSE, "</mark>"))
    return None


@hookimpl
def extra_template_vars(template, view_name, database, table, request, datasette):
    if template == "pages/about.html":
        async def about():
            return {"diplofacts_site": await site_info(datasette)}
        return about
    if template == "query.html":
        name = stored_query_name(request)  # None for SQL typed by a reader
        page = {"diplofacts_query": name}
        if name is not None and name in CHARTED and database in fact_databases(datasette):
            async def chart():
                return {**page, "diplofacts_chart": await query_chart(datasette, database, name, request)}
            return chart
        return page
    if view_name != "row" or database not in fact_databases(datasette) or request is None:
        return {}
    page = row_page_vars(datasette, database, table)  # nothing under Datasette 0.65
    if table not in (SOURCES, "entities") and table not in KINDS_BY_TABLE:
        return page

    async def context():
        pk = tilde_decode(request.url_vars["pks"])
        if table == SOURCES:
            found = await source_context(datasette, database, pk, request)
        elif table == "entities":
            found = await entity_context(datasette, database, pk, request)
        else:
            found = await fact_context(datasette, database, table, pk, request)
        share = (sharing.tags(found, absolute(datasette, request, row_url(datasette, database, table, pk)), found["site_title"])
                 if found and "site_title" in found else None)
        return {**page, "diplofacts": found, "diplofacts_share": share}

    return context


async def query_chart(datasette, database: str, name: str, request):
    """The preset chart of a canned query, from its own rows (with the page's parameters)."""
    query = QUERIES[name]
    params = {p: request.args.get(p, "") for p in re.findall(r":(\w+)", query["sql"])}
    db = datasette.get_database(database)
    rows = [dict(r) for r in await db.execute(query["sql"], params)]
    spec, left = query["chart"], None
    if isinstance(spec, Months) and spec.left_sql:
        counted = (await db.execute(spec.left_sql)).first()
        left = Left(counted["count"], counted["total"], spec.left_why, spec.left_link)
    return draw(spec, rows, query["title"], datasette.urls.database(database) + "/", left)

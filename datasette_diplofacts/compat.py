"""Every touchpoint with Datasette that differs between 0.65 (pinned) and 1.0 (alpha), in one module.

The rest of the plugin talks to this module, to ``datasette.urls``, ``datasette.utils`` and
``render_template``, never to Datasette's views or facet internals. What differs:

- metadata: 0.65 asks the ``get_metadata`` hook on every read; 1.0 keeps metadata in its
  internal database, written here at startup (``publish``), where a user's own ``-m`` wins;
- table settings (label column, sort, page size, facets) are metadata in 0.65 and
  configuration in 1.0 (``datasette.config``, where a user's own ``-c`` wins);
- canned queries come from the ``canned_queries`` hook in 0.65; 1.0 has stored queries,
  added at startup with ``datasette.add_query``;
- the query page names its query ``canned_query`` in 0.65 and ``stored_query`` in 1.0
  (``stored_query_name`` gives it to templates either way);
- facets: the base class, how foreign keys are labelled, the ``execute-sql`` permission
  check and the address of a custom SQL query;
- row pages: 1.0 gives them no table metadata (``row_page_vars`` does);
- Datasette's own index page (for an instance that serves no fact database).

``get_metadata`` and ``canned_queries`` are 0.65 hooks: 1.0 has no such hooks and never calls
them. The plugin's own state (which databases are fact databases, their metadata, queries) is
kept here, per Datasette instance, never as attributes on Datasette's object.
"""
from __future__ import annotations

import contextvars
import copy
import json
import os
import re
import urllib.parse
import weakref
from dataclasses import dataclass, field

from datasette import hookimpl
from datasette.database import QueryInterrupted, Results
from datasette.facets import ColumnFacet
from datasette.utils import tilde_decode
from datasette.utils.asgi import Request, asgi_static
from datasette.version import __version_info__
from datasette.views.index import IndexView
from jinja2 import BaseLoader, TemplateNotFound

try:
    import datasette_vega  # type: ignore[import-untyped]
except ImportError:  # charts are optional: the site works without them
    datasette_vega = None

DATASETTE_1 = int(__version_info__[0]) >= 1
"""True under Datasette 1.0 (alpha): configuration, stored queries and metadata tables."""

__all__ = ["DATASETTE_1", "CHART_ROUTE", "ColumnFacet", "QueryInterrupted", "Results", "SiteState", "canned_queries",
           "chart_assets", "default_index", "facet_labels", "get_metadata", "instance_metadata", "may_execute_sql",
           "publish", "row_page_vars", "site_title", "sql_url", "state", "stored_query_name", "take_over_chart_assets"]


@dataclass
class SiteState:
    databases: list[str] = field(default_factory=list)  # the fact databases served
    metadata: dict = field(default_factory=dict)  # the site's metadata, table settings included (0.65's shape)
    queries: dict = field(default_factory=dict)  # the canned queries of every fact database
    published: dict = field(default_factory=dict)  # 1.0: the metadata in force (the plugin's under the user's)
    opened: dict = field(default_factory=dict)  # each fact database's file as opened: (inode, mtime, size)


_STATES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def state(datasette) -> SiteState:
    """This Datasette instance's plugin state (empty until startup has run)."""
    if datasette not in _STATES:
        _STATES[datasette] = SiteState()
    return _STATES[datasette]


async def publish(datasette, databases: list[str], metadata: dict, configuration: dict, queries: dict) -> None:
    """Hand Datasette the site's settings, once, at startup.

    ``metadata`` is what describes (titles, descriptions, licence), in Datasette's metadata
    shape; ``configuration`` is how tables behave (``{"databases": {db: {"tables": {table:
    {"label_column", "sort", "size", "facets"}}}}}``); ``queries`` are the canned queries of
    every database in ``databases``, as Datasette's ``queries`` entries."""
    site = state(datasette)
    site.databases = databases
    site.metadata = _with_configuration(metadata, configuration)
    site.queries = queries
    if DATASETTE_1:
        site.published = await _publish_metadata(datasette, metadata)
        _add_configuration(datasette, configuration)
        for database in databases:
            for name, query in queries.items():
                await datasette.add_query(
                    database, name, query["sql"], title=query.get("title"), description=query.get("description"),
                    description_html=query.get("description_html"), hide_sql=bool(query.get("hide_sql")),
                    fragment=query.get("fragment"), parameters=query.get("params"),
                    is_trusted=True,  # run with view-query alone, as 0.65 runs canned queries
                    source="diplofacts")


def _with_configuration(metadata: dict, configuration: dict) -> dict:
    """0.65's metadata: the table settings are metadata there."""
    merged = _copy_dicts(metadata)
    for name, database in (configuration.get("databases") or {}).items():
        tables = merged.setdefault("databases", {}).setdefault(name, {}).setdefault("tables", {})
        for table, settings in (database.get("tables") or {}).items():
            tables[table] = {**tables.get(table, {}), **settings}
    return merged


def _add_configuration(datasette, configuration: dict) -> None:
    """1.0: the table settings as configuration, under the user's own (``-c``)."""
    config = copy.deepcopy(datasette.config or {})
    for name, database in (configuration.get("databases") or {}).items():
        tables = config.setdefault("databases", {}).setdefault(name, {}).setdefault("tables", {})
        for table, settings in (database.get("tables") or {}).items():
            tables[table] = {**settings, **(tables.get(table) or {})}
    datasette.config = config


async def _publish_metadata(datasette, metadata: dict) -> dict:
    """1.0: write the plugin's metadata where the user's (``-m``, applied before startup hooks
    run) has not set the key; answer the metadata in force, in 0.65's shape (column
    descriptions: the plugin's).

    One transaction into the metadata tables of the internal database (their documented
    names): key by key through ``set_*_metadata`` took 0.3-0.4 s per startup."""
    rows: dict[str, list[tuple]] = {"metadata_instance(key, value)": [], "metadata_databases(database_name, key, value)": [],
                                    "metadata_resources(database_name, resource_name, key, value)": [],
                                    "metadata_columns(database_name, resource_name, column_name, key, value)": []}
    instance, databases, resources, columns = rows.values()
    instance += [(k, _text(v)) for k, v in metadata.items() if k != "databases"]
    for name, database in (metadata.get("databases") or {}).items():
        databases += [(name, k, _text(v)) for k, v in database.items() if k not in ("tables", "queries")]
        for table, meta in (database.get("tables") or {}).items():
            resources += [(name, table, k, _text(v)) for k, v in meta.items() if k != "columns"]
            columns += [(name, table, c, "description", _text(d)) for c, d in (meta.get("columns") or {}).items()]

    def write(conn):
        for target, values in rows.items():
            places = ", ".join("?" * target.count(",")) + ", ?"
            conn.executemany(f"INSERT OR IGNORE INTO {target} VALUES ({places})", values)

    await datasette.get_internal_database().execute_write_fn(write)
    published: dict = {**await datasette.get_instance_metadata(), "databases": {}}
    for name, database in (metadata.get("databases") or {}).items():
        published["databases"][name] = {**await datasette.get_database_metadata(name), "tables": {
            table: {**await datasette.get_resource_metadata(name, table), "columns": meta.get("columns") or {}}
            for table, meta in (database.get("tables") or {}).items()}}
    return published


def _text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, default=str)


@hookimpl
def get_metadata(datasette, key, database, table):
    """0.65 only (1.0 has no such hook)."""
    if key == "tables":
        # Asked only for table permissions ("allow") and "facet_size", neither of which the
        # site sets; Datasette deep-copies this answer once per table per request, so
        # answering with the full metadata made every page pay for it (home 61 -> 9 ms).
        return {}
    # A copy: Datasette merges other metadata into what this hook returns, and its views add
    # inherited keys to table metadata in place, so handing out the stored dicts made a page
    # depend on which pages the process had served before.
    metadata = state(datasette).metadata
    if key is None or key == "databases":
        return _request_copy(datasette, metadata)
    # Asked for one key (a fact page asks 19 times: "plugins", "allow", "source", …), Datasette
    # looks for it in the table's metadata, then the database's, then the instance's: only
    # those three places, with only that key, are copied (the whole metadata on every call
    # was a fifth of a fact page's time).
    return _only_key(metadata, key, database, table)


# One copy of the whole metadata per request (Datasette asks for it three or four times a page:
# the table's metadata twice, the row's template, the site's title), made at the request's
# first ask and handed to the request's later ones. Each request (an ASGI call, in its own
# task) starts with none (``delivery.wrap``); outside a request every ask gets a fresh copy.
# Shared within a request only: Datasette merges the user's metadata into it (the same values
# each time) and its table views add inherited keys (source, licence) to a table's own,
# which every later lookup in the request finds the same either way.
_PER_REQUEST: contextvars.ContextVar[dict | None] = contextvars.ContextVar("diplofacts_metadata", default=None)


def new_request() -> contextvars.Token:
    """Start a request with no metadata copy yet (``reset_request`` with the token after)."""
    return _PER_REQUEST.set({})


def reset_request(token: contextvars.Token) -> None:
    _PER_REQUEST.reset(token)


def _request_copy(datasette, metadata: dict) -> dict:
    held = _PER_REQUEST.get()
    if held is None:
        return _copy_dicts(metadata)
    key = id(datasette)
    if key not in held or held[key][0] is not metadata:
        held[key] = (metadata, _copy_dicts(metadata))
    return held[key][1]


def _only_key(metadata: dict, key: str, database: str | None, table: str | None) -> dict:
    """The parts of ``metadata`` that Datasette's lookup of ``key`` for ``database`` and
    ``table`` reads, copied."""
    out = {key: _copy_dicts(metadata[key])} if key in metadata else {}
    found = (metadata.get("databases") or {}).get(database) if database is not None else None
    if isinstance(found, dict):
        db = {key: _copy_dicts(found[key])} if key in found else {}
        table_meta = (found.get("tables") or {}).get(table) if table is not None else None
        if isinstance(table_meta, dict) and key in table_meta:
            db["tables"] = {table: {key: _copy_dicts(table_meta[key])}}
        out["databases"] = {database: db}
    return out


@hookimpl
def canned_queries(datasette, database):
    """0.65 only (1.0 has stored queries, added by ``publish``). Fresh dicts: Datasette adds
    each query's name to them."""
    site = state(datasette)
    return _copy_dicts(site.queries) if database in site.databases else None


def _copy_dicts(value):
    """Fresh dicts all the way down (leaves shared): far cheaper than copy.deepcopy."""
    if isinstance(value, dict):
        return {k: _copy_dicts(v) for k, v in value.items()}
    return value


def instance_metadata(datasette, database: str | None = None) -> dict:
    """The metadata in force (the plugin's, overridden by a user's ``-m``), merged as 0.65's
    ``datasette.metadata(database=...)`` merges it: the database's keys under the instance's."""
    if not DATASETTE_1:
        return datasette.metadata(database=database) or {}
    published = state(datasette).published
    if database is None:
        return published
    return {**(published.get("databases", {}).get(database) or {}), **published}


def row_page_vars(datasette, database: str, table: str) -> dict:
    """What a row page's context lacks: 1.0 hands row pages empty ``metadata`` (0.65 the
    table's), so their licence, source and method line would vanish."""
    if not DATASETTE_1:
        return {}
    tables = (state(datasette).published.get("databases", {}).get(database) or {}).get("tables") or {}
    return {"metadata": _copy_dicts(tables.get(table) or {})}


def site_title(datasette, database: str) -> str:
    """The site's title as pages and feeds name it (the database's name if it has none)."""
    return instance_metadata(datasette).get("title") or database


def stored_query_name(request) -> str | None:
    """The canned (0.65) or stored (1.0) query a query page shows, None for SQL typed by a
    reader: the template variable is ``canned_query`` in 0.65 and ``stored_query`` in 1.0."""
    if request is None or request.url_vars.get("table") is None:
        return None
    return tilde_decode(request.url_vars["table"])


async def default_index(datasette, request):
    """Datasette's own home page, for an instance that serves no fact database."""
    if DATASETTE_1 and "format" not in request.url_vars:  # 1.0's index view reads its route's format
        scope = {**request.scope, "url_route": {"kwargs": {**request.url_vars, "format": None}}}
        request = Request(scope, request.receive)
    return await IndexView(datasette).get(request)


async def facet_labels(facet, column: str, values: list) -> dict:
    """The labels of a facet's foreign-key values, ``{(column, value): label}``: 1.0 checks the
    reader may see the other table."""
    if DATASETTE_1:
        return await facet.ds.expand_foreign_keys(facet.request.actor, facet.database, facet.table, column, values)
    return await facet.ds.expand_foreign_keys(facet.database, facet.table, column, values)


async def may_execute_sql(datasette, actor, database: str) -> bool:
    if DATASETTE_1:
        from datasette.resources import DatabaseResource

        return await datasette.allowed(action="execute-sql", resource=DatabaseResource(database=database), actor=actor)
    return await datasette.permission_allowed(actor, "execute-sql", resource=database, default=True)


def sql_url(datasette, database: str, sql: str, params: dict) -> str:
    """The address that runs ``sql`` (with ``params``) on ``database``."""
    path = datasette.urls.database(database) + ("/-/query" if DATASETTE_1 else "")
    return path + "?" + urllib.parse.urlencode({"sql": sql, **params})


# datasette-vega (0.6.2) adds its 944 KB script and its stylesheet to every page of every
# database. Its two asset hooks are unregistered at startup, and this plugin adds the same
# files only to pages that draw a chart (``chart_assets``). Its static files are still served
# at their usual address (``CHART_ROUTE``), whichever Datasette instance was made first.
def take_over_chart_assets() -> None:
    # imported here, not at the top: importing datasette.plugins loads every plugin, this one
    # included, which must not happen while this module is half imported
    from datasette.plugins import pm

    if datasette_vega is not None and pm.is_registered(datasette_vega):
        pm.unregister(datasette_vega)


_REFRESHED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def skip_needless_schema_refresh() -> None:
    """Datasette reads every database's schema version on every request (three statements,
    each a hop to a thread, before the page's own): for an instance whose databases are all
    immutable, their schemas cannot change, so after one refresh of a given set of databases
    the next ones are skipped. Any mutable database (or a database added or removed) and
    Datasette refreshes as before. Same method in 0.65 and 1.0."""
    from datasette.app import Datasette

    original = Datasette.refresh_schemas
    if getattr(original, "diplofacts", False):
        return

    async def refresh_schemas(self):
        key = tuple((name, id(db)) for name, db in self.databases.items())
        if _REFRESHED.get(self) == key:
            return
        await original(self)
        if all(not db.is_mutable for name, db in self.databases.items() if name != "_internal"):
            _REFRESHED[self] = key

    refresh_schemas.diplofacts = True  # type: ignore[attr-defined]
    Datasette.refresh_schemas = refresh_schemas


# What Datasette reads of a database's schema on every request (a row page: its columns, primary
# keys and foreign keys, each a hop to a SQL thread), kept per immutable database: its schema
# cannot change while it is served. Answers are copied out (callers may change what they get).
KEPT_PER_DATABASE = 2048  # answers kept per database (table names come from requests: any number)
SCHEMA_METHODS = ("table_names", "view_names", "table_exists", "table_columns", "table_column_details", "primary_keys",
                  "fts_table", "foreign_keys_for_table", "get_all_foreign_keys")
_SCHEMA: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _fresh(value):
    """Fresh dicts and lists all the way down (tuples and leaves shared)."""
    if isinstance(value, dict):
        return {k: _fresh(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_fresh(v) for v in value]
    return value


def keep_immutable_schemas() -> None:
    """Datasette's schema reads of an immutable file database answered once per database and
    arguments. A mutable or in-memory database is read as before. Same methods in 0.65 and 1.0
    (any that a version lacks is left alone)."""
    from datasette.database import Database

    for name in SCHEMA_METHODS:
        original = getattr(Database, name, None)
        if original is None or getattr(original, "diplofacts", False):
            continue

        def kept(original, name):
            async def method(self, *args):
                if self.is_mutable or self.is_memory:
                    return await original(self, *args)
                held = _SCHEMA.setdefault(self, {})
                key = (name, *args)
                if key not in held:
                    found = await original(self, *args)
                    if len(held) >= KEPT_PER_DATABASE:  # names from requests: a bounded number kept
                        return found
                    held[key] = found
                return _fresh(held[key])

            method.diplofacts = True  # type: ignore[attr-defined]
            method.__name__ = name
            return method

        setattr(Database, name, kept(original, name))


# Statements that read only sqlite_master (Datasette 0.65.5 looks a table's name up there on
# every "view-table" permission check, three a row page): for an immutable database the
# answer is fixed, so it is kept by statement and parameters.
_MASTER_ONLY = re.compile(r"\s*select\s[\w\s,]*\sfrom\s+sqlite_master\s(?:[^;()]|\('(?:table|view)',\s*'(?:table|view)'\))*", re.I)


_TYPES = re.compile(r"\('(?:table|view)',\s*'(?:table|view)'\)")


def master_only(sql) -> bool:
    """Whether ``sql`` is one SELECT that reads ``sqlite_master`` alone."""
    if not isinstance(sql, str) or _MASTER_ONLY.fullmatch(sql) is None:
        return False
    tail = _TYPES.sub("", sql.lower().split("sqlite_master", 1)[1])
    return len(re.findall(r"\bselect\b", sql, re.I)) == 1 and not re.search(r"[,;]|\b(?:from|join|union|sqlite_master)\b", tail)


def keep_schema_statements(db) -> None:
    """Wrap ``db.execute`` of an immutable database so that a statement reading only
    ``sqlite_master`` (and no other table) runs once per parameters; every other statement
    runs as it would."""
    if db.is_mutable or db.is_memory or getattr(db.execute, "diplofacts_schema", False):
        return
    run = db.execute
    held: dict = {}

    async def execute(sql, params=None, *args, **kwargs):
        if args or kwargs or not master_only(sql):
            return await run(sql, params, *args, **kwargs)
        key = (sql, tuple(sorted(params.items())) if isinstance(params, dict) else tuple(params or ()))
        if key not in held:
            found = await run(sql, params)
            if len(held) >= KEPT_PER_DATABASE:  # a table name from the request: a bounded number kept
                return found
            held[key] = found
        kept = held[key]
        return Results(list(kept.rows), kept.truncated, kept.description)

    execute.diplofacts_schema = True  # type: ignore[attr-defined]
    execute.kept = held  # type: ignore[attr-defined]
    db.execute = execute


class _KnownMissing(BaseLoader):
    """A template loader that remembers which names it did not find: Datasette asks for
    templates named after the page's database and table first (``row-facts-meetings.html``,
    ``_table-facts-meetings.html``, …), which a site rarely has, and Jinja caches only what it
    finds, so each miss searched every template folder on every request. Used only where
    templates are read once per process (``prepare_jinja2_environment``)."""

    def __init__(self, inner):
        self.inner = inner
        self.missing: set[str] = set()
        self.has_source_access = inner.has_source_access

    def get_source(self, environment, template):
        if template in self.missing:
            raise TemplateNotFound(template)
        return self.inner.get_source(environment, template)

    def load(self, environment, name, globals=None):
        if name in self.missing:
            raise TemplateNotFound(name)
        try:
            return self.inner.load(environment, name, globals)
        except TemplateNotFound:
            self.missing.add(name)
            raise

    def list_templates(self):
        return self.inner.list_templates()


def chart_assets(extension: str) -> list[str]:
    # a new list: the plugin hands out its cached one, which callers must not extend
    return list(datasette_vega.cached_filepaths_for_extension(extension)) if datasette_vega is not None else []


CHART_ROUTE = ((r"^/-/static-plugins/datasette_vega/(?P<path>.*)$",
                asgi_static(os.path.join(os.path.dirname(datasette_vega.__file__), "static")))
               if datasette_vega is not None else None)


def quiet_datasette_tracebacks() -> None:
    """Datasette prints every error it handles, a 404 included, with ``rich`` and the local
    variables of every frame (hundreds of lines); without ``rich`` it prints a plain
    traceback, and only for what the site's ``handle_exception`` leaves to it (real faults).
    Imported when called: Datasette's plugins are loaded by then (the module is the same in
    0.65 and 1.0)."""
    import datasette.handle_exception as errors

    errors.rich = None


# Datasette 0.65's base template lacks what 1.0's has (the page's language) and what readers
# need (a skip link, <main>, a search box in the header): on 0.65 only, a copy that adds them.
TEMPLATES_065 = os.path.join(os.path.dirname(__file__), "templates-0.65")


@hookimpl
def prepare_jinja2_environment(env, datasette):
    if not DATASETTE_1:
        from jinja2 import ChoiceLoader, FileSystemLoader

        env.loader = ChoiceLoader([FileSystemLoader(TEMPLATES_065), env.loader])
    if all(not db.is_mutable for name, db in datasette.databases.items() if not name.startswith("_")):
        # A published site (every database immutable): each template is read and compiled once
        # per process; Jinja would otherwise stat every template a page uses (six or more) on
        # every request to see whether it changed. Restart the server after editing templates
        # (as after rebuilding the database); a database served writable keeps Jinja's reloading.
        env.auto_reload = False
        env.loader = _KnownMissing(env.loader)

"""Every touchpoint with Datasette that is specific to 0.65, in one module.

Datasette 1.0 (still alpha) drops the ``get_metadata`` hook (metadata is set in ``startup``
instead), reads ``datasette.metadata()`` differently and renames the index view. Moving to
1.0 means changing this module; the rest of the plugin talks to it, to ``datasette.urls``,
``datasette.client``-safe APIs and ``render_template``.

The plugin's own state (which databases are fact databases, their metadata) is kept here,
per Datasette instance, never as attributes on Datasette's object.
"""
from __future__ import annotations

import os
import weakref
from dataclasses import dataclass, field

from datasette import hookimpl
from datasette.utils.asgi import asgi_static
from datasette.views.index import IndexView

try:
    import datasette_vega  # type: ignore[import-untyped]
except ImportError:  # charts are optional: the site works without them
    datasette_vega = None


@dataclass
class SiteState:
    databases: list[str] = field(default_factory=list)  # the fact databases served
    metadata: dict = field(default_factory=dict)  # the site's metadata, as get_metadata answers


_STATES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def state(datasette) -> SiteState:
    """This Datasette instance's plugin state (empty until startup has run)."""
    if datasette not in _STATES:
        _STATES[datasette] = SiteState()
    return _STATES[datasette]


@hookimpl
def get_metadata(datasette, key, database, table):
    if key == "tables":
        # Asked only for table permissions ("allow") and "facet_size", neither of which the
        # site sets; Datasette deep-copies this answer once per table per request, so
        # answering with the full metadata made every page pay for it (home 61 -> 9 ms).
        return {}
    # A copy: Datasette merges other metadata into what this hook returns, and its views add
    # inherited keys to table metadata in place, so handing out the stored dicts made a page
    # depend on which pages the process had served before.
    return _copy_dicts(state(datasette).metadata)


def _copy_dicts(value):
    """Fresh dicts all the way down (leaves shared): far cheaper than copy.deepcopy."""
    if isinstance(value, dict):
        return {k: _copy_dicts(v) for k, v in value.items()}
    return value


def instance_metadata(datasette, database: str | None = None) -> dict:
    """The metadata in force (the plugin's, overridden by a user's ``-m``)."""
    return datasette.metadata(database=database) or {}


def site_title(datasette, database: str) -> str:
    """The site's title as pages and feeds name it (the database's name if it has none)."""
    return instance_metadata(datasette).get("title") or database


async def default_index(datasette, request):
    """Datasette's own home page, for an instance that serves no fact database."""
    return await IndexView(datasette).get(request)


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


def chart_assets(extension: str) -> list[str]:
    # a new list: the plugin hands out its cached one, which callers must not extend
    return list(datasette_vega.cached_filepaths_for_extension(extension)) if datasette_vega is not None else []


CHART_ROUTE = ((r"^/-/static-plugins/datasette_vega/(?P<path>.*)$",
                asgi_static(os.path.join(os.path.dirname(datasette_vega.__file__), "static")))
               if datasette_vega is not None else None)

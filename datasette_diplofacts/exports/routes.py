"""The addresses of the downloads and feeds, and the page that lists them."""
from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from datasette.utils import tilde_decode
from datasette.utils.asgi import AsgiStream, Response

from ..compat import site_title, state
from . import atom, datapackage, meetingscal, plover, webannotations
from .links import Links

Handler = Callable[[Any, Any, Any, Links], Awaitable[Any]]


def on_site(handler: Handler):
    """A route of the fact site: the handler gets its database and links, or the route
    answers 404 when no fact database is served. (No functools.wraps: Datasette passes a
    route the arguments its signature names, and the wrapper's are datasette and request.)"""
    async def route(datasette, request):
        databases = state(datasette).databases
        if not databases:
            return _not_found("no fact database")
        return await handler(datasette, request, datasette.get_database(databases[0]),
                             Links(datasette, request, databases[0]))
    return route


def _json(data: object, content_type: str = "application/json; charset=utf-8") -> Response:
    return Response(json.dumps(data, ensure_ascii=False, indent=1), content_type=content_type)


def _not_found(what: str) -> Response:
    return Response.text(f"{what} not found", status=404)


@on_site
async def annotations_all(datasette, request, db, links: Links):
    page = request.args.get("page")
    if page is not None and not page.isdigit():
        return Response.text("page must be a number", status=400)
    data = await webannotations.collection(db, links, int(page) if page is not None else None)
    return _json(data, webannotations.MEDIA_TYPE)


@on_site
async def annotations_of_source(datasette, request, db, links: Links):
    data = await webannotations.of_source(db, links, tilde_decode(request.url_vars["source"]))
    return _json(data, webannotations.MEDIA_TYPE) if data else _not_found("source")


@on_site
async def plover_events(datasette, request, db, links: Links):
    async def stream(writer):
        async for line in plover.jsonl(db, links):
            await writer.write(line)
    return AsgiStream(stream, content_type="application/x-ndjson; charset=utf-8")


@on_site
async def meetings_calendar(datasette, request, db, links: Links):
    body = await meetingscal.calendar(db, links, site_title(datasette, links.database))
    return Response(body, content_type="text/calendar; charset=utf-8")


@on_site
async def facts_feed(datasette, request, db, links: Links):
    body = await atom.all_facts(db, links, site_title(datasette, links.database))
    return Response(body, content_type="application/atom+xml; charset=utf-8")


@on_site
async def entity_feed(datasette, request, db, links: Links):
    body = await atom.of_entity(db, links, tilde_decode(request.url_vars["entity"]), site_title(datasette, links.database))
    if body is None:
        return _not_found("entity")
    return Response(body, content_type="application/atom+xml; charset=utf-8")


@on_site
async def data_package(datasette, request, db, links: Links):
    return _json(await datapackage.describe(datasette, db, links))


@on_site
async def downloads(datasette, request, db, links: Links):
    return Response.html(await datasette.render_template("diplofacts_downloads.html", {
        "package": await datapackage.describe(datasette, db, links), "package_url": links.site("/datapackage.json"),
        "site_title": site_title(datasette, links.database)}, request=request))


ROUTES = [
    (r"^/datapackage\.json$", data_package),
    (r"^/-/downloads$", downloads),
    (r"^/-/meetings\.ics$", meetings_calendar),
    (r"^/-/facts\.atom$", facts_feed),
    (r"^/-/entities/(?P<entity>[^/]+)\.atom$", entity_feed),
    (r"^/-/events\.plover\.jsonl$", plover_events),
    (r"^/-/annotations\.jsonld$", annotations_all),
    (r"^/-/annotations/(?P<source>[^/]+)\.jsonld$", annotations_of_source),
]

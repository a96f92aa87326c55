"""The addresses of the downloads and feeds, and the page that lists them."""
from __future__ import annotations

import json
from typing import Any

from datasette.utils import tilde_decode
from datasette.utils.asgi import AsgiStream, Response

from ..compat import instance_metadata, state
from . import atom, datapackage, meetingscal, plover, webannotations
from .links import Links


def _site(datasette, request) -> tuple[Any, Links] | None:
    databases = state(datasette).databases
    if not databases:
        return None
    return datasette.get_database(databases[0]), Links(datasette, request, databases[0])


def _json(data: object, content_type: str = "application/json; charset=utf-8") -> Response:
    return Response(json.dumps(data, ensure_ascii=False, indent=1), content_type=content_type)


def _not_found(what: str) -> Response:
    return Response.text(f"{what} not found", status=404)


async def annotations_all(datasette, request):
    site = _site(datasette, request)
    if site is None:
        return _not_found("no fact database")
    page = request.args.get("page")
    if page is not None and not page.isdigit():
        return Response.text("page must be a number", status=400)
    data = await webannotations.collection(site[0], site[1], int(page) if page is not None else None)
    return _json(data, webannotations.MEDIA_TYPE)


async def annotations_of_source(datasette, request):
    site = _site(datasette, request)
    data = await webannotations.of_source(site[0], site[1], tilde_decode(request.url_vars["source"])) if site else None
    return _json(data, webannotations.MEDIA_TYPE) if data else _not_found("source")


async def plover_events(datasette, request):
    site = _site(datasette, request)
    if site is None:
        return _not_found("no fact database")

    async def stream(writer):
        async for line in plover.jsonl(*site):
            await writer.write(line)
    return AsgiStream(stream, content_type="application/x-ndjson; charset=utf-8")


def _title(datasette) -> str:
    return instance_metadata(datasette).get("title") or "facts"


async def meetings_calendar(datasette, request):
    site = _site(datasette, request)
    if site is None:
        return _not_found("no fact database")
    return Response(await meetingscal.calendar(*site, _title(datasette)), content_type="text/calendar; charset=utf-8")


async def facts_feed(datasette, request):
    site = _site(datasette, request)
    if site is None:
        return _not_found("no fact database")
    return Response(await atom.all_facts(*site, _title(datasette)), content_type="application/atom+xml; charset=utf-8")


async def entity_feed(datasette, request):
    site = _site(datasette, request)
    body = await atom.of_entity(*site, tilde_decode(request.url_vars["entity"]), _title(datasette)) if site else None
    if body is None:
        return _not_found("entity")
    return Response(body, content_type="application/atom+xml; charset=utf-8")


async def data_package(datasette, request):
    site = _site(datasette, request)
    if site is None:
        return _not_found("no fact database")
    db, links = site
    info = dict(await db.execute("SELECT key, value FROM build_info WHERE key = 'built_at'"))
    return _json(datapackage.package(links, db.path, instance_metadata(datasette), info.get("built_at")))


async def downloads(datasette, request):
    site = _site(datasette, request)
    if site is None:
        return _not_found("no fact database")
    db, links = site
    info = dict(await db.execute("SELECT key, value FROM build_info WHERE key = 'built_at'"))
    described = datapackage.package(links, db.path, instance_metadata(datasette), info.get("built_at"))
    return Response.html(await datasette.render_template("diplofacts_downloads.html", {
        "package": described, "package_url": links.site("/datapackage.json"),
        "site_title": _title(datasette)}, request=request))


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

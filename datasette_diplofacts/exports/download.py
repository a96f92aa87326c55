"""What a download or feed is: its address, its name and media type in the data package, and
the handler that makes it. Each export module declares its own (``DOWNLOADS``); the routes,
the data package, the downloads page and the home page's schema.org ``Dataset`` are made
from these declarations (``routes.py``), so a new download is one module and its test."""
from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from datasette.utils.asgi import Response

from ..compat import state
from .links import Links

Handler = Callable[[Any, Any, Any, Links], Awaitable[Any]]


@dataclass(frozen=True)
class Download:
    name: str  # its name among the data package's resources
    title: str  # what it holds, in a line
    path: str  # its address from the site's root: "/-/facts.atom"
    format: str  # "atom", "ics", "jsonl"…
    mediatype: str
    handler: Handler  # made on request: (datasette, request, database, links) -> Response
    pattern: str | None = None  # a route with parameters ("/-/entities/(?P<entity>[^/]+).atom"); else the path
    listed: bool = True  # a resource of the data package (one of a kind per site), not one per entity or source

    @property
    def route(self) -> tuple[str, Callable]:
        return (self.pattern or f"^{re.escape(self.path)}$", on_site(self.handler))

    def resource(self, links: Links) -> dict:
        # a file, never read as rows: frictionless checks that it answers, whatever its format
        return {"name": self.name, "title": self.title, "type": "file", "path": links.site(self.path),
                "format": self.format, "mediatype": self.mediatype}


def on_site(handler: Handler):
    """A route of the fact site: the handler gets its database and links, or the route
    answers 404 when no fact database is served. (No functools.wraps: Datasette passes a
    route the arguments its signature names, and the wrapper's are datasette and request.)"""
    async def route(datasette, request):
        databases = state(datasette).databases
        if not databases:
            return not_found("no fact database")
        return await handler(datasette, request, datasette.get_database(databases[0]),
                             Links(datasette, request, databases[0]))
    return route


def json_response(data: object, content_type: str = "application/json; charset=utf-8") -> Response:
    return Response(json.dumps(data, ensure_ascii=False, indent=1), content_type=content_type)


def not_found(what: str) -> Response:
    return Response.text(f"{what} not found", status=404)

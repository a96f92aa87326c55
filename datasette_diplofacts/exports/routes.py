"""The addresses of the downloads and feeds, collected from the export modules' declarations
(``DOWNLOADS``), and the two pages that list them: the data package and the downloads page."""
from __future__ import annotations

import importlib
import pkgutil

from datasette.utils.asgi import Response

from ..compat import site_title
from . import __name__ as package_name
from . import __path__ as package_path
from .datapackage import describe
from .download import Download, json_response, on_site
from .links import Links


def declared_downloads() -> tuple[Download, ...]:
    """Every download an export module of this package declares, by module name."""
    found: list[Download] = []
    for module in sorted(m.name for m in pkgutil.iter_modules(package_path)):
        found += getattr(importlib.import_module(f"{package_name}.{module}"), "DOWNLOADS", ())
    return tuple(found)


DOWNLOADS = declared_downloads()


@on_site
async def data_package(datasette, request, db, links: Links):
    return json_response(await describe(datasette, db, links, DOWNLOADS))


@on_site
async def downloads(datasette, request, db, links: Links):
    return Response.html(await datasette.render_template("diplofacts_downloads.html", {
        "package": await describe(datasette, db, links, DOWNLOADS), "package_url": links.site("/datapackage.json"),
        "site_title": site_title(datasette, links.database)}, request=request))


ROUTES = [
    (r"^/datapackage\.json$", data_package),
    (r"^/-/downloads$", downloads),
    *(d.route for d in DOWNLOADS),
]

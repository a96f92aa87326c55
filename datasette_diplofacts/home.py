"""The home page: what the site is, a search box, what to browse and the questions to ask.

It replaces Datasette's index (which inspects every table, FTS shadow tables included, on
every request) and reads its counts from the build's own build_info table."""
from __future__ import annotations

from datasette.utils.asgi import Response

from .compat import default_index, instance_metadata, site_title, state
from .exports import datapackage, schemaorg
from .exports.links import Links
from .exports.routes import DOWNLOADS
from .kindsql import BROWSE
from .metadata import query_url
from .queries import QUERIES
from .siteinfo import build_info, site_info


async def home(datasette, request):
    databases = state(datasette).databases
    if not databases:
        return await default_index(datasette, request)
    name = databases[0]
    db = datasette.get_database(name)
    info = await build_info(db)
    tables = instance_metadata(datasette, name).get("tables") or {}
    browse = [
        {"name": t, "url": datasette.urls.table(name, t), "description": (tables.get(t) or {}).get("description", ""),
         "count": info.count(t)}
        for t in BROWSE
    ]
    questions = [
        {"title": q["title"], "description": q.get("description", ""), "url": query_url(datasette, name, key),
         "chart": "chart" in q}
        for key, q in QUERIES.items() if key != "search"
    ]
    site = await site_info(datasette)
    links = Links(datasette, request, name)
    meta = instance_metadata(datasette)
    described = await datapackage.describe(datasette, db, links, DOWNLOADS, hashed=False)  # no hash shown here
    # the downloads a search engine lists: the database and every format but the per-table CSVs
    downloads = [r for r in described["resources"] if r["format"] != "csv"]
    dataset = schemaorg.script(schemaorg.dataset(
        site_title(datasette, name), described["description"], links.site("/"), meta.get("license_url"),
        info.built_at or None, [*downloads, {
            "name": "datapackage", "path": links.site("/datapackage.json"), "mediatype": "application/json"}]))
    return Response.html(await datasette.render_template(
        "diplofacts_home.html",
        {"database": name, "browse": browse, "questions": questions, "site": site, "dataset_jsonld": dataset,
         "search_url": datasette.urls.path("/-/search"), "about_url": datasette.urls.path("/about"),
         "metadata": instance_metadata(datasette)},
        request=request,
    ))

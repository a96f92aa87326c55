"""The home page: what the site is, a search box, what to browse and the questions to ask.

It replaces Datasette's index (which inspects every table, FTS shadow tables included, on
every request) and reads its counts from the build's own build_info table."""
from __future__ import annotations

from datasette.utils.asgi import Response
from datasette.views.index import IndexView

from .queries import QUERIES

BROWSE = ("facts", "meetings", "statements", "agreements", "quotes", "sources", "entities", "citations",
          "disagreements")


async def home(datasette, request):
    databases = getattr(datasette, "_diplofacts_databases", [])
    if not databases:
        return await IndexView(datasette).get(request)
    name = databases[0]
    db = datasette.get_database(name)
    info = {r["key"]: r["value"] for r in await db.execute("SELECT key, value FROM build_info")}
    meta = datasette.metadata(database=name) or {}
    tables = (meta.get("tables") or {})
    browse = [
        {"name": t, "url": datasette.urls.table(name, t), "description": (tables.get(t) or {}).get("description", ""),
         "count": int(info[f"count_{t}"]) if f"count_{t}" in info else None}
        for t in BROWSE
    ]
    questions = [
        {"title": q["title"], "description": q.get("description", ""),
         "url": datasette.urls.query(name, key) + (f"#{q['fragment']}" if "fragment" in q else ""),
         "chart": "fragment" in q, "needs": "entity" if ":entity" in q["sql"] else None}
        for key, q in QUERIES.items() if key != "search"
    ]
    return Response.html(await datasette.render_template(
        "diplofacts_home.html",
        {"database": name, "browse": browse, "questions": questions,
         "search_url": datasette.urls.query(name, "search"), "metadata": datasette.metadata()},
        request=request,
    ))

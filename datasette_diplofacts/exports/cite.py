"""A fact as a reference for tools: ``/-/cite/<kind>/<id>.bib`` (BibTeX), ``.ris`` (RIS) and
``.json`` (CSL-JSON), linked from each fact's page (the forms: ``citation.py``)."""
from __future__ import annotations

from datasette.utils import tilde_decode
from datasette.utils.asgi import Response

from diplofacts.schema.kinds import KINDS_BY_NAME
from diplofacts.schema.sqltext import ident

from ..citation import FORMATS, Reference
from ..compat import site_title
from ..corrections import revision_of
from ..siteinfo import build_info
from ..sourcenames import readable
from .download import Download, not_found
from .links import Links


async def reference(datasette, db, links: Links, kind: str, fact_id: str) -> Reference | None:
    declared = KINDS_BY_NAME.get(kind)
    if declared is None:
        return None
    time, line = declared.column_meaning("time") or "", declared.summary or ""
    row = (await db.execute(f"SELECT {ident(time)}, {ident(line)} FROM {ident(declared.table.name)} WHERE id = ?",
                            [fact_id])).first()
    if row is None:
        return None
    (title,) = await readable(db, [row[1]])
    info = await build_info(db)
    revision, version = await revision_of(db, kind, fact_id)
    return Reference(kind, fact_id, title, row[0], site_title(datasette, links.database), links.fact(kind, fact_id),
                     info.built_at[:10], info.seeds_sha256[:12], version, revision)


async def cite(datasette, request, db, links: Links):
    kind, fact_id, fmt = (tilde_decode(request.url_vars[k]) for k in ("kind", "id", "format"))
    found = await reference(datasette, db, links, kind, fact_id)
    if found is None or fmt not in FORMATS:
        return not_found("fact")
    _, mediatype, render = FORMATS[fmt]
    return Response(render(found), content_type=f"{mediatype}; charset=utf-8",
                    headers={"content-disposition": f'inline; filename="{found.key}.{fmt}"'})


DOWNLOADS = tuple(
    Download(f"cite-{fmt}", f"One fact as a reference ({name})", f"/-/cite/<kind>/<id>.{fmt}", fmt, mediatype, cite,
             pattern=rf"^/-/cite/(?P<kind>[a-z]+)/(?P<id>[^/]+)\.(?P<format>{fmt})$", listed=False)
    for fmt, (name, mediatype, _) in FORMATS.items())

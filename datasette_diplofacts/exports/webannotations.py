"""Every citation as a W3C Web Annotation (https://www.w3.org/TR/annotation-model/): the body
is the fact's page (with its summary), the target the passage of the source, on this site's
page of the source and, where known, at the source's own address, each with a
TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector (start, end, in code
points of the stored text). Tools such as Hypothesis can show the evidence on the article.
What the excerpt does for its fact (its role) is the annotation's motivation: a passage that
states the fact is ``describing``, one naming who said it ``identifying``, one only printing a
quote's words ``linking``; a ``commenting`` body says it in words."""
from __future__ import annotations

from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import Response

from diplofacts.schema.evidence import ROLES_BY_NAME

from .download import Download, json_response, not_found
from .links import Links

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
PAGE_SIZE = 1000

_SELECT = ("SELECT c.id, c.fact_type, c.fact_id, c.role, c.source_id, c.exact, c.prefix, c.suffix, c.start, c.[end],"
           " f.summary, s.url AS source_url, s.title AS source_title FROM citations c"
           " JOIN facts f ON f.type = c.fact_type AND f.id = c.fact_id JOIN sources s ON s.id = c.source_id")


def annotation(row: dict, links: Links) -> dict:
    """One citation as an Annotation."""
    fact_page = links.fact(row["fact_type"], row["fact_id"])
    role = ROLES_BY_NAME[row["role"]]  # its motivation in the model's own vocabulary
    source_page = links.source(row["source_id"])
    selectors = [
        {"type": "TextQuoteSelector", "exact": row["exact"], "prefix": row["prefix"], "suffix": row["suffix"]},
        {"type": "TextPositionSelector", "start": row["start"], "end": row["end"]},
    ]
    targets = [{"type": "SpecificResource", "source": source_page, "selector": selectors}]
    if row["source_url"]:
        targets.append({"type": "SpecificResource", "source": row["source_url"], "selector": selectors})
    return {
        "@context": CONTEXT,
        "id": f"{source_page}#citation-{row['id']}",
        "type": "Annotation",
        "motivation": role.motivation,
        "body": [
            {"id": f"{fact_page}#citation-{row['id']}", "type": "Text", "format": "text/html", "language": "en"},
            {"type": "TextualBody", "value": row["summary"], "format": "text/plain", "purpose": role.motivation},
            {"type": "TextualBody", "value": f"This passage {role.label}.", "format": "text/plain", "purpose": "commenting"},
        ],
        "target": targets if len(targets) > 1 else targets[0],
    }


async def collection(db, links: Links, page: int | None) -> dict:
    """The whole site's annotations: an AnnotationCollection, its items in pages of PAGE_SIZE
    (``page`` given: that AnnotationPage)."""
    total = (await db.execute("SELECT count(*) FROM citations")).first()[0]
    pages = max(1, -(-total // PAGE_SIZE))
    here = links.site("/-/annotations.jsonld")
    if page is None:
        return {"@context": CONTEXT, "id": here, "type": "AnnotationCollection",
                "label": "Every excerpt the facts rest on", "total": total,
                "first": f"{here}?page=0", "last": f"{here}?page={pages - 1}"}
    rows = await db.execute(f"{_SELECT} ORDER BY c.source_id, c.start, c.id LIMIT ? OFFSET ?",
                            [PAGE_SIZE, page * PAGE_SIZE])
    items = [annotation(dict(r), links) for r in rows]
    for item in items:
        del item["@context"]
    out = {"@context": CONTEXT, "id": f"{here}?page={page}", "type": "AnnotationPage", "partOf": here,
           "startIndex": page * PAGE_SIZE, "items": items}
    if page + 1 < pages:
        out["next"] = f"{here}?page={page + 1}"
    if page > 0:
        out["prev"] = f"{here}?page={page - 1}"
    return out


async def of_source(db, links: Links, source_id: str) -> dict | None:
    """The annotations of one source, as one collection with its items inline."""
    if (await db.execute("SELECT 1 FROM sources WHERE id = ?", [source_id])).first() is None:
        return None
    rows = await db.execute(f"{_SELECT} WHERE c.source_id = ? ORDER BY c.start, c.id", [source_id])
    items = [annotation(dict(r), links) for r in rows]
    for item in items:
        del item["@context"]
    here = links.site(f"/-/annotations/{tilde_encode(source_id)}.jsonld")
    return {"@context": CONTEXT, "id": here, "type": "AnnotationCollection",
            "label": f"Excerpts of source {source_id}", "total": len(items),
            "first": {"id": f"{here}#page-0", "type": "AnnotationPage", "startIndex": 0, "items": items}}


async def annotations_all(datasette, request, db, links: Links):
    page = request.args.get("page")
    if page is not None and not page.isdigit():
        return Response.text("page must be a number", status=400)
    return json_response(await collection(db, links, int(page) if page is not None else None), MEDIA_TYPE)


async def annotations_of_source(datasette, request, db, links: Links):
    data = await of_source(db, links, tilde_decode(request.url_vars["source"]))
    return json_response(data, MEDIA_TYPE) if data else not_found("source")


DOWNLOADS = (
    Download("annotations", "Every citation as a W3C Web Annotation (JSON-LD, paged collection)", "/-/annotations.jsonld",
             "jsonld", "application/ld+json", annotations_all),
    Download("source-annotations", "The citations into one source (W3C Web Annotations)", "/-/annotations/<source id>.jsonld",
             "jsonld", "application/ld+json", annotations_of_source, pattern=r"^/-/annotations/(?P<source>[^/]+)\.jsonld$",
             listed=False),
)

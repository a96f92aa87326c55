"""Every citation as a W3C Web Annotation (https://www.w3.org/TR/annotation-model/): the body
is the fact's page (with its summary), the target the passage of the source. Its first target
is the source's text exactly as stored, served as plain text at ``/-/sources/<id>.txt``, with a
TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector (start, end: code points
of that very text, so a client can anchor by position); then this site's page of the source
and, where known, the source's own address, each with the TextQuoteSelector only (their text
is not the stored text character for character, so positions would point elsewhere). Tools
such as Hypothesis can show the evidence on the article.
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
    quote = {"type": "TextQuoteSelector", "exact": row["exact"], "prefix": row["prefix"], "suffix": row["suffix"]}
    targets = [
        {"type": "SpecificResource", "source": text_url(links, row["source_id"]), "format": "text/plain",
         "selector": [quote, {"type": "TextPositionSelector", "start": row["start"], "end": row["end"]}]},
        # on the HTML page, within the element holding the text (its title is printed above it too)
        {"type": "SpecificResource", "source": source_page, "format": "text/html",
         "selector": {"type": "CssSelector", "value": ".source-text", "refinedBy": quote}},
    ]
    if row["source_url"]:
        targets.append({"type": "SpecificResource", "source": row["source_url"], "selector": quote})
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
        "target": targets,
    }


def text_url(links: Links, source_id: str) -> str:
    """The address of a source's stored text, as plain text."""
    return links.site(f"/-/sources/{tilde_encode(source_id)}.txt")


async def collection(db, links: Links, page: int | None) -> dict | None:
    """The whole site's annotations: an AnnotationCollection, its items in pages of PAGE_SIZE
    (``page`` given: that AnnotationPage; None past the last page)."""
    total = (await db.execute("SELECT count(*) FROM citations")).first()[0]
    pages = max(1, -(-total // PAGE_SIZE))
    here = links.site("/-/annotations.jsonld")
    if page is None:
        return {"@context": CONTEXT, "id": here, "type": "AnnotationCollection",
                "label": "Every excerpt the facts rest on", "total": total,
                "first": f"{here}?page=0", "last": f"{here}?page={pages - 1}"}
    if page >= pages:
        return None
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
    page = f"{here}#page-0"  # its one page
    return {"@context": CONTEXT, "id": here, "type": "AnnotationCollection",
            "label": f"Excerpts of source {source_id}", "total": len(items),
            "first": {"id": page, "type": "AnnotationPage", "partOf": here, "startIndex": 0, "items": items},
            "last": page}


async def annotations_all(datasette, request, db, links: Links):
    page = request.args.get("page")
    if page is not None and not page.isdigit():
        return Response.text("page must be a number", status=400)
    data = await collection(db, links, int(page) if page is not None else None)
    return json_response(data, MEDIA_TYPE) if data is not None else not_found("page")


async def annotations_of_source(datasette, request, db, links: Links):
    data = await of_source(db, links, tilde_decode(request.url_vars["source"]))
    return json_response(data, MEDIA_TYPE) if data else not_found("source")


async def source_text(datasette, request, db, links: Links):
    """A source's text exactly as stored (the annotations' positions count its characters)."""
    row = (await db.execute("SELECT text FROM sources WHERE id = ?", [tilde_decode(request.url_vars["source"])])).first()
    if row is None:
        return not_found("source")
    return Response(row["text"], content_type="text/plain; charset=utf-8")


DOWNLOADS = (
    Download("annotations", "Every citation as a W3C Web Annotation (JSON-LD, paged collection)", "/-/annotations.jsonld",
             "jsonld", "application/ld+json", annotations_all),
    Download("source-annotations", "The citations into one source (W3C Web Annotations)", "/-/annotations/<source id>.jsonld",
             "jsonld", "application/ld+json", annotations_of_source, pattern=r"^/-/annotations/(?P<source>[^/]+)\.jsonld$",
             listed=False),
    Download("source-text", "The text of one source exactly as stored, which the annotations' positions count (plain text)",
             "/-/sources/<source id>.txt", "txt", "text/plain", source_text, pattern=r"^/-/sources/(?P<source>[^/]+)\.txt$",
             listed=False),
)

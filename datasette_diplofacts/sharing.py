"""What a fact, entity or source page says of itself to search engines and link previews: its
canonical address (on the site's canonical origin: ``siteurl.py``), a meta description, and
Open Graph and Twitter card tags, so a shared link previews as the fact, not a bare URL."""
from __future__ import annotations

from markupsafe import Markup, escape

from .dates import date_text

MAX_DESCRIPTION = 200


def _short(text: str, limit: int = MAX_DESCRIPTION) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _sources(n: int) -> str:
    return f"reported by {n} source{'s' if n != 1 else ''}"


def describe(page: dict) -> tuple[str, str] | None:
    """(title, description) of a page's context (``kind``: fact, entity or source)."""
    kind = page.get("kind")
    if kind == "fact":
        fact = page["fact"]
        when = date_text(fact["date"]) if fact.get("date") else "date unknown"
        return page["title"], f"{page['type'].capitalize()}, {when}, {_sources(fact['source_count'])}: {page['title']}"
    if kind == "entity":
        entity = page["entity"]
        what = entity.get("description") or entity.get("kind") or ""
        return entity["name"], f"{what} — {page['count']} fact{'s' if page['count'] != 1 else ''} in the record".lstrip(" —")
    if kind == "source":
        source = page["source"]
        by = ", ".join(x for x in (source.get("author"), source.get("publisher"), date_text(source["published"])
                                   if source.get("published") else None) if x)
        return source["title"], f"The full text of “{source['title']}”{f' ({by})' if by else ''}, with every passage the facts cite marked."
    return None


def tags(page: dict, canonical: str, site_title: str) -> Markup:
    described = describe(page)
    if described is None:
        return Markup("")
    title, description = (_short(t) for t in described)
    og_type = "article" if page.get("kind") != "entity" else "profile"
    values = [("link", "canonical", canonical), ("name", "description", description),
              ("property", "og:type", og_type), ("property", "og:title", title),
              ("property", "og:description", description), ("property", "og:url", canonical),
              ("property", "og:site_name", site_title), ("name", "twitter:card", "summary"),
              ("name", "twitter:title", title), ("name", "twitter:description", description)]
    out = []
    for attribute, name, value in values:
        if attribute == "link":
            out.append(f'<link rel="{name}" href="{escape(value)}">')
        else:
            out.append(f'<meta {attribute}="{name}" content="{escape(value)}">')
    return Markup("\n".join(out))

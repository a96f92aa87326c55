"""A source's text (or the part of it shown) with every cited excerpt marked, escaped for HTML.

Excerpts may overlap (two facts citing parts of one sentence): the text is cut at every
start and end, and each piece is marked with all the citations covering it. One sweep over
the cuts, so the cost grows with the text and the citations, not with their product.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    citation_id: int
    start: int
    end: int
    href: str  # the fact's page
    label: str  # "meeting putin-imran-call"
    anchored: bool = True  # its anchor (#citation-…) is here: False for the tail of an excerpt begun on another part


def highlight(text: str, spans: list[Span]) -> Markup:
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    starts: dict[int, list[Span]] = {}
    for span in spans:
        starts.setdefault(span.start, []).append(span)
    out: list[str] = []
    active: list[Span] = []  # the spans covering the piece, in the order given
    order = {id(s): i for i, s in enumerate(spans)}
    for a, b in zip(cuts, cuts[1:], strict=False):
        out += [f'<span class="anchor" id="citation-{s.citation_id}"></span>' for s in starts.get(a, []) if s.anchored]
        if a in starts:
            active = sorted([*active, *(s for s in starts[a] if s.end > s.start)], key=lambda s: order[id(s)])
        active = [s for s in active if s.end > a]
        piece = escape(text[a:b])
        if not active:
            out.append(str(piece))
            continue
        inner = min(active, key=lambda s: s.end - s.start)
        title = escape("; ".join(s.label for s in active))
        ids = " ".join(f"citation-{s.citation_id}" for s in active)
        out.append(
            f'<mark data-citations="{ids}" title="{title}"><a href="{escape(inner.href)}">{piece}</a></mark>'
        )
    return Markup("".join(out))

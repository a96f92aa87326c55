"""A source's full text with every cited excerpt marked, escaped for HTML.

Excerpts may overlap (two facts citing parts of one sentence): the text is cut at every
start and end, and each piece is marked with all the citations covering it.
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


def highlight(text: str, spans: list[Span]) -> Markup:
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    starts: dict[int, list[Span]] = {}
    for span in spans:
        starts.setdefault(span.start, []).append(span)
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        out += [f'<span class="anchor" id="citation-{s.citation_id}"></span>' for s in starts.get(a, [])]
        piece = escape(text[a:b])
        covering = [s for s in spans if s.start <= a and b <= s.end]
        if not covering:
            out.append(str(piece))
            continue
        inner = min(covering, key=lambda s: s.end - s.start)
        title = escape("; ".join(s.label for s in covering))
        ids = " ".join(f"citation-{s.citation_id}" for s in covering)
        out.append(
            f'<mark data-citations="{ids}" title="{title}"><a href="{escape(inner.href)}">{piece}</a></mark>'
        )
    return Markup("".join(out))

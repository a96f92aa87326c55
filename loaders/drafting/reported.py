"""Second reports in one sentence, read from its parsed predicates (``parse.Clause``):

- *what is added after a quotation*: '"…," Modi said, adding that India and the UK reiterated
  their support …': a participle ("adding", "saying") after the last quotation, with words of its
  own outside it, reports something besides the quoted words;
- *a second speaker*: "Putin said the talks were useful, while Khan stressed the need for aid",
  "Alpha noted … and Beta warned …": a reporting verb whose subject is another name, joined by
  "while", "whereas", "but", "so", "and" or a semicolon; not "Putin said Khan had told him …"
  (what the first speaker said)."""
from __future__ import annotations

import re

from ..passages import Span
from .parse import Clause

_JOINED = re.compile(r"(?:,\s*(?:while|whereas|but|so|and)|;|\band)\s+$")


def added_after_quote(text: str, sentence: Span, quotes: list[Span], clauses: list[Clause]) -> Clause | None:
    """The participle that adds a report after a sentence's last quotation, if any."""
    if not quotes:
        return None
    end = max(q.end for q in quotes)
    for clause in clauses:
        if clause.kind != "reporting" or clause.lemma not in ("add", "say") or not clause.verb.endswith("ing"):
            continue
        if clause.start >= end and re.match(r"\s+(?:that\s+)?[\w(]", text[clause.start + len(clause.verb):sentence.end]):
            return clause
    return None


def second_speaker(text: str, sentence: Span, clauses: list[Clause], first_person: bool = False) -> Clause | None:
    """The reporting predicate of a second speaker joined to the first in a sentence, if any
    (``first_person``: "I" counts as a name, in a transcript's turn)."""
    reports = sorted((c for c in clauses if c.kind == "reporting" and c.subjects), key=lambda c: c.subjects[0].start)
    for second in reports[1:]:
        who = second.subjects[0]
        if who.start <= reports[0].start or not (who.proper or (first_person and who.text == "I")):
            continue
        if _JOINED.search(text[sentence.start:who.start]):
            return second
    return None

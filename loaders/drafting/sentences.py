"""The sentences a draft reads and cites: the rules' sentences (``passages.sentences``: at . ! ?
and line breaks) joined again where the rules cut inside one: before a word in lower case ('"Is
it right?" he asked.', "at 5 p.m. on Monday") and after a dotted abbreviation where the parser
starts no sentence ("The U.S. President spoke")."""
from __future__ import annotations

import re

from ..passages import Span, sentences
from .parse import pipeline

_GOES_ON = re.compile(r"^[\"“”'‘’(\[]*\s*[a-z]")  # the next words go on in lower case
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}[\"”’')\]]*$")  # "U.S.", "p.m.", "E.U."


def draft_sentences(text: str) -> list[Span]:
    rules = sentences(text)
    out: list[Span] = []
    for sentence in rules:
        if out and _joined(text, out[-1], sentence):
            last = out.pop()
            out.append(Span(last.start, sentence.end, text[last.start:sentence.end]))
        else:
            out.append(sentence)
    return out


def _joined(text: str, before: Span, after: Span) -> bool:
    """Whether the rules cut one sentence in two between ``before`` and ``after`` (on one line)."""
    if "\n" in text[before.end:after.start]:
        return False
    if _GOES_ON.match(after.text):
        return True
    if not _DOTTED.search(before.text):
        return False
    doc = pipeline()(text[before.start:after.end])
    at = after.start - before.start
    return not any(t.is_sent_start and t.idx == at for t in doc)

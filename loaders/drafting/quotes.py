"""The quoted passages a draft proposes as quotes, with the sentences they stand in:

- quotation marks within one sentence (as ``passages.quotations`` finds them);
- a quotation running over several sentences of a paragraph ("“We are ready. We will help,”
  Khan said.");
- a block quote: a paragraph following one that introduces it with a colon ("Khan tweeted:",
  "the statement said:"), quoted whole, with or without marks (without, the draft takes it as
  a quote only when a person is its speaker: an organisation's readout is reported speech);
- an embedded post: "words — Name (@handle) Month DD, YYYY", its signature naming the speaker;
- a paragraph that opens a quotation and leaves it open, the next opening with a mark again
  (wire style), attributed by the sentence before it that reports speech.

Each passage says which text attributes it when that is outside its sentences (the paragraph
introducing a block quote, a post's signature), so the draft cites it as ``attributes``."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..passages import Span, quotations
from .vocabulary import REPORTING

_SIGNATURE = re.compile(r"\s*[—–]+\s*(?P<who>[^()\n]{2,60}?)\s*\(@\w{1,30}\)\s*(?P<when>[A-Z][a-z]+\.? \d{1,2}, \d{4})?\s*$")
_INTRODUCES = re.compile(r"(?:statement|readout|post|tweet|message|wrote|posted)\b|" + REPORTING.pattern, re.I)
_MARKS = "\"“”‘’'"


@dataclass(frozen=True)
class Passage:
    words: Span  # the quoted words
    sentences: tuple[Span, ...]  # the sentences they stand in: the excerpt runs from the first to the last
    attribution: Span | None = None  # a passage outside those sentences that says who spoke
    marked: bool = True  # in quotation marks (else a paragraph introduced with a colon, or a post)
    continued: bool = False  # a paragraph left open, the quotation going on in the next (its attribution is a statement too)

    @property
    def excerpt(self) -> Span:
        first, last = self.sentences[0], self.sentences[-1]
        return Span(first.start, last.end, "")


def _within(spans: list[Span], start: int, end: int) -> list[Span]:
    return [s for s in spans if s.start < end and start < s.end]


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and (text[start].isspace() or text[start] in _MARKS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _MARKS):
        end -= 1
    return Span(start, end, text[start:end]) if re.search(r"[A-Za-z]", text[start:end]) else None


_OPENING = "\"“"


def _continued(line: str) -> bool:
    """A paragraph that opens a quotation and leaves it open (wire style: the quotation goes on in
    the next paragraph, which opens with a mark again and closes it)."""
    stripped = line.strip()
    if not stripped or stripped[0] not in _OPENING:
        return False
    return stripped.count("“") > stripped.count("”") or (stripped.count('"') % 2 == 1 and "“" not in stripped)


def passages(text: str, sentences: list[Span]) -> list[Passage]:
    """Every quoted passage of the text, in order of its start."""
    found: list[Passage] = []
    lines = [Span(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\n]+", text)]
    lines = [line for line in lines if line.text.strip()]
    for k, line in enumerate(lines):
        inside = _within(sentences, line.start, line.end)
        for sentence in inside:
            found += [Passage(q, (sentence,)) for q in quotations(sentence)]
        for q in quotations(line):
            covering = _within(inside, q.start, q.end)
            if len(covering) > 1:
                found.append(Passage(q, tuple(covering)))
        signed = _SIGNATURE.search(line.text)
        if signed and not quotations(line):
            words = _trimmed(text, line.start, line.start + signed.start())
            if words:
                sign = Span(line.start + signed.start(), line.end, line.text[signed.start():].strip())
                sign = Span(line.end - len(sign.text), line.end, sign.text)
                found.append(Passage(words, tuple(_within(inside, words.start, words.end)), sign, marked=False))
            continue
        if _continued(line.text) and k + 1 < len(lines) and lines[k + 1].text.lstrip()[:1] in _OPENING:
            # wire style: a quotation running on to the next paragraph, which opens with a mark again
            words = _trimmed(text, line.start, line.end)
            before = [s for s in sentences if s.end <= line.start and lines[k - 1].start <= s.start] if k else []
            said = [s for s in before if REPORTING.search(s.text)]
            if words:
                found.append(Passage(words, tuple(_within(inside, words.start, words.end)), said[-1] if said else None,
                                     continued=True))
            continue
        previous = lines[k - 1] if k else None
        if previous is not None and previous.text.rstrip().endswith(":") and _INTRODUCES.search(previous.text):
            marked = [p for p in found if p.words.start <= line.start + 3 and p.words.end >= line.end - 3]
            words = _trimmed(text, line.start, line.end)
            intro = _within(sentences, previous.start, previous.end)[-1:]
            if marked:  # quoted whole with marks: say who introduced it
                found = [Passage(p.words, p.sentences, intro[0] if intro else None) if p in marked else p for p in found]
            elif words and not quotations(line):
                found.append(Passage(words, tuple(_within(inside, words.start, words.end)), intro[0] if intro else None,
                                     marked=False))
    unique: dict[tuple[int, int], Passage] = {}
    for p in found:
        unique.setdefault((p.words.start, p.words.end), p)
    return sorted(unique.values(), key=lambda p: (p.words.start, -p.words.end))

"""The parts of a source text a curator looks for: sentences, quoted passages, and the names
of known entities, each with its span in the text (Python string offsets, as anchors use).

Rules only, deterministic, no model: sentences end at . ! ? (outside a few abbreviations) or
at a line break; quotations are paired marks, curly or straight, double or single, nested."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "prof", "sen", "rep", "gov",
                 "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
                 "u.s", "u.k", "u.n", "e.g", "i.e"}
_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+|$)")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Span]:
    """Every sentence, a headline or a caption line counting as one."""
    out = []
    for line in re.finditer(r"[^\n]+", text):
        begin = line.start()
        for end in _END.finditer(line.group()):
            before = line.group()[:end.start()].rsplit(None, 1)
            word = before[-1].lower().strip("(\"“'‘") if before else ""
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
            stop = line.start() + end.end()
            out += _span(text, begin, stop)
            begin = stop
        out += _span(text, begin, line.end())
    return out


def _span(text: str, start: int, end: int) -> list[Span]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [Span(start, end, text[start:end])] if re.search(r"\w", text[start:end]) else []


# (opening, closing) marks; straight quotes open after a space or an opening bracket
_PAIRS = (("“", "”"), ("‘", "’"), ('"', '"'), ("'", "'"))


def quotations(sentence: Span) -> list[Span]:
    """The quoted passages of a sentence (the words inside the marks), outer and nested, in
    order of their start. An apostrophe inside a word never opens or closes a quotation; two
    apostrophes ('') are a double quotation mark."""
    found = []
    text = sentence.text.replace("''", '" ')  # doubled apostrophes are a double quotation mark (same length)
    for opening, closing in _PAIRS:
        single = opening in "'‘"
        i = 0
        while (start := text.find(opening, i)) >= 0:
            i = start + 1
            if single and start > 0 and text[start - 1].isalnum():
                continue  # Pakistan’s, don't
            end = _closing(text, start + 1, closing, single)
            if end is None:
                continue
            inner = text[start + 1:end].strip()
            inner = inner.rstrip(",.;:").rstrip()
            if re.search(r"[A-Za-z]", inner):
                s = sentence.start + start + 1 + (len(text[start + 1:end]) - len(text[start + 1:end].lstrip()))
                found.append(Span(s, s + len(inner), sentence.text[s - sentence.start:s - sentence.start + len(inner)]))
            i = end + 1
    return sorted(set(found), key=lambda q: (q.start, -q.end))


def _closing(text: str, start: int, closing: str, single: bool) -> int | None:
    i = start
    while (end := text.find(closing, i)) >= 0:
        after = text[end + 1:end + 2]
        if single and after.isalpha():
            i = end + 1  # an apostrophe: ‘Pakistan’s …’
            continue
        return end
    return None


@dataclass(frozen=True)
class Name:
    start: int
    end: int
    entity: str


class Names:
    """Finds the known names (entity names and aliases) in a text, longest first, case-insensitive,
    on word boundaries."""

    def __init__(self, names: Iterable[tuple[str, str]]):
        by_name: dict[str, str] = {}
        for entity, name in names:
            by_name.setdefault(name.casefold(), entity)
        self.by_name = by_name
        alternatives = "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE) if by_name else None

    def find(self, text: str, offset: int = 0) -> list[Name]:
        if self.pattern is None:
            return []
        return [Name(offset + m.start(), offset + m.end(), self.by_name[m.group().casefold()])
                for m in self.pattern.finditer(text)]


_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]*(?:[ \t]+(?:of|the|de|al|bin|von|van)?[ \t]*[A-Z][\w’'-]*)*")
COMMON = {"the", "a", "an", "in", "on", "at", "he", "she", "it", "they", "we", "i", "his", "her", "their", "this",
          "that", "these", "those", "but", "and", "or", "as", "while", "during", "after", "before", "according",
          "prime", "minister", "president", "mr", "mrs", "ms", "photo", "file", "published", "post", "source",
          "several", "both", "two", "recalling", "opinion", "editorial", "share", "comment", "leave", "reply",
          "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
          "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
          "however", "also", "meanwhile", "earlier", "last", "next", "its", "there", "if", "when", "with", "for",
          "from", "by", "to", "of", "said", "is", "was", "has", "had", "will", "would", "can", "our", "my", "your",
          "then", "now", "thus", "so", "only", "left", "right", "former", "many", "some", "most", "other", "such",
          "speaking", "addressing", "asked", "furthermore", "moreover", "yet", "still", "here"}


# Words that are never a name of their own: month abbreviations and time zones (months and
# weekdays are in COMMON).
NOT_NAMES = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue",
             "tues", "wed", "thu", "thurs", "fri", "sat", "sun", "gmt", "utc", "ist", "pkt", "pst", "pdt", "est",
             "edt", "cst", "cdt", "mst", "mdt", "bst", "cet", "cest", "eet", "eest", "msk", "jst", "kst", "aest",
             "et", "pt", "am", "pm", "a.m", "p.m"}
_POSSESSIVE = re.compile(r"[’']s?$")


def _ordinary(word: str, text: str) -> bool:
    """A word that is capitalised only where it starts a sentence: it is printed in lower case
    elsewhere in the text, or is a common word."""
    bare = word.lower().strip("’'")
    return bare in COMMON or re.search(rf"(?<![\w’'-]){re.escape(bare)}(?![\w’'-])", text) is not None


_DEMONYM = re.compile(r"(?:an|ans|ian|ians|ese|i|is|ish)$")


def _derived(word: str, known: set[str]) -> bool:
    """A demonym or a compound of known names: 'Afghan', 'Pakistani', 'Russian-Pakistani'."""
    parts = [p.lower() for p in re.split(r"[-–]", word) if p]
    return bool(parts) and all(p in known or (_DEMONYM.search(p) is not None and any(
        k.startswith(p[:4]) for k in known if len(p) >= 4)) for p in parts)


def new_names(text: str, names: Names) -> Iterator[tuple[str, int]]:
    """Capitalised names no entity or alias covers, with their first offset: candidates for
    entities.yaml. Not a name: a possessive's "’s" ("Khan’s" is Khan), a weekday, a month or
    its abbreviation, a time zone, a demonym or compound of known names ("Afghan",
    "Pakistan-Russia"), or an ordinary word capitalised because it starts a sentence
    ("Speaking to reporters, …")."""
    covered = [(n.start, n.end) for n in names.find(text)]
    starts = {s.start for s in sentences(text)}
    known = {w for name in names.by_name for w in name.split()}
    for m in _CAPITALISED.finditer(text):
        found = [(w.start() + m.start(), _POSSESSIVE.sub("", w.group())) for w in re.finditer(r"\S+", m.group())]
        words = [(at, w) for at, w in found
                 if w.lower().strip("’'.") not in COMMON and w.lower().rstrip(".") not in NOT_NAMES]
        if words and words[0][0] in starts and _ordinary(words[0][1], text):
            words = words[1:]  # "Speaking Putin" at a sentence's start: "Putin"
        if not words:
            continue
        start = words[0][0]
        phrase = " ".join(w for _, w in words)
        end = start + len(phrase)
        if len(words) == 1 and (start in starts or len(phrase) < 3 or _ordinary(phrase, text) or _derived(phrase, known)):
            continue
        if any(a <= start and end <= b for a, b in covered) or phrase.isupper() and len(phrase) <= 2:
            continue
        yield phrase, start

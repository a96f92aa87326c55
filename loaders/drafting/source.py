"""The source a draft reads, as read once: its text, sentences and their grammar, the quoted
passages, the dateline, the entities and the names they go by, the facts already curated; and
what every part of the drafter asks of it (the sentences before one, who an entity is, a
sentence cited, a new id). ``SourceReading`` is the first of the classes ``Draft`` is made of
(``reader.py``), each adding a stage of the reading."""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from ...schema import Entity, Source
from ...schema.kinds import RECORD_KINDS
from ..anchor import AnchorError, anchor
from ..build import fact_files, registry, up_to_date
from ..passages import COMMON as COMMON_WORDS
from ..passages import Names, Span
from ..recordfiles import RecordFile
from ..register import slug
from ..reldates import dateline
from ..safefiles import Unsafe, check_file, read_inside
from . import jointtext, turns
from .candidate import Candidate
from .known import CONTENT_WORD, STOP, Known, in_database
from .offices import Offices
from .parse import Grammar, ParserMissing
from .quotes import Passage, passages
from .sentences import draft_sentences
from .speakers import SPEAKER_KINDS, first_speaker, reporting_verb, subject

REPORTING_WORDS = {"said", "says", "say", "told", "added", "noted", "stressed", "according"}


class DraftFailed(Exception):
    """The draft cannot be made (unknown source, unreadable registry); nothing was written."""


def first_words(text: str, n: int, skip: str | None = None) -> list[str]:
    """The first ``n`` words that carry meaning, in order: for readable ids."""
    skipped = STOP | REPORTING_WORDS | set((skip or "").split("-"))
    return [w for w in CONTENT_WORD.findall(text.lower()) if w not in skipped][:n]


def read_records(path: Path, sections: dict, seeds: Path) -> list:
    try:  # the build's rules: no link out, no pipe, no folder through a link
        check_file(path, seeds, path.relative_to(seeds).as_posix())
    except Unsafe as exc:
        raise DraftFailed(f"{exc}: run facts build first") from None
    file = RecordFile(path, path.name, sections)
    records = [r for _, r in file.records()]
    if file.problems:
        raise DraftFailed(f"{path} has problems: run facts build first ({file.problems[0]})")
    return records


def blanked(sentence: Span, quotes: list[Span]) -> str:
    """The sentence with its quoted words blanked (same length, so offsets hold)."""
    text = sentence.text
    for q in quotes:
        a, b = max(0, q.start - sentence.start), min(len(text), q.end - sentence.start)
        if a < b:
            text = text[:a] + " " * (b - a) + text[b:]
    return text


def surnames(entities: Any, names: Names, text: str) -> list[tuple[str, str]]:
    """A person's surname as a name of theirs, where the text names them in full ("Shah Mehmood
    Qureshi", then "Qureshi"; a report's convention): the last word of their name, unless another
    entity's name or alias holds that word too, or it is a common word."""
    found = {n.entity for n in names.find(text)}
    last: dict[str, set[str]] = {}
    for e in entities:
        for name in (e.name, *e.aliases):
            for word in re.findall(r"[A-Z][\w’'-]+", name):
                last.setdefault(word.casefold(), set()).add(e.id)
    out = []
    for e in entities:
        words = e.name.split()
        if e.kind != "person" or e.id not in found or len(words) < 2 or not re.fullmatch(r"[A-Z][a-z’'-]{3,}", words[-1]):
            continue
        word = words[-1]
        if last.get(word.casefold(), set()) == {e.id} and word.casefold() not in COMMON_WORDS and word.casefold() not in names.by_name:
            out.append((e.id, word))
    return out


class SourceReading:
    """The source as read, and what the stages of a draft ask of it."""

    def __init__(self, seeds: Path, source_id: str, db: Path | None = None):
        self.seeds = Path(seeds)
        self.db = db  # a database built from the seeds: the facts already curated are read from it
        sources = {s.id: s for s in read_records(registry(self.seeds, "sources"), {"sources": Source}, self.seeds)}
        if source_id not in sources:
            raise DraftFailed(f"no source '{source_id}' in {registry(self.seeds, 'sources')}: register it with facts add-source")
        self.source: Source = sources[source_id]
        path = self.seeds / "sources" / self.source.file
        try:
            self.text = read_inside(self.seeds / "sources", self.source.file, f"sources/{self.source.file}").decode("utf-8")
        except Unsafe as exc:
            raise DraftFailed(f"{exc}: run facts build first") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise DraftFailed(f"cannot read {path}: {exc}") from None
        entities_file = registry(self.seeds, "entities")
        self.entities: dict[str, Entity] = ({e.id: e for e in read_records(entities_file, {"entities": Entity}, self.seeds)}
                                            if os.path.lexists(entities_file) else {})
        self.names = Names((e.id, n) for e in self.entities.values() for n in (e.name, *e.aliases))
        self.names = Names([(e.id, n) for e in self.entities.values() for n in (e.name, *e.aliases)]
                           + surnames(self.entities.values(), self.names, self.text))
        self.offices = Offices(self.entities.values())
        self._told: list[Candidate] = []  # the meetings told so far, as candidates() reads the text
        self._said: Candidate | None = None  # the last statement or quote with a speaker: who "he" may be
        self.known = self._known()
        self.ids: set[str] = {k.id for k in self.known}
        try:
            self.sentences = draft_sentences(self.text)
            self.grammar = Grammar(self.text, self.sentences)
        except ParserMissing as exc:
            raise DraftFailed(str(exc)) from None
        self.subject_sides = 0  # of the meeting last read by the grammar: how many of its sides were its subject
        self.person_names = {e.text for s in self.sentences for e in self.grammar.entities(s) if e.label == "PERSON"}
        self.transcript = turns.is_transcript(self.text)  # a press conference told in turns ("Minister Motegi: …")
        self.passages: list[Passage] = []
        for found in passages(self.text, self.sentences):
            if found.marked or (found.attribution is not None and self._kind_of(self._who_spoke(found.attribution)[0] or "")
                                == "person"):
                self.passages.append(found)
        self.written = dateline(self.text, self.source.published)
        at = self.text.find(self.written.words) if self.written else -1
        self.dateline_span = (at, at + len(self.written.words)) if self.written and at >= 0 else (0, 0)
        self.day_written = self.written.date if self.written else self.source.published
        self.joint = jointtext.joint_texts(self.text, self.sentences, lambda s: self.names.find(s.text, s.start), self._kind_of,
                                           news=self.written is not None)

    def _known(self) -> list[Known]:
        """The facts already curated: from the database when it is a build of these very seeds
        by this code (no fact file parsed again), else from the fact files."""
        if self.db is not None and up_to_date(self.seeds, self.db):
            return in_database(self.db)
        known: list[Known] = []
        if not (self.seeds / "facts").is_dir():
            return known
        sections = {k.section: k.model for k in RECORD_KINDS}
        for path in fact_files(self.seeds):
            for record in read_records(path, sections, self.seeds):
                fact = Known.of(record)
                if fact is not None:
                    known.append(fact)
        return known

    def _before(self, i: int) -> Span | None:
        """The sentence before the i-th, if in the same paragraph or the paragraph just before."""
        earlier = self._earlier(i)
        return earlier[0] if earlier else None

    def _earlier(self, i: int, reach: int = 3) -> list[Span]:
        """Up to ``reach`` sentences before the i-th, nearest first, none more than ``reach``
        paragraphs before it (as far as lint lets an attribution stand from what it attributes)."""
        out = []
        for j in range(i - 1, max(-1, i - 1 - reach), -1):
            if self.text.count("\n", self.sentences[j].end, self.sentences[i].start) > reach:
                break
            out.append(self.sentences[j])
        return out

    def _index(self, sentence: Span) -> int:
        return next(i for i, s in enumerate(self.sentences) if s.start == sentence.start)

    def _kind_of(self, entity: str) -> str:
        return self.entities[entity].kind if entity in self.entities else ""

    def _breaks(self, start: int, end: int) -> int:
        """How many paragraph breaks lie between two offsets (a blank line between paragraphs is one)."""
        return len(re.findall(r"\n\s*", self.text[start:end]))

    def _opens_paragraph(self, sentence: Span, words: str) -> bool:
        """Whether the sentence is the first of its paragraph and opens with ``words``."""
        line = self.text.rfind("\n", 0, sentence.start) + 1
        return not self.text[line:sentence.start].strip() and sentence.text.lstrip().lower().startswith(words.lower())

    def _turn(self, sentence: Span) -> Span | None:
        """The label of the transcript turn a sentence is in ("Minister Motegi: …"), if any."""
        return turns.turn_at(self.text, sentence.start) if self.transcript else None

    def _who_spoke(self, span: Span, kinds: tuple[str, ...] = SPEAKER_KINDS) -> tuple[str | None, str]:
        names = self.names.find(span.text, span.start)
        quotes = [p.words for p in self.passages if p.words.start < span.end and span.start < p.words.end]
        unquoted = blanked(span, quotes)
        outside = [n for n in names if not any(q.start <= n.start < q.end for q in quotes)]
        verb = reporting_verb(unquoted)
        said = subject(span, unquoted, verb, outside, self._kind_of) if verb else None
        if said is not None and said.name and self._kind_of(said.name.entity) in kinds:
            return said.name.entity, self.text[said.name.start:said.name.end]
        first = first_speaker(outside, self._kind_of, kinds)
        return (first.entity, self.text[first.start:first.end]) if first else (None, "")

    def _citation(self, span: Span, role: str | None = None) -> dict[str, str]:
        exact = span.text
        cited = {"source": self.source.id, "exact": exact}
        try:
            anchor(self.text, exact)
        except AnchorError:
            for k in range(8, 400, 8):
                prefix = self.text[max(0, span.start - k):span.start]
                if self.text.count(prefix + exact) == 1:
                    cited["prefix"] = prefix
                    break
        if role:
            cited["role"] = role
        return cited

    def _id(self, *parts: str) -> str:
        base = slug("-".join(p for p in parts if p), limit=80)
        ident, n = base, 2
        while ident in self.ids:
            ident, n = f"{base}-{n}", n + 1
        self.ids.add(ident)
        return ident

    def _span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def sides(self, who: frozenset[str]) -> frozenset[str]:
        """The countries of some entities (a person's, an organisation's, a country's own code)."""
        return frozenset(c for e in who if e in self.entities and (c := getattr(self.entities[e], "country", None)))

    def _named(self, sentence: Span) -> frozenset[str]:
        return frozenset(n.entity for n in self.names.find(sentence.text, sentence.start))

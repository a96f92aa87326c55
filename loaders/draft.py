"""A draft fact file for one source: candidate facts a curator confirms, edits or deletes.

Every candidate is anchored in the source the way curated citations are (its sentence as the
excerpt, with a prefix where the sentence occurs twice), written in the format of the seeds'
fact files, with what was guessed marked as a guess. Candidates that match a fact already
curated are proposed as a citation to that fact, not as a new row. No network: the grammar of
each sentence is read offline by spaCy's small English pipeline (``drafting/parse.py``, the
``draft`` extra): speakers are the subject of the reporting verb, a meeting's sides its subject
and objects, named by the entity list or, where it names none, proposed as new entities (marked
as guesses). The words read are declared in ``drafting/vocabulary.py``; quotes, speakers, new
names and known facts are found by the other modules of ``drafting/``."""
from __future__ import annotations

import copy
import datetime
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..schema import Entity, Source
from ..schema.eventcodes import HELD_MEETING_CODES, INTENT_TO_MEET, label
from ..schema.kinds import RECORD_KINDS
from .anchor import AnchorError, anchor
from .build import fact_files, registry, up_to_date
from .drafting import jointtext, multilateral, reported, turns
from .drafting import vocabulary as v
from .drafting.known import (
    LATEST_DAYS,
    VAGUE_KINDS,
    Known,
    Match,
    also,
    dates_agree,
    day_hints,
    echoed,
    fact_status,
    in_database,
    match,
    of_meeting,
    reported_meeting,
    same_passage,
    tokens,
    words_of,
)
from .drafting.names import new_names, spelled_out
from .drafting.offices import Offices
from .drafting.parse import Clause, Grammar, ParserMissing, Phrase
from .drafting.quotes import Passage, passages
from .drafting.sentences import draft_sentences
from .drafting.speakers import SPEAKER_KINDS, Subject, first_speaker, reporting_verb, subject
from .evidence import attribution_near
from .leftovers import TODO
from .passages import COMMON as COMMON_WORDS
from .passages import Name, Names, Span
from .recordfiles import RecordFile
from .register import slug
from .reldates import FoundDate, dateline, find_date
from .safefiles import Unsafe, check_file, read_inside

_WORD = re.compile(r"[a-z]{3,}")
KIND_OF_SECTION = {k.section: k.name for k in RECORD_KINDS}
REPORTING_WORDS = {"said", "says", "say", "told", "added", "noted", "stressed", "according"}
ORDER = {k.section: list(k.model.model_fields) for k in RECORD_KINDS}  # keys in the models' order
STOP = {"the", "and", "that", "with", "for", "was", "were", "has", "had", "have", "said", "his", "her", "their",
        "this", "also", "from", "which", "who", "its", "are", "been", "between", "two", "on", "in", "of", "to"}


SUBJECT_REACH = 30  # how far into a sentence its subject's name may start ("Russian President Vladimir Putin")
RECENT_DAYS = 7  # how long before the day of writing an undated statement may have been made, unless it looks back


# An office that stands for its holder ("the Tajik President", "his Uzbek counterpart"): a side to name.
OFFICE_HEAD = re.compile(r"\b(?:president|prime minister|premier|foreign minister|minister|counterpart|chancellor|king|emir|"
                         r"leader|secretary of state|crown prince)$", re.I)


def _listed(phrase: Phrase) -> list[Phrase]:
    """A phrase split at its commas ("Putin, Macron" in a headline's subject)."""
    if ", " not in phrase.text:
        return [phrase]
    out, at = [], phrase.start
    for part in phrase.text.split(", "):
        out.append(Phrase(at, at + len(part), part, phrase.label))
        at += len(part) + 2
    return out


# A phrase of titles only ("State Councilor", "Deputy Prime Minister"): a title of the name it is joined to
# ("the Chancellor", with its article, is someone: an office to name).
TITLE_ONLY = re.compile(r"(?:(?:state|foreign|prime|deputy|vice|first|senior|chief|defen[cs]e|interior|finance|"
                        r"minister|councill?or|secretary|president|premier|chancellor|general|director|spokes\w+|of|and)\s*)+",
                        re.I)
# The mode a meeting's kind implies when only the grammar gave the kind.
MODE_OF_KIND = {"phone-call": "phone", "visit": "visit", "summit": "multilateral", "meeting": "third-party", "talks": "unknown"}
# Named-entity labels that may be a side of a meeting.
ACTOR_LABELS = ("PERSON", "ORG", "GPE")
PASSIVE = re.compile(r"\b(?:was|were|is|are|been|being|be)\s+(?:\w+ly\s+)?$")  # "was (warmly) received by"
PRONOUN = re.compile(r"[Hh]e|[Ss]he")  # a subject standing for the person named before


class DraftFailed(Exception):
    """The draft cannot be made (unknown source, unreadable registry); nothing was written."""


@dataclass(eq=False)
class Candidate:
    section: str
    record: dict[str, Any]
    guesses: list[str]
    sentence: Span
    who: frozenset[str]
    words: set[str]
    meeting: Candidate | None = None  # the meeting candidate it was said in (resolved when written)
    during: str = ""  # the words that place it in that meeting
    merged_into: Candidate | None = None
    matched: Match | None = None
    also: list[Known] = field(default_factory=list)  # other curated statements the sentence reports
    reports: bool = False  # a statement that only reports the meeting of its sentence
    kind_words: str = ""  # a meeting's words that gave its kind
    named_in: Span | None = None  # a statement's or quote's passage that names its speaker
    told_until: int = 0  # a meeting's: where the last sentence telling it again ends


def _first_words(text: str, n: int, skip: str | None = None) -> list[str]:
    """The first ``n`` words that carry meaning, in order: for readable ids."""
    skipped = STOP | REPORTING_WORDS | set((skip or "").split("-"))
    return [w for w in _WORD.findall(text.lower()) if w not in skipped][:n]


def _records(path: Path, sections: dict, seeds: Path) -> list:
    try:  # the build's rules: no link out, no pipe, no folder through a link
        check_file(path, seeds, path.relative_to(seeds).as_posix())
    except Unsafe as exc:
        raise DraftFailed(f"{exc}: run facts build first") from None
    file = RecordFile(path, path.name, sections)
    records = [r for _, r in file.records()]
    if file.problems:
        raise DraftFailed(f"{path} has problems: run facts build first ({file.problems[0]})")
    return records


def _same_words(text: str) -> str:
    """A sentence's words, case and punctuation aside: a headline and the same sentence below it."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def _title_case(text: str) -> bool:
    """A headline in title case ("Putin Says Talks Were Useful"): most of its longer words
    capitalised. Elsewhere a capitalised word is a name's ("SADC member States"), not a verb."""
    words = re.findall(r"[A-Za-z]{4,}", text)
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _blanked(sentence: Span, quotes: list[Span]) -> str:
    """The sentence with its quoted words blanked (same length, so offsets hold)."""
    text = sentence.text
    for q in quotes:
        a, b = max(0, q.start - sentence.start), min(len(text), q.end - sentence.start)
        if a < b:
            text = text[:a] + " " * (b - a) + text[b:]
    return text


class Draft:
    def __init__(self, seeds: Path, source_id: str, db: Path | None = None):
        self.seeds = Path(seeds)
        self.db = db  # a database built from the seeds: the facts already curated are read from it
        sources = {s.id: s for s in _records(registry(self.seeds, "sources"), {"sources": Source}, self.seeds)}
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
        self.entities: dict[str, Entity] = ({e.id: e for e in _records(entities_file, {"entities": Entity}, self.seeds)}
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
            for record in _records(path, sections, self.seeds):
                fact = Known.of(record)
                if fact is not None:
                    known.append(fact)
        return known

    # -- candidates ------------------------------------------------------------------------
    def candidates(self) -> list[Candidate]:
        out: list[Candidate] = []
        meetings: list[Candidate] = []
        quoted = [p.words for p in self.passages]
        last_link: tuple[Candidate, str] | None = None
        held_by: dict[int, list[tuple[Name, str]]] = {}
        self._told = meetings
        self._said = None
        said_before: dict[str, Candidate] = {}  # statements by their sentence's words
        for i, sentence in enumerate(self.sentences):
            previous = self._before(i)
            names = self.names.find(sentence.text, sentence.start)
            offices = self.offices.find(sentence.text, sentence.start, names)  # "his Pakistani counterpart"
            names = sorted(names + [n for n, _ in offices], key=lambda n: n.start)
            held_by[sentence.start] = offices
            quotes = [q for q in quoted if q.start < sentence.end and sentence.start < q.end]
            outside = [n for n in names if not any(q.start <= n.start < q.end for q in quotes)
                       and not self.dateline_span[0] <= n.start < self.dateline_span[1]]  # where it was written
            unquoted = _blanked(sentence, quotes)
            clauses = [c for c in self.grammar.clauses(sentence, quotes) if not c.negated]
            told_of = v.MEETING.search(sentence.text) or any(c.kind == "meeting" for c in clauses)
            self.subject_sides = 0
            meeting = self._meeting(sentence, outside, unquoted, meetings, i, clauses) if told_of else None
            further = self._further_meetings(sentence, outside, unquoted, meetings, i, clauses, meeting) if meeting else []
            if meeting is not None and self.subject_sides == 1:
                further = self._calls_each(meeting) + further
            if meeting is None and told_of and meetings:
                meeting = self._roles_only(sentence, unquoted, outside)  # "The meeting was chaired by Vasko"
            if meeting is not None and not further and (again := self._told_again(meeting, unquoted, meetings)) is not None:
                self._fold(meeting, again[0])  # "Vasko chaired the meeting, which was attended by …": the one told before
                meeting = None
                link = (again[0], f"'{again[1]}', the meeting told before")
            else:
                link = None
                meeting = None if meeting is not None and meeting.kind_words == "" else meeting
            if meeting:
                meetings.append(meeting)
            meetings += further
            link = link or self._link(sentence, previous, meeting, meetings)
            for passage in self.passages:
                if passage.sentences and passage.sentences[0] == sentence:
                    quote = self._quote(passage, previous, link)
                    if any(b.holds(passage.words) and len(b.signatories) > 1 for b in self.joint):
                        self.ids.discard(quote.record["id"])
                        continue  # the words of a joint text of several signatories: no one speaker's quote
                    if not self._no_quote(passage, quote):
                        out.append(quote)
                        self._spoke(quote)
            if meeting:
                out.append(meeting)
            out += further
            block = next((b for b in self.joint if b.holds(sentence)), None)
            if block is not None and block.named == sentence and len(block.signatories) == 1:
                out.append(self._joint_statement(block, link))
            if block is not None and (committed := jointtext.commitment(sentence.text)) is not None:  # quoted whole too
                out.append(self._joint_agreement(sentence, block, committed.group().strip(), meetings))
                continue
            if block is not None and (jointtext.OUR_VOICE.search(sentence.text) or v.JOINT_SUBJECT.match(sentence.text)):
                continue  # the joint text's own words, in its signatories' voice: no one speaker's statement
            if any(len(p.sentences) > 1 and sentence in p.sentences or (p.attribution == sentence and not p.continued)
                   for p in self.passages):
                continue  # a sentence of a quotation over several, or one introducing a block quote: the quote's
            outcome = v.OUTCOME.search(unquoted) and (link is not None or v.JOINT_SUBJECT.match(unquoted))
            if (v.agreeing(unquoted) and self.grammar.agreement(sentence, quotes)) or outcome:
                held = [m for m in meetings if m.record["status"] == "held"]
                if link is None and v.JOINT_SUBJECT.match(unquoted) and last_link is not None:
                    link = (last_link[0], f"'{v.JOINT_SUBJECT.match(unquoted).group().strip()}', "  # type: ignore[union-attr]
                                          f"the sides of the meeting of the sentence before")
                parts = v.outcomes(unquoted) if outcome else []
                for part in parts if len(parts) > 1 else [None]:
                    out.append(self._agreement(sentence, outside, previous, link, held[-1] if held else None, part))
                last_link = link
                agreed = v.AGREEING.search(unquoted)
                if quotes and agreed and sentence.start + agreed.start() >= max(q.end for q in quotes) and any(
                        c.kind == "reporting" and c.subjects for c in clauses):
                    # '"…," said Xi, adding that the two sides reached agreement on …': the quote's words are said too
                    # (not 'agreed to "closely cooperate …", it added': the agreement's own words)
                    statement = self._statement(sentence, unquoted, outside, previous, link)
                    out.append(statement)
                    self._spoke(statement)
                    out += self._added(sentence, unquoted, outside, previous, link, quotes, clauses)
                continue
            last_link = link
            said_by = self._parsed_subject(sentence, outside, None)
            if v.CHARACTERISATION.search(said_by[1] if said_by is not None and not v.SEEN_AS.search(unquoted) else unquoted):
                continue  # "the visit is seen as…", "analysts say": the reporter's characterisation
            if (re.search(r"\b(?:I|my|me)\b", unquoted) and not self._reported_in_turn(sentence, clauses)) or (
                    not quotes and unquoted.rstrip().endswith(":")):
                continue  # the writer's own voice ("my latest analysis"), or what introduces the words that follow
                # (in a transcript's turn, "I stated that …" is the one speaking: a statement)
            if unquoted.rstrip().endswith("?") or (self.transcript and turns.asking_at(self.text, sentence.start)):
                continue  # a question, or a questioner's turn in a transcript: asked, not said
            if self._reports(sentence, unquoted, clauses) and not self._impersonal(unquoted):
                statement = self._statement(sentence, unquoted, outside, previous, link)
                if statement.record["speaker"] == TODO and (
                        said := re.match(r'speaker: "([^"]*)"', statement.guesses[0])) and v.GENERIC_SPEAKER.match(said.group(1)):
                    continue  # "analysts say", "media reports said": no one to name
                if statement.record["speaker"] == TODO and v.JOINT_SUBJECT.match(said_by[1] if said_by else unquoted) and not any(
                        self._kind_of(n.entity) in ("person", "organization") for n in outside) and not self._issuer_speaks(statement, i):
                    continue  # "The two sides stressed…": no one speaker, nor a readout told before to give it to
                statement.reports = bool(meeting and not statement.who & meeting.who and meeting.record["status"] == "held"
                                         and (statement.who or v.SAID_AT_END.search(unquoted)))
                # "Alpha and Beta discussed trade, the Xlandish Foreign Ministry said": the meeting, by whoever told it
                words = _same_words(sentence.text)
                same = said_before.get(words)
                if same is not None:  # a headline printed again as the first sentence: one statement, cited twice
                    same.record["citations"].append(self._citation(sentence))
                    same.guesses.append(f"told again in the same words: \"{sentence.text[:60]}…\"")
                    self.ids.discard(statement.record["id"])
                    continue
                said_before[words] = statement
                out.append(statement)
                self._spoke(statement)
                out += self._added(sentence, unquoted, outside, previous, link, quotes, clauses)
                out += self._second_speaker(sentence, unquoted, outside, previous, link, statement, clauses)
        for c in out:  # mark every office read as its holder
            for name, words in held_by.get(c.sentence.start, []):
                if name.entity in c.who:
                    c.guesses.append(f"'{words}' is '{name.entity}': the one holder of that office the entity list "
                                     "holds for that country")
        return out

    def _added(self, sentence: Span, unquoted: str, names: list, previous: Span | None, link: tuple[Candidate, str] | None,
               quotes: list[Span], clauses: list[Clause]) -> list[Candidate]:
        """A second statement of a sentence that quotes someone and goes on in reported speech
        (``reported.added_after_quote``): the quote's statement is the other."""
        clause = reported.added_after_quote(self.text, sentence, quotes, clauses)
        if clause is None:
            return []
        statement = self._statement(sentence, unquoted, names, previous, link)
        statement.guesses.append(f"a second statement of the sentence: '{clause.verb} …' after the quotation, "
                                 "in reported speech")
        return [statement]

    def _second_speaker(self, sentence: Span, unquoted: str, names: list, previous: Span | None,
                        link: tuple[Candidate, str] | None, first: Candidate, clauses: list[Clause]) -> list[Candidate]:
        """A second speaker's statement in the same sentence (``reported.second_speaker``): "Putin
        said the talks were useful, while Khan stressed the need for aid"."""
        second = reported.second_speaker(self.text, sentence, clauses, self._turn(sentence) is not None)
        if second is None:
            return []
        who = second.subjects[0]
        statement = self._statement(sentence, unquoted, names, previous, link)
        named = [n for n in names if who.start <= n.start and n.end <= who.end and self._kind_of(n.entity) in SPEAKER_KINDS]
        statement.record["speaker"] = named[-1].entity if named else TODO
        statement.who = frozenset([named[-1].entity]) if named else frozenset()
        statement.guesses[0] = (f"speaker '{named[-1].entity}' from \"{who.text}\", the subject of '{second.verb}'" if named
                                else f"speaker: \"{who.text}\", the subject of '{second.verb}', is no known entity; replace '{TODO}'")
        statement.guesses.append(f"a second statement of the sentence: '{who.text} {second.verb} …', another speaker "
                                 f"than the first's ({first.record['speaker']})")
        return [statement]

    def _named_before(self, i: int, exclude: str) -> str | None:
        """The person a stand-in subject stands for: the one named first, at the start, in the
        nearest sentence before the i-th that starts with a person's name (quotations aside),
        unless that is ``exclude``."""
        quoted = [p.words for p in self.passages]
        for before in self._earlier(i):
            people = [n for n in self.names.find(before.text, before.start)
                      if self._kind_of(n.entity) == "person" and not any(q.start <= n.start < q.end for q in quoted)]
            if people and people[0].start - before.start <= SUBJECT_REACH and people[0].entity != exclude:
                return people[0].entity  # the subject of the sentence before, as far as its first words say
        return None

    def _issuer_speaks(self, statement: Candidate, i: int) -> bool:
        """Give a statement of "the two sides" to the organisation whose readout the sentences just
        before cite ("According to the Kremlin's readout, …"): its account of the meeting. Whether one is."""
        for k, before in enumerate(self._earlier(i)):
            entity, shown = self._who_spoke(before, ("organization",))
            if entity:
                where = "the sentence before" if not k else f"the sentence {k + 1} before"
                statement.record["speaker"] = entity
                statement.who = frozenset([entity])
                statement.guesses[0] = (f"speaker '{entity}' from \"{shown}\" in {where}: '"
                                        f"{v.JOINT_SUBJECT.match(statement.sentence.text).group().strip()}' is its account; "  # type: ignore[union-attr]
                                        "that sentence is cited as the attribution")
                statement.record["citations"].append(self._citation(before, "attributes"))
                statement.record["id"] = self._id(entity, *_first_words(statement.sentence.text, 5))
                return True
        return False

    def _no_quote(self, passage: Passage, quote: Candidate) -> bool:
        """Quotation marks that are no one's quoted words: a headline's (the news is told again below,
        by a speaker the body names), a title ('titled "Prosperity for All"', words in title case),
        or scare quotes of two or three words no speaker of their own sentence says."""
        words = passage.words.text
        if not passage.marked:
            return False
        headline = self.text.split("\n", 1)[0]
        if passage.words.end <= len(headline) and (quote.record["speaker"] == TODO or self.text.count(words) > 1):
            return True
        before = self.text[max(0, passage.words.start - 30):passage.words.start]
        if re.search(r"\b(?:titled|entitled|named|dubbed|headlined|called|known as|the theme|themed|under the (?:theme|title|slogan))"
                     r"[\s,:]*[\"“‘']*$", before, re.I) and not v.REPORTING.search(before):
            return True
        tokens = words.split()
        if len(tokens) <= 8 and not re.search(r"[.!?,;]$", words) and all(
                t[0].isupper() or t.lower() in ("for", "of", "and", "the", "in", "on", "to", "a", "an", "with", "at")
                for t in tokens) and not re.match(r"(?:I|We|You|Our|My|This|It)\b", words):
            return True  # a title in title case ("Prosperity for All", "Capital Declaration")
        own = _blanked(quote.sentence, [p.words for p in self.passages])
        # scare quotes: 'the so-called "reset"', no one saying them in their own sentence
        return len(tokens) <= 3 and not v.REPORTING.search(own)

    @staticmethod
    def _reports(sentence: Span, unquoted: str, clauses: list[Clause]) -> bool:
        """Whether a sentence (quotations aside) reports speech: a reporting predicate, by its lemma,
        with a subject ("has blamed", "tweeted", "…, saying"), or "according to"; else a reporting
        word the parse did not read as one (a headline's grammar)."""
        if any(c.kind == "reporting" and (c.subjects or c.lemma == "according to") for c in clauses):
            return True
        return any((m.group()[0].islower() or _title_case(unquoted))
                   and not re.search(r"\b(?:not|never|n't)\s+(?:\w+\s+)?$", unquoted[:m.start()], re.I)
                   for m in v.REPORTING.finditer(unquoted))  # "has not posted the statement": nothing said

    @staticmethod
    def _impersonal(unquoted: str) -> bool:
        """Whether every reporting verb of a sentence is in a construction no one is the subject of
        ("it must be stressed that", "Pakistan is believed to")."""
        spans = [m.span() for m in v.IMPERSONAL.finditer(unquoted)]
        return bool(spans) and all(any(a <= m.start() < b for a, b in spans) for m in v.REPORTING.finditer(unquoted))

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

    def _link(self, sentence: Span, previous: Span | None, here: Candidate | None,
              meetings: list[Candidate]) -> tuple[Candidate, str] | None:
        """The meeting candidate a statement, quote or agreement of this sentence was said in:
        the meeting its own sentence reports, or the last one before when it or the sentence
        before says "during the call" (or the like)."""
        if here is not None and here.record["status"] == "held":
            return here, "its sentence reports that meeting"
        last = meetings[-1] if meetings and meetings[-1].record["status"] == "held" else None
        if last is None:
            return None
        for text in (sentence.text, previous.text if previous else ""):
            if m := v.DURING.search(text):
                kinds = v.kinds_during(m.group())
                fitting = [c for c in reversed(meetings) if c.record["status"] == "held" and c.record["kind"] in kinds]
                if fitting:
                    return fitting[0], f"'{m.group()}'"
        if previous is not None and last.sentence == previous and (m := v.MEETING.search(sentence.text)):
            return last, f"'{m.group()}', just after the sentence reporting the {last.record['kind']}"
        return None

    def _kind_of(self, entity: str) -> str:
        return self.entities[entity].kind if entity in self.entities else ""

    def _speaker(self, sentence: Span, unquoted: str, names: list[Name], previous: Span | None,
                 near: int | None = None) -> tuple[str | None, str, Span | None]:
        """(speaker, why, the passage that names them when that is not ``sentence``): the
        subject of the reporting verb; else, for "he said", "the statement added" or no
        name at all, who spoke in the sentence before. The subject is the grammar's (the subject
        of the outermost reporting verb, or of the one nearest the quotation at ``near``); the
        rules' where the parse gives none."""
        parsed = self._parsed_subject(sentence, names, near)
        if parsed is not None and parsed[0] is not None:
            name = parsed[0]
            return (name.entity, f"speaker '{name.entity}' from \"{self.text[name.start:name.end]}\", the subject of "
                    f"'{parsed[2]}'", None)
        verb = reporting_verb(unquoted, near)
        said = None
        if verb:
            said = subject(sentence, unquoted, verb, names, self._kind_of)
            if said.name:
                return (said.name.entity, f"speaker '{said.name.entity}' from \"{self.text[said.name.start:said.name.end]}\", "
                        f"the subject of '{said.verb}'", None)
        if parsed is not None and parsed[1]:
            said = Subject(None, parsed[1], parsed[2])  # the grammar's subject: "the press service added"
        elif (first := first_speaker(names, self._kind_of)) is not None:
            return first.entity, f"speaker '{first.entity}' from \"{self.text[first.start:first.end]}\" in the sentence", None
        if previous is not None and (said is None or said.stands_in or not said.words):
            prefer = ("organization",) if said is not None and said.for_issuer else ("person",)
            for k, before in enumerate(self._earlier(self._index(previous) + 1)):
                entity, shown = self._who_spoke(before, prefer if k or said is not None else SPEAKER_KINDS)
                if entity and said is not None and said.stands_in and self._said is not None and \
                        self._said.sentence.start >= before.start and self._said.record["speaker"] != entity and \
                        (carried := self._carried(sentence, said)) is not None:
                    return carried  # "Vasko said … She told Brel … She added": hers, who spoke there, not Brel's
                if entity:
                    stands = f"'{said.words}' stands for them" if said and said.words else "the sentence itself names nobody"
                    where = "the sentence before" if not k else f"the sentence {k + 1} before"
                    return (entity, f"speaker '{entity}' from \"{shown}\" in {where} ({stands}); that "
                            "sentence is cited as the attribution", before)
        if said is not None and said.stands_in and (carried := self._carried(sentence, said)) is not None:
            return carried
        if said is not None and said.words:
            return None, f"speaker: \"{said.words}\", the subject of '{said.verb}', is no known entity; replace '{TODO}'", None
        return None, f"speaker: none named; replace '{TODO}'", None

    def _spoke(self, said: Candidate) -> None:
        """Remember a statement or quote whose speaker is known, with the passage naming them."""
        speaker = said.record.get("speaker")
        if speaker and speaker != TODO:
            attributions = [c for c in said.record["citations"] if c.get("role") == "attributes"]
            said.named_in = self._cited_span(attributions[-1]) if attributions else said.sentence
            self._said = said

    def _cited_span(self, citation: dict[str, str]) -> Span:
        at = self.text.find(citation.get("prefix", "") + citation["exact"]) + len(citation.get("prefix", ""))
        return self._span(at, at + len(citation["exact"]))

    def _carried(self, sentence: Span, said: Subject) -> tuple[str, str, Span | None] | None:
        """Subject carry-over in a readout's paragraph: "Wang said … He stressed … The minister
        added …": a stand-in subject ("he", "she", "the minister") is the speaker of the
        statement or quote just before it in the same paragraph (or in the paragraph just before,
        when this sentence opens its paragraph with a pronoun). The passage naming that speaker is
        cited as the attribution (lint reads it with the sentence: same paragraph, or a few before).
        None when there is no such statement, or the stand-in is an issuer ("the statement", "it")
        and the speaker a person, or a person's title and the speaker an organisation."""
        last = self._said
        if last is None or last.named_in is None or last.sentence.start >= sentence.start:
            return None
        breaks = self._breaks(last.sentence.end, sentence.start)
        pronoun = re.match(r"(?:he|she)$", said.words, re.I)
        if breaks > 1 or (breaks == 1 and not (pronoun and self._opens_paragraph(sentence, said.words))):
            return None
        speaker = last.record["speaker"]
        if (self._kind_of(speaker) == "person") == bool(said.for_issuer):
            return None  # "the ministry added" after a person spoke, "he added" after an office did
        if not attribution_near(self.text, (last.named_in.start, last.named_in.end), (sentence.start, sentence.end)):
            return None
        shown = self.text[last.named_in.start:last.named_in.end]
        where = "the same paragraph" if not breaks else "the paragraph before"
        return (speaker, f"speaker '{speaker}' carried over: '{said.words}', the subject of '{said.verb}', stands for the "
                f"speaker of the statement before in {where}; \"{shown}\" names them and is cited as the attribution",
                None if last.named_in.start <= sentence.start < last.named_in.end else last.named_in)

    def _breaks(self, start: int, end: int) -> int:
        """How many paragraph breaks lie between two offsets (a blank line between paragraphs is one)."""
        return len(re.findall(r"\n\s*", self.text[start:end]))

    def _opens_paragraph(self, sentence: Span, words: str) -> bool:
        """Whether the sentence is the first of its paragraph and opens with ``words``."""
        line = self.text.rfind("\n", 0, sentence.start) + 1
        return not self.text[line:sentence.start].strip() and sentence.text.lstrip().lower().startswith(words.lower())

    def _parsed_subject(self, sentence: Span, names: list[Name], near: int | None) -> tuple[Name | None, str, str] | None:
        """(the known name, the words, the verb) of the subject of a sentence's reporting verb as
        parsed: the outermost one, or the one nearest the quotation at ``near``. The name is the
        one the subject is (its head), else one inside it ("the Kremlin's press service")."""
        quoted = [p.words for p in self.passages]
        clauses = [c for s in self.sentences if sentence.start <= s.start < sentence.end
                   for c in self.grammar.clauses(s, quoted) if c.kind == "reporting" and c.subjects and not c.negated]
        if not clauses:
            return None
        if near is not None:
            clause = min(clauses, key=lambda c: (abs(c.start - sentence.start - near), c.depth))
        else:
            clause = min(clauses, key=lambda c: (c.depth, c.start))
        phrase = clause.subjects[0]
        if phrase.text.lower() in ("it", "which", "that", "who"):
            return None
        inside = [n for n in names if phrase.start <= n.start and n.end <= phrase.end and self._kind_of(n.entity) in SPEAKER_KINDS]
        head = [n for n in inside if n.end == phrase.end]
        return ((head or inside)[-1] if inside else None), phrase.text, clause.verb

    def _who_spoke(self, span: Span, kinds: tuple[str, ...] = SPEAKER_KINDS) -> tuple[str | None, str]:
        names = self.names.find(span.text, span.start)
        quotes = [p.words for p in self.passages if p.words.start < span.end and span.start < p.words.end]
        unquoted = _blanked(span, quotes)
        outside = [n for n in names if not any(q.start <= n.start < q.end for q in quotes)]
        verb = reporting_verb(unquoted)
        said = subject(span, unquoted, verb, outside, self._kind_of) if verb else None
        if said is not None and said.name and self._kind_of(said.name.entity) in kinds:
            return said.name.entity, self.text[said.name.start:said.name.end]
        first = first_speaker(outside, self._kind_of, kinds)
        return (first.entity, self.text[first.start:first.end]) if first else (None, "")

    def _date_in(self, text: str, ahead: bool = False) -> FoundDate | None:
        if self.written is not None:  # the dateline is the day of writing, not of what is reported
            text = text.replace(self.written.words, " ")
        text = v.LIKE_BEFORE.sub(" ", text)  # "who like last month was called": another event's date
        return find_date(text, self.source.published, self.source.id, self.written, ahead)

    def _dated(self, record: dict[str, Any], sentence: Span, guesses: list[str], previous: Span | None = None,
               ahead: bool = False) -> None:
        found = None
        if ahead:  # "said on Tuesday that he will visit later this year": the visit's date, not the saying's
            found = self._date_in(v.WEEKDAY_WORDS.sub(" ", sentence.text), ahead)
        found = found or self._date_in(sentence.text, ahead) or self._entity_date(sentence, ahead)
        where = ""
        if found is None and previous is not None:
            found = self._date_in(previous.text)
            where = " in the sentence before"
        if found:
            record.update(date=found.date, date_basis=found.basis)
            if found.basis != "stated":
                record["date_note"] = found.note
            guesses.append(f"date {found.date} from '{found.words}'{where}")
        else:
            record["date_basis"] = "unknown"

    def _entity_date(self, span: Span, ahead: bool = False) -> FoundDate | None:
        """The date a DATE entity of the span gives where the rules read none in its words ("on
        September 14th", "on 2021-09-14", "this morning"), resolved against the day of writing."""
        compared = [(span.start + m.start(), span.start + m.end()) for m in v.LIKE_BEFORE.finditer(span.text)]
        for sentence in (s for s in self.sentences if span.start <= s.start < span.end):
            for entity in self.grammar.entities(sentence):
                if any(a <= entity.start < b for a, b in compared):
                    continue  # "like last month": another event's date
                if entity.label in ("DATE", "TIME") and not self.dateline_span[0] <= entity.start < self.dateline_span[1]:
                    found = self._date_in(date_words(entity.text), ahead)
                    if found is not None:
                        return FoundDate(found.date, found.basis, found.note.replace(f"'{found.words}'", f"'{entity.text}'"),
                                         entity.text)
        return None

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

    def _quote(self, passage: Passage, previous: Span | None, link: tuple[Candidate, str] | None) -> Candidate:
        excerpt = self._span(passage.excerpt.start, passage.excerpt.end)
        quotes = [p.words for p in self.passages if p.words.start < excerpt.end and excerpt.start < p.words.end]
        if passage.attribution is not None:  # the introduction of a block quote, a post's signature
            speaker, shown = self._who_spoke(passage.attribution)
            why = (f"speaker '{speaker}' from \"{shown}\", which introduces or signs the quotation (cited as the attribution)"
                   if speaker else f"speaker: none named where the quotation is introduced; replace '{TODO}'")
            attribution: Span | None = passage.attribution
        else:
            names = [n for n in self.names.find(excerpt.text, excerpt.start)
                     if not any(q.start <= n.start < q.end for q in quotes)]
            speaker, why, attribution = self._speaker(excerpt, _blanked(excerpt, quotes), names, previous,
                                                      near=passage.words.start - excerpt.start)
        guesses = [why]
        words = passage.words.text
        record: dict[str, Any] = {"id": self._id("quote", speaker or "", " ".join(words.split()[:6]))}
        self._dated(record, excerpt, guesses, previous)
        record.update(speaker=speaker or TODO, text=words, citations=[self._citation(excerpt)])
        if attribution is not None and not (excerpt.start <= attribution.start and attribution.end <= excerpt.end):
            record["citations"].append(self._citation(attribution, "attributes"))
        return self._linked(Candidate("quotes", record, guesses, excerpt, frozenset([speaker] if speaker else []),
                                      words_of(words)), link)

    @staticmethod
    def _linked(candidate: Candidate, link: tuple[Candidate, str] | None) -> Candidate:
        if link is not None:
            candidate.meeting, candidate.during = link
        return candidate

    def _statement(self, sentence: Span, unquoted: str, names: list, previous: Span | None,
                   link: tuple[Candidate, str] | None) -> Candidate:
        speaker, why, attribution = self._speaker(sentence, unquoted, names, previous)
        guesses = [why]
        record: dict[str, Any] = {"id": self._id(speaker or "statement", *_first_words(sentence.text, 5, speaker))}
        self._dated(record, sentence, guesses, previous)
        code, words = v.statement_code(unquoted)
        guesses.append(f"cameo {code} ({label(code)}) from '{words}'")
        record.update(speaker=speaker or TODO, summary=f"TODO: one faithful sentence. {sentence.text}",
                      cameo=code, citations=[self._citation(sentence)])
        if attribution is not None:
            record["citations"].append(self._citation(attribution, "attributes"))
        return self._linked(Candidate("statements", record, guesses, sentence, frozenset([speaker] if speaker else []),
                                      words_of(sentence.text)), link)

    def _agreement(self, sentence: Span, names: list, previous: Span | None, link: tuple[Candidate, str] | None,
                   told: Candidate | None = None, part: tuple[int, int] | None = None) -> Candidate:
        actors = self._actors(sentence, names)
        unquoted = _blanked(sentence, [p.words for p in self.passages])
        agreed, said = v.AGREEING.search(unquoted) or v.OUTCOME.search(unquoted), v.REPORTING.search(unquoted)
        if agreed and said and said.end() <= agreed.start() and not v.JOINT_SUBJECT.match(unquoted):
            actors = [n for n in actors if n.start >= sentence.start + said.end()]  # "Minh announced the content agreed
            # between ASEAN leaders": who tells of an agreement is no party to it
        parties = list(dict.fromkeys(n.entity for n in actors))
        both = v.BOTH_SIDES.search(unquoted) or v.JOINT_SUBJECT.match(unquoted)
        if both and len(parties) >= 2 and re.match(r"\W*[A-Z]", both.group()) and not re.match(
                r"\W*(?:they|the|both|all)\b", both.group(), re.I):
            against = link[0] if link is not None else told
            told_sides = {p["entity"] for p in against.record["participants"]} if against is not None else set()
            if not set(parties) <= told_sides:
                both = None  # "Alpha and Beta committed to …": the sides it names, not those of another meeting told before
                link = None if link is not None and link[0].sentence != sentence else link
        if link is None and both and told is not None:
            link = (told, f"'{both.group()}', the sides of the meeting told before")
        if link is None and parties and (same := [m for m in self._told if m.record["status"] == "held"
                                                  and set(parties) <= {p["entity"] for p in m.record["participants"]}]):
            link = (same[-1], f"parties {parties} are sides of the {same[-1].record['kind']} told before")
        sides = [p["entity"] for p in link[0].record["participants"]] if link is not None else []
        if (not parties or both or (link is not None and link[0].sentence == sentence and set(parties) < set(sides))) \
                and link is not None:  # "held a call with Lavrov, agreeing to…": its sides', named or not
            parties = sides
            guesses = [f"parties {parties}: the participants of the meeting it was agreed in"
                       + (f" ('{both.group()}')" if both else "")]
        else:
            guesses = [f"parties {parties} from the names in the sentence" if parties else f"parties: none named; replace '{TODO}'"]
        told_here = sentence.text if part is None else sentence.text[part[0]:part[1]].strip(" ,.")
        if part is not None:
            told_here = re.sub(r"^(?:and|also)\s+(?:also\s+)?", "", told_here)
            guesses.append(f"one of the outcomes the sentence lists: '{told_here}'")
        record: dict[str, Any] = {"id": self._id("agreement", *parties[:2], *_first_words(told_here, 4))}
        to_meet = v.AGREED_TO_MEET.search(sentence.text)
        if to_meet is not None:  # "agreed to meet again in September": the meeting's date, not the agreement's
            guesses.append(f"no date from '{sentence.text[to_meet.end():].strip(' .')}': the date of the meeting agreed on")
        self._dated(record, sentence if to_meet is None else self._span(sentence.start, sentence.start + to_meet.start()),
                    guesses, None if link is not None else previous)  # else the meeting's date
        status = "signed" if v.SIGNED.search(told_here) else "reached"
        code, words = v.agreement_code(told_here)
        guesses.append(f"cameo {code} ({label(code)}) from '{words}'")
        summary = f"TODO: what was agreed. {sentence.text}" if part is None else f"TODO: what was agreed. {told_here}"
        record.update(status=status, parties=parties or [TODO], summary=summary,
                      cameo=code, citations=[self._citation(sentence)])
        return self._linked(Candidate("agreements", record, guesses, sentence, frozenset(parties), words_of(sentence.text)),
                            link)

    def _joint_statement(self, block: jointtext.JointText, link: tuple[Candidate, str] | None) -> Candidate:
        """A joint text of one signatory (a format, an organisation) as its statement, cited where
        it is introduced with the signatory named; a text of several has no one speaker."""
        speaker = block.signatories[0]
        sentence = block.named
        guesses = [f"speaker '{speaker}': the one signatory of the joint text '{block.title[:80]}', its statement as a whole"]
        record: dict[str, Any] = {"id": self._id(speaker, *_first_words(block.title, 5, speaker))}
        self._dated(record, sentence, guesses)
        guesses.append(f"cameo {v.MAKE_STATEMENT} ({label(v.MAKE_STATEMENT)}): a joint text issued")
        record.update(speaker=speaker, summary=f"TODO: one faithful sentence. {sentence.text}", cameo=v.MAKE_STATEMENT,
                      citations=[self._citation(sentence)])
        return self._linked(Candidate("statements", record, guesses, sentence, frozenset([speaker]), words_of(sentence.text)),
                            link)

    def _joint_agreement(self, sentence: Span, block: jointtext.JointText, words: str,
                         meetings: list[Candidate]) -> Candidate:
        """A commitment of a joint text ("We agree to…", "The sides will…"): an agreement of its
        signatories, in the meeting the joint text tells of (if it tells of one), dated by its
        own words, else by that meeting or the joint text's date ("Issued in …, 12 May 2022")."""
        parties = list(block.signatories)
        guesses = [f"parties {parties}: the signatories of the joint text '{block.title[:80]}' "
                   f"(named in \"{block.named.text[:80]}\"); '{words}' commits them"]
        held = [m for m in meetings if m.record["status"] == "held" and (block.start <= m.sentence.start < block.end
                                                                          or set(parties) <= m.who)]
        link = (held[-1], "the meeting the joint text tells of") if held else None
        unquoted = _blanked(sentence, [p.words for p in self.passages])
        record: dict[str, Any] = {"id": self._id("agreement", *parties[:2], *_first_words(sentence.text, 4))}
        self._dated(record, sentence, guesses)
        if record["date_basis"] == "unknown" and link is None:
            closing = [s for s in self.sentences if block.start <= s.start < block.end and jointtext.CLOSING.match(s.text)]
            for dated in (*closing, block.named):  # "Done at Capital City on 8 July 2022" first
                found = self._date_in(dated.text)
                if found is not None:
                    del record["date_basis"]
                    record.update(date=found.date, date_basis=found.basis)
                    if found.basis != "stated":
                        record["date_note"] = found.note
                    guesses.append(f"date {found.date} from '{found.words}': the joint text's date")
                    break
        code, verb = jointtext.cameo(unquoted, words)
        guesses.append(f"cameo {code} ({label(code)}) from '{verb}'")
        record.update(status="signed" if v.SIGNED.search(unquoted) else "reached", parties=parties,
                      summary="TODO: what was agreed. " + sentence.text.strip(' "“”'), cameo=code,
                      citations=[self._citation(sentence)])
        return self._linked(Candidate("agreements", record, guesses, sentence, frozenset(parties), words_of(sentence.text)),
                            link)

    def _actors(self, sentence: Span, names: list) -> list:
        """The names that act in a sentence: not those it cites as its source ('as per the
        Prime Minister's Office', 'the Kremlin said'), nor places."""
        actors = []
        for n in names:
            before = self.text[max(sentence.start, n.start - 30):n.start].lower()
            after = self.text[n.end:min(sentence.end, n.end + 12)].lower()
            saying = re.match(r"\W{0,3}(said|says|added|stated)\b", after)
            if self._kind_of(n.entity) in ("organization", "country") and re.match(
                    r"[\w\s’'-]{0,25}?\b(?:said|says|reports|reported|informed|stated|announced|added)\W*$",
                    self.text[n.end:sentence.end]):
                continue  # "…, the Kremlin press-service reports": the source, at the sentence's end
            last = saying is not None and not re.search(r"\w", self.text[n.end + saying.end():sentence.end])
            if v.ATTRIBUTION.search(before) or (saying and (self._kind_of(n.entity) != "person" or last)):
                continue  # the source it cites ("the Kremlin said", "…, Peskov said"); "Modi said he…" acts
            if re.match(r"[’']s\s+\S", self.text[n.end:n.end + 4]) and any(
                    m.start > n.end and m.start - n.end <= 4 for m in names):
                continue  # "Turkey's Erdogan": a modifier of the name that follows
            if re.match(r"[’']s\s+(?:\w+\s+)?(?:envoy|ambassador|spokes\w+|minister|office|representatives?|aides?|"
                        r"advis[eo]rs?|counterparts?|officials?|delegation|deputy)\b", self.text[n.end:n.end + 30], re.I):
                continue  # "Beta's envoy": someone of Beta's, not Beta
            if v.COMPARED.search(self.text[max(sentence.start, n.start - 40):n.start]):
                continue  # "called Khan before US President Joe Biden": compared with, not a side
            if self._kind_of(n.entity) in ("country", "place") and (
                    re.match(r"[-–][A-Z]", self.text[n.end:n.end + 2]) or re.search(r"[A-Za-z][-–]$", self.text[max(0, n.start - 2):n.start])
                    or v.TOPIC_BEFORE.search(self.text[max(sentence.start, n.start - 40):n.start])
                    or v.TOPIC_AFTER.match(self.text[n.end:min(sentence.end, n.end + 40)])):
                continue  # what they spoke about: "talks on Afghanistan", "Pakistan-Russia relations", "India-US ties"
            if self._kind_of(n.entity) in ("person", "country", "organization", "format"):
                actors.append(n)
        return actors

    @staticmethod
    def _meeting_kind(text: str) -> tuple[str, str, str, bool] | None:
        """(kind, mode, the words, whether a meal) of the meeting a sentence reports."""
        sidelines = bool(v.SIDELINES.search(text))  # "met on the sidelines of the summit": a meeting there
        for pattern, kind, mode in ((v.VISIT, "visit", "visit"), (v.PHONE, "phone-call", "phone"),
                                    (v.SUMMIT, "summit", "multilateral"), (v.TALKS, "talks", "unknown"),
                                    (v.MET, "meeting", "third-party"), (v.MEAL, "visit", "visit"),
                                    (v.SIDELINES, "meeting", "third-party")):
            if sidelines and pattern is v.SUMMIT:
                continue
            m = pattern.search(text)
            if m and pattern is v.VISIT and m.group().lower().startswith("host") and multilateral.HOSTED_MEETING.search(text):
                continue  # "Xland hosted the meeting of the foreign ministers": a meeting hosted, no visitor received
            if m and not (pattern is v.VISIT and re.match(r"rec|host|arriv|on arr|welc", m.group(), re.I)
                          and v.PHONE.search(text)):
                return kind, mode, m.group().lower(), pattern is v.MEAL
        return None

    def _meeting(self, sentence: Span, names: list, unquoted: str, before: list[Candidate] | None = None,
                 sentence_index: int | None = None, clauses: list[Clause] | None = None,
                 only: Clause | None = None) -> Candidate | None:
        """The meeting a sentence reports, if any; with ``only``, the one that parsed predicate
        reports (a sentence may tell of two: "invited Beta to visit during their phone call")."""
        if only is not None:
            clauses = [only]
        actors = self._actors(sentence, names)
        persons = list(dict.fromkeys(n.entity for n in actors if self._kind_of(n.entity) == "person"))
        people = persons if len(persons) >= 2 else list(dict.fromkeys(
            n.entity for n in actors if self._kind_of(n.entity) in SPEAKER_KINDS))
        text = sentence.text
        formats = [n.entity for n in actors if self._kind_of(n.entity) == "format"]
        sides_from = ""
        parsed = None
        gathering: re.Match[str] | None = None  # one side at a gathering of many ("attended the ministers' meeting")
        if (formats or v.FORMAT.search(text)) and v.FORMAT_MEETING.search(text) and not v.SUMMIT.search(text):
            countries = list(dict.fromkeys(n.entity for n in actors if self._kind_of(n.entity) == "country"))
            people = countries if len(countries) >= 2 else list(dict.fromkeys(formats + countries))
            named = v.FORMAT.search(text) or v.FORMAT_MEETING.search(text)
            found: tuple[str, str, str, bool] | None = ("meeting", "multilateral", named.group().lower() if named else "", False)
            if not people:
                return None
        else:
            if len(persons) == 1:  # a leader and their own country are one side
                own = self.sides(frozenset(persons))
                people = [p for p in people if not (self._kind_of(p) == "country" and self.sides(frozenset([p])) and self.sides(frozenset([p])) <= own)]
            if len(persons) == 1 and (stand := v.SUBJECT_STAND_IN.match(unquoted)) and sentence_index is not None:
                other = self._named_before(sentence_index, exclude=persons[0])
                if other is not None:
                    people = [other] + [p for p in people if p != other]
                    sides_from = f"participants {people}: '{stand.group().strip()}' stands for '{other}', named before"
            said_kind = self._meeting_kind(text) if only is None else (only.meeting_kind,)
            parsed = (self._parsed_sides(sentence, clauses, names, said_kind[0] if said_kind else None)
                      if clauses and not sides_from else None)
            if parsed is not None and set(parsed[0]) != set(people) and (TODO not in parsed[0] or len(people) < 2):
                people, sides_from = parsed[0], parsed[1]  # the grammar's: not a topic, a source, an adjective ("his US counterpart")
            told_again = v.MEETING.search(v.DURING.sub(" ", unquoted))
            if len(people) < 2 and before and told_again and (both := v.BOTH_SIDES.search(unquoted)):
                told = before[-1]
                people = [p["entity"] for p in told.record["participants"]]
                sides_from = f"participants {people}: '{both.group()}', the sides of the meeting told before"
            if len(people) < 2 and formats and v.SUMMIT.search(text) and v.SUMMIT_EVENT.search(unquoted):
                people = list(dict.fromkeys(formats + people))  # "the SCO summit was held": the format's
                sides_from = f"participants {people}: the format whose summit it is"
            if len(people) == 1 and (went := multilateral.ATTENDED.search(unquoted)) and (
                    gathering := multilateral.GATHERING.search(unquoted, went.end())):
                group = self._group_named(sentence, names, went.end())
                people = people + ([group[0]] if group and group[0] not in people else [])
                sides_from = (f"participants {people}: '{went.group()}' a gathering of many ('{gathering.group()}')"
                              + (f"; {group[1]}" if group and group[1] else ""))
            elif not people and (gathering := multilateral.GATHERING.search(unquoted)) and (
                    went := multilateral.HELD.search(unquoted)) and (group := self._group_named(sentence, names, 0)):
                people = [group[0]]  # "The third meeting of the Harbour Group foreign ministers was held …": the group's
                sides_from = (f"participants {people}: the group whose gathering of many ('{gathering.group()}') "
                              f"'{went.group()}'" + (f"; {group[1]}" if group[1] else ""))
            else:
                gathering = None
            back = re.match(r"\w+\s+(?:the|their|this|that)\b", (during := v.DURING.search(unquoted)) and during.group() or "", re.I)
            if back and len(persons) < 2 and before and not v.MEETING.search(v.DURING.sub(" ", unquoted)) and any(
                    set(persons) <= m.who for m in before):
                return None  # "During the conversation, Khan stressed … in Afghanistan": the one told before, no other
            if len(people) == 1 and said_kind and said_kind[0] == "visit" and (host := self._host_of(
                    unquoted, sentence.start, names, people[0])) is not None:
                people = people + [host[0]]  # "is expected to travel to Capital City": the country visited
                sides_from = f"participants {people}: '{host[1]}' is in '{host[0]}', the side visited"
            if len(people) < 2 and not (v.SUMMIT.search(text) and v.SUMMIT_EVENT.search(unquoted)) and gathering is None:
                return None  # a meeting needs two sides, or a summit or a gathering of many that takes place
            found = self._meeting_kind(text)
            if only is not None:
                if parsed is None:
                    return None
                found = (only.meeting_kind, MODE_OF_KIND[only.meeting_kind], only.verb.lower(), False)
            if found is None and parsed is not None:
                found = (parsed[2], MODE_OF_KIND[parsed[2]], parsed[3], False)
        if found is None:
            return None
        if found[0] == "summit" and not v.SUMMIT_EVENT.search(unquoted) and self._date_in(text) is None:
            return None  # "developments such as the first trilateral summit": named in passing
        if found[0] == "summit" and (word_at := v.SUMMIT.search(text)) and (
                re.match(r"[’']s\b", text[word_at.end():word_at.end() + 3])
                or (re.search(r"\bthe\s+$", text[:word_at.start()], re.I) and any(c.record["kind"] == "summit" for c in before or []))):
            return None  # "to review the summit's outcomes", "the summit" once one is told: that one, in passing
        kind, mode, word, meal = found
        multi = multilateral.read(text, sentence.start, names, self._kind_of)
        if multi is not None and not meal and kind != "visit":
            sides = list(dict.fromkeys([*people, *multi.members, *multi.roles]))
            if sum(self._kind_of(p) == "country" for p in sides) >= 2:  # a format gives way to its member countries named
                sides = [p for p in sides if self._kind_of(p) != "format" or p in multi.roles]
            if len(sides) >= 3 or any(self._kind_of(p) == "format" for p in sides) or gathering is not None:
                people, mode = sides, "multilateral"
                kind = "meeting" if kind in ("phone-call", "talks") else kind
                why = " and ".join(f"'{w}'" for w in dict.fromkeys([word, multi.words]) if w)
                sides_from = sides_from if sides_from and not multi.listed else (
                    f"participants {people} from the names in the sentence" + (f" and the list '{multi.listed}'" if multi.listed else ""))
            else:
                multi = None
        else:
            multi = None
        # what is planned or proposed is read outside quotation marks ("we will be there for them")
        status = (only.status if only is not None else "proposed" if v.INVITED.search(unquoted)
                  else "planned" if (v.FUTURE.search(unquoted) and not _purpose(unquoted, parsed)) or (parsed and parsed[4])
                  else "held")
        if sides_from.startswith("participants") and "the sides of the meeting told before" in sides_from and status != "held":
            return None  # "the two leaders agreed to meet again": an agreement's, not a meeting told again
        guesses = [f"kind {kind}, mode {mode} and status {status} from " + (why if multi is not None else f"'{word}'"),
                   sides_from or f"participants {people} from the names in the sentence"]
        if multi is not None:
            guesses += multi.guesses()
        if meal:
            guesses[0] += ": a meal during a visit is part of that visit, not a meeting of its own"
        record: dict[str, Any] = {"id": self._id(*people[:2], kind)}
        said_on = v.SAID_ON_DAY.search(unquoted) if status == "held" else None
        if said_on is not None and said_on.start() < (v.MEETING.search(unquoted, said_on.end()) or said_on).start():
            # "said on Wednesday that his conversation with Alpha had been useful": the day it was said, not met
            record["date_basis"] = "unknown"
            guesses.append(f"no date: '{said_on.group('day')}' is the day it was said, not the day of the {kind}")
        else:
            self._dated(record, sentence, guesses, ahead=status != "held")
        roles = self._roles(text, sentence.start, actors, people, kind) or (
            _parsed_roles(parsed[3], kind, people) if parsed is not None and parsed[0] == people else {})
        if sides_from.endswith("the side visited") and len(people) == 2:
            roles = {people[0]: "visitor", people[1]: "host"}
        if multi is not None:
            roles.update(multi.roles)
        places = [n.entity for n in names if self._kind_of(n.entity) == "place"]
        record.update(kind=kind, mode=mode, status=status)
        if places and not meal:
            record["place"] = places[0]
            guesses.append(f"place '{places[0]}' from the sentence")
        record.update(participants=[{"entity": p, "role": roles.get(p, "participant")} for p in people],
                      summary=f"TODO: one line on the meeting. {text}",
                      cameo=HELD_MEETING_CODES[mode][0] if status == "held" else INTENT_TO_MEET,
                      citations=[self._citation(sentence)])
        return Candidate("meetings", record, guesses, sentence, frozenset(p for p in people if p != TODO), words_of(text),
                         kind_words=word)

    def _host_of(self, unquoted: str, offset: int, names: list, visitor: str) -> tuple[str, str] | None:
        """(the country, the place's words) a visit told with one side goes to: a place named
        after the visit's words ("will travel to Capital City", "visited Islamabad") whose entity
        gives its country, by its code or a description "Capital of …", not the visitor's own."""
        went = v.VISIT.search(unquoted)
        if went is None or re.match(r"rec|host|welc", went.group(), re.I):
            return None  # "received", "hosted": the visitor is the side unnamed, not the place
        countries = {e.country: e.id for e in self.entities.values() if e.kind == "country" and e.country}
        by_name = {n.lower(): e.id for e in self.entities.values() if e.kind == "country" for n in (e.name, *e.aliases)}
        for name in names:
            if name.start - offset < went.end() or self._kind_of(name.entity) != "place":
                continue
            place = self.entities[name.entity]
            of = re.match(r"capital of (?:the\s+)?(.+?)\.?$", place.description or "", re.I)
            host = countries.get(place.country or "") or (by_name.get(of.group(1).lower()) if of else None)
            if host is not None and not self.sides(frozenset([host])) & self.sides(frozenset([visitor])):
                return host, self.text[name.start:name.end]
            return None  # the first place after the visit's words is where it goes
        return None

    def _told_again(self, meeting: Candidate, unquoted: str, meetings: list[Candidate]) -> tuple[Candidate, str] | None:
        """(the multilateral meeting told before that a sentence tells again, the words that say
        so): "Vasko chaired the meeting, which was attended by …", "The meeting was attended by …"
        (the last meeting told, held, in the same paragraph or the one before; up to three before,
        or anywhere in the joint text telling it, when "the meeting" is all the sentence says of
        it: "thanked Xland for hosting the meeting"), or "The third meeting of …" after a heading of "the Third Meeting of …". Not a
        meeting on its sidelines, nor one its sides "met" at, nor another group's, nor one of
        another date."""
        if not meetings:
            return None
        last = meetings[-1]
        if (last.record["mode"] != "multilateral" or last.record["status"] != "held" or meeting.record["status"] != "held"
                or v.SIDELINES.search(unquoted)):
            return None
        the = multilateral.THE_MEETING.search(unquoted)
        nth = multilateral.NTH_MEETING.search(unquoted)
        if nth is not None and re.search(rf"\b{nth.group(1)}\s+(?:[\w’'-]+\s+){{0,3}}?(?:meeting|summit|session|conference|ministerial)",
                                         last.sentence.text, re.I):
            the = nth  # the same ordinal: the same meeting
        elif the is None:
            return None
        only_that = meeting.kind_words in the.group().lower() and not re.search(r"\b(?:met|meet)\b", unquoted, re.I)
        if meeting.record["mode"] != "multilateral" and not only_that:
            return None
        same_text = any(b.holds(last.sentence) and b.holds(meeting.sentence) for b in self.joint)  # a joint text's meeting
        if self._breaks(max(last.sentence.end, last.told_until), meeting.sentence.start) > (3 if only_that else 1) and not (
                only_that and same_text):
            return None
        if meeting.record.get("date") and last.record.get("date") and meeting.record["date"] != last.record["date"]:
            return None
        if any(self._kind_of(p) in ("format", "organization", "") and p not in last.who for p in meeting.who):
            return None  # "the ministerial meeting of the Coastal Five": another group's
        return last, the.group()

    def _roles_only(self, sentence: Span, unquoted: str, names: list) -> Candidate | None:
        """What a sentence that names no meeting of its own but "the meeting" says of the roles in it
        ("The meeting was chaired by Vasko"): a stand-in meeting to fold into the one told before
        (never a row of its own)."""
        the = multilateral.THE_MEETING.search(unquoted)
        roles = multilateral.roles(sentence.text, sentence.start, names) if the else {}
        if not roles:
            return None
        return Candidate("meetings", {"status": "held", "mode": "multilateral",
                                      "participants": [{"entity": e, "role": r} for e, r in roles.items()],
                                      "citations": [self._citation(sentence)]},
                         [f"role {r} for '{e}' from the sentence" for e, r in roles.items()], sentence, frozenset(roles), set(),
                         kind_words="")

    def _fold(self, meeting: Candidate, into: Candidate) -> None:
        """Add what a sentence telling a meeting again says of it (sides, roles, date, place) to
        the meeting told before, and cite it there. A format whose member countries are now named
        (two or more) gives way to them, as in a meeting whose sentence names them."""
        parts = into.record["participants"]
        known = {p["entity"]: p for p in parts}
        states = all(self._kind_of(p["entity"]) != "person" for p in parts if p["role"] == "participant")
        added = []
        for p in meeting.record["participants"]:
            if p["entity"] not in known:
                if not (states and self._kind_of(p["entity"]) == "person" and p["role"] == "participant"):
                    parts.append(dict(p))  # a person beside the states met only in a role of their own (chair, host)
                    added.append(p["entity"])
            elif known[p["entity"]]["role"] == "participant":
                known[p["entity"]]["role"] = p["role"]
        sentence = meeting.sentence
        for entity, role in multilateral.roles(sentence.text, sentence.start, self.names.find(sentence.text, sentence.start)).items():
            for p in parts:  # "thanked Xland for hosting the meeting"
                if p["entity"] == entity and p["role"] == "participant":
                    p["role"] = role
                    into.guesses.append(f"role {role} for '{entity}' from \"{sentence.text[:60]}…\"")
        countries = [p for p in parts if self._kind_of(p["entity"]) == "country"]
        formats = [p["entity"] for p in parts if self._kind_of(p["entity"]) == "format" and p["role"] == "participant"]
        if len(countries) >= 2 and formats:
            into.record["participants"] = [p for p in parts if p["entity"] not in formats]
            into.guesses.append(f"participants: {formats} left out, its member countries named")
        taken = []
        if "date" not in into.record and "date" in meeting.record:
            into.record.update({k: meeting.record[k] for k in ("date", "date_basis", "date_note") if k in meeting.record})
            taken.append("date ")
        if "place" not in into.record and "place" in meeting.record:
            into.record["place"] = meeting.record["place"]
            taken.append("place ")
        order = ["id", "date", "date_basis", "date_note", "kind", "mode", "status", "place", "participants"]  # as _meeting writes
        into.record = {k: into.record[k] for k in sorted(into.record, key=lambda k: order.index(k) if k in order else len(order))}
        into.record["citations"].append(meeting.record["citations"][0])
        into.told_until = meeting.sentence.end
        into.who = frozenset(p["entity"] for p in into.record["participants"] if p["entity"] != TODO)
        into.words |= meeting.words
        into.guesses.append(f"told again in \"{meeting.sentence.text[:60]}…\""
                            + (f": participants {added} added" if added else ""))
        into.guesses += [g for g in meeting.guesses if g.startswith(("role ", "held ", *taken))]
        self.ids.discard(meeting.record.get("id", ""))

    def _calls_each(self, meeting: Candidate) -> list[Candidate]:
        """"Alpha spoke by phone with Beta and Gamma", "spoke to Beta and Gamma": a call each, Alpha's with Beta (``meeting``
        itself) and the others (returned). Only for phone calls whose sides the grammar gave."""
        parts = meeting.record["participants"]
        if meeting.record["kind"] not in ("phone-call", "talks") or len(parts) < 3 or not any("(parsed)" in g for g in meeting.guesses):
            return []
        first, rest = parts[0], parts[1:]
        meeting.guesses.append(f"one of {len(rest)} calls the sentence tells of, one subject with several others: a row each")
        calls = [meeting] + [copy.deepcopy(meeting) for _ in rest[1:]]
        for k, (call, other) in enumerate(zip(calls, rest, strict=True)):
            call.record["participants"] = [dict(first), dict(other)]
            call.who = frozenset([first["entity"], other["entity"]])
            if k:
                call.record["id"] = self._id(first["entity"], other["entity"], meeting.record["kind"])
        return calls[1:]

    def _further_meetings(self, sentence: Span, names: list, unquoted: str, before: list[Candidate], i: int,
                          clauses: list[Clause], told: Candidate) -> list[Candidate]:
        """Other meetings of a sentence than ``told``, by the grammar: a predicate of another kind
        of meeting between other sides ("Alpha invited Beta to visit Xland during their phone call":
        a proposed visit and a call held)."""
        out: list[Candidate] = []
        for clause in clauses:
            if clause.kind != "meeting" or clause.meeting_kind == told.record["kind"]:
                continue
            if clause.ahead and not clause.invited and told.record["kind"] == "visit" and told.record["status"] == "held":
                continue  # "has visited Xland to hold talks with his counterpart": the talks are the visit's
            other = self._meeting(sentence, names, unquoted, before, i, only=clause)
            if other is not None and other.who != told.who and all(o.who != other.who for o in out):
                other.guesses.append(f"a second meeting of the sentence, beside its {told.record['kind']}")
                out.append(other)
        return out

    def _parsed_sides(self, sentence: Span, clauses: list[Clause], names: list,
                      kind: str | None = None) -> tuple[list[str], str, str, str, bool] | None:
        """(participants, why, kind, words) of a meeting from the grammar of its sentence: the
        subject of the meeting predicate and its conjuncts, its object and those it was held with
        ("Alpha spoke with Beta", "Alpha and Beta held talks", "Alpha received Beta"). Each side is
        the known entity its phrase names, else the name the phrase's named entity gives (a new
        entity, proposed by id)."""
        entities = [e for e in self.grammar.entities(sentence) if e.label in ACTOR_LABELS]
        for clause in sorted(clauses, key=lambda c: c.meeting_kind != kind):  # the kind the words say first
            if clause.kind != "meeting":
                continue
            sides: list[str] = []
            new: list[str] = []
            subjects = 0
            for k, phrase in enumerate((*clause.subjects, *clause.others)):
                for part in _listed(phrase):  # "Putin, Macron hold talks": two sides
                    found = self._side_of(part, names, entities)
                    if found is None and k < len(clause.subjects) and PRONOUN.fullmatch(part.text.strip()):
                        found = self._pronoun_side(sentence)  # "He also met with Gabriel Boric"
                    elif found is None and k < len(clause.subjects) and part.text.strip() == "I":
                        found = self._first_person(sentence)  # "Minister Motegi: I just held a telephone talk with …"
                    if found is None or found[0] in sides:
                        continue
                    sides.append(found[0])
                    subjects += k < len(clause.subjects)
                    if found[1]:
                        new.append(found[1])
            if TODO in sides and len(sides) >= 3:  # "the visiting Omani foreign minister, Yusuf bin Alawi": one side
                sides.remove(TODO)
                new = [n for n in new if not n.endswith(f"replace '{TODO}'")]
            if len(sides) >= 2 and sides != [TODO, TODO]:
                why = (f"participants {sides} from the subject and objects of '{clause.verb}' (parsed)"
                       + "".join(f"; {n}" for n in new))
                self.subject_sides = subjects
                return sides, why, clause.meeting_kind, clause.verb.lower(), clause.ahead
        return None

    def _turn(self, sentence: Span) -> Span | None:
        """The label of the transcript turn a sentence is in ("Minister Motegi: …"), if any."""
        return turns.turn_at(self.text, sentence.start) if self.transcript else None

    def _reported_in_turn(self, sentence: Span, clauses: list[Clause]) -> bool:
        """Whether a sentence in the first person, in a transcript's turn, reports what its speaker
        said ("I stated that …", "I told Secretary Pompeo …"): a reporting verb in the past, not
        the speaker's opinion as they speak ("I believe it was …", "I hope to …")."""
        return self._turn(sentence) is not None and any(
            c.kind == "reporting" and c.verb.lower() != c.lemma for c in clauses)

    def _first_person(self, sentence: Span) -> tuple[str, str] | None:
        """(side, note) an "I" stands for in a transcript's turn: the one its label names."""
        label = self._turn(sentence)
        if label is None:
            return None
        known = [n for n in self.names.find(label.text, label.start) if self._kind_of(n.entity) == "person"]
        if known:
            return known[0].entity, f"'I' is '{label.text}', who speaks in this turn of the transcript"
        name, side = self._new_side(turns.speaker_name(label.text))
        return side, (f"'I' is '{label.text}', who speaks in this turn of the transcript; '{name}' is no known entity: "
                      f"'{side}' proposed, add it to entities.yaml")

    def _pronoun_side(self, sentence: Span) -> tuple[str, str] | None:
        """(side, note) that a "he" or "she" subject stands for: the named subject of the
        sentence's main verb when the pronoun is not that subject ("Trump hailed … as he welcomed
        May"), else the subject of the sentence before's (in the same paragraph or the one before);
        a known person or a proper name, not a country, place or office."""
        before: Span | None = sentence  # "Trump hailed … as he welcomed May": the one this sentence names first
        if not self.grammar.main_subjects(sentence):
            before = self._before(self._index(sentence))
        if before is None:
            return None
        names = self.names.find(before.text, before.start)
        entities = [e for e in self.grammar.entities(before) if e.label in ACTOR_LABELS]
        for phrase in self.grammar.main_subjects(before):
            inside = [n for n in names if phrase.start <= n.start and n.end <= phrase.end]
            person = [n for n in inside if self._kind_of(n.entity) == "person"]
            if (inside and not person) or phrase.label in ("GPE", "NORP", "LOC", "FAC"):
                return None  # a country, an office, a place: no "he"
            if person or phrase.proper:  # a name the parser may read as an organisation's ("Lula")
                found = self._side_of(phrase, names, entities)
                if found is not None and found[0] != TODO:
                    words = self.text[phrase.start:phrase.end]
                    where = "this sentence's main verb" if before is sentence else "the sentence before"
                    return found[0], f"'he'/'she' stands for '{words}', the subject of {where}" + (
                        f"; {found[1]}" if found[1] else "")
        return None

    def _side_of(self, phrase: Phrase, names: list, entities: list[Phrase]) -> tuple[str, str] | None:
        """(side, a note when it is a new name) that a noun phrase names: the known entity it is
        (its head, not one modifying it), else the named entity it ends with, proposed by id."""
        if self.dateline_span[0] <= phrase.start < self.dateline_span[1]:
            return None  # where it was written
        if TITLE_ONLY.fullmatch(phrase.text.strip()):
            return None  # "State Councilor and Foreign Minister Wang Yi": one person's titles, not a side
        inside = [n for n in names if phrase.start <= n.start and n.end <= phrase.end]
        if any(self._kind_of(n.entity) == "place" and n.end == phrase.end for n in inside):
            return None  # "to visit Washington": where, not who
        inside = [n for n in inside if self._kind_of(n.entity) in SPEAKER_KINDS]
        head = [n for n in inside if n.end == phrase.end]
        named = [e for e in entities if phrase.start <= e.start and e.end == phrase.end] or [
            e for e in entities if phrase.start <= e.start < phrase.end < e.end
            and re.match(r"\s+of\s", self.text[phrase.end:e.end]) and e.label in ("GPE", "ORG")]
        # "the Democratic Republic of Congo": the name runs on past the phrase's head
        if head or (inside and not named):
            return (head or inside)[-1].entity, ""
        if named or phrase.proper:
            name, side = self._new_side(phrase.proper if phrase.proper and (not named or named[-1].text.endswith(phrase.proper))
                                        else named[-1].text)
            if side:
                label = named[-1].label if named else "a proper noun"
                return side, f"'{name}' ({label}) is no known entity: '{side}' proposed, add it to entities.yaml"
        if OFFICE_HEAD.search(phrase.text) and not v.BOTH_SIDES.search(phrase.text):
            return TODO, f"'{phrase.text}' is someone no entity names: replace '{TODO}'"
        return None

    def _group_named(self, sentence: Span, names: list, after: int) -> tuple[str, str] | None:
        """(side, note) of the group whose gathering a sentence tells of, after its offset ``after``:
        a known format or organisation, else the first organisation the parser names there that no
        entity covers ("the fifth Coastal Forum foreign ministers' meeting"), proposed by id."""
        known = [n for n in names if n.start >= sentence.start + after and self._kind_of(n.entity) in ("format", "organization")]
        if known:
            return known[0].entity, ""
        for e in self.grammar.entities(sentence):
            if e.label == "ORG" and e.start >= sentence.start + after and not any(e.start <= n.start < e.end for n in names):
                name, side = self._new_side(e.text)
                if side:
                    return side, f"'{name}' (ORG) is no known entity: '{side}' proposed (a format?), add it to entities.yaml"
        return None

    def _new_side(self, words: str) -> tuple[str, str]:
        """(name, proposed id) of a side no entity covers: the fullest form the text gives of it
        ("Trump" in a headline is the "Donald Trump" of the body)."""
        name = re.sub(r"[’']s?$", "", words).strip()
        name = re.sub(r"^(?:the|The)\s+", "", name)
        if re.fullmatch(r"[A-Z]{2,6}", name) and (spelled := spelled_out(self.text, name)) is not None:
            name = spelled  # "DRC", the "Democratic Republic of Congo" the text names
        fuller = [n for n in self.person_names if n != name and n.split()[-1] == name.split()[-1] and n.endswith(name)]
        if fuller:
            name = max(fuller, key=len)
        return name, slug(name, limit=60)

    def _roles(self, text: str, offset: int, names: list, people: list[str], kind: str) -> dict[str, str]:
        verb = re.search(r"\b(called|phoned|rang|visited|invited|received|hosted|welcomed|arrived)\b", text)
        if not verb or len(people) < 2:
            return {}
        at = offset + verb.start()
        before = [n.entity for n in names if n.end <= at and n.entity in people]
        after = [n.entity for n in names if n.start >= at and n.entity in people]
        if not before or not after or before[-1] == after[0]:
            return {}
        if PASSIVE.search(text[:verb.start()]) and re.match(r"\s+by\b", text[verb.end():]):
            before, after = after[:1], before[-1:]  # "Khan was called by Putin": Putin called, as if active
        if kind == "phone-call" and verb.group() in ("called", "phoned", "rang"):
            return {before[-1]: "caller", after[0]: "called"}
        if kind == "visit" and verb.group() in ("visited", "arrived"):
            return {before[-1]: "visitor"}
        if kind == "visit" and verb.group() in ("received", "hosted", "welcomed"):
            return {before[-1]: "host", after[0]: "visitor"}
        return {}

    # -- already known ---------------------------------------------------------------------
    def match(self, candidate: Candidate, told: frozenset[str] = frozenset()) -> Match | None:
        """The curated fact this candidate is, if any, and whether it already cites this sentence.
        ``told``: for a meeting "in their previous call", the curated meetings the report told of;
        for a statement or agreement, those the report tells of (one it was likely said in)."""
        kind = KIND_OF_SECTION[candidate.section]
        who = candidate.who
        if any(w not in self.entities for w in who):
            if kind == "meeting":
                return None  # a side no entity is (a new name): no curated meeting has it
            who = frozenset(w for w in who if w in self.entities)  # an agreement's parties: those the seeds know
        passages = [c["exact"] for c in candidate.record["citations"] if c.get("role", "states") == "states"]
        record = candidate.record
        if kind != "meeting" and any(g.endswith("in the sentence before") for g in candidate.guesses):
            record = {k: value for k, value in record.items() if k != "date"}  # a date of the sentence before: weak
        said_in = self.said_in(candidate, told, record.get("date")) if kind != "meeting" else None
        if said_in is not None and not record.get("date") and said_in.date:
            record = {**record, "date": said_in.date}  # undated: the date of the curated meeting it was said in
        relayed = not candidate.reports and all(self._kind_of(w) == "organization" for w in candidate.who)
        named = frozenset(n for n in self._named(candidate.sentence) if self._kind_of(n) in SPEAKER_KINDS
                          ) if relayed else frozenset()  # an office's or no one's: perhaps someone's it names
        found = match(self.known, kind, record, who, candidate.words, self.source.id,
                      passages, candidate.kind_words, self.day_written,
                      frozenset(day_hints(_unsaid_day(candidate.sentence.text))) if kind == "meeting" else frozenset(), self.sides,
                      told if kind == "meeting" and v.PREVIOUS.search(candidate.sentence.text) else frozenset(),
                      said_in.id if said_in is not None and not self._tells_only(candidate) else None,
                      named if kind == "statement" else frozenset())
        if found is not None and not found.cited and self.stale(candidate, found.fact) and not (
                said_in is not None and found.fact.meeting == said_in.id):  # said in a meeting the report tells of: not stale
            found = None
        if found is None and kind == "statement":
            meeting = reported_meeting(self.known, candidate.who | self._named(candidate.sentence),
                                       candidate.record.get("date"), candidate.words)
            if meeting is not None:
                found = Match(meeting, any(s == self.source.id and candidate.sentence.text in e for s, e in meeting.spans))
        return found

    @staticmethod
    def _tells_only(candidate: Candidate) -> bool:
        """Whether a statement said in the meeting its own sentence reports is by no side of it
        (or by no one named): "Khan and Putin discussed Afghanistan, the PM Office said" tells of
        the meeting, and is no statement of it for being in it."""
        link = candidate.meeting
        return link is not None and link.sentence == candidate.sentence and not (candidate.who and candidate.who <= link.who)

    def said_in(self, candidate: Candidate, told: frozenset[str] = frozenset(), date: str | None = None) -> Known | None:
        """The curated meeting a candidate was likely said in: its linked meeting, as matched
        (meetings are matched before the rest); else, for an undated one, the one held meeting of
        those the report tells of (``told``) whose participants include its speaker or parties, on
        its ``date`` (its own words', not the sentence before's) or undated."""
        target = candidate.meeting
        while target is not None and target.merged_into is not None:
            target = target.merged_into
        if target is not None:
            return target.matched.fact if target.matched is not None else None
        held = [k for k in self.known if k.id in told and k.kind == "meeting" and fact_status(k) == "held"
                and candidate.who <= k.who and dates_agree(date, k.date)]
        return held[0] if len(held) == 1 else None

    def stale(self, candidate: Candidate, fact: Known) -> bool:
        """Whether a statement or agreement with no date and no meeting of its own is too old to be
        the curated one it words like: the fact is more than ``RECENT_DAYS`` before the day the
        source was written (a meeting: ``LATEST_DAYS``) and the sentence does not look back ("had
        said", "in their last call"). "He reiterated his invitation" in a report of a later call
        is said again, anew; an undated call reported years after a curated one is another call."""
        told_in = candidate.meeting is not None and candidate.meeting.record.get("status", "held") == "held"
        dated = candidate.record.get("date") and not any(g.endswith("in the sentence before") for g in candidate.guesses)
        if dated or told_in or candidate.section == "quotes":
            return False  # (a visit to come told in its sentence dates nothing said: "Putin is expected to visit")
        if not self.day_written or len(self.day_written) != 10 or not fact.date or len(fact.date) not in (
                (4, 7, 10) if candidate.section == "statements" else (10,)):
            return False  # a meeting or agreement of a month or year is retold long after ("visited for the first time")
        if v.LOOKING_BACK.search(candidate.sentence.text):
            return False
        latest = fact.date if len(fact.date) == 10 else (  # a month's or a year's fact: its last day, the latest it may be
            f"{fact.date}-12-31" if len(fact.date) == 4 else
            (datetime.date.fromisoformat(_next_month(fact.date) + "-01") - datetime.timedelta(days=1)).isoformat())
        days = (datetime.date.fromisoformat(self.day_written) - datetime.date.fromisoformat(latest)).days
        return days > (LATEST_DAYS if candidate.section == "meetings" else RECENT_DAYS)

    def sides(self, who: frozenset[str]) -> frozenset[str]:
        """The countries of some entities (a person's, an organisation's, a country's own code)."""
        return frozenset(c for e in who if e in self.entities and (c := getattr(self.entities[e], "country", None)))

    def in_context(self, candidate: Candidate, meetings: frozenset[str]) -> Match | None:
        """A statement or agreement the seeds hold of a curated meeting the report tells of: the
        one it was said in when linked, else those with its speaker or parties among their
        participants. A report retelling a readout says it in fewer of the same words."""
        kind = KIND_OF_SECTION[candidate.section]
        target = candidate.meeting
        while target is not None and target.merged_into is not None:
            target = target.merged_into
        if target is not None and target.matched is not None:
            context = {target.matched.fact.id}
        elif target is not None:
            return None  # said in a meeting the seeds do not hold
        else:
            held = {k.id: k for k in self.known if k.id in meetings}
            context = {i for i, k in held.items() if not candidate.who or candidate.who <= k.who
                       or (kind == "agreement" and self.sides(candidate.who) <= self.sides(k.who))}
        if not context:
            return None
        fact = of_meeting(self.known, kind, context, candidate.who, candidate.words, candidate.record.get("date"),
                          self.sides)
        if fact is not None and self.stale(candidate, fact):
            return None
        return None if fact is None else Match(fact, any(s == self.source.id and same_passage(e, candidate.sentence.text)
                                                         for s, e in fact.spans))

    def echoes(self) -> list[tuple[Known, dict[str, str]]]:
        """The curated quotes whose words a sentence prints without quoting them (a report
        paraphrasing in the speaker's own words): each with that sentence, to cite as
        ``echoes``. Where a sentence quotes them, the quote candidate is that quote."""
        out = []
        quoted = [p.words for p in self.passages]
        for i, sentence in enumerate(self.sentences):
            inside = [q for q in quoted if q.start < sentence.end and sentence.start < q.end]
            words = tokens(_blanked(sentence, inside))
            near = self._named(sentence).union(*(self._named(s) for s in self._earlier(i)))
            for fact in echoed(self.known, words, near):
                if (self.source.id, sentence.text) not in fact.spans:
                    out.append((fact, self._citation(sentence, "echoes")))
        return out

    def _named(self, sentence: Span) -> frozenset[str]:
        return frozenset(n.entity for n in self.names.find(sentence.text, sentence.start))


def _purpose(unquoted: str, parsed: tuple[list[str], str, str, str, bool] | None) -> bool:
    """Whether the words of a plan in a sentence ("to hold", "to meet") are only the purpose of a
    meeting held, after its verb ("has visited the DRC to hold bilateral talks"), not a plan."""
    if parsed is None or parsed[4]:
        return False
    verb = re.search(rf"\b{re.escape(parsed[3].split()[-1])}\b", unquoted, re.I)
    found = list(v.FUTURE.finditer(unquoted))
    return verb is not None and all(m.group().lower().startswith("to ") and m.start() > verb.end() for m in found)


def _parsed_roles(verb: str, kind: str, sides: list[str]) -> dict[str, str]:
    """The roles of a phone call's two sides the grammar gave, subject first, by its verb
    ("called", "phoned", "rang": caller, called); the other way round in the passive ("was called
    by"). A side no entity names has no other way to its role."""
    if len(sides) != 2 or TODO in sides or kind != "phone-call":
        return {}
    if not re.search(r"\b(?:called|phoned|rang|dialed|dialled)\b", verb):
        return {}
    if re.search(r"\b(?:was|were|is|are|been|being|be)\b", verb):
        return {sides[0]: "called", sides[1]: "caller"}
    return {sides[0]: "caller", sides[1]: "called"}


def write_draft(seeds: Path, source_id: str, out: Path | None = None, force: bool = False,
                db: Path | None = None) -> Path:
    """Write the draft to ``out`` (default ``drafts/<source>.yaml``), never into the seeds'
    facts folder (a draft holds guesses and TODOs: moving it there is the curator's act) and
    never over an earlier draft, which may hold a curator's edits, unless ``force``."""
    out = Path(out) if out else Path("drafts") / f"{source_id}.yaml"
    facts = (Path(seeds) / "facts").resolve()
    if out.resolve().is_relative_to(facts):
        raise DraftFailed(f"{out} is inside {Path(seeds) / 'facts'}: write the draft elsewhere, edit it, then move it there")
    if out.exists() and not force:
        raise DraftFailed(f"{out} exists (perhaps with your edits): remove it, choose another -o, or use --force")
    text = draft_text(seeds, source_id, db)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out


def draft_text(seeds: Path, source_id: str, db: Path | None = None) -> str:
    """The draft fact file for one source, as YAML text (``db``: see Draft)."""
    draft = Draft(seeds, source_id, db)
    sections: dict[str, list[str]] = {k.section: [] for k in RECORD_KINDS if k.is_fact}
    candidates = merged(draft.candidates(), frozenset(k.id for k in draft.known))
    meetings = [c for c in candidates if c.section == "meetings"]  # first: what else is said in them
    for candidate in meetings:
        if not v.PREVIOUS.search(candidate.sentence.text):
            candidate.matched = draft.match(candidate)
    told = frozenset(c.matched.fact.id for c in meetings if c.matched is not None)
    for candidate in meetings:  # "in their previous call": one before those the report tells of
        if v.PREVIOUS.search(candidate.sentence.text):
            candidate.matched = draft.match(candidate, told)
    told = frozenset(c.matched.fact.id for c in meetings if c.matched is not None)
    for candidate in candidates:
        if candidate.section != "meetings":
            candidate.matched = draft.match(candidate, told)
    for candidate in candidates:
        if candidate.section in ("statements", "agreements") and candidate.matched is None and told:
            candidate.matched = draft.in_context(candidate, told)
        if candidate.section == "statements" and candidate.matched is not None and candidate.matched.fact.kind == "statement":
            candidate.also = also(draft.known, candidate.matched.fact, candidate.who, candidate.words,
                                  candidate.record.get("date"))
    notes: dict[tuple[str, str], tuple[list[dict], list[str]]] = {}
    for candidate in candidates:
        if candidate.section == "statements" and candidate.reports and candidate.matched is None:
            continue  # "…, the Kremlin said" of a meeting: the meeting's row cites the sentence
        found = candidate.matched
        if found is not None:
            # a passage the fact cites already was read when it was curated; the row's others were not
            fresh = [c for c in candidate.record["citations"]
                     if not (found.cited and any(src == draft.source.id and same_passage(e, c["exact"])
                                                 for src, e in found.fact.spans))]
            if fresh:
                cites, upgrades = notes.setdefault((found.fact.kind, found.fact.id), ([], []))
                cites += [c for c in fresh if c not in cites]
                if found.upgrade and found.upgrade not in upgrades and not found.cited:
                    upgrades.append(found.upgrade)
            for other in candidate.also:
                if not any(s == draft.source.id and candidate.sentence.text in e for s, e in other.spans):
                    cites, _ = notes.setdefault((other.kind, other.id), ([], []))
                    cites += [c for c in candidate.record["citations"] if c not in cites]
            continue
        _resolve_meeting(candidate)
        sections[candidate.section].append(_render(candidate))
    for fact, cited in draft.echoes():
        cites, _ = notes.setdefault((fact.kind, fact.id), ([], []))
        same = [c for c in cites if c["exact"] == cited["exact"]]
        for c in same:
            if c.get("role") == "attributes":  # it names the speaker and echoes their words: the echo is what lint asks for
                c["role"] = "echoes"
        if not same:
            cites.append(cited)
    source = draft.source
    names = new_names([e for s in draft.sentences for e in draft.grammar.entities(s)], draft.names, draft.dateline_span)
    head = [
        f"# Draft facts for source '{source.id}' ({source.title}), made by `facts draft` from its text.",
        "# Every row is a candidate: confirm, edit or delete it, write the TODO summaries, then move",
        "# this file into seeds/facts/ and run facts build. Lines starting '# guess:' say what was guessed.",
        f"# Published: {source.published or 'not known, so no relative date was resolved'}.",
    ]
    if draft.written:
        head.append(f"# Written: {draft.written.date}, by its dateline '{draft.written.words}': relative dates are "
                    "resolved against it.")
    for block in draft.joint:
        head.append(f"# Joint text: '{block.title[:80]}', signed by {list(block.signatories)}: its commitments are proposed as "
                    "agreements of theirs" + ("; a statement has one speaker, so none is proposed for the text as a whole."
                                              if len(block.signatories) > 1 else ", the text as a whole as its statement."))
    if names:
        head.append("# New names no entity covers (add those that matter to entities.yaml):")
        head += [f"#   {name} ({count})" for name, count in sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))]
    if notes:
        head.append("# Already curated: these passages report facts the seeds hold. Cite them there instead of a new row:")
        for (kind, fact_id), (cites, upgrades) in notes.items():
            head += _known_note(kind, fact_id, cites, upgrades)
    body = []
    for section, rows in sections.items():
        if rows:
            body.append(f"{section}:\n" + "".join(rows))
    return "\n".join(head) + "\n" + ("".join(body) if body else "# No candidates found.\n")


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


def _next_month(month: str) -> str:
    """'2021-07' → '2021-08'; '2021-12' → '2022-01'."""
    year, number = int(month[:4]), int(month[5:7])
    return f"{year + number // 12}-{number % 12 + 1:02d}"


def _unsaid_day(text: str) -> str:
    """A sentence without the day it dates a saying by ("said on Wednesday that his conversation
    … had been useful"): no hint of the meeting's weekday."""
    said = v.SAID_ON_DAY.search(text)
    return text if said is None else text[:said.start("day")] + text[said.end("day"):]


def date_words(words: str) -> str:
    """A DATE entity's words as the date rules read them: "September 14th" as "September 14",
    "the 14th of September" as "14 September", "2021-09-14" as "September 14, 2021", "this
    morning" as "today"."""
    words = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r"\1", words)
    words = re.sub(r"\b(?:the\s+)?(\d{1,2})\s+of\s+", r"\1 ", words)
    if iso := re.fullmatch(r"\s*(\d{4})-(\d{2})-(\d{2})\s*", words):
        try:
            return datetime.date(int(iso[1]), int(iso[2]), int(iso[3])).strftime("%B %-d, %Y")
        except ValueError:
            return words
    return re.sub(r"\b(?:this|earlier this|early this|late this)\s+(?:morning|afternoon|evening)\b|\btonight\b", "today", words)


def _resolve_meeting(candidate: Candidate) -> None:
    """Link a statement, quote or agreement to the meeting it was said in, as that meeting is
    finally written (merged into another row, or a fact already curated), and date it by that
    meeting where its own words give no date."""
    target = candidate.meeting
    if target is None:
        return
    while target.merged_into is not None:
        target = target.merged_into
    if target.matched is not None:
        meeting_id, date = target.matched.fact.id, target.matched.fact.date
    else:
        meeting_id, date = target.record["id"], target.record.get("date")
    record = candidate.record
    record["meeting"] = meeting_id
    candidate.guesses.append(f"meeting '{meeting_id}': {candidate.during}")
    if record.get("date_basis") == "unknown" and date:
        ident = record["id"]
        rest = {k: value for k, value in record.items() if k not in ("id", "date_basis")}
        record.clear()
        record.update(id=ident, date=date, date_basis="inferred",
                      date_note=f"The date of the meeting it was said in, {meeting_id}.", **rest)
        candidate.guesses.append(f"date {date} from meeting '{meeting_id}'")


def merged(candidates: list[Candidate], reserved: frozenset[str] = frozenset()) -> list[Candidate]:
    """One candidate per meeting: sentences that name the same kind of meeting between the same
    participants (on the same date, or one undated) become one row with several citations, in
    the order of the text. The dated ones are read first, so that an undated headline or "the
    two leaders spoke" is the latest meeting of its kind the text dates (the news), not a
    caption's older one. A lunch or a dinner during a visit is that visit."""
    rows: list[Candidate] = []
    at: dict[int, list[tuple[int, dict[str, str]]]] = {}  # a row's citations by where their sentence starts
    upgraded: list[tuple[Candidate, str]] = []
    meetings = [c for c in candidates if c.section == "meetings"]
    for c in sorted(meetings, key=lambda m: not m.record.get("date")):  # stable: the text's order within each
        if v.PREVIOUS.search(c.sentence.text) and not c.record.get("date"):
            rows.append(c)  # "in their previous call": not the meeting told before it, nor one told after
            continue
        held = _held(rows, c)
        if held is not None and held.record["kind"] != c.record["kind"] and not c.record.get("date") and re.search(
                r"\b(?:later|afterwards|subsequently)\b", v.DURING.sub(" ", c.sentence.text), re.I):
            held = None  # "Alpha later held a phone call with Beta" after talks with Beta: another meeting
        if held is None:
            rows.append(c)
            at[id(c)] = [(c.sentence.start, c.record["citations"][0])]
            continue
        c.merged_into = held
        if held.record["kind"] in VAGUE_KINDS and c.record["kind"] not in VAGUE_KINDS:
            vague = held.record["kind"]
            if held.record["id"].endswith(f"-{vague}"):  # its id is to say what it now is
                upgraded.append((held, vague))
            held.record.update(kind=c.record["kind"], mode=c.record["mode"], cameo=c.record["cameo"])
            held.guesses[0] = c.guesses[0]
            held.kind_words = c.kind_words
        if held.record["status"] == "planned" and c.record["status"] == "proposed":
            held.record["status"] = "proposed"  # "looking forward to host" told again as an invitation
            held.guesses.append(f"status proposed from the sentence \"{c.sentence.text[:60]}…\": an invitation")
        if c.record["citations"][0] not in held.record["citations"]:
            held.record["citations"].append(c.record["citations"][0])
            at.setdefault(id(held), []).append((c.sentence.start, c.record["citations"][0]))
        if not held.record.get("date") and c.record.get("date"):
            for k in ("date", "date_basis", "date_note"):
                if k in c.record:
                    held.record[k] = c.record[k]
            held.record.pop("date_note", None) if c.record["date_basis"] == "stated" else None
        if "place" in c.record and "place" not in held.record:
            held.record["place"] = c.record["place"]
        roles = {p["entity"]: p["role"] for p in c.record["participants"] if p["role"] != "participant"}
        for p in held.record["participants"]:
            if p["role"] == "participant" and p["entity"] in roles:
                p["role"] = roles[p["entity"]]
        held.record = {k: held.record[k] for k in ORDER["meetings"] if k in held.record}
        held.guesses.append(f"merged with the sentence \"{c.sentence.text[:60]}…\" (same kind, same participants)")
        held.words |= c.words
    for row in rows:
        if len(at.get(id(row), [])) > 1:
            row.record["citations"] = [cited for _, cited in sorted(at[id(row)], key=lambda pair: pair[0])]
        told = [m for m in meetings if m.merged_into is row and m.sentence.start < row.sentence.start]
        if told:  # the row is named as the text first tells it (a headline's order of sides, its id)
            earliest = min(told, key=lambda m: m.sentence.start)
            row.record["id"] = earliest.record["id"]
            upgraded = [(h, k) for h, k in upgraded if h is not row]  # said of the id it had
            said = earliest.record["kind"]
            if said != row.record["kind"] and row.record["id"].endswith(f"-{said}"):
                upgraded.append((row, said))
            order = [p["entity"] for p in earliest.record["participants"]]
            row.record["participants"].sort(key=lambda p: order.index(p["entity"]) if p["entity"] in order else len(order))
    _named_elsewhere(rows)
    out = [c for c in candidates if c.section != "meetings" or c.merged_into is None]
    for held, vague in upgraded:
        ident = held.record["id"][:-len(vague)] + held.record["kind"]
        taken = {o.record["id"] for o in out if o is not held} | reserved
        n, unique = 2, ident
        while unique in taken:
            unique, n = f"{ident}-{n}", n + 1
        held.record["id"] = unique
    return out


def _held(rows: list[Candidate], c: Candidate) -> Candidate | None:
    """The row a meeting candidate is told again in, if any: one of the same kind between the
    same sides, or where one of the two says only 'talks' or 'met' (``_vaguer``); for a dated
    candidate the first in the text on its date, for an undated one (a headline, "the two
    leaders spoke") the latest dated: the news, not a caption's older meeting."""
    date = c.record.get("date")
    fitting = [r for r in rows if not (v.PREVIOUS.search(r.sentence.text) and not r.record.get("date"))
               and (not date or not r.record.get("date") or r.record["date"] == date)
               and not (not date and r.record.get("date") and v.LAST_MET.search(r.sentence.text))]
    # "they last met in March 2020": a meeting looked back on, not the news an undated sentence tells
    told = [r for r in fitting if (r.record["kind"] == c.record["kind"] and r.who == c.who) or _vaguer([r], c)]
    told = [r for r in told if (r.record["status"] == "held") == (c.record["status"] == "held") or not next(
        (m.record.get("date") for m in (r, c) if m.record["status"] != "held"), None)]
    # "has visited …" and "will visit again next year" (a plan dated on its own): two visits; a headline's "plans" is the one held
    if not told:
        return None
    if date:
        return min(told, key=lambda r: r.sentence.start)  # the first the text tells
    return max(told, key=lambda r: (r.record.get("date") or "", -r.sentence.start))  # the news: the latest


def _named_elsewhere(rows: list[Candidate]) -> None:
    """A meeting row that leaves a side unnamed ("Lavrov held telephone talks with German Foreign
    Minister", a headline) is the row of the same kind and status that names its named sides and
    one more, on its date or undated: the one whose sentence has a word of the office beside its
    titles ("his German counterpart"), or the only one such row where the office has no such word;
    else, for a visit ("The Prime Minister was received by X"), the one visit the text tells of, its
    host named joining it. Its citation goes there, in the order of the text."""
    for row in [r for r in rows if any(p["entity"] == TODO for p in r.record["participants"]) and r.who]:
        if row.merged_into is not None:
            continue
        date = row.record.get("date")
        fits = [r for r in rows if r is not row and r.merged_into is None and r.record["kind"] == row.record["kind"]
                and r.record["status"] == row.record["status"] and row.who < r.who
                and (not date or r.record.get("date") in (None, date))]
        offices = [m.group(1) for g in row.guesses for m in re.finditer(r"'([^']+)' is someone no entity names", g)]
        marks = {w.casefold() for o in offices for w in re.findall(r"[\w-]+", o) if not TITLE_ONLY.fullmatch(w)}
        named = [r for r in fits if marks & {w.casefold() for w in re.findall(r"[\w-]+", r.sentence.text)}]
        visits = [r for r in rows if r is not row and r.merged_into is None and r.record["kind"] == row.record["kind"] == "visit"
                  and r.record["status"] == row.record["status"] and (not date or r.record.get("date") in (None, date))]
        note = "the side it leaves unnamed named here"
        if len(named) == 1 or (not marks and len(fits) == 1):  # "Zedlandish" for "his Zedlandish counterpart"
            into = (named or fits)[0]
        elif not fits and len(visits) == 1:  # "The Prime Minister was received by X": a reception during the one visit
            into = visits[0]
            note = "a reception during the one visit the text tells of"
            for p in row.record["participants"]:
                if p["entity"] != TODO and p["entity"] not in into.who:
                    into.record["participants"].append(dict(p))
                    into.who = into.who | {p["entity"]}
        else:
            continue
        row.merged_into = into
        into.record["citations"] = [c for _, c in sorted(
            [(into.sentence.start, c) for c in into.record["citations"]] + [(row.sentence.start, row.record["citations"][0])],
            key=lambda pair: pair[0])] if row.sentence.start < into.sentence.start else into.record["citations"] + [
            row.record["citations"][0]]
        into.guesses.append(f"merged with the sentence \"{row.sentence.text[:60]}…\" (same kind; {note})")
        if not into.record.get("date") and date:
            for k in ("date", "date_basis", "date_note"):
                if k in row.record:
                    into.record[k] = row.record[k]
            into.record = {k: into.record[k] for k in ORDER["meetings"] if k in into.record}


def _vaguer(rows: list[Candidate], c: Candidate) -> Candidate | None:
    """A meeting between the same sides, of the same status, where one of the two says only
    'talks' or 'met': the same meeting, told more or less precisely (but one who met is no call)."""
    for held in rows:
        kind = held.record["kind"]
        if held.who == c.who and held.record["status"] == c.record["status"] and (
                kind in VAGUE_KINDS or c.record["kind"] in VAGUE_KINDS) and "summit" not in (kind, c.record["kind"]) \
                and {kind, c.record["kind"]} != {"meeting", "phone-call"}:  # met in person: not a call
            return held
    return None


def _render(candidate: Candidate) -> str:
    lines = "".join(f"# guess: {g}\n" for g in candidate.guesses)
    record = {k: value for k, value in candidate.record.items() if k not in ("meeting", "citations")}
    if "meeting" in candidate.record:  # where the seeds write it: after who, before what
        at = next((i for i, k in enumerate(record) if k in ("summary", "text")), len(record))
        items = list(record.items())
        record = dict([*items[:at], ("meeting", candidate.record["meeting"]), *items[at:]])
    record["citations"] = candidate.record["citations"]
    block = yaml.safe_dump([record], sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)
    return lines + block


def _known_note(kind: str, fact_id: str, citations: list[dict], upgrades: list[str]) -> list[str]:
    lines = [f"#   {kind} '{fact_id}':"]
    if citations:
        text = yaml.safe_dump(citations, sort_keys=False, allow_unicode=True, width=120)
        lines += [f"#     {line}" for line in text.splitlines()]
    lines += [f"#     upgrade: {u}" for u in upgrades]
    return lines

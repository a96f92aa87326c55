"""A draft fact file for one source: candidate facts a curator confirms, edits or deletes.

Every candidate is anchored in the source the way curated citations are (its sentence as the
excerpt, with a prefix where the sentence occurs twice), written in the format of the seeds'
fact files, with what was guessed marked as a guess. Candidates that match a fact already
curated are proposed as a citation to that fact, not as a new row. Rules only: no network,
no model; the entity list is what names people, countries and organisations."""
from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..schema import Entity, Source
from ..schema.eventcodes import HELD_MEETING_CODES, INTENT_TO_MEET
from ..schema.kinds import KINDS_BY_NAME, RECORD_KINDS
from .anchor import AnchorError, anchor
from .build import fact_files, registry
from .lint import normal
from .passages import Names, Span, new_names, quotations, sentences
from .recordfiles import RecordFile
from .register import slug
from .reldates import find_date
from .safefiles import Unsafe, check_file, read_inside

REPORTING = re.compile(r"\b(said|says|say|stressed|emphasi[sz]ed|underscored|highlighted|noted|added|"
                       r"reiterated|reaffirmed|expressed|told|remarked|clarified|warned|urged|called for|"
                       r"announced|assured|affirmed|underlined|insisted|pointed out|believed?|according to|"
                       r"stated|invited|renewed|welcomed|praised|condemned|described)\b", re.I)
MEETING = re.compile(r"\b(phoned?|phones|telephon\w*|call(?:ed|s)?|spoke|speak|talks?|visit\w*|summit|met|"
                     r"meet(?:ings?|s)?|conversation|trip|toured|tour)\b", re.I)
AGREEING = re.compile(r"\b(agreed|agreement|agree|signed|accord|deal)\b", re.I)
FUTURE = re.compile(r"\b(will|would|due to|next|plans?|planned|going to|to visit|scheduled|upcoming)\b", re.I)
ATTRIBUTION = re.compile(r"(as per|according to|statement (?:from|by|issued by)|readout (?:from|by)|said)\W+(?:the\W+|a\W+)?$")
INVITED = re.compile(r"\binvit\w*", re.I)
_WORD = re.compile(r"[a-z]{3,}")
KIND_OF_SECTION = {k.section: k.name for k in RECORD_KINDS}
TODO = "todo"  # a placeholder id: valid in form, an unknown entity to the build until replaced
REPORTING_WORDS = {"said", "says", "say", "told", "added", "noted", "stressed", "according"}
ORDER = {k.section: list(k.model.model_fields) for k in RECORD_KINDS}  # keys in the models' order
STOP = {"the", "and", "that", "with", "for", "was", "were", "has", "had", "have", "said", "his", "her", "their",
        "this", "also", "from", "which", "who", "its", "are", "been", "between", "two", "on", "in", "of", "to"}


class DraftFailed(Exception):
    """The draft cannot be made (unknown source, unreadable registry); nothing was written."""


@dataclass
class Known:
    """A curated fact, as far as matching needs it."""

    kind: str
    id: str
    who: frozenset[str]
    words: set[str]
    text: str  # a quote's words, normalised; else the summary
    date: str | None = None
    detail: str | None = None  # a meeting's kind
    spans: set[tuple[str, str]] = field(default_factory=set)  # (source, exact)


@dataclass
class Candidate:
    section: str
    record: dict[str, Any]
    guesses: list[str]
    sentence: Span
    who: frozenset[str]
    words: set[str]


def _bare(words: str) -> str:
    """A quote's words for comparison: typography, case and closing punctuation aside."""
    return normal(words).casefold().rstrip(".,;:!? ")


def _first_words(text: str, n: int, skip: str | None = None) -> list[str]:
    """The first ``n`` words that carry meaning, in order: for readable ids."""
    skipped = STOP | REPORTING_WORDS | set((skip or "").split("-"))
    return [w for w in _WORD.findall(text.lower()) if w not in skipped][:n]


def words_of(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in STOP}


def _text_or_none(value: object) -> str | None:
    return None if value is None else str(value)


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


class Draft:
    def __init__(self, seeds: Path, source_id: str):
        self.seeds = Path(seeds)
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
        self.known = self._known()
        self.ids: set[str] = {k.id for k in self.known}
        self.sentences = sentences(self.text)

    def _known(self) -> list[Known]:
        known: list[Known] = []
        if not (self.seeds / "facts").is_dir():
            return known
        sections = {k.section: k.model for k in RECORD_KINDS}
        for path in fact_files(self.seeds):
            for record in _records(path, sections, self.seeds):
                kind = getattr(record, "type", "")
                declared = KINDS_BY_NAME.get(kind)
                if declared is None:  # a disagreement
                    continue
                who = set(declared.entities_meaning(record, ("actor", "recipient")))
                text = str(declared.value_meaning(record, "summary") or declared.value_meaning(record, "text") or "")
                spans = {(c.source, c.exact) for c in record.citations}
                words = words_of(text) | {w for c in record.citations for w in words_of(c.exact)}
                known.append(Known(kind, record.id, frozenset(who), words, normal(text).casefold(),
                                   _text_or_none(declared.value_meaning(record, "time")), getattr(record, "kind", None), spans))
        return known

    # -- candidates ------------------------------------------------------------------------
    def candidates(self) -> list[Candidate]:
        out: list[Candidate] = []
        for i, sentence in enumerate(self.sentences):
            previous = self.sentences[i - 1] if i else None
            names = [n for n in self.names.find(sentence.text, sentence.start)]
            quotes = quotations(sentence)
            outside = [n for n in names if not any(q.start <= n.start < q.end for q in quotes)]
            for quote in quotes:
                out.append(self._quote(sentence, quote, outside, previous))
            if MEETING.search(sentence.text):
                meeting = self._meeting(sentence, outside)
                if meeting:
                    out.append(meeting)
            if AGREEING.search(self._unquoted(sentence, quotes)):
                out.append(self._agreement(sentence, outside))
            elif REPORTING.search(self._unquoted(sentence, quotes)):
                out.append(self._statement(sentence, outside, previous))
        return out

    @staticmethod
    def _unquoted(sentence: Span, quotes: list[Span]) -> str:
        text = sentence.text
        for q in sorted(quotes, key=lambda q: -q.start):
            a, b = q.start - sentence.start, q.end - sentence.start
            text = text[:a] + " " * (b - a) + text[b:]
        return text

    def _kind_of(self, entity: str) -> str:
        return self.entities[entity].kind if entity in self.entities else ""

    def _speaker(self, sentence: Span, names: list, previous: Span | None) -> tuple[str | None, str]:
        """The speaker guessed: the person or organisation named nearest before the reporting
        verb, else the first named in the sentence, else the first person of the sentence before."""
        speakers = [n for n in names if self._kind_of(n.entity) in ("person", "organization", "country")]
        verb = REPORTING.search(sentence.text)
        if speakers:
            if verb:
                at = sentence.start + verb.start()
                before = [n for n in speakers if n.end <= at]
                after = [n for n in speakers if n.start >= at]
                pick = before[-1] if before else after[0]
            else:
                pick = speakers[0]
            return pick.entity, f"speaker '{pick.entity}' from \"{self.text[pick.start:pick.end]}\" in the sentence"
        if previous is not None:
            earlier = [n for n in self.names.find(previous.text, previous.start) if self._kind_of(n.entity) == "person"]
            if earlier:
                return earlier[0].entity, (f"speaker '{earlier[0].entity}' from \"{self.text[earlier[0].start:earlier[0].end]}\" "
                                           "in the sentence before (the sentence itself names nobody)")
        return None, f"speaker: none named; replace '{TODO}'"

    def _dated(self, record: dict[str, Any], sentence: Span, guesses: list[str]) -> None:
        found = find_date(sentence.text, self.source.published, self.source.id)
        if found:
            record.update(date=found.date, date_basis=found.basis)
            if found.basis != "stated":
                record["date_note"] = found.note
            guesses.append(f"date {found.date} from '{found.words}'")
        else:
            record["date_basis"] = "unknown"

    def _citation(self, span: Span) -> dict[str, str]:
        exact = span.text
        try:
            anchor(self.text, exact)
            return {"source": self.source.id, "exact": exact}
        except AnchorError:
            for k in range(8, 400, 8):
                prefix = self.text[max(0, span.start - k):span.start]
                if self.text.count(prefix + exact) == 1:
                    return {"source": self.source.id, "exact": exact, "prefix": prefix}
            return {"source": self.source.id, "exact": exact}

    def _id(self, *parts: str) -> str:
        base = slug("-".join(p for p in parts if p), limit=80)
        ident, n = base, 2
        while ident in self.ids:
            ident, n = f"{base}-{n}", n + 1
        self.ids.add(ident)
        return ident

    def _quote(self, sentence: Span, quote: Span, names: list, previous: Span | None) -> Candidate:
        speaker, why = self._speaker(sentence, names, previous)
        guesses = [why]
        record: dict[str, Any] = {"id": self._id("quote", speaker or "", " ".join(quote.text.split()[:6]))}
        self._dated(record, sentence, guesses)
        record.update(speaker=speaker or TODO, text=quote.text, citations=[self._citation(sentence)])
        return Candidate("quotes", record, guesses, sentence, frozenset([speaker] if speaker else []), words_of(quote.text))

    def _statement(self, sentence: Span, names: list, previous: Span | None) -> Candidate:
        speaker, why = self._speaker(sentence, names, previous)
        guesses = [why]
        record: dict[str, Any] = {"id": self._id(speaker or "statement", *_first_words(sentence.text, 5, speaker))}
        self._dated(record, sentence, guesses)
        record.update(speaker=speaker or TODO, summary=f"TODO: one faithful sentence. {sentence.text}",
                      citations=[self._citation(sentence)])
        return Candidate("statements", record, guesses, sentence, frozenset([speaker] if speaker else []), words_of(sentence.text))

    def _agreement(self, sentence: Span, names: list) -> Candidate:
        parties = list(dict.fromkeys(n.entity for n in self._actors(sentence, names)))
        guesses = [f"parties {parties} from the names in the sentence" if parties else f"parties: none named; replace '{TODO}'"]
        record: dict[str, Any] = {"id": self._id("agreement", *parties[:2], *_first_words(sentence.text, 4))}
        self._dated(record, sentence, guesses)
        status = "signed" if re.search(r"\bsigned\b", sentence.text, re.I) else "reached"
        record.update(status=status, parties=parties or [TODO], summary=f"TODO: what was agreed. {sentence.text}",
                      citations=[self._citation(sentence)])
        return Candidate("agreements", record, guesses, sentence, frozenset(parties), words_of(sentence.text))

    def _actors(self, sentence: Span, names: list) -> list:
        """The names that act in a sentence: not those it cites as its source ('as per the
        Prime Minister's Office', 'the Kremlin said'), nor places."""
        actors = []
        for n in names:
            before = self.text[max(sentence.start, n.start - 30):n.start].lower()
            after = self.text[n.end:min(sentence.end, n.end + 12)].lower()
            if ATTRIBUTION.search(before) or re.match(r"\W{0,3}(said|says|added|stated)\b", after):
                continue
            if self._kind_of(n.entity) in ("person", "country", "organization", "format"):
                actors.append(n)
        return actors

    def _meeting(self, sentence: Span, names: list) -> Candidate | None:
        actors = self._actors(sentence, names)
        persons = list(dict.fromkeys(n.entity for n in actors if self._kind_of(n.entity) == "person"))
        people = persons if len(persons) >= 2 else list(dict.fromkeys(
            n.entity for n in actors if self._kind_of(n.entity) in ("person", "country", "organization")))
        text = sentence.text
        if len(people) < 2 and not re.search(r"\bsummit\b", text, re.I):
            return None  # a meeting needs two sides, or a summit
        words = [m.group().lower() for m in MEETING.finditer(text)]
        if any(re.match(r"visit|trip|tour", w) for w in words):
            kind, mode, word = "visit", "visit", next(w for w in words if re.match(r"visit|trip|tour", w))
        elif "summit" in words:
            kind, mode, word = "summit", "multilateral", "summit"
        elif any(re.match(r"phon|telephon|call|spoke|speak|conversation", w) for w in words):
            kind, mode, word = "phone-call", "phone", next(w for w in words if re.match(r"phon|telephon|call|spoke|speak|conv", w))
        else:
            kind, mode, word = "meeting", "third-party", words[0]
        status = "proposed" if INVITED.search(text) else "planned" if FUTURE.search(text) else "held"
        guesses = [f"kind {kind}, mode {mode} and status {status} from '{word}'",
                   f"participants {people} from the names in the sentence"]
        record: dict[str, Any] = {"id": self._id(*people[:2], kind)}
        self._dated(record, sentence, guesses)
        roles = self._roles(text, sentence.start, actors, people, kind)
        places = [n.entity for n in names if self._kind_of(n.entity) == "place"]
        record.update(kind=kind, mode=mode, status=status)
        if places:
            record["place"] = places[0]
            guesses.append(f"place '{places[0]}' from the sentence")
        record.update(participants=[{"entity": p, "role": roles.get(p, "participant")} for p in people],
                      summary=f"TODO: one line on the meeting. {text}",
                      cameo=HELD_MEETING_CODES[mode][0] if status == "held" else INTENT_TO_MEET,
                      citations=[self._citation(sentence)])
        return Candidate("meetings", record, guesses, sentence, frozenset(people), words_of(text))

    def _roles(self, text: str, offset: int, names: list, people: list[str], kind: str) -> dict[str, str]:
        verb = re.search(r"\b(called|phoned|rang|visited|invited)\b", text)
        if not verb or len(people) < 2:
            return {}
        at = offset + verb.start()
        before = [n.entity for n in names if n.end <= at and n.entity in people]
        after = [n.entity for n in names if n.start >= at and n.entity in people]
        if not before or not after or before[-1] == after[0]:
            return {}
        if kind == "phone-call" and verb.group() in ("called", "phoned", "rang"):
            return {before[-1]: "caller", after[0]: "called"}
        if kind == "visit" and verb.group() == "visited":
            return {before[-1]: "visitor"}
        return {}

    # -- already known ---------------------------------------------------------------------
    def match(self, candidate: Candidate) -> tuple[Known | None, bool]:
        """The curated fact this candidate is, if any, and whether it already cites this sentence."""
        kind = KIND_OF_SECTION[candidate.section]
        here = candidate.sentence.text
        best, score = None, 0.0
        for fact in self.known:
            if fact.kind != kind:
                continue
            cites_here = any(s == self.source.id and (here in e or e in here) for s, e in fact.spans)
            if kind == "quote":
                if _bare(candidate.record["text"]) == _bare(fact.text):
                    return fact, any(s == self.source.id for s, _ in fact.spans)
                continue
            if cites_here:
                return fact, True
            if candidate.who and fact.who and not candidate.who & fact.who:
                continue
            date = candidate.record.get("date")
            if date and fact.date and not (date.startswith(fact.date) or fact.date.startswith(date)):
                continue
            if kind == "meeting" and fact.detail != candidate.record["kind"]:
                continue
            overlap = len(candidate.words & fact.words) / max(1, min(len(candidate.words), len(fact.words)))
            if overlap > score:
                best, score = fact, overlap
        return (best, False) if score >= 0.6 else (None, False)


def write_draft(seeds: Path, source_id: str, out: Path | None = None, force: bool = False) -> Path:
    """Write the draft to ``out`` (default ``drafts/<source>.yaml``), never into the seeds'
    facts folder (a draft holds guesses and TODOs: moving it there is the curator's act) and
    never over an earlier draft, which may hold a curator's edits, unless ``force``."""
    out = Path(out) if out else Path("drafts") / f"{source_id}.yaml"
    facts = (Path(seeds) / "facts").resolve()
    if out.resolve().is_relative_to(facts):
        raise DraftFailed(f"{out} is inside {Path(seeds) / 'facts'}: write the draft elsewhere, edit it, then move it there")
    if out.exists() and not force:
        raise DraftFailed(f"{out} exists (perhaps with your edits): remove it, choose another -o, or use --force")
    text = draft_text(seeds, source_id)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out


def draft_text(seeds: Path, source_id: str) -> str:
    """The draft fact file for one source, as YAML text."""
    draft = Draft(seeds, source_id)
    sections: dict[str, list[str]] = {k.section: [] for k in RECORD_KINDS if k.is_fact}
    known_notes: list[str] = []
    for candidate in merged(draft.candidates()):
        fact, cited = draft.match(candidate)
        if fact is not None:
            if not cited:
                known_notes.append(_known_note(fact, candidate))
            continue
        sections[candidate.section].append(_render(candidate))
    source = draft.source
    names = Counter(name for name, _ in new_names(draft.text, draft.names))
    head = [
        f"# Draft facts for source '{source.id}' ({source.title}), made by `facts draft` from its text.",
        "# Every row is a candidate: confirm, edit or delete it, write the TODO summaries, then move",
        "# this file into seeds/facts/ and run facts build. Lines starting '# guess:' say what was guessed.",
        f"# Published: {source.published or 'not known, so no relative date was resolved'}.",
    ]
    if names:
        head.append("# New names no entity covers (add those that matter to entities.yaml):")
        head += [f"#   {name} ({count})" for name, count in sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))]
    if known_notes:
        head.append("# Already curated: these passages report facts the seeds hold. Cite them there instead of a new row:")
        head += known_notes
    body = []
    for section, rows in sections.items():
        if rows:
            body.append(f"{section}:\n" + "".join(rows))
    return "\n".join(head) + "\n" + ("".join(body) if body else "# No candidates found.\n")


def merged(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per meeting: sentences that name the same kind of meeting between the same
    participants (on the same date, or one undated) become one row with several citations."""
    out: list[Candidate] = []
    first: dict[tuple, Candidate] = {}
    for c in candidates:
        if c.section != "meetings":
            out.append(c)
            continue
        key = (c.record["kind"], c.who)
        held = first.get(key)
        if held is None or (held.record.get("date") and c.record.get("date") and held.record["date"] != c.record["date"]):
            first[key] = c
            out.append(c)
            continue
        if c.record["citations"][0] not in held.record["citations"]:
            held.record["citations"].append(c.record["citations"][0])
        if not held.record.get("date") and c.record.get("date"):
            for k in ("date", "date_basis", "date_note"):
                if k in c.record:
                    held.record[k] = c.record[k]
            held.record.pop("date_note", None) if c.record["date_basis"] == "stated" else None
        held.record = {k: held.record[k] for k in ORDER["meetings"] if k in held.record}
        held.guesses.append(f"merged with the sentence \"{c.sentence.text[:60]}…\" (same kind, same participants)")
        held.words |= c.words
    return out


def _render(candidate: Candidate) -> str:
    lines = "".join(f"# guess: {g}\n" for g in candidate.guesses)
    block = yaml.safe_dump([candidate.record], sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)
    return lines + block


def _known_note(fact: Known, candidate: Candidate) -> str:
    citation = yaml.safe_dump(candidate.record["citations"][:1], sort_keys=False, allow_unicode=True, width=120)
    return f"#   {fact.kind} '{fact.id}':\n" + "".join(f"#     {line}\n" for line in citation.splitlines()).rstrip("\n")

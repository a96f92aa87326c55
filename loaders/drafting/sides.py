"""The sides of a meeting or an agreement: the names that act in a sentence (not its source,
nor a topic), the subject and objects of a meeting's predicate as parsed, each the known entity
its phrase names or a new one proposed by id; a "he" or an "I" for whom it stands; the country
a visit goes to; and the roles of a call or a visit (caller, host, visitor)."""
from __future__ import annotations

import re

from ..leftovers import TODO
from ..passages import Span
from ..register import slug
from . import turns
from . import vocabulary as v
from .attribution import Attributing
from .names import spelled_out
from .parse import Clause, Phrase
from .speakers import SPEAKER_KINDS

# An office that stands for its holder ("the Tajik President", "his Uzbek counterpart"): a side to name.
OFFICE_HEAD = re.compile(r"\b(?:president|prime minister|premier|foreign minister|minister|counterpart|chancellor|king|emir|"
                         r"leader|secretary of state|crown prince)$", re.I)
# A phrase of titles only ("State Councilor", "Deputy Prime Minister"): a title of the name it is joined to
# ("the Chancellor", with its article, is someone: an office to name).
TITLE_ONLY = re.compile(r"(?:(?:state|foreign|prime|deputy|vice|first|senior|chief|defen[cs]e|interior|finance|"
                        r"minister|councill?or|secretary|president|premier|chancellor|general|director|spokes\w+|of|and)\s*)+",
                        re.I)
# Named-entity labels that may be a side of a meeting.
ACTOR_LABELS = ("PERSON", "ORG", "GPE")
PASSIVE = re.compile(r"\b(?:was|were|is|are|been|being|be)\s+(?:\w+ly\s+)?$")  # "was (warmly) received by"
PRONOUN = re.compile(r"[Hh]e|[Ss]he")  # a subject standing for the person named before


def listed(phrase: Phrase) -> list[Phrase]:
    """A phrase split at its commas ("Putin, Macron" in a headline's subject)."""
    if ", " not in phrase.text:
        return [phrase]
    out, at = [], phrase.start
    for part in phrase.text.split(", "):
        out.append(Phrase(at, at + len(part), part, phrase.label))
        at += len(part) + 2
    return out


def parsed_roles(verb: str, kind: str, sides: list[str]) -> dict[str, str]:
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


def roles_by_verb(text: str, offset: int, names: list, people: list[str], kind: str) -> dict[str, str]:
    """The roles of a meeting's sides by the verb between them: "Alpha called Beta" (caller and
    called), "Alpha visited …" (visitor), "Alpha received Beta" (host and visitor); "was called
    by" read as if active."""
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


class Sides(Attributing):
    """The sides a sentence names, and their roles."""

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
                for part in listed(phrase):  # "Putin, Macron hold talks": two sides
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

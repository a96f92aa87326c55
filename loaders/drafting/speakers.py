"""Who spoke: the grammatical subject of the reporting verb, not the nearest name before it.

- "…, the Kremlin said" and "a statement from the Prime Minister's Office said": the name in
  the clause before the verb (the last one: "Putin's spokesman Dmitry Peskov said");
- "“…,” said Putin": the name just after the verb;
- "according to the Kremlin", "as per a statement from the PMO": the name after the phrase;
- "Zakharova, the foreign ministry's spokeswoman, said": past a short apposition;
- "he said", "the statement added", "the premier said": someone named before, so the
  speaker is taken from the sentence before (and that sentence is cited as an attribution).

People, organisations (offices included) and countries may speak."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..passages import Name, Span
from .vocabulary import ISSUER, NOT_SUBJECT, REPORTING, STAND_IN, SUBJECT_NOISE

SPEAKER_KINDS = ("person", "organization", "country")
_BOUNDARY = re.compile(r"[,;:()“”\"]|\b(?:that|but|while|after|when)\b", re.I)
_REPORTED_SUBJECT = re.compile(r"^\s*(?:that\s+)?(he|she|they|it|we|i)\b[\w\s]{0,30}$", re.I)
_APPOSITION = re.compile(r"^(?:the|a|an|his|her|its|their)\b[\w\s’'-]{0,60}$", re.I)


@dataclass(frozen=True)
class Subject:
    name: Name | None  # the speaker's name, if a known entity's
    words: str  # the subject as written ("the Kremlin", "he", "officials")
    verb: str  # the reporting verb

    @property
    def stands_in(self) -> bool:
        """Whether the subject stands for someone named before ("he", "the statement")."""
        return self.name is None and bool(STAND_IN.match(self.words))

    @property
    def for_issuer(self) -> bool:
        """Whether it stands for an organisation ("the statement", "it"), not a person."""
        return bool(ISSUER.search(self.words))


def reporting_verb(unquoted: str, near: int | None = None) -> re.Match[str] | None:
    """The reporting verb of a sentence (quotations blanked): the first, or the one nearest
    to a quotation at ``near``."""
    verbs = list(REPORTING.finditer(unquoted))
    if not verbs:
        return None
    verb = verbs[0] if near is None else min(verbs, key=lambda m: abs(m.start() - near))
    if verb.group().lower().endswith("ing"):  # "…, saying": the main clause's verb has the subject
        main = [m for m in verbs if m.start() < verb.start() and not m.group().lower().endswith("ing")]
        if main:
            return main[-1]
    return verb


def subject(sentence: Span, unquoted: str, verb: re.Match[str], names: list[Name],
            kind_of: Callable[[str], str]) -> Subject:
    """The subject of ``verb`` in the sentence (offsets in ``unquoted`` are the sentence's)."""
    speakers = [n for n in names if kind_of(n.entity) in SPEAKER_KINDS]
    after_verb = sentence.start + verb.end()
    word = verb.group()
    if word.lower() == "according to":
        after = [n for n in speakers if after_verb <= n.start <= after_verb + 60]
        return Subject(after[0] if after else None, sentence.text[verb.end():verb.end() + 30].strip(), word)
    before = unquoted[:verb.start()]
    if not before.strip() or re.search(r"[,”\"’:]\s*$", before):  # "“…,” said Putin"
        after = [n for n in speakers if after_verb <= n.start <= after_verb + 40]
        if after:
            return Subject(after[0], sentence.text[verb.end():after[0].end - sentence.start].strip(), word)
    earlier = [m for m in REPORTING.finditer(unquoted, 0, verb.start()) if m.end() <= verb.start()]
    if earlier and (inner := _REPORTED_SUBJECT.match(unquoted[earlier[-1].end():verb.start()])):
        # "the President said he had told …": he is the President; "the Office said he had
        # told …": he is someone named before, whose words the Office reports
        outer = subject(sentence, unquoted, earlier[-1], names, kind_of)
        if outer.name is None or kind_of(outer.name.entity) == "person" or inner.group(1).lower() in ("it", "they", "we"):
            return outer
        return Subject(None, inner.group(1), word)
    end = verb.start()
    for step in range(6):
        cuts = list(_BOUNDARY.finditer(unquoted, 0, end))
        start = cuts[-1].end() if cuts else 0
        phrase = SUBJECT_NOISE.sub("", unquoted[start:end].strip(" ,;:()\"“”'‘’")).strip(" ,")
        circumstance = bool(NOT_SUBJECT.match(phrase))
        inside = [n for n in speakers if sentence.start + start <= n.start and n.end <= sentence.start + end]
        if inside and not circumstance:
            people = [n for n in inside if kind_of(n.entity) != "country"] or inside
            return Subject(people[-1], phrase, word)
        if phrase and not circumstance and (step == 0 or STAND_IN.match(phrase) or not _APPOSITION.match(phrase)):
            return Subject(None, phrase, word)
        if not cuts:
            return Subject(None, "" if circumstance else phrase, word)
        end = cuts[-1].start()
    return Subject(None, "", word)


def first_speaker(names: list[Name], kind_of: Callable[[str], str], kinds: tuple[str, ...] = SPEAKER_KINDS) -> Name | None:
    found = [n for n in names if kind_of(n.entity) in kinds]
    people = [n for n in found if kind_of(n.entity) == "person"]
    chosen = people or found
    return chosen[0] if chosen else None

"""Who said what a sentence reports: the subject of its reporting verb as parsed (or as the
rules read it), else who spoke in the sentences before ("he added", "the statement said"):
carried over in a readout's paragraph, or an organisation whose readout the text cites. The
passage that names the speaker, when it is not the sentence itself, is cited as its attribution."""
from __future__ import annotations

import re

from ..evidence import attribution_near
from ..leftovers import TODO
from ..passages import Name, Span
from . import vocabulary as v
from .candidate import Candidate
from .dates import Dating
from .parse import Clause
from .source import first_words
from .speakers import SPEAKER_KINDS, Subject, first_speaker, reporting_verb, subject

SUBJECT_REACH = 30  # how far into a sentence its subject's name may start ("Russian President Vladimir Putin")


class Attributing(Dating):
    """The speaker of a statement or quote, and the passage that names them."""

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
                statement.record["id"] = self._id(entity, *first_words(statement.sentence.text, 5))
                return True
        return False

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

    def _reported_in_turn(self, sentence: Span, clauses: list[Clause]) -> bool:
        """Whether a sentence in the first person, in a transcript's turn, reports what its speaker
        said ("I stated that …", "I told Secretary Pompeo …"): a reporting verb in the past, not
        the speaker's opinion as they speak ("I believe it was …", "I hope to …")."""
        return self._turn(sentence) is not None and any(
            c.kind == "reporting" and c.verb.lower() != c.lemma for c in clauses)

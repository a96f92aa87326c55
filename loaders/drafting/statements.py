"""Statements and quotes: a sentence that reports speech (a reporting predicate with a subject,
"according to"), its second statement (reported speech after a quotation, a second speaker),
each quoted passage as a quote (not a headline's, a title's or scare quotes), and a joint text
of one signatory as its statement."""
from __future__ import annotations

import re
from typing import Any

from ...schema.eventcodes import label
from ..leftovers import TODO
from ..passages import Span
from . import jointtext, reported
from . import vocabulary as v
from .candidate import Candidate, linked
from .known import words_of
from .meetings import Meetings
from .parse import Clause
from .quotes import Passage
from .source import blanked, first_words
from .speakers import SPEAKER_KINDS


def same_words(text: str) -> str:
    """A sentence's words, case and punctuation aside: a headline and the same sentence below it."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def title_case(text: str) -> bool:
    """A headline in title case ("Putin Says Talks Were Useful"): most of its longer words
    capitalised. Elsewhere a capitalised word is a name's ("SADC member States"), not a verb."""
    words = re.findall(r"[A-Za-z]{4,}", text)
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def reports_speech(sentence: Span, unquoted: str, clauses: list[Clause]) -> bool:
    """Whether a sentence (quotations aside) reports speech: a reporting predicate, by its lemma,
    with a subject ("has blamed", "tweeted", "…, saying"), or "according to"; else a reporting
    word the parse did not read as one (a headline's grammar)."""
    if any(c.kind == "reporting" and (c.subjects or c.lemma == "according to") for c in clauses):
        return True
    return any((m.group()[0].islower() or title_case(unquoted))
               and not re.search(r"\b(?:not|never|n't)\s+(?:\w+\s+)?$", unquoted[:m.start()], re.I)
               for m in v.REPORTING.finditer(unquoted))  # "has not posted the statement": nothing said


def impersonal(unquoted: str) -> bool:
    """Whether every reporting verb of a sentence is in a construction no one is the subject of
    ("it must be stressed that", "Pakistan is believed to")."""
    spans = [m.span() for m in v.IMPERSONAL.finditer(unquoted)]
    return bool(spans) and all(any(a <= m.start() < b for a, b in spans) for m in v.REPORTING.finditer(unquoted))


class Statements(Meetings):
    """The statements and quotes of a sentence."""

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
        own = blanked(quote.sentence, [p.words for p in self.passages])
        # scare quotes: 'the so-called "reset"', no one saying them in their own sentence
        return len(tokens) <= 3 and not v.REPORTING.search(own)

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
            speaker, why, attribution = self._speaker(excerpt, blanked(excerpt, quotes), names, previous,
                                                      near=passage.words.start - excerpt.start)
        guesses = [why]
        words = passage.words.text
        record: dict[str, Any] = {"id": self._id("quote", speaker or "", " ".join(words.split()[:6]))}
        self._dated(record, excerpt, guesses, previous)
        record.update(speaker=speaker or TODO, text=words, citations=[self._citation(excerpt)])
        if attribution is not None and not (excerpt.start <= attribution.start and attribution.end <= excerpt.end):
            record["citations"].append(self._citation(attribution, "attributes"))
        return linked(Candidate("quotes", record, guesses, excerpt, frozenset([speaker] if speaker else []),
                                      words_of(words)), link)

    def _statement(self, sentence: Span, unquoted: str, names: list, previous: Span | None,
                   link: tuple[Candidate, str] | None) -> Candidate:
        speaker, why, attribution = self._speaker(sentence, unquoted, names, previous)
        guesses = [why]
        record: dict[str, Any] = {"id": self._id(speaker or "statement", *first_words(sentence.text, 5, speaker))}
        self._dated(record, sentence, guesses, previous)
        code, words = v.statement_code(unquoted)
        guesses.append(f"cameo {code} ({label(code)}) from '{words}'")
        record.update(speaker=speaker or TODO, summary=f"TODO: one faithful sentence. {sentence.text}",
                      cameo=code, citations=[self._citation(sentence)])
        if attribution is not None:
            record["citations"].append(self._citation(attribution, "attributes"))
        return linked(Candidate("statements", record, guesses, sentence, frozenset([speaker] if speaker else []),
                                      words_of(sentence.text)), link)

    def _joint_statement(self, block: jointtext.JointText, link: tuple[Candidate, str] | None) -> Candidate:
        """A joint text of one signatory (a format, an organisation) as its statement, cited where
        it is introduced with the signatory named; a text of several has no one speaker."""
        speaker = block.signatories[0]
        sentence = block.named
        guesses = [f"speaker '{speaker}': the one signatory of the joint text '{block.title[:80]}', its statement as a whole"]
        record: dict[str, Any] = {"id": self._id(speaker, *first_words(block.title, 5, speaker))}
        self._dated(record, sentence, guesses)
        guesses.append(f"cameo {v.MAKE_STATEMENT} ({label(v.MAKE_STATEMENT)}): a joint text issued")
        record.update(speaker=speaker, summary=f"TODO: one faithful sentence. {sentence.text}", cameo=v.MAKE_STATEMENT,
                      citations=[self._citation(sentence)])
        return linked(Candidate("statements", record, guesses, sentence, frozenset([speaker]), words_of(sentence.text)),
                            link)

"""``Draft``: a source read sentence by sentence into candidate facts (``candidates``). Each
stage of the reading is a class of its own module, adding to the one before: the source as read
(``source.py``: ``SourceReading``), dates (``dates.py``: ``Dating``), speakers
(``attribution.py``: ``Attributing``), sides (``sides.py``: ``Sides``), meetings
(``meetings.py``: ``Meetings``), statements and quotes (``statements.py``: ``Statements``) and
agreements (``agreements.py``: ``Agreements``); beside them, the candidates matched to the facts
already curated (``matching.py``: ``Matching``, on the source as read alone)."""
from __future__ import annotations

import re

from ..leftovers import TODO
from ..passages import Name
from . import jointtext, turns
from . import vocabulary as v
from .agreements import Agreements
from .candidate import Candidate
from .matching import Matching
from .meetings import meeting_link
from .source import blanked
from .statements import impersonal, reports_speech, same_words


class Draft(Agreements, Matching):
    """A draft of one source: its candidate facts, in the order of the text."""

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
            unquoted = blanked(sentence, quotes)
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
            link = link or meeting_link(sentence, previous, meeting, meetings)
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
            if reports_speech(sentence, unquoted, clauses) and not impersonal(unquoted):
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
                words = same_words(sentence.text)
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

"""Agreements: what a sentence says was agreed, signed or committed to, with its parties (those
it names, or the sides of the meeting it was agreed in), one per outcome a sentence lists; and
each commitment of a joint text, by its signatories."""
from __future__ import annotations

import re
from typing import Any

from ...schema.eventcodes import label
from ..leftovers import TODO
from ..passages import Span
from . import jointtext
from . import vocabulary as v
from .candidate import Candidate, linked
from .known import words_of
from .source import blanked, first_words
from .statements import Statements


class Agreements(Statements):
    """The agreements of a sentence or a joint text."""

    def _agreement(self, sentence: Span, names: list, previous: Span | None, link: tuple[Candidate, str] | None,
                   told: Candidate | None = None, part: tuple[int, int] | None = None) -> Candidate:
        actors = self._actors(sentence, names)
        unquoted = blanked(sentence, [p.words for p in self.passages])
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
        record: dict[str, Any] = {"id": self._id("agreement", *parties[:2], *first_words(told_here, 4))}
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
        return linked(Candidate("agreements", record, guesses, sentence, frozenset(parties), words_of(sentence.text)),
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
        unquoted = blanked(sentence, [p.words for p in self.passages])
        record: dict[str, Any] = {"id": self._id("agreement", *parties[:2], *first_words(sentence.text, 4))}
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
        return linked(Candidate("agreements", record, guesses, sentence, frozenset(parties), words_of(sentence.text)),
                            link)

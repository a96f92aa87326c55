"""A candidate recognised as a fact already curated (``known.py`` compares): the one it is, or
one said in a curated meeting the report tells of, unless too old to be it; and the curated
quotes a sentence echoes without quoting them."""
from __future__ import annotations

import datetime

from ...schema.kinds import RECORD_KINDS
from . import vocabulary as v
from .candidate import Candidate
from .dates import next_month, unsaid_day
from .known import (
    LATEST_DAYS,
    Known,
    Match,
    dates_agree,
    day_hints,
    echoed,
    fact_status,
    match,
    of_meeting,
    reported_meeting,
    same_passage,
    tokens,
)
from .source import SourceReading, blanked
from .speakers import SPEAKER_KINDS

KIND_OF_SECTION = {k.section: k.name for k in RECORD_KINDS}
RECENT_DAYS = 7  # how long before the day of writing an undated statement may have been made, unless it looks back


def tells_only(candidate: Candidate) -> bool:
    """Whether a statement said in the meeting its own sentence reports is by no side of it
    (or by no one named): "Khan and Putin discussed Afghanistan, the PM Office said" tells of
    the meeting, and is no statement of it for being in it."""
    link = candidate.meeting
    return link is not None and link.sentence == candidate.sentence and not (candidate.who and candidate.who <= link.who)


class Matching(SourceReading):
    """Candidates matched to the facts already curated."""

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
                      frozenset(day_hints(unsaid_day(candidate.sentence.text))) if kind == "meeting" else frozenset(), self.sides,
                      told if kind == "meeting" and v.PREVIOUS.search(candidate.sentence.text) else frozenset(),
                      said_in.id if said_in is not None and not tells_only(candidate) else None,
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
            (datetime.date.fromisoformat(next_month(fact.date) + "-01") - datetime.timedelta(days=1)).isoformat())
        days = (datetime.date.fromisoformat(self.day_written) - datetime.date.fromisoformat(latest)).days
        return days > (LATEST_DAYS if candidate.section == "meetings" else RECENT_DAYS)

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
            words = tokens(blanked(sentence, inside))
            near = self._named(sentence).union(*(self._named(s) for s in self._earlier(i)))
            for fact in echoed(self.known, words, near):
                if (self.source.id, sentence.text) not in fact.spans:
                    out.append((fact, self._citation(sentence, "echoes")))
        return out

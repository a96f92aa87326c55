"""The dates of a draft's candidates: a sentence's date as the date rules (``reldates.py``) read
it, else as a DATE entity of its grammar gives it (``date_words``), else the sentence before's;
and a statement, quote or agreement dated by the meeting it was said in (``resolve_meeting``)."""
from __future__ import annotations

import datetime
import re
from typing import Any

from ..passages import Span
from ..reldates import FoundDate, find_date
from . import vocabulary as v
from .candidate import Candidate
from .source import SourceReading


def next_month(month: str) -> str:
    """'2021-07' → '2021-08'; '2021-12' → '2022-01'."""
    year, number = int(month[:4]), int(month[5:7])
    return f"{year + number // 12}-{number % 12 + 1:02d}"


def unsaid_day(text: str) -> str:
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


def resolve_meeting(candidate: Candidate) -> None:
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


class Dating(SourceReading):
    """The date of what a sentence tells, for a candidate's record."""

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

"""The facts already curated, as far as a draft needs them to recognise a candidate as one of
them: across kinds and modes, by participants, date and wording. A report of "talks" is the
phone call the seeds hold; a statement that only reports a known meeting is that meeting; a
candidate that says more than the fact (the talks were a phone call) comes with an upgrade."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...schema.kinds import KINDS_BY_NAME
from ..lint import normal

_WORD = re.compile(r"[a-z]{3,}")
STOP = {"the", "and", "that", "with", "for", "was", "were", "has", "had", "have", "said", "his", "her", "their",
        "this", "also", "from", "which", "who", "its", "are", "been", "between", "two", "on", "in", "of", "to"}
# Meeting kinds a report may give less precisely than the curated fact (or more): "talks" and
# "meeting" say nothing of the mode; the others do.
VAGUE_KINDS = ("talks", "meeting")
SIMILAR = 0.6  # the share of the shorter one's words two texts must share to be one fact
SAME_MEETING_BONUS = 0.3  # what the same kind and the same participants count for, in that share


def words_of(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in STOP}


def bare(words: str) -> str:
    """A quote's words for comparison: typography, case and closing punctuation aside."""
    return normal(words).casefold().rstrip(".,;:!? ")


def _text_or_none(value: object) -> str | None:
    return None if value is None else str(value)


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
    mode: str | None = None  # a meeting's mode
    spans: set[tuple[str, str]] = field(default_factory=set)  # (source, exact)

    @classmethod
    def of(cls, record: Any) -> Known | None:
        declared = KINDS_BY_NAME.get(getattr(record, "type", ""))
        if declared is None:  # a disagreement
            return None
        who = set(declared.entities_meaning(record, ("actor", "recipient")))
        text = str(declared.value_meaning(record, "summary") or declared.value_meaning(record, "text") or "")
        spans = {(c.source, c.exact) for c in record.citations}
        words = words_of(text) | {w for c in record.citations for w in words_of(c.exact)}
        return cls(declared.name, record.id, frozenset(who), words, normal(text).casefold(),
                   _text_or_none(declared.value_meaning(record, "time")), getattr(record, "kind", None),
                   getattr(record, "mode", None), spans)


def dates_agree(a: str | None, b: str | None) -> bool:
    """The same date, one more precise than the other, or one unknown."""
    return not a or not b or a.startswith(b) or b.startswith(a)


def overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


@dataclass(frozen=True)
class Match:
    fact: Known
    cited: bool  # the fact cites this passage already
    upgrade: str | None = None  # what the candidate says that the fact does not


def upgrade_of(fact: Known, record: dict[str, Any], words: str) -> str | None:
    """What a meeting candidate says more precisely than the curated meeting: a kind and mode
    where the fact has only 'talks' or 'meeting' of unknown mode, or a date where it has none
    or a coarser one."""
    notes = []
    if fact.detail in VAGUE_KINDS and record["kind"] not in VAGUE_KINDS and fact.detail != record["kind"]:
        notes.append(f"kind {record['kind']}, mode {record['mode']} (from '{words}'); the fact has "
                     f"{fact.detail}, mode {fact.mode}")
    date = record.get("date")
    if date and (not fact.date or (len(date) > len(fact.date) and date.startswith(fact.date))):
        notes.append(f"date {date} ({record.get('date_basis')}); the fact has {fact.date or 'none'}")
    return "; ".join(notes) or None


def _same_passage(a: str, b: str) -> bool:
    """One passage in the other (a standfirst repeats a sentence without its full stop)."""
    a, b = a.rstrip(" ."), b.rstrip(" .")
    return bool(a and b) and (a in b or b in a)


def match(known: list[Known], kind: str, record: dict[str, Any], who: frozenset[str], words: set[str],
          source: str, passages: list[str], meeting_words: str | None = None) -> Match | None:
    """The curated fact a candidate is, if any. Quotes match by their words; the rest by a
    passage the fact already cites, or by participants, date and wording, across meeting kinds
    and modes (same participants on the same day are one meeting however reported)."""
    best, score = None, 0.0
    date = record.get("date")
    for fact in known:
        if fact.kind != kind:
            continue
        if kind == "quote":
            if bare(record["text"]) == bare(fact.text):
                return Match(fact, any(s == source for s, _ in fact.spans))
            continue
        if any(s == source and _same_passage(e, p) for s, e in fact.spans for p in passages):
            up = upgrade_of(fact, record, meeting_words or "") if kind == "meeting" else None
            return Match(fact, True, up)
        if who and fact.who and not who & fact.who:
            continue
        if not dates_agree(date, fact.date):
            continue
        if kind == "meeting":
            same_people = len(who) >= 2 and who == fact.who
            if same_people and date and fact.date and date[:10] == fact.date[:10] and len(date) == len(fact.date) == 10:
                return Match(fact, False, upgrade_of(fact, record, meeting_words or ""))
            compatible = (fact.detail == record["kind"] or fact.detail in VAGUE_KINDS or record["kind"] in VAGUE_KINDS)
            if not compatible:
                continue
        value = overlap(words, fact.words)
        if kind == "meeting" and len(who) >= 2 and who == fact.who and fact.detail == record["kind"]:
            value += SAME_MEETING_BONUS  # the same kind of meeting between the same sides: say less to be it
        if value > score:
            best, score = fact, value
    if best is None or score < SIMILAR:
        return None
    return Match(best, False, upgrade_of(best, record, meeting_words or "") if kind == "meeting" else None)


def reported_meeting(known: list[Known], who: frozenset[str], date: str | None, words: set[str]) -> Known | None:
    """The curated meeting a statement only reports ("the two leaders discussed Afghanistan,
    the Kremlin said"): its participants named, on its date or undated, in much its words."""
    best, score = None, 0.0
    for fact in known:
        if fact.kind != "meeting" or len(fact.who) < 2 or not fact.who <= who or not dates_agree(date, fact.date):
            continue
        value = overlap(words, fact.words)
        if value > score:
            best, score = fact, value
    return best if score >= SIMILAR else None

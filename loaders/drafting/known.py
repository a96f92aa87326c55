"""The facts already curated, as far as a draft needs them to recognise a candidate as one of
them: across kinds and modes, by participants, date and wording. A report of "talks" is the
phone call the seeds hold; a statement that only reports a known meeting is that meeting; a
candidate that says more than the fact (the talks were a phone call) comes with an upgrade."""
from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ...schema.kinds import KINDS_BY_NAME
from ...schema.sqltext import ident
from ..history import snapshots
from ..lint import normal
from ..readonly import connect_read_only

CONTENT_WORD = re.compile(r"[a-z]{3,}")  # the words two texts are compared by, less STOP (lower case)
STOP = {"the", "and", "that", "with", "for", "was", "were", "has", "had", "have", "said", "his", "her", "their",
        "this", "also", "from", "which", "who", "its", "are", "been", "between", "two", "on", "in", "of", "to"}
# Meeting kinds a report may give less precisely than the curated fact (or more): "talks" and
# "meeting" say nothing of the mode; the others do.
VAGUE_KINDS = ("talks", "meeting")
SIMILAR = 0.6  # the share of the shorter one's words two texts must share to be one fact
SAME_MEETING_BONUS = 0.3  # what the same kind and the same participants count for, in that share


# Words that say who reported, not what was said ("according to a statement issued by the PMO").
ATTRIBUTING = {"according", "statement", "issued", "told", "added", "noted", "says", "say", "readout", "office", "press",
               "service", "spokesperson", "spokesman", "report", "reported", "reports", "quoted", "cited"}


def stem(word: str) -> str:
    """A word without its commonest endings ("approaches", "approach"; "stressed", "stress";
    "coordinated", "coordinate"), so that
    two wordings of one fact share it; crude, and the same on both sides of a comparison."""
    for ending, keep in (("ies", "y"), ("es", ""), ("ing", ""), ("ed", ""), ("s", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 4 and not word.endswith("ss"):
            word = word[:-len(ending)] + keep
            break
    return word[:-1] if word.endswith("e") and len(word) >= 5 else word  # "coordinate", "coordinated"


# Words that say one thing in a readout and its retelling alike ("underscored" for "stressed",
# "ties" for "relations"): each read as the first of its group.
SYNONYMS = [(re.compile(pattern), word) for pattern, word in (
    (r"^(?:emphasi[sz]|underscor|underlin|highlight|stress)", "stress"),
    (r"^(?:ties|relations?|relationship)$", "relation"),
    (r"^(?:cooperat|collaborat)", "cooperat"),
    (r"^(?:reiterat|reaffirm|renew)", "reaffirm"),
    (r"^(?:importan|significan|vital)", "importan"),
    (r"^(?:keep|kept|stay|remain|maintain)", "stay"),  # "keep in contact" for "stay in touch"
    (r"^(?:touch|contact)$", "touch"))]


# A country's name as its people's word: "Afghanistan" as "Afghan" ("the Afghan issue"); not their
# adjective in -i, which names a side ("the Pakistani leader") rather than a topic.
DEMONYM = [(re.compile(r"^(\w{3,}?)istan$"), r"\1")]


def canonical(word: str) -> str:
    for pattern, same in SYNONYMS:
        if pattern.match(word):
            return same
    for pattern, country in DEMONYM:
        if pattern.match(word):
            return pattern.sub(country, word)
    return stem(word)


def words_of(text: str) -> set[str]:
    """A text's words that carry its meaning, stemmed, synonyms as one: no stop words, none that
    only attribute it."""
    return {canonical(w) for w in CONTENT_WORD.findall(text.lower()) if w not in STOP and w not in ATTRIBUTING}


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
    texts: list[set[str]] = field(default_factory=list)  # the words of its summary and of each excerpt stating it
    meeting: str | None = None  # the meeting a statement, agreement or quote was said in
    status: str | None = None  # a meeting's status

    @classmethod
    def of(cls, record: Any) -> Known | None:
        declared = KINDS_BY_NAME.get(getattr(record, "type", ""))
        if declared is None:  # a disagreement
            return None
        who = set(declared.entities_meaning(record, ("actor", "recipient")))
        text = str(declared.value_meaning(record, "summary") or declared.value_meaning(record, "text") or "")
        spans = {(c.source, c.exact) for c in record.citations}
        words = words_of(text) | {w for c in record.citations for w in words_of(c.exact)}
        texts = [words_of(text)] + [words_of(c.exact) for c in record.citations
                                    if getattr(c, "role", "states") in (None, "states")]
        return cls(declared.name, record.id, frozenset(who), words, normal(text).casefold(),
                   _text_or_none(declared.value_meaning(record, "time")), getattr(record, "kind", None),
                   getattr(record, "mode", None), spans, [t for t in texts if t],
                   _text_or_none(getattr(record, "meeting", None)), _text_or_none(getattr(record, "status", None)))


def in_database(db_path: Path) -> list[Known]:
    """The curated facts as a database built from the seeds holds them: read back from their
    rows, table by table (``history.snapshots``: the fields a fact file gives), with no fact
    file parsed or validated again; in the order of the fact files (``record``)."""
    conn = connect_read_only(db_path)
    try:
        found = snapshots(conn)
        places = {(kind.name, fact_id): place for kind in KINDS_BY_NAME.values()
                  for fact_id, place in conn.execute(f"SELECT id, record FROM {ident(kind.table.name)}")}
    finally:
        conn.close()

    def in_files(key: tuple[str, str]) -> tuple[str, int]:  # the order the fact files give (ties go to the first)
        file, _, line = places[key].rpartition(":")
        return file, int(line)

    out = []
    for (kind, fact_id), fields in sorted(found.items(), key=lambda item: in_files(item[0])):
        fact = Known.of(SimpleNamespace(type=kind, id=fact_id, **{k: _fields(v) for k, v in fields.items()}))
        if fact is not None:
            out.append(fact)
    return out


def _fields(value: Any) -> Any:
    """A snapshot's value as a record gives it: a link's rows as objects with attributes."""
    if isinstance(value, list):
        return [SimpleNamespace(**item) if isinstance(item, dict) else item for item in value]
    return value


def dates_agree(a: str | None, b: str | None) -> bool:
    """The same date, one more precise than the other, or one unknown."""
    return not a or not b or a.startswith(b) or b.startswith(a)


def a_day_apart(a: str | None, b: str | None) -> bool:
    """Two full dates one day apart."""
    if not a or not b or len(a) != 10 or len(b) != 10:
        return False
    try:
        return abs((datetime.date.fromisoformat(a) - datetime.date.fromisoformat(b)).days) == 1
    except ValueError:
        return False


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
    if record.get("status") == "planned" and fact_status(fact) == "proposed":
        notes.append(f"status planned (from '{words}'); the fact has proposed")
    date = record.get("date")
    if date and (not fact.date or (len(date) > len(fact.date) and date.startswith(fact.date))):
        notes.append(f"date {date} ({record.get('date_basis')}); the fact has {fact.date or 'none'}")
    return "; ".join(notes) or None


def same_passage(a: str, b: str) -> bool:
    """One passage in the other (a standfirst repeats a sentence without its full stop)."""
    a, b = a.rstrip(" ."), b.rstrip(" .")
    return bool(a and b) and (a in b or b in a)


def similarity(words: set[str], fact: Known) -> float:
    """How much a candidate's words say what the fact says: the share of words it shares with
    the fact's summary or with one excerpt stating it (the best of them, so that a fact cited
    by many sources is not the likelier match for it), or with all of them together when that
    shares more, counted down by a third."""
    best = max((overlap(words, t) for t in fact.texts if len(words & t) >= 3), default=0.0)
    return max(best, overlap(words, fact.words) * 2 / 3)


_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)


def day_hints(text: str) -> set[int]:
    """The weekdays a text names (0 Monday … 6 Sunday): what a date can be checked against
    when it cannot be resolved (a source with no date of its own)."""
    names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    return {names.index(m.group(1).lower()) for m in _WEEKDAY.finditer(text)}


def fits_weekday(date: str | None, weekdays: set[int]) -> bool:
    if not weekdays or not date or len(date) != 10:
        return True
    try:
        return datetime.date.fromisoformat(date).weekday() in weekdays
    except ValueError:
        return True


def same_sides(a: frozenset[str], b: frozenset[str]) -> bool:
    """The same meeting's participants as far as a report names them: one set in the other,
    sharing two at least (or the one a side names)."""
    shared = a & b
    return bool(shared) and (a <= b or b <= a) and len(shared) >= min(2, len(a), len(b))


def both_sides(a: frozenset[str], b: frozenset[str],
               sides_of: Callable[[frozenset[str]], frozenset[str]] | None = None) -> bool:
    """Two meetings' participants as the same sides: by entity, or by their countries (a leader
    for their country, "Putin and Khan" for "Russia and Pakistan")."""
    return len(a) >= 2 and (same_sides(a, b) or (
        sides_of is not None and len(sides_of(a)) >= 2 and sides_of(a) == sides_of(b)))


def match(known: list[Known], kind: str, record: dict[str, Any], who: frozenset[str], words: set[str],
          source: str, passages: list[str], meeting_words: str | None = None, written: str | None = None,
          weekdays: frozenset[int] = frozenset(), sides_of: Callable[[frozenset[str]], frozenset[str]] | None = None,
          earlier_than: frozenset[str] = frozenset(), said_in: str | None = None,
          named: frozenset[str] = frozenset()) -> Match | None:
    """The curated fact a candidate is, if any. Quotes match by their words (the same words, or
    one quotation inside the other); the rest by a passage the fact already cites, or by
    participants, date and wording, across meeting kinds and modes (sides compared by their
    countries too, through ``sides_of``: "Lavrov agreed" is Russia's; a statement of the Prime
    Minister's Office is the Prime Minister's in much the same words). A meeting is chosen by
    its date first: the same day between the same sides is one meeting however reported, and so
    is the only one between them in the month or year a report gives; an undated report is the
    curated meeting on a weekday it names, else the latest on or before the day the source was
    written (``written``), or, for "their previous call", the latest before the meetings the
    report told of already (``earlier_than``). A statement or agreement said in a meeting the
    seeds hold (``said_in``) is likelier one of that meeting's; one whose speaker the grammar
    missed may be the fact of someone the sentence names (``named``: "Khan stressed …, the
    Kremlin said" is Khan's). Ties go by score, then the linked meeting, the same date, the same
    speaker and the fact's id: never by the order the facts were read in."""
    scored: list[tuple[tuple[float, bool, bool, bool], str, Known]] = []
    date = record.get("date")
    if kind == "quote":
        return quote_match(known, record["text"], source, who)
    meetings: list[tuple[float, Known]] = []
    within: list[Known] = []
    planned_visits: list[Known] = []
    for fact in known:
        if fact.kind != kind:
            continue
        if any(s == source and same_passage(e, p) for s, e in fact.spans for p in passages):
            up = upgrade_of(fact, record, meeting_words or "") if kind == "meeting" else None
            return Match(fact, True, up)
        by_country = bool(who and fact.who and not who & fact.who)  # only their countries can make them one
        if by_country and kind == "statement" and fact.who <= named:
            by_country = False  # the sentence names the fact's speaker: "Khan stressed …, the Kremlin said"
        if by_country and kind == "meeting" and sides_of is not None and len(sides_of(who)) >= 2 and sides_of(
                who) == sides_of(fact.who) and ((date and fact.date) or (record["kind"] == fact.detail not in VAGUE_KINDS)):
            by_country = False  # "Moscow and Islamabad discussed … by phone in August": their leaders' call, dated or told alike
        if by_country and not (kind in ("agreement", "statement") and sides_of is not None
                               and sides_of(who) & sides_of(fact.who)):
            continue
        next_day = kind != "meeting" and bool(who & fact.who) and a_day_apart(date, fact.date)
        if not dates_agree(date, fact.date) and not next_day:
            continue
        if kind == "meeting":
            if not fits_weekday(fact.date, set(weekdays)) and not date:
                continue
            sides = both_sides(who, fact.who, sides_of)
            same_day = bool(date and fact.date and len(date) == len(fact.date) == 10 and date == fact.date)
            if ("summit" in (fact.detail, record["kind"])) and fact.detail != record["kind"]:
                continue  # a meeting on the sidelines of a summit is not the summit, nor the summit it
            held = (record.get("status") or "held") == "held"
            if sides and same_day and held == (fact_status(fact) == "held"):  # not a visit proposed in a call that day
                return Match(fact, False, upgrade_of(fact, record, meeting_words or ""))
            compatible = (fact.detail == record["kind"] or fact.detail in VAGUE_KINDS or record["kind"] in VAGUE_KINDS)
            if not compatible:
                continue
            if sides and record["kind"] == fact.detail == "visit" and record.get("status") == "planned" and (
                    fact_status(fact) == "proposed") and not fact.date and same_sides(who, fact.who):
                planned_visits.append(fact)  # "Khan will travel to Moscow": the visit he was invited to, now planned
            if sides and record.get("status") == fact_status(fact):
                if not date:
                    meetings.append((_before(fact.date, written), fact))
                elif len(date) < 10 and fact.date:  # a month or a year: the one meeting between the same sides in it
                    within.append(fact)
        if kind == "meeting" and len(who) >= 2 and len(fact.who) >= 2 and not both_sides(who, fact.who, sides_of) and not (
                sides_of is not None and (sides_of(who) <= sides_of(fact.who) or sides_of(fact.who) <= sides_of(who))):
            continue  # two sides named, of other countries than the fact's: another meeting however alike the words
        value = similarity(words, fact)
        if by_country and kind == "statement" and value < ALSO_SIMILAR:
            continue  # the Prime Minister's Office for the Prime Minister: in much the same words only
        if kind == "meeting" and date and not fact.date and value < ALSO_SIMILAR and (
                record.get("status") or "held") == "held" == fact_status(fact):
            continue  # a meeting held on a given day (month, year) is a curated one of no known date in much the same words only
            # (a visit planned or proposed is often dated by the day it was spoken of)
        if kind == "meeting" and both_sides(who, fact.who, sides_of) and fact.detail == record["kind"] and not (
                len(who) >= 3 and len(who) > len(fact.who)):  # four sides named are no meeting of two of them
            value += SAME_MEETING_BONUS  # the same kind of meeting between the same sides: say less to be it
        if next_day and value < ALSO_SIMILAR:
            continue  # a day apart (a report dated by another time zone, or the day after): in much the same words only
        in_it = bool(said_in and fact.meeting == said_in)
        if in_it:
            value += SAID_IN_BONUS  # one of the meeting's it was said in
        scored.append(((value, in_it, bool(date and date == fact.date), bool(who & fact.who)), fact.id, fact))
    if len(planned_visits) == 1 and not scored_same_status(scored, record):
        return Match(planned_visits[0], False, upgrade_of(planned_visits[0], record, meeting_words or ""))
    if not written and weekdays and len(meetings) == 1:  # undated source: the one on the weekday it names
        fact = meetings[0][1]
        return Match(fact, False, upgrade_of(fact, record, meeting_words or ""))
    exact = [f for f in within if f.date == date]  # "in April": the one of that month, before one of that year
    if len(within) == 1 or len(exact) == 1:
        fact = within[0] if len(within) == 1 else exact[0]
        return Match(fact, False, upgrade_of(fact, record, meeting_words or ""))
    told = [f.date for _, f in meetings if f.id in earlier_than and f.date]
    if told:  # "their previous call": the latest between the same sides before the one told of
        before = sorted((f for _, f in meetings if f.date and f.date < max(told)), key=lambda f: (f.date or "", f.id))
        if before:
            return Match(before[-1], False, upgrade_of(before[-1], record, meeting_words or ""))
    elif meetings and written:  # undated: the latest held between the same sides by the day of writing
        meetings.sort(key=lambda m: (m[0], m[1].id))
        if meetings[0][0] < LATEST_DAYS:
            fact = meetings[0][1]
            return Match(fact, False, upgrade_of(fact, record, meeting_words or ""))
    if not scored:
        return None
    key, _, best = max(scored, key=lambda item: (item[0], _reversed(item[1])))
    if key[0] < SIMILAR:
        return None
    return Match(best, False, upgrade_of(best, record, meeting_words or "") if kind == "meeting" else None)


def scored_same_status(scored: list[tuple[tuple[float, bool, bool, bool], str, Known]], record: dict[str, Any]) -> bool:
    """Whether a curated meeting of the candidate's own status scores as it: that one first."""
    return any(key[0] >= SIMILAR and fact_status(fact) == (record.get("status") or "held") for key, _, fact in scored)


SAID_IN_BONUS = 0.1  # what being of the meeting a statement or agreement was said in counts for, in that share


def _reversed(ident: str) -> tuple[int, ...]:
    """An id as a key under which the first in alphabetical order is the greatest: the last tie-break."""
    return tuple(-ord(c) for c in ident) + (0,)


LATEST_DAYS = 45  # how long before the day of writing an undated report's meeting may be


def fact_status(fact: Known) -> str:
    return fact.status or "held"


def _before(date: str | None, written: str | None) -> float:
    """Days from ``date`` to the day of writing, when it is on or before it; else infinity."""
    if not date or not written or len(date) != 10 or len(written) != 10:
        return float("inf")
    days = (datetime.date.fromisoformat(written) - datetime.date.fromisoformat(date)).days
    return days if days >= 0 else float("inf")


def tokens(text: str) -> list[str]:
    """A text's words for comparing quotations: case, quotation marks and punctuation aside."""
    return re.findall(r"[a-z0-9]+", normal(text).casefold().replace("’", "'").replace("'", ""))


def contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


NEAR = 0.85  # how alike (difflib's ratio, by words) two wordings of a quotation must be to be one
NEAR_WORDS = 6  # a quotation this long may be near-verbatim; a shorter one must be verbatim


def near(a: list[str], b: list[str]) -> bool:
    """Near-verbatim: at least ``NEAR_WORDS`` words, alike by ``NEAR`` ("at this crucial juncture"
    for "at this critical juncture")."""
    return min(len(a), len(b)) >= NEAR_WORDS and difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= NEAR


def near_within(haystack: list[str], needle: list[str]) -> bool:
    """``needle`` near-verbatim somewhere in ``haystack`` (a window of its length, give or take a word)."""
    n = len(needle)
    if n < NEAR_WORDS or len(set(needle) & set(haystack)) < NEAR * len(set(needle)):
        return False
    return any(near(haystack[i:i + size], needle) for size in (n - 1, n, n + 1) for i in range(max(1, len(haystack) - size + 1)))


def quote_match(known: list[Known], words: str, source: str, who: frozenset[str] = frozenset()) -> Match | None:
    """The curated quote whose words these are: the same words, one quotation inside the other
    (a report quoting a little more or less of the same sentence), at least two words, or
    near-verbatim (``near``),
    by the same speaker when the draft names one."""
    mine = tokens(words)
    found = None
    for fact in known:
        if fact.kind != "quote":
            continue
        theirs = tokens(fact.text)
        same = mine == theirs or (min(len(mine), len(theirs)) >= 2 and (not who or not fact.who or who & fact.who)
                                  and (contains(mine, theirs) or contains(theirs, mine) or near(mine, theirs)))
        if same and (found is None or (len(theirs), _reversed(fact.id)) > (len(tokens(found.text)), _reversed(found.id))):
            found = fact
    return None if found is None else Match(found, any(s == source for s, _ in found.spans))


CONTEXT_SIMILAR = 0.4  # the share for a statement or agreement of a curated meeting the report is about
ALSO_SIMILAR = 0.75  # the share for a second curated statement in one sentence


def of_meeting(known: list[Known], kind: str, meetings: set[str], who: frozenset[str], words: set[str],
               date: str | None, sides: Callable[[frozenset[str]], frozenset[str]] | None = None) -> Known | None:
    """The curated statement or agreement of a curated meeting the report is about (``meetings``:
    the one the candidate was said in, else those the report tells of, its speaker among their
    participants) that the candidate says in somewhat fewer of the same words: a readout told again."""
    best, score = None, 0.0
    for fact in known:
        if fact.kind != kind or fact.meeting not in meetings or not dates_agree(date, fact.date):
            continue
        if who and fact.who and not who & fact.who and not (sides is not None and sides(who) & sides(fact.who)):
            continue
        value = similarity(words, fact)
        if best is None or (value, _reversed(fact.id)) > (score, _reversed(best.id)):
            best, score = fact, value
    return best if score >= CONTEXT_SIMILAR else None


def also(known: list[Known], first: Known, who: frozenset[str], words: set[str], date: str | None) -> list[Known]:
    """Other curated statements of the same meeting and speaker that one sentence reports too
    ("stressed coordinated approaches, saying Pakistan gave high importance to …")."""
    return [f for f in known if f.kind == "statement" and f is not first and f.meeting and f.meeting == first.meeting
            and f.who == first.who and (not who or who & f.who) and dates_agree(date, f.date)
            and similarity(words, f) >= ALSO_SIMILAR]


def reported_meeting(known: list[Known], who: frozenset[str], date: str | None, words: set[str]) -> Known | None:
    """The curated meeting a statement only reports ("the two leaders discussed Afghanistan,
    the Kremlin said"): its participants named, on its date or undated, in much its words."""
    best, score = None, 0.0
    for fact in known:
        if fact.kind != "meeting" or len(fact.who) < 2 or not fact.who <= who or not dates_agree(date, fact.date):
            continue
        value = overlap(words, fact.words)
        if best is None or (value, _reversed(fact.id)) > (score, _reversed(best.id)):
            best, score = fact, value
    return best if score >= SIMILAR else None


ECHO_WORDS = 4  # a curated quote this long is echoed wherever its words are printed; a shorter one only near its speaker


def echoed(known: list[Known], unquoted: list[str], near: frozenset[str]) -> list[Known]:
    """The curated quotes whose words a sentence prints outside quotation marks (``unquoted``:
    its words, quoted ones left out): verbatim or, from ``NEAR_WORDS`` words, near-verbatim;
    case, quotation marks and punctuation aside; a quote of fewer than ``ECHO_WORDS`` words only where its speaker is named in the
    sentence or the sentences just before (``near``), at least two words."""
    found = []
    for fact in known:
        if fact.kind != "quote":
            continue
        theirs = tokens(fact.text)
        if len(theirs) < 2 or not (contains(unquoted, theirs) or near_within(unquoted, theirs)):
            continue
        if len(theirs) < ECHO_WORDS and not fact.who & near:
            continue
        found.append(fact)
    return found

"""Dates in a sentence, resolved against the date of its source: 'on Tuesday', 'last year',
'in April this year', 'in late August', 'next month', '18 months ago', 'August 25', 'Sept 14', 'June 14, 2019'.

The date a source was written is its dateline's ("MOSCOW, Sept 14 (Reuters) -", "ISLAMABAD,
Aug 25:") when it has one, else its publication date: relative words are resolved against it.

A date the sentence gives in full is ``stated``; one resolved from words relative to the
source's date is ``relative``, with a note quoting the words. Nothing is resolved against a
source with no date, or one known only to the month or year where a day would be needed."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ABBREVIATED = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
               "oct": 10, "nov": 11, "dec": 12}
_MONTH = "|".join([m.capitalize() for m in MONTHS] + [rf"{a.capitalize()}\.?" for a in ABBREVIATED])
_DAY = "|".join(d.capitalize() for d in DAYS)

_FULL = re.compile(rf"\b({_MONTH}) (\d{{1,2}}),? (\d{{4}})\b|\b(\d{{1,2}}) ({_MONTH}),? (\d{{4}})\b")
_MONTH_DAY = re.compile(rf"\b({_MONTH}) (\d{{1,2}})\b(?!,? \d{{4}})|\b(\d{{1,2}}) ({_MONTH})\b(?!,? \d{{4}})")
_WEEKDAY = re.compile(rf"\b(?:on |last )?({_DAY})\b")
_IN_MONTH = re.compile(rf"\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y) (?:(?:early|mid|late)[- ])?({_MONTH})(?: (this|last) year| (\d{{4}}))?\b")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty": 20}
_AGO = re.compile(rf"\b(\d{{1,3}}|{'|'.join(_NUMBERS)}) (day|month|year)s? ago\b", re.I)
_RELATIVE = re.compile(r"\b(yesterday|today|last year|this year|next year|last month|this month|next month)\b", re.I)


@dataclass(frozen=True)
class FoundDate:
    date: str
    basis: str  # stated | relative
    note: str
    words: str


def month_number(word: str) -> int:
    """1–12 for a month's name or its abbreviation ('Sept.', 'Aug')."""
    word = word.lower().rstrip(".")
    return MONTHS.index(word) + 1 if word in MONTHS else ABBREVIATED[word]


_DATELINE = re.compile(rf"^[ \t]*([A-Z][A-Za-z.'’ -]{{1,40}}?(?:, [A-Z][A-Za-z. ]{{1,30}}?)?), ({_MONTH}) (\d{{1,2}})"
                       rf"(?:,? (\d{{4}}))?[ \t]*(?:\([A-Za-z. ]{{2,30}}\)[ \t]*)?[-–—:]", re.M)
DATELINE_LINES = 12  # a dateline opens the story: looked for in its first lines only


@dataclass(frozen=True)
class Dateline:
    date: str  # YYYY-MM-DD
    words: str  # as printed: "MOSCOW, Sept 14 (Reuters) -"


def dateline(text: str, published: str | None) -> Dateline | None:
    """The dateline of a story ('CITY, Mon DD'), dated against its publication (the last such
    day on or before it) unless it gives the year."""
    head = "\n".join(text.splitlines()[:DATELINE_LINES])
    m = _DATELINE.search(head)
    if not m:
        return None
    month, day = month_number(m.group(2)), int(m.group(3))
    if m.group(4):
        year = int(m.group(4))
    elif published and len(published) >= 7:
        year = int(published[:4])
        if (month, day) > (int(published[5:7]), int(published[8:10]) if len(published) == 10 else 31):
            year -= 1
    else:
        return None
    try:
        return Dateline(datetime.date(year, month, day).isoformat(), m.group().rstrip(" -–—:").strip())
    except ValueError:
        return None


def _iso(day: datetime.date, precision: str) -> str:
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision]


def _shift_month(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def find_date(sentence: str, published: str | None, source_id: str, written: Dateline | None = None,
              ahead: bool = False) -> FoundDate | None:
    """The first date the sentence gives or implies, resolved against the day the source was
    written: its dateline (``written``) when it has one, else ``published``. A month or a day
    named without its year is the last one before that day, or with ``ahead`` (what is
    planned) the next one."""
    if m := _FULL.search(sentence):
        month, day, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
        try:
            when = datetime.date(int(year), month_number(month), int(day))
        except ValueError:
            return None
        return FoundDate(when.isoformat(), "stated", f"'{m.group()}' in {source_id}.", m.group())
    if written is not None:
        published = written.date
    if not published:
        return None
    pub = datetime.date(int(published[:4]), int(published[5:7] or 1) if len(published) >= 7 else 1,
                        int(published[8:10]) if len(published) == 10 else 1)
    has_day, has_month = len(published) == 10, len(published) >= 7
    against = (f"in {source_id}, datelined '{written.words}' ({written.date})" if written
               else f"in {source_id}, dated {published}")
    if has_day and (m := _MONTH_DAY.search(sentence)):
        month, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        month_no = month_number(month)
        year = pub.year if (month_no, int(day)) <= (pub.month, pub.day) else pub.year - 1
        if ahead:
            year = pub.year if (month_no, int(day)) >= (pub.month, pub.day) else pub.year + 1
        try:
            when = datetime.date(year, month_no, int(day))
        except ValueError:
            return None
        which = "the next" if ahead else "the last"
        return FoundDate(when.isoformat(), "relative", f"'{m.group()}' {against}: {which} {m.group()} "
                         f"{'after' if ahead else 'before'} it.", m.group())
    if has_day and (m := _WEEKDAY.search(sentence)):
        back = (pub.weekday() - DAYS.index(m.group(1).lower())) % 7
        if m.group().startswith("last ") and back == 0:
            back = 7
        when = pub - datetime.timedelta(days=back)
        return FoundDate(when.isoformat(), "relative",
                         f"'{m.group()}' {against} (a {DAYS[pub.weekday()].capitalize()}).", m.group())
    if m := _IN_MONTH.search(sentence):
        month_no = month_number(m.group(1))
        if m.group(3):
            return FoundDate(f"{m.group(3)}-{month_no:02d}", "stated", f"'{m.group()}' in {source_id}.", m.group())
        year = pub.year - 1 if m.group(2) == "last" else pub.year
        if m.group(2) is None and has_month and month_no > pub.month and not ahead:
            year -= 1
        if m.group(2) is None and has_month and month_no < pub.month and ahead:
            year += 1
        if m.group(2) is None and not has_month:
            return None
        return FoundDate(f"{year}-{month_no:02d}", "relative", f"'{m.group()}' {against}.", m.group())
    if m := _AGO.search(sentence):  # "18 months ago": that month; "three days ago": that day; "two years ago": that year
        count = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1).lower()]
        unit = m.group(2).lower()
        if unit == "year":
            return FoundDate(str(pub.year - count), "relative", f"'{m.group()}' {against}.", m.group())
        if unit == "month" and has_month:
            return FoundDate(_iso(_shift_month(pub, -count), "month"), "relative", f"'{m.group()}' {against}.", m.group())
        if unit == "day" and has_day:
            return FoundDate((pub - datetime.timedelta(days=count)).isoformat(), "relative", f"'{m.group()}' {against}.",
                             m.group())
    if m := _RELATIVE.search(sentence):
        words = m.group().lower()
        if words in ("yesterday", "today"):
            if not has_day:
                return None
            when = pub - datetime.timedelta(days=1 if words == "yesterday" else 0)
            return FoundDate(when.isoformat(), "relative", f"'{m.group()}' {against}.", m.group())
        unit = words.split()[1]
        step = {"last": -1, "this": 0, "next": 1}[words.split()[0]]
        if unit == "year":
            return FoundDate(str(pub.year + step), "relative", f"'{m.group()}' {against}.", m.group())
        if not has_month:
            return None
        return FoundDate(_iso(_shift_month(pub, step), "month"), "relative", f"'{m.group()}' {against}.", m.group())
    return None

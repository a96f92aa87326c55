"""Anchor a curator's excerpt in its source: W3C text quote and position selectors.

Offsets count Unicode code points (Python ``str`` indices), so
``source_text[start:end] == exact`` always holds. Matching is exact: no normalisation.
"""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

CONTEXT = 32  # characters of prefix and suffix stored beside each excerpt


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    prefix: str
    suffix: str


class AnchorError(ValueError):
    pass


def anchor(text: str, exact: str, prefix: str | None = None, suffix: str | None = None) -> Anchor:
    needle = (prefix or "") + exact + (suffix or "")
    found = text.find(needle)
    if found < 0:
        raise AnchorError(_not_found(text, exact, needle, prefix, suffix))
    again = text.find(needle, found + 1)
    if again >= 0:
        count = text.count(needle)
        raise AnchorError(
            f"excerpt occurs {count} times in the source (at characters {found} and {again}"
            f"{', …' if count > 2 else ''}): add a 'prefix' or 'suffix' to say which"
        )
    start = found + len(prefix or "")
    end = start + len(exact)
    return Anchor(start, end, text[max(0, start - CONTEXT):start], text[end:end + CONTEXT])


def _not_found(text: str, exact: str, needle: str, prefix: str | None, suffix: str | None) -> str:
    if (prefix or suffix) and text.find(exact) >= 0:
        return "excerpt found, but not with the given prefix/suffix around it"
    passage = closest_passage(text, exact)
    diff = first_difference(passage, exact)
    shown = passage if len(passage) <= SHOWN else passage[:SHOWN] + "…"
    return f"excerpt not found in the source; closest passage: {shown!r}{diff}"


SHOWN = 300  # characters of the closest passage a problem shows
SEQUENCE_WORK = 20_000_000  # text × excerpt lengths up to which the full alignment is run


def closest_passage(text: str, exact: str) -> str:
    """The stretch of ``text`` that best lines up with ``exact`` (for error messages only).

    The longest opening of the excerpt that the text holds, found by halving (a few
    ``str.find``), says where a curator's copy starts to differ; only where that opening is
    short, and the texts small enough to bound the cost, is the full alignment run."""
    low, high = 0, len(exact)  # exact[:low] occurs in text; exact[:high + 1] does not
    while low < high:
        middle = (low + high + 1) // 2
        if text.find(exact[:middle]) >= 0:
            low = middle
        else:
            high = middle - 1
    if low >= min(len(exact), 8) or len(text) * len(exact) > SEQUENCE_WORK:
        start = text.find(exact[:low]) if low else 0
        return text[start:start + len(exact)]
    matcher = SequenceMatcher(None, text, exact, autojunk=False)
    match = matcher.find_longest_match(0, len(text), 0, len(exact))
    start = max(0, match.a - match.b)
    return text[start:start + len(exact)]


def first_difference(passage: str, exact: str) -> str:
    for i, (a, b) in enumerate(zip(passage, exact, strict=False)):
        if a != b:
            return (
                f"; first difference at character {i}: source has {a!r} (U+{ord(a):04X}),"
                f" excerpt has {b!r} (U+{ord(b):04X})"
            )
    return ""

"""Anchor a curator's excerpt in its source: W3C text quote and position selectors.

Offsets count Unicode code points (Python ``str`` indices), so
``source_text[start:end] == exact`` always holds. Matching is exact: no normalisation.
"""
from __future__ import annotations

import unicodedata
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
    normalised = normalised_difference(text, exact)
    if normalised:
        return normalised
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


def _source_offset(text: str, at: int) -> int:
    """The offset in ``text`` of offset ``at`` of its NFC form: the shortest opening of the
    text whose NFC form is ``at`` characters long or more (found by halving)."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high) // 2
        if len(unicodedata.normalize("NFC", text[:middle])) >= at:
            high = middle
        else:
            low = middle + 1
    return low


def normalised_difference(text: str, exact: str) -> str | None:
    """When the excerpt is in the source once both are normalised (NFC: an 'é' written as one
    character or as 'e' and a combining accent), where they differ as written: at the passage
    that matches, not at the opening of the text."""
    if unicodedata.is_normalized("NFC", text) and unicodedata.is_normalized("NFC", exact):
        return None  # no other writing of the same characters to match
    normal_text, normal_exact = unicodedata.normalize("NFC", text), unicodedata.normalize("NFC", exact)
    at = normal_text.find(normal_exact)
    if at < 0 or not normal_exact:
        return None
    start = _source_offset(text, at)
    end = max(start, _source_offset(text, at + len(normal_exact)))
    passage = text[start:end]
    i = next((i for i, (a, b) in enumerate(zip(passage, exact, strict=False)) if a != b), min(len(passage), len(exact)))
    source_has = passage[i:i + 1]
    excerpt_has = exact[i:i + 1]

    def shown(chars: str) -> str:
        return f"{chars!r} ({' '.join(f'U+{ord(c):04X}' for c in chars)})" if chars else "nothing"

    return (f"excerpt not found in the source as written, but found at character {start} once both are "
            f"normalised (NFC); first difference at character {i} of the excerpt (character {start + i} of the "
            f"source): source has {shown(source_has)}, excerpt has {shown(excerpt_has)}: copy the excerpt from "
            "the source as its characters are written there")

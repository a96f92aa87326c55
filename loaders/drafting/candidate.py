"""A candidate fact of a draft, and how it is written: a row in the format of the seeds' fact
files, each guess above it as a ``# guess:`` line, or a note citing a fact already curated."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ..passages import Span
from .known import Known, Match


@dataclass(eq=False)
class Candidate:
    section: str
    record: dict[str, Any]
    guesses: list[str]
    sentence: Span
    who: frozenset[str]
    words: set[str]
    meeting: Candidate | None = None  # the meeting candidate it was said in (resolved when written)
    during: str = ""  # the words that place it in that meeting
    merged_into: Candidate | None = None
    matched: Match | None = None
    also: list[Known] = field(default_factory=list)  # other curated statements the sentence reports
    reports: bool = False  # a statement that only reports the meeting of its sentence
    kind_words: str = ""  # a meeting's words that gave its kind
    named_in: Span | None = None  # a statement's or quote's passage that names its speaker
    told_until: int = 0  # a meeting's: where the last sentence telling it again ends


def linked(candidate: Candidate, link: tuple[Candidate, str] | None) -> Candidate:
    """The candidate, said in the meeting of ``link`` (with the words that place it there)."""
    if link is not None:
        candidate.meeting, candidate.during = link
    return candidate


def render(candidate: Candidate) -> str:
    lines = "".join(f"# guess: {g}\n" for g in candidate.guesses)
    record = {k: value for k, value in candidate.record.items() if k not in ("meeting", "citations")}
    if "meeting" in candidate.record:  # where the seeds write it: after who, before what
        at = next((i for i, k in enumerate(record) if k in ("summary", "text")), len(record))
        items = list(record.items())
        record = dict([*items[:at], ("meeting", candidate.record["meeting"]), *items[at:]])
    record["citations"] = candidate.record["citations"]
    block = yaml.safe_dump([record], sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)
    return lines + block


def known_note(kind: str, fact_id: str, citations: list[dict], upgrades: list[str]) -> list[str]:
    lines = [f"#   {kind} '{fact_id}':"]
    if citations:
        text = yaml.safe_dump(citations, sort_keys=False, allow_unicode=True, width=120)
        lines += [f"#     {line}" for line in text.splitlines()]
    lines += [f"#     upgrade: {u}" for u in upgrades]
    return lines

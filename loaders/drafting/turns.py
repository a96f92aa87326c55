"""Speaker turns of a transcript (a press conference, a briefing, an interview): a line that
opens with who speaks and a colon ("Mr. MOTEGI Toshimitsu, Minister for Foreign Affairs: I just
held…", "Minister Motegi: We exchanged views…", "Spokesperson Zhao Lijian: …"). In such a turn,
"I" is the one who speaks, not the writer; a questioner's turn ("Reporter:", "Q:") names no one."""
from __future__ import annotations

import re

from ..passages import Span

# A turn's label: up to eight capitalised words (titles, "of", "for" and commas between them) before
# a colon at the start of a line.
_WORD = r"(?:[A-Z][\w.’'-]*|of|for|the|and)"
LABEL = re.compile(rf"^[ \t]*(?P<label>{_WORD}(?:,?[ \t]+{_WORD}){{0,7}}):[ \t]+(?=\S)", re.M)
# Labels of those who ask, not answer; and headings that are no one's.
ASKING = re.compile(r"^(?:reporter|question|q|journalist|moderator|correspondent|interviewer|host|anchor|"
                    r"opening remarks|note|source|photo|related|read more|also read|update)\b", re.I)
# Titles before the name in a label ("Mr. MOTEGI Toshimitsu", "Minister Motegi").
_TITLE = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr|H\.?E)\.?\s+|(?:Foreign\s+|Prime\s+|Deputy\s+)?(?:Minister|Spokes\w+|"
                    r"Secretary|President|Ambassador|Chancellor|Premier)\s+)+")


def _label(line: str) -> re.Match[str] | None:
    found = LABEL.match(line)
    if found is None or not re.search(r"[a-z]", found.group("label")):
        return None  # "ISLAMABAD: …", "NEW DELHI: …": a dateline, not a speaker
    return found


def is_transcript(text: str) -> bool:
    """Whether a text is told in turns: two lines or more that open with a speaker's label."""
    return sum(_label(line) is not None for line in text.splitlines()) >= 2


def turn_at(text: str, offset: int) -> Span | None:
    """The label of the turn the line holding ``offset`` opens, if it opens one and the one
    speaking is not a questioner: where the speaker is named. Only in a transcript (``is_transcript``)."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start:end if end >= 0 else len(text)]
    found = _label(line)
    if found is None or ASKING.match(found.group("label")):
        return None
    return Span(start + found.start("label"), start + found.end("label"), found.group("label"))


def asking_at(text: str, offset: int) -> bool:
    """Whether the line holding ``offset`` is a questioner's turn ("Reporter: Did the minister say
    …?"): what it says is a question, no one's statement."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    found = _label(text[start:end if end >= 0 else len(text)])
    return found is not None and bool(ASKING.match(found.group("label")))


def speaker_name(label: str) -> str:
    """The name a turn's label gives: before its first comma, titles aside ("Mr. MOTEGI
    Toshimitsu, Minister for Foreign Affairs": "MOTEGI Toshimitsu")."""
    name = label.split(",")[0].strip()
    return _TITLE.sub("", name).strip() or name

"""Multilateral meetings: ministers' meetings and summits of several states or of a format.

- *member lists*: "the foreign ministers of Xland, Zedland and Quorland", "the leaders of A and
  B", "attended by the ministers of …": each country (or other side) of the list is a participant;
- *roles*: "Xland hosted", "hosted by Xland", "at the invitation of Xland" (host); "Vasko
  chaired", "chaired by", "under the chairmanship of", "presided over" (chair);
- *words*: "ministerial", "multilateral", "the fourth meeting of … ministers", "a virtual meeting
  of …", "attended by", "took part in", "participated in": a meeting of that kind is multilateral;
- *virtual or in person*, only where the text says it ("virtual", "online", "by video link", "in
  person"): the schema's modes have no "virtual", so it is said in the guess, for the summary.

Read on one sentence, with the known names found in it; nothing here decides the kind of meeting."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..passages import Name

# What introduces a member list: "the foreign ministers of", "leaders from", "heads of state of".
MEMBERS_INTRO = re.compile(r"\b(?:(?:foreign|defen[cs]e|finance|trade|economy|energy|interior|health|agriculture)\s+)?"
                           r"(?:ministers|leaders|heads of (?:state|government)(?: and government)?|representatives|"
                           r"delegations|envoys|counterparts|presidents|prime ministers)\s+(?:of|from)\s+(?:the\s+)?$", re.I)
# Between two names of one list: ", ", " and ", ", and the ".
LIST_JOIN = re.compile(r"^(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+as well as\s+)(?:the\s+)?$", re.I)
# Words that make a meeting multilateral.
MULTILATERAL = re.compile(
    r"\b(?:ministerial|multilateral|trilateral|quadrilateral|(?:virtual|online)\s+(?:\w+\s+)?(?:meeting|conference|summit|session)|"
    r"(?:meeting|conference|session|gathering|consultations?)\s+of\s+(?:the\s+)?(?:[\w’'-]+\s+){0,5}?"
    r"(?:foreign\s+)?(?:ministers|leaders|heads of (?:state|government))|"
    r"ministers['’]?\s+(?:meeting|conference|session)|attended by|took part in|take part in|takes part in|"
    r"participated in|participates in|chaired|presided)\b", re.I)
VIRTUAL = re.compile(r"\b(?:virtual(?:ly)?|online|by video ?(?:link|conference)|via video ?(?:link|conference)|"
                     r"videoconference|video-conference)\b", re.I)
IN_PERSON = re.compile(r"\bin[- ]person\b", re.I)
# A role told before a name ("hosted by Xland") or after it ("Xland hosted", "Vasko, who chaired").
_ROLE_BEFORE = ((re.compile(r"\b(?:hosted by|at the invitation of|convened by)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}$", re.I), "host"),
                (re.compile(r"\b(?:chaired by|presided over by|under the (?:chairmanship|chairpersonship|chair|presidency) of)"
                            r"\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}$", re.I), "chair"))
_ROLE_AFTER = ((re.compile(r"^[’']?\s*(?:,\s*who\s+)?(?:\w+ly\s+|also\s+)?(?:hosted|hosts|will host|is hosting|convened)\b|"
                           r"^[’']?\s+for\s+hosting\b", re.I), "host"),  # "thanked Xland for hosting the meeting"
               (re.compile(r"^[’']?\s*(?:,\s*who\s+)?(?:\w+ly\s+|also\s+)?(?:chaired|chairs|will chair|is chairing|presided)\b|"
                           r"^[’']?\s+for\s+chairing\b", re.I), "chair"))
# "hosted a meeting of …", "hosted the summit": a meeting hosted, not a visitor received.
HOSTED_MEETING = re.compile(r"\bhost(?:ed|s|ing)?\s+(?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+){0,6}?"
                            r"(?:meeting|summit|conference|session|ministerial|gathering|consultations)\b|"
                            r"\b(?:meeting|summit|conference|session|ministerial|gathering)\W{0,3}\s*(?:which\s+|that\s+)?"
                            r"(?:was\s+|is\s+|will be\s+)?hosted\s+by\b", re.I)  # "the summit, hosted by Zedland"
# One side taking part in a gathering of many: "Vasko attended the fifth Coastal Forum foreign ministers'
# meeting", "took part in the ministerial meeting of the Harbour Group".
ATTENDED = re.compile(r"\b(?:attended|attends|attending|(?:will|to) attend|took part|takes part|taking part|(?:will|to) take part|"
                      r"participated|participates|participating|(?:will|to) participate|addressed|joined)\b", re.I)
GATHERING = re.compile(r"\b(?:ministers['’]?\s+(?:meeting|conference|council|session)|ministerial(?:\s+meeting)?|"
                       r"(?:meeting|conference|council|session)\s+of\s+(?:the\s+)?(?:[\w’'-]+\s+){0,5}?"
                       r"(?:ministers|leaders|heads of (?:state|government)))\b", re.I)
# A gathering that takes place: "was held", "took place", "convened", "opened".
HELD = re.compile(r"\b(?:(?:was|were|is|are|will be|has been)\s+(?:\w+ly\s+)?(?:held|convened|opened)|took place|takes place|"
                  r"(?:will\s+)?take place|convened|opened|gathered|met)\b", re.I)
# "The third meeting of …": by its ordinal, the meeting a heading of "the Third Meeting of …" told.
NTH_MEETING = re.compile(r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+"
                         r"(?:[\w’'-]+\s+){0,3}?(?:meeting|summit|session|conference|ministerial)\b", re.I)
# "the meeting", "the session": a meeting told in the sentence before, told again.
THE_MEETING = re.compile(r"\b(?:the|this|that)\s+(?!(?:first|second|third|\w+th|\d+(?:st|nd|rd|th)|next|last|previous)\s)"
                         r"(?:[\w’'-]+\s+)?(?:meeting|summit|session|conference|gathering|ministerial)\b",
                         re.I)


@dataclass
class Multilateral:
    members: list[str] = field(default_factory=list)  # the member list, in its order
    roles: dict[str, str] = field(default_factory=dict)  # entity -> host or chair
    listed: str = ""  # the words of the member list
    words: str = ""  # the words that make it multilateral, if any besides the list
    held: str = ""  # "virtual", "in person" or ""
    held_words: str = ""

    def guesses(self) -> list[str]:
        """What it says of roles and of how the meeting was held, each a guess."""
        out = [f"role {role} for '{entity}' from the sentence" for entity, role in self.roles.items()]
        if self.held == "virtual":
            out.append(f"held online ('{self.held_words}'): the schema has no mode for it; say so in the summary")
        elif self.held:
            out.append(f"held in person ('{self.held_words}')")
        return out

def name_list(sides: list[Name], k: int, text: str, offset: int, join: re.Pattern) -> tuple[list[str], int]:
    """The entities of the list of names that starts at ``sides[k]``, each joined to the one
    before by what ``join`` matches ("A, B and C"), each once, and where the list ends."""
    listed, end = [sides[k].entity], sides[k].end
    for n in sides[k + 1:]:
        if not join.match(text[end - offset:n.start - offset]):
            break
        if n.entity not in listed:
            listed.append(n.entity)
        end = n.end
    return listed, end


def members(text: str, offset: int, names: list[Name], kind_of: Callable[[str], str]) -> tuple[list[str], str]:
    """(the entities of the first member list in the sentence, its words): "the foreign ministers
    of Xland, Zedland and Quorland" names three. Countries, formats and organisations only."""
    sides = [n for n in names if kind_of(n.entity) in ("country", "format", "organization")]
    for k, first in enumerate(sides):
        intro = MEMBERS_INTRO.search(text[max(0, first.start - offset - 80):first.start - offset])
        if intro is None:
            continue
        listed, end = name_list(sides, k, text, offset, LIST_JOIN)
        if len(listed) >= 2:
            words = text[first.start - offset - len(intro.group()):end - offset]
            return listed, re.sub(r"^(?:the\s+)", "", words.strip(), flags=re.I)
    return [], ""


def roles(text: str, offset: int, names: list[Name]) -> dict[str, str]:
    """Host and chair as the sentence gives them."""
    out: dict[str, str] = {}
    for n in names:
        before, after = text[max(0, n.start - offset - 80):n.start - offset], text[n.end - offset:n.end - offset + 40]
        for pattern, role in _ROLE_BEFORE:
            if pattern.search(before) and not re.search(r"[,;.]", pattern.search(before).group()):  # type: ignore[union-attr]
                out.setdefault(n.entity, role)
        for pattern, role in _ROLE_AFTER:
            if pattern.match(after):
                out.setdefault(n.entity, role)
    return out


def read(text: str, offset: int, names: list[Name], kind_of: Callable[[str], str]) -> Multilateral | None:
    """How a sentence tells of a multilateral meeting, or None when nothing in it says so (a
    member list of two or more, a host or a chair, or words such as "ministerial", "attended by")."""
    listed, words = members(text, offset, names, kind_of)
    said = MULTILATERAL.search(text)
    roled = roles(text, offset, names)
    if not listed and said is None and not roled:
        return None
    found = Multilateral(listed, roled, words, said.group() if said else "")
    if m := VIRTUAL.search(text):
        found.held, found.held_words = "virtual", m.group()
    elif m := IN_PERSON.search(text):
        found.held, found.held_words = "in person", m.group()
    return found

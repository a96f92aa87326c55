"""A joint text printed whole: a joint statement, declaration or communiqué, its signatories and
its commitments.

- *where it starts*: a heading ("Joint Statement on …", "Joint Declaration of …", "Communiqué of
  …"), a sentence introducing it ("issued the following joint statement", "The joint statement
  reads:", "Full text of the joint declaration") or its opening in the signatories' voice ("We,
  the foreign ministers of A, B and C, …");
- *where it ends*: at its closing formula ("Issued in …", "Done at …", "Adopted in …"), else at
  the end of the document;
- *its signatories*: a list of names in those first lines ("the foreign ministers of A, B and C",
  "Joint Statement of A and B", "between A and B", "A, B and C issued …"); without them there is no
  joint text to read;
- *its commitments*: sentences whose subject is the signatories ("We", "the sides", "the two
  countries", "the parties", "both sides") and whose verb commits them ("reaffirm", "agree",
  "commit", "call on", "call for", "will", "shall", "decided", "resolve", "pledge", "undertake"): an agreement
  of the signatories each. Its other sentences in their voice ("We welcome …", "We note …") are the
  joint text's, no one speaker's: no statement of their own."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..passages import Name, Span
from .multilateral import name_list
from .vocabulary import SIGNED

_KIND = r"(?:joint\s+(?:statement|declaration|communiqu[eé]|press\s+(?:statement|release|communiqu[eé])|action\s+plan)|declaration|communiqu[eé])"
# A heading: a line that names a joint text ("Joint Statement on the Harbour Partnership").
TITLE = re.compile(rf"^\W*(?:(?:the\s+)?(?:full\s+)?text\s+of\s+(?:the\s+)?)?(?:[A-Z][\w’'.]*(?:[-–][A-Z][\w’'.]*)+\s+)?{_KIND}\b",
                   re.I)  # "Xland-Zedland Joint Statement …" too
# A sentence introducing one printed after it.
INTRO = re.compile(rf"\b(?:(?:issued|adopted|released|signed|published)\s+(?:the\s+)?following\s+(?:\w+\s+)?{_KIND}|"
                   rf"(?:the\s+)?following\s+(?:\w+\s+)?{_KIND}\s+(?:was|were|is|has been)\s+(?:issued|adopted|released|signed|published)|"
                   rf"{_KIND}\s+(?:reads|read|said|states)\s*(?:as follows)?\s*:\s*$|full\s+text\s+of\s+(?:the\s+)?{_KIND})", re.I)
# The signatories' own opening: "We, the foreign ministers of …,".
WE_THE = re.compile(r"^\W*We,\s+the\s+", re.I)
# Its closing formula.
CLOSING = re.compile(r"^\W*(?:issued|done|adopted|signed|released)\s+(?:in|at|on)\b", re.I)
# Where the signatories' names follow: "the foreign ministers of", "of", "by", "between".
SIGNATORIES_INTRO = re.compile(r"\b(?:(?:ministers|leaders|heads of (?:state|government)(?: and government)?|governments|"
                               r"presidents|prime ministers|representatives|delegations)\s+(?:of|from)|"
                               rf"{_KIND}\s+(?:of|by|between)|issued\s+by|adopted\s+by|signed\s+by|between)\s+(?:the\s+)?$", re.I)
_JOIN = re.compile(r"^(?:\s*,\s*(?:and\s+)?|\s+and\s+|[-–])(?:the\s+)?$", re.I)
# The signatories as the subject: "We", "the sides", "the two countries", "both sides", "the parties".
_WHO = (r"(?:we|they|(?:the\s+)?(?:two|three|four|five|\w+)?\s*(?:sides|parties|countries|leaders|ministers|governments|nations|"
        r"signatories|participants)|both\s+(?:sides|countries|parties|leaders|governments)|all\s+(?:sides|parties))")
# The verbs that commit them (after adverbs such as "also", "further", "jointly", "hereby").
_COMMITS = (r"(?:re)?affirm(?:ed)?|agree[ds]?|(?:re)?commit(?:ted)?|call(?:ed)?\s+(?:on|upon|for)|will|shall|decided?|"
            r"resolved?|pledged?|undert(?:ake|ook)|reiterated?|intend|are\s+(?:determined|committed|resolved)\s+to|"
            r"remain\s+committed")
COMMITMENT = re.compile(rf"^\W*(?:(?:\d{{1,2}}|[a-z]|[ivx]{{1,4}})[.)]\s+)?\W*(?:[^,\"“]{{0,60}},\s*)?{_WHO}(?:,\s+the\s+[^,]{{1,120}},)?\s+(?:(?:also|further|jointly|hereby|strongly|firmly|fully|"
                        rf"once again|again|both|together|each)\s+)*(?:{_COMMITS})\b", re.I)
# A sentence in the signatories' voice that commits them to nothing: "We welcome …", "We note …",
# "Ministers underlined …".
OUR_VOICE = re.compile(rf"^\W*(?:(?:\d{{1,2}}|[a-z]|[ivx]{{1,4}})[.)]\s+)?\W*(?:[^,\"“]{{0,60}},\s*)?(?:we\b|{_WHO}\s+\w+)|\bour\b",
                       re.I)


@dataclass(frozen=True)
class JointText:
    start: int  # where it starts (its heading or introduction)
    end: int  # where it ends (its closing formula, or the end of the document)
    title: str  # the words that mark it ("Joint Statement on …", "We, the foreign ministers of …")
    signatories: tuple[str, ...]
    named: Span  # the passage that names the signatories

    def holds(self, span: Span) -> bool:
        return self.start <= span.start < self.end


def signatories(text: str, offset: int, names: list[Name], kind_of: Callable[[str], str]) -> list[str]:
    """The first list of names that follows a signatories' introduction in ``text`` ("the
    foreign ministers of A, B and C", "Joint Statement of A and B"), or that a sentence opens
    with before "issued", "adopted" or "signed" ("A, B and C issued the following …")."""
    sides = [n for n in names if kind_of(n.entity) in ("country", "person", "organization", "format")]
    for k, first in enumerate(sides):
        before = text[max(0, first.start - offset - 80):first.start - offset]
        opens = not k and re.search(r"(?:^|[-–—:]\s)\W*(?:the\s+)?$", before, re.I)  # "The Coastal Five issued …"
        if not SIGNATORIES_INTRO.search(before) and not opens:
            continue
        listed, end = name_list(sides, k, text, offset, _JOIN)
        issued = re.match(rf"\s+(?:(?:have\s+|has\s+|jointly\s+)?(?:issued|adopted|signed|released)\b|{_KIND})",
                          text[end - offset:], re.I)  # "A, B and C issued …", "A-B Joint Statement"
        if (SIGNATORIES_INTRO.search(before) or issued) and (len(listed) >= 2 or kind_of(listed[0]) in ("format", "organization")):
            return listed
    return []


def joint_texts(text: str, sentences: list[Span], find: Callable[[Span], list[Name]],
                kind_of: Callable[[str], str], news: bool = False) -> list[JointText]:
    """The joint texts printed in a document, each with its signatories (none without them). In
    ``news`` (a report with a dateline) its headline is the report's, not a joint text's heading
    ("Joint statement on trade signed"): there a joint text starts at what introduces it."""
    out: list[JointText] = []
    k = 0
    while k < len(sentences):
        s = sentences[k]
        line_start = text.rfind("\n", 0, s.start) + 1
        heading = (TITLE.match(s.text) and not text[line_start:s.start].strip() and not re.search(r"[.!?]\s*$", s.text)
                   and not (news and not text[:s.start].strip()))
        if not (heading or INTRO.search(s.text) or WE_THE.match(s.text)):
            k += 1
            continue
        found: list[str] = []
        named = s
        for t in sentences[k:k + 4]:  # the heading, its introduction, its opening
            found = signatories(t.text, t.start, find(t), kind_of)
            if found:
                named = t
                break
        if not found:
            k += 1
            continue
        end = len(text)
        for j in range(k + 1, len(sentences)):
            if CLOSING.match(sentences[j].text):
                end = sentences[j].end
                break
        headings = [t for t in sentences[k:k + 4] if TITLE.match(t.text) and t.start < end]
        title = (headings[0] if headings else s).text.strip()
        title = re.sub(r"^.{0,60}?\)\s*[-–—]\s*", "", title)  # a dateline's "CITY, Month D (Agency) - "
        out.append(JointText(s.start, end, title, tuple(found), named))
        while k < len(sentences) and sentences[k].start < end:
            k += 1
    return out


def commitment(sentence: str) -> re.Match[str] | None:
    """The words by which the signatories commit themselves in a sentence, if they do."""
    return COMMITMENT.match(sentence)


_MEET = re.compile(r"\b(?:meet|meeting|meetings|summit|visit|talks|consultations)\b", re.I)


def cameo(sentence: str, words: str) -> tuple[str, str]:
    """(CAMEO code, the words that suggest it) of a commitment: signed (057), to meet again (036),
    a joint appeal ("We call on …", "called for": 020), else an intent to cooperate (030)."""
    if m := SIGNED.search(sentence):
        return "057", m.group()
    if re.search(r"\bcall(?:ed)?\s+(?:on|upon|for)\b", words, re.I):
        return "020", words
    if m := _MEET.search(sentence, sentence.find(words) + len(words) if words in sentence else 0):
        return "036", m.group()
    return "030", words

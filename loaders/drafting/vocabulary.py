"""The words the drafter reads, declared in one place (and listed in docs/curator-guide.md):
reporting verbs, meeting and agreement expressions, what links a statement to a meeting, and
the CAMEO code a reporting verb suggests. Matched case-insensitively, on word boundaries."""
from __future__ import annotations

import re


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.I)


# Verbs (and phrases) that report what someone said: a statement, or the attribution of a quote.
REPORTING_VERBS = (
    "said", "says", "say", "saying", "stated", r"(?<!united )states", "told", "tells", "added", "adds", "noted", "notes",
    "stressed", "stresses", r"emphasi[sz]ed", "underscored", "highlighted", "reiterated", "reaffirmed", "expressed",
    "remarked", "clarified", "warned", "warns", "urged", "urges", "called for", "calls for", "announced",
    "assured", "affirmed", "underlined", "insisted", "pointed out", "believes?", "believed", "according to",
    "invited", "renewed", "welcomed", "welcomes", "praised", "condemned", "described", "tweeted", "posted",
    "wrote", "writes", "has blamed", "blamed", "blames", "accused", "accuses", "critici[sz]ed", "denounced",
    "acknowledged", "conveyed", "observed", "maintained", "argued", "asserted", "explained", "declared",
    "commended", "hailed", "appealed", "demanded", "proposed", "suggested", "confirmed", "quoted as saying",
    "informed", "reads",
)
REPORTING = _words(*REPORTING_VERBS)

# Meeting expressions, by the kind of meeting they suggest (first that matches wins, in this
# order). "received" and "hosted" are an official receiving a visitor (a visit); a lunch or a
# dinner is part of the visit it is given during, never a meeting somewhere else. "Called for",
# "called upon" are an appeal, no call.
PHONE = _words(r"phoned?", "phones", r"telephon\w*", r"(?<!courtesy )call(?:ed|s)?(?!\s+(?:for|upon)\b)(?!\s+on\s+(?:the\s+)?[A-Z](?!\w*day\b))", "rang", r"diall?ed", "by phone", "over the phone",
               "on the phone", r"video ?(?:call|conference|link)s?", "videoconference", "video-conference")
VISIT = _words(r"visit\w*", "trip", "toured", "tour", r"called on (?:the )?(?!\w*day\b)(?-i:[A-Z])\w*\b(?:\s+(?-i:[A-Z])\w*\b)*(?!\s+to\s)", "courtesy calls?", r"travel(?:s|led|ed|ling)? to", "received", "receives", "receiving", "hosted", "hosts",
               "on arrival", "arrived", "arrives", "welcomed .{0,40}at the airport")
MEAL = _words("lunch", "luncheon", "dinner", "breakfast", "banquet")
SUMMIT = _words("summit")
# A summit that takes place in the sentence ("the SCO is due to convene for a summit", "Modi will
# attend the G20 summit"), not one named in passing ("ahead of the summit, he said"): a summit
# with fewer than two sides named needs one of these.
SUMMIT_EVENT = _words("held", "hold", "holds", "holding", "hosted", "hosts", "host", "hosting", "convened?", "convenes",
                      "attended", "attends?", "attending", "took part", "take part", "takes part", "participated",
                      "participates?", "opened", "opens", "gathered", "due to", "will", "met", "meet")
# "On the sidelines of the summit": a meeting of its own there, not the summit.
SIDELINES = _words(r"sid\w{0,2}lines?", "margins")
TALKS = _words("spoke", "spoken", "speak", "speaks", "conversation", "talks?", "talked", "held talks", "discussions?")
MET = _words("met", r"meet(?:ings?|s)?", "meeting")
# A meeting of a format (the Extended Troika, a quartet, a contact group): multilateral, with its
# member countries as participants. "format" entities name them too.
FORMAT = _words("troika", "quartet", "quad", "contact group", "format meetings?", "ministerial", "plenary")
FORMAT_MEETING = _words(r"meetings?", "met", "talks", "session", "consultations", "held", "convened", "gathered")
# "The two leaders spoke": the sides of the meeting told just before.
BOTH_SIDES = _words(r"(?:the two|both(?: the)?|the)\s+(?:leaders|presidents|prime ministers|premiers|ministers|foreign ministers|sides|"
                    "heads of state|counterparts|men)", "each other")
# A meeting's subject standing for someone named before: "He also spoke to Xi", "The Russian
# president later called Modi" (the other side is the person last named before).
SUBJECT_STAND_IN = re.compile(r"^\W*(?:(?:later|also|meanwhile|separately|earlier|then),?\s+)?(?:he|she|the\s+(?:[\w’'-]+\s+){0,2}"
                              r"(?:president|premier|prime minister|leader|minister|chancellor|king|emir|envoy))\b", re.I)
# A name a meeting is about, not one of its sides: "talks on Afghanistan", "the situation in
# Afghanistan", "Pakistan-Russia relations" (read just before or after a country's name).
TOPIC_BEFORE = re.compile(r"\b(?:on|about|regarding|concerning|over|discussed|discuss|discussing|situation in|crisis in|"
                          r"issue of|issues of|including|such as|in and around|related to|towards|toward|from)\s+"
                          r"(?:the\s+)?(?:\w+\s+)?$", re.I)
TOPIC_AFTER = re.compile(r"^(?:[-–][A-Z][\w-]*)*\s*(?:[’']s\s+)?(?:[-–]\w+\s+)?(?:relations|ties|issue|situation|crisis|"
                         r"question|conflict|war|affairs|border|problem|capital)\b", re.I)  # "the Myanmar capital": a place
MEETING = re.compile("|".join(p.pattern for p in (PHONE, VISIT, MEAL, SUMMIT, TALKS, MET, FORMAT)), re.I)

# Agreement expressions: looked for outside quotation marks only ("We agreed to…" quoted is
# the speaker's words: a quote, not an agreement row of its own).
# A sentence that ends by saying who told it ("…, the Foreign Ministry said."): an attribution, not speech of its own.
SAID_AT_END = re.compile(r",\s*(?:an?|the)\s+[^,]{0,60}?\b(?:said|says|reported|stated|announced|added|informed)\s*"
                         r"(?:in a (?:statement|readout|press release)\s*)?[.!]?\s*$", re.I)

AGREEING = _words("agreed", "agreement", "agree", "agrees", "agreeing", "signed", "accord", "deal", "memorandum", "memoranda",
                  "MoU", "MoUs", "pact", "consensus", r"reached (?:an|a common|a mutual|mutual) understanding",
                  "came to an understanding")
SIGNED = _words("signed", "inked")


# The outcomes of a meeting or a summit, an agreement each: "the leaders adopted the declaration on…",
# "approved", "decided to", "reached an understanding", "the parties will". They are agreements only
# where the sides of a meeting decide together (JOINT_SUBJECT) or the sentence is placed in a meeting
# ("at the summit, …"): "Alpha decided to skip the summit" is no agreement.
OUTCOME = _words("adopted", "adopts", "approved", "approves", "endorsed", "endorses", "decided", "decides",
                 r"reached (?:an|a common|a mutual|mutual) understanding", "came to an understanding",
                 r"(?:the )?(?:parties|sides) will", "signed", "inked",
                 # a commitment the sides make together ("both countries committed to…", "they vowed to…")
                 r"(?:re)?committed (?:themselves )?to", r"pledged to", r"vowed to", r"consented to", r"resolved to",
                 r"exchanged (?:the )?(?:\w+ )?(?:memoranda|memorandums|agreements|MoUs|accords)",
                 # what the sides will do together ("the two sides will work together to…"): a joint subject's only
                 r"(?:they|sides|leaders|countries|nations|parties|and [\w’'-]+) (?:also )?will (?:work|cooperate) "
                 r"(?:together|jointly)")
# A subject that is the sides of a meeting together: "They", "the leaders", "the two sides",
# "the member states", "the heads of state" (at the start of the sentence or after a leading clause).
JOINT_SUBJECT = re.compile(r"^\W*(?:[^,\"“]{0,60},\s*)?(?:they|(?:the two|both(?: the)?|the|all)\s+(?:\w+\s+)?"
                           r"(?:leaders|sides|parties|heads of (?:state|government)|member (?:states|countries)|countries|"
                           r"nations|governments|participants|presidents|prime ministers|ministers|counterparts|delegations)"
                           r"|[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){0,2} and [A-Z][\w’'-]+(?: [A-Z][\w’'-]+){0,2}"
                           r"(?= (?:also |have |had |jointly |both )?(?:(?:re)?committed|pledged|vowed|consented|resolved|decided|will (?:work|cooperate) (?:together|jointly))\b))\b",
                           re.I)


def agreeing(text: str) -> bool:
    """Whether a sentence (its quotations blanked) reports an agreement: an agreement word,
    not the name of one ("the Paris Agreement", "the Minsk Accords": capitalised mid-sentence)."""
    return any(not (m.group()[0].isupper() and m.group() != "MoU" and text[:m.start()].strip())
               for m in AGREEING.finditer(text))


def outcomes(text: str) -> list[tuple[int, int]]:
    """The outcomes a sentence (quotations blanked) lists, as (start, end) of the words telling
    each: "the leaders adopted the declaration on trade and approved a plan on energy" is two,
    split before the ", and" or "and" that joins the next outcome verb."""
    verbs = [m for m in OUTCOME.finditer(text) if not re.search(r"\b(?:which|that|who|been|was|were|is|are)\s+$",
                                                                 text[:m.start()])]
    if not verbs:
        return []
    cuts = [0]
    for m in verbs[1:]:
        joint = re.search(r"(?:,\s*(?:and\s+)?(?:also\s+)?|\s+and\s+(?:also\s+)?)$", text[:m.start()])
        if joint:
            cuts.append(joint.start())
    ends = cuts[1:] + [len(text.rstrip())]
    return list(zip(cuts, ends, strict=True))
INTENT_TO_MEET_WORDS = _words("meet", "visit", "contacts", "talks", "summit", "consultations")

FUTURE = _words("will", "would", "due to", "next", "plans?", "planned", "going to", "to visit", "scheduled", "set to",
                "expected to", "to meet", "to hold",
                "upcoming")
# A meeting before the one a report tells of: "in their previous call", "their last meeting".
PREVIOUS = re.compile(r"\b(?:previous|earlier|last|prior|former|first)\s+(?:\w+\s+)?(?:call|conversation|talks|meeting|"
                      r"visit|contact)s?\b(?!\s+(?:to\s+[\w\s’'-]{1,40}?\s+)?since\b)", re.I)
# ("his first visit to the DRC since his election" is this visit, the first of its kind since then)
# A meeting told as one looked back on: "last met in March 2020", "had met in 2019", "first visited".
LAST_MET = re.compile(r"\b(?:last|first|previously|had)\s+(?:\w+\s+)?(?:met|spoke|spoken|talked|visited|held)\b", re.I)
# A sentence looking back at what was said before the report's news: "had said", "earlier".
LOOKING_BACK = re.compile(r"\bhad\b|\bearlier\b|\bpreviously\b|\b(?:last|previous|prior|first)\s+(?:\w+\s+)?"
                          r"(?:call|conversation|talks|meeting|visit|month|year|week)s?\b", re.I)
# Reporting verbs no one is the subject of: "it must be stressed that", "it was noted", "Pakistan is
# believed to have helped", "are known as" (the writer's voice or hearsay, not a statement).
IMPERSONAL = re.compile(r"\b(?:it|this)\s+(?:is|was|must be|should be|has been|can be|may be|needs to be)\s+(?:to be\s+)?"
                        r"(?:\w+\s+)?(?:noted|stressed|said|reported|believed|underlined|emphasi[sz]ed|highlighted|"
                        r"pointed out|added|observed)\b|\b(?:is|are|was|were)\s+(?:widely\s+)?(?:believed|said|thought|"
                        r"reported|known)\s+(?:to|as)\b", re.I)
# A reporter's characterisation, not anyone's statement: "the visit is seen as", "is widely regarded
# as", "analysts", "observers", "experts".
SEEN_AS = re.compile(r"\b(?:is|are|was|were|being)\s+(?:\w+ly\s+)?(?:seen|regarded|viewed|perceived|considered|"
                     r"interpreted|read)\s+as\b", re.I)
CHARACTERISATION = re.compile(SEEN_AS.pattern + r"|\b(?:analysts?|observers?|experts?|commentators?|pundits?)\b", re.I)
# Subjects that are no one a fact can name as its speaker: commentators and hearsay ("analysts
# say", "media reports said"). A statement with such a subject and no known speaker is no candidate.
GENERIC_SPEAKER = re.compile(r"^(?:some|many|most|several|other|the|local|international|western|foreign|\w+ian|\w+ese)?\s*"
                             r"(?:analysts?|experts?|observers?|critics?|commentators?|pundits?|scholars?|"
                             r"(?:media\s+)?reports?|media|sources?|people|many|some|others|residents|"
                             r"diplomatic sources|insiders|it is|this)$", re.I)
# A name compared with, not met: "called Khan before US President Joe Biden", "unlike Modi".
COMPARED = re.compile(r"\b(?:before|after|than|unlike|instead of|rather than|ahead of)\s+(?:the\s+)?(?:[\w.’'-]+\s+){0,3}$", re.I)
# A weekday named ("on Tuesday"): for a meeting to come, the day it was announced unless no other
# date is given.
WEEKDAY_WORDS = _words(r"(?:on |last |this )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)")
# A time given for comparison, the date of another event than the one told: "who like last month
# was called by Putin", "as he did last year", "just as in March".
LIKE_BEFORE = _words(r"(?:just\s+)?(?:like|as(?:\s+(?:he|she|they|it|we)\s+did)?)\s+(?:in\s+|on\s+)?"
                     r"(?:last|the\s+previous|earlier\s+this)\s+(?:week|month|year|time)")
# A day that dates the saying of a meeting looked back on, not the meeting: "said on Wednesday that
# his conversation with Alpha had been useful", "told reporters on Tuesday that their talks had gone
# well" (a reporting verb, the day, then a meeting in the reported clause, told as past or possessed).
SAID_ON_DAY = re.compile(r"\b(?:said|told\s+(?:\w+\s+){0,2}?|stated|noted|added|remarked|announced)\s+"
                         r"(?P<day>(?:on\s+|last\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|yesterday|today)"
                         r"\s+(?:that\s+)?(?=.*\b(?:(?:his|her|their|the)\s+(?:\w+\s+)?(?:conversation|call|talks|meeting|visit)"
                         r"\b.*\b(?:had|was|were)\b|had\s+(?:held|spoken|talked|met|discussed)))", re.I)
# An agreement to meet: what follows it dates the meeting, not the agreement ("agreed to meet again in
# September", "agreed to hold talks next month").
AGREED_TO_MEET = re.compile(r"\bagreed\s+to\s+(?:meet|visit|hold\s+(?:\w+\s+)?(?:talks|meeting|summit|consultations)|"
                            r"convene|exchange\s+visits)\b", re.I)
# Invited to a meeting that is still to come: "invited Putin to visit", "an invitation to undertake a
# visit", "invited him for talks" (not "Pakistan was invited in it", which was held).
INVITED = re.compile(r"\binvit\w*\b.{0,80}?\b(?:to (?:visit|come|attend|travel|undertake|pay|hold|meet|join|take part)|"
                     r"for (?:a |an |the )?(?:\w+ )?(?:visit|talks|meeting|summit))"
                     # "asked Putin to pay a visit to Pakistan", "urged him to visit": an invitation in other words
                     r"|\b(?:asked|urged|requested)\s+(?:[\w.’'-]+\s+){1,4}?to\s+(?:visit|come\s+to|"
                     r"pay\s+(?:a|an)\s+(?:\w+\s+)?visit)\b", re.I)

# The kinds of meeting each word of DURING may name ("during the call": a phone call or talks).
_DURING_KINDS = (("visit", ("visit",)), ("summit", ("summit",)), ("call", ("phone-call", "talks")),
                 ("phone", ("phone-call", "talks")), ("conversation", ("phone-call", "talks", "meeting")))


def kinds_during(words: str) -> tuple[str, ...]:
    for word, kinds in _DURING_KINDS:
        if word in words.lower():
            return kinds
    return ("phone-call", "visit", "summit", "meeting", "talks")


# What places a statement, quote or agreement in a meeting: "during the call", "in their
# talks", "on the phone", "at the meeting".
DURING = re.compile(r"\b(?:during|in|on|at|over)\s+(?:the|their|a|this|today's|Wednesday's|"
                    r"[A-Z]\w+'s)\s+(?:\w+\s+){0,2}(?:call|conversation|talks|meeting|visit|phone|summit|"
                    r"telephone conversation|discussion)s?\b", re.I)

# The names a sentence cites as its source, not as someone who acts in it.
ATTRIBUTION = re.compile(r"(as per|according to|statement (?:from|by|issued by)|readout (?:from|by)|said)\W+"
                         r"(?:the\W+|a\W+)?$")

# A subject that stands for someone named before: the speaker is taken from the sentences
# before ("he said", "the premier added", "the statement said", "the Russian foreign minister").
_ROLE = (r"minister|president|premier|leader|chancellor|king|emir|spokes\w+|envoy|ambassador|diplomat|"
         r"secretary(?:[- ]general)?|councill?or|"
         r"statement|readout|release|handout|office|ministry|government|embassy|presidency|palace|secretariat|"
         r"press[- ]service|press office|press secretary")
STAND_IN = re.compile(rf"^(?:he|she|it|they|the(?: [\w’'-]+){{0,3}} (?:{_ROLE}))$", re.I)
# Stand-ins for an organisation (the others stand for a person).
ISSUER = re.compile(r"\b(?:it|they|statement|readout|release|handout|office|ministry|government|embassy|"
                    r"presidency|palace|secretariat|press[- ]service|press office)$", re.I)
# Words around a subject that are not part of it: "the premier also", "Furthermore, the …".
SUBJECT_NOISE = re.compile(r"^(?:(?:furthermore|moreover|however|meanwhile|also|and|but|later|earlier|then)\b\W*)+|"
                           r"(?:\W+(?:also|had|has|have|was|is|were|then|later|earlier|reportedly|further|again|"
                           r"too|once|previously|had also|has also|would|will|later|separately))+$", re.I)
# A clause before a reporting verb that is not its subject: a circumstance or a relative clause
# ("Imran Khan, during the call with Putin, stressed"; "Imran, who was called by Putin, said").
NOT_SUBJECT = re.compile(r"^(?:during|in|on|at|after|before|with|who|which|whose|like|following|amid|as|while|"
                         r"when|since|for|by|from|over|speaking|writing|in a|according)\b", re.I)

# The CAMEO code a statement's reporting verb suggests (first that matches), else MAKE_STATEMENT.
STATEMENT_CODES: tuple[tuple[re.Pattern[str], str], ...] = (
    (_words("praised", "welcomed", "welcomes", "commended", "hailed", "lauded"), "051"),
    (_words("condemned", "denounced", r"critici[sz]ed", "has blamed", "blamed", "blames", "accused", "accuses"), "111"),
    (_words("urged", "urges", "called for", "calls for", "appealed", "demanded"), "020"),
    (_words("warned", "warns"), "012"),
    (_words("invited"), "036"),
)
MAKE_STATEMENT = "010"
SIGN_AGREEMENT = "057"
INTENT_TO_COOPERATE = "030"
EXPRESS_INTENT_TO_MEET = "036"


def statement_code(text: str) -> tuple[str, str]:
    """(CAMEO code, the words that suggest it) for a statement's sentence."""
    for pattern, code in STATEMENT_CODES:
        if m := pattern.search(text):
            return code, m.group()
    m = REPORTING.search(text)
    return MAKE_STATEMENT, m.group() if m else "a statement"


def agreement_code(text: str) -> tuple[str, str]:
    """(CAMEO code, the words that suggest it) for an agreement's sentence."""
    if m := SIGNED.search(text):
        return SIGN_AGREEMENT, m.group()
    text = DURING.sub(lambda m: " " * len(m.group()), text)  # "agreed … at the summit": where, not what
    verb = AGREEING.search(text) or OUTCOME.search(text)
    if m := INTENT_TO_MEET_WORDS.search(text, verb.end() if verb else 0):  # what was agreed: "agreed to meet"
        return EXPRESS_INTENT_TO_MEET, m.group()
    return INTENT_TO_COOPERATE, verb.group() if verb else "agreed"

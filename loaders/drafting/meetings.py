"""The meetings a sentence reports: kind, mode, status, sides, date and place, one per meeting
(a call each when one subject called several, a second meeting of another kind the grammar
reads); a meeting told again ("the meeting was chaired by …") folded into the one told before;
and the meeting a statement, quote or agreement of a sentence was said in."""
from __future__ import annotations

import copy
import re
from typing import Any

from ...schema.eventcodes import HELD_MEETING_CODES, INTENT_TO_MEET
from ..leftovers import TODO
from ..passages import Span
from . import multilateral
from . import vocabulary as v
from .candidate import Candidate
from .known import words_of
from .parse import Clause
from .sides import Sides, parsed_roles, roles_by_verb
from .speakers import SPEAKER_KINDS

# The mode a meeting's kind implies when only the grammar gave the kind.
MODE_OF_KIND = {"phone-call": "phone", "visit": "visit", "summit": "multilateral", "meeting": "third-party", "talks": "unknown"}


def meeting_kind(text: str) -> tuple[str, str, str, bool] | None:
    """(kind, mode, the words, whether a meal) of the meeting a sentence reports."""
    sidelines = bool(v.SIDELINES.search(text))  # "met on the sidelines of the summit": a meeting there
    for pattern, kind, mode in ((v.VISIT, "visit", "visit"), (v.PHONE, "phone-call", "phone"),
                                (v.SUMMIT, "summit", "multilateral"), (v.TALKS, "talks", "unknown"),
                                (v.MET, "meeting", "third-party"), (v.MEAL, "visit", "visit"),
                                (v.SIDELINES, "meeting", "third-party")):
        if sidelines and pattern is v.SUMMIT:
            continue
        m = pattern.search(text)
        if m and pattern is v.VISIT and m.group().lower().startswith("host") and multilateral.HOSTED_MEETING.search(text):
            continue  # "Xland hosted the meeting of the foreign ministers": a meeting hosted, no visitor received
        if m and not (pattern is v.VISIT and re.match(r"rec|host|arriv|on arr|welc", m.group(), re.I)
                      and v.PHONE.search(text)):
            return kind, mode, m.group().lower(), pattern is v.MEAL
    return None


def purpose(unquoted: str, parsed: tuple[list[str], str, str, str, bool] | None) -> bool:
    """Whether the words of a plan in a sentence ("to hold", "to meet") are only the purpose of a
    meeting held, after its verb ("has visited the DRC to hold bilateral talks"), not a plan."""
    if parsed is None or parsed[4]:
        return False
    verb = re.search(rf"\b{re.escape(parsed[3].split()[-1])}\b", unquoted, re.I)
    found = list(v.FUTURE.finditer(unquoted))
    return verb is not None and all(m.group().lower().startswith("to ") and m.start() > verb.end() for m in found)


def meeting_link(sentence: Span, previous: Span | None, here: Candidate | None,
                 meetings: list[Candidate]) -> tuple[Candidate, str] | None:
    """The meeting candidate a statement, quote or agreement of this sentence was said in:
    the meeting its own sentence reports, or the last one before when it or the sentence
    before says "during the call" (or the like)."""
    if here is not None and here.record["status"] == "held":
        return here, "its sentence reports that meeting"
    last = meetings[-1] if meetings and meetings[-1].record["status"] == "held" else None
    if last is None:
        return None
    for text in (sentence.text, previous.text if previous else ""):
        if m := v.DURING.search(text):
            kinds = v.kinds_during(m.group())
            fitting = [c for c in reversed(meetings) if c.record["status"] == "held" and c.record["kind"] in kinds]
            if fitting:
                return fitting[0], f"'{m.group()}'"
    if previous is not None and last.sentence == previous and (m := v.MEETING.search(sentence.text)):
        return last, f"'{m.group()}', just after the sentence reporting the {last.record['kind']}"
    return None


class Meetings(Sides):
    """The meetings of a sentence, and the meeting a candidate was said in."""

    def _meeting(self, sentence: Span, names: list, unquoted: str, before: list[Candidate] | None = None,
                 sentence_index: int | None = None, clauses: list[Clause] | None = None,
                 only: Clause | None = None) -> Candidate | None:
        """The meeting a sentence reports, if any; with ``only``, the one that parsed predicate
        reports (a sentence may tell of two: "invited Beta to visit during their phone call")."""
        if only is not None:
            clauses = [only]
        actors = self._actors(sentence, names)
        persons = list(dict.fromkeys(n.entity for n in actors if self._kind_of(n.entity) == "person"))
        people = persons if len(persons) >= 2 else list(dict.fromkeys(
            n.entity for n in actors if self._kind_of(n.entity) in SPEAKER_KINDS))
        text = sentence.text
        formats = [n.entity for n in actors if self._kind_of(n.entity) == "format"]
        sides_from = ""
        parsed = None
        gathering: re.Match[str] | None = None  # one side at a gathering of many ("attended the ministers' meeting")
        if (formats or v.FORMAT.search(text)) and v.FORMAT_MEETING.search(text) and not v.SUMMIT.search(text):
            countries = list(dict.fromkeys(n.entity for n in actors if self._kind_of(n.entity) == "country"))
            people = countries if len(countries) >= 2 else list(dict.fromkeys(formats + countries))
            named = v.FORMAT.search(text) or v.FORMAT_MEETING.search(text)
            found: tuple[str, str, str, bool] | None = ("meeting", "multilateral", named.group().lower() if named else "", False)
            if not people:
                return None
        else:
            if len(persons) == 1:  # a leader and their own country are one side
                own = self.sides(frozenset(persons))
                people = [p for p in people if not (self._kind_of(p) == "country" and self.sides(frozenset([p])) and self.sides(frozenset([p])) <= own)]
            if len(persons) == 1 and (stand := v.SUBJECT_STAND_IN.match(unquoted)) and sentence_index is not None:
                other = self._named_before(sentence_index, exclude=persons[0])
                if other is not None:
                    people = [other] + [p for p in people if p != other]
                    sides_from = f"participants {people}: '{stand.group().strip()}' stands for '{other}', named before"
            said_kind = meeting_kind(text) if only is None else (only.meeting_kind,)
            parsed = (self._parsed_sides(sentence, clauses, names, said_kind[0] if said_kind else None)
                      if clauses and not sides_from else None)
            if parsed is not None and set(parsed[0]) != set(people) and (TODO not in parsed[0] or len(people) < 2):
                people, sides_from = parsed[0], parsed[1]  # the grammar's: not a topic, a source, an adjective ("his US counterpart")
            told_again = v.MEETING.search(v.DURING.sub(" ", unquoted))
            if len(people) < 2 and before and told_again and (both := v.BOTH_SIDES.search(unquoted)):
                told = before[-1]
                people = [p["entity"] for p in told.record["participants"]]
                sides_from = f"participants {people}: '{both.group()}', the sides of the meeting told before"
            if len(people) < 2 and formats and v.SUMMIT.search(text) and v.SUMMIT_EVENT.search(unquoted):
                people = list(dict.fromkeys(formats + people))  # "the SCO summit was held": the format's
                sides_from = f"participants {people}: the format whose summit it is"
            if len(people) == 1 and (went := multilateral.ATTENDED.search(unquoted)) and (
                    gathering := multilateral.GATHERING.search(unquoted, went.end())):
                group = self._group_named(sentence, names, went.end())
                people = people + ([group[0]] if group and group[0] not in people else [])
                sides_from = (f"participants {people}: '{went.group()}' a gathering of many ('{gathering.group()}')"
                              + (f"; {group[1]}" if group and group[1] else ""))
            elif not people and (gathering := multilateral.GATHERING.search(unquoted)) and (
                    went := multilateral.HELD.search(unquoted)) and (group := self._group_named(sentence, names, 0)):
                people = [group[0]]  # "The third meeting of the Harbour Group foreign ministers was held …": the group's
                sides_from = (f"participants {people}: the group whose gathering of many ('{gathering.group()}') "
                              f"'{went.group()}'" + (f"; {group[1]}" if group[1] else ""))
            else:
                gathering = None
            back = re.match(r"\w+\s+(?:the|their|this|that)\b", (during := v.DURING.search(unquoted)) and during.group() or "", re.I)
            if back and len(persons) < 2 and before and not v.MEETING.search(v.DURING.sub(" ", unquoted)) and any(
                    set(persons) <= m.who for m in before):
                return None  # "During the conversation, Khan stressed … in Afghanistan": the one told before, no other
            if len(people) == 1 and said_kind and said_kind[0] == "visit" and (host := self._host_of(
                    unquoted, sentence.start, names, people[0])) is not None:
                people = people + [host[0]]  # "is expected to travel to Capital City": the country visited
                sides_from = f"participants {people}: '{host[1]}' is in '{host[0]}', the side visited"
            if len(people) < 2 and not (v.SUMMIT.search(text) and v.SUMMIT_EVENT.search(unquoted)) and gathering is None:
                return None  # a meeting needs two sides, or a summit or a gathering of many that takes place
            found = meeting_kind(text)
            if only is not None:
                if parsed is None:
                    return None
                found = (only.meeting_kind, MODE_OF_KIND[only.meeting_kind], only.verb.lower(), False)
            if found is None and parsed is not None:
                found = (parsed[2], MODE_OF_KIND[parsed[2]], parsed[3], False)
        if found is None:
            return None
        if found[0] == "summit" and not v.SUMMIT_EVENT.search(unquoted) and self._date_in(text) is None:
            return None  # "developments such as the first trilateral summit": named in passing
        if found[0] == "summit" and (word_at := v.SUMMIT.search(text)) and (
                re.match(r"[’']s\b", text[word_at.end():word_at.end() + 3])
                or (re.search(r"\bthe\s+$", text[:word_at.start()], re.I) and any(c.record["kind"] == "summit" for c in before or []))):
            return None  # "to review the summit's outcomes", "the summit" once one is told: that one, in passing
        kind, mode, word, meal = found
        multi = multilateral.read(text, sentence.start, names, self._kind_of)
        if multi is not None and not meal and kind != "visit":
            sides = list(dict.fromkeys([*people, *multi.members, *multi.roles]))
            if sum(self._kind_of(p) == "country" for p in sides) >= 2:  # a format gives way to its member countries named
                sides = [p for p in sides if self._kind_of(p) != "format" or p in multi.roles]
            if len(sides) >= 3 or any(self._kind_of(p) == "format" for p in sides) or gathering is not None:
                people, mode = sides, "multilateral"
                kind = "meeting" if kind in ("phone-call", "talks") else kind
                why = " and ".join(f"'{w}'" for w in dict.fromkeys([word, multi.words]) if w)
                sides_from = sides_from if sides_from and not multi.listed else (
                    f"participants {people} from the names in the sentence" + (f" and the list '{multi.listed}'" if multi.listed else ""))
            else:
                multi = None
        else:
            multi = None
        # what is planned or proposed is read outside quotation marks ("we will be there for them")
        status = (only.status if only is not None else "proposed" if v.INVITED.search(unquoted)
                  else "planned" if (v.FUTURE.search(unquoted) and not purpose(unquoted, parsed)) or (parsed and parsed[4])
                  else "held")
        if sides_from.startswith("participants") and "the sides of the meeting told before" in sides_from and status != "held":
            return None  # "the two leaders agreed to meet again": an agreement's, not a meeting told again
        guesses = [f"kind {kind}, mode {mode} and status {status} from " + (why if multi is not None else f"'{word}'"),
                   sides_from or f"participants {people} from the names in the sentence"]
        if multi is not None:
            guesses += multi.guesses()
        if meal:
            guesses[0] += ": a meal during a visit is part of that visit, not a meeting of its own"
        record: dict[str, Any] = {"id": self._id(*people[:2], kind)}
        said_on = v.SAID_ON_DAY.search(unquoted) if status == "held" else None
        if said_on is not None and said_on.start() < (v.MEETING.search(unquoted, said_on.end()) or said_on).start():
            # "said on Wednesday that his conversation with Alpha had been useful": the day it was said, not met
            record["date_basis"] = "unknown"
            guesses.append(f"no date: '{said_on.group('day')}' is the day it was said, not the day of the {kind}")
        else:
            self._dated(record, sentence, guesses, ahead=status != "held")
        roles = roles_by_verb(text, sentence.start, actors, people, kind) or (
            parsed_roles(parsed[3], kind, people) if parsed is not None and parsed[0] == people else {})
        if sides_from.endswith("the side visited") and len(people) == 2:
            roles = {people[0]: "visitor", people[1]: "host"}
        if multi is not None:
            roles.update(multi.roles)
        places = [n.entity for n in names if self._kind_of(n.entity) == "place"]
        record.update(kind=kind, mode=mode, status=status)
        if places and not meal:
            record["place"] = places[0]
            guesses.append(f"place '{places[0]}' from the sentence")
        record.update(participants=[{"entity": p, "role": roles.get(p, "participant")} for p in people],
                      summary=f"TODO: one line on the meeting. {text}",
                      cameo=HELD_MEETING_CODES[mode][0] if status == "held" else INTENT_TO_MEET,
                      citations=[self._citation(sentence)])
        return Candidate("meetings", record, guesses, sentence, frozenset(p for p in people if p != TODO), words_of(text),
                         kind_words=word)

    def _told_again(self, meeting: Candidate, unquoted: str, meetings: list[Candidate]) -> tuple[Candidate, str] | None:
        """(the multilateral meeting told before that a sentence tells again, the words that say
        so): "Vasko chaired the meeting, which was attended by …", "The meeting was attended by …"
        (the last meeting told, held, in the same paragraph or the one before; up to three before,
        or anywhere in the joint text telling it, when "the meeting" is all the sentence says of
        it: "thanked Xland for hosting the meeting"), or "The third meeting of …" after a heading of "the Third Meeting of …". Not a
        meeting on its sidelines, nor one its sides "met" at, nor another group's, nor one of
        another date."""
        if not meetings:
            return None
        last = meetings[-1]
        if (last.record["mode"] != "multilateral" or last.record["status"] != "held" or meeting.record["status"] != "held"
                or v.SIDELINES.search(unquoted)):
            return None
        the = multilateral.THE_MEETING.search(unquoted)
        nth = multilateral.NTH_MEETING.search(unquoted)
        if nth is not None and re.search(rf"\b{nth.group(1)}\s+(?:[\w’'-]+\s+){{0,3}}?(?:meeting|summit|session|conference|ministerial)",
                                         last.sentence.text, re.I):
            the = nth  # the same ordinal: the same meeting
        elif the is None:
            return None
        only_that = meeting.kind_words in the.group().lower() and not re.search(r"\b(?:met|meet)\b", unquoted, re.I)
        if meeting.record["mode"] != "multilateral" and not only_that:
            return None
        same_text = any(b.holds(last.sentence) and b.holds(meeting.sentence) for b in self.joint)  # a joint text's meeting
        if self._breaks(max(last.sentence.end, last.told_until), meeting.sentence.start) > (3 if only_that else 1) and not (
                only_that and same_text):
            return None
        if meeting.record.get("date") and last.record.get("date") and meeting.record["date"] != last.record["date"]:
            return None
        if any(self._kind_of(p) in ("format", "organization", "") and p not in last.who for p in meeting.who):
            return None  # "the ministerial meeting of the Coastal Five": another group's
        return last, the.group()

    def _roles_only(self, sentence: Span, unquoted: str, names: list) -> Candidate | None:
        """What a sentence that names no meeting of its own but "the meeting" says of the roles in it
        ("The meeting was chaired by Vasko"): a stand-in meeting to fold into the one told before
        (never a row of its own)."""
        the = multilateral.THE_MEETING.search(unquoted)
        roles = multilateral.roles(sentence.text, sentence.start, names) if the else {}
        if not roles:
            return None
        return Candidate("meetings", {"status": "held", "mode": "multilateral",
                                      "participants": [{"entity": e, "role": r} for e, r in roles.items()],
                                      "citations": [self._citation(sentence)]},
                         [f"role {r} for '{e}' from the sentence" for e, r in roles.items()], sentence, frozenset(roles), set(),
                         kind_words="")

    def _fold(self, meeting: Candidate, into: Candidate) -> None:
        """Add what a sentence telling a meeting again says of it (sides, roles, date, place) to
        the meeting told before, and cite it there. A format whose member countries are now named
        (two or more) gives way to them, as in a meeting whose sentence names them."""
        parts = into.record["participants"]
        known = {p["entity"]: p for p in parts}
        states = all(self._kind_of(p["entity"]) != "person" for p in parts if p["role"] == "participant")
        added = []
        for p in meeting.record["participants"]:
            if p["entity"] not in known:
                if not (states and self._kind_of(p["entity"]) == "person" and p["role"] == "participant"):
                    parts.append(dict(p))  # a person beside the states met only in a role of their own (chair, host)
                    added.append(p["entity"])
            elif known[p["entity"]]["role"] == "participant":
                known[p["entity"]]["role"] = p["role"]
        sentence = meeting.sentence
        for entity, role in multilateral.roles(sentence.text, sentence.start, self.names.find(sentence.text, sentence.start)).items():
            for p in parts:  # "thanked Xland for hosting the meeting"
                if p["entity"] == entity and p["role"] == "participant":
                    p["role"] = role
                    into.guesses.append(f"role {role} for '{entity}' from \"{sentence.text[:60]}…\"")
        countries = [p for p in parts if self._kind_of(p["entity"]) == "country"]
        formats = [p["entity"] for p in parts if self._kind_of(p["entity"]) == "format" and p["role"] == "participant"]
        if len(countries) >= 2 and formats:
            into.record["participants"] = [p for p in parts if p["entity"] not in formats]
            into.guesses.append(f"participants: {formats} left out, its member countries named")
        taken = []
        if "date" not in into.record and "date" in meeting.record:
            into.record.update({k: meeting.record[k] for k in ("date", "date_basis", "date_note") if k in meeting.record})
            taken.append("date ")
        if "place" not in into.record and "place" in meeting.record:
            into.record["place"] = meeting.record["place"]
            taken.append("place ")
        order = ["id", "date", "date_basis", "date_note", "kind", "mode", "status", "place", "participants"]  # as _meeting writes
        into.record = {k: into.record[k] for k in sorted(into.record, key=lambda k: order.index(k) if k in order else len(order))}
        into.record["citations"].append(meeting.record["citations"][0])
        into.told_until = meeting.sentence.end
        into.who = frozenset(p["entity"] for p in into.record["participants"] if p["entity"] != TODO)
        into.words |= meeting.words
        into.guesses.append(f"told again in \"{meeting.sentence.text[:60]}…\""
                            + (f": participants {added} added" if added else ""))
        into.guesses += [g for g in meeting.guesses if g.startswith(("role ", "held ", *taken))]
        self.ids.discard(meeting.record.get("id", ""))

    def _calls_each(self, meeting: Candidate) -> list[Candidate]:
        """"Alpha spoke by phone with Beta and Gamma", "spoke to Beta and Gamma": a call each, Alpha's with Beta (``meeting``
        itself) and the others (returned). Only for phone calls whose sides the grammar gave."""
        parts = meeting.record["participants"]
        if meeting.record["kind"] not in ("phone-call", "talks") or len(parts) < 3 or not any("(parsed)" in g for g in meeting.guesses):
            return []
        first, rest = parts[0], parts[1:]
        meeting.guesses.append(f"one of {len(rest)} calls the sentence tells of, one subject with several others: a row each")
        calls = [meeting] + [copy.deepcopy(meeting) for _ in rest[1:]]
        for k, (call, other) in enumerate(zip(calls, rest, strict=True)):
            call.record["participants"] = [dict(first), dict(other)]
            call.who = frozenset([first["entity"], other["entity"]])
            if k:
                call.record["id"] = self._id(first["entity"], other["entity"], meeting.record["kind"])
        return calls[1:]

    def _further_meetings(self, sentence: Span, names: list, unquoted: str, before: list[Candidate], i: int,
                          clauses: list[Clause], told: Candidate) -> list[Candidate]:
        """Other meetings of a sentence than ``told``, by the grammar: a predicate of another kind
        of meeting between other sides ("Alpha invited Beta to visit Xland during their phone call":
        a proposed visit and a call held)."""
        out: list[Candidate] = []
        for clause in clauses:
            if clause.kind != "meeting" or clause.meeting_kind == told.record["kind"]:
                continue
            if clause.ahead and not clause.invited and told.record["kind"] == "visit" and told.record["status"] == "held":
                continue  # "has visited Xland to hold talks with his counterpart": the talks are the visit's
            other = self._meeting(sentence, names, unquoted, before, i, only=clause)
            if other is not None and other.who != told.who and all(o.who != other.who for o in out):
                other.guesses.append(f"a second meeting of the sentence, beside its {told.record['kind']}")
                out.append(other)
        return out

"""One row per meeting: the candidates of sentences telling the same meeting again (the same
kind, or one said vaguely, between the same sides, on the same date or undated) merged into one
row citing each sentence, in the order of the text; a row that leaves a side unnamed merged
into the one naming it."""
from __future__ import annotations

import re

from ...schema.kinds import RECORD_KINDS
from ..leftovers import TODO
from . import vocabulary as v
from .candidate import Candidate
from .known import VAGUE_KINDS
from .sides import TITLE_ONLY

ORDER = {k.section: list(k.model.model_fields) for k in RECORD_KINDS}  # keys in the models' order


def merged(candidates: list[Candidate], reserved: frozenset[str] = frozenset()) -> list[Candidate]:
    """One candidate per meeting: sentences that name the same kind of meeting between the same
    participants (on the same date, or one undated) become one row with several citations, in
    the order of the text. The dated ones are read first, so that an undated headline or "the
    two leaders spoke" is the latest meeting of its kind the text dates (the news), not a
    caption's older one. A lunch or a dinner during a visit is that visit."""
    rows: list[Candidate] = []
    at: dict[int, list[tuple[int, dict[str, str]]]] = {}  # a row's citations by where their sentence starts
    upgraded: list[tuple[Candidate, str]] = []
    meetings = [c for c in candidates if c.section == "meetings"]
    for c in sorted(meetings, key=lambda m: not m.record.get("date")):  # stable: the text's order within each
        if v.PREVIOUS.search(c.sentence.text) and not c.record.get("date"):
            rows.append(c)  # "in their previous call": not the meeting told before it, nor one told after
            continue
        held = _held(rows, c)
        if held is not None and held.record["kind"] != c.record["kind"] and not c.record.get("date") and re.search(
                r"\b(?:later|afterwards|subsequently)\b", v.DURING.sub(" ", c.sentence.text), re.I):
            held = None  # "Alpha later held a phone call with Beta" after talks with Beta: another meeting
        if held is None:
            rows.append(c)
            at[id(c)] = [(c.sentence.start, c.record["citations"][0])]
            continue
        c.merged_into = held
        if held.record["kind"] in VAGUE_KINDS and c.record["kind"] not in VAGUE_KINDS:
            vague = held.record["kind"]
            if held.record["id"].endswith(f"-{vague}"):  # its id is to say what it now is
                upgraded.append((held, vague))
            held.record.update(kind=c.record["kind"], mode=c.record["mode"], cameo=c.record["cameo"])
            held.guesses[0] = c.guesses[0]
            held.kind_words = c.kind_words
        if held.record["status"] == "planned" and c.record["status"] == "proposed":
            held.record["status"] = "proposed"  # "looking forward to host" told again as an invitation
            held.guesses.append(f"status proposed from the sentence \"{c.sentence.text[:60]}…\": an invitation")
        if c.record["citations"][0] not in held.record["citations"]:
            held.record["citations"].append(c.record["citations"][0])
            at.setdefault(id(held), []).append((c.sentence.start, c.record["citations"][0]))
        if not held.record.get("date") and c.record.get("date"):
            for k in ("date", "date_basis", "date_note"):
                if k in c.record:
                    held.record[k] = c.record[k]
            held.record.pop("date_note", None) if c.record["date_basis"] == "stated" else None
        if "place" in c.record and "place" not in held.record:
            held.record["place"] = c.record["place"]
        roles = {p["entity"]: p["role"] for p in c.record["participants"] if p["role"] != "participant"}
        for p in held.record["participants"]:
            if p["role"] == "participant" and p["entity"] in roles:
                p["role"] = roles[p["entity"]]
        held.record = {k: held.record[k] for k in ORDER["meetings"] if k in held.record}
        held.guesses.append(f"merged with the sentence \"{c.sentence.text[:60]}…\" (same kind, same participants)")
        held.words |= c.words
    for row in rows:
        if len(at.get(id(row), [])) > 1:
            row.record["citations"] = [cited for _, cited in sorted(at[id(row)], key=lambda pair: pair[0])]
        told = [m for m in meetings if m.merged_into is row and m.sentence.start < row.sentence.start]
        if told:  # the row is named as the text first tells it (a headline's order of sides, its id)
            earliest = min(told, key=lambda m: m.sentence.start)
            row.record["id"] = earliest.record["id"]
            upgraded = [(h, k) for h, k in upgraded if h is not row]  # said of the id it had
            said = earliest.record["kind"]
            if said != row.record["kind"] and row.record["id"].endswith(f"-{said}"):
                upgraded.append((row, said))
            order = [p["entity"] for p in earliest.record["participants"]]
            row.record["participants"].sort(key=lambda p: order.index(p["entity"]) if p["entity"] in order else len(order))
    _named_elsewhere(rows)
    out = [c for c in candidates if c.section != "meetings" or c.merged_into is None]
    for held, vague in upgraded:
        ident = held.record["id"][:-len(vague)] + held.record["kind"]
        taken = {o.record["id"] for o in out if o is not held} | reserved
        n, unique = 2, ident
        while unique in taken:
            unique, n = f"{ident}-{n}", n + 1
        held.record["id"] = unique
    return out


def _held(rows: list[Candidate], c: Candidate) -> Candidate | None:
    """The row a meeting candidate is told again in, if any: one of the same kind between the
    same sides, or where one of the two says only 'talks' or 'met' (``_vaguer``); for a dated
    candidate the first in the text on its date, for an undated one (a headline, "the two
    leaders spoke") the latest dated: the news, not a caption's older meeting."""
    date = c.record.get("date")
    fitting = [r for r in rows if not (v.PREVIOUS.search(r.sentence.text) and not r.record.get("date"))
               and (not date or not r.record.get("date") or r.record["date"] == date)
               and not (not date and r.record.get("date") and v.LAST_MET.search(r.sentence.text))]
    # "they last met in March 2020": a meeting looked back on, not the news an undated sentence tells
    told = [r for r in fitting if (r.record["kind"] == c.record["kind"] and r.who == c.who) or _vaguer([r], c)]
    told = [r for r in told if (r.record["status"] == "held") == (c.record["status"] == "held") or not next(
        (m.record.get("date") for m in (r, c) if m.record["status"] != "held"), None)]
    # "has visited …" and "will visit again next year" (a plan dated on its own): two visits; a headline's "plans" is the one held
    if not told:
        return None
    if date:
        return min(told, key=lambda r: r.sentence.start)  # the first the text tells
    return max(told, key=lambda r: (r.record.get("date") or "", -r.sentence.start))  # the news: the latest


def _named_elsewhere(rows: list[Candidate]) -> None:
    """A meeting row that leaves a side unnamed ("Lavrov held telephone talks with German Foreign
    Minister", a headline) is the row of the same kind and status that names its named sides and
    one more, on its date or undated: the one whose sentence has a word of the office beside its
    titles ("his German counterpart"), or the only one such row where the office has no such word;
    else, for a visit ("The Prime Minister was received by X"), the one visit the text tells of, its
    host named joining it. Its citation goes there, in the order of the text."""
    for row in [r for r in rows if any(p["entity"] == TODO for p in r.record["participants"]) and r.who]:
        if row.merged_into is not None:
            continue
        date = row.record.get("date")
        fits = [r for r in rows if r is not row and r.merged_into is None and r.record["kind"] == row.record["kind"]
                and r.record["status"] == row.record["status"] and row.who < r.who
                and (not date or r.record.get("date") in (None, date))]
        offices = [m.group(1) for g in row.guesses for m in re.finditer(r"'([^']+)' is someone no entity names", g)]
        marks = {w.casefold() for o in offices for w in re.findall(r"[\w-]+", o) if not TITLE_ONLY.fullmatch(w)}
        named = [r for r in fits if marks & {w.casefold() for w in re.findall(r"[\w-]+", r.sentence.text)}]
        visits = [r for r in rows if r is not row and r.merged_into is None and r.record["kind"] == row.record["kind"] == "visit"
                  and r.record["status"] == row.record["status"] and (not date or r.record.get("date") in (None, date))]
        note = "the side it leaves unnamed named here"
        if len(named) == 1 or (not marks and len(fits) == 1):  # "Zedlandish" for "his Zedlandish counterpart"
            into = (named or fits)[0]
        elif not fits and len(visits) == 1:  # "The Prime Minister was received by X": a reception during the one visit
            into = visits[0]
            note = "a reception during the one visit the text tells of"
            for p in row.record["participants"]:
                if p["entity"] != TODO and p["entity"] not in into.who:
                    into.record["participants"].append(dict(p))
                    into.who = into.who | {p["entity"]}
        else:
            continue
        row.merged_into = into
        into.record["citations"] = [c for _, c in sorted(
            [(into.sentence.start, c) for c in into.record["citations"]] + [(row.sentence.start, row.record["citations"][0])],
            key=lambda pair: pair[0])] if row.sentence.start < into.sentence.start else into.record["citations"] + [
            row.record["citations"][0]]
        into.guesses.append(f"merged with the sentence \"{row.sentence.text[:60]}…\" (same kind; {note})")
        if not into.record.get("date") and date:
            for k in ("date", "date_basis", "date_note"):
                if k in row.record:
                    into.record[k] = row.record[k]
            into.record = {k: into.record[k] for k in ORDER["meetings"] if k in into.record}


def _vaguer(rows: list[Candidate], c: Candidate) -> Candidate | None:
    """A meeting between the same sides, of the same status, where one of the two says only
    'talks' or 'met': the same meeting, told more or less precisely (but one who met is no call)."""
    for held in rows:
        kind = held.record["kind"]
        if held.who == c.who and held.record["status"] == c.record["status"] and (
                kind in VAGUE_KINDS or c.record["kind"] in VAGUE_KINDS) and "summit" not in (kind, c.record["kind"]) \
                and {kind, c.record["kind"]} != {"meeting", "phone-call"}:  # met in person: not a call
            return held
    return None

"""A draft fact file for one source: candidate facts a curator confirms, edits or deletes.

Every candidate is anchored in the source the way curated citations are (its sentence as the
excerpt, with a prefix where the sentence occurs twice), written in the format of the seeds'
fact files, with what was guessed marked as a guess. Candidates that match a fact already
curated are proposed as a citation to that fact, not as a new row. No network: the grammar of
each sentence is read offline by spaCy's small English pipeline (``drafting/parse.py``, the
``draft`` extra): speakers are the subject of the reporting verb, a meeting's sides its subject
and objects, named by the entity list or, where it names none, proposed as new entities (marked
as guesses). The words read are declared in ``drafting/vocabulary.py``; quotes, speakers, new
names and known facts are found by the other modules of ``drafting/``.

This module puts them together: ``Draft`` (``drafting/reader.py``) reads the source into
candidates, ``merged`` (``drafting/merging.py``) makes one row per meeting, each candidate is
matched to the facts already curated, and the rows and notes are written (``drafting/candidate.py``)."""
from __future__ import annotations

from pathlib import Path

from ..schema.kinds import RECORD_KINDS
from .build import fact_files
from .drafting import vocabulary as v
from .drafting.candidate import Candidate, known_note, render
from .drafting.dates import date_words, resolve_meeting
from .drafting.dates import unsaid_day as _unsaid_day
from .drafting.known import also, same_passage
from .drafting.merging import merged
from .drafting.names import new_names
from .drafting.reader import Draft
from .drafting.source import DraftFailed, surnames
from .drafting.source import read_records as _records

# what other modules and the tests import from here, wherever it is written now
__all__ = ["Candidate", "Draft", "DraftFailed", "_records", "_unsaid_day", "date_words", "draft_text", "fact_files", "merged",
           "surnames", "write_draft"]


def write_draft(seeds: Path, source_id: str, out: Path | None = None, force: bool = False,
                db: Path | None = None) -> Path:
    """Write the draft to ``out`` (default ``drafts/<source>.yaml``), never into the seeds'
    facts folder (a draft holds guesses and TODOs: moving it there is the curator's act) and
    never over an earlier draft, which may hold a curator's edits, unless ``force``."""
    out = Path(out) if out else Path("drafts") / f"{source_id}.yaml"
    facts = (Path(seeds) / "facts").resolve()
    if out.resolve().is_relative_to(facts):
        raise DraftFailed(f"{out} is inside {Path(seeds) / 'facts'}: write the draft elsewhere, edit it, then move it there")
    if out.exists() and not force:
        raise DraftFailed(f"{out} exists (perhaps with your edits): remove it, choose another -o, or use --force")
    text = draft_text(seeds, source_id, db)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out


def draft_text(seeds: Path, source_id: str, db: Path | None = None) -> str:
    """The draft fact file for one source, as YAML text (``db``: see Draft)."""
    draft = Draft(seeds, source_id, db)
    sections: dict[str, list[str]] = {k.section: [] for k in RECORD_KINDS if k.is_fact}
    candidates = merged(draft.candidates(), frozenset(k.id for k in draft.known))
    meetings = [c for c in candidates if c.section == "meetings"]  # first: what else is said in them
    for candidate in meetings:
        if not v.PREVIOUS.search(candidate.sentence.text):
            candidate.matched = draft.match(candidate)
    told = frozenset(c.matched.fact.id for c in meetings if c.matched is not None)
    for candidate in meetings:  # "in their previous call": one before those the report tells of
        if v.PREVIOUS.search(candidate.sentence.text):
            candidate.matched = draft.match(candidate, told)
    told = frozenset(c.matched.fact.id for c in meetings if c.matched is not None)
    for candidate in candidates:
        if candidate.section != "meetings":
            candidate.matched = draft.match(candidate, told)
    for candidate in candidates:
        if candidate.section in ("statements", "agreements") and candidate.matched is None and told:
            candidate.matched = draft.in_context(candidate, told)
        if candidate.section == "statements" and candidate.matched is not None and candidate.matched.fact.kind == "statement":
            candidate.also = also(draft.known, candidate.matched.fact, candidate.who, candidate.words,
                                  candidate.record.get("date"))
    notes: dict[tuple[str, str], tuple[list[dict], list[str]]] = {}
    for candidate in candidates:
        if candidate.section == "statements" and candidate.reports and candidate.matched is None:
            continue  # "…, the Kremlin said" of a meeting: the meeting's row cites the sentence
        found = candidate.matched
        if found is not None:
            # a passage the fact cites already was read when it was curated; the row's others were not
            fresh = [c for c in candidate.record["citations"]
                     if not (found.cited and any(src == draft.source.id and same_passage(e, c["exact"])
                                                 for src, e in found.fact.spans))]
            if fresh:
                cites, upgrades = notes.setdefault((found.fact.kind, found.fact.id), ([], []))
                cites += [c for c in fresh if c not in cites]
                if found.upgrade and found.upgrade not in upgrades and not found.cited:
                    upgrades.append(found.upgrade)
            for other in candidate.also:
                if not any(s == draft.source.id and candidate.sentence.text in e for s, e in other.spans):
                    cites, _ = notes.setdefault((other.kind, other.id), ([], []))
                    cites += [c for c in candidate.record["citations"] if c not in cites]
            continue
        resolve_meeting(candidate)
        sections[candidate.section].append(render(candidate))
    for fact, cited in draft.echoes():
        cites, _ = notes.setdefault((fact.kind, fact.id), ([], []))
        same = [c for c in cites if c["exact"] == cited["exact"]]
        for c in same:
            if c.get("role") == "attributes":  # it names the speaker and echoes their words: the echo is what lint asks for
                c["role"] = "echoes"
        if not same:
            cites.append(cited)
    source = draft.source
    names = new_names([e for s in draft.sentences for e in draft.grammar.entities(s)], draft.names, draft.dateline_span)
    head = [
        f"# Draft facts for source '{source.id}' ({source.title}), made by `facts draft` from its text.",
        "# Every row is a candidate: confirm, edit or delete it, write the TODO summaries, then move",
        "# this file into seeds/facts/ and run facts build. Lines starting '# guess:' say what was guessed.",
        f"# Published: {source.published or 'not known, so no relative date was resolved'}.",
    ]
    if draft.written:
        head.append(f"# Written: {draft.written.date}, by its dateline '{draft.written.words}': relative dates are "
                    "resolved against it.")
    for block in draft.joint:
        head.append(f"# Joint text: '{block.title[:80]}', signed by {list(block.signatories)}: its commitments are proposed as "
                    "agreements of theirs" + ("; a statement has one speaker, so none is proposed for the text as a whole."
                                              if len(block.signatories) > 1 else ", the text as a whole as its statement."))
    if names:
        head.append("# New names no entity covers (add those that matter to entities.yaml):")
        head += [f"#   {name} ({count})" for name, count in sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))]
    if notes:
        head.append("# Already curated: these passages report facts the seeds hold. Cite them there instead of a new row:")
        for (kind, fact_id), (cites, upgrades) in notes.items():
            head += known_note(kind, fact_id, cites, upgrades)
    body = []
    for section, rows in sections.items():
        if rows:
            body.append(f"{section}:\n" + "".join(rows))
    return "\n".join(head) + "\n" + ("".join(body) if body else "# No candidates found.\n")

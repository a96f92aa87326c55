"""Check one validated fact against the corpus: its entities exist and every excerpt is found
in its source. Returns the anchors, or records problems on the fact's file."""
from __future__ import annotations

from collections.abc import Callable

from pydantic import TypeAdapter, ValidationError

from ..schema import Agreement, Claim, Disagreement, Meeting, Quote, Statement
from ..schema.evidence import CitationRef
from .anchor import Anchor, AnchorError, anchor
from .recordfiles import RecordFile


def entity_refs(record) -> list[tuple[tuple, str]]:
    """(path inside the record, entity id) for every entity a record names."""
    if isinstance(record, Meeting):
        refs = [(("participants", i, "entity"), p.entity) for i, p in enumerate(record.participants)]
        return refs + ([(("place",), record.place)] if record.place else [])
    if isinstance(record, (Statement, Quote)):
        return [(("speaker",), record.speaker)]
    if isinstance(record, Agreement):
        return [(("parties", i), party) for i, party in enumerate(record.parties)]
    return []


def anchor_ref(
    ref: CitationRef, loc: tuple, file: RecordFile, source_text: Callable[[str], str | None]
) -> Anchor | None:
    """Anchor one citation (or claim) at ``loc``; a problem is recorded on the file if it fails."""
    text = source_text(ref.source)
    if text is None:
        file.add(loc + ("source",), f"unknown source '{ref.source}'")
        return None
    try:
        return anchor(text, ref.exact, ref.prefix, ref.suffix)
    except AnchorError as exc:
        file.add(loc + ("exact",), f"{exc} (source '{ref.source}')")
        return None


def check_record(
    record, loc: tuple, file: RecordFile, entities: set[str], source_text: Callable[[str], str | None]
) -> list[Anchor] | None:
    ok = True
    for path, entity in entity_refs(record):
        if entity not in entities:
            file.add(loc + path, f"unknown entity '{entity}'")
            ok = False
    refs: list[CitationRef] = record.claims if isinstance(record, Disagreement) else record.citations
    field = "claims" if isinstance(record, Disagreement) else "citations"
    anchors = []
    for j, ref in enumerate(refs):
        found = anchor_ref(ref, loc + (field, j), file, source_text)
        if found is None:
            ok = False
            continue
        anchors.append(found)
        if isinstance(record, Quote) and record.text not in ref.exact:
            file.add(loc + (field, j, "exact"), "the quote's text does not occur in this excerpt")
            ok = False
    return anchors if ok else None


_CITATION = TypeAdapter(CitationRef)
_CLAIM = TypeAdapter(Claim)


def salvage_record(
    raw: dict, loc: tuple, file: RecordFile, entities: set[str], source_text: Callable[[str], str | None]
) -> None:
    """A record that failed validation still has its excerpts and entities checked, so one
    run reports every problem. Parts that fail validation themselves were reported already."""
    field, adapter = ("claims", _CLAIM) if "claims" in raw else ("citations", _CITATION)
    for path, entity in _raw_entity_refs(raw):
        if isinstance(entity, str) and entity not in entities:
            file.add(loc + path, f"unknown entity '{entity}'")
    items = raw.get(field)
    for j, item in enumerate(items if isinstance(items, list) else []):
        try:
            ref = adapter.validate_python(item)
        except ValidationError:
            continue
        anchor_ref(ref, loc + (field, j), file, source_text)


def _raw_entity_refs(raw: dict) -> list[tuple[tuple, object]]:
    refs: list[tuple[tuple, object]] = []
    participants = raw.get("participants")
    for i, p in enumerate(participants if isinstance(participants, list) else []):
        if isinstance(p, dict) and "entity" in p:
            refs.append((("participants", i, "entity"), p["entity"]))
    parties = raw.get("parties")
    refs += [(("parties", i), p) for i, p in enumerate(parties if isinstance(parties, list) else [])]
    refs += [((key,), raw[key]) for key in ("speaker", "place") if key in raw]
    return refs

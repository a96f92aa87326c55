"""Check one record against the corpus: the entities it names exist and every excerpt is found
in its source. Returns the anchors, or records problems on the record's file. What a record
names and where its excerpts are come from its kind's declaration."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Protocol

from pydantic import BaseModel, ValidationError

from ..schema.evidence import WORD_ROLES, CitationRef
from ..schema.kinds import Kind
from ..schema.refs import EACH, Path, ref_paths, refs_in
from .anchor import Anchor, AnchorError, anchor
from .leftovers import TODO, leftovers, placeholder
from .recordfiles import RecordFile

SourceText = Callable[[str], "str | None"]


class Known(Protocol):
    @property
    def entities(self) -> frozenset[str]: ...

    def reported(self, table: str, ident: str) -> bool: ...


@cache
def entity_paths(model: type[BaseModel]) -> tuple[Path, ...]:
    return tuple(path for path, table in ref_paths(model) if table == "entities")


@cache
def _entity_values(model: type[BaseModel]) -> Callable[[object], list]:
    """A function listing the entity ids a validated record names, written out from the
    model's paths (the common, all-known case needs no locations and no generic walk)."""
    parts = []
    for path in entity_paths(model):
        if EACH not in path:
            parts.append(f"[r.{'.'.join(path)}]")
        elif path.count(EACH) == 1 and path[-1] == EACH:
            parts.append(f"list(r.{'.'.join(path[:-1])})")
        elif path.count(EACH) == 1:
            i = path.index(EACH)
            parts.append(f"[x.{'.'.join(path[i + 1:])} for x in r.{'.'.join(path[:i])}]")
        else:
            return lambda r: [v for p in entity_paths(model) for _, v in refs_in(r, p)]
    return eval(f"lambda r: {' + '.join(parts) or '[]'}")  # noqa: S307 (model paths, not input)


def unknown_entities(kind: Kind, record: object, known: Known) -> Iterator[tuple[tuple, str]]:
    """(path inside the record, id) of every entity it names that is not known (and not an
    echo of an entity that failed on its own); works on a validated record and on the raw
    mapping of one that failed validation."""
    for path in entity_paths(kind.model):
        for loc, value in refs_in(record, path):
            if isinstance(value, str) and value not in known.entities and known.reported("entities", value):
                yield loc, value


def anchor_ref(ref: CitationRef, loc: tuple, file: RecordFile, known: Known, source_text: SourceText) -> Anchor | None:
    """Anchor one excerpt at ``loc``; a problem is recorded on the file if it fails."""
    text = source_text(ref.source)
    if text is None:
        if known.reported("sources", ref.source):
            file.add(loc + ("source",), f"unknown source '{ref.source}'")
        return None
    try:
        return anchor(text, ref.exact, ref.prefix, ref.suffix)
    except AnchorError as exc:
        file.add(loc + ("exact",), f"{exc} (source '{ref.source}')")
        return None


def check_record(kind: Kind, record: BaseModel, loc: tuple, file: RecordFile, known: Known,
                 source_text: SourceText) -> list[Anchor] | None:
    ok = True
    if not all(v is None or v in known.entities for v in _entity_values(kind.model)(record)):
        for path, entity in unknown_entities(kind, record, known):
            file.add(loc + path, _unknown(entity))
        ok = False
    for path, problem in leftovers(record):
        file.add(loc + path, problem)
        ok = False
    field = kind.evidence.field
    verbatim = getattr(record, kind.in_every_excerpt) if kind.in_every_excerpt else None
    anchors: list[Anchor] = []
    refs = getattr(record, field)
    for j, ref in enumerate(refs):
        found = anchor_ref(ref, loc + (field, j), file, known, source_text)
        if found is None:
            ok = False
            continue
        anchors.append(found)
        if verbatim is not None and role_of(ref) in WORD_ROLES and verbatim not in ref.exact:
            file.add(loc + (field, j, "exact"), f"the {kind.name}'s {kind.in_every_excerpt} does not occur in this excerpt")
            ok = False
    if ok:
        for j, problem in misplaced_attributions(refs, anchors, source_text):
            file.add(loc + (field, j, "role"), problem)
            ok = False
    return anchors if ok else None


def _unknown(entity: str) -> str:
    return placeholder() if entity == TODO else f"unknown entity '{entity}'"


def role_of(ref: object) -> str:
    """A citation's role; an excerpt with none (a disagreement's claim) states."""
    return getattr(ref, "role", "states")


_BREAK = re.compile(r"\n\s*")
# How many paragraphs before a stating passage its attribution may stand: a readout quoted as
# a block ("According to the Kremlin's reading of the call:" and three paragraphs), or "the
# PMO said" … "he reiterated" … "the statement added", is read a few paragraphs at a time.
ATTRIBUTION_REACH = 3


def attribution_near(text: str, attribution: tuple[int, int], stating: tuple[int, int]) -> bool:
    """Whether a passage naming the speaker is close enough to the stating passage to be read
    with it: in its paragraph, or in one of the ATTRIBUTION_REACH paragraphs just before it
    (paragraphs are lines)."""
    (a_start, a_end), (s_start, s_end) = attribution, stating
    if a_start < s_start:
        return len(_BREAK.findall(text, min(a_end, s_start), s_start)) <= ATTRIBUTION_REACH
    return _BREAK.search(text, s_end, max(a_start, s_end)) is None


def placed_attributions(text: str, stating: list[tuple[int, int]], attributions: list[tuple[int, int]]) -> set[int]:
    """The indexes of the attributions a reader reaches from a stating passage: each in the
    paragraph of a stating passage or of an attribution already reached, or in one of the
    ATTRIBUTION_REACH paragraphs before it (a chain: "the PMO said" … "the premier" … "he added")."""
    reached: set[int] = set()
    anchors = list(stating)
    grown = True
    while grown:
        grown = False
        for i, span in enumerate(attributions):
            if i not in reached and any(attribution_near(text, span, a) for a in anchors):
                reached.add(i)
                anchors.append(span)
                grown = True
    return reached


def misplaced_attributions(refs: list, anchors: list[Anchor], source_text: SourceText) -> Iterator[tuple[int, str]]:
    """(index, problem) of each ``attributes`` excerpt that a reader does not reach from a
    stating excerpt of the same source (see ``placed_attributions``)."""
    stating: dict[str, list[tuple[int, int]]] = {}
    attributing: dict[str, list[tuple[int, tuple[int, int]]]] = {}
    for j, (ref, found) in enumerate(zip(refs, anchors, strict=True)):
        if role_of(ref) == "states":
            stating.setdefault(ref.source, []).append((found.start, found.end))
        elif role_of(ref) == "attributes":
            attributing.setdefault(ref.source, []).append((j, (found.start, found.end)))
    for source, items in attributing.items():
        if source not in stating:
            for j, _ in items:
                yield j, (f"an 'attributes' excerpt names who spoke for a stating excerpt of the same source, and "
                          f"this fact cites no passage of '{source}' with role 'states'")
            continue
        reached = placed_attributions(source_text(source) or "", stating[source], [span for _, span in items])
        for i, (j, _) in enumerate(items):
            if i not in reached:
                yield j, (f"this 'attributes' excerpt is not in the paragraph of a stating excerpt of '{source}' (or of "
                          f"an attribution leading to one), nor in the {ATTRIBUTION_REACH} paragraphs just before: cite the "
                          "naming passage that a reader reads with it")


def salvage_record(kind: Kind, raw: dict, loc: tuple, file: RecordFile, known: Known,
                   source_text: SourceText) -> None:
    """A record that failed validation still has its excerpts and entities checked, so one
    run reports every problem. Parts that fail validation themselves were reported already."""
    for path, entity in unknown_entities(kind, raw, known):
        file.add(loc + path, _unknown(entity))
    model = kind.evidence.table.model
    assert model is not None
    items = raw.get(kind.evidence.field)
    for j, item in enumerate(items if isinstance(items, list) else []):
        try:
            ref = model.model_validate(item)
        except ValidationError:
            continue
        anchor_ref(ref, loc + (kind.evidence.field, j), file, known, source_text)  # type: ignore[arg-type]

"""Turn validated, anchored records into table rows, in the column order of schema.tables."""
from __future__ import annotations

import json

from ..schema import Agreement, Disagreement, Entity, Meeting, Quote, Source, Statement, precision_of
from ..schema.facts import EventCoded, Fact
from .anchor import Anchor

Rows = dict[str, list[tuple]]


def source_row(source: Source, text: str, digest: str) -> tuple:
    return (
        source.id, source.title, source.publisher, source.url, source.published,
        precision_of(source.published), source.retrieved, source.language, source.kind,
        source.notes, source.file, digest, len(text), 0, 0, text,  # the counts are set by finalize
    )


def entity_rows(entity: Entity) -> Rows:
    return {
        "entities": [(
            entity.id, entity.name, entity.kind, json.dumps(entity.aliases, ensure_ascii=False),
            entity.wikidata, entity.description,
        )],
        "entity_aliases": [(entity.id, alias) for alias in entity.aliases],
    }


def _dated(fact: Fact) -> tuple:
    precision = precision_of(fact.date)
    month = fact.date[:7] if precision in ("month", "day") else None
    return (fact.date, precision, month, fact.date_basis, fact.date_note)


def _coded(fact: EventCoded) -> tuple:
    return (fact.cameo, fact.plover_type, fact.plover_mode)


def _citations(fact_type: str, fact: Fact, anchors: list[Anchor]) -> list[tuple]:
    return [
        (fact_type, fact.id, ref.source, ref.exact, a.prefix, a.suffix, a.start, a.end)
        for ref, a in zip(fact.citations, anchors)
    ]


def fact_rows(fact: Fact, anchors: list[Anchor], record: str) -> Rows:
    """Rows of every table one fact touches. ``anchors`` line up with ``fact.citations``."""
    sources = len({ref.source for ref in fact.citations})
    tail = (sources, record)
    if isinstance(fact, Meeting):
        rows = {
            "meetings": [(fact.id, *_dated(fact), fact.kind, fact.mode, fact.status, fact.place,
                          fact.summary, *_coded(fact), *tail)],
            "meeting_participants": [(fact.id, p.entity, p.role) for p in fact.participants],
        }
    elif isinstance(fact, Statement):
        rows = {"statements": [(fact.id, *_dated(fact), fact.speaker, fact.meeting, fact.summary,
                                *_coded(fact), *tail)]}
    elif isinstance(fact, Agreement):
        rows = {
            "agreements": [(fact.id, *_dated(fact), fact.status, fact.meeting, fact.summary,
                            *_coded(fact), *tail)],
            "agreement_parties": [(fact.id, party) for party in fact.parties],
        }
    elif isinstance(fact, Quote):
        rows = {"quotes": [(fact.id, *_dated(fact), fact.speaker, fact.statement, fact.meeting,
                            fact.text, *tail)]}
    else:  # pragma: no cover - the models are closed
        raise TypeError(type(fact))
    rows["citations"] = _citations(fact.type, fact, anchors)
    return rows


def disagreement_rows(d: Disagreement, anchors: list[Anchor], record: str) -> Rows:
    return {
        "disagreements": [(d.id, d.about.type, d.about.id, d.detail, d.summary, record)],
        "disagreement_claims": [
            (d.id, claim.says, claim.source, claim.exact, a.prefix, a.suffix, a.start, a.end)
            for claim, a in zip(d.claims, anchors)
        ],
    }

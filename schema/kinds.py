"""One declaration per kind of record: its model, its table (columns bound to model fields by
name), its link tables, its evidence, its summary, search columns and facets.

Everything else is derived from these: the DDL and the schema reference (``tables.py``, docs/schema.md), the
rows the build writes, the references and evidence it checks, the derived tables and what
``facts check`` re-derives, and the site's lists. To add a kind of fact, declare it here and
add it to ``KINDS``; to add a column, add it to its table (and a field to its model).
"""
from __future__ import annotations

import hashlib
import json
import typing
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from .base import Record
from .columns import ENTITY_MEANINGS, ITEM, Column, Context, Link, Meaning, Table, kind_name, parent_id
from .dates import precision_of
from .eventcodes import plover_type_sql
from .evidence import REPORTING_ROLES, ROLES, STANCES, CitationRef, Claim, roles_sql
from .facts import Agreement, Fact, Meeting, Quote, Statement
from .ids import Slug, Text
from .refs import EACH, ref_paths

PRECISION_SQL = "CASE length(t.{0}) WHEN 4 THEN 'year' WHEN 7 THEN 'month' WHEN 10 THEN 'day' END"


def _month(fact: Fact, _ctx: Context) -> str | None:
    return fact.date[:7] if fact.date and len(fact.date) >= 7 else None


def dated(what: str) -> tuple[Column, ...]:
    return (
        Column("date", str, f"When the {what} happened: ISO 8601, possibly partial (2021, 2021-04, 2021-08-25).", means="time"),
        Column("date_precision", str, "Precision of date: year, month or day.",
               value=lambda f, _: precision_of(f.date), sql=PRECISION_SQL.format("date")),
        Column("month", str, "YYYY-MM of date when its precision is month or day (for facets and charts).",
               value=_month, sql="CASE WHEN length(t.date) >= 7 THEN substr(t.date, 1, 7) END"),
        Column("date_basis", str, "How the date was derived: stated, relative (resolved against the source's date), inferred, or unknown.", not_null=True),
        Column("date_note", str, "The curator's account of how the date was derived."),
    )


def coded() -> tuple[Column, ...]:
    return (
        Column("cameo", str, "CAMEO event code (e.g. 041 discuss by telephone, 042 make a visit, 057 sign formal agreement)."),
        Column("plover_type", str, "PLOVER event type (CONSULT, AGREE, SUPPORT, …), derived from cameo by the PLOVER codebook's crosswalk.",
               field="plover_type",
               sql=f"CASE WHEN t.cameo IS NULL THEN t.plover_type ELSE {plover_type_sql('t.cameo')} END"),
    )


def tail(kind: str) -> tuple[Column, ...]:
    return (
        Column("source_count", int, "Number of distinct sources that report this fact (citations whose role is "
               + " or ".join(REPORTING_ROLES) + ").", not_null=True,
               value=lambda f, _: len({c.source for c in f.citations if c.role in REPORTING_ROLES}),
               sql="(SELECT count(DISTINCT c.source_id) FROM citations c"
                   f" WHERE c.fact_type = '{kind}' AND c.fact_id = t.id AND c.role IN {roles_sql(REPORTING_ROLES)})"),
        Column("record", str, "Where it is curated: file (under seeds/) and line.", not_null=True,
               value=lambda _, ctx: ctx.record),
        Column("replaces", str, "Ids this fact once had or that were merged into it, as a JSON list: their "
               "addresses redirect here (fact_revisions has their history).", field="replaces",
               value=lambda f, _: json.dumps(f.replaces) if f.replaces else None),
    )


def anchored() -> tuple[Column, ...]:
    """The columns of an excerpt: W3C text quote and position selectors."""
    return (
        Column("source_id", str, "The source document.", field="source", not_null=True),
        Column("exact", str, "The excerpt, verbatim: sources.text[start:end].", not_null=True),
        Column("prefix", str, "Up to 32 characters of the source just before the excerpt.", not_null=True,
               value=lambda _, ctx: ctx.anchor.prefix),
        Column("suffix", str, "Up to 32 characters of the source just after the excerpt.", not_null=True,
               value=lambda _, ctx: ctx.anchor.suffix),
        Column("start", int, "Start offset in sources.text, in Unicode code points, inclusive.", not_null=True,
               value=lambda _, ctx: ctx.anchor.start),
        Column("end", int, "End offset in sources.text, in Unicode code points, exclusive.", not_null=True,
               value=lambda _, ctx: ctx.anchor.end),
    )


# The excerpt fields a curator may give to tell an excerpt apart; the table stores the
# anchor's own 32 characters of context instead.
_HINTS = ("prefix", "suffix")


@dataclass(frozen=True)
class Kind:
    """A kind of record in the fact files: one YAML section, one table, its links, and its
    evidence (excerpts anchored in sources). What its columns and links mean (``Meaning``:
    actor, recipient, place, time, text, summary) is declared on them; everything that reads
    facts without knowing their kind reads these. A record that is not a fact (a
    disagreement) has ``fact=False``."""

    model: type[Record]
    table: Table
    evidence: Link
    links: tuple[Link, ...] = ()
    fact: bool = True

    def __post_init__(self):
        refs = {".".join(p): t for p, t in ref_paths(self.model)}
        object.__setattr__(self, "table", replace(self.table.with_references(refs), model=self.model))
        links = []
        for link in (self.evidence, *self.links):
            prefix = f"{link.field}.{EACH}"
            item_refs = {(".".join(p[2:]) or ITEM): t for p, t in ref_paths(self.model)
                         if ".".join(p[:2]) == prefix}
            links.append(replace(link, table=link.table.with_references(item_refs)))
        object.__setattr__(self, "evidence", links[0])
        object.__setattr__(self, "links", tuple(links[1:]))
        problems = declaration_problems(self)
        if problems:
            raise TypeError("; ".join(problems))

    @property
    def name(self) -> str:
        """The ``type`` of its records: ``meeting``."""
        return self.model.model_fields["type"].default

    @property
    def section(self) -> str:
        """Its section in a YAML fact file, and its table: ``meetings``."""
        return self.table.name

    @property
    def is_fact(self) -> bool:
        return self.fact

    def column_meaning(self, means: Meaning) -> str | None:
        """The name of its own table's column that means ``means``, if any."""
        column = self.table.meaning(means)
        return column.name if column else None

    @property
    def summary(self) -> str | None:
        """The column that gives a fact its one line (in ``facts``, feeds, titles): its
        summary, or else its text (a quote's words)."""
        return self.column_meaning("summary") or self.column_meaning("text")

    @property
    def in_every_excerpt(self) -> str | None:
        """The field whose words every excerpt that holds words must contain
        (``evidence.WORD_ROLES``): the one its ``text`` column reads, if it has one."""
        column = self.table.meaning("text")
        return column.bound if column else None

    def value_meaning(self, record: BaseModel, means: Meaning) -> object:
        """A record's value of the column that means ``means`` (its time, its one line…)."""
        column = self.table.meaning(means)
        return getattr(record, column.bound) if column and column.bound else None

    def entities_meaning(self, record: BaseModel, means: tuple[Meaning, ...] = ENTITY_MEANINGS) -> list[str]:
        """The ids of the entities a record names that mean one of ``means`` to it: its own
        entity columns and its links' rows, as declared."""
        out = []
        for c in self.table.columns:
            if c.means in means and c.bound and getattr(record, c.bound) is not None:
                out.append(getattr(record, c.bound))
        for link in self.entity_links():
            role = link.table.column(link.role_column) if link.role_column else None
            entity = next(c for c in link.table.columns if c.references == "entities.id")
            for item in getattr(record, link.field):
                meaning = (link.means.get(getattr(item, role.bound or "")) if role and isinstance(link.means, Mapping)
                           else link.means)
                if meaning in means:
                    out.append(item if entity.bound == ITEM else getattr(item, entity.bound or ""))
        return out

    def entity_links(self) -> tuple[Link, ...]:
        """Its links whose rows name entities."""
        return tuple(link for link in self.links
                     if any(c.references == "entities.id" for c in link.table.columns))

    @property
    def tables(self) -> tuple[Table, ...]:
        return (self.table, *(link.table for link in self.links))


def _fields(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields)


def _admits_none(model: type[BaseModel], name: str) -> bool:
    return not model.model_fields[name].is_required() and model.model_fields[name].default is None


def declaration_problems(kind: Kind) -> list[str]:
    """Where a kind's model and its tables disagree: a field with no column, a column bound to
    no field, or a NOT NULL that does not match whether the field may be empty."""
    problems = []
    model, table = kind.model, kind.table
    linked = {link.field for link in (kind.evidence, *kind.links)}
    bound = {c.bound.split(".")[0] for c in table.columns if c.bound}
    for name in sorted(_fields(model) - bound - linked - {"type"}):
        problems.append(f"{model.__name__}.{name} has no column in {table.name}")
    for c in table.columns:
        if c.bound and c.bound.split(".")[0] not in _fields(model):
            problems.append(f"{table.name}.{c.name} reads {c.bound!r}, which {model.__name__} has not")
        elif c.bound and "." not in c.bound and c.not_null == _admits_none(model, c.bound):
            problems.append(f"{table.name}.{c.name} is {'NOT NULL' if c.not_null else 'nullable'}, "
                            f"but {model.__name__}.{c.bound} {'may' if c.not_null else 'may not'} be empty")
    for link in (kind.evidence, *kind.links):
        item = _item_model(model, link.field)
        link_bound = {c.bound for c in link.table.columns if c.bound}
        if item is None:
            if ITEM not in link_bound:
                problems.append(f"{link.table.name} has no column for the items of {link.field}")
            continue
        for name in sorted(_fields(item) - link_bound - set(_HINTS)):
            problems.append(f"{item.__name__}.{name} has no column in {link.table.name}")
        for name in sorted(link_bound - _fields(item)):
            problems.append(f"{link.table.name} reads {name!r}, which {item.__name__} has not")
    return problems + meaning_problems(kind)


def meaning_problems(kind: Kind) -> list[str]:
    """Where what a kind's columns mean is missing or ambiguous: an entity column or link
    that does not say what its entities are, a meaning given twice, a fact with no line."""
    problems = []
    table = kind.table
    for c in table.columns:
        if c.references == "entities.id" and c.means not in ENTITY_MEANINGS:
            problems.append(f"{table.name}.{c.name} names an entity: say what it is to the fact "
                            f"(means= one of {', '.join(ENTITY_MEANINGS)})")
        elif c.means in ENTITY_MEANINGS and c.references != "entities.id":
            problems.append(f"{table.name}.{c.name} means {c.means!r} but names no entity")
    for means in ("time", "text", "summary"):
        if sum(c.means == means for c in table.columns) > 1:
            problems.append(f"{table.name} has more than one column that means {means!r}")
    if kind.fact and kind.summary is None:
        problems.append(f"{table.name} has no column that means 'summary' or 'text': a fact needs its one line")
    if kind.fact and kind.summary and kind.summary not in table.fts:
        problems.append(f"{table.name}.{kind.summary} is a fact's one line, which search shows: put it in fts")
    if kind.fact and table.meaning("time") is None:
        problems.append(f"{table.name} has no column that means 'time'")
    for link in kind.entity_links():
        name = link.table.name
        if link.means is None:
            problems.append(f"{name} names entities: say what they are to the fact (means=)")
        elif isinstance(link.means, str):
            if link.means not in ENTITY_MEANINGS:
                problems.append(f"{name} means {link.means!r}: its entities are one of {', '.join(ENTITY_MEANINGS)}")
        else:
            if link.role_column not in link.table.column_names:
                problems.append(f"{name} gives a meaning per role but no role_column of its own")
                continue
            item = _item_model(kind.model, link.field)
            column = link.table.column(link.role_column)
            roles = set(typing.get_args(item.model_fields[column.bound].annotation)) if item and column.bound else set()
            if roles != set(link.means):
                problems.append(f"{name}: meanings are given for the roles {sorted(link.means)}, "
                                f"but its roles are {sorted(roles)}")
            bad = sorted(m for m in link.means.values() if m not in ENTITY_MEANINGS)
            if bad:
                problems.append(f"{name} means {bad}: its entities are one of {', '.join(ENTITY_MEANINGS)}")
    return problems


def _item_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    (arg,) = typing.get_args(model.model_fields[name].annotation) or (None,)
    return arg if isinstance(arg, type) and issubclass(arg, BaseModel) else None


def citation_id(kind: str, fact_id: str, source_id: str, start: int, end: int) -> str:
    """A citation's id, derived from what it is (the fact, the source, the span): the same in
    every build of the same evidence, so links to it survive rebuilds. Ten characters of
    base32 (50 bits), lower case: URL-safe and short."""
    digest = hashlib.sha256(f"{kind}\x1f{fact_id}\x1f{source_id}\x1f{start}\x1f{end}".encode()).digest()
    # base32 (RFC 4648, lower case) of the digest's first 50 bits, ten bits at a time; the
    # same characters as base64.b32encode(digest)[:10] (a test holds them equal), in a fifth of its time
    bits = int.from_bytes(digest[:7], "big") >> 6
    return (_BASE32_PAIRS[bits >> 40] + _BASE32_PAIRS[bits >> 30 & 1023] + _BASE32_PAIRS[bits >> 20 & 1023]
            + _BASE32_PAIRS[bits >> 10 & 1023] + _BASE32_PAIRS[bits & 1023])


_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"
_BASE32_PAIRS = tuple(a + b for a in _BASE32 for b in _BASE32)  # two characters for each ten bits


def citations_table() -> Table:
    return Table(
        "citations", "The evidence: one row per excerpt of a source supporting a fact (W3C text quote and position selectors).",
        (
            Column("id", str, "Stable id, derived from the fact, the source and the span: links to the excerpt survive rebuilds.",
                   not_null=True,
                   value=lambda c, ctx: citation_id(ctx.kind, ctx.fact.id, c.source, ctx.anchor.start, ctx.anchor.end),
                   sql="citation_id(t.fact_type, t.fact_id, t.source_id, t.start, t.[end])"),
            Column("fact_type", str, "Kind of the fact, as in facts.type.", not_null=True,
                   value=kind_name),
            Column("fact_id", str, "Id of the fact in the table of its kind.", not_null=True, value=parent_id),
            Column("role", str, "What the excerpt does for its fact: " + "; ".join(
                f"{r.name}: {r.description}" for r in ROLES), not_null=True),
            *anchored(),
        ),
        pk="id", indexes=(("fact_type", "fact_id"), ("fact_id",), ("source_id", "start")),
        facets=("fact_type", "role", "source_id"), sort="fact_id", model=CitationRef,
    )


CITATIONS = Link("citations", citations_table())


MEETING = Kind(
    Meeting,
    Table(
        "meetings", "Phone calls, visits, summits and meetings: held, planned, proposed or cancelled.",
        (
            Column("id", str, "Readable slug of the meeting.", not_null=True),
            *dated("meeting"),
            Column("kind", str, "phone-call, visit, summit, meeting or talks.", not_null=True),
            Column("mode", str, "phone, visit, third-party, multilateral, or unknown where the sources do not say.", not_null=True),
            Column("status", str, "held; planned (scheduled); proposed (offered or invited, nothing scheduled); cancelled.", not_null=True),
            Column("place_id", str, "Where it took place, where stated.", field="place", means="place"),
            Column("summary", str, "One line on the meeting.", not_null=True, means="summary"),
            *coded(),
            Column("plover_mode", str, "PLOVER mode: for CONSULT, the meeting's mode (phone, visit, third-party, multilateral), where known.",
                   value=lambda m, _: m.mode if m.plover_type == "CONSULT" and m.mode != "unknown" else None,
                   sql="CASE WHEN t.plover_type = 'CONSULT' AND t.mode != 'unknown' THEN t.mode END"),
            *tail("meeting"),
        ),
        # (kind, mode, date): a page filtered by both facet values counts its rows from the index
        # alone and lists them in date order
        pk="id", indexes=(("date",), ("month",), ("kind", "mode", "date"), ("mode",), ("place_id",), ("source_count",)),
        fts=("summary",), label_column="summary", sort="date", facets=("kind", "mode", "month"),
    ),
    CITATIONS,
    links=(Link("participants", Table(
        "meeting_participants", "Who took part in each meeting, and in what role.",
        (
            Column("meeting_id", str, "The meeting.", not_null=True, value=parent_id, references="meetings.id"),
            Column("entity_id", str, "The participant.", not_null=True, field="entity"),
            Column("role", str, "caller, called, visitor, host, participant or chair.", not_null=True),
        ),
        pk=("meeting_id", "entity_id", "role"), indexes=(("entity_id",),), facets=("role", "entity_id"),
    ), role_column="role", means={"caller": "actor", "visitor": "actor", "participant": "actor", "chair": "actor",
                                   "called": "recipient", "host": "recipient"}),),
)

STATEMENT = Kind(
    Statement,
    Table(
        "statements", "Positions an actor took, paraphrased in one sentence; official readouts are statements by their issuer.",
        (
            Column("id", str, "Readable slug of the statement.", not_null=True),
            *dated("statement"),
            Column("speaker_id", str, "Who made the statement.", not_null=True, field="speaker", means="actor"),
            Column("meeting_id", str, "The meeting it was made in, if any.", field="meeting"),
            Column("summary", str, "The position, paraphrased faithfully in one sentence.", not_null=True, means="summary"),
            *coded(),
            *tail("statement"),
        ),
        pk="id", indexes=(("date",), ("month",), ("speaker_id",), ("meeting_id",), ("source_count",)),
        fts=("summary",), label_column="summary", sort="date", facets=("speaker_id", "month"),
    ),
    CITATIONS,
)

AGREEMENT = Kind(
    Agreement,
    Table(
        "agreements", "What parties agreed, reached or signed.",
        (
            Column("id", str, "Readable slug of the agreement.", not_null=True),
            *dated("agreement"),
            Column("status", str, "reached, signed or announced.", not_null=True),
            Column("meeting_id", str, "The meeting where it was reached, if any.", field="meeting"),
            Column("summary", str, "What was agreed, in one sentence.", not_null=True, means="summary"),
            *coded(),
            *tail("agreement"),
        ),
        pk="id", indexes=(("date",), ("month",), ("meeting_id",), ("source_count",)),
        fts=("summary",), label_column="summary", sort="date", facets=("status", "month"),
    ),
    CITATIONS,
    links=(Link("parties", Table(
        "agreement_parties", "The parties to each agreement.",
        (
            Column("agreement_id", str, "The agreement.", not_null=True, value=parent_id, references="agreements.id"),
            Column("entity_id", str, "A party.", not_null=True, field=ITEM),
        ),
        pk=("agreement_id", "entity_id"), indexes=(("entity_id",),), facets=("entity_id",),
    ), role="party", means="actor"),),
)

QUOTE = Kind(
    Quote,
    Table(
        "quotes", "Words the sources put in quotation marks and attribute, verbatim as printed.",
        (
            Column("id", str, "Readable slug of the quote.", not_null=True),
            *dated("quote"),
            Column("speaker_id", str, "Who the source says spoke the words.", not_null=True, field="speaker", means="actor"),
            Column("statement_id", str, "The statement the quote belongs to, if any.", field="statement"),
            Column("meeting_id", str, "The meeting it was said in, if any.", field="meeting"),
            Column("text", str, "The quoted words, verbatim; found in every excerpt that states or echoes them.", not_null=True,
                   means="text"),
            *tail("quote"),
        ),
        pk="id", indexes=(("date",), ("month",), ("speaker_id",), ("statement_id",), ("meeting_id",), ("source_count",)),
        fts=("text",), label_column="text", sort="date", facets=("speaker_id", "month"),
    ),
    CITATIONS,
)

# The kinds of fact, in the order the site lists them.
KINDS: tuple[Kind, ...] = (MEETING, STATEMENT, AGREEMENT, QUOTE)
KINDS_BY_NAME = {k.name: k for k in KINDS}
KINDS_BY_TABLE = {k.table.name: k for k in KINDS}


class FactRef(Record):
    type: str
    id: Slug

    @field_validator("type")
    @classmethod
    def _a_kind(cls, value: str) -> str:
        if value not in KINDS_BY_NAME:
            raise ValueError(f"unknown kind of fact {value!r} (expected {', '.join(KINDS_BY_NAME)})")
        return value


class Disagreement(Record):
    """Sources that disagree on a detail of one fact: each side keeps its excerpt."""

    type: Literal["disagreement"] = "disagreement"
    id: Slug
    about: FactRef
    detail: Text = Field(description="What is disputed: 'date', 'caller', 'wording'…")
    summary: Text
    claims: list[Claim] = Field(min_length=2)


DISAGREEMENT = Kind(
    Disagreement,
    Table(
        "disagreements", "Details on which sources disagree about a fact; each side's evidence is in disagreement_claims.",
        (
            Column("id", str, "Readable slug of the disagreement.", not_null=True),
            Column("fact_type", str, "Kind of the fact in dispute.", not_null=True, field="about.type"),
            Column("fact_id", str, "Id of the fact in dispute.", not_null=True, field="about.id"),
            Column("detail", str, "What is disputed (date, caller, wording…).", not_null=True),
            Column("summary", str, "The disagreement in one line.", not_null=True),
            Column("record", str, "Where it is curated: file (under seeds/) and line.", not_null=True,
                   value=lambda _, ctx: ctx.record),
        ),
        pk="id", indexes=(("fact_type", "fact_id"),), label_column="summary", facets=("detail", "fact_type"),
    ),
    Link("claims", Table(
        "disagreement_claims", "What each source says about a disputed detail, with its excerpt.",
        (
            Column("id", str, "Stable id, derived from the disagreement, the source and the span.", not_null=True,
                   value=lambda c, ctx: citation_id(ctx.kind, ctx.fact.id, c.source, ctx.anchor.start, ctx.anchor.end),
                   sql="citation_id('disagreement', t.disagreement_id, t.source_id, t.start, t.[end])"),
            Column("disagreement_id", str, "The disagreement.", not_null=True, value=parent_id,
                   references="disagreements.id"),
            Column("says", str, "The source's version of the detail.", not_null=True),
            Column("stance", str, "; ".join(f"{k}: {v}" for k, v in STANCES.items()) + ".", not_null=True),
            *anchored(),
        ),
        pk="id", indexes=(("disagreement_id",), ("source_id",)), model=Claim,
    )),
    fact=False,
)

# Every kind of record a fact file holds, each in its own section.
RECORD_KINDS: tuple[Kind, ...] = (*KINDS, DISAGREEMENT)
RECORD_KINDS_BY_TABLE = {k.table.name: k for k in RECORD_KINDS}

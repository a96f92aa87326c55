"""The public SQL schema of ``facts.db``: every table and column, with its meaning.

Users write SQL against these names, so they are a stable interface. The tables of the kinds
of fact come from their declarations in ``kinds.py``; the others are declared here. The build
creates the tables from this module, the Datasette plugin takes its descriptions from it, and
the schema reference (docs/schema.md) is generated from it (``facts schema``) and checked by a test.
"""
from __future__ import annotations

import json

from pydantic import BaseModel

from .columns import Column, Table
from .dates import precision_of
from .entities import Entity
from .evidence import REPORTING_ROLES, roles_sql
from .history import FACT_REVISIONS
from .kinds import DISAGREEMENT, KINDS, PRECISION_SQL
from .naming import link_role_parts, own_role_parts
from .refs import ref_paths
from .sources import Source
from .sqltext import ident

SOURCES = Table(
    "sources", "The source documents, stored verbatim with their SHA-256: the evidence.",
    (
        Column("id", str, "Readable slug of the source.", not_null=True),
        Column("title", str, "Title as the document shows it.", not_null=True),
        Column("publisher", str, "Publisher, where the document shows it or it is known for certain."),
        Column("author", str, "Byline, where the published article shows one."),
        Column("url", str, "Address of the published article, where verified."),
        Column("published", str, "Publication date, possibly partial."),
        Column("published_precision", str, "Precision of published: year, month or day.",
               value=lambda s, _: precision_of(s.published), sql=PRECISION_SQL.format("published")),
        Column("retrieved", str, "Date the document, or its published address, was last checked against this copy."),
        Column("language", str, "Language of the text (BCP 47).", not_null=True),
        Column("kind", str, "news-report, analysis, official-readout, press-release, transcript or other.", not_null=True),
        Column("notes", str, "What a reader should know: machine translation, page boilerplate, unknowns."),
        Column("file", str, "Path of the document under seeds/sources/.", not_null=True),
        Column("sha256", str, "SHA-256 of the document's bytes (UTF-8 of text).", not_null=True),
        Column("length", int, "Length of text in Unicode code points.", not_null=True,
               value=lambda _, ctx: len(ctx.text), sql="length(t.text)"),
        Column("fact_count", int, "Number of facts this source reports (cites with a role that reports; build-time aggregate).", not_null=True,
               sql="(SELECT count(DISTINCT c.fact_type || ' ' || c.fact_id) FROM citations c WHERE c.source_id = t.id"
                   f" AND c.role IN {roles_sql(REPORTING_ROLES)})"),
        Column("citation_count", int, "Number of citations into this source (build-time aggregate).", not_null=True,
               sql="(SELECT count(*) FROM citations c WHERE c.source_id = t.id)"),
        # Last, so that reading any other column never walks the text's overflow pages.
        Column("text", str, "The full text, never edited: citations point into it.", not_null=True,
               value=lambda _, ctx: ctx.text),
    ),
    pk="id", indexes=(("published",), ("publisher",), ("fact_count",)), fts=("title", "text"),
    label_column="title", sort="id", facets=("publisher", "kind", "language"), page_size=10, model=Source,
)

ENTITIES = Table(
    "entities", "People, organizations, countries, places and diplomatic formats.",
    (
        Column("id", str, "Readable slug of the entity.", not_null=True),
        Column("name", str, "Preferred name.", not_null=True),
        Column("kind", str, "person, organization, country, place or format.", not_null=True),
        Column("aliases", str, "JSON list of the other names the sources use, misspellings included.",
               value=lambda e, _: json.dumps(e.aliases, ensure_ascii=False)),
        Column("wikidata", str, "Wikidata id (Q…), only where certain."),
        Column("country", str, "ISO 3166-1 alpha-3 code of the state it is or represents (PAK, RUS), "
               "only where the sources make it clear."),
        Column("description", str, "One line on who or what this is."),
    ),
    pk="id", indexes=(("kind",), ("wikidata",)), fts=("name", "aliases"),
    label_column="name", sort="name", facets=("kind",), model=Entity,
)

ENTITY_ALIASES = Table(
    "entity_aliases", "One row per name variant of an entity, for joins and lookups (derived at build time from entities.aliases).",
    (
        Column("entity_id", str, "The entity.", references="entities.id", not_null=True),
        Column("alias", str, "A name the sources use for it.", not_null=True),
    ),
    pk=("entity_id", "alias"), indexes=(("alias",),),
    derive=("SELECT e.id AS entity_id, j.value AS alias FROM entities e, json_each(e.aliases) j",),
)

FACTS = Table(
    "facts", "Every fact of every kind in one table, for timelines, charts and facets (derived at build time).",
    (
        Column("type", str, "Kind of fact: " + ", ".join(k.name for k in KINDS) + ".", not_null=True),
        Column("id", str, "Id of the fact in the table of its kind.", not_null=True),
        Column("date", str, "Date, possibly partial."),
        Column("date_precision", str, "year, month or day."),
        Column("date_basis", str, "stated, relative, inferred or unknown: how certain the date is.", not_null=True),
        Column("month", str, "YYYY-MM where the precision allows."),
        Column("summary", str, "One line: the summary, or a quote's text.", not_null=True),
        Column("source_count", int, "Number of distinct sources that report the fact.", not_null=True),
    ),
    # a month's facts in date order (``?month=``), and a month's facts of one kind with their
    # counts by source_count read from the index alone (``?type=…&month=…``)
    pk=("type", "id"), indexes=(("date",), ("type", "date"), ("month", "date"), ("month", "type", "date", "source_count"),
                                ("source_count", "type"), ("id",)),
    sort="date", facets=("type", "month", "source_count"),
    derive=tuple(
        f"SELECT '{k.name}' AS type, id, {ident(k.column_meaning('time') or '')} AS date, date_precision, date_basis, month,"
        f" {ident(k.summary or '')} AS summary, source_count FROM {ident(k.table.name)}" for k in KINDS
    ),
)

TIMELINE = Table(
    "timeline", "Number of facts of each kind per month (derived at build time; facts dated only to a year are left out).",
    (
        Column("month", str, "YYYY-MM.", not_null=True),
        Column("type", str, "Kind of fact.", not_null=True),
        Column("facts", int, "Number of facts.", not_null=True),
    ),
    pk=("month", "type"),
    derive=("SELECT month, type, count(*) AS facts FROM facts WHERE month IS NOT NULL GROUP BY month, type",),
)

MEETING_PAIRS = Table(
    "meeting_pairs", "Each pair of entities that took part in the same meetings (derived at build time).",
    (
        Column("entity_a", str, "One participant (the smaller id).", references="entities.id", not_null=True),
        Column("entity_b", str, "The other participant.", references="entities.id", not_null=True),
        Column("meetings", int, "Number of meetings they shared, held or not.", not_null=True),
        Column("held", int, "How many of those took place (status held); the others were planned, proposed or cancelled.", not_null=True),
        Column("kinds", str, "Kinds of those meetings, comma-separated.", not_null=True),
        Column("first", str, "Date of the first."),
        Column("last", str, "Date of the last."),
    ),
    pk=("entity_a", "entity_b"), indexes=(("entity_b",), ("meetings",)),
    # per kind first, in the order of the kinds, so that ``kinds`` depends on nothing but the
    # meetings (not on the order rows were written: a full and an incremental build agree)
    derive=("""SELECT entity_a, entity_b, sum(meetings) AS meetings, sum(held) AS held, group_concat(kind) AS kinds,
       min(first) AS first, max(last) AS last
FROM (SELECT a.entity_id AS entity_a, b.entity_id AS entity_b, m.kind AS kind, count(*) AS meetings,
             sum(m.status = 'held') AS held, min(m.date) AS first, max(m.date) AS last
      FROM meeting_participants a
      JOIN meeting_participants b ON b.meeting_id = a.meeting_id AND b.entity_id > a.entity_id
      JOIN meetings m ON m.id = a.meeting_id
      GROUP BY a.entity_id, b.entity_id, m.kind ORDER BY a.entity_id, b.entity_id, m.kind)
GROUP BY entity_a, entity_b""",),
)



def _entity_facts() -> Table:
    """Every fact naming each entity, from every way a fact names it (a fact naming it twice,
    in two roles, once)."""
    parts = []
    for k in KINDS:
        naming = " UNION ".join(f"SELECT fact_id, entity_id FROM ({part})" for part in (*link_role_parts(k), *own_role_parts(k)))
        parts.append(f"SELECT r.entity_id AS entity_id, '{k.name}' AS type, f.id AS id,"
                     f" f.{ident(k.column_meaning('time') or '')} AS date FROM ({naming}) r JOIN {ident(k.table.name)} f ON f.id = r.fact_id")
    return Table(
        "entity_facts", "Each fact naming each entity, in any role, with its date (derived at build time): an entity's "
        "page reads a page of its facts of a kind here, in date order, instead of every fact that names it.",
        (
            Column("entity_id", str, "The entity.", references="entities.id", not_null=True),
            Column("type", str, "Kind of fact.", not_null=True),
            Column("id", str, "Id of the fact in the table of its kind.", not_null=True),
            Column("date", str, "Its date, possibly partial."),
        ),
        pk=("entity_id", "type", "id"), indexes=(("entity_id", "type", "date", "id"),),
        derive=tuple(parts),
    )


def _entity_months() -> Table:
    return Table(
        "entity_months", "Number of facts naming each entity, by kind and month (derived at build time from entity_facts): "
        "an entity's page reads its counts, its pages and its timeline here instead of counting its facts.",
        (
            Column("entity_id", str, "The entity.", references="entities.id", not_null=True),
            Column("type", str, "Kind of fact.", not_null=True),
            Column("period", str, "YYYY-MM; the year alone for facts dated only to a year; empty for undated facts"
                   " (in that order, it sorts as the facts' dates do).", not_null=True),
            Column("facts", int, "Number of facts of that kind and period naming the entity (in any role).", not_null=True),
        ),
        pk=("entity_id", "type", "period"),
        derive=("SELECT entity_id, type, coalesce(substr(date, 1, 7), '') AS period, count(*) AS facts FROM entity_facts"
                " GROUP BY entity_id, type, coalesce(substr(date, 1, 7), '')",),
    )


ENTITY_FACTS = _entity_facts()
ENTITY_MONTHS = _entity_months()

BUILD_INFO = Table(
    "build_info", "How this database was built: when (built_at, UTC), the digests of the seeds and of the code, and counts.",
    (
        Column("key", str, "Name.", not_null=True),
        Column("value", str, "Value.", not_null=True),
    ),
    pk="key",
)


def _facet_counts(tables: tuple[Table, ...]) -> Table:
    return Table(
        "facet_counts", "Value counts of every faceted column over its whole table (derived at build time): the site reads these instead of counting on each request.",
        (
            Column("table_name", str, "Table.", not_null=True),
            Column("column_name", str, "Column.", not_null=True),
            Column("value", str, "A value of the column (as text).", not_null=True),
            Column("count", int, "Rows with that value.", not_null=True),
        ),
        pk=("table_name", "column_name", "value"), indexes=(("table_name", "column_name", "count"),),
        derive=tuple(
            f"SELECT '{t.name}' AS table_name, '{c}' AS column_name, CAST({ident(c)} AS TEXT) AS value, count(*) AS count"
            f" FROM {ident(t.name)} WHERE {ident(c)} IS NOT NULL GROUP BY {ident(c)}"
            for t in tables for c in t.facets
        ),
    )


def _facet_pair_counts(tables: tuple[Table, ...]) -> Table:
    return Table(
        "facet_pair_counts", "Value counts of each faceted column among the rows with one value of another faceted column "
        "(derived at build time): a page filtered by one facet value reads these instead of counting on each request.",
        (
            Column("table_name", str, "Table.", not_null=True),
            Column("filter_column", str, "The column the page is filtered on.", not_null=True),
            Column("filter_value", str, "The value it is filtered to (as text).", not_null=True),
            Column("column_name", str, "The faceted column.", not_null=True),
            Column("value", str, "A value of it (as text).", not_null=True),
            Column("count", int, "Rows with both values.", not_null=True),
        ),
        pk=("table_name", "filter_column", "filter_value", "column_name", "value"),
        indexes=(("table_name", "filter_column", "filter_value", "column_name", "count"),),
        derive=tuple(
            f"SELECT '{t.name}' AS table_name, '{f}' AS filter_column, CAST({ident(f)} AS TEXT) AS filter_value,"
            f" '{c}' AS column_name, CAST({ident(c)} AS TEXT) AS value, count(*) AS count"
            f" FROM {ident(t.name)} WHERE {ident(f)} IS NOT NULL AND {ident(c)} IS NOT NULL GROUP BY {ident(f)}, {ident(c)}"
            for t in tables for f in t.facets for c in t.facets if f != c
        ),
    )


def _sources_and_entities() -> tuple[Table, Table]:
    """The registries' tables, with references from their models (none today)."""
    return SOURCES.with_references(_refs(Source)), ENTITIES.with_references(_refs(Entity))


def _refs(model: type[BaseModel]) -> dict[str, str]:
    return {".".join(path): target for path, target in ref_paths(model)}


def _all() -> tuple[Table, ...]:
    fact_tables = [t for kind in KINDS for t in kind.tables]
    recorded = (*fact_tables, KINDS[0].evidence.table, *DISAGREEMENT.tables, DISAGREEMENT.evidence.table)
    base = (*_sources_and_entities(), ENTITY_ALIASES, *recorded, FACTS, TIMELINE, MEETING_PAIRS, ENTITY_FACTS, ENTITY_MONTHS, FACT_REVISIONS)
    return (*base, _facet_counts(base), _facet_pair_counts(base), BUILD_INFO)


TABLES: tuple[Table, ...] = _all()
TABLES_BY_NAME = {t.name: t for t in TABLES}
# Derived tables in the order they are filled: each may read those before it.
DERIVED = tuple(t for t in TABLES if t.derived)

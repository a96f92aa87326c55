"""The public SQL schema of ``facts.db``: every table and column, with its meaning.

Users write SQL against these names, so they are a stable interface. The build creates the
tables from this module, the Datasette plugin takes its descriptions from it, and the README's
schema section is generated from it (``facts schema``) and checked by a test.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    type: type
    description: str
    references: str | None = None  # "table.column"
    not_null: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    pk: str | tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()
    fts: tuple[str, ...] = ()
    label_column: str | None = None
    sort: str | None = None
    facets: tuple[str, ...] = field(default=())
    derived: bool = False  # filled from the other tables when the build finishes
    page_size: int | None = None  # rows per page on the site, where the default is too many

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _dated(what: str) -> tuple[Column, ...]:
    return (
        Column("date", str, f"When the {what} happened: ISO 8601, possibly partial (2021, 2021-04, 2021-08-25)."),
        Column("date_precision", str, "Precision of date: year, month or day."),
        Column("month", str, "YYYY-MM of date when its precision is month or day (for facets and charts)."),
        Column("date_basis", str, "How the date was derived: stated, relative (resolved against the source's date), inferred, or unknown.", not_null=True),
        Column("date_note", str, "The curator's account of how the date was derived."),
    )


def _coded() -> tuple[Column, ...]:
    return (
        Column("cameo", str, "CAMEO event code (e.g. 041 discuss by telephone, 042 make a visit, 057 sign formal agreement)."),
        Column("plover_type", str, "PLOVER event type (CONSULT, AGREE, COOPERATE, …)."),
        Column("plover_mode", str, "PLOVER mode (for CONSULT: phone, visit, third-party, multilateral)."),
    )


def _tail() -> tuple[Column, ...]:
    return (
        Column("source_count", int, "Number of distinct sources citing this fact.", not_null=True),
        Column("record", str, "Where the fact is curated: seeds file and line.", not_null=True),
    )


def _anchored() -> tuple[Column, ...]:
    return (
        Column("source_id", str, "The source document.", references="sources.id", not_null=True),
        Column("exact", str, "The excerpt, verbatim: sources.text[start:end].", not_null=True),
        Column("prefix", str, "Up to 32 characters of the source just before the excerpt.", not_null=True),
        Column("suffix", str, "Up to 32 characters of the source just after the excerpt.", not_null=True),
        Column("start", int, "Start offset in sources.text, in Unicode code points, inclusive.", not_null=True),
        Column("end", int, "End offset in sources.text, in Unicode code points, exclusive.", not_null=True),
    )


TABLES: tuple[Table, ...] = (
    Table(
        "sources", "The source documents, stored verbatim with their SHA-256: the evidence.",
        (
            Column("id", str, "Readable slug of the source.", not_null=True),
            Column("title", str, "Title as the document shows it.", not_null=True),
            Column("publisher", str, "Publisher, where the document shows it or it is known for certain."),
            Column("url", str, "Address of the document, where known."),
            Column("published", str, "Publication date, possibly partial."),
            Column("published_precision", str, "Precision of published: year, month or day."),
            Column("retrieved", str, "Date the document was retrieved, where known."),
            Column("language", str, "Language of the text (BCP 47).", not_null=True),
            Column("kind", str, "news-report, analysis, official-readout, press-release, transcript or other.", not_null=True),
            Column("notes", str, "What a reader should know: machine translation, page boilerplate, unknowns."),
            Column("file", str, "Path of the document under seeds/sources/.", not_null=True),
            Column("sha256", str, "SHA-256 of the document's bytes (UTF-8 of text).", not_null=True),
            Column("length", int, "Length of text in Unicode code points.", not_null=True),
            Column("fact_count", int, "Number of facts this source supports (build-time aggregate).", not_null=True),
            Column("citation_count", int, "Number of citations into this source (build-time aggregate).", not_null=True),
            # Last, so that reading any other column never walks the text's overflow pages.
            Column("text", str, "The full text, never edited: citations point into it.", not_null=True),
        ),
        pk="id", indexes=(("published",), ("publisher",), ("fact_count",)), fts=("title", "text"),
        label_column="title", sort="id", facets=("publisher", "kind", "language"), page_size=10,
    ),
    Table(
        "entities", "People, organizations, countries, places and diplomatic formats.",
        (
            Column("id", str, "Readable slug of the entity.", not_null=True),
            Column("name", str, "Preferred name.", not_null=True),
            Column("kind", str, "person, organization, country, place or format.", not_null=True),
            Column("aliases", str, "JSON list of the other names the sources use, misspellings included."),
            Column("wikidata", str, "Wikidata id (Q…), only where certain."),
            Column("description", str, "One line on who or what this is."),
        ),
        pk="id", indexes=(("kind",), ("wikidata",)), fts=("name", "aliases"),
        label_column="name", sort="name", facets=("kind",),
    ),
    Table(
        "entity_aliases", "One row per name variant of an entity, for joins and lookups.",
        (
            Column("entity_id", str, "The entity.", references="entities.id", not_null=True),
            Column("alias", str, "A name the sources use for it.", not_null=True),
        ),
        pk=("entity_id", "alias"), indexes=(("alias",),),
    ),
    Table(
        "meetings", "Phone calls, visits, summits and meetings, held or planned.",
        (
            Column("id", str, "Readable slug of the meeting.", not_null=True),
            *_dated("meeting"),
            Column("kind", str, "phone-call, visit, summit, meeting or talks.", not_null=True),
            Column("mode", str, "phone, visit, third-party or multilateral.", not_null=True),
            Column("status", str, "held or planned.", not_null=True),
            Column("place_id", str, "Where it took place, where stated.", references="entities.id"),
            Column("summary", str, "One line on the meeting.", not_null=True),
            *_coded(),
            *_tail(),
        ),
        pk="id", indexes=(("date",), ("month",), ("kind",), ("mode",), ("place_id",), ("source_count",)),
        fts=("summary",), label_column="summary", sort="date", facets=("kind", "mode", "month"),
    ),
    Table(
        "meeting_participants", "Who took part in each meeting, and in what role.",
        (
            Column("meeting_id", str, "The meeting.", references="meetings.id", not_null=True),
            Column("entity_id", str, "The participant.", references="entities.id", not_null=True),
            Column("role", str, "caller, called, visitor, host, participant or chair.", not_null=True),
        ),
        pk=("meeting_id", "entity_id", "role"), indexes=(("entity_id",),), facets=("role", "entity_id"),
    ),
    Table(
        "statements", "Positions an actor took, paraphrased in one sentence; official readouts are statements by their issuer.",
        (
            Column("id", str, "Readable slug of the statement.", not_null=True),
            *_dated("statement"),
            Column("speaker_id", str, "Who made the statement.", references="entities.id", not_null=True),
            Column("meeting_id", str, "The meeting it was made in, if any.", references="meetings.id"),
            Column("summary", str, "The position, paraphrased faithfully in one sentence.", not_null=True),
            *_coded(),
            *_tail(),
        ),
        pk="id", indexes=(("date",), ("month",), ("speaker_id",), ("meeting_id",), ("source_count",)),
        fts=("summary",), label_column="summary", sort="date", facets=("speaker_id", "month"),
    ),
    Table(
        "agreements", "What parties agreed, reached or signed.",
        (
            Column("id", str, "Readable slug of the agreement.", not_null=True),
            *_dated("agreement"),
            Column("status", str, "reached, signed or announced.", not_null=True),
            Column("meeting_id", str, "The meeting where it was reached, if any.", references="meetings.id"),
            Column("summary", str, "What was agreed, in one sentence.", not_null=True),
            *_coded(),
            *_tail(),
        ),
        pk="id", indexes=(("date",), ("month",), ("meeting_id",), ("source_count",)),
        fts=("summary",), label_column="summary", sort="date", facets=("status", "month"),
    ),
    Table(
        "agreement_parties", "The parties to each agreement.",
        (
            Column("agreement_id", str, "The agreement.", references="agreements.id", not_null=True),
            Column("entity_id", str, "A party.", references="entities.id", not_null=True),
        ),
        pk=("agreement_id", "entity_id"), indexes=(("entity_id",),), facets=("entity_id",),
    ),
    Table(
        "quotes", "Words the sources put in quotation marks and attribute, verbatim as printed.",
        (
            Column("id", str, "Readable slug of the quote.", not_null=True),
            *_dated("quote"),
            Column("speaker_id", str, "Who the source says spoke the words.", references="entities.id", not_null=True),
            Column("statement_id", str, "The statement the quote belongs to, if any.", references="statements.id"),
            Column("meeting_id", str, "The meeting it was said in, if any.", references="meetings.id"),
            Column("text", str, "The quoted words, verbatim; found in every citing excerpt.", not_null=True),
            *_tail(),
        ),
        pk="id", indexes=(("date",), ("month",), ("speaker_id",), ("statement_id",), ("meeting_id",), ("source_count",)),
        fts=("text",), label_column="text", sort="date", facets=("speaker_id", "month"),
    ),
    Table(
        "citations", "The evidence: one row per excerpt of a source supporting a fact (W3C text quote and position selectors).",
        (
            Column("id", int, "Citation number.", not_null=True),
            Column("fact_type", str, "meeting, statement, agreement or quote.", not_null=True),
            Column("fact_id", str, "Id of the fact in the table of its type.", not_null=True),
            *_anchored(),
        ),
        pk="id", indexes=(("fact_type", "fact_id"), ("fact_id",), ("source_id", "start")),
        facets=("fact_type", "source_id"), sort="id",
    ),
    Table(
        "disagreements", "Details on which sources disagree about a fact; each side's evidence is in disagreement_claims.",
        (
            Column("id", str, "Readable slug of the disagreement.", not_null=True),
            Column("fact_type", str, "Type of the fact in dispute.", not_null=True),
            Column("fact_id", str, "Id of the fact in dispute.", not_null=True),
            Column("detail", str, "What is disputed (date, caller, wording…).", not_null=True),
            Column("summary", str, "The disagreement in one line.", not_null=True),
            Column("record", str, "Where it is curated: seeds file and line.", not_null=True),
        ),
        pk="id", indexes=(("fact_type", "fact_id"),), label_column="summary", facets=("detail", "fact_type"),
    ),
    Table(
        "disagreement_claims", "What each source says about a disputed detail, with its excerpt.",
        (
            Column("id", int, "Claim number.", not_null=True),
            Column("disagreement_id", str, "The disagreement.", references="disagreements.id", not_null=True),
            Column("says", str, "The source's version of the detail.", not_null=True),
            *_anchored(),
        ),
        pk="id", indexes=(("disagreement_id",), ("source_id",)),
    ),
    Table(
        "facts", "Every fact of the four kinds in one table, for timelines, charts and facets (derived at build time).",
        (
            Column("type", str, "meeting, statement, agreement or quote.", not_null=True),
            Column("id", str, "Id of the fact in the table of its type.", not_null=True),
            Column("date", str, "Date, possibly partial."),
            Column("date_precision", str, "year, month or day."),
            Column("month", str, "YYYY-MM where the precision allows."),
            Column("summary", str, "One line: the summary, or a quote's text.", not_null=True),
            Column("source_count", int, "Number of distinct sources citing the fact.", not_null=True),
        ),
        pk=("type", "id"), indexes=(("date",), ("month", "type"), ("source_count", "type"), ("id",)),
        sort="date", facets=("type", "month", "source_count"), derived=True,
    ),
    Table(
        "timeline", "Number of facts of each kind per month (derived at build time; facts dated only to a year are left out).",
        (
            Column("month", str, "YYYY-MM.", not_null=True),
            Column("type", str, "Kind of fact.", not_null=True),
            Column("facts", int, "Number of facts.", not_null=True),
        ),
        pk=("month", "type"), derived=True,
    ),
    Table(
        "meeting_pairs", "Each pair of entities that took part in the same meetings (derived at build time).",
        (
            Column("entity_a", str, "One participant (the smaller id).", references="entities.id", not_null=True),
            Column("entity_b", str, "The other participant.", references="entities.id", not_null=True),
            Column("meetings", int, "Number of meetings they shared.", not_null=True),
            Column("kinds", str, "Kinds of those meetings, comma-separated.", not_null=True),
            Column("first", str, "Date of the first."),
            Column("last", str, "Date of the last."),
        ),
        pk=("entity_a", "entity_b"), indexes=(("entity_b",), ("meetings",)), derived=True,
    ),
    Table(
        "facet_counts", "Value counts of every faceted column over its whole table (derived at build time): the site reads these instead of counting on each request.",
        (
            Column("table_name", str, "Table.", not_null=True),
            Column("column_name", str, "Column.", not_null=True),
            Column("value", str, "A value of the column (as text).", not_null=True),
            Column("count", int, "Rows with that value.", not_null=True),
        ),
        pk=("table_name", "column_name", "value"), indexes=(("table_name", "column_name", "count"),), derived=True,
    ),
    Table(
        "build_info", "How this database was built: the digest of the seeds and counts.",
        (
            Column("key", str, "Name.", not_null=True),
            Column("value", str, "Value.", not_null=True),
        ),
        pk="key",
    ),
)

TABLES_BY_NAME = {t.name: t for t in TABLES}
FACT_TABLES = {"meeting": "meetings", "statement": "statements", "agreement": "agreements", "quote": "quotes"}

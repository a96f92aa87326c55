"""Canned queries: the questions users ask, each with a chart where it is better seen than read.

A query's ``chart`` (charts.py) is drawn above its table from its own rows; every charted
query aggregates in SQL so the chart covers all rows, not just a page. The ``chart`` key is
the plugin's: Datasette is handed each query without it.
"""
from __future__ import annotations

from urllib.parse import urlencode

from datasette.utils import tilde_encode

from diplofacts.schema.evidence import REPORTING_ROLES, roles_sql
from diplofacts.schema.kinds import KINDS
from diplofacts.schema.tables import TABLES_BY_NAME

from .charts import Bars, Months
from .kindsql import SEARCHED, entity_record_sql

HIT_OPEN, HIT_CLOSE = "⟦", "⟧"  # around each hit in search snippets; the site turns them into <mark>


# Ranked search scores every match (BM25), so a word found in most of a large archive would cost
# in proportion to the archive. Past this many matches of one kind, only the rows added last
# (the highest rowids: for sources, the end of the registry, where new documents are appended)
# are ranked: the cost stays bounded, and the newest material comes first (docs/site-and-downloads.md).
RANKED_AMONG = 500
# The reader's search counts the matches of each kind up to this many; beyond, it says "more
# than 10,000" (a word in every source at 1M facts: 50,000 sources, 5 ms to count them all,
# more where dates are given: each match is then read from its table).
COUNTED_UPTO = 10_000


# FTS5's snippet() costs the square of a word's hits within one row, and runs inside one SQLite
# step, where the SQL time limit cannot interrupt it (a 5 MB source full of one word: minutes).
# So snippet() only ever reads a row of at most SNIPPET_MAX characters (at worst a few ms); the
# hit of a longer one is found by the search page in small windows of its start
# (searchpage.py's ``window_snippet``), and the SQL alone shows its first characters.
SNIPPET_MAX = 1_000
EXCERPT_PREFIX = 50_000  # how much of a longer row the search page looks for the hit in


def _column(table: str, index: int) -> str:
    return TABLES_BY_NAME[table].fts[index]


def within_dates(date: str) -> str:
    """SQL true where a row's date (``date``: a column, maybe known only to the month or the
    year) overlaps the range ``:since`` to ``:until`` (ISO dates, maybe partial): each bound is
    cut to the precision of the row's date, so "Aug 2021" is within 15 August to 30 September.
    An undated row is never within a range."""
    return (f"{date} IS NOT NULL AND {date} >= substr(:since, 1, length({date}))"
            f" AND {date} <= substr(:until, 1, length({date}))")


def search_sql(among: int, excerpts: bool = False, match: str = "escape_fts(:q)",
               kinds: tuple[str, ...] | None = None, dated: bool = False, cards: bool = False) -> str:
    """The best 50 matches of each kind, ranked by BM25 among at most ``among`` of them: the
    ``among`` with the highest rowids (one bounded walk of the index finds where they start).
    Each hit in context costs the same whatever the size of the row: snippet() only where the
    searched column holds at most SNIPPET_MAX characters; with ``excerpts``, the start of a
    longer one (EXCERPT_PREFIX characters) as ``excerpt``, for the site to find the hit in.
    ``match``: the FTS5 query, in SQL (the words typed, each quoted; the reader's search page
    passes its own, ``searchwords.fts_query``). ``kinds``: only these kinds (``source``
    and the kinds of fact; all by default); ``dated``: only rows whose date is within
    ``:since`` and ``:until`` (``within_dates``), ranked among the ``among`` latest of those.
    With ``cards``, what the search page's cards show of each row, from the row the search
    reads anyway: ``title`` (a source's title, the start of a fact's summary), ``date_basis``
    and ``count`` (the facts citing a source, the sources reporting a fact)."""
    def one(kind: str, table: str, date: str, column: int) -> str:
        text = f"t.{_column(table, column)}"
        short = f"substr({text}, {SNIPPET_MAX + 1}, 1) = ''"  # reads at most SNIPPET_MAX + 1 characters
        excerpt = f",\n  CASE WHEN {short} THEN NULL ELSE substr({text}, 1, {EXCERPT_PREFIX}) END AS excerpt" if excerpts else ""
        if cards:
            excerpt += (",\n  t.title AS title, NULL AS date_basis, t.fact_count AS count" if kind == "source" else
                        f",\n  substr(t.{_column(table, column)}, 1, 300) AS title, t.date_basis, t.source_count AS count")
        if dated:  # the bound counts the matches within the dates, read through the table's dates
            dates = f" AND {within_dates(f't.{date}')}"
            bound = (f"SELECT {table}_fts.rowid FROM {table}_fts JOIN {table} d ON d.rowid = {table}_fts.rowid\n"
                     f"    WHERE {table}_fts MATCH {match} AND {within_dates(f'd.{date}')} ORDER BY {table}_fts.rowid DESC")
        else:
            dates, bound = "", f"SELECT rowid FROM {table}_fts\n    WHERE {table}_fts MATCH {match} ORDER BY rowid DESC"
        return (
            f"SELECT * FROM (SELECT '{kind}' AS type, t.id, t.{date} AS date,\n"
            f"  CASE WHEN {short} THEN snippet({table}_fts, {column}, '{HIT_OPEN}', '{HIT_CLOSE}', '…', 16)\n"
            f"    ELSE substr({text}, 1, 120) || ' …' END AS hit{excerpt}, {table}_fts.rank AS rank\n"
            f"  FROM {table}_fts JOIN {table} t ON t.rowid = {table}_fts.rowid\n"
            f"  WHERE {table}_fts MATCH {match}{dates} AND {table}_fts.rowid >= coalesce(({bound} LIMIT 1 OFFSET {among - 1}), 0)\n"
            f"  ORDER BY {table}_fts.rank LIMIT 50)")
    return "\nUNION ALL\n".join(one(*searched) for searched in SEARCHED
                                 if kinds is None or searched[0] in kinds) + "\nORDER BY rank"


def search_counts_sql(match: str = "escape_fts(:q)", kinds: tuple[str, ...] | None = None, dated: bool = False,
                      upto: int | None = None) -> str:
    """How many rows of each kind match (FTS5 counts a term's rows without scoring them);
    ``kinds`` and ``dated`` as for ``search_sql``. With ``upto``, each count stops at
    ``upto + 1`` (counting reads every match: a word in every source costs in proportion to
    the archive), so a count above ``upto`` means "more than ``upto``"."""
    def counted(rows: str) -> str:
        return f"(SELECT count(*) FROM (SELECT 1 {rows} LIMIT {upto + 1}))" if upto else f"(SELECT count(*) {rows})"

    def one(kind: str, table: str, date: str) -> str:
        if dated:
            return (f"SELECT '{kind}' AS type, " + counted(f"FROM {table}_fts JOIN {table} t ON t.rowid = {table}_fts.rowid"
                                                          f" WHERE {table}_fts MATCH {match} AND {within_dates(f't.{date}')}")
                    + " AS matches")
        return f"SELECT '{kind}' AS type, " + counted(f"FROM {table}_fts WHERE {table}_fts MATCH {match}") + " AS matches"
    return "\nUNION ALL\n".join(one(kind, table, date) for kind, table, date, _ in SEARCHED if kinds is None or kind in kinds)


SEARCH_COUNTS_SQL = search_counts_sql()


def to(path: str, **params: object) -> str:
    """A path inside the database with its query string."""
    return path + ("?" + urlencode(params) if params else "")


PER_KIND = ", ".join(f"sum(type = '{k.name}') AS {k.table.name}" for k in KINDS)


# The facts, and those with no month, under the timeline: from the stored facet counts (every
# fact has a type; facet_counts holds no empty value, so the dated are the months' sum), counted
# through the table only where the counts are not stored (a scan of every fact: 100 ms at 1M)
_STORED = "(SELECT sum(count) FROM facet_counts WHERE table_name = 'facts' AND column_name = '{}')"
LEFT_SQL = ("SELECT total, total - dated AS count FROM (SELECT"
            f" coalesce({_STORED.format('type')}, (SELECT count(*) FROM facts)) AS total,"
            f" coalesce({_STORED.format('month')}, (SELECT count(month) FROM facts)) AS dated)")


QUERIES: dict[str, dict] = {
    "facts_per_month": {
        "title": "Timeline: facts per month",
        "description": "How many facts of each kind fall in each month (undated facts, and those dated only to a year, are "
                       "counted under the chart and listed in the facts table).",
        "sql": "SELECT month, type, facts FROM timeline ORDER BY month, type",
        "chart": Months("month", "facts", "type", lambda r: to("facts", month=r["month"], type=r["type"]),
                        left_sql=LEFT_SQL,
                        left_why="no date, or only a year,", left_link=to("facts", month__isnull=1)),
    },
    "timeline_list": {
        "title": "Timeline: every fact in date order",
        "description": "The first 1,000 facts, oldest first (undated facts first); page through with Edit SQL.",
        "sql": "SELECT date, date_basis, type, id, summary, source_count FROM facts\n"
               "ORDER BY date, type, id LIMIT 1000",
    },
    "entity_record": {
        "title": "Everything an entity said, agreed or attended",
        "description": "Give an entity id, name or alias (e.g. Imran Khan).",
        "sql": entity_record_sql(),
    },
    "who_met_whom": {
        "title": "Who met whom",
        "description": "The 100 pairs of participants who shared the most meetings: those that took place, and those "
                       "only planned, proposed or cancelled.",
        "sql": """SELECT ea.name || ' – ' || eb.name AS pair, p.held, p.meetings - p.held AS not_held, p.kinds, p.first, p.last,
p.entity_a, p.entity_b
FROM meeting_pairs p JOIN entities ea ON ea.id = p.entity_a JOIN entities eb ON eb.id = p.entity_b
ORDER BY p.held DESC, p.meetings DESC, pair LIMIT 100""",
        "chart": Bars("pair", (("held", "held"), ("not_held", "not held")),
                      lambda r, c: to("meetings_between", a=r["entity_a"], b=r["entity_b"]), unit="meetings"),
    },
    "meetings_between": {
        "title": "Meetings between two participants",
        "description": "Every meeting both took part in (give two entity ids), held or not.",
        "sql": "SELECT m.date, m.date_basis, 'meeting' AS type, m.id, m.status, m.kind, m.summary FROM meetings m\n"
               "WHERE m.id IN (SELECT meeting_id FROM meeting_participants WHERE entity_id = :a)\n"
               "AND m.id IN (SELECT meeting_id FROM meeting_participants WHERE entity_id = :b)\n"
               "ORDER BY m.date IS NULL, m.date, m.id",
    },
    "quotes_by_speaker": {
        "title": "Quotes by speaker",
        "description": "Every quote with its speaker, date and number of sources.",
        "sql": "SELECT e.name AS speaker, q.date, q.text, q.id, q.source_count\n"
               "FROM quotes q JOIN entities e ON e.id = q.speaker_id\n"
               "ORDER BY e.name, q.date IS NULL, q.date, q.id",
    },
    "quote_counts": {
        "title": "Number of quotes per speaker",
        "sql": "SELECT e.name AS speaker, count(*) AS quotes, e.id AS speaker_id FROM quotes q\n"
               "JOIN entities e ON e.id = q.speaker_id GROUP BY e.id ORDER BY quotes DESC, speaker",
        "chart": Bars("speaker", (("quotes", "quotes"),), lambda r, c: to("quotes", speaker_id=r["speaker_id"]), unit="quotes"),
    },
    "single_source_facts": {
        "title": "Weakly corroborated: facts with a single source",
        "sql": "SELECT f.type, f.id, f.date, f.summary, c.source_id\n"
               "FROM facts f JOIN citations c ON c.fact_type = f.type AND c.fact_id = f.id\n"
               f"WHERE f.source_count = 1 AND c.role IN {roles_sql(REPORTING_ROLES)} GROUP BY f.type, f.id ORDER BY f.date IS NULL, f.date, f.type, f.id",
    },
    "corroboration": {
        "title": "How many sources report each fact",
        "sql": "SELECT 'reported by ' || source_count || ' source' || CASE source_count WHEN 1 THEN '' ELSE 's' END AS sources,\n"
               f"{PER_KIND}, count(*) AS facts, source_count FROM facts GROUP BY source_count ORDER BY source_count",
        "chart": Bars("sources", tuple((k.table.name, k.name) for k in KINDS),
                      lambda r, c: to("facts", source_count=r["source_count"],
                                      type=next(k.name for k in KINDS if k.table.name == c))),
    },
    "sources_support": {
        "title": "Sources and how many facts each reports",
        "description": "The 100 sources that report the most facts (citations count every excerpt, attributions included).",
        "sql": "SELECT title AS source, publisher, published, fact_count AS facts, citation_count AS citations, id\n"
               "FROM sources ORDER BY fact_count DESC, id LIMIT 100",
        "chart": Bars("source", (("facts", "facts"),), lambda r, c: "sources/" + tilde_encode(r["id"])),
    },
    "what_sources_say": {
        "title": "Disagreements between sources: what each says",
        "description": "Each disputed detail with what every source says and its excerpt.",
        "sql": "SELECT d.id AS disagreement, d.fact_type, d.fact_id, d.detail, d.summary,\n"
               "c.source_id, c.says, c.exact FROM disagreements d\n"
               "JOIN disagreement_claims c ON c.disagreement_id = d.id ORDER BY d.id, c.id",
    },
    "search": {
        "title": "Search everything",
        "description": f"Full-text search across sources, {', '.join(k.table.name for k in KINDS[:-1])} and {KINDS[-1].table.name}: "
                       f"the best 50 matches of each kind, best first (BM25), each hit in context. Where more than "
                       f"{RANKED_AMONG} rows of one kind match, the best of the {RANKED_AMONG} added last are shown.",
        "sql": search_sql(RANKED_AMONG),
    },
}

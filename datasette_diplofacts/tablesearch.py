"""Datasette's table search (``?_search=``) bounded like the site's own search.

Datasette runs a table search as ``rowid IN (every match)`` in each of its statements: the
rows, their count and every facet, each joining every match to the table (at 200,000 facts a
word in every source is 10,000 sources, 60 ms of SQL for one page). Where a search matches
more than ``SEARCH_CAP`` rows, this plugin adds a second condition that keeps the first
``SEARCH_CAP`` of them (in the full-text index's order: the rowid's), so every statement of
the page reads at most that many rows, and the page says so in the words above its table
(Datasette's ``human_description_en``, in the ``.json`` too): "the first 1,000 of 10,000
matches; the site's search ranks them all". Counting the matches reads the full-text index
alone, never the table. A search matching fewer rows is Datasette's own, untouched.
"""
from __future__ import annotations

from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils import escape_sqlite

from diplofacts.schema.tables import TABLES_BY_NAME

from .compat import state

SEARCH_CAP = 1000


def cut_note(cap: int, matches: int, search_url: str) -> str:
    return (f"only the first {cap:,} of {matches:,} matches (in the order they were added;"
            f" {search_url} ranks them all)")


@hookimpl
def filters_from_request(request, database, table, datasette):
    search = request.args.get("_search")
    declared = TABLES_BY_NAME.get(table or "")
    if not search or declared is None or not declared.fts or database not in state(datasette).databases:
        return None

    async def bounded():
        db = datasette.get_database(database)
        fts = f"{table}_fts"
        raw = request.args.get("_searchmode") == "raw"
        match = ":search" if raw else "escape_fts(:search)"
        sql = (f"SELECT count(*) FROM (SELECT rowid FROM {escape_sqlite(fts)} WHERE {escape_sqlite(fts)}"
               f" MATCH {match} LIMIT :over)")
        try:
            matches = (await db.execute(sql, {"search": search, "over": SEARCH_CAP + 1})).first()[0]
        except Exception:  # noqa: BLE001 (a raw query FTS refuses: Datasette's own clause reports it)
            return None
        if matches <= SEARCH_CAP:
            return None
        total = (await db.execute(
            f"SELECT count(*) FROM {escape_sqlite(fts)} WHERE {escape_sqlite(fts)} MATCH {match}", {"search": search})).first()[0]
        clause = (f"rowid IN (SELECT rowid FROM {escape_sqlite(fts)} WHERE {escape_sqlite(fts)} MATCH {match}"
                  f" ORDER BY rowid LIMIT {SEARCH_CAP})")
        return FilterArguments([clause], human_descriptions=[cut_note(SEARCH_CAP, total, "the site's search")],
                               extra_context={"diplofacts_search_cut": {"cap": SEARCH_CAP, "matches": total}})

    return bounded

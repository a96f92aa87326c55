"""Datasette's table search (``?_search=``) bounded like the site's own search.

Datasette runs a table search as ``rowid IN (every match)`` in each of its statements: the
rows, their count and every facet, each joining every match to the table (at 200,000 facts a
word in every source is 10,000 sources, 60 ms of SQL for one page). Where a search of a fact
database's table matches more than ``SEARCH_CAP`` rows, its condition keeps the first
``SEARCH_CAP`` matches (in the full-text index's order: the rowid's), so that every statement
of the page reads at most that many rows, and the page says so in the words above its table
(Datasette's ``human_description_en``, in the ``.json`` too): "only the first 1,000 of 10,000
matches". Counting the matches reads the full-text index alone, never the table. A search
matching fewer rows is Datasette's own, untouched.

Datasette's own search filter is left in place and its condition narrowed: this hook wraps the
``filters_from_request`` hook and rewrites the one condition Datasette's search filter writes
(``rowid in (select rowid from <fts> where <fts> match …)``, the same in 0.65 and 1.0); a
second condition beside it would not do, as SQLite reads the rows through the first.
"""
from __future__ import annotations

import re

from datasette import hookimpl

from .compat import state

SEARCH_CAP = 1000
# the condition Datasette's search filter writes for ?_search=
DATASETTE_SEARCH = re.compile(r"^(\[?\w+\]?) in \(select rowid from (\[?[\w ]+\]?) where \2 match (:search|escape_fts\(:search\))\)$")


def cut_note(cap: int, matches: int) -> str:
    return f"only the first {cap:,} of {matches:,} matches (in the order they were added; the site's search ranks them all)"


@hookimpl(hookwrapper=True)
def filters_from_request(request, database, table, datasette):
    outcome = yield
    if not request.args.get("_search") or database not in state(datasette).databases:
        return
    outcome.force_result([_bounded(found, datasette, database) for found in outcome.get_result()])


def _bounded(found, datasette, database):
    async def bounded():
        arguments = found() if callable(found) else found
        if hasattr(arguments, "__await__"):
            arguments = await arguments
        if arguments is None or "search" not in arguments.params:
            return arguments
        for i, clause in enumerate(arguments.where_clauses):
            m = DATASETTE_SEARCH.match(clause)
            if m is None:
                continue
            fts, match = m.group(2), m.group(3)
            db = datasette.get_database(database)
            matches = (await db.execute(f"SELECT count(*) FROM {fts} WHERE {fts} MATCH {match}",
                                        {"search": arguments.params["search"]})).first()[0]
            if matches > SEARCH_CAP:
                arguments.where_clauses[i] = (f"{m.group(1)} in (select rowid from {fts} where {fts} match {match}"
                                              f" order by rowid limit {int(SEARCH_CAP)})")
                arguments.human_descriptions.append(cut_note(SEARCH_CAP, matches))
                arguments.extra_context["diplofacts_search_cut"] = {"cap": SEARCH_CAP, "matches": matches}
        return arguments

    return bounded

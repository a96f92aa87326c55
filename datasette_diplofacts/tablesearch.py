"""Datasette's table search (``?_search=``) bounded like the site's own search.

Datasette runs a table search as ``rowid IN (every match)`` in each of its statements: the
rows, their count and every facet, each joining every match to the table (at 200,000 facts a
word in every source is 10,000 sources, 60 ms of SQL for one page). Where a search of a fact
database's table matches more than ``SEARCH_CAP`` rows, its condition keeps the first
``SEARCH_CAP`` matches (in the full-text index's order: the rowid's), so that every statement
of the page reads at most that many rows, and the page says so in the words above its table
(Datasette's ``human_description_en``, in the ``.json`` too): "only the first 1,000 of 10,000
matches". The matches are counted in the full-text index alone, never the table, and only up
to ``COUNTED_UPTO`` (as the reader's search counts them): past it the words are "only the
first 1,000 of more than 10,000 matches" (counting every match reads the word's whole list
in the index: a word in every source at a million facts is 50,000 entries, 2–6 ms a page,
the one part of the page that grew with the matches). A search matching fewer rows is
Datasette's own, untouched.

Datasette's own search filter is left in place and its condition narrowed: this hook wraps the
``filters_from_request`` hook and rewrites the one condition Datasette's search filter writes
(``rowid in (select rowid from <fts> where <fts> match …)``, the same in 0.65 and 1.0); a
second condition beside it would not do, as SQLite reads the rows through the first.
"""
from __future__ import annotations

import re

from datasette import hookimpl

from .compat import state
from .queries import COUNTED_UPTO

SEARCH_CAP = 1000
# the condition Datasette's search filter writes for ?_search=
DATASETTE_SEARCH = re.compile(r"^(\[?\w+\]?) in \(select rowid from (\[?[\w ]+\]?) where \2 match (:search|escape_fts\(:search\))\)$")


def cut_note(cap: int, matches: int, upto: int = COUNTED_UPTO) -> str:
    """The words above a cut search's table; ``matches`` above ``upto`` is "more than ``upto``"."""
    of = f"more than {upto:,}" if matches > upto else f"{matches:,}"
    return f"only the first {cap:,} of {of} matches (in the order they were added; the site's search ranks them all)"


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
            upto = max(COUNTED_UPTO, SEARCH_CAP)  # counted up to upto + 1: more than upto
            matches = (await db.execute(f"SELECT count(*) FROM (SELECT 1 FROM {fts} WHERE {fts} MATCH {match}"
                                        f" LIMIT {int(upto) + 1})", {"search": arguments.params["search"]})).first()[0]
            if matches > SEARCH_CAP:
                arguments.where_clauses[i] = (f"{m.group(1)} in (select rowid from {fts} where {fts} match {match}"
                                              f" order by rowid limit {int(SEARCH_CAP)})")
                arguments.human_descriptions.append(cut_note(SEARCH_CAP, matches, upto))
                arguments.extra_context["diplofacts_search_cut"] = {"cap": SEARCH_CAP, "matches": matches if matches <= upto else None,
                                                                     "more_than": upto if matches > upto else None}
        return arguments

    return bounded

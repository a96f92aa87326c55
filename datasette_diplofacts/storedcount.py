"""A table page's row count read from the stored facet counts where they hold it.

Datasette counts the rows of every table page it shows (``select count(*) from <table> where
…``, the "N rows" above the table and the ``.json``'s ``filtered_table_rows_count``), and a
page filtered by a common facet value reads every row it counts: at a million facts, the
citations of meetings (493,000 rows, 53 ms) or the phone calls by phone (250,000 rows, 47 ms),
where the build already stored the same number. Datasette's only stored count is the inspect
file's count of a whole table; it has no hook for a filtered one (0.65 or 1.0), so the count
statement is answered where it runs: each fact database's ``execute`` is wrapped at startup
(that instance only, never Datasette's class), and a statement that is exactly Datasette's
count of a table filtered by one value each of one or two of its faceted columns
(``?fact_type=meeting``, ``?kind=phone-call&mode=phone``, in any of Datasette's spellings:
each a ``column = :pN`` clause) reads ``facet_counts`` (one value) or ``facet_pair_counts``
(two). Anything else counts live, as before: any other filter or operator, ``_search``,
``_where``, three or more values, a value the stored counts do not hold (no row is not
taken for zero: a value spelt otherwise than stored, ``02`` for ``2``, still matches rows),
or a mutable database. The number is the same either way (the stored counts are derived
from the same rows, on an immutable file: tests/test_pages_at_scale.py compares them)."""
from __future__ import annotations

import re

from diplofacts.schema.tables import TABLES_BY_NAME

from .compat import Results

# Datasette's count statement of a table page: its table and its where clauses, joined by
# " and " (0.65 and 1.0 write it alike, with the trailing space)
COUNT = re.compile(r"^select count\(\*\) from (\w+|\[[^\]]+\]) where (.+) $", re.DOTALL)
# an exact filter, its column quoted (``?c=v``, ``?c__exact=v``, ``_filter_column=c&_filter_op=exact``)
EQUALS = re.compile(r'^("\w+"|\w+|\[[^\]]+\]) = :(p\d+)$')

ONE = "SELECT count FROM facet_counts WHERE table_name = ? AND column_name = ? AND value = ?"
TWO = ("SELECT count FROM facet_pair_counts WHERE table_name = ? AND filter_column = ? AND filter_value = ?"
       " AND column_name = ? AND value = ?")


def stored_count_query(sql: str, params) -> tuple[str, list[str]] | None:
    """The statement and parameters that read the count ``sql`` (with ``params``) asks for
    from the stored counts, or None where they do not hold it."""
    found = COUNT.match(sql)
    if found is None or not isinstance(params, dict):
        return None
    table = TABLES_BY_NAME.get(found.group(1).strip("[]"))
    if table is None or not table.facets:
        return None
    filters: list[tuple[str, str]] = []
    for clause in found.group(2).split(" and "):
        equals = EQUALS.match(clause)
        if equals is None:
            return None
        column, value = equals.group(1).strip('[]"'), params.get(equals.group(2))
        if column not in table.facets or not isinstance(value, str) or any(column == c for c, _ in filters):
            return None
        filters.append((column, value))
    if len(filters) == 1:
        return ONE, [table.name, *filters[0]]
    if len(filters) == 2:
        return TWO, [table.name, *filters[0], *filters[1]]
    return None


def count_from_stored(db) -> None:
    """Wrap ``db.execute`` (a fact database, immutable) so that Datasette's count of a page
    filtered by one or two facet values reads the stored count; every other statement runs
    as it would."""
    if db.is_mutable or getattr(db.execute, "diplofacts", False):
        return
    run = db.execute

    async def execute(sql, params=None, *args, **kwargs):
        stored = stored_count_query(sql, params) if isinstance(sql, str) else None
        if stored is not None:
            found = (await run(*stored)).first()
            if found is not None:
                return Results([(found[0],)], False, [("count(*)",)])
        return await run(sql, params, *args, **kwargs)

    execute.diplofacts = True  # type: ignore[attr-defined]
    db.execute = execute

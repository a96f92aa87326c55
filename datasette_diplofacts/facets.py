"""Facets that read build-time counts: on an immutable database, value counts never change,
so the build stores them and a table page reads them instead of counting rows on every
request: over the whole table (facet_counts) for an unfiltered page, and among the rows with
one value of another faceted column (facet_pair_counts) for a page filtered by one facet
value, the page a facet click opens.

A page filtered by one value each of two or more faceted columns (a second facet click) counts
as little as it can, every count exact: a facet of a column it is filtered on has one value,
counted by the page's own row count; a facet of another column reads the stored pair counts
of one of its filters where that filter alone selects the page's rows (its stored count is the
page's row count: the other filters take nothing away), and counts live otherwise. Other
filtered pages count live, exactly like Datasette's own column facets.

A facet whose counts take longer than ``facet_time_limit_ms`` never vanishes: it stays in
``facet_results`` with no values and ``"timed_out": true`` (so the ``.json`` says so: Datasette
0.65 puts ``facets_timed_out`` in the HTML page's context only), and the table page shows a
line naming it, with a link to count it with SQL (templates/_facet_results.html).

Datasette's facet class, its labelling of foreign keys and its permission check differ
between 0.65 and 1.0: they come from compat.py."""
from __future__ import annotations

from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

from diplofacts.schema.tables import TABLES_BY_NAME

from .compat import ColumnFacet, QueryInterrupted, facet_labels, may_execute_sql, sql_url

COUNTS_SQL = (
    "SELECT value, count FROM facet_counts WHERE table_name = :table AND column_name = :column"
    " ORDER BY count DESC, value LIMIT :limit"
)
PAIR_COUNTS_SQL = (
    "SELECT value, count FROM facet_pair_counts WHERE table_name = :table AND filter_column = :filter"
    " AND filter_value = :filter_value AND column_name = :column ORDER BY count DESC, value LIMIT :limit"
)
SELECTED_COUNT_SQL = (
    "SELECT value, count FROM facet_counts WHERE table_name = :table AND column_name = :column AND value = :filter_value"
)


class CountedFacet(ColumnFacet):
    type = "counted"

    async def suggest(self):
        return []

    def _unfiltered(self) -> bool:
        return self.table is not None and not self.params and " where " not in f" {self.sql.lower()} "

    def _facet_filters(self) -> dict[str, str] | None:
        """{column: value} when the page is filtered by one value each of faceted columns
        (``?type=meeting``, ``?type__exact=meeting&month=2021-08``) and nothing else."""
        table = TABLES_BY_NAME.get(self.table or "")
        if table is None:
            return None
        args = self.request.args
        keys = [k for k in args.keys() if not k.startswith("_")]  # noqa: SIM118 (MultiParams)
        if not keys or any(k in ("_search", "_where", "_through") or k.startswith("_search_") for k in args.keys()):  # noqa: SIM118
            return None
        filters: dict[str, str] = {}
        for key in keys:
            column = key.removesuffix("__exact")
            if "__" in column or column not in table.facets or len(args.getlist(key)) != 1 or column in filters:
                return None
            filters[column] = args.get(key)
        return filters

    def _one_facet_filter(self) -> tuple[str, str] | None:
        """(column, value) when the page is filtered by exactly one value of one faceted column
        (``?type=meeting``, ``?type__exact=meeting``) and nothing else."""
        filters = self._facet_filters()
        return next(iter(filters.items())) if filters and len(filters) == 1 else None

    async def _stored_counts(self, column: str, size: int, one: tuple[str, str] | None) -> list:
        if one is None:
            sql, params = COUNTS_SQL, {"table": self.table, "column": column, "limit": size + 1}
        elif column == one[0]:
            sql, params = SELECTED_COUNT_SQL, {"table": self.table, "column": column, "filter_value": one[1]}
        else:
            sql, params = PAIR_COUNTS_SQL, {"table": self.table, "filter": one[0], "filter_value": one[1],
                                            "column": column, "limit": size + 1}
        # the same limit as a facet counted live: a slow read is reported, never a failed page
        return (await self.ds.execute(self.database, sql, params,
                                      custom_time_limit=self.ds.setting("facet_time_limit_ms"))).rows

    async def facet_results(self):
        unfiltered = self._unfiltered()
        filters = None if unfiltered else self._facet_filters()
        if unfiltered or (filters and len(filters) == 1):
            one = next(iter(filters.items())) if filters else None
            results, timed_out = await self._stored_results(lambda column, size: self._stored_counts(column, size, one))
        elif filters:
            same = await self._same_rows_as(filters)
            results, timed_out = await self._stored_results(
                lambda column, size: self._filtered_counts(column, size, filters, same))
        else:
            results, timed_out = await super().facet_results()
        hideable = {config["config"].get("column") or config["config"]["simple"]: config["source"] != "metadata"
                    for config in self.get_configs()}
        # listed in facet_results, not in facets_timed_out: the page names each once, in words
        return [*results, *[await self._timed_out(column, hideable.get(column, True)) for column in timed_out]], []

    async def _same_rows_as(self, filters: dict[str, str]) -> tuple[str, str] | None:
        """One of ``filters`` that alone selects the page's rows (its stored count is the
        page's row count), if any: its stored pair counts are then the page's counts."""
        if self.row_count is None:
            return None
        for column, value in filters.items():
            found = (await self.ds.execute(self.database, SELECTED_COUNT_SQL,
                                           {"table": self.table, "column": column, "filter_value": value})).first()
            if found is not None and found["count"] == self.row_count:
                return column, value
        return None

    async def _filtered_counts(self, column: str, size: int, filters: dict[str, str], same: tuple[str, str] | None) -> list:
        """The counts of ``column`` among the rows of a page filtered by ``filters`` (two or
        more faceted columns, one value each), exact, read with as little counting as can be."""
        if column in filters and self.row_count is not None:
            return [{"value": filters[column], "count": self.row_count}] if self.row_count else []
        if column not in filters and same is not None:
            return await self._stored_counts(column, size, same)
        # "+column": no index on the counted column is taken for the grouping (SQLite chose a
        # skip-scan of every value of it, 40 ms at 200k), so the filters' index finds the rows
        col = escape_sqlite(column)
        sql = (f"SELECT {col} AS value, count(*) AS count FROM ({self.sql}) WHERE +{col} IS NOT NULL"
               f" GROUP BY +{col} ORDER BY count DESC, value LIMIT {size + 1}")
        return (await self.ds.execute(self.database, sql, self.params, truncate=False,
                                      custom_time_limit=self.ds.setting("facet_time_limit_ms"))).rows

    async def _stored_results(self, counts) -> tuple[list, list]:
        """The facets of every configured column, each from ``counts(column, size)``: rows of
        (value, count), the most frequent first, at most ``size + 1``."""
        results, timed_out = [], []
        size = self.get_facet_size()
        qs_pairs = self.get_querystring_pairs()
        for config in self.get_configs():
            column = config["config"].get("column") or config["config"]["simple"]
            try:
                rows = await counts(column, size)
                values = [self._typed(column, row["value"]) for row in rows[:size]]
                labels = await facet_labels(self, column, values)
            except QueryInterrupted:
                timed_out.append(column)
                continue
            results.append({
                "name": column, "type": self.type, "hideable": config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet": column})),
                "results": [self._value(column, value, row["count"], labels, qs_pairs)
                            for value, row in zip(values, rows, strict=False)],
                "truncated": len(rows) > size,
            })
        return results, timed_out

    async def _timed_out(self, column: str, hideable: bool) -> dict:
        """A facet whose counts took too long: no values, and where the reader may run SQL,
        the query that counts them (under the longer sql_time_limit_ms)."""
        sql = (f"select {escape_sqlite(column)} as value, count(*) as count from ({self.sql})"
               f" where {escape_sqlite(column)} is not null group by {escape_sqlite(column)} order by count desc, value")
        url = None
        if await may_execute_sql(self.ds, self.request.actor, self.database):
            url = sql_url(self.ds, self.database, sql, self.params if isinstance(self.params, dict) else {})
        return {
            "name": column, "type": self.type, "hideable": hideable,
            "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet": column})),
            "results": [], "truncated": False, "timed_out": True, "sql_url": url,
        }

    def _typed(self, column: str, value: str):
        table = TABLES_BY_NAME.get(self.table)
        types = {c.name: c.type for c in table.columns} if table else {}
        return types.get(column, str)(value)

    def _value(self, column, value, count, labels, qs_pairs) -> dict:
        selected = (column, str(value)) in qs_pairs
        toggle = (path_with_removed_args(self.request, {column: str(value)}) if selected
                  else path_with_added_args(self.request, {column: value}))
        return {
            "value": value, "label": labels.get((column, value), value), "count": count,
            "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle)),
            "selected": selected,
        }

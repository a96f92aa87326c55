"""Facets that read build-time counts: on an immutable database, value counts never change,
so the build stores them and a table page reads them instead of counting rows on every
request: over the whole table (facet_counts) for an unfiltered page, and among the rows with
one value of another faceted column (facet_pair_counts) for a page filtered by one facet
value, the page a facet click opens. Other filtered pages count live, exactly like
Datasette's own column facets."""
from __future__ import annotations

from datasette.facets import ColumnFacet
from datasette.utils import path_with_added_args, path_with_removed_args

from diplofacts.schema.tables import TABLES_BY_NAME

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

    def _one_facet_filter(self) -> tuple[str, str] | None:
        """(column, value) when the page is filtered by exactly one value of one faceted column
        (``?type=meeting``, ``?type__exact=meeting``) and nothing else."""
        table = TABLES_BY_NAME.get(self.table or "")
        if table is None:
            return None
        args = self.request.args
        filters = [k for k in args.keys() if not k.startswith("_")]  # noqa: SIM118 (MultiParams)
        if len(filters) != 1 or any(k in ("_search", "_where", "_through") or k.startswith("_search_") for k in args.keys()):  # noqa: SIM118
            return None
        key = filters[0]
        column = key.removesuffix("__exact")
        if "__" in column or column not in table.facets or len(args.getlist(key)) != 1:
            return None
        return column, args.get(key)

    async def _stored_counts(self, column: str, size: int, one: tuple[str, str] | None) -> list:
        if one is None:
            sql, params = COUNTS_SQL, {"table": self.table, "column": column, "limit": size + 1}
        elif column == one[0]:
            sql, params = SELECTED_COUNT_SQL, {"table": self.table, "column": column, "filter_value": one[1]}
        else:
            sql, params = PAIR_COUNTS_SQL, {"table": self.table, "filter": one[0], "filter_value": one[1],
                                            "column": column, "limit": size + 1}
        return (await self.ds.execute(self.database, sql, params)).rows

    async def facet_results(self):
        one = None if self._unfiltered() else self._one_facet_filter()
        if one is None and not self._unfiltered():
            return await super().facet_results()
        results = []
        size = self.get_facet_size()
        qs_pairs = self.get_querystring_pairs()
        for config in self.get_configs():
            column = config["config"].get("column") or config["config"]["simple"]
            rows = await self._stored_counts(column, size, one)
            values = [self._typed(column, row["value"]) for row in rows[:size]]
            labels = await self.ds.expand_foreign_keys(self.database, self.table, column, values)
            results.append({
                "name": column, "type": self.type, "hideable": config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet": column})),
                "results": [self._value(column, value, row["count"], labels, qs_pairs)
                            for value, row in zip(values, rows, strict=False)],
                "truncated": len(rows) > size,
            })
        return results, []

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

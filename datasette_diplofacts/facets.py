"""Facets that read build-time counts: on an immutable database, the value counts of a whole
table never change, so the build stores them (table facet_counts) and an unfiltered table
page reads them instead of counting every row on every request. Filtered pages count live,
exactly like Datasette's own column facets."""
from __future__ import annotations

from datasette.facets import ColumnFacet
from datasette.utils import path_with_added_args, path_with_removed_args

from diplofacts.schema.tables import TABLES_BY_NAME

COUNTS_SQL = (
    "SELECT value, count FROM facet_counts WHERE table_name = :table AND column_name = :column"
    " ORDER BY count DESC, value LIMIT :limit"
)


class CountedFacet(ColumnFacet):
    type = "counted"

    async def suggest(self):
        return []

    def _unfiltered(self) -> bool:
        return self.table is not None and not self.params and " where " not in f" {self.sql.lower()} "

    async def facet_results(self):
        if not self._unfiltered():
            return await super().facet_results()
        results = []
        size = self.get_facet_size()
        qs_pairs = self.get_querystring_pairs()
        for config in self.get_configs():
            column = config["config"].get("column") or config["config"]["simple"]
            rows = (await self.ds.execute(
                self.database, COUNTS_SQL, {"table": self.table, "column": column, "limit": size + 1},
            )).rows
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

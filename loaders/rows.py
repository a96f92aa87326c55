"""Validated, anchored records in, table rows out: each row made from its table's declared
columns, bound by name, so the column order of a declaration is never a contract."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter

from ..schema.columns import ITEM, Column, Context, Table
from ..schema.kinds import Kind
from ..schema.tables import TABLES
from .anchor import Anchor

Rows = dict[str, list[tuple]]
Getter = Callable[[object, Context], object]


def insert_columns(table: Table) -> tuple[Column, ...]:
    """The columns a row carries: all but those the database fills (auto ids, and the
    aggregates the build's last step computes)."""
    return tuple(c for c in table.columns if not c.auto and not c.at_finalize)


def _getter(column: Column) -> Getter:
    if column.value is not None:
        return column.value
    if column.bound == ITEM:
        return lambda item, _ctx: item
    get = attrgetter(column.bound or column.name)
    return lambda item, _ctx: get(item)


class RowMaker:
    """Makes the rows of one table from records, in the order of ``insert_columns``."""

    def __init__(self, table: Table):
        self.table = table
        self.columns = tuple(c.name for c in insert_columns(table))
        self._getters = tuple(_getter(c) for c in insert_columns(table))

    def __call__(self, item: object, ctx: Context) -> tuple:
        return tuple([get(item, ctx) for get in self._getters])

    def index(self, name: str) -> int:
        return self.columns.index(name)


class RowMakers(dict[str, RowMaker]):
    """One RowMaker per written table, made from the declarations as they are now."""

    def __init__(self) -> None:
        super().__init__((t.name, RowMaker(t)) for t in TABLES if not t.derived and t.name != "build_info")

    def record(self, kind: Kind, record: object, anchors: Sequence[Anchor], where: str) -> Rows:
        """Rows of every table one record touches: its own, its links', its evidence's.
        ``anchors`` line up with the record's excerpts."""
        ctx = Context(fact=record, kind=kind.name, record=where)
        rows = {kind.table.name: [self[kind.table.name](record, ctx)]}
        for link in kind.links:
            make = self[link.table.name]
            rows[link.table.name] = [make(item, ctx) for item in getattr(record, link.field)]
        make, evidence = self[kind.evidence.table.name], []
        for item, anchor in zip(getattr(record, kind.evidence.field), anchors, strict=False):
            ctx.anchor = anchor
            evidence.append(make(item, ctx))
        rows[kind.evidence.table.name] = evidence
        return rows

    def one(self, table: str, record: object, **context: object) -> Rows:
        return {table: [self[table](record, Context(**context))]}

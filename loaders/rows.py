"""Validated, anchored records in, table rows out: each row made from its table's declared
columns, bound by name, so the column order of a declaration is never a contract."""
from __future__ import annotations

from collections.abc import Callable, Sequence

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


def _compile(columns: tuple[Column, ...]) -> Getter:
    """One function making a row tuple, written out from the declarations: a field is read
    as an attribute, a computed value is called. (A loop over per-column getters made row
    building twice as slow at a million facts.)"""
    env: dict[str, object] = {}
    parts = []
    for i, column in enumerate(columns):
        if column.value is not None:
            env[f"value{i}"] = column.value
            parts.append(f"value{i}(item, ctx)")
        elif column.bound == ITEM:
            parts.append("item")
        else:
            path = (column.bound or column.name).split(".")
            if not all(part.isidentifier() for part in path):
                raise ValueError(f"column {column.name!r} reads {column.bound!r}, not a field name")
            parts.append("item." + ".".join(path))
    return eval(f"lambda item, ctx: ({', '.join(parts)},)", env)  # noqa: S307 (declarations, not input)


class RowMaker:
    """Makes the rows of one table from records, in the order of ``insert_columns``."""

    def __init__(self, table: Table):
        self.table = table
        self.columns = tuple(c.name for c in insert_columns(table))
        self.make = _compile(insert_columns(table))

    def __call__(self, item: object, ctx: Context) -> tuple:
        return self.make(item, ctx)  # type: ignore[return-value]

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

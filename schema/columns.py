"""How a table is declared: its columns, each bound by name to where its value comes from.

A column's value is one of:
- a model field (``field``; by default the field of the column's own name): read from the
  validated record;
- a value computed from the record at build time (``value``), with the SQL that re-derives
  it from the database (``sql``), which ``facts check`` compares;
- SQL alone (``sql``): computed by the build's final step from the other tables;
- a number the database assigns (``auto``).
Rows are made from these bindings, so the order of the declarations is never a contract.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal, get_args

from pydantic import BaseModel

from .sqltext import ident

ITEM = "."  # the ``field`` of a link column that takes the list item itself (a party's id)

# What a column (or a link's entities) is, for everything that reads facts without knowing
# their kinds: the exports, the feeds, lint and the drafter read these, never column names.
Meaning = Literal["actor", "recipient", "place", "time", "text", "summary"]
MEANINGS: dict[Meaning, str] = {
    "actor": "who acts: speaks, calls, visits, signs, imposes",
    "recipient": "who the act is directed at: the one called, the host, the target",
    "place": "where it happened",
    "time": "when it happened (ISO 8601, possibly partial)",
    "text": "words as the sources print them, verbatim",
    "summary": "the curator's one-line account of the fact",
}
if set(MEANINGS) != set(get_args(Meaning)):
    raise TypeError("MEANINGS describes other meanings than Meaning lists")
ENTITY_MEANINGS: tuple[Meaning, ...] = ("actor", "recipient", "place")  # what an entity of a fact can be


class Context:
    """What a computed value may read beside its record: the fact a link or citation row
    belongs to, the kind's name, where it was curated, a citation's anchor, a source's text."""

    __slots__ = ("anchor", "fact", "kind", "record", "text")
    fact: Any  # the record a link or evidence row belongs to
    kind: str  # its kind's name
    record: str  # where it is curated (``path:line``)
    anchor: Any  # an excerpt's anchor in its source
    text: str  # a source's text

    def __init__(self, **values: Any):
        for name in self.__slots__:
            setattr(self, name, values.get(name))


Value = Callable[[Any, Context], object]


@dataclass(frozen=True)
class Column:
    name: str
    type: type  # str or int
    description: str
    field: str | None = None
    value: Value | None = None
    sql: str | None = None  # in terms of the row ``t``: "CASE length(t.date) WHEN 4 …"
    references: str | None = None  # "table.column"; for a bound field, taken from its Ref
    not_null: bool = False
    auto: bool = False
    means: Meaning | None = None  # what it is for the exports (``MEANINGS``)

    @property
    def bound(self) -> str | None:
        """The model field this column reads, if it reads one."""
        if self.field is not None:
            return self.field
        if self.value is None and self.sql is None and not self.auto:
            return self.name
        return None

    @property
    def at_finalize(self) -> bool:
        """Computed in SQL by the build's last step (0 or NULL until then)."""
        return self.sql is not None and self.value is None and self.field is None


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    pk: str | tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()
    fts: tuple[str, ...] = ()
    label_column: str | None = None
    sort: str | None = None
    facets: tuple[str, ...] = ()
    page_size: int | None = None  # rows per page on the site, where the default is too many
    model: type[BaseModel] | None = None  # the model whose fields the bound columns read
    derive: tuple[str, ...] = ()  # for a derived table: SELECTs of its rows by column name, each a part of a UNION ALL

    @property
    def derived(self) -> bool:
        return bool(self.derive)

    @property
    def derivation(self) -> str:
        """The SELECT of all its rows: its parts, UNION ALL."""
        return "\nUNION ALL ".join(self.derive)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def pk_columns(self) -> tuple[str, ...]:
        return (self.pk,) if isinstance(self.pk, str) else self.pk

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def meaning(self, means: Meaning) -> Column | None:
        """Its column that means ``means``, if any."""
        return next((c for c in self.columns if c.means == means), None)

    def with_references(self, refs: dict[str, str]) -> Table:
        """This table with ``references`` set on the columns bound to the fields in ``refs``
        (field path -> target table), as the model's Ref annotations say."""
        columns = []
        for c in self.columns:
            target = refs.get(c.bound or "")
            if target and c.references and c.references != f"{target}.id":
                raise ValueError(f"{self.name}.{c.name} references {c.references}, but its field "
                                 f"{c.bound!r} names a row of {target}")
            columns.append(replace(c, references=f"{target}.id") if target else c)
        return replace(self, columns=tuple(columns))


@dataclass(frozen=True)
class Link:
    """A list field of a fact stored as rows of a table of its own (a meeting's participants).

    Where its rows name entities, ``means`` says what they are to the fact: one meaning for
    all (an agreement's parties are its actors), or, where a column of the link gives each
    row's role (``role_column``), a meaning per role (the one called is the recipient)."""

    field: str  # the fact's list field
    table: Table  # one row per item; its columns read the item (``ITEM`` for the item itself)
    role: str | None = None  # how an entity of this link is named on pages, where no column says
    role_column: str | None = None  # the column giving each row's role
    means: Meaning | Mapping[str, Meaning] | None = None

    def meaning_sql(self, alias: str = "") -> str:
        """SQL of what an entity row of this link means to its fact."""
        if isinstance(self.means, Mapping):
            at = f"{alias}." if alias else ""
            cases = " ".join(f"WHEN '{role}' THEN '{m}'" for role, m in self.means.items())
            return f"CASE {at}{ident(self.role_column or '')} {cases} END"
        return f"'{self.means}'" if self.means else "NULL"


def parent_id(_item: object, ctx: Context) -> object:
    """The value of a link or evidence column naming the record the row belongs to."""
    return ctx.fact.id


def kind_name(_item: object, ctx: Context) -> object:
    """The value of an evidence column naming the kind of the record the row belongs to."""
    return ctx.kind


def parent_columns(table: Table) -> tuple[str | None, str]:
    """The columns of a link or evidence table that name its record: (kind, id)."""
    kind = next((c.name for c in table.columns if c.value is kind_name), None)
    return kind, next(c.name for c in table.columns if c.value is parent_id)


def rows_of(table: Table, kind: str, ids: str, alias: str = "") -> str:
    """SQL: the rows of a link or evidence ``table`` that belong to records of ``kind`` whose
    ids the subquery ``ids`` gives."""
    kind_column, id_column = parent_columns(table)
    at = f"{alias}." if alias else ""
    same = f"{at}{ident(kind_column)} = '{kind}' AND " if kind_column else ""
    return f"({same}{at}{ident(id_column)} IN {ids})"



"""SQL text made from names and lists, in one place: identifiers quoted (``[name]``, as
Datasette and sqlite-utils write them) and ``IN`` lists of parameters."""
from __future__ import annotations

from collections.abc import Iterable, Sized


def ident(name: str) -> str:
    """A table or column name quoted for SQL: ``[end]``. Names are declared in the schema,
    never read from input; one holding ``]`` cannot be quoted this way and is refused."""
    if "]" in name or not name:
        raise ValueError(f"cannot quote {name!r} as an SQL identifier")
    return f"[{name}]"


def idents(names: Iterable[str]) -> str:
    """Names quoted and joined by commas: ``[id], [date]``."""
    return ", ".join(ident(n) for n in names)


def in_list(values: Sized) -> str:
    """``(?, ?, ?)``: an IN list of one parameter per value; ``(NULL)``, which nothing is in,
    for no values (``IN ()`` is not SQL)."""
    return "(" + ", ".join("?" * len(values)) + ")" if len(values) else "(NULL)"

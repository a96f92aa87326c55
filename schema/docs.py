"""The schema reference (docs/schema.md), generated from schema.tables so it cannot drift."""
from __future__ import annotations

from collections.abc import Mapping

from .columns import MEANINGS, Link
from .kinds import RECORD_KINDS
from .tables import TABLES

_TYPES = {str: "TEXT", int: "INTEGER"}


def _links() -> dict[str, Link]:
    return {link.table.name: link for kind in RECORD_KINDS for link in kind.links}


def _link_meaning(link: Link) -> str:
    if isinstance(link.means, Mapping):
        by_meaning: dict[str, list[str]] = {}
        for role, means in link.means.items():
            by_meaning.setdefault(means, []).append(role)
        column = link.role_column or "role"
        return "; ".join(f"*{means}* where {column} is {' or '.join(roles)}" for means, roles in by_meaning.items())
    return f"*{link.means}*"


def schema_markdown() -> str:
    out = ["What a column is to the exports (its *meaning*, where it has one): "
           + "; ".join(f"*{name}*: {text}" for name, text in MEANINGS.items()) + ".\n"]
    links = _links()
    for table in TABLES:
        pk = table.pk if isinstance(table.pk, str) else ", ".join(table.pk)
        out.append(f"### `{table.name}`\n\n{table.description} Primary key: `{pk}`.\n")
        out.append("| column | type | meaning |\n|---|---|---|")
        link = links.get(table.name)
        for c in table.columns:
            ref = f" → `{c.references}`" if c.references else ""
            null = " NOT NULL" if c.not_null else ""
            means = f" Means *{c.means}*." if c.means else ""
            if link and link.means and c.references == "entities.id":
                means = f" Means {_link_meaning(link)}."
            out.append(f"| `{c.name}` | {_TYPES[c.type]}{null}{ref} | {c.description}{means} |")
        if table.fts:
            out.append(f"\nFull-text search (FTS5, porter stemming) on {', '.join(f'`{c}`' for c in table.fts)}.")
        out.append("")
    return "\n".join(out)

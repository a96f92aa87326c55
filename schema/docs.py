"""The schema section of the README, generated from schema.tables so it cannot drift."""
from __future__ import annotations

from .tables import TABLES

_TYPES = {str: "TEXT", int: "INTEGER"}


def schema_markdown() -> str:
    out = []
    for table in TABLES:
        pk = table.pk if isinstance(table.pk, str) else ", ".join(table.pk)
        out.append(f"### `{table.name}`\n\n{table.description} Primary key: `{pk}`.\n")
        out.append("| column | type | meaning |\n|---|---|---|")
        for c in table.columns:
            ref = f" → `{c.references}`" if c.references else ""
            null = " NOT NULL" if c.not_null else ""
            out.append(f"| `{c.name}` | {_TYPES[c.type]}{null}{ref} | {c.description} |")
        if table.fts:
            out.append(f"\nFull-text search (FTS5, porter stemming) on {', '.join(f'`{c}`' for c in table.fts)}.")
        out.append("")
    return "\n".join(out)

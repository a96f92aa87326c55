"""Who and what each fact names, and in what role: the parts of SQL that read it, one per
table (link tables such as participants, and each kind's own entity columns such as a
statement's speaker). Declared once from the kinds: the build derives the entities' stored
facts from them (``entity_facts``) and the site reads an entity's facts through them
(``datasette_diplofacts/kindsql.py``)."""
from __future__ import annotations

from .columns import parent_columns
from .kinds import Kind
from .sqltext import ident


def entity_roles(kind: Kind) -> str:
    """A SELECT of (fact_id, entity_id, role, means) for every entity a fact of ``kind``
    names: its link rows (participants, parties) and its own entity columns (speaker, place).
    ``role`` is how a page names it (caller, party, speaker); ``means`` what it is to the
    fact, as declared (actor, recipient, place)."""
    return "\nUNION ALL ".join(role_parts(kind))


def role_parts(kind: Kind) -> list[str]:
    """The parts of ``entity_roles``, one SELECT of one table each."""
    return link_role_parts(kind) + own_role_parts(kind)


def link_role_parts(kind: Kind) -> list[str]:
    """The parts of ``entity_roles`` that read a link table (participants, parties)."""
    parts = []
    for link in kind.entity_links():
        _, parent = parent_columns(link.table)
        role = ident(link.role_column) if link.role_column else f"'{link.role or link.field}'"
        for c in link.table.columns:
            if c.references == "entities.id":
                parts.append(f"SELECT {ident(parent)} AS fact_id, {ident(c.name)} AS entity_id, {role} AS role,"
                             f" {link.meaning_sql()} AS means FROM {ident(link.table.name)}")
    return parts


def own_role_parts(kind: Kind) -> list[str]:
    """The parts of ``entity_roles`` that read the kind's own entity columns (speaker, place)."""
    parts = []
    for c in kind.table.columns:
        if c.references == "entities.id":
            parts.append(f"SELECT id AS fact_id, {ident(c.name)} AS entity_id, '{c.bound}' AS role, '{c.means}' AS means"
                         f" FROM {ident(kind.table.name)} WHERE {ident(c.name)} IS NOT NULL")
    return parts

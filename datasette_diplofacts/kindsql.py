"""SQL the site derives from the kinds of fact declared in the schema: who takes part in a
fact and in what role, what search looks through, what a reader browses."""
from __future__ import annotations

from diplofacts.schema.kinds import KINDS, Kind
from diplofacts.schema.naming import entity_roles, link_role_parts, own_role_parts, role_parts
from diplofacts.schema.sqltext import ident

__all__ = ["entity_roles", "link_role_parts", "own_role_parts", "role_parts"]  # declared in the schema (naming.py)

SOURCES = "sources"


def fact_entities_sql(kind: Kind) -> str:
    """The entities of one fact (``:id``) with their roles, kinds and Wikidata ids, for its page."""
    return (f"SELECT e.id, e.name, r.role, r.means, e.kind, e.wikidata FROM ({entity_roles(kind)}) r"
            " JOIN entities e ON e.id = r.entity_id WHERE r.fact_id = :id")


def _time(kind: Kind) -> str:
    return ident(kind.column_meaning("time") or "")


def entity_by_name_sql(param: str) -> str:
    """The ids of the entities an id, a name or an alias (``:param``, in any case) names."""
    return (f"SELECT id FROM entities WHERE id = :{param} OR name = :{param} COLLATE NOCASE"
            f" UNION SELECT entity_id FROM entity_aliases WHERE alias = :{param} COLLATE NOCASE")


def entity_record_sql() -> str:
    """Every fact that names an entity (given by id, name or alias), with its role, by date."""
    parts = [
        f"SELECT f.{_time(k)} AS date, f.date_basis, '{k.name}' AS type, f.id, f.{ident(k.summary or '')} AS summary, r.role\n"
        f"FROM ({entity_roles(k)}) r\nJOIN {ident(k.table.name)} f ON f.id = r.fact_id WHERE r.entity_id IN e"
        for k in KINDS
    ]
    return (f"WITH e AS (\n  {entity_by_name_sql('entity')}\n)\n"
            "SELECT * FROM (\n" + "\nUNION ALL\n".join(parts) + "\n) ORDER BY date IS NULL, date, type, id, role")


def entity_facts_sql() -> str:
    """Every fact naming one entity (``:id``), with its date, certainty, sources and role."""
    return "SELECT * FROM (\n" + "\nUNION ALL\n".join(
        f"SELECT '{k.name}' AS type, f.id, f.{_time(k)} AS date, f.date_basis, f.{ident(k.summary or '')} AS summary,"
        f" f.source_count, r.role FROM ({entity_roles(k)}) r JOIN {ident(k.table.name)} f ON f.id = r.fact_id"
        " WHERE r.entity_id = :id"
        for k in KINDS) + "\n) ORDER BY date IS NULL, date, type, id"


def _naming(kind: Kind, columns: str) -> list[str]:
    """One SELECT of ``columns`` (of the fact ``f``, and ``r.role``) per way a fact of ``kind``
    among those an entity's page lists (``listed``) names the entity ``:id``, each read from
    the listed ids: each link table by its key (fact, entity), each of the kind's own entity
    columns by the fact's key, the column's own index left aside (``+``: it would read every
    statement of a speaker to find the 25 listed)."""
    table = ident(kind.table.name)
    parts = [f"SELECT {columns} FROM ({part}) r JOIN {table} f ON f.id = r.fact_id WHERE r.entity_id = :id"
             f" AND f.id IN {listed(kind)}" for part in link_role_parts(kind)]
    for c in kind.table.columns:
        if c.references == "entities.id":
            parts.append(f"SELECT {columns} FROM {table} f JOIN (SELECT '{c.bound}' AS role) r"
                         f" WHERE f.id IN {listed(kind)} AND +f.{ident(c.name)} = :id")
    return parts


def entity_page_ids_sql() -> str:
    """The facts of each kind naming one entity (``:id``) that its page lists, read from
    ``entity_facts`` by its index in date order: the ``:size`` facts past the first
    ``:skip_<kind>`` of those dated from ``:lo_<kind>`` up to ``:hi_<kind>`` (excluded; NULL:
    no end), then where ``:nulls_<kind>`` the ``:size`` undated past the first
    ``:nskip_<kind>``; their kind, id and date (the caller keeps the first ``:size``, in the
    order of ``entity_facts_sql``). The months come from the stored counts
    (``entity_months``): a page reads about its own facts, whatever the entity's number."""
    parts = []
    for k in KINDS:
        n, where = k.name, f"entity_id = :id AND type = '{k.name}'"
        parts.append(f"SELECT * FROM (SELECT type, id, date FROM entity_facts WHERE {where} AND date >= :lo_{n}"
                     f" AND (:hi_{n} IS NULL OR date < :hi_{n}) ORDER BY date, id LIMIT :size OFFSET :skip_{n})")
        parts.append(f"SELECT * FROM (SELECT type, id, date FROM entity_facts WHERE {where} AND :nulls_{n} AND date IS NULL"
                     f" ORDER BY id LIMIT :size OFFSET :nskip_{n})")
    return "\nUNION ALL\n".join(parts)


def listed(kind: Kind) -> str:
    """The condition that keeps a fact of ``kind`` among those an entity's page lists: its id
    in the JSON array bound to ``:ids_<kind>``."""
    return f"(SELECT value FROM json_each(:ids_{kind.name}))"


def entity_page_facts_sql() -> str:
    """The facts naming one entity (``:id``) that its page lists (``listed``), with their
    date, certainty, sources and role."""
    return "SELECT * FROM (\n" + "\nUNION ALL\n".join(
        part for k in KINDS for part in _naming(
            k, f"'{k.name}' AS type, f.id, f.{_time(k)} AS date, f.date_basis, f.{ident(k.summary or '')} AS summary,"
               " f.source_count, r.role")
    ) + "\n) ORDER BY date IS NULL, date, type, id"


def others_sql(page: bool = False) -> str:
    """The other entities of the facts naming one entity (``:id``): counterparts, places…
    Each table of roles is read by its fact column, for the entity's facts only (found by
    the entity's indexes), never scanned whole; with ``page``, for the facts its page lists
    (``listed``) only."""
    return "\nUNION ALL\n".join(
        f"SELECT '{k.name}' AS type, r.fact_id, e.id, e.name, r.role FROM ({part}) r"
        f" JOIN entities e ON e.id = r.entity_id WHERE r.entity_id != :id AND r.fact_id IN"
        + (f" {listed(k)}" if page else f" (SELECT fact_id FROM ({entity_roles(k)}) WHERE entity_id = :id)")
        for k in KINDS for part in role_parts(k)) + "\nORDER BY name"


# (kind, table, its date column, the FTS column to show): what "search everything" searches
SEARCHED: tuple[tuple[str, str, str, int], ...] = (
    ("source", SOURCES, "published", 1),
    *((k.name, k.table.name, k.column_meaning("time") or "", k.table.fts.index(k.summary or "")) for k in KINDS),
)

# What a row of a query result of type T links to
LINKED_TABLES = {**{k.name: k.table.name for k in KINDS}, "source": SOURCES}

# What the home page offers to browse, in order
BROWSE = ("facts", *(k.table.name for k in KINDS), SOURCES, "entities", "citations", "disagreements")

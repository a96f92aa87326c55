"""``/datapackage.json``: the whole download described as a Frictionless Data Package (v1):
the database file with its SHA-256 and size, every table as CSV with its schema (names, types,
descriptions, keys, from the one declaration of the tables), and every other download and
feed as a resource with its media type.

It validates as data, not only as a descriptor (``frictionless validate`` with a plain
install): the CSVs are asked for with ``_dl=1``, so Datasette sends them as ``text/csv``, the
media type the package names; an empty cell of a text column that may not be NULL is the
empty string, not a missing value (its field has no missing values: an excerpt ending its
source has the suffix ""), while in a column that may be NULL it is NULL (Datasette writes
NULL as an empty cell); a text column holding a list of the model (an entity's aliases) is a
JSON ``array``; and every resource that is not a table is a plain ``file`` (``type``), which
frictionless fetches (and checks against its size and hash, where given), never reads as rows."""
from __future__ import annotations

import typing

from diplofacts.schema.tables import TABLES

from ..compat import instance_metadata
from ..served import served_file
from ..siteinfo import build_info
from .download import Download
from .links import Links

TYPES = {str: "string", int: "integer"}
# every row, labels off, and ``_dl``: Datasette then sends ``text/csv`` (else ``text/plain``)
CSV_QUERY = ".csv?_stream=on&_size=max&_labels=off&_dl=1"


def _is_list(table, column) -> bool:
    """A text column holding a field of the table's model that is a list (stored as JSON)."""
    field = table.model.model_fields.get(column.field or column.name) if table.model else None
    return column.type is str and field is not None and typing.get_origin(field.annotation) is list


def field(table, column) -> dict:
    """A column as a Table Schema field."""
    out: dict = {"name": column.name, "type": "array" if _is_list(table, column) else TYPES[column.type],
                 "description": column.description}
    if column.not_null:
        out["constraints"] = {"required": True}
        if column.type is str:  # "" is a value here (NULL cannot be), not a missing one
            out["missingValues"] = []
    return out


def table_schema(table) -> dict:
    schema: dict = {"fields": [field(table, c) for c in table.columns], "primaryKey": list(table.pk_columns)}
    keys = [{"fields": c.name, "reference": {"resource": c.references.split(".")[0], "fields": c.references.split(".")[1]}}
            for c in table.columns if c.references]
    if keys:
        schema["foreignKeys"] = keys
    return schema


async def describe(datasette, db, links: Links, downloads: tuple[Download, ...], hashed: bool = True) -> dict:
    """The data package of the served fact database, listing ``downloads``, and the database
    file itself where Datasette lets it be downloaded (opened immutable, ``allow_download`` on:
    ``datasette -i``, as ``facts serve`` does). ``hashed`` false: without the file's SHA-256,
    for a page that does not show it (the home page's Dataset): a file an edit build changed in
    place is read whole for it (served.py), 2.4 s at a million facts."""
    served = await served_file(db, hashed) if datasette.setting("allow_download") else None
    return package(links, served, instance_metadata(datasette), (await build_info(db)).built_at or None, downloads)


def package(links: Links, served: tuple[str | None, int] | None, meta: dict, built_at: str | None,
            downloads: tuple[Download, ...]) -> dict:
    """The data package; ``served``: the (SHA-256, size) of the database file as served, where
    it is offered for download (no SHA-256: the resource says none)."""
    title = meta.get("title") or "facts"
    resources = []
    if served:
        digest, size = served
        # the media type Datasette sends the file with (application/vnd.sqlite3 would name it better, but
        # a package names what is served); ``format`` says it is SQLite
        resources.append({"name": "facts-db", "title": "The whole database (SQLite)", "path": links.site(f"/{links.database}.db"),
                          "type": "file", "format": "sqlite", "mediatype": "application/octet-stream", "bytes": size,
                          **({"hash": f"sha256:{digest}"} if digest else {})})
    for table in TABLES:
        resources.append({"name": table.name, "title": table.description, "profile": "tabular-data-resource",
                          "type": "table", "path": links.table(table.name, CSV_QUERY),
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": table_schema(table)})
    resources += [d.resource(links) for d in downloads if d.listed]
    out = {"profile": "data-package", "name": "diplofacts", "title": title,
           "description": "Curated facts about diplomacy, each resting on the exact words of its sources.",
           "homepage": links.site("/"), "resources": resources}
    if meta.get("license_url"):
        out["licenses"] = [{"name": "CC-BY-4.0" if "by/4.0" in meta["license_url"] else "other",
                            "path": meta["license_url"], "title": meta.get("license") or meta["license_url"]}]
    if built_at:
        out["created"] = built_at
    return out

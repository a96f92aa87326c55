"""``/datapackage.json``: the whole download described as a Frictionless Data Package (v1):
the database file with its SHA-256 and size, every table as CSV with its schema (names, types,
descriptions, keys, from the one declaration of the tables), and every other download and
feed as a resource with its media type."""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache

from diplofacts.schema.tables import TABLES

from ..compat import instance_metadata
from ..siteinfo import build_info
from .download import Download
from .links import Links

TYPES = {str: "string", int: "integer"}


@lru_cache(maxsize=8)
def _sha256(path: str, mtime: float, size: int) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def file_facts(path: str) -> tuple[str, int]:
    """The SHA-256 and size of the served database file (hashed once per version of it)."""
    stat = os.stat(path)
    return _sha256(path, stat.st_mtime, stat.st_size), stat.st_size


def table_schema(table) -> dict:
    schema: dict = {"fields": [{"name": c.name, "type": TYPES[c.type], "description": c.description,
                                **({"constraints": {"required": True}} if c.not_null else {})} for c in table.columns],
                    "primaryKey": list(table.pk_columns)}
    keys = [{"fields": c.name, "reference": {"resource": c.references.split(".")[0], "fields": c.references.split(".")[1]}}
            for c in table.columns if c.references]
    if keys:
        schema["foreignKeys"] = keys
    return schema


async def describe(datasette, db, links: Links, downloads: tuple[Download, ...]) -> dict:
    """The data package of the served fact database, listing ``downloads``."""
    return package(links, db.path, instance_metadata(datasette), (await build_info(db)).built_at or None, downloads)


def package(links: Links, db_path: str, meta: dict, built_at: str | None, downloads: tuple[Download, ...]) -> dict:
    digest, size = file_facts(db_path)
    title = meta.get("title") or "facts"
    resources = [{"name": "facts-db", "title": "The whole database (SQLite)", "path": links.site(f"/{links.database}.db"),
                  "format": "sqlite", "mediatype": "application/vnd.sqlite3", "bytes": size, "hash": f"sha256:{digest}"}]
    for table in TABLES:
        resources.append({"name": table.name, "title": table.description, "profile": "tabular-data-resource",
                          "path": links.table(table.name, ".csv?_stream=on&_size=max&_labels=off"),
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

"""What the home and about pages say of the data: what the corpus covers, who curates it,
how to report a correction, its licence, and which build is being served.

Who curates and how to report a correction are the publisher's to say, in the plugin's
configuration (``plugins: diplofacts: curators / corrections`` in Datasette's metadata);
the defaults describe this project's practice."""
from __future__ import annotations

import os

from diplofacts.schema.buildinfo import BuildInfo

from .compat import instance_metadata, state
from .dates import date_text

CURATORS = ("Each fact is written by a curator from the source text and read again, row by row, by a second "
            "reader who did not write it; the build checks every excerpt against its source.")
CORRECTIONS = ("Found a fact that claims more or less than its source? Send the fact's permalink (from “Cite this” "
               "on its page) and the passage to the curators. Corrections are made in the curated files and the "
               "site is rebuilt; the home page and every fact's citation say when the data was built.")


_BUILD_INFO: dict[tuple, BuildInfo] = {}


def immutable_key(db) -> tuple | None:
    """What identifies an immutable database's content without reading it: the hash Datasette
    already holds (from the inspect file, or hashed once before), else the file's inode, time
    and size; None for a database that may change (never cached)."""
    if db.is_mutable or db.is_memory or not db.path:
        return None
    known = db.cached_hash or ((db.ds.inspect_data or {}).get(db.name) or {}).get("hash")
    if known:
        return (db.path, known)
    try:
        s = os.stat(db.path)
    except OSError:
        return None
    return (db.path, s.st_ino, s.st_mtime_ns, s.st_size)


async def build_info(db) -> BuildInfo:
    """The build_info of a fact database (when built, digests, counts), without the
    incremental build's manifest of fact files, which pages never need and can be large; empty
    where the table holds what no build writes. An immutable database's is read once, kept by
    the database's content hash (a new file has a new hash)."""
    key = immutable_key(db)
    if key is not None and key in _BUILD_INFO:
        return _BUILD_INFO[key]
    rows = (await db.execute("SELECT key, value FROM build_info WHERE key != 'fact_files'")).rows
    try:
        info = BuildInfo.from_rows(rows)
    except ValueError:
        info = BuildInfo()
    if key is not None:
        if len(_BUILD_INFO) >= 16:
            _BUILD_INFO.pop(next(iter(_BUILD_INFO)))
        _BUILD_INFO[key] = info
    return info


async def site_info(datasette) -> dict:
    databases = state(datasette).databases
    if not databases:
        return {}
    name = databases[0]
    db = datasette.get_database(name)
    info = await build_info(db)
    # from the stored facet counts, and min and max each by the index on date: no scan
    kinds = [(r[0], r[1]) for r in await db.execute(
        "SELECT value, count FROM facet_counts WHERE table_name = 'sources' AND column_name = 'kind' ORDER BY count DESC, value")]
    first, last = (await db.execute("SELECT (SELECT min(date) FROM facts), (SELECT max(date) FROM facts)")).first() or (None, None)
    config = datasette.plugin_config("diplofacts") or {}
    meta = instance_metadata(datasette)
    return {
        "database": name,
        "sources": sum(n for _, n in kinds),
        "source_kinds": ", ".join(f"{n} {kind.replace('-', ' ')}{'s' if n != 1 else ''}" for kind, n in kinds),
        "facts": info.count("facts") or 0,
        "entities": info.count("entities") or 0,
        "first": date_text(first), "last": date_text(last),
        "built_at": info.built_at[:10], "seeds": info.seeds_sha256[:12],
        "code": info.code_sha256[:12],
        "curators": config.get("curators", CURATORS),
        "corrections": config.get("corrections", CORRECTIONS),
        "license": meta.get("license"), "license_url": meta.get("license_url"),
    }

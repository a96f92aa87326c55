"""What the home and about pages say of the data: what the corpus covers, who curates it,
how to report a correction, its licence, and which build is being served.

Who curates and how to report a correction are the publisher's to say, in the plugin's
configuration (``plugins: diplofacts: curators / corrections`` in Datasette's metadata);
the defaults describe this project's practice."""
from __future__ import annotations

from diplofacts.schema.buildinfo import BuildInfo

from .compat import instance_metadata, state
from .dates import date_text

CURATORS = ("Each fact is written by a curator from the source text and read again, row by row, by a second "
            "reader who did not write it; the build checks every excerpt against its source.")
CORRECTIONS = ("Found a fact that claims more or less than its source? Send the fact's permalink (from “Cite this” "
               "on its page) and the passage to the curators. Corrections are made in the curated files and the "
               "site is rebuilt; the home page and every fact's citation say when the data was built.")


async def build_info(db) -> BuildInfo:
    """The build_info of a fact database (when built, digests, counts), without the
    incremental build's manifest of fact files, which pages never need and can be large; empty
    where the table holds what no build writes."""
    rows = (await db.execute("SELECT key, value FROM build_info WHERE key != 'fact_files'")).rows
    try:
        return BuildInfo.from_rows(rows)
    except ValueError:
        return BuildInfo()


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

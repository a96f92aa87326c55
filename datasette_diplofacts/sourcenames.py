"""Curated text names sources by id (``putin-imran-second-call-in-a-month``); readers are
shown their titles. Only the sources a text names are read, so a page costs the same whatever
the number of sources."""
from __future__ import annotations

import re
from collections.abc import Iterable

from diplofacts.schema.sqltext import in_list

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")  # an id as curated notes name it


def name_sources(text: str, titles: dict[str, tuple[str, str]]) -> str:
    """Curated text with every source id it names replaced by the source's title (where the
    text is itself a link, and cannot hold one)."""
    return SLUG.sub(lambda m: titles[m.group()][0] if m.group() in titles else m.group(), text)


async def labels_of(db, table: str, label: str, texts: Iterable[str | None], ids: Iterable[str] = ()) -> dict[str, str]:
    """The ``label`` (a title, a name), by id, of every row of ``table`` that ``texts`` name by
    id, and of ``ids``: only those are read, so a page costs the same whatever the table's size."""
    wanted = sorted({m for t in texts for m in SLUG.findall(t or "")} | set(ids))
    out = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        for r in await db.execute(f"SELECT id, {label} FROM {table} WHERE id IN {in_list(chunk)}", chunk):
            out[r["id"]] = r[label]
    return out


async def titles_of(db, texts: Iterable[str | None], ids: Iterable[str] = ()) -> dict[str, str]:
    """The title, by id, of every source ``texts`` name by id, and of ``ids``."""
    return await labels_of(db, "sources", "title", texts, ids)


async def readable(db, texts: list[str]) -> list[str]:
    """Curated texts with the source ids they name replaced by the sources' titles."""
    titles = {i: (title, "") for i, title in (await titles_of(db, texts)).items()}
    return [name_sources(t, titles) for t in texts]

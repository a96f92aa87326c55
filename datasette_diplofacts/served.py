"""The database file as served. A running server serves the build it opened: a rebuilt
``facts.db`` swapped in beside it is served after a restart (``docs/site-and-downloads.md``).
Until then the data package describes the file opened (its hash as Datasette took it at
startup, from the inspect file) and the download of the file answers 503, saying the site
serves the previous build until restarted. (The pages read the build each SQL thread opened:
one that opens its first connection after the swap reads the new file, so restart promptly.)"""
from __future__ import annotations

import asyncio
import os

from diplofacts.loaders.seedsdigest import IN_PLACE, file_sha256

from .compat import state

REBUILT = ("The database was rebuilt since this server started: the site still serves the previous build, and "
           "the new file is downloadable once the server is restarted.")


def _stat(path: str) -> tuple[int, int, int] | None:
    try:
        s = os.stat(path)
    except OSError:
        return None
    return (s.st_ino, s.st_mtime_ns, s.st_size)


def note_opened(datasette, names: list[str]) -> None:
    """Remember the file each fact database was opened from (at startup)."""
    for name in names:
        db = datasette.databases[name]
        if db.path and not db.is_mutable:
            state(datasette).opened[name] = _stat(db.path)


def rebuilt(datasette, name: str) -> bool:
    """Whether the file at the database's path is no longer the one opened."""
    opened = state(datasette).opened.get(name)
    return opened is not None and _stat(datasette.databases[name].path) != opened


_READ: dict[tuple, str] = {}  # (path, inode, time, size) -> SHA-256 of a file read for it


async def served_file(db, hashed: bool = True) -> tuple[str | None, int] | None:
    """(SHA-256, size) of the database file as served, where Datasette knows them (an
    immutable database: from its inspect file, else hashed once, off the event loop). A file
    an edit build changed in place has its build's identity for a hash (it was not read): its
    SHA-256 is read once, off the event loop, and kept for that file; not at all unless
    ``hashed`` (None in its place)."""
    if db.is_mutable or db.is_memory:
        return None
    return await asyncio.to_thread(lambda: (_sha256(db) if hashed else None, db.size))


def _sha256(db) -> str:
    known = db.hash
    if not known.startswith(IN_PLACE):
        return known
    key = (db.path, *(_stat(db.path) or ()))
    if key not in _READ:
        _READ[key] = file_sha256(db.path)
    return _READ[key]

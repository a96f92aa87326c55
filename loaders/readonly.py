"""Open a database file read-only by its path, whatever characters the path holds.

SQLite reads ``file:`` URIs: a ``?``, ``#`` or ``%`` in a path written into one as it is would
end the path or start an escape, and open another file (or none). The path is percent-encoded
first, as SQLite's URI rules ask.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from .inplace import recover


def read_only_uri(path: Path | str, *, immutable: bool = False) -> str:
    """The ``file:`` URI that opens ``path`` read-only (``immutable=1`` for a file nothing writes)."""
    mode = "immutable=1" if immutable else "mode=ro"
    return f"file:{quote(str(Path(path)))}?{mode}"


def connect_read_only(path: Path | str, *, immutable: bool = False) -> sqlite3.Connection:
    """A read-only connection; what a build killed while writing in place left is rolled back
    first (inplace.recover: a stat when there is nothing to do), since a read-only connection
    cannot, and fails on such a file."""
    if not immutable:
        recover(path)
    return sqlite3.connect(read_only_uri(path, immutable=immutable), uri=True)

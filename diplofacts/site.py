"""How the read-only fact site is served: one set of settings for `facts serve` (one
process) and `diplofacts.asgi` (an ASGI app for a multi-worker server)."""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from .loaders.readonly import connect_read_only
from .loaders.seedsdigest import vouched_digest

# Fit for a public site: bounded queries, cacheable pages, the database downloadable,
# and no facet suggestions (scans nobody asked for; see benchmarks/README.md). SQL typed by a
# reader has a shorter limit and a share of its own (datasette_diplofacts/delivery.py).
SETTINGS: dict[str, object] = {
    "sql_time_limit_ms": 3000,
    "max_returned_rows": 1000,
    "default_page_size": 25,
    "default_facet_size": 10,
    "default_cache_ttl": 600,
    "allow_download": True,
    "suggest_facets": False,
    "facet_time_limit_ms": 500,
}
NO_SQL = {"default_allow_sql": False}  # `facts serve --no-sql`, FACTS_SQL=off: no SQL typed by readers


def settings(sql: bool = True) -> dict[str, object]:
    return {**SETTINGS, **({} if sql else NO_SQL)}


def _say(text: str) -> None:
    sys.stderr.write(f"facts serve: {text}\n")


def _current(path: Path, db_path: Path, vouched: tuple[bool, str | None]) -> dict | None:
    """The inspect data held in ``path`` if it describes ``db_path`` as it is now: whole (a
    partial file does not parse), of its size, and of the digest its build recorded where a
    build recorded it (``vouched``: see ``vouched_digest``); for a database no build recorded
    here (a copy, a download), newer than the database."""
    recorded, digest = vouched
    try:
        if not recorded and path.stat().st_mtime < db_path.stat().st_mtime:
            return None
        data = json.loads(path.read_text())
        (entry,) = data.values()
        if recorded and (digest is None or entry.get("hash") != digest):
            return None
        return data if entry.get("size") == db_path.stat().st_size else None
    except (OSError, ValueError, AttributeError, TypeError):
        return None


def _inspect(db_path: Path) -> dict:
    """Datasette's inspect data for ``db_path`` (its hash and table counts), made by
    ``datasette inspect`` in another process and read from its output: nothing is written."""
    out = subprocess.run([sys.executable, "-m", "datasette", "inspect", str(db_path), "--inspect-file", "-"],
                         check=True, capture_output=True)
    return json.loads(out.stdout)


def built_inspect(db_path: Path, sha256: str) -> dict:
    """What ``datasette inspect`` says of ``db_path``, from the digest its build already took
    (hashing the file again costs about a second per GB) and a count of each table. A full-text
    table's rows are counted in its ``_docsize`` table, one row per row indexed: counting the
    table itself reads every row of the table it indexes (the sources' text: 0.3 s of 0.4 at a
    million facts), and the check holds the index to that table row for row."""
    import sqlite3

    conn = connect_read_only(db_path)
    try:
        tables = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
        counts = {}
        for name, sql in tables.items():
            docsize = f"{name}_docsize"
            counted = docsize if docsize in tables and (sql or "").upper().startswith("CREATE VIRTUAL TABLE") else name
            try:
                counts[name] = conn.execute(f'SELECT count(*) FROM "{counted}"').fetchone()[0]
            except sqlite3.OperationalError:
                counts[name] = 0  # as Datasette counts a table it cannot read
    finally:
        conn.close()
    return {db_path.stem: {"hash": sha256, "size": db_path.stat().st_size, "file": str(db_path),
                           "tables": {name: {"count": n} for name, n in counts.items()}}}


def has_inspect(db_path: Path) -> bool:
    """Whether a current inspect file of ``db_path`` is beside it or in the temporary folder."""
    return _found(db_path) is not None


def write_built_inspect(db_path: Path, sha256: str) -> Path | None:
    """The inspect file of a database its build just wrote, so that serving it never hashes it."""
    return _written(db_path, built_inspect(db_path, sha256))


def _write(target: Path, data: dict) -> None:
    """Write ``target`` whole or not at all: a file beside it, then renamed over it."""
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")  # workers may race here
    try:
        partial.write_text(json.dumps(data, indent=2))
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


def beside(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + ".inspect.json")


def elsewhere(db_path: Path) -> Path:
    """Where the inspect file goes when it cannot go beside the database: the temporary folder
    (TMPDIR, else /tmp; never another: Python's own fallbacks end in the working folder),
    named by the database's full path."""
    key = hashlib.sha256(str(db_path.resolve()).encode()).hexdigest()[:16]
    return Path(os.environ.get("TMPDIR") or "/tmp") / f"diplofacts-{db_path.stem}-{key}.inspect.json"


def _inspected(db_path: Path) -> tuple[Path | None, dict]:
    """A current inspect file of ``db_path`` and its data: the one beside it or in the temporary
    folder where one is current, else made now and written beside it, or in the temporary
    folder where that cannot be written (a read-only or full file system); no file where
    neither can be."""
    found = _found(db_path)
    if found is not None:
        return found
    data = _inspect(db_path)
    return _written(db_path, data), data


def _found(db_path: Path) -> tuple[Path, dict] | None:
    """A current inspect file of ``db_path``, beside it or in the temporary folder, and its data."""
    vouched = vouched_digest(db_path)  # the build's record, read once for both places
    for target in (beside(db_path), elsewhere(db_path)):
        data = _current(target, db_path, vouched)
        if data is not None:
            return target, data
    return None


def _written(db_path: Path, data: dict) -> Path | None:
    """``data`` written beside ``db_path``, else in the temporary folder; None where neither can be."""
    for target in (beside(db_path), elsewhere(db_path)):
        try:
            _write(target, data)
            return target
        except OSError as error:
            _say(f"cannot write {target} ({error.strerror or error})")
    return None


def inspect_file(db_path: Path) -> Path | None:
    """A current inspect file for ``db_path`` (``_inspected``), for ``datasette serve
    --inspect-file``: Datasette trusts its hash and table counts instead of scanning the file
    at start; None where none can be written (Datasette then counts the tables itself)."""
    target, _ = _inspected(db_path)
    if target is None:
        _say("serving without an inspect file (tables are counted at start)")
    return target


def load_inspect(db_path: Path) -> dict:
    """The inspect data of ``db_path`` (``_inspected``), kept in memory where no file can be
    written."""
    target, data = _inspected(db_path)
    if target is None:
        _say("keeping the inspect data in memory")
    return data


def serve_args(db_path: Path, host: str, port: int, sql: bool = True) -> list[str]:
    args = [sys.executable, "-m", "datasette", "serve", "-i", str(db_path), "-h", host, "-p", str(port)]
    inspected = inspect_file(db_path)
    if inspected is not None:
        args += ["--inspect-file", str(inspected)]
    for name, value in settings(sql).items():
        args += ["--setting", name, ("on" if value else "off") if isinstance(value, bool) else str(value)]
    return args

"""Edits written into the database itself, and the readers that must never see one.

An incremental build changes a few rows of a large file (1.8–2.9 GB at a million facts).
Writing a new copy of the file per edit costs the copy and, on ext4, the flush of every block
of it at the rename. So an incremental build writes its changes into the database in one
SQLite transaction, with a rollback journal synchronised at commit: a reader through SQLite
(``datasette facts.db``, ``sqlite3``, a check) sees the database before or after the edit,
never half of it, and a build killed half-way leaves a journal that SQLite rolls back the
next time the file is opened for writing (``recover``).

A server opening the file *immutable* (``facts serve`` and the ASGI app run Datasette with
``-i``: no locks, no journal, its counts and hash taken once) must not see the file change
under it. Such a server holds a shared lock (``flock``) on ``.facts.db.readers`` beside the
database for as long as it runs (``hold_for_serving``); a build writes in place only when it
can take that lock exclusively (``writable_in_place``), else it writes a new file and renames
it over the database, as a full build does: the server keeps reading the file it opened. The
lock file is never removed (removing it would let a server and a build lock two files)."""
from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote


def readers_path(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.readers")


def journal_path(db_path: Path) -> Path:
    """The rollback journal SQLite keeps beside a database while a transaction writes it."""
    return db_path.with_name(f"{db_path.name}-journal")


def recover(db_path: Path | str) -> bool:
    """Roll back what a writer killed half-way left in ``db_path`` (its journal is still there):
    the file is opened for writing and read once, which SQLite does by itself. Whether a journal
    was there; nothing is done when there is none (a stat). A journal of a writer still running
    is left alone by SQLite (it holds its lock), and a file that cannot be opened for writing is
    left as it is: a read-only opening of it then fails ("attempt to write a readonly database")
    rather than read half an edit."""
    if not journal_path(Path(db_path)).exists():
        return False
    try:
        conn = sqlite3.connect(f"file:{quote(str(db_path))}?mode=rw", uri=True)  # any path (readonly.py)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        pass
    return True


def hold_for_serving(db_path: Path, on_wait: Callable[[str], None] | None = None) -> int | None:
    """A shared lock on the readers' file of ``db_path``, held by an immutable server for its
    life: the descriptor (kept across ``exec``; the lock goes with the process). Waits for a
    build writing in place to finish (``on_wait`` hears so). None where no lock can be made (a
    read-only folder, where no build can write either)."""
    fd = _open(readers_path(db_path))
    if fd is None:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        if on_wait is not None:
            on_wait(f"a build is writing {db_path}: waiting for it to finish")
        fcntl.flock(fd, fcntl.LOCK_SH)
    os.set_inheritable(fd, True)
    return fd


def _open(path: Path) -> int | None:
    """The lock file, opened for reading (a lock needs no more: a deploy's file made by another
    user serves), made if it is not there (never through a link); None where it cannot be."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        try:
            return os.open(path, flags)
        except FileNotFoundError:
            return os.open(path, flags | os.O_CREAT, 0o644)
    except OSError:
        return None


@contextmanager
def writable_in_place(db_path: Path) -> Iterator[bool]:
    """Whether no immutable server reads ``db_path``, held so until the block ends (no server
    starts meanwhile: it waits). False where a server holds the readers' lock, or where no lock
    can be made."""
    fd = _open(readers_path(db_path))
    if fd is None:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)

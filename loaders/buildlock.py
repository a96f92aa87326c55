"""One build at a time per database and per seeds folder.

Two builds of the same seeds would each append the same changes to ``seeds/history.jsonl``
(the history would then hold every revision twice, and no later build would accept it), and
two builds of one database would each record the file they wrote in the same records beside
it. So a build holds two advisory locks (``flock``) while it runs: on ``.facts.db.lock``
beside the database, and on the seeds folder itself (shared by builds that only read the
seeds, such as a check's scratch build). A second build waits for the first, after saying so.
The locks go with the process: a killed build leaves nothing to clean up. The lock file is
never removed (removing it would let two builds lock two different files of one name).
"""
from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.lock")


@contextmanager
def build_lock(seeds: Path, db_path: Path, *, writes_seeds: bool = True,
               on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the database's lock, then the seeds' (always in this order: two builds never wait
    for each other's second lock). ``on_wait`` hears why the build waits, once per lock."""
    with ExitStack() as held:
        # a folder where the lock cannot be made cannot take the database either, and a seeds
        # folder that cannot be opened is not built: the build itself says so, in its own words
        db_lock = _open(lock_path(db_path), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW)  # never through a link
        if db_lock is not None:
            held.callback(os.close, db_lock)
            _take(db_lock, fcntl.LOCK_EX, f"another build of {db_path} is running: waiting for it to finish", on_wait)
        seeds_lock = _open(seeds, os.O_RDONLY | os.O_DIRECTORY)
        if seeds_lock is not None:
            held.callback(os.close, seeds_lock)
            _take(seeds_lock, fcntl.LOCK_EX if writes_seeds else fcntl.LOCK_SH,
                  f"another build of the seeds in {seeds} is running: waiting for it to finish", on_wait)
        yield


def _open(path: Path, flags: int) -> int | None:
    try:
        return os.open(path, flags | os.O_CLOEXEC, 0o644)
    except OSError:
        return None


def _take(fd: int, mode: int, waiting: str, on_wait: Callable[[str], None] | None) -> None:
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        if on_wait is not None:
            on_wait(waiting)
        fcntl.flock(fd, mode)

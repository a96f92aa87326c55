"""What a build depends on: the digest of every file of seeds/ (path and content), of
everything but the fact files (registries and sources), and of each fact file.

Hashing a large corpus costs seconds (about 1.5 s for the 50,000 documents of a million
facts), so a build keeps, beside the database, the digest of each file with the size,
modification time and inode it had when read (``DigestCache``), and reuses a digest when
these are unchanged, as git does for its index. A file modified within two seconds before the
cache was made is always read again (its next change could keep the same time stamp on a
file system with coarse times); ``facts build --full`` reads everything."""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .safefiles import write_beside

FACT_SUFFIXES = (".yaml", ".yml", ".jsonl")
RACY_NS = 2_000_000_000
# A file system that keeps times finer than a second (the ns part of a time is not zero) moves
# a file's time at least every kernel tick (1–10 ms): a change 100 ms after the time recorded
# shows in the file's time, so the database a build wrote can be trusted by its stat that soon.
FINE_RACY_NS = 100_000_000


def racy_window(mtime_ns: int) -> int:
    """How long after a file's time its stat alone cannot vouch for its content: RACY_NS where
    the time is whole seconds (a file system that may keep only those), FINE_RACY_NS else."""
    return RACY_NS if mtime_ns % 1_000_000_000 == 0 else FINE_RACY_NS


def wait_past_window(mtime_ns: int) -> None:
    """Sleep until a file of fine times (``mtime_ns``) is FINE_RACY_NS old, if it is not yet: a
    read that begins then makes a record its stat vouches for."""
    wait_ns = mtime_ns + FINE_RACY_NS + 1_000_000 - time.time_ns()
    if 0 < wait_ns <= FINE_RACY_NS + 1_000_000:
        time.sleep(wait_ns / 1e9)


# A file this large is read again at most once its time is FINE_RACY_NS old, so that the next
# build trusts its stat: below it, reading it again costs less than the wait (about 1 GB/s).
SETTLE_BYTES = 64 * 1024 * 1024


@dataclass
class DigestCache:
    """path under seeds/ -> [size, mtime_ns, inode, digest, read_ns]: the digest of the file as
    it was when its read began at ``read_ns``; trusted while the file keeps that size, time and
    inode, if its time was already ``racy_window`` old then (a later change moves its time).
    Entries of four items (older caches) are trusted for files last modified before
    ``made_ns`` - RACY_NS. ``seen`` collects what this walk found, to be saved."""

    entries: dict[str, list] = field(default_factory=dict)
    made_ns: int = 0
    seen: dict[str, list] = field(default_factory=dict)
    started_ns: int = field(default_factory=time.time_ns)
    built: dict | None = None  # the record of the database file the last build wrote (below), kept

    @classmethod
    def load(cls, path: Path) -> DigestCache:
        try:
            data = json.loads(path.read_text())
            built = data.get("built")
            return cls(dict(data["entries"]), int(data["made_ns"]), built=built if isinstance(built, dict) else None)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()

    def digest(self, name: str, path: str, settle: bool = False, prefix: PrefixDigest | None = None) -> str:
        """The digest of the file ``path`` (``name`` under seeds/), read only if no entry vouches
        for it. ``settle``: a file just written (the history the build appended to) is read
        once its time is past the window, if it is large (SETTLE_BYTES), so the next build trusts it;
        ``prefix``: of that file as it was before the lines appended, which are then all that is read."""
        read_ns = time.time_ns()  # before the stat: a change after it moves the file's time
        stat = os.stat(path, follow_symlinks=False)
        key = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        known = self.entries.get(name)
        if isinstance(known, list) and known[:3] == key and isinstance(known[3], str) and self._trusted(known):
            inner = known[3]  # as the file is now: the entry stays trusted from now on
        else:
            if settle and stat.st_size >= SETTLE_BYTES and stat.st_mtime_ns % 1_000_000_000:
                wait_past_window(stat.st_mtime_ns)
                return self.digest(name, path, prefix=prefix)
            continued = prefix.continued(key) if prefix is not None else None
            if continued is not None:
                inner = continued
            else:
                with open(path, "rb") as f:
                    inner = hashlib.file_digest(f, "sha256").hexdigest()
        self.seen[name] = [*key, inner, read_ns]
        return inner

    def _trusted(self, known: list) -> bool:
        mtime = known[1]
        if len(known) == 4:
            return mtime < self.made_ns - RACY_NS
        return len(known) == 5 and isinstance(known[4], int) and mtime < known[4] - racy_window(mtime)

    def save(self, path: Path) -> None:
        """Written next to the database."""
        data: dict = {"made_ns": self.started_ns, "entries": self.seen}
        if self.built is not None:
            data["built"] = self.built
        write_beside(path, json.dumps(data))


class PrefixDigest:
    """The SHA-256 of a file a build will append to (the history, 676 MB at a million facts),
    taken in a thread while the build does its other work, so that once the lines are appended
    only they are read: the digest of the whole file is that of the part read before,
    continued with them. It stands only for the file as it was read: the same size, time and
    inode just before the append (``before_append``), its time already past the racy window
    when the read began (a later change moves the time), and the read whole; else the file is
    read again as any other."""

    CHUNK = 8 * 1024 * 1024

    def __init__(self, path: Path):
        self.path, self.hash, self.whole = path, hashlib.sha256(), False
        self.stopped = threading.Event()
        self.read_ns = time.time_ns()  # before the stat, as DigestCache.digest takes it
        self.key = _stat_key(path)
        self.before: list[int] | None = None
        self.thread = threading.Thread(target=self._read, name="prefix-digest", daemon=True)
        self.thread.start()

    def _read(self) -> None:
        if self.key is None:
            return
        left = self.key[0]
        try:
            with open(self.path, "rb") as f:
                while left and not self.stopped.is_set():
                    chunk = f.read(min(self.CHUNK, left))
                    if not chunk:
                        return
                    self.hash.update(chunk)
                    left -= len(chunk)
        except OSError:
            return
        self.whole = not left

    def before_append(self) -> None:
        """Note the file's stat just before the build appends to it."""
        self.before = _stat_key(self.path)

    def stop(self) -> None:
        """Not wanted after all (nothing appended): the thread ends at its next chunk."""
        self.stopped.set()

    def continued(self, key: list[int]) -> str | None:
        """The SHA-256 of the file, whose stat is now ``key``, if it is the file read with lines
        appended since: its new bytes read and hashed after the ones read before."""
        self.thread.join()
        known = self.key
        if (not self.whole or known is None or self.before != known or key[2] != known[2] or key[0] < known[0]
                or not known[1] < self.read_ns - racy_window(known[1])):
            return None
        digest = self.hash.copy()
        try:
            with open(self.path, "rb") as f:
                f.seek(known[0])
                while chunk := f.read(self.CHUNK):
                    digest.update(chunk)
        except OSError:
            return None
        return digest.hexdigest()


def walk_seeds(seeds: Path, cache: DigestCache | None = None) -> Iterator[tuple[str, str]]:
    """(path under seeds/, digest of its content) for every file, in a fixed order. Walks
    folder by folder, so a corpus of many files costs no list of them all."""
    digests = cache if cache is not None else DigestCache()  # an empty cache: every file read

    def walk(folder: str, prefix: str) -> Iterator[tuple[str, str]]:
        with os.scandir(folder) as scan:
            entries = sorted((e.name, e.is_dir(follow_symlinks=False), e.is_file(follow_symlinks=False))
                             for e in scan)
        for name, is_dir, is_file in entries:
            path = os.path.join(folder, name)
            if is_dir:
                yield from walk(path, f"{prefix}{name}/")
                continue
            if not is_file:  # a link or a pipe: never opened here (a pipe would block)
                inner = f"-> {os.readlink(path)}" if os.path.islink(path) else "special"
            else:
                inner = digests.digest(f"{prefix}{name}", path)
            yield f"{prefix}{name}", inner

    yield from walk(str(seeds), "")


@dataclass
class SeedsState:
    """What a build depends on: the digest of all of seeds/, of everything but the fact files
    (registries and source documents), and of each fact file."""

    digest: str
    base: str
    fact_files: dict[str, str]
    history: str = ""  # of history.jsonl, which the build itself appends to (not in base)
    walked: list[tuple[str, str]] = field(default_factory=list, repr=False)  # (path, digest), in order

    def with_history(self, inner: str) -> SeedsState:
        """The state once the build has appended to history.jsonl (whose digest is now
        ``inner``), every other file as walked: no second walk of the seeds."""
        walked = [(path, inner if path == HISTORY_FILE else digest) for path, digest in self.walked]
        if HISTORY_FILE not in (path for path, _ in walked):
            walked = sorted([*walked, (HISTORY_FILE, inner)], key=lambda entry: _walk_order(entry[0]))
        return _state(walked)


def is_fact_file(path: str) -> bool:
    return path.startswith("facts/") and path.endswith(FACT_SUFFIXES)


HISTORY_FILE = "history.jsonl"


def seeds_state(seeds: Path, cache: DigestCache | None = None) -> SeedsState:
    return _state(list(walk_seeds(seeds, cache)))


def _state(walked: list[tuple[str, str]]) -> SeedsState:
    outer, base, files, history = hashlib.sha256(), hashlib.sha256(), {}, ""
    for path, inner in walked:
        line = f"{path} {inner}\n".encode()
        outer.update(line)
        if is_fact_file(path):
            files[path] = inner
        elif path == HISTORY_FILE:
            history = inner
        else:
            base.update(line)
    return SeedsState(outer.hexdigest(), base.hexdigest(), files, history, walked)


def _walk_order(path: str) -> list[tuple[str, bool]]:
    """Where ``walk_seeds`` puts a top-level file or one in a folder: folder by folder, each
    sorted by (name, is a folder)."""
    parts = path.split("/")
    return [(name, True) for name in parts[:-1]] + [(parts[-1], False)]


def seeds_digest(seeds: Path) -> str:
    """SHA-256 over every file of seeds/ (path and content): what a build depends on."""
    return seeds_state(seeds).digest


# -- the database file's own digest ---------------------------------------------------------
# What a build wrote, recorded beside the database (under ``built`` in ``.facts.db.digests``,
# kept there by the digest cache; ``build --full`` keeps it and knows the file by reading it):
# the SHA-256 of
# the file's bytes, its size, modification time and inode then, and the files it was built
# from incrementally. ``build --if-changed`` keeps, and ``check`` narrows to what changed for,
# only a file that is still the one the build wrote; a file edited since (with ``sqlite3``, say)
# is rebuilt, or checked in full. The bytes are read again (about 1 s per GB) unless the size,
# time and inode are those recorded and the record was made at least ``racy_window`` after the
# file's last change (the shortcut git takes for its index); a record found true by reading is made
# again, so that the next look costs a stat. A missing or damaged record means "not vouched
# for": a rebuild (or a full check), never a traceback. A file an edit build changed in place
# (inplace.py) is recorded by an identity instead of the SHA-256 of its bytes, and is vouched
# for by its stat only: read again, it matches no record (a rebuild, or a full check).
ANCESTORS = 100  # incremental builds remembered since the last full one


@dataclass(frozen=True)
class Lineage:
    """A database as the last build wrote it: the SHA-256 of its bytes (or, for a file an
    incremental build changed in place, the identity that build gave it: ``in_place_identity``),
    and those of the files it was built from incrementally (since the last full build), newest
    first."""

    sha256: str
    ancestors: tuple[str, ...] = ()
    # the records (kind, id) each of those incremental builds replaced or removed, and the
    # sources whose citations they changed (TOUCHED_SOURCE, id): touched[i] by the build that
    # started from ancestors[i] (so that a check narrows to them); shorter when not known
    touched: tuple[frozenset[tuple[str, str]], ...] = ()


TOUCHED_SOURCE = "source"  # in Lineage.touched: a source whose citations an incremental build changed
IN_PLACE = "build-"  # how the identity of a database changed in place begins (a SHA-256 is hex digits only)


def in_place_identity(previous: str, built: dict[str, str]) -> str:
    """The identity of a database an incremental build changed in place: a digest of the one it
    started from and of the new build info (the seeds' digest after the history appended, the
    code's, the time of the build), since the file itself is not hashed. It names the content
    as a SHA-256 of the file would (the same start and build info, the same rows), and is told
    from one by its prefix: where the file's own SHA-256 is wanted (a data package), it is read."""
    text = "\n".join([previous, *(f"{key}={built[key]}" for key in sorted(built))])
    return IN_PLACE + hashlib.sha256(text.encode()).hexdigest()


def digests_file(db_path: Path) -> Path:
    """Where a build keeps its digests beside the database: ``.facts.db.digests``."""
    return db_path.with_name(f".{db_path.name}.digests")


def file_sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _stat_key(path: Path) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ino]


def _save_built(db_path: Path, lineage: Lineage, key: list[int], made_ns: int, cache: DigestCache | None = None) -> None:
    """The record saved in the digests file, with the seeds' digests it holds kept as they were;
    or put in ``cache`` (a build's, which saves it with the digests as it walked them)."""
    loaded = cache is None
    if cache is None:
        cache = DigestCache.load(digests_file(db_path))
        cache.seen, cache.started_ns = cache.entries, cache.made_ns
    cache.built = {"sha256": lineage.sha256, "stat": key, "made_ns": made_ns, "ancestors": list(lineage.ancestors),
                   "touched": [sorted(ids) for ids in lineage.touched]}
    if loaded:
        cache.save(digests_file(db_path))


def record_built(db_path: Path, ancestors: tuple[str, ...] = (),
                 touched: tuple[frozenset[tuple[str, str]], ...] = (), moved_from: Path | None = None,
                 cache: DigestCache | None = None, identity: str | None = None) -> Lineage | None:
    """Record ``db_path`` as the file a build just wrote (``ancestors``: the files it was built
    from incrementally, newest first). A file that cannot be read again keeps no record. On a
    file system with fine times the file is read once FINE_RACY_NS past its time, so that the
    next build or check trusts its stat (before, the record fell within a 2 s window and the next
    look read the whole database again: 2.7 GB at a million facts).

    With ``moved_from``, the build's file is still there: it is renamed to ``db_path`` while it
    is read. On ext4 the rename of a new file over another waits until the new file's blocks are
    written (about 1.5 s at a million facts), and hashing it takes the other core as long.

    ``cache``: the build's digest cache, which takes the record and is saved by the build (one
    write of the digests file a build, not one for the seeds and another for the record: 7.6 MB
    of JSON at a million facts).

    ``identity``: a database an incremental build changed in place is not read at all (that is
    the point: 2.4 s at a million facts); it is known by this identity instead of its SHA-256
    (``in_place_identity``), and by its stat, as any record."""
    path = moved_from or db_path
    key = _stat_key(path)
    if key is not None and key[1] % 1_000_000_000:  # fine times: read it once past their window
        wait_past_window(key[1])
        key = _stat_key(path)
    made_ns = time.time_ns()
    if identity is not None:
        digest = identity if key is not None else None
    else:
        digest = _hash_renaming(path, db_path, moved_from)
    if digest is None:
        return None
    lineage = Lineage(digest, ancestors[:ANCESTORS], touched[:min(len(ancestors), ANCESTORS)])
    if key is not None:
        _save_built(db_path, lineage, key, made_ns, cache)
    return lineage


def _hash_renaming(path: Path, db_path: Path, moved_from: Path | None) -> str | None:
    """The SHA-256 of ``path`` (None: it cannot be read), renamed to ``db_path`` meanwhile when
    it is the build's file (``moved_from``)."""
    with contextlib.ExitStack() as stack:
        try:  # opened before the rename: the same file under its new name
            file = stack.enter_context(open(path, "rb"))
        except OSError:
            hashing = None
        else:
            pool = stack.enter_context(ThreadPoolExecutor(max_workers=1, thread_name_prefix="record-built"))
            hashing = pool.submit(hashlib.file_digest, file, "sha256")
        if moved_from is not None:
            os.replace(moved_from, db_path)
        try:
            return hashing.result().hexdigest() if hashing is not None else None
        except OSError:
            return None


def _load_built(db_path: Path, cache: DigestCache | None = None) -> tuple[Lineage, list[int], int] | None:
    """The record of the file the last build wrote, from ``cache`` (the digests file, loaded
    already) or read from the file."""
    data = (cache if cache is not None else DigestCache.load(digests_file(db_path))).built
    if data is None:
        return None
    try:
        lineage = Lineage(data["sha256"], tuple(data["ancestors"]))
        key, made_ns = data["stat"], data["made_ns"]
    except (KeyError, TypeError):
        return None
    try:  # the records each build replaced: a shortcut for the check, dropped when not as written
        touched = tuple(frozenset((kind, fact) for kind, fact in ids) for ids in data.get("touched", []))
        if all(isinstance(k, str) and isinstance(i, str) for ids in touched for k, i in ids):
            lineage = Lineage(lineage.sha256, lineage.ancestors, touched[:len(lineage.ancestors)])
    except (TypeError, ValueError):
        pass
    if (not isinstance(lineage.sha256, str) or not all(isinstance(a, str) for a in lineage.ancestors)
            or not isinstance(key, list) or len(key) != 3 or not all(isinstance(k, int) for k in key)
            or not isinstance(made_ns, int)):
        return None
    return lineage, key, made_ns


def database_digest(db_path: Path, verify: bool = False,
                    cache: DigestCache | None = None) -> tuple[str | None, Lineage | None]:
    """The SHA-256 of ``db_path``'s bytes (None if it cannot be read), and its lineage if it is
    still the file the last build wrote (else None). Costs a stat when the record vouches for
    the file by its size, time and inode; else, or with ``verify``, the file is read.
    ``cache``: the digests file, loaded already."""
    started_ns = time.time_ns()
    key = _stat_key(db_path)
    if key is None:
        return None, None
    known = _load_built(db_path, cache)
    if known is not None:
        lineage, recorded, made_ns = known
        if not verify and _vouches(recorded, key, made_ns):
            return lineage.sha256, lineage
    try:
        digest = file_sha256(db_path)
    except OSError:
        return None, None
    if known is None or known[0].sha256 != digest:
        return digest, None
    if _stat_key(db_path) == key:  # unchanged while read: the next look trusts its stat
        _save_built(db_path, known[0], key, started_ns, cache)
    return digest, known[0]


def vouched_digest(db_path: Path) -> tuple[bool, str | None]:
    """Whether a build recorded ``db_path``, and the SHA-256 it recorded if that record still
    vouches for the file by its stat (None: the file changed since, or it is too soon to tell).
    Never reads the database."""
    known = _load_built(db_path)
    key = _stat_key(db_path)
    if known is None or key is None:
        return known is not None, None
    lineage, recorded, made_ns = known
    return True, lineage.sha256 if _vouches(recorded, key, made_ns) else None


def _vouches(recorded: list[int], key: list[int], made_ns: int) -> bool:
    """Whether a record made at ``made_ns`` of a file's stat ``recorded`` vouches for the file
    whose stat is now ``key``: the same, and its time already past the window then."""
    return recorded == key and key[1] < made_ns - racy_window(key[1])


def built_lineage(db_path: Path, verify: bool = False, cache: DigestCache | None = None) -> Lineage | None:
    """The lineage of ``db_path`` if it is still the file the last build wrote, else None
    (``verify``: known by reading the file, not by its stat; ``cache``: the digests file, loaded)."""
    return database_digest(db_path, verify, cache)[1]

"""What a build depends on: the digest of every file of seeds/ (path and content), of
everything but the fact files (registries and sources), and of each fact file.

Hashing a large corpus costs seconds (about 1.5 s for the 50,000 documents of a million
facts), so a build keeps, beside the database, the digest of each file with the size,
modification time and inode it had when read (``DigestCache``), and reuses a digest when
these are unchanged, as git does for its index. A file modified within two seconds before the
cache was made is always read again (its next change could keep the same time stamp on a
file system with coarse times); ``facts build --full`` reads everything."""
from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .safefiles import write_beside

FACT_SUFFIXES = (".yaml", ".yml", ".jsonl")
RACY_NS = 2_000_000_000


@dataclass
class DigestCache:
    """path under seeds/ -> [size, mtime_ns, inode, digest], trusted for files last modified
    before ``made_ns`` - RACY_NS; ``seen`` collects what this walk found, to be saved."""

    entries: dict[str, list] = field(default_factory=dict)
    made_ns: int = 0
    seen: dict[str, list] = field(default_factory=dict)
    started_ns: int = field(default_factory=time.time_ns)

    @classmethod
    def load(cls, path: Path) -> DigestCache:
        try:
            data = json.loads(path.read_text())
            return cls(dict(data["entries"]), int(data["made_ns"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def digest(self, name: str, path: str, stat: os.stat_result) -> str:
        key = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        known = self.entries.get(name)
        if (isinstance(known, list) and len(known) == 4 and known[:3] == key and isinstance(known[3], str)
                and stat.st_mtime_ns < self.made_ns - RACY_NS):
            inner = known[3]
        else:
            with open(path, "rb") as f:
                inner = hashlib.file_digest(f, "sha256").hexdigest()
        self.seen[name] = [*key, inner]
        return inner

    def save(self, path: Path) -> None:
        """Written next to the database."""
        write_beside(path, json.dumps({"made_ns": self.started_ns, "entries": self.seen}))


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
                inner = digests.digest(f"{prefix}{name}", path, os.stat(path, follow_symlinks=False))
            yield f"{prefix}{name}", inner

    yield from walk(str(seeds), "")


@dataclass
class SeedsState:
    """What a build depends on: the digest of all of seeds/, of everything but the fact files
    (registries and source documents), and of each fact file."""

    digest: str
    base: str
    fact_files: dict[str, str]


def is_fact_file(path: str) -> bool:
    return path.startswith("facts/") and path.endswith(FACT_SUFFIXES)


def seeds_state(seeds: Path, cache: DigestCache | None = None) -> SeedsState:
    outer, base, files = hashlib.sha256(), hashlib.sha256(), {}
    for path, inner in walk_seeds(seeds, cache):
        line = f"{path} {inner}\n".encode()
        outer.update(line)
        if is_fact_file(path):
            files[path] = inner
        else:
            base.update(line)
    return SeedsState(outer.hexdigest(), base.hexdigest(), files)


def seeds_digest(seeds: Path) -> str:
    """SHA-256 over every file of seeds/ (path and content): what a build depends on."""
    return seeds_state(seeds).digest

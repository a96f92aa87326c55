"""Reproducible builds: whether a database is exactly a build of some seeds by this code.

``facts verify`` builds the seeds again, in full, into a temporary folder, and compares the
two databases' content digests (``content.py``: the schema, every row of every table, every
term of the full-text index, the build info but the time of the build). Two builds of the same
seeds by the same code have the same content, so a published ``facts.db`` with the digest of
a fresh build is that build: nothing in it was added, dropped or edited since. The parts that
differ are named, so a difference can be looked for where it is."""
from __future__ import annotations

import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..schema.buildinfo import BuildInfo
from .build import build, build_info
from .content import content_digests
from .problems import NotAFactsDatabase
from .tuning import Tuning


@dataclass(frozen=True)
class Verified:
    """A database compared with a fresh build of the seeds: both content digests, the parts
    whose content differs (in the order ``content.py`` reads them), and both build infos."""

    db_path: Path
    seeds: Path
    digest: str  # the content digest of db_path
    built_digest: str  # that of the fresh build
    differing: tuple[str, ...]  # parts of the content that differ (schema, tables, search indexes)
    info: BuildInfo  # db_path's build info (empty if it has none that can be read)
    built_info: BuildInfo  # the fresh build's

    @property
    def same(self) -> bool:
        return self.digest == self.built_digest

    @property
    def other_code(self) -> bool:
        """Whether db_path says another version of the code built it."""
        return self.info.code_sha256 != self.built_info.code_sha256

    @property
    def other_seeds(self) -> bool:
        """Whether db_path says it was built from other seeds."""
        return self.info.seeds_sha256 != self.built_info.seeds_sha256


def verify(db_path: Path, seeds: Path, tuning: Tuning | None = None) -> Verified:
    """Build ``seeds`` in full into a temporary folder and compare ``db_path`` with it.
    ``BuildFailed`` when the seeds do not build; ``NotAFactsDatabase`` when ``db_path`` is
    missing or not an SQLite database. ``db_path`` is only read."""
    db_path, seeds = Path(db_path), Path(seeds)
    if not db_path.is_file():
        raise NotAFactsDatabase(db_path, "no such database")
    try:
        digest, parts = content_digests(db_path)
    except sqlite3.DatabaseError as exc:
        raise NotAFactsDatabase(db_path, f"not a facts database ({exc})") from None
    with tempfile.TemporaryDirectory(prefix="facts-verify-") as scratch:
        fresh = Path(scratch) / "facts.db"
        build(seeds, fresh, tuning=tuning, full=True, record=False)  # never writes the seeds
        built_digest, built_parts = content_digests(fresh)
        built_info = build_info(fresh)
    differing = tuple(name for name in [*parts, *(n for n in built_parts if n not in parts)]
                      if parts.get(name) != built_parts.get(name))
    return Verified(db_path, seeds, digest, built_digest, differing, build_info(db_path), built_info)

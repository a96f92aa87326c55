"""seeds/ → facts.db: validate every file, anchor every excerpt, write, and only then replace
the database. A failed build leaves the previous facts.db untouched, byte for byte."""
from __future__ import annotations

import gc
import hashlib
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ..schema import Entity, Source
from ..schema.tables import FACT_TABLES
from .database import Writer, create_tables, finalize
from .factfiles import Corpus, FileJob, process_files
from .problems import BuildFailed, Problem
from .recordfiles import RecordFile
from .references import dangling_references
from .rows import entity_rows, source_row

SCHEMA_VERSION = "1"
FACT_SUFFIXES = (".yaml", ".yml", ".jsonl")
Progress = Callable[[str, int], None]  # (file just done, facts so far)


@dataclass
class BuildReport:
    db_path: Path
    digest: str
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0
    seconds: float = 0.0
    skipped: bool = False
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage


def fact_files(seeds: Path) -> list[Path]:
    folder = seeds / "facts"
    return sorted(p for p in folder.rglob("*") if p.suffix in FACT_SUFFIXES and p.is_file())


def registry(seeds: Path, name: str) -> Path:
    """``seeds/sources.yaml`` or ``seeds/sources.jsonl`` (the same for entities)."""
    for suffix in (".yaml", ".yml", ".jsonl"):
        if (seeds / f"{name}{suffix}").exists():
            return seeds / f"{name}{suffix}"
    return seeds / f"{name}.yaml"


def seeds_digest(seeds: Path) -> str:
    """SHA-256 over every file of seeds/ (path and content): what a build depends on.
    Walks folder by folder, so a corpus of many files costs no list of them all."""
    outer = hashlib.sha256(f"schema {SCHEMA_VERSION}\n".encode())

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as scan:
            entries = sorted((e.name, e.is_dir()) for e in scan)
        for name, is_dir in entries:
            if is_dir:
                walk(os.path.join(folder, name), f"{prefix}{name}/")
                continue
            with open(os.path.join(folder, name), "rb") as f:
                inner = hashlib.file_digest(f, "sha256").hexdigest()
            outer.update(f"{prefix}{name} {inner}\n".encode())

    walk(str(seeds), "")
    return outer.hexdigest()


def built_digest(db_path: Path) -> str | None:
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM build_info WHERE key = 'seeds_sha256'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def build(
    seeds: Path, db_path: Path, progress: Progress | None = None, if_changed: bool = False,
    workers: int | None = None,
) -> BuildReport:
    """Build ``db_path`` from ``seeds``; raise BuildFailed with every problem, leaving
    ``db_path`` as it was. ``workers`` processes parse fact files (default: one per core)."""
    seeds, db_path = Path(seeds), Path(db_path)
    began = time.perf_counter()
    report = BuildReport(db_path, seeds_digest(seeds))
    report.timings["digest"] = time.perf_counter() - began
    if if_changed and db_path.exists() and built_digest(db_path) == report.digest:
        report.skipped = True
        return report
    tmp = db_path.with_name(f".{db_path.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        gc.disable()  # the build makes millions of objects and no cycles worth collecting
        problems = _Build(seeds, tmp, report, progress, workers or os.cpu_count() or 1).run()
        if problems:
            raise BuildFailed(problems)
        os.replace(tmp, db_path)
    finally:
        gc.enable()
        tmp.unlink(missing_ok=True)
    report.seconds = time.perf_counter() - began
    return report


class _Build:
    def __init__(self, seeds: Path, tmp: Path, report: BuildReport, progress: Progress | None, workers: int):
        self.seeds, self.report, self.progress = seeds, report, progress
        self.problems: list[Problem] = []
        self.conn = sqlite3.connect(tmp, isolation_level=None)
        for pragma in ("journal_mode = MEMORY", "synchronous = OFF", "foreign_keys = OFF", "cache_size = -50000"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.db = sqlite_utils.Database(self.conn)
        self.writer = Writer(self.conn, self._duplicate)
        self.entities: set[str] = set()
        self.rejected: set[str] = set()  # ids of records with problems, not written
        self.source_files: dict[str, str] = {}  # accepted sources: id -> file in seeds/sources/
        self.workers = workers

    def display(self, path: Path) -> str:
        """A path as problems name it: relative to the working folder, for editors' links."""
        return os.path.relpath(path)

    def record_path(self, path: Path) -> str:
        """A path as the database records it: independent of where the build ran."""
        return f"{self.seeds.name}/{path.relative_to(self.seeds).as_posix()}"

    def run(self) -> list[Problem]:
        try:
            create_tables(self.db)
            self.conn.execute("BEGIN")
            began = time.perf_counter()
            self._sources()
            self._entities()
            self.writer.flush()
            self.conn.execute("COMMIT")
            # Fact-file workers are forked next: give them a lean parent, not its page cache.
            self.conn.execute("PRAGMA shrink_memory")
            self.conn.execute("BEGIN")
            self.report.timings["sources"] = time.perf_counter() - began
            self._facts()
            self.writer.flush()
            self.conn.execute("COMMIT")
            self.problems += dangling_references(self.conn, self.seeds, self.rejected)
            if not self.problems:
                self.report.counts = self._counts()
                began = time.perf_counter()
                finalize(self.db, {"seeds_sha256": self.report.digest, "schema_version": SCHEMA_VERSION,
                                   **{f"count_{k}": str(v) for k, v in self.report.counts.items()}})
                self.report.timings["finalize"] = time.perf_counter() - began
        finally:
            self.conn.close()
        return self.problems

    def _read(self, path: Path, sections: dict) -> RecordFile:
        if not path.exists():
            self.problems.append(Problem(self.display(path), 1, 1, "file not found"))
        return RecordFile(path, self.display(path), sections)

    def _sources(self) -> None:
        file = self._read(registry(self.seeds, "sources"), {"sources": Source})
        if not file.path.exists():
            return
        seen: dict[str, int] = {}
        for loc, source in file.records():
            if source.id in seen:
                file.add(loc + ("id",), f"duplicate source id '{source.id}' (first at line {seen[source.id]})")
                continue
            seen[source.id] = file.line_of(loc)
            path = self.seeds / "sources" / source.file
            if not path.is_file():
                file.add(loc + ("file",), f"no such document: {self.display(path)}")
                continue
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if digest != source.sha256:
                file.add(loc + ("sha256",), f"{self.display(path)} has SHA-256 {digest}, not the registered "
                         "one: a source document is never edited (register a new source instead)")
                continue
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                file.add(loc + ("file",), f"{self.display(path)} is not UTF-8 ({exc.reason} at byte {exc.start})")
                continue
            self.writer.add({"sources": [source_row(source, text, digest)]})
            self.source_files[source.id] = source.file
        self.problems += file.problems

    def _entities(self) -> None:
        file = self._read(registry(self.seeds, "entities"), {"entities": Entity})
        if not file.path.exists():
            return
        for loc, entity in file.records():
            if entity.id in self.entities:
                file.add(loc + ("id",), f"duplicate entity id '{entity.id}'")
                continue
            self.entities.add(entity.id)
            self.writer.add(entity_rows(entity))
        self.problems += file.problems

    def _facts(self) -> None:
        jobs = [FileJob(p, self.display(p), self.record_path(p)) for p in fact_files(self.seeds)]
        corpus = Corpus(frozenset(self.entities), self.seeds / "sources", self.source_files)
        facts, timings, clock = 0, self.report.timings, time.perf_counter
        for result in process_files(jobs, corpus, self.workers):
            began = clock()
            for rows in result.rows:
                self.writer.add(rows)
            timings["write"] = timings.get("write", 0.0) + clock() - began
            for stage, seconds in result.timings.items():
                timings[stage] = timings.get(stage, 0.0) + seconds
            self.problems += result.problems
            self.rejected |= result.rejected
            facts += result.facts
            self.report.files += 1
            if self.progress:
                self.progress(result.display, facts)

    def _duplicate(self, table: str, row: tuple) -> None:
        """A row broke a primary key. Only fact and disagreement ids can clash: the link
        rows of a duplicate fact clash with it, and are not reported twice."""
        if table not in (*FACT_TABLES.values(), "disagreements"):
            return
        first = self.conn.execute(f"SELECT record FROM [{table}] WHERE id = ?", (row[0],)).fetchone()
        path, line = row[-1].rsplit(":", 1)  # fact and disagreement rows end with their record
        self.problems.append(Problem(
            self.display(self.seeds.parent / path), int(line), 1,
            f"id: duplicate {table[:-1]} id '{row[0]}'" + (f" (first at {first[0]})" if first else ""),
        ))

    def _counts(self) -> dict[str, int]:
        names = ("sources", "entities", *FACT_TABLES.values(), "citations", "disagreements")
        counts = {n: self.conn.execute(f"SELECT count(*) FROM [{n}]").fetchone()[0] for n in names}
        return {**counts, "facts": sum(counts[t] for t in FACT_TABLES.values())}

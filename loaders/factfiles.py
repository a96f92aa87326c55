"""One fact file at a time: parse, validate, anchor, and turn into rows. Pure work on one
file, so files can be processed in parallel worker processes while the main process writes."""
from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel

from ..schema.kinds import RECORD_KINDS, Kind
from .evidence import check_record, salvage_record
from .problems import Problem, record_place
from .recordfiles import RecordFile
from .recordmap import BLANK, DIGEST_BYTES, FileRecords, record_key
from .rows import RowMakers
from .safefiles import Unsafe, check_file, read_inside
from .seedsdigest import FACT_SUFFIXES

FACT_SECTIONS: dict[str, type[BaseModel]] = {k.section: k.model for k in RECORD_KINDS}
KIND_OF: dict[type[BaseModel], Kind] = {k.model: k for k in RECORD_KINDS}
SOURCE_CACHE = 1024  # source texts kept in memory per process (facts cite nearby sources)


class SourceLookup(Protocol):
    """The file of a source by its id (a dict, or incremental.SourceFiles reading the database)."""

    def get(self, source_id: str, /) -> str | None: ...


@dataclass(frozen=True)
class Corpus:
    """What a file's records are checked against: known entities and the source documents."""

    entities: frozenset[str]
    folder: Path  # seeds/sources/
    source_files: SourceLookup  # id -> file in folder, verified against its hash already
    rejected: dict[str, frozenset[str]] = field(default_factory=dict)  # sources, entities that failed
    broken: frozenset[str] = frozenset()  # registries that failed whole: "sources", "entities"

    def reported(self, table: str, ident: str) -> bool:
        """Whether naming an unknown ``ident`` of ``table`` is a problem of its own, rather than
        an echo of one already reported (the record failed, or its registry did)."""
        return table not in self.broken and ident not in self.rejected.get(table, ())


@dataclass(frozen=True)
class FileJob:
    path: Path
    name: str  # relative to the seeds folder: as problems and the record column name it
    lines: frozenset[int] | None = None  # JSON Lines: only these lines changed (see recordmap.py)


@dataclass
class FileResult:
    name: str  # the file, relative to the seeds folder
    rows: list[dict[str, list[tuple]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rejected: set[str] = field(default_factory=set)
    facts: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    records: list[tuple[int, str]] = field(default_factory=list)  # (line, "type\tid") of each record read
    line_digests: bytes | None = None  # JSON Lines: of every line of the file (recordmap.line_digests)

    def record_map(self, sha256: str, known: FileRecords | None = None, read: frozenset[int] | None = None,
                   digests: bytes | None = None) -> FileRecords:
        """What recordmap keeps of this version of the file: its records line by line. Where
        only the lines ``read`` were read, the others are those of ``known``, the version before,
        and ``digests`` are those of every line of the file (taken to find the lines to read)."""
        digests = self.line_digests if digests is None else digests
        if digests is None:  # YAML: the records in order
            return FileRecords(sha256, tuple(entry for _, entry in self.records))
        count = len(digests) // DIGEST_BYTES
        records = [BLANK] * count
        if known is not None and read is not None:
            records[:min(count, len(known.records))] = known.records[:count]
            for line in read:
                if line <= count:
                    records[line - 1] = BLANK
        for line, entry in self.records:
            records[line - 1] = entry
        return FileRecords(sha256, tuple(records), digests)


@dataclass
class _State:
    """What each process checks files against, set before workers are forked."""

    corpus: Corpus
    makers: RowMakers


_state: _State | None = None


def use_corpus(corpus: Corpus) -> None:
    global _state
    _state = _State(corpus, RowMakers())
    _text.cache_clear()


@lru_cache(maxsize=SOURCE_CACHE)
def _text(source_id: str) -> str | None:
    assert _state is not None
    name = _state.corpus.source_files.get(source_id)
    return read_inside(_state.corpus.folder, name, f"sources/{name}").decode("utf-8") if name else None


def fact_paths(seeds: Path) -> list[Path]:
    """The fact files under ``seeds/facts/`` (by their suffix), found without following a
    link, and what there would be skipped in silence otherwise: a link to a folder (its fact
    files are not read), a link or a pipe with a fact file's suffix. Every path is checked
    when read (``check_file``), so these are reported, each as a problem of its own."""
    folder = seeds / "facts"
    if os.path.islink(folder):
        return [folder]
    found: list[Path] = []

    def walk(path: str) -> None:
        try:
            with os.scandir(path) as scan:
                entries = list(scan)
        except OSError:  # a folder that cannot be listed: reported (not a file), not skipped
            found.append(Path(path))
            return
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path)
            elif entry.name.endswith(FACT_SUFFIXES) or (entry.is_symlink() and entry.is_dir()):
                found.append(Path(entry.path))

    if folder.is_dir():
        walk(str(folder))
    return sorted(found)


def process_file(job: FileJob) -> FileResult:
    """One file's rows and problems. Whatever goes wrong while reading it becomes a problem
    located in it, so the build goes on to report the other files."""
    result = FileResult(job.name)
    try:
        assert _state is not None
        check_file(job.path, _state.corpus.folder.parent, job.name)
        _process(job, result, _state)
    except Unsafe as exc:
        result.problems.append(Problem(job.name, 1, 1, str(exc)))
    except Exception as exc:  # a file that breaks the reader must not break the build
        result.problems.append(Problem(job.name, 1, 1, f"could not be read ({type(exc).__name__}: {exc})"))
    if result.problems:
        result.rows = []
    return result


def _process(job: FileJob, result: FileResult, state: _State) -> None:
    corpus, makers = state.corpus, state.makers

    def salvage(file: RecordFile, loc: tuple, raw: dict, model: type[BaseModel]) -> None:
        if isinstance(raw.get("id"), str):
            result.rejected.add(raw["id"])
        salvage_record(KIND_OF[model], raw, loc, file, corpus, _text)

    file = RecordFile(job.path, job.name, FACT_SECTIONS, salvage, job.lines)
    anchor_seconds = rows_seconds = 0.0
    clock = time.perf_counter
    for loc, record in file.records():
        t0 = clock()
        kind = KIND_OF[type(record)]
        anchors = check_record(kind, record, loc, file, corpus, _text)
        t1 = clock()
        anchor_seconds += t1 - t0
        if anchors is None:
            result.rejected.add(str(getattr(record, "id")))  # noqa: B009 (every record has one)
            continue
        line = file.line_of(loc)
        result.rows.append(makers.record(kind, record, anchors, record_place(job.name, line)))
        result.records.append((line, record_key(kind.name, str(getattr(record, "id")))))  # noqa: B009
        result.facts += kind.is_fact
        rows_seconds += clock() - t1
    result.problems = file.problems
    result.line_digests = file.line_digests
    result.timings = {"parse": file.parse_seconds, "validate": file.validate_seconds,
                      "anchor": anchor_seconds, "rows": rows_seconds}


def process_files(jobs: list[FileJob], corpus: Corpus, workers: int) -> Iterator[FileResult]:
    """Results in file order. With several workers, at most a few files are in flight, so
    memory stays bounded by the largest files however large the corpus."""
    use_corpus(corpus)
    if workers <= 1 or len(jobs) <= 1:
        yield from map(process_file, jobs)
        return
    with get_context("fork").Pool(workers) as pool:
        yield from _bounded_imap(pool.apply_async, process_file, jobs, window=2 * workers)


def _bounded_imap(submit: Callable, fn: Callable, items: Iterable, window: int) -> Iterator:
    pending: deque = deque()
    for item in items:
        pending.append(submit(fn, (item,)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()

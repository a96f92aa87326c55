"""seeds/ → facts.db: validate every file, anchor every excerpt, write, and only then replace
the database. A failed build leaves the previous facts.db untouched, byte for byte."""
from __future__ import annotations

import datetime
import hashlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils
from pydantic import BaseModel

from ..schema import Entity, Source
from ..schema.buildinfo import BuildInfo
from . import history, incremental, recordmap
from .buildlock import build_lock
from .codeversion import code_digest
from .content import content_digest
from .database import Writer, create_tables, duplicate_problem, finalize, table_counts
from .datecheck import unsupported_days
from .disputes import contrary_citations
from .factfiles import Corpus, FileJob, fact_paths, process_files
from .inplace import recover, writable_in_place
from .problems import BuildFailed, Problem
from .readonly import connect_read_only
from .recordfiles import RecordFile
from .references import dangling_references
from .rows import RowMakers
from .safefiles import Unsafe, check_file, read_inside, remove_leftovers
from .seedsdigest import (
    HISTORY_FILE,
    SETTLE_BYTES,
    DigestCache,
    PrefixDigest,
    SeedsState,
    built_lineage,
    in_place_identity,
    record_built,
    seeds_digest,
    seeds_state,
)
from .tuning import Tuning

Progress = Callable[[str, int], None]  # (file just done, facts so far)


@dataclass
class BuildReport:
    db_path: Path
    digest: str  # of the seeds
    code: str  # of the code that shapes the database
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0
    seconds: float = 0.0
    skipped: bool = False
    changed: incremental.Plan | None = None  # set when the build was incremental
    revisions: list = field(default_factory=list)  # what changed in the facts (history.Revision)
    sha256: str | None = None  # of the database file as the build left it (None: no record of it); for a file
    # changed in place, its identity instead (seedsdigest.in_place_identity: "build-" and a digest)
    in_place: bool = False  # an incremental build that wrote into the database itself (inplace.py)


def fact_files(seeds: Path) -> list[Path]:
    """Every fact file, and every link or special file there that the build reports (see fact_paths)."""
    return fact_paths(seeds)


def registry(seeds: Path, name: str) -> Path:
    """``seeds/sources.yaml`` or ``seeds/sources.jsonl`` (the same for entities)."""
    for suffix in (".yaml", ".yml", ".jsonl"):
        if (seeds / f"{name}{suffix}").exists():
            return seeds / f"{name}{suffix}"
    return seeds / f"{name}.yaml"


def build_info(db_path: Path) -> BuildInfo:
    """The ``build_info`` of a built database; empty if there is none or it cannot be read."""
    try:
        conn = connect_read_only(db_path)
        try:
            return BuildInfo.from_rows(conn.execute("SELECT key, value FROM build_info"))
        finally:
            conn.close()
    except (sqlite3.Error, ValueError):
        return BuildInfo()


def built_at() -> str:
    """Now, in UTC; or SOURCE_DATE_EPOCH's time where it is set, for byte-identical rebuilds
    (the reproducible-builds convention)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = (datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch.isdigit()
            else datetime.datetime.now(datetime.UTC))
    return when.isoformat(timespec="seconds")


def _claims(info: BuildInfo, seeds_sha256: str, code_sha256: str) -> bool:
    """Whether a database's build info says it was built from these seeds by this code."""
    return (info.seeds_sha256, info.code_sha256) == (seeds_sha256, code_sha256)


def _built_from(db_path: Path, seeds_sha256: str, code_sha256: str) -> bool:
    """Whether ``db_path`` was built from these seeds by this code and is still, byte for byte,
    the file that build wrote (its record beside it, see seedsdigest.py): a database edited
    since, or one no record vouches for, is not taken for a build."""
    return _claims(build_info(db_path), seeds_sha256, code_sha256) and built_lineage(db_path) is not None


def _same_content(a: Path, b: Path) -> bool:
    try:
        return content_digest(a) == content_digest(b)
    except sqlite3.Error:
        return False


def up_to_date(seeds: Path, db_path: Path) -> bool:
    """Whether ``db_path`` was built from exactly these seeds by this code, and not edited since."""
    return _built_from(Path(db_path), seeds_digest(Path(seeds)), code_digest())


def build(seeds: Path, db_path: Path, progress: Progress | None = None, if_changed: bool = False,
          tuning: Tuning | None = None, full: bool = False, reason: str | None = None,
          record: bool = True, on_wait: Callable[[str], None] | None = None) -> BuildReport:
    """Build ``db_path`` from ``seeds``; raise BuildFailed with every problem (paths relative
    to ``seeds``), leaving ``db_path`` as it was. With ``if_changed``, do nothing when the
    database was built from these seeds by this code and not edited since. When only fact
    files changed since the previous build of ``db_path`` (same code, and the file as that
    build wrote it), only those are validated and their rows replaced (see incremental.py);
    ``full`` forces the whole build. What changed in the facts is appended to
    ``seeds/history.jsonl`` with ``reason`` (see history.py) before the database is replaced;
    with ``record`` false (a scratch build for a check), the file is left as it is. A build
    of the same database or seeds running already is waited for (``on_wait`` hears so)."""
    seeds, db_path = Path(seeds), Path(db_path)
    with build_lock(seeds, db_path, writes_seeds=record, on_wait=on_wait):
        return _build(seeds, db_path, progress, if_changed, tuning or Tuning(), full, reason, record)


def _build(seeds: Path, db_path: Path, progress: Progress | None, if_changed: bool, tuning: Tuning, full: bool,
           reason: str | None, record: bool) -> BuildReport:
    began = time.perf_counter()
    remove_leftovers(db_path)  # the temporary files of killed builds, checks and servers beside it
    recover(db_path)  # what a build killed while writing in place left half-written, rolled back
    # the history this build may append to, read meanwhile on the other core: then only the lines
    # appended are read for its digest (0.5 s at a million facts)
    history_path = seeds / HISTORY_FILE
    prefix = PrefixDigest(history_path) if record and _at_least(history_path, SETTLE_BYTES) else None
    with tuning.stage("digest"):
        cache_path = db_path.with_name(f".{db_path.name}.digests")  # see seedsdigest.py
        cache = DigestCache.load(cache_path)
        if full:  # every seeds file read again; the record of the database file is kept (below)
            cache = DigestCache(built=cache.built)
        walked = _Walked(cache, seeds_state(seeds, cache), prefix)
        report = BuildReport(db_path, walked.state.digest, code_digest())
    try:  # the digests file written once, whatever the build's end (as walked, with the record)
        return _build_walked(seeds, db_path, progress, if_changed, tuning, full, reason, record, walked, report, began)
    finally:
        if prefix is not None:
            prefix.stop()
        cache.save(cache_path)


def _at_least(path: Path, size: int) -> bool:
    try:
        return os.stat(path, follow_symlinks=False).st_size >= size
    except OSError:
        return False


@dataclass
class _Walked:
    """The seeds as a build walked them: the digests (``cache``, saved at the end), the state,
    and the digest of the history being taken (seedsdigest.PrefixDigest), if it is large."""

    cache: DigestCache
    state: SeedsState
    prefix: PrefixDigest | None


def _build_walked(seeds: Path, db_path: Path, progress: Progress | None, if_changed: bool, tuning: Tuning, full: bool,
                  reason: str | None, record: bool, walked: _Walked, report: BuildReport, began: float) -> BuildReport:
    cache, state = walked.cache, walked.state
    # Whether db_path is still the file the last build wrote (None: edited since, or no record
    # of it): only such a file is kept as up to date, or copied by an incremental build.
    lineage = built_lineage(db_path, verify=full, cache=cache)
    report.sha256 = lineage.sha256 if lineage is not None else None
    previous = build_info(db_path)
    claims = _claims(previous, report.digest, report.code)
    if if_changed and claims and lineage is not None:
        report.skipped = True
        return report
    the_plan = None if full or lineage is None else incremental.plan(db_path, state, report.code)
    if the_plan is not None and the_plan.empty and claims:
        report.skipped = True  # nothing changed: the database is the build
        return report
    # A database claiming to be this build that no record vouches for (a fresh clone, a copy, a
    # file edited since) is built again in full, and kept as it is if the content is the same.
    confirm = not full and lineage is None and claims
    info = BuildInfo(seeds_sha256=report.digest, code_sha256=report.code, built_at=built_at(),
                     base_sha256=state.base, history_sha256=state.history, fact_files=state.fact_files)
    tmp = db_path.with_name(f".{db_path.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)

    def write_history(revisions: list) -> None:
        """Append these new revisions to the history file (noted in the report without their
        snapshots: a first build of a million facts records a million additions)."""
        report.revisions += [r.model_copy(update={"after": None}) if r.after is not None else r for r in revisions]
        if revisions and record:
            if walked.prefix is not None:
                walked.prefix.before_append()
            history.append(seeds, revisions)

    def history_written() -> BuildInfo:
        """The build info of the seeds with the revisions written."""
        if not report.revisions or not record:
            return info
        appended = seeds / HISTORY_FILE  # hashed again (its new lines), and noted with the other files' digests as walked
        after = state.with_history(cache.digest(HISTORY_FILE, str(appended), settle=True, prefix=walked.prefix))
        report.digest = after.digest
        return info.model_copy(update={"seeds_sha256": after.digest, "history_sha256": after.history})

    # the history file the build of a file still as it wrote it left (and that build's table of it)
    trusted = bool(state.history) and previous.history_sha256 == state.history and lineage is not None
    recorder = Recorder(write_history, history_written, reason, trusted=trusted,
                        previous=db_path if trusted and previous.code_sha256 == report.code else None)
    recording = recordmap.Recording(db_path) if the_plan is None else None
    step = None
    try:
        with ExitStack() as held:
            # an incremental build writes into the database itself, unless an immutable server reads it
            in_place = the_plan is not None and held.enter_context(writable_in_place(db_path))
            with tuning.running():
                if the_plan is not None:
                    step = incremental.Incremental(seeds, db_path, None if in_place else tmp, the_plan, info,
                                                   tuning.workers, progress, recorder)
                    problems = step.run()
                    report.counts, report.files, report.changed = step.counts, len(the_plan.changed), the_plan
                    report.in_place = in_place
                else:
                    problems = _Build(seeds, tmp, report, progress, tuning, info, recorder, recording).run()
            if problems:
                raise BuildFailed(problems)
            if confirm and _same_content(tmp, db_path):
                report.skipped = True
                written = record_built(db_path, cache=cache)
            else:
                ancestors: tuple[str, ...] = ()
                touched: tuple[frozenset[tuple[str, str]], ...] = ()
                if lineage is not None and step is not None:  # built incrementally from the file recorded
                    ancestors = (lineage.sha256, *lineage.ancestors)
                    if len(lineage.touched) == len(lineage.ancestors):
                        touched = (frozenset(step.touched), *lineage.touched)
                if in_place and lineage is not None and step is not None:  # known by its identity, not read
                    identity = in_place_identity(lineage.sha256, {r["key"]: r["value"] for r in step.written.rows()})
                    written = record_built(db_path, ancestors, touched, cache=cache, identity=identity)
                else:
                    written = record_built(db_path, ancestors, touched, moved_from=tmp, cache=cache)  # renamed while hashed
        report.sha256 = written.sha256 if written is not None else None
        if recording is not None:
            recording.commit()
        elif step is not None:
            recordmap.save(db_path, step.versions, keep=state.fact_files)
    finally:
        tmp.unlink(missing_ok=True)
        if recording is not None:
            recording.discard()
    report.seconds = time.perf_counter() - began
    return report


@dataclass
class Recorder:
    """How a build records what changed: ``write(revisions)`` appends them to the history file
    (as many times as it takes), ``written()`` gives the build info of the seeds with them;
    ``reason`` is the curator's."""

    write: Callable[[list], None]
    written: Callable[[], BuildInfo]
    reason: str | None = None
    trusted: bool = False  # the history file is the one the previous build of the database left
    previous: Path | None = None  # that database, when this code built it: its fact_revisions are the file's

    def append(self, revisions: list) -> BuildInfo:
        """``revisions`` written at once; the build info of the seeds with them."""
        self.write(revisions)
        return self.written()


class _Build:
    def __init__(self, seeds: Path, tmp: Path, report: BuildReport, progress: Progress | None, tuning: Tuning,
                 info: BuildInfo, recorder: Recorder, recording: recordmap.Recording | None = None):
        self.seeds, self.report, self.progress, self.tuning, self.info = seeds, report, progress, tuning, info
        self.recorder, self.recording = recorder, recording
        self.problems: list[Problem] = []
        self.conn = sqlite3.connect(tmp, isolation_level=None)
        for pragma in ("journal_mode = MEMORY", "synchronous = OFF", "foreign_keys = OFF", "cache_size = -50000"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.db = sqlite_utils.Database(self.conn)
        self.makers = RowMakers()
        self.writer = Writer(self.conn, self.makers, self._duplicate)
        self.entities: set[str] = set()
        self.rejected: set[str] = set()  # ids of records with problems, not written
        self.source_files: dict[str, str] = {}  # accepted sources: id -> file in seeds/sources/
        # what failed on its own, so that what names it is not reported again
        self.rejected_sources: set[str] = set()
        self.rejected_entities: set[str] = set()
        self.broken: set[str] = set()  # registries missing, unreadable or empty
        self.duplicates: set[tuple[str, str]] = set()  # (kind, id) of records whose id was used twice

    def name(self, path: Path) -> str:
        """A path as problems and the database name it: relative to the seeds folder."""
        return path.relative_to(self.seeds).as_posix()

    def run(self) -> list[Problem]:
        try:
            create_tables(self.db)
            self.conn.execute("BEGIN")
            with self.tuning.stage("sources"):
                self._sources()
                self._entities()
                self.writer.flush()
                self.conn.execute("COMMIT")
            # Fact-file workers are forked next: give them a lean parent, not its page cache.
            self.conn.execute("PRAGMA shrink_memory")
            self.conn.execute("BEGIN")
            self._facts()
            self.writer.flush()
            self.conn.execute("COMMIT")
            self.problems += dangling_references(self.conn, self.rejected)
            self.problems += unsupported_days(self.conn, self.rejected)
            self.problems += contrary_citations(self.conn, self.rejected)
            if not self.problems:
                with self.tuning.stage("history"):
                    self._history()
            if not self.problems:
                self.report.counts = table_counts(self.conn)
                with self.tuning.stage("finalize"):
                    finalize(self.db, self.info.model_copy(update={"counts": self.report.counts}))
        finally:
            self.conn.close()
        return self.problems

    def _history(self) -> None:
        """Fill fact_revisions from the history (the previous build's table, carried over, or
        the file, streamed into it), compare every fact with its latest revision, record what
        changed."""
        if self.recorder.previous is not None:
            history.carry_over(self.conn, self.recorder.previous)
            loaded: list[Problem] | None = []
        else:
            loaded = history.load(self.conn, self.seeds, trusted=self.recorder.trusted)
        if loaded is None:  # lines edited by hand (or unfinished): read whole, each problem located
            recorded = history.read(self.seeds, trusted=self.recorder.trusted)
            loaded = recorded.problems
            if not loaded:
                self.conn.execute("BEGIN")
                history.insert(self.conn, recorded.revisions)
                self.conn.execute("COMMIT")
        replaced = history.replacing(self.conn)
        self.problems += loaded + history.replace_problems(self.conn, replaced)
        if self.problems:
            return
        self.conn.execute("BEGIN")
        for new, states in history.record(self.conn, history.gone_facts(self.conn), replaced, self.info.built_at or "",
                                          self.recorder.reason):
            self.recorder.write(new)
            history.insert(self.conn, new, states)
        self.conn.execute("COMMIT")
        self.info = self.recorder.written()

    def _registry(self, name: str, model: type[BaseModel]) -> Iterator[tuple[RecordFile, tuple, Any]]:
        """The records of ``sources.yaml`` or ``entities.yaml``. The ids of records that fail
        are kept, and a registry that is missing or holds no record is reported as such, so
        the facts that name them are not reported again, record by record."""
        path = registry(self.seeds, name)
        rejected = self.rejected_sources if name == "sources" else self.rejected_entities

        def salvage(_file: RecordFile, _loc: tuple, raw: dict, _model: type[BaseModel]) -> None:
            if isinstance(raw.get("id"), str):
                rejected.add(raw["id"])

        try:
            check_file(path, self.seeds, self.name(path))
        except Unsafe as exc:
            self.problems.append(Problem(self.name(path), 1, 1, str(exc)))
            self.broken.add(name)
            return
        file = RecordFile(path, self.name(path), {name: model}, salvage)
        count = 0
        for loc, record in file.records():
            count += 1
            yield file, loc, record
        if count == 0 and not rejected:
            self.broken.add(name)
            if not file.problems:
                file.add((), f"no {name} registered: every fact rests on {name} listed here")
        self.problems += file.problems

    def _sources(self) -> None:
        seen: dict[str, int] = {}
        for file, loc, source in self._registry("sources", Source):
            assert isinstance(source, Source)
            if source.id in seen:
                file.add(loc + ("id",), f"duplicate source id '{source.id}' (first at line {seen[source.id]})")
                continue
            seen[source.id] = file.line_of(loc)
            path = self.seeds / "sources" / source.file
            try:
                data = read_inside(self.seeds / "sources", source.file, f"sources/{source.file}")
            except (Unsafe, OSError) as exc:
                file.add(loc + ("file",), str(exc) if isinstance(exc, Unsafe) else f"cannot read {self.name(path)}: {exc.strerror}")
                self.rejected_sources.add(source.id)
                continue
            digest = hashlib.sha256(data).hexdigest()
            if digest != source.sha256:
                file.add(loc + ("sha256",), f"{self.name(path)} has SHA-256 {digest}, not the registered "
                         "one: a source document is never edited (register a new source instead)")
                self.rejected_sources.add(source.id)
                continue
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                file.add(loc + ("file",), f"{self.name(path)} is not UTF-8 ({exc.reason} at byte {exc.start})")
                self.rejected_sources.add(source.id)
                continue
            self.writer.add(self.makers.one("sources", source, text=text))
            self.source_files[source.id] = source.file

    def _entities(self) -> None:
        for file, loc, entity in self._registry("entities", Entity):
            assert isinstance(entity, Entity)
            if entity.id in self.entities:
                file.add(loc + ("id",), f"duplicate entity id '{entity.id}'")
                continue
            self.entities.add(entity.id)
            self.writer.add(self.makers.one("entities", entity))

    def _facts(self) -> None:
        jobs = [FileJob(p, self.name(p)) for p in fact_files(self.seeds)]
        corpus = Corpus(frozenset(self.entities), self.seeds / "sources", self.source_files,
                        rejected={"sources": frozenset(self.rejected_sources),
                                  "entities": frozenset(self.rejected_entities)},
                        broken=frozenset(self.broken))
        facts = 0
        for result in process_files(jobs, corpus, self.tuning.workers):
            with self.tuning.stage("write"):
                for rows in result.rows:
                    self.writer.add(rows)
            for stage, seconds in result.timings.items():
                self.tuning.add(stage, seconds)
            self.problems += result.problems
            self.rejected |= result.rejected
            if self.recording is not None and not result.problems and result.name in self.info.fact_files:
                self.recording.add(result.name, result.record_map(self.info.fact_files[result.name]))
            facts += result.facts
            self.report.files += 1
            if self.progress:
                self.progress(result.name, facts)

    def _duplicate(self, table: str, row: tuple) -> None:
        problem = duplicate_problem(self.conn, self.makers, table, row, self.duplicates)
        if problem:
            self.problems.append(problem)

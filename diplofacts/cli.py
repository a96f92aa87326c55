"""The ``facts`` command: a thin layer that turns typed errors into messages and exit codes."""
from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import typing
from collections import Counter
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import click

from .schema.sources import SourceKind
from .site import has_inspect, serve_args, write_built_inspect

if typing.TYPE_CHECKING:
    from .loaders import Problem

# Each command imports what it runs when it runs: `facts serve` and `--help` start without
# loading the build, the drafter (spaCy) or Pydantic's models.


class Group(click.Group):
    """Commands that never end in a traceback: an unexpected failure is one line and exit 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as exc:  # the last line of defence; expected failures are handled below
            click.echo(f"error: {type(exc).__name__}: {exc}", err=True)
            sys.exit(1)


@click.group(cls=Group)
@click.version_option(package_name="diplofacts")
def cli():
    """Build and verify the hand-checkable fact database (facts.db)."""


@cli.command("build")
@click.option("--seeds", type=click.Path(file_okay=False, exists=True, path_type=Path), default="seeds",
              show_default=True, help="Folder with sources.yaml, entities.yaml, sources/ and facts/.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default="facts.db",
              show_default=True, help="Database to write; changed only if the build succeeds.")
@click.option("--if-changed", is_flag=True,
              help="Do nothing if DB was built from these exact seeds by this version of the code.")
@click.option("--progress/--no-progress", default=None,
              help="Show progress (default: only when stderr is a terminal).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes parsing fact files  [default: one per core]")
@click.option("--timings", is_flag=True, help="Print seconds per stage (summed over processes).")
@click.option("--full", is_flag=True, help="Build from scratch, even where only some fact files changed.")
@click.option("--reason", metavar="TEXT",
              help="Why the facts changed: recorded with each change in SEEDS/history.jsonl and shown on the site.")
def build_command(seeds: Path, db_path: Path, if_changed: bool, progress: bool | None, jobs: int | None,
                  timings: bool, full: bool, reason: str | None):
    """Validate the seeds and write facts.db.

    Every problem in the seeds is reported as PATH:LINE:COLUMN: MESSAGE, all in one run.
    When only fact files changed since DB was built (by this code), only those are validated
    and their rows replaced, in DB itself in one transaction (in a new file renamed over DB
    while `facts serve` serves it); changed files are checked before anything is written.
    What changed in the facts since the last build (added, corrected field by field, replaced,
    withdrawn) is appended to SEEDS/history.jsonl, with --reason: commit it with the seeds.
    A build of the same DB or SEEDS already running is waited for, one at a time.
    Exit status: 0 built (or unchanged), 1 problems in the seeds.
    """
    from .loaders import BuildFailed, Tuning, build

    show = sys.stderr.isatty() if progress is None else progress

    def report(file: str, facts: int) -> None:
        click.echo(f"\r{facts:>10,} facts  {file[-60:]:<60}", err=True, nl=False)

    tuning = Tuning(workers=jobs or os.cpu_count() or 1, gc_off=True)
    try:
        result = build(seeds, db_path, progress=report if show else None, if_changed=if_changed, tuning=tuning, full=full,
                       reason=reason, on_wait=_say_waiting)
    except BuildFailed as failed:
        if show:
            click.echo(err=True)
        _echo_located(failed.problems, seeds)
        click.echo(f"{len(failed.problems)} problem(s); {db_path} was not changed.", err=True)
        sys.exit(1)
    except (OSError, sqlite3.Error) as exc:
        click.echo(f"error: could not write {db_path}: {exc}; it was not changed.", err=True)
        sys.exit(1)
    if show:
        click.echo(err=True)
    if result.sha256 is not None and not (result.skipped and has_inspect(db_path)):
        write_built_inspect(db_path, result.sha256)  # from the digest the build took: serving never hashes
    if result.skipped:
        click.echo(f"{db_path} is up to date with {seeds}.")
        return
    counts = ", ".join(f"{n:,} {name}" for name, n in result.counts.items())
    if result.changed is not None:
        changed = f"{len(result.changed.changed)} changed, {len(result.changed.deleted)} deleted fact file(s)"
        click.echo(f"Updated {db_path} in {result.seconds:.1f}s ({changed}): {counts}.")
        if not result.in_place:  # facts serve (or the ASGI app) holds it: its file is not written under it
            click.echo(f"A server is serving {db_path}: the edit went into a new file, which it serves once restarted.")
    else:
        click.echo(f"Built {db_path} in {result.seconds:.1f}s: {counts}.")
    if result.revisions:
        tally = Counter(r.change for r in result.revisions)
        click.echo(f"Recorded in {seeds / 'history.jsonl'}: " + ", ".join(f"{n} {c}" for c, n in sorted(tally.items()))
                   + ("" if reason else " (no --reason: add one to each new line before you commit)") + ".")
    if timings:
        click.echo("Timings: " + ", ".join(f"{k} {v:.2f}s" for k, v in tuning.timings.items()))


def _echo_located(problems: list[Problem], seeds: Path) -> None:
    for problem in problems:
        # problems name files relative to the seeds; editors want them relative to here
        click.echo(str(replace(problem, path=os.path.relpath(seeds / problem.path))), err=True)


@cli.command("add-source")
@click.argument("document", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--seeds", type=click.Path(file_okay=False, path_type=Path), default="seeds",
              show_default=True, help="Seeds folder (created if missing; it may hold no facts yet).")
@click.option("--id", "source_id", help="Readable slug  [default: made from the title]")
@click.option("--title", help="As the document shows it; in [brackets] if you wrote it  [default: its first line]")
@click.option("--publisher")
@click.option("--author", help="The byline, where the published article shows one.")
@click.option("--url")
@click.option("--published", help="YYYY, YYYY-MM or YYYY-MM-DD, as the document shows it.")
@click.option("--retrieved", help="YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--language", default="en", show_default=True, help="ISO 639 code.")
@click.option("--kind", type=click.Choice(typing.get_args(SourceKind)), default="news-report", show_default=True)
@click.option("--notes", help="Unknowns, machine translation, page furniture…")
def add_source_command(document: Path, seeds: Path, source_id: str | None, **fields: str | None):
    """Copy DOCUMENT into the seeds and register it in sources.yaml.

    The file is copied byte for byte into SEEDS/sources/, its SHA-256 computed, and its
    registration appended to sources.yaml, leaving what is written there (comments, layout)
    as it was. A document already registered (same hash) is refused, naming its id.
    Exit status: 0 registered, 1 refused (nothing copied or written).
    """
    from .loaders.register import RegisterFailed, register_source

    try:
        done = register_source(seeds, document, {"id": source_id, **fields})
    except RegisterFailed as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Registered '{done.source.id}': {done.path} (sha256 {done.source.sha256}) in {done.registry}.")


@cli.command("draft")
@click.argument("source_id")
@click.option("--seeds", type=click.Path(file_okay=False, exists=True, path_type=Path), default="seeds",
              show_default=True, help="Seeds folder with the source registered.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Draft file to write  [default: drafts/SOURCE_ID.yaml]")
@click.option("--force", is_flag=True, help="Overwrite an existing draft.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default="facts.db", show_default=True,
              help="Database built from SEEDS: the facts already curated are read from it when it is up to date "
                   "(else from the fact files).")
def draft_command(source_id: str, seeds: Path, output: Path | None, force: bool, db_path: Path):
    """Write a draft fact file for one source: candidates to confirm.

    Quotes (every quoted passage, with the sentence that attributes it), meetings, agreements
    and statements (reporting verbs), each anchored by its sentence, with speakers and
    participants read from each sentence's grammar (spaCy, offline: the `draft` extra) and
    named by the known entities or proposed as new ones, relative dates resolved against the
    source's date, candidates already curated proposed as citations to those facts, and
    the names no entity covers listed. Guesses are marked; edit the draft, then move
    it into SEEDS/facts/ and run facts build. Exit status: 0 written, 1 not.
    """
    from .loaders.draft import DraftFailed, write_draft

    try:
        path = write_draft(seeds, source_id, output, force, db_path)
    except DraftFailed as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Wrote {path}: confirm, edit or delete each candidate, then move it into {seeds / 'facts'}/.")


def _say_waiting(why: str) -> None:
    click.echo(why, err=True)


def _built(seeds: Path, db_path: Path, scratch: Path, then: str) -> Path:
    """DB if it was built from these seeds by this code, else a build of them in ``scratch``
    (the database is never written); problems that stop the build end the command."""
    from .loaders import BuildFailed, build, up_to_date

    if up_to_date(seeds, db_path):
        return db_path
    try:
        build(seeds, scratch / "facts.db", record=False, on_wait=_say_waiting)
    except BuildFailed as failed:
        _echo_located(failed.problems, seeds)
        click.echo(f"{len(failed.problems)} problem(s) stop the build: fix them, then {then}.", err=True)
        sys.exit(1)
    return scratch / "facts.db"


@cli.command("coverage")
@click.argument("source_id", required=False)
@click.option("--seeds", type=click.Path(file_okay=False, exists=True, path_type=Path), default="seeds",
              show_default=True, help="Folder with sources.yaml, entities.yaml, sources/ and facts/.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default="facts.db",
              show_default=True, help="Database to read if it is up to date with the seeds; never written.")
def coverage_command(source_id: str | None, seeds: Path, db_path: Path):
    """Show what the facts cite of each source, and what they do not yet.

    Per source (or SOURCE_ID alone): the share of its text inside an excerpt, every quoted
    passage no quote covers, and every sentence naming a known entity that nothing cites, as
    sources/FILE:LINE; then a table for the corpus. Exit status: 0, or 1 if SOURCE_ID is unknown.
    """
    from .loaders.coverage import coverage
    from .loaders.coverage import report as coverage_report

    with tempfile.TemporaryDirectory(prefix="facts-coverage-") as scratch:
        results = coverage(_built(seeds, db_path, Path(scratch), "ask again"), source_id)
    if source_id and not results:
        click.echo(f"error: no source '{source_id}'", err=True)
        sys.exit(1)
    click.echo(coverage_report(results, os.path.relpath(seeds / "sources")), nl=False)


@cli.command("lint")
@click.option("--seeds", type=click.Path(file_okay=False, exists=True, path_type=Path), default="seeds",
              show_default=True, help="Folder with sources.yaml, entities.yaml, sources/ and facts/.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default="facts.db",
              show_default=True, help="Database to read if it is up to date with the seeds; never written.")
def lint_command(seeds: Path, db_path: Path):
    """Check the seeds against the curation rules a reader applies.

    Every statement and quote cites an excerpt naming its speaker; every quote is cited in
    every source that prints its words; no two facts of one kind rest on the same excerpt.
    Reads DB when it was built from these seeds by this code, else builds a temporary copy
    (facts.db is never written). Warnings are PATH:LINE:COLUMN: MESSAGE. Exit status: 0
    clean, 1 warnings (or problems that stop the build).
    """
    from .loaders import lint

    with tempfile.TemporaryDirectory(prefix="facts-lint-") as scratch:
        warnings = lint(_built(seeds, db_path, Path(scratch), "lint"))
    _echo_located(warnings, seeds)
    if warnings:
        click.echo(f"{len(warnings)} warning(s).", err=True)
        sys.exit(1)
    click.echo(f"{seeds}: no warnings.")


@cli.command("check")
@click.argument("db_path", metavar="[DB]", type=click.Path(dir_okay=False, path_type=Path), default="facts.db")
@click.option("--full", is_flag=True, help="Verify everything, not only what changed since the last clean check.")
@click.option("--seeds", type=click.Path(file_okay=False, path_type=Path), default="seeds", show_default=True,
              help="Where the records were curated: problems with a record are shown at its file and line there.")
def check_command(db_path: Path, full: bool, seeds: Path):
    """Re-verify a built database on its own.

    Every citation's excerpt equals its source span, every source's hash matches its text,
    every fact has evidence, every foreign key resolves, and every value and table the build
    computed (counts, months, precisions, the facts table, timeline, meeting pairs, facet
    counts, aliases) is computed again from the curated rows and compared, each difference
    named by table and key, at the curated record it belongs to (PATH:LINE:COLUMN) or at DB.
    The schema (every table, column, index and full-text table the build makes, nothing
    else) and the build info (its counts counted again) are verified too, and with --full the
    full-text index, made again from the rows. Exit status: 0 sound, 1 problems (or DB is
    not a facts database).

    A clean check is recorded in DB.checked.json, with the SHA-256 of the file (or the
    identity the edit build that changed it in place recorded). When only
    fact files changed since (same registries, sources and code) and DB is the file checked,
    or one incremental builds wrote from it, only the records those builds replaced, added or
    removed (as each recorded them; else every record of the changed files) are verified
    again (excerpts, values, evidence, their rows of the facts table), with their foreign
    keys, those of the rows naming them, and the counts of the sources they cite; a file
    edited otherwise is verified in full, as with --full.
    Whether DB is exactly a build of the seeds: facts verify.
    """
    from .loaders import NotAFactsDatabase, check

    try:
        problems = check(db_path, changed=not full)
    except NotAFactsDatabase as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    _echo_located([p for p in problems if p.line], seeds)
    for problem in problems:
        if not problem.line:  # about the database as a whole, named as given
            click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) in {db_path}.", err=True)
        sys.exit(1)
    click.echo(f"{db_path}: every check passed.")


@cli.command("verify")
@click.argument("db_path", metavar="[DB]", type=click.Path(dir_okay=False, path_type=Path), default="facts.db")
@click.option("--seeds", type=click.Path(file_okay=False, exists=True, path_type=Path), default="seeds",
              show_default=True, help="Folder with sources.yaml, entities.yaml, sources/ and facts/.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes parsing fact files  [default: one per core]")
def verify_command(db_path: Path, seeds: Path, jobs: int | None):
    """Prove that DB is exactly a build of the seeds by this code.

    Builds SEEDS again, in full, into a temporary folder (DB is only read) and compares the
    content digests of both: the schema, every row of every table, every term of the
    full-text index, the build info but the time of the build. Prints both digests and, when
    they differ, the parts that differ (schema, tables, search indexes).
    Exit status: 0 the same, 1 different (or the seeds do not build, or DB is not a database).
    """
    from .loaders import BuildFailed, NotAFactsDatabase, Tuning
    from .loaders.verify import verify

    try:
        result = verify(db_path, seeds, Tuning(workers=jobs or os.cpu_count() or 1, gc_off=True))
    except NotAFactsDatabase as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except BuildFailed as failed:
        _echo_located(failed.problems, seeds)
        click.echo(f"{len(failed.problems)} problem(s) stop the build of {seeds}: {db_path} cannot be verified.", err=True)
        sys.exit(1)
    click.echo(f"{db_path}: content {result.digest}")
    click.echo(f"a build of {seeds}: content {result.built_digest}")
    if result.same:
        click.echo(f"{db_path} is exactly a build of {seeds} by this code.")
        return
    click.echo(f"{db_path} is not a build of {seeds} by this code; these parts differ: {', '.join(result.differing)}.")
    if result.other_code:
        click.echo(f"({db_path} says another version of the code built it.)")
    elif result.other_seeds:
        click.echo(f"({db_path} says it was built from other seeds.)")
    sys.exit(1)


@cli.command("serve")
@click.argument("db_path", metavar="[DB]", type=click.Path(dir_okay=False, exists=True, path_type=Path), default="facts.db")
@click.option("-h", "--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("-p", "--port", default=8001, show_default=True, help="Port to listen on.")
@click.option("--no-sql", is_flag=True, help="Refuse SQL typed by readers (the preset queries remain).")
@click.option("--site-url", metavar="URL", help="The public origin (https://facts.example.org) every lasting identifier is "
              "made from: feed ids, calendar UIDs, annotation ids, permalinks. [default: $DIPLOFACTS_SITE_URL, else "
              "each request's own address]")
def serve_command(db_path: Path, host: str, port: int, no_sql: bool, site_url: str | None):
    """Serve DB read-only with Datasette, with the settings of the public site.

    Immutable (-i) with a cached inspect file (written atomically beside DB, or in the
    temporary folder when DB's folder is read-only, or none), time and row limits, cache
    headers with validators (ETag, 304), the database downloadable, no facet suggestions.
    While it runs, a build of DB writes a new file beside it instead of changing DB in place;
    the server serves the file it opened until restarted.
    """
    if site_url:
        parts = urlsplit(site_url.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
            raise click.BadParameter("give the public origin, such as https://facts.example.org", param_hint="--site-url")
        os.environ["DIPLOFACTS_SITE_URL"] = site_url  # read by the site's plugin (siteurl.py)
    from .loaders.inplace import hold_for_serving, recover

    hold_for_serving(db_path, _say_waiting)  # held by the server for its life: no build writes into the file it serves
    recover(db_path)  # what a build killed while writing in place left, rolled back before serving it immutable
    args = serve_args(db_path, host, port, sql=not no_sql)
    click.echo(f"Serving {db_path} on http://{host}:{port}/", err=True)
    os.execv(args[0], args)


@cli.command("schema")
def schema_command():
    """Print the SQL schema of facts.db as Markdown (docs/schema.md)."""
    from .schema.docs import schema_markdown

    click.echo(schema_markdown(), nl=False)

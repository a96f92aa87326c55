"""A check that cannot be fooled by editing the file (issue 22): every tamper below is caught
by ``check --full`` and by ``check`` after a clean check of the file as it was; ``build
--if-changed`` builds a tampered file again; ``facts verify`` proves a database is exactly a
build of its seeds, and finds what the check cannot (curated values forged consistently)."""
import json
import os
import shutil
import sqlite3
import sys

import pytest
from click.testing import CliRunner

from diplofacts.cli import cli
from diplofacts.loaders import build, check
from diplofacts.loaders.content import content_digest
from diplofacts.loaders.seedsdigest import built_lineage, digests_file
from diplofacts.loaders.verify import verify
from diplofacts.schema.kinds import citation_id

from .conftest import named_row, rows
from .test_check import messages, tamper  # an edit anyone with sqlite3 could make

MEETING = "alpha-beta-call-2021-06-07"
MEETING_FIRST = citation_id("meeting", MEETING, "alpha-beta-call", 22, 75)


# Each case: statements that tamper with the database, the problems check names (formatted with
# the values of the query, as built, where a count over the whole fixture is named).
TAMPERS = {
    "an excerpt's byte": (
        [f"UPDATE citations SET exact = 'p' || substr(exact, 2) WHERE id = '{MEETING_FIRST}'"],
        [f"citations {MEETING_FIRST}: excerpt, prefix or suffix differs from alpha-beta-call's text at [start, end)",
         f"meetings {MEETING}: differs from the fact its history ends with: citations"],
    ),
    "a date": (
        [f"UPDATE meetings SET date = '2021-06-08' WHERE id = '{MEETING}'"],
        [f"facts (meeting, {MEETING}): date is '2021-06-07', derived '2021-06-08'",
         "meeting_pairs (alpha, beta): first is '2021-06-07', derived '2021-06-08'",
         "meeting_pairs (alpha, beta): last is '2021-06-07', derived '2021-06-08'",
         f"entity_facts (alpha, meeting, {MEETING}): date is '2021-06-07', derived '2021-06-08'",
         f"entity_facts (beta, meeting, {MEETING}): date is '2021-06-07', derived '2021-06-08'",
         f"meetings {MEETING}: differs from the fact its history ends with: date"],
    ),
    "a forged row": (
        ["CREATE TEMP TABLE forged AS SELECT * FROM entities WHERE id = 'alpha'", "UPDATE forged SET id = 'forged'",
         "INSERT INTO entities SELECT * FROM forged"],
        ["build_info count_entities: value is {entities}, counted {more}",
         "entity_aliases (forged, Alpha): missing",
         "facet_counts (entities, kind, person): count is {people}, derived {more_people}",
         "entities forged: search index differs from the row: in it but not indexed: 'alpha' (aliases word 0), "
         "'alpha' (name word 1), 'presid' (name word 0)"],
        "SELECT count(*) AS entities, count(*) + 1 AS more, sum(kind = 'person') AS people,"
        " sum(kind = 'person') + 1 AS more_people FROM entities",
    ),
    "a row taken out of the search index": (
        ["INSERT INTO meetings_fts (meetings_fts, rowid, summary) SELECT 'delete', rowid, summary FROM meetings"],
        [f"meetings {MEETING}: search index differs from the row: in it but not indexed: 'alpha' (summary word 0), "
         "'beta' (summary word 2), 'call' (summary word 1)"],
    ),
    "words added to the search index": (
        ["INSERT INTO meetings_fts (rowid, summary) SELECT rowid, 'forged words' FROM meetings"],
        [f"meetings {MEETING}: search index differs from the row: indexed but not in it: 'forg' (summary word 0), "
         "'word' (summary word 1)"],
    ),
    "a row the table does not have, in the search index": (
        ["INSERT INTO meetings_fts (rowid, summary) VALUES (99, 'forged words')"],
        ["meetings_fts row 99: search index holds a row the table does not have"],
    ),
    "the search index's word counts": (
        ["UPDATE meetings_fts_docsize SET sz = X'09'"],
        [f"meetings {MEETING}: search index counts the row's words otherwise (what ranking reads)"],
    ),
    "the search index's blocks zeroed": (
        ["UPDATE meetings_fts_data SET block = zeroblob(length(block)) WHERE id > 1"],
        [f"meetings {MEETING}: search index differs from the row: in it but not indexed: 'alpha' (summary word 0), "
         "'beta' (summary word 2), 'call' (summary word 1)"],
    ),
    "the search ranking": (
        ["INSERT INTO sources_fts (sources_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)')"],
        ["schema sources_fts: search settings are [('rank', 'bm25(10.0, 1.0)'), ('version', 4)], the build's [('version', 4)]"],
    ),
    "a count in build_info": (
        ["UPDATE build_info SET value = '999999' WHERE key = 'count_facts'"],
        ["build_info count_facts: value is 999999, counted {facts}"],
        "SELECT count(*) AS facts FROM facts",
    ),
    "a count added to build_info": (
        ["INSERT INTO build_info VALUES ('count_forged', '3')"],
        ["build_info count_forged: not recorded by the build (an extra row)"],
    ),
    "a digest in build_info": (
        ["UPDATE build_info SET value = 'forged' WHERE key = 'seeds_sha256'"],
        ["build_info seeds_sha256: value is 'forged', not a SHA-256 (64 hex digits)"],
    ),
    "a fact file's digest dropped from build_info": (
        ["UPDATE build_info SET value = '{}' WHERE key = 'fact_files'"],
        ["build_info fact_files: no digest of facts/calls.yaml, which records come from"],
    ),
    "a dropped index": (
        ["DROP INDEX idx_facts_date"],
        ["schema idx_facts_date: index missing (the build makes it)"],
    ),
    "an index on other columns": (
        ["DROP INDEX idx_facts_date", "CREATE INDEX idx_facts_date ON facts (summary)"],
        ["schema idx_facts_date: index defined otherwise than the build's"],
    ),
    "an added trigger": (
        ["CREATE TRIGGER forged AFTER INSERT ON meetings BEGIN SELECT 1; END"],
        ["schema forged: trigger not made by the build"],
    ),
    "an added view": (
        ["CREATE VIEW forged AS SELECT 1"],
        ["schema forged: view not made by the build"],
    ),
    "a dropped table": (
        ["DROP TABLE timeline"],
        ["schema timeline: table missing (the build makes it)"],
    ),
    "a dropped search table": (
        ["DROP TABLE quotes_fts"],
        ["schema quotes_fts: table missing (the build makes it)"],
    ),
    "an added column": (
        ["ALTER TABLE entities ADD COLUMN note TEXT"],
        ["schema entities: column note not made by the build"],
    ),
    "a dropped column": (
        ["ALTER TABLE entities DROP COLUMN description"],
        ["schema entities: column description missing (the build makes it)"],
    ),
    "a column's type": (
        ["PRAGMA writable_schema = ON",
         "UPDATE sqlite_master SET sql = replace(sql, '\"notes\" TEXT', '\"notes\" ANY') WHERE name = 'sources'"],
        ["schema sources: column notes is ANY, the build makes it TEXT"],
    ),
}


def expected(db, case: str) -> list[str]:
    """The problems of ``case``, with the values of its query as ``db`` was built."""
    _, found, *as_built = TAMPERS[case]
    values = named_row(db, as_built[0]) if as_built else {}
    return [problem.format(**values) for problem in found]


@pytest.mark.parametrize("case", TAMPERS)
def test_check_full_catches_every_tamper(built, case):
    want = expected(built, case)
    tamper(built, *TAMPERS[case][0])
    assert messages(check(built)) == want
    result = CliRunner().invoke(cli, ["check", str(built), "--full"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"{len(want)} problem(s) in {built}."


@pytest.mark.parametrize("case", TAMPERS)
def test_check_after_a_clean_check_catches_every_tamper(built, case):
    """The record of a clean check is the file's own digest: an edited file is checked in full."""
    want = expected(built, case)
    assert check(built, changed=True) == []
    assert json.loads((built.parent / "facts.db.checked.json").read_text())["sha256"] == _sha256(built)
    tamper(built, *TAMPERS[case][0])
    assert messages(check(built, changed=True)) == want
    result = CliRunner().invoke(cli, ["check", str(built)])
    assert result.exit_code == 1


@pytest.mark.parametrize("case", TAMPERS)
def test_build_if_changed_builds_a_tampered_file_again(seeds, built, case):
    fresh = content_digest(built)
    assert build(seeds, built, if_changed=True).skipped
    tamper(built, *TAMPERS[case][0])
    assert built_lineage(built) is None  # no longer the file the build wrote
    assert not build(seeds, built, if_changed=True).skipped
    assert content_digest(built) == fresh
    assert check(built) == []


def _sha256(path) -> str:
    import hashlib
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_record_of_a_build_is_the_file_own_digest(built):
    """Beside the database, in the digest cache: the SHA-256 of the bytes the build wrote."""
    record = json.loads(digests_file(built).read_text())["built"]
    assert (record["sha256"], record["ancestors"]) == (_sha256(built), [])
    assert record["stat"][:1] == [built.stat().st_size]
    assert built_lineage(built).sha256 == _sha256(built)


def test_a_missing_or_damaged_record_means_verify_never_a_traceback(seeds, built):
    """A database no record vouches for (a fresh clone, a copy) is built again; one with the
    same content as the build is kept as it is, byte for byte, and vouched for from then on."""
    before = built.read_bytes()
    for damage in ("", "{", '{"made_ns": 1, "entries": {}, "built": {"sha256": 7}}',
                   '{"made_ns": 1, "entries": {}, "built": {"sha256": "x", "stat": [1], "made_ns": 1, "ancestors": []}}'):
        digests_file(built).write_text(damage)
        assert built_lineage(built) is None
        assert build(seeds, built, if_changed=True).skipped
        assert built.read_bytes() == before
        assert built_lineage(built).sha256 == _sha256(built)
    digests_file(built).unlink()
    assert build(seeds, built).skipped  # a plain build too: nothing to do, once verified
    assert built.read_bytes() == before


def test_an_incremental_build_never_starts_from_an_edited_file(seeds, built):
    (seeds / "facts" / "calls.yaml").write_text(
        (seeds / "facts" / "calls.yaml").read_text().replace("Alpha called Beta.", "Alpha phoned Beta."))
    tamper(built, "UPDATE entities SET description = 'forged' WHERE id = 'beta'")
    report = build(seeds, built)
    assert report.changed is None  # a full build, not one that copies the edited file
    assert check(built) == []
    assert named_row(built, "SELECT description FROM entities WHERE id = 'beta'")["description"] != "forged"


def test_check_narrows_only_for_the_file_checked_or_built_from_it(seeds, built, monkeypatch):
    """What changed since a clean check is verified alone only for the file checked or the
    files incremental builds wrote from it, as recorded; anything else is verified in full."""
    scopes = []
    check_module = sys.modules["diplofacts.loaders.check"]
    narrow = check_module._scope
    monkeypatch.setattr(check_module, "_scope", lambda *args: scopes.append(narrow(*args)) or scopes[-1])
    assert check(built, changed=True) == []  # no record yet: in full
    assert check(built, changed=True) == []  # the same file: nothing changed
    calls = seeds / "facts" / "calls.yaml"
    for n, (old, new) in enumerate([("Alpha called Beta.", "Alpha phoned Beta."), ("Alpha phoned Beta.", "Alpha rang Beta.")]):
        calls.write_text(calls.read_text().replace(old, new))
        checked = json.loads((built.parent / "facts.db.checked.json").read_text())["sha256"]
        assert build(seeds, built).changed is not None  # incremental
        assert built_lineage(built).ancestors[n:] == (checked,)
    assert check(built, changed=True) == []  # built from the file checked, twice: narrowed
    tamper(built, "UPDATE entities SET description = 'forged' WHERE id = 'beta'")
    assert check(built, changed=True) == []  # edited, not caught by a narrowed check: in full
    assert scopes == [None, "scope", "scope", None]


def test_verify_says_same_for_a_fresh_build(seeds, built):
    digest = content_digest(built)
    result = CliRunner().invoke(cli, ["verify", str(built), "--seeds", str(seeds)])
    assert (result.exit_code, result.output) == (0, (
        f"{built}: content {digest}\n"
        f"a build of {seeds}: content {digest}\n"
        f"{built} is exactly a build of {seeds} by this code.\n"))
    incremental = built.parent / "incremental.db"
    shutil.copy(built, incremental)
    (seeds / "facts" / "calls.yaml").write_text(
        (seeds / "facts" / "calls.yaml").read_text().replace("Alpha called Beta.", "Alpha phoned Beta."))
    build(seeds, incremental)  # (full: a copy no record vouches for)
    build(seeds, built)  # incremental
    assert verify(incremental, seeds).same and verify(built, seeds).same


@pytest.mark.parametrize(("case", "parts"), [
    ("an excerpt's byte", "citations"),
    ("a count in build_info", "build_info"),
    ("a dropped index", "schema"),
    ("words added to the search index", "meetings_fts (search index)"),
    ("a forged row", "entities"),  # (not indexed: the index holds what it held)
    ("the search ranking", "sources_fts (search index)"),
    ("the search index's word counts", "meetings_fts (search index)"),
])
def test_verify_says_different_for_a_tampered_file(seeds, built, case, parts):
    tamper(built, *TAMPERS[case][0])
    fresh = verify(built, seeds)
    result = CliRunner().invoke(cli, ["verify", str(built), "--seeds", str(seeds)])
    assert (result.exit_code, result.output) == (1, (
        f"{built}: content {content_digest(built)}\n"
        f"a build of {seeds}: content {fresh.built_digest}\n"
        f"{built} is not a build of {seeds} by this code; these parts differ: {parts}.\n"))


def test_verify_finds_a_forgery_check_cannot(seeds, built):
    """A curated value forged everywhere it is derived, its published history included, is
    consistent: only the seeds tell."""
    forged = [f"UPDATE meetings SET date = '2021-06-08' WHERE id = '{MEETING}'",
              f"UPDATE facts SET date = '2021-06-08' WHERE id = '{MEETING}'",
              "UPDATE meeting_pairs SET first = '2021-06-08', last = '2021-06-08' WHERE entity_a = 'alpha'",
              f"UPDATE entity_facts SET date = '2021-06-08' WHERE type = 'meeting' AND id = '{MEETING}'"]
    tamper(built, *forged)
    assert messages(check(built)) == [f"meetings {MEETING}: differs from the fact its history ends with: date"]
    tamper(built, "UPDATE fact_revisions SET snapshot = json_set(snapshot, '$.date', '2021-06-08')"
                  f" WHERE fact_id = '{MEETING}'")
    assert check(built) == []
    result = verify(built, seeds)
    assert (result.same, result.differing) == (False, ("entity_facts", "fact_revisions", "facts", "meeting_pairs", "meetings"))


def test_verify_names_a_database_built_by_other_code_or_seeds(seeds, built, tmp_path):
    tamper(built, "UPDATE build_info SET value = '" + "0" * 64 + "' WHERE key = 'code_sha256'")
    result = CliRunner().invoke(cli, ["verify", str(built), "--seeds", str(seeds)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-2:] == [
        f"{built} is not a build of {seeds} by this code; these parts differ: build_info.",
        f"({built} says another version of the code built it.)"]
    missing = CliRunner().invoke(cli, ["verify", str(tmp_path / "none.db"), "--seeds", str(seeds)])
    assert (missing.exit_code, missing.stderr) == (1, f"error: {tmp_path / 'none.db'}: no such database\n")
    (tmp_path / "junk.db").write_text("hello")
    junk = CliRunner().invoke(cli, ["verify", str(tmp_path / "junk.db"), "--seeds", str(seeds)])
    assert (junk.exit_code, junk.stderr) == (1, f"error: {tmp_path / 'junk.db'}: not a facts database (file is not a database)\n")


def test_verify_reports_seeds_that_do_not_build(seeds, built):
    (seeds / "facts" / "calls.yaml").write_text("meetings: [oops\n")
    result = CliRunner().invoke(cli, ["verify", str(built), "--seeds", str(seeds)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"1 problem(s) stop the build of {seeds}: {built} cannot be verified."
    assert not list(built.parent.glob("facts-verify-*")) and os.path.exists(built)


def test_check_narrows_to_the_records_the_builds_since_replaced(seeds, built, monkeypatch):
    """Each incremental build records the records it replaced, added or removed; a check of a
    file built from the one checked verifies those alone (one line of a JSON Lines file changed:
    that record, not the file's others), and a foreign key that names a record gone is still
    followed from the rows that name it."""
    scoped = []
    check_module = sys.modules["diplofacts.loaders.check"]
    narrow = check_module._scope

    def spy(conn, *args):
        name = narrow(conn, *args)
        scoped.append(None if name is None else sorted(conn.execute(f"SELECT kind, id FROM temp.{name}")))
        return name

    monkeypatch.setattr(check_module, "_scope", spy)
    extra = seeds / "facts" / "extra.jsonl"

    def statements(second: str) -> str:
        return "".join(json.dumps({"type": "statement", "id": i, "date_basis": "unknown", "speaker": "alpha",
                                   "summary": summary, "citations": [{"source": "alpha-beta-call",
                                                                       "exact": "The talks were useful, officials said."}]}) + "\n"
                       for i, summary in (("s-a", "Alpha spoke."), ("s-b", second)))

    extra.write_text(statements("Alpha spoke again."))
    assert build(seeds, built).changed is not None
    assert check(built, changed=True) == []  # the first check of this file: in full
    extra.write_text(statements("Alpha spoke once more."))
    assert build(seeds, built).changed is not None
    cited = ("source", "alpha-beta-call")  # the source their citations go to: its counts changed
    assert built_lineage(built).touched == (frozenset({("statement", "s-b"), cited}),
                                            frozenset({("statement", "s-a"), ("statement", "s-b"), cited}))
    assert check(built, changed=True) == []
    assert scoped == [None, [cited, ("statement", "s-b")]]
    conn = sqlite3.connect(built)  # a statement naming a meeting no longer there, seen from either side
    conn.execute("CREATE TEMP TABLE scope (kind TEXT, id TEXT)")
    conn.execute("INSERT INTO scope VALUES ('meeting', 'alpha-beta-call-2021-06-07')")
    conn.execute("DELETE FROM meetings WHERE id = 'alpha-beta-call-2021-06-07'")
    everything = sorted((f.table, f.key, f.message) for f in check_module._foreign_keys(conn))
    assert {table for table, *_ in everything} >= {"meeting_participants", "statements"}
    assert sorted((f.table, f.key, f.message) for f in check_module._foreign_keys(conn, "scope")) == everything
    conn.close()


def test_a_narrowed_check_recounts_a_source_a_record_no_longer_cites(seeds, built, monkeypatch):
    """A statement moved from one source to another: the source it left is cited by no record
    in scope, but its counts changed. A build that failed to recount it (here made to skip the
    sources' counts) is caught by the narrowed check, as by the full one."""
    incremental_module = sys.modules["diplofacts.loaders.incremental"]
    extra = seeds / "facts" / "extra.jsonl"

    def statement(source: str, exact: str) -> str:
        return json.dumps({"type": "statement", "id": "s-moved", "date_basis": "unknown", "speaker": "alpha",
                           "summary": "Alpha spoke.", "citations": [{"source": source, "exact": exact}]}) + "\n"

    extra.write_text(statement("second-report", "Alpha phoned Beta on June 7, 2021"))
    build(seeds, built)
    assert check(built, changed=True) == []
    counts = "SELECT citation_count FROM sources WHERE id = 'second-report'"
    before = rows(built, counts)
    finalize_sql = incremental_module.finalize_sql
    monkeypatch.setattr(incremental_module, "finalize_sql", lambda t: [] if t.name == "sources" else finalize_sql(t))
    extra.write_text(statement("alpha-beta-call", "The talks were useful, officials said."))
    assert build(seeds, built).changed is not None
    assert rows(built, counts) == before  # not recounted: one citation too many
    assert ("source", "second-report") in built_lineage(built).touched[0]
    narrowed = messages(check(built, changed=True))
    assert [m for m in narrowed if "second-report" in m] == [
        "sources second-report: fact_count is 4, derived 3", "sources second-report: citation_count is 4, derived 3"]
    assert narrowed == messages(check(built))  # everything verified

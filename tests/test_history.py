"""Every fact's history: kept in seeds/history.jsonl by the build, published as fact_revisions,
verified by facts check; the same whether the build was full or incremental."""
import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from diplofacts.cli import cli
from diplofacts.loaders import BuildFailed, build, check
from diplofacts.loaders import history as history_module
from diplofacts.loaders.content import content
from diplofacts.loaders.recordfiles import RecordFile
from diplofacts.schema.kinds import KINDS_BY_NAME, RECORD_KINDS

from .conftest import rows
from .test_check import messages, tamper

CALL = "alpha-beta-call-2021-06-07"
REVISIONS = ("SELECT fact_type, fact_id, revision, change, changed, reason, replaced_by_type, replaced_by_id"
             " FROM fact_revisions WHERE change != 'added' OR revision > 1 ORDER BY at, fact_type, fact_id, revision")


def lines(seeds) -> list[dict]:
    return [json.loads(line) for line in (seeds / "history.jsonl").read_text(encoding="utf-8").splitlines()]


def edit(seeds, old: str, new: str) -> None:
    calls = seeds / "facts" / "calls.yaml"
    text = calls.read_text()
    assert old in text
    calls.write_text(text.replace(old, new, 1))


def facts_build(seeds, db, *extra: str) -> str:
    result = CliRunner().invoke(cli, ["build", "--seeds", str(seeds), "--db", str(db), *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_corrected_date_is_recorded_once_with_before_after_and_reason(seeds, built):
    before = lines(seeds)
    assert [line["change"] for line in before] == ["added"] * 5  # the fixture's history: five facts published
    edit(seeds, "date: 2021-06-07\n    date_basis: stated", "date: 2021-06\n    date_basis: stated")
    output = facts_build(seeds, built, "--reason", "Only the month is known.")
    assert output.splitlines()[-1] == f"Recorded in {seeds / 'history.jsonl'}: 1 corrected."
    new = lines(seeds)[len(before):]
    assert [{k: v for k, v in line.items() if k != "at"} for line in new] == [
        {"type": "agreement", "id": "alpha-beta-stay-in-touch", "change": "corrected",
         "fields": {"date": ["2021-06-07", "2021-06"]}, "reason": "Only the month is known."}]
    assert rows(built, REVISIONS) == [
        ("agreement", "alpha-beta-stay-in-touch", 2, "corrected", '{"date": ["2021-06-07", "2021-06"]}',
         "Only the month is known.", None, None)]
    (snapshot,), = rows(built, "SELECT snapshot FROM fact_revisions WHERE fact_id = 'alpha-beta-stay-in-touch' AND revision = 2")
    assert json.loads(snapshot)["date"] == "2021-06"
    # a rebuild with no change adds nothing, incremental or full
    assert facts_build(seeds, built).strip() == f"{built} is up to date with {seeds}."
    facts_build(seeds, built, "--full")
    assert len(lines(seeds)) == len(before) + 1
    assert check(built) == []


def test_incremental_and_full_builds_give_the_same_history(seeds, built, tmp_path):
    edit(seeds, "summary: Alpha called Beta.", "summary: Alpha phoned Beta.")
    assert build(seeds, built).changed is not None  # incremental
    edit(seeds, "summary: Alpha phoned Beta.", "summary: Alpha rang Beta.")
    assert build(seeds, built).changed is not None
    full = tmp_path / "full.db"
    build(seeds, full, full=True)
    assert content(built)["fact_revisions"] == content(full)["fact_revisions"]
    assert [r[3:5] for r in rows(built, REVISIONS)] == [
        ("corrected", '{"summary": ["Alpha called Beta.", "Alpha phoned Beta."]}'),
        ("corrected", '{"summary": ["Alpha phoned Beta.", "Alpha rang Beta."]}')]
    assert check(built) == [] and check(full) == []


def test_a_renamed_fact_is_replaced_and_a_removed_one_withdrawn(seeds, built):
    calls = seeds / "facts" / "calls.yaml"
    text = calls.read_text().replace(CALL, "alpha-beta-call-2021-06")  # the id, and every reference to it
    text = text.replace("  - id: alpha-beta-call-2021-06\n", f"  - id: alpha-beta-call-2021-06\n    replaces: [{CALL}]\n")
    start, end = text.index("  - id: beta-useful\n"), text.index("disagreements:\n")
    calls.write_text(text[:start] + text[end:])  # the quote withdrawn
    output = facts_build(seeds, built, "--reason", "Renamed; the quote withdrawn.")
    assert output.splitlines()[-1] == f"Recorded in {seeds / 'history.jsonl'}: 1 added, 2 corrected, 1 replaced, 1 withdrawn."
    assert [(r[0], r[1], r[3], r[4], r[6], r[7]) for r in rows(built, REVISIONS)] == [
        ("agreement", "alpha-beta-stay-in-touch", "corrected",
         '{"meeting": ["alpha-beta-call-2021-06-07", "alpha-beta-call-2021-06"]}', None, None),
        ("meeting", CALL, "replaced", None, "meeting", "alpha-beta-call-2021-06"),
        ("quote", "beta-useful", "withdrawn", None, None, None),
        ("statement", "alpha-ready-to-help", "corrected",
         '{"meeting": ["alpha-beta-call-2021-06-07", "alpha-beta-call-2021-06"]}', None, None),
    ]
    assert rows(built, "SELECT change, reason FROM fact_revisions WHERE fact_id = 'alpha-beta-call-2021-06'") == [
        ("added", "Renamed; the quote withdrawn.")]
    assert check(built) == []
    # what the old address says it was: the fact as it last stood
    (was,), = rows(built, "SELECT snapshot FROM fact_revisions WHERE fact_id = 'beta-useful' AND change = 'withdrawn'")
    assert json.loads(was)["text"] == "useful"


def test_replacing_an_id_still_in_use_is_refused_where_it_is_written(seeds, built):
    edit(seeds, "  - id: alpha-ready-to-help\n", "  - id: alpha-ready-to-help\n    replaces: [alpha-beta-stay-in-touch]\n")
    with pytest.raises(BuildFailed) as failed:
        build(seeds, built)
    assert [str(p) for p in failed.value.problems] == [
        "facts/calls.yaml:20:1: replaces: 'alpha-beta-stay-in-touch' is still the id of an agreement: a fact replaces"
        " only ids no fact has any more (rename or merge it first)"]


def test_a_broken_history_line_is_located_and_nothing_is_written(seeds, built):
    before = built.read_bytes()
    with (seeds / "history.jsonl").open("a") as f:
        f.write('{"type": "meeting", "id": "x", "at": "yesterday", "change": "added", "after": {}}\n')
        f.write('{"type": "meeting", "id": "y", "at": "2026-12-07T10:00:00+00:00", "change": "corrected", "fieldz": {}}\n')
    edit(seeds, "summary: Alpha called Beta.", "summary: Alpha phoned Beta.")
    with pytest.raises(BuildFailed) as failed:
        build(seeds, built, full=True)
    assert [str(p) for p in failed.value.problems] == [
        "history.jsonl:6:1: at: 'yesterday' is not a time in UTC to the second, like 2026-12-07T10:02:33+00:00",
        "history.jsonl:7:1: fieldz: unknown key 'fieldz'",
    ]
    assert built.read_bytes() == before
    assert len((seeds / "history.jsonl").read_text().splitlines()) == 7  # nothing appended


def test_check_verifies_the_history_against_the_facts(built):
    tamper(built, f"UPDATE fact_revisions SET revision = 3 WHERE fact_id = '{CALL}'",
           "DELETE FROM fact_revisions WHERE fact_id = 'alpha-ready-to-help'",
           "INSERT INTO fact_revisions (fact_type, fact_id, revision, at, change, replaced_by_type, replaced_by_id)"
           " VALUES ('meeting', 'old-call', 1, '2026-12-07T10:00:00+00:00', 'replaced', 'meeting', 'nowhere')")
    assert messages(check(built)) == [
        f"fact_revisions (meeting, {CALL}, 3): revision 3 follows none",
        "statements alpha-ready-to-help: has no history in fact_revisions",
        "fact_revisions (meeting, old-call, 1): replaced by meeting 'nowhere', which leads to no fact",
    ]


def test_the_snapshot_read_back_from_the_rows_is_the_record_as_curated(seeds, built):
    """Two views of a fact's curated fields: from the validated record, and from its rows."""
    stored = history_module.snapshots(sqlite3.connect(built))
    sections = {k.section: k.model for k in RECORD_KINDS}
    from_records = {}
    for _loc, record in RecordFile(seeds / "facts" / "calls.yaml", "calls.yaml", sections).records():
        if record.type in KINDS_BY_NAME:
            from_records[(record.type, record.id)] = history_module.record_snapshot(KINDS_BY_NAME[record.type], record)
    assert from_records == stored and len(stored) == 5
    # the full build reads every table once; the incremental one each fact with its rows
    each = history_module.snapshots(sqlite3.connect(built), {k: "1" for k in KINDS_BY_NAME})
    assert each == stored


def test_the_seeds_history_replays_to_the_facts_and_redirects_every_old_id(tmp_path):
    from .conftest import ROOT

    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    report = build(seeds, tmp_path / "facts.db", full=True)
    assert report.revisions == []  # the committed history is complete
    gone = dict(((t, i), (c, by_t, by_i)) for t, i, c, by_t, by_i in rows(
        tmp_path / "facts.db", "SELECT fact_type, fact_id, change, replaced_by_type, replaced_by_id FROM fact_revisions r"
        " WHERE change IN ('replaced', 'withdrawn')"))
    assert len([v for v in gone.values() if v[0] == "replaced"]) == 13
    assert sorted(i for (_, i), v in gone.items() if v[0] == "withdrawn") == [
        "pakafuz-railway-agreement-2021-02", "quote-kremlin-spread-of-instability-adjacent-regions",
        "russia-cautiously-optimistic-new-kabul-leadership", "russia-india-less-effective-than-pakistan-on-afghanistan"]


def test_a_clock_set_back_never_dates_a_revision_before_the_last(seeds, built, monkeypatch):
    (last,), = rows(built, "SELECT max(at) FROM fact_revisions")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "946684800")  # 2000-01-01
    edit(seeds, "summary: Alpha called Beta.", "summary: Alpha phoned Beta.")
    build(seeds, built)
    assert lines(seeds)[-1]["at"] == last
    assert check(built) == []


def test_the_build_appends_in_place_and_reads_a_history_larger_than_a_seeds_file(seeds, built, monkeypatch):
    """An edit costs the lines it adds: the file keeps its inode and its bytes as a prefix (no
    copy of a file that grows with every fact ever published), and the history is not held to
    the size limit of one seeds file (safefiles.MAX_BYTES)."""
    from diplofacts.loaders import safefiles
    path = seeds / "history.jsonl"
    before, inode = path.read_bytes(), path.stat().st_ino
    largest = max(p.stat().st_size for p in seeds.rglob("*") if p.is_file() and p != path)
    assert largest < len(before) - 1
    monkeypatch.setattr(safefiles, "MAX_BYTES", largest)  # every other seeds file still allowed
    edit(seeds, "summary: Alpha called Beta.", "summary: Alpha phoned Beta.")
    build(seeds, built, full=True)
    after = path.read_bytes()
    assert (path.stat().st_ino, after[:len(before)]) == (inode, before)
    assert [json.loads(line)["change"] for line in after[len(before):].decode().splitlines()] == ["corrected"]
    assert check(built) == []


def test_a_history_whose_last_line_lost_its_newline_gets_one_before_the_next_lines(seeds, built):
    path = seeds / "history.jsonl"
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    edit(seeds, "summary: Alpha called Beta.", "summary: Alpha phoned Beta.")
    build(seeds, built)
    assert [line["change"] for line in lines(seeds)] == ["added"] * 5 + ["corrected"]


def test_an_unfinished_last_line_is_reported_at_its_line(seeds, built):
    """What a build killed while appending can leave: the next build names the line."""
    path = seeds / "history.jsonl"
    path.write_bytes(path.read_bytes() + b'{"type": "meeting", "id": "alpha-beta-call-2021-06-07", "at": "2026-12-')
    with pytest.raises(BuildFailed) as failed:
        build(seeds, built, full=True)
    assert [str(p) for p in failed.value.problems] == [
        "history.jsonl:6:1: an unfinished line, with no newline after it (a build stopped while appending it?): "
        "delete it, then build again to record the changes anew"]


def test_a_trusted_history_is_read_as_validation_reads_it(tmp_path):
    """A history a build wrote is read without validating each line again (the full build reads
    every line): the seeds' own history gives the same revisions both ways, and a line edited
    by hand is still read with validation (and located) even when trusted."""
    from pathlib import Path
    seeds = Path(__file__).parent.parent / "seeds"
    fast, slow = history_module.read(seeds, trusted=True), history_module.read(seeds)
    assert (fast.problems, slow.problems) == ([], [])
    assert len(fast.revisions) > 100
    assert [(type(r), r.model_dump()) for r in fast.revisions] == [(type(r), r.model_dump()) for r in slow.revisions]
    assert fast.revisions == slow.revisions
    (tmp_path / "history.jsonl").write_bytes((seeds / "history.jsonl").read_bytes()
                                             + b'{"type": "meeting", "id": "x", "at": "2027-01-01T00:00:00+00:00", "change": "added", "aftr": {}}\n')
    edited = history_module.read(tmp_path, trusted=True)
    assert [str(p) for p in edited.problems] == [f"history.jsonl:{len(slow.revisions) + 1}:1: aftr: unknown key 'aftr'"]


def test_a_full_build_carries_the_table_over_and_records_what_a_build_from_the_file_records(seeds, built, tmp_path,
                                                                                          monkeypatch):
    """A full build of a database its previous build left as it wrote it takes that build's
    fact_revisions and compares each fact with its latest revision in SQL, never reading the
    history file: a correction, a rename, a withdrawal and a new fact come out exactly as from a
    build that reads the whole file (another folder, no previous database), history file included."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # 2030-01-01: the same stamp for both builds
    calls = seeds / "facts" / "calls.yaml"
    text = calls.read_text().replace(CALL, "alpha-beta-call-2021-06")
    text = text.replace("  - id: alpha-beta-call-2021-06\n", f"  - id: alpha-beta-call-2021-06\n    replaces: [{CALL}]\n")
    start, end = text.index("  - id: beta-useful\n"), text.index("disagreements:\n")
    calls.write_text((text[:start] + text[end:]).replace("summary: Alpha called Beta.", "summary: Alpha rang Beta."))
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(seeds, elsewhere)
    from_file = build(elsewhere, tmp_path / "from-file.db", full=True)

    def unread(*_args, **_kwargs):
        raise AssertionError("the history file was read")

    monkeypatch.setattr(history_module, "read", unread)
    monkeypatch.setattr(history_module, "load", unread)
    carried = build(seeds, built, full=True, reason=None)
    assert [(r.type, r.id, r.change) for r in carried.revisions] == [(r.type, r.id, r.change) for r in from_file.revisions] == [
        ("agreement", "alpha-beta-stay-in-touch", "corrected"), ("meeting", "alpha-beta-call-2021-06", "added"),
        ("statement", "alpha-ready-to-help", "corrected"), ("meeting", CALL, "replaced"), ("quote", "beta-useful", "withdrawn")]
    assert (seeds / "history.jsonl").read_bytes() == (elsewhere / "history.jsonl").read_bytes()
    assert content(built) == content(tmp_path / "from-file.db")
    assert rows(built, "SELECT rowid, fact_type, fact_id, revision FROM fact_revisions ORDER BY rowid") == rows(
        tmp_path / "from-file.db", "SELECT rowid, fact_type, fact_id, revision FROM fact_revisions ORDER BY rowid")
    assert build(seeds, built, full=True).revisions == []  # nothing changed since: nothing recorded
    monkeypatch.undo()
    assert check(built) == []


def test_a_full_build_of_a_database_edited_since_reads_the_history_file(seeds, built, monkeypatch):
    """Only a database still, byte for byte, as its build wrote it lends its table: one edited
    since (its size and time put back) is known by reading it, and the history file is read."""
    import os

    stat = os.stat(built)
    with sqlite3.connect(built) as conn:
        conn.execute("UPDATE fact_revisions SET reason = 'forged' WHERE rowid = 1")
    conn.close()
    os.utime(built, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert os.stat(built).st_size == stat.st_size
    reads = []
    load = history_module.load
    monkeypatch.setattr(history_module, "load", lambda *a, **k: reads.append(k) or load(*a, **k))
    build(seeds, built, full=True)
    assert reads == [{"trusted": False}]
    assert rows(built, "SELECT count(*) FROM fact_revisions WHERE reason = 'forged'") == [(0,)]


@pytest.mark.parametrize("existed", [True, False])
def test_the_seeds_state_after_an_append_is_the_state_a_new_walk_finds(tmp_path, existed):
    """The build appends to history.jsonl and takes the seeds' digest from its first walk with the
    history's digest replaced (or put in its place, for a first history): what a walk finds."""
    from diplofacts.loaders.seedsdigest import seeds_state

    for name in ("a.txt", "facts/x.yaml", "history.jsonl.bak", "hist/y.txt", "sources/z.txt", "zz.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(name)
    if existed:
        (tmp_path / "history.jsonl").write_text("{}\n")
    before = seeds_state(tmp_path)
    with (tmp_path / "history.jsonl").open("a") as f:
        f.write('{"a": 1}\n')
    after = seeds_state(tmp_path)
    assert before.with_history(after.history) == after
    assert before.with_history(after.history).walked == after.walked


def _revisions_table(tmp_path, name):
    from diplofacts.loaders.database import create_tables

    conn = sqlite3.connect(tmp_path / name, isolation_level=None)
    import sqlite_utils
    create_tables(sqlite_utils.Database(conn))
    return conn


@pytest.mark.parametrize("trusted", [True, False])
def test_the_history_streamed_into_the_table_is_the_history_read_whole(tmp_path, trusted):
    """``load`` streams the file into fact_revisions holding only counts (a correction's or a
    withdrawal's previous snapshot read back from the table): the seeds' own history (additions,
    corrections, replacements, withdrawals) gives the rows that reading it whole and replaying it
    gives, row for row; a line edited by hand (a space more, or a key misspelt where the file is
    trusted) gives None and leaves the table empty."""
    from pathlib import Path
    seeds = Path(__file__).parent.parent / "seeds"
    streamed, whole = _revisions_table(tmp_path, "a.db"), _revisions_table(tmp_path, "b.db")
    assert history_module.load(streamed, seeds, trusted=trusted) == []
    whole.execute("BEGIN")
    history_module.insert(whole, history_module.read(seeds).revisions)
    whole.execute("COMMIT")
    table = "SELECT rowid, * FROM fact_revisions ORDER BY rowid"
    assert streamed.execute(table).fetchall() == whole.execute(table).fetchall()
    changes = {c for (c,) in streamed.execute("SELECT DISTINCT change FROM fact_revisions")}
    assert changes == {"added", "corrected", "replaced", "withdrawn"}
    (tmp_path / "edited").mkdir()
    text = (seeds / "history.jsonl").read_text(encoding="utf-8")
    (tmp_path / "edited" / "history.jsonl").write_text(text.replace('"change": "added"', '"change":  "added"' if not trusted else '"chnge": "added"', 1),
                                                      encoding="utf-8")
    again = _revisions_table(tmp_path, "c.db")
    assert history_module.load(again, tmp_path / "edited", trusted=trusted) is None
    assert again.execute("SELECT count(*) FROM fact_revisions").fetchone() == (0,)


def test_check_reads_the_revisions_and_the_facts_side_by_side_in_the_order_of_their_ids(built):
    """The full check streams both, kind by kind (memory for one fact at a time, not for every
    fact and its history): revisions whose ids come before, between and after the facts', and
    revisions of a kind no table holds, are all seen, and reported in the order they always were."""
    tamper(built,
           "INSERT INTO fact_revisions (fact_type, fact_id, revision, at, change, snapshot) VALUES"
           " ('statement', 'aaa-before-every-statement', 1, '2026-12-07T10:00:00+00:00', 'added', '{}'),"
           " ('statement', 'zzz-after-every-statement', 1, '2026-12-07T10:00:00+00:00', 'added', '{}'),"
           " ('treaty', 'no-such-kind', 1, '2026-12-07T10:00:00+00:00', 'added', '{}'),"
           " ('treaty', 'no-such-kind', 3, '2026-12-07T10:00:00+00:00', 'withdrawn', NULL)",
           "UPDATE fact_revisions SET change = 'withdrawn' WHERE fact_id = 'beta-useful'")
    assert messages(check(built)) == [
        "fact_revisions (treaty, no-such-kind, 3): revision 3 follows 1",
        "quotes beta-useful: is a fact, but its history ends withdrawn",
        "fact_revisions (statement, aaa-before-every-statement, 1): the history ends with a fact that is not in the database",
        "fact_revisions (statement, zzz-after-every-statement, 1): the history ends with a fact that is not in the database",
    ]
    stored = history_module.snapshots(sqlite3.connect(built))
    streamed = {(kind.name, fact_id): fields for kind in KINDS_BY_NAME.values()
                for fact_id, fields in history_module.iter_snapshots(sqlite3.connect(built), kind)}
    assert streamed == stored and len(streamed) == 5


def test_check_finds_a_replacement_the_history_does_not_record(seeds, built):
    calls = seeds / "facts" / "calls.yaml"
    text = calls.read_text().replace(CALL, "alpha-beta-call-2021-06")
    calls.write_text(text.replace("  - id: alpha-beta-call-2021-06\n", f"  - id: alpha-beta-call-2021-06\n    replaces: [{CALL}]\n"))
    facts_build(seeds, built, "--reason", "Renamed.")
    assert check(built) == []
    tamper(built, f"UPDATE fact_revisions SET change = 'withdrawn', replaced_by_type = NULL, replaced_by_id = NULL"
                  f" WHERE fact_id = '{CALL}' AND change = 'replaced'")
    assert messages(check(built)) == [
        f"meetings alpha-beta-call-2021-06: replaces '{CALL}', but fact_revisions does not record it replaced by this fact"]

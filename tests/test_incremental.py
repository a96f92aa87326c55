"""Incremental builds: only the changed fact files are read again, and the result has the same
content as a full build from scratch, after any series of edits, additions and deletions."""
import hashlib
import json
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from diplofacts.loaders import BuildFailed, build, check
from diplofacts.loaders.content import content

from .conftest import FIXTURE_SEEDS

SENTENCES = [  # (source, excerpt) pairs the fixture's sources hold once each
    ("alpha-beta-call", "President Alpha called Prime Minister Beta on Monday."),
    ("alpha-beta-call", "The talks were useful, officials said."),
    ("second-report", "they agreed to stay in touch"),
    ("second-report", "Alpha phoned Beta on June 7, 2021"),
]


def statement(n: int, meeting: str | None = None) -> str:
    source, exact = SENTENCES[n % len(SENTENCES)]
    speaker = "alpha" if n % 2 else "beta"
    out = (f"  - id: s-{n}\n    date_basis: unknown\n    speaker: {speaker}\n    summary: Statement number {n}.\n"
           f"    citations:\n      - {{source: {source}, exact: '{exact}'}}\n")
    return out + (f"    meeting: {meeting}\n" if meeting else "")


PEOPLE = ["alpha", "beta", "gamma", "delta"]


def meeting(n: int, rng: random.Random) -> str:
    """A held or planned call between two to three of PEOPLE: it moves the meeting pairs, the
    timeline and the facet counts, and its citations move the counts of its sources."""
    source, exact = SENTENCES[n % len(SENTENCES)]
    people = rng.sample(PEOPLE, rng.randint(2, 3))
    status, cameo = rng.choice([("held", "041"), ("planned", "036")])
    return (f"  - id: m-{n}\n    date: 2021-0{rng.randint(5, 7)}-1{rng.randint(0, 9)}\n    date_basis: stated\n"
            f"    kind: phone-call\n    mode: phone\n    status: {status}\n    cameo: '{cameo}'\n"
            f"    summary: Call number {n}.\n    participants:\n"
            + "".join(f"      - {{entity: {p}, role: participant}}\n" for p in people)
            + f"    citations:\n      - {{source: {source}, exact: '{exact}'}}\n")


@pytest.fixture
def corpus(tmp_path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, seeds)
    with (seeds / "entities.yaml").open("a") as entities:
        entities.write("".join(f"  - id: {p}\n    name: {p.title()}\n    kind: person\n" for p in PEOPLE[2:]))
    for f in range(4):
        (seeds / "facts" / f"batch-{f}.yaml").write_text(
            "statements:\n" + "".join(statement(f * 10 + i) for i in range(3)))
    return seeds


def test_random_edits_give_the_same_database_as_a_full_build(corpus, tmp_path):
    rng = random.Random(20261123)
    db, full = tmp_path / "facts.db", tmp_path / "full.db"
    build(corpus, db)
    next_id = 1000
    for step in range(24):
        files = sorted((corpus / "facts").glob("batch-*.yaml"))
        calls = sorted((corpus / "facts").glob("calls-*.yaml"))
        action = rng.choice(["edit", "add-file", "delete-file", "add-fact", "drop-fact", "reference",
                             "add-meeting", "edit-meeting", "delete-meetings"])
        target = rng.choice(files) if files else None
        if action == "add-meeting" or (action in ("edit-meeting", "delete-meetings") and not calls):
            name = rng.choice([*calls, corpus / "facts" / f"calls-{step}.yaml"])
            name.write_text((name.read_text() if name.exists() else "meetings:\n") + meeting(next_id, rng))
            next_id += 1
        elif action == "edit-meeting":  # another day, or another participant
            call = rng.choice(calls)
            text = call.read_text()
            if rng.random() < 0.5:
                text = text.replace("date: 2021-0", f"date: 2021-0{rng.randint(5, 7)}-2{rng.randint(0, 8)} #", 1)
                text = "\n".join(line.split(" #")[0] for line in text.splitlines()) + "\n"
            else:
                a, b = rng.sample(PEOPLE, 2)
                if f"entity: {b}," not in text.split("  - id: ")[1]:
                    text = text.replace(f"entity: {a},", f"entity: {b},", 1)
            call.write_text(text)
        elif action == "delete-meetings":
            rng.choice(calls).unlink()
        elif action == "edit" and target:
            target.write_text(target.read_text().replace("Statement number", f"Statement (edit {step}) number", 1))
        elif action == "add-file" or not files:
            (corpus / "facts" / f"batch-new-{step}.yaml").write_text("statements:\n" + statement(next_id))
            next_id += 1
        elif action == "delete-file":
            target.unlink()
        elif action == "add-fact":
            target.write_text(target.read_text() + statement(next_id))
            next_id += 1
        elif action == "drop-fact":
            parts = target.read_text().split("  - id: ")
            if len(parts) > 2:
                target.write_text("  - id: ".join(parts[:-1]))
        elif action == "reference":  # a statement in one file made at a meeting curated in another
            target.write_text(target.read_text() + statement(next_id, meeting="alpha-beta-call-2021-06-07"))
            next_id += 1
        report = build(corpus, db)
        build(corpus, full, full=True)
        assert content(db) == content(full), (step, action)
        assert check(db) == []
        assert report.changed is not None or report.skipped, (step, action)


def test_only_the_changed_files_are_read(corpus, tmp_path, monkeypatch):
    db = tmp_path / "facts.db"
    build(corpus, db)
    read = []
    from diplofacts.loaders import factfiles
    original = factfiles.process_file
    monkeypatch.setattr(factfiles, "process_file", lambda job: read.append(job.name) or original(job))
    batch = corpus / "facts" / "batch-2.yaml"
    batch.write_text(batch.read_text().replace("Statement number 21.", "Statement number twenty-one."))
    report = build(corpus, db)
    assert (read, report.changed.changed, report.changed.deleted) == (["facts/batch-2.yaml"], ["facts/batch-2.yaml"], [])


def test_a_build_reads_and_writes_the_digests_file_once_whatever_its_end(corpus, tmp_path, monkeypatch):
    """The digests beside the database (7.6 MB of JSON at a million facts) are loaded and saved
    once a build: an edit, a build with nothing to do, a failed one; what the walk found is kept
    by each, and the record of the file written by the one that wrote a file."""
    from diplofacts.loaders import seedsdigest
    db = tmp_path / "facts.db"
    build(corpus, db)
    calls: list[str] = []
    load, save = seedsdigest.DigestCache.load.__func__, seedsdigest.DigestCache.save
    monkeypatch.setattr(seedsdigest.DigestCache, "load", classmethod(lambda cls, path: calls.append("load") or load(cls, path)))
    monkeypatch.setattr(seedsdigest.DigestCache, "save", lambda self, path: calls.append("save") or save(self, path))
    batch = corpus / "facts" / "batch-2.yaml"
    batch.write_text(batch.read_text().replace("Statement number 21.", "Statement number twenty-one."))
    report = build(corpus, db)
    assert (report.changed.changed, calls) == (["facts/batch-2.yaml"], ["load", "save"])
    assert seedsdigest.built_lineage(db).sha256 == report.sha256 and report.in_place
    calls.clear()
    assert build(corpus, db, if_changed=True).skipped and calls == ["load", "save"]
    calls.clear()
    batch.write_text(batch.read_text().replace("speaker: alpha", "speaker: omega", 1))
    with pytest.raises(BuildFailed):
        build(corpus, db)
    assert calls == ["load", "save"]
    entry = seedsdigest.DigestCache.load(seedsdigest.digests_file(db)).entries["facts/batch-2.yaml"]
    assert entry[3] == hashlib.sha256(batch.read_bytes()).hexdigest()  # the broken file as walked
    assert seedsdigest.built_lineage(db).sha256 == report.sha256  # the record of the last file written, kept


def test_a_broken_changed_file_is_reported_before_anything_is_written(corpus, tmp_path):
    db = tmp_path / "facts.db"
    build(corpus, db)
    before = db.read_bytes()
    batch = corpus / "facts" / "batch-1.yaml"
    batch.write_text(batch.read_text().replace("speaker: alpha", "speaker: omega", 1))
    with pytest.raises(BuildFailed) as failed:
        build(corpus, db)
    assert [str(p) for p in failed.value.problems] == ["facts/batch-1.yaml:10:14: statements[1].speaker: unknown entity 'omega'"]
    assert db.read_bytes() == before
    assert not list(tmp_path.glob(".facts.db.tmp-*"))


def test_a_deleted_record_that_others_name_fails_the_incremental_build_too(corpus, tmp_path):
    db = tmp_path / "facts.db"
    batch = corpus / "facts" / "batch-3.yaml"
    batch.write_text(batch.read_text() + statement(99, meeting="alpha-beta-call-2021-06-07"))
    build(corpus, db)
    before = db.read_bytes()
    calls = corpus / "facts" / "calls.yaml"
    calls.write_text(calls.read_text().replace("id: alpha-beta-call-2021-06-07", "id: alpha-beta-call-renamed"))
    with pytest.raises(BuildFailed) as incremental:
        build(corpus, db)
    with pytest.raises(BuildFailed) as full:
        build(corpus, tmp_path / "other.db", full=True)
    assert sorted(map(str, incremental.value.problems)) == sorted(map(str, full.value.problems))
    assert db.read_bytes() == before


def test_registries_or_sources_changed_take_the_full_build(corpus, tmp_path):
    db = tmp_path / "facts.db"
    build(corpus, db)
    entities = corpus / "entities.yaml"
    entities.write_text(entities.read_text() + "  - id: omega\n    name: Omega\n    kind: person\n")
    assert build(corpus, db).changed is None
    assert build(corpus, db, full=True).changed is None


def test_every_derived_table_has_a_way_to_follow_a_change():
    import re

    from diplofacts.loaders.deltas import ROWS, SUM, WAYS
    from diplofacts.schema.tables import DERIVED
    assert list(WAYS) == [t.name for t in DERIVED]
    for i, table in enumerate(DERIVED):
        if WAYS[table.name] == SUM:  # every column but the key is a count
            assert all(c.type is int for c in table.columns if c.name not in table.pk_columns), table.name
        readers = [t.name for t in DERIVED[i + 1:] if re.search(rf"\b{table.name}\b", t.derivation)]
        assert not readers or WAYS[table.name] == ROWS, (table.name, readers)


def test_check_verifies_what_changed_since_the_last_clean_check(corpus, tmp_path):
    db = tmp_path / "facts.db"
    build(corpus, db)
    assert check(db, changed=True) == []  # no record of a check yet: everything
    assert (tmp_path / "facts.db.checked.json").exists()
    batch = corpus / "facts" / "batch-2.yaml"
    batch.write_text(batch.read_text().replace("Statement number 21.", "Statement number twenty-one."))
    build(corpus, db)
    conn = sqlite3.connect(db)
    with conn:  # one wrong value in a record of the changed file, one in a record of another
        conn.execute("UPDATE statements SET month = '1999-01' WHERE id IN ('s-21', 's-1')")
    conn.close()
    # edited after the build: not the file the build wrote, so nothing checked before is trusted
    # (what is narrowed, and when, is tested in test_tamper.py)
    both = ["statements s-1: month is '1999-01', derived None", "statements s-21: month is '1999-01', derived None"]
    assert sorted(p.message for p in check(db, changed=True)) == both
    assert sorted(p.message for p in check(db)) == both


def test_a_file_unchanged_since_it_was_hashed_is_not_read_again(tmp_path):
    import os
    import time

    from diplofacts.loaders.seedsdigest import DigestCache
    path = tmp_path / "a.yaml"
    path.write_text("statements: []\n")
    old = time.time_ns() - 60 * 10**9
    os.utime(path, ns=(old, old))
    stat = os.stat(path)
    cache = DigestCache({"a.yaml": [stat.st_size, old, stat.st_ino, "recorded"]}, made_ns=time.time_ns())
    assert cache.digest("a.yaml", str(path)) == "recorded"  # same size, time and inode: trusted
    path.write_text("statements: {}\n")  # same size, but a new time
    assert cache.digest("a.yaml", str(path)) != "recorded"


def test_the_digest_of_a_file_appended_to_reads_only_the_lines_appended_when_it_can(tmp_path):
    """A PrefixDigest, taken before the build appends (in a thread), continued with the bytes
    appended, is the SHA-256 of the file; not when the file changed otherwise before the append,
    was changed within the racy window before its read, or was not read whole."""
    import os
    import time

    from diplofacts.loaders.seedsdigest import PrefixDigest, _stat_key
    path = tmp_path / "history.jsonl"
    body = b'{"n": 1}\n' * 2_000_000  # more than one chunk of the read
    path.write_bytes(body)
    then = time.time_ns() - 60 * 10**9 + 123
    os.utime(path, ns=(then, then))

    def appended(prefix: PrefixDigest, extra: bytes, change=None) -> str | None:
        if change:
            change()
        prefix.before_append()
        with open(path, "ab") as f:
            f.write(extra)
        return prefix.continued(_stat_key(path))

    prefix = PrefixDigest(path)
    assert appended(prefix, b'{"n": 2}\n') == hashlib.sha256(body + b'{"n": 2}\n').hexdigest()
    whole = path.read_bytes()
    os.utime(path, ns=(then, then))
    prefix = PrefixDigest(path)

    def rewritten():  # the file's first line changed before the append (its size kept)
        with open(path, "r+b") as f:
            f.write(b'{"n": 9}')
    assert appended(prefix, b'{"n": 3}\n', rewritten) is None
    path.write_bytes(whole)  # just written: within the racy window of its read
    assert appended(PrefixDigest(path), b'{"n": 4}\n') is None


def test_an_edit_build_reads_only_the_history_lines_it_appended(corpus, tmp_path, monkeypatch):
    """With a history large enough (here: any), an edit build digests the history it appended to
    from its read before the append and the lines appended, never the whole file again, and
    records the same digest a whole read gives."""
    import importlib
    import os
    import time

    from diplofacts.loaders import seedsdigest
    build_module = importlib.import_module("diplofacts.loaders.build")  # the module, not the function
    monkeypatch.setattr(build_module, "SETTLE_BYTES", 0)
    monkeypatch.setattr(seedsdigest, "SETTLE_BYTES", 0)  # the history read past its window: trusted next time
    db = tmp_path / "facts.db"
    build(corpus, db)
    history = corpus / "history.jsonl"
    mtime = history.stat().st_mtime_ns  # the history older than its racy window when the next build reads it
    time.sleep(max(0.0, (mtime + seedsdigest.racy_window(mtime) - time.time_ns()) / 1e9) + 0.05)
    whole_reads: list[str] = []
    original = seedsdigest.hashlib.file_digest
    monkeypatch.setattr(seedsdigest.hashlib, "file_digest",
                        lambda f, name: whole_reads.append(os.path.basename(f.name)) or original(f, name))
    batch = corpus / "facts" / "batch-2.yaml"
    batch.write_text(batch.read_text().replace("Statement number 21.", "Statement number twenty-one."))
    report = build(corpus, db)
    assert report.revisions and "history.jsonl" not in whole_reads, whole_reads
    conn = sqlite3.connect(db)
    recorded = dict(conn.execute("SELECT key, value FROM build_info WHERE key = 'history_sha256'"))
    conn.close()
    assert recorded == {"history_sha256": hashlib.sha256(history.read_bytes()).hexdigest()}


def test_a_digest_is_trusted_by_when_its_file_was_read(tmp_path, monkeypatch):
    """Each entry keeps when its read began: a file whose time was past the window then is
    trusted by its stat next time; one read just after it changed is read again; a large file
    the build just wrote (``settle``) is read once past the window, so that it is trusted."""
    import os
    import time

    from diplofacts.loaders import seedsdigest
    from diplofacts.loaders.seedsdigest import FINE_RACY_NS, DigestCache
    old, fresh = tmp_path / "old.yaml", tmp_path / "fresh.yaml"
    old.write_text("statements: []\n")
    then = time.time_ns() - 60 * 10**9 + 123  # fine times, a minute ago
    os.utime(old, ns=(then, then))
    fresh.write_text("statements: []\n")
    first = DigestCache()
    digests = {name: first.digest(name, str(tmp_path / name)) for name in ("old.yaml", "fresh.yaml")}
    later = DigestCache(first.seen, made_ns=first.started_ns)
    later.entries["old.yaml"] = [*later.entries["old.yaml"][:3], "as recorded", later.entries["old.yaml"][4]]
    later.entries["fresh.yaml"] = [*later.entries["fresh.yaml"][:3], "as recorded", later.entries["fresh.yaml"][4]]
    fresh_mtime = os.stat(fresh).st_mtime_ns
    assert later.digest("old.yaml", str(old)) == "as recorded"
    assert later.digest("fresh.yaml", str(fresh)) == (
        "as recorded" if first.seen["fresh.yaml"][4] - FINE_RACY_NS > fresh_mtime else digests["fresh.yaml"])
    monkeypatch.setattr(seedsdigest, "SETTLE_BYTES", 10)
    fresh.write_text("statements: [] # appended\n")
    settled = DigestCache()
    settled.digest("fresh.yaml", str(fresh), settle=True)
    mtime, read_ns = settled.seen["fresh.yaml"][1], settled.seen["fresh.yaml"][4]
    assert read_ns - FINE_RACY_NS > mtime  # read once past the window
    again = DigestCache(settled.seen, made_ns=0)
    again.entries["fresh.yaml"] = [*again.entries["fresh.yaml"][:3], "as recorded", read_ns]
    assert again.digest("fresh.yaml", str(fresh)) == "as recorded"


def test_a_change_within_the_time_stamp_of_the_last_build_is_seen(corpus, tmp_path):
    """The racy case: a file changed again, same size, same modification time, right after
    a build read it. It is read again, since it was modified just before the cache was made."""
    import os
    db = tmp_path / "facts.db"
    batch = corpus / "facts" / "batch-1.yaml"
    build(corpus, db)
    assert (tmp_path / ".facts.db.digests").exists()
    stamp = os.stat(batch).st_mtime_ns
    batch.write_text(batch.read_text().replace("Statement number 11.", "Statement number 99."))
    os.utime(batch, ns=(stamp, stamp))
    assert build(corpus, db).changed.changed == ["facts/batch-1.yaml"]
    assert "Statement number 99." in {r[0] for r in sqlite3.connect(db).execute("SELECT summary FROM statements")}


def test_damaged_records_beside_the_database_are_ignored(corpus, tmp_path):
    """The digest cache and the record of the last check are shortcuts: garbage in them costs
    a full read or a full check, never a wrong result or a traceback."""
    db = tmp_path / "facts.db"
    build(corpus, db)
    (tmp_path / ".facts.db.digests").write_text('{"made_ns": 1e30, "entries": {"facts/batch-1.yaml": 7}}')
    (tmp_path / "facts.db.checked.json").write_text('{"base_sha256": null, "code_sha256": null, "fact_files": 3}')
    batch = corpus / "facts" / "batch-1.yaml"
    batch.write_text(batch.read_text().replace("Statement number 11.", "Statement number 99."))
    assert build(corpus, db).changed is None  # no record of the file the build wrote: built in full
    info = dict(sqlite3.connect(db).execute("SELECT key, value FROM build_info"))
    (tmp_path / "facts.db.checked.json").write_text(json.dumps({**{k: info[k] for k in ("base_sha256", "code_sha256")},
                                                               "fact_files": "not json"}))
    assert check(db, changed=True) == []


def test_an_incremental_build_that_removes_every_row_of_a_kind_passes_check(seeds, built, tmp_path):
    """An index emptied row by row keeps FTS5's record of no rows, which one never filled has
    not: the check compares what ranking reads, and there is nothing to rank."""
    calls = seeds / "facts" / "calls.yaml"
    text = calls.read_text()
    calls.write_text(text[:text.index("agreements:\n")] + text[text.index("quotes:\n"):])
    assert build(seeds, built).changed is not None
    assert check(built) == []
    build(seeds, tmp_path / "full.db", full=True, record=False)
    assert content(built) == content(tmp_path / "full.db")


def jsonl_statement(n: int, meeting: str | None = None) -> str:
    source, exact = SENTENCES[n % len(SENTENCES)]
    record = {"type": "statement", "id": f"s-{n}", "date_basis": "unknown", "speaker": "alpha" if n % 2 else "beta",
              "summary": f"Statement number {n}.", "citations": [{"source": source, "exact": exact}]}
    return json.dumps({**record, **({"meeting": meeting} if meeting else {})}) + "\n"


@pytest.fixture
def lines_corpus(corpus) -> Path:
    for path in (corpus / "facts").glob("batch-*.yaml"):
        path.unlink()
    for f in range(2):
        (corpus / "facts" / f"bulk-{f}.jsonl").write_text("".join(jsonl_statement(f * 100 + i) for i in range(12)))
    return corpus


def test_line_edits_in_json_lines_read_only_those_lines_and_give_the_same_database(lines_corpus, tmp_path, monkeypatch):
    """Of a JSON Lines file, an incremental build reads only the lines whose bytes changed (a
    line moved counts as changed: its record column names the line), and the result is the
    full build's, after edits, insertions, deletions, blank lines, a record moved to another
    file and a last line without its newline."""
    from diplofacts.loaders import factfiles
    read: list[tuple[str, list[int] | None]] = []
    original = factfiles.process_file
    monkeypatch.setattr(factfiles, "process_file",
                        lambda job: read.append((job.name, None if job.lines is None else sorted(job.lines))) or original(job))
    db, full = tmp_path / "facts.db", tmp_path / "full.db"
    build(lines_corpus, db)
    a, b = lines_corpus / "facts" / "bulk-0.jsonl", lines_corpus / "facts" / "bulk-1.jsonl"

    def lines(path: Path) -> list[str]:
        return path.read_text().splitlines(keepends=True)

    def edit(path: Path, new: list[str]) -> None:
        path.write_text("".join(new))

    steps = [
        ("one line edited", lambda: edit(a, [*lines(a)[:4], lines(a)[4].replace("number", "(edited) number"), *lines(a)[5:]]),
         [("facts/bulk-0.jsonl", [5])]),
        ("a line appended", lambda: edit(a, [*lines(a), jsonl_statement(500)]), [("facts/bulk-0.jsonl", [13])]),
        ("the last line deleted", lambda: edit(a, lines(a)[:-1]), [("facts/bulk-0.jsonl", [])]),
        ("a blank line made", lambda: edit(b, [*lines(b)[:2], "\n", *lines(b)[3:]]), [("facts/bulk-1.jsonl", [3])]),
        ("a record where the blank was", lambda: edit(b, [*lines(b)[:2], jsonl_statement(501, "alpha-beta-call-2021-06-07"), *lines(b)[3:]]),
         [("facts/bulk-1.jsonl", [3])]),
        ("a line inserted before the last two", lambda: edit(b, [*lines(b)[:10], jsonl_statement(502), *lines(b)[10:]]),
         [("facts/bulk-1.jsonl", [11, 12, 13])]),
        ("a record moved to the other file", lambda: (edit(b, [*lines(b), lines(a)[0]]), edit(a, ["\n", *lines(a)[1:]])),
         [("facts/bulk-0.jsonl", [1]), ("facts/bulk-1.jsonl", [14])]),
        ("two lines swapped", lambda: edit(a, [lines(a)[0], lines(a)[2], lines(a)[1], *lines(a)[3:]]),
         [("facts/bulk-0.jsonl", [2, 3])]),
        ("no newline after the last line", lambda: a.write_text(a.read_text().rstrip("\n")), [("facts/bulk-0.jsonl", [12])]),
        ("a file deleted", lambda: b.unlink(), []),
        ("a file added", lambda: edit(b, [jsonl_statement(503)]), [("facts/bulk-1.jsonl", None)]),
    ]
    for name, change, expected in steps:
        read.clear()
        change()
        report = build(lines_corpus, db)
        assert report.changed is not None, name
        assert read == expected, name
        build(lines_corpus, full, full=True)
        assert content(db) == content(full), name
        assert check(db) == [], name


def test_a_line_that_repeats_another_lines_id_fails_the_incremental_build(lines_corpus, tmp_path):
    db = tmp_path / "facts.db"
    build(lines_corpus, db)
    before = db.read_bytes()
    bulk = lines_corpus / "facts" / "bulk-0.jsonl"
    rows = bulk.read_text().splitlines(keepends=True)
    bulk.write_text("".join([*rows[:6], rows[6].replace('"s-6"', '"s-2"'), *rows[7:]]))
    with pytest.raises(BuildFailed) as failed:
        build(lines_corpus, db)
    assert [str(p) for p in failed.value.problems] == [
        "facts/bulk-0.jsonl:7:1: id: duplicate statement id 's-2' (first at facts/bulk-0.jsonl:3)"]
    assert db.read_bytes() == before
    with pytest.raises(BuildFailed) as full:  # what a full build says of the same file
        build(lines_corpus, tmp_path / "full.db", full=True)
    assert full.value.problems == failed.value.problems


def test_a_lost_or_damaged_record_map_only_costs_a_whole_file(lines_corpus, tmp_path):
    db = tmp_path / "facts.db"
    build(lines_corpus, db)
    records = tmp_path / ".facts.db.records"
    bulk = lines_corpus / "facts" / "bulk-1.jsonl"
    for damage in (lambda: records.unlink(), lambda: records.write_bytes(b"not a database at all" * 50)):
        damage()
        bulk.write_text(bulk.read_text().replace("Statement number 105.", "Statement number one hundred and five."))
        build(lines_corpus, db)
        build(lines_corpus, tmp_path / "full.db", full=True)
        assert content(db) == content(tmp_path / "full.db")
        assert check(db) == []


def test_a_record_map_that_is_a_link_is_neither_read_nor_written_through(lines_corpus, tmp_path):
    """A link planted where the record map is kept (``.facts.db.records``) is replaced, never
    followed: what it leads to stays as it was."""
    db = tmp_path / "facts.db"
    build(lines_corpus, db)
    elsewhere = tmp_path / "elsewhere.db"
    shutil.copyfile(tmp_path / ".facts.db.records", elsewhere)
    before = elsewhere.read_bytes()
    (tmp_path / ".facts.db.records").unlink()
    (tmp_path / ".facts.db.records").symlink_to(elsewhere)
    bulk = lines_corpus / "facts" / "bulk-0.jsonl"
    bulk.write_text(bulk.read_text().replace("Statement number 3.", "Statement number three."))
    build(lines_corpus, db)
    assert elsewhere.read_bytes() == before
    build(lines_corpus, tmp_path / "full.db", full=True)
    assert content(db) == content(tmp_path / "full.db")

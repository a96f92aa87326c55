"""An incremental build writes into the database itself, in one transaction (loaders/inplace.py):
no copy of the file per edit, readers through SQLite never see half of it, a build killed
half-way is rolled back, and a server reading the file immutable never sees it change."""
import os
import sqlite3
import subprocess
import sys

import pytest

from diplofacts.loaders import BuildFailed, build, check, incremental, seedsdigest
from diplofacts.loaders.content import content
from diplofacts.loaders.inplace import hold_for_serving, journal_path, recover
from diplofacts.loaders.readonly import connect_read_only

SUMMARY = "SELECT summary FROM meetings WHERE id = 'alpha-beta-call-2021-06-07'"


def _summary(db, **uri) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"mode": "ro", **uri}.items())
    conn = sqlite3.connect(f"file:{db}?{query}", uri=True)
    try:
        return conn.execute(SUMMARY).fetchone()[0]
    finally:
        conn.close()


def _edit(seeds, old="summary: Alpha called Beta.", new="summary: Alpha phoned Beta."):
    calls = seeds / "facts" / "calls.yaml"
    text = calls.read_text()
    assert old in text
    calls.write_text(text.replace(old, new))


def test_an_edit_is_written_into_the_database_itself(seeds, tmp_path, monkeypatch):
    db, full = tmp_path / "facts.db", tmp_path / "full.db"
    build(seeds, db)
    inode, reader = db.stat().st_ino, sqlite3.connect(db)  # a reader through SQLite, open throughout
    monkeypatch.setattr(incremental.shutil, "copyfile", lambda *a: pytest.fail("the database was copied"))
    _edit(seeds)
    report = build(seeds, db)
    assert (report.in_place, report.changed.changed, db.stat().st_ino) == (True, ["facts/calls.yaml"], inode)
    assert reader.execute(SUMMARY).fetchone()[0] == "Alpha phoned Beta."  # a mutable reader sees the edit
    reader.close()
    assert report.sha256.startswith(seedsdigest.IN_PLACE) and seedsdigest.built_lineage(db).sha256 == report.sha256
    assert not journal_path(db).exists() and not list(tmp_path.glob(".facts.db.tmp-*"))
    build(seeds, full, full=True)
    assert content(db) == content(full)
    assert check(db) == [] and check(db, changed=False) == []
    assert build(seeds, db, if_changed=True).skipped  # the record vouches for the file as the edit left it
    _edit(seeds, "Alpha phoned Beta.", "Alpha rang Beta.")  # and the next edit starts from it
    again = build(seeds, db)
    assert again.in_place and seedsdigest.built_lineage(db).ancestors[0] == report.sha256
    assert _summary(db) == "Alpha rang Beta." and check(db) == []


def test_a_server_reading_the_database_immutable_gets_a_new_file_instead(seeds, tmp_path):
    db = tmp_path / "facts.db"
    build(seeds, db)
    inode = db.stat().st_ino
    served = sqlite3.connect(f"file:{db}?immutable=1", uri=True)  # as Datasette -i opens it
    held = hold_for_serving(db)  # as facts serve and the ASGI app hold it
    try:
        _edit(seeds)
        report = build(seeds, db)
        assert (report.in_place, report.changed.changed) == (False, ["facts/calls.yaml"])
        assert db.stat().st_ino != inode and report.sha256 == seedsdigest.file_sha256(db)
        assert served.execute(SUMMARY).fetchone()[0] == "Alpha called Beta."  # the file it opened, as it was
    finally:
        served.close()
        os.close(held)
    assert _summary(db) == "Alpha phoned Beta."
    _edit(seeds, "Alpha phoned Beta.", "Alpha rang Beta.")
    assert build(seeds, db).in_place  # the server gone, edits go in place again


KILLED_HALF_WAY = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 10")  # so that changed pages go to the file before the commit
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE meetings SET summary = 'half-written'")
conn.execute("CREATE TABLE filler AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
             " SELECT i, randomblob(200) AS b FROM n")
os._exit(9)  # killed before the commit
"""


def _kill_half_way(db):
    before = db.read_bytes()
    subprocess.run([sys.executable, "-c", KILLED_HALF_WAY, str(db)], check=False)
    assert journal_path(db).exists() and db.read_bytes() != before  # pages of the edit are in the file
    try:  # what a reader ignoring the journal would see: half of the change, or a schema it cannot read
        seen = _summary(db, immutable=1)
    except sqlite3.DatabaseError as error:
        seen = str(error)
    assert seen in ("half-written", "malformed database schema (?)")


def test_a_build_killed_while_writing_in_place_is_rolled_back_before_anything_reads_it(seeds, tmp_path):
    db = tmp_path / "facts.db"
    build(seeds, db)
    before = content(db)
    _kill_half_way(db)
    assert check(db) == [] and not journal_path(db).exists()  # the check rolls it back first
    assert content(db) == before
    _kill_half_way(db)
    conn = connect_read_only(db)  # what every read of the tools opens: the journal rolled back first
    assert conn.execute(SUMMARY).fetchone()[0] == "Alpha called Beta." and not journal_path(db).exists()
    conn.close()
    _kill_half_way(db)
    report = build(seeds, db, if_changed=True)  # no longer as recorded: rebuilt aside and found the same
    assert report.skipped and not journal_path(db).exists() and content(db) == before
    _edit(seeds)
    assert build(seeds, db).in_place and _summary(db) == "Alpha phoned Beta."


def test_recover_leaves_a_database_without_a_journal_alone(built):
    before = (built.read_bytes(), built.stat().st_mtime_ns)
    assert recover(built) is False
    assert (built.read_bytes(), built.stat().st_mtime_ns) == before


def test_an_edit_that_fails_in_the_transaction_leaves_the_file_and_its_record(seeds, tmp_path):
    """A problem found only once the rows are written (a reference to a fact no file holds) rolls
    the transaction back: the file is as it was, byte for byte and by its stat, still vouched for."""
    db = tmp_path / "facts.db"
    build(seeds, db)
    before, stat = db.read_bytes(), db.stat()
    _edit(seeds, "meeting: alpha-beta-call-2021-06-07\n    summary: Alpha said",
          "meeting: no-such-call\n    summary: Alpha said")
    with pytest.raises(BuildFailed) as failed:
        build(seeds, db)
    assert [str(p) for p in failed.value.problems] == [
        "facts/calls.yaml:20:1: date: 2021-06-07 is inferred to the day, but nothing names the evidence for the day: no"
        " fact it belongs to (meeting) is of that day, and date_note names no source, nor any fact of that day, by id."
        " Name it in date_note, or give the date only as far as the evidence goes (2021-06)",
        "facts/calls.yaml:20:1: meeting: unknown meeting 'no-such-call'"]
    assert db.read_bytes() == before and (db.stat().st_mtime_ns, db.stat().st_ino) == (stat.st_mtime_ns, stat.st_ino)
    assert seedsdigest.built_lineage(db) is not None and not journal_path(db).exists()
    _edit(seeds, "meeting: no-such-call", "meeting: alpha-beta-call-2021-06-07")
    _edit(seeds)
    assert build(seeds, db).in_place and check(db) == []


def test_facts_serve_holds_the_file_it_serves_and_describes_an_edited_one_by_its_bytes(seeds, tmp_path):
    """While ``facts serve`` runs, an edit build writes a new file (the server serves the one it
    opened); once it stops, edits go in place again, and the database changed in place is
    served with its build's identity for a hash, while its data package gives the SHA-256 of
    its bytes."""
    import asyncio
    import json
    import urllib.request
    from pathlib import Path

    from datasette.app import Datasette

    from diplofacts.site import SETTINGS, load_inspect, write_built_inspect

    from .servers import free_port, running_process
    db = tmp_path / "facts.db"
    build(seeds, db)
    inode, port = db.stat().st_ino, free_port()
    facts = Path(sys.executable).with_name("facts")
    with running_process([str(facts), "serve", str(db), "-h", "127.0.0.1", "-p", str(port)], port) as (base, _):
        _edit(seeds)
        said = subprocess.run([str(facts), "build", "--seeds", str(seeds), "--db", str(db)], capture_output=True, text=True)
        assert said.returncode == 0 and said.stdout.splitlines()[1:] == [
            f"A server is serving {db}: the edit went into a new file, which it serves once restarted.",
            f"Recorded in {seeds / 'history.jsonl'}: 1 corrected (no --reason: add one to each new line before you commit)."]
        assert db.stat().st_ino != inode
        # (which of the two files a page shows depends on when its SQL thread first connected:
        # served.py; what matters is that the file it opened was never written under it)
        assert urllib.request.urlopen(f"{base}/facts/meetings/alpha-beta-call-2021-06-07").status == 200
    _edit(seeds, "Alpha phoned Beta.", "Alpha rang Beta.")
    report = build(seeds, db)
    assert report.in_place and report.sha256.startswith(seedsdigest.IN_PLACE)
    write_built_inspect(db, report.sha256)  # as `facts build` does
    loop = asyncio.new_event_loop()
    try:
        ds = Datasette(immutables=[str(db)], inspect_data=load_inspect(db), settings=SETTINGS)
        loop.run_until_complete(ds.invoke_startup())
        assert ds.databases["facts"].hash == report.sha256  # never hashed at start
        reads: list = []
        original = seedsdigest.hashlib.file_digest
        seedsdigest.hashlib.file_digest = lambda f, name: reads.append(f.name) or original(f, name)
        try:
            home = loop.run_until_complete(ds.client.get("/"))
            assert home.status_code == 200 and reads == []  # the home page's Dataset shows no hash: the file is not read
            package = json.loads(loop.run_until_complete(ds.client.get("/datapackage.json")).text)
            again = json.loads(loop.run_until_complete(ds.client.get("/datapackage.json")).text)
        finally:
            seedsdigest.hashlib.file_digest = original
        assert reads == [str(db)] and again == package  # read once, for the data package, and kept
        resource = next(r for r in package["resources"] if r["name"] == "facts-db")
        assert (resource["hash"], resource["bytes"]) == (f"sha256:{seedsdigest.file_sha256(db)}", db.stat().st_size)
    finally:
        loop.close()


def test_a_server_starting_while_a_build_writes_in_place_waits_for_it(built):
    import threading

    from diplofacts.loaders.inplace import writable_in_place
    said: list[str] = []
    held: list[int | None] = []
    with writable_in_place(built) as in_place:
        assert in_place
        starting = threading.Thread(target=lambda: held.append(hold_for_serving(built, said.append)))
        starting.start()
        starting.join(0.5)
        assert starting.is_alive() and said == [f"a build is writing {built}: waiting for it to finish"]
    starting.join(10)
    assert not starting.is_alive() and held[0] is not None
    with writable_in_place(built) as in_place:
        assert not in_place  # the server holds it now
    os.close(held[0])


def test_a_running_datasette_opened_writable_shows_an_edit_once_it_commits(seeds, tmp_path):
    """`datasette facts.db` (no -i) reads through SQLite's locks: an edit written in place is on
    its pages as soon as the build commits, without a restart."""
    import asyncio

    from datasette.app import Datasette

    from diplofacts.site import SETTINGS
    db = tmp_path / "facts.db"
    build(seeds, db)
    loop = asyncio.new_event_loop()
    try:
        ds = Datasette(files=[str(db)], settings=SETTINGS)
        loop.run_until_complete(ds.invoke_startup())

        def summary() -> str:
            page = loop.run_until_complete(ds.client.get("/facts/meetings/alpha-beta-call-2021-06-07.json?_shape=array"))
            return page.json()[0]["summary"]
        assert summary() == "Alpha called Beta."
        _edit(seeds)
        assert build(seeds, db).in_place
        assert summary() == "Alpha phoned Beta."
    finally:
        loop.close()

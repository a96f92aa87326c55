"""One build at a time per database and per seeds folder (loaders/buildlock.py): a second
build waits for the first, says why, and then builds on what the first left."""
import json
import threading

from diplofacts.loaders import build
from diplofacts.loaders import history as history_module
from diplofacts.loaders.buildlock import build_lock

from .conftest import rows


def build_waiting(seeds, db, **kwargs) -> tuple[threading.Thread, threading.Event, list[str], list]:
    """A build in a thread, and what it says when it has to wait."""
    heard: list[str] = []
    waiting = threading.Event()
    reports: list = []

    def on_wait(why: str) -> None:
        heard.append(why)
        waiting.set()

    thread = threading.Thread(target=lambda: reports.append(build(seeds, db, on_wait=on_wait, **kwargs)))
    thread.start()
    return thread, waiting, heard, reports


def test_a_build_waits_for_the_build_of_the_same_database(seeds, tmp_path):
    db = tmp_path / "facts.db"
    with build_lock(tmp_path / "other-seeds", db):
        thread, waiting, heard, reports = build_waiting(seeds, db)
        assert waiting.wait(60)
        assert not db.exists() and thread.is_alive()
    thread.join(60)
    assert heard == [f"another build of {db} is running: waiting for it to finish"]
    assert rows(db, "SELECT count(*) FROM meetings") == [(1,)] and reports[0].skipped is False


def test_a_build_waits_for_the_build_of_the_same_seeds_into_another_database(seeds, tmp_path):
    db = tmp_path / "facts.db"
    with build_lock(seeds, tmp_path / "other.db"):
        thread, waiting, heard, _ = build_waiting(seeds, db)
        assert waiting.wait(60)
        assert not db.exists() and thread.is_alive()
    thread.join(60)
    assert heard == [f"another build of the seeds in {seeds} is running: waiting for it to finish"]
    assert db.exists()


def test_builds_that_only_read_the_seeds_do_not_wait_for_each_other(seeds, tmp_path):
    with build_lock(seeds, tmp_path / "a.db", writes_seeds=False):
        heard: list[str] = []
        build(seeds, tmp_path / "b.db", record=False, on_wait=heard.append)
    assert heard == []


def test_a_build_started_while_another_appends_records_each_change_once(seeds, tmp_path, monkeypatch):
    """The second build (another thread of this process) starts just as the first is about to
    append what changed; it waits, then finds nothing new. Without the lock it ran through: it
    took the first's temporary database (named by the process) and the first failed."""
    db = tmp_path / "facts.db"
    build(seeds, db)
    calls = seeds / "facts" / "calls.yaml"
    calls.write_text(calls.read_text().replace("summary: Alpha called Beta.", "summary: Alpha phoned Beta."))
    append, second = history_module.append, []

    def appending(*args, **kwargs):
        if not second:  # the first build's append: let a second build run first, as far as it can
            thread, waiting, _, _ = build_waiting(seeds, db)
            second.append(thread)
            while not waiting.wait(0.05) and thread.is_alive():
                pass
        return append(*args, **kwargs)

    monkeypatch.setattr(history_module, "append", appending)
    build(seeds, db)
    second[0].join(60)
    corrections = [(r["id"], r["fields"]) for r in map(json.loads, (seeds / "history.jsonl").read_text().splitlines())
                   if r["change"] == "corrected"]
    assert corrections == [("alpha-beta-call-2021-06-07", {"summary": ["Alpha called Beta.", "Alpha phoned Beta."]})]

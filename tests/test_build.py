"""seeds → facts.db on the fixture corpus: full rows, determinism, atomic replacement."""
import hashlib
import re

import pytest

from diplofacts.loaders import BuildFailed, build, check

from .conftest import columns, dump, named_row, named_rows, rows


def test_meeting_row_and_participants(built):
    meeting = {
        "id": "alpha-beta-call-2021-06-07", "date": "2021-06-07", "date_precision": "day", "month": "2021-06",
        "date_basis": "relative", "date_note": "'on Monday' in a report published 2021-06-08 (a Tuesday)",
        "kind": "phone-call", "mode": "phone", "status": "held", "place_id": None, "summary": "Alpha called Beta.",
        "cameo": "041", "plover_type": "CONSULT", "plover_mode": "phone", "source_count": 2, "record": "facts/calls.yaml:2",
    }
    assert columns(named_row(built, "SELECT * FROM meetings WHERE id = ?", (meeting["id"],)), meeting) == meeting
    assert named_rows(built, "SELECT entity_id, role FROM meeting_participants WHERE meeting_id = ? ORDER BY role",
                      (meeting["id"],)) == [{"entity_id": "beta", "role": "called"}, {"entity_id": "alpha", "role": "caller"}]


def test_citations_are_anchored_in_code_points(built):
    from diplofacts.schema.kinds import citation_id
    assert rows(built, "SELECT id, fact_type, fact_id, source_id, exact, prefix, suffix, start, [end] FROM citations"
                       " WHERE fact_id IN ('alpha-we-stand-ready', 'beta-useful') ORDER BY rowid") == [
        (citation_id("quote", "alpha-we-stand-ready", "alpha-beta-call", 88, 113), "quote", "alpha-we-stand-ready",
         "alpha-beta-call", '"We stand ready to help."', "ter Beta on Monday. Alpha said: ", " Beta said the talks were \"usefu", 88, 113),
        (citation_id("quote", "alpha-we-stand-ready", "second-report", 95, 118), "quote", "alpha-we-stand-ready",
         "second-report", "We stand ready to help.", ' to stay in touch. Alpha said: "', '"\n', 95, 118),
        (citation_id("quote", "beta-useful", "alpha-beta-call", 128, 147), "quote", "beta-useful", "alpha-beta-call",
         'talks were "useful"', 'd ready to help." Beta said the ', ". The talks were useful, officia", 128, 147),
    ]
    # the derivation itself is pinned: changing it would break every link to an excerpt
    assert rows(built, "SELECT id FROM citations WHERE fact_id = 'beta-useful'") == [("536u5qp2zn",)]
    for exact, text, start, end in rows(
        built, "SELECT c.exact, s.text, c.start, c.[end] FROM citations c JOIN sources s ON s.id = c.source_id"
    ):
        assert text[start:end] == exact


def test_partial_dates_keep_their_precision(seeds, tmp_path):
    facts = seeds / "facts" / "calls.yaml"
    facts.write_text(facts.read_text().replace("date: 2021-06-07\n    date_basis: stated", "date: 2021-06\n    date_basis: stated"))
    build(seeds, tmp_path / "out.db")
    assert rows(tmp_path / "out.db", "SELECT date, date_precision, month FROM agreements WHERE id = 'alpha-beta-stay-in-touch'") == [
        ("2021-06", "month", "2021-06")]


def test_undated_fact_has_no_date_and_says_so(built):
    assert rows(built, "SELECT date, date_precision, month, date_basis FROM quotes WHERE id = 'beta-useful'") == [
        (None, None, None, "unknown")
    ]


def test_sources_store_text_and_hash(built, seeds):
    (text, digest, length), = rows(built, "SELECT text, sha256, length FROM sources WHERE id = 'alpha-beta-call'")
    raw = (seeds / "sources" / "alpha-beta.txt").read_bytes()
    assert (text, digest, length) == (raw.decode(), hashlib.sha256(raw).hexdigest(), len(raw.decode()))


FACTS_ROWS = [  # the facts table's rows of the fixture's facts, by column
    {"type": t, "id": i, "date": d, "date_precision": p, "date_basis": b, "month": m, "summary": s, "source_count": n}
    for t, i, d, p, b, m, s, n in [
        ("agreement", "alpha-beta-stay-in-touch", "2021-06-07", "day", "stated", "2021-06", "Alpha and Beta agreed to stay in touch.", 1),
        ("meeting", "alpha-beta-call-2021-06-07", "2021-06-07", "day", "relative", "2021-06", "Alpha called Beta.", 2),
        ("quote", "alpha-we-stand-ready", "2021-06-07", "day", "inferred", "2021-06", "We stand ready to help.", 2),
        ("quote", "beta-useful", None, None, "unknown", None, "useful", 1),
        ("statement", "alpha-ready-to-help", "2021-06-07", "day", "inferred", "2021-06", "Alpha said his side stands ready to help.", 1),
    ]
]


def test_facts_view(built, corpus):
    facts = {(r["type"], r["id"]): r for r in named_rows(built, "SELECT * FROM facts")}
    assert sorted(facts) == sorted((kind, fact["id"]) for kind, fact in corpus.facts())  # every fact, once
    for expected in FACTS_ROWS:
        assert columns(facts[expected["type"], expected["id"]], expected) == expected


def test_disagreement_and_claims(built):
    disagreement = {
        "id": "alpha-beta-call-date", "fact_type": "meeting", "fact_id": "alpha-beta-call-2021-06-07", "detail": "date",
        "summary": "One report gives the day as Monday, the other as June 7.", "record": "facts/calls.yaml:65",
    }
    assert columns(named_row(built, "SELECT * FROM disagreements WHERE id = ?", (disagreement["id"],)), disagreement) == disagreement
    assert rows(built, "SELECT disagreement_id, says, source_id, exact FROM disagreement_claims"
                       " WHERE disagreement_id = 'alpha-beta-call-date' ORDER BY id") == [
        ("alpha-beta-call-date", "Monday", "alpha-beta-call", "on Monday"),
        ("alpha-beta-call-date", "June 7, 2021", "second-report", "on June 7, 2021"),
    ]


def test_full_text_search_and_indexes(built):
    assert rows(built, "SELECT id FROM sources WHERE rowid IN (SELECT rowid FROM sources_fts WHERE sources_fts MATCH 'official')") == [("alpha-beta-call",)]
    indexes = {r[0] for r in rows(built, "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")}
    assert {"idx_citations_fact_type_fact_id", "idx_statements_speaker_id", "idx_meetings_month"} <= indexes


def test_foreign_keys_are_declared(built):
    fks = rows(built, "SELECT [table], [from], [to] FROM pragma_foreign_key_list('quotes') ORDER BY [from]")
    assert fks == [("meetings", "meeting_id", "id"), ("entities", "speaker_id", "id"), ("statements", "statement_id", "id")]


def test_two_builds_give_the_same_content(seeds, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # the same time stamped in both (else a second may pass between)
    build(seeds, tmp_path / "a.db")
    build(seeds, tmp_path / "b.db")
    assert dump(tmp_path / "a.db") == dump(tmp_path / "b.db")
    assert (tmp_path / "a.db").read_bytes() == (tmp_path / "b.db").read_bytes()


def test_if_changed_skips_an_up_to_date_database(seeds, tmp_path):
    db = tmp_path / "facts.db"
    assert not build(seeds, db, if_changed=True).skipped
    assert build(seeds, db, if_changed=True).skipped
    (seeds / "entities.yaml").write_text((seeds / "entities.yaml").read_text() + "\n# a comment\n")
    assert not build(seeds, db, if_changed=True).skipped


def test_failed_build_leaves_database_untouched(built, seeds):
    before = built.read_bytes()
    (seeds / "facts" / "calls.yaml").write_text("meetings: [oops\n")
    with pytest.raises(BuildFailed):
        build(seeds, built)
    assert built.read_bytes() == before
    # nothing left behind but the caches of the previous build: the file digests (see
    # loaders/seedsdigest.py) and the records of each fact file (loaders/recordmap.py), and the
    # builds' lock (loaders/buildlock.py) and the immutable servers' (loaders/inplace.py), empty
    assert sorted(p.name for p in built.parent.iterdir() if p.name.startswith(".facts.db")) == [
        ".facts.db.digests", ".facts.db.lock", ".facts.db.readers", ".facts.db.records"]
    assert (built.parent / ".facts.db.lock").read_bytes() == b""


def test_built_database_passes_check(built):
    assert check(built) == []


def test_build_records_when_it_was_built(seeds, tmp_path, monkeypatch):
    from diplofacts.loaders.build import build_info
    build(seeds, tmp_path / "now.db")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", build_info(tmp_path / "now.db").built_at)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1630000000")
    build(seeds, tmp_path / "then.db")
    assert build_info(tmp_path / "then.db").built_at == "2021-08-26T17:46:40+00:00"


def test_citation_ids_survive_a_rebuild_after_unrelated_changes(seeds, tmp_path):
    build(seeds, tmp_path / "before.db")
    before = rows(tmp_path / "before.db", "SELECT id, fact_id, source_id, start FROM citations ORDER BY id")
    calls = seeds / "facts" / "calls.yaml"
    # a new fact in front of the others, and a summary edited: every row shifts in insertion order
    calls.write_text(calls.read_text().replace("meetings:\n", (
        "meetings:\n  - id: another-call\n    date_basis: unknown\n    kind: phone-call\n    mode: phone\n"
        "    participants: [{entity: beta, role: caller}]\n    summary: Beta phoned.\n"
        "    citations: [{source: second-report, exact: Alpha phoned Beta}]\n"), 1).replace(
        "Alpha called Beta.", "Alpha telephoned Beta."))
    build(seeds, tmp_path / "after.db")
    after = rows(tmp_path / "after.db", "SELECT id, fact_id, source_id, start FROM citations ORDER BY id")
    assert set(before) < set(after) and len(after) == len(before) + 1


def test_one_excerpt_cited_twice_by_one_fact_is_an_error(seeds, tmp_path):
    calls = seeds / "facts" / "calls.yaml"
    calls.write_text(calls.read_text().replace(
        "      - source: second-report\n        exact: they agreed to stay in touch\n",
        "      - source: second-report\n        exact: they agreed to stay in touch\n"
        "      - source: second-report\n        exact: they agreed to stay in touch\n"))
    with pytest.raises(BuildFailed) as failed:
        build(seeds, tmp_path / "facts.db")
    assert [str(p) for p in failed.value.problems] == [
        "facts/calls.yaml:32:1: citations: the excerpt at 52–80 of source 'second-report' is cited twice: cite it once"]


def test_the_next_look_at_a_built_database_costs_a_stat_and_a_change_right_after_is_seen(seeds, tmp_path, monkeypatch):
    """The record of the file a build wrote is made past the file system's racy window, so the
    next build or check, however soon, trusts the file's stat instead of reading it all again
    (a million facts: 2.7 GB); a change of one byte right after the build is still seen."""
    from diplofacts.loaders import seedsdigest
    db = tmp_path / "facts.db"
    build(seeds, db)
    reads: list = []
    original = seedsdigest.file_sha256
    monkeypatch.setattr(seedsdigest, "file_sha256", lambda path: reads.append(path) or original(path))
    fine = db.stat().st_mtime_ns % 1_000_000_000 != 0  # a file system keeping whole seconds: the 2 s window
    assert seedsdigest.built_lineage(db) is not None and reads == ([] if fine else [db])
    assert build(seeds, db, if_changed=True).skipped and reads == ([] if fine else [db])
    reads.clear()
    with open(db, "r+b") as f:  # one byte of the last page, the size kept
        f.seek(-1, 2)
        last = f.read(1)
        f.seek(-1, 2)
        f.write(bytes([last[0] ^ 1]))
    assert seedsdigest.built_lineage(db) is None and reads == [db]


def test_the_build_renames_its_file_over_the_database_while_hashing_it(tmp_path):
    """The last step of a build (``record_built(..., moved_from=...)``): the new file is renamed
    over the database while another thread reads it; the record is of the file as renamed, and a
    rename that fails records nothing and leaves the database as it was."""
    from diplofacts.loaders import seedsdigest
    db, new = tmp_path / "facts.db", tmp_path / ".facts.db.tmp-1"
    content = b"the new database " * 100_000  # more than one read of the hash
    db.write_bytes(b"the old database")
    new.write_bytes(content)
    lineage = seedsdigest.record_built(db, ("ancestor",), moved_from=new)
    assert lineage == seedsdigest.Lineage(hashlib.sha256(content).hexdigest(), ("ancestor",))
    assert (db.read_bytes(), new.exists()) == (content, False)
    assert seedsdigest.built_lineage(db) == lineage

    elsewhere = tmp_path / "no such folder" / "facts.db"
    new.write_bytes(content)
    with pytest.raises(FileNotFoundError):
        seedsdigest.record_built(elsewhere, moved_from=new)
    assert (new.read_bytes(), seedsdigest.digests_file(elsewhere).exists(), db.read_bytes()) == (content, False, content)

"""The curated corpus is product: the committed facts.db is a fresh build of seeds/, and the
data keeps the invariants a fact-checker relies on."""
import datetime
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from diplofacts.cli import cli
from diplofacts.loaders import build, check
from diplofacts.loaders.build import build_info, seeds_digest
from diplofacts.loaders.codeversion import code_digest
from diplofacts.loaders.content import content

from .conftest import ROOT, dump, rows

DB = ROOT / "facts.db"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("fresh") / "facts.db"
    build(SEEDS, db, full=True)
    return db


def assert_is_a_build_of(seeds: Path, db: Path, fresh_db: Path) -> None:
    """``db`` was built from ``seeds`` by this code (however: full or incremental) and holds
    what a full build of them holds (``loaders/content.py`` says what that covers)."""
    info = build_info(db)
    assert (info.seeds_sha256, info.code_sha256) == (seeds_digest(seeds), code_digest()), (
        f"{db.name} was not built from these seeds by this code: rebuild it with `make build`")
    assert content(db) == content(fresh_db), (
        f"{db.name} differs from a full build of the same seeds: a bug in the incremental build "
        "(`facts build --full` rewrites it; please report it)")


def test_committed_database_is_a_build_of_the_seeds(fresh):
    assert_is_a_build_of(SEEDS, DB, fresh)


def test_committed_database_passes_check():
    assert check(DB) == []


def test_every_source_document_is_the_one_registered_byte_for_byte():
    """The registry records each document's SHA-256 as received; the files are those bytes."""
    registered = {s["file"]: s["sha256"] for s in yaml.safe_load((SEEDS / "sources.yaml").read_text())["sources"]}
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (SEEDS / "sources").iterdir()}
    assert files == registered
    assert dict(rows(DB, "SELECT file, sha256 FROM sources")) == registered


def test_ordinary_builds_after_edits_keep_the_committed_database_tests_green(tmp_path, fresh):
    """What a curator does: edit the seeds, run `facts build` (incremental, or `make build`,
    which is `facts build --if-changed`), and the database tests still pass, with no --full."""
    seeds, db = tmp_path / "seeds", tmp_path / "facts.db"
    shutil.copytree(SEEDS, seeds)
    shutil.copy2(DB, db)
    calls = seeds / "facts" / "call-2021-08-25.yaml"
    original = calls.read_text()

    def facts_build(*extra: str) -> str:
        result = CliRunner().invoke(cli, ["build", "--seeds", str(seeds), "--db", str(db), *extra])
        assert result.exit_code == 0, result.output
        return result.output

    facts_build("--if-changed")  # nothing to do where the committed database is current
    summary = "summary: Imran Khan said Pakistan attached high importance to the role of the Troika Plus format."
    assert summary in original
    calls.write_text(original.replace(summary, summary.replace("high importance", "great importance")))
    assert facts_build().startswith("Updated")
    statements = original.index("\nstatements:\n") + len("\nstatements:\n")
    end_of_first = original.index("\n- id: ", statements)  # the first statement dropped
    calls.write_text(original[:statements] + original[end_of_first + 1:])
    assert facts_build("--if-changed").startswith("Updated")
    calls.write_text(original)  # and back again
    assert facts_build().startswith("Updated")
    # the history now holds the three edits: the database is what a full build of these seeds
    # (history and all) makes
    assert [line["change"] for line in map(json.loads, (seeds / "history.jsonl").read_text().splitlines()[-3:])] == [
        "corrected", "withdrawn", "added"]
    build(seeds, tmp_path / "full.db", full=True, record=False)
    assert_is_a_build_of(seeds, db, tmp_path / "full.db")
    assert check(db) == []


def test_every_quote_occurs_verbatim_in_each_cited_source():
    pairs = rows(DB, "SELECT q.id, q.text, s.text FROM quotes q JOIN citations c ON c.fact_type = 'quote'"
                     " AND c.fact_id = q.id AND c.role != 'attributes' JOIN sources s ON s.id = c.source_id")
    assert pairs
    for qid, quote, text in pairs:
        assert quote in text, qid


def test_every_fact_has_a_citation_and_every_kind_is_present():
    counts = dict(rows(DB, "SELECT type, count(*) FROM facts GROUP BY type"))
    assert set(counts) == {"meeting", "statement", "agreement", "quote"}
    assert sum(counts.values()) >= 36  # several dozen facts, not a handful
    assert rows(DB, "SELECT type, id FROM facts WHERE source_count < 1") == []
    assert rows(DB, "SELECT f.type, f.id FROM facts f WHERE NOT EXISTS"
                    " (SELECT 1 FROM citations c WHERE c.fact_type = f.type AND c.fact_id = f.id)") == []


def test_no_two_rows_of_one_kind_share_their_evidence_span():
    assert rows(DB, "SELECT fact_type, source_id, start, [end], group_concat(fact_id) FROM citations WHERE role = 'states'"
                    " GROUP BY fact_type, source_id, start, [end] HAVING count(DISTINCT fact_id) > 1") == []


def test_dates_parse_with_their_precision():
    formats = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}
    for table in ("meetings", "statements", "agreements", "quotes"):
        for fid, date, precision, basis, note in rows(
            DB, f"SELECT id, date, date_precision, date_basis, date_note FROM {table}"
        ):
            if date is None:
                assert (precision, basis) == (None, "unknown"), fid
                continue
            datetime.datetime.strptime(date, formats[precision])
            if basis in ("relative", "inferred"):
                assert note, fid


def test_every_multi_report_event_is_one_row():
    # the 25 August call is reported by four of the five documents: one row, many citations
    assert rows(DB, "SELECT count(*) FROM meetings WHERE date = '2021-08-25' AND kind = 'phone-call'"
                    " AND id IN (SELECT meeting_id FROM meeting_participants WHERE entity_id = 'imran-khan')") == [(1,)]
    (sources,), = rows(DB, "SELECT source_count FROM meetings WHERE id = 'putin-imran-khan-call-2021-08-25'")
    assert sources >= 4


def test_aliases_are_names_the_sources_use():
    corpus = "\n".join(t for (t,) in rows(DB, "SELECT text FROM sources"))
    for entity, alias in rows(DB, "SELECT entity_id, alias FROM entity_aliases"):
        assert re.search(re.escape(alias), corpus), (entity, alias)


def test_the_curators_guide_example_source_is_registered():
    # the README's guide registers 001 exactly like this
    assert rows(DB, "SELECT id, file, published FROM sources WHERE file = '001_5ba545d7e59b12f4.txt'") == [
        ("putin-imran-second-call-in-a-month", "001_5ba545d7e59b12f4.txt", "2021-09-14")
    ]


def test_copying_the_seeds_elsewhere_builds_the_same(tmp_path, fresh):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    build(tmp_path / "seeds", tmp_path / "facts.db")
    assert dump(tmp_path / "facts.db") == dump(fresh)


def test_the_seeds_pass_lint(fresh):
    from diplofacts.loaders import lint
    assert [str(w) for w in lint(fresh)] == []


def test_every_source_says_where_it_was_published_or_why_not():
    """Provenance: a publisher and an address, or notes saying what could not be verified."""
    for sid, publisher, url, notes in rows(DB, "SELECT id, publisher, url, notes FROM sources"):
        assert (publisher and url) or "not verified" in (notes or ""), sid


def test_curated_text_names_sources_by_id_never_by_file_number():
    """Readers never see the files' numbers (000…004)."""
    texts = rows(DB, "SELECT type || ' ' || id, summary FROM facts UNION ALL "
                     "SELECT 'note ' || id, date_note FROM meetings UNION ALL SELECT 'note ' || id, date_note FROM statements"
                     " UNION ALL SELECT 'note ' || id, date_note FROM agreements UNION ALL SELECT 'note ' || id, date_note FROM quotes"
                     " UNION ALL SELECT 'disagreement ' || id, summary FROM disagreements"
                     " UNION ALL SELECT 'claim ' || disagreement_id, says FROM disagreement_claims"
                     " UNION ALL SELECT 'entity ' || id, description FROM entities UNION ALL SELECT 'source ' || id, notes FROM sources")
    assert [(what, text) for what, text in texts if text and re.search(r"\b00\d\b", text)] == []

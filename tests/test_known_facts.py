"""The facts a draft recognises as already curated, read from the database the seeds built
rather than by parsing every fact file again (issue 28): the same facts, field by field."""
import dataclasses
import sqlite3
from pathlib import Path

from diplofacts.loaders import build
from diplofacts.loaders.draft import _records, fact_files
from diplofacts.loaders.drafting.known import Known, in_database
from diplofacts.schema.kinds import RECORD_KINDS

SEEDS = Path(__file__).parent.parent / "seeds"


def from_files(seeds: Path) -> list[dict]:
    sections = {k.section: k.model for k in RECORD_KINDS}
    found = [Known.of(r) for p in fact_files(seeds) for r in _records(p, sections, seeds)]
    return [dataclasses.asdict(k) for k in found if k is not None]  # in the files' order


def test_the_database_gives_the_facts_the_files_give(tmp_path):
    db = tmp_path / "facts.db"
    build(SEEDS, db, record=False)
    expected = from_files(SEEDS)
    assert len(expected) == sqlite3.connect(db).execute("SELECT count(*) FROM facts").fetchone()[0] > 0
    assert [dataclasses.asdict(k) for k in in_database(db)] == expected


def test_a_draft_reads_the_known_facts_from_an_up_to_date_database_only(tmp_path, monkeypatch):
    """Drafts of every seed source are the same read from the database as from the files; a
    database that is not a build of these seeds (here, one fact edited since) is not read."""
    import shutil

    from diplofacts.loaders.draft import draft_text
    from diplofacts.loaders.drafting import source as source_module  # where the draft reads the curated facts
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    db = tmp_path / "facts.db"
    build(seeds, db, record=False)
    read: list[Path] = []
    monkeypatch.setattr(source_module, "in_database", lambda path: read.append(path) or in_database(path))
    sources = [line.split(":", 1)[1].strip() for line in (seeds / "sources.yaml").read_text().splitlines()
               if line.startswith("  - id:")]
    assert len(sources) == 5
    for source in sources:
        assert draft_text(seeds, source, db) == draft_text(seeds, source), source
    assert read == [db] * len(sources)
    calls = next(p for p in (seeds / "facts").glob("*.yaml") if "meetings:" in p.read_text())
    calls.write_text(calls.read_text() + "\n# edited since the build\n")
    draft_text(seeds, sources[0], db)
    assert read == [db] * len(sources)  # not read again: the files were

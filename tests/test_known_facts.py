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
    return sorted((dataclasses.asdict(k) for k in found if k is not None), key=lambda k: (k["kind"], k["id"]))


def test_the_database_gives_the_facts_the_files_give(tmp_path):
    db = tmp_path / "facts.db"
    build(SEEDS, db, record=False)
    expected = from_files(SEEDS)
    assert len(expected) == sqlite3.connect(db).execute("SELECT count(*) FROM facts").fetchone()[0] > 0
    assert [dataclasses.asdict(k) for k in in_database(db)] == expected

import shutil
import sqlite3
from pathlib import Path

import pytest

from diplofacts.loaders import build

HERE = Path(__file__).parent
FIXTURE_SEEDS = HERE / "fixtures" / "seeds"
ROOT = HERE.parent


@pytest.fixture
def seeds(tmp_path) -> Path:
    """A fresh, writable copy of the small fixture corpus."""
    target = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, target)
    return target


@pytest.fixture
def built(seeds, tmp_path) -> Path:
    db_path = tmp_path / "facts.db"
    build(seeds, db_path)
    return db_path


def rows(db_path: Path, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def dump(db_path: Path) -> list[str]:
    """The database's whole content and schema as SQL: what 'same content' means (when it
    was built aside)."""
    conn = sqlite3.connect(db_path)
    try:
        return [line for line in conn.iterdump() if not line.startswith("INSERT INTO \"build_info\" VALUES('built_at'")]
    finally:
        conn.close()

"""What "the same database" means (loaders/content.py): blind to the order rows were written
in, to rowids and to planner statistics; sensitive to any change a query can see."""
import shutil
import sqlite3

from diplofacts.loaders.content import content, content_digest


def _alter(db, *sql: str) -> None:
    conn = sqlite3.connect(db)
    try:
        for statement in sql:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def test_rowids_order_and_statistics_are_not_content(built, tmp_path):
    other = tmp_path / "other.db"
    shutil.copy(built, other)
    # the same rows under other rowids, written in the opposite order; statistics dropped
    _alter(other, "CREATE TABLE copy AS SELECT * FROM statements ORDER BY id DESC", "DELETE FROM statements",
           "INSERT INTO statements SELECT * FROM copy", "DROP TABLE copy",
           "INSERT INTO statements_fts(statements_fts) VALUES ('rebuild')", "DELETE FROM sqlite_stat1")
    assert content(other) == content(built)
    assert content_digest(other) == content_digest(built)


def test_every_visible_change_changes_the_digest(built, tmp_path):
    before = content_digest(built)
    changes = {
        "a value": ["UPDATE statements SET summary = summary || '.' WHERE rowid = 1"],
        "the search index": ["INSERT INTO statements_fts(statements_fts, rowid, summary)"
                             " SELECT 'delete', rowid, summary FROM statements WHERE rowid = 1"],
        "an index": ["DROP INDEX " + "[idx_statements_date]"],
        "the build info": ["UPDATE build_info SET value = '999999' WHERE key = 'count_facts'"],
    }
    for what, sql in changes.items():
        db = tmp_path / f"{what}.db"
        shutil.copy(built, db)
        _alter(db, *sql)
        assert content_digest(db) != before, what
    built_at = tmp_path / "built_at.db"
    shutil.copy(built, built_at)
    _alter(built_at, "UPDATE build_info SET value = '2000-01-01T00:00:00+00:00' WHERE key = 'built_at'")
    assert content_digest(built_at) == before  # the time of a build is not its content

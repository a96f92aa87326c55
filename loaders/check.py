"""Re-verify a built database on its own, trusting nothing the build did."""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from ..schema.tables import FACT_TABLES

_SPAN = "substr(s.text, c.start + 1, c.[end] - c.start)"  # SQLite counts code points from 1


def check(db_path: Path) -> list[str]:
    """Every problem found, as ``table id: message`` lines; empty when the database is sound."""
    db_path = Path(db_path)
    if not db_path.is_file():
        return [f"{db_path}: no such database"]
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return _excerpts(conn) + _hashes(conn) + _evidence(conn) + _foreign_keys(conn) + _quotes(conn)
    except sqlite3.DatabaseError as exc:
        return [f"{db_path}: not a facts database ({exc})"]
    finally:
        conn.close()


def _excerpts(conn: sqlite3.Connection) -> list[str]:
    problems = []
    for table in ("citations", "disagreement_claims"):
        rows = conn.execute(
            f"SELECT c.id, c.source_id FROM [{table}] c JOIN sources s ON s.id = c.source_id"
            f" WHERE c.start < 0 OR c.[end] > s.length OR c.exact != {_SPAN}"
            f" OR c.prefix != substr(s.text, max(c.start - 31, 1), min(c.start, 32))"
            f" OR c.suffix != substr(s.text, c.[end] + 1, 32)"
        )
        problems += [f"{table} {i}: excerpt, prefix or suffix differs from {src}'s text at [start, end)" for i, src in rows]
    return problems


def _hashes(conn: sqlite3.Connection) -> list[str]:
    return [
        f"sources {sid}: text does not match its sha256"
        for sid, text, digest, length in conn.execute("SELECT id, text, sha256, length FROM sources")
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != digest or len(text) != length
    ]


def _evidence(conn: sqlite3.Connection) -> list[str]:
    problems = []
    for fact_type, table in FACT_TABLES.items():
        rows = conn.execute(
            f"SELECT f.id FROM [{table}] f WHERE NOT EXISTS"
            " (SELECT 1 FROM citations c WHERE c.fact_type = ? AND c.fact_id = f.id)", (fact_type,))
        problems += [f"{table} {r[0]}: no citation" for r in rows]
        rows = conn.execute(
            f"SELECT f.id FROM [{table}] f WHERE f.source_count != (SELECT count(DISTINCT source_id)"
            " FROM citations c WHERE c.fact_type = ? AND c.fact_id = f.id)", (fact_type,))
        problems += [f"{table} {r[0]}: source_count is wrong" for r in rows]
        rows = conn.execute(
            f"SELECT c.id, c.fact_id FROM citations c WHERE c.fact_type = ? AND NOT EXISTS"
            f" (SELECT 1 FROM [{table}] f WHERE f.id = c.fact_id)", (fact_type,))
        problems += [f"citations {i}: no {fact_type} '{fid}'" for i, fid in rows]
    rows = conn.execute(
        "SELECT id, fact_type FROM citations WHERE fact_type NOT IN ({})".format(
            ", ".join("?" * len(FACT_TABLES))), tuple(FACT_TABLES))
    problems += [f"citations {i}: unknown fact_type '{t}'" for i, t in rows]
    rows = conn.execute(
        "SELECT d.id FROM disagreements d WHERE"
        " (SELECT count(*) FROM disagreement_claims c WHERE c.disagreement_id = d.id) < 2")
    problems += [f"disagreements {r[0]}: fewer than two claims" for r in rows]
    return problems


def _foreign_keys(conn: sqlite3.Connection) -> list[str]:
    return [
        f"{table} row {rowid}: foreign key #{fk} has no match in {parent}"
        for table, rowid, parent, fk in conn.execute("PRAGMA foreign_key_check")
    ]


def _quotes(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT q.id, c.id FROM quotes q JOIN citations c ON c.fact_type = 'quote' AND c.fact_id = q.id"
        " WHERE instr(c.exact, q.text) = 0")
    return [f"quotes {q}: text not in citation {c}" for q, c in rows]

"""One declaration per kind of fact: the tables, rows and checks derive from it, a model and its
table cannot disagree, and the order of column declarations is never a contract."""
import base64
import hashlib
import importlib
import sqlite3
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diplofacts.loaders import build, check
from diplofacts.schema.columns import Column
from diplofacts.schema.kinds import KINDS, STATEMENT, Kind, citation_id
from diplofacts.schema.tables import TABLES

from .conftest import rows

build_module = importlib.import_module("diplofacts.loaders.build")


def content(db) -> dict[str, list[dict]]:
    """Every table's rows as {column: value}, in primary-key order: content by name (but the
    time of the build, which two builds a second apart do not share)."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return {t.name: [dict(r) for r in conn.execute(
            f"SELECT * FROM [{t.name}] ORDER BY {', '.join(f'[{c}]' for c in t.pk_columns)}")
            if t.name != "build_info" or r["key"] != "built_at"]
            for t in TABLES}
    finally:
        conn.close()


@pytest.fixture
def reversed_columns():
    """Every table declared with its columns in reverse order, for the length of a test."""
    before = {t.name: t.columns for t in TABLES}
    for t in TABLES:
        object.__setattr__(t, "columns", tuple(reversed(t.columns)))
    yield
    for t in TABLES:
        object.__setattr__(t, "columns", before[t.name])


def test_reordered_declarations_write_the_same_content(seeds, tmp_path, request):
    build(seeds, tmp_path / "declared.db")
    request.getfixturevalue("reversed_columns")
    build(seeds, tmp_path / "reversed.db")
    assert rows(tmp_path / "reversed.db", "SELECT name FROM pragma_table_info('meetings') LIMIT 2") == [
        ("replaces",), ("record",)
    ]
    assert content(tmp_path / "reversed.db") == content(tmp_path / "declared.db")
    assert check(tmp_path / "reversed.db") == []


def test_a_model_and_its_table_cannot_disagree():
    table = STATEMENT.table
    without_speaker = replace(table, columns=tuple(c for c in table.columns if c.name != "speaker_id"))
    with pytest.raises(TypeError) as missing:
        Kind(STATEMENT.model, without_speaker, STATEMENT.evidence)
    assert str(missing.value) == "Statement.speaker has no column in statements"

    typo = replace(table, columns=(*table.columns, Column("venue_id", str, "Where.", field="venue")))
    with pytest.raises(TypeError) as unbound:
        Kind(STATEMENT.model, typo, STATEMENT.evidence)
    assert str(unbound.value) == "statements.venue_id reads 'venue', which Statement has not"

    nullable = replace(table, columns=tuple(replace(c, not_null=False) if c.name == "summary" else c
                                            for c in table.columns))
    with pytest.raises(TypeError) as null:
        Kind(STATEMENT.model, nullable, STATEMENT.evidence)
    assert str(null.value) == "statements.summary is nullable, but Statement.summary may not be empty"


def test_references_come_from_the_models():
    foreign_keys = {(t.name, c.name): c.references for t in TABLES for c in t.columns if c.references}
    assert foreign_keys == {
        ("entity_aliases", "entity_id"): "entities.id",
        ("meetings", "place_id"): "entities.id",
        ("meeting_participants", "meeting_id"): "meetings.id",
        ("meeting_participants", "entity_id"): "entities.id",
        ("statements", "speaker_id"): "entities.id",
        ("statements", "meeting_id"): "meetings.id",
        ("agreements", "meeting_id"): "meetings.id",
        ("agreement_parties", "agreement_id"): "agreements.id",
        ("agreement_parties", "entity_id"): "entities.id",
        ("quotes", "speaker_id"): "entities.id",
        ("quotes", "statement_id"): "statements.id",
        ("quotes", "meeting_id"): "meetings.id",
        ("citations", "source_id"): "sources.id",
        ("disagreement_claims", "disagreement_id"): "disagreements.id",
        ("disagreement_claims", "source_id"): "sources.id",
        ("meeting_pairs", "entity_a"): "entities.id",
        ("meeting_pairs", "entity_b"): "entities.id",
        ("entity_facts", "entity_id"): "entities.id",
        ("entity_months", "entity_id"): "entities.id",
    }


def test_every_kind_is_in_the_facts_table_and_the_site(built):
    assert [k.name for k in KINDS][:4] == ["meeting", "statement", "agreement", "quote"]  # then any kind declared since
    assert {t for (t,) in rows(built, "SELECT DISTINCT type FROM facts")} == {k.name for k in KINDS}


def test_if_changed_rebuilds_after_a_change_to_the_code(seeds, tmp_path, monkeypatch):
    db = tmp_path / "facts.db"
    build(seeds, db)
    assert build(seeds, db, if_changed=True).skipped
    monkeypatch.setattr(build_module, "code_digest", lambda: "another version of the code")
    assert not build(seeds, db, if_changed=True).skipped
    assert rows(db, "SELECT value FROM build_info WHERE key = 'code_sha256'") == [("another version of the code",)]


def test_plover_crosswalk_is_the_same_in_python_and_sql():
    """The build derives PLOVER types in Python; facts check re-derives them in SQL."""
    import sqlite3

    from diplofacts.schema.eventcodes import LABELS, plover_type, plover_type_sql
    codes = sorted({*LABELS, *(f"{cue:02d}{n}" for cue in range(1, 21) for n in range(10))})
    conn = sqlite3.connect(":memory:")
    derived = {code: conn.execute(f"SELECT {plover_type_sql('?')}".replace("?", f"'{code}'")).fetchone()[0]
               for code in codes}
    assert derived == {code: plover_type(code) for code in codes}
    assert {derived[c] for c in ("0311", "036", "041", "057", "083", "084", "112", "010", "020")} == {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "RETREAT", "ACCUSE", None}


def test_no_canned_query_hides_a_table():
    """A canned query named like a table takes its address: the table's page and CSV vanish."""
    from datasette_diplofacts.queries import QUERIES
    from diplofacts.schema.tables import TABLES_BY_NAME
    assert set(QUERIES) & set(TABLES_BY_NAME) == set()


@given(kind=st.sampled_from([k.name for k in KINDS] + ["disagreement"]), fact_id=st.text(), source_id=st.text(),
       start=st.integers(0, 10**9), end=st.integers(0, 10**9))
def test_a_citation_id_is_base32_of_the_digest_first_bits(kind, fact_id, source_id, start, end):
    """Citation ids are links readers keep: the fast base32 must give the characters of RFC 4648's."""
    digest = hashlib.sha256(f"{kind}\x1f{fact_id}\x1f{source_id}\x1f{start}\x1f{end}".encode()).digest()
    assert citation_id(kind, fact_id, source_id, start, end) == base64.b32encode(digest).decode()[:10].lower()

"""The contracts between stages, typed and made in one place: what a build records of itself
(``BuildInfo``), quoted identifiers and IN lists (``sqltext``), derivations kept as parts."""
import sqlite3

import pytest

from diplofacts.loaders.build import build_info
from diplofacts.loaders.database import derive_in_parts_sql
from diplofacts.schema.buildinfo import BuildInfo
from diplofacts.schema.kinds import KINDS
from diplofacts.schema.sqltext import ident, idents, in_list
from diplofacts.schema.tables import TABLES_BY_NAME

from .conftest import rows


def test_build_info_is_written_and_read_through_one_model(built, corpus, seeds):
    stored = rows(built, "SELECT key, value FROM build_info ORDER BY key")
    info = BuildInfo.from_rows(stored)
    assert [(r["key"], r["value"]) for r in info.rows()] == stored  # every row, read back the same
    assert build_info(built) == info
    assert info.counts == {
        "sources": len(corpus.sources), "entities": len(corpus.entities),
        **{k.table.name: len(corpus.sections.get(k.section, [])) for k in KINDS},
        "citations": len(corpus.citations()), "disagreements": len(corpus.sections["disagreements"]),
        "facts": len(corpus.facts())}
    assert set(info.fact_files) == {str(p.relative_to(seeds)) for p in (seeds / "facts").iterdir()}


def test_a_build_info_row_no_build_writes_is_named():
    with pytest.raises(ValueError) as error:
        BuildInfo.from_rows([("seeds_sha256", "ab"), ("colour", "blue")])
    assert str(error.value) == "build_info colour: Extra inputs are not permitted"
    with pytest.raises(ValueError) as error:
        BuildInfo.from_rows([("count_facts", "many")])
    assert str(error.value) == ("build_info counts.facts: Input should be a valid integer, "
                                "unable to parse string as an integer")


def test_the_site_and_the_loaders_read_the_same_build_info(built):
    from datasette_diplofacts.siteinfo import build_info as site_build_info

    from .site import Site

    site = Site(built)
    try:
        read = site.loop.run_until_complete(site_build_info(site.ds.get_database(built.stem)))
    finally:
        site.close()
    assert read == build_info(built).model_copy(update={"fact_files": {}})  # pages never read the manifest


def test_identifiers_are_quoted_in_one_place():
    assert ident("end") == "[end]"
    assert idents(["id", "end"]) == "[id], [end]"
    with pytest.raises(ValueError) as error:
        ident("a]b")
    assert str(error.value) == "cannot quote 'a]b' as an SQL identifier"


def test_in_lists_have_one_parameter_per_value_and_none_matches_nothing(tmp_path):
    conn = sqlite3.connect(tmp_path / "x.db")
    conn.execute("CREATE TABLE t (id TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [("a",), ("b",), ("c",)])
    assert in_list(["a", "c"]) == "(?, ?)"
    assert conn.execute(f"SELECT id FROM t WHERE id IN {in_list(['a', 'c'])} ORDER BY id", ["a", "c"]).fetchall() == [("a",), ("c",)]
    assert conn.execute(f"SELECT id FROM t WHERE id IN {in_list([])}").fetchall() == []


def test_derivations_are_kept_as_parts_one_statement_each():
    facts = TABLES_BY_NAME["facts"]
    assert len(facts.derive) == len(KINDS)  # a part per kind
    statements = derive_in_parts_sql(facts, "[facts]")
    assert len(statements) == len(KINDS)
    assert all(s.startswith("INSERT INTO [facts] ([type], [id], [date],") for s in statements)
    assert facts.derivation == "\nUNION ALL ".join(facts.derive)

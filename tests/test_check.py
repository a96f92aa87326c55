"""facts check re-verifies a built database on its own and finds tampering."""
import sqlite3

from click.testing import CliRunner

from diplofacts.cli import cli
from diplofacts.loaders import check


def tamper(db_path, *statements):
    conn = sqlite3.connect(db_path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


def test_sound_database(built):
    result = CliRunner().invoke(cli, ["check", str(built)])
    assert (result.exit_code, result.output) == (0, f"{built}: every check passed.\n")


def test_excerpt_that_no_longer_matches(built):
    tamper(built, "UPDATE citations SET exact = 'President Alpha phoned' WHERE id = 1")
    assert check(built) == ["citations 1: excerpt, prefix or suffix differs from alpha-beta-call's text at [start, end)"]


def test_edited_source_text(built):
    tamper(built, "UPDATE sources SET text = replace(text, 'officials', 'aides') WHERE id = 'alpha-beta-call'")
    assert check(built) == [
        # the edit falls in citation 7's suffix, so its context no longer matches either
        "citations 7: excerpt, prefix or suffix differs from alpha-beta-call's text at [start, end)",
        "sources alpha-beta-call: text does not match its sha256",
    ]


def test_fact_without_evidence_and_orphans(built):
    tamper(built, "DELETE FROM citations WHERE fact_type = 'agreement'",
           "UPDATE citations SET fact_id = 'ghost' WHERE id = 7",
           "UPDATE statements SET speaker_id = 'nobody'")
    assert check(built) == [
        "agreements alpha-beta-stay-in-touch: no citation",
        "agreements alpha-beta-stay-in-touch: source_count is wrong",
        "quotes beta-useful: no citation",
        "quotes beta-useful: source_count is wrong",
        "citations 7: no quote 'ghost'",
        "statements row 1: foreign key #1 has no match in entities",
    ]


def test_quote_text_must_be_in_its_excerpts(built):
    tamper(built, "UPDATE quotes SET text = 'We are ready' WHERE id = 'alpha-we-stand-ready'")
    assert check(built) == [
        "quotes alpha-we-stand-ready: text not in citation 5",
        "quotes alpha-we-stand-ready: text not in citation 6",
    ]


def test_not_a_database(tmp_path):
    (tmp_path / "x.db").write_text("hello")
    assert check(tmp_path / "x.db") == [f"{tmp_path / 'x.db'}: not a facts database (file is not a database)"]
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "missing.db")])
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'missing.db'}: no such database\n1 problem(s) in {tmp_path / 'missing.db'}.\n"

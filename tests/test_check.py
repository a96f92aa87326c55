"""facts check re-verifies a built database on its own and finds tampering."""
import sqlite3

import pytest
from click.testing import CliRunner

from diplofacts.cli import cli
from diplofacts.loaders import check
from diplofacts.schema.kinds import citation_id

# the fixture's citations, by what they are
MEETING_FIRST = citation_id("meeting", "alpha-beta-call-2021-06-07", "alpha-beta-call", 22, 75)
QUOTE_FIRST = citation_id("quote", "alpha-we-stand-ready", "alpha-beta-call", 88, 113)
QUOTE_SECOND = citation_id("quote", "alpha-we-stand-ready", "second-report", 95, 118)
USEFUL = citation_id("quote", "beta-useful", "alpha-beta-call", 128, 147)


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
    tamper(built, f"UPDATE citations SET exact = 'President Alpha phoned' WHERE id = '{MEETING_FIRST}'")
    assert check(built) == [f"citations {MEETING_FIRST}: excerpt, prefix or suffix differs from alpha-beta-call's text at [start, end)"]


def test_edited_source_text(built):
    tamper(built, "UPDATE sources SET text = replace(text, 'officials', 'aides') WHERE id = 'alpha-beta-call'")
    assert check(built) == [
        # the edit falls in the suffix of beta-useful's citation, so its context no longer matches either
        f"citations {USEFUL}: excerpt, prefix or suffix differs from alpha-beta-call's text at [start, end)",
        "sources alpha-beta-call: text does not match its sha256",
        "sources alpha-beta-call: length is 188, derived 184",
    ]


def test_fact_without_evidence_and_orphans(built):
    tamper(built, "DELETE FROM citations WHERE fact_type = 'agreement'",
           f"UPDATE citations SET fact_id = 'ghost' WHERE id = '{USEFUL}'",
           "UPDATE statements SET speaker_id = 'nobody'")
    problems = check(built)
    # the stored counts of facet pairs are re-derived too (22 differences here, each named)
    pairs = [p for p in problems if p.startswith("facet_pair_counts ")]
    assert len(pairs) == 22 and "facet_pair_counts (facts, source_count, 0, month, 2021-06): missing" in pairs
    assert [p for p in problems if p not in pairs] == [
        # what was computed from the citations no longer matches them...
        "sources second-report: fact_count is 3, derived 2",
        "sources second-report: citation_count is 3, derived 2",
        "agreements alpha-beta-stay-in-touch: source_count is 1, derived 0",
        "quotes beta-useful: source_count is 1, derived 0",
        # (a citation's id is derived from its fact: one moved to another fact is found out)
        f"citations {USEFUL}: id is '{USEFUL}', derived '{citation_id('quote', 'ghost', 'alpha-beta-call', 128, 147)}'",
        "facts (agreement, alpha-beta-stay-in-touch): source_count is 1, derived 0",
        "facts (quote, beta-useful): source_count is 1, derived 0",
        "facet_counts (citations, fact_type, agreement): not derived from the curated rows (an extra row)",
        "facet_counts (citations, role, states): count is 7, derived 6",
        "facet_counts (citations, source_id, second-report): count is 3, derived 2",
        "facet_counts (facts, source_count, 0): missing",
        "facet_counts (facts, source_count, 1): count is 3, derived 1",
        "facet_counts (statements, speaker_id, alpha): not derived from the curated rows (an extra row)",
        "facet_counts (statements, speaker_id, nobody): missing",
        # ...and the facts lost their evidence
        "agreements alpha-beta-stay-in-touch: no citation",
        "quotes beta-useful: no citation",
        f"citations {citation_id('quote', 'ghost', 'alpha-beta-call', 128, 147)}: no quote 'ghost'",  # (as re-derived)
        "statements row 1: foreign key #1 has no match in entities",
        # ...none of them is stated any more
        "agreements alpha-beta-stay-in-touch: no citation states it",
        "quotes beta-useful: no citation states it",
    ]


def test_quote_text_must_be_in_its_excerpts(built):
    tamper(built, "UPDATE quotes SET text = 'We are ready' WHERE id = 'alpha-we-stand-ready'")
    assert check(built) == [
        "facts (quote, alpha-we-stand-ready): summary is 'We stand ready to help.', derived 'We are ready'",
        f"quotes alpha-we-stand-ready: text not in citation {QUOTE_FIRST}",
        f"quotes alpha-we-stand-ready: text not in citation {QUOTE_SECOND}",
    ]


TAMPERED_DERIVED = {
    "facet counts": (
        ["UPDATE facet_counts SET count = 9 WHERE table_name = 'facts' AND column_name = 'type' AND value = 'quote'"],
        ["facet_counts (facts, type, quote): count is 9, derived 2"],
    ),
    "a source's counts": (
        ["UPDATE sources SET fact_count = 7, citation_count = 0 WHERE id = 'second-report'"],
        ["sources second-report: fact_count is 7, derived 3", "sources second-report: citation_count is 0, derived 3"],
    ),
    "timeline": (
        ["UPDATE timeline SET facts = 3 WHERE type = 'quote'", "DELETE FROM timeline WHERE type = 'agreement'"],
        ["timeline (2021-06, agreement): missing", "timeline (2021-06, quote): facts is 3, derived 1"],
    ),
    "meeting pairs": (
        ["UPDATE meeting_pairs SET meetings = 2, last = '2021-06-09'"],
        ["meeting_pairs (alpha, beta): meetings is 2, derived 1",
         "meeting_pairs (alpha, beta): last is '2021-06-09', derived '2021-06-07'"],
    ),
    "a summary in facts": (
        ["UPDATE facts SET summary = 'Alpha did not call Beta.' WHERE id = 'alpha-beta-call-2021-06-07'"],
        ["facts (meeting, alpha-beta-call-2021-06-07): summary is 'Alpha did not call Beta.', derived 'Alpha called Beta.'"],
    ),
    "a dropped facts row": (
        ["DELETE FROM facts WHERE id = 'beta-useful'"],
        ["facts (quote, beta-useful): missing"],
    ),
    "month and precision": (
        # reported where the values are wrong, not again in every table made from them
        ["UPDATE meetings SET month = '2021-07', date_precision = 'month'"],
        ["meetings alpha-beta-call-2021-06-07: date_precision is 'month', derived 'day'",
         "meetings alpha-beta-call-2021-06-07: month is '2021-07', derived '2021-06'"],
    ),
    "aliases": (
        ["DELETE FROM entity_aliases WHERE alias = 'Alpha'", "INSERT INTO entity_aliases VALUES ('beta', 'Gamma')"],
        ["entity_aliases (alpha, Alpha): missing",
         "entity_aliases (beta, Gamma): not derived from the curated rows (an extra row)"],
    ),
    "computed columns": (
        ["UPDATE meetings SET plover_mode = 'visit'", "UPDATE statements SET source_count = 3"],
        ["meetings alpha-beta-call-2021-06-07: plover_mode is 'visit', derived 'phone'",
         "statements alpha-ready-to-help: source_count is 3, derived 1"],
    ),
    "event codes": (
        ["UPDATE agreements SET plover_type = 'SUPPORT'", "UPDATE statements SET plover_type = 'AGREE'"],
        ["statements alpha-ready-to-help: plover_type is 'AGREE', derived None",
         "agreements alpha-beta-stay-in-touch: plover_type is 'SUPPORT', derived 'AGREE'"],
    ),
}


@pytest.mark.parametrize("case", TAMPERED_DERIVED)
def test_every_derived_value_is_derived_again(built, case):
    statements, expected = TAMPERED_DERIVED[case]
    tamper(built, *statements)
    assert check(built) == expected


def test_not_a_database(tmp_path):
    (tmp_path / "x.db").write_text("hello")
    assert check(tmp_path / "x.db") == [f"{tmp_path / 'x.db'}: not a facts database (file is not a database)"]
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "missing.db")])
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'missing.db'}: no such database\n1 problem(s) in {tmp_path / 'missing.db'}.\n"

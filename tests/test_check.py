"""facts check re-verifies a built database on its own and finds tampering."""
import os
import sqlite3

import pytest
from click.testing import CliRunner

from diplofacts.cli import cli
from diplofacts.loaders import NotAFactsDatabase, check
from diplofacts.schema.kinds import citation_id

from .conftest import named_row, rows

# the fixture's citations, by what they are
MEETING_FIRST = citation_id("meeting", "alpha-beta-call-2021-06-07", "alpha-beta-call", 22, 75)
QUOTE_FIRST = citation_id("quote", "alpha-we-stand-ready", "alpha-beta-call", 88, 113)
QUOTE_SECOND = citation_id("quote", "alpha-we-stand-ready", "second-report", 95, 118)
USEFUL = citation_id("quote", "beta-useful", "alpha-beta-call", 128, 147)


def messages(problems) -> list[str]:
    """What each problem says (its place aside: a test of places says so)."""
    return [p.message for p in problems]


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
    assert messages(check(built)) == [
        f"citations {MEETING_FIRST}: excerpt, prefix or suffix differs from alpha-beta-call's text at [start, end)",
        # (and the fact is no longer the one its history published)
        "meetings alpha-beta-call-2021-06-07: differs from the fact its history ends with: citations"]


def test_edited_source_text(built):
    (text, length), = rows(built, "SELECT text, length FROM sources WHERE id = 'alpha-beta-call'")
    edit = text.index("officials")
    # every citation whose excerpt or context (prefix, suffix) holds the edited word
    touched = [i for i, start, end, prefix, suffix in rows(
        built, "SELECT id, start, [end], prefix, suffix FROM citations WHERE source_id = 'alpha-beta-call'")
        if start - len(prefix) < edit + len("officials") and edit < end + len(suffix)]
    assert USEFUL in touched  # the edit falls in the suffix of beta-useful's citation
    tamper(built, "UPDATE sources SET text = replace(text, 'officials', 'aides') WHERE id = 'alpha-beta-call'")
    problems = messages(check(built))
    assert sorted(problems[:len(touched)]) == sorted(
        f"citations {i}: excerpt, prefix or suffix differs from alpha-beta-call's text at [start, end)" for i in touched)
    assert problems[len(touched):] == [
        "sources alpha-beta-call: text does not match its sha256",
        f"sources alpha-beta-call: length is {length}, derived {length - len('officials') + len('aides')}",
        # (the full-text index still holds the word it had: 'officials', stemmed)
        "sources alpha-beta-call: search index differs from the row: indexed but not in it: 'offici' (text word 29);"
        " in it but not indexed: 'aid' (text word 29)",
    ]


def facet_count(db, table: str, column: str, value) -> int:
    """A count the build stored in facet_counts (0 where there is none)."""
    found = rows(db, "SELECT count FROM facet_counts WHERE table_name = ? AND column_name = ? AND value = ?",
                 (table, column, value))
    return found[0][0] if found else 0


def test_fact_without_evidence_and_orphans(built):
    # counts over the whole corpus, as built: what the tampering below changes them from
    states, single = facet_count(built, "citations", "role", "states"), facet_count(built, "facts", "source_count", 1)
    (second_facts, second_citations), = rows(built, "SELECT fact_count, citation_count FROM sources WHERE id = 'second-report'")
    (citations,), = rows(built, "SELECT count(*) FROM citations")
    tamper(built, "DELETE FROM citations WHERE fact_type = 'agreement' AND fact_id = 'alpha-beta-stay-in-touch'",
           f"UPDATE citations SET fact_id = 'ghost' WHERE id = '{USEFUL}'",
           "UPDATE statements SET speaker_id = 'nobody' WHERE id = 'alpha-ready-to-help'")
    problems = messages(check(built))
    # the stored counts of facet pairs are re-derived too (22 differences here, each named)
    pairs = [p for p in problems if p.startswith("facet_pair_counts ")]
    assert len(pairs) == 22 and "facet_pair_counts (facts, source_count, 0, month, 2021-06): missing" in pairs
    assert [p for p in problems if p not in pairs] == [
        # the count of citations the build recorded...
        f"build_info count_citations: value is {citations}, counted {citations - 1}",
        # what was computed from the citations no longer matches them...
        f"sources second-report: fact_count is {second_facts}, derived {second_facts - 1}",
        f"sources second-report: citation_count is {second_citations}, derived {second_citations - 1}",
        "agreements alpha-beta-stay-in-touch: source_count is 1, derived 0",
        "quotes beta-useful: source_count is 1, derived 0",
        # (a citation's id is derived from its fact: one moved to another fact is found out)
        f"citations {USEFUL}: id is '{USEFUL}', derived '{citation_id('quote', 'ghost', 'alpha-beta-call', 128, 147)}'",
        "facts (agreement, alpha-beta-stay-in-touch): source_count is 1, derived 0",
        "facts (quote, beta-useful): source_count is 1, derived 0",
        # (the statement's speaker changed: its entities' stored facts and counts by month too)
        "entity_facts (alpha, statement, alpha-ready-to-help): not derived from the curated rows (an extra row)",
        "entity_facts (nobody, statement, alpha-ready-to-help): missing",
        "entity_months (alpha, statement, 2021-06): not derived from the curated rows (an extra row)",
        "entity_months (nobody, statement, 2021-06): missing",
        "facet_counts (citations, fact_type, agreement): not derived from the curated rows (an extra row)",
        f"facet_counts (citations, role, states): count is {states}, derived {states - 1}",
        f"facet_counts (citations, source_id, second-report): count is {second_citations}, derived {second_citations - 1}",
        "facet_counts (facts, source_count, 0): missing",
        f"facet_counts (facts, source_count, 1): count is {single}, derived {single - 2}",
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
        # ...and none is the fact its history published
        "statements alpha-ready-to-help: differs from the fact its history ends with: speaker",
        "agreements alpha-beta-stay-in-touch: differs from the fact its history ends with: citations",
        "quotes beta-useful: differs from the fact its history ends with: citations",
    ]


def test_quote_text_must_be_in_its_excerpts(built):
    tamper(built, "UPDATE quotes SET text = 'We are ready' WHERE id = 'alpha-we-stand-ready'")
    assert messages(check(built)) == [
        "facts (quote, alpha-we-stand-ready): summary is 'We stand ready to help.', derived 'We are ready'",
        f"quotes alpha-we-stand-ready: text not in citation {QUOTE_FIRST}",
        f"quotes alpha-we-stand-ready: text not in citation {QUOTE_SECOND}",
        "quotes alpha-we-stand-ready: search index differs from the row: indexed but not in it: 'help' (text word 4),"
        " 'stand' (text word 1), 'to' (text word 3); in it but not indexed: 'ar' (text word 1)",
        "quotes alpha-we-stand-ready: differs from the fact its history ends with: text",
    ]


# Each case: statements that tamper with one row each, the problems check names, and (where a
# value derived over the whole corpus is named) a query for the values as built, put into them.
TAMPERED_DERIVED = {
    "facet counts": (
        ["UPDATE facet_counts SET count = 9 WHERE table_name = 'facts' AND column_name = 'type' AND value = 'quote'"],
        ["facet_counts (facts, type, quote): count is 9, derived {quotes}"],
        "SELECT count(*) AS quotes FROM quotes",
    ),
    "a source's counts": (
        ["UPDATE sources SET fact_count = 7, citation_count = 0 WHERE id = 'second-report'"],
        ["sources second-report: fact_count is 7, derived {fact_count}",
         "sources second-report: citation_count is 0, derived {citation_count}"],
        "SELECT fact_count, citation_count FROM sources WHERE id = 'second-report'",
    ),
    "timeline": (
        ["UPDATE timeline SET facts = 3 WHERE month = '2021-06' AND type = 'quote'",
         "DELETE FROM timeline WHERE month = '2021-06' AND type = 'agreement'"],
        ["timeline (2021-06, agreement): missing", "timeline (2021-06, quote): facts is 3, derived {facts}"],
        "SELECT facts FROM timeline WHERE month = '2021-06' AND type = 'quote'",
    ),
    "meeting pairs": (
        ["UPDATE meeting_pairs SET meetings = meetings + 1, last = '2021-06-09' WHERE entity_a = 'alpha' AND entity_b = 'beta'"],
        ["meeting_pairs (alpha, beta): meetings is {more}, derived {meetings}",
         "meeting_pairs (alpha, beta): last is '2021-06-09', derived '{last}'"],
        "SELECT meetings, meetings + 1 AS more, last FROM meeting_pairs WHERE entity_a = 'alpha' AND entity_b = 'beta'",
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
        ["UPDATE meetings SET month = '2021-07', date_precision = 'month' WHERE id = 'alpha-beta-call-2021-06-07'"],
        ["meetings alpha-beta-call-2021-06-07: date_precision is 'month', derived 'day'",
         "meetings alpha-beta-call-2021-06-07: month is '2021-07', derived '2021-06'"],
    ),
    "aliases": (
        ["DELETE FROM entity_aliases WHERE alias = 'Alpha'", "INSERT INTO entity_aliases VALUES ('beta', 'Gamma')"],
        ["entity_aliases (alpha, Alpha): missing",
         "entity_aliases (beta, Gamma): not derived from the curated rows (an extra row)"],
    ),
    "computed columns": (
        ["UPDATE meetings SET plover_mode = 'visit' WHERE id = 'alpha-beta-call-2021-06-07'",
         "UPDATE statements SET source_count = 3 WHERE id = 'alpha-ready-to-help'"],
        ["meetings alpha-beta-call-2021-06-07: plover_mode is 'visit', derived 'phone'",
         "statements alpha-ready-to-help: source_count is 3, derived 1"],
    ),
    "event codes": (
        ["UPDATE agreements SET plover_type = 'SUPPORT' WHERE id = 'alpha-beta-stay-in-touch'",
         "UPDATE statements SET plover_type = 'AGREE' WHERE id = 'alpha-ready-to-help'"],
        ["statements alpha-ready-to-help: plover_type is 'AGREE', derived None",
         "agreements alpha-beta-stay-in-touch: plover_type is 'SUPPORT', derived 'AGREE'"],
    ),
}


@pytest.mark.parametrize("case", TAMPERED_DERIVED)
def test_every_derived_value_is_derived_again(built, case):
    statements, expected, *as_built = TAMPERED_DERIVED[case]
    values = named_row(built, as_built[0]) if as_built else {}
    tamper(built, *statements)
    assert messages(check(built)) == [problem.format(**values) for problem in expected]


def test_not_a_database(tmp_path):
    (tmp_path / "x.db").write_text("hello")
    with pytest.raises(NotAFactsDatabase) as error:
        check(tmp_path / "x.db")
    assert str(error.value) == f"{tmp_path / 'x.db'}: not a facts database (file is not a database)"
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "missing.db")])
    assert (result.exit_code, result.stderr) == (1, f"error: {tmp_path / 'missing.db'}: no such database\n")


def test_problems_are_located_at_the_record_they_belong_to_or_at_the_database(built, seeds):
    """A problem with a fact, its citations or its row of the facts table is shown where the
    fact is curated (as the build and lint show theirs); one with a source's text, at the
    database."""
    (meeting,), = rows(built, "SELECT record FROM meetings WHERE id = 'alpha-beta-call-2021-06-07'")
    (quote,), = rows(built, "SELECT record FROM quotes WHERE id = 'alpha-we-stand-ready'")
    tamper(built, f"UPDATE citations SET exact = 'President Alpha phoned' WHERE id = '{MEETING_FIRST}'",
           "UPDATE facts SET summary = 'Altered.' WHERE type = 'quote' AND id = 'alpha-we-stand-ready'",
           "UPDATE sources SET sha256 = replace(sha256, substr(sha256, 1, 1), 'x') WHERE id = 'second-report'")
    found = check(built)
    assert [(p.path, p.line, p.column) for p in found] == [
        (*meeting.rsplit(":", 1)[:1], int(meeting.rsplit(":", 1)[1]), 1),  # the meeting's citation
        (str(built), 0, 0),  # the source's hash: no record, the database
        (*quote.rsplit(":", 1)[:1], int(quote.rsplit(":", 1)[1]), 1),  # the quote's row of facts
        (*meeting.rsplit(":", 1)[:1], int(meeting.rsplit(":", 1)[1]), 1),  # the meeting, against its history
    ]
    result = CliRunner().invoke(cli, ["check", str(built), "--full", "--seeds", str(seeds)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{os.path.relpath(seeds / meeting)}:1: citations {MEETING_FIRST}: excerpt, prefix or suffix differs from "
        "alpha-beta-call's text at [start, end)",
        f"{os.path.relpath(seeds / quote)}:1: facts (quote, alpha-we-stand-ready): summary is 'Altered.', derived "
        "'We stand ready to help.'",
        f"{os.path.relpath(seeds / meeting)}:1: meetings alpha-beta-call-2021-06-07: differs from the fact its "
        "history ends with: citations",
        f"{built}: sources second-report: text does not match its sha256",
        f"4 problem(s) in {built}.",
    ]

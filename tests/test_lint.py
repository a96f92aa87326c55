"""facts lint: the curation rules a reader applies, as located warnings (exit 1 when any)."""
import os
import shutil
import sqlite3

from click.testing import CliRunner

from diplofacts.cli import cli
from diplofacts.loaders import build, lint

UNNAMED = ("speaker: no excerpt of '{}' names '{}' (by its name or an alias): cite the passage that says who "
           "spoke with role 'attributes', or add the name the source uses to its aliases")


def run_lint(seeds, db):
    """From the seeds' parent folder, as a curator runs it: paths come out as seeds/…"""
    cwd = os.getcwd()
    os.chdir(seeds.parent)
    try:
        return CliRunner().invoke(cli, ["lint", "--seeds", seeds.name, "--db", str(db)])
    finally:
        os.chdir(cwd)


def test_fixture_warnings_are_located_and_exit_1(seeds, tmp_path):
    result = run_lint(seeds, tmp_path / "facts.db")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "seeds/facts/calls.yaml:44:1: " + UNNAMED.format("alpha-beta-call", "alpha"),
        "seeds/facts/calls.yaml:44:1: " + UNNAMED.format("second-report", "alpha"),
        "seeds/facts/calls.yaml:56:1: " + UNNAMED.format("alpha-beta-call", "beta"),
        "3 warning(s).",
    ]
    assert not (tmp_path / "facts.db").exists()  # lint never writes the database


MORE = """\
statements:
  - id: alpha-ready-again
    date_basis: unknown
    speaker: alpha
    summary: Alpha said his side stands ready to help.
    citations:
      - source: alpha-beta-call
        exact: 'Alpha said: "We stand ready to help."'
quotes:
  - id: alpha-ready-once
    date_basis: unknown
    speaker: alpha
    text: We stand ready
    citations:
      - source: alpha-beta-call
        exact: 'Alpha said: "We stand ready'
"""


# The statement and the quote of MORE are those of calls.yaml again (undated): likely duplicates.
TWICE = ("facts/more.yaml:2:1: summary: likely the same statement as 'alpha-ready-to-help' (both name alpha; dated "
         "2021-06-07 and unknown; their summaries say much the same): merge them, or say in each what tells them apart")
TWICE_QUOTE = ("facts/more.yaml:10:1: text: likely the same quote as 'alpha-we-stand-ready' (both name alpha; dated "
               "2021-06-07 and unknown; their words say much the same): merge them, or say in each what tells them apart")


def test_shared_excerpts_and_quotes_printed_elsewhere(seeds, tmp_path):
    (seeds / "facts" / "more.yaml").write_text(MORE)
    build(seeds, tmp_path / "facts.db")
    # second-report prints "We stand ready" inside another quote's excerpt: that printing is
    # accounted for, so the new quote is not asked to cite it
    assert [str(w) for w in lint(tmp_path / "facts.db")] == [
        "facts/calls.yaml:44:1: " + UNNAMED.format("alpha-beta-call", "alpha"),
        "facts/calls.yaml:44:1: " + UNNAMED.format("second-report", "alpha"),
        "facts/calls.yaml:56:1: " + UNNAMED.format("alpha-beta-call", "beta"),
        "facts/more.yaml:2:1: citations: the excerpt at 76–113 of source 'alpha-beta-call' is also the "
        "evidence of statement 'alpha-ready-to-help': one fact twice (merge them), or give each its own excerpt",
        TWICE, TWICE_QUOTE,
    ]
    calls = seeds / "facts" / "calls.yaml"
    calls.write_text(calls.read_text().replace("      - source: second-report\n        exact: We stand ready to help.\n", ""))
    build(seeds, tmp_path / "facts.db")
    printed = ("text: the words are also printed in source 'second-report', which this quote does not cite: "
               "cite them there too")
    assert [str(w) for w in lint(tmp_path / "facts.db")] == [
        "facts/calls.yaml:44:1: " + UNNAMED.format("alpha-beta-call", "alpha"),
        "facts/calls.yaml:44:1: " + printed,
        "facts/calls.yaml:54:1: " + UNNAMED.format("alpha-beta-call", "beta"),
        "facts/more.yaml:2:1: citations: the excerpt at 76–113 of source 'alpha-beta-call' is also the "
        "evidence of statement 'alpha-ready-to-help': one fact twice (merge them), or give each its own excerpt",
        TWICE,
        TWICE_QUOTE,
        "facts/more.yaml:10:1: " + printed,
    ]


def test_speaker_named_by_an_alias_in_any_excerpt_is_enough(seeds, tmp_path):
    calls = seeds / "facts" / "calls.yaml"
    calls.write_text(calls.read_text().replace(
        "        exact: '\"We stand ready to help.\"'\n",
        "        exact: '\"We stand ready to help.\"'\n      - source: alpha-beta-call\n"
        "        exact: 'Alpha said: \"We stand ready to help.\"'\n"))
    build(seeds, tmp_path / "facts.db")
    assert [str(w) for w in lint(tmp_path / "facts.db")] == [
        "facts/calls.yaml:44:1: " + UNNAMED.format("second-report", "alpha"),  # each source names who spoke
        "facts/calls.yaml:58:1: " + UNNAMED.format("alpha-beta-call", "beta")]


def test_reads_an_up_to_date_database_and_never_writes_a_stale_one(seeds, tmp_path):
    db = tmp_path / "facts.db"
    build(seeds, db)
    with sqlite3.connect(db) as conn:  # tampered, but still marked as built from these seeds
        conn.execute("UPDATE citations SET exact = 'Beta said' WHERE fact_id = 'beta-useful'")
    conn.close()
    assert run_lint(seeds, db).stderr.splitlines()[:2] == [
        "seeds/facts/calls.yaml:44:1: " + UNNAMED.format("alpha-beta-call", "alpha"),
        "seeds/facts/calls.yaml:44:1: " + UNNAMED.format("second-report", "alpha")]
    stale = tmp_path / "stale.db"
    shutil.copy(db, stale)
    (seeds / "facts" / "calls.yaml").write_text((seeds / "facts" / "calls.yaml").read_text() + "\n")
    before = stale.read_bytes()
    assert run_lint(seeds, stale).exit_code == 1
    assert stale.read_bytes() == before


def test_a_broken_build_is_reported_not_linted(seeds, tmp_path):
    (seeds / "facts" / "bad.yaml").write_text("quotes: [{id: q}]\n")
    result = run_lint(seeds, tmp_path / "facts.db")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "4 problem(s) stop the build: fix them, then lint."

"""Bad input: every problem in one run, located as path:line:column, and nothing lost."""
import hashlib
import json
import os
import re

import pytest
from click.testing import CliRunner

from diplofacts.cli import cli
from diplofacts.loaders import BuildFailed, build


def problems(seeds, tmp_path) -> list[str]:
    with pytest.raises(BuildFailed) as failed:
        build(seeds, tmp_path / "facts.db")
    return [str(p) for p in failed.value.problems]


BROKEN = """\
meetings:
  - id: bad-meeting
    date: 2021-13-01
    date_basis: stated
    kind: phone-call
    mode: phone
    colour: red
    participants:
      - {entity: gamma, role: caller}
    summary: x
    citations:
      - source: alpha-beta-call
        exact: "Alpha said: \\u201cWe stand ready to help.\\u201d"
      - source: nowhere
        exact: foo
statements:
  - id: alpha-statement
    date_basis: unknown
    speaker: alpha
    meeting: no-such-meeting
    summary: ambiguous
    citations:
      - {source: alpha-beta-call, exact: useful}
"""


def test_every_problem_in_one_run(seeds, tmp_path):
    (seeds / "facts" / "broken.yaml").write_text(BROKEN)
    (seeds / "facts" / "syntax.yaml").write_text("quotes:\n  - id: x\n    text: [unclosed\n")
    assert problems(seeds, tmp_path) == [
        "facts/broken.yaml:3:11: meetings[0].date: '2021-13-01' is not a real date (month must be in 1..12)",
        "facts/broken.yaml:7:5: meetings[0].colour: unknown key 'colour'",
        "facts/broken.yaml:9:18: meetings[0].participants[0].entity: unknown entity 'gamma'",
        "facts/broken.yaml:13:16: meetings[0].citations[0].exact: excerpt not found in the source; "
        "closest passage: 'Alpha said: \"We stand ready to help.\"'; first difference at character 12: "
        "source has '\"' (U+0022), excerpt has '“' (U+201C) (source 'alpha-beta-call')",
        "facts/broken.yaml:14:17: meetings[0].citations[1].source: unknown source 'nowhere'",
        "facts/broken.yaml:23:42: statements[0].citations[0].exact: excerpt occurs 2 times in the source "
        "(at characters 140 and 164): add a 'prefix' or 'suffix' to say which (source 'alpha-beta-call')",
        "facts/syntax.yaml:4:1: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)",
    ]


def test_unknown_references_across_files(seeds, tmp_path):
    (seeds / "facts" / "more.yaml").write_text(
        "quotes:\n"
        "  - id: q2\n    date_basis: unknown\n    speaker: beta\n    text: useful\n"
        "    statement: nope\n    meeting: alpha-beta-call-2021-06-07\n"
        "    citations:\n      - {source: alpha-beta-call, exact: 'useful\"', prefix: 'talks were \"'}\n"
        "disagreements:\n"
        "  - id: d2\n    about: {type: statement, id: missing}\n    detail: wording\n    summary: s\n"
        "    claims:\n      - {source: alpha-beta-call, exact: Monday, says: a, stance: otherwise}\n"
        "      - {source: second-report, exact: June, says: b, stance: otherwise}\n"
    )
    assert problems(seeds, tmp_path) == [
        "facts/more.yaml:2:1: statement: unknown statement 'nope'",
        "facts/more.yaml:11:1: about.id: unknown statement 'missing'",
    ]


def test_duplicate_ids_name_both_places(seeds, tmp_path):
    calls = (seeds / "facts" / "calls.yaml").read_text()
    (seeds / "facts" / "zz-copy.yaml").write_text(calls.split("statements:")[0].replace("Alpha called Beta.", "again"))
    assert problems(seeds, tmp_path) == [
        "facts/zz-copy.yaml:2:1: id: duplicate meeting id 'alpha-beta-call-2021-06-07' (first at facts/calls.yaml:2)",
    ]


def test_model_rules(seeds, tmp_path):
    (seeds / "facts" / "rules.yaml").write_text(
        "agreements:\n"
        "  - id: Bad_Id\n    date: 2021-06-07\n    date_basis: relative\n    parties: [alpha, alpha]\n"
        "    summary: s\n    plover_type: AGREED\n    citations: []\n"
    )
    assert problems(seeds, tmp_path) == [
        "facts/rules.yaml:2:9: agreements[0].id: String should match pattern '^[a-z0-9]+(?:[-_.][a-z0-9]+)*$' (got 'Bad_Id')",
        "facts/rules.yaml:5:14: agreements[0].parties: party listed twice: 'alpha'",
        "facts/rules.yaml:7:18: agreements[0].plover_type: Input should be 'AGREE', 'CONSULT', 'SUPPORT', "
        "'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', "
        "'SANCTION', 'MOBILIZE', 'COERCE' or 'ASSAULT' (got 'AGREED')",
        "facts/rules.yaml:8:16: agreements[0].citations: List should have at least 1 item after validation, not 0",
    ]


def test_source_that_changed_is_an_error(seeds, tmp_path):
    doc = seeds / "sources" / "second.txt"
    doc.write_bytes(doc.read_bytes().replace(b"June 7", b"June 8"))
    digest = hashlib.sha256(doc.read_bytes()).hexdigest()
    # the root cause alone: the facts citing the rejected source are not reported again
    assert problems(seeds, tmp_path) == [
        f"sources.yaml:12:13: sources[1].sha256: sources/second.txt has SHA-256 {digest}, "
        "not the registered one: a source document is never edited (register a new source instead)"
    ]


def test_jsonl_records_are_located_by_line(seeds, tmp_path):
    good = {"type": "statement", "id": "beta-statement", "date_basis": "unknown", "speaker": "beta",
            "summary": "Beta found the talks useful.",
            "citations": [{"source": "alpha-beta-call", "exact": "The talks were useful, officials said."}]}
    bad = {**good, "id": "beta-2", "speaker": "nobody", "extra": 1}
    twice = json.dumps({**good, "id": "beta-3"})[:-1] + ', "summary": "A second summary."}'
    (seeds / "facts" / "bulk.jsonl").write_text(
        "\ufeff" + json.dumps(good) + "\r\n\n" + json.dumps(bad) + "\n{not json\n" + twice + "\n")
    assert problems(seeds, tmp_path) == [  # a byte-order mark and CRLF are harmless
        "facts/bulk.jsonl:3:1: extra: unknown key 'extra'",
        "facts/bulk.jsonl:3:1: speaker: unknown entity 'nobody'",
        "facts/bulk.jsonl:4:1: Invalid JSON: key must be a string at line 1 column 2",
        "facts/bulk.jsonl:5:1: duplicate key 'summary': each key once",
    ]


def test_cli_reports_problems_and_exit_code(seeds, tmp_path):
    runner, db = CliRunner(), tmp_path / "facts.db"
    ok = runner.invoke(cli, ["build", "--seeds", str(seeds), "--db", str(db)])
    assert ok.exit_code == 0, ok.output
    before = db.read_bytes()
    (seeds / "entities.yaml").write_text("entities:\n  - id: alpha\n    name: A\n    kind: human\n")
    failed = runner.invoke(cli, ["build", "--seeds", str(seeds), "--db", str(db)])
    assert failed.exit_code == 1
    # the command names files relative to the working folder, so editors can open them
    here = os.path.relpath(seeds)
    lines = failed.stderr.splitlines()
    assert lines[0] == (
        f"{here}/entities.yaml:4:11: entities[0].kind: Input should be 'person', 'organization', 'country', "
        "'place' or 'format' (got 'human')"
    )
    assert all(line.startswith(f"{here}/facts/") for line in lines[1:-1])
    # alpha's record failed, so what names alpha is not reported again; beta is unknown
    assert [line.split(": ", 1)[1] for line in lines[1:-1] if line.startswith(f"{here}/facts/calls.yaml:")] == [
        "meetings[0].participants[1].entity: unknown entity 'beta'",
        "agreements[0].parties[1]: unknown entity 'beta'",
        "quotes[1].speaker: unknown entity 'beta'",
    ]
    # (and in the fixture's other files: every entity but alpha is unknown now)
    assert all(re.search(r": unknown entity '[^']+'$", line) and "'alpha'" not in line for line in lines[1:-1])
    assert lines[-1] == f"{len(lines) - 1} problem(s); {db} was not changed."
    assert db.read_bytes() == before


CODING = """\
meetings:
  - id: visit-offered
    date_basis: unknown
    kind: visit
    mode: visit
    status: proposed
    participants: [{entity: alpha, role: visitor}]
    summary: Beta invited Alpha to visit.
    cameo: "042"
    citations: [{source: second-report, exact: Alpha phoned Beta}]
  - id: summit-held
    date_basis: unknown
    kind: summit
    mode: multilateral
    participants: [{entity: alpha, role: participant}]
    summary: A summit.
    cameo: "044"
    citations: [{source: second-report, exact: Alpha phoned Beta}]
statements:
  - id: intent-typed-wrong
    date_basis: unknown
    speaker: alpha
    summary: Alpha intends to cooperate.
    cameo: "0311"
    plover_type: COOPERATE
    citations: [{source: second-report, exact: Alpha phoned Beta}]
  - id: comment-typed-as-event
    date_basis: unknown
    speaker: alpha
    summary: Alpha commented.
    cameo: "013"
    plover_type: AGREE
    citations: [{source: second-report, exact: Alpha phoned Beta}]
"""


def test_event_codes_follow_the_plover_crosswalk(seeds, tmp_path):
    (seeds / "facts" / "coding.yaml").write_text(CODING)
    assert problems(seeds, tmp_path) == [
        "facts/coding.yaml:6:13: meetings[0].status: a proposed meeting has not taken place: code it 036 "
        "(Express intent to meet or negotiate; PLOVER AGREE), not 042 (Make a visit)",
        "facts/coding.yaml:11:5: meetings[1].status: a held meeting of mode multilateral is coded 040 (Consult), "
        "not 044 (Meet at a 'third' location)",
        "facts/coding.yaml:25:18: statements[0].plover_type: CAMEO 0311 (Express intent to cooperate economically) "
        "is PLOVER AGREE, not COOPERATE (PLOVER manual 0.7b1, 'CAMEO to PLOVER translation'): give the CAMEO "
        "code alone and PLOVER is derived from it",
        "facts/coding.yaml:32:18: statements[1].plover_type: CAMEO 013 (Make optimistic comment) is in a category "
        "PLOVER does not code (PLOVER manual 0.7b1, 'CAMEO to PLOVER translation'): remove plover_type AGREE",
    ]


def test_plover_type_is_derived_from_cameo(built):
    from tests.conftest import rows
    assert rows(built, "SELECT id, cameo, plover_type FROM statements UNION ALL "
                       "SELECT id, cameo, plover_type FROM agreements ORDER BY id") == [
        ("alpha-beta-stay-in-touch", "030", "AGREE"),
        ("alpha-ready-to-help", "018", None),
    ]


DAYS = """\
meetings:
  - id: call-in-june
    date: 2021-06-07
    date_basis: inferred
    date_note: reported in June
    kind: phone-call
    mode: phone
    participants: [{entity: alpha, role: caller}]
    summary: A call.
    citations: [{source: second-report, exact: Alpha phoned Beta}]
  - id: call-named
    date: 2021-06-07
    date_basis: inferred
    date_note: the day second-report gives for it
    kind: phone-call
    mode: phone
    participants: [{entity: beta, role: caller}]
    summary: A call.
    citations: [{source: second-report, exact: Alpha phoned Beta}]
statements:
  - id: said-that-day
    date: 2021-06-07
    date_basis: inferred
    date_note: during its meeting
    speaker: alpha
    meeting: call-in-june
    summary: Said.
    citations: [{source: second-report, exact: Alpha phoned Beta}]
  - id: said-another-day
    date: 2021-06-08
    date_basis: inferred
    date_note: the day after alpha-beta-call-2021-06-07
    speaker: alpha
    meeting: call-named
    summary: Said.
    citations: [{source: second-report, exact: Alpha phoned Beta}]
"""


def test_a_day_inferred_needs_its_evidence_named(seeds, tmp_path):
    (seeds / "facts" / "days.yaml").write_text(DAYS)
    day = ("is inferred to the day, but nothing names the evidence for the day: {}date_note names no source, "
           "nor any fact of that day, by id. Name it in date_note, or give the date only as far as the "
           "evidence goes ({})")
    assert problems(seeds, tmp_path) == [
        "facts/days.yaml:2:1: date: 2021-06-07 " + day.format("", "2021-06"),
        "facts/days.yaml:29:1: date: 2021-06-08 " + day.format("no fact it belongs to (meeting) is of that day, and ", "2021-06"),
    ]

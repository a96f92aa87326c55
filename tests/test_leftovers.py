"""The build refuses a draft's leftovers (TODO summaries, todo ids and entities), each at its
field; facts lint warns of likely duplicates (one kind, a shared participant, the same or an
unknown date, summaries that say much the same)."""
import pytest

from diplofacts.loaders import BuildFailed, build

from .test_lint import run_lint

LEFTOVERS = """\
statements:
  - id: todo
    date_basis: unknown
    speaker: todo
    summary: "TODO: one faithful sentence. Beta said the talks were \\"useful\\"."
    citations:
      - source: alpha-beta-call
        exact: Beta said the talks were "useful".
"""


def test_the_build_refuses_draft_leftovers(seeds, tmp_path):
    (seeds / "facts" / "drafted.yaml").write_text(LEFTOVERS)
    with pytest.raises(BuildFailed) as failed:
        build(seeds, tmp_path / "facts.db")
    assert [str(p) for p in failed.value.problems] == [
        "facts/drafted.yaml:2:9: statements[0].id: 'todo' is a draft's placeholder: give the fact its own id",
        "facts/drafted.yaml:4:14: statements[0].speaker: 'todo' is a draft's placeholder: name the entity, or "
        "delete the candidate",
        "facts/drafted.yaml:5:14: statements[0].summary: starts with 'TODO', a draft's leftover: write it, or "
        "delete the candidate",
    ]


TWICE = """\
meetings:
  - id: alpha-beta-phone-call-again
    date_basis: unknown
    kind: phone-call
    mode: phone
    participants:
      - {entity: alpha, role: participant}
      - {entity: beta, role: participant}
    summary: Alpha called Beta by phone.
    cameo: "041"
    citations:
      - source: second-report
        exact: Alpha phoned Beta
"""


def test_lint_warns_of_likely_duplicates(seeds, tmp_path):
    (seeds / "facts" / "twice.yaml").write_text(TWICE)
    result = run_lint(seeds, tmp_path / "facts.db")
    assert ("seeds/facts/twice.yaml:2:1: summary: likely the same meeting as 'alpha-beta-call-2021-06-07' (both "
            "name alpha, beta; dated 2021-06-07 and unknown; their summaries say much the same): merge them, or "
            "say in each what tells them apart") in result.stderr.splitlines()

"""Citation roles: what each excerpt does for its fact (states, attributes, echoes), and the
stance of each disagreement's claims; build errors where the data is wrong, lint warnings where
a reader's judgement is needed, and counts of sources that report a fact."""
import pytest

from diplofacts.loaders import BuildFailed, build, check, lint

from .conftest import rows

# The fixture's sources:
#   alpha-beta-call: President Alpha called Prime Minister Beta on Monday. Alpha said: "We stand
#     ready to help." Beta said the talks were "useful". The talks were useful, officials said.
#   second-report: Alpha phoned Beta on June 7, 2021 and they agreed to stay in touch. Alpha said:
#     "We stand ready to help."


def problems(seeds, tmp_path) -> list[str]:
    with pytest.raises(BuildFailed) as failed:
        build(seeds, tmp_path / "facts.db")
    return [str(p) for p in failed.value.problems]


def add(seeds, text: str) -> None:
    (seeds / "facts" / "roles.yaml").write_text(text)


STATEMENT = """\
statements:
  - id: beta-talks-useful
    date_basis: unknown
    speaker: beta
    summary: Beta said the talks were useful.
    citations:
{}
"""


def test_an_attribution_stands_beside_a_stating_passage_of_its_source(seeds, tmp_path):
    add(seeds, STATEMENT.format(
        "      - {source: alpha-beta-call, exact: 'The talks were useful, officials said.'}\n"
        "      - {source: alpha-beta-call, exact: Beta said, role: attributes}\n"
        "      - {source: second-report, exact: Alpha phoned Beta, role: attributes}"))
    assert problems(seeds, tmp_path) == [
        "facts/roles.yaml:9:65: statements[0].citations[2].role: an 'attributes' excerpt names who spoke for a "
        "stating excerpt of the same source, and this fact cites no passage of 'second-report' with role 'states'",
    ]


def test_an_attribution_paragraphs_away_is_refused(seeds, tmp_path):
    source = seeds / "sources" / "far.txt"
    source.write_text("Beta spoke first.\n\nThen came lunch.\n\nAnd tea.\n\nAnd a walk.\n\nThe talks were useful, officials said.\n")
    import hashlib
    registry = seeds / "sources.yaml"
    registry.write_text(registry.read_text() + (
        f"  - id: far\n    file: far.txt\n    sha256: {hashlib.sha256(source.read_bytes()).hexdigest()}\n"
        "    title: Far\n    language: en\n    kind: news-report\n"))
    add(seeds, STATEMENT.format(
        "      - {source: far, exact: 'The talks were useful, officials said.'}\n"
        "      - {source: far, exact: Beta spoke first., role: attributes}"))
    assert problems(seeds, tmp_path) == [
        "facts/roles.yaml:8:55: statements[0].citations[1].role: this 'attributes' excerpt is not in the paragraph "
        "of a stating excerpt of 'far' (or of an attribution leading to one), nor in the 3 paragraphs just before: "
        "cite the naming passage that a reader reads with it",
    ]
    source.write_text("Beta spoke first.\n\nThen came lunch.\n\nThe talks were useful, officials said.\n")  # close before
    registry.write_text(registry.read_text().replace(
        registry.read_text().split("sha256: ")[-1].split("\n")[0], hashlib.sha256(source.read_bytes()).hexdigest()))
    build(seeds, tmp_path / "facts.db")
    assert rows(tmp_path / "facts.db", "SELECT role, exact FROM citations WHERE fact_id = 'beta-talks-useful' ORDER BY start") == [
        ("attributes", "Beta spoke first."), ("states", "The talks were useful, officials said.")]
    assert check(tmp_path / "facts.db") == []
    # a chain: the name four paragraphs up, reached through "he" in between
    source.write_text("Beta spoke first.\n\nA.\n\nHe said more.\n\nB.\n\nThe talks were useful, officials said.\n")
    registry.write_text(registry.read_text().replace(
        registry.read_text().split("sha256: ")[-1].split("\n")[0], hashlib.sha256(source.read_bytes()).hexdigest()))
    add(seeds, STATEMENT.format(
        "      - {source: far, exact: 'The talks were useful, officials said.'}\n"
        "      - {source: far, exact: Beta spoke first., role: attributes}\n"
        "      - {source: far, exact: He said, role: attributes}"))
    build(seeds, tmp_path / "facts.db")
    assert check(tmp_path / "facts.db") == []


def test_a_fact_needs_a_stating_citation_and_only_quotes_echo(seeds, tmp_path):
    add(seeds, STATEMENT.format(
        "      - {source: alpha-beta-call, exact: Beta said, role: attributes}\n"
        "      - {source: alpha-beta-call, exact: The talks were useful, role: echoes}"))
    assert problems(seeds, tmp_path) == [
        "facts/roles.yaml:7:7: statements[0].citations: no citation states the fact: at least one needs role 'states' (the default)",
    ]


def test_source_count_counts_the_sources_that_state_the_fact(seeds, tmp_path, corpus):
    second = [(kind, fact["id"]) for kind, fact, c in corpus.citations() if c["source"] == "second-report"]
    calls = seeds / "facts" / "calls.yaml"
    calls.write_text(calls.read_text().replace(
        "      - source: second-report\n        exact: We stand ready to help.\n",
        "      - source: second-report\n        exact: We stand ready to help.\n        role: echoes\n"))
    build(seeds, tmp_path / "facts.db")
    db = tmp_path / "facts.db"
    assert rows(db, "SELECT source_count FROM quotes WHERE id = 'alpha-we-stand-ready'") == [(1,)]
    assert rows(db, "SELECT source_count FROM facts WHERE id = 'alpha-we-stand-ready'") == [(1,)]
    # the quote's echo no longer counts it among the facts second-report reports; its citations all count
    assert ("quote", "alpha-we-stand-ready") in second
    assert rows(db, "SELECT fact_count, citation_count FROM sources WHERE id = 'second-report'") == [(len(set(second)) - 1, len(second))]
    assert check(db) == []
    with __import__("sqlite3").connect(db) as conn:  # a count that says 2 is caught
        conn.execute("UPDATE quotes SET source_count = 2 WHERE id = 'alpha-we-stand-ready'")
    assert "quotes alpha-we-stand-ready: source_count is 2, derived 1" in [p.message for p in check(db)]


CLAIMS = """\
disagreements:
  - id: useful-or-not
    about: {{type: statement, id: beta-talks-useful}}
    detail: wording
    summary: Beta says the talks were useful; officials say so without quoting him.
    claims:
      - {{source: alpha-beta-call, exact: Beta said the talks were "useful", says: Beta called them useful, stance: {}}}
      - {{source: alpha-beta-call, exact: 'The talks were useful, officials said.', says: Officials did, stance: otherwise}}
"""


def test_a_source_reporting_the_fact_otherwise_is_not_its_evidence(seeds, tmp_path):
    add(seeds, STATEMENT.format("      - {source: alpha-beta-call, exact: 'The talks were useful, officials said.'}")
        + CLAIMS.format("as-recorded"))
    assert problems(seeds, tmp_path) == [
        "facts/roles.yaml:9:1: claims: 'alpha-beta-call' reports statement 'beta-talks-useful' otherwise (the claim "
        "at 149–187), yet the statement cites that passage as its evidence: drop the citation (a source that "
        "reports the fact otherwise belongs among the disagreement's claims only), or give the claim stance 'as-recorded'",
    ]
    add(seeds, STATEMENT.format("      - {source: alpha-beta-call, exact: 'Beta said the talks were \"useful\"'}")
        + CLAIMS.format("as-recorded"))
    build(seeds, tmp_path / "facts.db")
    assert rows(tmp_path / "facts.db", "SELECT stance, says FROM disagreement_claims ORDER BY start") [-2:] == [
        ("as-recorded", "Beta called them useful"), ("otherwise", "Officials did")]
    assert check(tmp_path / "facts.db") == []


def test_an_as_recorded_claim_needs_the_fact_to_cite_its_source(seeds, tmp_path):
    claims = CLAIMS.format("as-recorded").replace("exact: 'The talks were useful, officials said.', says: Officials did, stance: otherwise",
                                                  "exact: they agreed, says: They agreed, stance: as-recorded")
    add(seeds, STATEMENT.format("      - {source: alpha-beta-call, exact: 'Beta said the talks were \"useful\"'}")
        + claims.replace("source: alpha-beta-call, exact: they", "source: second-report, exact: they"))
    assert problems(seeds, tmp_path) == [
        "facts/roles.yaml:9:1: claims: the claim at 52–63 says 'second-report' reports statement 'beta-talks-useful' "
        "as recorded, but the statement cites no passage of 'second-report' that states it: cite one, or give the "
        "claim stance 'otherwise'",
    ]


QUOTE = """\
quotes:
  - id: alpha-ready-long
    date_basis: unknown
    speaker: alpha
    text: We stand ready
    citations:
      - {{source: alpha-beta-call, exact: '{}'}}
"""


def test_lint_a_quote_excerpt_past_its_sentence_and_an_attribution_naming_no_one(seeds, tmp_path):
    add(seeds, QUOTE.format('President Alpha called Prime Minister Beta on Monday. Alpha said: "We stand ready'))
    build(seeds, tmp_path / "facts.db")
    warnings = [str(w) for w in lint(tmp_path / "facts.db") if w.path == "facts/roles.yaml"]
    assert warnings == [
        "facts/roles.yaml:2:1: citations: the excerpt of 'alpha-beta-call' at 22–103 runs past the sentence of the "
        "quoted words (76–113): cite that sentence alone, and who said it with role 'attributes'",
        # the fixture's quote "We stand ready to help." again, shorter and undated: lint's duplicate rule
        "facts/roles.yaml:2:1: text: likely the same quote as 'alpha-we-stand-ready' (both name alpha; dated 2021-06-07 "
        "and unknown; their words say much the same): merge them, or say in each what tells them apart",
    ]
    add(seeds, QUOTE.format('Beta said the talks were "useful".').replace("speaker: alpha", "speaker: beta").replace(
        "text: We stand ready", "text: useful") + "      - {source: alpha-beta-call, exact: President Alpha, role: attributes}\n")
    build(seeds, tmp_path / "facts.db")
    assert [str(w) for w in lint(tmp_path / "facts.db") if w.path == "facts/roles.yaml"] == [
        "facts/roles.yaml:2:1: citations: no 'attributes' excerpt of 'alpha-beta-call' names 'beta': attributions lead a reader "
        "to the passage that names who spoke",
        "facts/roles.yaml:2:1: text: likely the same quote as 'beta-useful' (both name beta; dated unknown and unknown; "
        "their words say much the same): merge them, or say in each what tells them apart",
    ]


def test_lint_ids_in_text_readers_read(seeds, tmp_path):
    add(seeds, STATEMENT.format("      - {source: alpha-beta-call, exact: 'Beta said the talks were \"useful\"'}").replace(
        "summary: Beta said the talks were useful.", "summary: Beta said the talks were useful (alpha-beta-call, see alpha-we-stand-ready)."))
    build(seeds, tmp_path / "facts.db")
    assert [str(w) for w in lint(tmp_path / "facts.db") if w.path == "facts/roles.yaml"] == [
        "facts/roles.yaml:2:1: summary: names 'alpha-beta-call', 'alpha-we-stand-ready' by id: readers read this; "
        "name the source by its publisher or title, or the fact in words",
    ]

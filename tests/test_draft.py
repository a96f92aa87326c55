"""facts draft: candidate facts for one source, in the seeds' own format, anchored, with
guesses marked; and the way from a new document to built, checked facts."""
import os
import shutil
import sqlite3

import pytest
import yaml
from click.testing import CliRunner

from diplofacts.cli import cli
from diplofacts.loaders import check
from diplofacts.loaders.draft import draft_text
from diplofacts.loaders.lint import normal
from diplofacts.loaders.passages import Span, quotations, sentences
from diplofacts.loaders.reldates import find_date

from .conftest import FIXTURE_SEEDS, HERE, ROOT, rows

GENEVA = HERE / "fixtures" / "documents" / "geneva.txt"


@pytest.mark.parametrize(("sentence", "published", "expected"), [
    ("They spoke on Tuesday.", "2021-09-14", ("2021-09-14", "relative", "'on Tuesday' in s, dated 2021-09-14 (a Tuesday).")),
    ("Putin Wednesday spoke to Khan.", "2021-08-26", ("2021-08-25", "relative", "'Wednesday' in s, dated 2021-08-26 (a Thursday).")),
    ("Lavrov visited in April this year.", "2021-09-14", ("2021-04", "relative", "'in April this year' in s, dated 2021-09-14.")),
    ("The ministers visited Russia last year.", "2021-09-14", ("2020", "relative", "'last year' in s, dated 2021-09-14.")),
    ("The summit is due next month.", "2021-12-26", ("2022-01", "relative", "'next month' in s, dated 2021-12-26.")),
    ("Their conversation of August 25.", "2021-09-14", ("2021-08-25", "relative", "'August 25' in s, dated 2021-09-14: the last August 25 before it.")),
    ("In Bishkek on June 14, 2019.", None, ("2019-06-14", "stated", "'June 14, 2019' in s.")),
    ("In July, the spokesperson clarified.", "2021-09-14", ("2021-07", "relative", "'In July' in s, dated 2021-09-14.")),
    ("They spoke on Tuesday.", None, None),  # nothing resolved without the source's date
    ("They spoke on Tuesday.", "2021-09", None),  # nor a day against a month
])
def test_relative_dates_are_resolved_against_the_source_date(sentence, published, expected):
    found = find_date(sentence, published, "s")
    assert (found and (found.date, found.basis, found.note)) == expected


def test_quotations_curly_straight_single_nested_but_not_apostrophes():
    text = "Xi said “Only the wearer knows,” and Khan’s aide said 'it is ‘crucial’ now' and \"urgent need\"."
    assert [q.text for q in quotations(Span(0, len(text), text))] == [
        "Only the wearer knows", "it is ‘crucial’ now", "crucial", "urgent need"]
    assert [s.text for s in sentences("Mr. Khan spoke. Then he left.\nA headline\n")] == [
        "Mr. Khan spoke.", "Then he left.", "A headline"]


def in_folder(folder, *args):
    here = os.getcwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(here)


def test_from_a_new_document_to_built_checked_facts(tmp_path):
    """The README's workflow: add-source, draft, confirm, build, check."""
    shutil.copytree(FIXTURE_SEEDS, tmp_path / "seeds")
    assert in_folder(tmp_path, "add-source", str(GENEVA), "--published", "2021-06-09").exit_code == 0
    drafted = in_folder(tmp_path, "draft", "leaders-meet-in-geneva")
    assert drafted.output == ("Wrote drafts/leaders-meet-in-geneva.yaml: confirm, edit or delete each candidate, "
                              "then move it into seeds/facts/.\n")
    text = (tmp_path / "drafts" / "leaders-meet-in-geneva.yaml").read_text()
    draft = yaml.safe_load(text)
    assert {k: [r["id"] for r in v] for k, v in draft.items()} == {
        "meetings": ["alpha-beta-meeting"],
        # 'Alpha said: "…"' is a statement beside its quote, as the seeds' curators record it
        "statements": ["alpha-will-keep-talking", "beta-reporters-talks-frank-useful"],
        "agreements": ["agreement-alpha-beta-leaders-agreed-meet-again"],  # "the two leaders": the meeting's sides
        "quotes": ["quote-alpha-we-will-keep-talking", "quote-beta-frank-and-useful"],
    }
    assert draft["meetings"][0] | {"summary": None} == {
        "id": "alpha-beta-meeting", "date": "2021-06-09", "date_basis": "relative",
        "date_note": "'on Wednesday' in leaders-meet-in-geneva, dated 2021-06-09 (a Wednesday).",
        "kind": "meeting", "mode": "third-party", "status": "held",
        "participants": [{"entity": "alpha", "role": "participant"}, {"entity": "beta", "role": "participant"}],
        "summary": None, "cameo": "044",
        "citations": [{"source": "leaders-meet-in-geneva", "exact": "President Alpha met Prime Minister Beta in Geneva on Wednesday."}],
    }
    # the quote already curated is proposed as a citation to that fact, not as a new row
    assert ("#   quote 'alpha-we-stand-ready':\n#     - source: leaders-meet-in-geneva\n"
            "#       exact: 'Alpha repeated: “We stand ready to help.”'\n") in text
    assert "#   Gamma Delta (1)\n" in text and "#   Geneva (2)\n" in text
    assert "# guess: speaker 'beta' from \"Beta\", the subject of 'told'\n" in text
    # confirm: what the draft could not know is the summaries (the agreement's parties are the meeting's sides)
    confirmed = text
    (tmp_path / "seeds" / "facts" / "geneva.yaml").write_text(confirmed)
    refused = in_folder(tmp_path, "build")  # the summaries to write are still TODOs
    assert refused.exit_code == 1 and "summary: starts with 'TODO', a draft's leftover" in refused.output
    written = yaml.safe_load(confirmed)
    for row in (r for rows_ in written.values() for r in rows_ if "summary" in r):
        row["summary"] = row["summary"].split(". ", 1)[1]  # the sentence, for the summary to write
    (tmp_path / "seeds" / "facts" / "geneva.yaml").write_text(yaml.safe_dump(written, sort_keys=False))
    built = in_folder(tmp_path, "build")
    assert built.exit_code == 0, built.output
    assert check(tmp_path / "facts.db") == []
    # a meeting, two statements, an agreement, two quotes: one citation each
    assert rows(tmp_path / "facts.db", "SELECT count(*) FROM citations WHERE source_id = 'leaders-meet-in-geneva'") == [(6,)]


def test_a_draft_never_lands_in_the_facts_folder_nor_over_an_earlier_draft(tmp_path):
    shutil.copytree(FIXTURE_SEEDS, tmp_path / "seeds")
    inside = in_folder(tmp_path, "draft", "second-report", "-o", "seeds/facts/second.yaml")
    assert (inside.exit_code, inside.stderr) == (1, "error: seeds/facts/second.yaml is inside seeds/facts: write the "
                                                    "draft elsewhere, edit it, then move it there\n")
    assert in_folder(tmp_path, "draft", "second-report").exit_code == 0
    again = in_folder(tmp_path, "draft", "second-report")
    assert again.stderr == ("error: drafts/second-report.yaml exists (perhaps with your edits): remove it, choose "
                            "another -o, or use --force\n")
    assert in_folder(tmp_path, "draft", "no-such", "--force").stderr.startswith("error: no source 'no-such' in ")


def drafted_without_facts(tmp_path) -> dict[str, dict]:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds", ignore=shutil.ignore_patterns("facts"))
    sources = [s for (s,) in rows(ROOT / "facts.db", "SELECT id FROM sources ORDER BY id")]
    return {s: yaml.safe_load(draft_text(tmp_path / "seeds", s)) or {} for s in sources}


def test_drafts_find_the_curated_quotes_and_meetings(tmp_path):
    """Each seed document drafted as if nothing were curated: the candidates hold at least 90%
    of the curated quotes (same words) and 80% of the meetings (a candidate's excerpt overlaps
    one of the meeting's)."""
    drafts = drafted_without_facts(tmp_path)
    conn = sqlite3.connect(ROOT / "facts.db")
    texts = dict(conn.execute("SELECT id, text FROM sources"))
    cited = {}
    for kind, fid, sid, start, end in conn.execute("SELECT fact_type, fact_id, source_id, start, [end] FROM citations"):
        cited.setdefault((kind, fid), []).append((sid, start, end))

    def quote_found(qid, words):
        return any(normal(r["text"]).casefold() == normal(words).casefold()
                   for sid, _, _ in cited[("quote", qid)] for r in drafts[sid].get("quotes", []))

    def meeting_found(mid):
        for sid, start, end in cited[("meeting", mid)]:
            for r in drafts[sid].get("meetings", []):
                for c in r["citations"]:
                    at = texts[sid].find((c.get("prefix") or "") + c["exact"]) + len(c.get("prefix") or "")
                    if at < end and start < at + len(c["exact"]):
                        return True
        return False

    quotes = {qid: quote_found(qid, words) for qid, words in conn.execute("SELECT id, text FROM quotes")}
    meetings = {mid: meeting_found(mid) for (mid,) in conn.execute("SELECT id FROM meetings")}
    print(f"\ndraft recall: quotes {sum(quotes.values())}/{len(quotes)}, meetings {sum(meetings.values())}/{len(meetings)}")
    assert sum(quotes.values()) >= 0.9 * len(quotes), [q for q, ok in quotes.items() if not ok]
    assert sum(meetings.values()) >= 0.8 * len(meetings), [m for m, ok in meetings.items() if not ok]


def test_every_draft_of_the_seeds_is_in_the_fact_file_format(tmp_path):
    """Sections and fields as in seeds/facts: a draft is validated by the same JSON Schema."""
    import json

    import jsonschema
    schema = json.loads((ROOT / "schema" / "json" / "facts.schema.json").read_text())
    for source, draft in drafted_without_facts(tmp_path).items():
        jsonschema.validate(draft, schema), source

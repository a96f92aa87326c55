"""facts draft on texts it was not written against (tests/fixtures/draft_dev): quotes over
several sentences and posts quoted whole; speakers from the subject of the reporting verb,
offices included; dates from the dateline; statements, quotes and agreements linked to the
meeting they were said in; visits received and lunches during them; facts already curated
recognised across kinds and modes; new names without noise."""
import shutil

import yaml

from diplofacts.loaders import check, lint
from diplofacts.loaders.draft import draft_text
from diplofacts.loaders.passages import Names, new_names

from .conftest import FIXTURE_SEEDS, HERE
from .test_draft import in_folder

DEV = HERE / "fixtures" / "draft_dev"


def dev_seeds(tmp_path, *documents: tuple[str, str]):
    shutil.copytree(FIXTURE_SEEDS, tmp_path / "seeds")
    with (tmp_path / "seeds" / "entities.yaml").open("a") as f:
        f.write((DEV / "entities.yaml").read_text().split("\n", 1)[1])
    for name, published in documents:
        assert in_folder(tmp_path, "add-source", str(DEV / name), "--published", published).exit_code == 0
    return tmp_path / "seeds"


def rows_of(text: str, section: str) -> dict[str, dict]:
    return {r["id"]: r for r in (yaml.safe_load(text) or {}).get(section, [])}


def test_a_call_a_readout_and_a_post(tmp_path):
    seeds = dev_seeds(tmp_path, ("call-and-post.txt", "2021-06-10"))
    text = draft_text(seeds, "alpha-and-gamma-talk-by-phone")
    assert "agreements:" not in text  # "We agreed" is Gamma's quoted words, not an agreement row
    assert ("# Written: 2021-06-09, by its dateline 'CAPITAL CITY, June 9 (Example Wire)': relative dates are "
            "resolved against it.\n") in text
    call = rows_of(text, "meetings")["alpha-gamma-phone-call"]
    assert (call["date"], call["date_basis"], call["date_note"], call.get("place")) == (
        "2021-06-08", "relative", "'on Tuesday' in alpha-and-gamma-talk-by-phone, datelined 'CAPITAL CITY, June 9 "
        "(Example Wire)' (2021-06-09) (a Wednesday).", None)
    quotes = rows_of(text, "quotes")
    assert quotes["quote-gamma-we-agreed-to-work-together-our"] == {
        "id": "quote-gamma-we-agreed-to-work-together-our", "date": "2021-06-08", "date_basis": "inferred",
        "date_note": "The date of the meeting it was said in, alpha-gamma-phone-call.", "speaker": "gamma",
        "meeting": "alpha-gamma-phone-call", "text": "We agreed to work together. Our peoples expect nothing less",
        "citations": [{"source": "alpha-and-gamma-talk-by-phone",
                       "exact": '"We agreed to work together. Our peoples expect nothing less," Gamma said.'}]}
    assert ("# guess: speaker 'gamma' from \"Gamma\", the subject of 'said'\n"
            "# guess: meeting 'alpha-gamma-phone-call': 'during the call'\n"
            "# guess: date 2021-06-08 from meeting 'alpha-gamma-phone-call'\n"
            "- id: quote-gamma-we-agreed-to-work-together-our\n") in text
    post = quotes["quote-alpha-good-call-with-chancellor-gamma-today"]
    assert (post["speaker"], post["text"], post["citations"]) == (
        "alpha", "Good call with Chancellor Gamma today. We will keep in touch.",
        [{"source": "alpha-and-gamma-talk-by-phone", "exact": "Good call with Chancellor Gamma today. We will keep in touch."},
         {"source": "alpha-and-gamma-talk-by-phone", "exact": "Alpha tweeted:", "role": "attributes"}])
    statements = rows_of(text, "statements")
    assert sorted(statements) == ["alpha-office-leaders-discussed-trade-energy-during", "gamma-talks-useful",
                                  "xland-xlandish-government-blamed-storm-delay"]
    readout = statements["alpha-office-leaders-discussed-trade-energy-during"]
    assert (readout["speaker"], readout["meeting"], readout["cameo"]) == ("alpha-office", "alpha-gamma-phone-call", "010")
    assert "# guess: speaker 'alpha-office' from \"President's Office\", the subject of 'said'\n" in text
    added = statements["gamma-talks-useful"]
    assert (added["speaker"], added["citations"][1]) == ("gamma", {
        "source": "alpha-and-gamma-talk-by-phone", "exact": 'Our peoples expect nothing less," Gamma said.',
        "role": "attributes"})
    assert ("# guess: speaker 'gamma' from \"Gamma\" in the sentence before ('He' stands for them); that sentence is "
            "cited as the attribution\n") in text
    blamed = statements["xland-xlandish-government-blamed-storm-delay"]
    assert (blamed["speaker"], blamed["cameo"]) == ("xland", "111")
    assert "# guess: cameo 111 (Disapprove) from 'has blamed'\n" in text


def test_a_confirmed_draft_builds_lints_and_checks_clean(tmp_path):
    """Speakers taken from the sentence before come with that sentence as an attribution, so
    lint finds every speaker named; the meeting links and inferred dates pass the build."""
    seeds = dev_seeds(tmp_path, ("call-and-post.txt", "2021-06-10"), ("visit.txt", "2021-06-12"))
    for source in ("alpha-and-gamma-talk-by-phone", "gamma-visits-alpha"):
        draft = yaml.safe_load(draft_text(seeds, source))
        for row in (r for rows in draft.values() for r in rows if "summary" in r):
            row["summary"] = row["summary"].split(". ", 1)[1]
        (seeds / "facts" / f"{source}.yaml").write_text(yaml.safe_dump(draft, sort_keys=False, allow_unicode=True))
    built = in_folder(tmp_path, "build")
    assert built.exit_code == 0, built.output
    assert check(tmp_path / "facts.db") == []
    assert [str(w) for w in lint(tmp_path / "facts.db") if "gamma" in w.path or "alpha-and" in w.path] == []


def test_a_visit_received_on_arrival_with_a_lunch_during_it(tmp_path):
    seeds = dev_seeds(tmp_path, ("visit.txt", "2021-06-12"))
    text = draft_text(seeds, "gamma-visits-alpha")
    meetings = rows_of(text, "meetings")
    assert list(meetings) == ["gamma-alpha-visit"]  # the lunch is the visit's, not a meeting of its own
    visit = meetings["gamma-alpha-visit"]
    assert (visit["kind"], visit["mode"], visit["place"], visit["participants"], visit["date"]) == (
        "visit", "visit", "capital-city", [{"entity": "gamma", "role": "visitor"}, {"entity": "alpha", "role": "host"}],
        "2021-06-11")
    assert [c["exact"] for c in visit["citations"]] == [  # "the two leaders held talks": the visit told again
        "Gamma visits Alpha", "President Alpha received Chancellor Gamma on arrival in Capital City on Friday.",
        "The two leaders held talks and signed an agreement on energy.",
        "Alpha later hosted a lunch for Gamma during the visit."]
    (agreement,) = rows_of(text, "agreements").values()
    assert (agreement["status"], agreement["parties"], agreement["meeting"], agreement["cameo"]) == (
        "signed", ["alpha", "gamma"], "gamma-alpha-visit", "057")
    assert "# guess: parties ['alpha', 'gamma']: the participants of the meeting it was agreed in\n" in text
    (praise,) = rows_of(text, "statements").values()
    assert (praise["speaker"], praise["cameo"], praise["meeting"]) == ("gamma", "051", "gamma-alpha-visit")


KNOWN_TALKS = """\
meetings:
  - id: alpha-gamma-talks
    date_basis: unknown
    kind: talks
    mode: unknown
    participants:
      - {entity: alpha, role: participant}
      - {entity: gamma, role: participant}
    summary: Alpha and Gamma talked about trade, energy and the call.
    cameo: "040"
    citations:
      - source: alpha-beta-call
        exact: President Alpha called Prime Minister Beta on Monday.
"""


def test_curated_facts_are_recognised_across_kinds_and_modes(tmp_path):
    seeds = dev_seeds(tmp_path)
    (tmp_path / "talks.txt").write_text(
        "Leaders talk\nAlpha and Beta held talks on Monday, the Presidential Office said.\n"
        "Alpha phoned Gamma about trade and energy.\n")
    (seeds / "facts" / "talks.yaml").write_text(KNOWN_TALKS)
    assert in_folder(tmp_path, "add-source", str(tmp_path / "talks.txt"), "--published", "2021-06-08").exit_code == 0
    text = draft_text(seeds, "leaders-talk")
    # talks reported are the phone call curated (same participants, same day); the office's
    # statement only reports it; the call of Gamma is the curated talks, now known to be a phone call
    assert "meetings:" not in text and "statements:" not in text
    assert ("# Already curated: these passages report facts the seeds hold. Cite them there instead of a new row:\n"
            "#   meeting 'alpha-beta-call-2021-06-07':\n"
            "#     - source: leaders-talk\n"
            "#       exact: Alpha and Beta held talks on Monday, the Presidential Office said.\n"
            "#   meeting 'alpha-gamma-talks':\n"
            "#     - source: leaders-talk\n"
            "#       exact: Alpha phoned Gamma about trade and energy.\n"
            "#     upgrade: kind phone-call, mode phone (from 'phoned'); the fact has talks, mode unknown\n") in text


def test_new_names_leave_out_possessives_months_time_zones_and_sentence_openers():
    text = ("MOSCOW, Sept. 14 (Example Wire) - Speaking to reporters at 10 GMT, Narendra Modi’s aide said. "
            "Then Macron’s aide left on Tuesday in Aug. The Xlandish talks went on. Xlandish talks.")
    names = Names([("xland", "Xland")])
    assert [n for n, _ in new_names(text, names)] == ["Example Wire", "Narendra Modi", "Macron"]


def test_planned_dates_look_ahead_and_datelines_are_read():
    from diplofacts.loaders.reldates import Dateline, dateline, find_date
    assert find_date("Modi is set to visit the US in September.", "2024-08-27", "s", ahead=True).date == "2024-09"
    assert find_date("Modi visited the US in September.", "2024-08-27", "s").date == "2023-09"
    assert find_date("They will meet on June 2.", "2024-08-27", "s", ahead=True).note == (
        "'June 2' in s, dated 2024-08-27: the next June 2 after it.")
    assert dateline("Headline\nMOSCOW, Sept 14 (Reuters) - Text", "2021-09-15") == Dateline(
        "2021-09-14", "MOSCOW, Sept 14 (Reuters)")
    assert dateline("ISLAMABAD, Dec 30: Text", "2022-01-02") == Dateline("2021-12-30", "ISLAMABAD, Dec 30")
    assert dateline("No dateline, Sept 14 here\n", None) is None


def test_agreement_words_but_not_the_names_of_agreements():
    from diplofacts.loaders.drafting.vocabulary import agreeing, kinds_during
    assert agreeing("They agreed to meet again.") and agreeing("Agreement was reached on trade.")
    assert not agreeing("Modi welcomed the decision to recommit to the Paris Agreement.")
    assert kinds_during("During the call") == ("phone-call", "talks")
    assert kinds_during("during his visit") == ("visit",)


def test_talks_then_a_phone_call_are_one_call_and_reported_speech_is_the_speakers(tmp_path):
    seeds = dev_seeds(tmp_path, ("talks-then-call.txt", "2021-06-09"))
    text = draft_text(seeds, "alpha-speaks-with-gamma")
    (call,) = rows_of(text, "meetings").values()  # "speaks with" and "a phone conversation": one call
    assert (call["id"], call["kind"], call["mode"], call["status"], call["date"]) == (
        "alpha-gamma-phone-call", "phone-call", "phone", "held", "2021-06-07")
    assert [p["entity"] for p in call["participants"]] == ["alpha", "gamma"]  # "Xland's Alpha": no Xland
    assert len(call["citations"]) == 3  # "We will …" is quoted: it does not make the conversation planned
    quotes = rows_of(text, "quotes")
    grow = quotes["quote-alpha-must-grow"]  # the Office reports what he told Gamma: his words
    assert (grow["speaker"], grow["citations"][1]) == ("alpha", {
        "source": "alpha-speaks-with-gamma", "role": "attributes",
        "exact": "Xland's Alpha held a phone conversation with Chancellor Gamma on Monday."})
    assert rows_of(text, "statements")["alpha-office-presidential-gamma-trade-must-grow"]["speaker"] == "alpha-office"
    assert quotes["quote-alpha-we-will-be-there-for-you"]["meeting"] == "alpha-gamma-phone-call"
    assert "# guess: meeting 'alpha-gamma-phone-call': its sentence reports that meeting\n" in text

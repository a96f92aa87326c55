"""What a sentence reports beside its quotation, on a text written for these tests
(tests/fixtures/draft_dev/added-and-welcomed.txt): '"…," Weber said, adding that …' is two
statements (the quote's and what is added in reported speech); '"…," said Dvorak, adding that the
two sides reached agreement on …' an agreement and both statements; "Weber welcomed the
arrangement agreed at …" a statement about an agreement named in passing, not an agreement; two
speakers joined by "while" or "and" in one sentence (two-speakers.txt) a statement each."""
from diplofacts.loaders.draft import draft_text

from .test_drafting import dev_seeds, rows_of


def test_added_after_a_quotation_and_an_agreement_judged(tmp_path):
    seeds = dev_seeds(tmp_path, ("added-and-welcomed.txt", "2021-05-04"))
    text = draft_text(seeds, "weber-and-dvorak-meet-in-berlin")
    statements = [(k, s["citations"][0]["exact"].split(",")[0]) for k, s in rows_of(text, "statements").items()]
    assert statements == [
        ("statement-spoke-about-border-about-trade", '"We spoke about the border and about trade'),
        ("statement-spoke-about-border-about-trade-2", '"We spoke about the border and about trade'),
        ("statement-talks-useful-dvorak-adding-sides", '"The talks were useful'),
        ("statement-talks-useful-dvorak-adding-sides-2", '"The talks were useful'),
        ("statement-will-meet-again-weber-adding", '"We will meet again'),  # "adding:" and a quotation: one statement
        ("statement-weber-welcomed-arrangement-agreed-regional", "Weber welcomed the arrangement agreed at the regional council last month."),
    ]
    assert text.count("# guess: a second statement of the sentence: 'adding …' after the quotation, in reported speech\n") == 2
    agreements = [a["citations"][0]["exact"] for a in rows_of(text, "agreements").values()]
    assert agreements == ['"The talks were useful," said Dvorak, adding that the two sides reached agreement on fishing quotas.']
    assert len(rows_of(text, "quotes")) == 3


def test_an_agreement_below_a_judging_verb_is_what_is_judged():
    from diplofacts.loaders.drafting.parse import Grammar
    from diplofacts.loaders.passages import Span

    def reached(text: str) -> bool:
        sentence = Span(0, len(text), text)
        return Grammar(text, [sentence]).agreement(sentence, [])

    assert not reached("They welcomed the approach agreed at the March council to provide continuity.")
    assert not reached("Weber praised the accord signed by the two ministers.")
    assert reached("Weber said the two sides agreed to open a new crossing.")
    assert reached("Weber and Dvorak agreed to meet again.")


def test_two_speakers_in_one_sentence(tmp_path):
    """"Weber said …, while Dvorak stressed …" and "Alpha noted … and Beta warned …": a statement
    each; "Weber said Dvorak had told him …": Weber's only (what he said she told him); "Did Weber say
    that …?": a question, no statement."""
    seeds = dev_seeds(tmp_path, ("two-speakers.txt", "2021-05-04"))
    text = draft_text(seeds, "weber-and-dvorak-differ-on-trade")
    statements = [(s["speaker"], s["citations"][0]["exact"][:40]) for s in rows_of(text, "statements").values()]
    assert statements == [
        ("todo", "BERLIN, May 4 (Example Wire) - Chancello"),
        ("todo", "BERLIN, May 4 (Example Wire) - Chancello"),
        ("todo", "Weber said Dvorak had told him the borde"),
        ("alpha", "Alpha noted that trade had grown and Bet"),
        ("beta", "Alpha noted that trade had grown and Bet"),
    ]
    assert ("# guess: a second statement of the sentence: 'Foreign Minister Lena Dvorak stressed …', another speaker than "
            "the first's (todo)\n") in text
    assert "# guess: speaker 'beta' from \"Beta\", the subject of 'warned'\n" in text


def test_any_verb_of_a_named_speaker_with_a_that_clause_reports():
    """A verb outside the reporting list, in the past, with a named subject and a "that" clause,
    reports what they hold ("assessed that", "recalled that"); not "ensured that", "showed that"."""
    from diplofacts.loaders.drafting.parse import Grammar
    from diplofacts.loaders.passages import Span

    def reporting(text: str) -> list[tuple[str, list[str]]]:
        sentence = Span(0, len(text), text)
        return [(c.verb, [p.text for p in c.subjects]) for c in Grammar(text, [sentence]).clauses(sentence, [])
                if c.kind == "reporting"]

    assert reporting("Tomas Weber and Lena Dvorak assessed that the ties had normalized through close contacts.") == [
        ("assessed", ["Tomas Weber", "Lena Dvorak"])]
    assert reporting("Lavrov recalled that Russia had supported the plan.") == [("recalled", ["Lavrov"])]
    assert reporting("Weber ensured that the border stayed open.") == []
    assert reporting("The data showed that trade grew.") == []


def test_a_headline_printed_again_is_one_statement(tmp_path):
    """A page that prints its headline again as its first sentence: one statement, cited twice."""
    seeds = dev_seeds(tmp_path, ("headline-again.txt", "2021-05-04"))
    text = draft_text(seeds, "chancellor-tomas-weber-confirmed-that-the-border-with")
    statements = [[c["exact"] for c in s["citations"]] for s in rows_of(text, "statements").values()]
    assert statements == [
        ["Chancellor Tomas Weber confirmed that the border with Zedland would stay open",
         "Chancellor Tomas Weber confirmed that the border with Zedland would stay open."],
        ["Weber also stressed that trade with Zedland had grown."]]

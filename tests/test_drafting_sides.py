"""The sides of a meeting as the grammar gives them, on texts written for these tests
(tests/fixtures/draft_dev): a "he" that stands for the person named before, a visitor
"welcomed to" a place, a "during …" the parser hangs on the object, and the roles of a
call told in the passive ("was called by")."""
from diplofacts.loaders.draft import draft_text
from diplofacts.loaders.passages import Span

from .test_drafting import dev_seeds, rows_of


def _clauses(text: str):
    from diplofacts.loaders.drafting.parse import Grammar

    sentence = Span(0, len(text), text)
    return [(c.kind, c.meeting_kind, [p.text for p in c.subjects], [p.text for p in c.others])
            for c in Grammar(text, [sentence]).clauses(sentence, [])]


def test_pronouns_welcomes_and_passive_calls(tmp_path):
    seeds = dev_seeds(tmp_path, ("pronoun-sides.txt", "2021-05-04"))
    text = draft_text(seeds, "marren-praises-the-talks")
    meetings = {k: (m["kind"], m["status"], [(p["entity"], p["role"]) for p in m["participants"]])
                for k, m in rows_of(text, "meetings").items()}
    assert meetings == {
        # "He also met with …": he is Ivo Marren, the subject of the sentence before
        "ivo-marren-lena-dvorak-meeting": ("meeting", "held", [("ivo-marren", "participant"), ("lena-dvorak", "participant")]),
        # "hailed … as he welcomed Ivo Marren to Capital City": a visit, he the subject of the main verb
        "alpha-ivo-marren-visit": ("visit", "held", [("alpha", "participant"), ("ivo-marren", "participant")]),
        # the passive: the agent called
        "beta-alpha-phone-call": ("phone-call", "held", [("beta", "called"), ("alpha", "caller")]),
        "tomas-weber-ivo-marren-phone-call": ("phone-call", "held", [("tomas-weber", "called"), ("ivo-marren", "caller")]),
    }
    assert "'he'/'she' stands for 'Prime Minister Ivo Marren', the subject of the sentence before" in text
    assert "'he'/'she' stands for 'President Alpha', the subject of this sentence's main verb" in text


def test_a_pronoun_after_a_country_or_a_place_is_no_side(tmp_path):
    """"Zedland protested. He met Lena Dvorak": no one to stand for; no meeting."""
    seeds = dev_seeds(tmp_path, ("pronoun-no-person.txt", "2021-05-04"))
    text = draft_text(seeds, "zedland-protests")
    assert rows_of(text, "meetings") == {}


def test_during_hung_on_the_object_places_the_predicate():
    """"discussed A as well as B during a telephone conversation": the parser hangs "during" on B;
    the call is the verb's, its sides the verb's subjects."""
    found = _clauses("Foreign Minister Tomas Weber and Foreign Minister Lena Dvorak discussed issues on the global agenda, "
                     "including the border crisis, as well as bilateral relations during a telephone conversation, the "
                     "ministry reported.")
    assert ("meeting", "phone-call", ["Foreign Minister Tomas Weber", "Foreign Minister Lena Dvorak"], []) in found


def test_welcomed_to_a_place_is_a_visit_welcomed_a_pledge_is_not():
    assert ("meeting", "visit", ["President Tomas Weber"], ["Lena Dvorak"]) in _clauses(
        "President Tomas Weber welcomed Lena Dvorak to Berlin on Monday.")
    assert not [c for c in _clauses("President Tomas Weber welcomed the pledge of Zedland to Berlin.") if c[0] == "meeting"]
    assert not [c for c in _clauses("President Tomas Weber welcomed Lena Dvorak's decision.") if c[0] == "meeting"]


def test_a_purpose_an_abbreviation_and_a_capitalised_word(tmp_path):
    """"has visited the Federal Republic of Ostravia to hold talks with his counterpart": one visit,
    held (the talks its purpose, no row of their own), told again as "his first visit to the FRO
    since his election" (this visit, no earlier one); "the FRO" is the Federal Republic of
    Ostravia the text spells out; "will visit the FRO again next year" another visit, planned, not
    the one held; "member States" is a name and "has not posted the statement" says nothing: no
    statement."""
    seeds = dev_seeds(tmp_path, ("purpose-and-initials.txt", "2021-05-04"))
    text = draft_text(seeds, "weber-in-ostravia")
    meetings = {k: (m["kind"], m["status"], m.get("date"), [p["entity"] for p in m["participants"]])
                for k, m in rows_of(text, "meetings").items()}
    assert meetings == {
        "tomas-weber-federal-republic-of-ostravia-visit": ("visit", "held", None, ["tomas-weber", "federal-republic-of-ostravia"]),
        "tomas-weber-federal-republic-of-ostravia-visit-3": ("visit", "planned", "2022", ["tomas-weber", "federal-republic-of-ostravia"]),
    }
    assert "statements:" not in text
    assert len(rows_of(text, "meetings")["tomas-weber-federal-republic-of-ostravia-visit"]["citations"]) == 2


def test_visits_told_as_where_someone_is_titles_of_a_country_and_lists(tmp_path):
    """"Weber, who is on a three-day visit to Zedland, met Dvorak": the meeting told (the visit its
    setting, no row of its own); "was on a two-day Kenya visit": a visit to Kenya; "The King of Spain
    Karel IV": one side, named; "met with other regional leaders, such as presidents Ivo Marren
    (Quorland) and Anna Holt (Betania)": those named, not the countries in brackets."""
    seeds = dev_seeds(tmp_path, ("visits-and-lists.txt", "2021-05-04"))
    text = draft_text(seeds, "weber-in-zedland")
    meetings = {k: (m["kind"], [p["entity"] for p in m["participants"]]) for k, m in rows_of(text, "meetings").items()}
    assert meetings == {
        "tomas-weber-lena-dvorak-visit": ("visit", ["tomas-weber", "lena-dvorak"]),
        "omar-tessaly-kenya-visit": ("visit", ["omar-tessaly", "kenya"]),
        "karel-iv-todo-meeting": ("meeting", ["karel-iv", "todo"]),
        "lena-dvorak-ivo-marren-meeting": ("meeting", ["lena-dvorak", "ivo-marren", "anna-holt"]),
    }


def test_an_invitation_from_one_for_another_to_visit():
    """"an invitation from the King for the President to visit Xland": the President visits, not
    the King; the visit is proposed."""
    assert _clauses("The Chancellor extended an invitation from the King for the President to visit Xland.") == [
        ("meeting", "visit", ["the President"], ["Xland"])]


def test_a_trip_begun_and_a_visit_concluded():
    """"began a three-day trip to Kenya": a visit; "concluded his visit to Kenya": a visit, no
    agreement concluded; "concluded an agreement": an agreement."""
    assert _clauses("President Tomas Weber began a three-day trip to Kenya on Monday.") == [
        ("meeting", "visit", ["President Tomas Weber"], ["Kenya"])]
    assert _clauses("Tomas Weber concluded his visit to Kenya.") == [("meeting", "visit", ["Tomas Weber"], ["Kenya"])]
    assert _clauses("Tomas Weber concluded an agreement with Kenya.") == [
        ("agreement", "", ["Tomas Weber"], ["an agreement"])]


def test_their_talks_with_someone_are_the_subjects():
    """"Weber and Dvorak described their talks with Marren as candid": talks of Weber and Dvorak
    with Marren (the possessive stands for the verb's subjects); "his meeting with …" likewise."""
    assert ("meeting", "talks", ["Tomas Weber", "Lena Dvorak"], ["Ivo Marren"]) in _clauses(
        "Tomas Weber and Lena Dvorak described their talks with Ivo Marren as candid.")
    assert ("meeting", "meeting", ["Tomas Weber"], ["Lena Dvorak"]) in _clauses(
        "Tomas Weber hailed his meeting with Lena Dvorak as a success.")


def test_called_on_in_person_and_called_on_to_act(tmp_path):
    """"called on President Tomas Weber in Berlin" and "paid a courtesy call on …": visits, in
    person, not phone calls; "called on Ivo Marren to reopen the border": an appeal (a statement),
    no meeting; "called Ivo Marren on Tuesday" (parsed as if naming him): a phone call."""
    seeds = dev_seeds(tmp_path, ("called-on.txt", "2021-05-04"))
    text = draft_text(seeds, "dvorak-calls-on-weber")
    meetings = {k: (m["kind"], [p["entity"] for p in m["participants"]]) for k, m in rows_of(text, "meetings").items()}
    assert meetings == {
        "lena-dvorak-tomas-weber-visit": ("visit", ["lena-dvorak", "tomas-weber"]),
        "lena-dvorak-ivo-marren-visit": ("visit", ["lena-dvorak", "ivo-marren"]),
        "anna-holt-ivo-marren-phone-call": ("phone-call", ["anna-holt", "ivo-marren"]),
    }
    assert [s["citations"][0]["exact"] for s in rows_of(text, "statements").values()] == [
        "Chancellor Anna Holt called on Ivo Marren to reopen the border."]

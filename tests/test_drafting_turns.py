"""A transcript told in turns (tests/fixtures/draft_dev/briefing-turns.txt, written for these
tests): in a speaker's turn "I" is that speaker, "I told …", "I expressed …" are statements and
"I just held a telephone talk with …" a call of theirs; "I believe it was …" (their opinion as they
speak), a questioner's turn ("Reporter: … Did Chancellor Weber say anything …?") and the writer's
voice after a dateline ("CAPITAL CITY: In my view…") are not."""
from diplofacts.loaders.draft import draft_text
from diplofacts.loaders.drafting.turns import is_transcript, speaker_name, turn_at

from .test_drafting import dev_seeds, rows_of


def test_first_person_in_a_speakers_turn(tmp_path):
    seeds = dev_seeds(tmp_path, ("briefing-turns.txt", "2021-05-04"))
    text = draft_text(seeds, "press-briefing-by-foreign-minister-lena-dvorak")
    meetings = {k: (m["kind"], [p["entity"] for p in m["participants"]]) for k, m in rows_of(text, "meetings").items()}
    assert meetings == {"lena-dvorak-tomas-weber-phone-call": ("phone-call", ["lena-dvorak", "tomas-weber"])}
    assert ("'I' is 'Ms. Lena Dvorak, Minister for Foreign Affairs', who speaks in this turn of the transcript; "
            "'Lena Dvorak' is no known entity: 'lena-dvorak' proposed") in text
    statements = [s["citations"][0]["exact"] for s in rows_of(text, "statements").values()]
    assert statements == ["I told Chancellor Weber that Zedland supports the border agreement.",
                          "I expressed our intention to work closely with Ostravia."]


def test_turns_labels_datelines_and_questioners():
    text = "Minister Motegi: I held a call.\nReporter: How long?\nISLAMABAD: Khan said.\nMr. MOTEGI Toshimitsu, Minister: Yes."
    assert is_transcript(text)
    assert turn_at(text, text.index("I held")).text == "Minister Motegi"
    assert turn_at(text, text.index("How long")) is None  # who asks
    assert turn_at(text, text.index("Khan said")) is None  # a dateline
    assert speaker_name("Mr. MOTEGI Toshimitsu, Minister for Foreign Affairs") == "MOTEGI Toshimitsu"
    assert speaker_name("Minister Motegi") == "Motegi"
    assert not is_transcript("ISLAMABAD: Prime Minister Imran Khan said on Tuesday …\nHe added: nothing.")

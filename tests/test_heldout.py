"""The held-out drafting set (issue 26) holds together, and its matcher scores as documented.

No drafter is run here: the figures themselves are `make bench-heldout`'s, not assertions."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from benchmarks.heldout_bench import HELDOUT, Candidate, Gold, documents, match, overlaps, parse_draft, tally

ROOT = Path(__file__).resolve().parent.parent
DOCS = documents()


def _seed_fact_ids() -> set[str]:
    ids = set()
    for path in (ROOT / "seeds" / "facts").glob("*.yaml"):
        for records in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).values():
            ids.update(r["id"] for r in records or [])
    return ids


SEED_FACTS = _seed_fact_ids()
ENTITIES = {e["id"] for e in yaml.safe_load((ROOT / "seeds" / "entities.yaml").read_text(encoding="utf-8"))["entities"]}


def _gold_file(doc_id: str) -> dict:
    return yaml.safe_load((HELDOUT / "gold" / f"{doc_id}.yaml").read_text(encoding="utf-8"))


def test_the_set_is_large_enough_and_split_in_rounds():
    assert len(DOCS) >= 8
    assert sum(1 for d in DOCS if d.round == 1) >= 6
    assert any(d.round == 2 for d in DOCS)
    assert sum(1 for d in DOCS if d.round == 3) >= 6  # added after the drafter of issue 26 (main at 83188b3)
    assert sum(1 for d in DOCS if d.round == 4) >= 6  # added while the drafter's next round was under way (benchmarks/heldout/README.md)
    assert sum(1 for d in DOCS if d.round == 5) >= 8  # reaches past the seeds' topic (benchmarks/heldout/README.md)
    rounds = sorted({d.round for d in DOCS})
    assert rounds == list(range(1, len(rounds) + 1)), "rounds are numbered 1, 2, 3, … without gaps"
    ids = [d.id for d in DOCS]
    assert ids == sorted(ids) and [int(i[:2]) for i in ids] == list(range(1, len(ids) + 1)), "documents numbered 01, 02, … in order"
    assert all(a.round <= b.round for a, b in zip(DOCS, DOCS[1:], strict=False)), "a later document never belongs to an earlier round"
    assert len({d.url for d in DOCS}) == len(DOCS)
    gold_files = {p.stem for p in (HELDOUT / "gold").glob("*.yaml")}
    assert gold_files == {d.id for d in DOCS}


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.id[:2])
def test_document_matches_its_sha256(doc):
    assert hashlib.sha256(doc.path.read_bytes()).hexdigest() == doc.sha256


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.id[:2])
def test_gold_is_anchored_in_its_document(doc):
    text = doc.path.read_text(encoding="utf-8")
    data = _gold_file(doc.id)
    assert data["document"] == doc.id
    local = [f["id"] for f in data["facts"]]
    assert len(local) == len(set(local)), "gold ids repeat"
    for fact in data["facts"]:
        assert fact["kind"] in ("meeting", "statement", "quote", "agreement"), fact["id"]
        assert fact["evidence"], fact["id"]
        for excerpt in fact["evidence"]:
            assert excerpt in text, f"{fact['id']}: evidence not in the document: {excerpt[:60]!r}"
        if fact["kind"] == "quote":
            assert all(fact["text"] in e for e in fact["evidence"]), f"{fact['id']}: quote text outside its evidence"
        if fact.get("role") is not None:
            assert fact["role"] == "echoes" and fact["kind"] == "quote" and fact.get("known"), fact["id"]
    for claim in data.get("claims") or []:
        assert claim["evidence"] in text
        assert claim["disagreement"] in SEED_FACTS


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.id[:2])
def test_gold_names_what_exists(doc):
    data = _gold_file(doc.id)
    local = {f["id"] for f in data["facts"]}

    def entity(value, where):
        if isinstance(value, dict):  # a plain name: {name: …}
            assert set(value) == {"name"} and value["name"].strip(), where
        else:
            assert value in ENTITIES, f"{where}: {value!r} is no entity in seeds/entities.yaml (write {{name: …}})"

    for fact in data["facts"]:
        where = f"{doc.id}:{fact['id']}"
        if fact.get("known"):
            assert fact["known"] in SEED_FACTS, f"{where}: known {fact['known']!r} is no fact of seeds/facts"
        for link in ("meeting", "statement"):
            if fact.get(link):
                ref = fact[link]
                assert ref[len("gold:"):] in local if ref.startswith("gold:") else ref in SEED_FACTS, where
        if "speaker" in fact:
            entity(fact["speaker"], where)
        for p in fact.get("participants") or []:
            entity({"name": p["name"]} if "name" in p else p["entity"], where)
        for p in fact.get("parties") or []:
            entity(p, where)


DRAFT = """\
# Draft facts for source 'x' (X), made by `facts draft` from its text.
# Published: 2021-09-14.
# New names no entity covers (add those that matter to entities.yaml):
#   Tuesday (1)
# Already curated: these passages report facts the seeds hold. Cite them there instead of a new row:
#   meeting 'call-1':
#     - source: x
#       exact: Putin called Khan on Tuesday and they spoke about
#         Afghanistan at length.
#   statement 'said-1':
#     - source: x
#       exact: Khan said peace mattered.
#   statement 'said-2':
#     - source: x
#       exact: Something else entirely here.
meetings:
# guess: participants
- id: todo
  citations:
  - source: x
    exact: Putin called Khan on Tuesday and they spoke about Afghanistan at length.
  - source: x
    exact: The two leaders had spoken in August too.
statements:
- id: todo-2
  citations:
  - source: x
    exact: Khan said peace mattered.
- id: todo-3
  citations:
  - source: x
    exact: Putin said the region needed calm.
quotes:
- id: todo-4
  text: peace
  citations:
  - source: x
    exact: 'Khan said "peace" mattered.'
agreements:
- id: todo-5
  citations:
  - source: x
    exact: They agreed to meet again.
"""


def test_parse_draft_reads_rows_and_known_notes():
    cands = parse_draft(DRAFT)
    assert [(c.kind, c.known) for c in cands] == [
        ("meeting", None), ("statement", None), ("statement", None), ("quote", None), ("agreement", None),
        ("meeting", "call-1"), ("statement", "said-1"), ("statement", "said-2")]
    assert cands[0].excerpts == ["Putin called Khan on Tuesday and they spoke about Afghanistan at length.",
                                 "The two leaders had spoken in August too."]
    assert cands[5].excerpts == ["Putin called Khan on Tuesday and they spoke about Afghanistan at length."]


def test_matcher_on_a_hand_made_draft():
    gold = [
        Gold("m", "meeting", ["Putin called Khan on Tuesday", "The two leaders had spoken"], known="call-1"),
        Gold("s", "statement", ["Khan said peace mattered."], known="said-1"),
        Gold("q", "quote", ['Khan said "peace" mattered.']),
        Gold("a", "agreement", ["They agreed to meet again."]),
        Gold("n", "statement", ["Nobody drafted this one at all."]),
    ]
    scored = match(gold, parse_draft(DRAFT))
    # the known meeting is found by its proposal (not by the new meeting row, a duplicate); the
    # known statement by its proposal; the first statement row, which repeats it, is a duplicate;
    # the second statement row matches nothing (1 of the shorter's words shared): noise, as is
    # the proposal to cite 'said-2', which no gold fact names.
    assert scored.found() == {0, 1, 2, 3}
    assert sorted(scored.assigned) == [3, 4, 5, 6]
    assert scored.duplicates == {0, 1}
    rows = tally([scored])
    assert rows["all"] == {"gold": 5, "found": 4, "recall": 0.8, "candidates": 8, "worth_keeping": 4,
                           "precision": 0.5, "duplicates": 2, "gold_known": 2, "found_known": 2,
                           "gold_new": 3, "found_new": 2, "gold_echoes": 0, "found_echoes": 0}
    assert rows["statement"]["candidates"] == 4 and rows["statement"]["worth_keeping"] == 1
    assert rows["meeting"]["duplicates"] == 1 and rows["statement"]["duplicates"] == 1


def test_matching_is_one_to_one_per_excerpt_and_maximal():
    gold = [Gold("a", "statement", ["alpha beta gamma delta"]), Gold("b", "statement", ["alpha beta"])]
    # the first candidate fits both; the second only 'a': a maximum matching gives each one
    cands = [Candidate("statement", ["alpha beta gamma delta"]), Candidate("statement", ["gamma delta"])]
    scored = match(gold, cands)
    assert scored.found() == {0, 1} and len(scored.assigned) == 2
    # two candidates for one excerpt: only one is worth keeping
    twice = match([Gold("a", "statement", ["alpha beta"])], [Candidate("statement", ["alpha beta"])] * 2)
    assert len(twice.assigned) == 1
    # a fact with two excerpts takes two candidates (two citations)
    two = match([Gold("a", "statement", ["alpha beta", "gamma delta"])],
                [Candidate("statement", ["alpha beta"]), Candidate("statement", ["gamma delta"])])
    assert len(two.assigned) == 2 and two.found() == {0}


def test_overlap_rule():
    assert overlaps("Khan said peace mattered.", "Khan said peace mattered")
    assert overlaps("a b c d", "a b x y z")           # 2 of the shorter's 4 words
    assert not overlaps("a b c d", "a x y z")         # 1 of 4
    assert overlaps("“quoted” words", '"quoted" words here')  # curly and straight quotes alike
    assert not overlaps("", "anything")

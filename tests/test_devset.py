"""The development set (benchmarks/devset): each document matches its registered SHA-256, each gold
file names its document, and each evidence excerpt is a verbatim substring of it. No drafting."""
from __future__ import annotations

import hashlib

import pytest
import yaml

from benchmarks.heldout_bench import KINDS, ROOT, documents

DEVSET = ROOT / "benchmarks" / "devset"
DOCS = documents(DEVSET)


def test_the_set_has_a_studied_and_a_check_group():
    assert len(DOCS) >= 10
    assert {d.round for d in DOCS} == {1, 2}


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.id)
def test_document_and_gold_agree(doc):
    data = doc.path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == doc.sha256
    text = data.decode("utf-8")
    gold = yaml.safe_load((DEVSET / "gold" / f"{doc.id}.yaml").read_text(encoding="utf-8"))
    assert gold["document"] == doc.id
    for fact in doc.gold:
        assert fact.kind in KINDS
        assert fact.evidence, fact.id
        for excerpt in fact.evidence:
            assert excerpt in text, (fact.id, excerpt)

"""A deterministic synthetic corpus in the project's own seeds format, at any size.

    python benchmarks/generate.py 200000 /tmp/bench-200k [--format yaml|jsonl]

One source of ~3-4 KB per 20 facts; facts of every kind with 1-3 citations (the others from
nearby sources, as reports of one event sit together in an archive) whose excerpts are
sentences taken verbatim from the generated sources (each sentence is unique, so no
excerpt needs a prefix). YAML files hold 1,000 facts each (the curators' format); JSON Lines
files hold 20,000 (the bulk format). The same seed and size always give the same bytes.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
from pathlib import Path

import yaml

FACTS_PER_SOURCE = 20
SENTENCES_PER_SOURCE = 40
WORDS = ["minister", "president", "talks", "cooperation", "security", "trade", "energy", "region", "summit", "visit", "agreement", "pipeline", "border", "dialogue", "support", "council", "delegation", "counterpart", "bilateral", "relations", "stability", "humanitarian", "economic", "partnership", "sanctions", "corridor", "railway", "port", "investment", "statement", "readout", "spokesperson", "capital", "envoy"]
KINDS = ("meeting", "statement", "agreement", "quote")
# Topic words: each source mentions two, the first-ranked ones far more often (Zipf), so a
# search finds a realistic share of the archive; the WORDS above occur in every source.
SYLLABLES = ["ka", "ro", "vi", "tel", "mar", "zen", "dor", "lu", "pa", "shi", "an", "bek", "ost", "ira", "vel", "nu"]
TOPICS = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in ("n", "r", "sk")][:600]
TOPIC_WEIGHTS = [1 / (rank + 1) for rank in range(len(TOPICS))]
ENTITIES = 500
NEARBY = 25  # a fact's other citations come from sources within this distance of its own


def sentence(rng: random.Random, tag: str) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 18))]
    return f"The {tag} {' '.join(words)}."


def source_text(rng: random.Random, index: int) -> tuple[str, list[str]]:
    sentences = [sentence(rng, f"s{index}x{j}") for j in range(SENTENCES_PER_SOURCE)]
    for j, topic in enumerate(rng.choices(TOPICS, TOPIC_WEIGHTS, k=2)):
        sentences[5 + j] = sentences[5 + j][:-1] + f" in {topic.capitalize()}."
    quoted = [f'Envoy{index}q{j} said: "We {" ".join(rng.choice(WORDS) for _ in range(8))}."' for j in range(8)]
    body = sentences[:20] + quoted + sentences[20:]
    return f"Report {index}\n\n" + " ".join(body) + "\n", sentences + quoted


def fact(rng: random.Random, n: int, n_sources: int, pools: dict[int, list[str]]) -> dict:
    kind = KINDS[n % 4]
    home = (n // FACTS_PER_SOURCE) % n_sources
    # other reports of the same event are nearby reports, as in a real archive
    cited = [home] + [(home + rng.randint(-NEARBY, NEARBY)) % n_sources for _ in range(rng.randint(0, 2))]
    citations = []
    for s in dict.fromkeys(cited):
        pool = pools.get(s)
        if pool is None:
            continue
        pick = pool[rng.randrange(len(pool))] if kind != "quote" else pool[40 + rng.randrange(8)]
        citations.append({"source": f"src-{s}", "exact": pick})
    day = 1 + n % 28
    record: dict = {"type": kind, "id": f"{kind}-{n}", "date": f"2021-{1 + n % 12:02d}-{day:02d}",
                    "date_basis": "stated", "citations": citations}
    a, b = f"entity-{rng.randrange(ENTITIES)}", f"entity-{rng.randrange(ENTITIES)}"
    if kind == "meeting":
        record.update(kind="phone-call", mode="phone", summary=f"Call number {n}.", cameo="041",
                      plover_type="CONSULT",
                      participants=[{"entity": a, "role": "caller"}] + ([{"entity": b, "role": "called"}] if b != a else []))
    elif kind == "statement":
        record.update(speaker=a, summary=f"Statement number {n}.", cameo="010")
    elif kind == "agreement":
        record.update(parties=sorted({a, b}), summary=f"Agreement number {n}.", cameo="030", plover_type="AGREE")
    else:
        # the quoted words of the chosen sentence, verbatim, and only sources that print them
        text = citations[0]["exact"].split(': "', 1)[1].rstrip('"')
        record.update(speaker=a, text=text)
        record["citations"] = [c for c in citations if text in c["exact"]]
    return record


def generate(size: int, out: Path, fmt: str = "yaml", seed: int = 2021) -> Path:
    rng = random.Random(seed)
    n_sources = max(1, size // FACTS_PER_SOURCE)
    (out / "sources").mkdir(parents=True, exist_ok=True)
    (out / "facts").mkdir(exist_ok=True)
    pools: dict[int, list[str]] = {}
    with (out / "sources.jsonl").open("w") as registry:
        for i in range(n_sources):
            text, pool = source_text(rng, i)
            pools[i] = pool
            data = text.encode()
            (out / "sources" / f"src-{i}.txt").write_bytes(data)
            registry.write(json.dumps({"id": f"src-{i}", "file": f"src-{i}.txt", "sha256": hashlib.sha256(data).hexdigest(),
                                       "title": f"Report {i}", "language": "en", "kind": "news-report"}) + "\n")
    entities = [{"id": f"entity-{i}", "name": f"Entity {i}", "kind": "person", "aliases": [f"E{i}"]} for i in range(ENTITIES)]
    (out / "entities.yaml").write_text(yaml.safe_dump({"entities": entities}, sort_keys=False))
    per_file = 1000 if fmt == "yaml" else 20000
    for start in range(0, size, per_file):
        records = [fact(rng, n, n_sources, pools) for n in range(start, min(size, start + per_file))]
        name = out / "facts" / f"part-{start // per_file:05d}.{fmt}"
        if fmt == "jsonl":
            name.write_text("".join(json.dumps(r) + "\n" for r in records))
        else:
            sections: dict[str, list] = {}
            for r in records:
                sections.setdefault(f"{r.pop('type')}s", []).append(r)
            name.write_text(yaml.dump(sections, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, allow_unicode=True))
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--format", choices=("yaml", "jsonl"), default="yaml")
    args = parser.parse_args()
    generate(args.size, args.out, args.format)

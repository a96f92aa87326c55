"""A deterministic synthetic corpus in the project's own seeds format, at any size.

    python benchmarks/generate.py 200000 /tmp/bench-200k [--format yaml|jsonl] [--realistic]

One source of ~3-4 KB per 20 facts; facts of every kind with 1-3 citations (the others from
nearby sources, as reports of one event sit together in an archive) whose excerpts are
sentences taken verbatim from the generated sources (each sentence is unique, so no
excerpt needs a prefix). YAML files hold 1,000 facts each (the curators' format); JSON Lines
files hold 20,000 (the bulk format). The same seed and size always give the same bytes.

With --realistic the corpus is harder on the build and the site, still deterministic (and
the default output is unchanged, byte for byte):

- a fact's other citations come from any source (uniform), so a cache of source texts
  rarely hits;
- summaries are 15-30 words drawn with Zipf weights from 20,000 synthetic words made of
  syllables, not "Call number N.";
- 1 source in 10 repeats 2-3 of its sentences verbatim elsewhere in its text, and a
  citation of such a source cites a repeated sentence half the time: that excerpt occurs
  twice, so the citation carries a `prefix` (the words just before the occurrence it means,
  as few as make prefix + excerpt unique in the source). About 5% of citations need one.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
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
# --realistic: a vocabulary of syllable words for summaries, drawn with Zipf weights
VOCABULARY = sorted({a + b + c + d for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES for d in ("", *SYLLABLES)})
random.Random(7).shuffle(VOCABULARY)
VOCABULARY = VOCABULARY[:20000]
VOCABULARY_CUM = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(VOCABULARY))))
REPEATING_SOURCES = 0.1  # share of sources that repeat some sentences verbatim
CITE_REPEATED = 0.5  # chance that a citation of such a source cites a repeated sentence


def sentence(rng: random.Random, tag: str) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 18))]
    return f"The {tag} {' '.join(words)}."


def source_text(rng: random.Random, index: int, realistic: bool = False) -> tuple[str, list[str], dict[int, list[str]]]:
    """The text, its citable sentences (40 plain, then 8 quoted), and for each sentence that
    occurs more than once (--realistic only), the prefix that singles out each occurrence."""
    sentences = [sentence(rng, f"s{index}x{j}") for j in range(SENTENCES_PER_SOURCE)]
    for j, topic in enumerate(rng.choices(TOPICS, TOPIC_WEIGHTS, k=2)):
        sentences[5 + j] = sentences[5 + j][:-1] + f" in {topic.capitalize()}."
    quoted = [f'Envoy{index}q{j} said: "We {" ".join(rng.choice(WORDS) for _ in range(8))}."' for j in range(8)]
    body = sentences[:20] + quoted + sentences[20:]
    pool = sentences + quoted
    repeated: list[int] = []
    if realistic and rng.random() < REPEATING_SOURCES:
        repeated = rng.sample(range(len(pool)), rng.randint(2, 3))
        for i in repeated:
            body.insert(rng.randrange(len(body) + 1), pool[i])
    text = f"Report {index}\n\n" + " ".join(body) + "\n"
    return text, pool, {i: occurrence_prefixes(text, pool[i]) for i in repeated}


def occurrence_prefixes(text: str, exact: str) -> list[str]:
    """For each occurrence of ``exact``, the fewest whole words just before it (with the
    space that follows them) that make prefix + exact occur once in ``text``. Occurrences
    may overlap (a sentence printed twice in a row, after one that ends the same way), so
    uniqueness is checked with ``find``, as the build's anchoring does, not ``count``."""
    prefixes = []
    start = text.find(exact)
    while start >= 0:
        cut = start
        while True:
            cut = text.rfind(" ", 0, max(cut - 1, 0)) + 1  # back to the start of the word before
            prefix = text[cut:start]
            first = text.find(prefix + exact)
            if text.find(prefix + exact, first + 1) < 0:  # once, overlapping occurrences counted
                break
            if cut == 0:
                raise AssertionError(f"{exact!r} repeats even with all the text before it")
        prefixes.append(prefix)
        start = text.find(exact, start + 1)
    return prefixes


def summary(rng: random.Random) -> str:
    words = rng.choices(VOCABULARY, cum_weights=VOCABULARY_CUM, k=rng.randint(15, 30))
    return " ".join(words).capitalize() + "."


def fact(rng: random.Random, n: int, n_sources: int, pools: dict[int, list[str]],
         repeats: dict[int, dict[int, list[str]]] | None = None, realistic: bool = False) -> dict:
    kind = KINDS[n % 4]
    home = (n // FACTS_PER_SOURCE) % n_sources
    if realistic:
        # other reports of the same event anywhere in the archive
        cited = [home] + [rng.randrange(n_sources) for _ in range(rng.randint(0, 2))]
    else:
        # other reports of the same event are nearby reports, as in a real archive
        cited = [home] + [(home + rng.randint(-NEARBY, NEARBY)) % n_sources for _ in range(rng.randint(0, 2))]
    citations = []
    for s in dict.fromkeys(cited):
        pool = pools.get(s)
        if pool is None:
            continue
        # sentences this source prints twice (--realistic), each with its occurrences' prefixes
        twice = {i: p for i, p in (repeats or {}).get(s, {}).items() if kind != "quote" or i >= 40}
        if twice and rng.random() < CITE_REPEATED:
            i = rng.choice(sorted(twice))
        else:
            i = rng.randrange(len(pool)) if kind != "quote" else 40 + rng.randrange(8)
        citation = {"source": f"src-{s}", "exact": pool[i]}
        if i in twice:
            citation["prefix"] = rng.choice(twice[i])
        citations.append(citation)
    day = 1 + n % 28
    record: dict = {"type": kind, "id": f"{kind}-{n}", "date": f"2021-{1 + n % 12:02d}-{day:02d}",
                    "date_basis": "stated", "citations": citations}
    a, b = f"entity-{rng.randrange(ENTITIES)}", f"entity-{rng.randrange(ENTITIES)}"
    if kind == "meeting":
        record.update(kind="phone-call", mode="phone", summary=summary(rng) if realistic else f"Call number {n}.", cameo="041",
                      plover_type="CONSULT",
                      participants=[{"entity": a, "role": "caller"}] + ([{"entity": b, "role": "called"}] if b != a else []))
    elif kind == "statement":
        record.update(speaker=a, summary=summary(rng) if realistic else f"Statement number {n}.", cameo="010")
    elif kind == "agreement":
        record.update(parties=sorted({a, b}), summary=summary(rng) if realistic else f"Agreement number {n}.",
                      cameo="030", plover_type="AGREE")
    else:
        # the quoted words of the chosen sentence, verbatim, and only sources that print them
        text = citations[0]["exact"].split(': "', 1)[1].rstrip('"')
        record.update(speaker=a, text=text)
        record["citations"] = [c for c in citations if text in c["exact"]]
    return record


def generate(size: int, out: Path, fmt: str = "yaml", seed: int = 2021, realistic: bool = False) -> Path:
    rng = random.Random(seed)
    n_sources = max(1, size // FACTS_PER_SOURCE)
    (out / "sources").mkdir(parents=True, exist_ok=True)
    (out / "facts").mkdir(exist_ok=True)
    pools: dict[int, list[str]] = {}
    repeats: dict[int, dict[int, list[str]]] = {}
    with (out / "sources.jsonl").open("w") as registry:
        for i in range(n_sources):
            text, pool, twice = source_text(rng, i, realistic)
            pools[i] = pool
            if twice:
                repeats[i] = twice
            data = text.encode()
            (out / "sources" / f"src-{i}.txt").write_bytes(data)
            registry.write(json.dumps({"id": f"src-{i}", "file": f"src-{i}.txt", "sha256": hashlib.sha256(data).hexdigest(),
                                       "title": f"Report {i}", "language": "en", "kind": "news-report"}) + "\n")
    entities = [{"id": f"entity-{i}", "name": f"Entity {i}", "kind": "person", "aliases": [f"E{i}"]} for i in range(ENTITIES)]
    (out / "entities.yaml").write_text(yaml.safe_dump({"entities": entities}, sort_keys=False))
    per_file = 1000 if fmt == "yaml" else 20000
    for start in range(0, size, per_file):
        records = [fact(rng, n, n_sources, pools, repeats, realistic) for n in range(start, min(size, start + per_file))]
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
    parser.add_argument("--realistic", action="store_true",
                        help="citations from any source, long Zipf-worded summaries, repeated sentences cited with a prefix")
    args = parser.parse_args()
    generate(args.size, args.out, args.format, realistic=args.realistic)

"""Held-out evaluation of `facts draft` (issue 26): recall and precision per kind on public reports
the drafter was not written against, scored against gold facts written by hand before drafting.

    .venv/bin/python -m benchmarks.heldout_bench            # the table, per round and both
    .venv/bin/python -m benchmarks.heldout_bench --json     # the same figures as JSON
    .venv/bin/python -m benchmarks.heldout_bench --set benchmarks/devset   # another set, same layout

For each document of benchmarks/heldout/documents.yaml: copy seeds/ to a temporary folder,
register the document there, run the venv's `facts draft` on it, read the draft and match its
candidates to the document's gold facts (benchmarks/heldout/README.md says how). Prints only
figures: neither the documents' text nor the gold, so that whoever improves the drafter can run
it without reading them. Standard library, PyYAML and nothing else.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "benchmarks" / "heldout"
KINDS = ("meeting", "statement", "quote", "agreement")
SECTIONS = {f"{kind}s": kind for kind in KINDS}
# documents.yaml's kinds of document, as the Source model names them (schema/sources.py)
SOURCE_KIND = {"wire": "news-report", "news-report": "news-report", "readout": "official-readout",
               "analysis": "analysis"}
KNOWN_LINE = re.compile(r"^#   (\w+) '([^']+)':\s*$")
_WORD = re.compile(r"\w+")
_SAME = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


# -- the held-out set -------------------------------------------------------------------------

@dataclass
class Gold:
    id: str
    kind: str
    evidence: list[str]
    known: str | None = None
    echoes: bool = False


@dataclass
class Document:
    id: str
    path: Path
    sha256: str
    round: int
    published: str | None
    kind: str
    url: str
    publisher: str
    gold: list[Gold]


def documents(heldout: Path = HELDOUT) -> list[Document]:
    registry = yaml.safe_load((heldout / "documents.yaml").read_text(encoding="utf-8"))["documents"]
    out = []
    for entry in registry:
        gold_file = yaml.safe_load((heldout / "gold" / f"{entry['id']}.yaml").read_text(encoding="utf-8"))
        gold = [Gold(f["id"], f["kind"], list(f["evidence"]), f.get("known"), f.get("role") == "echoes")
                for f in gold_file["facts"]]
        published = entry.get("published")
        out.append(Document(entry["id"], heldout / entry["file"], entry["sha256"], int(entry["round"]),
                            str(published) if published else None, entry["kind"], entry["url"],
                            entry["publisher"], gold))
    return out


# -- reading a draft --------------------------------------------------------------------------

@dataclass
class Candidate:
    kind: str
    excerpts: list[str]
    known: str | None = None  # the fact id of a proposal to cite an already curated fact


def parse_draft(text: str) -> list[Candidate]:
    """The candidates of a draft written by `facts draft`: the rows of its sections `meetings:`,
    `statements:`, `quotes:`, `agreements:`, then the proposals to cite facts already curated,
    read from the header lines after '# Already curated: ...' (`#   <kind> '<id>':` followed by
    the commented citation `#     - source: ...` / `#       exact: ...`)."""
    candidates: list[Candidate] = []
    body = yaml.safe_load(text) or {}
    for section, kind in SECTIONS.items():
        for row in body.get(section) or []:
            candidates.append(Candidate(kind, [c["exact"] for c in row.get("citations") or [] if c.get("exact")]))
    notes: list[tuple[str, str, list[str]]] = []
    in_known = False
    for line in text.splitlines():
        if not line.startswith("#"):
            break  # the header ends at the first line that is not a comment
        if line.startswith("# Already curated"):
            in_known = True
            continue
        if not in_known:
            continue
        head = KNOWN_LINE.match(line)
        if head:
            notes.append((head.group(1), head.group(2), []))
        elif line.startswith("#     ") and notes:
            rest = line[len("#     "):]
            if rest.startswith(("- ", "  ")):  # the citation; other lines (an `upgrade:` note) are for the curator
                notes[-1][2].append(rest)
        else:
            in_known = False
    for kind, fact_id, lines in notes:
        citations = yaml.safe_load("\n".join(lines)) or []
        candidates.append(Candidate(kind, [c["exact"] for c in citations if c.get("exact")], known=fact_id))
    return candidates


# -- matching ---------------------------------------------------------------------------------

def _normal(text: str) -> str:
    return " ".join(text.translate(_SAME).casefold().split())


def similarity(a: str, b: str) -> float:
    """1 when one excerpt contains the other (case, spacing and curly quotes aside), else the
    share of the shorter's words that are in the longer."""
    na, nb = _normal(a), _normal(b)
    if not na or not nb:
        return 0.0
    if na in nb or nb in na:
        return 1.0
    wa, wb = set(_WORD.findall(na)), set(_WORD.findall(nb))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def overlaps(a: str, b: str) -> bool:
    """One excerpt contains the other, or at least half of the shorter's words are in the longer."""
    return similarity(a, b) >= 0.5


def eligible(candidate: Candidate, gold: Gold) -> bool:
    if gold.known:
        return candidate.known == gold.known
    return candidate.known is None and candidate.kind == gold.kind


@dataclass
class Scored:
    gold: list[Gold]
    candidates: list[Candidate]
    assigned: dict[int, tuple[int, int]] = field(default_factory=dict)  # candidate -> (gold, evidence)
    duplicates: set[int] = field(default_factory=set)  # candidates: new rows for a fact the seeds hold

    def found(self) -> set[int]:
        return {g for g, _ in self.assigned.values()}


def match(gold: list[Gold], candidates: list[Candidate]) -> Scored:
    """A maximum one-to-one matching of candidates to gold evidence excerpts: Kuhn's augmenting
    paths, the candidates with the closest excerpt tried first (ties in draft order), each one's
    excerpts the most similar first (ties in gold order), so a draft always scores the same. Then the duplicate proposals among the
    unmatched new rows."""
    slots = [(g, e) for g, fact in enumerate(gold) for e in range(len(fact.evidence))]

    def best(c: Candidate, excerpt: str) -> float:
        return max((similarity(x, excerpt) for x in c.excerpts), default=0.0)

    edges: list[list[int]] = []
    closest: list[float] = []  # each candidate's closest excerpt
    for cand in candidates:
        scored_slots = [(best(cand, gold[g].evidence[e]), s) for s, (g, e) in enumerate(slots) if eligible(cand, gold[g])]
        closest.append(max((score for score, _ in scored_slots if score >= 0.5), default=0.0))
        edges.append([s for score, s in sorted(scored_slots, key=lambda t: (-t[0], t[1])) if score >= 0.5])
    holder: dict[int, int] = {}  # slot -> candidate

    def augment(c: int, seen: set[int]) -> bool:
        for s in edges[c]:
            if s in seen:
                continue
            seen.add(s)
            if s not in holder or augment(holder[s], seen):
                holder[s] = c
                return True
        return False

    for i in sorted(range(len(candidates)), key=lambda i: (-closest[i], i)):
        augment(i, set())
    scored = Scored(gold, candidates, {c: slots[s] for s, c in holder.items()})
    for i, cand in enumerate(candidates):
        if i in scored.assigned or cand.known is not None:
            continue
        if any(fact.known and fact.kind == cand.kind and any(overlaps(x, ev) for x in cand.excerpts for ev in fact.evidence)
               for fact in gold):
            scored.duplicates.add(i)
    return scored


# -- figures ----------------------------------------------------------------------------------

def tally(scores: list[Scored]) -> dict[str, dict[str, Any]]:
    """Per kind and overall: gold, found, recall, candidates, worth keeping, precision,
    duplicate proposals; and the gold split into facts the seeds hold, new facts and echoes."""
    rows: dict[str, dict[str, Any]] = {}
    for kind in (*KINDS, "all"):
        def of(k: str, kind: str = kind) -> bool:
            return kind == "all" or k == kind
        gold = sum(1 for s in scores for f in s.gold if of(f.kind))
        found = sum(1 for s in scores for g in s.found() if of(s.gold[g].kind))
        cands = sum(1 for s in scores for c in s.candidates if of(c.kind))
        keep = sum(1 for s in scores for c in s.assigned if of(s.candidates[c].kind))
        dups = sum(1 for s in scores for c in s.duplicates if of(s.candidates[c].kind))
        rows[kind] = {"gold": gold, "found": found, "recall": _ratio(found, gold), "candidates": cands,
                      "worth_keeping": keep, "precision": _ratio(keep, cands), "duplicates": dups}
    for name, pick in (("known", lambda f: bool(f.known) and not f.echoes), ("new", lambda f: not f.known),
                       ("echoes", lambda f: f.echoes)):
        gold = sum(1 for s in scores for f in s.gold if pick(f))
        found = sum(1 for s in scores for g in s.found() if pick(s.gold[g]))
        rows["all"][f"gold_{name}"] = gold
        rows["all"][f"found_{name}"] = found
    return rows


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.0f}%"


def table(title: str, rows: dict[str, dict[str, Any]]) -> str:
    out = [f"{title}", f"{'kind':<10} {'gold':>5} {'found':>6} {'recall':>7} {'cands':>6} {'keep':>5} {'precision':>9} {'dup':>4}"]
    for kind, r in rows.items():
        out.append(f"{kind:<10} {r['gold']:>5} {r['found']:>6} {_pct(r['recall']):>7} {r['candidates']:>6} "
                   f"{r['worth_keeping']:>5} {_pct(r['precision']):>9} {r['duplicates']:>4}")
    a = rows["all"]
    out.append(f"  gold facts the seeds hold: {a['found_known']}/{a['gold_known']} found; new facts: "
               f"{a['found_new']}/{a['gold_new']}; echoes of curated quotes: {a['found_echoes']}/{a['gold_echoes']}")
    return "\n".join(out)


# -- drafting ---------------------------------------------------------------------------------

def source_id(doc: Document) -> str:
    return "heldout-" + re.sub(r"[^a-z0-9]+", "-", doc.id.lower()).strip("-")


def draft(doc: Document, seeds: Path, facts: Path) -> str:
    """Copy the seeds, register the document in the copy, run `facts draft` on it, return the draft."""
    with tempfile.TemporaryDirectory(prefix="heldout-") as tmp:
        copy = Path(tmp) / "seeds"
        shutil.copytree(seeds, copy, symlinks=True)
        data = doc.path.read_bytes()
        if hashlib.sha256(data).hexdigest() != doc.sha256:
            raise SystemExit(f"{doc.path}: sha256 differs from documents.yaml")
        name = f"heldout_{doc.id}.txt"
        (copy / "sources" / name).write_bytes(data)
        registry = yaml.safe_load((copy / "sources.yaml").read_text(encoding="utf-8"))
        entry: dict[str, Any] = {
            "id": source_id(doc), "file": name, "sha256": doc.sha256,
            "title": f"[Held-out document {doc.id}]", "publisher": doc.publisher, "url": doc.url,
            "retrieved": "2026-12-07", "language": "en", "kind": SOURCE_KIND[doc.kind],
            "notes": "Held-out evaluation document (benchmarks/heldout), registered only in a temporary copy of the seeds.",
        }
        if doc.published:
            entry["published"] = doc.published
        registry["sources"].append(entry)
        (copy / "sources.yaml").write_text(yaml.safe_dump(registry, sort_keys=False, allow_unicode=True), encoding="utf-8")
        out = Path(tmp) / "draft.yaml"
        run = subprocess.run([str(Path(facts).absolute()), "draft", source_id(doc), "--seeds", str(copy), "-o", str(out)],
                             capture_output=True, text=True, cwd=tmp)
        if run.returncode != 0:
            raise SystemExit(f"facts draft failed on {doc.id}:\n{run.stdout}{run.stderr}")
        return out.read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--set", type=Path, default=HELDOUT, dest="set_dir",
                        help="the folder of documents.yaml, documents/ and gold/ (default: benchmarks/heldout)")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--facts", type=Path, default=Path(sys.executable).parent / "facts",
                        help="the facts command (default: the one beside this Python)")
    args = parser.parse_args(argv)
    docs = documents(args.set_dir)
    scores: dict[str, Scored] = {}
    for doc in docs:
        scores[doc.id] = match(doc.gold, parse_draft(draft(doc, args.seeds, args.facts)))
    rounds = sorted({d.round for d in docs})
    groups = {f"round {r}": [scores[d.id] for d in docs if d.round == r] for r in rounds}
    groups["all rounds"] = [scores[d.id] for d in docs]
    figures = {name: tally(group) for name, group in groups.items()}
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    if args.json:
        per_document = {d.id: {"round": d.round, "gold": len(d.gold), "found": len(scores[d.id].found()),
                               "candidates": len(scores[d.id].candidates), "worth_keeping": len(scores[d.id].assigned),
                               "duplicates": len(scores[d.id].duplicates)} for d in docs}
        print(json.dumps({"commit": commit, "documents": per_document, "figures": figures}, indent=2))
    else:
        label = "Held-out drafting" if args.set_dir.resolve() == HELDOUT else f"Drafting on {args.set_dir}"
        print(f"{label}, {len(docs)} documents, commit {commit}")
        for name, rows in figures.items():
            n = len(groups[name])
            print()
            print(table(f"{name} ({n} documents)", rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

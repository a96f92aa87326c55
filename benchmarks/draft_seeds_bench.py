"""`facts draft` measured on the seeds themselves (not the held-out documents): a development
figure, to be read beside the held-out one, never instead of it.

- **As if nothing were curated**: each seed source drafted with no fact files; per kind, the
  rows and how many of them overlap an excerpt the curated facts cite from that source.
- **Leave one source out**: for each source, the seeds without its citations (a fact only it
  states dropped), then its draft. Each fact still held that the source states (or echoes) is
  a report of a curated fact: it should be proposed under `# Already curated:` as that fact
  (an echo with `role: echoes`), never as a new row nor as another fact. Counted: proposed
  right, proposed as a new row, proposed as another fact, missed; and proposals of facts the
  curators did not cite from that source (not all wrong: the curators cite one passage).

Run: `.venv/bin/python -m benchmarks.draft_seeds_bench [SEEDS]`. Prints figures only."""
from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from diplofacts.loaders.draft import draft_text

KIND = {"meetings": "meeting", "statements": "statement", "agreements": "agreement", "quotes": "quote"}


def fact_files(seeds: Path) -> dict[str, dict[str, list[dict[str, Any]]]]:
    return {p.name: yaml.safe_load(p.read_text()) or {} for p in sorted((seeds / "facts").glob("*.yaml"))}


def already_curated(text: str) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """The citations a draft proposes for curated facts, by (kind, id)."""
    blocks: dict[tuple[str, str], list[str]] = {}
    current = None
    for line in text.splitlines():
        if m := re.match(r"#   (\w+) '([^']+)':$", line):
            current = (m.group(1), m.group(2))
            blocks[current] = []
        elif current and line.startswith("#     "):
            blocks[current].append(line[6:])
        else:
            current = None
    return {k: yaml.safe_load("\n".join(x for x in v if x.startswith(("- ", "  ")))) or [] for k, v in blocks.items()}


def states(citations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in citations if c.get("role", "states") == "states"]


def blank(seeds: Path, sources: list[str], files: dict) -> dict[str, list[int]]:
    cited: dict[tuple[str, str], list[str]] = {}
    for data in files.values():
        for section, rows in data.items():
            for row in rows if section in KIND else []:
                for c in states(row.get("citations", [])):
                    cited.setdefault((c["source"], section), []).append(c["exact"])
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(seeds, Path(tmp) / "seeds", ignore=shutil.ignore_patterns("facts"))
        tally: dict[str, list[int]] = {}
        for source in sources:
            draft = yaml.safe_load(draft_text(Path(tmp) / "seeds", source)) or {}
            for section, rows in draft.items():
                counts = tally.setdefault(section, [0, 0])
                for row in rows:
                    counts[0] += 1
                    gold = cited.get((source, section), [])
                    counts[1] += any(e["exact"][:30] in g or g[:30] in e["exact"] for e in states(row["citations"]) for g in gold)
    return tally


def leave_one_out(seeds: Path, sources: list[str], files: dict) -> tuple[dict[str, int], dict[str, list[int]]]:
    total = dict.fromkeys(("reports", "right", "new row", "other fact", "missed", "echoes", "echoes right", "uncited proposals"), 0)
    by_kind: dict[str, list[int]] = {}
    for source in sources:
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(seeds, Path(tmp) / "seeds")
            gold: dict[tuple[str, str], list[dict[str, Any]]] = {}
            for name, data in files.items():
                kept: dict[str, list[dict[str, Any]]] = {}
                for section, rows in data.items():
                    if section not in KIND:
                        continue  # disagreements: not read by the drafter
                    kept[section] = []
                    for row in rows:
                        mine = [c for c in row.get("citations", []) if c["source"] == source]
                        rest = [c for c in row.get("citations", []) if c["source"] != source]
                        if not states(rest):
                            continue  # only this source states it: not curated without it
                        if mine:
                            gold[(KIND[section], row["id"])] = mine
                        kept[section].append({**row, "citations": rest})
                (Path(tmp) / "seeds" / "facts" / name).write_text(yaml.safe_dump(kept, sort_keys=False, allow_unicode=True))
            text = draft_text(Path(tmp) / "seeds", source)
        proposed = already_curated(text)
        draft = yaml.safe_load(text) or {}
        for (kind, fact), mine in gold.items():
            roles = {c.get("role", "states") for c in mine}
            if not roles & {"states", "echoes"}:
                continue  # attributions only
            counts = by_kind.setdefault(kind, [0, 0])
            counts[0] += 1
            total["reports"] += 1
            echo = "states" not in roles
            total["echoes"] += echo
            if (kind, fact) in proposed:
                counts[1] += 1
                total["right"] += 1
                total["echoes right"] += echo and any(c.get("role") == "echoes" for c in proposed[(kind, fact)])
                continue
            excerpts = [c["exact"][:40] for c in mine]
            if any(e in c["exact"] for rows in draft.values() for r in rows for c in r["citations"] for e in excerpts):
                total["new row"] += 1
            elif any(e in (c.get("exact") or "") for cs in proposed.values() for c in cs for e in excerpts):
                total["other fact"] += 1
            else:
                total["missed"] += 1
        total["uncited proposals"] += sum(1 for k in proposed if k not in gold)
    return total, by_kind


def main(seeds: Path) -> None:
    sources = [s["id"] for s in yaml.safe_load((seeds / "sources.yaml").read_text())["sources"]]
    files = fact_files(seeds)
    print("As if nothing were curated (rows overlapping a curated excerpt / rows):")
    for section, (rows, kept) in blank(seeds, sources, files).items():
        print(f"  {section:11} {kept}/{rows}")
    total, by_kind = leave_one_out(seeds, sources, files)
    print("Leave one source out (reports of facts still curated):")
    for key, value in total.items():
        print(f"  {key:18} {value}")
    for kind, (n, right) in sorted(by_kind.items()):
        print(f"  {kind:11} {right}/{n} proposed as the curated fact")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("seeds"))

"""The edit loop a curator feels, on a large generated corpus.

    python benchmarks/edit_bench.py benchmarks/out/corpus-200000-yaml [-j 2]

Measured side by side in one run, each in process through the build's own function: a full
build; one fact changed in one file (incremental); a new file of one fact (incremental); a
typo in one excerpt, reported before anything is written; a new source document (a registry
change: the full build); `facts check` of the result, everything and only what changed; and a
full build forced with --full. Prints seconds and ratios to the full build; `run.py` prints
the same in `make bench`."""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from diplofacts.loaders import BuildFailed, Tuning, build, check


def timed(fn) -> float:
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


def _edit_one_fact(text: str) -> str:
    if "summary: " in text:
        return text.replace("summary: ", "summary: Edited. ", 1)
    return text.replace('"summary": "', '"summary": "Edited. ', 1)


def _typo(text: str) -> str:
    """One word changed inside one excerpt: "The s5018x21 …" becomes "Teh s5018x21 …"."""
    if "exact: The " in text:
        return text.replace("exact: The ", "exact: Teh ", 1)
    return text.replace('"exact": "The ', '"exact": "Teh ', 1)


def _new_file(seeds: Path, suffix: str) -> Path:
    """A file of one statement citing the first sentence of the first source."""
    text = (seeds / "sources" / "src-0.txt").read_text()
    sentence = text.split("\n\n", 1)[1].split(". ", 1)[0] + "."
    fact = {"id": "statement-added", "date": "2021-05-05", "date_basis": "stated", "speaker": "entity-1",
            "summary": "A statement added by the benchmark.", "cameo": "010",
            "citations": [{"source": "src-0", "exact": sentence}]}
    path = seeds / "facts" / f"zz-added{suffix}"
    if suffix == ".jsonl":
        path.write_text(json.dumps({"type": "statement", **fact}) + "\n")
    else:
        path.write_text("statements:\n  - " + json.dumps(fact) + "\n")
    return path


def _new_source(seeds: Path) -> None:
    data = b"Report added by the benchmark\n\nThe envoy said the talks went well.\n"
    (seeds / "sources" / "src-added.txt").write_bytes(data)
    with (seeds / "sources.jsonl").open("a") as registry:
        registry.write(json.dumps({"id": "src-added", "file": "src-added.txt", "sha256": hashlib.sha256(data).hexdigest(),
                                   "title": "Report added", "language": "en", "kind": "news-report"}) + "\n")


def edit_loop(corpus: Path, jobs: int = 2) -> dict[str, float]:
    """Seconds of each step of the edit loop on a copy of ``corpus`` (see the module's doc)."""
    work = Path(tempfile.mkdtemp(prefix="edit-bench-"))
    try:
        seeds = work / "seeds"
        shutil.copytree(corpus, seeds)
        db = work / "facts.db"
        tuning = Tuning(workers=jobs, gc_off=True)
        files = sorted((seeds / "facts").glob("*.y*ml")) or sorted((seeds / "facts").glob("*.jsonl"))
        target = files[len(files) // 2]
        original = target.read_text()
        out = {"fact files": len(files)}
        out["full build"] = timed(lambda: build(seeds, db, tuning=tuning))
        out["check (everything)"] = timed(lambda: _checked(db))
        target.write_text(_edit_one_fact(original))
        out["one fact changed"] = timed(lambda: build(seeds, db, tuning=tuning))
        out["check (what changed)"] = timed(lambda: _checked(db, changed=True))
        added = _new_file(seeds, target.suffix)
        out["a file added"] = timed(lambda: build(seeds, db, tuning=tuning))
        target.write_text(_typo(original))
        before = db.stat().st_mtime_ns
        out["typo reported"] = timed(lambda: _fails(seeds, db, tuning))
        assert db.stat().st_mtime_ns == before, "a failed build touched the database"
        target.write_text(original)
        added.unlink()
        _new_source(seeds)
        out["a source added (full build)"] = timed(lambda: build(seeds, db, tuning=tuning))
        out["--full"] = timed(lambda: build(seeds, db, tuning=tuning, full=True))
        return out
    finally:
        shutil.rmtree(work)


def _checked(db: Path, changed: bool = False) -> None:
    problems = check(db, changed=changed)
    if problems:
        raise SystemExit(f"facts check found {len(problems)} problems: {problems[:3]}")


def _fails(seeds: Path, db: Path, tuning: Tuning) -> None:
    try:
        build(seeds, db, tuning=tuning)
    except BuildFailed:
        return
    raise SystemExit("the typo was not reported")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()
    out = edit_loop(args.corpus, args.jobs)
    print(f"corpus {args.corpus} ({out.pop('fact files')} fact files), {args.jobs} workers")
    for name, seconds in out.items():
        print(f"  {name:32} {seconds:7.2f} s   {seconds / out['full build']:.3f} of the full build")


if __name__ == "__main__":
    sys.exit(main())

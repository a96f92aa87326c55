"""The edit loop a curator feels: one changed fact file in a large corpus.

    python benchmarks/edit_bench.py /tmp/bench-200k

On a generated corpus (benchmarks/generate.py), measured side by side in one run: a full
build; an incremental build after one summary is edited in one file; the time until a typo
in one excerpt is reported (before anything is written); and a full build forced again.
Prints seconds and ratios; timings are this machine's, the ratios are what to compare."""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from diplofacts.loaders import BuildFailed, Tuning, build


def timed(fn) -> float:
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="edit-bench-"))
    seeds = work / "seeds"
    shutil.copytree(args.corpus, seeds)
    db = work / "facts.db"
    tuning = Tuning(workers=args.jobs, gc_off=True)
    files = sorted((seeds / "facts").glob("*.y*ml")) or sorted((seeds / "facts").glob("*.jsonl"))
    target = files[len(files) // 2]
    original = target.read_text()
    full = timed(lambda: build(seeds, db, tuning=tuning))
    target.write_text(original.replace("summary: ", "summary: Edited. ", 1) if "summary: " in original
                      else original.replace('"summary": "', '"summary": "Edited. ', 1))
    incremental = timed(lambda: build(seeds, db, tuning=tuning))
    # a typo inside one excerpt: "The s5018x21 …" becomes "Teh s5018x21 …"
    target.write_text(original.replace("exact: The ", "exact: Teh ", 1) if "exact: The " in original
                      else original.replace('"exact": "The ', '"exact": "Teh ', 1))

    def broken() -> None:
        try:
            build(seeds, db, tuning=tuning)
        except BuildFailed as failed:
            print(f"  reported: {failed.problems[0]}"[:160])
            return
        raise SystemExit("the typo was not reported")
    typo = timed(broken)
    target.write_text(original)
    forced = timed(lambda: build(seeds, db, tuning=tuning, full=True))
    print(f"corpus {args.corpus} ({len(files)} fact files), {args.jobs} workers")
    print(f"  full build                      {full:7.2f} s")
    print(f"  one file edited, incremental    {incremental:7.2f} s   ratio to full {incremental / full:.3f}")
    print(f"  typo reported (nothing written) {typo:7.2f} s   ratio to full {typo / full:.3f}")
    print(f"  full build forced (--full)      {forced:7.2f} s")
    shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main())

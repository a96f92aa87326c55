"""The last step of a build: its new database renamed over the old one and hashed for the
record the next build and check trust, one after the other (as before) and at once (the rename
while the file is read, `record_built(..., moved_from=...)`), side by side.

    .venv/bin/python -m benchmarks.record_bench DB [--rounds 3]

DB is any large database (a generated corpus's: 2.9 GB at a million facts); it is only read.
Each round copies it twice into a scratch folder beside it, as a build writes its file (not
synced: on ext4 the rename over an existing file then writes the new file's blocks), and times
both ways, their order swapped every round. Prints seconds per round, medians and the ratio."""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from diplofacts.loaders.seedsdigest import record_built


def one_after_the_other(tmp: Path, db: Path) -> str | None:
    os.replace(tmp, db)
    lineage = record_built(db)
    return lineage.sha256 if lineage else None


def at_once(tmp: Path, db: Path) -> str | None:
    lineage = record_built(db, moved_from=tmp)
    return lineage.sha256 if lineage else None


WAYS = {"rename, then hash": one_after_the_other, "rename while hashing": at_once}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    seconds: dict[str, list[float]] = {name: [] for name in WAYS}
    digests = set()
    with tempfile.TemporaryDirectory(prefix="record-bench-", dir=args.db.parent) as scratch:
        db, tmp = Path(scratch) / "facts.db", Path(scratch) / ".facts.db.tmp"
        shutil.copyfile(args.db, db)
        for n in range(args.rounds):
            order = list(WAYS) if n % 2 == 0 else list(reversed(WAYS))
            for name in order:
                shutil.copyfile(args.db, tmp)  # a new file, its blocks not yet written
                began = time.perf_counter()
                digests.add(WAYS[name](tmp, db))
                seconds[name].append(time.perf_counter() - began)
    if len(digests) != 1:
        sys.exit(f"the ways gave different digests: {digests}")
    print(f"{args.db} ({args.db.stat().st_size / 1e9:.2f} GB), {args.rounds} rounds, seconds:")
    base = statistics.median(seconds["rename, then hash"])
    for name, values in seconds.items():
        print(f"  {name:22} median {statistics.median(values):6.2f}  ({', '.join(f'{v:.2f}' for v in values)})"
              f"  {statistics.median(values) / base:5.2f}x")


if __name__ == "__main__":
    main()

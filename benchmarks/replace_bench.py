"""What replacing a large database costs the build that replaces it: ``os.replace`` over the old
file (which frees the old file's blocks within the call) against ``replace_database`` (the old
file given a second name, removed by a process the build does not wait for).

    python benchmarks/replace_bench.py DB [--rounds 3]

DB is any large file (a built database of a million facts: 2.7 GB); it is copied twice a
round beside itself and never changed. Prints each round's seconds side by side and their ratio."""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import time
from pathlib import Path

from diplofacts.loaders.safefiles import replace_database


def _copies(db: Path, target: Path, new: Path) -> None:
    shutil.copyfile(db, target)
    shutil.copyfile(db, new)
    subprocess.run(["sync"], check=True)  # the copies on disk, not in the page cache only


def _wait_gone(folder: Path, prefix: str) -> None:
    for _ in range(1200):  # the background removal of the round before: at most two minutes
        if not any(p.name.startswith(prefix) for p in folder.iterdir()):
            return
        time.sleep(0.1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    folder = args.db.parent
    target, new = folder / "replace-bench.db", folder / ".replace-bench.db.new"
    size = os.stat(args.db).st_size
    print(f"Replacing a database of {size / 1e9:.2f} GB ({args.db.name}), {args.rounds} rounds, alternating:")
    print("| round | os.replace (s) | replace_database (s) | ratio |")
    print("|---:|---:|---:|---:|")
    plain, deferred = [], []
    try:
        for n in range(1, args.rounds + 1):
            _copies(args.db, target, new)
            began = time.perf_counter()
            os.replace(new, target)
            plain.append(time.perf_counter() - began)
            _copies(args.db, target, new)
            began = time.perf_counter()
            replace_database(new, target)
            deferred.append(time.perf_counter() - began)
            _wait_gone(folder, ".replace-bench.db.old.")
            print(f"| {n} | {plain[-1]:.3f} | {deferred[-1]:.3f} | {deferred[-1] / plain[-1]:.3f} |")
        print(f"| median | {statistics.median(plain):.3f} | {statistics.median(deferred):.3f} |"
              f" {statistics.median(deferred) / statistics.median(plain):.3f} |")
    finally:
        target.unlink(missing_ok=True)
        new.unlink(missing_ok=True)


if __name__ == "__main__":
    main()

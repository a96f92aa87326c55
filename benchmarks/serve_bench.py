"""A curator's edit as a command line feels it, on a large built corpus, up to the site serving it.

    python benchmarks/serve_bench.py CORPUS DB [--rounds 3]

CORPUS is a generated seeds folder (`generate.py`) and DB its database, built by `facts build`
(a full build of a million facts takes minutes: it is not made here). Each round changes one
fact (one JSON Lines line, or one YAML fact) and runs, each in its own process as a curator
types them: `facts build` (incremental), `facts check` (what changed since its last clean
check: run one first), then `facts serve`, timed from
its start to the first answer of the home page and of a fact page. Side by side in the same
round: `facts serve` on the seeds' own facts.db (73 facts: what starting the site costs at any
size) and `datasette serve -i` on DB without an inspect file (what the inspect file the build
writes saves); with `--copy`, a second edit built while the benchmark holds DB as `facts serve`
does (the build then writes a new file and renames it over DB instead of changing DB in place:
what writing in place saves). Prints seconds and ratios; the fact is put back at the end."""
from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(port: int, path: str) -> int | None:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()
    except OSError:
        return None


def ready(command: list[str], port: int, paths: list[str], timeout: float = 300) -> float:
    """Seconds from starting ``command`` (a server on ``port``) until every one of ``paths``
    answers 200, one after the other; the server is stopped by its own process id."""
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for path in paths:
            while _status(port, path) != 200:
                if process.poll() is not None or time.perf_counter() - began > timeout:
                    raise RuntimeError(f"{command[:3]} did not answer {path}")
                time.sleep(0.02)
        return time.perf_counter() - began
    finally:
        process.terminate()
        process.wait(timeout=30)


def timed(command: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - began


def edit(target: Path, n: int) -> None:
    """Change the summary of the first fact of ``target`` (its text differs each round)."""
    text = target.read_text()
    for key in ('"summary": "', "summary: "):
        if key in text:
            target.write_text(text.replace(key, f"{key}Edited {n}. ", 1))
            return
    raise SystemExit(f"no summary in {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("db", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--copy", action="store_true", help="also time an edit built while a server holds DB")
    args = parser.parse_args()
    facts = str(BIN / "facts")
    files = sorted((args.corpus / "facts").glob("*.jsonl")) or sorted((args.corpus / "facts").glob("*.y*ml"))
    target = files[len(files) // 2]
    original = target.read_bytes()
    small = Path(tempfile.mkdtemp(prefix="serve-bench-")) / "facts.db"
    shutil.copyfile(ROOT / "facts.db", small)
    fact = f"/{args.db.stem}/meetings/meeting-0"
    rows: dict[str, list[float]] = {}
    try:
        for n in range(1, args.rounds + 1):
            edit(target, n)
            rows.setdefault("facts build (one fact changed)", []).append(
                timed([facts, "build", "--seeds", str(args.corpus), "--db", str(args.db)]))
            rows.setdefault("facts check (what changed)", []).append(
                timed([facts, "check", str(args.db), "--seeds", str(args.corpus)]))
            if args.copy:
                from diplofacts.loaders.inplace import hold_for_serving
                edit(target, -n)
                held = hold_for_serving(args.db)  # as a running `facts serve` holds it
                try:
                    rows.setdefault("facts build, a server holding DB (new file)", []).append(
                        timed([facts, "build", "--seeds", str(args.corpus), "--db", str(args.db)]))
                finally:
                    if held is not None:
                        os.close(held)
            port = free_port()
            rows.setdefault("facts serve DB: home and a fact page answer", []).append(
                ready([facts, "serve", str(args.db), "-h", "127.0.0.1", "-p", str(port)], port, ["/", fact]))
            port = free_port()
            rows.setdefault("facts serve, the seeds' facts.db (73 facts)", []).append(
                ready([facts, "serve", str(small), "-h", "127.0.0.1", "-p", str(port)], port,
                      ["/", "/facts/meetings/putin-imran-khan-call-2021-08-25"]))
            port = free_port()
            rows.setdefault("datasette serve -i DB, no inspect file", []).append(
                ready([str(BIN / "datasette"), "serve", "-i", str(args.db), "-h", "127.0.0.1", "-p", str(port)],
                      port, ["/", fact]))
    finally:
        target.write_bytes(original)
        shutil.rmtree(small.parent)
    floor = statistics.median(rows["facts serve, the seeds' facts.db (73 facts)"])
    print(f"{args.db} ({args.db.stat().st_size / 1e9:.2f} GB), {args.rounds} rounds; median seconds (each round's)"
          " and x the site on the seeds' facts.db:")
    for name, values in rows.items():
        print(f"  {name:48} {statistics.median(values):7.2f} s  ({', '.join(f'{v:.2f}' for v in values)})"
              f"  {statistics.median(values) / floor:5.1f}x")
    built = [b + c for b, c in zip(rows["facts build (one fact changed)"], rows["facts check (what changed)"], strict=True)]
    print(f"  {'built and checked':48} {statistics.median(built):7.2f} s  ({', '.join(f'{v:.2f}' for v in built)})")


if __name__ == "__main__":
    sys.exit(main())

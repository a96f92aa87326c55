"""The benchmark: `make bench` (10k and 200k facts), or by hand for any size:

    .venv/bin/python benchmarks/run.py --sizes 1000000 [--no-site] [--no-yaml]

Builds a synthetic corpus through the real CLI in both formats, measures facts/s, peak RSS
and the split by stage beside the raw sqlite3 limit measured in the same run, then serves
the result and measures the pages users hit most against the SQL they run, and requests/s
under concurrent load against Datasette with default settings. The report is printed and
written to benchmarks/out/report-<sizes>.txt.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from build_bench import cli_build, raw_limit, yaml_baseline  # noqa: E402
from edit_bench import edit_loop  # noqa: E402

OUT = HERE / "out"
FACTS_CLI = str(Path(sys.executable).parent / "facts")


def machine() -> str:
    cpu = "unknown cpu"
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.machine()}")


def corpus(size: int, fmt: str, realistic: bool = False) -> Path:
    """Generated once and kept; in its own process, so that the memory it takes does not
    count in the peak RSS of builds started from this one (a fork copies the parent)."""
    path = OUT / f"corpus-{size}-{fmt}{'-realistic' if realistic else ''}"
    if not (path / ".complete").exists():
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(size), str(path), "--format", fmt,
                        *(["--realistic"] if realistic else [])], check=True)
        (path / ".complete").write_text("")
    return path


def bench_size(size: int, args, lines: list[str]) -> None:
    def say(line: str) -> None:  # printed as it comes: a long run that fails keeps what it measured
        lines.append(line)
        print(line, flush=True)
    jobs = os.cpu_count() or 1
    say(f"\n## {size:,} facts")
    db = OUT / f"bench-{size}.db"
    jsonl = cli_build(FACTS_CLI, corpus(size, "jsonl"), db, jobs)
    raw = raw_limit(db, OUT / f"raw-{size}.db")
    (OUT / f"raw-{size}.db").unlink()
    say(f"rows: {raw['rows']:,} ({raw['facts']:,} facts)")
    say("")
    say("| build | seconds | facts/s | peak RSS | vs raw |")
    say("|---|---:|---:|---:|---:|")
    say(f"| raw sqlite3 executemany + indexes + FTS | {raw['seconds']:.1f} | {raw['facts_per_s']:,.0f} | | 1.00 |")
    say(f"| (raw load alone: {raw['rows_per_s']:,.0f} rows/s; indexes {raw['indexes']:.1f} s; FTS+ANALYZE {raw['fts']:.1f} s) | | | | |")
    rows = [(f"JSON Lines, facts build -j{jobs}", jsonl)]
    if not args.no_yaml:
        for j in sorted({1, jobs}):
            rows.append((f"YAML, facts build -j{j}", cli_build(FACTS_CLI, corpus(size, "yaml"), OUT / f"yaml-{size}.db", j)))
        (OUT / f"yaml-{size}.db").unlink()
    for name, result in rows:
        rate = size / result["seconds"]
        say(f"| {name} | {result['seconds']:.1f} | {rate:,.0f} | {result['rss_mb']:.0f} MB | {rate / raw['facts_per_s']:.2f} |")
    real_db = OUT / f"realistic-{size}.db"
    real = cli_build(FACTS_CLI, corpus(size, "jsonl", realistic=True), real_db, jobs)
    real_raw = raw_limit(real_db, OUT / f"raw-realistic-{size}.db")
    (OUT / f"raw-realistic-{size}.db").unlink()
    real_db.unlink()
    say(f"| realistic corpus: raw sqlite3, same run | {real_raw['seconds']:.1f} | {real_raw['facts_per_s']:,.0f} | | 1.00 |")
    rate = size / real["seconds"]
    say(f"| realistic corpus: JSON Lines, facts build -j{jobs} | {real['seconds']:.1f} | {rate:,.0f} | {real['rss_mb']:.0f} MB"
        f" | {rate / real_raw['facts_per_s']:.2f} |")
    if not args.no_yaml:
        base = yaml_baseline(corpus(size, "yaml"))
        say("")
        say(f"YAML streaming baseline, measured here (one process, PyYAML's C loader, parse only, nothing kept):"
            f" {base['facts_per_s']:,.0f} facts/s ({base['seconds']:.1f} s, {base['rss_mb']:.0f} MB). "
            + "; ".join(f"{name}: {size / result['seconds'] / base['facts_per_s']:.2f}x of it"
                        for name, result in rows if name.startswith("YAML")) + ".")
    say("")
    say("Where the time goes (seconds, summed over processes; parse is YAML only, JSON Lines parse within validate):")
    say("")
    say("| build | " + " | ".join(rows[0][1]["timings"]) + " |")
    say("|---|" + "---:|" * len(rows[0][1]["timings"]))
    for name, result in rows:
        say(f"| {name} | " + " | ".join(f"{result['timings'].get(k, 0):.2f}" for k in rows[0][1]["timings"]) + " |")
    if not args.no_edit:
        say("")
        say(f"The edit loop (seconds; ratio to the full build of the same corpus, same run, -j{jobs}):")
        say("")
        loops = {fmt: edit_loop(corpus(size, fmt), jobs) for fmt in (("jsonl",) if args.no_yaml else ("yaml", "jsonl"))}
        say("| step | " + " | ".join(f"{fmt} ({loop['fact files']} files)" for fmt, loop in loops.items()) + " |")
        say("|---|" + "---:|" * len(loops))
        for step in next(iter(loops.values())):
            if step != "fact files":
                say(f"| {step} | " + " | ".join(f"{loop[step]:.2f} ({loop[step] / loop['full build']:.3f})"
                                               for loop in loops.values()) + " |")
    if args.no_site:
        return
    from site_bench import bench_site
    site = bench_site(db, args.requests, args.wrk_seconds)
    base = site["pages"]["row page (fixed cost)"]
    say("")
    say(f"Site: {args.requests} sequential requests per page (ms); x = p50 and p95 over the row page's")
    say("")
    say("| page | p50 | p95 | x row page | raw SQL |")
    say("|---|---:|---:|---:|---:|")
    for name, page in site["pages"].items():
        ratio = max(page["p50"] / base["p50"], page["p95"] / base["p95"])
        say(f"| {name} `{page['path']}` | {page['p50']:.1f} | {page['p95']:.1f} | {ratio:.1f} | {page['sql']:.1f} |")
    if "rps" in site:
        rps = site["rps"]
        say("")
        say(f"8 concurrent clients (wrk, {args.wrk_seconds} s) on `/facts/citations.json` (a table with its facets):"
            f" {rps['ours']:,.0f} requests/s served as `facts serve` does;"
            f" {rps['default']:,.0f} with Datasette's default settings ({rps['ours'] / max(rps['default'], 0.01):.1f}x);"
            f" {rps['no suggestions']:,.0f} with the defaults but facet suggestions off"
            f" ({rps['ours'] / max(rps['no suggestions'], 0.01):.1f}x)")
    db.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 200000])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--wrk-seconds", type=int, default=10)
    parser.add_argument("--no-site", action="store_true")
    parser.add_argument("--no-yaml", action="store_true")
    parser.add_argument("--no-edit", action="store_true", help="skip the edit loop")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    lines = [f"# Benchmark {time.strftime('%Y-%m-%d')}", "", f"Machine: {machine()}"]
    print("\n".join(lines), flush=True)
    for size in args.sizes:
        bench_size(size, args, lines)
    report = OUT / f"report-{'-'.join(str(s) for s in args.sizes)}.txt"
    report.write_text("\n".join(lines) + "\n")
    print(f"\n(written to {report})")


if __name__ == "__main__":
    main()

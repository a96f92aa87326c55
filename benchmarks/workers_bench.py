"""Workers of the ASGI app against the cores of the machine: requests/s and memory of
`uvicorn diplofacts.asgi:app --workers N` for each N, side by side in one run, with wrk
(8 connections, 10 s) on fact pages (``--distinct`` meetings' pages, 1,000 by default, each
connection asking for them in turn: first views, not one page again and again) and a table
with its facets.

    .venv/bin/python benchmarks/workers_bench.py --db /tmp/bench-200k/facts.db [--workers 1 2 4] [--rounds 2]

Each round runs every worker count once (rounds in turn reversed, so that a change of the
machine's load falls on every count alike); a count's figure is its best round, with the CPU
time its processes took per request in that round (user and system, from /proc). Memory is the
resident set of the server's processes (the workers and their parent) after the load. Needs
wrk (Debian package). Servers listen on 127.0.0.1 only and are stopped by their process id."""
from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from datasette.utils import tilde_encode

from diplofacts.loaders.readonly import connect_read_only


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its children, in MB."""
    pids = [pid] + [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()]
    total = 0
    for p in pids:
        try:
            total += int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{p}/status").read_text()).group(1))
        except (OSError, AttributeError):
            pass
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """CPU time (user and system) of ``pid`` and its children so far, in seconds."""
    pids = [pid] + [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()]
    total = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def wrk(url: str, seconds: int, connections: int = 8, paths: list[str] | None = None) -> tuple[float, float]:
    """Requests/s and the latency's 50th percentile (ms); with ``paths``, each of wrk's
    connections asks for them in turn (distinct pages, not one page again and again)."""
    script = []
    if paths:
        lua = Path(tempfile.mkstemp(suffix=".lua")[1])
        lua.write_text("local paths = {" + ",".join(json.dumps(p) for p in paths) + "}\nlocal i = 0\n"
                       "request = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n")
        script = ["-s", str(lua)]
    try:
        out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency", *script, url],
                             capture_output=True, text=True, check=True).stdout
    finally:
        if paths:
            lua.unlink()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"50%\s+([\d.]+)(us|ms|s)", out).groups()
    return rps, float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def serve(db: Path, workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "uvicorn"), "diplofacts.asgi:app", "--workers", str(workers),
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env={**os.environ, "FACTS_DB": str(db)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=10).read()
            return process, port
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop(process)
                raise RuntimeError(f"uvicorn with {workers} workers did not start") from None
            time.sleep(0.3)


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--distinct", type=int, default=1000, help="distinct fact pages asked for in turn")
    args = parser.parse_args()
    conn = connect_read_only(args.db, immutable=True)
    database = tilde_encode(args.db.stem)  # the database's name in the site's addresses
    meetings = [f"/{database}/meetings/{tilde_encode(r[0])}" for r in conn.execute(
        "SELECT id FROM meetings ORDER BY rowid LIMIT ?", [args.distinct])]
    conn.close()
    pages = {"fact page": meetings[0], "table + facets": f"/{database}/citations"}
    cycled = {"fact page": meetings}
    best: dict[tuple[int, str], tuple[float, float, float]] = {}
    memory: dict[int, float] = {}
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the start", flush=True)
    for round_ in range(args.rounds):
        for workers in args.workers if round_ % 2 == 0 else list(reversed(args.workers)):
            process, port = serve(args.db, workers)
            try:
                for name, path in pages.items():
                    url = f"http://127.0.0.1:{port}{path}"
                    for _ in range(2 * workers):  # every worker warm
                        urllib.request.urlopen(url, timeout=30).read()
                    used = cpu_seconds(process.pid)
                    rps, p50 = wrk(url, args.seconds, paths=cycled.get(name))
                    per_request = (cpu_seconds(process.pid) - used) * 1000 / (rps * args.seconds)
                    print(f"round {round_ + 1}: {workers} workers, {name}: {rps:,.0f} requests/s, p50 {p50:.1f} ms,"
                          f" {per_request:.1f} ms of CPU a request (load {os.getloadavg()[0]:.1f})", flush=True)
                    if rps > best.get((workers, name), (0, 0, 0))[0]:
                        best[(workers, name)] = (rps, p50, per_request)
                memory[workers] = max(memory.get(workers, 0), rss_mb(process.pid))
            finally:
                stop(process)
    base = args.workers[0]
    print(f"\n| workers | {' | '.join(f'{n}: req/s (x {base} worker), p50, CPU a request' for n in pages)} | memory |")
    print("|---:|" + "---:|" * (len(pages) + 1))
    for workers in args.workers:
        cells = [f"{best[(workers, n)][0]:,.0f} ({best[(workers, n)][0] / best[(base, n)][0]:.2f}), {best[(workers, n)][1]:.1f} ms,"
                 f" {best[(workers, n)][2]:.1f} ms" for n in pages]
        print(f"| {workers} | {' | '.join(cells)} | {memory[workers]:.0f} MB ({memory[workers] / memory[base]:.1f}) |")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()

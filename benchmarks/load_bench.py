"""Load benchmark of the public server: concurrent clients over a mix of the main pages,
against the production command (uvicorn workers) and against `facts serve`.

    .venv/bin/python benchmarks/load_bench.py [--seconds 60] [--clients 16] [--db PATH]

A benchmark, not a test: nothing here is asserted by the test suite. For each server, on a
copy of the database (named facts.db, in a temporary folder) and on 127.0.0.1 only:
start it, check every page of the mix answers, warm up (a few seconds of the same load),
then run `wrk` for --seconds with --clients connections, each request the next page of the
mix; RSS of the server's process tree (the sum of VmRSS over the process and its children)
is sampled after the warm-up, every few seconds during the run and at the end. Prints one
summary table. Exit status 1 if any request failed or memory was not flat.

Errors are socket errors (connect, read, write, timeout) and responses other than 2xx/3xx.
p50/p99 are wrk's per-request latencies over the whole run, all pages together.
Needs wrk (`make wrk`).
"""
from __future__ import annotations

import argparse
import http.client
import os
import platform
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from diplofacts.loaders.readonly import connect_read_only

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # bound and targeted: nothing else
FACTS_CLI = str(Path(sys.executable).parent / "facts")


# --- the mix of pages, from the database ------------------------------------------------------

def word_in_sources(conn: sqlite3.Connection, wanted: str) -> str:
    """``wanted`` if it occurs in some source; otherwise (a generated corpus) the word of the
    sources' full-text index found in the number of sources nearest 10% of them."""
    if conn.execute("SELECT count(*) FROM sources_fts WHERE sources_fts MATCH ?", (f'"{wanted}"',)).fetchone()[0]:
        return wanted
    total = conn.execute("SELECT count(*) FROM sources").fetchone()[0]
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.source_words USING fts5vocab(main, 'sources_fts', 'row')")
    return conn.execute(
        "SELECT term FROM temp.source_words WHERE length(term) >= 5 AND term NOT GLOB '*[^a-z]*'"
        " ORDER BY abs(doc - ?), term LIMIT 1", (total / 10,)).fetchone()[0]


def mix(db: Path, search: str, table_search: str) -> list[tuple[str, str]]:
    """(name, path) of the main pages; the ids and words are taken from ``db``."""
    conn = connect_read_only(db)
    try:
        meeting = conn.execute(
            "SELECT fact_id FROM citations WHERE fact_type = 'meeting' GROUP BY fact_id"
            " ORDER BY count(*) DESC, min(id) LIMIT 1").fetchone()[0]
        # the most cited source (the most excerpts to highlight) and one of median citations
        by_citations = [r[0] for r in conn.execute("SELECT id FROM sources ORDER BY citation_count DESC, id")]
        top_source, median_source = by_citations[0], by_citations[len(by_citations) // 2]
        q, s = word_in_sources(conn, search), word_in_sources(conn, table_search)
    finally:
        conn.close()
    return [
        ("home", "/"),
        ("about", "/about"),
        ("table + facets", "/facts/meetings"),
        ("table + facets", "/facts/facts"),
        ("table + facets", "/facts/citations"),
        ("table + facets .json", "/facts/citations.json"),
        ("fact page (most cited meeting)", f"/facts/meetings/{quote(meeting)}"),
        ("source page (most cited)", f"/facts/sources/{quote(top_source)}"),
        ("source page (median)", f"/facts/sources/{quote(median_source)}"),
        ("search query", f"/facts/search?q={quote(q)}"),
        ("chart query", "/facts/timeline"),
        ("table search", f"/facts/sources?_search={quote(s)}"),
    ]


# --- servers ------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def production_command(db: Path, port: int, workers: int) -> tuple[list[str], dict]:
    """The production command of diplofacts/asgi.py."""
    return ([sys.executable, "-m", "uvicorn", "diplofacts.asgi:app", "--workers", str(workers),
             "--host", HOST, "--port", str(port)], {"FACTS_DB": str(db)})


def facts_serve_command(db: Path, port: int) -> tuple[list[str], dict]:
    return [FACTS_CLI, "serve", str(db), "-h", HOST, "-p", str(port)], {}


def get(port: int, path: str, timeout: float = 30) -> tuple[int, int]:
    """(status, body bytes) of one GET."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, len(response.read())
    finally:
        conn.close()


class Server:
    """A server started in a process group of its own, stopped by that group's id only."""

    def __init__(self, name: str, command: list[str], env: dict, port: int, folder: Path, workers: int = 0):
        self.name, self.port = name, port
        self.log_path = folder / f"server-{port}.log"
        with open(self.log_path, "wb") as log:  # the server keeps its own copy of the descriptor
            self.process = subprocess.Popen(command, cwd=folder, env={**os.environ, **env}, stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 180  # a large database: the inspect file is made at start
        while True:
            try:
                if get(port, "/-/versions.json", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{name} did not start:\n{self.log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        # with workers, the first answer may come before every worker is up
        while workers and self.log_path.read_text().count("Application startup complete") < workers:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{name}: its workers did not start:\n{self.log_path.read_text()[-3000:]}")
            time.sleep(0.2)

    def pids(self) -> list[int]:
        """The server's process and all its descendants."""
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as f:
                        ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(entry))
        found, todo = [], [self.process.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def rss_mb(self) -> tuple[float, int]:
        """Sum of VmRSS over the process tree (MB; shared pages counted in each), processes."""
        total, count = 0, 0
        for pid in self.pids():
            try:
                with open(f"/proc/{pid}/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
                            count += 1
                            break
            except OSError:
                continue
        return total / 1024, count

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """SIGTERM to the server's own process group (uvicorn passes it on to its workers)."""
        pgid = self.process.pid  # start_new_session: the group id is the server's pid
        try:
            os.killpg(pgid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.process.wait(timeout=10)
        try:  # a worker left behind in the group
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# --- load ---------------------------------------------------------------------------------------

WRK_SCRIPT = r"""
-- Each request is the next page of the mix; threads start at different places in it.
local paths = { %(paths)s }
local counter = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("start", #threads * 7)
end

function init(args)
  counter = start or 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end

-- counts by status, as plain globals: wrk copies numbers and strings between threads, not tables
status_list = ""
function response(status, headers, body)
  local key = "n" .. status
  local n = _G[key]
  if n == nil then
    status_list = status_list .. status .. " "
    n = 0
  end
  _G[key] = n + 1
end

function done(summary, latency, requests)
  local seen = {}
  for _, thread in ipairs(threads) do
    for status in string.gmatch(thread:get("status_list"), "%%d+") do
      seen[status] = (seen[status] or 0) + thread:get("n" .. status)
    end
  end
  local parts = {}
  for status, n in pairs(seen) do table.insert(parts, status .. "=" .. n) end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%%d duration_us=%%d bytes=%%d connect=%%d read=%%d write=%%d status=%%d timeout=%%d " ..
    "p50_us=%%d p90_us=%%d p99_us=%%d max_us=%%.0f mean_us=%%.0f statuses=%%s\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    table.concat(parts, ",")))
end
"""


def wrk(port: int, script: Path, clients: int, seconds: int) -> dict[str, Any]:
    threads = max(1, min(2, clients, os.cpu_count() or 1))
    command = ["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(script), f"http://{HOST}:{port}"]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    line = next((text for text in out.stdout.splitlines() if text.startswith("RESULT ")), None)
    if out.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({out.returncode}): {out.stdout}{out.stderr}")
    fields = dict(item.split("=", 1) for item in line.split()[1:])
    counts = {k: int(float(v)) for k, v in fields.items() if k != "statuses"}
    statuses = {int(s): int(n) for s, n in sorted(item.split("=") for item in fields["statuses"].split(",") if item)}
    # errors: socket errors, and any status but 1xx/2xx/3xx (wrk's own "status" count is of 4xx/5xx only)
    errors = sum(counts[k] for k in ("connect", "read", "write", "timeout"))
    errors += sum(n for s, n in statuses.items() if not 100 <= s < 400)
    return {**counts, "statuses": statuses, "errors": errors,
            "rps": counts["requests"] / (counts["duration_us"] / 1e6)}


def machine() -> str:
    cpu = "unknown cpu"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.machine()}")


def calibration() -> float:
    """ns per step of a plain Python loop: how fast this machine is right now (shared machines
    vary), so that runs on different days can be compared."""
    began, total = time.perf_counter(), 0
    for i in range(2_000_000):
        total += i
    return (time.perf_counter() - began) / 2_000_000 * 1e9


def load(name: str, server: Server, paths: list[tuple[str, str]], script: Path, args) -> dict:
    say = lambda text="": print(text, flush=True)  # noqa: E731
    say(f"\n## {name}  (port {server.port}, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})")
    idle, processes = server.rss_mb()
    say(f"started: {processes} process(es), RSS {idle:.1f} MB")
    say("pages (one request each before the load):")
    for label, path in paths:
        began = time.perf_counter()
        status, size = get(server.port, path)
        say(f"  {status}  {size / 1024:7.1f} KB  {(time.perf_counter() - began) * 1000:7.1f} ms  {label}: {path}")
        if not 200 <= status < 400:
            raise RuntimeError(f"{name}: {path} answered {status}; the mix would measure an error page")
    if args.warmup:
        wrk(server.port, script, args.clients, args.warmup)
    warm, _ = server.rss_mb()
    say(f"after {args.warmup} s of warm-up: RSS {warm:.1f} MB")
    samples: list[tuple[float, float]] = []
    stop = threading.Event()

    def sample() -> None:  # bounded: stops with the run
        began = time.monotonic()
        while not stop.wait(args.sample_every):
            samples.append((time.monotonic() - began, server.rss_mb()[0]))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        result = wrk(server.port, script, args.clients, args.seconds)
    finally:
        stop.set()
        sampler.join(timeout=10)
    end, processes = server.rss_mb()
    if not server.alive():
        raise RuntimeError(f"{name} died under load:\n{server.log_path.read_text()[-3000:]}")
    say("RSS during the run (s: MB): " + ", ".join(f"{t:.0f}: {mb:.1f}" for t, mb in samples))
    say(f"at the end: RSS {end:.1f} MB over {processes} process(es)")
    say(f"{result['requests']:,} requests in {result['duration_us'] / 1e6:.1f} s, "
        f"{result['bytes'] / max(result['requests'], 1) / 1024:.1f} KB each on average; statuses {result['statuses']}; "
        f"errors: connect {result['connect']}, read {result['read']}, write {result['write']}, "
        f"timeout {result['timeout']}, 4xx/5xx {result['status']}")
    say(f"latency ms: p50 {result['p50_us'] / 1000:.1f}, p90 {result['p90_us'] / 1000:.1f}, "
        f"p99 {result['p99_us'] / 1000:.1f}, max {result['max_us'] / 1000:.1f}, mean {result['mean_us'] / 1000:.1f}")
    margin = max(args.rss_margin_mb, warm * args.rss_margin / 100)
    return {**result, "idle": idle, "warm": warm, "end": end, "samples": samples,
            "flat": end - warm <= margin, "margin": margin}


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--seconds", type=int, default=60, help="length of each measured run (default 60)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument("--db", type=Path, default=ROOT / "facts.db", help="database to serve (a copy is served)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers (default 2)")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of the same load before RSS is taken (default 5)")
    parser.add_argument("--sample-every", type=float, default=10, help="seconds between RSS samples (default 10)")
    parser.add_argument("--rss-margin", type=float, default=5, help="flat memory: end within this %% of after warm-up")
    parser.add_argument("--rss-margin-mb", type=float, default=5, help="... or within this many MB, the larger")
    parser.add_argument("--search", default="afghanistan", help="word for the search query (if absent from the db: "
                        "a word in about 10%% of the sources)")
    parser.add_argument("--table-search", default="putin", help="word for the sources' table search (same rule)")
    parser.add_argument("--servers", nargs="+", choices=["uvicorn", "facts-serve"], default=["uvicorn", "facts-serve"])
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: make wrk (or apt-get install wrk)")
    if not args.db.is_file():
        sys.exit(f"no database at {args.db}")
    with tempfile.TemporaryDirectory(prefix="load-bench-") as tmp:
        folder = Path(tmp)
        db = folder / "facts.db"  # the plugin's URLs name the database after its file
        shutil.copyfile(args.db, db)
        paths = mix(db, args.search, args.table_search)
        script = folder / "mix.lua"
        script.write_text(WRK_SCRIPT % {"paths": ", ".join(f'"{p}"' for _, p in paths)})
        facts = connect_read_only(db).execute("SELECT count(*) FROM facts").fetchone()[0]
        print(f"# Load: {args.clients} clients for {args.seconds} s, {len(paths)} pages in turn, "
              f"{args.db.name} ({facts:,} facts)")
        print(f"Machine: {machine()}; load average at start {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
              f"a plain Python loop: {calibration():.0f} ns per step")
        results: dict[str, dict] = {}
        for key in args.servers:
            port = free_port()
            if key == "uvicorn":
                name = f"uvicorn, {args.workers} workers"
                command, env = production_command(db, port, args.workers)
                server = Server(name, command, env, port, folder, workers=args.workers)
            else:
                name = "facts serve"
                command, env = facts_serve_command(db, port)
                server = Server(name, command, env, port, folder)
            try:
                results[name] = load(name, server, paths, script, args)
            finally:
                server.stop()
    print("\n| server | requests/s | p50 ms | p99 ms | errors | RSS after warm-up MB | RSS at end MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        print(f"| {name} | {r['rps']:,.0f} | {r['p50_us'] / 1000:.1f} | {r['p99_us'] / 1000:.1f} | {r['errors']} "
              f"| {r['warm']:.0f} | {r['end']:.0f} |")
    failed = False
    for name, r in results.items():
        growth = r["end"] - r["warm"]
        print(f"{name}: {r['errors']} errors in {r['requests']:,} requests; memory "
              f"{'flat' if r['flat'] else 'NOT flat'} ({growth:+.1f} MB, {100 * growth / r['warm']:+.1f}%, "
              f"margin {r['margin']:.1f} MB)")
        failed |= bool(r["errors"]) or not r["flat"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

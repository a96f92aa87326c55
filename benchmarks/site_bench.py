"""The site: latency of the pages users hit most, beside the raw time of the SQL each page
runs, and requests/s under concurrent load against Datasette with default settings."""
from __future__ import annotations

import asyncio
import html
import http.client
import json
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from datasette.app import Datasette
from generate import TOPICS

from diplofacts.loaders.readonly import connect_read_only
from diplofacts.site import SETTINGS, load_inspect, serve_args


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A real Datasette server on 127.0.0.1, stopped by its own process id."""

    def __init__(self, args: list[str], port: int):
        self.port = port
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            try:
                self.get("/-/versions.json")
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"server on port {port} did not start") from None
                time.sleep(0.2)

    def get(self, path: str) -> bytes:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
            return body
        finally:
            conn.close()

    def latency(self, path: str, requests: int) -> tuple[float, float]:
        """p50 and p95 in ms over sequential requests on one keep-alive connection."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        times = []
        try:
            for _ in range(requests):
                began = time.perf_counter()
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                times.append((time.perf_counter() - began) * 1000)
                assert response.status == 200, (path, response.status)
        finally:
            conn.close()
        return percentile(times, 50), percentile(times, 95)

    def latencies(self, paths: list[str], requests: int, rounds: int = 20) -> dict[str, tuple[float, float]]:
        """p50 and p95 in ms of each path, over ``requests`` sequential requests each on a
        keep-alive connection of its own, the paths taken in turn ``rounds`` times (a few
        requests of each at a time): a change of the machine's load falls on every page alike,
        where a page measured all at once would take whatever load its turn met."""
        conns = {path: http.client.HTTPConnection("127.0.0.1", self.port, timeout=60) for path in paths}
        times: dict[str, list[float]] = {path: [] for path in paths}
        try:
            for round_ in range(rounds):
                for path in paths:
                    for _ in range(requests // rounds + (round_ < requests % rounds)):
                        for attempt in (1, 2):  # a connection the server closed while idle is opened again, untimed
                            conn = conns[path]
                            began = time.perf_counter()
                            try:
                                conn.request("GET", path)
                                response = conn.getresponse()
                                response.read()
                            except (http.client.RemoteDisconnected, ConnectionError):
                                conn.close()
                                if attempt == 2:
                                    raise
                                continue
                            times[path].append((time.perf_counter() - began) * 1000)
                            assert response.status == 200, (path, response.status)
                            break
        finally:
            for conn in conns.values():
                conn.close()
        return {path: (percentile(t, 50), percentile(t, 95)) for path, t in times.items()}

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def percentile(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def page_sql(db: Path, path: str) -> list[tuple[str, object]]:
    """The SQL statements Datasette runs for a page, from its own trace."""
    async def trace():
        ds = Datasette(immutables=[str(db)], settings={**SETTINGS, "trace_debug": True}, inspect_data=load_inspect(db))
        await ds.invoke_startup()
        await ds.client.get(path)  # Datasette's own start-up queries are not the page's
        response = await ds.client.get(path + ("&" if "?" in path else "?") + "_trace=1")
        return response.text
    text = asyncio.run(trace())
    if text.lstrip().startswith("{"):
        data = json.loads(text)["_trace"]
    else:
        data = json.loads(html.unescape(re.findall(r"<pre>(.*?)</pre>", text, re.S)[-1]))
    return [(t["sql"], t.get("params")) for t in data["traces"] if t.get("sql") and t.get("database") == db.stem]


def raw_sql_ms(db: Path, statements: list[tuple[str, object]], repeat: int = 20) -> float:
    """Median time of running the page's statements with plain sqlite3 (escape_fts added)."""
    from datasette.utils import escape_fts
    conn = connect_read_only(db, immutable=True)
    conn.create_function("escape_fts", 1, escape_fts)
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        for sql, params in statements:
            try:
                conn.execute(sql, params or {}).fetchall()
            except sqlite3.Error:
                pass  # e.g. a facet Datasette itself gave up on
        runs.append((time.perf_counter() - began) * 1000)
    conn.close()
    return statistics.median(runs)


def wrk(url: str, connections: int = 8, seconds: int = 10) -> float:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", url],
                         capture_output=True, text=True, check=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def default_server_args(db: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "datasette", "serve", "-i", str(db), "-h", "127.0.0.1", "-p", str(port)]


def pages(db: Path) -> dict[str, str]:
    conn = sqlite3.connect(db)
    meeting = conn.execute("SELECT id FROM meetings ORDER BY rowid LIMIT 1").fetchone()[0]
    statement = conn.execute("SELECT id FROM statements ORDER BY rowid LIMIT 1").fetchone()[0]
    source = conn.execute("SELECT source_id FROM citations GROUP BY source_id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    topic = TOPICS[2]  # the third most common topic word
    share = round(100 * conn.execute("SELECT count(*) FROM sources_fts WHERE sources_fts MATCH ?", (topic,)).fetchone()[0]
                  / conn.execute("SELECT count(*) FROM sources").fetchone()[0], 1)
    conn.close()
    return {
        "row page (fixed cost)": f"/facts/statements/{statement}",
        "home": "/",
        "table + facets": "/facts/citations",
        "table + facets .json": "/facts/citations.json",
        "facts + facets": "/facts/facts",
        "fact page": f"/facts/meetings/{meeting}",
        "fact page .json": f"/facts/meetings/{meeting}.json",
        "source page": f"/facts/sources/{source}",
        f"search, a word in {share}% of sources": f"/facts/search?q={topic}",
        "search, a word in one source": "/facts/search?q=s77x3",
        f"table search, a word in {share}% of sources": f"/facts/sources?_search={topic}",
        "search, a word in every source (worst case)": "/facts/search?q=pipeline",
        "reader's search, a word in every source": "/-/search?q=pipeline",
        f"reader's search, a word in {share}% of sources": f"/-/search?q={topic}",
        "table search, a word in every source": "/facts/sources?_search=pipeline",
        "one facet value: citations of meetings": "/facts/citations?fact_type=meeting",
        "one facet value: statements": "/facts/facts?type=statement",
        "one facet value: a month": "/facts/facts?month=2021-03",
        "two facet values: a month's agreements": "/facts/facts?type=agreement&month=2021-03",
        "two facet values: a source's meeting citations": f"/facts/citations?fact_type=meeting&source_id={source}",
        "two facet values: phone calls by phone": "/facts/meetings?kind=phone-call&mode=phone",
        "entity page": "/facts/entities/entity-1",
        "chart query": "/facts/facts_per_month",
        "chart query .json": "/facts/facts_per_month.json",
    }


def bench_site(db: Path, requests: int, wrk_seconds: int) -> dict:
    """Run both servers over a copy of ``db`` named facts.db (the plugin's URLs use it)."""
    work = db.parent / "site"
    work.mkdir(exist_ok=True)
    facts_db = work / "facts.db"
    shutil.copy(db, facts_db)
    for stale in work.glob("*.inspect.json"):
        stale.unlink()
    results: dict = {"pages": {}}
    ours = Server(serve_args(facts_db, "127.0.0.1", port := free_port()), port)
    try:
        paths = pages(facts_db)
        for path in paths.values():
            ours.get(path)  # warm
        measured = ours.latencies(list(paths.values()), requests)
        for name, path in paths.items():
            p50, p95 = measured[path]
            try:
                sql = raw_sql_ms(facts_db, page_sql(facts_db, path))
            except Exception as exc:  # noqa: BLE001 (the trace is a second look; the timing stands)
                print(f"  (no SQL trace for {path}: {exc!r})", file=sys.stderr)
                sql = float("nan")
            results["pages"][name] = {"path": path, "p50": p50, "p95": p95, "sql": sql}
        if shutil.which("wrk"):
            results["rps"] = {"ours": wrk(f"http://127.0.0.1:{port}/facts/citations.json", seconds=wrk_seconds)}
    finally:
        ours.stop()
    if shutil.which("wrk"):
        for name, extra in (("default", []), ("no suggestions", ["--setting", "suggest_facets", "off"])):
            default = Server(default_server_args(facts_db, port := free_port()) + extra, port)
            try:
                results["rps"][name] = wrk(f"http://127.0.0.1:{port}/facts/citations.json", seconds=wrk_seconds)
            finally:
                default.stop()
    return results

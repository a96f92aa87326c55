"""Fact pages against plain Datasette's row page, in one process, on the same file.

    .venv/bin/python benchmarks/fact_page_bench.py --db /tmp/fp-200k.db [--pages 30] [--runs 5]
    .venv/bin/python benchmarks/fact_page_bench.py --db facts.db --dump /tmp/pages-after

Two Datasette instances over the same immutable file, each as `facts serve` configures it
(settings, inspect data), requested through Datasette's own client: "site" with this plugin
registered, "plain" made and run with the plugin unregistered from Datasette's plugin
manager (``pm.unregister``), its schema refresh on every request as Datasette does it. Both
without datasette-vega (the plugin unregisters it at startup; it would only add a script to
plain pages). Four kinds of page: a meeting's and a statement's page, HTML and ``.json``.

Each run takes, for every kind, ``--pages`` DISTINCT facts not requested before in this
process (first views: no cache kept in memory can have seen them), alternating the two
instances page by page; then the same pages again (repeats). A figure is the mean time a
request over one run's pages; the best (least) run of each is printed, with the ratio of the
site to plain side by side. Wall time and the process's CPU time are both measured. "Paired"
is the median, over every page of every run, of the site's time over plain Datasette's for
the same page requested just before or after it (less moved by a change of the machine's load
than the best runs, taken apart).

``--dump DIR`` writes the site's body of every page requested (before and after a change,
``diff -r`` compares them byte for byte) and measures nothing."""
from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import time
from pathlib import Path

from datasette.app import Datasette
from datasette.plugins import pm

from diplofacts.loaders.readonly import connect_read_only
from diplofacts.site import load_inspect, settings

KINDS = (("meetings", ""), ("meetings", ".json"), ("statements", ""), ("statements", ".json"))


def fact_ids(db: Path, table: str, count: int) -> list[str]:
    """``count`` ids of ``table`` spread over the whole table (every n-th row by rowid)."""
    conn = connect_read_only(db)
    try:
        total = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        step = max(1, total // max(1, count))
        ids = [r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE rowid % ? = 0 ORDER BY rowid LIMIT ?", [step, count])]
        if len(ids) < count:
            ids = [r[0] for r in conn.execute(f"SELECT id FROM {table} ORDER BY rowid LIMIT ?", [count])]
        return ids
    finally:
        conn.close()


def path_of(db: Path, table: str, fact_id: str, suffix: str) -> str:
    from datasette.utils import tilde_encode

    return f"/{tilde_encode(db.stem)}/{table}/{tilde_encode(fact_id)}{suffix}"


class Instances:
    """The site and plain Datasette over one file; ``plain()`` and ``site()`` switch the
    process's plugin registration, and what the plugin patches in Datasette's classes at
    startup (the schema refresh, the schema reads), to the instance about to be requested."""

    def __init__(self, db: Path):
        from datasette.database import Database

        import datasette_diplofacts

        self.plugin = datasette_diplofacts
        self.classes = (Datasette, Database)
        before = [dict(vars(c)) for c in self.classes]
        inspect = load_inspect(db)
        common = {"immutables": [str(db)], "inspect_data": inspect, "settings": settings(True)}
        self.site_ds = Datasette(**common)
        asyncio.run(self.site_ds.invoke_startup())  # unregisters datasette-vega, patches Datasette's classes
        after = [dict(vars(c)) for c in self.classes]
        self.patched = [{k: v for k, v in a.items() if b.get(k) is not v} for a, b in zip(after, before, strict=True)]
        self.originals = [{k: b[k] for k in p if k in b} for p, b in zip(self.patched, before, strict=True)]
        self.plain()
        self.plain_ds = Datasette(**common)  # its app, templates and hooks made without the plugin
        asyncio.run(self.plain_ds.invoke_startup())
        self.site()

    def _classes(self, attributes: list[dict]) -> None:
        for cls, values in zip(self.classes, attributes, strict=True):
            for name, value in values.items():
                setattr(cls, name, value)

    def plain(self) -> Datasette:
        if pm.is_registered(self.plugin):
            pm.unregister(self.plugin)
        self._classes(self.originals)
        return getattr(self, "plain_ds", None)

    def site(self) -> Datasette:
        if not pm.is_registered(self.plugin):
            pm.register(self.plugin, name="diplofacts")
        self._classes(self.patched)
        return self.site_ds


async def timed(ds: Datasette, path: str) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    response = await ds.client.get(path)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if response.status_code != 200:
        raise RuntimeError(f"{path}: HTTP {response.status_code}")
    return wall * 1000, cpu * 1000


async def one_run(instances: Instances, paths: list[str]) -> dict[str, list[float]]:
    """Every path once on each instance, alternating (which goes first alternates too)."""
    out = {"site": [], "site_cpu": [], "plain": [], "plain_cpu": []}
    for i, path in enumerate(paths):
        order = ("site", "plain") if i % 2 == 0 else ("plain", "site")
        for which in order:
            ds = instances.site() if which == "site" else instances.plain()
            wall, cpu = await timed(ds, path)
            out[which].append(wall)
            out[which + "_cpu"].append(cpu)
    instances.site()
    return out


def mean(values: list[float]) -> float:
    return sum(values) / len(values)


def bench(db: Path, pages: int, runs: int) -> dict:
    instances = Instances(db)
    ids = {table: fact_ids(db, table, pages * (runs + 1)) for table in {t for t, _ in KINDS}}
    for table, found in ids.items():
        if len(found) < pages * (runs + 1):  # a small database (the seeds): its pages seen again in later runs
            print(f"{db}: {len(found)} {table} for {pages * (runs + 1)} first views: later runs are not first views",
                  file=sys.stderr)
            ids[table] = [found[i % len(found)] for i in range(pages * (runs + 1))]

    async def go():
        # warm-up: the first requests of a process (templates compiled, connections opened,
        # per-database state read), on ids the runs do not use
        for _ in range(3):
            await one_run(instances, [path_of(db, t, ids[t][-1], s) for t, s in KINDS])
        results: dict[str, dict[str, list[dict]]] = {f"{t}{s or ' HTML'}": {"first": [], "repeat": []} for t, s in KINDS}
        for run in range(runs):
            for table, suffix in KINDS:
                chosen = ids[table][run * pages:(run + 1) * pages]
                paths = [path_of(db, table, i, suffix) for i in chosen]
                key = f"{table}{suffix or ' HTML'}"
                results[key]["first"].append(await one_run(instances, paths))
                results[key]["repeat"].append(await one_run(instances, paths))
        return results

    return asyncio.run(go())


def report(db: Path, results: dict, pages: int, runs: int) -> None:
    import os

    print(f"{db}: {pages} distinct pages a kind a run, {runs} runs, best run; load average {os.getloadavg()[0]:.2f}")
    print("| page | view | site ms | plain ms | site/plain | site CPU ms | plain CPU ms | CPU site/plain | paired: wall, CPU |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for key, views in results.items():
        for view, found in views.items():
            best = {k: min(mean(r[k]) for r in found) for k in ("site", "plain", "site_cpu", "plain_cpu")}
            paired = {k: statistics.median(s / p for r in found for s, p in zip(r[k], r[k.replace("site", "plain")], strict=True))
                      for k in ("site", "site_cpu")}
            print(f"| {key} | {view} | {best['site']:.2f} | {best['plain']:.2f} | {best['site'] / best['plain']:.2f} "
                  f"| {best['site_cpu']:.2f} | {best['plain_cpu']:.2f} | {best['site_cpu'] / best['plain_cpu']:.2f} "
                  f"| {paired['site']:.2f}, {paired['site_cpu']:.2f} |")
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


# what differs between two requests of the same page: the time its queries took
TIMINGS = re.compile(rb"Queries took [0-9.]+ms|\"query_ms\": [0-9.e-]+")


def same_bytes(body: bytes) -> bytes:
    """A body with the time its queries took (the footer, a .json's ``query_ms``) blanked."""
    return TIMINGS.sub(lambda m: m.group().split(b" ")[0] + b" ...", body)


def dump(db: Path, out: Path, pages: int) -> None:
    """The site's body of ``pages`` pages of each kind, each requested twice (a first view and a
    repeat, which must be the same but for the time its queries took), written to ``out``
    with that time blanked."""
    ds = Datasette(immutables=[str(db)], inspect_data=load_inspect(db), settings=settings(True))
    out.mkdir(parents=True, exist_ok=True)

    async def go():
        await ds.invoke_startup()
        for table, suffix in KINDS:
            for fact_id in fact_ids(db, table, pages):
                path = path_of(db, table, fact_id, suffix)
                first, again = await ds.client.get(path), await ds.client.get(path)
                if same_bytes(first.content) != same_bytes(again.content) or first.status_code != again.status_code:
                    raise SystemExit(f"{path}: a repeat differs from the first view")
                name = path.strip("/").split("/", 1)[1].replace("/", "__")
                (out / name).write_bytes(f"{first.status_code}\n".encode() + same_bytes(first.content))
                (out / (name + ".headers")).write_text(
                    "".join(f"{k}: {v}\n" for k, v in sorted(first.headers.items()) if k.lower() not in ("date", "content-length")))

    asyncio.run(go())
    print(f"{len(list(out.iterdir())) // 2} pages written to {out}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("facts.db"))
    parser.add_argument("--pages", type=int, default=30, help="distinct pages of each kind a run")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dump", type=Path, help="write the site's pages here instead of measuring")
    args = parser.parse_args()
    if args.dump:
        dump(args.db, args.dump, args.pages)
        return
    report(args.db, bench(args.db, args.pages, args.runs), args.pages, args.runs)


if __name__ == "__main__":
    main()
